// Maintenance windows: the pure helpers, and the page in the fake DOM with the IPC mocked.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { appDocument, fakeWindow, install } from './fakedom.js';
import { mockIpc, settle, monitorState } from './ipc-mock.js';
import { setTransport } from '../app/js/ipc.js';
import { windowFromForm, describeRule, windowState, sortWindows, localInputValue } from '../app/js/maintenance.js';
import { useLanguage } from './locale.js';

// The pure modules speak the catalogue's English here, as the page does by default.
useLanguage('en');

globalThis.__LOOKOUT_TEST__ = true;
const { createApp, parseRoute } = await import('../app/js/main.js');

const NOW = Date.parse('2026-03-14T12:05:00Z');

function win(id, extra = {}) {
  return {
    id,
    monitors: [{ id: 1, name: 'api' }],
    start: '2026-03-14T12:00:00Z',
    duration: '1h',
    duration_s: 3600,
    rrule: null,
    active: false,
    active_until: null,
    next_start: null,
    ...extra,
  };
}

test('the form becomes add_maintenance arguments; a start that is no time never leaves the page', () => {
  assert.deepEqual(windowFromForm({ monitors: ['2', '1'], start_mode: 'now', start_at: 'whatever', duration: ' 90m ', rrule: '  ' }), {
    args: { monitors: [2, 1], start: 'now', duration: '90m', rrule: null },
    errors: [],
  });
  const at = windowFromForm({ monitors: ['1'], start_mode: 'at', start_at: '2026-03-15T23:00', duration: '30', rrule: 'FREQ=DAILY' });
  assert.equal(at.args.start, new Date(2026, 2, 15, 23, 0).toISOString(), 'local time sent as UTC');
  assert.equal(at.args.duration, '30s', 'a bare number is seconds, as everywhere');
  assert.equal(at.args.rrule, 'FREQ=DAILY');
  assert.deepEqual(windowFromForm({ monitors: [], start_mode: 'at', start_at: 'soon', duration: '' }).errors, [{ field: 'start', message: '"soon" is not a date and time' }]);
  assert.equal(windowFromForm({ start_mode: 'at', start_at: '' }).errors[0].field, 'start');
  // Everything else is the core's to judge, so its words name the field.
  assert.deepEqual(windowFromForm({ start_mode: 'now' }).args, { monitors: [], start: 'now', duration: '', rrule: null });
});

