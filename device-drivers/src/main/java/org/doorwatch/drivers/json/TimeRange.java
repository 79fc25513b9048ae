package org.doorwatch.drivers.json;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * The instants an event time may take: those the store can write, epoch milliseconds in a
 * {@code long} (about 292 million years either side of 1970). Every timestamp parser (event JSON,
 * vendor profiles, ascii lines, the staff API, {@code --start}) refuses a time outside it, so no
 * later arithmetic on an accepted time ({@code toEpochMilli}, the engine's deadlines) can overflow.
 * ISO-8601 and epoch seconds can both name times beyond it ({@code +999999999-12-31T23:59:59Z},
 * {@code 9223372036854775807}).
 *
 * <p>Whether a time is plausible (the gateway's window around its own clock) is a different
 * question, answered by the gateway; this is only what can be represented.
 */
public final class TimeRange {

    public static final Instant MIN = Instant.ofEpochMilli(Long.MIN_VALUE);
    public static final Instant MAX = Instant.ofEpochMilli(Long.MAX_VALUE);

    private TimeRange() {}

    public static boolean contains(Instant t) {
        return !t.isBefore(MIN) && !t.isAfter(MAX);
    }

    /**
     * @return {@code t}
     * @throws DateTimeException when {@code t} is outside the range
     */
    public static Instant check(Instant t) {
        if (!contains(t)) {
            throw new DateTimeException("the time " + t + " is outside the range a store can hold ("
                    + MIN + " to " + MAX + ")");
        }
        return t;
    }
}
