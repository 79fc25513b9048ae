package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Stage;

/**
 * Random operation sequences against a plain reference model of SPEC section 6, checking every
 * alert and every household's state after every step.
 *
 * <p>The model is deliberately naive: a list of households, a linear scan for the earliest
 * deadline, the SPEC's sentences as if-statements. The engine must agree with it on same-instant
 * events, stale and late timestamps, away periods (open, ended, replaced, already past),
 * several households and policies, and rolled-back batches.
 */
class EngineModelPropertyTest {

    static final Instant START = Instant.parse("2026-11-21T16:00:00Z");
    static final long HOUR = 3_600_000L;

    // ------------------------------------------------------------------ the property

    @Property(tries = 400, shrinking = ShrinkingMode.FULL)
    void engineAgreesWithTheReferenceModel(@ForAll("worlds") World world) {
        EngineConfig config = world.config();
        WatchEngine engine = new WatchEngine(config);
        Model model = new Model(world);
        engine.start(START);
        engine.commit();
        model.start(START.toEpochMilli());

        List<String> engineAlerts = new ArrayList<>();
        for (Op op : world.ops) {
            switch (op.kind) {
                case EVENT -> {
                    engine.apply(op.event, op.event.ts()).forEach(a -> engineAlerts.add(render(a)));
                    engine.commit();
                    model.apply(op.event);
                }
                case ROLLED_BACK_EVENT -> {
                    engine.apply(op.event, op.event.ts());
                    engine.rollback();
                    model.rollBackTo(op.event.ts().toEpochMilli());
                }
                case ADVANCE -> {
                    engine.advance(op.at).forEach(a -> engineAlerts.add(render(a)));
                    engine.commit();
                    model.advance(op.at.toEpochMilli());
                }
            }
            assertSameState(engine, model, op);
            assertThat(engineAlerts).as("alerts after %s", op).isEqualTo(model.alerts);
        }
        engine.drain().forEach(a -> engineAlerts.add(render(a)));
        model.drain();
        assertThat(engineAlerts).as("alerts after drain").isEqualTo(model.alerts);
        assertSameState(engine, model, null);
    }

    @Property(tries = 100)
    void alertIdsAreUniqueAndTheSameInEveryRun(@ForAll("worlds") World world) {
        List<Alert> first = runIds(world);
        List<Alert> second = runIds(world);

        Set<String> ids = new HashSet<>();
        for (Alert a : first) {
            assertThat(ids.add(a.id())).as("unique id of %s", a).isTrue();
        }
        assertThat(second).isEqualTo(first);
    }

    private static List<Alert> runIds(World world) {
        WatchEngine engine = new WatchEngine(world.config());
        engine.start(START);
        List<Alert> all = new ArrayList<>();
        for (Op op : world.ops) {
            if (op.kind == Kind.EVENT) {
                all.addAll(engine.apply(op.event, op.event.ts()));
            } else if (op.kind == Kind.ADVANCE) {
                all.addAll(engine.advance(op.at));
            }
            engine.commit();
        }
        all.addAll(engine.drain());
        return all;
    }

    private static void assertSameState(WatchEngine engine, Model model, Op after) {
        for (ModelHousehold h : model.households.values()) {
            HouseholdState s = engine.state(h.id);
            String where = h.id + " after " + after;
            assertThat(s.lastActivity().toEpochMilli()).as("L of %s", where).isEqualTo(h.last);
            assertThat(s.stagesRaised()).as("stages raised of %s", where).isEqualTo(h.raised);
            assertThat(s.away()).as("away of %s", where).isEqualTo(h.away);
            Long due = h.due();
            Instant engineDue = engine.nextDeadline(h.id);
            assertThat(engineDue == null ? null : engineDue.toEpochMilli()).as("deadline of %s", where).isEqualTo(due);
        }
        assertThat(engine.clock().toEpochMilli()).as("clock after %s", after).isEqualTo(model.clock);
    }

    static String render(Alert a) {
        return a.ts().toEpochMilli() + " " + a.household() + " " + a.stage() + " " + a.channels()
                + " L=" + a.lastActivity().toEpochMilli();
    }

    // ------------------------------------------------------------------ the reference model

    /** SPEC section 6, read literally. */
    static final class Model {
        final Map<String, ModelHousehold> households = new LinkedHashMap<>();
        final List<String> alerts = new ArrayList<>();
        long clock;

