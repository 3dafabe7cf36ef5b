//! `tcp://host:port` checks: UP when a connection is accepted within the timeout.

use std::time::Duration;

use serde_json::json;

use super::{io_reason, timed_out, Outcome};
use crate::condition::{Conditions, Facts, Placeholder};
use crate::field::FieldError;
use crate::spec::MonitorSpec;

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
        let (host, port) = super::host_port(target, "tcp").map_err(|e| vec![e])?;
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
