//! HTTP and TCP probes against real servers on 127.0.0.1.

mod support;

use std::time::Duration;

use chrono::Utc;
use lookout_core::i18n::{word_in, Lang};
use lookout_core::model::{CheckResult, Status};
use lookout_core::monitor::Monitor;
use lookout_core::probe::Prober;
use lookout_core::spec::MonitorSpec;
use support::{closed_port, Mode, TestServer};

async fn check(spec: MonitorSpec) -> CheckResult {
    let m = Monitor::try_from(spec).expect("valid monitor");
    Prober::new()
        .unwrap()
        .check(&m.probe, m.timeout, m.degraded_latency, Utc::now())
        .await
}

fn spec(target: String, timeout: &str) -> MonitorSpec {
    MonitorSpec {
        name: "t".into(),
        target,
        interval: Some("10s".into()),
        timeout: Some(timeout.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn http_200_is_up_with_latency() {
    let srv = TestServer::start(Mode::Status(200)).await;
    let r = check(spec(srv.url(), "2s")).await;
    assert_eq!(r.status, Status::Up, "{r:?}");
    assert_eq!(r.reason, "");
    assert_eq!(r.details["status_code"], 200);
    assert!(r.latency < Duration::from_secs(2));
}

#[tokio::test]
async fn http_503_is_down_with_the_status_in_the_reason() {
    let srv = TestServer::start(Mode::Status(503)).await;
    let r = check(spec(srv.url(), "2s")).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(r.reason, "status 503, expected 200-299");
}

#[tokio::test]
async fn accepted_status_codes_are_configurable() {
    let srv = TestServer::start(Mode::Status(418)).await;
    let mut s = spec(srv.url(), "2s");
    s.accepted_status = Some(vec!["200-299".into(), "418".into()]);
    assert_eq!(check(s).await.status, Status::Up);
}

#[tokio::test]
async fn hanging_server_times_out() {
    let srv = TestServer::start(Mode::Hang).await;
    let r = check(spec(srv.url(), "500ms")).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(r.reason, "timed out after 500ms");
    assert!(r.latency < Duration::from_secs(2), "{:?}", r.latency);
}

#[tokio::test]
async fn closed_connection_is_down() {
    let srv = TestServer::start(Mode::Close).await;
    let r = check(spec(srv.url(), "2s")).await;
    assert_eq!(r.status, Status::Down);
    assert!(!r.reason.is_empty());
}

#[tokio::test]
async fn refused_connection_is_down() {
    let port = closed_port().await;
    let r = check(spec(format!("http://127.0.0.1:{port}/"), "2s")).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(r.reason, "connection refused");
}

#[tokio::test]
async fn redirect_loop_stops_after_ten() {
    let srv = TestServer::start(Mode::RedirectLoop).await;
    let r = check(spec(srv.url(), "5s")).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(r.reason, "more than 10 redirects");
    assert!(*srv.hits.lock().unwrap() <= 11);
}

#[tokio::test]
async fn endless_body_is_read_only_up_to_the_cap() {
    let srv = TestServer::start(Mode::Endless).await;
    let r = check(spec(srv.url(), "5s")).await;
    assert_eq!(r.status, Status::Up, "{r:?}");
}

#[tokio::test]
async fn slow_pass_is_degraded() {
    let srv = TestServer::start(Mode::Status(200)).await;
    let mut s = spec(srv.url(), "2s");
    s.degraded_latency = Some("1ms".into());
    // A loopback round trip can take under 1 ms; the endless body reliably takes longer.
    srv.set_mode(Mode::Endless);
    let r = check(s).await;
    assert_eq!(r.status, Status::Degraded, "{r:?}");
    assert!(r.reason.starts_with("slow:"), "{}", r.reason);
}

#[tokio::test]
async fn tcp_open_is_up_and_closed_is_refused() {
    let srv = TestServer::start(Mode::Status(200)).await;
    let r = check(spec(format!("tcp://{}", srv.addr), "2s")).await;
    assert_eq!(r.status, Status::Up, "{r:?}");
    let port = closed_port().await;
    let r = check(spec(format!("tcp://127.0.0.1:{port}"), "2s")).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(r.reason, "connection refused");
}

#[tokio::test]
async fn tcp_stopped_then_restarted_listener() {
    let mut srv = TestServer::start(Mode::Status(200)).await;
    let target = format!("tcp://{}", srv.addr);
    assert_eq!(check(spec(target.clone(), "1s")).await.status, Status::Up);
    srv.stop();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(check(spec(target.clone(), "1s")).await.status, Status::Down);
    srv.restart().await;
    assert_eq!(check(spec(target, "1s")).await.status, Status::Up);
}

/// A keep-alive server: answers 200 to every request on a connection, for as long as the
/// client keeps it. Dropping the returned task's listener refuses new connections while the
/// kept ones go on answering.
async fn keep_alive_server() -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accept = tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                continue;
            };
            // Detached: outlives the listener, as a server's open connections do.
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let mut got = Vec::new();
                loop {
                    while let Some(i) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                        got.drain(..i + 4);
                        let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
                        if sock.write_all(ok).await.is_err() {
                            return;
                        }
                    }
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
            });
        }
    });
    (addr, accept)
}

