//! Incidents: the list (open first), one incident with its timeline, and saving its report.

use lookout_core::model::{Incident, IncidentId, MonitorId};
use lookout_core::report;
use lookout_core::storage::IncidentFilter;
use tauri::{AppHandle, State};

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

/// Saves the incident's report, rendered by the core as `lookout report` renders it (Markdown:
/// detection, the rule with its numbers, notifications, recovery attempts, failed checks, MTTD
/// and MTTR over 30 days), as `lookout-incident-ID.md` in the Downloads folder (else the home
/// folder), and returns the path. The page names only the incident, never content or place.
#[tauri::command]
pub async fn save_report(app: AppHandle, core: State<'_, Core>, id: i64) -> CmdResult<String> {
    let now = chrono::Utc::now();
    let markdown = core
        .read(move |s| {
            Ok(report::gather(s, IncidentId(id), now)?
                .report(now)
                .markdown())
        })
        .await?;
    super::save_to_downloads(&app, &format!("lookout-incident-{id}.md"), markdown).await
}
