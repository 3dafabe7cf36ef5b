//! What Lookout says when it tells a person something: the words of notifications about
//! alerts and about the monitoring itself, the same for every shell.
//!
//! [`text_for`] is pure: it turns an alert (`alert_triggered` / `alert_reminder` /
//! `alert_resolved`, `recovery_healed`) or a notice about the monitoring itself (this machine
//! went offline or came back, a monitor is flapping or overdue, the database cannot be written
//! or can again) into a summary, a body and an
//! urgency, and ignores every other event (a status change is not an alert: the core decides
//! what is worth telling). A drill's alerts (`simulated: true`) say `[Simulated]`. The desktop
//! shows these as native notifications; webhook channels send the same words.
//!
//! [`Presenter`] adds the one memory the words need across events: many monitors overdue at
//! once (a stalled machine) make one notification, not one each. [`selftest`] words "Send test
//! notification".

mod presenter;
pub mod selftest;
#[cfg(test)]
mod tests;

pub use presenter::{Presenter, FAULT_QUIET, OVERDUE_GROUPING};

use chrono::{DateTime, TimeZone, Utc};

use crate::events::CoreEvent;
use crate::i18n::duration;
use crate::model::{IncidentId, MonitorId, RuleKind, Severity, Status};
use crate::t;

/// How urgent, in the freedesktop sense (the `urgency` hint: 0 low, 1 normal, 2 critical).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Normal,
    Critical,
}

/// What one notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
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

/// `45s`, `3m 12s`, `2h 5m`, `3d 4h`: two units at most, as people say it, in the language in
/// force (the same words as `lookout report` and the dashboard).
pub fn human_duration(secs: i64) -> String {
    duration(secs)
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
        at.format(&crate::i18n::date_time_format(crate::i18n::current()))
            .to_string()
    }
}

/// The word for a rule's bad state, as in `<monitor> is DOWN`.
fn state_word(rule: RuleKind) -> String {
    status_word(rule.status())
}

/// A status as a person reads it: `DOWN` / `故障`.
pub fn status_word(status: Status) -> String {
    t!(match status {
        Status::Up => "status-up",
        Status::Down => "status-down",
        Status::Degraded => "status-degraded",
        Status::Maintenance => "status-maintenance",
        Status::Paused => "status-paused",
        Status::Unknown => "status-unknown",
        Status::Offline => "status-offline",
    })
}

/// The notification for `event`, or `None` for events that are not alerts. A drill's say so
/// in their title and body.
pub fn text_for<Tz: TimeZone>(event: &CoreEvent, tz: &Tz) -> Option<Notice>
where
    Tz::Offset: std::fmt::Display,
{
    let mut notice = words_for(event, tz)?;
    if is_simulated(event) {
        notice.summary = t!("notice-simulated-prefix", summary = notice.summary);
        notice.body.push('\n');
        notice.body.push_str(&t!("notice-simulated-line"));
    }
    Some(notice)
}

/// Whether `event` is a drill's, as the event itself says.
pub fn is_simulated(event: &CoreEvent) -> bool {
    matches!(
        event,
        CoreEvent::AlertTriggered {
            simulated: true,
            ..
        } | CoreEvent::AlertReminder {
            simulated: true,
            ..
        } | CoreEvent::AlertResolved {
            simulated: true,
            ..
        } | CoreEvent::IncidentOpened {
            simulated: true,
            ..
        } | CoreEvent::IncidentResolved {
            simulated: true,
            ..
        }
    )
}

