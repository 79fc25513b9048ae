package org.doorwatch.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Random;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, "a corrupt or foreign store file at start-up is refused with a clear message, never
 * overwritten": each kind of wrong file at {@code storage.path} is refused with a message naming
 * the file and what to do, and afterwards the file has exactly the bytes it had (no WAL switch,
 * no tables of ours added), with no WAL file left beside it.
 */
class StoreCheckTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void randomBytesAreNotADatabase() throws Exception {
        Path file = dir.resolve("gateway.db");
        byte[] noise = new byte[64 * 1024];
        new Random(19).nextBytes(noise);
        Files.write(file, noise);
        refusedUnchanged(file, "is not an SQLite database", "has not changed it");
    }

    @Test
    void anotherApplicationsDatabaseIsNotWrittenInto() throws Exception {
        Path file = dir.resolve("gateway.db");
        sql(file, "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT, phone TEXT)",
                "INSERT INTO contacts (name, phone) VALUES ('王小明', '13800000001')",
                "CREATE TABLE settings (k TEXT PRIMARY KEY, v TEXT)");
        refusedUnchanged(file, "is not a door-watch store", "contacts, settings", "another application's database");
    }

    @Test
    void aForeignDatabaseWithTablesNamedLikeOursIsRefusedToo() throws Exception {
        // an app that happens to have 'events' (the first migration step would have failed half-way)
        Path file = dir.resolve("gateway.db");
        sql(file, "CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT)", "CREATE TABLE schema_version (v TEXT)");
        refusedUnchanged(file, "is not a door-watch store", "events, schema_version");
    }

    @Test
    void aDatabaseMarkedWithAnotherApplicationIdIsRefused() throws Exception {
        Path file = dir.resolve("gateway.db");
        sql(file, "PRAGMA application_id = 1196444487", "CREATE TABLE t (x)"); // 0x47504b47 ("GPKG"), a GeoPackage
        refusedUnchanged(file, "application id 0x47504b47");
    }

    @Test
    void aTruncatedStoreIsRefused() throws Exception {
        Path file = storeWithEvents(3000);
        long size = Files.size(file);
        byte[] half = java.util.Arrays.copyOf(Files.readAllBytes(file), (int) (size / 2));
        Files.write(file, half);
        refusedUnchanged(file, "failed its integrity check", "truncated", "has not changed it", ".recover");
    }

    /**
     * A kill -9 during a checkpoint: page 1, with the grown page count, is already in the main file,
     * the pages that extend the file are still only in the WAL. The main file alone looks truncated,
     * but the store is whole (scripts/soak-crash met one after 520 SIGKILLs, and the first StoreCheck
     * refused it: a gateway that stays down after a power cut).
     */
    @Test
    void aStoreWhoseCheckpointWasCutShortOpens() throws Exception {
        Path live = storeWithEvents(10);
        Path crashed = dir.resolve("crashed/gateway.db");
        Files.createDirectories(crashed.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");
            s.execute("CREATE TABLE bulk (x BLOB)");
            for (int i = 0; i < 200; i++) {
                s.execute("INSERT INTO bulk VALUES (randomblob(4000))"); // ~200 pages more, all in the WAL
            }
            // the crash image, taken while this connection keeps the WAL from being checkpointed
            Files.copy(live, crashed);
            Files.copy(Path.of(live + "-wal"), Path.of(crashed + "-wal"));
        }
        byte[] page1 = lastWalFrameOf(Path.of(crashed + "-wal"), 1);
        try (java.io.RandomAccessFile main = new java.io.RandomAccessFile(crashed.toFile(), "rw")) {
            main.write(page1); // the checkpoint got this far
        }
        long headerPages = java.nio.ByteBuffer.wrap(page1).getInt(28);
        assertThat(Files.size(crashed)).as("the main file looks truncated").isLessThan(headerPages * page1.length);

        Database.open(crashed, CLOCK).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + crashed); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM bulk) || ' ' || (SELECT count(*) FROM events)")) {
            assertThat(rs.getString(1)).isEqualTo("200 10");
        }
        assertThat(sqlOne(crashed, "PRAGMA integrity_check")).isEqualTo("ok");
    }

    @Test
    void aStoreOfANewerSchemaIsRefused() throws Exception {
        Path file = storeWithEvents(10);
        sql(file, "INSERT INTO schema_version (version, applied_at) VALUES (" + (Migrations.latest() + 1) + ", 0)",
                "PRAGMA journal_mode = DELETE");
        refusedUnchanged(file, "schema version " + (Migrations.latest() + 1), "newer than this gateway understands");
    }

    @Test
    void aStoreOfAnEarlierBuildWithoutTheMarkIsOursAndGetsIt() throws Exception {
        Path file = storeWithEvents(10);
        sql(file, "PRAGMA application_id = 0");
        Database.open(file, CLOCK).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA application_id")) {
            assertThat(rs.getInt(1)).isEqualTo(StoreCheck.APPLICATION_ID);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
            assertThat(rs.getInt(1)).isEqualTo(10);
        }
    }

    @Test
    void anEmptyFileIsANewStore() throws Exception {
        Path file = dir.resolve("gateway.db");
        Files.createFile(file);
        Database.open(file, CLOCK).close();
        assertThat(StoreCheck.check(file, Migrations.latest())).isEqualTo(StoreCheck.Kind.OURS);
    }

    // ------------------------------------------------------------------ helpers

    private void refusedUnchanged(Path file, String... message) throws Exception {
        String before = sha256(file);
        boolean walBefore = Files.exists(Path.of(file + "-wal"));
        assertThatThrownBy(() -> Database.open(file, CLOCK)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith(file.toAbsolutePath().toString())
                .hasMessageContainingAll(message);
        assertThat(sha256(file)).as("the file is exactly as it was").isEqualTo(before);
        assertThat(Files.exists(Path.of(file + "-wal"))).as("no WAL beside it").isEqualTo(walBefore);
    }

    private Path storeWithEvents(int n) throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            Batch b = new Batch();
            for (int i = 0; i < n; i++) {
                b.event(new JournalEntry(DoorEvent.device(CLOCK.instant(), "door-" + i, EventType.DOOR_OPENED), "mqtt",
                        CLOCK.instant()));
            }
            w.commit(b, CLOCK.instant());
        }
        sql(file, "PRAGMA wal_checkpoint(TRUNCATE)");
        return file;
    }

    private static void sql(Path file, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    /** The page image of the last frame for {@code page} in a WAL file (format: sqlite.org/fileformat2.html#walformat). */
    private static byte[] lastWalFrameOf(Path wal, int page) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(wal));
        int pageSize = b.getInt(8);
        byte[] found = null;
        for (int at = 32; at + 24 + pageSize <= b.capacity(); at += 24 + pageSize) {
            if (b.getInt(at) == page) {
                found = java.util.Arrays.copyOfRange(b.array(), at + 24, at + 24 + pageSize);
            }
        }
        assertThat(found).as("a frame for page " + page).isNotNull();
        return found;
    }

    private static String sqlOne(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.getString(1);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
