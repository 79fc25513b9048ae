package org.doorwatch.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aNewStoreGetsTheLatestSchemaAndReopeningChangesNothing() throws Exception {
        Path file = dir.resolve("sub/folder/gateway.db");
        Database.open(file, CLOCK).close();
        Database.open(file, CLOCK).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            int n = 0;
            while (rs.next()) {
                assertThat(rs.getInt(1)).isEqualTo(++n);
            }
            assertThat(n).isEqualTo(Migrations.latest());
            try (ResultSet mode = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(mode.next()).isTrue();
                assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
    }

    @Test
    void aDamagedStoreIsRefusedWithAClearMessage() throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            // enough rows for several pages, so damage in the middle hits table data
            org.doorwatch.gateway.storage.Batch b = new org.doorwatch.gateway.storage.Batch();
            for (int i = 0; i < 2000; i++) {
                b.event(new JournalEntry(org.doorwatch.domain.DoorEvent.device(CLOCK.instant(), "door-" + i,
                        org.doorwatch.domain.EventType.DOOR_OPENED), "mqtt", CLOCK.instant()));
            }
            w.commit(b, CLOCK.instant());
        }
        checkpoint(file);
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            for (long at = 4096 + 100; at < size; at += 4096) { // scribble inside every page but the first
                raf.seek(at);
                raf.write(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3, 4, 5, 6, 7, 8});
            }
        }
        assertThatThrownBy(() -> Database.open(file, CLOCK))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining("integrity check")
                .hasMessageContaining("does not run on a damaged store");
    }

    @Test
    void aFileThatIsNotADatabaseIsRefused() throws Exception {
        Path file = dir.resolve("gateway.db");
        Files.writeString(file, "this is not a database, it is a shopping list: rice, tea, eggs ".repeat(100));
        assertThatThrownBy(() -> Database.open(file, CLOCK))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is not an SQLite database");
    }

    @Test
    void oneGatewayPerStore() throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Database first = Database.open(file, CLOCK)) {
            assertThatThrownBy(() -> Database.open(file, CLOCK))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("in use by another gateway");
        }
        Database.open(file, CLOCK).close(); // released
    }

    private static void checkpoint(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }
}
