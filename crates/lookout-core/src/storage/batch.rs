//! One batch of check results, written: raw rows, the hourly and daily rollups and each
//! monitor's current state, in the caller's transaction, so the three never disagree.
//!
//! Rollup counts are summed in memory first, one UPSERT per bucket rather than per result.
//! Latency sums saturate at `i64::MAX`, in memory and in SQL (where an overflowing integer sum
//! would silently become a float the readers refuse).

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection};

use super::{bucket, MS_PER_DAY, MS_PER_HOUR};
use crate::model::Status;

/// One check result on its way to the `checks` table.
#[derive(Debug, Clone)]
pub(super) struct CheckRow {
    pub monitor_id: i64,
    pub at_ms: i64,
    pub status: Status,
    pub latency_ms: i64,
    pub reason: String,
}

/// Counts for one rollup bucket, summed in memory before one UPSERT per bucket.
#[derive(Debug, Default, Clone, Copy)]
struct Agg {
    up: i64,
    degraded: i64,
    down: i64,
    latency_sum: i64,
    latency_count: i64,
    latency_min: Option<i64>,
    latency_max: Option<i64>,
}

impl Agg {
    fn add(&mut self, status: Status, latency_ms: i64) {
        match status {
            Status::Up => self.up += 1,
            Status::Degraded => self.degraded += 1,
            Status::Down => self.down += 1,
            // Neither up nor down: maintenance is planned, not downtime.
            Status::Unknown | Status::Paused | Status::Maintenance | Status::Offline => return,
        }
        // A DOWN check's latency is usually the timeout: it says nothing about the service.
        if status != Status::Down {
            // Saturating: latencies are clamped when queued, but a sum must never panic the
            // writer whatever it is given.
            self.latency_sum = self.latency_sum.saturating_add(latency_ms);
            self.latency_count += 1;
            self.latency_min = Some(self.latency_min.map_or(latency_ms, |m| m.min(latency_ms)));
            self.latency_max = Some(self.latency_max.map_or(latency_ms, |m| m.max(latency_ms)));
        }
    }
}

const UPSERT_HOURLY: &str = "
    INSERT INTO rollup_hourly (monitor_id, bucket_ms, up, degraded, down,
                               latency_sum, latency_count, latency_min, latency_max)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
    ON CONFLICT (monitor_id, bucket_ms) DO UPDATE SET
        up = up + excluded.up,
        degraded = degraded + excluded.degraded,
        down = down + excluded.down,
        latency_sum = min(latency_sum + excluded.latency_sum, 9223372036854775807),
        latency_count = latency_count + excluded.latency_count,
        latency_min = coalesce(min(latency_min, excluded.latency_min), latency_min, excluded.latency_min),
        latency_max = coalesce(max(latency_max, excluded.latency_max), latency_max, excluded.latency_max)";

const UPSERT_DAILY: &str = "
    INSERT INTO rollup_daily (monitor_id, bucket_ms, up, degraded, down,
                              latency_sum, latency_count, latency_min, latency_max)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
    ON CONFLICT (monitor_id, bucket_ms) DO UPDATE SET
        up = up + excluded.up,
        degraded = degraded + excluded.degraded,
        down = down + excluded.down,
        latency_sum = min(latency_sum + excluded.latency_sum, 9223372036854775807),
        latency_count = latency_count + excluded.latency_count,
        latency_min = coalesce(min(latency_min, excluded.latency_min), latency_min, excluded.latency_min),
        latency_max = coalesce(max(latency_max, excluded.latency_max), latency_max, excluded.latency_max)";

/// `since_ms` moves only when the status changes. `?7` says the batch's trailing run of the
/// latest status covers the whole batch, i.e. it may continue the stored run; `WHERE` keeps a
/// late, out-of-order result from overwriting a newer state.
const UPSERT_STATE: &str = "
    INSERT INTO monitor_state (monitor_id, status, since_ms, last_check_ms, latency_ms, reason)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6)
    ON CONFLICT (monitor_id) DO UPDATE SET
        since_ms = CASE WHEN monitor_state.status = excluded.status AND ?7
                        THEN monitor_state.since_ms ELSE excluded.since_ms END,
        status = excluded.status,
        last_check_ms = excluded.last_check_ms,
        latency_ms = excluded.latency_ms,
        reason = excluded.reason
    WHERE excluded.last_check_ms >= monitor_state.last_check_ms";

