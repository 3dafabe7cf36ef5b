use super::*;

#[test]
fn check_results_are_batched() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let ids = store
        .add_monitors(
            &(0..10)
                .map(|i| monitor(&format!("m{i}")))
                .collect::<Vec<_>>(),
        )
        .unwrap();
    let before = store.stats().unwrap().write_transactions;
    for i in 0..5000 {
        let id = ids[i % ids.len()];
        store.record_check(id, &result(t(i as i64), Status::Up, 10, ""));
    }
    store.flush().unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.checks, 5000);
    let commits = stats.write_transactions - before;
    // 5 full batches of 1000, perhaps one by the timer; never one per result.
    assert!(
        (1..=7).contains(&commits),
        "{commits} commits for 5000 results"
    );
    // A flush with nothing queued commits nothing.
    store.flush().unwrap();
    assert_eq!(
        store.stats().unwrap().write_transactions,
        stats.write_transactions
    );
}

#[test]
fn results_are_committed_within_about_a_second_without_flush() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    store.record_check(id, &result(t(0), Status::Up, 10, ""));
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while store.recent_checks(id, t(-1)).unwrap().is_empty() {
        assert!(std::time::Instant::now() < deadline, "never committed");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_write_command_commits_the_queued_results_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    let before = store.stats().unwrap().write_transactions;
    store.record_check(id, &result(t(0), Status::Up, 10, ""));
    store.add_monitor(&monitor("n")).unwrap();
    assert_eq!(store.stats().unwrap().write_transactions, before + 1);
    assert_eq!(store.recent_checks(id, t(-1)).unwrap().len(), 1);
}

#[test]
fn dropping_the_last_handle_flushes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    let clone = store.clone();
    for i in 0..10 {
        clone.record_check(id, &result(t(i), Status::Up, 10, ""));
    }
    drop(store);
    drop(clone);
    let store = open(&dir);
    assert_eq!(store.recent_checks(id, t(-1)).unwrap().len(), 10);
}

#[test]
fn same_millisecond_results_do_not_fail_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    store.record_check(id, &result(t(0), Status::Up, 10, ""));
    store.record_check(id, &result(t(0), Status::Down, 20, "refused"));
    store.record_check(id, &result(t(1), Status::Up, 10, ""));
    store.flush().unwrap();
    let checks = store.recent_checks(id, t(-1)).unwrap();
    assert_eq!(checks.len(), 2);
    assert_eq!(checks[0].status, Status::Down);
}

#[test]
fn results_for_a_removed_monitor_are_dropped_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let gone = store.add_monitor(&monitor("gone")).unwrap();
    let kept = store.add_monitor(&monitor("kept")).unwrap();
    store.remove_monitor(gone).unwrap();
    store.record_check(gone, &result(t(0), Status::Down, 10, "x"));
    store.record_check(kept, &result(t(0), Status::Up, 10, ""));
    store.flush().unwrap();
    assert_eq!(store.recent_checks(kept, t(-1)).unwrap().len(), 1);
    assert_eq!(count(store.path(), "SELECT count(*) FROM checks"), 1);
}

#[test]
fn state_since_moves_only_when_status_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    let never = store.add_monitor(&monitor("never")).unwrap();
    let state = |store: &Store| {
        store
            .states()
            .unwrap()
            .into_iter()
            .find(|(i, _)| *i == id)
            .unwrap()
            .1
    };

    store.record_check(id, &result(t(0), Status::Up, 10, ""));
    store.record_check(id, &result(t(1), Status::Up, 12, ""));
    store.flush().unwrap();
    let s = state(&store);
    assert_eq!(
        (s.status, s.since, s.last_check),
        (Status::Up, Some(t(0)), Some(t(1)))
    );
    assert_eq!(s.latency_ms, Some(12));

    store.record_check(id, &result(t(2), Status::Up, 10, ""));
    store.flush().unwrap();
    assert_eq!(state(&store).since, Some(t(0)), "same status keeps since");

    store.record_check(id, &result(t(3), Status::Down, 10, "refused"));
    store.record_check(id, &result(t(4), Status::Down, 10, "refused again"));
    store.flush().unwrap();
    let s = state(&store);
    assert_eq!(
        (s.status, s.since, s.last_check),
        (Status::Down, Some(t(3)), Some(t(4)))
    );
    assert_eq!(s.reason, "refused again");

    // DOWN -> UP -> DOWN inside one batch: a new DOWN run, not the stored one.
    store.record_check(id, &result(t(5), Status::Up, 10, ""));
    store.record_check(id, &result(t(6), Status::Down, 10, "refused"));
    store.flush().unwrap();
    assert_eq!(state(&store).since, Some(t(6)));

    // A late, older result does not overwrite the newer state.
    store.record_check(id, &result(t(-10), Status::Up, 10, ""));
    store.flush().unwrap();
    let s = state(&store);
    assert_eq!((s.status, s.last_check), (Status::Down, Some(t(6))));

    let (_, n) = store
        .states()
        .unwrap()
        .into_iter()
        .find(|(i, _)| *i == never)
        .unwrap();
    assert_eq!(
        (n.status, n.since, n.last_check),
        (Status::Unknown, None, None)
    );
}

