//! Load benchmark, run on demand (not a timed test):
//!
//! ```text
//! cargo bench -p lookout-core --bench load -- [MONITORS] [INTERVAL_S] [SECONDS]
//! ```
//!
//! Schedules MONITORS (default 1000) HTTP monitors at INTERVAL_S (default 10) against a local
//! server running in a child process (so its CPU isn't counted), for SECONDS (default 60), with
//! the real runtime and a real SQLite file. Reports checks per second, scheduling lateness
//! p50/p99, CPU time per check, database bytes per stored raw result, write transactions
//! per second, RSS and the process's context switches (wake-ups) per second.
//!
//! Then, in the same process and against the same server, the floor: a bare HTTP client
//! (reqwest, keeping connections alive as Lookout's checks do) sends the same requests at
//! the same rate, spread over the interval the same way, with no engine (no scheduler, no
//! storage, no events). Lookout's CPU per check is printed as a ratio to the floor's.
//!
//! Modes are arguments: `10000 60 120` for scale, `1 60 300` for idle (read the wake-ups).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lookout_core::monitor::Monitor;
use lookout_core::runtime::Runtime;
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::Store;

/// CPU seconds (user + system) this process has used, from /proc/self/stat.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may contain spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 (1-based), i.e. 11 and 12 after the state field.
    (ticks(11) + ticks(12)) / 100.0
}

/// Context switches of each thread of this process so far (voluntary and not), by thread
/// name: each is a thread woken or preempted.
fn context_switches() -> std::collections::BTreeMap<String, u64> {
    let mut by_name = std::collections::BTreeMap::new();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return by_name;
    };
    for status in tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("status")).ok())
    {
        let name = status
            .lines()
            .find_map(|l| l.strip_prefix("Name:"))
            .unwrap_or("?")
            .trim()
            .to_string();
        let n: u64 = status
            .lines()
            .filter(|l| l.contains("ctxt_switches:"))
            .filter_map(|l| l.split_whitespace().last()?.parse::<u64>().ok())
            .sum();
        *by_name.entry(name).or_insert(0) += n;
    }
    by_name
}

/// Context switches of the whole process so far, threads that have exited included (tokio's
/// blocking threads come and go).
fn process_switches() -> u64 {
    use nix::sys::resource::{getrusage, UsageWho};
    getrusage(UsageWho::RUSAGE_SELF).map_or(0, |u| {
        (u.voluntary_context_switches() + u.involuntary_context_switches()) as u64
    })
}

