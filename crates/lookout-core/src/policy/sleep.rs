//! Sleep and resume: no false alarms after a laptop sleeps.
//!
//! Two sources tell of a sleep. logind announces it ([`SleepWatch::announce`]) and says when
//! the machine woke ([`SleepWatch::woke`]); where there is no logind, the wall clock jumping
//! past the monotonic one (which stands still while the machine is suspended) tells it after
//! the fact ([`SleepWatch::tick`]). One sleep is one [`Resume`], whichever sees it first.
//!
//! Between an announcement and the resume, failures are dropped: the network goes away with
//! the machine. After a resume, every monitor is re-checked a little later, and a failing one
//! up to [`RESUME_RECHECKS`] times before its failure counts, while the network comes back
//! ([`SleepWatch::admit`]).
//!
//! Pure: both clocks are read by the caller and passed in; the runtime schedules the
//! re-checks the answers ask for.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::time::Instant;

use crate::model::{MonitorId, Status};

/// Re-checks a failing monitor gets after a resume before its failure counts.
pub const RESUME_RECHECKS: u8 = 3;

/// How long the machine may stay awake after announcing a suspend before we take it that the
/// suspend was cancelled and its "resumed" signal lost: failures count again.
pub const PENDING_MAX: Duration = Duration::from_secs(60);

/// A "resumed" signal with no announced sleep this soon after the clocks reported a resume is
/// that same resume.
pub const RESUME_DEDUPE: Duration = Duration::from_secs(60);

/// The machine slept from `from` to `to` (equal when the length is unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// What to do with a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Judge,
    /// About to suspend: the failure is dropped (the resume re-checks every monitor).
    Drop,
    /// Just resumed: the failure is held and the monitor re-checked after the settle time.
    Recheck,
}

/// What the sleep watch knows.
#[derive(Debug, Clone)]
pub struct SleepWatch {
    /// The last reading of both clocks.
    wall: DateTime<Utc>,
    mono: Instant,
    /// Threshold: a wall-clock jump past the monotonic clock larger than this is a sleep.
    threshold: Duration,
    /// Monitors re-checked after a resume, and how many re-checks each has left.
    settling: HashMap<MonitorId, u8>,
    /// logind said the machine is about to suspend (wall, monotonic).
    pending: Option<(DateTime<Utc>, Instant)>,
    /// The clocks already reported the resume of an announced sleep, so logind's "resumed",
    /// when it comes, is the same sleep.
    wake_signal_due: bool,
    /// When (monotonic) the last resume was reported.
    last_resume: Option<Instant>,
}

impl SleepWatch {
    pub fn new(wall: DateTime<Utc>, mono: Instant, threshold: Duration) -> SleepWatch {
        SleepWatch {
            wall,
            mono,
            threshold,
            settling: HashMap::new(),
            pending: None,
            wake_signal_due: false,
            last_resume: None,
        }
    }

