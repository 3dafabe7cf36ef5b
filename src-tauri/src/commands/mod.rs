//! The `#[tauri::command]`s the dashboard calls, one file per domain.
//!
//! Each command is thin: parse the arguments, call the core, and map a failure to a
//! serializable [`CmdError`] `{kind, message, fields: [{field, message}]}` that the form shows
//! next to the fields it names. No SQL and no threshold logic live here.

pub mod backups;
pub mod incidents;
pub mod language;
pub mod maintenance;
pub mod metrics;
pub mod monitors;
pub mod notify;
pub mod settings;
pub mod summary;
pub mod transfer;

use lookout_core::command::CommandError;
use lookout_core::field::FieldError;
use lookout_core::runtime::Runtime;
use lookout_core::storage::{Store, StoreError};
use serde::Serialize;

/// A failed command, as the UI receives it.
#[derive(Debug, Serialize)]
pub struct CmdError {
    /// `invalid`, `not_found`, `store` or `internal`.
    pub kind: String,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl CmdError {
    pub fn invalid(message: impl Into<String>, fields: Vec<FieldError>) -> Self {
        CmdError {
            kind: "invalid".into(),
            message: message.into(),
            fields,
        }
    }

    /// Recovery actions the person has not agreed to: one field per action, its words the
    /// core's description of what would run.
    pub fn needs_consent(message: impl Into<String>, fields: Vec<FieldError>) -> Self {
        CmdError {
            kind: "needs_consent".into(),
            message: message.into(),
            fields,
        }
    }

    pub fn internal(message: impl std::fmt::Display) -> Self {
        CmdError {
            kind: "internal".into(),
            message: message.to_string(),
            fields: Vec::new(),
        }
    }
}

impl From<CommandError> for CmdError {
    fn from(e: CommandError) -> Self {
        CmdError {
            kind: e.kind().into(),
            message: e.to_string(),
            fields: e.field_errors(),
        }
    }
}

impl From<StoreError> for CmdError {
    fn from(e: StoreError) -> Self {
        CommandError::from(e).into()
    }
}

pub type CmdResult<T> = Result<T, CmdError>;

/// Writes `contents` as `name` in the Downloads folder (else the home folder) and returns the
/// path as shown to the person. The page never chooses the place, only what is saved.
pub async fn save_to_downloads(
    app: &tauri::AppHandle,
    name: &str,
    contents: String,
) -> CmdResult<String> {
    use tauri::Manager;
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(CmdError::internal)?;
    let path = dir.join(name);
    let shown = path.display().to_string();
    tauri::async_runtime::spawn_blocking(move || std::fs::write(&path, contents))
        .await
        .map_err(CmdError::internal)?
        .map_err(|e| {
            CmdError::internal(lookout_core::t!(
                "desktop-could-not-save",
                path = shown.as_str(),
                error = e.to_string()
            ))
        })?;
    Ok(shown)
}

/// The running core, managed as Tauri state.
pub struct Core(pub Runtime);

impl Core {
    /// Runs a synchronous store read on the blocking pool, so SQLite never stalls the async workers.
    pub async fn read<T, F>(&self, f: F) -> CmdResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        self.0.store().blocking(f).await.map_err(CmdError::from)
    }
}
