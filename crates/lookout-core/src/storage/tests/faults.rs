use super::*;

#[test]
fn random_bytes_are_corrupt_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..16384)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    let e = Store::open(&path).unwrap_err();
    assert!(
        matches!(&e, StoreError::Corrupt { path: p, .. } if *p == path),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!(
            "the database {} is corrupt: it is not an SQLite database (its first page is \
             damaged, or it is another kind of file)",
            path.display()
        )
    );
    assert_eq!(e.damaged_file(), Some(path.as_path()));
    // The file is left as it was.
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    raw(&path)
        .execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hi');")
        .unwrap();
    let e = Store::open(&path).unwrap_err();
    assert!(
        matches!(&e, StoreError::NotLookout { path: p } if *p == path),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!(
            "{} is not a Lookout database (it is another program's SQLite file)",
            path.display()
        )
    );
}

/// Root ignores permission bits, so the read-only cases can only be asserted when they bite.
fn permissions_apply(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let writable = std::fs::write(&probe, b"x").is_ok();
    let _ = std::fs::remove_file(&probe);
    !writable
}

#[test]
fn read_only_directory_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let enforced = permissions_apply(&ro);
    for path in [ro.join("lookout.db"), ro.join("sub/lookout.db")] {
        match Store::open(&path) {
            Err(e @ (StoreError::ReadOnly(_) | StoreError::Io(_))) => {
                let msg = e.to_string();
                assert!(msg.contains(&ro.display().to_string()), "{msg}");
            }
            Err(e) => panic!("unexpected error {e:?}"),
            Ok(_) => assert!(
                !enforced,
                "opened {} in a read-only directory",
                path.display()
            ),
        }
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();

    // A parent that is a file cannot be created, even by root.
    let file = dir.path().join("plain");
    std::fs::write(&file, b"x").unwrap();
    let e = Store::open(&file.join("lookout.db")).unwrap_err();
    assert!(
        matches!(&e, StoreError::Io(m) if m.contains("cannot create the directory")),
        "{e:?}"
    );
}

#[test]
fn read_only_file_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    drop(Store::open(&path).unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let enforced = std::fs::OpenOptions::new().write(true).open(&path).is_err();
    match Store::open(&path) {
        Err(StoreError::ReadOnly(m)) => assert!(m.contains("cannot write"), "{m}"),
        Err(e) => panic!("unexpected error {e:?}"),
        Ok(_) => assert!(!enforced, "opened a read-only file for writing"),
    }
}

#[test]
fn raw_results_cost_few_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let ids = store
        .add_monitors(
            &(0..100)
                .map(|i| monitor(&format!("monitor {i}")))
                .collect::<Vec<_>>(),
        )
        .unwrap();
    let reasons = ["connection refused", "timed out after 10s", "HTTP 503"];
    for round in 0..1000i64 {
        for (n, id) in ids.iter().enumerate() {
            let at = t(round * 60) + chrono::Duration::milliseconds(n as i64 * 37);
            let failing = (round + n as i64) % 50 == 0;
            let r = if failing {
                result(at, Status::Down, 10_000, reasons[n % reasons.len()])
            } else {
                result(at, Status::Up, 20 + (round * 7 + n as i64) as u64 % 400, "")
            };
            store.record_check(*id, &r);
        }
    }
    store.checkpoint().unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.checks, 100_000);
    let per = stats.file_bytes as f64 / stats.checks as f64;
    println!(
        "{} bytes for {} raw results: {per:.1} bytes per result ({} commits)",
        stats.file_bytes, stats.checks, stats.write_transactions
    );
    assert!(per <= 40.0, "{per:.1} bytes per raw result");
}
