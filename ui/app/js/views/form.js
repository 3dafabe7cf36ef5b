// The add / edit monitor form. Each input has a <label> and a `name` equal to the monitor
// file's field name; the core's validation errors appear next to the input they name.

import { h, clear } from '../dom.js';
import * as fmt from '../format.js';
import { FORM_FIELDS, ADVANCED, ADVANCED_FIELDS, CHOICES, NEW_MONITOR, specToForm, formToSpec, splitErrors } from '../spec.js';
import { t } from '../i18n.js';
import { said } from '../said.js';
import { badge } from './widgets.js';
import { createRecoveryEditor, createConsentPanel } from './recovery.js';

/** Each input's label and help (the help may be missing). */
const LABELS = {
  name: ['ui-field-name', 'ui-field-name-help'],
  target: ['ui-field-target', 'ui-field-target-help'],
  interval: ['ui-field-interval', 'ui-field-interval-help'],
  timeout: ['ui-field-timeout', 'ui-field-timeout-help'],
  failure_threshold: ['ui-field-failure-threshold', 'ui-field-failure-threshold-help'],
  success_threshold: ['ui-field-success-threshold', 'ui-field-success-threshold-help'],
  severity: ['ui-field-severity', 'ui-field-severity-help'],
  create_incident: ['ui-field-create-incident', null],
  conditions: ['ui-field-conditions', 'ui-field-conditions-help'],
  degraded_conditions: ['ui-field-degraded-conditions', 'ui-field-degraded-conditions-help'],
  keyword: ['ui-field-keyword', 'ui-field-keyword-help'],
  invert_keyword: ['ui-field-invert-keyword', null],
  accepted_status: ['ui-field-accepted-status', 'ui-field-accepted-status-help'],
  ignore_tls: ['ui-field-ignore-tls', null],
  cert_warn_days: ['ui-field-cert-warn-days', 'ui-field-cert-warn-days-help'],
  degraded_latency: ['ui-field-degraded-latency', 'ui-field-degraded-latency-help'],
  grace: ['ui-field-grace', 'ui-field-grace-help'],
  expected: ['ui-field-expected', 'ui-field-expected-help'],
  match: ['ui-field-match', 'ui-field-match-help'],
  count: ['ui-field-count', 'ui-field-count-help'],
  loss_threshold: ['ui-field-loss-threshold', 'ui-field-loss-threshold-help'],
  checkpoints: ['ui-field-checkpoints', 'ui-field-checkpoints-help'],
  quorum: ['ui-field-quorum', 'ui-field-quorum-help'],
  confirm_retries: ['ui-field-confirm-retries', 'ui-field-confirm-retries-help'],
  confirm_after: ['ui-field-confirm-after', 'ui-field-confirm-after-help'],
  depends_on: ['ui-field-depends-on', 'ui-field-depends-on-help'],
  flap_max: ['ui-field-flap-max', 'ui-field-flap-max-help'],
  flap_window: ['ui-field-flap-window', 'ui-field-flap-window-help'],
};

/** The core's defaults, shown in empty advanced inputs (an empty input leaves the default). */
const PLACEHOLDERS = {
  cert_warn_days: '14',
  count: '3',
  loss_threshold: '20',
  confirm_retries: '0',
  confirm_after: '1s',
  flap_max: '4',
  flap_window: '10m',
};

/** The snooze lengths offered: what `snooze_monitor` takes (minutes, or "forever"), and in words. */
const SNOOZE_CHOICES = [
  [60, () => t('ui-snooze-hours', { n: 1 }), () => t('ui-snooze-for-hours', { n: 1 })],
  [240, () => t('ui-snooze-hours', { n: 4 }), () => t('ui-snooze-for-hours', { n: 4 })],
  [480, () => t('ui-snooze-hours', { n: 8 }), () => t('ui-snooze-for-hours', { n: 8 })],
  ['forever', () => t('ui-snooze-until-resumed'), () => t('ui-snooze-for-ever')],
];

/** How the advanced inputs are grouped in the form. */
const ADVANCED_GROUPS = [
  ['ui-group-down-degraded', ['conditions', 'degraded_conditions', 'degraded_latency']],
  ['ui-group-http-tls', ['keyword', 'invert_keyword', 'accepted_status', 'ignore_tls', 'cert_warn_days']],
  ['ui-group-heartbeat', ['grace']],
  ['ui-group-dns', ['expected', 'match']],
  ['ui-group-ping', ['count', 'loss_threshold']],
  ['ui-group-confirmation', ['checkpoints', 'quorum', 'confirm_retries', 'confirm_after']],
  ['ui-group-dependencies', ['depends_on']],
  ['ui-group-flap-cap', ['flap_max', 'flap_window']],
];

