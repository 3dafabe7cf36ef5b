// What Lookout writes down in English (check reasons, incident timeline entries), worded in the
// language in force. The page's twin of the core's `i18n::said::word`, and it must read a text
// the same way: stored data, events and JSON stay English, people read their language, and a
// text the catalogues do not know (an older wording, a server's own error) shows as it was.
//
// A text is recognised by the English messages of `reasons.ftl` and `timeline.ftl` (`said_en`
// of the language payload), each spelled out as "shapes": its text and variables, one shape per
// variant of a select expression. The shape that recognises the most of the text wins (its
// literal text, with what its `reason…` arguments recognise in turn; of equals, the one with
// the most literal text); its arguments are read back, worded again by their names (`reason…`
// such a text itself, `span…` a length, `status…` a status word, whole numbers as numbers),
// and the message is formatted in the language in force.

import { FluentBundle, FluentNumber, FluentResource } from '../vendor/fluent-bundle/index.js';
import { has, language, saidSources, t } from './i18n.js';
import { humanDuration, statusWord } from './format.js';

/** `text`, written down in English, as the reader's language says it; as it is in English. */
export function said(text) {
  if (typeof text !== 'string' || text === '' || language() === 'en') return text;
  if (utf8Length(text) > MAX_LEN) return text;
  return word(text, MAX_DEPTH, { covered: new Map(), steps: MAX_STEPS });
}

/**
 * Bounds on wording one text, which may hold anyone's words (a server's error, a job's pushed
 * message, a recovery command's output), as the core's: longer texts (UTF-8 bytes) are shown as
 * they are, our messages are looked for at most this deep inside each other, and `fit` tries at
 * most this many places in all.
 */
export const MAX_LEN = 4096;
const MAX_DEPTH = 8;
const MAX_STEPS = 20000;

const utf8Length = (s) => new TextEncoder().encode(s).length;

/**
 * A text may read several ways: a variable can take in a neighbouring message (a check's
 * reasons joined by "; ", a checkpoint's target before its reason, a re-check's note after a
 * message that ends in a parenthesis). It reads the way that recognises the most of it
 * (`covered`): reasons joined by "; " one by one where every one is ours, else the message that
 * covers the most. As the core's `word_in`; `work` is what it found and may still spend.
 */
function word(text, depth, work) {
  if (depth === 0 || text === '') return text;
  const parts = text.split('; ');
  const ours = parts.length > 1 ? parts.map((p) => covered(p, depth, work) > 0) : [];
  const wordOne = (p) => {
    const one = best(p, depth, work);
    return one ? renderReading(one, depth, work) : p;
  };
  const joined = () => parts.map((p, i) => (ours[i] ? wordOne(p) : p)).join(render('reason-separator', {}));
  // Reasons joined, each ours, read one by one; but a message whose own words hold "; " (the
  // ICMP hint, an interrupted drill) is read whole. As the core's.
  const one = best(text, depth, work);
  const joinsOurs = ours.length > 0 && ours.every(Boolean);
  const joinsInItsWords = (r) => r.shape.parts.some((p) => 'text' in p && p.text.includes('; '));
  if (one && (!joinsOurs || joinsInItsWords(one))) return renderReading(one, depth, work);
  if (joinsOurs) return joined();
  // Someone else's text may hold "; ": it stays whole unless a part is ours.
  if (ours.some(Boolean)) return joined();
  return text;
}

/**
 * How much of `text` our messages recognise, read as `word` reads it: the literal text of the
 * messages found, with what their `reason…` arguments recognise in turn.
 */
function covered(text, depth, work) {
  if (depth === 0) return 0;
  const key = `${depth}\u0000${text}`;
  if (work.covered.has(key)) return work.covered.get(key);
  const parts = text.split('; ');
  const each = parts.length > 1 ? parts.map((p) => covered(p, depth, work)) : [];
  const sum = each.reduce((a, b) => a + b, 0);
  let n;
  if (each.length > 0 && each.every((c) => c > 0)) n = sum;
  else {
    const one = best(text, depth, work);
    n = one ? one.covers : sum;
  }
  work.covered.set(key, n);
  return n;
}

/** The message that reads `text` recognising the most of it; of equals, the first (the most literal text alone). */
function best(text, depth, work) {
  let found = null;
  for (const shape of known().shapes) {
    const args = fitWithin(shape.parts, text, work);
    if (!args) continue;
    const covers = shape.literal + args.filter(([name]) => name.startsWith('reason')).reduce((n, [, value]) => n + covered(value, depth - 1, work), 0);
    if (!found || covers > found.covers) found = { shape, args, covers };
  }
  return found;
}

function renderReading({ shape, args }, depth, work) {
  return render(shape.id, Object.fromEntries(args.map(([name, value]) => [name, argument(name, value, depth, work)])));
}

