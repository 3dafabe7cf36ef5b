//! A damaged database is recognised at open, named, left as it is, and can be moved aside.

use super::*;

#[test]
fn garbage_in_the_middle_of_a_real_database_is_corrupt_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = populated(dir.path());
    scribble_middle(&path, 64 * 1024);
    let before = std::fs::read(&path).unwrap();

    let e = Store::open(&path).unwrap_err();
    let StoreError::Corrupt {
        path: named,
        detail,
    } = &e
    else {
        panic!("not Corrupt: {e:?}");
    };
    assert_eq!(named, &path);
    assert!(!detail.is_empty());
    let msg = e.to_string();
    assert!(
        msg.starts_with(&format!("the database {} is corrupt: ", path.display())),
        "{msg}"
    );
    assert_eq!(e.damaged_file(), Some(path.as_path()));
    assert!(!e.is_transient());
    // Opening it changed nothing in it.
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_check_at_open_is_bounded_in_time_and_stops_without_a_false_alarm() {
    let dir = tempfile::tempdir().unwrap();
    let path = populated(dir.path());
    let conn = raw(&path);
    // A check that would never end (an endless recursive query) is stopped at its budget
    // and is not taken for damage.
    let endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) \
                   SELECT 'ok' FROM n WHERE x < 0";
    let started = std::time::Instant::now();
    crate::storage::open::run_check(&conn, &path, endless, Some(Duration::from_millis(200)))
        .unwrap();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(3), "stopped after {took:?}");
    // The handler is gone afterwards: a sound file's full check still runs to "ok".
    crate::storage::open::quick_check(&conn, &path, QUICK_CHECK_BUDGET).unwrap();
    drop(conn);

    scribble_middle(&path, 64 * 1024);
    let conn = raw(&path);
    let e = crate::storage::open::quick_check(&conn, &path, QUICK_CHECK_BUDGET).unwrap_err();
    assert!(matches!(e, StoreError::Corrupt { .. }), "{e:?}");
}

#[test]
fn set_aside_keeps_every_byte_and_a_fresh_database_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = populated(dir.path());
    scribble_middle(&path, 64 * 1024);
    // A log beside it, as a crash leaves one: it goes with the database.
    std::fs::write(sidecar(&path, "-wal"), b"the last transactions").unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(Store::open(&path).is_err());

    let aside = Store::set_aside(&path).unwrap();
    let name = aside.file_name().unwrap().to_str().unwrap();
    let stamp = name.strip_prefix("lookout.db.damaged-").unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ").is_ok(),
        "{name}"
    );
    assert_eq!(aside.parent(), path.parent());
    assert_eq!(std::fs::read(&aside).unwrap(), bytes);
    assert_eq!(
        std::fs::read(sidecar(&aside, "-wal")).unwrap(),
        b"the last transactions"
    );
    assert!(!path.exists());
    assert!(!sidecar(&path, "-wal").exists());

    let fresh = Store::open(&path).unwrap();
    assert!(fresh.monitors().unwrap().is_empty());
    drop(fresh);

    // A second one in the same second gets a name of its own; nothing is overwritten.
    std::fs::write(&path, noise(8192, 7)).unwrap();
    let again = Store::set_aside(&path).unwrap();
    assert_ne!(again, aside);
    assert_eq!(std::fs::read(&aside).unwrap(), bytes);
    assert_eq!(std::fs::read(&again).unwrap(), noise(8192, 7));
}

#[test]
fn set_aside_refuses_while_an_engine_holds_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    std::fs::write(&path, noise(8192, 3)).unwrap();
    assert!(!engine_running(&path), "no lock file: no engine");

    let lock = std::fs::File::create(engine_lock_path(&path)).unwrap();
    assert!(
        !engine_running(&path),
        "a lock file nobody holds: no engine"
    );
    lock.try_lock().unwrap();
    assert!(engine_running(&path));
    let e = Store::set_aside(&path).unwrap_err();
    assert!(
        matches!(&e, StoreError::EngineRunning { path: p } if *p == path),
        "{e:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), noise(8192, 3));
    // Trying the lock did not take it away from its holder.
    assert!(engine_running(&path));

    drop(lock);
    assert!(!engine_running(&path));
    Store::set_aside(&path).unwrap();
    assert!(!path.exists());
}

#[test]
fn set_aside_of_nothing_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let e = Store::set_aside(&dir.path().join("lookout.db")).unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)), "{e:?}");
}
