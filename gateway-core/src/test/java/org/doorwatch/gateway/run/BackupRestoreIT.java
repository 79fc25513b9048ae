package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.storage.Batch;
import org.doorwatch.gateway.storage.Database;
import org.doorwatch.gateway.storage.JournalEntry;
import org.doorwatch.gateway.storage.StoreCopy;
import org.doorwatch.gateway.storage.WriterStore;
import org.doorwatch.gateway.testing.EventPublisher;
import org.doorwatch.gateway.testing.GatewayProcess;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.Mosquitto;
import org.doorwatch.testpeers.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, acceptance "backup/restore under load": the packaged gateway takes door events from
 * a publisher (80 households, 60 of them opening their doors at random, 20 silent; thresholds of
 * seconds, so alerts are raised and resolved all the time; a webhook channel whose receiver is
 * down, so deliveries stay owed) while {@code scripts/gateway backup} copies its store of some
 * 300,000 journal rows. Then:
 * <ul>
 *   <li>{@code scripts/gateway restore} into a fresh place finds every alert, outbox row and
 *       household state committed before the backup began (read from the live store just
 *       before), each household at least as new as then;</li>
 *   <li>the copy is one instant of the store: every alert in it has exactly the outbox rows the
 *       live store has for it (they are written in the alert's transaction), no foreign key dangles;</li>
 *   <li>the gateway went on committing during and after the backup, and the live store moved on
 *       past the copy;</li>
 *   <li>restore onto the running gateway's store is refused (exit 1); after the gateway stops,
 *       it succeeds, the replaced store is kept aside whole, and the gateway starts on the
 *       restored store.</li>
 * </ul>
 */
@Timeout(420)
class BackupRestoreIT {

    private static final int HOUSEHOLDS = 80;
    private static final int PUBLISHED = 60;

    @TempDir
    Path dir;

    @Test
    void aBackupTakenUnderLoadRestoresEverythingCommittedBeforeIt() throws Exception {
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"), false)) {
            int http = Ports.free();
            Path site = dir.resolve("site");
            Files.createDirectories(site);
            Files.writeString(site.resolve("hook.key"), "whsec_" + "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0");
            String extra = "rules:\n  door-held-open: { enabled: false }\n  device-offline: { enabled: false }\n"
                    + "channels:\n  family:\n    mqtt: false\n    webhook: { url: \"http://127.0.0.1:" + Ports.free()
                    + "/hook\", secretFile: hook.key }\n"
                    + "routes:\n  elderly-inactivity:\n    WARNING: [property, family]\n"
                    + "    CALL_BACK: [property, community, family]\n    VISIT: [property, community, police, family]\n";
            String inactivity = "{ warning: 2s, callBack: 4s, visit: 6s }";
            Path config = TestConfigs.write(site, "url: " + mosquitto.url(), http, inactivity, HOUSEHOLDS, extra, "");
            Path store = site.resolve("data/gateway.db");
            prefill(store, 300_000);

            GatewayProcess gateway = GatewayProcess.run(config, dir.resolve("logs"), "live");
            EventPublisher events = null;
            Snapshot before;
            Path backup;
            try {
                await("up").atMost(Duration.ofSeconds(90)).until(() -> !gateway.isAlive()
                        || gateway.isRunning() && Http.get(http, "/health").statusCode() == 200);
                assertThat(gateway.isAlive()).as("stderr: %s", gateway.stderr()).isTrue();
                events = new EventPublisher(mosquitto.port(), PUBLISHED, 25);
                await("alerts raised and resolved under load").atMost(Duration.ofSeconds(60))
                        .until(() -> count(store, "SELECT count(*) FROM alerts WHERE stage = 'RESOLVED'") >= 10
                                && count(store, "SELECT count(*) FROM alerts WHERE stage = 'VISIT'") >= 20);

                before = Snapshot.of(store);
                double commitsBefore = commits(http);
                Script run = Script.run(dir, "backup", "--to", dir.resolve("backups") + "/", "--config", config.toString(),
                        "--progress", "200ms");
                assertThat(run.exit).as("backup; stderr: %s", run.err).isZero();
                double commitsAfter = commits(http);
                assertThat(commitsAfter).as("the gateway committed while the backup ran").isGreaterThan(commitsBefore);
                assertThat(run.out).startsWith("backup: " + store + " -> " + dir.resolve("backups")).contains("integrity ok");
                try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
                    backup = files.filter(p -> p.getFileName().toString().matches("gateway-\\d{8}-\\d{6}\\.db"))
                            .findFirst().orElseThrow();
                }
                assertThat(run.out).contains(" -> " + backup + " in ");
                System.out.println("backup under load: " + run.out.replace('\n', ' ') + " progress: "
                        + run.err.lines().filter(l -> l.startsWith("backup:")).count() + " lines");

                await("the live store moves on past the copy").atMost(Duration.ofSeconds(30))
                        .until(() -> count(store, "SELECT count(*) FROM alerts") > StoreCopy.inspect(backup).rows().get("alerts"));
                assertThat(Http.get(http, "/health").statusCode()).isEqualTo(200);

                // restore into a fresh place
                Path fresh = TestConfigs.write(dir.resolve("fresh"), "url: " + mosquitto.url(), Ports.free(), inactivity,
                        HOUSEHOLDS, extra, "");
                Files.copy(site.resolve("hook.key"), dir.resolve("fresh/hook.key"));
                Script restore = Script.run(dir, "restore", "--from", backup.toString(), "--config", fresh.toString());
                assertThat(restore.exit).as("restore; stderr: %s", restore.err).isZero();
                Path restored = dir.resolve("fresh/data/gateway.db");
                Snapshot copy = Snapshot.of(restored);
                assertThat(copy.alerts.keySet()).as("every alert committed before the backup began")
                        .containsAll(before.alerts.keySet());
                assertThat(copy.outbox).as("every outbox row committed before it").containsAll(before.outbox);
                assertThat(copy.outbox.size()).isGreaterThan(before.outbox.size() / 2); // a real set, not a few rows
                before.households.forEach((id, updated) -> assertThat(copy.households.get(id))
                        .as("household %s state no older than before the backup", id).isGreaterThanOrEqualTo(updated));
                assertThat(copy.households).hasSize(HOUSEHOLDS);
                assertThat(copy.owed).as("owed webhook deliveries are in it").isPositive();
                assertThat(count(restored, "SELECT count(*) FROM events")).isGreaterThanOrEqualTo(300_000 + before.events);
                assertThat(foreignKeyProblems(restored)).isEmpty();
                // one instant: each alert of the copy has exactly the deliveries the live store has for it
                Snapshot live = Snapshot.of(store);
                for (String alert : copy.alerts.keySet()) {
                    assertThat(copy.deliveriesOf(alert)).as("deliveries of %s", alert).isEqualTo(live.deliveriesOf(alert));
                }

                Script refused = Script.run(dir, "restore", "--from", backup.toString(), "--config", config.toString());
                assertThat(refused.exit).isEqualTo(1);
                assertThat(refused.err).contains("a gateway is running on this store");
            } finally {
                if (events != null) {
                    events.close();
                }
                assertThat(gateway.terminate()).as("exit code after SIGTERM").isZero();
                gateway.close();
            }

            // the gateway is stopped: the backup goes in its place, the replaced store is kept
            Snapshot last = Snapshot.of(store);
            Script restore = Script.run(dir, "restore", "--from", backup.toString(), "--config", config.toString());
            assertThat(restore.exit).as("restore; stderr: %s", restore.err).isZero();
            assertThat(restore.out).contains("the replaced store is kept as gateway.db.replaced-");
            Path kept;
            try (Stream<Path> files = Files.list(store.getParent())) {
                kept = files.filter(p -> p.getFileName().toString().matches("gateway\\.db\\.replaced-\\d{8}-\\d{6}"))
                        .findFirst().orElseThrow();
            }
            assertThat(Snapshot.of(kept).alerts.keySet()).isEqualTo(last.alerts.keySet());
            assertThat(Snapshot.of(store).alerts.keySet()).isEqualTo(Snapshot.of(backup).alerts.keySet());
            try (GatewayProcess again = GatewayProcess.run(config, dir.resolve("logs"), "restored")) {
                await("up on the restored store").atMost(Duration.ofSeconds(90)).until(() -> !again.isAlive()
                        || again.isRunning() && Http.get(http, "/health").statusCode() == 200);
                assertThat(again.isAlive()).as("stderr: %s", again.stderr()).isTrue();
                assertThat(again.terminate()).isZero();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** What the store holds at one instant (one read transaction). */
    private record Snapshot(Map<String, String> alerts, Set<String> outbox, Map<String, Long> households, long owed,
                            long events) {

        static Snapshot of(Path file) throws Exception {
            Map<String, String> alerts = new TreeMap<>();
            Set<String> outbox = new TreeSet<>();
            Map<String, Long> households = new HashMap<>();
            long owed;
            long events;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("BEGIN");
                try (ResultSet rs = s.executeQuery("SELECT id, stage || ' ' || coalesce(household, '') FROM alerts")) {
                    while (rs.next()) {
                        alerts.put(rs.getString(1), rs.getString(2));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT alert_id || ' ' || channel || ' ' || transport FROM outbox")) {
                    while (rs.next()) {
                        outbox.add(rs.getString(1));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT id, updated_at FROM households")) {
                    while (rs.next()) {
                        households.put(rs.getString(1), rs.getLong(2));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL")) {
                    owed = rs.next() ? rs.getLong(1) : 0;
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM events WHERE source = 'mqtt'")) {
                    events = rs.next() ? rs.getLong(1) : 0;
                }
                s.execute("COMMIT");
            }
            return new Snapshot(alerts, outbox, households, owed, events);
        }

        Set<String> deliveriesOf(String alert) {
            Set<String> out = new TreeSet<>();
            for (String row : outbox) {
                if (row.startsWith(alert + " ")) {
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** {@code scripts/gateway ARGS...}, run to its end. */
    private record Script(int exit, String out, String err) {
        static Script run(Path dir, String... args) throws Exception {
            List<String> cmd = new ArrayList<>();
            cmd.add(GatewayProcess.ROOT.resolve("scripts/gateway").toString());
            cmd.addAll(List.of(args));
            Path out = Files.createTempFile(dir, "script", ".out");
            Path err = Files.createTempFile(dir, "script", ".err");
            Process p = new ProcessBuilder(cmd).directory(GatewayProcess.ROOT.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("scripts/gateway " + String.join(" ", args) + " did not end within 180 s");
            }
            return new Script(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    /** Journal rows received now (so the retention keeps them): a store of some size to copy. */
    private static void prefill(Path store, int rows) throws Exception {
        Instant now = Instant.now();
        try (Database db = Database.open(store, Clock.systemUTC()); WriterStore w = new WriterStore(db)) {
            for (int done = 0; done < rows; done += 10_000) {
                Batch b = new Batch();
                for (int i = 0; i < 10_000; i++) {
                    int h = 1 + (done + i) % HOUSEHOLDS;
                    b.event(new JournalEntry(new DoorEvent(now, "door-h-" + h, EventType.ACCESS_GRANTED, "h-" + h,
                            "card:" + Integer.toHexString(done + i), null, null, null), "prefill", now));
                }
                w.commit(b, now);
            }
        }
    }

    private static double commits(int http) {
        return Http.metric(http, "doorwatch_writer_commits_total");
    }

    private static List<String> foreignKeyProblems(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " row " + rs.getLong(2) + " -> " + rs.getString(3));
            }
        }
        return out;
    }

    private static long count(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