/// Writes one batch of results: raw rows, rollups and current states.
pub(super) fn write_batch(conn: &Connection, rows: &[CheckRow]) -> rusqlite::Result<()> {
    // A result can arrive just after its monitor was removed; a foreign-key failure would sink
    // the whole batch, so such results are skipped instead.
    let mut exists = HashMap::<i64, bool>::new();
    {
        let mut stmt =
            conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM monitors WHERE id = ?1)")?;
        for r in rows {
            if let Entry::Vacant(slot) = exists.entry(r.monitor_id) {
                slot.insert(stmt.query_row([r.monitor_id], |row| row.get(0))?);
            }
        }
    }
    let mut live: Vec<&CheckRow> = rows
        .iter()
        .filter(|r| exists.get(&r.monitor_id).copied().unwrap_or(false))
        .collect();
    if live.len() < rows.len() {
        tracing::debug!(
            skipped = rows.len() - live.len(),
            "check results for removed monitors skipped"
        );
    }
    // Key order: each monitor's rows land together in the clustered table, and each monitor's
    // run of rows is in time order for the state below.
    live.sort_by_key(|r| (r.monitor_id, r.at_ms));

    let mut reason_ids = HashMap::<&str, i64>::new();
    {
        let mut insert_reason = conn.prepare_cached(
            "INSERT INTO reasons (text) VALUES (?1) ON CONFLICT (text) DO NOTHING",
        )?;
        let mut reason_id = conn.prepare_cached("SELECT id FROM reasons WHERE text = ?1")?;
        let mut insert_check = conn.prepare_cached(
            "INSERT OR REPLACE INTO checks (monitor_id, at_ms, status, latency_ms, reason_id)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for r in &live {
            let rid = if r.reason.is_empty() {
                None
            } else if let Some(id) = reason_ids.get(r.reason.as_str()) {
                Some(*id)
            } else {
                insert_reason.execute([&r.reason])?;
                let id: i64 = reason_id.query_row([&r.reason], |row| row.get(0))?;
                reason_ids.insert(&r.reason, id);
                Some(id)
            };
            insert_check.execute(params![
                r.monitor_id,
                r.at_ms,
                r.status.code(),
                r.latency_ms,
                rid
            ])?;
        }
    }

    let mut hourly = BTreeMap::<(i64, i64), Agg>::new();
    let mut daily = BTreeMap::<(i64, i64), Agg>::new();
    for r in &live {
        hourly
            .entry((r.monitor_id, bucket(r.at_ms, MS_PER_HOUR)))
            .or_default()
            .add(r.status, r.latency_ms);
        daily
            .entry((r.monitor_id, bucket(r.at_ms, MS_PER_DAY)))
            .or_default()
            .add(r.status, r.latency_ms);
    }
    for (sql, buckets) in [(UPSERT_HOURLY, &hourly), (UPSERT_DAILY, &daily)] {
        let mut stmt = conn.prepare_cached(sql)?;
        for ((id, start), a) in buckets {
            if a.up + a.degraded + a.down == 0 {
                continue;
            }
            stmt.execute(params![
                id,
                start,
                a.up,
                a.degraded,
                a.down,
                a.latency_sum,
                a.latency_count,
                a.latency_min,
                a.latency_max
            ])?;
        }
    }

    let mut upsert_state = conn.prepare_cached(UPSERT_STATE)?;
    for run in live.chunk_by(|a, b| a.monitor_id == b.monitor_id) {
        let Some(last) = run.last() else { continue };
        let streak = run
            .iter()
            .rev()
            .take_while(|r| r.status == last.status)
            .count();
        let since = run[run.len() - streak].at_ms;
        let whole_batch = streak == run.len();
        upsert_state.execute(params![
            last.monitor_id,
            last.status.code(),
            since,
            last.at_ms,
            last.latency_ms,
            last.reason,
            whole_batch
        ])?;
    }
    Ok(())
}
