//! Backups: the daily copies the engine keeps (the last 7, in `DATA_DIR/backups/`), and putting
//! one back while Lookout runs.
//!
//! A restore needs the database to itself, so the engine stops first (the same order as Quit:
//! metrics, then the daemon, its last results written), [`Store::restore`] puts the copy in
//! place (the database it replaces kept aside as `lookout.db.replaced-…`), and the app starts
//! again as a new process: everything that holds the old database (the runtime, the bridge,
//! the tray's view of it) begins afresh instead of being swapped under a running engine. The
//! outcome crosses the restart in a file in the data directory (`restore-outcome.json`, 0600;
//! an environment variable set while GTK and WebKit threads read the environment would race),
//! and the new process opens the dashboard on this page, which says it once and removes the
//! file. Quit (or SIGTERM) during a restore ends it in an exit instead of a restart; closing
//! the window does not stop it halfway.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Mutex;

use lookout_core::paths;
use lookout_core::storage::{list_backups, BackupFile, Store, StoreError, BACKUPS_DIR};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};

use super::{CmdError, CmdResult};

/// Carries a restore's outcome to the process that starts after it, in the data directory.
pub const OUTCOME_FILE: &str = "restore-outcome.json";
/// Where the new process opens the dashboard after a restore.
pub const ROUTE: &str = "/backups";

/// The data directory the running engine uses.
pub struct DataDir(pub PathBuf);

/// What the restore before this start did, until the dashboard has shown it.
#[derive(Default)]
pub struct LastRestore(pub Mutex<Option<Outcome>>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub ok: bool,
    /// For a person: what was restored and where the replaced database went, or what failed
    /// (the database then is as it was).
    pub message: String,
}

impl LastRestore {
    /// The outcome the process before this one left in `data_dir`, if it restored a backup.
    /// The file stays until the dashboard has shown it.
    pub fn read(data_dir: &Path) -> Self {
        let outcome = std::fs::read(data_dir.join(OUTCOME_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        LastRestore(Mutex::new(outcome))
    }

    pub fn is_set(&self) -> bool {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).is_some()
    }

    /// The outcome, once: the file goes with it.
    fn take(&self, data_dir: &Path) -> Option<Outcome> {
        let taken = self.0.lock().unwrap_or_else(|p| p.into_inner()).take();
        if taken.is_some() {
            let _ = std::fs::remove_file(data_dir.join(OUTCOME_FILE));
        }
        taken
    }
}

fn leave(data_dir: &Path, outcome: &Outcome) {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let path = data_dir.join(OUTCOME_FILE);
    let written = serde_json::to_vec(outcome)
        .map_err(std::io::Error::other)
        .and_then(|json| {
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(&path)?
                .write_all(&json)
        });
    if let Err(e) = written {
        tracing::error!(path = %path.display(), error = %e, "could not leave the restore's outcome for the next start");
    }
}

#[derive(Debug, Serialize)]
pub struct Backup {
    pub path: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub bytes: u64,
}

/// The daily backups in `data_dir`, newest first.
pub fn backups(data_dir: &Path) -> Vec<Backup> {
    list_backups(data_dir)
        .unwrap_or_default()
        .into_iter()
        .map(|b| Backup {
            path: b.path.display().to_string(),
            date: b.date.to_string(),
            bytes: b.bytes,
        })
        .collect()
}

/// The daily backup at `path`. Only those: a page names one of the listed files, it does not
/// choose files.
pub fn daily_backup(data_dir: &Path, path: &str) -> CmdResult<BackupFile> {
    list_backups(data_dir)
        .map_err(CmdError::from)?
        .into_iter()
        .find(|b| b.path.display().to_string() == path)
        .ok_or_else(|| CmdError::internal(lookout_core::t!("desktop-not-a-backup", path = path)))
}

#[derive(Debug, Serialize)]
pub struct BackupsPage {
    pub dir: String,
    pub backups: Vec<Backup>,
    /// The restore that led to this start, shown once.
    pub restored: Option<Outcome>,
}

#[tauri::command]
pub fn list_daily_backups(dir: State<'_, DataDir>, last: State<'_, LastRestore>) -> BackupsPage {
    BackupsPage {
        dir: dir.0.join(BACKUPS_DIR).display().to_string(),
        backups: backups(&dir.0),
        restored: last.take(&dir.0),
    }
}

/// Stops the engine, puts the daily backup at `path` in place and starts Lookout again. Returns
/// once the restore is under way; the window closes with the old process.
#[tauri::command]
pub fn restore_daily_backup(
    app: AppHandle,
    dir: State<'_, DataDir>,
    path: String,
) -> CmdResult<()> {
    let backup = daily_backup(&dir.0, &path)?;
    let q = app.state::<crate::Quitting>();
    if q.stopping.swap(true, Ordering::SeqCst) {
        return Err(CmdError::internal(lookout_core::t!(
            "desktop-already-stopping"
        )));
    }
    q.restoring.store(true, Ordering::SeqCst);
    let data_dir = dir.0.clone();
    let db = paths::db_path(&data_dir);
    tauri::async_runtime::spawn(async move {
        tracing::warn!(from = %backup.path.display(), "restoring a daily backup: stopping the engine");
        crate::stop_engine(&app).await;
        // Lookout's own daily copies of this database: their recovery actions are the user's.
        let from = backup.path.clone();
        let restored =
            tauri::async_runtime::spawn_blocking(move || Store::restore(&db, &from, true))
                .await
                .map_err(|e| StoreError::Io(e.to_string()))
                .and_then(|r| r);
        let outcome = match restored {
            Ok(r) => Outcome {
                ok: true,
                message: lookout_core::t!(
                    "desktop-restored",
                    date = backup.date.to_string(),
                    n = r.monitors,
                    kept = r
                        .previous
                        .map(|p| lookout_core::t!(
                            "desktop-replaced-kept",
                            path = p.display().to_string()
                        ))
                        .unwrap_or_default()
                ),
            },
            // Store::restore leaves the database as it was on any error.
            Err(e) => Outcome {
                ok: false,
                message: lookout_core::t!(
                    "desktop-restore-failed",
                    date = backup.date.to_string(),
                    error = e.to_string()
                ),
            },
        };
        tracing::warn!(ok = outcome.ok, message = %outcome.message, "restore done");
        leave(&data_dir, &outcome);
        if app
            .state::<crate::Quitting>()
            .quit_asked
            .load(Ordering::SeqCst)
        {
            app.exit(0);
        } else {
            app.request_restart();
        }
    });
    Ok(())
}
