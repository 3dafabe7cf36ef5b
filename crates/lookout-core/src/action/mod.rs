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
//! own tasks, and the runtime's broadcast channel is its only input.

pub mod channel;
pub mod exec;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use serde_json::json;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::Instant;

pub use channel::{
    add_channel, channels, remove_channel, test_channels, Channel, ChannelError, DeliveryError,
};

use crate::events::{ActionOutcome as Outcome, AlertStatus, CoreEvent};
use crate::model::{
    ActionKind, IncidentEvent, IncidentEventKind, IncidentId, MonitorId, RuleKind, Status,
};
use crate::monitor::Monitor;
use crate::recovery::RecoveryAction;
use crate::recovery::Tracker;
use crate::runtime::{human_secs, Runtime};
use crate::storage::{IncidentFilter, Store};
use channel::AlertNotice;

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
        simulating: Default::default(),
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

/// A finished attempt, reported back to the dispatcher, which owns the trackers.
struct Done {
    monitor: MonitorId,
    index: usize,
    action: RecoveryAction,
    attempt: u32,
    at: DateTime<Utc>,
    outcome: Outcome,
}

struct Dispatcher {
    rt: Runtime,
    opts: ActionOptions,
    client: Option<reqwest::Client>,
    monitors: HashMap<MonitorId, Arc<Monitor>>,
    /// Only monitors with recovery actions have one.
    trackers: HashMap<MonitorId, Tracker>,
    /// Monitors in a simulated outage: their events run nothing and go to no channel.
    simulating: std::collections::HashSet<MonitorId>,
    /// Every action, delivery and record in flight: owned, so shutdown can bound them.
    tasks: JoinSet<()>,
    done_tx: mpsc::UnboundedSender<Done>,
}

