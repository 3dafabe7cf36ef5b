// Finds words a person would read that are written in the page's source instead of the
// catalogue (crates/lookout-core/locales/*/ui.ftl). Used by no-literals.test.js on every page
// and module of ui/app, and on planted examples that prove each rule bites.
//
// The rules:
// - HTML: no text with a letter in it, and no `title`, `placeholder`, `aria-label`, `alt` or
//   `label` attribute with a letter: an element names its message with `data-i18n`, an
//   attribute with `data-i18n-attr`, and both stay empty in the file.
// - JS, where text reaches the page: the value of a `text:`, `title:`, `placeholder:`,
//   `'aria-label':`, `label:`, `alt:` or `message:` property; an assignment to `.textContent`,
//   `.innerText`, `.title`, `.placeholder`, `.ariaLabel`, `.label` or `.alt`;
//   `setAttribute('title' | 'aria-label' | 'placeholder' | 'alt' | 'label', …)`; the children of
//   the element helpers `h(…)` / `s(…)`; the arguments of `append`, `prepend`,
//   `createTextNode`, `say`, `Error`, `alert`, `confirm`. A string or template literal at the top
//   of such an expression (not inside a call such as `t('ui-…')`) must hold no letter.
// - JS anywhere: no literal that reads like prose (a capitalised word followed by another
//   word, a sentence's end, or Chinese), wherever it is.
// Strings that hold letters but are not words (a URL, a duration, an RRULE, a program name
// shown as an example) are on `ALLOWED`, each with its reason.

import { parseHtml, elements } from './html.js';

/** Examples of syntax, not language: they read the same in every language. */
export const ALLOWED = [
  [/^[a-z][a-z0-9+.-]*:\/\/\S*$/, 'an example URL (a placeholder)'],
  [/^\d+(ms|s|m|h|d)$/, 'a duration as the monitor file writes it (`60s`)'],
  [/^FREQ=[A-Z0-9;=,]*$/, 'an iCalendar RRULE example'],
  [/^systemctl$/, 'a program name, the recovery editor’s example'],
];

const SINK_KEYS = new Set(['text', 'title', 'placeholder', 'aria-label', 'label', 'alt', 'message']);
const SINK_PROPS = new Set(['textContent', 'innerText', 'title', 'placeholder', 'ariaLabel', 'label', 'alt']);
const SINK_ATTRS = new Set(['title', 'aria-label', 'placeholder', 'alt', 'label']);
const SINK_CALLS = new Set(['append', 'prepend', 'createTextNode', 'say', 'Error', 'alert', 'confirm']);
const ELEMENT_HELPERS = new Set(['h', 's']);
const LETTER = /\p{L}/u;
const PROSE = [/\p{Lu}\p{Ll}+[ ,]+\p{L}/u, /\p{Ll}{2,}[.!?…]\s*$/u, /\p{Script=Han}/u];

const allowed = (text) => ALLOWED.some(([re]) => re.test(text));
const hasWords = (text) => LETTER.test(text) && !allowed(text);

const OPERATOR = /^(=>|\.\.\.|===|!==|\*\*=|\?\?=|&&=|\|\|=|==|!=|<=|>=|&&|\|\||\?\?|\?\.|\+\+|--|\+=|-=|\*=|\/=|%=|\*\*|[{}()[\];,<>+\-*/%&|^!~?:=.@#])/;
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'in', 'of', 'delete', 'void', 'throw', 'new', 'else', 'do', 'yield', 'await']);

/**
 * JS source -> tokens `{type: 'str' | 'tpl' | 'ident' | 'num' | 'punct' | 'regex', value, line}`.
 * A template is one `tpl` token: `value` its text between the `${…}` (joined by `\u0000`),
 * `inner` the tokens of each `${…}`.
 */
