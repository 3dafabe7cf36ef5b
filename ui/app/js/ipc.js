// The one door to the Rust side. Everything else calls `invoke` / `listen` from here, so tests
// swap the transport for a fake (`setTransport`) and the app needs no other global.

import { t } from './i18n.js';

let transport = null;

function tauriTransport() {
  const tauri = globalThis.window && globalThis.window.__TAURI__;
  if (!tauri) throw new Error(t('ui-error-no-tauri'));
  return {
    invoke: (cmd, args) => tauri.core.invoke(cmd, args),
    listen: (event, handler) => tauri.event.listen(event, handler),
  };
}

/** Replaces the transport (tests): `{invoke(cmd, args) -> Promise, listen(event, handler) -> Promise<unlisten>}`. */
export function setTransport(t) {
  transport = t;
}

function current() {
  if (!transport) transport = tauriTransport();
  return transport;
}

/**
 * Calls a Rust command. Failures are normalised to `{kind, message, fields: [{field, message}]}`,
 * whether the command returned a CmdError or Tauri refused the call (a string).
 */
export async function invoke(cmd, args = {}) {
  try {
    return await current().invoke(cmd, args);
  } catch (e) {
    throw normaliseError(e);
  }
}

export function normaliseError(e) {
  if (e && typeof e === 'object' && typeof e.kind === 'string') {
    return { kind: e.kind, message: String(e.message ?? ''), fields: Array.isArray(e.fields) ? e.fields : [] };
  }
  const message = typeof e === 'string' ? e : e && e.message ? e.message : String(e);
  return { kind: 'internal', message, fields: [] };
}

/** Subscribes to a Rust event; the handler gets the payload. Returns a promise of an unlisten function. */
export function listen(event, handler) {
  return current().listen(event, (e) => handler(e.payload));
}
