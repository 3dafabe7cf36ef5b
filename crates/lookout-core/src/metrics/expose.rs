//! One scrape's body: the board's snapshot, the [`Tally`] and the store's health written as
//! Prometheus metrics with the `prometheus-client` crate.
//!
//! The crate writes OpenMetrics; the classic text format (0.0.4, what `promtool check
//! metrics` and clients that ask for nothing read) differs only in three ways that
//! [`to_classic_text`] rewrites: no `# EOF` and no `# UNIT`, and a counter's family is named
//! with its `_total`. The crate writes label values as they are, so a monitor named
//! `a"b` would break the whole body; every label value here goes through [`Escaped`].

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use chrono::{DateTime, Utc};
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::{Registry, Unit};

use super::tally::Tally;
use crate::model::Status;
use crate::runtime::Snapshot;
use crate::storage::StorageHealth;

/// Which text format a scrape asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `text/plain; version=0.0.4`, the classic Prometheus text format.
    Text,
    /// `application/openmetrics-text; version=1.0.0`.
    OpenMetrics,
}

impl Format {
    /// The format an `Accept` header asks for: OpenMetrics when it names it, else text.
    pub fn from_accept(accept: Option<&str>) -> Format {
        match accept {
            Some(a) if a.contains("application/openmetrics-text") => Format::OpenMetrics,
            _ => Format::Text,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Text => "text/plain; version=0.0.4; charset=utf-8",
            Format::OpenMetrics => "application/openmetrics-text; version=1.0.0; charset=utf-8",
        }
    }
}

/// What one scrape shows, read at the moment of the scrape.
pub struct View<'a> {
    pub snapshot: &'a Snapshot,
    pub tally: &'a Tally,
    pub storage: &'a StorageHealth,
    /// Scheduling lateness so far: (p50, p99, samples), as [`crate::runtime::Runtime::lateness`].
    pub lateness: (Duration, Duration, u64),
    pub now: DateTime<Utc>,
    /// The `instance` label's value.
    pub instance: &'a str,
}

/// A label value written with the text formats' escapes (`\\`, `\"`, `\n`), whatever it holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Escaped(pub String);

impl EncodeLabelValue for Escaped {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        use std::fmt::Write;
        let mut rest = self.0.as_str();
        while let Some(i) = rest.find(['\\', '"', '\n']) {
            encoder.write_str(&rest[..i])?;
            encoder.write_str(match rest.as_bytes()[i] {
                b'\\' => "\\\\",
                b'"' => "\\\"",
                _ => "\\n",
            })?;
            rest = &rest[i + 1..];
        }
        encoder.write_str(rest)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct Engine {
    instance: Escaped,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct Monitor {
    instance: Escaped,
    monitor: Escaped,
    kind: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct MonitorStatus {
    instance: Escaped,
    monitor: Escaped,
    kind: &'static str,
    status: &'static str,
}

type FGauge = Gauge<f64, AtomicU64>;

/// The probe kind a target names, from its scheme (`https://…` is `http`).
pub fn target_kind(target: &str) -> &'static str {
    let scheme = target.split_once("://").map_or("", |(s, _)| s);
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" => "http",
        "tcp" => "tcp",
        "tls" => "tls",
        "dns" => "dns",
        "icmp" => "icmp",
        "push" => "push",
        _ => "other",
    }
}

/// `lookout_monitor_status`'s `status` label: the status's name in lower case.
fn status_label(s: Status) -> &'static str {
    match s {
        Status::Up => "up",
        Status::Degraded => "degraded",
        Status::Down => "down",
        Status::Maintenance => "maintenance",
        Status::Paused => "paused",
        Status::Unknown => "unknown",
        Status::Offline => "offline",
    }
}

fn secs(at: DateTime<Utc>) -> f64 {
    at.timestamp_millis() as f64 / 1000.0
}

