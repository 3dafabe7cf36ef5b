//! The running engine: the scheduler's results through the threshold engine into storage and
//! [`CoreEvent`]s, and commands (add, edit, pause, remove) in.
//!
//! The database is the single source of truth shared by the CLI and the desktop app. Every
//! configuration change, ours or another process's, takes one path: it is written to the store,
//! and [`sync`](Inner::sync) diffs the store's monitors against the running ones and tells the
//! scheduler. Our own commands sync at once; another process's changes are noticed by polling
//! the store's `config_rev` (a trigger-maintained counter) every second. The same poll picks up
//! requests other processes leave for this engine ([`requests`]: `lookout simulate`).

mod requests;

pub use requests::{request_simulation, RequestError, REQUEST_MAX_AGE};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::JoinHandle;

use crate::clock::{Clock, SystemClock};
use crate::connectivity::{is_local, Connectivity, Reachability};
use crate::engine::{MonitorEngine, Sample, Transition};
use crate::events::CoreEvent;
use crate::field::{format_duration, ConfigError, FieldError};
use crate::maintenance::{validate_window, Maintenance};
use crate::model::{
    CheckResult, Incident, IncidentEvent, IncidentEventKind, IncidentId, MonitorId, MonitorState,
    RuleKind, Status,
};
use crate::monitor::Monitor;
use crate::probe::Prober;
use crate::scheduler::{Completed, Scheduler};
use crate::spec::MonitorSpec;
use crate::storage::{
    IncidentFilter, NewIncident, Store, StoreError, DEFAULT_RAW_RETENTION_DAYS, PUSH_PORT,
};

/// How the runtime runs. `Default` is what the CLI and the desktop app use.
#[derive(Debug, Clone)]
pub struct RuntimeOptions {
    /// Global cap on checks in flight.
    pub max_concurrent_checks: usize,
    /// How often to look for changes other processes made to the monitors.
    pub config_poll: Duration,
    pub raw_retention_days: u32,
    /// The heartbeat listener's port on 127.0.0.1. `None`: the stored setting, else
    /// [`DEFAULT_PUSH_PORT`]. `Some(0)` picks a free port (tests). The port bound is stored as
    /// the setting, so `lookout monitors list` can print push URLs.
    pub push_port: Option<u16>,
    /// How often the wall clock is compared with the monotonic clock to notice a sleep.
    pub sleep_check: Duration,
    /// A wall-clock jump past the monotonic clock larger than this is a sleep (or a clock
    /// change), not scheduling noise.
    pub sleep_threshold: Duration,
    /// After a resume, how long to give the network before re-checking a monitor that fails;
    /// each failing monitor is re-checked up to [`RESUME_RECHECKS`] times before it may alert.
    pub resume_settle: Duration,
    /// How to tell "this machine is offline" from "the service is down"; `None` turns that
    /// off (every failure is judged), whatever the settings say. Otherwise the user's
    /// `reference_targets` setting, where set, replaces its `references` (read again on every
    /// configuration change).
    pub connectivity: Option<Connectivity>,
    /// The flap cap for monitors that set none of their own (`Monitor::flap_max`,
    /// `Monitor::flap_window`): at most this many alerts per monitor within `flap_window`;
    /// then one `flapping` event and silence until it settles.
    pub flap_max: usize,
    pub flap_window: Duration,
    /// Run this one monitor only, leaving the others unchecked and unjudged: the short-lived
    /// engine `lookout simulate` starts when none is running must not check (and alert on,
    /// and run recovery actions for) every other monitor while it drills one.
    pub only: Option<MonitorId>,
}

/// Re-checks a failing monitor gets after a resume before its failure counts.
pub const RESUME_RECHECKS: u8 = 3;

/// Where heartbeats are pushed unless configured otherwise.
pub const DEFAULT_PUSH_PORT: u16 = 47_811;

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            max_concurrent_checks: 128,
            config_poll: Duration::from_secs(1),
            raw_retention_days: DEFAULT_RAW_RETENTION_DAYS,
            push_port: None,
            sleep_check: Duration::from_secs(2),
            sleep_threshold: Duration::from_secs(15),
            resume_settle: Duration::from_secs(5),
            connectivity: Some(Connectivity::default()),
            flap_max: crate::field::defaults::FLAP_MAX as usize,
            flap_window: crate::field::defaults::FLAP_WINDOW,
            only: None,
        }
    }
}

/// The heartbeat port the data dir is configured for: the stored setting, else the default.
pub fn configured_push_port(store: &Store) -> Result<u16, StoreError> {
    Ok(store
        .setting(PUSH_PORT)?
        .and_then(|p| p.parse().ok())
        .unwrap_or(DEFAULT_PUSH_PORT))
}

#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Probe(#[from] crate::probe::ProbeError),
    #[error("cannot listen for heartbeats on 127.0.0.1:{port}: {error}")]
    PushListen { port: u16, error: std::io::Error },
    /// Two engines on one database would check everything twice, open every incident twice
    /// and run every recovery action twice.
    #[error("another Lookout engine is already running on {0} (the desktop app or `lookout run`); stop it first, or use another --data-dir")]
    AlreadyRunning(String),
    #[error("cannot create the engine lock {path}: {error}")]
    Lock { path: String, error: std::io::Error },
}

/// Takes the data directory's engine lock (an OS file lock, so a crashed engine never leaves it
/// behind): one engine per database.
fn lock_engine(store: &Store) -> Result<std::fs::File, RuntimeError> {
    let mut path = store.path().as_os_str().to_owned();
    path.push(".engine-lock");
    let path = std::path::PathBuf::from(path);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|error| RuntimeError::Lock {
            path: path.display().to_string(),
            error,
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(RuntimeError::AlreadyRunning(
            store.path().display().to_string(),
        )),
        Err(std::fs::TryLockError::Error(error)) => Err(RuntimeError::Lock {
            path: path.display().to_string(),
            error,
        }),
    }
}

/// Why a command was refused. Serializable for the desktop shell as `{kind, message, fields}`.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("{0}")]
    Invalid(ConfigError),
    #[error("{0} not found")]
    NotFound(String),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => CommandError::NotFound(what),
            StoreError::Duplicate { field, value } => CommandError::Invalid(ConfigError {
                monitor: Some(value.clone()),
                errors: vec![FieldError::new(
                    field,
                    format!("a monitor named \"{value}\" already exists"),
                )],
            }),
            e => CommandError::Store(e),
        }
    }
}

impl CommandError {
    pub fn kind(&self) -> &'static str {
        match self {
            CommandError::Invalid(_) => "invalid",
            CommandError::NotFound(_) => "not_found",
            CommandError::Store(_) => "store",
        }
    }

    /// The problems to show next to form fields.
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            CommandError::Invalid(e) => e.errors.clone(),
            _ => Vec::new(),
        }
    }
}

/// The overall status and every monitor's state, as the shells show them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub overall: Status,
    /// Ordered by name.
    pub monitors: Vec<MonitorState>,
}

/// What a simulated outage did ([`Runtime::simulate`], `lookout simulate`).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Simulation {
    pub monitor_id: MonitorId,
    pub monitor: String,
    /// The simulated incident, if the DOWN rule opens one.
    pub incident: Option<IncidentId>,
    /// The DOWN alert went out (a snooze, a parent's outage or the flap cap may hold it).
    pub alerted: bool,
    /// Its resolution went out.
    pub resolved: bool,
}

