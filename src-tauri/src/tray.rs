//! The tray icon: which picture, which tooltip and which menu for the monitors' current states.
//!
//! [`TrayLook::for_states`] and [`menu_entries`] are pure, so every combination of states is unit
//! tested without a display; [`Tray`] only applies their output to the real Tauri tray icon.
//! The icons differ in shape as well as colour (check, triangle with "!", octagon with a cross,
//! hollow ring with a dash) so they read for colour-blind users too.

use lookout_core::model::{MonitorState, Status};
use tauri::image::Image;
use tauri::menu::{Menu, MenuBuilder, MenuItemBuilder};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Runtime};

/// The tray icon's id, for `app.tray_by_id`.
pub const TRAY_ID: &str = "lookout";
/// At most this many monitors are listed in the menu; the rest are behind "Open dashboard".
pub const MENU_MONITORS: usize = 12;

/// Menu item ids, matched in `main.rs`'s menu handler.
pub mod ids {
    pub const OPEN: &str = "open";
    pub const ADD: &str = "add";
    pub const PAUSE_ALL: &str = "pause_all";
    pub const RESUME_ALL: &str = "resume_all";
    pub const TEST_NOTIFICATION: &str = "test_notification";
    pub const QUIT: &str = "quit";
    pub const MORE: &str = "more";
    /// Followed by the monitor id: `monitor:7`.
    pub const MONITOR_PREFIX: &str = "monitor:";
}

/// Which of the four tray pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayIconKind {
    /// Every active monitor with a result is UP.
    Up,
    /// None DOWN, at least one DEGRADED.
    Degraded,
    /// At least one DOWN.
    Down,
    /// No monitors, all paused or in maintenance, or no results yet.
    Unknown,
}

impl TrayIconKind {
    pub fn png(self) -> &'static [u8] {
        match self {
            TrayIconKind::Up => include_bytes!("../../icons/tray-up.png"),
            TrayIconKind::Degraded => include_bytes!("../../icons/tray-degraded.png"),
            TrayIconKind::Down => include_bytes!("../../icons/tray-down.png"),
            TrayIconKind::Unknown => include_bytes!("../../icons/tray-unknown.png"),
        }
    }
}

/// How many monitors are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub up: usize,
    pub degraded: usize,
    pub down: usize,
    pub paused: usize,
    pub unknown: usize,
    pub maintenance: usize,
}

impl StatusCounts {
    pub fn of<I: IntoIterator<Item = Status>>(statuses: I) -> Self {
        let mut c = StatusCounts::default();
        for s in statuses {
            match s {
                Status::Up => c.up += 1,
                Status::Degraded => c.degraded += 1,
                Status::Down => c.down += 1,
                Status::Paused => c.paused += 1,
                Status::Unknown => c.unknown += 1,
                Status::Maintenance => c.maintenance += 1,
                // Overall only; a monitor never reports it. Counted as not judged.
                Status::Offline => c.unknown += 1,
            }
        }
        c
    }
}

/// The tray's picture and tooltip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayLook {
    pub icon: TrayIconKind,
    pub tooltip: String,
}

