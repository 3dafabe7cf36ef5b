//! Requests from other processes to the running engine, over the shared database (see
//! [`crate::storage::RequestKind`]): `lookout simulate` while the desktop app runs asks *that*
//! engine, so the drill goes through its notifications, channels and timeline.
//!
//! The asker writes a row and waits; the engine claims it in its once-a-second configuration
//! poll, runs it, and writes the answer as JSON: a [`Simulation`], or the [`CommandError`]'s
//! kind, message and field errors.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::state::Engine;
use super::Simulation;
use crate::command::CommandError;
use crate::field::{ConfigError, FieldError};
use crate::model::MonitorId;
use crate::storage::{EngineRequest, RequestKind, RequestState, Store, StoreError};

/// A request left pending longer than this is not run: its asker has given up (or died), and a
/// drill nobody is waiting for would only confuse.
pub const REQUEST_MAX_AGE: Duration = Duration::from_secs(30);

/// How often the asker looks for the answer.
const ANSWER_POLL: Duration = Duration::from_millis(100);

/// Why a request to the running engine got no result.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// The engine refused it (a monitor that is not UP, or gone).
    #[error("{0}")]
    Refused(CommandError),
    /// The engine took it but could not carry it out.
    #[error("{}", crate::t!("error-request-failed", error = .0.as_str()))]
    Failed(String),
    /// No answer in time. `claimed`: the engine had taken it (it may still finish).
    #[error("{}", timeout_message(*.waited, *.claimed))]
    Timeout { waited: Duration, claimed: bool },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn timeout_message(waited: Duration, claimed: bool) -> String {
    let waited = crate::field::format_duration(waited);
    if claimed {
        crate::t!("error-request-timeout-claimed", span = waited)
    } else {
        crate::t!("error-request-timeout", span = waited)
    }
}

/// The answer to a refused or failed request, as stored.
#[derive(Debug, Serialize, Deserialize)]
struct WireError {
    kind: String,
    message: String,
    #[serde(default)]
    monitor: Option<String>,
    #[serde(default)]
    fields: Vec<WireField>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WireField {
    field: String,
    message: String,
}

impl WireError {
    fn of(e: &CommandError) -> WireError {
        let (message, monitor) = match e {
            CommandError::NotFound(what) => (what.clone(), None),
            CommandError::Invalid(c) => (e.to_string(), c.monitor.clone()),
            CommandError::Store(_) => (e.to_string(), None),
        };
        WireError {
            kind: e.kind().to_string(),
            message,
            monitor,
            fields: e
                .field_errors()
                .into_iter()
                .map(|f| WireField {
                    field: f.field,
                    message: f.message,
                })
                .collect(),
        }
    }

    fn into_error(self) -> RequestError {
        match self.kind.as_str() {
            "invalid" => RequestError::Refused(CommandError::Invalid(ConfigError {
                monitor: self.monitor,
                errors: self
                    .fields
                    .into_iter()
                    .map(|f| FieldError::new(f.field, f.message))
                    .collect(),
            })),
            "not_found" => RequestError::Refused(CommandError::NotFound(self.message)),
            _ => RequestError::Failed(self.message),
        }
    }
}

/// Asks the engine running on `store`'s database to simulate an outage of `monitor`, and waits
/// up to `wait` for what it did. Call it when [`super::Runtime::start`] said
/// [`super::RuntimeError::AlreadyRunning`]. On a timeout a request not yet taken is withdrawn,
/// so it never runs later.
pub async fn request_simulation(
    store: &Store,
    monitor: MonitorId,
    wait: Duration,
) -> Result<Simulation, RequestError> {
    let id = store
        .blocking(move |s| s.add_request(RequestKind::SimulateOutage, monitor))
        .await?;
    // Checked: a wait past what an Instant holds is a wait without end.
    let deadline = tokio::time::Instant::now().checked_add(wait);
    loop {
        match store.blocking(move |s| s.request_state(id)).await? {
            RequestState::Done(json) => {
                return serde_json::from_str(&json).map_err(|e| {
                    RequestError::Failed(format!("unreadable answer from the engine ({e}): {json}"))
                })
            }
            RequestState::Failed(json) => {
                return Err(match serde_json::from_str::<WireError>(&json) {
                    Ok(w) => w.into_error(),
                    Err(_) => RequestError::Failed(json),
                })
            }
            RequestState::Cancelled | RequestState::Expired => {
                return Err(RequestError::Timeout {
                    waited: wait,
                    claimed: false,
                })
            }
            state @ (RequestState::Pending | RequestState::Running) => {
                if deadline.is_some_and(|d| tokio::time::Instant::now() >= d) {
                    let withdrawn = state == RequestState::Pending
                        && store.blocking(move |s| s.cancel_request(id)).await?;
                    return Err(RequestError::Timeout {
                        waited: wait,
                        claimed: !withdrawn,
                    });
                }
                tokio::time::sleep(ANSWER_POLL).await;
            }
        }
    }
}

impl Engine {
    /// Claims and answers every pending request, one after the other: each is short (a
    /// simulation is a few synthetic results), and running them here keeps them in the loop
    /// that shutdown stops.
    pub(super) async fn answer_requests(&mut self) {
        let claimed = match self
            .ctx
            .store
            .blocking(|s| s.claim_requests(REQUEST_MAX_AGE))
            .await
        {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "could not read the requests from other processes");
                return;
            }
        };
        for EngineRequest {
            id,
            kind,
            monitor_id,
            ..
        } in claimed
        {
            let answer = match kind {
                RequestKind::SimulateOutage => {
                    tracing::info!(request = id, monitor_id = %monitor_id, "simulating an outage, as another process asked");
                    match self.simulate(monitor_id).await {
                        Ok(sim) => {
                            Ok(serde_json::to_string(&sim).expect("a simulation serializes"))
                        }
                        Err(e) => {
                            Err(serde_json::to_string(&WireError::of(&e))
                                .expect("an error serializes"))
                        }
                    }
                }
            };
            if let Err(e) = self
                .ctx
                .store
                .blocking(move |s| s.finish_request(id, answer))
                .await
            {
                tracing::warn!(request = id, error = %e, "could not answer a request");
            }
        }
    }
}
