//! Sequences of results in, transitions out (after gatus `watchdog/alerting_test.go`).

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::model::{Alerts, RuleKind, Status};
use crate::monitor::{default_degraded_rule, default_down_rule};

fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_700_000_000 + s, 0).unwrap()
}

fn alerts(fail: u32, ok: u32) -> Alerts {
    let mut a = Alerts {
        down: default_down_rule(),
        degraded: default_degraded_rule(),
    };
    a.down.failure_threshold = fail;
    a.down.success_threshold = ok;
    a
}

/// Feeds statuses one per minute; returns the transitions of each step.
fn run(e: &mut MonitorEngine, a: &Alerts, seq: &[Status]) -> Vec<Vec<Transition>> {
    seq.iter()
        .enumerate()
        .map(|(i, s)| {
            e.step(
                a,
                &Sample {
                    at: t(60 * i as i64),
                    status: *s,
                    reason: if *s == Status::Down {
                        "connection refused".into()
                    } else {
                        String::new()
                    },
                },
            )
        })
        .collect()
}

fn triggered(ts: &[Transition]) -> Option<&Transition> {
    ts.iter()
        .find(|t| matches!(t, Transition::Triggered { .. }))
}
fn resolved(ts: &[Transition]) -> Option<&Transition> {
    ts.iter().find(|t| matches!(t, Transition::Resolved { .. }))
}

use Status::{Degraded as G, Down as D, Up as U};

#[test]
fn threshold_of_one_triggers_on_first_failure_and_resolves_on_first_success() {
    let a = alerts(1, 1);
    let mut e = MonitorEngine::default();
    let steps = run(&mut e, &a, &[U, D, U]);
    assert!(triggered(&steps[0]).is_none());
    match triggered(&steps[1]) {
        Some(Transition::Triggered {
            rule,
            failures,
            threshold,
            first_failure_at,
            severity,
            create_incident,
            reason,
            ..
        }) => {
            assert_eq!(*rule, RuleKind::Down);
            assert_eq!((*failures, *threshold), (1, 1));
            assert_eq!(*first_failure_at, t(60));
            assert_eq!(*severity, Severity::Critical);
            assert!(create_incident);
            assert_eq!(reason, "connection refused");
        }
        other => panic!("expected trigger, got {other:?}"),
    }
    match resolved(&steps[2]) {
        Some(Transition::Resolved {
            first_failure_at,
            recovered_at,
            ..
        }) => {
            assert_eq!(*first_failure_at, t(60));
            assert_eq!(*recovered_at, t(120));
        }
        other => panic!("expected resolve, got {other:?}"),
    }
}

#[test]
fn triggers_at_threshold_and_not_before_and_incident_starts_at_first_failure() {
    let a = alerts(3, 1);
    let mut e = MonitorEngine::default();
    let steps = run(&mut e, &a, &[U, D, D, D, D]);
    assert!(triggered(&steps[1]).is_none());
    assert!(triggered(&steps[2]).is_none());
    match triggered(&steps[3]) {
        Some(Transition::Triggered {
            failures,
            first_failure_at,
            at,
            ..
        }) => {
            assert_eq!(*failures, 3);
            assert_eq!(
                *first_failure_at,
                t(60),
                "incident starts at the first failure"
            );
            assert_eq!(*at, t(180));
        }
        other => panic!("expected trigger, got {other:?}"),
    }
    assert!(
        steps[4].is_empty(),
        "no second trigger while triggered: {:?}",
        steps[4]
    );
}

#[test]
fn flap_shorter_than_threshold_opens_nothing() {
    let a = alerts(3, 1);
    let mut e = MonitorEngine::default();
    let steps = run(&mut e, &a, &[U, D, D, U, D, D, U]);
    for s in &steps {
        assert!(triggered(s).is_none() && resolved(s).is_none(), "{s:?}");
    }
    // Status changes are still reported: the monitor really went DOWN and back.
    assert!(matches!(
        steps[1][0],
        Transition::StatusChanged { from: U, to: D, .. }
    ));
}

#[test]
fn resolves_after_success_threshold_only() {
    let a = alerts(1, 3);
    let mut e = MonitorEngine::default();
    let steps = run(&mut e, &a, &[D, U, U, D, U, U, U]);
    assert!(triggered(&steps[0]).is_some());
    for s in &steps[1..6] {
        assert!(resolved(s).is_none(), "{s:?}");
        assert!(
            triggered(s).is_none(),
            "a failure inside the recovery streak doesn't re-trigger: {s:?}"
        );
    }
    match resolved(&steps[6]) {
        Some(Transition::Resolved {
            successes,
            first_failure_at,
            recovered_at,
            ..
        }) => {
            assert_eq!(*successes, 3);
            assert_eq!(*first_failure_at, t(0));
            assert_eq!(*recovered_at, t(240));
        }
        other => panic!("expected resolve, got {other:?}"),
    }
}

#[test]
fn reminders_while_triggered() {
    let mut a = alerts(1, 1);
    a.down.remind_every = Some(Duration::from_secs(120));
    let mut e = MonitorEngine::default();
    let steps = run(&mut e, &a, &[D, D, D, D, D, U]);
    let reminders: Vec<usize> = steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.iter().any(|t| matches!(t, Transition::Reminder { .. })))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(reminders, vec![2, 4]);
    assert!(resolved(&steps[5]).is_some());
}

#[test]
fn degraded_rule_and_switch_to_down() {
    let a = alerts(1, 1);
    let mut e = MonitorEngine::default();
    let steps = run(&mut e, &a, &[U, G, D, U]);
    match triggered(&steps[1]) {
        Some(Transition::Triggered {
            rule: RuleKind::Degraded,
            severity: Severity::Warning,
            create_incident: false,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    // DEGRADED -> DOWN: the degraded rule resolves before the down rule triggers.
    let kinds: Vec<_> = steps[2]
        .iter()
        .map(|t| match t {
            Transition::StatusChanged { .. } => "status",
            Transition::Resolved {
                rule: RuleKind::Degraded,
                ..
            } => "degraded resolved",
            Transition::Triggered {
                rule: RuleKind::Down,
                ..
            } => "down triggered",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["status", "degraded resolved", "down triggered"]);
    assert!(resolved(&steps[3]).is_some());
}

#[test]
fn inactive_rule_never_triggers() {
    let mut a = alerts(1, 1);
    a.down.active = false;
    let mut e = MonitorEngine::default();
    let steps = run(&mut e, &a, &[D, D, U]);
    assert!(steps
        .iter()
        .all(|s| triggered(s).is_none() && resolved(s).is_none()));
}

#[test]
fn restored_open_incident_resolves_on_recovery() {
    let a = alerts(1, 1);
    let mut e = MonitorEngine::restore(D, Some(t(-600)), &[(RuleKind::Down, t(-600))]);
    let steps = run(&mut e, &a, &[D, U]);
    assert!(
        triggered(&steps[0]).is_none(),
        "already triggered before the restart"
    );
    match resolved(&steps[1]) {
        Some(Transition::Resolved {
            first_failure_at, ..
        }) => assert_eq!(*first_failure_at, t(-600)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn status_changes_carry_from_and_to() {
    let a = alerts(1, 1);
    let mut e = MonitorEngine::default();
    let steps = run(&mut e, &a, &[U, U, D]);
    assert!(matches!(
        steps[0][0],
        Transition::StatusChanged {
            from: Status::Unknown,
            to: U,
            ..
        }
    ));
    assert!(steps[1].is_empty());
    assert_eq!(e.status, D);
    assert_eq!(e.since, Some(t(120)));
}