test('rules read in words when they are common ones, as written otherwise', () => {
  assert.equal(describeRule(null), 'Once');
  assert.equal(describeRule('FREQ=DAILY'), 'Every day');
  assert.equal(describeRule('RRULE:FREQ=WEEKLY;BYDAY=SU'), 'Every week on Sunday');
  assert.equal(describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU'), 'Every 2 weeks on Saturday, Sunday');
  assert.equal(describeRule('FREQ=DAILY;BYHOUR=3'), 'FREQ=DAILY;BYHOUR=3');
  assert.equal(describeRule('FREQ=SOMETIMES'), 'FREQ=SOMETIMES');
  assert.equal(describeRule('FREQ=MONTHLY;BYDAY=1SU'), 'FREQ=MONTHLY;BYDAY=1SU');
});

test('a window says whether it is on now, and active ones come first', () => {
  const now = new Date(NOW);
  assert.equal(windowState(win(1, { active: true, active_until: '2026-03-14T13:00:00Z' }), now).kind, 'active');
  assert.match(windowState(win(1, { active: true, active_until: '2026-03-14T13:00:00Z' }), now).text, /^Active until \d\d:\d\d:\d\d$/);
  assert.match(windowState(win(2, { next_start: '2026-03-20T03:00:00Z' }), now).text, /^Next 2026-03-20 \d\d:\d\d$/);
  assert.deepEqual(windowState(win(3), now), { kind: 'over', text: 'Over' });
  const sorted = sortWindows([win(3), win(2, { next_start: '2026-03-20T03:00:00Z' }), win(4, { next_start: '2026-03-15T03:00:00Z' }), win(1, { active: true, active_until: '2026-03-14T13:00:00Z' })]);
  assert.deepEqual(sorted.map((w) => w.id), [1, 4, 2, 3]);
  assert.equal(localInputValue(new Date(2026, 0, 2, 3, 4, 59)), '2026-01-02T03:04');
});

let doc, fwin, ipc, windows, monitors;

function boot(handlers = {}) {
  doc = install(appDocument());
  fwin = fakeWindow();
  ipc = mockIpc({
    list_monitors: () => ({ overall: 'UP', monitors, snoozed: {} }),
    list_incidents: () => [],
    monitors_history: ({ ids }) => ids.map((id) => ({ id, latency: [], days: [], uptime: null })),
    get_settings: () => ({ start_at_login: false }),
    list_maintenance: () => windows,
    remove_maintenance: ({ id }) => {
      windows = windows.filter((w) => w.id !== id);
      return null;
    },
    ...handlers,
  });
  setTransport(ipc.transport);
  return createApp({ doc, win: fwin, now: () => NOW });
}

beforeEach(() => {
  monitors = [monitorState(2, 'db', 'UP'), monitorState(1, 'api', 'UP'), monitorState(3, 'batch', 'MAINTENANCE')];
  windows = [win(7, { monitors: [{ id: 3, name: 'batch' }], active: true, active_until: '2026-03-14T13:00:00Z', rrule: 'FREQ=DAILY' })];
});

test('routes to the maintenance page, optionally with a monitor ticked', () => {
  assert.deepEqual(parseRoute('#/maintenance'), { name: 'maintenance' });
  assert.deepEqual(parseRoute('#/maintenance?monitor=4'), { name: 'maintenance', monitor: 4 });
});

test('the page lists windows and offers every monitor, labelled, by name', async () => {
  const app = boot();
  await app.boot();
  app.go('/maintenance?monitor=2');
  await settle();
  const rows = doc.querySelectorAll('#maintenance-rows tr.window-row');
  assert.equal(rows.length, 1);
  assert.equal(rows[0].getAttribute('data-state'), 'active');
  assert.match(rows[0].textContent, /Active until/);
  assert.match(rows[0].textContent, /batch/);
  assert.match(rows[0].textContent, /Every day/);
  assert.equal(rows[0].querySelector('a').getAttribute('href'), '#/monitors/3');
  const form = doc.getElementById('maintenance-form');
  const choices = form.querySelectorAll('input[name=monitors]');
  assert.deepEqual(choices.map((c) => c.parentNode.textContent), ['api', 'batch', 'db']);
  assert.deepEqual(choices.filter((c) => c.checked).map((c) => c.value), ['2'], 'the monitor the page was opened for');
  for (const id of ['mw-duration', 'mw-rrule', 'mw-start-now', 'mw-start-at-mode']) assert.ok(form.querySelector(`label[for=${id}]`), `label for ${id}`);
  assert.equal(doc.title, 'Maintenance — Lookout');
});

test('adding a window sends the form and lists it; the core\'s errors land next to their fields', async () => {
  let answer;
  const app = boot({
    add_maintenance: (args) => answer(args),
  });
  await app.boot();
  app.go('/maintenance');
  await settle();
  const form = doc.getElementById('maintenance-form');
  answer = () => {
    throw {
      kind: 'invalid',
      message: 'monitors: choose at least one monitor; duration: ...; rrule: ...',
      fields: [
        { field: 'monitors', message: 'choose at least one monitor' },
        { field: 'duration', message: '"an hour" is not a duration' },
        { field: 'rrule', message: '"FREQ=SOMETIMES" is not a valid RRULE: unknown frequency' },
      ],
    };
  };
  form.querySelector('[name=duration]').value = 'an hour';
  form.querySelector('[name=rrule]').value = 'FREQ=SOMETIMES';
  await form.querySelector('button[type=submit]').click();
  await settle();
  const err = (f) => form.querySelector(`[data-error-for=${f}]`).textContent;
  assert.equal(err('monitors'), 'choose at least one monitor');
  assert.equal(err('duration'), '"an hour" is not a duration');
  assert.match(err('rrule'), /not a valid RRULE/);
  assert.equal(form.querySelector('[name=rrule]').getAttribute('aria-invalid'), 'true');
  assert.equal(doc.getElementById('maintenance-error').textContent, '', 'each message is beside its field, not repeated above');
  assert.equal(doc.querySelectorAll('#maintenance-rows tr').length, 1, 'nothing was added');

  // A start time that is no time is caught before anything is sent.
  const sent = ipc.count('add_maintenance');
  form.querySelector('#mw-start-at-mode').checked = true;
  form.querySelector('#mw-start-now').checked = false;
  form.querySelector('[name=start_at]').value = 'next tuesday';
  await form.querySelector('button[type=submit]').click();
  await settle();
  assert.equal(ipc.count('add_maintenance'), sent);
  assert.match(err('start'), /is not a date and time/);

  answer = (args) => {
    const w = win(8, { monitors: args.monitors.map((id) => ({ id, name: monitors.find((m) => m.id === id).name })), active: true, active_until: '2026-03-14T13:05:00Z', rrule: args.rrule });
    windows.push(w);
    return w;
  };
  form.querySelector('#mw-start-now').checked = true;
  form.querySelector('#mw-start-at-mode').checked = false;
  for (const c of form.querySelectorAll('input[name=monitors]')) c.checked = ['1', '2'].includes(c.value);
  form.querySelector('[name=duration]').value = '1h';
  form.querySelector('[name=rrule]').value = 'FREQ=WEEKLY;BYDAY=SU';
  await form.querySelector('button[type=submit]').click();
  await settle();
  await settle();
  assert.deepEqual(ipc.calls.filter((c) => c.cmd === 'add_maintenance').pop().args, { monitors: [1, 2], start: 'now', duration: '1h', rrule: 'FREQ=WEEKLY;BYDAY=SU' });
  assert.equal(err('rrule'), '', 'errors cleared');
  assert.equal(doc.querySelectorAll('#maintenance-rows tr').length, 2);
  assert.match(doc.getElementById('notice').textContent, /Maintenance window added: api, db read MAINTENANCE/);
});

test('removing a window asks first, then removes it', async () => {
  const app = boot();
  await app.boot();
  app.go('/maintenance');
  await settle();
  const btn = doc.querySelector('button[data-action=remove-window]');
  assert.equal(btn.getAttribute('aria-label'), 'Remove the window for batch');
  await btn.click();
  assert.equal(ipc.count('remove_maintenance'), 0, 'the first click only asks');
  assert.equal(btn.textContent, 'Really remove?');
  await btn.click();
  await settle();
  await settle();
  assert.deepEqual(ipc.calls.find((c) => c.cmd === 'remove_maintenance').args, { id: 7 });
  assert.equal(doc.querySelectorAll('#maintenance-rows tr').length, 0);
  assert.equal(doc.querySelector('.empty-windows').hidden, false);
  assert.equal(doc.getElementById('maintenance-list').hidden, true);
});

test('a monitor entering or leaving maintenance refreshes the list', async () => {
  const app = boot();
  await app.boot();
  app.go('/maintenance');
  await settle();
  const before = ipc.count('list_maintenance');
  ipc.emit('core-event', { event: 'status_changed', monitor_id: 3, monitor: 'batch', from: 'MAINTENANCE', to: 'UP', at: '2026-03-14T13:00:00Z', reason: '' });
  await settle();
  assert.equal(ipc.count('list_maintenance'), before + 1);
  ipc.emit('core-event', { event: 'status_changed', monitor_id: 1, monitor: 'api', from: 'UP', to: 'DOWN', at: '2026-03-14T13:00:00Z', reason: '' });
  await settle();
  assert.equal(ipc.count('list_maintenance'), before + 1, 'other changes do not');
});

test('a monitor page links to a maintenance window for it', async () => {
  const app = boot({ get_monitor: () => ({ name: 'api', target: 'https://a.example' }), list_incidents: () => [] });
  await app.boot();
  app.go('/monitors/1');
  await settle();
  assert.equal(doc.querySelector('a[data-action=maintenance]').getAttribute('href'), '#/maintenance?monitor=1');
});
