// The dashboard's model, pure: a snapshot from the core, then core events applied as they come.
// No DOM and no IPC here, so every rule is tested under `node --test`.
//
// `applyEvent` returns what changed so the view redraws only that: one row, the page order,
// the header, or the incident list. Nothing polls: the core pushes, the model follows.

import { t, list } from './i18n.js';
import { statusWord } from './format.js';

/** Worst first: what needs attention comes to the top of the list. */
export const STATUS_RANK = { DOWN: 0, DEGRADED: 1, UNKNOWN: 2, MAINTENANCE: 3, UP: 4, PAUSED: 5 };
export const PAGE_SIZE = 50;
/** Sparkline window and resolution; the same as the Rust side's history module. */
export const SPARK_WINDOW_MS = 6 * 3600 * 1000;
export const SPARK_POINTS = 72;

export function createState({ pageSize = PAGE_SIZE } = {}) {
  return {
    monitors: new Map(), // id -> MonitorState
    overall: 'UNKNOWN',
    /** The core's overall health `{status, tone, counts, summary}`, the tray's too. */
    health: null,
    incidents: [],
    history: new Map(), // id -> {latency: [], days: [], uptime}
    snoozed: new Map(), // id -> ISO time the snooze ends
    filter: '',
    page: 0,
    pageSize,
    order: null, // cached sorted + filtered ids; null when stale
  };
}

/** Replaces every monitor with the core's snapshot `{overall, monitors: [MonitorState]}`. */
export function loadSnapshot(state, snapshot) {
  state.monitors = new Map(snapshot.monitors.map((m) => [m.id, { ...m }]));
  state.overall = snapshot.overall;
  state.health = snapshot.health ?? null;
  state.snoozed = new Map(Object.entries(snapshot.snoozed || {}).map(([id, until]) => [Number(id), until]));
  for (const id of [...state.history.keys()]) if (!state.monitors.has(id)) state.history.delete(id);
  state.order = null;
  clampPage(state);
}

export function loadIncidents(state, incidents) {
  state.incidents = sortIncidents(incidents);
}

/** Open incidents first, then newest first (the core's order, kept when we patch one). */
export function sortIncidents(list) {
  return [...list].sort((a, b) => {
    const ao = a.state === 'open' ? 0 : 1;
    const bo = b.state === 'open' ? 0 : 1;
    if (ao !== bo) return ao - bo;
    return Date.parse(b.started_at) - Date.parse(a.started_at);
  });
}

export function counts(state) {
  const c = { UP: 0, DEGRADED: 0, DOWN: 0, MAINTENANCE: 0, PAUSED: 0, UNKNOWN: 0, total: 0 };
  for (const m of state.monitors.values()) {
    c[m.status] = (c[m.status] ?? 0) + 1;
    c.total += 1;
  }
  return c;
}

/** `5 up, 1 down`, in the tray tooltip's words. */
export function summary(c) {
  const parts = [
    [c.UP, 'ui-count-up'],
    [c.DEGRADED, 'ui-count-degraded'],
    [c.DOWN, 'ui-count-down'],
    [c.UNKNOWN, 'ui-count-unknown'],
    [c.MAINTENANCE, 'ui-count-maintenance'],
    [c.PAUSED, 'ui-count-paused'],
  ]
    .filter(([n]) => n > 0)
    .map(([n, id]) => t(id, { n }));
  return parts.length ? list(parts) : t('ui-count-none');
}

/** The core's health in words: its counts (its own `summary` is English, for machines). */
export function healthWords(health) {
  if (health.status === 'OFFLINE') return t('ui-health-offline');
  const c = health.counts || {};
  return summary({ UP: c.up, DEGRADED: c.degraded, DOWN: c.down, UNKNOWN: c.unknown, MAINTENANCE: c.maintenance, PAUSED: c.paused });
}

// One collator: `localeCompare` with options builds one per call, a quarter of sorting 1,000
// monitors for the first render.
const byName = new Intl.Collator(undefined, { sensitivity: 'base' });

export function compareMonitors(a, b) {
  const r = (STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9);
  if (r !== 0) return r;
  const n = byName.compare(a.name, b.name);
  return n !== 0 ? n : a.id - b.id;
}

function matches(m, filter) {
  if (!filter) return true;
  const f = filter.toLowerCase();
  // A status by its code (`down`) or its word in the language in force (`故障`).
  return m.name.toLowerCase().includes(f) || m.target.toLowerCase().includes(f) || m.status.toLowerCase() === f || statusWord(m.status).toLowerCase() === f;
}

/** Ids in display order (worst first, then by name), filtered. Cached until something reorders. */
export function orderedIds(state) {
  if (!state.order) {
    state.order = [...state.monitors.values()]
      .filter((m) => matches(m, state.filter))
      .sort(compareMonitors)
      .map((m) => m.id);
  }
  return state.order;
}

