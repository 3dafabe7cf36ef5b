import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sparkline, dayBars } from '../app/js/charts.js';
import { useLanguage } from './locale.js';

// The pure modules speak the catalogue's English here, as the page does by default.
useLanguage('en');

test('sparkline scales to the box and marks DOWN points', () => {
  const pts = [
    { at: 'a', latency_ms: 0, status: 'UP' },
    { at: 'b', latency_ms: 100, status: 'DOWN' },
    { at: 'c', latency_ms: 50, status: 'UP' },
  ];
  const { d, downs, max } = sparkline(pts, 102, 22, 1);
  assert.equal(max, 100);
  assert.equal(d, 'M1,21L51,1L101,11');
  assert.deepEqual(downs, [{ x: 51, y: 1 }]);
  assert.equal(sparkline([], 100, 20).d, '');
  assert.match(sparkline([pts[0]], 100, 20).d, /^M50,/);
});

test('thirty day bars end today, with a level per day', () => {
  const now = Date.parse('2026-03-14T15:00:00Z');
  const bars = dayBars(
    [
      { start: '2026-03-14T00:00:00Z', up: 100, degraded: 0, down: 0 },
      { start: '2026-03-13T00:00:00Z', up: 999, degraded: 0, down: 1 },
      { start: '2026-03-12T00:00:00Z', up: 50, degraded: 0, down: 50 },
      { start: '2026-03-11T00:00:00Z', up: 90, degraded: 10, down: 0 },
      { start: '2026-01-01T00:00:00Z', up: 1, degraded: 0, down: 0 },
    ],
    now,
  );
  assert.equal(bars.length, 30);
  assert.equal(bars[29].date, '2026-03-14');
  assert.equal(bars[0].date, '2026-02-13');
  assert.deepEqual(bars.slice(-4).map((b) => b.level), ['degraded', 'down', 'degraded', 'up']);
  assert.equal(bars[28].label, '2026-03-13: 99.9% up, 1 failed check');
  assert.equal(bars[0].level, 'none');
  assert.equal(bars[0].label, '2026-02-13: no data');
});
