//! Check results: queueing them, reading them back raw and rolled up, and retention.
//!
//! Raw rows answer "what happened at 14:03" for [`DEFAULT_RAW_RETENTION_DAYS`]; the hourly and
//! daily rollups (kept [`ROLLUP_RETENTION_DAYS`]) answer uptime and latency questions over
//! long periods without scanning raw rows. Buckets are UTC hours and UTC days.

use chrono::{DateTime, Utc};
use rusqlite::{params, Row};

use super::batch::CheckRow;
use super::writer::{Cmd, Nudge};
#[cfg(doc)]
use super::DEFAULT_RAW_RETENTION_DAYS;
use super::{
    bucket, from_ms, to_ms, Store, StoreError, StoredCheck, UptimeBucket, MS_PER_DAY, MS_PER_HOUR,
    ROLLUP_RETENTION_DAYS,
};
use crate::field::defaults;
use crate::model::{CheckResult, MonitorId, Status};

impl Store {
    /// Queues a check result for the writer; never waits for SQLite. It is committed within
    /// about a second, with the rollups and the monitor's state. Results for a monitor that no
    /// longer exists are dropped.
    pub fn record_check(&self, id: MonitorId, r: &CheckResult) {
        let row = CheckRow {
            monitor_id: id.0,
            at_ms: to_ms(r.at),
            status: r.status,
            // Clamped: no check lasts longer, and the rollups add latencies up.
            latency_ms: r.latency.min(defaults::MAX_LATENCY).as_millis() as i64,
            reason: r.reason.clone(),
        };
        let nudge = self.inner.shared.inbox.put(row);
        if nudge == Nudge::Wake && self.send(Cmd::Results).is_err() {
            tracing::warn!(
                monitor_id = id.0,
                "check result lost: the database writer has stopped"
            );
        }
    }

    /// Returns once every result queued before this call is committed.
    pub fn flush(&self) -> Result<(), StoreError> {
        let (reply, rx) = std::sync::mpsc::sync_channel(1);
        self.send(Cmd::Flush(reply))?;
        self.wait(rx)
    }

