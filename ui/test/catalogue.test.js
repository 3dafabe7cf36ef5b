// The catalogues (crates/lookout-core/locales/{en,zh-CN}/ui.ftl) against each other and
// against the page: both parse with the vendored @fluent/bundle, say the same messages with
// the same variables, and hold every id the page names, and only those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { FluentBundle, FluentResource } from '../app/vendor/fluent-bundle/index.js';
import { LANGUAGES, catalogue } from './locale.js';
import { idsInJs, idsInHtml } from './ui-strings.js';

const APP = new URL('../app/', import.meta.url);
const PAGES = ['index.html', 'damaged.html'];
const MODULES = readdirSync(new URL('js/', APP), { recursive: true })
  .filter((f) => f.endsWith('.js'))
  .map((f) => `js/${f}`);

function load(language) {
  const text = catalogue(language);
  const resource = new FluentResource(text);
  const bundle = new FluentBundle(language, { useIsolating: false });
  const errors = bundle.addResource(resource);
  return { text, resource, bundle, errors };
}

/** The variables a pattern uses, through selectors, calls and nested placeables. */
function variables(node, out = new Set()) {
  if (node === null || node === undefined || typeof node === 'string') return out;
  if (Array.isArray(node)) {
    for (const n of node) variables(n, out);
    return out;
  }
  if (node.type === 'var') out.add(node.name);
  for (const key of ['value', 'selector', 'variants', 'args', 'attributes']) {
    const v = node[key];
    if (v && typeof v === 'object') variables(Array.isArray(v) || v.type ? v : Object.values(v), out);
  }
  return out;
}

const messages = (resource) => resource.body.filter((m) => !m.id.startsWith('-'));

test('both catalogues parse with the vendored FluentBundle, every message whole', () => {
  for (const language of LANGUAGES) {
    const { text, resource, errors } = load(language);
    assert.deepEqual(errors, [], `${language}: addResource errors`);
    // FluentResource skips what it cannot read: every `id =` line must have become a message.
    const written = text.split('\n').filter((l) => /^[a-zA-Z][\w-]*\s*=/.test(l)).map((l) => l.split('=')[0].trim());
    assert.deepEqual(messages(resource).map((m) => m.id), written, `${language}: a message was not read`);
    assert.ok(written.length > 100, `${language}: ${written.length} messages`);
    for (const m of messages(resource)) {
      assert.match(m.id, /^ui-[a-z0-9]+(-[a-z0-9]+)*$/, `${language}: ${m.id} must start with ui- (the Rust side loads every file of a language into one bundle)`);
      assert.notEqual(m.value, null, `${language}: ${m.id} has no value`);
    }
  }
});

test('every message is in both languages, with the same variables', () => {
  const [en, zh] = LANGUAGES.map((l) => new Map(messages(load(l).resource).map((m) => [m.id, m])));
  assert.deepEqual([...en.keys()].filter((id) => !zh.has(id)), [], 'in English, missing in Chinese');
  assert.deepEqual([...zh.keys()].filter((id) => !en.has(id)), [], 'in Chinese, missing in English');
  for (const [id, m] of en) {
    assert.deepEqual([...variables(zh.get(id))].sort(), [...variables(m)].sort(), `${id}: other variables in Chinese`);
  }
});

test('every message formats without an error, whatever the number', () => {
  for (const language of LANGUAGES) {
    const { resource, bundle } = load(language);
    for (const m of messages(resource)) {
      for (const n of [0, 1, 2, 5]) {
        const args = Object.fromEntries([...variables(m)].map((v) => [v, n]));
        const errors = [];
        const text = bundle.formatPattern(m.value, args, errors);
        assert.deepEqual(errors.map((e) => e.message), [], `${language}: ${m.id} with ${n}`);
        assert.ok(text.trim() !== '' || m.id === 'ui-list-separator', `${language}: ${m.id} is empty`);
      }
    }
  }
});

test('Chinese messages are Chinese: no English sentence left untranslated', () => {
  const en = new Map(messages(load('en').resource).map((m) => [m.id, m]));
  const { resource, bundle } = load('zh-CN');
  const enBundle = load('en').bundle;
  // The same in both on purpose: product names, symbols, the language names, units.
  const same = new Set(['ui-app-name', 'ui-page-title', 'ui-date-time', 'ui-selftest-ok', 'ui-percent', 'ui-size-bytes', 'ui-size-kb', 'ui-size-mb', 'ui-damaged-size-kib', 'ui-damaged-size-mib', 'ui-summary-mttr', 'ui-summary-mttd', 'ui-language-en', 'ui-language-zh-cn', 'ui-tool-lookout', 'ui-tool-kener', 'ui-tool-uptime-kuma', 'ui-tool-gatus']);
  for (const m of messages(resource)) {
    const args = Object.fromEntries([...variables(m)].map((v) => [v, 2]));
    const zh = bundle.formatPattern(m.value, args);
    const english = enBundle.formatPattern(en.get(m.id).value, args);
    if (same.has(m.id)) continue;
    assert.notEqual(zh, english, `${m.id} reads the same in Chinese: ${zh}`);
  }
});

function usedIds() {
  const used = new Map(); // id -> where
  const partial = [];
  for (const file of MODULES) {
    const r = idsInJs(readFileSync(new URL(file, APP), 'utf8'));
    for (const { id, line } of r.ids) used.set(id, `${file}:${line}`);
    partial.push(...r.partial.map((p) => `${file}:${p.line} ${p.text}`));
  }
  for (const file of PAGES) {
    const r = idsInHtml(readFileSync(new URL(file, APP), 'utf8'));
    for (const { id, line } of r.ids) used.set(id, `${file}:${line}`);
    partial.push(...r.partial.map((p) => `${file}:${p.line} ${p.text}`));
  }
  return { used, partial };
}

test('every id the page uses is in the catalogue, written whole so this test can find it', () => {
  const { used, partial } = usedIds();
  assert.deepEqual(partial, [], 'ids built from pieces (write each id whole, in a table if need be)');
  assert.ok(used.size > 100, `${used.size} ids used`);
  const known = new Set(messages(load('en').resource).map((m) => m.id));
  const missing = [...used].filter(([id]) => !known.has(id)).map(([id, where]) => `${id} (${where})`);
  assert.deepEqual(missing, []);
});

test('every message in the catalogue is used by the page', () => {
  const { used } = usedIds();
  const unused = messages(load('en').resource)
    .map((m) => m.id)
    .filter((id) => !used.has(id));
  assert.deepEqual(unused, []);
});
