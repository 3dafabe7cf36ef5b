//! The summary of a period (`lookout summary`, the dashboard's weekly review): uptime per
//! monitor from the hourly rollups, every incident that was going during the period, and MTTR /
//! MTTD. Computed here so the CLI and the desktop app show the same figures.
//!
//! Drills ("Simulate outage") are left out of it all, figures and list: a weekly review is about
//! real outages. `lookout incidents` and the dashboard's incident list still show them, marked.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::render::stats_lines;
use super::{cell, pct_in, severity_word, state_word, time_in, title_in};
use crate::field::FieldError;
use crate::i18n::{self, duration_in, tr_in, Arg, Lang};
use crate::model::{Incident, IncidentId, IncidentState, RuleKind, Severity};
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
    /// The rule that opened it: the page words the stored English title again by it.
    pub rule: RuleKind,
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

    /// The summary as a Markdown document, in the language in force.
    pub fn markdown(&self) -> String {
        self.markdown_in(i18n::current())
    }

    /// The summary as a Markdown document, in `lang`.
    pub fn markdown_in(&self, lang: Lang) -> String {
        let s = self;
        let label = |id: &str| tr_in(lang, id, &[]);
        let row = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
        let rule = |n: usize| format!("|{}\n", "---|".repeat(n));
        let days = [("days", Arg::from(s.days))];
        let period = [
            ("from", Arg::from(time_in(lang, s.from))),
            ("to", Arg::from(time_in(lang, s.to))),
        ];
        let mut md = format!(
            "# {}\n\n{}\n\n",
            tr_in(lang, "report-summary-heading", &days),
            tr_in(lang, "report-period", &period)
        );
        if s.monitors.is_empty() {
            md.push_str(&format!("{}\n", label("report-no-monitors")));
        } else {
            let head = [
                "report-label-monitor",
                "report-col-uptime",
                "report-col-incidents",
                "report-label-downtime",
                "report-col-mttr",
            ];
            md.push_str(&row(&head.map(label)));
            md.push_str(&rule(head.len()));
            for m in &s.monitors {
                md.push_str(&row(&[
                    cell(&m.name),
                    pct_in(lang, m.uptime_pct),
                    m.incidents.to_string(),
                    duration_in(lang, m.downtime_s),
                    super::mean_in(lang, m.mttr_s),
                ]));
            }
        }
        let n = [("n", Arg::from(s.incidents.len()))];
        let heading = tr_in(lang, "report-summary-incidents", &n);
        md.push_str(&format!("\n## {heading}\n\n"));
        if s.incidents.is_empty() {
            md.push_str(&format!("{}\n", label("report-summary-none")));
        } else {
            let head = [
                "report-col-id",
                "report-label-monitor",
                "report-label-severity",
                "report-label-state",
                "report-col-started",
                "report-col-duration",
                "report-col-title",
            ];
            md.push_str(&row(&head.map(label)));
            md.push_str(&rule(head.len()));
            for i in &s.incidents {
                md.push_str(&row(&[
                    format!("#{}", i.id),
                    cell(&i.monitor),
                    severity_word(lang, i.severity),
                    state_word(lang, i.state),
                    time_in(lang, i.started_at),
                    duration_in(lang, i.duration_s),
                    cell(&title_in(lang, &i.monitor, &i.title)),
                ]));
            }
        }
        let t = &s.totals;
        let counted = "report-summary-started";
        md.push('\n');
        for line in stats_lines(lang, counted, t.count, t.resolved, t.mttr_s, t.mttd_s) {
            md.push_str(&format!("- {line}\n"));
        }
        md
    }
}

