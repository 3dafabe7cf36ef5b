//! A panic in any long-lived task is caught, published as `engine_fault`, and the task goes
//! on: a monitor's check, the engine loop, the action dispatcher, the heartbeat listener and the
//! database writer, each made to panic once through `fault::arm` (the `fault-injection`
//! feature), against a real engine on a real SQLite file and real servers on 127.0.0.1.
//!
//! The armed points are process-wide: nextest runs each test in its own process.

mod support;

use std::time::Duration;

use lookout_core::action::ActionOptions;
use lookout_core::events::CoreEvent;
use lookout_core::fault;
use lookout_core::model::Status;
use lookout_core::probe::{push::push_url, ProbeConfig};
use lookout_core::spec::{AlertsSpec, MonitorSpec, RecoverySpec, RuleSpec};
use support::{engine, Mode, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const WITHIN: Duration = Duration::from_secs(5);

fn api(url: String) -> MonitorSpec {
    let once = RuleSpec {
        failure_threshold: Some(1),
        success_threshold: Some(1),
        ..Default::default()
    };
    MonitorSpec {
        name: "api".into(),
        target: url,
        interval: Some("1s".into()),
        timeout: Some("500ms".into()),
        alerts: Some(AlertsSpec {
            down: Some(once),
            degraded: None,
        }),
        ..Default::default()
    }
}

fn fault_in(task: &'static str) -> impl Fn(&CoreEvent) -> bool {
    move |e| matches!(e, CoreEvent::EngineFault { task: t, .. } if t == task)
}

fn checked(status: Status) -> impl Fn(&CoreEvent) -> bool {
    move |e| matches!(e, CoreEvent::CheckCompleted { result, .. } if result.status == status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_check_reads_unknown_and_the_monitor_goes_on() {
    let srv = TestServer::start(Mode::Status(200)).await;
    fault::arm("check:api");
    let mut h = engine().monitor(api(srv.url())).start().await;

    let e = h
        .wait_for(WITHIN, "the fault", fault_in("the check of api"))
        .await;
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["event"], "engine_fault");
    assert_eq!(json["message"], "fault injected at check:api");
    assert!(json["at"].is_string());
    let CoreEvent::CheckCompleted { result, .. } = h
        .wait_for(WITHIN, "the failed check", checked(Status::Unknown))
        .await
    else {
        unreachable!()
    };
    assert!(
        result.reason.contains("failed inside Lookout"),
        "{}",
        result.reason
    );
    // The task goes on with its grid: the next check is a real one.
    h.wait_for(WITHIN, "a check after the fault", checked(Status::Up))
        .await;
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_engine_loop_survives_a_panic_while_judging() {
    let srv = TestServer::start(Mode::Status(200)).await;
    fault::arm("engine");
    let mut h = engine().monitor(api(srv.url())).start().await;

    h.wait_for(WITHIN, "the fault", fault_in("the engine loop"))
        .await;
    // The next result is judged: the monitor comes UP, and commands are still answered.
    h.wait_for(WITHIN, "UP", |e| {
        matches!(e, CoreEvent::StatusChanged { to: Status::Up, .. })
    })
    .await;
    let second =
        h.rt.add_monitor(MonitorSpec {
            name: "second".into(),
            ..api(srv.url())
        })
        .await
        .unwrap();
    h.wait_for(
        WITHIN,
        "the new monitor checked",
        |e| matches!(e, CoreEvent::CheckCompleted { monitor_id, .. } if *monitor_id == second.id),
    )
    .await;
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_action_dispatcher_survives_a_panic_and_still_runs_recovery() {
    let mut srv = TestServer::start(Mode::Status(200)).await;
    fault::arm("dispatcher");
    let mut h = engine()
        .monitor(MonitorSpec {
            recovery: Some(vec![RecoverySpec {
                run: Some(vec!["/bin/true".into()]),
                cooldown: Some("1m".into()),
                ..Default::default()
            }]),
            ..api(srv.url())
        })
        .with_actions(ActionOptions::default())
        .start()
        .await;

    // The first event it hears (the first check's, UP) panics it.
    h.wait_for(WITHIN, "the fault", fault_in("the action dispatcher"))
        .await;
    srv.stop();
    let ran = h
        .wait_for(WITHIN, "the recovery action", |e| {
            matches!(e, CoreEvent::RecoveryAction { .. })
        })
        .await;
    assert_eq!(serde_json::to_value(&ran).unwrap()["ok"], true);
    h.stop().await;
}

async fn get(addr: std::net::SocketAddr, path: &str) -> Option<u16> {
    let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
    s.write_all(format!("GET {path} HTTP/1.1\r\nhost: x\r\n\r\n").as_bytes())
        .await
        .ok()?;
    let mut resp = String::new();
    s.read_to_string(&mut resp).await.ok()?;
    resp.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_heartbeat_listener_is_started_again_on_its_socket() {
    let mut h = engine()
        .monitor(MonitorSpec {
            name: "backup".into(),
            target: "push://".into(),
            interval: Some("1s".into()),
            grace: Some("5s".into()),
            ..Default::default()
        })
        .start()
        .await;
    let addr = h.rt.push_addr().unwrap();
    let ProbeConfig::Push(p) = &h.monitors[0].probe else {
        panic!("not a push monitor")
    };
    let path = push_url(addr.port(), &p.token);
    let path = &path[path.find("/push/").unwrap()..];

    fault::arm("heartbeat listener");
    // This connection panics the accept loop; it is dropped unanswered.
    assert_eq!(get(addr, path).await, None);
    h.wait_for(WITHIN, "the fault", fault_in("the heartbeat listener"))
        .await;
    // Started again on the same socket: a push is taken.
    let deadline = tokio::time::Instant::now() + WITHIN;
    while get(addr, path).await != Some(200) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the listener did not come back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    h.wait_for(WITHIN, "UP from the push", |e| {
        matches!(e, CoreEvent::StatusChanged { to: Status::Up, .. })
    })
    .await;
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_writer_loses_only_the_write_that_panicked() {
    let srv = TestServer::start(Mode::Status(200)).await;
    let mut h = engine().monitor(api(srv.url())).start().await;
    h.wait_for(WITHIN, "UP", |e| {
        matches!(e, CoreEvent::StatusChanged { to: Status::Up, .. })
    })
    .await;

    fault::arm("writer");
    let lost =
        h.rt.add_monitor(MonitorSpec {
            name: "lost".into(),
            ..api(srv.url())
        })
        .await;
    assert!(lost.is_err(), "the write that panicked reports an error");
    h.wait_for(WITHIN, "the fault", fault_in("the database writer"))
        .await;
    assert!(h.store.monitor_by_name("lost").unwrap().is_none());

    // The writer goes on: the next write and the check results are stored.
    h.rt.add_monitor(MonitorSpec {
        name: "kept".into(),
        ..api(srv.url())
    })
    .await
    .unwrap();
    let m = h.monitors[0].id;
    let since = h.rt.now();
    let deadline = tokio::time::Instant::now() + WITHIN;
    loop {
        h.store.flush().unwrap();
        if !h.store.recent_checks(m, since).unwrap().is_empty() {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no check result written after the fault"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    h.stop().await;
}
