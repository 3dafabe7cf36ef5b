//! Scheduler tests under paused tokio time: no sockets, no sleeping.

use std::sync::Mutex;

use super::*;
use crate::clock::SystemClock;
use crate::model::Status;
use crate::spec::MonitorSpec;

/// Records when each check started and takes `work` of (virtual) time.
#[derive(Default)]
struct Fake {
    starts: Mutex<Vec<(MonitorId, Instant)>>,
    work: Mutex<HashMap<MonitorId, Duration>>,
    running: Mutex<(usize, usize)>,
}

impl Checker for Fake {
    fn check(&self, m: &Monitor, at: DateTime<Utc>) -> impl Future<Output = CheckResult> + Send {
        self.starts.lock().unwrap().push((m.id, Instant::now()));
        let work = self
            .work
            .lock()
            .unwrap()
            .get(&m.id)
            .copied()
            .unwrap_or_default();
        {
            let mut r = self.running.lock().unwrap();
            r.0 += 1;
            r.1 = r.1.max(r.0);
        }
        async move {
            tokio::time::sleep(work).await;
            self.running.lock().unwrap().0 -= 1;
            CheckResult {
                at,
                status: Status::Up,
                latency: work,
                reason: String::new(),
                details: serde_json::Value::Null,
            }
        }
    }
}

impl Fake {
    fn starts_of(&self, id: i64) -> Vec<Instant> {
        self.starts
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, _)| m.0 == id)
            .map(|(_, t)| *t)
            .collect()
    }
}

fn monitor(id: i64, interval: &str, timeout: &str) -> Monitor {
    let mut m = Monitor::try_from(MonitorSpec {
        name: format!("m{id}"),
        target: "tcp://127.0.0.1:9".into(),
        interval: Some(interval.into()),
        timeout: Some(timeout.into()),
        ..Default::default()
    })
    .unwrap();
    m.id = MonitorId(id);
    m
}

/// The scheduler plus a task that drains results and decrements the running count.
fn setup(max: usize) -> (Scheduler<Fake>, Arc<Fake>) {
    let fake = Arc::new(Fake::default());
    let (tx, mut rx) = mpsc::channel::<Completed>(1024);
    tokio::spawn(async move { while rx.recv().await.is_some() {} });
    (
        Scheduler::new(fake.clone(), Arc::new(SystemClock), max, tx),
        fake,
    )
}

fn gaps(starts: &[Instant]) -> Vec<Duration> {
    starts.windows(2).map(|w| w[1] - w[0]).collect()
}

#[tokio::test(start_paused = true)]
async fn checks_run_on_the_grid_from_the_phase() {
    let (mut s, fake) = setup(8);
    let epoch = s.epoch;
    let m = monitor(7, "10s", "5s");
    let ph = phase(m.id, m.interval);
    s.upsert(Arc::new(m), false);
    tokio::time::sleep(Duration::from_secs(45)).await;
    let starts = fake.starts_of(7);
    assert!(starts.len() >= 4, "{starts:?}");
    // tokio's timer rounds a deadline up to its next millisecond tick.
    assert!(
        starts[0] - (epoch + ph) < Duration::from_millis(1),
        "first check at the monitor's phase"
    );
    assert!(
        gaps(&starts).iter().all(|g| *g == Duration::from_secs(10)),
        "{:?}",
        gaps(&starts)
    );
}

#[tokio::test(start_paused = true)]
async fn slow_checks_do_not_drift() {
    let (mut s, fake) = setup(8);
    let m = monitor(1, "10s", "9s");
    fake.work
        .lock()
        .unwrap()
        .insert(m.id, Duration::from_secs(7));
    s.upsert(Arc::new(m), false);
    tokio::time::sleep(Duration::from_secs(100)).await;
    let starts = fake.starts_of(1);
    assert!(starts.len() >= 9, "{}", starts.len());
    // Start to start stays 10 s although each check takes 7 s.
    assert!(
        gaps(&starts).iter().all(|g| *g == Duration::from_secs(10)),
        "{:?}",
        gaps(&starts)
    );
}

#[tokio::test(start_paused = true)]
async fn an_overrunning_check_skips_the_missed_slot_and_stays_on_grid() {
    let (mut s, fake) = setup(8);
    let m = monitor(2, "10s", "10s");
    // Longer than the interval (the backstop allows timeout + 1 s).
    fake.work
        .lock()
        .unwrap()
        .insert(m.id, Duration::from_millis(10_500));
    let epoch = s.epoch;
    let ph = phase(m.id, m.interval);
    s.upsert(Arc::new(m), false);
    tokio::time::sleep(Duration::from_secs(80)).await;
    let starts = fake.starts_of(2);
    assert!(starts.len() >= 3);
    for t in &starts {
        let off = (*t - (epoch + ph)).as_micros() % 10_000_000;
        assert!(off < 1000, "every start is on a grid slot: {off} us off");
    }
    assert!(
        gaps(&starts).iter().all(|g| *g == Duration::from_secs(20)),
        "{:?}",
        gaps(&starts)
    );
}

