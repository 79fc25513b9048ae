package org.doorwatch.gateway.writer;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.health.Health;
import org.doorwatch.gateway.intake.Ingest;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.doorwatch.gateway.storage.Database;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.gateway.storage.WriterStore;
import org.doorwatch.gateway.testing.ManualClock;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.rules.HouseholdState;
import org.doorwatch.rules.WatchEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer on a real store under hostile clocks and event times: a store written under
 * {@code --start 9999-06-01} and then opened with today's clock (issue 19: the writer thread died
 * of {@code ArithmeticException: long overflow} while /health said up), the clock jumping between
 * 1970, year -1 and year 9999, events stamped with those instants. The writer must keep
 * committing through all of it, and the database must stay up.
 */
@Timeout(60)
class HostileInstantsTest {

    static final Instant Y9999 = Instant.parse("9999-06-01T00:00:00Z");
    static final Instant TODAY = Instant.parse("2026-11-22T00:00:00Z");
    static final Instant YEAR_MINUS_1 = Instant.parse("-0001-06-01T00:00:00Z");
    static final Instant LAST_9999 = Instant.parse("9999-12-31T23:59:59.999Z");

    @TempDir
    Path dir;

    private final List<OutboxRow> handedOver = Collections.synchronizedList(new ArrayList<>());
    private final List<String> rejected = Collections.synchronizedList(new ArrayList<>());
    private GatewayConfig config;
    private ManualClock clock;
    private Health health;
    private GatewayMetrics metrics;
    private Database db;
    private WriterStore store;
    private Writer writer;

    @AfterEach
    void close() throws Exception {
        stopWriter();
    }

    @Test
    void aStoreWrittenInYear9999OpensWithTodaysClockAndTheWriterKeepsGoing() throws Exception {
        config = TestConfigs.load(TestConfigs.write(dir, "embedded: { port: 0 }", 0,
                "{ warning: 24h, callBack: 48h, visit: 72h }", 2));
        startWriter(Y9999);
        event(Y9999.plusSeconds(60), "door-h-1");
        flush();
        stopWriter();

        startWriter(TODAY); // the next start: deadlines ~8,000 years ahead
        flush();
        assertThat(writer.isRunning()).as("the writer thread survives the far deadline").isTrue();
        event(TODAY.plusSeconds(5), "door-h-2");
        flush();
        assertThat(count("SELECT count(*) FROM events")).isEqualTo(2);
        assertThat(health.components().get(Health.DATABASE).up()).isTrue();
    }

    @Test
    void theClockJumpingBetweenEpochYearMinus1AndYear9999NeverStopsTheWriter() throws Exception {
        config = TestConfigs.load(TestConfigs.write(dir, "embedded: { port: 0 }", 0,
                "{ warning: 24h, callBack: 48h, visit: 72h }", 3));
        startWriter(TODAY);
        Instant[] jumps = {Instant.EPOCH, Y9999, YEAR_MINUS_1, LAST_9999, TODAY, Instant.EPOCH.minusMillis(1),
                LAST_9999.plus(Duration.ofDays(400)), YEAR_MINUS_1, TODAY};
        int events = 0;
        for (Instant t : jumps) {
            clock.set(t);
            writer.wake();
            for (Instant ts : new Instant[] {t, Instant.EPOCH, YEAR_MINUS_1, LAST_9999, Y9999}) {
                event(ts, "door-h-" + (1 + events % 3));
                events++;
            }
            flush();
            assertThat(writer.isRunning()).as("writer alive after the clock jumped to %s", t).isTrue();
            assertThat(health.components().get(Health.DATABASE).up()).as("database up at %s", t).isTrue();
        }
        // committed, every one (the journal itself is purged by received time, which the jumps make "old")
        assertThat(metrics.registry().find(GatewayMetrics.EVENTS_IN).counters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(events);
        assertThat(rejected).isEmpty();
        // the households' last activity is the latest time any event claimed: the clock's year 10000
        assertThat(count("SELECT max(last_activity) FROM households"))
                .isEqualTo(LAST_9999.plus(Duration.ofDays(400)).toEpochMilli());
    }

    @Test
    void aHouseholdWhoseLastActivityIsAtTheEndOfTimeIsRestoredAndWatched() throws Exception {
        config = TestConfigs.load(TestConfigs.write(dir, "embedded: { port: 0 }", 0,
                "{ warning: 24h, callBack: 48h, visit: 72h }", 1));
        startWriter(LAST_9999);
        event(LAST_9999, "door-h-1");
        flush();
        clock.set(LAST_9999.plus(Duration.ofDays(4))); // year 10000: past the parser's range, not the clock's
        writer.wake();
        flush();
        assertThat(writer.isRunning()).isTrue();
        assertThat(stages()).containsExactly("CALL_BACK", "VISIT", "WARNING");
    }

    // ------------------------------------------------------------------ helpers

    private void startWriter(Instant at) throws Exception {
        clock = new ManualClock(at);
        db = Database.open(config.storage().path(), clock);
        store = new WriterStore(db);
        WatchEngine engine = new WatchEngine(config.engine());
        for (HouseholdState s : store.households()) {
            engine.restore(s);
        }
        engine.start(at);
        metrics = new GatewayMetrics();
        health = new Health(clock);
        writer = new Writer(engine, store, clock, config.zone(), new ChannelPlan(config), Notifications.of(config),
                handedOver::addAll, metrics, health, new StageGauge(config.engine(), metrics), (s, d, r, m) -> rejected.add(r),
                new DailyPurge(store.purge(), GatewayConfig.Retention.DEFAULT, clock, metrics, config.zone()), 100);
        writer.start();
    }

    private void stopWriter() throws Exception {
        if (writer != null) {
            writer.stop(Duration.ofSeconds(5));
            store.close();
            db.close();
            writer = null;
        }
    }

    private void event(Instant ts, String device) throws InterruptedException {
        writer.submit(new Command.Event(DoorEvent.device(ts, device, EventType.DOOR_OPENED), "mqtt", System.nanoTime(),
                Ingest.NO_ACK));
    }

    private void flush() throws Exception {
        writer.flush().get(10, TimeUnit.SECONDS);
    }

    private List<String> stages() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + config.storage().path());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT stage FROM alerts ORDER BY stage")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + config.storage().path());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
