//! [`CoreEvent`]s: what happened, published to the shells (each subscriber in order, see [`crate::runtime::Events`]).
//!
//! Past tense, and serializable as the JSON lines `lookout run` prints
//! (`{"event":"status_changed","monitor":NAME,...}`), so the CLI prints them as they are and
//! the desktop bridge forwards them to the UI unchanged.

use chrono::{DateTime, Utc};
use serde::Serialize;

use std::time::Duration;

use serde::Deserialize;

use crate::field::{format_duration, FieldError};
use crate::health::Health;
use crate::model::{ActionKind, CheckResult, IncidentId, MonitorId, RuleKind, Severity, Status};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CoreEvent {
    /// A check finished (every check; the dashboard's live latency).
    CheckCompleted {
        monitor_id: MonitorId,
        monitor: String,
        #[serde(flatten)]
        result: CheckResult,
    },
    /// The monitor's status changed.
    StatusChanged {
        monitor_id: MonitorId,
        monitor: String,
        from: Status,
        to: Status,
        at: DateTime<Utc>,
        reason: String,
    },
    /// A rule reached its `failure_threshold`: notify.
    AlertTriggered {
        monitor_id: MonitorId,
        monitor: String,
        rule: RuleKind,
        severity: Severity,
        incident: Option<IncidentId>,
        reason: String,
        /// The first failing check of the streak.
        since: DateTime<Utc>,
        at: DateTime<Utc>,
        failures: u32,
        threshold: u32,
        /// A "Simulate outage" drill's, not a real outage's.
        simulated: bool,
    },
    /// Still triggered after `remind_every`.
    AlertReminder {
        monitor_id: MonitorId,
        monitor: String,
        rule: RuleKind,
        severity: Severity,
        incident: Option<IncidentId>,
        reason: String,
        since: DateTime<Utc>,
        at: DateTime<Utc>,
        /// A "Simulate outage" drill's, not a real outage's.
        simulated: bool,
    },
    /// The rule reached its `success_threshold`: notify recovery.
    AlertResolved {
        monitor_id: MonitorId,
        monitor: String,
        rule: RuleKind,
        severity: Severity,
        incident: Option<IncidentId>,
        since: DateTime<Utc>,
        at: DateTime<Utc>,
        /// From the first failure to the first passing check.
        duration_s: i64,
        /// A "Simulate outage" drill's, not a real outage's.
        simulated: bool,
    },
    IncidentOpened {
        monitor_id: MonitorId,
        monitor: String,
        incident: IncidentId,
        severity: Severity,
        title: String,
        started_at: DateTime<Utc>,
        /// A "Simulate outage" drill's, not a real outage's.
        simulated: bool,
    },
    IncidentResolved {
        monitor_id: MonitorId,
        monitor: String,
        incident: IncidentId,
        resolved_at: DateTime<Utc>,
        duration_s: i64,
        /// A "Simulate outage" drill's, not a real outage's.
        simulated: bool,
    },
    /// The machine slept (or its clock jumped) from `from` to `to`: the gap has no data, and
    /// every monitor is re-checked before anything alerts.
    Resumed {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        slept_s: i64,
    },
    /// This machine lost or regained its network. While offline, failures of remote services
    /// are recorded as unknown and judged by nothing; one notice replaces a DOWN per monitor.
    ConnectivityChanged {
        online: bool,
        at: DateTime<Utc>,
        reason: String,
    },
    /// A monitor sent `notifications` alerts within `window_s`: further alerts are held until
    /// it settles (fewer than that many in the window). One of these, not one per flap.
    Flapping {
        monitor_id: MonitorId,
        monitor: String,
        notifications: usize,
        window_s: u64,
        at: DateTime<Utc>,
    },
    /// The watchdog: no result for more than two intervals (a stalled process, a saturated
    /// check budget). Once per lapse.
    Overdue {
        monitor_id: MonitorId,
        monitor: String,
        last_check: Option<DateTime<Utc>>,
        interval_s: u64,
        at: DateTime<Utc>,
    },
    /// "Simulate outage" began on this monitor: the alerts, incident and notifications that
    /// follow until `simulation_ended` are a self-test. Recovery actions only say what they
    /// would run, and nothing goes to alert channels.
    SimulationStarted {
        monitor_id: MonitorId,
        monitor: String,
    },
    SimulationEnded {
        monitor_id: MonitorId,
        monitor: String,
        incident: Option<IncidentId>,
    },
    /// The overall health changed: its status (the worst of the active monitors, or OFFLINE),
    /// its colour (a warning outage is amber, a critical one red) or its counts. `health` is
    /// what the tray and the dashboard's header show.
    OverallChanged {
        from: Status,
        to: Status,
        health: Health,
    },
    /// A monitor's snooze was set, changed, lifted or ran out, whoever did it (the CLI, the
    /// dashboard, the tray). `until`: when it ends ([`crate::storage::SNOOZE_FOREVER`]: until
    /// lifted); `None`: not snoozed any more.
    SnoozeChanged {
        monitor_id: MonitorId,
        monitor: String,
        until: Option<DateTime<Utc>>,
    },
    /// Monitors were added, edited, removed, paused or resumed, here or by another process.
    MonitorsChanged,
    /// The language people read changed (the `language` setting, here or by another process):
    /// `language` is the one now in force, `en` or `zh-CN`.
    LanguageChanged { language: String },
    /// The database cannot be written (disk full, locked, read-only, I/O error): check results
    /// wait in memory (`pending`; `dropped` once that buffer is full) and incident writes are
    /// retried until they go through. Checks and alerts go on. Once per fault.
    StorageFault {
        /// What is wrong, naming the file.
        fault: String,
        since: DateTime<Utc>,
        pending: usize,
        dropped: u64,
    },
    /// Writes go through again after a [`CoreEvent::StorageFault`].
    StorageRecovered {
        since: DateTime<Utc>,
        at: DateTime<Utc>,
        /// Check results lost to the fault since the store was opened.
        dropped: u64,
    },
    /// A long-lived task of Lookout's own panicked (a bug); it was caught and the task goes on
    /// or was started again ([`crate::fault`]). `task` names what failed ("the engine loop",
    /// "the check of Mockoon", "the action dispatcher", "the heartbeat listener", "the
    /// database writer").
    EngineFault {
        task: String,
        message: String,
        at: DateTime<Utc>,
    },
    /// A recovery action ran ([`crate::action`]). A re-check follows at once: whether it
    /// helped is told by the checks, never assumed from `ok`.
    RecoveryAction {
        monitor_id: MonitorId,
        monitor: String,
        /// `None` when the DOWN rule has not opened an incident (yet).
        incident: Option<IncidentId>,
        /// `{"run": [argv]}` or `{"webhook": URL}`.
        action: ActionKind,
        /// 1-based, per DOWN episode, per action.
        attempt: u32,
        max_attempts: u32,
        /// `exit_code`, `http_status`, `timed_out`, `ok`, `duration_ms`, `output` (the last
        /// lines), `error`.
        #[serde(flatten)]
        outcome: ActionOutcome,
        /// When the attempt started.
        at: DateTime<Utc>,
    },
    /// The DOWN rule resolved after a recovery action succeeded during the outage: the
    /// recovery notification can say the service was restarted automatically. Published right
    /// after the `alert_resolved` it belongs to.
    RecoveryHealed {
        monitor_id: MonitorId,
        monitor: String,
        incident: Option<IncidentId>,
        /// The last action that succeeded.
        action: ActionKind,
        /// Attempts of any action during the outage.
        attempts: u32,
        exit_code: Option<i32>,
        /// Always true; lets a consumer test one field on any event.
        healed_by_action: bool,
        /// `api was restarted automatically (systemctl --user restart api) and is back UP`.
        message: String,
        at: DateTime<Utc>,
    },
    /// An alert was sent to a webhook channel or could not be after every retry.
    AlertSent {
        monitor_id: MonitorId,
        monitor: String,
        incident: Option<IncidentId>,
        /// The channel without its URL's path (which often holds a secret): `slack → host`.
        channel: String,
        format: ChannelFormat,
        status: AlertStatus,
        ok: bool,
        tries: u32,
        error: Option<String>,
        at: DateTime<Utc>,
    },
}

