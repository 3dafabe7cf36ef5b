//! Properties of maintenance windows' RRULEs (issue 10, item 2 and "the systematic part"):
//! whatever rule text a flag or the form hands `NewWindow::parse`, it returns (no panic) and
//! soon (no hang); a rule it accepts repeats at most hourly and is evaluated quickly at any
//! time; and the walk started near the time asked about finds exactly the occurrences a walk
//! from DTSTART finds.
//!
//! 256 cases per property by default (48 for the two walking ones), seconds in CI. For a longer, bench-like run:
//! `PROPTEST_CASES=20000 cargo test -p lookout-core --release --test props_rrule`.

use std::sync::mpsc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use lookout_core::maintenance::{Maintenance, NewWindow, Rule};
use lookout_core::model::MonitorId;
use proptest::prelude::*;

/// Far above what one case costs (milliseconds), far below "hung", on a busy 2-core machine.
const LIMIT: Duration = Duration::from_secs(10);

fn config() -> ProptestConfig {
    config_of(256)
}

/// `cases` unless `PROPTEST_CASES` says otherwise.
fn config_of(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig::with_cases(cases)
}

/// Runs `f` on its own thread and fails the case if it panics or outlasts [`LIMIT`].
fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(LIMIT) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: still running after {LIMIT:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

/// Text made mostly of RRULE parts, so the parser gets far into it, with any character.
fn rule_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => prop::sample::select(vec![
            "FREQ=", "SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY",
            ";", "=", ",", "INTERVAL=", "COUNT=", "UNTIL=", "20300101T000000Z", "19000101",
            "BYDAY=", "MO", "SU", "1MO", "-1FR", "53TU", "BYMONTHDAY=", "BYMONTH=", "BYHOUR=",
            "BYMINUTE=", "BYSECOND=", "BYSETPOS=", "BYYEARDAY=", "BYWEEKNO=", "WKST=", "BYEASTER=",
            "0", "1", "2", "7", "12", "23", "29", "30", "31", "59", "60", "-1", "-366", "366",
            "65535", "65536", "4294967295", "99999999999", "RRULE:", "DTSTART:", "EXDATE:", "\n",
            " ", "é", "𝄞",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

/// A start between 1900 and 2100, to the second or finer.
fn start() -> impl Strategy<Value = DateTime<Utc>> {
    (-2_208_988_800i64..4_102_444_800, 0u32..1_000_000_000)
        .prop_map(|(s, ns)| Utc.timestamp_opt(s, ns).unwrap())
}

fn window(start: DateTime<Utc>, duration: Duration, rule: &str) -> Maintenance {
    Maintenance {
        id: 1,
        monitors: vec![MonitorId(1)],
        start,
        duration,
        rrule: Some(rule.to_string()),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_rule_text_is_accepted_or_refused_and_accepted_ones_answer_fast(
        rule in prop_oneof![4 => rule_like(), 1 => any::<String>()],
        start in start(),
    ) {
        let text = rule.clone();
        let parsed = bounded("NewWindow::parse", move || {
            NewWindow::parse(&start.to_rfc3339(), "1h", Some(&text), start)
        });
        match parsed {
            Ok(w) => {
                let Some(rule) = w.rrule else { return Ok(()) };
                let m = window(w.start, w.duration, &rule);
                bounded("evaluation", move || {
                    let now = Utc::now();
                    for at in [now, w.start, now + TimeDelta::days(3650), now - TimeDelta::days(1)] {
                        let _ = m.active_at(at);
                        let _ = m.standing(at);
                    }
                });
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in &errors {
                    prop_assert!(!e.message.is_empty(), "{e:?}");
                    prop_assert_eq!(e.field.as_str(), "rrule", "{:?}: {:?}", rule, e);
                }
            }
        }
    }
}

/// How many occurrences a reference walk collects at most; a rule with more in its horizon is
/// compared up to the last of them.
const REFERENCE_MAX: usize = 5000;

/// The reference: the occurrences from DTSTART, as the crate walks them, to fifteen periods
/// after the first (at most [`REFERENCE_MAX`] of them); and the time up to which that list is
/// complete. `None` when the rule never occurs.
fn reference_walk(
    r: &Rule,
    start: DateTime<Utc>,
    period: i64,
) -> Option<(Vec<DateTime<Utc>>, DateTime<Utc>)> {
    // Before DTSTART, so the walk starts at DTSTART itself.
    let mut all = r.occurrences_from(start - TimeDelta::days(1));
    let first = all.next()?;
    let horizon = first + TimeDelta::seconds(period * 15);
    let walked: Vec<_> = std::iter::once(first)
        .chain(all.take_while(|s| *s <= horizon))
        .take(REFERENCE_MAX)
        .collect();
    let complete_to = if walked.len() == REFERENCE_MAX {
        *walked.last()?
    } else {
        horizon
    };
    Some((walked, complete_to))
}

/// Rules made of well-formed parts, most of them valid: the ones whose evaluation is compared.
fn structured_rule() -> impl Strategy<Value = (String, i64)> {
    let freq = prop::sample::select(vec![
        ("HOURLY", 3600i64),
        ("DAILY", 86_400),
        ("WEEKLY", 7 * 86_400),
        ("MONTHLY", 31 * 86_400),
        ("YEARLY", 366 * 86_400),
    ]);
    let list = |values: Vec<&'static str>, max: usize| {
        prop::option::weighted(
            0.3,
            prop::collection::vec(prop::sample::select(values), 1..=max).prop_map(|v| v.join(",")),
        )
    };
    (
        freq,
        prop::option::weighted(0.5, prop::sample::select(vec![1u32, 2, 3, 5, 7, 12])),
        prop::option::weighted(0.2, prop::sample::select(vec!["MO", "SU", "WE"])),
        list(vec!["1", "2", "6", "12"], 3),
        list(vec!["1", "15", "28", "29", "30", "31", "-1"], 3),
        list(vec!["MO", "TU", "SU", "1MO", "-1FR", "2WE"], 3),
        list(vec!["0", "3", "12", "23"], 3),
        list(vec!["0", "30", "59"], 1),
        list(vec!["0", "1", "59"], 1),
        list(vec!["1", "-1", "2"], 2),
        (
            list(vec!["1", "100", "-1", "366"], 2),
            list(vec!["1", "20", "53", "-1"], 2),
            prop::option::weighted(0.2, 1u32..40),
        ),
    )
        .prop_map(
            |(
                (freq, period),
                interval,
                wkst,
                month,
                monthday,
                day,
                hour,
                minute,
                second,
                setpos,
                (yearday, weekno, count),
            )| {
                let mut parts = vec![format!("FREQ={freq}")];
                let mut add = |k: &str, v: Option<String>| {
                    if let Some(v) = v {
                        parts.push(format!("{k}={v}"));
                    }
                };
                add("INTERVAL", interval.map(|i| i.to_string()));
                add("WKST", wkst.map(str::to_string));
                add("BYMONTH", month);
                add("BYMONTHDAY", monthday);
                add("BYDAY", day);
                add("BYHOUR", hour);
                add("BYMINUTE", minute);
                add("BYSECOND", second);
                add("BYSETPOS", setpos);
                add("BYYEARDAY", yearday);
                add("BYWEEKNO", weekno);
                add("COUNT", count.map(|c| c.to_string()));
                (parts.join(";"), period * i64::from(interval.unwrap_or(1)))
            },
        )
}

proptest! {
    // Each case walks a rule twice over fifteen periods: fewer cases, to stay fast in CI.
    #![proptest_config(config_of(48))]

    #[test]
    fn the_walk_near_a_time_finds_what_the_walk_from_dtstart_finds(
        (rule, period) in structured_rule(),
        start in start(),
        offsets in prop::collection::vec(0.0f64..12.0, 1..6),
    ) {
        let text = rule.clone();
        let parsed = bounded("Rule::parse", move || Rule::parse(start, &text).ok());
        let Some(r) = parsed else { return Ok(()) };
        let r = std::sync::Arc::new(r);
        let reference = {
            let r = r.clone();
            bounded("walk from DTSTART", move || reference_walk(&r, start, period))
        };
        let Some((reference, complete_to)) = reference else {
            return Err(TestCaseError::fail(format!("{rule}: an accepted rule occurs")));
        };
        for pair in reference.windows(2) {
            prop_assert!(pair[1] - pair[0] >= TimeDelta::hours(1), "{rule}: {pair:?}");
        }
        let first = reference[0];
        for offset in offsets {
            // From a period before the first occurrence to eleven after it.
            let from = first + TimeDelta::seconds((period as f64 * (offset - 1.0)) as i64);
            let want: Vec<_> = reference
                .iter()
                .copied()
                .filter(|s| *s >= from && *s <= complete_to)
                .take(3)
                .collect();
            let r = r.clone();
            let got: Vec<_> = bounded("walk from near", move || {
                r.occurrences_from(from).take(3).collect::<Vec<_>>()
            });
            // Compare only what the reference covers.
            let got: Vec<_> = got.into_iter().filter(|s| *s <= complete_to).collect();
            prop_assert_eq!(&got, &want, "{} from {}", rule, from);
        }
    }

    #[test]
    fn a_window_is_on_exactly_when_an_occurrence_covers_the_time(
        (rule, period) in structured_rule(),
        start in start(),
        dur_periods in 0.01f64..2.5,
        steps in prop::collection::vec(-20.0f64..30.0, 1..12),
    ) {
        let Ok(r) = Rule::parse(start, &rule) else { return Ok(()) };
        let dur = Duration::from_secs(((period as f64 * dur_periods) as u64).clamp(1, 366 * 86_400));
        let Some((reference, complete_to)) = reference_walk(&r, start, period) else {
            return Err(TestCaseError::fail(format!("{rule}: an accepted rule occurs")));
        };
        let w = window(start, dur, &rule);
        let dur = TimeDelta::from_std(dur).unwrap();
        // Times moving forward in small steps (the memo) and sometimes back (a fresh look).
        let mut at = reference[0] + TimeDelta::seconds(period * 5);
        for step in steps {
            at += TimeDelta::seconds((period as f64 * step / 10.0) as i64);
            if at > complete_to || at < start - dur {
                continue;
            }
            let want = reference
                .iter()
                .copied()
                .take_while(|s| *s <= at)
                .last()
                .filter(|s| at < *s + dur);
            let w = w.clone();
            let got = bounded("current_start", move || w.current_start(at));
            prop_assert_eq!(got, want, "{} at {} for {}", rule, at, dur);
        }
    }
}
