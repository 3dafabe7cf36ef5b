//! Incidents: opened when a rule with `create_incident` triggers, resolved when it resolves,
//! and, while a service flaps, one incident its outages fold into (the flap policy decides;
//! see [`crate::policy::flap`]).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::journal::Write;
use super::judge::Source;
use super::state::{Engine, Timer};
use crate::events::CoreEvent;
use crate::field::format_duration;
use crate::model::{IncidentEvent, IncidentEventKind, IncidentId, RuleKind, Severity};
use crate::monitor::Monitor;
use crate::policy::flap::{Resolve, Settled, Trigger as Fold};
use crate::storage::NewIncident;

/// A rule that triggered, as its incident records it.
pub(super) struct Trigger {
    pub rule: RuleKind,
    pub severity: Severity,
    pub failures: u32,
    pub threshold: u32,
    pub first_failure_at: DateTime<Utc>,
    pub first_failure_reason: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

/// A rule that resolved.
pub(super) struct Ended {
    pub rule: RuleKind,
    /// The check that resolved it.
    pub at: DateTime<Utc>,
    pub first_failure_at: DateTime<Utc>,
    pub recovered_at: DateTime<Utc>,
    pub successes: u32,
}

/// How an incident is resolved.
struct Resolution {
    /// When the service was back (the last recovery of a folded incident).
    resolved_at: DateTime<Utc>,
    /// When the resolution goes on the timeline.
    noted_at: DateTime<Utc>,
    /// The failing time, when less than the span.
    downtime: Option<chrono::Duration>,
    /// What `incident_resolved` says the downtime was.
    duration_s: i64,
    message: String,
}

/// How the timeline note of an incident the flap cap keeps open, the service up, begins: a
/// restarted engine knows by it that the outage is over and only the settling is left. It is
/// the start of `timeline-held-open`'s English (a test holds them together).
pub(super) const HELD_OPEN: &str = "Back UP, but ";

/// `1m 3s`: how incident timelines write a length.
pub fn human_secs(s: i64) -> String {
    format_duration(std::time::Duration::from_secs(s.max(0) as u64))
}

impl Engine {
    /// Adds one entry to an incident's timeline.
    pub async fn note(
        &mut self,
        id: IncidentId,
        at: DateTime<Utc>,
        kind: IncidentEventKind,
        message: String,
    ) {
        let ev = IncidentEvent { at, kind, message };
        self.write(Write::Note { id, ev }).await;
    }

    /// The incident a triggered rule goes on: a new one, or, while the monitor flaps, the one
    /// its outages fold into.
    pub async fn incident_for(
        &mut self,
        m: &Arc<Monitor>,
        t: Trigger,
        source: Source,
    ) -> Option<IncidentId> {
        let fold = match (source, t.rule) {
            (Source::Check, RuleKind::Down) => self
                .entries
                .get_mut(&m.id)
                .map_or(Fold::Open, |e| e.flap.on_triggered(t.first_failure_at)),
            _ => Fold::Open,
        };
        if let Fold::FoldInto(id) = fold {
            if let Some(e) = self.entries.get_mut(&m.id) {
                e.incidents.insert(t.rule, id);
            }
            let text = crate::said!(
                "timeline-failed-again-flapping",
                reason = t.first_failure_reason
            );
            self.note(id, t.first_failure_at, IncidentEventKind::Flapping, text)
                .await;
            return Some(id);
        }
        let title = format!("{} is {}", m.name, t.rule.status());
        let id = self.journal.new_id();
        let new = NewIncident {
            monitor_id: m.id,
            monitor: m.name.clone(),
            title: title.clone(),
            rule: t.rule,
            severity: t.severity,
            started_at: t.first_failure_at,
            detected_at: t.at,
            failures: t.failures,
            failure_threshold: t.threshold,
            simulated: source == Source::Drill,
            events: vec![
                IncidentEvent {
                    at: t.first_failure_at,
                    kind: IncidentEventKind::FirstFailure,
                    message: crate::said!(
                        "timeline-first-failure",
                        reason = t.first_failure_reason
                    ),
                },
                IncidentEvent {
                    at: t.at,
                    kind: IncidentEventKind::Triggered,
                    message: crate::said!(
                        "timeline-triggered",
                        status = t.rule.status().as_str(),
                        failures = t.failures,
                        threshold = t.threshold,
                        reason = t.reason
                    ),
                },
            ],
        };
        // The rule's resolution goes to this incident even while its opening waits for the
        // database.
        if let Some(e) = self.entries.get_mut(&m.id) {
            e.incidents.insert(t.rule, id);
        }
        let then = CoreEvent::IncidentOpened {
            monitor_id: m.id,
            monitor: m.name.clone(),
            incident: id,
            severity: t.severity,
            title,
            started_at: t.first_failure_at,
            simulated: source == Source::Drill,
        };
        self.write(Write::Open {
            id,
            new: Box::new(new),
            then: Box::new(then),
        })
        .await;
        // Renumbered if the store already had an open one for this outage.
        self.entries
            .get(&m.id)
            .and_then(|e| e.incidents.get(&t.rule).copied())
    }

