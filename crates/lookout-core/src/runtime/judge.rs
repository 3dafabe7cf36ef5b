//! Judging a result: the sleep and offline policies first, then maintenance and snoozes, the
//! threshold engine, and what its transitions cause (incidents, alerts through the flap cap,
//! parent holds).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::watch;
use tokio::time::Instant;

use super::state::{Engine, Timer};
use crate::connectivity::{is_local, Reachability};
use crate::engine::{Sample, Transition};
use crate::events::CoreEvent;
use crate::model::{RuleKind, Status};
use crate::monitor::Monitor;
use crate::policy::flap::Admit;
use crate::policy::offline::Ask;
use crate::policy::sleep::Verdict;
use crate::scheduler::Completed;

/// Where a result fed to the threshold engine came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// A check that ran: stored, announced as `check_completed`, and it may be explained by
    /// the machine being offline.
    Check,
    /// A "Simulate outage" drill's synthetic result. It is not a check: never stored (uptime,
    /// rollups, sparklines and reports read the stored checks), never announced as one (the
    /// dashboard patches its live history from `check_completed`), and the monitor's last
    /// check stays the real one. Only the rule, the incident and the alerts see it; its
    /// alerts and incident say `simulated`, bypass the flap cap and leave it untouched (two
    /// drills must not use up the alerts a real outage right after them is owed).
    Drill,
}

/// Which alerts a judgement sent out (what a drill reports back).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Told {
    pub alerted: bool,
    pub resolved: bool,
}

impl Engine {
    /// A check finished: through the sleep and offline policies, then judged.
    pub async fn on_result(&mut self, done: Completed, stop: &watch::Receiver<bool>) {
        crate::fault::inject("engine");
        if let Some(message) = &done.fault {
            let name = self
                .entries
                .get(&done.monitor)
                .map(|e| e.monitor.name.as_str());
            let task = match name {
                Some(name) => crate::said!("reason-task-check", monitor = name),
                None => crate::said!("reason-task-check-unknown"),
            };
            self.ctx.fault(&task, message.clone());
        }
        self.ctx.board().lateness.record(done.lateness);
        // A result that arrives just after a resume must see it before it can alert.
        self.read_clocks().await;
        match self.sleep.admit(done.monitor, done.result.status) {
            Verdict::Judge => {}
            Verdict::Drop => return,
            Verdict::Recheck => {
                let settle = self.ctx.opts.resume_settle;
                self.timers.after(settle, Timer::Recheck(done.monitor));
                return;
            }
        }
        if self.offline_explains(&done, stop).await {
            // The gap is stored as unknown: neither uptime nor downtime.
            let mut held = done.result;
            held.reason = crate::said!("reason-offline", reason = held.reason.as_str());
            held.status = Status::Unknown;
            self.ctx.store.record_check(done.monitor, &held);
            return;
        }
        self.judge(done, Source::Check).await;
    }

    /// Whether this failing result is explained by the machine being offline. Every failure of
    /// a remote service while we believe we're online asks the connectivity check (the
    /// references answer in a round trip when the network is fine).
    async fn offline_explains(&mut self, done: &Completed, stop: &watch::Receiver<bool>) -> bool {
        let Some(conn) = self.connectivity.clone() else {
            return false;
        };
        let local = self
            .entries
            .get(&done.monitor)
            .is_none_or(|e| is_local(&e.monitor.probe));
        match self.offline.on_failure(done.result.status, local) {
            Ask::Judge => return false,
            Ask::Explained => return true,
            Ask::Connectivity => {}
        }
        let mut stop = stop.clone();
        let reach = tokio::select! {
            r = conn.check() => r,
            // Shutting down: the result is dropped whole rather than judged half-asked.
            _ = stop.wait_for(|s| *s) => return true,
        };
        match reach {
            Reachability::Online => false,
            Reachability::Offline(reason) => {
                self.went_offline(reason);
                true
            }
        }
    }

