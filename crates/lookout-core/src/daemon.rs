//! The daemon: everything that runs while Lookout watches, started and stopped in one order
//! for both shells (`lookout run` and the desktop app).
//!
//! It owns the [`Runtime`] (the engine), the action dispatcher (recovery actions and webhook
//! alert channels, [`crate::action`]) and, where there is one, the logind listener
//! ([`crate::logind`]). Start: the engine, then the dispatcher on its events, then logind.
//! Shutdown: logind first (so a suspend is never held up by a Lookout that is going away),
//! then the engine (no check starts after the shutdown began, and the results are flushed),
//! then the dispatcher, which lets running actions and deliveries finish within its grace:
//! they write their timeline entries to the store directly, which outlives the engine.

use std::sync::Mutex;

use crate::action::{self, ActionHandle, ActionOptions};
use crate::runtime::{Events, Runtime, RuntimeError, RuntimeOptions};
use crate::storage::{Store, StoreError};

/// How the daemon runs. `Default` is what the CLI and the desktop app use.
#[derive(Debug, Clone)]
pub struct DaemonOptions {
    pub runtime: RuntimeOptions,
    pub actions: ActionOptions,
    /// Listen to logind's PrepareForSleep on the system bus (where there is one).
    pub logind: bool,
}

/// Housekeeping's period when file events bring other processes' changes: the watchdog and
/// the idle clock reading can wait this long; a change from the CLI still arrives at once.
/// Each of tokio's timers this long wakes its driver up to three times (once per level of its
/// wheel): at 5 s, with SQLite read every 10 s, an idle engine woke 1.5 times a second; at 15 s
/// and 60 s, 0.7 (the load benchmark's idle mode, `-- 1 60 180`). A sleep is
/// still seen at the first result after it (results are judged after a look at the clocks),
/// and logind says when it began; without logind its start is known to within this period.
pub const WATCHED_HOUSEKEEPING: std::time::Duration = std::time::Duration::from_secs(15);

impl Default for DaemonOptions {
    fn default() -> Self {
        DaemonOptions {
            runtime: RuntimeOptions {
                watched_housekeeping: Some(WATCHED_HOUSEKEEPING),
                ..RuntimeOptions::default()
            },
            actions: ActionOptions::default(),
            logind: true,
        }
    }
}

/// The parts that stop, taken out once by the first shutdown.
struct Parts {
    actions: ActionHandle,
    #[cfg(feature = "logind")]
    sleep: Option<crate::logind::SleepWatcher>,
}

/// The running daemon. [`Daemon::shutdown`] stops it.
pub struct Daemon {
    rt: Runtime,
    parts: Mutex<Option<Parts>>,
    events: Mutex<Option<Events>>,
}

impl Daemon {
    /// Starts the engine on `store`, the dispatcher and the logind listener. Where there is no
    /// system bus (containers, CI) it says so and goes on: sleeps are then noticed by the
    /// clock jump alone.
    pub async fn start(store: Store, opts: DaemonOptions) -> Result<Daemon, RuntimeError> {
        let rt = Runtime::start(store, opts.runtime).await?;
        // Before the dispatcher, so whoever takes these sees its first event too.
        let events = rt.subscribe();
        let actions = action::spawn_with(&rt, opts.actions);
        #[cfg(feature = "logind")]
        let sleep = if opts.logind {
            match crate::logind::spawn(&rt, crate::logind::Bus::System).await {
                Ok(w) => Some(w),
                Err(e) => {
                    tracing::info!(error = %e, "no logind: sleeps are noticed by the clock jump alone");
                    None
                }
            }
        } else {
            None
        };
        Ok(Daemon {
            rt,
            parts: Mutex::new(Some(Parts {
                actions,
                #[cfg(feature = "logind")]
                sleep,
            })),
            events: Mutex::new(Some(events)),
        })
    }

    pub fn runtime(&self) -> &Runtime {
        &self.rt
    }

    /// The events from the start on (subscribed before the dispatcher started), once; later
    /// listeners use [`Runtime::subscribe`].
    pub fn take_events(&self) -> Option<Events> {
        self.events.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Stops everything, in order (see the module's header). A second call only waits for
    /// the engine's. Returns the engine's final flush error, if the last results could not be
    /// written.
    pub async fn shutdown(&self) -> Result<(), StoreError> {
        let parts = self.parts.lock().unwrap_or_else(|p| p.into_inner()).take();
        let Some(parts) = parts else {
            return self.rt.shutdown().await;
        };
        #[cfg(feature = "logind")]
        if let Some(w) = parts.sleep {
            w.shutdown().await;
        }
        let flushed = self.rt.shutdown().await;
        parts.actions.shutdown().await;
        flushed
    }
}
