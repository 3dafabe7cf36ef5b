//! A damaged database at start: a window that says so, names the file, and offers the way
//! back, where a tray user looks (not on stderr).
//!
//! When the store cannot be opened because the file itself is corrupt or not Lookout's
//! ([`StoreError::damaged_file`]), nothing starts but this window (`damaged.html`). It offers
//! to start fresh, moving the damaged file aside ([`Store::set_aside`]: renamed, never
//! deleted), or to restore one of the daily backups ([`Store::restore`]); either way Lookout
//! then starts as usual and the dashboard opens. Closing the window instead quits.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use lookout_core::storage::{Store, StoreError};
use serde::Serialize;
use tauri::{AppHandle, Manager, State, WebviewUrl, WebviewWindowBuilder};

use crate::commands::backups::{backups, daily_backup, Backup};
use crate::commands::{CmdError, CmdResult};

/// The window's label; its capability file is `capabilities/damaged.json`.
pub const WINDOW: &str = "damaged";

/// Why Lookout did not start, kept until the user chose.
pub struct Damaged {
    data_dir: PathBuf,
    db: PathBuf,
    error: String,
    launched: Instant,
    /// Set once a choice started Lookout, so a second click does nothing twice.
    done: Mutex<bool>,
}

impl Damaged {
    pub fn new(data_dir: &Path, db: &Path, error: &StoreError, launched: Instant) -> Self {
        Damaged {
            data_dir: data_dir.to_path_buf(),
            db: db.to_path_buf(),
            error: error.to_string(),
            launched,
            done: Mutex::new(false),
        }
    }
}

/// Opens the window, or brings it forward.
pub fn open_window(app: &AppHandle) -> tauri::Result<()> {
    if let Some(w) = app.get_webview_window(WINDOW) {
        w.show()?;
        return w.set_focus();
    }
    WebviewWindowBuilder::new(app, WINDOW, WebviewUrl::App("damaged.html".into()))
        .title(lookout_core::t!("desktop-damaged-title"))
        .inner_size(680.0, 480.0)
        .min_inner_size(420.0, 320.0)
        .build()?;
    Ok(())
}

#[derive(Debug, Serialize)]
pub struct DamagedInfo {
    /// The damaged file.
    pub path: String,
    /// What is wrong with it, naming it.
    pub error: String,
    /// The daily backups, newest first.
    pub backups: Vec<Backup>,
}

#[tauri::command]
pub fn damaged_info(damaged: State<'_, Damaged>) -> DamagedInfo {
    DamagedInfo {
        path: damaged.db.display().to_string(),
        error: damaged.error.clone(),
        backups: backups(&damaged.data_dir),
    }
}

/// What a choice did, for the window to say before it closes.
#[derive(Debug, Serialize)]
pub struct Recovered {
    /// Where the damaged file now is.
    pub kept_as: Option<String>,
}

/// Moves the damaged file aside and starts Lookout on a new, empty database.
#[tauri::command]
pub fn start_fresh(app: AppHandle, damaged: State<'_, Damaged>) -> CmdResult<Recovered> {
    let mut done = damaged.done.lock().unwrap_or_else(|p| p.into_inner());
    if *done {
        return Err(CmdError::internal(lookout_core::t!(
            "desktop-already-started"
        )));
    }
    let aside = Store::set_aside(&damaged.db)?;
    tracing::warn!(damaged = %damaged.db.display(), kept_as = %aside.display(), "started fresh");
    go_on(&app, &damaged)?;
    *done = true;
    Ok(Recovered {
        kept_as: Some(aside.display().to_string()),
    })
}

/// Puts the daily backup at `path` in place of the damaged file (kept aside as
/// `lookout.db.replaced-…`) and starts Lookout on it.
#[tauri::command]
pub fn restore_backup(
    app: AppHandle,
    damaged: State<'_, Damaged>,
    path: String,
) -> CmdResult<Recovered> {
    let mut done = damaged.done.lock().unwrap_or_else(|p| p.into_inner());
    if *done {
        return Err(CmdError::internal(lookout_core::t!(
            "desktop-already-started"
        )));
    }
    let backup = daily_backup(&damaged.data_dir, &path)?;
    // Lookout's own daily copies of this database: their recovery actions are the user's.
    let restored = Store::restore(&damaged.db, &backup.path, true)?;
    tracing::warn!(from = %backup.path.display(), "restored a daily backup over a damaged database");
    go_on(&app, &damaged)?;
    *done = true;
    Ok(Recovered {
        kept_as: restored.previous.map(|p| p.display().to_string()),
    })
}

/// Starts Lookout as a normal launch would, opens the dashboard and closes this window.
fn go_on(app: &AppHandle, damaged: &Damaged) -> CmdResult<()> {
    crate::start(app, &damaged.data_dir, damaged.launched)
        .map_err(|e| CmdError::internal(format!("{e:#}")))?;
    crate::windows::open_or_log(app, None);
    if let Some(w) = app.get_webview_window(WINDOW) {
        let _ = w.close();
    }
    Ok(())
}
