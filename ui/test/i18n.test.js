// The page's words in both languages, from the real catalogues: durations, dates, figures and
// plurals as each language writes them, and what a missing message does.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fmt from '../app/js/format.js';
import { t, tSame, language, applyCatalogue, translateTree } from '../app/js/i18n.js';
import { summary as countSummary } from '../app/js/state.js';
import { describeRule, windowState } from '../app/js/maintenance.js';
import { pct, mean } from '../app/js/summary.js';
import { dayBars } from '../app/js/charts.js';
import { describeTargets } from '../app/js/offline.js';
import { useLanguage } from './locale.js';
import { Document, install } from './fakedom.js';

afterEach(() => useLanguage('en'));

test('durations: two units at most, in each language', () => {
  const cases = [
    [0, '0s', '0秒'],
    [45, '45s', '45秒'],
    [192, '3m 12s', '3分钟12秒'],
    [180, '3m', '3分钟'],
    [7500, '2h 5m', '2小时5分钟'],
    [3600, '1h', '1小时'],
    [86400 * 3 + 4 * 3600, '3d 4h', '3天4小时'],
    [86400 * 2 + 59, '2d', '2天'],
  ];
  for (const [secs, en, zh] of cases) {
    useLanguage('en');
    assert.equal(fmt.humanDuration(secs), en);
    useLanguage('zh-CN');
    assert.equal(fmt.humanDuration(secs), zh);
  }
});

test('ago, until, latency and percentages', () => {
  const now = Date.parse('2026-03-14T12:05:00Z');
  useLanguage('en');
  assert.equal(fmt.ago('2026-03-14T12:00:00Z', now), '5m ago');
  assert.equal(fmt.snoozeEnd('9999-12-31T23:59:59Z'), 'until resumed');
  assert.deepEqual([fmt.latency(42), fmt.latency(1500), fmt.latency(12000), fmt.latency(null)], ['42 ms', '1.5 s', '12 s', '—']);
  assert.deepEqual([fmt.uptime(0.99951), pct(99.5), pct(null), mean(null)], ['99.95%', '99.50%', 'no data', 'n/a']);
  useLanguage('zh-CN');
  assert.equal(fmt.ago('2026-03-14T12:00:00Z', now), '5分钟前');
  assert.equal(fmt.snoozeEnd('9999-12-31T23:59:59Z'), '至手动恢复');
  assert.equal(fmt.snoozeEnd('2026-03-14T13:00:00', new Date('2026-03-14T12:00:00')), '至 13:00:00');
  assert.deepEqual([fmt.latency(42), fmt.latency(1500), fmt.latency(12000)], ['42 毫秒', '1.5 秒', '12 秒']);
  assert.deepEqual([fmt.uptime(0.99951), pct(99.5), pct(null), mean(null), mean(192)], ['99.95%', '99.50%', '无数据', '不适用', '3分钟12秒']);
});

test('a time today is the wall clock; another day has its date, as each language writes it', () => {
  const now = new Date('2026-12-07T15:00:00');
  useLanguage('en');
  assert.equal(fmt.clock('2026-12-07T14:02:11', now), '14:02:11');
  assert.equal(fmt.clock('2026-03-05T09:04:59', now), '2026-03-05 09:04');
  assert.equal(fmt.clock(null), '—');
  assert.equal(fmt.day('2026-12-06'), '2026-12-06');
  assert.equal(fmt.day('not a day'), 'not a day');
  useLanguage('zh-CN');
  assert.equal(fmt.clock('2026-12-07T14:02:11', now), '14:02:11');
  assert.equal(fmt.clock('2026-03-05T09:04:59', now), '2026年3月5日 09:04');
  assert.equal(fmt.day('2026-12-06'), '2026年12月6日');
  assert.match(windowState({ next_start: '2026-12-20T03:00:00' }, now).text, /^下次 2026年12月20日 03:00$/);
});

