// What the core writes down in English (check reasons, timeline entries) and the page words again
// in the reader's language, as `lookout_core::i18n::said` does: with the real catalogues
// (reasons.ftl, timeline.ftl, whatever they hold by now), with a small catalogue of our own for
// lengths, status words and numbers, and on the dashboard and the incident page.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FluentBundle, FluentResource } from '../app/vendor/fluent-bundle/index.js';
import { said, shapes, fit, parseDuration } from '../app/js/said.js';
import { t, has, applyCatalogue } from '../app/js/i18n.js';
import { humanDuration, statusWord } from '../app/js/format.js';
import { SAID_FILES, catalogue, source, useLanguage } from './locale.js';
import { settle } from './ipc-mock.js';
import { boot, rowOf, doc, ipc, reset, setMonitors, incidents } from './app-harness.js';
import { monitorState } from './ipc-mock.js';

afterEach(() => useLanguage('en'));

test('in English a text reads as written, and a text no catalogue holds is kept', () => {
  useLanguage('en');
  for (const text of ['First failed check: connection refused', 'connection refused; teapot', 'anything at all']) assert.equal(said(text), text);
  useLanguage('zh-CN');
  for (const text of ['upstream said: teapot; try later', 'HTTP 503', 'connection refused ', '']) assert.equal(said(text), text);
  assert.equal(said(null), null);
  assert.equal(said(undefined), undefined);
});

test('a known reason or timeline entry reads in Chinese, its reason worded too', () => {
  useLanguage('zh-CN');
  assert.equal(said('connection refused'), '连接被拒绝');
  assert.equal(said('First failed check: connection refused'), '首次检查失败：连接被拒绝');
  // A server's own words inside ours stay as they were.
  assert.equal(said('First failed check: HTTP/2 GOAWAY'), '首次检查失败：HTTP/2 GOAWAY');
});

test('reasons joined by "; " are worded each, unknown ones kept', () => {
  useLanguage('zh-CN');
  assert.equal(said('connection refused; teapot'), '连接被拒绝；teapot');
  assert.equal(said('teapot; connection refused; connection refused'), 'teapot；连接被拒绝；连接被拒绝');
  assert.equal(said('First failed check: connection refused; teapot'), '首次检查失败：连接被拒绝；teapot', 'the whole text fits first');
});

/** A value of the kind a variable's name says, as the core's own test passes it. */
function sample(name) {
  if (name.startsWith('reason')) return 'connection refused';
  if (name.startsWith('span')) return '1m 3s';
  if (name.startsWith('status')) return 'DOWN';
  // Unlike any catalogue text, so it cannot be mistaken for one.
  return `<${name}>`;
}

test('every written-down message of the real catalogues reads back as itself in Chinese', () => {
  useLanguage('zh-CN');
  const english = new FluentBundle('en', { useIsolating: false });
  for (const f of SAID_FILES) english.addResource(new FluentResource(source('en', f)));
  const all = shapes();
  assert.ok(all.some((s) => s.id.startsWith('reason-')) && all.some((s) => s.id.startsWith('timeline-')), 'both files were read');
  for (const shape of all) {
    if (shape.id === 'reason-separator') continue;
    const names = [...new Set(shape.parts.filter((p) => 'var' in p).map((p) => p.var))];
    const args = Object.fromEntries(names.map((n) => [n, sample(n)]));
    const text = english.formatPattern(english.getMessage(shape.id).value, args, []);
    // The same variant the sample chose: a number's select takes its default, as the core's.
    const found = all.find((s) => fit(s.parts, text));
    assert.ok(found, `${shape.id}: ${JSON.stringify(text)} is not recognised`);
    assert.equal(found.id, shape.id, `${JSON.stringify(text)} was taken for another message`);
    for (const [name, value] of fit(found.parts, text)) assert.equal(value, args[name], `${shape.id}: ${name}`);
    const worded = Object.fromEntries(names.map((n) => [n, n.startsWith('reason') ? '连接被拒绝' : n.startsWith('span') ? humanDuration(63) : n.startsWith('status') ? statusWord('DOWN') : args[n]]));
    const expected = has(shape.id) ? t(shape.id, worded) : english.formatPattern(english.getMessage(shape.id).value, worded, []);
    assert.equal(said(text), expected, shape.id);
  }
});

