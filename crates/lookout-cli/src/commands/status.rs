//! `lookout status`: every monitor's current state, read from the database, so it works whether
//! or not an engine is running. Exit code by the Nagios convention on the overall status.

use chrono::Utc;
use lookout_core::model::MonitorState;

use super::{print, Ctx};
use crate::error::{nagios_code, CliError};
use crate::output::{json_pretty, StatusView};

pub fn run(ctx: &Ctx, json: bool) -> Result<u8, CliError> {
    let states: Vec<MonitorState> = match ctx.open_existing()? {
        None => Vec::new(),
        Some(db) => db
            .store
            .states()
            .map_err(db.err())?
            .into_iter()
            .map(|(_, s)| s)
            .collect(),
    };
    let view = StatusView::new(&states);
    let text = if json {
        json_pretty(&view)
    } else {
        view.human(Utc::now())
    };
    print(&text)?;
    Ok(nagios_code(view.overall))
}
