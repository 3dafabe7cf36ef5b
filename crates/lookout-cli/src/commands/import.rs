//! `lookout import FILE [--from FORMAT] [--dry-run] [--allow-recovery]`: monitors from a Lookout
//! export, or from a Kener, Uptime Kuma or Gatus file.
//!
//! Lookout's own file is read strictly, as it always was: a duplicated name or an invalid monitor
//! is an error, never renamed or skipped, because the user wrote that file for Lookout. Other
//! tools' files go through [`lookout_core::import`], which maps what it can and names what it
//! can't; those monitors and settings are listed, per monitor, with the reason. Either way every
//! monitor is validated, and checked against the names already in the database, before anything
//! is written: any problem writes none of them, and every problem is named.
//!
//! Recovery actions run as the user whenever a target the file's author chose fails, so a file
//! holding any is refused (exit 2, each action named) unless `--allow-recovery` says the user
//! read them; `--dry-run` lists them. The list is the core's
//! ([`import::recovery_needing_consent`]), the one the dashboard shows. A file is read up to
//! [`import::MAX_FILE_BYTES`], never further.

use lookout_core::import::{self, checked, Consent, Format, ImportPlan, Skipped};
use lookout_core::monitor::Monitor;

use super::{read_input, Ctx};
use crate::cli::{ImportArgs, ImportFormat};
use crate::error::{exit, field_lines, CliError};
use crate::output::{self, table};

fn format_of(f: ImportFormat) -> Format {
    match f {
        ImportFormat::Kener => Format::Kener,
        ImportFormat::UptimeKuma => Format::UptimeKuma,
        ImportFormat::Gatus => Format::Gatus,
        ImportFormat::Lookout => Format::Lookout,
    }
}

/// Refuses recovery actions nobody agreed to: one line saying why and what to do, then one per
/// action, `monitor "NAME": recovery[0]: runs ARGV`.
fn refuse(label: &str, consents: &[Consent]) -> CliError {
    let mut lines = vec![format!(
        "{label}: holds {}, which would run as you whenever a monitored target fails (and whoever \
         wrote the file chooses the targets); read them, then import with --allow-recovery, or \
         remove them from the file",
        plural(consents.len(), "recovery action", "recovery actions")
    )];
    lines.extend(
        consents
            .iter()
            .map(|c| format!("monitor \"{}\": {}: {}", c.monitor, c.field, c.described)),
    );
    CliError::Invalid(lines)
}

