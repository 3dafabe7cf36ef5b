//! Maintenance windows and snoozes: times when checks go on but nothing alerts.
//!
//! A maintenance window covers chosen monitors, once (`start` + `duration`) or recurring with an
//! iCalendar RRULE as Kener does (`FREQ=WEEKLY;BYDAY=SU`, each occurrence lasting `duration`).
//! Inside one, a monitor reads MAINTENANCE, no rule triggers and no incident opens, and its
//! results are stored as maintenance, not downtime. A snooze is lighter: the monitor is checked,
//! its status and incidents are real, only notifications are held until the snooze ends.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::field::{defaults, FieldError};
use crate::model::MonitorId;

mod rule;

pub use rule::{Rule, Schedule, MAX_COUNT, MAX_RULE_LEN};

/// A stored maintenance window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Maintenance {
    pub id: i64,
    pub monitors: Vec<MonitorId>,
    pub start: DateTime<Utc>,
    #[serde(serialize_with = "ser_duration")]
    pub duration: Duration,
    /// An RRULE (`FREQ=DAILY;BYHOUR=3`) repeating the window from `start`.
    pub rrule: Option<String>,
}

fn ser_duration<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::field::format_duration(*d))
}

/// Checks an RRULE anchored at `start`: a single rule (`FREQ=WEEKLY;BYDAY=SU`), repeating at
/// most hourly, that occurs at least once. Errors name the `rrule` field.
pub fn parse_rrule(start: DateTime<Utc>, rule: &str) -> Result<Rule, FieldError> {
    Rule::parse(start, rule)
}

/// `start` as typed: `now`, or an RFC 3339 time with its offset.
pub fn parse_start(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(FieldError::new("start", crate::t!("field-start-required")));
    }
    if t.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    DateTime::parse_from_rfc3339(t)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            FieldError::new(
                "start",
                crate::t!("field-start-invalid", value = t, error = e.to_string()),
            )
        })
}

/// A window as typed (CLI flags, the dashboard's form), checked and ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewWindow {
    pub start: DateTime<Utc>,
    pub duration: Duration,
    /// Without a leading `RRULE:`; a blank rule is no rule.
    pub rrule: Option<String>,
}

