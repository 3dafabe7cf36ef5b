// Import and export. A file from Uptime Kuma, Kener, Gatus or Lookout, picked or dropped on the
// window, is previewed first with the core's reading of it (what `lookout import --dry-run`
// says: what will be added, what cannot be carried over and why, each recovery action as it
// would run) and imported only on confirmation; the core writes every monitor or none. Export
// saves what `lookout export` writes, redacted if asked.

import { h, clear } from '../dom.js';

const FORMATS = [
  ['', 'Tell from the file'],
  ['uptime-kuma', 'Uptime Kuma backup (JSON)'],
  ['kener', 'Kener (YAML or JSON)'],
  ['gatus', 'Gatus (YAML)'],
  ['lookout', 'Lookout export (JSON)'],
];
const TITLES = { lookout: 'Lookout', kener: 'Kener', 'uptime-kuma': 'Uptime Kuma', gatus: 'Gatus' };

/** The largest import file, as the core's `import::MAX_FILE_BYTES`: checked before reading. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** `NAME: reason` items, a monitor's reasons together. */
function reasons(list) {
  return h('ul', { class: 'import-reasons' }, ...list.map((s) => h('li', {}, h('strong', { text: s.name }), `: ${s.reason}`)));
}

/**
 * `actions`: {preview(text, from) -> Preview, importFile(text, from, allowRecovery) -> {count,
 * format}, exportFile(redact) -> {path, monitors, recovery_commands}, done(message)}.
 * Returns {el, load(file)}: `load` takes a File (from the picker or a drop).
 */
