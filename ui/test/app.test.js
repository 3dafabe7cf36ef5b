// The whole dashboard in a fake DOM with the Tauri IPC mocked: boot, live events, the form.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { appDocument, fakeWindow, install } from './fakedom.js';
import { mockIpc, settle, monitorState } from './ipc-mock.js';
import { setTransport } from '../app/js/ipc.js';
import { ADVANCED_FIELDS } from '../app/js/spec.js';

globalThis.__LOOKOUT_TEST__ = true;
const { createApp, parseRoute } = await import('../app/js/main.js');

function history(id) {
  return {
    id,
    latency: [
      { at: '2026-03-14T11:00:00Z', latency_ms: 30, status: 'UP' },
      { at: '2026-03-14T11:30:00Z', latency_ms: 60, status: 'UP' },
    ],
    days: [{ start: '2026-03-14T00:00:00Z', up: 10, degraded: 0, down: 0 }],
    uptime: 1,
  };
}

let doc, win, ipc, monitors, incidents, added, snoozed;

function boot(extraHandlers = {}) {
  doc = install(appDocument());
  win = fakeWindow();
  ipc = mockIpc({
    list_monitors: () => ({ overall: monitors.some((m) => m.status === 'DOWN') ? 'DOWN' : 'UP', monitors, snoozed }),
    snooze_monitor: () => null,
    list_incidents: () => incidents,
    monitors_history: ({ ids }) => ids.map(history),
    get_settings: () => ({ start_at_login: false }),
    set_start_at_login: ({ enabled }) => ({ start_at_login: enabled }),
    add_monitor: ({ spec }) => {
      added.push(spec);
      return 99;
    },
    test_spec: () => ({ at: '2026-03-14T12:00:00Z', status: 'UP', latency_ms: 12, reason: '' }),
    get_monitor: ({ id }) => ({ name: monitors.find((m) => m.id === id).name, target: 'https://a.example', interval: '30s', timeout: '5s', method: 'HEAD', alerts: { down: { failure_threshold: 2, success_threshold: 1, severity: 'critical', create_incident: true } } }),
    update_monitor: ({ id }) => id,
    set_paused: () => null,
    remove_monitor: () => null,
    get_incident: ({ id }) => incidents.find((i) => i.id === id),
    ...extraHandlers,
  });
  setTransport(ipc.transport);
  const app = createApp({ doc, win, now: () => Date.parse('2026-03-14T12:05:00Z') });
  return app;
}

const rows = () => doc.querySelectorAll('tr.monitor-row');
const rowOf = (id) => doc.querySelector(`tr[data-id="${id}"]`);

beforeEach(() => {
  monitors = [monitorState(1, 'api', 'UP'), monitorState(2, 'db', 'DOWN'), monitorState(3, 'web', 'PAUSED')];
  incidents = [
    {
      id: 7, monitor_id: 2, monitor: 'db', title: 'db is DOWN', rule: 'down', severity: 'critical', state: 'open',
      started_at: '2026-03-14T12:00:00Z', detected_at: '2026-03-14T12:00:03Z', resolved_at: null, acknowledged_at: null,
      events: [{ at: '2026-03-14T12:00:00Z', kind: 'first_failure', message: 'connection refused' }],
    },
    {
      id: 6, monitor_id: 1, monitor: 'api', title: 'api is DOWN', rule: 'down', severity: 'critical', state: 'resolved',
      started_at: '2026-03-14T10:00:00Z', detected_at: '2026-03-14T10:00:01Z', resolved_at: '2026-03-14T10:03:12Z', acknowledged_at: null,
      events: [{ at: '2026-03-14T10:00:00Z', kind: 'first_failure', message: 'HTTP 503' }, { at: '2026-03-14T10:03:12Z', kind: 'resolved', message: 'back UP' }],
    },
  ];
  added = [];
  snoozed = {};
});

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
  monitors = [monitorState(1, '<img src=x onerror=alert(1)>', 'DOWN', { reason: '<script>alert(2)</script>' })];
  const app = boot();
  await app.boot(); // the fake DOM throws on any innerHTML use
  await settle();
  assert.equal(rowOf(1).querySelector('.name').textContent, '<img src=x onerror=alert(1)>');
  assert.equal(rowOf(1).querySelectorAll('img').length, 0);
  assert.equal(rowOf(1).querySelector('.reason').textContent, '<script>alert(2)</script>');
});

