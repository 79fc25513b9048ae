package org.doorwatch.gateway.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.doorwatch.domain.MessageTemplates;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;

/**
 * Deletes records past their retention (docs/privacy.md), one bounded transaction at a time on
 * the writer's connection, so that the writer is never held for long.
 *
 * <p>Alerts go by episode, never one by one: the staff API derives an alert's state from the
 * alerts after it ("resolved" when a later RESOLVED of the same rule and subject exists; a
 * RESOLVED's "previous stage" decides whether police may see it), so an episode is deleted whole
 * or not at all, and what is left reads as it did. An episode is the alerts of one rule and
 * subject (household, device) up to and including the RESOLVED that ended it; for a rule that
 * raises no RESOLVED (door-forced, tamper, the NOTICE rules) each alert is an episode of its own,
 * ended when raised. An episode goes when its end is older than the retention and none of its
 * deliveries is still owed (neither confirmed nor failed for good). An episode not yet ended, of
 * whatever age, stays: its alerts are open. With an alert go its outbox rows, acknowledgements
 * and outcomes.
 *
 * <p>{@code secure_delete} is on while a purge runs: SQLite overwrites what it deletes with
 * zeros instead of leaving it in free pages of the file, so a purged phone number or door event
 * does not linger in the store (backups carry no free pages at all: {@link StoreCopy}).
 */
public final class RetentionPurge {

    /** One transaction of the alert purge. */
    public record AlertPass(int examined, int alertsDeleted, long lastRowid) {}

    private final Connection c;
    private final String selfEnding;

    RetentionPurge(Connection c) {
        this.c = c;
        this.selfEnding = String.join(", ", selfEndingRules().stream().map(r -> "'" + r + "'").toList());
    }

    /**
     * Rules that never raise a RESOLVED: those whose definition has no RESOLVED text (a rule
     * cannot raise what it has no words for). A rule this build does not know (a store written by
     * a newer version, a rule since removed) counts as one that may still resolve: kept until its
     * RESOLVED, the safe side.
     */
    static Set<String> selfEndingRules() {
        MessageTemplates texts = MessageTemplates.defaults();
        Set<String> out = new TreeSet<>();
        for (String rule : RuleNames.ALL) {
            if (texts.template(rule + "." + Stage.RESOLVED.name()) == null) {
                out.add(rule);
            }
        }
        return out;
    }

