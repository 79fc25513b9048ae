package org.doorwatch.gateway.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.OptionalLong;
import org.doorwatch.drivers.EventCursors;

/**
 * The drivers' {@link EventCursors} in the store (table {@code controller_cursors}): per uhppote
 * controller, the index of the last event of its log that is in the journal.
 *
 * <p>Its own connection, not the writer's: the sources store an index a few times a second at
 * most (after a batch, at close), from their own threads and, at stop, from the writer's
 * after-commit callbacks, which must not wait for the writer's connection. One short IMMEDIATE
 * transaction, {@code synchronous=FULL}: an index that a power cut could undo would read events
 * twice, one that ran ahead of the journal would lose them; the writer commits first, so the
 * index never passes the journal.
 */
public final class ControllerCursors implements EventCursors, AutoCloseable {

    private final Database db;
    private final Clock wallClock;
    private Connection c;
    private boolean closed;

    public ControllerCursors(Database db, Clock wallClock) {
        this.db = db;
        this.wallClock = wallClock;
    }

    @Override
    public synchronized OptionalLong last(long controller) {
        try {
            try (PreparedStatement p = connection().prepareStatement(
                    "SELECT last_index FROM controller_cursors WHERE controller = ?")) {
                p.setLong(1, controller);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the event index of controller " + controller + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void store(long controller, long index) {
        try {
            Connection conn = connection();
            Transactions.write(conn, () -> {
                try (PreparedStatement p = conn.prepareStatement(
                        "INSERT INTO controller_cursors (controller, last_index, updated_at) VALUES (?, ?, ?) "
                                + "ON CONFLICT (controller) DO UPDATE SET last_index = excluded.last_index, updated_at = excluded.updated_at")) {
                    p.setLong(1, controller);
                    p.setLong(2, index);
                    p.setLong(3, wallClock.millis());
                    p.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("storing event index " + index + " of controller " + controller + ": "
                    + e.getMessage(), e);
        }
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException("the store is closed"); // a source's late call at stop must not reopen it
        }
        if (c == null) {
            c = db.connect(true);
        }
        return c;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing: nothing left to do with it
            }
            c = null;
        }
    }
}
