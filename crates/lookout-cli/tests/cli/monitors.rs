//! `lookout monitors`: add, list, pause, resume, remove and snooze, and what they refuse.

use serde_json::json;

use crate::common::{run, write_file};
use crate::{error_lines, list_json, tmp};

// ---- monitors ------------------------------------------------------------------------------

#[test]
fn monitors_add_list_pause_resume_remove() {
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
            "--interval",
            "30s",
            "--timeout",
            "2s",
            "--failure-threshold",
            "3",
            "--success-threshold",
            "2",
            "--severity",
            "warning",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);

    let v = list_json(d.path());
    let m = &v["monitors"][0];
    assert_eq!(v["monitors"].as_array().unwrap().len(), 1);
    assert_eq!(m["name"], "api");
    assert_eq!(m["target"], "tcp://127.0.0.1:9");
    assert_eq!(m["interval"], "30s");
    assert_eq!(m["timeout"], "2s");
    assert_eq!(m["alerts"]["down"]["failure_threshold"], 3);
    assert_eq!(m["alerts"]["down"]["success_threshold"], 2);
    assert_eq!(m["alerts"]["down"]["severity"], "warning");
    assert_eq!(m["alerts"]["degraded"]["severity"], "warning");
    // The list is the import file's shape: export prints the same thing.
    assert_eq!(run(d.path(), &["export"]).json(), v);

    let r = run(d.path(), &["monitors", "list"]);
    assert_eq!(r.code, 0);
    let header = r.stdout.lines().next().unwrap();
    for col in ["NAME", "TARGET", "INTERVAL", "STATUS"] {
        assert!(header.contains(col), "{}", r.stdout);
    }
    assert!(r.stdout.contains("api") && r.stdout.contains("tcp://127.0.0.1:9"));

    assert_eq!(run(d.path(), &["monitors", "pause", "api"]).code, 0);
    assert_eq!(list_json(d.path())["monitors"][0]["paused"], true);
    assert!(run(d.path(), &["monitors", "list"])
        .stdout
        .contains("PAUSED"));
    assert_eq!(run(d.path(), &["monitors", "resume", "api"]).code, 0);
    assert!(list_json(d.path())["monitors"][0].get("paused").is_none());

    assert_eq!(run(d.path(), &["monitors", "remove", "api"]).code, 0);
    assert_eq!(list_json(d.path()), json!({"monitors": []}));
}

#[test]
fn unknown_monitor_exits_1() {
    let d = tmp();
    for cmd in ["remove", "pause", "resume"] {
        let r = run(d.path(), &["monitors", cmd, "ghost"]);
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        assert_eq!(
            error_lines(&r.stderr),
            ["error: no monitor named \"ghost\""]
        );
    }
    run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "a",
            "--target",
            "tcp://127.0.0.1:9",
        ],
    );
    let r = run(d.path(), &["monitors", "remove", "ghost"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn invalid_add_names_every_field_and_writes_nothing() {
    let d = tmp();
    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "api",
            "--target",
            "ftp://x",
            "--interval",
            "500ms",
            "--failure-threshold",
            "0",
            "--severity",
            "loud",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines = error_lines(&r.stderr);
    for field in [
        "target",
        "interval",
        "alerts.down.failure_threshold",
        "alerts.down.severity",
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("error: {field}: "))),
            "{field} not named in {lines:?}"
        );
    }
    assert!(!r.stderr.contains("panicked"));
    assert!(!d.path().join("lookout.db").exists(), "nothing is written");

    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "api",
            "--target",
            "tcp://127.0.0.1:9",
            "--interval",
            "1s",
            "--timeout",
            "2s",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        error_lines(&r.stderr)[0].starts_with("error: timeout: "),
        "{}",
        r.stderr
    );

    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "api",
            "--target",
            "tcp://127.0.0.1:0",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        error_lines(&r.stderr)[0].starts_with("error: target: "),
        "{}",
        r.stderr
    );
}

#[test]
fn monitors_add_takes_the_probe_flags() {
    let d = tmp();
    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "web",
            "--target",
            "https://127.0.0.1:8443/health",
            "--condition",
            "[STATUS] == 200",
            "--condition",
            "[BODY].status == UP",
            "--degraded-condition",
            "[RESPONSE_TIME] < 300",
            "--keyword",
            "UP",
            "--invert-keyword",
            "--ignore-tls",
            "--cert-warn-days",
            "30",
            "--degraded-latency",
            "2s",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = list_json(d.path());
    let m = &v["monitors"][0];
    assert_eq!(
        m["conditions"],
        json!(["[STATUS] == 200", "[BODY].status == UP"])
    );
    assert_eq!(m["degraded_conditions"], json!(["[RESPONSE_TIME] < 300"]));
    assert_eq!(m["keyword"], "UP");
    assert_eq!(m["invert_keyword"], true);
    assert_eq!(m["ignore_tls"], true);
    assert_eq!(m["cert_warn_days"], 30);
    assert_eq!(m["degraded_latency"], "2s");
}

