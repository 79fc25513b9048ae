package org.doorwatch.simulator;

import java.time.Duration;

/**
 * Knobs of the generated traffic.
 *
 * @param heartbeatEvery every device sends a HEARTBEAT this often (the gateway's device-offline
 *                       rule expects one within 15 minutes); zero for none
 * @param randomFaults   whether the routine includes rare unscripted trouble: forced and
 *                       held-open doors, denied cards, devices dying for a while
 */
public record TrafficProfile(Duration heartbeatEvery, boolean randomFaults) {

    public static TrafficProfile defaults() {
        return new TrafficProfile(Duration.ofMinutes(5), true);
    }

    /** Routine only: no unscripted trouble, so that a test sees exactly its scripted incidents. */
    public TrafficProfile calm() {
        return new TrafficProfile(heartbeatEvery, false);
    }
}
