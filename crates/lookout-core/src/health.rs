//! The overall health: one status, one colour and one line of counts for every shell.
//!
//! The tray's icon and tooltip and the dashboard's header show the same [`Health`], computed
//! here once from how many monitors are in each status, so they can never disagree (a warning
//! outage amber in one and red in the other). The runtime keeps the [`StatusCounts`] up to
//! date as monitors change, so computing the health costs the same for ten monitors as for ten
//! thousand.

use serde::Serialize;

use crate::model::{Severity, Status};

/// How many monitors are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub up: usize,
    pub degraded: usize,
    pub down: usize,
    pub paused: usize,
    pub unknown: usize,
    pub maintenance: usize,
    /// Of the DOWN ones, those whose alert in force is only a warning: severity picks the
    /// colour, so a warning outage is amber, not red.
    pub down_warning: usize,
}

impl StatusCounts {
    /// Counts `(status, alert in force)` pairs.
    pub fn of<I: IntoIterator<Item = (Status, Option<Severity>)>>(states: I) -> Self {
        let mut c = StatusCounts::default();
        for (s, alert) in states {
            c.add(s, alert);
        }
        c
    }

    /// One more monitor in `status` with `alert` in force.
    pub fn add(&mut self, status: Status, alert: Option<Severity>) {
        *self.slot(status) += 1;
        if is_warning_outage(status, alert) {
            self.down_warning += 1;
        }
    }

    /// One monitor fewer in `status` with `alert` in force.
    pub fn remove(&mut self, status: Status, alert: Option<Severity>) {
        let slot = self.slot(status);
        *slot = slot.saturating_sub(1);
        if is_warning_outage(status, alert) {
            self.down_warning = self.down_warning.saturating_sub(1);
        }
    }

    fn slot(&mut self, status: Status) -> &mut usize {
        match status {
            Status::Up => &mut self.up,
            Status::Degraded => &mut self.degraded,
            Status::Down => &mut self.down,
            Status::Paused => &mut self.paused,
            Status::Maintenance => &mut self.maintenance,
            // Overall only; a monitor never reports it. Counted as not judged.
            Status::Unknown | Status::Offline => &mut self.unknown,
        }
    }

    /// The worst status of the active (non-paused) monitors, as [`Status::worst`] says it.
    pub fn worst(&self) -> Status {
        let judged = [
            (self.down, Status::Down),
            (self.degraded, Status::Degraded),
            (self.up, Status::Up),
            (self.maintenance, Status::Maintenance),
            (self.unknown, Status::Unknown),
        ];
        match judged.iter().find(|(n, _)| *n > 0) {
            Some((_, s)) => *s,
            None if self.paused > 0 => Status::Paused,
            None => Status::Unknown,
        }
    }
}

fn is_warning_outage(status: Status, alert: Option<Severity>) -> bool {
    status == Status::Down && alert == Some(Severity::Warning)
}

/// The colour of the overall health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    /// Every active monitor with a result is UP.
    Up,
    /// Something is DEGRADED, or DOWN with only a warning-severity alert: amber.
    Degraded,
    /// Something is DOWN with a critical alert (or no alert yet): red.
    Down,
    /// No monitors, all paused or in maintenance, or no results yet.
    Unknown,
    /// This machine is offline: no service is judged.
    Offline,
}

/// The overall health, as the tray and the dashboard show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Health {
    /// The overall status: the worst active monitor's, or OFFLINE.
    pub status: Status,
    pub tone: Tone,
    pub counts: StatusCounts,
    /// `5 up, 1 down`; `no monitors`; or what being offline means.
    pub summary: String,
}

impl Health {
    /// [`Health::summary`] in the language in force (`summary` itself stays English: it is
    /// part of the JSON machines read).
    pub fn words(&self) -> String {
        if self.status == Status::Offline {
            return crate::t!("health-offline");
        }
        let c = &self.counts;
        let parts: Vec<String> = [
            (c.up, "health-up"),
            (c.degraded, "health-degraded"),
            (c.down, "health-down"),
            (c.unknown, "health-pending"),
            (c.maintenance, "health-maintenance"),
            (c.paused, "health-paused"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, id)| crate::t!(id, n = n))
        .collect();
        if parts.is_empty() {
            crate::t!("health-none")
        } else {
            parts.join(&crate::t!("list-sep"))
        }
    }

