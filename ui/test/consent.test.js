// Recovery actions are shown, exactly as they would run, and saved only on a yes (issue 10,
// item 1): the words (the core's, as `lookout import --dry-run` prints them) and the form.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { appDocument, fakeWindow, install } from './fakedom.js';
import { mockIpc, settle, monitorState } from './ipc-mock.js';
import { setTransport } from '../app/js/ipc.js';

globalThis.__LOOKOUT_TEST__ = true;
const { createApp } = await import('../app/js/main.js');

// The core decides which actions need a yes and how each reads (src-tauri's add_monitor /
// update_monitor over crates/lookout-core/src/import/consent.rs, where the quoting and the
// "only what is not already saved" rule are tested). This fake answers as they do: the words
// below are the core's for these actions.
const WORDS = new Map([
  [JSON.stringify({ run: ['sh', '-c', 'id\r\u001b[2Ksystemctl restart web'] }), "runs sh -c $'id\\r\\x1b[2Ksystemctl restart web'"],
  [JSON.stringify({ webhook: 'https://collector.test/hook?who=me' }), "posts the monitor's name and target to https://collector.test/hook?who=me"],
  [JSON.stringify({ run: ['systemctl', '--user', 'restart', 'api; curl evil.test'] }), "runs systemctl --user restart 'api; curl evil.test'"],
]);
const what = (a) => JSON.stringify(Array.isArray(a.run) ? { run: a.run } : { webhook: a.webhook });

function coreSave(next, saved, allowRecovery) {
  if (next.target.includes('refused.test')) throw { kind: 'invalid', message: 'invalid', fields: [{ field: 'target', message: 'the core refuses this host' }] };
  const known = new Set((saved || []).map(what));
  const asks = (next.recovery || []).map((a, i) => ({ a, i })).filter(({ a }) => !known.has(what(a)));
  if (asks.length && !allowRecovery) {
    throw { kind: 'needs_consent', message: 'need your agreement', fields: asks.map(({ a, i }) => ({ field: `recovery[${i}]`, message: WORDS.get(what(a)) })) };
  }
}

let doc, added, updated, spec;

async function boot() {
  doc = install(appDocument());
  const ipc = mockIpc({
    list_monitors: () => ({ overall: 'UP', monitors: [monitorState(1, 'api', 'UP')], snoozed: {} }),
    list_incidents: () => [],
    monitors_history: ({ ids }) => ids.map((id) => ({ id, latency: [], days: [], uptime: null })),
    get_settings: () => ({ start_at_login: false }),
    get_monitor: () => spec,
    add_monitor: ({ spec: s, allowRecovery }) => {
      coreSave(s, undefined, allowRecovery);
      added.push(s);
      return 2;
    },
    update_monitor: ({ id, spec: s, allowRecovery }) => {
      coreSave(s, spec.recovery, allowRecovery);
      updated.push(s);
      return id;
    },
  });
  setTransport(ipc.transport);
  const app = createApp({ doc, win: fakeWindow(), now: () => Date.parse('2026-03-14T12:05:00Z') });
  await app.boot();
  return app;
}

beforeEach(() => {
  added = [];
  updated = [];
  spec = { name: 'api', target: 'http://127.0.0.1:8080/', recovery: [{ run: ['systemctl', '--user', 'restart', 'api'] }] };
});

const form = () => doc.getElementById('monitor-form');
const panel = () => doc.getElementById('recovery-consent');
const click = async (sel) => {
  await form().querySelector(sel).click();
  await settle();
};

async function newMonitorWithActions() {
  const app = await boot();
  app.go('/monitors/new');
  await settle();
  form().querySelector('[name=name]').value = 'web';
  form().querySelector('[name=target]').value = 'https://127.0.0.1:1/';
  await click('button[data-action=add-run]');
  const card = (i) => form().querySelector(`li.recovery-action[data-index="${i}"]`);
  card(0).querySelector('input[data-arg="0"]').value = 'sh';
  await card(0).querySelector('button[data-action=add-arg]').click();
  await card(0).querySelector('button[data-action=add-arg]').click();
  const args = card(0).querySelectorAll('input[data-arg]');
  args[1].value = '-c';
  args[2].value = 'id\r\u001b[2Ksystemctl restart web';
  await click('button[data-action=add-webhook]');
  card(1).querySelector('input[data-field=webhook]').value = 'https://collector.test/hook?who=me';
  await click('button[type=submit]');
}

