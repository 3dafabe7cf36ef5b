//! Monitors: list, history for the visible rows, add / edit / remove / pause, "Test now".

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use lookout_core::command::CommandError;
use lookout_core::field::FieldError;
use lookout_core::import::recovery_new_to;
use lookout_core::model::{CheckResult, MonitorId};
use lookout_core::monitor::Monitor;
use lookout_core::runtime::Snapshot;
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::SNOOZE_FOREVER;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{CmdError, CmdResult, Core};
use crate::history::{self, MonitorHistory};

/// The core's snapshot, and whose alerts are snoozed until when.
#[derive(Debug, Serialize)]
pub struct MonitorList {
    #[serde(flatten)]
    pub snapshot: Snapshot,
    pub snoozed: BTreeMap<MonitorId, DateTime<Utc>>,
}

/// Every monitor's current state and the overall status.
#[tauri::command]
pub async fn list_monitors(core: State<'_, Core>) -> CmdResult<MonitorList> {
    Ok(MonitorList {
        snapshot: core.0.snapshot(),
        snoozed: crate::tray::active_snoozes(&core.0.snoozes(), Utc::now())
            .into_iter()
            .collect(),
    })
}

/// How long a snooze lasts, as the dashboard sends it: a number of minutes (`60`, `240`, `480`)
/// or `"forever"`, until resumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum SnoozeFor {
    Minutes(u32),
    UntilResumed(UntilResumed),
}

/// The one word `"forever"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UntilResumed {
    Forever,
}

/// When a snooze of `length` started at `now` ends; `None` (no length) lifts the snooze.
pub fn snooze_until(
    length: Option<SnoozeFor>,
    now: DateTime<Utc>,
) -> CmdResult<Option<DateTime<Utc>>> {
    match length {
        None => Ok(None),
        Some(SnoozeFor::UntilResumed(UntilResumed::Forever)) => Ok(Some(SNOOZE_FOREVER)),
        Some(SnoozeFor::Minutes(0)) => Err(CmdError {
            kind: "invalid".into(),
            message: format!("minutes: {}", lookout_core::t!("desktop-snooze-minutes")),
            fields: vec![FieldError::new(
                "minutes",
                lookout_core::t!("desktop-snooze-minutes"),
            )],
        }),
        Some(SnoozeFor::Minutes(m)) => Ok(Some(now + Duration::minutes(m.into()))),
    }
}

/// Holds a monitor's notifications for `minutes`, or until resumed with `"forever"` (`None`
/// lifts the snooze); checks, status and incidents go on.
#[tauri::command]
pub async fn snooze_monitor(
    core: State<'_, Core>,
    id: i64,
    minutes: Option<SnoozeFor>,
) -> CmdResult<()> {
    let until = snooze_until(minutes, Utc::now())?;
    // The core's `snooze_changed` redraws the tray and tells the dashboard.
    core.0.snooze(MonitorId(id), until).await?;
    Ok(())
}

/// A monitor's full definition, for the edit form.
#[tauri::command]
pub async fn get_monitor(core: State<'_, Core>, id: i64) -> CmdResult<MonitorSpec> {
    let m = core.read(move |s| s.monitor(MonitorId(id))).await?;
    Ok(MonitorSpec::from(&m))
}

/// Latency sparkline, daily uptime bars and uptime % for the rows on screen.
#[tauri::command]
pub async fn monitors_history(
    core: State<'_, Core>,
    ids: Vec<i64>,
) -> CmdResult<Vec<MonitorHistory>> {
    let now = Utc::now();
    core.read(move |s| {
        ids.into_iter()
            .map(|id| history::load(s, MonitorId(id), now, Duration::hours(history::SPARK_HOURS)))
            .collect()
    })
    .await
}

