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
                // 4: an MQTT message's identity (issue 16), so that a redelivery of an event already
                // committed is recognised after a restart too; 64 bits of SHA-256, null for other sources
                "ALTER TABLE events ADD COLUMN msg_key INTEGER")
            );

    static int latest() {
        return STEPS.size();
    }
}
