//! Changes other processes make to the database (the CLI adding a monitor, a setting, a
//! `lookout simulate` request), heard as file events instead of polled: an idle engine then
//! need not wake every second to look.
//!
//! The data directory is watched (inotify, through `notify`): a write to the database or its
//! write-ahead log sends one [`Command::FilesChanged`] to the loop, which reads the
//! configuration revision as the poll does. Events are coalesced: while one is waiting, more
//! writes send nothing, so a busy writer (a commit a second, many `write` calls each) costs the
//! loop one wake per burst. Where watching is not possible the engine polls as before.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc::UnboundedSender;

use super::state::Command;

/// A running watch; dropping it stops it.
pub(super) struct FilesWatch {
    _watcher: RecommendedWatcher,
    /// Set when a `FilesChanged` is on its way, cleared by the loop when it takes it.
    pending: Arc<AtomicBool>,
}

impl FilesWatch {
    /// Watches the directory of `db_path`; `None` (logged) where it cannot.
    pub fn start(db_path: &Path, commands: UnboundedSender<Command>) -> Option<FilesWatch> {
        let dir = db_path.parent()?.to_path_buf();
        let name = db_path.file_name()?.to_os_string();
        let mut wal = name.clone();
        wal.push("-wal");
        let pending = Arc::new(AtomicBool::new(false));
        let flag = pending.clone();
        let handler = move |event: notify::Result<Event>| {
            let Ok(event) = event else { return };
            if matches!(event.kind, EventKind::Access(_)) {
                return;
            }
            let ours = event
                .paths
                .iter()
                .any(|p| p.file_name().is_some_and(|f| f == name || f == wal));
            if ours && !flag.swap(true, Ordering::SeqCst) {
                let _ = commands.send(Command::FilesChanged);
            }
        };
        let watched = RecommendedWatcher::new(handler, notify::Config::default())
            .and_then(|mut w| w.watch(&dir, RecursiveMode::NonRecursive).map(|()| w));
        match watched {
            Ok(w) => Some(FilesWatch {
                _watcher: w,
                pending,
            }),
            Err(e) => {
                tracing::info!(dir = %dir.display(), error = %e, "cannot watch the data directory; polling it every second");
                None
            }
        }
    }

    /// The loop took the event: the next write sends another.
    pub fn taken(&self) {
        self.pending.store(false, Ordering::SeqCst);
    }
}