// A kept connection must not answer for a server that no longer accepts new ones: users
// connect anew. The checks share one Prober, as a running engine does.
#[tokio::test]
async fn a_server_that_stops_accepting_is_down_even_with_a_connection_kept_open() {
    let (addr, accept) = keep_alive_server().await;
    let m = Monitor::try_from(spec(format!("http://{addr}/health"), "2s")).unwrap();
    let prober = Prober::new().unwrap();
    let r = prober
        .check(&m.probe, m.timeout, m.degraded_latency, Utc::now())
        .await;
    assert_eq!(r.status, Status::Up, "{r:?}");
    accept.abort();
    let _ = accept.await;
    let mut seen = Vec::new();
    for _ in 0..2 {
        let r = prober
            .check(&m.probe, m.timeout, m.degraded_latency, Utc::now())
            .await;
        seen.push((r.status, r.reason));
    }
    assert!(
        seen.iter().any(|(s, _)| *s == Status::Down),
        "still UP over a kept connection: {seen:?}"
    );
    assert_eq!(
        seen[0],
        (Status::Down, "connection refused".into()),
        "{seen:?}"
    );
}

/// A reason as a reader of Chinese reads it.
fn zh(reason: &str) -> String {
    word_in(Lang::ZhCn, reason).into_owned()
}

// What a check writes down (stored, in events and JSON) stays English byte for byte; a reader
// of Chinese reads every part of it in Chinese, the server's own values as they were.
#[tokio::test]
async fn http_and_tcp_reasons_stay_english_and_read_in_chinese() {
    let port = closed_port().await;
    for target in [
        format!("http://127.0.0.1:{port}/"),
        format!("tcp://127.0.0.1:{port}"),
    ] {
        let r = check(spec(target, "2s")).await;
        assert_eq!(r.reason, "connection refused");
        assert_eq!(zh(&r.reason), "连接被拒绝");
    }

    let srv = TestServer::start(Mode::Hang).await;
    let r = check(spec(srv.url(), "1s")).await;
    assert_eq!(r.reason, "timed out after 1s");
    assert_eq!(zh(&r.reason), "等待1秒后超时");

    let srv = TestServer::start(Mode::Body(503, r#"{"ok": false}"#)).await;
    let r = check(spec(srv.url(), "2s")).await;
    assert_eq!(r.reason, "status 503, expected 200-299");
    assert_eq!(zh(&r.reason), "状态码 503，预期为 200-299");

    // Three reasons of one check, each worded.
    let mut s = spec(srv.url(), "2s");
    s.keyword = Some("healthy".into());
    s.conditions = Some(vec!["[BODY].status == UP".into()]);
    let r = check(s).await;
    assert_eq!(
        r.reason,
        "status 503, expected 200-299; keyword \"healthy\" not found; [BODY].status (missing) == UP"
    );
    assert_eq!(
        zh(&r.reason),
        "状态码 503，预期为 200-299；未找到关键词“healthy”；[BODY].status（缺失） == UP"
    );

    let srv = TestServer::start(Mode::RedirectLoop).await;
    let r = check(spec(srv.url(), "5s")).await;
    assert_eq!(zh(&r.reason), "重定向超过 10 次");

    let srv = TestServer::start(Mode::Endless).await;
    let mut s = spec(srv.url(), "2s");
    s.degraded_latency = Some("1ms".into());
    let r = check(s).await;
    let ms = r.latency.as_millis();
    assert_eq!(r.reason, format!("slow: {ms} ms, over the 1 ms limit"));
    assert_eq!(
        zh(&r.reason),
        format!("响应慢：{ms} 毫秒，超过 1 毫秒的上限")
    );
}
