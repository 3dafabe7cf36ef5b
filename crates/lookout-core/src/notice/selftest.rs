//! The words of "Send test notification".

use super::{reason_line, Notice, Urgency};

/// One thing "Send test notification" tried: the desktop notification or one webhook channel.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    /// `Desktop notification`, or a channel as `slack → hooks.slack.com` (never its URL path,
    /// which often holds a secret).
    pub name: String,
    pub ok: bool,
    pub error: Option<String>,
}

use crate::t;

/// Shown at once while the webhook channels are being tried; replaced by [`test_notification`].
pub fn test_pending(channels: usize) -> Notice {
    Notice {
        summary: t!("notice-test-summary"),
        body: format!(
            "{}\n{}",
            t!("notice-test-works"),
            t!("notice-test-trying", n = channels)
        ),
        urgency: Urgency::Normal,
        monitor: None,
        incident: None,
    }
}

/// "Send test notification": the desktop notification itself, and what each webhook channel
/// did (`Err`: the channels could not be read).
pub fn test_notification(channels: &Result<Vec<Check>, String>) -> Notice {
    let tail = match channels {
        Ok(list) if list.is_empty() => t!("notice-test-no-channels"),
        Ok(list) => {
            let ok = list.iter().filter(|c| c.ok).count();
            let mut lines = vec![t!("notice-test-channels", ok = ok, total = list.len())];
            for c in list {
                lines.push(match &c.error {
                    None if c.ok => format!("✓ {}", c.name),
                    None => format!("✕ {}", c.name),
                    Some(e) => format!("✕ {}: {}", c.name, reason_line(e)),
                });
            }
            lines.join("\n")
        }
        Err(e) => t!("notice-test-unreadable", error = reason_line(e)),
    };
    Notice {
        summary: t!("notice-test-summary"),
        body: format!("{}\n{tail}", t!("notice-test-works")),
        urgency: Urgency::Normal,
        monitor: None,
        incident: None,
    }
}
