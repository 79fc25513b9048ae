package org.doorwatch.drivers;

import org.doorwatch.domain.DoorEvent;

/** What a decoder made of a frame: an event, or an invalid frame as a value. */
sealed interface Decoded {

    record Event(DoorEvent event) implements Decoded {}

    record Invalid(InvalidFrame frame) implements Decoded {}
}
