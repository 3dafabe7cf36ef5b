//! Where Lookout keeps its data: `--data-dir`, else `LOOKOUT_DATA_DIR`, else the platform's
//! data directory (`~/.local/share/lookout` on Linux). Shared by the CLI and the desktop app so
//! both open the same database.

use std::path::{Path, PathBuf};

pub const DATA_DIR_ENV: &str = "LOOKOUT_DATA_DIR";
pub const DB_FILE: &str = "lookout.db";

/// Resolves the data directory from an explicit flag, the environment, or the platform default.
pub fn data_dir(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(DATA_DIR_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    dirs::data_dir().map(|d| d.join("lookout"))
}

/// The database file inside a data directory.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DB_FILE)
}
