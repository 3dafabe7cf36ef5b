// The footer's "Offline detection": the reference targets in words, and the setting loaded
// when opened, saved with the core's errors under the input, and reset to the defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appDocument, fakeWindow, install } from './fakedom.js';
import { mockIpc, settle } from './ipc-mock.js';
import { setTransport } from '../app/js/ipc.js';
import { describeTargets, targetsText } from '../app/js/offline.js';
import { useLanguage } from './locale.js';

// The pure modules speak the catalogue's English here, as the page does by default.
useLanguage('en');

globalThis.__LOOKOUT_TEST__ = true;
const { createApp } = await import('../app/js/main.js');

const DEFAULTS = ['1.1.1.1:443', '8.8.8.8:53', '9.9.9.9:443'];

test('the targets in force, in words', () => {
  assert.equal(describeTargets({ targets: DEFAULTS, defaults: DEFAULTS, is_default: true }), 'The defaults are in force: offline when at least two fail together.');
  assert.equal(describeTargets({ targets: ['10.0.0.1:53', '10.0.0.2:53'], defaults: DEFAULTS, is_default: false }), 'Yours are in force: offline when both fail together.');
  assert.equal(describeTargets({ targets: ['10.0.0.1:53'], defaults: DEFAULTS, is_default: false }), 'Yours are in force: offline when 10.0.0.1:53 fails.');
  assert.match(describeTargets({ targets: [], defaults: DEFAULTS, is_default: false }), /only a missing network route/);
  assert.equal(targetsText(['a:1', '[::1]:53']), 'a:1\n[::1]:53');
});

/** A dashboard whose core keeps the setting like the real one: validated, stored, reset. */
function setup() {
  const doc = install(appDocument());
  const win = fakeWindow();
  let stored = null;
  const view = () => ({ targets: stored ?? DEFAULTS, defaults: DEFAULTS, is_default: stored === null });
  const ipc = mockIpc({
    list_monitors: () => ({ overall: 'UNKNOWN', monitors: [], snoozed: {} }),
    list_incidents: () => [],
    get_settings: () => ({ start_at_login: false }),
    get_reference_targets: view,
    set_reference_targets: ({ value }) => {
      const entries = value.split(/[\s,]+/).filter(Boolean);
      const bad = entries.filter((e) => !/:\d+$/.test(e));
      if (bad.length) {
        throw { kind: 'invalid', message: 'reference_targets: …', fields: bad.map((e) => ({ field: 'reference_targets', message: `"${e}": no port; write host:port, e.g. 10.0.0.1:53` })) };
      }
      stored = entries;
      return view();
    },
    reset_reference_targets: () => {
      stored = null;
      return view();
    },
  });
  setTransport(ipc.transport);
  const app = createApp({ doc, win, now: () => Date.parse('2026-03-14T12:05:00Z') });
  return { doc, ipc, app, stored: () => stored };
}

async function open(doc) {
  const d = doc.getElementById('offline-detection');
  d.open = true;
  await d.dispatchEvent({ type: 'toggle' });
  await settle();
}

test('loaded only when opened, with the defaults shown', async () => {
  const { doc, ipc, app } = setup();
  await app.boot();
  await settle();
  assert.equal(ipc.count('get_reference_targets'), 0, 'nothing asked at boot');
  await open(doc);
  assert.equal(ipc.count('get_reference_targets'), 1);
  const input = doc.getElementById('reference-targets');
  assert.equal(input.value, DEFAULTS.join('\n'));
  assert.equal(doc.getElementById('reference-targets-defaults').textContent, DEFAULTS.join(', '));
  assert.match(doc.getElementById('reference-targets-state').textContent, /defaults are in force/);
  assert.equal(doc.getElementById('reset-reference-targets').disabled, true, 'nothing to reset');
  // Closing and opening again does not load (or add) it twice.
  const d = doc.getElementById('offline-detection');
  d.open = false;
  await d.dispatchEvent({ type: 'toggle' });
  await open(doc);
  assert.equal(ipc.count('get_reference_targets'), 1);
  assert.equal(doc.querySelectorAll('#reference-targets').length, 1);
});

test("a bad entry shows the core's message under the input and stores nothing; a good one is saved; reset", async () => {
  const { doc, ipc, app, stored } = setup();
  await app.boot();
  await open(doc);
  const input = doc.getElementById('reference-targets');
  const error = doc.getElementById('reference-targets-error');

  input.value = '10.0.0.1:53\n10.0.0.2\ngw';
  await doc.getElementById('save-reference-targets').click();
  await settle();
  assert.equal(ipc.calls.find((c) => c.cmd === 'set_reference_targets').args.value, '10.0.0.1:53\n10.0.0.2\ngw');
  assert.equal(error.textContent, '"10.0.0.2": no port; write host:port, e.g. 10.0.0.1:53\n"gw": no port; write host:port, e.g. 10.0.0.1:53');
  assert.equal(input.getAttribute('aria-invalid'), 'true');
  assert.equal(input.value, '10.0.0.1:53\n10.0.0.2\ngw', 'what was typed stays, to be fixed');
  assert.equal(stored(), null);

  // Typing clears the error.
  await input.dispatchEvent({ type: 'input' });
  assert.equal(error.textContent, '');
  assert.equal(input.hasAttribute('aria-invalid'), false);

  input.value = '10.0.0.1:53, 10.0.0.2:443';
  await doc.getElementById('save-reference-targets').click();
  await settle();
  assert.deepEqual(stored(), ['10.0.0.1:53', '10.0.0.2:443']);
  assert.equal(input.value, '10.0.0.1:53\n10.0.0.2:443', 'shown one per line, as stored');
  assert.match(doc.getElementById('reference-targets-state').textContent, /^Yours are in force: offline when both fail together/);
  assert.equal(doc.getElementById('reset-reference-targets').disabled, false);
  assert.match(doc.getElementById('notice').textContent, /saved/);

  await doc.getElementById('reset-reference-targets').click();
  await settle();
  assert.equal(ipc.count('reset_reference_targets'), 1);
  assert.equal(stored(), null);
  assert.equal(input.value, DEFAULTS.join('\n'));
  assert.equal(doc.getElementById('reset-reference-targets').disabled, true);
});

test('a failure to load says so and lets a later opening try again', async () => {
  const { doc, ipc, app } = setup();
  await app.boot();
  let fail = true;
  const real = ipc.transport.invoke;
  ipc.transport.invoke = (cmd, args) => (cmd === 'get_reference_targets' && fail ? Promise.reject({ kind: 'store', message: 'database is locked', fields: [] }) : real(cmd, args));
  await open(doc);
  assert.equal(doc.getElementById('notice').textContent, 'database is locked');
  assert.equal(doc.getElementById('reference-targets'), null);
  fail = false;
  await open(doc);
  assert.ok(doc.getElementById('reference-targets'));
});