/// Where a result fed to the threshold engine came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// A check that ran: stored, announced as `check_completed`, and it may be explained by
    /// the machine being offline.
    Check,
    /// A "Simulate outage" drill's synthetic result. It is not a check: never stored (uptime,
    /// rollups, sparklines and reports read the stored checks), never announced as one (the
    /// dashboard patches its live history from `check_completed`), and the monitor's last
    /// check stays the real one. Only the rule, the incident and the alerts see it.
    Drill,
}

/// The note a drill puts on its incident's timeline. Migration 6 tells the drills recorded
/// before incidents had a `simulated` flag by this very text.
const DRILL_NOTE: &str = "This incident is a simulated outage (self-test)";

/// One monitor as the runtime tracks it.
struct Entry {
    monitor: Arc<Monitor>,
    engine: MonitorEngine,
    /// Open incidents by rule, so a resolving rule resolves its incident.
    incidents: HashMap<RuleKind, IncidentId>,
    last: Option<CheckResult>,
    /// When this runtime started scheduling it (or resumed it): the watchdog's baseline.
    scheduled_since: tokio::time::Instant,
    /// The watchdog has said it is overdue; cleared by its next result.
    overdue: bool,
}

struct State {
    entries: HashMap<MonitorId, Entry>,
    overall: Status,
    config_rev: Option<i64>,
    /// Snoozed monitors and until when: checked, but their alerts are held.
    snoozes: HashMap<MonitorId, DateTime<Utc>>,
    maintenance: Vec<Maintenance>,
    /// Since when this machine is offline; the overall status is then OFFLINE.
    offline_since: Option<DateTime<Utc>>,
    /// The offline check in force: [`RuntimeOptions::connectivity`] with the references the
    /// user set, if any.
    connectivity: Option<Connectivity>,
    /// Monitors whose DOWN alert is held because the monitor they depend on is DOWN.
    held: std::collections::HashSet<MonitorId>,
    /// Recent alert times per monitor, for the flap cap; and whether it is flapping now.
    flaps: HashMap<MonitorId, (std::collections::VecDeque<DateTime<Utc>>, bool)>,
}

struct Inner {
    store: Store,
    clock: Arc<dyn Clock>,
    prober: Prober,
    events: broadcast::Sender<CoreEvent>,
    state: Mutex<State>,
    scheduler: tokio::sync::Mutex<Scheduler<Prober>>,
    /// Serializes syncs so two never interleave their diffs.
    sync_lock: tokio::sync::Mutex<()>,
    lateness: Mutex<Lateness>,
    push_addr: Option<std::net::SocketAddr>,
    sleep: Mutex<SleepWatch>,
    opts: RuntimeOptions,
    /// Held while this engine runs; released by shutdown (or the process ending).
    engine_lock: Mutex<Option<std::fs::File>>,
}

/// The last reading of both clocks, to notice the wall clock jumping past the monotonic one:
/// on Linux the monotonic clock stands still while the machine is suspended.
struct SleepWatch {
    wall: DateTime<Utc>,
    mono: tokio::time::Instant,
    /// Monitors re-checked after a resume, and how many re-checks each has left.
    settling: HashMap<MonitorId, u8>,
    /// logind said the machine is about to suspend (wall, monotonic): failures are held from
    /// then until the resume, because the network goes away with us.
    pending: Option<(DateTime<Utc>, tokio::time::Instant)>,
    /// The clocks already reported the resume of a sleep logind announced, so its
    /// "resumed" signal, when it comes, is the same sleep and says nothing new.
    wake_signal_due: bool,
    /// When (monotonic) the last resume was reported, so a "resumed" signal without an
    /// announced sleep right after the clocks noticed one is not a second resume.
    last_resume: Option<tokio::time::Instant>,
}

impl SleepWatch {
    /// Takes a reading of both clocks; `(from, to)` if the wall clock ran ahead of the monotonic
    /// one by more than `threshold` since the last reading.
    fn clock_gap(
        &mut self,
        wall: DateTime<Utc>,
        mono: tokio::time::Instant,
        threshold: Duration,
    ) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let wall_delta = (wall - self.wall).to_std().unwrap_or_default();
        let mono_delta = mono - self.mono;
        let prev = self.wall;
        self.wall = wall;
        self.mono = mono;
        if wall_delta.saturating_sub(mono_delta) <= threshold {
            return None;
        }
        // The sleep started somewhere after the previous reading; the monotonic time that did
        // pass is the awake part.
        Some((
            prev + chrono::Duration::from_std(mono_delta).unwrap_or_default(),
            wall,
        ))
    }
}

/// How long the machine may stay awake after announcing a suspend before we take it that the
/// suspend was cancelled and its "resumed" signal lost: failures count again.
const SLEEP_PENDING_MAX: Duration = Duration::from_secs(60);

/// A "resumed" signal with no announced sleep this soon after the clocks reported a resume is
/// that same resume.
const RESUME_DEDUPE: Duration = Duration::from_secs(60);

