use super::*;
use crate::model::{IncidentEvent, IncidentEventKind, IncidentId, MonitorId, RuleKind, Severity};
use chrono::TimeZone;

fn incident() -> Incident {
    let t0 = Utc.with_ymd_and_hms(2025, 1, 1, 12, 0, 0).unwrap();
    let ev = |s, kind, m: &str| IncidentEvent {
        at: t0 + chrono::Duration::seconds(s),
        kind,
        message: m.into(),
    };
    Incident {
        id: IncidentId(3),
        monitor_id: MonitorId(1),
        monitor: "api".into(),
        title: "api is DOWN".into(),
        rule: RuleKind::Down,
        severity: Severity::Critical,
        state: IncidentState::Resolved,
        started_at: t0,
        detected_at: t0 + chrono::Duration::seconds(2),
        resolved_at: Some(t0 + chrono::Duration::seconds(63)),
        acknowledged_at: None,
        // As stored before the numbers had columns: the timeline's text has them.
        failures: None,
        failure_threshold: None,
        simulated: false,
        downtime_s: None,
        events: vec![
            ev(0, IncidentEventKind::FirstFailure, "connection refused"),
            ev(
                2,
                IncidentEventKind::Triggered,
                "DOWN rule triggered after 3 failed checks (failure threshold 3): refused | reset",
            ),
            ev(
                3,
                IncidentEventKind::Notification,
                "Sent TRIGGERED to kener → 127.0.0.1:9 (1 try)",
            ),
            ev(
                4,
                IncidentEventKind::RecoveryAction,
                "Recovery action systemctl restart api (attempt 1 of 3) exited 1 after 20ms\nLast output:\nJob failed\nsee ```journalctl```",
            ),
            ev(63, IncidentEventKind::Resolved, "UP again"),
        ],
    }
}

fn stats() -> PeriodStats {
    PeriodStats {
        days: 30,
        count: 2,
        resolved: 2,
        mttr_s: Some(90.4),
        mttd_s: None,
    }
}

#[test]
fn markdown_has_the_facts() {
    let inc = incident();
    let checks = [FailedCheck {
        at: inc.started_at,
        latency_ms: Some(1),
        reason: "connection refused".into(),
    }];
    let st = stats();
    let rule = RuleFired::of(&inc, (None, None));
    let md = Report::new(&inc, Some("tcp://x:1"), rule, &checks, &st, Utc::now()).markdown();
    assert!(md.starts_with("# Incident #3: api is DOWN\n"), "{md}");
    assert!(md.contains("| Monitor | api (`tcp://x:1`) |"), "{md}");
    assert!(md.contains("| Downtime | 1m 3s |"), "{md}");
    assert!(
        md.contains("2025-01-01T12:00:02Z (2s after the first failure)"),
        "{md}"
    );
    assert!(md.contains("| Acknowledged | no |"), "{md}");
    assert!(
        md.contains("| first failure | connection refused |"),
        "{md}"
    );
    assert!(md.contains("refused \\| reset"), "{md}");
    assert!(
        md.contains("| Rule | down: 3 failed checks / failure threshold 3 |"),
        "{md}"
    );
    assert!(md.contains("## Notifications (1)"), "{md}");
    assert!(md.contains("Sent TRIGGERED to kener"), "{md}");
    assert!(md.contains("## Recovery attempts (1)"), "{md}");
    // The timeline shows the attempt's summary; its section shows the output, fenced.
    assert!(
        md.contains("| recovery action | Recovery action systemctl restart api (attempt 1 of 3) exited 1 after 20ms |"),
        "{md}"
    );
    assert!(
        md.contains("  ````\n  Job failed\n  see ```journalctl```\n  ````\n"),
        "{md}"
    );
    assert!(md.contains("## Failed checks (1)"), "{md}");
    assert!(md.contains("MTTR (mean time to resolve): 1m 30s"), "{md}");
    assert!(md.contains("MTTD (mean time to detect): n/a"), "{md}");
}

