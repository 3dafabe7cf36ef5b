//! `lookout maintenance add|list|remove`: maintenance windows, written straight to the database
//! like monitor edits, so they work without a running engine and a running one picks them up.
//!
//! `add` checks every flag before the database is written, and reports every problem at once,
//! each naming its field (`monitor`, `start`, `duration`, `rrule`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use lookout_core::field::FieldError;
use lookout_core::maintenance::{self, Maintenance, NewWindow};
use lookout_core::model::MonitorId;
use lookout_core::t;
use serde::Serialize;

use super::monitors::no_monitor;
use super::{print, Ctx};
use crate::cli::MaintenanceAddArgs;
use crate::error::{exit, CliError};
use crate::output::{json_pretty, local_time, table, NONE};

/// The window `add` would store, or every problem with the flags (monitors are checked by the
/// caller, which has the database).
fn window(a: &MaintenanceAddArgs, now: DateTime<Utc>) -> (Option<NewWindow>, Vec<FieldError>) {
    // A missing flag is named as a flag; what was given is checked by the core, as the
    // dashboard's form is.
    let mut errs = Vec::new();
    if a.start.is_none() {
        errs.push(FieldError::new(
            "start",
            t!("cli-maintenance-start-required"),
        ));
    }
    if a.duration.is_none() {
        errs.push(FieldError::new(
            "duration",
            t!("cli-maintenance-duration-required"),
        ));
    }
    let start = a.start.as_deref().unwrap_or("now");
    let duration = a.duration.as_deref().unwrap_or("1s");
    match NewWindow::parse(start, duration, a.rrule.as_deref(), now) {
        Ok(w) if errs.is_empty() => (Some(w), errs),
        Ok(_) => (None, errs),
        Err(mut e) => {
            errs.append(&mut e);
            // The core's problems come field by field in the same order as ours.
            errs.sort_by_key(|e| {
                ["start", "duration", "rrule"]
                    .iter()
                    .position(|f| *f == e.field)
            });
            (None, errs)
        }
    }
}

pub fn add(ctx: &Ctx, a: &MaintenanceAddArgs) -> Result<u8, CliError> {
    let now = Utc::now();
    let (ok, mut errs) = window(a, now);
    // Monitors by name; the database is not created for a command that fails.
    let db = ctx.open_existing()?;
    let mut ids: Vec<MonitorId> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    if a.monitors.is_empty() {
        errs.push(FieldError::new(
            "monitor",
            t!("cli-maintenance-monitor-required"),
        ));
    }
    for name in &a.monitors {
        let found = match &db {
            Some(db) => db.store.monitor_by_name(name).map_err(db.err())?,
            None => None,
        };
        match found {
            Some(m) if !ids.contains(&m.id) => {
                ids.push(m.id);
                names.push(m.name);
            }
            Some(_) => {}
            None => errs.push(FieldError::new("monitor", no_monitor(name))),
        }
    }
    let (
        Some(NewWindow {
            start,
            duration,
            rrule,
        }),
        Some(db),
        true,
    ) = (ok, db, errs.is_empty())
    else {
        return Err(CliError::Invalid(
            errs.iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect(),
        ));
    };
    let id = db
        .store
        .add_maintenance(&ids, start, duration, rrule.as_deref())
        .map_err(db.err())?;
    let w = Maintenance {
        id,
        monitors: ids,
        start,
        duration,
        rrule,
    };
    let v = view(&w, &HashMap::new(), now);
    let monitors = names.join(&t!("list-sep"));
    let start = local_time(start);
    let duration = v.duration.as_str();
    let mut text = match &w.rrule {
        None => t!(
            "cli-maintenance-added",
            id = id,
            monitors = monitors,
            start = start,
            duration = duration
        ),
        Some(rule) => t!(
            "cli-maintenance-added-repeating",
            id = id,
            monitors = monitors,
            start = start,
            duration = duration,
            rrule = rule.as_str()
        ),
    };
    text.push('\n');
    text.push_str(&match (v.active, v.next_start) {
        (true, _) => t!("cli-maintenance-active-now"),
        (false, Some(next)) => t!("cli-maintenance-next-start", time = local_time(next)),
        (false, None) => t!("cli-maintenance-over"),
    });
    text.push('\n');
    print(&text)?;
    Ok(exit::OK)
}

/// One window in `maintenance list --json`: its monitors by name.
pub type WindowView = maintenance::WindowView<String>;

fn view(w: &Maintenance, names: &HashMap<MonitorId, String>, now: DateTime<Utc>) -> WindowView {
    WindowView::new(w, now, |id| maintenance::monitor_name(names, id))
}

#[derive(Serialize)]
struct ListView {
    maintenance: Vec<WindowView>,
}

