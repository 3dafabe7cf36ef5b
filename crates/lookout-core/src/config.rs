//! Raw monitor definitions and their validation.
//!
//! [`MonitorSpec`] is what users write (the import/export file, CLI flags, the settings form):
//! serde, mostly `Option`. `Monitor::try_from(spec)` is the one place input becomes a trusted
//! [`Monitor`]; every error names the field it is about, so the settings window can show it next
//! to that field. [`MonitorSpec::from`] a `Monitor` writes every field out, which is what
//! `lookout export` prints and `lookout import` reads back unchanged.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::model::{AlertRule, Alerts, Monitor, MonitorId, Severity};
use crate::probe::ProbeConfig;

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

/// An alert rule as written. Missing fields take the rule's defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_threshold: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_incident: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind_every: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub down: Option<RuleSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degraded: Option<RuleSpec>,
}

/// A monitor as written in the import/export file, the CLI and the settings form.
///
/// Durations are strings like `"500ms"`, `"30s"`, `"5m"`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitorSpec {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerts: Option<AlertsSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degraded_latency: Option<String>,
    /// HTTP method (default GET).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// HTTP request headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<std::collections::BTreeMap<String, String>>,
    /// HTTP request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Accepted HTTP status codes and ranges: `["200-299", "301"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_status: Option<Vec<String>>,
    /// Skip TLS certificate verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_tls: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    /// Gatus conditions (`[STATUS] == 200`, `[BODY].status == UP`); any failing one → DOWN.
    /// For HTTP, a `[STATUS]` condition here replaces `accepted_status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<String>>,
    /// Gatus conditions whose failure marks the check DEGRADED instead of DOWN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degraded_conditions: Option<Vec<String>>,
    /// HTTP: the body must contain this text (Uptime Kuma's keyword monitor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyword: Option<String>,
    /// HTTP: with `keyword`, the body must NOT contain it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invert_keyword: Option<bool>,
    /// TLS and HTTPS: DEGRADED when the certificate expires within this many days (default 14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_warn_days: Option<i64>,
    /// TLS and HTTPS: a PEM file of extra trusted root certificates (a private CA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<String>,
    /// DNS: values the answers must contain (see `match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Vec<String>>,
    /// DNS: `any` (default: one expected value is among the answers) or `all` (every one is).
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub match_mode: Option<String>,
    /// ICMP: echo requests per check (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// ICMP: DEGRADED when more than this percent of echoes are lost (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_threshold: Option<f64>,
    /// Heartbeat (`push://`): the secret in the push URL; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Heartbeat: how long without a push before DOWN (default: the interval).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace: Option<String>,
    /// Heartbeat: where the job pushes. Written by `monitors list --json` for reference;
    /// ignored on import (the port is the running engine's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push_url: Option<String>,
    /// Recovery actions, run in order while the service is DOWN (see [`crate::action`]):
    /// `[{"run": ["systemctl", "--user", "restart", "api"], "after_failures": 1,
    /// "cooldown": "5m", "max_attempts": 3, "timeout": "30s"}, {"webhook": URL, ...}]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<Vec<crate::action::recovery::RecoverySpec>>,
    /// More targets for the same service (IPv4 and IPv6, two URLs, two resolvers), probed with
    /// the same options at every check; `quorum` decides when the service is DOWN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoints: Option<Vec<String>>,
    /// `any` (one failing checkpoint is DOWN), `all` (every one must fail) or `majority`
    /// (default). Fewer failures than the quorum read DEGRADED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<String>,
    /// Re-check a failing check this many times at once before it counts (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_retries: Option<i64>,
    /// The wait before each confirming re-check (default 1s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_after: Option<String>,
    /// The name of a monitor this one depends on: while that parent is DOWN, this monitor's
    /// DOWN alert is held and it is named in the parent's incident instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<String>,
    /// The flap cap: at most this many alerts (default 4) within `flap_window`, then one
    /// `flapping` notice and silence until it settles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flap_max: Option<i64>,
    /// The flap cap's window (default 10m; at least 1m).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flap_window: Option<String>,
}

