// Recovery actions: the spec <-> editor mapping, and the editor in the form with the IPC mocked.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { appDocument, fakeWindow, install } from './fakedom.js';
import { mockIpc, settle, monitorState } from './ipc-mock.js';
import { setTransport } from '../app/js/ipc.js';
import { recoveryToForm, recoveryFromForm, newRecoveryAction, fieldForError, splitErrors, formToSpec, specToForm } from '../app/js/spec.js';
import { useLanguage } from './locale.js';

// The pure modules speak the catalogue's English here, as the page does by default.
useLanguage('en');

globalThis.__LOOKOUT_TEST__ = true;
const { createApp } = await import('../app/js/main.js');

const EXPORTED = [
  { run: ['systemctl', '--user', 'restart', 'api'], after_failures: 2, cooldown: '5m', max_attempts: 3, timeout: '30s' },
  { webhook: 'https://hooks.example/restart', cooldown: '10m', max_attempts: 1, timeout: '5s' },
];

test('an exported recovery list round-trips through the editor unchanged', () => {
  const form = recoveryToForm(EXPORTED);
  assert.equal(form[0].kind, 'run');
  assert.deepEqual(form[0].argv, ['systemctl', '--user', 'restart', 'api']);
  assert.equal(form[0].after_failures, '2');
  assert.equal(form[1].kind, 'webhook');
  assert.equal(form[1].after_failures, '', 'absent: when the DOWN rule triggers');
  assert.deepEqual(recoveryFromForm(form), { value: EXPORTED, errors: [] });
  assert.deepEqual(recoveryToForm(undefined), []);
  assert.deepEqual(recoveryFromForm([]), { value: undefined, errors: [] });
});

test('arguments go as typed, one per input, never split or quoted; empty inputs are dropped', () => {
  const a = { ...newRecoveryAction('run'), argv: [' /usr/bin/touch ', '/tmp/a file; rm -rf ~', '', '$HOME "quoted"'] };
  const { value } = recoveryFromForm([a]);
  assert.deepEqual(value, [{ run: ['/usr/bin/touch', '/tmp/a file; rm -rf ~', '$HOME "quoted"'] }]);
  // No program at all: sent as an empty list, for the core to name `recovery[0].run`.
  assert.deepEqual(recoveryFromForm([newRecoveryAction('run')]).value, [{ run: [] }]);
  assert.deepEqual(recoveryFromForm([{ ...newRecoveryAction('webhook'), webhook: ' https://x.example/h ', cooldown: '90' }]).value, [{ webhook: 'https://x.example/h', cooldown: '90s' }]);
});

test('a count that is not a whole number is named like the core names it', () => {
  const { errors } = recoveryFromForm([newRecoveryAction('run'), { ...newRecoveryAction('run'), argv: ['true'], max_attempts: 'three' }]);
  assert.deepEqual(errors, [{ field: 'recovery[1].max_attempts', message: 'must be a whole number' }]);
  const { spec, errors: all } = formToSpec({ ...specToForm({ name: 'a', target: 'tcp://127.0.0.1:1' }), recovery: [{ ...newRecoveryAction('run'), argv: ['x'], after_failures: '1.5' }] });
  assert.equal(all[0].field, 'recovery[0].after_failures');
  assert.ok(spec);
});

test('recovery error paths are kept whole for the editor; other indexed paths are lines', () => {
  for (const p of ['recovery', 'recovery[0]', 'recovery[3].run', 'recovery[1].timeout']) assert.equal(fieldForError(p), p);
  assert.equal(fieldForError('recovery[0].run[1]'), null);
  assert.equal(fieldForError('checkpoints[1]'), 'checkpoints');
  const { byField } = splitErrors([
    { field: 'recovery[0]', message: 'give either "run" or "webhook", not both' },
    { field: 'checkpoints[1]', message: 'bad' },
  ]);
  assert.deepEqual(byField, { 'recovery[0]': ['give either "run" or "webhook", not both'], checkpoints: ['line 2: bad'] });
});

let doc, ipc, monitors, saved, spec;

