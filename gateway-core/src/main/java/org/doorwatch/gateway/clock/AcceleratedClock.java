package org.doorwatch.gateway.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A clock that starts at a chosen instant and runs {@code speed} times faster than real time:
 * the simulator's way of playing days of door traffic in minutes (issue 8), and the tests'
 * way of seeing thresholds of hours pass in seconds.
 *
 * <p>It reads {@link System#nanoTime()}, so a wall-clock step (NTP) does not move it. The
 * gateway converts its waits with {@link #toWall(Clock, Duration)}: a deadline one virtual
 * hour away is one hour / speed of real waiting.
 *
 * <p>An anchored clock runs at real speed until its anchor and accelerates only from there:
 * a gateway started a few seconds before the simulator's anchor must not see hours of
 * simulated silence in the meantime (at 8,000x, five seconds of start-up would be eleven
 * hours: every device "offline", every household's watch started half a day early).
 */
public final class AcceleratedClock extends Clock {

    private final Instant start;
    private final double speed;
    /** {@link System#nanoTime()} at which the clock shows {@code start}; before it, real speed. */
    private final long originNanos;
    private final ZoneId zone;

    private AcceleratedClock(Instant start, double speed, long originNanos, ZoneId zone) {
        this.start = Objects.requireNonNull(start, "start");
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, was " + speed);
        }
        this.speed = speed;
        this.originNanos = originNanos;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** A clock that reads {@code start} now and then advances {@code speed} times real time. */
    public static AcceleratedClock startingAt(Instant start, double speed, ZoneId zone) {
        return new AcceleratedClock(start, speed, System.nanoTime(), zone);
    }

    /**
     * A clock that shows {@code start} at the wall-clock instant {@code anchor} (which may be in
     * the past or the future) and from then runs {@code speed} times real time: how the gateway
     * and the simulator, two processes started at different moments, agree on simulated time.
     * Before the anchor it runs at real speed (it shows {@code start} minus the real time left
     * to the anchor). The anchor is read against the wall clock once, here; afterwards only
     * {@link System#nanoTime()}.
     */
    public static AcceleratedClock anchoredAt(Instant start, Instant anchor, double speed, ZoneId zone) {
        long nanosNow = System.nanoTime();
        // An anchor centuries away would overflow the nanosecond arithmetic; a century is as good as forever here.
        long sinceAnchor = Math.max(-MAX_ANCHOR_NANOS, Math.min(MAX_ANCHOR_NANOS,
                nanos(Duration.between(anchor, Instant.now()))));
        return new AcceleratedClock(start, speed, nanosNow - sinceAnchor, zone);
    }

    /** 100 years: how far an anchor may be from now before it is taken as that far. */
    private static final long MAX_ANCHOR_NANOS = Duration.ofDays(36_525).toNanos();

    /** The longest wait {@link #toWall} returns: {@code Long.MAX_VALUE} nanoseconds, about 292 years. */
    public static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    /**
     * {@code d} in nanoseconds, saturated to the {@code long} range: {@link Duration#toNanos}
     * throws beyond about 292 years, which the time between two instants the parsers accept
     * (year 9999 and today) easily exceeds.
     */
    public static long nanos(Duration d) {
        if (d.compareTo(FOREVER) >= 0) {
            return Long.MAX_VALUE;
        }
        if (d.compareTo(FOREVER.negated()) <= 0) {
            return -Long.MAX_VALUE;
        }
        return d.toNanos();
    }

    public double speed() {
        return speed;
    }

    @Override
    public Instant instant() {
        long elapsed = System.nanoTime() - originNanos;
        return elapsed < 0 ? start.plusNanos(elapsed) : start.plusNanos((long) (elapsed * speed));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new AcceleratedClock(start, speed, originNanos, zone);
    }

    /**
     * How long to really wait for {@code virtual} to pass on {@code clock}: the same for an
     * ordinary clock, shorter by the speed for an accelerated one. Never negative, and at most
     * {@link #FOREVER}, so that callers may take {@code toNanos()} of it: a deadline in year 9999
     * seen from today is 8,000 years away.
     */
    public static Duration toWall(Clock clock, Duration virtual) {
        if (virtual.isNegative()) {
            return Duration.ZERO;
        }
        long v = nanos(virtual);
        if (clock instanceof AcceleratedClock a) {
            // before the anchor the clock runs at real speed: that part of the wait is not shortened
            long beforeAnchor = Math.max(0, Math.min(v, a.originNanos - System.nanoTime()));
            double nanos = beforeAnchor + (v - beforeAnchor) / a.speed;
            return Duration.ofNanos(nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(nanos));
        }
        return Duration.ofNanos(v);
    }

    /** How much time passes on {@code clock} while {@code wall} passes in reality (at most {@link #FOREVER}). */
    public static Duration toVirtual(Clock clock, Duration wall) {
        if (clock instanceof AcceleratedClock a) {
            double nanos = nanos(wall) * a.speed;
            return Duration.ofNanos(nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) nanos);
        }
        return wall;
    }

    @Override
    public String toString() {
        return "AcceleratedClock[start=" + start + ", speed=" + speed + "]";
    }
}
