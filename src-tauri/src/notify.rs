//! Native notifications for the core's alert events.
//!
//! [`text_for`] is pure: it turns an alert (`AlertTriggered` / `AlertReminder` /
//! `AlertResolved`, `RecoveryHealed`) or a notice about the monitoring itself (this machine went
//! offline or came back, a monitor is flapping or overdue) into the words and urgency of a
//! notification, and ignores every other event (a status change is not an alert: the core
//! decides what is worth a notification, the shell only decides how it looks). [`show`] hands
//! the text to the desktop through notify-rust, with the urgency and, for critical alerts, a
//! sound ([`sound_for`]).
//!
//! [`Presenter`] adds the little memory the words need across events: the notifications of a
//! "Simulate outage" drill say `[Simulated]`, and many monitors overdue at once (a stalled
//! machine) make one notification, not one each.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use lookout_core::events::CoreEvent;
use lookout_core::model::{IncidentId, MonitorId, RuleKind, Severity};
use tokio::time::Instant;

/// The application name notification servers show and group by.
pub const APP_NAME: &str = "Lookout";

/// How urgent, in the freedesktop sense (the `urgency` hint: 0 low, 1 normal, 2 critical).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Normal,
    Critical,
}

/// What one notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationText {
    pub summary: String,
    pub body: String,
    pub urgency: Urgency,
    /// The monitor it is about; `None` for notices about this machine (offline, test).
    pub monitor: Option<MonitorId>,
    /// The incident a click opens, when the rule created one.
    pub incident: Option<IncidentId>,
}

fn urgency(severity: Severity) -> Urgency {
    match severity {
        Severity::Critical => Urgency::Critical,
        Severity::Warning => Urgency::Normal,
    }
}

/// The freedesktop `sound-name` hint (a name from the sound naming spec) for an urgency: only
/// critical alerts make a sound; warnings and good news stay quiet.
pub fn sound_for(urgency: Urgency) -> Option<&'static str> {
    match urgency {
        Urgency::Critical => Some("dialog-warning"),
        Urgency::Normal => None,
    }
}

/// `45s`, `3m 12s`, `2h 5m`, `3d 4h`: two units at most, as people say it.
pub fn human_duration(secs: i64) -> String {
    // The same words as `lookout report` and the dashboard's report.
    lookout_core::report::human_secs(secs)
}