/// The runtime handle. Cheap to clone; [`Runtime::shutdown`] stops everything.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
    stop: watch::Sender<bool>,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
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
        let engine_lock = lock_engine(&store)?;
        let prober = Prober::new()?;
        let started_wall = clock.now();
        let push_listener = bind_push(&store, opts.push_port).await?;
        let push_addr = push_listener.as_ref().and_then(|l| l.local_addr().ok());
        let (results_tx, results_rx) = mpsc::channel(4096);
        let scheduler = Scheduler::new(
            Arc::new(prober.clone()),
            clock.clone(),
            opts.max_concurrent_checks,
            results_tx,
        );
        let (events, _) = broadcast::channel(4096);
        let inner = Arc::new(Inner {
            store,
            clock,
            prober,
            events,
            state: Mutex::new(State {
                entries: HashMap::new(),
                overall: Status::Unknown,
                config_rev: None,
                snoozes: HashMap::new(),
                maintenance: Vec::new(),
                offline_since: None,
                connectivity: opts.connectivity.clone(),
                held: Default::default(),
                flaps: HashMap::new(),
            }),
            scheduler: tokio::sync::Mutex::new(scheduler),
            sync_lock: tokio::sync::Mutex::new(()),
            lateness: Mutex::new(Lateness::default()),
            push_addr,
            sleep: Mutex::new(SleepWatch {
                wall: started_wall,
                mono: tokio::time::Instant::now(),
                settling: HashMap::new(),
                pending: None,
                wake_signal_due: false,
                last_resume: None,
            }),
            opts: opts.clone(),
            engine_lock: Mutex::new(Some(engine_lock)),
        });
        inner.sync(true).await?;
        let (stop, stop_rx) = watch::channel(false);
        let mut tasks = vec![
            tokio::spawn(process_results(inner.clone(), results_rx)),
            tokio::spawn(poll_config(
                inner.clone(),
                opts.config_poll,
                stop_rx.clone(),
            )),
            tokio::spawn(upkeep(
                inner.clone(),
                opts.raw_retention_days,
                stop_rx.clone(),
            )),
            tokio::spawn(watch_sleep(inner.clone(), stop_rx.clone())),
            tokio::spawn(watchdog(inner.clone(), stop_rx.clone())),
        ];
        if let Some(listener) = push_listener {
            let (pushed_tx, pushed_rx) = mpsc::unbounded_channel();
            tasks.push(tokio::spawn(crate::push_server::serve(
                listener,
                inner.prober.push_board().clone(),
                inner.clock.clone(),
                pushed_tx,
                stop_rx,
            )));
            tasks.push(tokio::spawn(check_pushed(inner.clone(), pushed_rx)));
        }
        Ok(Runtime {
            inner,
            stop,
            tasks: Arc::new(Mutex::new(tasks)),
        })
    }

    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.inner.events.subscribe()
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Checks a monitor at once, out of its grid (after a recovery action, on request).
    pub async fn check_now(&self, id: MonitorId) -> Result<(), CommandError> {
        if !lock(&self.inner.state).entries.contains_key(&id) {
            return Err(CommandError::NotFound(format!("monitor {id}")));
        }
        self.inner.check_now(id).await;
        Ok(())
    }

    /// Publishes an event from a part of the engine that runs beside the runtime (recovery
    /// actions, alert channels), so every shell hears it the same way.
    pub fn publish(&self, event: CoreEvent) {
        self.inner.emit(event);
    }

    /// The runtime's wall clock (milliseconds, like every stored time).
    pub fn now(&self) -> DateTime<Utc> {
        self.inner.clock.now()
    }

    /// Where the heartbeat listener listens, if it does.
    pub fn push_addr(&self) -> Option<std::net::SocketAddr> {
        self.inner.push_addr
    }

    pub fn snapshot(&self) -> Snapshot {
        let st = lock(&self.inner.state);
        let mut monitors: Vec<MonitorState> = st.entries.values().map(entry_state).collect();
        monitors.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Snapshot {
            overall: st.overall,
            monitors,
        }
    }

    pub async fn add_monitor(&self, spec: MonitorSpec) -> Result<Monitor, CommandError> {
        let mut monitor = Monitor::try_from(spec).map_err(CommandError::Invalid)?;
        let m = monitor.clone();
        monitor.id = self
            .inner
            .store
            .blocking(move |s| s.add_monitor(&m))
            .await?;
        self.inner.sync(false).await?;
        Ok(monitor)
    }

    pub async fn update_monitor(
        &self,
        id: MonitorId,
        spec: MonitorSpec,
    ) -> Result<Monitor, CommandError> {
        let mut monitor = Monitor::try_from(spec).map_err(CommandError::Invalid)?;
        monitor.id = id;
        let m = monitor.clone();
        self.inner
            .store
            .blocking(move |s| s.update_monitor(&m))
            .await?;
        self.inner.sync(false).await?;
        Ok(monitor)
    }

    pub async fn remove_monitor(&self, id: MonitorId) -> Result<(), CommandError> {
        self.inner
            .store
            .blocking(move |s| s.remove_monitor(id))
            .await?;
        self.inner.sync(false).await?;
        Ok(())
    }

    pub async fn set_paused(&self, id: MonitorId, paused: bool) -> Result<(), CommandError> {
        self.inner
            .store
            .blocking(move |s| s.set_paused(id, paused))
            .await?;
        self.inner.sync(false).await?;
        Ok(())
    }

    pub async fn set_all_paused(&self, paused: bool) -> Result<(), CommandError> {
        self.inner
            .store
            .blocking(move |s| s.set_all_paused(paused))
            .await?;
        self.inner.sync(false).await?;
        Ok(())
    }

    /// Holds a monitor's alerts until `until` (`storage::SNOOZE_FOREVER`: until resumed);
    /// `None` lifts the snooze. Checks, status and incidents go on.
    pub async fn snooze(
        &self,
        id: MonitorId,
        until: Option<DateTime<Utc>>,
    ) -> Result<(), CommandError> {
        self.inner
            .store
            .blocking(move |s| s.set_snooze(id, until))
            .await?;
        self.inner.sync(false).await?;
        Ok(())
    }

    /// When each snoozed monitor's snooze ends.
    pub fn snoozes(&self) -> HashMap<MonitorId, DateTime<Utc>> {
        lock(&self.inner.state).snoozes.clone()
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
            .inner
            .store
            .blocking(move |s| s.add_maintenance(&monitors, start, duration, rrule.as_deref()))
            .await?;
        self.inner.sync(false).await?;
        Ok(id)
    }

    pub async fn remove_maintenance(&self, id: i64) -> Result<(), CommandError> {
        self.inner
            .store
            .blocking(move |s| s.remove_maintenance(id))
            .await?;
        self.inner.sync(false).await?;
        Ok(())
    }

    /// Runs a monitor definition once without saving it ("Test now").
    pub async fn test_spec(&self, spec: MonitorSpec) -> Result<CheckResult, CommandError> {
        let m = Monitor::try_from(spec).map_err(CommandError::Invalid)?;
        Ok(crate::monitor::check(&self.inner.prober, &m, self.inner.clock.now()).await)
    }

    /// "Simulate outage": drives the whole path (the DOWN rule, an incident, the notifications,
    /// recovery actions as a dry run) with synthetic failures, without touching the service,
    /// then recovers. Only on a monitor that is UP, so a real incident is never disturbed.
    /// Returns the simulated incident, if the rule opens one.
    pub async fn simulate_outage(&self, id: MonitorId) -> Result<Option<IncidentId>, CommandError> {
        Ok(self.inner.simulate(id).await?.incident)
    }

    /// [`Runtime::simulate_outage`], saying what it did.
    pub async fn simulate(&self, id: MonitorId) -> Result<Simulation, CommandError> {
        self.inner.simulate(id).await
    }

    /// logind's PrepareForSleep signal. `true`: the machine is about to suspend; failures from
    /// now until the resume are dropped (the network goes away with us). `false`: it resumed;
    /// the same as a wall-clock jump (a "no data" note on open incidents from the announced
    /// moment, one [`CoreEvent::Resumed`], failing monitors re-checked before they count).
    /// One sleep gives one `Resumed`, whichever of this and the clock detector sees it first.
    /// A `false` with no `true` before it (the announcement missed) is a resume all the same:
    /// the clocks give its length if they can, else it is a resume at this instant
    /// (`from == to`, no note); none at all if the clocks reported one in the last minute.
    /// A `true` never followed by a resume within a minute of awake time is dropped.
    pub async fn prepare_for_sleep(&self, going_to_sleep: bool) {
        self.inner.prepare_for_sleep(going_to_sleep).await;
    }

    /// Scheduling lateness so far: (p50, p99, samples). For benchmarks.
    pub fn lateness(&self) -> (Duration, Duration, u64) {
        let l = lock(&self.inner.lateness);
        (l.quantile(0.5), l.quantile(0.99), l.count)
    }

    /// Stops the monitor tasks, finishes processing what they reported, and flushes the store.
    /// Bounded to about 2 s.
    pub async fn shutdown(&self) {
        let _ = self.stop.send(true);
        self.inner
            .scheduler
            .lock()
            .await
            .shutdown(Duration::from_millis(1500))
            .await;
        let tasks: Vec<_> = std::mem::take(&mut *lock(&self.tasks));
        for t in tasks {
            // The result processor ends once the scheduler's senders are gone; the pollers on
            // the stop signal. None of them should take long, but never hang shutdown.
            let abort = t.abort_handle();
            if tokio::time::timeout(Duration::from_millis(400), t)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
        let store = self.inner.store.clone();
        let _ = tokio::task::spawn_blocking(move || store.flush()).await;
        // Another engine may start on this database now.
        drop(lock(&self.inner.engine_lock).take());
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn entry_state(e: &Entry) -> MonitorState {
    let m = &e.monitor;
    MonitorState {
        id: m.id,
        name: m.name.clone(),
        target: m.target.clone(),
        status: if m.paused {
            Status::Paused
        } else {
            e.engine.status
        },
        since: e.engine.since,
        last_check: e.last.as_ref().map(|r| r.at),
        latency_ms: e.last.as_ref().map(|r| r.latency.as_millis() as u64),
        reason: e
            .last
            .as_ref()
            .map(|r| r.reason.clone())
            .unwrap_or_default(),
        alert: if e.engine.down.triggered {
            Some(m.alerts.down.severity)
        } else if e.engine.degraded.triggered {
            Some(m.alerts.degraded.severity)
        } else {
            None
        },
    }
}

/// Closes drills left open by an engine that stopped mid-drill. Restored, one would read as an
/// outage in progress: its resolution would notify unlabelled and recovery actions would
/// treat the monitor as failing. It ends where the drill stopped, so its length stays the
/// drill's.
fn end_interrupted_drills(s: &Store, drills: Vec<Incident>) {
    for d in drills {
        let at = d.events.last().map_or(d.detected_at, |e| e.at);
        let ev = IncidentEvent {
            at,
            kind: IncidentEventKind::Resolved,
            message: "The drill was interrupted (Lookout stopped before it ended); closed when Lookout started again".into(),
        };
        if let Err(e) = s.resolve_incident(d.id, at, &ev) {
            tracing::warn!(incident = d.id.0, error = %e, "could not close an interrupted drill");
        }
    }
}

/// Recomputes the overall status; the change, if any, for the caller to emit after the
/// events that caused it. Called under the state lock, so a snapshot taken after any event
/// already shows the new overall status.
fn update_overall(st: &mut State) -> Option<CoreEvent> {
    let overall = if st.offline_since.is_some() {
        Status::Offline
    } else {
        Status::worst(st.entries.values().map(|e| entry_state(e).status))
    };
    let from = st.overall;
    st.overall = overall;
    (from != overall).then_some(CoreEvent::OverallChanged { from, to: overall })
}

impl Inner {
    async fn check_now(&self, id: MonitorId) {
        let monitor = lock(&self.state)
            .entries
            .get(&id)
            .map(|e| (*e.monitor).clone());
        if let Some(m) = monitor.filter(|m| !m.paused) {
            self.scheduler.lock().await.upsert(m, true);
        }
    }

    fn emit(&self, e: CoreEvent) {
        // No receivers is fine: a tray-only app with nothing listening yet.
        let _ = self.events.send(e);
    }

    /// Brings the running monitors in line with the store. `initial`: at start-up, restore
    /// state and let the grid spread first checks; later, new and changed monitors are
    /// checked at once.
    async fn sync(&self, initial: bool) -> Result<(), StoreError> {
        let _guard = self.sync_lock.lock().await;
        let now = self.clock.now();
        let only = self.opts.only;
        let (rev, monitors, restore, snoozes, maintenance, references) = self
            .store
            .blocking(move |s| {
                let rev = s.config_rev()?;
                let mut monitors = s.monitors()?;
                monitors.retain(|m| only.is_none_or(|id| m.id == id));
                let snoozes = s.snoozes(now)?;
                let maintenance = s.maintenances()?;
                let references = crate::connectivity::configured_references(s)?;
                let restore = if initial {
                    let open = s.incidents(&IncidentFilter {
                        open_only: true,
                        ..Default::default()
                    })?;
                    let (drills, open) = open.into_iter().partition(|i| i.simulated);
                    end_interrupted_drills(s, drills);
                    Some((s.states()?, open))
                } else {
                    None
                };
                Ok((rev, monitors, restore, snoozes, maintenance, references))
            })
            .await?;

        let mut changes: Vec<(Monitor, bool)> = Vec::new();
        let mut removed = Vec::new();
        let mut events = Vec::new();
        {
            let mut st = lock(&self.state);
            st.config_rev = Some(rev);
            st.snoozes = snoozes;
            st.maintenance = maintenance;
            let connectivity = effective_connectivity(self.opts.connectivity.as_ref(), references);
            if connectivity.as_ref().map(|c| &c.references)
                != st.connectivity.as_ref().map(|c| &c.references)
            {
                tracing::info!(
                    references = ?connectivity.as_ref().map(|c| &c.references),
                    "offline check: reference targets changed"
                );
            }
            st.connectivity = connectivity;
            let (states, open) = restore.unwrap_or_default();
            let states: HashMap<MonitorId, MonitorState> = states.into_iter().collect();
            let mut seen = std::collections::HashSet::new();
            for m in monitors {
                seen.insert(m.id);
                match st.entries.get_mut(&m.id) {
                    Some(e) if *e.monitor == m => {}
                    Some(e) => {
                        let resumed = e.monitor.paused && !m.paused;
                        if m.paused != e.monitor.paused {
                            let to = if m.paused {
                                Status::Paused
                            } else {
                                Status::Unknown
                            };
                            events.push(CoreEvent::StatusChanged {
                                monitor_id: m.id,
                                monitor: m.name.clone(),
                                from: entry_state(e).status,
                                to,
                                at: self.clock.now(),
                                reason: String::new(),
                            });
                            e.engine.status = to;
                            e.engine.since = Some(self.clock.now());
                        }
                        e.scheduled_since = tokio::time::Instant::now();
                        let probe_changed = e.monitor.probe != m.probe
                            || e.monitor.timeout != m.timeout
                            || e.monitor.interval != m.interval;
                        e.monitor = Arc::new(m.clone());
                        changes.push((m, resumed || probe_changed));
                    }
                    None => {
                        let mut entry = Entry {
                            monitor: Arc::new(m.clone()),
                            engine: MonitorEngine::default(),
                            incidents: HashMap::new(),
                            last: None,
                            scheduled_since: tokio::time::Instant::now(),
                            overdue: false,
                        };
                        if let Some(s) = states.get(&m.id) {
                            let opened: Vec<_> = open
                                .iter()
                                .filter(|i| i.monitor_id == m.id)
                                .map(|i| (i.rule, i.started_at))
                                .collect();
                            for i in open.iter().filter(|i| i.monitor_id == m.id) {
                                entry.incidents.insert(i.rule, i.id);
                            }
                            let status = if s.status == Status::Paused {
                                Status::Unknown
                            } else {
                                s.status
                            };
                            entry.engine = MonitorEngine::restore(status, s.since, &opened);
                            if let (Some(at), Some(ms)) = (s.last_check, s.latency_ms) {
                                entry.last = Some(CheckResult {
                                    at,
                                    status: s.status,
                                    latency: Duration::from_millis(ms),
                                    reason: s.reason.clone(),
                                    details: serde_json::Value::Null,
                                });
                            }
                        }
                        st.entries.insert(m.id, entry);
                        changes.push((m, !initial));
                    }
                }
            }
            st.entries.retain(|id, _| {
                let keep = seen.contains(id);
                if !keep {
                    removed.push(*id);
                }
                keep
            });
            events.extend(update_overall(&mut st));
            self.prober.push_board().set_tokens(
                st.entries
                    .values()
                    .filter(|e| !e.monitor.paused)
                    .filter_map(|e| match &e.monitor.probe {
                        crate::probe::ProbeConfig::Push(p) => Some((p.token.clone(), e.monitor.id)),
                        _ => None,
                    })
                    .collect(),
                self.clock.now(),
            );
        }
        let changed = !changes.is_empty() || !removed.is_empty();
        {
            let mut sched = self.scheduler.lock().await;
            for id in removed {
                sched.remove(id);
            }
            for (m, check_now) in changes {
                sched.upsert(m, check_now);
            }
        }
        for e in events {
            self.emit(e);
        }
        if changed && !initial {
            self.emit(CoreEvent::MonitorsChanged);
        }
        Ok(())
    }

    /// Feeds one result through the threshold engine and acts on what it caused.
    async fn on_result(self: &Arc<Self>, done: Completed) {
        // A result that arrives just after a resume must see it before it can alert.
        self.detect_sleep().await;
        lock(&self.lateness).record(done.lateness);
        if self.settle(&done) {
            return;
        }
        self.judge(done, Source::Check).await;
    }

    /// Judges one result: threshold engine, incidents, events.
    async fn judge(self: &Arc<Self>, done: Completed, source: Source) {
        let real = source == Source::Check;
        if real && self.offline_explains(&done).await {
            // The gap is stored as unknown: neither uptime nor downtime.
            let mut held = done.result;
            held.reason = format!("offline: {}", held.reason);
            held.status = Status::Unknown;
            self.store.record_check(done.monitor, &held);
            return;
        }
        let Completed {
            monitor: id,
            result,
            ..
        } = done;
        let mut result = result;
        let (monitor, transitions, overall, quiet) = {
            let mut st = lock(&self.state);
            let at = result.at;
            let in_maintenance = st
                .maintenance
                .iter()
                .any(|w| w.covers(id) && w.active_at(at));
            let snoozed = st.snoozes.get(&id).is_some_and(|until| *until > at);
            let Some(e) = st.entries.get_mut(&id) else {
                return; // removed while the check ran
            };
            if e.monitor.paused {
                return;
            }
            let t = if in_maintenance {
                // Stored as maintenance, so the window never counts as downtime.
                result.status = Status::Maintenance;
                e.engine.hold(Status::Maintenance, at, &result.reason)
            } else {
                let sample = Sample {
                    at,
                    status: result.status,
                    reason: result.reason.clone(),
                };
                e.engine.step(&e.monitor.alerts, &sample)
            };
            if real {
                e.last = Some(result.clone());
                e.overdue = false;
                e.scheduled_since = tokio::time::Instant::now();
            }
            let monitor = e.monitor.clone();
            (monitor, t, update_overall(&mut st), snoozed)
        };
        if real {
            self.store.record_check(id, &result);
            self.emit(CoreEvent::CheckCompleted {
                monitor_id: id,
                monitor: monitor.name.clone(),
                result,
            });
        }
        for t in transitions {
            self.apply(&monitor, t, quiet, source).await;
        }
        if let Some(e) = overall {
            self.emit(e);
        }
    }

    fn incident_of(&self, id: MonitorId, rule: RuleKind) -> Option<IncidentId> {
        lock(&self.state)
            .entries
            .get(&id)
            .and_then(|e| e.incidents.get(&rule).copied())
    }

    /// Acts on one transition. `quiet` (a snoozed monitor): incidents are still recorded, but
    /// no alert event goes out, so nothing notifies. `source`: a drill's incident is marked
    /// simulated, so no figure counts it.
    async fn apply(self: &Arc<Self>, m: &Monitor, t: Transition, quiet: bool, source: Source) {
        let alert = |e: CoreEvent, at: DateTime<Utc>| {
            if quiet {
                return;
            }
            if source == Source::Drill {
                // A drill's alerts bypass the flap cap and leave it untouched: two drills
                // must not use up the alerts a real outage right after them is owed.
                self.emit(e);
            } else {
                self.alert(m, e, at);
            }
        };
        match t {
            Transition::StatusChanged {
                from,
                to,
                at,
                reason,
            } => self.emit(CoreEvent::StatusChanged {
                monitor_id: m.id,
                monitor: m.name.clone(),
                from,
                to,
                at,
                reason,
            }),
            Transition::Triggered {
                rule,
                severity,
                create_incident,
                failures,
                threshold,
                first_failure_at,
                first_failure_reason,
                at,
                reason,
            } => {
                if rule == RuleKind::Down && self.hold_for_parent(m, at, &reason).await {
                    return;
                }
                let mut incident = None;
                if create_incident {
                    let new = NewIncident {
                        monitor_id: m.id,
                        monitor: m.name.clone(),
                        title: format!("{} is {}", m.name, rule.status()),
                        rule,
                        severity,
                        started_at: first_failure_at,
                        detected_at: at,
                        failures,
                        failure_threshold: threshold,
                        simulated: source == Source::Drill,
                        events: vec![
                            IncidentEvent {
                                at: first_failure_at,
                                kind: IncidentEventKind::FirstFailure,
                                message: format!("First failed check: {first_failure_reason}"),
                            },
                            IncidentEvent {
                                at,
                                kind: IncidentEventKind::Triggered,
                                message: format!(
                                    "{} rule triggered after {failures} failed check{} (failure threshold {threshold}): {reason}",
                                    rule.status(),
                                    if failures == 1 { "" } else { "s" },
                                ),
                            },
                        ],
                    };
                    match self.store.blocking(move |s| s.open_incident(&new)).await {
                        Ok(id) => {
                            incident = Some(id);
                            if let Some(e) = lock(&self.state).entries.get_mut(&m.id) {
                                e.incidents.insert(rule, id);
                            }
                            self.emit(CoreEvent::IncidentOpened {
                                monitor_id: m.id,
                                monitor: m.name.clone(),
                                incident: id,
                                severity,
                                title: format!("{} is {}", m.name, rule.status()),
                                started_at: first_failure_at,
                            });
                        }
                        Err(e) => {
                            tracing::error!(monitor = %m.name, error = %e, "could not open incident")
                        }
                    }
                }
                alert(
                    CoreEvent::AlertTriggered {
                        monitor_id: m.id,
                        monitor: m.name.clone(),
                        rule,
                        severity,
                        incident,
                        reason,
                        since: first_failure_at,
                        at,
                        failures,
                        threshold,
                    },
                    at,
                );
            }
            Transition::Reminder {
                rule,
                severity,
                first_failure_at,
                at,
                reason,
            } => {
                let incident = self.incident_of(m.id, rule);
                if let Some(id) = incident {
                    let ev = IncidentEvent {
                        at,
                        kind: IncidentEventKind::Reminder,
                        message: format!(
                            "Still {} after {}: {reason}",
                            rule.status(),
                            human_secs((at - first_failure_at).num_seconds())
                        ),
                    };
                    if let Err(e) = self
                        .store
                        .blocking(move |s| s.add_incident_event(id, &ev))
                        .await
                    {
                        tracing::error!(monitor = %m.name, error = %e, "could not record reminder");
                    }
                }
                alert(
                    CoreEvent::AlertReminder {
                        monitor_id: m.id,
                        monitor: m.name.clone(),
                        rule,
                        severity,
                        incident,
                        reason,
                        since: first_failure_at,
                        at,
                    },
                    at,
                );
            }
            Transition::Resolved {
                rule,
                severity,
                first_failure_at,
                recovered_at,
                at,
                successes,
                ..
            } => {
                if rule == RuleKind::Down && lock(&self.state).held.remove(&m.id) {
                    // Its DOWN was never announced (the parent's was): nothing to resolve.
                    return;
                }
                let duration_s = (recovered_at - first_failure_at).num_seconds().max(0);
                let incident = lock(&self.state)
                    .entries
                    .get_mut(&m.id)
                    .and_then(|e| e.incidents.remove(&rule));
                alert(
                    CoreEvent::AlertResolved {
                        monitor_id: m.id,
                        monitor: m.name.clone(),
                        rule,
                        severity,
                        incident,
                        since: first_failure_at,
                        at,
                        duration_s,
                    },
                    at,
                );
                if rule == RuleKind::Down {
                    Box::pin(self.release_children(m, at)).await;
                }
                if let Some(id) = incident {
                    let ev = IncidentEvent {
                        at,
                        kind: IncidentEventKind::Resolved,
                        message: format!(
                            "Resolved after {successes} successful check{}; {} for {}",
                            if successes == 1 { "" } else { "s" },
                            rule.status(),
                            human_secs(duration_s)
                        ),
                    };
                    match self
                        .store
                        .blocking(move |s| s.resolve_incident(id, recovered_at, &ev))
                        .await
                    {
                        Ok(()) => self.emit(CoreEvent::IncidentResolved {
                            monitor_id: m.id,
                            monitor: m.name.clone(),
                            incident: id,
                            resolved_at: recovered_at,
                            duration_s,
                        }),
                        Err(e) => {
                            tracing::error!(monitor = %m.name, error = %e, "could not resolve incident")
                        }
                    }
                }
            }
        }
    }
}

impl Inner {
    /// See [`Runtime::simulate_outage`].
    async fn simulate(self: &Arc<Self>, id: MonitorId) -> Result<Simulation, CommandError> {
        let inner = self;
        let (m, status) = {
            let st = lock(&inner.state);
            let e = st
                .entries
                .get(&id)
                .ok_or_else(|| CommandError::NotFound(format!("monitor {id}")))?;
            (e.monitor.clone(), entry_state(e).status)
        };
        if status != Status::Up {
            return Err(CommandError::Invalid(ConfigError {
                monitor: Some(m.name.clone()),
                errors: vec![FieldError::new(
                    "status",
                    format!(
                        "{} is {status}; simulate an outage on a monitor that is UP",
                        m.name
                    ),
                )],
            }));
        }
        // What went out is read back off the event channel: the alerts pass through the
        // snooze, the parent hold and the flap cap, which decide that on the way.
        let mut heard = inner.events.subscribe();
        inner.emit(CoreEvent::SimulationStarted {
            monitor_id: id,
            monitor: m.name.clone(),
        });
        let sample = |status: Status, reason: &str| Completed {
            monitor: id,
            result: CheckResult {
                at: inner.clock.now(),
                status,
                latency: Duration::ZERO,
                reason: reason.to_string(),
                details: serde_json::Value::Null,
            },
            lateness: Duration::ZERO,
        };
        let reason = "simulated outage (self-test; the service was not touched)";
        for _ in 0..m.alerts.down.failure_threshold {
            inner
                .judge(sample(Status::Down, reason), Source::Drill)
                .await;
        }
        let incident = lock(&inner.state)
            .entries
            .get(&id)
            .and_then(|e| e.incidents.get(&RuleKind::Down).copied());
        if let Some(inc) = incident {
            let ev = IncidentEvent {
                at: inner.clock.now(),
                kind: IncidentEventKind::Note,
                message: DRILL_NOTE.into(),
            };
            // Not `?`: the drill must still end (and say so), or the action dispatcher would
            // keep ignoring this monitor as if a drill were still going on.
            if let Err(e) = inner
                .store
                .blocking(move |s| s.add_incident_event(inc, &ev))
                .await
            {
                tracing::error!(error = %e, incident = %inc, "could not mark the drill on its incident");
            }
        }
        for _ in 0..m.alerts.down.success_threshold {
            inner.judge(sample(Status::Up, ""), Source::Drill).await;
        }
        inner.emit(CoreEvent::SimulationEnded {
            monitor_id: id,
            monitor: m.name.clone(),
            incident,
        });
        let (mut alerted, mut resolved) = (false, false);
        loop {
            match heard.try_recv() {
                Ok(CoreEvent::AlertTriggered { monitor_id, .. }) if monitor_id == id => {
                    alerted = true
                }
                Ok(CoreEvent::AlertResolved { monitor_id, .. }) if monitor_id == id => {
                    resolved = true
                }
                Ok(CoreEvent::SimulationEnded { monitor_id, .. }) if monitor_id == id => break,
                Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) => {}
                Err(_) => break,
            }
        }
        Ok(Simulation {
            monitor_id: id,
            monitor: m.name.clone(),
            incident,
            alerted,
            resolved,
        })
    }
}

impl Inner {
    /// Sends an alert event through the flap cap: at most `flap_max` per monitor within
    /// `flap_window` (the monitor's own, else the runtime's), then one `flapping` event and
    /// silence until it settles.
    fn alert(&self, m: &Monitor, e: CoreEvent, at: DateTime<Utc>) {
        let flap_max = m.flap_max.map_or(self.opts.flap_max, |n| n as usize);
        let flap_window = m.flap_window.unwrap_or(self.opts.flap_window);
        let window = chrono::Duration::from_std(flap_window).unwrap_or_default();
        let flapping = {
            let mut st = lock(&self.state);
            let (sent, flapping) = st.flaps.entry(m.id).or_default();
            while sent.front().is_some_and(|t| *t <= at - window) {
                sent.pop_front();
            }
            if sent.len() < flap_max {
                sent.push_back(at);
                *flapping = false;
                None
            } else if *flapping {
                Some(None)
            } else {
                *flapping = true;
                Some(Some(sent.len()))
            }
        };
        match flapping {
            None => self.emit(e),
            Some(Some(notifications)) => self.emit(CoreEvent::Flapping {
                monitor_id: m.id,
                monitor: m.name.clone(),
                notifications,
                window_s: flap_window.as_secs(),
                at,
            }),
            Some(None) => {}
        }
    }

    /// If `m` depends on a monitor that is DOWN, holds its DOWN alert (no incident, no
    /// notification) and names it in the parent's incident. Returns whether it was held.
    async fn hold_for_parent(&self, m: &Monitor, at: DateTime<Utc>, reason: &str) -> bool {
        let Some(parent) = &m.depends_on else {
            return false;
        };
        let parent_incident = {
            let mut st = lock(&self.state);
            let Some(p) = st.entries.values().find(|e| &e.monitor.name == parent) else {
                return false;
            };
            if entry_state(p).status != Status::Down {
                return false;
            }
            let incident = p.incidents.get(&RuleKind::Down).copied();
            st.held.insert(m.id);
            incident
        };
        if let Some(id) = parent_incident {
            let ev = IncidentEvent {
                at,
                kind: IncidentEventKind::Note,
                message: format!(
                    "{} is DOWN too ({reason}); its alert is held while {parent} is DOWN",
                    m.name
                ),
            };
            if let Err(e) = self
                .store
                .blocking(move |s| s.add_incident_event(id, &ev))
                .await
            {
                tracing::warn!(error = %e, "could not name a dependent monitor on its parent's incident");
            }
        }
        true
    }

    /// The parent is back: children still DOWN now alert on their own.
    async fn release_children(self: &Arc<Self>, parent: &Monitor, at: DateTime<Utc>) {
        let children: Vec<(Arc<Monitor>, Transition)> = {
            let mut st = lock(&self.state);
            let ids: Vec<MonitorId> = st
                .entries
                .values()
                .filter(|e| e.monitor.depends_on.as_deref() == Some(parent.name.as_str()))
                .map(|e| e.monitor.id)
                .filter(|id| st.held.contains(id))
                .collect();
            ids.into_iter()
                .filter_map(|id| {
                    st.held.remove(&id);
                    let e = st.entries.get(&id)?;
                    let r = &e.engine.down;
                    let rule = &e.monitor.alerts.down;
                    r.triggered.then(|| {
                        (
                            e.monitor.clone(),
                            Transition::Triggered {
                                rule: RuleKind::Down,
                                severity: rule.severity,
                                create_incident: rule.create_incident,
                                failures: r.failures,
                                threshold: rule.failure_threshold,
                                first_failure_at: r.first_failure_at.unwrap_or(at),
                                first_failure_reason: r.first_failure_reason.clone(),
                                at,
                                reason: e
                                    .last
                                    .as_ref()
                                    .map(|l| l.reason.clone())
                                    .unwrap_or_default(),
                            },
                        )
                    })
                })
                .collect()
        };
        for (child, t) in children {
            let quiet = lock(&self.state)
                .snoozes
                .get(&child.id)
                .is_some_and(|u| *u > at);
            // The child's own checks keep it DOWN: a real outage, even when the parent's
            // outage was a drill.
            self.apply(&child, t, quiet, Source::Check).await;
        }
    }
}

/// `1m 3s`
pub fn human_secs(s: i64) -> String {
    format_duration(Duration::from_secs(s.max(0) as u64))
}

impl Inner {
    /// Compares the clocks; on a jump, records the gap and starts the post-resume re-checks.
    async fn detect_sleep(self: &Arc<Self>) {
        let (from, to) = {
            let mut w = lock(&self.sleep);
            let (wall, mono) = (self.clock.now(), tokio::time::Instant::now());
            match w.clock_gap(wall, mono, self.opts.sleep_threshold) {
                Some((from, to)) => {
                    w.last_resume = Some(mono);
                    match w.pending.take() {
                        // logind said when the sleep began: closer than our last reading.
                        Some((announced, _)) => {
                            w.wake_signal_due = true;
                            (announced, to)
                        }
                        None => (from, to),
                    }
                }
                None => {
                    if w.pending
                        .is_some_and(|(_, since)| mono - since > SLEEP_PENDING_MAX)
                    {
                        w.pending = None;
                        tracing::warn!(
                            "the announced suspend never happened; failures count again"
                        );
                    }
                    return;
                }
            }
        };
        self.resumed(from, to).await;
    }

    /// logind's PrepareForSleep: see [`Runtime::prepare_for_sleep`].
    async fn prepare_for_sleep(self: &Arc<Self>, going_to_sleep: bool) {
        let (wall, mono) = (self.clock.now(), tokio::time::Instant::now());
        let (from, to) = {
            let mut w = lock(&self.sleep);
            if going_to_sleep {
                // A repeated announcement keeps the first moment: the sleep began then.
                w.pending.get_or_insert((wall, mono));
                w.wake_signal_due = false;
                tracing::info!("about to sleep; failures are held until the resume");
                return;
            }
            if std::mem::take(&mut w.wake_signal_due) {
                return;
            }
            match w.pending.take() {
                Some((announced, _)) => {
                    // The clocks' next reading starts from here, so the detector does not
                    // report this sleep a second time.
                    w.wall = wall;
                    w.mono = mono;
                    w.last_resume = Some(mono);
                    (announced, wall)
                }
                None => {
                    if w.last_resume.is_some_and(|t| mono - t < RESUME_DEDUPE) {
                        return;
                    }
                    // We missed the announcement (started during the suspend, or the signal
                    // was lost): the clocks may still tell the gap; if not, the resume is
                    // real but its length unknown, so it is a resume at this instant.
                    let gap = w
                        .clock_gap(wall, mono, self.opts.sleep_threshold)
                        .unwrap_or((wall, wall));
                    w.last_resume = Some(mono);
                    gap
                }
            }
        };
        self.resumed(from, to).await;
    }

    /// The machine is back from a sleep that began at `from`: notes the gap on open incidents
    /// (unless its length is unknown), says `Resumed` once, and re-checks every monitor a
    /// little later, holding failures until the network is back.
    async fn resumed(self: &Arc<Self>, from: DateTime<Utc>, to: DateTime<Utc>) {
        lock(&self.sleep).settling = lock(&self.state)
            .entries
            .values()
            .filter(|e| !e.monitor.paused)
            .map(|e| (e.monitor.id, RESUME_RECHECKS))
            .collect();
        let slept_s = (to - from).num_seconds().max(0);
        tracing::info!(%from, %to, slept_s, "resumed from sleep; re-checking every monitor");
        let open: Vec<IncidentId> = if to > from {
            lock(&self.state)
                .entries
                .values()
                .flat_map(|e| e.incidents.values().copied())
                .collect()
        } else {
            Vec::new()
        };
        for id in open {
            let ev = IncidentEvent {
                at: to,
                kind: IncidentEventKind::Note,
                message: format!(
                    "Lookout was asleep for {} ({from} to {to}): no data for that time",
                    human_secs(slept_s)
                ),
            };
            if let Err(e) = self
                .store
                .blocking(move |s| s.add_incident_event(id, &ev))
                .await
            {
                tracing::warn!(error = %e, "could not note the sleep on an incident");
            }
        }
        self.emit(CoreEvent::Resumed { from, to, slept_s });
        let inner = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(inner.opts.resume_settle).await;
            let ids: Vec<MonitorId> = lock(&inner.sleep).settling.keys().copied().collect();
            for id in ids {
                inner.check_now(id).await;
            }
        });
    }

    /// After a resume, a failing result is held (the network may still be coming up) and the
    /// monitor re-checked a little later, a few times, before a failure may count; between an
    /// announced suspend and the resume, it is dropped. Returns whether the result was held.
    fn settle(self: &Arc<Self>, done: &Completed) -> bool {
        let mut w = lock(&self.sleep);
        if w.pending.is_some() {
            // About to suspend: the network goes away with us. Dropped rather than re-checked:
            // the resume re-checks every monitor.
            return done.result.status != Status::Up;
        }
        let Some(left) = w.settling.get_mut(&done.monitor) else {
            return false;
        };
        if done.result.status == Status::Up || *left == 0 {
            w.settling.remove(&done.monitor);
            return false;
        }
        *left -= 1;
        drop(w);
        let (inner, id) = (self.clone(), done.monitor);
        tokio::spawn(async move {
            tokio::time::sleep(inner.opts.resume_settle).await;
            inner.check_now(id).await;
        });
        true
    }
}

