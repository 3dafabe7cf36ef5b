//! The heartbeat listener: `GET|POST /push/TOKEN[?status=up|down&msg=...&latency=...]` on
//! 127.0.0.1 only. A known token records a push on the [`PushBoard`] and asks the runtime to
//! check that monitor at once; an unknown token gets 404 and records nothing.
//!
//! Any local process can connect, so nothing it does may use up what the rest of Lookout
//! needs (file handles above all: every probe opens a socket). hyper's HTTP/1 server reads the
//! requests; around it:
//! - at most [`MAX_CONNECTIONS`] sockets open at once; near that, a new connection evicts the
//!   oldest (see [`serve`] for why not refuse the new one or leave it in the backlog);
//! - headers within [`HEADER_DEADLINE`], the whole exchange within [`CONNECTION_DEADLINE`],
//!   one request per connection;
//! - headers up to [`MAX_HEAD`] bytes, a body (a push needs none) up to [`MAX_BODY`], read and
//!   ignored; more is refused with 413;
//! - after an accept error that is not about one connection (out of file handles, above all),
//!   a pause of [`ACCEPT_PAUSE`] instead of spinning on a listener that stays readable.
//!
//! What a request means is read apart from all this, by a pure function (`request::interpret`)
//! that the property tests try with any path and query.

mod request;

use std::collections::VecDeque;
use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body, Incoming};
use hyper::server::conn::http1;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::task::{AbortHandle, JoinSet};

use crate::clock::Clock;
use crate::model::MonitorId;
use crate::probe::push::{Push, PushBoard};
use request::Reply;

/// Sockets open at once, never more, those being closed included. Far above what local jobs
/// need (each push takes a millisecond), far below a process's usual limit of 1,024 file
/// handles.
pub const MAX_CONNECTIONS: usize = 256;
/// Room kept among [`MAX_CONNECTIONS`] for evicted connections: an evicted task drops its
/// socket when the runtime next runs it, a moment after the eviction, and a flood must not
/// pile up sockets in that moment.
const CLOSING_ROOM: usize = 32;
/// Time a client has, from its connection, to send the request's headers. A local job sends
/// them in one write.
pub const HEADER_DEADLINE: Duration = Duration::from_secs(2);
/// Time a connection may last in all: headers, a small body and the answer.
pub const CONNECTION_DEADLINE: Duration = Duration::from_secs(5);
/// Request line and headers, in bytes (431 beyond). hyper's buffer cannot be smaller.
pub const MAX_HEAD: usize = 8 * 1024;
/// Request body, in bytes (413 beyond). A push carries its data in the query.
pub const MAX_BODY: usize = 4 * 1024;
/// Pause after an accept error such as "too many open files" before accepting again.
pub const ACCEPT_PAUSE: Duration = Duration::from_millis(100);
/// After `stop`, time given to connections to finish the answer they are writing.
const STOP_GRACE: Duration = Duration::from_millis(500);

/// Connections the kernel completes and queues for [`serve`] to accept. Tokio's default, 128,
/// fills within milliseconds of a flood whenever the listener falls behind, and a client whose
/// connection finds the queue full tries again only a second later; a push queued behind a
/// burst waits only for the listener to accept (and evict) what is ahead of it.
const BACKLOG: u32 = 1024;

/// Binds the listener on 127.0.0.1:`port` (0 picks a free port).
pub async fn bind(port: u16) -> io::Result<TcpListener> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    // As tokio's own bind: a restarted Lookout gets its port back while old connections
    // linger in TIME_WAIT; a port another listener holds is still refused.
    socket.set_reuseaddr(true)?;
    socket.bind((std::net::Ipv4Addr::LOCALHOST, port).into())?;
    socket.listen(BACKLOG)
}

