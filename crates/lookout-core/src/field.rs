//! The vocabulary at the bottom of the crate: field errors, durations and defaults.
//!
//! Every layer above names the field a problem is about ([`FieldError`]), writes durations the
//! same way (`500ms`, `30s`, `5m`, `1h`: [`parse_duration`], [`format_duration`]) and takes its
//! defaults and bounds from [`defaults`]. Nothing here imports anything else from the crate.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

/// Defaults, in one place.
pub mod defaults {
    use std::time::Duration;

    pub const INTERVAL: Duration = Duration::from_secs(60);
    /// The timeout when none is given, capped at the interval.
    pub const TIMEOUT: Duration = Duration::from_secs(10);
    pub const MIN_INTERVAL: Duration = Duration::from_secs(1);
    pub const FAILURE_THRESHOLD: u32 = 1;
    pub const SUCCESS_THRESHOLD: u32 = 1;
    pub const HTTP_METHOD: &str = "GET";
    pub const MAX_REDIRECTS: usize = 10;
    /// Response bodies are read up to this many bytes, never more.
    pub const BODY_CAP: usize = 1024 * 1024;
    pub const MAX_NAME_LEN: usize = 200;
    /// A certificate expiring within this many days makes a TLS/HTTPS check DEGRADED.
    pub const CERT_WARN_DAYS: u32 = 14;
    /// ICMP echo requests per check.
    pub const ICMP_COUNT: u32 = 3;
    /// ICMP loss (percent) above which a check is DEGRADED.
    pub const ICMP_LOSS_THRESHOLD: f64 = 20.0;
    /// Recovery actions: least time between two attempts of one action.
    pub const RECOVERY_COOLDOWN: Duration = Duration::from_secs(5 * 60);
    /// Recovery actions: attempts per DOWN episode.
    pub const RECOVERY_MAX_ATTEMPTS: u32 = 3;
    /// Recovery actions: a program is killed, a webhook abandoned, after this long.
    pub const RECOVERY_TIMEOUT: Duration = Duration::from_secs(30);
    pub const RECOVERY_MAX_TIMEOUT: Duration = Duration::from_secs(3600);
    pub const MAX_RECOVERY_ACTIONS: usize = 10;
    /// The flap cap: at most this many alerts per monitor within [`FLAP_WINDOW`].
    pub const FLAP_MAX: u32 = 4;
    pub const FLAP_WINDOW: Duration = Duration::from_secs(10 * 60);
    /// Bounds of a monitor's own flap cap: a window shorter than a minute would let a flapping
    /// service notify every minute; one longer than a day would silence it for days.
    pub const MAX_FLAP_MAX: u32 = 1000;
    pub const MIN_FLAP_WINDOW: Duration = Duration::from_secs(60);
    pub const MAX_FLAP_WINDOW: Duration = Duration::from_secs(24 * 3600);
    /// Where heartbeats are pushed (on 127.0.0.1) unless the `push_port` setting says otherwise.
    pub const PUSH_PORT: u16 = 47_811;
}

/// One validation problem, naming the field (`interval`, `alerts.down.failure_threshold`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Every problem found in one monitor definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct ConfigError {
    /// The monitor's name, when it has one.
    pub monitor: Option<String>,
    pub errors: Vec<FieldError>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            match &self.monitor {
                Some(m) => write!(f, "monitor \"{m}\": {e}")?,
                None => write!(f, "{e}")?,
            }
        }
        Ok(())
    }
}

/// Parses a duration written like `500ms`, `30s`, `5m`, `1h`.
pub fn parse_duration(field: &str, s: &str) -> Result<Duration, FieldError> {
    humantime::parse_duration(s.trim()).map_err(|e| {
        FieldError::new(
            field,
            format!("\"{s}\" is not a duration ({e}); write it like 500ms, 30s, 5m or 1h"),
        )
    })
}

/// Writes a duration the way [`parse_duration`] reads it: `500ms`, `30s`, `5m`, `1h 30m`.
pub fn format_duration(d: Duration) -> String {
    humantime::format_duration(d).to_string()
}
