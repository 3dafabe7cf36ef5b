// The footer's "Prometheus metrics" setting: where the app serves /metrics (a port, an address,
// or empty for off). The app binds the new address before it keeps the setting, so an address
// that cannot be served shows its error under the input and nothing changes.

import { h } from '../dom.js';
import { t } from '../i18n.js';

/** `view`: `{value, serving}`; `actions.save(text) -> Promise<view>`, rejecting with `{kind, message, fields}`. */
export function createMetricsSettings(view, actions) {
  const input = h('input', {
    id: 'metrics-listen',
    name: 'metrics_listen',
    type: 'text',
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'metrics-listen-state metrics-listen-error',
  });
  const state = h('p', { class: 'help muted', id: 'metrics-listen-state', 'aria-live': 'polite' });
  const error = h('p', { class: 'field-error', id: 'metrics-listen-error', 'data-error-for': 'metrics_listen', 'aria-live': 'polite' });
  const save = h('button', { type: 'button', id: 'save-metrics-listen', class: 'small', text: t('ui-metrics-save') });
  const el = h(
    'div',
    { class: 'offline-settings field' },
    h('p', { class: 'muted intro', text: t('ui-metrics-intro') }),
    h('label', { for: 'metrics-listen', text: t('ui-metrics-label') }),
    input,
    state,
    error,
    h('div', { class: 'form-actions' }, save),
  );

  let shown = view;
  function set(v) {
    shown = v;
    input.value = v.value || '';
    state.textContent = v.serving ? t('ui-metrics-serving', { addr: v.serving }) : t('ui-metrics-off');
    el.setAttribute('data-serving', v.serving || '');
  }

  function clearError() {
    error.textContent = '';
    input.removeAttribute('aria-invalid');
  }

  save.addEventListener('click', async () => {
    clearError();
    save.disabled = true;
    try {
      set(await actions.save(input.value));
    } catch (err) {
      const mine = (err.fields || []).filter((f) => f.field === 'metrics_listen').map((f) => f.message);
      error.textContent = mine.length ? mine.join('\n') : err.message || String(err);
      input.setAttribute('aria-invalid', 'true');
    } finally {
      save.disabled = false;
    }
  });
  input.addEventListener('input', clearError);
  set(view);
  return {
    el,
    input,
    get value() {
      return shown;
    },
  };
}