/// Saves a new monitor. Recovery actions run as the user whenever the target fails, so one the
/// person has not agreed to (`allow_recovery`, set by the form's consent panel) is refused with
/// `needs_consent`, each action named as its field with the core's description: the boundary
/// holds even if a page skipped the question. Validation errors come first.
#[tauri::command]
pub async fn add_monitor(
    core: State<'_, Core>,
    spec: MonitorSpec,
    allow_recovery: Option<bool>,
) -> CmdResult<i64> {
    agreed(&spec, None, allow_recovery)?;
    Ok(core.0.add_monitor(spec).await?.id.0)
}

/// Saves an edited monitor; as [`add_monitor`], only the actions it did not already have need
/// the person's yes.
#[tauri::command]
pub async fn update_monitor(
    core: State<'_, Core>,
    id: i64,
    spec: MonitorSpec,
    allow_recovery: Option<bool>,
) -> CmdResult<i64> {
    let stored = core.read(move |s| s.monitor(MonitorId(id))).await?;
    agreed(&spec, Some(&stored), allow_recovery)?;
    Ok(core.0.update_monitor(MonitorId(id), spec).await?.id.0)
}

fn agreed(spec: &MonitorSpec, stored: Option<&Monitor>, allow: Option<bool>) -> CmdResult<()> {
    let monitor =
        Monitor::try_from(spec.clone()).map_err(|e| CmdError::from(CommandError::Invalid(e)))?;
    let asks = recovery_new_to(&monitor, stored);
    if asks.is_empty() || allow == Some(true) {
        return Ok(());
    }
    Err(CmdError::needs_consent(
        lookout_core::t!("desktop-save-consent", n = asks.len()),
        asks.into_iter()
            .map(|c| FieldError::new(c.field, c.described))
            .collect(),
    ))
}

#[tauri::command]
pub async fn remove_monitor(core: State<'_, Core>, id: i64) -> CmdResult<()> {
    Ok(core.0.remove_monitor(MonitorId(id)).await?)
}

#[tauri::command]
pub async fn set_paused(core: State<'_, Core>, id: i64, paused: bool) -> CmdResult<()> {
    Ok(core.0.set_paused(MonitorId(id), paused).await?)
}

#[tauri::command]
pub async fn set_all_paused(core: State<'_, Core>, paused: bool) -> CmdResult<()> {
    Ok(core.0.set_all_paused(paused).await?)
}

/// Runs the form's definition once without saving it.
#[tauri::command]
pub async fn test_spec(core: State<'_, Core>, spec: MonitorSpec) -> CmdResult<CheckResult> {
    Ok(core.0.test_spec(spec).await?)
}

/// "Simulate outage": the whole alert path on synthetic failures, without touching the
/// service; only on a monitor that is UP. Returns the simulated incident's id, if one opened.
#[tauri::command]
pub async fn simulate_outage(core: State<'_, Core>, id: i64) -> CmdResult<Option<i64>> {
    Ok(core.0.simulate_outage(MonitorId(id)).await?.map(|i| i.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn length(json: &str) -> Option<SnoozeFor> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn snooze_lengths_as_the_dashboard_sends_them() {
        let now = Utc::now();
        for (json, hours) in [("60", 1), ("240", 4), ("480", 8)] {
            assert_eq!(
                snooze_until(length(json), now).unwrap(),
                Some(now + Duration::hours(hours)),
                "{json}"
            );
        }
        assert_eq!(
            snooze_until(length("\"forever\""), now).unwrap(),
            Some(SNOOZE_FOREVER)
        );
        assert_eq!(snooze_until(length("null"), now).unwrap(), None);
    }

    #[test]
    fn nonsense_lengths_are_refused() {
        let e = snooze_until(length("0"), Utc::now()).unwrap_err();
        assert_eq!(e.kind, "invalid");
        assert_eq!(e.fields[0].field, "minutes");
        for bad in ["\"soon\"", "-5", "1.5", "\"Forever\""] {
            assert!(
                serde_json::from_str::<Option<SnoozeFor>>(bad).is_err(),
                "{bad} must not parse"
            );
        }
    }
}
