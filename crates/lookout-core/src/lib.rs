//! Lookout's engine: everything but the GUI.
//!
//! Data flows one way:
//!
//! ```text
//! scheduler ──tick──▶ probe ──CheckResult──▶ runtime: engine loop ──▶ storage + CoreEvents ──▶ shells
//!                                              (thresholds, policies)      (journal)   (bus)
//! ```
//!
//! The modules in layers, each using only those below it (`tests/layers.rs` checks it):
//!
//! 1. **Leaves**: [`field`] (field errors, durations with their bounds, defaults), [`clock`],
//!    [`paths`], [`fault`] (catching a long-lived task's panic, and injecting one in tests),
//!    [`i18n`] (every sentence a person reads, in English and Simplified Chinese).
//! 2. **Vocabulary**: [`model`] (ids, statuses, results, incidents, rules; imports nothing above
//!    it), [`health`] (the overall health and its colour rule, one place for tray and
//!    dashboard), [`events`] (the [`events::CoreEvent`]s and their payloads).
//! 3. **Checks**: [`condition`] (Gatus's condition language), [`probe`] (one module per kind,
//!    each owning its spec section and validation; a failed service is a result, not an
//!    error), [`confirm`], [`connectivity`] (offline or not), [`maintenance`], [`recovery`]
//!    (recovery action specs and their safeguards).
//! 4. **The monitor aggregate**: [`spec`] (what files, flags and forms say), [`monitor`] (a
//!    validated monitor and one check of it), [`import`] (Kener, Uptime Kuma, Gatus files).
//! 5. **Pure decisions**: [`engine`] (the threshold state machine), [`policy`] (the flap cap,
//!    parent holds, sleep settling, the offline watch: each a pure type tested as sequences),
//!    [`notice`] (the words of every notification), [`report`].
//! 6. **Effects**: [`storage`] (the only SQL), [`settings`], [`export`] (the monitors as a
//!    Lookout file), [`scheduler`] (one task per monitor on a fixed grid), [`push_server`] (the
//!    heartbeat listener).
//! 7. **Running**: [`runtime`] (one task owns the engine's state and is fed results, commands
//!    and timers; incident writes through a journal; events to each subscriber in order),
//!    [`action`] (recovery actions and webhook channels, on the events), [`metrics`]
//!    (`/metrics` for Prometheus, on snapshots and events), [`logind`] (feature `logind`:
//!    PrepareForSleep), and [`daemon`]: the one start and shutdown order both shells use.
//!
//! The shells (the `lookout` CLI, the desktop app) start a [`daemon::Daemon`], read
//! [`runtime::Runtime::snapshot`] and listen to [`runtime::Runtime::subscribe`]; they keep only
//! what is theirs: printing, notify-rust, the tray icon, windows.

pub mod action;
pub mod clock;
pub mod command;
pub mod condition;
pub mod confirm;
pub mod connectivity;
pub mod daemon;
pub mod engine;
pub mod events;
pub mod export;
pub mod fault;
pub mod field;
pub mod health;
pub mod i18n;
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