// A catalogue of our own: lengths, status words, numbers and a message Chinese lacks, whatever
// the real ones hold at the moment.
const EN = `
reason-separator = {"; "}
reason-refused = connection refused
reason-slow = answered in {$ms} ms, over the limit
timeline-still = Still {$status} after {$span}: {$reason}
timeline-sent = Sent after {$tries} {$tries ->
        [one] try
       *[other] tries
    }
timeline-english-only = Only in English: {$reason}
timeline-port = Listening on {$port}
`;
const ZH = `
reason-separator = ；
reason-refused = 连接被拒绝
reason-slow = 响应用时 {$ms} 毫秒，超过上限
timeline-still = 已持续{$status} {$span}：{$reason}
timeline-sent = {$tries ->
        [1] 一次即发送
       *[other] 尝试 {$tries} 次后发送
    }
timeline-port = 监听 {$port}
`;

function useOurs() {
  applyCatalogue({ language: 'zh-CN', catalogue: `${catalogue('zh-CN')}\n${ZH}`, said_en: [EN] });
}

test('a length is read as humantime writes it and worded as the page words durations', () => {
  useOurs();
  const cases = [
    ['1m 3s', '1分钟3秒'],
    ['2h 5m', '2小时5分钟'],
    ['3days 4h', '3天4小时'],
    ['1day', '1天'],
    ['1month', '30天10小时'],
    ['2years', '730天12小时'],
    ['45s', '45秒'],
  ];
  for (const [span, zh] of cases) assert.equal(said(`Still DOWN after ${span}: connection refused`), `已持续故障 ${zh}：连接被拒绝`, span);
  // Below a second the page's units are too coarse, and what is no length stays as written.
  assert.equal(said('Still DOWN after 500ms: x'), '已持续故障 500ms：x');
  assert.equal(said('Still DOWN after 1s 200ms: x'), '已持续故障 1s 200ms：x');
  assert.equal(said('Still DOWN after a while: x'), '已持续故障 a while：x');
  // A status code the page does not know is kept.
  assert.equal(said('Still SIDEWAYS after 1m: x'), '已持续SIDEWAYS 1分钟：x');
  assert.equal(said('Still paused after 1h: x'), '已持续已暂停 1小时：x');
});

test('whole numbers stay numbers: plural forms choose by them, and they are not grouped', () => {
  useOurs();
  assert.equal(said('Sent after 1 try'), '一次即发送');
  assert.equal(said('Sent after 3 tries'), '尝试 3 次后发送');
  assert.equal(said('Listening on 8080'), '监听 8080');
  assert.equal(said('Listening on 08080'), '监听 08080', 'not a number the core writes: kept as text');
  assert.equal(said('answered in 1234 ms, over the limit'), '响应用时 1234 毫秒，超过上限');
});

test('a message Chinese lacks yet reads in English, its arguments in Chinese, as the core falls back', (t2) => {
  const warn = t2.mock.method(console, 'warn', () => {});
  useOurs();
  assert.equal(said('Only in English: connection refused'), 'Only in English: 连接被拒绝');
  assert.equal(warn.mock.callCount(), 0, 'no missing-message warning');
});

