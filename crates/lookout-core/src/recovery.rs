//! Recovery actions as configured, and when to run them.
//!
//! A monitor's `"recovery": [...]` list is written as [`RecoverySpec`]s and validated into
//! [`RecoveryAction`]s with the rest of the monitor (the monitor aggregate calls [`validate`]). The
//! [`Tracker`] is the pure part: it sees one monitor's checks and alerts and says which action to
//! start and when, under the safeguards (cooldown, `max_attempts` per DOWN episode, never two at
//! once). It does no I/O and reads no clock; the dispatcher ([`crate::action`]) passes `now` in.
//!
//! Where a command comes from: the argv of an [`ActionKind::Run`] exists only in a validated
//! [`RecoveryAction`], built from a [`crate::spec::MonitorSpec`] (settings window, CLI, import
//! file). Nothing here or in the dispatcher takes text from a check result (reason, body,
//! details) and the runner substitutes nothing into the argv, so nothing a monitored service
//! returns can become a command or an argument.

use std::time::Duration;

use tokio::time::Instant;

use crate::field::{defaults, format_duration, parse_duration_in, FieldError};
pub use crate::model::ActionKind;
use crate::model::{IncidentEvent, IncidentId, Status};
use crate::spec::RecoverySpec;
use crate::t;

/// A validated recovery action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryAction {
    pub kind: ActionKind,
    /// `None`: run when the DOWN rule triggers. Otherwise at least 1.
    pub after_failures: Option<u32>,
    pub cooldown: Duration,
    /// At least 1.
    pub max_attempts: u32,
    /// More than 0, at most [`defaults::RECOVERY_MAX_TIMEOUT`].
    pub timeout: Duration,
}

impl RecoveryAction {
    /// Written back as a spec, every field spelled out (what `lookout export` prints).
    pub fn to_spec(&self) -> RecoverySpec {
        let (run, webhook) = match &self.kind {
            ActionKind::Run(argv) => (Some(argv.clone()), None),
            ActionKind::Webhook(url) => (None, Some(url.clone())),
        };
        RecoverySpec {
            run,
            webhook,
            after_failures: self.after_failures.map(i64::from),
            cooldown: Some(format_duration(self.cooldown)),
            max_attempts: Some(self.max_attempts.into()),
            timeout: Some(format_duration(self.timeout)),
        }
    }
}

/// Validates a monitor's `recovery` list; problems go to `errs` naming the field
/// (`recovery[0].run`).
pub fn validate(specs: &[RecoverySpec], errs: &mut Vec<FieldError>) -> Vec<RecoveryAction> {
    if specs.len() > defaults::MAX_RECOVERY_ACTIONS {
        errs.push(FieldError::new(
            "recovery",
            t!(
                "field-recovery-too-many",
                max = defaults::MAX_RECOVERY_ACTIONS,
                count = specs.len().to_string()
            ),
        ));
    }
    specs
        .iter()
        .enumerate()
        .filter_map(|(i, s)| one(&format!("recovery[{i}]"), s, errs))
        .collect()
}

