//! Helpers for the end-to-end tests: the built `lookout` binary, a tiny HTTP server on
//! 127.0.0.1:0 that can answer 200 / 503, hang, or be stopped and restarted on the same port,
//! and a driver for `lookout run` that reads its JSON event lines with deadlines.
#![allow(dead_code)] // each test binary uses a different subset

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The `lookout` binary with its data dir set and the environment cleaned.
pub fn lookout(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lookout"));
    c.arg("--data-dir")
        .arg(dir)
        .env_remove("LOOKOUT_DATA_DIR")
        .env_remove("RUST_LOG");
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
    let mut child = lookout(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn lookout");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output").into();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("lookout {args:?} did not finish within 30 s");
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// What the test HTTP server answers.
pub const HANG: u16 = 0;

/// A tiny HTTP/1.1 server on 127.0.0.1. `stop` closes the port (connections are refused);
/// `restart` listens on the same port again.
pub struct HttpServer {
    pub addr: SocketAddr,
    status: Arc<AtomicU16>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl HttpServer {
    pub fn start() -> HttpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let mut s = HttpServer {
            addr: listener.local_addr().unwrap(),
            status: Arc::new(AtomicU16::new(200)),
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
        self.thread = Some(thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((conn, _)) => {
                        let code = status.load(Ordering::SeqCst);
                        thread::spawn(move || answer(conn, code));
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

fn answer(mut conn: TcpStream, code: u16) {
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
        let mut child = lookout(dir)
            .arg("run")
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