export function setFilter(state, filter) {
  state.filter = filter.trim();
  state.order = null;
  state.page = 0;
}

function clampPage(state) {
  const pages = pageCount(state);
  if (state.page >= pages) state.page = Math.max(0, pages - 1);
}

export function pageCount(state) {
  return Math.max(1, Math.ceil(orderedIds(state).length / state.pageSize));
}

export function setPage(state, page) {
  state.page = Math.min(Math.max(0, page), pageCount(state) - 1);
}

/** The rows on the current page, and where it sits: `{rows, from, to, total, page, pages}`. */
export function visiblePage(state) {
  const ids = orderedIds(state);
  clampPage(state);
  const from = state.page * state.pageSize;
  const rows = ids.slice(from, from + state.pageSize).map((id) => state.monitors.get(id));
  return { rows, from: ids.length ? from + 1 : 0, to: from + rows.length, total: ids.length, page: state.page, pages: pageCount(state) };
}

/** Adds a live point to a sparkline, keeping the window and the resolution bounded. */
export function appendPoint(points, point, { windowMs = SPARK_WINDOW_MS, maxPoints = SPARK_POINTS } = {}) {
  const at = Date.parse(point.at);
  const kept = points.filter((p) => at - Date.parse(p.at) <= windowMs);
  if (kept.length >= maxPoints) {
    // Merge into the last point, so a busy monitor's line keeps covering the whole window.
    const last = kept[kept.length - 1];
    const n = last.n ?? 1;
    kept[kept.length - 1] = {
      at: point.at,
      latency_ms: Math.round((last.latency_ms * n + point.latency_ms) / (n + 1)),
      status: STATUS_RANK[point.status] < STATUS_RANK[last.status] ? point.status : last.status,
      n: n + 1,
    };
    return kept;
  }
  kept.push({ at: point.at, latency_ms: point.latency_ms, status: point.status });
  return kept;
}

/** Counts a live check in today's uptime bar (buckets start at UTC midnight). */
export function countInDays(days, result) {
  const day = new Date(result.at);
  day.setUTCHours(0, 0, 0, 0);
  const start = day.toISOString();
  const out = days.slice();
  let last = out[out.length - 1];
  if (!last || Date.parse(last.start) !== day.getTime()) {
    last = { start, up: 0, degraded: 0, down: 0 };
    out.push(last);
  } else {
    last = { ...last };
    out[out.length - 1] = last;
  }
  if (result.status === 'UP') last.up += 1;
  else if (result.status === 'DEGRADED') last.degraded += 1;
  else if (result.status === 'DOWN') last.down += 1;
  return out.slice(-30);
}

/** The share of passing checks (UP or DEGRADED) over `days`; null without checks. */
export function uptimeOfDays(days) {
  let ok = 0;
  let total = 0;
  for (const d of days) {
    ok += d.up + d.degraded;
    total += d.up + d.degraded + d.down;
  }
  return total ? ok / total : null;
}

/**
 * Applies one core event (`{event: 'status_changed', ...}`). Returns what the view must redraw:
 * `{row: id}`, `{order: true}`, `{monitors: 'reload'}`, `{incidents: 'reload'}`, `{header: true}`,
 * or `{}` when the dashboard shows nothing of it.
 */
export function applyEvent(state, ev) {
  switch (ev.event) {
    case 'check_completed': {
      const m = state.monitors.get(ev.monitor_id);
      if (!m) return { monitors: 'reload' };
      m.latency_ms = ev.latency_ms;
      m.last_check = ev.at;
      m.reason = ev.reason;
      const h = state.history.get(ev.monitor_id);
      if (h) {
        h.latency = appendPoint(h.latency, ev);
        h.days = countInDays(h.days, ev);
        h.uptime = uptimeOfDays(h.days);
      }
      return { row: ev.monitor_id };
    }
    case 'status_changed': {
      const m = state.monitors.get(ev.monitor_id);
      if (!m) return { monitors: 'reload' };
      m.status = ev.to;
      m.since = ev.at;
      if (ev.reason !== undefined) m.reason = ev.reason;
      state.order = null;
      return { order: true, header: true, row: ev.monitor_id };
    }
    case 'overall_changed':
      state.overall = ev.to;
      if (ev.health) state.health = ev.health;
      return { header: true };
    case 'snooze_changed': {
      // Set anywhere (this window, the tray, the CLI) or run out: the core says so.
      if (ev.until) state.snoozed.set(ev.monitor_id, ev.until);
      else state.snoozed.delete(ev.monitor_id);
      return state.monitors.has(ev.monitor_id) ? { row: ev.monitor_id } : {};
    }
    case 'monitors_changed':
      return { monitors: 'reload' };
    case 'incident_opened':
    case 'incident_resolved':
      return { incidents: 'reload' };
    default:
      return {};
  }
}
