//! Confirmation before a failure counts: several checkpoints for the same service with a
//! quorum, and immediate re-checks of a failing check.
//!
//! A monitor may list `checkpoints` (more targets for the same service: IPv4 and IPv6, two
//! URLs, two resolvers), each probed with the monitor's options at every check. The `quorum`
//! decides DOWN: `any` failing, `all` failing, or a `majority` (the default). Fewer failures
//! than the quorum read DEGRADED, so a partial outage is seen but does not page as DOWN. The
//! reason names the checkpoints that failed, so the incident timeline shows them.
//!
//! `confirm_retries` re-checks a failing check that many times, `confirm_after` apart, before
//! it is reported: a blip that passes on the re-check never reaches the threshold engine.

use std::time::Duration;

use crate::field::{defaults, format_duration, parse_duration_in, FieldError};
use crate::probe::ProbeConfig;
use crate::spec::MonitorSpec;
use crate::t;

const MAX_CHECKPOINTS: usize = 8;
const MAX_RETRIES: i64 = 5;
const DEFAULT_CONFIRM_AFTER: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Quorum {
    Any,
    All,
    #[default]
    Majority,
}

impl Quorum {
    pub fn as_str(self) -> &'static str {
        match self {
            Quorum::Any => "any",
            Quorum::All => "all",
            Quorum::Majority => "majority",
        }
    }

    /// Whether `failed` of `total` checkpoints failing makes the service DOWN.
    pub fn is_down(self, failed: usize, total: usize) -> bool {
        match self {
            Quorum::Any => failed >= 1,
            Quorum::All => failed == total,
            Quorum::Majority => failed * 2 > total,
        }
    }
}

/// One extra target.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    pub target: String,
    pub probe: ProbeConfig,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Confirm {
    /// Beyond the monitor's own target.
    pub checkpoints: Vec<Checkpoint>,
    pub quorum: Quorum,
    pub retries: u32,
    pub retry_after: Duration,
}

impl Confirm {
    pub fn from_spec(
        spec: &MonitorSpec,
        interval: Duration,
        errs: &mut Vec<FieldError>,
    ) -> Confirm {
        let mut c = Confirm {
            retry_after: DEFAULT_CONFIRM_AFTER,
            ..Default::default()
        };
        let targets = spec.checkpoints.clone().unwrap_or_default();
        if targets.len() > MAX_CHECKPOINTS {
            errs.push(FieldError::new(
                "checkpoints",
                t!(
                    "field-checkpoints-too-many",
                    max = MAX_CHECKPOINTS,
                    count = targets.len().to_string()
                ),
            ));
        }
        for (i, t) in targets.iter().take(MAX_CHECKPOINTS).enumerate() {
            let field = format!("checkpoints[{i}]");
            let one = MonitorSpec {
                target: t.clone(),
                checkpoints: None,
                ..spec.clone()
            };
            match ProbeConfig::from_spec(&one) {
                Ok(ProbeConfig::Push(_)) => {
                    errs.push(FieldError::new(field, t!("field-checkpoint-heartbeat")))
                }
                Ok(probe) => c.checkpoints.push(Checkpoint {
                    target: t.trim().to_string(),
                    probe,
                }),
                Err(e) => errs.extend(e.into_iter().map(|e| {
                    let f = if e.field == "target" {
                        field.clone()
                    } else {
                        e.field
                    };
                    FieldError::new(f, e.message)
                })),
            }
        }
        c.quorum = match spec.quorum.as_deref() {
            None | Some("majority") => Quorum::Majority,
            Some("any") => Quorum::Any,
            Some("all") => Quorum::All,
            Some(q) => {
                errs.push(FieldError::new(
                    "quorum",
                    t!("field-quorum-unknown", value = q),
                ));
                Quorum::Majority
            }
        };
        c.retries = match spec.confirm_retries {
            None => 0,
            Some(n) if (0..=MAX_RETRIES).contains(&n) => n as u32,
            Some(n) => {
                errs.push(FieldError::new(
                    "confirm_retries",
                    t!(
                        "field-between",
                        min = "0",
                        max = MAX_RETRIES.to_string(),
                        value = n.to_string()
                    ),
                ));
                0
            }
        };
        if let Some(s) = spec.confirm_after.as_deref() {
            match parse_duration_in(
                "confirm_after",
                s,
                defaults::MIN_TIMEOUT,
                defaults::MAX_INTERVAL,
            ) {
                Ok(d) if d >= interval => errs.push(FieldError::new(
                    "confirm_after",
                    t!(
                        "field-confirm-after-interval",
                        interval = format_duration(interval)
                    ),
                )),
                Ok(d) => c.retry_after = d,
                Err(e) => errs.push(e),
            }
        }
        c
    }

    pub fn write_spec(&self, spec: &mut MonitorSpec) {
        if !self.checkpoints.is_empty() {
            spec.checkpoints = Some(self.checkpoints.iter().map(|c| c.target.clone()).collect());
            spec.quorum = Some(self.quorum.as_str().to_string());
        }
        if self.retries > 0 {
            spec.confirm_retries = Some(self.retries.into());
        }
        // Written whenever it was set, retries or not: an export read back is the same monitor.
        if self.retries > 0 || self.retry_after != DEFAULT_CONFIRM_AFTER {
            spec.confirm_after = Some(format_duration(self.retry_after));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quorums() {
        assert!(Quorum::Any.is_down(1, 3));
        assert!(!Quorum::All.is_down(2, 3));
        assert!(Quorum::All.is_down(3, 3));
        assert!(!Quorum::Majority.is_down(1, 2));
        assert!(Quorum::Majority.is_down(2, 3));
    }
}
