// A small HTML reader for the app's own pages (index.html, damaged.html): enough to build them
// in the fake DOM and to check their words. Elements, attributes, text, comments, void
// elements; not a general HTML parser (no implied end tags, no character references beyond
// the five basic ones).

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decode(text) {
  return text.replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e] ?? m;
  });
}

/**
 * `text` -> `{tag: '#root', children}`; elements are `{tag, attrs: {name: value}, children, line}`,
 * text is `{text, line}`. Throws on a closing tag that does not match.
 */
export function parseHtml(text) {
  const root = { tag: '#root', attrs: {}, children: [], line: 1 };
  const stack = [root];
  let i = 0;
  const lineAt = (at) => text.slice(0, at).split('\n').length;
  while (i < text.length) {
    const top = stack[stack.length - 1];
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      i = end < 0 ? text.length : end + 3;
    } else if (text.startsWith('<!', i)) {
      i = text.indexOf('>', i) + 1;
    } else if (text.startsWith('</', i)) {
      const end = text.indexOf('>', i);
      const tag = text.slice(i + 2, end).trim().toLowerCase();
      if (top.tag !== tag) throw new Error(`line ${lineAt(i)}: </${tag}> closes <${top.tag}>`);
      stack.pop();
      i = end + 1;
    } else if (text[i] === '<' && /[a-zA-Z]/.test(text[i + 1] ?? '')) {
      const m = /^<([a-zA-Z][\w-]*)/.exec(text.slice(i));
      const el = { tag: m[1].toLowerCase(), attrs: {}, children: [], line: lineAt(i) };
      i += m[0].length;
      const attr = /^\s*([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/;
      let a;
      while ((a = attr.exec(text.slice(i)))) {
        el.attrs[a[1].toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? '');
        i += a[0].length;
      }
      const close = /^\s*(\/?)>/.exec(text.slice(i));
      if (!close) throw new Error(`line ${el.line}: cannot read <${el.tag}>`);
      i += close[0].length;
      top.children.push(el);
      if (!VOID.has(el.tag) && !close[1]) {
        if (el.tag === 'script' || el.tag === 'style') {
          const end = text.indexOf(`</${el.tag}>`, i);
          if (end > i) el.children.push({ text: text.slice(i, end), line: lineAt(i) });
          i = end + el.tag.length + 3;
        } else stack.push(el);
      }
    } else {
      const next = text.indexOf('<', i + 1);
      const end = next < 0 ? text.length : next;
      top.children.push({ text: decode(text.slice(i, end)), line: lineAt(i) });
      i = end;
    }
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].tag}> is never closed`);
  return root;
}

/** Every text node under `node`, with the element holding it: `[{text, line, parent}]`. */
export function textNodes(node, parent = null, out = []) {
  if (node.text !== undefined) out.push({ text: node.text, line: node.line, parent });
  else for (const c of node.children) textNodes(c, node, out);
  return out;
}

/** Every element under `node`. */
export function elements(node, out = []) {
  for (const c of node.children || []) {
    if (c.tag) {
      out.push(c);
      elements(c, out);
    }
  }
  return out;
}
