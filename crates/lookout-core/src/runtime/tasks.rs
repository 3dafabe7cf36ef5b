//! The loop's background work: its timers (housekeeping: the config poll, the watchdog and a
//! reading of the clocks; the hourly upkeep with the daily backup; re-checks after a resume;
//! snoozes running out; a flapping incident settling; incident writes retried), the store's
//! health as events, sleep and resume, going offline and coming back, and the heartbeat
//! listener.

use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use super::incident::human_secs;
use super::options::{RuntimeError, RuntimeOptions};
use super::state::{Command, Engine, Timer};
use crate::connectivity::{Connectivity, Reachability};
use crate::events::CoreEvent;
use crate::model::{IncidentEventKind, IncidentId, MonitorId};
use crate::policy::sleep::Resume;
use crate::storage::{FileStamp, Store, PUSH_PORT};

/// The longest the config poll goes without reading the database, files unchanged or not.
const FULL_POLL_EVERY: Duration = Duration::from_secs(10);
/// The same while file events bring changes: the read is then only a backstop for an event
/// lost, and each one wakes a blocking thread.
const WATCHED_FULL_POLL_EVERY: Duration = Duration::from_secs(60);

/// How often retention and rollups run.
const UPKEEP_EVERY: Duration = Duration::from_secs(3600);

impl Engine {
    pub async fn on_timer(&mut self, t: Timer) {
        match t {
            Timer::Housekeeping => {
                self.read_clocks().await;
                self.watchdog();
                self.poll_config().await;
                self.timers
                    .after(self.housekeeping_every(), Timer::Housekeeping);
            }
            Timer::Upkeep => {
                self.upkeep().await;
                self.timers.after(UPKEEP_EVERY, Timer::Upkeep);
            }
            Timer::Recheck(id) => {
                self.check_now(id);
            }
            Timer::RecheckSettling => {
                let ids: Vec<MonitorId> = self.sleep.settling().collect();
                for id in ids {
                    self.check_now(id);
                }
            }
            Timer::SnoozeEnds => self.snoozes_ended(),
            Timer::FlapSettles(id) => self.settle_flap(id).await,
            Timer::RetryWrites => self.write_waiting().await,
        }
    }

    /// How often the clocks are read, the watchdog looks and the config poll runs: every
    /// `config_poll`, or `watched_housekeeping` while file events bring other processes'
    /// changes. Results are judged after a fresh look at the clocks anyway, so a sleep is never
    /// missed for a longer period here.
    pub fn housekeeping_every(&self) -> Duration {
        match (self.ctx.opts.watched_housekeeping, &self.files_watch) {
            (Some(every), Some(_)) => every,
            _ => self.ctx.opts.config_poll,
        }
    }