impl NewWindow {
    /// Checks `start`, `duration` and `rrule` as typed, every problem at once, each naming its
    /// field, so a form can show each next to its input and nothing is stored half-checked.
    /// (Which monitors it covers is checked by whoever resolves them: names or ids.)
    pub fn parse(
        start: &str,
        duration: &str,
        rrule: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<NewWindow, Vec<FieldError>> {
        let mut errs = Vec::new();
        let start = parse_start(start, now).map_err(|e| errs.push(e)).ok();
        let duration = if duration.trim().is_empty() {
            let message = crate::t!("field-window-duration-required");
            errs.push(FieldError::new("duration", message));
            None
        } else {
            crate::field::parse_duration("duration", duration)
                .map_err(|e| errs.push(e))
                .ok()
        };
        let rrule = rrule
            .map(|r| r.trim().trim_start_matches("RRULE:").trim().to_string())
            .filter(|r| !r.is_empty());
        // The rule is checked even when the start is bad, anchored at now, so its problems
        // show too.
        if let Err(mut e) = validate_window(
            start.unwrap_or(now),
            duration.unwrap_or(Duration::from_secs(1)),
            rrule.as_deref(),
        ) {
            errs.append(&mut e);
        }
        match (start, duration) {
            (Some(start), Some(duration)) if errs.is_empty() => Ok(NewWindow {
                start,
                duration,
                rrule,
            }),
            _ => Err(errs),
        }
    }
}

/// The longest window: a year and a day. Beyond it a monitor is better paused.
pub const MAX_WINDOW: Duration = defaults::MAX_WINDOW;

/// Validates a window before it is stored: a duration from 1s to [`MAX_WINDOW`], an RRULE
/// [`parse_rrule`] takes.
pub fn validate_window(
    start: DateTime<Utc>,
    duration: Duration,
    rrule: Option<&str>,
) -> Result<(), Vec<FieldError>> {
    let mut errs = Vec::new();
    if duration < defaults::MIN_WINDOW {
        errs.push(FieldError::new(
            "duration",
            crate::t!("field-window-too-short"),
        ));
    } else if duration > MAX_WINDOW {
        errs.push(FieldError::new(
            "duration",
            crate::t!("field-window-too-long"),
        ));
    }
    if let Some(rule) = rrule {
        if let Err(e) = parse_rrule(start, rule) {
            errs.push(e);
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}

impl Maintenance {
    /// Whether `at` falls inside the window or one of its occurrences.
    pub fn active_at(&self, at: DateTime<Utc>) -> bool {
        self.current_start(at).is_some()
    }

    /// The start of the occurrence covering `at`, if one does. A recurring window's rule is
    /// parsed once per process and its occurrences found near `at`, with a memo for the next
    /// call ([`Schedule`]): the cost does not grow with the window's age.
    pub fn current_start(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        // Checked: a window stored before durations were capped must not panic the engine.
        let dur = chrono::Duration::from_std(self.duration).ok()?;
        let Some(rule) = &self.rrule else {
            let end = self.start.checked_add_signed(dur)?;
            return (self.start <= at && at < end).then_some(self.start);
        };
        rule::schedule(self.start, rule).covering(at, dur)
    }

    /// The next time the window starts at or after `after` (for listings).
    pub fn next_start(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let Some(rule) = &self.rrule else {
            return (self.start >= after).then_some(self.start);
        };
        let schedule = rule::schedule(self.start, rule);
        let next = schedule.rule().ok()?.occurrences_from(after).next();
        next
    }

    pub fn covers(&self, id: MonitorId) -> bool {
        self.monitors.contains(&id)
    }

    /// Where the window stands at `now`, for listings.
    pub fn standing(&self, now: DateTime<Utc>) -> Standing {
        let current = self.current_start(now);
        let dur = chrono::Duration::from_std(self.duration).unwrap_or(chrono::Duration::zero());
        Standing {
            active_until: current.and_then(|s| s.checked_add_signed(dur)),
            // Strictly after now, so an occurrence starting this instant is not "next" as well.
            next_start: now
                .checked_add_signed(chrono::Duration::milliseconds(1))
                .and_then(|t| self.next_start(t)),
        }
    }
}

/// A window as the shells list it, its monitors shown as `M`: names in `lookout maintenance
/// list --json`, `{id, name}` on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowView<M> {
    pub id: i64,
    pub monitors: Vec<M>,
    pub start: DateTime<Utc>,
    /// As written: `1h`, `30m`.
    pub duration: String,
    pub duration_s: u64,
    pub rrule: Option<String>,
    /// Whether an occurrence covers the present moment.
    pub active: bool,
    /// When the current occurrence ends, while active.
    pub active_until: Option<DateTime<Utc>>,
    /// The next occurrence to start after now; `null` when none will.
    pub next_start: Option<DateTime<Utc>>,
}

impl<M> WindowView<M> {
    pub fn new(w: &Maintenance, now: DateTime<Utc>, monitor: impl Fn(MonitorId) -> M) -> Self {
        let standing = w.standing(now);
        WindowView {
            id: w.id,
            monitors: w.monitors.iter().map(|id| monitor(*id)).collect(),
            start: w.start,
            duration: crate::field::format_duration(w.duration),
            duration_s: w.duration.as_secs(),
            rrule: w.rrule.clone(),
            active: standing.active_until.is_some(),
            active_until: standing.active_until,
            next_start: standing.next_start,
        }
    }
}

/// A covered monitor's name, or `#7` when it was removed since.
pub fn monitor_name(names: &std::collections::HashMap<MonitorId, String>, id: MonitorId) -> String {
    names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))
}

