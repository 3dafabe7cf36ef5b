//! Storage: the only SQL in the repository.
//!
//! One SQLite file holds the monitors, raw check results, hourly and daily rollups, each
//! monitor's current state and the incidents. The CLI and the desktop app may have it open at
//! the same time, each with its own engine, so it runs in WAL mode with a busy timeout and every
//! monitor edit bumps `meta.config_rev` (by trigger) for the other process to poll.
//!
//! A [`Store`] owns two connections:
//!
//! - one **writer**, on its own thread ([`writer`]). [`Store::record_check`] only queues; the
//!   writer batches results and commits them at most once per second (sooner when 1000 are
//!   waiting or another write arrives), updating rollups and `monitor_state` in the same
//!   transaction. Every other write is a closure sent to that thread, which the caller waits on.
//!   Results wait in a bounded buffer while the disk is full or the file locked, and the
//!   writer's [`StorageHealth`] says so ([`Store::health`]). Incident transitions are committed
//!   with a full sync.
//! - one **reader** behind a mutex. WAL lets it read while the writer writes.
//!
//! Around them: [`open`] recognises a damaged or foreign file at open, [`files`] keeps the
//! files private and moves a damaged database aside, and [`backup`] copies the database while
//! the engine runs, keeps daily copies and restores one.
//!
//! Driver errors become [`StoreError`]s with a domain meaning here, at the edge ([`error`]):
//! a damaged file is [`StoreError::Corrupt`] naming it, a clashing name is
//! [`StoreError::Duplicate`], and so on. Nothing in this module panics on a bad file.

mod backup;
mod batch;
mod error;
mod files;
mod health;
mod history;
mod incidents;
mod maintenance;
mod monitors;
mod open;
mod requests;
mod schema;
mod settings;
pub use backup::{list_backups, BackupFile, Restored, BACKUPS_DIR, BACKUPS_KEPT};
pub use error::StoreError;
pub(crate) use files::ring;
pub use files::{changes_path, engine_lock_path, engine_running, FileStamp};
pub use health::StorageHealth;
pub use maintenance::SNOOZE_FOREVER;
pub(crate) use monitors::what_monitor;
pub use monitors::{BrokenMonitor, LoadError};
pub use open::QUICK_CHECK_BUDGET;
pub use requests::{EngineRequest, RequestKind, RequestState};
pub use settings::{LANGUAGE, METRICS_LISTEN, PUSH_PORT, REFERENCE_TARGETS};
mod writer;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use crate::model::{IncidentEvent, MonitorId, RuleKind, Severity, Status};

use error::classify;
use writer::Cmd;

/// Raw check results older than this many days are deleted by [`Store::run_retention`] unless
/// the caller asks for another figure; rollups keep the long-term picture.
pub const DEFAULT_RAW_RETENTION_DAYS: u32 = 30;

/// Hourly and daily rollups older than this are deleted by [`Store::run_retention`].
pub const ROLLUP_RETENTION_DAYS: u32 = 365;

/// How long a statement waits for another connection's write lock before giving up with
/// [`StoreError::Locked`].
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const MS_PER_HOUR: i64 = 3_600_000;
const MS_PER_DAY: i64 = 86_400_000;

/// One raw check result as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredCheck {
    pub at: DateTime<Utc>,
    pub status: Status,
    pub latency_ms: u64,
    /// Empty when UP.
    pub reason: String,
}

/// One hour or day of a monitor's history, from the rollups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UptimeBucket {
    /// Start of the bucket (UTC hour or UTC midnight).
    pub start: DateTime<Utc>,
    pub up: u64,
    pub degraded: u64,
    pub down: u64,
    /// Mean latency of the UP and DEGRADED checks; `None` when every check failed. DOWN checks
    /// are left out because a timed-out check's latency is the timeout, not the service's.
    pub avg_latency_ms: Option<f64>,
}

