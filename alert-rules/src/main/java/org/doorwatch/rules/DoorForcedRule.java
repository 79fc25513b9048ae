package org.doorwatch.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.DoorForcedDefinition;
import org.doorwatch.domain.Stage;

/**
 * {@code door-forced} (SPEC section 7): every DOOR_FORCED raises an ALARM at once, to the
 * household the event is attributed to (its own, else its device's). The id's episode is the
 * event's own ts, so a redelivered report of the same forcing carries the same id and
 * receivers drop it. An event that names its own household (a shared gate reporting for a
 * flat) adds that household to the id: two flats' reports of one millisecond are two alarms.
 */
final class DoorForcedRule {

    static final String RULE = DoorForcedDefinition.NAME;

    private final SecurityAlerts alerts;

    DoorForcedRule(SecurityAlerts alerts) {
        this.alerts = alerts;
    }

    void on(DoorEvent e, String household, long now) {
        long at = Millis.of(e.ts());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("eventTime", e.ts());
        alerts.emit(RULE, Stage.ALARM, now, household, e.device(), alerts.route(RULE, Stage.ALARM),
                e.device() != null ? e.device() : household, at, ownHousehold(e), evidence, null);
    }

    /** The id's discriminator for an event that names its own household, else null. */
    static String ownHousehold(DoorEvent e) {
        return e.household() == null || e.device() == null ? null : "household:" + e.household();
    }
}