/// A window at a given moment: whether an occurrence is on, and when the next one starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// When the occurrence going on ends; `None` when none is.
    pub active_until: Option<DateTime<Utc>>,
    /// The next occurrence to start; `None` when none will.
    pub next_start: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, h, m, 0).unwrap()
    }

    #[test]
    fn one_off_window() {
        let w = Maintenance {
            id: 1,
            monitors: vec![MonitorId(1)],
            start: t(10, 0),
            duration: Duration::from_secs(1800),
            rrule: None,
        };
        assert!(!w.active_at(t(9, 59)));
        assert!(w.active_at(t(10, 0)));
        assert!(w.active_at(t(10, 29)));
        assert!(!w.active_at(t(10, 30)));
    }

    #[test]
    fn recurring_daily_window() {
        let w = Maintenance {
            id: 1,
            monitors: vec![MonitorId(1)],
            start: t(3, 0),
            duration: Duration::from_secs(3600),
            rrule: Some("FREQ=DAILY".into()),
        };
        let next_day = |h, m| t(h, m) + chrono::Duration::days(1);
        assert!(w.active_at(next_day(3, 30)));
        assert!(!w.active_at(next_day(4, 0)));
        assert!(!w.active_at(next_day(2, 59)));
        assert_eq!(w.next_start(t(5, 0)), Some(next_day(3, 0)));
    }

    #[test]
    fn a_window_as_typed_is_checked_at_once() {
        let now = t(12, 0);
        let w = NewWindow::parse("now", "90m", Some(" RRULE:FREQ=DAILY "), now).unwrap();
        assert_eq!(
            w,
            NewWindow {
                start: now,
                duration: Duration::from_secs(5400),
                rrule: Some("FREQ=DAILY".into())
            }
        );
        let w = NewWindow::parse("2026-03-01T23:00:00+01:00", "1h", Some(" "), now).unwrap();
        assert_eq!(w.start, Utc.with_ymd_and_hms(2026, 3, 1, 22, 0, 0).unwrap());
        assert_eq!(w.rrule, None, "a blank rule is no rule");
        let fields = |e: Vec<FieldError>| e.into_iter().map(|e| e.field).collect::<Vec<_>>();
        let e = NewWindow::parse("later", "0s", Some("FREQ=SOMETIMES"), now).unwrap_err();
        assert_eq!(fields(e), ["start", "duration", "rrule"]);
        let e = NewWindow::parse("", "", None, now).unwrap_err();
        assert_eq!(fields(e), ["start", "duration"]);
        let e = NewWindow::parse("now", "an hour", None, now).unwrap_err();
        assert_eq!(fields(e), ["duration"]);
        let e = NewWindow::parse("now", "1000000y", None, now).unwrap_err();
        assert_eq!(fields(e), ["duration"]);
        assert!(NewWindow::parse("now", "366d", None, now).is_ok());
    }

    #[test]
    fn an_absurd_stored_window_does_not_panic() {
        // As stored before durations were capped.
        let w = Maintenance {
            id: 1,
            monitors: vec![MonitorId(1)],
            start: t(10, 0),
            duration: Duration::from_secs(1_000_000 * 365 * 24 * 3600),
            rrule: None,
        };
        assert!(!w.active_at(t(10, 30)));
        let _ = w.standing(t(10, 30));
        let daily = Maintenance {
            rrule: Some("FREQ=DAILY".into()),
            ..w
        };
        assert!(!daily.active_at(t(10, 30)));
        let _ = daily.standing(t(10, 30));
    }

    #[test]
    fn standing_says_what_is_on_and_what_comes_next() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 4, 22, 0, 0).unwrap(); // a Sunday
        let w = Maintenance {
            id: 1,
            monitors: vec![MonitorId(1)],
            start: t0,
            duration: Duration::from_secs(3600),
            rrule: Some("FREQ=WEEKLY;BYDAY=SU".into()),
        };
        let s = w.standing(t0 + chrono::Duration::minutes(30));
        assert_eq!(s.active_until, Some(t0 + chrono::Duration::hours(1)));
        assert_eq!(s.next_start, Some(t0 + chrono::Duration::days(7)));
        // An occurrence starting this very instant is on, not next.
        assert_eq!(
            w.standing(t0).next_start,
            Some(t0 + chrono::Duration::days(7))
        );
        let once = Maintenance { rrule: None, ..w };
        let s = once.standing(t0 + chrono::Duration::hours(2));
        assert_eq!((s.active_until, s.next_start), (None, None));
    }

    #[test]
    fn bad_rrule_names_the_field() {
        let e = parse_rrule(t(0, 0), "FREQ=SOMETIMES").unwrap_err();
        assert_eq!(e.field, "rrule");
    }
}
