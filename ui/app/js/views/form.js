// The add / edit monitor form. Each input has a <label> and a `name` equal to the monitor
// file's field name; the core's validation errors appear next to the input they name.

import { h, clear } from '../dom.js';
import * as fmt from '../format.js';
import { FORM_FIELDS, NEW_MONITOR, specToForm, formToSpec, splitErrors } from '../spec.js';
import { badge } from './widgets.js';

const LABELS = {
  name: ['Name', 'Shown in the tray, notifications and the dashboard.'],
  target: ['Target', 'https://host/path, tcp://host:port, …'],
  interval: ['Check every', 'Like 30s, 5m or 1h.'],
  timeout: ['Timeout', 'At most the interval.'],
  failure_threshold: ['Failures before DOWN', 'Consecutive failed checks that trigger the alert.'],
  success_threshold: ['Successes before UP', 'Consecutive passing checks that resolve it.'],
  severity: ['Severity', 'Critical notifications stay until dismissed.'],
  create_incident: ['Open an incident when it goes DOWN', ''],
};

function field(name, input) {
  const id = `f-${name}`;
  input.id = id;
  input.setAttribute('name', name);
  input.setAttribute('aria-describedby', `${id}-help ${id}-error`);
  const [label, help] = LABELS[name];
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
 * {test(spec), save(spec, id), remove(id), setPaused(id, paused), cancel()}}.
 */
export function createForm({ id = null, spec = null, status = null, snoozedUntil = null, actions }) {
  const editing = id !== null;
  const values = spec ? specToForm(spec) : { ...NEW_MONITOR };
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
      h('option', { value: 'critical', text: 'Critical', selected: values.severity === 'critical' }),
      h('option', { value: 'warning', text: 'Warning', selected: values.severity === 'warning' }),
    ),
    create_incident: h('input', { type: 'checkbox', checked: Boolean(values.create_incident) }),
  };
  const fields = Object.fromEntries(FORM_FIELDS.map((f) => [f, field(f, inputs[f])]));
  const general = h('div', { class: 'form-error', role: 'alert', id: 'form-error' });
  const result = h('div', { class: 'test-result', id: 'test-result', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', text: editing ? 'Save changes' : 'Add monitor' });
  const testBtn = h('button', { type: 'button', class: 'secondary', text: 'Test now', 'data-action': 'test-now' });
  const cancel = h('button', { type: 'button', class: 'secondary', text: 'Cancel', on: { click: () => actions.cancel() } });

  const form = h(
    'form',
    { class: 'monitor-form', id: 'monitor-form', novalidate: true, 'aria-labelledby': 'form-heading' },
    h('h2', { id: 'form-heading', text: editing ? `Edit ${values.name}` : 'Add monitor' }),
    general,
    h('fieldset', {}, h('legend', { text: 'What to watch' }), fields.name.wrap, fields.target.wrap, h('div', { class: 'row2' }, fields.interval.wrap, fields.timeout.wrap)),
    h(
      'fieldset',
      {},
      h('legend', { text: 'When to alert' }),
      h('div', { class: 'row2' }, fields.failure_threshold.wrap, fields.success_threshold.wrap),
      fields.severity.wrap,
      fields.create_incident.wrap,
    ),
    result,
    h('div', { class: 'form-actions' }, submit, testBtn, cancel),
  );

  const el = h('div', { class: 'form-view' }, form);

  if (editing) {
    const paused = status === 'PAUSED';
    let confirming = false;
    const pauseBtn = h('button', { type: 'button', class: 'secondary', text: paused ? 'Resume' : 'Pause', 'data-action': 'pause' });
    pauseBtn.addEventListener('click', () => actions.setPaused(id, !paused));
    const del = h('button', { type: 'button', class: 'danger', text: 'Delete', 'data-action': 'delete' });
    del.addEventListener('click', async () => {
      // Two steps instead of a modal dialog: click again to confirm.
      if (!confirming) {
        confirming = true;
        del.textContent = `Really delete ${values.name}?`;
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
    const snoozeBtn = h('button', {
      type: 'button',
      class: 'secondary',
      'data-action': 'snooze',
      text: snoozedUntil ? `Unsnooze (held until ${fmt.clock(snoozedUntil)})` : 'Snooze notifications 1 h',
    });
    snoozeBtn.addEventListener('click', () => actions.snooze(id, snoozedUntil ? null : 60));
    const simulateBtn = h('button', {
      type: 'button',
      class: 'secondary',
      'data-action': 'simulate',
      title: 'Drives the rule, an incident and the notifications with synthetic failures; the service is not touched and recovery actions only say what they would run.',
      text: 'Simulate outage',
    });
    simulateBtn.addEventListener('click', async () => {
      simulateBtn.disabled = true;
      try {
        await actions.simulate(id, values.name);
      } finally {
        simulateBtn.disabled = false;
      }
    });
    // Above the form: what people come to this page for most is to pause, snooze or delete.
    el.insertBefore(
      h(
        'section',
        { class: 'panel manage', 'aria-label': 'Manage this monitor' },
        status ? badge(status) : null,
        pauseBtn,
        snoozeBtn,
        simulateBtn,
        del,
      ),
      form,
    );
  }

  function read() {
    const v = {};
    for (const f of FORM_FIELDS) v[f] = f === 'create_incident' ? inputs[f].checked : inputs[f].value;
    return v;
  }

  function clearErrors() {
    for (const f of FORM_FIELDS) {
      fields[f].error.textContent = '';
      inputs[f].removeAttribute('aria-invalid');
    }
    general.textContent = '';
  }

  /** Shows a command failure `{kind, message, fields}`: each FieldError next to its input. */
  function showErrors(err) {
    clearErrors();
    const { byField, general: rest } = splitErrors(err.fields);
    let first = null;
    for (const [f, msgs] of Object.entries(byField)) {
      fields[f].error.textContent = msgs.join(' ');
      inputs[f].setAttribute('aria-invalid', 'true');
      first ||= inputs[f];
    }
    const lines = rest.length ? rest : Object.keys(byField).length ? [] : [err.message];
    general.textContent = lines.join(' ');
    if (first && first.focus) first.focus();
  }

  function specOrErrors() {
    const { spec: built, errors } = formToSpec(read(), spec || {});
    if (errors.length) {
      showErrors({ kind: 'invalid', message: 'Some fields need fixing', fields: errors });
      return null;
    }
    return built;
  }

  testBtn.addEventListener('click', async () => {
    const built = specOrErrors();
    if (!built) return;
    clearErrors();
    clear(result).appendChild(h('p', { class: 'muted', text: 'Checking…' }));
    testBtn.disabled = true;
    try {
      const r = await actions.test(built);
      clear(result).appendChild(
        h(
          'p',
          { class: 'test-outcome', 'data-status': r.status },
          badge(r.status),
          ' ',
          h('span', { text: `in ${fmt.latency(r.latency_ms)}` }),
          r.reason ? h('span', { class: 'reason', text: ` — ${r.reason}` }) : null,
        ),
      );
    } catch (e) {
      clear(result);
      showErrors(e);
    } finally {
      testBtn.disabled = false;
    }
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const built = specOrErrors();
    if (!built) return;
    clearErrors();
    submit.disabled = true;
    try {
      await actions.save(built, id);
    } catch (err) {
      showErrors(err);
    } finally {
      submit.disabled = false;
    }
  });

  return { el, form, inputs, fields, general, result, showErrors, read };
}
