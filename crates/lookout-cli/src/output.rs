//! Rendering for people (tables, durations, times) and the JSON shapes scripts read.
//!
//! The JSON views are separate structs rather than the core's types serialized as they are, so
//! the CLI's public shapes (issue #2) stay fixed even when the core's types grow fields.

use std::io::{self, Write};

use chrono::{DateTime, Local, Utc};
use lookout_core::model::{CheckResult, Incident, MonitorState, Status};
pub use lookout_core::report::{human_secs, state_str, IncidentView};
use serde::Serialize;

/// Writes `text` to stdout. A closed pipe (`lookout export | head`) is not an error worth a
/// message: the reader has what it wanted.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let r = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    match r {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

/// A plain text table: columns padded to their widest cell, the last column not padded.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let n = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(n) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, cell) in cells.enumerate() {
            if i + 1 < n {
                s.push_str(cell);
                s.extend(std::iter::repeat_n(
                    ' ',
                    widths[i] - cell.chars().count() + 2,
                ));
            } else {
                s.push_str(cell);
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// A wall-clock time for tables, in the local zone: `2025-03-01 14:02:07`.
pub fn local_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// `UP  12 ms`, `DOWN  2003 ms  timed out after 2s`: what `lookout check` prints.
pub fn check_line(r: &CheckResult) -> String {
    let mut s = format!("{}  {} ms", r.status, r.latency.as_millis());
    if !r.reason.is_empty() {
        s.push_str("  ");
        s.push_str(&r.reason);
    }
    s
}

/// `lookout check --json`.
#[derive(Debug, Serialize)]
pub struct CheckView<'a> {
    pub target: &'a str,
    pub status: Status,
    pub latency_ms: Option<u64>,
    pub reason: &'a str,
    pub details: &'a serde_json::Value,
}

impl<'a> CheckView<'a> {
    pub fn new(target: &'a str, r: &'a CheckResult) -> Self {
        CheckView {
            target,
            status: r.status,
            latency_ms: Some(r.latency.as_millis() as u64),
            reason: &r.reason,
            details: &r.details,
        }
    }
}

/// One monitor of `lookout status --json`.
#[derive(Debug, Serialize)]
pub struct StatusEntry<'a> {
    pub name: &'a str,
    pub target: &'a str,
    pub status: Status,
    pub since: Option<DateTime<Utc>>,
    pub last_check: Option<DateTime<Utc>>,
    pub latency_ms: Option<u64>,
    pub reason: &'a str,
}

/// `lookout status --json`: `{"overall", "monitors": [...]}`.
#[derive(Debug, Serialize)]
pub struct StatusView<'a> {
    pub overall: Status,
    pub monitors: Vec<StatusEntry<'a>>,
}

impl<'a> StatusView<'a> {
    pub fn new(states: &'a [MonitorState]) -> Self {
        StatusView {
            overall: Status::worst(states.iter().map(|s| s.status)),
            monitors: states
                .iter()
                .map(|s| StatusEntry {
                    name: &s.name,
                    target: &s.target,
                    status: s.status,
                    since: s.since,
                    last_check: s.last_check,
                    latency_ms: s.latency_ms,
                    reason: &s.reason,
                })
                .collect(),
        }
    }

    pub fn human(&self, now: DateTime<Utc>) -> String {
        let rows: Vec<Vec<String>> = self
            .monitors
            .iter()
            .map(|m| {
                vec![
                    m.name.to_string(),
                    m.status.to_string(),
                    m.since
                        .map(|t| format!("{} ago", human_secs((now - t).num_seconds())))
                        .unwrap_or_else(|| "-".into()),
                    m.latency_ms
                        .map(|l| format!("{l} ms"))
                        .unwrap_or_else(|| "-".into()),
                    m.reason.to_string(),
                ]
            })
            .collect();
        let mut out = format!("Overall: {}\n", self.overall);
        if !rows.is_empty() {
            out.push('\n');
            out.push_str(&table(
                &["NAME", "STATUS", "SINCE", "LATENCY", "REASON"],
                &rows,
            ));
        }
        out
    }
}

/// What marks a drill's title in `lookout incidents`: it is listed, but was no outage.
pub const DRILL_MARK: &str = "[drill] ";

/// `lookout incidents` for people.
pub fn incidents_table(incidents: &[Incident], now: DateTime<Utc>) -> String {
    if incidents.is_empty() {
        return "No incidents.\n".into();
    }
    let rows: Vec<Vec<String>> = incidents
        .iter()
        .map(|i| {
            vec![
                i.id.to_string(),
                state_str(i.state).into(),
                i.severity.to_string(),
                i.monitor.clone(),
                local_time(i.started_at),
                human_secs(i.duration_s(now)),
                if i.simulated {
                    format!("{DRILL_MARK}{}", i.title)
                } else {
                    i.title.clone()
                },
            ]
        })
        .collect();
    table(
        &[
            "ID", "STATE", "SEVERITY", "MONITOR", "STARTED", "DURATION", "TITLE",
        ],
        &rows,
    )
}

