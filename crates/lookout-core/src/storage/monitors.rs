//! Monitor definitions and each monitor's current state.
//!
//! A monitor is stored as its [`MonitorSpec`] JSON, the same shape `lookout export` writes, so
//! new optional fields need no migration. It is validated again on load: a row that no longer
//! validates (say, a probe kind this build dropped, or an edit by hand) is left out of
//! [`Store::monitors`] rather than failing every listing, and listed with its reason by
//! [`Store::stored_monitors`], so the shells show it as broken and it can be removed. `paused` lives in its own column, the one truth for it, so pausing
//! never rewrites the spec.

use rusqlite::{params, OptionalExtension};

use super::{from_ms, now_ms, Store, StoreError};
use crate::model::{MonitorId, MonitorState, Status};
use crate::monitor::Monitor;
use crate::spec::MonitorSpec;

impl Store {
    /// Stores a new monitor; its `id` is ignored and the new one returned.
    pub fn add_monitor(&self, m: &Monitor) -> Result<MonitorId, StoreError> {
        self.add_monitors(std::slice::from_ref(m))?
            .into_iter()
            .next()
            .ok_or(StoreError::WriterGone)
    }

    /// Stores several monitors in one transaction: all of them, or none if any fails.
    pub fn add_monitors(&self, ms: &[Monitor]) -> Result<Vec<MonitorId>, StoreError> {
        let rows = ms
            .iter()
            .map(|m| Ok((m.name.clone(), spec_json(m)?, m.paused)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let now = now_ms();
        self.write(move |c| {
            let mut stmt = c.prepare_cached(
                "INSERT INTO monitors (name, spec, paused, created_ms, updated_ms)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
            )?;
            rows.iter()
                .map(|(name, spec, paused)| {
                    stmt.insert(params![name, spec, paused, now])
                        .map(MonitorId)
                        .map_err(|e| duplicate_name(e, name))
                })
                .collect()
        })
    }

    /// Replaces the monitor with id `m.id`, paused flag included.
    pub fn update_monitor(&self, m: &Monitor) -> Result<(), StoreError> {
        let (id, name, spec, paused) = (m.id, m.name.clone(), spec_json(m)?, m.paused);
        let now = now_ms();
        self.write(move |c| {
            let n = c
                .execute(
                    "UPDATE monitors SET name = ?2, spec = ?3, paused = ?4, updated_ms = ?5
                     WHERE id = ?1",
                    params![id.0, name, spec, paused, now],
                )
                .map_err(|e| duplicate_name(e, &name))?;
            found(n, || what_monitor(id))
        })
    }

    /// Deletes a monitor with its raw results, rollups and state. Its incidents stay: they are
    /// history, and carry the monitor's name.
    pub fn remove_monitor(&self, id: MonitorId) -> Result<(), StoreError> {
        self.write(move |c| {
            let n = c.execute("DELETE FROM monitors WHERE id = ?1", [id.0])?;
            found(n, || what_monitor(id))
        })
    }

    /// Pauses or resumes a monitor. Resuming also lifts its snooze: "snoozed until resumed".
    pub fn set_paused(&self, id: MonitorId, paused: bool) -> Result<(), StoreError> {
        let now = now_ms();
        self.write(move |c| {
            let n = c.execute(
                "UPDATE monitors SET paused = ?2, updated_ms = ?3 WHERE id = ?1",
                params![id.0, paused, now],
            )?;
            if !paused {
                c.execute("DELETE FROM snoozes WHERE monitor_id = ?1", [id.0])?;
            }
            found(n, || what_monitor(id))
        })
    }

    pub fn set_all_paused(&self, paused: bool) -> Result<(), StoreError> {
        let now = now_ms();
        self.write(move |c| {
            // Only rows that change, so config_rev moves only when something did.
            c.execute(
                "UPDATE monitors SET paused = ?1, updated_ms = ?2 WHERE paused != ?1",
                params![paused, now],
            )?;
            if !paused {
                c.execute("DELETE FROM snoozes", [])?;
            }
            Ok(())
        })
    }

    /// Every monitor, ordered by name.
    pub fn monitors(&self) -> Result<Vec<Monitor>, StoreError> {
        Ok(self.stored_monitors()?.0)
    }

    /// Every stored monitor, ordered by name: those that validate, and those that no longer do
    /// with why (shown as broken, removable with [`Store::remove_monitor`]).
    pub fn stored_monitors(&self) -> Result<(Vec<Monitor>, Vec<BrokenMonitor>), StoreError> {
        self.read(stored_in)
    }

    /// The id of the stored monitor named `name`, whether it validates or not.
    pub fn monitor_id_by_name(&self, name: &str) -> Result<Option<MonitorId>, StoreError> {
        self.read(|c| {
            Ok(c.prepare_cached("SELECT id FROM monitors WHERE name = ?1")?
                .query_row([name], |r| r.get::<_, i64>(0))
                .optional()?
                .map(MonitorId))
        })
    }

    pub fn monitor(&self, id: MonitorId) -> Result<Monitor, StoreError> {
        self.read(|c| {
            let row = c
                .prepare_cached("SELECT spec, paused FROM monitors WHERE id = ?1")?
                .query_row([id.0], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
                })
                .optional()?;
            let (spec, paused) = row.ok_or_else(|| StoreError::NotFound(what_monitor(id)))?;
            load(id.0, &spec, paused).map_err(|e| {
                StoreError::BadRow(format!("the stored monitor {id} no longer validates: {e}"))
            })
        })
    }

    pub fn monitor_by_name(&self, name: &str) -> Result<Option<Monitor>, StoreError> {
        let id = self.read(|c| {
            Ok(c.prepare_cached("SELECT id FROM monitors WHERE name = ?1")?
                .query_row([name], |r| r.get::<_, i64>(0))
                .optional()?)
        })?;
        match id {
            None => Ok(None),
            Some(id) => match self.monitor(MonitorId(id)) {
                Ok(m) => Ok(Some(m)),
                // Removed between the two reads.
                Err(StoreError::NotFound(_)) => Ok(None),
                Err(e) => Err(e),
            },
        }
    }

    /// A counter that changes whenever any process adds, edits, pauses or removes a monitor.
    /// Cheap enough to poll every second.
    pub fn config_rev(&self) -> Result<i64, StoreError> {
        self.read(|c| {
            Ok(
                c.prepare_cached("SELECT value FROM meta WHERE key = 'config_rev'")?
                    .query_row([], |r| r.get(0))?,
            )
        })
    }

    /// The current state of every monitor, ordered by name, as the last stored results say:
    /// paused monitors are PAUSED, monitors never checked UNKNOWN. Readable without an engine.
    /// Results still queued in this process's writer are not seen until it commits them.
    pub fn states(&self) -> Result<Vec<(MonitorId, MonitorState)>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT m.id, m.name, coalesce(json_extract(m.spec, '$.target'), ''), m.paused,
                        s.status, s.since_ms, s.last_check_ms, s.latency_ms, s.reason
                 FROM monitors m LEFT JOIN monitor_state s ON s.monitor_id = m.id
                 ORDER BY m.name COLLATE NOCASE, m.name",
            )?;
            let rows = stmt.query_map([], |r| {
                let id = MonitorId(r.get(0)?);
                let paused: bool = r.get(3)?;
                let status: Option<i64> = r.get(4)?;
                let since: Option<i64> = r.get(5)?;
                let last: Option<i64> = r.get(6)?;
                let latency: Option<i64> = r.get(7)?;
                let status = match (paused, status) {
                    (true, _) => Status::Paused,
                    (false, None) => Status::Unknown,
                    (false, Some(code)) => Status::from_code(code),
                };
                Ok((
                    id,
                    MonitorState {
                        id,
                        name: r.get(1)?,
                        target: r.get(2)?,
                        status,
                        since: if paused { None } else { since.map(from_ms) },
                        last_check: last.map(from_ms),
                        latency_ms: latency.map(|l| l.max(0) as u64),
                        reason: if paused {
                            String::new()
                        } else {
                            r.get::<_, Option<String>>(8)?.unwrap_or_default()
                        },
                        // Rule state lives in the running engine only.
                        alert: None,
                    },
                ))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }
}

/// The spec JSON for the `spec` column. `paused` is left out: the column holds it.
fn spec_json(m: &Monitor) -> Result<String, StoreError> {
    let mut spec = MonitorSpec::from(m);
    spec.paused = None;
    serde_json::to_string(&spec)
        .map_err(|e| StoreError::Sqlite(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))
}

/// A stored monitor that no longer loads, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BrokenMonitor {
    pub id: MonitorId,
    pub name: String,
    pub reason: LoadError,
}

