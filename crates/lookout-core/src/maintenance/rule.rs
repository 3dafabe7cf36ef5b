//! A recurring window's RRULE: checked once, then evaluated near the time asked about.
//!
//! The `rrule` crate walks a rule from its DTSTART, so a window started years ago would walk
//! every occurrence since, on every check of every covered monitor. [`Rule::occurrences_from`]
//! starts the walk instead at the last boundary of the rule's own periods (DTSTART moved forward
//! by whole multiples of INTERVAL hours, days, weeks, months or years) at or before the time
//! asked about, so its cost depends on the rule and not on the window's age. Moving DTSTART
//! that way changes no occurrence after the new start: the defaults DTSTART lends (BYHOUR,
//! BYMINUTE, BYSECOND, BYDAY, BYMONTHDAY, BYMONTH) are fixed when the rule is checked, the
//! periods keep their boundaries, and the walk starts on one, so no period (nor its BYSETPOS)
//! is cut. COUNT, the one part counted from DTSTART, becomes the series' last occurrence.
//!
//! Rules that repeat more often than hourly are refused: with the window's duration they would
//! make thousands of occurrences to walk per hour, for no use a maintenance window has.
//! [`Schedule`] adds a memo of the occurrence around the last time asked about, so the
//! runtime's calls at increasing times cost O(1) amortised.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use chrono::{DateTime, Datelike, TimeDelta, TimeZone, Timelike, Utc};
use rrule::{Frequency, RRule, RRuleSet, Tz, Unvalidated};

use crate::field::FieldError;
use crate::t;

/// The longest rule text: a real rule is a few dozen characters.
pub const MAX_RULE_LEN: usize = 512;
/// The most occurrences a COUNT may ask for; UNTIL bounds a longer series.
pub const MAX_COUNT: u32 = 10_000;

/// A checked RRULE anchored at its window's start.
#[derive(Debug)]
pub struct Rule {
    /// Validated against DTSTART (its defaults filled in), without COUNT.
    rule: RRule,
    dtstart: DateTime<Utc>,
    /// The last occurrence of a rule with a COUNT.
    last: Option<DateTime<Utc>>,
    /// Occurrences the walks produced: how tests see that the cost does not grow with age.
    steps: AtomicU64,
}

/// `why` is the rrule crate's own words, or ours.
fn invalid(text: &str, why: impl std::fmt::Display) -> FieldError {
    let why = why.to_string();
    FieldError::new("rrule", t!("field-rrule-invalid", rule = text, why = why))
}