const CHOICE_DEFAULT = { match: 'ui-choice-match-default', quorum: 'ui-choice-quorum-default' };
/** A choice's option in words; its value is the monitor file's word (`any`, `majority`). */
const CHOICE_WORD = {
  match: { any: 'ui-choice-any', all: 'ui-choice-all' },
  quorum: { majority: 'ui-choice-majority', any: 'ui-choice-any', all: 'ui-choice-all' },
};

/** The input element for an advanced field of the given kind, holding `value`. */
function advancedInput(name, kind, value) {
  switch (kind) {
    case 'lines':
      return h('textarea', { rows: 3, spellcheck: 'false', autocomplete: 'off', value });
    case 'bool':
      return h('input', { type: 'checkbox', checked: Boolean(value) });
    case 'choice':
      return h(
        'select',
        {},
        h('option', { value: '', text: t(CHOICE_DEFAULT[name]), selected: value === '' }),
        ...CHOICES[name].map((c) => h('option', { value: c, text: CHOICE_WORD[name][c] ? t(CHOICE_WORD[name][c]) : c, selected: value === c })),
      );
    case 'int':
      return h('input', { type: 'number', step: 1, placeholder: PLACEHOLDERS[name], value });
    case 'number':
      return h('input', { type: 'number', step: 'any', min: 0, max: 100, placeholder: PLACEHOLDERS[name], value });
    default:
      return h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: PLACEHOLDERS[name], value });
  }
}

const IS_CHECKBOX = new Set(['create_incident', ...ADVANCED.filter(([, k]) => k === 'bool').map(([f]) => f)]);
const ALL_FIELDS = [...FORM_FIELDS, ...ADVANCED_FIELDS];

function field(name, input) {
  const id = `f-${name}`;
  input.id = id;
  input.setAttribute('name', name);
  input.setAttribute('aria-describedby', `${id}-help ${id}-error`);
  const label = t(LABELS[name][0]);
  const help = LABELS[name][1] ? t(LABELS[name][1]) : '';
  const error = h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': name, 'aria-live': 'polite' });
  const isCheck = input.getAttribute('type') === 'checkbox';
  const labelEl = isCheck
    ? h('label', { for: id, class: 'check' }, input, h('span', { text: label }))
    : h('label', { for: id, text: label });
  return {
    wrap: h('div', { class: `field field-${name}` }, labelEl, isCheck ? null : input, h('p', { class: 'help muted', id: `${id}-help`, text: help }), error),
    input,
    error,
  };
}

/**
 * Builds the form. `opts`: {id (editing) or null (new), spec (when editing), status, actions:
 * {test(spec), save(spec, id, allowRecovery), remove(id), setPaused(id, paused), cancel()}}.
 */
