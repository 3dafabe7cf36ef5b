//! Maintenance windows: list them (active now, next start), add one, remove one.
//!
//! `add_maintenance` checks every argument before anything is written and reports every problem
//! at once, each naming its input (`monitors`, `start`, `duration`, `rrule`), so nothing is ever
//! half-written and the form shows each message next to its field.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use lookout_core::config::{self, FieldError};
use lookout_core::maintenance::{validate_window, Maintenance};
use lookout_core::model::MonitorId;
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowView {
    pub id: i64,
    pub monitors: Vec<MonitorRef>,
    pub start: DateTime<Utc>,
    /// As written: `1h`, `30m`.
    pub duration: String,
    pub duration_s: u64,
    pub rrule: Option<String>,
    /// Whether an occurrence covers the present moment.
    pub active: bool,
    /// When the current occurrence ends, while active.
    pub active_until: Option<DateTime<Utc>>,
    /// The next occurrence to start after now; `None` when none will.
    pub next_start: Option<DateTime<Utc>>,
}

impl WindowView {
    pub fn new(w: &Maintenance, names: &HashMap<MonitorId, String>, now: DateTime<Utc>) -> Self {
        let current = w.current_start(now);
        let dur = chrono::Duration::from_std(w.duration).unwrap_or(chrono::Duration::zero());
        WindowView {
            id: w.id,
            monitors: w
                .monitors
                .iter()
                .map(|id| MonitorRef {
                    id: *id,
                    name: names.get(id).cloned().unwrap_or_else(|| format!("#{id}")),
                })
                .collect(),
            start: w.start,
            duration: config::format_duration(w.duration),
            duration_s: w.duration.as_secs(),
            rrule: w.rrule.clone(),
            active: current.is_some(),
            active_until: current.map(|s| s + dur),
            // Strictly after now, so an occurrence starting this instant is not "next" as well.
            next_start: w.next_start(now + chrono::Duration::milliseconds(1)),
        }
    }
}

/// A window that passed every check, ready for the core.
#[derive(Debug, Clone, PartialEq)]
pub struct NewWindow {
    pub monitors: Vec<MonitorId>,
    pub start: DateTime<Utc>,
    pub duration: Duration,
    pub rrule: Option<String>,
}

/// `start`: `now`, or an RFC 3339 time with its offset (the form sends UTC).
fn parse_start(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(FieldError::new(
            "start",
            "is required: now or a date and time",
        ));
    }
    if t.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    DateTime::parse_from_rfc3339(t)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            FieldError::new(
                "start",
                format!("\"{t}\" is not `now` or a time like 2026-03-01T22:00:00Z: {e}"),
            )
        })
}

/// Checks the form's window against the monitors that exist; every problem at once.
pub fn check_window(
    monitors: &[i64],
    known: &HashMap<MonitorId, String>,
    start: &str,
    duration: &str,
    rrule: Option<&str>,
    now: DateTime<Utc>,
) -> CmdResult<NewWindow> {
    let mut errs = Vec::new();
    let mut ids: Vec<MonitorId> = Vec::new();
    if monitors.is_empty() {
        errs.push(FieldError::new("monitors", "choose at least one monitor"));
    }
    for id in monitors.iter().copied().map(MonitorId) {
        if !known.contains_key(&id) {
            errs.push(FieldError::new("monitors", format!("no monitor {id}")));
        } else if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let start = parse_start(start, now).map_err(|e| errs.push(e)).ok();
    let duration = if duration.trim().is_empty() {
        errs.push(FieldError::new("duration", "is required, like 30m or 2h"));
        None
    } else {
        config::parse_duration("duration", duration)
            .map_err(|e| errs.push(e))
            .ok()
    };
    let rrule = rrule
        .map(|r| r.trim().trim_start_matches("RRULE:").to_string())
        .filter(|r| !r.is_empty());
    // The rule is checked even when the start is bad, anchored at now, so its problems show too.
    if let Err(mut e) = validate_window(
        start.unwrap_or(now),
        duration.unwrap_or(Duration::from_secs(1)),
        rrule.as_deref(),
    ) {
        errs.append(&mut e);
    }
    match (start, duration) {
        (Some(start), Some(duration)) if errs.is_empty() => Ok(NewWindow {
            monitors: ids,
            start,
            duration,
            rrule,
        }),
        _ => Err(invalid(errs)),
    }
}

fn invalid(fields: Vec<FieldError>) -> CmdError {
    CmdError {
        kind: "invalid".into(),
        message: fields
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
        fields,
    }
}

fn names(store: &lookout_core::storage::Store) -> CmdResult<HashMap<MonitorId, String>> {
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
    let (windows, names) = core
        .read(|s| Ok((s.maintenances()?, s.monitors()?)))
        .await?;
    let names = names.into_iter().map(|m| (m.id, m.name)).collect();
    Ok(windows
        .iter()
        .map(|w| WindowView::new(w, &names, now))
        .collect())
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
    let store = core.0.store().clone();
    let known = tauri::async_runtime::spawn_blocking(move || names(&store))
        .await
        .map_err(CmdError::internal)??;
    let w = check_window(&monitors, &known, &start, &duration, rrule.as_deref(), now)?;
    let id = core
        .0
        .add_maintenance(w.monitors.clone(), w.start, w.duration, w.rrule.clone())
        .await?;
    let stored = Maintenance {
        id,
        monitors: w.monitors,
        start: w.start,
        duration: w.duration,
        rrule: w.rrule,
    };
    Ok(WindowView::new(&stored, &known, now))
}

#[tauri::command]
pub async fn remove_maintenance(core: State<'_, Core>, id: i64) -> CmdResult<()> {
    Ok(core.0.remove_maintenance(id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
        assert_eq!(w.start, now);
        assert_eq!(w.duration, Duration::from_secs(5400));
        assert_eq!(w.rrule, None, "a blank rule is no rule");
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
            w.start,
            Utc.with_ymd_and_hms(2026, 3, 15, 22, 0, 0).unwrap()
        );
        assert_eq!(w.rrule.as_deref(), Some("FREQ=WEEKLY;BYDAY=SU"));
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
        let v = WindowView::new(&w, &known(), t0 + chrono::Duration::minutes(30));
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
        let v = WindowView::new(&once, &known(), t0 + chrono::Duration::hours(2));
        assert!(!v.active);
        assert_eq!(v.next_start, None);
    }
}
