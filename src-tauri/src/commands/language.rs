//! The language people read: the dashboard's catalogue (`ui.ftl` of the language in force,
//! the same file the core's bundles hold) and the footer's selector, which writes the
//! `language` setting `lookout settings` writes too.

use lookout_core::command::CommandError;
use lookout_core::events::CoreEvent;
use lookout_core::i18n::{self, Lang};
use lookout_core::settings::{self, LANGUAGE};
use lookout_core::storage::Store;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use super::{CmdError, CmdResult, Core};

/// What the dashboard needs to speak: the language in force, the setting that chose it, and
/// its catalogue's source for the page's own Fluent bundle.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageView {
    /// `en` or `zh-CN`.
    pub language: &'static str,
    /// `auto`, `en` or `zh-CN`: what the selector shows.
    pub setting: String,
    pub catalogue: &'static str,
}

impl LanguageView {
    pub fn new(setting: String) -> Self {
        let lang = i18n::current();
        LanguageView {
            language: lang.tag(),
            setting,
            catalogue: i18n::source(lang, "ui.ftl").unwrap_or_default(),
        }
    }
}

/// The `language` setting as the selector shows it; `auto` where nothing valid is stored.
pub fn stored_setting(store: &Store) -> String {
    settings::get(store, LANGUAGE)
        .map(|s| s.value)
        .unwrap_or_else(|_| i18n::AUTO.to_string())
}

/// Also answered in the damaged-database window, where no engine runs: there the OS locale's
/// language is in force and the setting cannot be read.
#[tauri::command]
pub async fn get_language(app: AppHandle) -> CmdResult<LanguageView> {
    let Some(core) = app.try_state::<Core>() else {
        return Ok(LanguageView::new(i18n::AUTO.to_string()));
    };
    let setting = core.read(|s| Ok(stored_setting(s))).await?;
    Ok(LanguageView::new(setting))
}

/// `language`: `auto`, `en` or `zh-CN`. Applies at once here (tray, notifications, every open
/// page through `language_changed`); a running `lookout run` hears it as any setting.
#[tauri::command]
pub async fn set_language(core: State<'_, Core>, language: String) -> CmdResult<LanguageView> {
    let rt = core.0.clone();
    let (lang, setting) = core
        .0
        .store()
        .blocking(move |s| {
            let set = || -> Result<(Lang, String), CommandError> {
                let set = settings::set(s, LANGUAGE, &language)?;
                Ok((settings::language(s)?, set.value))
            };
            Ok(set())
        })
        .await
        .map_err(CmdError::from)?
        .map_err(CmdError::from)?;
    // The engine would notice the setting at its next sync; saying it now keeps the selector
    // and the tray in step, and the engine's sync then finds nothing changed.
    if i18n::set(lang) {
        rt.publish(CoreEvent::LanguageChanged {
            language: lang.tag().to_string(),
        });
    }
    Ok(LanguageView::new(setting))
}
