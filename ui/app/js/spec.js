// The add / edit form <-> the core's MonitorSpec.
//
// Input names are the monitor file's field names. Thresholds, severity and create_incident
// live under `alerts.down` in the spec; the core's errors name them by that path
// (`alerts.down.failure_threshold`), and `fieldForError` maps each back to its input.
// The "Advanced" inputs map one to one onto top-level spec fields (`ADVANCED`); an empty one
// leaves its field out of the spec, so the core applies its default. Recovery actions are a
// list edited on its own (`recoveryToForm` / `recoveryFromForm`); the core names their errors
// `recovery[0].run`, and those paths are kept whole so the editor finds the input.

import { t } from './i18n.js';

export const FORM_FIELDS = [
  'name',
  'target',
  'interval',
  'timeout',
  'failure_threshold',
  'success_threshold',
  'severity',
  'create_incident',
];

/**
 * The advanced inputs, in form order, by how their text becomes the spec's value:
 * `lines` (one per line → array), `list` (comma-separated → array), `text`, `duration`,
 * `int`, `number`, `bool` (a checkbox; unchecked leaves the field out), `choice` (a select whose
 * empty option leaves the field out).
 */
export const ADVANCED = [
  ['conditions', 'lines'],
  ['degraded_conditions', 'lines'],
  ['keyword', 'text'],
  ['invert_keyword', 'bool'],
  ['accepted_status', 'list'],
  ['ignore_tls', 'bool'],
  ['cert_warn_days', 'int'],
  ['degraded_latency', 'duration'],
  ['grace', 'duration'],
  ['expected', 'lines'],
  ['match', 'choice'],
  ['count', 'int'],
  ['loss_threshold', 'number'],
  ['checkpoints', 'lines'],
  ['quorum', 'choice'],
  ['confirm_retries', 'int'],
  ['confirm_after', 'duration'],
  ['depends_on', 'text'],
  ['flap_max', 'int'],
  ['flap_window', 'duration'],
];

export const ADVANCED_FIELDS = ADVANCED.map(([f]) => f);

/** The options of the `choice` inputs; '' is "the core's default". */
export const CHOICES = {
  match: ['any', 'all'],
  quorum: ['majority', 'any', 'all'],
};

const KIND = Object.fromEntries(ADVANCED);

/** Defaults shown in an empty form; the core applies the same when a field is left out. */
export const NEW_MONITOR = {
  name: '',
  target: '',
  interval: '60s',
  timeout: '10s',
  failure_threshold: '1',
  success_threshold: '1',
  severity: 'critical',
  create_incident: true,
  ...Object.fromEntries(ADVANCED.map(([f, kind]) => [f, kind === 'bool' ? false : ''])),
  recovery: [],
};

/** A recovery action's safeguards, each an input; empty leaves it to the core's default. */
export const RECOVERY_OPTIONS = [
  ['after_failures', 'int'],
  ['max_attempts', 'int'],
  ['cooldown', 'duration'],
  ['timeout', 'duration'],
];

/** The core's defaults, shown as placeholders (config.rs `defaults::RECOVERY_*`). */
export const RECOVERY_DEFAULTS = { after_failures: '', max_attempts: '3', cooldown: '5m', timeout: '30s' };

/** A new, empty action of `kind` (`run` or `webhook`) as the editor holds it. */
export function newRecoveryAction(kind) {
  return { kind, argv: kind === 'run' ? [''] : [], webhook: '', after_failures: '', max_attempts: '', cooldown: '', timeout: '' };
}

/** The spec's `recovery` list as the editor holds it: `[{kind, argv: [..], webhook, ...}]`. */
export function recoveryToForm(list) {
  return (Array.isArray(list) ? list : []).map((a) => {
    const kind = a.webhook !== undefined && a.webhook !== null && (a.run === undefined || a.run === null) ? 'webhook' : 'run';
    const out = newRecoveryAction(kind);
    if (kind === 'run') out.argv = Array.isArray(a.run) && a.run.length ? a.run.map(String) : [''];
    else out.webhook = String(a.webhook);
    for (const [f] of RECOVERY_OPTIONS) out[f] = a[f] === undefined || a[f] === null ? '' : String(a[f]);
    return out;
  });
}

/**
 * The editor's actions -> `{value, errors}`: `value` is the spec's `recovery` list (undefined
 * when there are none); `errors` what cannot be sent (a count that is not a whole number),
 * named as the core names its own (`recovery[1].max_attempts`).
 *
 * The argv goes to the core as the person typed it, one argument per input: nothing is split
 * or quoted, and no shell ever sees it. Only empty inputs are dropped.
 */
export function recoveryFromForm(actions) {
  const errors = [];
  const value = (actions || []).map((a, i) => {
    const out = {};
    if (a.kind === 'webhook') out.webhook = String(a.webhook ?? '').trim();
    else {
      const argv = (a.argv || []).map(String);
      if (argv.length) argv[0] = argv[0].trim();
      out.run = argv.filter((x) => x !== '');
    }
    for (const [f, kind] of RECOVERY_OPTIONS) {
      const text = String(a[f] ?? '').trim();
      if (text === '') continue;
      if (kind === 'int') {
        if (/^-?\d+$/.test(text)) out[f] = Number(text);
        else errors.push({ field: `recovery[${i}].${f}`, message: t('ui-error-whole-number') });
      } else out[f] = normaliseDuration(text);
    }
    return out;
  });
  return { value: value.length ? value : undefined, errors };
}

const RULE_FIELDS = ['failure_threshold', 'success_threshold', 'severity', 'create_incident'];

