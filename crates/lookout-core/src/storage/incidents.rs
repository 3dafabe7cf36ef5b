//! Incidents and their timelines.
//!
//! An incident records the monitor's id *and* name when it opened and has no foreign key to
//! `monitors`: removing a monitor must not erase its outage history, and reports still need to
//! name it.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{from_ms, to_ms, IncidentFilter, IncidentStats, NewIncident, Store, StoreError};
use crate::model::{
    Incident, IncidentEvent, IncidentEventKind, IncidentId, IncidentState, MonitorId, RuleKind,
};

const INCIDENT_COLUMNS: &str = "id, monitor_id, monitor, title, rule, severity, started_ms, \
                                detected_ms, resolved_ms, acknowledged_ms, failures, \
                                failure_threshold, simulated, downtime_ms";

impl Store {
    /// Stores a new open incident with its first timeline entries, under the next free id.
    /// Committed with a full sync. A monitor has at most one open incident per rule (and one
    /// drill): a second is refused with [`StoreError::IncidentOpen`] naming the open one, which
    /// is also what a retry after an unknown outcome gets.
    pub fn open_incident(&self, new: &NewIncident) -> Result<IncidentId, StoreError> {
        let new = new.clone();
        self.write_durable(move |c| insert_incident(c, None, &new))
    }

    /// [`Store::open_incident`] under an id the caller chose (from [`Store::next_incident_id`]
    /// at start, then counting up), so that it can be retried after an unknown outcome: if
    /// incident `id` exists already for the same monitor, rule and start, this returns `id`
    /// and writes nothing; if `id` is another incident's, [`StoreError::IncidentIdTaken`].
    /// An engine uses this or [`Store::open_incident`], not both.
    pub fn open_incident_with_id(
        &self,
        id: IncidentId,
        new: &NewIncident,
    ) -> Result<IncidentId, StoreError> {
        let new = new.clone();
        self.write_durable(move |c| insert_incident(c, Some(id), &new))
    }

    /// The id after the highest stored: where an engine starts counting the ids it gives
    /// [`Store::open_incident_with_id`].
    pub fn next_incident_id(&self) -> Result<IncidentId, StoreError> {
        self.read(|c| {
            Ok(IncidentId(c.query_row(
                "SELECT coalesce(max(id), 0) + 1 FROM incidents",
                [],
                |r| r.get(0),
            )?))
        })
    }

    /// Adds an entry to the incident's timeline. An entry identical to one stored (same time,
    /// kind and text) is not written twice, so a retry after an unknown outcome is harmless.
    /// A `notification` entry (an alert recorded as sent) is committed with a full sync.
    pub fn add_incident_event(&self, id: IncidentId, ev: &IncidentEvent) -> Result<(), StoreError> {
        let ev = ev.clone();
        if ev.kind == IncidentEventKind::Notification {
            self.write_durable(move |c| insert_event(c, id, &ev))
        } else {
            self.write(move |c| insert_event(c, id, &ev))
        }
    }

    /// Marks the incident resolved and adds `ev` to its timeline, with a full sync. Resolving
    /// an incident that is already resolved changes nothing and succeeds: another process's
    /// engine may have got there first, or this is a retry. `downtime`: the failing time, when
    /// it is less than the incident's span (a flapping service's outages folded into one
    /// incident); `None`: the span.
    pub fn resolve_incident(
        &self,
        id: IncidentId,
        resolved_at: DateTime<Utc>,
        downtime: Option<chrono::Duration>,
        ev: &IncidentEvent,
    ) -> Result<(), StoreError> {
        let ev = ev.clone();
        let downtime_ms = downtime.map(|d| d.num_milliseconds().max(0));
        self.write_durable(move |c| {
            let n = c.execute(
                "UPDATE incidents SET resolved_ms = ?2, downtime_ms = ?3
                 WHERE id = ?1 AND resolved_ms IS NULL",
                params![id.0, to_ms(resolved_at), downtime_ms],
            )?;
            if n == 0 {
                return exists(c, id);
            }
            insert_event(c, id, &ev)
        })
    }

