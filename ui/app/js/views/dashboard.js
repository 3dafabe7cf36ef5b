// The dashboard: the paged monitor list and the incidents, updated in place as events arrive.

import { h, clear } from '../dom.js';
import * as fmt from '../format.js';
import { visiblePage, counts } from '../state.js';
import { t } from '../i18n.js';
import { said } from '../said.js';
import { badge, drillBadge, incidentStateBadge, sparklineSvg, dayBarsSvg } from './widgets.js';
import { timeline as timelineOf } from './incident.js';

/**
 * Builds the dashboard for `state`. `actions`: {setFilter, setPage, setPaused(id, paused),
 * setAllPaused(paused), openMonitor(id), openIncident(id), addMonitor(), needHistory(ids)}.
 */
export function createDashboard(state, actions) {
  const rows = new Map(); // id -> cells of the rendered row
  const filter = h('input', {
    type: 'search',
    id: 'monitor-filter',
    name: 'filter',
    placeholder: t('ui-dashboard-filter-placeholder'),
    value: state.filter,
    on: { input: (e) => actions.setFilter(e.target.value) },
  });
  const pageInfo = h('span', { class: 'page-info', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', text: t('ui-dashboard-previous'), on: { click: () => actions.setPage(state.page - 1) } });
  const next = h('button', { type: 'button', text: t('ui-dashboard-next'), on: { click: () => actions.setPage(state.page + 1) } });
  const pauseAll = h('button', { type: 'button', class: 'secondary', text: t('ui-dashboard-pause-all'), on: { click: () => actions.setAllPaused(true) } });
  const resumeAll = h('button', { type: 'button', class: 'secondary', text: t('ui-dashboard-resume-all'), on: { click: () => actions.setAllPaused(false) } });
  const tbody = h('tbody', { id: 'monitor-rows' });
  const empty = h(
    'div',
    { class: 'empty', hidden: true },
    h('p', { text: t('ui-dashboard-empty') }),
    h('button', { type: 'button', text: t('ui-add-monitor'), 'data-action': 'add-monitor-empty', on: { click: () => actions.addMonitor() } }),
    ' ',
    h('button', { type: 'button', class: 'secondary', text: t('ui-dashboard-import'), 'data-action': 'import-empty', on: { click: () => actions.importMonitors() } }),
  );
  const table = h(
    'table',
    { class: 'monitors', id: 'monitors' },
    h('caption', { class: 'visually-hidden', text: t('ui-dashboard-caption') }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', text: t('ui-dashboard-col-status') }),
        h('th', { scope: 'col', text: t('ui-dashboard-col-monitor') }),
        h('th', { scope: 'col', class: 'num', text: t('ui-dashboard-col-latency') }),
        h('th', { scope: 'col', class: 'hide-narrow', text: t('ui-dashboard-col-latency-6h') }),
        h('th', { scope: 'col', text: t('ui-dashboard-col-days') }),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('ui-actions') })),
      ),
    ),
    tbody,
  );
  const incidentList = h('ol', { class: 'incidents', id: 'incident-list' });
  const noIncidents = h('p', { class: 'muted', text: t('ui-dashboard-no-incidents') });

  const el = h(
    'div',
    { class: 'dashboard' },
    h(
      'section',
      { class: 'panel monitors-panel', 'aria-labelledby': 'monitors-heading' },
      h(
        'div',
        { class: 'panel-head' },
        h('h2', { id: 'monitors-heading', text: t('ui-dashboard-monitors') }),
        h('label', { class: 'filter', for: 'monitor-filter' }, h('span', { text: t('ui-dashboard-filter') }), filter),
        h('div', { class: 'bulk' }, pauseAll, resumeAll),
      ),
      empty,
      h('div', { class: 'table-wrap' }, table),
      h('nav', { class: 'pager', 'aria-label': t('ui-dashboard-pages') }, prev, pageInfo, next),
    ),
    h(
      'section',
      { class: 'panel incidents-panel', 'aria-labelledby': 'incidents-heading' },
      h('h2', { id: 'incidents-heading', text: t('ui-dashboard-incidents') }),
      incidentList,
      noIncidents,
    ),
  );

  function historyCells(id, cells) {
    const hist = state.history.get(id);
    clear(cells.spark).appendChild(sparklineSvg(hist ? hist.latency : []));
    clear(cells.days).appendChild(dayBarsSvg(hist ? hist.days : []));
    cells.uptime.textContent = hist ? fmt.uptime(hist.uptime) : '…';
  }

  function fillRow(m, cells) {
    const b = badge(m.status);
    clear(cells.status).appendChild(b);
    cells.tr.setAttribute('data-status', m.status);
    cells.name.textContent = m.name;
    const until = state.snoozed.get(m.id);
    cells.snoozed.hidden = !until;
    cells.snoozed.setAttribute('title', until ? t('ui-dashboard-snoozed-title', { until: fmt.snoozeEnd(until) }) : '');
    cells.target.textContent = m.target;
    cells.reason.textContent =
      m.status === 'DOWN' || m.status === 'DEGRADED' ? said(m.reason || '') : m.status === 'MAINTENANCE' ? t('ui-dashboard-in-maintenance') : '';
    cells.latency.textContent = fmt.latency(m.latency_ms);
    cells.latency.setAttribute('title', m.last_check ? t('ui-dashboard-last-check', { time: fmt.clock(m.last_check) }) : t('ui-dashboard-not-checked'));
    const paused = m.status === 'PAUSED';
    cells.pause.textContent = paused ? t('ui-resume') : t('ui-pause');
    cells.pause.setAttribute('aria-label', paused ? t('ui-dashboard-resume-name', { name: m.name }) : t('ui-dashboard-pause-name', { name: m.name }));
    cells.edit.setAttribute('aria-label', t('ui-dashboard-edit-name', { name: m.name }));
  }

  function makeRow(m) {
    const cells = {
      status: h('td', { class: 'status' }),
      name: h('a', { class: 'name', href: `#/monitors/${m.id}` }),
      snoozed: h('span', { class: 'snoozed', text: t('ui-dashboard-snoozed'), hidden: true }),
      target: h('span', { class: 'target muted' }),
      reason: h('span', { class: 'reason' }),
      latency: h('td', { class: 'num latency' }),
      spark: h('td', { class: 'hide-narrow' }),
      days: h('span', { class: 'hide-narrow' }),
      uptime: h('span', { class: 'uptime' }),
      pause: h('button', { type: 'button', class: 'small secondary', on: { click: () => actions.setPaused(m.id, state.monitors.get(m.id).status !== 'PAUSED') } }),
      edit: h('a', { class: 'button small secondary', href: `#/monitors/${m.id}`, text: t('ui-dashboard-edit') }),
    };
    cells.tr = h(
      'tr',
      { 'data-id': m.id, class: 'monitor-row' },
      cells.status,
      h('td', { class: 'who' }, h('span', { class: 'name-line' }, cells.name, cells.snoozed), cells.target, cells.reason),
      cells.latency,
      cells.spark,
      h('td', { class: 'days-cell' }, cells.days, cells.uptime),
      h('td', {}, h('div', { class: 'row-actions' }, cells.pause, cells.edit)),
    );
    fillRow(m, cells);
    historyCells(m.id, cells);
    return cells;
  }

  function renderHeader() {
    const c = counts(state);
    pauseAll.disabled = c.total === c.PAUSED;
    resumeAll.disabled = c.PAUSED === 0;
    return c;
  }

  function renderPage() {
    const page = visiblePage(state);
    rows.clear();
    const frag = [];
    for (const m of page.rows) {
      const cells = makeRow(m);
      rows.set(m.id, cells);
      frag.push(cells.tr);
    }
    clear(tbody);
    for (const tr of frag) tbody.appendChild(tr);
    empty.hidden = state.monitors.size !== 0;
    table.hidden = state.monitors.size === 0;
    pageInfo.textContent = page.total ? t('ui-dashboard-page-info', { from: page.from, to: page.to, total: page.total }) : state.filter ? t('ui-dashboard-no-match') : '';
    prev.disabled = page.page === 0;
    next.disabled = page.page >= page.pages - 1;
    prev.hidden = next.hidden = page.pages <= 1;
    renderHeader();
    const missing = page.rows.map((m) => m.id).filter((id) => !state.history.has(id));
    if (missing.length) actions.needHistory(missing);
    return page;
  }

  function updateRow(id) {
    const cells = rows.get(id);
    const m = state.monitors.get(id);
    if (!cells || !m) return false;
    fillRow(m, cells);
    historyCells(id, cells);
    return true;
  }

  function renderIncidents(now = Date.now()) {
    clear(incidentList);
    for (const inc of state.incidents) incidentList.appendChild(incidentItem(inc, actions, now, { compact: true }));
    noIncidents.hidden = state.incidents.length > 0;
  }

  return { el, renderPage, updateRow, renderIncidents, renderHeader, rows };
}

/** One incident with its timeline; open ones show it, resolved ones fold it. */
export function incidentItem(inc, actions, now = Date.now(), { compact = false } = {}) {
  const open = inc.state === 'open';
  const secs = fmt.secondsBetween(inc.started_at, inc.resolved_at, now);
  const timeline = timelineOf(inc);
  const when = { time: fmt.clock(inc.started_at), duration: fmt.humanDuration(secs) };
  const head = h(
    'div',
    { class: 'incident-head' },
    incidentStateBadge(inc.state),
    drillBadge(inc),
    h('a', { class: 'incident-title', href: `#/incidents/${inc.id}`, text: fmt.incidentTitle(inc) }),
    h('span', { class: 'muted incident-when', text: open ? t('ui-incident-when-open', when) : t('ui-incident-when-resolved', when) }),
  );
  const body = compact && !open ? h('details', {}, h('summary', { text: t('ui-incident-timeline') }), timeline) : timeline;
  return h('li', { class: `incident ${open ? 'open' : 'resolved'}${inc.simulated ? ' drill' : ''}`, 'data-id': inc.id, 'data-state': inc.state }, head, body);
}