    /// Raw results at or after `since`, oldest first.
    pub fn recent_checks(
        &self,
        id: MonitorId,
        since: DateTime<Utc>,
    ) -> Result<Vec<StoredCheck>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT c.at_ms, c.status, c.latency_ms, r.text
                 FROM checks c LEFT JOIN reasons r ON r.id = c.reason_id
                 WHERE c.monitor_id = ?1 AND c.at_ms >= ?2
                 ORDER BY c.at_ms",
            )?;
            let rows = stmt.query_map(params![id.0, to_ms(since)], stored_check)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// DOWN and DEGRADED raw results in `[from, to)`, oldest first, for reports.
    pub fn failed_checks(
        &self,
        id: MonitorId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<StoredCheck>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT c.at_ms, c.status, c.latency_ms, r.text
                 FROM checks c LEFT JOIN reasons r ON r.id = c.reason_id
                 WHERE c.monitor_id = ?1 AND c.at_ms >= ?2 AND c.at_ms < ?3
                   AND c.status IN (?4, ?5)
                 ORDER BY c.at_ms",
            )?;
            let rows = stmt.query_map(
                params![
                    id.0,
                    to_ms(from),
                    to_ms(to),
                    Status::Degraded.code(),
                    Status::Down.code()
                ],
                stored_check,
            )?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Hourly buckets from the one holding `since` on, oldest first; hours without checks are
    /// absent.
    pub fn hourly_uptime(
        &self,
        id: MonitorId,
        since: DateTime<Utc>,
    ) -> Result<Vec<UptimeBucket>, StoreError> {
        self.buckets(
            "SELECT bucket_ms, up, degraded, down, latency_sum, latency_count
             FROM rollup_hourly WHERE monitor_id = ?1 AND bucket_ms >= ?2 ORDER BY bucket_ms",
            id,
            bucket(to_ms(since), MS_PER_HOUR),
        )
    }

    /// Daily (UTC) buckets from the one holding `since` on, oldest first; days without checks
    /// are absent.
    pub fn daily_uptime(
        &self,
        id: MonitorId,
        since: DateTime<Utc>,
    ) -> Result<Vec<UptimeBucket>, StoreError> {
        self.buckets(
            "SELECT bucket_ms, up, degraded, down, latency_sum, latency_count
             FROM rollup_daily WHERE monitor_id = ?1 AND bucket_ms >= ?2 ORDER BY bucket_ms",
            id,
            bucket(to_ms(since), MS_PER_DAY),
        )
    }

    /// `(up + degraded) / total` since the hour holding `since`, from the hourly rollups;
    /// `None` without checks.
    pub fn uptime_ratio(
        &self,
        id: MonitorId,
        since: DateTime<Utc>,
    ) -> Result<Option<f64>, StoreError> {
        let (ok, total): (i64, i64) = self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT coalesce(sum(up + degraded), 0), coalesce(sum(up + degraded + down), 0)
                 FROM rollup_hourly WHERE monitor_id = ?1 AND bucket_ms >= ?2",
            )?
            .query_row(params![id.0, bucket(to_ms(since), MS_PER_HOUR)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })?;
        Ok((total > 0).then(|| ok as f64 / total as f64))
    }

    /// Deletes raw results older than `raw_days` before `now`, rollups older than
    /// [`ROLLUP_RETENTION_DAYS`], and failure reasons no result uses any more, then gives the
    /// freed pages back to the file system.
    pub fn run_retention(&self, now: DateTime<Utc>, raw_days: u32) -> Result<(), StoreError> {
        let raw_cutoff = to_ms(now) - i64::from(raw_days) * MS_PER_DAY;
        let rollup_cutoff = to_ms(now) - i64::from(ROLLUP_RETENTION_DAYS) * MS_PER_DAY;
        self.write(move |c| {
            // `monitor_id IN (...)` lets each delete walk the clustered key per monitor instead
            // of scanning the whole table.
            let raw = c.execute(
                "DELETE FROM checks WHERE monitor_id IN (SELECT id FROM monitors) AND at_ms < ?1",
                [raw_cutoff],
            )?;
            let mut rollups = 0;
            for table in ["rollup_hourly", "rollup_daily"] {
                rollups += c.execute(
                    &format!(
                        "DELETE FROM {table}
                         WHERE monitor_id IN (SELECT id FROM monitors) AND bucket_ms < ?1"
                    ),
                    [rollup_cutoff],
                )?;
            }
            let reasons = c.execute(
                "DELETE FROM reasons WHERE id NOT IN
                     (SELECT reason_id FROM checks WHERE reason_id IS NOT NULL)",
                [],
            )?;
            Store::prune_requests(c, to_ms(now))?;
            c.execute_batch("PRAGMA incremental_vacuum")?;
            tracing::info!(raw, rollups, reasons, "retention done");
            Ok(())
        })
    }

    fn buckets(
        &self,
        sql: &'static str,
        id: MonitorId,
        start_ms: i64,
    ) -> Result<Vec<UptimeBucket>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(sql)?;
            let rows = stmt.query_map(params![id.0, start_ms], |r| {
                let sum: i64 = r.get(4)?;
                let count: i64 = r.get(5)?;
                Ok(UptimeBucket {
                    start: from_ms(r.get(0)?),
                    up: r.get::<_, i64>(1)?.max(0) as u64,
                    degraded: r.get::<_, i64>(2)?.max(0) as u64,
                    down: r.get::<_, i64>(3)?.max(0) as u64,
                    avg_latency_ms: (count > 0).then(|| sum as f64 / count as f64),
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }
}

fn stored_check(r: &Row<'_>) -> rusqlite::Result<StoredCheck> {
    Ok(StoredCheck {
        at: from_ms(r.get(0)?),
        status: Status::from_code(r.get(1)?),
        latency_ms: r.get::<_, i64>(2)?.max(0) as u64,
        reason: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::monitor::Monitor;
    use crate::spec::MonitorSpec;

    #[test]
    fn absurd_latencies_are_clamped_and_rollup_sums_do_not_overflow() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("lookout.db")).unwrap();
        let m = Monitor::try_from(MonitorSpec {
            name: "api".into(),
            target: "tcp://127.0.0.1:80".into(),
            ..Default::default()
        })
        .unwrap();
        let id = store.add_monitor(&m).unwrap();
        // Mid-hour, so the three results share their hourly and daily buckets.
        let at = DateTime::from_timestamp(1_790_000_000 / 3600 * 3600 + 600, 0).unwrap();
        for (i, latency) in [Duration::MAX, Duration::MAX, Duration::from_millis(10)]
            .into_iter()
            .enumerate()
        {
            let r = CheckResult {
                at: at + chrono::Duration::milliseconds(i as i64),
                status: Status::Up,
                latency,
                reason: String::new(),
                details: serde_json::Value::Null,
            };
            store.record_check(id, &r);
            // One batch each, so the database's sum is exercised as well as the batch's.
            store.flush().unwrap();
        }
        let max = defaults::MAX_LATENCY.as_millis() as u64;
        let raw = store.recent_checks(id, at).unwrap();
        assert_eq!(raw[0].latency_ms, max);
        for buckets in [
            store.hourly_uptime(id, at).unwrap(),
            store.daily_uptime(id, at).unwrap(),
        ] {
            assert_eq!(buckets.len(), 1);
            let avg = buckets[0].avg_latency_ms.unwrap();
            assert_eq!(avg, (2 * max + 10) as f64 / 3.0);
        }
    }
}