export function createForm({ id = null, spec = null, status = null, snoozedUntil = null, values: typed = null, actions }) {
  const editing = id !== null;
  // `typed`: what the form held before it was drawn again (a language change keeps it).
  const values = typed ? { ...typed } : spec ? specToForm(spec) : { ...NEW_MONITOR };
  const title = spec ? spec.name ?? '' : values.name;
  const inputs = {
    name: h('input', { type: 'text', required: true, maxlength: 200, autocomplete: 'off', value: values.name }),
    target: h('input', { type: 'text', required: true, autocomplete: 'off', spellcheck: 'false', placeholder: 'https://example.com/health', value: values.target }),
    interval: h('input', { type: 'text', inputmode: 'text', placeholder: '60s', value: values.interval }),
    timeout: h('input', { type: 'text', placeholder: '10s', value: values.timeout }),
    failure_threshold: h('input', { type: 'number', min: 1, step: 1, value: values.failure_threshold }),
    success_threshold: h('input', { type: 'number', min: 1, step: 1, value: values.success_threshold }),
    severity: h(
      'select',
      {},
      h('option', { value: 'critical', text: t('ui-severity-option-critical'), selected: values.severity === 'critical' }),
      h('option', { value: 'warning', text: t('ui-severity-option-warning'), selected: values.severity === 'warning' }),
    ),
    create_incident: h('input', { type: 'checkbox', checked: Boolean(values.create_incident) }),
  };
  for (const [f, kind] of ADVANCED) inputs[f] = advancedInput(f, kind, values[f]);
  const fields = Object.fromEntries(ALL_FIELDS.map((f) => [f, field(f, inputs[f])]));
  const recovery = createRecoveryEditor(values.recovery || []);
  const advancedSet = ADVANCED_FIELDS.filter((f) => (IS_CHECKBOX.has(f) ? values[f] : values[f] !== '')).length + (recovery.count ? 1 : 0);
  // Collapsed by default: most monitors need none of it. Opened when one of its inputs has an error.
  const advanced = h(
    'details',
    { id: 'advanced' },
    h('summary', { text: advancedSet ? t('ui-form-advanced-set', { n: advancedSet }) : t('ui-form-advanced') }),
    ...ADVANCED_GROUPS.map(([legend, names]) =>
      h('fieldset', { class: 'advanced-group' }, h('legend', { text: t(legend) }), ...names.map((f) => fields[f].wrap)),
    ),
    h('fieldset', { class: 'advanced-group', id: 'recovery' }, h('legend', { text: t('ui-form-recovery-actions') }), recovery.el),
  );
  const general = h('div', { class: 'form-error', role: 'alert', id: 'form-error' });
  const result = h('div', { class: 'test-result', id: 'test-result', 'aria-live': 'polite' });
  // Where the form asks before saving recovery actions it has not saved before.
  const consent = h('div', { class: 'consent-slot', id: 'consent-slot' });
  const submit = h('button', { type: 'submit', text: editing ? t('ui-form-save') : t('ui-add-monitor') });
  const testBtn = h('button', { type: 'button', class: 'secondary', text: t('ui-form-test-now'), 'data-action': 'test-now' });
  const cancel = h('button', { type: 'button', class: 'secondary', text: t('ui-cancel'), on: { click: () => actions.cancel() } });

  const form = h(
    'form',
    { class: 'monitor-form', id: 'monitor-form', novalidate: true, 'aria-labelledby': 'form-heading' },
    h('h2', { id: 'form-heading', text: editing ? t('ui-form-edit-title', { name: title }) : t('ui-add-monitor') }),
    general,
    h('fieldset', {}, h('legend', { text: t('ui-form-what') }), fields.name.wrap, fields.target.wrap, h('div', { class: 'row2' }, fields.interval.wrap, fields.timeout.wrap)),
    h(
      'fieldset',
      {},
      h('legend', { text: t('ui-form-when') }),
      h('div', { class: 'row2' }, fields.failure_threshold.wrap, fields.success_threshold.wrap),
      fields.severity.wrap,
      fields.create_incident.wrap,
    ),
    h('fieldset', { class: 'advanced', 'aria-label': t('ui-form-advanced') }, advanced),
    result,
    consent,
    h('div', { class: 'form-actions' }, submit, testBtn, cancel),
  );

  const el = h('div', { class: 'form-view' }, form);

  if (editing) {
    const paused = status === 'PAUSED';
    let confirming = false;
    const pauseBtn = h('button', { type: 'button', class: 'secondary', text: paused ? t('ui-resume') : t('ui-pause'), 'data-action': 'pause' });
    pauseBtn.addEventListener('click', () => actions.setPaused(id, !paused));
    const del = h('button', { type: 'button', class: 'danger', text: t('ui-form-delete'), 'data-action': 'delete' });
    del.addEventListener('click', async () => {
      // Two steps instead of a modal dialog: click again to confirm.
      if (!confirming) {
        confirming = true;
        del.textContent = t('ui-form-really-delete', { name: title });
        return;
      }
      del.disabled = true;
      try {
        await actions.remove(id);
      } catch (e) {
        showErrors(e);
        del.disabled = false;
      }
    });
    // Snooze holds notifications only; checks, status and incidents go on.
    let snoozeCtl;
    if (snoozedUntil) {
      snoozeCtl = h('button', {
        type: 'button',
        class: 'secondary',
        'data-action': 'snooze',
        text: t('ui-snooze-unsnooze', { until: fmt.snoozeEnd(snoozedUntil) }),
      });
      snoozeCtl.addEventListener('click', () => actions.snooze(id, null));
    } else {
      snoozeCtl = h(
        'span',
        { class: 'snooze-choices', role: 'group', 'aria-label': t('ui-snooze-group') },
        h('span', { class: 'muted', text: t('ui-snooze-label') }),
        ...SNOOZE_CHOICES.map(([length, text, label]) => {
          const b = h('button', { type: 'button', class: 'secondary small', 'data-action': 'snooze', 'data-length': String(length), 'aria-label': label(), text: text() });
          b.addEventListener('click', () => actions.snooze(id, length));
          return b;
        }),
      );
    }
    const simulateBtn = h('button', {
      type: 'button',
      class: 'secondary',
      'data-action': 'simulate',
      title: t('ui-simulate-title'),
      text: t('ui-simulate'),
    });
    simulateBtn.addEventListener('click', async () => {
      simulateBtn.disabled = true;
      try {
        await actions.simulate(id, title);
      } finally {
        simulateBtn.disabled = false;
      }
    });
    // Above the form: what people come to this page for most is to pause, snooze or delete.
    el.insertBefore(
      h(
        'section',
        { class: 'panel manage', 'aria-label': t('ui-form-manage') },
        status ? badge(status) : null,
        pauseBtn,
        snoozeCtl,
        simulateBtn,
        h('a', { class: 'button secondary', href: `#/maintenance?monitor=${id}`, 'data-action': 'maintenance', text: t('ui-form-maintenance-window') }),
        del,
      ),
      form,
    );
  }

  function read() {
    const v = {};
    for (const f of ALL_FIELDS) v[f] = IS_CHECKBOX.has(f) ? inputs[f].checked : inputs[f].value;
    v.recovery = recovery.read();
    return v;
  }

  function clearErrors() {
    for (const f of ALL_FIELDS) {
      fields[f].error.textContent = '';
      inputs[f].removeAttribute('aria-invalid');
    }
    recovery.clearErrors();
    general.textContent = '';
  }

  /** Shows a command failure `{kind, message, fields}`: each FieldError next to its input. */
  function showErrors(err) {
    clearErrors();
    const { byField, general: rest } = splitErrors(err.fields);
    let first = null;
    for (const [f, msgs] of Object.entries(byField)) {
      if (!fields[f]) {
        // A recovery action's path (`recovery[1].timeout`): its input is in the editor.
        const at = recovery.showError(f, msgs);
        if (!at) rest.push(...msgs.map((m) => t('ui-error-field', { field: f, message: m })));
        else {
          advanced.setAttribute('open', '');
          if (at !== true) first ||= at;
        }
        continue;
      }
      fields[f].error.textContent = msgs.join(' ');
      inputs[f].setAttribute('aria-invalid', 'true');
      if (ADVANCED_FIELDS.includes(f)) advanced.setAttribute('open', '');
      first ||= inputs[f];
    }
    const lines = rest.length ? rest : Object.keys(byField).length ? [] : [err.message];
    general.textContent = lines.join(' ');
    if (first && first.focus) first.focus();
  }

  function specOrErrors() {
    const { spec: built, errors } = formToSpec(read(), spec || {});
    if (errors.length) {
      showErrors({ kind: 'invalid', message: t('ui-error-some-fields'), fields: errors });
      return null;
    }
    return built;
  }

  testBtn.addEventListener('click', async () => {
    const built = specOrErrors();
    if (!built) return;
    clearErrors();
    clear(result).appendChild(h('p', { class: 'muted', text: t('ui-form-checking') }));
    testBtn.disabled = true;
    try {
      const r = await actions.test(built);
      clear(result).appendChild(
        h(
          'p',
          { class: 'test-outcome', 'data-status': r.status },
          badge(r.status),
          ' ',
          h('span', { text: t('ui-form-test-latency', { latency: fmt.latency(r.latency_ms) }) }),
          r.reason ? h('span', { class: 'reason', text: ` — ${said(r.reason)}` }) : null,
        ),
      );
    } catch (e) {
      clear(result);
      showErrors(e);
    } finally {
      testBtn.disabled = false;
    }
  });

  // A recovery action runs as the user whenever the target fails. The core decides which ones
  // need a yes (those not already saved as they are) after it has checked the rest of the spec,
  // and refuses them until the person agrees: the question shows each action in the core's
  // words, exactly as it would run, and what is saved on a yes is what was shown, even if the
  // form is edited meanwhile.
  async function save(built, allowRecovery = false) {
    clear(consent);
    submit.disabled = true;
    try {
      await actions.save(built, id, allowRecovery);
    } catch (err) {
      if (err && err.kind === 'needs_consent' && !allowRecovery) ask(built, err.fields || []);
      else showErrors(err);
    } finally {
      submit.disabled = false;
    }
  }

  function ask(built, fields) {
    const asks = fields.map(({ field, message }) => {
      const action = (built.recovery || [])[Number((/\[(\d+)\]/.exec(field) || [])[1])] || {};
      return { field, kind: Array.isArray(action.run) ? 'run' : 'webhook', described: message };
    });
    advanced.setAttribute('open', '');
    const panel = createConsentPanel(asks, {
      onConfirm: () => save(built, true),
      onCancel: () => {
        clear(consent);
        submit.focus?.();
      },
    });
    consent.appendChild(panel);
    panel.querySelector('#consent-heading').focus?.();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(consent);
    const built = specOrErrors();
    if (!built) return;
    clearErrors();
    return save(built);
  });

  return { el, form, inputs, fields, advanced, recovery, consent, general, result, showErrors, read };
}
