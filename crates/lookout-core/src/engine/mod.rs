//! The threshold engine: a pure state machine per monitor, in Kener's words.
//!
//! Feed it check results in order with [`MonitorEngine::step`]; it answers with the
//! [`Transition`]s they cause: the monitor's status changed, a rule triggered (after
//! `failure_threshold` consecutive matching checks), a reminder is due, a rule resolved (after
//! `success_threshold` consecutive non-matching checks). No I/O and no clock reads: time comes
//! in with each result, so sequences are tested exactly. The engine decides *what* happened;
//! the runtime stores it and the shells decide how to tell the user.

use chrono::{DateTime, Utc};

use crate::model::{Alerts, RuleKind, Severity, Status};

/// One check result, as the engine sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub at: DateTime<Utc>,
    /// UP, DEGRADED or DOWN.
    pub status: Status,
    pub reason: String,
}

/// What a step caused, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Transition {
    StatusChanged {
        from: Status,
        to: Status,
        at: DateTime<Utc>,
        reason: String,
    },
    Triggered {
        rule: RuleKind,
        severity: Severity,
        create_incident: bool,
        /// Consecutive matching checks when it triggered.
        failures: u32,
        threshold: u32,
        /// The first failing check of the streak: the incident's start.
        first_failure_at: DateTime<Utc>,
        first_failure_reason: String,
        at: DateTime<Utc>,
        reason: String,
    },
    Reminder {
        rule: RuleKind,
        severity: Severity,
        first_failure_at: DateTime<Utc>,
        at: DateTime<Utc>,
        reason: String,
    },
    Resolved {
        rule: RuleKind,
        severity: Severity,
        create_incident: bool,
        first_failure_at: DateTime<Utc>,
        /// The first passing check of the streak that resolved it: when the service was back.
        recovered_at: DateTime<Utc>,
        /// The check that completed `success_threshold`.
        at: DateTime<Utc>,
        successes: u32,
    },
}

/// Runtime counters of one rule. Never part of the monitor's config.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleState {
    pub failures: u32,
    pub successes: u32,
    pub triggered: bool,
    pub first_failure_at: Option<DateTime<Utc>>,
    pub first_failure_reason: String,
    pub first_success_at: Option<DateTime<Utc>>,
    pub last_notified_at: Option<DateTime<Utc>>,
}

/// The engine state of one monitor.
#[derive(Debug, Clone, PartialEq)]
pub struct MonitorEngine {
    pub status: Status,
    pub since: Option<DateTime<Utc>>,
    pub down: RuleState,
    pub degraded: RuleState,
}

impl Default for MonitorEngine {
    fn default() -> Self {
        MonitorEngine {
            status: Status::Unknown,
            since: None,
            down: RuleState::default(),
            degraded: RuleState::default(),
        }
    }
}

impl MonitorEngine {
    /// Restores a monitor's state after a restart: its last status and, for each rule with an
    /// open incident, the triggered state (so recovery resolves that incident).
    pub fn restore(
        status: Status,
        since: Option<DateTime<Utc>>,
        open: &[(RuleKind, DateTime<Utc>)],
    ) -> MonitorEngine {
        let mut e = MonitorEngine {
            status,
            since,
            ..Default::default()
        };
        for (rule, started) in open {
            let r = e.rule_mut(*rule);
            r.triggered = true;
            r.first_failure_at = Some(*started);
            r.last_notified_at = Some(*started);
        }
        e
    }

    pub fn rule(&self, kind: RuleKind) -> &RuleState {
        match kind {
            RuleKind::Down => &self.down,
            RuleKind::Degraded => &self.degraded,
        }
    }

    fn rule_mut(&mut self, kind: RuleKind) -> &mut RuleState {
        match kind {
            RuleKind::Down => &mut self.down,
            RuleKind::Degraded => &mut self.degraded,
        }
    }