/// Serves until `stop` changes (or its sender is dropped), then closes its connections within
/// about a second. Pushes for known tokens are sent on `pushed`.
///
/// With `MAX_CONNECTIONS - CLOSING_ROOM` connections live, a new one evicts the oldest rather
/// than being refused or left in the kernel's backlog: a client that opens connections and
/// sends nothing would otherwise hold every slot (renewing each as its header deadline
/// expires), and every valid push would be refused, or wait in the backlog behind its
/// connections until their deadlines. The oldest connection is the one most likely to be
/// idle, since a real push is answered within milliseconds of its connection; to evict one, a
/// flood must open some two hundred connections within those milliseconds. Accepting waits
/// only while all [`MAX_CONNECTIONS`] sockets are open, evicted ones still closing.
pub async fn serve(
    listener: Arc<TcpListener>,
    board: PushBoard,
    clock: Arc<dyn Clock>,
    pushed: mpsc::UnboundedSender<MonitorId>,
    mut stop: watch::Receiver<bool>,
) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_DEADLINE)
        .keep_alive(false)
        .max_buf_size(MAX_HEAD)
        .max_header_size(MAX_HEAD);
    let http = Arc::new(http);
    let answer = Arc::new(Answer {
        board,
        clock,
        pushed,
    });
    let mut conns = JoinSet::new();
    // Live connections, oldest first: an evicted one leaves at once, a finished one when joined.
    let mut order: VecDeque<AbortHandle> = VecDeque::new();
    let pause = tokio::time::sleep(Duration::ZERO);
    tokio::pin!(pause);
    let mut pausing = false;
    let mut failing = false;
    loop {
        // Beyond MAX_CONNECTIONS the kernel holds new connections until evicted ones close.
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
                    crate::fault::inject("heartbeat listener");
                    if failing {
                        failing = false;
                        tracing::info!("heartbeat listener accepting again");
                    }
                    if order.len() >= MAX_CONNECTIONS - CLOSING_ROOM {
                        if let Some(oldest) = order.pop_front() {
                            oldest.abort();
                        }
                    }
                    let task = connection(sock, peer, http.clone(), answer.clone(), stop.clone());
                    order.push_back(conns.spawn(task));
                }
                Err(e) if about_one_connection(&e) => {}
                Err(error) => {
                    // Logged once per spell: even with the pause it recurs ten times a second.
                    if !failing {
                        failing = true;
                        tracing::warn!(%error, "heartbeat listener cannot accept; pausing");
                    }
                    pause.as_mut().reset(tokio::time::Instant::now() + ACCEPT_PAUSE);
                    pausing = true;
                }
            },
        }
    }
    drop(listener);
    // Each connection saw `stop` too and finishes within STOP_GRACE; the rest are cut.
    let _ = tokio::time::timeout(STOP_GRACE * 2, async {
        while conns.join_next().await.is_some() {}
    })
    .await;
    conns.shutdown().await;
}

/// Errors that end one half-open connection, not the listener's ability to accept.
fn about_one_connection(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::Interrupted
    )
}

async fn connection(
    sock: TcpStream,
    peer: SocketAddr,
    http: Arc<http1::Builder>,
    answer: Arc<Answer>,
    mut stop: watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |req| {
        let answer = answer.clone();
        async move { Ok::<_, Infallible>(answer.answer(req, peer).await) }
    });
    let conn = http.serve_connection(TokioIo::new(sock), service);
    tokio::pin!(conn);
    let deadline = tokio::time::sleep(CONNECTION_DEADLINE);
    tokio::pin!(deadline);
    tokio::select! {
        served = conn.as_mut() => {
            if let Err(error) = served {
                tracing::debug!(%peer, %error, "heartbeat connection failed");
            }
        }
        () = &mut deadline => tracing::debug!(%peer, "heartbeat connection cut at its deadline"),
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(STOP_GRACE, conn).await;
        }
    }
}

/// What every connection shares: where pushes go.
struct Answer {
    board: PushBoard,
    clock: Arc<dyn Clock>,
    pushed: mpsc::UnboundedSender<MonitorId>,
}

impl Answer {
    async fn answer(&self, req: Request<Incoming>, peer: SocketAddr) -> Response<Full<Bytes>> {
        let asked = request::interpret(
            req.method().as_str(),
            req.uri().path_and_query().map_or("/", |p| p.as_str()),
        );
        // Read a small body to its end, so that closing the connection doesn't reset it
        // before the client has read the answer.
        if req.body().size_hint().lower() > MAX_BODY as u64
            || Limited::new(req.into_body(), MAX_BODY)
                .collect()
                .await
                .is_err()
        {
            return respond(Reply {
                code: 413,
                msg: "a push needs no body",
            });
        }
        let asked = match asked {
            Ok(asked) => asked,
            Err(refusal) => return respond(refusal),
        };
        let push = Push {
            at: self.clock.now(),
            up: asked.up,
            msg: asked.msg,
            latency_ms: asked.latency_ms,
        };
        match self.board.record(&asked.token, push) {
            Some(id) => {
                tracing::debug!(%peer, monitor = %id, "push received");
                let _ = self.pushed.send(id);
                respond(Reply {
                    code: 200,
                    msg: if asked.latency_ignored {
                        "ok; latency ignored: not a number of milliseconds"
                    } else {
                        "ok"
                    },
                })
            }
            None => respond(Reply {
                code: 404,
                msg: "unknown token",
            }),
        }
    }
}

/// The JSON answer every request gets: `{"ok": bool, "msg": "..."}`.
fn respond(r: Reply) -> Response<Full<Bytes>> {
    let body = serde_json::json!({ "ok": r.code == 200, "msg": r.msg }).to_string();
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = StatusCode::from_u16(r.code).unwrap_or(StatusCode::BAD_REQUEST);
    resp.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    resp
}
