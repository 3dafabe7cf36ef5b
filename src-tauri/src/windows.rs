//! The dashboard window: open it, or bring it forward if it is already open.
//!
//! Closing the window destroys its webview (Tauri's default), so a tray-only Lookout gives
//! WebKit's memory back; `main.rs` keeps the app alive when the last window closes.

use tauri::{AppHandle, Emitter, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

/// The dashboard window's label; its capability file is `capabilities/dashboard.json`.
pub const DASHBOARD: &str = "dashboard";
/// The UI event that moves an open dashboard to a route (`/monitors/new`, `/incidents/7`).
pub const NAVIGATE_EVENT: &str = "navigate";

/// Opens the dashboard at `route` (a hash route such as `/monitors/new`), or focuses it.
pub fn open_dashboard<R: Runtime>(app: &AppHandle<R>, route: Option<&str>) -> tauri::Result<()> {
    if let Some(w) = app.get_webview_window(DASHBOARD) {
        if let Some(route) = route {
            w.emit_to(DASHBOARD, NAVIGATE_EVENT, route)?;
        }
        let _ = w.unminimize();
        w.show()?;
        w.set_focus()?;
        return Ok(());
    }
    // The first route is handed over before any page script runs, so the page renders the
    // right view first instead of flashing the dashboard.
    let route_json = serde_json::to_string(route.unwrap_or("/")).unwrap_or_else(|_| "\"/\"".into());
    WebviewWindowBuilder::new(app, DASHBOARD, WebviewUrl::App("index.html".into()))
        .title("Lookout")
        .inner_size(1100.0, 760.0)
        .min_inner_size(420.0, 360.0)
        .initialization_script(format!("window.__LOOKOUT_ROUTE__ = {route_json};"))
        // A file dropped on the window reaches the page (the Import page's preview) as an
        // HTML drop; Tauri's own handler would keep it and hand over only a path.
        .disable_drag_drop_handler()
        // The dashboard is the app's own pages only: a link, or anything dropped or injected,
        // cannot take the window (and its IPC) elsewhere.
        .on_navigation(is_app_page)
        .build()?;
    Ok(())
}

/// Whether `url` is one of the app's own pages (`tauri://localhost/...`, or
/// `http://tauri.localhost/...` where the platform serves them so).
fn is_app_page(url: &tauri::Url) -> bool {
    url.scheme() == "tauri" || url.host_str() == Some("tauri.localhost")
}

/// Opens the dashboard from a context that cannot return an error (menu, notification click).
pub fn open_or_log<R: Runtime>(app: &AppHandle<R>, route: Option<&str>) {
    if let Err(e) = open_dashboard(app, route) {
        tracing::error!(error = %e, ?route, "could not open the dashboard");
    }
}
