package org.doorwatch.gateway.storage;

import java.util.List;

/**
 * The schema, as an append-only list of steps. Step {@code n} takes the database from version
 * {@code n - 1} to {@code n}; {@code schema_version} records each applied step. Never edit a
 * released step: add one. Issue 6's device state, for instance, is one more step with a
 * {@code devices} table written in the same transaction as {@code households}.
 *
 * <p>Instants are stored as epoch milliseconds (INTEGER): compact, ordered, exact.
 */
final class Migrations {

    private Migrations() {}

    /** Audit rows younger than this (real time) cannot be deleted (step 5's trigger): 180 days. */
    static final long AUDIT_FLOOR_SECONDS = 180L * 24 * 3600;

    static final List<List<String>> STEPS = List.of(
            List.of(
                // 1: the event journal, household state, alerts, the outbox, acknowledgements
                """
                CREATE TABLE events (
                    seq         INTEGER PRIMARY KEY,
                    received_at INTEGER NOT NULL,   -- gateway clock when it arrived
                    ts          INTEGER NOT NULL,   -- the event's own time
                    source      TEXT NOT NULL,      -- mqtt, serial:<port>, tcp:<port>, staff
                    device      TEXT,
                    type        TEXT NOT NULL,
                    household   TEXT,
                    credential  TEXT,
                    direction   TEXT,
                    by_staff    TEXT,
                    until       INTEGER
                )""",
                "CREATE INDEX events_by_received ON events (received_at)",
                """
                CREATE TABLE households (
                    id            TEXT PRIMARY KEY,
                    last_activity INTEGER NOT NULL, -- L
                    stages_raised INTEGER NOT NULL,
                    notified      TEXT NOT NULL,    -- channels that got a stage of this episode, comma-separated
                    away          INTEGER NOT NULL,
                    away_until    INTEGER,
                    updated_at    INTEGER NOT NULL
                )""",
                """
                CREATE TABLE alerts (
                    id         TEXT PRIMARY KEY,    -- deterministic (SPEC 5): a re-raise has the same id
                    ts         INTEGER NOT NULL,
                    rule       TEXT NOT NULL,
                    stage      TEXT NOT NULL,
                    household  TEXT,
                    device     TEXT,
                    json       TEXT NOT NULL        -- the exact payload every channel gets
                )""",
                "CREATE INDEX alerts_by_household ON alerts (household, ts)",
                """
                CREATE TABLE outbox (
                    seq          INTEGER PRIMARY KEY, -- delivery order
                    alert_id     TEXT NOT NULL REFERENCES alerts (id),
                    channel      TEXT NOT NULL,
                    transport    TEXT NOT NULL,       -- mqtt or webhook
                    created_at   INTEGER NOT NULL,
                    attempts     INTEGER NOT NULL DEFAULT 0,
                    next_attempt INTEGER,
                    delivered_at INTEGER,
                    failed_at    INTEGER,
                    last_error   TEXT,
                    UNIQUE (alert_id, channel, transport)
                )""",
                "CREATE INDEX outbox_pending ON outbox (seq) WHERE delivered_at IS NULL AND failed_at IS NULL",
                """
                CREATE TABLE acknowledgements (
                    alert_id TEXT NOT NULL REFERENCES alerts (id),
                    by_staff TEXT NOT NULL,
                    at       INTEGER NOT NULL,
                    note     TEXT,
                    PRIMARY KEY (alert_id, by_staff)
                )""",
                """
                CREATE TABLE runs (
                    id         INTEGER PRIMARY KEY,
                    started_at INTEGER NOT NULL,
                    stopped_at INTEGER,             -- null: still running, or it crashed
                    version    TEXT
                )"""),
            List.of(
                // 2: the security and police rules (issue 6): the rest of a household's state, and devices
                "ALTER TABLE households ADD COLUMN visits TEXT NOT NULL DEFAULT ''", // epoch ms, comma-separated
                "ALTER TABLE households ADD COLUMN visits_quiet_until INTEGER",
                "ALTER TABLE households ADD COLUMN watch_noticed INTEGER",
                "ALTER TABLE households ADD COLUMN episode_repeat INTEGER NOT NULL DEFAULT 0",
                """
                CREATE TABLE devices (
                    id                  TEXT PRIMARY KEY,
                    last_heard          INTEGER NOT NULL,
                    offline             INTEGER NOT NULL,
                    offline_channels    TEXT NOT NULL,
                    faulty              INTEGER NOT NULL,
                    open                INTEGER NOT NULL,
                    opened_at           INTEGER,
                    held_open_alarmed   INTEGER NOT NULL,
                    held_open_channels  TEXT NOT NULL,
                    denials             TEXT NOT NULL,  -- epoch ms, comma-separated
                    denials_quiet_until INTEGER,
                    updated_at          INTEGER NOT NULL
                )"""),
            List.of(
                // 3: the staff API (issue 7): outcomes of stages, and the append-only audit log
                """
                CREATE TABLE outcomes (
                    seq       INTEGER PRIMARY KEY,
                    alert_id  TEXT NOT NULL REFERENCES alerts (id),
                    household TEXT NOT NULL,
                    by_staff  TEXT NOT NULL,
                    at        INTEGER NOT NULL,   -- gateway clock
                    code      TEXT NOT NULL,      -- reached-ok, in-hospital, no-answer ...
                    note      TEXT,
                    until     INTEGER             -- AWAY outcomes: the end, if given
                )""",
                "CREATE INDEX outcomes_by_alert ON outcomes (alert_id)",
                """
                CREATE TABLE audit (
                    seq       INTEGER PRIMARY KEY,
                    at        INTEGER NOT NULL,   -- real time (wall clock), even on an accelerated gateway clock
                    user      TEXT,               -- the login name; null only for a login with an unknown name
                    action    TEXT NOT NULL,      -- e.g. 'GET /api/alerts/:id' or 'POST /api/login'
                    household TEXT,               -- ids only, never the personal data itself
                    alert_id  TEXT,
                    remote    TEXT,               -- the caller's address
                    outcome   TEXT NOT NULL       -- allowed, denied, not-found, failed-login, locked, error ...
                )""",
                "CREATE INDEX audit_by_at ON audit (at)",
                // Append-only: nothing, not even the gateway, rewrites what was done.
                "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
                "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"),
            List.of(
                // 4: uhppote controllers (issue 18): per controller, the index of the last event of its log
                // that is in the journal, so a restart reads on from there (ControllerCursors)
                """
                CREATE TABLE controller_cursors (
                    controller INTEGER PRIMARY KEY,  -- the controller's serial number
                    last_index INTEGER NOT NULL,     -- its event log index
                    updated_at INTEGER NOT NULL      -- wall clock
                )"""),
            List.of(
                // 5: retention (issue 21). The audit log stays append-only except that the daily purge may
                // delete rows older than 180 days, and only those: the trigger compares with SQLite's own
                // clock (the OS's real time, which is what audit.at holds), so neither a config nor a bug
                // can make the gateway delete younger rows. 180 days: the six months of logs China's
                // Cybersecurity Law (art. 21) asks for; the configured retention may be longer, never shorter.
                "DROP TRIGGER audit_no_delete",
                "CREATE TRIGGER audit_delete_old_only BEFORE DELETE ON audit "
                        + "WHEN old.at > (CAST(strftime('%s', 'now') AS INTEGER) - " + AUDIT_FLOOR_SECONDS + ") * 1000 "
                        + "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: only rows older than 180 days may be deleted'); END",
                // the purge finds an alert's episode (same rule and subject) by it; so do the staff API's
                // "resolved" and "previous stage" lookups
                "CREATE INDEX alerts_by_subject ON alerts (rule, household, device)",
                // the purge looks only at alerts older than the retention, not at a year of them every day
                "CREATE INDEX alerts_by_ts ON alerts (ts)"),
            List.of(
                // 6: people (issue 14). The outbox addresses people: a row is one message of one round to one
                // channel over one transport, for the people it names; SQLite cannot change a UNIQUE
                // constraint in place, so the table is rebuilt with the rows it holds.
                """
                CREATE TABLE outbox_v6 (
                    seq          INTEGER PRIMARY KEY, -- delivery order
                    alert_id     TEXT NOT NULL REFERENCES alerts (id),
                    channel      TEXT NOT NULL,
                    transport    TEXT NOT NULL,       -- mqtt, webhook, wecom, dingtalk, sms
                    recipients   TEXT NOT NULL DEFAULT '', -- person ids, comma-separated: an SMS's one, a robot's @-mentions
                    round        INTEGER NOT NULL DEFAULT 0, -- 0 the first sending, n the n-th re-notification
                    created_at   INTEGER NOT NULL,
                    attempts     INTEGER NOT NULL DEFAULT 0,
                    next_attempt INTEGER,             -- back-off, or a message held until quiet hours end
                    delivered_at INTEGER,
                    failed_at    INTEGER,
                    last_error   TEXT,
                    UNIQUE (alert_id, channel, transport, round, recipients)
                )""",
                "INSERT INTO outbox_v6 (seq, alert_id, channel, transport, created_at, attempts, next_attempt, delivered_at, "
                        + "failed_at, last_error) SELECT seq, alert_id, channel, transport, created_at, attempts, next_attempt, "
                        + "delivered_at, failed_at, last_error FROM outbox",
                "DROP TABLE outbox",
                "ALTER TABLE outbox_v6 RENAME TO outbox",
                "CREATE INDEX outbox_pending ON outbox (seq) WHERE delivered_at IS NULL AND failed_at IS NULL",
                """
                CREATE TABLE attempts (
                    seq        INTEGER PRIMARY KEY,
                    outbox_seq INTEGER NOT NULL,  -- the row tried: channel, transport, people, round
                    alert_id   TEXT NOT NULL,
                    at         INTEGER NOT NULL,  -- gateway clock
                    result     TEXT NOT NULL,     -- delivered, retry, failed, cancelled
                    code       TEXT,              -- the provider's error code
                    detail     TEXT               -- the provider's answer, or what went wrong
                )""",
                "CREATE INDEX attempts_by_alert ON attempts (alert_id, seq)",
                """
                CREATE TABLE notify_open (
                    alert_id    TEXT PRIMARY KEY REFERENCES alerts (id), -- an alert still re-notified
                    rule        TEXT NOT NULL,
                    stage       TEXT NOT NULL,
                    household   TEXT,
                    subject     TEXT,
                    channels    TEXT NOT NULL,    -- of its route, comma-separated
                    route_roles TEXT NOT NULL,    -- the roles its route named
                    round       INTEGER NOT NULL, -- rounds sent so far
                    cycle       INTEGER NOT NULL, -- re-sends to the current roles
                    roles       TEXT NOT NULL,    -- the roles reached now (after pass-ons)
                    visited     TEXT NOT NULL,    -- every role reached or passed to
                    due         INTEGER NOT NULL  -- the next round
                )""",
                """
                CREATE TABLE notify_rounds (
                    seq      INTEGER PRIMARY KEY,
                    alert_id TEXT NOT NULL REFERENCES alerts (id),
                    at       INTEGER NOT NULL,    -- gateway clock
                    kind     TEXT NOT NULL,       -- renotify, pass-on, ended
                    round    INTEGER,
                    roles    TEXT NOT NULL DEFAULT '',
                    detail   TEXT                 -- why it ended: acknowledged, superseded by <id>, exhausted ...
                )""",
                "CREATE INDEX notify_rounds_by_alert ON notify_rounds (alert_id, seq)"),
            List.of(
                // 7: routine deviation (issue 17): the learned profile and the NOTICE of the present silence
                "ALTER TABLE households ADD COLUMN routine_profile BLOB",          // null: the policy has no routine
                "ALTER TABLE households ADD COLUMN routine_noticed INTEGER NOT NULL DEFAULT 0",
                "ALTER TABLE households ADD COLUMN routine_channels TEXT NOT NULL DEFAULT ''", // the NOTICE's, comma-separated
                "ALTER TABLE households ADD COLUMN routine_own INTEGER NOT NULL DEFAULT 1"),
            List.of(
                // 8: an MQTT message's identity (issue 16), so that a redelivery of an event already
                // committed is recognised after a restart too; 64 bits of SHA-256, null for other sources
                "ALTER TABLE events ADD COLUMN msg_key INTEGER"),
            List.of(
                // 9: device-offline's flapping and grouping (issue 20)
                "ALTER TABLE devices ADD COLUMN offline_alarmed INTEGER NOT NULL DEFAULT 0", // the silence raised its own ALARM
                "UPDATE devices SET offline_alarmed = offline",                             // before: every offline device had
                "ALTER TABLE devices ADD COLUMN back_at INTEGER",                            // heard again after an alarmed silence
                "ALTER TABLE devices ADD COLUMN flaps INTEGER NOT NULL DEFAULT 0",           // silences of the open flapping ALARM
                "ALTER TABLE devices ADD COLUMN flap_since INTEGER",                         // that ALARM's episode
                "ALTER TABLE devices ADD COLUMN offline_group TEXT",                         // port:<id>, building:<b>, site
                "ALTER TABLE devices ADD COLUMN group_since INTEGER",                        // the group ALARM's episode
                "ALTER TABLE devices ADD COLUMN group_channels TEXT NOT NULL DEFAULT ''"),   // its channels, comma-separated
            List.of(
                // 10: the engine clock a run's last commit reached (issue 19). A commit during the start-up
                // hold stamps its rows with the tick's now, later than the engine, which is at the queued
                // event's own time; the next start resumes here, not at those stamps. Null before step 10.
                "ALTER TABLE runs ADD COLUMN reached INTEGER")
            );

    static int latest() {
        return STEPS.size();
    }
}
