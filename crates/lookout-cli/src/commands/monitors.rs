//! `lookout monitors ...`, `import` and `export`: edits to the monitor set, written straight to
//! the database. A running engine (this CLI's `run` or the desktop app) picks them up from there.
//!
//! Input is validated in full before the database is touched, so bad input writes nothing.

use std::collections::HashMap;
use std::path::Path;

use lookout_core::config::{
    self, AlertsSpec, ConfigError, FieldError, MonitorFile, MonitorSpec, RuleSpec,
};
use lookout_core::model::{Monitor, MonitorId, Status};

use super::{read_input, Ctx, Db};
use crate::cli::AddArgs;
use crate::error::{exit, field_lines, CliError};
use crate::output::{self, json_pretty, table};

fn print(text: &str) -> Result<(), CliError> {
    output::print(text).map_err(|e| CliError::Failed(format!("stdout: {e}")))
}

fn exists_error(name: &str) -> FieldError {
    FieldError::new("name", format!("a monitor named \"{name}\" already exists"))
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
        ..MonitorSpec::default()
    }
}

pub fn add(ctx: &Ctx, args: AddArgs) -> Result<u8, CliError> {
    let monitor = Monitor::try_from(add_spec(&args))?;
    let db = ctx.open()?;
    if db
        .store
        .monitor_by_name(&monitor.name)
        .map_err(db.err())?
        .is_some()
    {
        return Err(exists_error(&monitor.name).into());
    }
    db.store.add_monitor(&monitor).map_err(db.err())?;
    print(&format!(
        "Added monitor \"{}\": {} every {}\n",
        monitor.name,
        monitor.target,
        config::format_duration(monitor.interval)
    ))?;
    Ok(exit::OK)
}

fn find(db: &Db, name: &str) -> Result<Monitor, CliError> {
    db.store
        .monitor_by_name(name)
        .map_err(db.err())?
        .ok_or_else(|| CliError::NotFound(format!("no monitor named \"{name}\"")))
}

fn existing(ctx: &Ctx, name: &str) -> Result<(Db, Monitor), CliError> {
    let db = ctx
        .open_existing()?
        .ok_or_else(|| CliError::NotFound(format!("no monitor named \"{name}\"")))?;
    let m = find(&db, name)?;
    Ok((db, m))
}

pub fn remove(ctx: &Ctx, name: &str) -> Result<u8, CliError> {
    let (db, m) = existing(ctx, name)?;
    db.store.remove_monitor(m.id).map_err(db.err())?;
    print(&format!("Removed monitor \"{}\"\n", m.name))?;
    Ok(exit::OK)
}

pub fn set_paused(ctx: &Ctx, name: &str, paused: bool) -> Result<u8, CliError> {
    let (db, m) = existing(ctx, name)?;
    db.store.set_paused(m.id, paused).map_err(db.err())?;
    let verb = if paused { "Paused" } else { "Resumed" };
    print(&format!("{verb} monitor \"{}\"\n", m.name))?;
    Ok(exit::OK)
}

fn all_monitors(ctx: &Ctx) -> Result<(Vec<Monitor>, HashMap<MonitorId, Status>), CliError> {
    let Some(db) = ctx.open_existing()? else {
        return Ok((Vec::new(), HashMap::new()));
    };
    let monitors = db.store.monitors().map_err(db.err())?;
    let states = db
        .store
        .states()
        .map_err(db.err())?
        .into_iter()
        .map(|(id, s)| (id, s.status))
        .collect();
    Ok((monitors, states))
}

/// `{"monitors":[...]}`, each monitor exactly as `import` reads it.
pub fn monitor_file(monitors: &[Monitor]) -> MonitorFile {
    MonitorFile {
        monitors: monitors.iter().map(MonitorSpec::from).collect(),
    }
}

