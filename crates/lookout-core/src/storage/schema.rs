//! The database schema as an append-only list of migrations.
//!
//! Never edit a migration that has shipped: databases in the field already ran it, and
//! `rusqlite_migration` tracks progress in `PRAGMA user_version` by position in this list. Change
//! the schema by appending a new `M::up`.
//!
//! Raw check results are the bulk of the file, so `checks` is shaped for size: a `WITHOUT ROWID`
//! table clustered on `(monitor_id, at_ms)` (the key is the row, no second b-tree), status as a
//! small integer (UP is 0, which SQLite stores in zero bytes), and failure reasons interned in
//! `reasons` (UP rows carry NULL, which is also free).

use rusqlite_migration::{Migrations, M};

/// `PRAGMA application_id` of a Lookout database ("LKOT"), so that opening some other program's
/// SQLite file is refused instead of being migrated into.
pub(crate) const APPLICATION_ID: i64 = 0x4C4B_4F54;

const V1: &str = r#"
PRAGMA application_id = 1280003924;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('config_rev', 0);

-- AUTOINCREMENT so a deleted monitor's id is never reused: incidents keep the old id after the
-- monitor is gone and must not suddenly point at a new, unrelated monitor.
CREATE TABLE monitors (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    spec       TEXT NOT NULL,
    paused     INTEGER NOT NULL DEFAULT 0,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
);

-- Another process's engine polls config_rev to notice edits; triggers make every writer,
-- including a hand-run sqlite3, bump it.
CREATE TRIGGER monitors_rev_insert AFTER INSERT ON monitors BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'config_rev';
END;
CREATE TRIGGER monitors_rev_update AFTER UPDATE ON monitors BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'config_rev';
END;
CREATE TRIGGER monitors_rev_delete AFTER DELETE ON monitors BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'config_rev';
END;

CREATE TABLE reasons (
    id   INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);

-- reason_id has no foreign key on purpose: pruning reasons would then scan checks once per
-- deleted reason. Retention prunes only reasons no check refers to.
CREATE TABLE checks (
    monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    at_ms      INTEGER NOT NULL,
    status     INTEGER NOT NULL,
    latency_ms INTEGER NOT NULL,
    reason_id  INTEGER,
    PRIMARY KEY (monitor_id, at_ms)
) WITHOUT ROWID;

CREATE TABLE rollup_hourly (
    monitor_id    INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    bucket_ms     INTEGER NOT NULL,
    up            INTEGER NOT NULL,
    degraded      INTEGER NOT NULL,
    down          INTEGER NOT NULL,
    latency_sum   INTEGER NOT NULL,
    latency_count INTEGER NOT NULL,
    latency_min   INTEGER,
    latency_max   INTEGER,
    PRIMARY KEY (monitor_id, bucket_ms)
) WITHOUT ROWID;

CREATE TABLE rollup_daily (
    monitor_id    INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    bucket_ms     INTEGER NOT NULL,
    up            INTEGER NOT NULL,
    degraded      INTEGER NOT NULL,
    down          INTEGER NOT NULL,
    latency_sum   INTEGER NOT NULL,
    latency_count INTEGER NOT NULL,
    latency_min   INTEGER,
    latency_max   INTEGER,
    PRIMARY KEY (monitor_id, bucket_ms)
) WITHOUT ROWID;

CREATE TABLE monitor_state (
    monitor_id    INTEGER PRIMARY KEY REFERENCES monitors (id) ON DELETE CASCADE,
    status        INTEGER NOT NULL,
    since_ms      INTEGER NOT NULL,
    last_check_ms INTEGER NOT NULL,
    latency_ms    INTEGER NOT NULL,
    reason        TEXT NOT NULL DEFAULT ''
);

-- monitor_id is deliberately not a foreign key: incidents outlive their monitor (the history
-- and reports still need them), and keep its name in `monitor`.
CREATE TABLE incidents (
    id              INTEGER PRIMARY KEY,
    monitor_id      INTEGER NOT NULL,
    monitor         TEXT NOT NULL,
    title           TEXT NOT NULL,
    rule            TEXT NOT NULL,
    severity        TEXT NOT NULL,
    started_ms      INTEGER NOT NULL,
    detected_ms     INTEGER NOT NULL,
    resolved_ms     INTEGER,
    acknowledged_ms INTEGER
);
CREATE INDEX incidents_open ON incidents (started_ms) WHERE resolved_ms IS NULL;
CREATE INDEX incidents_by_monitor ON incidents (monitor_id, started_ms);
CREATE INDEX incidents_by_start ON incidents (started_ms);

CREATE TABLE incident_events (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at_ms       INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    message     TEXT NOT NULL
);
CREATE INDEX incident_events_by_incident ON incident_events (incident_id, at_ms);
"#;

