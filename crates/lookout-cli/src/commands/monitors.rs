//! `lookout monitors ...` and `export`: edits to the monitor set, written straight to
//! the database. A running engine (this CLI's `run` or the desktop app) picks them up from there.
//!
//! Input is validated in full before the database is touched, so bad input writes nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use lookout_core::export::{self, monitor_file, push_token};
use lookout_core::field::FieldError;
use lookout_core::import::redact;
use lookout_core::model::{MonitorId, Status};
use lookout_core::monitor::Monitor;
use lookout_core::probe::push::push_url;
use lookout_core::spec::{AlertsSpec, MonitorFile, MonitorSpec, RuleSpec};
use lookout_core::storage::BrokenMonitor;
use lookout_core::storage::SNOOZE_FOREVER;
use lookout_core::t;

use super::{print, probe_spec, Ctx, Db};
use crate::cli::{AddArgs, ExportArgs};
use crate::error::{exit, CliError};
use crate::output::{for_machines, json_pretty, local_time, status_word, table, NONE};

/// `no monitor named "NAME"`.
pub fn no_monitor(name: &str) -> String {
    t!("cli-no-monitor", name = name)
}

/// The spec `monitors add` describes. Threshold and severity flags are the `down` rule's.
pub fn add_spec(a: &AddArgs) -> MonitorSpec {
    let down =
        (a.failure_threshold.is_some() || a.success_threshold.is_some() || a.severity.is_some())
            .then(|| RuleSpec {
                failure_threshold: a.failure_threshold,
                success_threshold: a.success_threshold,
                severity: a.severity.clone(),
                ..RuleSpec::default()
            });
    MonitorSpec {
        name: a.name.clone(),
        target: a.target.clone(),
        interval: a.interval.clone(),
        timeout: a.timeout.clone(),
        alerts: down.map(|down| AlertsSpec {
            down: Some(down),
            degraded: None,
        }),
        ..probe_spec(&a.probe)
    }
}

/// The push token of a heartbeat monitor.
pub fn add(ctx: &Ctx, args: AddArgs) -> Result<u8, CliError> {
    let monitor = Monitor::try_from(add_spec(&args))?;
    let db = ctx.open()?;
    if db
        .store
        .monitor_by_name(&monitor.name)
        .map_err(db.err())?
        .is_some()
    {
        return Err(lookout_core::import::checked::exists_error(&monitor.name).into());
    }
    db.store.add_monitor(&monitor).map_err(db.err())?;
    let mut text = t!(
        "cli-monitor-added",
        name = monitor.name.as_str(),
        target = monitor.target.as_str(),
        interval = lookout_core::field::format_duration(monitor.interval)
    ) + "\n";
    if let (Some(token), Some(port)) = (
        push_token(&monitor),
        export::push_port(&db.store, std::slice::from_ref(&monitor)).map_err(db.err())?,
    ) {
        text.push_str(&t!("cli-monitor-push-url", url = push_url(port, token)));
        text.push('\n');
    }
    print(&text)?;
    Ok(exit::OK)
}

fn find(db: &Db, name: &str) -> Result<Monitor, CliError> {
    db.store
        .monitor_by_name(name)
        .map_err(db.err())?
        .ok_or_else(|| CliError::NotFound(no_monitor(name)))
}

fn existing(ctx: &Ctx, name: &str) -> Result<(Db, Monitor), CliError> {
    let db = ctx
        .open_existing()?
        .ok_or_else(|| CliError::NotFound(no_monitor(name)))?;
    let m = find(&db, name)?;
    Ok((db, m))
}

pub fn remove(ctx: &Ctx, name: &str) -> Result<u8, CliError> {
    let not_found = || CliError::NotFound(no_monitor(name));
    let db = ctx.open_existing()?.ok_or_else(not_found)?;
    // By name whether it validates or not: a broken monitor must be removable too.
    let id = db
        .store
        .monitor_id_by_name(name)
        .map_err(db.err())?
        .ok_or_else(not_found)?;
    db.store.remove_monitor(id).map_err(db.err())?;
    print(&(t!("cli-monitor-removed", name = name) + "\n"))?;
    Ok(exit::OK)
}

