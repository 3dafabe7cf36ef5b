//! `lookout simulate NAME`: "Simulate outage" from the command line. The whole alert path runs
//! with synthetic failures (the DOWN rule, an incident, the notifications, recovery actions as a
//! dry run), then recovers; the service is not touched. Its incident is kept, marked as a drill,
//! and no figure (uptime, summaries, MTTR / MTTD) counts it or its synthetic failures.
//!
//! A user who runs it while the desktop app (or `lookout run`) runs on the same data dir expects
//! *that* engine to do it, with its notifications and on its timeline, so it is asked through
//! the database ([`runtime::request_simulation`]). With no engine running, one is started here
//! for the drill, with the action dispatcher beside it as `lookout run` has, and shut down after.

use std::time::Duration;

use lookout_core::model::{Incident, IncidentEventKind, IncidentState, Status};
use lookout_core::monitor::Monitor;
use lookout_core::probe::ProbeConfig;
use lookout_core::report::EventView;
use lookout_core::runtime::{
    self, RequestError, Runtime, RuntimeError, RuntimeOptions, Simulation,
};
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::Store;
use lookout_core::{i18n, t};
use serde::Serialize;

use super::monitors::no_monitor;
use super::{print, Ctx};
use crate::error::{exit, one_line, CliError};
use crate::output::{json_pretty, local_time, status_word, table};

/// How long the running engine has to answer: it looks once a second, and a drill takes
/// moments.
const ENGINE_WAIT: Duration = Duration::from_secs(10);

/// How long to wait for the dispatcher's dry-run lines on the incident's timeline.
const TIMELINE_WAIT: Duration = Duration::from_secs(3);

/// Which engine ran the drill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Engine {
    /// The one already running on the data dir (the desktop app or `lookout run`).
    Running,
    /// One started by this command, none was running.
    InProcess,
}

/// `lookout simulate --json`.
#[derive(Debug, Serialize)]
struct SimulateView<'a> {
    monitor: &'a str,
    monitor_id: i64,
    engine: Engine,
    incident: Option<i64>,
    incident_state: Option<IncidentState>,
    alerted: bool,
    resolved: bool,
    timeline: Vec<EventView<'a>>,
}

pub async fn run(ctx: &Ctx, name: &str, json: bool) -> Result<u8, CliError> {
    let not_found = || CliError::NotFound(no_monitor(name));
    let db = ctx.open_existing()?.ok_or_else(not_found)?;
    let m = db
        .store
        .monitor_by_name(name)
        .map_err(db.err())?
        .ok_or_else(not_found)?;
    let opts = RuntimeOptions {
        only: Some(m.id),
        ..RuntimeOptions::default()
    };
    let (engine, sim) = match Runtime::start(db.store.clone(), opts).await {
        Ok(rt) => (Engine::InProcess, in_process(&rt, &m).await),
        Err(RuntimeError::AlreadyRunning(_)) => (
            Engine::Running,
            runtime::request_simulation(&db.store, m.id, ENGINE_WAIT)
                .await
                .map_err(request_error),
        ),
        Err(e) => {
            let error = one_line(&e);
            return Err(CliError::Failed(t!(
                "cli-simulate-no-engine",
                error = error
            )));
        }
    };
    let sim = sim?;
    let incident = match sim.incident {
        Some(id) => Some(
            settled_incident(&db.store, id, m.recovery.len())
                .await
                .map_err(db.err())?,
        ),
        None => None,
    };
    let text = if json {
        json_pretty(&SimulateView {
            monitor: &sim.monitor,
            monitor_id: sim.monitor_id.0,
            engine,
            incident: sim.incident.map(|i| i.0),
            incident_state: incident.as_ref().map(|i| i.state),
            alerted: sim.alerted,
            resolved: sim.resolved,
            timeline: incident.as_ref().map_or_else(Vec::new, |i| {
                i.events
                    .iter()
                    .map(|e| EventView {
                        at: e.at,
                        kind: e.kind,
                        message: &e.message,
                    })
                    .collect()
            }),
        })
    } else {
        text(engine, &sim, incident.as_ref())
    };
    print(&text)?;
    Ok(exit::OK)
}

/// The drill on an engine started for it, shut down after.
async fn in_process(rt: &Runtime, m: &Monitor) -> Result<Simulation, CliError> {
    let sim = drill(rt, m).await;
    if let Err(e) = rt.shutdown().await {
        tracing::warn!(error = %e, "the drill's engine could not write its last results");
    }
    sim
}

