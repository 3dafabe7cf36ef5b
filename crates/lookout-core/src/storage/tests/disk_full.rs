//! The disk fills up under the store: results wait in the buffer, writes fail to their
//! callers, the health says so; space returns: everything waiting is written. On a real
//! file system, a small tmpfs, which needs root (CI runs as root).

use std::io::Write;
use std::process::Command;
use std::time::Instant;

use super::*;

/// A tmpfs mounted on a temporary directory, unmounted when dropped (before the directory is
/// removed).
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// `None`, with the reason printed, where mounting is not allowed.
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Tmpfs { dir }),
            Ok(o) => {
                eprintln!(
                    "SKIPPED: the disk-full test needs a tmpfs it can fill, and mount said: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!(
                    "SKIPPED: the disk-full test needs a tmpfs it can fill: cannot run mount: {e}"
                );
                None
            }
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let ok = Command::new("umount")
            .arg(self.dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            // Something still has a file open on it: detach it now, freed when closed.
            let _ = Command::new("umount")
                .arg("-l")
                .arg(self.dir.path())
                .status();
        }
    }
}

/// Writes a file until the file system has no byte left.
fn fill(path: &Path) {
    let mut f = std::fs::File::create(path).unwrap();
    for chunk in [1 << 16, 4096, 512, 1] {
        let buf = vec![0xAAu8; chunk];
        while f.write_all(&buf).is_ok() {}
    }
    let _ = f.sync_all();
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_full_disk_keeps_results_waiting_and_the_incident_is_written_on_retry() {
    let Some(fs) = Tmpfs::mount("2m") else {
        return;
    };
    let path = fs.dir.path().join("lookout.db");
    // A buffer of 100, so that its bound is reached too.
    let store = Store::open_with_buffer(&path, 100).unwrap();
    let health = store.health();
    let m = store.add_monitor(&monitor("m")).unwrap();
    store.record_check(m, &result(t(0), Status::Up, 5, ""));
    // The log emptied, so that the next commit must grow a file.
    store.checkpoint().unwrap();
    assert_eq!(*health.borrow(), StorageHealth::default());

    let filler = fs.dir.path().join("filler");
    fill(&filler);

    for i in 1..=30 {
        store.record_check(m, &result(t(i), Status::Down, 5, "connection refused"));
    }
    let e = store.flush().unwrap_err();
    assert!(
        matches!(&e, StoreError::Full { path: p } if *p == path),
        "{e:?}"
    );
    assert!(e.is_transient());
    let h = health.borrow().clone();
    let fault = h.fault.expect("a fault");
    assert!(fault.contains("the disk is full"), "{fault}");
    assert!(fault.contains(&path.display().to_string()), "{fault}");
    assert!(h.since.is_some());
    assert_eq!((h.pending, h.dropped), (30, 0));

    // An incident opened meanwhile: its write fails, and the caller is told.
    let id = store.next_incident_id().unwrap();
    let new = new_incident(m, t(1), t(3));
    let e = store.open_incident_with_id(id, &new).unwrap_err();
    assert!(matches!(e, StoreError::Full { .. }), "{e:?}");

    // More results than the buffer holds: the oldest go, and are counted.
    for i in 31..=130 {
        store.record_check(m, &result(t(i), Status::Down, 5, "connection refused"));
    }
    assert!(store.flush().is_err());
    let h = health.borrow().clone();
    assert_eq!((h.pending, h.dropped), (100, 30));
    assert!(h.fault.is_some());

    // Space returns: the writer's own retry gets through, nobody has to ask.
    std::fs::remove_file(&filler).unwrap();
    wait_for("the store to recover", || health.borrow().fault.is_none());
    let h = health.borrow().clone();
    assert_eq!(
        h,
        StorageHealth {
            fault: None,
            since: None,
            dropped: 30,
            rejected: 0,
            pending: 0,
            panics: 0,
            panic: None,
        }
    );
    let stored: Vec<_> = store
        .recent_checks(m, t(0))
        .unwrap()
        .into_iter()
        .map(|c| c.at)
        .collect();
    let want: Vec<_> = std::iter::once(t(0)).chain((31..=130).map(t)).collect();
    assert_eq!(stored, want, "the first result and the newest 100");

    // The runtime's retry of the incident goes through, once.
    assert_eq!(store.open_incident_with_id(id, &new).unwrap(), id);
    assert_eq!(store.open_incident_with_id(id, &new).unwrap(), id);
    assert_eq!(store.incident(id).unwrap().events.len(), 2);
    drop(store);
    assert_eq!(integrity_ok(&path), "ok");
}

fn integrity_ok(path: &Path) -> String {
    raw(path)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}
