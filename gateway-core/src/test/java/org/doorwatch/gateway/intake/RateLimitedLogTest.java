package org.doorwatch.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.doorwatch.gateway.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    @Test
    void oncePerMinutePerReason() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T00:00:00Z"));
        RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger("test"), clock, Duration.ofMinutes(1));
        assertThat(log.warn("mqtt/not-json", "a")).isTrue();
        assertThat(log.warn("mqtt/not-json", "b")).isFalse();
        assertThat(log.warn("mqtt/oversized", "c")).isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(log.warn("mqtt/not-json", "d")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(log.warn("mqtt/not-json", "e")).isTrue();
    }
}
