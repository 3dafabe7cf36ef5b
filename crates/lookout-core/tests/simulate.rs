//! "Simulate outage": the whole alert path as a self-test, without touching the service and
//! without running its recovery actions.

mod support;

use std::time::Duration;

use lookout_core::events::CoreEvent;
use lookout_core::model::{IncidentEventKind, IncidentState, MonitorId, Status};
use lookout_core::runtime::{request_simulation, RequestError, Runtime, RuntimeOptions};
use lookout_core::spec::MonitorSpec;
use lookout_core::spec::RecoverySpec;
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
            // Committed before announced: the incident's resolution, then the alert's.
            "incident resolved",
            "resolved",
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
    rt.shutdown().await.unwrap();
}

async fn engine_with_an_up_monitor(
    dir: &tempfile::TempDir,
) -> (Store, Runtime, TestServer, lookout_core::monitor::Monitor) {
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
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_nobody_takes_is_withdrawn_and_never_runs_later() {
    let dir = tempfile::tempdir().unwrap();
    let (store, rt, _srv, m) = engine_with_an_up_monitor(&dir).await;
    rt.shutdown().await.unwrap();

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
    rt.shutdown().await.unwrap();
}

/// What every figure of a monitor reads, at fixed bounds so two readings compare.
#[derive(Debug, PartialEq)]
struct Figures {
    checks: Vec<lookout_core::storage::StoredCheck>,
    uptime: Option<f64>,
    hourly: Vec<lookout_core::storage::UptimeBucket>,
    daily: Vec<lookout_core::storage::UptimeBucket>,
    stats: lookout_core::storage::IncidentStats,
    all_stats: lookout_core::storage::IncidentStats,
    summary: lookout_core::report::Summary,
    report_stats: lookout_core::report::PeriodStats,
}

fn figures(
    store: &Store,
    id: MonitorId,
    real_incident: lookout_core::model::IncidentId,
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
) -> Figures {
    store.flush().unwrap();
    Figures {
        checks: store.recent_checks(id, from).unwrap(),
        uptime: store.uptime_ratio(id, from).unwrap(),
        hourly: store.hourly_uptime(id, from).unwrap(),
        daily: store.daily_uptime(id, from).unwrap(),
        stats: store.incident_stats(Some(id), from, to).unwrap(),
        all_stats: store.incident_stats(None, from, to).unwrap(),
        summary: lookout_core::report::summary(store, from, to).unwrap(),
        report_stats: lookout_core::report::gather(store, real_incident, to)
            .unwrap()
            .stats,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drill_leaves_uptime_history_and_every_figure_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let srv = TestServer::start(Mode::Status(200)).await;
    let rt = Runtime::start(store.clone(), RuntimeOptions::default())
        .await
        .unwrap();
    let mut rx = rt.subscribe();
    // Checked once when added, then not for an hour: only the checks this test asks for run.
    let m = rt
        .add_monitor(MonitorSpec {
            name: "api".into(),
            target: srv.url(),
            interval: Some("1h".into()),
            timeout: Some("2s".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let opened = |e: &CoreEvent| matches!(e, CoreEvent::IncidentOpened { .. });
    let resolved = |e: &CoreEvent| matches!(e, CoreEvent::IncidentResolved { .. });
    let up = |e: &CoreEvent| matches!(e, CoreEvent::CheckCompleted { result, .. } if result.status == Status::Up);
    support::wait_for(&mut rx, Duration::from_secs(3), "first check", up).await;

    // A real outage first, so the figures have something to lose.
    srv.set_mode(Mode::Status(503));
    rt.check_now(m.id).await.unwrap();
    let CoreEvent::IncidentOpened { incident: real, .. } =
        support::wait_for(&mut rx, Duration::from_secs(3), "real incident", opened).await
    else {
        unreachable!()
    };
    tokio::time::sleep(Duration::from_millis(1100)).await;
    srv.set_mode(Mode::Status(200));
    rt.check_now(m.id).await.unwrap();
    support::wait_for(&mut rx, Duration::from_secs(3), "its resolution", resolved).await;

    let from = chrono::Utc::now() - chrono::Duration::days(1);
    let to = chrono::Utc::now() + chrono::Duration::hours(1);
    let before = figures(&store, m.id, real, from, to);
    assert_eq!(before.checks.len(), 3, "{:?}", before.checks);
    assert_eq!(before.uptime, Some(2.0 / 3.0));
    assert_eq!(before.all_stats.count, 1);
    assert!(before.all_stats.mttr_s.unwrap() >= 1.0);
    assert_eq!(before.summary.incidents.len(), 1);
    assert_eq!(before.summary.monitors[0].incidents, 1);
    let last_before = rt.snapshot().monitors[0].clone();

    let sim = rt.simulate(m.id).await.unwrap();
    let drill = sim.incident.expect("the drill opens an incident");
    let during = support::collect(&mut rx, Duration::from_millis(1200)).await;

    assert_eq!(figures(&store, m.id, real, from, to), before);
    assert!(
        !during
            .iter()
            .any(|e| matches!(e, CoreEvent::CheckCompleted { .. })),
        "a drill's results are not checks: {during:?}"
    );
    let last_after = rt.snapshot().monitors[0].clone();
    assert_eq!(
        (
            last_after.status,
            last_after.last_check,
            last_after.latency_ms
        ),
        (Status::Up, last_before.last_check, last_before.latency_ms),
        "the last check is still the real one"
    );

    // The drill is there, marked, with its timeline, and its report says what it was.
    let inc = store.incident(drill).unwrap();
    assert!(inc.simulated);
    assert!(!store.incident(real).unwrap().simulated);
    assert_eq!(inc.state, IncidentState::Resolved);
    let kinds: Vec<IncidentEventKind> = inc.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            IncidentEventKind::FirstFailure,
            IncidentEventKind::Triggered,
            IncidentEventKind::Note,
            IncidentEventKind::Resolved
        ]
    );
    let listed: Vec<_> = store
        .incidents(&lookout_core::storage::IncidentFilter::default())
        .unwrap()
        .iter()
        .map(|i| (i.id, i.simulated))
        .collect();
    assert_eq!(listed, [(drill, true), (real, false)]);
    let report = lookout_core::report::gather(&store, drill, to).unwrap();
    assert!(report
        .report(to)
        .markdown_in(lookout_core::i18n::Lang::En)
        .starts_with(&format!("# Incident #{drill} (drill): api is DOWN")));
    assert_eq!(report.stats, before.report_stats, "30-day MTTR / MTTD");

    // A real check that runs while a drill does is stored as ever.
    let (sim, checked) = tokio::join!(rt.simulate(m.id), rt.check_now(m.id));
    sim.unwrap();
    checked.unwrap();
    support::wait_for(&mut rx, Duration::from_secs(3), "the real check", up).await;
    let after = figures(&store, m.id, real, from, to);
    assert_eq!(after.checks.len(), 4, "{:?}", after.checks);
    assert_eq!(after.checks[3].status, Status::Up);
    assert_eq!(after.uptime, Some(3.0 / 4.0));
    assert_eq!(after.all_stats, before.all_stats);
    assert_eq!(after.summary.incidents, before.summary.incidents);
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drill_left_open_by_a_stopped_engine_is_closed_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let (store, rt, _srv, m) = engine_with_an_up_monitor(&dir).await;
    rt.shutdown().await.unwrap();
    // As an engine killed mid-drill leaves it: the incident open, its note written.
    // Whole milliseconds, as the database keeps them.
    let t0 = chrono::DateTime::from_timestamp_millis(
        (chrono::Utc::now() - chrono::Duration::minutes(5)).timestamp_millis(),
    )
    .unwrap();
    let drill = store
        .open_incident(&lookout_core::storage::NewIncident {
            monitor_id: m.id,
            monitor: "api".into(),
            title: "api is DOWN".into(),
            rule: lookout_core::model::RuleKind::Down,
            severity: lookout_core::model::Severity::Critical,
            started_at: t0,
            detected_at: t0,
            failures: 1,
            failure_threshold: 1,
            simulated: true,
            events: vec![lookout_core::model::IncidentEvent {
                at: t0,
                kind: IncidentEventKind::Note,
                message: "This incident is a simulated outage (self-test)".into(),
            }],
        })
        .unwrap();

    let rt = Runtime::start(store.clone(), RuntimeOptions::default())
        .await
        .unwrap();
    let inc = store.incident(drill).unwrap();
    assert_eq!(inc.state, IncidentState::Resolved);
    assert_eq!(inc.resolved_at, Some(t0), "ended where the drill stopped");
    assert!(
        inc.events.last().unwrap().message.contains("interrupted"),
        "{:?}",
        inc.events
    );
    assert_eq!(rt.snapshot().monitors[0].alert, None, "no outage restored");
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drills_do_not_use_up_the_flap_cap_a_real_outage_is_owed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let srv = TestServer::start(Mode::Status(200)).await;
    let rt = Runtime::start(store.clone(), RuntimeOptions::default())
        .await
        .unwrap();
    let mut rx = rt.subscribe();
    // At most 2 alerts in 10 minutes: one drill's DOWN and UP would fill it.
    let m = rt
        .add_monitor(MonitorSpec {
            name: "api".into(),
            target: srv.url(),
            interval: Some("1h".into()),
            timeout: Some("2s".into()),
            flap_max: Some(2),
            ..Default::default()
        })
        .await
        .unwrap();
    let up = |e: &CoreEvent| matches!(e, CoreEvent::CheckCompleted { result, .. } if result.status == Status::Up);
    support::wait_for(&mut rx, Duration::from_secs(3), "first check", up).await;
    for _ in 0..2 {
        let sim = rt.simulate(m.id).await.unwrap();
        assert!(sim.alerted && sim.resolved, "{sim:?}");
    }

    srv.set_mode(Mode::Status(503));
    rt.check_now(m.id).await.unwrap();
    let triggered = |e: &CoreEvent| matches!(e, CoreEvent::AlertTriggered { .. });
    let flapping = |e: &CoreEvent| matches!(e, CoreEvent::Flapping { .. });
    let e = support::wait_for(
        &mut rx,
        Duration::from_secs(3),
        "the real DOWN alert",
        |e| triggered(e) || flapping(e),
    )
    .await;
    assert!(triggered(&e), "the real outage must alert, got {e:?}");
    rt.shutdown().await.unwrap();
}