impl Inner {
    /// Whether this failing result is explained by the machine being offline. Every failure of
    /// a remote service while we believe we're online asks the connectivity check (the
    /// references answer in a round trip when the network is fine); finding the machine
    /// offline starts watching for its return.
    async fn offline_explains(self: &Arc<Self>, done: &Completed) -> bool {
        let Some(conn) = lock(&self.state).connectivity.clone() else {
            return false;
        };
        if matches!(
            done.result.status,
            Status::Up | Status::Unknown | Status::Maintenance
        ) {
            return false;
        }
        let probe_is_local = {
            let st = lock(&self.state);
            if st.offline_since.is_some() {
                return true;
            }
            st.entries
                .get(&done.monitor)
                .is_none_or(|e| is_local(&e.monitor.probe))
        };
        if probe_is_local {
            return false;
        }
        let reason = match conn.check().await {
            Reachability::Online => return false,
            Reachability::Offline(reason) => reason,
        };
        let at = self.clock.now();
        let overall = {
            let mut st = lock(&self.state);
            st.offline_since = Some(at);
            update_overall(&mut st)
        };
        tracing::warn!(%reason, "this machine is offline; failures are not judged until it is back");
        self.emit(CoreEvent::ConnectivityChanged {
            online: false,
            at,
            reason,
        });
        if let Some(e) = overall {
            self.emit(e);
        }
        tokio::spawn(watch_reconnect(self.clone()));
        true
    }
}

