//! The board: what the shells read of the running engine ([`Snapshot`]s, snoozes, lateness).
//!
//! The engine loop owns the engine's state and is the board's only writer; the shells read it
//! through one lock, held for a copy and never across an await. It keeps the counts per
//! status as monitors change, so the overall [`Health`] after a result costs the same for ten
//! monitors as for ten thousand.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::options::Lateness;
use crate::events::CoreEvent;
use crate::health::{Health, StatusCounts};
use crate::model::{CheckResult, MonitorId, MonitorState, Status};

/// The overall health and every monitor's state, as the shells show them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// The overall status (`health.status`).
    pub overall: Status,
    pub health: Health,
    /// Ordered by name.
    pub monitors: Vec<MonitorState>,
}

#[derive(Debug)]
pub(super) struct Board {
    monitors: HashMap<MonitorId, MonitorState>,
    snoozes: HashMap<MonitorId, DateTime<Utc>>,
    counts: StatusCounts,
    offline: bool,
    health: Health,
    pub lateness: Lateness,
}

impl Default for Board {
    fn default() -> Self {
        Board {
            monitors: HashMap::new(),
            snoozes: HashMap::new(),
            counts: StatusCounts::default(),
            offline: false,
            health: Health::of(StatusCounts::default(), false),
            lateness: Lateness::default(),
        }
    }
}

impl Board {
    /// Puts a monitor's state (new or changed). Returns the overall change it caused, if any,
    /// for the caller to publish after the events that caused it.
    pub fn put(&mut self, state: MonitorState) -> Option<CoreEvent> {
        if let Some(old) = self.monitors.get(&state.id) {
            self.counts.remove(old.status, old.alert);
        }
        self.counts.add(state.status, state.alert);
        self.monitors.insert(state.id, state);
        self.rehealth()
    }

    /// A check's result on a monitor whose status it did not change.
    pub fn checked(&mut self, id: MonitorId, r: &CheckResult) {
        if let Some(s) = self.monitors.get_mut(&id) {
            s.last_check = Some(r.at);
            s.latency_ms = Some(r.latency.as_millis() as u64);
            if s.reason != r.reason {
                s.reason.clone_from(&r.reason);
            }
        }
    }

    pub fn get(&self, id: MonitorId) -> Option<&MonitorState> {
        self.monitors.get(&id)
    }

    pub fn remove(&mut self, id: MonitorId) -> Option<CoreEvent> {
        let old = self.monitors.remove(&id)?;
        self.counts.remove(old.status, old.alert);
        self.rehealth()
    }

    pub fn set_offline(&mut self, offline: bool) -> Option<CoreEvent> {
        self.offline = offline;
        self.rehealth()
    }

    pub fn set_snoozes(&mut self, snoozes: HashMap<MonitorId, DateTime<Utc>>) {
        self.snoozes = snoozes;
    }

    pub fn snoozes(&self) -> &HashMap<MonitorId, DateTime<Utc>> {
        &self.snoozes
    }

    fn rehealth(&mut self) -> Option<CoreEvent> {
        let health = Health::of(self.counts, self.offline);
        if health == self.health {
            return None;
        }
        let from = self.health.status;
        self.health = health.clone();
        Some(CoreEvent::OverallChanged {
            from,
            to: health.status,
            health,
        })
    }

    pub fn health(&self) -> &Health {
        &self.health
    }

    pub fn snapshot(&self) -> Snapshot {
        let mut monitors: Vec<MonitorState> = self.monitors.values().cloned().collect();
        monitors.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Snapshot {
            overall: self.health.status,
            health: self.health.clone(),
            monitors,
        }
    }
}
