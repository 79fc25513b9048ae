package org.doorwatch.gateway.writer;

/**
 * The identity of a message a broker may deliver more than once (MQTT QoS 1), carried by a
 * {@link Command.Event} so that the writer recognises a redelivery of an event it committed
 * already ({@link RecentMessages}, the journal's {@code msg_key}). Here, not in {@code intake},
 * because the writer reads it and must not import the sources.
 *
 * @param value 64 bits of a digest; 0 is "none"
 * @param check whether a message with a committed {@code value} is a duplicate: true when the
 *              value identifies the event itself (the device's own timestamp is in it), or the
 *              broker marked the message a redelivery (DUP); false for a first delivery of an
 *              event without a timestamp, whose twin may be a real second door opening
 */
public record MessageKey(long value, boolean check) {
    /** Not a broker's message (serial, TCP, UDP, staff): never a duplicate. */
    public static final MessageKey NONE = new MessageKey(0, false);
}
