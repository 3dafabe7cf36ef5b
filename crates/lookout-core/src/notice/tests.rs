use std::time::Duration;

use chrono::TimeZone;
use tokio::time::Instant;

use super::selftest::{test_notification, test_pending, Check};
use super::*;
use crate::model::Status;

fn t(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 14, h, m, s).unwrap()
}

fn triggered(rule: RuleKind, severity: Severity) -> CoreEvent {
    CoreEvent::AlertTriggered {
        monitor_id: MonitorId(3),
        monitor: "api".into(),
        rule,
        severity,
        incident: Some(IncidentId(9)),
        reason: "connection refused (127.0.0.1:8080)".into(),
        since: t(14, 2, 11),
        at: t(14, 2, 14),
        failures: 3,
        threshold: 3,
        simulated: false,
    }
}

#[test]
fn down_alert() {
    let n = text_for(&triggered(RuleKind::Down, Severity::Critical), &Utc).unwrap();
    assert_eq!(n.summary, "api is DOWN");
    assert_eq!(
        n.body,
        "connection refused (127.0.0.1:8080)\nSince 14:02:11 (3 failed checks)"
    );
    assert_eq!(n.urgency, Urgency::Critical);
    assert_eq!(n.incident, Some(IncidentId(9)));
    assert_eq!(n.monitor, Some(MonitorId(3)));
}

#[test]
fn warning_severity_is_normal_urgency_and_degraded_says_so() {
    let n = text_for(&triggered(RuleKind::Degraded, Severity::Warning), &Utc).unwrap();
    assert_eq!(n.summary, "api is DEGRADED");
    assert_eq!(n.urgency, Urgency::Normal);
    let n = text_for(&triggered(RuleKind::Down, Severity::Warning), &Utc).unwrap();
    assert_eq!(n.summary, "api is DOWN");
    assert_eq!(n.urgency, Urgency::Normal);
}

#[test]
fn one_failure_is_singular_and_other_days_show_the_date() {
    let ev = CoreEvent::AlertTriggered {
        monitor_id: MonitorId(1),
        monitor: "db".into(),
        rule: RuleKind::Down,
        severity: Severity::Critical,
        incident: None,
        reason: "".into(),
        since: t(23, 59, 50) - chrono::Duration::days(1),
        at: t(0, 0, 5),
        failures: 1,
        threshold: 1,
        simulated: false,
    };
    let n = text_for(&ev, &Utc).unwrap();
    assert_eq!(
        n.body,
        "No reason given\nSince 2026-03-13 23:59 (1 failed check)"
    );
    assert_eq!(n.incident, None);
}

#[test]
fn notifications_speak_chinese_with_the_dates_and_lengths_of_the_language() {
    use crate::i18n::{with_lang, Lang};
    with_lang(Lang::ZhCn, || {
        let n = text_for(&triggered(RuleKind::Down, Severity::Critical), &Utc).unwrap();
        assert_eq!(n.summary, "api 状态：故障");
        assert_eq!(
            n.body,
            "connection refused (127.0.0.1:8080)\n自 14:02:11 起（3 次检查失败）"
        );
        let ev = CoreEvent::AlertResolved {
            monitor_id: MonitorId(3),
            monitor: "api".into(),
            rule: RuleKind::Down,
            severity: Severity::Critical,
            incident: None,
            since: t(23, 59, 50) - chrono::Duration::days(1),
            at: t(0, 3, 2),
            duration_s: 192,
            simulated: true,
        };
        let n = text_for(&ev, &Utc).unwrap();
        assert_eq!(n.summary, "[演练] api 已恢复正常");
        assert_eq!(
            n.body,
            "故障持续了 3分钟12秒（自 2026年3月13日 23:59 起）\n这是一次模拟故障（自检），服务本身未受影响。"
        );
    });
}

#[test]
fn resolved_says_back_up_with_downtime() {
    let ev = CoreEvent::AlertResolved {
        monitor_id: MonitorId(3),
        monitor: "api".into(),
        rule: RuleKind::Down,
        severity: Severity::Critical,
        incident: Some(IncidentId(9)),
        since: t(14, 2, 11),
        at: t(14, 5, 23),
        duration_s: 192,
        simulated: false,
    };
    let n = text_for(&ev, &Utc).unwrap();
    assert_eq!(n.summary, "api is back UP");
    assert_eq!(n.body, "Down for 3m 12s (since 14:02:11)");
    assert_eq!(n.urgency, Urgency::Normal);
    assert_eq!(n.incident, Some(IncidentId(9)));
}

