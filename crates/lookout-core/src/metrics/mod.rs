//! Lookout's state for Prometheus: `GET /metrics` in the Prometheus text format, or
//! OpenMetrics when the `Accept` header asks for it.
//!
//! ```text
//! Runtime::subscribe ──CoreEvents──▶ tally task ──▶ Tally (checks, failures, incidents, …)
//! Store::health ──watch──────────────┘                 │
//! scrape ──▶ Runtime::snapshot + Tally + store health ─┴──▶ expose::render ──▶ body
//! ```
//!
//! Beside the runtime, on its public surface only: what the board already keeps (status,
//! latency, last check) is read from a snapshot at each scrape; what it does not (counts of
//! checks and failures, the current run of failures, certificates, open incidents) is folded
//! from events by one task ([`tally`]). Nothing here writes to the engine or the store.
//! Monitors are labelled `instance` (the machine, [`MetricsOptions::instance`]), `monitor`
//! (its name) and `kind` (the probe kind); counters count from this process's start.

pub mod expose;
pub mod server;
pub mod tally;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::runtime::Runtime;
use crate::storage::IncidentFilter;
use expose::{Format, View};
use tally::Tally;

/// Why the metrics listener cannot start.
#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error("{}", crate::t!("error-metrics-address", value = .0.as_str()))]
    Address(String),
    #[error("{}", crate::t!("error-metrics-bind", addr = .addr.to_string(), error = .source.to_string()))]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// How the exporter runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricsOptions {
    pub listen: SocketAddr,
    /// The `instance` label on every series: the machine's name unless set.
    pub instance: String,
}

/// Reads `--metrics-listen` (see [`crate::field::parse_listen`]).
pub fn parse_listen(s: &str) -> Result<SocketAddr, MetricsError> {
    crate::field::parse_listen(s).ok_or_else(|| MetricsError::Address(s.trim().to_string()))
}

/// This machine's name, for the default `instance` label: the kernel's hostname, else
/// `$HOSTNAME`, else `localhost`.
pub fn hostname() -> String {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    if name.is_empty() {
        "localhost".into()
    } else {
        name
    }
}

/// The running exporter. [`MetricsServer::shutdown`] stops it; dropping it stops it too.
pub struct MetricsServer {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
}

impl MetricsServer {
    /// Binds `opts.listen` and serves `/metrics` on `rt`'s state until shut down.
    pub async fn start(rt: &Runtime, opts: MetricsOptions) -> Result<MetricsServer, MetricsError> {
        let listener = tokio::net::TcpListener::bind(opts.listen)
            .await
            .map_err(|source| MetricsError::Bind {
                addr: opts.listen,
                source,
            })?;
        let addr = listener.local_addr().unwrap_or(opts.listen);
        let tally = Arc::new(Mutex::new(Tally::default()));
        let (stop, stop_rx) = watch::channel(false);
        let mut tasks = JoinSet::new();
        // Subscribed before the open incidents are read, so none falls between the two.
        let events = rt.subscribe();
        let open = rt
            .store()
            .blocking(|s| {
                s.incidents(&IncidentFilter {
                    open_only: true,
                    simulated: Some(false),
                    ..IncidentFilter::default()
                })
            })
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "metrics: cannot read the open incidents; counting from events alone");
                Vec::new()
            });
        {
            let mut t = lock(&tally);
            for i in open {
                t.opened(i.monitor_id, i.id, i.started_at);
            }
        }
        tasks.spawn(fold(
            events,
            rt.store().health(),
            tally.clone(),
            stop_rx.clone(),
        ));
        let render: server::Render = {
            let rt = rt.clone();
            let storage = rt.store().health();
            Arc::new(move |format: Format| {
                let snapshot = rt.snapshot();
                let storage = storage.borrow().clone();
                let mut t = lock(&tally);
                t.retain(|id| snapshot.monitors.iter().any(|m| m.id == id));
                expose::render(
                    &View {
                        snapshot: &snapshot,
                        tally: &t,
                        storage: &storage,
                        lateness: rt.lateness(),
                        now: rt.now(),
                        instance: &opts.instance,
                    },
                    format,
                )
            })
        };
        tasks.spawn(server::serve(listener, render, stop_rx));
        tracing::info!(%addr, "serving metrics at /metrics");
        Ok(MetricsServer { addr, stop, tasks })
    }

    /// Where it listens (the port chosen, when asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops listening and counting; bounded to about a second.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        let tasks = &mut self.tasks;
        if tokio::time::timeout(Duration::from_secs(1), async {
            while tasks.join_next().await.is_some() {}
        })
        .await
        .is_err()
        {
            tracing::warn!("the metrics listener did not stop within 1s; cutting it");
        }
        self.tasks.shutdown().await;
    }
}

fn lock(t: &Mutex<Tally>) -> std::sync::MutexGuard<'_, Tally> {
    t.lock().unwrap_or_else(|p| p.into_inner())
}

/// The tally task: events and storage faults into the [`Tally`], until `stop` or the end of
/// the events.
async fn fold(
    mut events: crate::runtime::Events,
    mut storage: watch::Receiver<crate::storage::StorageHealth>,
    tally: Arc<Mutex<Tally>>,
    mut stop: watch::Receiver<bool>,
) {
    let mut faulty = storage.borrow_and_update().fault.is_some();
    let mut storage_open = true;
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            changed = storage.changed(), if storage_open => {
                if changed.is_err() {
                    storage_open = false;
                    continue;
                }
                let now = storage.borrow_and_update().fault.is_some();
                if now && !faulty {
                    lock(&tally).storage_faults += 1;
                }
                faulty = now;
            }
            ev = events.recv() => match ev {
                Ok(ev) => lock(&tally).apply(&ev),
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!(skipped = n, "metrics: missed {n} events; counters are short by them");
                    lock(&tally).events_missed += n;
                }
                Err(RecvError::Closed) => break,
            },
        }
    }
}

impl Drop for MetricsServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{IpAddr, Ipv4Addr};

    #[test]
    fn a_bare_port_is_loopback_and_an_address_is_taken_as_given() {
        let lo = |p| SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), p);
        assert_eq!(parse_listen("9464").ok(), Some(lo(9464)));
        assert_eq!(parse_listen(":9464").ok(), Some(lo(9464)));
        assert_eq!(
            parse_listen("0.0.0.0:9100").ok(),
            "0.0.0.0:9100".parse().ok()
        );
        assert_eq!(parse_listen("[::1]:9100").ok(), "[::1]:9100".parse().ok());
        for bad in ["", ":", "99999", "not an address", "1.2.3.4", ":-1"] {
            assert!(parse_listen(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_default_instance_is_a_name() {
        assert!(!hostname().is_empty());
    }
}
