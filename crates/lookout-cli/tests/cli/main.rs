//! End-to-end tests of the scripting commands, run on the built `lookout` binary against real
//! servers on 127.0.0.1 and a real database in a temporary data directory.

#[path = "../common/mod.rs"]
mod common;

mod channels;
mod check;
mod databases;
mod help;
mod import;
mod languages;
mod maintenance;
mod monitors;
mod reports;
mod settings;

use common::run;
use serde_json::Value;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

fn list_json(dir: &std::path::Path) -> Value {
    let r = run(dir, &["monitors", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}
