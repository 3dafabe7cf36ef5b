//! The whole loop against real servers and a real SQLite file: check, threshold, incident,
//! recovery, and changes made by another process picked up by the running engine.

mod support;

use std::time::{Duration, Instant};

use lookout_core::events::CoreEvent;
use lookout_core::model::{IncidentEventKind, IncidentState, Severity, Status};
use lookout_core::monitor::Monitor;
use lookout_core::runtime::{Runtime, RuntimeOptions};
use lookout_core::spec::{AlertsSpec, MonitorSpec, RuleSpec};
use lookout_core::storage::{IncidentFilter, Store};
use support::{wait_for, Mode, TestServer};

fn spec(name: &str, target: String) -> MonitorSpec {
    MonitorSpec {
        name: name.into(),
        target,
        interval: Some("1s".into()),
        timeout: Some("500ms".into()),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn down_alert_incident_and_recovery_against_a_real_server() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let mut srv = TestServer::start(Mode::Status(200)).await;
    let rt = Runtime::start(store.clone(), RuntimeOptions::default())
        .await
        .unwrap();
    let mut rx = rt.subscribe();
    let m = rt.add_monitor(spec("Mockoon", srv.url())).await.unwrap();

    wait_for(&mut rx, Duration::from_secs(3), "UP", |e| {
        matches!(e, CoreEvent::StatusChanged { to: Status::Up, .. })
    })
    .await;
    assert_eq!(rt.snapshot().overall, Status::Up);

    // Stop the server: DOWN within one interval + timeout (plus scheduling slack).
    srv.stop();
    let stopped = Instant::now();
    let opened = wait_for(&mut rx, Duration::from_secs(4), "incident_opened", |e| {
        matches!(e, CoreEvent::IncidentOpened { .. })
    })
    .await;
    let detect = stopped.elapsed();
    assert!(
        detect <= Duration::from_millis(1500 + 500),
        "detected after {detect:?}"
    );
    let CoreEvent::IncidentOpened {
        incident, title, ..
    } = opened
    else {
        unreachable!()
    };
    assert_eq!(title, "Mockoon is DOWN");
    wait_for(
        &mut rx,
        Duration::from_secs(2),
        "alert_triggered",
        |e| matches!(e, CoreEvent::AlertTriggered { incident: Some(i), .. } if *i == incident),
    )
    .await;
    assert_eq!(rt.snapshot().overall, Status::Down);
    assert_eq!(rt.snapshot().monitors[0].alert, Some(Severity::Critical));
    let open = store.incident(incident).unwrap();
    assert_eq!(open.state, IncidentState::Open);

    // Back up: the incident resolves itself with its downtime.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    srv.restart().await;
    let resolved = wait_for(&mut rx, Duration::from_secs(4), "incident_resolved", |e| {
        matches!(e, CoreEvent::IncidentResolved { .. })
    })
    .await;
    let CoreEvent::IncidentResolved { duration_s, .. } = resolved else {
        unreachable!()
    };
    assert!((1..=5).contains(&duration_s), "downtime {duration_s}s");
    assert_eq!(rt.snapshot().overall, Status::Up);
    assert_eq!(rt.snapshot().monitors[0].alert, None);

    let inc = store.incident(incident).unwrap();
    assert_eq!(inc.state, IncidentState::Resolved);
    assert_eq!(inc.monitor, "Mockoon");
    let kinds: Vec<_> = inc.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            IncidentEventKind::FirstFailure,
            IncidentEventKind::Triggered,
            IncidentEventKind::Resolved
        ]
    );
    assert!(
        inc.events[1].message.contains("failure threshold 1"),
        "{}",
        inc.events[1].message
    );
    assert_eq!(
        inc.started_at, inc.events[0].at,
        "starts at the first failed check"
    );
    assert_eq!(inc.duration_s(chrono::Utc::now()), duration_s);
    assert_eq!(inc.monitor_id, m.id);
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn threshold_of_three_and_incident_starts_at_first_failure() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let srv = TestServer::start(Mode::Status(200)).await;
    let rt = Runtime::start(store.clone(), RuntimeOptions::default())
        .await
        .unwrap();
    let mut rx = rt.subscribe();
    let mut s = spec("api", srv.url());
    s.alerts = Some(AlertsSpec {
        down: Some(RuleSpec {
            failure_threshold: Some(3),
            ..Default::default()
        }),
        degraded: None,
    });
    rt.add_monitor(s).await.unwrap();
    wait_for(&mut rx, Duration::from_secs(3), "UP", |e| {
        matches!(e, CoreEvent::StatusChanged { to: Status::Up, .. })
    })
    .await;
    srv.set_mode(Mode::Status(503));
    let down = wait_for(&mut rx, Duration::from_secs(3), "DOWN", |e| {
        matches!(
            e,
            CoreEvent::StatusChanged {
                to: Status::Down,
                ..
            }
        )
    })
    .await;
    let CoreEvent::StatusChanged {
        at: first_fail,
        reason,
        ..
    } = down
    else {
        unreachable!()
    };
    assert_eq!(reason, "status 503, expected 200-299");
    let trig = wait_for(&mut rx, Duration::from_secs(5), "trigger", |e| {
        matches!(e, CoreEvent::AlertTriggered { .. })
            || matches!(e, CoreEvent::StatusChanged { to: Status::Up, .. })
    })
    .await;
    let CoreEvent::AlertTriggered {
        failures,
        threshold,
        since,
        incident,
        ..
    } = trig
    else {
        panic!("recovered before triggering: {trig:?}")
    };
    assert_eq!((failures, threshold), (3, 3));
    assert_eq!(since, first_fail);
    let inc = store.incident(incident.unwrap()).unwrap();
    assert_eq!(inc.started_at, first_fail);
    assert!(inc.detected_at > inc.started_at);
    assert_eq!((inc.failures, inc.failure_threshold), (Some(3), Some(3)));
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_from_another_process_reach_the_running_engine() {
    changes_reach_the_engine(RuntimeOptions::default()).await;
}

