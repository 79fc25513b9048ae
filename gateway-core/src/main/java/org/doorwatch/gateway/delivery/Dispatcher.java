package org.doorwatch.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.doorwatch.gateway.clock.AcceleratedClock;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import java.util.function.Consumer;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.gateway.storage.OutboxUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox. Rows arrive from the writer after their commit (and from SQLite at
 * start-up), go out through their transport, and are marked delivered only when the transport
 * confirms: the broker's PUBACK, the receiver's 2xx. Until then a row is owed; after a crash it
 * is read back and sent again with the same alert id.
 *
 * <p>All state lives on one thread ("delivery"); transports call back from their own threads
 * and are handed over to it. What it learns (delivered, failed attempts, failed for good) goes
 * to the writer, which records it in its next transaction; losing a "delivered" to a crash only
 * repeats a send, with the same id.
 *
 * <p>Retries: a row whose transport is down waits for it to come back (MQTT: the reconnect);
 * a row that failed with a transport up waits its back-off (webhooks: exponential with jitter,
 * until {@code retryFor} after its creation runs out, then it fails for good).
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Consumer<OutboxUpdate> updates;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> pendingGauges = new LinkedHashMap<>();
    private final ScheduledExecutorService thread;

    /** Rows the writer took back (held messages a RESOLVED made pointless): dropped when their time comes. */
    private final java.util.Set<Long> cancelled = new java.util.HashSet<>();
    private boolean pumpScheduled;
    private ScheduledFuture<?> retryWake;
    private Instant retryWakeAt;
    private volatile boolean stopping;

    /**
     * @param channels every channel id with the transports it uses, e.g. property -> [mqtt]
     */
    public Dispatcher(Consumer<OutboxUpdate> updates, Map<String, List<Transport>> channels, Clock clock,
                      GatewayMetrics metrics) {
        this.updates = updates;
        this.clock = clock;
        this.metrics = metrics;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "delivery");
            t.setDaemon(true);
            return t;
        });
        channels.forEach((channel, transports) -> transports.forEach(t -> lane(channel, t)));
    }

    private Lane lane(String channel, Transport t) {
        return lanes.computeIfAbsent(channel + "/" + t.name(), k -> {
            AtomicInteger gauge = new AtomicInteger();
            pendingGauges.put(k, gauge);
            metrics.gauge(GatewayMetrics.OUTBOX_PENDING, gauge::get, "channel", channel, "transport", t.name());
            return new Lane(channel, t);
        });
    }

    /** Starts sending, first what a previous run left undelivered ({@code pending}, in outbox order). */
    public void start(List<OutboxRow> pending) {
        if (!pending.isEmpty()) {
            LOG.info("{} deliveries left from the previous run go out first, with their original alert ids",
                    pending.size());
        }
        thread.execute(() -> {
            addAll(pending);
            pump();
        });
    }

    /** Channels of a reloaded config: lanes for the new (channel, transport) pairs. Any thread. */
    public void addChannels(Map<String, List<Transport>> channels) {
        onThread(() -> {
            channels.forEach((channel, transports) -> transports.forEach(t -> lane(channel, t)));
            schedulePump();
        });
    }

    /** New rows, just committed. Any thread. */
    public void submit(List<OutboxRow> rows) {
        onThread(() -> {
            addAll(rows);
            pump();
        });
    }

    /**
     * Rows the store marked cancelled (a RESOLVED before the held message's time): they leave
     * their lane without being sent. Any thread.
     */
    public void cancel(List<Long> seqs) {
        if (!seqs.isEmpty()) {
            onThread(() -> cancelled.addAll(seqs));
        }
    }

    /** A transport came up (the broker connection is back). Any thread. */
    /** Runs {@code r} on the delivery thread: the watchdog's probe that the thread still takes work. */
    public void probe(Runnable r) {
        onThread(r);
    }

    public void poke() {
        onThread(this::schedulePump);
    }

    /** Runs on the delivery thread; after {@link #stop} there is none, and late callbacks are dropped. */
    private void onThread(Runnable r) {
        try {
            thread.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // stopped: rows not confirmed stay owed in SQLite for the next run
        }
    }

    /** Rows owed, all channels. Any thread (approximate while sending). */
    public int pending() {
        return pendingGauges.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /**
     * Stops after the sends in flight are confirmed or {@code bound} passed; their updates are
     * with the writer by then. Rows not confirmed stay owed for the next run.
     */
    public void stop(Duration bound) {
        stopping = true;
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            CompletableFuture<Integer> inFlight = new CompletableFuture<>();
            try {
                thread.execute(() -> inFlight.complete(lanes.values().stream().mapToInt(Lane::inFlight).sum()));
                if (inFlight.get(bound.toMillis(), TimeUnit.MILLISECONDS) == 0) {
                    break;
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                break;
            }
        }
        thread.shutdownNow();
    }

    // ------------------------------------------------------------------ on the delivery thread

    private void addAll(List<OutboxRow> rows) {
        Instant now = clock.instant();
        for (OutboxRow stored : rows) {
            OutboxRow r = RetrySchedule.sane(stored, now);
            Lane lane = lanes.get(r.channel() + "/" + r.transport());
            if (lane == null) {
                LOG.error("outbox row {} for alert {}: no transport '{}' for channel '{}' in this config; it stays owed",
                        r.seq(), r.alertId(), r.transport(), r.channel());
                continue;
            }
            lane.add(r);
        }
        updateGauges();
    }

    private void schedulePump() {
        if (!pumpScheduled) {
            pumpScheduled = true;
            thread.execute(this::pump);
        }
    }

    private void pump() {
        pumpScheduled = false;
        if (stopping) {
            return;
        }
        Instant now = clock.instant();
        Instant nextRetry = null;
        for (Lane lane : lanes.values()) {
            if (!lane.transport.ready()) {
                continue;
            }
            for (OutboxRow row : lane.takeReady(now)) {
                if (!cancelled.isEmpty() && cancelled.remove(row.seq())) {
                    lane.done(row.seq()); // the store already says why; nothing to report
                    continue;
                }
                send(lane, row);
            }
            Instant r = lane.nextRetry(now);
            if (r != null && (nextRetry == null || r.isBefore(nextRetry))) {
                nextRetry = r;
            }
        }
        wakeAt(now, nextRetry);
    }

    private void wakeAt(Instant now, Instant at) {
        if (at == null || (retryWakeAt != null && !retryWakeAt.isAfter(at) && retryWake != null && !retryWake.isDone())) {
            return;
        }
        if (retryWake != null) {
            retryWake.cancel(false);
        }
        retryWakeAt = at;
        long delay = AcceleratedClock.toWall(clock, Duration.between(now, at)).toMillis() + 1;
        retryWake = thread.schedule(() -> {
            // This wake-up is running, so it is no longer pending: the pump must be free to schedule the next,
            // else a wake-up that finds its row not yet due (the clock stepped back) would be the last.
            retryWake = null;
            retryWakeAt = null;
            pump();
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void send(Lane lane, OutboxRow row) {
        try {
            lane.transport.send(row, outcome -> onThread(() -> finished(lane, row, outcome)));
        } catch (RuntimeException e) {
            finished(lane, row, new Outcome.Retry("send failed: " + e, null));
        }
    }

    private void finished(Lane lane, OutboxRow row, Outcome outcome) {
        Instant now = clock.instant();
        if (outcome instanceof Outcome.Delivered d) {
            lane.done(row.seq());
            updates.accept(new OutboxUpdate.Delivered(row.seq(), now, d.answer(), row.transport()));
            metrics.delivered(lane.transport.name(), Duration.between(row.alertTs(), now));
            if (row.arrivalNanos() != 0) {
                metrics.eventToAlert(System.nanoTime() - row.arrivalNanos());
            }
            if (row.attempts() > 0) {
                LOG.info("alert {} delivered to {} over {} after {} failed attempts", row.alertId(), lane.channel,
                        lane.transport.name(), row.attempts());
            }
        } else if (outcome instanceof Outcome.Failed f) {
            fail(lane, row, now, f.reason(), f.code());
        } else if (outcome instanceof Outcome.Retry r) {
            retry(lane, row, now, r);
        }
        updateGauges();
        schedulePump();
    }

    private void retry(Lane lane, OutboxRow row, Instant now, Outcome.Retry r) {
        int attempt = row.attempts() + 1;
        Duration wait = lane.transport.ready() ? lane.transport.backoff(attempt) : null;
        if (r.notBefore() != null && (wait == null || r.notBefore().compareTo(wait) > 0)) {
            wait = r.notBefore();
        }
        Duration retryFor = lane.transport.retryFor(lane.channel);
        Instant next = wait == null ? null : now.plus(wait);
        if (retryFor != null && row.createdAt() != null && next != null
                && next.isAfter(row.createdAt().plus(retryFor))) {
            fail(lane, row, now, r.reason() + "; gave up after retrying for " + retryFor, r.code());
            return;
        }
        metrics.deliveryFailure(lane.channel, lane.transport.name(), false);
        if (attempt == 1 || attempt % 10 == 0) {
            LOG.warn("alert {} to {} over {}: {}; retrying{} (attempt {})", row.alertId(), lane.channel,
                    lane.transport.name(), r.reason(), wait == null ? " when the transport is back" : " in " + wait, attempt);
        }
        lane.retry(row.afterFailure(next));
        if (!OutboxRow.MQTT.equals(row.transport())) { // MQTT retries on reconnect; HTTP transports keep a schedule
            updates.accept(new OutboxUpdate.Attempt(row.seq(), attempt, now, next == null ? now : next, r.reason(),
                    r.code(), row.transport()));
        }
    }

    private void fail(Lane lane, OutboxRow row, Instant now, String reason, String code) {
        lane.done(row.seq());
        metrics.deliveryFailure(lane.channel, lane.transport.name(), true);
        LOG.error("alert {} to {} over {} FAILED for good: {}; it will not be sent again", row.alertId(), lane.channel,
                lane.transport.name(), reason);
        updates.accept(new OutboxUpdate.Failed(row.seq(), row.attempts() + 1, now, reason, code, row.transport()));
    }

    private void updateGauges() {
        lanes.forEach((k, lane) -> pendingGauges.get(k).set(lane.pending()));
    }
}
