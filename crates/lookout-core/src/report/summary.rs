//! The summary of a period (`lookout summary`, the dashboard's weekly review): uptime per
//! monitor from the hourly rollups, every incident that was going during the period, and MTTR /
//! MTTD. Computed here so the CLI and the desktop app show the same figures.
//!
//! Drills ("Simulate outage") are left out of it all, figures and list: a weekly review is about
//! real outages. `lookout incidents` and the dashboard's incident list still show them, marked.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{cell, human_secs, mean, state_str, time};
use crate::field::FieldError;
use crate::model::{Incident, IncidentId, IncidentState, Severity};
use crate::storage::{IncidentFilter, IncidentStats, Store, StoreError, ROLLUP_RETENTION_DAYS};

/// One monitor's figures over the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitorSummary {
    pub name: String,
    pub target: String,
    /// Passing (UP or DEGRADED) checks over all checks, in percent; `null` without checks.
    pub uptime_pct: Option<f64>,
    /// Incidents going at any time in the period.
    pub incidents: u64,
    /// The part of those incidents inside the period.
    pub downtime_s: i64,
    /// Mean time to resolve the incidents that started in the period.
    pub mttr_s: Option<f64>,
}

/// One incident of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentLine {
    pub id: IncidentId,
    pub monitor: String,
    pub title: String,
    pub severity: Severity,
    pub state: IncidentState,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// Up to `to` for an incident still open.
    pub duration_s: i64,
}

/// The whole summary; its JSON is `lookout summary --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The period's length in whole days (rounded).
    pub days: u32,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Ordered by name.
    pub monitors: Vec<MonitorSummary>,
    /// Open ones first, then newest first. Never a drill.
    pub incidents: Vec<IncidentLine>,
    /// Over every monitor: incidents that started in the period, MTTR, MTTD.
    pub totals: IncidentStats,
}

impl Summary {
    /// A period with nothing in it (no database yet).
    pub fn empty(from: DateTime<Utc>, to: DateTime<Utc>) -> Summary {
        let days = ((to - from).num_seconds().max(0) as f64 / 86_400.0).round() as u32;
        Summary {
            days,
            from,
            to,
            monitors: Vec::new(),
            incidents: Vec::new(),
            totals: IncidentStats::default(),
        }
    }

    /// The summary as a Markdown document.
    pub fn markdown(&self) -> String {
        let s = self;
        let mut md = format!(
            "# Lookout summary: the last {} day{}\n\n{} to {}\n\n",
            s.days,
            if s.days == 1 { "" } else { "s" },
            time(s.from),
            time(s.to)
        );
        if s.monitors.is_empty() {
            md.push_str("No monitors.\n");
        } else {
            md.push_str(
                "| Monitor | Uptime | Incidents | Downtime | MTTR |\n|---|---|---|---|---|\n",
            );
            for m in &s.monitors {
                md.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    cell(&m.name),
                    pct(m.uptime_pct),
                    m.incidents,
                    human_secs(m.downtime_s),
                    mean(m.mttr_s)
                ));
            }
        }
        md.push_str(&format!("\n## Incidents ({})\n\n", s.incidents.len()));
        if s.incidents.is_empty() {
            md.push_str("None in this period.\n");
        } else {
            md.push_str("| ID | Monitor | Severity | State | Started | Duration | Title |\n");
            md.push_str("|---|---|---|---|---|---|---|\n");
            for i in &s.incidents {
                let row = [
                    format!("#{}", i.id),
                    cell(&i.monitor),
                    i.severity.to_string(),
                    state_str(i.state).into(),
                    time(i.started_at),
                    human_secs(i.duration_s),
                    cell(&i.title),
                ];
                md.push_str(&format!("| {} |\n", row.join(" | ")));
            }
        }
        let t = &s.totals;
        md.push_str(&format!(
            "\n- Incidents that started in the period: {} ({} resolved)\n- MTTR (mean time to resolve): {}\n- MTTD (mean time to detect): {}\n",
            t.count,
            t.resolved,
            mean(t.mttr_s),
            mean(t.mttd_s)
        ));
        md
    }
}

/// The period of "the last `days` days" up to `now`: 1 to `ROLLUP_RETENTION_DAYS` days, as
/// far back as the hourly rollups go. The error names the `days` field.
pub fn last_days(
    days: i64,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), FieldError> {
    let max = i64::from(ROLLUP_RETENTION_DAYS);
    if !(1..=max).contains(&days) {
        return Err(FieldError::new(
            "days",
            format!("must be between 1 and {max} (rollups are kept {max} days), got {days}"),
        ));
    }
    Ok((now - chrono::Duration::days(days), now))
}