/// The rule without its COUNT part, the rest as written.
fn without_count(text: &str) -> String {
    text.split(';')
        .filter(|part| {
            !part
                .split('=')
                .next()
                .is_some_and(|k| k.trim().eq_ignore_ascii_case("COUNT"))
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn utc(t: DateTime<Tz>) -> DateTime<Utc> {
    t.with_timezone(&Utc)
}

impl Rule {
    /// Checks `text` (`FREQ=WEEKLY;BYDAY=SU`, an optional `RRULE:` before it) as the rule of a
    /// window starting at `start`. Errors name the `rrule` field.
    pub fn parse(start: DateTime<Utc>, text: &str) -> Result<Rule, FieldError> {
        let text = text.trim().trim_start_matches("RRULE:").trim();
        if text.len() > MAX_RULE_LEN {
            return Err(FieldError::new(
                "rrule",
                t!("field-too-long", max = MAX_RULE_LEN),
            ));
        }
        if text.contains(':') || text.chars().any(char::is_control) {
            return Err(FieldError::new(
                "rrule",
                t!(
                    "field-rrule-one-line",
                    rule = text.escape_debug().to_string()
                ),
            ));
        }
        let raw: RRule<Unvalidated> = text.parse().map_err(|e| invalid(text, e))?;
        if matches!(raw.get_freq(), Frequency::Minutely | Frequency::Secondly) {
            return Err(too_often(text));
        }
        if raw.get_interval() == 0 {
            return Err(invalid(text, t!("field-rrule-interval")));
        }
        // Whole seconds, as iCalendar writes DTSTART.
        let dtstart = start.with_nanosecond(0).unwrap_or(start);
        let anchor = dtstart.with_timezone(&Tz::UTC);
        let counted = match raw.get_count() {
            Some(n) if n > MAX_COUNT => {
                return Err(invalid(
                    text,
                    t!("field-rrule-count", max = MAX_COUNT.to_string()),
                ))
            }
            Some(n) => Some(n),
            None => None,
        };
        let validated = raw.validate(anchor).map_err(|e| invalid(text, e))?;
        // With FREQ at most hourly, every occurrence falls on a BYMINUTE and a BYSECOND; one of
        // each keeps occurrences at least an hour apart.
        if validated.get_by_minute().len() * validated.get_by_second().len() > 1 {
            return Err(too_often(text));
        }
        let (rule, last) = match counted {
            None => (validated, None),
            Some(n) => {
                let set = RRuleSet::new(anchor).rrule(validated).limit();
                let last = (&set).into_iter().take(n as usize).last().map(utc);
                let rule = without_count(text)
                    .parse::<RRule<Unvalidated>>()
                    .and_then(|r| r.validate(anchor))
                    .map_err(|e| invalid(text, e))?;
                (rule, Some(last.ok_or_else(|| never(text))?))
            }
        };
        let rule = Rule {
            rule,
            dtstart,
            last,
            steps: AtomicU64::new(0),
        };
        if rule.occurrences_from(dtstart).next().is_none() {
            return Err(never(text));
        }
        rule.steps.store(0, Ordering::Relaxed);
        Ok(rule)
    }

    /// The occurrences at or after `from`, in order.
    pub fn occurrences_from(
        &self,
        from: DateTime<Utc>,
    ) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        let begin = self.walk_start(from);
        // `limit`: the crate gives up after 100,000 empty periods in a row (a rule whose dates
        // never come), rather than walking forever.
        let set = RRuleSet::new(begin.with_timezone(&Tz::UTC))
            .rrule(self.rule.clone())
            .limit();
        (&set)
            .into_iter()
            .map(utc)
            .inspect(|_| {
                self.steps.fetch_add(1, Ordering::Relaxed);
            })
            .skip_while(move |s| *s < from)
            .take_while(|s| self.last.is_none_or(|last| *s <= last))
    }

    /// The first occurrence after `t`.
    pub fn first_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.occurrences_from(t).find(|s| *s > t)
    }

    /// The memo moved on from the occurrence `n` to `at` (at or after it): one walk from `n`,
    /// of at most [`MAX_ADVANCE`] occurrences and only when `at` lies within a period of `n`.
    /// `None` when a fresh look-back is cheaper (the clock jumped, or the machine slept).
    fn advance(&self, n: DateTime<Utc>, at: DateTime<Utc>) -> Option<Memo> {
        if at.signed_duration_since(n) > self.period() {
            return None;
        }
        let (mut prev, mut walked) = (n, 0);
        for s in self.occurrences_from(n).skip_while(|s| *s <= n) {
            if s > at {
                return Some(Memo {
                    lo: prev,
                    prev: Some(prev),
                    next: Some(s),
                });
            }
            walked += 1;
            if walked == MAX_ADVANCE {
                return None;
            }
            prev = s;
        }
        // The series ended: `prev` is its last occurrence.
        Some(Memo {
            lo: prev,
            prev: Some(prev),
            next: None,
        })
    }

    /// The latest occurrence at or before `at` and not before `at - within`, and the first
    /// after `at`. Looks back from `at` in doubling spans, so a frequent rule is answered from
    /// the last hour or so, whatever `within` is.
    pub fn around(
        &self,
        at: DateTime<Utc>,
        within: TimeDelta,
    ) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        let earliest = at.checked_sub_signed(within).unwrap_or(self.dtstart);
        let mut span = self.period().min(within);
        loop {
            let from = at
                .checked_sub_signed(span)
                .unwrap_or(earliest)
                .max(earliest);
            let mut prev = None;
            let mut next = None;
            for s in self.occurrences_from(from) {
                if s > at {
                    next = Some(s);
                    break;
                }
                prev = Some(s);
            }
            if prev.is_some() || from <= earliest {
                return (prev, next);
            }
            span = span.checked_mul(2).unwrap_or(within).min(within);
        }
    }

    /// How many occurrences the walks produced so far.
    pub fn steps(&self) -> u64 {
        self.steps.load(Ordering::Relaxed)
    }

    /// One period of the rule (INTERVAL units of FREQ), roughly: where to start looking back.
    fn period(&self) -> TimeDelta {
        let n = i64::from(self.rule.get_interval());
        match self.rule.get_freq() {
            Frequency::Yearly => TimeDelta::days(366 * n),
            Frequency::Monthly => TimeDelta::days(31 * n),
            Frequency::Weekly => TimeDelta::days(7 * n),
            Frequency::Daily => TimeDelta::days(n),
            _ => TimeDelta::hours(n),
        }
    }

    /// Where to start walking to find every occurrence at or after `from`: the start of the
    /// latest period that begins at or before `from` and lies a whole number of INTERVALs
    /// after DTSTART's period; DTSTART itself when that is its own period.
    fn walk_start(&self, from: DateTime<Utc>) -> DateTime<Utc> {
        if from <= self.dtstart {
            return self.dtstart;
        }
        let n = i64::from(self.rule.get_interval());
        let (d0, f) = (self.dtstart, from);
        let day = |t: DateTime<Utc>| t.timestamp().div_euclid(86_400);
        let whole = |periods: i64| periods.div_euclid(n) * n;
        let at_secs = |s: i64| Utc.timestamp_opt(s, 0).single();
        let begin = match self.rule.get_freq() {
            Frequency::Yearly => {
                let k = whole(i64::from(f.year() - d0.year()));
                i32::try_from(i64::from(d0.year()) + k)
                    .ok()
                    .filter(|_| k > 0)
                    .and_then(|y| Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).single())
            }
            Frequency::Monthly => {
                let month = |t: DateTime<Utc>| i64::from(t.year()) * 12 + i64::from(t.month0());
                let k = whole(month(f) - month(d0));
                let m = month(d0) + k;
                i32::try_from(m.div_euclid(12))
                    .ok()
                    .filter(|_| k > 0)
                    .and_then(|y| {
                        let m0 = u32::try_from(m.rem_euclid(12)).ok()?;
                        Utc.with_ymd_and_hms(y, m0 + 1, 1, 0, 0, 0).single()
                    })
            }
            Frequency::Weekly => {
                // 1970-01-01, day 0, was a Thursday (3 days from Monday).
                let wkst = i64::from(self.rule.get_week_start().num_days_from_monday());
                let week_start = |d: i64| d - (d + 3 - wkst).rem_euclid(7);
                let (w0, wf) = (week_start(day(d0)), week_start(day(f)));
                let k = whole((wf - w0) / 7);
                (k > 0).then(|| at_secs((w0 + k * 7) * 86_400)).flatten()
            }
            Frequency::Daily => {
                let k = whole(day(f) - day(d0));
                (k > 0).then(|| at_secs((day(d0) + k) * 86_400)).flatten()
            }
            _ => {
                let hour = |t: DateTime<Utc>| t.timestamp().div_euclid(3600);
                let k = whole(hour(f) - hour(d0));
                (k > 0).then(|| at_secs((hour(d0) + k) * 3600)).flatten()
            }
        };
        begin.unwrap_or(self.dtstart)
    }
}

