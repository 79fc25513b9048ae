package org.doorwatch.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention purge on a real SQLite store filled by hand: which episodes of alerts may go and
 * which must stay, the journal, and the audit log's trigger, which lets only rows older than 180
 * days (real time) be deleted.
 */
class RetentionPurgeTest {

    /** The gateway clock of these rows: far from the real time, as on an accelerated clock. */
    private static final Instant NOW = Instant.parse("2031-06-01T00:00:00Z");
    private static final Instant CUTOFF = NOW.minus(Duration.ofDays(365));

    @TempDir
    Path dir;

    private Database db;
    private WriterStore store;
    private Connection c;

    @BeforeEach
    void open() throws Exception {
        Path file = dir.resolve("gateway.db");
        db = Database.open(file, Clock.fixed(NOW, ZoneOffset.UTC));
        store = new WriterStore(db);
        c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("PRAGMA busy_timeout = 10000");
        }
    }

    @AfterEach
    void close() throws Exception {
        c.close();
        store.close();
        db.close();
    }

    @Test
    void rulesThatRaiseNoResolvedAreKnownFromTheirTexts() {
        assertThat(RetentionPurge.selfEndingRules()).containsExactlyInAnyOrder("door-forced", "tamper",
                "access-denied-burst", "visitor-frequency", "tenant-expired", "watch-window");
    }

    @Test
    void endedEpisodesPastTheRetentionGoWholeAndEverythingElseStays() throws Exception {
        // h-1: an episode that ended 400 days ago (WARNING, CALL_BACK, RESOLVED), acknowledged and
        // with an outcome; then a second episode that ended 100 days ago; then an open one, 500 days old
        alert("e1-w", "elderly-inactivity", "WARNING", "h-1", null, 402, "delivered");
        alert("e1-c", "elderly-inactivity", "CALL_BACK", "h-1", null, 401, "failed");
        alert("e1-r", "elderly-inactivity", "RESOLVED", "h-1", null, 400, "delivered");
        exec("INSERT INTO acknowledgements (alert_id, by_staff, at, note) VALUES ('e1-w', 'wang', 0, '已电话')");
        exec("INSERT INTO outcomes (alert_id, household, by_staff, at, code) VALUES ('e1-c', 'h-1', 'wang', 0, 'reached-ok')");
        // its notifications (issue 14): an SMS attempt and a re-notification round of the WARNING
        exec("INSERT INTO attempts (outbox_seq, alert_id, at, result, code) VALUES (1, 'e1-w', 0, 'retry', 'isp.SYSTEM_ERROR')");
        exec("INSERT INTO notify_rounds (alert_id, at, kind, round) VALUES ('e1-w', 0, 'renotify', 1)");
        alert("e2-w", "elderly-inactivity", "WARNING", "h-1", null, 101, "delivered");
        alert("e2-r", "elderly-inactivity", "RESOLVED", "h-1", null, 100, "delivered");
        // h-2: ended 400 days ago, but the RESOLVED's delivery to a webhook is still owed
        alert("p-w", "elderly-inactivity", "WARNING", "h-2", null, 401, "delivered");
        alert("p-r", "elderly-inactivity", "RESOLVED", "h-2", null, 400, "pending");
        // h-3: an episode of 500 days ago that never ended (the household went quiet, nobody resolved it)
        alert("o-w", "elderly-inactivity", "WARNING", "h-3", null, 500, "delivered");
        alert("o-c", "elderly-inactivity", "CALL_BACK", "h-3", null, 499, "delivered");
        // a device offline 400 days ago and heard again: same rule and device, another subject than h-3's
        alert("d-a", "device-offline", "ALARM", "h-3", "door-3", 401, "delivered");
        alert("d-r", "device-offline", "RESOLVED", "h-3", "door-3", 400, "delivered");
        // a door held open 400 days ago, never closed
        alert("ho-a", "door-held-open", "ALARM", null, "gate-1", 400, "delivered");
        // one-off alerts: old and delivered, old and failed for good, old and owed, recent
        alert("f-old", "door-forced", "ALARM", "h-4", "door-4", 400, "delivered");
        alert("t-failed", "tamper", "ALARM", null, "gate-1", 390, "failed");
        alert("n-owed", "tenant-expired", "NOTICE", "h-5", "gate-1", 380, "pending");
        alert("f-new", "door-forced", "ALARM", "h-4", "door-4", 10, "delivered");
        // a rule this build does not know, old, with a RESOLVED-less history: kept (it may still resolve)
        alert("x-old", "some-future-rule", "NOTICE", "h-6", null, 400, "delivered");
        List<String> before = ids("SELECT id FROM alerts ORDER BY id");

        RetentionPurge.AlertPass pass = store.purge().alerts(CUTOFF, 0, 1000);

        List<String> gone = new ArrayList<>(before);
        gone.removeAll(ids("SELECT id FROM alerts ORDER BY id"));
        assertThat(gone).containsExactlyInAnyOrder("e1-w", "e1-c", "e1-r", "d-a", "d-r", "f-old", "t-failed");
        assertThat(pass.alertsDeleted()).isEqualTo(7);
        assertThat(ids("SELECT alert_id FROM outbox ORDER BY alert_id")).doesNotContainAnyElementsOf(gone);
        assertThat(ids("SELECT alert_id FROM acknowledgements")).isEmpty();
        assertThat(ids("SELECT alert_id FROM outcomes")).isEmpty();
        assertThat(ids("SELECT alert_id FROM attempts")).isEmpty();
        assertThat(ids("SELECT alert_id FROM notify_rounds")).isEmpty();
        // what is left reads as before: h-1's second episode is still resolved, h-3's still open
        assertThat(resolved("e2-w")).isTrue();
        assertThat(resolved("o-c")).isFalse();

        // nothing more to do: the same purge again deletes nothing
        assertThat(store.purge().alerts(CUTOFF, 0, 1000).alertsDeleted()).isZero();
        // once the owed delivery is confirmed, h-2's episode goes too
        exec("UPDATE outbox SET delivered_at = 1 WHERE alert_id = 'p-r'");
        assertThat(store.purge().alerts(CUTOFF, 0, 1000).alertsDeleted()).isEqualTo(2);
    }

    @Test
    void theAlertPurgeWalksOnPastEpisodesItMustKeep() throws Exception {
        for (int i = 0; i < 5; i++) {
            alert("owed-" + i, "door-forced", "ALARM", "h-" + i, null, 400, "pending");
        }
        for (int i = 0; i < 5; i++) {
            alert("done-" + i, "door-forced", "ALARM", "h-" + i, null, 399, "delivered");
        }
        long cursor = 0;
        int deleted = 0;
        int passes = 0;
        RetentionPurge.AlertPass pass;
        do {
            pass = store.purge().alerts(CUTOFF, cursor, 3);
            cursor = pass.lastRowid();
            deleted += pass.alertsDeleted();
            passes++;
        } while (pass.examined() == 3);
        assertThat(deleted).isEqualTo(5);
        assertThat(passes).isEqualTo(4); // 3 + 3 + 3 + 1 episode ends looked at, each once
        assertThat(ids("SELECT id FROM alerts ORDER BY id")).containsExactly("owed-0", "owed-1", "owed-2", "owed-3",
                "owed-4");
    }

    @Test
    void theJournalLosesOnlyWhatWasReceivedBeforeTheCutoff() throws Exception {
        for (int day = 0; day < 400; day++) {
            exec("INSERT INTO events (received_at, ts, source, device, type) VALUES (" + daysAgo(day) + ", "
                    + daysAgo(day) + ", 'mqtt', 'door-1', 'DOOR_OPENED')");
        }
        Instant cutoff = NOW.minus(Duration.ofDays(180));
        int total = 0;
        for (int n; (n = store.purge().events(cutoff, 50)) > 0; ) {
            total += n;
        }
        assertThat(total).isEqualTo(400 - 181);
        assertThat(count("SELECT count(*) FROM events WHERE received_at >= " + cutoff.toEpochMilli())).isEqualTo(181);
        assertThat(count("SELECT count(*) FROM events")).isEqualTo(181);
    }

    /**
     * The writer recognises QoS 1 redeliveries by the keys of the last messages committed, read
     * back from the journal at start-up (events.msg_key, step 8). The purge takes old rows by
     * received_at; the newest keys, which are the window, stay as they were.
     */
    @Test
    void thePurgeLeavesTheNewestMessageKeysTheRedeliveryCheckReadsAtStartUp() throws Exception {
        for (int day = 399; day >= 0; day--) {
            exec("INSERT INTO events (received_at, ts, source, device, type, msg_key) VALUES (" + daysAgo(day) + ", "
                    + daysAgo(day) + ", 'mqtt', 'door-1', 'DOOR_OPENED', " + (1000 + day) + ")");
            // a serial line's event between them: no message key
            exec("INSERT INTO events (received_at, ts, source, device, type) VALUES (" + daysAgo(day) + ", "
                    + daysAgo(day) + ", 'bus-1', 'door-2', 'DOOR_OPENED')");
        }
        long[] before = store.recentMessageKeys(100);
        assertThat(before).hasSize(100).startsWith(1099).endsWith(1000); // oldest first, the last key last
        for (int n; (n = store.purge().events(NOW.minus(Duration.ofDays(180)), 50)) > 0; ) {
            // the daily run, in small transactions
        }
        assertThat(store.recentMessageKeys(100)).as("the window is younger than any retention").containsExactly(before);
        assertThat(store.recentMessageKeys(1000)).as("a window longer than what is kept: what is kept")
                .hasSize(181).startsWith(1180).endsWith(1000);
    }

    @Test
    void theAuditLogLetsOnlyRowsOlderThan180DaysOfRealTimeGo() throws Exception {
        Instant real = Instant.now();
        for (int days : new int[] {400, 366, 364, 200, 179, 10}) {
            exec("INSERT INTO audit (at, user, action, outcome) VALUES (" + real.minus(Duration.ofDays(days)).toEpochMilli()
                    + ", 'wang', 'GET /api/households/:id contacts " + days + "', 'allowed')");
        }
        assertThat(store.purge().audit(real.minus(Duration.ofDays(365)), 1000)).isEqualTo(2);
        assertThat(ids("SELECT action FROM audit ORDER BY seq")).extracting(a -> a.substring(a.lastIndexOf(' ') + 1))
                .containsExactly("364", "200", "179", "10");

        // a retention shorter than the floor (a bug, a hand-edited store) fails as a whole: nothing goes
        assertThatThrownBy(() -> store.purge().audit(real.minus(Duration.ofDays(30)), 1000))
                .isInstanceOf(SQLException.class).hasMessageContaining("only rows older than 180 days may be deleted");
        assertThat(count("SELECT count(*) FROM audit")).isEqualTo(4);
        // and a DELETE by hand of a young row is refused the same way; updates never pass
        assertThatThrownBy(() -> exec("DELETE FROM audit WHERE action LIKE '% 10'"))
                .hasMessageContaining("only rows older than 180 days may be deleted");
        assertThatThrownBy(() -> exec("UPDATE audit SET user = 'nobody' WHERE action LIKE '% 364'"))
                .hasMessageContaining("append-only");
        // a row older than 180 days may be deleted: the purge decides which, by the configured retention
        exec("DELETE FROM audit WHERE action LIKE '% 200'");
        assertThat(count("SELECT count(*) FROM audit")).isEqualTo(3);
    }

    @Test
    void purgedRowsAreOverwrittenNotLeftInFreePages() throws Exception {
        for (int i = 0; i < 2000; i++) {
            exec("INSERT INTO events (received_at, ts, source, device, type, credential) VALUES (" + daysAgo(300) + ", 0, "
                    + "'mqtt', 'door-1', 'ACCESS_GRANTED', 'card:SECRET" + i + "')");
        }
        assertThat(occurrences("card:SECRET")).as("the test sees the bytes where they are").isGreaterThanOrEqualTo(2000);
        assertThat(store.purge().events(NOW.minus(Duration.ofDays(180)), 10_000)).isEqualTo(2000);
        // Without secure_delete all 2,000 would stay in the freed pages. What SQLite may leave: stale
        // copies that page splits of the inserts left in unused space of a page still in use (here, a
        // few rows in the table's root page), until that page is rewritten. A backup has none (StoreCopyTest).
        assertThat(occurrences("card:SECRET")).isLessThan(20);
    }

    private int occurrences(String text) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        String file = new String(java.nio.file.Files.readAllBytes(dir.resolve("gateway.db")),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        int n = 0;
        for (int at = file.indexOf(text); at >= 0; at = file.indexOf(text, at + 1)) {
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------ helpers

    private static long daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days)).toEpochMilli();
    }

    /** An alert raised {@code daysAgo} days before NOW with one outbox row in the given state. */
    private void alert(String id, String rule, String stage, String household, String device, int daysAgo, String delivery)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alerts (id, ts, rule, stage, household, device, json) "
                + "VALUES (?, ?, ?, ?, ?, ?, '{}')")) {
            p.setString(1, id);
            p.setLong(2, daysAgo(daysAgo));
            p.setString(3, rule);
            p.setString(4, stage);
            p.setString(5, household);
            p.setString(6, device);
            p.executeUpdate();
        }
        String delivered = delivery.equals("delivered") ? String.valueOf(daysAgo(daysAgo)) : "NULL";
        String failed = delivery.equals("failed") ? String.valueOf(daysAgo(daysAgo)) : "NULL";
        exec("INSERT INTO outbox (alert_id, channel, transport, created_at, delivered_at, failed_at) VALUES ('" + id
                + "', 'property', 'webhook', " + daysAgo(daysAgo) + ", " + delivered + ", " + failed + ")");
    }

    /** The staff API's derived state (ReadStore): a later RESOLVED of the same rule and subject exists. */
    private boolean resolved(String id) throws SQLException {
        return count("SELECT count(*) FROM alerts a, alerts r WHERE a.id = '" + id + "' AND r.rule = a.rule "
                + "AND r.stage = 'RESOLVED' AND r.household IS a.household AND r.device IS a.device AND r.rowid > a.rowid") > 0;
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private List<String> ids(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