test('the English messages are spelled into shapes, most literal text first', () => {
  useOurs();
  const sent = shapes().filter((s) => s.id === 'timeline-sent');
  assert.deepEqual(
    sent.map((s) => s.parts),
    [
      [{ text: 'Sent after ' }, { var: 'tries' }, { text: ' tries' }],
      [{ text: 'Sent after ' }, { var: 'tries' }, { text: ' try' }],
    ],
  );
  const lengths = shapes().map((s) => s.parts.reduce((n, p) => n + ('text' in p ? [...p.text].length : 0), 0));
  assert.deepEqual(lengths, [...lengths].sort((a, b) => b - a));
  // A variable ends at the first place the rest fits, and backtracks when the rest does not.
  const parts = [{ text: 'a ' }, { var: 'x' }, { text: ': ' }, { var: 'y' }, { text: '!' }];
  assert.deepEqual(fit(parts, 'a b: c: d!'), [['x', 'b'], ['y', 'c: d']]);
  assert.deepEqual(fit([{ var: 'x' }, { text: ': ' }, { var: 'y' }, { text: ' end' }], 'p: q end: r end'), [['x', 'p'], ['y', 'q end: r']]);
  assert.equal(fit(parts, 'a : c!'), null, 'a variable is at least one character');
  assert.equal(fit(parts, 'a b: c'), null);
});

test('parseDuration reads what humantime reads, and refuses what it refuses', () => {
  const secs = (s) => {
    const d = parseDuration(s);
    return d && [Number(d.secs), Number(d.nanos)];
  };
  assert.deepEqual(secs('0'), [0, 0]);
  assert.deepEqual(secs('1m 3s'), [63, 0]);
  assert.deepEqual(secs('2h 5m'), [7500, 0]);
  assert.deepEqual(secs('3days 4h'), [273600, 0]);
  assert.deepEqual(secs('1month'), [2630016, 0]);
  assert.deepEqual(secs('2years'), [63115200, 0]);
  assert.deepEqual(secs('1w'), [604800, 0]);
  assert.deepEqual(secs('500ms'), [0, 500000000]);
  assert.deepEqual(secs('1s 200ms'), [1, 200000000]);
  assert.deepEqual(secs('1.5h'), [5400, 0]);
  assert.deepEqual(secs('1.5m'), [90, 0]);
  assert.deepEqual(secs(' 1 m '), [60, 0]);
  assert.deepEqual(secs('1m3s'), [63, 0]);
  for (const bad of ['', ' ', '15', 'soon', '1x', '1.h', '1.333h', '1.5ns', 'm1', '1m,3s', '-1s', '99999999999999999999s']) assert.equal(parseDuration(bad), null, bad);
});

beforeEach(reset);

test('the dashboard row and the incident timeline in Chinese show the worded text', async () => {
  setMonitors([monitorState(1, 'api', 'UP'), monitorState(2, 'db', 'DOWN', { reason: 'connection refused; teapot' })]);
  incidents[0].events = [{ at: '2026-03-14T12:00:00Z', kind: 'first_failure', message: 'First failed check: connection refused' }];
  const app = boot({}, { language: 'zh-CN' });
  await app.boot();
  await settle();
  assert.equal(rowOf(2).querySelector('.reason').textContent, '连接被拒绝；teapot');
  const open = doc.querySelector('#incident-list li.incident .tl-msg');
  assert.equal(open.textContent, '首次检查失败：连接被拒绝');
  app.go('/incidents/7');
  await settle();
  assert.deepEqual(doc.getElementById('view').querySelectorAll('.tl-msg').map((m) => m.textContent), ['首次检查失败：连接被拒绝']);
  // Back in English, the same page shows what the core wrote.
  ipc.setLanguage('en');
  await settle();
  assert.deepEqual(doc.getElementById('view').querySelectorAll('.tl-msg').map((m) => m.textContent), ['First failed check: connection refused']);
});

test('a reason arriving in an event is worded, and follows the language', async () => {
  const app = boot();
  await app.boot();
  await settle();
  assert.equal(rowOf(2).querySelector('.reason').textContent, 'connection refused');
  ipc.setLanguage('zh-CN');
  await settle();
  assert.equal(rowOf(2).querySelector('.reason').textContent, '连接被拒绝');
  ipc.emit('core-event', { event: 'check_completed', monitor_id: 2, at: '2026-03-14T12:05:00Z', status: 'DOWN', latency_ms: null, reason: 'HTTP 503; connection refused' });
  await settle();
  assert.equal(rowOf(2).querySelector('.reason').textContent, 'HTTP 503；连接被拒绝');
});
