//! Probes: one module per kind, chosen by the target's URL scheme.
//!
//! Each module holds its config (parsed and validated from a [`MonitorSpec`]) and its check.
//! A check returns a [`CheckResult`]: a refused connection, a timeout or a wrong status code is
//! a DOWN result with a reason, not an error. [`ProbeError`] means the probe could not run.
//! Adding a kind is one module plus one arm in [`ProbeConfig`].

pub mod http;
pub mod tcp;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::config::{FieldError, MonitorSpec};
use crate::model::{CheckResult, Status};

/// The probe could not run at all (as opposed to a failed check, which is a DOWN result).
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("could not build the HTTP client: {0}")]
    Client(String),
}

/// What to probe and how: one variant per probe kind.
#[derive(Debug, Clone, PartialEq)]
pub enum ProbeConfig {
    Http(http::HttpConfig),
    Tcp(tcp::TcpConfig),
}

impl ProbeConfig {
    /// Parses the target URL and the kind's options. Errors name the field.
    pub fn from_spec(spec: &MonitorSpec) -> Result<ProbeConfig, Vec<FieldError>> {
        let target = spec.target.trim();
        if target.is_empty() {
            return Err(vec![FieldError::new("target", "is required")]);
        }
        let url = url::Url::parse(target).map_err(|e| {
            vec![FieldError::new(
                "target",
                format!("\"{target}\" is not a valid URL ({e}); write it like https://host/path or tcp://host:port"),
            )]
        })?;
        match url.scheme() {
            "http" | "https" => http::HttpConfig::from_spec(url, spec).map(ProbeConfig::Http),
            "tcp" => tcp::TcpConfig::from_spec(target, spec).map(ProbeConfig::Tcp),
            other => Err(vec![FieldError::new(
                "target",
                format!("unknown scheme \"{other}\"; supported: http, https, tcp"),
            )]),
        }
    }

    /// Writes this probe's options back into a spec (for export).
    pub fn write_spec(&self, spec: &mut MonitorSpec) {
        match self {
            ProbeConfig::Http(c) => c.write_spec(spec),
            ProbeConfig::Tcp(_) => {}
        }
    }

    /// The probe kind's name, as the scheme family: `http`, `tcp`.
    pub fn kind(&self) -> &'static str {
        match self {
            ProbeConfig::Http(_) => "http",
            ProbeConfig::Tcp(_) => "tcp",
        }
    }
}

/// Shared, reusable state for checks: HTTP clients are expensive to build, so build them once.
#[derive(Clone)]
pub struct Prober {
    http: reqwest::Client,
    http_insecure: reqwest::Client,
}

impl Prober {
    pub fn new() -> Result<Prober, ProbeError> {
        Ok(Prober {
            http: http::client(false)?,
            http_insecure: http::client(true)?,
        })
    }

    /// Runs one check of `probe` within `timeout`, stamped `at` (the caller's clock).
    /// `degraded_latency` turns a slow pass into DEGRADED.
    pub async fn check(
        &self,
        probe: &ProbeConfig,
        timeout: Duration,
        degraded_latency: Option<Duration>,
        at: DateTime<Utc>,
    ) -> CheckResult {
        let started = Instant::now();
        let outcome = match probe {
            ProbeConfig::Http(c) => {
                let client = if c.ignore_tls {
                    &self.http_insecure
                } else {
                    &self.http
                };
                http::check(client, c, timeout).await
            }
            ProbeConfig::Tcp(c) => tcp::check(c, timeout).await,
        };
        let latency = started.elapsed();
        let mut result = CheckResult {
            at,
            status: if outcome.ok { Status::Up } else { Status::Down },
            latency,
            reason: outcome.reason,
            details: outcome.details,
        };
        if let (Status::Up, Some(limit)) = (result.status, degraded_latency) {
            if latency > limit {
                result.status = Status::Degraded;
                result.reason = format!(
                    "slow: {} ms, over the {} ms limit",
                    latency.as_millis(),
                    limit.as_millis()
                );
            }
        }
        result
    }
}

/// What a probe module reports; [`Prober::check`] adds timing and DEGRADED.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub ok: bool,
    pub reason: String,
    pub details: serde_json::Value,
}

impl Outcome {
    pub fn up(details: serde_json::Value) -> Outcome {
        Outcome {
            ok: true,
            reason: String::new(),
            details,
        }
    }

    pub fn down(reason: impl Into<String>, details: serde_json::Value) -> Outcome {
        Outcome {
            ok: false,
            reason: reason.into(),
            details,
        }
    }
}

/// `timed out after 2s`
pub(crate) fn timed_out(timeout: Duration) -> String {
    format!(
        "timed out after {}",
        crate::config::format_duration(timeout)
    )
}

/// A person-readable reason for an I/O error.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        ConnectionRefused => "connection refused".into(),
        ConnectionReset => "connection reset".into(),
        ConnectionAborted => "connection aborted".into(),
        TimedOut => "timed out".into(),
        UnexpectedEof => "connection closed".into(),
        _ => e.to_string(),
    }
}
