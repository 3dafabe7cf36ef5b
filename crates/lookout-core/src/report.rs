//! Incident reports (`lookout report`, the dashboard's "Export report"): one incident as a Markdown document a person can paste into a postmortem,
//! a self-contained HTML page (no scripts, no outside resources, every text escaped), or JSON
//! (the `incidents --json` object plus the same extras).
//!
//! All three show the same facts: the monitor, severity, start, detection, the rule that fired
//! with its numbers, each notification and recovery attempt, resolution, downtime, the failed
//! checks and their reasons, and the monitor's MTTD and MTTR over 30 days (real incidents
//! only). A drill's report says first that it is one.
//!
//! Also the summary of a period across every monitor ([`summary()`]), for a weekly review.

mod summary;

pub use summary::{last_days, pct, summary, IncidentLine, MonitorSummary, Summary};

use crate::model::{
    Incident, IncidentEventKind, IncidentId, IncidentState, RuleKind, Severity, Status,
};
use crate::storage::{Store, StoreError};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

/// The rule that fired, with its numbers: Kener's "3 failed checks / failure threshold 3".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleFired {
    pub kind: RuleKind,
    /// Consecutive failed checks when it triggered.
    pub failures: Option<u32>,
    pub failure_threshold: Option<u32>,
    /// `3 failed checks / failure threshold 3`.
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

    pub fn markdown(&self) -> String {
        let i = &self.incident;
        let mut md = String::new();
        md.push_str(&format!(
            "# Incident #{}{}: {}\n\n",
            i.id,
            if i.simulated { " (drill)" } else { "" },
            cell(i.title)
        ));
        if i.simulated {
            md.push_str(&format!("> {DRILL_NOTICE}\n\n"));
        }
        md.push_str("| | |\n|---|---|\n");
        let monitor = match self.target {
            Some(t) => format!("{} (`{}`)", cell(i.monitor), t.replace('`', "'")),
            None => format!("{} (removed)", cell(i.monitor)),
        };
        let mut row = |k: &str, v: String| md.push_str(&format!("| {k} | {v} |\n"));
        row("Monitor", monitor);
        row("Severity", i.severity.to_string());
        row(
            "Rule",
            format!("{}: {}", self.rule.kind.as_str(), self.rule.summary),
        );
        row("State", state_str(i.state).to_string());
        row("Started (first failure)", time(i.started_at));
        row(
            "Detected",
            format!(
                "{} ({} after the first failure)",
                time(self.detected_at),
                human_secs(self.time_to_detect_s)
            ),
        );
        row(
            "Resolved",
            i.resolved_at.map(time).unwrap_or_else(|| "not yet".into()),
        );
        let downtime = human_secs(i.duration_s);
        row(
            "Downtime",
            if i.state == IncidentState::Open {
                format!("{downtime} so far")
            } else {
                downtime
            },
        );
        row(
            "Acknowledged",
            self.acknowledged_at
                .map(time)
                .unwrap_or_else(|| "no".into()),
        );

        md.push_str("\n## Timeline\n\n| Time | Event | Details |\n|---|---|---|\n");
        for e in &i.events {
            md.push_str(&format!(
                "| {} | {} | {} |\n",
                time(e.at),
                e.kind.as_str().replace('_', " "),
                cell(first_line(e.message))
            ));
        }

        md.push_str(&format!(
            "\n## Notifications ({})\n\n",
            self.notifications.len()
        ));
        if self.notifications.is_empty() {
            md.push_str("No notification or webhook alert was recorded for this incident.\n");
        }
        for n in &self.notifications {
            md.push_str(&format!("- {}: {}\n", time(n.at), cell(n.message)));
        }

        md.push_str(&format!(
            "\n## Recovery attempts ({})\n\n",
            self.recovery_attempts.len()
        ));
        if self.recovery_attempts.is_empty() {
            md.push_str("No recovery action ran for this incident.\n");
        }
        for a in &self.recovery_attempts {
            let (head, output) = split_output(a.message);
            md.push_str(&format!("- {}: {}\n", time(a.at), cell(head)));
            if let Some(out) = output {
                // A fence longer than any backtick run in the output, so it cannot close early.
                let fence = "`".repeat(longest_run(out, '`').max(2) + 1);
                md.push_str(&format!("\n  {fence}\n"));
                for l in out.lines() {
                    md.push_str(&format!("  {l}\n"));
                }
                md.push_str(&format!("  {fence}\n\n"));
            }
        }

        md.push_str(&format!(
            "\n## Failed checks ({})\n\n",
            self.failed_checks.len()
        ));
        if self.failed_checks.is_empty() {
            md.push_str("No failed checks are stored for this window.\n");
        } else {
            md.push_str("| Time | Latency | Reason |\n|---|---|---|\n");
            for c in self.failed_checks {
                md.push_str(&format!(
                    "| {} | {} | {} |\n",
                    time(c.at),
                    c.latency_ms
                        .map(|l| format!("{l} ms"))
                        .unwrap_or_else(|| "-".into()),
                    cell(&c.reason)
                ));
            }
        }

        let s = self.stats;
        md.push_str(&format!(
            "\n## {} over the last {} days\n\n",
            cell(i.monitor),
            s.days
        ));
        md.push_str(&format!(
            "- Incidents: {} ({} resolved)\n- MTTR (mean time to resolve): {}\n- MTTD (mean time to detect): {}\n",
            s.count,
            s.resolved,
            mean(s.mttr_s),
            mean(s.mttd_s)
        ));
        md
    }
}

