//! End-to-end tests of `lookout run`: the built binary, a real server on 127.0.0.1 that stops
//! and comes back, the JSON event lines, then `incidents` and `report` on what was recorded.

#[path = "../common/mod.rs"]
mod common;

mod alerts;
mod heartbeat;
mod incidents;
mod lifecycle;

use std::time::Duration;

/// Generous bound for anything that should happen within a few intervals.
const WAIT: Duration = Duration::from_secs(20);
