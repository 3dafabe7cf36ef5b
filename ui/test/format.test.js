import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fmt from '../app/js/format.js';
import { useLanguage } from './locale.js';

// The pure modules speak the catalogue's English here, as the page does by default.
useLanguage('en');

test('durations read like the notifications', () => {
  assert.equal(fmt.humanDuration(0), '0s');
  assert.equal(fmt.humanDuration(45), '45s');
  assert.equal(fmt.humanDuration(192), '3m 12s');
  assert.equal(fmt.humanDuration(3600), '1h');
  assert.equal(fmt.humanDuration(7500), '2h 5m');
  assert.equal(fmt.humanDuration(86400 * 3 + 4 * 3600), '3d 4h');
  assert.equal(fmt.humanDuration(-3), '0s');
});

test('uptime never rounds a failure up to 100%', () => {
  assert.equal(fmt.uptime(1), '100%');
  assert.equal(fmt.uptime(0.99999), '99.99%');
  assert.equal(fmt.uptime(0.9912), '99.12%');
  assert.equal(fmt.uptime(0.5), '50.0%');
  assert.equal(fmt.uptime(null), '—');
});

test('latency', () => {
  assert.equal(fmt.latency(null), '—');
  assert.equal(fmt.latency(12.4), '12 ms');
  assert.equal(fmt.latency(1500), '1.5 s');
  assert.equal(fmt.latency(12000), '12 s');
});

test('seconds between, open-ended to now', () => {
  assert.equal(fmt.secondsBetween('2026-03-14T12:00:00Z', '2026-03-14T12:03:12Z'), 192);
  assert.equal(fmt.secondsBetween('2026-03-14T12:00:00Z', null, Date.parse('2026-03-14T12:00:30Z')), 30);
});

test('self-test lines say what worked and what did not', () => {
  const desktop = { name: 'Desktop notification', ok: true, error: null };
  assert.deepEqual(fmt.selfTestLines([desktop]), { summary: 'All 1 worked.', lines: [{ ok: true, text: '✓ Desktop notification' }, { ok: true, text: 'No webhook channels are configured.' }] });
  const r = fmt.selfTestLines([desktop, { name: 'slack → hooks.slack.com', ok: true, error: null }, { name: 'kener → 127.0.0.1:9', ok: false, error: 'connection refused' }]);
  assert.equal(r.summary, '2 of 3 worked.');
  assert.deepEqual(r.lines.map((l) => l.text), ['✓ Desktop notification', '✓ slack → hooks.slack.com', '✕ kener → 127.0.0.1:9: connection refused']);
  assert.equal(fmt.selfTestLines([]).summary, 'Nothing was tried.');
});

test('a snooze until resumed (the core ends it in year 9999) reads as such', () => {
  assert.equal(fmt.isForever('9999-12-31T23:59:59Z'), true);
  assert.equal(fmt.isForever('2026-03-14T13:00:00Z'), false);
  assert.equal(fmt.isForever('nonsense'), false);
  assert.equal(fmt.snoozeEnd('9999-12-31T23:59:59Z'), 'until resumed');
  const now = new Date('2026-03-14T12:00:00');
  assert.equal(fmt.snoozeEnd('2026-03-14T13:00:00', now), 'until 13:00:00');
});

test('an incident\'s title follows the language; one without a rule keeps the stored title', () => {
  const inc = { monitor: 'api', rule: 'down', title: 'api is DOWN' };
  try {
    useLanguage('zh-CN');
    assert.equal(fmt.incidentTitle(inc), 'api 状态：故障');
    assert.equal(fmt.incidentTitle({ ...inc, rule: 'degraded' }), 'api 状态：降级');
  } finally {
    useLanguage('en');
  }
  assert.equal(fmt.incidentTitle(inc), 'api is DOWN');
  assert.equal(fmt.incidentTitle({ monitor: 'api', title: 'api is DOWN' }), 'api is DOWN');
});
