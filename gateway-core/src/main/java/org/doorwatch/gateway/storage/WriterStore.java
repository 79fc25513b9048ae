package org.doorwatch.gateway.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.function.Consumer;
import java.util.Set;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.notify.NotificationSchedule;
import org.doorwatch.notify.Role;
import org.doorwatch.rules.DeviceState;
import org.doorwatch.rules.HouseholdState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's side of the store: one connection, used by the writer thread only. Each
 * {@link #commit} is one transaction with {@code synchronous=FULL}.
 */
public final class WriterStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriterStore.class);

    /**
     * What a commit did. {@code acknowledged[i]} is false when ack i named an unknown alert or
     * repeated one; {@code cancelled} are the outbox rows a {@link Batch.CancelHeld} took back.
     */
    public record Committed(List<OutboxRow> outbox, boolean[] acknowledged, int alertsInserted, List<Long> cancelled) {}

    private final Connection c;
    private final RetentionPurge purge;
    private long nextOutboxSeq;
    private long runId;

    public WriterStore(Database db) throws SQLException {
        this.c = db.connect(true);
        this.purge = new RetentionPurge(c);
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM outbox")) {
            nextOutboxSeq = rs.next() ? rs.getLong(1) + 1 : 1;
        }
    }

    /**
     * The message identities of the last {@code limit} journal events that have one, oldest
     * first: what the writer recognises redeliveries against after a restart. Only the last
     * {@code 4 * limit} rows are read (a range of the rowid, not the whole journal): on a site
     * whose events come mostly over serial lines or UDP, a backward scan for MQTT keys through
     * half a year of journal would be most of the start-up. A redelivery is of a message from
     * the last minutes, far inside that range.
     *
     * <p>The retention purge deletes journal rows by {@code received_at} (at least a day old,
     * {@code storage.retain.events}); the writer's window lives in memory and is not touched by
     * it. Only a restart reads keys back, and then finds only rows the purge left: a message
     * redelivered longer than the retention after its first delivery would not be recognised,
     * which no broker does (RetentionPurgeTest).
     */
    public long[] recentMessageKeys(int limit) throws SQLException {
        List<Long> keys = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT msg_key FROM events WHERE seq > "
                + "(SELECT coalesce(max(seq), 0) FROM events) - ? AND msg_key IS NOT NULL ORDER BY seq DESC LIMIT ?")) {
            p.setLong(1, 4L * limit);
            p.setInt(2, limit);
            try (var rs = p.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getLong(1));
                }
            }
        }
        long[] out = new long[keys.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = keys.get(out.length - 1 - i);
        }
        return out;
    }

    /** Every persisted household state. */
    public List<HouseholdState> households() throws SQLException {
        List<HouseholdState> out = new ArrayList<>();
        households(out::add);
        return out;
    }

    /**
     * Every persisted household state, handed to {@code each} as it is read (one query, no list
     * of 100,000 states in between), for {@code engine.restore}. Equal channel lists are one
     * instance, which the engine keeps.
     */
    public void households(Consumer<HouseholdState> each) throws SQLException {
        Map<String, List<String>> lists = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, last_activity, stages_raised, notified, away, away_until, visits, "
                     + "visits_quiet_until, watch_noticed, episode_repeat, routine_profile, routine_noticed, "
                     + "routine_channels, routine_own FROM households")) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    byte[] profile = rs.getBytes(11);
                    HouseholdState.Routine routine = profile == null ? null
                            : new HouseholdState.Routine(profile, rs.getInt(12) != 0, list(rs.getString(13), lists), rs.getInt(14) != 0);
                    each.accept(new HouseholdState(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3),
                            list(rs.getString(4), lists), rs.getInt(5) != 0, instant(rs, 6), instants(rs.getString(7)),
                            instant(rs, 8), instant(rs, 9), rs.getInt(10), routine));
                }
            }
        }
    }

    /** Every persisted device state. */
    public List<DeviceState> devices() throws SQLException {
        List<DeviceState> out = new ArrayList<>();
        devices(out::add);
        return out;
    }

    /** Every persisted device state, handed to {@code each} as it is read, for {@code engine.restore}. */
    public void devices(Consumer<DeviceState> each) throws SQLException {
        Map<String, List<String>> lists = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, last_heard, offline, offline_channels, faulty, open, opened_at, "
                     + "held_open_alarmed, held_open_channels, denials, denials_quiet_until, offline_alarmed, back_at, "
                     + "flaps, flap_since, offline_group, group_since, group_channels FROM devices")) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    each.accept(new DeviceState(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3) != 0,
                            list(rs.getString(4), lists), rs.getInt(5) != 0, rs.getInt(6) != 0, instant(rs, 7), rs.getInt(8) != 0,
                            list(rs.getString(9), lists), instants(rs.getString(10)), instant(rs, 11), rs.getInt(12) != 0,
                            instant(rs, 13), rs.getInt(14), instant(rs, 15), rs.getString(16), instant(rs, 17),
                            list(rs.getString(18), lists)));
                }
            }
        }
    }

    /** A stored channel list ({@code a,b}), the same immutable instance for the same text. */
    private static List<String> list(String csv, Map<String, List<String>> lists) {
        if (csv == null || csv.isEmpty()) {
            return List.of();
        }
        return lists.computeIfAbsent(csv, t -> List.of(t.split(",")));
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static List<Instant> instants(String csv) {
        List<Instant> out = new ArrayList<>();
        for (String s : list(csv)) {
            out.add(Instant.ofEpochMilli(Long.parseLong(s)));
        }
        return out;
    }

    private static String csv(List<Instant> instants) {
        StringBuilder b = new StringBuilder();
        for (Instant t : instants) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(t.toEpochMilli());
        }
        return b.toString();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    /**
     * Records this run's start; returns the start of the previous run when it did not stop
     * cleanly (a crash or a power cut), else null.
     */
    public Instant recordStart(Instant at, String version) throws SQLException {
        return Transactions.write(c, () -> {
            Instant unclean = null;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT started_at, stopped_at FROM runs ORDER BY id DESC LIMIT 1")) {
                if (rs.next()) {
                    long started = rs.getLong(1);
                    rs.getLong(2);
                    if (rs.wasNull()) {
                        unclean = Instant.ofEpochMilli(started);
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO runs (started_at, version) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setLong(1, at.toEpochMilli());
                p.setString(2, version);
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    runId = keys.next() ? keys.getLong(1) : 0;
                }
            }
            return unclean;
        });
    }

    /**
     * The last instant the engine reached in a committed transaction: {@code runs.reached} of the
     * latest run that committed (step 10: the engine clock stored with each commit; the latest, not
     * the highest: after the wall clock was set back, the run since then knows where it stands); null
     * for a store nothing was committed to.
     * The engine resumes from there, so that events queued meanwhile are applied at their own time
     * before the deadlines that fell due while the gateway was down (issue 19). Not an earlier run's
     * start: a run killed before its first commit reached nothing (the kill -9 campaign found that
     * resuming at such a start fired the deadlines its queued events cancel); and not the rows'
     * write stamps: a commit during the start-up hold stamps them with the tick's now while the
     * engine is at the queued event's time (campaign 5's six false stages). A store whose runs
     * predate step 10 falls back to those stamps: the latest journal row's receive time, the newest
     * alert, the latest household or device write.
     */
    public Instant lastReached() throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT reached FROM runs WHERE reached IS NOT NULL ORDER BY id DESC LIMIT 1")) {
            if (rs.next()) {
                return Instant.ofEpochMilli(rs.getLong(1));
            }
        }
        return lastWritten();
    }

    /** The latest write stamp of any committed row; null when there is none. */
    private Instant lastWritten() throws SQLException {
        long none = Long.MIN_VALUE;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(coalesce((SELECT received_at FROM events ORDER BY seq DESC LIMIT 1), "
                     + none + "), coalesce((SELECT max(ts) FROM alerts), " + none + "), "
                     + "coalesce((SELECT max(updated_at) FROM households), " + none + "), "
                     + "coalesce((SELECT max(updated_at) FROM devices), " + none + "))")) {
            long at = rs.next() ? rs.getLong(1) : none;
            return at == none ? null : Instant.ofEpochMilli(at);
        }
    }

    /** Whether a run before this one used the store (its start is recorded). */
    public boolean ranBefore() throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM runs WHERE id < " + runId)) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    public void recordStop(Instant at) throws SQLException {
        Transactions.write(c, () -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE runs SET stopped_at = ? WHERE id = ?")) {
                p.setLong(1, at.toEpochMilli());
                p.setLong(2, runId);
                return p.executeUpdate();
            }
        });
    }

    /**
     * Commits {@code batch} in one transaction and assigns the outbox rows their order. On
     * failure nothing is written and the caller rolls the engine back and retries.
     */
    public Committed commit(Batch batch, Instant now) throws SQLException {
        return commit(batch, now, now);
    }

    /**
     * Like {@link #commit(Batch, Instant)}, recording {@code reached}, the engine clock after the
     * batch, as this run's last instant reached ({@link #lastReached}). During the start-up hold it
     * is earlier than {@code now}: the engine is at the queued events' own time.
     */
    public Committed commit(Batch batch, Instant now, Instant reached) throws SQLException {
        long seqBefore = nextOutboxSeq;
        try {
            return Transactions.write(c, () -> {
                Committed done = write(batch, now);
                if (runId > 0) {
                    try (PreparedStatement p = c.prepareStatement("UPDATE runs SET reached = ? WHERE id = ?")) {
                        p.setLong(1, reached.toEpochMilli());
                        p.setLong(2, runId);
                        p.executeUpdate();
                    }
                }
                return done;
            });
        } catch (SQLException | RuntimeException e) {
            nextOutboxSeq = seqBefore;
            throw e;
        }
    }

    private Committed write(Batch batch, Instant now) throws SQLException {
        if (!batch.events.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO events (received_at, ts, source, device, type, "
                    + "household, credential, direction, by_staff, until, msg_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (JournalEntry j : batch.events) {
                    DoorEvent e = j.event();
                    p.setLong(1, j.receivedAt().toEpochMilli());
                    p.setLong(2, e.ts().toEpochMilli());
                    p.setString(3, j.source());
                    p.setString(4, e.device());
                    p.setString(5, e.type().name());
                    p.setString(6, e.household());
                    p.setString(7, e.credential());
                    p.setString(8, e.direction() == null ? null : e.direction().name());
                    p.setString(9, e.by());
                    setInstant(p, 10, e.until());
                    if (j.messageKey() != 0) {
                        p.setLong(11, j.messageKey());
                    } else {
                        p.setNull(11, java.sql.Types.INTEGER);
                    }
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
        if (!batch.households.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO households (id, last_activity, stages_raised, "
                    + "notified, away, away_until, visits, visits_quiet_until, watch_noticed, episode_repeat, updated_at, "
                    + "routine_profile, routine_noticed, routine_channels, routine_own) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    + "last_activity = excluded.last_activity, stages_raised = excluded.stages_raised, "
                    + "notified = excluded.notified, away = excluded.away, away_until = excluded.away_until, "
                    + "visits = excluded.visits, visits_quiet_until = excluded.visits_quiet_until, "
                    + "watch_noticed = excluded.watch_noticed, episode_repeat = excluded.episode_repeat, "
                    + "updated_at = excluded.updated_at, routine_profile = excluded.routine_profile, "
                    + "routine_noticed = excluded.routine_noticed, routine_channels = excluded.routine_channels, "
                    + "routine_own = excluded.routine_own")) {
                for (HouseholdState h : batch.households) {
                    p.setString(1, h.household());
                    p.setLong(2, h.lastActivity().toEpochMilli());
                    p.setInt(3, h.stagesRaised());
                    p.setString(4, String.join(",", h.notifiedChannels()));
                    p.setInt(5, h.away() ? 1 : 0);
                    setInstant(p, 6, h.awayUntil());
                    p.setString(7, csv(h.visits()));
                    setInstant(p, 8, h.visitsQuietUntil());
                    setInstant(p, 9, h.watchNoticed());
                    p.setInt(10, h.episodeRepeat());
                    p.setLong(11, now.toEpochMilli());
                    HouseholdState.Routine r = h.routine();
                    p.setBytes(12, r == null ? null : r.profile());
                    p.setInt(13, r != null && r.noticed() ? 1 : 0);
                    p.setString(14, r == null ? "" : String.join(",", r.notifiedChannels()));
                    p.setInt(15, r == null || r.ownSilence() ? 1 : 0);
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
        if (!batch.devices.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO devices (id, last_heard, offline, offline_channels, "
                    + "faulty, open, opened_at, held_open_alarmed, held_open_channels, denials, denials_quiet_until, "
                    + "updated_at, offline_alarmed, back_at, flaps, flap_since, offline_group, group_since, group_channels) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    + "last_heard = excluded.last_heard, offline = excluded.offline, "
                    + "offline_channels = excluded.offline_channels, faulty = excluded.faulty, open = excluded.open, "
                    + "opened_at = excluded.opened_at, held_open_alarmed = excluded.held_open_alarmed, "
                    + "held_open_channels = excluded.held_open_channels, denials = excluded.denials, "
                    + "denials_quiet_until = excluded.denials_quiet_until, updated_at = excluded.updated_at, "
                    + "offline_alarmed = excluded.offline_alarmed, back_at = excluded.back_at, flaps = excluded.flaps, "
                    + "flap_since = excluded.flap_since, offline_group = excluded.offline_group, "
                    + "group_since = excluded.group_since, group_channels = excluded.group_channels")) {
                for (DeviceState d : batch.devices) {
                    p.setString(1, d.device());
                    p.setLong(2, d.lastHeard().toEpochMilli());
                    p.setInt(3, d.offline() ? 1 : 0);
                    p.setString(4, String.join(",", d.offlineChannels()));
                    p.setInt(5, d.faulty() ? 1 : 0);
                    p.setInt(6, d.open() ? 1 : 0);
                    setInstant(p, 7, d.openedAt());
                    p.setInt(8, d.heldOpenAlarmed() ? 1 : 0);
                    p.setString(9, String.join(",", d.heldOpenChannels()));
                    p.setString(10, csv(d.denials()));
                    setInstant(p, 11, d.denialsQuietUntil());
                    p.setLong(12, now.toEpochMilli());
                    p.setInt(13, d.offlineAlarmed() ? 1 : 0);
                    setInstant(p, 14, d.backAt());
                    p.setInt(15, d.flaps());
                    setInstant(p, 16, d.flapSince());
                    p.setString(17, d.group());
                    setInstant(p, 18, d.groupSince());
                    p.setString(19, String.join(",", d.groupChannels()));
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
        Set<String> skipped = new HashSet<>();
        int inserted = 0;
        if (!batch.alerts.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO alerts (id, ts, rule, stage, household, "
                    + "device, json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Batch.NewAlert na : batch.alerts) {
                    Alert a = na.alert();
                    p.setString(1, a.id());
                    p.setLong(2, a.ts().toEpochMilli());
                    p.setString(3, a.rule());
                    p.setString(4, a.stage().name());
                    p.setString(5, a.household());
                    p.setString(6, a.device());
                    p.setString(7, na.json());
                    p.addBatch();
                }
                int[] counts = p.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    Alert a = batch.alerts.get(i).alert();
                    if (counts[i] == 0) {
                        // The same id is already stored: it was raised and committed before, so its
                        // deliveries exist; sending it again is the outbox's business, not ours.
                        skipped.add(a.id());
                        LOG.warn("alert {} ({} {} {}) was already stored; not queued again", a.id(), a.rule(),
                                a.stage(), a.household());
                    } else {
                        inserted++;
                    }
                }
            }
        }
        List<OutboxRow> rows = new ArrayList<>(batch.outbox.size());
        if (!batch.outbox.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO outbox (seq, alert_id, channel, "
                    + "transport, recipients, round, created_at, next_attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (OutboxRow r : batch.outbox) {
                    if (skipped.contains(r.alertId())) {
                        continue;
                    }
                    long seq = nextOutboxSeq++;
                    p.setLong(1, seq);
                    p.setString(2, r.alertId());
                    p.setString(3, r.channel());
                    p.setString(4, r.transport());
                    p.setString(5, String.join(",", r.recipients()));
                    p.setInt(6, r.round());
                    p.setLong(7, now.toEpochMilli());
                    setInstant(p, 8, r.nextAttempt());
                    p.addBatch();
                    rows.add(new OutboxRow(seq, r.alertId(), r.channel(), r.transport(), r.orderKey(), r.payload(),
                            r.alertTs(), now, 0, r.nextAttempt(), r.arrivalNanos(), r.recipients(), r.round()));
                }
                p.executeBatch();
            }
        }
        writeNotifications(batch, now);
        List<Long> cancelled = cancelHeld(batch.cancels, now);
        writeOutboxUpdates(batch.outboxUpdates);
        boolean[] acked = new boolean[batch.acknowledgements.size()];
        if (!batch.acknowledgements.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO acknowledgements (alert_id, by_staff, at, note) "
                    + "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM alerts WHERE id = ?) ON CONFLICT DO NOTHING")) {
                for (int i = 0; i < acked.length; i++) {
                    Acknowledgement a = batch.acknowledgements.get(i);
                    p.setString(1, a.alertId());
                    p.setString(2, a.by());
                    p.setLong(3, a.at().toEpochMilli());
                    p.setString(4, a.note());
                    p.setString(5, a.alertId());
                    acked[i] = p.executeUpdate() == 1;
                }
            }
        }
        if (!batch.outcomes.isEmpty()) {
            // WHERE EXISTS, not a foreign-key failure: an unknown alert must not fail (and retry) the whole batch
            try (PreparedStatement p = c.prepareStatement("INSERT INTO outcomes (alert_id, household, by_staff, at, code, "
                    + "note, until) SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM alerts WHERE id = ?)")) {
                for (OutcomeRecord o : batch.outcomes) {
                    p.setString(1, o.alertId());
                    p.setString(2, o.household());
                    p.setString(3, o.by());
                    p.setLong(4, o.at().toEpochMilli());
                    p.setString(5, o.code());
                    p.setString(6, o.note());
                    setInstant(p, 7, o.until());
                    p.setString(8, o.alertId());
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
        if (!batch.audits.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO audit (at, user, action, household, alert_id, "
                    + "remote, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditEntry a : batch.audits) {
                    p.setLong(1, a.at().toEpochMilli());
                    p.setString(2, a.user());
                    p.setString(3, a.action());
                    p.setString(4, a.household());
                    p.setString(5, a.alertId());
                    p.setString(6, a.remote());
                    p.setString(7, a.outcome());
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
        return new Committed(rows, acked, inserted, cancelled);
    }

    private void writeOutboxUpdates(List<OutboxUpdate> updates) throws SQLException {
        if (updates.isEmpty()) {
            return;
        }
        try (PreparedStatement delivered = c.prepareStatement("UPDATE outbox SET delivered_at = ? WHERE seq = ?");
             PreparedStatement attempt = c.prepareStatement(
                     "UPDATE outbox SET attempts = ?, next_attempt = ?, last_error = ? WHERE seq = ?");
             PreparedStatement failed = c.prepareStatement(
                     "UPDATE outbox SET attempts = ?, failed_at = ?, last_error = ? WHERE seq = ?");
             // the rows that reach people keep every attempt: the alert's history shows each one
             PreparedStatement log = c.prepareStatement("INSERT INTO attempts (outbox_seq, alert_id, at, result, code, "
                     + "detail) SELECT seq, alert_id, ?, ?, ?, ? FROM outbox WHERE seq = ? AND transport IN ("
                     + String.join(", ", OutboxRow.PEOPLE_TRANSPORTS.stream().map(t -> "'" + t + "'").sorted().toList())
                     + ")")) {
            for (OutboxUpdate u : updates) {
                if (u instanceof OutboxUpdate.Delivered d) {
                    delivered.setLong(1, d.at().toEpochMilli());
                    delivered.setLong(2, d.seq());
                    delivered.addBatch();
                    if (d.logged()) {
                        log(log, d.seq(), d.at(), "delivered", null, d.answer());
                    }
                } else if (u instanceof OutboxUpdate.Attempt a) {
                    set(attempt, a.attempts(), a.next(), a.error(), a.seq());
                    attempt.addBatch();
                    if (a.logged()) {
                        log(log, a.seq(), a.at(), "retry", a.code(), a.error());
                    }
                } else if (u instanceof OutboxUpdate.Failed f) {
                    set(failed, f.attempts(), f.at(), f.error(), f.seq());
                    failed.addBatch();
                    if (f.logged()) {
                        log(log, f.seq(), f.at(), "failed", f.code(), f.error());
                    }
                }
            }
            delivered.executeBatch();
            attempt.executeBatch();
            failed.executeBatch();
            log.executeBatch();
        }
    }

    private static void log(PreparedStatement p, long seq, Instant at, String result, String code, String detail)
            throws SQLException {
        p.setLong(1, at.toEpochMilli());
        p.setString(2, result);
        p.setString(3, code);
        p.setString(4, cut(detail));
        p.setLong(5, seq);
        p.addBatch();
    }

    private static String cut(String s) {
        return s == null ? null : s.length() > 500 ? s.substring(0, 500) : s;
    }

    /** Re-notification: each touched alert's state (or its end), and the lines of its history. */
    private void writeNotifications(Batch batch, Instant now) throws SQLException {
        if (!batch.notifyChanges.isEmpty()) {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO notify_open (alert_id, rule, stage, household, "
                    + "subject, channels, route_roles, round, cycle, roles, visited, due) "
                    + "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM alerts WHERE id = ?) "
                    + "ON CONFLICT (alert_id) DO UPDATE SET round = excluded.round, cycle = excluded.cycle, "
                    + "roles = excluded.roles, visited = excluded.visited, due = excluded.due");
                 PreparedStatement delete = c.prepareStatement("DELETE FROM notify_open WHERE alert_id = ?")) {
                for (NotificationSchedule.Change ch : batch.notifyChanges) {
                    NotificationSchedule.State st = ch.state();
                    if (st == null) {
                        delete.setString(1, ch.alertId());
                        delete.addBatch();
                        continue;
                    }
                    NotificationSchedule.Alerting a = st.alert();
                    upsert.setString(1, a.id());
                    upsert.setString(2, a.rule());
                    upsert.setString(3, a.stage().name());
                    upsert.setString(4, a.household());
                    upsert.setString(5, a.subject());
                    upsert.setString(6, String.join(",", a.channels()));
                    upsert.setString(7, roles(a.roles()));
                    upsert.setInt(8, st.round());
                    upsert.setInt(9, st.cycle());
                    upsert.setString(10, roles(st.roles()));
                    upsert.setString(11, roles(List.copyOf(new java.util.TreeSet<>(st.visited()))));
                    upsert.setLong(12, st.due().toEpochMilli());
                    upsert.setString(13, a.id());
                    upsert.addBatch();
                }
                delete.executeBatch();
                upsert.executeBatch();
            }
        }
        if (!batch.rounds.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO notify_rounds (alert_id, at, kind, round, roles, "
                    + "detail) SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM alerts WHERE id = ?)")) {
                for (RoundRecord r : batch.rounds) {
                    p.setString(1, r.alertId());
                    p.setLong(2, r.at().toEpochMilli());
                    p.setString(3, r.kind());
                    if (r.round() == null) {
                        p.setNull(4, Types.INTEGER);
                    } else {
                        p.setInt(4, r.round());
                    }
                    p.setString(5, String.join(",", r.roles()));
                    p.setString(6, cut(r.detail()));
                    p.setString(7, r.alertId());
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
    }

    /**
     * Takes back the held, never tried messages to people of the alerts each cancel names (a
     * RESOLVED came before the morning): marked failed with the reason, and a history line each.
     */
    private List<Long> cancelHeld(List<Batch.CancelHeld> cancels, Instant now) throws SQLException {
        if (cancels.isEmpty()) {
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        try (PreparedStatement find = c.prepareStatement("SELECT o.seq FROM outbox o JOIN alerts a ON a.id = o.alert_id "
                + "WHERE a.rule = ? AND a.household IS ? AND a.device IS ? AND a.stage != 'RESOLVED' AND o.recipients != '' "
                + "AND o.delivered_at IS NULL AND o.failed_at IS NULL AND o.attempts = 0 AND o.next_attempt > ?");
             PreparedStatement mark = c.prepareStatement("UPDATE outbox SET failed_at = ?, last_error = ? WHERE seq = ?");
             PreparedStatement log = c.prepareStatement("INSERT INTO attempts (outbox_seq, alert_id, at, result, code, "
                     + "detail) SELECT seq, alert_id, ?, ?, ?, ? FROM outbox WHERE seq = ?")) {
            for (Batch.CancelHeld k : cancels) {
                find.setString(1, k.rule());
                find.setString(2, k.household());
                find.setString(3, k.device());
                find.setLong(4, now.toEpochMilli());
                List<Long> seqs = new ArrayList<>();
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        seqs.add(rs.getLong(1));
                    }
                }
                for (long seq : seqs) {
                    mark.setLong(1, now.toEpochMilli());
                    mark.setString(2, cut(k.reason()));
                    mark.setLong(3, seq);
                    mark.addBatch();
                    log(log, seq, now, "cancelled", null, k.reason());
                }
                out.addAll(seqs);
            }
            mark.executeBatch();
            log.executeBatch();
        }
        return out;
    }

    /** Every alert still re-notified, as the last commit left it: the schedule starts from these. */
    public List<OpenNotification> openNotifications() throws SQLException {
        List<OpenNotification> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT n.alert_id, n.rule, n.stage, n.household, n.subject, n.channels, "
                     + "n.route_roles, n.round, n.cycle, n.roles, n.visited, n.due, a.json, a.ts, a.device "
                     + "FROM notify_open n JOIN alerts a ON a.id = n.alert_id ORDER BY n.due, n.alert_id")) {
            while (rs.next()) {
                NotificationSchedule.Alerting a = new NotificationSchedule.Alerting(rs.getString(1), rs.getString(2),
                        org.doorwatch.domain.Stage.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                        list(rs.getString(6)), roleList(rs.getString(7)));
                NotificationSchedule.State state = new NotificationSchedule.State(a, rs.getInt(8), rs.getInt(9),
                        roleList(rs.getString(10)), Set.copyOf(roleList(rs.getString(11))),
                        Instant.ofEpochMilli(rs.getLong(12)));
                out.add(new OpenNotification(state, rs.getString(13), Instant.ofEpochMilli(rs.getLong(14)),
                        rs.getString(15)));
            }
        }
        return out;
    }

    /**
     * The SMS of every episode no RESOLVED has ended yet (neither failed nor taken back), for the
     * RESOLVED to tell the same people. One pass over the outbox at start-up.
     */
    public List<UnresolvedText> unresolvedTexts() throws SQLException {
        List<UnresolvedText> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT a.rule, a.household, a.device, o.channel, o.recipients, "
                     + "coalesce(o.next_attempt, o.created_at) FROM outbox o JOIN alerts a ON a.id = o.alert_id "
                     + "WHERE o.transport = 'sms' AND o.recipients != '' AND o.failed_at IS NULL AND a.stage != 'RESOLVED' "
                     + "AND NOT EXISTS (SELECT 1 FROM alerts r WHERE r.rule = a.rule AND r.stage = 'RESOLVED' "
                     + "AND r.household IS a.household AND r.device IS a.device AND r.rowid > a.rowid) ORDER BY o.seq")) {
            while (rs.next()) {
                for (String person : list(rs.getString(5))) {
                    out.add(new UnresolvedText(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), person,
                            Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
        }
        return out;
    }

    private static String roles(List<Role> roles) {
        return String.join(",", roles.stream().map(Role::id).toList());
    }

    /** Role ids back to roles; an id this version does not know is left out. */
    private static List<Role> roleList(String csv) {
        List<Role> out = new ArrayList<>();
        for (String id : list(csv)) {
            Role r = Role.of(id);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static void set(PreparedStatement p, int attempts, Instant at, String error, long seq) throws SQLException {
        p.setInt(1, attempts);
        p.setLong(2, at.toEpochMilli());
        p.setString(3, cut(error));
        p.setLong(4, seq);
    }

    /** The retention purge, on this (the writer's) connection. */
    public RetentionPurge purge() {
        return purge;
    }

    private static void setInstant(PreparedStatement p, int index, Instant t) throws SQLException {
        if (t == null) {
            p.setNull(index, Types.INTEGER);
        } else {
            p.setLong(index, t.toEpochMilli());
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
