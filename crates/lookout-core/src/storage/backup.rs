//! Copies of the database: one on demand ([`Store::backup_to`], `lookout backup`), one a day
//! kept for a week ([`Store::rolling_backup`], from the runtime's upkeep), and putting one back
//! ([`Store::restore`], `lookout restore` and the dashboard).
//!
//! A copy is made with SQLite's online backup API, in one step, from a connection of its own:
//! the step holds a read transaction, which in WAL mode never blocks the writer, so the engine
//! goes on committing results while the pages are copied, and the copy is the database as it
//! was at one instant. (Stepping a few pages at a time would let the writer's commits restart
//! the copy from scratch, for ever on a busy database. `VACUUM INTO` would also give a
//! consistent copy, but rebuilds every table and index row by row, several times the work of
//! copying pages, and is refused on the reader's `query_only` connection.) The copy is written
//! beside its destination, checked with `PRAGMA quick_check`, switched to a single-file
//! journal, synced, and only then renamed into place, so a destination that exists is always a
//! whole backup.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use serde::Serialize;

use super::error::{classify, corrupt};
use super::files::{
    create_private, lock_engine, move_aside, parent_dir, private_dir, sync_dir, with_suffix,
    SIDECARS,
};
use super::monitors::stored_in;
use super::open::{check_header, check_ours, connect, integrity_check, migration_error};
use super::{schema, Store, StoreError, QUICK_CHECK_BUDGET};
use crate::import::{recovery_needing_consent, Consent};

/// The directory, inside the data directory, of the daily backups.
pub const BACKUPS_DIR: &str = "backups";
/// How many daily backups [`Store::rolling_backup`] keeps.
pub const BACKUPS_KEPT: usize = 7;

/// One daily backup, as [`list_backups`] finds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupFile {
    pub path: PathBuf,
    /// The UTC day it was taken.
    pub date: NaiveDate,
    pub bytes: u64,
}

/// What [`Store::restore`] did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Restored {
    /// Where the database that was replaced went (`lookout.db.replaced-…`); `None` when there
    /// was none.
    pub previous: Option<PathBuf>,
    /// Monitors in the restored database.
    pub monitors: usize,
}