/// [`RuntimeOptions::connectivity`] with the user's references, where set, in place of its own.
fn effective_connectivity(
    opts: Option<&Connectivity>,
    configured: Option<Vec<String>>,
) -> Option<Connectivity> {
    let mut conn = opts?.clone();
    if let Some(references) = configured {
        conn.references = references;
    }
    Some(conn)
}

/// While offline, asks every few seconds; once back, says so and checks every monitor at once,
/// so only real outages alert. Each time with the check in force then: a user who finds Lookout
/// stuck offline on a closed network and sets references that answer gets it back at once.
async fn watch_reconnect(inner: Arc<Inner>) {
    loop {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let conn = lock(&inner.state).connectivity.clone();
        if let Some(conn) = conn {
            if conn.check().await != Reachability::Online {
                continue;
            }
        }
        let at = inner.clock.now();
        let (overall, ids) = {
            let mut st = lock(&inner.state);
            st.offline_since = None;
            let ids: Vec<MonitorId> = st.entries.keys().copied().collect();
            (update_overall(&mut st), ids)
        };
        tracing::info!("back online; re-checking every monitor");
        inner.emit(CoreEvent::ConnectivityChanged {
            online: true,
            at,
            reason: String::new(),
        });
        if let Some(e) = overall {
            inner.emit(e);
        }
        for id in ids {
            inner.check_now(id).await;
        }
        return;
    }
}

