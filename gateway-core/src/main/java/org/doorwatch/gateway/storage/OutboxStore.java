package org.doorwatch.gateway.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The delivery side of the store: its own connection ({@code synchronous=NORMAL}, see
 * {@link Database}), used by the delivery thread only.
 */
public final class OutboxStore implements AutoCloseable {

    /** A delivered row: its order and when the broker or receiver confirmed it. */
    public record Delivered(long seq, Instant at) {}

    private final Connection c;

    public OutboxStore(Database db) throws SQLException {
        this.c = db.connect(false);
    }

    /** Every row still owed, in delivery order, with its alert's payload. */
    public List<OutboxRow> pending() throws SQLException {
        List<OutboxRow> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT o.seq, o.alert_id, o.channel, o.transport, a.household, a.device, "
                     + "a.json, a.ts, o.created_at, o.attempts, o.next_attempt FROM outbox o JOIN alerts a ON a.id = o.alert_id "
                     + "WHERE o.delivered_at IS NULL AND o.failed_at IS NULL ORDER BY o.seq")) {
            while (rs.next()) {
                String household = rs.getString(5);
                String device = rs.getString(6);
                long next = rs.getLong(11);
                boolean noNext = rs.wasNull();
                out.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        orderKey(household, device, rs.getString(2)), rs.getString(7),
                        Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)), rs.getInt(10),
                        noNext ? null : Instant.ofEpochMilli(next), 0));
            }
        }
        return out;
    }

    /**
     * Makes MQTT rows delivered within {@code window} before the last MQTT delivery owed again;
     * returns how many. For the embedded broker after a crash: its store commits once a second,
     * so messages it confirmed just before the crash may not have reached its store or the
     * subscribers; sending them again (same ids) is the safe side.
     */
    public int redeliverRecent(java.time.Duration window) throws SQLException {
        return Transactions.write(c, () -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE outbox SET delivered_at = NULL WHERE transport = 'mqtt' "
                    + "AND delivered_at >= (SELECT max(delivered_at) FROM outbox WHERE transport = 'mqtt') - ?")) {
                p.setLong(1, window.toMillis());
                return p.executeUpdate();
            }
        });
    }

    /** The ordering key of a delivery: per household, else per device, else the alert alone. */
    public static String orderKey(String household, String device, String alertId) {
        if (household != null) {
            return "household:" + household;
        }
        return device != null ? "device:" + device : "alert:" + alertId;
    }

    public void markDelivered(List<Delivered> rows) throws SQLException {
        Transactions.write(c, () -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE outbox SET delivered_at = ? WHERE seq = ?")) {
                for (Delivered d : rows) {
                    p.setLong(1, d.at().toEpochMilli());
                    p.setLong(2, d.seq());
                    p.addBatch();
                }
                return p.executeBatch();
            }
        });
    }

    /** A failed attempt that will be retried at {@code next}. */
    public void markAttempt(long seq, int attempts, Instant next, String error) throws SQLException {
        update("UPDATE outbox SET attempts = ?, next_attempt = ?, last_error = ? WHERE seq = ?",
                attempts, next.toEpochMilli(), error, seq);
    }

    /** A row that will never be delivered: a 4xx, or its retry time ran out. */
    public void markFailed(long seq, int attempts, Instant at, String error) throws SQLException {
        update("UPDATE outbox SET attempts = ?, failed_at = ?, last_error = ? WHERE seq = ?",
                attempts, at.toEpochMilli(), error, seq);
    }

    private void update(String sql, int attempts, long at, String error, long seq) throws SQLException {
        Transactions.write(c, () -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setInt(1, attempts);
                p.setLong(2, at);
                p.setString(3, error == null ? null : error.length() > 500 ? error.substring(0, 500) : error);
                p.setLong(4, seq);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
