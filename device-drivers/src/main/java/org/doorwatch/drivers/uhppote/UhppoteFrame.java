package org.doorwatch.drivers.uhppote;

import org.doorwatch.drivers.InvalidFrame;

/** What {@link UhppoteCodec} made of one datagram: a message, or an invalid frame with the reason. */
public sealed interface UhppoteFrame {

    record Message(UhppoteMessage message) implements UhppoteFrame {}

    record Invalid(InvalidFrame frame) implements UhppoteFrame {}
}