    /** Deletes up to {@code limit} journal rows received before {@code before}; returns how many. */
    public int events(Instant before, int limit) throws SQLException {
        return secure(() -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE received_at < ? ORDER BY seq LIMIT ?)")) {
                p.setLong(1, before.toEpochMilli());
                p.setInt(2, limit);
                return p.executeUpdate();
            }
        });
    }

    /**
     * Deletes up to {@code limit} audit rows of before {@code before} (real time); returns how
     * many. The table's trigger refuses to delete a row younger than 180 days (schema step 5), so
     * a {@code before} closer to now than that fails the transaction instead of deleting it.
     */
    public int audit(Instant before, int limit) throws SQLException {
        return secure(() -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM audit WHERE seq IN (SELECT seq FROM audit WHERE at < ? ORDER BY seq LIMIT ?)")) {
                p.setLong(1, before.toEpochMilli());
                p.setInt(2, limit);
                return p.executeUpdate();
            }
        });
    }

    /**
     * Looks at up to {@code limit} episode ends (a RESOLVED, or an alert of a rule that raises
     * none) raised before {@code endedBefore}, after rowid {@code afterRowid}, and deletes each
     * episode that may go. Continue from {@link AlertPass#lastRowid()} while {@link
     * AlertPass#examined()} equals {@code limit}: an episode kept for an owed delivery is looked at
     * again on the next day's purge, never in a loop.
     */
    public AlertPass alerts(Instant endedBefore, long afterRowid, int limit) throws SQLException {
        return secure(() -> {
            List<long[]> ends = new ArrayList<>();
            List<String[]> subjects = new ArrayList<>();
            // by the ts index: only alerts older than the cut-off are looked at (the rowid order would scan them all)
            try (PreparedStatement p = c.prepareStatement("SELECT rowid, rule, household, device, stage FROM alerts "
                    + "INDEXED BY alerts_by_ts WHERE ts < ? AND rowid > ? "
                    + "AND (stage = 'RESOLVED' OR rule IN (" + selfEnding + ")) ORDER BY rowid LIMIT ?")) {
                p.setLong(1, endedBefore.toEpochMilli());
                p.setLong(2, afterRowid);
                p.setInt(3, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        ends.add(new long[] {rs.getLong(1), "RESOLVED".equals(rs.getString(5)) ? 1 : 0});
                        subjects.add(new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                    }
                }
            }
            int deleted = 0;
            long last = afterRowid;
            try (PreparedStatement members = c.prepareStatement("SELECT id FROM alerts WHERE rule = ? AND household IS ? "
                    + "AND device IS ? AND rowid <= ? AND rowid > coalesce((SELECT max(rowid) FROM alerts WHERE rule = ? "
                    + "AND household IS ? AND device IS ? AND stage = 'RESOLVED' AND rowid < ?), 0)");
                 PreparedStatement single = c.prepareStatement("SELECT id FROM alerts WHERE rowid = ?");
                 PreparedStatement owed = c.prepareStatement("SELECT 1 FROM outbox WHERE alert_id = ? "
                         + "AND delivered_at IS NULL AND failed_at IS NULL LIMIT 1");
                 PreparedStatement acks = c.prepareStatement("DELETE FROM acknowledgements WHERE alert_id = ?");
                 PreparedStatement outcomes = c.prepareStatement("DELETE FROM outcomes WHERE alert_id = ?");
                 PreparedStatement outbox = c.prepareStatement("DELETE FROM outbox WHERE alert_id = ?");
                 // every notification attempt and round of the episode goes with it (issue 14's tables)
                 PreparedStatement attempts = c.prepareStatement("DELETE FROM attempts WHERE alert_id = ?");
                 PreparedStatement rounds = c.prepareStatement("DELETE FROM notify_rounds WHERE alert_id = ?");
                 PreparedStatement open = c.prepareStatement("DELETE FROM notify_open WHERE alert_id = ?");
                 PreparedStatement alerts = c.prepareStatement("DELETE FROM alerts WHERE id = ?")) {
                for (int i = 0; i < ends.size(); i++) {
                    long rowid = ends.get(i)[0];
                    last = rowid;
                    List<String> episode = ends.get(i)[1] == 1
                            ? episode(members, subjects.get(i), rowid) : ids(single, rowid);
                    if (episode.isEmpty() || anyOwed(owed, episode)) {
                        continue;
                    }
                    for (String id : episode) {
                        for (PreparedStatement d : List.of(acks, outcomes, outbox, attempts, rounds, open, alerts)) {
                            d.setString(1, id);
                            d.addBatch();
                        }
                    }
                    deleted += episode.size();
                }
                for (PreparedStatement d : List.of(acks, outcomes, outbox, attempts, rounds, open, alerts)) {
                    d.executeBatch();
                }
            }
            return new AlertPass(ends.size(), deleted, last);
        });
    }

    private static List<String> episode(PreparedStatement members, String[] subject, long endRowid) throws SQLException {
        for (int k = 0; k < 2; k++) {
            members.setString(1 + 4 * k, subject[0]);
            members.setString(2 + 4 * k, subject[1]);
            members.setString(3 + 4 * k, subject[2]);
            members.setLong(4 + 4 * k, endRowid);
        }
        return strings(members);
    }

    private static List<String> ids(PreparedStatement single, long rowid) throws SQLException {
        single.setLong(1, rowid);
        return strings(single);
    }

    private static List<String> strings(PreparedStatement p) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static boolean anyOwed(PreparedStatement owed, List<String> ids) throws SQLException {
        for (String id : ids) {
            owed.setString(1, id);
            try (ResultSet rs = owed.executeQuery()) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code work} in one write transaction with {@code secure_delete} on. */
    private <T> T secure(Transactions.Work<T> work) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA secure_delete = ON");
        }
        try {
            return Transactions.write(c, work);
        } finally {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA secure_delete = OFF");
            }
        }
    }
}
