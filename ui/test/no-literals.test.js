// No word a person reads is written outside the catalogues: the pages and every module of
// ui/app (the vendored library aside) pass the rules of ui-strings.js, and planted examples
// show each rule catches its kind of mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { findInJs, findInHtml, idsInJs } from './ui-strings.js';

const APP = new URL('../app/', import.meta.url);
const MODULES = readdirSync(new URL('js/', APP), { recursive: true })
  .filter((f) => f.endsWith('.js'))
  .map((f) => `js/${f}`);

const show = (file, found) => found.map((f) => `${file}:${f.line} ${JSON.stringify(f.text)} (${f.rule})`);

test('the pages hold no words of their own', () => {
  for (const page of ['index.html', 'damaged.html']) {
    assert.deepEqual(show(page, findInHtml(readFileSync(new URL(page, APP), 'utf8'))), []);
  }
});

test('no module writes a word where the page shows it', () => {
  assert.ok(MODULES.length >= 20, `${MODULES.length} modules scanned`);
  assert.ok(!MODULES.some((f) => f.includes('vendor')), 'the vendored library is not ours to check');
  const found = MODULES.flatMap((file) => show(file, findInJs(readFileSync(new URL(file, APP), 'utf8'))));
  assert.deepEqual(found, []);
});

test('planted: each way of putting a literal on the page is caught', () => {
  const planted = [
    [`h('button', { type: 'button', text: 'Save changes' });`, 'the text property'],
    [`h('input', { placeholder: 'Name or target' });`, 'the placeholder property'],
    [`h('nav', { 'aria-label': 'Main' });`, 'the aria-label property'],
    [`h('span', { title: ok ? 'Fine' : t('ui-x') });`, 'the title property'],
    [`errors.push({ field: f, message: 'must be a number' });`, 'the message property'],
    [`el.textContent = 'Done.';`, 'an assignment to .textContent'],
    [`el.textContent = \`Saved \${name}.\`;`, 'an assignment to .textContent'],
    [`el.textContent = open ? 'for ' : 'lasted ';`, 'an assignment to .textContent'],
    [`doc.title = 'Summary — Lookout';`, 'an assignment to .title'],
    [`input.placeholder = 'search';`, 'an assignment to .placeholder'],
    [`cell.setAttribute('title', 'Not checked yet');`, "setAttribute('title')"],
    [`h('p', {}, 'Defaults: ', defaults);`, 'a child of h()'],
    [`s('title', {}, \`up to \${max} ms\`);`, 'a child of s()'],
    [`li.append(label, ' or ', button);`, 'append()'],
    [`say('Monitor deleted');`, 'say()'],
    [`throw new Error('cannot read the file');`, 'Error()'],
    [`const PERIODS = [[1, 'Last day of checks']];`, 'prose in a literal'],
    [`const DONE = 'done.';`, 'prose in a literal'],
    [`h('span', { text: '已暂停' });`, 'the text property'],
  ];
  for (const [src, rule] of planted) {
    const found = findInJs(src);
    assert.ok(found.length >= 1, `not caught: ${src}`);
    assert.deepEqual([...new Set(found.map((f) => f.rule))], [rule], src);
  }
});

test('planted: what is not a word on the page is left alone', () => {
  const fine = [
    `h('button', { type: 'button', class: 'small secondary', 'data-action': 'add-run', text: t('ui-recovery-add-run') });`,
    `h('a', { href: \`#/monitors/\${m.id}\`, text: m.name });`,
    `cells.reason.textContent = m.status === 'DOWN' || m.status === 'DEGRADED' ? m.reason : '';`,
    `h('span', { text: '✓' }); h('td', { text: '—' }); h('button', { text: '×' });`,
    `h('input', { placeholder: 'https://example.com/health' }); h('input', { placeholder: '60s' });`,
    `h('input', { placeholder: 'FREQ=WEEKLY;BYDAY=SU' }); h('input', { placeholder: k === 0 ? 'systemctl' : '' });`,
    `el.textContent = t('ui-selftest-ok', { name: c.name });`,
    `const re = /^Every (\\d+) days$/; h('time', { datetime: e.at, text: fmt.clock(e.at) });`,
    `invoke('set_language', { language }); listen('language_changed', onLanguage);`,
    `li.append(label, ' ', button); h('td', {}, h('strong', { text: s.name }), \`: \${s.reason}\`);`,
    `el.querySelector('input[data-field=webhook]'); el.setAttribute('data-status', 'DOWN');`,
  ];
  for (const src of fine) assert.deepEqual(findInJs(src), [], src);
});

test('planted: words in a page, in its text or its attributes', () => {
  const found = findInHtml(`<!doctype html>
<html lang="en"><head><title>Lookout</title><script type="module" src="x.js"></script></head>
<body>
  <p>Start Lookout at login</p>
  <button data-i18n="ui-add-monitor">Add monitor</button>
  <input placeholder="Search">
  <nav aria-label="Main"><a href="#/" data-i18n="ui-nav-dashboard"></a></nav>
  <span class="sep">·</span> <span>—</span>
  <nav data-i18n-attr="aria-label:ui-nav-label"></nav>
</body></html>`);
  assert.deepEqual(
    found.map((f) => [f.line, f.text]),
    [
      [2, 'Lookout'],
      [4, 'Start Lookout at login'],
      [5, 'Add monitor'],
      [6, 'Search'],
      [7, 'Main'],
    ],
  );
});

test('planted: an id built from pieces cannot be checked, so it is named', () => {
  const { ids, partial } = idsInJs("t('ui-status-up'); t(`ui-status-${s}`); t('ui-field-' + name);");
  assert.deepEqual(ids.map((i) => i.id), ['ui-status-up']);
  assert.deepEqual(partial.map((p) => p.text), ['ui-status-${…}', 'ui-field-']);
});
