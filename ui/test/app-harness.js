// The dashboard tests' shared set-up: a fake DOM, the Tauri IPC mocked with default monitors
// and incidents, and the app booted on them. Used by app.test.js and app-form.test.js.
import { appDocument, fakeWindow, install } from './fakedom.js';
import { mockIpc, monitorState } from './ipc-mock.js';
import { setTransport } from '../app/js/ipc.js';

globalThis.__LOOKOUT_TEST__ = true;
export const { createApp, parseRoute } = await import('../app/js/main.js');

function history(id) {
  return {
    id,
    latency: [
      { at: '2026-03-14T11:00:00Z', latency_ms: 30, status: 'UP' },
      { at: '2026-03-14T11:30:00Z', latency_ms: 60, status: 'UP' },
    ],
    days: [{ start: '2026-03-14T00:00:00Z', up: 10, degraded: 0, down: 0 }],
    uptime: 1,
  };
}

export let doc, win, ipc, monitors, incidents, added, snoozed;

/** For a test that needs other monitors or snoozes than the defaults (set before `boot`). */
export function setMonitors(m) {
  monitors = m;
}

export function setSnoozed(s) {
  snoozed = s;
}

/** `language`: the mocked `language` setting and OS language (`{language: 'zh-CN'}`); English by default. */
export function boot(extraHandlers = {}, language = {}) {
  doc = install(appDocument());
  win = fakeWindow();
  ipc = mockIpc({
    list_monitors: () => ({ overall: monitors.some((m) => m.status === 'DOWN') ? 'DOWN' : 'UP', monitors, snoozed }),
    snooze_monitor: () => null,
    list_incidents: () => incidents,
    monitors_history: ({ ids }) => ids.map(history),
    get_settings: () => ({ start_at_login: false }),
    set_start_at_login: ({ enabled }) => ({ start_at_login: enabled }),
    add_monitor: ({ spec }) => {
      added.push(spec);
      return 99;
    },
    test_spec: () => ({ at: '2026-03-14T12:00:00Z', status: 'UP', latency_ms: 12, reason: '' }),
    get_monitor: ({ id }) => ({ name: monitors.find((m) => m.id === id).name, target: 'https://a.example', interval: '30s', timeout: '5s', method: 'HEAD', alerts: { down: { failure_threshold: 2, success_threshold: 1, severity: 'critical', create_incident: true } } }),
    update_monitor: ({ id }) => id,
    set_paused: () => null,
    remove_monitor: () => null,
    get_incident: ({ id }) => incidents.find((i) => i.id === id),
    ...extraHandlers,
  }, language);
  setTransport(ipc.transport);
  const app = createApp({ doc, win, now: () => Date.parse('2026-03-14T12:05:00Z') });
  return app;
}

export const rows = () => doc.querySelectorAll('tr.monitor-row');
export const rowOf = (id) => doc.querySelector(`tr[data-id="${id}"]`);

/** The default monitors and incidents; each test file runs it `beforeEach`. */
export function reset() {
  monitors = [monitorState(1, 'api', 'UP'), monitorState(2, 'db', 'DOWN'), monitorState(3, 'web', 'PAUSED')];
  incidents = [
    {
      id: 7, monitor_id: 2, monitor: 'db', title: 'db is DOWN', rule: 'down', severity: 'critical', state: 'open',
      started_at: '2026-03-14T12:00:00Z', detected_at: '2026-03-14T12:00:03Z', resolved_at: null, acknowledged_at: null,
      events: [{ at: '2026-03-14T12:00:00Z', kind: 'first_failure', message: 'connection refused' }],
    },
    {
      id: 6, monitor_id: 1, monitor: 'api', title: 'api is DOWN', rule: 'down', severity: 'critical', state: 'resolved',
      started_at: '2026-03-14T10:00:00Z', detected_at: '2026-03-14T10:00:01Z', resolved_at: '2026-03-14T10:03:12Z', acknowledged_at: null,
      events: [{ at: '2026-03-14T10:00:00Z', kind: 'first_failure', message: 'HTTP 503' }, { at: '2026-03-14T10:03:12Z', kind: 'resolved', message: 'back UP' }],
    },
  ];
  added = [];
  snoozed = {};
}