impl Report<'_> {
    /// A self-contained HTML document: inline style, no script, no outside resource; every
    /// text from the incident (titles, reasons, program output) is escaped.
    pub fn html(&self) -> String {
        let i = &self.incident;
        let mut h = String::new();
        let title = format!(
            "Incident #{}{}: {}",
            i.id,
            if i.simulated { " (drill)" } else { "" },
            i.title
        );
        h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.push_str(&format!("<title>{}</title>\n", esc(&title)));
        h.push_str(concat!(
            "<style>\n",
            "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\n",
            "table{border-collapse:collapse;margin:.5rem 0 1.5rem}\n",
            "th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;vertical-align:top}\n",
            "th{background:#f4f4f4}\n",
            "pre{background:#f6f6f6;padding:.5rem;overflow:auto;white-space:pre-wrap}\n",
            ".critical{color:#b00020}.warning{color:#a66300}\n",
            "</style>\n</head>\n<body>\n"
        ));
        h.push_str(&format!("<h1>{}</h1>\n", esc(&title)));
        if i.simulated {
            h.push_str(&format!("<p><strong>{}</strong></p>\n", esc(DRILL_NOTICE)));
        }
        h.push_str("<table>\n");
        let mut row = |k: &str, v: String| {
            h.push_str(&format!("<tr><th>{}</th><td>{v}</td></tr>\n", esc(k)));
        };
        row(
            "Monitor",
            match self.target {
                Some(t) => format!("{} (<code>{}</code>)", esc(i.monitor), esc(t)),
                None => format!("{} (removed)", esc(i.monitor)),
            },
        );
        let sev = i.severity.to_string();
        row(
            "Severity",
            format!("<span class=\"{}\">{}</span>", esc(&sev), esc(&sev)),
        );
        row(
            "Rule",
            esc(&format!(
                "{}: {}",
                self.rule.kind.as_str(),
                self.rule.summary
            )),
        );
        row("State", esc(state_str(i.state)));
        row("Started (first failure)", esc(&time(i.started_at)));
        row(
            "Detected",
            esc(&format!(
                "{} ({} after the first failure)",
                time(self.detected_at),
                human_secs(self.time_to_detect_s)
            )),
        );
        row(
            "Resolved",
            esc(&i.resolved_at.map(time).unwrap_or_else(|| "not yet".into())),
        );
        let downtime = human_secs(i.duration_s);
        row(
            "Downtime",
            esc(&if i.state == IncidentState::Open {
                format!("{downtime} so far")
            } else {
                downtime
            }),
        );
        row(
            "Acknowledged",
            esc(&self
                .acknowledged_at
                .map(time)
                .unwrap_or_else(|| "no".into())),
        );
        h.push_str("</table>\n");

        h.push_str(
            "<h2>Timeline</h2>\n<table>\n<tr><th>Time</th><th>Event</th><th>Details</th></tr>\n",
        );
        for e in &i.events {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&time(e.at)),
                esc(&e.kind.as_str().replace('_', " ")),
                esc(first_line(e.message))
            ));
        }
        h.push_str("</table>\n");

        h.push_str(&format!(
            "<h2>Notifications ({})</h2>\n",
            self.notifications.len()
        ));
        if self.notifications.is_empty() {
            h.push_str("<p>No notification or webhook alert was recorded for this incident.</p>\n");
        } else {
            h.push_str("<ul>\n");
            for n in &self.notifications {
                h.push_str(&format!(
                    "<li>{}: {}</li>\n",
                    esc(&time(n.at)),
                    esc(n.message)
                ));
            }
            h.push_str("</ul>\n");
        }

        h.push_str(&format!(
            "<h2>Recovery attempts ({})</h2>\n",
            self.recovery_attempts.len()
        ));
        if self.recovery_attempts.is_empty() {
            h.push_str("<p>No recovery action ran for this incident.</p>\n");
        } else {
            h.push_str("<ul>\n");
            for a in &self.recovery_attempts {
                let (head, output) = split_output(a.message);
                h.push_str(&format!("<li>{}: {}", esc(&time(a.at)), esc(head)));
                if let Some(out) = output {
                    h.push_str(&format!("<pre>{}</pre>", esc(out)));
                }
                h.push_str("</li>\n");
            }
            h.push_str("</ul>\n");
        }

        h.push_str(&format!(
            "<h2>Failed checks ({})</h2>\n",
            self.failed_checks.len()
        ));
        if self.failed_checks.is_empty() {
            h.push_str("<p>No failed checks are stored for this window.</p>\n");
        } else {
            h.push_str("<table>\n<tr><th>Time</th><th>Latency</th><th>Reason</th></tr>\n");
            for c in self.failed_checks {
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    esc(&time(c.at)),
                    esc(&c
                        .latency_ms
                        .map(|l| format!("{l} ms"))
                        .unwrap_or_else(|| "-".into())),
                    esc(&c.reason)
                ));
            }
            h.push_str("</table>\n");
        }

        let s = self.stats;
        h.push_str(&format!(
            "<h2>{} over the last {} days</h2>\n<ul>\n",
            esc(i.monitor),
            s.days
        ));
        h.push_str(&format!(
            "<li>Incidents: {} ({} resolved)</li>\n<li>MTTR (mean time to resolve): {}</li>\n<li>MTTD (mean time to detect): {}</li>\n</ul>\n",
            s.count,
            s.resolved,
            esc(&mean(s.mttr_s)),
            esc(&mean(s.mttd_s))
        ));
        h.push_str("</body>\n</html>\n");
        h
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

