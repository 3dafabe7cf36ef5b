// The dashboard app: boots from one snapshot, then follows the core's pushed events.
// Routes (hash): `/` dashboard, `/monitors/new`, `/monitors/:id` (edit), `/incidents/:id`,
// `/maintenance` (with `?monitor=:id`: that monitor ticked in the form), `/summary` (with
// `?days=1|7|30`), `/backups`, `/import` (import and export; a file dropped on the window
// opens it).
//
// Words come from the catalogue the Rust side sends (`get_language`) before the first render;
// on `language_changed` every view is drawn again from what it already holds, keeping what
// was typed, so the language changes in place without a reload.

import { invoke, listen } from './ipc.js';
import * as st from './state.js';
import { h, clear } from './dom.js';
import { createDashboard, incidentItem } from './views/dashboard.js';
import { createForm } from './views/form.js';
import { createIncidentView } from './views/incident.js';
import { createMaintenanceView } from './views/maintenance.js';
import { createSummaryView } from './views/summary.js';
import { createBackupsView } from './views/backups.js';
import { createTransferView } from './views/transfer.js';
import { DEFAULT_DAYS } from './summary.js';
import { badge, toneBadge } from './views/widgets.js';
import { t, list, applyCatalogue, translateTree } from './i18n.js';
import { createLanguageSelect } from './views/language.js';
import { incidentTitle } from './format.js';
import { createFooter } from './footer.js';

