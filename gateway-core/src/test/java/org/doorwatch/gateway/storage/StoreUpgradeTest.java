package org.doorwatch.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.testing.StoreFiller;
import org.doorwatch.rules.HouseholdState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 21, acceptance "upgrades": a store as each earlier version left it (the migrations run up
 * to that version only, then rows written with that version's columns) opens with this build,
 * is migrated step by step, and every row reads back through the gateway's own readers; a store
 * of a newer schema is refused, naming both versions, and left as it was; a store written by this
 * release opens as it was.
 */
class StoreUpgradeTest {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path dir;

    static IntStream earlierVersions() {
        return IntStream.range(1, Migrations.latest());
    }

    @ParameterizedTest(name = "a store of schema version {0}")
    @MethodSource("earlierVersions")
    void aStoreOfAnEarlierVersionOpensMigratesAndReadsBack(int version) throws Exception {
        Path file = dir.resolve("gateway.db");
        Database.createAtVersion(file, version, CLOCK);
        assertThat(versions(file)).containsExactlyElementsOf(IntStream.rangeClosed(1, version).boxed().toList());
        long realNow = System.currentTimeMillis();
        exec(file,
                "INSERT INTO events (received_at, ts, source, device, type, household) VALUES "
                        + "(" + T0.toEpochMilli() + ", " + T0.toEpochMilli() + ", 'mqtt', 'door-h-1', 'DOOR_OPENED', NULL), "
                        + "(" + T0.toEpochMilli() + ", " + T0.toEpochMilli() + ", 'serial:bus-1', 'door-h-2', 'DOOR_CLOSED', NULL), "
                        + "(" + T0.toEpochMilli() + ", " + T0.toEpochMilli() + ", 'staff', NULL, 'AWAY', 'h-2')",
                "INSERT INTO households (id, last_activity, stages_raised, notified, away, away_until, updated_at) VALUES "
                        + "('h-1', " + T0.minus(Duration.ofHours(30)).toEpochMilli() + ", 1, 'property', 0, NULL, 0), "
                        + "('h-2', " + T0.toEpochMilli() + ", 0, '', 1, " + T0.plus(Duration.ofDays(3)).toEpochMilli() + ", 0)",
                "INSERT INTO alerts (id, ts, rule, stage, household, device, json) VALUES ('w-1', "
                        + T0.minus(Duration.ofHours(6)).toEpochMilli() + ", 'elderly-inactivity', 'WARNING', 'h-1', NULL, "
                        + "'{\"id\":\"w-1\",\"stage\":\"WARNING\"}')",
                "INSERT INTO outbox (seq, alert_id, channel, transport, created_at, delivered_at) VALUES "
                        + "(1, 'w-1', 'property', 'mqtt', 0, 1), (2, 'w-1', 'property', 'webhook', 0, NULL)",
                "INSERT INTO acknowledgements (alert_id, by_staff, at, note) VALUES ('w-1', 'wang', 0, '已电话')",
                "INSERT INTO runs (started_at, stopped_at, version) VALUES (0, 1, '0.0.1')");
        if (version >= 2) {
            exec(file, "INSERT INTO devices (id, last_heard, offline, offline_channels, faulty, open, opened_at, "
                    + "held_open_alarmed, held_open_channels, denials, denials_quiet_until, updated_at) VALUES "
                    + "('door-h-1', " + T0.toEpochMilli() + ", 0, '', 0, 1, " + T0.toEpochMilli() + ", 0, '', '', NULL, 0)");
        }
        if (version >= 3) {
            exec(file, "INSERT INTO outcomes (alert_id, household, by_staff, at, code) VALUES ('w-1', 'h-1', 'wang', 0, 'no-answer')",
                    "INSERT INTO audit (at, user, action, household, outcome) VALUES (" + (realNow - 86_400_000L)
                            + ", 'wang', 'POST /api/alerts/:id/ack', 'h-1', 'allowed')");
        }

        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db);
             OutboxStore outbox = new OutboxStore(db); ReadStore reads = new ReadStore(db, 1)) {
            assertThat(versions(file)).containsExactlyElementsOf(
                    IntStream.rangeClosed(1, Migrations.latest()).boxed().toList());
            assertThat(w.households()).containsExactlyInAnyOrder(
                    new HouseholdState("h-1", T0.minus(Duration.ofHours(30)), 1, List.of("property"), false, null),
                    new HouseholdState("h-2", T0, 0, List.of(), true, T0.plus(Duration.ofDays(3))));
            assertThat(outbox.pending()).singleElement().satisfies(r -> {
                assertThat(r.alertId()).isEqualTo("w-1");
                assertThat(r.transport()).isEqualTo("webhook");
                assertThat(r.payload()).isEqualTo("{\"id\":\"w-1\",\"stage\":\"WARNING\"}");
            });
            if (version >= 2) {
                assertThat(w.devices()).singleElement().satisfies(d -> assertThat(d.open()).isTrue());
            } else {
                assertThat(w.devices()).isEmpty();
            }
            assertThat(reads.alert("w-1").acknowledgements()).isEqualTo(1);
            assertThat(reads.alert("w-1").resolved()).isFalse();
            // the writer's statements work on the migrated schema
            Batch b = new Batch();
            b.event(new JournalEntry(DoorEvent.device(T0, "door-h-1", EventType.DOOR_OPENED), "mqtt", T0));
            b.household(new HouseholdState("h-1", T0, 0, List.of(), false, null, List.of(T0), T0, T0, 1));
            b.audit(new AuditEntry(T0, "li", "GET /api/alerts", null, null, "10.0.0.9", "allowed"));
            w.commit(b, T0);
            assertThat(w.households()).filteredOn(h -> h.household().equals("h-1")).singleElement()
                    .satisfies(h -> assertThat(h.episodeRepeat()).isEqualTo(1));
        }
        assertThat(count(file, "SELECT count(*) FROM events")).isEqualTo(4);
        assertThat(count(file, "SELECT count(*) FROM acknowledgements")).isEqualTo(1);
        assertThat(count(file, "SELECT count(*) FROM outcomes")).isEqualTo(version >= 3 ? 1 : 0);
        // the latest audit rules hold on a migrated store: young rows cannot be deleted, none updated
        assertThatThrownBy(() -> exec(file, "DELETE FROM audit")).hasMessageContaining("only rows older than 180 days");
        assertThatThrownBy(() -> exec(file, "UPDATE audit SET user = 'x'")).hasMessageContaining("append-only");
    }

    @Test
    void aStoreOfANewerSchemaIsRefusedNamingBothVersionsAndLeftAsItWas() throws Exception {
        Path file = dir.resolve("gateway.db");
        StoreFiller.fill(file, 2, 3);
        int newer = Migrations.latest() + 1;
        exec(file, "INSERT INTO schema_version (version, applied_at) VALUES (" + newer + ", 0)",
                "CREATE TABLE something_new (x)");
        List<String> before = dump(file);
        assertThatThrownBy(() -> Database.open(file, CLOCK))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("the store has schema version " + newer + ", newer than this gateway understands "
                        + "(version " + Migrations.latest() + ")")
                .hasMessageContaining("The store was not changed.");
        assertThat(dump(file)).isEqualTo(before);
        try (StoreLock free = StoreLock.tryTake(file)) {
            assertThat(free).as("the refused store's lock is free again").isNotNull();
        }
    }

    @Test
    void aStoreWrittenByThisReleaseOpensAsItWas() throws Exception {
        Path file = dir.resolve("gateway.db");
        StoreFiller.fill(file, 5, 20);
        List<String> before = dump(file);
        assertThat(before).anyMatch(l -> l.startsWith("alerts|alert-h-5|"));
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db);
             OutboxStore outbox = new OutboxStore(db)) {
            assertThat(w.households()).hasSize(5).allSatisfy(h -> assertThat(h.stagesRaised()).isEqualTo(1));
            assertThat(outbox.pending()).hasSize(5).extracting(OutboxRow::channel).containsOnly("community");
        }
        assertThat(dump(file)).as("opening migrates nothing and changes no row").isEqualTo(before);
        assertThat(versions(file)).hasSize(Migrations.latest());
    }

    // ------------------------------------------------------------------ helpers

    private static List<Integer> versions(Path file) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    /** Every row of every table, as text: to compare a store before and after. */
    private static List<String> dump(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + t + " ORDER BY rowid")) {
                    ResultSetMetaData m = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder line = new StringBuilder(t);
                        for (int i = 1; i <= m.getColumnCount(); i++) {
                            line.append('|').append(rs.getString(i));
                        }
                        out.add(line.toString());
                    }
                }
            }
        }
        return out;
    }

    private static void exec(Path file, String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private static long count(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