/// With no engine running, the stored status may be old, and the drill is only for a monitor
/// that is UP now: the service is probed once first, outside the engine, so a service that is
/// down refuses the drill without the engine recording (or alerting) anything. If the stored
/// status is not UP, the engine then checks it too, so its own status is current.
async fn drill(rt: &Runtime, m: &Monitor) -> Result<Simulation, CliError> {
    let push = matches!(m.probe, ProbeConfig::Push(_));
    if !m.paused && !push {
        let now = lookout_core::monitor::check_spec(MonitorSpec::from(m)).await?;
        if now.status != Status::Up {
            let (name, status) = (m.name.as_str(), status_word(now.status));
            let message = if now.reason.is_empty() {
                t!("cli-simulate-not-up", name = name, status = status)
            } else {
                let reason = lookout_core::i18n::word(&now.reason);
                let reason = reason.as_ref();
                t!(
                    "cli-simulate-not-up-because",
                    name = name,
                    status = status,
                    reason = reason
                )
            };
            return Err(CliError::field("status", message));
        }
    }
    let actions = lookout_core::action::spawn(rt);
    let mut events = rt.subscribe();
    let stored = rt
        .snapshot()
        .monitors
        .iter()
        .find(|s| s.id == m.id)
        .map(|s| s.status);
    if !m.paused && stored != Some(Status::Up) {
        let _ = rt.check_now(m.id).await;
        let bound =
            (m.timeout + m.confirm.retry_after) * (m.confirm.retries + 1) + Duration::from_secs(5);
        let _ = tokio::time::timeout(bound, async {
            while let Ok(e) = events.recv().await {
                if matches!(e, lookout_core::events::CoreEvent::CheckCompleted { monitor_id, .. } if monitor_id == m.id)
                {
                    break;
                }
            }
        })
        .await;
    }
    let sim = rt.simulate(m.id).await.map_err(CliError::from);
    // Let the dispatcher write the dry-run lines before it stops.
    if let Ok(Some(id)) = sim.as_ref().map(|s| s.incident) {
        let _ = settled_incident(rt.store(), id, m.recovery.len()).await;
    }
    actions.shutdown().await;
    sim
}

fn request_error(e: RequestError) -> CliError {
    match e {
        RequestError::Refused(c) => c.into(),
        RequestError::Store(s) => CliError::Failed(one_line(&s)),
        e => CliError::Failed(e.to_string()),
    }
}

/// The incident once the dispatcher has written a dry-run line per recovery action (or after
/// [`TIMELINE_WAIT`]).
async fn settled_incident(
    store: &Store,
    id: lookout_core::model::IncidentId,
    recovery_actions: usize,
) -> Result<Incident, lookout_core::storage::StoreError> {
    let deadline = tokio::time::Instant::now() + TIMELINE_WAIT;
    loop {
        let inc = store.blocking(move |s| s.incident(id)).await?;
        let dry_runs = inc
            .events
            .iter()
            .filter(|e| {
                e.kind == IncidentEventKind::RecoveryAction && e.message.starts_with("Dry run")
            })
            .count();
        if dry_runs >= recovery_actions || tokio::time::Instant::now() >= deadline {
            return Ok(inc);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn text(engine: Engine, sim: &Simulation, incident: Option<&Incident>) -> String {
    let name = sim.monitor.as_str();
    let mut lines = vec![
        match engine {
            Engine::Running => t!("cli-simulated-running", name = name),
            Engine::InProcess => t!("cli-simulated-in-process", name = name),
        },
        match (sim.alerted, sim.resolved) {
            (true, true) => t!("cli-simulated-alert-resolved"),
            (true, false) => t!("cli-simulated-alert-held"),
            (false, _) => t!("cli-simulated-alert-none"),
        },
    ];
    let Some(i) = incident else {
        lines.push(t!("cli-simulated-no-incident"));
        return lines.join("\n") + "\n";
    };
    let lang = i18n::current();
    let title = lookout_core::report::title_in(lang, &i.monitor, &i.title);
    lines.push(match i.state {
        IncidentState::Resolved => t!(
            "cli-simulated-incident-resolved",
            id = i.id.0,
            title = title
        ),
        IncidentState::Open => t!("cli-simulated-incident-open", id = i.id.0, title = title),
    });
    lines.push(t!("cli-simulated-kept-as-drill"));
    let mut out = lines.join("\n") + "\n\n";
    let rows: Vec<Vec<String>> = i
        .events
        .iter()
        .map(|e| {
            vec![
                local_time(e.at),
                // The event's name, as in `--json` and `lookout run`, in every language.
                e.kind.as_str().to_string(),
                e.message.replace('\n', " "),
            ]
        })
        .collect();
    let headers = [
        t!("cli-col-time"),
        t!("cli-col-kind"),
        t!("cli-col-message"),
    ];
    out.push_str(&table(&headers, &rows));
    out
}