export function parseRoute(hash) {
  const path = String(hash || '').replace(/^#/, '') || '/';
  let m;
  if (path === '/monitors/new') return { name: 'new' };
  if ((m = /^\/monitors\/(\d+)$/.exec(path))) return { name: 'monitor', id: Number(m[1]) };
  if ((m = /^\/incidents\/(\d+)$/.exec(path))) return { name: 'incident', id: Number(m[1]) };
  if ((m = /^\/maintenance(?:\?monitor=(\d+))?$/.exec(path))) return m[1] ? { name: 'maintenance', monitor: Number(m[1]) } : { name: 'maintenance' };
  if (path === '/backups') return { name: 'backups' };
  if (path === '/import') return { name: 'import' };
  if ((m = /^\/summary(?:\?days=(\d+))?$/.exec(path))) return { name: 'summary', days: m[1] ? Number(m[1]) : DEFAULT_DAYS };
  return { name: 'dashboard' };
}

/**
 * Creates the app in `doc` (the real document, or a fake in tests). `win` provides `location`
 * and `addEventListener('hashchange')`.
 */
export function createApp({ doc = document, win = window, now = () => Date.now(), clock = () => performance.now() } = {}) {
  const state = st.createState();
  const view = doc.getElementById('view');
  const overall = doc.getElementById('overall');
  const notice = doc.getElementById('notice');
  const languagePicker = doc.getElementById('language')
    ? createLanguageSelect(doc, { set: (language) => invoke('set_language', { language }), applied: onLanguage })
    : null;
  let route = { name: 'dashboard' };
  let redraw = null; // draws the current view again, from what it holds (a language change)
  let languageSetting = null; // {language, setting} in force
  let dashboard = null;
  let maintenance = null;
  let transfer = null;
  let dropped = null; // a file dropped while another page was shown, for the import page
  let metrics = { firstRenderMs: null, renderMs: null };
  const pendingHistory = new Set();
  let reloadingMonitors = null;
  let reloadAgain = false;

  let noticeTimer = null;
  function say(text) {
    if (!notice) return;
    notice.textContent = text;
    if (win.clearTimeout && noticeTimer) win.clearTimeout(noticeTimer);
    if (win.setTimeout) noticeTimer = win.setTimeout(() => (notice.textContent = ''), 6000);
  }

  function fail(e) {
    say(e && e.message ? e.message : String(e));
  }

  const footer = createFooter(doc, { say, fail });

  /** The core's overall health, as the tray shows it: its colour (a warning outage is amber)
   *  and its counts; the dashboard's own count only before the first snapshot. */
  function renderOverall() {
    if (!overall) return;
    const health = state.health;
    if (health) {
      clear(overall).appendChild(toneBadge(health.status, health.tone));
      overall.setAttribute('data-tone', health.tone);
      overall.appendChild(h('span', { class: 'overall-text', text: ` ${st.healthWords(health)}` }));
      return;
    }
    const c = st.counts(state);
    clear(overall).appendChild(badge(c.total ? state.overall : 'UNKNOWN'));
    overall.appendChild(h('span', { class: 'overall-text', text: ` ${st.summary(c)}` }));
  }

  const actions = {
    setFilter(v) {
      st.setFilter(state, v);
      dashboard && dashboard.renderPage();
    },
    setPage(p) {
      st.setPage(state, p);
      dashboard && dashboard.renderPage();
    },
    async setPaused(id, paused) {
      try {
        await invoke('set_paused', { id, paused });
        if (route.name === 'monitor' && route.id === id) await show(route);
      } catch (e) {
        fail(e);
      }
    },
    async setAllPaused(paused) {
      try {
        await invoke('set_all_paused', { paused });
      } catch (e) {
        fail(e);
      }
    },
    addMonitor() {
      go('/monitors/new');
    },
    importMonitors() {
      go('/import');
    },
    needHistory(ids) {
      const want = ids.filter((id) => !pendingHistory.has(id));
      if (!want.length) return;
      want.forEach((id) => pendingHistory.add(id));
      invoke('monitors_history', { ids: want })
        .then((list) => {
          for (const hist of list) {
            state.history.set(hist.id, { latency: hist.latency, days: hist.days, uptime: hist.uptime });
            dashboard && dashboard.updateRow(hist.id);
          }
        })
        .catch(fail)
        .finally(() => want.forEach((id) => pendingHistory.delete(id)));
    },
  };

  const transferActions = {
    preview: (text, from) => invoke('import_preview', { text, from }),
    importFile: (text, from, allowRecovery) => invoke('import_monitors', { text, from, allowRecovery }),
    exportFile: (redact) => invoke('export_monitors', { redact }),
    async done(message) {
      await reloadMonitors();
      say(message);
      go('/');
    },
  };

  /**
   * A file dropped on the dashboard or the import page goes to the import page's preview.
   * Every other drop is refused: WebKit would otherwise open a dropped link or file in place
   * of the dashboard, and a drop on a form would leave its unsaved edits.
   */
  function onDrop(e) {
    e.preventDefault();
    const files = (e.dataTransfer && e.dataTransfer.files) || [];
    if (!files.length) return;
    if (files.length > 1) return say(t('ui-notice-drop-one'));
    if (route.name !== 'dashboard' && route.name !== 'import') return say(t('ui-notice-drop-elsewhere'));
    if (transfer) transfer.load(files[0]);
    else {
      dropped = files[0];
      go('/import');
    }
  }

  const formActions = {
    test: (spec) => invoke('test_spec', { spec }),
    async save(spec, id, allowRecovery = false) {
      if (id === null || id === undefined) await invoke('add_monitor', { spec, allowRecovery });
      else await invoke('update_monitor', { id, spec, allowRecovery });
      say(t('ui-notice-saved', { name: spec.name }));
      go('/');
    },
    async remove(id) {
      await invoke('remove_monitor', { id });
      say(t('ui-notice-deleted'));
      go('/');
    },
    setPaused: (id, paused) => actions.setPaused(id, paused),
    async snooze(id, minutes) {
      try {
        await invoke('snooze_monitor', { id, minutes });
        await reloadMonitors();
        if (route.name === 'monitor' && route.id === id) await show(route);
      } catch (e) {
        fail(e);
      }
    },
    /** Errors go to the notice line; an opened incident is shown. */
    async simulate(id, name) {
      try {
        const incident = await invoke('simulate_outage', { id });
        if (incident === null || incident === undefined) {
          say(t('ui-notice-simulated', { name }));
        } else {
          say(t('ui-notice-simulated-incident', { name, incident: String(incident) }));
          go(`/incidents/${incident}`);
        }
      } catch (e) {
        fail(e);
      }
    },
    cancel: () => go('/'),
  };

  const incidentActions = {
    async exportReport(inc) {
      try {
        const path = await invoke('save_report', { id: inc.id });
        say(t('ui-notice-report-saved', { path }));
      } catch (e) {
        fail(e);
      }
    },
  };

  const maintenanceActions = {
    async add(args) {
      const w = await invoke('add_maintenance', args);
      const names = list(w.monitors.map((m) => m.name));
      const n = w.monitors.length;
      say(w.active ? t('ui-notice-maintenance-active', { names, n }) : t('ui-notice-maintenance-added', { names }));
      await reloadMaintenance();
      return w;
    },
    async remove(id) {
      await invoke('remove_maintenance', { id });
      say(t('ui-notice-maintenance-removed'));
      await reloadMaintenance();
    },
  };

  async function reloadMaintenance() {
    if (route.name !== 'maintenance' || !maintenance) return;
    try {
      maintenance.setWindows(await invoke('list_maintenance'));
    } catch (e) {
      fail(e);
    }
  }

  function go(path) {
    const hash = `#${path}`;
    if (win.location.hash === hash) show(parseRoute(hash));
    else win.location.hash = hash;
  }

  async function reloadMonitors() {
    if (reloadingMonitors) {
      reloadAgain = true;
      return reloadingMonitors;
    }
    reloadingMonitors = (async () => {
      do {
        reloadAgain = false;
        const snap = await invoke('list_monitors');
        st.loadSnapshot(state, snap);
        renderOverall();
        if (route.name === 'dashboard' && dashboard) dashboard.renderPage();
      } while (reloadAgain);
    })()
      .catch(fail)
      .finally(() => (reloadingMonitors = null));
    return reloadingMonitors;
  }

  async function reloadIncidents() {
    try {
      st.loadIncidents(state, await invoke('list_incidents', { limit: 100 }));
      if (route.name === 'dashboard' && dashboard) dashboard.renderIncidents(now());
      if (route.name === 'incident') await show(route);
    } catch (e) {
      fail(e);
    }
  }

  /**
   * Draws the current view with `paint` now, and again with it when the language changes: each
   * `paint` builds from data already fetched, so a redraw asks the core nothing.
   */
  function draw(paint) {
    redraw = paint;
    paint();
  }

  const pageTitle = (page) => t('ui-page-title', { page });

  /** A form drawn again keeps what was typed and whether Advanced was open. */
  function typedIn(form) {
    return form ? { values: form.read(), open: form.advanced.hasAttribute('open') } : { values: null, open: false };
  }

  /** Renders `r` into the view. */
  async function show(r) {
    route = r;
    redraw = null;
    if (r.name === 'dashboard') {
      draw(() => {
        const t0 = clock();
        dashboard = createDashboard(state, actions);
        clear(view).appendChild(dashboard.el);
        dashboard.renderPage();
        dashboard.renderIncidents(now());
        metrics.renderMs = clock() - t0;
        doc.title = t('ui-app-name');
      });
      return;
    }
    dashboard = null;
    maintenance = null;
    transfer = null;
    try {
      if (r.name === 'new') {
        let form = null;
        draw(() => {
          const { values, open } = typedIn(form);
          form = createForm({ values, actions: formActions });
          if (open) form.advanced.setAttribute('open', '');
          clear(view).appendChild(form.el);
          doc.title = pageTitle(t('ui-add-monitor'));
        });
      } else if (r.name === 'monitor') {
        const [spec, incidents] = await Promise.all([invoke('get_monitor', { id: r.id }), invoke('list_incidents', { monitor: r.id, limit: 20 })]);
        let form = null;
        draw(() => {
          const { values, open } = typedIn(form);
          const m = state.monitors.get(r.id);
          form = createForm({ id: r.id, spec, status: m ? m.status : null, snoozedUntil: state.snoozed.get(r.id) ?? null, values, actions: formActions });
          if (open) form.advanced.setAttribute('open', '');
          const list = h('ol', { class: 'incidents' }, ...incidents.map((i) => incidentItem(i, actions, now(), { compact: true })));
          clear(view).appendChild(
            h(
              'div',
              { class: 'monitor-page' },
              form.el,
              h(
                'section',
                { class: 'panel', 'aria-label': t('ui-monitor-incidents-label') },
                h('h2', { text: t('ui-monitor-incidents') }),
                incidents.length ? list : h('p', { class: 'muted', text: t('ui-monitor-no-incidents') }),
              ),
            ),
          );
          doc.title = pageTitle(spec.name);
        });
      } else if (r.name === 'maintenance') {
        const windows = await invoke('list_maintenance');
        const monitors = [...state.monitors.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
        if (route !== r) return; // the user moved on while the list loaded
        draw(() => {
          const before = maintenance;
          maintenance = createMaintenanceView({
            windows: before ? before.windows : windows,
            monitors,
            selected: r.monitor ? [r.monitor] : [],
            typed: before ? before.read() : null,
            now,
            actions: maintenanceActions,
          });
          clear(view).appendChild(maintenance.el);
          doc.title = pageTitle(t('ui-nav-maintenance'));
        });
      } else if (r.name === 'summary') {
        const summary = await invoke('get_summary', { days: r.days });
        if (route !== r) return;
        const monitorIds = new Map([...state.monitors.values()].map((m) => [m.name, m.id]));
        draw(() => {
          clear(view).appendChild(createSummaryView(summary, { monitorIds, now, actions: { setDays: (days) => go(`/summary?days=${days}`) } }));
          doc.title = pageTitle(t('ui-summary-heading'));
        });
      } else if (r.name === 'import') {
        draw(() => {
          transfer = createTransferView({ actions: transferActions, kept: transfer ? transfer.kept() : null });
          clear(view).appendChild(transfer.el);
          doc.title = pageTitle(t('ui-import-title'));
        });
        if (dropped) {
          const file = dropped;
          dropped = null;
          await transfer.load(file);
        }
      } else if (r.name === 'backups') {
        const page = await invoke('list_daily_backups');
        if (route !== r) return;
        draw(() => {
          clear(view).appendChild(createBackupsView(page, { actions: { restore: (path) => invoke('restore_daily_backup', { path }) } }));
          doc.title = pageTitle(t('ui-backups-heading'));
        });
      } else if (r.name === 'incident') {
        const inc = await invoke('get_incident', { id: r.id });
        draw(() => {
          clear(view).appendChild(createIncidentView(inc, now(), incidentActions));
          doc.title = pageTitle(incidentTitle(inc));
        });
      }
    } catch (e) {
      draw(() => clear(view).appendChild(h('div', { class: 'panel' }, h('p', { class: 'form-error', text: e.message || String(e) }), h('a', { href: '#/', text: t('ui-back-to-dashboard') }))));
    }
  }

  /**
   * Puts a language in force: `{language, setting, catalogue}` from `get_language`,
   * `set_language` or a `language_changed` event, and fills the page's static words. Returns
   * false when that language and setting were already in force.
   */
  function applyLanguage(payload) {
    if (!payload || typeof payload.catalogue !== 'string') return false;
    if (languagePicker) languagePicker.show(payload.setting);
    if (languageSetting && languageSetting.language === payload.language && languageSetting.setting === payload.setting) return false;
    languageSetting = { language: payload.language, setting: payload.setting };
    applyCatalogue(payload);
    translateTree(doc);
    return true;
  }

  /** A language changed after boot: the header, the footer and the view are drawn again in place. */
  function onLanguage(payload) {
    if (!applyLanguage(payload)) return;
    renderOverall();
    footer.redraw();
    if (redraw) redraw();
  }

  function onEvent(ev) {
    const fx = st.applyEvent(state, ev);
    if (fx.monitors === 'reload') reloadMonitors();
    if (fx.incidents === 'reload') reloadIncidents();
    if (fx.incidents === 'reload' && route.name === 'summary') show(route);
    if (fx.header) renderOverall();
    // A window began or ended: its "Now" column changes.
    if (ev.event === 'status_changed' && (ev.to === 'MAINTENANCE' || ev.from === 'MAINTENANCE')) reloadMaintenance();
    if (route.name !== 'dashboard' || !dashboard) return;
    if (fx.order) dashboard.renderPage();
    else if (fx.row !== undefined) dashboard.updateRow(fx.row);
  }

  async function boot() {
    const t0 = clock();
    // Listen first, so nothing that happens while the snapshot loads is missed.
    await listen('core-event', onEvent);
    await listen('core-resync', () => {
      state.history.clear();
      reloadMonitors();
      reloadIncidents();
    });
    await listen('navigate', (path) => go(path));
    await listen('language_changed', onLanguage);
    try {
      applyLanguage(await invoke('get_language'));
    } catch (e) {
      // No catalogue: every word shows as its id, which at least says what is missing.
      translateTree(doc);
      fail(e);
    }
    const [snap, incidents] = await Promise.all([invoke('list_monitors'), invoke('list_incidents', { limit: 100 })]);
    st.loadSnapshot(state, snap);
    st.loadIncidents(state, incidents);
    renderOverall();
    const initial = win.__LOOKOUT_ROUTE__;
    if (!win.location.hash && initial && initial !== '/') win.location.hash = `#${initial}`;
    await show(parseRoute(win.location.hash));
    metrics.firstRenderMs = clock() - t0;
    doc.documentElement.setAttribute('data-first-render-ms', String(Math.round(metrics.firstRenderMs)));
    doc.documentElement.setAttribute('data-ready', 'true');
    win.addEventListener('hashchange', () => show(parseRoute(win.location.hash)));
    doc.getElementById('add-monitor').addEventListener('click', () => go('/monitors/new'));
    doc.addEventListener('dragover', (e) => e.preventDefault());
    doc.addEventListener('drop', onDrop);
    footer.boot();
    // Open incidents' durations grow; redraw the list's clock text once a minute (no IPC).
    win.setInterval && win.setInterval(() => route.name === 'dashboard' && dashboard && dashboard.renderIncidents(now()), 60000);
  }

  return { state, boot, show, onEvent, onLanguage, go, metrics, actions, formActions, loadOfflineSettings: footer.loadOfflineSettings, get route() { return route; } };
}

if (globalThis.window && globalThis.window.__TAURI__ && !globalThis.__LOOKOUT_TEST__) {
  // Anything the CSP blocks is a bug in this page; the end-to-end test reads this list.
  window.__cspViolations = [];
  window.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  const app = createApp();
  window.__lookout = app;
  app.boot().catch((e) => {
    const n = document.getElementById('notice');
    if (n) n.textContent = t('ui-notice-could-not-load', { error: String(e.message || e) });
  });
}