test('a new monitor with recovery actions shows each one and saves nothing until the yes', async () => {
  await newMonitorWithActions();
  assert.equal(added.length, 0, 'nothing saved yet');
  const p = panel();
  assert.ok(p, 'the question is shown');
  assert.equal(p.getAttribute('role'), 'alertdialog');
  assert.match(p.querySelector('h3').textContent, /Save these 2 recovery actions\?/);
  assert.match(p.textContent, /runs as you/);
  const items = p.querySelectorAll('li');
  assert.deepEqual(items.map((li) => li.getAttribute('data-field')), ['recovery[0]', 'recovery[1]']);
  assert.equal(items[0].querySelector('code').textContent, "runs sh -c $'id\\r\\x1b[2Ksystemctl restart web'");
  assert.equal(items[1].querySelector('code').textContent, "posts the monitor's name and target to https://collector.test/hook?who=me");

  await click('button[data-action=confirm-recovery]');
  assert.equal(added.length, 1);
  assert.deepEqual(added[0].recovery, [{ run: ['sh', '-c', 'id\r\u001b[2Ksystemctl restart web'] }, { webhook: 'https://collector.test/hook?who=me' }]);
});

test('going back saves nothing and leaves the form as it was', async () => {
  await newMonitorWithActions();
  await click('button[data-action=cancel-recovery]');
  assert.equal(panel(), null);
  assert.equal(added.length, 0);
  assert.equal(form().querySelectorAll('li.recovery-action').length, 2, 'the actions are still there to fix');
  // Asked again on the next save.
  await click('button[type=submit]');
  assert.ok(panel());
  assert.equal(added.length, 0);
});

test('what is saved is what was shown, even if the form changes meanwhile', async () => {
  await newMonitorWithActions();
  form().querySelector('li.recovery-action[data-index="0"] input[data-arg="0"]').value = 'bash';
  await click('button[data-action=confirm-recovery]');
  assert.equal(added[0].recovery[0].run[0], 'sh');
});

test('editing a monitor asks only about an action whose command changed', async () => {
  const app = await boot();
  app.go('/monitors/1');
  await settle();
  form().querySelector('[name=interval]').value = '2m';
  await click('button[type=submit]');
  assert.equal(panel(), null, 'the saved action, unchanged: no question');
  assert.equal(updated.length, 1);

  app.go('/monitors/1');
  await settle();
  const arg = form().querySelector('li.recovery-action[data-index="0"] input[data-arg="3"]');
  arg.value = 'api; curl evil.test';
  await click('button[type=submit]');
  assert.equal(updated.length, 1, 'not saved yet');
  assert.deepEqual(panel().querySelectorAll('li code').map((c) => c.textContent), ["runs systemctl --user restart 'api; curl evil.test'"]);
  assert.match(panel().querySelector('h3').textContent, /Save this recovery action\?/);
  await click('button[data-action=confirm-recovery]');
  assert.equal(updated.length, 2);
  assert.deepEqual(updated[1].recovery, [{ run: ['systemctl', '--user', 'restart', 'api; curl evil.test'] }]);
});

test("the core's validation comes before the question: a spec it refuses shows its errors, not the panel", async () => {
  await newMonitorWithActions();
  await click('button[data-action=cancel-recovery]');
  form().querySelector('[name=target]').value = 'https://refused.test/';
  await click('button[type=submit]');
  assert.equal(panel(), null);
  assert.equal(added.length, 0);
  assert.match(form().querySelector('.field-target').textContent, /the core refuses this host/);
});