pub fn set_paused(ctx: &Ctx, name: &str, paused: bool) -> Result<u8, CliError> {
    let (db, m) = existing(ctx, name)?;
    let snoozed = !paused
        && db
            .store
            .snoozes(Utc::now())
            .map_err(db.err())?
            .contains_key(&m.id);
    // The store lifts the snooze on resume ("snoozed until resumed").
    db.store.set_paused(m.id, paused).map_err(db.err())?;
    let name = m.name.as_str();
    let text = match (paused, snoozed) {
        (true, _) => t!("cli-monitor-paused", name = name),
        (false, false) => t!("cli-monitor-resumed", name = name),
        (false, true) => t!("cli-monitor-resumed-unsnoozed", name = name),
    };
    print(&(text + "\n"))?;
    Ok(exit::OK)
}

/// When a snooze given as `--for D` ends: `now + D`, or [`SNOOZE_FOREVER`] for `forever`.
pub fn snooze_until(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, FieldError> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("forever") {
        return Ok(SNOOZE_FOREVER);
    }
    let d = lookout_core::field::parse_duration("for", t)?;
    if d < std::time::Duration::from_secs(1) {
        return Err(FieldError::new("for", t!("cli-snooze-too-short")));
    }
    chrono::Duration::from_std(d)
        .ok()
        .and_then(|d| now.checked_add_signed(d))
        .filter(|until| *until < SNOOZE_FOREVER)
        .ok_or_else(|| FieldError::new("for", t!("cli-snooze-too-long")))
}

/// How a snooze's end reads: `until resumed`, or the local time.
fn snoozed_until(until: DateTime<Utc>) -> String {
    if until >= SNOOZE_FOREVER {
        t!("cli-snoozed-until-resumed")
    } else {
        local_time(until)
    }
}

pub fn snooze(ctx: &Ctx, name: &str, duration: &str) -> Result<u8, CliError> {
    // Validate before the database is even opened: bad input writes nothing.
    let until = snooze_until(duration, Utc::now())?;
    let (db, m) = existing(ctx, name)?;
    db.store.set_snooze(m.id, Some(until)).map_err(db.err())?;
    let text = if until >= SNOOZE_FOREVER {
        t!("cli-monitor-snoozed-forever", name = m.name.as_str())
    } else {
        let until = local_time(until);
        t!("cli-monitor-snoozed", name = m.name.as_str(), until = until)
    };
    print(&(text + "\n"))?;
    Ok(exit::OK)
}

/// `monitors list --json`: the monitor file `import` reads, and beside it (only when there
/// are any) the stored monitors that no longer validate, `{id, name, reason}`.
#[derive(serde::Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    file: MonitorFile,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    broken: &'a [BrokenMonitor],
}

/// Every monitor, its status, and the heartbeat port when some monitor is a heartbeat.
struct Listing {
    monitors: Vec<Monitor>,
    /// Stored monitors that no longer validate.
    broken: Vec<BrokenMonitor>,
    states: HashMap<MonitorId, Status>,
    /// When each snooze in force ends.
    snoozes: HashMap<MonitorId, DateTime<Utc>>,
    push_port: Option<u16>,
}

fn all_monitors(ctx: &Ctx) -> Result<Listing, CliError> {
    let Some(db) = ctx.open_existing()? else {
        return Ok(Listing {
            monitors: Vec::new(),
            broken: Vec::new(),
            states: HashMap::new(),
            snoozes: HashMap::new(),
            push_port: None,
        });
    };
    let (monitors, broken) = db.store.stored_monitors().map_err(db.err())?;
    let states = db
        .store
        .states()
        .map_err(db.err())?
        .into_iter()
        .map(|(id, s)| (id, s.status))
        .collect();
    let snoozes = db.store.snoozes(Utc::now()).map_err(db.err())?;
    let push_port = export::push_port(&db.store, &monitors).map_err(db.err())?;
    Ok(Listing {
        monitors,
        broken,
        states,
        snoozes,
        push_port,
    })
}

