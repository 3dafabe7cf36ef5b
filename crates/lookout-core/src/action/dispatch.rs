//! The dispatcher: one task on the runtime's events that starts recovery actions and alert
//! deliveries, each on a task of its own, and records what they did.
//!
//! A drill's events say `simulated`: they run no action and go to no channel; at the drill's
//! end, what its recovery actions would have run goes on its incident's timeline.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::channel::{self, AlertNotice, Channel};
use super::{exec, ActionOptions};
use crate::events::{ActionOutcome as Outcome, AlertStatus, CoreEvent};
use crate::fault::caught;
use crate::model::{
    ActionKind, IncidentEvent, IncidentEventKind, IncidentId, MonitorId, RuleKind, Status,
};
use crate::monitor::Monitor;
use crate::notice;
use crate::recovery::{RecoveryAction, Tracker};
use crate::runtime::Runtime;
use crate::storage::{IncidentFilter, Store};

/// A finished attempt, reported back to the dispatcher, which owns the trackers.
pub(super) struct Done {
    monitor: MonitorId,
    index: usize,
    action: RecoveryAction,
    attempt: u32,
    at: DateTime<Utc>,
    outcome: Outcome,
}

pub(super) struct Dispatcher {
    pub rt: Runtime,
    pub opts: ActionOptions,
    pub client: Option<reqwest::Client>,
    pub monitors: HashMap<MonitorId, Arc<Monitor>>,
    /// Only monitors with recovery actions have one.
    pub trackers: HashMap<MonitorId, Tracker>,
    /// An episode an action healed, ended by its `incident_resolved`, which is committed and
    /// so announced before its `alert_resolved`: the alert still says who healed it.
    pub healed: HashMap<MonitorId, (IncidentId, crate::recovery::Healed)>,
    /// Every action, delivery and record in flight: owned, so shutdown can bound them.
    pub tasks: JoinSet<()>,
    pub done_tx: mpsc::UnboundedSender<Done>,
}

impl Dispatcher {
    pub async fn run(
        mut self,
        mut events: crate::runtime::Events,
        mut done_rx: mpsc::UnboundedReceiver<Done>,
        mut stop: watch::Receiver<bool>,
    ) {
        self.reload(true).await;
        loop {
            tokio::select! {
                _ = stop.changed() => break,
                ev = events.recv() => match ev {
                    Ok(e) => {
                        let applied = caught(self.on_event(e)).await;
                        self.survive(applied).await;
                    }
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "recovery actions and alert channels missed events");
                    }
                    Err(RecvError::Closed) => break,
                },
                Some(done) = done_rx.recv() => {
                    let applied = caught(async { self.on_done(done) }).await;
                    self.survive(applied).await;
                }
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

    /// After a panic while handling one event (see [`crate::fault`]): says so and goes on with
    /// the next, the monitors read again. Actions already running go on.
    async fn survive(&mut self, applied: Result<(), String>) {
        if let Err(message) = applied {
            tracing::error!(%message, "the action dispatcher panicked; it goes on");
            self.rt.publish(CoreEvent::EngineFault {
                task: crate::said!("reason-task-dispatcher"),
                message,
                at: self.rt.now(),
            });
            self.reload(false).await;
        }
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
        // Its own faults come back as events: nothing to act on, and no loop if one recurs.
        if matches!(e, CoreEvent::EngineFault { .. }) {
            return;
        }
        crate::fault::inject("dispatcher");
        if notice::is_simulated(&e) {
            // A drill: nothing runs, nothing goes to a channel (see the module's header).
            return;
        }
        // The words of the alert, the same as the desktop notification's.
        let words = notice::text_for(&e, &Utc);
        match e {
            CoreEvent::SimulationEnded {
                monitor_id,
                incident,
                ..
            } => self.dry_run(monitor_id, incident),
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
                since,
                at,
                failures,
                threshold,
                ..
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
                let words = words.unwrap_or_else(|| fallback(&monitor, rule));
                self.notify(AlertNotice {
                    id: AlertNotice::alert_id(monitor_id, rule, since),
                    monitor_id,
                    monitor,
                    rule,
                    severity,
                    status: AlertStatus::Triggered,
                    incident,
                    at,
                    title: words.summary,
                    description: words.body,
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
                ..
            } => {
                let mut words = words.unwrap_or_else(|| fallback(&monitor, rule));
                if rule == RuleKind::Down {
                    let earlier = self
                        .healed
                        .remove(&monitor_id)
                        .filter(|(i, _)| Some(*i) == incident)
                        .map(|(_, h)| h);
                    let healed = self.trackers.get_mut(&monitor_id).and_then(|t| {
                        let h = t.on_resolved().or(earlier)?;
                        Some((t.actions().get(h.action)?.kind.clone(), h))
                    });
                    if let Some((action, h)) = healed {
                        let message = crate::said!(
                            "timeline-healed",
                            monitor = monitor.as_str(),
                            command = action.describe()
                        );
                        // English keeps the exact length it always gave (`1h 5m 3s`).
                        let lasted = match crate::i18n::current() {
                            crate::i18n::Lang::En => crate::runtime::human_secs(duration_s),
                            _ => crate::i18n::duration(duration_s),
                        };
                        words.body = crate::t!(
                            "notice-healed-body",
                            reason = crate::i18n::word(&message).into_owned(),
                            duration = lasted
                        );
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
                    title: words.summary,
                    description: words.body,
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
                    if let Some(h) = t.on_resolved() {
                        self.healed.insert(monitor_id, (incident, h));
                    }
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
        let mut message = crate::said!(
            match &d.action.kind {
                ActionKind::Run(_) => "timeline-recovery-action",
                ActionKind::Webhook(_) => "timeline-recovery-webhook",
            },
            command = d.action.kind.describe(),
            attempt = d.attempt,
            attempts = d.action.max_attempts,
            reason = d.outcome.summary(d.action.timeout)
        );
        if !d.outcome.output.is_empty() {
            message = crate::said!(
                "timeline-last-output",
                reason = message,
                output = d.outcome.output.as_str()
            );
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
                message: crate::said!("timeline-dry-run", command = a.kind.describe()),
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
            let chans = match tokio::task::spawn_blocking(move || channel::channels(&store)).await {
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

/// Words for an alert `text_for` has none for (it words every alert: a backstop).
fn fallback(monitor: &str, rule: RuleKind) -> notice::Notice {
    notice::Notice {
        summary: format!("{monitor} is {}", rule.status()),
        body: String::new(),
        urgency: notice::Urgency::Normal,
        monitor: None,
        incident: None,
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
    let message = match &result {
        Ok(()) => {
            tracing::info!(monitor = %notice.monitor, channel = %label, status, tries, "alert sent");
            crate::said!(
                "timeline-sent",
                status = status,
                channel = label.as_str(),
                tries = tries
            )
        }
        Err(e) => {
            tracing::warn!(monitor = %notice.monitor, channel = %label, status, tries, error = %e, "alert not sent");
            crate::said!(
                "timeline-not-sent",
                status = status,
                channel = label.as_str(),
                tries = tries,
                error = e.to_string()
            )
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