    pub fn of(counts: StatusCounts, offline: bool) -> Health {
        if offline {
            return Health {
                status: Status::Offline,
                tone: Tone::Offline,
                counts,
                summary: "this computer is offline; checks resume when it is back".into(),
            };
        }
        let c = &counts;
        let tone = if c.down > c.down_warning {
            Tone::Down
        } else if c.degraded > 0 || c.down_warning > 0 {
            Tone::Degraded
        } else if c.up > 0 {
            Tone::Up
        } else {
            Tone::Unknown
        };
        let parts: Vec<String> = [
            (c.up, "up"),
            (c.degraded, "degraded"),
            (c.down, "down"),
            (c.unknown, "pending"),
            (c.maintenance, "in maintenance"),
            (c.paused, "paused"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {word}"))
        .collect();
        Health {
            status: counts.worst(),
            tone,
            counts,
            summary: if parts.is_empty() {
                "no monitors".into()
            } else {
                parts.join(", ")
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    fn health(states: &[(Status, Option<Severity>)]) -> Health {
        Health::of(StatusCounts::of(states.iter().copied()), false)
    }

    #[test]
    fn the_words_follow_the_language_and_the_json_summary_does_not() {
        use crate::i18n::{with_lang, Lang};
        let h = health(&[(Up, None), (Up, None), (Down, None)]);
        with_lang(Lang::ZhCn, || {
            assert_eq!(h.words(), "2 个正常、1 个故障");
            assert_eq!(health(&[]).words(), "没有监控");
        });
        assert_eq!(h.summary, "2 up, 1 down");
        with_lang(Lang::En, || assert_eq!(h.words(), "2 up, 1 down"));
    }

    #[test]
    fn a_warning_outage_is_amber_and_a_critical_one_red() {
        let h = health(&[(Up, None), (Down, Some(Severity::Warning))]);
        assert_eq!((h.status, h.tone), (Down, Tone::Degraded));
        let h = health(&[
            (Down, Some(Severity::Warning)),
            (Down, Some(Severity::Critical)),
        ]);
        assert_eq!(h.tone, Tone::Down);
        // DOWN before its rule triggered (threshold not reached): red, as DOWN is.
        assert_eq!(health(&[(Down, None)]).tone, Tone::Down);
    }

    #[test]
    fn counts_read_like_people_say_them() {
        let h = health(&[(Up, None), (Up, None), (Down, Some(Severity::Critical))]);
        assert_eq!(h.summary, "2 up, 1 down");
        assert_eq!(health(&[]).summary, "no monitors");
        assert_eq!(health(&[]).tone, Tone::Unknown);
        assert_eq!(health(&[(Paused, None)]).status, Paused);
        assert_eq!(health(&[(Paused, None)]).tone, Tone::Unknown);
        assert_eq!(health(&[(Maintenance, None)]).tone, Tone::Unknown);
    }

    #[test]
    fn offline_says_so_whatever_the_monitors_last_said() {
        let h = Health::of(StatusCounts::of([(Down, Some(Severity::Critical))]), true);
        assert_eq!((h.status, h.tone), (Offline, Tone::Offline));
        assert!(h.summary.contains("offline"), "{}", h.summary);
    }

    #[test]
    fn kept_counts_agree_with_counting_afresh() {
        let all = [Up, Degraded, Down, Maintenance, Paused, Unknown];
        let alerts = [None, Some(Severity::Warning), Some(Severity::Critical)];
        let mut kept = StatusCounts::default();
        let mut now: Vec<(Status, Option<Severity>)> = Vec::new();
        // Every status and alert, added and then each changed to the next one.
        for (i, s) in all.iter().enumerate() {
            let pair = (*s, alerts[i % 3]);
            kept.add(pair.0, pair.1);
            now.push(pair);
        }
        for (i, pair) in now.iter_mut().enumerate() {
            let next = (all[(i + 2) % all.len()], alerts[(i + 1) % 3]);
            kept.remove(pair.0, pair.1);
            kept.add(next.0, next.1);
            *pair = next;
        }
        assert_eq!(kept, StatusCounts::of(now.iter().copied()));
        for s in all {
            for n in [0usize, 1, 2] {
                let states: Vec<_> = std::iter::repeat_n((s, None), n)
                    .chain([(Up, None)])
                    .collect();
                assert_eq!(
                    StatusCounts::of(states.iter().copied()).worst(),
                    Status::worst(states.iter().map(|p| p.0)),
                    "{states:?}"
                );
            }
        }
    }
}
