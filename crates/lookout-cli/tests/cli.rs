//! End-to-end tests of the scripting commands, run on the built `lookout` binary against real
//! servers on 127.0.0.1 and a real database in a temporary data directory.

mod common;

use common::{closed_port, dns_server, run, write_file, HttpServer, HANG};
use serde_json::{json, Value};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

// ---- check -------------------------------------------------------------------------------

#[test]
fn check_up_exits_0() {
    let server = HttpServer::start();
    let d = tmp();
    let r = run(d.path(), &["check", &server.url()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("UP  "), "{}", r.stdout);
    assert!(r.stdout.trim_end().ends_with(" ms"), "{}", r.stdout);
    // A one-off check touches no database.
    assert!(!d.path().join("lookout.db").exists());
}

#[test]
fn check_down_exits_2_with_the_reason() {
    let d = tmp();
    let r = run(
        d.path(),
        &["check", &format!("tcp://127.0.0.1:{}", closed_port())],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("DOWN  "), "{}", r.stdout);
    assert!(r.stdout.contains("connection refused"), "{}", r.stdout);

    let server = HttpServer::start();
    server.set_status(503);
    let r = run(d.path(), &["check", &server.url()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("503"), "{}", r.stdout);
}

#[test]
fn check_timeout_is_honoured() {
    let server = HttpServer::start();
    server.set_status(HANG);
    let d = tmp();
    let started = std::time::Instant::now();
    let r = run(d.path(), &["check", &server.url(), "--timeout", "300ms"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("timed out after 300ms"), "{}", r.stdout);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn check_invalid_target_is_unknown_3() {
    let d = tmp();
    for target in ["ftp://example.com", "tcp://127.0.0.1:70000", "nonsense"] {
        let r = run(d.path(), &["check", target]);
        assert_eq!(r.code, 3, "{target}: {}{}", r.stdout, r.stderr);
        assert!(
            error_lines(&r.stderr)
                .iter()
                .any(|l| l.starts_with("error: target: ")),
            "{target}: {}",
            r.stderr
        );
    }
    let r = run(d.path(), &["check", "ftp://example.com", "--json"]);
    assert_eq!(r.code, 3);
    assert_eq!(r.json()["status"], "UNKNOWN");
}

#[test]
fn check_json_shape() {
    let server = HttpServer::start();
    let d = tmp();
    let r = run(d.path(), &["check", &server.url(), "--json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v = r.json();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["details", "latency_ms", "reason", "status", "target"]
    );
    assert_eq!(v["target"], server.url());
    assert_eq!(v["status"], "UP");
    assert!(v["latency_ms"].is_u64());

    let r = run(
        d.path(),
        &[
            "check",
            &format!("tcp://127.0.0.1:{}", closed_port()),
            "--json",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.json()["status"], "DOWN");
    assert_eq!(r.json()["reason"], "connection refused");
}

// ---- check: conditions, keywords, degraded ------------------------------------------------

#[test]
fn check_conditions_decide_up_and_down_naming_the_value_seen() {
    let server = HttpServer::start();
    let d = tmp();
    let url = server.url();
    let r = run(
        d.path(),
        &[
            "check",
            &url,
            "--condition",
            "[STATUS] == 200",
            "--condition",
            "[BODY] == ok",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);

    let r = run(
        d.path(),
        &["check", &url, "--condition", "[STATUS] == any(201, 204)"],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("DOWN  "), "{}", r.stdout);
    assert!(r.stdout.contains("[STATUS] (200)"), "{}", r.stdout);
}

#[test]
fn degraded_condition_exits_1() {
    let server = HttpServer::start();
    let d = tmp();
    let r = run(
        d.path(),
        &[
            "check",
            &server.url(),
            "--degraded-condition",
            "[BODY] == fast",
            "--json",
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = r.json();
    assert_eq!(v["status"], "DEGRADED");
    assert!(v["reason"].as_str().unwrap().contains("[BODY] (ok)"), "{v}");
}

#[test]
fn degraded_latency_exits_1() {
    let server = HttpServer::start();
    server.set_delay(std::time::Duration::from_millis(300));
    let d = tmp();
    let r = run(
        d.path(),
        &["check", &server.url(), "--degraded-latency", "100ms"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("DEGRADED  "), "{}", r.stdout);
    // Fast enough for the threshold: UP.
    let r = run(
        d.path(),
        &["check", &server.url(), "--degraded-latency", "5s"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn keyword_and_invert_keyword() {
    let server = HttpServer::start();
    let d = tmp();
    let url = server.url();
    assert_eq!(run(d.path(), &["check", &url, "--keyword", "ok"]).code, 0);
    let r = run(d.path(), &["check", &url, "--keyword", "welcome"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.contains("welcome"), "{}", r.stdout);
    let r = run(
        d.path(),
        &["check", &url, "--keyword", "ok", "--invert-keyword"],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert_eq!(
        run(
            d.path(),
            &["check", &url, "--keyword", "error", "--invert-keyword"]
        )
        .code,
        0
    );
}

#[test]
fn malformed_condition_in_check_is_unknown_3_with_field_and_position() {
    let d = tmp();
    let r = run(
        d.path(),
        &[
            "check",
            "tcp://127.0.0.1:9",
            "--condition",
            "[CONNECTED] ==",
        ],
    );
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    let lines = error_lines(&r.stderr);
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    assert!(lines[0].starts_with("error: conditions: "), "{lines:?}");
    assert!(lines[0].contains("at character 15"), "{lines:?}");

    let r = run(
        d.path(),
        &[
            "check",
            "tcp://127.0.0.1:9",
            "--degraded-condition",
            "[NOPE] == 1",
            "--json",
        ],
    );
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["status"], "UNKNOWN");
    assert!(
        error_lines(&r.stderr)[0].starts_with("error: degraded_conditions: "),
        "{}",
        r.stderr
    );
}

#[test]
fn check_json_shows_dns_answers() {
    let port = dns_server();
    let d = tmp();
    let target = format!("dns://127.0.0.1:{port}/api.example.test?type=A");
    let r = run(
        d.path(),
        &[
            "check",
            &target,
            "--json",
            "--condition",
            "[DNS_RCODE] == NOERROR",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v = r.json();
    assert_eq!(v["status"], "UP");
    assert_eq!(v["details"]["answers"], json!(["127.0.0.7"]));
    assert_eq!(v["details"]["rcode"], "NOERROR");

    let target = format!("dns://127.0.0.1:{port}/missing.example.test?type=A");
    let r = run(d.path(), &["check", &target, "--json"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.json()["reason"].as_str().unwrap().contains("NXDOMAIN"),
        "{}",
        r.stdout
    );
}

// ---- monitors ------------------------------------------------------------------------------

fn list_json(dir: &std::path::Path) -> Value {
    let r = run(dir, &["monitors", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

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

// ---- broken databases -------------------------------------------------------------------------

#[test]
fn corrupt_database_is_one_clear_line() {
    let d = tmp();
    std::fs::write(d.path().join("lookout.db"), vec![0x5au8; 8192]).unwrap();
    for args in [
        &["monitors", "list"][..],
        &["export"],
        &["incidents"],
        &[
            "monitors",
            "add",
            "--name",
            "a",
            "--target",
            "tcp://127.0.0.1:9",
        ],
    ] {
        let r = run(d.path(), args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        let lines = error_lines(&r.stderr);
        assert_eq!(lines.len(), 1, "{args:?}: {}", r.stderr);
        assert!(lines[0].contains("corrupt"), "{}", r.stderr);
        assert!(lines[0].contains("lookout.db"), "{}", r.stderr);
    }
    let r = run(d.path(), &["status"]);
    assert_eq!(
        r.code, 3,
        "status says UNKNOWN when it cannot read: {}",
        r.stderr
    );
}

#[test]
fn unwritable_data_dir_is_a_clear_error() {
    let d = tmp();
    // A file where the data directory should be: creating the database must fail cleanly.
    let not_a_dir = write_file(d.path(), "file", "x");
    let r = run(
        &not_a_dir,
        &[
            "monitors",
            "add",
            "--name",
            "a",
            "--target",
            "tcp://127.0.0.1:9",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(error_lines(&r.stderr).len(), 1, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"));
}

#[test]
fn read_only_database_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    let data = d.path().join("data");
    let add = |name: &str| {
        run(
            &data,
            &[
                "monitors",
                "add",
                "--name",
                name,
                "--target",
                "tcp://127.0.0.1:9",
            ],
        )
    };
    assert_eq!(add("a").code, 0);
    let set = |p: &std::path::Path, mode| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    for f in std::fs::read_dir(&data).unwrap() {
        set(&f.unwrap().path(), 0o444);
    }
    set(&data, 0o555);
    // Root ignores permissions: nothing to test there.
    let root = std::fs::write(data.join("probe"), "x").is_ok();
    if !root {
        let r = add("b");
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        assert_eq!(error_lines(&r.stderr).len(), 1, "{}", r.stderr);
    }
    set(&data, 0o755);
}

#[test]
fn locked_database_is_a_clear_error() {
    let d = tmp();
    let add = |name: &str| {
        run(
            d.path(),
            &[
                "monitors",
                "add",
                "--name",
                name,
                "--target",
                "tcp://127.0.0.1:9",
            ],
        )
    };
    assert_eq!(add("a").code, 0);
    // Another process holding the write lock, longer than the store's busy timeout.
    let conn = rusqlite::Connection::open(d.path().join("lookout.db")).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let r = add("b");
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let lines = error_lines(&r.stderr);
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    assert!(lines[0].contains("locked"), "{}", r.stderr);
    assert_eq!(
        list_json(d.path())["monitors"].as_array().unwrap().len(),
        1,
        "nothing written"
    );
}

#[test]
fn data_dir_comes_from_the_environment_too() {
    let d = tmp();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args([
            "monitors",
            "add",
            "--name",
            "env",
            "--target",
            "tcp://127.0.0.1:9",
        ])
        .env("LOOKOUT_DATA_DIR", d.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(d.path().join("lookout.db").exists());
    // --data-dir wins over the environment.
    let other = tmp();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(["--data-dir", other.path().to_str().unwrap(), "export"])
        .env("LOOKOUT_DATA_DIR", d.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, json!({"monitors": []}));
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

// ---- alert channels ------------------------------------------------------------------------

#[test]
fn channels_add_list_test_remove() {
    let d = tmp();
    let good = common::Receiver::start(200);
    let broken = common::Receiver::start(500);
    let r = run(d.path(), &["channels", "list", "--json"]);
    assert_eq!(r.json(), json!({"channels": []}));
    let r = run(d.path(), &["channels", "test"]);
    assert_eq!(r.code, 1, "nothing to test: {}", r.stderr);

    let kener = good.url("/kener/secret-token");
    let slack = broken.url("/slack");
    let r = run(d.path(), &["channels", "add", &kener]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("Added alert channel "), "{}", r.stdout);
    let r = run(d.path(), &["channels", "add", &slack, "--format", "slack"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(d.path(), &["channels", "list", "--json"]);
    let v = r.json();
    assert_eq!(v["channels"][0]["url"], kener);
    assert_eq!(v["channels"][0]["format"], "kener");
    assert_eq!(v["channels"][1]["format"], "slack");
    // The label leaves out the path, which often holds the webhook's secret.
    assert!(!v["channels"][0]["label"]
        .as_str()
        .unwrap()
        .contains("secret"));
    let r = run(d.path(), &["channels", "list"]);
    assert!(
        r.stdout.contains(&slack) && r.stdout.contains("slack"),
        "{}",
        r.stdout
    );

    // One works, one answers 500: exit 1, and each is reported.
    let r = run(d.path(), &["channels", "test"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let line = |n: &str| {
        r.stdout
            .lines()
            .find(|l| l.starts_with(&format!("{n} ")))
            .unwrap_or_else(|| panic!("no line {n}: {}", r.stdout))
            .to_string()
    };
    assert!(line("1").contains(" ok "), "{}", r.stdout);
    assert!(
        line("2").contains("FAILED") && line("2").contains("HTTP 500"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("1 of 2 channels failed"), "{}", r.stdout);
    let body = good.wait_for(std::time::Duration::from_secs(5), |b| {
        b["source"] == "Lookout"
    });
    assert_eq!(body["status"], "TRIGGERED", "{body}");
    for k in [
        "id",
        "alert_name",
        "severity",
        "timestamp",
        "description",
        "details",
    ] {
        assert!(body.get(k).is_some(), "{k} missing from {body}");
    }
    let body = broken.wait_for(std::time::Duration::from_secs(5), |b| {
        b.get("text").is_some()
    });
    assert!(body["text"].is_string(), "{body}");

    // Fixed: every channel works, exit 0.
    broken
        .status
        .store(204, std::sync::atomic::Ordering::SeqCst);
    let r = run(d.path(), &["channels", "test"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Every channel works (2)"), "{}", r.stdout);

    let r = run(d.path(), &["channels", "remove", &slack]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(d.path(), &["channels", "remove", &slack]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        run(d.path(), &["channels", "list", "--json"]).json()["channels"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn channels_refuse_bad_urls_and_formats() {
    let d = tmp();
    for url in ["ftp://example.com/x", "not a url"] {
        let r = run(d.path(), &["channels", "add", url]);
        assert_eq!(r.code, 2, "{url}: {}", r.stderr);
        assert!(
            error_lines(&r.stderr)[0].starts_with("error: url: "),
            "{}",
            r.stderr
        );
    }
    let r = run(
        d.path(),
        &[
            "channels",
            "add",
            "http://127.0.0.1:1/",
            "--format",
            "teams",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!d.path().join("lookout.db").exists());
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

// ---- settings ----------------------------------------------------------------------------

fn setting(dir: &std::path::Path, key: &str) -> Value {
    let r = run(dir, &["settings", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("{key} not listed: {}", r.stdout))
        .clone()
}

const DEFAULT_REFERENCES: &str = "1.1.1.1:443,8.8.8.8:53,9.9.9.9:443";

#[test]
fn settings_set_list_unset() {
    let d = tmp();
    // Listing on a fresh machine shows the defaults and creates nothing.
    let r = run(d.path(), &["settings", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.json(),
        json!({"settings": [
            {"key": "push_port", "value": "47811", "default": "47811", "is_default": true, "applies": "next_start"},
            {"key": "reference_targets", "value": DEFAULT_REFERENCES, "default": DEFAULT_REFERENCES, "is_default": true, "applies": "now"},
        ]})
    );
    assert!(!d.path().join("lookout.db").exists());

    let r = run(
        d.path(),
        &[
            "settings",
            "set",
            "reference_targets",
            "10.0.0.1:53, GW.lab:443,[fd00::1]:53",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("reference_targets = 10.0.0.1:53,gw.lab:443,[fd00::1]:53 ("),
        "{}",
        r.stdout
    );
    let s = setting(d.path(), "reference_targets");
    assert_eq!(s["value"], "10.0.0.1:53,gw.lab:443,[fd00::1]:53");
    assert_eq!(s["is_default"], false);
    assert_eq!(s["default"], DEFAULT_REFERENCES);
    let r = run(d.path(), &["settings", "list"]);
    assert!(r.stdout.starts_with("KEY "), "{}", r.stdout);
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("reference_targets"))
        .unwrap();
    assert!(
        line.contains("10.0.0.1:53,gw.lab:443,[fd00::1]:53")
            && line.contains(&format!("set (default {DEFAULT_REFERENCES})")),
        "{line}"
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("push_port") && l.ends_with("default")),
        "{}",
        r.stdout
    );

    // `none` turns the reference check off.
    let r = run(d.path(), &["settings", "set", "reference_targets", "none"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(setting(d.path(), "reference_targets")["value"], "none");

    let r = run(d.path(), &["settings", "set", "push_port", "9123"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("next start"), "{}", r.stdout);
    assert_eq!(setting(d.path(), "push_port")["value"], "9123");

    let r = run(d.path(), &["settings", "unset", "reference_targets"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().next().unwrap(),
        format!(
            "reference_targets is back to its default: {DEFAULT_REFERENCES} (a running engine uses it within about a second)"
        )
    );
    let s = setting(d.path(), "reference_targets");
    assert_eq!(
        (s["value"].as_str(), s["is_default"].as_bool()),
        (Some(DEFAULT_REFERENCES), Some(true))
    );
    // Unsetting again is no error.
    assert_eq!(
        run(d.path(), &["settings", "unset", "reference_targets"]).code,
        0
    );
    // The other setting is untouched.
    assert_eq!(setting(d.path(), "push_port")["value"], "9123");
}

#[test]
fn settings_refuse_bad_values_and_unknown_keys_and_write_nothing() {
    let d = tmp();
    // On a fresh machine: refused before any database is created.
    let r = run(
        d.path(),
        &["settings", "set", "reference_targets", "1.1.1.1"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        error_lines(&r.stderr),
        ["error: reference_targets: \"1.1.1.1\": no port; write host:port, e.g. 10.0.0.1:53"]
    );
    assert!(!d.path().join("lookout.db").exists());

    let r = run(
        d.path(),
        &["settings", "set", "reference_targets", "10.0.0.1:53"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (value, says) in [
        (
            "10.0.0.1:99999",
            "\"10.0.0.1:99999\": the port must be a number from 1 to 65535, got \"99999\"",
        ),
        ("10.0.0.1:0", "port 0 cannot be connected to"),
        (":53", "\":53\": the host is empty"),
        ("10.0.0.1:53,10.0.0.1:53", "\"10.0.0.1:53\" is listed twice"),
        ("::1:53", "an IPv6 address goes in brackets, e.g. [::1]:53"),
    ] {
        let r = run(d.path(), &["settings", "set", "reference_targets", value]);
        assert_eq!(r.code, 2, "{value}: {}", r.stderr);
        let lines = error_lines(&r.stderr);
        assert_eq!(lines.len(), 1, "{value}: {}", r.stderr);
        assert!(
            lines[0].starts_with("error: reference_targets: ") && lines[0].contains(says),
            "{value}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
    // Every problem at once.
    let r = run(
        d.path(),
        &["settings", "set", "reference_targets", "a, b:1, :2"],
    );
    assert_eq!(error_lines(&r.stderr).len(), 2, "{}", r.stderr);
    let r = run(d.path(), &["settings", "set", "push_port", "http"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        error_lines(&r.stderr),
        ["error: push_port: must be a port number from 1 to 65535, got \"http\""]
    );

    for args in [
        &["settings", "set", "reference_target", "10.0.0.1:53"][..],
        &["settings", "unset", "reference_target"][..],
    ] {
        let r = run(d.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(
            error_lines(&r.stderr),
            ["error: reference_target: unknown setting; the settings are push_port, reference_targets"],
            "{args:?}"
        );
    }
    // Nothing was written by any of them.
    assert_eq!(
        setting(d.path(), "reference_targets")["value"],
        "10.0.0.1:53"
    );
    assert_eq!(setting(d.path(), "push_port")["is_default"], true);
}
