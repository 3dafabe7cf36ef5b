//! What the helper process does in each of its roles: hold, lookout and starved.

use std::io::{BufRead, Read};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use lookout_core::model::Status;
use lookout_core::monitor::Monitor;
use lookout_core::probe::Prober;
use lookout_core::spec::MonitorSpec;
use tokio::sync::mpsc;

use crate::{code, get, open_fds, start, support, MONITOR, TOKEN};

/// Opens up to `n` connections to `addr` and holds them, sending nothing, until its input ends.
pub(crate) fn hold(addr: SocketAddr, n: usize) {
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
pub(crate) fn lookout() {
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
pub(crate) fn starved() {
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