fn too_often(text: &str) -> FieldError {
    FieldError::new("rrule", t!("field-rrule-too-often", rule = text))
}

fn never(text: &str) -> FieldError {
    FieldError::new("rrule", t!("field-rrule-never", rule = text))
}

/// What is known around the last time asked about: no occurrence lies in `[lo, next)` but
/// `prev` (which is `lo` when it is `Some`); `next` is an occurrence, `None` when none follows.
#[derive(Debug, Clone, Copy)]
struct Memo {
    lo: DateTime<Utc>,
    prev: Option<DateTime<Utc>>,
    next: Option<DateTime<Utc>>,
}

/// A rule and the memo of its occurrences around the last time asked about.
#[derive(Debug)]
pub struct Schedule {
    rule: Result<Rule, FieldError>,
    memo: Mutex<Option<Memo>>,
}

/// Occurrences walked from a memo before starting afresh: a clock that jumped far is answered
/// by a new look-back rather than by walking every occurrence in between.
const MAX_ADVANCE: usize = 16;

impl Schedule {
    pub fn new(start: DateTime<Utc>, text: &str) -> Schedule {
        Schedule {
            rule: Rule::parse(start, text),
            memo: Mutex::new(None),
        }
    }

    /// The rule, or why it is refused.
    pub fn rule(&self) -> Result<&Rule, &FieldError> {
        self.rule.as_ref()
    }