test('"Add monitor" opens the form; every input is labelled and named like the monitor file', async () => {
  const app = boot();
  await app.boot();
  const add = doc.getElementById('add-monitor');
  assert.equal(add.textContent, 'Add monitor');
  await add.click();
  await settle();
  assert.equal(win.location.hash, '#/monitors/new');
  const form = doc.getElementById('monitor-form');
  for (const name of ['name', 'target', 'interval', 'timeout', 'failure_threshold', 'success_threshold', 'severity', 'create_incident']) {
    const input = form.querySelector(`[name=${name}]`);
    assert.ok(input, `input ${name}`);
    const label = form.querySelector(`label[for=${input.getAttribute('id')}]`);
    assert.ok(label && label.textContent.trim(), `label for ${name}`);
  }
  assert.ok(form.querySelector('button[type=submit]'));
  assert.ok(form.querySelector('button[data-action=test-now]'));
});

test('the Advanced section is collapsed, labelled, and names every new probe and condition field', async () => {
  const app = boot();
  await app.boot();
  app.go('/monitors/new');
  await settle();
  const form = doc.getElementById('monitor-form');
  const details = form.querySelector('fieldset.advanced details#advanced');
  assert.ok(details, 'a <details> inside an Advanced <fieldset>');
  assert.equal(details.hasAttribute('open'), false, 'collapsed by default');
  assert.equal(details.querySelector('summary').textContent, 'Advanced');
  for (const name of ADVANCED_FIELDS) {
    const input = details.querySelector(`[name=${name}]`);
    assert.ok(input, `input ${name}`);
    const label = form.querySelector(`label[for=${input.getAttribute('id')}]`);
    assert.ok(label && label.textContent.trim(), `label for ${name}`);
  }
  for (const name of ['conditions', 'degraded_conditions', 'expected', 'checkpoints']) {
    assert.equal(form.querySelector(`[name=${name}]`).tagName, 'TEXTAREA', `${name} is one per line`);
  }
  const help = form.querySelector('#f-target-help').textContent;
  for (const scheme of ['https://', 'tcp://', 'tls://', 'dns://resolver/name?type=A', 'icmp://', 'push://']) assert.ok(help.includes(scheme), `${scheme} in ${help}`);
});

test('advanced inputs are sent, and the core\'s errors on them open the section next to the input', async () => {
  const app = boot({
    add_monitor: ({ spec }) => {
      added.push(spec);
      throw {
        kind: 'invalid',
        message: 'invalid',
        fields: [
          { field: 'conditions', message: 'condition 2 ("[BODY].x =="), at character 15: expected a value' },
          { field: 'checkpoints[1]', message: '"nope" is not a target' },
          { field: 'recovery[0].run', message: 'must not be empty' },
        ],
      };
    },
  });
  await app.boot();
  app.go('/monitors/new');
  await settle();
  const form = await fillAndSubmit({
    name: 'x',
    target: 'https://127.0.0.1:1/',
    conditions: '[STATUS] == 200\n[BODY].x ==',
    checkpoints: 'https://[::1]:1/\nnope',
    quorum: 'all',
    accepted_status: '200-299, 418',
    ignore_tls: true,
  });
  assert.deepEqual(added[0].conditions, ['[STATUS] == 200', '[BODY].x ==']);
  assert.deepEqual(added[0].checkpoints, ['https://[::1]:1/', 'nope']);
  assert.equal(added[0].quorum, 'all');
  assert.deepEqual(added[0].accepted_status, ['200-299', '418']);
  assert.equal(added[0].ignore_tls, true);
  assert.equal('keyword' in added[0], false);
  const err = (f) => form.querySelector(`[data-error-for=${f}]`).textContent;
  assert.match(err('conditions'), /condition 2 .* at character 15/);
  assert.equal(err('checkpoints'), 'line 2: "nope" is not a target');
  assert.equal(form.querySelector('[name=checkpoints]').getAttribute('aria-invalid'), 'true');
  assert.equal(form.querySelector('#advanced').hasAttribute('open'), true, 'opened so the errors show');
  assert.equal(form.querySelector('#form-error').textContent, 'recovery[0].run: must not be empty');
});

