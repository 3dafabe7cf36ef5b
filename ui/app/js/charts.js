// Chart geometry, pure: the latency sparkline's path and the 30 daily uptime bars.
// The view turns these into SVG elements; nothing here touches the DOM.

import { t, tSame } from './i18n.js';
import { day as dayWords } from './format.js';

/**
 * A sparkline for `points` (`[{at, latency_ms, status}]`, oldest first) in a `width` x `height`
 * box: `{d, downs: [{x, y}], max}`; `d` is empty with fewer than one point.
 */
export function sparkline(points, width, height, pad = 2) {
  if (!points || points.length === 0) return { d: '', downs: [], max: 0 };
  const max = Math.max(1, ...points.map((p) => p.latency_ms));
  const n = points.length;
  const x = (i) => (n === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (n - 1));
  const y = (v) => height - pad - (v / max) * (height - 2 * pad);
  const r = (v) => Math.round(v * 10) / 10;
  let d = '';
  const downs = [];
  points.forEach((p, i) => {
    d += `${i === 0 ? 'M' : 'L'}${r(x(i))},${r(y(p.latency_ms))}`;
    if (p.status === 'DOWN') downs.push({ x: r(x(i)), y: r(y(p.latency_ms)) });
  });
  if (n === 1) d += `L${r(x(0) + 0.1)},${r(y(points[0].latency_ms))}`;
  return { d, downs, max };
}

function utcDay(ms) {
  const d = new Date(ms);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * Kener-style day bars: exactly `n` entries, oldest first, ending today (UTC days), each
 * `{date, level, ratio, label}`. `level` is `none` (no checks), `up`, `degraded` (slow checks,
 * or under 1 % failed) or `down`.
 */
export function dayBars(days, now = Date.now(), n = 30) {
  const byDay = new Map();
  for (const b of days || []) byDay.set(utcDay(Date.parse(b.start)), b);
  const today = utcDay(now);
  const out = [];
  for (let i = n - 1; i >= 0; i--) {
    const day = today - i * 86400000;
    const date = new Date(day).toISOString().slice(0, 10);
    const b = byDay.get(day);
    const total = b ? b.up + b.degraded + b.down : 0;
    if (!total) {
      out.push({ date, level: 'none', ratio: null, label: tSame('ui-day-no-data', { date: dayWords(date) }) });
      continue;
    }
    const ratio = (b.up + b.degraded) / total;
    const level = b.down === 0 ? (b.degraded === 0 ? 'up' : 'degraded') : ratio >= 0.99 ? 'degraded' : 'down';
    const pct = Math.floor(ratio * 10000) / 100;
    const words = dayWords(date);
    const label = b.down ? t('ui-day-up-failed', { date: words, pct: String(pct), failed: b.down }) : t('ui-day-up', { date: words, pct: String(pct) });
    out.push({ date, level, ratio, label });
  }
  return out;
}