/// Notices a monitor overdue by more than two intervals (a stalled process, a saturated check
/// budget) and says so once, until its next result.
async fn watchdog(inner: Arc<Inner>, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => return,
        }
        let now = tokio::time::Instant::now();
        let late: Vec<CoreEvent> = {
            let mut st = lock(&inner.state);
            st.entries
                .values_mut()
                .filter(|e| !e.monitor.paused && !e.overdue)
                .filter(|e| now - e.scheduled_since > e.monitor.interval * 2)
                .map(|e| {
                    e.overdue = true;
                    CoreEvent::Overdue {
                        monitor_id: e.monitor.id,
                        monitor: e.monitor.name.clone(),
                        last_check: e.last.as_ref().map(|r| r.at),
                        interval_s: e.monitor.interval.as_secs(),
                        at: inner.clock.now(),
                    }
                })
                .collect()
        };
        for e in late {
            if let CoreEvent::Overdue { monitor, .. } = &e {
                tracing::warn!(%monitor, "monitor is overdue by more than two intervals");
            }
            inner.emit(e);
        }
    }
}

/// Compares the clocks every `sleep_check`, so a sleep is noticed even with no check due.
async fn watch_sleep(inner: Arc<Inner>, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(inner.opts.sleep_check);
    loop {
        tokio::select! {
            _ = tick.tick() => inner.detect_sleep().await,
            _ = stop.changed() => return,
        }
    }
}

