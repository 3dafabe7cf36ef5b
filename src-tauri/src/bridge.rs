//! The bridge from the core to the desktop: every [`CoreEvent`] goes to the dashboard (when it
//! is open), alert events become native notifications, and status changes refresh the tray.
//!
//! The core decides *what* is worth telling and in which words (its thresholds emit `Alert*`
//! events, [`lookout_core::notice`] words them, a drill's say so, overdue monitors are told
//! together); the bridge only decides *how* ([`notify::show`]). The shell never polls the
//! database or keeps timers for what it could be told: a snooze set anywhere, or running out,
//! is a `snooze_changed` event.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{SubsecRound, Utc};
use lookout_core::events::CoreEvent;
use lookout_core::model::{IncidentEvent, IncidentEventKind, MonitorId};
use lookout_core::notice::{self, Notice, Presenter};
use lookout_core::runtime::Runtime;
use lookout_core::storage::Store;
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

use crate::notify;
use crate::tray::{self, Tray};
use crate::windows::{self, DASHBOARD};

/// Every core event, as the core serializes it (`{"event":"status_changed",...}`).
pub const CORE_EVENT: &str = "core-event";
/// The language changed: `{language, setting, catalogue, said_en}`
/// ([`crate::commands::language`]).
pub const LANGUAGE_EVENT: &str = "language_changed";
/// Sent when the bridge fell behind and dropped events: the UI reloads everything.
pub const RESYNC_EVENT: &str = "core-resync";

/// Starts the bridge task on Tauri's async runtime; it ends when the core shuts down.
pub fn spawn(app: AppHandle, rt: Runtime, tray: Option<Arc<Tray<tauri::Wry>>>) {
    let mut rx = rt.subscribe();
    let notifier = spawn_notifier(app.clone(), rt.store().clone());
    tauri::async_runtime::spawn(async move {
        refresh_tray(&app, &rt, tray.as_deref());
        let mut presenter = Presenter::default();
        let mut tray_dirty = false;
        loop {
            tokio::select! {
                received = rx.recv() => match received {
                    Ok(ev) => {
                        tray_dirty |= matches!(
                            ev,
                            CoreEvent::StatusChanged { .. }
                                | CoreEvent::OverallChanged { .. }
                                | CoreEvent::MonitorsChanged
                                | CoreEvent::SnoozeChanged { .. }
                                | CoreEvent::LanguageChanged { .. }
                        );
                        if matches!(ev, CoreEvent::LanguageChanged { .. }) {
                            language_to_ui(&app, &rt).await;
                        }
                        if let Some(text) = presenter.on_event(&ev, Instant::now(), &chrono::Local) {
                            notify_job(&notifier, text, &ev);
                        }
                        to_ui(&app, CORE_EVENT, &ev);
                    }
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "bridge fell behind the core's events");
                        tray_dirty = true;
                        to_ui(&app, RESYNC_EVENT, &missed);
                    }
                    Err(RecvError::Closed) => break,
                },
                _ = until(presenter.deadline()) => {
                    if let Some(text) = presenter.flush() {
                        let _ = notifier.send(Job::plain(text));
                    }
                }
            }
            // Coalesce bursts (a thousand monitors changing at once) into one tray update.
            if tray_dirty && rx.is_empty() {
                refresh_tray(&app, &rt, tray.as_deref());
                tray_dirty = false;
            }
        }
        tracing::debug!("bridge stopped");
    });
}

/// Waits until `deadline`; forever when there is none.
async fn until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

fn refresh_tray(app: &AppHandle, rt: &Runtime, tray: Option<&Tray<tauri::Wry>>) {
    if let Some(tray) = tray {
        let snap = rt.snapshot();
        let snoozes = tray::active_snoozes(&rt.snoozes(), Utc::now());
        if let Err(e) = tray.show(app, &snap.health, &snap.monitors, &snoozes) {
            tracing::warn!(error = %e, "could not update the tray icon");
        }
    }
}

