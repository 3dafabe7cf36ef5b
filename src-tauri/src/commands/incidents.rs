//! Incidents: the list (open first) and one incident with its timeline.

use lookout_core::model::{Incident, IncidentId, MonitorId};
use lookout_core::storage::IncidentFilter;
use tauri::State;

use super::{CmdResult, Core};

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
