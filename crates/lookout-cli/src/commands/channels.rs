//! `lookout channels add|list|remove|test`: the webhook alert channels, kept in the database's
//! settings, shared with the desktop app; a running engine uses a change on its next alert.

use lookout_core::action::channel::{
    add_channel, channels, remove_channel, test_channels, Channel, ChannelError,
};
use lookout_core::events::ChannelFormat;
use lookout_core::t;
use serde::Serialize;

use super::{print, Ctx, Db};
use crate::cli::ChannelFormatArg;
use crate::error::{exit, CliError};
use crate::output::{json_pretty, table};

fn not_found(url: &str) -> CliError {
    CliError::NotFound(t!("cli-channel-not-found", url = url))
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
        ChannelError::NotFound(url) => not_found(&url),
        ChannelError::Corrupt(m) => CliError::Failed(t!(
            "cli-channels-unreadable",
            path = db.path.display().to_string(),
            error = m
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
    let (url, format) = (stored.url.as_str(), stored.format.as_str());
    let line = match before.iter().find(|c| c.url == stored.url) {
        Some(old) if old.format == stored.format => {
            t!("cli-channel-unchanged", url = url, format = format)
        }
        Some(_) => t!("cli-channel-changed", url = url, format = format),
        None => t!("cli-channel-added", url = url, format = format),
    };
    print(&(line + "\n"))?;
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
        print(&(t!("cli-no-channels") + "\n"))?;
        return Ok(exit::OK);
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .enumerate()
        .map(|(i, c)| vec![(i + 1).to_string(), c.format.as_str().into(), c.url.clone()])
        .collect();
    let headers = ["#".to_string(), t!("cli-col-format"), t!("cli-col-url")];
    print(&table(&headers, &rows))?;
    Ok(exit::OK)
}

pub fn remove(ctx: &Ctx, url: &str) -> Result<u8, CliError> {
    let db = ctx.open_existing()?.ok_or_else(|| not_found(url))?;
    let gone = remove_channel(&db.store, url).map_err(|e| channel_err(&db, e))?;
    print(&(t!("cli-channel-removed", url = gone.url) + "\n"))?;
    Ok(exit::OK)
}

pub async fn test(ctx: &Ctx) -> Result<u8, CliError> {
    let all = all(ctx)?;
    if all.is_empty() {
        return Err(CliError::NotFound(t!("cli-no-channels-to-test")));
    }
    let results = test_channels(&all).await;
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|(c, r)| {
            let n = all.iter().position(|x| x == c).map_or(0, |i| i + 1);
            let (outcome, detail) = match r {
                Ok(()) => (t!("cli-channel-ok"), t!("cli-channel-delivered")),
                Err(e) => (t!("cli-channel-failed"), e.to_string()),
            };
            vec![n.to_string(), outcome, c.label(), detail]
        })
        .collect();
    let failed = results.iter().filter(|(_, r)| r.is_err()).count();
    let headers = [
        "#".to_string(),
        t!("cli-col-result"),
        t!("cli-col-channel"),
        t!("cli-col-detail"),
    ];
    let mut text = table(&headers, &rows);
    let total = results.len();
    text.push_str(&match failed {
        0 => t!("cli-channels-all-work", total = total),
        n => t!("cli-channels-some-failed", failed = n, total = total),
    });
    text.push('\n');
    print(&text)?;
    Ok(if failed == 0 { exit::OK } else { exit::FAILURE })
}
