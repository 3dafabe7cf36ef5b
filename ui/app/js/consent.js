// Recovery actions a person must agree to before they are saved (issue 10, item 1).
//
// A recovery action runs a program as the user, or posts the monitor's name and target to a URL,
// whenever the target fails. The form asks before saving any action that is not already saved
// as it is (a new one, or one whose program, arguments or URL changed): what a person reads is
// exactly what will run. The words and quoting are the core's (`import::consent::describe`), the
// ones `lookout import --dry-run` prints, so a file and the form say the same thing.
//
// Pure: no DOM, tested in ui/test/consent.test.js.

/**
 * Characters a screen would not show as themselves: controls (newline, carriage return,
 * escape, DEL, C1), bidirectional overrides and isolates, zero-width characters, the BOM.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;
const PLAIN = /^[\p{L}\p{N}\-_./=:,+@%^]+$/u;

function escapeChar(c) {
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\\':
      return '\\\\';
    case "'":
      return "\\'";
    default: {
      if (!INVISIBLE.test(c)) return c;
      const code = c.codePointAt(0);
      return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    }
  }
}

/** One argument as a POSIX shell would need it written: bare, `'…'`, or `$'…'` with escapes. */
export function quoteArg(arg) {
  if (arg !== '' && PLAIN.test(arg) && !INVISIBLE.test(arg)) return arg;
  if (INVISIBLE.test(arg)) return `$'${[...arg].map(escapeChar).join('')}'`;
  return `'${arg.replaceAll("'", "'\\''")}'`;
}

function visible(text) {
  return [...text].map((c) => (INVISIBLE.test(c) ? escapeChar(c) : c)).join('');
}

/** What one recovery action (`{run: [...]}` or `{webhook: URL}`) does, in words. */
export function describeAction(action) {
  if (Array.isArray(action.run)) return `runs ${action.run.map(quoteArg).join(' ')}`;
  return `posts the monitor's name and target to ${visible(String(action.webhook ?? ''))}`;
}

/** What an action does, for comparison: its program and arguments, or its URL. */
function what(action) {
  return JSON.stringify(Array.isArray(action.run) ? { run: action.run } : { webhook: action.webhook ?? null });
}

/**
 * The actions of `next` (a spec's `recovery`) that need the person's agreement: each one whose
 * program, arguments or URL is not among `saved` (the stored monitor's `recovery`; nothing for
 * a new monitor). `[{field: 'recovery[0]', kind: 'run'|'webhook', described}]`, in order.
 */
export function actionsNeedingConsent(next, saved) {
  const known = new Set((saved || []).map(what));
  return (next || [])
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => !known.has(what(a)))
    .map(({ a, i }) => ({ field: `recovery[${i}]`, kind: Array.isArray(a.run) ? 'run' : 'webhook', described: describeAction(a) }));
}
