//! Monitors as people write them: the import/export file, CLI flags and the settings form.
//!
//! [`MonitorSpec`] is raw serde, mostly `Option`; nothing here is trusted. The monitor
//! aggregate ([`crate::monitor`]) validates a spec into a [`crate::monitor::Monitor`], each
//! probe reading and checking its own fields of it. Writing a `Monitor` back
//! ([`MonitorSpec::from`]) spells out every field, which is what `lookout export` prints and
//! `lookout import` reads back unchanged.

use serde::{Deserialize, Serialize};

use crate::field::FieldError;

/// An alert rule as written. Missing fields take the rule's defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_threshold: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_incident: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind_every: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub down: Option<RuleSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degraded: Option<RuleSpec>,
}

/// A monitor as written in the import/export file, the CLI and the settings form.
///
/// Durations are strings like `"500ms"`, `"30s"`, `"5m"`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitorSpec {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerts: Option<AlertsSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degraded_latency: Option<String>,
    /// HTTP method (default GET).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// HTTP request headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<std::collections::BTreeMap<String, String>>,
    /// HTTP request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Accepted HTTP status codes and ranges: `["200-299", "301"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_status: Option<Vec<String>>,
    /// Skip TLS certificate verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_tls: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    /// Gatus conditions (`[STATUS] == 200`, `[BODY].status == UP`); any failing one → DOWN.
    /// For HTTP, a `[STATUS]` condition here replaces `accepted_status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<String>>,
    /// Gatus conditions whose failure marks the check DEGRADED instead of DOWN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degraded_conditions: Option<Vec<String>>,
    /// HTTP: the body must contain this text (Uptime Kuma's keyword monitor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyword: Option<String>,
    /// HTTP: with `keyword`, the body must NOT contain it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invert_keyword: Option<bool>,
    /// HTTP: follow 3xx redirects (default true; never from https to http, and the monitor's
    /// headers only to its own origin). `false`: the 3xx itself is the answer, judged by
    /// `accepted_status` and the conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_redirects: Option<bool>,
    /// TLS and HTTPS: DEGRADED when the certificate expires within this many days (default 14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_warn_days: Option<i64>,
    /// TLS and HTTPS: a PEM file of extra trusted root certificates (a private CA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<String>,
    /// DNS: values the answers must contain (see `match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Vec<String>>,
    /// DNS: `any` (default: one expected value is among the answers) or `all` (every one is).
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub match_mode: Option<String>,
    /// ICMP: echo requests per check (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// ICMP: DEGRADED when more than this percent of echoes are lost (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_threshold: Option<f64>,
    /// Heartbeat (`push://`): the secret in the push URL; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Heartbeat: how long without a push before DOWN (default: the interval).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace: Option<String>,
    /// Heartbeat: where the job pushes. Written by `monitors list --json` for reference;
    /// ignored on import (the port is the running engine's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push_url: Option<String>,
    /// Recovery actions, run in order while the service is DOWN (see [`crate::recovery`]):
    /// `[{"run": ["systemctl", "--user", "restart", "api"], "after_failures": 1,
    /// "cooldown": "5m", "max_attempts": 3, "timeout": "30s"}, {"webhook": URL, ...}]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<Vec<RecoverySpec>>,
    /// More targets for the same service (IPv4 and IPv6, two URLs, two resolvers), probed with
    /// the same options at every check; `quorum` decides when the service is DOWN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoints: Option<Vec<String>>,
    /// `any` (one failing checkpoint is DOWN), `all` (every one must fail) or `majority`
    /// (default). Fewer failures than the quorum read DEGRADED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<String>,
    /// Re-check a failing check this many times at once before it counts (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_retries: Option<i64>,
    /// The wait before each confirming re-check (default 1s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_after: Option<String>,
    /// The name of a monitor this one depends on: while that parent is DOWN, this monitor's
    /// DOWN alert is held and it is named in the parent's incident instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<String>,
    /// The flap cap: at most this many alerts (default 4) within `flap_window`, then one
    /// `flapping` notice and silence until it settles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flap_max: Option<i64>,
    /// The flap cap's window (default 10m; at least 1m).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flap_window: Option<String>,
}

/// The import/export file: `{"monitors": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitorFile {
    pub monitors: Vec<MonitorSpec>,
}

/// Parses an import file, naming the line and column of a syntax error.
pub fn parse_monitor_file(text: &str) -> Result<MonitorFile, FieldError> {
    serde_json::from_str(text).map_err(|e| {
        FieldError::new(
            "file",
            crate::t!(
                "field-file-syntax",
                line = e.line().to_string(),
                column = e.column().to_string(),
                error = e.to_string()
            ),
        )
    })
}

/// One recovery action as written: exactly one of `run` and `webhook`, and its safeguards.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoverySpec {
    /// A program and its arguments, run without a shell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<Vec<String>>,
    /// An `http://` or `https://` URL to POST to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    /// Run once this many consecutive checks failed; absent: when the DOWN rule triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_failures: Option<i64>,
    /// Least time between two attempts of this action (default 5m).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown: Option<String>,
    /// Attempts per DOWN episode (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<i64>,
    /// The program is killed, or the webhook call abandoned, after this long (default 30s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
}
