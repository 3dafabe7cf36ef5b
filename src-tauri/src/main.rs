//! `lookout-desktop`: Lookout in the tray.
//!
//! A thin shell over `lookout-core`: it opens the store, starts the core [`Runtime`] on
//! Tauri's tokio runtime (never a second one), and then only presents what the core reports:
//!
//! - [`tray`]: the overall-status icon, tooltip and menu (pure mapping + the live icon);
//! - [`notify`]: notification texts for the core's alert events;
//! - [`bridge`]: core events → tray refresh, notifications, and the dashboard's live updates;
//! - [`windows`]: the dashboard window, opened on demand and destroyed when closed;
//! - [`commands`]: the `#[tauri::command]`s the dashboard calls;
//! - [`history`]: shapes stored history for the dashboard rows;
//! - [`damaged`]: the window shown instead when the database is damaged.
//!
//! The app outlives its windows: closing the last one never quits; the tray's Quit does, after
//! a clean engine shutdown.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bridge;
mod commands;
mod damaged;
mod history;
mod memory;
mod notify;
mod tray;
mod windows;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use commands::metrics::Metrics;
use lookout_core::daemon::{Daemon, DaemonOptions};
use lookout_core::paths;
use lookout_core::storage::{Store, StoreError};
use tauri::{AppHandle, Manager, RunEvent};

use commands::Core;

/// Lookout in the tray: watches your services and tells you when one goes down.
#[derive(Debug, Parser)]
#[command(name = "lookout-desktop", version)]
struct Args {
    /// Where the database lives (else $LOOKOUT_DATA_DIR, else ~/.local/share/lookout).
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Also open the dashboard window (otherwise Lookout starts in the tray only).
    #[arg(long)]
    open_dashboard: bool,
}

/// How the app is stopping. `stopping` is set once by Quit or by a restore (the engine stops
/// once); `restoring` keeps the app alive through a restore even if its last window closes;
/// `quit_asked` makes a restore end in an exit instead of a restart (Quit or SIGTERM came
/// meanwhile).
#[derive(Default)]
struct Quitting {
    stopping: AtomicBool,
    restoring: AtomicBool,
    quit_asked: AtomicBool,
}

/// The engine with its action dispatcher and logind listener, as `lookout run` runs them;
/// stopped on Quit, in the core's one shutdown order.
struct Running(Daemon);