export function tokenize(src, startLine = 1) {
  const tokens = [];
  let i = 0;
  let line = startLine;
  const prev = () => tokens[tokens.length - 1];
  const regexAllowed = () => {
    const p = prev();
    if (!p) return true;
    if (p.type === 'punct') return !/^[)\]}]$/.test(p.value) && p.value !== '++' && p.value !== '--';
    return p.type === 'ident' && REGEX_AFTER_WORD.has(p.value);
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (src.startsWith('//', i)) i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
    else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      line += (src.slice(i, stop).match(/\n/g) || []).length;
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') {
          value += src[j + 1];
          j += 2;
        } else value += src[j++];
      }
      tokens.push({ type: 'str', value, line });
      i = j + 1;
    } else if (c === '`') {
      const at = line;
      const parts = [''];
      const inner = [];
      let j = i + 1;
      while (j < src.length && src[j] !== '`') {
        if (src[j] === '\\') {
          parts[parts.length - 1] += src[j + 1];
          j += 2;
        } else if (src.startsWith('${', j)) {
          // Find the matching `}`, skipping nested strings and templates by tokenizing.
          let depth = 1;
          let k = j + 2;
          while (k < src.length && depth > 0) {
            const ch = src[k];
            if (ch === '{') depth++;
            else if (ch === '}') depth--;
            else if (ch === '`' || ch === '"' || ch === "'") {
              const close = skipQuoted(src, k);
              k = close;
              continue;
            }
            k++;
          }
          const expr = src.slice(j + 2, k - 1);
          inner.push(tokenize(expr, line));
          line += (expr.match(/\n/g) || []).length;
          parts.push('');
          j = k;
        } else {
          if (src[j] === '\n') line++;
          parts[parts.length - 1] += src[j++];
        }
      }
      tokens.push({ type: 'tpl', value: parts.join('\u0000'), parts, inner, line: at });
      i = j + 1;
    } else if (c === '/' && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (j < src.length && (inClass || src[j] !== '/')) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        j++;
      }
      j++;
      while (/[a-z]/i.test(src[j] ?? '')) j++;
      tokens.push({ type: 'regex', value: src.slice(i, j), line });
      i = j;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(src.slice(i));
      tokens.push({ type: 'ident', value: m[0], line });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9][\w.]*/.exec(src.slice(i));
      tokens.push({ type: 'num', value: m[0], line });
      i += m[0].length;
    } else {
      const m = OPERATOR.exec(src.slice(i));
      const value = m ? m[0] : c;
      tokens.push({ type: 'punct', value, line });
      i += value.length;
    }
  }
  return tokens;
}

/** The index just past the string or template starting at `k`. */
function skipQuoted(src, k) {
  const q = src[k];
  let j = k + 1;
  while (j < src.length && src[j] !== q) {
    if (src[j] === '\\') j += 2;
    else if (q === '`' && src.startsWith('${', j)) {
      let depth = 1;
      j += 2;
      while (j < src.length && depth > 0) {
        if (src[j] === '{') depth++;
        else if (src[j] === '}') depth--;
        else if (src[j] === '`' || src[j] === '"' || src[j] === "'") {
          j = skipQuoted(src, j);
          continue;
        }
        j++;
      }
    } else j++;
  }
  return j + 1;
}

const OPENS = new Set(['(', '[', '{']);
const CLOSES = new Set([')', ']', '}']);

/** The end (exclusive) of the expression starting at `from`: a `,`, `;` or an unmatched closer. */
function expressionEnd(tokens, from, stopAtSemicolon = true) {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== 'punct') continue;
    if (OPENS.has(t.value)) depth++;
    else if (CLOSES.has(t.value)) {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && (t.value === ',' || (stopAtSemicolon && t.value === ';'))) return i;
  }
  return tokens.length;
}

const COMPARISON = new Set(['===', '!==', '==', '!=']);
/** A literal compared with something (`status === 'DOWN' ? …`) is a code, not shown. */
const compared = (tokens, i) => [tokens[i - 1], tokens[i + 1]].some((n) => n && ((n.type === 'punct' && COMPARISON.has(n.value)) || (n.type === 'ident' && n.value === 'in')));

/**
 * The literals an expression shows as they are: at its top, not inside a call (`t('ui-…')`,
 * `fmt.clock(x)`), a nested literal or a comparison.
 */
function shownLiterals(tokens) {
  const out = [];
  let depth = 0;
  for (const [i, t] of tokens.entries()) {
    if (t.type === 'punct' && OPENS.has(t.value)) depth++;
    else if (t.type === 'punct' && CLOSES.has(t.value)) depth--;
    else if (depth !== 0 || compared(tokens, i)) continue;
    else if (t.type === 'str') out.push(t);
    else if (t.type === 'tpl') {
      out.push({ ...t, value: t.parts.join('') });
      for (const inner of t.inner) out.push(...shownLiterals(inner));
    }
  }
  return out;
}

/** The arguments of the call whose `(` is at `open`: `[[tokens], …]` and the index past `)`. */
function callArguments(tokens, open) {
  const args = [];
  let i = open + 1;
  while (i < tokens.length && !(tokens[i].type === 'punct' && tokens[i].value === ')')) {
    const end = expressionEnd(tokens, i, false);
    args.push(tokens.slice(i, end));
    i = tokens[end] && tokens[end].value === ',' ? end + 1 : end;
  }
  return args;
}

const isPunct = (t, v) => t && t.type === 'punct' && t.value === v;

