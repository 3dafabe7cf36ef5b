// Backups: the daily copies of the database Lookout keeps (the last 7), and putting one back.
// A restore stops the engine, replaces the database (the one it replaces is kept beside it) and
// starts Lookout again, so it asks first and says what it will do.

import { h, clear } from '../dom.js';

/** `1.5 MB` for a file size. */
export function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * `page`: what `list_daily_backups` returned ({dir, backups: [{path, date, bytes}], restored:
 * {ok, message} | null}); `actions.restore(path)` asks the app to restore and start again.
 */
export function createBackupsView(page, { actions }) {
  const status = h('p', { class: 'form-error', role: 'alert', id: 'backups-error' });
  const outcome = page.restored
    ? h('p', { class: page.restored.ok ? 'restore-outcome ok' : 'restore-outcome form-error', id: 'restore-outcome', role: 'status', text: page.restored.message })
    : null;
  const rows = page.backups.map((b) => {
    const cell = h('td', { class: 'backup-actions' });
    const askFirst = () => {
      const go = h('button', { type: 'button', 'data-action': 'confirm-restore', text: 'Restore and restart' });
      const back = h('button', { type: 'button', class: 'secondary', 'data-action': 'cancel-restore', text: 'Cancel' });
      const question = h(
        'div',
        { class: 'restore-question', role: 'alertdialog', 'aria-label': `Restore the backup of ${b.date}?` },
        h('p', {
          text: `Lookout stops checking for a moment, puts the backup of ${b.date} in place of its database and starts again. Monitors, incidents and history from after that day are replaced; the current database is kept beside it, renamed, not deleted.`,
        }),
        go,
        back,
      );
      back.addEventListener('click', () => clear(cell).appendChild(restoreButton));
      go.addEventListener('click', async () => {
        go.disabled = true;
        back.disabled = true;
        status.textContent = '';
        try {
          await actions.restore(b.path);
          clear(cell).appendChild(h('span', { class: 'muted', id: 'restoring', text: `Restoring the backup of ${b.date}; Lookout starts again in a moment…` }));
        } catch (e) {
          status.textContent = e && e.message ? e.message : String(e);
          clear(cell).appendChild(restoreButton);
        }
      });
      clear(cell).appendChild(question);
      go.focus?.();
    };
    const restoreButton = h('button', { type: 'button', class: 'small secondary', 'data-action': 'restore', 'data-date': b.date, text: `Restore ${b.date}…`, on: { click: askFirst } });
    cell.appendChild(restoreButton);
    return h('tr', { class: 'backup-row', 'data-date': b.date }, h('td', { text: b.date }), h('td', { text: size(b.bytes) }), cell);
  });
  return h(
    'section',
    { class: 'panel backups', 'aria-labelledby': 'backups-heading' },
    h('h2', { id: 'backups-heading', text: 'Backups' }),
    outcome,
    h('p', { class: 'muted', text: `Lookout copies its database once a day and keeps the last 7, in ${page.dir}.` }),
    status,
    rows.length
      ? h(
          'table',
          { class: 'windows', id: 'backup-list' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Day' }), h('th', { scope: 'col', text: 'Size' }), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: 'Actions' })))),
          h('tbody', {}, ...rows),
        )
      : h('p', { class: 'muted', id: 'no-backups', text: 'No backup yet: Lookout makes one when it starts and then once a day.' }),
  );
}
