//! The engine loop: one task that owns the engine's state and is fed check results, commands
//! and its own timers over channels.
//!
//! Everything that changes what the engine knows (a result judged, a sync with the store, a
//! drill, a sleep, a timer) runs here, one at a time, so no lock guards the engine's state and
//! no two changes interleave. The shells read the [`Board`] (the only shared state, written
//! only here). Work that must not hold the loop up (the heartbeat listener, the reconnect
//! watch) runs on tasks the loop owns in a [`JoinSet`] and reports back over a channel.
//!
//! On the stop signal the loop finishes the input it is applying (a result is applied or
//! dropped whole, never half), takes no other, stops the monitor tasks (no check starts after
//! shutdown began), stops its own tasks, and flushes the store.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::board::Board;
use super::options::RuntimeOptions;
use super::Simulation;
use crate::clock::Clock;
use crate::command::CommandError;
use crate::connectivity::Connectivity;
use crate::engine::MonitorEngine;
use crate::events::CoreEvent;
use crate::fault::caught;
use crate::maintenance::Maintenance;
use crate::model::{IncidentId, MonitorId, MonitorState, RuleKind, Status};
use crate::monitor::Monitor;
use crate::policy::flap::FlapCap;
use crate::policy::hold::ParentHolds;
use crate::policy::offline::OfflineWatch;
use crate::policy::sleep::SleepWatch;
use crate::probe::Prober;
use crate::scheduler::{Completed, Scheduler};
use crate::storage::{FileStamp, Store, StoreError};

/// What the runtime handle and the loop share.
pub(super) struct Ctx {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub prober: Prober,
    pub events: super::bus::Bus,
    pub board: Mutex<Board>,
    pub opts: RuntimeOptions,
    pub push_addr: Option<std::net::SocketAddr>,
}

impl Ctx {
    pub fn emit(&self, e: CoreEvent) {
        self.events.send(e);
    }

    /// A caught panic (see [`crate::fault`]): logged and published as `engine_fault`.
    pub fn fault(&self, task: &str, message: String) {
        tracing::error!(task, %message, "Lookout's own task panicked; it goes on");
        self.emit(CoreEvent::EngineFault {
            task: task.to_string(),
            message,
            at: self.clock.now(),
        });
    }

    pub fn board(&self) -> std::sync::MutexGuard<'_, Board> {
        self.board.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A command for the loop, with where to answer.
pub(super) enum Command {
    /// Bring the running monitors in line with the store.
    Sync(oneshot::Sender<Result<(), StoreError>>),
    /// Check a monitor at once; answers whether it exists.
    CheckNow(MonitorId, oneshot::Sender<bool>),
    Simulate(MonitorId, oneshot::Sender<Result<Simulation, CommandError>>),
    /// logind's PrepareForSleep.
    Sleep(bool, oneshot::Sender<()>),
    /// From the reconnect watch: the network is back.
    Reconnected,
    /// The database files changed (see `files_watch`): read the configuration revision.
    FilesChanged,
}

/// Something the loop does later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Timer {
    /// Config poll, watchdog and clock reading, once per `config_poll`.
    Housekeeping,
    /// Retention and rollups.
    Upkeep,
    /// Re-check one monitor (after a resume).
    Recheck(MonitorId),
    /// Re-check every monitor still settling after a resume.
    RecheckSettling,
    /// The earliest snooze may have run out.
    SnoozeEnds,
    /// A flapping monitor's folded incident may have settled.
    FlapSettles(MonitorId),
    /// Incident writes wait for the database: try them again.
    RetryWrites,
}

/// The loop's timers, earliest first. A timer that is no longer wanted when it fires does
/// nothing (each handler looks at the state as it is then).
#[derive(Default)]
pub(super) struct Timers {
    due: BTreeMap<(Instant, u64), Timer>,
    seq: u64,
}

impl Timers {
    pub fn at(&mut self, when: Instant, t: Timer) {
        self.seq += 1;
        self.due.insert((when, self.seq), t);
    }

    /// A wait past what an `Instant` holds never ends: no timer.
    pub fn after(&mut self, wait: Duration, t: Timer) {
        if let Some(when) = Instant::now().checked_add(wait) {
            self.at(when, t);
        }
    }

    /// At the monotonic instant of wall-clock time `at` (as the runtime's clock sees it).
    pub fn at_wall(&mut self, clock: &dyn Clock, at: DateTime<Utc>, t: Timer) {
        let wait = (at - clock.now()).to_std().unwrap_or_default();
        // Far futures (a snooze "forever") need no timer.
        if wait < Duration::from_secs(366 * 24 * 3600) {
            self.after(wait, t);
        }
    }

