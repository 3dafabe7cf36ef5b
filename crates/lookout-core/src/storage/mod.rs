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
//! - one **reader** behind a mutex. WAL lets it read while the writer writes.
//!
//! Driver errors become [`StoreError`]s with a domain meaning here, at the edge: a file that is
//! not a database is [`StoreError::Corrupt`], a clashing name is [`StoreError::Duplicate`], and
//! so on. Nothing in this module panics on a bad file.

mod history;
mod incidents;
mod maintenance;
mod monitors;
mod requests;
mod schema;
mod settings;
pub use maintenance::SNOOZE_FOREVER;
pub use requests::{EngineRequest, RequestKind, RequestState};
pub use settings::{PUSH_PORT, REFERENCE_TARGETS};
mod writer;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use serde::Serialize;

use crate::model::{IncidentEvent, MonitorId, RuleKind, Severity, Status};

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

/// Everything that can go wrong in storage, in terms a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// What was looked for: `monitor 3`, `incident 7`.
    #[error("{0} not found")]
    NotFound(String),
    #[error("a monitor with {field} \"{value}\" already exists")]
    Duplicate { field: &'static str, value: String },
    #[error("{0}")]
    Corrupt(String),
    /// Another process held the write lock for longer than [`BUSY_TIMEOUT`].
    #[error("{0}")]
    Locked(String),
    #[error("{0}")]
    ReadOnly(String),
    #[error("{0}")]
    Io(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot upgrade the database: {0}")]
    Migration(String),
    #[error("the database writer thread has stopped")]
    WriterGone,
}

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
    commits: Arc<AtomicU64>,
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
    /// Opens (creating it and its parent directories if needed) and upgrades the database.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Io(format!(
                    "cannot create the directory {}: {e}",
                    dir.display()
                ))
            })?;
        }
        let mut conn = connect(path)?;
        prepare(&mut conn, path).map_err(|e| classify(e, path))?;
        let reader = connect(path)?;
        // The reader must never take the write lock away from the writer thread.
        reader
            .pragma_update(None, "query_only", true)
            .map_err(|e| classify(e.into(), path))?;

        let commits = Arc::new(AtomicU64::new(0));
        let (tx, handle) = writer::spawn(conn, commits.clone())
            .map_err(|e| StoreError::Io(format!("cannot start the database writer thread: {e}")))?;
        tracing::debug!(path = %path.display(), "database opened");
        Ok(Store {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                tx,
                reader: Mutex::new(reader),
                commits,
                writer: Some(handle),
            }),
        })
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
            write_transactions: self.inner.commits.load(Ordering::Relaxed),
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
        let (job, rx) = writer::job(f);
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

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(e.into(), path))?;
    // SQLite quietly opens a write-protected file read-only; say so now rather than at the
    // first write.
    if conn
        .is_readonly(rusqlite::MAIN_DB)
        .map_err(|e| classify(e.into(), path))?
    {
        return Err(read_only(path));
    }
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| classify(e.into(), path))?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(|e| classify(e.into(), path))?;
    Ok(conn)
}

/// Checks that the file is ours, sets the writer's pragmas and runs the migrations.
fn prepare(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    // Migration 1 sets the id, so a file with tables but no id is some other program's.
    if (app_id != 0 && app_id != schema::APPLICATION_ID) || (app_id == 0 && objects > 0) {
        return Err(corrupt(path));
    }
    if objects == 0 {
        // Only possible before the first table exists; lets retention give pages back.
        conn.pragma_update(None, "auto_vacuum", "INCREMENTAL")?;
    }
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(path = %path.display(), mode, "the database is not in WAL mode; readers may wait for writers");
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    schema::migrations()
        .to_latest(conn)
        .map_err(|e| migration_error(e, path))
}

fn migration_error(e: rusqlite_migration::Error, path: &Path) -> StoreError {
    use rusqlite_migration::{Error as E, MigrationDefinitionError as D};
    match e {
        E::RusqliteError { err, .. } => classify(err.into(), path),
        E::MigrationDefinition(D::DatabaseTooFarAhead) => StoreError::Migration(format!(
            "{} was written by a newer version of Lookout; upgrade Lookout to open it",
            path.display()
        )),
        other => StoreError::Migration(format!("{}: {other}", path.display())),
    }
}

fn corrupt(path: &Path) -> StoreError {
    StoreError::Corrupt(format!(
        "the database file is corrupt or not a Lookout database: {}",
        path.display()
    ))
}

fn read_only(path: &Path) -> StoreError {
    StoreError::ReadOnly(format!(
        "cannot write the database {}: check the permissions of the file and its directory",
        path.display()
    ))
}

/// Gives driver errors their domain meaning. Errors that already have one pass through.
fn classify(e: StoreError, path: &Path) -> StoreError {
    let StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) = &e else {
        return e;
    };
    match f.code {
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => corrupt(path),
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Locked(format!(
            "the database {} is locked by another process (waited {} s)",
            path.display(),
            BUSY_TIMEOUT.as_secs()
        )),
        ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
            read_only(path)
        }
        _ => e,
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
