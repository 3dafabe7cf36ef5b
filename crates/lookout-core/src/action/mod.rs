//! What Lookout does about an alert besides telling the desktop: recovery actions and webhook
//! alert channels.
//!
//! Both run beside the [`Runtime`], on its [`CoreEvent`]s, in one dispatcher task started by
//! [`spawn`] after [`Runtime::start`]:
//!
//! ```text
//! CoreEvent ──▶ dispatcher ──▶ recovery::Tracker ──▶ exec (program / webhook) ──▶ timeline
//!                   │                                   └──▶ recovery_action event ──▶ check_now
//!                   └──▶ channel::deliver (own task per channel, retries) ──▶ timeline + alert_sent
//! ```
//!
//! - [`recovery`]: the `recovery` list of a monitor as written and validated, and the pure
//!   tracker that decides when an action is due (after N failed checks or when the DOWN rule
//!   triggers) under its safeguards: cooldown, `max_attempts` per DOWN episode, never two at
//!   once for one monitor.
//! - [`exec`]: runs one action: a program without a shell (killed at its timeout, the last lines
//!   of its output kept), or a webhook POST.
//! - [`channel`]: the global webhook channels (Kener, Slack, Discord bodies), kept in the
//!   settings table, and their delivery with backoff.
//!
//! Every attempt is followed by [`Runtime::check_now`]: a recovery is confirmed by a check,
//! never assumed. The dispatcher never blocks the checks: actions and deliveries run on their
//! own tasks, and the runtime's events are its only input.

pub mod channel;
mod dispatch;
pub mod exec;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::task::{JoinHandle, JoinSet};

pub use channel::{
    add_channel, channels, remove_channel, test_channels, Channel, ChannelError, DeliveryError,
};

use crate::runtime::Runtime;
use dispatch::Dispatcher;

/// How the dispatcher runs. `Default` is what the CLI and the desktop app use.
#[derive(Debug, Clone)]
pub struct ActionOptions {
    /// Waits between alert delivery tries: after the first try fails, one more try after each.
    /// Default 1 s, 2 s, 4 s (four tries in all).
    pub retry_delays: Vec<Duration>,
    /// How long [`ActionHandle::shutdown`] lets running actions and deliveries finish.
    pub shutdown_grace: Duration,
}

impl Default for ActionOptions {
    fn default() -> Self {
        ActionOptions {
            retry_delays: vec![
                Duration::from_secs(1),
                Duration::from_secs(2),
                Duration::from_secs(4),
            ],
            shutdown_grace: Duration::from_secs(2),
        }
    }
}

/// The running dispatcher. [`ActionHandle::shutdown`] stops it; dropping the handle leaves it
/// running until the runtime's event channel closes.
pub struct ActionHandle {
    stop: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl ActionHandle {
    /// Stops listening, gives running actions and deliveries
    /// [`ActionOptions::shutdown_grace`] to finish, then abandons them (a program still running
    /// is killed). Call it before [`Runtime::shutdown`].
    pub async fn shutdown(&self) {
        let _ = self.stop.send(true);
        let task = self.task.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(t) = task {
            let abort = t.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), t)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

/// Starts recovery actions and webhook alert channels on `rt`'s events, with the default
/// options. Call it on the tokio runtime, right after [`Runtime::start`]: it subscribes before
/// returning, so no event after that is missed.
pub fn spawn(rt: &Runtime) -> ActionHandle {
    spawn_with(rt, ActionOptions::default())
}

/// [`spawn`] with options (tests shorten the retry delays).
pub fn spawn_with(rt: &Runtime, opts: ActionOptions) -> ActionHandle {
    let events = rt.subscribe();
    let (stop, stop_rx) = watch::channel(false);
    let (done_tx, done_rx) = mpsc::unbounded_channel();
    let d = Dispatcher {
        rt: rt.clone(),
        opts,
        client: http_client(),
        monitors: HashMap::new(),
        trackers: HashMap::new(),
        healed: HashMap::new(),
        tasks: JoinSet::new(),
        done_tx,
    };
    let task = tokio::spawn(d.run(events, done_rx, stop_rx));
    ActionHandle {
        stop,
        task: Mutex::new(Some(task)),
    }
}

/// The client for webhooks and alert channels. `None` if TLS could not be set up, in which case
/// every delivery fails with that reason instead of the process panicking.
pub(crate) fn http_client() -> Option<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(concat!("Lookout/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(5))
        .build()
        .map_err(|e| tracing::error!(error = %e, "no HTTP client for webhooks"))
        .ok()
}