#[tokio::test(start_paused = true)]
async fn phases_spread_a_thousand_monitors_over_the_interval() {
    let interval = Duration::from_secs(60);
    let mut per_second = [0u32; 60];
    let mut distinct = std::collections::HashSet::new();
    for id in 1..=1000 {
        let p = phase(MonitorId(id), interval);
        assert!(p < interval);
        per_second[p.as_secs() as usize] += 1;
        distinct.insert(p.as_millis());
    }
    // Uniform would be ~16.7 per second; a clump would show as a large bucket.
    assert!(per_second.iter().all(|&n| n <= 40), "{per_second:?}");
    assert!(distinct.len() > 950, "phases collide: {}", distinct.len());
}

#[tokio::test(start_paused = true)]
async fn concurrency_is_capped() {
    let (mut s, fake) = setup(3);
    for id in 1..=20 {
        let m = monitor(id, "5s", "5s");
        fake.work
            .lock()
            .unwrap()
            .insert(m.id, Duration::from_secs(4));
        s.upsert(Arc::new(m), true);
    }
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert_eq!(
        fake.running.lock().unwrap().1,
        3,
        "at most 3 checks at once"
    );
    assert!(fake.starts.lock().unwrap().len() > 20);
}

#[tokio::test(start_paused = true)]
async fn pause_resume_edit_and_remove_take_effect_at_once() {
    let (mut s, fake) = setup(8);
    let mut m = monitor(3, "10s", "5s");
    s.upsert(Arc::new(m.clone()), true);
    tokio::task::yield_now().await;
    tokio::time::sleep(Duration::from_millis(1)).await;
    assert_eq!(
        fake.starts_of(3).len(),
        1,
        "a new monitor is checked at once"
    );

    // Pause: no checks for a minute.
    m.paused = true;
    s.upsert(Arc::new(m.clone()), false);
    assert!(!s.is_running(m.id));
    let before = fake.starts_of(3).len();
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert_eq!(fake.starts_of(3).len(), before);

    // Resume: checked at once, then on the grid again.
    m.paused = false;
    s.upsert(Arc::new(m.clone()), true);
    tokio::time::sleep(Duration::from_millis(1)).await;
    assert_eq!(fake.starts_of(3).len(), before + 1);
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert_eq!(fake.starts_of(3).len(), before + 4);

    // Edit the interval: checked at once, then every 2 s.
    let mut edited = monitor(3, "2s", "1s");
    edited.name = "renamed".into();
    s.upsert(Arc::new(edited), true);
    tokio::time::sleep(Duration::from_millis(1)).await;
    let t0 = fake.starts_of(3).len();
    tokio::time::sleep(Duration::from_secs(10)).await;
    let after = fake.starts_of(3);
    assert_eq!(after.len(), t0 + 5, "2 s interval over 10 s");
    assert!(gaps(&after[t0..])
        .iter()
        .all(|g| *g == Duration::from_secs(2)));

    // Remove: nothing more.
    s.remove(MonitorId(3));
    let n = fake.starts_of(3).len();
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert_eq!(fake.starts_of(3).len(), n);
}

