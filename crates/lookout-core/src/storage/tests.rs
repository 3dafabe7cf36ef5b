//! Storage tests, against real SQLite files in temporary directories.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::config::MonitorSpec;
use crate::model::{
    CheckResult, IncidentEvent, IncidentEventKind, IncidentId, IncidentState, Monitor, MonitorId,
    RuleKind, Severity, Status,
};

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

#[test]
fn open_creates_directories_and_sets_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/lookout.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.path(), path);
    let c = raw(&path);
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let vacuum: i64 = c.query_row("PRAGMA auto_vacuum", [], |r| r.get(0)).unwrap();
    assert_eq!(vacuum, 2, "incremental");
    drop(store);
    // Reopening an existing database runs no migration and keeps working.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.config_rev().unwrap(), 0);
}

#[test]
fn monitors_add_list_update_remove() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let b = store.add_monitor(&monitor("beta")).unwrap();
    let a = store.add_monitor(&monitor("Alpha")).unwrap();
    let names: Vec<_> = store
        .monitors()
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["Alpha", "beta"]);

    let mut m = store.monitor(b).unwrap();
    assert_eq!(m.id, b);
    assert_eq!(
        m,
        Monitor {
            id: b,
            ..monitor("beta")
        }
    );
    m.name = "gamma".into();
    m.interval = Duration::from_secs(30);
    store.update_monitor(&m).unwrap();
    assert_eq!(store.monitor(b).unwrap(), m);
    assert_eq!(store.monitor_by_name("gamma").unwrap(), Some(m.clone()));
    assert_eq!(store.monitor_by_name("beta").unwrap(), None);

    store.remove_monitor(a).unwrap();
    assert!(
        matches!(store.monitor(a), Err(StoreError::NotFound(w)) if w == format!("monitor {a}"))
    );
    assert!(matches!(
        store.remove_monitor(a),
        Err(StoreError::NotFound(_))
    ));
    let gone = Monitor {
        id: a,
        ..monitor("x")
    };
    assert!(matches!(
        store.update_monitor(&gone),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.set_paused(a, true),
        Err(StoreError::NotFound(_))
    ));
    // Ids are never reused, so old incidents cannot point at a new monitor.
    let c = store.add_monitor(&monitor("delta")).unwrap();
    assert!(c.0 > a.0 && c.0 > b.0);
}

#[test]
fn duplicate_names_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    store.add_monitor(&monitor("a")).unwrap();
    let e = store.add_monitor(&monitor("a")).unwrap_err();
    assert!(
        matches!(&e, StoreError::Duplicate { field: "name", value } if value == "a"),
        "{e:?}"
    );
    assert_eq!(e.to_string(), "a monitor with name \"a\" already exists");
    let b = store.add_monitor(&monitor("b")).unwrap();
    let e = store
        .update_monitor(&Monitor {
            id: b,
            ..monitor("a")
        })
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Duplicate { field: "name", .. }),
        "{e:?}"
    );
}

#[test]
fn add_monitors_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    store.add_monitor(&monitor("x")).unwrap();
    let rev = store.config_rev().unwrap();
    let e = store
        .add_monitors(&[monitor("y"), monitor("x"), monitor("z")])
        .unwrap_err();
    assert!(matches!(e, StoreError::Duplicate { field: "name", ref value } if value == "x"));
    let names: Vec<_> = store
        .monitors()
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["x"]);
    assert_eq!(store.config_rev().unwrap(), rev);
    let ids = store.add_monitors(&[monitor("y"), monitor("z")]).unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(store.monitors().unwrap().len(), 3);
}

#[test]
fn paused_lives_in_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let mut m = monitor("p");
    m.paused = true;
    let id = store.add_monitor(&m).unwrap();
    let spec: String = raw(store.path())
        .query_row("SELECT spec FROM monitors", [], |r| r.get(0))
        .unwrap();
    assert!(!spec.contains("paused"), "{spec}");
    assert!(store.monitor(id).unwrap().paused);
    store.set_paused(id, false).unwrap();
    assert!(!store.monitor(id).unwrap().paused);
    let other = store.add_monitor(&monitor("q")).unwrap();
    store.set_all_paused(true).unwrap();
    let states = store.states().unwrap();
    assert!(states.iter().all(|(_, s)| s.status == Status::Paused));
    store.set_all_paused(false).unwrap();
    let states = store.states().unwrap();
    assert_eq!(states.len(), 2);
    assert!(states
        .iter()
        .all(|(_, s)| s.status == Status::Unknown && s.since.is_none()));
    assert_eq!(states[1].0, other);
    assert_eq!(states[1].1.target, "tcp://127.0.0.1:9");
}

