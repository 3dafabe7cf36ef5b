//! `lookout`: Lookout's headless daemon (`lookout run`) and scripting CLI on `lookout-core`.
//!
//! - [`cli`]: the command line (clap derive); its names are a public interface.
//! - [`commands`]: one module per command family; each returns an exit code or a [`CliError`].
//! - [`output`]: rendering for people (tables, Markdown) and the JSON shapes.
//! - [`error`]: exit codes, and turning every failure into `error: ...` lines on stderr.
//!
//! stdout carries only results (tables, JSON, event lines); logs and errors go to stderr.
//!
//! What people read is in one language: the `language` setting of the data dir's database
//! where it names one, else the OS locale's (`LC_ALL`, `LC_MESSAGES`, `LANG`). What scripts
//! read (JSON, event lines, exit codes, files, the `error: ` prefix) is the same in every
//! language. `--help` and clap's common usage errors are in it too ([`help`], [`usage`]), so
//! the language is decided from the raw arguments before clap parses.

mod cli;
mod commands;
mod error;
mod help;
mod output;
mod usage;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use clap::FromArgMatches;
use tracing_subscriber::EnvFilter;

use cli::{ChannelsCommand, Cli, Command, MaintenanceCommand, MonitorsCommand, SettingsCommand};
use commands::Ctx;
use error::{exit, CliError};
use lookout_core::metrics::MetricsOptions;
use lookout_core::{i18n, paths, settings, t};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let guessed = help::data_dir_arg(&args);
    let mut unread = set_language(guessed.as_deref());
    let cli = parse(args);
    init_logging(matches!(cli.command, Command::Run { .. }));
    // clap may read the data dir otherwise than the raw arguments (`settings set KEY
    // --data-dir` is a value): what it parsed decides for everything after the help.
    if cli.data_dir != guessed {
        i18n::set(i18n::from_env());
        unread = set_language(cli.data_dir.as_deref());
    }
    if let Some(e) = unread {
        tracing::debug!(error = %e, "language setting unread; the OS locale decides");
    }
    // Nagios-style commands say UNKNOWN (3) when they cannot tell, whatever went wrong.
    let nagios = matches!(cli.command, Command::Check(_) | Command::Status { .. });
    match run(cli) {
        Ok(code) => error::code(code),
        Err(e) => {
            for line in e.lines() {
                eprintln!("error: {line}");
            }
            for line in e.hints() {
                eprintln!("hint: {line}");
            }
            error::code(if nagios { exit::UNKNOWN } else { e.exit_code() })
        }
    }
}

/// Logs to stderr; `RUST_LOG` wins, else `info` for `run` (a daemon says what it does) and
/// `warn` for the scripting commands (their stdout is the answer).
fn init_logging(daemon: bool) {
    let default = if daemon { "info" } else { "warn" };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour only for a person at a terminal, not in a log file or a test's pipe.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

/// Puts the data dir's `language` setting in force, read without opening (or creating) the
/// database; where there is none, or it cannot be read (a damaged file is for the command to
/// report), the OS locale's language stays. Returns why it could not be read, to log once
/// logging is set up (which needs the parsed command).
fn set_language(data_dir: Option<&Path>) -> Option<String> {
    let dir = paths::data_dir(data_dir)?;
    match settings::language_at(&paths::db_path(&dir)) {
        Ok(lang) => {
            i18n::set(lang);
            None
        }
        Err(e) => Some(e.to_string()),
    }
}

/// The command line parsed, its help and its usage errors in the language in force.
fn parse(args: Vec<OsString>) -> Cli {
    let matches = help::command(i18n::current(), args.first())
        .try_get_matches_from(args)
        .unwrap_or_else(|e| refuse(e));
    Cli::from_arg_matches(&matches)
        .unwrap_or_else(|e| refuse(e.format(&mut <Cli as clap::CommandFactory>::command())))
}

/// Exits with clap's code for `e` (2 for a usage error), its words in the language in force.
fn refuse(e: clap::Error) -> ! {
    match usage::words(&e, i18n::current()) {
        Some(text) => {
            eprint!("{text}");
            std::process::exit(e.exit_code())
        }
        None => e.exit(),
    }
}

fn run(cli: Cli) -> Result<u8, CliError> {
    let ctx = Ctx {
        data_dir: cli.data_dir,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failed(t!("cli-runtime-failed", error = e.to_string())))?;
    let code = rt.block_on(async {
        match cli.command {
            Command::Check(args) => commands::check::run(args).await,
            Command::Monitors(m) => match m {
                MonitorsCommand::Add(args) => commands::monitors::add(&ctx, *args),
                MonitorsCommand::List { json } => commands::monitors::list(&ctx, json),
                MonitorsCommand::Remove { name } => commands::monitors::remove(&ctx, &name),
                MonitorsCommand::Pause { name } => {
                    commands::monitors::set_paused(&ctx, &name, true)
                }
                MonitorsCommand::Resume { name } => {
                    commands::monitors::set_paused(&ctx, &name, false)
                }
                MonitorsCommand::Snooze { name, duration } => {
                    commands::monitors::snooze(&ctx, &name, &duration)
                }
            },
            Command::Import(args) => commands::import::run(&ctx, &args),
            Command::Export(args) => commands::monitors::export(&ctx, &args),
            Command::Run {
                verbose,
                push_port,
                metrics_listen,
                metrics_instance,
            } => {
                let metrics = metrics_listen.map(|listen| MetricsOptions {
                    listen,
                    instance: metrics_instance.unwrap_or_else(lookout_core::metrics::hostname),
                });
                commands::run::run(&ctx, verbose, push_port, metrics).await
            }
            Command::Status { json } => commands::status::run(&ctx, json),
            Command::Incidents { json, open } => commands::incidents::list(&ctx, json, open),
            Command::Report { id, format } => commands::incidents::report(&ctx, id, format),
            Command::Maintenance(m) => match m {
                MaintenanceCommand::Add(args) => commands::maintenance::add(&ctx, &args),
                MaintenanceCommand::List { json } => commands::maintenance::list(&ctx, json),
                MaintenanceCommand::Remove { id } => commands::maintenance::remove(&ctx, id),
            },
            Command::Channels(c) => match c {
                ChannelsCommand::Add { url, format } => commands::channels::add(&ctx, &url, format),
                ChannelsCommand::List { json } => commands::channels::list(&ctx, json),
                ChannelsCommand::Remove { url } => commands::channels::remove(&ctx, &url),
                ChannelsCommand::Test => commands::channels::test(&ctx).await,
            },
            Command::Settings(c) => match c {
                SettingsCommand::List { json } => commands::settings::list(&ctx, json),
                SettingsCommand::Set { key, value } => commands::settings::set(&ctx, &key, &value),
                SettingsCommand::Unset { key } => commands::settings::unset(&ctx, &key),
            },
            Command::Summary { days, format } => commands::summary::run(&ctx, days, format),
            Command::Ack { id, note } => commands::incidents::ack(&ctx, id, note.as_deref()),
            Command::Simulate { name, json } => commands::simulate::run(&ctx, &name, json).await,
            Command::Backup { file, force } => commands::backup::backup(&ctx, &file, force),
            Command::Restore {
                file,
                allow_recovery,
            } => commands::backup::restore(&ctx, &file, allow_recovery),
        }
    })?;
    Ok(code)
}
