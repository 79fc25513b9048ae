package org.doorwatch.rules;

import java.util.List;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Tenancy;

/**
 * The rules, and which of them an event or a due deadline goes to.
 *
 * <p>Per event, in this order: the device is heard (device-offline, maybe RESOLVED), the
 * event's own rule (door-forced, tamper, door-held-open, access-denied-burst, tenant-expired,
 * visitor-frequency), then, for activity, routine-deviation (while L is still the silence's
 * start), the elderly escalation (which moves L) and watch-window. Staff actions go to
 * routine-deviation and the elderly escalation. A rule listed in {@code RuleSettings.disabled}
 * gets nothing; a device rule switched off for a device (by its kind or id, its
 * {@code DeviceWatch.rules}) gets nothing of that device.
 *
 * <p>Deadlines: a household's slot is its away end while away, else the earlier of its next
 * escalation stage and its routine NOTICE; a device's slot is the earlier of its held-open and
 * offline checks. So a timed check adds its {@code due} to {@code reschedule} and its
 * {@code fire} to {@code fire}, not a second slot. Rules change state; the router re-queues
 * after them.
 */
final class EventRouter {

    private final RuleContext context;
    private final ElderlyInactivityRule elderly;
    private final DeviceOfflineRule deviceOffline;
    private final DoorHeldOpenRule doorHeldOpen;
    private final DoorForcedRule doorForced;
    private final TamperRule tamper;
    private final AccessDeniedBurstRule accessDeniedBurst;
    private final VisitorFrequencyRule visitorFrequency;
    private final TenantExpiredRule tenantExpired;
    private final WatchWindowRule watchWindow;
    private final RoutineDeviationRule routine;

    EventRouter(RuleContext context) {
        this.context = context;
        SecurityAlerts alerts = new SecurityAlerts(context);
        elderly = new ElderlyInactivityRule(context);
        deviceOffline = new DeviceOfflineRule(context, alerts);
        doorHeldOpen = new DoorHeldOpenRule(context, alerts);
        doorForced = new DoorForcedRule(alerts);
        tamper = new TamperRule(alerts);
        accessDeniedBurst = new AccessDeniedBurstRule(context, alerts);
        visitorFrequency = new VisitorFrequencyRule(context, alerts);
        tenantExpired = new TenantExpiredRule(alerts);
        watchWindow = new WatchWindowRule(context, alerts);
        routine = new RoutineDeviationRule(context);
    }

    /**
     * Gives {@code e}, applied at {@code now}, to the rules it concerns.
     *
     * @param household the household it is attributed to (its own, else its device's), or null
     * @param h         that household's watch, or null when it is not configured
     * @param d         the watch of its configured device, or null
     */
    void route(DoorEvent e, String household, HouseholdWatch h, DeviceWatch d, long now) {
        EventType type = e.type();
        if (type.isStaffAction()) {
            switch (type) {
                case CONFIRMED_WELL -> activity(h, Millis.of(e.ts()), now, type, e.by());
                case AWAY -> {
                    long until = e.until() == null ? HouseholdWatch.NO_END : Millis.of(e.until());
                    if (context.enabled(RoutineDeviationRule.RULE)) routine.onAway(h, now, until);
                    elderly.onAway(h, now, until);
                }
                default -> elderly.onAwayCleared(h, now);
            }
            reschedule(h);
            return;
        }
        if (d != null) {
            deviceOffline.onEvent(d, type, now);
        }
        switch (type) {
            case DOOR_FORCED -> {
                if (d == null ? context.enabled(DoorForcedRule.RULE) : d.rules.doorForced()) doorForced.on(e, household, now);
            }
            case TAMPER, DEVICE_FAULT -> {
                if (d == null ? context.enabled(TamperRule.RULE) : d.rules.tamper()) tamper.on(e, household, now);
            }
            case DOOR_OPENED -> {
                if (d != null && d.rules.heldOpen()) doorHeldOpen.onOpened(d, e, now);
            }
            case DOOR_CLOSED -> {
                if (d != null && d.rules.heldOpen()) doorHeldOpen.onClosed(d, e, now);
            }
            case DOOR_HELD_OPEN -> {
                if (d == null ? context.enabled(DoorHeldOpenRule.RULE) : d.rules.heldOpen()) {
                    doorHeldOpen.onReported(d, e, household, now);
                }
            }
            case ACCESS_DENIED -> {
                if (d != null && d.rules.deniedBurst()) accessDeniedBurst.on(d, e, now);
            }
            case ACCESS_GRANTED -> {
                if (context.enabled(TenantExpiredRule.RULE)) tenantExpired.on(e, now);
            }
            case VISITOR_CALL, VISITOR_ADMITTED -> {
                if (h != null && context.enabled(VisitorFrequencyRule.RULE)) visitorFrequency.on(h, e, now);
            }
            default -> { }
        }
        if (d != null) {
            reschedule(d);
        }
        if (h != null && type.isActivity()) {
            activity(h, Millis.of(e.ts()), now, type, e.by());
            reschedule(h);
            if (context.enabled(WatchWindowRule.RULE)) {
                watchWindow.on(h, e, now);
            }
        }
    }

