package org.doorwatch.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;

/**
 * A small driver for engine tests: builds a one-site config, starts the engine at day 0 00:00
 * (Asia/Shanghai) and feeds it events the way replay does, collecting every alert.
 */
final class Scenario {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Day 0, 00:00 local. */
    static final Instant DAY0 = Instant.parse("2026-11-21T16:00:00Z");
    static final Policy ELDERLY = new Policy("elderly-living-alone",
            new Inactivity(Duration.ofHours(24), Duration.ofHours(48), Duration.ofHours(72)));

    final WatchEngine engine;
    final List<Alert> alerts = new ArrayList<>();

    Scenario(EngineConfig config, Instant start) {
        engine = new WatchEngine(config);
        engine.start(start);
        engine.commit();
    }

    /** One elderly household 3-2-501 with its door contact, watched from {@code start}. */
    static Scenario oneHousehold(Instant start) {
        return new Scenario(config(), start);
    }

    /**
     * The elderly tests' site, with the SPEC section 7 rules switched off: these tests watch the
     * escalation alone (their devices send no heartbeats, so device-offline would otherwise
     * mark every stage sensorOffline). SecurityRulesTest and EngineModelPropertyTest run all
     * rules together.
     */
    static EngineConfig config() {
        return EngineConfig.of("test-site", ZONE, List.of(ELDERLY),
                List.of(new Household("3-2-501", "3栋2单元501", ELDERLY.name(), List.of("elderly")),
                        new Household("1-1-101", "1栋1单元101", null, List.of())),
                List.of(new Device("door-3-2-501", "door-contact", "3-2-501"),
                        new Device("gate-1", "gate", null)))
                .withRules(elderlyOnly());
    }

    /** Default rule settings with every SPEC section 7 rule disabled. */
    static RuleSettings elderlyOnly() {
        RuleSettings d = RuleSettings.defaults();
        Set<String> off = new HashSet<>(RuleNames.ALL);
        off.remove(RuleNames.ELDERLY_INACTIVITY);
        return new RuleSettings(off, d.heldOpenAfter(), d.deniedBurstCount(), d.deniedBurstWindow(), d.offlineAfter(),
                d.visitorCount(), d.visitorWindow(), d.watchFrom(), d.watchTo());
    }

    /** Day {@code d} at local {@code hh:mm}. */
    static Instant at(int day, int hour, int minute) {
        return DAY0.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }

    Scenario door(Instant ts) {
        return event(DoorEvent.device(ts, "door-3-2-501", EventType.DOOR_OPENED));
    }

    Scenario event(DoorEvent e) {
        alerts.addAll(engine.apply(e, e.ts()));
        engine.commit();
        return this;
    }

    Scenario staff(Instant ts, EventType type, Instant until) {
        return event(DoorEvent.staff(ts, type, "3-2-501", "staff-7", until));
    }

    Scenario advance(Instant now) {
        alerts.addAll(engine.advance(now));
        engine.commit();
        return this;
    }

    Scenario drain() {
        alerts.addAll(engine.drain());
        engine.commit();
        return this;
    }

    /** Alerts as "stage@ts channels" lines, ts in local {@code dD HH:mm} form, for readable asserts. */
    List<String> summary() {
        List<String> out = new ArrayList<>();
        for (Alert a : alerts) {
            out.add(a.household() + " " + a.stage() + " @" + local(a.ts()) + " " + a.channels());
        }
        return out;
    }

    static String local(Instant t) {
        Duration since = Duration.between(DAY0, t);
        long day = Math.floorDiv(since.toMinutes(), 24 * 60);
        long minuteOfDay = Math.floorMod(since.toMinutes(), 24 * 60);
        return String.format("d%d %02d:%02d", day, minuteOfDay / 60, minuteOfDay % 60);
    }
}
