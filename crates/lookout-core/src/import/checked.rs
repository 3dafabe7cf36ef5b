//! An import file read and checked against the database before anything is written: the one
//! path `lookout import` and the dashboard's Import both take, so they accept, refuse and
//! describe the same file the same way.
//!
//! Lookout's own file is read strictly: a duplicated name or an invalid monitor is an error,
//! never renamed or skipped, because the user wrote that file for Lookout. Other tools' files go
//! through [`import`](super::import), which maps what it can and names what it can't. Either way
//! every monitor is validated, and checked against the names already in use, before anything is
//! written: any problem writes none of them, and every problem is named.

use serde::Serialize;

use super::{import, placeholders, recovery_needing_consent, Consent, Format, ImportError};
use super::{ImportPlan, Skipped};
use crate::field::{ConfigError, FieldError};
use crate::monitor::{validate_file, Monitor};
use crate::spec::{parse_monitor_file, MonitorFile};

/// What a file holds, as [`read`] found it. For Lookout's own file nothing is skipped.
pub fn read(text: &str, from: Option<Format>) -> Result<ImportPlan, ImportError> {
    if text.len() > super::MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    let format = match from {
        Some(f) => f,
        None => super::detect(text)?,
    };
    if format != Format::Lookout {
        return import(text, Some(format));
    }
    let file = parse_monitor_file(text).map_err(|e| ImportError::LookoutFile(e.message))?;
    Ok(ImportPlan {
        format,
        monitors: file.monitors,
        skipped: Vec::new(),
        unmapped: Vec::new(),
    })
}

/// The field error of a name already in use.
pub fn exists_error(name: &str) -> FieldError {
    FieldError::new("name", crate::t!("field-name-exists", name = name))
}

/// Every monitor of `plan` validated, or every problem: each monitor's field errors and each
/// name `taken` says is in use.
pub fn problems<E>(
    plan: &ImportPlan,
    taken: impl Fn(&str) -> Result<bool, E>,
) -> Result<Result<Vec<Monitor>, Vec<ConfigError>>, E> {
    let mut clashes = Vec::new();
    for spec in &plan.monitors {
        let name = spec.name.trim();
        if !name.is_empty() && taken(name)? {
            clashes.push(ConfigError {
                monitor: Some(name.to_string()),
                errors: vec![exists_error(name)],
            });
        }
    }
    let file = MonitorFile {
        monitors: plan.monitors.clone(),
    };
    Ok(match validate_file(file) {
        Ok(monitors) if clashes.is_empty() => Ok(monitors),
        Ok(_) => Err(clashes),
        Err(mut errs) => {
            errs.append(&mut clashes);
            Err(errs)
        }
    })
}

/// The REDACTED placeholders of a redacted export, per monitor: those checks and actions fail
/// until the real values are set.
pub fn redacted(plan: &ImportPlan) -> Vec<Skipped> {
    plan.monitors
        .iter()
        .flat_map(|s| {
            placeholders(s)
                .into_iter()
                .map(|f| Skipped::new(s.name.trim(), f))
        })
        .collect()
}

/// What importing a file would do, for a person to read before saying yes: the dashboard's
/// preview, the same facts `lookout import --dry-run` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    pub format: Format,
    /// The monitors it would add: name, target, interval (`30s`).
    pub monitors: Vec<PreviewMonitor>,
    /// Each recovery action, as it would run; importing needs a yes for them.
    pub consents: Vec<Consent>,
    /// Placeholders of a redacted export.
    pub redacted: Vec<Skipped>,
    /// Monitors not imported, with the reason.
    pub skipped: Vec<Skipped>,
    /// Settings not carried over.
    pub unmapped: Vec<Skipped>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviewMonitor {
    pub name: String,
    pub target: String,
    pub interval: String,
    pub paused: bool,
}

impl Preview {
    pub fn new(plan: &ImportPlan, monitors: &[Monitor]) -> Preview {
        Preview {
            format: plan.format,
            monitors: monitors
                .iter()
                .map(|m| PreviewMonitor {
                    name: m.name.clone(),
                    target: m.target.clone(),
                    interval: crate::field::format_duration(m.interval),
                    paused: m.paused,
                })
                .collect(),
            consents: recovery_needing_consent(monitors),
            redacted: redacted(plan),
            skipped: plan.skipped.clone(),
            unmapped: plan.unmapped.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::MonitorSpec;

    fn plan(monitors: Vec<MonitorSpec>) -> ImportPlan {
        ImportPlan {
            format: Format::Lookout,
            monitors,
            skipped: Vec::new(),
            unmapped: Vec::new(),
        }
    }

    fn spec(name: &str, target: &str) -> MonitorSpec {
        MonitorSpec {
            name: name.into(),
            target: target.into(),
            ..MonitorSpec::default()
        }
    }

    #[test]
    fn names_clashes_and_invalid_monitors_together() {
        let p = plan(vec![
            spec("old", "tcp://127.0.0.1:80"),
            spec("new", "ftp://x"),
            spec("fine", "tcp://127.0.0.1:81"),
        ]);
        let errs = problems(&p, |n| Ok::<_, ()>(n == "old"))
            .unwrap()
            .unwrap_err();
        let fields: Vec<(Option<String>, String)> = errs
            .iter()
            .flat_map(|e| {
                e.errors
                    .iter()
                    .map(|f| (e.monitor.clone(), f.field.clone()))
            })
            .collect();
        assert_eq!(fields.len(), 2, "{errs:?}");
        assert!(fields.contains(&(Some("new".into()), "target".into())));
        assert!(fields.contains(&(Some("old".into()), "name".into())));
    }

    #[test]
    fn a_lookout_file_is_read_strictly_and_other_formats_are_detected() {
        let p = read(
            r#"{"monitors":[{"name":"a","target":"tcp://127.0.0.1:1"}]}"#,
            None,
        )
        .unwrap();
        assert_eq!(p.format, Format::Lookout);
        assert_eq!(p.monitors.len(), 1);
        let e = read("{\"monitors\": [", Some(Format::Lookout)).unwrap_err();
        assert!(e.to_string().starts_with("line 1, column"), "{e}");
        assert!(read("just words", None).is_err());
    }

    #[test]
    fn the_preview_lists_monitors_and_each_recovery_action() {
        let p = read(
            r#"{"monitors":[{"name":"api","target":"http://127.0.0.1:1/","interval":"30s",
                "recovery":[{"run":["systemctl","restart","api"]}]}]}"#,
            None,
        )
        .unwrap();
        let monitors = problems(&p, |_| Ok::<_, ()>(false)).unwrap().unwrap();
        let preview = Preview::new(&p, &monitors);
        assert_eq!(preview.monitors[0].interval, "30s");
        assert_eq!(preview.consents[0].described, "runs systemctl restart api");
    }
}
