//! The heartbeat listener against hostile local clients: a flood of idle connections, a
//! header dripped byte by byte, a huge body, a listener out of file handles. A real listener
//! on 127.0.0.1 and real sockets. The flood, and the listener starved of file handles, run in
//! a second process (this test binary run again as a helper, see [`helper_process`]) so that
//! this process's file count is the listener's alone and the helper's limits are its own.
#![cfg(target_os = "linux")]

mod support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use lookout_core::clock::SystemClock;
use lookout_core::model::{MonitorId, Status};
use lookout_core::monitor::Monitor;
use lookout_core::probe::push::{PushBoard, MAX_PUSHED_LATENCY};
use lookout_core::probe::Prober;
use lookout_core::push_server::{self, HEADER_DEADLINE, MAX_BODY, MAX_CONNECTIONS};
use lookout_core::spec::MonitorSpec;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};

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

/// 2,000 idle connections from another local process: a push is still recorded within a
/// second, a check of another service still passes, and Lookout's open files stay within the
/// listener's cap. "Lookout" is a helper process of its own here, so that its file count is
/// the listener's and not that of the tests running beside this one.
#[test]
fn a_flood_of_idle_connections_delays_no_push_and_no_check() {
    const FLOOD: usize = 2000;
    let mut lookout = Helper::start("lookout", &[]);
    let addr = lookout.expect("listening");
    let mut holder = Helper::start("hold", &[&addr, &FLOOD.to_string()]);
    let held: usize = holder.expect("held").parse().unwrap();
    if held < FLOOD {
        eprintln!("the helper could hold only {held} connections (its file limit)");
    }
    assert!(held > 2 * MAX_CONNECTIONS, "only {held} connections held");

    lookout.say("go");
    let holding: usize = lookout.expect("holding").parse().unwrap();
    let took = Duration::from_millis(lookout.expect("pushed").parse().unwrap());
    let checked = lookout.expect("checked");
    let before: usize = lookout.expect("before").parse().unwrap();
    let peak: usize = lookout.expect("peak").parse().unwrap();
    eprintln!(
        "{held} connections held: the push took {took:?}, open files went from {before} to \
         at most {peak}"
    );
    // The flood reached the listener: it held connections when the push went.
    assert!(
        holding > before + MAX_CONNECTIONS / 2,
        "{holding} open files"
    );
    assert!(took < Duration::from_secs(1), "the push took {took:?}");
    assert_eq!(checked, "Up");
    // The listener's connections, plus the push's and the check's own.
    assert!(
        peak <= before + MAX_CONNECTIONS + 8,
        "open files went from {before} to {peak} under {held} connections"
    );

    drop(holder);
    // The flood gone, so are its connections.
    lookout.say("settle");
    let settled: usize = lookout.expect("settled").parse().unwrap();
    assert!(
        settled <= before,
        "{settled} open files left, {before} before"
    );
}

/// A listener whose process has run out of file handles waits between accepts instead of
/// spinning (on a listener that stays readable, an accept loop that just retries burns a
/// core), and serves again as soon as handles are free.
#[test]
fn a_listener_out_of_file_handles_pauses_and_then_recovers() {
    let mut starved = Helper::start("starved", &[]);
    let addr: SocketAddr = starved.expect("listening").parse().unwrap();
    // Connections the listener cannot take: they wait in the kernel's backlog, the listener
    // stays readable.
    let mut waiting = Vec::new();
    for _ in 0..3 {
        waiting.push(std::net::TcpStream::connect(addr).unwrap());
    }
    waiting[0]
        .write_all(format!("GET /push/{TOKEN} HTTP/1.1\r\nhost: x\r\n\r\n").as_bytes())
        .unwrap();
    // Time on a CPU or waiting for one: a spinning loop is one or the other all the time,
    // however busy the machine, where CPU time alone would shrink with its share.
    let busy = busy(starved.child.id());
    std::thread::sleep(Duration::from_secs(1));
    let busy = self::busy(starved.child.id()) - busy;
    assert!(
        busy < Duration::from_millis(250),
        "the starved listener was busy {busy:?} of a second"
    );

    starved.say("free");
    let started = Instant::now();
    assert_eq!(starved.expect("pushed"), MONITOR.0.to_string());
    let mut resp = String::new();
    waiting[0]
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    waiting[0].read_to_string(&mut resp).unwrap();
    assert_eq!(code(&resp), 200, "{resp}");
    assert!(started.elapsed() < Duration::from_secs(1));
}

/// Time the threads of a process have spent running or ready to run (`/proc/PID/schedstat`).
fn busy(pid: u32) -> Duration {
    let mut ns = 0u64;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
        let stat =
            std::fs::read_to_string(task.unwrap().path().join("schedstat")).unwrap_or_default();
        ns += stat
            .split_whitespace()
            .take(2)
            .map(|f| f.parse::<u64>().unwrap())
            .sum::<u64>();
    }
    Duration::from_nanos(ns)
}

/// This test binary run again as a helper process; it speaks in lines `helper: WORD VALUE`.
struct Helper {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Helper {
    fn start(role: &str, args: &[&str]) -> Helper {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "helper_process",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(
                HELPER_ENV,
                [role]
                    .iter()
                    .chain(args)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" "),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        Helper {
            stdin: child.stdin.take(),
            stdout: BufReader::new(child.stdout.take().unwrap()),
            child,
        }
    }

