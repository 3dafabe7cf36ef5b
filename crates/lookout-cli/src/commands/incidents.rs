//! `lookout incidents`, `report` and `ack`: the incident history in the database.

use chrono::{Duration, Utc};
use lookout_core::model::{IncidentId, Status};
use lookout_core::storage::{IncidentFilter, StoreError};

use super::Ctx;
use crate::cli::ReportFormat;
use crate::error::{exit, CliError};
use crate::output::{self, incidents_table, json_pretty, IncidentView};
use crate::report::{FailedCheck, PeriodStats, Report, RuleFired};

/// The period of a report's MTTR / MTTD figures.
const STATS_DAYS: u32 = 30;

fn print(text: &str) -> Result<(), CliError> {
    output::print(text).map_err(|e| CliError::Failed(format!("stdout: {e}")))
}

fn not_found(id: i64) -> CliError {
    CliError::NotFound(format!("incident {id} not found"))
}

#[derive(serde::Serialize)]
struct IncidentsView<'a> {
    incidents: Vec<IncidentView<'a>>,
}

pub fn list(ctx: &Ctx, json: bool, open_only: bool) -> Result<u8, CliError> {
    let incidents = match ctx.open_existing()? {
        None => Vec::new(),
        Some(db) => db
            .store
            .incidents(&IncidentFilter {
                open_only,
                ..IncidentFilter::default()
            })
            .map_err(db.err())?,
    };
    let now = Utc::now();
    let text = if json {
        json_pretty(&IncidentsView {
            incidents: incidents
                .iter()
                .map(|i| IncidentView::new(i, now))
                .collect(),
        })
    } else {
        incidents_table(&incidents, now)
    };
    print(&text)?;
    Ok(exit::OK)
}

pub fn report(ctx: &Ctx, id: i64, format: ReportFormat) -> Result<u8, CliError> {
    let db = ctx.open_existing()?.ok_or_else(|| not_found(id))?;
    let incident = db.store.incident(IncidentId(id)).map_err(db.err())?;
    let now = Utc::now();
    // The monitor may have been removed since; the report still stands without its target.
    let monitor = match db.store.monitor(incident.monitor_id) {
        Ok(m) => Some(m),
        Err(StoreError::NotFound(_)) => None,
        Err(e) => return Err(db.err()(e)),
    };
    let failed: Vec<FailedCheck> = db
        .store
        .failed_checks(
            incident.monitor_id,
            incident.started_at,
            incident.resolved_at.unwrap_or(now),
        )
        .map_err(db.err())?
        .into_iter()
        .filter(|c| c.status != Status::Up)
        .map(|c| FailedCheck {
            at: c.at,
            latency_ms: Some(c.latency_ms),
            reason: c.reason,
        })
        .collect();
    let s = db
        .store
        .incident_stats(
            Some(incident.monitor_id),
            now - Duration::days(STATS_DAYS.into()),
            now,
        )
        .map_err(db.err())?;
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
    let report = Report::new(
        &incident,
        monitor.as_ref().map(|m| m.target.as_str()),
        rule,
        &failed,
        &stats,
        now,
    );
    match format {
        ReportFormat::Md => print(&report.markdown())?,
        ReportFormat::Html => print(&report.html())?,
        ReportFormat::Json => print(&json_pretty(&report))?,
    }
    Ok(exit::OK)
}

pub fn ack(ctx: &Ctx, id: i64, note: Option<&str>) -> Result<u8, CliError> {
    let db = ctx.open_existing()?.ok_or_else(|| not_found(id))?;
    // Look it up first so an unknown id is reported as such, whatever the store does.
    db.store.incident(IncidentId(id)).map_err(db.err())?;
    db.store
        .acknowledge_incident(IncidentId(id), Utc::now(), note)
        .map_err(db.err())?;
    print(&format!("Acknowledged incident {id}\n"))?;
    Ok(exit::OK)
}
