// The period summary, pure: the figures as `lookout summary` prints them (report/summary.rs),
// so the dashboard and the CLI read the same.

import { humanDuration, percent } from './format.js';
import { t } from './i18n.js';

/** The periods offered: days, and the message naming them. */
export const PERIODS = [
  [1, 'ui-period-24h'],
  [7, 'ui-period-7d'],
  [30, 'ui-period-30d'],
];
export const DEFAULT_DAYS = 7;

/** `99.95%`: floored to two decimals so a failure never rounds up; `no data` without checks. */
export function pct(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return t('ui-summary-no-data');
  if (v >= 100) return percent('100');
  return percent((Math.floor(v * 100 + 1e-9) / 100).toFixed(2));
}

/** A mean time in seconds (MTTR, MTTD), or `n/a` when there was nothing to average. */
export function mean(v) {
  return v === null || v === undefined ? t('ui-summary-not-applicable') : humanDuration(Math.round(v));
}

/** How a monitor's uptime reads at a glance: `ok` (100%), `dip` (99% or more), `bad`, `none`. */
export function uptimeLevel(v) {
  if (v === null || v === undefined) return 'none';
  if (v >= 100) return 'ok';
  return v >= 99 ? 'dip' : 'bad';
}
