package org.doorwatch.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Routine;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;

/**
 * The routine-deviation tests' site: household 3-2-501 (3栋2单元501) with its door contact on a
 * policy with the 24h/48h/72h escalation and {@code routine: {}}, and 1-1-101 on a policy
 * without a routine; every SPEC section 7 rule off unless named. Times as in {@link Scenario}
 * (day 0 00:00 is 2026-11-22 00:00 in Asia/Shanghai, a Sunday).
 */
final class RoutineSite {

    static final String HOUSEHOLD = "3-2-501";
    static final String DOOR = "door-3-2-501";
    static final Inactivity ESCALATION = new Inactivity(Duration.ofHours(24), Duration.ofHours(48), Duration.ofHours(72));
    /** The settings these tests assume, spelled out so that retuning the defaults does not move them. */
    static final Routine ROUTINE = new Routine(28, 14, Duration.ofHours(1), 0.5, Duration.ofMinutes(90));

    private RoutineSite() {}

    static EngineConfig config(Routine routine, String... alsoOn) {
        return config(ESCALATION, routine, alsoOn);
    }

    /** The site with 3-2-501's policy escalating at {@code escalation} (1-1-101 keeps 24h/48h/72h). */
    static EngineConfig config(Inactivity escalation, Routine routine, String... alsoOn) {
        Policy watched = new Policy("elderly-routine", escalation, routine);
        Policy plain = new Policy("elderly-living-alone", ESCALATION);
        return EngineConfig.of("test-site", Scenario.ZONE, List.of(watched, plain),
                        List.of(new Household(HOUSEHOLD, "3栋2单元501", watched.name(), List.of("elderly")),
                                new Household("1-1-101", "1栋1单元101", plain.name(), List.of("elderly"))),
                        List.of(new Device(DOOR, "door-contact", HOUSEHOLD),
                                new Device("door-1-1-101", "door-contact", "1-1-101")))
                .withRules(only(alsoOn));
    }

    static EngineConfig config() {
        return config(ROUTINE);
    }

    /** Default settings with every SPEC section 7 rule off except {@code on}; the escalation and routine-deviation stay on. */
    static RuleSettings only(String... on) {
        RuleSettings d = RuleSettings.defaults();
        Set<String> off = new HashSet<>(RuleNames.ALL);
        off.remove(RuleNames.ELDERLY_INACTIVITY);
        off.remove(RuleNames.ROUTINE_DEVIATION);
        for (String rule : on) {
            off.remove(rule);
        }
        return new RuleSettings(off, d.heldOpenAfter(), d.deniedBurstCount(), d.deniedBurstWindow(), d.offlineAfter(),
                d.visitorCount(), d.visitorWindow(), d.watchFrom(), d.watchTo());
    }

    /** The door of 3-2-501 opening at {@code t}. */
    static DoorEvent door(Instant t) {
        return DoorEvent.device(t, DOOR, EventType.DOOR_OPENED);
    }

    /**
     * A commuter's days {@code fromDay} to {@code toDay} (exclusive): out between 07:30 and
     * 07:45, back between 17:50 and 18:10 (the minutes vary from day to day, repeatably).
     */
    static List<DoorEvent> commuter(int fromDay, int toDay) {
        List<DoorEvent> out = new ArrayList<>();
        for (int d = fromDay; d < toDay; d++) {
            out.add(door(Scenario.at(d, 7, 30 + (d * 7) % 16)));
            out.add(door(Scenario.at(d, 17, 50 + (d * 11) % 21)));
        }
        return out;
    }
}
