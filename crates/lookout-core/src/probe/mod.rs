//! Probes: one module per kind, chosen by the target's URL scheme.
//!
//! Each module holds its config (parsed and validated from a [`MonitorSpec`]) and its check.
//! A check returns a [`CheckResult`]: a refused connection, a timeout or a wrong status code is
//! a DOWN result with a reason, not an error. [`ProbeError`] means the probe could not run.
//! Adding a kind is one module plus one arm in [`ProbeConfig`].
//!
//! [`Prober`] holds what checks share and is expensive to build: HTTP clients (one per
//! distinct private CA, built at its first check) and the TLS probe's certificate verifiers.

mod cache;
pub mod cert;
pub mod dns;
mod fresh;
pub mod http;
pub mod icmp;
pub mod push;
pub mod redact;
pub mod redirect;
pub mod tcp;
pub mod tls;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::condition::{self, Conditions, Facts};
use crate::field::FieldError;
use crate::model::{CheckResult, Status};
use crate::spec::MonitorSpec;

/// The probe could not run at all (as opposed to a failed check, which is a DOWN result).
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("{}", crate::said!("reason-http-client", error = .0.to_string()))]
    Client(#[source] reqwest::Error),
}

/// The schemes a target may use, for messages.
const SCHEMES: &str = "http, https, tcp, tls, dns, icmp, push";

/// `host:port` from `scheme://host:port[/...]`; `[v6]` brackets are removed.
///
/// Parsed by hand: url::Url treats unknown schemes as opaque and would accept a port over 65535
/// only to fail later.
pub(crate) fn host_port(target: &str, scheme: &str) -> Result<(String, u16), FieldError> {
    let rest = target
        .strip_prefix(&format!("{scheme}://"))
        .unwrap_or(target);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let err = |m: String| FieldError::new("target", m);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() => (h, p),
        _ => {
            return Err(err(crate::t!(
                "field-needs-host-and-port",
                target = target,
                scheme = scheme
            )))
        }
    };
    let port: u16 = match port.parse::<u32>() {
        Ok(p) if (1..=65535).contains(&p) => p as u16,
        Ok(p) => {
            return Err(err(crate::t!(
                "field-port-out-of-range",
                port = p.to_string()
            )))
        }
        Err(_) => return Err(err(crate::t!("field-not-a-port", port = port))),
    };
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    Ok((host, port))
}

/// What to probe and how: one variant per probe kind.
#[derive(Debug, Clone, PartialEq)]
pub enum ProbeConfig {
    Http(http::HttpConfig),
    Tcp(tcp::TcpConfig),
    Tls(tls::TlsConfig),
    Dns(dns::DnsConfig),
    Icmp(icmp::IcmpConfig),
    Push(push::PushConfig),
}

/// Heartbeats have no conditions: the job's push is the whole verdict.
static NO_CONDITIONS: Conditions = Conditions {
    down: Vec::new(),
    degraded: Vec::new(),
};

impl ProbeConfig {
    /// Parses the target URL and the kind's options. Errors name the field.
    pub fn from_spec(spec: &MonitorSpec) -> Result<ProbeConfig, Vec<FieldError>> {
        let target = spec.target.trim();
        if target.is_empty() {
            return Err(vec![FieldError::new("target", crate::t!("field-required"))]);
        }
        let url = url::Url::parse(target).map_err(|e| {
            vec![FieldError::new(
                "target",
                crate::t!(
                    "field-target-not-a-url",
                    target = target,
                    error = e.to_string()
                ),
            )]
        })?;
        if spec.follow_redirects.is_some() && !matches!(url.scheme(), "http" | "https") {
            return Err(vec![FieldError::new(
                "follow_redirects",
                crate::t!("field-http-targets-only"),
            )]);
        }
        match url.scheme() {
            "http" | "https" => http::HttpConfig::from_spec(url, spec).map(ProbeConfig::Http),
            "tcp" => tcp::TcpConfig::from_spec(target, spec).map(ProbeConfig::Tcp),
            "tls" => tls::TlsConfig::from_spec(target, spec).map(ProbeConfig::Tls),
            "dns" => dns::DnsConfig::from_spec(target, spec).map(ProbeConfig::Dns),
            "icmp" => icmp::IcmpConfig::from_spec(target, spec).map(ProbeConfig::Icmp),
            "push" => push::PushConfig::from_spec(spec).map(ProbeConfig::Push),
            other => Err(vec![FieldError::new(
                "target",
                crate::t!("field-unknown-scheme", scheme = other, supported = SCHEMES),
            )]),
        }
    }

