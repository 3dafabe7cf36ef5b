//! The tray menu as data: its entries for the monitors' states and snoozes, and the ids
//! `main.rs` matches. Pure, so every combination is unit tested without a display.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use lookout_core::model::{MonitorId, MonitorState, Status};
use lookout_core::notice::status_word;
use lookout_core::t;

/// At most this many monitors are listed in the menu; the rest are behind "Open dashboard".
pub const MENU_MONITORS: usize = 12;

/// Menu item ids, matched in `main.rs`'s menu handler.
pub mod ids {
    pub const OPEN: &str = "open";
    pub const ADD: &str = "add";
    pub const MAINTENANCE: &str = "maintenance";
    pub const SUMMARY: &str = "summary";
    pub const PAUSE_ALL: &str = "pause_all";
    pub const RESUME_ALL: &str = "resume_all";
    pub const TEST_NOTIFICATION: &str = "test_notification";
    pub const QUIT: &str = "quit";
    pub const MORE: &str = "more";
    /// Followed by the monitor id: `monitor:7` ("Open" in the monitor's submenu).
    pub const MONITOR_PREFIX: &str = "monitor:";
    /// The monitor's submenu itself: `monitor-menu:7`.
    pub const MONITOR_MENU_PREFIX: &str = "monitor-menu:";
    /// `snooze:7:60` (minutes) or `snooze:7:forever`.
    pub const SNOOZE_PREFIX: &str = "snooze:";
    /// `unsnooze:7`.
    pub const UNSNOOZE_PREFIX: &str = "unsnooze:";
}

/// The snooze lengths a monitor's submenu offers: (id suffix, label's message).
pub const SNOOZE_CHOICES: [(&str, &str); 4] = [
    ("60", "tray-snooze-1h"),
    ("240", "tray-snooze-4h"),
    ("480", "tray-snooze-8h"),
    ("forever", "tray-snooze-forever"),
];

/// What a snooze menu item asks for: the monitor, and the length as `snooze_monitor` takes it
/// (`None`: lift the snooze).
pub fn parse_snooze_id(
    id: &str,
) -> Option<(MonitorId, Option<crate::commands::monitors::SnoozeFor>)> {
    use crate::commands::monitors::{SnoozeFor, UntilResumed};
    if let Some(m) = id.strip_prefix(ids::UNSNOOZE_PREFIX) {
        return Some((MonitorId(m.parse().ok()?), None));
    }
    let (m, length) = id.strip_prefix(ids::SNOOZE_PREFIX)?.split_once(':')?;
    let length = match length {
        "forever" => SnoozeFor::UntilResumed(UntilResumed::Forever),
        n => SnoozeFor::Minutes(n.parse().ok().filter(|n| *n > 0)?),
    };
    Some((MonitorId(m.parse().ok()?), Some(length)))
}

/// The snoozes still in force at `now`. The core's list is as of its last sync, so an expired
/// snooze may still be in it; the menu must not call that monitor snoozed.
pub fn active_snoozes(
    snoozes: &HashMap<MonitorId, DateTime<Utc>>,
    now: DateTime<Utc>,
) -> HashMap<MonitorId, DateTime<Utc>> {
    snoozes
        .iter()
        .filter(|(_, until)| **until > now)
        .map(|(m, until)| (*m, *until))
        .collect()
}

/// One line of the tray menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuEntry {
    Item {
        id: String,
        label: String,
        enabled: bool,
    },
    Submenu {
        id: String,
        label: String,
        items: Vec<MenuEntry>,
    },
    Separator,
}

pub(crate) fn item(id: impl Into<String>, label: impl Into<String>, enabled: bool) -> MenuEntry {
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

/// A monitor's submenu: open its page, snooze its notifications, or lift the snooze.
fn monitor_menu(s: &MonitorState, snoozed: bool) -> MenuEntry {
    let id = s.id.0;
    let mut items = vec![
        item(
            format!("{}{id}", ids::MONITOR_PREFIX),
            t!("tray-open"),
            true,
        ),
        MenuEntry::Separator,
    ];
    for (length, label) in SNOOZE_CHOICES {
        items.push(item(
            format!("{}{id}:{length}", ids::SNOOZE_PREFIX),
            t!(label),
            true,
        ));
    }
    items.push(item(
        format!("{}{id}", ids::UNSNOOZE_PREFIX),
        t!("tray-resume-notifications"),
        snoozed,
    ));
    let (status, name) = (status_word(s.status), s.name.as_str());
    MenuEntry::Submenu {
        id: format!("{}{id}", ids::MONITOR_MENU_PREFIX),
        label: if snoozed {
            t!("tray-monitor-snoozed", status = status, name = name)
        } else {
            t!("tray-monitor", status = status, name = name)
        },
        items,
    }
}

/// The tray menu: monitors (DOWN first, then by name), each a submenu, then the actions.
pub fn menu_entries(
    states: &[MonitorState],
    snoozes: &HashMap<MonitorId, DateTime<Utc>>,
) -> Vec<MenuEntry> {
    let mut sorted: Vec<&MonitorState> = states.iter().collect();
    sorted.sort_by(|a, b| {
        menu_rank(a.status)
            .cmp(&menu_rank(b.status))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let mut out = Vec::new();
    if sorted.is_empty() {
        out.push(item(ids::MORE, t!("tray-no-monitors"), false));
    }
    for s in sorted.iter().take(MENU_MONITORS) {
        out.push(monitor_menu(s, snoozes.contains_key(&s.id)));
    }
    if sorted.len() > MENU_MONITORS {
        out.push(item(
            ids::MORE,
            t!("tray-more", n = sorted.len() - MENU_MONITORS),
            true,
        ));
    }
    let any_active = states.iter().any(|s| s.status != Status::Paused);
    let any_paused = states.iter().any(|s| s.status == Status::Paused);
    out.push(MenuEntry::Separator);
    out.push(item(ids::OPEN, t!("tray-open-dashboard"), true));
    out.push(item(ids::ADD, t!("tray-add-monitor"), true));
    out.push(item(ids::MAINTENANCE, t!("tray-maintenance"), true));
    out.push(item(ids::SUMMARY, t!("tray-summary"), true));
    out.push(MenuEntry::Separator);
    out.push(item(ids::PAUSE_ALL, t!("tray-pause-all"), any_active));
    out.push(item(ids::RESUME_ALL, t!("tray-resume-all"), any_paused));
    out.push(item(
        ids::TEST_NOTIFICATION,
        t!("tray-test-notification"),
        true,
    ));
    out.push(MenuEntry::Separator);
    out.push(item(ids::QUIT, t!("tray-quit"), true));
    out
}
