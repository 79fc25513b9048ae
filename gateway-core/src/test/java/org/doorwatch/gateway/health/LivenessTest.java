package org.doorwatch.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LivenessTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Liveness liveness = new Liveness(nanos::get);

    private void after(long seconds) {
        nanos.addAndGet(seconds * 1_000_000_000L);
    }

    @Test
    void aBeatThatStopsIsStuckAfterItsLimitAndAliveAgainWhenItBeats() {
        Liveness.Beat writer = liveness.beat("writer", Duration.ofSeconds(60));
        after(60);
        assertThat(liveness.check()).isEmpty();
        after(1);
        assertThat(liveness.check()).containsExactly("the writer thread has not moved for 61 s (limit 60 s)");
        writer.alive();
        assertThat(liveness.check()).isEmpty();
    }

    @Test
    void aDeadThreadIsReportedAtOnceWithItsCause() {
        Liveness.Beat writer = liveness.beat("writer", Duration.ofSeconds(60));
        writer.died(new ArithmeticException("long overflow"));
        assertThat(liveness.check()).containsExactly("the writer thread died: java.lang.ArithmeticException: long overflow");
        writer.alive();
        assertThat(liveness.check()).as("dead stays dead").hasSize(1);
    }

    @Test
    void aHandlerInsideLongerThanTheLimitIsAStuckIngestAndLeavingClearsIt() throws Exception {
        Liveness.Busy ingest = liveness.busy("ingest", Duration.ofSeconds(10));
        Thread t = new Thread(ingest::enter, "MQTT Call: doorwatch-site-ingest");
        t.start();
        t.join();
        after(10);
        assertThat(liveness.check()).isEmpty();
        after(1);
        assertThat(liveness.check()).containsExactly(
                "the ingest is stuck: MQTT Call: doorwatch-site-ingest has handled one message for 11 s (limit 10 s)");
        ingest.enter();
        ingest.exit(); // another thread's exit does not clear it
        assertThat(liveness.check()).hasSize(1);
    }
}
