//! Maintenance windows and snoozes against a real server: checks go on, alerts don't.

mod support;

use std::time::Duration;

use chrono::Utc;
use lookout_core::events::CoreEvent;
use lookout_core::model::Status;
use lookout_core::runtime::Runtime;
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::{IncidentFilter, Store, SNOOZE_FOREVER};
use support::{collect, engine, wait_for, Mode, TestServer};

fn spec(url: String) -> MonitorSpec {
    MonitorSpec {
        name: "api".into(),
        target: url,
        interval: Some("1s".into()),
        timeout: Some("500ms".into()),
        ..Default::default()
    }
}

fn is_alert(e: &CoreEvent) -> bool {
    matches!(
        e,
        CoreEvent::AlertTriggered { .. }
            | CoreEvent::AlertReminder { .. }
            | CoreEvent::AlertResolved { .. }
    )
}

async fn start() -> (support::engine::Harness, Store, Runtime, TestServer) {
    let srv = TestServer::start(Mode::Status(200)).await;
    let h = engine().start().await;
    let (store, rt) = (h.store.clone(), h.rt.clone());
    (h, store, rt, srv)
}

fn snooze_of(e: &CoreEvent) -> Option<Option<chrono::DateTime<Utc>>> {
    match e {
        CoreEvent::SnoozeChanged { until, .. } => Some(*until),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maintenance_keeps_checking_but_nothing_alerts_and_no_incident_opens() {
    let (_h, store, rt, srv) = start().await;
    let m = rt.add_monitor(spec(srv.url())).await.unwrap();
    let window = rt
        .add_maintenance(vec![m.id], Utc::now(), Duration::from_secs(3600), None)
        .await
        .unwrap();
    let mut rx = rt.subscribe();
    srv.set_mode(Mode::Status(503));

    let events = collect(&mut rx, Duration::from_millis(3500)).await;
    let checks = events
        .iter()
        .filter(|e| matches!(e, CoreEvent::CheckCompleted { .. }))
        .count();
    assert!(checks >= 2, "checks go on: {checks}");
    assert!(!events.iter().any(is_alert), "{events:?}");
    assert!(!events
        .iter()
        .any(|e| matches!(e, CoreEvent::IncidentOpened { .. })));
    assert_eq!(rt.snapshot().monitors[0].status, Status::Maintenance);
    assert!(store
        .incidents(&IncidentFilter::default())
        .unwrap()
        .is_empty());

    // The window's checks count as maintenance, not downtime.
    store.flush().unwrap();
    let day = store
        .daily_uptime(m.id, Utc::now() - chrono::Duration::days(1))
        .unwrap();
    assert_eq!(day.iter().map(|b| b.down).sum::<u64>(), 0, "{day:?}");

    // The window is removed while the service is still down: now it alerts, and the incident
    // starts after the window, not at the first failure inside it.
    let ended = Utc::now();
    rt.remove_maintenance(window).await.unwrap();
    let events = collect(&mut rx, Duration::from_millis(2500)).await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, CoreEvent::AlertTriggered { .. })),
        "{events:?}"
    );
    let inc = &store.incidents(&IncidentFilter::default()).unwrap()[0];
    assert!(inc.started_at >= ended - chrono::Duration::milliseconds(50));
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recurring_window_covers_now() {
    let (_h, _store, rt, srv) = start().await;
    let m = rt.add_monitor(spec(srv.url())).await.unwrap();
    // Started yesterday, daily, two hours long: today's occurrence covers now.
    let start = Utc::now() - chrono::Duration::days(1) - chrono::Duration::minutes(30);
    rt.add_maintenance(
        vec![m.id],
        start,
        Duration::from_secs(7200),
        Some("FREQ=DAILY".into()),
    )
    .await
    .unwrap();
    let mut rx = rt.subscribe();
    collect(&mut rx, Duration::from_millis(1500)).await;
    assert_eq!(rt.snapshot().monitors[0].status, Status::Maintenance);
    let bad = rt
        .add_maintenance(
            vec![m.id],
            start,
            Duration::from_secs(60),
            Some("FREQ=SOMETIMES".into()),
        )
        .await
        .unwrap_err();
    assert_eq!(bad.field_errors()[0].field, "rrule");
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snoozed_monitor_records_its_incident_but_does_not_alert_until_resumed() {
    let (_h, store, rt, srv) = start().await;
    let m = rt.add_monitor(spec(srv.url())).await.unwrap();
    let mut rx = rt.subscribe();
    rt.snooze(m.id, Some(SNOOZE_FOREVER)).await.unwrap();
    assert_eq!(rt.snoozes()[&m.id], SNOOZE_FOREVER);
    // Every shell hears of it, whoever snoozed.
    let said = wait_for(&mut rx, Duration::from_secs(1), "snooze_changed", |e| {
        snooze_of(e).is_some()
    })
    .await;
    assert_eq!(snooze_of(&said), Some(Some(SNOOZE_FOREVER)));
    srv.set_mode(Mode::Status(503));
    let events = collect(&mut rx, Duration::from_millis(2500)).await;
    assert!(!events.iter().any(is_alert), "{events:?}");
    assert!(
        events
            .iter()
            .any(|e| matches!(e, CoreEvent::IncidentOpened { .. })),
        "the outage is real"
    );
    assert_eq!(rt.snapshot().monitors[0].status, Status::Down);

    // Resuming lifts the snooze: the next reminder-less recovery alerts again.
    rt.set_paused(m.id, false).await.unwrap();
    assert!(rt.snoozes().is_empty());
    let lifted = wait_for(&mut rx, Duration::from_secs(1), "snooze lifted", |e| {
        snooze_of(e).is_some()
    })
    .await;
    assert_eq!(snooze_of(&lifted), Some(None));
    srv.set_mode(Mode::Status(200));
    let events = collect(&mut rx, Duration::from_millis(2500)).await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, CoreEvent::AlertResolved { .. })),
        "{events:?}"
    );
    assert_eq!(
        store.incidents(&IncidentFilter::default()).unwrap().len(),
        1
    );
    rt.shutdown().await.unwrap();
}

/// A snooze made by another process (`lookout monitors snooze`) reaches the running engine's
/// shells as `snooze_changed`, and so does its end when it runs out: nobody keeps a timer of
/// their own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snooze_from_another_process_and_its_end_are_told() {
    let (h, _store, rt, srv) = start().await;
    let m = rt.add_monitor(spec(srv.url())).await.unwrap();
    let mut rx = rt.subscribe();
    let other = Store::open(&h.path).unwrap();
    let until = Utc::now() + chrono::Duration::milliseconds(1500);
    other.set_snooze(m.id, Some(until)).unwrap();
    let said = wait_for(&mut rx, Duration::from_secs(2), "snooze_changed", |e| {
        snooze_of(e).is_some()
    })
    .await;
    let until_ms = until.timestamp_millis();
    assert!(
        matches!(said, CoreEvent::SnoozeChanged { until: Some(u), monitor_id, .. }
            if u.timestamp_millis() == until_ms && monitor_id == m.id),
        "{said:?}"
    );
    assert!(rt.snoozes().contains_key(&m.id));
    let ended = wait_for(&mut rx, Duration::from_secs(3), "snooze end", |e| {
        snooze_of(e).is_some()
    })
    .await;
    assert_eq!(snooze_of(&ended), Some(None));
    assert!(Utc::now() >= until, "not before it ran out");
    assert!(rt.snoozes().is_empty());
    rt.shutdown().await.unwrap();
}