    /// Takes a status without judging it (a maintenance window): no rule triggers or resolves,
    /// and a streak that hadn't triggered yet is forgotten, so a failure before the window and
    /// one after it don't add up.
    pub fn hold(&mut self, status: Status, at: DateTime<Utc>, reason: &str) -> Vec<Transition> {
        for r in [&mut self.down, &mut self.degraded] {
            if !r.triggered {
                *r = RuleState::default();
            }
        }
        if status == self.status {
            return Vec::new();
        }
        let from = std::mem::replace(&mut self.status, status);
        self.since = Some(at);
        vec![Transition::StatusChanged {
            from,
            to: status,
            at,
            reason: reason.to_string(),
        }]
    }

    /// Feeds one check result. Returns what it caused: a status change first, then rule
    /// transitions (a recovering rule before a newly triggering one).
    pub fn step(&mut self, alerts: &Alerts, sample: &Sample) -> Vec<Transition> {
        let mut out = Vec::new();
        if sample.status != self.status {
            out.push(Transition::StatusChanged {
                from: self.status,
                to: sample.status,
                at: sample.at,
                reason: sample.reason.clone(),
            });
            self.status = sample.status;
            self.since = Some(sample.at);
        }
        // Resolutions before triggers, so DEGRADED -> DOWN reads "degraded resolved, down triggered".
        let order = if sample.status == Status::Down {
            [RuleKind::Degraded, RuleKind::Down]
        } else {
            [RuleKind::Down, RuleKind::Degraded]
        };
        for kind in order {
            let rule = alerts.rule(kind);
            let state = self.rule_mut(kind);
            if let Some(t) = step_rule(kind, rule, state, sample) {
                out.push(t);
            }
        }
        out
    }
}

fn step_rule(
    kind: RuleKind,
    rule: &crate::model::AlertRule,
    st: &mut RuleState,
    s: &Sample,
) -> Option<Transition> {
    if !rule.active {
        // A rule switched off while triggered resolves now rather than staying open forever.
        let was = std::mem::take(st);
        return was.triggered.then(|| Transition::Resolved {
            rule: kind,
            severity: rule.severity,
            create_incident: rule.create_incident,
            first_failure_at: was.first_failure_at.unwrap_or(s.at),
            recovered_at: s.at,
            at: s.at,
            successes: 0,
        });
    }
    if kind.matches(s.status) {
        st.successes = 0;
        st.first_success_at = None;
        st.failures = st.failures.saturating_add(1);
        if st.failures == 1 && !st.triggered {
            st.first_failure_at = Some(s.at);
            st.first_failure_reason = s.reason.clone();
        }
        let first = st.first_failure_at.unwrap_or(s.at);
        if !st.triggered && st.failures >= rule.failure_threshold {
            st.triggered = true;
            st.last_notified_at = Some(s.at);
            return Some(Transition::Triggered {
                rule: kind,
                severity: rule.severity,
                create_incident: rule.create_incident,
                failures: st.failures,
                threshold: rule.failure_threshold,
                first_failure_at: first,
                first_failure_reason: st.first_failure_reason.clone(),
                at: s.at,
                reason: s.reason.clone(),
            });
        }
        if st.triggered {
            if let (Some(every), Some(last)) = (rule.remind_every, st.last_notified_at) {
                let every = chrono::Duration::from_std(every).unwrap_or(chrono::Duration::MAX);
                if s.at - last >= every {
                    st.last_notified_at = Some(s.at);
                    return Some(Transition::Reminder {
                        rule: kind,
                        severity: rule.severity,
                        first_failure_at: first,
                        at: s.at,
                        reason: s.reason.clone(),
                    });
                }
            }
        }
        None
    } else {
        if !st.triggered {
            // A streak shorter than the threshold is forgotten at the first good check.
            *st = RuleState::default();
            return None;
        }
        st.failures = 0;
        st.successes = st.successes.saturating_add(1);
        if st.successes == 1 {
            st.first_success_at = Some(s.at);
        }
        if st.successes >= rule.success_threshold {
            let was = std::mem::take(st);
            return Some(Transition::Resolved {
                rule: kind,
                severity: rule.severity,
                create_incident: rule.create_incident,
                first_failure_at: was.first_failure_at.unwrap_or(s.at),
                recovered_at: was.first_success_at.unwrap_or(s.at),
                at: s.at,
                successes: was.successes,
            });
        }
        None
    }
}

#[cfg(test)]
mod tests;
