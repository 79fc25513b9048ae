package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Routine;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;

/**
 * routine-deviation through the whole engine, on virtual time, against plain references:
 * <ul>
 *   <li>a household that keeps its weekly rhythm (even shifted up to the margins later) never
 *       gets a NOTICE;</li>
 *   <li>on random histories and random settings, every silence gets its NOTICE exactly at the
 *       first instant it is longer than the line over what a minute-by-minute reference learned
 *       from the earlier silences (the longest at that time of day in the window, plus the
 *       margins), and never before {@code minDays} observed days: so any silence longer than the
 *       learned maximum plus margin gets one, and only such a silence;</li>
 *   <li>a gateway restarted from the persisted states at any points raises exactly the alerts
 *       of an uninterrupted run.</li>
 * </ul>
 */
class RoutineDeviationPropertyTest {

    static final ZoneId ZONE = Scenario.ZONE;
    static final Instant START = Scenario.DAY0; // a Sunday, 00:00 local
    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final String RULE = RuleNames.ROUTINE_DEVIATION;

    // ------------------------------------------------------------------ keeping the rhythm

    @Provide
    Arbitrary<List<List<Integer>>> week() {
        return RoutineProfileTest.weeks();
    }

    /**
     * The same week, over and over, from the start of watch: no NOTICE ever (before minDays there
     * is none by rule; after it every silence has its twin a week earlier in the window). From
     * the fourth week every activity is {@code shift} minutes later, up to the smaller of the
     * margins ({@code later} 90m, {@code margin.min} 1h): still usual. The escalation is set to
     * 72 hours so that every silence of a rhythm is learned.
     */
    @Property(tries = 200)
    void aHouseholdThatKeepsItsRhythmIsNeverNoticed(@ForAll("week") List<List<Integer>> week,
                                                    @ForAll @IntRange(min = 0, max = 60) int shift) {
        Scenario s = new Scenario(RoutineSite.config(new Inactivity(Duration.ofHours(72), null, null), RoutineSite.ROUTINE), START);
        for (int w = 0; w < 8; w++) {
            for (int d = 0; d < 7; d++) {
                for (int m : week.get(d)) {
                    s.door(START.plus(Duration.ofDays(7L * w + d)).plus(Duration.ofMinutes(m + (w >= 3 ? shift : 0))));
                }
            }
        }
        assertThat(s.alerts).filteredOn(a -> a.rule().equals(RULE)).isEmpty();
    }

    // ------------------------------------------------------------------ the line, exactly

    @Provide
    Arbitrary<Routine> settings() {
        Arbitrary<Integer> learnDays = Arbitraries.of(4, 8, 14, 28);
        return Combinators.combine(learnDays, Arbitraries.integers().between(1, 21), Arbitraries.of(0, 30, 60),
                        Arbitraries.of(0.0, 0.25, 0.5), Arbitraries.of(0, 30, 45, 90))
                .as((ld, md, min, f, later) -> new Routine(ld, 1 + (md - 1) % Routine.maxMinDays(ld),
                        Duration.ofMinutes(min), f, Duration.ofMinutes(later)));
    }

