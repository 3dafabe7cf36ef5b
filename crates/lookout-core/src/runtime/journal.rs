//! Incident writes that are never dropped: opening, noting and resolving an incident.
//!
//! Each is committed before its event is announced. When the database cannot take it (disk
//! full, locked, read-only: [`StoreError::is_transient`]) it waits in order, with the writes
//! after it, and is retried with backoff until it goes through; the alert that goes with it
//! is not held back meanwhile (a DOWN notification does not wait for the disk). Retries are
//! safe: incident ids are chosen here ([`Store::open_incident_with_id`]), and the store
//! ignores a timeline entry or a resolution it already has.

use std::collections::VecDeque;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::state::{Engine, Timer};
use crate::events::CoreEvent;
use crate::model::{IncidentEvent, IncidentId, MonitorId, RuleKind};
use crate::storage::{NewIncident, Store, StoreError};

/// The first retry comes this soon; each failed one doubles the wait, up to [`RETRY_MAX`].
const RETRY_MIN: Duration = Duration::from_millis(250);
const RETRY_MAX: Duration = Duration::from_secs(10);

/// One incident write, with the event that announces it once committed.
pub(super) enum Write {
    Open {
        id: IncidentId,
        new: Box<NewIncident>,
        then: Box<CoreEvent>,
    },
    Note {
        id: IncidentId,
        ev: IncidentEvent,
    },
    Resolve {
        id: IncidentId,
        resolved_at: DateTime<Utc>,
        downtime: Option<chrono::Duration>,
        ev: IncidentEvent,
        then: Box<CoreEvent>,
    },
}

/// Writes waiting for the database, oldest first, and the next incident id to give.
#[derive(Default)]
pub(super) struct Journal {
    waiting: VecDeque<Write>,
    backoff: Duration,
    next_id: i64,
}

/// What became of one attempt.
enum Attempt {
    Done(Option<CoreEvent>),
    /// Try again later.
    Wait,
    /// The store refused it for good (a bug, or the incident vanished): logged and dropped.
    Refused,
    /// Another incident took the id (a second engine once wrote to this file): give a new one.
    IdTaken,
    /// The monitor already has an open incident for the rule: that one is this outage's.
    AlreadyOpen(IncidentId),
}

impl Journal {
    pub fn start_ids_at(&mut self, next: IncidentId) {
        self.next_id = self.next_id.max(next.0);
    }

    pub fn new_id(&mut self) -> IncidentId {
        self.next_id = self.next_id.max(1);
        let id = IncidentId(self.next_id);
        self.next_id += 1;
        id
    }
}

fn attempt(store: &Store, w: &Write) -> Attempt {
    let r = match w {
        Write::Open { id, new, then } => store
            .open_incident_with_id(*id, new)
            .map(|_| Some((**then).clone())),
        Write::Note { id, ev } => store.add_incident_event(*id, ev).map(|()| None),
        Write::Resolve {
            id,
            resolved_at,
            downtime,
            ev,
            then,
        } => store
            .resolve_incident(*id, *resolved_at, *downtime, ev)
            .map(|()| Some((**then).clone())),
    };
    match r {
        Ok(ev) => Attempt::Done(ev),
        Err(e) if e.is_transient() => {
            tracing::warn!(error = %e, "an incident write failed; it will be retried");
            Attempt::Wait
        }
        Err(StoreError::IncidentIdTaken { .. }) => Attempt::IdTaken,
        Err(StoreError::IncidentOpen { open, .. }) => Attempt::AlreadyOpen(open),
        Err(e) => {
            tracing::error!(error = %e, "an incident write was refused");
            Attempt::Refused
        }
    }
}

impl Write {
    fn ids(&mut self) -> &mut IncidentId {
        match self {
            Write::Open { id, .. } | Write::Note { id, .. } | Write::Resolve { id, .. } => id,
        }
    }

    fn opened(&self) -> Option<(MonitorId, RuleKind)> {
        match self {
            Write::Open { new, .. } => Some((new.monitor_id, new.rule)),
            _ => None,
        }
    }
}

impl Engine {
    /// Commits `w` and announces it; if the database cannot take it now, it waits (with every
    /// write after it) for [`Timer::RetryWrites`].
    pub async fn write(&mut self, w: Write) {
        self.journal.waiting.push_back(w);
        if self.journal.waiting.len() == 1 {
            self.write_waiting().await;
        }
    }

    /// Writes what waits, in order, until one must wait again.
    pub async fn write_waiting(&mut self) {
        while let Some(mut w) = self.journal.waiting.pop_front() {
            let (w2, outcome) = match self
                .ctx
                .store
                .blocking(move |s| {
                    let a = attempt(s, &w);
                    Ok((w, a))
                })
                .await
            {
                Ok(done) => done,
                Err(e) => {
                    // The storage task itself failed, and took the write with it: nothing
                    // is left to retry.
                    tracing::error!(error = %e, "an incident write was lost");
                    continue;
                }
            };
            w = w2;
            match outcome {
                Attempt::Done(ev) => {
                    self.journal.backoff = Duration::ZERO;
                    if let Some(ev) = ev {
                        self.emit(ev);
                    }
                }
                Attempt::Refused => {}
                Attempt::Wait => {
                    self.journal.waiting.push_front(w);
                    self.retry_later();
                    return;
                }
                Attempt::IdTaken => {
                    let old = *w.ids();
                    let fresh = self.ctx.store.clone();
                    if let Ok(next) = fresh.blocking(|s| s.next_incident_id()).await {
                        self.journal.start_ids_at(next);
                    }
                    let new = self.journal.new_id();
                    self.renumber(old, new, &mut w);
                    self.journal.waiting.push_front(w);
                }
                Attempt::AlreadyOpen(open) => {
                    let old = *w.ids();
                    if let Some((monitor, rule)) = w.opened() {
                        tracing::warn!(
                            monitor = monitor.0,
                            ?rule,
                            incident = open.0,
                            "adopting the incident already open"
                        );
                    }
                    // Later writes about this outage go to the open incident; this one is
                    // not announced a second time.
                    self.renumber(old, open, &mut w);
                }
            }
        }
    }

    fn retry_later(&mut self) {
        let b = &mut self.journal.backoff;
        *b = (*b * 2).clamp(RETRY_MIN, RETRY_MAX);
        self.timers.after(*b, Timer::RetryWrites);
    }

    /// Incident `old` is `new` from now on: in the writes waiting, in `w` and in the engine.
    fn renumber(&mut self, old: IncidentId, new: IncidentId, w: &mut Write) {
        *w.ids() = new;
        if let Write::Open { then, .. } = w {
            if let CoreEvent::IncidentOpened { incident, .. } = then.as_mut() {
                *incident = new;
            }
        }
        for w in self.journal.waiting.iter_mut() {
            if *w.ids() == old {
                *w.ids() = new;
                if let Write::Resolve { then, .. } = w {
                    if let CoreEvent::IncidentResolved { incident, .. } = then.as_mut() {
                        *incident = new;
                    }
                }
            }
        }
        for e in self.entries.values_mut() {
            for id in e.incidents.values_mut() {
                if *id == old {
                    *id = new;
                }
            }
        }
    }
}
