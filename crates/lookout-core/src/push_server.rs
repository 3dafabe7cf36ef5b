//! The heartbeat listener: `GET|POST /push/TOKEN[?status=up|down&msg=...&latency=...]` on
//! 127.0.0.1 only. A known token records a push on the [`PushBoard`] and asks the runtime to
//! check that monitor at once; an unknown token gets 404 and records nothing.
//!
//! Deliberately tiny: one request per connection, headers capped at 8 KiB, a 5 s read timeout,
//! so a misbehaving client can't hold resources.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};

use crate::clock::Clock;
use crate::model::MonitorId;
use crate::probe::push::{Push, PushBoard};

const MAX_REQUEST: usize = 8 * 1024;

/// Binds the listener on 127.0.0.1:`port` (0 picks a free port).
pub async fn bind(port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port)).await
}

/// Serves until `stop` changes. Pushes for known tokens are sent on `pushed`.
pub async fn serve(
    listener: TcpListener,
    board: PushBoard,
    clock: std::sync::Arc<dyn Clock>,
    pushed: mpsc::UnboundedSender<MonitorId>,
    mut stop: watch::Receiver<bool>,
) {
    let mut conns = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((sock, peer)) = accepted else { continue };
                let (board, clock, pushed) = (board.clone(), clock.clone(), pushed.clone());
                conns.spawn(async move {
                    let _ = tokio::time::timeout(
                        Duration::from_secs(5),
                        handle(sock, peer, &board, clock.as_ref(), &pushed),
                    )
                    .await;
                });
            }
            _ = stop.changed() => return,
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
}

async fn handle(
    mut sock: TcpStream,
    peer: SocketAddr,
    board: &PushBoard,
    clock: &dyn Clock,
    pushed: &mpsc::UnboundedSender<MonitorId>,
) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    let (method, path) = loop {
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                break (
                    req.method.unwrap_or("").to_string(),
                    req.path.unwrap_or("").to_string(),
                )
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_REQUEST => continue,
            _ => return respond(&mut sock, 400, "bad request").await,
        }
    };
    if method != "GET" && method != "POST" {
        return respond(&mut sock, 405, "use GET or POST").await;
    }
    let url = match url::Url::parse(&format!("http://127.0.0.1{path}")) {
        Ok(u) => u,
        Err(_) => return respond(&mut sock, 400, "bad path").await,
    };
    let Some(token) = url
        .path()
        .strip_prefix("/push/")
        .filter(|t| !t.contains('/'))
    else {
        return respond(&mut sock, 404, "not found").await;
    };
    let mut push = Push {
        at: clock.now(),
        up: true,
        msg: String::new(),
        latency_ms: None,
    };
    for (k, v) in url.query_pairs() {
        match &*k {
            "status" => match &*v {
                "up" => push.up = true,
                "down" => push.up = false,
                _ => return respond(&mut sock, 400, "status must be up or down").await,
            },
            "msg" => push.msg = v.chars().take(500).collect(),
            "latency" | "ping" => match v.parse::<f64>() {
                Ok(ms) if ms.is_finite() && ms >= 0.0 => push.latency_ms = Some(ms as u64),
                _ => {
                    return respond(&mut sock, 400, "latency must be a number of milliseconds")
                        .await
                }
            },
            _ => {}
        }
    }
    match board.record(token, push) {
        Some(id) => {
            tracing::debug!(%peer, monitor = %id, "push received");
            let _ = pushed.send(id);
            respond(&mut sock, 200, "ok").await
        }
        None => respond(&mut sock, 404, "unknown token").await,
    }
}

async fn respond(sock: &mut TcpStream, code: u16, msg: &str) -> std::io::Result<()> {
    let body = serde_json::json!({ "ok": code == 200, "msg": msg }).to_string();
    let reason = match code {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let resp = format!(
        "HTTP/1.1 {code} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    sock.write_all(resp.as_bytes()).await?;
    sock.shutdown().await
}
