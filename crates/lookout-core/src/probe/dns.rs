//! `dns://[resolver[:port]]/name?type=A` checks (RFC 4501's form; `dns:///name` and `dns:name`
//! ask the system's resolver, the first `nameserver` of /etc/resolv.conf).
//!
//! One query over UDP (TCP when the answer is truncated). UP when the answer holds records of
//! the asked type; NXDOMAIN, SERVFAIL, an empty answer or a timeout are DOWN with the rcode in
//! the reason. Optional `expected` values must be among the answers: `match: any` (default, one
//! of them) or `all` (every one), as Kener's DNS monitors do. The answers are in `details`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use hickory_proto::op::{Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RData, RecordType};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{io_reason, timed_out, Outcome};
use crate::condition::{Conditions, Facts, Placeholder};
use crate::field::FieldError;
use crate::model::Status;
use crate::spec::MonitorSpec;

/// What a DNS check can tell conditions (`[BODY]` is the answers, one per line).
pub const PLACEHOLDERS: &[Placeholder] = &[
    Placeholder::ResponseTime,
    Placeholder::Body,
    Placeholder::DnsRcode,
    Placeholder::Connected,
];

/// The record types a check may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsType {
    A,
    Aaaa,
    Cname,
    Mx,
    Txt,
    Ns,
}

impl DnsType {
    pub fn parse(s: &str) -> Option<DnsType> {
        Some(match s.to_ascii_uppercase().as_str() {
            "A" => DnsType::A,
            "AAAA" => DnsType::Aaaa,
            "CNAME" => DnsType::Cname,
            "MX" => DnsType::Mx,
            "TXT" => DnsType::Txt,
            "NS" => DnsType::Ns,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DnsType::A => "A",
            DnsType::Aaaa => "AAAA",
            DnsType::Cname => "CNAME",
            DnsType::Mx => "MX",
            DnsType::Txt => "TXT",
            DnsType::Ns => "NS",
        }
    }

    /// An error rcode's reason (`NXDOMAIN for example.com A`): one message per type, so that
    /// the type ends the message as text and a reader's language can tell it from others'.
    fn rcode_reason(self) -> &'static str {
        match self {
            DnsType::A => "reason-dns-rcode-a",
            DnsType::Aaaa => "reason-dns-rcode-aaaa",
            DnsType::Cname => "reason-dns-rcode-cname",
            DnsType::Mx => "reason-dns-rcode-mx",
            DnsType::Txt => "reason-dns-rcode-txt",
            DnsType::Ns => "reason-dns-rcode-ns",
        }
    }

    fn record_type(self) -> RecordType {
        match self {
            DnsType::A => RecordType::A,
            DnsType::Aaaa => RecordType::AAAA,
            DnsType::Cname => RecordType::CNAME,
            DnsType::Mx => RecordType::MX,
            DnsType::Txt => RecordType::TXT,
            DnsType::Ns => RecordType::NS,
        }
    }
}

/// How `expected` values are matched against the answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatchMode {
    /// At least one expected value is among the answers.
    #[default]
    Any,
    /// Every expected value is among the answers.
    All,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DnsConfig {
    /// `None`: the system's resolver.
    pub resolver: Option<(String, u16)>,
    /// The name asked about, without a trailing dot.
    pub name: String,
    pub record_type: DnsType,
    pub expected: Vec<String>,
    pub match_mode: MatchMode,
    pub conditions: Conditions,
}

