//! Running one recovery action: a program without a shell, or a webhook call.
//!
//! Programs get no standard input, their stdout and stderr are read together into a bounded
//! tail (the last [`TAIL_LINES`] lines, each cut at [`MAX_LINE`] bytes), and at the timeout the
//! program's whole process group is killed. The argv is passed as it was configured; nothing is
//! substituted into it. The environment gains `LOOKOUT_MONITOR`, `LOOKOUT_MONITOR_ID`,
//! `LOOKOUT_ATTEMPT` and, when there is one, `LOOKOUT_INCIDENT`: values from the configuration
//! and Lookout's own counters, never from what the service answered.

use std::collections::VecDeque;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::time::Instant;

use crate::events::ActionOutcome as Outcome;

/// Lines of output kept per attempt.
pub const TAIL_LINES: usize = 20;
/// Longer lines are cut here.
pub const MAX_LINE: usize = 400;
/// After the program exits, how long its output pipes may stay open (a background child it
/// started may hold them) before the readers give up.
const DRAIN_GRACE: Duration = Duration::from_millis(500);
/// Bytes of a webhook's answer read at most.
const WEBHOOK_BODY_CAP: usize = 64 * 1024;

/// The last lines of output, bounded.
#[derive(Default)]
struct Tail(VecDeque<String>);

impl Tail {
    fn push(&mut self, line: &[u8]) {
        let line = String::from_utf8_lossy(line);
        let line = line.trim_end_matches('\r');
        if self.0.len() == TAIL_LINES {
            self.0.pop_front();
        }
        self.0.push_back(line.to_string());
    }

    fn text(&self) -> String {
        self.0
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Runs `argv` without a shell, killing it (and what it started in its process group) at
/// `timeout`.
pub async fn run_program(argv: &[String], timeout: Duration, env: &[(&str, String)]) -> Outcome {
    let start = Instant::now();
    let Some((program, args)) = argv.split_first() else {
        return Outcome::failed("no program to run".into(), Duration::ZERO);
    };
    let mut cmd = tokio::process::Command::new(program);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (k, v) in env {
        cmd.env(k, v);
    }
    // Its own process group, so a timeout kills the children of a script too.
    #[cfg(unix)]
    cmd.process_group(0);
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return Outcome::failed(format!("cannot start {program}: {e}"), start.elapsed()),
    };
    let tail = Arc::new(Mutex::new(Tail::default()));
    let mut readers = tokio::task::JoinSet::new();
    if let Some(out) = child.stdout.take() {
        readers.spawn(drain(out, tail.clone()));
    }
    if let Some(err) = child.stderr.take() {
        readers.spawn(drain(err, tail.clone()));
    }
    let (status, timed_out) = match tokio::time::timeout(timeout, child.wait()).await {
        Ok(s) => (s, false),
        Err(_) => {
            kill_group(&child);
            let _ = child.start_kill();
            (child.wait().await, true)
        }
    };
    let duration = start.elapsed();
    let _ = tokio::time::timeout(DRAIN_GRACE, async {
        while readers.join_next().await.is_some() {}
    })
    .await;
    readers.abort_all();
    let output = tail.lock().unwrap_or_else(|p| p.into_inner()).text();
    match status {
        Ok(s) => Outcome {
            exit_code: s.code(),
            http_status: None,
            timed_out,
            ok: !timed_out && s.success(),
            duration,
            output,
            error: None,
        },
        Err(e) => Outcome {
            output,
            ..Outcome::failed(format!("cannot wait for {program}: {e}"), duration)
        },
    }
}

#[cfg(unix)]
fn kill_group(child: &tokio::process::Child) {
    let pgid = child
        .id()
        .and_then(|id| i32::try_from(id).ok())
        .and_then(rustix::process::Pid::from_raw);
    if let Some(pgid) = pgid {
        // The group may already be gone; the direct kill that follows covers the child.
        let _ = rustix::process::kill_process_group(pgid, rustix::process::Signal::KILL);
    }
}

#[cfg(not(unix))]
fn kill_group(_child: &tokio::process::Child) {}

async fn drain<R: AsyncRead + Unpin>(mut r: R, tail: Arc<Mutex<Tail>>) {
    let mut buf = [0u8; 4096];
    let mut line = Vec::new();
    loop {
        let n = match r.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        for &b in &buf[..n] {
            if b == b'\n' {
                tail.lock().unwrap_or_else(|p| p.into_inner()).push(&line);
                line.clear();
            } else if line.len() < MAX_LINE {
                line.push(b);
            }
        }
    }
    if !line.is_empty() {
        tail.lock().unwrap_or_else(|p| p.into_inner()).push(&line);
    }
}

/// POSTs `body` to `url`, giving up at `timeout`. A 2xx answer is success.
pub async fn call_webhook(
    client: Option<&reqwest::Client>,
    url: &str,
    body: &serde_json::Value,
    timeout: Duration,
) -> Outcome {
    let start = Instant::now();
    let Some(client) = client else {
        return Outcome::failed("no HTTP client could be set up".into(), start.elapsed());
    };
    let send = async {
        let mut resp = client
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await?;
        let status = resp.status().as_u16();
        let mut got = Vec::new();
        while let Some(chunk) = resp.chunk().await? {
            got.extend_from_slice(&chunk);
            if got.len() >= WEBHOOK_BODY_CAP {
                got.truncate(WEBHOOK_BODY_CAP);
                break;
            }
        }
        Ok::<_, reqwest::Error>((status, got))
    };
    match tokio::time::timeout(timeout, send).await {
        Err(_) => Outcome {
            timed_out: true,
            ..Outcome::failed("no answer in time".into(), start.elapsed())
        },
        Ok(Err(e)) => Outcome::failed(request_error(e, url), start.elapsed()),
        Ok(Ok((status, got))) => {
            let mut tail = Tail::default();
            for line in got.split(|&b| b == b'\n') {
                tail.push(&line[..line.len().min(MAX_LINE)]);
            }
            Outcome {
                exit_code: None,
                http_status: Some(status),
                timed_out: false,
                ok: (200..300).contains(&status),
                duration: start.elapsed(),
                output: tail.text().trim().to_string(),
                error: None,
            }
        }
    }
}

/// A failed request's error with its causes, without the URL: a webhook's path is often its
/// secret, and this text reaches timelines, reports, events and logs.
pub(crate) fn request_error(e: reqwest::Error, url: &str) -> String {
    crate::probe::redact::scrub(&error_chain(&e.without_url()), url)
}

/// An error with its causes (`error sending request: connection refused`).
pub(crate) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(c) = src {
        let text = c.to_string();
        if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
        src = c.source();
    }
    s
}