/// Pretty JSON with a final newline.
pub fn json_pretty<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("CLI views always serialize");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use lookout_core::model::{
        IncidentEvent, IncidentEventKind, IncidentId, IncidentState, MonitorId, RuleKind, Severity,
    };
    use std::time::Duration;

    #[test]
    fn human_durations() {
        assert_eq!(human_secs(0), "0s");
        assert_eq!(human_secs(-5), "0s");
        assert_eq!(human_secs(45), "45s");
        assert_eq!(human_secs(60), "1m");
        assert_eq!(human_secs(63), "1m 3s");
        assert_eq!(human_secs(3600), "1h");
        assert_eq!(human_secs(3600 + 5 * 60 + 3), "1h 5m");
        assert_eq!(human_secs(3603), "1h");
        assert_eq!(human_secs(86_400 * 3 + 3600 * 4 + 1), "3d 4h");
    }

    #[test]
    fn tables_pad_all_but_the_last_column() {
        let t = table(
            &["NAME", "STATUS"],
            &[
                vec!["api".into(), "UP".into()],
                vec!["database".into(), "DOWN".into()],
            ],
        );
        assert_eq!(t, "NAME      STATUS\napi       UP\ndatabase  DOWN\n");
    }

    fn result(status: Status, ms: u64, reason: &str) -> CheckResult {
        CheckResult {
            at: Utc::now(),
            status,
            latency: Duration::from_millis(ms),
            reason: reason.into(),
            details: serde_json::Value::Null,
        }
    }

    #[test]
    fn check_lines() {
        assert_eq!(check_line(&result(Status::Up, 12, "")), "UP  12 ms");
        assert_eq!(
            check_line(&result(Status::Down, 2003, "timed out after 2s")),
            "DOWN  2003 ms  timed out after 2s"
        );
    }

    #[test]
    fn check_json_has_every_field() {
        let r = result(Status::Down, 5, "connection refused");
        let v = serde_json::to_value(CheckView::new("tcp://x:1", &r)).unwrap();
        assert_eq!(v["target"], "tcp://x:1");
        assert_eq!(v["status"], "DOWN");
        assert_eq!(v["latency_ms"], 5);
        assert_eq!(v["reason"], "connection refused");
        assert!(v.as_object().unwrap().contains_key("details"));
    }

    fn state(name: &str, status: Status) -> MonitorState {
        MonitorState {
            id: MonitorId(1),
            name: name.into(),
            target: "tcp://x:1".into(),
            status,
            since: None,
            last_check: None,
            latency_ms: None,
            reason: String::new(),
            alert: None,
        }
    }

    #[test]
    fn status_overall_is_the_worst_active() {
        let states = [
            state("a", Status::Up),
            state("b", Status::Down),
            state("c", Status::Paused),
        ];
        let v = serde_json::to_value(StatusView::new(&states)).unwrap();
        assert_eq!(v["overall"], "DOWN");
        let keys: Vec<_> = v["monitors"][0]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        for k in [
            "name",
            "target",
            "status",
            "since",
            "last_check",
            "latency_ms",
            "reason",
        ] {
            assert!(keys.contains(&k.to_string()), "{k} missing from {keys:?}");
        }
        assert_eq!(StatusView::new(&[]).overall, Status::Unknown);
    }

    #[test]
    fn incident_json_shape() {
        let t0 = Utc.with_ymd_and_hms(2025, 1, 1, 12, 0, 0).unwrap();
        let inc = Incident {
            id: IncidentId(7),
            monitor_id: MonitorId(1),
            monitor: "api".into(),
            title: "api is DOWN".into(),
            rule: RuleKind::Down,
            severity: Severity::Critical,
            state: IncidentState::Open,
            started_at: t0,
            detected_at: t0,
            resolved_at: None,
            acknowledged_at: None,
            failures: Some(1),
            failure_threshold: Some(1),
            simulated: false,
            downtime_s: None,
            events: vec![IncidentEvent {
                at: t0,
                kind: IncidentEventKind::FirstFailure,
                message: "connection refused".into(),
            }],
        };
        let now = t0 + chrono::Duration::seconds(63);
        let v = serde_json::to_value(IncidentView::new(&inc, now)).unwrap();
        assert_eq!(v["id"], 7);
        assert_eq!(v["state"], "open");
        assert_eq!(v["severity"], "critical");
        assert_eq!(v["duration_s"], 63);
        assert_eq!(v["resolved_at"], serde_json::Value::Null);
        assert_eq!(v["started_at"], "2025-01-01T12:00:00Z");
        assert_eq!(v["events"][0]["kind"], "first_failure");
        assert_eq!(v["simulated"], false);
        let table = incidents_table(std::slice::from_ref(&inc), now);
        assert!(table.contains("1m 3s"));
        assert!(!table.contains("[drill]"), "{table}");

        let drill = Incident {
            simulated: true,
            ..inc
        };
        assert_eq!(
            serde_json::to_value(IncidentView::new(&drill, now)).unwrap()["simulated"],
            true
        );
        let table = incidents_table(&[drill], now);
        assert!(table.contains(" [drill] api is DOWN\n"), "{table}");
    }
}
