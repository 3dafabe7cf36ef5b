// The footer: start at login, "Send test notification" and what each channel did, and the
// offline detection setting (loaded when first opened). Its static words are the page's
// (data-i18n); what it draws itself `redraw` draws again in a new language, keeping what was
// typed in the setting. (The language select is main.js's: a language change redraws it all.)

import { invoke } from './ipc.js';
import { h, clear } from './dom.js';
import { t } from './i18n.js';
import { selfTestLines } from './format.js';
import { createOfflineSettings } from './views/offline.js';
import { createMetricsSettings } from './views/metrics.js';

/** `say(text)` writes the notice line, `fail(error)` a command's failure there. */
export function createFooter(doc, { say, fail }) {
  const startAtLogin = doc.getElementById('start-at-login');
  const offlineDetection = doc.getElementById('offline-detection');
  const metricsSetting = doc.getElementById('metrics-setting');
  const sendTest = doc.getElementById('send-test');
  const selfTest = doc.getElementById('self-test');

  const offlineActions = {
    async save(value) {
      const r = await invoke('set_reference_targets', { value });
      say(t('ui-notice-offline-saved'));
      return r;
    },
    async reset() {
      const r = await invoke('reset_reference_targets');
      say(t('ui-notice-offline-reset'));
      return r;
    },
  };
  let offlineView = null;

  // Loaded when first opened: most sessions never look at it.
  let offlineLoading = null;
  function loadOfflineSettings() {
    offlineLoading ||= invoke('get_reference_targets')
      .then((v) => {
        offlineView = createOfflineSettings(v, offlineActions);
        offlineDetection.appendChild(offlineView.el);
        return offlineView;
      })
      .catch((e) => {
        offlineLoading = null;
        fail(e);
      });
    return offlineLoading;
  }

  /** The offline setting in the language in force, keeping what was typed in it. */
  function redrawOfflineSettings() {
    if (!offlineView) return;
    const before = offlineView;
    offlineView = createOfflineSettings(before.value, offlineActions);
    offlineView.input.value = before.input.value;
    offlineDetection.removeChild(before.el);
    offlineDetection.appendChild(offlineView.el);
  }

  // Prometheus metrics: loaded when first opened, drawn again with what was typed kept.
  let metricsView = null;
  let metricsLoading = null;
  const metricsActions = {
    async save(value) {
      const r = await invoke('set_metrics_listen', { value });
      say(t('ui-notice-metrics-saved'));
      return r;
    },
  };
  function loadMetricsSetting() {
    metricsLoading ||= invoke('get_metrics_listen')
      .then((v) => {
        metricsView = createMetricsSettings(v, metricsActions);
        metricsSetting.appendChild(metricsView.el);
        return metricsView;
      })
      .catch((e) => {
        metricsLoading = null;
        fail(e);
      });
    return metricsLoading;
  }
  function redrawMetricsSetting() {
    if (!metricsView) return;
    const before = metricsView;
    metricsView = createMetricsSettings(before.value, metricsActions);
    metricsView.input.value = before.input.value;
    metricsSetting.removeChild(before.el);
    metricsSetting.appendChild(metricsView.el);
  }

  // What the self-test list shows: nothing, `sending`, or the checks the core answered.
  let selfTestShown = null;
  function renderSelfTest() {
    if (!selfTest) return;
    clear(selfTest);
    if (selfTestShown === 'sending') selfTest.appendChild(h('li', { class: 'muted', text: t('ui-selftest-sending') }));
    if (!Array.isArray(selfTestShown)) return;
    const { summary, lines } = selfTestLines(selfTestShown);
    selfTest.appendChild(h('li', { class: 'self-test-summary', text: summary }));
    for (const l of lines) selfTest.appendChild(h('li', { class: l.ok ? 'ok' : 'failed', 'data-ok': String(l.ok), text: l.text }));
  }

  /** The desktop notification and every webhook channel, each with what happened. */
  async function sendTestNotification() {
    sendTest.disabled = true;
    selfTestShown = 'sending';
    renderSelfTest();
    try {
      selfTestShown = await invoke('send_test_notification');
    } catch (e) {
      selfTestShown = null;
      fail(e);
    } finally {
      renderSelfTest();
      sendTest.disabled = false;
    }
  }

  /** Wires the controls and reads the start-at-login setting; called once the page is shown. */
  function boot() {
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
    if (metricsSetting) metricsSetting.addEventListener('toggle', () => metricsSetting.open && loadMetricsSetting());
  }

  /** Draws again what the footer drew itself, in the language now in force. */
  function redraw() {
    renderSelfTest();
    redrawOfflineSettings();
    redrawMetricsSetting();
  }

  return { boot, redraw, loadOfflineSettings, loadMetricsSetting };
}
