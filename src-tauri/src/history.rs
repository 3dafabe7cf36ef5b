//! The history a dashboard row shows: a latency sparkline of the last hours, 30 daily uptime
//! bars and the 30-day uptime ratio.
//!
//! The store answers the questions; this module only shapes the answers for the screen. Raw
//! checks can be thousands per monitor (one a second for hours), so the sparkline is
//! [`downsample`]d here, before it crosses the IPC bridge.

use chrono::{DateTime, Duration, Utc};
use lookout_core::model::{MonitorId, Status};
use lookout_core::storage::{Store, StoreError};
use serde::Serialize;

/// Hours of latency in the sparkline.
pub const SPARK_HOURS: i64 = 6;
/// Points in the sparkline at most.
pub const SPARK_POINTS: usize = 72;
/// Days of uptime bars.
pub const DAYS: i64 = 30;

/// One sparkline point: the mean latency of a run of checks, and their worst status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatencyPoint {
    pub at: DateTime<Utc>,
    pub latency_ms: u64,
    pub status: Status,
}

/// One daily uptime bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayBar {
    pub start: DateTime<Utc>,
    pub up: u64,
    pub degraded: u64,
    pub down: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitorHistory {
    pub id: MonitorId,
    pub latency: Vec<LatencyPoint>,
    pub days: Vec<DayBar>,
    /// Share of passing checks over the last 30 days; `None` without checks.
    pub uptime: Option<f64>,
}

/// Reduces `points` (oldest first) to at most `max` by averaging consecutive runs.
pub fn downsample(points: &[LatencyPoint], max: usize) -> Vec<LatencyPoint> {
    if max == 0 || points.is_empty() {
        return Vec::new();
    }
    if points.len() <= max {
        return points.to_vec();
    }
    let chunk = points.len().div_ceil(max);
    points
        .chunks(chunk)
        .map(|run| LatencyPoint {
            at: run[run.len() - 1].at,
            latency_ms: run.iter().map(|p| p.latency_ms).sum::<u64>() / run.len() as u64,
            status: run
                .iter()
                .map(|p| p.status)
                .max()
                .unwrap_or(Status::Unknown),
        })
        .collect()
}

/// Everything one dashboard row needs.
pub fn load(
    store: &Store,
    id: MonitorId,
    now: DateTime<Utc>,
    spark: Duration,
) -> Result<MonitorHistory, StoreError> {
    let checks: Vec<LatencyPoint> = store
        .recent_checks(id, now - spark)?
        .into_iter()
        .map(|c| LatencyPoint {
            at: c.at,
            latency_ms: c.latency_ms,
            status: c.status,
        })
        .collect();
    let since = now - Duration::days(DAYS);
    let days = store
        .daily_uptime(id, since)?
        .into_iter()
        .map(|b| DayBar {
            start: b.start,
            up: b.up,
            degraded: b.degraded,
            down: b.down,
        })
        .collect();
    Ok(MonitorHistory {
        id,
        latency: downsample(&checks, SPARK_POINTS),
        days,
        uptime: store.uptime_ratio(id, since)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(i: i64, ms: u64, status: Status) -> LatencyPoint {
        LatencyPoint {
            at: DateTime::from_timestamp(1_700_000_000 + i, 0).unwrap(),
            latency_ms: ms,
            status,
        }
    }

    #[test]
    fn short_series_pass_through() {
        let pts = vec![p(0, 10, Status::Up), p(1, 20, Status::Up)];
        assert_eq!(downsample(&pts, 72), pts);
        assert!(downsample(&[], 72).is_empty());
    }

    #[test]
    fn long_series_are_averaged_and_keep_the_worst_status() {
        let mut pts: Vec<_> = (0..1000).map(|i| p(i, 10, Status::Up)).collect();
        pts[5] = p(5, 1010, Status::Down);
        let out = downsample(&pts, 72);
        assert!(out.len() <= 72, "{}", out.len());
        assert_eq!(out[0].status, Status::Down);
        assert!(out[0].latency_ms > 10);
        assert_eq!(out[1].status, Status::Up);
        assert_eq!(out[1].latency_ms, 10);
        assert_eq!(out.last().unwrap().at, pts.last().unwrap().at);
    }
}
