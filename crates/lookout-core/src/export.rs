//! The monitors as a Lookout file (`{"monitors": [...]}`): what `lookout export` prints and the
//! dashboard's Export saves, so either reads back with `import`.
//!
//! A heartbeat monitor carries its push URL (the token with this data dir's port) so a job can
//! be pointed at it; `redact` replaces secrets with placeholders for a file safe to share
//! ([`import::redact`]).

use crate::import::redact;
use crate::monitor::Monitor;
use crate::probe::push::push_url;
use crate::probe::ProbeConfig;
use crate::settings::configured_push_port;
use crate::spec::{MonitorFile, MonitorSpec};
use crate::storage::{Store, StoreError};

pub fn push_token(m: &Monitor) -> Option<&str> {
    match &m.probe {
        ProbeConfig::Push(c) => Some(&c.token),
        _ => None,
    }
}

/// The heartbeat port of this data dir, read only when some monitor needs it.
pub fn push_port(store: &Store, monitors: &[Monitor]) -> Result<Option<u16>, StoreError> {
    if !monitors.iter().any(|m| push_token(m).is_some()) {
        return Ok(None);
    }
    configured_push_port(store).map(Some)
}

/// `monitors` as a file, push URLs on `push_port`.
pub fn monitor_file(monitors: &[Monitor], push_port: Option<u16>) -> MonitorFile {
    MonitorFile {
        monitors: monitors
            .iter()
            .map(|m| MonitorSpec {
                push_url: push_port.zip(push_token(m)).map(|(p, t)| push_url(p, t)),
                ..MonitorSpec::from(m)
            })
            .collect(),
    }
}

/// Every stored monitor as a file; `redact` for one safe to share.
pub fn export(store: &Store, redact_secrets: bool) -> Result<MonitorFile, StoreError> {
    let (monitors, _broken) = store.stored_monitors()?;
    let mut file = monitor_file(&monitors, push_port(store, &monitors)?);
    if redact_secrets {
        file.monitors = file.monitors.iter().map(redact::redact).collect();
    }
    Ok(file)
}

/// How many recovery commands `file` keeps: redaction masks arguments that look like secrets,
/// but a bare secret cannot be recognised, so whoever shares the file should read them.
pub fn recovery_commands(file: &MonitorFile) -> usize {
    file.monitors
        .iter()
        .flat_map(|m| m.recovery.iter().flatten())
        .filter(|a| a.run.is_some())
        .count()
}