async fn process_results(inner: Arc<Inner>, mut rx: mpsc::Receiver<Completed>) {
    while let Some(done) = rx.recv().await {
        inner.on_result(done).await;
    }
}

/// Binds the heartbeat listener. An explicitly asked-for port that can't be had is an error; the
/// default port being taken (say, by another Lookout on another data dir) only turns heartbeats
/// off, with a warning.
async fn bind_push(
    store: &Store,
    asked: Option<u16>,
) -> Result<Option<tokio::net::TcpListener>, RuntimeError> {
    let port = match asked {
        Some(p) => p,
        None => store.blocking(configured_push_port).await?,
    };
    match crate::push_server::bind(port).await {
        Ok(l) => {
            let bound = l.local_addr().map(|a| a.port()).unwrap_or(port);
            if asked.is_some() {
                store
                    .blocking(move |s| s.set_setting(PUSH_PORT, &bound.to_string()))
                    .await?;
            }
            Ok(Some(l))
        }
        Err(error) if asked.is_some() => Err(RuntimeError::PushListen { port, error }),
        Err(error) => {
            tracing::warn!(port, %error, "heartbeat listener off: the port is taken");
            Ok(None)
        }
    }
}

/// A push arrived: check that heartbeat monitor now rather than at its next slot.
async fn check_pushed(inner: Arc<Inner>, mut rx: mpsc::UnboundedReceiver<MonitorId>) {
    while let Some(id) = rx.recv().await {
        let monitor = lock(&inner.state)
            .entries
            .get(&id)
            .map(|e| (*e.monitor).clone());
        if let Some(m) = monitor.filter(|m| !m.paused) {
            inner.scheduler.lock().await.upsert(m, true);
        }
    }
}

