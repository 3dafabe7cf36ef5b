//! Import and Export from the dashboard: the same reading, checks and file as `lookout import`
//! and `lookout export` (the core's `import::checked` and `export`).
//!
//! The page reads the file the person picked or dropped and hands over its text; nothing here
//! opens a path the page names. A preview says what an import would add, what it cannot carry
//! over and why, and each recovery action; the import itself writes every monitor or none, and
//! refuses recovery actions without the person's yes (`needs_consent`), as the CLI refuses them
//! without `--allow-recovery`.

use std::str::FromStr;

use lookout_core::export;
use lookout_core::field::{ConfigError, FieldError};
use lookout_core::import::checked::{self, Preview};
use lookout_core::import::{recovery_needing_consent, Format, ImportError, ImportPlan};
use lookout_core::monitor::Monitor;
use lookout_core::storage::{Store, StoreError};
use serde::Serialize;
use tauri::{AppHandle, State};

use super::{CmdError, CmdResult, Core};

fn unreadable(e: ImportError) -> CmdError {
    CmdError::invalid(e.to_string(), vec![FieldError::new("file", e.to_string())])
}

/// `monitor "web": target` for a monitor's field, as the CLI names it.
fn problems(errs: Vec<ConfigError>) -> CmdError {
    let fields: Vec<FieldError> = errs
        .into_iter()
        .flat_map(|e| {
            let monitor = e.monitor;
            e.errors.into_iter().map(move |f| {
                let field = match &monitor {
                    Some(m) => lookout_core::t!(
                        "desktop-monitor-field",
                        monitor = m.as_str(),
                        field = f.field.as_str()
                    ),
                    None => f.field,
                };
                FieldError::new(field, f.message)
            })
        })
        .collect();
    CmdError::invalid(
        lookout_core::t!("desktop-import-problems", n = fields.len()),
        fields,
    )
}

/// The file read and every monitor checked against the database, or what is wrong with it.
fn plan(
    s: &Store,
    text: &str,
    from: Option<Format>,
) -> Result<Result<(ImportPlan, Vec<Monitor>), CmdError>, StoreError> {
    let plan = match checked::read(text, from) {
        Ok(p) => p,
        Err(e) => return Ok(Err(unreadable(e))),
    };
    Ok(
        match checked::problems(&plan, |n| s.monitor_by_name(n).map(|m| m.is_some()))? {
            Ok(monitors) => Ok((plan, monitors)),
            Err(errs) => Err(problems(errs)),
        },
    )
}

fn format_of(from: Option<String>) -> CmdResult<Option<Format>> {
    from.filter(|f| !f.is_empty())
        .map(|f| Format::from_str(&f))
        .transpose()
        .map_err(|e| CmdError::invalid(e.to_string(), vec![FieldError::new("from", e.to_string())]))
}

/// What importing `text` would do; nothing is written.
#[tauri::command]
pub async fn import_preview(
    core: State<'_, Core>,
    text: String,
    from: Option<String>,
) -> CmdResult<Preview> {
    let from = format_of(from)?;
    let (plan, monitors) = core.read(move |s| plan(s, &text, from)).await??;
    Ok(Preview::new(&plan, &monitors))
}

#[derive(Debug, Serialize)]
pub struct Imported {
    pub count: usize,
    pub format: Format,
}

/// Imports every monitor of `text`, or none.
#[tauri::command]
pub async fn import_monitors(
    core: State<'_, Core>,
    text: String,
    from: Option<String>,
    allow_recovery: Option<bool>,
) -> CmdResult<Imported> {
    let from = format_of(from)?;
    let (plan, monitors) = core.read(move |s| plan(s, &text, from)).await??;
    let asks = recovery_needing_consent(&monitors);
    if !asks.is_empty() && allow_recovery != Some(true) {
        return Err(CmdError::needs_consent(
            lookout_core::t!("desktop-import-consent", n = asks.len()),
            asks.into_iter()
                .map(|c| {
                    FieldError::new(
                        lookout_core::t!(
                            "desktop-monitor-field",
                            monitor = c.monitor.as_str(),
                            field = c.field.as_str()
                        ),
                        c.described,
                    )
                })
                .collect(),
        ));
    }
    // A name taken since the preview: the store refuses the whole transaction.
    let count = core.0.add_monitors(monitors).await.map_err(|e| {
        let mut e = CmdError::from(e);
        if e.kind == "invalid" {
            e.message = lookout_core::t!("desktop-nothing-imported", error = e.message);
        }
        e
    })?;
    tracing::info!(count, format = %plan.format, "imported from the dashboard");
    Ok(Imported {
        count,
        format: plan.format,
    })
}

#[derive(Debug, Serialize)]
pub struct Exported {
    pub path: String,
    pub monitors: usize,
    /// Recovery commands the file keeps: with `redact`, the person should read them before
    /// sharing (a bare secret cannot be recognised).
    pub recovery_commands: usize,
}

/// Saves what `lookout export [--redact]` prints as `lookout-monitors.json` (or
/// `lookout-monitors-redacted.json`) in the Downloads folder (else the home folder).
#[tauri::command]
pub async fn export_monitors(
    app: AppHandle,
    core: State<'_, Core>,
    redact: bool,
) -> CmdResult<Exported> {
    let file = core.read(move |s| export::export(s, redact)).await?;
    let name = match redact {
        true => "lookout-monitors-redacted.json",
        false => "lookout-monitors.json",
    };
    let mut json = serde_json::to_string_pretty(&file).map_err(CmdError::internal)?;
    json.push('\n');
    let shown = super::save_to_downloads(&app, name, json).await?;
    Ok(Exported {
        path: shown,
        monitors: file.monitors.len(),
        recovery_commands: export::recovery_commands(&file),
    })
}