#[test]
fn config_rev_sees_another_store_on_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let ours = open(&dir);
    let theirs = open(&dir);
    let before = ours.config_rev().unwrap();
    let id = theirs.add_monitor(&monitor("from-cli")).unwrap();
    let after_add = ours.config_rev().unwrap();
    assert!(after_add > before);
    assert_eq!(ours.monitor(id).unwrap().name, "from-cli");
    theirs.set_paused(id, true).unwrap();
    let after_pause = ours.config_rev().unwrap();
    assert!(after_pause > after_add);
    theirs.remove_monitor(id).unwrap();
    assert!(ours.config_rev().unwrap() > after_pause);
    // Recording results does not look like a config change.
    let rev = ours.config_rev().unwrap();
    let id = ours.add_monitor(&monitor("m")).unwrap();
    let rev_after_add = ours.config_rev().unwrap();
    assert!(rev_after_add > rev);
    ours.record_check(id, &result(t(0), Status::Up, 5, ""));
    ours.flush().unwrap();
    assert_eq!(ours.config_rev().unwrap(), rev_after_add);
}

#[test]
fn check_results_are_batched() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let ids = store
        .add_monitors(
            &(0..10)
                .map(|i| monitor(&format!("m{i}")))
                .collect::<Vec<_>>(),
        )
        .unwrap();
    let before = store.stats().unwrap().write_transactions;
    for i in 0..5000 {
        let id = ids[i % ids.len()];
        store.record_check(id, &result(t(i as i64), Status::Up, 10, ""));
    }
    store.flush().unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.checks, 5000);
    let commits = stats.write_transactions - before;
    // 5 full batches of 1000, perhaps one by the timer; never one per result.
    assert!(
        (1..=7).contains(&commits),
        "{commits} commits for 5000 results"
    );
    // A flush with nothing queued commits nothing.
    store.flush().unwrap();
    assert_eq!(
        store.stats().unwrap().write_transactions,
        stats.write_transactions
    );
}

#[test]
fn results_are_committed_within_about_a_second_without_flush() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    store.record_check(id, &result(t(0), Status::Up, 10, ""));
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while store.recent_checks(id, t(-1)).unwrap().is_empty() {
        assert!(std::time::Instant::now() < deadline, "never committed");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_write_command_commits_the_queued_results_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    let before = store.stats().unwrap().write_transactions;
    store.record_check(id, &result(t(0), Status::Up, 10, ""));
    store.add_monitor(&monitor("n")).unwrap();
    assert_eq!(store.stats().unwrap().write_transactions, before + 1);
    assert_eq!(store.recent_checks(id, t(-1)).unwrap().len(), 1);
}

#[test]
fn dropping_the_last_handle_flushes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    let clone = store.clone();
    for i in 0..10 {
        clone.record_check(id, &result(t(i), Status::Up, 10, ""));
    }
    drop(store);
    drop(clone);
    let store = open(&dir);
    assert_eq!(store.recent_checks(id, t(-1)).unwrap().len(), 10);
}

#[test]
fn same_millisecond_results_do_not_fail_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    store.record_check(id, &result(t(0), Status::Up, 10, ""));
    store.record_check(id, &result(t(0), Status::Down, 20, "refused"));
    store.record_check(id, &result(t(1), Status::Up, 10, ""));
    store.flush().unwrap();
    let checks = store.recent_checks(id, t(-1)).unwrap();
    assert_eq!(checks.len(), 2);
    assert_eq!(checks[0].status, Status::Down);
}

#[test]
fn results_for_a_removed_monitor_are_dropped_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let gone = store.add_monitor(&monitor("gone")).unwrap();
    let kept = store.add_monitor(&monitor("kept")).unwrap();
    store.remove_monitor(gone).unwrap();
    store.record_check(gone, &result(t(0), Status::Down, 10, "x"));
    store.record_check(kept, &result(t(0), Status::Up, 10, ""));
    store.flush().unwrap();
    assert_eq!(store.recent_checks(kept, t(-1)).unwrap().len(), 1);
    assert_eq!(count(store.path(), "SELECT count(*) FROM checks"), 1);
}