pub fn state_str(s: IncidentState) -> &'static str {
    match s {
        IncidentState::Open => "open",
        IncidentState::Resolved => "resolved",
    }
}

/// A duration in seconds for people: `0s`, `45s`, `1m 3s`, `2h 5m`, `3d 4h`.
/// Two units at most: a downtime of `2h 5m 3s` reads as well as `2h 5m`.
pub fn human_secs(secs: i64) -> String {
    const UNITS: [(i64, &str); 4] = [(86_400, "d"), (3_600, "h"), (60, "m"), (1, "s")];
    let secs = secs.max(0);
    let Some(first) = UNITS.iter().position(|(size, _)| secs >= *size) else {
        return "0s".into();
    };
    let (size, unit) = UNITS[first];
    let mut out = format!("{}{unit}", secs / size);
    if let Some(&(size2, unit2)) = UNITS.get(first + 1) {
        let n = (secs % size) / size2;
        if n > 0 {
            out.push_str(&format!(" {n}{unit2}"));
        }
    }
    out
}

/// What a drill's report says first, so nobody takes it for an outage.
pub const DRILL_NOTICE: &str = "A drill: a simulated outage (self-test) that did not touch the \
     service. It is not counted in uptime, downtime, incident counts, MTTR or MTTD.";

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

pub fn mean(v: Option<f64>) -> String {
    v.map(|s| human_secs(s.round() as i64))
        .unwrap_or_else(|| "n/a".into())
}