    /// Writes this probe's options back into a spec (for export).
    pub fn write_spec(&self, spec: &mut MonitorSpec) {
        match self {
            ProbeConfig::Http(c) => c.write_spec(spec),
            ProbeConfig::Tcp(c) => c.conditions.write_spec(spec),
            ProbeConfig::Tls(c) => c.write_spec(spec),
            ProbeConfig::Dns(c) => c.write_spec(spec),
            ProbeConfig::Icmp(c) => c.write_spec(spec),
            ProbeConfig::Push(c) => c.write_spec(spec),
        }
    }

    /// The conditions evaluated after each check.
    pub fn conditions(&self) -> &Conditions {
        match self {
            ProbeConfig::Http(c) => &c.conditions,
            ProbeConfig::Tcp(c) => &c.conditions,
            ProbeConfig::Tls(c) => &c.conditions,
            ProbeConfig::Dns(c) => &c.conditions,
            ProbeConfig::Icmp(c) => &c.conditions,
            ProbeConfig::Push(_) => &NO_CONDITIONS,
        }
    }

    /// The probe kind's name, as the scheme family: `http`, `tcp`, `tls`, `dns`, `icmp`, `push`.
    pub fn kind(&self) -> &'static str {
        match self {
            ProbeConfig::Http(_) => "http",
            ProbeConfig::Tcp(_) => "tcp",
            ProbeConfig::Tls(_) => "tls",
            ProbeConfig::Dns(_) => "dns",
            ProbeConfig::Icmp(_) => "icmp",
            ProbeConfig::Push(_) => "push",
        }
    }
}

/// Shared, reusable state for checks: HTTP clients and certificate verifiers are expensive to
/// build, so each is built once and reused. Clones share them.
#[derive(Clone)]
pub struct Prober {
    http: http::Clients,
    http_insecure: http::Clients,
    /// Clients that also trust a monitor's `ca_file`, one per distinct set of certificates.
    http_ca: Arc<cache::PerCa<http::Clients>>,
    /// Which origins may be checked over kept connections ([`http::FRESH_EVERY`]).
    http_fresh: Arc<fresh::Freshness>,
    /// The TLS probe's chain verifiers, one per distinct `ca_file`.
    tls: Arc<tls::Verifiers>,
    push: push::PushBoard,
}

impl Prober {
    pub fn new() -> Result<Prober, ProbeError> {
        Self::with_fresh_every(http::FRESH_EVERY)
    }

    /// [`Prober::new`] whose kept HTTP connections answer for an origin only for `every`
    /// after a check on a new connection passed (tests shorten it).
    pub fn with_fresh_every(every: Duration) -> Result<Prober, ProbeError> {
        Ok(Prober {
            http: http::clients(false)?,
            http_insecure: http::clients(true)?,
            http_ca: Arc::default(),
            http_fresh: Arc::new(fresh::Freshness::new(every)),
            tls: Arc::default(),
            push: push::PushBoard::default(),
        })
    }

    /// The heartbeat board the push listener records on.
    pub fn push_board(&self) -> &push::PushBoard {
        &self.push
    }

