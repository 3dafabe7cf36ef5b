//! Config sync: the running monitors brought in line with the store.
//!
//! The database is the single source of truth shared by the CLI and the desktop app. Every
//! configuration change, ours or another process's, takes one path: it is written to the
//! store, and [`Engine::sync`] diffs the store's monitors, snoozes, maintenance windows and
//! settings against the running ones and tells the scheduler. Our own commands sync at once;
//! another process's changes are noticed by the housekeeping poll of the store's `config_rev`
//! (a trigger-maintained counter).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::time::Instant;

use super::incident::human_secs;
use super::state::{Engine, Entry, Timer};
use crate::connectivity::Connectivity;
use crate::engine::MonitorEngine;
use crate::events::CoreEvent;
use crate::model::{
    Incident, IncidentEvent, IncidentEventKind, IncidentId, MonitorId, MonitorState, Status,
};
use crate::monitor::Monitor;
use crate::policy::flap::FlapCap;
use crate::probe::ProbeConfig;
use crate::storage::{IncidentFilter, Store, StoreError};

/// At start-up: each monitor's stored state, the open incidents, and the next incident id.
type Restore = (Vec<(MonitorId, MonitorState)>, Vec<Incident>, IncidentId);

/// What a sync reads from the store, in one blocking call.
struct Loaded {
    rev: i64,
    monitors: Vec<Monitor>,
    snoozes: HashMap<MonitorId, DateTime<Utc>>,
    maintenance: Vec<crate::maintenance::Maintenance>,
    references: Option<Vec<String>>,
    language: crate::i18n::Lang,
    restore: Option<Restore>,
}

impl Engine {
    /// Brings the running monitors in line with the store. `initial`: at start-up, restore
    /// state and let the grid spread first checks; later, new and changed monitors are
    /// checked at once.
    pub async fn sync(&mut self, initial: bool) -> Result<(), StoreError> {
        let now = self.ctx.clock.now();
        let only = self.ctx.opts.only;
        let l = self
            .ctx
            .store
            .blocking(move |s| load(s, now, only, initial))
            .await?;
        self.config_rev = Some(l.rev);
        // New, edited and resumed monitors start their wait now: the watchdog looks again.
        self.watchdog_next = tokio::time::Instant::now();
        self.maintenance = l.maintenance;
        self.set_connectivity(l.references);
        // At start-up the language is only put in force: nothing was said in another yet.
        if crate::i18n::set(l.language) && !initial {
            self.emit(CoreEvent::LanguageChanged {
                language: l.language.tag().to_string(),
            });
        }
        self.sync_snoozes(l.snoozes, now);

        let (states, open) = match l.restore {
            Some((states, open, next_id)) => {
                self.journal.start_ids_at(next_id);
                (states, open)
            }
            None => Default::default(),
        };
        let states: HashMap<MonitorId, MonitorState> = states.into_iter().collect();
        // Heartbeat tokens before the scheduler sees the monitors: a new heartbeat checked at
        // once must find its token, and with it its grace, or it reads as silent.
        self.ctx.prober.push_board().set_tokens(
            l.monitors
                .iter()
                .filter(|m| !m.paused)
                .filter_map(|m| match &m.probe {
                    ProbeConfig::Push(p) => Some((p.token.clone(), m.id)),
                    _ => None,
                })
                .collect(),
            now,
        );
        let mut seen = HashSet::new();
        let mut changed = false;
        for m in l.monitors {
            seen.insert(m.id);
            changed |= self.sync_one(m, initial, &states, &open);
        }
        let removed: Vec<MonitorId> = self
            .entries
            .keys()
            .filter(|id| !seen.contains(id))
            .copied()
            .collect();
        for id in removed {
            changed = true;
            self.entries.remove(&id);
            self.scheduler.remove(id);
            self.holds.forget(id);
            if let Some(e) = self.ctx.board().remove(id) {
                self.emit(e);
            }
        }
        self.by_name = self
            .entries
            .values()
            .map(|e| (e.monitor.name.clone(), e.monitor.id))
            .collect();
        if changed && !initial {
            self.emit(CoreEvent::MonitorsChanged);
        }
        if initial {
            self.note_absence().await;
        }
        Ok(())
    }

    /// On the timeline of each incident open when Lookout stopped: the time it was not
    /// running, which is not counted as downtime ([`Entry::absent`]).
    async fn note_absence(&mut self) {
        let notes: Vec<_> = self
            .entries
            .values()
            .filter_map(|e| Some((e.absent?, e.incidents.values().copied().collect::<Vec<_>>())))
            .collect();
        for ((from, to), ids) in notes {
            let text = crate::said!(
                "timeline-not-running",
                from = from.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                to = to.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                span = human_secs((to - from).num_seconds())
            );
            for id in ids {
                self.note(id, to, IncidentEventKind::Note, text.clone())
                    .await;
            }
        }
    }

