// One incident: what happened, when, for how long, and its timeline.

import { h } from '../dom.js';
import * as fmt from '../format.js';
import { t } from '../i18n.js';
import { said } from '../said.js';
import { drillBadge, drillTitle, incidentStateBadge } from './widgets.js';

/** An incident event's kind (`first_failure`) in words; a kind this page does not know, as written. */
const EVENT_KIND = {
  first_failure: 'ui-event-first-failure',
  triggered: 'ui-event-triggered',
  reminder: 'ui-event-reminder',
  acknowledged: 'ui-event-acknowledged',
  note: 'ui-event-note',
  resolved: 'ui-event-resolved',
  recovery_action: 'ui-event-recovery-action',
  notification: 'ui-event-notification',
  flapping: 'ui-event-flapping',
};

export function eventKind(kind) {
  return EVENT_KIND[kind] ? t(EVENT_KIND[kind]) : String(kind).replace('_', ' ');
}

/** A severity (`critical`, `warning`) in words. */
export function severityWord(severity) {
  if (severity === 'critical') return t('ui-severity-critical');
  if (severity === 'warning') return t('ui-severity-warning');
  return severity;
}

/** An incident's timeline: each event's time, kind and the core's message in the reader's words. */
export function timeline(inc) {
  return h(
    'ol',
    { class: 'timeline' },
    ...(inc.events || []).map((e) =>
      h(
        'li',
        { class: `tl tl-${e.kind}` },
        h('time', { datetime: e.at, text: fmt.clock(e.at) }),
        h('span', { class: 'tl-kind', text: eventKind(e.kind) }),
        h('span', { class: 'tl-msg', text: said(e.message) }),
      ),
    ),
  );
}

/** `actions.exportReport(inc)` saves the incident as Markdown (the button is left out without it). */
export function createIncidentView(inc, now = Date.now(), actions = {}) {
  const open = inc.state === 'open';
  const secs = fmt.secondsBetween(inc.started_at, inc.resolved_at, now);
  const facts = [
    [t('ui-incident-monitor'), h('a', { href: `#/monitors/${inc.monitor_id}`, text: inc.monitor })],
    [t('ui-incident-severity'), severityWord(inc.severity)],
    [t('ui-incident-started'), fmt.clock(inc.started_at)],
    [t('ui-incident-detected'), fmt.clock(inc.detected_at)],
    [t('ui-incident-resolved-at'), inc.resolved_at ? fmt.clock(inc.resolved_at) : t('ui-incident-not-yet')],
    [open ? t('ui-incident-down-for') : t('ui-incident-duration'), fmt.humanDuration(secs)],
  ];
  return h(
    'article',
    { class: `panel incident-view ${open ? 'open' : 'resolved'}${inc.simulated ? ' drill' : ''}`, 'data-id': inc.id, 'data-state': inc.state },
    h(
      'p',
      { class: 'incident-actions' },
      h('a', { href: '#/', text: t('ui-back-to-dashboard') }),
      actions.exportReport
        ? h('button', { type: 'button', class: 'secondary small', 'data-action': 'export-report', text: t('ui-incident-export-report'), on: { click: () => actions.exportReport(inc) } })
        : null,
    ),
    h(
      'h2',
      {},
      incidentStateBadge(inc.state),
      ' ',
      inc.simulated ? [drillBadge(inc), ' '] : null,
      h('span', { class: 'incident-title', text: fmt.incidentTitle(inc) }),
    ),
    inc.simulated ? h('p', { class: 'muted drill-note', text: drillTitle() }) : null,
    h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)])),
    h('h3', { text: t('ui-incident-timeline') }),
    timeline(inc),
  );
}
