//! "My network is down" is not "the service is down": the link of a network namespace this
//! test creates is cut under a running engine. Needs root (CI runs as root) and iproute2.

mod support;

use support::collect;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use lookout_core::config::MonitorSpec;
use lookout_core::connectivity::Connectivity;
use lookout_core::events::CoreEvent;
use lookout_core::model::Status;
use lookout_core::runtime::{Runtime, RuntimeOptions};
use lookout_core::storage::{IncidentFilter, Store};

fn ip(args: &[&str]) {
    let out = Command::new("ip")
        .args(args)
        .output()
        .expect("run ip (iproute2)");
    assert!(
        out.status.success(),
        "ip {}: {} (this test needs root to create a network namespace)",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A namespace behind a veth pair: 10.231.N.1 here, 10.231.N.2 inside, with an HTTP server.
///
/// The test range gets an `unreachable` route as a backstop, so that whatever happens to the
/// veth, its traffic can never leave through this machine's default route.
struct Netns {
    name: String,
    link: String,
    inner_link: String,
    peer: String,
    server: Child,
}

const TEST_RANGE: &str = "10.231.0.0/16";

impl Netns {
    fn create() -> Netns {
        let pid = std::process::id();
        let (name, link) = (format!("lk{pid}"), format!("lka{pid}"));
        let n = pid % 250;
        let _ = Command::new("ip").args(["netns", "del", &name]).output();
        let _ = Command::new("ip")
            .args(["route", "del", "unreachable", TEST_RANGE])
            .output();
        ip(&["route", "add", "unreachable", TEST_RANGE, "metric", "9999"]);
        ip(&["netns", "add", &name]);
        ip(&[
            "link",
            "add",
            &link,
            "type",
            "veth",
            "peer",
            "name",
            &format!("lkb{pid}"),
        ]);
        ip(&["link", "set", &format!("lkb{pid}"), "netns", &name]);
        ip(&["addr", "add", &format!("10.231.{n}.1/30"), "dev", &link]);
        ip(&["link", "set", &link, "up"]);
        let inside = |args: &[&str]| {
            let mut a = vec!["netns", "exec", &name, "ip"];
            a.extend_from_slice(args);
            ip(&a);
        };
        inside(&[
            "addr",
            "add",
            &format!("10.231.{n}.2/30"),
            "dev",
            &format!("lkb{pid}"),
        ]);
        inside(&["link", "set", &format!("lkb{pid}"), "up"]);
        inside(&["link", "set", "lo", "up"]);
        let peer = format!("10.231.{n}.2");
        let server = Command::new("ip")
            .args([
                "netns",
                "exec",
                &name,
                "python3",
                "-m",
                "http.server",
                "8080",
                "--bind",
                &peer,
            ])
            .current_dir(std::env::temp_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start python3 -m http.server in the namespace");
        Netns {
            name,
            link,
            inner_link: format!("lkb{pid}"),
            peer,
            server,
        }
    }

    /// Cuts or restores the link from inside the namespace, as a Wi-Fi drop would.
    fn set_link(&self, up: bool) {
        let state = if up { "up" } else { "down" };
        ip(&[
            "netns",
            "exec",
            &self.name,
            "ip",
            "link",
            "set",
            &self.inner_link,
            state,
        ]);
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .output();
        let _ = Command::new("ip")
            .args(["link", "del", &self.link])
            .output();
        let _ = Command::new("ip")
            .args(["route", "del", "unreachable", TEST_RANGE])
            .output();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_link_is_one_offline_notice_not_a_down_alert() {
    let ns = Netns::create();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let opts = RuntimeOptions {
        // Two references inside the namespace (closed ports: a refusal means reachable).
        connectivity: Some(Connectivity {
            references: vec![format!("{}:9", ns.peer), format!("{}:10", ns.peer)],
            check_routes: false,
        }),
        ..Default::default()
    };
    // The server in the namespace takes a moment to start; monitors come after it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while tokio::net::TcpStream::connect((ns.peer.as_str(), 8080))
        .await
        .is_err()
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the namespace's server never started"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let rt = Runtime::start(store.clone(), opts).await.unwrap();
    let mut rx = rt.subscribe();
    for (i, port) in [8080, 8080].iter().enumerate() {
        rt.add_monitor(MonitorSpec {
            name: format!("svc{i}"),
            target: format!("http://{}:{port}/", ns.peer),
            interval: Some("1s".into()),
            timeout: Some("500ms".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while rt.snapshot().overall != Status::Up {
        assert!(
            tokio::time::Instant::now() < deadline,
            "never UP: {:?}",
            rt.snapshot()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    collect(&mut rx, Duration::from_millis(300)).await;

    ns.set_link(false);
    let offline = collect(&mut rx, Duration::from_secs(5)).await;
    let notices = |evs: &[CoreEvent], online: bool| {
        evs.iter()
            .filter(
                |e| matches!(e, CoreEvent::ConnectivityChanged { online: o, .. } if *o == online),
            )
            .count()
    };
    assert_eq!(
        notices(&offline, false),
        1,
        "one offline notice: {offline:?}"
    );
    assert_eq!(rt.snapshot().overall, Status::Offline);

    ns.set_link(true);
    let back = collect(&mut rx, Duration::from_secs(6)).await;
    assert_eq!(notices(&back, true), 1, "{back:?}");
    let all: Vec<_> = offline.iter().chain(&back).collect();
    assert!(
        !all.iter().any(|e| matches!(
            e,
            CoreEvent::AlertTriggered { .. } | CoreEvent::IncidentOpened { .. }
        )),
        "no DOWN alert: {all:?}"
    );
    assert!(
        !all.iter().any(|e| matches!(
            e,
            CoreEvent::StatusChanged {
                to: Status::Down,
                ..
            }
        )),
        "{all:?}"
    );
    assert_eq!(rt.snapshot().overall, Status::Up);
    assert!(store
        .incidents(&IncidentFilter::default())
        .unwrap()
        .is_empty());
    rt.shutdown().await;
}
