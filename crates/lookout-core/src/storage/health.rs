//! The writer's health, published on a `tokio::sync::watch` channel so the runtime can turn
//! it into `storage_fault` / `storage_recovered` events without polling.
//!
//! The writer publishes when a write fails (at every retry, at most [`RETRY_MAX`] apart) and
//! when writes go through again; never on a plain successful commit, so receivers wake only
//! when something changed.

use chrono::{DateTime, Utc};
use serde::Serialize;

#[cfg(doc)]
use super::writer::RETRY_MAX;
use super::StoreError;

/// Whether the database takes writes, and what waits or was lost meanwhile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StorageHealth {
    /// What is wrong, in words naming the file ("cannot write the database /…/lookout.db: the
    /// disk is full"); `None` while writes go through.
    pub fault: Option<String>,
    /// When the current fault began; `None` with no fault.
    pub since: Option<DateTime<Utc>>,
    /// Check results dropped since the store was opened because the buffer that keeps them
    /// while the database cannot be written was full (the oldest go first).
    pub dropped: u64,
    /// Check results dropped since the store was opened because they themselves could not be
    /// stored (the rest of their batch was).
    pub rejected: u64,
    /// Check results waiting in memory for the database, as of the last attempt.
    pub pending: usize,
    /// Panics the writer caught since the store was opened (a bug; see [`crate::fault`]).
    /// Each one lost only the command it was running.
    pub panics: u64,
    /// The last of those panics' message.
    pub panic: Option<String>,
}

/// Whether an error is about the file, the disk or a lock, so the same write may work later:
/// results wait for it instead of being dropped.
pub(super) fn is_fault(e: &StoreError) -> bool {
    match e {
        StoreError::Sqlite(e) => super::error::file_level(e),
        StoreError::Full { .. }
        | StoreError::Locked(_)
        | StoreError::ReadOnly(_)
        | StoreError::Io(_)
        | StoreError::Corrupt { .. } => true,
        _ => false,
    }
}

/// The words for a fault, naming the file: the domain error's message.
pub(super) fn describe(e: &StoreError, path: &std::path::Path) -> String {
    // A fault goes out in `storage_fault` events, which `lookout run` prints as JSON: English.
    crate::i18n::with_lang(crate::i18n::Lang::En, || describe_in_english(e, path))
}

fn describe_in_english(e: &StoreError, path: &std::path::Path) -> String {
    let text = match e {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, m)) => super::error::classify(
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(*f, m.clone())),
            path,
        )
        .to_string(),
        other => other.to_string(),
    };
    let shown = path.display().to_string();
    if text.contains(&shown) {
        text
    } else {
        format!("cannot write the database {shown}: {text}")
    }
}