/// `{"monitors":[...]}`, each monitor exactly as `import` reads it, heartbeats with their
/// `push_url` (which import ignores: the port is the engine's, not the monitor's).
pub fn list(ctx: &Ctx, json: bool) -> Result<u8, CliError> {
    let Listing {
        monitors,
        broken,
        states,
        snoozes,
        push_port,
    } = for_machines(json, || all_monitors(ctx))?;
    if json {
        let listed = Listed {
            file: monitor_file(&monitors, push_port),
            broken: &broken,
        };
        print(&json_pretty(&listed))?;
        return Ok(exit::OK);
    }
    if monitors.is_empty() && broken.is_empty() {
        print(&(t!("cli-no-monitors") + "\n"))?;
        return Ok(exit::OK);
    }
    let rows: Vec<Vec<String>> = monitors
        .iter()
        .map(|m| {
            let status = if m.paused {
                Status::Paused
            } else {
                states.get(&m.id).copied().unwrap_or(Status::Unknown)
            };
            vec![
                m.name.clone(),
                m.target.clone(),
                lookout_core::field::format_duration(m.interval),
                status_word(status),
                snoozes
                    .get(&m.id)
                    .map_or_else(|| NONE.into(), |t| snoozed_until(*t)),
            ]
        })
        .collect();
    let mut rows = rows;
    rows.extend(broken.iter().map(|b| {
        vec![
            b.name.clone(),
            NONE.into(),
            NONE.into(),
            t!("cli-monitor-broken"),
            NONE.into(),
        ]
    }));
    let headers = [
        t!("cli-col-name"),
        t!("cli-col-target"),
        t!("cli-col-interval"),
        t!("cli-col-status"),
        t!("cli-col-snoozed"),
    ];
    let mut text = table(&headers, &rows);
    if !broken.is_empty() {
        text.push_str(&format!("\n{}\n", t!("cli-monitors-broken-note")));
        for b in &broken {
            text.push_str(&format!("  {}: {}\n", b.name, b.reason));
        }
    }
    let pushes: Vec<Vec<String>> = monitors
        .iter()
        .filter_map(|m| {
            let url = push_url(push_port?, push_token(m)?);
            Some(vec![format!("  {}", m.name), url])
        })
        .collect();
    if !pushes.is_empty() {
        text.push_str(&format!("\n{}\n", t!("cli-monitors-heartbeat-urls")));
        text.push_str(&table_body(&pushes));
    }
    print(&text)?;
    Ok(exit::OK)
}

/// A table without its header line.
fn table_body(rows: &[Vec<String>]) -> String {
    let n = rows.first().map_or(0, Vec::len);
    let blank = vec![""; n];
    let t = table(&blank, rows);
    t.split_once('\n')
        .map_or(t.clone(), |(_, rest)| rest.to_string())
}

/// `lookout export [--redact]`.
pub fn export(ctx: &Ctx, args: &ExportArgs) -> Result<u8, CliError> {
    let l = all_monitors(ctx)?;
    let mut file = monitor_file(&l.monitors, l.push_port);
    if args.redact {
        file.monitors = file.monitors.iter().map(redact::redact).collect();
        print(&json_pretty(&file))?;
        // What redaction cannot promise, said where the person who runs it reads it (stderr:
        // stdout is the file).
        let commands = export::recovery_commands(&file);
        if commands > 0 {
            eprintln!("note: {}", t!("cli-export-redacted-commands", n = commands));
        }
        return Ok(exit::OK);
    }
    print(&json_pretty(&file))?;
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add_args() -> AddArgs {
        AddArgs {
            name: "api".into(),
            target: "tcp://127.0.0.1:80".into(),
            interval: Some("5s".into()),
            timeout: None,
            failure_threshold: None,
            success_threshold: None,
            severity: None,
            probe: Default::default(),
        }
    }

    #[test]
    fn rule_flags_fill_the_down_rule_only_when_given() {
        assert_eq!(add_spec(&add_args()).alerts, None);
        let mut a = add_args();
        a.failure_threshold = Some(3);
        a.severity = Some("warning".into());
        let m = Monitor::try_from(add_spec(&a)).unwrap();
        assert_eq!(m.alerts.down.failure_threshold, 3);
        assert_eq!(m.alerts.down.success_threshold, 1);
        assert_eq!(m.alerts.down.severity.as_str(), "warning");
        assert!(m.alerts.down.create_incident);
    }

    #[test]
    fn snooze_durations() {
        let now = Utc::now();
        assert_eq!(
            snooze_until("4h", now).unwrap(),
            now + chrono::Duration::hours(4)
        );
        assert_eq!(snooze_until("Forever", now).unwrap(), SNOOZE_FOREVER);
        assert_eq!(snooze_until("soon", now).unwrap_err().field, "for");
        assert_eq!(snooze_until("0s", now).unwrap_err().field, "for");
        assert_eq!(snooze_until("100000000h", now).unwrap_err().field, "for");
    }

    #[test]
    fn threshold_zero_names_the_field() {
        let mut a = add_args();
        a.failure_threshold = Some(0);
        let e = Monitor::try_from(add_spec(&a)).unwrap_err();
        assert_eq!(e.errors[0].field, "alerts.down.failure_threshold");
    }
}
