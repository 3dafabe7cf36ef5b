//! The running engine: the scheduler's results through the threshold engine into storage and
//! [`CoreEvent`]s, and commands (add, edit, pause, snooze, remove, drill) in.
//!
//! ```text
//!            commands ──┐                 ┌──▶ store (results, incidents)
//! scheduler ─results──▶ engine loop (state.rs) ──▶ CoreEvents (bus.rs) ──▶ shells
//!            timers ────┘                 └──▶ board (snapshots) ◀── shells read
//! ```
//!
//! One task, the engine loop ([`state`]), owns the engine's state and applies one input at a
//! time: a check result ([`judge`], [`incident`]), a command from this handle, a sync with the
//! store ([`sync`]), a drill ([`drill`]) or one of its timers ([`tasks`]). This handle only
//! writes to the store and asks the loop, so nothing here takes a lock on the engine's state;
//! the shells read the board the loop keeps ([`Runtime::snapshot`]). Requests other processes
//! leave in the database ([`requests`]: `lookout simulate`) are answered by the loop too.

mod board;
mod bus;
mod drill;
mod files_watch;
mod incident;
mod journal;
mod judge;
mod options;
mod requests;
mod state;
mod sync;
mod tasks;

pub use board::Snapshot;
pub use bus::{Events, NOTABLE_CAP, ROUTINE_CAP};
pub use drill::Simulation;
pub use incident::human_secs;
pub use options::{RuntimeError, RuntimeOptions};
pub use requests::{request_simulation, RequestError, REQUEST_MAX_AGE};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use crate::clock::{Clock, SystemClock};
use crate::command::CommandError;
use crate::events::CoreEvent;
use crate::field::ConfigError;
use crate::maintenance::validate_window;
use crate::model::{CheckResult, IncidentId, MonitorId};
use crate::monitor::Monitor;
use crate::policy::sleep::SleepWatch;
use crate::probe::Prober;
use crate::scheduler::Scheduler;
use crate::spec::MonitorSpec;
use crate::storage::{Store, StoreError};
use state::{Command, Ctx, Engine, Inputs};

/// The engine loop's task, until shutdown takes it; it returns the final flush's result.
type EngineTask = Arc<Mutex<Option<JoinHandle<Result<(), StoreError>>>>>;

/// The runtime handle. Cheap to clone; [`Runtime::shutdown`] stops everything.
#[derive(Clone)]
pub struct Runtime {
    ctx: Arc<Ctx>,
    commands: mpsc::UnboundedSender<Command>,
    stop: watch::Sender<bool>,
    engine: EngineTask,
}

impl Runtime {
    /// Starts the engine on the current tokio runtime with the system clock.
    pub async fn start(store: Store, opts: RuntimeOptions) -> Result<Runtime, RuntimeError> {
        Runtime::start_with_clock(store, opts, Arc::new(SystemClock)).await
    }

    pub async fn start_with_clock(
        store: Store,
        opts: RuntimeOptions,
        clock: Arc<dyn Clock>,
    ) -> Result<Runtime, RuntimeError> {
        let engine_lock = options::lock_engine(&store)?;
        let prober = Prober::new()?;
        let push_listener = tasks::bind_push(&store, &opts).await?;
        let push_addr = push_listener.as_ref().and_then(|l| l.local_addr().ok());
        let (results_tx, results) = mpsc::channel(4096);
        let scheduler = Scheduler::new(
            Arc::new(prober.clone()),
            clock.clone(),
            opts.max_concurrent_checks,
            results_tx,
        );
        let ctx = Arc::new(Ctx {
            store,
            clock: clock.clone(),
            prober,
            events: bus::Bus::default(),
            board: Mutex::new(board::Board::default()),
            opts: opts.clone(),
            push_addr,
        });
        let (commands_tx, commands) = mpsc::unbounded_channel();
        let (stop, stop_rx) = watch::channel(false);
        let (pushed_tx, pushed) = mpsc::unbounded_channel();
        let mut engine = Engine {
            ctx: ctx.clone(),
            scheduler,
            entries: HashMap::new(),
            by_name: HashMap::new(),
            config_rev: None,
            snoozes: HashMap::new(),
            maintenance: Vec::new(),
            connectivity: None,
            conn_watch: watch::Sender::new(None),
            holds: Default::default(),
            sleep: SleepWatch::new(
                clock.now(),
                tokio::time::Instant::now(),
                opts.sleep_threshold,
            ),
            offline: Default::default(),
            timers: Default::default(),
            watchdog_next: tokio::time::Instant::now(),
            config_seen: Default::default(),
            journal: Default::default(),
            tasks: tokio::task::JoinSet::new(),
            tasks_stop: watch::Sender::new(false),
            commands: commands_tx.clone(),
            engine_lock: Some(engine_lock),
            files_watch: None,
        };
        if opts.watched_housekeeping.is_some() {
            engine.files_watch =
                files_watch::FilesWatch::start(engine.ctx.store.path(), commands_tx.clone());
        }
        engine.sync(true).await?;
        engine.watch_storage();
        if let Some(listener) = push_listener {
            engine.serve_pushes(listener, pushed_tx);
        }
        let inputs = Inputs {
            commands,
            results,
            pushed,
            stop: stop_rx,
        };
        let handle = tokio::spawn(engine.run(inputs));
        Ok(Runtime {
            ctx,
            commands: commands_tx,
            stop,
            engine: Arc::new(Mutex::new(Some(handle))),
        })
    }

