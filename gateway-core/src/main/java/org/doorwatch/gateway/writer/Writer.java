package org.doorwatch.gateway.writer;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.gateway.alert.AlertJson;
import org.doorwatch.gateway.clock.AcceleratedClock;
import org.doorwatch.gateway.health.Health;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.doorwatch.gateway.storage.Acknowledgement;
import org.doorwatch.gateway.storage.Batch;
import org.doorwatch.gateway.storage.JournalEntry;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.gateway.storage.OutcomeRecord;
import org.doorwatch.gateway.storage.OutboxUpdate;
import org.doorwatch.gateway.storage.WriterStore;
import org.doorwatch.rules.DeviceState;
import org.doorwatch.rules.HouseholdState;
import org.doorwatch.rules.Rejection;
import org.doorwatch.rules.WatchEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the engine and writes the store.
 *
 * <p>A tick: take up to {@link #MAX_BATCH} commands from the queue, read the clock once
 * ({@code now}), apply each command at {@code now}, take the re-notification rounds due
 * ({@link Notifications}), {@code advance(now)} through at most {@link #MAX_FIRES_PER_TICK}
 * deadlines, then commit ONE transaction: journal rows, changed household states
 * ({@code engine.changes()}), new alerts and their outbox rows (to machines and to people),
 * re-notification state and history, acknowledgements, and what delivery reported about earlier
 * rows (the writer is the store's only writer). Only after SQLite committed does the engine commit, and only then are MQTT
 * messages acknowledged and outbox rows handed to delivery. If the transaction fails, the
 * engine rolls back and the same batch is tried again with back-off: nothing is half-recorded,
 * nothing is sent that is not stored.
 *
 * <p>Between ticks it waits on its queue for at most the time to the engine's next deadline or
 * the next re-notification round, whichever is first (one wake-up for every household and
 * every alert), converted to real time for an accelerated clock, and at
 * most {@link #MAX_IDLE} so that a stepped wall clock costs at most that much lateness.
 *
 * <p>A command that makes the engine throw (a bug, never expected) is taken out of the batch,
 * counted and logged; the rest of the batch goes on. One poison event must not stop the watch.
 */
public final class Writer {

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

    /** Commands per transaction: about a millisecond of SQLite work (PITFALLS: ~1M rows/s batched). */
    static final int MAX_BATCH = 1000;
    /** Deadlines fired per tick; more wait for the next tick, right after. */
    static final int MAX_FIRES_PER_TICK = 5000;
    static final Duration MAX_IDLE = Duration.ofSeconds(1);
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 10_000;

    /** Where the writer reports an event the engine cannot use. */
    public interface Rejections {
        void reject(String source, String device, String reason, String message);
    }

    private final WatchEngine engine;
    private final WriterStore store;
    private final Clock clock;
    private final ZoneId zone;
    private ChannelPlan channels;
    private final Notifications notifications;
    private final Consumer<List<OutboxRow>> delivery;
    /** Told of outbox rows a commit took back (held messages a RESOLVED made pointless). */
    private volatile Consumer<List<Long>> cancellations = seqs -> { };
    private final GatewayMetrics metrics;
    private final Health health;
    private final StageGauge stages;
    private final Rejections rejections;
    private final DailyPurge purge;
    private final BlockingQueue<Command> queue;
    private final Thread thread;
    private final Map<String, io.micrometer.core.instrument.Counter> eventCounters = new HashMap<>();
    /** What delivery reported, for the next transaction; any thread adds, the writer drains. */
    private final ConcurrentLinkedQueue<OutboxUpdate> outboxUpdates = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();

    /** MQTT messages committed lately: a QoS 1 redelivery of one is dropped, not applied twice. */
    private final RecentMessages recent = new RecentMessages();
    /**
     * States a reconfigure changed that are not committed yet. A reconfigure cannot be rolled
     * back, so if its transaction fails, the retry (which reconfigures again, to no change)
     * must still write them.
     */
    private final Map<String, HouseholdState> reconfiguredHouseholds = new HashMap<>();
    private final Map<String, DeviceState> reconfiguredDevices = new HashMap<>();
    private volatile boolean stopped;
    /** The start-up hold on overdue deadlines; null when off or over. Writer thread only after start. */
    private CatchUp catchUp;
    /**
     * Staff actions that came during the start-up hold, applied when it ends: at now, each would
     * first fire every overdue deadline, also those that a queued opening not read yet cancels.
     */
    private final List<Command> heldActions = new ArrayList<>();
    private volatile org.doorwatch.gateway.health.Liveness.Beat beat;
    private volatile Failpoint failpoint = Failpoint.NONE;
    /** Told of every alert committed (the staff API's live stream); runs on the writer thread, must not block. */
    private volatile Consumer<List<Batch.NewAlert>> alertListener = a -> { };
    private Instant nextPurge;
    private long failures;

    /**
     * @param notifications the messages to people and their re-notification (SPEC section 8),
     *                      restored from the store
     */
    public Writer(WatchEngine engine, WriterStore store, Clock clock, ZoneId zone, ChannelPlan channels,
           Notifications notifications, Consumer<List<OutboxRow>> delivery, GatewayMetrics metrics, Health health,
           StageGauge stages, Rejections rejections, DailyPurge purge, int queueCapacity) {
        this.engine = engine;
        this.store = store;
        this.clock = clock;
        this.zone = zone;
        this.channels = channels;
        this.notifications = notifications;
        this.delivery = delivery;
        this.metrics = metrics;
        this.health = health;
        this.stages = stages;
        this.rejections = rejections;
        this.purge = purge;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "writer");
        metrics.gauge(GatewayMetrics.WRITER_QUEUE, queue::size);
    }

    /** Who hears of outbox rows a commit cancelled (the dispatcher drops them); set before {@link #start}. */
    public void onCancelled(Consumer<List<Long>> listener) {
        this.cancellations = listener;
    }

    /**
     * Reads the identities of the last MQTT messages the journal holds, so that a redelivery after
     * a restart is recognised too; before {@link #start}.
     */
    public void rememberCommittedMessages() throws SQLException {
        recent.restore(store.recentMessageKeys(2 * RecentMessages.PER_GENERATION));
    }

    /** Who hears of committed alerts (issue 7's stream); set before {@link #start}. */
    public void onAlerts(Consumer<List<Batch.NewAlert>> listener) {
        this.alertListener = listener;
    }

    /**
     * Overdue deadlines wait for the events queued while the gateway was down ({@link CatchUp});
     * meanwhile events are applied at their own time. Set before {@link #start}; the engine must
     * have been started at the previous run's last instant, not at this start, or the first event
     * would fire the overdue deadlines anyway.
     */
    public void holdDeadlines(CatchUp hold) {
        this.catchUp = hold;
    }

    /**
     * The watchdog's beat (the loop beats once a second at least, also while a commit is retried),
     * and a fault to inject for the tests of a dead or stuck writer. Set before {@link #start}.
     */
    public void watchedBy(org.doorwatch.gateway.health.Liveness.Beat beat, String failpoint) {
        this.beat = beat;
        this.failpoint = Failpoint.parse(failpoint);
    }

    public void start() {
        nextPurge = clock.instant();
        thread.start();
    }

    public boolean isRunning() {
        return thread.isAlive() && !stopped;
    }

    /** Queues a command, waiting while the queue is full. */
    public void submit(Command c) throws InterruptedException {
        if (stopped) {
            throw new IllegalStateException("the writer has stopped");
        }
        queue.put(c);
    }

    /** Queues a command unless the queue stays full for {@code timeout}; false then. */
    public boolean offer(Command c, Duration timeout) throws InterruptedException {
        if (stopped) {
            return false;
        }
        return queue.offer(c, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Makes the writer look at the clock now (a test moved it). */
    public void wake() {
        queue.offer(new Command.Wake());
    }

    /**
     * Records what delivery learned about an outbox row, in the next transaction. Any thread;
     * never blocks (a full command queue means the writer is busy and will get to it anyway).
     */
    public void recordOutbox(OutboxUpdate u) {
        outboxUpdates.add(u);
        if (wakePending.compareAndSet(false, true) && !queue.offer(new Command.Wake())) {
            wakePending.set(false);
        }
    }

    /**
     * Commits what is queued and ends the thread, waiting at most {@code bound}. Commands still
     * queued after that are dropped: MQTT messages among them were not acknowledged and come
     * again on the next run.
     */
    public void stop(Duration bound) throws InterruptedException {
        if (!thread.isAlive()) {
            stopped = true;
            return;
        }
        if (!queue.offer(new Command.Stop(), bound.toMillis(), TimeUnit.MILLISECONDS)) {
            thread.interrupt();
        }
        stopped = true;
        thread.join(bound.toMillis());
        if (thread.isAlive()) {
            LOG.warn("writer did not finish within {}; interrupting it", bound);
            thread.interrupt();
            thread.join(1000);
        }
    }

    // ------------------------------------------------------------------ the loop

    private void run() {
        List<Command> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                alive();
                Command first = queue.poll(waitNanos(), TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                failpoint.at(batch);
                holdStaffActions(batch);
                boolean stop = batch.removeIf(c -> c instanceof Command.Stop);
                if (batch.removeIf(c -> c instanceof Command.Wake)) {
                    wakePending.set(false);
                }
                tick(batch);
                batch.clear();
                if (stop) {
                    queue.drainTo(batch);
                    batch.removeIf(c -> c instanceof Command.Wake || c instanceof Command.Stop);
                    tick(batch);
                    while (!outboxUpdates.isEmpty()) {
                        tick(List.of());
                    }
                    return;
                }
                purgeIfDue();
            }
        } catch (InterruptedException e) {
            LOG.warn("writer interrupted; {} queued commands not committed (MQTT messages among them come again)",
                    queue.size() + batch.size());
            failAll(batch, e);
        } catch (RuntimeException | Error e) {
            // Nothing below catches this (a command's own failure is caught in apply): the watch has
            // stopped. The watchdog sees it, /health says down and the process ends for a restart.
            LOG.error("the writer thread died; {} queued commands not committed (MQTT messages among them come again)",
                    queue.size() + batch.size(), e);
            org.doorwatch.gateway.health.Liveness.Beat b = beat;
            if (b != null) {
                b.died(e);
            }
            failAll(batch, e);
        } finally {
            stopped = true;
            List<Command> left = new ArrayList<>(heldActions); // a stop during the start-up hold: never applied
            heldActions.clear();
            queue.drainTo(left);
            failAll(left, new IllegalStateException("the writer has stopped"));
        }
    }

    /**
     * While the start-up hold lasts, sets the batch's staff actions that move the engine aside;
     * once it is over, puts them first in the batch, in the order they came. Their callers wait
     * (the staff API up to 20 s; the hold ends after 15 s at the latest by default).
     */
    private void holdStaffActions(List<Command> batch) {
        if (catchUp != null && catchUp.holding()) {
            batch.removeIf(c -> {
                boolean moves = c instanceof Command.StaffAction s && s.type() != null;
                if (moves) {
                    heldActions.add(c);
                }
                return moves;
            });
        } else if (!heldActions.isEmpty()) {
            LOG.info("start-up: {} staff action(s) received during the hold applied now", heldActions.size());
            batch.addAll(0, heldActions);
            heldActions.clear();
        }
    }

    private long waitNanos() {
        if (!outboxUpdates.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        boolean holding = catchUp != null && catchUp.holding();
        Instant next = holding ? null : engine.nextDeadline().orElse(null); // held: no deadline fires
        Instant round = notifications.nextDeadline(); // re-notification shares the one wake-up
        if (round != null && (next == null || round.isBefore(next))) {
            next = round;
        }
        if (next != null && !next.isAfter(now)) {
            return 0;
        }
        if (nextPurge != null && !nextPurge.isAfter(now)) {
            return 0;
        }
        // toWall is bounded: a deadline 8,000 years ahead (a store written under --start 9999) does not overflow
        Duration wall = next == null ? MAX_IDLE : AcceleratedClock.toWall(clock, Duration.between(now, next));
        long nanos = Math.min(AcceleratedClock.nanos(wall), MAX_IDLE.toNanos());
        return holding ? Math.min(nanos, catchUp.recheckNanos()) : nanos;
    }

    /** One transaction for {@code commands} and the deadlines due now; retried until it commits. */
    private void tick(List<Command> commands) throws InterruptedException {
        List<Command> work = new ArrayList<>(commands);
        List<OutboxUpdate> updates = new ArrayList<>();
        for (OutboxUpdate u; updates.size() < MAX_BATCH * 4 && (u = outboxUpdates.poll()) != null; ) {
            updates.add(u);
        }
        int attempt = 0;
        while (true) {
            Instant now = clock.instant();
            Batch tx = new Batch();
            recent.begin();
            updates.forEach(tx::outboxUpdate);
            List<Runnable> after = new ArrayList<>();
            List<Command.Acknowledge> acks = new ArrayList<>();
            int index = 0;
            try {
                for (; index < work.size(); index++) {
                    apply(work.get(index), now, tx, after, acks);
                }
                index = -1;
                // rounds before stages: a round that fell due before a later stage of its alert goes out
                // even on a late tick (the stage then ends the rounds), as it would have on time
                notifications.advance(now, tx);
                if (!holdingDeadlines()) {
                    addAlerts(engine.advance(now, MAX_FIRES_PER_TICK), 0, now, tx);
                }
                notifications.finish(now, tx);
                Map<String, HouseholdState> households = new java.util.LinkedHashMap<>(reconfiguredHouseholds);
                engine.changes().forEach(h -> households.put(h.household(), h));
                households.values().forEach(tx::household);
                Map<String, DeviceState> devices = new java.util.LinkedHashMap<>(reconfiguredDevices);
                engine.deviceChanges().forEach(d -> devices.put(d.device(), d));
                devices.values().forEach(tx::device);
            } catch (RuntimeException e) {
                engine.rollback();
                notifications.rollback();
                recent.rollback();
                if (index >= 0) {
                    Command poison = work.remove(index);
                    LOG.error("the engine failed on {}; it is skipped and counted, the rest of the batch goes on",
                            describe(poison), e);
                    drop(poison, e);
                    continue;
                }
                attempt = backOff(attempt, "the engine failed while raising due stages", e);
                continue;
            }
            if (tx.isEmpty()) {
                engine.commit();
                notifications.commit();
                recent.commit();
                runAll(after);
                return;
            }
            WriterStore.Committed done;
            try {
                done = store.commit(tx, now, engine.clock()); // the engine's clock: where a restart resumes
            } catch (SQLException | RuntimeException e) {
                engine.rollback();
                notifications.rollback();
                recent.rollback();
                metrics.writerFailures().increment();
                health.component(Health.DATABASE, false, "commit failed: " + e.getMessage());
                if (stopped && attempt >= 3) {
                    LOG.error("giving up on the last batch at shutdown after {} failed commits; its MQTT messages "
                            + "were not acknowledged and come again", attempt + 1, e);
                    failAll(work, e);
                    return;
                }
                attempt = backOff(attempt, "the store rejected a commit", e);
                continue;
            }
            engine.commit();
            notifications.commit();
            recent.commit();
            reconfiguredHouseholds.clear();
            reconfiguredDevices.clear();
            metrics.writerCommits().increment();
            if (failures > 0 || attempt > 0) {
                LOG.info("the store accepts commits again");
                failures = 0;
            }
            health.component(Health.DATABASE, true, "ok");
            if (!done.cancelled().isEmpty()) {
                cancellations.accept(done.cancelled()); // before the new rows: none of those is cancelled
            }
            if (!done.outbox().isEmpty()) {
                delivery.accept(done.outbox());
            }
            afterCommit(tx, done, acks);
            runAll(after);
            return;
        }
    }

    private void apply(Command c, Instant now, Batch tx, List<Runnable> after, List<Command.Acknowledge> acks) {
        if (c instanceof Command.Event e) {
            long key = e.message().value();
            if (key != 0 && e.message().check() && recent.seen(key)) {
                // committed before: acknowledged again (the broker stops sending it), never applied twice
                after.add(() -> rejections.reject(e.source(), e.event().device(), "duplicate", "a redelivered "
                        + e.event().type() + " whose event was committed already; dropped"));
                after.add(e.afterCommit());
                return;
            }
            Instant at = now;
            if (catchUp != null) {
                catchUp.heard(e.event().ts());
                if (e.event().ts().isBefore(now)) {
                    at = e.event().ts(); // by its own time, before the deadlines it would have moved
                }
            }
            WatchEngine.Outcome o = engine.offer(e.event(), at);
            Rejection r = o.rejection();
            if (key != 0) {
                recent.add(key);
            }
            if (r != null) {
                after.add(() -> rejections.reject(e.source(), e.event().device(), r.reason(), r.message()));
            } else {
                addAlerts(o.alerts(), e.arrivalNanos(), now, tx);
                tx.event(new JournalEntry(e.event(), e.source(), now, key));
            }
            after.add(e.afterCommit());
        } else if (c instanceof Command.StaffAction s) {
            DoorEvent action = s.type() == null ? null : DoorEvent.staff(now, s.type(), s.household(), s.by(), s.until());
            WatchEngine.Outcome o = action == null ? null : engine.offer(action, now);
            Rejection r = o == null ? null : o.rejection();
            if (r != null) {
                after.add(() -> s.done().completeExceptionally(new RejectedException(r.reason(), r.message())));
            } else {
                if (action != null) {
                    addAlerts(o.alerts(), 0, now, tx);
                    tx.event(new JournalEntry(action, "staff", now));
                }
                if (s.outcome() != null) {
                    tx.outcome(new OutcomeRecord(s.alertId(), s.household(), s.by(), now, s.outcome(), s.note(),
                            s.until()));
                }
                if (s.audit() != null) {
                    tx.audit(s.audit());
                }
                after.add(() -> s.done().complete(null));
            }
        } else if (c instanceof Command.Acknowledge a) {
            tx.acknowledgement(new Acknowledgement(a.alertId(), a.by(), now, a.note()));
            notifications.acknowledged(a.alertId()); // stops its re-notification, never its stages
            if (a.audit() != null) {
                tx.audit(a.audit());
            }
            acks.add(a);
        } else if (c instanceof Command.Audit a) {
            tx.audit(a.entry());
            after.add(() -> a.done().complete(null));
        } else if (c instanceof Command.Reconfigure r) {
            channels = new ChannelPlan(r.next());
            notifications.reconfigure(r.next());
            addAlerts(engine.reconfigure(r.next().engine(), now), 0, now, tx);
            engine.changes().forEach(h -> reconfiguredHouseholds.put(h.household(), h));
            engine.deviceChanges().forEach(d -> reconfiguredDevices.put(d.device(), d));
            stages.reconfigure(r.next().engine());
            LOG.info("config applied: {} households, {} devices", engine.householdCount(), engine.deviceCount());
        } else if (c instanceof Command.Flush f) {
            after.add(() -> f.done().complete(null));
        }
    }

    /** True while the start-up hold lasts; logs once when it ends, and forgets it. */
    private boolean holdingDeadlines() {
        if (catchUp == null) {
            return false;
        }
        if (catchUp.holding()) {
            return true;
        }
        LOG.info("start-up: overdue deadlines fire now: {}", catchUp.outcome());
        catchUp = null;
        engine.skipTo(clock.instant()); // what is still overdue is raised at start-up (SPEC 6.7), not at its due time
        return false;
    }

    private void addAlerts(List<Alert> alerts, long arrivalNanos, Instant now, Batch tx) {
        for (Alert a : alerts) {
            String json = AlertJson.toJson(a, zone);
            tx.alert(new Batch.NewAlert(a, json));
            channels.rowsFor(a, json, arrivalNanos).forEach(tx::outbox);
            notifications.raised(a, json, arrivalNanos, now, tx);
        }
    }

    private void afterCommit(Batch tx, WriterStore.Committed done, List<Command.Acknowledge> acks) {
        for (Batch.NewAlert a : tx.alerts()) {
            metrics.alertRaised(a.alert().rule(), a.alert().stage().name());
            LOG.info("alert {} {} {} household {} -> {}", a.alert().id(), a.alert().rule(), a.alert().stage(),
                    a.alert().household(), a.alert().channels());
        }
        tx.forEachEvent(j -> eventCounters.computeIfAbsent(j.source() + '\0' + j.event().type(),
                k -> metrics.registry().counter(GatewayMetrics.EVENTS_IN, "source", j.source(),
                        "type", j.event().type().name())).increment());
        tx.forEachHousehold(stages::update);
        if (!tx.alerts().isEmpty()) {
            try {
                alertListener.accept(tx.alerts());
            } catch (RuntimeException e) {
                LOG.warn("the alert listener failed: {}", e.toString());
            }
        }
        for (int i = 0; i < acks.size(); i++) {
            acks.get(i).done().complete(done.acknowledged()[i]);
        }
    }

    private int backOff(int attempt, String what, Exception e) throws InterruptedException {
        failures++;
        long delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(attempt, 16));
        if (attempt == 0 || attempt % 10 == 0) {
            LOG.error("{}; retrying the batch in {} ms (attempt {})", what, delay, attempt + 1, e);
        }
        for (long slept = 0; slept < delay; slept += 500) {
            alive(); // a store that cannot commit is the database's problem (health says so), not a stuck writer
            Thread.sleep(Math.min(500, delay - slept));
        }
        return attempt + 1;
    }

    private void alive() {
        org.doorwatch.gateway.health.Liveness.Beat b = beat;
        if (b != null) {
            b.alive();
        }
    }

    private void purgeIfDue() {
        Instant now = clock.instant();
        if (nextPurge == null || now.isBefore(nextPurge)) {
            return;
        }
        try {
            // A run not finished goes on at the next tick, after any queued work.
            nextPurge = purge.step(now) ? now : now.plus(Duration.ofDays(1));
        } catch (SQLException | RuntimeException e) {
            LOG.error("the retention purge failed; trying again in an hour", e);
            nextPurge = now.plus(Duration.ofHours(1));
        }
    }

    private void drop(Command c, RuntimeException e) {
        if (c instanceof Command.Event ev) {
            rejections.reject(ev.source(), ev.event().device(), "engine-error", "the engine failed on it: " + e);
            ev.afterCommit().run();
        } else {
            failAll(List.of(c), e);
        }
    }

    private static void failAll(List<Command> commands, Throwable cause) {
        for (Command c : commands) {
            if (c instanceof Command.StaffAction s) {
                s.done().completeExceptionally(cause);
            } else if (c instanceof Command.Acknowledge a) {
                a.done().completeExceptionally(cause);
            } else if (c instanceof Command.Flush f) {
                f.done().completeExceptionally(cause);
            } else if (c instanceof Command.Audit a) {
                a.done().completeExceptionally(cause);
            }
        }
    }

    private static void runAll(List<Runnable> after) {
        for (Runnable r : after) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("after-commit action failed: {}", e.toString());
            }
        }
    }

    private static String describe(Command c) {
        if (c instanceof Command.Event e) {
            return e.event().type() + " from " + e.source() + " device " + e.event().device();
        }
        return c.getClass().getSimpleName();
    }

    /** Completes when everything queued before it is committed. */
    public CompletableFuture<Void> flush() throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(new Command.Flush(done));
        return done;
    }
}
