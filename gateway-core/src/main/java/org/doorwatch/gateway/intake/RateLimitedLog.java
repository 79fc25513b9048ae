package org.doorwatch.gateway.intake;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a kind of problem at most once per interval, with how many were suppressed since: a
 * device that sends garbage ten times a second must not drown the log. The clock is the wall
 * clock in production (log hygiene is about real time, even when the engine runs accelerated)
 * and a test clock in tests.
 */
final class RateLimitedLog {

    private record Slot(long lastMillis, AtomicLong suppressed) {}

    private final Logger log;
    private final Clock clock;
    private final long intervalMillis;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log, Clock clock, Duration interval) {
        this.log = log;
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    /** Logs {@code message} at WARN unless {@code key} was logged within the interval; true when logged. */
    boolean warn(String key, String message) {
        long now = clock.millis();
        long[] suppressed = {-1};
        slots.compute(key, (k, s) -> {
            if (s == null || now - s.lastMillis() >= intervalMillis) {
                suppressed[0] = s == null ? 0 : s.suppressed().get();
                return new Slot(now, new AtomicLong());
            }
            s.suppressed().incrementAndGet();
            return s;
        });
        if (suppressed[0] < 0) {
            return false;
        }
        log.warn("{}{}", message, suppressed[0] > 0
                ? " (and " + suppressed[0] + " more like it since the last report)" : "");
        return true;
    }
}
