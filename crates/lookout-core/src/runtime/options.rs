//! How the runtime runs ([`RuntimeOptions`]), why it may not start ([`RuntimeError`]), and the
//! one-engine-per-database lock.

use std::time::Duration;

use crate::connectivity::Connectivity;
use crate::field::defaults;
use crate::model::MonitorId;
use crate::storage::{Store, StoreError, DEFAULT_RAW_RETENTION_DAYS};

/// How the runtime runs. `Default` is what the CLI and the desktop app use.
#[derive(Debug, Clone)]
pub struct RuntimeOptions {
    /// Global cap on checks in flight.
    pub max_concurrent_checks: usize,
    /// How often to look for changes other processes made to the monitors.
    pub config_poll: Duration,
    /// Hear other processes' changes as file events (inotify on the database's `.changed` file,
    /// which every writer touches after such a change) and run
    /// housekeeping (clocks, watchdog, a fallback config poll) this often instead of every
    /// `config_poll`, so an idle engine sleeps. `None` (tests, the bench's default): poll.
    /// [`crate::daemon::DaemonOptions`] turns it on for `lookout run` and the desktop app.
    pub watched_housekeeping: Option<Duration>,
    pub raw_retention_days: u32,
    /// The heartbeat listener's port on 127.0.0.1. `None`: the stored setting, else
    /// [`defaults::PUSH_PORT`]. `Some(0)` picks a free port (tests). The port bound is stored
    /// as the setting, so `lookout monitors list` can print push URLs.
    pub push_port: Option<u16>,
    /// How often the wall clock is compared with the monotonic clock to notice a sleep.
    pub sleep_check: Duration,
    /// A wall-clock jump past the monotonic clock larger than this is a sleep (or a clock
    /// change), not scheduling noise.
    pub sleep_threshold: Duration,
    /// After a resume, how long to give the network before re-checking a monitor that fails;
    /// each failing monitor is re-checked up to [`crate::policy::sleep::RESUME_RECHECKS`]
    /// times before it may alert.
    pub resume_settle: Duration,
    /// How to tell "this machine is offline" from "the service is down"; `None` turns that
    /// off (every failure is judged), whatever the settings say. Otherwise the user's
    /// `reference_targets` setting, where set, replaces its `references` (read again on every
    /// configuration change).
    pub connectivity: Option<Connectivity>,
    /// While offline, how often to ask whether the network is back.
    pub reconnect_poll: Duration,
    /// The flap cap for monitors that set none of their own (`Monitor::flap_max`,
    /// `Monitor::flap_window`): at most this many alerts per monitor within `flap_window`;
    /// then one `flapping` event and silence until it settles.
    pub flap_max: usize,
    pub flap_window: Duration,
    /// Run this one monitor only, leaving the others unchecked and unjudged: the short-lived
    /// engine `lookout simulate` starts when none is running must not check (and alert on,
    /// and run recovery actions for) every other monitor while it drills one.
    pub only: Option<MonitorId>,
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            max_concurrent_checks: 128,
            config_poll: Duration::from_secs(1),
            watched_housekeeping: None,
            raw_retention_days: DEFAULT_RAW_RETENTION_DAYS,
            push_port: None,
            sleep_check: Duration::from_secs(2),
            sleep_threshold: Duration::from_secs(15),
            resume_settle: Duration::from_secs(5),
            connectivity: Some(Connectivity::default()),
            reconnect_poll: Duration::from_secs(2),
            flap_max: defaults::FLAP_MAX as usize,
            flap_window: defaults::FLAP_WINDOW,
            only: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Probe(#[from] crate::probe::ProbeError),
    #[error("{}", crate::t!("error-push-listen", port = *.port, error = .error.to_string()))]
    PushListen { port: u16, error: std::io::Error },
    /// Two engines on one database would check everything twice, open every incident twice
    /// and run every recovery action twice.
    #[error("{}", crate::t!("error-already-running", path = .0.as_str()))]
    AlreadyRunning(String),
    #[error("{}", crate::t!("error-lock", path = .path.as_str(), error = .error.to_string()))]
    Lock { path: String, error: std::io::Error },
}

/// Takes the data directory's engine lock (an OS file lock, so a crashed engine never leaves it
/// behind): one engine per database.
pub(super) fn lock_engine(store: &Store) -> Result<std::fs::File, RuntimeError> {
    let mut path = store.path().as_os_str().to_owned();
    path.push(".engine-lock");
    let path = std::path::PathBuf::from(path);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|error| RuntimeError::Lock {
            path: path.display().to_string(),
            error,
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(RuntimeError::AlreadyRunning(
            store.path().display().to_string(),
        )),
        Err(std::fs::TryLockError::Error(error)) => Err(RuntimeError::Lock {
            path: path.display().to_string(),
            error,
        }),
    }
}

/// A log-scale histogram of scheduling lateness (microseconds), for benchmarks and metrics.
/// An eighth of an octave per bucket (9 % apart): with half octaves, everything between
/// 1.45 and 2.05 ms read as 2.05 ms, too coarse for a 2 ms target.
#[derive(Debug, Clone)]
pub(super) struct Lateness {
    buckets: [u64; LATENESS_BUCKETS],
    pub count: u64,
}

const LATENESS_STEPS: usize = 8;
/// Up to 2^24 µs (17 s); later lands in the last bucket.
const LATENESS_BUCKETS: usize = 24 * LATENESS_STEPS;

impl Default for Lateness {
    fn default() -> Self {
        Lateness {
            buckets: [0; LATENESS_BUCKETS],
            count: 0,
        }
    }
}

impl Lateness {
    /// Bucket `i` holds values up to `2^(i/8)` µs.
    pub fn record(&mut self, d: Duration) {
        let us = d.as_micros().max(1) as f64;
        let i = ((us.log2() * LATENESS_STEPS as f64).ceil() as usize).min(LATENESS_BUCKETS - 1);
        self.buckets[i] += 1;
        self.count += 1;
    }

    /// The upper bound of the bucket holding quantile `q`.
    pub fn quantile(&self, q: f64) -> Duration {
        let want = (self.count as f64 * q).ceil() as u64;
        let mut seen = 0;
        for (i, n) in self.buckets.iter().enumerate() {
            seen += n;
            if seen >= want.max(1) {
                let us = 2f64.powf(i as f64 / LATENESS_STEPS as f64);
                return Duration::from_micros(us as u64);
            }
        }
        Duration::ZERO
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lateness_quantiles_are_within_a_tenth_of_the_value() {
        let mut l = Lateness::default();
        for _ in 0..99 {
            l.record(Duration::from_micros(1500));
        }
        l.record(Duration::from_secs(60));
        let p50 = l.quantile(0.5).as_micros();
        assert!((1500..=1640).contains(&p50), "p50 {p50} µs");
        assert_eq!(l.quantile(0.99), l.quantile(0.5));
        // Beyond the last bucket: counted, at the top.
        assert!(l.quantile(1.0) >= Duration::from_secs(15));
        assert_eq!(l.count, 100);
    }
}