pub fn list(ctx: &Ctx, json: bool) -> Result<u8, CliError> {
    let now = Utc::now();
    let views: Vec<WindowView> = match ctx.open_existing()? {
        None => Vec::new(),
        Some(db) => {
            let names: HashMap<MonitorId, String> = db
                .store
                .monitors()
                .map_err(db.err())?
                .into_iter()
                .map(|m| (m.id, m.name))
                .collect();
            db.store
                .maintenances()
                .map_err(db.err())?
                .iter()
                .map(|w| view(w, &names, now))
                .collect()
        }
    };
    if json {
        print(&json_pretty(&ListView { maintenance: views }))?;
        return Ok(exit::OK);
    }
    if views.is_empty() {
        print(&(t!("cli-no-maintenance") + "\n"))?;
        return Ok(exit::OK);
    }
    let rows: Vec<Vec<String>> = views
        .iter()
        .map(|v| {
            vec![
                v.id.to_string(),
                v.monitors.join(&t!("list-sep")),
                local_time(v.start),
                v.duration.clone(),
                v.rrule.clone().unwrap_or_else(|| NONE.into()),
                match v.active_until {
                    Some(until) => t!("cli-maintenance-active-until", time = local_time(until)),
                    None => t!("cli-maintenance-inactive"),
                },
                v.next_start.map_or_else(|| NONE.into(), local_time),
            ]
        })
        .collect();
    let headers = [
        t!("cli-col-id"),
        t!("cli-col-monitors"),
        t!("cli-col-start"),
        t!("cli-col-duration"),
        t!("cli-col-rrule"),
        t!("cli-col-active"),
        t!("cli-col-next-start"),
    ];
    print(&table(&headers, &rows))?;
    Ok(exit::OK)
}

pub fn remove(ctx: &Ctx, id: i64) -> Result<u8, CliError> {
    let not_found = || CliError::NotFound(t!("cli-maintenance-not-found", id = id));
    let db = ctx.open_existing()?.ok_or_else(not_found)?;
    db.store.remove_maintenance(id).map_err(|e| match e {
        lookout_core::storage::StoreError::NotFound(_) => not_found(),
        e => CliError::store(&db.path, e),
    })?;
    print(&(t!("cli-maintenance-removed", id = id) + "\n"))?;
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn args(
        start: Option<&str>,
        duration: Option<&str>,
        rrule: Option<&str>,
    ) -> MaintenanceAddArgs {
        MaintenanceAddArgs {
            monitors: vec!["api".into()],
            start: start.map(Into::into),
            duration: duration.map(Into::into),
            rrule: rrule.map(Into::into),
        }
    }

    fn fields(errs: &[FieldError]) -> Vec<&str> {
        errs.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn every_bad_flag_is_named() {
        let now = Utc::now();
        let (ok, errs) = window(
            &args(Some("now"), Some("1h"), Some("FREQ=WEEKLY;BYDAY=SU")),
            now,
        );
        assert!(ok.is_some() && errs.is_empty(), "{errs:?}");
        let (ok, errs) = window(
            &args(Some("later"), Some("0s"), Some("FREQ=SOMETIMES")),
            now,
        );
        assert!(ok.is_none());
        assert_eq!(fields(&errs), ["start", "duration", "rrule"]);
        let (_, errs) = window(&args(None, None, None), now);
        assert_eq!(fields(&errs), ["start", "duration"]);
        let (_, errs) = window(&args(Some("now"), Some("an hour"), None), now);
        assert_eq!(fields(&errs), ["duration"]);
    }

    #[test]
    fn a_view_says_whether_it_is_active_and_what_comes_next() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 4, 22, 0, 0).unwrap(); // a Sunday
        let w = Maintenance {
            id: 1,
            monitors: vec![MonitorId(1), MonitorId(9)],
            start: t0,
            duration: std::time::Duration::from_secs(3600),
            rrule: Some("FREQ=WEEKLY;BYDAY=SU".into()),
        };
        let names = HashMap::from([(MonitorId(1), "api".to_string())]);
        let v = view(&w, &names, t0 + chrono::Duration::minutes(30));
        assert!(v.active);
        assert_eq!(v.active_until, Some(t0 + chrono::Duration::hours(1)));
        assert_eq!(v.next_start, Some(t0 + chrono::Duration::days(7)));
        assert_eq!(v.monitors, ["api", "#9"]);
        assert_eq!(v.duration, "1h");
        let v = view(&w, &names, t0 + chrono::Duration::hours(2));
        assert!(!v.active);
        let once = Maintenance { rrule: None, ..w };
        let v = view(&once, &names, t0 + chrono::Duration::hours(2));
        assert_eq!(v.next_start, None);
    }
}
