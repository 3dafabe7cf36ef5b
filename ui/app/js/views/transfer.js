// Import and export. A file from Uptime Kuma, Kener, Gatus or Lookout, picked or dropped on the
// window, is previewed first with the core's reading of it (what `lookout import --dry-run`
// says: what will be added, what cannot be carried over and why, each recovery action as it
// would run) and imported only on confirmation; the core writes every monitor or none. Export
// saves what `lookout export` writes, redacted if asked.

import { h, clear } from '../dom.js';
import { t } from '../i18n.js';

const FORMATS = [
  ['', 'ui-import-format-auto'],
  ['uptime-kuma', 'ui-import-format-uptime-kuma'],
  ['kener', 'ui-import-format-kener'],
  ['gatus', 'ui-import-format-gatus'],
  ['lookout', 'ui-import-format-lookout'],
];
/** The tools a file comes from, by name (product names, the same in every language). */
const TITLES = { lookout: 'ui-tool-lookout', kener: 'ui-tool-kener', 'uptime-kuma': 'ui-tool-uptime-kuma', gatus: 'ui-tool-gatus' };

/** The largest import file, as the core's `import::MAX_FILE_BYTES`: checked before reading. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** `NAME: reason` items, a monitor's reasons together. */
function reasons(list) {
  return h('ul', { class: 'import-reasons' }, ...list.map((s) => h('li', {}, h('strong', { text: s.name }), h('span', { text: t('ui-import-reason', { reason: s.reason }) }))));
}

/** `mine.json: would import 2 monitors from Kener`, or `nothing to import`. */
function previewSummary(name, n, tool) {
  if (n) return tool ? t('ui-import-summary-from', { name, n, tool }) : t('ui-import-summary', { name, n });
  return tool ? t('ui-import-nothing-from', { name, tool }) : t('ui-import-nothing', { name });
}

/**
 * `actions`: {preview(text, from) -> Preview, importFile(text, from, allowRecovery) -> {count,
 * format}, exportFile(redact) -> {path, monitors, recovery_commands}, done(message)}.
 * `kept`: what `kept()` of the view drawn before returned (a language change shows the same file).
 * Returns {el, load(file), kept()}: `load` takes a File (from the picker or a drop).
 */
