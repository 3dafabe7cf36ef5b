// The recovery actions editor, inside the form's Advanced section: run a program or call a
// webhook while the monitor is DOWN. A program is entered one argument per input and handed to
// the core as that list: no shell ever parses it, so nothing needs quoting and nothing a
// person types is split or expanded.

import { h, clear } from '../dom.js';
import { RECOVERY_OPTIONS, RECOVERY_DEFAULTS, newRecoveryAction } from '../spec.js';
import { t } from '../i18n.js';

/** At most this many actions per monitor (config.rs `MAX_RECOVERY_ACTIONS`). */
export const MAX_ACTIONS = 10;

const OPTION_TEXT = {
  after_failures: ['ui-recovery-after-failures', 'ui-recovery-after-failures-help'],
  max_attempts: ['ui-recovery-max-attempts', 'ui-recovery-max-attempts-help'],
  cooldown: ['ui-recovery-cooldown', 'ui-recovery-cooldown-help'],
  timeout: ['ui-recovery-timeout', 'ui-recovery-timeout-help'],
};

/** The core's defaults as placeholders; `after_failures` has none, so it says when it runs. */
const optionPlaceholder = (f) => (f === 'after_failures' ? t('ui-recovery-after-failures-placeholder') : RECOVERY_DEFAULTS[f]);

/** `actions`: the editor's model (`recoveryToForm`); returns `{el, read, showError, clearErrors}`. */
export function createRecoveryEditor(actions) {
  let model = actions.map((a) => ({ ...a, argv: [...a.argv] }));
  let slots = new Map(); // error path -> {error: <p>, input: <input>|null}
  const list = h('ol', { class: 'recovery-list', id: 'recovery-list' });
  const listError = h('p', { class: 'field-error', 'data-error-for': 'recovery', 'aria-live': 'polite' });
  const addRun = h('button', { type: 'button', class: 'secondary small', 'data-action': 'add-run', text: t('ui-recovery-add-run') });
  const addHook = h('button', { type: 'button', class: 'secondary small', 'data-action': 'add-webhook', text: t('ui-recovery-add-webhook') });
  addRun.addEventListener('click', () => add('run'));
  addHook.addEventListener('click', () => add('webhook'));
  const el = h(
    'div',
    { class: 'recovery-editor' },
    h('p', { class: 'help muted', text: t('ui-recovery-intro') }),
    list,
    listError,
    h('div', { class: 'recovery-add' }, addRun, addHook),
  );

  function add(kind) {
    sync();
    model.push(newRecoveryAction(kind));
    render();
    const card = list.children[list.children.length - 1];
    const first = card && card.querySelector(kind === 'run' ? 'input[data-arg="0"]' : 'input[data-field=webhook]');
    if (first && first.focus) first.focus();
  }

  /** Copies what was typed into the model, before anything re-renders. */
  function sync() {
    model = read();
  }

  function slot(path, input = null) {
    const error = h('p', { class: 'field-error', 'data-error-for': path, 'aria-live': 'polite' });
    slots.set(path, { error, input });
    return error;
  }

  function optionField(i, a, f) {
    const id = `f-recovery-${i}-${f}`;
    const label = t(OPTION_TEXT[f][0]);
    const help = t(OPTION_TEXT[f][1]);
    const kind = RECOVERY_OPTIONS.find(([o]) => o === f)[1];
    const input = h('input', {
      type: kind === 'int' ? 'number' : 'text',
      id,
      name: `recovery[${i}].${f}`,
      'data-field': f,
      min: kind === 'int' ? 1 : null,
      step: kind === 'int' ? 1 : null,
      placeholder: optionPlaceholder(f),
      autocomplete: 'off',
      spellcheck: 'false',
      value: a[f],
      'aria-describedby': `${id}-help`,
    });
    return h('div', { class: `field field-recovery-${f}` }, h('label', { for: id, text: label }), input, h('p', { class: 'help muted', id: `${id}-help`, text: help }), slot(`recovery[${i}].${f}`, input));
  }

  function argvField(i, a) {
    const rows = a.argv.map((arg, k) => {
      const id = `f-recovery-${i}-arg-${k}`;
      const input = h('input', { type: 'text', id, name: `recovery[${i}].run[${k}]`, 'data-arg': String(k), autocomplete: 'off', spellcheck: 'false', value: arg, placeholder: k === 0 ? 'systemctl' : '' });
      const drop =
        k === 0
          ? null
          : h('button', { type: 'button', class: 'secondary small', 'data-action': 'remove-arg', 'aria-label': t('ui-recovery-remove-argument', { n: k }), text: '×', on: { click: () => removeArg(i, k) } });
      return h('li', { class: 'arg' }, h('label', { for: id, text: k === 0 ? t('ui-recovery-program') : t('ui-recovery-argument', { n: k }) }), input, drop);
    });
    const addArg = h('button', { type: 'button', class: 'secondary small', 'data-action': 'add-arg', text: t('ui-recovery-add-argument'), on: { click: () => addArgument(i) } });
    const programInput = rows[0].querySelector('input');
    return h(
      'fieldset',
      { class: 'argv' },
      h('legend', { text: t('ui-recovery-argv') }),
      h('p', { class: 'help muted', text: t('ui-recovery-argv-help') }),
      h('ol', { class: 'argv-list' }, ...rows),
      addArg,
      slot(`recovery[${i}].run`, programInput),
    );
  }

  function webhookField(i, a) {
    const id = `f-recovery-${i}-webhook`;
    const input = h('input', { type: 'url', id, name: `recovery[${i}].webhook`, 'data-field': 'webhook', placeholder: 'https://example.com/hooks/restart', autocomplete: 'off', spellcheck: 'false', value: a.webhook });
    return h(
      'div',
      { class: 'field field-recovery-webhook' },
      h('label', { for: id, text: t('ui-recovery-webhook') }),
      input,
      h('p', { class: 'help muted', text: t('ui-recovery-webhook-help') }),
      slot(`recovery[${i}].webhook`, input),
    );
  }

  function card(a, i) {
    const n = i + 1;
    const what = a.kind === 'webhook' ? t('ui-recovery-card-webhook', { n }) : t('ui-recovery-card-run', { n });
    const remove = h('button', { type: 'button', class: 'danger small', 'data-action': 'remove-action', 'aria-label': t('ui-recovery-remove-action', { n }), text: t('ui-remove'), on: { click: () => removeAction(i) } });
    return h(
      'li',
      { class: 'recovery-action', 'data-index': String(i), 'data-kind': a.kind },
      h('div', { class: 'recovery-head' }, h('strong', { text: what }), remove),
      a.kind === 'webhook' ? webhookField(i, a) : argvField(i, a),
      h('div', { class: 'row2' }, optionField(i, a, 'after_failures'), optionField(i, a, 'max_attempts')),
      h('div', { class: 'row2' }, optionField(i, a, 'cooldown'), optionField(i, a, 'timeout')),
      slot(`recovery[${i}]`),
    );
  }

  function render() {
    slots = new Map();
    clear(list);
    model.forEach((a, i) => list.appendChild(card(a, i)));
    list.hidden = model.length === 0;
    addRun.disabled = addHook.disabled = model.length >= MAX_ACTIONS;
  }

  function removeAction(i) {
    sync();
    model.splice(i, 1);
    render();
  }

  function addArgument(i) {
    sync();
    model[i].argv.push('');
    render();
    const input = list.children[i].querySelector(`input[data-arg="${model[i].argv.length - 1}"]`);
    if (input && input.focus) input.focus();
  }

  function removeArg(i, k) {
    sync();
    model[i].argv.splice(k, 1);
    render();
  }

  /** The actions as typed, in the shape `recoveryFromForm` takes. */
  function read() {
    return Array.from(list.children).map((c, i) => {
      const a = { ...newRecoveryAction(model[i].kind) };
      if (a.kind === 'run') a.argv = Array.from(c.querySelectorAll('input[data-arg]')).map((x) => x.value);
      else a.webhook = c.querySelector('input[data-field=webhook]').value;
      for (const [f] of RECOVERY_OPTIONS) a[f] = c.querySelector(`input[data-field=${f}]`).value;
      return a;
    });
  }

  function clearErrors() {
    listError.textContent = '';
    for (const { error, input } of slots.values()) {
      error.textContent = '';
      if (input) input.removeAttribute('aria-invalid');
    }
  }

  /**
   * Shows `messages` for a core error path. Returns the input to focus (or true when the
   * message has a place but no input); false when this editor has no place for it.
   */
  function showError(path, messages) {
    if (path === 'recovery') {
      listError.textContent = messages.join(' ');
      return true;
    }
    const s = slots.get(path);
    if (!s) return false;
    s.error.textContent = messages.join(' ');
    if (s.input) s.input.setAttribute('aria-invalid', 'true');
    return s.input || true;
  }

  render();
  return { el, read, showError, clearErrors, get count() { return model.length; } };
}

