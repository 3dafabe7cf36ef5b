//! The period summary (the dashboard's weekly review): the core computes it, as for
//! `lookout summary`, so both show the same figures.

use chrono::Utc;
use lookout_core::report::{self, Summary};
use tauri::State;

use super::{CmdError, CmdResult, Core};

/// Uptime per monitor, the incidents, MTTR and MTTD over the last `days` days.
#[tauri::command]
pub async fn get_summary(core: State<'_, Core>, days: i64) -> CmdResult<Summary> {
    let (from, to) = report::last_days(days, Utc::now()).map_err(|e| CmdError {
        kind: "invalid".into(),
        message: e.to_string(),
        fields: vec![e],
    })?;
    core.read(move |s| report::summary(s, from, to)).await
}
