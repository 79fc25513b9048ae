package org.doorwatch.rules;

import java.util.List;
import org.doorwatch.domain.Device;

/**
 * The engine's live state for one configured device: its liveness (device-offline, and the
 * sensorOffline mark of its household), the current door opening (door-held-open) and its
 * ACCESS_DENIED window (access-denied-burst).
 *
 * <p>Like a household it owns one queue slot, due at the earlier of its two timers: the offline
 * check ({@code lastHeard + offlineAfter}) and the held-open check ({@code openedAt +
 * heldOpenAfter}). On firing, the engine raises whichever is due and puts the slot at the next
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
    /** The watch of the device's configured household, or null for a shared device. */
    HouseholdWatch household;

    /** Epoch millis the gateway last received anything but DEVICE_FAULT from the device. */
    long lastHeard;
    /** False until lastHeard is known (restored, or the engine started). */
    boolean watched;
    /** A device-offline ALARM is out and the device not heard since. */
    boolean offline;
    List<String> offlineNotified = List.of();
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

    DeviceWatch(Device device, long order) {
        super(order);
        this.id = device.id();
        this.device = device;
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
        final HouseholdWatch savedHousehold = household;
        final long savedLastHeard = lastHeard;
        final boolean savedWatched = watched;
        final boolean savedOffline = offline;
        final List<String> savedOfflineNotified = offlineNotified;
        final boolean savedFaulty = faulty;
        final boolean savedOpen = open;
        final long savedOpenedAt = openedAt;
        final boolean savedHeldOpenAlarmed = heldOpenAlarmed;
        final List<String> savedHeldOpenNotified = heldOpenNotified;
        final WindowCounter savedDenials = denials;
        return () -> {
            device = savedDevice;
            household = savedHousehold;
            lastHeard = savedLastHeard;
            watched = savedWatched;
            offline = savedOffline;
            offlineNotified = savedOfflineNotified;
            faulty = savedFaulty;
            open = savedOpen;
            openedAt = savedOpenedAt;
            heldOpenAlarmed = savedHeldOpenAlarmed;
            heldOpenNotified = savedHeldOpenNotified;
            denials = savedDenials;
        };
    }
}
