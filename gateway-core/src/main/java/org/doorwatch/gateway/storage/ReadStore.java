package org.doorwatch.gateway.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The staff API's reads (issue 7): alerts with their history, household and device state, the
 * journal, the audit log. A few connections of its own, used by the API's worker threads; WAL
 * lets them read while the writer commits. Nothing here writes: the writer is the store's only
 * writer.
 */
public final class ReadStore implements AutoCloseable {

    /** The audit action of a login; its {@code allowed} rows end a run of failures. */
    public static final String LOGIN_ACTION = "POST /api/login";
    /** The audit action of an unlock, followed by a space and the account unlocked. */
    public static final String UNLOCK_ACTION = "POST /api/users/:name/unlock";

    /** Rows one query returns at most; callers ask for less. */
    public static final int MAX_ROWS = 5000;

    /** An alert as stored, with what the API needs to decide who may see it and its state. */
    public record AlertRow(long seq, String id, Instant ts, String rule, String stage, String household, String device,
                           String json, int acknowledgements, boolean resolved, String previousStage) {}

    /** Filters of an alert listing; null means any. */
    public record AlertQuery(String rule, String stage, String household, Instant from, Instant to, int limit) {}

    public record Delivery(String channel, String transport, int attempts, Instant deliveredAt, Instant failedAt,
                           String lastError) {}

    public record Ack(String by, Instant at, String note) {}

    /**
     * An outbox row that reaches people (WeCom, DingTalk, SMS).
     *
     * @param recipients the person ids it addresses; empty for a group message that mentions nobody
     * @param nextAttempt not before this (held by quiet hours or a roster, or backing off), or null
     */
    public record PeopleRow(long seq, String channel, String transport, List<String> recipients, int round,
                            Instant createdAt, int attempts, Instant nextAttempt, Instant deliveredAt, Instant failedAt,
                            String lastError) {}

    /** One attempt of a {@link PeopleRow}: delivered, retry, failed or cancelled, with the provider's code and answer. */
    public record AttemptRow(long seq, long outboxSeq, Instant at, String result, String code, String detail) {}

    /** A line of an alert's re-notification: renotify, pass-on or ended. */
    public record RoundRow(long seq, Instant at, String kind, Integer round, List<String> roles, String detail) {}

    public record Outcome(String by, Instant at, String code, String note, Instant until) {}

    /** A household's persisted escalation state. */
    public record HouseholdRow(String id, Instant lastActivity, int stagesRaised, boolean away, Instant awayUntil) {}

    /** A device's persisted state. */
    public record DeviceRow(String id, Instant lastHeard, boolean offline, boolean faulty, boolean open) {}

    /** A journal row. */
    public record EventRow(long seq, Instant receivedAt, Instant ts, String source, String device, String type,
                           String household, String credential, String by, Instant until) {}

    public record AuditRow(long seq, Instant at, String user, String action, String household, String alertId,
                           String remote, String outcome) {}

    private final BlockingQueue<Connection> pool;

