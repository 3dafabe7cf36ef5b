//! The `/metrics` listener: hyper's HTTP/1 server with the heartbeat listener's guards
//! ([`crate::push_server`]): a cap on open sockets with the oldest evicted near it, a header
//! deadline, a deadline for the whole exchange, one request per connection and small headers.
//! `GET` (and `HEAD`) `/metrics` only; 404 elsewhere, 405 for other methods. It may listen
//! beyond loopback, so nothing a client sends is read beyond its headers.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{AbortHandle, JoinSet};

use super::expose::Format;
use crate::push_server::{ACCEPT_PAUSE, CONNECTION_DEADLINE, HEADER_DEADLINE, MAX_HEAD};

/// Sockets open at once. A scrape takes one; a fleet's Prometheus servers need a handful.
pub const MAX_CONNECTIONS: usize = 64;
/// Room kept for evicted connections while they close (see `push_server`).
const CLOSING_ROOM: usize = 8;

/// Writes the body of a scrape in the format asked for.
pub type Render = Arc<dyn Fn(Format) -> String + Send + Sync>;

/// Serves until `stop` changes or its sender is dropped; then stops accepting and cuts the
/// connections left.
pub async fn serve(listener: TcpListener, render: Render, mut stop: watch::Receiver<bool>) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_DEADLINE)
        .keep_alive(false)
        .max_buf_size(MAX_HEAD)
        .max_header_size(MAX_HEAD);
    let http = Arc::new(http);
    let mut conns = JoinSet::new();
    let mut order: VecDeque<AbortHandle> = VecDeque::new();
    let pause = tokio::time::sleep(std::time::Duration::ZERO);
    tokio::pin!(pause);
    let mut pausing = false;
    loop {
        let accepting = !pausing && conns.len() < MAX_CONNECTIONS;
        tokio::select! {
            biased;
            _ = stop.changed() => break,
            Some(done) = conns.join_next_with_id(), if !conns.is_empty() => {
                let id = match done {
                    Ok((id, ())) => id,
                    Err(e) => e.id(),
                };
                order.retain(|h| h.id() != id);
            }
            () = &mut pause, if pausing => pausing = false,
            accepted = listener.accept(), if accepting => match accepted {
                Ok((sock, peer)) => {
                    if order.len() >= MAX_CONNECTIONS - CLOSING_ROOM {
                        if let Some(oldest) = order.pop_front() {
                            oldest.abort();
                        }
                    }
                    let task = connection(sock, peer, http.clone(), render.clone());
                    order.push_back(conns.spawn(task));
                }
                Err(error) => {
                    // Out of file handles and the like: pause rather than spin.
                    tracing::debug!(%error, "metrics listener cannot accept; pausing");
                    pause.as_mut().reset(tokio::time::Instant::now() + ACCEPT_PAUSE);
                    pausing = true;
                }
            },
        }
    }
    drop(listener);
    conns.shutdown().await;
}

async fn connection(sock: TcpStream, peer: SocketAddr, http: Arc<http1::Builder>, render: Render) {
    let service = hyper::service::service_fn(move |req| {
        let render = render.clone();
        async move { Ok::<_, Infallible>(answer(&req, &render)) }
    });
    let conn = http.serve_connection(TokioIo::new(sock), service);
    match tokio::time::timeout(CONNECTION_DEADLINE, conn).await {
        Ok(Err(error)) => tracing::debug!(%peer, %error, "metrics connection failed"),
        Ok(Ok(())) => {}
        Err(_) => tracing::debug!(%peer, "metrics connection cut at its deadline"),
    }
}

/// The answer to one request (its body, if any, is never read).
pub fn answer(req: &Request<Incoming>, render: &Render) -> Response<Full<Bytes>> {
    let accept = req
        .headers()
        .get(hyper::header::ACCEPT)
        .and_then(|v| v.to_str().ok());
    respond(req.method(), req.uri().path(), accept, render)
}

fn respond(
    method: &Method,
    path: &str,
    accept: Option<&str>,
    render: &Render,
) -> Response<Full<Bytes>> {
    if path != "/metrics" {
        return plain(
            StatusCode::NOT_FOUND,
            "not found; metrics are at /metrics\n",
        );
    }
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET\n");
        r.headers_mut().insert(
            hyper::header::ALLOW,
            hyper::header::HeaderValue::from_static("GET, HEAD"),
        );
        return r;
    }
    let format = Format::from_accept(accept);
    let mut r = Response::new(Full::new(Bytes::from(render(format))));
    r.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(format.content_type()),
    );
    r
}

fn plain(code: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *r.status_mut() = code;
    r.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render() -> Render {
        Arc::new(|f: Format| format!("{f:?}\n"))
    }

    #[test]
    fn only_get_on_metrics() {
        let r = respond(&Method::GET, "/metrics", None, &render());
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers()[hyper::header::CONTENT_TYPE]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/plain; version=0.0.4"));
        let r = respond(
            &Method::GET,
            "/metrics",
            Some("application/openmetrics-text; version=1.0.0"),
            &render(),
        );
        assert!(r.headers()[hyper::header::CONTENT_TYPE]
            .to_str()
            .unwrap_or_default()
            .starts_with("application/openmetrics-text"));
        assert_eq!(
            respond(&Method::GET, "/", None, &render()).status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            respond(&Method::GET, "/metrics/x", None, &render()).status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            respond(&Method::POST, "/metrics", None, &render()).status(),
            StatusCode::METHOD_NOT_ALLOWED
        );
    }
}
