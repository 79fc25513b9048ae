package org.doorwatch.rules;

import java.time.Duration;
import java.time.Instant;

/**
 * Time arithmetic on epoch millis that cannot overflow: a hostile clock (year 9999, a device
 * reporting the far future) must not wrap a deadline into the past.
 */
final class Millis {

    private Millis() {}

    /** Epoch millis of {@code t}, saturated to the long range. */
    static long of(Instant t) {
        try {
            return t.toEpochMilli();
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static long of(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static long plus(long a, long b) {
        long r = a + b;
        // Overflow iff both operands have the same sign and the result's sign differs.
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    static Instant toInstant(long millis) {
        return Instant.ofEpochMilli(millis);
    }
}