    /// Takes a reading of both clocks; `(from, to)` if the wall clock ran ahead of the
    /// monotonic one by more than the threshold since the last reading.
    fn clock_gap(
        &mut self,
        wall: DateTime<Utc>,
        mono: Instant,
    ) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let wall_delta = (wall - self.wall).to_std().unwrap_or_default();
        let mono_delta = mono.saturating_duration_since(self.mono);
        let prev = self.wall;
        self.wall = wall;
        self.mono = mono;
        if wall_delta.saturating_sub(mono_delta) <= self.threshold {
            return None;
        }
        // The sleep started somewhere after the previous reading; the monotonic time that did
        // pass is the awake part.
        let awake = chrono::Duration::from_std(mono_delta).unwrap_or_default();
        Some((
            prev.checked_add_signed(awake).unwrap_or(wall).min(wall),
            wall,
        ))
    }

    /// A reading of the clocks (every couple of seconds, and before each result).
    pub fn tick(&mut self, wall: DateTime<Utc>, mono: Instant) -> Option<Resume> {
        match self.clock_gap(wall, mono) {
            Some((from, to)) => {
                self.last_resume = Some(mono);
                let from = match self.pending.take() {
                    // logind said when the sleep began: closer than our last reading.
                    Some((announced, _)) => {
                        self.wake_signal_due = true;
                        announced
                    }
                    None => from,
                };
                Some(Resume { from, to })
            }
            None => {
                if self
                    .pending
                    .is_some_and(|(_, since)| mono.saturating_duration_since(since) > PENDING_MAX)
                {
                    self.pending = None;
                    tracing::warn!("the announced suspend never happened; failures count again");
                }
                None
            }
        }
    }

    /// logind: the machine is about to suspend. A repeated announcement keeps the first
    /// moment: the sleep began then.
    pub fn announce(&mut self, wall: DateTime<Utc>, mono: Instant) {
        self.pending.get_or_insert((wall, mono));
        self.wake_signal_due = false;
    }

    /// logind: the machine woke. A wake with no announcement before it (missed) is a resume
    /// all the same: the clocks give its length if they can, else it is a resume at this
    /// instant; none at all if the clocks reported one in the last minute.
    pub fn woke(&mut self, wall: DateTime<Utc>, mono: Instant) -> Option<Resume> {
        if std::mem::take(&mut self.wake_signal_due) {
            return None;
        }
        match self.pending.take() {
            Some((announced, _)) => {
                // The clocks' next reading starts from here, so they do not report this sleep
                // a second time.
                self.wall = wall;
                self.mono = mono;
                self.last_resume = Some(mono);
                Some(Resume {
                    from: announced.min(wall),
                    to: wall,
                })
            }
            None => {
                if self
                    .last_resume
                    .is_some_and(|t| mono.saturating_duration_since(t) < RESUME_DEDUPE)
                {
                    return None;
                }
                let (from, to) = self.clock_gap(wall, mono).unwrap_or((wall, wall));
                self.last_resume = Some(mono);
                Some(Resume { from, to })
            }
        }
    }

    /// A resume was reported: `monitors` are re-checked, each failing one up to
    /// [`RESUME_RECHECKS`] times before its failure counts.
    pub fn settle(&mut self, monitors: impl IntoIterator<Item = MonitorId>) {
        self.settling = monitors.into_iter().map(|m| (m, RESUME_RECHECKS)).collect();
    }

    /// The monitors being re-checked after the last resume.
    pub fn settling(&self) -> impl Iterator<Item = MonitorId> + '_ {
        self.settling.keys().copied()
    }

    /// What to do with a result of `monitor` with `status`.
    pub fn admit(&mut self, monitor: MonitorId, status: Status) -> Verdict {
        if self.pending.is_some() {
            return if status == Status::Up {
                Verdict::Judge
            } else {
                Verdict::Drop
            };
        }
        let Some(left) = self.settling.get_mut(&monitor) else {
            return Verdict::Judge;
        };
        if status == Status::Up || *left == 0 {
            self.settling.remove(&monitor);
            return Verdict::Judge;
        }
        *left -= 1;
        Verdict::Recheck
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const M: MonitorId = MonitorId(1);
    const THRESHOLD: Duration = Duration::from_secs(15);

    fn wall(s: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + chrono::Duration::seconds(s)
    }

    fn watch() -> (SleepWatch, Instant) {
        let mono = Instant::now();
        (SleepWatch::new(wall(0), mono, THRESHOLD), mono)
    }

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn a_wall_clock_jump_is_a_sleep_from_the_awake_part_to_now() {
        let (mut w, m0) = watch();
        assert_eq!(w.tick(wall(2), m0 + secs(2)), None);
        // 2 s awake, then an hour asleep.
        let r = w.tick(wall(3604), m0 + secs(4)).unwrap();
        assert_eq!(
            r,
            Resume {
                from: wall(4),
                to: wall(3604)
            }
        );
        assert_eq!(w.tick(wall(3606), m0 + secs(6)), None, "reported once");
    }

    #[test]
    fn scheduling_noise_is_not_a_sleep() {
        let (mut w, m0) = watch();
        assert_eq!(
            w.tick(wall(16), m0 + secs(2)),
            None,
            "14 s ahead: under the threshold"
        );
        // A wall clock set back is not a sleep either.
        assert_eq!(w.tick(wall(-100), m0 + secs(4)), None);
    }

    #[test]
    fn an_announced_sleep_drops_failures_and_is_one_resume_whoever_sees_it() {
        let (mut w, m0) = watch();
        w.announce(wall(10), m0 + secs(10));
        w.announce(wall(11), m0 + secs(11));
        assert_eq!(w.admit(M, Status::Down), Verdict::Drop);
        assert_eq!(w.admit(M, Status::Up), Verdict::Judge);
        // The clocks see it first: the resume runs from the announcement.
        let r = w.tick(wall(1000), m0 + secs(12)).unwrap();
        assert_eq!(r.from, wall(10));
        assert_eq!(
            w.woke(wall(1001), m0 + secs(13)),
            None,
            "logind's signal is the same sleep"
        );

        // logind sees it first this time: the clocks then say nothing.
        w.announce(wall(2000), m0 + secs(100));
        let r = w.woke(wall(5000), m0 + secs(101)).unwrap();
        assert_eq!(
            r,
            Resume {
                from: wall(2000),
                to: wall(5000)
            }
        );
        assert_eq!(w.tick(wall(5002), m0 + secs(103)), None);
    }

    #[test]
    fn a_wake_without_announcement_soon_after_a_clock_resume_is_that_resume() {
        let (mut w, m0) = watch();
        assert!(w.tick(wall(1000), m0 + secs(1)).is_some());
        assert_eq!(w.woke(wall(1002), m0 + secs(3)), None);
        // Much later, an unannounced wake with no clock gap: a resume at that instant.
        let r = w.woke(wall(1200), m0 + secs(200)).unwrap();
        assert_eq!(
            r,
            Resume {
                from: wall(1200),
                to: wall(1200)
            }
        );
    }

    #[test]
    fn a_cancelled_suspend_stops_dropping_failures_after_a_minute() {
        let (mut w, m0) = watch();
        w.announce(wall(0), m0);
        assert_eq!(w.admit(M, Status::Down), Verdict::Drop);
        assert_eq!(w.tick(wall(30), m0 + secs(30)), None);
        assert_eq!(w.admit(M, Status::Down), Verdict::Drop);
        assert_eq!(w.tick(wall(61), m0 + secs(61)), None);
        assert_eq!(w.admit(M, Status::Down), Verdict::Judge);
    }

    #[test]
    fn after_a_resume_a_failing_monitor_is_rechecked_three_times_before_it_counts() {
        let (mut w, _) = watch();
        w.settle([M, MonitorId(2)]);
        let got: Vec<Verdict> = (0..5).map(|_| w.admit(M, Status::Down)).collect();
        assert_eq!(
            got,
            [
                Verdict::Recheck,
                Verdict::Recheck,
                Verdict::Recheck,
                Verdict::Judge,
                Verdict::Judge
            ]
        );
        // One that passes is done settling at once.
        assert_eq!(w.admit(MonitorId(2), Status::Up), Verdict::Judge);
        assert_eq!(w.admit(MonitorId(2), Status::Down), Verdict::Judge);
        assert_eq!(w.settling().count(), 0);
    }
}
