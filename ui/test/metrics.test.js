// The footer's "Prometheus metrics": loaded when opened, saved with the app's errors under the
// input (nothing changes then), and drawn again in another language with what was typed kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appDocument, fakeWindow, install } from './fakedom.js';
import { mockIpc, settle } from './ipc-mock.js';
import { setTransport } from '../app/js/ipc.js';
import { languagePayload, useLanguage } from './locale.js';

useLanguage('en');

globalThis.__LOOKOUT_TEST__ = true;
const { createApp } = await import('../app/js/main.js');

/** A dashboard whose app keeps the setting as the real one: a taken port is refused. */
function setup() {
  const doc = install(appDocument());
  const win = fakeWindow();
  let stored = '';
  const view = () => ({ value: stored, serving: stored ? (stored.includes(':') ? stored : `127.0.0.1:${stored}`) : null });
  const ipc = mockIpc({
    list_monitors: () => ({ overall: 'UNKNOWN', monitors: [], snoozed: {} }),
    list_incidents: () => [],
    get_settings: () => ({ start_at_login: false }),
    get_metrics_listen: view,
    set_metrics_listen: ({ value }) => {
      if (value.trim() === '22') {
        throw { kind: 'invalid', message: 'metrics_listen: …', fields: [{ field: 'metrics_listen', message: 'cannot serve /metrics on 127.0.0.1:22: address in use' }] };
      }
      stored = value.trim();
      return view();
    },
  });
  setTransport(ipc.transport);
  const app = createApp({ doc, win, now: () => Date.parse('2026-03-14T12:05:00Z') });
  return { doc, ipc, app, stored: () => stored };
}

async function open(doc) {
  const d = doc.getElementById('metrics-setting');
  d.open = true;
  await d.dispatchEvent({ type: 'toggle' });
  await settle();
}

test('metrics: loaded when opened, a refused address shows its error and keeps nothing, a good one is served', async () => {
  const { doc, ipc, app, stored } = setup();
  await app.boot();
  await settle();
  assert.equal(ipc.count('get_metrics_listen'), 0, 'nothing asked at boot');
  await open(doc);
  const input = doc.getElementById('metrics-listen');
  assert.equal(input.value, '');
  assert.equal(doc.getElementById('metrics-listen-state').textContent, 'Off: /metrics is not served.');

  input.value = '22';
  await doc.getElementById('save-metrics-listen').click();
  await settle();
  assert.equal(doc.getElementById('metrics-listen-error').textContent, 'cannot serve /metrics on 127.0.0.1:22: address in use');
  assert.equal(input.getAttribute('aria-invalid'), 'true');
  assert.equal(stored(), '');

  input.value = '9464';
  await input.dispatchEvent({ type: 'input' });
  assert.equal(doc.getElementById('metrics-listen-error').textContent, '');
  await doc.getElementById('save-metrics-listen').click();
  await settle();
  assert.equal(stored(), '9464');
  assert.equal(doc.getElementById('metrics-listen-state').textContent, 'Serving /metrics on 127.0.0.1:9464.');
  assert.match(doc.getElementById('notice').textContent, /Prometheus metrics saved/);

  // Another language: the words change, what was typed stays.
  input.value = '0.0.0.0:9464';
  ipc.emit('language_changed', languagePayload('zh-CN'));
  await settle();
  assert.equal(doc.getElementById('metrics-listen').value, '0.0.0.0:9464');
  assert.equal(doc.getElementById('metrics-listen-state').textContent, '正在 127.0.0.1:9464 上提供 /metrics。');
  assert.equal(doc.querySelectorAll('#metrics-listen').length, 1);
});
