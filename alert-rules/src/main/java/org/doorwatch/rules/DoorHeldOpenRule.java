package org.doorwatch.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;

/**
 * {@code door-held-open} (SPEC section 7): a DOOR_HELD_OPEN report, or a DOOR_OPENED with no
 * DOOR_CLOSED on that device within {@code heldOpenAfter}.
 *
 * <ul>
 *   <li>An <em>opening</em> starts with DOOR_OPENED on a closed door, at min(event ts, now)
 *       (a device clock ahead of ours cannot delay the alarm), and arms the device's timer at
 *       {@code openSince + heldOpenAfter}. A DOOR_OPENED while open is the same opening (a
 *       repeated report; a lost DOOR_CLOSED cannot be told from it).</li>
 *   <li>DOOR_CLOSED ends the opening unless its ts is before the opening (a late close of an
 *       earlier opening). A close at exactly {@code openSince + heldOpenAfter} is in time.</li>
 *   <li>One ALARM per opening: the timer and a device's own DOOR_HELD_OPEN report for the same
 *       opening never both alarm; whichever comes first raises it, the other is suppressed
 *       (and both would carry the same id: the episode is openSince). A report on a door not
 *       known open starts an opening at the report.</li>
 *   <li>DOOR_CLOSED after an ALARM raises RESOLVED to the channels that got the ALARM.</li>
 *   <li>A device not in the config has no opening state: its DOOR_HELD_OPEN reports alarm
 *       each time (id by the report's ts), its DOOR_OPENED arms nothing.</li>
 * </ul>
 */
final class DoorHeldOpenRule {

    static final String RULE = RuleNames.DOOR_HELD_OPEN;

    private final WatchEngine engine;
    private final SecurityAlerts alerts;

    DoorHeldOpenRule(WatchEngine engine, SecurityAlerts alerts) {
        this.engine = engine;
        this.alerts = alerts;
    }

    void onOpened(DeviceWatch d, DoorEvent e, long now) {
        if (d.openSince != DeviceWatch.CLOSED) {
            return;
        }
        engine.touchDevice(d);
        d.openSince = Math.min(Millis.of(e.ts()), now);
        d.heldOpenAlarmed = false;
    }

    void onClosed(DeviceWatch d, DoorEvent e, long now) {
        long closedAt = Math.min(Millis.of(e.ts()), now);
        if (d.openSince == DeviceWatch.CLOSED || closedAt < d.openSince) {
            return;
        }
        engine.touchDevice(d);
        if (d.heldOpenAlarmed) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("openSince", Millis.toInstant(d.openSince));
            evidence.put("closedAt", Millis.toInstant(closedAt));
            alerts.emit(RULE, Stage.RESOLVED, now, d.device.household(), d.id, new ArrayList<>(d.heldOpenNotified),
                    d.id, d.openSince, null, evidence, null);
        }
        d.openSince = DeviceWatch.CLOSED;
        d.heldOpenAlarmed = false;
        d.heldOpenNotified = List.of();
    }

    /** A device's own DOOR_HELD_OPEN; {@code d} is null for a device not in the config. */
    void onReported(DeviceWatch d, DoorEvent e, String household, long now) {
        long reportedAt = Math.min(Millis.of(e.ts()), now);
        if (d == null) {
            alarm(now, household, e.device(), reportedAt, reportedAt, EventType.DOOR_HELD_OPEN);
            return;
        }
        if (d.heldOpenAlarmed) {
            return; // this opening already alarmed (by the timer or an earlier report)
        }
        engine.touchDevice(d);
        if (d.openSince == DeviceWatch.CLOSED) {
            d.openSince = reportedAt;
        }
        d.heldOpenNotified = alarm(now, d.device.household(), d.id, d.openSince, reportedAt, EventType.DOOR_HELD_OPEN);
        d.heldOpenAlarmed = true;
    }

    /** When the current opening is held too long, or {@link DeadlineQueue#NONE}. */
    long due(DeviceWatch d) {
        if (d.openSince == DeviceWatch.CLOSED || d.heldOpenAlarmed || !engine.enabled(RULE)) {
            return DeadlineQueue.NONE;
        }
        return Millis.plus(d.openSince, Millis.of(engine.config().rules().heldOpenAfter()));
    }

    void fire(DeviceWatch d, long now) {
        if (due(d) > now) {
            return;
        }
        engine.touchDevice(d);
        d.heldOpenNotified = alarm(now, d.device.household(), d.id, d.openSince, now, EventType.DOOR_OPENED);
        d.heldOpenAlarmed = true;
    }

    /** Forgets the opening state (the rule was switched off by a reconfigure). */
    void forget(DeviceWatch d) {
        d.openSince = DeviceWatch.CLOSED;
        d.heldOpenAlarmed = false;
        d.heldOpenNotified = List.of();
    }

    private List<String> alarm(long now, String household, String device, long openSince, long reportedAt, EventType trigger) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("trigger", trigger.name());
        evidence.put("openSince", Millis.toInstant(openSince));
        if (trigger == EventType.DOOR_OPENED) {
            evidence.put("heldOpenAfter", engine.config().rules().heldOpenAfter());
        } else {
            evidence.put("reportedAt", Millis.toInstant(reportedAt));
        }
        List<String> channels = alerts.route(RULE, Stage.ALARM);
        alerts.emit(RULE, Stage.ALARM, now, household, device, channels, device != null ? device : household, openSince,
                null, evidence, trigger.name());
        return channels;
    }
}
