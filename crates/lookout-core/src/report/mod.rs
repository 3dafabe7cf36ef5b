//! Incident reports (`lookout report`, the dashboard's "Export report"): one incident as a
//! Markdown document a person can paste into a postmortem, a self-contained HTML page (no
//! scripts, no outside resources, every text escaped), or JSON (the `incidents --json` object
//! plus the same extras).
//!
//! All three show the same facts: the monitor, severity, start, detection, the rule that fired
//! with its numbers, each notification and recovery attempt, resolution, downtime, the failed
//! checks and their reasons, and the monitor's MTTD and MTTR over 30 days (real incidents
//! only). A drill's report says first that it is one.
//!
//! Markdown and HTML are in a language ([`words`], `report.ftl`): the one in force, or one
//! asked for (`markdown_in`). What the engine stored (timeline entries, check reasons) is
//! shown as it was stored. The JSON is the same in every language.
//!
//! Also the summary of a period across every monitor ([`summary()`]), for a weekly review.

mod render;
mod summary;
#[cfg(test)]
mod tests;
mod words;

pub use summary::{last_days, summary, IncidentLine, MonitorSummary, Summary};
pub use words::{
    event_word, format_time, mean_in, ms_in, pct_in, rule_numbers, rule_word, severity_word,
    state_word, time_in, title_in,
};

use crate::model::{
    Incident, IncidentEventKind, IncidentId, IncidentState, RuleKind, Severity, Status,
};
use crate::storage::{Store, StoreError};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The rule that fired, with its numbers: Kener's "3 failed checks / failure threshold 3".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleFired {
    pub kind: RuleKind,
    /// Consecutive failed checks when it triggered.
    pub failures: Option<u32>,
    pub failure_threshold: Option<u32>,
    /// `3 failed checks / failure threshold 3`, in English whatever the language: it is part
    /// of the report's JSON. People read [`rule_numbers`] instead.
    pub summary: String,
}

impl RuleFired {
    /// The numbers stored with the incident. Incidents stored before they were have them only
    /// in the `triggered` timeline entry's text ("... after 3 failed checks (failure threshold
    /// 3): ..."); failing that, the failed checks counted up to the detection and the monitor's
    /// threshold as configured now (`fallback`).
    pub fn of(incident: &Incident, fallback: (Option<u32>, Option<u32>)) -> RuleFired {
        let recorded = match (incident.failures, incident.failure_threshold) {
            (Some(f), Some(t)) => Some((f, t)),
            _ => incident
                .events
                .iter()
                .find(|e| e.kind == IncidentEventKind::Triggered)
                .and_then(|e| parse_triggered(&e.message)),
        };
        let (failures, failure_threshold) = match recorded {
            Some((f, t)) => (Some(f), Some(t)),
            None => fallback,
        };
        let n = |v: Option<u32>| v.map_or_else(|| "?".to_string(), |v| v.to_string());
        let summary = format!(
            "{} failed check{} / failure threshold {}",
            n(failures),
            if failures == Some(1) { "" } else { "s" },
            n(failure_threshold)
        );
        RuleFired {
            kind: incident.rule,
            failures,
            failure_threshold,
            summary,
        }
    }
}

/// `(failures, threshold)` from the engine's `triggered` message.
fn parse_triggered(msg: &str) -> Option<(u32, u32)> {
    let after = msg.split_once("after ")?.1;
    let failures = after.split_once(" failed check")?.0.trim().parse().ok()?;
    let t = msg.split_once("failure threshold ")?.1;
    let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    Some((failures, t[..end].parse().ok()?))
}

/// A failed check inside the incident's window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailedCheck {
    pub at: DateTime<Utc>,
    pub latency_ms: Option<u64>,
    pub reason: String,
}

/// The monitor's incident figures over the report's period (the last 30 days); drills are
/// not outages and are left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodStats {
    pub days: u32,
    pub count: u64,
    pub resolved: u64,
    /// Mean time to resolve, from first failure to resolution.
    pub mttr_s: Option<f64>,
    /// Mean time to detect, from first failure to the rule triggering.
    pub mttd_s: Option<f64>,
}

/// Everything a report shows.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    #[serde(flatten)]
    pub incident: IncidentView<'a>,
    /// The monitor's target, when the monitor still exists.
    pub target: Option<&'a str>,
    pub detected_at: DateTime<Utc>,
    pub time_to_detect_s: i64,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub rule: RuleFired,
    /// Each notification shown on the desktop or alert sent (or not) on a webhook channel: the
    /// `notification` timeline entries.
    pub notifications: Vec<EventView<'a>>,
    /// Each recovery action run, its result and last output lines: the `recovery_action`
    /// timeline entries.
    pub recovery_attempts: Vec<EventView<'a>>,
    pub failed_checks: &'a [FailedCheck],
    pub stats: &'a PeriodStats,
}