test('editing shows a monitor\'s advanced fields and keeps them', async () => {
  const app = boot({
    get_monitor: () => ({ name: 'api', target: 'dns://1.1.1.1/example.com?type=A', interval: '30s', timeout: '5s', expected: ['1.2.3.4'], match: 'all', depends_on: 'router', recovery: [{ run: ['true'] }] }),
  });
  await app.boot();
  app.go('/monitors/1');
  await settle();
  const form = doc.getElementById('monitor-form');
  assert.equal(form.querySelector('[name=expected]').value, '1.2.3.4');
  assert.equal(form.querySelector('[name=match]').value, 'all');
  assert.equal(form.querySelector('#advanced summary').textContent, 'Advanced (4 set)', 'recovery actions count as one');
  form.querySelector('[name=depends_on]').value = '';
  await form.querySelector('button[type=submit]').click();
  await settle();
  const upd = ipc.calls.find((c) => c.cmd === 'update_monitor').args.spec;
  assert.deepEqual(upd.expected, ['1.2.3.4']);
  assert.equal(upd.match, 'all');
  assert.equal('depends_on' in upd, false, 'emptied: left to the default');
  assert.deepEqual(upd.recovery, [{ run: ['true'] }], 'fields the form does not show are kept');
});

async function fillAndSubmit(values) {
  const form = doc.getElementById('monitor-form');
  for (const [k, v] of Object.entries(values)) {
    const input = form.querySelector(`[name=${k}]`);
    if (typeof v === 'boolean') input.checked = v;
    else input.value = v;
  }
  await form.querySelector('button[type=submit]').click();
  await settle();
  return form;
}

test('saving sends a MonitorSpec with the rule under alerts.down and returns to the list', async () => {
  const app = boot();
  await app.boot();
  app.go('/monitors/new');
  await settle();
  await fillAndSubmit({ name: 'local', target: 'http://127.0.0.1:8080/', interval: '1', timeout: '1s', failure_threshold: '1', success_threshold: '1', severity: 'critical', create_incident: true });
  assert.deepEqual(added, [
    { name: 'local', target: 'http://127.0.0.1:8080/', interval: '1s', timeout: '1s', alerts: { down: { failure_threshold: 1, success_threshold: 1, severity: 'critical', create_incident: true } } },
  ]);
  assert.equal(win.location.hash, '#/');
  assert.ok(doc.getElementById('monitors'));
});

test("the core's field errors appear next to the field they name", async () => {
  const app = boot({
    add_monitor: () => {
      throw {
        kind: 'invalid',
        message: 'monitor "x": interval: must be at least 1s',
        fields: [
          { field: 'interval', message: 'must be at least 1s, got 500ms' },
          { field: 'alerts.down.failure_threshold', message: 'must be between 1 and 10000, got 0' },
          { field: 'name', message: 'a monitor named "x" already exists' },
        ],
      };
    },
  });
  await app.boot();
  app.go('/monitors/new');
  await settle();
  const form = await fillAndSubmit({ name: 'x', target: 'http://127.0.0.1:1/', interval: '500ms', failure_threshold: '0' });
  const err = (f) => form.querySelector(`[data-error-for=${f}]`).textContent;
  assert.equal(err('interval'), 'must be at least 1s, got 500ms');
  assert.equal(err('failure_threshold'), 'must be between 1 and 10000, got 0');
  assert.equal(err('name'), 'a monitor named "x" already exists');
  assert.equal(err('target'), '');
  assert.equal(form.querySelector('[name=interval]').getAttribute('aria-invalid'), 'true');
  assert.equal(win.location.hash, '#/monitors/new', 'stays on the form');
  // The error paragraph sits in the same field wrapper as its input.
  const wrap = form.querySelector('.field-interval');
  assert.ok(wrap.querySelector('[name=interval]') && wrap.querySelector('[data-error-for=interval]'));
});

test('a Tauri-level refusal (a plain string) still shows up on the form', async () => {
  const app = boot({ add_monitor: () => { throw 'invalid args `spec` for command `add_monitor`'; } });
  await app.boot();
  app.go('/monitors/new');
  await settle();
  const form = await fillAndSubmit({ name: 'x', target: 'http://127.0.0.1:1/' });
  assert.match(form.querySelector('#form-error').textContent, /invalid args/);
});

test('"Test now" shows the probe result before saving', async () => {
  const app = boot();
  await app.boot();
  app.go('/monitors/new');
  await settle();
  const form = doc.getElementById('monitor-form');
  form.querySelector('[name=name]').value = 'x';
  form.querySelector('[name=target]').value = 'http://127.0.0.1:1/';
  await form.querySelector('button[data-action=test-now]').click();
  await settle();
  assert.match(doc.getElementById('test-result').textContent, /UP.*in 12 ms/);
  assert.equal(ipc.count('add_monitor'), 0);
  assert.deepEqual(ipc.calls.find((c) => c.cmd === 'test_spec').args.spec.target, 'http://127.0.0.1:1/');
});

