// The window shown instead of the dashboard when the database is damaged: what is wrong, and
// the two ways back. The Rust side (src-tauri/src/damaged.rs) starts Lookout and closes this
// window once a choice worked.
import { invoke } from './ipc.js';

const $ = (id) => document.getElementById(id);

function bytes(n) {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}

function busy(on) {
  for (const b of document.querySelectorAll('button')) b.disabled = on;
}

async function choose(what, cmd, args) {
  busy(true);
  $('damaged-result').textContent = `${what}…`;
  try {
    const r = await invoke(cmd, args);
    $('damaged-result').textContent = r.kept_as
      ? `Done. The damaged file is kept as ${r.kept_as}.`
      : 'Done.';
  } catch (e) {
    $('damaged-result').textContent = `${what} failed: ${e.message}`;
    busy(false);
  }
}

async function main() {
  const info = await invoke('damaged_info');
  $('damaged-error').textContent = info.error;
  $('start-fresh').addEventListener('click', () => choose('Starting fresh', 'start_fresh'));
  $('no-backups').hidden = info.backups.length > 0;
  for (const b of info.backups) {
    const li = document.createElement('li');
    const label = document.createElement('span');
    label.textContent = `${b.date} (${bytes(b.bytes)})`;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary small';
    button.dataset.backup = b.path;
    button.textContent = `Restore ${b.date}`;
    button.addEventListener('click', () =>
      choose(`Restoring the backup of ${b.date}`, 'restore_backup', { path: b.path }));
    li.append(label, ' ', button);
    $('backups').append(li);
  }
  document.documentElement.setAttribute('data-ready', 'true');
}

main().catch((e) => {
  $('damaged-error').textContent = `Lookout could not say what is wrong: ${e.message}`;
});
