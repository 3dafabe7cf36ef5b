//! `lookout status`, `incidents`, `report` and `summary` with nothing recorded yet.

use serde_json::{json, Value};

use crate::common::run;
use crate::{error_lines, tmp};

// ---- status / incidents / report ------------------------------------------------------------

#[test]
fn status_json_shape_and_nagios_code() {
    let d = tmp();
    let r = run(d.path(), &["status", "--json"]);
    assert_eq!(r.code, 3, "no data is UNKNOWN: {}", r.stderr);
    assert_eq!(r.json(), json!({"overall": "UNKNOWN", "monitors": []}));

    run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "api",
            "--target",
            "tcp://127.0.0.1:9",
        ],
    );
    let r = run(d.path(), &["status", "--json"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["overall"], "UNKNOWN");
    let m = &v["monitors"][0];
    let mut keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "last_check",
            "latency_ms",
            "name",
            "reason",
            "since",
            "status",
            "target"
        ]
    );
    assert_eq!(m["name"], "api");
    assert_eq!(m["status"], "UNKNOWN");

    let r = run(d.path(), &["status"]);
    assert!(r.stdout.starts_with("Overall: UNKNOWN"), "{}", r.stdout);
}

#[test]
fn incidents_and_reports_when_there_are_none() {
    let d = tmp();
    let r = run(d.path(), &["incidents", "--json"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.json(), json!({"incidents": []}));
    let r = run(d.path(), &["incidents", "--open"]);
    assert_eq!(r.code, 0);
    run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "api",
            "--target",
            "tcp://127.0.0.1:9",
        ],
    );
    for args in [&["report", "999"][..], &["ack", "999"]] {
        let r = run(d.path(), args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert_eq!(
            error_lines(&r.stderr),
            ["error: incident 999 not found"],
            "{args:?}"
        );
    }
}

// ---- summary -------------------------------------------------------------------------------

#[test]
fn summary_with_nothing_recorded_and_bad_days() {
    let d = tmp();
    let r = run(d.path(), &["summary"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("No monitors."), "{}", r.stdout);
    assert!(r.stdout.contains("## Incidents (0)"), "{}", r.stdout);
    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "api",
            "--target",
            "tcp://127.0.0.1:9",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(d.path(), &["summary", "--days", "30", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["days"], 30);
    assert_eq!(v["monitors"][0]["name"], "api");
    assert_eq!(
        v["monitors"][0]["uptime_pct"],
        Value::Null,
        "no checks yet: {v}"
    );
    assert_eq!(v["incidents"], json!([]));
    assert_eq!(v["totals"]["count"], 0);
    for bad in ["0", "-3", "400"] {
        let r = run(d.path(), &["summary", "--days", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(
            error_lines(&r.stderr)[0].starts_with("error: days: "),
            "{}",
            r.stderr
        );
    }
}
