//! The database's files on disk: who may read them, the engine lock, and moving a damaged
//! database aside.
//!
//! The database holds Authorization headers, push tokens and webhook URLs, so the data
//! directory is created 0700 and the database 0600 (SQLite gives its `-wal` and `-shm` files the
//! database's mode). Files an older Lookout left readable by others are tightened at open, but
//! only those this user owns: a directory shared on purpose (sticky, like /tmp) or another
//! user's file is left alone.
//!
//! A damaged database is never deleted: [`Store::set_aside`] renames it with its `-wal` and
//! `-shm` (the log may hold the last transactions, and renamed together they still open as one
//! database) so that a fresh one can be created, or a backup put in its place.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{Store, StoreError};

/// The files SQLite keeps beside a database, by suffix. They belong to it: moved with it,
/// tightened with it.
pub(super) const SIDECARS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// `path` with `suffix` appended to its file name (`lookout.db` + `-wal`).
pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The size and modification time of the database and its write-ahead log: any write, by this
/// process or another, changes it. Two `stat` calls, so an idle engine can look for changes
/// every second without a trip to SQLite (and to a blocking thread).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileStamp([Option<(u64, std::time::SystemTime)>; 2]);

impl FileStamp {
    pub fn of(db_path: &Path) -> FileStamp {
        let stat = |p: &Path| {
            std::fs::metadata(p)
                .ok()
                .map(|m| (m.len(), m.modified().unwrap_or(std::time::UNIX_EPOCH)))
        };
        FileStamp([stat(db_path), stat(&with_suffix(db_path, "-wal"))])
    }
}

/// The file a writer touches after committing a change a running engine must hear of: a
/// monitor, a setting, a snooze, a request (see `runtime::files_watch`). The engine watches
/// this file alone, so the stream of its own result commits to the database and its log does
/// not wake it.
pub fn changes_path(db_path: &Path) -> PathBuf {
    with_suffix(db_path, ".changed")
}

/// Touches [`changes_path`] (an open for writing and a close, which inotify reports), creating
/// it 0600. Best effort: an engine that does not hear it reads the database within a minute
/// anyway, so a failure is only logged.
pub(crate) fn ring(db_path: &Path) {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    if let Err(error) = o.open(changes_path(db_path)) {
        tracing::debug!(%error, "could not tell a running engine of a change");
    }
}

/// The file whose OS lock a running engine holds (see `runtime::Runtime::start`): one engine
/// per database, and nothing restores or moves the database under it.
pub fn engine_lock_path(db_path: &Path) -> PathBuf {
    with_suffix(db_path, ".engine-lock")
}

/// Whether an engine (the desktop app or `lookout run`, in this process or another) holds
/// the database's engine lock now. Tries the lock without keeping it. A lock file that cannot
/// be opened means no engine ever ran on this database.
pub fn engine_running(db_path: &Path) -> bool {
    let path = engine_lock_path(db_path);
    let Ok(file) = File::open(&path) else {
        return false;
    };
    match file.try_lock() {
        // Dropping the file releases the lock just taken.
        Ok(()) => false,
        Err(std::fs::TryLockError::WouldBlock) => true,
        Err(std::fs::TryLockError::Error(error)) => {
            tracing::warn!(path = %path.display(), %error, "cannot try the engine lock; assuming no engine runs");
            false
        }
    }
}

/// The engine lock, held by this process until dropped, so that no engine starts while the
/// database file is being replaced.
pub(super) struct EngineLock {
    _file: File,
}

pub(super) fn lock_engine(db_path: &Path) -> Result<EngineLock, StoreError> {
    let path = engine_lock_path(db_path);
    let file = create_private(&path, false).map_err(|e| {
        StoreError::Io(format!(
            "cannot open the engine lock {}: {e}",
            path.display()
        ))
    })?;
    match file.try_lock() {
        Ok(()) => Ok(EngineLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::EngineRunning {
            path: db_path.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(StoreError::Io(format!(
            "cannot take the engine lock {}: {e}",
            path.display()
        ))),
    }
}

/// Opens `path` for writing, creating it readable by this user only. `truncate`: empty it.
pub(super) fn create_private(path: &Path, truncate: bool) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).write(true).truncate(truncate);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

/// Creates `dir` (and its missing parents) readable by this user only, or tightens it if it
/// exists.
pub(super) fn private_dir(dir: &Path) -> Result<(), StoreError> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir).map_err(|e| {
        StoreError::Io(format!(
            "cannot create the directory {}: {e}",
            dir.display()
        ))
    })?;
    tighten(dir);
    Ok(())
}

