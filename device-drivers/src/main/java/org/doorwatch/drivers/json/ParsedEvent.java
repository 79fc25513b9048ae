package org.doorwatch.drivers.json;

import org.doorwatch.domain.DoorEvent;

/**
 * The outcome of parsing one message: an event, or why there is none.
 *
 * @param event   the event, or null on error
 * @param reason  a short stable code for metrics labels ({@code not-json}, {@code bad-type},
 *                {@code missing-field}, {@code bad-field}, {@code bad-timestamp},
 *                {@code oversized}, ...), or null when ok
 * @param message a sentence naming the field and what was expected, or null when ok
 */
public record ParsedEvent(DoorEvent event, String reason, String message) {

    public static ParsedEvent ok(DoorEvent event) {
        return new ParsedEvent(event, null, null);
    }

    public static ParsedEvent error(String reason, String message) {
        return new ParsedEvent(null, reason, message);
    }

    public boolean isOk() {
        return event != null;
    }
}
