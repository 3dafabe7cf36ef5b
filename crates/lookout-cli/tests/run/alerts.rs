//! What holds alerts back under `lookout run` (snooze, maintenance) and what sends them out.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{self, event_is, run, Engine, HttpServer};
use crate::WAIT;

#[test]
fn a_snooze_set_while_running_holds_the_alerts_but_not_the_incident() {
    let mut server = HttpServer::start();
    let d = tempfile::tempdir().unwrap();
    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "web",
            "--target",
            &server.url(),
            "--interval",
            "1s",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut engine = Engine::start(d.path());
    engine.wait_for("web UP", WAIT, |v| {
        event_is(v, "status_changed", "web") && v["to"] == "UP"
    });
    let r = run(d.path(), &["monitors", "snooze", "web", "--for", "1h"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The running engine hears of a snooze made by another process within 2 s, and says so.
    let said = engine.wait_for("snooze_changed", Duration::from_secs(2), |v| {
        event_is(v, "snooze_changed", "web")
    });
    let until = chrono::DateTime::parse_from_rfc3339(said["until"].as_str().unwrap()).unwrap();
    let in_an_hour = chrono::Utc::now() + chrono::Duration::hours(1);
    assert!(
        (in_an_hour - until.with_timezone(&chrono::Utc))
            .num_seconds()
            .abs()
            < 10,
        "{said}"
    );
    server.stop();
    engine.wait_for("web DOWN", WAIT, |v| {
        event_is(v, "status_changed", "web") && v["to"] == "DOWN"
    });
    engine.wait_for("incident_opened", WAIT, |v| {
        event_is(v, "incident_opened", "web")
    });
    // A few more checks: still no alert.
    std::thread::sleep(Duration::from_millis(1500));
    // Lifted from another process: said again, with no end.
    let r = run(d.path(), &["monitors", "resume", "web"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lifted = engine.wait_for("snooze lifted", Duration::from_secs(2), |v| {
        event_is(v, "snooze_changed", "web")
    });
    assert!(lifted["until"].is_null(), "{lifted}");
    let (status, _) = engine.terminate();
    assert_eq!(status.code(), Some(0), "{}", engine.stderr());
    while engine.try_next().is_some() {}
    let alerted_while_snoozed = engine
        .seen
        .iter()
        .take_while(|v| !event_is(v, "snooze_changed", "web") || !v["until"].is_null())
        .any(|v| v["event"] == "alert_triggered");
    assert!(
        !alerted_while_snoozed,
        "a snoozed monitor alerted: {:?}",
        engine.seen
    );
}

#[test]
fn a_maintenance_window_holds_alerts_and_incidents_and_reads_maintenance() {
    let server = HttpServer::start();
    server.set_status(503);
    let d = tempfile::tempdir().unwrap();
    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "web",
            "--target",
            &server.url(),
            "--interval",
            "1s",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(
        d.path(),
        &[
            "maintenance",
            "add",
            "--monitor",
            "web",
            "--start",
            "now",
            "--duration",
            "10m",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);

    let mut engine = Engine::start_with(d.path(), &["--verbose"]);
    engine.wait_for("web MAINTENANCE", WAIT, |v| {
        event_is(v, "status_changed", "web") && v["to"] == "MAINTENANCE"
    });
    // Checks go on: three more, every one a 503.
    for n in 0..3 {
        let c = engine.wait_for(&format!("check {n}"), WAIT, |v| {
            event_is(v, "check_completed", "web")
        });
        assert!(c["reason"].as_str().unwrap_or("").contains("503"), "{c}");
    }
    // Results are written in batches: poll briefly for the row.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let r = run(d.path(), &["status", "--json"]);
        if r.code == 0 && r.json()["monitors"][0]["status"] == "MAINTENANCE" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "MAINTENANCE pages no one (exit 0): {}{}",
            r.stdout,
            r.stderr
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let (status, _) = engine.terminate();
    assert_eq!(status.code(), Some(0), "{}", engine.stderr());
    while engine.try_next().is_some() {}
    for bad in ["incident_opened", "alert_triggered"] {
        assert!(
            !engine.seen.iter().any(|v| v["event"] == bad),
            "{bad} during maintenance: {:?}",
            engine.seen
        );
    }
    let r = run(d.path(), &["incidents", "--json"]);
    assert_eq!(r.json()["incidents"], Value::Array(vec![]));
}

#[test]
fn alerts_go_out_on_webhook_channels() {
    let mut server = HttpServer::start();
    let receiver = common::Receiver::start(200);
    let d = tempfile::tempdir().unwrap();
    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "web",
            "--target",
            &server.url(),
            "--interval",
            "1s",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(d.path(), &["channels", "add", &receiver.url("/hook")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut engine = Engine::start(d.path());
    engine.wait_for("web UP", WAIT, |v| {
        event_is(v, "status_changed", "web") && v["to"] == "UP"
    });
    server.stop();
    let sent = engine.wait_for("alert_sent TRIGGERED", WAIT, |v| {
        event_is(v, "alert_sent", "web") && v["status"] == "TRIGGERED"
    });
    assert_eq!(sent["ok"], true, "{sent}");
    let body = receiver.wait_for(Duration::from_secs(5), |b| b["status"] == "TRIGGERED");
    assert_eq!(body["source"], "Lookout", "{body}");
    assert_eq!(body["severity"], "critical", "{body}");
    server.restart();
    engine.wait_for("alert_sent RESOLVED", WAIT, |v| {
        event_is(v, "alert_sent", "web") && v["status"] == "RESOLVED"
    });
    receiver.wait_for(Duration::from_secs(5), |b| b["status"] == "RESOLVED");
    let (status, _) = engine.terminate();
    assert_eq!(status.code(), Some(0), "{}", engine.stderr());
}
