//! Changes other processes make to the database (the CLI adding a monitor, a setting, a
//! `lookout simulate` request), heard as file events instead of polled: an idle engine then
//! need not wake every second to look.
//!
//! Every writer touches the database's `.changed` file after committing such a change
//! ([`crate::storage::changes_path`]), and the engine watches that file alone (inotify, through
//! `notify`): an event sends one [`Command::FilesChanged`] to the loop, which reads the
//! configuration revision as the poll does. The database and its write-ahead log are not
//! watched: the engine's own result commits write them every second, and at 10,000 monitors
//! that was about 90 wakes a second of the watch thread (one per `write` to the log) and a
//! read of the revision a second, for nothing. Events are coalesced: while one is waiting,
//! more send nothing. Where watching is not possible the engine polls as before.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc::UnboundedSender;

use super::state::Command;

/// A running watch; dropping it stops it.
pub(super) struct FilesWatch {
    _watcher: RecommendedWatcher,
    /// Set when a `FilesChanged` is on its way, cleared by the loop when it takes it.
    pending: Arc<AtomicBool>,
    /// Set when the watched file was deleted or moved away: writers make a new one, which this
    /// watch does not see.
    gone: Arc<AtomicBool>,
}

impl FilesWatch {
    /// Watches `db_path`'s [`crate::storage::changes_path`]; `None` (logged) where it cannot.
    pub fn start(db_path: &Path, commands: UnboundedSender<Command>) -> Option<FilesWatch> {
        let path = crate::storage::changes_path(db_path);
        // inotify watches a file that exists; touching it rings nobody else (one engine).
        crate::storage::ring(db_path);
        let pending = Arc::new(AtomicBool::new(false));
        let gone = Arc::new(AtomicBool::new(false));
        let (flag, lost) = (pending.clone(), gone.clone());
        let handler = move |event: notify::Result<Event>| {
            let Ok(event) = event else { return };
            if matches!(
                event.kind,
                EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
            ) {
                lost.store(true, Ordering::SeqCst);
            }
            // An open, a write, a close: one ring is several events, and a burst is one wake.
            if !flag.swap(true, Ordering::SeqCst) {
                let _ = commands.send(Command::FilesChanged);
            }
        };
        let watched = RecommendedWatcher::new(handler, notify::Config::default())
            .and_then(|mut w| w.watch(&path, RecursiveMode::NonRecursive).map(|()| w));
        match watched {
            Ok(w) => Some(FilesWatch {
                _watcher: w,
                pending,
                gone,
            }),
            Err(e) => {
                tracing::info!(path = %path.display(), error = %e, "cannot watch for other processes' changes; polling the database every second");
                None
            }
        }
    }

    /// The loop took the event: the next write sends another.
    pub fn taken(&self) {
        self.pending.store(false, Ordering::SeqCst);
    }

    /// Whether the watched file was deleted or moved away, so the watch must be made again.
    pub fn lost(&self) -> bool {
        self.gone.load(Ordering::SeqCst)
    }
}
