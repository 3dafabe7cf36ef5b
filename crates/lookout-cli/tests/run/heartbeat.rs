//! Heartbeat monitors under `lookout run`: pushes to the URL, and what a job said in a report.

use std::time::{Duration, Instant};

use crate::common::{closed_port, event_is, http_get, run, Engine};
use crate::WAIT;

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