impl Store {
    /// Writes a consistent copy of the database to `dest` (replacing it if it exists; the
    /// CLI asks first), readable by this user only, while the engine goes on writing: what was
    /// committed when it started, with the results this store had queued. The copy is one
    /// self-contained file. A source damaged where the copy read it is
    /// [`StoreError::Corrupt`] naming the database; nothing is left at `dest` then.
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        // Results this store has queued belong in the copy; if they cannot be written now
        // (a full disk), the copy is still worth having without them.
        if let Err(error) = self.flush() {
            tracing::warn!(%error, "backing up without the check results not yet written");
        }
        let dir = parent_dir(dest);
        if !dir.is_dir() {
            return Err(StoreError::Io(format!(
                "cannot write the backup {}: the directory {} does not exist",
                dest.display(),
                dir.display()
            )));
        }
        let partial = with_suffix(dest, ".partial");
        let r = self.copy_to(&partial);
        let r = r.and_then(|()| {
            std::fs::rename(&partial, dest).map_err(|e| {
                StoreError::Io(format!("cannot write the backup {}: {e}", dest.display()))
            })
        });
        if r.is_err() {
            let _ = std::fs::remove_file(&partial);
        } else {
            sync_dir(parent_dir(dest));
            tracing::info!(from = %self.path().display(), to = %dest.display(), "database backed up");
        }
        r
    }

    fn copy_to(&self, partial: &Path) -> Result<(), StoreError> {
        let src_path = self.path();
        let src = connect(src_path)?;
        src.pragma_update(None, "query_only", true)
            .map_err(|e| classify(e.into(), src_path))?;
        copy_database(&src, src_path, partial)?;
        // A damaged page copies as it is: the backup must not look sound when it is not.
        let dst = Connection::open(partial).map_err(|e| classify(e.into(), partial))?;
        super::open::quick_check(&dst, partial, QUICK_CHECK_BUDGET).map_err(|e| match e {
            StoreError::Corrupt { detail, .. } => corrupt(src_path, detail),
            e => e,
        })?;
        Ok(())
    }

    /// Today's daily backup, `backups/lookout-YYYY-MM-DD.db` (the UTC day of `now`) in the
    /// data directory, unless it exists already; then only the newest [`BACKUPS_KEPT`] are
    /// kept. Returns the file written, `None` when today's was there. Meant to be called
    /// hourly: it costs a directory look when there is nothing to do.
    pub fn rolling_backup(&self, now: DateTime<Utc>) -> Result<Option<PathBuf>, StoreError> {
        let data_dir = parent_dir(self.path());
        let dir = data_dir.join(BACKUPS_DIR);
        let dest = dir.join(format!(
            "lookout-{}.db",
            now.date_naive().format("%Y-%m-%d")
        ));
        if dest.exists() {
            return Ok(None);
        }
        private_dir(&dir)?;
        self.backup_to(&dest)?;
        for old in list_backups(data_dir)?.into_iter().skip(BACKUPS_KEPT) {
            match std::fs::remove_file(&old.path) {
                Ok(()) => tracing::info!(path = %old.path.display(), "old daily backup removed"),
                Err(error) => {
                    tracing::warn!(path = %old.path.display(), %error, "cannot remove an old daily backup")
                }
            }
        }
        Ok(Some(dest))
    }

    /// Puts the backup `from` in place of the database at `db_path`. `from` is checked first
    /// (an SQLite file, Lookout's, passing the full integrity check, upgradable by this
    /// version; else an error naming `from` and nothing changes), then the current database,
    /// if any, is moved aside as `lookout.db.replaced-…` (never deleted) and the copy renamed
    /// into place. Refused with [`StoreError::EngineRunning`] while an engine runs on the
    /// database, and holds the engine lock meanwhile so none starts; this process must not
    /// have `db_path` open either. Recovery actions the backup holds and the current database
    /// does not (same monitor, same action) are refused with
    /// [`StoreError::RecoveryNeedsConsent`] unless `allow_recovery`: a backup may be someone
    /// else's, as an import file may. On any error the database is as it was: one set aside
    /// is put back.
    pub fn restore(
        db_path: &Path,
        from: &Path,
        allow_recovery: bool,
    ) -> Result<Restored, StoreError> {
        private_dir(parent_dir(db_path))?;
        let _lock = lock_engine(db_path)?;
        if !from.is_file() {
            return Err(StoreError::NotFound(crate::t!(
                "error-what-backup",
                path = from.display().to_string()
            )));
        }
        let staged = with_suffix(db_path, ".restoring");
        let checked = stage(from, &staged).and_then(|()| match allow_recovery {
            true => Ok(()),
            false => new_recovery(&staged, db_path),
        });
        if let Err(e) = checked {
            let _ = std::fs::remove_file(&staged);
            return Err(e);
        }
        let previous = match move_aside(db_path, "replaced", Utc::now()) {
            Ok(p) => Some(p),
            Err(StoreError::NotFound(_)) => None,
            Err(e) => {
                let _ = std::fs::remove_file(&staged);
                return Err(e);
            }
        };
        // From here on a failure puts the replaced database back: a restore either happens
        // or leaves the database as it was, never without one.
        if let Err(e) = std::fs::rename(&staged, db_path) {
            let _ = std::fs::remove_file(&staged);
            put_back(previous.as_deref(), db_path);
            return Err(StoreError::Io(format!(
                "cannot put the backup in place at {}: {e}",
                db_path.display()
            )));
        }
        sync_dir(parent_dir(db_path));
        let monitors = match Store::open(db_path).and_then(|s| s.monitors()) {
            Ok(m) => m.len(),
            Err(e) => {
                for p in std::iter::once(db_path.to_path_buf())
                    .chain(SIDECARS.iter().map(|s| with_suffix(db_path, s)))
                {
                    let _ = std::fs::remove_file(p);
                }
                put_back(previous.as_deref(), db_path);
                return Err(e);
            }
        };
        tracing::warn!(from = %from.display(), to = %db_path.display(), previous = ?previous, "database restored");
        Ok(Restored { previous, monitors })
    }
}

/// Moves the database a failed restore set aside back to `db_path`, its log first.
fn put_back(aside: Option<&Path>, db_path: &Path) {
    let Some(aside) = aside else { return };
    for s in SIDECARS {
        let side = with_suffix(aside, s);
        if side.exists() {
            let _ = std::fs::rename(&side, with_suffix(db_path, s));
        }
    }
    match std::fs::rename(aside, db_path) {
        Ok(()) => sync_dir(parent_dir(db_path)),
        Err(e) => {
            tracing::error!(aside = %aside.display(), error = %e, "could not put the database back")
        }
    }
}

/// Refuses the recovery actions of the staged backup that the database at `current` lacks.
/// A current database that cannot be read (the reason for many a restore) has none.
fn new_recovery(staged: &Path, current: &Path) -> Result<(), StoreError> {
    let actions_in = |path: &Path| -> Result<Vec<Consent>, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let c = Connection::open_with_flags(path, flags).map_err(|e| classify(e.into(), path))?;
        let (monitors, _) = stored_in(&c).map_err(|e| classify(e, path))?;
        Ok(recovery_needing_consent(&monitors))
    };
    let known = match current.exists() {
        true => actions_in(current).unwrap_or_default(),
        false => Vec::new(),
    };
    let new: Vec<Consent> = actions_in(staged)?
        .into_iter()
        .filter(|c| {
            !known
                .iter()
                .any(|k| k.monitor == c.monitor && k.action == c.action)
        })
        .collect();
    match new.is_empty() {
        true => Ok(()),
        false => Err(StoreError::RecoveryNeedsConsent(new)),
    }
}

