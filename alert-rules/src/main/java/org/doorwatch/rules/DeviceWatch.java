package org.doorwatch.rules;

import java.util.List;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DeviceRuleSettings;

/**
 * The engine's live state for one configured device: its liveness (device-offline, and the
 * sensorOffline mark of its household), the current door opening (door-held-open) and its
 * ACCESS_DENIED window (access-denied-burst), and the device rules' settings in force for it
 * (by its kind and id).
 *
 * <p>Like a household it owns one queue slot, due at the earlier of its two timers: the offline
 * check ({@code lastHeard + offlineAfter}, or a flapping device's stability check) and the
 * held-open check ({@code openedAt + heldOpenAfter}). On firing, the engine raises whichever is due and puts the slot at the next
 * one, so a device never has more than one entry in the engine's single queue.
 */
final class DeviceWatch extends Deadline implements UndoLog.Undoable {

    /** {@link #openedAt} before any opening was seen. */
    static final long NEVER = Long.MIN_VALUE;

    /**
     * What a device check's {@code due} answers when nothing is pending. Not
     * {@link DeadlineQueue#NONE}: a check that saturates at the end of time is still pending,
     * like an escalation stage there.
     */
    static final long NO_CHECK = Long.MIN_VALUE;

    final String id;
    Device device;
    /** The device rules' settings for this device (its own, its kind's, the site's, built in). */
    DeviceRuleSettings rules;
    /** The offline groups it belongs to (port, building, site; those with enough devices), or none. */
    OfflineGroup[] groups = OfflineGroup.NONE;
    /** The watch of the device's configured household, or null for a shared device. */
    HouseholdWatch household;

    /** Epoch millis the gateway last received anything but DEVICE_FAULT from the device. */
    long lastHeard;
    /** False until lastHeard is known (restored, or the engine started). */
    boolean watched;
    /** Its silence passed offlineAfter and it was not heard since (whether or not it alarmed). */
    boolean offline;
    /** The current silence raised a device-offline ALARM of its own: RESOLVED when heard. */
    boolean offlineAlarmed;
    /** Channels of its open device-offline ALARM (its own, or its flapping ALARM). */
    List<String> offlineNotified = List.of();
    /** When it was heard again after an alarmed silence, or {@link #NEVER}: flapping is judged from here. */
    long backAt = NEVER;
    /** Silences counted by its open flapping ALARM; 0: none open. */
    int flaps;
    /** The start of the silence that raised the flapping ALARM (its id's episode). */
    long flapSince = NEVER;
    /** The group whose ALARM covers its current silence, or null. */
    OfflineGroup group;
    /** It reported DEVICE_FAULT and was not heard since. */
    boolean faulty;

    /** The door is open (an opening started and did not close). */
    boolean open;
    /** Start of the latest opening, open or closed since (epoch millis), or {@link #NEVER}. */
    long openedAt = NEVER;
    boolean heldOpenAlarmed;
    List<String> heldOpenNotified = List.of();

    /** ACCESS_DENIED times, created at the first denial. */
    WindowCounter denials;

    /** In the engine's list of changed devices since the last commit. */
    boolean dirty;

    private long undoMark;

    DeviceWatch(Device device, DeviceRuleSettings rules, long order) {
        super(order);
        this.id = device.id();
        this.device = device;
        this.rules = rules;
    }

    /** Offline or faulty: its household's silence may be the sensor's. */
    boolean down() {
        return offline || faulty;
    }

    @Override
    void fire(long now, EventRouter rules) {
        rules.fire(this, now);
    }

    @Override
    public long undoMark() {
        return undoMark;
    }

    @Override
    public void undoMark(long mark) {
        undoMark = mark;
    }

    @Override
    public Runnable saveState() {
        final Device savedDevice = device;
        final DeviceRuleSettings savedRules = rules;
        final OfflineGroup[] savedGroups = groups;
        final HouseholdWatch savedHousehold = household;
        final long savedLastHeard = lastHeard;
        final boolean savedWatched = watched;
        final boolean savedOffline = offline;
        final List<String> savedOfflineNotified = offlineNotified;
        final boolean savedOfflineAlarmed = offlineAlarmed;
        final long savedBackAt = backAt;
        final int savedFlaps = flaps;
        final long savedFlapSince = flapSince;
        final OfflineGroup savedGroup = group;
        final boolean savedFaulty = faulty;
        final boolean savedOpen = open;
        final long savedOpenedAt = openedAt;
        final boolean savedHeldOpenAlarmed = heldOpenAlarmed;
        final List<String> savedHeldOpenNotified = heldOpenNotified;
        final WindowCounter savedDenials = denials;
        return () -> {
            device = savedDevice;
            rules = savedRules;
            groups = savedGroups;
            household = savedHousehold;
            lastHeard = savedLastHeard;
            watched = savedWatched;
            offline = savedOffline;
            offlineNotified = savedOfflineNotified;
            offlineAlarmed = savedOfflineAlarmed;
            backAt = savedBackAt;
            flaps = savedFlaps;
            flapSince = savedFlapSince;
            group = savedGroup;
            faulty = savedFaulty;
            open = savedOpen;
            openedAt = savedOpenedAt;
            heldOpenAlarmed = savedHeldOpenAlarmed;
            heldOpenNotified = savedHeldOpenNotified;
            denials = savedDenials;
        };
    }
}
