//! What the board does not keep but Prometheus wants, counted from [`CoreEvent`]s: checks and
//! failures per monitor, the current run of failures, the last certificate expiry seen, and
//! the open incidents. A pure fold over events, tested as sequences.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use crate::events::CoreEvent;
use crate::model::{IncidentId, MonitorId, Status};

/// One monitor's counts since the exporter started.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MonitorTally {
    /// Checks completed.
    pub checks: u64,
    /// Checks whose result was DOWN.
    pub failures: u64,
    /// DOWN results in a row, up to the latest; 0 after any other result.
    pub consecutive_failures: u64,
    /// The certificate's notAfter, from the last check that read one.
    pub cert_not_after: Option<DateTime<Utc>>,
    /// Real (not drill) incidents open now, with when each started.
    pub incidents: BTreeMap<IncidentId, DateTime<Utc>>,
}

impl MonitorTally {
    /// When the oldest open incident started; `None` with none open.
    pub fn open_since(&self) -> Option<DateTime<Utc>> {
        self.incidents.values().min().copied()
    }
}

/// Every monitor's [`MonitorTally`], and the exporter's own counts.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub monitors: HashMap<MonitorId, MonitorTally>,
    /// Events the exporter could not keep up with (check results dropped for a subscriber that fell behind), so its
    /// counters are that much short.
    pub events_missed: u64,
    /// Storage faults seen begin (writes failing after they went through).
    pub storage_faults: u64,
}

impl Tally {
    /// Folds one event in.
    pub fn apply(&mut self, event: &CoreEvent) {
        match event {
            CoreEvent::CheckCompleted {
                monitor_id, result, ..
            } => {
                let m = self.monitors.entry(*monitor_id).or_default();
                m.checks += 1;
                if result.status == Status::Down {
                    m.failures += 1;
                    m.consecutive_failures += 1;
                } else {
                    m.consecutive_failures = 0;
                }
                if let Some(at) = result
                    .details
                    .get("cert_not_after")
                    .and_then(|v| v.as_str())
                    .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                {
                    m.cert_not_after = Some(at.with_timezone(&Utc));
                }
            }
            CoreEvent::IncidentOpened {
                monitor_id,
                incident,
                started_at,
                simulated: false,
                ..
            } => self.opened(*monitor_id, *incident, *started_at),
            CoreEvent::IncidentResolved {
                monitor_id,
                incident,
                ..
            } => {
                if let Some(m) = self.monitors.get_mut(monitor_id) {
                    m.incidents.remove(incident);
                }
            }
            _ => {}
        }
    }

    /// An incident that is open (from an event, or found open in the store at start).
    pub fn opened(&mut self, monitor: MonitorId, incident: IncidentId, at: DateTime<Utc>) {
        self.monitors
            .entry(monitor)
            .or_default()
            .incidents
            .insert(incident, at);
    }

    /// Forgets monitors that are gone, so their series end with them.
    pub fn retain(&mut self, keep: impl Fn(MonitorId) -> bool) {
        self.monitors.retain(|id, _| keep(*id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CheckResult;
    use std::time::Duration;

    fn check(id: i64, status: Status, details: serde_json::Value) -> CoreEvent {
        CoreEvent::CheckCompleted {
            monitor_id: MonitorId(id),
            monitor: "api".into(),
            result: CheckResult {
                at: Utc::now(),
                status,
                latency: Duration::from_millis(5),
                reason: String::new(),
                details,
            },
        }
    }

    fn opened(id: i64, incident: i64, simulated: bool) -> CoreEvent {
        CoreEvent::IncidentOpened {
            monitor_id: MonitorId(id),
            monitor: "api".into(),
            incident: IncidentId(incident),
            severity: crate::model::Severity::Critical,
            title: "api is down".into(),
            started_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
            simulated,
        }
    }

    #[test]
    fn checks_failures_and_the_current_run() {
        let mut t = Tally::default();
        let null = serde_json::Value::Null;
        for s in [Status::Up, Status::Down, Status::Down, Status::Degraded] {
            t.apply(&check(1, s, null.clone()));
        }
        let m = &t.monitors[&MonitorId(1)];
        assert_eq!((m.checks, m.failures, m.consecutive_failures), (4, 2, 0));
        t.apply(&check(1, Status::Down, null.clone()));
        t.apply(&check(1, Status::Down, null));
        let m = &t.monitors[&MonitorId(1)];
        assert_eq!((m.checks, m.failures, m.consecutive_failures), (6, 4, 2));
    }

    #[test]
    fn the_last_certificate_seen_is_kept_through_checks_without_one() {
        let mut t = Tally::default();
        let d = serde_json::json!({"cert_not_after": "2030-01-02T03:04:05+00:00"});
        t.apply(&check(1, Status::Up, d));
        t.apply(&check(
            1,
            Status::Down,
            serde_json::json!({"error": "refused"}),
        ));
        t.apply(&check(
            1,
            Status::Up,
            serde_json::json!({"cert_not_after": 12}),
        ));
        let at = t.monitors[&MonitorId(1)].cert_not_after;
        assert_eq!(at.map(|a| a.timestamp()), Some(1_893_553_445));
    }

    #[test]
    fn incidents_open_and_resolve_and_drills_are_not_outages() {
        let mut t = Tally::default();
        t.apply(&opened(1, 7, false));
        t.apply(&opened(2, 8, true));
        assert_eq!(
            t.monitors[&MonitorId(1)]
                .open_since()
                .map(|a| a.timestamp()),
            Some(1_700_000_000)
        );
        assert!(!t.monitors.contains_key(&MonitorId(2)));
        t.apply(&CoreEvent::IncidentResolved {
            monitor_id: MonitorId(1),
            monitor: "api".into(),
            incident: IncidentId(7),
            resolved_at: Utc::now(),
            duration_s: 3,
            simulated: false,
        });
        assert_eq!(t.monitors[&MonitorId(1)].open_since(), None);
        // A resolution for a monitor never seen is no trouble.
        t.apply(&CoreEvent::IncidentResolved {
            monitor_id: MonitorId(9),
            monitor: "gone".into(),
            incident: IncidentId(1),
            resolved_at: Utc::now(),
            duration_s: 3,
            simulated: false,
        });
        t.retain(|id| id != MonitorId(1));
        assert!(t.monitors.is_empty());
    }
}
