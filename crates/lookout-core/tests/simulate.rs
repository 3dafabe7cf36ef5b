//! "Simulate outage": the whole alert path as a self-test, without touching the service and
//! without running its recovery actions.

mod support;

use std::time::Duration;

use lookout_core::action::recovery::RecoverySpec;
use lookout_core::config::MonitorSpec;
use lookout_core::events::CoreEvent;
use lookout_core::model::{IncidentEventKind, IncidentState, Status};
use lookout_core::runtime::{Runtime, RuntimeOptions};
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