/// The import/export file: `{"monitors": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitorFile {
    pub monitors: Vec<MonitorSpec>,
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

fn threshold(field: &str, v: Option<i64>, default: u32, errs: &mut Vec<FieldError>) -> u32 {
    match v {
        None => default,
        Some(n) if (1..=10_000).contains(&n) => n as u32,
        Some(n) => {
            errs.push(FieldError::new(
                field,
                format!("must be between 1 and 10000, got {n}"),
            ));
            default
        }
    }
}

fn rule(
    path: &str,
    spec: Option<&RuleSpec>,
    default: AlertRule,
    errs: &mut Vec<FieldError>,
) -> AlertRule {
    let Some(spec) = spec else { return default };
    let severity = match spec.severity.as_deref() {
        None => default.severity,
        Some(s) => s.parse().unwrap_or_else(|m: String| {
            errs.push(FieldError::new(format!("{path}.severity"), m));
            default.severity
        }),
    };
    let remind_every = match spec.remind_every.as_deref() {
        None => None,
        Some(s) => match parse_duration(&format!("{path}.remind_every"), s) {
            Ok(d) if d >= Duration::from_secs(1) => Some(d),
            Ok(_) => {
                errs.push(FieldError::new(
                    format!("{path}.remind_every"),
                    "must be at least 1s",
                ));
                None
            }
            Err(e) => {
                errs.push(e);
                None
            }
        },
    };
    AlertRule {
        failure_threshold: threshold(
            &format!("{path}.failure_threshold"),
            spec.failure_threshold,
            default.failure_threshold,
            errs,
        ),
        success_threshold: threshold(
            &format!("{path}.success_threshold"),
            spec.success_threshold,
            default.success_threshold,
            errs,
        ),
        severity,
        create_incident: spec.create_incident.unwrap_or(default.create_incident),
        active: spec.active.unwrap_or(default.active),
        remind_every,
    }
}

/// The `down` rule's defaults: 1, 1, critical, opens an incident.
pub fn default_down_rule() -> AlertRule {
    AlertRule {
        failure_threshold: defaults::FAILURE_THRESHOLD,
        success_threshold: defaults::SUCCESS_THRESHOLD,
        severity: Severity::Critical,
        create_incident: true,
        active: true,
        remind_every: None,
    }
}

/// The `degraded` rule's defaults: 1, 1, warning, no incident.
pub fn default_degraded_rule() -> AlertRule {
    AlertRule {
        failure_threshold: defaults::FAILURE_THRESHOLD,
        success_threshold: defaults::SUCCESS_THRESHOLD,
        severity: Severity::Warning,
        create_incident: false,
        active: true,
        remind_every: None,
    }
}

impl TryFrom<MonitorSpec> for Monitor {
    type Error = ConfigError;

