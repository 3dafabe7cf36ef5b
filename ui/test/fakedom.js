// A small stand-in for the browser DOM, enough for Lookout's views under `node --test`:
// elements, text nodes, attributes, events, simple selectors. `innerHTML` throws, so a test
// fails if any view ever renders text as HTML.

import { readFileSync } from 'node:fs';
import { parseHtml } from './html.js';

class Node {
  constructor(doc) {
    this.ownerDocument = doc;
    this.parentNode = null;
    this.childNodes = [];
  }
  get firstChild() {
    return this.childNodes[0] ?? null;
  }
  appendChild(c) {
    if (c.parentNode) c.parentNode.removeChild(c);
    c.parentNode = this;
    this.childNodes.push(c);
    return c;
  }
  insertBefore(c, ref) {
    if (ref === null || ref === undefined) return this.appendChild(c);
    if (c.parentNode) c.parentNode.removeChild(c);
    const i = this.childNodes.indexOf(ref);
    if (i < 0) throw new Error('reference is not a child');
    c.parentNode = this;
    this.childNodes.splice(i, 0, c);
    return c;
  }
  append(...cs) {
    for (const c of cs) this.appendChild(typeof c === 'string' ? this.ownerDocument.createTextNode(c) : c);
  }
  removeChild(c) {
    const i = this.childNodes.indexOf(c);
    if (i < 0) throw new Error('not a child');
    this.childNodes.splice(i, 1);
    c.parentNode = null;
    return c;
  }
  remove() {
    if (this.parentNode) this.parentNode.removeChild(this);
  }
  get textContent() {
    return this.childNodes.map((c) => c.textContent).join('');
  }
  set textContent(v) {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes = [];
    if (v !== '' && v !== null && v !== undefined) this.appendChild(new Text(this.ownerDocument, String(v)));
  }
}

class Text extends Node {
  constructor(doc, data) {
    super(doc);
    this.nodeType = 3;
    this.data = data;
  }
  get textContent() {
    return this.data;
  }
  set textContent(v) {
    this.data = String(v);
  }
}

const REFLECTED = ['id', 'href', 'type', 'name', 'title'];

class Element extends Node {
  constructor(doc, tag, ns = null) {
    super(doc);
    this.nodeType = 1;
    this.tagName = tag.toUpperCase();
    this.localName = tag;
    this.namespaceURI = ns;
    this.attributes = new Map();
    this.listeners = {};
    this._value = '';
    this.checked = false;
    this.disabled = false;
    this.selected = false;
    this.style = {};
  }
  get children() {
    return this.childNodes.filter((c) => c.nodeType === 1);
  }
  setAttribute(k, v) {
    this.attributes.set(k, String(v));
  }
  getAttribute(k) {
    return this.attributes.has(k) ? this.attributes.get(k) : null;
  }
  hasAttribute(k) {
    return this.attributes.has(k);
  }
  removeAttribute(k) {
    this.attributes.delete(k);
  }
  get hidden() {
    return this.hasAttribute('hidden');
  }
  set hidden(v) {
    if (v) this.setAttribute('hidden', '');
    else this.removeAttribute('hidden');
  }
  get className() {
    return this.getAttribute('class') ?? '';
  }
  get classList() {
    const el = this;
    const list = () => el.className.split(/\s+/).filter(Boolean);
    return {
      contains: (c) => list().includes(c),
      add: (c) => el.setAttribute('class', [...new Set([...list(), c])].join(' ')),
      remove: (c) => el.setAttribute('class', list().filter((x) => x !== c).join(' ')),
    };
  }
  get value() {
    if (this.tagName === 'SELECT') {
      const opts = this.querySelectorAll('option');
      const sel = opts.find((o) => o.selected) ?? opts[0];
      return sel ? sel.value : '';
    }
    if (this.tagName === 'OPTION') return this.getAttribute('value') ?? this.textContent;
    return this._value;
  }
  set value(v) {
    if (this.tagName === 'SELECT') {
      for (const o of this.querySelectorAll('option')) o.selected = o.value === v;
      return;
    }
    if (this.tagName === 'OPTION') return this.setAttribute('value', v);
    this._value = String(v);
  }
  get innerHTML() {
    throw new Error('innerHTML is not allowed in Lookout views');
  }
  set innerHTML(_) {
    throw new Error('innerHTML is not allowed in Lookout views');
  }
  insertAdjacentHTML() {
    throw new Error('insertAdjacentHTML is not allowed in Lookout views');
  }
  focus() {
    this.ownerDocument.activeElement = this;
  }
  addEventListener(type, fn) {
    (this.listeners[type] ||= []).push(fn);
  }
  removeEventListener(type, fn) {
    this.listeners[type] = (this.listeners[type] || []).filter((f) => f !== fn);
  }
  dispatchEvent(ev) {
    ev.target ||= this;
    ev.defaultPrevented = false;
    ev.preventDefault ||= () => (ev.defaultPrevented = true);
    const results = (this.listeners[ev.type] || []).map((fn) => fn(ev));
    return Promise.all(results);
  }
  /** Clicks like a person: nothing happens on a disabled control; a submit button submits its form. */
  click() {
    if (this.disabled) return Promise.resolve();
    const done = this.dispatchEvent({ type: 'click' });
    if (this.tagName === 'BUTTON' && this.getAttribute('type') === 'submit') {
      let f = this.parentNode;
      while (f && f.tagName !== 'FORM') f = f.parentNode;
      if (f) return Promise.all([done, f.dispatchEvent({ type: 'submit' })]);
    }
    return done;
  }
  *walk() {
    for (const c of this.children) {
      yield c;
      yield* c.walk();
    }
  }
  matches(sel) {
    return compound(sel).every((test) => test(this));
  }
  querySelectorAll(sel) {
    const parts = sel.trim().split(/\s+/);
    let scope = [this];
    for (const part of parts) {
      const next = [];
      for (const root of scope) for (const el of root.walk()) if (el.matches(part) && !next.includes(el)) next.push(el);
      scope = next;
    }
    return scope;
  }
  querySelector(sel) {
    return this.querySelectorAll(sel)[0] ?? null;
  }
}