#[test]
fn reminder_says_still_down_and_for_how_long() {
    let ev = CoreEvent::AlertReminder {
        monitor_id: MonitorId(3),
        monitor: "api".into(),
        rule: RuleKind::Down,
        severity: Severity::Critical,
        incident: None,
        reason: "HTTP 503\n<html>lots of body</html>".into(),
        since: t(12, 0, 0),
        at: t(14, 30, 0),
        simulated: false,
    };
    let n = text_for(&ev, &Utc).unwrap();
    assert_eq!(n.summary, "api is still DOWN");
    assert_eq!(n.body, "HTTP 503\nDown for 2h 30m, since 12:00:00");
    assert_eq!(n.urgency, Urgency::Critical);
}

#[test]
fn healed_by_a_recovery_action_says_so() {
    let ev = CoreEvent::RecoveryHealed {
        monitor_id: MonitorId(3),
        monitor: "api".into(),
        incident: Some(IncidentId(9)),
        action: crate::model::ActionKind::Run(vec![
            "systemctl".into(),
            "--user".into(),
            "restart".into(),
            "api".into(),
        ]),
        attempts: 1,
        exit_code: Some(0),
        healed_by_action: true,
        message: "api was restarted automatically (systemctl --user restart api) and is back UP"
            .into(),
        at: t(14, 5, 23),
    };
    let n = text_for(&ev, &Utc).unwrap();
    assert_eq!(n.summary, "api is back UP");
    assert_eq!(
        n.body,
        "api was restarted automatically (systemctl --user restart api) and is back UP"
    );
    assert_eq!(n.urgency, Urgency::Normal);
    assert!(replaces_recovery(&ev));
}

#[test]
fn other_events_notify_nothing() {
    let evs = [
        CoreEvent::StatusChanged {
            monitor_id: MonitorId(1),
            monitor: "api".into(),
            from: Status::Up,
            to: Status::Down,
            at: t(1, 0, 0),
            reason: "x".into(),
        },
        CoreEvent::OverallChanged {
            from: Status::Up,
            to: Status::Down,
            health: crate::health::Health::of(Default::default(), false),
        },
        CoreEvent::MonitorsChanged,
        CoreEvent::IncidentOpened {
            monitor_id: MonitorId(1),
            monitor: "api".into(),
            incident: IncidentId(1),
            severity: Severity::Critical,
            title: "api is DOWN".into(),
            started_at: t(1, 0, 0),
            simulated: false,
        },
        CoreEvent::IncidentResolved {
            monitor_id: MonitorId(1),
            monitor: "api".into(),
            incident: IncidentId(1),
            resolved_at: t(1, 0, 0),
            duration_s: 5,
            simulated: false,
        },
    ];
    for ev in evs {
        assert_eq!(text_for(&ev, &Utc), None, "{ev:?}");
    }
}

#[test]
fn offline_is_one_notice_and_reconnection_another() {
    let off = CoreEvent::ConnectivityChanged {
        online: false,
        at: t(9, 0, 0),
        reason: "reference targets unreachable: 1.1.1.1:443, 9.9.9.9:443".into(),
    };
    let n = text_for(&off, &Utc).unwrap();
    assert_eq!(n.summary, "You are offline");
    assert_eq!(
        n.body,
        "Reference targets unreachable: 1.1.1.1:443, 9.9.9.9:443\nChecks resume when the network is back; until then nothing is reported DOWN."
    );
    assert_eq!(n.urgency, Urgency::Normal);
    assert_eq!((n.monitor, n.incident), (None, None));
    let on = CoreEvent::ConnectivityChanged {
        online: true,
        at: t(9, 5, 0),
        reason: String::new(),
    };
    let n = text_for(&on, &Utc).unwrap();
    assert_eq!(n.summary, "You are back online");
    assert_eq!(
        n.body,
        "Every monitor is being checked now; only real outages will alert."
    );
    assert_eq!(n.urgency, Urgency::Normal);
}

