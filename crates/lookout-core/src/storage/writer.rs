//! The writer thread: the one connection that writes.
//!
//! Commands arrive on one channel, so they are applied in the order they were sent: a check
//! result queued before a write command is committed no later than that command. Check results
//! are buffered and committed together (one transaction per second at most, or at
//! [`BATCH_MAX`] results, or along with the next write command), because a commit per result
//! would be an fsync-bound write per check per monitor. Each batch also updates the hourly and
//! daily rollups and `monitor_state` in the same transaction, so the three never disagree.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, TransactionBehavior};

use super::{bucket, StoreError, MS_PER_DAY, MS_PER_HOUR};
use crate::model::Status;

/// Buffered check results are committed this long after the first of them arrived.
pub(super) const BATCH_INTERVAL: Duration = Duration::from_secs(1);
/// ... or as soon as this many are buffered.
pub(super) const BATCH_MAX: usize = 1000;
/// Results kept for a retry while the database is locked; beyond this the oldest are dropped
/// so a long lock cannot grow memory without bound.
const RETAIN_MAX: usize = 100_000;

/// One check result on its way to the `checks` table.
#[derive(Debug, Clone)]
pub(super) struct CheckRow {
    pub monitor_id: i64,
    pub at_ms: i64,
    pub status: Status,
    pub latency_ms: i64,
    pub reason: String,
}

pub(super) enum Cmd {
    Check(CheckRow),
    Job(Box<dyn WriteJob>),
    Flush(SyncSender<Result<(), StoreError>>),
    Checkpoint(SyncSender<Result<(), StoreError>>),
    Shutdown,
}

/// A write command with its reply channel, its result type erased.
pub(super) trait WriteJob: Send {
    /// Runs the command inside the transaction; `false` when it failed (its changes are then
    /// rolled back and the failure is reported by `finish`).
    fn run(&mut self, conn: &Connection) -> bool;
    /// Replies to the caller once the transaction's fate is known.
    fn finish(self: Box<Self>, commit: Result<(), StoreError>);
}

struct TypedJob<T, F> {
    f: Option<F>,
    result: Option<Result<T, StoreError>>,
    reply: SyncSender<Result<T, StoreError>>,
}

impl<T, F> WriteJob for TypedJob<T, F>
where
    T: Send,
    F: FnOnce(&Connection) -> Result<T, StoreError> + Send,
{
    fn run(&mut self, conn: &Connection) -> bool {
        let Some(f) = self.f.take() else { return false };
        let r = f(conn);
        let ok = r.is_ok();
        self.result = Some(r);
        ok
    }

    fn finish(self: Box<Self>, commit: Result<(), StoreError>) {
        let out = match (commit, self.result) {
            (Err(e), _) => Err(e),
            (Ok(()), Some(r)) => r,
            (Ok(()), None) => Err(StoreError::WriterGone),
        };
        // The caller may have given up waiting; nothing to do then.
        let _ = self.reply.send(out);
    }
}

/// Wraps `f` as a job and returns the channel its result will arrive on.
pub(super) fn job<T, F>(f: F) -> (Box<dyn WriteJob>, Receiver<Result<T, StoreError>>)
where
    T: Send + 'static,
    F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
{
    let (reply, rx) = mpsc::sync_channel(1);
    let job = TypedJob {
        f: Some(f),
        result: None,
        reply,
    };
    (Box::new(job), rx)
}

pub(super) fn spawn(
    conn: Connection,
    commits: Arc<AtomicU64>,
) -> std::io::Result<(Sender<Cmd>, JoinHandle<()>)> {
    let (tx, rx) = mpsc::channel();
    let writer = Writer {
        conn,
        pending: Vec::new(),
        deadline: None,
        commits,
    };
    let handle = std::thread::Builder::new()
        .name("lookout-db-writer".into())
        .spawn(move || writer.run(rx))?;
    Ok((tx, handle))
}

struct Writer {
    conn: Connection,
    pending: Vec<CheckRow>,
    /// When the pending results must be committed; `None` while there are none.
    deadline: Option<Instant>,
    commits: Arc<AtomicU64>,
}