// The payloads events carry, defined here so that what the shells hear depends on nothing
// above this module.

/// How an attempt went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionOutcome {
    /// The program's exit code; `None` when it was killed by a signal, did not start, or the
    /// action was a webhook.
    pub exit_code: Option<i32>,
    /// The webhook's HTTP status.
    pub http_status: Option<u16>,
    /// Killed (program) or abandoned (webhook) at the timeout.
    pub timed_out: bool,
    /// Exit code 0, or a 2xx answer.
    pub ok: bool,
    #[serde(rename = "duration_ms", serialize_with = "ser_ms")]
    pub duration: Duration,
    /// The last lines of combined stdout and stderr, or of the webhook's answer.
    pub output: String,
    /// Why the action could not run at all (program not found, connection refused).
    pub error: Option<String>,
}

fn ser_ms<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

impl ActionOutcome {
    pub(crate) fn failed(error: String, duration: Duration) -> ActionOutcome {
        ActionOutcome {
            exit_code: None,
            http_status: None,
            timed_out: false,
            ok: false,
            duration,
            output: String::new(),
            error: Some(error),
        }
    }

    /// `exited 0 after 1.2s`, `killed after the 30s timeout`, `answered 200 after 80ms`.
    pub fn summary(&self, timeout: Duration) -> String {
        let took = format_duration(Duration::from_millis(self.duration.as_millis() as u64));
        if self.timed_out {
            return crate::said!("timeline-action-timed-out", span = format_duration(timeout));
        }
        if let Some(e) = &self.error {
            return crate::said!("timeline-action-failed", span = took, error = e.as_str());
        }
        match (self.exit_code, self.http_status) {
            (_, Some(s)) => crate::said!("timeline-action-answered", code = s, span = took),
            (Some(c), _) => crate::said!("timeline-action-exited", code = c, span = took),
            (None, None) => crate::said!("timeline-action-signalled", span = took),
        }
    }
}

/// The body a channel gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelFormat {
    /// Kener's alert payload: `{id, alert_name, severity, status, source, timestamp, ...}`.
    Kener,
    /// `{"text": ...}`
    Slack,
    /// `{"content": ...}`
    Discord,
}

impl ChannelFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelFormat::Kener => "kener",
            ChannelFormat::Slack => "slack",
            ChannelFormat::Discord => "discord",
        }
    }
}

impl std::str::FromStr for ChannelFormat {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "kener" => Ok(ChannelFormat::Kener),
            "slack" => Ok(ChannelFormat::Slack),
            "discord" => Ok(ChannelFormat::Discord),
            other => Err(FieldError::new(
                "format",
                crate::t!("field-channel-format", value = other),
            )),
        }
    }
}

/// TRIGGERED or RESOLVED, Kener's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum AlertStatus {
    Triggered,
    Resolved,
}

impl AlertStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::Triggered => "TRIGGERED",
            AlertStatus::Resolved => "RESOLVED",
        }
    }
}
