import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as st from '../app/js/state.js';
import { monitorState } from './ipc-mock.js';
import { useLanguage } from './locale.js';

// The pure modules speak the catalogue's English here, as the page does by default.
useLanguage('en');

function loaded(list, opts) {
  const s = st.createState(opts);
  st.loadSnapshot(s, { overall: 'UP', monitors: list });
  return s;
}

test('the list puts DOWN first, then DEGRADED, pending, UP, paused; by name within', () => {
  const s = loaded([
    monitorState(1, 'b', 'UP'),
    monitorState(2, 'a', 'UP'),
    monitorState(3, 'z', 'DOWN'),
    monitorState(4, 'p', 'PAUSED'),
    monitorState(5, 'slow', 'DEGRADED'),
    monitorState(6, 'new', 'UNKNOWN'),
    monitorState(7, 'window', 'MAINTENANCE'),
  ]);
  assert.deepEqual(st.orderedIds(s), [3, 5, 6, 7, 2, 1, 4]);
  assert.equal(st.summary(st.counts(s)), '2 up, 1 degraded, 1 down, 1 pending, 1 in maintenance, 1 paused');
  assert.equal(st.summary(st.counts(st.createState())), 'no monitors');
});

test('paging and filtering', () => {
  const list = Array.from({ length: 120 }, (_, i) => monitorState(i + 1, `m${String(i).padStart(3, '0')}`, 'UP'));
  const s = loaded(list, { pageSize: 50 });
  let p = st.visiblePage(s);
  assert.deepEqual([p.from, p.to, p.total, p.pages], [1, 50, 120, 3]);
  st.setPage(s, 2);
  p = st.visiblePage(s);
  assert.deepEqual([p.from, p.to, p.rows.length], [101, 120, 20]);
  st.setPage(s, 99);
  assert.equal(s.page, 2);
  st.setFilter(s, 'm11');
  p = st.visiblePage(s);
  assert.equal(p.total, 10);
  assert.equal(s.page, 0);
});

test('a status change reorders; a check only touches its row', () => {
  const s = loaded([monitorState(1, 'a', 'UP'), monitorState(2, 'b', 'UP')]);
  assert.deepEqual(st.orderedIds(s), [1, 2]);
  let fx = st.applyEvent(s, { event: 'status_changed', monitor_id: 2, monitor: 'b', from: 'UP', to: 'DOWN', at: '2026-03-14T12:01:00Z', reason: 'refused' });
  assert.deepEqual(fx, { order: true, header: true, row: 2 });
  assert.deepEqual(st.orderedIds(s), [2, 1]);
  assert.equal(s.monitors.get(2).reason, 'refused');
  fx = st.applyEvent(s, { event: 'check_completed', monitor_id: 1, monitor: 'a', at: '2026-03-14T12:01:01Z', status: 'UP', latency_ms: 7, reason: '' });
  assert.deepEqual(fx, { row: 1 });
  assert.equal(s.monitors.get(1).latency_ms, 7);
  assert.equal(s.monitors.get(1).status, 'UP', 'one check result is not the monitor status');
});

test('events the dashboard cannot patch ask for a reload', () => {
  const s = loaded([monitorState(1, 'a', 'UP')]);
  assert.deepEqual(st.applyEvent(s, { event: 'monitors_changed' }), { monitors: 'reload' });
  assert.deepEqual(st.applyEvent(s, { event: 'check_completed', monitor_id: 99, at: '2026-03-14T12:00:00Z', status: 'UP', latency_ms: 1 }), { monitors: 'reload' });
  assert.deepEqual(st.applyEvent(s, { event: 'incident_opened', incident: 1 }), { incidents: 'reload' });
  assert.deepEqual(st.applyEvent(s, { event: 'incident_resolved', incident: 1 }), { incidents: 'reload' });
  assert.deepEqual(st.applyEvent(s, { event: 'overall_changed', from: 'UP', to: 'DOWN' }), { header: true });
  assert.equal(s.overall, 'DOWN');
  assert.deepEqual(st.applyEvent(s, { event: 'alert_triggered', monitor_id: 1 }), {});
});

test('live points keep the sparkline bounded in time and size', () => {
  let pts = [];
  const t0 = Date.parse('2026-03-14T00:00:00Z');
  for (let i = 0; i < 500; i++) pts = st.appendPoint(pts, { at: new Date(t0 + i * 1000).toISOString(), latency_ms: 10, status: 'UP' });
  assert.equal(pts.length, st.SPARK_POINTS);
  pts = st.appendPoint(pts, { at: new Date(t0 + 7 * 3600 * 1000).toISOString(), latency_ms: 50, status: 'DOWN' });
  assert.equal(pts.length, 1, 'points older than the window are dropped');
  assert.equal(pts[0].status, 'DOWN');
});

test('live checks count in today\'s bar', () => {
  let days = [{ start: '2026-03-13T00:00:00Z', up: 5, degraded: 0, down: 0 }];
  days = st.countInDays(days, { at: '2026-03-14T10:00:00Z', status: 'DOWN' });
  days = st.countInDays(days, { at: '2026-03-14T10:00:01Z', status: 'UP' });
  assert.equal(days.length, 2);
  assert.deepEqual(days[1], { start: '2026-03-14T00:00:00.000Z', up: 1, degraded: 0, down: 1 });
  assert.equal(days[0].up, 5);
});

test('incidents: open first, then newest', () => {
  const list = st.sortIncidents([
    { id: 1, state: 'resolved', started_at: '2026-03-14T10:00:00Z' },
    { id: 2, state: 'open', started_at: '2026-03-13T10:00:00Z' },
    { id: 3, state: 'resolved', started_at: '2026-03-14T11:00:00Z' },
  ]);
  assert.deepEqual(list.map((i) => i.id), [2, 3, 1]);
});

test('uptime follows live checks through the day bars', () => {
  assert.equal(st.uptimeOfDays([]), null);
  assert.equal(st.uptimeOfDays([{ up: 3, degraded: 1, down: 0 }, { up: 0, degraded: 0, down: 4 }]), 0.5);
  const s = loaded([monitorState(1, 'a', 'UP')]);
  s.history.set(1, { latency: [], days: [], uptime: null });
  st.applyEvent(s, { event: 'check_completed', monitor_id: 1, at: '2026-03-14T12:00:00Z', status: 'UP', latency_ms: 5, reason: '' });
  st.applyEvent(s, { event: 'check_completed', monitor_id: 1, at: '2026-03-14T12:00:01Z', status: 'DOWN', latency_ms: 5, reason: 'x' });
  assert.equal(s.history.get(1).uptime, 0.5);
});

test('the header speaks the core\'s counts in the language in force, not its English summary', () => {
  const health = { status: 'DOWN', tone: 'down', counts: { up: 2, degraded: 0, down: 1, paused: 0, unknown: 0, maintenance: 0 }, summary: '2 up, 1 down' };
  try {
    useLanguage('zh-CN');
    assert.equal(st.healthWords(health), '2 个正常、1 个故障');
    assert.equal(st.healthWords({ status: 'OFFLINE', counts: {} }), '本机已离线；恢复联网后继续检查');
  } finally {
    useLanguage('en');
  }
  assert.equal(st.healthWords(health), '2 up, 1 down');
});
