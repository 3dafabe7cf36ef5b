//! Storage tests, against real SQLite files in temporary directories.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::model::{
    CheckResult, IncidentEvent, IncidentEventKind, IncidentId, IncidentState, MonitorId, RuleKind,
    Severity, Status,
};
use crate::monitor::Monitor;
use crate::spec::MonitorSpec;

fn monitor(name: &str) -> Monitor {
    Monitor::try_from(MonitorSpec {
        name: name.into(),
        target: "tcp://127.0.0.1:9".into(),
        ..Default::default()
    })
    .unwrap()
}

fn t(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_700_000_000 + secs, 0).unwrap()
}

fn result(at: DateTime<Utc>, status: Status, latency_ms: u64, reason: &str) -> CheckResult {
    CheckResult {
        at,
        status,
        latency: Duration::from_millis(latency_ms),
        reason: reason.into(),
        details: serde_json::Value::Null,
    }
}

fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("lookout.db")).unwrap()
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

fn count(path: &Path, sql: &str) -> i64 {
    raw(path).query_row(sql, [], |r| r.get(0)).unwrap()
}

fn new_incident(id: MonitorId, started: DateTime<Utc>, detected: DateTime<Utc>) -> NewIncident {
    NewIncident {
        monitor_id: id,
        monitor: "m".into(),
        title: "m is DOWN".into(),
        rule: RuleKind::Down,
        severity: Severity::Critical,
        started_at: started,
        detected_at: detected,
        failures: 3,
        failure_threshold: 3,
        simulated: false,
        events: vec![
            IncidentEvent {
                at: started,
                kind: IncidentEventKind::FirstFailure,
                message: "refused".into(),
            },
            IncidentEvent {
                at: detected,
                kind: IncidentEventKind::Triggered,
                message: "3 failures".into(),
            },
        ],
    }
}

mod faults;
mod history;
mod incidents;
mod monitors;