#[test]
fn json_is_the_incident_plus_extras() {
    let inc = incident();
    let st = stats();
    let rule = RuleFired::of(&inc, (None, None));
    let v = serde_json::to_value(Report::new(&inc, None, rule, &[], &st, Utc::now())).unwrap();
    assert_eq!(v["id"], 3);
    assert_eq!(v["state"], "resolved");
    assert_eq!(v["duration_s"], 63);
    assert_eq!(v["time_to_detect_s"], 2);
    assert_eq!(v["stats"]["count"], 2);
    assert_eq!(v["events"].as_array().unwrap().len(), 5);
    assert_eq!(v["rule"]["kind"], "down");
    assert_eq!(v["rule"]["failures"], 3);
    assert_eq!(v["rule"]["failure_threshold"], 3);
    assert_eq!(
        v["rule"]["summary"],
        "3 failed checks / failure threshold 3"
    );
    assert_eq!(v["notifications"].as_array().unwrap().len(), 1);
    assert_eq!(v["recovery_attempts"][0]["kind"], "recovery_action");
    assert!(v["recovery_attempts"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Job failed"));
    assert_eq!(v["stats"]["mttd_s"], serde_json::Value::Null);
}

#[test]
fn html_escapes_everything_from_the_incident() {
    let mut inc = incident();
    inc.title = "api <b>is</b> DOWN".into();
    inc.events[0].message = "<script>alert('x')</script> & more".into();
    let checks = [FailedCheck {
        at: inc.started_at,
        latency_ms: None,
        reason: "HTTP 500: <script>document.cookie</script>".into(),
    }];
    let st = stats();
    let rule = RuleFired::of(&inc, (None, None));
    let h = Report::new(
        &inc,
        Some("http://x/?a=1&b=\"2\""),
        rule,
        &checks,
        &st,
        Utc::now(),
    )
    .html();
    assert!(h.starts_with("<!DOCTYPE html>"), "{h}");
    assert!(h.trim_end().ends_with("</html>"), "{h}");
    assert!(!h.contains("<script"), "{h}");
    assert!(!h.contains("<b>"), "{h}");
    assert!(
        h.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"),
        "{h}"
    );
    assert!(
        h.contains("HTTP 500: &lt;script&gt;document.cookie&lt;/script&gt;"),
        "{h}"
    );
    assert!(
        h.contains("<title>Incident #3: api &lt;b&gt;is&lt;/b&gt; DOWN</title>"),
        "{h}"
    );
    assert!(h.contains("http://x/?a=1&amp;b=&quot;2&quot;"), "{h}");
    // Self-contained: nothing loaded from elsewhere.
    for outside in ["<link", "src=", "@import", "url("] {
        assert!(!h.contains(outside), "{outside}: {h}");
    }
    assert!(
        h.contains("down: 3 failed checks / failure threshold 3"),
        "{h}"
    );
    assert!(
        h.contains("<pre>Job failed\nsee ```journalctl```</pre>"),
        "{h}"
    );
    assert!(h.contains("MTTR (mean time to resolve): 1m 30s"), "{h}");
}

#[test]
fn a_drill_says_so_first_in_every_format() {
    let st = stats();
    let real = incident();
    let rule = RuleFired::of(&real, (None, None));
    let r = Report::new(&real, None, rule, &[], &st, Utc::now());
    assert!(!r.markdown().contains("drill"));
    assert!(!r.html().contains("drill"));
    assert_eq!(serde_json::to_value(&r).unwrap()["simulated"], false);

    let mut drill = incident();
    drill.simulated = true;
    let rule = RuleFired::of(&drill, (None, None));
    let r = Report::new(&drill, None, rule, &[], &st, Utc::now());
    let md = r.markdown();
    assert!(
        md.starts_with(&format!(
            "# Incident #3 (drill): api is DOWN\n\n> {DRILL_NOTICE}\n\n"
        )),
        "{md}"
    );
    let h = r.html();
    assert!(h.contains("<h1>Incident #3 (drill): api is DOWN</h1>\n<p><strong>A drill: a simulated outage (self-test)"), "{h}");
    assert_eq!(serde_json::to_value(&r).unwrap()["simulated"], true);
}

#[test]
fn rule_numbers_come_from_the_timeline_else_the_fallback() {
    let inc = incident();
    assert_eq!(RuleFired::of(&inc, (Some(9), Some(9))).failures, Some(3));
    // Stored numbers win over the text.
    let mut stored = incident();
    (stored.failures, stored.failure_threshold) = (Some(5), Some(4));
    let r = RuleFired::of(&stored, (Some(9), Some(9)));
    assert_eq!(r.summary, "5 failed checks / failure threshold 4");
    let mut bare = incident();
    bare.events
        .retain(|e| e.kind != IncidentEventKind::Triggered);
    let r = RuleFired::of(&bare, (Some(1), Some(2)));
    assert_eq!(r.summary, "1 failed check / failure threshold 2");
    let r = RuleFired::of(&bare, (None, None));
    assert_eq!(r.summary, "? failed checks / failure threshold ?");
    assert_eq!(
        parse_triggered("DOWN rule triggered after 1 failed check (failure threshold 1): x"),
        Some((1, 1))
    );
}