#[test]
fn flapping_says_how_often_and_that_alerts_are_held() {
    let ev = CoreEvent::Flapping {
        monitor_id: MonitorId(3),
        monitor: "api".into(),
        notifications: 4,
        window_s: 600,
        at: t(9, 0, 0),
    };
    let n = text_for(&ev, &Utc).unwrap();
    assert_eq!(n.summary, "api is flapping");
    assert_eq!(
        n.body,
        "4 notifications in 10m; further alerts are held until it settles."
    );
    assert_eq!(n.urgency, Urgency::Normal);
    assert_eq!(n.monitor, Some(MonitorId(3)));
}

#[test]
fn overdue_says_since_when() {
    let mut ev = CoreEvent::Overdue {
        monitor_id: MonitorId(3),
        monitor: "api".into(),
        last_check: Some(t(8, 58, 30)),
        interval_s: 30,
        at: t(9, 0, 0),
    };
    let n = text_for(&ev, &Utc).unwrap();
    assert_eq!(n.summary, "api is overdue");
    assert_eq!(
        n.body,
        "No check result since 08:58:30 (checked every 30s). Lookout's checks may be stalled or the machine overloaded."
    );
    assert_eq!(n.urgency, Urgency::Normal);
    if let CoreEvent::Overdue { last_check, .. } = &mut ev {
        *last_check = None;
    }
    let n = text_for(&ev, &Utc).unwrap();
    assert!(
        n.body
            .starts_with("No check result yet (checked every 30s)"),
        "{}",
        n.body
    );
}

fn overdue(id: i64) -> CoreEvent {
    CoreEvent::Overdue {
        monitor_id: MonitorId(id),
        monitor: format!("m{id}"),
        last_check: Some(t(8, 58, 30)),
        interval_s: 30,
        at: t(9, 0, 0),
    }
}

/// A drill's alerts say so in their own events (`simulated: true`): nothing needs to remember
/// that a drill is going on, so a lost `simulation_ended` can never label a real outage.
#[test]
fn a_drill_says_simulated_and_nothing_else_does() {
    let drill = |mut e: CoreEvent| {
        match &mut e {
            CoreEvent::AlertTriggered { simulated, .. }
            | CoreEvent::AlertResolved { simulated, .. } => *simulated = true,
            _ => unreachable!(),
        }
        e
    };
    let real = text_for(&triggered(RuleKind::Down, Severity::Critical), &Utc).unwrap();
    assert_eq!(real.summary, "api is DOWN");
    assert!(!real.body.contains("simulated"), "{}", real.body);
    let down = text_for(&drill(triggered(RuleKind::Down, Severity::Critical)), &Utc).unwrap();
    assert_eq!(down.summary, "[Simulated] api is DOWN");
    assert!(
        down.body
            .ends_with(&format!("\n{}", crate::t!("notice-simulated-line"))),
        "{}",
        down.body
    );
    assert_eq!(
        down.urgency,
        Urgency::Critical,
        "the drill tries the real path, urgency included"
    );
    let resolved = CoreEvent::AlertResolved {
        monitor_id: MonitorId(3),
        monitor: "api".into(),
        rule: RuleKind::Down,
        severity: Severity::Critical,
        incident: Some(IncidentId(9)),
        since: t(14, 2, 11),
        at: t(14, 2, 14),
        duration_s: 3,
        simulated: false,
    };
    assert_eq!(
        text_for(&drill(resolved.clone()), &Utc).unwrap().summary,
        "[Simulated] api is back UP"
    );
    assert_eq!(text_for(&resolved, &Utc).unwrap().summary, "api is back UP");
    // The presenter passes them on as they are.
    let mut p = Presenter::default();
    let now = Instant::now();
    let shown = p.on_event(&drill(resolved), now, &Utc).unwrap();
    assert!(shown.summary.starts_with("[Simulated] "));
}