    /// Judges one result: threshold engine, incidents, events.
    pub async fn judge(&mut self, done: Completed, source: Source) -> Told {
        let Completed {
            monitor: id,
            mut result,
            ..
        } = done;
        let real = source == Source::Check;
        let at = result.at;
        let in_maintenance = self
            .maintenance
            .iter()
            .any(|w| w.covers(id) && w.active_at(at));
        let quiet = self.snoozes.get(&id).is_some_and(|until| *until > at);
        let Some(e) = self.entries.get_mut(&id) else {
            return Told::default(); // removed while the check ran
        };
        if e.monitor.paused {
            return Told::default();
        }
        let transitions = if in_maintenance {
            // Stored as maintenance, so the window never counts as downtime.
            result.status = Status::Maintenance;
            e.engine.hold(Status::Maintenance, at, &result.reason)
        } else {
            let sample = Sample {
                at,
                status: result.status,
                reason: result.reason.clone(),
            };
            e.engine.step(&e.monitor.alerts, &sample)
        };
        if real {
            e.overdue = false;
            e.scheduled_since = Instant::now();
            let deadline = e
                .scheduled_since
                .checked_add(e.monitor.interval.saturating_mul(2));
            if let Some(d) = deadline {
                self.watchdog_next = self.watchdog_next.min(d);
            }
        }
        let monitor = e.monitor.clone();
        let changes = !transitions.is_empty();
        if real {
            self.ctx.board().checked(id, &result);
        }
        let overall = if changes { self.board_state(id) } else { None };
        if real {
            self.ctx.store.record_check(id, &result);
            self.emit(CoreEvent::CheckCompleted {
                monitor_id: id,
                monitor: monitor.name.clone(),
                result,
            });
        }
        let mut told = Told::default();
        for t in transitions {
            self.apply(&monitor, t, quiet, source, &mut told).await;
        }
        if let Some(ev) = overall {
            self.emit(ev);
        }
        told
    }

    /// Sends an alert: a drill's as it is, a real one through the flap cap.
    fn alert(&mut self, m: &Monitor, e: CoreEvent, at: DateTime<Utc>, source: Source) -> bool {
        let (out, sent) = self.admit(m, e, at, source);
        if let Some(out) = out {
            self.emit(out);
        }
        sent
    }

    /// What the flap cap lets out of alert `e`: `e` itself, a `flapping` notice, or nothing;
    /// and whether `e` went out. Counted as sent now; emitted by the caller.
    fn admit(
        &mut self,
        m: &Monitor,
        e: CoreEvent,
        at: DateTime<Utc>,
        source: Source,
    ) -> (Option<CoreEvent>, bool) {
        if source == Source::Drill {
            return (Some(e), true);
        }
        let Some(entry) = self.entries.get_mut(&m.id) else {
            return (None, false);
        };
        match entry.flap.admit(at) {
            Admit::Send => (Some(e), true),
            Admit::Notice { notifications } => {
                let window_s = m.flap_window.unwrap_or(self.ctx.opts.flap_window).as_secs();
                let notice = CoreEvent::Flapping {
                    monitor_id: m.id,
                    monitor: m.name.clone(),
                    notifications,
                    window_s,
                    at,
                };
                (Some(notice), false)
            }
            Admit::Hold => (None, false),
        }
    }