    /// Records that someone is on it: the first acknowledgement's time, an `acknowledged`
    /// event, and a `note` event when a note is given.
    pub fn acknowledge_incident(
        &self,
        id: IncidentId,
        at: DateTime<Utc>,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        let note = note.map(str::to_string);
        self.write(move |c| {
            let n = c.execute(
                "UPDATE incidents SET acknowledged_ms = coalesce(acknowledged_ms, ?2) WHERE id = ?1",
                params![id.0, to_ms(at)],
            )?;
            if n == 0 {
                return Err(not_found(id));
            }
            insert_event(
                c,
                id,
                &IncidentEvent {
                    at,
                    kind: IncidentEventKind::Acknowledged,
                    message: crate::said!("timeline-acknowledged"),
                },
            )?;
            if let Some(text) = note.filter(|t| !t.trim().is_empty()) {
                insert_event(
                    c,
                    id,
                    &IncidentEvent {
                        at,
                        kind: IncidentEventKind::Note,
                        message: text,
                    },
                )?;
            }
            Ok(())
        })
    }

    pub fn add_note(
        &self,
        id: IncidentId,
        at: DateTime<Utc>,
        text: &str,
    ) -> Result<(), StoreError> {
        self.add_incident_event(
            id,
            &IncidentEvent {
                at,
                kind: IncidentEventKind::Note,
                message: text.to_string(),
            },
        )
    }

    pub fn incident(&self, id: IncidentId) -> Result<Incident, StoreError> {
        self.read(|c| {
            let mut inc = c
                .prepare_cached(&format!(
                    "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = ?1"
                ))?
                .query_row([id.0], incident_row)
                .optional()?
                .ok_or_else(|| not_found(id))??;
            inc.events = events(c, id)?;
            Ok(inc)
        })
    }

    /// Matching incidents: open ones first, then the most recently started; each with its
    /// timeline, oldest entry first.
    pub fn incidents(&self, f: &IncidentFilter) -> Result<Vec<Incident>, StoreError> {
        let limit = f.limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {INCIDENT_COLUMNS} FROM incidents
                 WHERE (?1 = 0 OR resolved_ms IS NULL)
                   AND (?2 IS NULL OR monitor_id = ?2)
                   AND (?3 IS NULL OR resolved_ms IS NULL OR resolved_ms >= ?3)
                   AND (?4 IS NULL OR simulated = ?4)
                 ORDER BY resolved_ms IS NULL DESC, started_ms DESC, id DESC
                 LIMIT ?5"
            ))?;
            let rows = stmt.query_map(
                params![
                    f.open_only,
                    f.monitor.map(|m| m.0),
                    f.since.map(to_ms),
                    f.simulated,
                    limit
                ],
                incident_row,
            )?;
            let mut out = Vec::new();
            for row in rows {
                let mut inc = row??;
                inc.events = events(c, inc.id)?;
                out.push(inc);
            }
            Ok(out)
        })
    }

    /// Figures over the incidents that started in `[from, to)`, for one monitor or all. Drills
    /// are not outages: they are left out.
    pub fn incident_stats(
        &self,
        monitor: Option<MonitorId>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<IncidentStats, StoreError> {
        self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT count(*), count(resolved_ms),
                        avg((resolved_ms - started_ms) / 1000.0),
                        avg((detected_ms - started_ms) / 1000.0)
                 FROM incidents
                 WHERE started_ms >= ?1 AND started_ms < ?2 AND (?3 IS NULL OR monitor_id = ?3)
                   AND simulated = 0",
            )?
            .query_row(
                params![to_ms(from), to_ms(to), monitor.map(|m| m.0)],
                |r| {
                    Ok(IncidentStats {
                        count: r.get::<_, i64>(0)?.max(0) as u64,
                        resolved: r.get::<_, i64>(1)?.max(0) as u64,
                        mttr_s: r.get(2)?,
                        mttd_s: r.get(3)?,
                    })
                },
            )?)
        })
    }
}

fn not_found(id: IncidentId) -> StoreError {
    StoreError::NotFound(crate::t!("error-what-incident", id = id.to_string()))
}

fn exists(c: &Connection, id: IncidentId) -> Result<(), StoreError> {
    let found: bool = c.query_row(
        "SELECT EXISTS (SELECT 1 FROM incidents WHERE id = ?1)",
        [id.0],
        |r| r.get(0),
    )?;
    if found {
        Ok(())
    } else {
        Err(not_found(id))
    }
}