#[tokio::test(start_paused = true)]
async fn shutdown_stops_every_task_within_the_bound() {
    let (mut s, fake) = setup(8);
    for id in 1..=50 {
        let m = monitor(id, "1s", "1s");
        fake.work
            .lock()
            .unwrap()
            .insert(m.id, Duration::from_secs(1));
        s.upsert(Arc::new(m), true);
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let started = Instant::now();
    s.shutdown(Duration::from_secs(2)).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(s.is_empty());
    let n = fake.starts.lock().unwrap().len();
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(fake.starts.lock().unwrap().len(), n);
}

#[test]
fn next_slot_is_on_the_grid() {
    let epoch = Instant::now();
    let ph = Duration::from_millis(300);
    let iv = Duration::from_secs(1);
    assert_eq!(next_slot(epoch, ph, iv, epoch), epoch + ph);
    assert_eq!(next_slot(epoch, ph, iv, epoch + ph), epoch + ph);
    assert_eq!(
        next_slot(epoch, ph, iv, epoch + Duration::from_millis(301)),
        epoch + Duration::from_millis(1300)
    );
    assert_eq!(
        next_slot(epoch, ph, iv, epoch + Duration::from_millis(2300)),
        epoch + Duration::from_millis(2300)
    );
}

/// Fails its first `fail` checks, then passes.
struct Flaky {
    calls: Mutex<u32>,
    fail: u32,
}

impl Checker for Flaky {
    fn check(&self, _m: &Monitor, at: DateTime<Utc>) -> impl Future<Output = CheckResult> + Send {
        let n = {
            let mut c = self.calls.lock().unwrap();
            *c += 1;
            *c
        };
        let down = n <= self.fail;
        async move {
            CheckResult {
                at,
                status: if down { Status::Down } else { Status::Up },
                latency: Duration::ZERO,
                reason: if down {
                    "connection refused".into()
                } else {
                    String::new()
                },
                details: serde_json::Value::Null,
            }
        }
    }
}

async fn confirmed(fail: u32, retries: i64) -> (CheckResult, u32, Duration) {
    let flaky = Arc::new(Flaky {
        calls: Mutex::new(0),
        fail,
    });
    let (tx, mut rx) = mpsc::channel(8);
    let mut s = Scheduler::new(flaky.clone(), Arc::new(SystemClock), 4, tx);
    let mut m = monitor(9, "60s", "5s");
    m.confirm.retries = retries as u32;
    m.confirm.retry_after = Duration::from_secs(2);
    let t0 = Instant::now();
    s.upsert(Arc::new(m), true);
    let done = rx.recv().await.unwrap();
    let calls = *flaky.calls.lock().unwrap();
    (done.result, calls, t0.elapsed())
}

#[tokio::test(start_paused = true)]
async fn a_blip_that_passes_its_confirming_recheck_is_reported_up() {
    let (r, calls, took) = confirmed(1, 2).await;
    assert_eq!(r.status, Status::Up);
    assert_eq!(calls, 2);
    assert_eq!(took, Duration::from_secs(2), "one confirm_after wait");
}

#[tokio::test(start_paused = true)]
async fn a_failure_confirmed_by_every_recheck_is_reported_down() {
    let (r, calls, _) = confirmed(10, 2).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(calls, 3, "the check and two re-checks");
    assert_eq!(r.reason, "connection refused (confirmed by a re-check)");
    assert_eq!(
        crate::i18n::word_in(crate::i18n::Lang::ZhCn, &r.reason),
        "连接被拒绝（已经复查确认）"
    );
    let (r, calls, _) = confirmed(10, 0).await;
    assert_eq!(
        (r.status, calls),
        (Status::Down, 1),
        "no confirmation asked"
    );
}

/// Issue 10, item 4: a monitor whose durations passed no validation (built in code, or stored
/// before durations were bounded) is checked and rescheduled; `timeout + 1s` and the grid's
/// `epoch + phase + k * interval` used to panic its task, which then never checked again.
#[tokio::test(start_paused = true)]
async fn durations_beyond_any_bound_do_not_panic_the_task() {
    let (mut s, fake) = setup(8);
    let mut m = monitor(3, "10s", "5s");
    m.interval = Duration::MAX;
    m.timeout = Duration::MAX;
    m.confirm.retry_after = Duration::MAX;
    let m = Arc::new(m);
    s.upsert(m.clone(), true);
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(fake.starts_of(3).len(), 1, "checked at once");
    assert!(!s.tasks[&m.id].join.is_finished(), "the task lives on");
    s.upsert(m.clone(), true);
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(fake.starts_of(3).len(), 2, "and checks again when asked");
    assert!(!s.tasks[&m.id].join.is_finished());
    let far = next_slot(s.epoch, Duration::MAX, Duration::MAX, Instant::now());
    assert!(far > Instant::now());
}

/// A monitor's task spends nearly all its life asleep, and tokio allocates a task for the
/// largest state its future can be in. With the check inline that was the HTTP client's
/// request state, 4.5 KiB a monitor in a debug build (10,000 monitors: 112 -> 74 MiB RSS in
/// the load benchmark); the check is boxed while it runs, so the sleeping task stays small.
#[test]
fn a_sleeping_monitor_task_is_small() {
    let (results, _rx) = mpsc::channel(1);
    let (_ctl, ctl_rx) = mpsc::unbounded_channel();
    let task = run_monitor(
        Arc::new(monitor(1, "60s", "5s")),
        false,
        Arc::new(Prober::new().unwrap()),
        Arc::new(SystemClock) as Arc<dyn Clock>,
        Arc::new(Semaphore::new(1)),
        results,
        ctl_rx,
        Instant::now(),
    );
    let size = std::mem::size_of_val(&task);
    assert!(size <= 1024, "a monitor's task future is {size} bytes");
}
