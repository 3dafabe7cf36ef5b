//! `tcp://host:port` checks: UP when a connection is accepted within the timeout.

use std::time::Duration;

use serde_json::json;

use super::{io_reason, timed_out, Outcome};
use crate::condition::{Conditions, Facts, Placeholder};
use crate::config::{FieldError, MonitorSpec};

#[derive(Debug, Clone, PartialEq)]
pub struct TcpConfig {
    pub host: String,
    pub port: u16,
    pub conditions: Conditions,
}

/// What a TCP check can tell conditions.
pub const PLACEHOLDERS: &[Placeholder] = &[
    Placeholder::ResponseTime,
    Placeholder::Ip,
    Placeholder::Connected,
];

impl TcpConfig {
    pub fn from_spec(target: &str, spec: &MonitorSpec) -> Result<TcpConfig, Vec<FieldError>> {
        // Parse the authority ourselves: url::Url treats tcp:// as opaque and would accept a
        // port over 65535 only to fail later.
        let rest = target.strip_prefix("tcp://").unwrap_or(target);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let err = |m: String| vec![FieldError::new("target", m)];
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if !h.is_empty() => (h, p),
            _ => {
                return Err(err(format!(
                    "\"{target}\" needs a host and a port, like tcp://host:port"
                )))
            }
        };
        let port: u16 = match port.parse::<u32>() {
            Ok(p) if (1..=65535).contains(&p) => p as u16,
            Ok(p) => return Err(err(format!("port {p} is out of range (1-65535)"))),
            Err(_) => return Err(err(format!("\"{port}\" is not a port number"))),
        };
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let mut errs = Vec::new();
        let conditions = Conditions::from_spec(spec, "tcp", PLACEHOLDERS, &mut errs);
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(TcpConfig {
            host,
            port,
            conditions,
        })
    }
}

pub(super) async fn check(c: &TcpConfig, timeout: Duration) -> Outcome {
    let details = json!({ "host": c.host, "port": c.port });
    match tokio::time::timeout(
        timeout,
        tokio::net::TcpStream::connect((c.host.as_str(), c.port)),
    )
    .await
    {
        Err(_) => Outcome::down(timed_out(timeout), details),
        Ok(Err(e)) => Outcome::down(io_reason(&e), details),
        Ok(Ok(stream)) => Outcome::up(details).with_facts(Facts {
            ip: stream.peer_addr().ok().map(|a| a.ip()),
            connected: Some(true),
            ..Facts::default()
        }),
    }
}
