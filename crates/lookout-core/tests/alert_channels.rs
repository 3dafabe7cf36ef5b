//! Webhook alert channels against real HTTP receivers on 127.0.0.1: Kener's payload captured
//! and read back, retries against a receiver that fails twice, "Send test notification", and
//! the channels kept in the settings table.

mod support;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lookout_core::action::{
    self, add_channel, channels, remove_channel, test_channels, Channel, ChannelError,
    DeliveryError,
};
use lookout_core::events::ChannelFormat;
use lookout_core::events::CoreEvent;
use lookout_core::model::{IncidentEventKind, Status};
use lookout_core::runtime::{Runtime, RuntimeOptions};
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::Store;
use serde_json::Value;
use support::{closed_port, wait_for, Mode, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// An HTTP receiver that records each request body and answers with the next status of
/// `script` (the last one repeats). `None` in the script: never answer.
struct Receiver {
    addr: SocketAddr,
    bodies: Arc<Mutex<Vec<Value>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    async fn start(script: Vec<Option<u16>>) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let seen = bodies.clone();
        let task = tokio::spawn(async move {
            let mut n = 0usize;
            loop {
                let Ok((mut sock, _)) = listener.accept().await else {
                    continue;
                };
                let answer = script[n.min(script.len() - 1)];
                n += 1;
                let seen = seen.clone();
                tokio::spawn(async move {
                    let mut got = Vec::new();
                    let mut buf = [0u8; 8192];
                    let body = loop {
                        match sock.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(k) => got.extend_from_slice(&buf[..k]),
                        }
                        let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") else {
                            continue;
                        };
                        let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
                        let len: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .map_or(0, |v| v.trim().parse().unwrap());
                        if got.len() >= end + 4 + len {
                            break got[end + 4..end + 4 + len].to_vec();
                        }
                    };
                    seen.lock()
                        .unwrap()
                        .push(serde_json::from_slice(&body).unwrap());
                    let Some(status) = answer else {
                        tokio::time::sleep(Duration::from_secs(3600)).await;
                        return;
                    };
                    let resp = format!(
                        "HTTP/1.1 {status} X\r\ncontent-length: 4\r\nconnection: close\r\n\r\nnope"
                    );
                    let _ = sock.write_all(resp.as_bytes()).await;
                });
            }
        });
        Receiver { addr, bodies, task }
    }

    fn url(&self) -> String {
        format!("http://{}/hook/secret-token", self.addr)
    }

    fn bodies(&self) -> Vec<Value> {
        self.bodies.lock().unwrap().clone()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn sent(e: &CoreEvent, format: ChannelFormat, status: &str) -> bool {
    matches!(e, CoreEvent::AlertSent { format: f, status: s, .. }
        if *f == format && s.as_str() == status)
}

async fn start(dir: &std::path::Path) -> (Runtime, Store) {
    let store = Store::open(&dir.join("lookout.db")).unwrap();
    let rt = Runtime::start(
        store.clone(),
        RuntimeOptions {
            push_port: Some(0),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    (rt, store)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kener_payload_is_retried_until_it_lands_and_recorded_on_the_incident() {
    let dir = tempfile::tempdir().unwrap();
    let (rt, store) = start(dir.path()).await;
    // Kener's receiver fails twice, then takes it; Slack's takes everything.
    let kener = Receiver::start(vec![Some(500), Some(503), Some(200)]).await;
    let slack = Receiver::start(vec![Some(200)]).await;
    add_channel(
        &store,
        Channel::new(&kener.url(), ChannelFormat::Kener).unwrap(),
    )
    .unwrap();
    add_channel(
        &store,
        Channel::new(&slack.url(), ChannelFormat::Slack).unwrap(),
    )
    .unwrap();
    let actions = action::spawn(&rt);
    let mut rx = rt.subscribe();

    let mut srv = TestServer::start(Mode::Status(200)).await;
    srv.stop();
    rt.add_monitor(MonitorSpec {
        name: "api".into(),
        target: srv.url(),
        interval: Some("1s".into()),
        timeout: Some("300ms".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let CoreEvent::AlertTriggered { incident, .. } =
        wait_for(&mut rx, Duration::from_secs(3), "alert_triggered", |e| {
            matches!(e, CoreEvent::AlertTriggered { .. })
        })
        .await
    else {
        unreachable!()
    };
    let incident = incident.unwrap();
    let triggered_at = Instant::now();

    // Checks go on while the Kener delivery waits between its tries.
    let mut checks = 0;
    let delivered = loop {
        let e = wait_for(&mut rx, Duration::from_secs(6), "kener delivery", |e| {
            sent(e, ChannelFormat::Kener, "TRIGGERED")
                || matches!(e, CoreEvent::CheckCompleted { .. })
        })
        .await;
        match e {
            CoreEvent::CheckCompleted { .. } => checks += 1,
            e => break e,
        }
    };
    assert!(checks >= 2, "only {checks} checks while delivering");
    let json = serde_json::to_value(&delivered).unwrap();
    assert_eq!(json["event"], "alert_sent");
    assert_eq!(json["ok"], true);
    assert_eq!(json["tries"], 3);
    assert_eq!(json["incident"], incident.0);
    assert_eq!(json["channel"], format!("kener → {}", kener.addr));
    let waited = triggered_at.elapsed();
    assert!(
        waited >= Duration::from_secs(3),
        "backoff 1 s + 2 s: {waited:?}"
    );

    let bodies = kener.bodies();
    assert_eq!(bodies.len(), 3, "the same body, three times");
    assert!(bodies.iter().all(|b| *b == bodies[0]));
    let b = &bodies[2];
    assert!(b["id"].as_str().unwrap().starts_with("lookout-"), "{b}");
    assert_eq!(b["alert_name"], "api DOWN");
    assert_eq!(b["severity"], "critical");
    assert_eq!(b["status"], "TRIGGERED");
    assert_eq!(b["source"], "Lookout");
    assert!(chrono::DateTime::parse_from_rfc3339(b["timestamp"].as_str().unwrap()).is_ok());
    assert!(
        b["description"].as_str().unwrap().contains("api is DOWN"),
        "{b}"
    );
    assert_eq!(b["details"]["metric"], "api");
    assert_eq!(b["details"]["current_value"], 1);
    assert_eq!(b["details"]["threshold"], 1);
    let text = slack.bodies()[0]["text"].as_str().unwrap().to_string();
    assert!(text.contains("*api is DOWN*"), "{text}");

    // Back up: RESOLVED, with the same id so a receiver can pair them.
    srv.restart().await;
    wait_for(&mut rx, Duration::from_secs(4), "kener RESOLVED", |e| {
        sent(e, ChannelFormat::Kener, "RESOLVED")
    })
    .await;
    let resolved = kener.bodies().pop().unwrap();
    assert_eq!(resolved["status"], "RESOLVED");
    assert_eq!(resolved["id"], bodies[0]["id"]);
    assert!(resolved["description"]
        .as_str()
        .unwrap()
        .contains("api is back UP"));
    assert_eq!(rt.snapshot().overall, Status::Up);

    // Each delivery is on the timeline, without the URL's secret path.
    let deadline = Instant::now() + Duration::from_secs(3);
    let notes = loop {
        let inc = store.incident(incident).unwrap();
        let notes: Vec<String> = inc
            .events
            .iter()
            .filter(|e| e.kind == IncidentEventKind::Notification)
            .map(|e| e.message.clone())
            .collect();
        if notes.len() >= 4 || Instant::now() > deadline {
            break notes;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(notes.len(), 4, "{notes:?}");
    let kener_label = format!("kener → {}", kener.addr);
    assert!(
        notes.contains(&format!("Sent TRIGGERED to {kener_label} (3 tries)")),
        "{notes:?}"
    );
    assert!(
        notes.iter().all(|n| !n.contains("secret-token")),
        "{notes:?}"
    );

    actions.shutdown().await;
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_receiver_is_given_up_after_every_retry() {
    let dir = tempfile::tempdir().unwrap();
    let (rt, store) = start(dir.path()).await;
    let port = closed_port().await;
    add_channel(
        &store,
        Channel::new(&format!("http://127.0.0.1:{port}/"), ChannelFormat::Discord).unwrap(),
    )
    .unwrap();
    let actions = action::spawn_with(
        &rt,
        action::ActionOptions {
            retry_delays: vec![Duration::from_millis(100), Duration::from_millis(200)],
            ..Default::default()
        },
    );
    let mut rx = rt.subscribe();
    rt.add_monitor(MonitorSpec {
        name: "db".into(),
        target: format!("tcp://127.0.0.1:{}", closed_port().await),
        interval: Some("1s".into()),
        timeout: Some("300ms".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let e = wait_for(&mut rx, Duration::from_secs(5), "alert_sent", |e| {
        matches!(e, CoreEvent::AlertSent { .. })
    })
    .await;
    let CoreEvent::AlertSent {
        ok, tries, error, ..
    } = e
    else {
        unreachable!()
    };
    assert!(!ok);
    assert_eq!(tries, 3);
    assert!(error.unwrap().contains("refused"));
    actions.shutdown().await;
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_notification_says_what_worked() {
    let good = Receiver::start(vec![Some(204)]).await;
    let missing = Receiver::start(vec![Some(404)]).await;
    let port = closed_port().await;
    let chans = vec![
        Channel::new(&good.url(), ChannelFormat::Kener).unwrap(),
        Channel::new(&missing.url(), ChannelFormat::Slack).unwrap(),
        Channel::new(&format!("http://127.0.0.1:{port}/"), ChannelFormat::Discord).unwrap(),
    ];
    let results = test_channels(&chans).await;
    assert_eq!(results.len(), 3);
    assert_eq!(results[0], (chans[0].clone(), Ok(())));
    assert_eq!(
        results[1].1,
        Err(DeliveryError::Status {
            status: 404,
            body: "nope".into()
        })
    );
    assert_eq!(
        results[1].1.as_ref().unwrap_err().to_string(),
        "HTTP 404: nope"
    );
    assert!(
        matches!(&results[2].1, Err(DeliveryError::Transport { message }) if message.contains("refused")),
        "{:?}",
        results[2]
    );
    let b = &good.bodies()[0];
    assert_eq!(b["source"], "Lookout");
    assert_eq!(b["status"], "TRIGGERED");
}

#[test]
fn channels_are_kept_in_the_settings_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let store = Store::open(&path).unwrap();
    assert!(channels(&store).unwrap().is_empty());
    let a = add_channel(
        &store,
        Channel::new("http://127.0.0.1:9/a", ChannelFormat::Kener).unwrap(),
    )
    .unwrap();
    add_channel(
        &store,
        Channel::new("https://hooks.example/b", ChannelFormat::Slack).unwrap(),
    )
    .unwrap();
    // The same URL again changes its format rather than adding a second.
    add_channel(
        &store,
        Channel::new("http://127.0.0.1:9/a", ChannelFormat::Discord).unwrap(),
    )
    .unwrap();
    let other = Store::open(&path).unwrap();
    let all = channels(&other).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].url, a.url);
    assert_eq!(all[0].format, ChannelFormat::Discord);
    let raw = other.setting("alert_channels").unwrap().unwrap();
    assert!(raw.contains(r#""format":"discord""#), "{raw}");

    assert_eq!(
        remove_channel(&store, "https://hooks.example/b")
            .unwrap()
            .format,
        ChannelFormat::Slack
    );
    assert!(matches!(
        remove_channel(&store, "https://hooks.example/b"),
        Err(ChannelError::NotFound(_))
    ));
    assert_eq!(channels(&store).unwrap().len(), 1);

    let bad = add_channel(
        &store,
        Channel {
            url: "ftp://x/".into(),
            format: ChannelFormat::Kener,
        },
    )
    .unwrap_err();
    assert!(
        matches!(&bad, ChannelError::Invalid(f) if f.field == "url"),
        "{bad}"
    );
    assert_eq!(
        "teams".parse::<ChannelFormat>().unwrap_err().field,
        "format"
    );
}