#[test]
fn one_overdue_monitor_is_told_alone_after_the_grouping_wait() {
    let mut p = Presenter::default();
    let now = Instant::now();
    assert_eq!(p.deadline(), None);
    assert_eq!(p.on_event(&overdue(1), now, &Utc), None, "held");
    assert_eq!(p.deadline(), Some(now + OVERDUE_GROUPING));
    let n = p.flush().unwrap();
    assert_eq!(n.summary, "m1 is overdue");
    assert_eq!(n.monitor, Some(MonitorId(1)));
    assert_eq!(p.deadline(), None);
    assert_eq!(p.flush(), None, "nothing held twice");
}

#[test]
fn many_overdue_monitors_make_one_notification() {
    let mut p = Presenter::default();
    let now = Instant::now();
    for id in 0..7 {
        // Arriving over a second or two does not push the notification further away.
        let at = now + Duration::from_millis(300 * id as u64);
        assert_eq!(p.on_event(&overdue(id), at, &Utc), None);
    }
    assert_eq!(
        p.on_event(&overdue(3), now, &Utc),
        None,
        "a repeat counts once"
    );
    // Other notifications are not held meanwhile.
    assert!(p
        .on_event(&triggered(RuleKind::Down, Severity::Critical), now, &Utc)
        .is_some());
    assert_eq!(p.deadline(), Some(now + OVERDUE_GROUPING));
    let n = p.flush().unwrap();
    assert_eq!(n.summary, "7 monitors are overdue");
    assert_eq!(
        n.body,
        "No recent check result for m0, m1, m2, m3, m4 and 2 more. Lookout's checks may be stalled or the machine overloaded."
    );
    assert_eq!(
        (n.monitor, n.incident),
        (None, None),
        "a click opens the dashboard"
    );
    assert_eq!(n.urgency, Urgency::Normal);
    p.on_event(&overdue(1), now, &Utc);
    p.on_event(&overdue(2), now, &Utc);
    assert_eq!(
        p.flush().unwrap().body,
        "No recent check result for m1 and m2. Lookout's checks may be stalled or the machine overloaded."
    );
}

#[test]
fn only_critical_alerts_are_critical() {
    let n = text_for(&triggered(RuleKind::Down, Severity::Warning), &Utc).unwrap();
    assert_eq!(n.urgency, Urgency::Normal);
    let n = text_for(&triggered(RuleKind::Down, Severity::Critical), &Utc).unwrap();
    assert_eq!(n.urgency, Urgency::Critical);
}

#[test]
fn test_notification_lists_every_channel() {
    let none = test_notification(&Ok(vec![]));
    assert_eq!(none.summary, "Lookout test notification");
    assert_eq!(
        none.body,
        "Notifications work. You will see one like this when a monitor goes DOWN.\nNo webhook channels are configured."
    );
    let two = test_notification(&Ok(vec![
        Check {
            name: "slack → hooks.slack.com".into(),
            ok: true,
            error: None,
        },
        Check {
            name: "kener → 127.0.0.1:9".into(),
            ok: false,
            error: Some("HTTP 500: oops\n<html>".into()),
        },
    ]));
    assert_eq!(
        two.body.lines().skip(1).collect::<Vec<_>>(),
        [
            "Webhook channels: 1 of 2 work",
            "✓ slack → hooks.slack.com",
            "✕ kener → 127.0.0.1:9: HTTP 500: oops"
        ]
    );
    let unreadable = test_notification(&Err("bad JSON".into()));
    assert!(
        unreadable
            .body
            .ends_with("The webhook channels could not be read: bad JSON"),
        "{}",
        unreadable.body
    );
    assert_eq!(test_pending(1).summary, "Lookout test notification");
    assert!(test_pending(2).body.ends_with("Trying 2 webhook channels…"));
    assert!(test_pending(1).body.ends_with("Trying 1 webhook channel…"));
}

#[test]
fn long_reasons_are_cut() {
    let mut ev = triggered(RuleKind::Down, Severity::Critical);
    if let CoreEvent::AlertTriggered { reason, .. } = &mut ev {
        *reason = "x".repeat(500);
    }
    let n = text_for(&ev, &Utc).unwrap();
    let first = n.body.lines().next().unwrap();
    assert_eq!(first.chars().count(), 200);
    assert!(first.ends_with('…'));
}

