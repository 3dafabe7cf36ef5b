//! [`StoreError`]: driver errors given a domain meaning, at the edge.
//!
//! Every error about the file names it, so that a shell can print or show it as it is. Two
//! questions the shells and the runtime ask of an error have their own methods: is the file
//! itself damaged ([`StoreError::damaged_file`]: offer to start fresh or restore), and is the
//! failure one that goes away by itself ([`StoreError::is_transient`]: retry it).

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use super::BUSY_TIMEOUT;
use crate::model::{IncidentId, MonitorId};

/// Everything that can go wrong in storage, in terms a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// What was looked for: `monitor 3`, `incident 7`.
    #[error("{}", crate::t!("error-not-found", what = .0.as_str()))]
    NotFound(String),
    #[error("{}", crate::t!("error-duplicate", field = *.field, value = .value.as_str()))]
    Duplicate { field: &'static str, value: String },
    /// The file is damaged: it is not an SQLite database at all, SQLite's integrity check
    /// failed, or a page could not be read. `detail` says which, in words.
    #[error("{}", crate::t!("error-corrupt", path = .path.display().to_string(), detail = .detail.as_str()))]
    Corrupt { path: PathBuf, detail: String },
    /// A sound SQLite database that some other program wrote.
    #[error("{}", crate::t!("error-not-lookout", path = .path.display().to_string()))]
    NotLookout { path: PathBuf },
    /// A stored value this build cannot read (a row a newer Lookout wrote, or edited by hand).
    /// The file itself is sound.
    #[error("{0}")]
    BadRow(String),
    /// The file system holding the database has no space left.
    #[error("{}", crate::t!("error-disk-full", path = .path.display().to_string()))]
    Full { path: PathBuf },
    /// Another process held the write lock for longer than [`BUSY_TIMEOUT`].
    #[error("{0}")]
    Locked(String),
    #[error("{0}")]
    ReadOnly(String),
    #[error("{0}")]
    Io(String),
    #[error("{}", crate::t!("error-sqlite", error = .0.to_string()))]
    Sqlite(#[from] rusqlite::Error),
    #[error("{}", crate::t!("error-migration", error = .0.as_str()))]
    Migration(String),
    #[error("{}", crate::t!("error-writer-gone"))]
    WriterGone,
    /// Restoring or setting aside the file under a running engine would pull it from under
    /// that engine's feet.
    #[error("{}", crate::t!("error-engine-running", path = .path.display().to_string()))]
    EngineRunning { path: PathBuf },
    /// The monitor already has an open incident for the same rule; at most one may be open.
    #[error("{}", crate::t!("error-incident-open", monitor = .monitor.to_string(), open = .open.to_string()))]
    IncidentOpen {
        monitor: MonitorId,
        open: IncidentId,
    },
    /// A backup to restore holds recovery actions the current database does not: they would
    /// run as the user whenever a target fails, so [`super::Store::restore`] asks first (the
    /// backup may come from someone else). Nothing was changed.
    #[error("{}", crate::t!("error-restore-consent", n = .0.len()))]
    RecoveryNeedsConsent(Vec<crate::import::Consent>),
    /// [`super::Store::open_incident_with_id`] was given an id another incident has.
    #[error("{}", crate::t!("error-incident-id-taken", id = .0.to_string()))]
    IncidentIdTaken(IncidentId),
}

impl StoreError {
    /// The database file, when the error says the file itself is damaged or not Lookout's:
    /// the case for "start fresh" ([`super::Store::set_aside`]) or a restore.
    pub fn damaged_file(&self) -> Option<&Path> {
        match self {
            StoreError::Corrupt { path, .. } | StoreError::NotLookout { path } => Some(path),
            _ => None,
        }
    }

    /// Whether the same write may work later without anyone changing Lookout's input: a full
    /// disk, an I/O error, a lock held by another process, a file made read-only. Worth
    /// retrying with backoff; the other errors will fail the same way again.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Full { .. }
            | StoreError::Locked(_)
            | StoreError::ReadOnly(_)
            | StoreError::Io(_) => true,
            StoreError::Sqlite(e) => file_level(e),
            _ => false,
        }
    }
}

/// Whether a driver error is about the file, the disk or a lock (the same statement may work
/// later) rather than about the statement's data.
pub(super) fn file_level(e: &rusqlite::Error) -> bool {
    let rusqlite::Error::SqliteFailure(f, _) = e else {
        return false;
    };
    matches!(
        f.code,
        ErrorCode::DiskFull
            | ErrorCode::SystemIoFailure
            | ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
            | ErrorCode::CannotOpen
            | ErrorCode::ReadOnly
            | ErrorCode::OutOfMemory
            | ErrorCode::PermissionDenied
            | ErrorCode::DatabaseCorrupt
            | ErrorCode::NotADatabase
            | ErrorCode::FileLockingProtocolFailed
    )
}

pub(super) fn corrupt(path: &Path, detail: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: detail.into(),
    }
}

pub(super) fn read_only(path: &Path) -> StoreError {
    StoreError::ReadOnly(format!(
        "cannot write the database {}: check the permissions of the file and its directory",
        path.display()
    ))
}

/// Gives driver errors their domain meaning. Errors that already have one pass through.
pub(super) fn classify(e: StoreError, path: &Path) -> StoreError {
    let StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, msg)) = &e else {
        return e;
    };
    match f.code {
        ErrorCode::DatabaseCorrupt => corrupt(
            path,
            msg.clone()
                .unwrap_or_else(|| "SQLite found a damaged page".into()),
        ),
        ErrorCode::NotADatabase => corrupt(path, NOT_SQLITE),
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Locked(format!(
            "the database {} is locked by another process (waited {} s)",
            path.display(),
            BUSY_TIMEOUT.as_secs()
        )),
        ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
            read_only(path)
        }
        ErrorCode::DiskFull => StoreError::Full {
            path: path.to_path_buf(),
        },
        ErrorCode::SystemIoFailure => StoreError::Io(format!(
            "cannot read or write the database {}: {}",
            path.display(),
            msg.as_deref().unwrap_or("disk I/O error")
        )),
        _ => e,
    }
}

/// The detail of a file that does not even start like an SQLite database.
pub(super) const NOT_SQLITE: &str =
    "it is not an SQLite database (its first page is damaged, or it is another kind of file)";