function boot(handlers = {}) {
  doc = install(appDocument());
  ipc = mockIpc({
    list_monitors: () => ({ overall: 'UP', monitors, snoozed: {} }),
    list_incidents: () => [],
    monitors_history: ({ ids }) => ids.map((id) => ({ id, latency: [], days: [], uptime: null })),
    get_settings: () => ({ start_at_login: false }),
    get_monitor: () => spec,
    update_monitor: ({ id, spec: s, allowRecovery }) => {
      // As the core answers: an action that was not saved before waits for a yes.
      const before = new Set((spec.recovery || []).map((a) => JSON.stringify(a.run ?? a.webhook)));
      const fresh = (s.recovery || []).map((a, i) => ({ a, i })).filter(({ a }) => !before.has(JSON.stringify(a.run ?? a.webhook)));
      if (fresh.length && !allowRecovery) {
        throw { kind: 'needs_consent', message: 'need your agreement', fields: fresh.map(({ i }) => ({ field: `recovery[${i}]`, message: 'runs …' })) };
      }
      saved.push(s);
      return id;
    },
    ...handlers,
  });
  setTransport(ipc.transport);
  return createApp({ doc, win: fakeWindow(), now: () => Date.parse('2026-03-14T12:05:00Z') });
}

beforeEach(() => {
  monitors = [monitorState(1, 'api', 'UP')];
  saved = [];
  spec = { name: 'api', target: 'http://127.0.0.1:8080/', interval: '30s', timeout: '5s', alerts: { down: { failure_threshold: 1 } }, recovery: structuredClone(EXPORTED) };
});

const card = (i) => doc.querySelector(`li.recovery-action[data-index="${i}"]`);

async function openEdit() {
  const app = boot();
  await app.boot();
  app.go('/monitors/1');
  await settle();
  return doc.getElementById('monitor-form');
}

test('the Advanced section lists a monitor\'s recovery actions, each input labelled, and says no shell is used', async () => {
  const form = await openEdit();
  assert.match(form.querySelector('#advanced summary').textContent, /Advanced \(1 set\)/);
  const cards = form.querySelectorAll('li.recovery-action');
  assert.deepEqual(cards.map((c) => c.getAttribute('data-kind')), ['run', 'webhook']);
  assert.deepEqual(card(0).querySelectorAll('input[data-arg]').map((i) => i.value), ['systemctl', '--user', 'restart', 'api']);
  assert.equal(card(1).querySelector('input[data-field=webhook]').value, 'https://hooks.example/restart');
  assert.equal(card(0).querySelector('input[data-field=after_failures]').value, '2');
  assert.equal(card(1).querySelector('input[data-field=after_failures]').getAttribute('placeholder'), 'when DOWN triggers');
  for (const input of form.querySelectorAll('#recovery input')) {
    const label = form.querySelector(`label[for=${input.getAttribute('id')}]`);
    assert.ok(label && label.textContent.trim(), `label for ${input.getAttribute('name')}`);
  }
  assert.match(card(0).textContent, /No shell is used/);
  await form.querySelector('button[type=submit]').click();
  await settle();
  assert.deepEqual(saved[0].recovery, EXPORTED, 'unchanged when untouched');
});

test('actions and arguments are added, edited and removed; the saved spec follows', async () => {
  spec.recovery = undefined;
  const form = await openEdit();
  assert.equal(form.querySelectorAll('li.recovery-action').length, 0);
  await form.querySelector('button[data-action=add-run]').click();
  card(0).querySelector('input[data-arg="0"]').value = 'systemctl';
  await card(0).querySelector('button[data-action=add-arg]').click();
  await card(0).querySelector('button[data-action=add-arg]').click();
  await card(0).querySelector('button[data-action=add-arg]').click();
  const args = () => card(0).querySelectorAll('input[data-arg]');
  assert.equal(args()[0].value, 'systemctl', 'typed values survive a redraw');
  args()[1].value = '--user';
  args()[2].value = 'oops';
  args()[3].value = 'restart api';
  const drop = card(0).querySelectorAll('button[data-action=remove-arg]');
  assert.deepEqual(drop.map((b) => b.getAttribute('aria-label')), ['Remove argument 1', 'Remove argument 2', 'Remove argument 3'], 'the program itself has none');
  await drop[1].click();
  assert.deepEqual(args().map((i) => i.value), ['systemctl', '--user', 'restart api']);
  card(0).querySelector('input[data-field=cooldown]').value = '2m';
  await form.querySelector('button[data-action=add-webhook]').click();
  card(1).querySelector('input[data-field=webhook]').value = 'https://hooks.example/x';
  await form.querySelector('button[data-action=add-run]').click();
  card(2).querySelector('input[data-arg="0"]').value = 'true';
  await card(1).querySelector('button[data-action=remove-action]').click();
  assert.equal(card(1).getAttribute('data-kind'), 'run', 'the third became the second');
  assert.match(card(1).querySelector('strong').textContent, /^2\. Run a program/);
  await form.querySelector('button[type=submit]').click();
  await settle();
  assert.equal(saved.length, 0, 'new actions are shown first');
  await form.querySelector('button[data-action=confirm-recovery]').click();
  await settle();
  assert.deepEqual(saved[0].recovery, [{ run: ['systemctl', '--user', 'restart api'], cooldown: '2m' }, { run: ['true'] }]);
});

