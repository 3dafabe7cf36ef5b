//! Incident transitions at the storage level: at most one open incident per monitor and
//! rule, opens that can be retried, idempotent resolves and timeline entries.

use super::*;

fn resolved(at: DateTime<Utc>) -> IncidentEvent {
    IncidentEvent {
        at,
        kind: IncidentEventKind::Resolved,
        message: "back up".into(),
    }
}

#[test]
fn a_monitor_never_has_two_open_incidents_for_one_rule() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let m = store.add_monitor(&monitor("m")).unwrap();
    let first = store.open_incident(&new_incident(m, t(0), t(60))).unwrap();

    let e = store
        .open_incident(&new_incident(m, t(100), t(160)))
        .unwrap_err();
    assert!(
        matches!(e, StoreError::IncidentOpen { monitor, open } if monitor == m && open == first),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!("monitor {m} already has an open incident for this rule: incident {first}")
    );
    // Nothing of the refused one was written, timeline included.
    assert_eq!(count(store.path(), "SELECT count(*) FROM incidents"), 1);
    assert_eq!(
        count(store.path(), "SELECT count(*) FROM incident_events"),
        2
    );

    // Another rule, or a drill, may be open beside it.
    let mut degraded = new_incident(m, t(100), t(160));
    degraded.rule = RuleKind::Degraded;
    store.open_incident(&degraded).unwrap();
    let mut drill = new_incident(m, t(100), t(160));
    drill.simulated = true;
    store.open_incident(&drill).unwrap();

    // The database itself refuses, whoever writes.
    let e = raw(store.path())
        .execute(
            "INSERT INTO incidents (monitor_id, monitor, title, rule, severity, started_ms,
                                    detected_ms)
             VALUES (?1, 'm', 'again', 'down', 'critical', 0, 0)",
            [m.0],
        )
        .unwrap_err();
    assert!(e.to_string().contains("UNIQUE"), "{e}");

    // Once resolved, the next outage opens its own.
    store
        .resolve_incident(first, t(300), None, &resolved(t(300)))
        .unwrap();
    store
        .open_incident(&new_incident(m, t(1000), t(1060)))
        .unwrap();
}

#[test]
fn migration_8_closes_the_duplicate_open_incidents_an_older_lookout_left() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    {
        let mut c = raw(&path);
        c.pragma_update(None, "foreign_keys", true).unwrap();
        schema::migrations().to_version(&mut c, 7).unwrap();
        // Monitor 1: three open DOWN incidents (restarts that lost track), one open DEGRADED.
        // Monitor 2: one open, one resolved.
        c.execute_batch(
            "INSERT INTO incidents (id, monitor_id, monitor, title, rule, severity, started_ms,
                                    detected_ms, resolved_ms)
             VALUES (1, 1, 'a', 'a is DOWN', 'down', 'critical', 1000, 1000, NULL),
                    (2, 1, 'a', 'a is DOWN', 'down', 'critical', 5000, 5000, NULL),
                    (3, 1, 'a', 'a is DOWN', 'down', 'critical', 3000, 3000, NULL),
                    (4, 1, 'a', 'a is DEGRADED', 'degraded', 'warning', 2000, 2000, NULL),
                    (5, 2, 'b', 'b is DOWN', 'down', 'critical', 1000, 1000, NULL),
                    (6, 2, 'b', 'b is DOWN', 'down', 'critical', 500, 500, 900);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&path, "PRAGMA user_version"), 9);
    let state = |id: i64| {
        let inc = store.incident(IncidentId(id)).unwrap();
        (inc.state, inc.resolved_at.map(|r| r.timestamp_millis()))
    };
    // The newest stays open; the others end where it began.
    assert_eq!(state(2), (IncidentState::Open, None));
    assert_eq!(state(1), (IncidentState::Resolved, Some(5000)));
    assert_eq!(state(3), (IncidentState::Resolved, Some(5000)));
    assert_eq!(state(4), (IncidentState::Open, None));
    assert_eq!(state(5), (IncidentState::Open, None));
    assert_eq!(state(6), (IncidentState::Resolved, Some(900)));
    let note = &store.incident(IncidentId(1)).unwrap().events[0];
    assert_eq!(note.kind, IncidentEventKind::Note);
    assert!(
        note.message.starts_with("Closed by an upgrade"),
        "{}",
        note.message
    );
    assert!(store.incident(IncidentId(2)).unwrap().events.is_empty());
}

#[test]
fn an_open_under_a_chosen_id_can_be_retried_and_writes_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let m = store.add_monitor(&monitor("m")).unwrap();
    assert_eq!(store.next_incident_id().unwrap(), IncidentId(1));

    let new = new_incident(m, t(0), t(60));
    let id = IncidentId(7);
    assert_eq!(store.open_incident_with_id(id, &new).unwrap(), id);
    // A retry after an unknown outcome: the same answer, nothing written twice.
    assert_eq!(store.open_incident_with_id(id, &new).unwrap(), id);
    assert_eq!(count(store.path(), "SELECT count(*) FROM incidents"), 1);
    assert_eq!(store.incident(id).unwrap().events.len(), 2);
    assert_eq!(store.next_incident_id().unwrap(), IncidentId(8));

    // The id of another incident is refused, so is a second open one under a new id.
    let other = store.add_monitor(&monitor("other")).unwrap();
    let e = store
        .open_incident_with_id(id, &new_incident(other, t(5), t(5)))
        .unwrap_err();
    assert!(
        matches!(e, StoreError::IncidentIdTaken(i) if i == id),
        "{e:?}"
    );
    let e = store
        .open_incident_with_id(IncidentId(8), &new_incident(m, t(100), t(100)))
        .unwrap_err();
    assert!(
        matches!(e, StoreError::IncidentOpen { open, .. } if open == id),
        "{e:?}"
    );
    assert_eq!(store.next_incident_id().unwrap(), IncidentId(8));

    // Resolving twice (a retry, or another engine first) is one resolution.
    store
        .resolve_incident(id, t(300), None, &resolved(t(300)))
        .unwrap();
    store
        .resolve_incident(id, t(400), None, &resolved(t(400)))
        .unwrap();
    let inc = store.incident(id).unwrap();
    assert_eq!(inc.resolved_at, Some(t(300)));
    assert_eq!(
        inc.events
            .iter()
            .filter(|e| e.kind == IncidentEventKind::Resolved)
            .count(),
        1
    );
    // Open again after the resolution: the retry of the first open is still recognised.
    assert_eq!(store.open_incident_with_id(id, &new).unwrap(), id);
}

#[test]
fn a_timeline_entry_retried_is_written_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let m = store.add_monitor(&monitor("m")).unwrap();
    let id = store.open_incident(&new_incident(m, t(0), t(60))).unwrap();
    let sent = IncidentEvent {
        at: t(61),
        kind: IncidentEventKind::Notification,
        message: "alert sent to https://hooks.example/…".into(),
    };
    store.add_incident_event(id, &sent).unwrap();
    store.add_incident_event(id, &sent).unwrap();
    // The same words at another time are another entry.
    store
        .add_incident_event(
            id,
            &IncidentEvent {
                at: t(62),
                ..sent.clone()
            },
        )
        .unwrap();
    let n = store
        .incident(id)
        .unwrap()
        .events
        .iter()
        .filter(|e| e.kind == IncidentEventKind::Notification)
        .count();
    assert_eq!(n, 2);
    assert!(matches!(
        store.add_incident_event(IncidentId(99), &sent),
        Err(StoreError::NotFound(_))
    ));
}