fn words_for<Tz: TimeZone>(event: &CoreEvent, tz: &Tz) -> Option<Notice>
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
            let checks = t!("notice-failed-checks", n = *failures);
            Some(Notice {
                summary: t!(
                    "notice-alert-summary",
                    monitor = monitor.as_str(),
                    state = state_word(*rule)
                ),
                body: t!(
                    "notice-alert-body",
                    reason = reason_line(reason),
                    since = clock_time(*since, *at, tz),
                    checks = checks
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
            ..
        } => Some(Notice {
            summary: t!(
                "notice-reminder-summary",
                monitor = monitor.as_str(),
                state = state_word(*rule)
            ),
            body: t!(
                "notice-reminder-body",
                reason = reason_line(reason),
                title = title_word(*rule),
                duration = human_duration((*at - *since).num_seconds()),
                since = clock_time(*since, *at, tz)
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
        } => Some(Notice {
            summary: t!("notice-resolved-summary", monitor = monitor.as_str()),
            body: t!(
                "notice-resolved-body",
                title = title_word(*rule),
                duration = human_duration(*duration_s),
                since = clock_time(*since, *at, tz)
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
        } => Some(Notice {
            summary: t!("notice-resolved-summary", monitor = monitor.as_str()),
            body: crate::i18n::word(message).into_owned(),
            urgency: Urgency::Normal,
            monitor: Some(*monitor_id),
            incident: *incident,
        }),
        // One notice for the machine instead of a DOWN per monitor.
        CoreEvent::ConnectivityChanged {
            online: false,
            reason,
            ..
        } => Some(Notice {
            summary: t!("notice-offline-summary"),
            body: t!(
                "notice-offline-body",
                reason = upper_first(&reason_line(reason))
            ),
            urgency: Urgency::Normal,
            monitor: None,
            incident: None,
        }),
        CoreEvent::ConnectivityChanged { online: true, .. } => Some(Notice {
            summary: t!("notice-online-summary"),
            body: t!("notice-online-body"),
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
        } => Some(Notice {
            summary: t!("notice-flapping-summary", monitor = monitor.as_str()),
            body: t!(
                "notice-flapping-body",
                n = *notifications,
                window = human_duration(i64::try_from(*window_s).unwrap_or(i64::MAX))
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
                Some(t) => t!("notice-overdue-since", since = clock_time(*t, *at, tz)),
                None => t!("notice-overdue-never"),
            };
            Some(Notice {
                summary: t!("notice-overdue-summary", monitor = monitor.as_str()),
                body: t!("notice-overdue-body", last = last, every = every),
                urgency: Urgency::Normal,
                monitor: Some(*monitor_id),
                incident: None,
            })
        }
        // One notice per fault, not one per failed write.
        CoreEvent::StorageFault { fault, .. } => Some(Notice {
            summary: t!("notice-storage-fault-summary"),
            body: t!(
                "notice-storage-fault-body",
                fault = upper_first(fault.trim_end_matches('.'))
            ),
            urgency: Urgency::Critical,
            monitor: None,
            incident: None,
        }),
        CoreEvent::EngineFault { task, message, .. } => Some(Notice {
            summary: t!("notice-engine-fault-summary"),
            body: t!(
                "notice-engine-fault-body",
                task = upper_first(&crate::i18n::word(task)),
                message = message.trim_end_matches('.')
            ),
            urgency: Urgency::Normal,
            monitor: None,
            incident: None,
        }),
        CoreEvent::StorageRecovered { dropped, .. } => Some(Notice {
            summary: t!("notice-storage-recovered-summary"),
            body: t!("notice-storage-recovered-body", dropped = *dropped),
            urgency: Urgency::Normal,
            monitor: None,
            incident: None,
        }),
        _ => None,
    }
}

/// `text` for a notification body, which servers read as markup (`<b>`, `<a href>`,
/// `<img>`): the words come from outside (a push message, a certificate's name, a DNS TXT
/// record, a response body), so they are escaped and shown as written, never interpreted.
pub fn body_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
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

fn title_word(rule: RuleKind) -> String {
    t!(match rule {
        RuleKind::Down => "rule-title-down",
        RuleKind::Degraded => "rule-title-degraded",
    })
}

/// Reasons come from the monitored service; keep them to one short line, in the reader's
/// language where Lookout wrote them.
pub(crate) fn reason_line(reason: &str) -> String {
    let reason = crate::i18n::word(reason);
    let line = reason.lines().next().unwrap_or("").trim();
    let no_reason;
    let line = if line.is_empty() {
        no_reason = t!("notice-no-reason");
        no_reason.as_str()
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