    public ReadStore(Database db, int connections) throws SQLException {
        pool = new ArrayBlockingQueue<>(connections);
        for (int i = 0; i < connections; i++) {
            pool.add(db.connect(false));
        }
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T with(Query<T> q) throws SQLException {
        Connection c;
        try {
            c = pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a read connection", e);
        }
        try {
            return q.run(c);
        } finally {
            pool.add(c);
        }
    }

    private static final String ALERT_COLUMNS = "a.rowid, a.id, a.ts, a.rule, a.stage, a.household, a.device, a.json, "
            + "(SELECT count(*) FROM acknowledgements k WHERE k.alert_id = a.id), "
            // resolved: it is a RESOLVED, or a later RESOLVED of the same rule and subject exists
            + "(a.stage = 'RESOLVED' OR EXISTS (SELECT 1 FROM alerts r WHERE r.rule = a.rule AND r.stage = 'RESOLVED' "
            + "AND r.household IS a.household AND r.device IS a.device AND r.rowid > a.rowid)), "
            // the stage raised just before it for the same rule and subject: what a RESOLVED ends
            + "(SELECT p.stage FROM alerts p WHERE p.rule = a.rule AND p.household IS a.household "
            + "AND p.device IS a.device AND p.rowid < a.rowid ORDER BY p.rowid DESC LIMIT 1) ";

    /** Alerts matching {@code q}, newest first. */
    public List<AlertRow> alerts(AlertQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(ALERT_COLUMNS).append("FROM alerts a WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.rule() != null) {
            sql.append(" AND a.rule = ?");
            args.add(q.rule());
        }
        if (q.stage() != null) {
            sql.append(" AND a.stage = ?");
            args.add(q.stage());
        }
        if (q.household() != null) {
            sql.append(" AND a.household = ?");
            args.add(q.household());
        }
        if (q.from() != null) {
            sql.append(" AND a.ts >= ?");
            args.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            sql.append(" AND a.ts < ?");
            args.add(q.to().toEpochMilli());
        }
        sql.append(" ORDER BY a.ts DESC, a.rowid DESC LIMIT ?");
        args.add(Math.min(q.limit(), MAX_ROWS));
        return with(c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                bind(p, args);
                return alertRows(p);
            }
        });
    }

    /** The alert {@code id}, or null. */
    public AlertRow alert(String id) throws SQLException {
        return with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + ALERT_COLUMNS + "FROM alerts a WHERE a.id = ?")) {
                p.setString(1, id);
                List<AlertRow> rows = alertRows(p);
                return rows.isEmpty() ? null : rows.get(0);
            }
        });
    }

    private static List<AlertRow> alertRows(PreparedStatement p) throws SQLException {
        List<AlertRow> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new AlertRow(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                        rs.getInt(10) != 0, rs.getString(11)));
            }
        }
        return out;
    }

    /** The alert that resolved {@code a} (the first later RESOLVED of its rule and subject), or null. */
    public String resolvedBy(AlertRow a) throws SQLException {
        if (a.stage().equals("RESOLVED")) {
            return null;
        }
        return with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id FROM alerts WHERE rule = ? AND stage = 'RESOLVED' "
                    + "AND household IS ? AND device IS ? AND rowid > ? ORDER BY rowid LIMIT 1")) {
                p.setString(1, a.rule());
                p.setString(2, a.household());
                p.setString(3, a.device());
                p.setLong(4, a.seq());
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    public List<Delivery> deliveries(String alertId) throws SQLException {
        return with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT channel, transport, attempts, delivered_at, failed_at, "
                    + "last_error FROM outbox WHERE alert_id = ? ORDER BY seq")) {
                p.setString(1, alertId);
                List<Delivery> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Delivery(rs.getString(1), rs.getString(2), rs.getInt(3), instant(rs, 4),
                                instant(rs, 5), rs.getString(6)));
                    }
                }
                return out;
            }
        });
    }

    /** The alert's rows that reach people, in outbox order. */
    public List<PeopleRow> peopleRows(String alertId) throws SQLException {
        return with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT seq, channel, transport, recipients, round, created_at, "
                    + "attempts, next_attempt, delivered_at, failed_at, last_error FROM outbox WHERE alert_id = ? "
                    + "AND transport IN ('wecom', 'dingtalk', 'sms') ORDER BY seq")) {
                p.setString(1, alertId);
                List<PeopleRow> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        String to = rs.getString(4);
                        out.add(new PeopleRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                                to == null || to.isEmpty() ? List.of() : List.of(to.split(",")), rs.getInt(5),
                                instant(rs, 6), rs.getInt(7), instant(rs, 8), instant(rs, 9), instant(rs, 10),
                                rs.getString(11)));
                    }
                }
                return out;
            }
        });
    }

    /** Every attempt of the alert's rows that reach people, oldest first. */
    public List<AttemptRow> attempts(String alertId) throws SQLException {
        return with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT seq, outbox_seq, at, result, code, detail FROM attempts "
                    + "WHERE alert_id = ? ORDER BY seq")) {
                p.setString(1, alertId);
                List<AttemptRow> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AttemptRow(rs.getLong(1), rs.getLong(2), instant(rs, 3), rs.getString(4),
                                rs.getString(5), rs.getString(6)));
                    }
                }
                return out;
            }
        });
    }

    /** The alert's re-notification: each round sent again, each pass-on, its end. */
    public List<RoundRow> rounds(String alertId) throws SQLException {
        return with(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT seq, at, kind, round, roles, detail FROM notify_rounds "
                    + "WHERE alert_id = ? ORDER BY seq")) {
                p.setString(1, alertId);
                List<RoundRow> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        int round = rs.getInt(4);
                        Integer r = rs.wasNull() ? null : round;
                        String roles = rs.getString(5);
                        out.add(new RoundRow(rs.getLong(1), instant(rs, 2), rs.getString(3), r,
                                roles == null || roles.isEmpty() ? List.of() : List.of(roles.split(",")), rs.getString(6)));
                    }
                }
                return out;
            }
        });
    }

    public List<Ack> acknowledgements(String alertId) throws SQLException {
        return with(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT by_staff, at, note FROM acknowledgements WHERE alert_id = ? ORDER BY at, by_staff")) {
                p.setString(1, alertId);
                List<Ack> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Ack(rs.getString(1), instant(rs, 2), rs.getString(3)));
                    }
                }
                return out;
            }
        });
    }

    public List<Outcome> outcomes(String alertId) throws SQLException {
        return with(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT by_staff, at, code, note, until FROM outcomes WHERE alert_id = ? ORDER BY seq")) {
                p.setString(1, alertId);
                List<Outcome> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Outcome(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getString(4),
                                instant(rs, 5)));
                    }
                }
                return out;
            }
        });
    }

    /** Every persisted household state by id. */
    public Map<String, HouseholdRow> households() throws SQLException {
        return with(c -> {
            Map<String, HouseholdRow> out = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, last_activity, stages_raised, away, away_until FROM households")) {
                while (rs.next()) {
                    out.put(rs.getString(1), new HouseholdRow(rs.getString(1), instant(rs, 2), rs.getInt(3),
                            rs.getInt(4) != 0, instant(rs, 5)));
                }
            }
            return out;
        });
    }

    /** Every persisted device state by id. */
    public Map<String, DeviceRow> devices() throws SQLException {
        return with(c -> {
            Map<String, DeviceRow> out = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, last_heard, offline, faulty, open FROM devices")) {
                while (rs.next()) {
                    out.put(rs.getString(1), new DeviceRow(rs.getString(1), instant(rs, 2), rs.getInt(3) != 0,
                            rs.getInt(4) != 0, rs.getInt(5) != 0));
                }
            }
            return out;
        });
    }

    /**
     * Journal rows of {@code households} (by the event's time) within [from, to), of the given
     * types (all when empty), oldest first, at most {@code limit}.
     */
    public List<EventRow> events(Collection<String> households, Collection<String> devices, Collection<String> types,
                                 Instant from, Instant to, int limit) throws SQLException {
        if (households.isEmpty()) {
            return List.of();
        }
        // The journal keeps events as received: one attributed by its device has no household of its own.
        StringBuilder sql = new StringBuilder("SELECT seq, received_at, ts, source, device, type, household, credential, "
                + "by_staff, until FROM events WHERE (household IN (");
        List<Object> args = new ArrayList<>();
        placeholders(sql, households, args);
        sql.append(')');
        if (!devices.isEmpty()) {
            sql.append(" OR (household IS NULL AND device IN (");
            placeholders(sql, devices, args);
            sql.append("))");
        }
        sql.append(')');
        if (!types.isEmpty()) {
            sql.append(" AND type IN (");
            placeholders(sql, types, args);
            sql.append(')');
        }
        sql.append(" AND ts >= ? AND ts < ? ORDER BY ts, seq LIMIT ?");
        args.add(from.toEpochMilli());
        args.add(to.toEpochMilli());
        args.add(Math.min(limit, MAX_ROWS));
        return with(c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                bind(p, args);
                List<EventRow> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new EventRow(rs.getLong(1), instant(rs, 2), instant(rs, 3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                instant(rs, 10)));
                    }
                }
                return out;
            }
        });
    }

    /** Audit rows within [from, to) (real time), of {@code user} when not null, oldest first. */
    public List<AuditRow> audit(Instant from, Instant to, String user, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT seq, at, user, action, household, alert_id, remote, outcome "
                + "FROM audit WHERE at >= ? AND at < ?");
        List<Object> args = new ArrayList<>(List.of(from.toEpochMilli(), to.toEpochMilli()));
        if (user != null) {
            sql.append(" AND user = ?");
            args.add(user);
        }
        sql.append(" ORDER BY seq LIMIT ?");
        args.add(Math.min(limit, MAX_ROWS));
        return with(c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                bind(p, args);
                List<AuditRow> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditRow(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Per user, the failed logins in a row at the end of the audit log (since their last good
     * login or unlock): the lock-out state survives a restart because the audit log is its truth.
     */
    public Map<String, Integer> failedLoginsInARow() throws SQLException {
        return with(c -> {
            Map<String, Integer> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT user, count(*) FROM audit f WHERE outcome IN ('failed-login', 'locked') "
                         + "AND user IS NOT NULL AND seq > coalesce((SELECT max(seq) FROM audit g WHERE g.outcome = 'allowed' "
                         + "AND ((g.user = f.user AND g.action = '" + LOGIN_ACTION + "') OR g.action = '" + UNLOCK_ACTION
                         + " ' || f.user)), 0) GROUP BY user")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
            return out;
        });
    }

    private static void placeholders(StringBuilder sql, Collection<String> values, List<Object> args) {
        int i = 0;
        for (String v : values) {
            sql.append(i++ == 0 ? "?" : ", ?");
            args.add(v);
        }
    }

    private static void bind(PreparedStatement p, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Long l) {
                p.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                p.setInt(i + 1, n);
            } else {
                p.setString(i + 1, (String) a);
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    @Override
    public void close() {
        for (Connection c : pool) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing at stop; nothing to do
            }
        }
    }
}
