//! The tests with a helper process (an idle flood, a listener out of handles) and its driver.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use lookout_core::push_server::MAX_CONNECTIONS;

use crate::{code, HELPER_ENV, MONITOR, TOKEN};

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