async fn poll_config(inner: Arc<Inner>, every: Duration, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => return,
        }
        let known = lock(&inner.state).config_rev;
        match inner
            .store
            .blocking(|s| Ok((s.config_rev()?, s.has_pending_requests()?)))
            .await
        {
            Ok((rev, requests)) => {
                if Some(rev) != known {
                    if let Err(e) = inner.sync(false).await {
                        tracing::warn!(error = %e, "could not reload monitors");
                    }
                }
                if requests {
                    inner.answer_requests().await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not read the configuration revision"),
        }
    }
}

/// Retention and rollup upkeep: once at start, then hourly.
async fn upkeep(inner: Arc<Inner>, raw_days: u32, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => return,
        }
        let now = inner.clock.now();
        if let Err(e) = inner
            .store
            .blocking(move |s| s.run_retention(now, raw_days))
            .await
        {
            tracing::warn!(error = %e, "retention failed");
        }
    }
}

/// A log-scale histogram of scheduling lateness (microseconds), for benchmarks.
#[derive(Default)]
struct Lateness {
    buckets: [u64; 32],
    count: u64,
}

impl Lateness {
    /// Bucket `i` holds values below `2^(i/2)` µs: half-octave resolution is plenty.
    fn record(&mut self, d: Duration) {
        let us = d.as_micros().max(1) as f64;
        let i = ((us.log2() * 2.0).ceil() as usize).min(31);
        self.buckets[i] += 1;
        self.count += 1;
    }

    fn quantile(&self, q: f64) -> Duration {
        let want = (self.count as f64 * q).ceil() as u64;
        let mut seen = 0;
        for (i, n) in self.buckets.iter().enumerate() {
            seen += n;
            if seen >= want.max(1) {
                return Duration::from_micros(2f64.powf(i as f64 / 2.0) as u64);
            }
        }
        Duration::ZERO
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_replaces_the_references_but_never_turns_a_disabled_check_on() {
        let base = Connectivity {
            references: vec!["10.0.0.1:53".into()],
            check_routes: false,
        };
        let set = || Some(vec!["10.9.9.9:53".to_string(), "10.9.9.8:53".to_string()]);
        let c = effective_connectivity(Some(&base), set()).unwrap();
        assert_eq!(c.references, set().unwrap());
        assert!(!c.check_routes, "the options' route check is kept");
        assert_eq!(
            effective_connectivity(Some(&base), None)
                .unwrap()
                .references,
            base.references
        );
        // `none`: only the route check.
        let off = effective_connectivity(Some(&base), Some(Vec::new())).unwrap();
        assert!(off.references.is_empty());
        // RuntimeOptions::connectivity = None (tests) stays off.
        assert!(effective_connectivity(None, set()).is_none());
    }
}
