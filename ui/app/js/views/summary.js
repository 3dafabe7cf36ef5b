// The summary page: over the last 1, 7 or 30 days, uptime, incidents, downtime and MTTR per
// monitor, MTTR and MTTD overall, and the period's incidents. The core computes it all.

import { h } from '../dom.js';
import * as fmt from '../format.js';
import { PERIODS, pct, mean, uptimeLevel } from '../summary.js';
import { t } from '../i18n.js';
import { incidentStateBadge } from './widgets.js';

/** `s`: what `get_summary` returned; `monitorIds`: name -> id, to link rows; `actions.setDays(n)`. */
export function createSummaryView(s, { monitorIds = new Map(), now = () => Date.now(), actions }) {
  const at = new Date(now());
  const periods = h(
    'div',
    { class: 'periods', role: 'group', 'aria-label': t('ui-summary-period') },
    ...PERIODS.map(([days, id]) =>
      h('button', {
        type: 'button',
        class: days === s.days ? 'small' : 'small secondary',
        'data-days': String(days),
        'aria-pressed': String(days === s.days),
        text: t(id),
        on: { click: () => actions.setDays(days) },
      }),
    ),
  );
  const totals = s.totals;
  const downtime = s.monitors.reduce((sum, m) => sum + m.downtime_s, 0);
  const figure = (label, value, detail, name) =>
    h('div', { class: 'figure', 'data-figure': name }, h('span', { class: 'figure-value', text: value }), h('span', { class: 'figure-label', text: label }), detail ? h('span', { class: 'figure-detail muted', text: detail }) : null);
  const figures = h(
    'div',
    { class: 'figures' },
    figure(t('ui-summary-incidents-started'), String(totals.count), t('ui-summary-resolved', { n: totals.resolved }), 'incidents'),
    figure(t('ui-summary-downtime'), fmt.humanDuration(downtime), t('ui-summary-downtime-detail'), 'downtime'),
    figure(t('ui-summary-mttr'), mean(totals.mttr_s), t('ui-summary-mttr-detail'), 'mttr'),
    figure(t('ui-summary-mttd'), mean(totals.mttd_s), t('ui-summary-mttd-detail'), 'mttd'),
  );

  const name = (n) => {
    const id = monitorIds.get(n);
    return id === undefined ? h('span', { class: 'name', text: n }) : h('a', { class: 'name', href: `#/monitors/${id}`, text: n });
  };
  const monitors = s.monitors.length
    ? h(
        'table',
        { class: 'summary-table', id: 'summary-monitors' },
        h('caption', { class: 'visually-hidden', text: t('ui-summary-monitors-caption') }),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col', text: t('ui-summary-col-monitor') }),
            h('th', { scope: 'col', class: 'num', text: t('ui-summary-col-uptime') }),
            h('th', { scope: 'col', class: 'num', text: t('ui-summary-col-incidents') }),
            h('th', { scope: 'col', class: 'num', text: t('ui-summary-downtime') }),
            h('th', { scope: 'col', class: 'num', text: t('ui-summary-mttr') }),
          ),
        ),
        h(
          'tbody',
          {},
          ...s.monitors.map((m) =>
            h(
              'tr',
              { 'data-name': m.name },
              h('td', { class: 'who' }, name(m.name), h('span', { class: 'target muted', text: m.target })),
              h('td', { class: `num uptime-${uptimeLevel(m.uptime_pct)}`, text: pct(m.uptime_pct) }),
              h('td', { class: 'num', text: String(m.incidents) }),
              h('td', { class: 'num', text: m.downtime_s ? fmt.humanDuration(m.downtime_s) : '—' }),
              h('td', { class: 'num', text: mean(m.mttr_s) }),
            ),
          ),
        ),
      )
    : h('p', { class: 'muted', text: t('ui-summary-no-monitors') });

  const incidents = s.incidents.length
    ? h(
        'table',
        { class: 'summary-table', id: 'summary-incidents' },
        h('caption', { class: 'visually-hidden', text: t('ui-summary-incidents-caption') }),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col', text: t('ui-summary-col-incident') }),
            h('th', { scope: 'col', text: t('ui-summary-col-monitor') }),
            h('th', { scope: 'col', text: t('ui-summary-col-started') }),
            h('th', { scope: 'col', class: 'num', text: t('ui-summary-col-lasted') }),
          ),
        ),
        h(
          'tbody',
          {},
          ...s.incidents.map((i) =>
            h(
              'tr',
              { 'data-id': String(i.id), 'data-state': i.state },
              h(
                'td',
                {},
                incidentStateBadge(i.state),
                ' ',
                h('a', { href: `#/incidents/${i.id}`, text: fmt.incidentTitle(i) }),
                i.severity === 'warning' ? [' ', h('span', { class: 'muted', text: t('ui-summary-warning') })] : null,
              ),
              h('td', {}, name(i.monitor)),
              h('td', { class: 'nowrap' }, h('time', { datetime: i.started_at, text: fmt.clock(i.started_at, at) })),
              h('td', { class: 'num', text: i.state === 'open' ? t('ui-summary-lasting', { duration: fmt.humanDuration(i.duration_s) }) : fmt.humanDuration(i.duration_s) }),
            ),
          ),
        ),
      )
    : h('p', { class: 'muted', text: t('ui-summary-no-incidents') });

  return h(
    'div',
    { class: 'summary-page', 'data-days': String(s.days) },
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'summary-heading' },
      h(
        'div',
        { class: 'panel-head' },
        h('h2', { id: 'summary-heading', text: t('ui-summary-heading') }),
        h('span', { class: 'muted period', text: t('ui-summary-since', { time: fmt.clock(s.from, at) }) }),
        periods,
      ),
      figures,
    ),
    h('section', { class: 'panel', 'aria-labelledby': 'summary-monitors-heading' }, h('h2', { id: 'summary-monitors-heading', text: t('ui-summary-monitors') }), h('div', { class: 'table-wrap' }, monitors)),
    h('section', { class: 'panel', 'aria-labelledby': 'summary-incidents-heading' }, h('h2', { id: 'summary-incidents-heading', text: t('ui-summary-incidents', { n: s.incidents.length }) }), h('div', { class: 'table-wrap' }, incidents)),
  );
}
