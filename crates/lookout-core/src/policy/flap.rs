//! The flap cap, and one incident for a flapping service.
//!
//! A service that fails every other check would otherwise notify at every change and open an
//! incident per outage, burying the list, the summary's counts and MTTR. Per monitor:
//!
//! - [`FlapCap::admit`]: at most `max` alerts within `window`; the first alert past the cap
//!   becomes one `flapping` notice, the next ones are held until fewer than `max` were sent
//!   in the window.
//! - Folding: once the cap is full, the outage that just recovered keeps its incident open
//!   ([`FlapCap::on_resolved`] says [`Resolve::KeepOpen`]), and each new outage folds into it
//!   ([`FlapCap::on_triggered`] says [`Trigger::FoldInto`]) instead of opening one of its own.
//!   When the service has stayed up for a whole `window`, [`FlapCap::settle`] closes the
//!   incident at the last recovery, with a downtime that counts only the failing time.
//!
//! Pure: times come in with the calls; the runtime applies the answers.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};

use crate::model::IncidentId;

/// What to do with an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    Send,
    /// The first alert past the cap: say once that the monitor is flapping, with how many
    /// alerts went out in the window.
    Notice {
        notifications: usize,
    },
    Hold,
}

/// What to do with an incident whose rule resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolve {
    /// Resolve it, with this downtime.
    Now { downtime: Duration },
    /// The monitor is flapping: keep it open; it settles at `settle_at` unless it fails again.
    KeepOpen { settle_at: DateTime<Utc> },
}

/// Where a new outage's incident goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Open,
    /// Into the flapping monitor's open incident.
    FoldInto(IncidentId),
}

/// A folded incident, closed once the monitor settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settled {
    pub incident: IncidentId,
    /// The last recovery.
    pub resolved_at: DateTime<Utc>,
    /// The failing time only.
    pub downtime: Duration,
    /// Outages folded into it, the first included.
    pub outages: u32,
}

#[derive(Debug, Clone, PartialEq)]
struct Fold {
    incident: IncidentId,
    downtime: Duration,
    outages: u32,
    /// Set while the service is up between outages.
    last_recovery: Option<DateTime<Utc>>,
    /// Set while it is failing: the current outage's first failure.
    down_since: Option<DateTime<Utc>>,
}

/// One monitor's flap state.
#[derive(Debug, Clone, PartialEq)]
pub struct FlapCap {
    max: usize,
    window: Duration,
    /// When the alerts within the window went out.
    sent: VecDeque<DateTime<Utc>>,
    flapping: bool,
    fold: Option<Fold>,
}

impl FlapCap {
    pub fn new(max: usize, window: std::time::Duration) -> FlapCap {
        let mut cap = FlapCap {
            max: 1,
            window: Duration::zero(),
            sent: VecDeque::new(),
            flapping: false,
            fold: None,
        };
        cap.set_limits(max, window);
        cap
    }

    /// New limits from an edited monitor; what was sent is kept.
    pub fn set_limits(&mut self, max: usize, window: std::time::Duration) {
        self.max = max.max(1);
        self.window = Duration::from_std(window).unwrap_or(Duration::MAX);
    }

    fn prune(&mut self, at: DateTime<Utc>) {
        let Some(start) = at.checked_sub_signed(self.window) else {
            return;
        };
        while self.sent.front().is_some_and(|t| *t <= start) {
            self.sent.pop_front();
        }
    }

    /// Whether an alert at `at` goes out.
    pub fn admit(&mut self, at: DateTime<Utc>) -> Admit {
        self.prune(at);
        if self.sent.len() < self.max {
            self.sent.push_back(at);
            self.flapping = false;
            Admit::Send
        } else if self.flapping {
            Admit::Hold
        } else {
            self.flapping = true;
            Admit::Notice {
                notifications: self.sent.len(),
            }
        }
    }

    /// The cap is used up at `at`: the next alert would not go out.
    fn full(&mut self, at: DateTime<Utc>) -> bool {
        self.prune(at);
        self.flapping || self.sent.len() >= self.max
    }

