package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Stage;
import org.doorwatch.domain.Tenancy;

/**
 * Random operation sequences against a plain reference model of SPEC sections 6 and 7, checking
 * every alert (with its evidence and sensorOffline mark) and every household's and device's
 * state after every step.
 *
 * <p>The model is deliberately naive: lists of households and devices, a linear scan for the
 * earliest deadline, every denial and visit ever counted kept in a list and counted again, the
 * SPEC's sentences (and docs/rules.md's choices where the SPEC is silent) as if-statements. The
 * engine must agree with it on same-instant events, stale and late timestamps, away periods
 * (open, ended, replaced, already past), several households, policies and tags, shared and
 * unknown devices, tenancies, rule settings (some rules disabled) and rolled-back batches. All
 * rules run together in every sequence.
 */
class EngineModelPropertyTest {

    static final Instant START = Instant.parse("2026-11-21T16:00:00Z"); // 00:00 in the site's zone
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final long HOUR = 3_600_000L;
    static final List<String> CARDS = List.of("card:5A3C91", "card:77AB12", "card:99FF00");
    static final List<String> SECURITY_RULES = List.of(RuleNames.DOOR_FORCED, RuleNames.DOOR_HELD_OPEN, RuleNames.TAMPER,
            RuleNames.ACCESS_DENIED_BURST, RuleNames.DEVICE_OFFLINE, RuleNames.VISITOR_FREQUENCY,
            RuleNames.TENANT_EXPIRED, RuleNames.WATCH_WINDOW);

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

