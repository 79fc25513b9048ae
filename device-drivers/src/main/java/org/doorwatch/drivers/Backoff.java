package org.doorwatch.drivers;

import java.time.Duration;

/**
 * Reconnect delays: {@code initial}, doubling after each failed attempt, capped at {@code max};
 * back to {@code initial} after a success. The default, 1 s to 30 s, reaches the cap after five
 * failures, so a device server that reboots (about 20 s) is back within 30 s of it.
 */
public record Backoff(Duration initial, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Backoff {
        var p = new Problems("reconnect backoff");
        p.check(initial != null && initial.toMillis() > 0, "initial: expected a positive duration, found " + initial);
        p.check(max != null && initial != null && max.compareTo(initial) >= 0,
                "max: expected at least initial (" + initial + "), found " + max);
        p.throwIfAny();
    }

    /** The delay before attempt {@code failures + 1}, after {@code failures} failed attempts in a row (0 = first retry). */
    public Duration delayAfter(int failures) {
        long ms = initial.toMillis();
        for (int i = 0; i < failures && ms < max.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }
}