/**
 * Asks before saving recovery actions (issue 10, item 1): `asks` from the core's `needs_consent` answer,
 * each shown as exactly what would run. `onConfirm()` saves; `onCancel()` goes back to the form.
 */
export function createConsentPanel(asks, { onConfirm, onCancel }) {
  const n = asks.length;
  const confirm = h('button', { type: 'button', 'data-action': 'confirm-recovery', text: t('ui-consent-confirm', { n }) });
  const back = h('button', { type: 'button', class: 'secondary', 'data-action': 'cancel-recovery', text: t('ui-consent-back') });
  confirm.addEventListener('click', onConfirm);
  back.addEventListener('click', onCancel);
  const heading = h('h3', { id: 'consent-heading', tabindex: '-1', text: t('ui-consent-heading', { n }) });
  return h(
    'section',
    { class: 'recovery-consent', id: 'recovery-consent', role: 'alertdialog', 'aria-labelledby': 'consent-heading' },
    heading,
    h('p', { text: t('ui-consent-intro') }),
    h(
      'ol',
      { class: 'consent-list' },
      ...asks.map((a) => h('li', { 'data-field': a.field, 'data-kind': a.kind }, h('strong', { text: t('ui-consent-field', { field: a.field }) }), h('code', { text: a.described }))),
    ),
    h('div', { class: 'form-actions' }, confirm, back),
  );
}
