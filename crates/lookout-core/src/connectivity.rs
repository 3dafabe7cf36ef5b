//! "My own network is down" is not "every service is down".
//!
//! When a check of a remote service fails, the runtime asks [`Connectivity::check`] whether the
//! machine itself is offline: no default route at all, or at least two of the reference targets
//! unreachable together. A reference is reachable when it accepts a TCP connection *or refuses
//! it*: a refusal is an answer from the far host, so the network works. Checks of loopback
//! targets never ask: being offline cannot explain them.
//!
//! The references are the user's setting `reference_targets` ([`parse_references`],
//! [`configured_references`]) where set, because on a closed network (a lab, a VPN-only office)
//! the public defaults never answer and every outage would read as "offline". With one
//! reference, that one failing means offline; with none, only the route check is left.

use std::collections::HashSet;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use crate::field::FieldError;
use crate::probe::ProbeConfig;
use crate::t;

/// Three independent anycast resolvers; a closed network sets its own.
pub const DEFAULT_REFERENCES: [&str; 3] = ["1.1.1.1:443", "8.8.8.8:53", "9.9.9.9:443"];

/// Each is tried at once on every failure of a remote check, so the list stays short.
pub const MAX_REFERENCES: usize = 16;

/// How an empty list is written: the reference check is off, only the route check is left.
pub const NO_REFERENCES: &str = "none";

/// How long a reference may take to answer.
const REFERENCE_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reachability {
    Online,
    /// Offline, and why, in words.
    Offline(String),
}

#[derive(Debug, Clone)]
pub struct Connectivity {
    /// `host:port` of each reference target.
    pub references: Vec<String>,
    /// Read the routing table (off in tests whose references live in a network namespace).
    pub check_routes: bool,
}

impl Default for Connectivity {
    fn default() -> Self {
        Connectivity {
            references: DEFAULT_REFERENCES.iter().map(|s| s.to_string()).collect(),
            check_routes: true,
        }
    }
}

impl Connectivity {
    pub async fn check(&self) -> Reachability {
        if self.check_routes && !has_default_route() {
            return Reachability::Offline(crate::said!("reason-no-route"));
        }
        // Concurrently, so the whole check takes at most one reference timeout.
        let mut probes = tokio::task::JoinSet::new();
        for r in &self.references {
            let r = r.clone();
            probes.spawn(async move { (reachable(&r).await, r) });
        }
        let mut failed: Vec<String> = Vec::new();
        while let Some(Ok((ok, r))) = probes.join_next().await {
            if !ok {
                failed.push(r);
            }
        }
        failed.sort();
        // Two failing together rule out one reference having its own outage.
        let needed = self.references.len().min(2);
        if needed > 0 && failed.len() >= needed {
            Reachability::Offline(crate::said!(
                "reason-references-unreachable",
                targets = failed.join(", ")
            ))
        } else {
            Reachability::Online
        }
    }
}

