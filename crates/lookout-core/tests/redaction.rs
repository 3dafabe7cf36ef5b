//! Secrets in URLs stay out of error texts: a webhook channel's or recovery webhook's path and
//! query, and a monitored URL's query, never reach timelines, reports, events or logs.

mod support;

use std::time::Duration;

use lookout_core::action::channel::{deliver, test_channels, Channel};
use lookout_core::action::exec::call_webhook;
use lookout_core::events::ChannelFormat;
use support::closed_port;

const SECRET: &str = "T0SECRET/B0SECRET/xoxSECRET";

#[tokio::test]
async fn a_failed_delivery_does_not_quote_the_webhooks_secret_path() {
    let port = closed_port().await;
    let url = format!("http://127.0.0.1:{port}/services/{SECRET}?token=qSECRET");
    let channel = Channel::new(&url, ChannelFormat::Slack).unwrap();

    // "Send test notification".
    let tested = test_channels(std::slice::from_ref(&channel)).await;
    let err = tested[0].1.as_ref().unwrap_err().to_string();
    assert!(!err.contains("SECRET"), "{err}");
    assert!(err.contains("refused"), "says what went wrong: {err}");

    // An alert's delivery (what AlertSent and the incident timeline record).
    let client = reqwest::Client::new();
    let body = serde_json::json!({"text": "x"});
    let (r, tries) = deliver(Some(&client), &channel.url, &body, &[]).await;
    let err = r.unwrap_err().to_string();
    assert_eq!(tries, 1);
    assert!(!err.contains("SECRET"), "{err}");

    // A recovery webhook's outcome.
    let out = call_webhook(Some(&client), &url, &body, Duration::from_secs(5)).await;
    let err = out.error.unwrap_or_default();
    assert!(!out.ok);
    assert!(!err.is_empty() && !err.contains("SECRET"), "{err}");
}