function argument(name, value, depth, work) {
  if (name.startsWith('reason')) return word(value, depth - 1, work);
  if (name.startsWith('span')) {
    const d = parseDuration(value);
    // Below a second (`1s 200ms`) the units of a duration are too coarse: kept as written.
    if (d && d.nanos === 0n) return humanDuration(Number(BigInt.asIntN(64, d.secs)));
  }
  if (name.startsWith('status')) {
    // ASCII only, as the core's `to_ascii_lowercase`: no other letter makes a status code.
    const code = value.replace(/[a-z]/g, (c) => c.toUpperCase());
    const worded = statusWord(code);
    if (worded !== code) return worded;
  }
  // A whole number stays a number, so plural forms choose by it; ungrouped, as the core
  // writes one (a port is `8080`, not `8,080`).
  if (/^(0|-?[1-9]\d*)$/.test(value) && Number.isSafeInteger(Number(value))) return new FluentNumber(Number(value), { useGrouping: false });
  return value;
}

/** The message in the language in force; in English where this language lacks it, as the core reads it. */
function render(id, args) {
  if (has(id)) return t(id, args);
  const { english } = known();
  const message = english.getMessage(id);
  return message && message.value !== null ? english.formatPattern(message.value, args, []) : id;
}

let cache = { sources: null, shapes: [], english: null };

/** Every way the English messages read, `[{id, parts}]`, in the order they are tried. */
export function shapes() {
  return known().shapes;
}

/** The shapes and the English bundle of the sources in force, built again when they change. */
function known() {
  const sources = saidSources();
  if (cache.sources === sources) return cache;
  const english = new FluentBundle('en', { useIsolating: false });
  const out = [];
  for (const source of sources) {
    const resource = new FluentResource(source);
    english.addResource(resource);
    for (const entry of resource.body) {
      // Terms (`-name`) are not messages anyone writes down.
      if (entry.id.startsWith('-') || entry.value === null) continue;
      for (const parts of spell(entry.value)) out.push({ id: entry.id, parts: merge(parts) });
    }
  }
  // Most literal text first, so the first that fits is the most specific; a stable sort keeps
  // the catalogue's order between equals, as the core's does.
  const literal = (parts) => parts.reduce((n, p) => n + ('text' in p ? [...p.text].length : 0), 0);
  for (const shape of out) shape.literal = literal(shape.parts);
  out.sort((a, b) => b.literal - a.literal);
  cache = { sources, shapes: out, english };
  return cache;
}

/** Each variant of a pattern as a list of parts: `{text}` or `{var}`. */
export function spell(pattern) {
  if (typeof pattern === 'string') return [[{ text: pattern }]];
  let ways = [[]];
  for (const element of pattern) {
    const options = typeof element === 'string' ? [[{ text: element }]] : spellExpression(element);
    ways = ways.flatMap((w) => options.map((o) => [...w, ...o]));
  }
  return ways;
}

function spellExpression(e) {
  switch (e.type) {
    case 'select':
      return e.variants.flatMap((v) => spell(v.value));
    case 'var':
      return [[{ var: e.name }]];
    case 'str':
      return [[{ text: e.value }]];
    case 'num':
      return [[{ text: e.value.toFixed(e.precision) }]];
    case 'func': {
      // `NUMBER($n)` reads as its argument.
      const first = e.args.find((a) => a.type !== 'narg');
      return [first ? spellExpression(first)[0] : []];
    }
    default:
      // Written-down messages refer to no other message (the core's tests hold them to it).
      return [[]];
  }
}

/** Adjacent texts as one, empty ones left out. */
function merge(parts) {
  const out = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if ('text' in p && last && 'text' in last) last.text += p.text;
    else if ('text' in p && p.text === '') continue;
    else out.push({ ...p });
  }
  return out;
}

/**
 * The arguments `[[name, value]]` that make `parts` read `text`, or null. Each argument is at
 * least one character, and a variable ends at the first place the rest fits (where the text
 * after it occurs, not overlapping an earlier occurrence, as Rust's `match_indices`).
 */
export function fit(parts, text) {
  return fitWithin(parts, text, { steps: Infinity });
}

/**
 * `fit`, trying at most `work.steps` places for its variables in all (taken from it): a text
 * built to make every variable try every place would otherwise take time to the power of the
 * number of variables.
 */
function fitWithin(parts, text, work) {
  const out = [];
  const go = (i, s) => {
    if (i === parts.length) return s === '';
    const part = parts[i];
    if ('text' in part) return s.startsWith(part.text) && go(i + 1, s.slice(part.text.length));
    const next = parts[i + 1];
    if (next === undefined) {
      if (s === '') return false;
      out.push([part.var, s]);
      return true;
    }
    // Two variables side by side cannot be told apart: the core's tests refuse them.
    if (!('text' in next) || next.text === '') return false;
    for (let at = s.indexOf(next.text); at >= 0; at = s.indexOf(next.text, at + next.text.length)) {
      if (work.steps <= 0) return false;
      work.steps -= 1;
      if (at === 0) continue;
      out.push([part.var, s.slice(0, at)]);
      if (go(i + 1, s.slice(at))) return true;
      out.pop();
    }
    return false;
  };
  return go(0, text) ? out : null;
}

