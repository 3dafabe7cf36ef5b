//! The offline watch: "my Wi-Fi is off" is not "every service is down".
//!
//! Every failure of a remote service while we believe we are online asks whether this machine
//! is offline ([`OfflineWatch::on_failure`] says [`Ask::Connectivity`]); the answer goes to
//! [`OfflineWatch::went_offline`]. While offline, every failure is explained by it and judged
//! by nothing, until [`OfflineWatch::back_online`]. Local targets (loopback) never ask: the
//! network cannot be why they fail.
//!
//! Pure: the runtime runs the connectivity check (network I/O) and the reconnect watch.

use chrono::{DateTime, Utc};

use crate::model::Status;

/// What a result needs before it is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Judge it.
    Judge,
    /// The machine is offline: store it as unknown, judge nothing.
    Explained,
    /// Ask the connectivity check first.
    Connectivity,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OfflineWatch {
    since: Option<DateTime<Utc>>,
}

impl OfflineWatch {
    /// Since when the machine is offline.
    pub fn since(&self) -> Option<DateTime<Utc>> {
        self.since
    }

    pub fn is_offline(&self) -> bool {
        self.since.is_some()
    }

    /// A result with `status` of a monitor whose target is local (`is_local`) or remote.
    pub fn on_failure(&self, status: Status, is_local: bool) -> Ask {
        if matches!(status, Status::Up | Status::Unknown | Status::Maintenance) {
            return Ask::Judge;
        }
        if self.since.is_some() {
            return Ask::Explained;
        }
        if is_local {
            Ask::Judge
        } else {
            Ask::Connectivity
        }
    }

    /// The connectivity check found the machine offline at `at`. Returns whether that is
    /// news (the first time since it was last online).
    pub fn went_offline(&mut self, at: DateTime<Utc>) -> bool {
        let news = self.since.is_none();
        self.since.get_or_insert(at);
        news
    }

    /// The reconnect watch found the network back. Returns whether it had been offline.
    pub fn back_online(&mut self) -> bool {
        self.since.take().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn remote_failures_ask_then_are_explained_until_back_online() {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mut w = OfflineWatch::default();
        assert_eq!(w.on_failure(Status::Up, false), Ask::Judge);
        assert_eq!(
            w.on_failure(Status::Down, true),
            Ask::Judge,
            "loopback never asks"
        );
        assert_eq!(w.on_failure(Status::Down, false), Ask::Connectivity);
        assert_eq!(w.on_failure(Status::Degraded, false), Ask::Connectivity);
        assert!(w.went_offline(at));
        assert!(!w.went_offline(at), "one notice, not one per monitor");
        assert_eq!(w.since(), Some(at));
        assert_eq!(w.on_failure(Status::Down, false), Ask::Explained);
        assert_eq!(w.on_failure(Status::Down, true), Ask::Explained);
        assert_eq!(w.on_failure(Status::Up, false), Ask::Judge);
        assert!(w.back_online());
        assert!(!w.back_online());
        assert_eq!(w.on_failure(Status::Down, false), Ask::Connectivity);
    }
}
