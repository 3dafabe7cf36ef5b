// The real catalogues, read from where the Rust side builds them in
// (crates/lookout-core/locales/<language>/ui.ftl), for the tests and the mocked IPC.

import { readFileSync } from 'node:fs';
import { applyCatalogue } from '../app/js/i18n.js';

export const LANGUAGES = ['en', 'zh-CN'];
export const SETTINGS = ['auto', ...LANGUAGES];

const LOCALES = new URL('../../crates/lookout-core/locales/', import.meta.url);

/** The text of `ui.ftl` for `language`. */
export function catalogue(language) {
  return readFileSync(new URL(`${language}/ui.ftl`, LOCALES), 'utf8');
}

/** What `get_language` / `set_language` answer for a `setting`, the OS speaking `system`. */
export function languagePayload(setting = 'auto', system = 'en') {
  const language = setting === 'auto' ? system : setting;
  return { language, setting, catalogue: catalogue(language) };
}

/** Puts `language` in force for the pure modules a test calls directly. */
export function useLanguage(language) {
  applyCatalogue({ language, catalogue: catalogue(language) });
}
