// Import and export from the dashboard: a file picked or dropped is previewed with the core's
// reading of it, imported only on confirmation (recovery actions with the yes the preview
// asked for), an invalid file shows its error and imports nothing; export says where it saved.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { appDocument, fakeWindow, install } from './fakedom.js';
import { mockIpc, settle } from './ipc-mock.js';
import { setTransport } from '../app/js/ipc.js';

globalThis.__LOOKOUT_TEST__ = true;
const { createApp, parseRoute } = await import('../app/js/main.js');

let doc, win, ipc, monitors, previews, imported;

const bytesFile = (name, bytes) => ({ name, size: bytes.length, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) });
const file = (name, text) => bytesFile(name, new TextEncoder().encode(text));
const KUMA = '{"version":"1.23","monitorList":[]}';
const PREVIEW = {
  format: 'uptime-kuma',
  monitors: [
    { name: 'web', target: 'https://example.com/', interval: '1m', paused: false },
    { name: 'db', target: 'tcp://db.internal:5432', interval: '30s', paused: true },
  ],
  consents: [],
  redacted: [],
  skipped: [{ name: 'Containers', reason: 'docker has no Lookout equivalent' }],
  unmapped: [{ name: 'web', reason: 'notifications: set up alerts in Lookout' }],
};

async function open(route = '/import') {
  doc = install(appDocument());
  win = fakeWindow();
  ipc = mockIpc({
    list_monitors: () => ({ overall: 'UP', monitors, snoozed: {} }),
    list_incidents: () => [],
    monitors_history: ({ ids }) => ids.map((id) => ({ id, latency: [], days: [], uptime: null })),
    get_settings: () => ({ start_at_login: false }),
    import_preview: ({ text }) => {
      const p = previews[text];
      if (!p) throw { kind: 'invalid', message: 'cannot tell what this file is: not JSON or YAML', fields: [{ field: 'file', message: 'cannot tell what this file is: not JSON or YAML' }] };
      return p;
    },
    import_monitors: ({ text, from, allowRecovery }) => {
      const p = previews[text];
      if (p.consents.length && !allowRecovery) throw { kind: 'needs_consent', message: 'need a yes', fields: [] };
      imported.push({ text, from, allowRecovery });
      return { count: p.monitors.length, format: p.format };
    },
    export_monitors: ({ redact }) => ({ path: `/home/me/Downloads/lookout-monitors${redact ? '-redacted' : ''}.json`, monitors: 2, recovery_commands: 1 }),
  });
  setTransport(ipc.transport);
  const app = createApp({ doc, win, now: () => Date.parse('2026-12-07T12:00:00Z') });
  await app.boot();
  app.go(route);
  await settle();
  return app;
}

async function pick(f) {
  const input = doc.getElementById('import-file');
  input.files = [f];
  await input.dispatchEvent({ type: 'change' });
  await settle();
}

const click = async (sel) => {
  await doc.querySelector(sel).click();
  await settle();
};

beforeEach(() => {
  monitors = [];
  previews = { [KUMA]: PREVIEW };
  imported = [];
});

test('the route', () => {
  assert.deepEqual(parseRoute('#/import'), { name: 'import' });
});

test('a picked file is previewed as the core reads it, and nothing is imported before the yes', async () => {
  await open();
  await pick(file('backup.json', KUMA));
  assert.equal(doc.getElementById('import-summary').textContent, 'backup.json: would import 2 monitors from Uptime Kuma');
  assert.deepEqual(doc.querySelectorAll('#import-monitors tbody tr').map((r) => r.textContent), ['webhttps://example.com/1m', 'db (paused)tcp://db.internal:543230s']);
  assert.match(doc.getElementById('import-skipped').textContent, /Not imported \(1 monitor\)Containers: docker has no Lookout equivalent/);
  assert.match(doc.getElementById('import-unmapped').textContent, /Not carried over \(1 setting\)web: notifications/);
  assert.equal(ipc.count('import_monitors'), 0);
  await click('button[data-action=confirm-import]');
  assert.deepEqual(imported, [{ text: KUMA, from: '', allowRecovery: false }]);
  assert.equal(doc.getElementById('notice').textContent, 'Imported 2 monitors from Uptime Kuma.');
  assert.equal(win.location.hash, '#/');
});

test('recovery actions are listed one by one and the import carries the yes', async () => {
  previews.x = { ...PREVIEW, format: 'lookout', consents: [{ monitor: 'web', field: 'recovery[0]', described: 'runs systemctl restart web' }, { monitor: 'db', field: 'recovery[0]', described: "posts the monitor's name and target to https://h.test/x" }] };
  await open();
  await pick(file('mine.json', 'x'));
  const items = doc.querySelectorAll('#import-consent li');
  assert.deepEqual(items.map((li) => li.textContent), ['web recovery[0]: runs systemctl restart web', "db recovery[0]: posts the monitor's name and target to https://h.test/x"]);
  assert.equal(doc.querySelector('button[data-action=confirm-import]').textContent, 'Import 2 monitors with 2 recovery actions');
  await click('button[data-action=confirm-import]');
  assert.equal(imported[0].allowRecovery, true);
});