    fn next(&self) -> Option<Instant> {
        self.due.keys().next().map(|(at, _)| *at)
    }

    fn pop_due(&mut self, now: Instant) -> Vec<Timer> {
        let later = self.due.split_off(&(now, u64::MAX));
        std::mem::replace(&mut self.due, later)
            .into_values()
            .collect()
    }
}

/// One monitor as the engine tracks it.
pub(super) struct Entry {
    pub monitor: Arc<Monitor>,
    pub engine: MonitorEngine,
    /// Open incidents by rule, so a resolving rule resolves its incident.
    pub incidents: HashMap<RuleKind, IncidentId>,
    /// When this runtime started scheduling it (or last heard from it): the watchdog's baseline.
    pub scheduled_since: Instant,
    /// The watchdog has said it is overdue; cleared by its next result.
    pub overdue: bool,
    pub flap: FlapCap,
    /// From the last check before Lookout stopped to the start, when an incident was open
    /// then: its resolution does not count this as downtime.
    pub absent: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

impl Entry {
    /// What the shells see of it.
    pub fn status(&self) -> Status {
        if self.monitor.paused {
            Status::Paused
        } else {
            self.engine.status
        }
    }

    pub fn alert(&self) -> Option<crate::model::Severity> {
        if self.engine.down.triggered {
            Some(self.monitor.alerts.down.severity)
        } else if self.engine.degraded.triggered {
            Some(self.monitor.alerts.degraded.severity)
        } else {
            None
        }
    }

    /// A fresh board state for this monitor, keeping what the board knew of its last check.
    pub fn state(&self, last: Option<&MonitorState>) -> MonitorState {
        let m = &self.monitor;
        MonitorState {
            id: m.id,
            name: m.name.clone(),
            target: m.target.clone(),
            status: self.status(),
            since: self.engine.since,
            last_check: last.and_then(|s| s.last_check),
            latency_ms: last.and_then(|s| s.latency_ms),
            reason: last.map(|s| s.reason.clone()).unwrap_or_default(),
            alert: self.alert(),
        }
    }
}

/// The engine: everything the loop owns.
pub(super) struct Engine {
    pub ctx: Arc<Ctx>,
    pub scheduler: Scheduler<Prober>,
    pub entries: HashMap<MonitorId, Entry>,
    /// Monitors by name, for `depends_on`.
    pub by_name: HashMap<String, MonitorId>,
    pub config_rev: Option<i64>,
    /// The database files as the last config poll saw them, and when it last read SQLite.
    pub config_seen: (FileStamp, Option<Instant>),
    /// Snoozed monitors and until when: checked, but their alerts are held.
    pub snoozes: HashMap<MonitorId, DateTime<Utc>>,
    pub maintenance: Vec<Maintenance>,
    /// The offline check in force: [`RuntimeOptions::connectivity`] with the references the
    /// user set, if any.
    pub connectivity: Option<Connectivity>,
    /// The same, for the reconnect watch, which asks with the check in force each time.
    pub conn_watch: watch::Sender<Option<Connectivity>>,
    pub holds: ParentHolds,
    pub sleep: SleepWatch,
    pub offline: OfflineWatch,
    pub timers: Timers,
    /// No monitor can be overdue before this: the watchdog's next pass (see `watchdog`).
    pub watchdog_next: Instant,
    /// Incident writes, and those waiting for the database.
    pub journal: super::journal::Journal,
    /// Tasks the loop started and waits for at shutdown.
    pub tasks: JoinSet<()>,
    /// Tells owned tasks to stop.
    pub tasks_stop: watch::Sender<bool>,
    /// For owned tasks to report back.
    pub commands: mpsc::UnboundedSender<Command>,
    /// Held while this engine runs; released at the end of the loop.
    pub engine_lock: Option<std::fs::File>,
    /// File events for other processes' changes; `None`: the config poll alone.
    pub files_watch: Option<super::files_watch::FilesWatch>,
}

/// The loop's inputs.
pub(super) struct Inputs {
    pub commands: mpsc::UnboundedReceiver<Command>,
    pub results: mpsc::Receiver<Completed>,
    pub pushed: mpsc::UnboundedReceiver<MonitorId>,
    pub stop: watch::Receiver<bool>,
}

impl Engine {
    pub fn emit(&self, e: CoreEvent) {
        self.ctx.emit(e);
    }

    /// Puts `id`'s state on the board; the overall change, if any, is published.
    pub fn publish_state(&self, id: MonitorId) {
        if let Some(ev) = self.board_state(id) {
            self.emit(ev);
        }
    }