#[test]
fn state_since_moves_only_when_status_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    let never = store.add_monitor(&monitor("never")).unwrap();
    let state = |store: &Store| {
        store
            .states()
            .unwrap()
            .into_iter()
            .find(|(i, _)| *i == id)
            .unwrap()
            .1
    };

    store.record_check(id, &result(t(0), Status::Up, 10, ""));
    store.record_check(id, &result(t(1), Status::Up, 12, ""));
    store.flush().unwrap();
    let s = state(&store);
    assert_eq!(
        (s.status, s.since, s.last_check),
        (Status::Up, Some(t(0)), Some(t(1)))
    );
    assert_eq!(s.latency_ms, Some(12));

    store.record_check(id, &result(t(2), Status::Up, 10, ""));
    store.flush().unwrap();
    assert_eq!(state(&store).since, Some(t(0)), "same status keeps since");

    store.record_check(id, &result(t(3), Status::Down, 10, "refused"));
    store.record_check(id, &result(t(4), Status::Down, 10, "refused again"));
    store.flush().unwrap();
    let s = state(&store);
    assert_eq!(
        (s.status, s.since, s.last_check),
        (Status::Down, Some(t(3)), Some(t(4)))
    );
    assert_eq!(s.reason, "refused again");

    // DOWN -> UP -> DOWN inside one batch: a new DOWN run, not the stored one.
    store.record_check(id, &result(t(5), Status::Up, 10, ""));
    store.record_check(id, &result(t(6), Status::Down, 10, "refused"));
    store.flush().unwrap();
    assert_eq!(state(&store).since, Some(t(6)));

    // A late, older result does not overwrite the newer state.
    store.record_check(id, &result(t(-10), Status::Up, 10, ""));
    store.flush().unwrap();
    let s = state(&store);
    assert_eq!((s.status, s.last_check), (Status::Down, Some(t(6))));

    let (_, n) = store
        .states()
        .unwrap()
        .into_iter()
        .find(|(i, _)| *i == never)
        .unwrap();
    assert_eq!(
        (n.status, n.since, n.last_check),
        (Status::Unknown, None, None)
    );
}

#[test]
fn rollups_count_across_batches() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    let hour = Utc.with_ymd_and_hms(2025, 3, 1, 10, 0, 0).unwrap();
    let at = |min: i64| hour + chrono::Duration::minutes(min);
    store.record_check(id, &result(at(1), Status::Up, 100, ""));
    store.record_check(id, &result(at(2), Status::Up, 200, ""));
    store.flush().unwrap();
    store.record_check(id, &result(at(3), Status::Degraded, 900, "slow"));
    store.record_check(id, &result(at(4), Status::Down, 5000, "timed out"));
    store.record_check(id, &result(at(61), Status::Down, 5000, "timed out"));
    store.flush().unwrap();

    let hourly = store.hourly_uptime(id, at(30)).unwrap();
    assert_eq!(hourly.len(), 2, "the bucket holding `since` is included");
    assert_eq!(hourly[0].start, hour);
    assert_eq!(
        (hourly[0].up, hourly[0].degraded, hourly[0].down),
        (2, 1, 1)
    );
    assert_eq!(hourly[0].avg_latency_ms, Some(400.0));
    assert_eq!((hourly[1].up, hourly[1].down), (0, 1));
    assert_eq!(hourly[1].avg_latency_ms, None);

    let daily = store.daily_uptime(id, hour).unwrap();
    assert_eq!(daily.len(), 1);
    assert_eq!(
        daily[0].start,
        Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 0).unwrap()
    );
    assert_eq!((daily[0].up, daily[0].degraded, daily[0].down), (2, 1, 2));

    assert_eq!(store.uptime_ratio(id, hour).unwrap(), Some(3.0 / 5.0));
    assert_eq!(store.uptime_ratio(id, at(24 * 60)).unwrap(), None);

    let (min, max): (i64, i64) = raw(store.path())
        .query_row(
            "SELECT latency_min, latency_max FROM rollup_hourly WHERE bucket_ms = ?1",
            [hour.timestamp_millis()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((min, max), (100, 900));

    let failed = store.failed_checks(id, hour, at(60)).unwrap();
    let reasons: Vec<_> = failed.iter().map(|c| c.reason.as_str()).collect();
    assert_eq!(reasons, ["slow", "timed out"]);
    assert_eq!(failed[1].latency_ms, 5000);
    // Interned: two distinct reasons, however many results carry them.
    assert_eq!(count(store.path(), "SELECT count(*) FROM reasons"), 2);
    assert_eq!(
        count(
            store.path(),
            "SELECT count(*) FROM checks WHERE reason_id IS NULL"
        ),
        2
    );
}

#[test]
fn retention_deletes_old_raw_results_but_keeps_rollups() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    let now = Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap();
    let days = |d: i64| now - chrono::Duration::days(d);
    store.record_check(id, &result(days(400), Status::Down, 10, "ancient"));
    store.record_check(id, &result(days(40), Status::Down, 10, "old reason"));
    store.record_check(id, &result(days(1), Status::Down, 10, "recent reason"));
    store.record_check(id, &result(days(0), Status::Up, 10, ""));
    store.flush().unwrap();

    store
        .run_retention(now, DEFAULT_RAW_RETENTION_DAYS)
        .unwrap();
    let left = store.recent_checks(id, days(1000)).unwrap();
    assert_eq!(left.len(), 2);
    assert_eq!(left[0].reason, "recent reason");
    let daily = store.daily_uptime(id, days(1000)).unwrap();
    assert_eq!(
        daily.len(),
        3,
        "the 40-day-old rollup stays, the 400-day-old one goes"
    );
    assert_eq!(daily[0].start.date_naive(), days(40).date_naive());
    let reasons: Vec<String> = raw(store.path())
        .prepare("SELECT text FROM reasons")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(reasons, ["recent reason"]);
}

