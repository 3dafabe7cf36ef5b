//! The CLI's error type and exit codes.
//!
//! Every failure ends as one or more `error: ...` lines on stderr and an exit code; never a panic
//! or a backtrace. Bad input is `error: FIELD: MESSAGE`, one line per problem, so a script (or a
//! person) can see every field to fix at once.
//!
//! The messages are in the language in force (`cli.ftl`); the `error: ` and `hint: ` prefixes,
//! the field names and the exit codes are the same in every language, for scripts.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lookout_core::command::CommandError;
use lookout_core::field::{ConfigError, FieldError};
use lookout_core::model::Status;
use lookout_core::storage::{self, StoreError};
use lookout_core::t;

/// Exit codes of the commands that are not Nagios-style.
pub mod exit {
    pub const OK: u8 = 0;
    /// Not found, or the database / runtime failed.
    pub const FAILURE: u8 = 1;
    /// Invalid input (clap's own usage errors also exit 2).
    pub const INVALID: u8 = 2;
    /// Nagios UNKNOWN, for `check` and `status` when they cannot tell.
    pub const UNKNOWN: u8 = 3;
}

/// The Nagios plugin exit code of a status: 0 UP (and planned MAINTENANCE, which must not page
/// anyone), 1 DEGRADED, 2 DOWN, 3 anything else.
pub fn nagios_code(status: Status) -> u8 {
    match status {
        Status::Up | Status::Maintenance => 0,
        Status::Degraded => 1,
        Status::Down => 2,
        Status::Unknown | Status::Paused | Status::Offline => 3,
    }
}

#[derive(Debug)]
pub enum CliError {
    /// Bad input; each entry is printed on its own line as `error: ENTRY`.
    Invalid(Vec<String>),
    /// A monitor or incident that does not exist.
    NotFound(String),
    /// The database could not be opened, read or written.
    Store { path: PathBuf, source: StoreError },
    /// The database file is damaged or not Lookout's: the message, and the newest daily
    /// backup to offer.
    Damaged {
        path: PathBuf,
        message: String,
        newest_backup: Option<PathBuf>,
    },
    /// Anything else that went wrong at run time.
    Failed(String),
}

impl CliError {
    pub fn field(field: &str, message: impl fmt::Display) -> CliError {
        CliError::Invalid(vec![format!("{field}: {message}")])
    }

    /// Writing the answer to stdout failed (other than a closed pipe).
    pub fn stdout(e: std::io::Error) -> CliError {
        CliError::Failed(t!("cli-stdout-failed", error = e.to_string()))
    }

    /// `what` (as the core names it: `monitor 3`) does not exist.
    pub fn not_found(what: &str) -> CliError {
        CliError::NotFound(t!("cli-not-found", what = what))
    }

    pub fn store(path: impl Into<PathBuf>, source: StoreError) -> CliError {
        match source {
            StoreError::NotFound(what) => CliError::not_found(&what),
            StoreError::Duplicate { field, value } => {
                CliError::field(field, t!("cli-monitor-exists", name = value))
            }
            source => {
                let path = path.into();
                if let Some(file) = source.damaged_file() {
                    let dir = file.parent().unwrap_or(Path::new("."));
                    let newest_backup = storage::list_backups(dir)
                        .ok()
                        .and_then(|b| b.into_iter().next())
                        .map(|b| b.path);
                    return CliError::Damaged {
                        path: file.to_path_buf(),
                        message: one_line(&source),
                        newest_backup,
                    };
                }
                CliError::Store { path, source }
            }
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Invalid(_) => exit::INVALID,
            _ => exit::FAILURE,
        }
    }

    /// The lines to print on stderr, without the `error: ` prefix.
    pub fn lines(&self) -> Vec<String> {
        match self {
            CliError::Invalid(lines) => lines.clone(),
            CliError::NotFound(what) => vec![what.clone()],
            CliError::Store { path, source } => {
                // The store's own messages for corrupt, locked and read-only files name the
                // file already; the rest get it added so the user knows which file.
                let msg = one_line(source);
                let shown = path.display().to_string();
                if msg.contains(&shown) {
                    vec![msg]
                } else {
                    vec![t!("cli-database-error", path = shown, message = msg)]
                }
            }
            CliError::Failed(m) => vec![m.clone()],
            CliError::Damaged { message, .. } => vec![message.clone()],
        }
    }