    /// Reads lines until `helper: WORD VALUE`; returns VALUE.
    fn expect(&mut self, word: &str) -> String {
        let prefix = format!("helper: {word} ");
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.stdout.read_line(&mut line).unwrap();
            assert!(n > 0, "the helper ended before saying {word:?}");
            // libtest's own "test helper_process ... " may stand before it on the line.
            if let Some(i) = line.find(&prefix) {
                return line[i + prefix.len()..].trim_end().to_string();
            }
        }
    }

    fn say(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        // End of input tells the helper to leave; kill it if it doesn't.
        self.stdin.take();
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Not a test on its own: the body of the helper process the tests above start, this binary
/// run again with `LOOKOUT_PUSH_LISTENER_HELPER` set to its role. Run without it, it returns.
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

/// Opens up to `n` connections to `addr` and holds them, sending nothing, until its input ends.
fn hold(addr: SocketAddr, n: usize) {
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    const MARGIN: u64 = 64;
    let limit = getrlimit(Resource::Nofile);
    let hard = limit.maximum.unwrap_or(u64::MAX);
    let want = (n as u64 + MARGIN).min(hard);
    if limit.current.is_some_and(|c| c < want) {
        let _ = setrlimit(
            Resource::Nofile,
            Rlimit {
                current: Some(want),
                maximum: limit.maximum,
            },
        );
    }
    let soft = getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX);
    let n = n.min(soft.saturating_sub(MARGIN) as usize);
    let mut held = Vec::with_capacity(n);
    for _ in 0..n {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
            Ok(s) => held.push(s),
            Err(_) => break,
        }
    }
    println!("helper: held {}", held.len());
    let mut rest = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut rest);
}

/// Lookout's side of the flood: a listener, a service to check and a count of this
/// process's open files, sampled all along. On `go`: a push and a check at once; on `settle`:
/// the count once it is back where it was (within 3 s).
fn lookout() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut l = start().await;
        let web = support::TestServer::start(support::Mode::Status(200)).await;
        let m = Monitor::try_from(MonitorSpec {
            name: "web".into(),
            target: web.url(),
            timeout: Some("2s".into()),
            ..Default::default()
        })
        .unwrap();
        let prober = Prober::new().unwrap();
        // A first check opens what checks keep open (the client's pool), before the count.
        let warm = prober.check(&m.probe, m.timeout, None, Utc::now()).await;
        assert_eq!(warm.status, Status::Up, "{warm:?}");
        let before = open_fds();
        // On a thread of its own, so the count goes on whatever the runtime is doing.
        let peak = Arc::new(std::sync::atomic::AtomicUsize::new(before));
        {
            let peak = peak.clone();
            std::thread::spawn(move || loop {
                peak.fetch_max(open_fds(), std::sync::atomic::Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(2));
            });
        }
        let (say_tx, mut said) = mpsc::unbounded_channel::<String>();
        std::thread::spawn(move || {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { return };
                let _ = say_tx.send(line);
            }
        });
        println!("helper: listening {}", l.addr);

        assert_eq!(said.recv().await.as_deref(), Some("go"));
        println!("helper: holding {}", open_fds());
        let started = Instant::now();
        let (pushed, checked) = tokio::join!(
            async {
                let resp = get(l.addr, &format!("/push/{TOKEN}")).await;
                assert_eq!(code(&resp), 200, "{resp}");
                assert_eq!(l.pushed.recv().await, Some(MONITOR));
                started.elapsed()
            },
            prober.check(&m.probe, m.timeout, None, Utc::now()),
        );
        println!("helper: pushed {}", pushed.as_millis());
        println!("helper: checked {:?}", checked.status);
        println!("helper: before {before}");
        println!(
            "helper: peak {}",
            peak.load(std::sync::atomic::Ordering::Relaxed)
        );

        assert_eq!(said.recv().await.as_deref(), Some("settle"));
        let deadline = Instant::now() + Duration::from_secs(3);
        while open_fds() > before && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        println!("helper: settled {}", open_fds());
    });
}

/// A listener in a process with no file handle to spare; `free` on its input gives them back.
fn starved() {
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut l = start().await;
        println!("helper: listening {}", l.addr);
        // No handle above the highest open now, and the holes below it filled.
        let highest = std::fs::read_dir("/proc/self/fd")
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u64>().ok())
            .max()
            .unwrap();
        setrlimit(
            Resource::Nofile,
            Rlimit {
                current: Some(highest + 1),
                maximum: getrlimit(Resource::Nofile).maximum,
            },
        )
        .unwrap();
        let mut filler = Vec::new();
        while let Ok(f) = std::fs::File::open("/dev/null") {
            filler.push(f);
        }
        let (free_tx, mut free_rx) = mpsc::unbounded_channel::<()>();
        // Input is read on a thread of its own: the runtime has no handle to spare for it.
        std::thread::spawn(move || {
            let mut lines = std::io::stdin().lock().lines();
            while let Some(Ok(line)) = lines.next() {
                if line == "free" {
                    let _ = free_tx.send(());
                }
            }
        });
        free_rx.recv().await;
        drop(filler);
        if let Some(id) = l.pushed.recv().await {
            println!("helper: pushed {}", id.0);
        }
        // Let the answer go out before the process ends.
        tokio::time::sleep(Duration::from_millis(500)).await;
    });
}