/// The period of "the last `days` days" up to `now`: 1 to `ROLLUP_RETENTION_DAYS` days, as
/// far back as the hourly rollups go. The error names the `days` field; its message is in the
/// language in force.
pub fn last_days(
    days: i64,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), FieldError> {
    let max = i64::from(ROLLUP_RETENTION_DAYS);
    if !(1..=max).contains(&days) {
        let args = [("max", Arg::from(max)), ("days", Arg::from(days))];
        let lang = i18n::current();
        return Err(FieldError::new(
            "days",
            tr_in(lang, "report-days-invalid", &args),
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
            rule: i.rule,
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
        let pct = |v| pct_in(Lang::En, v);
        assert_eq!(pct(Some(100.0)), "100%");
        assert_eq!(pct(Some(99.999)), "99.99%");
        assert_eq!(pct(Some(50.0)), "50.00%");
        assert_eq!(pct(None), "no data");
        assert_eq!(pct_in(Lang::ZhCn, None), "无数据");
    }

    #[test]
    fn days_are_the_period_rounded() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(Summary::empty(t0 - Duration::days(7), t0).days, 7);
        assert_eq!(Summary::empty(t0 - Duration::hours(30), t0).days, 1);
        assert_eq!(Summary::empty(t0, t0).days, 0);
    }

    fn a_week() -> Summary {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mut s = Summary::empty(t0 - Duration::days(7), t0);
        s.monitors.push(MonitorSummary {
            name: "api".into(),
            target: "tcp://x:1".into(),
            uptime_pct: Some(99.5),
            incidents: 1,
            downtime_s: 192,
            mttr_s: Some(192.0),
        });
        let i = incident(-2, None);
        s.incidents.push(IncidentLine {
            id: i.id,
            monitor: i.monitor,
            title: i.title,
            rule: i.rule,
            severity: i.severity,
            state: i.state,
            started_at: i.started_at,
            resolved_at: None,
            duration_s: 7200,
        });
        s.totals.count = 1;
        s
    }

    #[test]
    fn a_summary_in_both_languages() {
        let en = a_week().markdown_in(Lang::En);
        assert!(en.starts_with("# Lookout summary: the last 7 days\n\n2025-12-25T00:00:00Z to 2026-01-01T00:00:00Z\n"), "{en}");
        assert!(
            en.contains("| api | 99.50% | 1 | 3m 12s | 3m 12s |\n"),
            "{en}"
        );
        assert!(
            en.contains(
                "| #1 | api | critical | open | 2025-12-31T22:00:00Z | 2h | api is DOWN |\n"
            ),
            "{en}"
        );
        assert!(
            en.contains("- Incidents that started in the period: 1 (0 resolved)\n"),
            "{en}"
        );
        let zh = a_week().markdown_in(Lang::ZhCn);
        assert!(zh.starts_with("# Lookout 摘要：最近 7 天\n\n2025年12月25日 00:00:00 UTC 至 2026年1月1日 00:00:00 UTC\n"), "{zh}");
        assert!(
            zh.contains("| 监控 | 可用率 | 事件数 | 停机时长 | MTTR |\n"),
            "{zh}"
        );
        assert!(
            zh.contains("| api | 99.50% | 1 | 3分钟12秒 | 3分钟12秒 |\n"),
            "{zh}"
        );
        assert!(zh.contains("## 事件（1）"), "{zh}");
        assert!(zh.contains("| #1 | api | 严重 | 进行中 | 2025年12月31日 22:00:00 UTC | 2小时 | api 状态：故障 |\n"), "{zh}");
        assert!(
            zh.contains("- 这段时间内开始的事件：1 起（已解决 0 起）\n"),
            "{zh}"
        );
        assert!(zh.contains("- MTTD（平均发现时间）：无\n"), "{zh}");

        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let one_day = Summary::empty(t0 - Duration::days(1), t0);
        assert!(one_day
            .markdown_in(Lang::En)
            .starts_with("# Lookout summary: the last 1 day\n"));
        let zh = one_day.markdown_in(Lang::ZhCn);
        assert!(
            zh.contains("没有监控。\n") && zh.contains("这段时间内没有事件。\n"),
            "{zh}"
        );
    }
}
