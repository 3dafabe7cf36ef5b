//! The tray icon: which picture, which tooltip and which menu for the monitors' current states.
//!
//! [`TrayLook::of`] maps the core's overall [`Health`] (its colour rule lives in the core, shared
//! with the dashboard) and [`menu_entries`] ([`menu`]) is pure, so every combination of states is unit
//! tested without a display; [`Tray`] only applies their output to the real Tauri tray icon.
//! The icons differ in shape as well as colour (check, triangle with "!", octagon with a cross,
//! hollow ring with a dash) so they read for colour-blind users too.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use lookout_core::health::{Health, StatusCounts, Tone};
use lookout_core::model::{MonitorId, MonitorState};
use tauri::image::Image;
use tauri::menu::{Menu, MenuBuilder, MenuItemBuilder, Submenu, SubmenuBuilder};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Runtime};

/// The tray icon's id, for `app.tray_by_id`.
pub const TRAY_ID: &str = "lookout";

mod menu;

pub use menu::*;

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
            TrayIconKind::Up => include_bytes!("../../../icons/tray-up.png"),
            TrayIconKind::Degraded => include_bytes!("../../../icons/tray-degraded.png"),
            TrayIconKind::Down => include_bytes!("../../../icons/tray-down.png"),
            TrayIconKind::Unknown => include_bytes!("../../../icons/tray-unknown.png"),
        }
    }
}

impl TrayIconKind {
    /// The picture for the core's colour of the overall health. Offline: the hollow ring,
    /// since no service is judged then.
    pub fn of(tone: Tone) -> TrayIconKind {
        match tone {
            Tone::Up => TrayIconKind::Up,
            Tone::Degraded => TrayIconKind::Degraded,
            Tone::Down => TrayIconKind::Down,
            Tone::Unknown | Tone::Offline => TrayIconKind::Unknown,
        }
    }
}

/// The tray's picture and tooltip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayLook {
    pub icon: TrayIconKind,
    pub tooltip: String,
}

impl TrayLook {
    /// The core's overall health, as the tray shows it: its colour picks the picture and its
    /// counts are the tooltip (`Lookout — 5 up, 1 down`). The dashboard's header shows the
    /// same health, so the two never disagree.
    pub fn of(health: &Health) -> TrayLook {
        TrayLook {
            icon: TrayIconKind::of(health.tone),
            tooltip: lookout_core::t!("tray-tooltip", summary = health.words()),
        }
    }
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
            MenuEntry::Submenu { id, label, items } => {
                b.item(&build_submenu(app, id, label, items)?)
            }
        };
    }
    b.build()
}