    /// Every event from now on, in order; see [`Events`] for what can be dropped.
    pub fn subscribe(&self) -> Events {
        self.ctx.events.subscribe()
    }

    pub fn store(&self) -> &Store {
        &self.ctx.store
    }

    /// Asks the loop and waits for its answer; `None` once it has stopped.
    async fn ask<T>(&self, cmd: impl FnOnce(oneshot::Sender<T>) -> Command) -> Option<T> {
        let (tx, rx) = oneshot::channel();
        self.commands.send(cmd(tx)).ok()?;
        rx.await.ok()
    }

    /// Brings the running engine in line with the store after a write.
    async fn sync(&self) -> Result<(), CommandError> {
        match self.ask(Command::Sync).await {
            Some(r) => Ok(r?),
            None => Err(CommandError::Store(StoreError::WriterGone)),
        }
    }

    /// Checks a monitor at once, out of its grid (after a recovery action, on request).
    pub async fn check_now(&self, id: MonitorId) -> Result<(), CommandError> {
        match self.ask(|tx| Command::CheckNow(id, tx)).await {
            Some(true) => Ok(()),
            _ => Err(CommandError::NotFound(crate::storage::what_monitor(id))),
        }
    }

    /// Publishes an event from a part of the engine that runs beside the runtime (recovery
    /// actions, alert channels), so every shell hears it the same way.
    pub fn publish(&self, event: CoreEvent) {
        self.ctx.emit(event);
    }

    /// The runtime's wall clock (milliseconds, like every stored time).
    pub fn now(&self) -> DateTime<Utc> {
        self.ctx.clock.now()
    }

    /// Where the heartbeat listener listens, if it does.
    pub fn push_addr(&self) -> Option<std::net::SocketAddr> {
        self.ctx.push_addr
    }

    /// The overall health and every monitor's state.
    pub fn snapshot(&self) -> Snapshot {
        self.ctx.board().snapshot()
    }

    /// The overall health alone (what the tray shows), without copying every monitor.
    pub fn health(&self) -> crate::health::Health {
        self.ctx.board().health().clone()
    }

    pub async fn add_monitor(&self, spec: MonitorSpec) -> Result<Monitor, CommandError> {
        let mut monitor = Monitor::try_from(spec).map_err(CommandError::Invalid)?;
        let m = monitor.clone();
        monitor.id = self.store().blocking(move |s| s.add_monitor(&m)).await?;
        self.sync().await?;
        Ok(monitor)
    }

    /// Adds validated monitors in one transaction (an import): all of them or, on any error,
    /// none.
    pub async fn add_monitors(&self, monitors: Vec<Monitor>) -> Result<usize, CommandError> {
        let n = monitors.len();
        self.store()
            .blocking(move |s| s.add_monitors(&monitors))
            .await?;
        self.sync().await?;
        Ok(n)
    }

    pub async fn update_monitor(
        &self,
        id: MonitorId,
        spec: MonitorSpec,
    ) -> Result<Monitor, CommandError> {
        let mut monitor = Monitor::try_from(spec).map_err(CommandError::Invalid)?;
        monitor.id = id;
        let m = monitor.clone();
        self.store().blocking(move |s| s.update_monitor(&m)).await?;
        self.sync().await?;
        Ok(monitor)
    }

    pub async fn remove_monitor(&self, id: MonitorId) -> Result<(), CommandError> {
        self.store().blocking(move |s| s.remove_monitor(id)).await?;
        self.sync().await
    }

    pub async fn set_paused(&self, id: MonitorId, paused: bool) -> Result<(), CommandError> {
        self.store()
            .blocking(move |s| s.set_paused(id, paused))
            .await?;
        self.sync().await
    }

    pub async fn set_all_paused(&self, paused: bool) -> Result<(), CommandError> {
        self.store()
            .blocking(move |s| s.set_all_paused(paused))
            .await?;
        self.sync().await
    }

