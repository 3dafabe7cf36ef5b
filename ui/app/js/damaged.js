// The window shown instead of the dashboard when the database is damaged: what is wrong, and
// the two ways back. The Rust side (src-tauri/src/damaged.rs) starts Lookout and closes this
// window once a choice worked. Its words come from the same catalogue as the dashboard's.
import { invoke, listen } from './ipc.js';
import { h, clear } from './dom.js';
import { t, applyCatalogue, translateTree } from './i18n.js';
import { day } from './format.js';

const $ = (id) => document.getElementById(id);

let info = null; // what `damaged_info` said: {error, backups: [{path, date, bytes}]}
let result = () => ''; // the result line, in the language in force
let busyNow = false;

function bytes(n) {
  if (n >= 1024 * 1024) return t('ui-damaged-size-mib', { n: (n / 1024 / 1024).toFixed(1) });
  if (n >= 1024) return t('ui-damaged-size-kib', { n: String(Math.round(n / 1024)) });
  return t('ui-damaged-size-bytes', { n });
}

function busy(on) {
  busyNow = on;
  for (const b of document.querySelectorAll('button')) b.disabled = on;
}

function say(text) {
  result = text;
  $('damaged-result').textContent = result();
}

/** `what()`: the choice in words, as it is going on (`Starting fresh`). */
async function choose(what, cmd, args) {
  busy(true);
  say(() => t('ui-damaged-working', { what: what() }));
  try {
    const r = await invoke(cmd, args);
    say(() => (r.kept_as ? t('ui-damaged-done-kept', { path: r.kept_as }) : t('ui-damaged-done')));
  } catch (e) {
    say(() => t('ui-damaged-failed', { what: what(), error: e.message }));
    busy(false);
  }
}

function render() {
  translateTree(document);
  $('damaged-result').textContent = result();
  if (!info) return;
  $('damaged-error').textContent = info.error;
  $('no-backups').hidden = info.backups.length > 0;
  const list = clear($('backups'));
  for (const b of info.backups) {
    const restore = () => choose(() => t('ui-damaged-restoring', { date: day(b.date) }), 'restore_backup', { path: b.path });
    list.appendChild(
      h(
        'li',
        {},
        h('span', { text: t('ui-damaged-backup', { date: day(b.date), size: bytes(b.bytes) }) }),
        ' ',
        h('button', { type: 'button', class: 'secondary small', 'data-backup': b.path, disabled: busyNow, text: t('ui-damaged-restore', { date: day(b.date) }), on: { click: restore } }),
      ),
    );
  }
}

async function loadLanguage() {
  try {
    applyCatalogue(await invoke('get_language'));
  } catch (e) {
    // Without a catalogue every word shows as its id; the error says why.
    say(() => e.message);
  }
  try {
    await listen('language_changed', (payload) => {
      applyCatalogue(payload);
      render();
    });
  } catch {
    // This window may not hear events: it keeps the language it opened in.
  }
}

async function main() {
  await loadLanguage();
  render();
  info = await invoke('damaged_info');
  $('start-fresh').addEventListener('click', () => choose(() => t('ui-damaged-starting-fresh'), 'start_fresh'));
  render();
  document.documentElement.setAttribute('data-ready', 'true');
}

main().catch((e) => {
  $('damaged-error').textContent = t('ui-damaged-unknown', { error: e.message });
});
