package org.doorwatch.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Simulated time: at the real instant {@code anchor} the simulated clock shows {@code start},
 * and it runs {@code speed} simulated seconds per real second. The gateway is given the same
 * three values ({@code scripts/gateway run --start --speed --anchor}), so both sides read the
 * same simulated time and alert timestamps show it. Before the anchor both run at real speed
 * (see {@code AcceleratedClock}): the acceleration starts at the anchor.
 */
record SimClock(Instant start, Instant anchor, double speed) {

    SimClock {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(anchor, "anchor");
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, was " + speed);
        }
    }

    /** The simulated instant at real instant {@code real}. */
    Instant simAt(Instant real) {
        long realNanos = Duration.between(anchor, real).toNanos();
        return realNanos < 0 ? start.plusNanos(realNanos) : start.plusNanos((long) (realNanos * speed));
    }

    /** The real instant at which the simulated clock shows {@code sim}. */
    Instant realAt(Instant sim) {
        long simNanos = Duration.between(start, sim).toNanos();
        return simNanos < 0 ? anchor.plusNanos(simNanos) : anchor.plusNanos((long) (simNanos / speed));
    }
}
