// Pure formatting: durations, latencies, times and percentages as the dashboard prints them,
// in the words of the language in force (the catalogue's `ui-duration-*`, `ui-date-*`...).

import { t, tSame } from './i18n.js';

const UNIT = {
  d: (n) => t('ui-duration-days', { n }),
  h: (n) => t('ui-duration-hours', { n }),
  m: (n) => t('ui-duration-minutes', { n }),
  s: (n) => t('ui-duration-seconds', { n }),
};

/**
 * `45s`, `3m 12s`, `2h 5m`, `3d 4h` (`45秒`, `3分钟12秒`...): two units at most, the larger
 * one first (the same rule as the notifications).
 */
export function humanDuration(secs) {
  const s = Math.max(0, Math.floor(secs));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pair = (big, small, a, b) => (b > 0 ? t('ui-duration-pair', { big: UNIT[big](a), small: UNIT[small](b) }) : UNIT[big](a));
  if (d > 0) return pair('d', 'h', d, h);
  if (h > 0) return pair('h', 'm', h, m);
  if (m > 0) return pair('m', 's', m, sec);
  return UNIT.s(sec);
}

export function latency(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms >= 10000) return t('ui-latency-seconds', { s: (ms / 1000).toFixed(0) });
  if (ms >= 1000) return t('ui-latency-seconds', { s: (ms / 1000).toFixed(1) });
  return t('ui-latency-ms', { ms: String(Math.round(ms)) });
}

/** `99.95%`: `value` is the figure already rounded as it must read (a string). */
export function percent(value) {
  return t('ui-percent', { value });
}

/** Uptime ratio (0..1) as a percentage that never rounds a failure up to 100 %. */
export function uptime(ratio) {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  const pct = ratio * 100;
  if (pct >= 100) return percent('100');
  const fixed = pct >= 99 ? Math.floor(pct * 100 + 1e-6) / 100 : Math.floor(pct * 10 + 1e-6) / 10;
  return percent(fixed.toFixed(pct >= 99 ? 2 : 1));
}

/** `12s ago`, `5m ago`, or `—`. */
export function ago(iso, now = Date.now()) {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '—';
  return t('ui-ago', { duration: humanDuration((now - at) / 1000) });
}

/**
 * A calendar day, `2026-12-07` as the core writes one, as the language writes it:
 * `2026-12-07` / `2026年12月7日` (`ui-date`). Anything else is shown as it is.
 */
export function day(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(ymd ?? ''));
  // The year as text: a number would be grouped (`2,026`).
  return m ? tSame('ui-date', { year: m[1], month: Number(m[2]), day: Number(m[3]) }) : String(ymd ?? '');
}

/**
 * Local wall-clock time: `14:02:11`, or with the date when it is not today, to the minute:
 * `2026-12-07 14:02` / `2026年12月7日 14:02` (`ui-date-time`).
 */
export function clock(iso, now = new Date()) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const pad = (n) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const sameDay = d.toDateString() === now.toDateString();
  if (sameDay) return time;
  return t('ui-date-time', { date: day(`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`), time: time.slice(0, 5) });
}

/** The core's "until resumed" snooze ends on the last second of year 9999 (`SNOOZE_FOREVER`). */
export function isForever(iso) {
  const d = new Date(iso);
  return !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 9999;
}

/** When a snooze ends, in words: `until resumed` or `until 14:02:11`. */
export function snoozeEnd(iso, now = new Date()) {
  return isForever(iso) ? t('ui-until-resumed') : t('ui-until', { time: clock(iso, now) });
}

/** Seconds between two ISO times (or to `now` when `end` is missing). */
export function secondsBetween(startIso, endIso, now = Date.now()) {
  const start = Date.parse(startIso);
  const end = endIso ? Date.parse(endIso) : now;
  return Math.max(0, Math.round((end - start) / 1000));
}

export const STATUS_SYMBOL = { UP: '✓', DEGRADED: '!', DOWN: '✕', MAINTENANCE: '◔', PAUSED: '‖', UNKNOWN: '?', OFFLINE: '⌁' };
const STATUS_WORD = {
  UP: 'ui-status-up',
  DEGRADED: 'ui-status-degraded',
  DOWN: 'ui-status-down',
  MAINTENANCE: 'ui-status-maintenance',
  PAUSED: 'ui-status-paused',
  UNKNOWN: 'ui-status-unknown',
  OFFLINE: 'ui-status-offline',
  // An alert sent to a channel, as a timeline entry names it.
  TRIGGERED: 'ui-status-triggered',
  RESOLVED: 'ui-status-resolved',
};

/** A status code (`DOWN`) as people read it (`DOWN`, `故障`); an unknown code as it is. */
export function statusWord(status) {
  return STATUS_WORD[status] ? t(STATUS_WORD[status]) : status;
}

/** An incident's title in the language in force: the stored one (`api is DOWN`) is English. */
export function incidentTitle(inc) {
  if (!inc.monitor || (inc.rule !== 'down' && inc.rule !== 'degraded')) return inc.title;
  return t('ui-incident-title', { monitor: inc.monitor, state: statusWord(inc.rule.toUpperCase()) });
}

/**
 * What "Send test notification" did, one line per check (`[{name, ok, error}]`, the desktop
 * notification first, then each webhook channel): `{summary, lines: [{ok, text}]}`.
 */
export function selfTestLines(checks) {
  const list = Array.isArray(checks) ? checks : [];
  const ok = list.filter((c) => c.ok).length;
  const total = list.length;
  const summary = !total ? t('ui-selftest-nothing') : ok === total ? t('ui-selftest-all', { total }) : t('ui-selftest-some', { ok, total });
  const lines = list.map((c) => ({
    ok: Boolean(c.ok),
    text: c.ok ? t('ui-selftest-ok', { name: c.name }) : t('ui-selftest-failed', { name: c.name, error: c.error || t('ui-selftest-failed-reason') }),
  }));
  if (list.length === 1 && list[0].ok) lines.push({ ok: true, text: t('ui-selftest-no-webhooks') });
  return { summary, lines };
}
