// The whole dashboard in a fake DOM with the Tauri IPC mocked: boot, live events, pages.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { settle, monitorState } from './ipc-mock.js';
import { boot, rows, rowOf, parseRoute, doc, win, ipc, monitors, incidents, added, snoozed, setMonitors, setSnoozed, reset } from './app-harness.js';

beforeEach(reset);

test('routes', () => {
  assert.deepEqual(parseRoute(''), { name: 'dashboard' });
  assert.deepEqual(parseRoute('#/monitors/new'), { name: 'new' });
  assert.deepEqual(parseRoute('#/monitors/12'), { name: 'monitor', id: 12 });
  assert.deepEqual(parseRoute('#/incidents/7'), { name: 'incident', id: 7 });
  assert.deepEqual(parseRoute('#/nonsense'), { name: 'dashboard' });
});

test('boot renders monitors worst first, history, incidents open first, and the overall line', async () => {
  const app = boot();
  await app.boot();
  await settle();
  assert.deepEqual(rows().map((r) => r.getAttribute('data-id')), ['2', '1', '3']);
  assert.equal(rowOf(2).querySelector('.badge').getAttribute('data-status'), 'DOWN');
  assert.match(rowOf(2).textContent, /connection refused/);
  assert.ok(rowOf(1).querySelector('svg.spark path'), 'sparkline drawn once history arrived');
  assert.equal(rowOf(1).querySelectorAll('svg.days rect').length, 30);
  assert.equal(rowOf(1).querySelector('.uptime').textContent, '100%');
  assert.deepEqual(ipc.calls.find((c) => c.cmd === 'monitors_history').args, { ids: [2, 1, 3] });
  const inc = doc.querySelectorAll('#incident-list li.incident');
  assert.deepEqual(inc.map((i) => i.getAttribute('data-state')), ['open', 'resolved']);
  assert.match(inc[0].textContent, /for 5m/);
  assert.match(inc[1].textContent, /lasted 3m 12s/);
  assert.match(doc.getElementById('overall').textContent, /1 up, 1 down, 1 paused/);
  assert.equal(doc.documentElement.getAttribute('data-ready'), 'true');
  assert.equal(ipc.listening('core-event'), 1);
});

test('core events update the page in place; nothing polls', async () => {
  const app = boot();
  await app.boot();
  await settle();
  const before = ipc.calls.length;
  const row1 = rowOf(1);
  ipc.emit('core-event', { event: 'check_completed', monitor_id: 1, monitor: 'api', at: '2026-03-14T12:04:00Z', status: 'UP', latency_ms: 321, reason: '' });
  assert.equal(rowOf(1), row1, 'same row element, updated in place');
  assert.equal(row1.querySelector('.latency').textContent, '321 ms');
  ipc.emit('core-event', { event: 'status_changed', monitor_id: 1, monitor: 'api', from: 'UP', to: 'DOWN', at: '2026-03-14T12:04:01Z', reason: 'HTTP 500' });
  assert.deepEqual(rows().map((r) => r.getAttribute('data-id')), ['1', '2', '3'], 'api is now DOWN, a before db by name');
  assert.match(doc.getElementById('overall').textContent, /2 down/);
  // The once-a-minute redraw of incident durations is local: no IPC.
  for (const t of win.intervals) t.fn();
  await settle();
  assert.equal(ipc.calls.length, before, 'no command was called for these events');
  ipc.emit('core-event', { event: 'monitors_changed' });
  ipc.emit('core-event', { event: 'incident_resolved', incident: 7 });
  await settle();
  assert.equal(ipc.count('list_monitors'), 2);
  assert.equal(ipc.count('list_incidents'), 2);
});

test('a monitor added elsewhere (the CLI) appears on monitors_changed', async () => {
  const app = boot();
  await app.boot();
  await settle();
  monitors.push(monitorState(4, 'from-cli', 'UNKNOWN'));
  ipc.emit('core-event', { event: 'monitors_changed' });
  await settle();
  await settle();
  assert.ok(rowOf(4), 'new row');
  assert.match(rowOf(4).textContent, /from-cli/);
});

