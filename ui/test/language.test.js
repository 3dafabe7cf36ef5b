// The dashboard in English and Simplified Chinese, with the catalogues served from disk as the
// Rust side serves them: it starts in the language in force, follows `language_changed` from
// anywhere (the footer, `lookout settings set language` in a terminal) without a reload, keeps
// what was typed, and still works, showing ids, when no catalogue comes.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { settle } from './ipc-mock.js';
import { boot, rowOf, doc, ipc, reset } from './app-harness.js';
import { pageDocument, install } from './fakedom.js';
import { setTransport } from '../app/js/ipc.js';
import { mockIpc } from './ipc-mock.js';
import { applyCatalogue } from '../app/js/i18n.js';

beforeEach(reset);

const text = (sel) => doc.querySelector(sel).textContent;
const inView = () => doc.getElementById('view').textContent;

test('the dashboard starts in Chinese when that is the language in force', async () => {
  const app = boot({}, { language: 'zh-CN' });
  await app.boot();
  await settle();
  assert.equal(doc.documentElement.getAttribute('lang'), 'zh-CN');
  assert.equal(text('#add-monitor'), '添加监控');
  assert.equal(text('a[href="#/summary"]'), '汇总');
  assert.equal(doc.querySelector('nav.top-actions').getAttribute('aria-label'), '主导航');
  assert.equal(rowOf(2).querySelector('.badge-word').textContent, '故障');
  assert.equal(rowOf(1).querySelector('.badge-word').textContent, '正常');
  assert.equal(rowOf(3).querySelector('button').textContent, '恢复', 'a paused monitor offers to resume');
  assert.equal(rowOf(1).querySelector('.latency').textContent, '42 毫秒');
  assert.match(text('#overall'), /1 个正常、1 个故障、1 个已暂停/);
  assert.equal(text('#monitors-heading'), '监控');
  const incidents = doc.querySelectorAll('#incident-list li.incident');
  assert.match(incidents[0].textContent, /进行中/);
  assert.match(incidents[0].textContent, /已持续 5分钟/);
  assert.match(incidents[1].textContent, /持续了 3分钟12秒/);
  assert.match(doc.querySelector('footer').textContent, /登录时启动 Lookout/);
  const select = doc.getElementById('language');
  assert.equal(select.value, 'zh-CN');
  assert.deepEqual(select.querySelectorAll('option').map((o) => o.textContent), ['跟随系统', 'English', '简体中文']);
  assert.equal(doc.title, 'Lookout');
  // The filter takes a status by its word in the language shown, or by its code.
  app.actions.setFilter('故障');
  assert.deepEqual(doc.querySelectorAll('tr.monitor-row').map((r) => r.getAttribute('data-id')), ['2']);
  app.actions.setFilter('paused');
  assert.deepEqual(doc.querySelectorAll('tr.monitor-row').map((r) => r.getAttribute('data-id')), ['3']);
});

test('language_changed from a terminal redraws the page in place, asking the core nothing', async () => {
  const app = boot();
  await app.boot();
  await settle();
  assert.equal(rowOf(2).querySelector('.badge-word').textContent, 'DOWN');
  assert.equal(text('#add-monitor'), 'Add monitor');
  const calls = ipc.calls.length;
  ipc.setLanguage('zh-CN'); // `lookout settings set language zh-CN`: only the event reaches the page
  await settle();
  assert.equal(rowOf(2).querySelector('.badge-word').textContent, '故障');
  assert.equal(text('#add-monitor'), '添加监控');
  assert.equal(text('#incidents-heading'), '事件');
  assert.match(text('#overall'), /1 个故障/);
  assert.match(doc.querySelector('footer').textContent, /关闭此窗口后/);
  assert.equal(doc.getElementById('language').value, 'zh-CN');
  assert.equal(doc.documentElement.getAttribute('lang'), 'zh-CN');
  assert.equal(ipc.calls.length, calls, 'drawn from what the page holds: no command, no reload');
  ipc.setLanguage('auto'); // follow the system, which speaks English here
  await settle();
  assert.equal(rowOf(2).querySelector('.badge-word').textContent, 'DOWN');
  assert.equal(text('#add-monitor'), 'Add monitor');
  assert.equal(doc.getElementById('language').value, 'auto');
});

