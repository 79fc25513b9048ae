package org.doorwatch.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;

/**
 * The site of the flapping and grouping tests: building 3 with a serial bus {@code bus-1} of
 * five door contacts (two of them elderly flats'), a gate and an intercom; buildings 5 and 7
 * with a gate and an intercom each. Every device is offline after 15 minutes (the SPEC default,
 * written out, so that no kind's built-in value applies), flapping within 1 h, stable after
 * 1 h, groups of at least 3 devices whose silences began within 1 h. Only device-offline and
 * the elderly escalation run.
 */
final class OfflineSite {

    static final Instant T0 = Scenario.at(0, 0, 0);
    static final List<String> BUS = List.of("bus1-a", "bus1-b", "bus1-c", "bus1-d", "bus1-e");
    static final List<String> MAINS = List.of("gate-3", "intercom-3", "gate-5", "intercom-5", "gate-7", "intercom-7");

    private OfflineSite() {}

    static List<Device> devices() {
        List<Device> out = new ArrayList<>();
        out.add(new Device("bus1-a", "door-contact", "3-1-101", "bus-1", "3"));
        out.add(new Device("bus1-b", "door-contact", "3-1-102", "bus-1", "3"));
        out.add(new Device("bus1-c", "door-contact", null, "bus-1", "3"));
        out.add(new Device("bus1-d", "door-contact", null, "bus-1", "3"));
        out.add(new Device("bus1-e", "door-contact", null, "bus-1", "3"));
        out.add(new Device("gate-3", "gate", null, null, "3"));
        out.add(new Device("intercom-3", "intercom", null, null, "3"));
        out.add(new Device("gate-5", "gate", null, null, "5"));
        out.add(new Device("intercom-5", "intercom", null, null, "5"));
        out.add(new Device("gate-7", "gate", null, null, "7"));
        out.add(new Device("intercom-7", "intercom", null, null, "7"));
        return out;
    }

    static RuleSettings rules() {
        Set<String> off = Set.of(RuleNames.DOOR_FORCED, RuleNames.DOOR_HELD_OPEN, RuleNames.TAMPER, RuleNames.ACCESS_DENIED_BURST,
                RuleNames.VISITOR_FREQUENCY, RuleNames.TENANT_EXPIRED, RuleNames.WATCH_WINDOW);
        return new RuleSettings(off, Duration.ofSeconds(120), 5, Duration.ofMinutes(10), Duration.ofMinutes(15), 10,
                Duration.ofHours(24), LocalTime.of(23, 0), LocalTime.of(5, 0))
                .withFlapping(Duration.ofHours(1), Duration.ofHours(1))
                .withGrouping(3, Duration.ofHours(1));
    }

    static EngineConfig config(RuleSettings rules) {
        return EngineConfig.of("test-site", Scenario.ZONE, List.of(Scenario.ELDERLY),
                List.of(new Household("3-1-101", "3栋1单元101", Scenario.ELDERLY.name(), List.of("elderly")),
                        new Household("3-1-102", "3栋1单元102", Scenario.ELDERLY.name(), List.of("elderly"))),
                devices()).withRules(rules);
    }

    static Scenario start(RuleSettings rules) {
        return new Scenario(config(rules), T0);
    }

    static Instant min(double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    /** A heartbeat of each device at {@code t}. */
    static Scenario beat(Scenario s, Instant t, List<String> devices) {
        for (String d : devices) {
            s.event(DoorEvent.device(t, d, EventType.HEARTBEAT));
        }
        return s;
    }

    /**
     * Heartbeats every 5 minutes from {@code from} to {@code to} (exclusive) of {@code devices},
     * each at its own phase ({@code i} seconds into the cycle), in time order.
     */
    static Scenario beats(Scenario s, Instant from, Instant to, List<String> devices) {
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(300)) {
            for (int i = 0; i < devices.size(); i++) {
                s.event(DoorEvent.device(t.plusSeconds(i * 7L), devices.get(i), EventType.HEARTBEAT));
            }
        }
        return s;
    }

    static List<Alert> offline(Scenario s) {
        return SecuritySite.of(s, RuleNames.DEVICE_OFFLINE);
    }

    /** "STAGE @dD HH:mm:ss subject [channels] (kind)" where kind is plain, flapping or group. */
    static List<String> lines(Scenario s) {
        List<String> out = new ArrayList<>();
        for (Alert a : offline(s)) {
            String subject = a.device() != null ? a.device() : String.valueOf(a.evidence().get("group"));
            String kind = a.evidence().containsKey("group") ? "group" : a.evidence().containsKey("flapWindow")
                    || a.evidence().containsKey("outages") ? "flapping" : "plain";
            out.add(a.stage() + " @" + Scenario.local(a.ts()) + String.format(":%02d", a.ts().getEpochSecond() % 60)
                    + " " + subject + " " + a.channels() + " (" + kind + ")");
        }
        return out;
    }
}