    fn try_from(spec: MonitorSpec) -> Result<Monitor, ConfigError> {
        let mut errs = Vec::new();
        let name = spec.name.trim().to_string();
        if name.is_empty() {
            errs.push(FieldError::new("name", "is required"));
        } else if name.chars().count() > defaults::MAX_NAME_LEN {
            errs.push(FieldError::new(
                "name",
                format!("is longer than {} characters", defaults::MAX_NAME_LEN),
            ));
        } else if name.chars().any(char::is_control) {
            errs.push(FieldError::new(
                "name",
                "must not contain control characters",
            ));
        }

        let interval = match spec.interval.as_deref() {
            None => defaults::INTERVAL,
            Some(s) => parse_duration("interval", s).unwrap_or_else(|e| {
                errs.push(e);
                defaults::INTERVAL
            }),
        };
        if interval < defaults::MIN_INTERVAL {
            errs.push(FieldError::new(
                "interval",
                format!("must be at least 1s, got {}", format_duration(interval)),
            ));
        }
        let timeout = match spec.timeout.as_deref() {
            None => defaults::TIMEOUT.min(interval),
            Some(s) => match parse_duration("timeout", s) {
                Ok(t) if t.is_zero() => {
                    errs.push(FieldError::new("timeout", "must be more than 0"));
                    t
                }
                Ok(t) if t > interval => {
                    errs.push(FieldError::new(
                        "timeout",
                        format!(
                            "{} is longer than the interval ({})",
                            format_duration(t),
                            format_duration(interval)
                        ),
                    ));
                    t
                }
                Ok(t) => t,
                Err(e) => {
                    errs.push(e);
                    defaults::TIMEOUT
                }
            },
        };
        let degraded_latency = match spec.degraded_latency.as_deref() {
            None => None,
            Some(s) => match parse_duration("degraded_latency", s) {
                Ok(d) if d.is_zero() => {
                    errs.push(FieldError::new("degraded_latency", "must be more than 0"));
                    None
                }
                Ok(d) => Some(d),
                Err(e) => {
                    errs.push(e);
                    None
                }
            },
        };
        let alerts_spec = spec.alerts.clone().unwrap_or_default();
        let alerts = Alerts {
            down: rule(
                "alerts.down",
                alerts_spec.down.as_ref(),
                default_down_rule(),
                &mut errs,
            ),
            degraded: rule(
                "alerts.degraded",
                alerts_spec.degraded.as_ref(),
                default_degraded_rule(),
                &mut errs,
            ),
        };
        let recovery = crate::action::recovery::validate(
            spec.recovery.as_deref().unwrap_or_default(),
            &mut errs,
        );
        let probe = match ProbeConfig::from_spec(&spec) {
            Ok(p) => Some(p),
            Err(mut e) => {
                errs.append(&mut e);
                None
            }
        };
        let confirm = crate::confirm::Confirm::from_spec(&spec, interval, &mut errs);
        let depends_on = match spec.depends_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) if p == name => {
                errs.push(FieldError::new(
                    "depends_on",
                    "a monitor can't depend on itself",
                ));
                None
            }
            Some(p) => Some(p.to_string()),
        };
        let flap_max = match spec.flap_max {
            None => None,
            Some(n) if (1..=i64::from(defaults::MAX_FLAP_MAX)).contains(&n) => Some(n as u32),
            Some(n) => {
                errs.push(FieldError::new(
                    "flap_max",
                    format!("must be between 1 and {}, got {n}", defaults::MAX_FLAP_MAX),
                ));
                None
            }
        };
        let flap_window = match spec.flap_window.as_deref() {
            None => None,
            Some(s) => match parse_duration("flap_window", s) {
                Ok(d) if (defaults::MIN_FLAP_WINDOW..=defaults::MAX_FLAP_WINDOW).contains(&d) => {
                    Some(d)
                }
                Ok(d) => {
                    errs.push(FieldError::new(
                        "flap_window",
                        format!("must be between 1m and 24h, got {}", format_duration(d)),
                    ));
                    None
                }
                Err(e) => {
                    errs.push(e);
                    None
                }
            },
        };

        match probe {
            Some(probe) if errs.is_empty() => Ok(Monitor {
                id: MonitorId(0),
                name,
                target: spec.target.trim().to_string(),
                probe,
                interval,
                timeout,
                degraded_latency,
                alerts,
                paused: spec.paused.unwrap_or(false),
                recovery,
                confirm,
                depends_on,
                flap_max,
                flap_window,
            }),
            _ => Err(ConfigError {
                monitor: (!name.is_empty()).then_some(name),
                errors: errs,
            }),
        }
    }
}

fn rule_spec(r: &AlertRule) -> RuleSpec {
    RuleSpec {
        failure_threshold: Some(r.failure_threshold.into()),
        success_threshold: Some(r.success_threshold.into()),
        severity: Some(r.severity.as_str().to_string()),
        create_incident: Some(r.create_incident),
        active: Some(r.active),
        remind_every: r.remind_every.map(format_duration),
    }
}

