// Pure formatting: durations, latencies, times and percentages as the dashboard prints them.

/** `45s`, `3m 12s`, `2h 5m`, `3d 4h`: two units at most (the same words as the notifications). */
export function humanDuration(secs) {
  const s = Math.max(0, Math.floor(secs));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return sec > 0 ? `${m}m ${sec}s` : `${m}m`;
  return `${sec}s`;
}

export function latency(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms >= 10000) return `${(ms / 1000).toFixed(0)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}

/** Uptime ratio (0..1) as a percentage that never rounds a failure up to 100 %. */
export function uptime(ratio) {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  const pct = ratio * 100;
  if (pct >= 100) return '100%';
  const fixed = pct >= 99 ? Math.floor(pct * 100 + 1e-6) / 100 : Math.floor(pct * 10 + 1e-6) / 10;
  return `${fixed.toFixed(pct >= 99 ? 2 : 1)}%`;
}

/** `12s ago`, `5m ago`, or `—`. */
export function ago(iso, now = Date.now()) {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  return `${humanDuration((now - t) / 1000)} ago`;
}

/** Local wall-clock time: `14:02:11`, with the date when it is not today. */
export function clock(iso, now = new Date()) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const pad = (n) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time.slice(0, 5)}`;
}

/** The core's "until resumed" snooze ends on the last second of year 9999 (`SNOOZE_FOREVER`). */
export function isForever(iso) {
  const d = new Date(iso);
  return !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 9999;
}

/** When a snooze ends, in words: `until resumed` or `until 14:02:11`. */
export function snoozeEnd(iso, now = new Date()) {
  return isForever(iso) ? 'until resumed' : `until ${clock(iso, now)}`;
}

/** Seconds between two ISO times (or to `now` when `end` is missing). */
export function secondsBetween(startIso, endIso, now = Date.now()) {
  const start = Date.parse(startIso);
  const end = endIso ? Date.parse(endIso) : now;
  return Math.max(0, Math.round((end - start) / 1000));
}

export const STATUS_SYMBOL = { UP: '✓', DEGRADED: '!', DOWN: '✕', MAINTENANCE: '◔', PAUSED: '‖', UNKNOWN: '?', OFFLINE: '⌁' };
export const STATUS_WORD = { UP: 'UP', DEGRADED: 'DEGRADED', DOWN: 'DOWN', MAINTENANCE: 'MAINTENANCE', PAUSED: 'PAUSED', UNKNOWN: 'PENDING', OFFLINE: 'OFFLINE' };

/**
 * What "Send test notification" did, one line per check (`[{name, ok, error}]`, the desktop
 * notification first, then each webhook channel): `{summary, lines: [{ok, text}]}`.
 */
export function selfTestLines(checks) {
  const list = Array.isArray(checks) ? checks : [];
  const ok = list.filter((c) => c.ok).length;
  const summary = !list.length ? 'Nothing was tried.' : ok === list.length ? `All ${list.length} worked.` : `${ok} of ${list.length} worked.`;
  const lines = list.map((c) => ({ ok: Boolean(c.ok), text: c.ok ? `✓ ${c.name}` : `✕ ${c.name}: ${c.error || 'failed'}` }));
  if (list.length === 1 && list[0].ok) lines.push({ ok: true, text: 'No webhook channels are configured.' });
  return { summary, lines };
}