impl TrayLook {
    /// The worst active status decides the picture; the tooltip counts every non-zero status,
    /// worst last as people read it: `Lookout — 5 up, 1 down`.
    pub fn for_counts(c: StatusCounts) -> TrayLook {
        let icon = if c.down > 0 {
            TrayIconKind::Down
        } else if c.degraded > 0 {
            TrayIconKind::Degraded
        } else if c.up > 0 {
            TrayIconKind::Up
        } else {
            TrayIconKind::Unknown
        };
        let parts: Vec<String> = [
            (c.up, "up"),
            (c.degraded, "degraded"),
            (c.down, "down"),
            (c.unknown, "pending"),
            (c.maintenance, "in maintenance"),
            (c.paused, "paused"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {word}"))
        .collect();
        let tooltip = if parts.is_empty() {
            "Lookout — no monitors".to_string()
        } else {
            format!("Lookout — {}", parts.join(", "))
        };
        TrayLook { icon, tooltip }
    }

    pub fn for_states(states: &[MonitorState]) -> TrayLook {
        Self::for_counts(StatusCounts::of(states.iter().map(|s| s.status)))
    }

    /// The look for the core's snapshot: when this machine itself is offline no service is
    /// judged, so the tray says so instead of showing stale colours.
    pub fn for_snapshot(overall: Status, states: &[MonitorState]) -> TrayLook {
        if overall == Status::Offline {
            return TrayLook {
                icon: TrayIconKind::Unknown,
                tooltip: "Lookout — this computer is offline; checks resume when it is back".into(),
            };
        }
        Self::for_states(states)
    }
}

/// One line of the tray menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuEntry {
    Item {
        id: String,
        label: String,
        enabled: bool,
    },
    Separator,
}

fn item(id: impl Into<String>, label: impl Into<String>, enabled: bool) -> MenuEntry {
    MenuEntry::Item {
        id: id.into(),
        label: label.into(),
        enabled,
    }
}

/// Order in the menu: the ones that need attention first.
fn menu_rank(s: Status) -> u8 {
    match s {
        Status::Down => 0,
        Status::Degraded => 1,
        Status::Unknown => 2,
        Status::Maintenance => 3,
        Status::Up => 4,
        Status::Paused => 5,
        Status::Offline => 6,
    }
}

/// The tray menu: monitors (DOWN first, then by name), then the actions.
pub fn menu_entries(states: &[MonitorState]) -> Vec<MenuEntry> {
    let mut sorted: Vec<&MonitorState> = states.iter().collect();
    sorted.sort_by(|a, b| {
        menu_rank(a.status)
            .cmp(&menu_rank(b.status))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let mut out = Vec::new();
    if sorted.is_empty() {
        out.push(item(ids::MORE, "No monitors yet", false));
    }
    for s in sorted.iter().take(MENU_MONITORS) {
        out.push(item(
            format!("{}{}", ids::MONITOR_PREFIX, s.id.0),
            format!("{} — {}", s.status.as_str(), s.name),
            true,
        ));
    }
    if sorted.len() > MENU_MONITORS {
        out.push(item(
            ids::MORE,
            format!("…and {} more", sorted.len() - MENU_MONITORS),
            true,
        ));
    }
    let any_active = states.iter().any(|s| s.status != Status::Paused);
    let any_paused = states.iter().any(|s| s.status == Status::Paused);
    out.push(MenuEntry::Separator);
    out.push(item(ids::OPEN, "Open dashboard", true));
    out.push(item(ids::ADD, "Add monitor…", true));
    out.push(MenuEntry::Separator);
    out.push(item(ids::PAUSE_ALL, "Pause all", any_active));
    out.push(item(ids::RESUME_ALL, "Resume all", any_paused));
    out.push(item(ids::TEST_NOTIFICATION, "Send test notification", true));
    out.push(MenuEntry::Separator);
    out.push(item(ids::QUIT, "Quit", true));
    out
}

/// Builds a real Tauri menu from [`menu_entries`].
pub fn build_menu<R: Runtime>(app: &AppHandle<R>, entries: &[MenuEntry]) -> tauri::Result<Menu<R>> {
    let mut b = MenuBuilder::new(app);
    for e in entries {
        b = match e {
            MenuEntry::Separator => b.separator(),
            MenuEntry::Item { id, label, enabled } => b.item(
                &MenuItemBuilder::with_id(id.as_str(), label)
                    .enabled(*enabled)
                    .build(app)?,
            ),
        };
    }
    b.build()
}

/// The live tray icon; remembers what it shows so unchanged states cost nothing.
pub struct Tray<R: Runtime> {
    icon: TrayIcon<R>,
    shown: std::sync::Mutex<Option<(TrayLook, Vec<MenuEntry>)>>,
}

impl<R: Runtime> Tray<R> {
    /// Creates the tray icon; `on_menu` receives the clicked item's id.
    pub fn create<F>(app: &AppHandle<R>, on_menu: F) -> tauri::Result<Self>
    where
        F: Fn(&AppHandle<R>, &str) + Send + Sync + 'static,
    {
        let look = TrayLook::for_states(&[]);
        let icon = TrayIconBuilder::with_id(TRAY_ID)
            .icon(Image::from_bytes(look.icon.png())?)
            .tooltip(&look.tooltip)
            .menu(&build_menu(app, &menu_entries(&[]))?)
            .show_menu_on_left_click(true)
            .on_menu_event(move |app, ev| on_menu(app, ev.id().as_ref()))
            .build(app)?;
        Ok(Tray {
            icon,
            shown: std::sync::Mutex::new(None),
        })
    }

    /// Shows the core's state: swaps the icon, tooltip and menu only where they changed.
    pub fn show(
        &self,
        app: &AppHandle<R>,
        overall: Status,
        states: &[MonitorState],
    ) -> tauri::Result<()> {
        let look = TrayLook::for_snapshot(overall, states);
        let entries = menu_entries(states);
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        let (old_look, old_entries) = match shown.as_ref() {
            Some((l, e)) => (Some(l), Some(e)),
            None => (None, None),
        };
        if old_look.map(|l| l.icon) != Some(look.icon) {
            self.icon
                .set_icon(Some(Image::from_bytes(look.icon.png())?))?;
        }
        if old_look.map(|l| &l.tooltip) != Some(&look.tooltip) {
            self.icon.set_tooltip(Some(&look.tooltip))?;
        }
        if old_entries != Some(&entries) {
            self.icon.set_menu(Some(build_menu(app, &entries)?))?;
        }
        *shown = Some((look, entries));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lookout_core::model::MonitorId;

    fn state(id: i64, name: &str, status: Status) -> MonitorState {
        MonitorState {
            id: MonitorId(id),
            name: name.into(),
            target: "https://example.com".into(),
            status,
            since: None,
            last_check: None,
            latency_ms: None,
            reason: String::new(),
        }
    }

    #[test]
    fn tooltip_reads_like_the_spec() {
        let c = StatusCounts {
            up: 5,
            down: 1,
            ..Default::default()
        };
        let look = TrayLook::for_counts(c);
        assert_eq!(look.tooltip, "Lookout — 5 up, 1 down");
        assert_eq!(look.icon, TrayIconKind::Down);
    }

    #[test]
    fn no_monitors_is_unknown() {
        let look = TrayLook::for_states(&[]);
        assert_eq!(look.icon, TrayIconKind::Unknown);
        assert_eq!(look.tooltip, "Lookout — no monitors");
    }

    #[test]
    fn offline_machine_says_so_whatever_the_monitors_last_said() {
        let states = [state(1, "api", Status::Down), state(2, "db", Status::Up)];
        let look = TrayLook::for_snapshot(Status::Offline, &states);
        assert_eq!(look.icon, TrayIconKind::Unknown);
        assert!(look.tooltip.contains("offline"), "{}", look.tooltip);
        assert_eq!(
            TrayLook::for_snapshot(Status::Down, &states),
            TrayLook::for_states(&states)
        );
    }

    #[test]
    fn all_paused_is_unknown() {
        let look = TrayLook::for_counts(StatusCounts {
            paused: 3,
            ..Default::default()
        });
        assert_eq!(look.icon, TrayIconKind::Unknown);
        assert_eq!(look.tooltip, "Lookout — 3 paused");
    }

    /// Every combination of present / absent statuses, with 1 or 2 monitors each.
    #[test]
    fn every_combination_of_states() {
        // Every status a monitor can have (Offline is the overall status only).
        let all: Vec<Status> = Status::ALL
            .into_iter()
            .filter(|s| *s != Status::Offline)
            .collect();
        for mask in 0u32..(1 << all.len()) {
            for n in 1..=2usize {
                let mut states = Vec::new();
                for (i, s) in all.iter().enumerate() {
                    if mask & (1 << i) != 0 {
                        for k in 0..n {
                            states.push(state((i * 10 + k) as i64, &format!("m{i}{k}"), *s));
                        }
                    }
                }
                let has = |s: Status| states.iter().any(|m| m.status == s);
                let look = TrayLook::for_states(&states);
                let expected = if has(Status::Down) {
                    TrayIconKind::Down
                } else if has(Status::Degraded) {
                    TrayIconKind::Degraded
                } else if has(Status::Up) {
                    TrayIconKind::Up
                } else {
                    TrayIconKind::Unknown
                };
                assert_eq!(look.icon, expected, "mask {mask:05b} n {n}");
                // The icon agrees with the core's own overall status.
                let overall = Status::worst(states.iter().map(|s| s.status));
                let from_core = match overall {
                    Status::Down => TrayIconKind::Down,
                    Status::Degraded => TrayIconKind::Degraded,
                    Status::Up => TrayIconKind::Up,
                    Status::Paused | Status::Unknown | Status::Maintenance | Status::Offline => {
                        TrayIconKind::Unknown
                    }
                };
                assert_eq!(look.icon, from_core, "mask {mask:05b}");

                // Tooltip: every present status counted, absent ones never mentioned.
                assert!(look.tooltip.starts_with("Lookout — "), "{}", look.tooltip);
                for (s, word) in [
                    (Status::Up, "up"),
                    (Status::Degraded, "degraded"),
                    (Status::Down, "down"),
                    (Status::Paused, "paused"),
                    (Status::Unknown, "pending"),
                    (Status::Maintenance, "in maintenance"),
                ] {
                    let phrase = format!("{n} {word}");
                    assert_eq!(
                        look.tooltip.contains(&phrase),
                        has(s),
                        "mask {mask:05b}: {:?} in {:?}",
                        phrase,
                        look.tooltip
                    );
                }
                if states.is_empty() {
                    assert_eq!(look.tooltip, "Lookout — no monitors");
                }

                // Menu: DOWN monitors come first, every monitor listed once.
                let entries = menu_entries(&states);
                let monitor_labels: Vec<&str> = entries
                    .iter()
                    .filter_map(|e| match e {
                        MenuEntry::Item { id, label, .. }
                            if id.starts_with(ids::MONITOR_PREFIX) =>
                        {
                            Some(label.as_str())
                        }
                        _ => None,
                    })
                    .collect();
                assert_eq!(monitor_labels.len(), states.len());
                if has(Status::Down) {
                    assert!(
                        monitor_labels[0].starts_with("DOWN — "),
                        "{monitor_labels:?}"
                    );
                }
                let enabled = |want: &str| {
                    entries.iter().any(
                        |e| matches!(e, MenuEntry::Item { id, enabled: true, .. } if id == want),
                    )
                };
                assert_eq!(
                    enabled(ids::PAUSE_ALL),
                    states.iter().any(|s| s.status != Status::Paused)
                );
                assert_eq!(enabled(ids::RESUME_ALL), has(Status::Paused));
                for always in [ids::OPEN, ids::ADD, ids::TEST_NOTIFICATION, ids::QUIT] {
                    assert!(enabled(always), "{always} missing for mask {mask:05b}");
                }
            }
        }
    }

    #[test]
    fn menu_lists_down_first_then_by_name_and_caps_the_list() {
        let mut states = vec![
            state(1, "b-up", Status::Up),
            state(2, "a-up", Status::Up),
            state(3, "z-down", Status::Down),
            state(4, "paused", Status::Paused),
            state(5, "slow", Status::Degraded),
        ];
        let labels: Vec<String> = menu_entries(&states)
            .into_iter()
            .filter_map(|e| match e {
                MenuEntry::Item { id, label, .. } if id.starts_with(ids::MONITOR_PREFIX) => {
                    Some(label)
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            labels,
            [
                "DOWN — z-down",
                "DEGRADED — slow",
                "UP — a-up",
                "UP — b-up",
                "PAUSED — paused"
            ]
        );
        for i in 0..20 {
            states.push(state(100 + i, &format!("extra{i:02}"), Status::Up));
        }
        let entries = menu_entries(&states);
        let n = entries
            .iter()
            .filter(
                |e| matches!(e, MenuEntry::Item { id, .. } if id.starts_with(ids::MONITOR_PREFIX)),
            )
            .count();
        assert_eq!(n, MENU_MONITORS);
        assert!(entries.contains(&item(ids::MORE, "…and 13 more", true)));
    }

    #[test]
    fn icons_are_valid_pngs() {
        for k in [
            TrayIconKind::Up,
            TrayIconKind::Degraded,
            TrayIconKind::Down,
            TrayIconKind::Unknown,
        ] {
            let img = Image::from_bytes(k.png()).expect("decodes");
            assert_eq!((img.width(), img.height()), (64, 64));
        }
    }
}
