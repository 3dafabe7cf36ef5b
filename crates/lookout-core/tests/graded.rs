//! Alerting without noise, against real servers: the flap cap and dependent monitors.

mod support;

use std::time::Duration;

use lookout_core::events::CoreEvent;
use lookout_core::runtime::{Runtime, RuntimeOptions};
use lookout_core::spec::{AlertsSpec, MonitorSpec, RuleSpec};
use lookout_core::storage::{IncidentFilter, Store};
use support::{collect, Mode, TestServer};

fn spec(name: &str, url: String) -> MonitorSpec {
    MonitorSpec {
        name: name.into(),
        target: url,
        interval: Some("1s".into()),
        timeout: Some("500ms".into()),
        ..Default::default()
    }
}

fn alerts_of<'a>(events: &'a [CoreEvent], name: &str) -> Vec<&'a CoreEvent> {
    events
        .iter()
        .filter(|e| match e {
            CoreEvent::AlertTriggered { monitor, .. }
            | CoreEvent::AlertResolved { monitor, .. } => monitor == name,
            _ => false,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flapping_monitor_sends_four_alerts_then_one_flapping_notice() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let srv = TestServer::start(Mode::Status(200)).await;
    let rt = Runtime::start(store, RuntimeOptions::default())
        .await
        .unwrap();
    let mut rx = rt.subscribe();
    rt.add_monitor(spec("flappy", srv.url())).await.unwrap();
    // Down and up on every check.
    srv.set_mode(Mode::Flap);
    let events = collect(&mut rx, Duration::from_secs(8)).await;
    assert_eq!(alerts_of(&events, "flappy").len(), 4, "{events:?}");
    let flapping = events
        .iter()
        .filter(|e| matches!(e, CoreEvent::Flapping { .. }))
        .count();
    assert_eq!(flapping, 1, "{events:?}");
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_monitors_own_flap_cap_leaves_the_others_at_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let (tight_srv, default_srv) = (
        TestServer::start(Mode::Status(200)).await,
        TestServer::start(Mode::Status(200)).await,
    );
    let rt = Runtime::start(store.clone(), RuntimeOptions::default())
        .await
        .unwrap();
    let mut rx = rt.subscribe();
    let mut tight = spec("tight", tight_srv.url());
    tight.flap_max = Some(2);
    tight.flap_window = Some("5m".into());
    rt.add_monitor(tight).await.unwrap();
    rt.add_monitor(spec("loose", default_srv.url()))
        .await
        .unwrap();
    tight_srv.set_mode(Mode::Flap);
    default_srv.set_mode(Mode::Flap);
    let events = collect(&mut rx, Duration::from_secs(8)).await;
    assert_eq!(alerts_of(&events, "tight").len(), 2, "{events:?}");
    assert_eq!(alerts_of(&events, "loose").len(), 4, "{events:?}");
    let flapping: Vec<(&str, usize, u64)> = events
        .iter()
        .filter_map(|e| match e {
            CoreEvent::Flapping {
                monitor,
                notifications,
                window_s,
                ..
            } => Some((monitor.as_str(), *notifications, *window_s)),
            _ => None,
        })
        .collect();
    assert!(flapping.contains(&("tight", 2, 300)), "{flapping:?}");
    assert!(flapping.contains(&("loose", 4, 600)), "{flapping:?}");
    assert_eq!(flapping.len(), 2, "{flapping:?}");
    // Stored with the monitor.
    let stored = store.monitor_by_name("tight").unwrap().unwrap();
    assert_eq!(stored.flap_max, Some(2));
    assert_eq!(stored.flap_window, Some(Duration::from_secs(300)));
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_child_is_held_while_its_parent_is_down_and_named_in_the_parents_incident() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let router = TestServer::start(Mode::Status(200)).await;
    let app = TestServer::start(Mode::Status(200)).await;
    let rt = Runtime::start(store.clone(), RuntimeOptions::default())
        .await
        .unwrap();
    let mut rx = rt.subscribe();
    rt.add_monitor(spec("router", router.url())).await.unwrap();
    let mut child = spec("app", app.url());
    child.depends_on = Some("router".into());
    // Two failures, so the parent (one) has triggered first.
    child.alerts = Some(AlertsSpec {
        down: Some(RuleSpec {
            failure_threshold: Some(2),
            ..Default::default()
        }),
        degraded: None,
    });
    rt.add_monitor(child).await.unwrap();
    collect(&mut rx, Duration::from_millis(1500)).await;

    router.set_mode(Mode::Status(503));
    app.set_mode(Mode::Status(503));
    let events = collect(&mut rx, Duration::from_secs(4)).await;
    assert_eq!(alerts_of(&events, "router").len(), 1, "{events:?}");
    assert!(
        alerts_of(&events, "app").is_empty(),
        "the child is held: {events:?}"
    );
    let incidents = store.incidents(&IncidentFilter::default()).unwrap();
    assert_eq!(incidents.len(), 1, "only the parent's incident");
    assert!(
        incidents[0]
            .events
            .iter()
            .any(|e| e.message.starts_with("app is DOWN too")),
        "{:?}",
        incidents[0].events
    );

    // The parent comes back but the child is still down: now the child alerts on its own.
    router.set_mode(Mode::Status(200));
    let events = collect(&mut rx, Duration::from_secs(3)).await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, CoreEvent::AlertTriggered { monitor, .. } if monitor == "app")),
        "{events:?}"
    );
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_watchdog_says_when_a_monitor_is_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let hang = TestServer::start(Mode::Hang).await;
    let ok = TestServer::start(Mode::Status(200)).await;
    // One check at a time, and a check that hangs for its whole 10 s timeout holds it.
    let opts = RuntimeOptions {
        max_concurrent_checks: 1,
        ..Default::default()
    };
    let rt = Runtime::start(store, opts).await.unwrap();
    let mut rx = rt.subscribe();
    let mut slow = spec("stuck", hang.url());
    slow.interval = Some("10s".into());
    slow.timeout = Some("10s".into());
    rt.add_monitor(slow).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    rt.add_monitor(spec("starved", ok.url())).await.unwrap();
    let events = collect(&mut rx, Duration::from_secs(4)).await;
    let overdue: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            CoreEvent::Overdue { monitor, .. } => Some(monitor.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(overdue, ["starved"], "{events:?}");
    rt.shutdown().await.unwrap();
}
