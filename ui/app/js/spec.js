// The add / edit form <-> the core's MonitorSpec.
//
// Input names are the monitor file's field names. Thresholds, severity and create_incident
// live under `alerts.down` in the spec; the core's errors name them by that path
// (`alerts.down.failure_threshold`), and `fieldForError` maps each back to its input.

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
};

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
  };
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
    else errors.push({ field: f, message: 'must be a whole number' });
  }
  if (values.severity) down.severity = values.severity;
  down.create_incident = Boolean(values.create_incident);
  alerts.down = down;
  spec.alerts = alerts;
  return { spec, errors };
}

/** The form input an error path belongs to, or null when the form has no such input. */
export function fieldForError(path) {
  if (FORM_FIELDS.includes(path)) return path;
  const m = /^alerts\.down\.(\w+)$/.exec(path);
  if (m && RULE_FIELDS.includes(m[1])) return m[1];
  return null;
}

/** Groups the core's FieldErrors by input: `{byField: {name: [messages]}, general: [messages]}`. */
export function splitErrors(fieldErrors) {
  const byField = {};
  const general = [];
  for (const e of fieldErrors || []) {
    const f = fieldForError(e.field);
    if (f) (byField[f] ||= []).push(e.message);
    else general.push(`${e.field}: ${e.message}`);
  }
  return { byField, general };
}