fn main() -> anyhow::Result<()> {
    let launched = Instant::now();
    keep_gtk_off_the_gpu();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,lookout_desktop=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let data_dir = paths::data_dir(args.data_dir.as_deref())
        .context("no data directory: pass --data-dir DIR or set LOOKOUT_DATA_DIR")?;
    let restored = commands::backups::LastRestore::read(&data_dir);
    let after_restore = restored.is_set();

    let app = tauri::Builder::default()
        // First, so a second launch hands over to the running instance before opening the store.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if app.try_state::<Running>().is_none() {
                if let Err(e) = damaged::open_window(app) {
                    tracing::error!(error = %e, "could not show the damaged database window");
                }
                return;
            }
            tracing::info!("second launch: bringing the dashboard forward");
            windows::open_or_log(app, None);
        }))
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        .manage(Quitting::default())
        .manage(restored)
        .invoke_handler(tauri::generate_handler![
            commands::monitors::list_monitors,
            commands::monitors::get_monitor,
            commands::monitors::monitors_history,
            commands::monitors::add_monitor,
            commands::monitors::update_monitor,
            commands::monitors::remove_monitor,
            commands::monitors::set_paused,
            commands::monitors::set_all_paused,
            commands::monitors::snooze_monitor,
            commands::monitors::test_spec,
            commands::monitors::simulate_outage,
            commands::incidents::list_incidents,
            commands::incidents::get_incident,
            commands::incidents::save_report,
            commands::maintenance::list_maintenance,
            commands::maintenance::add_maintenance,
            commands::maintenance::remove_maintenance,
            commands::summary::get_summary,
            commands::settings::get_settings,
            commands::metrics::get_metrics_listen,
            commands::metrics::set_metrics_listen,
            commands::language::get_language,
            commands::language::set_language,
            commands::settings::set_start_at_login,
            commands::settings::get_reference_targets,
            commands::settings::set_reference_targets,
            commands::settings::reset_reference_targets,
            commands::notify::send_test_notification,
            damaged::damaged_info,
            damaged::start_fresh,
            damaged::restore_backup,
            commands::backups::list_daily_backups,
            commands::backups::restore_daily_backup,
            commands::transfer::import_preview,
            commands::transfer::import_monitors,
            commands::transfer::export_monitors,
        ])
        .setup(move |app| {
            match start(app.handle(), &data_dir, launched) {
                Ok(()) if after_restore => {
                    windows::open_dashboard(app.handle(), Some(commands::backups::ROUTE))?
                }
                Ok(()) if args.open_dashboard => windows::open_dashboard(app.handle(), None)?,
                Ok(()) => {}
                Err(e) => {
                    let Some(store_error) = e
                        .downcast_ref::<StoreError>()
                        .filter(|e| e.damaged_file().is_some())
                    else {
                        return Err(e.into());
                    };
                    tracing::error!(error = %store_error, "the database is damaged; asking what to do");
                    let db = paths::db_path(&data_dir);
                    app.manage(damaged::Damaged::new(&data_dir, &db, store_error, launched));
                    damaged::open_window(app.handle())?;
                }
            }
            Ok(())
        })
        .build(tauri::generate_context!())
        .context("could not start the desktop app")?;

    app.run(|app, event| {
        if let RunEvent::ExitRequested { code, api, .. } = event {
            // `code` is None when the last window closed: a tray app keeps running (unless
            // nothing runs: the damaged-database window closed without a choice).
            let running = app.try_state::<Running>().is_some();
            let q = app.state::<Quitting>();
            let stopping = q.stopping.load(Ordering::SeqCst);
            if code.is_none() && ((running && !stopping) || q.restoring.load(Ordering::SeqCst)) {
                api.prevent_exit();
                memory::shed_when_settled(app);
            }
        }
    });
    Ok(())
}

/// Lookout lives in the tray all day, and GTK probes OpenGL when it opens the display: on Mesa
/// that maps the GL driver and libLLVM, about 50 MiB of the tray-only process's 135 MiB RSS
/// (see MEASUREMENTS.md). The dashboard is a plain page that needs no GPU, so GTK's GL is off
/// unless the user asks otherwise (`GDK_GL` already set, or `LOOKOUT_WEBVIEW_GPU=1`). A side
/// effect on machines without a working GPU: no blank or stale WebKit windows.
fn keep_gtk_off_the_gpu() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("GDK_GL").is_none()
        && std::env::var_os("LOOKOUT_WEBVIEW_GPU").is_none_or(|v| v != "1")
    {
        // Before any thread starts: nothing else reads the environment concurrently.
        std::env::set_var("GDK_GL", "disable");
    }
}

/// Opens the store, starts the engine, the tray and the bridge. A damaged database is a
/// [`StoreError`] inside the error, for the caller to offer the way back ([`damaged`]).
pub(crate) fn start(
    app: &AppHandle,
    data_dir: &std::path::Path,
    launched: Instant,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("could not create the data directory {}", data_dir.display()))?;
    let db = paths::db_path(data_dir);
    let store = Store::open(&db).with_context(|| format!("could not open {}", db.display()))?;
    // Before the tray's first words; the engine keeps it in step with the setting after.
    lookout_core::i18n::set(
        lookout_core::settings::language(&store).unwrap_or_else(|_| lookout_core::i18n::from_env()),
    );
    // On Tauri's tokio runtime (never a second one).
    let daemon = tauri::async_runtime::block_on(Daemon::start(store, DaemonOptions::default()))
        .context("could not start the monitoring engine")?;
    let rt = daemon.runtime().clone();
    let metrics = tauri::async_runtime::block_on(commands::metrics::serve(&rt));
    app.manage(Core(rt.clone()));
    app.manage(commands::backups::DataDir(data_dir.to_path_buf()));
    app.manage(Running(daemon));
    app.manage(Metrics(tokio::sync::Mutex::new(metrics)));

    // Monitoring works without a tray (some desktops have none): a failure is only logged.
    let tray = match tray::Tray::create(app, on_menu) {
        Ok(t) => {
            tracing::info!(
                elapsed_ms = launched.elapsed().as_millis() as u64,
                data_dir = %data_dir.display(),
                "tray icon ready"
            );
            Some(Arc::new(t))
        }
        Err(e) => {
            tracing::warn!(error = %e, "no tray icon; monitoring continues");
            None
        }
    };
    bridge::spawn(app.clone(), rt, tray);
    quit_on_signal(app.clone());
    memory::shed_when_settled(app);
    Ok(())
}