impl DnsConfig {
    pub fn from_spec(target: &str, spec: &MonitorSpec) -> Result<DnsConfig, Vec<FieldError>> {
        let mut errs = Vec::new();
        let (resolver, name, record_type) = match parse_target(target) {
            Ok(t) => t,
            Err(e) => return Err(vec![FieldError::new("target", e.to_string())]),
        };
        let expected = spec.expected.clone().unwrap_or_default();
        if expected.iter().any(|e| e.trim().is_empty()) {
            errs.push(FieldError::new(
                "expected",
                crate::t!("field-dns-expected-empty"),
            ));
        }
        let match_mode = match spec.match_mode.as_deref().map(str::to_ascii_lowercase) {
            None => MatchMode::Any,
            Some(m) if m == "any" => MatchMode::Any,
            Some(m) if m == "all" => MatchMode::All,
            Some(m) => {
                errs.push(FieldError::new(
                    "match",
                    crate::t!("field-dns-match-mode", value = m.as_str()),
                ));
                MatchMode::Any
            }
        };
        let conditions = Conditions::from_spec(spec, "dns", PLACEHOLDERS, &mut errs);
        if errs.is_empty() {
            Ok(DnsConfig {
                resolver,
                name,
                record_type,
                expected,
                match_mode,
                conditions,
            })
        } else {
            Err(errs)
        }
    }

    pub fn write_spec(&self, spec: &mut MonitorSpec) {
        if !self.expected.is_empty() {
            spec.expected = Some(self.expected.clone());
            if self.match_mode == MatchMode::All {
                spec.match_mode = Some("all".into());
            }
        }
        self.conditions.write_spec(spec);
    }
}

type Target = (Option<(String, u16)>, String, DnsType);

/// Why a `dns:` target was refused (in the language in force).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DnsTargetError {
    #[error("{}", crate::t!("field-dns-not-dns", target = .0.as_str()))]
    NotDns(String),
    #[error("{}", crate::t!("field-dns-no-name", target = .0.as_str()))]
    NoName(String),
    #[error("{}", crate::t!("field-dns-invalid-name", name = .0.as_str()))]
    InvalidName(String),
    #[error("{}", crate::t!("field-dns-unsupported-type", kind = .0.as_str()))]
    UnsupportedType(String),
    #[error("{}", crate::t!("field-dns-unknown-option", option = .0.as_str()))]
    UnknownOption(String),
    #[error("{}", crate::t!("field-dns-bad-port", port = .0.as_str()))]
    BadPort(String),
    #[error("{}", crate::t!("field-dns-unclosed-bracket", resolver = .0.as_str()))]
    UnclosedBracket(String),
}

/// `dns://[resolver[:port]]/name[?type=T]`, `dns:///name`, `dns:name[?type=T]`.
pub fn parse_target(target: &str) -> Result<Target, DnsTargetError> {
    let rest = target
        .strip_prefix("dns:")
        .ok_or_else(|| DnsTargetError::NotDns(target.into()))?;
    let (authority, path) = match rest.strip_prefix("//") {
        Some(r) => match r.split_once('/') {
            Some((a, p)) => (a, p),
            None => return Err(DnsTargetError::NoName(target.into())),
        },
        None => ("", rest),
    };
    let (name, query) = match path.split_once(['?', ';']) {
        Some((n, q)) => (n, q),
        None => (path, ""),
    };
    let name = name.trim_end_matches('.');
    if name.is_empty() {
        return Err(DnsTargetError::NoName(target.into()));
    }
    if Name::from_ascii(name).is_err() {
        return Err(DnsTargetError::InvalidName(name.into()));
    }
    let mut record_type = DnsType::A;
    for pair in query.split(['&', ';']).filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k.to_ascii_lowercase().as_str() {
            "type" => {
                record_type =
                    DnsType::parse(v).ok_or_else(|| DnsTargetError::UnsupportedType(v.into()))?
            }
            // RFC 4501 allows class; only IN makes sense here.
            "class" if v.eq_ignore_ascii_case("IN") => {}
            _ => return Err(DnsTargetError::UnknownOption(pair.into())),
        }
    }
    let resolver = if authority.is_empty() {
        None
    } else {
        Some(parse_resolver(authority)?)
    };
    Ok((resolver, name.to_string(), record_type))
}

