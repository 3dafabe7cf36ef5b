//! Which commits reach the disk before they return, and bad results dropped alone.

use std::time::Instant;

use super::*;

#[test]
fn incident_transitions_are_synced_to_disk_and_check_results_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let m = store.add_monitor(&monitor("m")).unwrap();
    let durable = || store.stats().unwrap().durable_transactions;

    for i in 0..10 {
        store.record_check(m, &result(t(i), Status::Down, 5, "refused"));
    }
    store.flush().unwrap();
    assert_eq!(durable(), 0);

    let id = store.open_incident(&new_incident(m, t(0), t(10))).unwrap();
    assert_eq!(durable(), 1, "opening");
    let mut ev = IncidentEvent {
        at: t(20),
        kind: IncidentEventKind::Reminder,
        message: "still down".into(),
    };
    store.add_incident_event(id, &ev).unwrap();
    assert_eq!(durable(), 1, "a reminder entry is not a transition");
    ev.kind = IncidentEventKind::Notification;
    store.add_incident_event(id, &ev).unwrap();
    assert_eq!(durable(), 2, "an alert recorded as sent");
    store.add_note(id, t(21), "looking").unwrap();
    store.acknowledge_incident(id, t(22), None).unwrap();
    assert_eq!(durable(), 2);
    ev.kind = IncidentEventKind::Resolved;
    store.resolve_incident(id, t(30), None, &ev).unwrap();
    assert_eq!(durable(), 3, "resolving");

    // The level is FULL inside those transactions only.
    let level = |durable: bool| {
        let q = |c: &rusqlite::Connection| {
            Ok(c.query_row("PRAGMA synchronous", [], |r| r.get::<_, i64>(0))?)
        };
        if durable {
            store.write_durable(q).unwrap()
        } else {
            store.write(q).unwrap()
        }
    };
    assert_eq!((level(true), level(false)), (2, 1));
}

/// What a full sync costs, on the disk the temporary directory is on: printed, for the
/// README's reliability section.
#[test]
fn synced_commits_are_counted_and_their_cost_measured() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let ids = store
        .add_monitors(
            &(0..100)
                .map(|i| monitor(&format!("m{i}")))
                .collect::<Vec<_>>(),
        )
        .unwrap();
    const N: i64 = 40;
    let started = Instant::now();
    for round in 0..N {
        for id in &ids {
            store.record_check(*id, &result(t(round), Status::Up, 5, ""));
        }
        store.flush().unwrap();
    }
    let batches = started.elapsed();
    let started = Instant::now();
    for n in 0..N {
        let id = store
            .open_incident(&new_incident(ids[0], t(1000 + n * 10), t(1000 + n * 10)))
            .unwrap();
        let ev = IncidentEvent {
            at: t(1005 + n * 10),
            kind: IncidentEventKind::Resolved,
            message: "back up".into(),
        };
        store
            .resolve_incident(id, t(1005 + n * 10), None, &ev)
            .unwrap();
    }
    let incidents = started.elapsed();
    // The same one-row write both ways: the difference is the sync.
    let one_row = |durable: bool| {
        let started = Instant::now();
        for n in 0..N {
            let f = move |c: &rusqlite::Connection| {
                c.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES ('bench', ?1)",
                    [n.to_string()],
                )?;
                Ok(())
            };
            if durable {
                store.write_durable(f).unwrap();
            } else {
                store.write(f).unwrap();
            }
        }
        started.elapsed()
    };
    let (normal, full) = (one_row(false), one_row(true));
    let rate = |n: i64, d: Duration| n as f64 / d.as_secs_f64();
    println!(
        "commits/s: batches of 100 results {:.0} (NORMAL); incident opens and resolves {:.0} \
         (FULL); one-row writes {:.0} (NORMAL) vs {:.0} (FULL)",
        rate(N, batches),
        rate(2 * N, incidents),
        rate(N, normal),
        rate(N, full)
    );
    assert_eq!(store.stats().unwrap().durable_transactions, 3 * N as u64);
}

#[test]
fn a_bad_result_is_dropped_alone_not_with_its_batch() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let m = store.add_monitor(&monitor("m")).unwrap();
    let health = store.health();
    // A row the database refuses, whatever the reason: here a trigger says no to one latency.
    raw(store.path())
        .execute_batch(
            "CREATE TRIGGER refuse_666 BEFORE INSERT ON checks WHEN NEW.latency_ms = 666
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
        )
        .unwrap();
    for (i, latency) in [10u64, 20, 666, 30, 40].into_iter().enumerate() {
        store.record_check(m, &result(t(i as i64), Status::Up, latency, ""));
    }
    store.flush().unwrap();
    let stored: Vec<_> = store
        .recent_checks(m, t(0))
        .unwrap()
        .into_iter()
        .map(|c| c.latency_ms)
        .collect();
    assert_eq!(stored, [10, 20, 30, 40]);
    let h = health.borrow().clone();
    assert_eq!((h.rejected, h.dropped, h.pending), (1, 0, 0));
    assert!(h.fault.is_none(), "a bad row is not a storage fault");
    // The rollups count the four that were stored.
    let hours = store.hourly_uptime(m, t(0)).unwrap();
    assert_eq!(hours.iter().map(|b| b.up).sum::<u64>(), 4);

    // A write command after them is not held up either.
    store.add_monitor(&monitor("n")).unwrap();
}

/// Bytes this process has written with write calls, all threads (the writer's included).
fn bytes_written() -> u64 {
    std::fs::read_to_string("/proc/self/io")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("wchar:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap()
}

/// A batch changes a page per monitor. In a savepoint, SQLite also copied each of those pages
/// into a sub-journal, spilled to a temporary file past 64 KiB: more bytes written there than
/// to the write-ahead log. Now a batch writes its pages to the log and little else.
#[test]
fn a_batch_of_results_is_written_to_the_log_and_not_copied_aside() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let monitors: Vec<_> = (0..120)
        .map(|i| store.add_monitor(&monitor(&format!("m{i}"))).unwrap())
        .collect();
    // History enough that each monitor's rows fill pages of their own.
    for s in 0..250 {
        for &m in &monitors {
            store.record_check(m, &result(t(s), Status::Up, 10, ""));
        }
    }
    store.flush().unwrap();
    store.checkpoint().unwrap();
    let wal = sidecar(store.path(), "-wal");
    assert_eq!(
        std::fs::metadata(&wal).unwrap().len(),
        0,
        "the log starts empty"
    );

    let before = bytes_written();
    for &m in &monitors {
        store.record_check(m, &result(t(300), Status::Up, 10, ""));
    }
    store.flush().unwrap();
    let written = bytes_written() - before;
    let logged = std::fs::metadata(&wal).unwrap().len();
    assert!(
        logged > 100 * 4096,
        "a page per monitor at least: {logged} bytes"
    );
    assert!(
        written < logged + logged / 4,
        "{written} bytes written for a log of {logged}"
    );
}