/// An incident to open, with its first timeline entries.
#[derive(Debug, Clone, PartialEq)]
pub struct NewIncident {
    pub monitor_id: MonitorId,
    pub monitor: String,
    pub title: String,
    pub rule: RuleKind,
    pub severity: Severity,
    pub started_at: DateTime<Utc>,
    pub detected_at: DateTime<Utc>,
    /// Consecutive failed checks when the rule fired, and its failure threshold then.
    pub failures: u32,
    pub failure_threshold: u32,
    /// Opened by a "Simulate outage" drill (see [`crate::model::Incident::simulated`]).
    pub simulated: bool,
    pub events: Vec<IncidentEvent>,
}

/// Which incidents [`Store::incidents`] returns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncidentFilter {
    pub open_only: bool,
    pub monitor: Option<MonitorId>,
    /// Incidents that were still going at or after this instant: open ones, and resolved ones
    /// whose resolution is not earlier.
    pub since: Option<DateTime<Utc>>,
    /// `Some(false)`: real incidents only (figures, summaries); `Some(true)`: drills only;
    /// `None`: both (the incident lists, where drills are marked).
    pub simulated: Option<bool>,
    pub limit: Option<usize>,
}

/// Incident figures over a period, for reports. Drills (simulated incidents) are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IncidentStats {
    /// Incidents that started in the period.
    pub count: u64,
    /// How many of those are resolved.
    pub resolved: u64,
    /// Mean time to recovery: mean of `resolved - started` over the resolved ones, in seconds.
    pub mttr_s: Option<f64>,
    /// Mean time to detection: mean of `detected - started`, in seconds.
    pub mttd_s: Option<f64>,
}

/// Size and activity figures of the database.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DbStats {
    /// The database file plus its write-ahead log.
    pub file_bytes: u64,
    /// Raw check results stored.
    pub checks: u64,
    /// Commits this `Store`'s writer made since it was opened.
    pub write_transactions: u64,
    /// Of those, the ones synced to disk before returning (incident transitions, alerts
    /// recorded as sent).
    pub durable_transactions: u64,
}

