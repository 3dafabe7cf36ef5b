//! One module per command family. Each command returns its exit code, or a [`CliError`] that
//! `main` prints; none of them prints an error itself.

pub mod backup;
pub mod channels;
pub mod check;
pub mod import;
pub mod incidents;
pub mod maintenance;
pub mod monitors;
pub mod run;
pub mod settings;
pub mod simulate;
pub mod status;
pub mod summary;

use std::path::{Path, PathBuf};

use lookout_core::paths;
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::{Store, StoreError};

use crate::cli::ProbeArgs;
use crate::error::CliError;

/// A spec holding only the probe options of `check` / `monitors add`, to fill in the rest with
/// `..probe_spec(&args.probe)`. Flags not given stay `None`, so the core's defaults apply.
pub fn probe_spec(p: &ProbeArgs) -> MonitorSpec {
    let list = |v: &[String]| (!v.is_empty()).then(|| v.to_vec());
    MonitorSpec {
        conditions: list(&p.conditions),
        degraded_conditions: list(&p.degraded_conditions),
        degraded_latency: p.degraded_latency.clone(),
        keyword: p.keyword.clone(),
        invert_keyword: p.invert_keyword.then_some(true),
        ignore_tls: p.ignore_tls.then_some(true),
        cert_warn_days: p.cert_warn_days,
        grace: p.grace.clone(),
        ..MonitorSpec::default()
    }
}

/// Where the database is, resolved from `--data-dir` / `LOOKOUT_DATA_DIR` / the platform default.
pub struct Ctx {
    pub data_dir: Option<PathBuf>,
}

/// An open store and the path it came from, for error messages.
pub struct Db {
    pub store: Store,
    pub path: PathBuf,
}

impl Db {
    /// Maps a store error to a CLI error naming this database.
    pub fn err(&self) -> impl Fn(StoreError) -> CliError + '_ {
        |e| CliError::store(&self.path, e)
    }
}

impl Ctx {
    pub fn dir(&self) -> Result<PathBuf, CliError> {
        paths::data_dir(self.data_dir.as_deref())
            .ok_or_else(|| CliError::Failed(lookout_core::t!("cli-no-data-dir")))
    }

    /// Opens the database, creating the data directory (0700) and the database (0600) if
    /// needed.
    pub fn open(&self) -> Result<Db, CliError> {
        open_at(paths::db_path(&self.dir()?))
    }

    /// Opens the database only if it exists: read-only commands on a fresh machine (and
    /// commands that fail validation) leave nothing behind.
    pub fn open_existing(&self) -> Result<Option<Db>, CliError> {
        let path = paths::db_path(&self.dir()?);
        if !path.exists() {
            return Ok(None);
        }
        open_at(path).map(Some)
    }
}

fn open_at(path: PathBuf) -> Result<Db, CliError> {
    match Store::open(&path) {
        Ok(store) => Ok(Db { store, path }),
        Err(e) => Err(CliError::store(&path, e)),
    }
}

/// Writes `text` to stdout (see [`crate::output::print`]).
pub fn print(text: &str) -> Result<(), CliError> {
    crate::output::print(text).map_err(CliError::stdout)
}

/// Reads a file, or stdin for `-`, no further than an import file's size cap
/// ([`lookout_core::import::MAX_FILE_BYTES`]): a larger one is an error, not read into memory.
pub fn read_input(path: &Path) -> Result<String, CliError> {
    use lookout_core::import::{read_text, ImportError};
    let r = if path == Path::new("-") {
        read_text(std::io::stdin().lock())
    } else {
        std::fs::File::open(path)
            .map_err(|e| ImportError::Unreadable(e.to_string()))
            .and_then(read_text)
    };
    r.map_err(|e| CliError::field(&path.display().to_string(), e))
}