export function createTransferView({ actions, kept = null }) {
  const picker = h('input', { type: 'file', id: 'import-file', accept: '.json,.yaml,.yml,application/json,text/yaml' });
  const from = h('select', { id: 'import-from', name: 'from' }, ...FORMATS.map(([v, id]) => h('option', { value: v, text: t(id), selected: kept ? kept.format === v : false })));
  const error = h('div', { class: 'form-error', role: 'alert', id: 'import-error' });
  const preview = h('div', { id: 'import-preview', 'aria-live': 'polite' });
  let loaded = null; // {name, text}

  function showError(e) {
    clear(preview);
    clear(error).appendChild(h('p', { text: e && e.message ? e.message : String(e) }));
    const fields = (e && e.fields) || [];
    if (fields.length && !(fields.length === 1 && fields[0].field === 'file')) {
      error.appendChild(h('ul', { class: 'import-problems' }, ...fields.map((f) => h('li', { text: t('ui-error-field', { field: f.field, message: f.message }) }))));
    }
  }

  let shown = 0; // the latest preview asked for: an older answer arriving late is dropped

  async function show() {
    clear(error);
    clear(preview);
    if (!loaded) return;
    const seq = ++shown;
    const { name, text } = loaded;
    const format = from.value;
    let p;
    try {
      p = await actions.preview(text, format);
    } catch (e) {
      if (seq === shown) showError(e);
      return;
    }
    if (seq !== shown) return;
    // A Lookout file says no "from": it is not coming from another tool.
    const tool = p.format === 'lookout' ? null : TITLES[p.format] ? t(TITLES[p.format]) : p.format;
    const n = p.monitors.length;
    const actionsCount = p.consents.length;
    const go = h('button', {
      type: 'button',
      'data-action': 'confirm-import',
      disabled: n === 0,
      text: actionsCount ? t('ui-import-confirm-with-actions', { n, actions: actionsCount }) : t('ui-import-confirm', { n }),
    });
    const back = h('button', { type: 'button', class: 'secondary', 'data-action': 'cancel-import', text: t('ui-cancel') });
    back.addEventListener('click', () => {
      loaded = null;
      picker.value = '';
      clear(preview);
    });
    go.addEventListener('click', async () => {
      go.disabled = true;
      try {
        const r = await actions.importFile(text, format, p.consents.length > 0);
        actions.done(tool ? t('ui-import-done-from', { n: r.count, tool }) : t('ui-import-done', { n: r.count }));
      } catch (e) {
        go.disabled = false;
        showError(e);
      }
    });
    const parts = [
      h('h3', { id: 'import-summary', text: previewSummary(name, n, tool) }),
      n
        ? h(
            'table',
            { class: 'windows', id: 'import-monitors' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('ui-import-col-name') }), h('th', { scope: 'col', text: t('ui-import-col-target') }), h('th', { scope: 'col', text: t('ui-import-col-every') }))),
            h('tbody', {}, ...p.monitors.map((m) => h('tr', { 'data-name': m.name }, h('td', { text: m.paused ? t('ui-import-paused', { name: m.name }) : m.name }), h('td', { text: m.target }), h('td', { text: m.interval })))),
          )
        : null,
      p.consents.length
        ? h(
            'section',
            { class: 'recovery-consent', id: 'import-consent', role: 'alertdialog', 'aria-labelledby': 'import-consent-heading' },
            h('h3', { id: 'import-consent-heading', text: t('ui-import-consent-heading', { n: actionsCount }) }),
            h('p', { text: t('ui-import-consent-intro') }),
            h('ol', { class: 'consent-list' }, ...p.consents.map((c) => h('li', { 'data-monitor': c.monitor }, h('strong', { text: t('ui-import-consent-field', { monitor: c.monitor, field: c.field }) }), h('code', { text: c.described })))),
          )
        : null,
      p.redacted.length ? h('section', { id: 'import-redacted' }, h('h4', { text: t('ui-import-redacted') }), reasons(p.redacted)) : null,
      p.skipped.length ? h('section', { id: 'import-skipped' }, h('h4', { text: t('ui-import-skipped', { n: p.skipped.length }) }), reasons(p.skipped)) : null,
      p.unmapped.length ? h('section', { id: 'import-unmapped' }, h('h4', { text: t('ui-import-unmapped', { n: p.unmapped.length }) }), reasons(p.unmapped)) : null,
      h('div', { class: 'form-actions' }, go, back),
    ];
    preview.append(...parts.filter(Boolean));
  }

  /** Reads a picked or dropped file and previews it: at most MAX_FILE_BYTES, UTF-8 text. */
  async function load(file) {
    clear(error);
    clear(preview);
    if (!picker.files || picker.files[0] !== file) picker.value = ''; // a drop: the picker no longer says what is shown
    loaded = null;
    shown++;
    if (file.size > MAX_FILE_BYTES) {
      showError({ message: t('ui-import-too-large', { name: file.name, mib: MAX_FILE_BYTES / 1024 / 1024 }) });
      return;
    }
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
      loaded = { name: file.name, text };
    } catch (e) {
      showError({ message: e instanceof TypeError ? t('ui-import-not-text', { name: file.name }) : t('ui-import-cannot-read', { name: file.name, error: String(e && e.message ? e.message : e) }) });
      return;
    }
    await show();
  }

  picker.addEventListener('change', () => picker.files && picker.files[0] && load(picker.files[0]));
  from.addEventListener('change', () => show());

  const redact = h('input', { type: 'checkbox', id: 'export-redact', checked: Boolean(kept && kept.redact) });
  const exportBtn = h('button', { type: 'button', class: 'secondary', id: 'export-monitors', text: t('ui-export-button') });
  const exported = h('p', { id: 'export-result', role: 'status' });
  exportBtn.addEventListener('click', async () => {
    exportBtn.disabled = true;
    try {
      const r = await actions.exportFile(redact.checked);
      const saved = t('ui-export-saved', { n: r.monitors, path: r.path });
      exported.textContent = redact.checked && r.recovery_commands ? t('ui-export-saved-with-commands', { saved, commands: r.recovery_commands }) : saved;
    } catch (e) {
      exported.textContent = e && e.message ? e.message : String(e);
    } finally {
      exportBtn.disabled = false;
    }
  });

  const el = h(
    'div',
    { class: 'transfer' },
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'import-heading' },
      h('h2', { id: 'import-heading', text: t('ui-import-heading') }),
      h('p', { class: 'muted', text: t('ui-import-intro') }),
      h('div', { class: 'import-inputs' }, h('label', { for: 'import-file', text: t('ui-import-file') }), picker, h('label', { for: 'import-from', text: t('ui-import-format') }), from),
      error,
      preview,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'export-heading' },
      h('h2', { id: 'export-heading', text: t('ui-export-heading') }),
      h('p', { class: 'muted', text: t('ui-export-intro') }),
      h('label', { class: 'check', for: 'export-redact' }, redact, h('span', { text: t('ui-export-redact') })),
      exportBtn,
      exported,
    ),
  );

  /** What this view holds that a redraw must keep: the file read, the format, the redact box. */
  function keep() {
    return { loaded, format: from.value, redact: redact.checked };
  }

  if (kept && kept.loaded) {
    loaded = kept.loaded;
    show();
  }
  return { el, load, kept: keep };
}