#[test]
fn durations_read_naturally() {
    assert_eq!(human_duration(0), "0s");
    assert_eq!(human_duration(45), "45s");
    assert_eq!(human_duration(60), "1m");
    assert_eq!(human_duration(192), "3m 12s");
    assert_eq!(human_duration(3600), "1h");
    assert_eq!(human_duration(7500), "2h 5m");
    assert_eq!(human_duration(86_400 * 3), "3d");
    assert_eq!(human_duration(86_400 * 3 + 4 * 3600 + 59), "3d 4h");
    assert_eq!(human_duration(-5), "0s");
}

#[test]
fn local_offsets_are_applied() {
    let tz = chrono::FixedOffset::east_opt(2 * 3600).unwrap();
    assert_eq!(clock_time(t(14, 2, 11), t(14, 3, 0), &tz), "16:02:11");
}

#[test]
fn remote_text_in_a_body_is_shown_as_written_not_as_markup() {
    let reason = r#"<a href="http://evil.example/">click</a> & <img src="x"> <b>owned</b>"#;
    let shown = body_markup(reason);
    assert!(!shown.contains('<') && !shown.contains('>'), "{shown}");
    assert_eq!(
        shown,
        "&lt;a href=&quot;http://evil.example/&quot;&gt;click&lt;/a&gt; &amp; &lt;img src=&quot;x&quot;&gt; &lt;b&gt;owned&lt;/b&gt;"
    );
    assert_eq!(
        body_markup("api is DOWN: timed out"),
        "api is DOWN: timed out"
    );
}

#[test]
fn a_storage_fault_is_one_critical_notice_naming_the_file() {
    let at = chrono::Utc::now();
    let fault = CoreEvent::StorageFault {
        fault:
            "cannot write the database /home/u/.local/share/lookout/lookout.db: the disk is full"
                .into(),
        since: at,
        pending: 12,
        dropped: 0,
    };
    let n = text_for(&fault, &chrono::Utc).unwrap();
    assert_eq!(n.urgency, Urgency::Critical);
    assert!(
        n.body.starts_with("Cannot write the database /home/u/"),
        "{}",
        n.body
    );
    assert!(n.body.contains("Checks and alerts go on"), "{}", n.body);
    let back = CoreEvent::StorageRecovered {
        since: at,
        at,
        dropped: 3,
    };
    let n = text_for(&back, &chrono::Utc).unwrap();
    assert!(
        n.body.contains("except 3 check results dropped"),
        "{}",
        n.body
    );
}

#[test]
fn an_engine_fault_names_what_failed() {
    let fault = CoreEvent::EngineFault {
        task: "the check of Mockoon".into(),
        message: "index out of bounds".into(),
        at: chrono::Utc::now(),
    };
    let n = text_for(&fault, &chrono::Utc).unwrap();
    assert_eq!(n.summary, "Lookout hit an internal error");
    assert_eq!(
        n.body,
        "The check of Mockoon failed (index out of bounds) and was restarted; monitoring goes on. Please report it."
    );
    let json = serde_json::to_value(&fault).unwrap();
    assert_eq!(json["event"], "engine_fault");
    assert_eq!(json["task"], "the check of Mockoon");
    // The task, written down in English for the JSON, reads in Chinese in the notice.
    let zh = crate::i18n::with_lang(crate::i18n::Lang::ZhCn, || {
        text_for(&fault, &chrono::Utc).unwrap().body
    });
    assert!(
        zh.starts_with("对 Mockoon 的检查 出错（index out of bounds）"),
        "{zh}"
    );
}

#[test]
fn a_recurring_fault_is_told_once_an_hour_per_task() {
    let fault = |task: &str| CoreEvent::EngineFault {
        task: task.into(),
        message: "boom".into(),
        at: chrono::Utc::now(),
    };
    let mut p = Presenter::default();
    let now = Instant::now();
    assert!(p.on_event(&fault("the check of a"), now, &Utc).is_some());
    let later = now + Duration::from_secs(30);
    assert_eq!(p.on_event(&fault("the check of a"), later, &Utc), None);
    assert!(
        p.on_event(&fault("the check of b"), later, &Utc).is_some(),
        "another task is told"
    );
    let hour = now + FAULT_QUIET;
    assert!(p.on_event(&fault("the check of a"), hour, &Utc).is_some());
}
