//! The command line, as clap derive types. The names here are a public interface that scripts
//! depend on (issue #2): keep every command, flag and exit code as they are.
//!
//! The doc comments are the English help, shown as clap makes it. The Chinese help is in
//! `cli.ftl`, one id per text (`help.rs` has the scheme: `cli-help-monitors-add` for a
//! command, `cli-help-monitors-add--interval` for its flag, `cli-help-check-TARGET` for a
//! positional, `cli-help---data-dir` for a global flag), with the doc comment as the English
//! value: a new or changed doc comment fails `help::tests` until both catalogues have it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub const EXIT_CODES: &str = "\
Exit codes:
  check, status   Nagios plugin convention: 0 UP, 1 DEGRADED, 2 DOWN, 3 UNKNOWN
                  (an invalid target, no data, an unreadable or damaged database is UNKNOWN)
  other commands  0 done, 1 not found or a database / runtime failure, 2 invalid input
                  (every problem is printed as `error: FIELD: MESSAGE`, and nothing is written)";

/// Lookout: watch your services, headless or from scripts.
#[derive(Debug, Parser)]
#[command(name = "lookout", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// Data directory holding lookout.db (default: $LOOKOUT_DATA_DIR, else ~/.local/share/lookout).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Probe TARGET once now and print status, latency and reason (exit 0 UP, 1 DEGRADED, 2 DOWN, 3 UNKNOWN).
    Check(CheckArgs),
    /// Add, list, remove, pause or resume monitors.
    #[command(subcommand)]
    Monitors(MonitorsCommand),
    /// Add the monitors of a Lookout export, a Kener, Uptime Kuma or Gatus file; any invalid
    /// monitor writes none of them. What cannot be carried over is listed with the reason.
    /// A file with recovery actions (commands, webhooks) is refused unless --allow-recovery.
    Import(ImportArgs),
    /// Print every monitor as JSON `{"monitors":[...]}`, the shape `import` reads.
    Export(ExportArgs),
    /// Run the engine in the foreground, one JSON event per line on stdout, until SIGINT or SIGTERM.
    Run {
        /// Also print a `check_completed` event for every check.
        #[arg(short, long)]
        verbose: bool,
        /// Listen for heartbeats (`push://` monitors) on 127.0.0.1:PORT, and remember the port
        /// for push URLs (default: the port set last, else 47811).
        #[arg(long, value_name = "PORT")]
        push_port: Option<u16>,
        /// Serve Prometheus metrics at http://ADDR/metrics (default: the `metrics_listen`
        /// setting, off unless set). A bare port or `:PORT` listens on 127.0.0.1; an address
        /// is used as given (`0.0.0.0:9464` for the network).
        #[arg(long, value_name = "ADDR", value_parser = parse_metrics_listen)]
        metrics_listen: Option<std::net::SocketAddr>,
        /// The `instance` label on every metric (default: this machine's hostname).
        #[arg(long, value_name = "NAME", requires = "metrics_listen")]
        metrics_instance: Option<String>,
    },
    /// Current status of every monitor (exit 0 UP, 1 DEGRADED, 2 DOWN, 3 UNKNOWN or no data).
    Status {
        #[arg(long)]
        json: bool,
    },
    /// List incidents, open first, newest first.
    Incidents {
        #[arg(long)]
        json: bool,
        /// Only the incidents still open.
        #[arg(long)]
        open: bool,
    },
    /// One incident as a Markdown document, an HTML page or JSON: detection, the rule that fired,
    /// notifications, recovery attempts, downtime, failed checks, MTTD and MTTR over 30 days.
    Report {
        #[arg(value_name = "INCIDENT_ID")]
        id: i64,
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
    },
    /// Maintenance windows, one-off or recurring: checks go on, nothing alerts, no incident
    /// opens, the status reads MAINTENANCE and the time is not counted as downtime.
    #[command(subcommand)]
    Maintenance(MaintenanceCommand),
    /// Webhook alert channels, beside desktop notifications: every alert of `lookout run` (and
    /// of the desktop app) is POSTed to each, retried with backoff.
    #[command(subcommand)]
    Channels(ChannelsCommand),
    /// A summary of the last N days on demand: uptime per monitor (from the rollups), the
    /// incidents in the period, MTTR and MTTD.
    Summary {
        /// The period, in days back from now (at most the 365 days rollups are kept).
        #[arg(
            long,
            value_name = "N",
            default_value_t = 7,
            allow_negative_numbers = true
        )]
        days: i64,
        #[arg(long, value_enum, default_value_t = SummaryFormat::Md)]
        format: SummaryFormat,
    },
    /// Simulate an outage of monitor NAME: the DOWN rule, an incident, the notifications and
    /// recovery actions as a dry run, then the recovery, without touching the service. Done by
    /// the engine running on the data dir (the desktop app or `lookout run`), else by one started
    /// for it. The monitor must be UP.
    Simulate {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Show or change the settings shared with the desktop app (`push_port`,
    /// `reference_targets`); a running engine picks a change up within about a second.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Acknowledge an incident, optionally with a note.
    Ack {
        #[arg(value_name = "INCIDENT_ID")]
        id: i64,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Write a consistent copy of the database to FILE, one self-contained file readable by
    /// you only; works while the desktop app or `lookout run` runs on the data dir.
    Backup {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Put the backup FILE in place of the database. FILE is checked first (a sound Lookout
    /// database, or nothing changes); the current database is kept beside it as
    /// lookout.db.replaced-TIME. Refused while the desktop app or `lookout run` runs on the
    /// data dir. The daily backups are in DATA_DIR/backups. A backup holding recovery actions
    /// the current database does not have is refused (exit 2, each named) unless
    /// --allow-recovery.
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Restore recovery actions (commands, webhooks) the current database does not have:
        /// they run as you whenever a monitored target fails.
        #[arg(long)]
        allow_recovery: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Every setting: the value in force, and whether it is the default.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Set KEY to VALUE (validated first; nothing is written on error).
    ///
    /// push_port: the heartbeat listener's port on 127.0.0.1 (from the engine's next start).
    /// reference_targets: host:port,host:port,... (IPv6 as [::1]:53) that must all fail, two of
    /// them at least, for this machine to count as offline; `none` leaves only the route check.
    Set {
        key: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Forget KEY's value, so its default applies again.
    Unset { key: String },
}

#[derive(Debug, Subcommand)]
pub enum ChannelsCommand {
    /// Add a channel (or change the format of the one with this URL).
    Add {
        /// The http:// or https:// URL to POST alerts to.
        url: String,
        /// The body: Kener's alert payload, Slack's `{"text"}` or Discord's `{"content"}`.
        #[arg(long, value_enum, default_value_t = ChannelFormatArg::Kener)]
        format: ChannelFormatArg,
    },
    /// List the channels, numbered as `channels test` reports them.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove the channel with this URL.
    Remove { url: String },
    /// Send a test alert through every channel and say which worked (exit 1 if any failed).
    Test,
}

/// The formats `channels add --format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChannelFormatArg {
    Kener,
    Slack,
    Discord,
}

#[derive(Debug, Subcommand)]
pub enum MaintenanceCommand {
    /// Add a window for one or more monitors (validated first; nothing is written on error).
    Add(MaintenanceAddArgs),
    /// List the windows: monitors, start, duration, rule, whether active now, next start.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a window by its id.
    Remove {
        #[arg(value_name = "ID")]
        id: i64,
    },
}

/// `maintenance add`. Every flag is checked by the command itself, so a missing or bad one is
/// `error: FIELD: ...` naming `monitor`, `start`, `duration` or `rrule`, all at once.
#[derive(Debug, Args)]
pub struct MaintenanceAddArgs {
    /// A monitor the window covers (repeatable; at least one).
    #[arg(long = "monitor", value_name = "NAME")]
    pub monitors: Vec<String>,
    /// When it starts: `now` or an RFC 3339 time (2025-03-01T22:00:00Z, 2025-03-01T23:00:00+01:00).
    #[arg(long, value_name = "now|RFC3339")]
    pub start: Option<String>,
    /// How long it (each occurrence) lasts: 30m, 2h, ...
    #[arg(long, value_name = "D")]
    pub duration: Option<String>,
    /// Repeat it with an iCalendar RRULE from the start: FREQ=WEEKLY;BYDAY=SU
    #[arg(long, value_name = "RULE", allow_hyphen_values = true)]
    pub rrule: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Md,
    /// A self-contained HTML document.
    Html,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SummaryFormat {
    Md,
    Json,
}

/// The formats `import --from` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    Kener,
    UptimeKuma,
    Gatus,
    Lookout,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to read (`-` for stdin).
    pub file: PathBuf,
    /// The file's format (detected when absent).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<ImportFormat>,
    /// Show what would be imported, and what could not be, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also import the file's recovery actions: the commands it names run as you, and its
    /// webhooks are sent the monitor's name and target, whenever a monitored target fails.
    /// Without it, a file holding any is refused and each is listed.
    #[arg(long)]
    pub allow_recovery: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write a file safe to share: secrets (header values, request bodies, the userinfo and
    /// query values of targets, webhook paths, push tokens) become REDACTED. It still
    /// imports; the import lists what to fill in.
    #[arg(long)]
    pub redact: bool,
}

/// Probe options of `check` and `monitors add`. Each is the monitor file's field of the same
/// name (`--condition` is `conditions`); options a probe kind doesn't use are ignored by it.
#[derive(Debug, Clone, Default, Args)]
pub struct ProbeArgs {
    /// A Gatus condition that must hold, else DOWN (repeatable): '[STATUS] == 200',
    /// '[BODY].status == UP', '[RESPONSE_TIME] < 500', ...
    #[arg(long = "condition", value_name = "EXPR")]
    pub conditions: Vec<String>,
    /// A condition whose failure makes the check DEGRADED instead of DOWN (repeatable).
    #[arg(long = "degraded-condition", value_name = "EXPR")]
    pub degraded_conditions: Vec<String>,
    /// DEGRADED when a passing check takes longer than this (e.g. 500ms).
    #[arg(long, value_name = "D")]
    pub degraded_latency: Option<String>,
    /// HTTP: the body must contain TEXT.
    #[arg(long, value_name = "TEXT")]
    pub keyword: Option<String>,
    /// HTTP: with --keyword, the body must NOT contain it.
    #[arg(long)]
    pub invert_keyword: bool,
    /// TLS and HTTPS: don't verify the certificate chain or host name.
    #[arg(long)]
    pub ignore_tls: bool,
    /// TLS and HTTPS: DEGRADED when the certificate expires within N days (default 14).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub cert_warn_days: Option<i64>,
    /// Heartbeats (push://): DOWN when no push arrives within D (default: the interval).
    #[arg(long, value_name = "D")]
    pub grace: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// What to probe: https://host/path, tcp://host:port, ...
    pub target: String,
    /// Give up after this long (e.g. 500ms, 2s; default 10s).
    #[arg(long, value_name = "D")]
    pub timeout: Option<String>,
    /// Print `{"target","status","latency_ms","reason","details"}`.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub probe: ProbeArgs,
}

#[derive(Debug, Subcommand)]
pub enum MonitorsCommand {
    /// Add a monitor (validated first; nothing is written on error).
    Add(Box<AddArgs>),
    /// List monitors (`--json`: the shape `import` reads).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a monitor and its history.
    Remove { name: String },
    /// Stop checking a monitor.
    Pause { name: String },
    /// Resume checking a paused monitor, and lift its snooze.
    Resume { name: String },
    /// Hold a monitor's notifications for a while: it is still checked, its status and
    /// incidents are real, only alerts wait until the snooze ends (or `monitors resume`).
    Snooze {
        name: String,
        /// How long: 1h, 4h, 8h, ... or `forever` (until `monitors resume NAME`).
        #[arg(long = "for", value_name = "D|forever", allow_hyphen_values = true)]
        duration: String,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    pub name: String,
    /// What to probe: https://host/path, tcp://host:port, ...
    #[arg(long)]
    pub target: String,
    /// Start-to-start period, 1s to 24h (default 60s).
    #[arg(long, value_name = "D")]
    pub interval: Option<String>,
    /// At most the interval (default 10s, capped at the interval).
    #[arg(long, value_name = "D")]
    pub timeout: Option<String>,
    /// Consecutive DOWN checks before the down alert triggers (default 1).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub failure_threshold: Option<i64>,
    /// Consecutive passing checks before it resolves (default 1).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub success_threshold: Option<i64>,
    /// Severity of the down alert and its incident (default critical).
    #[arg(long, value_name = "critical|warning")]
    pub severity: Option<String>,
    #[command(flatten)]
    pub probe: ProbeArgs,
}

/// `--metrics-listen`, read as the core reads it.
fn parse_metrics_listen(s: &str) -> Result<std::net::SocketAddr, String> {
    lookout_core::metrics::parse_listen(s).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn conditions_repeat_and_keep_their_spaces() {
        let cli = Cli::try_parse_from([
            "lookout",
            "check",
            "http://x/",
            "--condition",
            "[STATUS] == 200",
            "--condition",
            "[BODY].status == UP",
            "--degraded-condition",
            "[RESPONSE_TIME] < 300",
            "--cert-warn-days",
            "-1",
        ])
        .unwrap();
        let Command::Check(c) = cli.command else {
            panic!("not check")
        };
        assert_eq!(
            c.probe.conditions,
            ["[STATUS] == 200", "[BODY].status == UP"]
        );
        assert_eq!(c.probe.degraded_conditions, ["[RESPONSE_TIME] < 300"]);
        assert_eq!(c.probe.cert_warn_days, Some(-1));
    }

    #[test]
    fn data_dir_is_global() {
        let cli = Cli::try_parse_from(["lookout", "status", "--data-dir", "/x"]).unwrap();
        assert_eq!(cli.data_dir, Some(PathBuf::from("/x")));
    }
}
