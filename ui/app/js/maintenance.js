// Maintenance windows, pure: the form's values -> `add_maintenance`'s arguments, and how a
// listed window reads (its rule in words, whether it is on now). No DOM and no IPC.

import { clock } from './format.js';
import { normaliseDuration } from './spec.js';
import { t, list } from './i18n.js';

/**
 * The form's values `{monitors: [id], start_mode: 'now'|'at', start_at: 'YYYY-MM-DDTHH:MM'
 * (local time, as a datetime-local input gives it), duration, rrule}` -> `{args, errors}`.
 * `errors` holds only what cannot even be sent (a start time that is not a time); the core
 * checks everything else and names the field.
 */
export function windowFromForm(values) {
  const errors = [];
  let start = 'now';
  if (values.start_mode === 'at') {
    const raw = String(values.start_at ?? '').trim();
    const at = raw === '' ? NaN : new Date(raw).getTime();
    if (Number.isNaN(at)) errors.push({ field: 'start', message: raw === '' ? t('ui-maintenance-start-missing') : t('ui-maintenance-start-invalid', { value: raw }) });
    else start = new Date(at).toISOString();
  }
  const rrule = String(values.rrule ?? '').trim();
  return {
    args: {
      monitors: (values.monitors || []).map(Number),
      start,
      duration: normaliseDuration(values.duration) ?? '',
      rrule: rrule === '' ? null : rrule,
    },
    errors,
  };
}

const DAYS = {
  MO: 'ui-weekday-monday',
  TU: 'ui-weekday-tuesday',
  WE: 'ui-weekday-wednesday',
  TH: 'ui-weekday-thursday',
  FR: 'ui-weekday-friday',
  SA: 'ui-weekday-saturday',
  SU: 'ui-weekday-sunday',
};
/** Each frequency's "Every n <unit>s" (plural by `$n`). */
const FREQ = { DAILY: 'ui-rule-every-day', WEEKLY: 'ui-rule-every-week', MONTHLY: 'ui-rule-every-month', YEARLY: 'ui-rule-every-year', HOURLY: 'ui-rule-every-hour' };

/**
 * An RRULE in words where it is a common one (`Every week on Sunday`, `Every 2 days`);
 * anything richer is shown as written. `null`: `Once`.
 */
export function describeRule(rrule) {
  if (!rrule) return t('ui-rule-once');
  const parts = Object.fromEntries(
    String(rrule)
      .replace(/^RRULE:/i, '')
      .split(';')
      .filter(Boolean)
      .map((p) => p.split('=').map((x) => x.trim().toUpperCase())),
  );
  const unit = FREQ[parts.FREQ];
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY']);
  if (!unit || Object.keys(parts).some((k) => !known.has(k))) return rrule;
  const n = parts.INTERVAL ? Number(parts.INTERVAL) : 1;
  if (!Number.isInteger(n) || n < 1) return rrule;
  const every = t(unit, { n });
  if (!parts.BYDAY) return every;
  const days = parts.BYDAY.split(',').map((d) => DAYS[d]);
  if (days.some((d) => !d) || parts.FREQ !== 'WEEKLY') return rrule;
  return t('ui-rule-on-days', { rule: every, days: list(days.map((d) => t(d))) });
}

/** Where a listed window stands: `{kind: 'active'|'upcoming'|'over', text}`. */
export function windowState(w, now = new Date()) {
  if (w.active) return { kind: 'active', text: w.active_until ? t('ui-window-active-until', { time: clock(w.active_until, now) }) : t('ui-window-active') };
  if (w.next_start) return { kind: 'upcoming', text: t('ui-window-next', { time: clock(w.next_start, now) }) };
  return { kind: 'over', text: t('ui-window-over') };
}

/** Active ones first, then the next to start, then the ones that are over. */
export function sortWindows(list) {
  const rank = { active: 0, upcoming: 1, over: 2 };
  const key = (w) => (w.active ? w.active_until : w.next_start) || w.start;
  return [...list].sort((a, b) => {
    const r = rank[windowState(a).kind] - rank[windowState(b).kind];
    return r !== 0 ? r : Date.parse(key(a)) - Date.parse(key(b)) || a.id - b.id;
  });
}

/** `date` as a datetime-local input's value (`2026-03-14T12:30`): local time, to the minute. */
export function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