    /// The start of the occurrence of length `dur` covering `at`, if one does.
    pub fn covering(&self, at: DateTime<Utc>, dur: TimeDelta) -> Option<DateTime<Utc>> {
        let rule = self.rule.as_ref().ok()?;
        let mut memo = self.memo.lock().unwrap_or_else(|p| p.into_inner());
        let earliest = at.checked_sub_signed(dur)?;
        let known = memo.and_then(|m| match m.next {
            _ if at < m.lo => None,
            Some(n) if at >= n => rule.advance(n, at),
            _ => Some(m),
        });
        let m = match known {
            // Without an occurrence in [lo, at], the memo answers only if it reaches back to
            // the earliest start that could still cover `at`.
            Some(m) if m.prev.is_some() || m.lo <= earliest => m,
            _ => {
                let (prev, next) = rule.around(at, dur);
                Memo {
                    lo: prev.unwrap_or(earliest),
                    prev,
                    next,
                }
            }
        };
        *memo = Some(m);
        m.prev
            .filter(|s| s.checked_add_signed(dur).is_some_and(|end| at < end))
    }
}

/// Parsed rules and their memos, shared by every copy of a window. `Maintenance` is a plain
/// value the shells build and clone freely, so what is worth keeping between checks lives here,
/// keyed by what it depends on (the start and the rule as written), so it is never stale.
static SCHEDULES: LazyLock<Mutex<Schedules>> = LazyLock::new(Mutex::default);

/// Schedules by their window's start and rule text.
type Schedules = HashMap<(DateTime<Utc>, String), Arc<Schedule>>;

/// More distinct rules than any real set of windows: past it the table starts afresh.
const MAX_SCHEDULES: usize = 1024;

