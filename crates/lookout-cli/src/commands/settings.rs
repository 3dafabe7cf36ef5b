//! `lookout settings list|set|unset`: the settings shared with the desktop app, validated by
//! the core; a running engine on the data dir picks a change up through `config_rev`.

use lookout_core::command::CommandError;
use lookout_core::settings::{self, Applies, Setting};
use serde::Serialize;

use super::{Ctx, Db};
use crate::error::{exit, CliError};
use crate::output::{self, json_pretty, table};

fn print(text: &str) -> Result<(), CliError> {
    output::print(text).map_err(|e| CliError::Failed(format!("stdout: {e}")))
}

fn command_err(db: &Db, e: CommandError) -> CliError {
    match e {
        CommandError::Store(s) => CliError::store(&db.path, s),
        e => e.into(),
    }
}

/// One setting in `settings list --json`.
#[derive(Debug, Serialize)]
struct SettingView<'a> {
    key: &'a str,
    /// In force, written as `settings set` takes it.
    value: &'a str,
    default: &'a str,
    is_default: bool,
    /// `now` or `next_start`.
    applies: Applies,
    #[serde(skip_serializing_if = "Option::is_none")]
    ignored: Option<&'a str>,
}

#[derive(Serialize)]
struct ListView<'a> {
    settings: Vec<SettingView<'a>>,
}

fn when(applies: Applies) -> &'static str {
    match applies {
        Applies::Now => "a running engine uses it within about a second",
        Applies::NextStart => "the engine uses it from its next start",
    }
}

pub fn list(ctx: &Ctx, json: bool) -> Result<u8, CliError> {
    let all = match ctx.open_existing()? {
        None => settings::defaults(),
        Some(db) => settings::list(&db.store).map_err(db.err())?,
    };
    if json {
        let settings = all
            .iter()
            .map(|s| SettingView {
                key: s.key,
                value: &s.value,
                default: &s.default,
                is_default: s.is_default,
                applies: s.applies,
                ignored: s.ignored.as_deref(),
            })
            .collect();
        print(&json_pretty(&ListView { settings }))?;
        return Ok(exit::OK);
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|s| {
            let source = if s.is_default {
                "default".to_string()
            } else {
                format!("set (default {})", s.default)
            };
            vec![s.key.to_string(), s.value.clone(), source]
        })
        .collect();
    let mut text = table(&["KEY", "VALUE", "SOURCE"], &rows);
    for s in all.iter() {
        if let Some(why) = &s.ignored {
            text.push_str(&format!("note: {}: {why}\n", s.key));
        }
    }
    print(&text)?;
    Ok(exit::OK)
}

pub fn set(ctx: &Ctx, key: &str, value: &str) -> Result<u8, CliError> {
    // Checked before the database is opened (and maybe created): bad input writes nothing.
    settings::normalize(key, value)?;
    let db = ctx.open()?;
    let s = settings::set(&db.store, key, value).map_err(|e| command_err(&db, e))?;
    print(&format!("{} = {} ({})\n", s.key, s.value, when(s.applies)))?;
    Ok(exit::OK)
}

pub fn unset(ctx: &Ctx, key: &str) -> Result<u8, CliError> {
    let key = settings::check_key(key)?;
    let s: Setting = match ctx.open_existing()? {
        None => settings::defaults()
            .into_iter()
            .find(|s| s.key == key)
            .expect("every key has a default"),
        Some(db) => settings::unset(&db.store, key).map_err(|e| command_err(&db, e))?,
    };
    print(&format!(
        "{} is back to its default: {} ({})\n",
        s.key,
        s.value,
        when(s.applies)
    ))?;
    Ok(exit::OK)
}