test('removing every action leaves recovery out of the spec', async () => {
  const form = await openEdit();
  await card(1).querySelector('button[data-action=remove-action]').click();
  await card(0).querySelector('button[data-action=remove-action]').click();
  await form.querySelector('button[type=submit]').click();
  await settle();
  assert.equal('recovery' in saved[0], false);
});

test("the core's recovery errors land next to the input they name, and open Advanced", async () => {
  const app = boot({
    update_monitor: () => {
      throw {
        kind: 'invalid',
        message: 'invalid',
        fields: [
          { field: 'recovery[0].run', message: 'must name a program: ["systemctl", "--user", "restart", "api"]' },
          { field: 'recovery[1].webhook', message: 'must be an http:// or https:// URL' },
          { field: 'recovery[1].timeout', message: 'must be at most 1h' },
          { field: 'recovery[1]', message: 'give either "run" or "webhook", not both' },
          { field: 'recovery', message: 'at most 10 actions per monitor, got 11' },
        ],
      };
    },
  });
  await app.boot();
  app.go('/monitors/1');
  await settle();
  const form = doc.getElementById('monitor-form');
  card(0).querySelector('input[data-arg="0"]').value = '';
  await form.querySelector('button[type=submit]').click();
  await settle();
  assert.equal(form.querySelector('button[data-action=confirm-recovery]'), null, 'invalid: no question yet');
  const err = (p) => form.querySelector(`[data-error-for="${p}"]`).textContent;
  assert.match(err('recovery[0].run'), /must name a program/);
  assert.equal(card(0).querySelector('input[data-arg="0"]').getAttribute('aria-invalid'), 'true');
  assert.equal(err('recovery[1].webhook'), 'must be an http:// or https:// URL');
  assert.equal(card(1).querySelector('input[data-field=webhook]').getAttribute('aria-invalid'), 'true');
  assert.equal(err('recovery[1].timeout'), 'must be at most 1h');
  assert.equal(card(1).querySelector('input[data-field=timeout]').getAttribute('aria-invalid'), 'true');
  assert.match(err('recovery[1]'), /not both/);
  assert.match(err('recovery'), /at most 10/);
  assert.equal(form.querySelector('#form-error').textContent, '', 'nothing left over for the top of the form');
  assert.equal(form.querySelector('#advanced').hasAttribute('open'), true);
  assert.equal(doc.activeElement, card(0).querySelector('input[data-arg="0"]'), 'the first bad input has the focus');
  // The next try starts clean.
  form.querySelector('[name=name]').value = '';
  await form.querySelector('button[type=submit]').click();
  await settle();
  assert.equal(card(1).querySelector('input[data-field=webhook]').getAttribute('aria-invalid'), 'true', 'the same errors again');
});

test('a count that is not a whole number is caught before saving, beside its input', async () => {
  const form = await openEdit();
  card(1).querySelector('input[data-field=max_attempts]').value = 'lots';
  await form.querySelector('button[type=submit]').click();
  await settle();
  assert.equal(saved.length, 0);
  assert.equal(form.querySelector('[data-error-for="recovery[1].max_attempts"]').textContent, 'must be a whole number');
});

test('no more than ten actions can be added', async () => {
  spec.recovery = undefined;
  const form = await openEdit();
  const add = form.querySelector('button[data-action=add-run]');
  for (let i = 0; i < 12; i++) await add.click();
  assert.equal(form.querySelectorAll('li.recovery-action').length, 10);
  assert.equal(add.disabled, true);
  assert.equal(form.querySelector('button[data-action=add-webhook]').disabled, true);
});
