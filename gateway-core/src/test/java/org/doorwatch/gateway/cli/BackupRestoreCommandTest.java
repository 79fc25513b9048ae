package org.doorwatch.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.doorwatch.gateway.storage.Database;
import org.doorwatch.gateway.storage.OlderStores;
import org.doorwatch.gateway.storage.StoreCopy;
import org.doorwatch.gateway.testing.StoreFiller;
import org.doorwatch.gateway.testing.TestConfigs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway backup} and {@code gateway restore} in-process on real stores: what they
 * print, the files they leave, what they refuse and with which exit code. (Under load, with a
 * live gateway: {@code BackupRestoreIT}.)
 */
class BackupRestoreCommandTest {

    @TempDir
    Path dir;
    Path config;
    Path store;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        config = TestConfigs.write(dir.resolve("site"), "embedded: { port: 0 }", 0, "{ warning: 24h }", 3);
        store = dir.resolve("site/data/gateway.db");
    }

    @Test
    void aBackupIsACheckedCopyWithASummary() throws Exception {
        StoreFiller.fill(store, 3, 100);
        Path to = dir.resolve("backups/monday.db");
        assertThat(run("backup", "--to", to.toString(), "--config", config.toString())).as(err()).isZero();
        assertThat(out()).startsWith("backup: " + store + " -> " + to + " in ")
                .contains("  schema version " + Database.latestSchemaVersion() + ", ")
                .contains("integrity ok")
                .contains("rows: events 300, households 3, devices 0, alerts 3, outbox 6 (3 owed), acknowledgements 0, "
                        + "outcomes 0, audit 3, runs 1, schema_version " + Database.latestSchemaVersion())
                .contains("newest journal event received 2026-11-22T08:01:39+08:00");
        assertThat(listing(to.getParent())).containsExactly("monday.db"); // no temporary file, no -wal or -shm left
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(to))).as("personal data: owner only")
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(to.getParent()))).isEqualTo("rwx------");
        StoreCopy.Summary copy = StoreCopy.inspect(to);
        assertThat(copy.rows()).isEqualTo(StoreCopy.inspect(store).rows());
        assertThat(err()).as("a small store prints no progress").isEmpty();
    }

    @Test
    void aBackupCarriesNoFreePagesSoDeletedRowsStayBehind() throws Exception {
        StoreFiller.fill(store, 1, 3000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement s = c.createStatement()) {
            s.execute("DELETE FROM events WHERE credential LIKE 'card:1-2%'"); // without secure_delete: bytes stay
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        assertThat(text(store)).as("the deleted credentials are still in the store's free pages").contains("card:1-2999");
        Path to = dir.resolve("b.db");
        assertThat(run("backup", "--to", to.toString(), "--config", config.toString())).as(err()).isZero();
        assertThat(text(to)).contains("card:1-1999").doesNotContain("card:1-2999");
    }

    @Test
    void intoAFolderWithKeepOnlyTheNewestStay() throws Exception {
        StoreFiller.fill(store, 2, 10);
        Path folder = dir.resolve("nightly");
        for (String at : List.of("2026-12-01T03:30:00Z", "2026-12-02T03:30:00Z", "2026-12-03T03:30:00Z")) {
            out.reset();
            assertThat(BackupCommand.run(List.of("--to", folder + "/", "--keep", "2", "--config", config.toString()),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    Clock.fixed(Instant.parse(at), ZoneOffset.UTC))).as(err()).isZero();
        }
        // named in the site's zone (Asia/Shanghai): 03:30 UTC is 11:30 there
        assertThat(listing(folder)).containsExactly("gateway-20261202-113000.db", "gateway-20261203-113000.db");
        assertThat(out()).contains("removed the older backup gateway-20261201-113000.db (--keep 2)");
    }

    @Test
    void theProgressIsReportedWhileACopyRuns() throws Exception {
        StoreFiller.fill(store, 1, 60_000);
        List<long[]> reports = new ArrayList<>();
        StoreCopy.Summary s = StoreCopy.copy(store, dir.resolve("p.db"), Duration.ofMillis(1),
                (written, expected) -> reports.add(new long[] {written, expected}));
        assertThat(reports).isNotEmpty();
        assertThat(reports).allSatisfy(r -> assertThat(r[0]).isBetween(0L, (long) (r[1] * 1.1)));
        assertThat((double) reports.get(0)[1]).isCloseTo(s.bytes(), org.assertj.core.data.Percentage.withPercentage(10));
    }

    @Test
    void backupRefusesWhatItCannotCopy() throws Exception {
        assertThat(run("backup", "--to", dir.resolve("x.db").toString(), "--config", config.toString())).isEqualTo(2);
        assertThat(err()).contains(store + ": no store there").contains("nothing to back up");

        StoreFiller.fill(store, 1, 1);
        err.reset();
        assertThat(run("backup", "--to", store.toString(), "--config", config.toString())).isEqualTo(2);
        assertThat(err()).contains("is the store itself");

        err.reset();
        assertThat(run("backup", "--config", config.toString())).isEqualTo(2);
        assertThat(err()).contains("--to FILE or --to FOLDER/ is needed");

        err.reset();
        assertThat(run("backup", "--to", dir.resolve("one.db").toString(), "--keep", "3", "--config", config.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("--keep needs --to FOLDER/");

        Files.delete(store);
        Files.writeString(store, "shopping list: rice, tea, eggs\n".repeat(200));
        err.reset();
        assertThat(run("backup", "--to", dir.resolve("x.db").toString(), "--config", config.toString())).isEqualTo(2);
        assertThat(err()).contains("this is not an SQLite database");
        assertThat(dir.resolve("x.db")).doesNotExist();
    }

    @Test
    void restoreIntoAFreshPlace() throws Exception {
        StoreFiller.fill(store, 3, 20);
        Path backup = dir.resolve("b.db");
        assertThat(run("backup", "--to", backup.toString(), "--config", config.toString())).isZero();
        Path fresh = TestConfigs.write(dir.resolve("fresh"), "embedded: { port: 0 }", 0, "{ warning: 24h }", 3);
        out.reset();
        assertThat(run("restore", "--from", backup.toString(), "--config", fresh.toString())).as(err()).isZero();
        Path restored = dir.resolve("fresh/data/gateway.db");
        assertThat(out()).startsWith("restore: " + backup + " -> " + restored)
                .contains("rows: events 60, households 3")
                .contains("there was no store to replace")
                .contains("the 3 deliveries owed in the backup are sent (again) with their alert ids");
        assertThat(StoreCopy.inspect(restored).rows()).isEqualTo(StoreCopy.inspect(store).rows());
        Database.open(restored, Clock.systemUTC()).close(); // the gateway opens it
    }

    @Test
    void restoreKeepsTheReplacedStoreAsideWithItsWal() throws Exception {
        StoreFiller.fill(store, 2, 5);
        Path backup = dir.resolve("b.db");
        assertThat(run("backup", "--to", backup.toString(), "--config", config.toString())).isZero();
        // the store goes on after the backup: a row only it has, left in its WAL (as after a crash)
        Connection held = DriverManager.getConnection("jdbc:sqlite:" + store);
        try (Statement s = held.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");
            s.execute("INSERT INTO households (id, last_activity, stages_raised, notified, away, updated_at) "
                    + "VALUES ('only-in-the-old-store', 0, 0, '', 0, 0)");
        }
        copyWithWal(store, dir.resolve("crashed")); // what a crash leaves: the store and its -wal
        held.close();
        Files.delete(store);
        for (String f : List.of("gateway.db", "gateway.db-wal")) {
            Files.copy(dir.resolve("crashed").resolve(f), store.resolveSibling(f));
        }
        assertThat(store.resolveSibling("gateway.db-wal")).exists();

        out.reset();
        assertThat(RestoreCommand.run(List.of("--from", backup.toString(), "--config", config.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneOffset.UTC))).as(err()).isZero();
        assertThat(out()).contains("the replaced store is kept as gateway.db.replaced-20261201-100000-wal, "
                + "gateway.db.replaced-20261201-100000");
        Path kept = store.resolveSibling("gateway.db.replaced-20261201-100000");
        assertThat(count(kept, "SELECT count(*) FROM households WHERE id = 'only-in-the-old-store'"))
                .as("the kept store opens with what its WAL held").isEqualTo(1);
        assertThat(count(store, "SELECT count(*) FROM households")).isEqualTo(2);
        assertThat(store.resolveSibling("gateway.db-wal")).doesNotExist();
    }

    @Test
    void aBackupOfAnOlderSchemaIsRestoredAsItIsAndMigratedAtTheNextStart() throws Exception {
        Path older = dir.resolve("older.db");
        OlderStores.create(older, 1);
        exec(older, "INSERT INTO households (id, last_activity, stages_raised, notified, away, updated_at) "
                + "VALUES ('h-1', 0, 0, '', 0, 0)");
        assertThat(run("restore", "--from", older.toString(), "--config", config.toString())).as(err()).isZero();
        assertThat(out()).contains("  schema version 1, ")
                .contains("schema version 1 is older than this gateway's (" + Database.latestSchemaVersion()
                        + "): the next start migrates it");
        assertThat(count(store, "SELECT max(version) FROM schema_version")).as("restored as it is").isEqualTo(1);
        Database.open(store, Clock.systemUTC()).close();
        assertThat(count(store, "SELECT max(version) FROM schema_version")).isEqualTo(Database.latestSchemaVersion());
        assertThat(count(store, "SELECT count(*) FROM households WHERE id = 'h-1'")).isEqualTo(1);
    }

    @Test
    void restoreRefusesWhileAGatewayRunsOnTheStore() throws Exception {
        StoreFiller.fill(store, 1, 1);
        Path backup = dir.resolve("b.db");
        assertThat(run("backup", "--to", backup.toString(), "--config", config.toString())).isZero();
        try (Database running = Database.open(store, Clock.systemUTC())) {
            err.reset();
            assertThat(run("restore", "--from", backup.toString(), "--config", config.toString())).isEqualTo(1);
            assertThat(err()).contains(store + ": a gateway is running on this store (it holds " + store + ".lock); "
                    + "stop it first, then restore");
        }
        assertThat(listing(store.getParent())).doesNotContainAnyElementsOf(List.of("gateway.db.restoring"))
                .noneMatch(f -> f.contains("replaced"));
    }

    @Test
    void restoreRefusesANewerSchemaADamagedFileAndAForeignDatabase() throws Exception {
        StoreFiller.fill(store, 1, 3000); // enough pages that damage in the middle hits rows
        Path newer = dir.resolve("newer.db");
        assertThat(run("backup", "--to", newer.toString(), "--config", config.toString())).isZero();
        int next = Database.latestSchemaVersion() + 1;
        exec(newer, "INSERT INTO schema_version (version, applied_at) VALUES (" + next + ", 0)");
        err.reset();
        assertThat(run("restore", "--from", newer.toString(), "--config", config.toString())).isEqualTo(2);
        assertThat(err()).contains(newer + ": the backup has schema version " + next + ", newer than this gateway "
                + "understands (version " + Database.latestSchemaVersion() + "); restore it with the gateway version "
                + "that wrote it, or a newer one. Nothing was changed.");

        Path foreign = dir.resolve("photos.db");
        exec(foreign, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)");
        err.reset();
        assertThat(run("restore", "--from", foreign.toString(), "--config", config.toString())).isEqualTo(2);
        assertThat(err()).contains("this is not a door-watch store (it has no schema_version, events, households, "
                + "alerts, outbox tables)");

        Path damaged = dir.resolve("damaged.db");
        assertThat(run("backup", "--to", damaged.toString(), "--config", config.toString())).isZero();
        byte[] bytes = Files.readAllBytes(damaged);
        for (int at = 4096 + 100; at < bytes.length; at += 4096) {
            for (int k = 0; k < 16; k++) {
                bytes[at + k] = (byte) 0xA5;
            }
        }
        Files.write(damaged, bytes);
        err.reset();
        assertThat(run("restore", "--from", damaged.toString(), "--config", config.toString())).isEqualTo(2);
        assertThat(err()).containsAnyOf("fails SQLite's integrity check", "the file is damaged");

        err.reset();
        assertThat(run("restore", "--from", dir.resolve("nothing.db").toString(), "--config", config.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("nothing.db: no such file");
        assertThat(StoreCopy.inspect(store).rows().get("events")).as("the store is untouched").isEqualTo(3000);
        assertThat(listing(store.getParent())).noneMatch(f -> f.contains("replaced") || f.contains("restoring"));
    }

    // ------------------------------------------------------------------ helpers

    private int run(String... argv) {
        return Cli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static List<String> listing(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String text(Path file) throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    private static void copyWithWal(Path store, Path to) throws Exception {
        Files.createDirectories(to);
        for (String suffix : List.of("", "-wal")) {
            Files.copy(store.resolveSibling(store.getFileName() + suffix), to.resolve(store.getFileName() + suffix));
        }
    }

    private static void exec(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