pub fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Text safe inside a Markdown table cell.
pub fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        IncidentEvent, IncidentEventKind, IncidentId, MonitorId, RuleKind, Severity,
    };
    use chrono::TimeZone;

    fn incident() -> Incident {
        let t0 = Utc.with_ymd_and_hms(2025, 1, 1, 12, 0, 0).unwrap();
        let ev = |s, kind, m: &str| IncidentEvent {
            at: t0 + chrono::Duration::seconds(s),
            kind,
            message: m.into(),
        };
        Incident {
            id: IncidentId(3),
            monitor_id: MonitorId(1),
            monitor: "api".into(),
            title: "api is DOWN".into(),
            rule: RuleKind::Down,
            severity: Severity::Critical,
            state: IncidentState::Resolved,
            started_at: t0,
            detected_at: t0 + chrono::Duration::seconds(2),
            resolved_at: Some(t0 + chrono::Duration::seconds(63)),
            acknowledged_at: None,
            // As stored before the numbers had columns: the timeline's text has them.
            failures: None,
            failure_threshold: None,
            simulated: false,
            events: vec![
                ev(0, IncidentEventKind::FirstFailure, "connection refused"),
                ev(
                    2,
                    IncidentEventKind::Triggered,
                    "DOWN rule triggered after 3 failed checks (failure threshold 3): refused | reset",
                ),
                ev(
                    3,
                    IncidentEventKind::Notification,
                    "Sent TRIGGERED to kener → 127.0.0.1:9 (1 try)",
                ),
                ev(
                    4,
                    IncidentEventKind::RecoveryAction,
                    "Recovery action systemctl restart api (attempt 1 of 3) exited 1 after 20ms\nLast output:\nJob failed\nsee ```journalctl```",
                ),
                ev(63, IncidentEventKind::Resolved, "UP again"),
            ],
        }
    }

    fn stats() -> PeriodStats {
        PeriodStats {
            days: 30,
            count: 2,
            resolved: 2,
            mttr_s: Some(90.4),
            mttd_s: None,
        }
    }

    #[test]
    fn markdown_has_the_facts() {
        let inc = incident();
        let checks = [FailedCheck {
            at: inc.started_at,
            latency_ms: Some(1),
            reason: "connection refused".into(),
        }];
        let st = stats();
        let rule = RuleFired::of(&inc, (None, None));
        let md = Report::new(&inc, Some("tcp://x:1"), rule, &checks, &st, Utc::now()).markdown();
        assert!(md.starts_with("# Incident #3: api is DOWN\n"), "{md}");
        assert!(md.contains("| Monitor | api (`tcp://x:1`) |"), "{md}");
        assert!(md.contains("| Downtime | 1m 3s |"), "{md}");
        assert!(
            md.contains("2025-01-01T12:00:02Z (2s after the first failure)"),
            "{md}"
        );
        assert!(md.contains("| Acknowledged | no |"), "{md}");
        assert!(
            md.contains("| first failure | connection refused |"),
            "{md}"
        );
        assert!(md.contains("refused \\| reset"), "{md}");
        assert!(
            md.contains("| Rule | down: 3 failed checks / failure threshold 3 |"),
            "{md}"
        );
        assert!(md.contains("## Notifications (1)"), "{md}");
        assert!(md.contains("Sent TRIGGERED to kener"), "{md}");
        assert!(md.contains("## Recovery attempts (1)"), "{md}");
        // The timeline shows the attempt's summary; its section shows the output, fenced.
        assert!(
            md.contains("| recovery action | Recovery action systemctl restart api (attempt 1 of 3) exited 1 after 20ms |"),
            "{md}"
        );
        assert!(
            md.contains("  ````\n  Job failed\n  see ```journalctl```\n  ````\n"),
            "{md}"
        );
        assert!(md.contains("## Failed checks (1)"), "{md}");
        assert!(md.contains("MTTR (mean time to resolve): 1m 30s"), "{md}");
        assert!(md.contains("MTTD (mean time to detect): n/a"), "{md}");
    }

    #[test]
    fn json_is_the_incident_plus_extras() {
        let inc = incident();
        let st = stats();
        let rule = RuleFired::of(&inc, (None, None));
        let v = serde_json::to_value(Report::new(&inc, None, rule, &[], &st, Utc::now())).unwrap();
        assert_eq!(v["id"], 3);
        assert_eq!(v["state"], "resolved");
        assert_eq!(v["duration_s"], 63);
        assert_eq!(v["time_to_detect_s"], 2);
        assert_eq!(v["stats"]["count"], 2);
        assert_eq!(v["events"].as_array().unwrap().len(), 5);
        assert_eq!(v["rule"]["kind"], "down");
        assert_eq!(v["rule"]["failures"], 3);
        assert_eq!(v["rule"]["failure_threshold"], 3);
        assert_eq!(
            v["rule"]["summary"],
            "3 failed checks / failure threshold 3"
        );
        assert_eq!(v["notifications"].as_array().unwrap().len(), 1);
        assert_eq!(v["recovery_attempts"][0]["kind"], "recovery_action");
        assert!(v["recovery_attempts"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Job failed"));
        assert_eq!(v["stats"]["mttd_s"], serde_json::Value::Null);
    }

    #[test]
    fn html_escapes_everything_from_the_incident() {
        let mut inc = incident();
        inc.title = "api <b>is</b> DOWN".into();
        inc.events[0].message = "<script>alert('x')</script> & more".into();
        let checks = [FailedCheck {
            at: inc.started_at,
            latency_ms: None,
            reason: "HTTP 500: <script>document.cookie</script>".into(),
        }];
        let st = stats();
        let rule = RuleFired::of(&inc, (None, None));
        let h = Report::new(
            &inc,
            Some("http://x/?a=1&b=\"2\""),
            rule,
            &checks,
            &st,
            Utc::now(),
        )
        .html();
        assert!(h.starts_with("<!DOCTYPE html>"), "{h}");
        assert!(h.trim_end().ends_with("</html>"), "{h}");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<b>"), "{h}");
        assert!(
            h.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"),
            "{h}"
        );
        assert!(
            h.contains("HTTP 500: &lt;script&gt;document.cookie&lt;/script&gt;"),
            "{h}"
        );
        assert!(
            h.contains("<title>Incident #3: api &lt;b&gt;is&lt;/b&gt; DOWN</title>"),
            "{h}"
        );
        assert!(h.contains("http://x/?a=1&amp;b=&quot;2&quot;"), "{h}");
        // Self-contained: nothing loaded from elsewhere.
        for outside in ["<link", "src=", "@import", "url("] {
            assert!(!h.contains(outside), "{outside}: {h}");
        }
        assert!(
            h.contains("down: 3 failed checks / failure threshold 3"),
            "{h}"
        );
        assert!(
            h.contains("<pre>Job failed\nsee ```journalctl```</pre>"),
            "{h}"
        );
        assert!(h.contains("MTTR (mean time to resolve): 1m 30s"), "{h}");
    }

    #[test]
    fn a_drill_says_so_first_in_every_format() {
        let st = stats();
        let real = incident();
        let rule = RuleFired::of(&real, (None, None));
        let r = Report::new(&real, None, rule, &[], &st, Utc::now());
        assert!(!r.markdown().contains("drill"));
        assert!(!r.html().contains("drill"));
        assert_eq!(serde_json::to_value(&r).unwrap()["simulated"], false);

        let mut drill = incident();
        drill.simulated = true;
        let rule = RuleFired::of(&drill, (None, None));
        let r = Report::new(&drill, None, rule, &[], &st, Utc::now());
        let md = r.markdown();
        assert!(
            md.starts_with(&format!(
                "# Incident #3 (drill): api is DOWN\n\n> {DRILL_NOTICE}\n\n"
            )),
            "{md}"
        );
        let h = r.html();
        assert!(h.contains("<h1>Incident #3 (drill): api is DOWN</h1>\n<p><strong>A drill: a simulated outage (self-test)"), "{h}");
        assert_eq!(serde_json::to_value(&r).unwrap()["simulated"], true);
    }

    #[test]
    fn rule_numbers_come_from_the_timeline_else_the_fallback() {
        let inc = incident();
        assert_eq!(RuleFired::of(&inc, (Some(9), Some(9))).failures, Some(3));
        // Stored numbers win over the text.
        let mut stored = incident();
        (stored.failures, stored.failure_threshold) = (Some(5), Some(4));
        let r = RuleFired::of(&stored, (Some(9), Some(9)));
        assert_eq!(r.summary, "5 failed checks / failure threshold 4");
        let mut bare = incident();
        bare.events
            .retain(|e| e.kind != IncidentEventKind::Triggered);
        let r = RuleFired::of(&bare, (Some(1), Some(2)));
        assert_eq!(r.summary, "1 failed check / failure threshold 2");
        let r = RuleFired::of(&bare, (None, None));
        assert_eq!(r.summary, "? failed checks / failure threshold ?");
        assert_eq!(
            parse_triggered("DOWN rule triggered after 1 failed check (failure threshold 1): x"),
            Some((1, 1))
        );
    }
}