/// Copies `from` to `staged` (beside the database, so the final rename stays on one file
/// system), checks the copy and upgrades it to this version's schema.
fn stage(from: &Path, staged: &Path) -> Result<(), StoreError> {
    check_header(from)?;
    // Read-only: the user's backup file is not touched. A copy of a WAL-mode database without
    // its log is opened as immutable, or SQLite would leave an empty -wal and -shm beside it;
    // with its log, the log must be read, and its sidecars are there already anyway.
    let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let src = match immutable_uri(from).filter(|_| !with_suffix(from, "-wal").exists()) {
        Some(uri) => Connection::open_with_flags(uri, read_only | OpenFlags::SQLITE_OPEN_URI),
        None => Connection::open_with_flags(from, read_only),
    }
    .map_err(|e| classify(e.into(), from))?;
    let objects = check_ours(&src, from).map_err(|e| classify(e, from))?;
    if objects == 0 {
        return Err(corrupt(from, "it is empty: there is nothing to restore"));
    }
    copy_database(&src, from, staged)?;
    drop(src);
    let mut dst = Connection::open(staged).map_err(|e| classify(e.into(), staged))?;
    integrity_check(&dst, staged).map_err(|e| match e {
        StoreError::Corrupt { detail, .. } => corrupt(from, detail),
        e => e,
    })?;
    dst.pragma_update(None, "foreign_keys", true)
        .map_err(|e| classify(e.into(), staged))?;
    schema::migrations()
        .to_latest(&mut dst)
        .map_err(|e| migration_error(e, from))?;
    drop(dst);
    sync_file(staged)
}

/// `file:PATH?immutable=1`, with the characters a URI gives meaning to escaped; `None` for a
/// path that is not UTF-8.
fn immutable_uri(path: &Path) -> Option<String> {
    let mut uri = String::from("file:");
    for c in path.to_str()?.chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    Some(uri)
}

/// Copies every page of `src` into a new file at `dest` in one backup step, then makes it a
/// rollback-journal database (one file, nothing beside it) and syncs it.
fn copy_database(src: &Connection, src_path: &Path, dest: &Path) -> Result<(), StoreError> {
    let write_err =
        |e: std::io::Error| StoreError::Io(format!("cannot write {}: {e}", dest.display()));
    drop(create_private(dest, true).map_err(write_err)?);
    let mut dst = Connection::open(dest).map_err(|e| classify(e.into(), dest))?;
    {
        let backup = Backup::new(src, &mut dst).map_err(|e| classify(e.into(), dest))?;
        // -1: every page in one step, under one read transaction (see the module's header).
        match backup.step(-1) {
            Ok(StepResult::Done) => {}
            Ok(other) => {
                return Err(StoreError::Io(format!(
                    "copying {} did not finish: {other:?}",
                    src_path.display()
                )))
            }
            // A damaged source fails here, and is what to name; anything else is the copy's.
            Err(e) => {
                let reading = matches!(&e, rusqlite::Error::SqliteFailure(f, _)
                    if matches!(f.code, ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase));
                return Err(classify(e.into(), if reading { src_path } else { dest }));
            }
        }
    }
    let mode: String = dst
        .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
        .map_err(|e| classify(e.into(), dest))?;
    if !mode.eq_ignore_ascii_case("delete") {
        tracing::warn!(path = %dest.display(), mode, "the copy keeps a write-ahead log");
    }
    drop(dst);
    sync_file(dest)
}

fn sync_file(path: &Path) -> Result<(), StoreError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::Io(format!("cannot write {}: {e}", path.display())))
}

/// The daily backups in `data_dir`, newest first (none when the directory does not exist).
pub fn list_backups(data_dir: &Path) -> Result<Vec<BackupFile>, StoreError> {
    let dir = data_dir.join(BACKUPS_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(StoreError::Io(format!(
                "cannot list the backups in {}: {e}",
                dir.display()
            )))
        }
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(date) = name
            .to_str()
            .and_then(|n| n.strip_prefix("lookout-"))
            .and_then(|n| n.strip_suffix(".db"))
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        out.push(BackupFile {
            path: entry.path(),
            date,
            bytes,
        });
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.date));
    Ok(out)
}
