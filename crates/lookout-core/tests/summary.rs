//! The period summary (`lookout summary`, the dashboard's weekly review) over a real SQLite file.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use lookout_core::i18n::Lang;
use lookout_core::model::{CheckResult, IncidentEvent, IncidentEventKind, IncidentState};
use lookout_core::model::{RuleKind, Severity, Status};
use lookout_core::monitor::Monitor;
use lookout_core::report::{summary, Summary};
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::{NewIncident, Store};

fn monitor(name: &str) -> Monitor {
    Monitor::try_from(MonitorSpec {
        name: name.into(),
        target: "tcp://127.0.0.1:9".into(),
        ..Default::default()
    })
    .unwrap()
}

fn check(at: DateTime<Utc>, status: Status) -> CheckResult {
    CheckResult {
        at,
        status,
        latency: Duration::from_millis(5),
        reason: String::new(),
        details: serde_json::Value::Null,
    }
}

#[test]
fn a_week_of_two_monitors() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let to = Utc.with_ymd_and_hms(2026, 3, 8, 12, 0, 0).unwrap();
    let from = to - chrono::Duration::days(7);
    let h = chrono::Duration::hours;
    let api = store.add_monitor(&monitor("api|v2")).unwrap();
    store.add_monitor(&monitor("web")).unwrap();
    for (i, s) in [Status::Up, Status::Up, Status::Down, Status::Degraded]
        .into_iter()
        .enumerate()
    {
        store.record_check(api, &check(to - h(10 + i as i64), s));
    }
    store.flush().unwrap();
    let open = |started, detected| {
        store
            .open_incident(&NewIncident {
                monitor_id: api,
                monitor: "api|v2".into(),
                title: "api|v2 is DOWN".into(),
                rule: RuleKind::Down,
                severity: Severity::Critical,
                started_at: started,
                detected_at: detected,
                failures: 1,
                failure_threshold: 1,
                simulated: false,
                events: Vec::new(),
            })
            .unwrap()
    };
    // Began before the period and ended inside it: counted, with its part inside the period.
    let old = open(from - h(1), from - h(1));
    let ev = |at| IncidentEvent {
        at,
        kind: IncidentEventKind::Resolved,
        message: "Resolved".into(),
    };
    store
        .resolve_incident(old, from + h(2), None, &ev(from + h(2)))
        .unwrap();
    // Still open at the end.
    let now_open = open(to - h(3), to - h(3) + chrono::Duration::seconds(30));

    let s = summary(&store, from, to).unwrap();
    assert_eq!(s.days, 7);
    let names: Vec<&str> = s.monitors.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["api|v2", "web"]);
    let a = &s.monitors[0];
    assert_eq!(a.uptime_pct, Some(75.0), "UP and DEGRADED pass");
    assert_eq!(a.incidents, 2);
    assert_eq!(a.downtime_s, 2 * 3600 + 3 * 3600);
    assert_eq!(s.monitors[1].uptime_pct, None);
    assert_eq!(s.monitors[1].incidents, 0);
    let ids: Vec<_> = s.incidents.iter().map(|i| i.id).collect();
    assert_eq!(ids, [now_open, old], "open first");
    assert_eq!(s.incidents[0].state, IncidentState::Open);
    assert_eq!(s.incidents[0].duration_s, 3 * 3600);
    assert_eq!(s.totals.count, 1, "only the one that started in the period");
    assert_eq!(s.totals.mttd_s, Some(30.0));

    let md = s.markdown_in(Lang::En);
    assert!(
        md.starts_with(
            "# Lookout summary: the last 7 days\n\n2026-03-01T12:00:00Z to 2026-03-08T12:00:00Z\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("| api\\|v2 | 75.00% | 2 | 5h | n/a |\n"),
        "{md}"
    );
    assert!(md.contains("| web | no data | 0 | 0s | n/a |\n"), "{md}");
    assert!(md.contains("## Incidents (2)"), "{md}");
    assert!(md.contains("- MTTD (mean time to detect): 30s\n"), "{md}");
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["monitors"][0]["downtime_s"], 5 * 3600);
    assert_eq!(v["incidents"][0]["state"], "open");

    // A drill in the period, still open too: no figure, no line, nothing in the Markdown.
    let drill = store
        .open_incident(&NewIncident {
            monitor_id: api,
            monitor: "api|v2".into(),
            title: "api|v2 is DOWN".into(),
            rule: RuleKind::Down,
            severity: Severity::Critical,
            started_at: to - h(2),
            detected_at: to - h(2),
            failures: 1,
            failure_threshold: 1,
            simulated: true,
            events: Vec::new(),
        })
        .unwrap();
    assert!(store.incident(drill).unwrap().simulated);
    let with_drill = summary(&store, from, to).unwrap();
    assert_eq!(with_drill, s);
    assert_eq!(with_drill.markdown_in(Lang::En), md);
}

#[test]
fn an_empty_period_says_so() {
    let to = Utc.with_ymd_and_hms(2026, 3, 8, 12, 0, 0).unwrap();
    let md = Summary::empty(to - chrono::Duration::days(1), to).markdown_in(Lang::En);
    assert!(
        md.starts_with("# Lookout summary: the last 1 day\n"),
        "{md}"
    );
    assert!(md.contains("No monitors.\n"), "{md}");
    assert!(md.contains("None in this period.\n"), "{md}");
}
