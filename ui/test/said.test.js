// What the core writes down in English (check reasons, timeline entries) and the page words again
// in the reader's language, as `lookout_core::i18n::said` does: with the real catalogues
// (reasons.ftl, timeline.ftl, whatever they hold by now), with a small catalogue of our own for
// lengths, status words and numbers, and on the dashboard and the incident page.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FluentBundle, FluentResource } from '../app/vendor/fluent-bundle/index.js';
import { said, shapes, fit, parseDuration, MAX_LEN } from '../app/js/said.js';
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
  // An alert's status names it as the core does (告警/恢复), not as a monitor's.
  assert.equal(said('Sent RESOLVED to kener → 127.0.0.1:9 (1 try)'), '已发送恢复通知到 kener → 127.0.0.1:9（尝试 1 次）');
  // A server's own words inside ours stay as they were.
  assert.equal(said('First failed check: HTTP/2 GOAWAY'), '首次检查失败：HTTP/2 GOAWAY');
});

test('reasons joined by "; " are worded each, unknown ones kept', () => {
  useLanguage('zh-CN');
  assert.equal(said('connection refused; teapot'), '连接被拒绝；teapot');
  assert.equal(said('teapot; connection refused; connection refused'), 'teapot；连接被拒绝；连接被拒绝');
  assert.equal(said('First failed check: connection refused; teapot'), '首次检查失败：连接被拒绝；teapot', 'the whole text fits first');
});

// As the core's `a_reason_inside_another_reads_the_way_that_recognises_most` and
// `joined_reasons_all_ours_read_one_by_one`: the reading that recognises the most of a text.
test('a reason inside another, or joined to others, reads the way that recognises the most of it', () => {
  useLanguage('zh-CN');
  const nx = (resolver) => `dns://${resolver}/x.test: NXDOMAIN for x.test A`;
  assert.equal(said(nx('1.1.1.1')), 'dns://1.1.1.1/x.test: x.test 的 A 记录查询返回 NXDOMAIN');
  assert.equal(
    said(`2 of 2 checkpoints failed: ${nx('1.1.1.1')}; ${nx('8.8.8.8')}`),
    '2 个检查点中有 2 个失败：dns://1.1.1.1/x.test: x.test 的 A 记录查询返回 NXDOMAIN；dns://8.8.8.8/x.test: x.test 的 A 记录查询返回 NXDOMAIN',
  );
  assert.equal(
    said('certificate is not valid yet (valid from 2027-01-01 00:00 UTC) (confirmed by a re-check)'),
    '证书尚未生效（生效时间：2027-01-01 00:00 UTC）（已经复查确认）',
  );
  assert.equal(said('offline: 10.0.0.1 not in the answers (10.0.0.2)'), '本机离线：应答（10.0.0.2）中缺少 10.0.0.1');
  assert.equal(
    said('https://a.test/: slow: 5 ms, over the 1 ms limit; tcp://b.test:80: slow: 6 ms, over the 1 ms limit'),
    'https://a.test/: 响应慢：5 毫秒，超过 1 毫秒的上限；tcp://b.test:80: 响应慢：6 毫秒，超过 1 毫秒的上限',
  );
  assert.equal(
    said('status 503, expected 200-299; keyword "healthy" not found; [BODY].status (missing) == UP'),
    '状态码 503，预期为 200-299；未找到关键词“healthy”；[BODY].status（缺失） == UP',
  );
  assert.equal(
    said('the check failed inside Lookout (index out of bounds: 3); it goes on at the next interval'),
    'Lookout 内部执行检查时出错（index out of bounds: 3），将在下一个周期继续',
  );
});

/** A value of the kind a variable's name says, as the core's own test passes it. */
function sample(name) {
  if (name.startsWith('reason')) return 'connection refused';
  if (name.startsWith('span')) return '1m 3s';
  if (name.startsWith('status')) return 'DOWN';
  // Unlike any catalogue text, so it cannot be mistaken for one.
  return `<${name}>`;
}

// Anyone's words reach the page (a server's error, a job's pushed message, a command's output):
// a text built to nest our messages thousands deep, or to make every variable try every place,
// is worded within bounds, as the core's, never exceeding the call stack.
test('hostile texts are worded within bounds', () => {
  useLanguage('zh-CN');
  const nested = (n) => 'x: '.repeat(n) + 'connection refused';
  for (const text of [
    nested(1300),
    'a == '.repeat(800),
    'connection refused; '.repeat(200),
    'TLS handshake failed: a == b (missing); '.repeat(100),
    `Recovery action x${' (attempt 1 of 2 of 3) (attempt'.repeat(100)} done`,
  ]) {
    assert.ok(text.length <= MAX_LEN, String(text.length));
    assert.ok(said(text).length > 0);
  }
  assert.ok(said(nested(3)).endsWith('连接被拒绝'));
  const long = nested(2000);
  assert.equal(said(long), long, 'beyond the bounds a text is shown as it came');
});

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
