//! Helpers for the end-to-end tests: the built `lookout` binary, a tiny HTTP server on
//! 127.0.0.1:0 that can answer 200 / 503, hang, or be stopped and restarted on the same port,
//! and a driver for `lookout run` that reads its JSON event lines with deadlines.
#![allow(dead_code)] // each test binary uses a different subset

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The locale the tests run the binary in, whatever the machine's: English, so the suite
/// passes on a machine whose locale is Chinese. Tests of the languages set their own.
pub const TEST_LANG: &str = "en_US.UTF-8";

/// The `lookout` binary with its data dir set and the environment cleaned: English (`LANG`,
/// with `LC_ALL` and `LC_MESSAGES`, which would win over it, removed).
pub fn lookout(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lookout"));
    c.arg("--data-dir")
        .arg(dir)
        .env_remove("LOOKOUT_DATA_DIR")
        .env_remove("RUST_LOG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", TEST_LANG);
    c
}

/// The result of a finished command, with the text decoded.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().expect("exited normally"),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs `lookout --data-dir DIR ARGS...`, bounded so a hang fails the test.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    run_env(dir, args, &[])
}

/// [`run`] with locale variables of its own: `("LANG", Some("zh_CN.UTF-8"))` sets one,
/// `("LANG", None)` removes it.
pub fn run_env(dir: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> Run {
    let mut cmd = lookout(dir);
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let mut child = cmd
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn lookout");
    // Read both pipes while it runs: a long output would otherwise fill the pipe and stall
    // the command until the deadline.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("lookout {args:?} did not finish within 30 s");
        }
        thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
    .into()
}

/// What the test HTTP server answers.
pub const HANG: u16 = 0;

