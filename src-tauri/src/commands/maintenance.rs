//! Maintenance windows: list them (active now, next start), add one, remove one.
//!
//! `add_maintenance` checks every argument before anything is written and reports every problem
//! at once, each naming its input (`monitors`, `start`, `duration`, `rrule`), so nothing is ever
//! half-written and the form shows each message next to its field.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use lookout_core::field::FieldError;
use lookout_core::maintenance::{self, Maintenance, NewWindow};
use lookout_core::model::MonitorId;
use lookout_core::storage::StoreError;
use serde::Serialize;
use tauri::State;

use super::{CmdError, CmdResult, Core};

/// A covered monitor, by id and name (`#7` when it was removed since).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonitorRef {
    pub id: MonitorId,
    pub name: String,
}

/// One window as the dashboard lists it.
pub type WindowView = maintenance::WindowView<MonitorRef>;

fn view(w: &Maintenance, names: &HashMap<MonitorId, String>, now: DateTime<Utc>) -> WindowView {
    WindowView::new(w, now, |id| MonitorRef {
        id,
        name: maintenance::monitor_name(names, id),
    })
}

/// A window that passed every check, ready for the core.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedWindow {
    pub monitors: Vec<MonitorId>,
    pub window: NewWindow,
}

/// Checks the form's window against the monitors that exist; every problem at once.
pub fn check_window(
    monitors: &[i64],
    known: &HashMap<MonitorId, String>,
    start: &str,
    duration: &str,
    rrule: Option<&str>,
    now: DateTime<Utc>,
) -> CmdResult<CheckedWindow> {
    let mut errs = Vec::new();
    let mut ids: Vec<MonitorId> = Vec::new();
    if monitors.is_empty() {
        errs.push(FieldError::new(
            "monitors",
            lookout_core::t!("desktop-choose-monitor"),
        ));
    }
    for id in monitors.iter().copied().map(MonitorId) {
        if !known.contains_key(&id) {
            errs.push(FieldError::new(
                "monitors",
                lookout_core::t!("desktop-no-monitor", id = id.to_string()),
            ));
        } else if !ids.contains(&id) {
            ids.push(id);
        }
    }
    match NewWindow::parse(start, duration, rrule, now) {
        Ok(window) if errs.is_empty() => Ok(CheckedWindow {
            monitors: ids,
            window,
        }),
        Ok(_) => Err(invalid(errs)),
        Err(mut e) => {
            errs.append(&mut e);
            Err(invalid(errs))
        }
    }
}

fn invalid(fields: Vec<FieldError>) -> CmdError {
    let message = fields
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    CmdError::invalid(message, fields)
}

/// Monitor names by id, for the listing and for checking the form's choices.
fn names(store: &lookout_core::storage::Store) -> Result<HashMap<MonitorId, String>, StoreError> {
    Ok(store
        .monitors()?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect())
}

/// Every window, oldest first, with whether it is active and when it next starts.
#[tauri::command]
pub async fn list_maintenance(core: State<'_, Core>) -> CmdResult<Vec<WindowView>> {
    let now = Utc::now();
    let (windows, names) = core.read(|s| Ok((s.maintenances()?, names(s)?))).await?;
    Ok(windows.iter().map(|w| view(w, &names, now)).collect())
}

/// Adds a window for `monitors` starting `start` (`now` or RFC 3339), lasting `duration`,
/// repeating by `rrule` when given; returns it as listed.
#[tauri::command]
pub async fn add_maintenance(
    core: State<'_, Core>,
    monitors: Vec<i64>,
    start: String,
    duration: String,
    rrule: Option<String>,
) -> CmdResult<WindowView> {
    let now = Utc::now();
    let known = core.read(names).await?;
    let CheckedWindow { monitors, window } =
        check_window(&monitors, &known, &start, &duration, rrule.as_deref(), now)?;
    let NewWindow {
        start,
        duration,
        rrule,
    } = window;
    let id = core
        .0
        .add_maintenance(monitors.clone(), start, duration, rrule.clone())
        .await?;
    let stored = Maintenance {
        id,
        monitors,
        start,
        duration,
        rrule,
    };
    Ok(view(&stored, &known, now))
}

#[tauri::command]
pub async fn remove_maintenance(core: State<'_, Core>, id: i64) -> CmdResult<()> {
    Ok(core.0.remove_maintenance(id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::time::Duration;

    fn known() -> HashMap<MonitorId, String> {
        HashMap::from([(MonitorId(1), "api".into()), (MonitorId(2), "db".into())])
    }

    fn fields(e: &CmdError) -> Vec<&str> {
        e.fields.iter().map(|f| f.field.as_str()).collect()
    }

    #[test]
    fn a_good_window_passes_with_now_or_a_time() {
        let now = Utc.with_ymd_and_hms(2026, 3, 14, 12, 0, 0).unwrap();
        let w = check_window(&[2, 1, 2], &known(), "now", "90m", Some(" "), now).unwrap();
        assert_eq!(w.monitors, [MonitorId(2), MonitorId(1)]);
        assert_eq!(w.window.start, now);
        assert_eq!(w.window.duration, Duration::from_secs(5400));
        assert_eq!(w.window.rrule, None, "a blank rule is no rule");
        let w = check_window(
            &[1],
            &known(),
            "2026-03-15T23:00:00+01:00",
            "1h",
            Some("RRULE:FREQ=WEEKLY;BYDAY=SU"),
            now,
        )
        .unwrap();
        assert_eq!(
            w.window.start,
            Utc.with_ymd_and_hms(2026, 3, 15, 22, 0, 0).unwrap()
        );
        assert_eq!(w.window.rrule.as_deref(), Some("FREQ=WEEKLY;BYDAY=SU"));
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let now = Utc::now();
        let e =
            check_window(&[], &known(), "later", "0s", Some("FREQ=SOMETIMES"), now).unwrap_err();
        assert_eq!(e.kind, "invalid");
        assert_eq!(fields(&e), ["monitors", "start", "duration", "rrule"]);
        assert!(e.message.contains("rrule: "), "{}", e.message);
        let e = check_window(&[9], &known(), "", "", None, now).unwrap_err();
        assert_eq!(fields(&e), ["monitors", "start", "duration"]);
        assert_eq!(e.fields[0].message, "no monitor 9");
        let e = check_window(&[1], &known(), "now", "an hour", None, now).unwrap_err();
        assert_eq!(fields(&e), ["duration"]);
    }

    #[test]
    fn a_view_says_whether_it_is_active_and_what_comes_next() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 4, 22, 0, 0).unwrap(); // a Sunday
        let w = Maintenance {
            id: 1,
            monitors: vec![MonitorId(1), MonitorId(9)],
            start: t0,
            duration: Duration::from_secs(3600),
            rrule: Some("FREQ=WEEKLY;BYDAY=SU".into()),
        };
        let v = view(&w, &known(), t0 + chrono::Duration::minutes(30));
        assert!(v.active);
        assert_eq!(v.active_until, Some(t0 + chrono::Duration::hours(1)));
        assert_eq!(v.next_start, Some(t0 + chrono::Duration::days(7)));
        assert_eq!(
            v.monitors
                .iter()
                .map(|m| m.name.as_str())
                .collect::<Vec<_>>(),
            ["api", "#9"]
        );
        assert_eq!(v.duration, "1h");
        let once = Maintenance { rrule: None, ..w };
        let v = view(&once, &known(), t0 + chrono::Duration::hours(2));
        assert!(!v.active);
        assert_eq!(v.next_start, None);
    }
}
