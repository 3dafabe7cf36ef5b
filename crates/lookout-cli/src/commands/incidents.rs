//! `lookout incidents`, `report` and `ack`: the incident history in the database.

use chrono::Utc;
use lookout_core::model::IncidentId;
use lookout_core::storage::{IncidentFilter, StoreError};
use lookout_core::t;

use super::{print, Ctx, Db};
use crate::cli::ReportFormat;
use crate::error::{exit, CliError};
use crate::output::{incidents_table, json_pretty, IncidentView};

fn not_found(id: i64) -> CliError {
    CliError::NotFound(t!("cli-incident-not-found", id = id))
}

/// A store error about incident `id`, its absence said as [`not_found`] says it.
fn incident_err(db: &Db, id: i64) -> impl Fn(StoreError) -> CliError + '_ {
    move |e| match e {
        StoreError::NotFound(_) => not_found(id),
        e => CliError::store(&db.path, e),
    }
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
    let now = Utc::now();
    let data = lookout_core::report::gather(&db.store, IncidentId(id), now)
        .map_err(incident_err(&db, id))?;
    let report = data.report(now);
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
    db.store
        .incident(IncidentId(id))
        .map_err(incident_err(&db, id))?;
    db.store
        .acknowledge_incident(IncidentId(id), Utc::now(), note)
        .map_err(incident_err(&db, id))?;
    print(&(t!("cli-acknowledged", id = id) + "\n"))?;
    Ok(exit::OK)
}