        Model(World world) {
            for (int i = 0; i < world.households; i++) {
                long[] t = world.thresholds.get(i);
                households.put("h" + i, new ModelHousehold("h" + i, t));
            }
        }

        void start(long at) {
            clock = at;
            households.values().forEach(h -> h.last = at); // under watch from the start
        }

        /** 6.4: applied at max(clock, ts), after the deadlines strictly before that. */
        void apply(DoorEvent e) {
            long at = Math.max(clock, e.ts().toEpochMilli());
            fireDue(at, false);
            clock = at;
            ModelHousehold h = households.get(e.household() != null ? e.household() : householdOfDevice(e.device()));
            if (h == null) {
                return;
            }
            long ts = e.ts().toEpochMilli();
            switch (e.type()) {
                case DOOR_OPENED, ACCESS_GRANTED, CONFIRMED_WELL -> {
                    if (ts <= h.last) {
                        return; // 6.4: stale or repeated
                    }
                    if (h.raised > 0) {
                        resolve(h, ts); // 6.3
                    }
                    h.last = ts; // 6.1; new episode
                }
                case AWAY -> {
                    if (h.raised > 0) {
                        resolve(h, h.last); // 6.5
                    }
                    h.away = true;
                    h.awayUntil = e.until() == null ? null : e.until().toEpochMilli();
                }
                case AWAY_CLEARED -> {
                    if (h.away) {
                        endAway(h, clock);
                    }
                }
                default -> { }
            }
        }

        void rollBackTo(long at) {
            clock = Math.max(clock, at); // a rolled-back batch still moved the clock
        }

        /** The clock only moves forward: advancing to the past means advancing to now. */
        void advance(long at) {
            at = Math.max(clock, at);
            fireDue(at, true);
            clock = at;
        }

        void drain() {
            fireDue(Long.MAX_VALUE, true);
        }

        private void fireDue(long limit, boolean inclusive) {
            while (true) {
                ModelHousehold next = null;
                for (ModelHousehold h : households.values()) {
                    Long due = h.due();
                    if (due != null && (next == null || due < next.due())) {
                        next = h;
                    }
                }
                if (next == null || next.due() > limit || (!inclusive && next.due() == limit)) {
                    return;
                }
                long due = next.due();
                clock = Math.max(clock, due);
                if (next.away) {
                    endAway(next, due);
                } else {
                    Stage stage = STAGES[next.raised];
                    alerts.add(clock + " " + next.id + " " + stage + " " + CHANNELS.get(stage) + " L=" + next.last);
                    next.raised++;
                }
            }
        }

        private void endAway(ModelHousehold h, long end) {
            h.away = false;
            h.awayUntil = null;
            h.last = Math.max(h.last, end);
            h.raised = 0;
        }

        private void resolve(ModelHousehold h, long lastActivity) {
            alerts.add(clock + " " + h.id + " RESOLVED " + CHANNELS.get(STAGES[h.raised - 1]) + " L=" + lastActivity);
            h.raised = 0;
        }

        private static String householdOfDevice(String device) {
            return device == null ? null : device.substring("door-".length());
        }

        static final Stage[] STAGES = {Stage.WARNING, Stage.CALL_BACK, Stage.VISIT};
        /** Default routes; with nested defaults, RESOLVED goes to the last stage's channels. */
        static final Map<Stage, List<String>> CHANNELS = Map.of(
                Stage.WARNING, List.of("property"),
                Stage.CALL_BACK, List.of("property", "community"),
                Stage.VISIT, List.of("property", "community", "police"));
    }

    static final class ModelHousehold {
        final String id;
        final long[] thresholds;
        long last;
        int raised;
        boolean away;
        Long awayUntil;

        ModelHousehold(String id, long[] thresholds) {
            this.id = id;
            this.thresholds = thresholds;
        }

        /** The next deadline: the away end while away, else the next unraised stage. */
        Long due() {
            if (away) {
                return awayUntil;
            }
            return raised < thresholds.length ? last + thresholds[raised] : null;
        }
    }

    // ------------------------------------------------------------------ generated worlds

    enum Kind { EVENT, ROLLED_BACK_EVENT, ADVANCE }

    record Op(Kind kind, DoorEvent event, Instant at) {
        @Override
        public String toString() {
            return kind == Kind.ADVANCE ? "advance(+" + hours(at) + "h)"
                    : kind + "(" + event.type() + " " + (event.household() != null ? event.household() : event.device())
                      + " +" + hours(event.ts()) + "h" + (event.until() != null ? " until +" + hours(event.until()) + "h" : "") + ")";
        }