    /// One stored monitor. Returns whether anything changed.
    fn sync_one(
        &mut self,
        m: Monitor,
        initial: bool,
        states: &HashMap<MonitorId, MonitorState>,
        open: &[Incident],
    ) -> bool {
        let id = m.id;
        let (flap_max, flap_window) = self.flap_limits(&m);
        match self.entries.get_mut(&id) {
            Some(e) if *e.monitor == m => false,
            Some(e) => {
                let resumed = e.monitor.paused && !m.paused;
                let mut status_change = None;
                if m.paused != e.monitor.paused {
                    let to = if m.paused {
                        Status::Paused
                    } else {
                        Status::Unknown
                    };
                    let at = self.ctx.clock.now();
                    status_change = Some(CoreEvent::StatusChanged {
                        monitor_id: id,
                        monitor: m.name.clone(),
                        from: e.status(),
                        to,
                        at,
                        reason: String::new(),
                    });
                    e.engine.status = to;
                    e.engine.since = Some(at);
                }
                e.scheduled_since = Instant::now();
                e.overdue = false;
                e.flap.set_limits(flap_max, flap_window);
                let probe_changed = e.monitor.probe != m.probe
                    || e.monitor.timeout != m.timeout
                    || e.monitor.interval != m.interval;
                let m = Arc::new(m);
                e.monitor = m.clone();
                if m.paused {
                    self.holds.forget(id);
                }
                self.scheduler.upsert(m, resumed || probe_changed);
                // The board first: a snapshot taken on hearing of the change shows it.
                let overall = self.board_state(id);
                for ev in status_change.into_iter().chain(overall) {
                    self.emit(ev);
                }
                true
            }
            None => {
                let mut entry = Entry {
                    monitor: Arc::new(m),
                    engine: MonitorEngine::default(),
                    incidents: HashMap::new(),
                    scheduled_since: Instant::now(),
                    overdue: false,
                    flap: FlapCap::new(flap_max, flap_window),
                    absent: None,
                };
                let mut last = None;
                if let Some(s) = states.get(&id) {
                    let mut mine: Vec<&Incident> =
                        open.iter().filter(|i| i.monitor_id == id).collect();
                    entry.incidents = mine.iter().map(|i| (i.rule, i.id)).collect();
                    // One the flap cap folded outages into: the fold goes on. Held open with
                    // the service back, it is not an outage going on (its recovery was
                    // announced), only its settling is left.
                    if let Some((i, (at, up))) = mine.iter().find_map(|i| Some((*i, folded(i)?))) {
                        let span = (at - i.started_at).max(chrono::Duration::zero());
                        let outages = i
                            .events
                            .iter()
                            .filter(|e| e.kind == IncidentEventKind::Flapping)
                            .count() as u32;
                        entry
                            .flap
                            .restore_fold(i.id, at, up, span, outages.div_ceil(2));
                        if let Some(at) = entry.flap.settles_at() {
                            self.timers.at_wall(
                                self.ctx.clock.as_ref(),
                                at,
                                Timer::FlapSettles(id),
                            );
                        }
                        if up {
                            mine.retain(|o| o.id != i.id);
                        }
                    }
                    let opened: Vec<_> = mine.iter().map(|i| (i.rule, i.started_at)).collect();
                    let status = if s.status == Status::Paused {
                        Status::Unknown
                    } else {
                        s.status
                    };
                    entry.engine = MonitorEngine::restore(status, s.since, &opened);
                    if !mine.is_empty() {
                        let now = self.ctx.clock.now();
                        entry.absent = Some((s.last_check.unwrap_or(now).min(now), now));
                    }
                    last = Some(s.clone());
                }
                let monitor = entry.monitor.clone();
                let state = entry.state(last.as_ref());
                self.entries.insert(id, entry);
                self.scheduler.upsert(monitor, !initial);
                if let Some(ev) = self.ctx.board().put(state) {
                    self.emit(ev);
                }
                true
            }
        }
    }

    /// The monitor's own flap cap, else the runtime's.
    fn flap_limits(&self, m: &Monitor) -> (usize, Duration) {
        let opts = &self.ctx.opts;
        (
            m.flap_max.map_or(opts.flap_max, |n| n as usize),
            m.flap_window.unwrap_or(opts.flap_window),
        )
    }

    fn set_connectivity(&mut self, references: Option<Vec<String>>) {
        let conn = effective_connectivity(self.ctx.opts.connectivity.as_ref(), references);
        if conn.as_ref().map(|c| &c.references) != self.connectivity.as_ref().map(|c| &c.references)
        {
            tracing::info!(
                references = ?conn.as_ref().map(|c| &c.references),
                "offline check: reference targets changed"
            );
        }
        self.connectivity = conn.clone();
        self.conn_watch.send_replace(conn);
    }

