use super::*;

#[test]
fn incidents_open_ack_resolve_filter_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let a = store.add_monitor(&monitor("a")).unwrap();
    let b = store.add_monitor(&monitor("b")).unwrap();

    let first = store.open_incident(&new_incident(a, t(0), t(60))).unwrap();
    let second = store
        .open_incident(&new_incident(b, t(100), t(120)))
        .unwrap();

    store
        .add_incident_event(
            first,
            &IncidentEvent {
                at: t(90),
                kind: IncidentEventKind::Reminder,
                message: "still down".into(),
            },
        )
        .unwrap();
    store
        .acknowledge_incident(first, t(95), Some("looking"))
        .unwrap();
    store.add_note(first, t(96), "it was DNS").unwrap();
    let resolved = IncidentEvent {
        at: t(300),
        kind: IncidentEventKind::Resolved,
        message: "back up".into(),
    };
    store
        .resolve_incident(first, t(300), None, &resolved)
        .unwrap();
    // A second resolution (another engine got there first) changes nothing.
    store
        .resolve_incident(first, t(400), None, &resolved)
        .unwrap();
    store
        .resolve_incident(
            second,
            t(200),
            None,
            &IncidentEvent {
                at: t(200),
                kind: IncidentEventKind::Resolved,
                message: "back up".into(),
            },
        )
        .unwrap();
    // a's next outage: its first incident is resolved, so this one may open.
    let third = store
        .open_incident(&new_incident(a, t(1000), t(1030)))
        .unwrap();

    let inc = store.incident(first).unwrap();
    assert_eq!(inc.state, IncidentState::Resolved);
    assert_eq!(inc.resolved_at, Some(t(300)));
    assert_eq!(inc.acknowledged_at, Some(t(95)));
    assert_eq!(
        (inc.rule, inc.severity),
        (RuleKind::Down, Severity::Critical)
    );
    let kinds: Vec<_> = inc.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            IncidentEventKind::FirstFailure,
            IncidentEventKind::Triggered,
            IncidentEventKind::Reminder,
            IncidentEventKind::Acknowledged,
            IncidentEventKind::Note,
            IncidentEventKind::Note,
            IncidentEventKind::Resolved,
        ]
    );
    assert_eq!(inc.events[4].message, "looking");

    let all = store.incidents(&IncidentFilter::default()).unwrap();
    let order: Vec<_> = all.iter().map(|i| i.id).collect();
    assert_eq!(
        order,
        [third, second, first],
        "open first, then newest started"
    );
    let open = store
        .incidents(&IncidentFilter {
            open_only: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(open.iter().map(|i| i.id).collect::<Vec<_>>(), [third]);
    let of_a = store
        .incidents(&IncidentFilter {
            monitor: Some(a),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        of_a.iter().map(|i| i.id).collect::<Vec<_>>(),
        [third, first]
    );
    let since = store
        .incidents(&IncidentFilter {
            since: Some(t(250)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        since.iter().map(|i| i.id).collect::<Vec<_>>(),
        [third, first]
    );
    let limited = store
        .incidents(&IncidentFilter {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(limited.len(), 1);

    let stats = store.incident_stats(None, t(0), t(2000)).unwrap();
    assert_eq!((stats.count, stats.resolved), (3, 2));
    // (300 + 100) / 2 and (60 + 20 + 30) / 3
    assert_eq!(stats.mttr_s, Some(200.0));
    let mttd = stats.mttd_s.unwrap();
    assert!((mttd - 110.0 / 3.0).abs() < 1e-9, "{mttd}");
    let stats = store.incident_stats(Some(b), t(0), t(2000)).unwrap();
    assert_eq!(
        (stats.count, stats.mttr_s, stats.mttd_s),
        (1, Some(100.0), Some(20.0))
    );
    let none = store.incident_stats(None, t(5000), t(6000)).unwrap();
    assert_eq!(none, IncidentStats::default());

    let missing = IncidentId(999);
    let e = store.incident(missing).unwrap_err();
    assert!(matches!(&e, StoreError::NotFound(w) if w == "incident 999"));
    assert_eq!(e.to_string(), "incident 999 not found");
    assert!(matches!(
        store.add_note(missing, t(0), "x"),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.acknowledge_incident(missing, t(0), None),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.resolve_incident(missing, t(0), None, &resolved),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn engine_requests_are_claimed_once_answered_cancelled_and_expired() {
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    assert!(!store.has_pending_requests().unwrap());
    let a = store.add_request(RequestKind::SimulateOutage, id).unwrap();
    let b = store.add_request(RequestKind::SimulateOutage, id).unwrap();
    assert!(store.has_pending_requests().unwrap());
    // The asker withdraws b before the engine looks.
    assert!(store.cancel_request(b).unwrap());
    let claimed = store.claim_requests(Duration::from_secs(30)).unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!((claimed[0].id, claimed[0].monitor_id), (a, id));
    assert_eq!(store.request_state(a).unwrap(), RequestState::Running);
    assert!(!store.cancel_request(a).unwrap(), "too late once claimed");
    assert!(store
        .claim_requests(Duration::from_secs(30))
        .unwrap()
        .is_empty());
    store.finish_request(a, Ok("{}".into())).unwrap();
    assert_eq!(
        store.request_state(a).unwrap(),
        RequestState::Done("{}".into())
    );
    assert_eq!(store.request_state(b).unwrap(), RequestState::Cancelled);

    // Left pending too long (its asker died): never run.
    let c = store.add_request(RequestKind::SimulateOutage, id).unwrap();
    raw(store.path())
        .execute(
            "UPDATE engine_requests SET created_ms = created_ms - 60000 WHERE id = ?1",
            [c],
        )
        .unwrap();
    assert!(store
        .claim_requests(Duration::from_secs(30))
        .unwrap()
        .is_empty());
    assert_eq!(store.request_state(c).unwrap(), RequestState::Expired);
    assert!(matches!(
        store.request_state(12345),
        Err(StoreError::NotFound(_))
    ));

    // Answered rows go with retention after a day; a pending one stays.
    let d = store.add_request(RequestKind::SimulateOutage, id).unwrap();
    store
        .run_retention(Utc::now() + chrono::Duration::days(2), 30)
        .unwrap();
    assert_eq!(
        count(store.path(), "SELECT count(*) FROM engine_requests"),
        1
    );
    assert_eq!(store.request_state(d).unwrap(), RequestState::Pending);
}

#[test]
fn drills_are_listed_marked_and_left_out_of_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    let real = store.open_incident(&new_incident(id, t(0), t(60))).unwrap();
    let resolved = |at| IncidentEvent {
        at,
        kind: IncidentEventKind::Resolved,
        message: "back up".into(),
    };
    store
        .resolve_incident(real, t(300), None, &resolved(t(300)))
        .unwrap();
    let before = store.incident_stats(None, t(0), t(2000)).unwrap();
    let of_m = store.incident_stats(Some(id), t(0), t(2000)).unwrap();

    let mut new = new_incident(id, t(1000), t(1000));
    new.simulated = true;
    let drill = store.open_incident(&new).unwrap();
    store
        .resolve_incident(drill, t(1001), None, &resolved(t(1001)))
        .unwrap();

    assert_eq!(store.incident_stats(None, t(0), t(2000)).unwrap(), before);
    assert_eq!(store.incident_stats(Some(id), t(0), t(2000)).unwrap(), of_m);
    assert_eq!(
        (before.count, before.mttr_s, before.mttd_s),
        (1, Some(300.0), Some(60.0))
    );
    let got = store.incident(drill).unwrap();
    assert!(got.simulated);
    assert_eq!(got.events.len(), 3, "its timeline: {:?}", got.events);
    assert!(!store.incident(real).unwrap().simulated);

    let ids = |simulated| {
        store
            .incidents(&IncidentFilter {
                simulated,
                ..Default::default()
            })
            .unwrap()
            .iter()
            .map(|i| (i.id, i.simulated))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(None), [(drill, true), (real, false)]);
    assert_eq!(ids(Some(false)), [(real, false)]);
    assert_eq!(ids(Some(true)), [(drill, true)]);
    // The other filters still apply beside it.
    let open_drills = store
        .incidents(&IncidentFilter {
            open_only: true,
            simulated: Some(true),
            ..Default::default()
        })
        .unwrap();
    assert!(open_drills.is_empty());
}

#[test]
fn migration_6_marks_the_drills_recorded_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    // Lookout before migration 6: a real incident and a drill, told apart only by the note
    // the drill put on its timeline.
    {
        let mut c = raw(&path);
        c.pragma_update(None, "foreign_keys", true).unwrap();
        schema::migrations().to_version(&mut c, 5).unwrap();
        c.execute_batch(
            "INSERT INTO incidents (id, monitor_id, monitor, title, rule, severity, started_ms,
                                    detected_ms, resolved_ms, failures, failure_threshold)
             VALUES (1, 1, 'm', 'm is DOWN', 'down', 'critical', 1700000000000, 1700000060000,
                     1700000300000, 3, 3),
                    (2, 1, 'm', 'm is DOWN', 'down', 'critical', 1700001000000, 1700001000000,
                     1700001001000, 3, 3);
             INSERT INTO incident_events (incident_id, at_ms, kind, message)
             VALUES (1, 1700000100000, 'note', 'the simulated outage of last week was fine'),
                    (2, 1700001000000, 'note', 'This incident is a simulated outage (self-test)');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&path, "PRAGMA user_version"), 9);
    assert!(!store.incident(IncidentId(1)).unwrap().simulated);
    assert!(store.incident(IncidentId(2)).unwrap().simulated);
    let stats = store.incident_stats(None, t(0), t(2000)).unwrap();
    assert_eq!((stats.count, stats.mttr_s), (1, Some(300.0)));
}

#[test]
fn incidents_from_before_the_rule_numbers_had_columns_have_none_and_new_ones_carry_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    // A database as Lookout left it before migration 4, with one incident in it.
    {
        let mut c = raw(&path);
        c.pragma_update(None, "foreign_keys", true).unwrap();
        schema::migrations().to_version(&mut c, 3).unwrap();
        c.execute_batch(
            "INSERT INTO incidents (id, monitor_id, monitor, title, rule, severity, started_ms,
                                    detected_ms, resolved_ms)
             VALUES (1, 1, 'm', 'm is DOWN', 'down', 'critical', 1700000000000, 1700000002000,
                     1700000100000);
             INSERT INTO incident_events (incident_id, at_ms, kind, message)
             VALUES (1, 1700000002000, 'triggered',
                     'DOWN rule triggered after 2 failed checks (failure threshold 2): refused');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&path, "PRAGMA user_version"), 9);
    let old = store.incident(IncidentId(1)).unwrap();
    assert_eq!((old.failures, old.failure_threshold), (None, None));
    // The report reads them back out of the timeline (report::RuleFired::of).
    assert!(old.events[0]
        .message
        .contains("2 failed checks (failure threshold 2)"));

    // A new one carries its numbers, whatever its timeline's text says.
    let id = store.add_monitor(&monitor("m")).unwrap();
    let mut new = new_incident(id, t(10), t(12));
    (new.failures, new.failure_threshold) = (5, 4);
    let inc = store.open_incident(&new).unwrap();
    let got = store.incident(inc).unwrap();
    assert_eq!((got.failures, got.failure_threshold), (Some(5), Some(4)));
    let listed = store.incidents(&IncidentFilter::default()).unwrap();
    assert!(listed
        .iter()
        .any(|i| i.id == inc && i.failures == Some(5) && i.failure_threshold == Some(4)));
}
