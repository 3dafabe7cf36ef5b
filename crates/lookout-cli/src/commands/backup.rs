//! `lookout backup FILE` and `lookout restore FILE`: a consistent copy of the database, taken
//! while an engine runs, and putting one back while none does. Both are the core's
//! ([`Store::backup_to`], [`Store::restore`]); this only checks the flags and words the result.

use std::path::Path;

use lookout_core::paths;
use lookout_core::storage::{Store, StoreError};

use super::Ctx;
use crate::error::{exit, CliError};

pub fn backup(ctx: &Ctx, file: &Path, force: bool) -> Result<u8, CliError> {
    let shown = file.display().to_string();
    if file.is_dir() {
        return Err(CliError::field(
            &shown,
            "is a directory; name the backup file",
        ));
    }
    if file.exists() && !force {
        return Err(CliError::field(
            &shown,
            "already exists; pass --force to replace it",
        ));
    }
    let Some(db) = ctx.open_existing()? else {
        let path = paths::db_path(&ctx.dir()?);
        return Err(CliError::NotFound(format!(
            "no database to back up: {} does not exist",
            path.display()
        )));
    };
    db.store.backup_to(file).map_err(db.err())?;
    println!("backed up {} to {shown}", db.path.display());
    Ok(exit::OK)
}

pub fn restore(ctx: &Ctx, file: &Path, allow_recovery: bool) -> Result<u8, CliError> {
    let db_path = paths::db_path(&ctx.dir()?);
    match Store::restore(&db_path, file, allow_recovery) {
        Ok(r) => {
            println!(
                "restored {} to {} ({} monitor{})",
                file.display(),
                db_path.display(),
                r.monitors,
                if r.monitors == 1 { "" } else { "s" }
            );
            if let Some(previous) = r.previous {
                println!("the database it replaced is kept as {}", previous.display());
            }
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
            let mut lines = vec![format!("{}: {e}; nothing was changed", file.display())];
            lines.extend(
                new.iter()
                    .map(|c| format!("monitor \"{}\": {}: {}", c.monitor, c.field, c.described)),
            );
            Err(CliError::Invalid(lines))
        }
        Err(StoreError::NotFound(what)) => Err(CliError::NotFound(format!("{what} not found"))),
        Err(e @ StoreError::EngineRunning { .. }) => {
            Err(CliError::Failed(format!("{e}; nothing was changed")))
        }
        Err(e) => Err(CliError::store(&db_path, e)),
    }
}