/// Reads the summary of `from`..`to` from the store. Uptime comes from the hourly rollups, so
/// `from` may go back as far as they are kept (`storage::ROLLUP_RETENTION_DAYS`).
pub fn summary(
    store: &Store,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Summary, StoreError> {
    let mut summary = Summary::empty(from, to);
    let incidents = store.incidents(&IncidentFilter {
        since: Some(from),
        simulated: Some(false),
        ..IncidentFilter::default()
    })?;
    for m in store.monitors()? {
        let mine: Vec<&Incident> = incidents.iter().filter(|i| i.monitor_id == m.id).collect();
        let stats = store.incident_stats(Some(m.id), from, to)?;
        summary.monitors.push(MonitorSummary {
            uptime_pct: store.uptime_ratio(m.id, from)?.map(|r| r * 100.0),
            incidents: mine.len() as u64,
            downtime_s: mine.iter().map(|i| overlap(i, from, to)).sum(),
            mttr_s: stats.mttr_s,
            name: m.name,
            target: m.target,
        });
    }
    summary.incidents = incidents
        .iter()
        .map(|i| IncidentLine {
            id: i.id,
            monitor: i.monitor.clone(),
            title: i.title.clone(),
            severity: i.severity,
            state: i.state,
            started_at: i.started_at,
            resolved_at: i.resolved_at,
            duration_s: i.duration_s(to),
        })
        .collect();
    summary.totals = store.incident_stats(None, from, to)?;
    Ok(summary)
}

/// The seconds of `i` that fall between `from` and `to`.
fn overlap(i: &Incident, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    let end = i.resolved_at.unwrap_or(to).min(to);
    let span = (end - i.started_at.max(from)).num_seconds().max(0);
    // A flapping service's folded incident was down only part of its span.
    match (i.downtime_s, i.resolved_at) {
        (Some(d), Some(_)) => span.min(d),
        _ => span,
    }
}

/// `99.95%`: enough digits to tell 99.9 from 99.99, none for a clean 100.
pub fn pct(v: Option<f64>) -> String {
    match v {
        None => "no data".into(),
        Some(p) if p >= 100.0 => "100%".into(),
        Some(p) => format!("{:.2}%", (p * 100.0).floor() / 100.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_is_bounded_by_the_rollups() {
        let now = Utc::now();
        assert_eq!(
            last_days(7, now).unwrap(),
            (now - chrono::Duration::days(7), now)
        );
        assert!(last_days(i64::from(ROLLUP_RETENTION_DAYS), now).is_ok());
        for bad in [0, -7, i64::from(ROLLUP_RETENTION_DAYS) + 1] {
            assert_eq!(last_days(bad, now).unwrap_err().field, "days", "{bad}");
        }
    }
    use crate::model::{MonitorId, RuleKind};
    use chrono::{Duration, TimeZone};

    fn incident(start_h: i64, end_h: Option<i64>) -> Incident {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        Incident {
            id: IncidentId(1),
            monitor_id: MonitorId(1),
            monitor: "api".into(),
            title: "api is DOWN".into(),
            rule: RuleKind::Down,
            severity: Severity::Critical,
            state: if end_h.is_some() {
                IncidentState::Resolved
            } else {
                IncidentState::Open
            },
            started_at: t0 + Duration::hours(start_h),
            detected_at: t0 + Duration::hours(start_h),
            resolved_at: end_h.map(|h| t0 + Duration::hours(h)),
            acknowledged_at: None,
            failures: Some(1),
            failure_threshold: Some(1),
            simulated: false,
            downtime_s: None,
            events: Vec::new(),
        }
    }

    #[test]
    fn downtime_counts_only_the_period() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let (from, to) = (t0 + Duration::hours(10), t0 + Duration::hours(20));
        assert_eq!(overlap(&incident(8, Some(12)), from, to), 2 * 3600);
        assert_eq!(overlap(&incident(12, Some(13)), from, to), 3600);
        assert_eq!(overlap(&incident(18, None), from, to), 2 * 3600);
        assert_eq!(overlap(&incident(1, Some(2)), from, to), 0);
        // A flapping service's folded incident counts its failing time, not its span.
        let folded = Incident {
            downtime_s: Some(90),
            ..incident(12, Some(13))
        };
        assert_eq!(overlap(&folded, from, to), 90);
        assert_eq!(folded.duration_s(to), 90);
    }

    #[test]
    fn percentages_round_down() {
        assert_eq!(pct(Some(100.0)), "100%");
        assert_eq!(pct(Some(99.999)), "99.99%");
        assert_eq!(pct(Some(50.0)), "50.00%");
        assert_eq!(pct(None), "no data");
    }

    #[test]
    fn days_are_the_period_rounded() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(Summary::empty(t0 - Duration::days(7), t0).days, 7);
        assert_eq!(Summary::empty(t0 - Duration::hours(30), t0).days, 1);
        assert_eq!(Summary::empty(t0, t0).days, 0);
    }
}