fn parse_resolver(a: &str) -> Result<(String, u16), DnsTargetError> {
    let port = |p: &str| -> Result<u16, DnsTargetError> {
        match p.parse::<u32>() {
            Ok(n) if (1..=65535).contains(&n) => Ok(n as u16),
            _ => Err(DnsTargetError::BadPort(p.into())),
        }
    };
    if let Some(v6) = a.strip_prefix('[') {
        let (host, rest) = v6
            .split_once(']')
            .ok_or_else(|| DnsTargetError::UnclosedBracket(a.into()))?;
        let p = match rest.strip_prefix(':') {
            Some(p) => port(p)?,
            None => 53,
        };
        return Ok((host.to_string(), p));
    }
    if a.parse::<std::net::Ipv6Addr>().is_ok() {
        return Ok((a.to_string(), 53));
    }
    match a.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() => Ok((h.to_string(), port(p)?)),
        _ => Ok((a.to_string(), 53)),
    }
}

/// The first `nameserver` of /etc/resolv.conf, else 127.0.0.1.
fn system_resolver() -> SocketAddr {
    let text = std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default();
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("nameserver"))
        .filter_map(|ip| ip.trim().split('%').next()?.parse::<IpAddr>().ok())
        .map(|ip| SocketAddr::new(ip, 53))
        .next()
        .unwrap_or(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 53))
}

/// `NOERROR`, `NXDOMAIN`, `SERVFAIL`, ...
pub fn rcode_name(r: ResponseCode) -> String {
    match r {
        ResponseCode::NoError => "NOERROR".into(),
        ResponseCode::FormErr => "FORMERR".into(),
        ResponseCode::ServFail => "SERVFAIL".into(),
        ResponseCode::NXDomain => "NXDOMAIN".into(),
        ResponseCode::NotImp => "NOTIMP".into(),
        ResponseCode::Refused => "REFUSED".into(),
        other => format!("{other:?}").to_ascii_uppercase(),
    }
}

/// One answer as text: an address, a name (no trailing dot), `10 mail.example.com`, TXT text.
fn answer_text(data: &RData) -> Option<String> {
    let name = |n: &Name| n.to_ascii().trim_end_matches('.').to_string();
    Some(match data {
        RData::A(a) => a.0.to_string(),
        RData::AAAA(a) => a.0.to_string(),
        RData::CNAME(c) => name(&c.0),
        RData::NS(n) => name(&n.0),
        RData::MX(mx) => format!("{} {}", mx.preference, name(&mx.exchange)),
        RData::TXT(t) => t
            .txt_data
            .iter()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect::<String>(),
        _ => return None,
    })
}

