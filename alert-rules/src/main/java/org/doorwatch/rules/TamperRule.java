package org.doorwatch.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.Stage;
import org.doorwatch.domain.TamperDefinition;

/**
 * {@code tamper} (SPEC section 7): every TAMPER or DEVICE_FAULT raises an ALARM at once. The
 * evidence names which ({@code trigger}); the id hangs on (device, event ts, trigger), so a
 * TAMPER and a DEVICE_FAULT of the same millisecond are two alarms while a redelivered report
 * is the same one; an event that names its own household adds it, as for door-forced. (That a DEVICE_FAULT also marks the device faulty for sensorOffline is
 * {@link DeviceOfflineRule}'s business.)
 */
final class TamperRule {

    static final String RULE = TamperDefinition.NAME;

    private final SecurityAlerts alerts;

    TamperRule(SecurityAlerts alerts) {
        this.alerts = alerts;
    }

    void on(DoorEvent e, String household, long now) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("trigger", e.type().name());
        evidence.put("eventTime", e.ts());
        alerts.emit(RULE, Stage.ALARM, now, household, e.device(), alerts.route(RULE, Stage.ALARM),
                e.device() != null ? e.device() : household, Millis.of(e.ts()), discriminator(e), evidence, e.type().name());
    }

    private static String discriminator(DoorEvent e) {
        String own = DoorForcedRule.ownHousehold(e);
        return own == null ? e.type().name() : e.type().name() + "/" + own;
    }
}