pub fn list(ctx: &Ctx, json: bool) -> Result<u8, CliError> {
    let (monitors, states) = all_monitors(ctx)?;
    if json {
        print(&json_pretty(&monitor_file(&monitors)))?;
        return Ok(exit::OK);
    }
    if monitors.is_empty() {
        print("No monitors. Add one with `lookout monitors add --name NAME --target URL`.\n")?;
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
                config::format_duration(m.interval),
                status.to_string(),
            ]
        })
        .collect();
    print(&table(&["NAME", "TARGET", "INTERVAL", "STATUS"], &rows))?;
    Ok(exit::OK)
}

pub fn export(ctx: &Ctx) -> Result<u8, CliError> {
    let (monitors, _) = all_monitors(ctx)?;
    print(&json_pretty(&monitor_file(&monitors)))?;
    Ok(exit::OK)
}

/// Every problem of an import: each monitor's field errors, and names already in use.
pub fn import_problems(
    file: MonitorFile,
    taken: impl Fn(&str) -> Result<bool, CliError>,
) -> Result<Result<Vec<Monitor>, Vec<ConfigError>>, CliError> {
    let mut clashes = Vec::new();
    for spec in &file.monitors {
        let name = spec.name.trim();
        if !name.is_empty() && taken(name)? {
            clashes.push(ConfigError {
                monitor: Some(name.to_string()),
                errors: vec![exists_error(name)],
            });
        }
    }
    Ok(match config::validate_file(file) {
        Ok(monitors) if clashes.is_empty() => Ok(monitors),
        Ok(_) => Err(clashes),
        Err(mut errs) => {
            errs.append(&mut clashes);
            Err(errs)
        }
    })
}

pub fn import(ctx: &Ctx, path: &Path) -> Result<u8, CliError> {
    let text = read_input(path)?;
    let file = config::parse_monitor_file(&text)
        .map_err(|e| CliError::field(&path.display().to_string(), e.message))?;
    let existing = ctx.open_existing()?;
    let taken = |name: &str| match &existing {
        None => Ok(false),
        Some(db) => Ok(db.store.monitor_by_name(name).map_err(db.err())?.is_some()),
    };
    let monitors = match import_problems(file, taken)? {
        Ok(m) => m,
        Err(errs) => {
            return Err(CliError::Invalid(
                errs.iter().flat_map(|e| field_lines(e, true)).collect(),
            ))
        }
    };
    let db = match existing {
        Some(db) => db,
        None => ctx.open()?,
    };
    db.store.add_monitors(&monitors).map_err(db.err())?;
    let n = monitors.len();
    print(&format!(
        "Imported {n} monitor{}\n",
        if n == 1 { "" } else { "s" }
    ))?;
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
    fn threshold_zero_names_the_field() {
        let mut a = add_args();
        a.failure_threshold = Some(0);
        let e = Monitor::try_from(add_spec(&a)).unwrap_err();
        assert_eq!(e.errors[0].field, "alerts.down.failure_threshold");
    }

    fn spec(name: &str, target: &str) -> MonitorSpec {
        MonitorSpec {
            name: name.into(),
            target: target.into(),
            ..MonitorSpec::default()
        }
    }

    #[test]
    fn import_names_clashes_and_invalid_monitors_together() {
        let file = MonitorFile {
            monitors: vec![
                spec("old", "tcp://127.0.0.1:80"),
                spec("new", "ftp://x"),
                spec("fine", "tcp://127.0.0.1:81"),
            ],
        };
        let errs = import_problems(file, |n| Ok(n == "old"))
            .unwrap()
            .unwrap_err();
        let lines: Vec<String> = errs.iter().flat_map(|e| field_lines(e, true)).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines
            .iter()
            .any(|l| l.starts_with("monitor \"new\": target: ")));
        assert!(lines
            .iter()
            .any(|l| l == "monitor \"old\": name: a monitor named \"old\" already exists"));
    }

    #[test]
    fn clean_import_gives_every_monitor() {
        let file = MonitorFile {
            monitors: vec![spec("a", "tcp://127.0.0.1:80"), spec("b", "http://x/")],
        };
        let ms = import_problems(file, |_| Ok(false)).unwrap().unwrap();
        assert_eq!(ms.len(), 2);
    }
}
