package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The learned half of routine deviation, on virtual time, against a brute-force reference. */
class RoutineProfileTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneRules ZONE = SHANGHAI.getRules();
    private static final LocalDate START = LocalDate.of(2026, 9, 7); // a Monday
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final RoutineProfile.Margin MARGIN = new RoutineProfile.Margin(HOUR, 0.25);

    private static long at(int day, int minuteOfDay) {
        return ZonedDateTime.of(START.plusDays(day), LocalTime.MIDNIGHT, SHANGHAI).toInstant().toEpochMilli()
                + minuteOfDay * MINUTE;
    }

    /** Learns the activities in order, the first one starting the watch. */
    private static RoutineProfile learned(List<Long> activities, int learnDays) {
        RoutineProfile p = new RoutineProfile(learnDays);
        for (int i = 1; i < activities.size(); i++) {
            p.learn(activities.get(i - 1), activities.get(i), ZONE);
        }
        return p;
    }

    /** Out at 07:30, back at 18:00, every day. */
    private static List<Long> commuter(int days) {
        List<Long> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            out.add(at(d, 7 * 60 + 30 + (d % 3) * 5));
            out.add(at(d, 18 * 60 + (d % 4) * 10));
        }
        return out;
    }

    @Test
    void aFallAfterTheEveningReturnIsNoticedNextMorningNotADayLater() {
        List<Long> days = commuter(22);
        RoutineProfile p = learned(days, 28);
        long back = days.get(days.size() - 1); // she comes home on day 21 and is not heard again

        long due = p.firstUnusual(back, back, 24 * HOUR, 14, MARGIN, ZONE);

        // Usually out by 07:40; the 08:00-08:30 bin has only seen silences of up to ~1 h.
        assertThat(due).isBetween(at(22, 7 * 60 + 30), at(22, 9 * 60));
        assertThat(back + 24 * HOUR - due).isGreaterThan(8 * HOUR);
    }

    @Test
    void beforeMinDaysOfHistoryNothingIsUnusual() {
        List<Long> days = commuter(10);
        RoutineProfile p = learned(days, 28);
        long last = days.get(days.size() - 1);
        assertThat(p.daysObserved(last, ZONE)).isEqualTo(10);
        assertThat(p.firstUnusual(last, last, 24 * HOUR, 14, MARGIN, ZONE)).isEqualTo(Long.MAX_VALUE);
        assertThat(p.firstUnusual(last, last, 24 * HOUR, 10, MARGIN, ZONE)).isLessThan(Long.MAX_VALUE);
    }

    @Test
    void aLongSilenceIsForgottenOnceItsBucketsLeaveTheWindow() {
        List<Long> acts = new ArrayList<>(commuter(14));
        acts.add(at(15, 10 * 60)); // at a daughter's from day 13, 18:00 to day 15, 10:00: 40 h
        acts.addAll(commuter(60).subList(32, 120)); // days 16..59 as usual
        RoutineProfile p = learned(acts.subList(0, 29), 28);
        int noon = 24; // the 12:00-12:30 bin
        assertThat(p.longest(noon, at(15, 12 * 60), ZONE)).isGreaterThan(18 * HOUR); // day 14 at noon
        RoutineProfile later = learned(acts, 28);
        assertThat(later.longest(noon, at(59, 12 * 60), ZONE)).isBetween(4 * HOUR, 6 * HOUR);
        assertThat(later.daysObserved(at(59, 12 * 60), ZONE)).isBetween(21, 28);
    }

    @Test
    void theStoredMaximumIsNeverShorterThanTheRealOne() {
        RoutineProfile p = new RoutineProfile(28);
        p.learn(at(0, 8 * 60), at(0, 9 * 60 + 1), ZONE); // 61 min, ends in the 09:00 bin
        long then = at(0, 9 * 60 + 1);
        assertThat(p.longest(18, then, ZONE)).isEqualTo(66 * MINUTE); // 61 min, rounded up to 6-min steps
        assertThat(p.longest(17, then, ZONE)).isEqualTo(60 * MINUTE); // at 09:00, the bin's end
        assertThat(p.longest(16, then, ZONE)).isEqualTo(30 * MINUTE);
        assertThat(p.longest(15, then, ZONE)).isZero();
    }

    @Test
    void serializedProfilesReadBackEqualAndRefuseAnotherShape() {
        RoutineProfile p = learned(commuter(30), 28);
        byte[] bytes = p.toBytes();
        assertThat(bytes).hasSize(1 + 4 + 8 + 4 * 8 + 4 + 4 * 48);
        RoutineProfile back = RoutineProfile.fromBytes(bytes, 28);
        assertThat(back).isNotNull();
        assertThat(back.toBytes()).isEqualTo(bytes);
        assertThat(RoutineProfile.fromBytes(bytes, 56)).isNull();
        assertThat(RoutineProfile.fromBytes(new byte[] {1, 2, 3}, 28)).isNull();
        assertThat(RoutineProfile.fromBytes(null, 28)).isNull();
    }

    // ---------------------------------------------------------------- properties

    /** A week of days, each day's activity times (minutes of the local day) sorted, at least one a day. */
    @Provide
    Arbitrary<List<List<Integer>>> week() {
        return weeks();
    }

    static Arbitrary<List<List<Integer>>> weeks() {
        return Arbitraries.integers().between(0, 24 * 60 - 1).list().ofMinSize(1).ofMaxSize(6)
                .map(l -> l.stream().distinct().sorted().toList()).list().ofSize(7);
    }

    /**
     * A household that keeps its weekly rhythm never gets a notice: after learning the same week
     * at least three times, no silence of a further week reaches its alert line.
     */
    @Property(tries = 300)
    void aHouseholdThatKeepsItsRhythmIsNeverUnusual(@ForAll("week") List<List<Integer>> week,
                                                     @ForAll @IntRange(min = 3, max = 5) int weeksLearned) {
        List<Long> acts = weeks(week, weeksLearned + 2);
        RoutineProfile p = new RoutineProfile(28);
        long learnUntil = at(7 * weeksLearned, 0);
        int i = 1;
        for (; i < acts.size() && acts.get(i) < learnUntil; i++) {
            p.learn(acts.get(i - 1), acts.get(i), ZONE);
        }
        for (; i < acts.size(); i++) {
            long since = acts.get(i - 1);
            long next = acts.get(i);
            long due = p.firstUnusual(since, since, 26 * HOUR, 14, MARGIN, ZONE);
            assertThat(due).as("silence from %d to %d", since, next).isGreaterThanOrEqualTo(next);
            p.learn(since, next, ZONE);
        }
    }

    /**
     * The alert line against a brute-force reference: a silence is unusual exactly from the first
     * instant at which it is longer than the margin over the longest silence the reference finds
     * at that time of day (and up to {@code laterBins} half hours earlier in the day) in the
     * window's days, rounded up to the profile's 6-minute steps. (The
     * margin here has no fraction, so every line falls on a whole minute and a minute-by-minute
     * walk finds the exact instant.)
     */
    @Property(tries = 150)
    void theFirstUnusualInstantMatchesABruteForceReference(
            @ForAll("history") List<Long> acts, @ForAll @IntRange(min = 0, max = 24 * 60 - 1) int startMinute,
            @ForAll @IntRange(min = 0, max = 4) int laterBins) {
        RoutineProfile.Margin margin = new RoutineProfile.Margin(HOUR, 0, laterBins);
        RoutineProfile p = learned(acts, 28);
        long since = acts.get(acts.size() - 1) + startMinute * MINUTE;
        long due = p.firstUnusual(since, since, 24 * HOUR, 1, margin, ZONE);
        long expected = Long.MAX_VALUE;
        int[] refMax = null;
        long refPeriod = Long.MIN_VALUE;
        for (long t = since; t < since + 24 * HOUR; t += MINUTE) {
            // the window is the one of the instant judged: a silence that crosses into a new week
            // is judged against the weeks the profile keeps from then on (the oldest one dropped)
            long period = Math.floorDiv(localDay(t), 7);
            if (period != refPeriod) {
                refPeriod = period;
                refMax = reference(acts, t);
            }
            int steps = 0; // over the bin and the laterBins before it: a day that much later is still usual
            for (int k = 0; k <= laterBins; k++) {
                steps = Math.max(steps, refMax[Math.floorMod(bin(t) - k, RoutineProfile.BINS)]);
            }
            if (steps >= RoutineProfile.SATURATED) {
                continue;
            }
            long line = margin.line(steps * RoutineProfile.UNIT_MILLIS);
            if (t - since > line) {
                expected = t; // the bin began past the line
                break;
            }
            if (t - since == line) {
                expected = t + 1; // one millisecond past the line
                break;
            }
        }
        assertThat(due).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<Long>> history() {
        Arbitrary<Integer> days = Arbitraries.integers().between(1, 40);
        return Combinators.combine(days, Arbitraries.integers().between(10, 36 * 60).list().ofMinSize(1).ofMaxSize(200))
                .as((d, gaps) -> {
                    List<Long> acts = new ArrayList<>();
                    long t = at(0, 6 * 60);
                    acts.add(t);
                    for (int g : gaps) {
                        t += g * MINUTE;
                        acts.add(t);
                    }
                    return acts;
                });
    }

    /** Per bin, the longest silence in steps, over the window's days of {@code when}, by minutes. */
    private static int[] reference(List<Long> acts, long when) {
        long span = 7;
        long period = Math.floorDiv(localDay(when), span);
        int[] max = new int[RoutineProfile.BINS];
        for (int i = 1; i < acts.size(); i++) {
            long from = acts.get(i - 1);
            for (long t = from + MINUTE; t <= acts.get(i); t += MINUTE) {
                long p = Math.floorDiv(localDay(t - 1), span);
                if (p <= period && p > period - RoutineProfile.BUCKETS) {
                    int b = bin(t - 1);
                    int units = (int) Math.min(RoutineProfile.SATURATED,
                            (t - from + RoutineProfile.UNIT_MILLIS - 1) / RoutineProfile.UNIT_MILLIS);
                    max[b] = Math.max(max[b], units);
                }
            }
        }
        return max;
    }

    private static long localDay(long t) {
        return Math.floorDiv(RoutineProfile.local(t, ZONE), RoutineProfile.DAY_MILLIS);
    }

    private static int bin(long t) {
        return (int) (Math.floorMod(RoutineProfile.local(t, ZONE), RoutineProfile.DAY_MILLIS) / RoutineProfile.BIN_MILLIS);
    }

    private static List<Long> weeks(List<List<Integer>> week, int count) {
        List<Long> out = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            for (int d = 0; d < 7; d++) {
                for (int m : week.get(d)) {
                    out.add(at(7 * w + d, m));
                }
            }
        }
        return out;
    }
}
