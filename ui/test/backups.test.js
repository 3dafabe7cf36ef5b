// The Backups page: the daily copies listed, a restore asked for first and then handed to the
// app (which stops the engine, restores and starts again), and the outcome said after it.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { appDocument, fakeWindow, install } from './fakedom.js';
import { mockIpc, settle, monitorState } from './ipc-mock.js';
import { setTransport } from '../app/js/ipc.js';
import { size } from '../app/js/views/backups.js';
import { useLanguage } from './locale.js';

// The pure modules speak the catalogue's English here, as the page does by default.
useLanguage('en');

globalThis.__LOOKOUT_TEST__ = true;
const { createApp, parseRoute } = await import('../app/js/main.js');

let doc, ipc, page, restoreAnswer;

async function open() {
  doc = install(appDocument());
  ipc = mockIpc({
    list_monitors: () => ({ overall: 'UP', monitors: [monitorState(1, 'api', 'UP')], snoozed: {} }),
    list_incidents: () => [],
    monitors_history: ({ ids }) => ids.map((id) => ({ id, latency: [], days: [], uptime: null })),
    get_settings: () => ({ start_at_login: false }),
    list_daily_backups: () => page,
    restore_daily_backup: () => restoreAnswer(),
  });
  setTransport(ipc.transport);
  const app = createApp({ doc, win: fakeWindow(), now: () => Date.parse('2026-12-07T12:05:00Z') });
  await app.boot();
  app.go('/backups');
  await settle();
  return app;
}

const click = async (sel) => {
  await doc.querySelector(sel).click();
  await settle();
};

beforeEach(() => {
  page = {
    dir: '/home/me/.local/share/lookout/backups',
    backups: [
      { path: '/home/me/.local/share/lookout/backups/lookout-2026-12-07.db', date: '2026-12-07', bytes: 2_400_000 },
      { path: '/home/me/.local/share/lookout/backups/lookout-2026-12-06.db', date: '2026-12-06', bytes: 2_300_000 },
    ],
    restored: null,
  };
  restoreAnswer = () => null;
});

test('the route and the sizes', () => {
  assert.deepEqual(parseRoute('#/backups'), { name: 'backups' });
  assert.equal(size(900), '900 B');
  assert.equal(size(2_400_000), '2.3 MB');
});

test('lists the daily backups, newest first, and where they are', async () => {
  await open();
  assert.deepEqual(doc.querySelectorAll('tr.backup-row').map((r) => r.getAttribute('data-date')), ['2026-12-07', '2026-12-06']);
  assert.match(doc.getElementById('view').textContent, /keeps the last 7, in \/home\/me\/\.local\/share\/lookout\/backups/);
  assert.equal(doc.title, 'Backups — Lookout');
});

test('a restore is asked first; Cancel changes nothing', async () => {
  await open();
  await click('button[data-action=restore][data-date="2026-12-06"]');
  assert.equal(ipc.count('restore_daily_backup'), 0, 'nothing before the yes');
  const q = doc.querySelector('.restore-question');
  assert.equal(q.getAttribute('role'), 'alertdialog');
  assert.match(q.textContent, /backup of 2026-12-06 in place of its database and starts again/);
  assert.match(q.textContent, /kept beside it, renamed, not deleted/);
  await click('button[data-action=cancel-restore]');
  assert.equal(doc.querySelector('.restore-question'), null);
  assert.ok(doc.querySelector('button[data-action=restore][data-date="2026-12-06"]'));
  assert.equal(ipc.count('restore_daily_backup'), 0);
});

test('the yes hands that file to the app, which says it is starting again', async () => {
  await open();
  await click('button[data-action=restore][data-date="2026-12-06"]');
  await click('button[data-action=confirm-restore]');
  const call = ipc.calls.find((c) => c.cmd === 'restore_daily_backup');
  assert.deepEqual(call.args, { path: '/home/me/.local/share/lookout/backups/lookout-2026-12-06.db' });
  assert.match(doc.getElementById('restoring').textContent, /Restoring the backup of 2026-12-06; Lookout starts again/);
});

test("the app's refusal is shown and the button comes back", async () => {
  restoreAnswer = () => {
    throw { kind: 'internal', message: 'Lookout is already stopping', fields: [] };
  };
  await open();
  await click('button[data-action=restore][data-date="2026-12-07"]');
  await click('button[data-action=confirm-restore]');
  assert.equal(doc.getElementById('backups-error').textContent, 'Lookout is already stopping');
  assert.ok(doc.querySelector('button[data-action=restore][data-date="2026-12-07"]'));
});

test('after a restart the outcome is said, a failure as an error', async () => {
  page.restored = { ok: true, message: 'Restored the backup of 2026-12-06: 20 monitors.' };
  await open();
  const said = doc.getElementById('restore-outcome');
  assert.equal(said.textContent, 'Restored the backup of 2026-12-06: 20 monitors.');
  assert.ok(!said.className.includes('form-error'));
  page.restored = { ok: false, message: 'Could not restore the backup of 2026-12-06: not a database. The database is as it was.' };
  await open();
  assert.ok(doc.getElementById('restore-outcome').className.includes('form-error'));
});

test('no backups yet: says when the first is made', async () => {
  page.backups = [];
  await open();
  assert.match(doc.getElementById('no-backups').textContent, /when it starts and then once a day/);
});
