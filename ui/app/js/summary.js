// The period summary, pure: the figures as `lookout summary` prints them (report/summary.rs),
// so the dashboard and the CLI read the same.

import { humanDuration } from './format.js';

/** The periods offered, in days. */
export const PERIODS = [
  [1, '24 hours'],
  [7, '7 days'],
  [30, '30 days'],
];
export const DEFAULT_DAYS = 7;

/** `99.95%`: floored to two decimals so a failure never rounds up; `no data` without checks. */
export function pct(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return 'no data';
  if (v >= 100) return '100%';
  return `${(Math.floor(v * 100 + 1e-9) / 100).toFixed(2)}%`;
}

/** A mean time in seconds (MTTR, MTTD), or `n/a` when there was nothing to average. */
export function mean(v) {
  return v === null || v === undefined ? 'n/a' : humanDuration(Math.round(v));
}

/** How a monitor's uptime reads at a glance: `ok` (100%), `dip` (99% or more), `bad`, `none`. */
export function uptimeLevel(v) {
  if (v === null || v === undefined) return 'none';
  if (v >= 100) return 'ok';
  return v >= 99 ? 'dip' : 'bad';
}