/// Inserts an incident (under `id` when given) with its events; see
/// [`Store::open_incident_with_id`] for what a retry and a clash return.
fn insert_incident(
    c: &Connection,
    id: Option<IncidentId>,
    new: &NewIncident,
) -> Result<IncidentId, StoreError> {
    if let Some(id) = id {
        let stored: Option<(i64, String, i64)> = c
            .prepare_cached("SELECT monitor_id, rule, started_ms FROM incidents WHERE id = ?1")?
            .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some(stored) = stored {
            let same = (
                new.monitor_id.0,
                new.rule.as_str().to_string(),
                to_ms(new.started_at),
            );
            return if stored == same {
                Ok(id)
            } else {
                Err(StoreError::IncidentIdTaken(id))
            };
        }
    }
    let inserted = c
        .prepare_cached(
            "INSERT INTO incidents (id, monitor_id, monitor, title, rule, severity,
                                    started_ms, detected_ms, failures, failure_threshold,
                                    simulated)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .insert(params![
            id.map(|i| i.0),
            new.monitor_id.0,
            new.monitor,
            new.title,
            new.rule.as_str(),
            new.severity.as_str(),
            to_ms(new.started_at),
            to_ms(new.detected_at),
            new.failures,
            new.failure_threshold,
            new.simulated
        ]);
    let id = match inserted {
        Ok(id) => IncidentId(id),
        Err(e) if is_constraint(&e) => {
            // The one-open-incident index (migration 8): say which one is open.
            let open: Option<i64> = c
                .prepare_cached(
                    "SELECT id FROM incidents WHERE monitor_id = ?1 AND rule = ?2
                     AND simulated = ?3 AND resolved_ms IS NULL",
                )?
                .query_row(
                    params![new.monitor_id.0, new.rule.as_str(), new.simulated],
                    |r| r.get(0),
                )
                .optional()?;
            return Err(match open {
                Some(open) => StoreError::IncidentOpen {
                    monitor: new.monitor_id,
                    open: IncidentId(open),
                },
                None => e.into(),
            });
        }
        Err(e) => return Err(e.into()),
    };
    for ev in &new.events {
        insert_event(c, id, ev)?;
    }
    Ok(id)
}

fn is_constraint(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.code == rusqlite::ErrorCode::ConstraintViolation)
}

fn insert_event(c: &Connection, id: IncidentId, ev: &IncidentEvent) -> Result<(), StoreError> {
    exists(c, id)?;
    c.prepare_cached(
        "INSERT INTO incident_events (incident_id, at_ms, kind, message)
         SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (
             SELECT 1 FROM incident_events
             WHERE incident_id = ?1 AND at_ms = ?2 AND kind = ?3 AND message = ?4)",
    )?
    .execute(params![id.0, to_ms(ev.at), ev.kind.as_str(), ev.message])?;
    Ok(())
}

fn events(c: &Connection, id: IncidentId) -> Result<Vec<IncidentEvent>, StoreError> {
    let mut stmt = c.prepare_cached(
        "SELECT at_ms, kind, message FROM incident_events
         WHERE incident_id = ?1 ORDER BY at_ms, id",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (at, kind, message) = row?;
        // An entry of a kind a newer Lookout wrote is skipped rather than failing the incident.
        let Some(kind) = IncidentEventKind::parse(&kind) else {
            tracing::warn!(
                incident = id.0,
                kind,
                "skipping an incident event of unknown kind"
            );
            continue;
        };
        out.push(IncidentEvent {
            at: from_ms(at),
            kind,
            message,
        });
    }
    Ok(out)
}

/// One incidents row, without its events. The inner `Result` carries a row whose text
/// columns this build cannot read.
fn incident_row(r: &Row<'_>) -> rusqlite::Result<Result<Incident, StoreError>> {
    let id = IncidentId(r.get(0)?);
    let rule: String = r.get(4)?;
    let severity: String = r.get(5)?;
    let resolved: Option<i64> = r.get(8)?;
    let bad = |what: &str, v: &str| {
        StoreError::BadRow(format!("incident {id} has an unknown {what} \"{v}\""))
    };
    let rule = match rule.as_str() {
        "down" => RuleKind::Down,
        "degraded" => RuleKind::Degraded,
        other => return Ok(Err(bad("rule", other))),
    };
    let severity = match severity.parse() {
        Ok(s) => s,
        Err(_) => return Ok(Err(bad("severity", &severity))),
    };
    Ok(Ok(Incident {
        id,
        monitor_id: MonitorId(r.get(1)?),
        monitor: r.get(2)?,
        title: r.get(3)?,
        rule,
        severity,
        state: if resolved.is_some() {
            IncidentState::Resolved
        } else {
            IncidentState::Open
        },
        started_at: from_ms(r.get(6)?),
        detected_at: from_ms(r.get(7)?),
        resolved_at: resolved.map(from_ms),
        acknowledged_at: r.get::<_, Option<i64>>(9)?.map(from_ms),
        failures: r.get(10)?,
        failure_threshold: r.get(11)?,
        simulated: r.get(12)?,
        downtime_s: r.get::<_, Option<i64>>(13)?.map(|ms| (ms / 1000).max(0)),
        events: Vec::new(),
    }))
}
