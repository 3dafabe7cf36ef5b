use super::*;

#[test]
fn open_creates_directories_and_sets_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/lookout.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.path(), path);
    let c = raw(&path);
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let vacuum: i64 = c.query_row("PRAGMA auto_vacuum", [], |r| r.get(0)).unwrap();
    assert_eq!(vacuum, 2, "incremental");
    drop(store);
    // Reopening an existing database runs no migration and keeps working.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.config_rev().unwrap(), 0);
}

#[test]
fn monitors_add_list_update_remove() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let b = store.add_monitor(&monitor("beta")).unwrap();
    let a = store.add_monitor(&monitor("Alpha")).unwrap();
    let names: Vec<_> = store
        .monitors()
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["Alpha", "beta"]);

    let mut m = store.monitor(b).unwrap();
    assert_eq!(m.id, b);
    assert_eq!(
        m,
        Monitor {
            id: b,
            ..monitor("beta")
        }
    );
    m.name = "gamma".into();
    m.interval = Duration::from_secs(30);
    store.update_monitor(&m).unwrap();
    assert_eq!(store.monitor(b).unwrap(), m);
    assert_eq!(store.monitor_by_name("gamma").unwrap(), Some(m.clone()));
    assert_eq!(store.monitor_by_name("beta").unwrap(), None);

    store.remove_monitor(a).unwrap();
    assert!(
        matches!(store.monitor(a), Err(StoreError::NotFound(w)) if w == format!("monitor {a}"))
    );
    assert!(matches!(
        store.remove_monitor(a),
        Err(StoreError::NotFound(_))
    ));
    let gone = Monitor {
        id: a,
        ..monitor("x")
    };
    assert!(matches!(
        store.update_monitor(&gone),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.set_paused(a, true),
        Err(StoreError::NotFound(_))
    ));
    // Ids are never reused, so old incidents cannot point at a new monitor.
    let c = store.add_monitor(&monitor("delta")).unwrap();
    assert!(c.0 > a.0 && c.0 > b.0);
}

#[test]
fn duplicate_names_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    store.add_monitor(&monitor("a")).unwrap();
    let e = store.add_monitor(&monitor("a")).unwrap_err();
    assert!(
        matches!(&e, StoreError::Duplicate { field: "name", value } if value == "a"),
        "{e:?}"
    );
    assert_eq!(e.to_string(), "a monitor with name \"a\" already exists");
    let b = store.add_monitor(&monitor("b")).unwrap();
    let e = store
        .update_monitor(&Monitor {
            id: b,
            ..monitor("a")
        })
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Duplicate { field: "name", .. }),
        "{e:?}"
    );
}

#[test]
fn add_monitors_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    store.add_monitor(&monitor("x")).unwrap();
    let rev = store.config_rev().unwrap();
    let e = store
        .add_monitors(&[monitor("y"), monitor("x"), monitor("z")])
        .unwrap_err();
    assert!(matches!(e, StoreError::Duplicate { field: "name", ref value } if value == "x"));
    let names: Vec<_> = store
        .monitors()
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["x"]);
    assert_eq!(store.config_rev().unwrap(), rev);
    let ids = store.add_monitors(&[monitor("y"), monitor("z")]).unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(store.monitors().unwrap().len(), 3);
}

#[test]
fn paused_lives_in_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let mut m = monitor("p");
    m.paused = true;
    let id = store.add_monitor(&m).unwrap();
    let spec: String = raw(store.path())
        .query_row("SELECT spec FROM monitors", [], |r| r.get(0))
        .unwrap();
    assert!(!spec.contains("paused"), "{spec}");
    assert!(store.monitor(id).unwrap().paused);
    store.set_paused(id, false).unwrap();
    assert!(!store.monitor(id).unwrap().paused);
    let other = store.add_monitor(&monitor("q")).unwrap();
    store.set_all_paused(true).unwrap();
    let states = store.states().unwrap();
    assert!(states.iter().all(|(_, s)| s.status == Status::Paused));
    store.set_all_paused(false).unwrap();
    let states = store.states().unwrap();
    assert_eq!(states.len(), 2);
    assert!(states
        .iter()
        .all(|(_, s)| s.status == Status::Unknown && s.since.is_none()));
    assert_eq!(states[1].0, other);
    assert_eq!(states[1].1.target, "tcp://127.0.0.1:9");
}

#[test]
fn config_rev_sees_another_store_on_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let ours = open(&dir);
    let theirs = open(&dir);
    let before = ours.config_rev().unwrap();
    let id = theirs.add_monitor(&monitor("from-cli")).unwrap();
    let after_add = ours.config_rev().unwrap();
    assert!(after_add > before);
    assert_eq!(ours.monitor(id).unwrap().name, "from-cli");
    theirs.set_paused(id, true).unwrap();
    let after_pause = ours.config_rev().unwrap();
    assert!(after_pause > after_add);
    theirs.remove_monitor(id).unwrap();
    assert!(ours.config_rev().unwrap() > after_pause);
    // Recording results does not look like a config change.
    let rev = ours.config_rev().unwrap();
    let id = ours.add_monitor(&monitor("m")).unwrap();
    let rev_after_add = ours.config_rev().unwrap();
    assert!(rev_after_add > rev);
    ours.record_check(id, &result(t(0), Status::Up, 5, ""));
    ours.flush().unwrap();
    assert_eq!(ours.config_rev().unwrap(), rev_after_add);
}
