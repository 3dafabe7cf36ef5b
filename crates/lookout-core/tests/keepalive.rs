//! HTTP checks over kept connections, against a real keep-alive server on 127.0.0.1: reused
//! while a check on a new connection vouches for the origin, never hiding for longer than
//! that a server that stopped accepting new connections, and never a false DOWN from a kept
//! connection the server closed.

use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use lookout_core::model::{CheckResult, Status};
use lookout_core::monitor::Monitor;
use lookout_core::probe::Prober;
use lookout_core::spec::MonitorSpec;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

/// HTTP/1.1 with keep-alive: every request on a connection answered with `status` (200 at
/// first), connections counted.
struct KeepServer {
    addr: std::net::SocketAddr,
    accepted: Arc<AtomicUsize>,
    status: Arc<AtomicU16>,
    accept: Option<JoinHandle<()>>,
    conns: Arc<std::sync::Mutex<JoinSet<()>>>,
}

impl KeepServer {
    async fn start() -> KeepServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let conns = Arc::new(std::sync::Mutex::new(JoinSet::new()));
        let status = Arc::new(AtomicU16::new(200));
        let (count, set, code) = (accepted.clone(), conns.clone(), status.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                let code = code.clone();
                set.lock().unwrap().spawn(async move {
                    let mut buf = vec![0u8; 8192];
                    let mut got = Vec::new();
                    loop {
                        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                            match sock.read(&mut buf).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => got.extend_from_slice(&buf[..n]),
                            }
                        }
                        got.clear();
                        let status = code.load(Ordering::SeqCst);
                        let resp = format!("HTTP/1.1 {status} X\r\ncontent-length: 2\r\n\r\nok");
                        if sock.write_all(resp.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        KeepServer {
            addr,
            accepted,
            status,
            accept: Some(accept),
            conns,
        }
    }

    fn url(&self) -> String {
        format!("http://{}/health", self.addr)
    }

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    /// Closes the listening socket: new connections are refused, open ones still answer.
    async fn stop_accepting(&mut self) {
        if let Some(t) = self.accept.take() {
            t.abort();
            let _ = t.await;
        }
    }

    /// Closes every open connection (as a server's idle timeout does).
    fn close_connections(&self) {
        self.conns.lock().unwrap().abort_all();
    }
}

fn monitor(url: String) -> Monitor {
    Monitor::try_from(MonitorSpec {
        name: "kept".into(),
        target: url,
        interval: Some("10s".into()),
        timeout: Some("2s".into()),
        ..Default::default()
    })
    .unwrap()
}

async fn check(p: &Prober, m: &Monitor) -> CheckResult {
    p.check(&m.probe, m.timeout, m.degraded_latency, Utc::now())
        .await
}

#[tokio::test]
async fn checks_reuse_a_kept_connection_once_a_new_one_passed() {
    let srv = KeepServer::start().await;
    let (p, m) = (Prober::new().unwrap(), monitor(srv.url()));
    for _ in 0..6 {
        let r = check(&p, &m).await;
        assert_eq!(r.status, Status::Up, "{r:?}");
    }
    // The first check on a connection of its own, the next one opens the kept one, then reuse.
    assert_eq!(srv.accepted(), 2);
}

#[tokio::test]
async fn a_server_that_stops_accepting_is_down_once_the_new_connection_window_ends() {
    let mut srv = KeepServer::start().await;
    let every = Duration::from_millis(800);
    let (p, m) = (Prober::with_fresh_every(every).unwrap(), monitor(srv.url()));
    assert_eq!(check(&p, &m).await.status, Status::Up);
    assert_eq!(check(&p, &m).await.status, Status::Up);
    srv.stop_accepting().await;
    // Within the window the kept connection still answers: the bound on what it can hide.
    assert_eq!(check(&p, &m).await.status, Status::Up);
    tokio::time::sleep(every + Duration::from_millis(100)).await;
    let r = check(&p, &m).await;
    assert_eq!(r.status, Status::Down, "{r:?}");
    assert!(r.reason.contains("refused"), "{r:?}");
    // And it stays DOWN: a failed new connection vouches for nothing.
    assert_eq!(check(&p, &m).await.status, Status::Down);
}

#[tokio::test]
async fn a_kept_connection_the_server_closed_is_not_a_false_down() {
    let srv = KeepServer::start().await;
    let (p, m) = (Prober::new().unwrap(), monitor(srv.url()));
    for round in 0..5 {
        let r = check(&p, &m).await;
        assert_eq!(r.status, Status::Up, "round {round}: {r:?}");
        srv.close_connections();
    }
}

#[tokio::test]
async fn an_answer_on_a_kept_connection_counts_as_the_servers_word() {
    let srv = KeepServer::start().await;
    let (p, m) = (Prober::new().unwrap(), monitor(srv.url()));
    assert_eq!(check(&p, &m).await.status, Status::Up);
    assert_eq!(check(&p, &m).await.status, Status::Up);
    srv.status.store(503, Ordering::SeqCst);
    let r = check(&p, &m).await;
    assert_eq!(r.status, Status::Down, "{r:?}");
    assert!(r.reason.contains("503"), "{r:?}");
    // Not asked again on a new connection: the server answered.
    assert_eq!(srv.accepted(), 2);
}
