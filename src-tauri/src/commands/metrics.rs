//! `/metrics` for Prometheus from the desktop: served where the `metrics_listen` setting says
//! (read at start), and set from the dashboard's footer, where a new address applies at once.

use std::net::SocketAddr;

use lookout_core::command::CommandError;
use lookout_core::field::{ConfigError, FieldError};
use lookout_core::metrics::{MetricsOptions, MetricsServer};
use lookout_core::runtime::Runtime;
use lookout_core::settings::{self, METRICS_LISTEN};
use serde::Serialize;
use tauri::State;

use super::{CmdError, CmdResult, Core};

/// The server, when one runs; stopped on Quit before the engine, as `lookout run` does.
pub struct Metrics(pub tokio::sync::Mutex<Option<MetricsServer>>);

/// What the footer shows: the setting and where `/metrics` is served now.
#[derive(Debug, Serialize)]
pub struct MetricsView {
    /// As `lookout settings` writes it; empty: off.
    pub value: String,
    /// The address served (a port of 0 resolved), or `None` when off.
    pub serving: Option<String>,
}

async fn start(rt: &Runtime, listen: SocketAddr) -> Result<MetricsServer, String> {
    let opts = MetricsOptions {
        listen,
        instance: lookout_core::metrics::hostname(),
    };
    match MetricsServer::start(rt, opts).await {
        Ok(m) => {
            tracing::info!(addr = %m.local_addr(), "serving /metrics for Prometheus");
            Ok(m)
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot serve /metrics; monitoring goes on without it");
            // The address is in the field's message already: only why.
            Err(match e {
                lookout_core::metrics::MetricsError::Bind { source, .. } => source.to_string(),
                other => other.to_string(),
            })
        }
    }
}

/// Starts `/metrics` where the setting says, at start-up. A failure (the port taken) is
/// logged: monitoring goes on without it.
pub async fn serve(rt: &Runtime) -> Option<MetricsServer> {
    match rt
        .store()
        .blocking(settings::configured_metrics_listen)
        .await
    {
        Ok(listen) => start(rt, listen?).await.ok(),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the metrics_listen setting; metrics are off");
            None
        }
    }
}

#[tauri::command]
pub async fn get_metrics_listen(
    core: State<'_, Core>,
    metrics: State<'_, Metrics>,
) -> CmdResult<MetricsView> {
    let value = core
        .read(|s| Ok(settings::get(s, METRICS_LISTEN).map(|s| s.value)))
        .await??;
    let serving = metrics
        .0
        .lock()
        .await
        .as_ref()
        .map(|m| m.local_addr().to_string());
    Ok(MetricsView { value, serving })
}

/// `value`: a port (`9464`, loopback), an address (`0.0.0.0:9464`) or empty for off. Applies
/// at once: the old server stops, the new one starts, and only then is the setting saved. A
/// bad value, or an address that cannot be bound, is an error on `metrics_listen` with the
/// old server serving again and nothing saved.
#[tauri::command]
pub async fn set_metrics_listen(
    core: State<'_, Core>,
    metrics: State<'_, Metrics>,
    value: String,
) -> CmdResult<MetricsView> {
    let value = settings::normalize(METRICS_LISTEN, &value)
        .map_err(|e| CmdError::from(CommandError::Invalid(e)))?;
    let listen = lookout_core::field::parse_listen(&value);
    let rt = core.0.clone();
    let mut server = metrics.0.lock().await;
    let old = server.take();
    let old_addr = old.as_ref().map(|m| m.local_addr());
    if let Some(m) = old {
        // Before binding the new one: the same port on another address would be refused.
        m.shutdown().await;
    }
    if let Some(addr) = listen {
        match start(&rt, addr).await {
            Ok(m) => *server = Some(m),
            Err(e) => {
                if let Some(back) = old_addr {
                    *server = start(&rt, back).await.ok();
                }
                return Err(CmdError::from(CommandError::Invalid(ConfigError {
                    monitor: None,
                    errors: vec![FieldError::new(
                        METRICS_LISTEN,
                        lookout_core::t!(
                            "desktop-metrics-bind",
                            addr = addr.to_string(),
                            error = e
                        ),
                    )],
                })));
            }
        }
    }
    let stored = value.clone();
    core.read(move |s| Ok(settings::set(s, METRICS_LISTEN, &stored)))
        .await??;
    Ok(MetricsView {
        value,
        serving: server.as_ref().map(|m| m.local_addr().to_string()),
    })
}
