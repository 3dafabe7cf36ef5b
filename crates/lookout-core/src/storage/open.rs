//! Opening the database: the file recognised as a sound Lookout database (or refused with an
//! error naming it and saying what is wrong), the writer's pragmas, and the migrations.
//!
//! Three checks, cheapest first: the first 16 bytes must be SQLite's header (else the file is
//! garbage or another kind of file); `PRAGMA application_id` must be Lookout's (else it is some
//! other program's database); and `PRAGMA quick_check(1)` must say `ok`. The quick check reads
//! every page, so it is bounded by [`QUICK_CHECK_BUDGET`]: on a file too big to finish in that
//! time, the pages it did not reach are checked by SQLite as they are read, and a damaged one
//! then fails that read as [`StoreError::Corrupt`].

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::error::{classify, corrupt, read_only, NOT_SQLITE};
use super::{schema, StoreError, BUSY_TIMEOUT};

/// The longest the integrity check at open may take, so that a start (the desktop's window
/// about a damaged file must show within 2 s) or a `lookout status` stays quick. Measured:
/// `PRAGMA quick_check` over a 106 MB database (5 million results), warm page cache, took
/// 1.9 to 2.9 s with an optimised SQLite 3.40 on a busy 2-core VM; so about the first 40 to
/// 50 MB of a file are checked at open, and the rest as it is read.
pub const QUICK_CHECK_BUDGET: Duration = Duration::from_secs(1);

/// Every SQLite 3 database file starts with these 16 bytes.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuses a non-empty file that does not start like an SQLite database, before SQLite sees
/// it (its own error would not say which file, nor what is wrong with it).
pub(super) fn check_header(path: &Path) -> Result<(), StoreError> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        // Absent: it is about to be created. Unreadable: the open says so, naming the file.
        Err(_) => return Ok(()),
    };
    let mut head = [0u8; 16];
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(StoreError::Io(format!(
                    "cannot read the database {}: {e}",
                    path.display()
                )))
            }
        }
    }
    // An empty file is an empty database (Lookout creates it so before SQLite opens it).
    if got == 0 || head == *SQLITE_HEADER {
        Ok(())
    } else {
        Err(corrupt(path, NOT_SQLITE))
    }
}

pub(super) fn connect(path: &Path) -> Result<Connection, StoreError> {
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

/// `true`: closing the connection leaves the write-ahead log as it is instead of copying it
/// into the database and deleting it (SQLite's default for the last connection).
pub(super) fn keep_log_on_close(
    conn: &Connection,
    path: &Path,
    keep: bool,
) -> Result<(), StoreError> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, keep)
        .map(drop)
        .map_err(|e| classify(e.into(), path))
}

/// Checks that the file is a sound Lookout database, sets the writer's pragmas and runs the
/// migrations.
pub(super) fn prepare(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let objects = check_ours(conn, path)?;
    if objects == 0 {
        // Only possible before the first table exists; lets retention give pages back.
        conn.pragma_update(None, "auto_vacuum", "INCREMENTAL")?;
    } else {
        quick_check(conn, path, QUICK_CHECK_BUDGET)?;
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

/// Refuses another program's database; returns how many schema objects the file has (0: a
/// new, empty file).
pub(super) fn check_ours(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    // Migration 1 sets the id, so a file with tables but no id is some other program's.
    if (app_id != 0 && app_id != schema::APPLICATION_ID) || (app_id == 0 && objects > 0) {
        return Err(StoreError::NotLookout {
            path: path.to_path_buf(),
        });
    }
    Ok(objects)
}

/// `PRAGMA quick_check(1)`, stopped after `budget`: `Ok` when it found nothing (or ran out of
/// time), [`StoreError::Corrupt`] with SQLite's first finding otherwise.
pub(super) fn quick_check(
    conn: &Connection,
    path: &Path,
    budget: Duration,
) -> Result<(), StoreError> {
    run_check(conn, path, "PRAGMA quick_check(1)", Some(budget))
}

/// `PRAGMA integrity_check(1)`, unbounded: the full check, for a file about to be restored.
pub(super) fn integrity_check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    run_check(conn, path, "PRAGMA integrity_check(1)", None)
}

pub(super) fn run_check(
    conn: &Connection,
    path: &Path,
    sql: &str,
    budget: Option<Duration>,
) -> Result<(), StoreError> {
    let started = Instant::now();
    if let Some(budget) = budget {
        let deadline = started + budget;
        // Every 10,000 virtual machine steps, well under a millisecond.
        conn.progress_handler(10_000, Some(move || Instant::now() > deadline));
    }
    let found = conn.prepare(sql).and_then(|mut stmt| {
        stmt.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()
    });
    if budget.is_some() {
        conn.progress_handler(0, None::<fn() -> bool>);
    }
    match found {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => {
            tracing::debug!(path = %path.display(), took = ?started.elapsed(), sql, "integrity check passed");
            Ok(())
        }
        Ok(rows) => Err(corrupt(
            path,
            format!("SQLite's integrity check failed: {}", rows.join("; ")),
        )),
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == ErrorCode::OperationInterrupted => {
            tracing::warn!(path = %path.display(), took = ?started.elapsed(), "the integrity check at open ran out of time; the rest of the file is checked as it is read");
            Ok(())
        }
        Err(e) => Err(classify(e.into(), path)),
    }
}

pub(super) fn migration_error(e: rusqlite_migration::Error, path: &Path) -> StoreError {
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
