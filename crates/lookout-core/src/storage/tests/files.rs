//! The data directory and the database's files are this user's only (issue 10, item 7).

use super::*;

#[test]
fn a_new_data_directory_is_0700_and_the_database_with_its_log_0600() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("share").join("lookout");
    let path = data.join("lookout.db");
    let store = Store::open(&path).unwrap();
    let id = store.add_monitor(&monitor("a")).unwrap();
    store.record_check(id, &result(t(0), Status::Up, 1, ""));
    store.flush().unwrap();
    // Open, so the log and the index are there.
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&dir.path().join("share")), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&sidecar(&path, "-wal")), 0o600);
    assert_eq!(mode(&sidecar(&path, "-shm")), 0o600);
}

#[test]
fn looser_modes_an_older_lookout_left_are_tightened_at_open() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("lookout");
    let path = data.join("lookout.db");
    drop(Store::open(&path).unwrap());
    // As an older Lookout (SQLite itself, really) made them: readable by all, log and index
    // included, which another connection keeps open.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let keep_open = raw(&path);
    keep_open
        .execute_batch("INSERT INTO settings VALUES ('k', 'v');")
        .unwrap();
    for p in [sidecar(&path, "-wal"), sidecar(&path, "-shm")] {
        assert_eq!(mode(&p), 0o644, "SQLite gives them the database's mode");
    }

    let store = Store::open(&path).unwrap();
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&sidecar(&path, "-wal")), 0o600);
    assert_eq!(mode(&sidecar(&path, "-shm")), 0o600);
    assert_eq!(store.setting("k").unwrap().as_deref(), Some("v"));
}

#[test]
fn shared_directories_and_other_users_files_are_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // A sticky directory (like /tmp) is shared on purpose.
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let path = shared.join("lookout.db");
    drop(Store::open(&path).unwrap());
    assert_eq!(mode(&shared), 0o1777);
    assert_eq!(mode(&path), 0o600, "the database itself is still private");

    // Another user's file: only root can make one, and only root could open it anyway.
    if rustix::process::geteuid().as_raw() != 0 {
        eprintln!(
            "SKIPPED (part): another user's file cannot be made without root; the sticky \
             directory case above ran"
        );
        return;
    }
    let theirs = dir.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    let path = theirs.join("lookout.db");
    drop(Store::open(&path).unwrap());
    std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).unwrap();
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    drop(Store::open(&path).unwrap());
    assert_eq!(mode(&theirs), 0o755);
    assert_eq!(mode(&path), 0o644);
}

/// A running engine watches the `.changed` file only (see `runtime::files_watch`): a change it
/// must hear of rings it, and the engine's own stream of results does not.
#[test]
fn changes_an_engine_must_hear_of_ring_the_changed_file_and_results_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let store = Store::open(&path).unwrap();
    let rung = changes_path(&path);
    let id = store.add_monitor(&monitor("a")).unwrap();
    assert_eq!(mode(&rung), 0o600, "a new monitor rings, in a private file");

    std::fs::remove_file(&rung).unwrap();
    for i in 0..20 {
        store.record_check(id, &result(t(i), Status::Up, 1, ""));
    }
    store.flush().unwrap();
    store.open_incident(&new_incident(id, t(5), t(6))).unwrap();
    store.checkpoint().unwrap();
    assert!(!rung.exists(), "results and incidents ring nobody");

    store.set_setting("k", "v").unwrap();
    assert!(rung.exists(), "a setting rings");
    std::fs::remove_file(&rung).unwrap();
    store.set_paused(id, true).unwrap();
    assert!(rung.exists(), "pausing rings");
    std::fs::remove_file(&rung).unwrap();
    store.add_request(RequestKind::SimulateOutage, id).unwrap();
    assert!(rung.exists(), "a request for the engine rings");
}