    /** Activity instants: gaps of whole minutes, mostly under 10 hours, some up to 30. */
    @Provide
    Arbitrary<List<Long>> history() {
        Arbitrary<Integer> gap = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(10, 600)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(600, 1000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1000, 1800)));
        return gap.list().ofMinSize(1).ofMaxSize(160).map(gaps -> {
            List<Long> acts = new ArrayList<>();
            long t = START.toEpochMilli();
            for (int g : gaps) {
                t += g * MINUTE;
                acts.add(t);
            }
            return acts;
        });
    }

    @Property(tries = 150)
    void everySilenceIsNoticedExactlyWhenItPassesTheLearnedLine(@ForAll("settings") Routine routine,
                                                               @ForAll("history") List<Long> acts) {
        Scenario s = new Scenario(RoutineSite.config(routine), START);
        for (long t : acts) {
            s.door(Instant.ofEpochMilli(t));
        }
        long end = acts.get(acts.size() - 1) + 30 * HOUR;
        s.advance(Instant.ofEpochMilli(end));

        List<String> expected = new ArrayList<>();
        Reference ref = new Reference(routine);
        long from = START.toEpochMilli();
        for (int i = 0; i <= acts.size(); i++) {
            long to = i < acts.size() ? acts.get(i) : end;
            long due = ref.firstUnusual(from, Math.min(to, from + 24 * HOUR));
            if (due != Long.MAX_VALUE) {
                expected.add("NOTICE " + due + " L=" + from);
                if (i < acts.size()) {
                    expected.add("RESOLVED " + to + " L=" + from);
                }
            }
            if (i < acts.size()) {
                if (to - from <= 24 * HOUR) { // longer ones raised the WARNING: not learned
                    ref.learn(from, to);
                }
                from = to;
            }
        }
        Statistics.label("silences noticed").collect(expected.stream().filter(l -> l.startsWith("NOTICE")).count() > 0 ? "some" : "none");
        Statistics.label("silences noticed").coverage(c -> c.check("some").percentage(p -> p > 25));
        List<String> actual = s.alerts.stream().filter(a -> a.rule().equals(RULE) && "3-2-501".equals(a.household()))
                .map(a -> a.stage() + " " + a.ts().toEpochMilli() + " L="
                        + (a.stage() == Stage.NOTICE ? a.lastActivity().toEpochMilli() : resolvedSilenceStart(a, acts)))
                .toList();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    /** A RESOLVED's silence began at the activity before the one that ended it. */
    private static long resolvedSilenceStart(Alert a, List<Long> acts) {
        int i = acts.indexOf(a.lastActivity().toEpochMilli());
        return i == 0 ? START.toEpochMilli() : acts.get(i - 1);
    }

    /**
     * What the profile is meant to know, by brute force: for each local day and half-hour bin the
     * longest silence (in 6-minute steps, rounded up) seen at a minute inside it, the days the
     * learned silences touched, and the alert line walked bin by bin in local time.
     */
    static final class Reference {
        final Routine routine;
        final int span;
        final Map<Long, int[]> steps = new HashMap<>();
        final Set<Long> observed = new HashSet<>();

        Reference(Routine routine) {
            this.routine = routine;
            this.span = (routine.learnDays() + 3) / 4;
        }

        static ZonedDateTime local(long t) {
            return Instant.ofEpochMilli(t).atZone(ZONE);
        }

        static long day(long t) {
            return local(t).toLocalDate().toEpochDay();
        }

        static int bin(long t) {
            ZonedDateTime z = local(t);
            return (z.getHour() * 60 + z.getMinute()) / 30;
        }

        void learn(long from, long to) {
            for (long d = day(from); d <= day(to - 1); d++) {
                observed.add(d);
            }
            for (long u = from + MINUTE; u <= to; u += MINUTE) {
                int units = (int) Math.min(255, (u - from + 6 * MINUTE - 1) / (6 * MINUTE));
                int[] day = steps.computeIfAbsent(day(u - 1), k -> new int[48]);
                day[bin(u - 1)] = Math.max(day[bin(u - 1)], units);
            }
        }

        boolean inWindow(long day, long period) {
            long p = Math.floorDiv(day, span);
            return p <= period && p > period - 4;
        }

        /** The first instant in [from, limit) at which the silence since {@code from} is past the line, or MAX_VALUE. */
        long firstUnusual(long from, long limit) {
            int back = (int) ((routine.later().toMinutes() + 29) / 30);
            long t = from;
            while (t < limit) {
                ZonedDateTime z = local(t);
                LocalDateTime binStart = z.toLocalDateTime().truncatedTo(ChronoUnit.HOURS)
                        .plusMinutes(z.getMinute() >= 30 ? 30 : 0);
                long binEnd = binStart.plusMinutes(30).atZone(ZONE).toInstant().toEpochMilli();
                long period = Math.floorDiv(z.toLocalDate().toEpochDay(), span);
                long days = observed.stream().filter(d -> inWindow(d, period)).count();
                if (days >= routine.minDays()) {
                    int longest = 0;
                    for (int k = 0; k <= back; k++) {
                        int b = Math.floorMod(bin(t) - k, 48);
                        for (Map.Entry<Long, int[]> e : steps.entrySet()) {
                            if (inWindow(e.getKey(), period)) {
                                longest = Math.max(longest, e.getValue()[b]);
                            }
                        }
                    }
                    if (longest < 255) {
                        long max = longest * 6 * MINUTE;
                        long line = max + Math.max(routine.marginMin().toMillis(), (long) (max * routine.marginFraction()));
                        long due = Math.max(t, from + line + 1);
                        if (due < binEnd && due < limit) {
                            return due;
                        }
                    }
                }
                t = binEnd;
            }
            return Long.MAX_VALUE;
        }
    }

    // ------------------------------------------------------------------ restart

    /** A door opening, or a staff action, at a whole minute. */
    record Op(long at, EventType type, long until) {}

    @Provide
    Arbitrary<List<Op>> days() {
        Arbitrary<Integer> gap = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(10, 700)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(700, 2000)));
        Arbitrary<EventType> type = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.just(EventType.DOOR_OPENED)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(EventType.CONFIRMED_WELL)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(EventType.AWAY)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(EventType.AWAY_CLEARED)));
        return Combinators.combine(gap, type, Arbitraries.integers().between(-1, 72)).as((g, ty, until) -> new long[] {g, ty.ordinal(), until})
                .list().ofMinSize(1).ofMaxSize(150).map(raw -> {
                    List<Op> ops = new ArrayList<>();
                    long t = START.toEpochMilli();
                    for (long[] r : raw) {
                        t += r[0] * MINUTE;
                        EventType ty = EventType.values()[(int) r[1]];
                        ops.add(new Op(t, ty, r[2] < 0 ? Long.MIN_VALUE : t + r[2] * HOUR));
                    }
                    return ops;
                });
    }

    static DoorEvent event(Op op) {
        Instant at = Instant.ofEpochMilli(op.at);
        return switch (op.type) {
            case DOOR_OPENED -> RoutineSite.door(at);
            case AWAY -> DoorEvent.staff(at, EventType.AWAY, "3-2-501", "staff-7",
                    op.until == Long.MIN_VALUE ? null : Instant.ofEpochMilli(op.until));
            default -> DoorEvent.staff(at, op.type, "3-2-501", "staff-7", null);
        };
    }

    @Property(tries = 120)
    void aRestartFromThePersistedStateRaisesWhatAnUninterruptedRunRaises(
            @ForAll("days") List<Op> ops, @ForAll("cuts") Set<Integer> cuts) {
        EngineConfig config = RoutineSite.config(new Routine(8, 3, Duration.ofMinutes(30), 0.25, Duration.ofMinutes(30)));
        WatchEngine straight = new WatchEngine(config);
        straight.start(START);
        WatchEngine restarted = new WatchEngine(config);
        restarted.start(START);
        List<Alert> a = new ArrayList<>();
        List<Alert> b = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            DoorEvent e = event(ops.get(i));
            a.addAll(straight.apply(e, e.ts()));
            straight.commit();
            b.addAll(restarted.apply(e, e.ts()));
            restarted.commit();
            if (cuts.contains(i)) {
                restarted = restart(config, restarted);
            }
        }
        Instant end = Instant.ofEpochMilli(ops.get(ops.size() - 1).at).plus(Duration.ofDays(4));
        a.addAll(straight.advance(end));
        b.addAll(restarted.advance(end));

        assertThat(b).containsExactlyElementsOf(a);
        assertThat(restarted.state("3-2-501")).isEqualTo(straight.state("3-2-501"));
    }

    @Provide
    Arbitrary<Set<Integer>> cuts() {
        return Arbitraries.integers().between(0, 150).set().ofMaxSize(12);
    }

    /** A new engine from what the gateway persists, started at the old one's clock. */
    static WatchEngine restart(EngineConfig config, WatchEngine old) {
        WatchEngine fresh = new WatchEngine(config);
        for (String h : List.of("3-2-501", "1-1-101")) {
            fresh.restore(old.state(h));
        }
        for (String d : List.of(RoutineSite.DOOR, "door-1-1-101")) {
            fresh.restore(old.deviceState(d));
        }
        fresh.start(old.clock());
        return fresh;
    }
}