    /// What to do about it, printed as `hint: ...` lines after the errors.
    pub fn hints(&self) -> Vec<String> {
        let CliError::Damaged {
            path,
            newest_backup,
            ..
        } = self
        else {
            return Vec::new();
        };
        let p = path.display().to_string();
        vec![
            t!("cli-hint-damaged-kept", path = p.as_str()),
            t!("cli-hint-damaged-fresh", path = p.as_str()),
            match newest_backup {
                Some(b) => t!("cli-hint-damaged-backup", backup = b.display().to_string()),
                None => t!("cli-hint-damaged-restore"),
            },
        ]
    }
}

/// `error: FIELD: MESSAGE` lines of one monitor's validation problems.
pub fn field_lines(e: &ConfigError, with_monitor: bool) -> Vec<String> {
    e.errors
        .iter()
        .map(|f| match (&e.monitor, with_monitor) {
            (Some(m), true) => monitor_line(m, &f.field, &f.message),
            _ => format!("{}: {}", f.field, f.message),
        })
        .collect()
}

/// `monitor "NAME": FIELD: MESSAGE`: one problem of one monitor of a file.
pub fn monitor_line(monitor: &str, field: &str, message: &str) -> String {
    t!(
        "cli-monitor-field",
        monitor = monitor,
        field = field,
        message = message
    )
}

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> Self {
        CliError::Invalid(field_lines(&e, false))
    }
}

impl From<FieldError> for CliError {
    fn from(e: FieldError) -> Self {
        CliError::field(&e.field, e.message)
    }
}

impl From<CommandError> for CliError {
    fn from(e: CommandError) -> Self {
        match e {
            CommandError::Invalid(c) => c.into(),
            CommandError::NotFound(what) => CliError::not_found(&what),
            CommandError::Store(s) => CliError::Failed(one_line(&s)),
        }
    }
}

/// An error and its causes on one line: `a: b: c`, skipping causes already in the message.
pub fn one_line(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let s = c.to_string();
        if !out.contains(&s) {
            out.push_str(": ");
            out.push_str(&s);
        }
        cause = c.source();
    }
    out.replace('\n', " ")
}

/// Converts a u8 exit code into the process's.
pub fn code(c: u8) -> ExitCode {
    ExitCode::from(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_lines_name_the_monitor_only_when_asked() {
        lookout_core::i18n::with_lang(lookout_core::i18n::Lang::En, field_lines_in_english);
    }

    fn field_lines_in_english() {
        let e = ConfigError {
            monitor: Some("api".into()),
            errors: vec![
                FieldError::new("interval", "must be at least 1s, got 500ms"),
                FieldError::new("target", "is required"),
            ],
        };
        assert_eq!(
            field_lines(&e, false),
            vec![
                "interval: must be at least 1s, got 500ms",
                "target: is required"
            ]
        );
        assert_eq!(
            field_lines(&e, true)[0],
            "monitor \"api\": interval: must be at least 1s, got 500ms"
        );
    }

    #[test]
    fn nagios_codes() {
        assert_eq!(nagios_code(Status::Up), 0);
        assert_eq!(nagios_code(Status::Degraded), 1);
        assert_eq!(nagios_code(Status::Down), 2);
        assert_eq!(nagios_code(Status::Unknown), 3);
        assert_eq!(nagios_code(Status::Paused), 3);
    }

    #[test]
    fn invalid_input_exits_2_and_the_rest_1() {
        assert_eq!(CliError::field("name", "x").exit_code(), 2);
        assert_eq!(CliError::NotFound("monitor \"x\"".into()).exit_code(), 1);
        assert_eq!(CliError::Failed("x".into()).exit_code(), 1);
    }
}
