//! The domain vocabulary: ids, statuses, check results, alert rules, recovery action kinds and
//! incidents.
//!
//! Plain data that every layer above speaks; it imports nothing else from the crate. The
//! monitor aggregate that holds these parts is [`crate::monitor::Monitor`].

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A monitor's database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MonitorId(pub i64);

impl fmt::Display for MonitorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An incident's database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IncidentId(pub i64);

impl fmt::Display for IncidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A monitor's status, and the overall status of a set of monitors.
///
/// The declaration order is the order of badness used for the overall status:
/// a later variant is worse ([`Status::worst`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    /// Paused by the user: not checked, not counted in the overall status.
    Paused,
    /// No result yet.
    Unknown,
    /// Inside a maintenance window: checked, but nothing alerts and it isn't downtime.
    Maintenance,
    Up,
    /// The check passed but slower than the monitor's `degraded_latency`.
    Degraded,
    Down,
    /// Overall only: this machine has no network, so no service's failure is judged.
    Offline,
}

impl Status {
    /// Every status a monitor can have (OFFLINE is only ever the overall status).
    pub const ALL: [Status; 6] = [
        Status::Up,
        Status::Degraded,
        Status::Down,
        Status::Maintenance,
        Status::Paused,
        Status::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Up => "UP",
            Status::Degraded => "DEGRADED",
            Status::Down => "DOWN",
            Status::Paused => "PAUSED",
            Status::Unknown => "UNKNOWN",
            Status::Maintenance => "MAINTENANCE",
            Status::Offline => "OFFLINE",
        }
    }

    /// The overall status of a set of monitors: the worst of the active (non-paused) ones.
    /// No active monitors, or none with a result, gives `Unknown`; all paused gives `Paused`.
    pub fn worst<I: IntoIterator<Item = Status>>(statuses: I) -> Status {
        let mut any = false;
        let mut worst = None::<Status>;
        for s in statuses {
            any = true;
            if s == Status::Paused {
                continue;
            }
            worst = Some(worst.map_or(s, |w| w.max(s)));
        }
        match worst {
            Some(w) => w,
            None if any => Status::Paused,
            None => Status::Unknown,
        }
    }

    /// Small integer stored in the `checks` table (0 takes no bytes in SQLite's record format).
    pub fn code(self) -> i64 {
        match self {
            Status::Up => 0,
            Status::Degraded => 1,
            Status::Down => 2,
            Status::Unknown => 3,
            Status::Paused => 4,
            Status::Maintenance => 5,
            Status::Offline => 6,
        }
    }

    pub fn from_code(code: i64) -> Status {
        match code {
            0 => Status::Up,
            1 => Status::Degraded,
            2 => Status::Down,
            4 => Status::Paused,
            5 => Status::Maintenance,
            6 => Status::Offline,
            _ => Status::Unknown,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How loud an alert is (Kener's word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Critical,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "critical" => Ok(Severity::Critical),
            "warning" => Ok(Severity::Warning),
            other => Err(format!(
                "unknown severity \"{other}\", expected critical or warning"
            )),
        }
    }
}

/// Which of a monitor's two alert rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    Down,
    Degraded,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Down => "down",
            RuleKind::Degraded => "degraded",
        }
    }

    /// The check status this rule matches.
    pub fn matches(self, status: Status) -> bool {
        match self {
            RuleKind::Down => status == Status::Down,
            RuleKind::Degraded => status == Status::Degraded,
        }
    }

    /// The status word used in titles: `<monitor> is DOWN`.
    pub fn status(self) -> Status {
        match self {
            RuleKind::Down => Status::Down,
            RuleKind::Degraded => Status::Degraded,
        }
    }
}

/// An alert rule, in Kener's words. Thresholds are at least 1 (validated in `config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertRule {
    pub failure_threshold: u32,
    pub success_threshold: u32,
    pub severity: Severity,
    pub create_incident: bool,
    pub active: bool,
    /// Emit a reminder this often while the rule stays triggered.
    pub remind_every: Option<Duration>,
}

/// A monitor's two alert rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alerts {
    pub down: AlertRule,
    pub degraded: AlertRule,
}

impl Alerts {
    pub fn rule(&self, kind: RuleKind) -> &AlertRule {
        match kind {
            RuleKind::Down => &self.down,
            RuleKind::Degraded => &self.degraded,
        }
    }
}

/// The outcome of one check: data, not an error (a refused connection is a DOWN result).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    pub at: DateTime<Utc>,
    /// UP, DEGRADED or DOWN.
    pub status: Status,
    /// Time the check took, whatever its outcome.
    #[serde(rename = "latency_ms", serialize_with = "ser_ms")]
    pub latency: Duration,
    /// One line a person understands; empty when UP.
    pub reason: String,
    /// Probe-specific facts (HTTP status code, DNS answers, certificate days left), for `--json`.
    #[serde(skip_serializing_if = "serde_json::Value::is_null")]
    pub details: serde_json::Value,
}

