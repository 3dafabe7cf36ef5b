//! Corrupt, unwritable, read-only and locked databases; the data directory from the environment.

use serde_json::{json, Value};

use crate::common::{run, write_file};
use crate::{error_lines, list_json, tmp};

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
        .env("LANG", crate::common::TEST_LANG)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
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
