//! Overdue monitors told together; a recurring internal fault told once an hour.

use std::time::Duration;

use chrono::TimeZone;
use tokio::time::Instant;

use super::{text_for, Notice, Urgency};
use crate::events::CoreEvent;
use crate::model::MonitorId;
use crate::t;

/// How long Overdue events are held to be told together: the watchdog finds a stalled
/// machine's monitors overdue within a moment of each other, not at the same instant.
pub const OVERDUE_GROUPING: Duration = Duration::from_secs(3);
/// A grouped overdue notification names this many monitors, then says how many more.
const OVERDUE_NAMES: usize = 5;
/// An `engine_fault` of the same task is notified at most this often: a bug that a service's
/// answer sets off at every check must not become a notification every interval.
pub const FAULT_QUIET: Duration = Duration::from_secs(3600);
/// Turns the core's events into notifications, remembering what [`text_for`] cannot see in one
/// event: the Overdue events held for [`OVERDUE_GROUPING`] to be told as one, and when each
/// task's last fault was told.
#[derive(Debug, Default)]
pub struct Presenter {
    /// Held Overdue events: (monitor, name, its own notification, for when it is alone).
    overdue: Vec<(MonitorId, String, Notice)>,
    /// When the held Overdue events are shown.
    overdue_due: Option<Instant>,
    /// When a fault of each task was last told.
    faults: std::collections::HashMap<String, Instant>,
}

impl Presenter {
    /// The notification to show now for `event`, if any. Overdue ones are held (see
    /// [`Presenter::deadline`]).
    pub fn on_event<Tz: TimeZone>(
        &mut self,
        event: &CoreEvent,
        now: Instant,
        tz: &Tz,
    ) -> Option<Notice>
    where
        Tz::Offset: std::fmt::Display,
    {
        let text = text_for(event, tz)?;
        if let CoreEvent::EngineFault { task, .. } = event {
            let told = self.faults.get(task);
            if told.is_some_and(|t| now.saturating_duration_since(*t) < FAULT_QUIET) {
                return None;
            }
            self.faults.insert(task.clone(), now);
        }
        if let CoreEvent::Overdue {
            monitor_id,
            monitor,
            ..
        } = event
        {
            // Told once per lapse by the core; a repeat only replaces the held one.
            match self.overdue.iter_mut().find(|(m, _, _)| m == monitor_id) {
                Some(held) => held.2 = text,
                None => self.overdue.push((*monitor_id, monitor.clone(), text)),
            }
            self.overdue_due.get_or_insert(now + OVERDUE_GROUPING);
            return None;
        }
        Some(text)
    }

    /// When the held Overdue events are due ([`Presenter::flush`]); `None` when none are held.
    pub fn deadline(&self) -> Option<Instant> {
        self.overdue_due
    }

    /// The held Overdue events as one notification: the monitor's own when it is alone,
    /// "N monitors are overdue" otherwise.
    pub fn flush(&mut self) -> Option<Notice> {
        self.overdue_due = None;
        let mut held = std::mem::take(&mut self.overdue);
        if held.len() <= 1 {
            return held.pop().map(|(_, _, text)| text);
        }
        let n = held.len();
        let mut names: Vec<String> = held
            .iter()
            .take(OVERDUE_NAMES)
            .map(|(_, name, _)| name.clone())
            .collect();
        if n > OVERDUE_NAMES {
            names.push(t!("notice-overdue-more", n = n - OVERDUE_NAMES));
        }
        let list = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => t!(
                "list-and",
                rest = rest.join(&t!("list-sep")),
                last = last.as_str()
            ),
            _ => names.join(""),
        };
        Some(Notice {
            summary: t!("notice-overdue-many-summary", n = n),
            body: t!("notice-overdue-many-body", list = list),
            urgency: Urgency::Normal,
            monitor: None,
            incident: None,
        })
    }
}