    fn settle_at(&self, recovered_at: DateTime<Utc>) -> DateTime<Utc> {
        recovered_at
            .checked_add_signed(self.window)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// `incident`'s rule resolved: the outage began at `first_failure_at` and the service was
    /// back at `recovered_at`.
    pub fn on_resolved(
        &mut self,
        incident: IncidentId,
        first_failure_at: DateTime<Utc>,
        recovered_at: DateTime<Utc>,
    ) -> Resolve {
        let span = (recovered_at - first_failure_at).max(Duration::zero());
        let settle_at = self.settle_at(recovered_at);
        if let Some(f) = self.fold.as_mut().filter(|f| f.incident == incident) {
            let since = f.down_since.take().unwrap_or(first_failure_at);
            let more = (recovered_at - since).max(Duration::zero());
            // Saturating: a sum of spans must never panic the engine.
            f.downtime = f.downtime.checked_add(&more).unwrap_or(Duration::MAX);
            f.last_recovery = Some(recovered_at);
            return Resolve::KeepOpen { settle_at };
        }
        if self.full(recovered_at) {
            self.fold = Some(Fold {
                incident,
                downtime: span,
                outages: 1,
                last_recovery: Some(recovered_at),
                down_since: None,
            });
            return Resolve::KeepOpen { settle_at };
        }
        Resolve::Now { downtime: span }
    }

    /// A rule triggered: a new outage, which began at `first_failure_at`.
    pub fn on_triggered(&mut self, first_failure_at: DateTime<Utc>) -> Trigger {
        match self.fold.as_mut() {
            Some(f) => {
                f.outages += 1;
                f.last_recovery = None;
                f.down_since = Some(first_failure_at);
                Trigger::FoldInto(f.incident)
            }
            None => Trigger::Open,
        }
    }

    /// When the folded incident settles if nothing fails before; `None` while there is none
    /// or the service is failing.
    pub fn settles_at(&self) -> Option<DateTime<Utc>> {
        let r = self.fold.as_ref()?.last_recovery?;
        Some(self.settle_at(r))
    }

    /// Closes the folded incident if the service stayed up for a whole window by `now`.
    pub fn settle(&mut self, now: DateTime<Utc>) -> Option<Settled> {
        if self.settles_at().is_none_or(|t| now < t) {
            return None;
        }
        let f = self.fold.take()?;
        Some(Settled {
            incident: f.incident,
            resolved_at: f.last_recovery?,
            downtime: f.downtime,
            outages: f.outages,
        })
    }

    /// After a restart: outages of a flapping monitor were folded into `incident` before the
    /// stop, `downtime` of failing time in all, the last change of state at `at`: back up then
    /// (`up`: only its settling is left), or failing again. The cap counts as full from `at`,
    /// as it was, so the restart does not let held alerts out; the incident settles a window
    /// after the service is back, as it would have without the restart.
    pub fn restore_fold(
        &mut self,
        incident: IncidentId,
        at: DateTime<Utc>,
        up: bool,
        downtime: Duration,
        outages: u32,
    ) {
        self.flapping = true;
        self.sent = std::iter::repeat_n(at, self.max).collect();
        self.fold = Some(Fold {
            incident,
            downtime,
            outages: outages.max(1),
            last_recovery: up.then_some(at),
            down_since: (!up).then_some(at),
        });
    }

    /// The open incident outages fold into, if any.
    pub fn folding(&self) -> Option<IncidentId> {
        self.fold.as_ref().map(|f| f.incident)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::seconds(s)
    }

    const TEN_MIN: std::time::Duration = std::time::Duration::from_secs(600);

    #[test]
    fn the_cap_sends_max_then_one_notice_then_holds_until_it_settles() {
        let mut cap = FlapCap::new(4, TEN_MIN);
        let got: Vec<Admit> = (0..7).map(|i| cap.admit(t(i * 10))).collect();
        assert_eq!(
            got,
            [
                Admit::Send,
                Admit::Send,
                Admit::Send,
                Admit::Send,
                Admit::Notice { notifications: 4 },
                Admit::Hold,
                Admit::Hold
            ]
        );
        // Ten minutes after the first, one slot is free again: sent, and flapping is over.
        assert_eq!(cap.admit(t(600)), Admit::Send);
        assert_eq!(cap.admit(t(601)), Admit::Notice { notifications: 4 });
    }

    /// A service failing every other 2 s, thresholds of 1: trigger, resolve, ... The first two
    /// outages are told (four alerts), then one notice; the second outage's incident stays
    /// open and every later outage folds into it, until ten quiet minutes close it.
    #[test]
    fn a_flapping_service_is_one_incident_after_the_cap_fills() {
        let mut cap = FlapCap::new(4, TEN_MIN);
        let (a, b) = (IncidentId(1), IncidentId(2));
        let mut sent = 0;
        let mut notices = 0;
        let mut count = |x: Admit| match x {
            Admit::Send => sent += 1,
            Admit::Notice { .. } => notices += 1,
            Admit::Hold => {}
        };
        // Outage 1: its own incident, resolved.
        assert_eq!(cap.on_triggered(t(0)), Trigger::Open);
        count(cap.admit(t(0)));
        count(cap.admit(t(2)));
        assert_eq!(
            cap.on_resolved(a, t(0), t(2)),
            Resolve::Now {
                downtime: Duration::seconds(2)
            }
        );
        // Outage 2: its resolution fills the cap, so its incident stays open.
        assert_eq!(cap.on_triggered(t(4)), Trigger::Open);
        count(cap.admit(t(4)));
        count(cap.admit(t(6)));
        assert_eq!(
            cap.on_resolved(b, t(4), t(6)),
            Resolve::KeepOpen { settle_at: t(606) }
        );
        // Outages 3..=17 fold into it.
        let mut at = 8;
        for _ in 0..15 {
            assert_eq!(cap.on_triggered(t(at)), Trigger::FoldInto(b));
            count(cap.admit(t(at)));
            assert_eq!(cap.settles_at(), None, "failing: nothing settles");
            count(cap.admit(t(at + 2)));
            assert!(matches!(
                cap.on_resolved(b, t(at), t(at + 2)),
                Resolve::KeepOpen { .. }
            ));
            at += 4;
        }
        assert_eq!((sent, notices), (4, 1));
        let last_recovery = t(at - 2);
        assert_eq!(cap.settle(last_recovery + Duration::seconds(599)), None);
        let s = cap.settle(last_recovery + Duration::seconds(600)).unwrap();
        assert_eq!(s.incident, b);
        assert_eq!(s.resolved_at, last_recovery);
        assert_eq!(s.outages, 16);
        // 2 s of failure per outage, not the 60 s the incident spanned.
        assert_eq!(s.downtime, Duration::seconds(32));
        assert_eq!(cap.folding(), None);
        assert_eq!(cap.on_triggered(t(10_000)), Trigger::Open);
    }

    #[test]
    fn a_service_that_settles_before_the_cap_fills_resolves_each_incident() {
        let mut cap = FlapCap::new(4, TEN_MIN);
        for i in 0..5 {
            let start = t(i * 3600);
            assert_eq!(cap.on_triggered(start), Trigger::Open);
            assert_eq!(cap.admit(start), Admit::Send);
            assert_eq!(cap.admit(start + Duration::seconds(30)), Admit::Send);
            assert!(matches!(
                cap.on_resolved(IncidentId(i), start, start + Duration::seconds(30)),
                Resolve::Now { .. }
            ));
        }
    }

    #[test]
    fn huge_windows_and_old_times_never_overflow() {
        let mut cap = FlapCap::new(1, std::time::Duration::MAX);
        assert_eq!(cap.admit(DateTime::<Utc>::MIN_UTC), Admit::Send);
        assert!(matches!(
            cap.on_resolved(
                IncidentId(1),
                DateTime::<Utc>::MIN_UTC,
                DateTime::<Utc>::MAX_UTC
            ),
            Resolve::KeepOpen { .. }
        ));
        assert_eq!(
            cap.settle(DateTime::<Utc>::MAX_UTC).map(|s| s.outages),
            Some(1)
        );
    }
}