    /// Runs one check of `probe` within `timeout`, stamped `at` (the caller's clock).
    /// `degraded_latency` turns a slow pass into DEGRADED.
    ///
    /// The probe module judges what it alone knows (status code, certificate, answers); then
    /// the monitor's conditions are evaluated against the facts it gathered. A check that never
    /// reached the service (refused, timed out) is DOWN with the module's reason, and its
    /// conditions are not evaluated.
    pub async fn check(
        &self,
        probe: &ProbeConfig,
        timeout: Duration,
        degraded_latency: Option<Duration>,
        at: DateTime<Utc>,
    ) -> CheckResult {
        let started = Instant::now();
        let outcome = match probe {
            // Nothing is verified: extra roots would change nothing.
            ProbeConfig::Http(c) if c.tls.ignore_tls => {
                http::check(&self.http_insecure, &self.http_fresh, c, timeout).await
            }
            ProbeConfig::Http(c) => match &c.tls.ca {
                // A private CA needs its own client, built at its first check.
                Some(ca) => match self
                    .http_ca
                    .get_or_build(&ca.certs, || http::clients_with_roots(&ca.certs))
                {
                    Ok(clients) => http::check(&clients, &self.http_fresh, c, timeout).await,
                    Err(e) => Outcome::down(e.to_string(), serde_json::Value::Null),
                },
                None => http::check(&self.http, &self.http_fresh, c, timeout).await,
            },
            ProbeConfig::Tcp(c) => tcp::check(c, timeout).await,
            ProbeConfig::Tls(c) => tls::check(c, timeout, &self.tls).await,
            ProbeConfig::Dns(c) => dns::check(c, timeout).await,
            ProbeConfig::Icmp(c) => icmp::check(c, timeout).await,
            ProbeConfig::Push(c) => push::check(c, &self.push, at),
        };
        let latency = outcome.latency.unwrap_or_else(|| started.elapsed());
        let mut verdicts = vec![(outcome.status, outcome.reason)];
        if let Some(mut facts) = outcome.facts {
            facts.response_time = Some(latency);
            let conditions = probe.conditions();
            let down = condition::failing(&conditions.down, &facts);
            if !down.is_empty() {
                verdicts.push((Status::Down, down.join("; ")));
            }
            let degraded = condition::failing(&conditions.degraded, &facts);
            if !degraded.is_empty() {
                verdicts.push((Status::Degraded, degraded.join("; ")));
            }
        }
        let status = verdicts.iter().map(|(s, _)| *s).max().unwrap_or(Status::Up);
        let reason = verdicts
            .into_iter()
            .filter(|(s, r)| *s == status && !r.is_empty())
            .map(|(_, r)| r)
            .collect::<Vec<_>>()
            .join("; ");
        let mut result = CheckResult {
            at,
            status,
            latency,
            reason,
            details: outcome.details,
        };
        if let (Status::Up, Some(limit)) = (result.status, degraded_latency) {
            if latency > limit {
                result.status = Status::Degraded;
                result.reason = crate::said!(
                    "reason-slow",
                    ms = latency.as_millis() as u64,
                    limit = limit.as_millis() as u64
                );
            }
        }
        result
    }
}

/// What a probe module reports; [`Prober::check`] adds timing, conditions and slow-DEGRADED.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// UP, DEGRADED or DOWN as far as the module can tell.
    pub status: Status,
    pub reason: String,
    pub details: serde_json::Value,
    /// The service's own latency, when the probe knows it better than the check's wall time
    /// (a heartbeat's pushed `latency`).
    pub latency: Option<Duration>,
    /// What the check saw, for conditions; `None` when it never reached the service.
    pub facts: Option<Facts>,
}

impl Outcome {
    pub fn up(details: serde_json::Value) -> Outcome {
        Outcome {
            status: Status::Up,
            reason: String::new(),
            details,
            latency: None,
            facts: None,
        }
    }

    pub fn down(reason: impl Into<String>, details: serde_json::Value) -> Outcome {
        Outcome {
            status: Status::Down,
            reason: reason.into(),
            details,
            latency: None,
            facts: None,
        }
    }

    /// The same outcome, with the facts conditions are evaluated against.
    pub fn with_facts(mut self, facts: Facts) -> Outcome {
        self.facts = Some(facts);
        self
    }

    /// Lowers the status to `status` (never raises it) and adds `reason`.
    pub fn worsen(&mut self, status: Status, reason: impl Into<String>) {
        let reason = reason.into();
        if status > self.status {
            self.status = status;
            self.reason = reason;
        } else if status == self.status && !reason.is_empty() {
            if !self.reason.is_empty() {
                self.reason.push_str("; ");
            }
            self.reason.push_str(&reason);
        }
    }
}

/// `timed out after 2s`
pub(crate) fn timed_out(timeout: Duration) -> String {
    crate::said!(
        "reason-timed-out-after",
        span = crate::field::format_duration(timeout)
    )
}

/// A person-readable reason for an I/O error.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        ConnectionRefused => crate::said!("reason-refused"),
        ConnectionReset => crate::said!("reason-reset"),
        ConnectionAborted => crate::said!("reason-aborted"),
        TimedOut => crate::said!("reason-timed-out"),
        UnexpectedEof => crate::said!("reason-closed"),
        _ => e.to_string(),
    }
}
