//! `lookout run` starting, taking changes made from the CLI, and stopping on SIGINT and SIGTERM.

use std::time::{Duration, Instant};

use crate::common::{event_is, run, write_file, Engine, HttpServer};
use crate::WAIT;

#[test]
fn a_monitor_added_while_running_is_picked_up() {
    let server = HttpServer::start();
    let d = tempfile::tempdir().unwrap();
    // Create the database first so the engine and the CLI open the same file from the start.
    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "first",
            "--target",
            &server.tcp(),
            "--interval",
            "1s",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut engine = Engine::start(d.path());
    engine.wait_for("first UP", WAIT, |v| {
        event_is(v, "status_changed", "first") && v["to"] == "UP"
    });

    let added = Instant::now();
    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "late",
            "--target",
            &server.tcp(),
            "--interval",
            "1s",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Picked up within 2 s, then checked within its 1 s interval.
    engine.wait_for("late's first status", Duration::from_secs(4), |v| {
        event_is(v, "status_changed", "late")
    });
    eprintln!("picked up and checked {:?} after the add", added.elapsed());

    let r = run(d.path(), &["monitors", "pause", "late"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    engine.wait_for("late PAUSED", Duration::from_secs(4), |v| {
        event_is(v, "status_changed", "late") && v["to"] == "PAUSED"
    });

    let (status, _) = engine.terminate();
    assert_eq!(status.code(), Some(0), "{}", engine.stderr());
}

#[test]
fn sigint_stops_it_cleanly_too() {
    let d = tempfile::tempdir().unwrap();
    let mut engine = Engine::start(d.path());
    // Let it start: the log line says so.
    let deadline = Instant::now() + WAIT;
    while !engine.stderr().contains("engine started") {
        assert!(Instant::now() < deadline, "no start: {}", engine.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
    let (status, took) = engine.interrupt();
    assert_eq!(status.code(), Some(0), "{}", engine.stderr());
    assert!(took < Duration::from_secs(2), "{took:?}");
}

/// SIGTERM with a thousand monitors being checked: `lookout run` exits 0 within a second, and
/// no check that started after the signal is recorded.
#[test]
fn sigterm_with_a_thousand_monitors_exits_within_a_second() {
    let server = HttpServer::start();
    let d = tempfile::tempdir().unwrap();
    let monitors: Vec<serde_json::Value> = (0..1000)
        .map(|i| {
            serde_json::json!({
                "name": format!("m{i:04}"),
                "target": server.url(),
                "interval": "3s",
                "timeout": "2s",
            })
        })
        .collect();
    let file = write_file(
        d.path(),
        "many.json",
        &serde_json::json!({ "monitors": monitors }).to_string(),
    );
    let r = run(d.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut engine = Engine::start(d.path());
    // More than one interval: every monitor has been checked, and checks are in flight.
    std::thread::sleep(Duration::from_millis(4500));
    let signalled = chrono::Utc::now();
    let (status, took) = engine.terminate();
    assert_eq!(status.code(), Some(0), "{}", engine.stderr());
    assert!(
        took < Duration::from_secs(1),
        "exited {took:?} after SIGTERM"
    );

    let r = run(d.path(), &["status", "--json"]);
    let v = r.json();
    let checked: Vec<chrono::DateTime<chrono::Utc>> = v["monitors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["last_check"].as_str())
        .map(|t| t.parse().unwrap())
        .collect();
    assert!(checked.len() >= 990, "only {} checked", checked.len());
    // The shutdown begins when the engine takes the signal, which it logs: a few milliseconds
    // after `signalled` (the `kill` process is spawned in between), time enough for a check on
    // this grid (one every 3 ms) to start before the engine knew.
    let stderr = engine.stderr();
    let began: chrono::DateTime<chrono::Utc> = stderr
        .lines()
        .find(|l| l.contains("SIGTERM: shutting down"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no shutdown line in: {stderr}"));
    assert!(began >= signalled, "{began} before {signalled}");
    let last = checked.iter().max().unwrap();
    assert!(
        *last <= began,
        "a check started at {last}, after the shutdown began at {began} (SIGTERM sent at {signalled})"
    );
}

#[test]
fn reference_targets_set_from_the_cli_reach_the_running_engine() {
    let d = tempfile::tempdir().unwrap();
    let mut engine = Engine::start(d.path());
    let wait_log = |engine: &Engine, text: &str| {
        let deadline = Instant::now() + WAIT;
        while !engine.stderr().contains(text) {
            assert!(
                Instant::now() < deadline,
                "no {text:?}: {}",
                engine.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait_log(&engine, "engine started");
    // With no monitor of a remote service the references are never dialled; the engine only
    // logs that it took them.
    let r = run(
        d.path(),
        &[
            "settings",
            "set",
            "reference_targets",
            "127.0.0.2:9,127.0.0.2:10",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    wait_log(&engine, "127.0.0.2:10");
    assert!(
        engine.stderr().contains("reference targets changed"),
        "{}",
        engine.stderr()
    );
    let (status, _) = engine.terminate();
    assert_eq!(status.code(), Some(0), "{}", engine.stderr());
}
