// The real catalogues, read from where the Rust side builds them in
// (crates/lookout-core/locales/<language>/*.ftl), for the tests and the mocked IPC.

import { readFileSync } from 'node:fs';
import { applyCatalogue } from '../app/js/i18n.js';

export const LANGUAGES = ['en', 'zh-CN'];
export const SETTINGS = ['auto', ...LANGUAGES];

const LOCALES = new URL('../../crates/lookout-core/locales/', import.meta.url);

/** The files of what the core writes down in English and words again (`i18n::said::FILES`). */
export const SAID_FILES = ['reasons.ftl', 'timeline.ftl'];

/** The text of one catalogue file for `language`. */
export function source(language, file) {
  return readFileSync(new URL(`${language}/${file}`, LOCALES), 'utf8');
}

/** The text of `ui.ftl` for `language`. */
export function catalogue(language) {
  return source(language, 'ui.ftl');
}

/** What `get_language` / `set_language` answer for a `setting`, the OS speaking `system`. */
export function languagePayload(setting = 'auto', system = 'en') {
  const language = setting === 'auto' ? system : setting;
  return { language, setting, ...pageCatalogue(language) };
}

/** The page's catalogue as the core sends it: `ui.ftl` and the written-down files, and those in English. */
export function pageCatalogue(language) {
  return {
    catalogue: [catalogue(language), ...SAID_FILES.map((f) => source(language, f))].join('\n'),
    said_en: SAID_FILES.map((f) => source('en', f)),
  };
}

/** Puts `language` in force for the pure modules a test calls directly. */
export function useLanguage(language) {
  applyCatalogue({ language, ...pageCatalogue(language) });
}
