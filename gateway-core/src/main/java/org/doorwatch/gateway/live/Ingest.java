package org.doorwatch.gateway.live;

import org.doorwatch.domain.DoorEvent;

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
     * The identity of a delivered message.
     *
     * @param value 64 bits of a digest; 0 is "none"
     * @param check whether a message with a committed {@code value} is a duplicate: true when the
     *              value identifies the event itself (the device's own timestamp is in it), or the
     *              broker marked the message a redelivery (DUP); false for a first delivery of an
     *              event without a timestamp, whose twin may be a real second door opening
     */
    record MessageKey(long value, boolean check) {
        public static final MessageKey NONE = new MessageKey(0, false);
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
