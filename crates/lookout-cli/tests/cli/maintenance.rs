//! `lookout maintenance`: windows added, listed and removed, and what it refuses.

use serde_json::{json, Value};

use crate::common::run;
use crate::{error_lines, tmp};

// ---- maintenance ---------------------------------------------------------------------------

#[test]
fn maintenance_add_list_remove() {
    let d = tmp();
    for name in ["api", "db"] {
        let r = run(
            d.path(),
            &[
                "monitors",
                "add",
                "--name",
                name,
                "--target",
                "tcp://127.0.0.1:9",
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = run(d.path(), &["maintenance", "list", "--json"]);
    assert_eq!(r.json(), json!({"maintenance": []}));

    let r = run(
        d.path(),
        &[
            "maintenance",
            "add",
            "--monitor",
            "api",
            "--monitor",
            "db",
            "--start",
            "now",
            "--duration",
            "1h",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("Added maintenance window 1 for api, db: "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Active now"), "{}", r.stdout);
    let r = run(
        d.path(),
        &[
            "maintenance",
            "add",
            "--monitor",
            "db",
            "--start",
            "2030-01-06T02:00:00Z",
            "--duration",
            "30m",
            "--rrule",
            "FREQ=WEEKLY;BYDAY=SU",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);

    let r = run(d.path(), &["maintenance", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let w = &v["maintenance"];
    assert_eq!(w[0]["id"], 1);
    assert_eq!(w[0]["monitors"], json!(["api", "db"]));
    assert_eq!(w[0]["duration"], "1h");
    assert_eq!(w[0]["active"], true);
    assert!(w[0]["active_until"].is_string(), "{v}");
    assert_eq!(w[0]["next_start"], Value::Null, "{v}");
    assert_eq!(w[0]["rrule"], Value::Null);
    assert_eq!(w[1]["monitors"], json!(["db"]));
    assert_eq!(w[1]["start"], "2030-01-06T02:00:00Z");
    assert_eq!(w[1]["rrule"], "FREQ=WEEKLY;BYDAY=SU");
    assert_eq!(w[1]["active"], false);
    assert_eq!(w[1]["next_start"], "2030-01-06T02:00:00Z");

    let r = run(d.path(), &["maintenance", "list"]);
    let header = r.stdout.lines().next().unwrap();
    for col in [
        "ID",
        "MONITORS",
        "START",
        "DURATION",
        "RRULE",
        "ACTIVE",
        "NEXT START",
    ] {
        assert!(header.contains(col), "{}", r.stdout);
    }
    assert!(r.stdout.contains("FREQ=WEEKLY;BYDAY=SU"), "{}", r.stdout);
    assert!(r.stdout.contains("yes, until "), "{}", r.stdout);

    let r = run(d.path(), &["maintenance", "remove", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(d.path(), &["maintenance", "remove", "1"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("maintenance window 1 not found"),
        "{}",
        r.stderr
    );
    let r = run(d.path(), &["maintenance", "list", "--json"]);
    assert_eq!(r.json()["maintenance"].as_array().unwrap().len(), 1);
}

#[test]
fn maintenance_add_names_every_bad_field_and_writes_nothing() {
    let d = tmp();
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
    let r = run(
        d.path(),
        &[
            "maintenance",
            "add",
            "--monitor",
            "api",
            "--monitor",
            "ghost",
            "--start",
            "tonight",
            "--duration",
            "0s",
            "--rrule",
            "FREQ=SOMETIMES",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let fields: Vec<&str> = error_lines(&r.stderr)
        .iter()
        .map(|l| l["error: ".len()..].split(':').next().unwrap())
        .collect();
    for f in ["start", "duration", "rrule", "monitor"] {
        assert!(fields.contains(&f), "{f} not named: {}", r.stderr);
    }
    assert!(
        r.stderr.contains("no monitor named \"ghost\""),
        "{}",
        r.stderr
    );
    // Missing flags are named the same way.
    let r = run(d.path(), &["maintenance", "add"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for f in ["monitor", "start", "duration"] {
        assert!(
            error_lines(&r.stderr)
                .iter()
                .any(|l| l.starts_with(&format!("error: {f}: "))),
            "{f}: {}",
            r.stderr
        );
    }
    let r = run(d.path(), &["maintenance", "list", "--json"]);
    assert_eq!(r.json(), json!({"maintenance": []}));
    // On a fresh machine, nothing at all is created.
    let fresh = tmp();
    let r = run(
        fresh.path(),
        &[
            "maintenance",
            "add",
            "--monitor",
            "api",
            "--start",
            "now",
            "--duration",
            "1h",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!fresh.path().join("lookout.db").exists());
}
