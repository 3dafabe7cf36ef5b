//! `lookout summary`: the last N days at a glance, for a weekly review, as
//! [`lookout_core::report::summary`] computes it (the dashboard shows the same).

use chrono::Utc;
use lookout_core::report::{self, Summary};

use super::{print, Ctx};
use crate::cli::SummaryFormat;
use crate::error::{exit, CliError};
use crate::output::json_pretty;

pub fn run(ctx: &Ctx, days: i64, format: SummaryFormat) -> Result<u8, CliError> {
    let (from, to) =
        report::last_days(days, Utc::now()).map_err(|e| CliError::field("days", e.message))?;
    let summary = match ctx.open_existing()? {
        Some(db) => report::summary(&db.store, from, to).map_err(db.err())?,
        None => Summary::empty(from, to),
    };
    let text = match format {
        SummaryFormat::Json => json_pretty(&summary),
        SummaryFormat::Md => summary.markdown(),
    };
    print(&text)?;
    Ok(exit::OK)
}