    /** An activity of {@code h}: routine-deviation learns the silence it ends, then the escalation moves L. */
    private void activity(HouseholdWatch h, long at, long now, EventType type, String by) {
        if (context.enabled(RoutineDeviationRule.RULE)) {
            routine.onActivity(h, at, now, type, by);
        }
        elderly.onActivity(h, at, now, type, by);
    }

    /**
     * The household's slot is due: its away period ends; or what is due at the slot's instant
     * is raised, the routine NOTICE before the escalation stage (a NOTICE is always due before
     * the first stage, so they never share an instant in practice).
     */
    void fire(HouseholdWatch h, long now) {
        long slot = h.due;
        if (h.away) {
            elderly.fire(h, now);
        } else {
            long notice = context.enabled(RoutineDeviationRule.RULE) ? routine.due(h) : HouseholdWatch.NO_CHECK;
            if (notice != HouseholdWatch.NO_CHECK && notice <= slot) {
                routine.fire(h, now);
            }
            long stage = elderly.due(h);
            if (stage != HouseholdWatch.NO_CHECK && stage <= slot) {
                elderly.fire(h, now);
            }
        }
        reschedule(h);
    }

    /**
     * A device's slot is due: raise what is due at the slot's instant (held-open, then
     * offline) and re-queue the rest. Not what is due by {@code now}: after a rollback the clock
     * can be ahead of the slot, and a check due later than the slot must wait its turn among
     * the other deadlines (and behind an event at its instant).
     */
    void fire(DeviceWatch d, long now) {
        long slot = d.due;
        doorHeldOpen.fire(d, now, slot);
        deviceOffline.fire(d, now, slot);
        reschedule(d);
    }

    /** Puts the household's one queue slot at the earlier of its pending checks. */
    void reschedule(HouseholdWatch h) {
        long stage = elderly.due(h);
        long notice = context.enabled(RoutineDeviationRule.RULE) ? routine.due(h) : HouseholdWatch.NO_CHECK;
        if (stage == HouseholdWatch.NO_CHECK && notice == HouseholdWatch.NO_CHECK) {
            context.cancel(h);
        } else {
            context.schedule(h, stage == HouseholdWatch.NO_CHECK ? notice
                    : notice == HouseholdWatch.NO_CHECK ? stage : Math.min(stage, notice));
        }
    }

    /** Brings a household's routine state in line with its plan and the rule settings (start, reconfigure). */
    void settle(HouseholdWatch h) {
        routine.settle(h);
    }

    /** Puts the device's one queue slot at the earlier of its pending checks. */
    void reschedule(DeviceWatch d) {
        long held = doorHeldOpen.due(d);
        long offline = deviceOffline.due(d);
        if (held == DeviceWatch.NO_CHECK && offline == DeviceWatch.NO_CHECK) {
            context.cancel(d);
        } else {
            context.schedule(d, held == DeviceWatch.NO_CHECK ? offline : offline == DeviceWatch.NO_CHECK ? held : Math.min(held, offline));
        }
    }

    /**
     * Brings a device's state in line with the rule settings (start, reconfigure): a rule
     * switched off forgets its open state without a RESOLVED; a changed denial count keeps the
     * newest denials.
     */
    void settle(DeviceWatch d) {
        boolean offlineState = d.offline || d.flaps > 0 || d.backAt != DeviceWatch.NEVER || d.group != null;
        if (offlineState && !(context.enabled(DeviceOfflineRule.RULE) && d.rules.offline())) {
            context.touch(d);
            deviceOffline.forget(d);
        }
        if ((d.open || d.openedAt != DeviceWatch.NEVER) && !d.rules.heldOpen()) {
            context.touch(d);
            doorHeldOpen.forget(d);
        }
        int count = d.rules.deniedBurstCount();
        if (d.denials != null && d.denials.capacity() != count) {
            context.touch(d);
            d.denials = d.denials.resized(count);
        }
    }

    /** Recomputes every household's count of down devices (sensorOffline) from the device states. */
    void recountDownDevices(HouseholdWatch[] households, DeviceWatch[] devices) {
        deviceOffline.recount(households, devices);
    }

    /** Builds device-offline's groups (port, building, site) for the config in force and recounts their open alarms. */
    void regroup(DeviceWatch[] devices) {
        deviceOffline.regroup(devices);
    }

    /** Puts back the group alarm a restored device's silence was covered by (before start). */
    void restoreGroup(DeviceWatch d, String key, long since, List<String> channels) {
        deviceOffline.restoreGroup(d, key, since, channels);
    }

    /** The tenancies of the config in force. */
    void tenancies(List<Tenancy> tenancies) {
        tenantExpired.index(tenancies);
    }
}
