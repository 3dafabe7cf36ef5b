//! `lookout import` and `export`: Lookout files, and Kener, Uptime Kuma and Gatus ones.

use serde_json::{json, Value};

use crate::common::{run, write_file};
use crate::{error_lines, list_json, tmp};

// ---- import / export -----------------------------------------------------------------------

const GOOD: &str = r#"{"monitors": [
  {"name": "web", "target": "https://example.com/health", "interval": "30s", "timeout": "5s",
   "method": "POST", "headers": {"X-Token": "abc"}, "body": "{}",
   "accepted_status": ["200-299", "418"], "degraded_latency": "2s",
   "alerts": {"down": {"failure_threshold": 3, "success_threshold": 2, "remind_every": "10m"}}},
  {"name": "db", "target": "tcp://127.0.0.1:5432", "interval": "1m", "paused": true},
  {"name": "plain", "target": "http://127.0.0.1:8080/"}
]}"#;

#[test]
fn export_import_round_trip() {
    let a = tmp();
    let file = write_file(a.path(), "in.json", GOOD);
    let r = run(a.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let first = run(a.path(), &["export"]);
    assert_eq!(first.code, 0);
    let v = first.json();
    assert_eq!(v["monitors"].as_array().unwrap().len(), 3);
    let by_name = |n: &str| {
        v["monitors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == n)
            .unwrap_or_else(|| panic!("{n} not exported: {v}"))
            .clone()
    };
    let web = by_name("web");
    assert_eq!(web["alerts"]["down"]["remind_every"], "10m");
    assert_eq!(web["headers"]["X-Token"], "abc");
    assert_eq!(web["accepted_status"], json!(["200-299", "418"]));
    assert_eq!(by_name("db")["paused"], true);

    let b = tmp();
    let file = write_file(b.path(), "export.json", &first.stdout);
    let r = run(b.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let second = run(b.path(), &["export"]);
    assert_eq!(
        first.stdout, second.stdout,
        "export -> import -> export changed"
    );
}

#[test]
fn a_monitors_flap_cap_is_imported_validated_and_exported() {
    let d = tmp();
    let file = write_file(
        d.path(),
        "bad.json",
        r#"{"monitors": [
            {"name": "api", "target": "tcp://127.0.0.1:9", "flap_max": 0, "flap_window": "30s"}
        ]}"#,
    );
    let r = run(d.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        error_lines(&r.stderr),
        [
            "error: monitor \"api\": flap_max: must be between 1 and 1000, got 0",
            "error: monitor \"api\": flap_window: must be between 1m and 24h, got 30s",
        ]
    );
    let file = write_file(
        d.path(),
        "good.json",
        r#"{"monitors": [
            {"name": "api", "target": "tcp://127.0.0.1:9", "flap_max": 2, "flap_window": "30m"},
            {"name": "db", "target": "tcp://127.0.0.1:9"}
        ]}"#,
    );
    let r = run(d.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = run(d.path(), &["export"]).json();
    assert_eq!(v["monitors"][0]["name"], "api", "{v}");
    assert_eq!(v["monitors"][0]["flap_max"], 2, "{v}");
    assert_eq!(v["monitors"][0]["flap_window"], "30m", "{v}");
    // Absent: the engine's default cap, and nothing written for it.
    assert!(v["monitors"][1].get("flap_max").is_none(), "{v}");
    assert!(v["monitors"][1].get("flap_window").is_none(), "{v}");
}

#[test]
fn import_with_a_bad_monitor_writes_none_and_names_every_problem() {
    let d = tmp();
    let file = write_file(
        d.path(),
        "bad.json",
        r#"{"monitors": [
            {"name": "ok", "target": "tcp://127.0.0.1:9"},
            {"name": "slow", "target": "tcp://127.0.0.1:9", "interval": "100ms"},
            {"name": "odd", "target": "gopher://x"}
        ]}"#,
    );
    let r = run(d.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines = error_lines(&r.stderr);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error: monitor \"slow\": interval: ")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error: monitor \"odd\": target: ")),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.contains("\"ok\"")), "{lines:?}");
    assert_eq!(list_json(d.path()), json!({"monitors": []}));
}

#[test]
fn import_clashing_with_an_existing_name_writes_none() {
    let d = tmp();
    run(
        d.path(),
        &[
            "monitors",
            "add",
            "--name",
            "db",
            "--target",
            "tcp://127.0.0.1:9",
        ],
    );
    let file = write_file(d.path(), "in.json", GOOD);
    let r = run(d.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        error_lines(&r.stderr),
        ["error: monitor \"db\": name: a monitor named \"db\" already exists"]
    );
    assert_eq!(list_json(d.path())["monitors"].as_array().unwrap().len(), 1);
}

#[test]
fn import_syntax_error_names_line_and_column() {
    let d = tmp();
    let file = write_file(
        d.path(),
        "broken.json",
        "{\n  \"monitors\": [\n    {\"name\": \"a\",, }\n  ]\n}\n",
    );
    let r = run(d.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines = error_lines(&r.stderr);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("line 3, column"), "{lines:?}");
    assert!(lines[0].contains("broken.json"), "{lines:?}");

    let r = run(
        d.path(),
        &["import", d.path().join("missing.json").to_str().unwrap()],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!d.path().join("lookout.db").exists(), "nothing is written");
}

