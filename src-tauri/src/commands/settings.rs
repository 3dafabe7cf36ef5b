//! App settings that belong to the desktop shell, not the engine: start at login.

use serde::Serialize;
use tauri::AppHandle;
use tauri_plugin_autostart::ManagerExt;

use super::{CmdError, CmdResult};

#[derive(Debug, Serialize)]
pub struct Settings {
    /// Start Lookout when the user logs in. Off until the user turns it on.
    pub start_at_login: bool,
}

#[tauri::command]
pub async fn get_settings(app: AppHandle) -> CmdResult<Settings> {
    let start_at_login = app.autolaunch().is_enabled().map_err(CmdError::internal)?;
    Ok(Settings { start_at_login })
}

#[tauri::command]
pub async fn set_start_at_login(app: AppHandle, enabled: bool) -> CmdResult<Settings> {
    let launcher = app.autolaunch();
    let done = if enabled {
        launcher.enable()
    } else {
        launcher.disable()
    };
    done.map_err(CmdError::internal)?;
    get_settings(app).await
}
