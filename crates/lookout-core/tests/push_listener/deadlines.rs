//! Connections cut in time: a dripped header, an idle connection, every connection at stop.

use std::time::{Duration, Instant};

use lookout_core::push_server::HEADER_DEADLINE;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::{code, get, start, time_to_close, TOKEN};

#[tokio::test]
async fn a_header_dripped_slowly_is_cut_at_the_header_deadline() {
    let l = start().await;
    let mut s = TcpStream::connect(l.addr).await.unwrap();
    let started = Instant::now();
    s.write_all(format!("GET /push/{TOKEN} HTTP/1.1\r\nx-drip: ").as_bytes())
        .await
        .unwrap();
    let (mut rd, mut wr) = s.into_split();
    // One byte every 100 ms, for longer than the deadline: each keeps the connection busy, none
    // completes the headers.
    let drip = tokio::spawn(async move {
        for _ in 0..100 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if wr.write_all(b"a").await.is_err() {
                return;
            }
        }
    });
    let mut buf = [0u8; 1024];
    tokio::time::timeout(HEADER_DEADLINE * 3, async {
        while let Ok(n) = rd.read(&mut buf).await {
            if n == 0 {
                break;
            }
        }
    })
    .await
    .expect("the dripping connection was never cut");
    let lasted = started.elapsed();
    drip.abort();
    assert!(
        lasted >= HEADER_DEADLINE - Duration::from_millis(100)
            && lasted < HEADER_DEADLINE + Duration::from_millis(900),
        "cut after {lasted:?}, the header deadline is {HEADER_DEADLINE:?}"
    );
    assert!(l.board.last(TOKEN).is_none());
}

#[tokio::test]
async fn an_idle_connection_is_cut_at_the_header_deadline() {
    let l = start().await;
    let mut s = TcpStream::connect(l.addr).await.unwrap();
    let lasted = time_to_close(&mut s, HEADER_DEADLINE * 3).await;
    assert!(
        lasted < HEADER_DEADLINE + Duration::from_millis(900),
        "cut after {lasted:?}"
    );
    // The listener still answers.
    assert_eq!(code(&get(l.addr, &format!("/push/{TOKEN}")).await), 200);
}

#[tokio::test]
async fn serve_returns_within_a_second_of_stop_and_closes_its_connections() {
    let l = start().await;
    let mut idle = Vec::new();
    for _ in 0..20 {
        idle.push(TcpStream::connect(l.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    l.stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_millis(1500), l.task)
        .await
        .expect("serve did not return after stop")
        .unwrap();
    assert!(started.elapsed() < Duration::from_millis(1200));
    for mut s in idle {
        time_to_close(&mut s, Duration::from_millis(500)).await;
    }
    assert!(TcpStream::connect(l.addr).await.is_err(), "still listening");
}
