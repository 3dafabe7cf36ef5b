//! Lookout's engine: everything but the GUI.
//!
//! Data flows one way:
//!
//! ```text
//! scheduler ──tick──▶ probe ──CheckResult──▶ engine (thresholds) ──▶ storage + CoreEvent ──▶ shells
//! ```
//!
//! - [`config`]: raw [`config::MonitorSpec`]s (files, flags, forms) validated into [`model::Monitor`]s.
//! - [`condition`]: Gatus's condition language, parsed at validation, evaluated after each check.
//! - [`import`]: monitors from Kener, Uptime Kuma and Gatus files, as [`config::MonitorSpec`]s.
//! - [`probe`]: one module per probe kind; a check returns a [`model::CheckResult`], never an error
//!   for a failed service.
//! - [`engine`]: the pure threshold state machine: results in, transitions out.
//! - [`scheduler`]: one owned task per monitor on a fixed grid, a global cap on concurrent checks.
//! - [`runtime`]: ties them together: applies transitions, opens and resolves incidents, writes
//!   history, publishes [`events::CoreEvent`]s, and picks up changes other processes made to the
//!   database.
//! - [`storage`]: the only SQL in the repository.
//! - [`settings`]: the settings a user sets by name (the heartbeat port, the offline check's
//!   reference targets): keys, defaults, validation, shared by the CLI and the dashboard.
//! - [`clock`]: wall-clock time, injectable for tests.
//! - [`action`]: beside the runtime, on its events: recovery actions (run a program or call a
//!   webhook while a service is down, then re-check) and webhook alert channels.
//! - [`metrics`]: beside the runtime, on its snapshots and events: `/metrics` for Prometheus
//!   (`lookout run --metrics-listen`), so a fleet of machines is watched with the tools people run.
//! - [`logind`] (feature `logind`, on by default): logind's PrepareForSleep, fed to the runtime
//!   beside its own clock-jump detector.

pub mod action;
pub mod clock;
pub mod command;
pub mod condition;
pub mod confirm;
pub mod connectivity;
pub mod daemon;
pub mod engine;
pub mod events;
pub mod field;
pub mod health;
pub mod import;
#[cfg(feature = "logind")]
pub mod logind;
pub mod maintenance;
pub mod metrics;
pub mod model;
pub mod monitor;
pub mod notice;
pub mod paths;
pub mod policy;
pub mod probe;
pub mod push_server;
pub mod recovery;
pub mod report;
pub mod runtime;
pub mod scheduler;
pub mod settings;
pub mod spec;
pub mod storage;
