package org.doorwatch.gateway.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AcceleratedClockTest {

    @Test
    void startsWhereToldAndRunsFaster() {
        Instant start = Instant.parse("2026-11-22T00:00:00Z");
        AcceleratedClock c = AcceleratedClock.startingAt(start, 3600, ZoneOffset.UTC);
        Instant first = c.instant();
        assertThat(first).isBetween(start, start.plus(Duration.ofHours(1)));
        assertThat(c.instant()).isAfterOrEqualTo(first);
        assertThat(AcceleratedClock.toWall(c, Duration.ofHours(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(AcceleratedClock.toWall(Clock.systemUTC(), Duration.ofHours(2))).isEqualTo(Duration.ofHours(2));
        assertThat(AcceleratedClock.toWall(c, Duration.ofSeconds(-5))).isZero();
    }

    @Test
    void anAnchorInThePastPutsTheClockAheadByTheScaledDifference() {
        Instant start = Instant.parse("2026-11-22T00:00:00Z");
        // anchored one real minute ago at 60x: an hour of simulated time has already passed
        AcceleratedClock c = AcceleratedClock.anchoredAt(start, Instant.now().minusSeconds(60), 60, ZoneOffset.UTC);
        assertThat(c.instant()).isBetween(start.plus(Duration.ofMinutes(59)), start.plus(Duration.ofMinutes(70)));
    }

    @Test
    void beforeItsAnchorTheClockRunsAtRealSpeed() {
        Instant start = Instant.parse("2026-11-22T00:00:00Z");
        // anchored a real minute ahead at 8000x: the clock shows start then, and a minute before
        // start now (not 8000 minutes: a gateway waiting for the simulator sees no simulated days pass)
        AcceleratedClock later = AcceleratedClock.anchoredAt(start, Instant.now().plusSeconds(60), 8000, ZoneOffset.UTC);
        assertThat(later.instant()).isBetween(start.minus(Duration.ofSeconds(61)), start.minus(Duration.ofSeconds(50)));
        // a wait across the anchor: the part before it is real time, the rest is divided by the speed
        assertThat(AcceleratedClock.toWall(later, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        Duration across = AcceleratedClock.toWall(later, Duration.ofSeconds(60).plus(Duration.ofHours(8000)));
        assertThat(across).isBetween(Duration.ofSeconds(3650), Duration.ofSeconds(3661));
    }

    @Test
    void aSpeedMustBePositive() {
        assertThatThrownBy(() -> AcceleratedClock.startingAt(Instant.EPOCH, 0, ZoneOffset.UTC))
                .hasMessageContaining("speed");
        assertThatThrownBy(() -> AcceleratedClock.startingAt(Instant.EPOCH, Double.NaN, ZoneOffset.UTC))
                .hasMessageContaining("speed");
    }

    @Test
    void waitsOfThousandsOfYearsAreBoundedInsteadOfOverflowing() {
        Duration millennia = Duration.between(Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("9999-06-01T00:00:00Z"));
        AcceleratedClock fast = AcceleratedClock.startingAt(Instant.parse("2026-11-22T00:00:00Z"), 3600, ZoneOffset.UTC);
        assertThat(AcceleratedClock.toWall(Clock.systemUTC(), millennia)).isEqualTo(AcceleratedClock.FOREVER);
        assertThat(AcceleratedClock.toWall(fast, millennia).toNanos()).isPositive();
        assertThat(AcceleratedClock.toVirtual(fast, millennia)).isEqualTo(AcceleratedClock.FOREVER);
        assertThat(AcceleratedClock.nanos(millennia.negated())).isEqualTo(-Long.MAX_VALUE);
        assertThat(AcceleratedClock.nanos(Duration.ofSeconds(2))).isEqualTo(2_000_000_000L);
    }

    @Test
    void anAnchorThousandsOfYearsAwayDoesNotOverflowTheClock() {
        Instant start = Instant.parse("2026-11-22T00:00:00Z");
        AcceleratedClock past = AcceleratedClock.anchoredAt(start, Instant.parse("-0001-01-01T00:00:00Z"), 2, ZoneOffset.UTC);
        AcceleratedClock future = AcceleratedClock.anchoredAt(start, Instant.parse("9999-01-01T00:00:00Z"), 2, ZoneOffset.UTC);
        // taken as a century away: two centuries ahead at 2x, a century behind at real speed before the anchor
        assertThat(past.instant()).isAfter(start.plus(Duration.ofDays(365 * 199)));
        assertThat(future.instant()).isBefore(start.minus(Duration.ofDays(365 * 99)));
    }
}
