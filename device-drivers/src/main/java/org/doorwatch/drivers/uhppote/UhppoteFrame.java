package org.doorwatch.drivers.uhppote;

/**
 * What {@link UhppoteCodec} made of one datagram: a message, or an invalid frame with the reason.
 * The invalid one carries the fields of the drivers' {@code InvalidFrame}, which the source builds
 * from it: this package stays below {@code org.doorwatch.drivers} (no import back up).
 */
public sealed interface UhppoteFrame {

    record Message(UhppoteMessage message) implements UhppoteFrame {}

    /**
     * @param source  the source that read the datagram
     * @param reason  a short stable code (a metrics label)
     * @param raw     the datagram
     * @param message what was expected and what was found
     */
    record Invalid(String source, String reason, byte[] raw, String message) implements UhppoteFrame {}
}