#[test]
fn rollups_count_across_batches() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    let hour = Utc.with_ymd_and_hms(2025, 3, 1, 10, 0, 0).unwrap();
    let at = |min: i64| hour + chrono::Duration::minutes(min);
    store.record_check(id, &result(at(1), Status::Up, 100, ""));
    store.record_check(id, &result(at(2), Status::Up, 200, ""));
    store.flush().unwrap();
    store.record_check(id, &result(at(3), Status::Degraded, 900, "slow"));
    store.record_check(id, &result(at(4), Status::Down, 5000, "timed out"));
    store.record_check(id, &result(at(61), Status::Down, 5000, "timed out"));
    store.flush().unwrap();

    let hourly = store.hourly_uptime(id, at(30)).unwrap();
    assert_eq!(hourly.len(), 2, "the bucket holding `since` is included");
    assert_eq!(hourly[0].start, hour);
    assert_eq!(
        (hourly[0].up, hourly[0].degraded, hourly[0].down),
        (2, 1, 1)
    );
    assert_eq!(hourly[0].avg_latency_ms, Some(400.0));
    assert_eq!((hourly[1].up, hourly[1].down), (0, 1));
    assert_eq!(hourly[1].avg_latency_ms, None);

    let daily = store.daily_uptime(id, hour).unwrap();
    assert_eq!(daily.len(), 1);
    assert_eq!(
        daily[0].start,
        Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 0).unwrap()
    );
    assert_eq!((daily[0].up, daily[0].degraded, daily[0].down), (2, 1, 2));

    assert_eq!(store.uptime_ratio(id, hour).unwrap(), Some(3.0 / 5.0));
    assert_eq!(store.uptime_ratio(id, at(24 * 60)).unwrap(), None);

    let (min, max): (i64, i64) = raw(store.path())
        .query_row(
            "SELECT latency_min, latency_max FROM rollup_hourly WHERE bucket_ms = ?1",
            [hour.timestamp_millis()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((min, max), (100, 900));

    let failed = store.failed_checks(id, hour, at(60)).unwrap();
    let reasons: Vec<_> = failed.iter().map(|c| c.reason.as_str()).collect();
    assert_eq!(reasons, ["slow", "timed out"]);
    assert_eq!(failed[1].latency_ms, 5000);
    // Interned: two distinct reasons, however many results carry them.
    assert_eq!(count(store.path(), "SELECT count(*) FROM reasons"), 2);
    assert_eq!(
        count(
            store.path(),
            "SELECT count(*) FROM checks WHERE reason_id IS NULL"
        ),
        2
    );
}

#[test]
fn retention_deletes_old_raw_results_but_keeps_rollups() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    let now = Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap();
    let days = |d: i64| now - chrono::Duration::days(d);
    store.record_check(id, &result(days(400), Status::Down, 10, "ancient"));
    store.record_check(id, &result(days(40), Status::Down, 10, "old reason"));
    store.record_check(id, &result(days(1), Status::Down, 10, "recent reason"));
    store.record_check(id, &result(days(0), Status::Up, 10, ""));
    store.flush().unwrap();

    store
        .run_retention(now, DEFAULT_RAW_RETENTION_DAYS)
        .unwrap();
    let left = store.recent_checks(id, days(1000)).unwrap();
    assert_eq!(left.len(), 2);
    assert_eq!(left[0].reason, "recent reason");
    let daily = store.daily_uptime(id, days(1000)).unwrap();
    assert_eq!(
        daily.len(),
        3,
        "the 40-day-old rollup stays, the 400-day-old one goes"
    );
    assert_eq!(daily[0].start.date_naive(), days(40).date_naive());
    let reasons: Vec<String> = raw(store.path())
        .prepare("SELECT text FROM reasons")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(reasons, ["recent reason"]);
}

#[test]
fn removing_a_monitor_keeps_its_incidents() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let id = store.add_monitor(&monitor("m")).unwrap();
    store.record_check(id, &result(t(0), Status::Down, 10, "x"));
    let inc = store.open_incident(&new_incident(id, t(0), t(5))).unwrap();
    store.remove_monitor(id).unwrap();
    for table in ["checks", "rollup_hourly", "rollup_daily", "monitor_state"] {
        assert_eq!(
            count(store.path(), &format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }
    let kept = store.incident(inc).unwrap();
    assert_eq!((kept.monitor_id, kept.monitor.as_str()), (id, "m"));
}