    /// Notices another process's changes (`config_rev`: monitors, settings) and its requests
    /// (`lookout simulate`). The database is read only when its files changed since the last
    /// look, or every [`FULL_POLL_EVERY`] ([`WATCHED_FULL_POLL_EVERY`] with file events) in
    /// case a file system keeps coarse times: an idle engine then wakes no blocking thread.
    pub async fn poll_config(&mut self) {
        let stamp = FileStamp::of(self.ctx.store.path());
        let (seen, read_at) = self.config_seen;
        let every = match self.files_watch {
            Some(_) => WATCHED_FULL_POLL_EVERY,
            None => FULL_POLL_EVERY,
        };
        let stale = read_at.is_none_or(|t| t.elapsed() >= every);
        if stamp == seen && !stale {
            return;
        }
        // The stamp is taken before the read: a write landing meanwhile changes the next one.
        // It is kept only once the read went through, so a failed read is tried next time.
        match self
            .ctx
            .store
            .blocking(|s| Ok((s.config_rev()?, s.has_pending_requests()?)))
            .await
        {
            Ok((rev, requests)) => {
                self.config_seen = (stamp, Some(Instant::now()));
                if Some(rev) != self.config_rev {
                    if let Err(e) = self.sync(false).await {
                        tracing::warn!(error = %e, "could not reload monitors");
                    }
                }
                if requests {
                    self.answer_requests().await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not read the configuration revision"),
        }
    }

    async fn upkeep(&mut self) {
        let now = self.ctx.clock.now();
        // The daily backup copies the whole file: off the loop, so checks are judged meanwhile.
        let store = self.ctx.store.clone();
        self.tasks.spawn(async move {
            match store.blocking(move |s| s.rolling_backup(now)).await {
                Ok(Some(path)) => tracing::info!(path = %path.display(), "daily backup written"),
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "the daily backup failed"),
            }
        });
        let raw_days = self.ctx.opts.raw_retention_days;
        if let Err(e) = self
            .ctx
            .store
            .blocking(move |s| s.run_retention(now, raw_days))
            .await
        {
            tracing::warn!(error = %e, "retention failed");
        }
    }

    /// Notices a monitor overdue by more than two intervals (a stalled process, a saturated
    /// check budget) and says so once, until its next result.
    ///
    /// It looks at the monitors only once the earliest of their deadlines has passed
    /// (`watchdog_next`, lowered by every result and reset by every sync): a pass over
    /// 1,000 monitors every second was a tenth of the engine's CPU in a profile, nearly all of
    /// it cache misses on monitors that were nowhere near late.
    fn watchdog(&mut self) {
        let now = Instant::now();
        if now < self.watchdog_next {
            return;
        }
        let at = self.ctx.clock.now();
        let mut late = Vec::new();
        let mut next = far_future(now);
        for e in self.entries.values_mut() {
            if e.monitor.paused || e.overdue {
                continue;
            }
            let limit = e.monitor.interval.saturating_mul(2);
            if now.saturating_duration_since(e.scheduled_since) > limit {
                e.overdue = true;
                late.push(e.monitor.clone());
            } else if let Some(deadline) = e.scheduled_since.checked_add(limit) {
                next = next.min(deadline);
            }
        }
        self.watchdog_next = next;
        for m in late {
            tracing::warn!(monitor = %m.name, "monitor is overdue by more than two intervals");
            let last_check = self.ctx.board().get(m.id).and_then(|s| s.last_check);
            self.emit(CoreEvent::Overdue {
                monitor_id: m.id,
                monitor: m.name.clone(),
                last_check,
                interval_s: m.interval.as_secs(),
                at,
            });
        }
    }

    /// Compares the clocks; on a jump, the machine slept.
    pub async fn read_clocks(&mut self) {
        let (wall, mono) = (self.ctx.clock.now(), Instant::now());
        if let Some(r) = self.sleep.tick(wall, mono) {
            self.resumed(r).await;
        }
    }

    /// logind's PrepareForSleep: see [`super::Runtime::prepare_for_sleep`].
    pub async fn prepare_for_sleep(&mut self, going_to_sleep: bool) {
        let (wall, mono) = (self.ctx.clock.now(), Instant::now());
        if going_to_sleep {
            self.sleep.announce(wall, mono);
            tracing::info!("about to sleep; failures are held until the resume");
        } else if let Some(r) = self.sleep.woke(wall, mono) {
            self.resumed(r).await;
        }
    }

    /// The machine is back from a sleep: notes the gap on open incidents (unless its length is
    /// unknown), says `Resumed` once, and re-checks every monitor a little later, holding
    /// failures until the network is back.
    async fn resumed(&mut self, Resume { from, to }: Resume) {
        self.sleep.settle(
            self.entries
                .values()
                .filter(|e| !e.monitor.paused)
                .map(|e| e.monitor.id),
        );
        let slept_s = (to - from).num_seconds().max(0);
        tracing::info!(%from, %to, slept_s, "resumed from sleep; re-checking every monitor");
        if to > from {
            let open: Vec<IncidentId> = self
                .entries
                .values()
                .flat_map(|e| e.incidents.values().copied())
                .collect();
            for id in open {
                let text = crate::said!(
                    "timeline-asleep",
                    span = human_secs(slept_s),
                    from = from.to_string(),
                    to = to.to_string()
                );
                self.note(id, to, IncidentEventKind::Note, text).await;
            }
        }
        self.emit(CoreEvent::Resumed { from, to, slept_s });
        self.timers
            .after(self.ctx.opts.resume_settle, Timer::RecheckSettling);
    }

    /// The connectivity check found this machine offline: one notice, the overall status
    /// OFFLINE, and a watch for the network's return.
    pub fn went_offline(&mut self, reason: String) {
        let at = self.ctx.clock.now();
        if !self.offline.went_offline(at) {
            return;
        }
        tracing::warn!(%reason, "this machine is offline; failures are not judged until it is back");
        let overall = self.ctx.board().set_offline(true);
        self.emit(CoreEvent::ConnectivityChanged {
            online: false,
            at,
            reason,
        });
        if let Some(e) = overall {
            self.emit(e);
        }
        let (conn, every) = (self.conn_watch.subscribe(), self.ctx.opts.reconnect_poll);
        let (back, stop) = (self.commands.clone(), self.tasks_stop.subscribe());
        self.tasks.spawn(watch_reconnect(conn, every, back, stop));
    }

    /// The network is back: say so and check every monitor at once, so only real outages
    /// alert.
    pub fn reconnected(&mut self) {
        if !self.offline.back_online() {
            return;
        }
        tracing::info!("back online; re-checking every monitor");
        let at = self.ctx.clock.now();
        let overall = self.ctx.board().set_offline(false);
        self.emit(CoreEvent::ConnectivityChanged {
            online: true,
            at,
            reason: String::new(),
        });
        if let Some(e) = overall {
            self.emit(e);
        }
        let ids: Vec<MonitorId> = self.entries.keys().copied().collect();
        for id in ids {
            self.check_now(id);
        }
    }

    /// Turns the store's health into one `storage_fault` when writes start failing and one
    /// `storage_recovered` when they go through again, and a panic the writer caught into an
    /// `engine_fault`, on a task the loop owns.
    pub fn watch_storage(&mut self) {
        let (ctx, mut stop) = (self.ctx.clone(), self.tasks_stop.subscribe());
        let mut health = ctx.store.health();
        self.tasks.spawn(async move {
            let mut since = None;
            let mut panics = 0;
            loop {
                let h = health.borrow_and_update().clone();
                if h.panics > panics {
                    panics = h.panics;
                    let message = h.panic.clone().unwrap_or_default();
                    ctx.fault(&crate::said!("reason-task-writer"), message);
                }
                match (&h.fault, since) {
                    (Some(fault), None) => {
                        let at = h.since.unwrap_or_else(|| ctx.clock.now());
                        since = Some(at);
                        tracing::error!(%fault, "the database cannot be written; retrying");
                        ctx.emit(CoreEvent::StorageFault {
                            fault: fault.clone(),
                            since: at,
                            pending: h.pending,
                            dropped: h.dropped,
                        });
                    }
                    (None, Some(from)) => {
                        since = None;
                        tracing::info!("the database takes writes again");
                        ctx.emit(CoreEvent::StorageRecovered {
                            since: from,
                            at: ctx.clock.now(),
                            dropped: h.dropped,
                        });
                    }
                    _ => {}
                }
                tokio::select! {
                    changed = health.changed() => if changed.is_err() { return },
                    _ = stop.wait_for(|s| *s) => return,
                }
            }
        });
    }

    /// Starts the heartbeat listener on a task the loop owns, started again on the same socket
    /// if it panics.
    pub fn serve_pushes(
        &mut self,
        listener: tokio::net::TcpListener,
        pushed: mpsc::UnboundedSender<MonitorId>,
    ) {
        let listener = std::sync::Arc::new(listener);
        let (ctx, stop) = (self.ctx.clone(), self.tasks_stop.subscribe());
        let start = {
            let ctx = ctx.clone();
            move || {
                crate::push_server::serve(
                    listener.clone(),
                    ctx.prober.push_board().clone(),
                    ctx.clock.clone(),
                    pushed.clone(),
                    stop.clone(),
                )
            }
        };
        self.tasks.spawn(async move {
            let task = crate::said!("reason-task-heartbeat");
            crate::fault::supervise(&task, start, |f| ctx.fault(&f.task, f.message)).await;
        });
    }
}

/// An hour from `now`: the watchdog's next pass when no monitor can be late before it.
pub(super) fn far_future(now: Instant) -> Instant {
    now.checked_add(Duration::from_secs(3600)).unwrap_or(now)
}

/// While offline, asks every `every`; once back, tells the loop. Each time with the check in
/// force then: a user who finds Lookout stuck offline on a closed network and sets references
/// that answer gets it back at once.
async fn watch_reconnect(
    conn: watch::Receiver<Option<Connectivity>>,
    every: Duration,
    back: mpsc::UnboundedSender<Command>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        let current = conn.borrow().clone();
        if let Some(c) = current {
            if c.check().await != Reachability::Online {
                continue;
            }
        }
        let _ = back.send(Command::Reconnected);
        return;
    }
}

/// Binds the heartbeat listener. An explicitly asked-for port that can't be had is an error; the
/// default port being taken (say, by another Lookout on another data dir) only turns heartbeats
/// off, with a warning.
pub(super) async fn bind_push(
    store: &Store,
    opts: &RuntimeOptions,
) -> Result<Option<tokio::net::TcpListener>, RuntimeError> {
    let asked = opts.push_port;
    let port = match asked {
        Some(p) => p,
        None => {
            store
                .blocking(crate::settings::configured_push_port)
                .await?
        }
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