impl From<&Monitor> for MonitorSpec {
    fn from(m: &Monitor) -> MonitorSpec {
        let mut spec = MonitorSpec {
            name: m.name.clone(),
            target: m.target.clone(),
            interval: Some(format_duration(m.interval)),
            timeout: Some(format_duration(m.timeout)),
            alerts: Some(AlertsSpec {
                down: Some(rule_spec(&m.alerts.down)),
                degraded: Some(rule_spec(&m.alerts.degraded)),
            }),
            degraded_latency: m.degraded_latency.map(format_duration),
            paused: m.paused.then_some(true),
            depends_on: m.depends_on.clone(),
            flap_max: m.flap_max.map(i64::from),
            flap_window: m.flap_window.map(format_duration),
            recovery: (!m.recovery.is_empty())
                .then(|| m.recovery.iter().map(|a| a.to_spec()).collect()),
            ..MonitorSpec::default()
        };
        m.probe.write_spec(&mut spec);
        m.confirm.write_spec(&mut spec);
        spec
    }
}

/// Parses an import file, naming the line and column of a syntax error.
pub fn parse_monitor_file(text: &str) -> Result<MonitorFile, FieldError> {
    serde_json::from_str(text).map_err(|e| {
        FieldError::new(
            "file",
            format!("line {}, column {}: {}", e.line(), e.column(), e),
        )
    })
}

