//! How [`CoreEvent`]s reach their subscribers: in order, each subscriber on its own queue, and
//! never losing a fact that matters.
//!
//! A broadcast channel drops the oldest events for a subscriber that falls behind, whatever
//! they are: a flood of check results could push an alert, an incident transition or a
//! storage fault out before the dispatcher or the desktop read it, and the webhook, the
//! recovery action or the notification would be skipped. Here only `check_completed` (one per
//! check, and superseded by the next) is dropped for a subscriber more than
//! [`ROUTINE_CAP`] behind; everything else is queued up to [`NOTABLE_CAP`], a bound only a
//! subscriber that has stopped reading reaches. What was dropped is reported as
//! `Lagged(n)` before the next event, as a broadcast receiver does, so call sites keep their
//! shape.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::mpsc;

use crate::events::CoreEvent;

/// Check results queued for one subscriber before newer ones are dropped for it.
pub const ROUTINE_CAP: usize = 4096;
/// Other events queued for one subscriber before they are dropped for it: a bound on memory
/// for a subscriber that stopped reading, far beyond what a reading one ever has queued.
pub const NOTABLE_CAP: usize = 65_536;

#[derive(Default)]
struct Counts {
    routine: AtomicUsize,
    notable: AtomicUsize,
    missed: AtomicU64,
}

struct Sub {
    tx: mpsc::UnboundedSender<CoreEvent>,
    counts: Arc<Counts>,
}

/// The sending side, kept by the runtime.
#[derive(Default)]
pub struct Bus {
    subs: Mutex<Vec<Sub>>,
}

fn routine(e: &CoreEvent) -> bool {
    matches!(e, CoreEvent::CheckCompleted { .. })
}

impl Bus {
    pub fn subscribe(&self) -> Events {
        let (tx, rx) = mpsc::unbounded_channel();
        let counts = Arc::new(Counts::default());
        self.lock().push(Sub {
            tx,
            counts: counts.clone(),
        });
        Events { rx, counts }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sub>> {
        self.subs.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues `e` for every subscriber; forgets subscribers that are gone.
    pub fn send(&self, e: CoreEvent) {
        let routine = routine(&e);
        let mut subs = self.lock();
        subs.retain(|s| !s.tx.is_closed());
        for s in subs.iter() {
            let (queued, cap) = if routine {
                (&s.counts.routine, ROUTINE_CAP)
            } else {
                (&s.counts.notable, NOTABLE_CAP)
            };
            if queued.load(Ordering::Relaxed) >= cap {
                s.counts.missed.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            queued.fetch_add(1, Ordering::Relaxed);
            if s.tx.send(e.clone()).is_err() {
                queued.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }
}

/// One subscriber's events, in the order they happened.
pub struct Events {
    rx: mpsc::UnboundedReceiver<CoreEvent>,
    counts: Arc<Counts>,
}

impl Events {
    fn took(&self, e: &CoreEvent) {
        let queued = if routine(e) {
            &self.counts.routine
        } else {
            &self.counts.notable
        };
        queued.fetch_sub(1, Ordering::Relaxed);
    }

    /// Whether nothing is queued right now (a burst has been read to its end).
    pub fn is_empty(&self) -> bool {
        self.rx.is_empty()
    }

    fn missed(&self) -> u64 {
        self.counts.missed.swap(0, Ordering::Relaxed)
    }

    /// The next event; `Lagged(n)` first when `n` were dropped for this subscriber; `Closed`
    /// when the runtime is gone and everything was read.
    pub async fn recv(&mut self) -> Result<CoreEvent, RecvError> {
        match self.missed() {
            0 => {}
            n => return Err(RecvError::Lagged(n)),
        }
        let e = self.rx.recv().await.ok_or(RecvError::Closed)?;
        self.took(&e);
        Ok(e)
    }

    pub fn try_recv(&mut self) -> Result<CoreEvent, TryRecvError> {
        match self.missed() {
            0 => {}
            n => return Err(TryRecvError::Lagged(n)),
        }
        let e = self.rx.try_recv().map_err(|e| match e {
            mpsc::error::TryRecvError::Empty => TryRecvError::Empty,
            mpsc::error::TryRecvError::Disconnected => TryRecvError::Closed,
        })?;
        self.took(&e);
        Ok(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckResult, MonitorId, Status};

    fn check(i: i64) -> CoreEvent {
        CoreEvent::CheckCompleted {
            monitor_id: MonitorId(i),
            monitor: format!("m{i}"),
            result: CheckResult {
                at: chrono::Utc::now(),
                status: Status::Up,
                latency: std::time::Duration::from_millis(1),
                reason: String::new(),
                details: serde_json::Value::Null,
            },
        }
    }

    #[tokio::test]
    async fn a_flood_of_results_drops_results_only_and_keeps_the_order() {
        let bus = Bus::default();
        let mut rx = bus.subscribe();
        for i in 0..10_000 {
            bus.send(check(i));
            if i % 1000 == 0 {
                bus.send(CoreEvent::MonitorsChanged);
            }
        }
        let (mut notable, mut lagged, mut results) = (0, 0, 0);
        loop {
            match rx.try_recv() {
                Ok(CoreEvent::MonitorsChanged) => notable += 1,
                Ok(_) => results += 1,
                Err(TryRecvError::Lagged(n)) => lagged += n,
                Err(_) => break,
            }
        }
        assert_eq!(notable, 10, "every notable event arrives");
        assert_eq!(results, ROUTINE_CAP as u64);
        assert_eq!(results + lagged, 10_000);
    }

    #[tokio::test]
    async fn a_subscriber_that_reads_loses_nothing_and_sees_closed_at_the_end() {
        let bus = Bus::default();
        let mut rx = bus.subscribe();
        for round in 0..3 {
            for i in 0..ROUTINE_CAP as i64 {
                bus.send(check(round * 10_000 + i));
            }
            for _ in 0..ROUTINE_CAP {
                assert!(matches!(
                    rx.recv().await,
                    Ok(CoreEvent::CheckCompleted { .. })
                ));
            }
        }
        drop(bus);
        assert!(matches!(rx.recv().await, Err(RecvError::Closed)));
    }

    #[test]
    fn dropped_subscribers_are_forgotten() {
        let bus = Bus::default();
        drop(bus.subscribe());
        bus.send(CoreEvent::MonitorsChanged);
        assert!(bus.lock().is_empty());
    }
}
