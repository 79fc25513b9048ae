package org.doorwatch.gateway.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.health.Health;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.doorwatch.gateway.storage.Database;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.gateway.storage.WriterStore;
import org.doorwatch.gateway.testing.ManualClock;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.rules.WatchEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer on a real SQLite file and a clock moved by hand: days of escalation in
 * milliseconds, and a store that refuses commits for a while (a trigger raises an error),
 * which must leave nothing half-recorded and lose nothing.
 */
@Timeout(60)
class WriterTest {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final List<OutboxRow> handedOver = Collections.synchronizedList(new ArrayList<>());
    private final List<String> rejected = Collections.synchronizedList(new ArrayList<>());
    private final GatewayMetrics metrics = new GatewayMetrics();
    private Health health;
    private Database db;
    private WriterStore store;
    private Writer writer;
    private Path file;

    @BeforeEach
    void start() throws Exception {
        GatewayConfig config = TestConfigs.load(TestConfigs.write(dir, "embedded: { port: 0 }", 0,
                "{ warning: 24h, callBack: 48h, visit: 72h }", 3));
        file = config.storage().path();
        db = Database.open(file, clock);
        store = new WriterStore(db);
        WatchEngine engine = new WatchEngine(config.engine());
        engine.start(T0);
        health = new Health(clock);
        writer = new Writer(engine, store, clock, config.zone(), new ChannelPlan(config), Notifications.of(config),
                handedOver::addAll, metrics,
                health, new StageGauge(config.engine(), metrics), (s, d, r, m) -> rejected.add(r),
                new DailyPurge(store.purge(), GatewayConfig.Retention.DEFAULT, clock, metrics, config.zone()), 100);
        writer.start();
        flush();
    }

    @AfterEach
    void stop() throws Exception {
        writer.stop(Duration.ofSeconds(5));
        store.close();
        db.close();
    }

    @Test
    void threeDaysOfSilenceRaiseEachStageOnceToItsChannels() throws Exception {
        assertThat(count("SELECT count(*) FROM households")).as("households under watch from the start").isEqualTo(3);
        clock.advance(Duration.ofHours(24));
        flush();
        assertThat(stages()).containsExactly("WARNING", "WARNING", "WARNING");
        clock.advance(Duration.ofHours(48));
        flush();
        assertThat(count("SELECT count(*) FROM alerts")).isEqualTo(9);
        // WARNING -> property, CALL_BACK -> property+community, VISIT -> all three: 6 rows per household
        assertThat(handedOver).hasSize(18);
        assertThat(count("SELECT count(*) FROM outbox")).isEqualTo(18);
        assertThat(handedOver).extracting(OutboxRow::seq).doesNotHaveDuplicates();
        assertThat(metrics.scrape()).contains("doorwatch_households{stage=\"VISIT\"} 3.0");
        clock.advance(Duration.ofDays(30));
        flush();
        assertThat(count("SELECT count(*) FROM alerts")).as("nothing more until activity").isEqualTo(9);
    }

    @Test
    void aRefusedCommitIsRetriedAndNothingIsHalfRecordedOrLost() throws Exception {
        AtomicInteger acked = new AtomicInteger();
        exec("CREATE TABLE fail_switch (x)");
        exec("CREATE TRIGGER fail_alerts BEFORE INSERT ON alerts WHEN (SELECT count(*) FROM fail_switch) > 0 "
                + "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
        exec("INSERT INTO fail_switch VALUES (1)");

        clock.advance(Duration.ofHours(25));
        writer.submit(new Command.Event(DoorEvent.device(clock.instant(), "door-h-1", EventType.DOOR_OPENED), "mqtt",
                System.nanoTime(), acked::incrementAndGet));
        await("the store refuses").atMost(Duration.ofSeconds(10))
                .until(() -> !health.components().get(Health.DATABASE).up());
        assertThat(metrics.writerFailures().count()).isPositive();
        assertThat(count("SELECT count(*) FROM alerts")).isZero();
        assertThat(count("SELECT count(*) FROM events")).as("the event waits with its batch").isZero();
        assertThat(count("SELECT last_activity FROM households WHERE id = 'h-1'")).isEqualTo(T0.toEpochMilli());
        assertThat(handedOver).as("nothing is sent that is not stored").isEmpty();
        assertThat(acked).as("no acknowledgement before the commit").hasValue(0);

        exec("DELETE FROM fail_switch");
        flush();
        assertThat(health.components().get(Health.DATABASE).up()).isTrue();
        assertThat(acked).hasValue(1);
        assertThat(count("SELECT count(*) FROM events")).isEqualTo(1);
        // h-1's WARNING fell due at 24h, before its door opened at 25h: raised, then resolved
        assertThat(stages()).containsExactly("RESOLVED", "WARNING", "WARNING", "WARNING");
        assertThat(handedOver).extracting(OutboxRow::alertId).doesNotHaveDuplicates().hasSize(4);
        clock.advance(Duration.ofHours(1));
        flush();
        assertThat(count("SELECT count(*) FROM alerts")).isEqualTo(4);
    }

    @Test
    void anEventTheEngineCannotUseIsCountedAndStillAcknowledged() throws Exception {
        AtomicInteger acked = new AtomicInteger();
        writer.submit(new Command.Event(new DoorEvent(T0, "door-h-1", EventType.DOOR_OPENED, "no-such-household",
                null, null, null, null), "mqtt", System.nanoTime(), acked::incrementAndGet));
        flush();
        assertThat(rejected).containsExactly("unknown-household");
        assertThat(acked).hasValue(1);
        assertThat(count("SELECT count(*) FROM events")).isZero();
    }

    @Test
    void staffActionsAndAcknowledgements() throws Exception {
        var done = new java.util.concurrent.CompletableFuture<Void>();
        writer.submit(new Command.StaffAction(EventType.AWAY, "h-2", "staff-7", null, done));
        done.get(5, TimeUnit.SECONDS);
        var unknown = new java.util.concurrent.CompletableFuture<Void>();
        writer.submit(new Command.StaffAction(EventType.CONFIRMED_WELL, "nobody", "staff-7", null, unknown));
        assertThat(unknown).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
                .withCauseInstanceOf(RejectedException.class);
        clock.advance(Duration.ofHours(25));
        flush();
        assertThat(count("SELECT count(*) FROM alerts WHERE household = 'h-2'")).as("away: no stage").isZero();
        String alertId = handedOver.get(0).alertId();
        var ack = new java.util.concurrent.CompletableFuture<Boolean>();
        writer.submit(new Command.Acknowledge(alertId, "staff-7", "phoned, she is fine", ack));
        assertThat(ack.get(5, TimeUnit.SECONDS)).isTrue();
        var ackUnknown = new java.util.concurrent.CompletableFuture<Boolean>();
        writer.submit(new Command.Acknowledge("no-such-alert", "staff-7", null, ackUnknown));
        assertThat(ackUnknown.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(count("SELECT count(*) FROM acknowledgements")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM events WHERE source = 'staff'")).isEqualTo(1);
    }

    private void flush() throws Exception {
        writer.flush().get(10, TimeUnit.SECONDS);
    }

    private List<String> stages() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT stage FROM alerts ORDER BY stage, household")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private void exec(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute(sql);
        }
    }
}