export function createTransferView({ actions }) {
  const picker = h('input', { type: 'file', id: 'import-file', accept: '.json,.yaml,.yml,application/json,text/yaml' });
  const from = h('select', { id: 'import-from', name: 'from' }, ...FORMATS.map(([v, t]) => h('option', { value: v, text: t })));
  const error = h('div', { class: 'form-error', role: 'alert', id: 'import-error' });
  const preview = h('div', { id: 'import-preview', 'aria-live': 'polite' });
  let loaded = null; // {name, text}

  function showError(e) {
    clear(preview);
    clear(error).appendChild(h('p', { text: e && e.message ? e.message : String(e) }));
    const fields = (e && e.fields) || [];
    if (fields.length && !(fields.length === 1 && fields[0].field === 'file')) {
      error.appendChild(h('ul', { class: 'import-problems' }, ...fields.map((f) => h('li', { text: `${f.field}: ${f.message}` }))));
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
    const source = p.format === 'lookout' ? '' : ` from ${TITLES[p.format] || p.format}`;
    const n = p.monitors.length;
    const go = h('button', {
      type: 'button',
      'data-action': 'confirm-import',
      disabled: n === 0,
      text: p.consents.length ? `Import ${plural(n, 'monitor', 'monitors')} with ${plural(p.consents.length, 'recovery action', 'recovery actions')}` : `Import ${plural(n, 'monitor', 'monitors')}`,
    });
    const back = h('button', { type: 'button', class: 'secondary', 'data-action': 'cancel-import', text: 'Cancel' });
    back.addEventListener('click', () => {
      loaded = null;
      picker.value = '';
      clear(preview);
    });
    go.addEventListener('click', async () => {
      go.disabled = true;
      try {
        const r = await actions.importFile(text, format, p.consents.length > 0);
        actions.done(`Imported ${plural(r.count, 'monitor', 'monitors')}${source}.`);
      } catch (e) {
        go.disabled = false;
        showError(e);
      }
    });
    const parts = [
      h('h3', { id: 'import-summary', text: `${name}: ${n ? `would import ${plural(n, 'monitor', 'monitors')}${source}` : `nothing to import${source}`}` }),
      n
        ? h(
            'table',
            { class: 'windows', id: 'import-monitors' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Name' }), h('th', { scope: 'col', text: 'Target' }), h('th', { scope: 'col', text: 'Every' }))),
            h('tbody', {}, ...p.monitors.map((m) => h('tr', { 'data-name': m.name }, h('td', { text: m.paused ? `${m.name} (paused)` : m.name }), h('td', { text: m.target }), h('td', { text: m.interval })))),
          )
        : null,
      p.consents.length
        ? h(
            'section',
            { class: 'recovery-consent', id: 'import-consent', role: 'alertdialog', 'aria-labelledby': 'import-consent-heading' },
            h('h3', { id: 'import-consent-heading', text: `${plural(p.consents.length, 'recovery action', 'recovery actions')} in this file` }),
            h('p', { text: 'Each runs as you, without asking again, whenever its monitor’s target fails, and whoever wrote the file chose the targets. Read each one: it is exactly what will run.' }),
            h('ol', { class: 'consent-list' }, ...p.consents.map((c) => h('li', { 'data-monitor': c.monitor }, h('strong', { text: `${c.monitor} ${c.field}: ` }), h('code', { text: c.described })))),
          )
        : null,
      p.redacted.length ? h('section', { id: 'import-redacted' }, h('h4', { text: 'REDACTED in the file: set the real values, these checks fail until then' }), reasons(p.redacted)) : null,
      p.skipped.length ? h('section', { id: 'import-skipped' }, h('h4', { text: `Not imported (${plural(p.skipped.length, 'monitor', 'monitors')})` }), reasons(p.skipped)) : null,
      p.unmapped.length ? h('section', { id: 'import-unmapped' }, h('h4', { text: `Not carried over (${plural(p.unmapped.length, 'setting', 'settings')})` }), reasons(p.unmapped)) : null,
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
      showError({ message: `${file.name}: the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; an import file holds monitor definitions, not data` });
      return;
    }
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
      loaded = { name: file.name, text };
    } catch (e) {
      showError({ message: e instanceof TypeError ? `${file.name}: the file is not text (UTF-8)` : `Cannot read ${file.name}: ${e && e.message ? e.message : e}` });
      return;
    }
    await show();
  }

  picker.addEventListener('change', () => picker.files && picker.files[0] && load(picker.files[0]));
  from.addEventListener('change', () => show());

  const redact = h('input', { type: 'checkbox', id: 'export-redact' });
  const exportBtn = h('button', { type: 'button', class: 'secondary', id: 'export-monitors', text: 'Export monitors' });
  const exported = h('p', { id: 'export-result', role: 'status' });
  exportBtn.addEventListener('click', async () => {
    exportBtn.disabled = true;
    try {
      const r = await actions.exportFile(redact.checked);
      exported.textContent = `Saved ${plural(r.monitors, 'monitor', 'monitors')} to ${r.path}.` + (redact.checked && r.recovery_commands ? ` It keeps ${plural(r.recovery_commands, 'recovery command', 'recovery commands')}: arguments that look like secrets are REDACTED, a bare one cannot be recognised, so read them before sharing.` : '');
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
      h('h2', { id: 'import-heading', text: 'Import monitors' }),
      h('p', { class: 'muted', text: 'From an Uptime Kuma backup, a Kener or Gatus configuration, or a Lookout export. Choose the file, or drop it anywhere on this window. You see what will be added before anything is.' }),
      h('div', { class: 'import-inputs' }, h('label', { for: 'import-file', text: 'File' }), picker, h('label', { for: 'import-from', text: 'Format' }), from),
      error,
      preview,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'export-heading' },
      h('h2', { id: 'export-heading', text: 'Export monitors' }),
      h('p', { class: 'muted', text: 'Every monitor as a Lookout file, as `lookout export` writes it, saved in your Downloads folder.' }),
      h('label', { class: 'check', for: 'export-redact' }, redact, h('span', { text: 'Redact secrets (headers, tokens, passwords, webhook URLs): a file safe to share' })),
      exportBtn,
      exported,
    ),
  );
  return { el, load };
}
