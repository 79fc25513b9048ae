package org.doorwatch.gateway.run;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.doorwatch.domain.Household;
import org.doorwatch.gateway.clock.AcceleratedClock;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.doorwatch.gateway.mqtt.EmbeddedBroker;
import org.doorwatch.gateway.storage.OpenNotification;
import org.doorwatch.gateway.storage.OutboxStore;
import org.doorwatch.gateway.storage.WriterStore;
import org.doorwatch.gateway.writer.Notifications;
import org.doorwatch.gateway.writer.StageGauge;
import org.doorwatch.rules.HouseholdState;
import org.doorwatch.rules.WatchEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up from the store (docs/DESIGN.md, "Start-up and stop"): the run is recorded, so that a
 * run without a clean stop is known as a crash; the engine gets back every stored household and
 * device state before it starts (the writer's first tick then raises, once, the stages that fell
 * due while the gateway was down); the households gauge starts from those states; and after a
 * crash with the embedded broker, what the broker confirmed just before it is owed again.
 */
final class Restore {

    private static final Logger LOG = LoggerFactory.getLogger(Restore.class);
    /** Embedded broker, after a crash: deliveries it confirmed this long before are sent again. */
    static final Duration REDELIVERY_WINDOW = Duration.ofSeconds(EmbeddedBroker.AUTOSAVE_SECONDS * 10L);

    private Restore() {}

    /** Records the start of this run; returns the start of the previous run if it did not stop cleanly, else null. */
    static Instant recordStart(WriterStore store, Instant startedAt, String version) throws SQLException {
        Instant unclean = store.recordStart(startedAt, version);
        if (unclean != null) {
            LOG.warn("the previous run (started {}) did not stop cleanly; deliveries it left unconfirmed go out "
                    + "again with their ids, and stages that fell due meanwhile are raised now", unclean);
        }
        return unclean;
    }

    /**
     * Where the engine resumes: the previous run's last instant when it is earlier than this start
     * (the start itself for a new store), so that queued events can be applied at their own time.
     */
    static Instant resumeAt(WriterStore store, Instant startedAt) throws SQLException {
        Instant last = store.lastReached();
        return last == null || last.isAfter(startedAt) ? startedAt : last;
    }

    /** The engine of {@code config} with every stored household and device state, started at {@code startedAt}. */
    static WatchEngine engine(GatewayConfig config, WriterStore store, Instant startedAt) throws SQLException {
        WatchEngine engine = new WatchEngine(config.engine());
        int[] restored = new int[2];
        store.households(s -> {
            engine.restore(s);
            restored[0]++;
        });
        store.devices(d -> {
            engine.restore(d);
            restored[1]++;
        });
        engine.start(startedAt);
        LOG.info("engine started at {}: {} households and {} devices ({} and {} restored from the store), "
                + "{} pending deadlines", startedAt, engine.householdCount(), engine.deviceCount(), restored[0],
                restored[1], engine.pendingDeadlines());
        return engine;
    }

    /**
     * The messages to people still owed their re-notification, as the last run left them: the
     * writer's schedule goes on from there (a round that fell due while the gateway was down goes
     * out at the first tick, once).
     */
    static Notifications notifications(GatewayConfig config, WriterStore store) throws SQLException {
        List<OpenNotification> open = store.openNotifications();
        Notifications n = Notifications.restore(config, open, store.unresolvedTexts());
        if (!open.isEmpty()) {
            LOG.info("{} alerts are still re-notified until somebody acknowledges them", open.size());
        }
        return n;
    }

    /** {@code doorwatch_households{stage}} filled from the restored engine's households. */
    static StageGauge stages(GatewayConfig config, WatchEngine engine, GatewayMetrics metrics) {
        StageGauge stages = new StageGauge(config.engine(), metrics);
        for (Household h : config.engine().households()) {
            HouseholdState s = engine.state(h.id());
            if (s != null) {
                stages.update(s);
            }
        }
        return stages;
    }

    /**
     * After a crash with the embedded broker: its store commits once a second, so the deliveries it
     * confirmed within {@link #REDELIVERY_WINDOW} before the crash are owed again (same ids).
     */
    static void redeliverRecent(OutboxStore outbox, Clock clock) throws SQLException {
        int again = outbox.redeliverRecent(AcceleratedClock.toVirtual(clock, REDELIVERY_WINDOW));
        if (again > 0) {
            LOG.warn("{} MQTT deliveries confirmed by the embedded broker just before the crash go out again "
                    + "(same ids): the broker may not have stored them", again);
        }
    }
}
