//! One check of a monitor: its probe, then its checkpoints under the quorum.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::Monitor;
use crate::field::ConfigError;
use crate::model::{CheckResult, Status};
use crate::probe::{ProbeConfig, Prober};
use crate::spec::MonitorSpec;

/// One check of a monitor with its checkpoints and the quorum. Without checkpoints it is the
/// plain probe check.
pub async fn check(prober: &Prober, m: &Monitor, at: DateTime<Utc>) -> CheckResult {
    let main = prober.check(&m.probe, m.timeout, m.degraded_latency, at);
    if m.confirm.checkpoints.is_empty() {
        return main.await;
    }
    // All at once, each bounded by the timeout: the whole check then ends within one timeout,
    // inside the scheduler's backstop (timeout + 1 s). One after another, a hanging main
    // target would use up the slot and the checkpoints that answer would never be heard.
    let others = m
        .confirm
        .checkpoints
        .iter()
        .map(|c| prober.check(&c.probe, m.timeout, m.degraded_latency, at));
    let all = futures_util::future::join_all(std::iter::once(main).chain(others)).await;
    combine(m, all, at)
}

fn combine(m: &Monitor, results: Vec<CheckResult>, at: DateTime<Utc>) -> CheckResult {
    let targets: Vec<&str> = std::iter::once(m.target.as_str())
        .chain(m.confirm.checkpoints.iter().map(|c| c.target.as_str()))
        .collect();
    let failed: Vec<(usize, &CheckResult)> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status == Status::Down)
        .collect();
    let total = results.len();
    let details = json!({
        "checkpoints": results.iter().zip(&targets).map(|(r, t)| json!({
            "target": t,
            "status": r.status,
            "latency_ms": r.latency.as_millis() as u64,
            "reason": r.reason,
        })).collect::<Vec<_>>(),
        "quorum": m.confirm.quorum.as_str(),
    });
    let latency = results.iter().map(|r| r.latency).max().unwrap_or_default();
    let worst_passing = results
        .iter()
        .filter(|r| r.status != Status::Down)
        .map(|r| r.status)
        .max()
        .unwrap_or(Status::Up);
    let at_checkpoint = |target: &str, r: &CheckResult| {
        crate::said!(
            "reason-checkpoint",
            target = target,
            reason = r.reason.as_str()
        )
    };
    let (status, reason) = if failed.is_empty() {
        let reason = results
            .iter()
            .zip(&targets)
            .filter(|(r, _)| !r.reason.is_empty())
            .map(|(r, t)| at_checkpoint(t, r))
            .collect::<Vec<_>>()
            .join("; ");
        (worst_passing, reason)
    } else {
        let names = failed
            .iter()
            .map(|(i, r)| at_checkpoint(targets[*i], r))
            .collect::<Vec<_>>()
            .join("; ");
        let status = if m.confirm.quorum.is_down(failed.len(), total) {
            Status::Down
        } else {
            Status::Degraded
        };
        let reason = crate::said!(
            "reason-checkpoints-failed",
            failed = failed.len(),
            total = total,
            reason = names
        );
        (status, reason)
    };
    CheckResult {
        at,
        status,
        latency,
        reason,
        details,
    }
}

/// Checks a monitor definition once, outside any runtime (`lookout check`, "Test now").
pub async fn check_spec(spec: MonitorSpec) -> Result<CheckResult, ConfigError> {
    let monitor = Monitor::try_from(spec)?;
    let at = Utc::now();
    if let ProbeConfig::Push(_) = monitor.probe {
        // A one-off check can never receive a push: only a running engine can judge silence.
        return Ok(CheckResult {
            at,
            status: Status::Unknown,
            latency: Duration::ZERO,
            reason: crate::said!("reason-heartbeat-needs-engine"),
            details: serde_json::Value::Null,
        });
    }
    Ok(match Prober::new() {
        Ok(p) => check(&p, &monitor, at).await,
        Err(e) => CheckResult {
            at,
            status: Status::Unknown,
            latency: Duration::ZERO,
            reason: crate::said!("reason-check-not-run", reason = e.to_string()),
            details: serde_json::Value::Null,
        },
    })
}