impl Dispatcher {
    async fn run(
        mut self,
        mut events: broadcast::Receiver<CoreEvent>,
        mut done_rx: mpsc::UnboundedReceiver<Done>,
        mut stop: watch::Receiver<bool>,
    ) {
        self.reload(true).await;
        loop {
            tokio::select! {
                _ = stop.changed() => break,
                ev = events.recv() => match ev {
                    Ok(e) => self.on_event(e).await,
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "recovery actions and alert channels missed events");
                    }
                    Err(broadcast::error::RecvError::Closed) => break,
                },
                Some(done) = done_rx.recv() => self.on_done(done),
                Some(_) = self.tasks.join_next(), if !self.tasks.is_empty() => {}
            }
        }
        let grace = self.opts.shutdown_grace;
        let _ = tokio::time::timeout(grace, async {
            while self.tasks.join_next().await.is_some() {}
        })
        .await;
        self.tasks.abort_all();
    }

    /// Refreshes the monitors (and, at start, marks monitors with an open DOWN incident as
    /// triggered, so an engine restarted mid-outage still acts).
    async fn reload(&mut self, initial: bool) {
        let store = self.rt.store().clone();
        let loaded = tokio::task::spawn_blocking(move || {
            let monitors = store.monitors()?;
            let open = if initial {
                store.incidents(&IncidentFilter {
                    open_only: true,
                    ..Default::default()
                })?
            } else {
                Vec::new()
            };
            Ok::<_, crate::storage::StoreError>((monitors, open))
        })
        .await;
        let (monitors, open) = match loaded {
            Ok(Ok(x)) => x,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "recovery actions: cannot load the monitors");
                return;
            }
            Err(e) => {
                tracing::warn!(error = %e, "recovery actions: cannot load the monitors");
                return;
            }
        };
        self.monitors = monitors.into_iter().map(|m| (m.id, Arc::new(m))).collect();
        self.trackers.retain(|id, _| {
            self.monitors
                .get(id)
                .is_some_and(|m| !m.recovery.is_empty())
        });
        for m in self.monitors.values().filter(|m| !m.recovery.is_empty()) {
            self.trackers
                .entry(m.id)
                .or_default()
                .set_actions(m.recovery.clone());
        }
        for inc in open.iter().filter(|i| i.rule == RuleKind::Down) {
            if let Some(t) = self.trackers.get_mut(&inc.monitor_id) {
                t.restore_triggered(inc.id);
            }
        }
    }

    async fn on_event(&mut self, e: CoreEvent) {
        match &e {
            CoreEvent::SimulationStarted { monitor_id, .. } => {
                self.simulating.insert(*monitor_id);
                return;
            }
            CoreEvent::SimulationEnded {
                monitor_id,
                incident,
                ..
            } => {
                self.simulating.remove(monitor_id);
                self.dry_run(*monitor_id, *incident);
                return;
            }
            CoreEvent::CheckCompleted { monitor_id, .. }
            | CoreEvent::AlertTriggered { monitor_id, .. }
            | CoreEvent::AlertReminder { monitor_id, .. }
            | CoreEvent::AlertResolved { monitor_id, .. }
            | CoreEvent::IncidentResolved { monitor_id, .. }
                if self.simulating.contains(monitor_id) =>
            {
                return;
            }
            _ => {}
        }
        match e {
            CoreEvent::CheckCompleted {
                monitor_id, result, ..
            } => {
                if !self.monitors.contains_key(&monitor_id) {
                    // Checked before its MonitorsChanged reached us.
                    self.reload(false).await;
                }
                let due = self
                    .trackers
                    .get_mut(&monitor_id)
                    .and_then(|t| t.on_check(result.status, Instant::now()));
                if let Some((i, attempt)) = due {
                    self.launch(monitor_id, i, attempt);
                }
            }
            CoreEvent::AlertTriggered {
                monitor_id,
                monitor,
                rule,
                severity,
                incident,
                reason,
                since,
                at,
                failures,
                threshold,
            } => {
                if rule == RuleKind::Down {
                    if let Some(t) = self.trackers.get_mut(&monitor_id) {
                        let (flush, due) = t.on_triggered(incident, Instant::now());
                        if let (Some(id), false) = (incident, flush.is_empty()) {
                            self.record(id, flush);
                        }
                        if let Some((i, attempt)) = due {
                            self.launch(monitor_id, i, attempt);
                        }
                    }
                }
                let description = format!(
                    "{monitor} is {}: {}. {failures} failed check{} in a row since {} UTC.",
                    rule.status(),
                    if reason.is_empty() {
                        "no reason given"
                    } else {
                        &reason
                    },
                    if failures == 1 { "" } else { "s" },
                    since.format("%Y-%m-%d %H:%M:%S"),
                );
                self.notify(AlertNotice {
                    id: AlertNotice::alert_id(monitor_id, rule, since),
                    monitor_id,
                    monitor,
                    rule,
                    severity,
                    status: AlertStatus::Triggered,
                    incident,
                    at,
                    description,
                    current_value: failures,
                    threshold,
                });
            }
            CoreEvent::AlertResolved {
                monitor_id,
                monitor,
                rule,
                severity,
                incident,
                since,
                at,
                duration_s,
            } => {
                let mut description = format!(
                    "{monitor} is back UP after {} {}.",
                    human_secs(duration_s),
                    rule.status()
                );
                if rule == RuleKind::Down {
                    let healed = self.trackers.get_mut(&monitor_id).and_then(|t| {
                        let h = t.on_resolved()?;
                        Some((t.actions().get(h.action)?.kind.clone(), h))
                    });
                    if let Some((action, h)) = healed {
                        let message = format!(
                            "{monitor} was restarted automatically ({}) and is back UP",
                            action.describe()
                        );
                        description = format!("{message} after {}.", human_secs(duration_s));
                        self.rt.publish(CoreEvent::RecoveryHealed {
                            monitor_id,
                            monitor: monitor.clone(),
                            incident,
                            action,
                            attempts: h.attempts,
                            exit_code: h.exit_code,
                            healed_by_action: true,
                            message,
                            at,
                        });
                    }
                }
                let successes = self
                    .monitors
                    .get(&monitor_id)
                    .map_or(1, |m| m.alerts.rule(rule).success_threshold);
                self.notify(AlertNotice {
                    id: AlertNotice::alert_id(monitor_id, rule, since),
                    monitor_id,
                    monitor,
                    rule,
                    severity,
                    status: AlertStatus::Resolved,
                    incident,
                    at,
                    description,
                    current_value: successes,
                    threshold: successes,
                });
            }
            // A snoozed monitor's alerts are held, so its episode may end with no
            // `alert_resolved`; its incident still resolves, and the episode ends with it.
            CoreEvent::IncidentResolved {
                monitor_id,
                incident,
                ..
            } => {
                if let Some(t) = self
                    .trackers
                    .get_mut(&monitor_id)
                    .filter(|t| t.incident() == Some(incident))
                {
                    t.on_resolved();
                }
            }
            CoreEvent::MonitorsChanged => self.reload(false).await,
            _ => {}
        }
    }

    /// Starts attempt `attempt` of action `index` on its own task.
    fn launch(&mut self, id: MonitorId, index: usize, attempt: u32) {
        let (Some(m), Some(t)) = (self.monitors.get(&id).cloned(), self.trackers.get(&id)) else {
            return;
        };
        let Some(action) = t.actions().get(index).cloned() else {
            return;
        };
        let incident = t.incident();
        let failures = t.consecutive_down();
        let client = self.client.clone();
        let done_tx = self.done_tx.clone();
        let at = self.rt.now();
        tracing::info!(monitor = %m.name, action = %action.kind.describe(), attempt, "running a recovery action");
        self.tasks.spawn(async move {
            // Only the configured argv or URL, plus Lookout's own names and counters: nothing
            // from the check result reaches the program or the request.
            let outcome = match &action.kind {
                ActionKind::Run(argv) => {
                    let mut env = vec![
                        ("LOOKOUT_MONITOR", m.name.clone()),
                        ("LOOKOUT_MONITOR_ID", m.id.to_string()),
                        ("LOOKOUT_ATTEMPT", attempt.to_string()),
                    ];
                    if let Some(i) = incident {
                        env.push(("LOOKOUT_INCIDENT", i.to_string()));
                    }
                    exec::run_program(argv, action.timeout, &env).await
                }
                ActionKind::Webhook(url) => {
                    let body = json!({
                        "event": "recovery_action",
                        "monitor": m.name,
                        "monitor_id": m.id,
                        "target": m.target,
                        "incident": incident,
                        "attempt": attempt,
                        "max_attempts": action.max_attempts,
                        "failures": failures,
                        "status": Status::Down,
                        "at": at,
                    });
                    exec::call_webhook(client.as_ref(), url, &body, action.timeout).await
                }
            };
            let _ = done_tx.send(Done {
                monitor: m.id,
                index,
                action,
                attempt,
                at,
                outcome,
            });
        });
    }

    /// An attempt finished: record it, tell the shells, and re-check at once.
    fn on_done(&mut self, d: Done) {
        let name = self
            .monitors
            .get(&d.monitor)
            .map_or_else(|| format!("monitor {}", d.monitor), |m| m.name.clone());
        let what = match &d.action.kind {
            ActionKind::Run(_) => "Recovery action",
            ActionKind::Webhook(_) => "Recovery webhook",
        };
        let mut message = format!(
            "{what} {} (attempt {} of {}) {}",
            d.action.kind.describe(),
            d.attempt,
            d.action.max_attempts,
            d.outcome.summary(d.action.timeout)
        );
        if !d.outcome.output.is_empty() {
            message.push_str("\nLast output:\n");
            message.push_str(&d.outcome.output);
        }
        let ev = IncidentEvent {
            at: d.at,
            kind: IncidentEventKind::RecoveryAction,
            message,
        };
        let incident = match self.trackers.get_mut(&d.monitor) {
            Some(t) => t.on_finished(d.index, d.outcome.ok, d.outcome.exit_code, ev.clone()),
            None => None,
        };
        if d.outcome.ok {
            tracing::info!(monitor = %name, summary = %ev.message, "recovery action done");
        } else {
            tracing::warn!(monitor = %name, summary = %ev.message, "recovery action failed");
        }
        let event = CoreEvent::RecoveryAction {
            monitor_id: d.monitor,
            monitor: name,
            incident,
            action: d.action.kind,
            attempt: d.attempt,
            max_attempts: d.action.max_attempts,
            outcome: d.outcome,
            at: d.at,
        };
        let rt = self.rt.clone();
        let id = d.monitor;
        self.tasks.spawn(async move {
            if let Some(inc) = incident {
                record_events(rt.store().clone(), inc, vec![ev]).await;
            }
            rt.publish(event);
            if let Err(e) = rt.check_now(id).await {
                tracing::debug!(monitor_id = %id, error = %e, "no re-check after the recovery action");
            }
        });
    }

    /// Writes timeline entries on a task of their own.
    /// A simulated outage's recovery actions: what would have run, on its incident's timeline.
    fn dry_run(&mut self, monitor: MonitorId, incident: Option<IncidentId>) {
        let (Some(m), Some(incident)) = (self.monitors.get(&monitor), incident) else {
            return;
        };
        let at = self.rt.now();
        let evs: Vec<IncidentEvent> = m
            .recovery
            .iter()
            .map(|a| IncidentEvent {
                at,
                kind: IncidentEventKind::RecoveryAction,
                message: format!(
                    "Dry run (simulated outage): would run {}",
                    a.kind.describe()
                ),
            })
            .collect();
        if !evs.is_empty() {
            self.record(incident, evs);
        }
    }

    fn record(&mut self, incident: IncidentId, evs: Vec<IncidentEvent>) {
        let store = self.rt.store().clone();
        self.tasks.spawn(record_events(store, incident, evs));
    }

    /// Sends `notice` to every configured channel, each on its own task.
    fn notify(&mut self, notice: AlertNotice) {
        let rt = self.rt.clone();
        let client = self.client.clone();
        let delays = self.opts.retry_delays.clone();
        self.tasks.spawn(async move {
            let store = rt.store().clone();
            let chans = match tokio::task::spawn_blocking(move || channels(&store)).await {
                Ok(Ok(c)) => c,
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "cannot read the alert channels");
                    return;
                }
                Err(_) => return,
            };
            let notice = Arc::new(notice);
            let mut sends = JoinSet::new();
            for c in chans {
                sends.spawn(deliver_to(
                    rt.clone(),
                    client.clone(),
                    c,
                    notice.clone(),
                    delays.clone(),
                ));
            }
            while sends.join_next().await.is_some() {}
        });
    }
}