test('text from services is rendered as text, never HTML', async () => {
  setMonitors([monitorState(1, '<img src=x onerror=alert(1)>', 'DOWN', { reason: '<script>alert(2)</script>' })]);
  const app = boot();
  await app.boot(); // the fake DOM throws on any innerHTML use
  await settle();
  assert.equal(rowOf(1).querySelector('.name').textContent, '<img src=x onerror=alert(1)>');
  assert.equal(rowOf(1).querySelectorAll('img').length, 0);
  assert.equal(rowOf(1).querySelector('.reason').textContent, '<script>alert(2)</script>');
});

test('an incident page shows its timeline and duration', async () => {
  const app = boot();
  await app.boot();
  app.go('/incidents/6');
  await settle();
  const v = doc.querySelector('article.incident-view');
  assert.equal(v.getAttribute('data-state'), 'resolved');
  assert.match(v.textContent, /Duration3m 12s/);
  assert.equal(v.querySelectorAll('.timeline li').length, 2);
});

test('a drill is listed with a DRILL badge, on the dashboard, the monitor page and its own page', async () => {
  incidents.unshift({
    id: 8, monitor_id: 1, monitor: 'api', title: 'api is DOWN', rule: 'down', severity: 'critical', state: 'resolved', simulated: true,
    started_at: '2026-03-14T12:01:00Z', detected_at: '2026-03-14T12:01:00Z', resolved_at: '2026-03-14T12:01:00Z', acknowledged_at: null,
    events: [{ at: '2026-03-14T12:01:00Z', kind: 'note', message: 'This incident is a simulated outage (self-test)' }],
  });
  incidents[2].simulated = false;
  const app = boot({ list_incidents: ({ monitor }) => incidents.filter((i) => monitor === undefined || i.monitor_id === monitor) });
  await app.boot();
  await settle();
  const items = doc.querySelectorAll('#incident-list li.incident');
  const drills = (list) => list.filter((li) => li.querySelector('.badge[data-drill]')).map((li) => li.getAttribute('data-id'));
  assert.deepEqual(drills(items), ['8'], 'only the drill is marked; a missing or false flag is a real incident');
  const mark = items.find((li) => li.getAttribute('data-id') === '8').querySelector('.badge.drill');
  assert.equal(mark.textContent, 'DRILL');
  assert.match(mark.getAttribute('title'), /not counted in uptime/i);
  assert.match(items.find((li) => li.getAttribute('data-id') === '8').getAttribute('class'), /\bdrill\b/);

  app.go('/monitors/1');
  await settle();
  assert.deepEqual(drills(doc.querySelectorAll('ol.incidents li.incident')), ['8']);

  app.go('/incidents/8');
  await settle();
  const v = doc.querySelector('article.incident-view');
  assert.equal(v.querySelector('h2 .badge.drill').textContent, 'DRILL');
  assert.match(v.querySelector('.drill-note').textContent, /simulated outage \(self-test\)/);
  app.go('/incidents/6');
  await settle();
  const real = doc.querySelector('article.incident-view');
  assert.equal(real.querySelector('.badge.drill'), null);
  assert.equal(real.querySelector('.drill-note'), null);
});

test('the tray and notifications can open a route in a running dashboard', async () => {
  const app = boot();
  await app.boot();
  ipc.emit('navigate', '/monitors/new');
  await settle();
  assert.equal(app.route.name, 'new');
});

test('start at login is read and toggled', async () => {
  const app = boot();
  await app.boot();
  await settle();
  const cb = doc.getElementById('start-at-login');
  assert.equal(cb.checked, false);
  cb.checked = true;
  await cb.dispatchEvent({ type: 'change' });
  assert.deepEqual(ipc.calls.find((c) => c.cmd === 'set_start_at_login').args, { enabled: true });
});

test('first render with 1,000 monitors (measured, reported, not asserted)', async (t) => {
  setMonitors(Array.from({ length: 1000 }, (_, i) => monitorState(i + 1, `svc-${String(i).padStart(4, '0')}`, ['UP', 'UP', 'UP', 'DEGRADED', 'DOWN', 'PAUSED'][i % 6])));
  const app = boot();
  await app.boot();
  await settle();
  assert.equal(rows().length, 50, 'one page of 50 rows, not 1,000');
  t.diagnostic(`first render of 1,000 monitors: ${app.metrics.firstRenderMs.toFixed(1)} ms total, ${app.metrics.renderMs.toFixed(1)} ms rendering (fake DOM; tests/desktop/measure.sh gives the number in WebKit)`);
});