    /**
     * Ids name conditions: the same condition (the same event reported twice: a forced door, a
     * tamper, an expired card at one device in one millisecond) has one id, and two alerts with
     * one id say the same; a different condition has a different id. Runs repeat their ids.
     *
     * <p>Elderly-inactivity alerts are each raised once per episode, so within a run (no
     * rollbacks here) every one of them has an id of its own, including episodes that begin at
     * the same L because an away period ended at or before it.
     */
    @Property(tries = 100)
    void alertIdsNameConditionsAndAreTheSameInEveryRun(@ForAll("worlds") World world) {
        List<Alert> first = runIds(world);
        List<Alert> second = runIds(world);

        Map<String, String> contentById = new HashMap<>();
        Map<String, String> idByContent = new HashMap<>();
        Set<String> elderlyIds = new HashSet<>();
        for (Alert a : first) {
            if (a.rule().equals(RuleNames.ELDERLY_INACTIVITY)) {
                assertThat(elderlyIds.add(a.id())).as("a fresh id for %s", a).isTrue();
                continue;
            }
            String content = a.rule() + " " + a.stage() + " " + a.household() + " " + a.device() + " " + a.evidence();
            String seen = contentById.putIfAbsent(a.id(), content);
            assertThat(seen == null || seen.equals(content)).as("id %s of %s, also of %s", a.id(), content, seen).isTrue();
            String seenId = idByContent.putIfAbsent(content, a.id());
            assertThat(seenId == null || seenId.equals(a.id())).as("one id for %s", content).isTrue();
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
        for (ModelDevice d : model.devices.values()) {
            DeviceState s = engine.deviceState(d.id);
            String where = d.id + " after " + after;
            assertThat(s.lastHeard().toEpochMilli()).as("last heard of %s", where).isEqualTo(d.lastHeard);
            assertThat(s.offline()).as("offline of %s", where).isEqualTo(d.offline);
            assertThat(s.faulty()).as("faulty of %s", where).isEqualTo(d.faulty);
            assertThat(s.open()).as("open of %s", where).isEqualTo(d.open);
            Long due = model.deviceDue(d);
            Instant engineDue = engine.nextDeviceDeadline(d.id);
            assertThat(engineDue == null ? null : engineDue.toEpochMilli()).as("deadline of %s", where).isEqualTo(due);
        }
        assertThat(engine.clock().toEpochMilli()).as("clock after %s", after).isEqualTo(model.clock);
    }

    static String render(Alert a) {
        return render(a.ts().toEpochMilli(), a.rule(), a.household(), a.device(), a.stage(), a.channels(),
                a.lastActivity() == null ? null : a.lastActivity().toEpochMilli(), a.sensorOffline(), a.evidence());
    }

    static String render(long ts, String rule, String household, String device, Stage stage, List<String> channels,
                         Long lastActivity, boolean sensorOffline, Map<String, Object> evidence) {
        return ts + " " + rule + " " + household + " " + device + " " + stage + " " + channels
                + (lastActivity == null ? "" : " L=" + lastActivity) + (sensorOffline ? " sensorOffline" : "")
                + (evidence.isEmpty() ? "" : " " + evidence);
    }

    // ------------------------------------------------------------------ the reference model

    /** SPEC sections 6 and 7, read literally, with docs/rules.md's choices. */
    static final class Model {
        final World world;
        final RuleSettings rules;
        final Map<String, ModelHousehold> households = new LinkedHashMap<>();
        final Map<String, ModelDevice> devices = new LinkedHashMap<>();
        final List<String> alerts = new ArrayList<>();
        long clock;

        Model(World world) {
            this.world = world;
            this.rules = world.rules;
            for (int i = 0; i < world.households; i++) {
                String id = "h" + i;
                households.put(id, new ModelHousehold(id, world.thresholds.get(i), world.tags.get(i)));
                devices.put("door-" + id, new ModelDevice("door-" + id, id));
            }
            devices.put("gate-1", new ModelDevice("gate-1", null));
            devices.put("reader-1", new ModelDevice("reader-1", null));
        }

        boolean on(String rule) {
            return !rules.disabled().contains(rule);
        }

        void start(long at) {
            clock = at;
            households.values().forEach(h -> h.last = at); // under watch from the start
            devices.values().forEach(d -> d.lastHeard = at); // and so is every device
        }

        /** 6.4: applied at max(clock, ts), after the deadlines strictly before that. */
        void apply(DoorEvent e) {
            long at = Math.max(clock, e.ts().toEpochMilli());
            fireDue(at, false);
            clock = at;
            long ts = e.ts().toEpochMilli();
            if (e.type().isStaffAction()) {
                ModelHousehold h = households.get(e.household());
                switch (e.type()) {
                    case CONFIRMED_WELL -> activity(h, ts, e.type(), e.by());
                    case AWAY -> {
                        if (h.raised > 0) {
                            resolve(h, h.last, evidence("resolvedBy", "AWAY", e.until() == null ? null : "awayUntil",
                                    e.until())); // 6.5
                        }
                        h.away = true;
                        h.awayUntil = e.until() == null ? null : e.until().toEpochMilli();
                    }
                    default -> {
                        if (h.away) {
                            endAway(h, clock);
                        }
                    }
                }
                return;
            }
            ModelDevice d = e.device() == null ? null : devices.get(e.device());
            String hid = e.household() != null ? e.household() : d == null ? null : d.household;
            ModelHousehold h = hid == null ? null : households.get(hid);
            if (d != null) {
                heard(d, e.type());
            }
            switch (e.type()) {
                case DOOR_FORCED -> {
                    if (on(RuleNames.DOOR_FORCED)) {
                        alert(RuleNames.DOOR_FORCED, hid, e.device(), Stage.ALARM, List.of("property", "police"),
                                evidence("eventTime", e.ts()));
                    }
                }
                case TAMPER, DEVICE_FAULT -> {
                    if (on(RuleNames.TAMPER)) {
                        alert(RuleNames.TAMPER, hid, e.device(), Stage.ALARM, List.of("property"),
                                evidence("trigger", e.type().name(), "eventTime", e.ts()));
                    }
                }
                case DOOR_OPENED -> {
                    if (d != null && on(RuleNames.DOOR_HELD_OPEN) && !d.open && ts > d.openedAt) {
                        d.open = true;
                        d.openedAt = ts;
                        d.heldAlarmed = false;
                    }
                }
                case DOOR_CLOSED -> {
                    if (d != null && on(RuleNames.DOOR_HELD_OPEN) && d.open && ts >= d.openedAt) {
                        if (d.heldAlarmed) {
                            alert(RuleNames.DOOR_HELD_OPEN, d.household, d.id, Stage.RESOLVED, List.of("property"),
                                    evidence("openSince", Instant.ofEpochMilli(d.openedAt), "closedAt", e.ts()));
                        }
                        d.open = false;
                        d.heldAlarmed = false;
                    }
                }
                case DOOR_HELD_OPEN -> {
                    if (!on(RuleNames.DOOR_HELD_OPEN)) {
                        break;
                    }
                    if (d == null) {
                        heldOpenAlarm(hid, e.device(), ts, ts, EventType.DOOR_HELD_OPEN);
                    } else if (!d.heldAlarmed && (d.open || ts > d.openedAt)) {
                        if (!d.open) {
                            d.open = true;
                            d.openedAt = ts;
                        }
                        heldOpenAlarm(d.household, d.id, d.openedAt, ts, EventType.DOOR_HELD_OPEN);
                        d.heldAlarmed = true;
                    }
                }
                case ACCESS_DENIED -> {
                    if (d != null && on(RuleNames.ACCESS_DENIED_BURST)) {
                        Window w = d.denials;
                        if (w.count(ts, rules.deniedBurstCount(), rules.deniedBurstWindow().toMillis())) {
                            alert(RuleNames.ACCESS_DENIED_BURST, d.household, d.id, Stage.ALARM, List.of("property", "police"),
                                    evidence("count", rules.deniedBurstCount(), "window", rules.deniedBurstWindow(),
                                            "firstDenial", Instant.ofEpochMilli(w.hitFirst), "lastDenial", Instant.ofEpochMilli(w.hitLast)));
                        }
                    }
                }
                case ACCESS_GRANTED -> {
                    if (on(RuleNames.TENANT_EXPIRED)) {
                        tenantCheck(e, ts);
                    }
                }
                case VISITOR_CALL, VISITOR_ADMITTED -> {
                    if (h != null && on(RuleNames.VISITOR_FREQUENCY) && h.tags.contains("rental")) {
                        Window w = h.visits;
                        if (w.count(ts, rules.visitorCount(), rules.visitorWindow().toMillis())) {
                            alert(RuleNames.VISITOR_FREQUENCY, h.id, null, Stage.NOTICE, List.of("police"),
                                    evidence("count", rules.visitorCount(), "window", rules.visitorWindow(),
                                            "firstVisit", Instant.ofEpochMilli(w.hitFirst), "lastVisit", Instant.ofEpochMilli(w.hitLast)));
                        }
                    }
                }
                default -> { }
            }
            if (h != null && e.type().isActivity()) {
                activity(h, ts, e.type(), null);
                if (on(RuleNames.WATCH_WINDOW) && h.tags.contains("watch")) {
                    Long night = windowStart(ts);
                    if (night != null && (h.watchNoticed == null || night > h.watchNoticed)) {
                        h.watchNoticed = night;
                        alert(RuleNames.WATCH_WINDOW, h.id, e.device(), Stage.NOTICE, List.of("police"),
                                evidence("trigger", e.type().name(), "windowFrom", rules.watchFrom().toString(),
                                        "windowTo", rules.watchTo().toString(), "eventTime", e.ts()));
                    }
                }
            }
        }

        /** Any event but DEVICE_FAULT is a sign of life, at the instant it is applied. */
        private void heard(ModelDevice d, EventType type) {
            if (type == EventType.DEVICE_FAULT) {
                d.faulty = true;
                return;
            }
            long silentSince = d.lastHeard;
            d.lastHeard = Math.max(d.lastHeard, clock);
            d.faulty = false;
            if (d.offline) {
                alert(RuleNames.DEVICE_OFFLINE, d.household, d.id, Stage.RESOLVED, List.of("property"),
                        evidence("lastHeard", Instant.ofEpochMilli(silentSince), "heardAt", Instant.ofEpochMilli(clock),
                                "heardBy", type.name()));
                d.offline = false;
            }
        }

        private void heldOpenAlarm(String household, String device, long openSince, long reportedAt, EventType trigger) {
            Map<String, Object> ev = trigger == EventType.DOOR_OPENED
                    ? evidence("trigger", trigger.name(), "openSince", Instant.ofEpochMilli(openSince), "heldOpenAfter", rules.heldOpenAfter())
                    : evidence("trigger", trigger.name(), "openSince", Instant.ofEpochMilli(openSince), "reportedAt", Instant.ofEpochMilli(reportedAt));
            alert(RuleNames.DOOR_HELD_OPEN, household, device, Stage.ALARM, List.of("property"), ev);
        }

        private void tenantCheck(DoorEvent e, long ts) {
            List<Tenancy> mine = world.tenancies.stream().filter(t -> t.credential().equals(e.credential())).toList();
            if (mine.isEmpty() || mine.stream().anyMatch(t -> t.covers(Instant.ofEpochMilli(ts)))) {
                return;
            }
            Tenancy ended = null;
            for (Tenancy t : mine) {
                if (t.until() != null && t.until().toEpochMilli() <= ts
                        && (ended == null || t.until().isAfter(ended.until()))) {
                    ended = t;
                }
            }
            if (ended != null) {
                alert(RuleNames.TENANT_EXPIRED, ended.household(), e.device(), Stage.NOTICE, List.of("property", "police"),
                        evidence("credential", "card:••" + e.credential().substring(e.credential().length() - 4),
                                "tenancyEnded", ended.until(), "eventTime", e.ts()));
            }
        }

        /** The local start of the watch window holding {@code ts}, or null outside it. */
        private Long windowStart(long ts) {
            LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(ts), ZONE);
            LocalTime from = rules.watchFrom();
            LocalTime to = rules.watchTo();
            for (int back = 0; back <= 1; back++) {
                LocalDateTime start = local.toLocalDate().minusDays(back).atTime(from);
                LocalDateTime end = to.isAfter(from) ? start.toLocalDate().atTime(to) : start.toLocalDate().plusDays(1).atTime(to);
                if (!local.isBefore(start) && local.isBefore(end)) {
                    return start.atZone(ZONE).toInstant().toEpochMilli();
                }
            }
            return null;
        }

        private void activity(ModelHousehold h, long ts, EventType type, String by) {
            if (ts <= h.last) {
                return; // 6.4: stale or repeated
            }
            if (h.raised > 0) {
                resolve(h, ts, evidence("resolvedBy", type.name(), by == null ? null : "by", by)); // 6.3
            }
            h.last = ts; // 6.1; new episode
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

        Long heldDue(ModelDevice d) {
            return on(RuleNames.DOOR_HELD_OPEN) && d.open && !d.heldAlarmed ? d.openedAt + rules.heldOpenAfter().toMillis() : null;
        }

        Long offlineDue(ModelDevice d) {
            return on(RuleNames.DEVICE_OFFLINE) && !d.offline ? d.lastHeard + rules.offlineAfter().toMillis() : null;
        }

        Long deviceDue(ModelDevice d) {
            Long a = heldDue(d);
            Long b = offlineDue(d);
            if (a == null) {
                return b;
            }
            return b == null ? a : Long.valueOf(Math.min(a, b));
        }

        /**
         * Fires the earliest deadline first; at one instant devices (in config order, held-open
         * before offline) before households (in config order).
         */
        private void fireDue(long limit, boolean inclusive) {
            while (true) {
                long best = Long.MAX_VALUE;
                Runnable fire = null;
                for (ModelDevice d : devices.values()) {
                    Long held = heldDue(d);
                    if (held != null && held < best) {
                        best = held;
                        fire = () -> {
                            heldOpenAlarm(d.household, d.id, d.openedAt, clock, EventType.DOOR_OPENED);
                            d.heldAlarmed = true;
                        };
                    }
                    Long off = offlineDue(d);
                    if (off != null && off < best) {
                        best = off;
                        fire = () -> {
                            alert(RuleNames.DEVICE_OFFLINE, d.household, d.id, Stage.ALARM, List.of("property"),
                                    evidence("lastHeard", Instant.ofEpochMilli(d.lastHeard), "offlineAfter", rules.offlineAfter()));
                            d.offline = true;
                        };
                    }
                }
                for (ModelHousehold h : households.values()) {
                    Long due = h.due();
                    if (due != null && due < best) {
                        best = due;
                        fire = () -> fireHousehold(h);
                    }
                }
                if (fire == null || best > limit || (!inclusive && best == limit)) {
                    return;
                }
                clock = Math.max(clock, best);
                fire.run();
            }
        }

        private void fireHousehold(ModelHousehold next) {
            if (next.away) {
                endAway(next, next.awayUntil);
            } else {
                Stage stage = STAGES[next.raised];
                alerts.add(render(clock, RuleNames.ELDERLY_INACTIVITY, next.id, null, stage, CHANNELS.get(stage), next.last,
                        sensorOffline(next), Map.of()));
                next.raised++;
            }
        }

        private boolean sensorOffline(ModelHousehold h) {
            return devices.values().stream().anyMatch(d -> h.id.equals(d.household) && (d.offline || d.faulty));
        }

        private void endAway(ModelHousehold h, long end) {
            h.away = false;
            h.awayUntil = null;
            h.last = Math.max(h.last, end);
            h.raised = 0;
        }

        private void resolve(ModelHousehold h, long lastActivity, Map<String, Object> evidence) {
            alerts.add(render(clock, RuleNames.ELDERLY_INACTIVITY, h.id, null, Stage.RESOLVED, CHANNELS.get(STAGES[h.raised - 1]),
                    lastActivity, sensorOffline(h), evidence));
            h.raised = 0;
        }

        private void alert(String rule, String household, String device, Stage stage, List<String> channels,
                           Map<String, Object> evidence) {
            alerts.add(render(clock, rule, household, device, stage, channels, null, false, evidence));
        }

        /** Evidence from key/value pairs in order; a null key leaves the pair out. */
        private static Map<String, Object> evidence(Object... pairs) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i] != null) {
                    m.put((String) pairs[i], pairs[i + 1]);
                }
            }
            return m;
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
        final Set<String> tags;
        long last;
        int raised;
        boolean away;
        Long awayUntil;
        final Window visits = new Window();
        Long watchNoticed;

        ModelHousehold(String id, long[] thresholds, Set<String> tags) {
            this.id = id;
            this.thresholds = thresholds;
            this.tags = tags;
        }

        /** The next deadline: the away end while away, else the next unraised stage. */
        Long due() {
            if (away) {
                return awayUntil;
            }
            return raised < thresholds.length ? last + thresholds[raised] : null;
        }
    }

    static final class ModelDevice {
        final String id;
        final String household;
        long lastHeard;
        boolean offline;
        boolean faulty;
        boolean open;
        long openedAt = Long.MIN_VALUE;
        boolean heldAlarmed;
        final Window denials = new Window();

        ModelDevice(String id, String household) {
            this.id = id;
            this.household = household;
        }
    }

    /**
     * "At least count within window, once per window", naively: every counted time is kept and
     * counted again at each event. Times count in order (a late one at the newest time); a hit
     * consumes what was counted and is quiet until its first counted time + window.
     */
    static final class Window {
        final List<Long> times = new ArrayList<>();
        long quietUntil = Long.MIN_VALUE;
        long hitFirst;
        long hitLast;

        boolean count(long ts, int count, long window) {
            long t = times.isEmpty() ? ts : Math.max(ts, times.get(times.size() - 1));
            times.add(t);
            List<Long> inWindow = times.stream().filter(x -> t - x < window).toList();
            if (t < quietUntil || inWindow.size() < count) {
                return false;
            }
            hitFirst = inWindow.get(inWindow.size() - count); // the first of the last `count`
            hitLast = t;
            quietUntil = hitFirst + window;
            times.clear();
            return true;
        }
    }

    // ------------------------------------------------------------------ generated worlds

    enum Kind { EVENT, ROLLED_BACK_EVENT, ADVANCE }

    record Op(Kind kind, DoorEvent event, Instant at) {
        @Override
        public String toString() {
            if (kind == Kind.ADVANCE) {
                return "advance(+" + hours(at) + "h)";
            }
            StringBuilder sb = new StringBuilder(kind + "(" + event.type());
            if (event.device() != null) sb.append(" ").append(event.device());
            if (event.household() != null) sb.append(" ").append(event.household());
            if (event.credential() != null) sb.append(" ").append(event.credential());
            sb.append(" +").append(hours(event.ts())).append("h");
            if (event.until() != null) sb.append(" until +").append(hours(event.until())).append("h");
            return sb.append(")").toString();
        }

        private static String hours(Instant t) {
            return String.valueOf((t.toEpochMilli() - START.toEpochMilli()) / (double) HOUR);
        }
    }

    /**
     * Households h0..hN-1 (each with door-hI, some tagged rental or watch), the shared devices
     * gate-1 and reader-1, an unconfigured "gate" whose events name their household, tenancies
     * of three cards, rule settings in whole hours, and the operations.
     */
    record World(int households, List<long[]> thresholds, List<Set<String>> tags, RuleSettings rules,
                 List<Tenancy> tenancies, List<Op> ops) {
        EngineConfig config() {
            List<Policy> policies = new ArrayList<>();
            List<Household> hs = new ArrayList<>();
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < households; i++) {
                long[] t = thresholds.get(i);
                policies.add(new Policy("p" + i, new Inactivity(
                        Duration.ofMillis(t[0]), Duration.ofMillis(t[1]), Duration.ofMillis(t[2]))));
                hs.add(new Household("h" + i, "地址" + i, "p" + i, List.copyOf(tags.get(i))));
                devices.add(new Device("door-h" + i, "door-contact", "h" + i));
            }
            devices.add(new Device("gate-1", "gate", null));
            devices.add(new Device("reader-1", "card-reader", null));
            return EngineConfig.of("model", ZONE, policies, hs, devices).withRules(rules).withTenancies(tenancies);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("World[");
            for (int i = 0; i < households; i++) {
                long[] t = thresholds.get(i);
                sb.append("h").append(i).append("=").append(t[0] / HOUR).append("/").append(t[1] / HOUR)
                        .append("/").append(t[2] / HOUR).append("h").append(tags.get(i)).append(" ");
            }
            sb.append("off=").append(rules.disabled()).append(" heldOpen=").append(rules.heldOpenAfter().toHours())
                    .append("h offline=").append(rules.offlineAfter().toHours()).append("h denied=")
                    .append(rules.deniedBurstCount()).append("/").append(rules.deniedBurstWindow().toHours())
                    .append("h visitors=").append(rules.visitorCount()).append("/").append(rules.visitorWindow().toHours())
                    .append("h window=").append(rules.watchFrom()).append("-").append(rules.watchTo()).append(" ");
            for (Tenancy t : tenancies) {
                sb.append(t.credential()).append("@").append(t.household()).append("[")
                        .append(t.from() == null ? "" : Op.hours(t.from())).append(",")
                        .append(t.until() == null ? "" : Op.hours(t.until())).append(") ");
            }
            return sb.append(ops).append("]").toString();
        }
    }

    @Provide
    Arbitrary<World> worlds() {
        return Arbitraries.integers().between(1, 4).flatMap(n -> Combinators.combine(
                thresholds().list().ofSize(n), tags().list().ofSize(n), rules(), tenancies(n), ops(n))
                .as((t, tags, rules, tenancies, ops) -> new World(n, t, tags, rules, tenancies, ops)));
    }

    /** Increasing thresholds in whole hours, so that events often land exactly on deadlines. */
    private Arbitrary<long[]> thresholds() {
        Arbitrary<Integer> step = Arbitraries.integers().between(1, 30);
        return Combinators.combine(step, step, step).as((a, b, c) -> new long[] {a * HOUR, (a + b) * HOUR, (a + b + c) * HOUR});
    }

    private Arbitrary<Set<String>> tags() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 9)).as((r, w) -> {
            Set<String> s = new HashSet<>();
            if (r < 4) s.add("rental");
            if (w < 4) s.add("watch");
            return s;
        });
    }

    /** Rule parameters in whole hours (so they meet events and deadlines exactly), some rules off. */
    private Arbitrary<RuleSettings> rules() {
        Arbitrary<Set<String>> disabled = Arbitraries.integers().between(0, 99).list().ofSize(SECURITY_RULES.size()).map(rolls -> {
            Set<String> off = new HashSet<>();
            for (int i = 0; i < rolls.size(); i++) {
                if (rolls.get(i) < 15) off.add(SECURITY_RULES.get(i));
            }
            return off;
        });
        Arbitrary<Integer> hours = Arbitraries.integers().between(1, 12);
        Arbitrary<Integer> count = Arbitraries.integers().between(1, 4);
        Arbitrary<LocalTime> hourOfDay = Arbitraries.integers().between(0, 23).map(h -> LocalTime.of(h, 0));
        Arbitrary<LocalTime[]> window = Combinators.combine(hourOfDay, hourOfDay).as((f, t) -> new LocalTime[] {f, t});
        return Combinators.combine(disabled, hours, hours, count, hours, count, hours, window)
                .as((off, held, offline, dc, dw, vc, vw, w) -> new RuleSettings(off,
                        Duration.ofHours((held + 1) / 2), dc, Duration.ofHours(dw), Duration.ofHours(offline),
                        vc, Duration.ofHours(vw * 2), w[0], w[1]));
    }

    /** Zero to two tenancies per card, for random households, ending or starting anywhere in the run. */
    private Arbitrary<List<Tenancy>> tenancies(int households) {
        Arbitrary<Integer> who = Arbitraries.integers().between(0, households - 1);
        Arbitrary<Integer> when = Arbitraries.integers().between(-20, 150);
        Arbitrary<Integer> card = Arbitraries.integers().between(0, CARDS.size() - 1);
        Arbitrary<Tenancy> one = Combinators.combine(card, who, when, when).as((c, h, a, b) -> new Tenancy(CARDS.get(c), "h" + h,
                a < 0 ? null : START.plusMillis(Math.min(a, b) * HOUR),
                b > 140 ? null : START.plusMillis(Math.max(a, b) * HOUR)));
        return one.list().ofMaxSize(5);
    }

    private Arbitrary<List<Op>> ops(int households) {
        // A walk in whole hours from START, mostly forward, sometimes staying put (same instant)
        // or stepping back (stale and late reports).
        Arbitrary<Integer> step = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)),
                Tuple.of(8, Arbitraries.integers().between(1, 12)),
                Tuple.of(3, Arbitraries.integers().between(13, 60)),
                Tuple.of(2, Arbitraries.integers().between(-30, -1)));
        // Uniform, not jqwik's default bias towards small values: that would make most events
        // DOOR_OPENED and most sequences a handful of steps, too few for the windows to fill.
        Arbitrary<Integer> who = Arbitraries.integers().between(0, households - 1).withDistribution(RandomDistribution.uniform());
        Arbitrary<Integer> what = Arbitraries.integers().between(0, 99).withDistribution(RandomDistribution.uniform()).withoutEdgeCases();
        Arbitrary<Integer> awayFor = Arbitraries.integers().between(-10, 80);
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 5).withDistribution(RandomDistribution.uniform());
        Arbitrary<int[]> raw = Combinators.combine(step, who, what, awayFor, pick).as((s, w, k, a, p) -> new int[] {s, w, k, a, p});
        return raw.list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform()).map(list -> {
            List<Op> ops = new ArrayList<>();
            long hour = 0;
            for (int[] r : list) {
                hour = Math.max(0, hour + r[0]);
                Instant ts = START.plusMillis(hour * HOUR);
                String h = "h" + r[1];
                int k = r[2];
                int p = r[4];
                String door = "door-" + h;
                // where a device event happens: the household's door, a shared device, or the
                // unconfigured "gate" that names the household
                String device = p < 3 ? door : p == 3 ? "gate-1" : p == 4 ? "reader-1" : "gate";
                String household = device.equals("gate") ? h : null;
                DoorEvent e;
                if (k < 20) {
                    e = DoorEvent.device(ts, p == 3 ? "gate-1" : door, EventType.DOOR_OPENED);
                } else if (k < 26) {
                    e = new DoorEvent(ts, "gate", EventType.ACCESS_GRANTED, h, p < 3 ? CARDS.get(p) : null, null, null, null);
                } else if (k < 31) {
                    e = DoorEvent.staff(ts, EventType.CONFIRMED_WELL, h, "staff", null);
                } else if (k < 38) {
                    e = DoorEvent.staff(ts, EventType.AWAY, h, "staff", r[3] > 70 ? null : ts.plusMillis(r[3] * HOUR));
                } else if (k < 42) {
                    e = DoorEvent.staff(ts, EventType.AWAY_CLEARED, h, "staff", null);
                } else if (k < 50) {
                    e = DoorEvent.device(ts, p == 3 ? "gate-1" : door, EventType.DOOR_CLOSED);
                } else if (k < 54) {
                    e = DoorEvent.device(ts, p < 4 ? door : "reader-1", EventType.HEARTBEAT);
                } else if (k < 57) {
                    e = new DoorEvent(ts, device, EventType.DOOR_FORCED, household, null, null, null, null);
                } else if (k < 60) {
                    e = new DoorEvent(ts, device, p % 2 == 0 ? EventType.TAMPER : EventType.DEVICE_FAULT, household,
                            null, null, null, null);
                } else if (k < 66) {
                    e = new DoorEvent(ts, p < 3 ? "reader-1" : door, EventType.ACCESS_DENIED, null, null, null, null, null);
                } else if (k < 72) {
                    e = new DoorEvent(ts, p < 3 ? door : "gate", p % 2 == 0 ? EventType.VISITOR_CALL : EventType.VISITOR_ADMITTED,
                            p < 3 ? null : h, null, null, null, null);
                } else if (k < 76) {
                    e = new DoorEvent(ts, device, EventType.DOOR_HELD_OPEN, household, null, null, null, null);
                } else if (k < 82) {
                    EventType t = p < 3 ? EventType.DOOR_OPENED : p == 3 ? EventType.ACCESS_DENIED : EventType.HEARTBEAT;
                    ops.add(new Op(Kind.ROLLED_BACK_EVENT, DoorEvent.device(ts, p == 4 ? "reader-1" : door, t), null));
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
