//! The language people read: the dashboard's catalogue (`ui.ftl` of the language in force,
//! the same file the core's bundles hold, with `reasons.ftl` and `timeline.ftl`) and the
//! footer's selector, which writes the `language` setting `lookout settings` writes too.

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
    /// `ui.ftl`, then the files of what Lookout writes down ([`i18n::said::FILES`]), so the
    /// page can word a reason or a timeline entry in its own bundle as the core would.
    pub catalogue: String,
    /// The English sources of [`i18n::said::FILES`], in that order: reasons and timeline
    /// entries arrive in English, and the page recognises them by these messages as
    /// [`i18n::word`] does (the same order, so the same message wins a tie).
    pub said_en: Vec<&'static str>,
}

impl LanguageView {
    pub fn new(setting: String) -> Self {
        let lang = i18n::current();
        LanguageView {
            language: lang.tag(),
            setting,
            catalogue: catalogue(lang),
            said_en: i18n::said::FILES
                .iter()
                .filter_map(|file| i18n::source(Lang::En, file))
                .collect(),
        }
    }
}

fn catalogue(lang: Lang) -> String {
    std::iter::once("ui.ftl")
        .chain(i18n::said::FILES)
        .filter_map(|file| i18n::source(lang, file))
        .collect::<Vec<_>>()
        // A file that does not end in a line break would run its last line into the next
        // file's first.
        .join("\n")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_gets_the_written_down_files_in_its_language_and_in_english() {
        let view = i18n::with_lang(Lang::ZhCn, || LanguageView::new("zh-CN".into()));
        assert_eq!(view.language, "zh-CN");
        for file in std::iter::once("ui.ftl").chain(i18n::said::FILES) {
            let source = i18n::source(Lang::ZhCn, file).expect("a catalogue file");
            assert!(
                view.catalogue.contains(source),
                "{file} is not in the catalogue"
            );
        }
        let english: Vec<_> = i18n::said::FILES
            .iter()
            .map(|f| i18n::source(Lang::En, f).expect("a catalogue file"))
            .collect();
        assert_eq!(view.said_en, english);
        let json = serde_json::to_value(&view).expect("serializes");
        assert!(json["said_en"].is_array() && json["catalogue"].is_string());
    }
}
