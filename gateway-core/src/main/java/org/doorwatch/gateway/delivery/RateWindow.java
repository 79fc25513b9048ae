package org.doorwatch.gateway.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A sliding-window limit: at most {@code limit} sends in any {@code window} (a robot's 20 messages
 * a minute). Pure: instants are arguments.
 */
final class RateWindow {

    private final int limit;
    private final Duration window;
    private final ArrayDeque<Instant> sent = new ArrayDeque<>();

    RateWindow(int limit, Duration window) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        this.limit = limit;
        this.window = window;
    }

    private void expire(Instant now) {
        while (!sent.isEmpty() && !sent.peekFirst().plus(window).isAfter(now)) {
            sent.pollFirst();
        }
    }

    boolean mayPass(Instant now) {
        expire(now);
        return sent.size() < limit;
    }

    void record(Instant at) {
        sent.addLast(at);
    }

    /** When the next send may pass: {@code now}, or when the oldest send in the window leaves it. */
    Instant nextSlot(Instant now) {
        expire(now);
        return sent.size() < limit ? now : sent.peekFirst().plus(window);
    }

    /** Sends within the window ending {@code now}. */
    int used(Instant now) {
        expire(now);
        return sent.size();
    }
}
