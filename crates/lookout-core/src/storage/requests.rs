//! Requests another process leaves for the running engine (`lookout simulate` while the desktop
//! app runs): one row each, written by the asker, claimed and answered by the engine, which
//! looks for pending ones in its once-a-second configuration poll.
//!
//! The row is the whole protocol: `pending` (written) → `running` (claimed) → `done` or `failed`
//! with a JSON `result`; the asker may `cancel` a row still pending, and the engine `expire`s
//! one left pending too long (its asker gave up or died), so nothing runs long after it was
//! asked for. Old answered rows go with retention.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{from_ms, now_ms, Store, StoreError, MS_PER_DAY};
use crate::model::MonitorId;

/// What a request asks the engine to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// "Simulate outage" on a monitor.
    SimulateOutage,
}

impl RequestKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::SimulateOutage => "simulate_outage",
        }
    }

    fn parse(s: &str) -> Option<RequestKind> {
        match s {
            "simulate_outage" => Some(RequestKind::SimulateOutage),
            _ => None,
        }
    }
}

/// A request the engine has claimed and must answer.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineRequest {
    pub id: i64,
    pub kind: RequestKind,
    pub monitor_id: MonitorId,
    pub created_at: DateTime<Utc>,
}

/// Where a request stands, as its asker sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestState {
    Pending,
    /// The engine has claimed it.
    Running,
    /// Answered; the JSON the engine wrote.
    Done(String),
    /// Refused or failed; the JSON the engine wrote.
    Failed(String),
    /// Withdrawn by its asker before the engine claimed it.
    Cancelled,
    /// Left pending longer than the engine accepts.
    Expired,
}

/// Answered rows older than this go with retention.
const KEEP_ANSWERED_DAYS: i64 = 1;

impl Store {
    /// Leaves a request for the running engine; returns its id.
    pub fn add_request(&self, kind: RequestKind, monitor: MonitorId) -> Result<i64, StoreError> {
        let now = now_ms();
        self.write(move |c| {
            Ok(c.prepare_cached(
                "INSERT INTO engine_requests (kind, monitor_id, state, created_ms, updated_ms)
                 VALUES (?1, ?2, 'pending', ?3, ?3)",
            )?
            .insert(params![kind.as_str(), monitor.0, now])?)
        })
    }

    /// Whether any request waits: the engine's cheap once-a-second look, on the reader.
    pub fn has_pending_requests(&self) -> Result<bool, StoreError> {
        self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM engine_requests WHERE state = 'pending')",
            )?
            .query_row([], |r| r.get(0))?)
        })
    }

    /// Claims every pending request (they become `running`), oldest first. Requests pending
    /// for longer than `max_age` are marked `expired` instead and never run; so are requests
    /// of a kind this build does not know.
    pub fn claim_requests(
        &self,
        max_age: std::time::Duration,
    ) -> Result<Vec<EngineRequest>, StoreError> {
        let now = now_ms();
        let oldest = now - i64::try_from(max_age.as_millis()).unwrap_or(i64::MAX);
        self.write(move |c| {
            c.prepare_cached(
                "UPDATE engine_requests SET state = 'expired', updated_ms = ?1
                 WHERE state = 'pending' AND created_ms < ?2",
            )?
            .execute(params![now, oldest])?;
            let rows: Vec<(i64, String, i64, i64)> = c
                .prepare_cached(
                    "SELECT id, kind, monitor_id, created_ms FROM engine_requests
                     WHERE state = 'pending' ORDER BY id",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<_, _>>()?;
            let mut claimed = Vec::new();
            for (id, kind, monitor, created) in rows {
                let Some(kind) = RequestKind::parse(&kind) else {
                    c.prepare_cached(
                        "UPDATE engine_requests SET state = 'expired', updated_ms = ?2 WHERE id = ?1",
                    )?
                    .execute(params![id, now])?;
                    tracing::warn!(request = id, kind, "dropping an engine request of unknown kind");
                    continue;
                };
                c.prepare_cached(
                    "UPDATE engine_requests SET state = 'running', updated_ms = ?2 WHERE id = ?1",
                )?
                .execute(params![id, now])?;
                claimed.push(EngineRequest {
                    id,
                    kind,
                    monitor_id: MonitorId(monitor),
                    created_at: from_ms(created),
                });
            }
            Ok(claimed)
        })
    }

    /// Answers a claimed request: `Ok(json)` done, `Err(json)` failed.
    pub fn finish_request(
        &self,
        id: i64,
        result: Result<String, String>,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let (state, json) = match result {
            Ok(j) => ("done", j),
            Err(j) => ("failed", j),
        };
        self.write(move |c| {
            c.prepare_cached(
                "UPDATE engine_requests SET state = ?2, result = ?3, updated_ms = ?4
                 WHERE id = ?1 AND state = 'running'",
            )?
            .execute(params![id, state, json, now])?;
            Ok(())
        })
    }

    /// Withdraws a request the engine has not claimed yet; returns whether it was withdrawn.
    pub fn cancel_request(&self, id: i64) -> Result<bool, StoreError> {
        let now = now_ms();
        self.write(move |c| {
            Ok(c.prepare_cached(
                "UPDATE engine_requests SET state = 'cancelled', updated_ms = ?2
                 WHERE id = ?1 AND state = 'pending'",
            )?
            .execute(params![id, now])?
                == 1)
        })
    }

    pub fn request_state(&self, id: i64) -> Result<RequestState, StoreError> {
        self.read(|c| {
            let row: Option<(String, Option<String>)> = c
                .prepare_cached("SELECT state, result FROM engine_requests WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let (state, result) = row.ok_or_else(|| {
                StoreError::NotFound(crate::t!("error-what-request", id = id.to_string()))
            })?;
            Ok(match (state.as_str(), result) {
                ("pending", _) => RequestState::Pending,
                ("running", _) => RequestState::Running,
                ("done", r) => RequestState::Done(r.unwrap_or_default()),
                ("failed", r) => RequestState::Failed(r.unwrap_or_default()),
                ("cancelled", _) => RequestState::Cancelled,
                ("expired", _) => RequestState::Expired,
                (other, _) => {
                    return Err(StoreError::BadRow(format!(
                        "engine request {id} has an unknown state \"{other}\""
                    )))
                }
            })
        })
    }

    /// Deletes answered requests older than a day.
    pub(crate) fn prune_requests(c: &rusqlite::Connection, now_ms: i64) -> rusqlite::Result<usize> {
        c.execute(
            "DELETE FROM engine_requests WHERE state NOT IN ('pending', 'running')
             AND updated_ms < ?1",
            [now_ms - KEEP_ANSWERED_DAYS * MS_PER_DAY],
        )
    }
}