fn normalize(s: &str) -> String {
    s.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Whether `expected` is among `answers`; an MX answer also matches on its host alone.
fn answered(answers: &[String], expected: &str) -> bool {
    let e = normalize(expected);
    answers.iter().any(|a| {
        let a = normalize(a);
        a == e
            || a.split_once(' ')
                .is_some_and(|(pref, host)| pref.parse::<u16>().is_ok() && host == e)
    })
}

/// The expected-values verdict: `None` when satisfied, else the reason.
pub fn match_expected(answers: &[String], expected: &[String], mode: MatchMode) -> Option<String> {
    if expected.is_empty() {
        return None;
    }
    let ok = match mode {
        MatchMode::Any => expected.iter().any(|e| answered(answers, e)),
        MatchMode::All => expected.iter().all(|e| answered(answers, e)),
    };
    if ok {
        return None;
    }
    let missing: Vec<&str> = expected
        .iter()
        .filter(|e| !answered(answers, e))
        .map(String::as_str)
        .collect();
    let answers = answers.join(", ");
    Some(match mode {
        MatchMode::Any => crate::said!(
            "reason-dns-none-expected",
            expected = expected.join(", "),
            answers = answers
        ),
        MatchMode::All => crate::said!(
            "reason-dns-missing-expected",
            missing = missing.join(", "),
            answers = answers
        ),
    })
}

pub(super) async fn check(c: &DnsConfig, timeout: Duration) -> Outcome {
    let mut details = json!({
        "name": c.name,
        "type": c.record_type.as_str(),
    });
    match tokio::time::timeout(timeout, query(c, &mut details)).await {
        Ok(outcome) => outcome,
        Err(_) => Outcome::down(timed_out(timeout), details),
    }
}

/// The resolver named by host could not be found.
#[derive(Debug, thiserror::Error)]
pub enum ResolverError {
    #[error("{}", crate::said!("reason-dns-resolver-lookup", host = .host.as_str(), error = .source.to_string()))]
    Lookup {
        host: String,
        source: std::io::Error,
    },
    #[error("{}", crate::said!("reason-dns-resolver-no-address", host = .host.as_str()))]
    NoAddress { host: String },
}

async fn resolver_addr(c: &DnsConfig) -> Result<SocketAddr, ResolverError> {
    match &c.resolver {
        None => Ok(system_resolver()),
        Some((host, port)) => match host.parse::<IpAddr>() {
            Ok(ip) => Ok(SocketAddr::new(ip, *port)),
            Err(_) => tokio::net::lookup_host((host.as_str(), *port))
                .await
                .map_err(|source| ResolverError::Lookup {
                    host: host.clone(),
                    source,
                })?
                .next()
                .ok_or_else(|| ResolverError::NoAddress { host: host.clone() }),
        },
    }
}

async fn query(c: &DnsConfig, details: &mut serde_json::Value) -> Outcome {
    let server = match resolver_addr(c).await {
        Ok(s) => s,
        Err(e) => return Outcome::down(e.to_string(), details.clone()),
    };
    details["resolver"] = json!(server.to_string());
    let name = match Name::from_ascii(format!("{}.", c.name)) {
        Ok(n) => n,
        Err(e) => {
            let reason = crate::said!("reason-dns-invalid-name", error = e.to_string());
            return Outcome::down(reason, details.clone());
        }
    };
    let id: u16 = rand_id();
    let mut msg = Message::new(id, MessageType::Query, OpCode::Query);
    msg.metadata.recursion_desired = true;
    msg.add_query(Query::query(name, c.record_type.record_type()));
    let bytes = match msg.to_vec() {
        Ok(b) => b,
        Err(e) => {
            let reason = crate::said!("reason-dns-encode", error = e.to_string());
            return Outcome::down(reason, details.clone());
        }
    };
    let mut resp = match udp_exchange(server, &bytes, id).await {
        Ok(r) => r,
        Err(e) => return Outcome::down(io_reason(&e), details.clone()),
    };
    if resp.metadata.truncation {
        resp = match tcp_exchange(server, &bytes, id).await {
            Ok(r) => r,
            Err(e) => {
                let reason = crate::said!("reason-dns-truncated-tcp", reason = io_reason(&e));
                return Outcome::down(reason, details.clone());
            }
        };
    }
    let rcode = rcode_name(resp.metadata.response_code);
    let wanted = c.record_type.record_type();
    let answers: Vec<String> = resp
        .answers
        .iter()
        .filter(|r| r.record_type() == wanted)
        .filter_map(|r| answer_text(&r.data))
        .collect();
    details["rcode"] = json!(rcode);
    details["answers"] = json!(answers);
    let mut outcome = Outcome::up(details.clone());
    if resp.metadata.response_code != ResponseCode::NoError {
        let id = c.record_type.rcode_reason();
        let reason = crate::said!(id, rcode = rcode.as_str(), name = c.name.as_str());
        outcome.worsen(Status::Down, reason);
    } else if answers.is_empty() {
        let reason = crate::said!(
            "reason-dns-no-records",
            kind = c.record_type.as_str(),
            name = c.name.as_str()
        );
        outcome.worsen(Status::Down, reason);
    } else if let Some(reason) = match_expected(&answers, &c.expected, c.match_mode) {
        outcome.worsen(Status::Down, reason);
    }
    outcome.with_facts(Facts {
        body: Some(answers.join("\n").into_bytes()),
        dns_rcode: Some(rcode),
        connected: Some(true),
        ..Facts::default()
    })
}

/// A query id that differs between checks (spoofing is not a concern for a monitor; telling
/// stale answers apart is).
fn rand_id() -> u16 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    h.finish() as u16
}

