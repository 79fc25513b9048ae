package org.doorwatch.gateway.live;

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
    void aSpeedMustBePositive() {
        assertThatThrownBy(() -> AcceleratedClock.startingAt(Instant.EPOCH, 0, ZoneOffset.UTC))
                .hasMessageContaining("speed");
        assertThatThrownBy(() -> AcceleratedClock.startingAt(Instant.EPOCH, Double.NaN, ZoneOffset.UTC))
                .hasMessageContaining("speed");
    }
}