test('plurals: one and many in English, one form in Chinese', () => {
  useLanguage('en');
  assert.equal(t('ui-import-summary', { name: 'a.json', n: 1 }), 'a.json: would import 1 monitor');
  assert.equal(t('ui-import-summary-from', { name: 'a.json', n: 3, tool: 'Kener' }), 'a.json: would import 3 monitors from Kener');
  assert.equal(t('ui-consent-heading', { n: 1 }), 'Save this recovery action?');
  assert.equal(t('ui-consent-heading', { n: 2 }), 'Save these 2 recovery actions?');
  assert.deepEqual(dayBars([{ start: '2026-03-14T00:00:00Z', up: 98, degraded: 0, down: 2 }], Date.parse('2026-03-14T12:00:00Z')).pop().label, '2026-03-14: 98% up, 2 failed checks');
  assert.equal(dayBars([{ start: '2026-03-14T00:00:00Z', up: 99, degraded: 0, down: 1 }], Date.parse('2026-03-14T12:00:00Z')).pop().label, '2026-03-14: 99% up, 1 failed check');
  assert.equal(describeRule('FREQ=DAILY'), 'Every day');
  assert.equal(describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU'), 'Every 2 weeks on Saturday, Sunday');
  assert.equal(countSummary({ UP: 5, DEGRADED: 0, DOWN: 1, UNKNOWN: 0, MAINTENANCE: 0, PAUSED: 2, total: 8 }), '5 up, 1 down, 2 paused');
  useLanguage('zh-CN');
  assert.equal(t('ui-import-summary', { name: 'a.json', n: 1 }), 'a.json：将导入 1 个监控');
  assert.equal(t('ui-import-summary-from', { name: 'a.json', n: 3, tool: 'Kener' }), 'a.json：将从 Kener 导入 3 个监控');
  assert.equal(t('ui-consent-heading', { n: 1 }), '保存此恢复操作？');
  assert.equal(t('ui-consent-heading', { n: 2 }), '保存这 2 个恢复操作？');
  assert.equal(dayBars([{ start: '2026-03-14T00:00:00Z', up: 99, degraded: 0, down: 1 }], Date.parse('2026-03-14T12:00:00Z')).pop().label, '2026年3月14日：99% 正常，1 次检查失败');
  assert.equal(describeRule(null), '仅一次');
  assert.equal(describeRule('FREQ=DAILY'), '每天');
  assert.equal(describeRule('FREQ=DAILY;INTERVAL=3'), '每 3 天');
  assert.equal(describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU'), '每 2 周的星期六、星期日');
  assert.equal(describeRule('FREQ=MONTHLY;BYDAY=1SU'), 'FREQ=MONTHLY;BYDAY=1SU', 'a rule this page cannot word stays as written');
  assert.equal(countSummary({ UP: 5, DEGRADED: 0, DOWN: 1, UNKNOWN: 0, MAINTENANCE: 0, PAUSED: 2, total: 8 }), '5 个正常、1 个故障、2 个已暂停');
  assert.equal(countSummary({ total: 0 }), '没有监控');
});

test('status words and the footer’s sentences in Chinese', () => {
  useLanguage('zh-CN');
  assert.deepEqual(['UP', 'DOWN', 'DEGRADED', 'MAINTENANCE', 'PAUSED', 'UNKNOWN', 'OFFLINE'].map(fmt.statusWord), ['正常', '故障', '降级', '维护中', '已暂停', '待定', '离线']);
  assert.equal(fmt.statusWord('SOMETHING_NEW'), 'SOMETHING_NEW', 'a code the page does not know shows as it is');
  const r = fmt.selfTestLines([{ name: '桌面通知', ok: true }, { name: 'kener → 127.0.0.1:9', ok: false, error: 'connection refused' }]);
  assert.equal(r.summary, '2 项中有 1 项成功。');
  assert.deepEqual(r.lines.map((l) => l.text), ['✓ 桌面通知', '✕ kener → 127.0.0.1:9：connection refused']);
  assert.equal(describeTargets({ targets: ['10.0.0.1:53'], defaults: [], is_default: false }), '正在使用你设置的目标：10.0.0.1:53 无法连通时视为离线。');
});

test('a missing message shows its id, once in the log, and never throws', (t2) => {
  useLanguage('en');
  const warn = t2.mock.method(console, 'warn', () => {});
  assert.equal(t('ui-no-such-message'), 'ui-no-such-message');
  assert.equal(t('ui-no-such-message', { n: 1 }), 'ui-no-such-message');
  assert.equal(warn.mock.callCount(), 1);
  assert.match(warn.mock.calls[0].arguments[0], /ui-no-such-message/);
});

test('applyCatalogue sets <html lang>; translateTree fills data-i18n text and attributes', (t2) => {
  t2.mock.method(console, 'warn', () => {});
  const doc = install(new Document());
  const nav = doc.createElement('nav');
  nav.setAttribute('data-i18n-attr', 'aria-label:ui-nav-label title:ui-nav-dashboard');
  const button = doc.createElement('button');
  button.setAttribute('data-i18n', 'ui-add-monitor');
  nav.appendChild(button);
  doc.body.appendChild(nav);
  useLanguage('zh-CN');
  assert.equal(language(), 'zh-CN');
  assert.equal(doc.documentElement.getAttribute('lang'), 'zh-CN');
  translateTree(doc);
  assert.equal(button.textContent, '添加监控');
  assert.equal(nav.getAttribute('aria-label'), '主导航');
  assert.equal(nav.getAttribute('title'), '仪表板');
  const errors = applyCatalogue({ language: 'en', catalogue: 'ui-a = one\nui-a = two\n' });
  assert.equal(errors.length, 1, 'a broken catalogue is reported, not thrown');
  assert.equal(doc.documentElement.getAttribute('lang'), 'en');
});

test('a text asked for again is remembered per catalogue: a language change words it again', () => {
  useLanguage('en');
  assert.equal(fmt.day('2026-12-07'), '2026-12-07');
  assert.equal(fmt.day('2026-12-07'), t('ui-date', { year: '2026', month: 12, day: 7 }));
  useLanguage('zh-CN');
  assert.equal(fmt.day('2026-12-07'), '2026年12月7日');
  // Different arguments are different texts, however many are asked for.
  for (let d = 1; d <= 28; d++) assert.equal(tSame('ui-date', { year: '2026', month: 2, day: d }), `2026年2月${d}日`);
  for (let i = 0; i < 6000; i++) tSame('ui-date', { year: String(3000 + i), month: 1, day: 1 });
  assert.equal(tSame('ui-date', { year: '2026', month: 2, day: 3 }), '2026年2月3日');
});
