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

    /** What a commit did. {@code acknowledged[i]} is false when ack i named an unknown alert or repeated one. */
    public record Committed(List<OutboxRow> outbox, boolean[] acknowledged, int alertsInserted) {}

    private final Connection c;
    private long nextOutboxSeq;
    private long runId;

    public WriterStore(Database db) throws SQLException {
        this.c = db.connect(true);
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM outbox")) {
            nextOutboxSeq = rs.next() ? rs.getLong(1) + 1 : 1;
        }
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
                     + "visits_quiet_until, watch_noticed, episode_repeat FROM households")) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    each.accept(new HouseholdState(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3),
                            list(rs.getString(4), lists), rs.getInt(5) != 0, instant(rs, 6), instants(rs.getString(7)),
                            instant(rs, 8), instant(rs, 9), rs.getInt(10)));
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
                     + "held_open_alarmed, held_open_channels, denials, denials_quiet_until FROM devices")) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    each.accept(new DeviceState(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3) != 0,
                            list(rs.getString(4), lists), rs.getInt(5) != 0, rs.getInt(6) != 0, instant(rs, 7), rs.getInt(8) != 0,
                            list(rs.getString(9), lists), instants(rs.getString(10)), instant(rs, 11)));
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
        long seqBefore = nextOutboxSeq;
        try {
            return Transactions.write(c, () -> write(batch, now));
        } catch (SQLException | RuntimeException e) {
            nextOutboxSeq = seqBefore;
            throw e;
        }
    }

    private Committed write(Batch batch, Instant now) throws SQLException {
        if (!batch.events.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO events (received_at, ts, source, device, type, "
                    + "household, credential, direction, by_staff, until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
        if (!batch.households.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO households (id, last_activity, stages_raised, "
                    + "notified, away, away_until, visits, visits_quiet_until, watch_noticed, episode_repeat, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    + "last_activity = excluded.last_activity, stages_raised = excluded.stages_raised, "
                    + "notified = excluded.notified, away = excluded.away, away_until = excluded.away_until, "
                    + "visits = excluded.visits, visits_quiet_until = excluded.visits_quiet_until, "
                    + "watch_noticed = excluded.watch_noticed, episode_repeat = excluded.episode_repeat, "
                    + "updated_at = excluded.updated_at")) {
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
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
        if (!batch.devices.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO devices (id, last_heard, offline, offline_channels, "
                    + "faulty, open, opened_at, held_open_alarmed, held_open_channels, denials, denials_quiet_until, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    + "last_heard = excluded.last_heard, offline = excluded.offline, "
                    + "offline_channels = excluded.offline_channels, faulty = excluded.faulty, open = excluded.open, "
                    + "opened_at = excluded.opened_at, held_open_alarmed = excluded.held_open_alarmed, "
                    + "held_open_channels = excluded.held_open_channels, denials = excluded.denials, "
                    + "denials_quiet_until = excluded.denials_quiet_until, updated_at = excluded.updated_at")) {
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
                    + "transport, created_at) VALUES (?, ?, ?, ?, ?)")) {
                for (OutboxRow r : batch.outbox) {
                    if (skipped.contains(r.alertId())) {
                        continue;
                    }
                    long seq = nextOutboxSeq++;
                    p.setLong(1, seq);
                    p.setString(2, r.alertId());
                    p.setString(3, r.channel());
                    p.setString(4, r.transport());
                    p.setLong(5, now.toEpochMilli());
                    p.addBatch();
                    rows.add(new OutboxRow(seq, r.alertId(), r.channel(), r.transport(), r.orderKey(), r.payload(),
                            r.alertTs(), now, 0, null, r.arrivalNanos()));
                }
                p.executeBatch();
            }
        }
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
        return new Committed(rows, acked, inserted);
    }

    private void writeOutboxUpdates(List<OutboxUpdate> updates) throws SQLException {
        if (updates.isEmpty()) {
            return;
        }
        try (PreparedStatement delivered = c.prepareStatement("UPDATE outbox SET delivered_at = ? WHERE seq = ?");
             PreparedStatement attempt = c.prepareStatement(
                     "UPDATE outbox SET attempts = ?, next_attempt = ?, last_error = ? WHERE seq = ?");
             PreparedStatement failed = c.prepareStatement(
                     "UPDATE outbox SET attempts = ?, failed_at = ?, last_error = ? WHERE seq = ?")) {
            for (OutboxUpdate u : updates) {
                if (u instanceof OutboxUpdate.Delivered d) {
                    delivered.setLong(1, d.at().toEpochMilli());
                    delivered.setLong(2, d.seq());
                    delivered.addBatch();
                } else if (u instanceof OutboxUpdate.Attempt a) {
                    set(attempt, a.attempts(), a.next(), a.error(), a.seq());
                    attempt.addBatch();
                } else if (u instanceof OutboxUpdate.Failed f) {
                    set(failed, f.attempts(), f.at(), f.error(), f.seq());
                    failed.addBatch();
                }
            }
            delivered.executeBatch();
            attempt.executeBatch();
            failed.executeBatch();
        }
    }

    private static void set(PreparedStatement p, int attempts, Instant at, String error, long seq) throws SQLException {
        p.setInt(1, attempts);
        p.setLong(2, at.toEpochMilli());
        p.setString(3, error == null ? null : error.length() > 500 ? error.substring(0, 500) : error);
        p.setLong(4, seq);
    }

    /**
     * Deletes journal rows received before {@code before}, at most {@code limit} in this
     * transaction so the writer is never held for long; returns how many.
     */
    public int purgeEvents(Instant before, int limit) throws SQLException {
        return Transactions.write(c, () -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE received_at < ? ORDER BY seq LIMIT ?)")) {
                p.setLong(1, before.toEpochMilli());
                p.setInt(2, limit);
                return p.executeUpdate();
            }
        });
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
