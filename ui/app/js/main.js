// The dashboard app: boots from one snapshot, then follows the core's pushed events.
// Routes (hash): `/` dashboard, `/monitors/new`, `/monitors/:id` (edit), `/incidents/:id`,
// `/maintenance` (with `?monitor=:id`: that monitor ticked in the form), `/summary` (with
// `?days=1|7|30`), `/backups`, `/import` (import and export; a file dropped on the window
// opens it).

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
import { createOfflineSettings } from './views/offline.js';
import { DEFAULT_DAYS } from './summary.js';
import { badge, toneBadge } from './views/widgets.js';
import { selfTestLines } from './format.js';

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
  const startAtLogin = doc.getElementById('start-at-login');
  const offlineDetection = doc.getElementById('offline-detection');
  const notice = doc.getElementById('notice');
  const sendTest = doc.getElementById('send-test');
  const selfTest = doc.getElementById('self-test');
  let route = { name: 'dashboard' };
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

  /** The core's overall health, as the tray shows it: its colour (a warning outage is amber)
   *  and its counts; the dashboard's own count only before the first snapshot. */
  function renderOverall() {
    if (!overall) return;
    const health = state.health;
    if (health) {
      clear(overall).appendChild(toneBadge(health.status, health.tone));
      overall.setAttribute('data-tone', health.tone);
      overall.appendChild(h('span', { class: 'overall-text', text: ` ${health.summary}` }));
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
    if (files.length > 1) return say('Drop one file at a time.');
    if (route.name !== 'dashboard' && route.name !== 'import') return say('Open Import to bring monitors in from a file.');
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
      say(`Saved ${spec.name}.`);
      go('/');
    },
    async remove(id) {
      await invoke('remove_monitor', { id });
      say('Monitor deleted.');
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
          say(`Simulated an outage of ${name}: its alerts fired; the rule opens no incident.`);
        } else {
          say(`Simulated an outage of ${name}: incident #${incident} opened and resolved, kept as a drill (not counted in uptime or the summary).`);
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
        say(`Report saved to ${path}`);
      } catch (e) {
        fail(e);
      }
    },
  };

  const maintenanceActions = {
    async add(args) {
      const w = await invoke('add_maintenance', args);
      const names = w.monitors.map((m) => m.name).join(', ');
      const one = w.monitors.length === 1;
      say(w.active ? `Maintenance window added: ${names} ${one ? 'reads' : 'read'} MAINTENANCE from ${one ? 'its' : 'their'} next check.` : `Maintenance window added for ${names}.`);
      await reloadMaintenance();
      return w;
    },
    async remove(id) {
      await invoke('remove_maintenance', { id });
      say('Maintenance window removed.');
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

  /** Renders `r` into the view. */
  async function show(r) {
    route = r;
    if (r.name === 'dashboard') {
      const t0 = clock();
      dashboard = createDashboard(state, actions);
      clear(view).appendChild(dashboard.el);
      dashboard.renderPage();
      dashboard.renderIncidents(now());
      metrics.renderMs = clock() - t0;
      doc.title = 'Lookout';
      return;
    }
    dashboard = null;
    maintenance = null;
    transfer = null;
    try {
      if (r.name === 'new') {
        clear(view).appendChild(createForm({ actions: formActions }).el);
        doc.title = 'Add monitor — Lookout';
      } else if (r.name === 'monitor') {
        const [spec, incidents] = await Promise.all([invoke('get_monitor', { id: r.id }), invoke('list_incidents', { monitor: r.id, limit: 20 })]);
        const m = state.monitors.get(r.id);
        const form = createForm({ id: r.id, spec, status: m ? m.status : null, snoozedUntil: state.snoozed.get(r.id) ?? null, actions: formActions });
        const list = h('ol', { class: 'incidents' }, ...incidents.map((i) => incidentItem(i, actions, now(), { compact: true })));
        clear(view).appendChild(
          h(
            'div',
            { class: 'monitor-page' },
            form.el,
            h('section', { class: 'panel', 'aria-label': 'Incidents of this monitor' }, h('h2', { text: 'Incidents' }), incidents.length ? list : h('p', { class: 'muted', text: 'None.' })),
          ),
        );
        doc.title = `${spec.name} — Lookout`;
      } else if (r.name === 'maintenance') {
        const windows = await invoke('list_maintenance');
        const monitors = [...state.monitors.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
        const v = createMaintenanceView({ windows, monitors, selected: r.monitor ? [r.monitor] : [], now, actions: maintenanceActions });
        if (route !== r) return; // the user moved on while the list loaded
        maintenance = v;
        clear(view).appendChild(v.el);
        doc.title = 'Maintenance — Lookout';
      } else if (r.name === 'summary') {
        const summary = await invoke('get_summary', { days: r.days });
        if (route !== r) return;
        const monitorIds = new Map([...state.monitors.values()].map((m) => [m.name, m.id]));
        clear(view).appendChild(createSummaryView(summary, { monitorIds, now, actions: { setDays: (days) => go(`/summary?days=${days}`) } }));
        doc.title = 'Summary — Lookout';
      } else if (r.name === 'import') {
        transfer = createTransferView({ actions: transferActions });
        clear(view).appendChild(transfer.el);
        doc.title = 'Import and export — Lookout';
        if (dropped) {
          const file = dropped;
          dropped = null;
          await transfer.load(file);
        }
      } else if (r.name === 'backups') {
        const page = await invoke('list_daily_backups');
        if (route !== r) return;
        clear(view).appendChild(createBackupsView(page, { actions: { restore: (path) => invoke('restore_daily_backup', { path }) } }));
        doc.title = 'Backups — Lookout';
      } else if (r.name === 'incident') {
        const inc = await invoke('get_incident', { id: r.id });
        clear(view).appendChild(createIncidentView(inc, now(), incidentActions));
        doc.title = `${inc.title} — Lookout`;
      }
    } catch (e) {
      clear(view).appendChild(h('div', { class: 'panel' }, h('p', { class: 'form-error', text: e.message || String(e) }), h('a', { href: '#/', text: '← Dashboard' })));
    }
  }

  // Loaded when first opened: most sessions never look at it.
  let offlineLoading = null;
  function loadOfflineSettings() {
    offlineLoading ||= invoke('get_reference_targets')
      .then((v) => {
        const view = createOfflineSettings(v, {
          async save(value) {
            const r = await invoke('set_reference_targets', { value });
            say('Offline detection saved: the engine uses it within a second.');
            return r;
          },
          async reset() {
            const r = await invoke('reset_reference_targets');
            say('Offline detection: back to the default reference targets.');
            return r;
          },
        });
        offlineDetection.appendChild(view.el);
        return view;
      })
      .catch((e) => {
        offlineLoading = null;
        fail(e);
      });
    return offlineLoading;
  }

  /** The desktop notification and every webhook channel, each with what happened. */
  async function sendTestNotification() {
    sendTest.disabled = true;
    clear(selfTest).appendChild(h('li', { class: 'muted', text: 'Sending…' }));
    try {
      const { summary, lines } = selfTestLines(await invoke('send_test_notification'));
      clear(selfTest).appendChild(h('li', { class: 'self-test-summary', text: summary }));
      for (const l of lines) selfTest.appendChild(h('li', { class: l.ok ? 'ok' : 'failed', 'data-ok': String(l.ok), text: l.text }));
    } catch (e) {
      clear(selfTest);
      fail(e);
    } finally {
      sendTest.disabled = false;
    }
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
    if (startAtLogin) {
      invoke('get_settings')
        .then((s) => (startAtLogin.checked = s.start_at_login))
        .catch(fail);
      startAtLogin.addEventListener('change', async () => {
        try {
          const s = await invoke('set_start_at_login', { enabled: startAtLogin.checked });
          startAtLogin.checked = s.start_at_login;
        } catch (e) {
          fail(e);
          startAtLogin.checked = !startAtLogin.checked;
        }
      });
    }
    if (sendTest && selfTest) sendTest.addEventListener('click', () => sendTestNotification());
    if (offlineDetection) offlineDetection.addEventListener('toggle', () => offlineDetection.open && loadOfflineSettings());
    // Open incidents' durations grow; redraw the list's clock text once a minute (no IPC).
    win.setInterval && win.setInterval(() => route.name === 'dashboard' && dashboard && dashboard.renderIncidents(now()), 60000);
  }

  return { state, boot, show, onEvent, go, metrics, actions, formActions, loadOfflineSettings, get route() { return route; } };
}

if (globalThis.window && globalThis.window.__TAURI__ && !globalThis.__LOOKOUT_TEST__) {
  // Anything the CSP blocks is a bug in this page; the end-to-end test reads this list.
  window.__cspViolations = [];
  window.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  const app = createApp();
  window.__lookout = app;
  app.boot().catch((e) => {
    const n = document.getElementById('notice');
    if (n) n.textContent = `Could not load: ${e.message || e}`;
  });
}
