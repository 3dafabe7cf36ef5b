//! A running engine on a real SQLite file, set up in one line:
//!
//! ```ignore
//! let mut h = engine().monitor(spec).start().await;
//! h.wait_for(Duration::from_secs(3), "DOWN", |e| ...).await;
//! h.stop().await;
//! ```
//!
//! Test defaults differ from the app's in two ways: the heartbeat listener takes a free port
//! (tests run in parallel), and the offline check is off unless a test turns it on (every
//! target here is on loopback, which never asks it anyway).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lookout_core::action::ActionOptions;
use lookout_core::clock::Clock;
use lookout_core::daemon::{Daemon, DaemonOptions};
use lookout_core::events::CoreEvent;
use lookout_core::monitor::Monitor;
use lookout_core::runtime::{Runtime, RuntimeOptions};
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::Store;

/// Builds a [`Harness`].
pub struct Builder {
    opts: RuntimeOptions,
    specs: Vec<MonitorSpec>,
    clock: Option<Arc<dyn Clock>>,
    actions: Option<ActionOptions>,
    dir: Option<tempfile::TempDir>,
}

/// An engine to start: see the module's header.
pub fn engine() -> Builder {
    Builder {
        opts: RuntimeOptions {
            push_port: Some(0),
            connectivity: None,
            ..RuntimeOptions::default()
        },
        specs: Vec::new(),
        clock: None,
        actions: None,
        dir: None,
    }
}

impl Builder {
    /// Changes the runtime's options.
    pub fn options(mut self, f: impl FnOnce(&mut RuntimeOptions)) -> Self {
        f(&mut self.opts);
        self
    }

    /// A monitor stored before the engine starts.
    pub fn monitor(mut self, spec: MonitorSpec) -> Self {
        self.specs.push(spec);
        self
    }

    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Runs the whole daemon (recovery actions and alert channels too), with these options.
    pub fn with_actions(mut self, actions: ActionOptions) -> Self {
        self.actions = Some(actions);
        self
    }

    /// Starts on the database another harness left (a restart).
    pub fn in_dir(mut self, dir: tempfile::TempDir) -> Self {
        self.dir = Some(dir);
        self
    }

    pub async fn start(self) -> Harness {
        let dir = self.dir.unwrap_or_else(|| tempfile::tempdir().unwrap());
        let path = dir.path().join("lookout.db");
        let store = Store::open(&path).unwrap();
        let monitors: Vec<Monitor> = self
            .specs
            .into_iter()
            .map(|s| {
                let mut m = Monitor::try_from(s).unwrap();
                m.id = store.add_monitor(&m).unwrap();
                m
            })
            .collect();
        let (rt, daemon) = match (self.actions, self.clock) {
            (Some(actions), None) => {
                let opts = DaemonOptions {
                    runtime: self.opts,
                    actions,
                    logind: false,
                };
                let d = Daemon::start(store.clone(), opts).await.unwrap();
                (d.runtime().clone(), Some(d))
            }
            (Some(_), Some(_)) => panic!("the daemon runs on the system clock"),
            (None, Some(clock)) => (
                Runtime::start_with_clock(store.clone(), self.opts, clock)
                    .await
                    .unwrap(),
                None,
            ),
            (None, None) => (
                Runtime::start(store.clone(), self.opts).await.unwrap(),
                None,
            ),
        };
        let events = match &daemon {
            Some(d) => d.take_events().unwrap(),
            None => rt.subscribe(),
        };
        Harness {
            dir,
            path,
            store,
            rt,
            events,
            monitors,
            daemon,
        }
    }
}

/// A running engine, its store and its events from the start.
pub struct Harness {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub store: Store,
    pub rt: Runtime,
    pub events: lookout_core::runtime::Events,
    /// The monitors stored before the start, with their ids.
    pub monitors: Vec<Monitor>,
    daemon: Option<Daemon>,
}

impl Harness {
    /// The first event matching `f`, failing the test after `within`.
    pub async fn wait_for<F: Fn(&CoreEvent) -> bool>(
        &mut self,
        within: Duration,
        what: &str,
        f: F,
    ) -> CoreEvent {
        super::wait_for(&mut self.events, within, what, f).await
    }

    /// Every event within `window`.
    pub async fn collect(&mut self, window: Duration) -> Vec<CoreEvent> {
        super::collect(&mut self.events, window).await
    }

    /// Shuts down cleanly (the final flush must succeed) and hands back the directory, for a
    /// restart on the same database.
    pub async fn stop(self) -> tempfile::TempDir {
        match &self.daemon {
            Some(d) => d.shutdown().await.unwrap(),
            None => self.rt.shutdown().await.unwrap(),
        }
        self.dir
    }
}
