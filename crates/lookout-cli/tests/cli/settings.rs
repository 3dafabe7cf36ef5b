//! `lookout settings`: set, list and unset, and the values and keys it refuses.

use serde_json::{json, Value};

use crate::common::run;
use crate::{error_lines, tmp};

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
            {"key": "metrics_listen", "value": "", "default": "", "is_default": true, "applies": "next_start"},
            {"key": "language", "value": "auto", "default": "auto", "is_default": true, "applies": "now"},
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
            ["error: reference_target: unknown setting; the settings are push_port, reference_targets, metrics_listen, language"],
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