fn ser_ms<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

/// The current state of one monitor, as shells show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitorState {
    pub id: MonitorId,
    pub name: String,
    pub target: String,
    pub status: Status,
    /// When the monitor entered `status`.
    pub since: Option<DateTime<Utc>>,
    pub last_check: Option<DateTime<Utc>>,
    pub latency_ms: Option<u64>,
    pub reason: String,
    /// The severity of the alert in force (a triggered DOWN rule, else a triggered DEGRADED
    /// one), so shells can grade how loud to be: a warning outage is not a critical one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<Severity>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IncidentState {
    Open,
    Resolved,
}

/// What an incident timeline entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentEventKind {
    FirstFailure,
    Triggered,
    Reminder,
    Acknowledged,
    Note,
    Resolved,
    /// A recovery action ran: its argv or URL, exit code, duration and last output lines.
    RecoveryAction,
    /// An alert went out on a webhook channel, or failed to.
    Notification,
    /// The monitor is flapping: this outage folds into the incident, or the service was back
    /// for a while; the incident stays open until it is stable for the flap window.
    Flapping,
}

impl IncidentEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentEventKind::FirstFailure => "first_failure",
            IncidentEventKind::Triggered => "triggered",
            IncidentEventKind::Reminder => "reminder",
            IncidentEventKind::Acknowledged => "acknowledged",
            IncidentEventKind::Note => "note",
            IncidentEventKind::Resolved => "resolved",
            IncidentEventKind::RecoveryAction => "recovery_action",
            IncidentEventKind::Notification => "notification",
            IncidentEventKind::Flapping => "flapping",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "first_failure" => IncidentEventKind::FirstFailure,
            "triggered" => IncidentEventKind::Triggered,
            "reminder" => IncidentEventKind::Reminder,
            "acknowledged" => IncidentEventKind::Acknowledged,
            "note" => IncidentEventKind::Note,
            "resolved" => IncidentEventKind::Resolved,
            "recovery_action" => IncidentEventKind::RecoveryAction,
            "notification" => IncidentEventKind::Notification,
            "flapping" => IncidentEventKind::Flapping,
            _ => return None,
        })
    }
}

/// One entry of an incident's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncidentEvent {
    pub at: DateTime<Utc>,
    pub kind: IncidentEventKind,
    pub message: String,
}

/// An incident opened by a triggered rule with `create_incident`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incident {
    pub id: IncidentId,
    pub monitor_id: MonitorId,
    /// The monitor's name when the incident opened.
    pub monitor: String,
    pub title: String,
    pub rule: RuleKind,
    pub severity: Severity,
    pub state: IncidentState,
    /// The first failing check of the streak that triggered the rule.
    pub started_at: DateTime<Utc>,
    /// When the rule triggered (detection).
    pub detected_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Consecutive failed checks when the rule fired, and its failure threshold then. `None`
    /// on incidents stored before Lookout recorded them (their timeline's text has them).
    pub failures: Option<u32>,
    pub failure_threshold: Option<u32>,
    /// Opened by a "Simulate outage" drill, not by an outage: shown with its timeline and
    /// report, never counted in uptime, downtime, MTTR / MTTD or incident counts.
    pub simulated: bool,
    /// The failing time in seconds, when it is less than the span from `started_at` to
    /// `resolved_at`: a flapping service's outages folded into this one incident, with the
    /// service up in between. `None`: the span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downtime_s: Option<i64>,
    pub events: Vec<IncidentEvent>,
}

impl Incident {
    /// Downtime in whole seconds: the failing time to resolution, or to `now` while open.
    pub fn duration_s(&self, now: DateTime<Utc>) -> i64 {
        if let (Some(d), Some(_)) = (self.downtime_s, self.resolved_at) {
            return d;
        }
        let end = self.resolved_at.unwrap_or(now);
        (end - self.started_at).num_seconds().max(0)
    }
}

/// What an action does. Serializes as it is written: `{"run": [...]}` or `{"webhook": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// argv; `[0]` is the program, looked up in `PATH` when it has no `/`.
    Run(Vec<String>),
    /// An absolute `http(s)://` URL.
    Webhook(String),
}

impl ActionKind {
    /// How a person reads it: `systemctl --user restart api`, `POST http://…`.
    pub fn describe(&self) -> String {
        match self {
            ActionKind::Run(argv) => argv
                .iter()
                .map(|a| {
                    if a.is_empty()
                        || a.chars()
                            .any(|c| c.is_whitespace() || "'\"\\$`".contains(c))
                    {
                        format!("'{}'", a.replace('\'', r"'\''"))
                    } else {
                        a.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
            ActionKind::Webhook(url) => format!("POST {url}"),
        }
    }
}