/// A wall-clock time in `tz`: `14:02:11`, with the date in front when it is not `now`'s day.
pub fn clock_time<Tz: TimeZone>(at: DateTime<Utc>, now: DateTime<Utc>, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let at = at.with_timezone(tz);
    let now = now.with_timezone(tz);
    if at.date_naive() == now.date_naive() {
        at.format("%H:%M:%S").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// The word for a rule's bad state, as in `<monitor> is DOWN`.
fn state_word(rule: RuleKind) -> &'static str {
    rule.status().as_str()
}

/// The notification for `event`, or `None` for events that are not alerts.
pub fn text_for<Tz: TimeZone>(event: &CoreEvent, tz: &Tz) -> Option<NotificationText>
where
    Tz::Offset: std::fmt::Display,
{
    match event {
        CoreEvent::AlertTriggered {
            monitor_id,
            monitor,
            rule,
            severity,
            incident,
            reason,
            since,
            at,
            failures,
            ..
        } => {
            let checks = if *failures == 1 {
                "1 failed check".to_string()
            } else {
                format!("{failures} failed checks")
            };
            Some(NotificationText {
                summary: format!("{monitor} is {}", state_word(*rule)),
                body: format!(
                    "{}\nSince {} ({checks})",
                    reason_line(reason),
                    clock_time(*since, *at, tz)
                ),
                urgency: urgency(*severity),
                monitor: Some(*monitor_id),
                incident: *incident,
            })
        }
        CoreEvent::AlertReminder {
            monitor_id,
            monitor,
            rule,
            severity,
            incident,
            reason,
            since,
            at,
        } => Some(NotificationText {
            summary: format!("{monitor} is still {}", state_word(*rule)),
            body: format!(
                "{}\n{} for {}, since {}",
                reason_line(reason),
                title_word(*rule),
                human_duration((*at - *since).num_seconds()),
                clock_time(*since, *at, tz)
            ),
            urgency: urgency(*severity),
            monitor: Some(*monitor_id),
            incident: *incident,
        }),
        CoreEvent::AlertResolved {
            monitor_id,
            monitor,
            rule,
            incident,
            since,
            at,
            duration_s,
            ..
        } => Some(NotificationText {
            summary: format!("{monitor} is back UP"),
            body: format!(
                "{} for {} (since {})",
                title_word(*rule),
                human_duration(*duration_s),
                clock_time(*since, *at, tz)
            ),
            // Good news never needs to stay on screen until dismissed.
            urgency: Urgency::Normal,
            monitor: Some(*monitor_id),
            incident: *incident,
        }),
        // Published right after the `alert_resolved` it belongs to: the recovery notification
        // is replaced by one that says the service was restarted automatically.
        CoreEvent::RecoveryHealed {
            monitor_id,
            monitor,
            incident,
            message,
            ..
        } => Some(NotificationText {
            summary: format!("{monitor} is back UP"),
            body: message.clone(),
            urgency: Urgency::Normal,
            monitor: Some(*monitor_id),
            incident: *incident,
        }),
        // One notice for the machine instead of a DOWN per monitor.
        CoreEvent::ConnectivityChanged {
            online: false,
            reason,
            ..
        } => Some(NotificationText {
            summary: "You are offline".to_string(),
            body: format!(
                "{}\nChecks resume when the network is back; until then nothing is reported DOWN.",
                upper_first(&reason_line(reason))
            ),
            urgency: Urgency::Normal,
            monitor: None,
            incident: None,
        }),
        CoreEvent::ConnectivityChanged { online: true, .. } => Some(NotificationText {
            summary: "You are back online".to_string(),
            body: "Every monitor is being checked now; only real outages will alert.".to_string(),
            urgency: Urgency::Normal,
            monitor: None,
            incident: None,
        }),
        CoreEvent::Flapping {
            monitor_id,
            monitor,
            notifications,
            window_s,
            ..
        } => Some(NotificationText {
            summary: format!("{monitor} is flapping"),
            body: format!(
                "{notifications} notifications in {}; further alerts are held until it settles.",
                human_duration(i64::try_from(*window_s).unwrap_or(i64::MAX))
            ),
            urgency: Urgency::Normal,
            monitor: Some(*monitor_id),
            incident: None,
        }),
        CoreEvent::Overdue {
            monitor_id,
            monitor,
            last_check,
            interval_s,
            at,
        } => {
            let every = human_duration(i64::try_from(*interval_s).unwrap_or(i64::MAX));
            let last = match last_check {
                Some(t) => format!("No check result since {}", clock_time(*t, *at, tz)),
                None => "No check result yet".to_string(),
            };
            Some(NotificationText {
                summary: format!("{monitor} is overdue"),
                body: format!(
                    "{last} (checked every {every}). Lookout's checks may be stalled or the machine overloaded."
                ),
                urgency: Urgency::Normal,
                monitor: Some(*monitor_id),
                incident: None,
            })
        }
        _ => None,
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether `event`'s notification replaces the monitor's last recovery notification.
pub fn replaces_recovery(event: &CoreEvent) -> bool {
    matches!(event, CoreEvent::RecoveryHealed { .. })
}

/// Whether `event`'s notification is a recovery one (a later "healed" may replace it).
pub fn is_recovery(event: &CoreEvent) -> bool {
    matches!(event, CoreEvent::AlertResolved { .. })
}

fn title_word(rule: RuleKind) -> &'static str {
    match rule {
        RuleKind::Down => "Down",
        RuleKind::Degraded => "Degraded",
    }
}

/// Reasons come from the monitored service; keep them to one short line.
fn reason_line(reason: &str) -> String {
    let line = reason.lines().next().unwrap_or("").trim();
    let line = if line.is_empty() {
        "No reason given"
    } else {
        line
    };
    if line.chars().count() > 200 {
        let cut: String = line.chars().take(199).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}

/// How long Overdue events are held to be told together: the watchdog finds a stalled
/// machine's monitors overdue within a moment of each other, not at the same instant.
pub const OVERDUE_GROUPING: Duration = Duration::from_secs(3);
/// A grouped overdue notification names this many monitors, then says how many more.
const OVERDUE_NAMES: usize = 5;
/// A drill that has not said it ended after this long is taken as over.
pub const DRILL_AT_MOST: Duration = Duration::from_secs(60);
/// Put before a drill's notification titles.
pub const SIMULATED_PREFIX: &str = "[Simulated] ";

/// Turns the core's events into notifications, remembering what [`text_for`] cannot see in one
/// event: which monitors are in a "Simulate outage" drill, and the Overdue events held for
/// [`OVERDUE_GROUPING`] to be told as one.
#[derive(Debug, Default)]
pub struct Presenter {
    /// When each drill began. A drill takes a moment; one that never says it ended (its end
    /// lost when the bridge fell behind) stops counting after [`DRILL_AT_MOST`], so a real
    /// outage is never labelled simulated.
    simulating: HashMap<MonitorId, Instant>,
    /// Held Overdue events: (monitor, name, its own notification, for when it is alone).
    overdue: Vec<(MonitorId, String, NotificationText)>,
    /// When the held Overdue events are shown.
    overdue_due: Option<Instant>,
}

impl Presenter {
    /// The notification to show now for `event`, if any. Overdue ones are held (see
    /// [`Presenter::deadline`]); a drill's are labelled as simulated.
    pub fn on_event<Tz: TimeZone>(
        &mut self,
        event: &CoreEvent,
        now: Instant,
        tz: &Tz,
    ) -> Option<NotificationText>
    where
        Tz::Offset: std::fmt::Display,
    {
        match event {
            CoreEvent::SimulationStarted { monitor_id, .. } => {
                self.simulating.insert(*monitor_id, now);
                return None;
            }
            CoreEvent::SimulationEnded { monitor_id, .. } => {
                self.simulating.remove(monitor_id);
                return None;
            }
            _ => {}
        }
        let mut text = text_for(event, tz)?;
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
        self.simulating
            .retain(|_, began| now.saturating_duration_since(*began) < DRILL_AT_MOST);
        if text
            .monitor
            .is_some_and(|m| self.simulating.contains_key(&m))
        {
            text.summary = format!("{SIMULATED_PREFIX}{}", text.summary);
            text.body
                .push_str("\nA simulated outage (self-test): the service was not touched.");
        }
        Some(text)
    }

    /// When the held Overdue events are due ([`Presenter::flush`]); `None` when none are held.
    pub fn deadline(&self) -> Option<Instant> {
        self.overdue_due
    }

    /// The held Overdue events as one notification: the monitor's own when it is alone,
    /// "N monitors are overdue" otherwise.
    pub fn flush(&mut self) -> Option<NotificationText> {
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
            names.push(format!("{} more", n - OVERDUE_NAMES));
        }
        let list = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.join(""),
        };
        Some(NotificationText {
            summary: format!("{n} monitors are overdue"),
            body: format!(
                "No recent check result for {list}. Lookout's checks may be stalled or the machine overloaded."
            ),
            urgency: Urgency::Normal,
            monitor: None,
            incident: None,
        })
    }
}

/// One thing "Send test notification" tried: the desktop notification or one webhook channel.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    /// `Desktop notification`, or a channel as `slack → hooks.slack.com` (never its URL path,
    /// which often holds a secret).
    pub name: String,
    pub ok: bool,
    pub error: Option<String>,
}

