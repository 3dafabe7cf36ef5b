//! The words of reports and summaries in a given language (`report.ftl`), and the few the CLI
//! shares with them: states, severities, timeline entries, incident titles, times.
//!
//! Only what people read goes through here; the JSON of a report keeps the stored text and the
//! enum names, whatever the language.

use chrono::{DateTime, Utc};

use crate::i18n::{tr_in, Arg, Lang};
use crate::model::{IncidentEventKind, IncidentState, RuleKind, Severity, Status};

/// `open` / `resolved` (进行中 / 已解决).
pub fn state_word(lang: Lang, s: IncidentState) -> String {
    match s {
        IncidentState::Open => tr_in(lang, "report-state-open", &[]),
        IncidentState::Resolved => tr_in(lang, "report-state-resolved", &[]),
    }
}

/// `critical` / `warning` (严重 / 警告).
pub fn severity_word(lang: Lang, s: Severity) -> String {
    match s {
        Severity::Critical => tr_in(lang, "report-severity-critical", &[]),
        Severity::Warning => tr_in(lang, "report-severity-warning", &[]),
    }
}

/// `down` / `degraded`: the rule that fired.
pub fn rule_word(lang: Lang, r: RuleKind) -> String {
    match r {
        RuleKind::Down => tr_in(lang, "report-rule-down", &[]),
        RuleKind::Degraded => tr_in(lang, "report-rule-degraded", &[]),
    }
}

/// A timeline entry's kind: `first failure`, `recovery action`, ...
pub fn event_word(lang: Lang, kind: IncidentEventKind) -> String {
    use IncidentEventKind as K;
    match kind {
        K::FirstFailure => tr_in(lang, "report-event-first-failure", &[]),
        K::Triggered => tr_in(lang, "report-event-triggered", &[]),
        K::Reminder => tr_in(lang, "report-event-reminder", &[]),
        K::Acknowledged => tr_in(lang, "report-event-acknowledged", &[]),
        K::Note => tr_in(lang, "report-event-note", &[]),
        K::Resolved => tr_in(lang, "report-event-resolved", &[]),
        K::RecoveryAction => tr_in(lang, "report-event-recovery-action", &[]),
        K::Notification => tr_in(lang, "report-event-notification", &[]),
        K::Flapping => tr_in(lang, "report-event-flapping", &[]),
    }
}

/// An incident's title for people. The engine stores `<monitor> is DOWN` (or `DEGRADED`), in
/// English, as data; that one is said again in `lang`, any other title is shown as stored.
pub fn title_in(lang: Lang, monitor: &str, stored: &str) -> String {
    let rule = [RuleKind::Down, RuleKind::Degraded]
        .into_iter()
        .find(|r| stored == format!("{monitor} is {}", r.status()));
    let Some(rule) = rule else {
        return stored.to_string();
    };
    let status = match rule.status() {
        Status::Degraded => tr_in(lang, "status-degraded", &[]),
        _ => tr_in(lang, "status-down", &[]),
    };
    let args = [
        ("monitor", Arg::from(monitor)),
        ("status", Arg::from(status)),
    ];
    tr_in(lang, "report-title", &args)
}

/// A time in a report: `2025-01-01T12:00:02Z` (`2025年1月1日 12:00:02 UTC`), in UTC, since a
/// report is read in other time zones than the one it was written in.
pub fn time_in(lang: Lang, t: DateTime<Utc>) -> String {
    format_time(t, &tr_in(lang, "report-time", &[]))
}

/// `t` in the strftime `pattern`; RFC 3339 if the pattern is broken (a catalogue defect must
/// not panic a report).
pub fn format_time<Tz: chrono::TimeZone>(t: DateTime<Tz>, pattern: &str) -> String
where
    Tz::Offset: std::fmt::Display,
{
    use std::fmt::Write;
    let mut out = String::new();
    match write!(out, "{}", t.format(pattern)) {
        Ok(()) => out,
        Err(_) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

/// A mean duration (MTTR, MTTD), or `n/a` without one.
pub fn mean_in(lang: Lang, v: Option<f64>) -> String {
    match v {
        Some(s) => crate::i18n::duration_in(lang, s.round() as i64),
        None => tr_in(lang, "report-none", &[]),
    }
}

/// `99.95%`: enough digits to tell 99.9 from 99.99, none for a clean 100; `no data` without
/// checks.
pub fn pct_in(lang: Lang, v: Option<f64>) -> String {
    match v {
        None => tr_in(lang, "report-no-data", &[]),
        Some(p) if p >= 100.0 => "100%".into(),
        Some(p) => format!("{:.2}%", (p * 100.0).floor() / 100.0),
    }
}

/// `3 failed checks / failure threshold 3`, with `?` for a number not known.
pub fn rule_numbers(
    lang: Lang,
    kind: RuleKind,
    failures: Option<u32>,
    threshold: Option<u32>,
) -> String {
    let n = |v: Option<u32>| v.map_or_else(|| Arg::from("?"), Arg::from);
    let args = [
        ("kind", Arg::from(rule_word(lang, kind))),
        ("failures", n(failures)),
        ("threshold", n(threshold)),
    ];
    tr_in(lang, "report-rule", &args)
}

/// `12 ms`.
pub fn ms_in(lang: Lang, ms: Option<u64>) -> String {
    match ms {
        Some(ms) => tr_in(lang, "report-ms", &[("ms", Arg::from(ms))]),
        None => "-".into(),
    }
}
