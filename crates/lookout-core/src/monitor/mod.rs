//! The monitor aggregate: a validated [`Monitor`] and how one is checked.
//!
//! `Monitor::try_from(spec)` is the one place input ([`MonitorSpec`]: files, flags, forms)
//! becomes a trusted monitor. The aggregate knows its parts and asks each to read and validate
//! its own fields: the probe chosen by the target's scheme ([`crate::probe`]), the recovery
//! actions ([`crate::recovery`]), the checkpoints and quorum ([`crate::confirm`]). Every error
//! names the field it is about, so the settings window can show it next to that field.
//! [`MonitorSpec::from`] a `Monitor` writes every field back out.
//!
//! [`check()`] runs one check of a monitor: its probe, and its checkpoints under the quorum.

use std::time::Duration;

use crate::confirm::Confirm;
use crate::field::{
    defaults, format_duration, parse_duration, parse_duration_in, ConfigError, FieldError,
};
use crate::model::{AlertRule, Alerts, MonitorId, Severity};
use crate::probe::ProbeConfig;
use crate::recovery::RecoveryAction;
use crate::spec::{AlertsSpec, MonitorFile, MonitorSpec, RuleSpec};
use crate::t;

mod check;

pub use check::{check, check_spec};

/// A validated monitor. Built from a [`MonitorSpec`]; never holds runtime counters.
#[derive(Debug, Clone, PartialEq)]
pub struct Monitor {
    /// `MonitorId(0)` until stored.
    pub id: MonitorId,
    pub name: String,
    /// The target as the user wrote it (`https://…`, `tcp://host:port`).
    pub target: String,
    /// What to probe and how, parsed from `target` and the probe options.
    pub probe: ProbeConfig,
    /// Start-to-start period, at least 1 s.
    pub interval: Duration,
    /// At most `interval`.
    pub timeout: Duration,
    /// A passing check slower than this is DEGRADED.
    pub degraded_latency: Option<Duration>,
    pub alerts: Alerts,
    pub paused: bool,
    /// What to do, in order, when the service is down ([`crate::recovery`]).
    pub recovery: Vec<RecoveryAction>,
    /// Checkpoints, quorum and confirming re-checks ([`crate::confirm`]).
    pub confirm: Confirm,
    /// The parent monitor's name: its outage holds this one's DOWN alert.
    pub depends_on: Option<String>,
    /// The flap cap: at most this many alerts (at least 1) within `flap_window`, then one
    /// `flapping` event and silence until it settles. `None`: the runtime's
    /// (`RuntimeOptions::flap_max`, 4 by default).
    pub flap_max: Option<u32>,
    /// At least 1 minute. `None`: the runtime's (`RuntimeOptions::flap_window`, 10 minutes).
    pub flap_window: Option<Duration>,
}

fn threshold(field: &str, v: Option<i64>, default: u32, errs: &mut Vec<FieldError>) -> u32 {
    match v {
        None => default,
        Some(n) if (1..=10_000).contains(&n) => n as u32,
        Some(n) => {
            errs.push(FieldError::new(
                field,
                t!(
                    "field-between",
                    min = "1",
                    max = "10000",
                    value = n.to_string()
                ),
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
        Some(s) => s.parse().unwrap_or_else(|_: String| {
            let message = t!("field-severity-unknown", value = s);
            errs.push(FieldError::new(format!("{path}.severity"), message));
            default.severity
        }),
    };
    let remind_every = spec.remind_every.as_deref().and_then(|s| {
        parse_duration_in(
            &format!("{path}.remind_every"),
            s,
            defaults::MIN_REMIND_EVERY,
            defaults::MAX_REMIND_EVERY,
        )
        .map_err(|e| errs.push(e))
        .ok()
    });
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
            errs.push(FieldError::new("name", t!("field-required")));
        } else if name.chars().count() > defaults::MAX_NAME_LEN {
            errs.push(FieldError::new(
                "name",
                t!("field-too-long", max = defaults::MAX_NAME_LEN),
            ));
        } else if name.chars().any(char::is_control) {
            errs.push(FieldError::new("name", t!("field-control-chars")));
        }

        let interval = match spec.interval.as_deref() {
            None => defaults::INTERVAL,
            Some(s) => {
                parse_duration_in(
                    "interval",
                    s,
                    defaults::MIN_INTERVAL,
                    defaults::MAX_INTERVAL,
                )
                .unwrap_or_else(|e| {
                    errs.push(e);
                    // Readable but out of bounds: the timeout is still judged against it,
                    // so every problem is told at once.
                    parse_duration("interval", s).unwrap_or(defaults::INTERVAL)
                })
            }
        };
        let timeout = match spec.timeout.as_deref() {
            None => defaults::TIMEOUT.min(interval),
            Some(s) => {
                match parse_duration_in("timeout", s, defaults::MIN_TIMEOUT, defaults::MAX_INTERVAL)
                {
                    Ok(t) if t > interval => {
                        errs.push(FieldError::new(
                            "timeout",
                            t!(
                                "field-timeout-over-interval",
                                timeout = format_duration(t),
                                interval = format_duration(interval)
                            ),
                        ));
                        t
                    }
                    Ok(t) => t,
                    Err(e) => {
                        errs.push(e);
                        defaults::TIMEOUT.min(interval)
                    }
                }
            }
        };
        let degraded_latency = spec.degraded_latency.as_deref().and_then(|s| {
            parse_duration_in(
                "degraded_latency",
                s,
                defaults::MIN_TIMEOUT,
                defaults::MAX_INTERVAL,
            )
            .map_err(|e| errs.push(e))
            .ok()
        });
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
        let recovery =
            crate::recovery::validate(spec.recovery.as_deref().unwrap_or_default(), &mut errs);
        let probe = match ProbeConfig::from_spec(&spec) {
            Ok(p) => Some(p),
            Err(mut e) => {
                errs.append(&mut e);
                None
            }
        };
        let confirm = Confirm::from_spec(&spec, interval, &mut errs);
        let depends_on = match spec.depends_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) if p == name => {
                errs.push(FieldError::new("depends_on", t!("field-depends-on-itself")));
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
                    t!(
                        "field-between",
                        min = "1",
                        max = defaults::MAX_FLAP_MAX.to_string(),
                        value = n.to_string()
                    ),
                ));
                None
            }
        };
        let flap_window = spec.flap_window.as_deref().and_then(|s| {
            parse_duration_in(
                "flap_window",
                s,
                defaults::MIN_FLAP_WINDOW,
                defaults::MAX_FLAP_WINDOW,
            )
            .map_err(|e| errs.push(e))
            .ok()
        });

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
                    t!("field-name-twice-in-file", name = label.as_str()),
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
mod tests;