const TEST_SUMMARY: &str = "Lookout test notification";
const TEST_WORKS: &str = "Notifications work. You will see one like this when a monitor goes DOWN.";

/// Shown at once while the webhook channels are being tried; replaced by [`test_notification`].
pub fn test_pending(channels: usize) -> NotificationText {
    let what = if channels == 1 {
        "1 webhook channel".to_string()
    } else {
        format!("{channels} webhook channels")
    };
    NotificationText {
        summary: TEST_SUMMARY.to_string(),
        body: format!("{TEST_WORKS}\nTrying {what}…"),
        urgency: Urgency::Normal,
        monitor: None,
        incident: None,
    }
}

/// "Send test notification": the desktop notification itself, and what each webhook channel
/// did (`Err`: the channels could not be read).
pub fn test_notification(channels: &Result<Vec<Check>, String>) -> NotificationText {
    let tail = match channels {
        Ok(list) if list.is_empty() => "No webhook channels are configured.".to_string(),
        Ok(list) => {
            let ok = list.iter().filter(|c| c.ok).count();
            let mut lines = vec![format!("Webhook channels: {ok} of {} work", list.len())];
            for c in list {
                lines.push(match &c.error {
                    None if c.ok => format!("✓ {}", c.name),
                    None => format!("✕ {}", c.name),
                    Some(e) => format!("✕ {}: {}", c.name, reason_line(e)),
                });
            }
            lines.join("\n")
        }
        Err(e) => format!("The webhook channels could not be read: {}", reason_line(e)),
    };
    NotificationText {
        summary: TEST_SUMMARY.to_string(),
        body: format!("{TEST_WORKS}\n{tail}"),
        urgency: Urgency::Normal,
        monitor: None,
        incident: None,
    }
}

