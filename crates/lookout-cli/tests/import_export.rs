//! `lookout import` of a file someone else wrote, and `lookout export --redact` of one to give
//! away (issue 10, items 1 and 7): recovery actions are imported only with the user's consent,
//! a redacted export holds no secret and still imports, and an import file has a size cap.

mod common;

use std::path::Path;

use common::{run, write_file};
use serde_json::{json, Value};

fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .collect()
}

fn monitors(dir: &Path) -> Vec<Value> {
    let r = run(dir, &["export"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()["monitors"].as_array().unwrap().clone()
}

/// A file whose author chose the command, the webhook and the target that triggers them.
fn hostile_file(dir: &Path, flag: &Path) -> String {
    let file = write_file(
        dir,
        "shared.json",
        &json!({"monitors": [
            {"name": "api", "target": "tcp://127.0.0.1:1", "interval": "1s", "timeout": "1s",
             "recovery": [
                 {"run": ["touch", flag.to_str().unwrap()]},
                 // A carriage return and an ANSI "erase line" would hide the real command.
                 {"run": ["sh", "-c", "id >/dev/null\r\u{1b}[2Ksystemctl restart api"]},
             ]},
            {"name": "web", "target": "http://127.0.0.1:1/",
             "recovery": [{"webhook": "https://collector.test/hook?who=me"}]},
            {"name": "plain", "target": "tcp://127.0.0.1:2"}
        ]})
        .to_string(),
    );
    file.to_str().unwrap().to_string()
}

#[test]
fn recovery_actions_are_refused_without_consent_and_nothing_is_written() {
    let d = tempfile::tempdir().unwrap();
    let flag = d.path().join("ran");
    let file = hostile_file(d.path(), &flag);

    let r = run(d.path(), &["import", &file]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    let lines = error_lines(&r.stderr);
    assert!(
        lines[0].contains("holds 3 recovery actions") && lines[0].contains("--allow-recovery"),
        "{lines:?}"
    );
    assert_eq!(
        lines[1..],
        [
            format!("monitor \"api\": recovery[0]: runs touch {}", flag.display()).as_str(),
            r#"monitor "api": recovery[1]: runs sh -c $'id >/dev/null\r\x1b[2Ksystemctl restart api'"#,
            "monitor \"web\": recovery[0]: posts the monitor's name and target to https://collector.test/hook?who=me",
        ]
    );
    // No terminal control character reaches the screen.
    assert!(
        !r.stderr.contains('\u{1b}') && !r.stderr.contains('\r'),
        "{:?}",
        r.stderr
    );
    assert!(!d.path().join("lookout.db").exists(), "nothing is written");

    // Nor into an existing database: not even the monitor without actions.
    let db = tempfile::tempdir().unwrap();
    let other = write_file(
        db.path(),
        "one.json",
        r#"{"monitors":[{"name":"mine","target":"tcp://127.0.0.1:3"}]}"#,
    );
    assert_eq!(run(db.path(), &["import", other.to_str().unwrap()]).code, 0);
    assert_eq!(run(db.path(), &["import", &file]).code, 2);
    let names: Vec<Value> = monitors(db.path())
        .iter()
        .map(|m| m["name"].clone())
        .collect();
    assert_eq!(names, [json!("mine")]);
}

#[test]
fn dry_run_lists_every_command_and_url_and_consent_imports_them() {
    let d = tempfile::tempdir().unwrap();
    let flag = d.path().join("ran");
    let file = hostile_file(d.path(), &flag);

    let r = run(d.path(), &["import", &file, "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    assert!(
        out.contains(
            "3 recovery actions, each run as you when its target fails (importing needs --allow-recovery):\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "  api recovery[0]: runs touch {}\n",
            flag.display()
        )),
        "{out}"
    );
    assert!(
        out.contains(
            r"  api recovery[1]: runs sh -c $'id >/dev/null\r\x1b[2Ksystemctl restart api'"
        ),
        "{out}"
    );
    assert!(
        out.contains("  web recovery[0]: posts the monitor's name and target to https://collector.test/hook?who=me\n"),
        "{out}"
    );
    assert!(
        !d.path().join("lookout.db").exists(),
        "a dry run writes nothing"
    );

    let r = run(d.path(), &["import", &file, "--allow-recovery"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("Imported 3 monitors\n")
            && r.stdout
                .contains("3 recovery actions imported, each run as you"),
        "{}",
        r.stdout
    );
    let all = monitors(d.path());
    assert_eq!(all.len(), 3);
    let api = all.iter().find(|m| m["name"] == "api").unwrap();
    assert_eq!(
        api["recovery"][0]["run"],
        json!(["touch", flag.to_str().unwrap()])
    );
    // Nothing ran: importing is not running.
    assert!(!flag.exists());
}

#[test]
fn files_from_other_tools_need_no_consent() {
    // Kener, Uptime Kuma and Gatus files have no recovery actions to carry over.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../lookout-core/tests/fixtures");
    for f in [
        "kener-v2.yaml",
        "kener-v4.json",
        "uptime-kuma-backup.json",
        "gatus.yaml",
    ] {
        let d = tempfile::tempdir().unwrap();
        let r = run(d.path(), &["import", fixtures.join(f).to_str().unwrap()]);
        assert_eq!(r.code, 0, "{f}: {}", r.stderr);
        assert!(!r.stdout.contains("recovery"), "{f}: {}", r.stdout);
    }
}

/// A monitor set with a secret in every place one can be.
const SECRETS: &str = r#"{"monitors": [
  {"name": "api", "target": "https://alice:pw-target@api.test/v1/health?api_key=key-target&region=eu",
   "method": "POST", "body": "{\"password\": \"body-secret\"}",
   "headers": {"Authorization": "Bearer header-auth", "X-Custom": "header-custom", "Cookie": "sid=header-cookie",
               "Accept": "application/json"},
   "checkpoints": ["https://10.0.0.1/v1/health?token=key-checkpoint"],
   "recovery": [
     {"webhook": "https://hooks.slack.com/services/T0/B0/hook-path"},
     {"run": ["curl", "-H", "Authorization: Bearer run-header", "--password", "run-flag", "https://h.test/run-url"]}
   ]},
  {"name": "job", "target": "push://", "token": "push-token-0123456789",
   "recovery": [{"webhook": "https://discord.com/api/webhooks/123/discord-token"}]}
]}"#;

const KNOWN_SECRETS: [&str; 16] = [
    "alice",
    "header-cookie",
    "discord-token",
    "pw-target",
    "key-target",
    "body-secret",
    "header-auth",
    "header-custom",
    "key-checkpoint",
    "T0",
    "hook-path",
    "run-header",
    "run-flag",
    "run-url",
    "push-token",
    "region=eu",
];

#[test]
fn a_redacted_export_holds_no_secret_and_still_imports() {
    let a = tempfile::tempdir().unwrap();
    let file = write_file(a.path(), "secrets.json", SECRETS);
    let r = run(
        a.path(),
        &["import", file.to_str().unwrap(), "--allow-recovery"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);

    // The plain export keeps everything (it is the backup), and `monitors list --json` too.
    let plain = run(a.path(), &["export"]);
    assert!(plain.stdout.contains("header-auth") && plain.stdout.contains("push-token"));

    let r = run(a.path(), &["export", "--redact"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for s in KNOWN_SECRETS {
        assert!(!r.stdout.contains(s), "{s} survived:\n{}", r.stdout);
    }
    let v = r.json();
    let api = &v["monitors"][0];
    assert_eq!(
        api["target"],
        "https://REDACTED:REDACTED@api.test/v1/health?api_key=REDACTED&region=REDACTED"
    );
    assert_eq!(api["headers"]["Accept"], "application/json");
    assert_eq!(
        api["recovery"][0]["webhook"],
        "https://hooks.slack.com/REDACTED"
    );
    assert_eq!(v["monitors"][1].get("token"), None);
    assert_eq!(v["monitors"][1].get("push_url"), None);
    // What redaction cannot promise is said, on stderr (stdout is the file).
    assert!(
        r.stderr.contains("note: the file keeps 1 recovery command"),
        "{}",
        r.stderr
    );

    // It imports, says what to fill in, and the heartbeat gets a token of its own.
    let b = tempfile::tempdir().unwrap();
    let shared = write_file(b.path(), "shared.json", &r.stdout);
    let r = run(
        b.path(),
        &["import", shared.to_str().unwrap(), "--allow-recovery"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("9 values are REDACTED in the file (a redacted export): set the real values"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("  api:\n    - target\n    - checkpoints[0]\n    - headers.Authorization\n"),
        "{}",
        r.stdout
    );
    let job = monitors(b.path())
        .into_iter()
        .find(|m| m["name"] == "job")
        .unwrap();
    let token = job["token"].as_str().unwrap();
    assert_eq!(token.len(), 24);
    assert_ne!(token, "push-token-0123456789");
}

#[test]
fn an_import_file_over_the_cap_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let mut text = String::from(r#"{"monitors": [], "pad": ""#);
    text.push_str(&" ".repeat(10 * 1024 * 1024));
    text.push_str("\"}");
    let file = write_file(d.path(), "huge.json", &text);
    let r = run(d.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        error_lines(&r.stderr),
        [format!(
            "{}: the file is larger than 10 MiB; an import file holds monitor definitions, not data",
            file.display()
        )]
    );
    assert!(!d.path().join("lookout.db").exists());
}
