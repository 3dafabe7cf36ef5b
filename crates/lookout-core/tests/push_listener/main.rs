//! The heartbeat listener against hostile local clients: a flood of idle connections, a
//! header dripped byte by byte, a huge body, a listener out of file handles. A real listener
//! on 127.0.0.1 and real sockets. The flood, and the listener starved of file handles, run in
//! a second process (this test binary run again as a helper, see [`helper_process`]) so that
//! this process's file count is the listener's alone and the helper's limits are its own.
#![cfg(target_os = "linux")]

#[path = "../support/mod.rs"]
mod support;

mod answers;
mod deadlines;
mod flood;
mod roles;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use lookout_core::clock::SystemClock;
use lookout_core::model::MonitorId;
use lookout_core::probe::push::PushBoard;
use lookout_core::push_server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};

use roles::{hold, lookout, starved};

const TOKEN: &str = "ListenerTestToken0123456";
const MONITOR: MonitorId = MonitorId(7);
const HELPER_ENV: &str = "LOOKOUT_PUSH_LISTENER_HELPER";

/// A listener serving a board on which [`TOKEN`] is live for [`MONITOR`].
struct Listener {
    addr: SocketAddr,
    board: PushBoard,
    pushed: mpsc::UnboundedReceiver<MonitorId>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

async fn start() -> Listener {
    let listener = push_server::bind(0).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let board = PushBoard::default();
    board.set_tokens(HashMap::from([(TOKEN.to_string(), MONITOR)]), Utc::now());
    let (pushed_tx, pushed) = mpsc::unbounded_channel();
    let (stop, stop_rx) = watch::channel(false);
    let task = tokio::spawn(push_server::serve(
        std::sync::Arc::new(listener),
        board.clone(),
        Arc::new(SystemClock),
        pushed_tx,
        stop_rx,
    ));
    Listener {
        addr,
        board,
        pushed,
        stop,
        task,
    }
}

/// Sends `request` as is and reads the whole answer (the listener closes after each).
async fn exchange(addr: SocketAddr, request: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(request).await.unwrap();
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).await.unwrap();
    String::from_utf8_lossy(&resp).into_owned()
}

async fn get(addr: SocketAddr, target: &str) -> String {
    exchange(
        addr,
        format!("GET {target} HTTP/1.1\r\nhost: x\r\n\r\n").as_bytes(),
    )
    .await
}

fn code(resp: &str) -> u16 {
    resp.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {resp:?}"))
}

fn body(resp: &str) -> &str {
    resp.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

/// This process's open file handles.
fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

/// Waits until `read` returns end of file or an error; returns how long that took.
async fn time_to_close(s: &mut TcpStream, within: Duration) -> Duration {
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    tokio::time::timeout(within, async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the listener kept the connection open for {within:?}"));
    started.elapsed()
}

/// Not a test on its own: the body of the helper process the tests in `flood` start, this
/// binary run again with `LOOKOUT_PUSH_LISTENER_HELPER` set to its role. Run without it, it
/// returns. It stays at the crate root: `Helper::start` runs it as `--exact helper_process`.
#[test]
fn helper_process() {
    let Ok(role) = std::env::var(HELPER_ENV) else {
        return;
    };
    let args: Vec<&str> = role.split(' ').collect();
    match args[..] {
        ["hold", addr, n] => hold(addr.parse().unwrap(), n.parse().unwrap()),
        ["starved"] => starved(),
        ["lookout"] => lookout(),
        _ => panic!("unknown helper role {role:?}"),
    }
}