/// As `lookout run` and the desktop app run, with the file events on; here housekeeping and
/// the poll (also the poll a failed watch would fall back to) only once a minute, so only the
/// file events can bring the changes within 2 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_from_another_process_are_heard_without_polling() {
    changes_reach_the_engine(RuntimeOptions {
        watched_housekeeping: Some(Duration::from_secs(60)),
        config_poll: Duration::from_secs(60),
        ..RuntimeOptions::default()
    })
    .await;
}

/// Writers ring the engine through the database's `.changed` file. Deleted while the engine
/// runs, the next writer makes a new one: the engine watches that one, so changes are still
/// heard at once and not only at the backstop read a minute later.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_are_still_heard_after_the_changed_file_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let srv = TestServer::start(Mode::Status(200)).await;
    let opts = RuntimeOptions {
        watched_housekeeping: Some(Duration::from_secs(60)),
        config_poll: Duration::from_secs(60),
        ..RuntimeOptions::default()
    };
    let rt = Runtime::start(Store::open(&path).unwrap(), opts)
        .await
        .unwrap();
    let mut rx = rt.subscribe();
    std::fs::remove_file(lookout_core::storage::changes_path(&path)).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let other = Store::open(&path).unwrap();
    added_elsewhere_is_checked_at_once(&mut rx, &other, "after-delete", srv.url()).await;
    rt.shutdown().await.unwrap();
}

