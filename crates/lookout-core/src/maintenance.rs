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

use crate::config::FieldError;
use crate::model::MonitorId;

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
    s.serialize_str(&crate::config::format_duration(*d))
}

/// Parses an RRULE anchored at `start`. Errors name the `rrule` field.
pub fn parse_rrule(start: DateTime<Utc>, rule: &str) -> Result<rrule::RRuleSet, FieldError> {
    let rule = rule.trim().trim_start_matches("RRULE:");
    let text = format!("DTSTART:{}\nRRULE:{rule}", start.format("%Y%m%dT%H%M%SZ"));
    text.parse::<rrule::RRuleSet>()
        .map_err(|e| FieldError::new("rrule", format!("\"{rule}\" is not a valid RRULE: {e}")))
}

/// Validates a window before it is stored: a positive duration, a parsable RRULE.
pub fn validate_window(
    start: DateTime<Utc>,
    duration: Duration,
    rrule: Option<&str>,
) -> Result<(), Vec<FieldError>> {
    let mut errs = Vec::new();
    if duration < Duration::from_secs(1) {
        errs.push(FieldError::new("duration", "must be at least 1s"));
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

    /// The start of the occurrence covering `at`, if one does.
    pub fn current_start(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let dur = chrono::Duration::from_std(self.duration).ok()?;
        let Some(rule) = &self.rrule else {
            return (self.start <= at && at < self.start + dur).then_some(self.start);
        };
        let set = parse_rrule(self.start, rule).ok()?;
        let tz = rrule::Tz::UTC;
        // Occurrences that started within one duration before `at` are the only candidates.
        let from = (at - dur).with_timezone(&tz);
        let to = at.with_timezone(&tz);
        set.after(from)
            .before(to)
            .all(64)
            .dates
            .into_iter()
            .map(|d| d.with_timezone(&Utc))
            .rfind(|s| *s <= at && at < *s + dur)
    }

    /// The next time the window starts at or after `after` (for listings).
    pub fn next_start(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let Some(rule) = &self.rrule else {
            return (self.start >= after).then_some(self.start);
        };
        let set = parse_rrule(self.start, rule).ok()?;
        set.after(after.with_timezone(&rrule::Tz::UTC))
            .all(1)
            .dates
            .first()
            .map(|d| d.with_timezone(&Utc))
    }

    pub fn covers(&self, id: MonitorId) -> bool {
        self.monitors.contains(&id)
    }
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
    fn bad_rrule_names_the_field() {
        let e = parse_rrule(t(0, 0), "FREQ=SOMETIMES").unwrap_err();
        assert_eq!(e.field, "rrule");
    }
}