    /// Holds a monitor's alerts until `until` (`storage::SNOOZE_FOREVER`: until resumed);
    /// `None` lifts the snooze. Checks, status and incidents go on. A `snooze_changed` event
    /// tells every shell, as it does for a snooze set by another process or running out.
    pub async fn snooze(
        &self,
        id: MonitorId,
        until: Option<DateTime<Utc>>,
    ) -> Result<(), CommandError> {
        self.store()
            .blocking(move |s| s.set_snooze(id, until))
            .await?;
        self.sync().await
    }

    /// When each snoozed monitor's snooze ends.
    pub fn snoozes(&self) -> HashMap<MonitorId, DateTime<Utc>> {
        self.ctx.board().snoozes().clone()
    }

    /// Adds a maintenance window for `monitors` (see [`crate::maintenance`]); returns its id.
    pub async fn add_maintenance(
        &self,
        monitors: Vec<MonitorId>,
        start: DateTime<Utc>,
        duration: Duration,
        rrule: Option<String>,
    ) -> Result<i64, CommandError> {
        validate_window(start, duration, rrule.as_deref()).map_err(|errors| {
            CommandError::Invalid(ConfigError {
                monitor: None,
                errors,
            })
        })?;
        let id = self
            .store()
            .blocking(move |s| s.add_maintenance(&monitors, start, duration, rrule.as_deref()))
            .await?;
        self.sync().await?;
        Ok(id)
    }

    pub async fn remove_maintenance(&self, id: i64) -> Result<(), CommandError> {
        self.store()
            .blocking(move |s| s.remove_maintenance(id))
            .await?;
        self.sync().await
    }

    /// Runs a monitor definition once without saving it ("Test now").
    pub async fn test_spec(&self, spec: MonitorSpec) -> Result<CheckResult, CommandError> {
        let m = Monitor::try_from(spec).map_err(CommandError::Invalid)?;
        Ok(crate::monitor::check(&self.ctx.prober, &m, self.ctx.clock.now()).await)
    }

    /// "Simulate outage" (see [`drill`]). Returns the simulated incident, if the rule opens
    /// one.
    pub async fn simulate_outage(&self, id: MonitorId) -> Result<Option<IncidentId>, CommandError> {
        Ok(self.simulate(id).await?.incident)
    }

    /// [`Runtime::simulate_outage`], saying what it did.
    pub async fn simulate(&self, id: MonitorId) -> Result<Simulation, CommandError> {
        match self.ask(|tx| Command::Simulate(id, tx)).await {
            Some(r) => r,
            None => Err(CommandError::NotFound(crate::storage::what_monitor(id))),
        }
    }

    /// logind's PrepareForSleep signal. `true`: the machine is about to suspend; failures from
    /// now until the resume are dropped (the network goes away with us). `false`: it resumed;
    /// the same as a wall-clock jump (a "no data" note on open incidents from the announced
    /// moment, one [`CoreEvent::Resumed`], failing monitors re-checked before they count).
    /// One sleep gives one `Resumed`, whichever of this and the clock detector sees it first
    /// (see [`crate::policy::sleep`]).
    pub async fn prepare_for_sleep(&self, going_to_sleep: bool) {
        self.ask(|tx| Command::Sleep(going_to_sleep, tx)).await;
    }

    /// Scheduling lateness so far: (p50, p99, samples). For benchmarks.
    pub fn lateness(&self) -> (Duration, Duration, u64) {
        let board = self.ctx.board();
        let l = &board.lateness;
        (l.quantile(0.5), l.quantile(0.99), l.count)
    }

    /// Stops the engine: no check starts after this is called; the result being applied is
    /// finished, the ones queued are dropped; the loop's own tasks stop; the store is flushed
    /// and the engine lock released. Bounded to about 3 s. Returns the final flush's error,
    /// if the last results could not be written. A second call returns at once.
    pub async fn shutdown(&self) -> Result<(), StoreError> {
        let _ = self.stop.send(true);
        let handle = self.engine.lock().unwrap_or_else(|p| p.into_inner()).take();
        let Some(handle) = handle else {
            return Ok(());
        };
        let abort = handle.abort_handle();
        match tokio::time::timeout(Duration::from_secs(3), handle).await {
            Ok(Ok(flushed)) => flushed,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "the engine loop failed");
                Err(StoreError::Io(format!("the engine loop failed: {e}")))
            }
            Err(_) => {
                tracing::error!("the engine loop did not stop within 3s; abandoning it");
                abort.abort();
                Ok(())
            }
        }
    }
}
