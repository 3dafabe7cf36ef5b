//! `lookout channels`: webhook alert channels added, listed, tested and removed.

use serde_json::json;

use crate::common::{self, run};
use crate::{error_lines, tmp};

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
