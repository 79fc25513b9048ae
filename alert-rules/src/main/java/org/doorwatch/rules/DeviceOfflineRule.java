package org.doorwatch.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.DeviceOfflineDefinition;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Stage;

/**
 * {@code device-offline} (SPEC section 7) and the device half of {@code sensorOffline}.
 *
 * <ul>
 *   <li>Every configured device is watched from the engine's start (or from its restored
 *       last-heard time): a device that never says anything is the first one to catch.</li>
 *   <li>Heard: any event from the device, heartbeats included, except DEVICE_FAULT, which is
 *       no evidence of life. Heard is when the gateway received it (the instant the event is
 *       applied), not the device's own timestamp: a device that flushes hours of buffered
 *       events after an outage is alive when they arrive, and a wrong device clock cannot fake
 *       life or death.</li>
 *   <li>ALARM once at {@code lastHeard + offlineAfter}; nothing more while it stays silent. An
 *       event at exactly that instant is in time (the event goes before a same-instant
 *       deadline). Heard again: RESOLVED to the channels that got the ALARM. The id's episode
 *       is lastHeard, so ALARM and RESOLVED of one silence share it and a restart repeats it.</li>
 *   <li>While a device is offline or faulty (a DEVICE_FAULT not yet followed by a sign of
 *       life), its household's elderly alerts carry {@code sensorOffline}: the silence may be
 *       the sensor's. With the rule disabled, silence marks nothing; a fault still does.</li>
 * </ul>
 * Devices sit before households in same-instant deadline order, so a device that goes offline
 * at the instant of its household's stage marks that stage.
 */
final class DeviceOfflineRule {

    static final String RULE = DeviceOfflineDefinition.NAME;

    private final RuleContext context;
    private final SecurityAlerts alerts;

    DeviceOfflineRule(RuleContext context, SecurityAlerts alerts) {
        this.context = context;
        this.alerts = alerts;
    }

    /** Any event from {@code d}, applied at {@code now}. */
    void onEvent(DeviceWatch d, EventType type, long now) {
        if (type == EventType.DEVICE_FAULT) {
            if (!d.faulty) {
                context.touch(d);
                boolean wasDown = d.down();
                d.faulty = true;
                downChanged(d, wasDown);
            }
            return;
        }
        context.touch(d);
        boolean wasDown = d.down();
        long silentSince = d.lastHeard;
        d.lastHeard = Math.max(d.lastHeard, now);
        d.faulty = false;
        if (d.offline) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("lastHeard", Millis.toInstant(silentSince));
            evidence.put("heardAt", Millis.toInstant(now));
            evidence.put("heardBy", type.name());
            alerts.emit(RULE, Stage.RESOLVED, now, d.device.household(), d.id, new ArrayList<>(d.offlineNotified),
                    d.id, silentSince, null, evidence, null);
            d.offline = false;
            d.offlineNotified = List.of();
        }
        downChanged(d, wasDown);
    }

    /** When {@code d} falls silent for too long, or {@link DeviceWatch#NO_CHECK}. */
    long due(DeviceWatch d) {
        if (!context.enabled(RULE) || !d.watched || d.offline) {
            return DeviceWatch.NO_CHECK;
        }
        return Millis.plus(d.lastHeard, Millis.of(context.settings().offlineAfter()));
    }

    /** Raises the ALARM if the silence check is due by {@code limit}; {@code now} is the clock. */
    void fire(DeviceWatch d, long now, long limit) {
        long due = due(d);
        if (due == DeviceWatch.NO_CHECK || due > limit) {
            return;
        }
        context.touch(d);
        boolean wasDown = d.down();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("lastHeard", Millis.toInstant(d.lastHeard));
        evidence.put("offlineAfter", context.settings().offlineAfter());
        List<String> channels = alerts.route(RULE, Stage.ALARM);
        alerts.emit(RULE, Stage.ALARM, now, d.device.household(), d.id, channels, d.id, d.lastHeard, null, evidence, null);
        d.offline = true;
        d.offlineNotified = channels;
        downChanged(d, wasDown);
    }

    /** Keeps the household's count of down devices (sensorOffline) in step with {@code d}. */
    private void downChanged(DeviceWatch d, boolean wasDown) {
        boolean down = d.down();
        if (down != wasDown && d.household != null) {
            context.touch(d.household);
            d.household.offlineDevices += down ? 1 : -1;
        }
    }

    /** Recomputes every household's count of down devices from the device states (start, reconfigure). */
    void recount(HouseholdWatch[] households, DeviceWatch[] devices) {
        Map<HouseholdWatch, Integer> down = new HashMap<>();
        for (DeviceWatch d : devices) {
            if (d.down() && d.household != null) {
                down.merge(d.household, 1, Integer::sum);
            }
        }
        for (HouseholdWatch h : households) {
            int n = down.getOrDefault(h, 0);
            if (h.offlineDevices != n) {
                context.touch(h);
                h.offlineDevices = n;
            }
        }
    }
}