fn one(path: &str, s: &RecoverySpec, errs: &mut Vec<FieldError>) -> Option<RecoveryAction> {
    let before = errs.len();
    let kind = match (&s.run, &s.webhook) {
        (Some(_), Some(_)) => {
            errs.push(FieldError::new(path, t!("field-recovery-both")));
            None
        }
        (None, None) => {
            errs.push(FieldError::new(path, t!("field-recovery-neither")));
            None
        }
        (Some(argv), None) => {
            let field = format!("{path}.run");
            if argv.first().is_none_or(|p| p.trim().is_empty()) {
                errs.push(FieldError::new(field, t!("field-recovery-no-program")));
                None
            } else if argv.iter().any(|a| a.contains('\0')) {
                errs.push(FieldError::new(field, t!("field-no-nul")));
                None
            } else {
                Some(ActionKind::Run(argv.clone()))
            }
        }
        (None, Some(u)) => {
            let field = format!("{path}.webhook");
            match url::Url::parse(u.trim()) {
                Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {
                    Some(ActionKind::Webhook(url.to_string()))
                }
                Ok(_) => {
                    errs.push(FieldError::new(field, t!("field-http-url")));
                    None
                }
                Err(e) => {
                    let message = t!("field-not-a-url", value = u.as_str(), error = e.to_string());
                    errs.push(FieldError::new(field, message));
                    None
                }
            }
        }
    };
    let after_failures = match s.after_failures {
        None => None,
        Some(n) if (1..=10_000).contains(&n) => Some(n as u32),
        Some(n) => {
            errs.push(FieldError::new(
                format!("{path}.after_failures"),
                t!(
                    "field-between",
                    min = "1",
                    max = "10000",
                    value = n.to_string()
                ),
            ));
            None
        }
    };
    let max_attempts = match s.max_attempts {
        None => defaults::RECOVERY_MAX_ATTEMPTS,
        Some(n) if (1..=100).contains(&n) => n as u32,
        Some(n) => {
            errs.push(FieldError::new(
                format!("{path}.max_attempts"),
                t!(
                    "field-between",
                    min = "1",
                    max = "100",
                    value = n.to_string()
                ),
            ));
            1
        }
    };
    let cooldown = match s.cooldown.as_deref() {
        None => defaults::RECOVERY_COOLDOWN,
        Some(c) => parse_duration_in(
            &format!("{path}.cooldown"),
            c,
            Duration::ZERO,
            defaults::RECOVERY_MAX_COOLDOWN,
        )
        .unwrap_or_else(|e| {
            errs.push(e);
            defaults::RECOVERY_COOLDOWN
        }),
    };
    let timeout = match s.timeout.as_deref() {
        None => defaults::RECOVERY_TIMEOUT,
        Some(t) => parse_duration_in(
            &format!("{path}.timeout"),
            t,
            defaults::MIN_TIMEOUT,
            defaults::RECOVERY_MAX_TIMEOUT,
        )
        .unwrap_or_else(|e| {
            errs.push(e);
            defaults::RECOVERY_TIMEOUT
        }),
    };
    if errs.len() > before {
        return None;
    }
    Some(RecoveryAction {
        kind: kind?,
        after_failures,
        cooldown,
        max_attempts,
        timeout,
    })
}

/// The last successful attempt of an episode, for "restarted automatically".
#[derive(Debug, Clone, PartialEq)]
pub struct Healed {
    pub action: usize,
    /// Attempts of any action in the episode.
    pub attempts: u32,
    pub exit_code: Option<i32>,
}

/// One monitor's recovery state: counters of the current DOWN episode and the safeguards.
///
/// An episode starts with a DOWN check and ends when the DOWN rule resolves, or, if the rule
/// never triggered, at the first check that is not DOWN.
#[derive(Debug, Default)]
pub struct Tracker {
    actions: Vec<RecoveryAction>,
    consecutive_down: u32,
    triggered: bool,
    /// Per action, in this episode.
    attempts: Vec<u32>,
    /// Per action, across episodes: a service that flaps is not restarted every minute.
    last_attempt: Vec<Option<Instant>>,
    running: bool,
    incident: Option<IncidentId>,
    /// Attempts made before the incident opened, written to its timeline once it does.
    pending: Vec<IncidentEvent>,
    healed: Option<Healed>,
    episode_attempts: u32,
}

impl Tracker {
    pub fn new(actions: Vec<RecoveryAction>) -> Tracker {
        let mut t = Tracker::default();
        t.set_actions(actions);
        t
    }

    /// The monitor was edited: a changed list starts its safeguards afresh.
    pub fn set_actions(&mut self, actions: Vec<RecoveryAction>) {
        if actions != self.actions {
            self.attempts = vec![0; actions.len()];
            self.last_attempt = vec![None; actions.len()];
            self.actions = actions;
        }
    }

    pub fn actions(&self) -> &[RecoveryAction] {
        &self.actions
    }

    pub fn incident(&self) -> Option<IncidentId> {
        self.incident
    }

    pub fn consecutive_down(&self) -> u32 {
        self.consecutive_down
    }

    /// The engine started with this DOWN incident already open (a restart mid-outage).
    pub fn restore_triggered(&mut self, incident: IncidentId) {
        self.triggered = true;
        self.incident = Some(incident);
    }

    /// A check completed. Returns the action to start, and its attempt number, if one is due.
    pub fn on_check(&mut self, status: Status, now: Instant) -> Option<(usize, u32)> {
        if status == Status::Down {
            self.consecutive_down += 1;
            self.next(now)
        } else {
            self.consecutive_down = 0;
            if !self.triggered {
                self.end_episode();
            }
            None
        }
    }

