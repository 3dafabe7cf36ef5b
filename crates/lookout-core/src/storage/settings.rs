//! Key-value settings shared by every process on the database: the heartbeat listener's port,
//! and whatever the desktop app keeps (start at login).

use rusqlite::{params, OptionalExtension};

use super::{Store, StoreError};

/// The heartbeat listener's port (`lookout run --push-port`, the desktop app's setting).
pub const PUSH_PORT: &str = "push_port";

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
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
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
    }
}