test('snoozed monitors are marked, and the edit page snoozes and unsnoozes', async () => {
  setSnoozed({ 1: '2026-03-14T13:00:00Z' });
  const app = boot();
  await app.boot();
  await settle();
  assert.equal(rowOf(1).querySelector('.snoozed').hidden, false);
  assert.equal(rowOf(2).querySelector('.snoozed').hidden, true);
  app.go('/monitors/1');
  await settle();
  const btn = doc.querySelector('button[data-action=snooze]');
  assert.match(btn.textContent, /Unsnooze/);
  await btn.click();
  await settle();
  assert.deepEqual(ipc.calls.find((c) => c.cmd === 'snooze_monitor').args, { id: 1, minutes: null });
  app.go('/monitors/2');
  await settle();
  const lengths = doc.querySelectorAll('button[data-action=snooze]');
  assert.deepEqual(lengths.map((b) => b.textContent), ['1 h', '4 h', '8 h', 'Until resumed']);
  for (const b of lengths) assert.match(b.getAttribute('aria-label'), /^Snooze notifications (for|until)/);
  await lengths[0].click();
  await settle();
  app.go('/monitors/2');
  await settle();
  await doc.querySelectorAll('button[data-action=snooze]')[2].click();
  await settle();
  app.go('/monitors/2');
  await settle();
  await doc.querySelectorAll('button[data-action=snooze]')[3].click();
  await settle();
  const sent = ipc.calls.filter((c) => c.cmd === 'snooze_monitor').slice(1).map((c) => c.args);
  assert.deepEqual(sent, [{ id: 2, minutes: 60 }, { id: 2, minutes: 480 }, { id: 2, minutes: 'forever' }]);
});

test('a snooze until resumed says so instead of a year-9999 time', async () => {
  setSnoozed({ 1: '9999-12-31T23:59:59Z' });
  const app = boot();
  await app.boot();
  await settle();
  assert.equal(rowOf(1).querySelector('.snoozed').getAttribute('title'), 'Notifications held until resumed');
  app.go('/monitors/1');
  await settle();
  assert.equal(doc.querySelector('button[data-action=snooze]').textContent, 'Unsnooze (held until resumed)');
});

test('an offline machine shows OFFLINE in the header', async () => {
  const app = boot();
  await app.boot();
  const health = { status: 'OFFLINE', tone: 'offline', counts: {}, summary: 'this computer is offline; checks resume when it is back' };
  ipc.emit('core-event', { event: 'overall_changed', from: 'UP', to: 'OFFLINE', health });
  assert.match(doc.getElementById('overall').textContent, /OFFLINE/);
  assert.match(doc.getElementById('overall').textContent, /offline; checks resume/);
});

test('"Send test notification" lists the desktop notification and each channel', async () => {
  const app = boot({
    send_test_notification: () => [
      { name: 'Desktop notification', ok: true, error: null },
      { name: 'discord → discord.com', ok: false, error: 'HTTP 404' },
    ],
  });
  await app.boot();
  await doc.getElementById('send-test').click();
  await settle();
  const items = doc.getElementById('self-test').querySelectorAll('li');
  assert.deepEqual(items.map((li) => li.textContent), ['1 of 2 worked.', '✓ Desktop notification', '✕ discord → discord.com: HTTP 404']);
  assert.equal(items[2].getAttribute('data-ok'), 'false');
  assert.equal(doc.getElementById('send-test').disabled, false);
});

