package org.doorwatch.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.doorwatch.gateway.testing.GatewayProcess;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.Mosquitto;
import org.doorwatch.testpeers.MosquittoSub;
import org.doorwatch.testpeers.Ports;
import org.doorwatch.testpeers.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, acceptance "upgrade": the packaged gateway of this build started on a store of the
 * first schema version (the migrations run up to 1 only, then rows as that version wrote them)
 * migrates it, sends the alert delivery that store still owed (the stored JSON, the same id), and
 * carries on from the stored household state: a household whose CALL_BACK fell due meanwhile gets
 * it at start-up, once. Then a store of a newer schema makes {@code gateway run} exit 1 naming
 * both versions.
 */
@Timeout(240)
class UpgradeIT {

    @TempDir
    Path dir;

    @Test
    void theGatewayRunsOnAStoreOfTheFirstVersion() throws Exception {
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"), false);
             MosquittoSub sub = SiteMqtt.alerts(mosquitto.port(), "property-office",
                     dir.resolve("sub")).awaitReady(mosquitto.port(), "gw/" + TestConfigs.SITE + "/alerts/probe")) {
            int http = Ports.free();
            Path config = TestConfigs.write(dir.resolve("site"), "url: " + mosquitto.url(), http,
                    "{ warning: 24h, callBack: 48h, visit: 72h }", 2);
            Path store = dir.resolve("site/data/gateway.db");
            Instant now = Instant.now();
            Database.createAtVersion(store, 1, Clock.systemUTC());
            exec(store,
                    // h-1: WARNING raised 6 h ago, its delivery to property still owed
                    "INSERT INTO households (id, last_activity, stages_raised, notified, away, away_until, updated_at) "
                            + "VALUES ('h-1', " + ago(now, 30) + ", 1, 'property', 0, NULL, 0)",
                    "INSERT INTO alerts (id, ts, rule, stage, household, device, json) VALUES "
                            + "('0b7d1f4e-upgrade-warning', " + ago(now, 6) + ", 'elderly-inactivity', 'WARNING', 'h-1', NULL, "
                            + "'{\"id\":\"0b7d1f4e-upgrade-warning\",\"rule\":\"elderly-inactivity\",\"stage\":\"WARNING\","
                            + "\"household\":\"h-1\",\"message\":\"1号 已24小时未开门\"}')",
                    "INSERT INTO outbox (seq, alert_id, channel, transport, created_at) VALUES "
                            + "(1, '0b7d1f4e-upgrade-warning', 'property', 'mqtt', " + ago(now, 6) + ")",
                    // h-2: silent for 50 h, its WARNING raised and delivered long ago: CALL_BACK is due
                    "INSERT INTO households (id, last_activity, stages_raised, notified, away, away_until, updated_at) "
                            + "VALUES ('h-2', " + ago(now, 50) + ", 1, 'property', 0, NULL, 0)",
                    "INSERT INTO events (received_at, ts, source, device, type) VALUES (" + ago(now, 50) + ", "
                            + ago(now, 50) + ", 'mqtt', 'door-h-2', 'DOOR_OPENED')",
                    "INSERT INTO runs (started_at, stopped_at, version) VALUES (" + ago(now, 60) + ", " + ago(now, 1)
                            + ", '0.0.1')");

            try (GatewayProcess g = GatewayProcess.run(config, dir.resolve("logs"), "upgraded")) {
                await("up").atMost(Duration.ofSeconds(90)).until(() -> !g.isAlive()
                        || g.isRunning() && Http.get(http, "/health").statusCode() == 200);
                assertThat(g.isAlive()).as("stderr: %s", g.stderr()).isTrue();
                await("the owed WARNING and the CALL_BACK due meanwhile").atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> {
                            assertThat(alerts(sub)).anySatisfy(m -> {
                                assertThat(m.topic()).endsWith("/alerts/property");
                                assertThat(m.payload()).isEqualTo("{\"id\":\"0b7d1f4e-upgrade-warning\",\"rule\":"
                                        + "\"elderly-inactivity\",\"stage\":\"WARNING\",\"household\":\"h-1\","
                                        + "\"message\":\"1号 已24小时未开门\"}");
                            });
                            assertThat(alerts(sub)).filteredOn(m -> "h-2".equals(m.household()))
                                    .extracting(Received::stage, Received::channel)
                                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("CALL_BACK", "property"),
                                            org.assertj.core.groups.Tuple.tuple("CALL_BACK", "community"));
                        });
                assertThat(g.stderr()).contains("schema migrated to version " + Database.latestSchemaVersion());
                assertThat(g.terminate()).isZero();
            }
            assertThat(alerts(sub)).as("h-1's stage is not raised again: it was already in the store")
                    .filteredOn(m -> "h-1".equals(m.household())).hasSize(1);
            assertThat(count(store, "SELECT count(*) FROM schema_version")).isEqualTo(Database.latestSchemaVersion());
            assertThat(count(store, "SELECT count(*) FROM outbox WHERE delivered_at IS NULL")).isZero();
            assertThat(count(store, "SELECT stages_raised FROM households WHERE id = 'h-2'")).isEqualTo(2);

            // a store that a newer version wrote
            int newer = Database.latestSchemaVersion() + 1;
            exec(store, "INSERT INTO schema_version (version, applied_at) VALUES (" + newer + ", 0)");
            try (GatewayProcess g = GatewayProcess.run(config, dir.resolve("logs"), "newer")) {
                await("refused").atMost(Duration.ofSeconds(90)).until(() -> !g.isAlive());
                assertThat(g.terminate()).isEqualTo(1);
                assertThat(g.stderr()).contains("run: cannot start: " + store + ": the store has schema version " + newer
                        + ", newer than this gateway understands (version " + Database.latestSchemaVersion() + ")");
            }
        }
    }

    private static List<Received> alerts(MosquittoSub sub) {
        return sub.messages().stream().filter(m -> !m.topic().contains("/probe")).toList();
    }

    private static long ago(Instant now, int hours) {
        return now.minus(Duration.ofHours(hours)).toEpochMilli();
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