/// The schedule of `text` anchored at `start`, parsed on first use.
pub fn schedule(start: DateTime<Utc>, text: &str) -> Arc<Schedule> {
    let key = (start, text.to_string());
    let table = || SCHEDULES.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(s) = table().get(&key) {
        return s.clone();
    }
    // Parsed with the table unlocked, so other windows are answered meanwhile.
    let s = Arc::new(Schedule::new(start, text));
    if let Err(e) = s.rule() {
        // A rule stored before the checks were added: the window is treated as never on.
        tracing::warn!(rrule = %text, error = %e, "a stored maintenance window's rule is refused; the window never applies");
    }
    let mut table = table();
    if table.len() >= MAX_SCHEDULES {
        table.clear();
    }
    table.entry(key).or_insert(s).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 3, 0, 0).unwrap()
    }

    fn refused(rule: &str) -> String {
        let e = Rule::parse(t0(), rule).unwrap_err();
        assert_eq!(e.field, "rrule", "{e}");
        e.message
    }

    #[test]
    fn rules_repeating_more_often_than_hourly_are_refused() {
        for rule in [
            "FREQ=SECONDLY",
            "FREQ=MINUTELY;INTERVAL=90",
            "FREQ=HOURLY;BYMINUTE=0,30",
            "FREQ=HOURLY;BYSECOND=0,1",
            "FREQ=DAILY;BYHOUR=3;BYMINUTE=0,15",
            "RRULE:FREQ=WEEKLY;BYDAY=SU;BYSECOND=1,2",
        ] {
            assert!(
                refused(rule).contains("more often than hourly"),
                "{rule}: {}",
                refused(rule)
            );
        }
        for rule in [
            "FREQ=HOURLY",
            "FREQ=HOURLY;BYMINUTE=30;BYSECOND=5",
            "FREQ=DAILY;BYHOUR=1,2,3",
            "FREQ=WEEKLY;BYDAY=SU",
            "FREQ=MONTHLY;BYDAY=1MO;BYSETPOS=1",
            "FREQ=YEARLY;COUNT=3",
        ] {
            assert!(Rule::parse(t0(), rule).is_ok(), "{rule}");
        }
    }

    #[test]
    fn a_rule_is_one_line_that_occurs() {
        assert!(refused("FREQ=DAILY\nRRULE:FREQ=SECONDLY").contains("one rule on one line"));
        assert!(refused("FREQ=DAILY\nRDATE:20261103T000000Z").contains("one rule on one line"));
        assert!(refused(&format!("FREQ=DAILY;{}", "BYHOUR=1;".repeat(60))).contains("longer"));
        assert!(refused("FREQ=DAILY;INTERVAL=0").contains("INTERVAL"));
        assert!(refused("FREQ=DAILY;COUNT=20000").contains("COUNT must be at most"));
        assert!(refused("FREQ=DAILY;COUNT=0").contains("never occurs"));
        assert!(refused("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30").contains("never occurs"));
    }

    #[test]
    fn a_count_ends_the_series_wherever_the_walk_starts() {
        let r = Rule::parse(t0(), "FREQ=DAILY;COUNT=3").unwrap();
        let day = |d| t0() + TimeDelta::days(d);
        let all: Vec<_> = r.occurrences_from(t0()).collect();
        assert_eq!(all, [day(0), day(1), day(2)]);
        assert_eq!(
            r.occurrences_from(day(1)).collect::<Vec<_>>(),
            [day(1), day(2)]
        );
        assert_eq!(r.first_after(day(2)), None);
    }

    #[test]
    fn the_walk_starts_near_the_time_asked_about_whatever_the_age() {
        // DTSTART 50 years ago, repeating hourly: a walk from DTSTART would take some 438,000
        // steps for each question.
        let start = Utc.with_ymd_and_hms(1976, 5, 4, 3, 2, 1).unwrap();
        let now = start + TimeDelta::days(50 * 365);
        let s = Schedule::new(start, "FREQ=HOURLY");
        let rule = s.rule().unwrap();
        assert_eq!(now, Utc.with_ymd_and_hms(2026, 4, 22, 3, 2, 1).unwrap());
        assert_eq!(rule.occurrences_from(now).next(), Some(now));
        let half_past = now + TimeDelta::minutes(30);
        assert_eq!(
            rule.occurrences_from(half_past).next(),
            Some(now + TimeDelta::hours(1))
        );
        assert!(rule.steps() <= 6, "{} steps", rule.steps());

        // A thousand checks a minute apart: the memo answers most; a new occurrence each hour
        // costs one step.
        let ten_minutes = TimeDelta::minutes(10);
        let before = rule.steps();
        let started = std::time::Instant::now();
        for i in 0..1000 {
            let at = now + TimeDelta::seconds(61 * i);
            let on = s.covering(at, ten_minutes);
            let minutes_past = (at - start).num_seconds().rem_euclid(3600) / 60;
            assert_eq!(on.is_some(), minutes_past < 10, "at {at}");
        }
        let steps = rule.steps() - before;
        assert!(steps < 100, "{steps} steps for 1000 checks");
        // Generous, for a loaded debug build: a walk from DTSTART takes seconds per check.
        assert!(started.elapsed() < std::time::Duration::from_secs(2));

        // A question far from the last one starts afresh, still near the time asked about.
        let before = rule.steps();
        let later = now + TimeDelta::days(3000) + TimeDelta::minutes(5);
        assert!(s.covering(later, ten_minutes).is_some());
        assert!(s
            .covering(later - TimeDelta::days(1000), ten_minutes)
            .is_some());
        assert!(rule.steps() - before < 20, "{}", rule.steps() - before);
    }

    #[test]
    fn a_long_window_of_a_frequent_rule_looks_back_only_as_far_as_it_must() {
        let start = Utc.with_ymd_and_hms(1976, 5, 4, 3, 2, 1).unwrap();
        let s = Schedule::new(start, "FREQ=HOURLY");
        let at = start + TimeDelta::days(18_000) + TimeDelta::minutes(30);
        assert_eq!(
            s.covering(at, TimeDelta::days(366)),
            Some(at - TimeDelta::minutes(30))
        );
        assert!(s.rule().unwrap().steps() < 10);
    }
}
