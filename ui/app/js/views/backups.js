// Backups: the daily copies of the database Lookout keeps (the last 7), and putting one back.
// A restore stops the engine, replaces the database (the one it replaces is kept beside it) and
// starts Lookout again, so it asks first and says what it will do.

import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { day } from '../format.js';

/** `1.5 MB` for a file size. */
export function size(bytes) {
  if (bytes < 1024) return t('ui-size-bytes', { n: String(bytes) });
  if (bytes < 1024 * 1024) return t('ui-size-kb', { n: (bytes / 1024).toFixed(1) });
  return t('ui-size-mb', { n: (bytes / 1024 / 1024).toFixed(1) });
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
    const date = day(b.date);
    const cell = h('td', { class: 'backup-actions' });
    const askFirst = () => {
      const go = h('button', { type: 'button', 'data-action': 'confirm-restore', text: t('ui-backups-confirm') });
      const back = h('button', { type: 'button', class: 'secondary', 'data-action': 'cancel-restore', text: t('ui-cancel') });
      const question = h(
        'div',
        { class: 'restore-question', role: 'alertdialog', 'aria-label': t('ui-backups-question-label', { date }) },
        h('p', { text: t('ui-backups-question', { date }) }),
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
          clear(cell).appendChild(h('span', { class: 'muted', id: 'restoring', text: t('ui-backups-restoring', { date }) }));
        } catch (e) {
          status.textContent = e && e.message ? e.message : String(e);
          clear(cell).appendChild(restoreButton);
        }
      });
      clear(cell).appendChild(question);
      go.focus?.();
    };
    const restoreButton = h('button', { type: 'button', class: 'small secondary', 'data-action': 'restore', 'data-date': b.date, text: t('ui-backups-restore', { date }), on: { click: askFirst } });
    cell.appendChild(restoreButton);
    return h('tr', { class: 'backup-row', 'data-date': b.date }, h('td', { text: date }), h('td', { text: size(b.bytes) }), cell);
  });
  return h(
    'section',
    { class: 'panel backups', 'aria-labelledby': 'backups-heading' },
    h('h2', { id: 'backups-heading', text: t('ui-backups-heading') }),
    outcome,
    h('p', { class: 'muted', text: t('ui-backups-intro', { dir: page.dir }) }),
    status,
    rows.length
      ? h(
          'table',
          { class: 'windows', id: 'backup-list' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('ui-backups-col-day') }), h('th', { scope: 'col', text: t('ui-backups-col-size') }), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('ui-actions') })))),
          h('tbody', {}, ...rows),
        )
      : h('p', { class: 'muted', id: 'no-backups', text: t('ui-backups-none') }),
  );
}