    /// The DOWN rule triggered. Returns the timeline entries of attempts made before the
    /// incident existed (to write now), and the action to start, if one is due.
    pub fn on_triggered(
        &mut self,
        incident: Option<IncidentId>,
        now: Instant,
    ) -> (Vec<IncidentEvent>, Option<(usize, u32)>) {
        self.triggered = true;
        self.incident = incident;
        let flush = if incident.is_some() {
            std::mem::take(&mut self.pending)
        } else {
            Vec::new()
        };
        (flush, self.next(now))
    }

    /// The DOWN rule resolved: the episode ends. `Some` when an attempt succeeded in it.
    pub fn on_resolved(&mut self) -> Option<Healed> {
        let healed = self.healed.take();
        self.triggered = false;
        self.end_episode();
        healed
    }

    /// An attempt finished. Returns the incident to record it on; with none yet, `ev` is kept
    /// for the incident the rule may still open.
    pub fn on_finished(
        &mut self,
        action: usize,
        ok: bool,
        exit_code: Option<i32>,
        ev: IncidentEvent,
    ) -> Option<IncidentId> {
        self.running = false;
        if ok {
            self.healed = Some(Healed {
                action,
                attempts: self.episode_attempts,
                exit_code,
            });
        }
        if self.incident.is_none() {
            self.pending.push(ev);
        }
        self.incident
    }

    fn end_episode(&mut self) {
        self.attempts.iter_mut().for_each(|a| *a = 0);
        self.incident = None;
        self.pending.clear();
        self.healed = None;
        self.episode_attempts = 0;
    }