/// A tiny HTTP/1.1 server on 127.0.0.1. `stop` closes the port (connections are refused);
/// `restart` listens on the same port again.
pub struct HttpServer {
    pub addr: SocketAddr,
    status: Arc<AtomicU16>,
    /// Milliseconds to wait before answering.
    delay_ms: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl HttpServer {
    pub fn start() -> HttpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let mut s = HttpServer {
            addr: listener.local_addr().unwrap(),
            status: Arc::new(AtomicU16::new(200)),
            delay_ms: Arc::new(AtomicU64::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
            thread: None,
        };
        s.serve(listener);
        s
    }

    pub fn url(&self) -> String {
        format!("http://{}/health", self.addr)
    }

    /// The same port as a `tcp://` target.
    pub fn tcp(&self) -> String {
        format!("tcp://{}", self.addr)
    }

    /// 200, 503, ..., or [`HANG`] to accept and never answer.
    pub fn set_status(&self, code: u16) {
        self.status.store(code, Ordering::SeqCst);
    }

    /// Answers only after `d`: a slow but healthy server.
    pub fn set_delay(&self, d: Duration) {
        self.delay_ms.store(d.as_millis() as u64, Ordering::SeqCst);
    }

    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            t.join().expect("server thread");
        }
    }

    pub fn restart(&mut self) {
        assert!(self.thread.is_none(), "restart a stopped server");
        let deadline = Instant::now() + Duration::from_secs(5);
        let listener = loop {
            match TcpListener::bind(self.addr) {
                Ok(l) => break l,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    thread::sleep(Duration::from_millis(20));
                }
                Err(e) => panic!("rebind {}: {e}", self.addr),
            }
        };
        self.stop = Arc::new(AtomicBool::new(false));
        self.serve(listener);
    }

    fn serve(&mut self, listener: TcpListener) {
        listener.set_nonblocking(true).unwrap();
        let stop = self.stop.clone();
        let status = self.status.clone();
        let delay_ms = self.delay_ms.clone();
        self.thread = Some(thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((conn, _)) => {
                        let code = status.load(Ordering::SeqCst);
                        let delay = Duration::from_millis(delay_ms.load(Ordering::SeqCst));
                        thread::spawn(move || answer(conn, code, delay));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
            // Dropping the listener closes the port.
        }));
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn answer(mut conn: TcpStream, code: u16, delay: Duration) {
    let _ = conn.set_nonblocking(false);
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let mut req = Vec::new();
    let mut buf = [0u8; 1024];
    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
    }
    if code == HANG {
        thread::sleep(Duration::from_secs(10));
        return;
    }
    thread::sleep(delay);
    let body = if code < 300 { "ok" } else { "unavailable" };
    let _ = write!(
        conn,
        "HTTP/1.1 {code} X\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// A port with nothing listening on it.
pub fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// `lookout run` in the background, its stdout read line by line as JSON.
pub struct Engine {
    child: Child,
    lines: mpsc::Receiver<String>,
    stderr: Arc<Mutex<String>>,
    /// Every event read so far, for failure messages.
    pub seen: Vec<Value>,
}

impl Engine {
    pub fn start(dir: &Path) -> Engine {
        Engine::start_with(dir, &[])
    }

    /// `lookout run ARGS...`.
    pub fn start_with(dir: &Path, args: &[&str]) -> Engine {
        let mut child = lookout(dir)
            .arg("run")
            .args(args)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn lookout run");
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        thread::spawn(move || {
            for line in BufReader::new(err).lines() {
                let Ok(line) = line else { break };
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        Engine {
            child,
            lines,
            stderr,
            seen: Vec::new(),
        }
    }

    fn fail(&self, what: &str) -> ! {
        let seen: Vec<String> = self.seen.iter().map(Value::to_string).collect();
        panic!(
            "{what}\nevents so far:\n{}\nstderr:\n{}",
            seen.join("\n"),
            self.stderr.lock().unwrap()
        );
    }

    /// Reads events until one matches, failing after `within`.
    pub fn wait_for(
        &mut self,
        what: &str,
        within: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| {
                        self.fail(&format!("stdout line is not JSON ({e}): {line}"))
                    });
                    self.seen.push(v.clone());
                    if pred(&v) {
                        return v;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    self.fail(&format!("no {what} within {within:?}"))
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    self.fail(&format!("lookout run ended before {what}"))
                }
            }
        }
    }

    /// Sends SIGTERM and waits (at most 10 s) for the exit; returns its status and how long it took.
    pub fn terminate(&mut self) -> (ExitStatus, Duration) {
        self.signal("-TERM")
    }

    /// The same with SIGINT (Ctrl-C).
    pub fn interrupt(&mut self) -> (ExitStatus, Duration) {
        self.signal("-INT")
    }

    fn signal(&mut self, sig: &str) -> (ExitStatus, Duration) {
        let sent = Instant::now();
        let ok = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status()
            .expect("kill")
            .success();
        assert!(ok, "kill {sig} failed");
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return (status, sent.elapsed());
            }
            if sent.elapsed() > Duration::from_secs(10) {
                let _ = self.child.kill();
                self.fail(&format!(
                    "lookout run did not exit within 10 s of kill {sig}"
                ));
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// The next event already printed, without waiting (after `terminate`: the rest of
    /// stdout). Recorded in `seen` like the others.
    pub fn try_next(&mut self) -> Option<Value> {
        let line = match self.lines.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => line,
            Err(_) => return None,
        };
        let v: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| self.fail(&format!("stdout line is not JSON ({e}): {line}")));
        self.seen.push(v.clone());
        Some(v)
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub fn event_is(v: &Value, event: &str, monitor: &str) -> bool {
    v["event"] == event && v["monitor"] == monitor
}

pub fn write_file(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A DNS server on 127.0.0.1 (UDP) that answers every A query with 127.0.0.7, except for names
/// starting with `missing.`, which are NXDOMAIN. Returns its port.
pub fn dns_server() -> u16 {
    let sock = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind udp");
    let port = sock.local_addr().unwrap().port();
    thread::spawn(move || {
        let mut buf = [0u8; 512];
        while let Ok((n, peer)) = sock.recv_from(&mut buf) {
            if let Some(reply) = dns_reply(&buf[..n]) {
                let _ = sock.send_to(&reply, peer);
            }
        }
    });
    port
}

fn dns_reply(q: &[u8]) -> Option<Vec<u8>> {
    // Header (12 bytes), then one question: QNAME labels, a zero byte, QTYPE, QCLASS.
    let mut i = 12;
    let mut first_label = String::new();
    while *q.get(i)? != 0 {
        let len = q[i] as usize;
        if first_label.is_empty() {
            first_label = String::from_utf8_lossy(q.get(i + 1..i + 1 + len)?).into_owned();
        }
        i += 1 + len;
    }
    let question = q.get(12..i + 5)?;
    let qtype = u16::from_be_bytes([q[i + 1], q[i + 2]]);
    let missing = first_label == "missing";
    let answers: u16 = if !missing && qtype == 1 { 1 } else { 0 };
    let mut r = Vec::new();
    r.extend_from_slice(&q[0..2]); // id
    r.extend_from_slice(&[0x81, if missing { 0x83 } else { 0x80 }]); // QR RD RA, rcode
    r.extend_from_slice(&[0, 1]);
    r.extend_from_slice(&answers.to_be_bytes());
    r.extend_from_slice(&[0, 0, 0, 0]);
    r.extend_from_slice(question);
    if answers == 1 {
        // A pointer to the question's name, A, IN, TTL 60, 4 bytes of address.
        r.extend_from_slice(&[0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 7]);
    }
    Some(r)
}

/// A plain HTTP/1.1 GET on 127.0.0.1; returns the status code and body.
pub fn http_get(url: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut conn = TcpStream::connect(host).unwrap_or_else(|e| panic!("connect {host}: {e}"));
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        conn,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = String::new();
    conn.read_to_string(&mut resp).expect("read the response");
    let code = resp
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {resp}"));
    let body = resp
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (code, body)
}

/// A webhook receiver on 127.0.0.1: answers every request with `status` and keeps each
/// request's path and body.
pub struct Receiver {
    pub addr: SocketAddr,
    pub status: Arc<AtomicU16>,
    requests: Arc<Mutex<Vec<(String, String)>>>,
}

impl Receiver {
    pub fn start(status: u16) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().unwrap();
        let status = Arc::new(AtomicU16::new(status));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (st, reqs) = (status.clone(), requests.clone());
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { break };
                let (st, reqs) = (st.clone(), reqs.clone());
                thread::spawn(move || receive(conn, &st, &reqs));
            }
        });
        Receiver {
            addr,
            status,
            requests,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The JSON bodies received so far.
    pub fn bodies(&self) -> Vec<Value> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|(_, b)| serde_json::from_str(b).unwrap_or(Value::String(b.clone())))
            .collect()
    }

    /// Waits (bounded) until a body matches.
    pub fn wait_for(&self, within: Duration, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + within;
        loop {
            if let Some(v) = self.bodies().into_iter().find(&pred) {
                return v;
            }
            assert!(
                Instant::now() < deadline,
                "no matching request within {within:?}: {:?}",
                self.bodies()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
}

fn receive(mut conn: TcpStream, status: &AtomicU16, reqs: &Mutex<Vec<(String, String)>>) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while data.len() < head_end + len {
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
    let path = head.split_whitespace().nth(1).unwrap_or("").to_string();
    let body = String::from_utf8_lossy(&data[head_end..]).into_owned();
    reqs.lock().unwrap().push((path, body));
    let code = status.load(Ordering::SeqCst);
    let reply = if code < 300 { "ok" } else { "receiver broken" };
    let _ = write!(
        conn,
        "HTTP/1.1 {code} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
        reply.len()
    );
}
