package org.doorwatch.gateway.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: attempt n waits base * 2^(n-1), capped, then randomised
 * to between half and all of that ("equal jitter"), so that receivers coming back from an
 * outage are not hit by every retry at the same instant.
 */
public record Backoff(Duration base, Duration cap) {

    public Duration delay(int attempt) {
        long baseMs = Math.max(1, base.toMillis());
        long d = attempt >= 40 ? cap.toMillis() : Math.min(cap.toMillis(), baseMs << Math.max(0, attempt - 1));
        return Duration.ofMillis(d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1));
    }
}