/** Words written in JS `src` where the page shows them: `[{line, text, rule}]`. */
export function findInJs(src) {
  const found = [];
  const report = (lits, rule) => {
    for (const l of lits) if (hasWords(l.value)) found.push({ line: l.line, text: l.value.replace(/\u0000/g, '${…}'), rule });
  };
  const walk = (tokens) => {
    tokens.forEach((tok, i) => {
      if (tok.type === 'tpl') for (const inner of tok.inner) walk(inner);
      const next = tokens[i + 1];
      const before = tokens[i - 1];
      // `{ text: … }`, `{ 'aria-label': … }`
      if ((tok.type === 'ident' || tok.type === 'str') && SINK_KEYS.has(tok.value) && isPunct(next, ':') && (isPunct(before, '{') || isPunct(before, ','))) {
        report(shownLiterals(tokens.slice(i + 2, expressionEnd(tokens, i + 2))), `the ${tok.value} property`);
      }
      // `.textContent = …`
      if (tok.type === 'ident' && SINK_PROPS.has(tok.value) && isPunct(before, '.') && isPunct(next, '=')) {
        report(shownLiterals(tokens.slice(i + 2, expressionEnd(tokens, i + 2))), `an assignment to .${tok.value}`);
      }
      if (tok.type === 'ident' && isPunct(next, '(')) {
        const args = () => callArguments(tokens, i + 1);
        if (tok.value === 'setAttribute') {
          const [name, value] = args();
          if (name && name.length === 1 && name[0].type === 'str' && SINK_ATTRS.has(name[0].value) && value) report(shownLiterals(value), `setAttribute('${name[0].value}')`);
        } else if (ELEMENT_HELPERS.has(tok.value) && !isPunct(before, '.')) {
          for (const arg of args().slice(2)) report(shownLiterals(arg), `a child of ${tok.value}()`);
        } else if (SINK_CALLS.has(tok.value)) {
          for (const arg of args()) report(shownLiterals(arg), `${tok.value}()`);
        }
      }
      // Prose anywhere.
      if ((tok.type === 'str' || tok.type === 'tpl') && !tok.value.startsWith('ui-')) {
        const text = tok.type === 'tpl' ? tok.parts.join(' ') : tok.value;
        if (!allowed(text) && PROSE.some((re) => re.test(text))) found.push({ line: tok.line, text, rule: 'prose in a literal' });
      }
    });
  };
  walk(tokenize(src));
  // One finding per place: a literal caught by a sink rule and as prose is one mistake.
  const seen = new Set();
  return found.filter((f) => {
    const key = `${f.line}\u0000${f.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every message id a JS source names: string literals that are whole `ui-` ids, and partial ones. */
export function idsInJs(src) {
  const ids = [];
  const partial = [];
  const walk = (tokens) => {
    for (const t of tokens) {
      if (t.type === 'tpl') {
        if (t.parts[0].startsWith('ui-')) partial.push({ line: t.line, text: t.value.replace(/\u0000/g, '${…}') });
        for (const inner of t.inner) walk(inner);
      } else if (t.type === 'str' && t.value.startsWith('ui-')) {
        if (/^ui-[a-z0-9]+(-[a-z0-9]+)*$/.test(t.value)) ids.push({ line: t.line, id: t.value });
        else partial.push({ line: t.line, text: t.value });
      }
    }
  };
  walk(tokenize(src));
  return { ids, partial };
}

const HTML_SINK_ATTRS = ['title', 'placeholder', 'aria-label', 'alt', 'label'];

/** Words written in an HTML page: `[{line, text, rule}]`. */
export function findInHtml(src) {
  const found = [];
  const walk = (node, marked) => {
    for (const c of node.children || []) {
      if (c.text !== undefined) {
        if (node.tag === 'script' || node.tag === 'style') continue;
        if (marked && c.text.trim()) found.push({ line: c.line, text: c.text.trim(), rule: 'text inside a data-i18n element (the catalogue fills it)' });
        else if (hasWords(c.text)) found.push({ line: c.line, text: c.text.trim(), rule: 'text without data-i18n' });
        continue;
      }
      for (const a of HTML_SINK_ATTRS) {
        if (c.attrs[a] !== undefined && hasWords(c.attrs[a])) found.push({ line: c.line, text: c.attrs[a], rule: `the ${a} attribute (use data-i18n-attr)` });
      }
      walk(c, c.attrs['data-i18n'] !== undefined);
    }
  };
  walk(parseHtml(src), false);
  return found;
}

/** Every message id an HTML page names (`data-i18n`, `data-i18n-attr`), with malformed pairs. */
export function idsInHtml(src) {
  const ids = [];
  const partial = [];
  for (const el of elements(parseHtml(src))) {
    if (el.attrs['data-i18n'] !== undefined) ids.push({ line: el.line, id: el.attrs['data-i18n'] });
    for (const pair of (el.attrs['data-i18n-attr'] ?? '').split(/\s+/).filter(Boolean)) {
      const m = /^([\w-]+):(ui-[a-z0-9-]+)$/.exec(pair);
      if (m) ids.push({ line: el.line, id: m[2] });
      else partial.push({ line: el.line, text: pair });
    }
  }
  return { ids, partial };
}
