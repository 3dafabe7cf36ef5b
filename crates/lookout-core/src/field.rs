//! The vocabulary at the bottom of the crate: field errors, durations and defaults.
//!
//! Every layer above names the field a problem is about ([`FieldError`]), writes durations the
//! same way (`500ms`, `30s`, `5m`, `1h`: [`parse_duration`], [`format_duration`]) and takes its
//! defaults and bounds from [`defaults`]. Its messages are worded by the catalogues
//! ([`crate::i18n`], `field-` ids); nothing else from the crate is imported.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use crate::t;

/// Defaults, in one place.
pub mod defaults {
    use std::time::Duration;

    pub const INTERVAL: Duration = Duration::from_secs(60);
    /// The timeout when none is given, capped at the interval.
    pub const TIMEOUT: Duration = Duration::from_secs(10);
    pub const MIN_INTERVAL: Duration = Duration::from_secs(1);

    // Bounds of every duration a user writes. Each field has one, so no arithmetic on a
    // duration (`t + cooldown`, `interval * 2`, `timeout + 1s`, a window's end) can overflow
    // chrono, tokio's `Instant` or the database's milliseconds.

    /// The longest duration any field takes, a year and a day ([`super::parse_duration`]
    /// refuses more): long enough for a yearly job's `grace` or a long maintenance window, and
    /// millions of times short of any overflow.
    pub const MAX_DURATION: Duration = Duration::from_secs(366 * 24 * 3600);
    /// The longest `interval`: checked less than daily, a service is not being watched. A job
    /// that runs weekly is a push monitor with a long `grace`, not a long interval. `timeout`,
    /// `degraded_latency` and `confirm_after` are bounded by it too (a check lasts at most its
    /// interval).
    pub const MAX_INTERVAL: Duration = Duration::from_secs(24 * 3600);
    /// The shortest `timeout`, `degraded_latency` and `confirm_after`: more than zero, and no
    /// probe answers in less than a millisecond.
    pub const MIN_TIMEOUT: Duration = Duration::from_millis(1);
    /// `remind_every` and a heartbeat's `grace`: at least a second, at most [`MAX_DURATION`].
    pub const MIN_REMIND_EVERY: Duration = Duration::from_secs(1);
    pub const MAX_REMIND_EVERY: Duration = MAX_DURATION;
    pub const MIN_GRACE: Duration = Duration::from_secs(1);
    pub const MAX_GRACE: Duration = MAX_DURATION;
    /// A maintenance window's `duration`: beyond a year and a day a monitor is better paused.
    pub const MIN_WINDOW: Duration = Duration::from_secs(1);
    pub const MAX_WINDOW: Duration = MAX_DURATION;
    /// The longest latency stored for a check: a check lasts at most its timeout, which is at
    /// most [`MAX_INTERVAL`]; anything longer is clamped, so rollup sums stay far from overflow.
    pub const MAX_LATENCY: Duration = MAX_INTERVAL;
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
    /// Recovery actions: the longest cooldown, the general ceiling.
    pub const RECOVERY_MAX_COOLDOWN: Duration = MAX_DURATION;
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
#[error("{}", t!("field-error", field = .field.as_str(), message = .message.as_str()))]
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
                Some(m) => f.write_str(&t!(
                    "field-in-monitor",
                    monitor = m.as_str(),
                    error = e.to_string()
                ))?,
                None => write!(f, "{e}")?,
            }
        }
        Ok(())
    }
}

/// A listen address as `--metrics-listen` and the `metrics_listen` setting take it: a bare port
/// or `:PORT` is loopback (127.0.0.1); anything else is an address used as given
/// (`0.0.0.0:9464`, `[::]:9464`) or a name whose first address is used (`localhost:9464`).
/// `None` when it is neither.
pub fn parse_listen(s: &str) -> Option<std::net::SocketAddr> {
    use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs};
    let s = s.trim();
    let port = s.strip_prefix(':').unwrap_or(s);
    if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
        return Some(SocketAddr::new(
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            port.parse().ok()?,
        ));
    }
    if let Ok(addr) = s.parse::<SocketAddr>() {
        return Some(addr);
    }
    s.to_socket_addrs().ok()?.next()
}

/// Parses a duration written like `500ms`, `30s`, `5m`, `1h`, at most
/// [`defaults::MAX_DURATION`]; fields with tighter bounds use [`parse_duration_in`].
pub fn parse_duration(field: &str, s: &str) -> Result<Duration, FieldError> {
    parse_duration_in(field, s, Duration::ZERO, defaults::MAX_DURATION)
}

