// The add/edit form in the whole dashboard, in a fake DOM with the Tauri IPC mocked.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { settle } from './ipc-mock.js';
import { ADVANCED_FIELDS } from '../app/js/spec.js';
import { boot, doc, win, ipc, monitors, added, reset } from './app-harness.js';

beforeEach(reset);

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
