//! `lookout backup FILE` and `lookout restore FILE`: a consistent copy of the database, taken
//! while an engine runs, and putting one back while none does. Both are the core's
//! ([`Store::backup_to`], [`Store::restore`]); this only checks the flags and words the result.

use std::path::Path;

use lookout_core::paths;
use lookout_core::storage::{Store, StoreError};
use lookout_core::t;

use super::{print, Ctx};
use crate::error::{exit, monitor_line, CliError};

pub fn backup(ctx: &Ctx, file: &Path, force: bool) -> Result<u8, CliError> {
    let shown = file.display().to_string();
    if file.is_dir() {
        return Err(CliError::field(&shown, t!("cli-backup-is-dir")));
    }
    if file.exists() && !force {
        return Err(CliError::field(&shown, t!("cli-backup-exists")));
    }
    let Some(db) = ctx.open_existing()? else {
        let path = paths::db_path(&ctx.dir()?).display().to_string();
        return Err(CliError::NotFound(t!(
            "cli-backup-no-database",
            path = path
        )));
    };
    db.store.backup_to(file).map_err(db.err())?;
    let from = db.path.display().to_string();
    print(&(t!("cli-backed-up", from = from, to = shown) + "\n"))?;
    Ok(exit::OK)
}

pub fn restore(ctx: &Ctx, file: &Path, allow_recovery: bool) -> Result<u8, CliError> {
    let db_path = paths::db_path(&ctx.dir()?);
    match Store::restore(&db_path, file, allow_recovery) {
        Ok(r) => {
            let mut text = t!(
                "cli-restored",
                file = file.display().to_string(),
                database = db_path.display().to_string(),
                n = r.monitors
            ) + "\n";
            if let Some(previous) = r.previous {
                let kept = previous.display().to_string();
                text.push_str(&(t!("cli-restore-kept", path = kept) + "\n"));
            }
            print(&text)?;
            Ok(exit::OK)
        }
        // The backup file is the bad input: exit 2, naming it; nothing was changed.
        Err(e) if e.damaged_file() == Some(file) => Err(CliError::Invalid(vec![e.to_string()])),
        Err(StoreError::Migration(m)) => Err(CliError::Invalid(vec![m])),
        // As `import` words it: why, then each action exactly as it would run.
        Err(e @ StoreError::RecoveryNeedsConsent(_)) => {
            let StoreError::RecoveryNeedsConsent(new) = &e else {
                unreachable!()
            };
            let why = format!("{}: {e}", file.display());
            let mut lines = vec![t!("cli-nothing-changed", error = why)];
            lines.extend(
                new.iter()
                    .map(|c| monitor_line(&c.monitor, &c.field, &c.described)),
            );
            Err(CliError::Invalid(lines))
        }
        Err(StoreError::NotFound(what)) => Err(CliError::not_found(&what)),
        Err(e @ StoreError::EngineRunning { .. }) => Err(CliError::Failed(t!(
            "cli-nothing-changed",
            error = e.to_string()
        ))),
        Err(e) => Err(CliError::store(&db_path, e)),
    }
}
