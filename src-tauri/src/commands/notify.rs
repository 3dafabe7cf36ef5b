//! "Send test notification", from the dashboard and the tray: the desktop notification and one
//! try of every configured webhook channel, each with what happened.

use lookout_core::action::channel::{channels, test_channels};
use lookout_core::notice::selftest::{self, Check};
use lookout_core::notice::Notice;
use lookout_core::runtime::Runtime;
use tauri::State;

use super::{CmdResult, Core};
use crate::notify;

#[tauri::command]
pub async fn send_test_notification(core: State<'_, Core>) -> CmdResult<Vec<Check>> {
    Ok(send_test(&core.0).await)
}

/// Shows the test notification at once, tries every channel, then replaces the notification
/// with what each channel did. Returns the desktop notification's result first, then one per
/// channel (or one saying the channels could not be read). Never fails: a failure is a result.
pub async fn send_test(rt: &Runtime) -> Vec<Check> {
    let store = rt.store().clone();
    let configured = tauri::async_runtime::spawn_blocking(move || channels(&store))
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r.map_err(|e| e.to_string()));
    let mut first = None;
    if let Ok(list) = &configured {
        if !list.is_empty() {
            first = show(selftest::test_pending(list.len()), None).await.ok();
        }
    }
    let results = match configured {
        Ok(list) => Ok(try_channels(&list).await),
        Err(e) => Err(e),
    };
    let desktop = show(selftest::test_notification(&results), first).await;
    let mut out = vec![Check {
        name: lookout_core::t!("notice-test-desktop"),
        ok: desktop.is_ok(),
        error: desktop.err(),
    }];
    match results {
        Ok(list) => out.extend(list),
        Err(e) => out.push(Check {
            name: lookout_core::t!("desktop-selftest-channels"),
            ok: false,
            error: Some(e),
        }),
    }
    out
}

async fn try_channels(list: &[lookout_core::action::Channel]) -> Vec<Check> {
    test_channels(list)
        .await
        .into_iter()
        .map(|(c, r)| Check {
            name: c.label(),
            ok: r.is_ok(),
            error: r.err().map(|e| e.to_string()),
        })
        .collect()
}

/// notify-rust blocks on D-Bus: off the async workers.
async fn show(text: Notice, replaces: Option<u32>) -> Result<u32, String> {
    tauri::async_runtime::spawn_blocking(move || {
        notify::show(&text, replaces, None).map_err(|e| e.to_string())
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()))
}

/// The channels' part alone, for tests: no notification server needed.
#[cfg(test)]
async fn channel_checks(store: &lookout_core::storage::Store) -> Result<Vec<Check>, String> {
    let list = channels(store).map_err(|e| e.to_string())?;
    Ok(try_channels(&list).await)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lookout_core::action::channel::{add_channel, Channel};
    use lookout_core::events::ChannelFormat;
    use lookout_core::storage::Store;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A webhook receiver on 127.0.0.1:0 that answers every request with `status`.
    async fn receiver(status: &'static str) -> String {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut s, _)) = l.accept().await {
                let mut buf = vec![0u8; 8192];
                let _ = s.read(&mut buf).await;
                let resp =
                    format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                let _ = s.write_all(resp.as_bytes()).await;
            }
        });
        format!("http://{addr}/hook/secret")
    }

    #[tokio::test]
    async fn every_channel_is_tried_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        assert_eq!(channel_checks(&store).await, Ok(vec![]));
        let good = receiver("204 No Content").await;
        let bad = receiver("500 Internal Server Error").await;
        add_channel(&store, Channel::new(&good, ChannelFormat::Slack).unwrap()).unwrap();
        add_channel(&store, Channel::new(&bad, ChannelFormat::Kener).unwrap()).unwrap();
        let checks = channel_checks(&store).await.unwrap();
        assert_eq!(checks.len(), 2);
        assert!(checks[0].ok, "{checks:?}");
        assert!(
            checks[0].name.starts_with("slack → 127.0.0.1:"),
            "{checks:?}"
        );
        assert!(
            !checks[0].name.contains("secret"),
            "no URL path: {checks:?}"
        );
        assert!(!checks[1].ok);
        assert_eq!(checks[1].error.as_deref(), Some("HTTP 500"));
    }
}
