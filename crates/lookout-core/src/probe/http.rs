//! `http://` and `https://` checks: method, headers, body, accepted status codes, redirects
//! (at most 10, followed by [`super::redirect`]: never from https to http, the monitor's
//! headers only to its own origin; or not at all with `follow_redirects: false`), TLS verified
//! unless `ignore_tls`, the body read up to a 1 MiB cap. The whole exchange, redirects and
//! body included, is bounded by the monitor's timeout.
//!
//! A check may go over a connection kept from an earlier one (where the server keeps it
//! alive): that spares a connect and a TLS handshake per check. But a monitor asks whether a
//! new user can connect now, and a kept connection would answer for a server that has stopped
//! accepting new ones. So an origin's checks use kept connections only while a check on a new
//! connection passed within [`FRESH_EVERY`], and a kept attempt that got no answer at all is
//! made again on a new connection before it counts ([`check`]). A check's latency is that of the
//! attempt that answered: with the connect and handshake when it was new, without on a kept one.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::time::Duration;

use reqwest::header::{self, HeaderName};
use serde_json::json;
use tokio::time::{timeout_at, Instant};

use super::cert;
use super::fresh::Freshness;
use super::redact::without_credentials;
use super::redirect::{self, RedirectError};
use super::tls::CertPolicy;
use super::{timed_out, Outcome, ProbeError};
use crate::condition::{Conditions, Facts, Placeholder};
use crate::field::{defaults, FieldError};
use crate::model::Status;
use crate::spec::MonitorSpec;

/// What an HTTP check can tell conditions.
pub const PLACEHOLDERS: &[Placeholder] = &[
    Placeholder::Status,
    Placeholder::ResponseTime,
    Placeholder::Body,
    Placeholder::CertificateExpiration,
    Placeholder::Ip,
    Placeholder::Connected,
];

#[derive(Debug, Clone, PartialEq)]
pub struct HttpConfig {
    pub url: url::Url,
    pub method: reqwest::Method,
    pub headers: BTreeMap<String, String>,
    pub body: Option<String>,
    /// Never empty; defaults to 200-299.
    pub accepted_status: Vec<RangeInclusive<u16>>,
    /// Certificate checks for `https://`: verification, expiry warning, extra roots.
    pub tls: CertPolicy,
    /// The body must contain this text (or must not, with `invert_keyword`).
    pub keyword: Option<String>,
    pub invert_keyword: bool,
    /// Follow 3xx answers (default). When off, the 3xx itself is the answer, judged by
    /// `accepted_status` and the conditions.
    pub follow_redirects: bool,
    /// Evaluated after the status check. When a DOWN condition reads `[STATUS]`, it replaces
    /// `accepted_status` (the user said what a good status is); otherwise both apply.
    pub conditions: Conditions,
}

impl HttpConfig {
    pub fn from_spec(url: url::Url, spec: &MonitorSpec) -> Result<HttpConfig, Vec<FieldError>> {
        let mut errs = Vec::new();
        if url.host_str().is_none_or(str::is_empty) {
            errs.push(FieldError::new("target", crate::t!("field-no-host")));
        }
        let method = spec.method.as_deref().unwrap_or(defaults::HTTP_METHOD);
        let method =
            match reqwest::Method::from_bytes(method.trim().to_ascii_uppercase().as_bytes()) {
                Ok(m) => m,
                Err(_) => {
                    errs.push(FieldError::new(
                        "method",
                        crate::t!("field-not-an-http-method", method = method),
                    ));
                    reqwest::Method::GET
                }
            };
        let headers = spec.headers.clone().unwrap_or_default();
        for (k, v) in &headers {
            if reqwest::header::HeaderName::from_bytes(k.as_bytes()).is_err() {
                errs.push(FieldError::new(
                    "headers",
                    crate::t!("field-bad-header-name", name = k.as_str()),
                ));
            } else if reqwest::header::HeaderValue::from_str(v).is_err() {
                errs.push(FieldError::new(
                    "headers",
                    crate::t!("field-bad-header-value", name = k.as_str()),
                ));
            }
        }
        let accepted_status = match &spec.accepted_status {
            None => vec![200..=299],
            Some(list) if list.is_empty() => {
                errs.push(FieldError::new(
                    "accepted_status",
                    crate::t!("field-status-list-empty"),
                ));
                vec![200..=299]
            }
            Some(list) => list
                .iter()
                .filter_map(|s| match parse_status_range(s) {
                    Ok(r) => Some(r),
                    Err(e) => {
                        errs.push(FieldError::new("accepted_status", e.to_string()));
                        None
                    }
                })
                .collect(),
        };
        let conditions = Conditions::from_spec(spec, "http", PLACEHOLDERS, &mut errs);
        let tls = CertPolicy::from_spec(spec, &mut errs);
        if url.scheme() == "http" {
            if spec.ca_file.is_some() {
                errs.push(FieldError::new(
                    "ca_file",
                    crate::t!("field-https-targets-only"),
                ));
            }
            if spec.cert_warn_days.is_some() {
                errs.push(FieldError::new(
                    "cert_warn_days",
                    crate::t!("field-https-targets-only"),
                ));
            }
        }
        let keyword = spec.keyword.clone().filter(|k| !k.is_empty());
        if spec.invert_keyword == Some(true) && keyword.is_none() {
            errs.push(FieldError::new(
                "invert_keyword",
                crate::t!("field-keyword-needed"),
            ));
        }
        if errs.is_empty() {
            Ok(HttpConfig {
                url,
                method,
                headers,
                body: spec.body.clone(),
                accepted_status,
                tls,
                keyword,
                invert_keyword: spec.invert_keyword.unwrap_or(false),
                follow_redirects: spec.follow_redirects.unwrap_or(true),
                conditions,
            })
        } else {
            Err(errs)
        }
    }