        private static String hours(Instant t) {
            return String.valueOf((t.toEpochMilli() - START.toEpochMilli()) / (double) HOUR);
        }
    }

    /** Households h0..hN-1 (each with door-hI), their thresholds, and the operations. */
    record World(int households, List<long[]> thresholds, List<Op> ops) {
        EngineConfig config() {
            List<Policy> policies = new ArrayList<>();
            List<Household> hs = new ArrayList<>();
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < households; i++) {
                long[] t = thresholds.get(i);
                policies.add(new Policy("p" + i, new Inactivity(
                        Duration.ofMillis(t[0]), Duration.ofMillis(t[1]), Duration.ofMillis(t[2]))));
                hs.add(new Household("h" + i, "地址" + i, "p" + i, List.of()));
                devices.add(new Device("door-h" + i, "door-contact", "h" + i));
            }
            return EngineConfig.of("model", ZoneId.of("Asia/Shanghai"), policies, hs, devices);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("World[");
            for (int i = 0; i < households; i++) {
                long[] t = thresholds.get(i);
                sb.append("h").append(i).append("=").append(t[0] / HOUR).append("/").append(t[1] / HOUR)
                        .append("/").append(t[2] / HOUR).append("h ");
            }
            return sb.append(ops).append("]").toString();
        }
    }

    @Provide
    Arbitrary<World> worlds() {
        return Arbitraries.integers().between(1, 4).flatMap(n ->
                Combinators.combine(thresholds().list().ofSize(n), ops(n)).as((t, ops) -> new World(n, t, ops)));
    }

    /** Increasing thresholds in whole hours, so that events often land exactly on deadlines. */
    private Arbitrary<long[]> thresholds() {
        Arbitrary<Integer> step = Arbitraries.integers().between(1, 30);
        return Combinators.combine(step, step, step).as((a, b, c) -> new long[] {a * HOUR, (a + b) * HOUR, (a + b + c) * HOUR});
    }

    private Arbitrary<List<Op>> ops(int households) {
        // A walk in whole hours from START, mostly forward, sometimes staying put (same instant)
        // or stepping back (stale and late reports).
        Arbitrary<Integer> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(1, 12)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(13, 60)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(-30, -1)));
        Arbitrary<Integer> who = Arbitraries.integers().between(0, households - 1);
        Arbitrary<Integer> what = Arbitraries.integers().between(0, 99);
        Arbitrary<Integer> awayFor = Arbitraries.integers().between(-10, 80);
        Arbitrary<int[]> raw = Combinators.combine(step, who, what, awayFor).as((s, w, k, a) -> new int[] {s, w, k, a});
        return raw.list().ofMinSize(1).ofMaxSize(40).map(list -> {
            List<Op> ops = new ArrayList<>();
            long hour = 0;
            for (int[] r : list) {
                hour = Math.max(0, hour + r[0]);
                Instant ts = START.plusMillis(hour * HOUR);
                String h = "h" + r[1];
                int k = r[2];
                DoorEvent e;
                if (k < 30) {
                    e = DoorEvent.device(ts, "door-" + h, EventType.DOOR_OPENED);
                } else if (k < 40) {
                    e = new DoorEvent(ts, "gate", EventType.ACCESS_GRANTED, h, "card:1", null, null, null);
                } else if (k < 48) {
                    e = DoorEvent.staff(ts, EventType.CONFIRMED_WELL, h, "staff", null);
                } else if (k < 58) {
                    e = DoorEvent.staff(ts, EventType.AWAY, h, "staff",
                            r[3] > 70 ? null : ts.plusMillis(r[3] * HOUR));
                } else if (k < 64) {
                    e = DoorEvent.staff(ts, EventType.AWAY_CLEARED, h, "staff", null);
                } else if (k < 72) {
                    e = DoorEvent.device(ts, "door-" + h, k % 2 == 0 ? EventType.DOOR_CLOSED : EventType.HEARTBEAT);
                } else if (k < 80) {
                    ops.add(new Op(Kind.ROLLED_BACK_EVENT, DoorEvent.device(ts, "door-" + h, EventType.DOOR_OPENED), null));
                    continue;
                } else {
                    ops.add(new Op(Kind.ADVANCE, null, ts));
                    continue;
                }
                ops.add(new Op(Kind.EVENT, e, null));
            }
            return ops;
        });
    }
}
