//! The writer thread: the one connection that writes.
//!
//! Commands arrive on one channel, in the order they were sent. Check results do not: they are
//! put in the shared [`Inbox`], and only the first of a batch sends a [`Cmd::Results`] to wake
//! the thread, which takes them all when the batch is due. With a send per result the writer
//! thread was woken a hundred times a second for 1,000 monitors at 10 s; now once a batch. Every command
//! takes the inbox first, so a result recorded before a write command is committed no later
//! than that command. Results are committed together (one transaction per second at most, or at
//! [`BATCH_MAX`] results, or along with the next write command), because a commit per result
//! would be an fsync-bound write per check per monitor.
//!
//! A write that fails because of the file, the disk or a lock (disk full, I/O error, another
//! process's lock) loses nothing: the results stay in a bounded buffer ([`BUFFER_MAX`], the
//! oldest dropped and counted beyond it) and are retried with backoff until the database takes
//! them, and the fault is published as [`StorageHealth`]. A result that is itself bad is
//! dropped alone: its batch is retried one result at a time.
//!
//! Write commands that record an incident's transition ask for a durable commit
//! (`synchronous=FULL` for that transaction, so the write-ahead log is synced before the
//! caller hears of it and a power cut cannot take it back); check results stay at NORMAL,
//! where a power cut may lose the last second of them but never corrupts the file.

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use tokio::sync::watch;

use super::batch::{write_batch, CheckRow};
use super::error::{classify, file_level};
use super::health::{describe, is_fault, StorageHealth};
use super::StoreError;

/// Buffered check results are committed this long after the first of them arrived.
pub(super) const BATCH_INTERVAL: Duration = Duration::from_secs(1);
/// ... or as soon as this many are buffered.
pub(super) const BATCH_MAX: usize = 1000;
/// Results kept for a retry while the database cannot be written; beyond this the oldest are
/// dropped (and counted) so a long fault cannot grow memory without bound. About 10 MB; 100
/// minutes of 1,000 monitors checked every minute.
pub(super) const BUFFER_MAX: usize = 100_000;
/// The longest wait between two attempts while the database cannot be written: a disk that
/// has space again is written within this.
pub(super) const RETRY_MAX: Duration = Duration::from_secs(5);

pub(super) enum Cmd {
    /// Results are waiting in the inbox: the first of a batch, or a full batch.
    Results,
    Job(Box<dyn WriteJob>),
    Flush(SyncSender<Result<(), StoreError>>),
    Checkpoint(SyncSender<Result<(), StoreError>>),
    Shutdown,
}

/// What the writer shares with the `Store` handles.
pub(super) struct Shared {
    /// Commits made since the store was opened.
    pub commits: AtomicU64,
    /// Of those, the ones made with a full sync.
    pub durable_commits: AtomicU64,
    pub health: watch::Sender<StorageHealth>,
    /// Results recorded and not yet taken by the writer.
    pub inbox: Inbox,
}

/// Check results on their way to the writer thread, so that recording one seldom wakes it.
#[derive(Default)]
pub(super) struct Inbox {
    rows: std::sync::Mutex<Vec<CheckRow>>,
}

/// What [`Inbox::put`] asks of the caller.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Nudge {
    /// The writer knows results are waiting: nothing to send.
    None,
    /// The first result since the writer last looked, or a full batch: send [`Cmd::Results`].
    Wake,
}

impl Inbox {
    pub fn put(&self, row: CheckRow) -> Nudge {
        let mut rows = self.rows.lock().unwrap_or_else(|p| p.into_inner());
        rows.push(row);
        if rows.len() == 1 || rows.len().is_multiple_of(BATCH_MAX) {
            Nudge::Wake
        } else {
            Nudge::None
        }
    }