/// Every open page gets the new catalogue with the setting that chose it.
async fn language_to_ui(app: &AppHandle, rt: &Runtime) {
    let setting = rt
        .store()
        .blocking(|s| Ok(crate::commands::language::stored_setting(s)))
        .await
        .unwrap_or_else(|_| lookout_core::i18n::AUTO.to_string());
    let view = crate::commands::language::LanguageView::new(setting);
    if let Err(e) = app.emit(LANGUAGE_EVENT, view) {
        tracing::debug!(error = %e, "could not tell the pages the language");
    }
}

fn to_ui<S: serde::Serialize + Clone>(app: &AppHandle, event: &str, payload: &S) {
    // Serializing costs nothing when no dashboard is open to receive it.
    if app.get_webview_window(DASHBOARD).is_some() {
        if let Err(e) = app.emit_to(DASHBOARD, event, payload.clone()) {
            tracing::debug!(error = %e, "could not emit to the dashboard");
        }
    }
}

/// One notification to show, in the order the core reported it.
struct Job {
    text: Notice,
    /// An `alert_resolved`: remember its id, a "restarted automatically" may replace it.
    is_recovery: bool,
    /// A `recovery_healed`: replace the monitor's last recovery notification.
    replaces_recovery: bool,
}

impl Job {
    /// A notification that neither replaces nor may be replaced (grouped overdue monitors).
    fn plain(text: Notice) -> Self {
        Job {
            text,
            is_recovery: false,
            replaces_recovery: false,
        }
    }
}

/// Shows notifications one at a time on a thread of their own: notify-rust blocks on D-Bus,
/// and one worker keeps DOWN before UP and lets a follow-up replace the notification it
/// belongs to (by id). Each one about an incident goes on its timeline, so the incident's
/// report lists the notifications as it lists webhook deliveries. The thread ends when the
/// bridge drops the sender.
fn spawn_notifier(app: AppHandle, store: Store) -> std::sync::mpsc::Sender<Job> {
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    let spawned = std::thread::Builder::new()
        .name("notifier".into())
        .spawn(move || {
            let mut recoveries: HashMap<MonitorId, u32> = HashMap::new();
            for job in rx {
                let text = job.text;
                let replaces = match (job.replaces_recovery, text.monitor) {
                    (true, Some(m)) => recoveries.get(&m).copied(),
                    _ => None,
                };
                let route = match (text.incident, text.monitor) {
                    (Some(id), _) => format!("/incidents/{}", id.0),
                    (None, Some(m)) => format!("/monitors/{}", m.0),
                    (None, None) => "/".to_string(),
                };
                let on_click = {
                    let app = app.clone();
                    Box::new(move || windows::open_or_log(&app, Some(&route)))
                        as Box<dyn FnOnce() + Send>
                };
                let shown = notify::show(&text, replaces, Some(on_click));
                let at = Utc::now().trunc_subsecs(3);
                let message = match &shown {
                    Ok(id) => {
                        if let (true, Some(m)) = (job.is_recovery, text.monitor) {
                            recoveries.insert(m, *id);
                        }
                        tracing::info!(summary = %text.summary, "notified");
                        lookout_core::said!(
                            "timeline-desktop-notification",
                            summary = text.summary.as_str()
                        )
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, summary = %text.summary, "could not show a notification");
                        lookout_core::said!(
                            "timeline-desktop-notification-failed",
                            summary = text.summary.as_str(),
                            error = e.to_string()
                        )
                    }
                };
                if let Some(incident) = text.incident {
                    let ev = IncidentEvent {
                        at,
                        kind: IncidentEventKind::Notification,
                        message,
                    };
                    if let Err(e) = store.add_incident_event(incident, &ev) {
                        tracing::warn!(error = %e, %incident, "could not note the notification on the incident");
                    }
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "no notification thread; notifications are off");
    }
    tx
}

/// Hands `event`'s notification (`text`) to the notifier thread.
fn notify_job(notifier: &std::sync::mpsc::Sender<Job>, text: Notice, event: &CoreEvent) {
    let _ = notifier.send(Job {
        text,
        is_recovery: notice::is_recovery(event),
        replaces_recovery: notice::replaces_recovery(event),
    });
}