    /// Takes the stored snoozes, announcing each one set, changed or lifted, and arms the
    /// timer for the first to run out.
    pub fn sync_snoozes(&mut self, new: HashMap<MonitorId, DateTime<Utc>>, now: DateTime<Utc>) {
        let old = std::mem::replace(&mut self.snoozes, new);
        let mut changes: Vec<(MonitorId, Option<DateTime<Utc>>)> = self
            .snoozes
            .iter()
            .filter(|(id, until)| old.get(id) != Some(until))
            .map(|(id, until)| (*id, Some(*until)))
            .collect();
        changes.extend(
            old.keys()
                .filter(|id| !self.snoozes.contains_key(id))
                .map(|id| (*id, None)),
        );
        changes.sort_by_key(|(id, _)| *id);
        self.ctx.board().set_snoozes(self.snoozes.clone());
        for (id, until) in changes {
            // A monitor just removed has nobody to tell about.
            if let Some(e) = self.entries.get(&id) {
                self.emit(CoreEvent::SnoozeChanged {
                    monitor_id: id,
                    monitor: e.monitor.name.clone(),
                    until,
                });
            }
        }
        if let Some(first) = self.snoozes.values().filter(|u| **u > now).min() {
            self.timers
                .at_wall(self.ctx.clock.as_ref(), *first, Timer::SnoozeEnds);
        }
    }

    /// A snooze may have run out: the ones that did are lifted and announced.
    pub fn snoozes_ended(&mut self) {
        let now = self.ctx.clock.now();
        let left: HashMap<MonitorId, DateTime<Utc>> = self
            .snoozes
            .iter()
            .filter(|(_, until)| **until > now)
            .map(|(id, until)| (*id, *until))
            .collect();
        if left.len() != self.snoozes.len() {
            self.sync_snoozes(left, now);
        } else if let Some(first) = left.values().min() {
            self.timers
                .at_wall(self.ctx.clock.as_ref(), *first, Timer::SnoozeEnds);
        }
    }
}

fn load(
    s: &Store,
    now: DateTime<Utc>,
    only: Option<MonitorId>,
    initial: bool,
) -> Result<Loaded, StoreError> {
    let rev = s.config_rev()?;
    let mut monitors = s.monitors()?;
    monitors.retain(|m| only.is_none_or(|id| m.id == id));
    let restore = if initial {
        let open = s.incidents(&IncidentFilter {
            open_only: true,
            ..Default::default()
        })?;
        let (drills, open): (Vec<Incident>, Vec<Incident>) =
            open.into_iter().partition(|i| i.simulated);
        end_interrupted_drills(s, drills);
        Some((s.states()?, open, s.next_incident_id()?))
    } else {
        None
    };
    Ok(Loaded {
        rev,
        monitors,
        snoozes: s.snoozes(now)?,
        maintenance: s.maintenances()?,
        references: crate::settings::configured_references(s)?,
        language: crate::settings::language(s)?,
        restore,
    })
}

/// If the flap cap folded outages into `i`: when its state last changed, and whether the
/// service was back then (its last `flapping` entry says so).
fn folded(i: &Incident) -> Option<(DateTime<Utc>, bool)> {
    if i.rule != crate::model::RuleKind::Down {
        return None;
    }
    let last = i
        .events
        .iter()
        .rev()
        .find(|e| e.kind == IncidentEventKind::Flapping)?;
    Some((
        last.at,
        last.message.starts_with(super::incident::HELD_OPEN),
    ))
}

/// Closes drills left open by an engine that stopped mid-drill. Restored, one would read as an
/// outage in progress: its resolution would notify unlabelled and recovery actions would
/// treat the monitor as failing. It ends where the drill stopped, so its length stays the
/// drill's.
fn end_interrupted_drills(s: &Store, drills: Vec<Incident>) {
    for d in drills {
        let at = d.events.last().map_or(d.detected_at, |e| e.at);
        let ev = IncidentEvent {
            at,
            kind: IncidentEventKind::Resolved,
            message: crate::said!("timeline-drill-interrupted"),
        };
        if let Err(e) = s.resolve_incident(d.id, at, None, &ev) {
            tracing::warn!(incident = d.id.0, error = %e, "could not close an interrupted drill");
        }
    }
}

/// [`RuntimeOptions::connectivity`](super::RuntimeOptions::connectivity) with the user's
/// references, where set, in place of its own.
pub(super) fn effective_connectivity(
    opts: Option<&Connectivity>,
    configured: Option<Vec<String>>,
) -> Option<Connectivity> {
    let mut conn = opts?.clone();
    if let Some(references) = configured {
        conn.references = references;
    }
    Some(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_replaces_the_references_but_never_turns_a_disabled_check_on() {
        let base = Connectivity {
            references: vec!["10.0.0.1:53".into()],
            check_routes: false,
        };
        let set = || Some(vec!["10.9.9.9:53".to_string(), "10.9.9.8:53".to_string()]);
        let c = effective_connectivity(Some(&base), set()).unwrap();
        assert_eq!(c.references, set().unwrap());
        assert!(!c.check_routes, "the options' route check is kept");
        assert_eq!(
            effective_connectivity(Some(&base), None)
                .unwrap()
                .references,
            base.references
        );
        // `none`: only the route check.
        let off = effective_connectivity(Some(&base), Some(Vec::new())).unwrap();
        assert!(off.references.is_empty());
        // RuntimeOptions::connectivity = None (tests) stays off.
        assert!(effective_connectivity(None, set()).is_none());
    }
}
