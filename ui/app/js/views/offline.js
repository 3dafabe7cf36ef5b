// The footer's "Offline detection" setting: the reference targets that must fail together for
// this machine to count as offline (then DOWN alerts are held). The core checks the text and
// names every bad entry; its messages show under the input and nothing is stored.

import { h } from '../dom.js';
import { targetsText, describeTargets } from '../offline.js';
import { t } from '../i18n.js';

/**
 * `view`: `{targets, defaults, is_default}`; `actions`: {save(text) -> Promise<view>,
 * reset() -> Promise<view>}, both rejecting with `{kind, message, fields}`.
 */
export function createOfflineSettings(view, actions) {
  const input = h('textarea', {
    id: 'reference-targets',
    name: 'reference_targets',
    rows: '3',
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'reference-targets-help reference-targets-state reference-targets-error',
  });
  const state = h('p', { class: 'help muted', id: 'reference-targets-state', 'aria-live': 'polite' });
  const error = h('p', { class: 'field-error', id: 'reference-targets-error', 'data-error-for': 'reference_targets', 'aria-live': 'polite' });
  const save = h('button', { type: 'button', id: 'save-reference-targets', class: 'small', text: t('ui-offline-save') });
  const reset = h('button', { type: 'button', id: 'reset-reference-targets', class: 'secondary small', text: t('ui-offline-reset') });
  const defaults = h('code', { id: 'reference-targets-defaults' });

  const el = h(
    'div',
    { class: 'offline-settings field' },
    h('p', { class: 'muted intro', text: t('ui-offline-intro') }),
    h('label', { for: 'reference-targets', text: t('ui-offline-label') }),
    input,
    h('p', { class: 'help muted', id: 'reference-targets-help' }, h('span', { text: t('ui-offline-defaults') }), defaults, h('span', { text: t('ui-offline-help') })),
    state,
    error,
    h('div', { class: 'form-actions' }, save, reset),
  );

  let shown = view;
  function set(v) {
    shown = v;
    input.value = targetsText(v.targets);
    input.setAttribute('placeholder', targetsText(v.defaults));
    defaults.textContent = (v.defaults || []).join(', ');
    state.textContent = describeTargets(v);
    reset.disabled = !!v.is_default;
    el.setAttribute('data-default', String(!!v.is_default));
  }

  function clearError() {
    error.textContent = '';
    input.removeAttribute('aria-invalid');
  }

  /** Each FieldError on its own line under the input; anything else as it came. */
  function showError(err) {
    const mine = (err.fields || []).filter((f) => f.field === 'reference_targets').map((f) => f.message);
    error.textContent = mine.length ? mine.join('\n') : err.message || String(err);
    input.setAttribute('aria-invalid', 'true');
  }

  async function run(button, call) {
    clearError();
    save.disabled = true;
    reset.disabled = true;
    try {
      set(await call());
    } catch (err) {
      showError(err);
      reset.disabled = el.getAttribute('data-default') === 'true';
    } finally {
      save.disabled = false;
      button.focus && button.focus();
    }
  }

  save.addEventListener('click', () => run(save, () => actions.save(input.value)));
  reset.addEventListener('click', () => run(reset, () => actions.reset()));
  input.addEventListener('input', clearError);

  set(view);
  return { el, input, set, showError, get value() { return shown; } };
}
