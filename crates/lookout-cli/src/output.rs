//! Rendering for people (tables, durations, times) and the JSON shapes scripts read.
//!
//! The JSON views are separate structs rather than the core's types serialized as they are, so
//! the CLI's public shapes (issue #2) stay fixed even when the core's types grow fields. What
//! people read is in the language in force (`cli.ftl`); the JSON is the same in every language.

use std::io::{self, Write};

use chrono::{DateTime, Local, Utc};
use lookout_core::i18n::{self, duration};
use lookout_core::model::{CheckResult, Incident, MonitorState, Status};
pub use lookout_core::report::IncidentView;
use lookout_core::report::{severity_word, state_word, title_in};
use lookout_core::t;
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

/// The columns `s` takes in a terminal: two for each CJK character (East Asian Wide and
/// Fullwidth), one for the rest, so Chinese tables line up.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// A plain text table: columns padded to their widest cell, the last column not padded.
pub fn table<H: AsRef<str>>(headers: &[H], rows: &[Vec<String>]) -> String {
    let n = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h.as_ref())).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(n) {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, cell) in cells.enumerate() {
            if i + 1 < n {
                s.push_str(cell);
                s.extend(std::iter::repeat_n(' ', widths[i] - width(cell) + 2));
            } else {
                s.push_str(cell);
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().map(AsRef::as_ref));
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// A wall-clock time for tables, in the local zone: `2025-03-01 14:02:07`
/// (`2025年3月1日 14:02:07`).
pub fn local_time(t: DateTime<Utc>) -> String {
    lookout_core::report::format_time(t.with_timezone(&Local), &t!("cli-time-format"))
}

/// A status as the CLI says it: the catalogue's status word, except that UNKNOWN keeps its
/// Nagios name in English (what `check` and `status` exit 3 for; the desktop says PENDING).
pub fn status_word(s: Status) -> String {
    match s {
        Status::Unknown => t!("cli-status-unknown"),
        s => lookout_core::notice::status_word(s),
    }
}

/// `12 ms`.
pub fn ms(ms: u64) -> String {
    t!("cli-ms", ms = ms)
}

/// `-`: no value in a table cell.
pub const NONE: &str = "-";

/// `UP  12 ms`, `DOWN  2003 ms  timed out after 2s`: what `lookout check` prints.
pub fn check_line(r: &CheckResult) -> String {
    let latency = r.latency.as_millis() as u64;
    let mut s = format!("{}  {}", status_word(r.status), ms(latency));
    if !r.reason.is_empty() {
        s.push_str("  ");
        s.push_str(&i18n::word(&r.reason));
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
                    status_word(m.status),
                    m.since.map_or_else(
                        || NONE.into(),
                        |t| t!("cli-ago", duration = duration((now - t).num_seconds())),
                    ),
                    m.latency_ms.map_or_else(|| NONE.into(), ms),
                    i18n::word(m.reason).into_owned(),
                ]
            })
            .collect();
        let mut out = t!("cli-status-overall", status = status_word(self.overall)) + "\n";
        if !rows.is_empty() {
            out.push('\n');
            let headers = [
                t!("cli-col-name"),
                t!("cli-col-status"),
                t!("cli-col-since"),
                t!("cli-col-latency"),
                t!("cli-col-reason"),
            ];
            out.push_str(&table(&headers, &rows));
        }
        out
    }
}

/// `lookout incidents` for people. A drill's title is marked `[drill]`: it is listed, but
/// was no outage.
pub fn incidents_table(incidents: &[Incident], now: DateTime<Utc>) -> String {
    if incidents.is_empty() {
        return t!("cli-no-incidents") + "\n";
    }
    let lang = i18n::current();
    let rows: Vec<Vec<String>> = incidents
        .iter()
        .map(|i| {
            let title = title_in(lang, &i.monitor, &i.title);
            vec![
                i.id.to_string(),
                state_word(lang, i.state),
                severity_word(lang, i.severity),
                i.monitor.clone(),
                local_time(i.started_at),
                duration(i.duration_s(now)),
                if i.simulated {
                    t!("cli-drill-title", title = title)
                } else {
                    title
                },
            ]
        })
        .collect();
    let headers = [
        t!("cli-col-id"),
        t!("cli-col-state"),
        t!("cli-col-severity"),
        t!("cli-col-monitor"),
        t!("cli-col-started"),
        t!("cli-col-duration"),
        t!("cli-col-title"),
    ];
    table(&headers, &rows)
}

/// Runs `f` with English in force when `json`: what the core words inside a JSON answer (a
/// validation error, why a stored value is ignored) is the same in every language, as the
/// rest of the JSON is. For synchronous work only: [`i18n::with_lang`] holds on this thread.
pub fn for_machines<T>(json: bool, f: impl FnOnce() -> T) -> T {
    if json {
        i18n::with_lang(i18n::Lang::En, f)
    } else {
        f()
    }
}

/// Pretty JSON with a final newline, in English wherever a value words itself as it is
/// written (an error's `Display`).
pub fn json_pretty<T: Serialize>(v: &T) -> String {
    let json = for_machines(true, || serde_json::to_string_pretty(v));
    let mut s = json.expect("CLI views always serialize");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use lookout_core::i18n::{with_lang as in_lang, Lang};
    use lookout_core::model::{
        IncidentEvent, IncidentEventKind, IncidentId, IncidentState, MonitorId, RuleKind, Severity,
    };
    use std::time::Duration;

    #[test]
    fn chinese_tables_line_up_in_a_terminal() {
        assert_eq!(width("数据库"), 6);
        assert_eq!(width("api（`x`）"), 10);
        let t = table(
            &["名称", "状态"],
            &[
                vec!["api".into(), "故障".into()],
                vec!["数据库".into(), "正常".into()],
            ],
        );
        assert_eq!(t, "名称    状态\napi     故障\n数据库  正常\n");
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
        in_lang(Lang::En, || {
            assert_eq!(check_line(&result(Status::Up, 12, "")), "UP  12 ms");
            assert_eq!(
                check_line(&result(Status::Down, 2003, "timed out after 2s")),
                "DOWN  2003 ms  timed out after 2s"
            );
            assert_eq!(status_word(Status::Unknown), "UNKNOWN");
        });
        in_lang(Lang::ZhCn, || {
            assert_eq!(
                check_line(&result(Status::Down, 5, "connection refused")),
                "故障  5 毫秒  连接被拒绝",
                "Lookout's own reason reads in Chinese"
            );
            assert_eq!(status_word(Status::Unknown), "待定");
        });
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
        let table = in_lang(Lang::En, || {
            incidents_table(std::slice::from_ref(&inc), now)
        });
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
        let table = in_lang(Lang::En, || {
            incidents_table(std::slice::from_ref(&drill), now)
        });
        assert!(table.contains(" [drill] api is DOWN\n"), "{table}");
        let table = in_lang(Lang::ZhCn, || incidents_table(&[drill], now));
        assert!(table.starts_with("编号  状态"), "{table}");
        assert!(
            table.contains(" 已解决 ") || table.contains(" 进行中 "),
            "{table}"
        );
        assert!(table.contains(" [演练] api 状态：故障\n"), "{table}");
        assert!(table.contains("1分钟3秒"), "{table}");
    }
}
