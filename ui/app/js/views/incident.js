// One incident: what happened, when, for how long, and its timeline.

import { h } from '../dom.js';
import * as fmt from '../format.js';
import { drillBadge, DRILL_TITLE } from './widgets.js';

/** `actions.exportReport(inc)` saves the incident as Markdown (the button is left out without it). */
export function createIncidentView(inc, now = Date.now(), actions = {}) {
  const open = inc.state === 'open';
  const secs = fmt.secondsBetween(inc.started_at, inc.resolved_at, now);
  const facts = [
    ['Monitor', h('a', { href: `#/monitors/${inc.monitor_id}`, text: inc.monitor })],
    ['Severity', inc.severity],
    ['Started', fmt.clock(inc.started_at)],
    ['Detected', fmt.clock(inc.detected_at)],
    ['Resolved', inc.resolved_at ? fmt.clock(inc.resolved_at) : 'not yet'],
    [open ? 'Down for' : 'Duration', fmt.humanDuration(secs)],
  ];
  return h(
    'article',
    { class: `panel incident-view ${open ? 'open' : 'resolved'}${inc.simulated ? ' drill' : ''}`, 'data-id': inc.id, 'data-state': inc.state },
    h(
      'p',
      { class: 'incident-actions' },
      h('a', { href: '#/', text: '← Dashboard' }),
      actions.exportReport
        ? h('button', { type: 'button', class: 'secondary small', 'data-action': 'export-report', text: 'Export report', on: { click: () => actions.exportReport(inc) } })
        : null,
    ),
    h(
      'h2',
      {},
      h('span', { class: `badge ${open ? 'status-down' : 'status-resolved'}`, text: open ? 'OPEN' : 'RESOLVED' }),
      ' ',
      inc.simulated ? [drillBadge(inc), ' '] : null,
      h('span', { class: 'incident-title', text: inc.title }),
    ),
    inc.simulated ? h('p', { class: 'muted drill-note', text: DRILL_TITLE }) : null,
    h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)])),
    h('h3', { text: 'Timeline' }),
    h(
      'ol',
      { class: 'timeline' },
      ...(inc.events || []).map((e) =>
        h(
          'li',
          { class: `tl tl-${e.kind}` },
          h('time', { datetime: e.at, text: fmt.clock(e.at) }),
          h('span', { class: 'tl-kind', text: e.kind.replace('_', ' ') }),
          h('span', { class: 'tl-msg', text: e.message }),
        ),
      ),
    ),
  );
}
