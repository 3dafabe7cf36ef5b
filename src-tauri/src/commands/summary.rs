//! The period summary (the dashboard's weekly review): the core computes it, as for
//! `lookout summary`, so both show the same figures.

use chrono::{Duration, Utc};
use lookout_core::config::FieldError;
use lookout_core::report::{self, Summary};
use lookout_core::storage::ROLLUP_RETENTION_DAYS;
use tauri::State;

use super::{CmdError, CmdResult, Core};

/// `days` as the summary takes it: 1 to [`ROLLUP_RETENTION_DAYS`] (uptime comes from the
/// hourly rollups, kept that long).
pub fn check_days(days: i64) -> CmdResult<u32> {
    let max = i64::from(ROLLUP_RETENTION_DAYS);
    if (1..=max).contains(&days) {
        return Ok(days as u32);
    }
    let message = format!("must be between 1 and {max} (rollups are kept {max} days), got {days}");
    Err(CmdError {
        kind: "invalid".into(),
        message: format!("days: {message}"),
        fields: vec![FieldError::new("days", message)],
    })
}

/// Uptime per monitor, the incidents, MTTR and MTTD over the last `days` days.
#[tauri::command]
pub async fn get_summary(core: State<'_, Core>, days: i64) -> CmdResult<Summary> {
    let days = check_days(days)?;
    let to = Utc::now();
    let from = to - Duration::days(days.into());
    core.read(move |s| report::summary(s, from, to)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_bounded_by_the_rollups() {
        assert_eq!(check_days(1).unwrap(), 1);
        assert_eq!(check_days(30).unwrap(), 30);
        for bad in [0, -7, i64::from(ROLLUP_RETENTION_DAYS) + 1] {
            let e = check_days(bad).unwrap_err();
            assert_eq!(e.kind, "invalid");
            assert_eq!(e.fields[0].field, "days", "{bad}");
        }
    }
}