const U64 = 2n ** 64n - 1n;
const NANOS = 1_000_000_000n;
/** humantime's units: seconds or nanoseconds in one. */
const UNITS = new Map([
  ...['nanos', 'nsec', 'ns'].map((u) => [u, { ns: 1n }]),
  ...['usec', 'us', 'µs'].map((u) => [u, { ns: 1000n }]),
  ...['millis', 'msec', 'ms'].map((u) => [u, { ns: 1_000_000n }]),
  ...['seconds', 'second', 'secs', 'sec', 's'].map((u) => [u, { s: 1n }]),
  ...['minutes', 'minute', 'min', 'mins', 'm'].map((u) => [u, { s: 60n }]),
  ...['hours', 'hour', 'hr', 'hrs', 'h'].map((u) => [u, { s: 3600n }]),
  ...['days', 'day', 'd'].map((u) => [u, { s: 86400n }]),
  ...['weeks', 'week', 'wk', 'wks', 'w'].map((u) => [u, { s: 604800n }]),
  ...['months', 'month', 'M'].map((u) => [u, { s: 2_630_016n }]),
  ...['years', 'year', 'yr', 'yrs', 'y'].map((u) => [u, { s: 31_557_600n }]),
]);

class Invalid extends Error {}

const checked = (n) => {
  if (n > U64) throw new Invalid();
  return n;
};
const exactly = (n, d) => {
  if (n % d !== 0n) throw new Invalid();
  return n / d;
};

/**
 * A length as the core writes it (humantime: `1m 3s`, `2h 5m`, `3days 4h`, `500ms`, `1.5h`) as
 * `{secs, nanos}` (BigInts), or null where humantime would refuse it. A port of humantime
 * 2.4's `parse_duration`, so the page reads exactly the lengths the core reads.
 */
export function parseDuration(src) {
  if (src === '0') return { secs: 0n, nanos: 0n };
  const cs = [...String(src)];
  let i = 0;
  const next = () => (i < cs.length ? cs[i++] : undefined);
  const digit = (c) => c >= '0' && c <= '9';
  const space = (c) => /^\p{White_Space}$/u.test(c);
  const letter = (c) => /^[a-zA-Z]$/.test(c) || c === 'µ';
  const firstDigit = () => {
    for (let c = next(); c !== undefined; c = next()) {
      if (digit(c)) return BigInt(c);
      if (!space(c)) throw new Invalid();
    }
    return null;
  };
  let secs = 0n;
  let nanos = 0n;
  const add = (s, ns) => {
    ns = checked(nanos + ns);
    if (ns > NANOS) {
      s = checked(s + ns / NANOS);
      ns %= NANOS;
    }
    secs = checked(secs + s);
    // `Duration::new` carries a whole second of nanoseconds.
    secs = checked(secs + ns / NANOS);
    nanos = ns % NANOS;
  };
  const unit = (n, frac, name) => {
    const u = UNITS.get(name);
    if (!u) throw new Invalid();
    if (u.ns) add(0n, checked(n * u.ns));
    else add(checked(n * u.s), 0n);
    if (!frac) return;
    const { num, den } = frac;
    if (u.ns === 1n) throw new Invalid();
    if (u.ns) add(0n, exactly(checked(num * u.ns), den));
    else if (u.s === 1n || u.s === 60n) add(0n, exactly(checked(num * u.s * NANOS), den));
    else add(exactly(checked(num * u.s), den), 0n);
  };
  try {
    let n = firstDigit();
    if (n === null) return null;
    for (;;) {
      let frac = null;
      let off = i;
      for (let c = next(); c !== undefined; c = next()) {
        if (digit(c)) n = checked(n * 10n + BigInt(c));
        else if (space(c)) {
          // spaces between a number and its unit
        } else if (letter(c)) break;
        else if (c === '.') {
          let num = 0n;
          let den = 1n;
          let zeros = true;
          for (let f = next(); f !== undefined; f = next()) {
            if (f === '0') {
              den = checked(den * 10n);
              if (!zeros) num = checked(num * 10n);
            } else if (digit(f)) {
              zeros = false;
              den = checked(den * 10n);
              num = checked(num * 10n + BigInt(f));
            } else if (space(f)) {
              // as humantime
            } else if (letter(f)) break;
            else throw new Invalid();
            off = i;
          }
          if (den === 1n) throw new Invalid();
          frac = { num, den };
          break;
        } else throw new Invalid();
        off = i;
      }
      const start = off;
      off = i;
      let again = false;
      for (let c = next(); c !== undefined; c = next()) {
        if (digit(c)) {
          unit(n, frac, cs.slice(start, off).join(''));
          n = BigInt(c);
          again = true;
          break;
        }
        if (space(c)) break;
        if (!letter(c)) throw new Invalid();
        off = i;
      }
      if (again) continue;
      unit(n, frac, cs.slice(start, off).join(''));
      n = firstDigit();
      if (n === null) return { secs, nanos };
    }
  } catch (e) {
    if (e instanceof Invalid) return null;
    throw e;
  }
}