/// Parses a duration and checks it lies in `min..=max` (both at most
/// [`defaults::MAX_DURATION`]); the error names `field`, the bounds and the value as typed.
pub fn parse_duration_in(
    field: &str,
    s: &str,
    min: Duration,
    max: Duration,
) -> Result<Duration, FieldError> {
    let typed = s.trim();
    let d = crate::i18n::read_duration(typed).map_err(|e| {
        FieldError::new(
            field,
            t!("field-not-a-duration", value = s, error = e.to_string()),
        )
    })?;
    let max = max.min(defaults::MAX_DURATION);
    if d < min || d > max {
        let message = if min.is_zero() {
            t!("field-at-most", max = bound_text(max), value = typed)
        } else if d < min && max == defaults::MAX_DURATION {
            t!("field-at-least", min = bound_text(min), value = typed)
        } else {
            t!(
                "field-between",
                min = bound_text(min),
                max = bound_text(max),
                value = typed
            )
        };
        return Err(FieldError::new(field, message));
    }
    Ok(d)
}

/// A bound as people write it: `24h` rather than `1day`, `366d` rather than `1year 18h`.
fn bound_text(d: Duration) -> String {
    const HOUR: u64 = 3600;
    let secs = d.as_secs();
    if d.subsec_nanos() == 0 && secs > 0 {
        if secs.is_multiple_of(24 * HOUR) && secs > 48 * HOUR {
            return format!("{}d", secs / (24 * HOUR));
        }
        if secs.is_multiple_of(HOUR) {
            return format!("{}h", secs / HOUR);
        }
    }
    format_duration(d)
}

/// Writes a duration the way [`parse_duration`] reads it: `500ms`, `30s`, `5m`, `1h 30m`.
pub fn format_duration(d: Duration) -> String {
    humantime::format_duration(d).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_beyond_the_ceiling_are_refused_naming_the_field() {
        let e = parse_duration("cooldown", "10000000000000000000s").unwrap_err();
        assert_eq!(e.field, "cooldown");
        assert!(e.message.contains("at most 366d"), "{e}");
        let e = parse_duration("grace", "367d").unwrap_err();
        assert_eq!(e.message, "must be at most 366d, got 367d");
        assert_eq!(
            parse_duration("grace", "366d").unwrap(),
            defaults::MAX_DURATION
        );
        // Too large for humantime at all: still an error, not a panic.
        assert!(parse_duration("grace", "99999999999999999999999y").is_err());
    }

    /// humantime panics on these; a field, a condition and a stored reason may hold them.
    #[test]
    fn durations_adding_up_to_u64_seconds_are_refused_not_a_panic() {
        for text in [
            "18446744073709551615s 1000ms",
            "18446744073709551614s 1s 1000ms",
            "18446744073709551615s 999999999ns 1ns",
            "99999999999999999999999999999999999999999s",
        ] {
            assert!(crate::i18n::read_duration(text).is_err(), "{text}");
            assert!(parse_duration("interval", text).is_err(), "{text}");
        }
        assert_eq!(
            crate::i18n::read_duration("1h 30m").unwrap(),
            Duration::from_secs(5400)
        );
        assert_eq!(
            crate::i18n::read_duration("1s 1000ms").unwrap(),
            Duration::from_secs(2)
        );
        assert!(crate::i18n::read_duration("5 parsecs").is_err());
    }

    #[test]
    fn bounds_read_as_people_write_them() {
        let within = |s| {
            parse_duration_in(
                "interval",
                s,
                defaults::MIN_INTERVAL,
                defaults::MAX_INTERVAL,
            )
        };
        assert_eq!(
            within("25h").unwrap_err().message,
            "must be between 1s and 24h, got 25h"
        );
        assert_eq!(
            within("500ms").unwrap_err().message,
            "must be between 1s and 24h, got 500ms"
        );
        assert_eq!(within("24h").unwrap(), defaults::MAX_INTERVAL);
        let at_least = parse_duration_in("grace", "0s", defaults::MIN_GRACE, defaults::MAX_GRACE);
        assert_eq!(at_least.unwrap_err().message, "must be at least 1s, got 0s");
        assert_eq!(bound_text(Duration::from_secs(90)), "1m 30s");
        assert_eq!(bound_text(Duration::from_millis(1)), "1ms");
    }
}
