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
 * Reads the outbox at start-up (what is still owed) on a connection of its own; everything
 * delivery learns afterwards is written by the writer ({@link OutboxUpdate}).
 */
public final class OutboxStore implements AutoCloseable {

    private final Connection c;

    public OutboxStore(Database db) throws SQLException {
        this.c = db.connect(false);
    }

    /** Every row still owed, in delivery order, with its alert's payload. */
    public List<OutboxRow> pending() throws SQLException {
        List<OutboxRow> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT o.seq, o.alert_id, o.channel, o.transport, a.household, a.device, "
                     + "a.json, a.ts, o.created_at, o.attempts, o.next_attempt, o.recipients, o.round, a.rule "
                     + "FROM outbox o JOIN alerts a ON a.id = o.alert_id "
                     + "WHERE o.delivered_at IS NULL AND o.failed_at IS NULL ORDER BY o.seq")) {
            while (rs.next()) {
                String household = rs.getString(5);
                String device = rs.getString(6);
                long next = rs.getLong(11);
                boolean noNext = rs.wasNull();
                String recipients = rs.getString(12);
                List<String> people = recipients == null || recipients.isEmpty() ? List.of()
                        : List.of(recipients.split(","));
                String transport = rs.getString(4);
                Instant nextAttempt = noNext ? null : Instant.ofEpochMilli(next);
                out.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), transport,
                        orderKey(household, device, rs.getString(14), transport, people, nextAttempt != null
                                && rs.getInt(10) == 0), rs.getString(7),
                        Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)), rs.getInt(10),
                        nextAttempt, 0, people, rs.getInt(13)));
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

    /**
     * The ordering key of a delivery: per household, else per device, else per rule (device-offline's
     * group alarms name neither: their RESOLVED must not overtake their ALARM).
     */
    public static String orderKey(String household, String device, String rule) {
        if (household != null) {
            return "household:" + household;
        }
        return device != null ? "device:" + device : "rule:" + rule;
    }

    /**
     * The ordering key of a message to people: an SMS keeps order per household and person, so
     * one person's message held until the morning does not hold up another's; a group message
     * that was held ({@code held}: its @-mentions wait for quiet hours to end) has its own queue
     * beside the household's.
     */
    public static String orderKey(String household, String device, String rule, String transport, List<String> people,
                                  boolean held) {
        String base = orderKey(household, device, rule);
        if (OutboxRow.SMS.equals(transport) && !people.isEmpty()) {
            return base + "/person:" + String.join(",", people);
        }
        if (OutboxRow.reachesPeople(transport) && held) {
            return base + "/held";
        }
        return base;
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
