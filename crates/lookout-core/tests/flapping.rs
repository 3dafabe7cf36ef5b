//! A flapping service against a real server: a few alerts, one `flapping` notice, and its
//! outages folded into one incident, which closes once the service is stable again with only
//! the failing time as its downtime.

mod support;

use std::time::Duration;

use lookout_core::events::CoreEvent;
use lookout_core::model::{IncidentEventKind, IncidentState};
use lookout_core::spec::{AlertsSpec, MonitorSpec, RuleSpec};
use lookout_core::storage::IncidentFilter;
use support::{engine, Mode, TestServer};

fn spec(url: String) -> MonitorSpec {
    let once = RuleSpec {
        failure_threshold: Some(1),
        success_threshold: Some(1),
        ..Default::default()
    };
    MonitorSpec {
        name: "flappy".into(),
        target: url,
        interval: Some("1s".into()),
        timeout: Some("500ms".into()),
        alerts: Some(AlertsSpec {
            down: Some(once.clone()),
            degraded: Some(once),
        }),
        ..Default::default()
    }
}

/// Answers 200 and 503 by turns, `every` each, until the task is aborted.
fn flap(srv: &TestServer, every: Duration) -> tokio::task::JoinHandle<()> {
    let mode = srv.mode_handle();
    tokio::spawn(async move {
        let mut up = true;
        loop {
            tokio::time::sleep(every).await;
            up = !up;
            *mode.lock().unwrap() = Mode::Status(if up { 200 } else { 503 });
        }
    })
}

fn alerts(events: &[CoreEvent]) -> usize {
    events
        .iter()
        .filter(|e| {
            matches!(
                e,
                CoreEvent::AlertTriggered { .. } | CoreEvent::AlertResolved { .. }
            )
        })
        .count()
}

/// The check: 200 and 503 in turn every 2 s, watched at 1 s with thresholds of 1, for
/// 70 s: at most two incidents, at most four alerts and one `flapping` notice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seventy_seconds_of_flapping_is_two_incidents_four_alerts_and_one_notice() {
    let srv = TestServer::start(Mode::Status(200)).await;
    let mut h = engine().monitor(spec(srv.url())).start().await;
    let flapper = flap(&srv, Duration::from_secs(2));
    let events = h.collect(Duration::from_secs(70)).await;
    flapper.abort();

    let outages = events
        .iter()
        .filter(|e| matches!(e, CoreEvent::StatusChanged { to, .. } if to.as_str() == "DOWN"))
        .count();
    assert!(outages >= 10, "the service flapped: {outages} outages");
    let opened = events
        .iter()
        .filter(|e| matches!(e, CoreEvent::IncidentOpened { .. }))
        .count();
    let notices = events
        .iter()
        .filter(|e| matches!(e, CoreEvent::Flapping { .. }))
        .count();
    assert!((1..=2).contains(&opened), "{opened} incidents opened");
    assert!(alerts(&events) <= 4, "{} alerts", alerts(&events));
    assert_eq!(notices, 1, "one flapping notice");
    let stored = h.store.incidents(&IncidentFilter::default()).unwrap();
    assert!(
        (1..=2).contains(&stored.len()),
        "{} incidents",
        stored.len()
    );
    // The one left open lists the outages that folded into it.
    let open = stored
        .iter()
        .find(|i| i.state == IncidentState::Open)
        .expect("the flapping incident stays open");
    let folded = h.store.incident(open.id).unwrap();
    let again = folded
        .events
        .iter()
        .filter(|e| e.kind == IncidentEventKind::Flapping && e.message.starts_with("Failed again"))
        .count();
    assert!(again >= 5, "{again} outages listed: {:?}", folded.events);
    h.stop().await;
}

/// With a short flap window: the folded incident closes once the service has been stable for
/// that window, resolved at the last recovery, with the failing time as its downtime.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folded_incident_closes_once_stable_with_only_the_failing_time() {
    let srv = TestServer::start(Mode::Status(200)).await;
    let mut h = engine()
        .options(|o| {
            o.flap_max = 2;
            o.flap_window = Duration::from_secs(6);
        })
        .monitor(spec(srv.url()))
        .start()
        .await;
    let flapper = flap(&srv, Duration::from_millis(1500));
    let during = h.collect(Duration::from_secs(9)).await;
    flapper.abort();
    srv.set_mode(Mode::Status(200));
    assert!(
        during
            .iter()
            .any(|e| matches!(e, CoreEvent::Flapping { .. })),
        "{during:?}"
    );
    let resolved = h
        .wait_for(
            Duration::from_secs(12),
            "the folded incident resolved",
            |e| matches!(e, CoreEvent::IncidentResolved { .. }),
        )
        .await;
    let CoreEvent::IncidentResolved {
        incident,
        duration_s,
        resolved_at,
        ..
    } = resolved
    else {
        unreachable!()
    };
    let inc = h.store.incident(incident).unwrap();
    assert_eq!(inc.state, IncidentState::Resolved);
    assert_eq!(inc.resolved_at, Some(resolved_at));
    let span = (resolved_at - inc.started_at).num_seconds();
    assert!(
        duration_s < span,
        "downtime {duration_s}s is the failing time, not the {span}s span"
    );
    assert_eq!(inc.duration_s(chrono::Utc::now()), duration_s);
    let last = inc.events.last().unwrap();
    assert_eq!(last.kind, IncidentEventKind::Resolved);
    assert!(last.message.contains("while flapping"), "{}", last.message);
    h.stop().await;
}