impl Writer {
    fn run(mut self, rx: Receiver<Cmd>) {
        loop {
            let cmd = match self.deadline {
                None => rx.recv().ok(),
                Some(d) => match rx.recv_timeout(d.saturating_duration_since(Instant::now())) {
                    Ok(cmd) => Some(cmd),
                    Err(RecvTimeoutError::Timeout) => {
                        let _ = self.commit_pending();
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => None,
                },
            };
            match cmd {
                None | Some(Cmd::Shutdown) => break,
                Some(Cmd::Check(row)) => {
                    if self.pending.is_empty() {
                        self.deadline = Some(Instant::now() + BATCH_INTERVAL);
                    }
                    self.pending.push(row);
                    if self.pending.len() >= BATCH_MAX {
                        let _ = self.commit_pending();
                    }
                }
                Some(Cmd::Job(job)) => self.run_job(job),
                Some(Cmd::Flush(reply)) => {
                    let _ = reply.send(self.commit_pending());
                }
                Some(Cmd::Checkpoint(reply)) => {
                    let r = self.commit_pending().and_then(|()| self.checkpoint());
                    let _ = reply.send(r);
                }
            }
        }
        if let Err(e) = self.commit_pending() {
            tracing::error!(error = %e, "could not store the last check results on close");
        }
        tracing::debug!("database writer stopped");
    }

    /// Commits the buffered results on their own. Errors are logged here; the result is for
    /// [`super::Store::flush`].
    fn commit_pending(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            self.deadline = None;
            return Ok(());
        }
        let rows = std::mem::take(&mut self.pending);
        let tx = match self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
        {
            Ok(tx) => tx,
            Err(e) => {
                tracing::warn!(error = %e, rows = rows.len(), "cannot store check results yet; will retry");
                retain(&mut self.pending, &mut self.deadline, rows);
                return Err(e.into());
            }
        };
        if let Err(e) = write_batch(&tx, &rows) {
            // The rows themselves are at fault (or the file is); retrying would fail forever and
            // block every other write behind them.
            tracing::error!(error = %e, rows = rows.len(), "dropping check results that could not be stored");
            self.deadline = None;
            return Err(e.into());
        }
        match tx.commit() {
            Ok(()) => {
                self.commits.fetch_add(1, Ordering::Relaxed);
                self.deadline = None;
                Ok(())
            }
            Err(e) => {
                tracing::warn!(error = %e, rows = rows.len(), "cannot commit check results yet; will retry");
                retain(&mut self.pending, &mut self.deadline, rows);
                Err(e.into())
            }
        }
    }

    fn run_job(&mut self, mut job: Box<dyn WriteJob>) {
        let rows = std::mem::take(&mut self.pending);
        match job_transaction(&mut self.conn, &rows, job.as_mut()) {
            Ok(()) => {
                self.commits.fetch_add(1, Ordering::Relaxed);
                self.deadline = None;
                job.finish(Ok(()));
            }
            Err(e) => {
                if !rows.is_empty() {
                    retain(&mut self.pending, &mut self.deadline, rows);
                }
                job.finish(Err(e));
            }
        }
    }

    fn checkpoint(&self) -> Result<(), StoreError> {
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            tracing::debug!("checkpoint could not finish: a reader is still using the log");
        }
        Ok(())
    }
}

/// One transaction: the buffered results, then the job, each in a savepoint so that a failing
/// job does not lose the results and failing results do not block the job.
fn job_transaction(
    conn: &mut Connection,
    rows: &[CheckRow],
    job: &mut dyn WriteJob,
) -> Result<(), StoreError> {
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if !rows.is_empty() {
        let sp = tx.savepoint()?;
        match write_batch(&sp, rows) {
            Ok(()) => sp.commit()?,
            Err(e) => {
                tracing::error!(error = %e, rows = rows.len(), "dropping check results that could not be stored");
            }
        }
    }
    {
        let sp = tx.savepoint()?;
        if job.run(&sp) {
            sp.commit()?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Puts rows that could not be committed back in front of the buffer, for a retry.
fn retain(pending: &mut Vec<CheckRow>, deadline: &mut Option<Instant>, mut rows: Vec<CheckRow>) {
    rows.append(pending);
    if rows.len() > RETAIN_MAX {
        let excess = rows.len() - RETAIN_MAX;
        tracing::error!(
            dropped = excess,
            "the database has been unwritable too long; dropping the oldest check results"
        );
        rows.drain(..excess);
    }
    *pending = rows;
    *deadline = Some(Instant::now() + BATCH_INTERVAL);
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
            self.latency_sum += latency_ms;
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
        latency_sum = latency_sum + excluded.latency_sum,
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
        latency_sum = latency_sum + excluded.latency_sum,
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
fn write_batch(conn: &Connection, rows: &[CheckRow]) -> rusqlite::Result<()> {
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