test('the page on show follows too: an incident, then the summary', async () => {
  const summary = {
    days: 7,
    from: '2026-03-07T12:05:00Z',
    totals: { count: 1, resolved: 0, mttr_s: null, mttd_s: 3 },
    monitors: [{ name: 'db', target: 'tcp://db:5432', uptime_pct: 99.5, incidents: 1, downtime_s: 300, mttr_s: null }],
    incidents: [{ id: 7, monitor: 'db', title: 'db is DOWN', rule: 'down', severity: 'warning', state: 'open', started_at: '2026-03-14T12:00:00Z', duration_s: 300 }],
  };
  const app = boot({ get_summary: () => summary });
  await app.boot();
  app.go('/incidents/7');
  await settle();
  assert.match(inView(), /Timeline/);
  ipc.setLanguage('zh-CN');
  await settle();
  assert.match(inView(), /时间线/);
  assert.match(inView(), /首次失败/);
  assert.equal(doc.title, 'db 状态：故障 — Lookout');
  assert.equal(ipc.count('get_incident'), 1, 'not fetched again');
  app.go('/summary');
  await settle();
  assert.match(inView(), /停机时间/);
  assert.match(inView(), /已持续 5分钟/);
  assert.match(inView(), /（警告）/);
  assert.match(inView(), /db 状态：故障/, 'the stored English title is worded again');
  ipc.setLanguage('en');
  await settle();
  assert.match(inView(), /Downtime/);
  assert.match(inView(), /\(warning\)/);
  assert.equal(doc.title, 'Summary — Lookout');
  assert.equal(ipc.count('get_summary'), 1);
});

test('the footer selector asks the core, and shows a refusal beside it', async () => {
  const app = boot();
  await app.boot();
  await settle();
  const select = doc.getElementById('language');
  select.value = 'zh-CN';
  await select.dispatchEvent({ type: 'change' });
  await settle();
  assert.deepEqual(ipc.calls.filter((c) => c.cmd === 'set_language').map((c) => c.args), [{ language: 'zh-CN' }]);
  assert.equal(text('#add-monitor'), '添加监控');
  assert.equal(text('#language-error'), '');
  // A value the core refuses (say, an option this page offers that the core does not know).
  const option = doc.createElement('option');
  option.setAttribute('value', 'fr');
  select.appendChild(option);
  select.value = 'fr';
  await select.dispatchEvent({ type: 'change' });
  await settle();
  assert.match(text('#language-error'), /not a language Lookout speaks/);
  assert.equal(select.getAttribute('aria-invalid'), 'true');
  assert.equal(select.value, 'zh-CN', 'back to the setting in force');
  assert.equal(text('#add-monitor'), '添加监控');
  assert.equal(select.disabled, false);
});

test('a form half filled in keeps what was typed when the language changes', async () => {
  const app = boot();
  await app.boot();
  app.go('/monitors/new');
  await settle();
  const form = () => doc.getElementById('monitor-form');
  form().querySelector('[name=name]').value = 'checkout';
  form().querySelector('[name=target]').value = 'https://shop.example/health';
  form().querySelector('[name=keyword]').value = 'ok';
  form().querySelector('#advanced').setAttribute('open', '');
  ipc.setLanguage('zh-CN');
  await settle();
  assert.equal(form().querySelector('#form-heading').textContent, '添加监控');
  assert.equal(form().querySelector('label[for=f-name]').textContent, '名称');
  assert.equal(form().querySelector('[name=name]').value, 'checkout');
  assert.equal(form().querySelector('[name=target]').value, 'https://shop.example/health');
  assert.equal(form().querySelector('[name=keyword]').value, 'ok');
  assert.equal(form().querySelector('#advanced').hasAttribute('open'), true);
  assert.equal(doc.title, '添加监控 — Lookout');
  // Editing: the heading keeps the saved name while the input holds the new one.
  app.go('/monitors/1');
  await settle();
  form().querySelector('[name=name]').value = 'api-renamed';
  ipc.setLanguage('en');
  await settle();
  assert.equal(form().querySelector('#form-heading').textContent, 'Edit api');
  assert.equal(form().querySelector('[name=name]').value, 'api-renamed');
  assert.equal(ipc.count('get_monitor'), 1);
});

test('the maintenance page keeps its form and its list', async () => {
  const windows = [{ id: 1, monitors: [{ id: 2, name: 'db' }], start: '2026-03-14T12:00:00Z', duration: '1h', rrule: 'FREQ=WEEKLY;BYDAY=SU', active: true, active_until: null, next_start: null }];
  const app = boot({ list_maintenance: () => windows });
  await app.boot();
  app.go('/maintenance?monitor=1');
  await settle();
  doc.getElementById('mw-duration').value = '2h';
  ipc.setLanguage('zh-CN');
  await settle();
  assert.equal(text('#mw-heading'), '维护时段');
  assert.equal(doc.getElementById('mw-duration').value, '2h');
  assert.deepEqual(doc.querySelectorAll('input[name=monitors]').filter((i) => i.checked).map((i) => i.value), ['1'], 'the monitor ticked is still ticked');
  assert.equal(doc.querySelector('.window-state').textContent, '进行中');
  assert.equal(doc.querySelector('.window-rule').textContent, '每周的星期日');
  assert.equal(ipc.count('list_maintenance'), 1);
});

