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

const TEST_SUMMARY: &str = "Lookout test notification";
const TEST_WORKS: &str = "Notifications work. You will see one like this when a monitor goes DOWN.";

/// Shown at once while the webhook channels are being tried; replaced by [`test_notification`].
pub fn test_pending(channels: usize) -> Notice {
    let what = if channels == 1 {
        "1 webhook channel".to_string()
    } else {
        format!("{channels} webhook channels")
    };
    Notice {
        summary: TEST_SUMMARY.to_string(),
        body: format!("{TEST_WORKS}\nTrying {what}…"),
        urgency: Urgency::Normal,
        monitor: None,
        incident: None,
    }
}

/// "Send test notification": the desktop notification itself, and what each webhook channel
/// did (`Err`: the channels could not be read).
pub fn test_notification(channels: &Result<Vec<Check>, String>) -> Notice {
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
    Notice {
        summary: TEST_SUMMARY.to_string(),
        body: format!("{TEST_WORKS}\n{tail}"),
        urgency: Urgency::Normal,
        monitor: None,
        incident: None,
    }
}
