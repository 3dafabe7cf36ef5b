// Small shared pieces: status badges, the sparkline and the day bars as SVG.

import { h, s } from '../dom.js';
import { STATUS_SYMBOL, statusWord } from '../format.js';
import { sparkline, dayBars } from '../charts.js';
import { t } from '../i18n.js';

/** A status shown three ways at once: shape symbol, colour, and word. */
export function badge(status) {
  return h(
    'span',
    { class: `badge status-${status.toLowerCase()}`, 'data-status': status },
    h('span', { class: 'badge-symbol', 'aria-hidden': 'true', text: STATUS_SYMBOL[status] ?? '?' }),
    h('span', { class: 'badge-word', text: statusWord(status) }),
  );
}

/** The status each colour of the overall health is drawn like (its shape and colour). */
const TONE_LOOK = { up: 'UP', degraded: 'DEGRADED', down: 'DOWN', unknown: 'UNKNOWN', offline: 'OFFLINE' };

/**
 * The overall health's badge: the core's colour (`tone`) picks the shape and colour, as it
 * picks the tray's picture, and the word is the status. A DOWN with only a warning alert is
 * amber here as in the tray.
 */
export function toneBadge(status, tone) {
  const look = TONE_LOOK[tone] ?? 'UNKNOWN';
  return h(
    'span',
    { class: `badge status-${look.toLowerCase()}`, 'data-status': status, 'data-tone': tone },
    h('span', { class: 'badge-symbol', 'aria-hidden': 'true', text: STATUS_SYMBOL[look] ?? '?' }),
    h('span', { class: 'badge-word', text: statusWord(status) }),
  );
}

/** What a drill's badge says when pointed at. */
export function drillTitle() {
  return t('ui-drill-title');
}

/** An incident's state badge: `OPEN` (drawn as DOWN) or `RESOLVED`. */
export function incidentStateBadge(state) {
  const open = state === 'open';
  return h('span', { class: `badge ${open ? 'status-down' : 'status-resolved'}`, text: open ? t('ui-incident-open') : t('ui-incident-resolved') });
}

/** The mark of an incident opened by "Simulate outage" (`simulated: true`); null for a real one. */
export function drillBadge(inc) {
  if (!inc.simulated) return null;
  return h('span', { class: 'badge drill', 'data-drill': 'true', title: drillTitle(), text: t('ui-drill-badge') });
}

export const SPARK_W = 100;
export const SPARK_H = 28;

export function sparklineSvg(points) {
  const { d, downs, max } = sparkline(points, SPARK_W, SPARK_H);
  const label = points && points.length ? t('ui-spark-label', { max: String(max) }) : t('ui-spark-empty');
  return s(
    'svg',
    { class: 'spark', width: SPARK_W, height: SPARK_H, viewBox: `0 0 ${SPARK_W} ${SPARK_H}`, role: 'img', 'aria-label': label },
    s('title', { text: label }),
    d ? s('path', { d, class: 'spark-line' }) : null,
    ...downs.map((p) => s('circle', { cx: p.x, cy: p.y, r: 2, class: 'spark-down' })),
  );
}

export const BAR_W = 3;
export const BAR_GAP = 1;
export const BAR_H = 22;

export function dayBarsSvg(days, now = Date.now()) {
  const bars = dayBars(days, now);
  const width = bars.length * (BAR_W + BAR_GAP) - BAR_GAP;
  return s(
    'svg',
    { class: 'days', width, height: BAR_H, viewBox: `0 0 ${width} ${BAR_H}`, role: 'img', 'aria-label': t('ui-days-label') },
    ...bars.map((b, i) =>
      s('rect', { x: i * (BAR_W + BAR_GAP), y: 0, width: BAR_W, height: BAR_H, rx: 1, class: `day day-${b.level}` }, s('title', { text: b.label })),
    ),
  );
}
