//! Load benchmark, run on demand (not a timed test):
//!
//! ```text
//! cargo bench -p lookout-core --bench load -- [MONITORS] [INTERVAL_S] [SECONDS]
//! ```
//!
//! Schedules MONITORS (default 1000) HTTP monitors at INTERVAL_S (default 10) against a local
//! server running in a child process (so its CPU isn't counted), for SECONDS (default 60), with
//! the real runtime and a real SQLite file. Reports checks per second, scheduling lateness
//! p50/p99, CPU time per check, database bytes per stored raw result and write transactions
//! per second.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lookout_core::monitor::Monitor;
use lookout_core::runtime::{Runtime, RuntimeOptions};
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
        let runtime = Runtime::start(store.clone(), RuntimeOptions::default())
            .await
            .unwrap();
        // Let the grid fill one interval before measuring, so every monitor is in steady state.
        tokio::time::sleep(Duration::from_secs(interval)).await;
        store.flush().unwrap();
        store.checkpoint().unwrap();
        let before = store.stats().unwrap();
        let tx0 = before.write_transactions;
        let checks0 = before.checks;
        let cpu0 = cpu_seconds();
        let t0 = Instant::now();
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        let wall = t0.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu0;
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
        println!("RSS                 {:.1} MiB", rss_mib());
    });
    let _ = child.kill();
    let _ = child.wait();
}
