package org.doorwatch.gateway.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file: opened once at start-up, checked, migrated; then it hands out connections.
 *
 * <p>WAL journal. The writer's connection runs {@code synchronous=FULL}: an event is
 * acknowledged to its device and an alert is sent only after its commit, and a commit that a
 * power cut could undo would break both promises. It is the store's only writer (delivery hands
 * its updates to it), so no two connections wait on each other's write lock. Transactions are
 * explicit and IMMEDIATE ({@link Transactions}).
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int BUSY_TIMEOUT_MS = 30_000;

    private final Path file;
    private StoreLock lock;

    private Database(Path file) {
        this.file = file;
    }

    /**
     * Opens (creating it if needed) the store at {@code file}, refuses (without changing it) a
     * damaged, truncated, foreign or newer one ({@link StoreCheck}: {@code PRAGMA integrity_check}
     * among others), and brings its schema to the latest version.
     *
     * @throws StoreException naming the file, what is wrong and what to do
     */
    public static Database open(Path file, Clock clock) throws StoreException {
        Database db = new Database(file.toAbsolutePath().normalize());
        db.prepareFolder();
        db.lock();
        try {
            StoreCheck.Kind kind = StoreCheck.check(db.file, Migrations.latest()); // reads only: a refused file stays as it was
            LOG.info("store {}: {}", db.file, kind == StoreCheck.Kind.NEW ? "new" : "integrity check ok");
        } catch (StoreException e) {
            db.close();
            throw e;
        }
        try (Connection c = db.connect(true)) {
            db.migrate(c, clock);
            db.mark(c);
        } catch (SQLException e) {
            db.close();
            if (isCorruption(e)) {
                throw db.damaged(List.of(e.getMessage()), e);
            }
            throw new StoreException(file + ": cannot open the store: " + e.getMessage()
                    + hintFor(e), e);
        } catch (StoreException e) {
            db.close();
            throw e;
        }
        return db;
    }

    public Path file() {
        return file;
    }

    /** The schema version this build writes: stores of a lower one are migrated at open, higher ones refused. */
    public static int latestSchemaVersion() {
        return Migrations.latest();
    }

    /**
     * One gateway per store: two would both raise and send every alert. The OS releases the
     * lock when the process dies, so a crash never leaves a stale lock behind.
     */
    private void lock() throws StoreException {
        try {
            lock = StoreLock.tryTake(file);
        } catch (IOException e) {
            throw new StoreException(file + ": cannot create the lock file " + StoreLock.fileOf(file) + ": "
                    + e.getMessage(), e);
        }
        if (lock == null) {
            throw new StoreException(file + ": the store is in use by another gateway process (lock "
                    + StoreLock.fileOf(file) + "); stop it first, or give this one its own storage.path");
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.close();
            }
        } catch (IOException e) {
            LOG.debug("releasing the store lock: {}", e.toString());
        }
        lock = null;
    }

    /** A new connection; {@code fullSync} for the writer, see the class comment. */
    Connection connect(boolean fullSync) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(fullSync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        cfg.enforceForeignKeys(true);
        return DriverManager.getConnection("jdbc:sqlite:" + file, cfg.toProperties());
    }

    private void prepareFolder() throws StoreException {
        Path parent = file.getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException(file + ": cannot create the folder " + parent + ": " + e.getMessage(), e);
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new StoreException(file + ": the store is not writable by this user");
        }
    }

    private StoreException damaged(List<String> problems, Throwable cause) {
        StoreException e = StoreCheck.damaged(file, problems);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /** The header's application id, so that {@link StoreCheck} knows the file at once next time. */
    private void mark(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA application_id")) {
            if (rs.next() && rs.getInt(1) == StoreCheck.APPLICATION_ID) {
                return;
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA application_id = " + StoreCheck.APPLICATION_ID);
        }
    }

    /**
     * Creates the schema of {@code version} only, as a build of that version left it: for the
     * upgrade tests (a store of an older version, then opened by this build).
     */
    static void createAtVersion(Path file, int version, Clock clock) throws StoreException {
        Database db = new Database(file.toAbsolutePath().normalize());
        db.prepareFolder();
        db.lock();
        try (Connection c = db.connect(true)) {
            db.migrate(c, clock, version);
        } catch (SQLException e) {
            throw new StoreException(file + ": " + e.getMessage(), e);
        } finally {
            db.close();
        }
    }

    private void migrate(Connection c, Clock clock) throws SQLException, StoreException {
        migrate(c, clock, Migrations.latest());
    }

    private void migrate(Connection c, Clock clock, int target) throws SQLException, StoreException {
        int current = Transactions.write(c, () -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
                try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
        if (current > Migrations.latest()) {
            throw newerSchema(file, current, Migrations.latest());
        }
        for (int v = current + 1; v <= target; v++) {
            int version = v;
            Transactions.write(c, () -> {
                try (Statement s = c.createStatement()) {
                    for (String sql : Migrations.STEPS.get(version - 1)) {
                        s.execute(sql);
                    }
                    s.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + version + ", "
                            + clock.millis() + ")");
                }
                return null;
            });
            LOG.info("store {}: schema migrated to version {}", file, v);
        }
    }

    static boolean isCorruption(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB") || m.contains("malformed")
                || m.contains("not a database");
    }

    private static String hintFor(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_BUSY") || m.contains("locked")) {
            return " (is another gateway running on the same store?)";
        }
        if (m.contains("SQLITE_CANTOPEN") || m.contains("READONLY")) {
            return " (check the folder exists and is writable)";
        }
        return "";
    }

    /** The refusal of a store that a newer build wrote: both versions, what to do, and that nothing changed. */
    static StoreException newerSchema(Path file, int found, int understood) {
        return new StoreException(file + ": the store has schema version " + found
                + ", newer than this gateway understands (version " + understood
                + "): a newer gateway wrote it. Run that version (or a newer one) again, or restore a backup "
                + "taken with this version (gateway restore). The store was not changed.");
    }
}
