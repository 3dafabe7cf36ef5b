// The dashboard: the paged monitor list and the incidents, updated in place as events arrive.

import { h, clear } from '../dom.js';
import * as fmt from '../format.js';
import { visiblePage, counts, summary } from '../state.js';
import { badge, drillBadge, sparklineSvg, dayBarsSvg } from './widgets.js';

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
    placeholder: 'Name, target or status',
    value: state.filter,
    on: { input: (e) => actions.setFilter(e.target.value) },
  });
  const pageInfo = h('span', { class: 'page-info', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', text: 'Previous', on: { click: () => actions.setPage(state.page - 1) } });
  const next = h('button', { type: 'button', text: 'Next', on: { click: () => actions.setPage(state.page + 1) } });
  const pauseAll = h('button', { type: 'button', class: 'secondary', text: 'Pause all', on: { click: () => actions.setAllPaused(true) } });
  const resumeAll = h('button', { type: 'button', class: 'secondary', text: 'Resume all', on: { click: () => actions.setAllPaused(false) } });
  const tbody = h('tbody', { id: 'monitor-rows' });
  const empty = h(
    'div',
    { class: 'empty', hidden: true },
    h('p', { text: 'No monitors yet. Add one to start watching a service, or bring yours over from Uptime Kuma, Kener or Gatus.' }),
    h('button', { type: 'button', text: 'Add monitor', 'data-action': 'add-monitor-empty', on: { click: () => actions.addMonitor() } }),
    ' ',
    h('button', { type: 'button', class: 'secondary', text: 'Import…', 'data-action': 'import-empty', on: { click: () => actions.importMonitors() } }),
  );
  const table = h(
    'table',
    { class: 'monitors', id: 'monitors' },
    h('caption', { class: 'visually-hidden', text: 'Monitors, the ones needing attention first' }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', text: 'Status' }),
        h('th', { scope: 'col', text: 'Monitor' }),
        h('th', { scope: 'col', class: 'num', text: 'Latency' }),
        h('th', { scope: 'col', class: 'hide-narrow', text: 'Latency, 6 h' }),
        h('th', { scope: 'col', text: 'Last 30 days, uptime' }),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: 'Actions' })),
      ),
    ),
    tbody,
  );
  const incidentList = h('ol', { class: 'incidents', id: 'incident-list' });
  const noIncidents = h('p', { class: 'muted', text: 'No incidents. Everything has been fine.' });

  const el = h(
    'div',
    { class: 'dashboard' },
    h(
      'section',
      { class: 'panel monitors-panel', 'aria-labelledby': 'monitors-heading' },
      h(
        'div',
        { class: 'panel-head' },
        h('h2', { id: 'monitors-heading', text: 'Monitors' }),
        h('label', { class: 'filter', for: 'monitor-filter' }, h('span', { text: 'Filter' }), filter),
        h('div', { class: 'bulk' }, pauseAll, resumeAll),
      ),
      empty,
      h('div', { class: 'table-wrap' }, table),
      h('nav', { class: 'pager', 'aria-label': 'Monitor pages' }, prev, pageInfo, next),
    ),
    h(
      'section',
      { class: 'panel incidents-panel', 'aria-labelledby': 'incidents-heading' },
      h('h2', { id: 'incidents-heading', text: 'Incidents' }),
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
    cells.snoozed.setAttribute('title', until ? `Notifications held ${fmt.snoozeEnd(until)}` : '');
    cells.target.textContent = m.target;
    cells.reason.textContent =
      m.status === 'DOWN' || m.status === 'DEGRADED' ? m.reason || '' : m.status === 'MAINTENANCE' ? 'In a maintenance window: checks go on, nothing alerts.' : '';
    cells.latency.textContent = fmt.latency(m.latency_ms);
    cells.latency.setAttribute('title', m.last_check ? `Last check ${fmt.clock(m.last_check)}` : 'Not checked yet');
    const paused = m.status === 'PAUSED';
    cells.pause.textContent = paused ? 'Resume' : 'Pause';
    cells.pause.setAttribute('aria-label', `${paused ? 'Resume' : 'Pause'} ${m.name}`);
    cells.edit.setAttribute('aria-label', `Edit ${m.name}`);
  }

  function makeRow(m) {
    const cells = {
      status: h('td', { class: 'status' }),
      name: h('a', { class: 'name', href: `#/monitors/${m.id}` }),
      snoozed: h('span', { class: 'snoozed', text: '🔕 snoozed', hidden: true }),
      target: h('span', { class: 'target muted' }),
      reason: h('span', { class: 'reason' }),
      latency: h('td', { class: 'num latency' }),
      spark: h('td', { class: 'hide-narrow' }),
      days: h('span', { class: 'hide-narrow' }),
      uptime: h('span', { class: 'uptime' }),
      pause: h('button', { type: 'button', class: 'small secondary', on: { click: () => actions.setPaused(m.id, state.monitors.get(m.id).status !== 'PAUSED') } }),
      edit: h('a', { class: 'button small secondary', href: `#/monitors/${m.id}`, text: 'Edit' }),
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
    pageInfo.textContent = page.total ? `${page.from}–${page.to} of ${page.total}` : state.filter ? 'No match' : '';
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
  const timeline = h(
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
  );
  const head = h(
    'div',
    { class: 'incident-head' },
    h('span', { class: `badge ${open ? 'status-down' : 'status-resolved'}`, text: open ? 'OPEN' : 'RESOLVED' }),
    drillBadge(inc),
    h('a', { class: 'incident-title', href: `#/incidents/${inc.id}`, text: inc.title }),
    h('span', { class: 'muted incident-when', text: `${fmt.clock(inc.started_at)} · ${open ? 'for ' : 'lasted '}${fmt.humanDuration(secs)}` }),
  );
  const body = compact && !open ? h('details', {}, h('summary', { text: 'Timeline' }), timeline) : timeline;
  return h('li', { class: `incident ${open ? 'open' : 'resolved'}${inc.simulated ? ' drill' : ''}`, 'data-id': inc.id, 'data-state': inc.state }, head, body);
}
