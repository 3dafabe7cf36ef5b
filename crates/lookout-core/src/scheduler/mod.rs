//! The scheduler: one owned task per monitor, checks on a fixed grid.
//!
//! Each monitor's checks start at `epoch + phase + k * interval`, start to start, so a slow check
//! never shifts the later ones (no drift); a tick missed because a check overran is skipped, not
//! bunched. The phase is a hash of the monitor id, which spreads 1,000 monitors over the interval
//! instead of firing them in the same millisecond. A [`Semaphore`] caps concurrent checks across
//! all monitors. Tasks are owned: `upsert` replaces, `remove` and `shutdown` stop and await them.
//!
//! Checks go through the [`Checker`] trait, the network edge, so tests run the scheduler under
//! paused tokio time with a fake checker and no sockets.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::clock::Clock;
use crate::model::{CheckResult, MonitorId};
use crate::monitor::Monitor;
use crate::probe::Prober;

/// Runs one check of a monitor. The real one is [`Prober`]; tests use a fake.
pub trait Checker: Send + Sync + 'static {
    fn check(
        &self,
        monitor: &Monitor,
        at: DateTime<Utc>,
    ) -> impl Future<Output = CheckResult> + Send;
}

impl Checker for Prober {
    fn check(&self, m: &Monitor, at: DateTime<Utc>) -> impl Future<Output = CheckResult> + Send {
        crate::monitor::check(self, m, at)
    }
}

/// A finished check, sent to the runtime.
#[derive(Debug, Clone)]
pub struct Completed {
    pub monitor: MonitorId,
    pub result: CheckResult,
    /// How late the check started against its grid slot (waiting for a concurrency permit
    /// included). Zero for immediate, out-of-grid checks.
    pub lateness: Duration,
    /// The check panicked with this message (a bug in Lookout, see [`crate::fault`]): the
    /// result is UNKNOWN and says so, and the task goes on with its grid.
    pub fault: Option<String>,
}

enum Ctl {
    /// New config; check at once if asked (an edit or a resume), then continue on the grid.
    Update(Arc<Monitor>, bool),
}

struct Task {
    ctl: mpsc::UnboundedSender<Ctl>,
    join: JoinHandle<()>,
}

pub struct Scheduler<C: Checker> {
    checker: Arc<C>,
    clock: Arc<dyn Clock>,
    permits: Arc<Semaphore>,
    results: mpsc::Sender<Completed>,
    /// The grid's origin: every slot is `epoch + phase + k * interval`.
    epoch: Instant,
    tasks: HashMap<MonitorId, Task>,
}