for (const a of REFLECTED) {
  Object.defineProperty(Element.prototype, a, {
    get() {
      return this.getAttribute(a) ?? '';
    },
    set(v) {
      this.setAttribute(a, v);
    },
  });
}

/** Parses `tag#id.class[attr=value][attr]` into tests. */
function compound(sel) {
  const tests = [];
  const re = /^([a-zA-Z][\w-]*)|#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\]]*)))?\]/g;
  let found;
  let consumed = 0;
  while ((found = re.exec(sel))) {
    const m = found;
    if (m.index !== consumed) break;
    consumed = re.lastIndex;
    if (m[1]) tests.push((el) => el.localName.toLowerCase() === m[1].toLowerCase());
    else if (m[2]) tests.push((el) => el.getAttribute('id') === m[2]);
    else if (m[3]) tests.push((el) => el.classList.contains(m[3]));
    else if (m[4]) {
      const want = m[5] ?? m[6] ?? m[7];
      tests.push((el) => el.hasAttribute(m[4]) && (want === undefined || el.getAttribute(m[4]) === want));
    }
  }
  if (consumed !== sel.length) throw new Error(`fakedom: unsupported selector ${sel}`);
  return tests;
}

export class Document {
  constructor() {
    this.documentElement = new Element(this, 'html');
    this.body = new Element(this, 'body');
    this.documentElement.appendChild(this.body);
    this.title = '';
    this.activeElement = null;
  }
  createElement(tag) {
    return new Element(this, tag);
  }
  createElementNS(ns, tag) {
    return new Element(this, tag, ns);
  }
  createTextNode(t) {
    return new Text(this, t);
  }
  getElementById(id) {
    return this.documentElement.querySelector(`#${id}`);
  }
  addEventListener(type, fn) {
    this.documentElement.addEventListener(type, fn);
  }
  dispatchEvent(ev) {
    return this.documentElement.dispatchEvent(ev);
  }
  querySelector(sel) {
    return this.documentElement.querySelector(sel);
  }
  querySelectorAll(sel) {
    return this.documentElement.querySelectorAll(sel);
  }
}

/** A document built from one of the app's pages (`index.html`, `damaged.html`), as it is on disk. */
export function pageDocument(file) {
  const doc = new Document();
  const tree = parseHtml(readFileSync(new URL(`../app/${file}`, import.meta.url), 'utf8'));
  const html = tree.children.find((c) => c.tag === 'html');
  for (const [k, v] of Object.entries(html.attrs)) doc.documentElement.setAttribute(k, v);
  const head = doc.createElement('head');
  doc.documentElement.insertBefore(head, doc.body);
  const build = (parent, nodes) => {
    for (const n of nodes) {
      if (n.text !== undefined) {
        if (n.text.trim()) parent.appendChild(doc.createTextNode(n.text));
        continue;
      }
      const el = doc.createElement(n.tag);
      for (const [k, v] of Object.entries(n.attrs)) el.setAttribute(k, v);
      parent.appendChild(el);
      build(el, n.children);
    }
  };
  for (const part of html.children) {
    if (part.tag === 'head') build(head, part.children);
    else if (part.tag === 'body') {
      for (const [k, v] of Object.entries(part.attrs)) doc.body.setAttribute(k, v);
      build(doc.body, part.children);
    }
  }
  return doc;
}

/** The dashboard's page, `ui/app/index.html`. */
export function appDocument() {
  return pageDocument('index.html');
}

/** A window with a hash location that fires `hashchange` like a browser. */
export function fakeWindow() {
  const listeners = {};
  const intervals = [];
  const timeouts = new Map(); // id -> {fn, ms}: run by the test, never by themselves
  let nextTimeout = 1;
  let hash = '';
  const win = {
    intervals,
    timeouts,
    addEventListener: (t, fn) => (listeners[t] ||= []).push(fn),
    setInterval: (fn, ms) => intervals.push({ fn, ms }),
    setTimeout: (fn, ms) => {
      timeouts.set(nextTimeout, { fn, ms });
      return nextTimeout++;
    },
    clearTimeout: (id) => timeouts.delete(id),
    location: {},
  };
  Object.defineProperty(win.location, 'hash', {
    get: () => hash,
    set: (v) => {
      const next = v.startsWith('#') ? v : `#${v}`;
      if (next === hash) return;
      hash = next;
      for (const fn of listeners.hashchange || []) fn();
    },
  });
  return win;
}

/** Installs `doc` as the global `document` the views build with. */
export function install(doc) {
  globalThis.document = doc;
  return doc;
}
