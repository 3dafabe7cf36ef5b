use super::*;
use crate::i18n::Lang;
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
    let md =
        Report::new(&inc, Some("tcp://x:1"), rule, &checks, &st, Utc::now()).markdown_in(Lang::En);
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
    .html_in(Lang::En);
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
    assert!(!r.markdown_in(Lang::En).contains("drill"));
    assert!(!r.html_in(Lang::En).contains("drill"));
    assert_eq!(serde_json::to_value(&r).unwrap()["simulated"], false);

    let mut drill = incident();
    drill.simulated = true;
    let rule = RuleFired::of(&drill, (None, None));
    let r = Report::new(&drill, None, rule, &[], &st, Utc::now());
    let md = r.markdown_in(Lang::En);
    assert!(
        md.starts_with(
            "# Incident #3 (drill): api is DOWN\n\n> A drill: a simulated outage (self-test) \
             that did not touch the service. It is not counted in uptime, downtime, incident \
             counts, MTTR or MTTD.\n\n"
        ),
        "{md}"
    );
    let h = r.html_in(Lang::En);
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

/// Every branch of both documents: open and resolved, a removed monitor, a drill, with and
/// without checks, notifications and recovery attempts.
fn every_kind_of_report(lang: Lang) -> Vec<String> {
    let st = stats();
    let full = incident();
    let mut bare = incident();
    bare.events.clear();
    bare.state = IncidentState::Open;
    bare.resolved_at = None;
    bare.simulated = true;
    bare.acknowledged_at = Some(bare.started_at);
    let checks = [FailedCheck {
        at: full.started_at,
        latency_ms: Some(3),
        reason: "refused".into(),
    }];
    let mut out = vec![];
    for (inc, target, checks) in [
        (&full, Some("tcp://x:1"), &checks[..]),
        (&bare, None, &[][..]),
    ] {
        let rule = RuleFired::of(inc, (None, None));
        let r = Report::new(inc, target, rule, checks, &st, Utc::now());
        out.push(r.markdown_in(lang));
        out.push(r.html_in(lang));
    }
    out
}

#[test]
fn no_message_id_is_left_in_any_report_in_either_language() {
    for lang in crate::i18n::LANGS {
        for text in every_kind_of_report(lang) {
            assert!(!text.contains("report-"), "{text}");
            assert!(!text.contains("status-"), "{text}");
        }
    }
}

#[test]
fn a_report_in_chinese() {
    let mut inc = incident();
    inc.resolved_at = Some(inc.started_at + chrono::Duration::seconds(192));
    let st = stats();
    let checks = [FailedCheck {
        at: inc.started_at,
        latency_ms: Some(12),
        reason: "connection refused".into(),
    }];
    let rule = RuleFired::of(&inc, (None, None));
    let r = Report::new(&inc, Some("tcp://x:1"), rule, &checks, &st, Utc::now());
    let md = r.markdown_in(Lang::ZhCn);
    assert!(md.starts_with("# 事件 #3：api 状态：故障\n"), "{md}");
    assert!(md.contains("| 监控 | api（`tcp://x:1`） |"), "{md}");
    assert!(md.contains("| 严重程度 | 严重 |"), "{md}");
    assert!(
        md.contains("| 规则 | 故障：3 次检查失败 / 失败阈值 3 |"),
        "{md}"
    );
    assert!(md.contains("| 状态 | 已解决 |"), "{md}");
    assert!(md.contains("| 停机时长 | 3分钟12秒 |"), "{md}");
    assert!(
        md.contains("2025年1月1日 12:00:02 UTC（首次失败后 2秒）"),
        "{md}"
    );
    assert!(md.contains("| 确认时间 | 未确认 |"), "{md}");
    assert!(md.contains("## 时间线"), "{md}");
    // What Lookout wrote down in English reads in Chinese; a server's own words stay.
    assert!(md.contains("| 首次失败 | 连接被拒绝 |"), "{md}");
    assert!(
        md.contains("连续 3 次检查失败（失败阈值 3），故障规则触发：refused"),
        "{md}"
    );
    assert!(
        md.contains("已发送告警通知到 kener → 127.0.0.1:9（尝试 1 次）"),
        "{md}"
    );
    assert!(
        md.contains("恢复操作 systemctl restart api（第 1 次，共 3 次）20ms后退出，退出码 1"),
        "{md}"
    );
    assert!(md.contains("## 通知（1）"), "{md}");
    assert!(md.contains("| 12 毫秒 | 连接被拒绝 |"), "{md}");
    assert!(md.contains("## api 最近 30 天"), "{md}");
    assert!(md.contains("- 事件：2 起（已解决 2 起）"), "{md}");
    assert!(md.contains("- MTTR（平均解决时间）：1分钟30秒"), "{md}");
    assert!(md.contains("- MTTD（平均发现时间）：无"), "{md}");

    let h = r.html_in(Lang::ZhCn);
    assert!(h.contains("<html lang=\"zh-CN\">"), "{h}");
    assert!(h.contains("<title>事件 #3：api 状态：故障</title>"), "{h}");
    assert!(
        h.contains("<span class=\"critical\">严重</span>"),
        "the class stays the severity's name: {h}"
    );
    assert!(r.html_in(Lang::En).contains("<html lang=\"en\">"));

    // The JSON is the same whatever the language: the rule's summary stays English.
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(
        v["rule"]["summary"],
        "3 failed checks / failure threshold 3"
    );
    assert_eq!(v["title"], "api is DOWN");
}

#[test]
fn titles_the_engine_wrote_are_said_again_and_others_kept() {
    assert_eq!(title_in(Lang::ZhCn, "api", "api is DOWN"), "api 状态：故障");
    assert_eq!(
        title_in(Lang::ZhCn, "api", "api is DEGRADED"),
        "api 状态：降级"
    );
    assert_eq!(title_in(Lang::En, "api", "api is DOWN"), "api is DOWN");
    assert_eq!(title_in(Lang::ZhCn, "api", "web is DOWN"), "web is DOWN");
    assert_eq!(title_in(Lang::ZhCn, "api", "Disk full"), "Disk full");
}

#[test]
fn one_failed_check_is_singular_in_english() {
    let one = rule_numbers(Lang::En, RuleKind::Down, Some(1), Some(1));
    assert_eq!(one, "down: 1 failed check / failure threshold 1");
    let unknown = rule_numbers(Lang::En, RuleKind::Degraded, None, None);
    assert_eq!(unknown, "degraded: ? failed checks / failure threshold ?");
}

#[test]
fn a_broken_time_pattern_falls_back_to_rfc_3339() {
    let t = Utc.with_ymd_and_hms(2025, 1, 1, 12, 0, 0).unwrap();
    assert_eq!(format_time(t, "%Y-%m-%d"), "2025-01-01");
    assert_eq!(format_time(t, "%Q broken"), "2025-01-01T12:00:00Z");
}
