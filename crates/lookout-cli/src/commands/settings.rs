//! `lookout settings list|set|unset`: the settings shared with the desktop app, validated by
//! the core; a running engine on the data dir picks a change up through `config_rev`.

use lookout_core::command::CommandError;
use lookout_core::settings::{self, Applies, Setting};
use lookout_core::{i18n, t};
use serde::Serialize;

use super::{print, Ctx, Db};
use crate::error::{exit, CliError};
use crate::output::{for_machines, json_pretty, table};

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

fn when(applies: Applies) -> String {
    match applies {
        Applies::Now => t!("cli-setting-applies-now"),
        Applies::NextStart => t!("cli-setting-applies-next-start"),
    }
}

/// After a change of `language`, says what follows in the language it put in force.
fn speak(db: &Db, key: &str) -> Result<(), CliError> {
    if key == settings::LANGUAGE {
        i18n::set(settings::language(&db.store).map_err(db.err())?);
    }
    Ok(())
}

pub fn list(ctx: &Ctx, json: bool) -> Result<u8, CliError> {
    let all = for_machines(json, || match ctx.open_existing()? {
        None => Ok(settings::defaults()),
        Some(db) => settings::list(&db.store).map_err(db.err()),
    })?;
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
                t!("cli-setting-default")
            } else {
                t!("cli-setting-set", default = s.default.as_str())
            };
            vec![s.key.to_string(), s.value.clone(), source]
        })
        .collect();
    let headers = [t!("cli-col-key"), t!("cli-col-value"), t!("cli-col-source")];
    let mut text = table(&headers, &rows);
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
    speak(&db, s.key)?;
    let line = t!(
        "cli-setting-changed",
        key = s.key,
        value = s.value,
        when = when(s.applies)
    );
    print(&(line + "\n"))?;
    Ok(exit::OK)
}

pub fn unset(ctx: &Ctx, key: &str) -> Result<u8, CliError> {
    let key = settings::check_key(key)?;
    let s: Setting = match ctx.open_existing()? {
        None => settings::defaults()
            .into_iter()
            .find(|s| s.key == key)
            .expect("every key has a default"),
        Some(db) => {
            let s = settings::unset(&db.store, key).map_err(|e| command_err(&db, e))?;
            speak(&db, s.key)?;
            s
        }
    };
    let line = t!(
        "cli-setting-unset",
        key = s.key,
        value = s.value,
        when = when(s.applies)
    );
    print(&(line + "\n"))?;
    Ok(exit::OK)
}