    /// Puts `id`'s state on the board and returns the overall change it caused, for the
    /// caller to publish after the events that caused it: a snapshot taken after any event
    /// already shows what it says.
    pub fn board_state(&self, id: MonitorId) -> Option<CoreEvent> {
        let e = self.entries.get(&id)?;
        let mut board = self.ctx.board();
        let state = e.state(board.get(id));
        board.put(state)
    }

    /// Runs until `stop`, then shuts everything it owns down. Returns the final flush's result.
    pub async fn run(mut self, mut inputs: Inputs) -> Result<(), StoreError> {
        self.timers
            .after(self.housekeeping_every(), Timer::Housekeeping);
        self.timers.after(Duration::ZERO, Timer::Upkeep);
        loop {
            let wake = self.timers.next();
            tokio::select! {
                biased;
                _ = inputs.stop.changed() => break,
                Some(cmd) = inputs.commands.recv() => {
                    let applied = caught(self.on_command(cmd)).await;
                    self.survive(applied).await;
                }
                Some(id) = inputs.pushed.recv() => {
                    // A push arrived: judge that heartbeat now rather than at its next slot.
                    self.check_now(id);
                }
                () = until(wake) => {
                    for t in self.timers.pop_due(Instant::now()) {
                        let applied = caught(self.on_timer(t)).await;
                        self.survive(applied).await;
                    }
                }
                Some(done) = inputs.results.recv() => {
                    let applied = caught(self.on_result(done, &inputs.stop)).await;
                    self.survive(applied).await;
                }
                Some(joined) = self.tasks.join_next(), if !self.tasks.is_empty() => {
                    if let Err(e) = joined {
                        if e.is_panic() {
                            let message = crate::fault::panic_message(&*e.into_panic());
                            self.ctx
                                .fault(&crate::said!("reason-task-background"), message);
                        }
                    }
                }
            }
        }
        self.finish(inputs).await
    }

    /// After a panic while applying one input: says so and goes on with the next. What that
    /// input changed may be half done; the monitors are read from the store again, and each
    /// monitor's state is made whole by its next result.
    async fn survive(&mut self, applied: Result<(), String>) {
        if let Err(message) = applied {
            self.ctx
                .fault(&crate::said!("reason-task-engine-loop"), message);
            if let Err(e) = self.sync(false).await {
                tracing::warn!(error = %e, "could not reload the monitors after a fault");
            }
        }
    }

    async fn on_command(&mut self, cmd: Command) {
        match cmd {
            Command::Sync(reply) => {
                let _ = reply.send(self.sync(false).await);
            }
            Command::CheckNow(id, reply) => {
                let _ = reply.send(self.check_now(id));
            }
            Command::Simulate(id, reply) => {
                let _ = reply.send(self.simulate(id).await);
            }
            Command::Sleep(going, reply) => {
                self.prepare_for_sleep(going).await;
                let _ = reply.send(());
            }
            Command::Reconnected => self.reconnected(),
            Command::FilesChanged => {
                if let Some(w) = &self.files_watch {
                    w.taken();
                    if w.lost() {
                        // Deleted or moved away: watch the file writers make from now on.
                        self.files_watch = super::files_watch::FilesWatch::start(
                            self.ctx.store.path(),
                            self.commands.clone(),
                        );
                    }
                }
                self.poll_config().await;
            }
        }
    }

    /// Checks a monitor at once, out of its grid. Returns whether it exists.
    pub fn check_now(&mut self, id: MonitorId) -> bool {
        let Some(e) = self.entries.get(&id) else {
            return false;
        };
        if !e.monitor.paused {
            self.scheduler.check_now(&e.monitor);
        }
        true
    }

    /// Stops the monitor tasks and the loop's own, drops the results still queued (none is
    /// half-applied: the loop only stops between inputs), and flushes the store.
    async fn finish(mut self, inputs: Inputs) -> Result<(), StoreError> {
        self.scheduler.shutdown(Duration::from_millis(500)).await;
        drop(inputs);
        let _ = self.tasks_stop.send(true);
        let owned = async { while self.tasks.join_next().await.is_some() {} };
        if tokio::time::timeout(Duration::from_secs(1), owned)
            .await
            .is_err()
        {
            tracing::warn!("runtime tasks did not stop within 1s; abandoning them");
            self.tasks.abort_all();
        }
        let store = self.ctx.store.clone();
        let flushed = store.blocking(|s| s.flush()).await;
        if let Err(e) = &flushed {
            tracing::error!(error = %e, "the last check results could not be written");
        }
        // Another engine may start on this database now.
        drop(self.engine_lock.take());
        flushed
    }
}

/// Waits until `deadline`; forever when there is none.
pub(super) async fn until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}
