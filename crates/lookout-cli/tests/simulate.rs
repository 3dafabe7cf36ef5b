//! `lookout simulate`: the built binary, with an engine running in this test process on the same
//! data dir (the command must hand the drill to *that* engine), and with none running (it runs
//! one for the drill).

mod common;

use std::path::Path;
use std::time::Duration;

use common::{run, write_file, HttpServer, Run};
use lookout_core::events::CoreEvent;
use lookout_core::model::Status;
use lookout_core::runtime::{Runtime, RuntimeOptions};
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::Store;
use serde_json::Value;

fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

/// Runs the CLI off the async workers, so the engine in this process keeps running meanwhile.
async fn cli(dir: &Path, args: &[&str]) -> Run {
    let (dir, args): (std::path::PathBuf, Vec<String>) = (
        dir.to_path_buf(),
        args.iter().map(|a| a.to_string()).collect(),
    );
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&dir, &args)
    })
    .await
    .unwrap()
}

async fn wait_status(rt: &Runtime, want: Status) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while rt.snapshot().monitors[0].status != want {
        assert!(tokio::time::Instant::now() < deadline, "never {want}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_running_engine_does_the_drill() {
    let server = HttpServer::start();
    let d = tempfile::tempdir().unwrap();
    let store = Store::open(&d.path().join("lookout.db")).unwrap();
    let rt = Runtime::start(store, RuntimeOptions::default())
        .await
        .unwrap();
    let mut events = rt.subscribe();
    rt.add_monitor(MonitorSpec {
        name: "api".into(),
        target: server.url(),
        interval: Some("1s".into()),
        timeout: Some("500ms".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    wait_status(&rt, Status::Up).await;

    let r = cli(d.path(), &["simulate", "api", "--json"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["engine"], "running", "{v}");
    assert_eq!(v["alerted"], true, "{v}");
    assert_eq!(v["resolved"], true, "{v}");
    assert_eq!(v["incident_state"], "resolved", "{v}");
    // This process's engine heard it: its events, its incident.
    let mut opened = None;
    while let Ok(e) = events.try_recv() {
        if let CoreEvent::IncidentOpened { incident, .. } = e {
            opened = Some(incident.0);
        }
    }
    assert_eq!(v["incident"].as_i64(), opened, "{v}");
    let kinds: Vec<&str> = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["first_failure", "triggered", "note", "resolved"],
        "{v}"
    );

    let r = cli(d.path(), &["simulate", "api"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("Simulated an outage of \"api\" in the running engine"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Alert: triggered, then resolved."),
        "{}",
        r.stdout
    );

    // The engine's refusal is the command's: a monitor that is not UP is invalid (2).
    server.set_status(503);
    wait_status(&rt, Status::Down).await;
    let r = cli(d.path(), &["simulate", "api"]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        error_lines(&r.stderr),
        ["error: status: api is DOWN; simulate an outage on a monitor that is UP"]
    );
    let r = cli(d.path(), &["simulate", "nope"]).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(error_lines(&r.stderr), ["error: no monitor named \"nope\""]);
    rt.shutdown().await.unwrap();
}

#[test]
fn with_no_engine_running_one_is_started_for_the_drill() {
    let mut server = HttpServer::start();
    let d = tempfile::tempdir().unwrap();
    let flag = d.path().join("restarted");
    // A second monitor, down and quick to act: the drill's engine must leave it alone.
    let other_flag = d.path().join("other-restarted");
    let file = write_file(
        d.path(),
        "m.json",
        &format!(
            r#"{{"monitors":[{{"name":"api","target":"{}","interval":"1m","timeout":"2s",
                "recovery":[{{"run":["touch","{}"]}}]}},
                {{"name":"other","target":"tcp://127.0.0.1:1","interval":"1s","timeout":"1s",
                "alerts":{{"down":{{"failure_threshold":1}}}},
                "recovery":[{{"run":["touch","{}"],"after_failures":1}}]}}]}}"#,
            server.url(),
            flag.display(),
            other_flag.display()
        ),
    );
    // The recovery commands are this test's own.
    let r = run(
        d.path(),
        &["import", file.to_str().unwrap(), "--allow-recovery"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);

    // Never checked: it is probed first, then drilled.
    let r = run(d.path(), &["simulate", "api", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = r.json();
    assert_eq!(v["engine"], "in_process", "{v}");
    assert_eq!(v["incident_state"], "resolved", "{v}");
    assert!(v["incident"].is_i64(), "{v}");
    let dry_run = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "recovery_action")
        .unwrap_or_else(|| panic!("no dry run on the timeline: {v}"));
    assert!(
        dry_run["message"]
            .as_str()
            .unwrap()
            .starts_with("Dry run (simulated outage): would run touch"),
        "{dry_run}"
    );
    assert!(!flag.exists(), "a drill never runs the recovery action");
    let r = run(d.path(), &["incidents", "--json"]);
    let incidents = r.json()["incidents"].clone();
    assert_eq!(
        incidents.as_array().unwrap().len(),
        1,
        "only the drill: {incidents}"
    );
    let listed = &incidents[0];
    assert_eq!(listed["id"], v["incident"]);
    assert!(
        !other_flag.exists(),
        "the drill's engine ran another monitor's recovery action"
    );
    assert_eq!(listed["simulated"], true, "{listed}");
    let r = run(d.path(), &["incidents"]);
    assert!(r.stdout.contains(" [drill] api is DOWN\n"), "{}", r.stdout);
    let r = run(d.path(), &["report", &v["incident"].to_string()]);
    assert!(
        r.stdout.starts_with(&format!(
            "# Incident #{} (drill): api is DOWN",
            v["incident"]
        )),
        "{}",
        r.stdout
    );
    // The real check before the drill is the only one stored, and the drill is no outage.
    let r = run(d.path(), &["summary", "--format", "json"]);
    let s = r.json();
    assert_eq!(s["monitors"][0]["uptime_pct"], 100.0, "{s}");
    assert_eq!(s["monitors"][0]["incidents"], 0, "{s}");
    assert_eq!(s["monitors"][0]["downtime_s"], 0, "{s}");
    assert_eq!(s["incidents"], serde_json::json!([]), "{s}");
    assert_eq!(s["totals"]["count"], 0, "{s}");
    assert_eq!(s["totals"]["mttr_s"], Value::Null, "{s}");

    let r = run(d.path(), &["simulate", "api"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("in an engine started for it (none was running)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Dry run (simulated outage)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("It is kept as a drill: `lookout incidents` lists it marked [drill]"),
        "{}",
        r.stdout
    );

    // The engine it started is gone: another may start at once.
    let lock = std::fs::File::create(d.path().join("lookout.db.engine-lock")).unwrap();
    lock.try_lock()
        .expect("the drill's engine let go of the lock");
    drop(lock);

    // A service that is down now refuses the drill, and nothing is recorded for it.
    server.stop();
    let r = run(d.path(), &["simulate", "api"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines = error_lines(&r.stderr);
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    assert!(
        lines[0].starts_with("error: status: api is DOWN now ("),
        "{}",
        r.stderr
    );
    let r = run(d.path(), &["incidents", "--json", "--open"]);
    assert_eq!(r.json()["incidents"], serde_json::json!([]));
}

#[test]
fn an_engine_that_does_not_answer_times_out_and_the_request_is_withdrawn() {
    let server = HttpServer::start();
    let d = tempfile::tempdir().unwrap();
    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "api",
            "--target",
            &server.url(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The lock held, as an engine that takes no requests (an older Lookout) holds it.
    let lock = std::fs::File::create(d.path().join("lookout.db.engine-lock")).unwrap();
    lock.try_lock().unwrap();
    let r = run(d.path(), &["simulate", "api"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        error_lines(&r.stderr),
        ["error: the running engine did not take the request within 10s (is it an older Lookout, or stuck?); the request was withdrawn"]
    );
    let db = rusqlite::Connection::open(d.path().join("lookout.db")).unwrap();
    let state: String = db
        .query_row("SELECT state FROM engine_requests", [], |r| r.get(0))
        .unwrap();
    assert_eq!(state, "cancelled");
}
