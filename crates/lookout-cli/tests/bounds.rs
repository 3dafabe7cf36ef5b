//! Durations and RRULEs out of bounds, end to end (issue 10, items 2 and 4): every way in
//! (`monitors add` flags, an import file, `maintenance add`) refuses them with exit 2, naming
//! the field, and writes nothing.

mod common;

use common::{run, write_file};

fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

const HUGE: &str = "10000000000000000000s";

#[test]
fn monitors_add_refuses_durations_beyond_their_bounds() {
    let d = tempfile::tempdir().unwrap();
    for (flag, value, field) in [
        ("--interval", HUGE, "interval"),
        ("--interval", "25h", "interval"),
        ("--timeout", HUGE, "timeout"),
        ("--degraded-latency", HUGE, "degraded_latency"),
    ] {
        let r = run(
            d.path(),
            &[
                "monitors",
                "add",
                "--name",
                "api",
                "--target",
                "tcp://127.0.0.1:9",
                flag,
                value,
            ],
        );
        assert_eq!(r.code, 2, "{flag} {value}: {}", r.stderr);
        assert!(
            error_lines(&r.stderr)
                .iter()
                .any(|l| l.contains(&format!("{field}: must be"))),
            "{flag} {value}: {}",
            r.stderr
        );
    }
    let r = run(
        d.path(),
        &[
            "monitors", "add", "--name", "job", "--target", "push://", "--grace", HUGE,
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("grace: must be between 1s and 366d"),
        "{}",
        r.stderr
    );
    // Nothing was written: not even the database.
    assert!(!d.path().join("lookout.db").exists());
}

#[test]
fn import_refuses_durations_beyond_their_bounds_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let file = write_file(
        d.path(),
        "huge.json",
        &format!(
            r#"{{"monitors": [
                {{"name": "api", "target": "tcp://127.0.0.1:9",
                  "alerts": {{"down": {{"remind_every": "{HUGE}"}}}},
                  "recovery": [{{"run": ["true"], "cooldown": "{HUGE}"}}]}},
                {{"name": "job", "target": "push://", "grace": "367d"}}
            ]}}"#
        ),
    );
    let r = run(d.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines = error_lines(&r.stderr);
    for want in [
        format!("error: monitor \"api\": alerts.down.remind_every: must be between 1s and 366d, got {HUGE}"),
        format!("error: monitor \"api\": recovery[0].cooldown: must be at most 366d, got {HUGE}"),
        "error: monitor \"job\": grace: must be between 1s and 366d, got 367d".to_string(),
    ] {
        assert!(lines.contains(&want.as_str()), "{want}\n{lines:?}");
    }
    let r = run(d.path(), &["export"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["monitors"], serde_json::json!([]), "{}", r.stdout);
}

#[test]
fn maintenance_add_refuses_rules_more_frequent_than_hourly() {
    let d = tempfile::tempdir().unwrap();
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
    let add = |rule: &str, duration: &str| {
        run(
            d.path(),
            &[
                "maintenance",
                "add",
                "--monitor",
                "api",
                "--start",
                "2000-01-01T00:00:00Z",
                "--duration",
                duration,
                "--rrule",
                rule,
            ],
        )
    };
    for rule in [
        "FREQ=SECONDLY",
        "FREQ=MINUTELY;INTERVAL=30",
        "FREQ=HOURLY;BYMINUTE=0,30",
    ] {
        let r = add(rule, "10m");
        assert_eq!(r.code, 2, "{rule}: {}", r.stderr);
        let lines = error_lines(&r.stderr);
        assert!(
            lines.len() == 1
                && lines[0].starts_with("error: rrule: ")
                && lines[0].contains("more often than hourly"),
            "{rule}: {lines:?}"
        );
    }
    let r = add("FREQ=DAILY", HUGE);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        error_lines(&r.stderr)
            .iter()
            .any(|l| l.starts_with("error: duration: ")),
        "{}",
        r.stderr
    );
    let r = run(d.path(), &["maintenance", "list", "--json"]);
    assert_eq!(r.json(), serde_json::json!({"maintenance": []}));
    // Hourly since 2000 is fine, and quick to list.
    let r = add("FREQ=HOURLY", "10m");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(d.path(), &["maintenance", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.json()["maintenance"][0]["next_start"].is_string(),
        "{}",
        r.stdout
    );
}

#[test]
fn check_refuses_a_timeout_beyond_its_bound_naming_only_the_timeout() {
    let d = tempfile::tempdir().unwrap();
    for value in [HUGE, "25h"] {
        let r = run(
            d.path(),
            &["check", "tcp://127.0.0.1:9", "--timeout", value],
        );
        // Invalid input to `check` is UNKNOWN, by the Nagios convention.
        assert_eq!(r.code, 3, "{value}: {}", r.stderr);
        let lines = error_lines(&r.stderr);
        assert!(
            lines.len() == 1 && lines[0].contains("timeout: must be between 1ms and 24h"),
            "{value}: {lines:?}"
        );
    }
}
