//! `lookout run`: the daemon in the foreground. Each [`CoreEvent`] is one JSON line on stdout,
//! flushed as it happens, so `lookout run | jq` and scripts see events live; logs go to stderr.
//!
//! The [`Daemon`] runs the engine, the action dispatcher (recovery actions and webhook alert
//! channels, whose events `recovery_action`, `recovery_healed`, `alert_sent` are printed like
//! every other) and logind's PrepareForSleep listener where there is one, in the same start and
//! shutdown order as the desktop app.
//!
//! With `--metrics-listen` (or, without it, the `metrics_listen` setting), `/metrics` for
//! Prometheus is served beside it ([`lookout_core::metrics`]), started after the engine and
//! stopped before it.
//!
//! Its stdout is events for machines and its stderr logs (`tracing`), both in English in every
//! language; only its errors are in the language in force.

use std::io::Write;

use lookout_core::daemon::{Daemon, DaemonOptions};
use lookout_core::events::CoreEvent;
use lookout_core::metrics::{MetricsOptions, MetricsServer};
use lookout_core::runtime::RuntimeOptions;
use lookout_core::t;
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::broadcast::error::RecvError;

use super::Ctx;
use crate::error::{exit, one_line, CliError};

/// Whether `run` prints an event. Every check is noise unless asked for.
pub fn printed(event: &CoreEvent, verbose: bool) -> bool {
    verbose || !matches!(event, CoreEvent::CheckCompleted { .. })
}

pub async fn run(
    ctx: &Ctx,
    verbose: bool,
    push_port: Option<u16>,
    metrics: Option<MetricsOptions>,
) -> Result<u8, CliError> {
    // Signals first: a SIGTERM that arrives while the engine starts still stops it cleanly.
    let sig = |kind| {
        signal(kind).map_err(|e| CliError::Failed(t!("cli-run-signals", error = e.to_string())))
    };
    let mut term = sig(SignalKind::terminate())?;
    let mut int = sig(SignalKind::interrupt())?;

    let db = ctx.open()?;
    let path = db.path.clone();
    let metrics = match metrics {
        Some(m) => Some(m),
        None => lookout_core::settings::configured_metrics_listen(&db.store)
            .map_err(db.err())?
            .map(|listen| MetricsOptions {
                listen,
                instance: lookout_core::metrics::hostname(),
            }),
    };
    let defaults = DaemonOptions::default();
    let opts = DaemonOptions {
        runtime: RuntimeOptions {
            push_port,
            ..defaults.runtime.clone()
        },
        ..defaults
    };
    let daemon = Daemon::start(db.store, opts)
        .await
        .map_err(|e| CliError::Failed(t!("cli-run-engine-failed", error = one_line(&e))))?;
    let rt = daemon.runtime();
    let mut events = daemon.take_events().unwrap_or_else(|| rt.subscribe());
    let metrics = match metrics {
        Some(opts) => match MetricsServer::start(rt, opts).await {
            Ok(m) => Some(m),
            Err(e) => {
                let _ = daemon.shutdown().await;
                return Err(CliError::Failed(one_line(&e)));
            }
        },
        None => None,
    };
    match rt.push_addr() {
        Some(addr) => {
            tracing::info!(database = %path.display(), heartbeats = %addr, "engine started; stop with Ctrl-C or SIGTERM")
        }
        None => {
            tracing::info!(database = %path.display(), "engine started (heartbeats off); stop with Ctrl-C or SIGTERM")
        }
    }

    let stdout = std::io::stdout();
    loop {
        tokio::select! {
            _ = term.recv() => { tracing::info!("SIGTERM: shutting down"); break; }
            _ = int.recv() => { tracing::info!("SIGINT: shutting down"); break; }
            ev = events.recv() => match ev {
                Ok(ev) => {
                    if !printed(&ev, verbose) {
                        continue;
                    }
                    let line = serde_json::to_string(&ev).expect("events serialize");
                    let mut out = stdout.lock();
                    if let Err(e) = writeln!(out, "{line}").and_then(|()| out.flush()) {
                        // The reader is gone (a closed pipe): nobody is listening any more.
                        tracing::warn!(error = %e, "stdout closed; shutting down");
                        break;
                    }
                }
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!(skipped = n, "stdout could not keep up; {n} events were not printed");
                }
                Err(RecvError::Closed) => {
                    tracing::warn!("the engine stopped publishing events; shutting down");
                    break;
                }
            }
        }
    }
    if let Some(m) = metrics {
        m.shutdown().await;
    }
    if let Err(e) = daemon.shutdown().await {
        tracing::error!(error = %e, "stopped, but the last check results could not be written");
        return Ok(exit::FAILURE);
    }
    tracing::info!("stopped");
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lookout_core::model::{MonitorId, Status};

    #[test]
    fn check_completed_only_when_verbose() {
        let status = CoreEvent::StatusChanged {
            monitor_id: MonitorId(1),
            monitor: "api".into(),
            from: Status::Up,
            to: Status::Down,
            at: chrono::Utc::now(),
            reason: "connection refused".into(),
        };
        assert!(printed(&status, false));
        assert!(printed(&CoreEvent::MonitorsChanged, false));
        let check = CoreEvent::CheckCompleted {
            monitor_id: MonitorId(1),
            monitor: "api".into(),
            result: lookout_core::model::CheckResult {
                at: chrono::Utc::now(),
                status: Status::Up,
                latency: std::time::Duration::from_millis(1),
                reason: String::new(),
                details: serde_json::Value::Null,
            },
        };
        assert!(!printed(&check, false));
        assert!(printed(&check, true));
    }
}
