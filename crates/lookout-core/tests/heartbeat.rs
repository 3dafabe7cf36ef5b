//! `push://` heartbeats end to end: a real listener on 127.0.0.1, pushes over real HTTP.

use std::time::Duration;

use lookout_core::events::CoreEvent;
use lookout_core::model::Status;
use lookout_core::probe::{push::push_url, ProbeConfig};
use lookout_core::runtime::Events;
use lookout_core::runtime::{Runtime, RuntimeOptions};
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::{Store, PUSH_PORT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::broadcast;

async fn get(addr: std::net::SocketAddr, path: &str) -> u16 {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nhost: x\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).await.unwrap();
    resp.split_whitespace().nth(1).unwrap().parse().unwrap()
}

async fn next_status(rx: &mut Events, within: Duration) -> (Status, String) {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Ok(CoreEvent::StatusChanged { to, reason, .. })) => return (to, reason),
            Ok(Ok(_)) | Ok(Err(broadcast::error::RecvError::Lagged(_))) => {}
            other => panic!("no status change within {within:?}: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_keep_a_heartbeat_up_and_silence_takes_it_down() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let opts = RuntimeOptions {
        push_port: Some(0),
        ..Default::default()
    };
    let rt = Runtime::start(store.clone(), opts).await.unwrap();
    let addr = rt.push_addr().expect("listening");
    assert!(addr.ip().is_loopback());
    assert_eq!(
        store.setting(PUSH_PORT).unwrap(),
        Some(addr.port().to_string())
    );
    let mut rx = rt.subscribe();

    let m = rt
        .add_monitor(MonitorSpec {
            name: "backup".into(),
            target: "push://".into(),
            interval: Some("1s".into()),
            grace: Some("2s".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let ProbeConfig::Push(p) = &m.probe else {
        panic!("not a push monitor")
    };
    assert_eq!(p.token.len(), 24);
    let url = push_url(addr.port(), &p.token);
    assert!(url.starts_with(&format!("http://127.0.0.1:{}/push/", addr.port())));

    // A new heartbeat waits for its first push before calling silence an outage.
    let first = tokio::time::timeout(Duration::from_secs(2), async {
        loop {
            if let Ok(CoreEvent::CheckCompleted { result, .. }) = rx.recv().await {
                return result;
            }
        }
    })
    .await
    .expect("a first check");
    assert_eq!(first.status, Status::Unknown);
    assert_eq!(first.reason, "waiting for the first push");

    // A wrong token is 404 and records nothing.
    assert_eq!(get(addr, "/push/not-a-token-at-all").await, 404);
    assert_eq!(get(addr, "/nothing").await, 404);
    assert_eq!(
        get(addr, &format!("/push/{}?status=maybe", p.token)).await,
        400
    );

    // A push: UP at once, with the pushed latency.
    assert_eq!(
        get(addr, &format!("/push/{}?latency=42", p.token)).await,
        200
    );
    assert_eq!(
        next_status(&mut rx, Duration::from_secs(2)).await.0,
        Status::Up
    );
    assert_eq!(rt.snapshot().monitors[0].latency_ms, Some(42));

    // The job says it failed.
    assert_eq!(
        get(
            addr,
            &format!("/push/{}?status=down&msg=disk%20full", p.token)
        )
        .await,
        200
    );
    let (s, reason) = next_status(&mut rx, Duration::from_secs(2)).await;
    assert_eq!(
        (s, reason.as_str()),
        (Status::Down, "the job reported down: disk full")
    );
    // The job's own words stay as it sent them.
    assert_eq!(
        lookout_core::i18n::word_in(lookout_core::i18n::Lang::ZhCn, &reason),
        "任务报告故障：disk full"
    );

    assert_eq!(get(addr, &format!("/push/{}", p.token)).await, 200);
    assert_eq!(
        next_status(&mut rx, Duration::from_secs(2)).await.0,
        Status::Up
    );

    // Silence longer than the grace: DOWN.
    let (s, reason) = next_status(&mut rx, Duration::from_secs(5)).await;
    assert_eq!(s, Status::Down);
    assert!(reason.starts_with("no push for"), "{reason}");
    let worded = lookout_core::i18n::word_in(lookout_core::i18n::Lang::ZhCn, &reason);
    assert!(
        worded.starts_with("已有") && worded.contains("没有收到推送，宽限期为"),
        "{worded}"
    );
    rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_explicit_port_that_is_taken_is_an_error() {
    let taken = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let opts = RuntimeOptions {
        push_port: Some(taken.local_addr().unwrap().port()),
        ..Default::default()
    };
    let err = Runtime::start(store, opts).await.err().expect("must fail");
    assert!(
        err.to_string().contains("cannot listen for heartbeats"),
        "{err}"
    );
}
