package org.doorwatch.gateway.intake;

import java.time.Duration;
import java.time.Instant;
import org.doorwatch.gateway.config.Durations;

/**
 * How far a device's own event time may be from the gateway clock ({@code ingest.timestampWindow},
 * default a day either way). Outside it the device clock is wrong, not the event: a reader whose
 * RTC reset to 1970 would have its door openings taken as stale reports and dropped (SPEC 6.4:
 * activity not later than L changes nothing), so an old person's daily door opening would go
 * unheard and stages be raised for nothing; a door opened "in 1970" is held open for 56 years at
 * once, one opened in year 9999 never. Such an event is kept, at its receive time, and counted as
 * {@code bad-timestamp}.
 *
 * <p>Live ingest only: replay applies events at their own times on a clock that follows them.
 */
final class TimestampWindow {

    static final String REASON = "bad-timestamp";

    /** Null: the check is off. */
    private final Duration window;

    TimestampWindow(Duration window) {
        if (window != null && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("the timestamp window must be positive, was " + window);
        }
        this.window = window;
    }

    Duration window() {
        return window;
    }

    /** True when {@code ts} is further than the window from {@code now}, either way. Never overflows. */
    boolean outside(Instant ts, Instant now) {
        return window != null && Duration.between(now, ts).abs().compareTo(window) > 0;
    }

    /** The log line's reason: which way and how far off, and what happens instead. */
    String describe(Instant ts, Instant now) {
        return "event time " + ts + " is " + (ts.isAfter(now) ? "ahead of" : "behind") + " the gateway clock ("
                + now + ") by more than " + Durations.format(window)
                + " (ingest.timestampWindow); the event is kept at its receive time";
    }
}
