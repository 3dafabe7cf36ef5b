//! Key-value settings shared by every process on the database: the heartbeat listener's port,
//! the offline check's reference targets, the alert channels. Every change bumps `config_rev`
//! (migration 7), so a running engine in another process picks it up; writing the value a key
//! already has changes nothing and bumps nothing. Validation and defaults live in
//! [`crate::settings`].

use std::path::Path;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use super::{Store, StoreError};

/// The heartbeat listener's port (`lookout run --push-port`, the desktop app's setting).
pub const PUSH_PORT: &str = "push_port";

/// Where the desktop app serves `/metrics` for Prometheus (`lookout run --metrics-listen`
/// overrides it); empty: off.
pub const METRICS_LISTEN: &str = "metrics_listen";

/// The language people read: `auto` (the OS locale's), `en` or `zh-CN` ([`crate::i18n`]).
pub const LANGUAGE: &str = "language";

/// The offline check's reference targets (see [`crate::connectivity::parse_references`]).
pub const REFERENCE_TARGETS: &str = "reference_targets";

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let key = key.to_string();
        self.read(move |c| {
            Ok(
                c.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
                    .query_row([key], |r| r.get(0))
                    .optional()?,
            )
        })
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let (key, value) = (key.to_string(), value.to_string());
        self.write(move |c| {
            c.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value
                 WHERE value IS NOT excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
    }

    /// Forgets a setting, so its default applies again. Whether there was one.
    pub fn remove_setting(&self, key: &str) -> Result<bool, StoreError> {
        let key = key.to_string();
        self.write(move |c| Ok(c.execute("DELETE FROM settings WHERE key = ?1", [key])? > 0))
    }

    /// One setting read from the database file at `path` without opening it as a [`Store`]:
    /// read-only, no integrity check, no migration, no writer, and no file created (`None`
    /// for a file that is absent). For what a process needs before anything else, as the CLI
    /// needs the language of its first words; an error means only that this one value could
    /// not be read, and whoever opens the file next says what is wrong with it.
    pub fn peek_setting(path: &Path, key: &str) -> Result<Option<String>, StoreError> {
        if !path.is_file() {
            return Ok(None);
        }
        super::open::check_header(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        // A reader never waits on a writer under WAL; this bounds only the odd checkpoint.
        conn.busy_timeout(std::time::Duration::from_millis(200))?;
        Ok(conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_persist_across_handles() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lookout.db");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.setting(PUSH_PORT).unwrap(), None);
        store.set_setting(PUSH_PORT, "9000").unwrap();
        store.set_setting(PUSH_PORT, "9001").unwrap();
        let other = Store::open(&path).unwrap();
        assert_eq!(other.setting(PUSH_PORT).unwrap().as_deref(), Some("9001"));
        assert!(other.remove_setting(PUSH_PORT).unwrap());
        assert!(!other.remove_setting(PUSH_PORT).unwrap());
        assert_eq!(store.setting(PUSH_PORT).unwrap(), None);
    }

    #[test]
    fn a_peek_reads_without_creating_or_changing_anything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lookout.db");
        assert_eq!(Store::peek_setting(&path, LANGUAGE).unwrap(), None);
        assert!(!path.exists(), "a peek creates no database");
        let store = Store::open(&path).unwrap();
        store.set_setting(LANGUAGE, "zh-CN").unwrap();
        // Still in the write-ahead log while the store is open, and in the file after.
        assert_eq!(
            Store::peek_setting(&path, LANGUAGE).unwrap().as_deref(),
            Some("zh-CN")
        );
        assert_eq!(Store::peek_setting(&path, PUSH_PORT).unwrap(), None);
        drop(store);
        assert_eq!(
            Store::peek_setting(&path, LANGUAGE).unwrap().as_deref(),
            Some("zh-CN")
        );
        let junk = dir.path().join("junk.db");
        std::fs::write(&junk, vec![0x5au8; 4096]).unwrap();
        assert!(Store::peek_setting(&junk, LANGUAGE).is_err());
        assert_eq!(std::fs::read(&junk).unwrap(), vec![0x5au8; 4096]);
    }

    #[test]
    fn a_setting_change_bumps_config_rev_and_the_same_value_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lookout.db");
        let store = Store::open(&path).unwrap();
        // Another process's handle, as a running engine would poll it.
        let engine = Store::open(&path).unwrap();
        let mut rev = engine.config_rev().unwrap();
        let mut bumped = |what: &str, expect: bool| {
            let now = engine.config_rev().unwrap();
            assert_eq!(now > rev, expect, "{what}: {rev} -> {now}");
            rev = now;
        };
        store.set_setting(REFERENCE_TARGETS, "10.0.0.1:53").unwrap();
        bumped("insert", true);
        store.set_setting(REFERENCE_TARGETS, "10.0.0.1:53").unwrap();
        bumped("same value", false);
        store.set_setting(REFERENCE_TARGETS, "none").unwrap();
        bumped("update", true);
        store.remove_setting(REFERENCE_TARGETS).unwrap();
        bumped("delete", true);
        store.remove_setting(REFERENCE_TARGETS).unwrap();
        bumped("delete of nothing", false);
    }
}
