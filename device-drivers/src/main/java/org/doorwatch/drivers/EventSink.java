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

    /**
     * A normalized event from a source that must know when it is safe: {@code afterCommit} runs once
     * the event is stored (or found unusable and counted), on whatever thread stores it. A source
     * that reads a device's log by index moves its stored index on only then, so a crash before the
     * commit reads the event again instead of losing it. The default has nothing to wait for.
     */
    default void onEvent(DoorEvent event, String source, Runnable afterCommit) {
        onEvent(event, source);
        afterCommit.run();
    }

    /** A frame that could not be decoded; it was dropped. Count it by {@link InvalidFrame#reason()}. */
    void onInvalid(InvalidFrame frame);
}