/// Why a stored monitor no longer loads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// Its stored definition is not a monitor file's entry (edited by hand, or damaged).
    #[error("{}", crate::t!("error-load-unreadable", error = .0.as_str()))]
    Unreadable(String),
    /// It reads, but no longer validates (a field this build refuses).
    #[error("{}", crate::t!("error-load-invalid", error = .0.to_string()))]
    Invalid(crate::field::ConfigError),
}

impl serde::Serialize for LoadError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// [`Store::stored_monitors`] on a connection (a backup being restored has no `Store`).
pub(super) fn stored_in(
    c: &rusqlite::Connection,
) -> Result<(Vec<Monitor>, Vec<BrokenMonitor>), StoreError> {
    let mut stmt = c.prepare_cached(
        "SELECT id, name, spec, paused FROM monitors ORDER BY name COLLATE NOCASE, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
        ))
    })?;
    let (mut good, mut broken) = (Vec::new(), Vec::new());
    for row in rows {
        let (id, name, spec, paused) = row?;
        match load(id, &spec, paused) {
            Ok(m) => good.push(m),
            Err(reason) => {
                tracing::debug!(monitor_id = id, monitor = %name, error = %reason, "a stored monitor no longer validates");
                broken.push(BrokenMonitor {
                    id: MonitorId(id),
                    name,
                    reason,
                });
            }
        }
    }
    Ok((good, broken))
}

fn load(id: i64, spec: &str, paused: bool) -> Result<Monitor, LoadError> {
    let spec: MonitorSpec =
        serde_json::from_str(spec).map_err(|e| LoadError::Unreadable(e.to_string()))?;
    let mut m = Monitor::try_from(spec).map_err(LoadError::Invalid)?;
    m.id = MonitorId(id);
    m.paused = paused;
    Ok(m)
}

/// `monitor 3`, in the language in force, for a `NotFound`.
pub(crate) fn what_monitor(id: impl std::fmt::Display) -> String {
    crate::t!("error-what-monitor", id = id.to_string())
}

/// `NotFound` when an UPDATE or DELETE touched no row.
fn found(changed: usize, what: impl FnOnce() -> String) -> Result<(), StoreError> {
    if changed == 0 {
        Err(StoreError::NotFound(what()))
    } else {
        Ok(())
    }
}

fn duplicate_name(e: rusqlite::Error, name: &str) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, Some(msg))
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                && msg.contains("monitors.name") =>
        {
            StoreError::Duplicate {
                field: "name",
                value: name.to_string(),
            }
        }
        _ => e.into(),
    }
}
