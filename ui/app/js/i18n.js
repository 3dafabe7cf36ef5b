// The page's words: one Fluent bundle for the language in force, made from the `ui.ftl`
// catalogue the Rust side sends (`get_language`, `language_changed`), with `reasons.ftl` and
// `timeline.ftl` for what the core writes down in English (`said.js`). Every word a person
// reads goes through `t`; ids start with `ui-` and are written whole in the source, so the
// catalogue test finds every one of them.
//
// No DOM or IPC here beyond `<html lang>` and `translateTree`, so the pure modules (format,
// state, summary...) can use `t` under `node --test`.

import { FluentBundle, FluentResource } from '../vendor/fluent-bundle/index.js';

let bundle = null;
let lang = 'en';
let saidEnglish = [];
const reported = new Set();
const same = new Map();
/** Beyond this many remembered texts, `tSame` starts over: bounded whatever it is asked. */
const SAME_MAX = 5000;

function report(what, id, detail) {
  const key = `${what} ${id}`;
  if (reported.has(key)) return;
  reported.add(key);
  if (globalThis.console) console.warn(`i18n: ${what} ${id}${detail ? `: ${detail}` : ''}`);
}

/**
 * Makes `catalogue` (the text of `ui.ftl`, with `reasons.ftl` and `timeline.ftl`) the page's
 * words for `language` (`en`, `zh-CN`), and sets `<html lang>`. `said_en` holds the English
 * sources of `reasons.ftl` and `timeline.ftl`, by which `said.js` recognises what the core wrote
 * down. Returns the problems the catalogue had (an empty list when none).
 */
export function applyCatalogue({ language, catalogue, said_en }) {
  const next = new FluentBundle(language, { useIsolating: false });
  const errors = next.addResource(new FluentResource(String(catalogue ?? '')));
  for (const e of errors) report('catalogue', language, e && e.message);
  bundle = next;
  lang = language;
  // A new array each time: `said.js` builds its shapes again only when this changes.
  saidEnglish = Array.isArray(said_en) ? said_en.map(String) : [];
  reported.clear();
  same.clear();
  const root = globalThis.document && globalThis.document.documentElement;
  if (root) root.setAttribute('lang', language);
  return errors;
}

/** The language in force (`en`, `zh-CN`). */
export function language() {
  return lang;
}

/** Whether a catalogue is loaded at all (before `get_language` answers, every `t` is its id). */
export function loaded() {
  return bundle !== null;
}

/** Whether the language in force has the message `id`, so a caller can fall back without a warning. */
export function has(id) {
  const message = bundle && bundle.getMessage(id);
  return Boolean(message && message.value !== null);
}

/**
 * `t` for the same text asked for again and again: a day's name on each of 50 rows' 30 day
 * bars was 3,000 Fluent formats and a third of the dashboard's first render. Formatted once
 * per catalogue.
 */
export function tSame(id, args) {
  const key = `${id}\u0000${JSON.stringify(args ?? null)}`;
  let text = same.get(key);
  if (text === undefined) {
    if (same.size >= SAME_MAX) same.clear();
    text = t(id, args);
    same.set(key, text);
  }
  return text;
}

/** The English `reasons.ftl` and `timeline.ftl` the core sent (`said_en`), in its order. */
export function saidSources() {
  return saidEnglish;
}

/**
 * The message `id` with `args`, in the language in force. A missing message is its id (logged
 * once), so a gap shows on the page instead of breaking it.
 */
export function t(id, args) {
  const message = bundle && bundle.getMessage(id);
  if (!message || message.value === null) {
    if (bundle) report('missing message', id);
    return id;
  }
  const errors = [];
  const text = bundle.formatPattern(message.value, args, errors);
  if (errors.length) report('cannot format', id, errors.map((e) => e.message).join('; '));
  return text;
}

/** `items` as a list in the language's words: `a, b, c` / `a、b、c`. */
export function list(items) {
  return items.join(t('ui-list-separator'));
}

/**
 * Fills the static page's words: each element with `data-i18n="ui-..."` gets that message as its
 * text, and `data-i18n-attr="title:ui-... aria-label:ui-..."` sets attributes. Called at start
 * and again when the language changes.
 */
export function translateTree(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.getAttribute('data-i18n-attr').trim().split(/\s+/)) {
      const [attr, id] = pair.split(':');
      if (attr && id) el.setAttribute(attr, t(id));
    }
  }
}