test('the import page keeps the file it shows, and the core reads it again in the new language', async () => {
  const preview = { format: 'kener', monitors: [{ name: 'web', target: 'https://example.com/', interval: '1m', paused: true }], consents: [], redacted: [], skipped: [], unmapped: [] };
  const app = boot({ import_preview: () => preview });
  await app.boot();
  app.go('/import');
  await settle();
  const text = 'site: {}';
  const input = doc.getElementById('import-file');
  input.files = [{ name: 'kener.yaml', size: text.length, arrayBuffer: async () => new TextEncoder().encode(text).buffer }];
  await input.dispatchEvent({ type: 'change' });
  await settle();
  assert.equal(doc.getElementById('import-summary').textContent, 'kener.yaml: would import 1 monitor from Kener');
  ipc.setLanguage('zh-CN');
  await settle();
  assert.equal(doc.getElementById('import-summary').textContent, 'kener.yaml：将从 Kener 导入 1 个监控');
  assert.match(doc.getElementById('import-monitors').textContent, /web（已暂停）/);
  assert.equal(doc.querySelector('button[data-action=confirm-import]').textContent, '导入 1 个监控');
  assert.equal(ipc.count('import_preview'), 2, 'the preview holds the core’s words: asked again');
});

test('the footer’s live parts follow: the self-test lines and the offline setting, typed text kept', async () => {
  const targets = { targets: ['1.1.1.1:443'], defaults: ['1.1.1.1:443'], is_default: true };
  const app = boot({ send_test_notification: () => [{ name: 'Desktop notification', ok: true, error: null }], get_reference_targets: () => targets });
  await app.boot();
  await doc.getElementById('send-test').click();
  await settle();
  assert.equal(text('#self-test .self-test-summary'), 'All 1 worked.');
  await app.loadOfflineSettings();
  doc.getElementById('reference-targets').value = '10.0.0.1:53';
  ipc.setLanguage('zh-CN');
  await settle();
  assert.equal(text('#self-test .self-test-summary'), '全部 1 项均成功。');
  assert.equal(text('#save-reference-targets'), '保存');
  assert.equal(doc.getElementById('reference-targets').value, '10.0.0.1:53');
  assert.equal(doc.querySelectorAll('#offline-detection .offline-settings').length, 1);
});

test('without a catalogue the page still works and shows ids, which say what is missing', async (t) => {
  t.mock.method(console, 'warn', () => {});
  applyCatalogue({ language: 'en', catalogue: '' }); // a page freshly opened: no words yet
  const app = boot({
    get_language: () => {
      throw { kind: 'internal', message: 'the catalogue could not be read' };
    },
  });
  await app.boot();
  await settle();
  assert.equal(text('#add-monitor'), 'ui-add-monitor');
  assert.equal(rowOf(2).querySelector('.badge-word').textContent, 'ui-status-down');
  assert.equal(text('#notice'), 'the catalogue could not be read');
  assert.equal(doc.documentElement.getAttribute('data-ready'), 'true');
  // The first catalogue to come, by event, puts words everywhere.
  ipc.setLanguage('en');
  await settle();
  assert.equal(text('#add-monitor'), 'Add monitor');
  assert.equal(rowOf(2).querySelector('.badge-word').textContent, 'DOWN');
});

test('the damaged-database window speaks the language in force and follows a change', async () => {
  const d = install(pageDocument('damaged.html'));
  const mock = mockIpc({ damaged_info: () => ({ error: 'database disk image is malformed', backups: [{ path: '/d/lookout-2026-12-06.db', date: '2026-12-06', bytes: 2048 }] }) }, { language: 'zh-CN' });
  setTransport(mock.transport);
  await import('../app/js/damaged.js');
  await settle();
  assert.equal(d.documentElement.getAttribute('data-ready'), 'true');
  assert.equal(d.querySelector('h1').textContent, 'Lookout 无法打开它的数据库');
  assert.deepEqual(d.querySelectorAll('#backups button').map((b) => b.textContent), ['恢复 2026年12月6日']);
  assert.match(d.getElementById('backups').textContent, /2026年12月6日（2 KiB）/);
  mock.setLanguage('en');
  await settle();
  assert.equal(d.querySelector('h1').textContent, 'Lookout could not open its database');
  assert.deepEqual(d.querySelectorAll('#backups button').map((b) => b.textContent), ['Restore 2026-12-06']);
  assert.equal(d.getElementById('damaged-error').textContent, 'database disk image is malformed');
});
