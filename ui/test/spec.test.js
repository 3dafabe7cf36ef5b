import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formToSpec, specToForm, fieldForError, splitErrors, normaliseDuration, FORM_FIELDS, ADVANCED_FIELDS, NEW_MONITOR } from '../app/js/spec.js';
import { useLanguage } from './locale.js';

// The pure modules speak the catalogue's English here, as the page does by default.
useLanguage('en');

const values = {
  name: '  api ',
  target: ' http://127.0.0.1:8080/health ',
  interval: '1s',
  timeout: '500ms',
  failure_threshold: '2',
  success_threshold: '3',
  severity: 'critical',
  create_incident: true,
};

test('form values become a MonitorSpec with the rule under alerts.down', () => {
  const { spec, errors } = formToSpec(values);
  assert.deepEqual(errors, []);
  assert.deepEqual(spec, {
    name: 'api',
    target: 'http://127.0.0.1:8080/health',
    interval: '1s',
    timeout: '500ms',
    alerts: { down: { failure_threshold: 2, success_threshold: 3, severity: 'critical', create_incident: true } },
  });
});

test('bare numbers are seconds; empty durations are left to the core defaults', () => {
  assert.equal(normaliseDuration('30'), '30s');
  assert.equal(normaliseDuration(' 5m '), '5m');
  assert.equal(normaliseDuration(''), undefined);
  const { spec } = formToSpec({ ...values, interval: '', timeout: '' });
  assert.equal('interval' in spec, false);
  assert.equal('timeout' in spec, false);
});

test('a threshold that is not a whole number is caught before sending', () => {
  const { errors } = formToSpec({ ...values, failure_threshold: 'three' });
  assert.deepEqual(errors, [{ field: 'failure_threshold', message: 'must be a whole number' }]);
});

test('editing keeps what the form does not show', () => {
  const base = {
    name: 'api',
    target: 'https://x',
    method: 'POST',
    headers: { 'X-Key': '1' },
    alerts: { down: { failure_threshold: 1, remind_every: '1h' }, degraded: { severity: 'warning' } },
  };
  const { spec } = formToSpec({ ...specToForm(base), failure_threshold: '4' }, base);
  assert.equal(spec.method, 'POST');
  assert.deepEqual(spec.headers, { 'X-Key': '1' });
  assert.equal(spec.alerts.down.remind_every, '1h');
  assert.equal(spec.alerts.down.failure_threshold, 4);
  assert.deepEqual(spec.alerts.degraded, { severity: 'warning' });
  assert.equal(base.alerts.down.failure_threshold, 1, 'base is not mutated');
});

test('specToForm reads a full exported spec', () => {
  const v = specToForm({
    name: 'db',
    target: 'tcp://127.0.0.1:5432',
    interval: '30s',
    timeout: '5s',
    alerts: { down: { failure_threshold: 3, success_threshold: 2, severity: 'warning', create_incident: false } },
  });
  const basic = Object.fromEntries(FORM_FIELDS.map((f) => [f, v[f]]));
  assert.deepEqual(basic, {
    name: 'db',
    target: 'tcp://127.0.0.1:5432',
    interval: '30s',
    timeout: '5s',
    failure_threshold: '3',
    success_threshold: '2',
    severity: 'warning',
    create_incident: false,
  });
  for (const f of ADVANCED_FIELDS) assert.equal(v[f], NEW_MONITOR[f], `${f} is empty when the spec leaves it out`);
});

test('core error paths map to the input they name', () => {
  for (const f of ['name', 'target', 'interval', 'timeout']) assert.equal(fieldForError(f), f);
  assert.equal(fieldForError('alerts.down.failure_threshold'), 'failure_threshold');
  assert.equal(fieldForError('alerts.down.success_threshold'), 'success_threshold');
  assert.equal(fieldForError('alerts.down.severity'), 'severity');
  assert.equal(fieldForError('alerts.degraded.severity'), null);
  assert.equal(fieldForError('method'), null);
  const { byField, general } = splitErrors([
    { field: 'interval', message: 'must be at least 1s' },
    { field: 'alerts.down.failure_threshold', message: 'must be between 1 and 10000, got 0' },
    { field: 'method', message: 'unknown method' },
  ]);
  assert.deepEqual(byField, { interval: ['must be at least 1s'], failure_threshold: ['must be between 1 and 10000, got 0'] });
  assert.deepEqual(general, ['method: unknown method']);
  assert.equal(FORM_FIELDS.length, 8);
});

// A spec using every advanced field, as `get_monitor` would return it.
const advancedSpec = {
  name: 'api',
  target: 'https://api.example/health',
  interval: '30s',
  timeout: '5s',
  alerts: { down: { failure_threshold: 2, success_threshold: 1, severity: 'critical', create_incident: true } },
  conditions: ['[STATUS] == 200', '[BODY].status == UP'],
  degraded_conditions: ['[RESPONSE_TIME] < 500'],
  keyword: 'ok',
  invert_keyword: true,
  accepted_status: ['200-299', '301'],
  ignore_tls: true,
  cert_warn_days: 30,
  degraded_latency: '2s',
  grace: '10m',
  expected: ['1.2.3.4', 'v=spf1 a, mx -all'],
  match: 'all',
  count: 5,
  loss_threshold: 12.5,
  checkpoints: ['https://[::1]/health', 'https://api2.example/health'],
  quorum: 'any',
  confirm_retries: 2,
  confirm_after: '1s',
  depends_on: 'router',
};