impl<'a> Report<'a> {
    pub fn new(
        incident: &'a Incident,
        target: Option<&'a str>,
        rule: RuleFired,
        failed_checks: &'a [FailedCheck],
        stats: &'a PeriodStats,
        now: DateTime<Utc>,
    ) -> Self {
        let of_kind = |kind| {
            incident
                .events
                .iter()
                .filter(move |e| e.kind == kind)
                .map(|e| EventView {
                    at: e.at,
                    kind: e.kind,
                    message: &e.message,
                })
                .collect()
        };
        Report {
            rule,
            notifications: of_kind(IncidentEventKind::Notification),
            recovery_attempts: of_kind(IncidentEventKind::RecoveryAction),
            incident: IncidentView::new(incident, now),
            target,
            detected_at: incident.detected_at,
            time_to_detect_s: (incident.detected_at - incident.started_at)
                .num_seconds()
                .max(0),
            acknowledged_at: incident.acknowledged_at,
            failed_checks,
            stats,
        }
    }
}

/// One timeline entry of an incident in JSON.
#[derive(Debug, Serialize)]
pub struct EventView<'a> {
    pub at: DateTime<Utc>,
    pub kind: IncidentEventKind,
    pub message: &'a str,
}

/// An incident as `lookout incidents --json` prints it.
#[derive(Debug, Serialize)]
pub struct IncidentView<'a> {
    pub id: IncidentId,
    pub monitor: &'a str,
    pub title: &'a str,
    pub severity: Severity,
    pub state: IncidentState,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// Downtime so far while open.
    pub duration_s: i64,
    /// A "Simulate outage" drill, left out of every figure.
    pub simulated: bool,
    pub events: Vec<EventView<'a>>,
}

impl<'a> IncidentView<'a> {
    pub fn new(i: &'a Incident, now: DateTime<Utc>) -> Self {
        IncidentView {
            id: i.id,
            monitor: &i.monitor,
            title: &i.title,
            severity: i.severity,
            state: i.state,
            started_at: i.started_at,
            resolved_at: i.resolved_at,
            duration_s: i.duration_s(now),
            simulated: i.simulated,
            events: i
                .events
                .iter()
                .map(|e| EventView {
                    at: e.at,
                    kind: e.kind,
                    message: &e.message,
                })
                .collect(),
        }
    }
}

/// The period of a report's MTTR / MTTD figures.
pub const STATS_DAYS: u32 = 30;

/// What a report is made from, read from the store once; [`ReportData::report`] borrows it.
#[derive(Debug, Clone)]
pub struct ReportData {
    pub incident: Incident,
    /// `None` when the monitor has been removed since.
    pub target: Option<String>,
    pub rule: RuleFired,
    pub failed_checks: Vec<FailedCheck>,
    pub stats: PeriodStats,
}

/// Reads everything a report of incident `id` shows.
pub fn gather(store: &Store, id: IncidentId, now: DateTime<Utc>) -> Result<ReportData, StoreError> {
    let incident = store.incident(id)?;
    // The monitor may have been removed since; the report still stands without its target.
    let monitor = match store.monitor(incident.monitor_id) {
        Ok(m) => Some(m),
        Err(StoreError::NotFound(_)) => None,
        Err(e) => return Err(e),
    };
    let failed: Vec<FailedCheck> = store
        .failed_checks(
            incident.monitor_id,
            incident.started_at,
            incident.resolved_at.unwrap_or(now),
        )?
        .into_iter()
        .filter(|c| c.status != Status::Up)
        .map(|c| FailedCheck {
            at: c.at,
            latency_ms: Some(c.latency_ms),
            reason: c.reason,
        })
        .collect();
    let s = store.incident_stats(
        Some(incident.monitor_id),
        now - chrono::Duration::days(STATS_DAYS.into()),
        now,
    )?;
    let stats = PeriodStats {
        days: STATS_DAYS,
        count: s.count,
        resolved: s.resolved,
        mttr_s: s.mttr_s,
        mttd_s: s.mttd_s,
    };
    // When the timeline lacks the numbers: the failed checks up to the detection, and the
    // rule's threshold as the monitor has it now.
    let fallback = (
        u32::try_from(
            failed
                .iter()
                .filter(|c| c.at <= incident.detected_at)
                .count(),
        )
        .ok(),
        monitor
            .as_ref()
            .map(|m| m.alerts.rule(incident.rule).failure_threshold),
    );
    let rule = RuleFired::of(&incident, fallback);
    Ok(ReportData {
        target: monitor.map(|m| m.target),
        rule,
        failed_checks: failed,
        stats,
        incident,
    })
}

impl ReportData {
    pub fn report(&self, now: DateTime<Utc>) -> Report<'_> {
        Report::new(
            &self.incident,
            self.target.as_deref(),
            self.rule.clone(),
            &self.failed_checks,
            &self.stats,
            now,
        )
    }
}

/// Text safe in HTML element content and in quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// A recovery attempt's summary and its output, which the engine appends after
/// "Last output:".
fn split_output(msg: &str) -> (&str, Option<&str>) {
    match msg.split_once("\nLast output:\n") {
        Some((head, out)) if !out.trim().is_empty() => (head, Some(out)),
        Some((head, _)) => (head, None),
        None => (msg, None),
    }
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for x in s.chars() {
        cur = if x == c { cur + 1 } else { 0 };
        best = best.max(cur);
    }
    best
}

/// Text safe inside a Markdown table cell.
pub fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}
