//! Sleep and resume, simulated through the clock: the wall clock jumps an hour while the
//! monotonic clock doesn't, as across a laptop's suspend.

mod support;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use lookout_core::clock::{Clock, ManualClock};
use lookout_core::events::CoreEvent;
use lookout_core::runtime::{Runtime, RuntimeOptions};
use lookout_core::spec::MonitorSpec;
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
    rt.shutdown().await.unwrap();
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
    rt.shutdown().await.unwrap();
}

fn resumes(events: &[CoreEvent]) -> Vec<(chrono::DateTime<Utc>, i64)> {
    events
        .iter()
        .filter_map(|e| match e {
            CoreEvent::Resumed { from, slept_s, .. } => Some((*from, *slept_s)),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_announced_sleep_drops_failures_and_resumes_once_from_the_announcement() {
    let (_dir, store, rt, clock, mut srv) = setup().await;
    let mut rx = rt.subscribe();
    collect(&mut rx, Duration::from_millis(1200)).await;

    let announced = clock.now();
    rt.prepare_for_sleep(true).await;
    srv.stop();
    // Checks still run before the machine freezes; with a threshold of 1 any that counted
    // would alert.
    let before = collect(&mut rx, Duration::from_millis(2500)).await;
    assert_eq!(alerts(&before), 0, "{before:?}");
    assert!(
        !before
            .iter()
            .any(|e| matches!(e, CoreEvent::StatusChanged { .. })),
        "{before:?}"
    );

    clock.advance(Duration::from_secs(3600));
    rt.prepare_for_sleep(false).await;
    srv.restart().await;
    let after = collect(&mut rx, Duration::from_millis(2500)).await;
    let r = resumes(&after);
    assert_eq!(r.len(), 1, "{after:?}");
    assert_eq!(r[0].0, announced);
    assert_eq!(r[0].1, 3600, "the manual clock moved only by the sleep");
    assert_eq!(alerts(&after), 0, "{after:?}");
    assert!(store
        .incidents(&IncidentFilter::default())
        .unwrap()
        .is_empty());
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clocks_seeing_the_sleep_first_leave_the_resume_signal_nothing_to_add() {
    let (_dir, _store, rt, clock, _srv) = setup().await;
    let mut rx = rt.subscribe();
    collect(&mut rx, Duration::from_millis(1200)).await;

    let announced = clock.now();
    rt.prepare_for_sleep(true).await;
    clock.advance(Duration::from_secs(3600));
    let mut events = collect(&mut rx, Duration::from_millis(500)).await;
    assert_eq!(resumes(&events).len(), 1, "the detector runs every 100 ms");
    rt.prepare_for_sleep(false).await;
    events.extend(collect(&mut rx, Duration::from_millis(1000)).await);
    let r = resumes(&events);
    assert_eq!(r.len(), 1, "{events:?}");
    assert_eq!(
        r[0].0, announced,
        "logind's moment, not the last clock reading"
    );
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resume_signal_without_an_announcement() {
    let (_dir, _store, rt, clock, _srv) = setup().await;
    let mut rx = rt.subscribe();
    collect(&mut rx, Duration::from_millis(1200)).await;

    // The clocks reported this sleep; logind's late "resumed" is the same one.
    clock.advance(Duration::from_secs(3600));
    let mut events = collect(&mut rx, Duration::from_millis(500)).await;
    rt.prepare_for_sleep(false).await;
    events.extend(collect(&mut rx, Duration::from_millis(500)).await);
    assert_eq!(resumes(&events).len(), 1, "{events:?}");
    rt.shutdown().await.unwrap();

    // Nothing reported lately, no clock jump: a resume of unknown length, at this instant.
    let (_dir, _store, rt, clock, _srv) = setup().await;
    let mut rx = rt.subscribe();
    collect(&mut rx, Duration::from_millis(1200)).await;
    let now = clock.now();
    rt.prepare_for_sleep(false).await;
    let events = collect(&mut rx, Duration::from_millis(500)).await;
    assert_eq!(resumes(&events), vec![(now, 0)], "{events:?}");
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_incident_notes_the_announced_sleep_as_no_data() {
    let (_dir, store, rt, clock, mut srv) = setup().await;
    let mut rx = rt.subscribe();
    collect(&mut rx, Duration::from_millis(1200)).await;
    srv.stop();
    support::wait_for(&mut rx, Duration::from_secs(3), "the incident", |e| {
        matches!(e, CoreEvent::IncidentOpened { .. })
    })
    .await;

    rt.prepare_for_sleep(true).await;
    clock.advance(Duration::from_secs(7200));
    rt.prepare_for_sleep(false).await;
    collect(&mut rx, Duration::from_millis(300)).await;
    let inc = &store.incidents(&IncidentFilter::default()).unwrap()[0];
    let full = store.incident(inc.id).unwrap();
    let notes: Vec<&str> = full
        .events
        .iter()
        .map(|e| e.message.as_str())
        .filter(|m| m.contains("asleep for"))
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", full.events);
    assert!(notes[0].contains("asleep for 2h"), "{notes:?}");
    rt.shutdown().await.unwrap();
}