test('every advanced field round-trips through the form unchanged', () => {
  const v = specToForm(advancedSpec);
  assert.equal(v.conditions, '[STATUS] == 200\n[BODY].status == UP');
  assert.equal(v.accepted_status, '200-299, 301');
  assert.equal(v.expected, '1.2.3.4\nv=spf1 a, mx -all', 'one per line, so values may hold commas');
  assert.equal(v.invert_keyword, true);
  assert.equal(v.count, '5');
  assert.equal(v.loss_threshold, '12.5');
  const { spec, errors } = formToSpec(v, advancedSpec);
  assert.deepEqual(errors, []);
  assert.deepEqual(spec, advancedSpec);
});

test('advanced inputs: lines and lists are trimmed, empty ones leave the field out', () => {
  const v = {
    ...specToForm(advancedSpec),
    conditions: '  [STATUS] == 200 \r\n\n [BODY].ok == true  \n',
    accepted_status: ' 200-299 ,, 418 ',
    degraded_latency: '2',
    confirm_after: '500ms',
    keyword: '',
    invert_keyword: false,
    ignore_tls: false,
    cert_warn_days: ' ',
    grace: '',
    expected: '\n',
    match: '',
    count: '',
    loss_threshold: '',
    checkpoints: '',
    quorum: '',
    confirm_retries: '',
    depends_on: '  ',
    degraded_conditions: '',
  };
  const { spec, errors } = formToSpec(v, advancedSpec);
  assert.deepEqual(errors, []);
  assert.deepEqual(spec.conditions, ['[STATUS] == 200', '[BODY].ok == true']);
  assert.deepEqual(spec.accepted_status, ['200-299', '418']);
  assert.equal(spec.degraded_latency, '2s', 'bare numbers are seconds here too');
  assert.equal(spec.confirm_after, '500ms');
  for (const f of ['keyword', 'invert_keyword', 'ignore_tls', 'cert_warn_days', 'grace', 'expected', 'match', 'count', 'loss_threshold', 'checkpoints', 'quorum', 'confirm_retries', 'depends_on', 'degraded_conditions']) {
    assert.equal(f in spec, false, `${f} left out for the core's default`);
  }
  assert.deepEqual(advancedSpec.conditions, ['[STATUS] == 200', '[BODY].status == UP'], 'base is not mutated');
});

test('a new monitor with an empty Advanced section sends only the basic fields', () => {
  const { spec } = formToSpec({ ...NEW_MONITOR, name: 'x', target: 'icmp://127.0.0.1' });
  assert.deepEqual(Object.keys(spec).sort(), ['alerts', 'interval', 'name', 'target', 'timeout']);
});

test('advanced numbers that are not numbers are caught before sending', () => {
  const { errors } = formToSpec({ ...NEW_MONITOR, name: 'x', target: 'icmp://h', count: 'three', cert_warn_days: '1.5', loss_threshold: 'lots', confirm_retries: '2' });
  assert.deepEqual(errors, [
    { field: 'cert_warn_days', message: 'must be a whole number' },
    { field: 'count', message: 'must be a whole number' },
    { field: 'loss_threshold', message: 'must be a number' },
  ]);
});

test('editing keeps advanced fields when the values come from an older form without them', () => {
  const { spec } = formToSpec({ name: 'api', target: 'https://x', severity: 'critical', create_incident: true }, advancedSpec);
  assert.deepEqual(spec.checkpoints, advancedSpec.checkpoints);
  assert.equal(spec.depends_on, 'router');
});

test("the core's errors on advanced fields map to their inputs; unknown paths stay general", () => {
  for (const f of ADVANCED_FIELDS) assert.equal(fieldForError(f), f);
  assert.equal(fieldForError('checkpoints[1]'), 'checkpoints');
  assert.equal(fieldForError('checkpoints[12]'), 'checkpoints');
  assert.equal(fieldForError('expected[0]'), 'expected');
  // Recovery paths are kept whole: the recovery editor has an input for each.
  assert.equal(fieldForError('recovery[0].run'), 'recovery[0].run');
  assert.equal(fieldForError('recovery[0]'), 'recovery[0]');
  assert.equal(fieldForError('alerts.degraded.failure_threshold'), null);
  assert.equal(fieldForError('keyword[0]'), null, 'only one-per-line inputs have lines');
  assert.equal(fieldForError('token'), null);
  assert.equal(fieldForError('ca_file'), null);
  assert.equal(fieldForError(undefined), null);
  const { byField, general } = splitErrors([
    { field: 'conditions', message: 'condition 2 ("[STATUS] === 200"), at character 15: expected a value' },
    { field: 'checkpoints[1]', message: '"ftp://x" is not a supported target' },
    { field: 'checkpoints', message: 'at most 8 checkpoints, got 9' },
    { field: 'match', message: '"some" is not a match mode; write any or all' },
    { field: 'recovery[0].run', message: 'must not be empty' },
    { field: 'headers', message: 'must be a map' },
  ]);
  assert.deepEqual(byField, {
    conditions: ['condition 2 ("[STATUS] === 200"), at character 15: expected a value'],
    checkpoints: ['line 2: "ftp://x" is not a supported target', 'at most 8 checkpoints, got 9'],
    match: ['"some" is not a match mode; write any or all'],
    'recovery[0].run': ['must not be empty'],
  });
  assert.deepEqual(general, ['headers: must be a map']);
});