/// A stable offset in `[0, interval)` from the monitor id (splitmix64), so phases survive restarts.
/// Whole milliseconds: tokio's timer has millisecond resolution.
pub fn phase(id: MonitorId, interval: Duration) -> Duration {
    let mut z = (id.0 as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    let millis = interval.as_millis().max(1) as u64;
    Duration::from_millis(z % millis)
}

/// The first grid slot at or after `now`. Checked: a monitor built without validation (or an
/// interval no one will live to see) gets a slot far in the future, never a panicked task.
pub fn next_slot(epoch: Instant, phase: Duration, interval: Duration, now: Instant) -> Instant {
    let Some(first) = epoch.checked_add(phase) else {
        return far_after(now);
    };
    if now <= first {
        return first;
    }
    let since = now - first;
    let step = interval.as_nanos().max(1);
    let k = since.as_nanos().div_ceil(step);
    k.checked_mul(step)
        .and_then(|ns| u64::try_from(ns).ok())
        .and_then(|ns| first.checked_add(Duration::from_nanos(ns)))
        .unwrap_or_else(|| far_after(now))
}

/// `t + d`, or a time far after `t` when that is past what an `Instant` holds.
fn later(t: Instant, d: Duration) -> Instant {
    t.checked_add(d).unwrap_or_else(|| far_after(t))
}

/// A year after `t` (tokio sleeps no longer in one go anyway).
fn far_after(t: Instant) -> Instant {
    const YEAR: Duration = Duration::from_secs(365 * 24 * 3600);
    t.checked_add(YEAR).unwrap_or(t)
}

impl<C: Checker> Scheduler<C> {
    pub fn new(
        checker: Arc<C>,
        clock: Arc<dyn Clock>,
        max_concurrent: usize,
        results: mpsc::Sender<Completed>,
    ) -> Self {
        Scheduler {
            checker,
            clock,
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            results,
            epoch: Instant::now(),
            tasks: HashMap::new(),
        }
    }

    /// Starts or updates a monitor's task; a paused monitor's task is stopped.
    /// `check_now` runs one check at once (a new, edited or resumed monitor) before the grid.
    pub fn upsert(&mut self, monitor: Arc<Monitor>, check_now: bool) {
        let id = monitor.id;
        if monitor.paused {
            self.remove(id);
            return;
        }
        if let Some(task) = self.tasks.get(&id) {
            if task
                .ctl
                .send(Ctl::Update(monitor.clone(), check_now))
                .is_ok()
            {
                return;
            }
        }
        let (tx, rx) = mpsc::unbounded_channel();
        let join = tokio::spawn(run_monitor(
            monitor,
            check_now,
            self.checker.clone(),
            self.clock.clone(),
            self.permits.clone(),
            self.results.clone(),
            rx,
            self.epoch,
        ));
        if let Some(old) = self.tasks.insert(id, Task { ctl: tx, join }) {
            old.join.abort();
        }
    }

    /// Checks a monitor at once, out of its grid, then goes on with the grid.
    pub fn check_now(&mut self, monitor: &Arc<Monitor>) {
        self.upsert(monitor.clone(), true);
    }

    /// Stops a monitor's task. A check in flight is dropped: nothing it would report is wanted.
    pub fn remove(&mut self, id: MonitorId) {
        if let Some(task) = self.tasks.remove(&id) {
            task.join.abort();
        }
    }

    pub fn is_running(&self, id: MonitorId) -> bool {
        self.tasks.contains_key(&id)
    }

    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Stops every task and waits for them, at most `bound`.
    pub async fn shutdown(&mut self, bound: Duration) {
        let tasks: Vec<_> = self.tasks.drain().map(|(_, t)| t.join).collect();
        for t in &tasks {
            t.abort();
        }
        let all = async {
            for t in tasks {
                let _ = t.await;
            }
        };
        if tokio::time::timeout(bound, all).await.is_err() {
            tracing::warn!("monitor tasks did not stop within {bound:?}");
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn run_monitor<C: Checker>(
    mut monitor: Arc<Monitor>,
    mut check_now: bool,
    checker: Arc<C>,
    clock: Arc<dyn Clock>,
    permits: Arc<Semaphore>,
    results: mpsc::Sender<Completed>,
    mut ctl: mpsc::UnboundedReceiver<Ctl>,
    epoch: Instant,
) {
    // The slot of the last check, so a check that ends on a slot boundary doesn't run twice.
    let mut last_slot: Option<Instant> = None;
    loop {
        let scheduled = if check_now {
            check_now = false;
            None
        } else {
            // Sleep to the next slot after now: a slot missed because a check overran is
            // skipped, and the grid never moves.
            let mut slot = next_slot(
                epoch,
                phase(monitor.id, monitor.interval),
                monitor.interval,
                Instant::now(),
            );
            if let Some(last) = last_slot {
                if slot <= last {
                    slot = later(last, monitor.interval);
                }
            }
            tokio::select! {
                () = tokio::time::sleep_until(slot) => {
                    last_slot = Some(slot);
                    Some(slot)
                }
                msg = ctl.recv() => match msg {
                    None => return,
                    Some(Ctl::Update(m, now)) => {
                        if m.interval != monitor.interval {
                            last_slot = None;
                        }
                        monitor = m;
                        check_now = now;
                        continue;
                    }
                },
            }
        };
        let Ok(_permit) = permits.acquire().await else {
            return;
        };
        let started = Instant::now();
        let lateness = scheduled.map_or(Duration::ZERO, |s| started.saturating_duration_since(s));
        let at = clock.now();
        // Boxed: a task is sized for its largest state, and this one (the HTTP client's
        // request) is only alive while a check runs; inline, every sleeping monitor carried it.
        let check = Box::pin(confirmed_check(&*checker, &monitor, &*clock));
        let checked = crate::fault::caught(check).await;
        drop(_permit);
        let (result, fault) = match checked {
            Ok(result) => (result, None),
            Err(message) => (
                CheckResult {
                    at,
                    status: crate::model::Status::Unknown,
                    latency: started.elapsed(),
                    reason: crate::said!("reason-check-crashed", error = message.as_str()),
                    details: serde_json::Value::Null,
                },
                Some(message),
            ),
        };
        let done = Completed {
            monitor: monitor.id,
            result,
            lateness,
            fault,
        };
        if results.send(done).await.is_err() {
            return;
        }
    }
}

/// One check, its failure confirmed by the monitor's re-checks before it counts: a blip that
/// passes on the re-check never reaches the threshold engine.
async fn confirmed_check<C: Checker>(
    checker: &C,
    monitor: &Monitor,
    clock: &dyn Clock,
) -> CheckResult {
    #[cfg(feature = "fault-injection")]
    crate::fault::inject(&format!("check:{}", monitor.name));
    // The checker bounds itself by the monitor's timeout; this is a backstop so a stuck
    // check can never hold a permit forever.
    let backstop = monitor.timeout.saturating_add(Duration::from_secs(1));
    let mut result = bounded_check(checker, monitor, clock.now(), backstop).await;
    let mut retries = monitor.confirm.retries;
    while result.status == crate::model::Status::Down && retries > 0 {
        retries -= 1;
        tokio::time::sleep(monitor.confirm.retry_after).await;
        let again = bounded_check(checker, monitor, clock.now(), backstop).await;
        result = match again.status {
            crate::model::Status::Down => CheckResult {
                reason: crate::said!("reason-confirmed", reason = again.reason.as_str()),
                ..again
            },
            _ => again,
        };
    }
    result
}

/// One check, bounded by a backstop so a stuck check can never hold its permit forever.
async fn bounded_check<C: Checker>(
    checker: &C,
    monitor: &Monitor,
    at: DateTime<Utc>,
    backstop: Duration,
) -> CheckResult {
    match tokio::time::timeout(backstop, checker.check(monitor, at)).await {
        Ok(r) => r,
        Err(_) => CheckResult {
            at,
            status: crate::model::Status::Down,
            latency: backstop,
            reason: crate::probe::timed_out(monitor.timeout),
            details: serde_json::Value::Null,
        },
    }
}

#[cfg(test)]
mod tests;
