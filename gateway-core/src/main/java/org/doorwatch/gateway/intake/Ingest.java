package org.doorwatch.gateway.intake;

import org.doorwatch.domain.DoorEvent;
import org.doorwatch.gateway.writer.MessageKey;

/**
 * Where every event source hands over what it read: MQTT today, serial lines and TCP device
 * servers next (issue 5: their {@code EventSink.onEvent(event, source)} maps to
 * {@link #accept}, {@code onInvalid(frame)} to {@link #reject}).
 *
 * <p>{@code accept} blocks while the writer's queue is full; a source that blocks stops
 * reading, which pushes back to the broker or the serial buffer instead of losing events.
 */
public interface Ingest {

    /** An {@code afterCommit} for sources that have nothing to acknowledge. */
    Runnable NO_ACK = () -> { };

    /**
     * Hands over a parsed event. {@code afterCommit} runs on the writer thread once the event
     * is committed to SQLite, or once it is found unusable and counted; an MQTT source
     * acknowledges the message there, so a crash before the commit means redelivery.
     *
     * @param source e.g. {@code mqtt}, {@code serial:bus-1}, {@code tcp:gw-7}; a metrics label
     * @throws InterruptedException when the caller's thread is interrupted while waiting
     */
    void accept(DoorEvent event, String source, Runnable afterCommit) throws InterruptedException;

    /**
     * As {@link #accept(DoorEvent, String, Runnable)}, for a message that a broker may deliver
     * more than once (MQTT QoS 1): an event whose {@code key} was committed already is dropped
     * and counted as {@code duplicate} when {@code key.check()} says the key identifies the event.
     */
    default void accept(DoorEvent event, String source, MessageKey key, Runnable afterCommit)
            throws InterruptedException {
        accept(event, source, afterCommit);
    }

    /**
     * Counts and logs (at most once a minute per reason) an input that is not a valid event.
     *
     * @param device the device it came from when known, else null
     * @param reason a short stable code, e.g. {@code not-json}, {@code unknown-device}, {@code bad-crc}
     * @param message a sentence naming what was wrong
     */
    void reject(String source, String device, String reason, String message);
}
