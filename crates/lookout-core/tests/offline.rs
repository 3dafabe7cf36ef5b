//! "My network is down" is not "the service is down": the link of a network namespace this
//! test creates is cut under a running engine; and the reference targets a user sets replace
//! the built-in ones while it runs. Needs root (CI runs as root) and iproute2.

mod support;

use support::collect;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use lookout_core::connectivity::Connectivity;
use lookout_core::events::CoreEvent;
use lookout_core::model::Status;
use lookout_core::runtime::{Runtime, RuntimeOptions};
use lookout_core::settings::{self, REFERENCE_TARGETS};
use lookout_core::spec::MonitorSpec;
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

/// A namespace behind a veth pair: 10.231.N.B+1 here, 10.231.N.B+2 inside (B = 8 × slot, so
/// tests running at once each have their own), with an HTTP server.
///
/// The slot's /29 gets an `unreachable` route as a backstop, so that whatever happens to the
/// veth, its traffic can never leave through this machine's default route. Its addresses
/// outside the veth's /30 are refused at once by that route: references that never answer,
/// as the public ones never do on a closed network.
struct Netns {
    name: String,
    link: String,
    inner_link: String,
    peer: String,
    /// Two addresses that never answer.
    silent: [String; 2],
    range: String,
    server: Child,
}

impl Netns {
    fn create(slot: u32) -> Netns {
        let pid = std::process::id();
        let (name, link, inner_link) = (
            format!("lk{pid}s{slot}"),
            format!("lka{pid}s{slot}"),
            format!("lkb{pid}s{slot}"),
        );
        let n = pid % 250;
        let b = 8 * slot;
        let range = format!("10.231.{n}.{b}/29");
        let _ = Command::new("ip").args(["netns", "del", &name]).output();
        let _ = Command::new("ip")
            .args(["route", "del", "unreachable", &range])
            .output();
        ip(&["route", "add", "unreachable", &range, "metric", "9999"]);
        ip(&["netns", "add", &name]);
        ip(&[
            "link",
            "add",
            &link,
            "type",
            "veth",
            "peer",
            "name",
            &inner_link,
        ]);
        ip(&["link", "set", &inner_link, "netns", &name]);
        ip(&[
            "addr",
            "add",
            &format!("10.231.{n}.{}/30", b + 1),
            "dev",
            &link,
        ]);
        ip(&["link", "set", &link, "up"]);
        let inside = |args: &[&str]| {
            let mut a = vec!["netns", "exec", &name, "ip"];
            a.extend_from_slice(args);
            ip(&a);
        };
        inside(&[
            "addr",
            "add",
            &format!("10.231.{n}.{}/30", b + 2),
            "dev",
            &inner_link,
        ]);
        inside(&["link", "set", &inner_link, "up"]);
        inside(&["link", "set", "lo", "up"]);
        let peer = format!("10.231.{n}.{}", b + 2);
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
            inner_link,
            peer,
            silent: [
                format!("10.231.{n}.{}:53", b + 5),
                format!("10.231.{n}.{}:443", b + 6),
            ],
            range,
            server,
        }
    }

    /// Waits for the namespace's HTTP server to take connections.
    async fn wait_for_server(&self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while tokio::net::TcpStream::connect((self.peer.as_str(), 8080))
            .await
            .is_err()
        {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the namespace's server never started"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The service goes down; the network stays up.
    fn stop_server(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
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
            .args(["route", "del", "unreachable", &self.range])
            .output();
    }
}

fn notices(evs: &[CoreEvent], online: bool) -> usize {
    evs.iter()
        .filter(|e| matches!(e, CoreEvent::ConnectivityChanged { online: o, .. } if *o == online))
        .count()
}

async fn wait_up(rt: &Runtime) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while rt.snapshot().overall != Status::Up {
        assert!(
            tokio::time::Instant::now() < deadline,
            "never UP: {:?}",
            rt.snapshot()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_link_is_one_offline_notice_not_a_down_alert() {
    let ns = Netns::create(0);
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
    ns.wait_for_server().await;
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
    wait_up(&rt).await;
    collect(&mut rx, Duration::from_millis(300)).await;

    ns.set_link(false);
    let offline = collect(&mut rx, Duration::from_secs(5)).await;
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
    rt.shutdown().await.unwrap();
}

/// A closed network: the built-in references never answer there, so a real outage reads as
/// "offline" and never alerts, until the user sets references of their own network, which the
/// running engine takes from the database (as `lookout settings set` writes it, from another
/// handle) without a restart; unsetting brings the built-in ones back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reference_targets_set_by_the_user_replace_the_built_in_ones_while_it_runs() {
    let mut ns = Netns::create(1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let store = Store::open(&path).unwrap();
    let opts = RuntimeOptions {
        // Stand-ins for 1.1.1.1 and the like, unreachable from a closed network.
        connectivity: Some(Connectivity {
            references: ns.silent.to_vec(),
            check_routes: false,
        }),
        ..Default::default()
    };
    ns.wait_for_server().await;
    let rt = Runtime::start(store.clone(), opts).await.unwrap();
    let mut rx = rt.subscribe();
    rt.add_monitor(MonitorSpec {
        name: "lab-api".into(),
        target: format!("http://{}:8080/", ns.peer),
        interval: Some("1s".into()),
        timeout: Some("500ms".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    wait_up(&rt).await;
    collect(&mut rx, Duration::from_millis(300)).await;
    let alerts = |evs: &[CoreEvent]| {
        evs.iter()
            .filter(|e| matches!(e, CoreEvent::AlertTriggered { .. }))
            .count()
    };

    // The service fails; the built-in references say "offline", so nothing alerts.
    ns.stop_server();
    let before = collect(&mut rx, Duration::from_secs(3)).await;
    assert_eq!(notices(&before, false), 1, "{before:?}");
    assert_eq!(alerts(&before), 0, "{before:?}");
    assert_eq!(rt.snapshot().overall, Status::Offline);

    // The references of this network, set from another handle: they refuse on closed ports,
    // which is an answer, so the machine is online and the outage is judged.
    let other = Store::open(&path).unwrap();
    let targets = format!("{peer}:9, {peer}:10", peer = ns.peer);
    let set = settings::set(&other, REFERENCE_TARGETS, &targets).unwrap();
    assert!(!set.is_default);
    let after = collect(&mut rx, Duration::from_secs(6)).await;
    assert_eq!(notices(&after, true), 1, "back online: {after:?}");
    assert_eq!(alerts(&after), 1, "the outage alerts: {after:?}");
    assert!(
        after
            .iter()
            .any(|e| matches!(e, CoreEvent::IncidentOpened { .. })),
        "{after:?}"
    );
    assert_eq!(rt.snapshot().overall, Status::Down);
    assert_eq!(
        store
            .incidents(&IncidentFilter {
                open_only: true,
                ..Default::default()
            })
            .unwrap()
            .len(),
        1
    );

    // Unset: the built-in references are back, and with them "offline".
    settings::unset(&other, REFERENCE_TARGETS).unwrap();
    let unset = collect(&mut rx, Duration::from_secs(4)).await;
    assert_eq!(notices(&unset, false), 1, "{unset:?}");
    assert_eq!(rt.snapshot().overall, Status::Offline);
    rt.shutdown().await.unwrap();
}