fn build_submenu<R: Runtime>(
    app: &AppHandle<R>,
    id: &str,
    label: &str,
    entries: &[MenuEntry],
) -> tauri::Result<Submenu<R>> {
    let mut b = SubmenuBuilder::with_id(app, id, label);
    for e in entries {
        b = match e {
            MenuEntry::Separator => b.separator(),
            MenuEntry::Item { id, label, enabled } => b.item(
                &MenuItemBuilder::with_id(id.as_str(), label)
                    .enabled(*enabled)
                    .build(app)?,
            ),
            MenuEntry::Submenu { id, label, items } => {
                b.item(&build_submenu(app, id, label, items)?)
            }
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
        let look = TrayLook::of(&Health::of(StatusCounts::default(), false));
        let icon = TrayIconBuilder::with_id(TRAY_ID)
            .icon(Image::from_bytes(look.icon.png())?)
            .tooltip(&look.tooltip)
            .menu(&build_menu(app, &menu_entries(&[], &HashMap::new()))?)
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
        health: &Health,
        states: &[MonitorState],
        snoozes: &HashMap<MonitorId, DateTime<Utc>>,
    ) -> tauri::Result<()> {
        let look = TrayLook::of(health);
        let entries = menu_entries(states, snoozes);
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
    use lookout_core::model::Status;

    fn none() -> HashMap<MonitorId, DateTime<Utc>> {
        HashMap::new()
    }

    /// The monitors' submenu labels, top to bottom.
    fn monitor_labels(entries: &[MenuEntry]) -> Vec<String> {
        entries
            .iter()
            .filter_map(|e| match e {
                MenuEntry::Submenu { id, label, .. }
                    if id.starts_with(ids::MONITOR_MENU_PREFIX) =>
                {
                    Some(label.clone())
                }
                _ => None,
            })
            .collect()
    }

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
            alert: None,
        }
    }

    fn look(states: &[MonitorState]) -> TrayLook {
        TrayLook::of(&Health::of(
            StatusCounts::of(states.iter().map(|s| (s.status, s.alert))),
            false,
        ))
    }

    #[test]
    fn the_look_is_the_cores_health() {
        let mut api = state(1, "api", Status::Down);
        api.alert = Some(lookout_core::model::Severity::Warning);
        let l = look(&[api, state(2, "web", Status::Up)]);
        assert_eq!(l.icon, TrayIconKind::Degraded, "a warning outage is amber");
        assert_eq!(l.tooltip, "Lookout — 1 up, 1 down");
        assert_eq!(look(&[]).tooltip, "Lookout — no monitors");
        assert_eq!(look(&[]).icon, TrayIconKind::Unknown);
        let offline = TrayLook::of(&Health::of(StatusCounts::default(), true));
        assert_eq!(offline.icon, TrayIconKind::Unknown);
        assert!(offline.tooltip.contains("offline"), "{}", offline.tooltip);
    }

    #[test]
    fn the_tray_speaks_the_language_in_force() {
        use lookout_core::i18n::{with_lang, Lang};
        let states = [state(1, "api", Status::Down), state(2, "web", Status::Up)];
        with_lang(Lang::ZhCn, || {
            assert_eq!(look(&states).tooltip, "Lookout — 1 个正常、1 个故障");
            let entries = menu_entries(&states, &none());
            assert_eq!(monitor_labels(&entries), ["故障 — api", "正常 — web"]);
            assert!(entries.contains(&item(ids::OPEN, "打开仪表盘", true)));
            assert!(entries.contains(&item(ids::QUIT, "退出", true)));
        });
        let entries = with_lang(Lang::En, || menu_entries(&states, &none()));
        assert_eq!(monitor_labels(&entries), ["DOWN — api", "UP — web"]);
        assert!(entries.contains(&item(ids::QUIT, "Quit", true)));
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
                let look = look(&states);
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
                let entries = menu_entries(&states, &none());
                let monitor_labels = monitor_labels(&entries);
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
                for always in [
                    ids::OPEN,
                    ids::ADD,
                    ids::MAINTENANCE,
                    ids::SUMMARY,
                    ids::TEST_NOTIFICATION,
                    ids::QUIT,
                ] {
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
        let labels = monitor_labels(&menu_entries(&states, &none()));
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
        let entries = menu_entries(&states, &none());
        assert_eq!(monitor_labels(&entries).len(), MENU_MONITORS);
        assert!(entries.contains(&item(ids::MORE, "…and 13 more", true)));
    }

    #[test]
    fn each_monitor_has_a_submenu_to_open_it_and_snooze_it() {
        let states = [state(7, "api", Status::Up), state(8, "db", Status::Down)];
        let snoozes = HashMap::from([(MonitorId(7), SNOOZE_FOREVER_FOR_TESTS)]);
        let entries = menu_entries(&states, &snoozes);
        assert_eq!(
            monitor_labels(&entries),
            ["DOWN — db", "UP — api (snoozed)"]
        );
        let MenuEntry::Submenu { id, items, .. } = &entries[1] else {
            panic!("{:?}", entries[1]);
        };
        assert_eq!(id, "monitor-menu:7");
        assert_eq!(
            items,
            &vec![
                item("monitor:7", "Open", true),
                MenuEntry::Separator,
                item("snooze:7:60", "Snooze 1 h", true),
                item("snooze:7:240", "Snooze 4 h", true),
                item("snooze:7:480", "Snooze 8 h", true),
                item("snooze:7:forever", "Snooze until resumed", true),
                item("unsnooze:7", "Resume notifications", true),
            ]
        );
        // Not snoozed: nothing to resume.
        let MenuEntry::Submenu { items, .. } = &entries[0] else {
            panic!("{:?}", entries[0]);
        };
        assert_eq!(
            items.last(),
            Some(&item("unsnooze:8", "Resume notifications", false))
        );
        // Every snooze item's id reads back as what snooze_monitor takes.
        for e in items {
            if let MenuEntry::Item { id, .. } = e {
                if id.starts_with(ids::SNOOZE_PREFIX) || id.starts_with(ids::UNSNOOZE_PREFIX) {
                    let (m, _) = parse_snooze_id(id).expect(id);
                    assert_eq!(m, MonitorId(8));
                }
            }
        }
    }

    #[test]
    fn snooze_ids_parse_to_what_snooze_monitor_takes() {
        use crate::commands::monitors::{SnoozeFor, UntilResumed};
        assert_eq!(
            parse_snooze_id("snooze:7:240"),
            Some((MonitorId(7), Some(SnoozeFor::Minutes(240))))
        );
        assert_eq!(
            parse_snooze_id("snooze:7:forever"),
            Some((
                MonitorId(7),
                Some(SnoozeFor::UntilResumed(UntilResumed::Forever))
            ))
        );
        assert_eq!(parse_snooze_id("unsnooze:12"), Some((MonitorId(12), None)));
        for bad in [
            "snooze:7",
            "snooze:7:0",
            "snooze:x:60",
            "snooze:7:soon",
            "unsnooze:",
            "monitor:7",
            "quit",
        ] {
            assert_eq!(parse_snooze_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_expired_snooze_is_no_longer_marked() {
        let now = Utc::now();
        let h = chrono::Duration::hours(1);
        let snoozes = HashMap::from([
            (MonitorId(1), now - h),
            (MonitorId(2), now + h),
            (MonitorId(3), now + h * 4),
            (MonitorId(4), SNOOZE_FOREVER_FOR_TESTS),
        ]);
        let active = active_snoozes(&snoozes, now);
        assert!(!active.contains_key(&MonitorId(1)), "expired");
        assert_eq!(active.len(), 3);
        let states = [state(2, "api", Status::Up)];
        let later = active_snoozes(&snoozes, now + h * 2);
        assert_eq!(monitor_labels(&menu_entries(&states, &later)), ["UP — api"]);
    }

    const SNOOZE_FOREVER_FOR_TESTS: DateTime<Utc> = lookout_core::storage::SNOOZE_FOREVER;

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
