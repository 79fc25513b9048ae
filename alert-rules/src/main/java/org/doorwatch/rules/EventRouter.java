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
 * visitor-frequency), then, for activity, the elderly escalation and watch-window. Staff
 * actions go to the elderly escalation alone. A rule listed in {@code RuleSettings.disabled}
 * gets nothing.
 *
 * <p>Deadlines: a household's slot belongs to the elderly escalation; a device's slot is the
 * earlier of its held-open and offline checks, so a timed device check adds its {@code due(d)}
 * to {@link #reschedule(DeviceWatch)} and its {@code fire(d, now, slot)} to
 * {@link #fire(DeviceWatch, long)}, not a second slot.
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
                case CONFIRMED_WELL -> elderly.onActivity(h, Millis.of(e.ts()), now, type, e.by());
                case AWAY -> elderly.onAway(h, now, e.until() == null ? HouseholdWatch.NO_END : Millis.of(e.until()));
                default -> elderly.onAwayCleared(h, now);
            }
            return;
        }
        if (d != null) {
            deviceOffline.onEvent(d, type, now);
        }
        switch (type) {
            case DOOR_FORCED -> {
                if (context.enabled(DoorForcedRule.RULE)) doorForced.on(e, household, now);
            }
            case TAMPER, DEVICE_FAULT -> {
                if (context.enabled(TamperRule.RULE)) tamper.on(e, household, now);
            }
            case DOOR_OPENED -> {
                if (d != null && context.enabled(DoorHeldOpenRule.RULE)) doorHeldOpen.onOpened(d, e, now);
            }
            case DOOR_CLOSED -> {
                if (d != null && context.enabled(DoorHeldOpenRule.RULE)) doorHeldOpen.onClosed(d, e, now);
            }
            case DOOR_HELD_OPEN -> {
                if (context.enabled(DoorHeldOpenRule.RULE)) doorHeldOpen.onReported(d, e, household, now);
            }
            case ACCESS_DENIED -> {
                if (d != null && context.enabled(AccessDeniedBurstRule.RULE)) accessDeniedBurst.on(d, e, now);
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
            elderly.onActivity(h, Millis.of(e.ts()), now, type, e.by());
            if (context.enabled(WatchWindowRule.RULE)) {
                watchWindow.on(h, e, now);
            }
        }
    }

    /** The household's slot is due: its away period ends, or its next stage is raised. */
    void fire(HouseholdWatch h, long now) {
        elderly.fire(h, now);
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

    /** Puts the household's one queue slot where its state says it belongs. */
    void reschedule(HouseholdWatch h) {
        elderly.reschedule(h);
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
        if (d.offline && !context.enabled(DeviceOfflineRule.RULE)) {
            context.touch(d);
            d.offline = false;
            d.offlineNotified = List.of();
        }
        if ((d.open || d.openedAt != DeviceWatch.NEVER) && !context.enabled(DoorHeldOpenRule.RULE)) {
            context.touch(d);
            doorHeldOpen.forget(d);
        }
        int count = context.settings().deniedBurstCount();
        if (d.denials != null && d.denials.capacity() != count) {
            context.touch(d);
            d.denials = d.denials.resized(count);
        }
    }

    /** Recomputes every household's count of down devices (sensorOffline) from the device states. */
    void recountDownDevices(HouseholdWatch[] households, DeviceWatch[] devices) {
        deviceOffline.recount(households, devices);
    }

    /** The tenancies of the config in force. */
    void tenancies(List<Tenancy> tenancies) {
        tenantExpired.index(tenancies);
    }
}
