//! Sleep and resume, simulated through the clock: the wall clock jumps an hour while the
//! monotonic clock doesn't, as across a laptop's suspend.

mod support;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use lookout_core::clock::ManualClock;
use lookout_core::config::MonitorSpec;
use lookout_core::events::CoreEvent;
use lookout_core::runtime::{Runtime, RuntimeOptions};
use lookout_core::storage::{IncidentFilter, Store};
use support::{collect, Mode, TestServer};

async fn setup() -> (tempfile::TempDir, Store, Runtime, ManualClock, TestServer) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let clock = ManualClock::new(Utc::now());
    let opts = RuntimeOptions {
        sleep_check: Duration::from_millis(100),
        resume_settle: Duration::from_millis(400),
        ..Default::default()
    };
    let rt = Runtime::start_with_clock(store.clone(), opts, Arc::new(clock.clone()))
        .await
        .unwrap();
    let srv = TestServer::start(Mode::Status(200)).await;
    rt.add_monitor(MonitorSpec {
        name: "api".into(),
        target: srv.url(),
        interval: Some("1s".into()),
        timeout: Some("300ms".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    (dir, store, rt, clock, srv)
}

fn alerts(events: &[CoreEvent]) -> usize {
    events
        .iter()
        .filter(|e| {
            matches!(
                e,
                CoreEvent::AlertTriggered { .. } | CoreEvent::IncidentOpened { .. }
            )
        })
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waking_with_the_network_still_down_raises_no_false_alarm() {
    let (_dir, store, rt, clock, mut srv) = setup().await;
    let mut rx = rt.subscribe();
    collect(&mut rx, Duration::from_millis(1200)).await;

    // Asleep for an hour; on waking the network (here: the service) takes a moment to return.
    srv.stop();
    clock.advance(Duration::from_secs(3600));
    let woke = collect(&mut rx, Duration::from_millis(700)).await;
    let resumed = woke.iter().find_map(|e| match e {
        CoreEvent::Resumed { slept_s, .. } => Some(*slept_s),
        _ => None,
    });
    assert!(resumed.is_some_and(|s| s >= 3590), "{woke:?}");
    srv.restart().await;
    let later = collect(&mut rx, Duration::from_millis(2500)).await;
    assert_eq!(alerts(&woke) + alerts(&later), 0, "{woke:?} {later:?}");
    assert!(store
        .incidents(&IncidentFilter::default())
        .unwrap()
        .is_empty());
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_outage_after_waking_still_alerts_once_rechecked() {
    let (_dir, store, rt, clock, mut srv) = setup().await;
    let mut rx = rt.subscribe();
    collect(&mut rx, Duration::from_millis(1200)).await;
    srv.stop();
    clock.advance(Duration::from_secs(3600));
    // Held for the re-checks (3 x 400 ms after the first failure), then it counts.
    let events = collect(&mut rx, Duration::from_millis(4000)).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, CoreEvent::AlertTriggered { .. }))
            .count(),
        1,
        "{events:?}"
    );
    let inc = &store.incidents(&IncidentFilter::default()).unwrap()[0];
    assert_eq!(inc.title, "api is DOWN");
    rt.shutdown().await;
}