// ---- import from other tools -----------------------------------------------------------------

fn fixture(name: &str) -> String {
    format!(
        "{}/../lookout-core/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn names(v: &Value) -> Vec<String> {
    v["monitors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn dry_run_shows_the_plan_and_writes_nothing() {
    let d = tmp();
    let r = run(
        d.path(),
        &["import", &fixture("kener-v2.yaml"), "--dry-run"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    assert!(
        out.starts_with("Would import 7 monitors from Kener (dry run: nothing was written)"),
        "{out}"
    );
    let header = out.lines().find(|l| l.starts_with("NAME")).expect(out);
    for col in ["TARGET", "INTERVAL", "THRESHOLDS"] {
        assert!(header.contains(col), "{out}");
    }
    let google = out
        .lines()
        .find(|l| l.starts_with("Google Search "))
        .expect(out);
    assert!(google.contains("https://www.google.com/webhp"), "{google}");
    assert!(google.contains(" 5m "), "{google}");
    assert!(google.contains("down 5/2, degraded 3/1"), "{google}");
    // What can't be mapped, per monitor, with the reason.
    assert!(
        out.contains("Not imported (1 monitor):\n  Status Only: has no api"),
        "{out}"
    );
    assert!(out.contains("  Google Search:\n"), "{out}");
    assert!(out.contains("    - eval: "), "{out}");
    assert!(out.contains("  Weekly: cron "), "{out}");
    assert!(!d.path().join("lookout.db").exists(), "nothing is written");
}

#[test]
fn uptime_kuma_backup_is_detected_and_imported() {
    let d = tmp();
    let r = run(d.path(), &["import", &fixture("uptime-kuma-backup.json")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("Imported 8 monitors from Uptime Kuma\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("  Containers: Uptime Kuma's \"docker\" monitor has no Lookout equivalent"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("  Maintenance mode: upside-down"),
        "{}",
        r.stdout
    );
    let v = list_json(d.path());
    assert_eq!(v["monitors"].as_array().unwrap().len(), 8, "{v}");
    let login = v["monitors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Login page")
        .unwrap();
    assert_eq!(login["keyword"], "Sign in");
    assert_eq!(login["ignore_tls"], true);

    // Importing it again would duplicate every name: nothing is written, every clash named.
    let r = run(d.path(), &["import", &fixture("uptime-kuma-backup.json")]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(error_lines(&r.stderr).len(), 8, "{}", r.stderr);
    assert!(
        r.stderr.contains("error: monitor \"Login page\": name: "),
        "{}",
        r.stderr
    );
    assert_eq!(list_json(d.path())["monitors"].as_array().unwrap().len(), 8);
}

#[test]
fn gatus_and_kener_v4_with_and_without_from() {
    let d = tmp();
    let r = run(
        d.path(),
        &["import", &fixture("gatus.yaml"), "--from", "gatus"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("[DOMAIN_EXPIRATION]"), "{}", r.stdout);
    let v = list_json(d.path());
    assert!(names(&v).contains(&"core/website".to_string()), "{v}");
    let web = v["monitors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "core/website")
        .unwrap();
    assert_eq!(web["conditions"][1], "[BODY].status == UP");
    assert_eq!(web["alerts"]["down"]["failure_threshold"], 5);

    let e = tmp();
    let r = run(e.path(), &["import", &fixture("kener-v4.json")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("  Everything: group monitors"),
        "{}",
        r.stdout
    );
    assert!(names(&list_json(e.path())).contains(&"Database".to_string()));
}

#[test]
fn wrong_or_unknown_format_is_invalid_input() {
    let d = tmp();
    let r = run(
        d.path(),
        &[
            "import",
            &fixture("gatus.yaml"),
            "--from",
            "uptime-kuma",
            "--dry-run",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines = error_lines(&r.stderr);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("gatus.yaml: "), "{lines:?}");
    assert!(lines[0].contains("monitorList"), "{lines:?}");

    let file = write_file(d.path(), "what.yaml", "hello: world\n");
    let r = run(d.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(error_lines(&r.stderr)[0].contains("--from"), "{}", r.stderr);

    assert_eq!(
        run(
            d.path(),
            &["import", &fixture("gatus.yaml"), "--from", "nagios"]
        )
        .code,
        2
    );
    assert!(!d.path().join("lookout.db").exists(), "nothing is written");
}

#[test]
fn lookout_dry_run_and_strictness_are_kept() {
    let d = tmp();
    let file = write_file(d.path(), "in.json", GOOD);
    let r = run(d.path(), &["import", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("Would import 3 monitors (dry run"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("db (paused)"), "{}", r.stdout);
    assert!(!d.path().join("lookout.db").exists());

    // A name used twice in a Lookout file is an error, not renamed.
    let file = write_file(
        d.path(),
        "dup.json",
        r#"{"monitors":[{"name":"a","target":"tcp://127.0.0.1:9"},{"name":"a","target":"tcp://127.0.0.1:10"}]}"#,
    );
    let r = run(
        d.path(),
        &["import", file.to_str().unwrap(), "--from", "lookout"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("error: monitor \"a\": name: "),
        "{}",
        r.stderr
    );
}
