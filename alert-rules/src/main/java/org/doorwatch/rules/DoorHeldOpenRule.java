package org.doorwatch.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.DoorHeldOpenDefinition;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Stage;

/**
 * {@code door-held-open} (SPEC section 7): a DOOR_HELD_OPEN report, or a DOOR_OPENED with no
 * DOOR_CLOSED on that device within {@code heldOpenAfter}.
 *
 * <ul>
 *   <li>An <em>opening</em> starts with DOOR_OPENED on a closed door, at min(event ts, now)
 *       (a device clock ahead of ours cannot delay the alarm), and arms the device's timer at
 *       {@code openedAt + heldOpenAfter}. A DOOR_OPENED while open is the same opening (a
 *       repeated report; a lost DOOR_CLOSED cannot be told from it). A DOOR_OPENED not later
 *       than the previous opening's start is a stale report and changes nothing, as in the
 *       elderly rule: so openings strictly increase and each alarm's id is its own.</li>
 *   <li>DOOR_CLOSED ends the opening unless its ts is before the opening (a late close of an
 *       earlier opening). A close at exactly {@code openedAt + heldOpenAfter} is in time.</li>
 *   <li>One ALARM per opening: the timer and a device's own DOOR_HELD_OPEN report for the same
 *       opening never both alarm; whichever comes first raises it, the other is suppressed
 *       (and both would carry the same id: the episode is the opening's start). A report on a
 *       door not known open starts an opening at the report (unless stale, as above).</li>
 *   <li>DOOR_CLOSED after an ALARM raises RESOLVED to the channels that got the ALARM.</li>
 *   <li>A device not in the config has no opening state: its DOOR_HELD_OPEN reports alarm
 *       each time (id by the report's time), its DOOR_OPENED arms nothing.</li>
 * </ul>
 * The alert goes to the device's configured household (none for a shared door).
 */
final class DoorHeldOpenRule {

    static final String RULE = DoorHeldOpenDefinition.NAME;

    private final RuleContext context;
    private final SecurityAlerts alerts;

    DoorHeldOpenRule(RuleContext context, SecurityAlerts alerts) {
        this.context = context;
        this.alerts = alerts;
    }

    void onOpened(DeviceWatch d, DoorEvent e, long now) {
        long at = Math.min(Millis.of(e.ts()), now);
        if (d.open || at <= d.openedAt) {
            return;
        }
        context.touch(d);
        d.open = true;
        d.openedAt = at;
        d.heldOpenAlarmed = false;
        d.heldOpenNotified = List.of();
    }

    void onClosed(DeviceWatch d, DoorEvent e, long now) {
        long closedAt = Math.min(Millis.of(e.ts()), now);
        if (!d.open || closedAt < d.openedAt) {
            return;
        }
        context.touch(d);
        if (d.heldOpenAlarmed) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("openSince", Millis.toInstant(d.openedAt));
            evidence.put("closedAt", Millis.toInstant(closedAt));
            alerts.emit(RULE, Stage.RESOLVED, now, d.device.household(), d.id, new ArrayList<>(d.heldOpenNotified),
                    d.id, d.openedAt, null, evidence, null);
        }
        d.open = false;
        d.heldOpenAlarmed = false;
        d.heldOpenNotified = List.of();
    }

    /** A device's own DOOR_HELD_OPEN; {@code d} is null for a device not in the config. */
    void onReported(DeviceWatch d, DoorEvent e, String household, long now) {
        long reportedAt = Math.min(Millis.of(e.ts()), now);
        if (d == null) {
            // no opening state to hang it on: each report stands alone, per household it names
            alarm(now, household, e.device(), reportedAt, reportedAt, EventType.DOOR_HELD_OPEN, DoorForcedRule.ownHousehold(e));
            return;
        }
        if (d.heldOpenAlarmed || (!d.open && reportedAt <= d.openedAt)) {
            return; // this opening already alarmed, or a stale report of an opening since closed
        }
        context.touch(d);
        if (!d.open) {
            d.open = true;
            d.openedAt = reportedAt;
        }
        d.heldOpenNotified = alarm(now, d.device.household(), d.id, d.openedAt, reportedAt, EventType.DOOR_HELD_OPEN, null);
        d.heldOpenAlarmed = true;
    }

    /** When the current opening is held too long, or {@link DeviceWatch#NO_CHECK}. */
    long due(DeviceWatch d) {
        if (!d.open || d.heldOpenAlarmed || !context.enabled(RULE)) {
            return DeviceWatch.NO_CHECK;
        }
        return Millis.plus(d.openedAt, Millis.of(context.settings().heldOpenAfter()));
    }

    /** Raises the ALARM if the opening's check is due by {@code limit}; {@code now} is the clock. */
    void fire(DeviceWatch d, long now, long limit) {
        long due = due(d);
        if (due == DeviceWatch.NO_CHECK || due > limit) {
            return;
        }
        context.touch(d);
        d.heldOpenNotified = alarm(now, d.device.household(), d.id, d.openedAt, now, EventType.DOOR_OPENED, null);
        d.heldOpenAlarmed = true;
    }

    /** Forgets the opening state (the rule was switched off by a reconfigure). */
    void forget(DeviceWatch d) {
        d.open = false;
        d.openedAt = DeviceWatch.NEVER;
        d.heldOpenAlarmed = false;
        d.heldOpenNotified = List.of();
    }

    private List<String> alarm(long now, String household, String device, long openSince, long reportedAt, EventType trigger,
                               String discriminator) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("trigger", trigger.name());
        evidence.put("openSince", Millis.toInstant(openSince));
        if (trigger == EventType.DOOR_OPENED) {
            evidence.put("heldOpenAfter", context.settings().heldOpenAfter());
        } else {
            evidence.put("reportedAt", Millis.toInstant(reportedAt));
        }
        List<String> channels = alerts.route(RULE, Stage.ALARM);
        alerts.emit(RULE, Stage.ALARM, now, household, device, channels, device != null ? device : household, openSince,
                discriminator, evidence, trigger.name());
        return channels;
    }
}
