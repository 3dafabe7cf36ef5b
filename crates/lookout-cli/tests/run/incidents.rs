//! Outages under `lookout run`: detected, recorded, healed by a recovery action, reported.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{event_is, run, write_file, Engine, HttpServer};
use crate::WAIT;

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
