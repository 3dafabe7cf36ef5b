//! Incidents: the list (open first), one incident with its timeline, and saving its report.

use lookout_core::model::{Incident, IncidentId, MonitorId};
use lookout_core::storage::IncidentFilter;
use tauri::{AppHandle, Manager, State};

use super::{CmdError, CmdResult, Core};

/// A report larger than this is not an incident report.
const MAX_REPORT_BYTES: usize = 4 << 20;

/// Open incidents first, then the newest; `monitor` narrows to one monitor.
#[tauri::command]
pub async fn list_incidents(
    core: State<'_, Core>,
    monitor: Option<i64>,
    limit: Option<usize>,
) -> CmdResult<Vec<Incident>> {
    let filter = IncidentFilter {
        monitor: monitor.map(MonitorId),
        limit: Some(limit.unwrap_or(100).min(1000)),
        ..Default::default()
    };
    core.read(move |s| s.incidents(&filter)).await
}

#[tauri::command]
pub async fn get_incident(core: State<'_, Core>, id: i64) -> CmdResult<Incident> {
    core.read(move |s| s.incident(IncidentId(id))).await
}

/// Saves the report the dashboard rendered from the incident (Markdown) as
/// `lookout-incident-ID.md` in the Downloads folder (else the home folder) and returns the
/// path. The name comes from the id alone: the page chooses the content, never the place.
#[tauri::command]
pub async fn save_report(app: AppHandle, id: i64, markdown: String) -> CmdResult<String> {
    if markdown.len() > MAX_REPORT_BYTES {
        return Err(CmdError::internal("the report is too large to save"));
    }
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(CmdError::internal)?;
    let path = dir.join(format!("lookout-incident-{id}.md"));
    let shown = path.display().to_string();
    tauri::async_runtime::spawn_blocking(move || std::fs::write(&path, markdown))
        .await
        .map_err(CmdError::internal)?
        .map_err(|e| CmdError::internal(format!("could not save {shown}: {e}")))?;
    Ok(shown)
}
