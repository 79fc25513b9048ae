package org.doorwatch.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.gateway.storage.OutboxUpdate;
import org.doorwatch.gateway.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery of rows whose instants came from a hostile clock: raised in year 9999 or year -1 and
 * confirmed today (the latency metric took {@code toNanos()} of 8,000 years), a next attempt stored
 * under a clock that has since gone back 8,000 years (it would have waited for that clock to come
 * round again). Every row must go out now, in order, and be confirmed.
 */
class DispatcherHostileInstantsTest {

    private static final Instant TODAY = Instant.parse("2026-11-22T00:00:00Z");
    private static final Instant Y9999 = Instant.parse("9999-06-01T00:00:00Z");
    private static final Instant YEAR_MINUS_1 = Instant.parse("-0001-06-01T00:00:00Z");

    private final ManualClock clock = new ManualClock(TODAY);
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final List<OutboxUpdate> updates = new CopyOnWriteArrayList<>();
    private final List<Long> sent = new CopyOnWriteArrayList<>();
    private Dispatcher dispatcher;

    @AfterEach
    void stop() {
        dispatcher.stop(Duration.ofSeconds(2));
    }

    @Test
    void rowsFromYear9999AndYearMinus1AreDeliveredNowAndCounted() {
        Transport confirming = new Transport() {
            @Override public String name() { return OutboxRow.WEBHOOK; }
            @Override public boolean ready() { return true; }
            @Override public int maxInFlight() { return 8; }
            @Override public Duration backoff(int attempt) { return Duration.ofSeconds(1); }
            @Override public Duration retryFor(String channel) { return Duration.ofHours(72); }
            @Override public void send(OutboxRow row, Consumer<Outcome> done) {
                sent.add(row.seq());
                done.accept(Outcome.DELIVERED);
            }
        };
        dispatcher = new Dispatcher(updates::add, Map.of("family", List.of(confirming)), clock, metrics);
        dispatcher.start(List.of(
                // written under --start 9999-06-01: raised then, its retry due an hour later, in year 9999
                new OutboxRow(1, "a-9999", "family", OutboxRow.WEBHOOK, "h-1", "{}", Y9999, Y9999, 3,
                        Y9999.plus(Duration.ofHours(1)), 0),
                new OutboxRow(2, "a-after", "family", OutboxRow.WEBHOOK, "h-1", "{}", Y9999, Y9999, 0, null, 0),
                new OutboxRow(3, "a-minus-1", "family", OutboxRow.WEBHOOK, "h-2", "{}", YEAR_MINUS_1, YEAR_MINUS_1, 0,
                        null, 0),
                new OutboxRow(4, "a-epoch", "family", OutboxRow.WEBHOOK, "h-3", "{}", Instant.EPOCH, Instant.EPOCH, 0,
                        null, 0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> updates.size() == 4);
        assertThat(updates).allMatch(u -> u instanceof OutboxUpdate.Delivered);
        assertThat(sent).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
        assertThat(sent.indexOf(1L)).as("h-1's rows in order").isLessThan(sent.indexOf(2L));
        assertThat(metrics.scrape()).contains("doorwatch_delivery_latency_seconds_count{transport=\"webhook\"} 4");
    }

    /**
     * The clock at the last second of year 9999, and the retry's wake-up finds it has not moved (a wall
     * clock stepped back by NTP between scheduling and firing looks the same): the wake-up must schedule
     * itself again. It did not (it took itself for a wake-up still pending), so the row waited for some
     * other alert or reconnect to poke delivery.
     */
    @Test
    void aRetryWhoseWakeUpComesEarlyByTheClockIsStillSentOnceItIsDue() {
        List<Outcome> script = new CopyOnWriteArrayList<>(List.of(new Outcome.Retry("HTTP 503", null), Outcome.DELIVERED));
        Transport flaky = new Transport() {
            @Override public String name() { return OutboxRow.WEBHOOK; }
            @Override public boolean ready() { return true; }
            @Override public int maxInFlight() { return 8; }
            @Override public Duration backoff(int attempt) { return Duration.ofMillis(20); }
            @Override public Duration retryFor(String channel) { return Duration.ofHours(72); }
            @Override public void send(OutboxRow row, Consumer<Outcome> done) {
                sent.add(row.seq());
                done.accept(script.remove(0));
            }
        };
        clock.set(Instant.parse("9999-12-31T23:59:59Z"));
        AtomicInteger reads = new AtomicInteger();
        Clock counting = new Clock() {
            @Override public Instant instant() { reads.incrementAndGet(); return clock.instant(); }
            @Override public ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
        };
        dispatcher = new Dispatcher(updates::add, Map.of("family", List.of(flaky)), counting, metrics);
        dispatcher.start(List.of(new OutboxRow(1, "a", "family", OutboxRow.WEBHOOK, "h-1", "{}", TODAY,
                clock.instant(), 0, null, 0)));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1 && updates.size() == 1);
        int before = reads.get();
        // the clock stands still: each wake-up finds the row not due and must schedule the next one
        await("delivery keeps waking up while the retry is not due by the clock").atMost(Duration.ofSeconds(5))
                .until(() -> reads.get() >= before + 3);
        clock.advance(Duration.ofSeconds(1)); // year 10000: past what the parsers accept, not past what runs
        await().atMost(Duration.ofSeconds(5))
                .until(() -> updates.stream().anyMatch(u -> u instanceof OutboxUpdate.Delivered));
        assertThat(sent).containsExactly(1L, 1L);
        assertThat(updates.get(0)).isInstanceOf(OutboxUpdate.Attempt.class);
    }
}
