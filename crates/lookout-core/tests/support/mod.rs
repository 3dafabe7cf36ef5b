//! Real servers on 127.0.0.1 for probe and runtime tests.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub mod engine;
#[allow(unused_imports)]
pub use engine::engine;

/// How the test HTTP server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Status(u16),
    /// Accept, read the request, never answer.
    Hang,
    /// Accept and close at once.
    Close,
    /// Redirect to itself forever.
    RedirectLoop,
    /// 200 with an endless body.
    Endless,
    /// This status with this body (JSON, say).
    Body(u16, &'static str),
    /// 503 and 200 by turns, one per connection: a flapping service.
    Flap,
}

/// An HTTP/1.1 server that can be told how to answer, stopped and started again on the same port.
pub struct TestServer {
    pub addr: SocketAddr,
    mode: Arc<Mutex<Mode>>,
    task: Option<JoinHandle<()>>,
    pub hits: Arc<Mutex<u64>>,
}

impl TestServer {
    pub async fn start(mode: Mode) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut s = TestServer {
            addr,
            mode: Arc::new(Mutex::new(mode)),
            task: None,
            hits: Arc::new(Mutex::new(0)),
        };
        s.serve(listener);
        s
    }

    pub fn url(&self) -> String {
        format!("http://{}/health", self.addr)
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    /// The mode, for a task that changes it on its own schedule.
    pub fn mode_handle(&self) -> Arc<Mutex<Mode>> {
        self.mode.clone()
    }

    /// Stops listening: new connections are refused.
    pub fn stop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }

    /// Listens again on the same port.
    pub async fn restart(&mut self) {
        self.stop();
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(self.addr).await {
                Ok(l) => break l,
                Err(e) if tries < 50 => {
                    tries += 1;
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Err(e) => panic!("rebind {}: {e}", self.addr),
            }
        };
        self.serve(listener);
    }

    fn serve(&mut self, listener: TcpListener) {
        let mode = self.mode.clone();
        let hits = self.hits.clone();
        let addr = self.addr;
        self.task = Some(tokio::spawn(async move {
            let mut conns = tokio::task::JoinSet::new();
            loop {
                let Ok((mut sock, _)) = listener.accept().await else {
                    continue;
                };
                let hit = {
                    let mut h = hits.lock().unwrap();
                    *h += 1;
                    *h
                };
                let mode = match *mode.lock().unwrap() {
                    Mode::Flap => Mode::Status(if hit % 2 == 1 { 503 } else { 200 }),
                    m => m,
                };
                conns.spawn(async move {
                    if mode == Mode::Close {
                        return;
                    }
                    let mut buf = vec![0u8; 8192];
                    let mut got = Vec::new();
                    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                        match sock.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => got.extend_from_slice(&buf[..n]),
                        }
                    }
                    match mode {
                        Mode::Hang => tokio::time::sleep(Duration::from_secs(3600)).await,
                        Mode::Status(code) => {
                            let body = format!("{{\"status\":{code}}}");
                            let resp = format!(
                                "HTTP/1.1 {code} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                                body.len()
                            );
                            let _ = sock.write_all(resp.as_bytes()).await;
                        }
                        Mode::Body(code, body) => {
                            let resp = format!(
                                "HTTP/1.1 {code} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                                body.len()
                            );
                            let _ = sock.write_all(resp.as_bytes()).await;
                        }
                        Mode::RedirectLoop => {
                            let resp = format!(
                                "HTTP/1.1 302 Found\r\nlocation: http://{addr}/loop\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                            );
                            let _ = sock.write_all(resp.as_bytes()).await;
                        }
                        Mode::Endless => {
                            let _ = sock
                                .write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
                                .await;
                            let chunk = format!("{:x}\r\n{}\r\n", 65536, "x".repeat(65536));
                            loop {
                                if sock.write_all(chunk.as_bytes()).await.is_err() {
                                    return;
                                }
                            }
                        }
                        Mode::Close | Mode::Flap => {}
                    }
                });
            }
        }));
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port with nothing listening (bound, then released).
pub async fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

/// Every event the runtime publishes within `window`.
pub async fn collect(
    rx: &mut lookout_core::runtime::Events,
    window: Duration,
) -> Vec<lookout_core::events::CoreEvent> {
    let deadline = tokio::time::Instant::now() + window;
    let mut out = Vec::new();
    while let Ok(r) = tokio::time::timeout_at(deadline, rx.recv()).await {
        if let Ok(e) = r {
            out.push(e);
        }
    }
    out
}

/// The first event matching `f`, failing the test after `within`.
pub async fn wait_for<F: Fn(&lookout_core::events::CoreEvent) -> bool>(
    rx: &mut lookout_core::runtime::Events,
    within: Duration,
    what: &str,
    f: F,
) -> lookout_core::events::CoreEvent {
    use tokio::sync::broadcast::error::RecvError;
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Ok(e)) if f(&e) => return e,
            Ok(Ok(_)) | Ok(Err(RecvError::Lagged(_))) => {}
            Ok(Err(e)) => panic!("event channel closed waiting for {what}: {e}"),
            Err(_) => panic!("no {what} within {within:?}"),
        }
    }
}
