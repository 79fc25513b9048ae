package org.doorwatch.rules;

/**
 * Why an event is refused ({@link Admission}): a reference to something the config does not
 * know, or a source that may not send it.
 *
 * @param reason  a short, stable code for metrics labels: {@code unknown-device},
 *                {@code unknown-household}, {@code missing-household}, {@code bad-timestamp},
 *                {@code staff-action}
 * @param message a sentence naming the offending value
 */
public record Rejection(String reason, String message) {}
