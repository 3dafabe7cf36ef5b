#![cfg(feature = "logind")]
//! logind's PrepareForSleep, over a real D-Bus: a private `dbus-daemon` stands in for the system
//! bus, and the test owns `org.freedesktop.login1` on it to send the signal as logind would.

mod support;

use std::io::{BufRead, BufReader, ErrorKind, Read};
use std::os::unix::net::UnixStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use futures_lite::StreamExt;
use lookout_core::clock::ManualClock;
use lookout_core::events::CoreEvent;
use lookout_core::logind::{self, Bus};
use lookout_core::runtime::{Runtime, RuntimeOptions};
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::{IncidentFilter, Store};
use support::{collect, Mode, TestServer};
use zbus::{Connection, MessageStream};

/// A private bus; the daemon is killed when this is dropped.
struct PrivateBus {
    daemon: Child,
    address: String,
}

impl PrivateBus {
    fn start() -> PrivateBus {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon (package dbus) is needed for this test");
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        PrivateBus {
            daemon,
            address: line.trim().to_string(),
        }
    }

    async fn connect(&self) -> Connection {
        zbus::connection::Builder::address(self.address.as_str())
            .build()
            .await
            .unwrap()
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

async fn prepare_for_sleep(conn: &Connection, going: bool) {
    conn.emit_signal(
        None::<()>,
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        &(going,),
    )
    .await
    .unwrap();
}

/// Stands in for logind: owns its name, sends PrepareForSleep, and hands out "delay"
/// inhibitor locks as logind does: a file descriptor whose closing releases the lock.
struct FakeLogind {
    conn: Connection,
    /// Our ends of the descriptors handed out; a lock is held while its peer is open.
    locks: Arc<Mutex<Vec<UnixStream>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeLogind {
    async fn start(bus: &PrivateBus) -> FakeLogind {
        let conn = bus.connect().await;
        conn.request_name("org.freedesktop.login1").await.unwrap();
        let locks: Arc<Mutex<Vec<UnixStream>>> = Arc::default();
        let mut calls = MessageStream::from(&conn);
        let (c, l) = (conn.clone(), locks.clone());
        let task = tokio::spawn(async move {
            while let Some(Ok(msg)) = calls.next().await {
                let h = msg.header();
                if h.member().map(|m| m.as_str()) != Some("Inhibit") {
                    continue;
                }
                let (what, _who, _why, mode): (String, String, String, String) =
                    msg.body().deserialize().unwrap();
                assert_eq!((what.as_str(), mode.as_str()), ("sleep", "delay"));
                let (ours, theirs) = UnixStream::pair().unwrap();
                ours.set_nonblocking(true).unwrap();
                l.lock().unwrap().push(ours);
                let fd = zbus::OwnedFd::from(std::os::fd::OwnedFd::from(theirs));
                c.reply(&h, &(fd,)).await.unwrap();
            }
        });
        FakeLogind { conn, locks, task }
    }

    async fn prepare_for_sleep(&self, going: bool) {
        prepare_for_sleep(&self.conn, going).await;
    }

    /// (locks handed out, locks still held).
    fn locks(&self) -> (usize, usize) {
        let locks = self.locks.lock().unwrap();
        let held = locks
            .iter()
            .filter(|s| matches!((&**s).read(&mut [0u8; 1]), Err(e) if e.kind() == ErrorKind::WouldBlock))
            .count();
        (locks.len(), held)
    }
}

impl FakeLogind {
    async fn wait_for_locks(&self, handed_out: usize, held: usize) {
        for _ in 0..150 {
            if self.locks() == (handed_out, held) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("locks {:?}, want ({handed_out}, {held})", self.locks());
    }
}

impl Drop for FakeLogind {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Setup {
    _dir: tempfile::TempDir,
    store: Store,
    rt: Runtime,
    clock: ManualClock,
    srv: TestServer,
    bus: PrivateBus,
    logind: FakeLogind,
    watcher: logind::SleepWatcher,
}

async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let clock = ManualClock::new(Utc::now());
    let opts = RuntimeOptions {
        sleep_check: Duration::from_millis(100),
        resume_settle: Duration::from_millis(400),
        ..Default::default()
    };
    let rt = Runtime::start_with_clock(store.clone(), opts, Arc::new(clock.clone()))
        .await
        .unwrap();
    let srv = TestServer::start(Mode::Status(200)).await;
    rt.add_monitor(MonitorSpec {
        name: "api".into(),
        target: srv.url(),
        interval: Some("1s".into()),
        timeout: Some("300ms".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let bus = PrivateBus::start();
    let logind = FakeLogind::start(&bus).await;
    let watcher = logind::spawn(&rt, Bus::Address(bus.address.clone()))
        .await
        .unwrap();
    Setup {
        _dir: dir,
        store,
        rt,
        clock,
        srv,
        bus,
        logind,
        watcher,
    }
}

fn count(events: &[CoreEvent], what: fn(&CoreEvent) -> bool) -> usize {
    events.iter().filter(|e| what(e)).count()
}

fn is_resumed(e: &CoreEvent) -> bool {
    matches!(e, CoreEvent::Resumed { .. })
}

fn is_alert(e: &CoreEvent) -> bool {
    matches!(
        e,
        CoreEvent::AlertTriggered { .. } | CoreEvent::IncidentOpened { .. }
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_between_suspend_and_resume_do_not_alert() {
    let mut s = setup().await;
    let mut rx = s.rt.subscribe();
    collect(&mut rx, Duration::from_millis(1200)).await;

    // The network goes away as the machine suspends; checks still run (the clocks here do not
    // jump, so only logind's word tells the runtime), and they must not count.
    s.logind.prepare_for_sleep(true).await;
    s.srv.stop();
    let asleep = collect(&mut rx, Duration::from_millis(3500)).await;
    s.logind.prepare_for_sleep(false).await;
    // Back, and the service returns a moment later, as a network does after a resume.
    let woke = collect(&mut rx, Duration::from_millis(300)).await;
    s.srv.restart().await;
    let later = collect(&mut rx, Duration::from_millis(2500)).await;

    assert_eq!(count(&asleep, is_alert), 0, "{asleep:?}");
    assert_eq!(
        count(&woke, is_alert) + count(&later, is_alert),
        0,
        "{woke:?} {later:?}"
    );
    assert_eq!(
        count(&asleep, is_resumed) + count(&woke, is_resumed) + count(&later, is_resumed),
        1,
        "{asleep:?} {woke:?} {later:?}"
    );
    assert!(s
        .store
        .incidents(&IncidentFilter::default())
        .unwrap()
        .is_empty());
    s.watcher.shutdown().await;
    s.rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_that_outlasts_the_sleep_still_alerts_once_rechecked() {
    let mut s = setup().await;
    let mut rx = s.rt.subscribe();
    collect(&mut rx, Duration::from_millis(1200)).await;

    s.logind.prepare_for_sleep(true).await;
    s.srv.stop();
    collect(&mut rx, Duration::from_millis(1500)).await;
    s.logind.prepare_for_sleep(false).await;
    let events = collect(&mut rx, Duration::from_millis(4500)).await;
    assert_eq!(count(&events, is_resumed), 1, "{events:?}");
    assert_eq!(
        count(&events, |e| matches!(e, CoreEvent::AlertTriggered { .. })),
        1,
        "{events:?}"
    );
    s.watcher.shutdown().await;
    s.rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_sleep_is_one_resume_when_the_clock_jump_is_seen_too() {
    let s = setup().await;
    let mut rx = s.rt.subscribe();
    collect(&mut rx, Duration::from_millis(1200)).await;

    s.logind.prepare_for_sleep(true).await;
    // As logind does, suspend only once Lookout has let go of its inhibitor lock.
    s.logind.wait_for_locks(1, 0).await;
    s.clock.advance(Duration::from_secs(3600));
    let mut events = collect(&mut rx, Duration::from_millis(300)).await;
    s.logind.prepare_for_sleep(false).await;
    events.extend(collect(&mut rx, Duration::from_millis(1500)).await);
    let resumed: Vec<i64> = events
        .iter()
        .filter_map(|e| match e {
            CoreEvent::Resumed { slept_s, .. } => Some(*slept_s),
            _ => None,
        })
        .collect();
    // Either source may come first; the other must not make a second gap.
    assert_eq!(resumed.len(), 1, "{events:?}");
    assert!(resumed[0] >= 3590, "{events:?}");
    s.watcher.shutdown().await;
    s.rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_owner_of_loginds_name_is_believed() {
    let s = setup().await;
    let mut rx = s.rt.subscribe();
    collect(&mut rx, Duration::from_millis(500)).await;
    let impostor = s.bus.connect().await;
    prepare_for_sleep(&impostor, true).await;
    prepare_for_sleep(&impostor, false).await;
    let events = collect(&mut rx, Duration::from_millis(1000)).await;
    assert_eq!(count(&events, is_resumed), 0, "{events:?}");

    s.logind.prepare_for_sleep(true).await;
    s.logind.prepare_for_sleep(false).await;
    let events = collect(&mut rx, Duration::from_millis(1000)).await;
    assert_eq!(count(&events, is_resumed), 1, "{events:?}");
    s.watcher.shutdown().await;
    s.rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_suspend_waits_until_lookout_has_taken_note() {
    let s = setup().await;
    // One delay lock, held from the start.
    s.logind.wait_for_locks(1, 1).await;
    s.logind.prepare_for_sleep(true).await;
    s.logind.wait_for_locks(1, 0).await;
    // Back: the next suspend must wait for us again.
    s.logind.prepare_for_sleep(false).await;
    s.logind.wait_for_locks(2, 1).await;
    s.watcher.shutdown().await;
    // Stopping lets go of it, so Lookout never blocks a suspend once it is gone.
    s.logind.wait_for_locks(2, 0).await;
    s.rt.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logind_that_never_answers_does_not_hold_up_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let rt = Runtime::start(store, RuntimeOptions::default())
        .await
        .unwrap();
    let bus = PrivateBus::start();
    // Owns logind's name but never answers a call (Inhibit included).
    let wedged = bus.connect().await;
    wedged.request_name("org.freedesktop.login1").await.unwrap();
    let started = std::time::Instant::now();
    let watcher = logind::spawn(&rt, Bus::Address(bus.address.clone()))
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // Its signals are still heard.
    let mut rx = rt.subscribe();
    prepare_for_sleep(&wedged, true).await;
    prepare_for_sleep(&wedged, false).await;
    let events = collect(&mut rx, Duration::from_millis(1000)).await;
    assert_eq!(count(&events, is_resumed), 1, "{events:?}");
    watcher.shutdown().await;
    rt.shutdown().await.unwrap();
}
