package org.doorwatch.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.doorwatch.gateway.storage.OutboxRow;
import org.junit.jupiter.api.Test;

class LaneTest {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    @Test
    void oneHouseholdGoesOneAtATimeInOrderOthersInParallel() {
        Lane lane = new Lane("property", transport(10));
        lane.add(row(1, "a"));
        lane.add(row(2, "a"));
        lane.add(row(3, "b"));
        lane.add(row(4, "a"));
        assertThat(lane.takeReady(T0)).extracting(OutboxRow::seq).containsExactly(1L, 3L);
        assertThat(lane.takeReady(T0)).isEmpty();
        lane.done(1);
        assertThat(lane.takeReady(T0)).extracting(OutboxRow::seq).containsExactly(2L);
        lane.done(3);
        lane.done(2);
        assertThat(lane.takeReady(T0)).extracting(OutboxRow::seq).containsExactly(4L);
        lane.done(4);
        assertThat(lane.pending()).isZero();
    }

    @Test
    void aRetriedRowStaysAheadOfItsHouseholdAndWaitsItsBackoff() {
        Lane lane = new Lane("property", transport(10));
        lane.add(row(1, "a"));
        lane.add(row(2, "a"));
        lane.add(row(3, "b"));
        assertThat(lane.takeReady(T0)).extracting(OutboxRow::seq).containsExactly(1L, 3L);
        lane.retry(row(1, "a").afterFailure(T0.plusSeconds(5)));
        lane.done(3);
        assertThat(lane.takeReady(T0.plusSeconds(4))).isEmpty(); // 2 may not overtake 1
        assertThat(lane.nextRetry(T0.plusSeconds(4))).isEqualTo(T0.plusSeconds(5));
        assertThat(lane.takeReady(T0.plusSeconds(5))).extracting(OutboxRow::seq, OutboxRow::attempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1));
    }

    @Test
    void aRowReadBackInItsBackoffWaitsForIt() {
        Lane lane = new Lane("family-app", transport(10));
        lane.add(new OutboxRow(1, "alert-1", "family-app", OutboxRow.WEBHOOK, "a", "{}", T0, T0, 3,
                T0.plusSeconds(30), 0));
        lane.add(row(2, "a"));
        lane.add(row(3, "b"));
        assertThat(lane.takeReady(T0)).extracting(OutboxRow::seq).containsExactly(3L);
        assertThat(lane.nextRetry(T0)).isEqualTo(T0.plusSeconds(30));
        assertThat(lane.takeReady(T0.plusSeconds(30))).extracting(OutboxRow::seq).containsExactly(1L);
    }

    @Test
    void inFlightIsBounded() {
        Lane lane = new Lane("property", transport(2));
        for (int i = 1; i <= 5; i++) {
            lane.add(row(i, "h" + i));
        }
        assertThat(lane.takeReady(T0)).hasSize(2);
        assertThat(lane.takeReady(T0)).isEmpty();
        lane.done(1);
        assertThat(lane.takeReady(T0)).extracting(OutboxRow::seq).containsExactly(3L);
        assertThat(lane.pending()).isEqualTo(4);
    }

    @Test
    void aRowAddedAgainWhileInFlightIsNotSentTwice() {
        Lane lane = new Lane("property", transport(10));
        lane.add(row(1, "a"));
        assertThat(lane.takeReady(T0)).hasSize(1);
        lane.add(row(1, "a"));
        assertThat(lane.takeReady(T0)).isEmpty();
    }

    private static OutboxRow row(long seq, String household) {
        return new OutboxRow(seq, "alert-" + seq, "property", OutboxRow.MQTT, household, "{}", T0, T0, 0, null, 0);
    }

    private static Transport transport(int maxInFlight) {
        return new Transport() {
            public String name() { return "mqtt"; }
            public boolean ready() { return true; }
            public int maxInFlight() { return maxInFlight; }
            public Duration backoff(int attempt) { return Duration.ofSeconds(1); }
            public Duration retryFor(String channel) { return null; }
            public void send(OutboxRow row, Consumer<Outcome> done) { }
        };
    }
}