async fn deliver_to(
    rt: Runtime,
    client: Option<reqwest::Client>,
    channel: Channel,
    notice: Arc<AlertNotice>,
    delays: Vec<Duration>,
) {
    let body = notice.body(channel.format);
    let (result, tries) = channel::deliver(client.as_ref(), &channel.url, &body, &delays).await;
    let label = channel.label();
    let status = notice.status.as_str();
    let plural = if tries == 1 { "try" } else { "tries" };
    let message = match &result {
        Ok(()) => {
            tracing::info!(monitor = %notice.monitor, channel = %label, status, tries, "alert sent");
            format!("Sent {status} to {label} ({tries} {plural})")
        }
        Err(e) => {
            tracing::warn!(monitor = %notice.monitor, channel = %label, status, tries, error = %e, "alert not sent");
            format!("Could not send {status} to {label} after {tries} {plural}: {e}")
        }
    };
    let at = Utc::now().trunc_subsecs(3);
    if let Some(inc) = notice.incident {
        let ev = IncidentEvent {
            at,
            kind: IncidentEventKind::Notification,
            message,
        };
        record_events(rt.store().clone(), inc, vec![ev]).await;
    }
    rt.publish(CoreEvent::AlertSent {
        monitor_id: notice.monitor_id,
        monitor: notice.monitor.clone(),
        incident: notice.incident,
        channel: label,
        format: channel.format,
        status: notice.status,
        ok: result.is_ok(),
        tries,
        error: result.err().map(|e| e.to_string()),
        at,
    });
}

async fn record_events(store: Store, incident: IncidentId, evs: Vec<IncidentEvent>) {
    let done = tokio::task::spawn_blocking(move || {
        evs.iter()
            .try_for_each(|ev| store.add_incident_event(incident, ev))
    })
    .await;
    match done {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            tracing::error!(incident = %incident, error = %e, "cannot record on the incident timeline")
        }
        Err(e) => {
            tracing::error!(incident = %incident, error = %e, "cannot record on the incident timeline")
        }
    }
}
