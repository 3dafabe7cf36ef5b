import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formToSpec, specToForm, fieldForError, splitErrors, normaliseDuration, FORM_FIELDS } from '../app/js/spec.js';

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
  assert.deepEqual(v, {
    name: 'db',
    target: 'tcp://127.0.0.1:5432',
    interval: '30s',
    timeout: '5s',
    failure_threshold: '3',
    success_threshold: '2',
    severity: 'warning',
    create_incident: false,
  });
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