#[test]
fn monitors_add_with_a_bad_condition_exits_2_and_writes_nothing() {
    let d = tmp();
    let r = run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "api",
            "--target",
            "http://127.0.0.1:9/",
            "--condition",
            "[STATUS] == 200",
            "--condition",
            "[STATUS] >< 200",
            "--cert-warn-days",
            "-1",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines = error_lines(&r.stderr);
    assert!(
        lines.iter().any(
            |l| l.starts_with("error: conditions: condition 2 (") && l.contains("at character")
        ),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error: cert_warn_days: ")),
        "{lines:?}"
    );
    assert!(!d.path().join("lookout.db").exists(), "nothing is written");
}

#[test]
fn heartbeat_monitors_show_their_push_url() {
    let d = tmp();
    let r = run(
        d.path(),
        &[
            "monitors", "add", "--name", "backup", "--target", "push://", "--grace", "5m",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = list_json(d.path());
    let m = &v["monitors"][0];
    assert_eq!(m["grace"], "5m");
    let token = m["token"].as_str().expect("a token").to_string();
    // No engine has set a port yet: the default one.
    assert_eq!(
        m["push_url"],
        format!("http://127.0.0.1:47811/push/{token}")
    );
    assert!(r.stdout.contains(&format!("/push/{token}")), "{}", r.stdout);
    let human = run(d.path(), &["monitors", "list"]).stdout;
    assert!(
        human.contains(&format!("http://127.0.0.1:47811/push/{token}")),
        "{human}"
    );

    // The list is still an import file: the token comes along, the push_url is ignored.
    let other = tmp();
    let file = write_file(
        other.path(),
        "list.json",
        &serde_json::to_string(&v).unwrap(),
    );
    let r = run(other.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        list_json(other.path())["monitors"][0]["token"],
        token.as_str()
    );
}

#[test]
fn duplicate_name_is_refused() {
    let d = tmp();
    let add = [
        "monitors",
        "add",
        "--name",
        "api",
        "--target",
        "tcp://127.0.0.1:9",
    ];
    assert_eq!(run(d.path(), &add).code, 0);
    let r = run(d.path(), &add);
    assert_eq!(r.code, 2);
    assert_eq!(
        error_lines(&r.stderr),
        ["error: name: a monitor named \"api\" already exists"]
    );
    assert_eq!(list_json(d.path())["monitors"].as_array().unwrap().len(), 1);
}

#[test]
fn usage_errors_exit_2() {
    let d = tmp();
    assert_eq!(
        run(d.path(), &["monitors", "add", "--target", "tcp://x:1"]).code,
        2
    );
    assert_eq!(run(d.path(), &["frobnicate"]).code, 2);
    assert_eq!(run(d.path(), &["report", "seven"]).code, 2);
}

// ---- snooze --------------------------------------------------------------------------------

#[test]
fn snooze_shows_in_the_list_and_resume_lifts_it() {
    let d = tmp();
    let add = |name: &str| {
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
    };
    add("api");
    add("db");
    let r = run(d.path(), &["monitors", "snooze", "api", "--for", "4h"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("Snoozed monitor \"api\" until "),
        "{}",
        r.stdout
    );
    let r = run(d.path(), &["monitors", "snooze", "db", "--for", "forever"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("until resumed"), "{}", r.stdout);

    let r = run(d.path(), &["monitors", "list"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].ends_with("SNOOZED"), "{}", r.stdout);
    let api = lines.iter().find(|l| l.starts_with("api ")).unwrap();
    // A local time, about four hours from now: `YYYY-MM-DD HH:MM:SS`.
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(
        api.contains(&format!(" {year}-")) || api.contains(" 20"),
        "{api}"
    );
    let db = lines.iter().find(|l| l.starts_with("db ")).unwrap();
    assert!(db.ends_with("until resumed"), "{db}");

    let r = run(d.path(), &["monitors", "resume", "db"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("snooze is lifted"), "{}", r.stdout);
    let r = run(d.path(), &["monitors", "list"]);
    let db = r
        .stdout
        .lines()
        .find(|l| l.starts_with("db "))
        .unwrap()
        .to_string();
    assert!(db.ends_with(" -"), "{db}");
    // The snooze is not part of the monitor's definition: export / import stay as they were.
    assert!(run(d.path(), &["export"]).json()["monitors"][0]
        .get("snooze")
        .is_none());
}

#[test]
fn snooze_rejects_bad_durations_and_unknown_monitors() {
    let d = tmp();
    for bad in ["soon", "0s", "-1h"] {
        let r = run(d.path(), &["monitors", "snooze", "api", "--for", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(
            error_lines(&r.stderr)[0].starts_with("error: for: "),
            "{bad}: {}",
            r.stderr
        );
    }
    // Bad input on a fresh machine leaves no database behind.
    assert!(!d.path().join("lookout.db").exists());
    let r = run(d.path(), &["monitors", "snooze", "ghost", "--for", "1h"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("no monitor named \"ghost\""),
        "{}",
        r.stderr
    );
    let r = run(d.path(), &["monitors", "snooze", "ghost"]);
    assert_eq!(r.code, 2, "--for is required: {}", r.stderr);
}
