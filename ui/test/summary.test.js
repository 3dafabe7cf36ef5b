// The summary page: the same figures as `lookout summary`, the period switch, links.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { appDocument, fakeWindow, install } from './fakedom.js';
import { mockIpc, settle, monitorState } from './ipc-mock.js';
import { setTransport } from '../app/js/ipc.js';
import { pct, mean, uptimeLevel } from '../app/js/summary.js';
import { useLanguage } from './locale.js';

// The pure modules speak the catalogue's English here, as the page does by default.
useLanguage('en');

globalThis.__LOOKOUT_TEST__ = true;
const { createApp, parseRoute } = await import('../app/js/main.js');

test('percentages and means read as the CLI prints them', () => {
  // report/summary.rs `pct`: floored to two decimals, never rounded up to 100.
  assert.equal(pct(100), '100%');
  assert.equal(pct(99.999), '99.99%');
  assert.equal(pct(99.5), '99.50%');
  assert.equal(pct(12.3456), '12.34%');
  assert.equal(pct(0), '0.00%');
  assert.equal(pct(null), 'no data');
  // report.rs `mean`: two units at most, `n/a` without incidents.
  assert.equal(mean(192.4), '3m 12s');
  assert.equal(mean(7500), '2h 5m');
  assert.equal(mean(null), 'n/a');
  assert.deepEqual([100, 99.2, 80, null].map(uptimeLevel), ['ok', 'dip', 'bad', 'none']);
});

test('routes: /summary is the last 7 days unless it says', () => {
  assert.deepEqual(parseRoute('#/summary'), { name: 'summary', days: 7 });
  assert.deepEqual(parseRoute('#/summary?days=30'), { name: 'summary', days: 30 });
});

function summary(days) {
  return {
    days,
    from: '2026-03-07T12:05:00Z',
    to: '2026-03-14T12:05:00Z',
    monitors: [
      { name: 'api', target: 'https://api.example/health', uptime_pct: 99.8765, incidents: 2, downtime_s: 754, mttr_s: 377 },
      { name: 'db', target: 'tcp://127.0.0.1:5432', uptime_pct: 100, incidents: 0, downtime_s: 0, mttr_s: null },
      { name: 'new', target: 'tcp://127.0.0.1:1', uptime_pct: null, incidents: 0, downtime_s: 0, mttr_s: null },
    ],
    incidents: [
      { id: 9, monitor: 'api', title: 'api is DOWN', rule: 'down', severity: 'critical', state: 'open', started_at: '2026-03-14T12:00:00Z', resolved_at: null, duration_s: 300 },
      { id: 8, monitor: 'api', title: 'api is DOWN', rule: 'down', severity: 'warning', state: 'resolved', started_at: '2026-03-10T08:00:00Z', resolved_at: '2026-03-10T08:07:34Z', duration_s: 454 },
    ],
    totals: { count: 2, resolved: 1, mttr_s: 454, mttd_s: 3.4 },
  };
}

let doc, ipc;
beforeEach(() => {
  doc = install(appDocument());
  ipc = mockIpc({
    list_monitors: () => ({ overall: 'UP', monitors: [monitorState(1, 'api', 'UP'), monitorState(2, 'db', 'UP')], snoozed: {} }),
    list_incidents: () => [],
    monitors_history: ({ ids }) => ids.map((id) => ({ id, latency: [], days: [], uptime: null })),
    get_settings: () => ({ start_at_login: false }),
    get_summary: ({ days }) => summary(days),
  });
  setTransport(ipc.transport);
});

async function open(path) {
  const app = createApp({ doc, win: fakeWindow(), now: () => Date.parse('2026-03-14T12:05:00Z') });
  await app.boot();
  app.go(path);
  await settle();
  return app;
}

test('the page shows each monitor\'s uptime, incidents, downtime and MTTR, and the totals', async () => {
  await open('/summary');
  assert.deepEqual(ipc.calls.find((c) => c.cmd === 'get_summary').args, { days: 7 });
  const rows = doc.querySelectorAll('#summary-monitors tbody tr');
  const cells = rows.map((r) => r.querySelectorAll('td').slice(1).map((td) => td.textContent));
  assert.deepEqual(cells, [
    ['99.87%', '2', '12m 34s', '6m 17s'],
    ['100%', '0', '—', 'n/a'],
    ['no data', '0', '—', 'n/a'],
  ]);
  assert.equal(rows[0].querySelector('a').getAttribute('href'), '#/monitors/1');
  assert.equal(rows[2].querySelector('a'), null, 'a monitor not in the list is not linked');
  const fig = (n) => doc.querySelector(`[data-figure=${n}] .figure-value`).textContent;
  assert.equal(fig('incidents'), '2');
  assert.match(doc.querySelector('[data-figure=incidents]').textContent, /1 resolved/);
  assert.equal(fig('downtime'), '12m 34s');
  assert.equal(fig('mttr'), '7m 34s');
  assert.equal(fig('mttd'), '3s');
  const inc = doc.querySelectorAll('#summary-incidents tbody tr');
  assert.deepEqual(inc.map((r) => r.getAttribute('data-state')), ['open', 'resolved']);
  assert.match(inc[0].textContent, /OPEN.*api is DOWN.*for 5m/);
  assert.match(inc[1].textContent, /\(warning\)/);
  assert.equal(inc[1].querySelector('a').getAttribute('href'), '#/incidents/8');
  assert.equal(doc.title, 'Summary — Lookout');
});

test('the period buttons switch between 1, 7 and 30 days', async () => {
  await open('/summary');
  const buttons = doc.querySelectorAll('.periods button');
  assert.deepEqual(buttons.map((b) => [b.textContent, b.getAttribute('aria-pressed')]), [
    ['24 hours', 'false'],
    ['7 days', 'true'],
    ['30 days', 'false'],
  ]);
  await buttons[2].click();
  await settle();
  assert.deepEqual(ipc.calls.filter((c) => c.cmd === 'get_summary').pop().args, { days: 30 });
  assert.equal(doc.querySelector('.summary-page').getAttribute('data-days'), '30');
  assert.equal(doc.querySelector('.periods button[data-days="30"]').getAttribute('aria-pressed'), 'true');
});

test('an incident opening or resolving refreshes the summary', async () => {
  await open('/summary?days=1');
  const before = ipc.count('get_summary');
  ipc.emit('core-event', { event: 'incident_opened', incident: 10 });
  await settle();
  assert.equal(ipc.count('get_summary'), before + 1);
});

test('an empty period says so', async () => {
  ipc = mockIpc({
    list_monitors: () => ({ overall: 'UNKNOWN', monitors: [], snoozed: {} }),
    list_incidents: () => [],
    get_settings: () => ({ start_at_login: false }),
    get_summary: ({ days }) => ({ ...summary(days), monitors: [], incidents: [], totals: { count: 0, resolved: 0, mttr_s: null, mttd_s: null } }),
  });
  setTransport(ipc.transport);
  await open('/summary');
  assert.match(doc.querySelector('.summary-page').textContent, /No monitors\..*None in this period\./);
  assert.equal(doc.querySelector('[data-figure=mttr] .figure-value').textContent, 'n/a');
});
