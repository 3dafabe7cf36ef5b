// The add / edit monitor form. Each input has a <label> and a `name` equal to the monitor
// file's field name; the core's validation errors appear next to the input they name.

import { h, clear } from '../dom.js';
import * as fmt from '../format.js';
import { FORM_FIELDS, ADVANCED, ADVANCED_FIELDS, CHOICES, NEW_MONITOR, specToForm, formToSpec, splitErrors } from '../spec.js';
import { badge } from './widgets.js';
import { createRecoveryEditor, createConsentPanel } from './recovery.js';

const LABELS = {
  name: ['Name', 'Shown in the tray, notifications and the dashboard.'],
  target: [
    'Target',
    'https://host/path (or http://), tcp://host:port, tls://host:port, dns://resolver/name?type=A (no resolver: dns:///name?type=A; type A, AAAA, CNAME, MX, TXT or NS), icmp://host, push:// (a heartbeat your job calls).',
  ],
  interval: ['Check every', 'Like 30s, 5m or 1h.'],
  timeout: ['Timeout', 'At most the interval.'],
  failure_threshold: ['Failures before DOWN', 'Consecutive failed checks that trigger the alert.'],
  success_threshold: ['Successes before UP', 'Consecutive passing checks that resolve it.'],
  severity: ['Severity', 'Critical notifications stay until dismissed.'],
  create_incident: ['Open an incident when it goes DOWN', ''],
  conditions: ['Conditions (DOWN when one fails)', 'One per line, as in Gatus: [STATUS] == 200, [BODY].status == UP, [RESPONSE_TIME] < 500, [CERTIFICATE_EXPIRATION] > 48h.'],
  degraded_conditions: ['Conditions for DEGRADED', 'One per line; a failing one marks the check DEGRADED instead of DOWN.'],
  keyword: ['Keyword (HTTP)', 'The response body must contain this text.'],
  invert_keyword: ['The body must NOT contain the keyword', ''],
  accepted_status: ['Accepted status codes (HTTP)', 'Comma-separated codes and ranges, like 200-299, 301. Default 200-299.'],
  ignore_tls: ['Ignore TLS certificate errors (https://, tls://)', ''],
  cert_warn_days: ['Certificate warning (days)', 'DEGRADED when the certificate expires within this many days. Default 14.'],
  degraded_latency: ['DEGRADED above latency', 'Like 500ms or 2s. Empty: latency never degrades.'],
  grace: ['Grace (heartbeat)', 'DOWN when no push arrives within this long, like 10m. Default: the interval.'],
  expected: ['Expected answers (DNS)', 'One value per line; empty: any answer is UP.'],
  match: ['Match (DNS)', 'any: one expected value is among the answers; all: every one is.'],
  count: ['Echo requests (ICMP)', 'Per check. Default 3.'],
  loss_threshold: ['Loss threshold % (ICMP)', 'DEGRADED above this packet loss. Default 20.'],
  checkpoints: ['More checkpoints', 'Other targets for the same service, one per line (IPv4 and IPv6, a second URL or resolver).'],
  quorum: ['Quorum', 'How many checkpoints must fail for DOWN: majority (default), any or all.'],
  confirm_retries: ['Confirming re-checks', 'Re-check a failure this many times at once before it counts. Default 0.'],
  confirm_after: ['Wait before each re-check', 'Like 1s (the default); shorter than the interval.'],
  depends_on: ['Depends on', 'The name of another monitor: while it is DOWN, this one’s DOWN alert is held.'],
  flap_max: ['Notifications before the flap cap', 'At most this many within the window below; then one “flapping” notice and quiet until it settles. Default 4.'],
  flap_window: ['Flap cap window', 'Like 10m (the default); from 1m to 24h.'],
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

/** The snooze lengths offered: what `snooze_monitor` takes (minutes, or "forever"), text, label. */
const SNOOZE_CHOICES = [
  [60, '1 h', 'Snooze notifications for 1 hour'],
  [240, '4 h', 'Snooze notifications for 4 hours'],
  [480, '8 h', 'Snooze notifications for 8 hours'],
  ['forever', 'Until resumed', 'Snooze notifications until resumed'],
];

/** How the advanced inputs are grouped in the form. */
const ADVANCED_GROUPS = [
  ['When it is DOWN or DEGRADED', ['conditions', 'degraded_conditions', 'degraded_latency']],
  ['HTTP and TLS', ['keyword', 'invert_keyword', 'accepted_status', 'ignore_tls', 'cert_warn_days']],
  ['Heartbeat (push://)', ['grace']],
  ['DNS (dns://)', ['expected', 'match']],
  ['Ping (icmp://)', ['count', 'loss_threshold']],
  ['Confirmation', ['checkpoints', 'quorum', 'confirm_retries', 'confirm_after']],
  ['Dependencies', ['depends_on']],
  ['Flap cap', ['flap_max', 'flap_window']],
];

const CHOICE_DEFAULT = { match: 'Default (any)', quorum: 'Default (majority)' };

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
        h('option', { value: '', text: CHOICE_DEFAULT[name], selected: value === '' }),
        ...CHOICES[name].map((c) => h('option', { value: c, text: c, selected: value === c })),
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
 * {test(spec), save(spec, id, allowRecovery), remove(id), setPaused(id, paused), cancel()}}.
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
  for (const [f, kind] of ADVANCED) inputs[f] = advancedInput(f, kind, values[f]);
  const fields = Object.fromEntries(ALL_FIELDS.map((f) => [f, field(f, inputs[f])]));
  const recovery = createRecoveryEditor(values.recovery || []);
  const advancedSet = ADVANCED_FIELDS.filter((f) => (IS_CHECKBOX.has(f) ? values[f] : values[f] !== '')).length + (recovery.count ? 1 : 0);
  // Collapsed by default: most monitors need none of it. Opened when one of its inputs has an error.
  const advanced = h(
    'details',
    { id: 'advanced' },
    h('summary', { text: advancedSet ? `Advanced (${advancedSet} set)` : 'Advanced' }),
    ...ADVANCED_GROUPS.map(([legend, names]) =>
      h('fieldset', { class: 'advanced-group' }, h('legend', { text: legend }), ...names.map((f) => fields[f].wrap)),
    ),
    h('fieldset', { class: 'advanced-group', id: 'recovery' }, h('legend', { text: 'Recovery actions' }), recovery.el),
  );
  const general = h('div', { class: 'form-error', role: 'alert', id: 'form-error' });
  const result = h('div', { class: 'test-result', id: 'test-result', 'aria-live': 'polite' });
  // Where the form asks before saving recovery actions it has not saved before.
  const consent = h('div', { class: 'consent-slot', id: 'consent-slot' });
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
    h('fieldset', { class: 'advanced', 'aria-label': 'Advanced' }, advanced),
    result,
    consent,
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
    // Snooze holds notifications only; checks, status and incidents go on.
    let snoozeCtl;
    if (snoozedUntil) {
      snoozeCtl = h('button', {
        type: 'button',
        class: 'secondary',
        'data-action': 'snooze',
        text: `Unsnooze (held ${fmt.snoozeEnd(snoozedUntil)})`,
      });
      snoozeCtl.addEventListener('click', () => actions.snooze(id, null));
    } else {
      snoozeCtl = h(
        'span',
        { class: 'snooze-choices', role: 'group', 'aria-label': 'Snooze notifications' },
        h('span', { class: 'muted', text: 'Snooze notifications:' }),
        ...SNOOZE_CHOICES.map(([length, text, label]) => {
          const b = h('button', { type: 'button', class: 'secondary small', 'data-action': 'snooze', 'data-length': String(length), 'aria-label': label, text });
          b.addEventListener('click', () => actions.snooze(id, length));
          return b;
        }),
      );
    }
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
        snoozeCtl,
        simulateBtn,
        h('a', { class: 'button secondary', href: `#/maintenance?monitor=${id}`, 'data-action': 'maintenance', text: 'Maintenance window…' }),
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
        if (!at) rest.push(...msgs.map((m) => `${f}: ${m}`));
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
