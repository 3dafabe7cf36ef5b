//! Webhook alert channels, beside the desktop notifications.
//!
//! Channels are global and kept as JSON in the settings table under [`ALERT_CHANNELS`], so the
//! CLI and the desktop app share them and a change by one is used by the other's next alert.
//! Each is a URL and a body format: Kener's alert payload, Slack's `{"text"}` or Discord's
//! `{"content"}`. The dispatcher in [`super`] sends one on every `AlertTriggered` and
//! `AlertResolved`, each on its own task, retrying with backoff, so a slow receiver never
//! delays a check.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::events::{AlertStatus, ChannelFormat};
use crate::field::FieldError;
use crate::model::{IncidentId, MonitorId, RuleKind, Severity};
use crate::storage::{Store, StoreError};

use super::exec::request_error;
use crate::probe::redact::redact_url;

/// The settings key holding the channels as a JSON array.
pub const ALERT_CHANNELS: &str = "alert_channels";

/// How long one delivery try may take.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// One alert channel. Build it with [`Channel::new`], which checks the URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub url: String,
    pub format: ChannelFormat,
}

impl Channel {
    pub fn new(url: &str, format: ChannelFormat) -> Result<Channel, FieldError> {
        let parsed = url::Url::parse(url.trim()).map_err(|e| {
            let message = crate::t!("field-not-a-url", value = url, error = e.to_string());
            FieldError::new("url", message)
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || !parsed.has_host() {
            return Err(FieldError::new("url", crate::t!("field-http-url")));
        }
        Ok(Channel {
            url: parsed.to_string(),
            format,
        })
    }

    /// `slack → hooks.slack.com`: names the channel without the secret a webhook URL's path
    /// often carries, for timelines and reports.
    pub fn label(&self) -> String {
        let host = url::Url::parse(&self.url)
            .ok()
            .and_then(|u| {
                u.host_str()
                    .map(|h| u.port().map_or(h.to_string(), |p| format!("{h}:{p}")))
            })
            .unwrap_or_else(|| "?".into());
        format!("{} → {host}", self.format.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    #[error("{0}")]
    Invalid(FieldError),
    #[error("{}", crate::t!("error-channel-not-found", url = .0.as_str()))]
    NotFound(String),
    #[error("{}", crate::t!("error-channel-corrupt", error = .0.as_str()))]
    Corrupt(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a delivery failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeliveryError {
    /// The receiver answered, but not 2xx. `body`: the first line of its answer.
    #[error("HTTP {status}{}", if body.is_empty() { String::new() } else { format!(": {body}") })]
    Status { status: u16, body: String },
    /// No answer: refused, unreachable, timed out, TLS.
    #[error("{message}")]
    Transport { message: String },
}

impl DeliveryError {
    /// Worth another try: no answer, 429, or a server error.
    fn transient(&self) -> bool {
        match self {
            DeliveryError::Status { status, .. } => *status == 429 || *status >= 500,
            DeliveryError::Transport { .. } => true,
        }
    }
}

/// Every configured channel, in the order added.
pub fn channels(store: &Store) -> Result<Vec<Channel>, ChannelError> {
    match store.setting(ALERT_CHANNELS)? {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(&json).map_err(|e| ChannelError::Corrupt(e.to_string())),
    }
}

/// Adds a channel, or changes the format of the one with the same URL. Returns the channel as
/// stored (URL normalized).
pub fn add_channel(store: &Store, channel: Channel) -> Result<Channel, ChannelError> {
    let channel = Channel::new(&channel.url, channel.format).map_err(ChannelError::Invalid)?;
    let mut all = channels(store)?;
    match all.iter_mut().find(|c| c.url == channel.url) {
        Some(c) => c.format = channel.format,
        None => all.push(channel.clone()),
    }
    save(store, &all)?;
    Ok(channel)
}

/// Removes the channel with this URL and returns it.
pub fn remove_channel(store: &Store, url: &str) -> Result<Channel, ChannelError> {
    let mut all = channels(store)?;
    let normalized = url::Url::parse(url.trim())
        .map(|u| u.to_string())
        .unwrap_or_else(|_| url.trim().to_string());
    let i = all
        .iter()
        .position(|c| c.url == normalized || c.url == url)
        .ok_or_else(|| ChannelError::NotFound(url.to_string()))?;
    let gone = all.remove(i);
    save(store, &all)?;
    Ok(gone)
}

fn save(store: &Store, all: &[Channel]) -> Result<(), ChannelError> {
    let json = serde_json::to_string(all).map_err(|e| ChannelError::Corrupt(e.to_string()))?;
    Ok(store.set_setting(ALERT_CHANNELS, &json)?)
}

/// What an alert says, whatever the format it goes out in.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertNotice {
    /// The same for an alert's TRIGGERED and RESOLVED, so receivers can pair them.
    pub id: String,
    pub monitor_id: MonitorId,
    pub monitor: String,
    pub rule: RuleKind,
    pub severity: Severity,
    pub status: AlertStatus,
    pub incident: Option<IncidentId>,
    pub at: DateTime<Utc>,
    /// `api is DOWN`, `api is back UP`: the desktop notification's title.
    pub title: String,
    /// The desktop notification's body.
    pub description: String,
    /// TRIGGERED: failed checks in a row; RESOLVED: passing checks in a row.
    pub current_value: u32,
    /// The rule's failure (TRIGGERED) or success (RESOLVED) threshold.
    pub threshold: u32,
}

impl AlertNotice {
    /// `lookout-<monitor id>-<rule>-<first failure, ms>`: known to both ends of one alert.
    pub fn alert_id(monitor: MonitorId, rule: RuleKind, since: DateTime<Utc>) -> String {
        format!(
            "lookout-{monitor}-{}-{}",
            rule.as_str(),
            since.timestamp_millis()
        )
    }

    /// The body for `format`.
    pub fn body(&self, format: ChannelFormat) -> serde_json::Value {
        let icon = match (self.status, self.severity) {
            (AlertStatus::Resolved, _) => "✅",
            (AlertStatus::Triggered, Severity::Critical) => "🔴",
            (AlertStatus::Triggered, Severity::Warning) => "🟠",
        };
        match format {
            ChannelFormat::Kener => json!({
                "id": self.id,
                "alert_name": format!("{} {}", self.monitor, self.rule.status()),
                "severity": self.severity.as_str(),
                "status": self.status.as_str(),
                "source": "Lookout",
                "timestamp": self.at.to_rfc3339_opts(SecondsFormat::Millis, true),
                // One line, as Kener shows it: the title, then the body's lines.
                "description": if self.description.is_empty() {
                    self.title.clone()
                } else {
                    format!("{}: {}", self.title, self.description.replace('\n', ". "))
                },
                "details": {
                    "metric": self.monitor,
                    "current_value": self.current_value,
                    "threshold": self.threshold,
                },
            }),
            ChannelFormat::Slack => json!({
                "text": format!("{icon} *{}*\n{}", self.title, self.description),
            }),
            ChannelFormat::Discord => json!({
                "content": format!("{icon} **{}**\n{}", self.title, self.description),
            }),
        }
    }
}

/// One POST, no retry.
pub async fn send_once(
    client: Option<&reqwest::Client>,
    url: &str,
    body: &serde_json::Value,
) -> Result<(), DeliveryError> {
    let Some(client) = client else {
        return Err(DeliveryError::Transport {
            message: "no HTTP client could be set up".into(),
        });
    };
    let resp = client
        .post(url)
        .header("content-type", "application/json")
        .timeout(SEND_TIMEOUT)
        .body(body.to_string())
        .send()
        .await
        .map_err(|e| DeliveryError::Transport {
            message: request_error(e, url),
        })?;
    let status = resp.status();
    if status.is_success() {
        return Ok(());
    }
    let text = resp.text().await.unwrap_or_default();
    let first = text.lines().next().unwrap_or("").trim();
    Err(DeliveryError::Status {
        status: status.as_u16(),
        body: first.chars().take(200).collect(),
    })
}

/// Sends with retries: a try, then one more after each of `delays` while the failure is
/// transient. Returns the result and the number of tries made.
pub async fn deliver(
    client: Option<&reqwest::Client>,
    url: &str,
    body: &serde_json::Value,
    delays: &[Duration],
) -> (Result<(), DeliveryError>, u32) {
    let mut tries = 0;
    loop {
        tries += 1;
        match send_once(client, url, body).await {
            Ok(()) => return (Ok(()), tries),
            Err(e) => {
                let wait = delays.get(tries as usize - 1);
                match wait {
                    Some(d) if e.transient() => {
                        let url = redact_url(url);
                        tracing::debug!(url, tries, error = %e, "alert delivery failed, retrying");
                        tokio::time::sleep(*d).await;
                    }
                    _ => return (Err(e), tries),
                }
            }
        }
    }
}

/// "Send test notification": one try to every channel, all at once, each with what happened.
pub async fn test_channels(channels: &[Channel]) -> Vec<(Channel, Result<(), DeliveryError>)> {
    let client = super::http_client();
    let now = Utc::now();
    let notice = AlertNotice {
        id: format!("lookout-test-{}", now.timestamp_millis()),
        monitor_id: MonitorId(0),
        monitor: "Lookout test".into(),
        rule: RuleKind::Down,
        severity: Severity::Warning,
        status: AlertStatus::Triggered,
        incident: None,
        at: now,
        title: "Lookout test".into(),
        description: "A test notification from Lookout: this channel works.".into(),
        current_value: 0,
        threshold: 1,
    };
    let mut set = tokio::task::JoinSet::new();
    for (i, c) in channels.iter().enumerate() {
        let (c, body, client) = (c.clone(), notice.body(c.format), client.clone());
        set.spawn(async move {
            let r = send_once(client.as_ref(), &c.url, &body).await;
            (i, c, r)
        });
    }
    let mut out = Vec::new();
    while let Some(done) = set.join_next().await {
        if let Ok(r) = done {
            out.push(r);
        }
    }
    out.sort_by_key(|(i, _, _)| *i);
    out.into_iter().map(|(_, c, r)| (c, r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kener_payload_has_kener_fields() {
        let at = DateTime::parse_from_rfc3339("2025-01-02T03:04:05Z")
            .unwrap()
            .with_timezone(&Utc);
        let n = AlertNotice {
            id: AlertNotice::alert_id(MonitorId(4), RuleKind::Down, at),
            monitor_id: MonitorId(4),
            monitor: "api".into(),
            rule: RuleKind::Down,
            severity: Severity::Critical,
            status: AlertStatus::Triggered,
            incident: Some(IncidentId(9)),
            at,
            title: "api is DOWN".into(),
            description: "connection refused".into(),
            current_value: 3,
            threshold: 3,
        };
        let b = n.body(ChannelFormat::Kener);
        assert_eq!(b["id"], "lookout-4-down-1735787045000");
        assert_eq!(b["alert_name"], "api DOWN");
        assert_eq!(b["status"], "TRIGGERED");
        assert_eq!(b["source"], "Lookout");
        assert_eq!(b["timestamp"], "2025-01-02T03:04:05.000Z");
        assert_eq!(b["details"]["current_value"], 3);
        assert!(n.body(ChannelFormat::Slack)["text"]
            .as_str()
            .unwrap()
            .contains("*api is DOWN*"));
        assert!(n.body(ChannelFormat::Discord)["content"]
            .as_str()
            .unwrap()
            .contains("**api is DOWN**"));
    }

    #[test]
    fn urls_are_checked_and_labels_hide_paths() {
        assert_eq!(
            Channel::new("ftp://x", ChannelFormat::Slack)
                .unwrap_err()
                .field,
            "url"
        );
        assert!(Channel::new("not a url", ChannelFormat::Slack).is_err());
        let c = Channel::new(
            "https://hooks.slack.com/services/T0/B0/secret",
            ChannelFormat::Slack,
        )
        .unwrap();
        assert_eq!(c.label(), "slack → hooks.slack.com");
        assert_eq!(
            "Discord".parse::<ChannelFormat>().unwrap(),
            ChannelFormat::Discord
        );
    }
}
