//! `lookout report`: one incident as a Markdown document a person can paste into a postmortem,
//! or as JSON (the `incidents --json` object plus the same extras).

use chrono::{DateTime, SecondsFormat, Utc};
use lookout_core::model::{Incident, IncidentState};
use serde::Serialize;

use crate::output::{human_secs, state_str, IncidentView};

/// A failed check inside the incident's window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailedCheck {
    pub at: DateTime<Utc>,
    pub latency_ms: Option<u64>,
    pub reason: String,
}

/// The monitor's incident figures over the report's period (the last 30 days).
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
    pub failed_checks: &'a [FailedCheck],
    pub stats: &'a PeriodStats,
}

impl<'a> Report<'a> {
    pub fn new(
        incident: &'a Incident,
        target: Option<&'a str>,
        failed_checks: &'a [FailedCheck],
        stats: &'a PeriodStats,
        now: DateTime<Utc>,
    ) -> Self {
        Report {
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
        md.push_str(&format!("# Incident #{}: {}\n\n", i.id, cell(i.title)));
        md.push_str("| | |\n|---|---|\n");
        let monitor = match self.target {
            Some(t) => format!("{} (`{}`)", cell(i.monitor), t.replace('`', "'")),
            None => format!("{} (removed)", cell(i.monitor)),
        };
        let mut row = |k: &str, v: String| md.push_str(&format!("| {k} | {v} |\n"));
        row("Monitor", monitor);
        row("Severity", i.severity.to_string());
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
                cell(e.message)
            ));
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

fn mean(v: Option<f64>) -> String {
    v.map(|s| human_secs(s.round() as i64))
        .unwrap_or_else(|| "n/a".into())
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use lookout_core::model::{
        IncidentEvent, IncidentEventKind, IncidentId, MonitorId, RuleKind, Severity,
    };

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
            events: vec![
                ev(0, IncidentEventKind::FirstFailure, "connection refused"),
                ev(
                    2,
                    IncidentEventKind::Triggered,
                    "3 failed checks | threshold 3",
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
        let md = Report::new(&inc, Some("tcp://x:1"), &checks, &st, Utc::now()).markdown();
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
        assert!(md.contains("3 failed checks \\| threshold 3"), "{md}");
        assert!(md.contains("## Failed checks (1)"), "{md}");
        assert!(md.contains("MTTR (mean time to resolve): 1m 30s"), "{md}");
        assert!(md.contains("MTTD (mean time to detect): n/a"), "{md}");
    }

    #[test]
    fn json_is_the_incident_plus_extras() {
        let inc = incident();
        let st = stats();
        let v = serde_json::to_value(Report::new(&inc, None, &[], &st, Utc::now())).unwrap();
        assert_eq!(v["id"], 3);
        assert_eq!(v["state"], "resolved");
        assert_eq!(v["duration_s"], 63);
        assert_eq!(v["time_to_detect_s"], 2);
        assert_eq!(v["stats"]["count"], 2);
        assert_eq!(v["events"].as_array().unwrap().len(), 3);
    }
}