/// Reads the `reference_targets` setting: `host:port` entries separated by commas or
/// whitespace (IPv6 as `[::1]:53`), or `none` (or nothing) for no reference at all. Returns
/// each entry normalized (host lowercased, IPv6 in its short form), in the order given; every
/// problem is a [`FieldError`] on `reference_targets` saying why.
pub fn parse_references(text: &str) -> Result<Vec<String>, Vec<FieldError>> {
    let entries: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|e| !e.is_empty())
        .collect();
    if let [only] = entries[..] {
        if only.eq_ignore_ascii_case(NO_REFERENCES) {
            return Ok(Vec::new());
        }
    }
    // The setting these come from (`settings::REFERENCE_TARGETS`), which errors are about.
    let err = |message: String| FieldError::new("reference_targets", message);
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for entry in &entries {
        match parse_reference(entry) {
            Ok(r) if !seen.insert(r.clone()) => {
                errors.push(err(t!("field-reference-twice", entry = *entry)));
            }
            Ok(r) => out.push(r),
            Err(why) => errors.push(err(t!(
                "field-reference-problem",
                entry = *entry,
                problem = why
            ))),
        }
    }
    if out.len() > MAX_REFERENCES {
        errors.push(err(t!(
            "field-references-too-many",
            max = MAX_REFERENCES,
            count = out.len().to_string()
        )));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Writes references the way [`parse_references`] reads them (`none` for an empty list).
pub fn format_references(refs: &[String]) -> String {
    if refs.is_empty() {
        NO_REFERENCES.to_string()
    } else {
        refs.join(",")
    }
}

/// One `host:port`, normalized, or why not.
fn parse_reference(entry: &str) -> Result<String, String> {
    if entry.contains("://") {
        return Err(t!("field-reference-scheme"));
    }
    let (host, port) = if let Some(rest) = entry.strip_prefix('[') {
        let (inside, after) = rest
            .split_once(']')
            .ok_or_else(|| t!("field-reference-unclosed"))?;
        let ip: Ipv6Addr = inside
            .parse()
            .map_err(|_| t!("field-reference-not-ipv6", value = inside))?;
        let port = after
            .strip_prefix(':')
            .ok_or_else(|| t!("field-reference-no-port-after-address"))?;
        (format!("[{ip}]"), port)
    } else {
        let (host, port) = entry
            .rsplit_once(':')
            .ok_or_else(|| t!("field-reference-no-port"))?;
        if host.contains(':') {
            return Err(t!("field-reference-ipv6-brackets"));
        }
        if host.is_empty() {
            return Err(t!("field-reference-host-empty"));
        }
        (check_host(host)?, port)
    };
    let port = match port.parse::<u16>() {
        Ok(0) => return Err(t!("field-reference-port-zero")),
        Ok(p) => p,
        Err(_) if port.is_empty() => return Err(t!("field-reference-port-empty")),
        Err(_) => return Err(t!("field-reference-port-not-number", value = port)),
    };
    Ok(format!("{host}:{port}"))
}

/// An IPv4 address or a DNS name, lowercased.
fn check_host(host: &str) -> Result<String, String> {
    if host.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return host
            .parse::<Ipv4Addr>()
            .map(|ip| ip.to_string())
            .map_err(|_| t!("field-reference-not-ipv4", value = host));
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if name.len() > 253 || !name.split('.').all(label_ok) {
        return Err(t!("field-reference-not-host", value = host));
    }
    Ok(name.to_ascii_lowercase())
}

/// The far host answered: a connection, or a refusal.
async fn reachable(addr: &str) -> bool {
    match tokio::time::timeout(REFERENCE_TIMEOUT, tokio::net::TcpStream::connect(addr)).await {
        Ok(Ok(_)) => true,
        Ok(Err(e)) => e.kind() == std::io::ErrorKind::ConnectionRefused,
        Err(_) => false,
    }
}

/// A default route on an interface other than loopback, IPv4 or IPv6. Where the routing table
/// can't be read (not Linux), assume there is one and let the references decide.
fn has_default_route() -> bool {
    let v4 = std::fs::read_to_string("/proc/net/route");
    let v6 = std::fs::read_to_string("/proc/net/ipv6_route");
    if v4.is_err() && v6.is_err() {
        return true;
    }
    let v4_default = v4.unwrap_or_default().lines().skip(1).any(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        // Iface Destination Gateway Flags ...; RTF_UP is 0x1.
        f.len() > 3
            && f[0] != "lo"
            && f[1] == "00000000"
            && u32::from_str_radix(f[3], 16).is_ok_and(|flags| flags & 1 == 1)
    });
    let v6_default = v6.unwrap_or_default().lines().any(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        // dest dest_len src src_len next_hop metric refcnt use flags iface
        f.len() == 10 && f[9] != "lo" && f[0].chars().all(|c| c == '0') && f[1] == "00"
    });
    v4_default || v6_default
}

/// Whether a probe only talks to this machine (loopback), so being offline can't explain its
/// failure. Heartbeats need no network at all.
pub fn is_local(probe: &ProbeConfig) -> bool {
    let host = match probe {
        ProbeConfig::Http(c) => c.url.host_str().unwrap_or("").to_string(),
        ProbeConfig::Tcp(c) => c.host.clone(),
        ProbeConfig::Tls(c) => c.host.clone(),
        ProbeConfig::Icmp(c) => c.host.clone(),
        ProbeConfig::Dns(c) => match &c.resolver {
            Some((h, _)) => h.clone(),
            None => return false,
        },
        ProbeConfig::Push(_) => return true,
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_refusing_reference_is_reachable_and_two_silent_ones_mean_offline() {
        // A closed port on loopback refuses at once: the host answered.
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let closed = l.local_addr().unwrap().to_string();
        drop(l);
        let c = Connectivity {
            references: vec![closed.clone(), closed],
            check_routes: false,
        };
        assert_eq!(c.check().await, Reachability::Online);
    }

    #[test]
    fn loopback_targets_are_local() {
        use crate::monitor::Monitor;
        use crate::spec::MonitorSpec;
        let local = |t: &str| {
            let m = Monitor::try_from(MonitorSpec {
                name: "x".into(),
                target: t.into(),
                ..Default::default()
            })
            .unwrap();
            is_local(&m.probe)
        };
        assert!(local("http://127.0.0.1:8080/"));
        assert!(local("http://localhost/"));
        assert!(local("tcp://[::1]:22"));
        assert!(!local("https://example.com/"));
        assert!(!local("tcp://10.0.0.1:22"));
    }
}
