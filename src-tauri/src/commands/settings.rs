//! Settings: start at login (the desktop shell's own, kept by the autostart plugin), and the
//! offline check's reference targets (the engine's, in the database, validated by the core and
//! shared with `lookout settings`).

use lookout_core::command::CommandError;
use lookout_core::connectivity::{parse_references, DEFAULT_REFERENCES};
use lookout_core::settings::{self, Setting, REFERENCE_TARGETS};
use lookout_core::storage::Store;
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_autostart::ManagerExt;

use super::{CmdError, CmdResult, Core};

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

/// The dashboard's "Offline detection": the references in force and the defaults beside them.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct ReferenceTargets {
    /// In force. Empty: the reference check is off, only the route check is left.
    pub targets: Vec<String>,
    pub defaults: Vec<String>,
    /// Nothing is set: the defaults are in force.
    pub is_default: bool,
}

impl From<Setting> for ReferenceTargets {
    fn from(s: Setting) -> Self {
        ReferenceTargets {
            // The core wrote the value, so it parses.
            targets: parse_references(&s.value).unwrap_or_default(),
            defaults: DEFAULT_REFERENCES.map(String::from).to_vec(),
            is_default: s.is_default,
        }
    }
}

/// Runs a settings call on the blocking pool, so SQLite never stalls the async workers.
async fn on_store<F>(core: &Core, f: F) -> CmdResult<ReferenceTargets>
where
    F: FnOnce(&Store) -> Result<Setting, CommandError> + Send + 'static,
{
    let store = core.0.store().clone();
    let setting = tauri::async_runtime::spawn_blocking(move || f(&store))
        .await
        .map_err(CmdError::internal)??;
    Ok(setting.into())
}

#[tauri::command]
pub async fn get_reference_targets(core: State<'_, Core>) -> CmdResult<ReferenceTargets> {
    on_store(&core, |s| settings::get(s, REFERENCE_TARGETS)).await
}

/// `value`: `host:port` entries, one per line or comma-separated; empty or `none` turns the
/// reference check off. Invalid: `{kind: "invalid", fields: [{field: "reference_targets", ...}]}`
/// and nothing is written.
#[tauri::command]
pub async fn set_reference_targets(
    core: State<'_, Core>,
    value: String,
) -> CmdResult<ReferenceTargets> {
    on_store(&core, move |s| settings::set(s, REFERENCE_TARGETS, &value)).await
}

#[tauri::command]
pub async fn reset_reference_targets(core: State<'_, Core>) -> CmdResult<ReferenceTargets> {
    on_store(&core, |s| settings::unset(s, REFERENCE_TARGETS)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_lists_targets_and_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("lookout.db")).unwrap();
        let v = ReferenceTargets::from(settings::get(&store, REFERENCE_TARGETS).unwrap());
        assert_eq!(v.targets, v.defaults);
        assert!(v.is_default);
        let v = ReferenceTargets::from(
            settings::set(&store, REFERENCE_TARGETS, "10.0.0.1:53\n[fd00::1]:53\n").unwrap(),
        );
        assert_eq!(v.targets, ["10.0.0.1:53", "[fd00::1]:53"]);
        assert!(!v.is_default);
        let v = ReferenceTargets::from(settings::set(&store, REFERENCE_TARGETS, "").unwrap());
        assert!(v.targets.is_empty() && !v.is_default);
        // What the dashboard shows next to the input.
        let e = CmdError::from(settings::set(&store, REFERENCE_TARGETS, "10.0.0.1").unwrap_err());
        assert_eq!(e.kind, "invalid");
        assert_eq!(e.fields[0].field, "reference_targets");
        assert!(e.fields[0].message.contains("no port"), "{e:?}");
    }
}
