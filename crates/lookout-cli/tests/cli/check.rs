//! `lookout check`: one-off checks and their exit codes, conditions, keywords, degraded.

use serde_json::json;

use crate::common::{closed_port, dns_server, run, HttpServer, HANG};
use crate::{error_lines, tmp};

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
