//! Native notifications: [`show`] hands the core's words ([`lookout_core::notice`]) to the
//! desktop through notify-rust, with the urgency and, for critical alerts, a sound
//! ([`sound_for`]). What is worth a notification, and its words, are the core's.

use lookout_core::notice::{Notice, Urgency};

/// The application name notification servers show and group by.
pub const APP_NAME: &str = "Lookout";

/// The freedesktop `sound-name` hint (a name from the sound naming spec) for an urgency: only
/// critical alerts make a sound; warnings and good news stay quiet.
pub fn sound_for(urgency: Urgency) -> Option<&'static str> {
    match urgency {
        Urgency::Critical => Some("dialog-warning"),
        Urgency::Normal => None,
    }
}

/// Shows a notification, replacing the one with id `replaces` when given; returns its id.
/// On Linux, `on_click` runs (on a helper thread) when the user clicks it.
/// Blocking: call from a blocking-friendly thread.
pub fn show(
    text: &Notice,
    replaces: Option<u32>,
    on_click: Option<Box<dyn FnOnce() + Send>>,
) -> Result<u32, notify_rust::error::Error> {
    let mut n = notify_rust::Notification::new();
    // The body is markup to notification servers, and its words come from outside.
    n.appname(APP_NAME)
        .summary(&text.summary)
        .body(&lookout_core::notice::body_markup(&text.body));
    if let Some(id) = replaces {
        n.id(id);
    }
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        n.urgency(match text.urgency {
            Urgency::Normal => notify_rust::Urgency::Normal,
            Urgency::Critical => notify_rust::Urgency::Critical,
        });
        if let Some(sound) = sound_for(text.urgency) {
            n.sound_name(sound);
        }
        if on_click.is_some() {
            n.action("default", &lookout_core::t!("desktop-notification-open"));
        }
    }
    let handle = n.show()?;
    let id = handle.id();
    #[cfg(all(unix, not(target_os = "macos")))]
    if let Some(f) = on_click {
        std::thread::spawn(move || {
            handle.wait_for_action(|action| {
                if action == "default" {
                    f();
                }
            })
        });
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        let _ = (handle, on_click);
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_critical_alerts_make_a_sound() {
        assert_eq!(sound_for(Urgency::Critical), Some("dialog-warning"));
        assert_eq!(sound_for(Urgency::Normal), None);
    }
}
