package org.doorwatch.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.doorwatch.gateway.storage.OutboxRow;

/**
 * The lane against a plain model under random adds, sends, confirmations, retries and clock
 * steps: after every step, at most one row per household is in flight, a household's rows leave
 * in seq order, nothing is lost, nothing leaves twice while in flight, and the in-flight limit
 * holds.
 */
class LaneProperties {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    @Property(tries = 300)
    void orderAndAccountingHold(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int maxInFlight) {
        Random r = new Random(seed);
        Lane lane = new Lane("property", transport(maxInFlight));
        Map<String, TreeSet<Long>> owed = new HashMap<>(); // model: rows not yet done, per household
        Map<Long, OutboxRow> inFlight = new HashMap<>();
        Set<Long> done = new HashSet<>();
        long nextSeq = 1;
        Instant now = T0;
        for (int step = 0; step < 200; step++) {
            switch (r.nextInt(5)) {
                case 0, 1 -> {
                    String key = "h" + r.nextInt(4);
                    OutboxRow row = new OutboxRow(nextSeq, "a" + nextSeq, "property", OutboxRow.MQTT, key, "{}", T0, T0, 0, null, 0);
                    owed.computeIfAbsent(key, k -> new TreeSet<>()).add(nextSeq++);
                    lane.add(row);
                }
                case 2 -> {
                    for (OutboxRow row : lane.takeReady(now)) {
                        assertThat(inFlight).doesNotContainKey(row.seq());
                        assertThat(inFlight.values()).noneMatch(o -> o.orderKey().equals(row.orderKey()));
                        assertThat(owed.get(row.orderKey()).first()).as("oldest of its household first").isEqualTo(row.seq());
                        inFlight.put(row.seq(), row);
                    }
                    assertThat(inFlight.size()).isLessThanOrEqualTo(maxInFlight);
                }
                case 3 -> {
                    if (!inFlight.isEmpty()) {
                        OutboxRow row = new ArrayList<>(inFlight.values()).get(r.nextInt(inFlight.size()));
                        inFlight.remove(row.seq());
                        if (r.nextBoolean()) {
                            assertThat(lane.done(row.seq())).isEqualTo(row);
                            owed.get(row.orderKey()).remove(row.seq());
                            done.add(row.seq());
                        } else {
                            lane.retry(row.afterFailure(r.nextBoolean() ? null : now.plusSeconds(r.nextInt(5))));
                        }
                    }
                }
                default -> now = now.plusSeconds(r.nextInt(3));
            }
            long modelPending = owed.values().stream().mapToLong(Set::size).sum();
            assertThat(lane.pending()).isEqualTo((int) modelPending);
            assertThat(lane.inFlight()).isEqualTo(inFlight.size());
        }
        // everything still owed eventually leaves
        Instant later = now.plus(Duration.ofMinutes(1));
        for (int i = 0; i < 1000 && lane.pending() > 0; i++) {
            inFlight.keySet().forEach(lane::done);
            inFlight.clear();
            lane.takeReady(later).forEach(row -> inFlight.put(row.seq(), row));
        }
        assertThat(lane.pending()).isZero();
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
