package org.doorwatch.rules;

/**
 * Why the engine cannot use an event: a reference to something the config does not know.
 *
 * @param reason  a short, stable code for metrics labels: {@code unknown-device},
 *                {@code unknown-household}, {@code missing-household}, {@code bad-timestamp}
 * @param message a sentence naming the offending value
 */
public record Rejection(String reason, String message) {}
