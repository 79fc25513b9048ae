package org.doorwatch.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the engine must remember about a device across a restart, beside {@link HouseholdState}:
 * the gateway persists the entries of {@link WatchEngine#deviceChanges()} and hands them back to
 * {@link WatchEngine#restore(DeviceState)} before {@link WatchEngine#start}.
 *
 * @param device              the device id
 * @param lastHeard           when the gateway last received anything but DEVICE_FAULT from it
 *                            (device-offline counts its silence from here)
 * @param offline             its silence passed offlineAfter and it was not heard since
 * @param offlineChannels     the channels of the device-offline ALARM still open for it (its own,
 *                            or its flapping ALARM); the RESOLVED goes to exactly these
 * @param faulty              it reported DEVICE_FAULT and was not heard since (its household's
 *                            elderly alerts carry sensorOffline meanwhile)
 * @param open                door-held-open: the door is open
 * @param openedAt            door-held-open: start of the latest opening (open or since closed),
 *                            or null before any; an opening not later than it is a stale report
 * @param heldOpenAlarmed     a door-held-open ALARM was raised for the current opening
 * @param heldOpenChannels    the channels that ALARM went to; the RESOLVED on closing goes here
 * @param denials             access-denied-burst: the ACCESS_DENIED times still counted, oldest first
 * @param denialsQuietUntil   access-denied-burst: no new alarm before this instant, or null
 * @param offlineAlarmed      the current silence raised an ALARM of its own (a device covered by
 *                            a group's alarm, or flapping, has none); RESOLVED when heard
 * @param backAt              when it was last heard again after an alarmed silence, or null: a
 *                            silence that begins soon after is flapping
 * @param flaps               silences counted by its open flapping ALARM, or 0 when none is open
 * @param flapSince           the start of the silence that raised the flapping ALARM, or null
 * @param group               the group (port, building or site) whose ALARM covers its current
 *                            silence, e.g. {@code port:bus-3}, or null
 * @param groupSince          that group ALARM's episode (the earliest silence it counted), or null
 * @param groupChannels       the channels that group ALARM went to
 */
public record DeviceState(
        String device,
        Instant lastHeard,
        boolean offline,
        List<String> offlineChannels,
        boolean faulty,
        boolean open,
        Instant openedAt,
        boolean heldOpenAlarmed,
        List<String> heldOpenChannels,
        List<Instant> denials,
        Instant denialsQuietUntil,
        boolean offlineAlarmed,
        Instant backAt,
        int flaps,
        Instant flapSince,
        String group,
        Instant groupSince,
        List<String> groupChannels) {

    public DeviceState {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(lastHeard, "lastHeard");
        offlineChannels = List.copyOf(offlineChannels);
        heldOpenChannels = List.copyOf(heldOpenChannels);
        denials = List.copyOf(denials);
        groupChannels = List.copyOf(groupChannels);
    }

    /** A state of a store written before flapping and grouping: an offline device had its own ALARM. */
    public DeviceState(String device, Instant lastHeard, boolean offline, List<String> offlineChannels, boolean faulty,
                       boolean open, Instant openedAt, boolean heldOpenAlarmed, List<String> heldOpenChannels,
                       List<Instant> denials, Instant denialsQuietUntil) {
        this(device, lastHeard, offline, offlineChannels, faulty, open, openedAt, heldOpenAlarmed, heldOpenChannels,
                denials, denialsQuietUntil, offline, null, 0, null, null, null, List.of());
    }

    /** A device last heard at {@code lastHeard} with nothing else pending. */
    public static DeviceState heardAt(String device, Instant lastHeard) {
        return new DeviceState(device, lastHeard, false, List.of(), false, false, null, false, List.of(), List.of(), null);
    }
}