test('an invalid file shows its error and offers nothing to import', async () => {
  await open();
  await pick(file('notes.txt', 'just words'));
  assert.match(doc.getElementById('import-error').textContent, /cannot tell what this file is/);
  assert.equal(doc.querySelector('button[data-action=confirm-import]'), null);
  assert.equal(ipc.count('import_monitors'), 0);
});

test("the core's refusal at import time (a name taken meanwhile) is shown, each problem on its line", async () => {
  await open();
  await pick(file('backup.json', KUMA));
  ipc.transport.invoke = async (cmd) => {
    if (cmd === 'import_monitors') throw { kind: 'invalid', message: '1 problem in the file; nothing was imported', fields: [{ field: 'monitor "web": name', message: 'a monitor named "web" already exists' }] };
    return null;
  };
  await click('button[data-action=confirm-import]');
  assert.match(doc.getElementById('import-error').textContent, /nothing was imported.*monitor "web": name: a monitor named "web" already exists/);
});

test('Cancel forgets the file', async () => {
  await open();
  await pick(file('backup.json', KUMA));
  await click('button[data-action=cancel-import]');
  assert.equal(doc.getElementById('import-summary'), null);
  assert.equal(ipc.count('import_monitors'), 0);
});

test('a file dropped on any page opens the import page with its preview', async () => {
  await open('/');
  const ev = { type: 'drop', dataTransfer: { files: [file('backup.json', KUMA)] } };
  await doc.dispatchEvent(ev);
  await settle();
  await settle();
  assert.equal(ev.defaultPrevented, true, 'the browser does not open the file itself');
  assert.equal(win.location.hash, '#/import');
  assert.match(doc.getElementById('import-summary').textContent, /would import 2 monitors/);
});

test('the first-run screen offers Import', async () => {
  await open('/');
  await click('button[data-action=import-empty]');
  assert.equal(win.location.hash, '#/import');
});

test('export says where it saved, and what redaction cannot promise', async () => {
  await open();
  doc.getElementById('export-redact').checked = true;
  await click('#export-monitors');
  assert.deepEqual(ipc.calls.find((c) => c.cmd === 'export_monitors').args, { redact: true });
  assert.match(doc.getElementById('export-result').textContent, /^Saved 2 monitors to \/home\/me\/Downloads\/lookout-monitors-redacted\.json\. It keeps 1 recovery command/);
});

test('a file over 10 MiB or not UTF-8 is refused before anything is sent', async () => {
  await open();
  await pick({ name: 'huge.json', size: 10 * 1024 * 1024 + 1, arrayBuffer: async () => assert.fail('read a file over the cap') });
  assert.match(doc.getElementById('import-error').textContent, /^huge\.json: the file is larger than 10 MiB/);
  await pick(bytesFile('latin1.yaml', new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9])));
  assert.equal(doc.getElementById('import-error').textContent, 'latin1.yaml: the file is not text (UTF-8)');
  assert.equal(ipc.count('import_preview'), 0);
});

test('drops that are not one file on the dashboard or import page are refused, never opened', async () => {
  const app = await open('/');
  const two = { type: 'drop', dataTransfer: { files: [file('a.json', KUMA), file('b.json', KUMA)] } };
  await doc.dispatchEvent(two);
  assert.equal(two.defaultPrevented, true);
  assert.equal(doc.getElementById('notice').textContent, 'Drop one file at a time.');
  const link = { type: 'drop', dataTransfer: { files: [], types: ['text/uri-list'] } };
  await doc.dispatchEvent(link);
  assert.equal(link.defaultPrevented, true, 'a dropped link does not replace the dashboard');
  app.go('/monitors/new');
  await settle();
  await doc.dispatchEvent({ type: 'drop', dataTransfer: { files: [file('backup.json', KUMA)] } });
  await settle();
  assert.equal(win.location.hash, '#/monitors/new', 'the form and its edits stay');
  assert.equal(ipc.count('import_preview'), 0);
});

test('a late preview of an earlier file does not replace the current one', async () => {
  let release;
  previews.slow = { ...PREVIEW, monitors: [PREVIEW.monitors[0]] };
  await open();
  const original = ipc.transport.invoke;
  ipc.transport.invoke = async (cmd, args) => {
    if (cmd === 'import_preview' && args.text === 'slow') await new Promise((r) => (release = r));
    return original(cmd, args);
  };
  const first = pick(file('slow.json', 'slow'));
  await settle();
  await pick(file('backup.json', KUMA));
  release();
  await first;
  await settle();
  assert.deepEqual(doc.querySelectorAll('#import-summary').map((e) => e.textContent), ['backup.json: would import 2 monitors from Uptime Kuma']);
});