    fn len(&self) -> usize {
        self.rows.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    fn take(&self) -> Vec<CheckRow> {
        std::mem::take(&mut *self.rows.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// A write command with its reply channel, its result type erased.
pub(super) trait WriteJob: Send {
    /// Runs the command inside the transaction; `false` when it failed (its changes are then
    /// rolled back and the failure is reported by `finish`).
    fn run(&mut self, conn: &Connection) -> bool;
    /// Whether its transaction must be synced to disk before the caller hears of it.
    fn durable(&self) -> bool;
    /// The command's own error, after a failed `run`.
    fn error(&self) -> Option<&StoreError>;
    /// Replies to the caller once the transaction's fate is known.
    fn finish(self: Box<Self>, commit: Result<(), StoreError>);
}

struct TypedJob<T, F> {
    f: Option<F>,
    durable: bool,
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

    fn durable(&self) -> bool {
        self.durable
    }

    fn error(&self) -> Option<&StoreError> {
        self.result.as_ref().and_then(|r| r.as_ref().err())
    }

    fn finish(self: Box<Self>, commit: Result<(), StoreError>) {
        let out = match (commit, self.result) {
            // The command's own failure is the cause when there is one (a full disk seen by
            // its INSERT rather than the commit's "no transaction is active" that follows).
            (Err(_), Some(Err(own))) => Err(own),
            (Err(e), _) => Err(e),
            (Ok(()), Some(r)) => r,
            (Ok(()), None) => Err(StoreError::WriterGone),
        };
        // The caller may have given up waiting; nothing to do then.
        let _ = self.reply.send(out);
    }
}

/// Wraps `f` as a job and returns the channel its result will arrive on.
pub(super) fn job<T, F>(f: F, durable: bool) -> (Box<dyn WriteJob>, Receiver<Result<T, StoreError>>)
where
    T: Send + 'static,
    F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
{
    let (reply, rx) = mpsc::sync_channel(1);
    let job = TypedJob {
        f: Some(f),
        durable,
        result: None,
        reply,
    };
    (Box::new(job), rx)
}

pub(super) fn spawn(
    conn: Connection,
    path: PathBuf,
    shared: Arc<Shared>,
    buffer_max: usize,
) -> std::io::Result<(Sender<Cmd>, JoinHandle<()>)> {
    let (tx, rx) = mpsc::channel();
    let writer = Writer {
        conn,
        path,
        pending: VecDeque::new(),
        buffer_max,
        deadline: None,
        fault: None,
        dropped: 0,
        rejected: 0,
        panics: 0,
        panic: None,
        shared,
    };
    let handle = std::thread::Builder::new()
        .name("lookout-db-writer".into())
        .spawn(move || writer.run(rx))?;
    Ok((tx, handle))
}

/// A write failure that has not cleared yet.
struct Fault {
    since: DateTime<Utc>,
    text: String,
    attempts: u32,
}

struct Writer {
    conn: Connection,
    path: PathBuf,
    pending: VecDeque<CheckRow>,
    /// [`BUFFER_MAX`], but for tests.
    buffer_max: usize,
    /// When the pending results must be committed (or retried); `None` while there are none.
    deadline: Option<Instant>,
    fault: Option<Fault>,
    dropped: u64,
    rejected: u64,
    panics: u64,
    panic: Option<String>,
    shared: Arc<Shared>,
}

impl Writer {
    fn run(mut self, rx: Receiver<Cmd>) {
        loop {
            let cmd = match self.deadline {
                None => rx.recv().ok(),
                Some(d) => match rx.recv_timeout(d.saturating_duration_since(Instant::now())) {
                    Ok(cmd) => Some(cmd),
                    Err(RecvTimeoutError::Timeout) => {
                        self.caught(|w| {
                            w.take_inbox();
                            let _ = w.commit_pending();
                        });
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => None,
                },
            };
            match cmd {
                None | Some(Cmd::Shutdown) => break,
                Some(cmd) => self.caught(|w| w.apply(cmd)),
            }
        }
        self.take_inbox();
        if let Err(e) = self.commit_pending() {
            tracing::error!(error = %e, lost = self.pending.len(), "could not store the last check results on close");
        }
        tracing::debug!("database writer stopped");
    }

    fn apply(&mut self, cmd: Cmd) {
        if let Cmd::Results = cmd {
            // A batch is due a second after its first result; a full one at once.
            if self.deadline.is_none() {
                self.deadline = Some(Instant::now() + BATCH_INTERVAL);
            }
            if self.shared.inbox.len() >= BATCH_MAX {
                self.take_inbox();
            }
            return;
        }
        // Any other command: the results recorded before it go first.
        self.take_inbox();
        match cmd {
            Cmd::Job(mut job) => {
                crate::fault::inject("writer");
                let r = self.transaction(Some(job.as_mut()));
                job.finish(r);
            }
            Cmd::Flush(reply) => {
                let _ = reply.send(self.commit_pending());
            }
            Cmd::Checkpoint(reply) => {
                let r = self.commit_pending().and_then(|()| self.checkpoint());
                let _ = reply.send(r);
            }
            Cmd::Results | Cmd::Shutdown => {}
        }
    }

    /// Runs one step; a panic in it (a bug, see [`crate::fault`]) loses only that step: its
    /// caller hears `WriterGone` (the reply was dropped), an open transaction was rolled back
    /// as it unwound, and the panic is published with the health for the runtime to report.
    fn caught(&mut self, step: impl FnOnce(&mut Writer)) {
        let Err(panic) = std::panic::catch_unwind(AssertUnwindSafe(|| step(self))) else {
            return;
        };
        let message = crate::fault::panic_message(&*panic);
        tracing::error!(%message, "the database writer panicked; it goes on");
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        self.set_synchronous("NORMAL");
        self.panics += 1;
        self.panic = Some(message);
        self.publish();
    }

    /// Moves the recorded results into the batch, in the order they were recorded.
    fn take_inbox(&mut self) {
        for row in self.shared.inbox.take() {
            self.queue(row);
        }
    }

    fn queue(&mut self, row: CheckRow) {
        if self.pending.len() >= self.buffer_max.max(1) {
            self.pending.pop_front();
            self.dropped += 1;
            if self.dropped.is_power_of_two() {
                tracing::error!(
                    dropped = self.dropped,
                    "the database has been unwritable too long; dropping the oldest check results"
                );
            }
        }
        self.pending.push_back(row);
        if self.deadline.is_none() {
            self.deadline = Some(Instant::now() + BATCH_INTERVAL);
        }
        // While faulted, the retry's backoff decides; a full batch must not hammer the disk.
        if self.fault.is_none() && self.pending.len() >= BATCH_MAX {
            let _ = self.commit_pending();
        }
    }

    /// Commits the buffered results on their own. Errors are logged and published here; the
    /// result is for [`super::Store::flush`].
    fn commit_pending(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            self.deadline = None;
            return Ok(());
        }
        self.transaction(None)
    }

    /// One transaction: the buffered results, then the job if any, each in a savepoint so
    /// that a failing job does not lose the results and bad results do not block the job.
    fn transaction(
        &mut self,
        mut job: Option<&mut (dyn WriteJob + 'static)>,
    ) -> Result<(), StoreError> {
        let durable = job.as_ref().is_some_and(|j| j.durable());
        if durable {
            self.set_synchronous("FULL");
        }
        let before = self.conn.total_changes();
        let rows = self.pending.make_contiguous();
        let outcome = one_transaction(&mut self.conn, rows, job.as_deref_mut());
        if durable {
            self.set_synchronous("NORMAL");
        }
        // A job that failed on the disk is a fault even if the results around it committed.
        let job_fault = job
            .as_ref()
            .and_then(|j| j.error())
            .filter(|e| is_fault(e))
            .map(|e| describe(e, &self.path));
        match outcome {
            Ok((rejected, rings)) => {
                if rings {
                    super::files::ring(&self.path);
                }
                self.shared.commits.fetch_add(1, Ordering::Relaxed);
                if durable {
                    self.shared.durable_commits.fetch_add(1, Ordering::Relaxed);
                }
                self.pending.clear();
                self.rejected += rejected as u64;
                self.deadline = None;
                // Only a commit that wrote something shows the disk takes writes again: an
                // empty one touches no file.
                let wrote = self.conn.total_changes() > before;
                match job_fault {
                    Some(text) => self.failed(text),
                    None if wrote => self.recovered(),
                    None => self.publish(),
                }
                Ok(())
            }
            Err(e) => {
                let e = classify(e.into(), &self.path);
                let text = job_fault.unwrap_or_else(|| describe(&e, &self.path));
                self.failed(text);
                Err(e)
            }
        }
    }

    fn set_synchronous(&self, level: &str) {
        if let Err(error) = self.conn.pragma_update(None, "synchronous", level) {
            tracing::warn!(%error, level, "cannot set the database's sync level");
        }
    }

    fn failed(&mut self, text: String) {
        let attempts = match &mut self.fault {
            Some(f) => {
                f.attempts += 1;
                f.text = text;
                f.attempts
            }
            None => {
                tracing::error!(fault = %text, pending = self.pending.len(), "cannot write the database; check results wait in memory and are retried");
                self.fault = Some(Fault {
                    since: Utc::now(),
                    text,
                    attempts: 1,
                });
                1
            }
        };
        if !self.pending.is_empty() {
            self.deadline = Some(Instant::now() + backoff(attempts));
        }
        self.publish();
    }

    fn recovered(&mut self) {
        if let Some(f) = self.fault.take() {
            tracing::info!(since = %f.since, attempts = f.attempts, "the database takes writes again");
        }
        self.publish();
    }

    /// Publishes the health; receivers wake only when it changed.
    fn publish(&self) {
        let now = StorageHealth {
            fault: self.fault.as_ref().map(|f| f.text.clone()),
            since: self.fault.as_ref().map(|f| f.since),
            dropped: self.dropped,
            rejected: self.rejected,
            pending: self.pending.len(),
            panics: self.panics,
            panic: self.panic.clone(),
        };
        self.shared.health.send_if_modified(|h| {
            let changed = *h != now;
            if changed {
                *h = now;
            }
            changed
        });
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

/// 1 s, 2 s, 4 s, then [`RETRY_MAX`].
fn backoff(attempts: u32) -> Duration {
    BATCH_INTERVAL
        .saturating_mul(1 << attempts.saturating_sub(1).min(8))
        .min(RETRY_MAX)
}

/// Returns how many results were rejected as bad, and whether the job changed what a running
/// engine must hear of ([`heard`]). Any error returned rolls everything back.
fn one_transaction(
    conn: &mut Connection,
    rows: &[CheckRow],
    job: Option<&mut (dyn WriteJob + 'static)>,
) -> rusqlite::Result<(usize, bool)> {
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut rejected = 0;
    // The batch goes in without a savepoint: SQLite copies every page a savepoint changes into a
    // sub-journal, which spills to a temporary file past 64 KiB, and a batch changes a page per
    // monitor (more than half the writes, and a file made and deleted, at every commit). If it
    // fails on its data, the transaction is rolled back (it holds nothing else yet) and the
    // results are written again one at a time.
    if !rows.is_empty() {
        if let Err(error) = write_batch(&tx, rows) {
            if file_level(&error) {
                return Err(error);
            }
            tracing::warn!(%error, rows = rows.len(), "a batch of check results failed; storing them one at a time");
            tx.rollback()?;
            tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            rejected = write_one_by_one(&mut tx, rows)?;
        }
    }
    let mut changed = false;
    if let Some(job) = job {
        let before = heard(&tx)?;
        {
            let sp = tx.savepoint()?;
            if job.run(&sp) {
                sp.commit()?;
            }
        }
        changed = heard(&tx)? != before;
    }
    tx.commit()?;
    Ok((rejected, changed))
}

/// What a running engine in another process must hear of, as it reads it (`Engine::poll_config`):
/// the configuration revision (moved by triggers on every monitor, setting, snooze and
/// maintenance change) and the last request left for it (`lookout simulate`).
fn heard(c: &Connection) -> rusqlite::Result<(i64, i64)> {
    c.prepare_cached(
        "SELECT coalesce((SELECT value FROM meta WHERE key = 'config_rev'), 0), \
         coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'engine_requests'), 0)",
    )?
    .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// Writes the results each in its own savepoint, dropping only those that fail alone.
/// File-level errors are returned.
fn write_one_by_one(tx: &mut Transaction<'_>, rows: &[CheckRow]) -> rusqlite::Result<usize> {
    let mut rejected = 0;
    for row in rows {
        let sp = tx.savepoint()?;
        match write_batch(&sp, std::slice::from_ref(row)) {
            Ok(()) => sp.commit()?,
            Err(e) if file_level(&e) => return Err(e),
            Err(error) => {
                rejected += 1;
                tracing::error!(%error, monitor_id = row.monitor_id, at_ms = row.at_ms, "dropping a check result that cannot be stored");
            }
        }
    }
    Ok(rejected)
}
