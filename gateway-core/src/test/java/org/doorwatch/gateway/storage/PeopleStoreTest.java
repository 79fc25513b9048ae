package org.doorwatch.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Stage;
import org.doorwatch.notify.NotificationSchedule;
import org.doorwatch.notify.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's side of issue 14 on real SQLite files: migration 6 keeps what an older outbox
 * holds, rows that address people come back with their people, round and held time, every
 * attempt of theirs is logged with the provider's code and answer, the re-notification state
 * survives a restart, and a RESOLVED takes back only what was held and never tried.
 */
class PeopleStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-22T18:00:00Z"); // 02:00 in Shanghai
    private static final Instant MORNING = Instant.parse("2026-11-22T23:00:00Z"); // 07:00
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void migrationFiveKeepsTheRowsOfAnOlderOutbox() throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
            for (int v = 1; v <= 3; v++) {
                for (String sql : Migrations.STEPS.get(v - 1)) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_version VALUES (" + v + ", 0)");
            }
            s.execute("INSERT INTO alerts VALUES ('a-1', 1, 'elderly-inactivity', 'WARNING', 'h-1', NULL, '{\"id\":\"a-1\"}')");
            s.execute("INSERT INTO outbox (seq, alert_id, channel, transport, created_at, attempts, next_attempt, last_error) "
                    + "VALUES (7, 'a-1', 'property', 'mqtt', 1, 0, NULL, NULL), "
                    + "(8, 'a-1', 'hook', 'webhook', 1, 2, 99, 'HTTP 503')");
        }
        try (Database db = Database.open(file, CLOCK); OutboxStore o = new OutboxStore(db); WriterStore w = new WriterStore(db)) {
            assertThat(o.pending()).extracting(OutboxRow::seq, OutboxRow::channel, OutboxRow::transport, OutboxRow::attempts,
                    OutboxRow::recipients, OutboxRow::round).containsExactly(
                    tuple(7L, "property", "mqtt", 0, List.of(), 0), tuple(8L, "hook", "webhook", 2, List.of(), 0));
            Batch b = new Batch();
            b.alert(new Batch.NewAlert(alert("a-2", Stage.WARNING), "{}"));
            b.outbox(row("a-2", OutboxRow.MQTT, List.of(), null));
            assertThat(w.commit(b, T0).outbox()).extracting(OutboxRow::seq).as("the order goes on").containsExactly(9L);
        }
        assertThat(count(file, "SELECT count(*) FROM schema_version")).isEqualTo(Migrations.latest());
    }

    @Test
    void messagesToPeopleComeBackWithTheirPeopleRoundAndTimeAndEachAttemptIsLogged() throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db); OutboxStore o = new OutboxStore(db)) {
            Batch b = new Batch();
            b.alert(new Batch.NewAlert(alert("a-1", Stage.WARNING), "{\"id\":\"a-1\"}"));
            b.outbox(row("a-1", OutboxRow.MQTT, List.of(), null));
            b.outbox(new OutboxRow(0, "a-1", "property-group", OutboxRow.WECOM, "household:3-2-501", "{}", T0, null, 0, null, 0,
                    List.of(), 0));
            b.outbox(new OutboxRow(0, "a-1", "sms", OutboxRow.SMS, "household:3-2-501/person:wang-li", "{}", T0, null, 0,
                    MORNING, 0, List.of("wang-li"), 0));
            b.outbox(new OutboxRow(0, "a-1", "sms", OutboxRow.SMS, "household:3-2-501/person:liu-qiang", "{}", T0, null, 0,
                    null, 0, List.of("liu-qiang"), 2));
            List<OutboxRow> committed = w.commit(b, T0).outbox();
            assertThat(committed).extracting(OutboxRow::recipients, OutboxRow::round, OutboxRow::nextAttempt).containsExactly(
                    tuple(List.of(), 0, null), tuple(List.of(), 0, null), tuple(List.of("wang-li"), 0, MORNING),
                    tuple(List.of("liu-qiang"), 2, null));
            assertThat(o.pending()).extracting(OutboxRow::orderKey, OutboxRow::recipients, OutboxRow::round,
                    OutboxRow::nextAttempt).containsExactly(
                    tuple("household:3-2-501", List.of(), 0, null),
                    tuple("household:3-2-501", List.of(), 0, null),
                    tuple("household:3-2-501/person:wang-li", List.of("wang-li"), 0, MORNING),
                    tuple("household:3-2-501/person:liu-qiang", List.of("liu-qiang"), 2, null));

            Batch u = new Batch();
            u.outboxUpdate(new OutboxUpdate.Delivered(1, T0, null, OutboxRow.MQTT)); // its PUBACK is in the row, not the log
            u.outboxUpdate(new OutboxUpdate.Attempt(2, 1, T0, T0.plusSeconds(60), "wecom errcode 45009 (api freq out of limit)",
                    "45009", OutboxRow.WECOM));
            u.outboxUpdate(new OutboxUpdate.Delivered(2, T0.plusSeconds(60), null, null)); // transport unknown: the store's own filter
            u.outboxUpdate(new OutboxUpdate.Failed(4, 1, T0, "aliyun sms isv.MOBILE_NUMBER_ILLEGAL", "isv.MOBILE_NUMBER_ILLEGAL",
                    OutboxRow.SMS));
            w.commit(u, T0);
            Batch later = new Batch();
            later.outboxUpdate(new OutboxUpdate.Delivered(3, MORNING, "BizId 900619746936498440^0", OutboxRow.SMS));
            w.commit(later, MORNING);
        }
        assertThat(rows(file, "SELECT outbox_seq, alert_id, at, result, code, detail FROM attempts ORDER BY seq")).containsExactly(
                "2 a-1 " + T0.toEpochMilli() + " retry 45009 wecom errcode 45009 (api freq out of limit)",
                "2 a-1 " + T0.plusSeconds(60).toEpochMilli() + " delivered null null",
                "4 a-1 " + T0.toEpochMilli() + " failed isv.MOBILE_NUMBER_ILLEGAL aliyun sms isv.MOBILE_NUMBER_ILLEGAL",
                "3 a-1 " + MORNING.toEpochMilli() + " delivered null BizId 900619746936498440^0");
    }

    @Test
    void theReNotificationStateOfOpenAlertsSurvivesARestartAndEndsWithItsRow() throws Exception {
        Path file = dir.resolve("gateway.db");
        NotificationSchedule.Alerting a = new NotificationSchedule.Alerting("a-1", "elderly-inactivity", Stage.WARNING,
                "3-2-501", "3-2-501", List.of("property", "sms"), List.of(Role.NEIGHBOUR_WATCHER));
        NotificationSchedule.State state = new NotificationSchedule.State(a, 4, 0, List.of(Role.CORRIDOR_LIAISON),
                Set.of(Role.NEIGHBOUR_WATCHER, Role.CORRIDOR_LIAISON), MORNING);
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            Batch b = new Batch();
            b.alert(new Batch.NewAlert(alert("a-1", Stage.WARNING), "{\"id\":\"a-1\"}"));
            b.notifyChange(new NotificationSchedule.Change("a-1", state));
            b.notifyChange(new NotificationSchedule.Change("unknown", new NotificationSchedule.State(
                    new NotificationSchedule.Alerting("unknown", "x", Stage.ALARM, null, null, List.of(), List.of()), 0, 0,
                    List.of(), Set.of(), T0))); // no such alert: not stored, and the batch still commits
            b.round(new RoundRecord("a-1", T0, RoundRecord.PASS_ON, 4, List.of("corridor-liaison"), null));
            w.commit(b, T0);
        }
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            List<OpenNotification> open = w.openNotifications();
            assertThat(open).hasSize(1);
            assertThat(open.get(0).state()).isEqualTo(state);
            assertThat(open.get(0).json()).isEqualTo("{\"id\":\"a-1\"}");
            assertThat(open.get(0).alertTs()).isEqualTo(T0);
            Batch end = new Batch();
            end.notifyChange(new NotificationSchedule.Change("a-1", null));
            end.round(new RoundRecord("a-1", T0, RoundRecord.ENDED, null, List.of(), "acknowledged"));
            w.commit(end, T0);
            assertThat(w.openNotifications()).isEmpty();
        }
        assertThat(rows(file, "SELECT kind, round, roles, detail FROM notify_rounds ORDER BY seq"))
                .containsExactly("pass-on 4 corridor-liaison null", "ended null  acknowledged");
    }

    @Test
    void aResolvedTakesBackWhatWasHeldAndNeverTriedAndNothingElse() throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            Batch b = new Batch();
            b.alert(new Batch.NewAlert(alert("w-1", Stage.WARNING), "{}"));
            b.outbox(row("w-1", OutboxRow.MQTT, List.of(), null));                     // 1: machines: stays
            b.outbox(row("w-1", OutboxRow.SMS, List.of("wang-li"), MORNING));          // 2: held: cancelled
            b.outbox(row("w-1", OutboxRow.WECOM, List.of("wang-li"), MORNING));        // 3: held mention: cancelled
            b.outbox(row("w-1", OutboxRow.SMS, List.of("liu-qiang"), null));           // 4: due now: stays
            w.commit(b, T0);
            Batch tried = new Batch();
            tried.outboxUpdate(new OutboxUpdate.Attempt(4, 1, T0, MORNING, "no answer within 10s", null, OutboxRow.SMS));
            w.commit(tried, T0);

            Batch resolved = new Batch();
            resolved.alert(new Batch.NewAlert(alert("r-1", Stage.RESOLVED), "{}"));
            resolved.cancelHeld(new Batch.CancelHeld("elderly-inactivity", "3-2-501", null, "not sent: resolved (r-1) before its time"));
            resolved.cancelHeld(new Batch.CancelHeld("elderly-inactivity", "5-1-302", null, "another household: nothing"));
            assertThat(w.commit(resolved, T0.plusSeconds(600)).cancelled()).containsExactly(2L, 3L);
        }
        assertThat(rows(file, "SELECT seq, failed_at IS NOT NULL, last_error FROM outbox ORDER BY seq")).containsExactly(
                "1 0 null", "2 1 not sent: resolved (r-1) before its time", "3 1 not sent: resolved (r-1) before its time",
                "4 0 no answer within 10s");
        assertThat(rows(file, "SELECT outbox_seq, result FROM attempts ORDER BY seq")).containsExactly(
                "4 retry", "2 cancelled", "3 cancelled");
    }

    private static Alert alert(String id, Stage stage) {
        return new Alert(id, T0, "elderly-inactivity", stage, "3-2-501", null, List.of("property", "sms"), T0, "text", false,
                Map.of());
    }

    private static OutboxRow row(String alertId, String transport, List<String> people, Instant held) {
        return new OutboxRow(0, alertId, transport.equals(OutboxRow.MQTT) ? "property" : transport, transport,
                "household:3-2-501", "{}", T0, null, 0, held, 0, people, 0);
    }

    private static long count(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static List<String> rows(Path file, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cols.add(rs.getString(i));
                }
                out.add(String.join(" ", cols));
            }
        }
        return out;
    }
}