pub fn run(ctx: &Ctx, args: &ImportArgs) -> Result<u8, CliError> {
    let label = args.file.display().to_string();
    let text = read_input(&args.file)?;
    let source = checked::read(&text, args.from.map(format_of))
        .map_err(|e| CliError::field(&label, e.to_string()))?;
    let existing = ctx.open_existing()?;
    let taken = |name: &str| match &existing {
        None => Ok::<_, CliError>(false),
        Some(db) => Ok(db.store.monitor_by_name(name).map_err(db.err())?.is_some()),
    };
    let monitors = match checked::problems(&source, taken)? {
        Ok(m) => m,
        Err(errs) => {
            return Err(CliError::Invalid(
                errs.iter().flat_map(|e| field_lines(e, true)).collect(),
            ))
        }
    };
    let consents = import::recovery_needing_consent(&monitors);
    if !consents.is_empty() && !args.allow_recovery && !args.dry_run {
        return Err(refuse(&label, &consents));
    }
    if !args.dry_run {
        let db = match existing {
            Some(db) => db,
            None => ctx.open()?,
        };
        db.store.add_monitors(&monitors).map_err(db.err())?;
    }
    let text = summary(
        &source,
        &monitors,
        &consents,
        args.dry_run,
        args.allow_recovery,
    );
    output::print(&text).map_err(|e| CliError::Failed(format!("stdout: {e}")))?;
    Ok(exit::OK)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `5/2`: the rule's failure and success thresholds.
fn thresholds(m: &Monitor) -> String {
    let mut s = format!(
        "down {}/{}",
        m.alerts.down.failure_threshold, m.alerts.down.success_threshold
    );
    if m.alerts.degraded != lookout_core::monitor::default_degraded_rule() {
        s.push_str(&format!(
            ", degraded {}/{}",
            m.alerts.degraded.failure_threshold, m.alerts.degraded.success_threshold
        ));
    }
    s
}

/// `NAME: reason` lines, grouped by monitor in the order they came.
fn per_monitor(list: &[Skipped]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for s in list {
        if !names.contains(&s.name.as_str()) {
            names.push(&s.name);
        }
    }
    let mut out = String::new();
    for name in names {
        let reasons: Vec<&str> = list
            .iter()
            .filter(|s| s.name == name)
            .map(|s| s.reason.as_str())
            .collect();
        if let [one] = reasons[..] {
            out.push_str(&format!("  {name}: {one}\n"));
        } else {
            out.push_str(&format!("  {name}:\n"));
            for r in reasons {
                out.push_str(&format!("    - {r}\n"));
            }
        }
    }
    out
}

/// What was (or, with `--dry-run`, would be) imported, its recovery actions, the placeholders of
/// a redacted export, then what was not imported and why.
fn summary(
    source: &ImportPlan,
    monitors: &[Monitor],
    consents: &[Consent],
    dry_run: bool,
    allow_recovery: bool,
) -> String {
    let what = plural(monitors.len(), "monitor", "monitors");
    let from = match source.format {
        Format::Lookout => String::new(),
        f => format!(" from {}", f.title()),
    };
    let mut out = if dry_run {
        format!("Would import {what}{from} (dry run: nothing was written)\n")
    } else {
        format!("Imported {what}{from}\n")
    };
    if dry_run && !monitors.is_empty() {
        let rows: Vec<Vec<String>> = monitors
            .iter()
            .map(|m| {
                vec![
                    if m.paused {
                        format!("{} (paused)", m.name)
                    } else {
                        m.name.clone()
                    },
                    m.target.clone(),
                    lookout_core::field::format_duration(m.interval),
                    thresholds(m),
                ]
            })
            .collect();
        out.push('\n');
        out.push_str(&table(&["NAME", "TARGET", "INTERVAL", "THRESHOLDS"], &rows));
        out.push_str(
            "(thresholds are failure/success: failed checks in a row before the alert, \
             passing checks in a row before it resolves)\n",
        );
    }
    if !consents.is_empty() {
        let what = plural(consents.len(), "recovery action", "recovery actions");
        out.push_str(&match (dry_run, allow_recovery) {
            (true, false) => format!(
                "\n{what}, each run as you when its target fails (importing needs \
                 --allow-recovery):\n"
            ),
            (true, true) => format!("\n{what}, each run as you when its target fails:\n"),
            _ => format!("\n{what} imported, each run as you when its target fails:\n"),
        });
        for c in consents {
            out.push_str(&format!("  {} {}: {}\n", c.monitor, c.field, c.described));
        }
    }
    let redacted = checked::redacted(source);
    if !redacted.is_empty() {
        out.push_str(&format!(
            "\n{} REDACTED in the file (a redacted export): set the real values, these checks \
             and actions fail until then:\n",
            plural(redacted.len(), "value is", "values are")
        ));
        out.push_str(&per_monitor(&redacted));
    }
    if !source.skipped.is_empty() {
        out.push_str(&format!(
            "\nNot imported ({}):\n",
            plural(source.skipped.len(), "monitor", "monitors")
        ));
        out.push_str(&per_monitor(&source.skipped));
    }
    if !source.unmapped.is_empty() {
        out.push_str(&format!(
            "\nNot carried over ({}):\n",
            plural(source.unmapped.len(), "setting", "settings")
        ));
        out.push_str(&per_monitor(&source.unmapped));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use lookout_core::spec::MonitorSpec;

    fn spec(name: &str, target: &str) -> MonitorSpec {
        MonitorSpec {
            name: name.into(),
            target: target.into(),
            ..MonitorSpec::default()
        }
    }

    #[test]
    fn lookout_files_are_strict_about_duplicates() {
        let text =
            r#"{"monitors":[{"name":"a","target":"tcp://x:1"},{"name":"a","target":"tcp://x:2"}]}"#;
        let s = checked::read(text, None).unwrap();
        assert_eq!(s.format, Format::Lookout);
        let errs = checked::problems(&s, |_| Ok::<_, ()>(false))
            .unwrap()
            .unwrap_err();
        assert_eq!(errs[0].errors[0].field, "name");
    }

    fn skipped(name: &str, reason: &str) -> Skipped {
        Skipped {
            name: name.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn summary_lists_what_was_left_behind_per_monitor() {
        let m = Monitor::try_from(MonitorSpec {
            paused: Some(true),
            ..spec("web", "https://example.com/")
        })
        .unwrap();
        let source = ImportPlan {
            format: Format::UptimeKuma,
            monitors: Vec::new(),
            skipped: vec![skipped("Containers", "docker has no Lookout equivalent")],
            unmapped: vec![
                skipped("web", "notifications: set up alerts in Lookout"),
                skipped("web", "retryInterval: Lookout checks on one interval"),
            ],
        };
        let text = summary(&source, std::slice::from_ref(&m), &[], true, false);
        assert!(
            text.starts_with("Would import 1 monitor from Uptime Kuma (dry run"),
            "{text}"
        );
        assert!(
            text.contains("web (paused)  https://example.com/  1m"),
            "{text}"
        );
        assert!(text.contains("down 1/1"), "{text}");
        assert!(
            text.contains(
                "Not imported (1 monitor):\n  Containers: docker has no Lookout equivalent\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("Not carried over (2 settings):\n  web:\n    - notifications:"),
            "{text}"
        );
        let real = summary(&source, &[m], &[], false, false);
        assert!(
            real.starts_with("Imported 1 monitor from Uptime Kuma\n"),
            "{real}"
        );
        assert!(!real.contains("THRESHOLDS"), "{real}");
    }
}
