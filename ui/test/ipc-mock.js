// A mocked Tauri IPC: commands answered by handlers, events emitted by the test.

export function mockIpc(handlers) {
  const calls = [];
  const listeners = new Map();
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
    emit(event, payload) {
      for (const h of listeners.get(event) || []) h({ event, payload: structuredClone(payload) });
    },
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