/// Creates the database file 0600 if it does not exist yet (an empty file is an empty SQLite
/// database), so that SQLite never creates it, or its `-wal` and `-shm`, readable by others;
/// tightens it and its sidecars if they exist.
pub(super) fn private_db_file(path: &Path) -> Result<(), StoreError> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    match o.open(path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => tighten(path),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(super::error::read_only(path))
        }
        Err(e) => {
            return Err(StoreError::Io(format!(
                "cannot create the database {}: {e}",
                path.display()
            )))
        }
    }
    for s in SIDECARS {
        tighten(&with_suffix(path, s));
    }
    Ok(())
}

/// Takes group and other permissions off a file or directory this user owns. Failing to is
/// logged, not fatal: some file systems have no modes at all.
fn tighten(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let Ok(meta) = std::fs::metadata(path) else {
            return;
        };
        if meta.uid() != rustix::process::geteuid().as_raw() {
            tracing::debug!(path = %path.display(), "not tightening the permissions of a file another user owns");
            return;
        }
        let mode = meta.mode() & 0o7777;
        // A sticky directory (like /tmp) is shared on purpose: taking it away from others
        // would break them, and the database file itself is private anyway.
        if meta.is_dir() && mode & 0o1000 != 0 {
            return;
        }
        let wanted = mode & !0o077;
        if wanted == mode {
            return;
        }
        match std::fs::set_permissions(path, std::fs::Permissions::from_mode(wanted)) {
            Ok(()) => tracing::info!(
                path = %path.display(),
                from = format!("{mode:o}"),
                to = format!("{wanted:o}"),
                "made readable by this user only: it holds credentials"
            ),
            Err(error) => {
                tracing::warn!(path = %path.display(), %error, "cannot tighten the permissions")
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Flushes a directory's entries (renames, new files) to disk.
pub(super) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Err(error) = File::open(dir).and_then(|d| d.sync_all()) {
        tracing::warn!(dir = %dir.display(), %error, "cannot flush the directory");
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The directory a database file is in (`.` for a bare file name).
pub(super) fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Renames the database and its sidecars to `NAME.LABEL-YYYYMMDDTHHMMSSZ` (plus `-2`, `-3`
/// ... if that is taken), sidecars keeping their suffix so the set still opens as one database.
/// Returns the database's new path. A log without its database is moved too (it must not meet
/// the next database at that name). The caller holds the engine lock.
pub(super) fn move_aside(
    db_path: &Path,
    label: &str,
    now: DateTime<Utc>,
) -> Result<PathBuf, StoreError> {
    let present = |p: &Path| p.exists() || SIDECARS.iter().any(|s| with_suffix(p, s).exists());
    if !present(db_path) {
        return Err(StoreError::NotFound(crate::t!(
            "error-what-database",
            path = db_path.display().to_string()
        )));
    }
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let free = |p: &Path| !present(p);
    let mut n = 1u32;
    let aside = loop {
        let tag = if n == 1 {
            format!(".{label}-{stamp}")
        } else {
            format!(".{label}-{stamp}-{n}")
        };
        let candidate = with_suffix(db_path, &tag);
        if free(&candidate) {
            break candidate;
        }
        n += 1;
    };
    let rename = |from: &Path, to: &Path| {
        std::fs::rename(from, to).map_err(|e| {
            StoreError::Io(format!(
                "cannot move {} to {}: {e}",
                from.display(),
                to.display()
            ))
        })
    };
    // The log first: left behind, it would be replayed into the fresh database created at the
    // old name as if its pages were that database's (a log is checked against itself, not
    // against the file beside it).
    for s in SIDECARS {
        let side = with_suffix(db_path, s);
        if side.exists() {
            rename(&side, &with_suffix(&aside, s))?;
        }
    }
    if db_path.exists() {
        rename(db_path, &aside)?;
    }
    sync_dir(parent_dir(db_path));
    tracing::warn!(from = %db_path.display(), to = %aside.display(), "database moved aside");
    Ok(aside)
}

impl Store {
    /// Renames a damaged database (with its `-wal` and `-shm`) to
    /// `lookout.db.damaged-YYYYMMDDTHHMMSSZ` beside it, never deleting anything, so that the
    /// next [`Store::open`] creates a fresh one: the desktop's "start fresh". Returns where the
    /// file went. Refused with [`StoreError::EngineRunning`] while an engine runs on it (this
    /// process must not have it open either: drop every `Store` on it first).
    pub fn set_aside(db_path: &Path) -> Result<PathBuf, StoreError> {
        let _lock = lock_engine(db_path)?;
        move_aside(db_path, "damaged", Utc::now())
    }
}
