//! `lookout channels add|list|remove|test`: the webhook alert channels, kept in the database's
//! settings, shared with the desktop app; a running engine uses a change on its next alert.

use lookout_core::action::channel::{
    add_channel, channels, remove_channel, test_channels, Channel, ChannelError,
};
use lookout_core::events::ChannelFormat;
use serde::Serialize;

use super::{Ctx, Db};
use crate::cli::ChannelFormatArg;
use crate::error::{exit, CliError};
use crate::output::{self, json_pretty, table};

fn print(text: &str) -> Result<(), CliError> {
    output::print(text).map_err(|e| CliError::Failed(format!("stdout: {e}")))
}

fn format_of(f: ChannelFormatArg) -> ChannelFormat {
    match f {
        ChannelFormatArg::Kener => ChannelFormat::Kener,
        ChannelFormatArg::Slack => ChannelFormat::Slack,
        ChannelFormatArg::Discord => ChannelFormat::Discord,
    }
}

fn channel_err(db: &Db, e: ChannelError) -> CliError {
    match e {
        ChannelError::Invalid(f) => f.into(),
        ChannelError::NotFound(url) => {
            CliError::NotFound(format!("no alert channel with URL {url}"))
        }
        ChannelError::Corrupt(m) => CliError::Failed(format!(
            "database {}: the stored alert channels cannot be read: {m}",
            db.path.display()
        )),
        ChannelError::Store(s) => CliError::store(&db.path, s),
    }
}

fn all(ctx: &Ctx) -> Result<Vec<Channel>, CliError> {
    match ctx.open_existing()? {
        None => Ok(Vec::new()),
        Some(db) => channels(&db.store).map_err(|e| channel_err(&db, e)),
    }
}

pub fn add(ctx: &Ctx, url: &str, format: ChannelFormatArg) -> Result<u8, CliError> {
    // Checked before the database is opened (and maybe created): bad input writes nothing.
    let channel = Channel::new(url, format_of(format))?;
    let db = ctx.open()?;
    let before = channels(&db.store).map_err(|e| channel_err(&db, e))?;
    let stored = add_channel(&db.store, channel).map_err(|e| channel_err(&db, e))?;
    let verb = match before.iter().find(|c| c.url == stored.url) {
        Some(old) if old.format == stored.format => "Already have",
        Some(_) => "Changed",
        None => "Added",
    };
    print(&format!(
        "{verb} alert channel {} ({})\n",
        stored.url,
        stored.format.as_str()
    ))?;
    Ok(exit::OK)
}

/// One channel in `channels list --json`.
#[derive(Debug, Serialize)]
struct ChannelView<'a> {
    url: &'a str,
    format: ChannelFormat,
    /// `kener → host:port`: the channel without its URL's path, as timelines name it.
    label: String,
}

#[derive(Serialize)]
struct ListView<'a> {
    channels: Vec<ChannelView<'a>>,
}

pub fn list(ctx: &Ctx, json: bool) -> Result<u8, CliError> {
    let all = all(ctx)?;
    if json {
        let channels = all
            .iter()
            .map(|c| ChannelView {
                url: &c.url,
                format: c.format,
                label: c.label(),
            })
            .collect();
        print(&json_pretty(&ListView { channels }))?;
        return Ok(exit::OK);
    }
    if all.is_empty() {
        print("No alert channels. Add one with `lookout channels add URL [--format kener|slack|discord]`.\n")?;
        return Ok(exit::OK);
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .enumerate()
        .map(|(i, c)| vec![(i + 1).to_string(), c.format.as_str().into(), c.url.clone()])
        .collect();
    print(&table(&["#", "FORMAT", "URL"], &rows))?;
    Ok(exit::OK)
}

pub fn remove(ctx: &Ctx, url: &str) -> Result<u8, CliError> {
    let db = ctx
        .open_existing()?
        .ok_or_else(|| CliError::NotFound(format!("no alert channel with URL {url}")))?;
    let gone = remove_channel(&db.store, url).map_err(|e| channel_err(&db, e))?;
    print(&format!("Removed alert channel {}\n", gone.url))?;
    Ok(exit::OK)
}

pub async fn test(ctx: &Ctx) -> Result<u8, CliError> {
    let all = all(ctx)?;
    if all.is_empty() {
        return Err(CliError::NotFound(
            "no alert channels to test: add one with `lookout channels add URL`".into(),
        ));
    }
    let results = test_channels(&all).await;
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|(c, r)| {
            let n = all.iter().position(|x| x == c).map_or(0, |i| i + 1);
            let (outcome, detail) = match r {
                Ok(()) => ("ok", "delivered".to_string()),
                Err(e) => ("FAILED", e.to_string()),
            };
            vec![n.to_string(), outcome.into(), c.label(), detail]
        })
        .collect();
    let failed = results.iter().filter(|(_, r)| r.is_err()).count();
    let mut text = table(&["#", "RESULT", "CHANNEL", "DETAIL"], &rows);
    text.push_str(&match failed {
        0 => format!("Every channel works ({}).\n", results.len()),
        n => format!("{n} of {} channels failed.\n", results.len()),
    });
    print(&text)?;
    Ok(if failed == 0 { exit::OK } else { exit::FAILURE })
}
