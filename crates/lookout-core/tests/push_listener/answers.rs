//! What the listener answers: codes and bodies, pushed latencies, small and huge bodies.

use std::time::Duration;

use lookout_core::probe::push::MAX_PUSHED_LATENCY;
use lookout_core::push_server::MAX_BODY;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::{body, code, exchange, get, start, MONITOR, TOKEN};

#[tokio::test]
async fn answers_and_bodies_are_as_before_the_move_to_hyper() {
    let mut l = start().await;
    let ok = get(
        l.addr,
        &format!("/push/{TOKEN}?status=down&msg=disk%20full"),
    )
    .await;
    assert_eq!(code(&ok), 200, "{ok}");
    assert_eq!(body(&ok), r#"{"msg":"ok","ok":true}"#);
    let head = ok.to_ascii_lowercase();
    assert!(head.contains("content-type: application/json"), "{ok}");
    assert!(head.contains("connection: close"), "{ok}");
    assert_eq!(l.pushed.recv().await, Some(MONITOR));
    let p = l.board.last(TOKEN).expect("recorded");
    assert!(!p.up);
    assert_eq!(p.msg, "disk full");

    for (target, want) in [
        (
            "/push/NotALiveTokenNotALive".to_string(),
            (404, r#"{"msg":"unknown token","ok":false}"#),
        ),
        (
            "/nothing".to_string(),
            (404, r#"{"msg":"not found","ok":false}"#),
        ),
        (
            format!("/push/{TOKEN}/"),
            (404, r#"{"msg":"not found","ok":false}"#),
        ),
        (
            format!("/push/{TOKEN}?status=maybe"),
            (400, r#"{"msg":"status must be up or down","ok":false}"#),
        ),
    ] {
        let resp = get(l.addr, &target).await;
        assert_eq!((code(&resp), body(&resp)), want, "{target}");
    }
    let resp = exchange(l.addr, b"PUT /push/x HTTP/1.1\r\nhost: x\r\n\r\n").await;
    assert_eq!(
        (code(&resp), body(&resp)),
        (405, r#"{"msg":"use GET or POST","ok":false}"#)
    );
    // POST works too, and HTTP/1.0 clients (busybox wget) are answered.
    let resp = exchange(
        l.addr,
        format!("POST /push/{TOKEN} HTTP/1.0\r\ncontent-length: 0\r\n\r\n").as_bytes(),
    )
    .await;
    assert_eq!(code(&resp), 200, "{resp}");
    assert_eq!(l.pushed.recv().await, Some(MONITOR));
    assert!(
        l.pushed.try_recv().is_err(),
        "a refused request was sent on"
    );
}

#[tokio::test]
async fn a_pushed_latency_is_clamped_to_an_hour() {
    let mut l = start().await;
    let resp = get(l.addr, &format!("/push/{TOKEN}?latency=1e300")).await;
    assert_eq!(code(&resp), 200, "{resp}");
    assert_eq!(l.pushed.recv().await, Some(MONITOR));
    assert_eq!(
        l.board.last(TOKEN).unwrap().latency_ms,
        Some(MAX_PUSHED_LATENCY.as_millis() as u64)
    );
    // No number: the heartbeat still counts (refusing it would read as silence), and the
    // answer says the latency was dropped.
    let resp = get(l.addr, &format!("/push/{TOKEN}?latency=soon")).await;
    assert_eq!(
        (code(&resp), body(&resp)),
        (
            200,
            r#"{"msg":"ok; latency ignored: not a number of milliseconds","ok":true}"#
        )
    );
    assert_eq!(l.board.last(TOKEN).unwrap().latency_ms, None);
}

#[tokio::test]
async fn a_small_body_is_ignored_and_a_huge_one_refused() {
    let l = start().await;
    let small = "x".repeat(MAX_BODY);
    let resp = exchange(
        l.addr,
        format!(
            "POST /push/{TOKEN}?msg=small HTTP/1.1\r\ncontent-length: {}\r\n\r\n{small}",
            small.len()
        )
        .as_bytes(),
    )
    .await;
    assert_eq!(code(&resp), 200, "{resp}");
    assert_eq!(l.board.last(TOKEN).unwrap().msg, "small");

    // Announced: refused before a byte of it is read.
    let resp = exchange(
        l.addr,
        format!("POST /push/{TOKEN}?msg=big HTTP/1.1\r\ncontent-length: 1073741824\r\n\r\n")
            .as_bytes(),
    )
    .await;
    assert_eq!(
        (code(&resp), body(&resp)),
        (413, r#"{"msg":"a push needs no body","ok":false}"#)
    );

    // Chunked and endless: the listener stops reading past the cap and closes; whether the
    // 413 arrives before the reset of the unread rest is up to the kernel.
    let mut s = TcpStream::connect(l.addr).await.unwrap();
    s.write_all(
        format!("POST /push/{TOKEN}?msg=endless HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n")
            .as_bytes(),
    )
    .await
    .unwrap();
    let (mut rd, mut wr) = s.into_split();
    let flood = tokio::spawn(async move {
        let chunk = format!("400\r\n{}\r\n", "y".repeat(0x400));
        let mut sent = 0usize;
        while sent < 64 << 20 && wr.write_all(chunk.as_bytes()).await.is_ok() {
            sent += 0x400;
        }
        sent
    });
    let mut resp = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(3), rd.read_to_end(&mut resp))
        .await
        .expect("the endless body was read on and on");
    let sent = tokio::time::timeout(Duration::from_secs(3), flood)
        .await
        .expect("the listener kept taking the endless body")
        .unwrap();
    assert!(sent < 64 << 20, "the listener took {sent} bytes");
    let resp = String::from_utf8_lossy(&resp);
    assert!(resp.is_empty() || code(&resp) == 413, "{resp}");
    assert_eq!(l.board.last(TOKEN).unwrap().msg, "small", "recorded anyway");
}
