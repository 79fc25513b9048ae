package org.doorwatch.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.doorwatch.gateway.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** The top-level status of /health: down, degraded or up, and since when each part is in its state. */
class HealthTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T00:00:00Z"));
    private final Health health = new Health(clock);

    @Test
    void downUntilTheBrokerAndTheDatabaseHaveReported() {
        assertThat(health.status()).isEqualTo("down");
        health.component(Health.DATABASE, true, "ok");
        assertThat(health.status()).isEqualTo("down");
        health.component(Health.BROKER, true, "connected");
        assertThat(health.status()).isEqualTo("up");
        assertThat(health.allUp()).isTrue();
    }

    @Test
    void aSourceDownIsDegradedAndTheBrokerDownIsDown() {
        health.component(Health.DATABASE, true, "ok");
        health.component(Health.BROKER, true, "connected");
        health.source("mqtt", true, "subscribed");
        health.source("bus-1", true, "serial:/dev/ttyUSB0: polling 1 module(s)");

        clock.advance(java.time.Duration.ofSeconds(5));
        health.source("bus-1", false, "serial:/dev/ttyUSB0: port gone");
        assertThat(health.status()).isEqualTo("degraded");
        assertThat(health.allUp()).isFalse();
        assertThat(health.sources().get("bus-1").since()).isEqualTo(clock.instant());

        health.component(Health.BROKER, false, "connection lost");
        assertThat(health.status()).isEqualTo("down");
        health.component(Health.BROKER, true, "connected");
        health.removeSource("bus-1"); // the port was removed by a reload
        assertThat(health.status()).isEqualTo("up");
    }

    @Test
    void aSourceStillDownForAnotherReasonKeepsItsSince() {
        health.source("bus-1", false, "no such port");
        Instant first = clock.instant();
        clock.advance(java.time.Duration.ofSeconds(30));
        health.source("bus-1", false, "permission denied");
        assertThat(health.sources().get("bus-1").since()).isEqualTo(first);
        assertThat(health.sources().get("bus-1").reason()).isEqualTo("permission denied");
    }
}