fn decode(buf: &[u8]) -> std::io::Result<Message> {
    Message::from_vec(buf).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            crate::said!("reason-dns-malformed", error = e.to_string()),
        )
    })
}

async fn udp_exchange(server: SocketAddr, query: &[u8], id: u16) -> std::io::Result<Message> {
    let bind: SocketAddr = if server.is_ipv4() {
        (Ipv4Addr::UNSPECIFIED, 0).into()
    } else {
        (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
    };
    let sock = tokio::net::UdpSocket::bind(bind).await?;
    sock.connect(server).await?;
    sock.send(query).await?;
    let mut buf = vec![0u8; 4096];
    loop {
        let n = sock.recv(&mut buf).await?;
        let msg = decode(&buf[..n])?;
        // Ignore anything that is not the answer to this query.
        if msg.metadata.id == id && msg.metadata.message_type == MessageType::Response {
            return Ok(msg);
        }
    }
}

async fn tcp_exchange(server: SocketAddr, query: &[u8], id: u16) -> std::io::Result<Message> {
    let mut s = tokio::net::TcpStream::connect(server).await?;
    let len = u16::try_from(query.len()).map_err(std::io::Error::other)?;
    s.write_all(&len.to_be_bytes()).await?;
    s.write_all(query).await?;
    let mut len = [0u8; 2];
    s.read_exact(&mut len).await?;
    let mut buf = vec![0u8; u16::from_be_bytes(len).into()];
    s.read_exact(&mut buf).await?;
    let msg = decode(&buf)?;
    if msg.metadata.id != id {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            crate::said!("reason-dns-other-query"),
        ));
    }
    Ok(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert_eq!(
            parse_target("dns:///example.com?type=MX").unwrap(),
            (None, "example.com".into(), DnsType::Mx)
        );
        assert_eq!(
            parse_target("dns:example.com").unwrap(),
            (None, "example.com".into(), DnsType::A)
        );
        assert_eq!(
            parse_target("dns://1.1.1.1/example.com.?type=aaaa").unwrap(),
            (
                Some(("1.1.1.1".into(), 53)),
                "example.com".into(),
                DnsType::Aaaa
            )
        );
        assert_eq!(
            parse_target("dns://127.0.0.1:5353/a.test;type=TXT").unwrap(),
            (
                Some(("127.0.0.1".into(), 5353)),
                "a.test".into(),
                DnsType::Txt
            )
        );
        assert_eq!(
            parse_target("dns://[::1]:5353/a.test").unwrap().0,
            Some(("::1".into(), 5353))
        );
        assert!(parse_target("dns://1.1.1.1/").is_err());
        assert!(parse_target("dns:///a.test?type=SRV").is_err());
        assert!(parse_target("dns://1.1.1.1:99999/a.test").is_err());
        assert!(parse_target("dns:///a.test?foo=1").is_err());
    }

    #[test]
    fn expected_matching() {
        let answers = vec![
            "10 mx1.example.com".to_string(),
            "20 mx2.example.com".into(),
        ];
        assert_eq!(
            match_expected(&answers, &["mx1.example.com.".into()], MatchMode::Any),
            None
        );
        assert_eq!(
            match_expected(
                &answers,
                &["mx1.example.com".into(), "mx3.example.com".into()],
                MatchMode::Any
            ),
            None
        );
        assert_eq!(
            match_expected(
                &answers,
                &["mx1.example.com".into(), "mx3.example.com".into()],
                MatchMode::All
            )
            .unwrap(),
            "mx3.example.com not in the answers (10 mx1.example.com, 20 mx2.example.com)"
        );
        assert!(match_expected(&answers, &["x".into()], MatchMode::Any).is_some());
    }
}