/// Adds a monitor through `other` (a second handle, as the CLI opens the file) and waits for
/// the running engine's first check of it, which must come within 2 s. Returns its id.
async fn added_elsewhere_is_checked_at_once(
    rx: &mut lookout_core::runtime::Events,
    other: &Store,
    name: &str,
    url: String,
) -> lookout_core::model::MonitorId {
    let m = Monitor::try_from(spec(name, url)).unwrap();
    let id = other.add_monitor(&m).unwrap();
    let added = Instant::now();
    wait_for(rx, Duration::from_secs(3), "the new monitor's first check", |e| {
        matches!(e, CoreEvent::StatusChanged { monitor, to: Status::Up, .. } if monitor == name)
    })
    .await;
    assert!(
        added.elapsed() < Duration::from_secs(2),
        "picked up after {:?}",
        added.elapsed()
    );
    id
}

async fn changes_reach_the_engine(opts: RuntimeOptions) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let srv = TestServer::start(Mode::Status(200)).await;
    let rt = Runtime::start(Store::open(&path).unwrap(), opts)
        .await
        .unwrap();
    let mut rx = rt.subscribe();

    // A second handle on the same file, as the CLI would open it.
    let other = Store::open(&path).unwrap();
    let id = added_elsewhere_is_checked_at_once(&mut rx, &other, "from-cli", srv.url()).await;

    other.set_paused(id, true).unwrap();
    wait_for(&mut rx, Duration::from_secs(3), "PAUSED", |e| {
        matches!(
            e,
            CoreEvent::StatusChanged {
                to: Status::Paused,
                ..
            }
        )
    })
    .await;
    assert_eq!(rt.snapshot().overall, Status::Paused);

    other.remove_monitor(id).unwrap();
    // Earlier changes sent their own MonitorsChanged; wait for the one after which it's gone.
    wait_for(&mut rx, Duration::from_secs(3), "the removal", |e| {
        matches!(e, CoreEvent::MonitorsChanged) && rt.snapshot().monitors.is_empty()
    })
    .await;

    let t = Instant::now();
    rt.shutdown().await.unwrap();
    assert!(t.elapsed() < Duration::from_secs(2));
    drop(other);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_survives_a_restart_and_an_open_incident_resolves_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let mut srv = TestServer::start(Mode::Status(503)).await;
    let rt = Runtime::start(Store::open(&path).unwrap(), RuntimeOptions::default())
        .await
        .unwrap();
    let mut rx = rt.subscribe();
    rt.add_monitor(spec("api", srv.url())).await.unwrap();
    let CoreEvent::IncidentOpened { incident, .. } =
        wait_for(&mut rx, Duration::from_secs(3), "incident", |e| {
            matches!(e, CoreEvent::IncidentOpened { .. })
        })
        .await
    else {
        unreachable!()
    };
    rt.shutdown().await.unwrap();
    drop(rt);

    srv.set_mode(Mode::Status(200));
    srv.restart().await;
    let store = Store::open(&path).unwrap();
    let rt = Runtime::start(store.clone(), RuntimeOptions::default())
        .await
        .unwrap();
    assert_eq!(
        rt.snapshot().monitors[0].status,
        Status::Down,
        "last status restored"
    );
    let mut rx = rt.subscribe();
    let CoreEvent::IncidentResolved {
        incident: resolved, ..
    } = wait_for(&mut rx, Duration::from_secs(4), "resolution", |e| {
        matches!(e, CoreEvent::IncidentResolved { .. })
    })
    .await
    else {
        unreachable!()
    };
    assert_eq!(
        resolved, incident,
        "the incident opened before the restart is the one resolved"
    );
    assert!(store
        .incidents(&IncidentFilter {
            open_only: true,
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_engine_per_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let rt = Runtime::start(Store::open(&path).unwrap(), RuntimeOptions::default())
        .await
        .unwrap();
    let second = Runtime::start(Store::open(&path).unwrap(), RuntimeOptions::default()).await;
    let err = second
        .err()
        .expect("a second engine on the same database is refused");
    assert!(
        err.to_string()
            .contains("another Lookout engine is already running"),
        "{err}"
    );
    rt.shutdown().await.unwrap();
    let again = Runtime::start(Store::open(&path).unwrap(), RuntimeOptions::default())
        .await
        .expect("free again after shutdown");
    again.shutdown().await.unwrap();
}