/// Settings shared by the CLI and the desktop app (the heartbeat port, start at login, ...).
const V2: &str = r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Snoozes and maintenance windows. They change what the engine does, so, like monitors, every
/// change bumps config_rev for the other process's engine to notice.
const V3: &str = r#"
CREATE TABLE snoozes (
    monitor_id INTEGER PRIMARY KEY REFERENCES monitors (id) ON DELETE CASCADE,
    until_ms   INTEGER NOT NULL
);
CREATE TABLE maintenance (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    start_ms    INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    rrule       TEXT,
    created_ms  INTEGER NOT NULL
);
CREATE TABLE maintenance_monitors (
    maintenance_id INTEGER NOT NULL REFERENCES maintenance (id) ON DELETE CASCADE,
    monitor_id     INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    PRIMARY KEY (maintenance_id, monitor_id)
) WITHOUT ROWID;
CREATE TRIGGER snoozes_rev_insert AFTER INSERT ON snoozes BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'config_rev';
END;
CREATE TRIGGER snoozes_rev_update AFTER UPDATE ON snoozes BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'config_rev';
END;
CREATE TRIGGER snoozes_rev_delete AFTER DELETE ON snoozes BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'config_rev';
END;
CREATE TRIGGER maintenance_rev_insert AFTER INSERT ON maintenance_monitors BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'config_rev';
END;
CREATE TRIGGER maintenance_rev_delete AFTER DELETE ON maintenance BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'config_rev';
END;
"#;

/// The rule's numbers when it fired, so a report need not read them back out of the timeline's
/// text. NULL on incidents written before this migration.
const V4: &str = r#"
ALTER TABLE incidents ADD COLUMN failures INTEGER;
ALTER TABLE incidents ADD COLUMN failure_threshold INTEGER;
"#;

/// Requests another process leaves for the running engine (see `requests.rs`). `monitor_id` is
/// not a foreign key: a request for a monitor removed meanwhile is answered "not found".
const V5: &str = r#"
CREATE TABLE engine_requests (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    monitor_id INTEGER NOT NULL,
    state      TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    result     TEXT
);
CREATE INDEX engine_requests_pending ON engine_requests (id) WHERE state = 'pending';
"#;

/// Incidents opened by a "Simulate outage" drill. They keep their timeline and report, but
/// are left out of every figure (MTTR, MTTD, incident counts, downtime): a self-test is not an
/// outage. Drills recorded before this migration are found by the note every drill has put on
/// its incident's timeline since drills exist, so their figures are corrected too.
const V6: &str = r#"
ALTER TABLE incidents ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;
UPDATE incidents SET simulated = 1 WHERE id IN (
    SELECT incident_id FROM incident_events
    WHERE kind = 'note' AND message = 'This incident is a simulated outage (self-test)'
);
"#;

/// Settings change what the engine does (the offline check's reference targets), so, like
/// monitors, every change bumps config_rev for a running engine, in this process or another,
/// to notice within its poll.
const V7: &str = r#"
CREATE TRIGGER settings_rev_insert AFTER INSERT ON settings BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'config_rev';
END;
CREATE TRIGGER settings_rev_update AFTER UPDATE ON settings BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'config_rev';
END;
CREATE TRIGGER settings_rev_delete AFTER DELETE ON settings BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'config_rev';
END;
"#;

/// At most one open incident per monitor and rule (and one open drill beside it, so that a
/// drill left open by a crash never blocks a real incident): a restart can never open a second.
/// Duplicates an older Lookout left are closed first, each at the start of the newest one
/// (the outage went on as that incident), with a note saying so.
const V8: &str = r#"
INSERT INTO incident_events (incident_id, at_ms, kind, message)
SELECT i.id,
       (SELECT max(j.started_ms) FROM incidents j
        WHERE j.monitor_id = i.monitor_id AND j.rule = i.rule AND j.simulated = i.simulated
          AND j.resolved_ms IS NULL),
       'note',
       'Closed by an upgrade: a newer incident for the same monitor and rule was open at the same time'
FROM incidents i
WHERE i.resolved_ms IS NULL AND EXISTS (
    SELECT 1 FROM incidents j
    WHERE j.monitor_id = i.monitor_id AND j.rule = i.rule AND j.simulated = i.simulated
      AND j.resolved_ms IS NULL
      AND (j.started_ms > i.started_ms OR (j.started_ms = i.started_ms AND j.id > i.id)));

UPDATE incidents AS i SET resolved_ms = (
    SELECT max(j.started_ms) FROM incidents j
    WHERE j.monitor_id = i.monitor_id AND j.rule = i.rule AND j.simulated = i.simulated
      AND j.resolved_ms IS NULL)
WHERE i.resolved_ms IS NULL AND EXISTS (
    SELECT 1 FROM incidents j
    WHERE j.monitor_id = i.monitor_id AND j.rule = i.rule AND j.simulated = i.simulated
      AND j.resolved_ms IS NULL
      AND (j.started_ms > i.started_ms OR (j.started_ms = i.started_ms AND j.id > i.id)));

CREATE UNIQUE INDEX incidents_one_open ON incidents (monitor_id, rule, simulated)
    WHERE resolved_ms IS NULL;
"#;

/// A flapping service's outages fold into one incident; its downtime is the failing time
/// only, not the span from its first failure to its last recovery. NULL: the span.
const V9: &str = r#"
ALTER TABLE incidents ADD COLUMN downtime_ms INTEGER;
"#;

/// Every migration, oldest first. Append only.
pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
        M::up(V9),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_validate() {
        migrations().validate().unwrap();
    }

    #[test]
    fn migrations_run_on_a_fresh_file_and_set_the_application_id() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = rusqlite::Connection::open(dir.path().join("fresh.db")).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
        // Running again is a no-op, not an error.
        migrations().to_latest(&mut conn).unwrap();
        let rev: i64 = conn
            .query_row("SELECT value FROM meta WHERE key = 'config_rev'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(rev, 0);
    }
}