test('editing loads the spec, keeps unshown fields, and can pause and delete', async () => {
  const app = boot();
  await app.boot();
  app.go('/monitors/1');
  await settle();
  const form = doc.getElementById('monitor-form');
  assert.equal(form.querySelector('[name=interval]').value, '30s');
  assert.equal(form.querySelector('[name=failure_threshold]').value, '2');
  form.querySelector('[name=timeout]').value = '2s';
  await form.querySelector('button[type=submit]').click();
  await settle();
  const upd = ipc.calls.find((c) => c.cmd === 'update_monitor').args;
  assert.equal(upd.id, 1);
  assert.equal(upd.spec.method, 'HEAD');
  assert.equal(upd.spec.timeout, '2s');

  app.go('/monitors/1');
  await settle();
  await doc.querySelector('button[data-action=pause]').click();
  assert.deepEqual(ipc.calls.find((c) => c.cmd === 'set_paused').args, { id: 1, paused: true });
  await settle();
  const del = doc.querySelector('button[data-action=delete]');
  await del.click();
  assert.equal(ipc.count('remove_monitor'), 0, 'first click only asks');
  assert.match(del.textContent, /Really delete/);
  await del.click();
  await settle();
  assert.deepEqual(ipc.calls.find((c) => c.cmd === 'remove_monitor').args, { id: 1 });
  assert.equal(win.location.hash, '#/');
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
  monitors = Array.from({ length: 1000 }, (_, i) => monitorState(i + 1, `svc-${String(i).padStart(4, '0')}`, ['UP', 'UP', 'UP', 'DEGRADED', 'DOWN', 'PAUSED'][i % 6]));
  const app = boot();
  await app.boot();
  await settle();
  assert.equal(rows().length, 50, 'one page of 50 rows, not 1,000');
  t.diagnostic(`first render of 1,000 monitors: ${app.metrics.firstRenderMs.toFixed(1)} ms total, ${app.metrics.renderMs.toFixed(1)} ms rendering (fake DOM; tests/desktop/measure.sh gives the number in WebKit)`);
});

test('snoozed monitors are marked, and the edit page snoozes and unsnoozes', async () => {
  snoozed = { 1: '2026-03-14T13:00:00Z' };
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
  snoozed = { 1: '9999-12-31T23:59:59Z' };
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
  monitors = [monitorState(1, 'api', 'UP'), monitorState(5, 'batch', 'MAINTENANCE')];
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
  snoozed = { 2: '9999-12-31T23:59:59Z' };
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

test('the flap cap inputs show their defaults, send numbers and durations, and take the core\'s errors', async () => {
  const app = boot({
    add_monitor: ({ spec }) => {
      added.push(spec);
      throw { kind: 'invalid', message: 'invalid', fields: [{ field: 'flap_window', message: 'must be between 1m and 24h, got 30s' }] };
    },
    get_monitor: () => ({ name: 'api', target: 'https://a.example', flap_max: 2, flap_window: '1h' }),
  });
  await app.boot();
  app.go('/monitors/new');
  await settle();
  let form = doc.getElementById('monitor-form');
  assert.equal(form.querySelector('[name=flap_max]').getAttribute('placeholder'), '4');
  assert.equal(form.querySelector('[name=flap_window]').getAttribute('placeholder'), '10m');
  await fillAndSubmit({ name: 'x', target: 'tcp://127.0.0.1:1', flap_max: '6', flap_window: '30' });
  assert.equal(added[0].flap_max, 6);
  assert.equal(added[0].flap_window, '30s');
  assert.equal(form.querySelector('[data-error-for=flap_window]').textContent, 'must be between 1m and 24h, got 30s');
  assert.equal(form.querySelector('#advanced').hasAttribute('open'), true);
  app.go('/monitors/1');
  await settle();
  form = doc.getElementById('monitor-form');
  assert.equal(form.querySelector('[name=flap_max]').value, '2');
  assert.equal(form.querySelector('[name=flap_window]').value, '1h');
  form.querySelector('[name=flap_max]').value = '';
  await form.querySelector('button[type=submit]').click();
  await settle();
  const upd = ipc.calls.find((c) => c.cmd === 'update_monitor').args.spec;
  assert.equal('flap_max' in upd, false, 'emptied: back to the default');
  assert.equal(upd.flap_window, '1h');
});
