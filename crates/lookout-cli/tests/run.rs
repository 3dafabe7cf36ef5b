//! End-to-end tests of `lookout run`: the built binary, a real server on 127.0.0.1 that stops
//! and comes back, the JSON event lines, then `incidents` and `report` on what was recorded.

mod common;

use std::time::{Duration, Instant};

use common::{closed_port, event_is, http_get, run, write_file, Engine, HttpServer};
use serde_json::Value;

/// Generous bound for anything that should happen within a few intervals.
const WAIT: Duration = Duration::from_secs(20);

#[test]
fn outage_is_detected_recorded_and_reported() {
    let mut server = HttpServer::start();
    let d = tempfile::tempdir().unwrap();
    let file = write_file(
        d.path(),
        "monitors.json",
        &format!(
            r#"{{"monitors":[{{"name":"web","target":"{}","interval":"1s","timeout":"500ms"}}]}}"#,
            server.url()
        ),
    );
    let r = run(d.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let mut engine = Engine::start(d.path());
    let up = engine.wait_for("web UP", WAIT, |v| {
        event_is(v, "status_changed", "web") && v["to"] == "UP"
    });
    assert!(up["at"].is_string());

    server.stop();
    let down = engine.wait_for("web DOWN", WAIT, |v| {
        event_is(v, "status_changed", "web") && v["to"] == "DOWN"
    });
    assert_eq!(down["from"], "UP");
    assert!(
        !down["reason"].as_str().unwrap_or("").is_empty(),
        "a DOWN has a reason: {down}"
    );
    let opened = engine.wait_for("incident_opened", WAIT, |v| {
        event_is(v, "incident_opened", "web")
    });
    assert_eq!(opened["severity"], "critical");
    let id = opened["incident"].as_i64().expect("incident id");

    server.restart();
    let resolved = engine.wait_for("incident_resolved", WAIT, |v| {
        event_is(v, "incident_resolved", "web")
    });
    assert_eq!(resolved["incident"], id);
    let duration_s = resolved["duration_s"].as_i64().expect("duration_s");
    assert!((0..60).contains(&duration_s), "{resolved}");
    // Alerts are printed too: they are what notifications are made from.
    assert!(
        engine.seen.iter().any(|v| v["event"] == "alert_triggered"),
        "{:?}",
        engine.seen
    );
    // check_completed only with --verbose.
    assert!(!engine.seen.iter().any(|v| v["event"] == "check_completed"));

    let (status, took) = engine.terminate();
    assert_eq!(status.code(), Some(0), "{}", engine.stderr());
    assert!(took < Duration::from_secs(2), "shutdown took {took:?}");

    // What was recorded.
    let r = run(d.path(), &["incidents", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let incident = v["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("incident {id} not in {v}"))
        .clone();
    assert_eq!(incident["monitor"], "web");
    assert_eq!(incident["title"], "web is DOWN");
    assert_eq!(incident["state"], "resolved");
    assert!(incident["resolved_at"].is_string());
    assert_eq!(incident["duration_s"], duration_s);
    let kinds: Vec<&str> = incident["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for k in ["first_failure", "triggered", "resolved"] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    let r = run(d.path(), &["incidents", "--open", "--json"]);
    assert_eq!(r.json()["incidents"], Value::Array(vec![]));

    let r = run(d.path(), &["report", &id.to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = r.stdout;
    assert!(
        md.starts_with(&format!("# Incident #{id}: web is DOWN")),
        "{md}"
    );
    assert!(md.contains("| Monitor | web ("), "{md}");
    assert!(md.contains("| Downtime | "), "{md}");
    assert!(md.contains("## Timeline"), "{md}");
    assert!(md.contains("first failure"), "{md}");
    assert!(md.contains("## Failed checks"), "{md}");
    assert!(md.contains("MTTR"), "{md}");

    let r = run(d.path(), &["report", &id.to_string(), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["id"], id);
    assert_eq!(v["stats"]["count"], 1);
    assert!(!v["failed_checks"].as_array().unwrap().is_empty(), "{v}");

    let r = run(
        d.path(),
        &["ack", &id.to_string(), "--note", "restarted nginx"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(d.path(), &["report", &id.to_string()]);
    assert!(!r.stdout.contains("| Acknowledged | no |"), "{}", r.stdout);
    assert!(r.stdout.contains("restarted nginx"), "{}", r.stdout);

    // The week at a glance.
    let r = run(d.path(), &["summary", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["days"], 7);
    let web = &v["monitors"][0];
    assert_eq!(web["name"], "web", "{v}");
    assert_eq!(web["incidents"], 1, "{v}");
    let uptime = web["uptime_pct"].as_f64().expect("uptime from the rollups");
    assert!(uptime > 0.0 && uptime < 100.0, "{v}");
    assert!(web["downtime_s"].as_i64().unwrap() >= 0, "{v}");
    assert!(web["mttr_s"].is_number(), "{v}");
    assert_eq!(v["incidents"][0]["id"], id, "{v}");
    assert_eq!(v["totals"]["count"], 1, "{v}");
    let r = run(d.path(), &["summary"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("# Lookout summary: the last 7 days"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("| web | "), "{}", r.stdout);
    assert!(
        r.stdout
            .contains(&format!("| #{id} | web | critical | resolved |")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("MTTR (mean time to resolve): "),
        "{}",
        r.stdout
    );

    // The engine left the last state behind for `status`.
    let r = run(d.path(), &["status", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["monitors"][0]["status"], "UP");
}

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

#[test]
fn a_push_to_the_heartbeat_url_is_up() {
    let d = tempfile::tempdir().unwrap();
    // `--push-port 0` would work, but the test needs to know the port: pick a free one.
    let port = closed_port();
    let mut engine = Engine::start_with(d.path(), &["--push-port", &port.to_string()]);
    let deadline = Instant::now() + WAIT;
    while !engine.stderr().contains("engine started") {
        assert!(Instant::now() < deadline, "no start: {}", engine.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        engine.stderr().contains(&format!("127.0.0.1:{port}")),
        "{}",
        engine.stderr()
    );

    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "backup",
            "--target",
            "push://",
            "--grace",
            "5m",
            "--interval",
            "1s",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(d.path(), &["monitors", "list", "--json"]);
    let v = r.json();
    let url = v["monitors"][0]["push_url"]
        .as_str()
        .unwrap_or_else(|| panic!("no push_url: {v}"))
        .to_string();
    assert!(
        url.starts_with(&format!("http://127.0.0.1:{port}/push/")),
        "{url}"
    );

    // A wrong token records nothing.
    let (code, _) = http_get(&format!("http://127.0.0.1:{port}/push/not-a-token"));
    assert_eq!(code, 404);

    // The engine picks the monitor up within about a second; push until it has.
    let deadline = Instant::now() + WAIT;
    loop {
        let (code, body) = http_get(&url);
        if code == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "push never accepted: {code} {body}\n{}",
            engine.stderr()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    engine.wait_for("backup UP", WAIT, |v| {
        event_is(v, "status_changed", "backup") && v["to"] == "UP"
    });
    // Results are written in batches: the event can come before the row.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let r = run(d.path(), &["status", "--json"]);
        if r.code == 0 {
            assert_eq!(r.json()["monitors"][0]["status"], "UP");
            break;
        }
        assert!(Instant::now() < deadline, "{}{}", r.stdout, r.stderr);
        std::thread::sleep(Duration::from_millis(100));
    }

    let (status, _) = engine.terminate();
    assert_eq!(status.code(), Some(0), "{}", engine.stderr());
}

#[test]
fn a_recovery_action_brings_the_service_back() {
    let mut server = HttpServer::start();
    let d = tempfile::tempdir().unwrap();
    // The action asks a supervisor (this test) to restart the service, as `systemctl restart`
    // asks systemd: it runs `touch FLAG`, and the supervisor restarts the server on seeing it.
    let flag = d.path().join("restart-requested");
    let file = write_file(
        d.path(),
        "monitors.json",
        &serde_json::json!({"monitors": [{
            "name": "api",
            "target": server.url(),
            "interval": "1s",
            "timeout": "500ms",
            "recovery": [{"run": ["touch", flag.to_str().unwrap()], "timeout": "5s"}],
        }]})
        .to_string(),
    );
    // The recovery commands are this test's own.
    let r = run(
        d.path(),
        &["import", file.to_str().unwrap(), "--allow-recovery"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);

    let mut engine = Engine::start(d.path());
    engine.wait_for("api UP", WAIT, |v| {
        event_is(v, "status_changed", "api") && v["to"] == "UP"
    });
    server.stop();
    let supervisor = std::thread::spawn(move || {
        let deadline = Instant::now() + WAIT;
        while !flag.exists() {
            assert!(Instant::now() < deadline, "the recovery action never ran");
            std::thread::sleep(Duration::from_millis(20));
        }
        server.restart();
        server
    });

    let opened = engine.wait_for("incident_opened", WAIT, |v| {
        event_is(v, "incident_opened", "api")
    });
    let id = opened["incident"].as_i64().expect("incident id");
    let action = engine.wait_for("recovery_action", WAIT, |v| {
        event_is(v, "recovery_action", "api")
    });
    assert_eq!(action["incident"], id, "{action}");
    assert_eq!(action["exit_code"], 0, "{action}");
    assert_eq!(action["ok"], true, "{action}");
    assert_eq!(action["attempt"], 1, "{action}");
    assert_eq!(action["action"]["run"][0], "touch", "{action}");
    let resolved = engine.wait_for("incident_resolved after the action", WAIT, |v| {
        event_is(v, "incident_resolved", "api")
    });
    assert_eq!(resolved["incident"], id);
    let _server = supervisor.join().expect("supervisor");
    // The resolution is credited to the action. The dispatcher publishes `recovery_healed`
    // on seeing `alert_resolved`, so it may come before or after `incident_resolved`.
    let healed = match engine
        .seen
        .iter()
        .find(|v| event_is(v, "recovery_healed", "api"))
    {
        Some(v) => v.clone(),
        None => engine.wait_for("recovery_healed", Duration::from_secs(5), |v| {
            event_is(v, "recovery_healed", "api")
        }),
    };
    assert_eq!(healed["healed_by_action"], true, "{healed}");

    let (status, _) = engine.terminate();
    assert_eq!(status.code(), Some(0), "{}", engine.stderr());

    // The attempt is on the incident's timeline, and in its report.
    let r = run(d.path(), &["report", &id.to_string(), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let kinds: Vec<&str> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    let at = |k: &str| kinds.iter().position(|x| *x == k);
    assert!(
        at("recovery_action").is_some() && at("recovery_action") < at("resolved"),
        "{kinds:?}"
    );
    let attempts = v["recovery_attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 1, "{v}");
    assert!(
        attempts[0]["message"].as_str().unwrap().contains("touch"),
        "{v}"
    );
    assert_eq!(
        v["rule"]["summary"], "1 failed check / failure threshold 1",
        "{v}"
    );
    let r = run(d.path(), &["report", &id.to_string()]);
    assert!(
        r.stdout.contains("## Recovery attempts (1)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("| Rule | down: 1 failed check / failure threshold 1 |"),
        "{}",
        r.stdout
    );
    let r = run(d.path(), &["report", &id.to_string(), "--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("<!DOCTYPE html>"), "{}", r.stdout);
    assert!(r.stdout.contains("Recovery attempts (1)"), "{}", r.stdout);
}

#[test]
fn html_report_escapes_what_a_service_said() {
    let d = tempfile::tempdir().unwrap();
    let port = closed_port();
    let mut engine = Engine::start_with(d.path(), &["--push-port", &port.to_string()]);
    let deadline = Instant::now() + WAIT;
    while !engine.stderr().contains("engine started") {
        assert!(Instant::now() < deadline, "no start: {}", engine.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "job",
            "--target",
            "push://",
            "--interval",
            "1s",
            "--grace",
            "1h",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let url = run(d.path(), &["monitors", "list", "--json"]).json()["monitors"][0]["push_url"]
        .as_str()
        .unwrap()
        .to_string();
    // A job reports its own failure, with text it chose: it must stay text in the report.
    let down = format!("{url}?status=down&msg=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    let deadline = Instant::now() + WAIT;
    while http_get(&down).0 != 200 {
        assert!(
            Instant::now() < deadline,
            "push refused: {}",
            engine.stderr()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let opened = engine.wait_for("incident_opened", WAIT, |v| {
        event_is(v, "incident_opened", "job")
    });
    let id = opened["incident"].as_i64().unwrap().to_string();
    let (status, _) = engine.terminate();
    assert_eq!(status.code(), Some(0), "{}", engine.stderr());

    let r = run(d.path(), &["report", &id, "--format", "json"]);
    let v = r.json();
    assert!(
        v["failed_checks"][0]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("<script>alert(1)</script>"),
        "the reason as the job sent it: {v}"
    );
    let r = run(d.path(), &["report", &id, "--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("<script"), "{}", r.stdout);
    assert!(
        r.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        r.stdout
    );
}

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
    let last = checked.iter().max().unwrap();
    assert!(
        *last <= signalled,
        "a check started at {last}, after SIGTERM at {signalled}"
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
