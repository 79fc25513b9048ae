package org.doorwatch.gateway.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.health.Health;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.doorwatch.gateway.storage.AuditEntry;
import org.doorwatch.gateway.storage.Database;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.gateway.storage.OutboxUpdate;
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
 * Issue 21, acceptance "retention purge, no newer row lost": the live writer on a real SQLite
 * file runs 420 days of virtual time (a day per step) with the default retention (events 180d,
 * alerts 365d, audit 365d). h-1 opens its door every day (a minute within its 24 h), h-2 every fourth day (each gap an
 * episode of WARNING, CALL_BACK, VISIT ended by a RESOLVED), h-3 never (its episode stays open).
 * Every day, after the writer's daily purge: every event received within the last 180 days is in
 * the journal and none older than a day more (the purge's rhythm); every alert raised within the last 365 days is there with its
 * deliveries; h-3's open episode is there whatever its age; h-2's episodes that ended more than
 * 365 days ago are gone with their deliveries. The audit log loses only what is older than 365
 * days of real time.
 */
@Timeout(300)
class DailyPurgeTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int DAYS = 420;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final List<OutboxRow> handedOver = Collections.synchronizedList(new ArrayList<>());
    private final GatewayMetrics metrics = new GatewayMetrics();
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
        writer = new Writer(engine, store, clock, config.zone(), new ChannelPlan(config), Notifications.of(config),
                handedOver::addAll, metrics,
                new Health(clock), new StageGauge(config.engine(), metrics), (s, d, r, m) -> { },
                new DailyPurge(store.purge(), config.storage().retain(), Clock.systemUTC(), metrics, config.zone()), 100);
        writer.start();
    }

    @AfterEach
    void stop() throws Exception {
        writer.stop(Duration.ofSeconds(5));
        store.close();
        db.close();
    }

    @Test
    void everyRowWithinItsRetentionStaysAndOlderOnesGo() throws Exception {
        Instant realNow = Instant.now();
        for (int days : new int[] {400, 366, 300, 200, 10}) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            writer.submit(new Command.Audit(new AuditEntry(realNow.minus(Duration.ofDays(days)), "wang",
                    "GET /api/households/:id contacts", "h-1", null, "10.0.0.5", "allowed"), done));
            done.get(10, TimeUnit.SECONDS);
        }
        List<Instant> received = new ArrayList<>();
        for (int day = 0; day <= DAYS; day++) {
            if (day > 0) {
                // a minute short of a day: h-1's door opens before its WARNING would be due
                clock.advance(Duration.ofDays(1).minusMinutes(1));
            }
            open("door-h-1");
            received.add(clock.instant());
            if (day % 4 == 0) {
                open("door-h-2");
                received.add(clock.instant());
            }
            deliverEverythingHandedOver();
            flush();
            flush(); // the purge runs after the batch that the first flush ended; the second waits for it
            if (day % 7 == 0 || day >= DAYS - 3) {
                check(received);
            }
        }
        assertThat(strings("SELECT at FROM audit ORDER BY at")).extracting(Long::parseLong)
                .containsExactly(at(realNow, 300), at(realNow, 200), at(realNow, 10));
        assertThat(metrics.auditPurged().count()).isEqualTo(2);
        assertThat(metrics.alertsPurged().count()).as("h-2's old episodes: 4 alerts each").isGreaterThan(40);
        assertThat(metrics.eventsPurged().count())
                .isEqualTo(received.size() - Long.parseLong(strings("SELECT count(*) FROM events").get(0)));
    }

    private void check(List<Instant> received) throws Exception {
        Instant now = clock.instant();
        Instant eventCutoff = now.minus(Duration.ofDays(180));
        Instant alertCutoff = now.minus(Duration.ofDays(365));

        // the journal: every event received within the last 180 days, and none received more than a
        // day before that (the purge runs once a day: a row may outlive its retention by that much)
        List<Long> journal = strings("SELECT received_at FROM events WHERE source = 'mqtt' ORDER BY received_at")
                .stream().map(Long::parseLong).toList();
        List<Long> mustStay = received.stream().filter(t -> !t.isBefore(eventCutoff)).map(Instant::toEpochMilli)
                .sorted().toList();
        assertThat(journal).as("journal on %s", now).containsSubsequence(mustStay)
                .endsWith(mustStay.toArray(Long[]::new))
                .allMatch(t -> t >= eventCutoff.minus(Duration.ofDays(1)).toEpochMilli());

        Set<String> stored = new HashSet<>(strings("SELECT id FROM alerts"));
        Set<String> storedRows = new HashSet<>(strings("SELECT alert_id || ' ' || channel FROM outbox"));
        Map<String, List<OutboxRow>> byHousehold = new HashMap<>();
        List<OutboxRow> rows;
        synchronized (handedOver) {
            rows = new ArrayList<>(handedOver);
        }
        for (OutboxRow r : rows) {
            byHousehold.computeIfAbsent(r.orderKey(), k -> new ArrayList<>()).add(r);
            if (!r.alertTs().isBefore(alertCutoff)) {
                assertThat(stored).as("alert %s raised %s, on %s", r.alertId(), r.alertTs(), now).contains(r.alertId());
                assertThat(storedRows).as("its delivery to %s", r.channel()).contains(r.alertId() + " " + r.channel());
            }
            if (stored.contains(r.alertId())) {
                assertThat(storedRows).as("a stored alert keeps its deliveries").contains(r.alertId() + " " + r.channel());
            }
        }
        // h-3 never opened its door: its episode (WARNING, CALL_BACK, VISIT of the first days) stays
        Set<String> h3 = new TreeSet<>();
        byHousehold.getOrDefault("household:h-3", List.of()).forEach(r -> h3.add(r.alertId()));
        assertThat(h3).hasSize(now.isBefore(T0.plus(Duration.ofDays(4))) ? h3.size() : 3);
        assertThat(stored).containsAll(h3);
        // h-2's episodes last four days: whatever was raised before the cutoff minus those days, and
        // a day for the purge's rhythm, is gone
        for (OutboxRow r : byHousehold.getOrDefault("household:h-2", List.of())) {
            if (r.alertTs().isBefore(alertCutoff.minus(Duration.ofDays(5)))) {
                assertThat(stored).as("h-2 alert %s of an episode that ended before %s", r.alertTs(), alertCutoff)
                        .doesNotContain(r.alertId());
                assertThat(storedRows).doesNotContain(r.alertId() + " " + r.channel());
            }
        }
    }

    private static long at(Instant realNow, int daysAgo) {
        return realNow.minus(Duration.ofDays(daysAgo)).toEpochMilli();
    }

    private void open(String device) throws InterruptedException {
        writer.submit(new Command.Event(DoorEvent.device(clock.instant(), device, EventType.DOOR_OPENED), "mqtt",
                System.nanoTime(), () -> { }));
    }

    /** What the dispatcher would report after each PUBACK: every row handed over is delivered. */
    private final Set<Long> confirmed = new HashSet<>();

    private void deliverEverythingHandedOver() {
        synchronized (handedOver) {
            for (OutboxRow r : handedOver) {
                if (confirmed.add(r.seq())) {
                    writer.recordOutbox(new OutboxUpdate.Delivered(r.seq(), clock.instant()));
                }
            }
        }
    }

    private void flush() throws Exception {
        writer.flush().get(10, TimeUnit.SECONDS);
    }

    private List<String> strings(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
