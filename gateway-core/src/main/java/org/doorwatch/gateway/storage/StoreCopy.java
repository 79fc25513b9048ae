package org.doorwatch.gateway.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * Copies a store with SQLite's {@code VACUUM INTO}: one read transaction on a read-only
 * connection, so the copy is the store as it was at one instant, taken while a gateway goes on
 * writing (WAL: the reader does not block the writer, the writer does not disturb the reader).
 * The copy is compact and has no free pages, so nothing the retention purge deleted travels into
 * a backup. Measured against the online backup API (BENCHMARKS.md, "Backup"): as fast on the
 * wall clock, twice its CPU; the backup API stepped in small chunks (what sqlite-jdbc's
 * {@code backup to} does) restarts at every commit of the writer and never finishes under load.
 *
 * <p>The copy goes to a temporary file next to its destination, is checked there ({@link
 * #inspect}: {@code PRAGMA integrity_check}, the tables, the schema version), flushed to disk,
 * made readable by its owner only, and only then renamed over the destination: a backup file is
 * whole or absent, never half written, and a failed run leaves the previous backup as it was.
 */
public final class StoreCopy {

    /** The tables of schema step 1: a file with them is a door-watch store. */
    private static final List<String> CORE_TABLES = List.of("schema_version", "events", "households", "alerts", "outbox");
    /** The order a summary lists tables in; others follow by name. */
    private static final List<String> TABLE_ORDER = List.of("events", "households", "devices", "alerts", "outbox",
            "acknowledgements", "outcomes", "audit", "runs", "schema_version");
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /**
     * What a store file holds.
     *
     * @param file          the file
     * @param schemaVersion its {@code schema_version}
     * @param bytes         its size
     * @param rows          rows per table, events first
     * @param owed          outbox rows neither delivered nor failed for good: what a gateway started on
     *                      it sends (again, with the same alert ids)
     * @param newestEvent   when the newest journal event was received (gateway clock), or null
     */
    public record Summary(Path file, int schemaVersion, long bytes, Map<String, Long> rows, long owed,
                          Instant newestEvent) {}

    /** Told now and then how far a copy has come. */
    public interface Progress {
        /** @param written bytes of the copy so far; {@code expected} the store's used bytes (about the copy's size) */
        void copied(long written, long expected);
    }

    private StoreCopy() {}

    /**
     * Copies the store {@code from} to {@code to} (replacing it only once the copy is checked),
     * reporting progress every {@code progressEvery} while it runs.
     *
     * @return what the copy holds
     * @throws StoreException when {@code from} is not a door-watch store, is damaged, or the copy
     *                        fails its check (the message says which); {@code to} is then untouched
     * @throws IOException    when the copy cannot be written
     */
    public static Summary copy(Path from, Path to, Duration progressEvery, Progress progress)
            throws StoreException, IOException {
        from = from.toAbsolutePath().normalize();
        to = to.toAbsolutePath().normalize();
        checkHeader(from);
        Path temp = to.resolveSibling("." + to.getFileName() + ".partial");
        Files.deleteIfExists(temp); // a run that died left it; it is ours by name
        long expected = usedBytes(from);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "copy-progress");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, progressEvery.toMillis());
        ticker.scheduleAtFixedRate(() -> {
            try {
                progress.copied(Files.exists(temp) ? Files.size(temp) : 0, expected);
            } catch (IOException | RuntimeException e) {
                // progress is a courtesy; the copy goes on
            }
        }, every, every, TimeUnit.MILLISECONDS);
        try {
            try (Connection c = readOnly(from); PreparedStatement p = c.prepareStatement("VACUUM INTO ?")) {
                p.setString(1, temp.toString());
                p.execute();
            } catch (SQLException e) {
                throw failure(from, "cannot copy it", e);
            } finally {
                ticker.shutdownNow();
            }
            Summary copied = inspect(temp);
            ownerOnly(temp);
            fsync(temp);
            move(temp, to);
            return new Summary(to, copied.schemaVersion(), copied.bytes(), copied.rows(), copied.owed(),
                    copied.newestEvent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads {@code file} without changing it: an SQLite file, passing {@code PRAGMA
     * integrity_check}, with the door-watch tables; its schema version and rows per table.
     *
     * @throws StoreException naming the file and what is wrong with it
     */
    public static Summary inspect(Path file) throws StoreException {
        checkHeader(file);
        try (Connection c = readOnly(file); Statement s = c.createStatement()) {
            List<String> problems = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    if (!"ok".equalsIgnoreCase(rs.getString(1))) {
                        problems.add(rs.getString(1));
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new StoreException(file + ": it fails SQLite's integrity check ("
                        + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
                        + (problems.size() > 3 ? "; and " + (problems.size() - 3) + " more" : "") + ")");
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
                    + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            List<String> missing = new ArrayList<>(CORE_TABLES);
            missing.removeAll(tables);
            if (!missing.isEmpty()) {
                throw new StoreException(file + ": this is not a door-watch store (it has no "
                        + String.join(", ", missing) + " table" + (missing.size() > 1 ? "s" : "") + ")");
            }
            int version;
            try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            tables.sort((a, b) -> Integer.compare(order(a), order(b)) != 0 ? Integer.compare(order(a), order(b))
                    : a.compareTo(b));
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + t.replace("\"", "\"\"") + "\"")) {
                    rows.put(t, rs.next() ? rs.getLong(1) : 0);
                }
            }
            long owed;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL")) {
                owed = rs.next() ? rs.getLong(1) : 0;
            }
            Instant newest = null;
            try (ResultSet rs = s.executeQuery("SELECT max(received_at) FROM events")) {
                if (rs.next()) {
                    long t = rs.getLong(1);
                    newest = rs.wasNull() ? null : Instant.ofEpochMilli(t);
                }
            }
            return new Summary(file, version, Files.size(file), rows, owed, newest);
        } catch (SQLException e) {
            throw failure(file, "cannot read it", e);
        } catch (IOException e) {
            throw new StoreException(file + ": cannot read it: " + e.getMessage(), e);
        }
    }

    private static int order(String table) {
        int i = TABLE_ORDER.indexOf(table);
        return i < 0 ? TABLE_ORDER.size() : i;
    }

    /** Refuses a missing, empty or non-SQLite file before SQLite gets to see it (it would create or misread it). */
    private static void checkHeader(Path file) throws StoreException {
        if (!Files.isRegularFile(file)) {
            throw new StoreException(file + ": no such file");
        }
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
            header = in.readNBytes(MAGIC.length);
        } catch (IOException e) {
            throw new StoreException(file + ": cannot read it: " + e.getMessage(), e);
        }
        if (!Arrays.equals(header, MAGIC)) {
            throw new StoreException(file + ": this is not an SQLite database (" + (header.length == 0 ? "it is empty"
                    : "it does not start with SQLite's header") + ")");
        }
    }

    /** The pages in use, in bytes: about the size a VACUUM INTO copy will have. */
    private static long usedBytes(Path file) throws StoreException {
        try (Connection c = readOnly(file); Statement s = c.createStatement()) {
            long pages = single(s, "PRAGMA page_count");
            long free = single(s, "PRAGMA freelist_count");
            return (pages - free) * single(s, "PRAGMA page_size");
        } catch (SQLException e) {
            throw failure(file, "cannot read it", e);
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static Connection readOnly(Path file) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setBusyTimeout(30_000);
        return DriverManager.getConnection("jdbc:sqlite:" + file, cfg.toProperties());
    }

    private static StoreException failure(Path file, String what, SQLException e) {
        String m = String.valueOf(e.getMessage());
        boolean damaged = m.contains("SQLITE_CORRUPT") || m.contains("malformed") || m.contains("SQLITE_NOTADB")
                || m.contains("not a database");
        return new StoreException(file + ": " + what + (damaged ? ": the file is damaged (" : " (") + m + ")", e);
    }

    /**
     * Makes {@code file} readable and writable by its owner only: a store and its backups hold
     * personal data (docs/privacy.md), whatever the umask of whoever ran the command.
     */
    static void ownerOnly(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Flushes {@code file}'s bytes to the disk: SQLite does not for a VACUUM INTO copy. */
    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Renames {@code from} to {@code to} in one step (replacing it) and flushes the folder's entry. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " in one step (" + e.getMessage()
                    + "); write the copy to a folder on the same file system", e);
        }
        Path dir = to.getParent();
        if (dir != null) {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            } catch (IOException e) {
                // some file systems cannot sync a folder; the rename itself has happened
            }
        }
    }
}