fn on_menu(app: &AppHandle, id: &str) {
    use tray::ids;
    let rt = app.state::<Core>().0.clone();
    match id {
        ids::OPEN | ids::MORE => windows::open_or_log(app, None),
        ids::ADD => windows::open_or_log(app, Some("/monitors/new")),
        ids::MAINTENANCE => windows::open_or_log(app, Some("/maintenance")),
        ids::SUMMARY => windows::open_or_log(app, Some("/summary")),
        ids::PAUSE_ALL | ids::RESUME_ALL => {
            let pause = id == ids::PAUSE_ALL;
            tauri::async_runtime::spawn(async move {
                if let Err(e) = rt.set_all_paused(pause).await {
                    tracing::error!(error = %e, pause, "could not pause or resume all");
                }
            });
        }
        ids::TEST_NOTIFICATION => {
            tauri::async_runtime::spawn(async move {
                for c in commands::notify::send_test(&rt).await {
                    match c.error {
                        None => tracing::info!(check = %c.name, ok = c.ok, "test notification"),
                        Some(e) => {
                            tracing::warn!(check = %c.name, error = %e, "test notification failed")
                        }
                    }
                }
            });
        }
        ids::QUIT => quit(app.clone()),
        other => {
            if let Some((monitor, length)) = tray::parse_snooze_id(other) {
                snooze_from_tray(rt, monitor, length);
            } else if let Some(m) = other.strip_prefix(ids::MONITOR_PREFIX) {
                windows::open_or_log(app, Some(&format!("/monitors/{m}")));
            }
        }
    }
}

/// A monitor's Snooze submenu: holds (or lifts) its notifications. The core's
/// `snooze_changed` redraws the menu, as it does for a snooze set from the CLI.
fn snooze_from_tray(
    rt: lookout_core::runtime::Runtime,
    monitor: lookout_core::model::MonitorId,
    length: Option<commands::monitors::SnoozeFor>,
) {
    tauri::async_runtime::spawn(async move {
        let result = match commands::monitors::snooze_until(length, chrono::Utc::now()) {
            Ok(until) => rt.snooze(monitor, until).await.map_err(|e| e.to_string()),
            Err(e) => Err(e.message),
        };
        if let Err(e) = result {
            tracing::error!(error = %e, %monitor, "could not snooze from the tray");
        }
    });
}

/// Stops the daemon (logind, recovery actions and alert deliveries, bounded, then the
/// engine), then exits.
fn quit(app: AppHandle) {
    let q = app.state::<Quitting>();
    q.quit_asked.store(true, Ordering::SeqCst);
    // Already stopping: for a restore, its end sees `quit_asked` and exits.
    if q.stopping.swap(true, Ordering::SeqCst) {
        return;
    }
    tauri::async_runtime::spawn(async move {
        stop_engine(&app).await;
        app.exit(0);
    });
}

/// The one stopping order, for Quit and for a restore: metrics, then the daemon with its last
/// results written. The database is free afterwards.
pub(crate) async fn stop_engine(app: &AppHandle) {
    tracing::info!("stopping recovery actions, alert channels and the engine");
    if let Some(m) = app.state::<Metrics>().0.lock().await.take() {
        m.shutdown().await;
    }
    if let Err(e) = app.state::<Running>().0.shutdown().await {
        tracing::error!(error = %e, "the last check results could not be written");
    }
}

/// SIGTERM / SIGINT take the same clean path as the tray's Quit.
fn quit_on_signal(app: AppHandle) {
    #[cfg(unix)]
    tauri::async_runtime::spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
        quit(app);
    });
}
