package org.doorwatch.gateway.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    private static final Instant START = Instant.parse("2026-11-22T12:00:00Z");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final CatchUp hold = new CatchUp(START, Duration.ofSeconds(2), Duration.ofSeconds(15), nanos::get);

    private void after(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    @Test
    void holdsUntilTheIngestIsReadyThenForTheQuietPeriod() {
        after(5_000);
        assertThat(hold.holding()).as("not ready: no quiet counts yet").isTrue();
        hold.ready();
        after(1_900);
        assertThat(hold.holding()).isTrue();
        after(100);
        assertThat(hold.holding()).isFalse();
        assertThat(hold.outcome()).startsWith("no queued event for 2.0 s after 7.0 s").contains("0 event(s)");
        assertThat(hold.holding()).as("over for good").isFalse();
    }

    @Test
    void eachQueuedEventRestartsTheQuietPeriodButLiveEventsDoNot() {
        hold.ready();
        after(1_500);
        hold.heard(START.minusSeconds(600)); // queued while down
        after(1_500);
        assertThat(hold.holding()).isTrue();
        hold.heard(START.plusSeconds(1)); // live: says nothing about the backlog
        after(600);
        assertThat(hold.holding()).isFalse();
        assertThat(hold.outcome()).contains("1 event(s) stamped before the start applied first (the oldest 2026-11-22T11:50:00Z)");
    }

    @Test
    void givesUpAtTheBoundWhateverComes() {
        hold.ready();
        for (int i = 0; i < 14; i++) {
            after(1_000);
            hold.heard(START.minusSeconds(1));
            assertThat(hold.holding()).isTrue();
        }
        after(1_000);
        assertThat(hold.holding()).isFalse();
        assertThat(hold.outcome()).startsWith("gave up after 15.0 s (queued events were still coming)");
    }

    @Test
    void aBrokerThatNeverComesIsNamedWhenTheBoundEndsTheHold() {
        after(15_000);
        assertThat(hold.holding()).isFalse();
        assertThat(hold.outcome()).startsWith("gave up after 15.0 s (the MQTT ingest was not ready)");
    }

    @Test
    void theWriterSleepsNoLongerThanUntilTheHoldCouldEnd() {
        assertThat(hold.recheckNanos()).as("polls for ready").isEqualTo(100_000_000L);
        hold.ready();
        after(500);
        assertThat(hold.recheckNanos()).isEqualTo(1_500_000_000L);
        after(1_500);
        hold.holding();
        assertThat(hold.recheckNanos()).isEqualTo(Long.MAX_VALUE);
    }
}