/// The floor: `n` bare GETs every `interval`, each on its own phase, for `seconds` after one
/// interval of warm-up. Returns (requests, CPU seconds, wall seconds).
async fn floor(addr: &str, n: usize, interval: u64, seconds: u64) -> (u64, f64, f64) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;
    // Connections kept as Lookout's checks keep them (`probe::http`'s kept client).
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(4)
        .pool_idle_timeout(Duration::from_secs(15))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let done = Arc::new(AtomicU64::new(0));
    let every = Duration::from_secs(interval);
    let start = tokio::time::Instant::now();
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let (client, done) = (client.clone(), done.clone());
            let url = format!("http://{addr}/m/{i}");
            let phase = every.mul_f64(i as f64 / n as f64);
            tokio::spawn(async move {
                let mut tick = tokio::time::interval_at(start + phase, every);
                loop {
                    tick.tick().await;
                    if let Ok(r) = client.get(&url).send().await {
                        let _ = r.bytes().await;
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    tokio::time::sleep(every).await;
    let (n0, cpu0, t0) = (done.load(Ordering::Relaxed), cpu_seconds(), Instant::now());
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let out = (
        done.load(Ordering::Relaxed) - n0,
        cpu_seconds() - cpu0,
        t0.elapsed().as_secs_f64(),
    );
    for t in tasks {
        t.abort();
    }
    out
}

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The child: a tiny threaded HTTP/1.1 server answering 200 to everything.
fn serve() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    println!("{}", listener.local_addr().unwrap());
    std::io::stdout().flush().unwrap();
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || {
            let mut s = stream;
            let mut buf = [0u8; 4096];
            let mut got = Vec::new();
            loop {
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                }
                while let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                    got.drain(..end + 4);
                    if s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                        .is_err()
                    {
                        return;
                    }
                }
            }
        });
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("--serve") {
        serve();
        return;
    }
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let interval: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let seconds: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(60);

    let mut child = Command::new(std::env::current_exe().unwrap())
        .arg("--serve")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the server process");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line.trim().to_string();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let store = Store::open(&path).unwrap();
    let monitors: Vec<Monitor> = (0..n)
        .map(|i| {
            Monitor::try_from(MonitorSpec {
                name: format!("m{i:04}"),
                target: format!("http://{addr}/m/{i}"),
                interval: Some(format!("{interval}s")),
                timeout: Some("5s".into()),
                ..Default::default()
            })
            .unwrap()
        })
        .collect();
    store.add_monitors(&monitors).unwrap();

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        // As `lookout run` and the desktop app run it (DaemonOptions): file events, not a poll.
        let opts = lookout_core::daemon::DaemonOptions::default().runtime;
        let runtime = Runtime::start(store.clone(), opts).await.unwrap();
        // Let the grid fill one interval before measuring, so every monitor is in steady state.
        tokio::time::sleep(Duration::from_secs(interval)).await;
        store.flush().unwrap();
        store.checkpoint().unwrap();
        let before = store.stats().unwrap();
        let tx0 = before.write_transactions;
        let checks0 = before.checks;
        let cpu0 = cpu_seconds();
        let (switches0, total0) = (context_switches(), process_switches());
        let t0 = Instant::now();
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        let wall = t0.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu0;
        let switches_by: Vec<(String, u64)> = context_switches()
            .into_iter()
            .map(|(name, n)| {
                let was = switches0.get(&name).copied().unwrap_or(0);
                (name, n.saturating_sub(was))
            })
            .collect();
        let switches = process_switches().saturating_sub(total0);
        let rss = rss_mib();
        store.flush().unwrap();
        let stats = store.stats().unwrap();
        let checks = stats.checks - checks0;
        let (p50, p99, samples) = runtime.lateness();
        runtime
            .shutdown()
            .await
            .expect("the last results are written");
        store.flush().unwrap();
        store.checkpoint().unwrap();
        let stats_after = store.stats().unwrap();
        // Marginal growth: the fixed cost of the monitors and their rollup rows is not per result.
        let bytes_per = (stats_after.file_bytes - before.file_bytes) as f64
            / (stats_after.checks - before.checks).max(1) as f64;
        println!("monitors            {n} at {interval}s, measured over {wall:.1}s");
        println!("checks per second   {:.1}", checks as f64 / wall);
        println!(
            "lateness p50 / p99  {:.2} ms / {:.2} ms ({samples} samples, whole run)",
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3
        );
        println!(
            "CPU per check       {:.3} ms ({:.1}% of one core)",
            cpu * 1e3 / checks.max(1) as f64,
            cpu / wall * 100.0
        );
        println!(
            "write transactions  {:.2} per second",
            (stats.write_transactions - tx0) as f64 / wall
        );
        println!(
            "database bytes      {:.1} per raw result ({} results, {} bytes)",
            bytes_per, stats_after.checks, stats_after.file_bytes
        );
        println!("RSS                 {rss:.1} MiB");
        println!(
            "wake-ups            {:.1} context switches per second",
            switches as f64 / wall
        );
        let by: Vec<String> = switches_by
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| format!("{name} {:.1}", *n as f64 / wall))
            .collect();
        println!("  by live thread    {}", by.join(", "));

        let (requests, floor_cpu, floor_wall) = floor(&addr, n, interval, seconds).await;
        let per_check = cpu * 1e3 / checks.max(1) as f64;
        let per_request = floor_cpu * 1e3 / requests.max(1) as f64;
        println!(
            "floor: bare client  {:.1} requests per second, {per_request:.3} ms CPU per request",
            requests as f64 / floor_wall
        );
        println!(
            "Lookout / floor     {:.2}x CPU per check",
            per_check / per_request.max(1e-9)
        );
    });
    let _ = child.kill();
    let _ = child.wait();
}