/** The form's values for an existing monitor's spec. */
export function specToForm(spec) {
  const down = (spec.alerts && spec.alerts.down) || {};
  return {
    name: spec.name ?? '',
    target: spec.target ?? '',
    interval: spec.interval ?? NEW_MONITOR.interval,
    timeout: spec.timeout ?? NEW_MONITOR.timeout,
    failure_threshold: String(down.failure_threshold ?? NEW_MONITOR.failure_threshold),
    success_threshold: String(down.success_threshold ?? NEW_MONITOR.success_threshold),
    severity: down.severity ?? NEW_MONITOR.severity,
    create_incident: down.create_incident ?? NEW_MONITOR.create_incident,
    ...Object.fromEntries(ADVANCED.map(([f, kind]) => [f, advancedToForm(spec[f], kind)])),
    recovery: recoveryToForm(spec.recovery),
  };
}

function advancedToForm(v, kind) {
  if (kind === 'bool') return v === true;
  if (v === undefined || v === null) return '';
  if (kind === 'lines') return Array.isArray(v) ? v.join('\n') : String(v);
  if (kind === 'list') return Array.isArray(v) ? v.join(', ') : String(v);
  return String(v);
}

/** One advanced input's text → `{value}` (undefined: leave the field out) or `{error}`. */
function advancedFromForm(raw, kind) {
  if (kind === 'bool') return { value: raw === true || raw === 'true' || raw === 'on' ? true : undefined };
  const s = String(raw ?? '');
  if (kind === 'lines' || kind === 'list') {
    const parts = s
      .split(kind === 'lines' ? /\r?\n/ : ',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    return { value: parts.length ? parts : undefined };
  }
  const text = s.trim();
  if (text === '') return { value: undefined };
  if (kind === 'duration') return { value: normaliseDuration(text) };
  if (kind === 'int') return /^-?\d+$/.test(text) ? { value: Number(text) } : { error: t('ui-error-whole-number') };
  if (kind === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? { value: n } : { error: t('ui-error-number') };
  }
  return { value: text };
}

/** `30` means seconds; anything else goes to the core as written (`500ms`, `5m`). */
export function normaliseDuration(v) {
  const s = String(v ?? '').trim();
  if (s === '') return undefined;
  return /^\d+$/.test(s) ? `${s}s` : s;
}

/**
 * Builds a MonitorSpec from the form's values, keeping every field of `base` (the monitor being
 * edited) that the form does not show. Returns `{spec, errors}`; `errors` holds what cannot
 * even be sent (a threshold that is not a whole number), everything else the core validates.
 */
export function formToSpec(values, base = {}) {
  const errors = [];
  const spec = structuredClone(base);
  spec.name = String(values.name ?? '').trim();
  spec.target = String(values.target ?? '').trim();
  for (const f of ['interval', 'timeout']) {
    const d = normaliseDuration(values[f]);
    if (d === undefined) delete spec[f];
    else spec[f] = d;
  }
  const alerts = spec.alerts ? { ...spec.alerts } : {};
  const down = alerts.down ? { ...alerts.down } : {};
  for (const f of ['failure_threshold', 'success_threshold']) {
    const s = String(values[f] ?? '').trim();
    if (s === '') delete down[f];
    else if (/^-?\d+$/.test(s)) down[f] = Number(s);
    else errors.push({ field: f, message: t('ui-error-whole-number') });
  }
  if (values.severity) down.severity = values.severity;
  down.create_incident = Boolean(values.create_incident);
  alerts.down = down;
  spec.alerts = alerts;
  for (const [f, kind] of ADVANCED) {
    if (!(f in values)) continue; // not on this form: keep whatever base has
    const { value, error } = advancedFromForm(values[f], kind);
    if (error) errors.push({ field: f, message: error });
    else if (value === undefined) delete spec[f];
    else spec[f] = value;
  }
  if ('recovery' in values) {
    const { value, errors: more } = recoveryFromForm(values.recovery);
    errors.push(...more);
    if (value === undefined) delete spec.recovery;
    else spec.recovery = value;
  }
  return { spec, errors };
}

/** The form input an error path belongs to, or null when the form has no such input. */
export function fieldForError(path) {
  const p = String(path ?? '');
  if (FORM_FIELDS.includes(p) || ADVANCED_FIELDS.includes(p)) return p;
  const m = /^alerts\.down\.(\w+)$/.exec(p);
  if (m && RULE_FIELDS.includes(m[1])) return m[1];
  // `checkpoints[1]`: the second line of a one-per-line input.
  const i = /^(\w+)\[(\d+)\]$/.exec(p);
  if (i && KIND[i[1]] === 'lines') return i[1];
  // The recovery editor has an input (or a place) for each of these, found by the whole path.
  if (isRecoveryPath(p)) return p;
  return null;
}

/** `recovery`, `recovery[2]` or `recovery[2].timeout`. */
export function isRecoveryPath(path) {
  return /^recovery(\[\d+\](\.\w+)?)?$/.test(String(path ?? ''));
}

/** The message shown beside the input: an indexed path says which line it is about. */
export function messageForError(path, message) {
  const i = /^(\w+)\[(\d+)\]$/.exec(String(path ?? ''));
  return i && KIND[i[1]] === 'lines' ? t('ui-error-on-line', { line: Number(i[2]) + 1, message }) : message;
}

/** Groups the core's FieldErrors by input: `{byField: {name: [messages]}, general: [messages]}`. */
export function splitErrors(fieldErrors) {
  const byField = {};
  const general = [];
  for (const e of fieldErrors || []) {
    const f = fieldForError(e.field);
    if (f) (byField[f] ||= []).push(messageForError(e.field, e.message));
    else general.push(t('ui-error-field', { field: e.field, message: e.message }));
  }
  return { byField, general };
}