#[test]
fn removing_a_monitor_keeps_its_incidents() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    store.record_check(id, &result(t(0), Status::Down, 10, "x"));
    let inc = store.open_incident(&new_incident(id, t(0), t(5))).unwrap();
    store.remove_monitor(id).unwrap();
    for table in ["checks", "rollup_hourly", "rollup_daily", "monitor_state"] {
        assert_eq!(
            count(store.path(), &format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }
    let kept = store.incident(inc).unwrap();
    assert_eq!((kept.monitor_id, kept.monitor.as_str()), (id, "m"));
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

#[test]
fn incidents_open_ack_resolve_filter_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let a = store.add_monitor(&monitor("a")).unwrap();
    let b = store.add_monitor(&monitor("b")).unwrap();

    let first = store.open_incident(&new_incident(a, t(0), t(60))).unwrap();
    let second = store
        .open_incident(&new_incident(b, t(100), t(120)))
        .unwrap();
    let third = store
        .open_incident(&new_incident(a, t(1000), t(1030)))
        .unwrap();

    store
        .add_incident_event(
            first,
            &IncidentEvent {
                at: t(90),
                kind: IncidentEventKind::Reminder,
                message: "still down".into(),
            },
        )
        .unwrap();
    store
        .acknowledge_incident(first, t(95), Some("looking"))
        .unwrap();
    store.add_note(first, t(96), "it was DNS").unwrap();
    let resolved = IncidentEvent {
        at: t(300),
        kind: IncidentEventKind::Resolved,
        message: "back up".into(),
    };
    store.resolve_incident(first, t(300), &resolved).unwrap();
    // A second resolution (another engine got there first) changes nothing.
    store.resolve_incident(first, t(400), &resolved).unwrap();
    store
        .resolve_incident(
            second,
            t(200),
            &IncidentEvent {
                at: t(200),
                kind: IncidentEventKind::Resolved,
                message: "back up".into(),
            },
        )
        .unwrap();

    let inc = store.incident(first).unwrap();
    assert_eq!(inc.state, IncidentState::Resolved);
    assert_eq!(inc.resolved_at, Some(t(300)));
    assert_eq!(inc.acknowledged_at, Some(t(95)));
    assert_eq!(
        (inc.rule, inc.severity),
        (RuleKind::Down, Severity::Critical)
    );
    let kinds: Vec<_> = inc.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            IncidentEventKind::FirstFailure,
            IncidentEventKind::Triggered,
            IncidentEventKind::Reminder,
            IncidentEventKind::Acknowledged,
            IncidentEventKind::Note,
            IncidentEventKind::Note,
            IncidentEventKind::Resolved,
        ]
    );
    assert_eq!(inc.events[4].message, "looking");

    let all = store.incidents(&IncidentFilter::default()).unwrap();
    let order: Vec<_> = all.iter().map(|i| i.id).collect();
    assert_eq!(
        order,
        [third, second, first],
        "open first, then newest started"
    );
    let open = store
        .incidents(&IncidentFilter {
            open_only: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(open.iter().map(|i| i.id).collect::<Vec<_>>(), [third]);
    let of_a = store
        .incidents(&IncidentFilter {
            monitor: Some(a),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        of_a.iter().map(|i| i.id).collect::<Vec<_>>(),
        [third, first]
    );
    let since = store
        .incidents(&IncidentFilter {
            since: Some(t(250)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        since.iter().map(|i| i.id).collect::<Vec<_>>(),
        [third, first]
    );
    let limited = store
        .incidents(&IncidentFilter {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(limited.len(), 1);

    let stats = store.incident_stats(None, t(0), t(2000)).unwrap();
    assert_eq!((stats.count, stats.resolved), (3, 2));
    // (300 + 100) / 2 and (60 + 20 + 30) / 3
    assert_eq!(stats.mttr_s, Some(200.0));
    let mttd = stats.mttd_s.unwrap();
    assert!((mttd - 110.0 / 3.0).abs() < 1e-9, "{mttd}");
    let stats = store.incident_stats(Some(b), t(0), t(2000)).unwrap();
    assert_eq!(
        (stats.count, stats.mttr_s, stats.mttd_s),
        (1, Some(100.0), Some(20.0))
    );
    let none = store.incident_stats(None, t(5000), t(6000)).unwrap();
    assert_eq!(none, IncidentStats::default());

    let missing = IncidentId(999);
    let e = store.incident(missing).unwrap_err();
    assert!(matches!(&e, StoreError::NotFound(w) if w == "incident 999"));
    assert_eq!(e.to_string(), "incident 999 not found");
    assert!(matches!(
        store.add_note(missing, t(0), "x"),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.acknowledge_incident(missing, t(0), None),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.resolve_incident(missing, t(0), &resolved),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn random_bytes_are_corrupt_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..16384)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    let e = Store::open(&path).unwrap_err();
    assert!(matches!(e, StoreError::Corrupt(_)), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!(
            "the database file is corrupt or not a Lookout database: {}",
            path.display()
        )
    );
    // The file is left as it was.
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    raw(&path)
        .execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hi');")
        .unwrap();
    let e = Store::open(&path).unwrap_err();
    assert!(matches!(e, StoreError::Corrupt(_)), "{e:?}");
}

/// Root ignores permission bits, so the read-only cases can only be asserted when they bite.
fn permissions_apply(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let writable = std::fs::write(&probe, b"x").is_ok();
    let _ = std::fs::remove_file(&probe);
    !writable
}

#[test]
fn read_only_directory_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let enforced = permissions_apply(&ro);
    for path in [ro.join("lookout.db"), ro.join("sub/lookout.db")] {
        match Store::open(&path) {
            Err(e @ (StoreError::ReadOnly(_) | StoreError::Io(_))) => {
                let msg = e.to_string();
                assert!(msg.contains(&ro.display().to_string()), "{msg}");
            }
            Err(e) => panic!("unexpected error {e:?}"),
            Ok(_) => assert!(
                !enforced,
                "opened {} in a read-only directory",
                path.display()
            ),
        }
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();

    // A parent that is a file cannot be created, even by root.
    let file = dir.path().join("plain");
    std::fs::write(&file, b"x").unwrap();
    let e = Store::open(&file.join("lookout.db")).unwrap_err();
    assert!(
        matches!(&e, StoreError::Io(m) if m.contains("cannot create the directory")),
        "{e:?}"
    );
}

#[test]
fn read_only_file_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    drop(Store::open(&path).unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let enforced = std::fs::OpenOptions::new().write(true).open(&path).is_err();
    match Store::open(&path) {
        Err(StoreError::ReadOnly(m)) => assert!(m.contains("cannot write"), "{m}"),
        Err(e) => panic!("unexpected error {e:?}"),
        Ok(_) => assert!(!enforced, "opened a read-only file for writing"),
    }
}

#[test]
fn raw_results_cost_few_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let ids = store
        .add_monitors(
            &(0..100)
                .map(|i| monitor(&format!("monitor {i}")))
                .collect::<Vec<_>>(),
        )
        .unwrap();
    let reasons = ["connection refused", "timed out after 10s", "HTTP 503"];
    for round in 0..1000i64 {
        for (n, id) in ids.iter().enumerate() {
            let at = t(round * 60) + chrono::Duration::milliseconds(n as i64 * 37);
            let failing = (round + n as i64) % 50 == 0;
            let r = if failing {
                result(at, Status::Down, 10_000, reasons[n % reasons.len()])
            } else {
                result(at, Status::Up, 20 + (round * 7 + n as i64) as u64 % 400, "")
            };
            store.record_check(*id, &r);
        }
    }
    store.checkpoint().unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.checks, 100_000);
    let per = stats.file_bytes as f64 / stats.checks as f64;
    println!(
        "{} bytes for {} raw results: {per:.1} bytes per result ({} commits)",
        stats.file_bytes, stats.checks, stats.write_transactions
    );
    assert!(per <= 40.0, "{per:.1} bytes per raw result");
}

#[test]
fn incidents_from_before_the_rule_numbers_had_columns_fall_back_to_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    // A database as Lookout left it before migration 4, with one incident in it.
    {
        let mut c = raw(&path);
        c.pragma_update(None, "foreign_keys", true).unwrap();
        schema::migrations().to_version(&mut c, 3).unwrap();
        c.execute_batch(
            "INSERT INTO incidents (id, monitor_id, monitor, title, rule, severity, started_ms,
                                    detected_ms)
             VALUES (1, 1, 'm', 'm is DOWN', 'down', 'critical', 1700000000000, 1700000002000);
             INSERT INTO incident_events (incident_id, at_ms, kind, message)
             VALUES (1, 1700000002000, 'triggered',
                     'DOWN rule triggered after 2 failed checks (failure threshold 2): refused');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&path, "PRAGMA user_version"), 7);
    let old = store.incident(IncidentId(1)).unwrap();
    assert_eq!((old.failures, old.failure_threshold), (None, None));
    let now = t(100);
    let report = crate::report::gather(&store, IncidentId(1), now).unwrap();
    assert_eq!(report.rule.summary, "2 failed checks / failure threshold 2");

    // A new one carries its numbers, whatever its timeline's text says.
    let id = store.add_monitor(&monitor("m")).unwrap();
    let mut new = new_incident(id, t(10), t(12));
    (new.failures, new.failure_threshold) = (5, 4);
    let inc = store.open_incident(&new).unwrap();
    let got = store.incident(inc).unwrap();
    assert_eq!((got.failures, got.failure_threshold), (Some(5), Some(4)));
    let listed = store.incidents(&IncidentFilter::default()).unwrap();
    assert!(listed
        .iter()
        .any(|i| i.id == inc && i.failures == Some(5) && i.failure_threshold == Some(4)));
    let report = crate::report::gather(&store, inc, now).unwrap();
    assert_eq!(report.rule.failures, Some(5));
    assert_eq!(report.rule.summary, "5 failed checks / failure threshold 4");
}

#[test]
fn engine_requests_are_claimed_once_answered_cancelled_and_expired() {
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    assert!(!store.has_pending_requests().unwrap());
    let a = store.add_request(RequestKind::SimulateOutage, id).unwrap();
    let b = store.add_request(RequestKind::SimulateOutage, id).unwrap();
    assert!(store.has_pending_requests().unwrap());
    // The asker withdraws b before the engine looks.
    assert!(store.cancel_request(b).unwrap());
    let claimed = store.claim_requests(Duration::from_secs(30)).unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!((claimed[0].id, claimed[0].monitor_id), (a, id));
    assert_eq!(store.request_state(a).unwrap(), RequestState::Running);
    assert!(!store.cancel_request(a).unwrap(), "too late once claimed");
    assert!(store
        .claim_requests(Duration::from_secs(30))
        .unwrap()
        .is_empty());
    store.finish_request(a, Ok("{}".into())).unwrap();
    assert_eq!(
        store.request_state(a).unwrap(),
        RequestState::Done("{}".into())
    );
    assert_eq!(store.request_state(b).unwrap(), RequestState::Cancelled);

    // Left pending too long (its asker died): never run.
    let c = store.add_request(RequestKind::SimulateOutage, id).unwrap();
    raw(store.path())
        .execute(
            "UPDATE engine_requests SET created_ms = created_ms - 60000 WHERE id = ?1",
            [c],
        )
        .unwrap();
    assert!(store
        .claim_requests(Duration::from_secs(30))
        .unwrap()
        .is_empty());
    assert_eq!(store.request_state(c).unwrap(), RequestState::Expired);
    assert!(matches!(
        store.request_state(12345),
        Err(StoreError::NotFound(_))
    ));

    // Answered rows go with retention after a day; a pending one stays.
    let d = store.add_request(RequestKind::SimulateOutage, id).unwrap();
    store
        .run_retention(Utc::now() + chrono::Duration::days(2), 30)
        .unwrap();
    assert_eq!(
        count(store.path(), "SELECT count(*) FROM engine_requests"),
        1
    );
    assert_eq!(store.request_state(d).unwrap(), RequestState::Pending);
}

#[test]
fn drills_are_listed_marked_and_left_out_of_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    let real = store.open_incident(&new_incident(id, t(0), t(60))).unwrap();
    let resolved = |at| IncidentEvent {
        at,
        kind: IncidentEventKind::Resolved,
        message: "back up".into(),
    };
    store
        .resolve_incident(real, t(300), &resolved(t(300)))
        .unwrap();
    let before = store.incident_stats(None, t(0), t(2000)).unwrap();
    let of_m = store.incident_stats(Some(id), t(0), t(2000)).unwrap();

    let mut new = new_incident(id, t(1000), t(1000));
    new.simulated = true;
    let drill = store.open_incident(&new).unwrap();
    store
        .resolve_incident(drill, t(1001), &resolved(t(1001)))
        .unwrap();

    assert_eq!(store.incident_stats(None, t(0), t(2000)).unwrap(), before);
    assert_eq!(store.incident_stats(Some(id), t(0), t(2000)).unwrap(), of_m);
    assert_eq!(
        (before.count, before.mttr_s, before.mttd_s),
        (1, Some(300.0), Some(60.0))
    );
    let got = store.incident(drill).unwrap();
    assert!(got.simulated);
    assert_eq!(got.events.len(), 3, "its timeline: {:?}", got.events);
    assert!(!store.incident(real).unwrap().simulated);

    let ids = |simulated| {
        store
            .incidents(&IncidentFilter {
                simulated,
                ..Default::default()
            })
            .unwrap()
            .iter()
            .map(|i| (i.id, i.simulated))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(None), [(drill, true), (real, false)]);
    assert_eq!(ids(Some(false)), [(real, false)]);
    assert_eq!(ids(Some(true)), [(drill, true)]);
    // The other filters still apply beside it.
    let open_drills = store
        .incidents(&IncidentFilter {
            open_only: true,
            simulated: Some(true),
            ..Default::default()
        })
        .unwrap();
    assert!(open_drills.is_empty());
}

#[test]
fn migration_6_marks_the_drills_recorded_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    // Lookout before migration 6: a real incident and a drill, told apart only by the note
    // the drill put on its timeline.
    {
        let mut c = raw(&path);
        c.pragma_update(None, "foreign_keys", true).unwrap();
        schema::migrations().to_version(&mut c, 5).unwrap();
        c.execute_batch(
            "INSERT INTO incidents (id, monitor_id, monitor, title, rule, severity, started_ms,
                                    detected_ms, resolved_ms, failures, failure_threshold)
             VALUES (1, 1, 'm', 'm is DOWN', 'down', 'critical', 1700000000000, 1700000060000,
                     1700000300000, 3, 3),
                    (2, 1, 'm', 'm is DOWN', 'down', 'critical', 1700001000000, 1700001000000,
                     1700001001000, 3, 3);
             INSERT INTO incident_events (incident_id, at_ms, kind, message)
             VALUES (1, 1700000100000, 'note', 'the simulated outage of last week was fine'),
                    (2, 1700001000000, 'note', 'This incident is a simulated outage (self-test)');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&path, "PRAGMA user_version"), 7);
    assert!(!store.incident(IncidentId(1)).unwrap().simulated);
    assert!(store.incident(IncidentId(2)).unwrap().simulated);
    let stats = store.incident_stats(None, t(0), t(2000)).unwrap();
    assert_eq!((stats.count, stats.mttr_s), (1, Some(300.0)));
}
