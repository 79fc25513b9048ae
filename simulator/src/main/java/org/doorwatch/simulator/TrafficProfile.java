package org.doorwatch.simulator;

import java.time.Duration;
import java.util.Locale;

/**
 * Knobs of the generated traffic.
 *
 * @param heartbeatEvery every device sends a HEARTBEAT this often; zero for none; null for the
 *                       usual interval of its kind ({@link #heartbeatOf}): a battery door
 *                       contact about once an hour, a mains-powered gate, reader or intercom
 *                       every 5 minutes
 * @param randomFaults   whether the routine includes rare unscripted trouble: forced and
 *                       held-open doors, denied cards, devices dying for a while
 */
public record TrafficProfile(Duration heartbeatEvery, boolean randomFaults) {

    /** How often a battery door contact reports (Zigbee, LoRa, NB-IoT contacts: about hourly). */
    static final Duration BATTERY_HEARTBEAT = Duration.ofHours(1);
    /** How often a mains-powered device (gate, card reader, intercom) reports. */
    static final Duration MAINS_HEARTBEAT = Duration.ofMinutes(5);
    /**
     * A battery device's own clock (an RC oscillator) runs up to this fraction fast or slow, so
     * its hourly reports drift against the others' and against the hour.
     */
    static final double BATTERY_DRIFT = 0.02;

    /** Heartbeats by kind, with random trouble. */
    public static TrafficProfile defaults() {
        return new TrafficProfile(null, true);
    }

    /** Routine only: no unscripted trouble, so that a test sees exactly its scripted incidents. */
    public TrafficProfile calm() {
        return new TrafficProfile(heartbeatEvery, false);
    }

    /** The nominal heartbeat interval of {@code device}. */
    Duration heartbeatOf(SimDevice device) {
        if (heartbeatEvery != null) {
            return heartbeatEvery;
        }
        return battery(device) ? BATTERY_HEARTBEAT : MAINS_HEARTBEAT;
    }

    /** Door contacts run on batteries; gates, readers and intercoms on mains. */
    static boolean battery(SimDevice device) {
        return device.kind() != null && device.kind().toLowerCase(Locale.ROOT).contains("contact");
    }
}