/// Validates every monitor of a file; on any problem returns them all and no monitor.
/// Names must be unique within the file.
pub fn validate_file(file: MonitorFile) -> Result<Vec<Monitor>, Vec<ConfigError>> {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, spec) in file.monitors.into_iter().enumerate() {
        let label = if spec.name.trim().is_empty() {
            format!("#{}", i + 1)
        } else {
            spec.name.trim().to_string()
        };
        if !spec.name.trim().is_empty() && !seen.insert(spec.name.trim().to_string()) {
            bad.push(ConfigError {
                monitor: Some(label.clone()),
                errors: vec![FieldError::new(
                    "name",
                    format!("\"{label}\" is used by more than one monitor"),
                )],
            });
            continue;
        }
        match Monitor::try_from(spec) {
            Ok(m) => ok.push(m),
            Err(mut e) => {
                e.monitor = Some(label);
                bad.push(e);
            }
        }
    }
    if bad.is_empty() {
        Ok(ok)
    } else {
        Err(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(target: &str) -> MonitorSpec {
        MonitorSpec {
            name: "api".into(),
            target: target.into(),
            ..Default::default()
        }
    }

    fn fields(e: ConfigError) -> Vec<String> {
        e.errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn defaults_are_applied() {
        let m = Monitor::try_from(spec("https://example.com/health")).unwrap();
        assert_eq!(m.interval, Duration::from_secs(60));
        assert_eq!(m.timeout, Duration::from_secs(10));
        assert_eq!(m.alerts.down, default_down_rule());
        assert_eq!(m.alerts.degraded, default_degraded_rule());
        assert!(!m.paused);
    }

    #[test]
    fn default_timeout_is_capped_by_interval() {
        let mut s = spec("tcp://127.0.0.1:80");
        s.interval = Some("2s".into());
        let m = Monitor::try_from(s).unwrap();
        assert_eq!(m.timeout, Duration::from_secs(2));
    }

    #[test]
    fn bad_fields_are_named() {
        let mut s = spec("ftp://example.com");
        s.interval = Some("500ms".into());
        s.timeout = Some("2s".into());
        s.alerts = Some(AlertsSpec {
            down: Some(RuleSpec {
                failure_threshold: Some(0),
                severity: Some("loud".into()),
                ..Default::default()
            }),
            degraded: None,
        });
        let f = fields(Monitor::try_from(s).unwrap_err());
        assert!(f.contains(&"target".to_string()), "{f:?}");
        assert!(f.contains(&"interval".to_string()), "{f:?}");
        assert!(f.contains(&"timeout".to_string()), "{f:?}");
        assert!(
            f.contains(&"alerts.down.failure_threshold".to_string()),
            "{f:?}"
        );
        assert!(f.contains(&"alerts.down.severity".to_string()), "{f:?}");
    }

    #[test]
    fn port_out_of_range_is_rejected() {
        let e = Monitor::try_from(spec("tcp://127.0.0.1:70000")).unwrap_err();
        assert_eq!(fields(e), vec!["target"]);
        let e = Monitor::try_from(spec("tcp://127.0.0.1")).unwrap_err();
        assert_eq!(fields(e), vec!["target"]);
    }

    #[test]
    fn unparsable_duration_names_the_field() {
        let mut s = spec("https://example.com");
        s.interval = Some("soon".into());
        let e = Monitor::try_from(s).unwrap_err();
        assert_eq!(e.errors[0].field, "interval");
        assert!(e.errors[0].message.contains("soon"));
    }

    #[test]
    fn spec_round_trips() {
        let mut s = spec("https://example.com/x");
        s.interval = Some("30s".into());
        s.timeout = Some("500ms".into());
        s.method = Some("POST".into());
        s.body = Some("{}".into());
        s.accepted_status = Some(vec!["200-299".into(), "418".into()]);
        s.degraded_latency = Some("2s".into());
        let m = Monitor::try_from(s).unwrap();
        let back = MonitorSpec::from(&m);
        let again = Monitor::try_from(back.clone()).unwrap();
        assert_eq!(m, again);
        assert_eq!(back, MonitorSpec::from(&again));
        assert_eq!(back.interval.as_deref(), Some("30s"));
        assert_eq!(back.timeout.as_deref(), Some("500ms"));
    }

    #[test]
    fn flap_cap_fields_are_validated_and_round_trip() {
        let m = Monitor::try_from(spec("tcp://127.0.0.1:80")).unwrap();
        assert_eq!(
            (m.flap_max, m.flap_window),
            (None, None),
            "the runtime's default"
        );
        let back = MonitorSpec::from(&m);
        assert_eq!((back.flap_max, back.flap_window), (None, None));

        let mut s = spec("tcp://127.0.0.1:80");
        s.flap_max = Some(2);
        s.flap_window = Some("90s".into());
        let m = Monitor::try_from(s).unwrap();
        assert_eq!(m.flap_max, Some(2));
        assert_eq!(m.flap_window, Some(Duration::from_secs(90)));
        let back = MonitorSpec::from(&m);
        assert_eq!(back.flap_max, Some(2));
        assert_eq!(back.flap_window.as_deref(), Some("1m 30s"));
        assert_eq!(Monitor::try_from(back).unwrap(), m);

        for (max, window, field) in [
            (Some(0), None, "flap_max"),
            (Some(-1), None, "flap_max"),
            (Some(1001), None, "flap_max"),
            (None, Some("59s"), "flap_window"),
            (None, Some("25h"), "flap_window"),
            (None, Some("often"), "flap_window"),
        ] {
            let mut s = spec("tcp://127.0.0.1:80");
            s.flap_max = max;
            s.flap_window = window.map(str::to_string);
            let e = Monitor::try_from(s).unwrap_err();
            assert_eq!(fields(e.clone()), vec![field], "{max:?} {window:?}: {e}");
        }
        let mut s = spec("tcp://127.0.0.1:80");
        s.flap_window = Some("30s".into());
        let e = Monitor::try_from(s).unwrap_err();
        assert_eq!(e.errors[0].message, "must be between 1m and 24h, got 30s");
    }

    #[test]
    fn file_errors_name_every_monitor_and_duplicates() {
        let file = MonitorFile {
            monitors: vec![
                spec("https://a.example"),
                spec("https://b.example"),
                MonitorSpec {
                    name: "c".into(),
                    target: "nope".into(),
                    ..Default::default()
                },
            ],
        };
        let errs = validate_file(file).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].errors[0].field, "name");
        assert_eq!(errs[1].monitor.as_deref(), Some("c"));
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let e = parse_monitor_file("{\n  \"monitors\": [\n    {\"name\": }\n  ]\n}").unwrap_err();
        assert!(e.message.contains("line 3"), "{}", e.message);
    }
}