/// Registers a gauge family under `lookout_NAME` and returns it to be filled.
fn gauge<L>(r: &mut Registry, name: &str, help: &str, unit: Option<Unit>) -> Family<L, FGauge>
where
    L: Clone + std::hash::Hash + Eq + EncodeLabelSet + std::fmt::Debug + Send + Sync + 'static,
{
    let f = Family::<L, FGauge>::default();
    match unit {
        Some(u) => r.register_with_unit(name, help, u, f.clone()),
        None => r.register(name, help, f.clone()),
    }
    f
}

fn counter<L>(r: &mut Registry, name: &str, help: &str) -> Family<L, Counter>
where
    L: Clone + std::hash::Hash + Eq + EncodeLabelSet + std::fmt::Debug + Send + Sync + 'static,
{
    let f = Family::<L, Counter>::default();
    r.register(name, help, f.clone());
    f
}

/// The body of one scrape in `format`.
pub fn render(v: &View, format: Format) -> String {
    let mut r = Registry::with_prefix("lookout");
    let up = gauge(&mut r, "monitor_up", "1 when the monitor's last judgement is UP or DEGRADED, 0 when DOWN; absent while paused, in maintenance or not yet checked", None);
    let status = gauge(
        &mut r,
        "monitor_status",
        "The monitor's status, one-hot over the status label",
        None,
    );
    let latency = gauge(
        &mut r,
        "monitor_latency",
        "Time the last check took",
        Some(Unit::Seconds),
    );
    let last = gauge(
        &mut r,
        "monitor_last_check_timestamp",
        "When the last check finished, in Unix time",
        Some(Unit::Seconds),
    );
    let cert_left = gauge(&mut r, "monitor_cert_expiry", "Time left until the certificate's notAfter (negative once expired), where a check read one", Some(Unit::Seconds));
    let cert_at = gauge(
        &mut r,
        "monitor_cert_expiry_timestamp",
        "The certificate's notAfter, in Unix time",
        Some(Unit::Seconds),
    );
    let streak = gauge(
        &mut r,
        "monitor_consecutive_failures",
        "DOWN results in a row up to the last check",
        None,
    );
    let open = gauge(
        &mut r,
        "monitor_incident_open",
        "1 while an incident (not a drill) is open for the monitor",
        None,
    );
    let open_since = gauge(
        &mut r,
        "monitor_incident_open_since_timestamp",
        "When the open incident started, in Unix time",
        Some(Unit::Seconds),
    );
    let checks = counter(
        &mut r,
        "monitor_checks",
        "Checks completed since this process started",
    );
    let failures = counter(
        &mut r,
        "monitor_failures",
        "Checks whose result was DOWN since this process started",
    );

    let mut seen = HashSet::new();
    for m in &v.snapshot.monitors {
        // Two monitors of one name would make one series twice, which Prometheus refuses
        // whole; names are unique in the store, but the first one wins all the same.
        if !seen.insert(m.name.as_str()) {
            continue;
        }
        let kind = target_kind(&m.target);
        let labels = Monitor {
            instance: Escaped(v.instance.to_string()),
            monitor: Escaped(m.name.clone()),
            kind,
        };
        match m.status {
            Status::Up | Status::Degraded => up.get_or_create(&labels).set(1.0),
            Status::Down => up.get_or_create(&labels).set(0.0),
            _ => 0.0,
        };
        for s in Status::ALL {
            let l = MonitorStatus {
                instance: labels.instance.clone(),
                monitor: labels.monitor.clone(),
                kind,
                status: status_label(s),
            };
            status
                .get_or_create(&l)
                .set(if s == m.status { 1.0 } else { 0.0 });
        }
        if let Some(ms) = m.latency_ms {
            latency.get_or_create(&labels).set(ms as f64 / 1000.0);
        }
        if let Some(at) = m.last_check {
            last.get_or_create(&labels).set(secs(at));
        }
        let t = v.tally.monitors.get(&m.id).cloned().unwrap_or_default();
        if let Some(not_after) = t.cert_not_after {
            let left = (not_after - v.now).num_milliseconds() as f64 / 1000.0;
            cert_left.get_or_create(&labels).set(left);
            cert_at.get_or_create(&labels).set(secs(not_after));
        }
        streak
            .get_or_create(&labels)
            .set(t.consecutive_failures as f64);
        let since = t.open_since();
        open.get_or_create(&labels)
            .set(if since.is_some() { 1.0 } else { 0.0 });
        if let Some(since) = since {
            open_since.get_or_create(&labels).set(secs(since));
        }
        checks.get_or_create(&labels).inc_by(t.checks);
        failures.get_or_create(&labels).inc_by(t.failures);
    }

    let engine = Engine {
        instance: Escaped(v.instance.to_string()),
    };
    let g = |r: &mut Registry, name: &str, help: &str, unit: Option<Unit>, value: f64| {
        gauge::<Engine>(r, name, help, unit)
            .get_or_create(&engine)
            .set(value);
    };
    let c = |r: &mut Registry, name: &str, help: &str, value: u64| {
        counter::<Engine>(r, name, help)
            .get_or_create(&engine)
            .inc_by(value);
    };
    let offline = v.snapshot.overall == Status::Offline;
    g(
        &mut r,
        "offline",
        "1 while this machine has no network, so no service is judged",
        None,
        f64::from(u8::from(offline)),
    );
    g(
        &mut r,
        "monitors",
        "Monitors configured",
        None,
        v.snapshot.monitors.len() as f64,
    );
    let s = v.storage;
    g(
        &mut r,
        "storage_fault",
        "1 while the database cannot be written and results wait in memory",
        None,
        f64::from(u8::from(s.fault.is_some())),
    );
    g(
        &mut r,
        "storage_pending_results",
        "Check results waiting in memory for the database (the write queue)",
        None,
        s.pending as f64,
    );
    c(
        &mut r,
        "storage_faults",
        "Storage faults seen begin since this process started",
        v.tally.storage_faults,
    );
    c(
        &mut r,
        "storage_dropped_results",
        "Check results dropped because the buffer for an unwritable database was full",
        s.dropped,
    );
    c(
        &mut r,
        "storage_rejected_results",
        "Check results the database refused",
        s.rejected,
    );
    let (p50, p99, samples) = v.lateness;
    g(
        &mut r,
        "schedule_lateness_p50",
        "Median delay of checks behind their scheduled time",
        Some(Unit::Seconds),
        p50.as_secs_f64(),
    );
    g(
        &mut r,
        "schedule_lateness_p99",
        "99th percentile delay of checks behind their scheduled time",
        Some(Unit::Seconds),
        p99.as_secs_f64(),
    );
    c(
        &mut r,
        "schedule_lateness_samples",
        "Checks measured for lateness",
        samples,
    );
    c(
        &mut r,
        "exporter_events_missed",
        "Events this exporter missed, so its counters are short by them",
        v.tally.events_missed,
    );

    let mut out = String::new();
    // Writing into a String cannot fail; a failure would only leave the body short.
    let _ = prometheus_client::encoding::text::encode(&mut out, &r);
    match format {
        Format::OpenMetrics => out,
        Format::Text => to_classic_text(&out),
    }
}

/// OpenMetrics as the crate writes it, rewritten in the classic text format.
pub fn to_classic_text(open: &str) -> String {
    let counters: HashSet<&str> = open
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.strip_suffix(" counter"))
        .collect();
    let mut out = String::with_capacity(open.len());
    for line in open.lines() {
        if line == "# EOF" || line.starts_with("# UNIT ") {
            continue;
        }
        let line: Cow<str> = match ["# HELP ", "# TYPE "]
            .iter()
            .find_map(|p| line.strip_prefix(p).map(|rest| (p, rest)))
        {
            Some((p, rest)) => {
                let name = rest.split(' ').next().unwrap_or("");
                if counters.contains(name) {
                    format!("{p}{name}_total{}", &rest[name.len()..]).into()
                } else {
                    line.into()
                }
            }
            None => line.into(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
#[path = "expose_tests.rs"]
mod tests;