    /// The first action that is due, marked as started.
    fn next(&mut self, now: Instant) -> Option<(usize, u32)> {
        if self.running || self.consecutive_down == 0 {
            return None;
        }
        let i = self.actions.iter().enumerate().position(|(i, a)| {
            let reached = match a.after_failures {
                None => self.triggered,
                Some(n) => self.consecutive_down >= n,
            };
            // Checked: an action built outside validation (or stored before cooldowns were
            // bounded) must not panic the dispatcher; a cooldown past the end of time never ends.
            let cooled = self.last_attempt[i]
                .is_none_or(|t| t.checked_add(a.cooldown).is_some_and(|ready| now >= ready));
            reached && cooled && self.attempts[i] < a.max_attempts
        })?;
        self.running = true;
        self.attempts[i] += 1;
        self.last_attempt[i] = Some(now);
        self.episode_attempts += 1;
        Some((i, self.attempts[i]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(after: Option<u32>, cooldown: u64, max: u32) -> RecoveryAction {
        RecoveryAction {
            kind: ActionKind::Run(vec!["true".into()]),
            after_failures: after,
            cooldown: Duration::from_secs(cooldown),
            max_attempts: max,
            timeout: Duration::from_secs(30),
        }
    }

    fn ev() -> IncidentEvent {
        IncidentEvent {
            at: chrono::Utc::now(),
            kind: crate::model::IncidentEventKind::RecoveryAction,
            message: "ran".into(),
        }
    }

    #[test]
    fn after_failures_counts_consecutive_down_checks_and_resets() {
        let t0 = Instant::now();
        let mut t = Tracker::new(vec![run(Some(3), 0, 5)]);
        assert_eq!(t.on_check(Status::Down, t0), None);
        assert_eq!(t.on_check(Status::Down, t0), None);
        assert_eq!(t.on_check(Status::Up, t0), None, "reset by a passing check");
        assert_eq!(t.on_check(Status::Down, t0), None);
        assert_eq!(
            t.on_check(Status::Degraded, t0),
            None,
            "DEGRADED is not DOWN"
        );
        assert_eq!(t.on_check(Status::Down, t0), None);
        assert_eq!(t.on_check(Status::Down, t0), None);
        assert_eq!(t.on_check(Status::Down, t0), Some((0, 1)));
    }

    #[test]
    fn without_after_failures_it_waits_for_the_rule() {
        let t0 = Instant::now();
        let mut t = Tracker::new(vec![run(None, 0, 3)]);
        assert_eq!(t.on_check(Status::Down, t0), None);
        assert_eq!(t.on_check(Status::Down, t0), None);
        let (flush, next) = t.on_triggered(Some(IncidentId(7)), t0);
        assert!(flush.is_empty());
        assert_eq!(next, Some((0, 1)));
    }

    #[test]
    fn never_two_at_once_and_cooldown_and_max_attempts() {
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        let mut t = Tracker::new(vec![run(Some(1), 10, 2)]);
        assert_eq!(t.on_check(Status::Down, t0), Some((0, 1)));
        assert_eq!(t.on_check(Status::Down, t0 + 20 * s), None, "still running");
        t.on_finished(0, false, Some(1), ev());
        assert_eq!(t.on_check(Status::Down, t0 + 5 * s), None, "cooling down");
        assert_eq!(t.on_check(Status::Down, t0 + 10 * s), Some((0, 2)));
        t.on_finished(0, false, Some(1), ev());
        assert_eq!(t.on_check(Status::Down, t0 + 60 * s), None, "max_attempts");
        // A new episode: attempts start again, the cooldown still holds across episodes.
        assert_eq!(t.on_check(Status::Up, t0 + 61 * s), None);
        assert_eq!(t.on_check(Status::Down, t0 + 62 * s), Some((0, 1)));
    }

    #[test]
    fn escalates_to_the_next_action_and_remembers_a_heal() {
        let t0 = Instant::now();
        let mut t = Tracker::new(vec![run(Some(1), 3600, 1), run(Some(2), 0, 1)]);
        assert_eq!(t.on_check(Status::Down, t0), Some((0, 1)));
        assert_eq!(t.on_finished(0, false, Some(1), ev()), None);
        let (flush, next) = t.on_triggered(Some(IncidentId(3)), t0);
        assert_eq!(
            flush.len(),
            1,
            "the attempt made before the incident opened"
        );
        assert_eq!(
            next, None,
            "the first is spent, the second needs two failures"
        );
        assert_eq!(t.on_check(Status::Down, t0), Some((1, 1)));
        assert_eq!(t.on_finished(1, true, Some(0), ev()), Some(IncidentId(3)));
        assert_eq!(t.on_check(Status::Up, t0), None);
        assert_eq!(
            t.on_resolved(),
            Some(Healed {
                action: 1,
                attempts: 2,
                exit_code: Some(0)
            })
        );
        assert_eq!(t.on_resolved(), None);
    }

    #[test]
    fn validation_names_fields() {
        let mut errs = Vec::new();
        let specs = vec![
            RecoverySpec {
                run: Some(vec![]),
                ..Default::default()
            },
            RecoverySpec {
                webhook: Some("ftp://x".into()),
                cooldown: Some("soon".into()),
                max_attempts: Some(0),
                timeout: Some("0s".into()),
                after_failures: Some(0),
                ..Default::default()
            },
            RecoverySpec::default(),
        ];
        assert!(validate(&specs, &mut errs).is_empty());
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "recovery[0].run",
                "recovery[1].webhook",
                "recovery[1].after_failures",
                "recovery[1].max_attempts",
                "recovery[1].cooldown",
                "recovery[1].timeout",
                "recovery[2]"
            ]
        );
    }

    #[test]
    fn an_endless_cooldown_does_not_panic_and_never_ends() {
        let t0 = Instant::now();
        let mut endless = run(Some(1), 0, 5);
        endless.cooldown = Duration::MAX;
        let mut t = Tracker::new(vec![endless]);
        assert_eq!(t.on_check(Status::Down, t0), Some((0, 1)));
        t.on_finished(0, false, Some(1), ev());
        assert_eq!(
            t.on_check(Status::Down, t0 + Duration::from_secs(3600)),
            None
        );
    }

    #[test]
    fn durations_beyond_their_bounds_name_the_field() {
        let mut errs = Vec::new();
        let specs = vec![RecoverySpec {
            run: Some(vec!["true".into()]),
            cooldown: Some("10000000000000000000s".into()),
            timeout: Some("2h".into()),
            ..Default::default()
        }];
        assert!(validate(&specs, &mut errs).is_empty());
        let got: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "recovery[0].cooldown",
                    "must be at most 366d, got 10000000000000000000s"
                ),
                ("recovery[0].timeout", "must be between 1ms and 1h, got 2h")
            ]
        );
    }

    #[test]
    fn describe_quotes_what_a_shell_would_split() {
        let k = ActionKind::Run(vec!["sh".into(), "-c".into(), "echo 'hi' $X".into()]);
        assert_eq!(k.describe(), r"sh -c 'echo '\''hi'\'' $X'");
    }
}
