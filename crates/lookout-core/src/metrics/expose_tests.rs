use super::*;
use crate::health::{Health, StatusCounts};
use crate::metrics::tally::MonitorTally;
use crate::model::{IncidentId, MonitorId, MonitorState};

const HOSTILE: &str = "evil\"} 1\nlookout_monitor_up{monitor=\"x\\";

fn state(id: i64, name: &str, target: &str, status: Status) -> MonitorState {
    MonitorState {
        id: MonitorId(id),
        name: name.into(),
        target: target.into(),
        status,
        since: None,
        last_check: DateTime::from_timestamp(1_700_000_000, 500_000_000),
        latency_ms: Some(250),
        reason: String::new(),
        alert: None,
    }
}

fn body(format: Format) -> String {
    let monitors = vec![
        state(1, "api", "https://api.example/health", Status::Up),
        state(2, HOSTILE, "tcp://db:5432", Status::Down),
        state(3, "paused one", "icmp://gw", Status::Paused),
    ];
    let snapshot = Snapshot {
        overall: Status::Down,
        health: Health::of(
            StatusCounts::of(monitors.iter().map(|m| (m.status, None))),
            false,
        ),
        monitors,
    };
    let mut tally = Tally::default();
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    tally.monitors.insert(
        MonitorId(2),
        MonitorTally {
            checks: 5,
            failures: 3,
            consecutive_failures: 3,
            cert_not_after: Some(now + chrono::Duration::days(10)),
            incidents: [(IncidentId(4), now)].into_iter().collect(),
        },
    );
    let storage = StorageHealth {
        pending: 2,
        ..StorageHealth::default()
    };
    render(
        &View {
            snapshot: &snapshot,
            tally: &tally,
            storage: &storage,
            lateness: (Duration::from_millis(3), Duration::from_millis(40), 9),
            now,
            instance: "box \"one\"",
        },
        format,
    )
}

/// Unescapes a label value of the text formats, up to its closing quote; `None` if it is
/// malformed.
fn read_value(s: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &s[i + 1..])),
            '\\' => match chars.next()?.1 {
                '\\' => out.push('\\'),
                '"' => out.push('"'),
                'n' => out.push('\n'),
                _ => return None,
            },
            '\n' => return None,
            c => out.push(c),
        }
    }
    None
}

/// Every sample line's metric name and `monitor` label, checked for the grammar.
fn samples(body: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for line in body.lines().filter(|l| !l.starts_with('#')) {
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        assert!(
            name.starts_with("lookout_") && !name.starts_with(|c: char| c.is_ascii_digit()),
            "bad name in {line:?}"
        );
        let mut rest = &line[name.len()..];
        let mut monitor = None;
        if let Some(labels) = rest.strip_prefix('{') {
            rest = labels;
            loop {
                let (key, after) = rest.split_once("=\"").expect("key=\"value\"");
                assert!(key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
                let (value, after) = read_value(after).expect("a well escaped value");
                if key == "monitor" {
                    monitor = Some(value);
                }
                rest = match after.strip_prefix(',') {
                    Some(more) => more,
                    None => after.strip_prefix('}').expect("closing brace"),
                };
                if !after.starts_with(',') {
                    break;
                }
            }
        }
        let value = rest.trim();
        assert!(value.parse::<f64>().is_ok(), "bad value in {line:?}");
        out.push((name, monitor));
    }
    out
}

#[test]
fn hostile_monitor_names_are_escaped_and_read_back_whole() {
    for format in [Format::Text, Format::OpenMetrics] {
        let b = body(format);
        let s = samples(&b);
        assert!(
            s.iter()
                .any(|(n, m)| n == "lookout_monitor_up" && m.as_deref() == Some(HOSTILE)),
            "{b}"
        );
        assert!(b.contains(r#"instance="box \"one\"""#), "{b}");
        // The forged series in the name never appears as a series of its own.
        assert!(!s.iter().any(|(_, m)| m.as_deref() == Some("x")), "{b}");
    }
}

#[test]
fn one_hot_status_up_and_incident_per_monitor() {
    let b = body(Format::Text);
    let line = |prefix: &str| {
        b.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in {b}"))
            .to_string()
    };
    assert!(
        line(r#"lookout_monitor_up{instance="box \"one\"",monitor="api",kind="http"}"#)
            .ends_with(" 1.0")
    );
    assert!(line(
        r#"lookout_monitor_status{instance="box \"one\"",monitor="api",kind="http",status="up"}"#
    )
    .ends_with(" 1.0"));
    assert!(line(
        r#"lookout_monitor_status{instance="box \"one\"",monitor="api",kind="http",status="down"}"#
    )
    .ends_with(" 0.0"));
    assert!(line("lookout_monitor_latency_seconds{").ends_with(" 0.25"));
    // A paused monitor is neither up nor down.
    assert!(!b.contains(r#"lookout_monitor_up{instance="box \"one\"",monitor="paused one""#));
    assert!(line(r#"lookout_monitor_status{instance="box \"one\"",monitor="paused one",kind="icmp",status="paused"}"#).ends_with(" 1.0"));
    let down = |name: &str| {
        b.lines()
            .find(|l| l.starts_with(name) && l.contains("kind=\"tcp\""))
            .unwrap_or_else(|| panic!("no {name} for the tcp monitor in {b}"))
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(down("lookout_monitor_up{"), "0.0");
    assert_eq!(down("lookout_monitor_consecutive_failures{"), "3.0");
    assert_eq!(down("lookout_monitor_incident_open{"), "1.0");
    assert_eq!(
        down("lookout_monitor_incident_open_since_timestamp_seconds{"),
        "1700000000.0"
    );
    assert_eq!(down("lookout_monitor_checks_total{"), "5");
    assert_eq!(down("lookout_monitor_failures_total{"), "3");
    assert_eq!(down("lookout_monitor_cert_expiry_seconds{"), "864000.0");
    assert!(line("lookout_storage_pending_results{").ends_with(" 2.0"));
}

#[test]
fn the_two_formats_differ_only_where_the_specs_do() {
    let text = body(Format::Text);
    let open = body(Format::OpenMetrics);
    assert!(open.ends_with("# EOF\n"));
    assert!(!text.contains("# EOF") && !text.contains("# UNIT"));
    assert!(open.contains("# TYPE lookout_monitor_checks counter\n"));
    assert!(text.contains("# TYPE lookout_monitor_checks_total counter\n"));
    assert!(text.contains("# HELP lookout_monitor_checks_total "));
    // The same series (a family's series come in no set order).
    let sorted = |b: &str| {
        let mut s = samples(b);
        s.sort();
        s
    };
    assert_eq!(sorted(&text), sorted(&open));
    assert_eq!(Format::from_accept(None), Format::Text);
    assert_eq!(
        Format::from_accept(Some(
            "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"
        )),
        Format::OpenMetrics
    );
}

#[test]
fn target_kinds_come_from_the_scheme() {
    assert_eq!(target_kind("HTTPS://x"), "http");
    assert_eq!(target_kind("dns://1.1.1.1/x?type=A"), "dns");
    assert_eq!(target_kind("push://abc"), "push");
    assert_eq!(target_kind("nonsense"), "other");
}

/// promtool's linter on the text body, where Prometheus is installed (`scripts/deps.sh test`).
#[test]
fn promtool_accepts_the_text_body() {
    use std::io::Write;
    let Ok(mut child) = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        println!(
            "SKIPPED: promtool not found (install the prometheus package: scripts/deps.sh test)"
        );
        return;
    };
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(body(Format::Text).as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "promtool: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