    /// Acts on one transition. `quiet` (a snoozed monitor): incidents are still recorded, but
    /// no alert event goes out, so nothing notifies.
    async fn apply(
        &mut self,
        m: &Arc<Monitor>,
        t: Transition,
        quiet: bool,
        source: Source,
        told: &mut Told,
    ) {
        let simulated = source == Source::Drill;
        match t {
            Transition::StatusChanged {
                from,
                to,
                at,
                reason,
            } => self.emit(CoreEvent::StatusChanged {
                monitor_id: m.id,
                monitor: m.name.clone(),
                from,
                to,
                at,
                reason,
            }),
            Transition::Triggered {
                rule,
                severity,
                create_incident,
                failures,
                threshold,
                first_failure_at,
                first_failure_reason,
                at,
                reason,
            } => {
                if rule == RuleKind::Down && self.hold_for_parent(m, at, &reason).await {
                    return;
                }
                let incident = if create_incident {
                    let trigger = super::incident::Trigger {
                        rule,
                        severity,
                        failures,
                        threshold,
                        first_failure_at,
                        first_failure_reason,
                        at,
                        reason: reason.clone(),
                    };
                    self.incident_for(m, trigger, source).await
                } else {
                    None
                };
                if !quiet {
                    let e = CoreEvent::AlertTriggered {
                        monitor_id: m.id,
                        monitor: m.name.clone(),
                        rule,
                        severity,
                        incident,
                        reason,
                        since: first_failure_at,
                        at,
                        failures,
                        threshold,
                        simulated,
                    };
                    told.alerted |= self.alert(m, e, at, source);
                }
            }
            Transition::Reminder {
                rule,
                severity,
                first_failure_at,
                at,
                reason,
            } => {
                let incident = self
                    .note_reminder(m, rule, first_failure_at, at, &reason)
                    .await;
                if !quiet {
                    let e = CoreEvent::AlertReminder {
                        monitor_id: m.id,
                        monitor: m.name.clone(),
                        rule,
                        severity,
                        incident,
                        reason,
                        since: first_failure_at,
                        at,
                        simulated,
                    };
                    self.alert(m, e, at, source);
                }
            }
            Transition::Resolved {
                rule,
                severity,
                first_failure_at,
                recovered_at,
                at,
                successes,
                ..
            } => {
                if rule == RuleKind::Down && self.holds.on_child_resolved(m.id) {
                    // Its DOWN was never announced (the parent's was): nothing to resolve.
                    return;
                }
                let duration_s = (recovered_at - first_failure_at).num_seconds().max(0);
                let incident = self
                    .entries
                    .get_mut(&m.id)
                    .and_then(|e| e.incidents.remove(&rule));
                // The flap cap counts this recovery's alert before the incident's fate is
                // decided (a full cap keeps it open), but the resolution is committed before
                // the recovery is announced: killed in between, the restarted engine finds the
                // incident resolved and says nothing twice.
                let announce = (!quiet).then(|| {
                    let e = CoreEvent::AlertResolved {
                        monitor_id: m.id,
                        monitor: m.name.clone(),
                        rule,
                        severity,
                        incident,
                        since: first_failure_at,
                        at,
                        duration_s,
                        simulated,
                    };
                    self.admit(m, e, at, source)
                });
                if let Some(id) = incident {
                    let ended = super::incident::Ended {
                        rule,
                        at,
                        first_failure_at,
                        recovered_at,
                        successes,
                    };
                    self.end_incident(m, id, ended, source).await;
                }
                if let Some((out, sent)) = announce {
                    if let Some(out) = out {
                        self.emit(out);
                    }
                    told.resolved |= sent;
                }
                if rule == RuleKind::Down {
                    Box::pin(self.release_children(m, at)).await;
                }
            }
        }
    }

    /// If `m` depends on a monitor that is DOWN, holds its DOWN alert (no incident, no
    /// notification) and names it in the parent's incident. Returns whether it was held.
    async fn hold_for_parent(&mut self, m: &Monitor, at: DateTime<Utc>, reason: &str) -> bool {
        let Some(parent) = &m.depends_on else {
            return false;
        };
        let p = self.by_name.get(parent).and_then(|id| self.entries.get(id));
        let parent_status = p.map(|p| p.status());
        let parent_incident = p.and_then(|p| p.incidents.get(&RuleKind::Down).copied());
        if !self.holds.on_child_down(m.id, parent_status) {
            return false;
        }
        if let Some(id) = parent_incident {
            let text = crate::said!(
                "timeline-held-child",
                monitor = m.name.as_str(),
                reason = reason,
                parent = parent
            );
            self.note(id, at, crate::model::IncidentEventKind::Note, text)
                .await;
        }
        true
    }

    /// The parent is back: children still DOWN now alert on their own.
    async fn release_children(&mut self, parent: &Monitor, at: DateTime<Utc>) {
        let children: Vec<_> = self
            .entries
            .values()
            .filter(|e| e.monitor.depends_on.as_deref() == Some(parent.name.as_str()))
            .map(|e| e.monitor.id)
            .collect();
        for id in self.holds.release(children) {
            let Some(e) = self.entries.get(&id) else {
                continue;
            };
            let (r, rule) = (&e.engine.down, &e.monitor.alerts.down);
            if !r.triggered {
                continue;
            }
            let reason = self
                .ctx
                .board()
                .get(id)
                .map(|s| s.reason.clone())
                .unwrap_or_default();
            let t = Transition::Triggered {
                rule: RuleKind::Down,
                severity: rule.severity,
                create_incident: rule.create_incident,
                failures: r.failures,
                threshold: rule.failure_threshold,
                first_failure_at: r.first_failure_at.unwrap_or(at),
                first_failure_reason: r.first_failure_reason.clone(),
                at,
                reason,
            };
            let child = e.monitor.clone();
            let quiet = self.snoozes.get(&id).is_some_and(|u| *u > at);
            // The child's own checks keep it DOWN: a real outage, even when the parent's
            // outage was a drill.
            let mut told = Told::default();
            self.apply(&child, t, quiet, Source::Check, &mut told).await;
            self.publish_state(id);
        }
    }
}
