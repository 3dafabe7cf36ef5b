//! "Simulate outage": the whole alert path as a self-test, without touching the service and
//! without running its recovery actions.

mod support;

use std::time::Duration;

use lookout_core::action::recovery::RecoverySpec;
use lookout_core::config::MonitorSpec;
use lookout_core::events::CoreEvent;
use lookout_core::model::{IncidentEventKind, IncidentState, MonitorId, Status};
use lookout_core::runtime::{request_simulation, RequestError, Runtime, RuntimeOptions};
use lookout_core::storage::Store;
use support::{Mode, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_simulated_outage_alerts_and_resolves_and_only_dry_runs_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let flag = dir.path().join("restarted");
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let srv = TestServer::start(Mode::Status(200)).await;
    let rt = Runtime::start(store.clone(), RuntimeOptions::default())
        .await
        .unwrap();
    let actions = lookout_core::action::spawn(&rt);
    let mut rx = rt.subscribe();
    let m = rt
        .add_monitor(MonitorSpec {
            name: "api".into(),
            target: srv.url(),
            interval: Some("30s".into()),
            timeout: Some("2s".into()),
            recovery: Some(vec![RecoverySpec {
                run: Some(vec!["touch".into(), flag.display().to_string()]),
                ..Default::default()
            }]),
            ..Default::default()
        })
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while rt.snapshot().monitors[0].status != Status::Up {
        assert!(tokio::time::Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let incident = rt
        .simulate_outage(m.id)
        .await
        .unwrap()
        .expect("an incident");
    let mut seen = Vec::new();
    while let Ok(Ok(e)) = tokio::time::timeout(Duration::from_millis(800), rx.recv()).await {
        seen.push(e);
    }
    let kinds: Vec<&str> = seen
        .iter()
        .filter_map(|e| match e {
            CoreEvent::SimulationStarted { .. } => Some("started"),
            CoreEvent::AlertTriggered { .. } => Some("triggered"),
            CoreEvent::IncidentOpened { .. } => Some("opened"),
            CoreEvent::AlertResolved { .. } => Some("resolved"),
            CoreEvent::IncidentResolved { .. } => Some("incident resolved"),
            CoreEvent::SimulationEnded { .. } => Some("ended"),
            CoreEvent::RecoveryAction { .. } => Some("ACTION RAN"),
            _ => None,
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "started",
            "opened",
            "triggered",
            "resolved",
            "incident resolved",
            "ended"
        ]
    );
    assert!(
        !flag.exists(),
        "the recovery action must not run for a simulation"
    );
    let inc = store.incident(incident).unwrap();
    assert_eq!(inc.state, IncidentState::Resolved);
    assert!(inc
        .events
        .iter()
        .any(|e| e.message.contains("simulated outage (self-test)")));
    assert!(
        inc.events
            .iter()
            .any(|e| e.kind == IncidentEventKind::RecoveryAction
                && e.message
                    .starts_with("Dry run (simulated outage): would run touch")),
        "{:?}",
        inc.events
    );

    // A monitor that isn't UP can't be used for a simulation.
    srv.set_mode(Mode::Status(503));
    rt.check_now(m.id).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let e = rt.simulate_outage(m.id).await.unwrap_err();
    assert_eq!(e.field_errors()[0].field, "status");
    actions.shutdown().await;
    rt.shutdown().await;
}

async fn engine_with_an_up_monitor(
    dir: &tempfile::TempDir,
) -> (Store, Runtime, TestServer, lookout_core::model::Monitor) {
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let srv = TestServer::start(Mode::Status(200)).await;
    let rt = Runtime::start(store.clone(), RuntimeOptions::default())
        .await
        .unwrap();
    let m = rt
        .add_monitor(MonitorSpec {
            name: "api".into(),
            target: srv.url(),
            interval: Some("1s".into()),
            timeout: Some("500ms".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while rt.snapshot().monitors[0].status != Status::Up {
        assert!(tokio::time::Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (store, rt, srv, m)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_process_asks_the_running_engine_through_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let (_store, rt, srv, m) = engine_with_an_up_monitor(&dir).await;
    let mut rx = rt.subscribe();
    // The asker has its own connection, as the CLI in another process does.
    let asker = Store::open(&dir.path().join("lookout.db")).unwrap();
    let sim = request_simulation(&asker, m.id, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(sim.monitor, "api");
    assert!(sim.alerted && sim.resolved, "{sim:?}");
    let opened = support::wait_for(&mut rx, Duration::from_secs(1), "incident", |e| {
        matches!(e, CoreEvent::IncidentOpened { .. })
    })
    .await;
    let CoreEvent::IncidentOpened { incident, .. } = opened else {
        unreachable!()
    };
    assert_eq!(
        sim.incident,
        Some(incident),
        "the running engine's incident"
    );
    assert_eq!(
        asker.incident(incident).unwrap().state,
        IncidentState::Resolved
    );

    // Refusals come back as the engine's own errors.
    srv.set_mode(Mode::Status(503));
    rt.check_now(m.id).await.unwrap();
    support::wait_for(&mut rx, Duration::from_secs(3), "DOWN", |e| {
        matches!(
            e,
            CoreEvent::StatusChanged {
                to: Status::Down,
                ..
            }
        )
    })
    .await;
    match request_simulation(&asker, m.id, Duration::from_secs(5)).await {
        Err(RequestError::Refused(e)) => {
            assert_eq!(e.kind(), "invalid");
            let f = &e.field_errors()[0];
            assert_eq!(f.field, "status");
            assert_eq!(
                f.message,
                "api is DOWN; simulate an outage on a monitor that is UP"
            );
        }
        other => panic!("{other:?}"),
    }
    match request_simulation(&asker, MonitorId(999), Duration::from_secs(5)).await {
        Err(RequestError::Refused(e)) => assert_eq!(e.to_string(), "monitor 999 not found"),
        other => panic!("{other:?}"),
    }
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_nobody_takes_is_withdrawn_and_never_runs_later() {
    let dir = tempfile::tempdir().unwrap();
    let (store, rt, _srv, m) = engine_with_an_up_monitor(&dir).await;
    rt.shutdown().await;

    // No engine answers (as with an older Lookout holding the lock).
    let e = request_simulation(&store, m.id, Duration::from_millis(500))
        .await
        .unwrap_err();
    assert!(
        matches!(e, RequestError::Timeout { claimed: false, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("withdrawn"), "{e}");

    let rt = Runtime::start(store.clone(), RuntimeOptions::default())
        .await
        .unwrap();
    let mut rx = rt.subscribe();
    let events = support::collect(&mut rx, Duration::from_millis(2500)).await;
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, CoreEvent::SimulationStarted { .. })),
        "{events:?}"
    );
    rt.shutdown().await;
}
