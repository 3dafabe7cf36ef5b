// Maintenance windows: the list (on now, next start, rule) and the form to add one. The core
// checks every field and names it; each message shows next to its input, and nothing is
// stored unless every field is right.

import { h, clear } from '../dom.js';
import * as fmt from '../format.js';
import { windowFromForm, describeRule, windowState, sortWindows, localInputValue } from '../maintenance.js';
import { t, list } from '../i18n.js';

const FIELDS = ['monitors', 'start', 'duration', 'rrule'];

/**
 * `monitors`: [{id, name}] to choose from; `windows`: what `list_maintenance` returned;
 * `selected`: ids checked at first; `typed`: the form's values to show again (what `read()`
 * returned before a language change); `actions`: {add(args) -> Promise<window>, remove(id)}.
 */
export function createMaintenanceView({ windows = [], monitors = [], selected = [], typed = null, now = () => Date.now(), actions }) {
  const tbody = h('tbody', { id: 'maintenance-rows' });
  const table = h(
    'table',
    { class: 'windows', id: 'maintenance-list' },
    h('caption', { class: 'visually-hidden', text: t('ui-maintenance-caption') }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', text: t('ui-maintenance-col-now') }),
        h('th', { scope: 'col', text: t('ui-maintenance-monitors') }),
        h('th', { scope: 'col', text: t('ui-maintenance-starts') }),
        h('th', { scope: 'col', text: t('ui-maintenance-lasts') }),
        h('th', { scope: 'col', text: t('ui-maintenance-col-repeats') }),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('ui-actions') })),
      ),
    ),
    tbody,
  );
  const empty = h('p', { class: 'muted empty-windows', text: t('ui-maintenance-empty') });

  // The form.
  const general = h('div', { class: 'form-error', role: 'alert', id: 'maintenance-error' });
  const errors = Object.fromEntries(FIELDS.map((f) => [f, h('p', { class: 'field-error', id: `mw-${f}-error`, 'data-error-for': f, 'aria-live': 'polite' })]));
  const chosen = new Set((typed ? typed.monitors : selected).map(Number));
  const boxes = monitors.map((m) =>
    h(
      'label',
      { class: 'check monitor-choice' },
      h('input', { type: 'checkbox', name: 'monitors', value: String(m.id), checked: chosen.has(m.id) }),
      h('span', { text: m.name }),
    ),
  );
  const monitorList = h(
    'fieldset',
    { class: 'field field-monitors', 'aria-describedby': 'mw-monitors-error' },
    h('legend', { text: t('ui-maintenance-monitors') }),
    monitors.length ? h('div', { class: 'monitor-choices', id: 'mw-monitors' }, ...boxes) : h('p', { class: 'muted', text: t('ui-maintenance-no-monitors') }),
    errors.monitors,
  );
  const at = Boolean(typed && typed.start_mode === 'at');
  const startNow = h('input', { type: 'radio', name: 'start_mode', value: 'now', id: 'mw-start-now', checked: !at });
  const startAtMode = h('input', { type: 'radio', name: 'start_mode', value: 'at', id: 'mw-start-at-mode', checked: at });
  const startAt = h('input', {
    type: 'datetime-local',
    name: 'start_at',
    id: 'mw-start-at',
    'aria-label': t('ui-maintenance-start-at-label'),
    value: typed ? typed.start_at : localInputValue(new Date(now() + 3600 * 1000)),
  });
  // Typing a time means starting then.
  startAt.addEventListener('input', () => {
    startAtMode.checked = true;
    startNow.checked = false;
  });
  const startField = h(
    'fieldset',
    { class: 'field field-start', 'aria-describedby': 'mw-start-error' },
    h('legend', { text: t('ui-maintenance-starts') }),
    h('label', { class: 'check', for: 'mw-start-now' }, startNow, h('span', { text: t('ui-maintenance-start-now') })),
    h('span', { class: 'start-at' }, h('label', { class: 'check', for: 'mw-start-at-mode' }, startAtMode, h('span', { text: t('ui-maintenance-start-at') })), startAt),
    errors.start,
  );
  const duration = h('input', { type: 'text', name: 'duration', id: 'mw-duration', placeholder: '1h', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'mw-duration-help mw-duration-error' });
  const rrule = h('input', { type: 'text', name: 'rrule', id: 'mw-rrule', placeholder: 'FREQ=WEEKLY;BYDAY=SU', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'mw-rrule-help mw-rrule-error' });
  if (typed) {
    duration.value = typed.duration;
    rrule.value = typed.rrule;
  }
  const inputs = { duration, rrule, start: startAt };
  const submit = h('button', { type: 'submit', text: t('ui-maintenance-add') });
  const form = h(
    'form',
    { class: 'maintenance-form', id: 'maintenance-form', novalidate: true, 'aria-labelledby': 'mw-form-heading' },
    h('h2', { id: 'mw-form-heading', text: t('ui-maintenance-form-heading') }),
    general,
    monitorList,
    startField,
    h(
      'div',
      { class: 'field field-duration' },
      h('label', { for: 'mw-duration', text: t('ui-maintenance-lasts') }),
      duration,
      h('p', { class: 'help muted', id: 'mw-duration-help', text: t('ui-maintenance-duration-help') }),
      errors.duration,
    ),
    h(
      'div',
      { class: 'field field-rrule' },
      h('label', { for: 'mw-rrule', text: t('ui-maintenance-rrule') }),
      rrule,
      h('p', { class: 'help muted', id: 'mw-rrule-help', text: t('ui-maintenance-rrule-help') }),
      errors.rrule,
    ),
    h('div', { class: 'form-actions' }, submit),
  );

  const el = h(
    'div',
    { class: 'maintenance-page' },
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'mw-heading' },
      h('h2', { id: 'mw-heading', text: t('ui-maintenance-heading') }),
      h('p', { class: 'muted intro', text: t('ui-maintenance-intro') }),
      h('div', { class: 'table-wrap' }, table),
      empty,
    ),
    h('section', { class: 'panel' }, form),
  );

  function row(w) {
    const state = windowState(w, new Date(now()));
    let confirming = false;
    const names = list(w.monitors.map((m) => m.name));
    const remove = h('button', { type: 'button', class: 'danger small', 'data-action': 'remove-window', 'aria-label': t('ui-maintenance-remove-label', { names }), text: t('ui-remove') });
    remove.addEventListener('click', async () => {
      // Two steps instead of a modal dialog: click again to confirm.
      if (!confirming) {
        confirming = true;
        remove.textContent = t('ui-maintenance-really-remove');
        return;
      }
      remove.disabled = true;
      try {
        await actions.remove(w.id);
      } catch (e) {
        general.textContent = e.message || String(e);
        remove.disabled = false;
      }
    });
    return h(
      'tr',
      { class: `window-row window-${state.kind}`, 'data-id': w.id, 'data-state': state.kind },
      h('td', {}, h('span', { class: `window-state window-state-${state.kind}`, text: state.text })),
      h('td', { class: 'window-monitors' }, ...w.monitors.flatMap((m, i) => [i ? t('ui-list-separator') : null, h('a', { href: `#/monitors/${m.id}`, text: m.name })])),
      h('td', { class: 'nowrap' }, h('time', { datetime: w.start, text: fmt.clock(w.start, new Date(now())) })),
      h('td', { class: 'nowrap', text: w.duration }),
      h('td', { class: 'window-rule', title: w.rrule || '', text: describeRule(w.rrule) }),
      h('td', {}, remove),
    );
  }

  let shown = windows;
  function setWindows(list) {
    shown = list;
    clear(tbody);
    for (const w of sortWindows(list)) tbody.appendChild(row(w));
    table.hidden = list.length === 0;
    empty.hidden = list.length !== 0;
  }

  function read() {
    return {
      monitors: boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value),
      start_mode: startAtMode.checked ? 'at' : 'now',
      start_at: startAt.value,
      duration: duration.value,
      rrule: rrule.value,
    };
  }

  function clearErrors() {
    for (const f of FIELDS) errors[f].textContent = '';
    for (const i of Object.values(inputs)) i.removeAttribute('aria-invalid');
    general.textContent = '';
  }

  /** A command failure `{kind, message, fields}`: each FieldError next to its input. */
  function showErrors(err) {
    clearErrors();
    const rest = [];
    for (const e of err.fields || []) {
      const slot = errors[e.field];
      if (!slot) {
        rest.push(t('ui-error-field', { field: e.field, message: e.message }));
        continue;
      }
      slot.textContent = slot.textContent ? `${slot.textContent} ${e.message}` : e.message;
      if (inputs[e.field]) inputs[e.field].setAttribute('aria-invalid', 'true');
    }
    general.textContent = rest.length ? rest.join(' ') : (err.fields || []).length ? '' : err.message;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const { args, errors: local } = windowFromForm(read());
    if (local.length) {
      showErrors({ kind: 'invalid', message: t('ui-error-some-fields'), fields: local });
      return;
    }
    clearErrors();
    submit.disabled = true;
    try {
      await actions.add(args);
      duration.value = '';
      rrule.value = '';
    } catch (err) {
      showErrors(err);
    } finally {
      submit.disabled = false;
    }
  });

  setWindows(windows);
  return { el, form, setWindows, showErrors, read, get windows() { return shown; } };
}