    /// A reminder goes on the rule's open incident, if any; returns it.
    pub async fn note_reminder(
        &mut self,
        m: &Monitor,
        rule: RuleKind,
        first_failure_at: DateTime<Utc>,
        at: DateTime<Utc>,
        reason: &str,
    ) -> Option<IncidentId> {
        let id = self.entries.get(&m.id)?.incidents.get(&rule).copied()?;
        let text = crate::said!(
            "timeline-still",
            status = rule.status().as_str(),
            span = human_secs((at - first_failure_at).num_seconds()),
            reason = reason
        );
        self.note(id, at, IncidentEventKind::Reminder, text).await;
        Some(id)
    }

    /// The rule of incident `id` resolved: resolve it, or, while the monitor flaps, keep it
    /// open until it settles.
    pub async fn end_incident(&mut self, m: &Monitor, id: IncidentId, end: Ended, source: Source) {
        let decision = match (source, end.rule) {
            (Source::Check, RuleKind::Down) => match self.entries.get_mut(&m.id) {
                Some(e) => e
                    .flap
                    .on_resolved(id, end.first_failure_at, end.recovered_at),
                None => return,
            },
            _ => Resolve::Now {
                downtime: end.recovered_at - end.first_failure_at,
            },
        };
        match decision {
            Resolve::KeepOpen { settle_at } => {
                if let Some(e) = self.entries.get_mut(&m.id) {
                    e.incidents.insert(end.rule, id);
                }
                let window = m.flap_window.unwrap_or(self.ctx.opts.flap_window);
                let text = crate::said!(
                    "timeline-held-open",
                    monitor = m.name.as_str(),
                    span = format_duration(window)
                );
                self.note(id, end.recovered_at, IncidentEventKind::Flapping, text)
                    .await;
                self.timers
                    .at_wall(self.ctx.clock.as_ref(), settle_at, Timer::FlapSettles(m.id));
            }
            Resolve::Now { downtime } => {
                let absent = self
                    .entries
                    .get_mut(&m.id)
                    .and_then(|e| e.absent.take())
                    .map(|(from, to)| {
                        // Only the part of the absence within this outage.
                        let (from, to) = (from.max(end.first_failure_at), to.min(end.recovered_at));
                        (to - from).max(chrono::Duration::zero())
                    })
                    .filter(|gap| !gap.is_zero());
                let downtime = absent.map_or(downtime, |gap| {
                    (downtime - gap).max(chrono::Duration::zero())
                });
                let downtime_s = downtime.num_seconds().max(0);
                let text = crate::said!(
                    "timeline-resolved",
                    successes = end.successes,
                    status = end.rule.status().as_str(),
                    span = human_secs(downtime_s)
                );
                let r = Resolution {
                    resolved_at: end.recovered_at,
                    noted_at: end.at,
                    // The span, unless Lookout was not running for part of it.
                    downtime: absent.map(|_| downtime),
                    duration_s: downtime_s,
                    message: text,
                };
                self.resolve(m, id, r, source).await;
            }
        }
    }

    /// The flap policy's timer: a folded incident whose monitor stayed up a whole window is
    /// resolved at its last recovery, with the failing time as its downtime.
    pub async fn settle_flap(&mut self, id: crate::model::MonitorId) {
        let now = self.ctx.clock.now();
        let Some(e) = self.entries.get_mut(&id) else {
            return;
        };
        let Some(Settled {
            incident,
            resolved_at,
            downtime,
            outages,
        }) = e.flap.settle(now)
        else {
            // Failing again, or a later recovery moved the settling time.
            if let Some(at) = e.flap.settles_at() {
                self.timers
                    .at_wall(self.ctx.clock.as_ref(), at, Timer::FlapSettles(id));
            }
            return;
        };
        if e.incidents.get(&RuleKind::Down) == Some(&incident) {
            e.incidents.remove(&RuleKind::Down);
        }
        let m = e.monitor.clone();
        let window = m.flap_window.unwrap_or(self.ctx.opts.flap_window);
        let downtime_s = downtime.num_seconds().max(0);
        let text = crate::said!(
            "timeline-resolved-flapping",
            span = format_duration(window),
            outages = outages,
            span2 = human_secs(downtime_s)
        );
        let r = Resolution {
            resolved_at,
            noted_at: now,
            downtime: Some(downtime),
            duration_s: downtime_s,
            message: text,
        };
        self.resolve(&m, incident, r, Source::Check).await;
    }

    async fn resolve(&mut self, m: &Monitor, id: IncidentId, r: Resolution, source: Source) {
        let Resolution {
            resolved_at,
            noted_at,
            downtime,
            duration_s,
            message,
        } = r;
        let ev = IncidentEvent {
            at: noted_at,
            kind: IncidentEventKind::Resolved,
            message,
        };
        let then = CoreEvent::IncidentResolved {
            monitor_id: m.id,
            monitor: m.name.clone(),
            incident: id,
            resolved_at,
            duration_s,
            simulated: source == Source::Drill,
        };
        self.write(Write::Resolve {
            id,
            resolved_at,
            downtime,
            ev,
            then: Box::new(then),
        })
        .await;
    }
}

#[cfg(test)]
mod tests {
    /// A restarted engine and migration 6 read these texts back: the catalogue must keep them.
    #[test]
    fn the_texts_read_back_are_the_catalogues() {
        let held = crate::said!("timeline-held-open", monitor = "api", span = "5m");
        assert!(held.starts_with(super::HELD_OPEN), "{held}");
        assert_eq!(
            crate::said!("timeline-drill"),
            super::super::drill::DRILL_NOTE
        );
    }
}