/// The Lookout database. Cheap to clone; the last clone dropped flushes queued check results
/// and stops the writer thread (waiting for it).
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    tx: mpsc::Sender<Cmd>,
    reader: Mutex<Connection>,
    shared: Arc<writer::Shared>,
    writer: Option<JoinHandle<()>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // The writer flushes what it has before it exits; a send error means it is already gone.
        let _ = self.tx.send(Cmd::Shutdown);
        if let Some(handle) = self.writer.take() {
            if handle.join().is_err() {
                tracing::error!(path = %self.path.display(), "the database writer thread panicked");
            }
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.inner.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating it and its parent directories if needed), checks and upgrades the
    /// database. The data directory is created 0700 and the database 0600 (looser modes an
    /// older Lookout left are tightened, on files this user owns). A damaged file is
    /// [`StoreError::Corrupt`], another program's database [`StoreError::NotLookout`], both
    /// naming the file, which is left as it is (see [`Store::set_aside`]). The integrity check
    /// takes at most [`QUICK_CHECK_BUDGET`].
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with_buffer(path, writer::BUFFER_MAX)
    }

    /// [`Store::open`] with another bound on the results kept while the database cannot be
    /// written (tests fill a small one).
    fn open_with_buffer(path: &Path, buffer_max: usize) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            files::private_dir(dir)?;
        }
        open::check_header(path)?;
        files::private_db_file(path)?;
        let mut conn = open::connect(path)?;
        // Until the file is known to be sound and ours, closing must not fold its log into it:
        // a refused file is left exactly as it was found, log included.
        open::keep_log_on_close(&conn, path, true)?;
        open::prepare(&mut conn, path).map_err(|e| classify(e, path))?;
        open::keep_log_on_close(&conn, path, false)?;
        let reader = open::connect(path)?;
        // The reader must never take the write lock away from the writer thread.
        reader
            .pragma_update(None, "query_only", true)
            .map_err(|e| classify(e.into(), path))?;

        let shared = Arc::new(writer::Shared {
            commits: AtomicU64::new(0),
            durable_commits: AtomicU64::new(0),
            health: tokio::sync::watch::Sender::new(StorageHealth::default()),
            inbox: writer::Inbox::default(),
        });
        let (tx, handle) = writer::spawn(conn, path.to_path_buf(), shared.clone(), buffer_max)
            .map_err(|e| StoreError::Io(format!("cannot start the database writer thread: {e}")))?;
        tracing::debug!(path = %path.display(), "database opened");
        Ok(Store {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                tx,
                reader: Mutex::new(reader),
                shared,
                writer: Some(handle),
            }),
        })
    }

    /// The writer's health: a fault (disk full, I/O error, lock) while results wait in memory
    /// for the database, and the counts of results dropped. The runtime turns its changes into
    /// `storage_fault` / `storage_recovered` events. Works without a tokio runtime.
    pub fn health(&self) -> tokio::sync::watch::Receiver<StorageHealth> {
        self.inner.shared.health.subscribe()
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Size and activity figures.
    pub fn stats(&self) -> Result<DbStats, StoreError> {
        let checks: i64 =
            self.read(|c| Ok(c.query_row("SELECT count(*) FROM checks", [], |r| r.get(0))?))?;
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let mut wal = self.inner.path.clone().into_os_string();
        wal.push("-wal");
        Ok(DbStats {
            file_bytes: size(&self.inner.path) + size(Path::new(&wal)),
            checks: checks.max(0) as u64,
            write_transactions: self.inner.shared.commits.load(Ordering::Relaxed),
            durable_transactions: self.inner.shared.durable_commits.load(Ordering::Relaxed),
        })
    }

    /// Runs synchronous store calls on tokio's blocking pool, so SQLite never stalls the async
    /// workers. Must be called within a tokio runtime.
    pub async fn blocking<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.clone();
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .unwrap_or_else(|e| Err(StoreError::Io(format!("storage task failed: {e}"))))
    }

    /// Commits what is queued, then copies the write-ahead log into the database file and
    /// truncates it, so the file on disk is the whole database (backups, size figures).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        let (reply, rx) = mpsc::sync_channel(1);
        self.send(Cmd::Checkpoint(reply))?;
        self.wait(rx)
    }

    /// Runs `f` in a transaction on the writer thread (after the queued check results, in the
    /// same transaction) and waits for the commit. If `f` fails, its changes are rolled back.
    fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (job, rx) = writer::job(f, false);
        self.send(Cmd::Job(job))?;
        self.wait(rx)
    }

    /// [`Store::write`], committed with a full sync: the write-ahead log reaches the disk
    /// before this returns, so a power cut cannot take the write back. For incident
    /// transitions and alerts recorded as sent; check results do without (one fsync a second
    /// for every batch would cost more than the last second of results is worth).
    fn write_durable<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (job, rx) = writer::job(f, true);
        self.send(Cmd::Job(job))?;
        self.wait(rx)
    }

    fn send(&self, cmd: Cmd) -> Result<(), StoreError> {
        self.inner.tx.send(cmd).map_err(|_| StoreError::WriterGone)
    }

    fn wait<T>(&self, rx: mpsc::Receiver<Result<T, StoreError>>) -> Result<T, StoreError> {
        rx.recv()
            .map_err(|_| StoreError::WriterGone)?
            .map_err(|e| classify(e, &self.inner.path))
    }

    fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        // A panic while reading leaves the connection usable; nothing to repair.
        let conn = self
            .inner
            .reader
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        f(&conn).map_err(|e| classify(e, &self.inner.path))
    }
}

fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn from_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn now_ms() -> i64 {
    to_ms(Utc::now())
}

/// The start of the bucket of `width_ms` that holds `ms`.
fn bucket(ms: i64, width_ms: i64) -> i64 {
    ms.div_euclid(width_ms) * width_ms
}
