package org.doorwatch.gateway.writer;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.doorwatch.gateway.alert.AlertJson;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.doorwatch.gateway.storage.RetentionPurge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's daily retention purge ({@code storage.retain}, docs/privacy.md): the journal by
 * the time each event was received, alerts by episode (see {@link RetentionPurge}) by the time
 * the episode ended, both on the gateway clock like everything they hold; the audit log by its
 * real time. A day's run is cut into small transactions, one chunk of each table per
 * {@link #step}, that the writer interleaves with its batches; the cut-offs are fixed when the
 * run begins, so a run that takes many steps does not chase its own tail.
 */
public final class DailyPurge {

    private static final Logger LOG = LoggerFactory.getLogger(DailyPurge.class);

    /** Journal and audit rows per transaction: a few milliseconds of SQLite work. */
    static final int ROW_CHUNK = 10_000;
    /** Episode ends looked at per transaction (each deletes a handful of alerts with their rows). */
    static final int EPISODE_CHUNK = 1_000;

    private final RetentionPurge store;
    private final GatewayConfig.Retention retain;
    private final Clock wallClock;
    private final GatewayMetrics metrics;
    private final ZoneId zone;

    /** The run under way, or null between runs. */
    private Run run;

    private static final class Run {
        final Instant events;
        final Instant alerts;
        final Instant audit;
        boolean eventsDone;
        boolean alertsDone;
        boolean auditDone;
        long alertCursor;
        long eventsPurged;
        long alertsPurged;
        long auditPurged;

        Run(Instant events, Instant alerts, Instant audit) {
            this.events = events;
            this.alerts = alerts;
            this.audit = audit;
        }

        boolean done() {
            return eventsDone && alertsDone && auditDone;
        }
    }

    public DailyPurge(RetentionPurge store, GatewayConfig.Retention retain, Clock wallClock, GatewayMetrics metrics,
                      ZoneId zone) {
        this.store = store;
        this.retain = retain;
        this.wallClock = wallClock;
        this.metrics = metrics;
        this.zone = zone;
    }

    /**
     * One chunk of each table the day's run has not finished, starting a run if none is under
     * way; {@code now} is the gateway clock.
     *
     * @return true while the run has more to do (call again soon), false when it is finished
     * @throws SQLException when a transaction failed; the run is given up (what it deleted stays
     *                      deleted) and the next call starts a new one, which finds the tables
     *                      already purged that far and goes quickly over them
     */
    boolean step(Instant now) throws SQLException {
        if (run == null) {
            run = new Run(now.minus(retain.events()), now.minus(retain.alerts()), wallClock.instant().minus(retain.audit()));
        }
        try {
            return step(run);
        } catch (SQLException | RuntimeException e) {
            run = null;
            throw e;
        }
    }

    private boolean step(Run r) throws SQLException {
        if (!r.eventsDone) {
            int n = store.events(r.events, ROW_CHUNK);
            metrics.eventsPurged().increment(n);
            r.eventsPurged += n;
            r.eventsDone = n < ROW_CHUNK;
        }
        if (!r.alertsDone) {
            RetentionPurge.AlertPass pass = store.alerts(r.alerts, r.alertCursor, EPISODE_CHUNK);
            metrics.alertsPurged().increment(pass.alertsDeleted());
            r.alertsPurged += pass.alertsDeleted();
            r.alertCursor = pass.lastRowid();
            r.alertsDone = pass.examined() < EPISODE_CHUNK;
        }
        if (!r.auditDone) {
            int n = store.audit(r.audit, ROW_CHUNK);
            metrics.auditPurged().increment(n);
            r.auditPurged += n;
            r.auditDone = n < ROW_CHUNK;
        }
        if (!r.done()) {
            return true;
        }
        if (r.eventsPurged + r.alertsPurged + r.auditPurged > 0) {
            LOG.info("retention: purged {} journal events received before {}, {} alerts of episodes ended before {}, "
                    + "{} audit rows before {}", r.eventsPurged, AlertJson.time(r.events, zone), r.alertsPurged,
                    AlertJson.time(r.alerts, zone), r.auditPurged, AlertJson.time(r.audit, zone));
        }
        run = null;
        return false;
    }
}
