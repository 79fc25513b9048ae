package org.doorwatch.gateway.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.sqlite.SQLiteConfig;

/**
 * What is at {@code storage.path}, found out before the gateway writes a byte to it: nothing (a
 * new store), a door-watch store this build can run on, or something it must refuse and leave
 * exactly as it is: a file that is not SQLite, a truncated or damaged store, another
 * application's database, a store of a newer schema. Opening a foreign database as the store
 * would have switched it to WAL and added our tables to it; a newer store's steps are unknown.
 *
 * <p>It reads the 100-byte SQLite header itself, then opens a read-only connection for
 * {@code PRAGMA integrity_check}, the table list and the schema version. Stores are marked with
 * {@link #APPLICATION_ID} in the header (SQLite's {@code application_id}, for tools such as
 * {@code file(1)} too); a store of an earlier build, without the mark, is recognised by its tables.
 */
final class StoreCheck {

    /** {@code PRAGMA application_id} of a door-watch store: "DWGW". */
    static final int APPLICATION_ID = 0x44574757;
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** The tables of schema step 1: a store without the mark that has them is ours. */
    private static final Set<String> CORE_TABLES = Set.of("schema_version", "events", "households", "alerts", "outbox");

    /** What the file holds. */
    enum Kind { NEW, OURS }

    private StoreCheck() {}

    /**
     * @return {@link Kind#NEW} for a missing or empty file (or one a crash left with only an empty
     *         {@code schema_version}), {@link Kind#OURS} for a store this build runs on
     * @throws StoreException naming the file, what it holds and what to do; the file is untouched
     */
    static Kind check(Path file, int latestVersion) throws StoreException {
        if (!Files.exists(file)) {
            return Kind.NEW;
        }
        byte[] header;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            header = in.readNBytes(100);
        } catch (IOException e) {
            throw new StoreException(file + ": cannot read the store: " + e.getMessage(), e);
        }
        if (size == 0) {
            return Kind.NEW;
        }
        if (header.length < 100 || !java.util.Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw refused(file, "is not an SQLite database (it does not start with SQLite's header); it may be a "
                    + "different file than intended, or a store overwritten by something else");
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        int pageSize = Short.toUnsignedInt(h.getShort(16));
        pageSize = pageSize == 1 ? 65536 : pageSize;
        long pages = Integer.toUnsignedLong(h.getInt(28));
        boolean pagesValid = pages > 0 && h.getInt(24) == h.getInt(92); // SQLite's rule for the in-header size
        // With frames in the WAL the main file alone says nothing: a checkpoint writes page 1 (the new size)
        // before the pages that extend the file, and a kill in between leaves a file shorter than its header
        // that the WAL completes (scripts/soak-crash found one such store in 520 SIGKILLs). integrity_check,
        // below, reads through the WAL and judges that case.
        if (pagesValid && !hasWalFrames(file) && size < pages * pageSize) {
            throw damaged(file, List.of("the file is truncated: its header says " + pages + " pages of " + pageSize
                    + " bytes (" + pages * pageSize + " bytes), the file has " + size));
        }
        int appId = h.getInt(68);
        if (appId != 0 && appId != APPLICATION_ID) {
            throw foreign(file, String.format("its header names application id 0x%08x", appId));
        }

        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, cfg.toProperties());
             Statement s = c.createStatement()) {
            List<String> problems = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    if (!"ok".equalsIgnoreCase(rs.getString(1))) {
                        problems.add(rs.getString(1));
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw damaged(file, problems);
            }
            Set<String> tables = new TreeSet<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            int version = tables.contains("schema_version") ? schemaVersion(s) : 0;
            if (tables.isEmpty() || (tables.equals(Set.of("schema_version")) && version == 0)) {
                return Kind.NEW;
            }
            if (appId != APPLICATION_ID && !tables.containsAll(CORE_TABLES)) {
                List<String> shown = tables.stream().limit(8).toList();
                throw foreign(file, "it holds tables the gateway does not know (" + String.join(", ", shown)
                        + (tables.size() > shown.size() ? ", ..." : "") + ")");
            }
            if (version > latestVersion) {
                throw Database.newerSchema(file, version, latestVersion);
            }
            return Kind.OURS;
        } catch (SQLException e) {
            if (Database.isCorruption(e)) {
                throw damaged(file, List.of(e.getMessage()));
            }
            throw new StoreException(file + ": cannot read the store: " + e.getMessage(), e);
        }
    }

    /** True when a WAL beside {@code file} holds at least one frame (its 32-byte header alone holds none). */
    private static boolean hasWalFrames(Path file) {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        try {
            return Files.exists(wal) && Files.size(wal) > 32;
        } catch (IOException e) {
            return true; // cannot tell: leave it to integrity_check
        }
    }

    private static int schemaVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            return -1; // a schema_version not of our shape: treated as not ours by the table check
        }
    }

    private static StoreException refused(Path file, String what) {
        return new StoreException(file + ": " + what + ". The gateway does not run on it and has not changed it. "
                + "Correct storage.path, or move the file away to start with an empty store.");
    }

    private static StoreException foreign(Path file, String what) {
        return new StoreException(file + ": this is not a door-watch store: " + what + ". The gateway does not "
                + "write into another application's database and has not changed it. Point storage.path at the "
                + "gateway's own store or at a new file.");
    }

    static StoreException damaged(Path file, List<String> problems) {
        String shown = String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                + (problems.size() > 5 ? "; and " + (problems.size() - 5) + " more" : "");
        return new StoreException(file + ": the store failed its integrity check (" + shown + "). "
                + "The gateway does not run on a damaged store and has not changed it. Stop here, keep a copy of "
                + "the file, then either restore the last backup, or recover it with `sqlite3 " + file.getFileName()
                + " .recover`, or move it away to start with an empty store (undelivered alerts would be lost).");
    }
}
