// A mocked Tauri IPC: commands answered by handlers, events emitted by the test. The language
// commands answer from the real catalogues on disk, as the Rust side does.

import { languagePayload, SETTINGS } from './locale.js';

/**
 * `handlers`: command -> function(args). `language`: the `language` setting (`auto`, `en`,
 * `zh-CN`) and `system`, what the OS speaks when it is `auto`.
 */
export function mockIpc(handlers, { language = 'auto', system = 'en' } = {}) {
  const calls = [];
  const listeners = new Map();
  const lang = { setting: language, system };
  const emit = (event, payload) => {
    for (const h of listeners.get(event) || []) h({ event, payload: structuredClone(payload) });
  };
  /** As the backend does: store the setting, tell every window, answer with the catalogue. */
  const setLanguage = (setting) => {
    if (!SETTINGS.includes(setting)) {
      const message = `"${setting}" is not a language Lookout speaks: auto, en or zh-CN`;
      throw { kind: 'invalid', message, fields: [{ field: 'language', message }] };
    }
    lang.setting = setting;
    const payload = languagePayload(lang.setting, lang.system);
    emit('language_changed', payload);
    return payload;
  };
  handlers = {
    get_language: () => languagePayload(lang.setting, lang.system),
    set_language: ({ language: setting }) => setLanguage(setting),
    ...handlers,
  };
  return {
    calls,
    transport: {
      async invoke(cmd, args) {
        calls.push({ cmd, args: structuredClone(args) });
        const h = handlers[cmd];
        if (!h) throw `command ${cmd} not allowed`;
        return structuredClone(await h(args));
      },
      async listen(event, handler) {
        (listeners.get(event) || listeners.set(event, []).get(event)).push(handler);
        return () => {};
      },
    },
    emit,
    /** `lookout settings set language <setting>` from a terminal: the event only. */
    setLanguage,
    listening(event) {
      return (listeners.get(event) || []).length;
    },
    count(cmd) {
      return calls.filter((c) => c.cmd === cmd).length;
    },
  };
}

/** Lets queued promise callbacks run. */
export const settle = () => new Promise((r) => setTimeout(r, 0));

export function monitorState(id, name, status, extra = {}) {
  return {
    id,
    name,
    target: `https://${name}.example/health`,
    status,
    since: '2026-03-14T12:00:00Z',
    last_check: '2026-03-14T12:00:00Z',
    latency_ms: 42,
    reason: status === 'DOWN' ? 'connection refused' : '',
    ...extra,
  };
}