test('"Simulate outage" on a monitor page calls the core and opens the incident; errors are shown', async () => {
  let answer = () => 12;
  const app = boot({ simulate_outage: (args) => answer(args), get_incident: ({ id }) => ({ ...incidents[1], id, title: 'api is DOWN' }) });
  await app.boot();
  app.go('/monitors/1');
  await settle();
  await doc.querySelector('button[data-action=simulate]').click();
  await settle();
  assert.deepEqual(ipc.calls.find((c) => c.cmd === 'simulate_outage').args, { id: 1 });
  assert.equal(win.location.hash, '#/incidents/12');
  assert.match(doc.getElementById('notice').textContent, /incident #12/);
  answer = () => {
    throw { kind: 'invalid', message: 'api is DOWN; simulate an outage on a monitor that is UP', fields: [] };
  };
  app.go('/monitors/2');
  await settle();
  await doc.querySelector('button[data-action=simulate]').click();
  await settle();
  assert.match(doc.getElementById('notice').textContent, /simulate an outage on a monitor that is UP/);
  assert.equal(win.location.hash, '#/monitors/2');
});

test('"Export report" asks the core to save the incident\'s report and says where', async () => {
  const app = boot({ save_report: ({ id }) => `/home/u/Downloads/lookout-incident-${id}.md` });
  await app.boot();
  app.go('/incidents/6');
  await settle();
  await doc.querySelector('button[data-action=export-report]').click();
  await settle();
  const args = ipc.calls.find((c) => c.cmd === 'save_report').args;
  // The page names the incident only: the core renders the report and picks the place.
  assert.deepEqual(args, { id: 6 });
  assert.match(doc.getElementById('notice').textContent, /Report saved to \/home\/u\/Downloads\/lookout-incident-6\.md/);
});

test('a monitor in a maintenance window is marked as such in the list', async () => {
  setMonitors([monitorState(1, 'api', 'UP'), monitorState(5, 'batch', 'MAINTENANCE')]);
  const app = boot();
  await app.boot();
  await settle();
  const row = rowOf(5);
  assert.equal(row.getAttribute('data-status'), 'MAINTENANCE');
  assert.equal(row.querySelector('.badge').getAttribute('data-status'), 'MAINTENANCE');
  assert.match(row.querySelector('.badge').textContent, /◔.*MAINTENANCE/);
  assert.match(row.querySelector('.reason').textContent, /maintenance window/);
  assert.equal(rowOf(1).querySelector('.reason').textContent, '');
});

test('a snooze set or ended anywhere shows at once, from the core\'s event, with no timer of its own', async () => {
  setSnoozed({ 2: '9999-12-31T23:59:59Z' });
  const app = boot();
  await app.boot();
  await settle();
  assert.equal(rowOf(1).querySelector('.snoozed').hidden, true);
  assert.equal([...win.timeouts.values()].filter((t) => t.ms !== 6000).length, 0, 'no snooze timer');
  const before = ipc.count('list_monitors');
  // From the CLI, say: the core tells every shell.
  ipc.emit('core-event', { event: 'snooze_changed', monitor_id: 1, monitor: 'api', until: '2026-03-14T13:00:00Z' });
  assert.equal(rowOf(1).querySelector('.snoozed').hidden, false);
  // It ran out: the core says so too.
  ipc.emit('core-event', { event: 'snooze_changed', monitor_id: 1, monitor: 'api', until: null });
  assert.equal(rowOf(1).querySelector('.snoozed').hidden, true);
  assert.equal(rowOf(2).querySelector('.snoozed').hidden, false);
  assert.equal(ipc.count('list_monitors'), before, 'no reload needed');
});

test('the header shows the core\'s health: a warning outage is amber, as in the tray', async () => {
  const app = boot();
  await app.boot();
  const health = {
    status: 'DOWN',
    tone: 'degraded',
    counts: { up: 1, degraded: 0, down: 1, paused: 0, unknown: 0, maintenance: 0, down_warning: 1 },
    summary: '1 up, 1 down',
  };
  ipc.emit('core-event', { event: 'overall_changed', from: 'UP', to: 'DOWN', health });
  const header = doc.getElementById('overall');
  assert.equal(header.getAttribute('data-tone'), 'degraded');
  const b = header.querySelector('.badge');
  assert.equal(b.getAttribute('data-status'), 'DOWN');
  assert.match(b.getAttribute('class'), /status-degraded/, 'amber, not red');
  assert.match(header.textContent, /DOWN/);
  assert.match(header.textContent, /1 up, 1 down/);
});