    pub fn write_spec(&self, spec: &mut MonitorSpec) {
        if self.method != reqwest::Method::GET {
            spec.method = Some(self.method.to_string());
        }
        if !self.headers.is_empty() {
            spec.headers = Some(self.headers.clone());
        }
        spec.body = self.body.clone();
        if self.accepted_status != [200..=299] {
            spec.accepted_status = Some(self.accepted_status.iter().map(format_range).collect());
        }
        self.tls.write_spec(spec);
        spec.keyword = self.keyword.clone();
        if self.invert_keyword {
            spec.invert_keyword = Some(true);
        }
        if !self.follow_redirects {
            spec.follow_redirects = Some(false);
        }
        self.conditions.write_spec(spec);
    }

    /// Whether the body is needed after the check (keyword or a `[BODY]` condition).
    fn keeps_body(&self) -> bool {
        self.keyword.is_some()
            || self
                .conditions
                .down
                .iter()
                .chain(&self.conditions.degraded)
                .any(|c| c.mentions(Placeholder::Body))
    }

    fn accepts(&self, code: u16) -> bool {
        self.accepted_status.iter().any(|r| r.contains(&code))
    }

    fn accepted_text(&self) -> String {
        self.accepted_status
            .iter()
            .map(format_range)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn format_range(r: &RangeInclusive<u16>) -> String {
    if r.start() == r.end() {
        r.start().to_string()
    } else {
        format!("{}-{}", r.start(), r.end())
    }
}

/// Why an `accepted_status` entry was refused (in the language in force).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusRangeError {
    #[error("{}", crate::t!("field-status-not-a-code", value = .0.as_str()))]
    NotACode(String),
    #[error("{}", crate::t!("field-status-reversed", value = .0.as_str()))]
    Reversed(String),
}

/// `"200"`, `"200-299"`.
pub fn parse_status_range(s: &str) -> Result<RangeInclusive<u16>, StatusRangeError> {
    let code = |t: &str| -> Result<u16, StatusRangeError> {
        match t.trim().parse::<u16>() {
            Ok(c) if (100..=599).contains(&c) => Ok(c),
            _ => Err(StatusRangeError::NotACode(s.to_string())),
        }
    };
    match s.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (code(a)?, code(b)?);
            if a > b {
                return Err(StatusRangeError::Reversed(s.to_string()));
            }
            Ok(a..=b)
        }
        None => {
            let c = code(s)?;
            Ok(c..=c)
        }
    }
}

/// How long an answer on a new connection vouches for its origin: within it, the origin's
/// checks may use kept connections (see the module header).
pub const FRESH_EVERY: Duration = Duration::from_secs(300);
/// A kept connection idle this long is closed: short, so that many monitors of many hosts at
/// long intervals hold no sockets (or TLS state) between their checks.
const KEEP_IDLE: Duration = Duration::from_secs(15);
/// Kept connections per host: enough for the monitors of one host checked at the same moment.
const KEEP_PER_HOST: usize = 4;

fn builder(keep: bool) -> reqwest::ClientBuilder {
    let b = reqwest::Client::builder()
        // Redirects are followed by `check`, which decides what goes where (see the header).
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Lookout/", env!("CARGO_PKG_VERSION")))
        // The peer certificate, for days to expiry.
        .tls_info(true);
    if keep {
        b.pool_max_idle_per_host(KEEP_PER_HOST)
            .pool_idle_timeout(KEEP_IDLE)
    } else {
        b.pool_max_idle_per_host(0)
    }
}

