package org.doorwatch.gateway.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Explicit transactions on an auto-commit connection. Why not {@code setAutoCommit(false)}:
 * sqlite-jdbc then opens the next transaction right after every commit, so an idle connection
 * always holds one: with IMMEDIATE mode the write lock (every other writer waits until the
 * busy timeout), with DEFERRED a read snapshot (the WAL can never be checkpointed and grows).
 */
final class Transactions {

    /** Work inside a transaction. */
    interface Work<T> {
        T run() throws SQLException;
    }

    private Transactions() {}

    /** Runs {@code work} in BEGIN IMMEDIATE ... COMMIT; rolls back and rethrows on failure. */
    static <T> T write(Connection c, Work<T> work) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
        try {
            T result = work.run();
            try (Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            } catch (SQLException rollbackFailed) {
                // the transaction may already be gone (SQLite rolls back on some errors)
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
    }
}
