//! Generates an `allow-<command>` permission for each app command, so a window can call only
//! the commands its capability file grants (without the manifest every command is allowed).
//! Then the stubs that load WebKit when the first window opens (`build/lazy_webkit.rs`).

#[path = "build/lazy_webkit.rs"]
mod lazy_webkit;

fn main() {
    lazy_webkit::build();
    // The binary exported the bundled SQLite's functions that libsoup and WebKit reference,
    // so those bound to our copy, and a function the binary lacked would come from the
    // system's: two SQLite copies on one database handle. Exporting none keeps them on theirs.
    println!("cargo:rustc-link-arg-bins=-Wl,--exclude-libs,ALL");
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "list_monitors",
            "get_monitor",
            "monitors_history",
            "add_monitor",
            "update_monitor",
            "remove_monitor",
            "set_paused",
            "set_all_paused",
            "snooze_monitor",
            "test_spec",
            "simulate_outage",
            "list_incidents",
            "get_incident",
            "save_report",
            "list_maintenance",
            "add_maintenance",
            "remove_maintenance",
            "get_summary",
            "get_settings",
            "get_language",
            "get_metrics_listen",
            "set_metrics_listen",
            "set_language",
            "set_start_at_login",
            "get_reference_targets",
            "set_reference_targets",
            "reset_reference_targets",
            "send_test_notification",
            "damaged_info",
            "start_fresh",
            "restore_backup",
            "list_daily_backups",
            "restore_daily_backup",
            "import_preview",
            "import_monitors",
            "export_monitors",
        ]),
    ))
    .expect("failed to run the Tauri build script")
}