/// One trust setting's two clients: `kept` reuses idle connections, `fresh` always connects.
#[derive(Clone)]
pub(super) struct Clients {
    kept: reqwest::Client,
    fresh: reqwest::Client,
}

fn both(
    build: impl Fn(reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, ProbeError>,
) -> Result<Clients, ProbeError> {
    let client = |keep| build(builder(keep))?.build().map_err(ProbeError::Client);
    Ok(Clients {
        kept: client(true)?,
        fresh: client(false)?,
    })
}

pub(super) fn clients(ignore_tls: bool) -> Result<Clients, ProbeError> {
    both(|b| Ok(b.danger_accept_invalid_certs(ignore_tls)))
}

/// Clients that also trust `roots` (a monitor's `ca_file`).
pub(super) fn clients_with_roots(
    roots: &[rustls::pki_types::CertificateDer<'static>],
) -> Result<Clients, ProbeError> {
    both(|mut b| {
        for r in roots {
            let cert = reqwest::Certificate::from_der(r.as_ref()).map_err(ProbeError::Client)?;
            b = b.add_root_certificate(cert);
        }
        Ok(b)
    })
}

/// One check: over a kept connection while the origin is vouched for, unless that attempt
/// never got an answer (a kept connection the server had closed fails before any response:
/// that is not the service's word, so it is asked again on a new one). Otherwise on a new
/// connection, whose answer vouches (or not) for the origin. An answer is the server's on
/// any connection: a 503 on a kept one counts as it is. Both attempts share the timeout.
pub(super) async fn check(
    clients: &Clients,
    fresh: &Freshness,
    c: &HttpConfig,
    timeout: Duration,
) -> Outcome {
    let deadline = Instant::now() + timeout;
    let origin = c.url.origin().ascii_serialization();
    let started = Instant::now();
    if fresh.vouched(&origin, started) {
        let out = attempt(&clients.kept, c, timeout, deadline).await;
        if out.facts.is_some() {
            return with_latency(out, started);
        }
    }
    let started = Instant::now();
    let out = attempt(&clients.fresh, c, timeout, deadline).await;
    fresh.set(origin, (out.status == Status::Up).then_some(started));
    with_latency(out, started)
}

fn with_latency(mut out: Outcome, started: Instant) -> Outcome {
    out.latency.get_or_insert_with(|| started.elapsed());
    out
}

/// Headers that describe a body, dropped with it when a redirect turns the request into a GET.
const BODY_HEADERS: [HeaderName; 4] = [
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
    header::CONTENT_ENCODING,
    header::TRANSFER_ENCODING,
];

/// The answer that ends the redirect chain, or the outcome that ends the check.
async fn exchange(
    client: &reqwest::Client,
    c: &HttpConfig,
    timeout: Duration,
    deadline: Instant,
) -> Result<(reqwest::Response, usize), Outcome> {
    let origin = c.url.origin();
    let mut url = c.url.clone();
    let mut method = c.method.clone();
    let mut with_body = c.body.is_some();
    let mut hops = 0;
    loop {
        let mut req = client.request(method.clone(), url.clone());
        // The monitor's headers are meant for the origin it names, and nowhere else.
        if url.origin() == origin {
            for (k, v) in &c.headers {
                if !with_body
                    && BODY_HEADERS
                        .iter()
                        .any(|h| k.eq_ignore_ascii_case(h.as_str()))
                {
                    continue;
                }
                req = req.header(k, v);
            }
        }
        if let (true, Some(body)) = (with_body, &c.body) {
            req = req.body(body.clone());
        }
        let resp = match timeout_at(deadline, req.send()).await {
            Err(_) => return Err(Outcome::down(timed_out(timeout), serde_json::Value::Null)),
            Ok(Err(e)) => {
                let reason = error_reason(&e.without_url(), timeout, &url);
                return Err(Outcome::down(reason, serde_json::Value::Null));
            }
            Ok(Ok(r)) => r,
        };
        let location = resp.headers().get(header::LOCATION);
        if !c.follow_redirects || !redirect::is_followed(resp.status()) || location.is_none() {
            return Ok((resp, hops));
        }
        let next = redirect::next(
            &url,
            &origin,
            resp.status(),
            location,
            &method,
            with_body,
            hops,
        );
        match next {
            Ok(hop) => {
                url = hop.url;
                method = hop.method;
                with_body = hop.keep_body;
                hops += 1;
            }
            Err(e) => {
                let mut details = json!({
                    "status_code": resp.status().as_u16(),
                    "final_url": without_credentials(&url),
                });
                if matches!(e, RedirectError::TooMany { .. }) {
                    details["redirects"] = json!(hops);
                }
                return Err(Outcome::down(e.to_string(), details));
            }
        }
    }
}

async fn attempt(
    client: &reqwest::Client,
    c: &HttpConfig,
    timeout: Duration,
    deadline: Instant,
) -> Outcome {
    let (mut resp, hops) = match exchange(client, c, timeout, deadline).await {
        Ok(r) => r,
        Err(outcome) => return outcome,
    };
    let code = resp.status().as_u16();
    let ip = resp.remote_addr().map(|a| a.ip());
    let peer_cert = resp
        .extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|i| i.peer_certificate().map(<[u8]>::to_vec));
    let keep_body = c.keeps_body();
    // Read the body up to the cap, so a huge or endless body can't exhaust memory or time.
    let mut body_len = 0usize;
    let mut body = Vec::new();
    loop {
        match timeout_at(deadline, resp.chunk()).await {
            Err(_) => {
                let span = crate::field::format_duration(timeout);
                return Outcome::down(
                    crate::said!("reason-timed-out-reading-body", span = span),
                    json!({ "status_code": code }),
                );
            }
            Ok(Ok(Some(chunk))) => {
                if keep_body {
                    let room = defaults::BODY_CAP.saturating_sub(body.len());
                    body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                body_len += chunk.len();
                if body_len >= defaults::BODY_CAP {
                    break;
                }
            }
            Ok(Ok(None)) => break,
            Ok(Err(e)) => {
                let reason = error_reason(&e.without_url(), timeout, resp.url());
                return Outcome::down(
                    crate::said!("reason-while-reading-body", reason = reason),
                    json!({ "status_code": code }),
                );
            }
        }
    }
    let mut details = json!({ "status_code": code, "final_url": without_credentials(resp.url()) });
    if hops > 0 {
        details["redirects"] = json!(hops);
    }
    let mut outcome = Outcome::up(details);
    if !c.conditions.down_mentions(Placeholder::Status) && !c.accepts(code) {
        let reason = crate::said!(
            "reason-status",
            code = code,
            reason_accepted = c.accepted_text()
        );
        outcome.worsen(Status::Down, reason);
    }
    if let Some(k) = &c.keyword {
        let found = contains(&body, k.as_bytes());
        if found == c.invert_keyword {
            let reason = if found {
                crate::said!("reason-keyword-found", keyword = k.as_str())
            } else {
                crate::said!("reason-keyword-missing", keyword = k.as_str())
            };
            outcome.worsen(Status::Down, reason);
        }
    }
    let mut facts = Facts {
        status: Some(code),
        body: keep_body.then_some(body),
        ip,
        connected: Some(true),
        ..Facts::default()
    };
    if let Some(der) = peer_cert {
        cert::judge_leaf(&mut outcome, &mut facts, &der, &c.tls);
    }
    outcome.with_facts(facts)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// A one-line reason for a failed request, from the innermost cause that says something.
/// `e` comes without its URL; any text that still quotes `url` is scrubbed of its secrets.
fn error_reason(e: &reqwest::Error, timeout: Duration, url: &url::Url) -> String {
    let reason = describe(e, timeout, url.host_str().unwrap_or_default());
    super::redact::scrub(&reason, url.as_str())
}

fn describe(e: &reqwest::Error, timeout: Duration, host: &str) -> String {
    if e.is_timeout() {
        return timed_out(timeout);
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut innermost = e.to_string();
    while let Some(s) = source {
        if let Some(te) = s.downcast_ref::<rustls::Error>() {
            return cert::describe_error(te, None, host);
        }
        innermost = s.to_string();
        source = s.source();
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::TimedOut {
                return timed_out(timeout);
            }
            match io.get_ref() {
                None => return super::io_reason(io),
                // io::Error's source() skips the error it wraps (rustls's, often twice wrapped).
                Some(inner) => source = Some(inner as &(dyn std::error::Error + 'static)),
            }
        }
    }
    let lower = innermost.to_ascii_lowercase();
    if lower.contains("dns error")
        || lower.contains("failed to lookup")
        || lower.contains("name or service not known")
    {
        crate::said!("reason-unresolved-host", error = innermost)
    } else if e.is_connect() && lower.contains("certificate") {
        crate::said!("reason-tls-error", error = innermost)
    } else if lower.contains("connection closed") || lower.contains("incomplete message") {
        crate::said!("reason-closed-before-response")
    } else if lower.contains("message head is too large") || lower.contains("too many headers") {
        crate::said!("reason-headers-too-large")
    } else {
        innermost
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_ranges() {
        assert_eq!(parse_status_range("200-299").unwrap(), 200..=299);
        assert_eq!(parse_status_range("418").unwrap(), 418..=418);
        assert!(parse_status_range("299-200").is_err());
        assert!(parse_status_range("abc").is_err());
        assert!(parse_status_range("1000").is_err());
    }
}