/// Shows a notification, replacing the one with id `replaces` when given; returns its id.
/// On Linux, `on_click` runs (on a helper thread) when the user clicks it.
/// Blocking: call from a blocking-friendly thread.
pub fn show(
    text: &NotificationText,
    replaces: Option<u32>,
    on_click: Option<Box<dyn FnOnce() + Send>>,
) -> Result<u32, notify_rust::error::Error> {
    let mut n = notify_rust::Notification::new();
    n.appname(APP_NAME).summary(&text.summary).body(&text.body);
    if let Some(id) = replaces {
        n.id(id);
    }
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        n.urgency(match text.urgency {
            Urgency::Normal => notify_rust::Urgency::Normal,
            Urgency::Critical => notify_rust::Urgency::Critical,
        });
        if let Some(sound) = sound_for(text.urgency) {
            n.sound_name(sound);
        }
        if on_click.is_some() {
            n.action("default", "Open in dashboard");
        }
    }
    let handle = n.show()?;
    let id = handle.id();
    #[cfg(all(unix, not(target_os = "macos")))]
    if let Some(f) = on_click {
        std::thread::spawn(move || {
            handle.wait_for_action(|action| {
                if action == "default" {
                    f();
                }
            })
        });
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        let _ = (handle, on_click);
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use lookout_core::model::Status;

    fn t(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 14, h, m, s).unwrap()
    }

    fn triggered(rule: RuleKind, severity: Severity) -> CoreEvent {
        CoreEvent::AlertTriggered {
            monitor_id: MonitorId(3),
            monitor: "api".into(),
            rule,
            severity,
            incident: Some(IncidentId(9)),
            reason: "connection refused (127.0.0.1:8080)".into(),
            since: t(14, 2, 11),
            at: t(14, 2, 14),
            failures: 3,
            threshold: 3,
        }
    }

    #[test]
    fn down_alert() {
        let n = text_for(&triggered(RuleKind::Down, Severity::Critical), &Utc).unwrap();
        assert_eq!(n.summary, "api is DOWN");
        assert_eq!(
            n.body,
            "connection refused (127.0.0.1:8080)\nSince 14:02:11 (3 failed checks)"
        );
        assert_eq!(n.urgency, Urgency::Critical);
        assert_eq!(n.incident, Some(IncidentId(9)));
        assert_eq!(n.monitor, Some(MonitorId(3)));
    }

    #[test]
    fn warning_severity_is_normal_urgency_and_degraded_says_so() {
        let n = text_for(&triggered(RuleKind::Degraded, Severity::Warning), &Utc).unwrap();
        assert_eq!(n.summary, "api is DEGRADED");
        assert_eq!(n.urgency, Urgency::Normal);
        let n = text_for(&triggered(RuleKind::Down, Severity::Warning), &Utc).unwrap();
        assert_eq!(n.summary, "api is DOWN");
        assert_eq!(n.urgency, Urgency::Normal);
    }

    #[test]
    fn one_failure_is_singular_and_other_days_show_the_date() {
        let ev = CoreEvent::AlertTriggered {
            monitor_id: MonitorId(1),
            monitor: "db".into(),
            rule: RuleKind::Down,
            severity: Severity::Critical,
            incident: None,
            reason: "".into(),
            since: t(23, 59, 50) - chrono::Duration::days(1),
            at: t(0, 0, 5),
            failures: 1,
            threshold: 1,
        };
        let n = text_for(&ev, &Utc).unwrap();
        assert_eq!(
            n.body,
            "No reason given\nSince 2026-03-13 23:59 (1 failed check)"
        );
        assert_eq!(n.incident, None);
    }

    #[test]
    fn resolved_says_back_up_with_downtime() {
        let ev = CoreEvent::AlertResolved {
            monitor_id: MonitorId(3),
            monitor: "api".into(),
            rule: RuleKind::Down,
            severity: Severity::Critical,
            incident: Some(IncidentId(9)),
            since: t(14, 2, 11),
            at: t(14, 5, 23),
            duration_s: 192,
        };
        let n = text_for(&ev, &Utc).unwrap();
        assert_eq!(n.summary, "api is back UP");
        assert_eq!(n.body, "Down for 3m 12s (since 14:02:11)");
        assert_eq!(n.urgency, Urgency::Normal);
        assert_eq!(n.incident, Some(IncidentId(9)));
    }

    #[test]
    fn reminder_says_still_down_and_for_how_long() {
        let ev = CoreEvent::AlertReminder {
            monitor_id: MonitorId(3),
            monitor: "api".into(),
            rule: RuleKind::Down,
            severity: Severity::Critical,
            incident: None,
            reason: "HTTP 503\n<html>lots of body</html>".into(),
            since: t(12, 0, 0),
            at: t(14, 30, 0),
        };
        let n = text_for(&ev, &Utc).unwrap();
        assert_eq!(n.summary, "api is still DOWN");
        assert_eq!(n.body, "HTTP 503\nDown for 2h 30m, since 12:00:00");
        assert_eq!(n.urgency, Urgency::Critical);
    }

    #[test]
    fn healed_by_a_recovery_action_says_so() {
        let ev = CoreEvent::RecoveryHealed {
            monitor_id: MonitorId(3),
            monitor: "api".into(),
            incident: Some(IncidentId(9)),
            action: lookout_core::model::ActionKind::Run(vec![
                "systemctl".into(),
                "--user".into(),
                "restart".into(),
                "api".into(),
            ]),
            attempts: 1,
            exit_code: Some(0),
            healed_by_action: true,
            message:
                "api was restarted automatically (systemctl --user restart api) and is back UP"
                    .into(),
            at: t(14, 5, 23),
        };
        let n = text_for(&ev, &Utc).unwrap();
        assert_eq!(n.summary, "api is back UP");
        assert_eq!(
            n.body,
            "api was restarted automatically (systemctl --user restart api) and is back UP"
        );
        assert_eq!(n.urgency, Urgency::Normal);
        assert!(replaces_recovery(&ev));
    }

    #[test]
    fn other_events_notify_nothing() {
        let evs = [
            CoreEvent::StatusChanged {
                monitor_id: MonitorId(1),
                monitor: "api".into(),
                from: Status::Up,
                to: Status::Down,
                at: t(1, 0, 0),
                reason: "x".into(),
            },
            CoreEvent::OverallChanged {
                from: Status::Up,
                to: Status::Down,
            },
            CoreEvent::MonitorsChanged,
            CoreEvent::IncidentOpened {
                monitor_id: MonitorId(1),
                monitor: "api".into(),
                incident: IncidentId(1),
                severity: Severity::Critical,
                title: "api is DOWN".into(),
                started_at: t(1, 0, 0),
            },
            CoreEvent::IncidentResolved {
                monitor_id: MonitorId(1),
                monitor: "api".into(),
                incident: IncidentId(1),
                resolved_at: t(1, 0, 0),
                duration_s: 5,
            },
        ];
        for ev in evs {
            assert_eq!(text_for(&ev, &Utc), None, "{ev:?}");
        }
    }

    #[test]
    fn offline_is_one_notice_and_reconnection_another() {
        let off = CoreEvent::ConnectivityChanged {
            online: false,
            at: t(9, 0, 0),
            reason: "reference targets unreachable: 1.1.1.1:443, 9.9.9.9:443".into(),
        };
        let n = text_for(&off, &Utc).unwrap();
        assert_eq!(n.summary, "You are offline");
        assert_eq!(
            n.body,
            "Reference targets unreachable: 1.1.1.1:443, 9.9.9.9:443\nChecks resume when the network is back; until then nothing is reported DOWN."
        );
        assert_eq!(n.urgency, Urgency::Normal);
        assert_eq!((n.monitor, n.incident), (None, None));
        let on = CoreEvent::ConnectivityChanged {
            online: true,
            at: t(9, 5, 0),
            reason: String::new(),
        };
        let n = text_for(&on, &Utc).unwrap();
        assert_eq!(n.summary, "You are back online");
        assert_eq!(
            n.body,
            "Every monitor is being checked now; only real outages will alert."
        );
        assert_eq!(n.urgency, Urgency::Normal);
    }

    #[test]
    fn flapping_says_how_often_and_that_alerts_are_held() {
        let ev = CoreEvent::Flapping {
            monitor_id: MonitorId(3),
            monitor: "api".into(),
            notifications: 4,
            window_s: 600,
            at: t(9, 0, 0),
        };
        let n = text_for(&ev, &Utc).unwrap();
        assert_eq!(n.summary, "api is flapping");
        assert_eq!(
            n.body,
            "4 notifications in 10m; further alerts are held until it settles."
        );
        assert_eq!(n.urgency, Urgency::Normal);
        assert_eq!(n.monitor, Some(MonitorId(3)));
    }

    #[test]
    fn overdue_says_since_when() {
        let mut ev = CoreEvent::Overdue {
            monitor_id: MonitorId(3),
            monitor: "api".into(),
            last_check: Some(t(8, 58, 30)),
            interval_s: 30,
            at: t(9, 0, 0),
        };
        let n = text_for(&ev, &Utc).unwrap();
        assert_eq!(n.summary, "api is overdue");
        assert_eq!(
            n.body,
            "No check result since 08:58:30 (checked every 30s). Lookout's checks may be stalled or the machine overloaded."
        );
        assert_eq!(n.urgency, Urgency::Normal);
        if let CoreEvent::Overdue { last_check, .. } = &mut ev {
            *last_check = None;
        }
        let n = text_for(&ev, &Utc).unwrap();
        assert!(
            n.body
                .starts_with("No check result yet (checked every 30s)"),
            "{}",
            n.body
        );
    }

    fn overdue(id: i64) -> CoreEvent {
        CoreEvent::Overdue {
            monitor_id: MonitorId(id),
            monitor: format!("m{id}"),
            last_check: Some(t(8, 58, 30)),
            interval_s: 30,
            at: t(9, 0, 0),
        }
    }

    #[test]
    fn a_drill_says_simulated_and_nothing_else_does() {
        let mut p = Presenter::default();
        let now = Instant::now();
        let resolved = CoreEvent::AlertResolved {
            monitor_id: MonitorId(3),
            monitor: "api".into(),
            rule: RuleKind::Down,
            severity: Severity::Critical,
            incident: Some(IncidentId(9)),
            since: t(14, 2, 11),
            at: t(14, 2, 14),
            duration_s: 3,
        };
        let real = p
            .on_event(&triggered(RuleKind::Down, Severity::Critical), now, &Utc)
            .unwrap();
        assert_eq!(real.summary, "api is DOWN");
        let start = CoreEvent::SimulationStarted {
            monitor_id: MonitorId(3),
            monitor: "api".into(),
        };
        assert_eq!(p.on_event(&start, now, &Utc), None);
        let down = p
            .on_event(&triggered(RuleKind::Down, Severity::Critical), now, &Utc)
            .unwrap();
        assert_eq!(down.summary, "[Simulated] api is DOWN");
        assert!(
            down.body
                .ends_with("\nA simulated outage (self-test): the service was not touched."),
            "{}",
            down.body
        );
        assert_eq!(
            down.urgency,
            Urgency::Critical,
            "the drill tries the real path, sound included"
        );
        let up = p.on_event(&resolved, now, &Utc).unwrap();
        assert_eq!(up.summary, "[Simulated] api is back UP");
        // Another monitor's real alert during the drill is real.
        let mut other = triggered(RuleKind::Down, Severity::Critical);
        if let CoreEvent::AlertTriggered {
            monitor_id,
            monitor,
            ..
        } = &mut other
        {
            *monitor_id = MonitorId(4);
            *monitor = "db".into();
        }
        assert_eq!(p.on_event(&other, now, &Utc).unwrap().summary, "db is DOWN");
        let end = CoreEvent::SimulationEnded {
            monitor_id: MonitorId(3),
            monitor: "api".into(),
            incident: Some(IncidentId(9)),
        };
        assert_eq!(p.on_event(&end, now, &Utc), None);
        assert_eq!(
            p.on_event(&resolved, now, &Utc).unwrap().summary,
            "api is back UP"
        );
    }

    #[test]
    fn a_drill_whose_end_was_lost_stops_labelling_after_a_minute() {
        let mut p = Presenter::default();
        let now = Instant::now();
        let start = CoreEvent::SimulationStarted {
            monitor_id: MonitorId(3),
            monitor: "api".into(),
        };
        p.on_event(&start, now, &Utc);
        let down = triggered(RuleKind::Down, Severity::Critical);
        let within = now + DRILL_AT_MOST - Duration::from_secs(1);
        assert!(p
            .on_event(&down, within, &Utc)
            .unwrap()
            .summary
            .starts_with(SIMULATED_PREFIX));
        let later = p.on_event(&down, now + DRILL_AT_MOST, &Utc).unwrap();
        assert_eq!(
            later.summary, "api is DOWN",
            "a real outage is never labelled"
        );
    }

    #[test]
    fn one_overdue_monitor_is_told_alone_after_the_grouping_wait() {
        let mut p = Presenter::default();
        let now = Instant::now();
        assert_eq!(p.deadline(), None);
        assert_eq!(p.on_event(&overdue(1), now, &Utc), None, "held");
        assert_eq!(p.deadline(), Some(now + OVERDUE_GROUPING));
        let n = p.flush().unwrap();
        assert_eq!(n.summary, "m1 is overdue");
        assert_eq!(n.monitor, Some(MonitorId(1)));
        assert_eq!(p.deadline(), None);
        assert_eq!(p.flush(), None, "nothing held twice");
    }

    #[test]
    fn many_overdue_monitors_make_one_notification() {
        let mut p = Presenter::default();
        let now = Instant::now();
        for id in 0..7 {
            // Arriving over a second or two does not push the notification further away.
            let at = now + Duration::from_millis(300 * id as u64);
            assert_eq!(p.on_event(&overdue(id), at, &Utc), None);
        }
        assert_eq!(
            p.on_event(&overdue(3), now, &Utc),
            None,
            "a repeat counts once"
        );
        // Other notifications are not held meanwhile.
        assert!(p
            .on_event(&triggered(RuleKind::Down, Severity::Critical), now, &Utc)
            .is_some());
        assert_eq!(p.deadline(), Some(now + OVERDUE_GROUPING));
        let n = p.flush().unwrap();
        assert_eq!(n.summary, "7 monitors are overdue");
        assert_eq!(
            n.body,
            "No recent check result for m0, m1, m2, m3, m4 and 2 more. Lookout's checks may be stalled or the machine overloaded."
        );
        assert_eq!(
            (n.monitor, n.incident),
            (None, None),
            "a click opens the dashboard"
        );
        assert_eq!(n.urgency, Urgency::Normal);
        p.on_event(&overdue(1), now, &Utc);
        p.on_event(&overdue(2), now, &Utc);
        assert_eq!(
            p.flush().unwrap().body,
            "No recent check result for m1 and m2. Lookout's checks may be stalled or the machine overloaded."
        );
    }

    #[test]
    fn only_critical_alerts_make_a_sound() {
        assert_eq!(sound_for(Urgency::Critical), Some("dialog-warning"));
        assert_eq!(sound_for(Urgency::Normal), None);
        let n = text_for(&triggered(RuleKind::Down, Severity::Warning), &Utc).unwrap();
        assert_eq!(sound_for(n.urgency), None);
    }

    #[test]
    fn test_notification_lists_every_channel() {
        let none = test_notification(&Ok(vec![]));
        assert_eq!(none.summary, "Lookout test notification");
        assert_eq!(
            none.body,
            "Notifications work. You will see one like this when a monitor goes DOWN.\nNo webhook channels are configured."
        );
        let two = test_notification(&Ok(vec![
            Check {
                name: "slack → hooks.slack.com".into(),
                ok: true,
                error: None,
            },
            Check {
                name: "kener → 127.0.0.1:9".into(),
                ok: false,
                error: Some("HTTP 500: oops\n<html>".into()),
            },
        ]));
        assert_eq!(
            two.body.lines().skip(1).collect::<Vec<_>>(),
            [
                "Webhook channels: 1 of 2 work",
                "✓ slack → hooks.slack.com",
                "✕ kener → 127.0.0.1:9: HTTP 500: oops"
            ]
        );
        let unreadable = test_notification(&Err("bad JSON".into()));
        assert!(
            unreadable
                .body
                .ends_with("The webhook channels could not be read: bad JSON"),
            "{}",
            unreadable.body
        );
        assert_eq!(test_pending(1).summary, "Lookout test notification");
        assert!(test_pending(2).body.ends_with("Trying 2 webhook channels…"));
        assert!(test_pending(1).body.ends_with("Trying 1 webhook channel…"));
    }

    #[test]
    fn long_reasons_are_cut() {
        let mut ev = triggered(RuleKind::Down, Severity::Critical);
        if let CoreEvent::AlertTriggered { reason, .. } = &mut ev {
            *reason = "x".repeat(500);
        }
        let n = text_for(&ev, &Utc).unwrap();
        let first = n.body.lines().next().unwrap();
        assert_eq!(first.chars().count(), 200);
        assert!(first.ends_with('…'));
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(0), "0s");
        assert_eq!(human_duration(45), "45s");
        assert_eq!(human_duration(60), "1m");
        assert_eq!(human_duration(192), "3m 12s");
        assert_eq!(human_duration(3600), "1h");
        assert_eq!(human_duration(7500), "2h 5m");
        assert_eq!(human_duration(86_400 * 3), "3d");
        assert_eq!(human_duration(86_400 * 3 + 4 * 3600 + 59), "3d 4h");
        assert_eq!(human_duration(-5), "0s");
    }

    #[test]
    fn local_offsets_are_applied() {
        let tz = chrono::FixedOffset::east_opt(2 * 3600).unwrap();
        assert_eq!(clock_time(t(14, 2, 11), t(14, 3, 0), &tz), "16:02:11");
    }
}
