package org.doorwatch.simulator;

import org.doorwatch.domain.DoorEvent;

/**
 * Where the simulator sends a device's events: the same transport and protocol the real device
 * would use. Outputs are used from the simulator's one sending thread.
 */
interface Output extends AutoCloseable {

    /** For the progress line: {@code mqtt}, {@code serial}, {@code tcp}. */
    String transport();

    /** Sends one event; an event the protocol cannot carry is skipped and returns false. */
    boolean send(DoorEvent event) throws Exception;

    @Override
    void close() throws Exception;
}
