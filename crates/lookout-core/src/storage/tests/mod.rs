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

/// A real database with data at `dir/lookout.db`: 20 monitors and 2,000 rounds of results,
/// all in the main file (no log beside it).
fn populated(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("lookout.db");
    let store = Store::open(&path).unwrap();
    let ids = store
        .add_monitors(
            &(0..20)
                .map(|i| monitor(&format!("m{i}")))
                .collect::<Vec<_>>(),
        )
        .unwrap();
    for round in 0..2000i64 {
        for (n, id) in ids.iter().enumerate() {
            let at = t(round * 60) + chrono::Duration::milliseconds(n as i64);
            let r = if (round + n as i64) % 7 == 0 {
                result(at, Status::Down, 10_000, "connection refused")
            } else {
                result(at, Status::Up, 20 + (round % 300) as u64, "")
            };
            store.record_check(*id, &r);
        }
    }
    store.checkpoint().unwrap();
    path
}

/// Deterministic noise, so a failure can be replayed.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// Overwrites `len` bytes in the middle of the file with noise, as a bad disk or a stray
/// write would.
fn scribble_middle(path: &Path, len: usize) {
    use std::io::{Seek, SeekFrom, Write};
    let size = std::fs::metadata(path).unwrap().len();
    assert!(
        size > 4 * len as u64,
        "{size} bytes is too small to damage in the middle"
    );
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(size / 2)).unwrap();
    f.write_all(&noise(len, 0x9E37_79B9_7F4A_7C15)).unwrap();
    f.sync_all().unwrap();
}

/// A file's permission bits.
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn sidecar(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

mod backup;
mod damage;
mod disk_full;
mod durability;
mod faults;
mod files;
mod history;
mod incidents;
mod monitors;
mod transitions;
