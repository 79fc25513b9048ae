package org.doorwatch.drivers;

import org.doorwatch.domain.DoorEvent;

/** Where a source delivers what it read. Called from transport threads; must be thread-safe. */
public interface EventSink {

    /**
     * A normalized event.
     *
     * @param source the source that read it, e.g. {@code serial:/dev/ttyUSB0}, {@code tcp:10.0.0.5:4001}
     */
    void onEvent(DoorEvent event, String source);

    /** A frame that could not be decoded; it was dropped. Count it by {@link InvalidFrame#reason()}. */
    void onInvalid(InvalidFrame frame);
}
