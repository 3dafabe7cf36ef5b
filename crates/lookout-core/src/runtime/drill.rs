//! "Simulate outage": a drill of the whole path (the DOWN rule, an incident, the
//! notifications, recovery actions as a dry run) with synthetic failures, without touching
//! the service, then the recovery.
//!
//! Its results are [`Source::Drill`]: never stored, never announced as checks, and every alert
//! and incident event it causes says `simulated: true`, so no shell has to guess.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::judge::{Source, Told};
use super::state::Engine;
use crate::command::CommandError;
use crate::events::CoreEvent;
use crate::field::{ConfigError, FieldError};
use crate::model::{CheckResult, IncidentEventKind, IncidentId, MonitorId, RuleKind, Status};
use crate::scheduler::Completed;

/// The note a drill puts on its incident's timeline. Migration 6 tells the drills recorded
/// before incidents had a `simulated` flag by this very text.
pub(super) const DRILL_NOTE: &str = "This incident is a simulated outage (self-test)";

/// What a simulated outage did ([`super::Runtime::simulate`], `lookout simulate`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Simulation {
    pub monitor_id: MonitorId,
    pub monitor: String,
    /// The simulated incident, if the DOWN rule opens one.
    pub incident: Option<IncidentId>,
    /// The DOWN alert went out (a snooze or a parent's outage may hold it).
    pub alerted: bool,
    /// Its resolution went out.
    pub resolved: bool,
}

impl Engine {
    /// Runs a drill on a monitor that is UP, so a real incident is never disturbed.
    pub async fn simulate(&mut self, id: MonitorId) -> Result<Simulation, CommandError> {
        let e = self
            .entries
            .get(&id)
            .ok_or_else(|| CommandError::NotFound(crate::storage::what_monitor(id)))?;
        let (m, status) = (e.monitor.clone(), e.status());
        if status != Status::Up {
            return Err(CommandError::Invalid(ConfigError {
                monitor: Some(m.name.clone()),
                errors: vec![FieldError::new(
                    "status",
                    crate::t!(
                        "field-simulate-not-up",
                        monitor = m.name.as_str(),
                        status = status.as_str()
                    ),
                )],
            }));
        }
        self.emit(CoreEvent::SimulationStarted {
            monitor_id: id,
            monitor: m.name.clone(),
        });
        let clock = self.ctx.clock.clone();
        let sample = |status: Status, reason: &str| Completed {
            monitor: id,
            result: CheckResult {
                at: clock.now(),
                status,
                latency: Duration::ZERO,
                reason: reason.to_string(),
                details: serde_json::Value::Null,
            },
            lateness: Duration::ZERO,
            fault: None,
        };
        let reason = crate::said!("reason-drill");
        let reason = reason.as_str();
        let mut told = Told::default();
        let mut add = |t: Told| {
            told.alerted |= t.alerted;
            told.resolved |= t.resolved;
        };
        for _ in 0..m.alerts.down.failure_threshold {
            add(self
                .judge(sample(Status::Down, reason), Source::Drill)
                .await);
        }
        let incident = self
            .entries
            .get(&id)
            .and_then(|e| e.incidents.get(&RuleKind::Down).copied());
        if let Some(inc) = incident {
            // Before the recovery, so the drill always ends (and says so) even if this fails.
            self.note(inc, clock.now(), IncidentEventKind::Note, DRILL_NOTE.into())
                .await;
        }
        for _ in 0..m.alerts.down.success_threshold {
            add(self.judge(sample(Status::Up, ""), Source::Drill).await);
        }
        self.emit(CoreEvent::SimulationEnded {
            monitor_id: id,
            monitor: m.name.clone(),
            incident,
        });
        Ok(Simulation {
            monitor_id: id,
            monitor: m.name.clone(),
            incident,
            alerted: told.alerted,
            resolved: told.resolved,
        })
    }
}
