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
use lookout_core::t;

use super::{print, read_input, Ctx};
use crate::cli::{ImportArgs, ImportFormat};
use crate::error::{exit, field_lines, monitor_line, CliError};
use crate::output::table;

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
    let mut lines = vec![t!("cli-import-refused", file = label, n = consents.len())];
    lines.extend(
        consents
            .iter()
            .map(|c| monitor_line(&c.monitor, &c.field, &c.described)),
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
    print(&text)?;
    Ok(exit::OK)
}

/// `down 5/2`: the rules' failure and success thresholds, the degraded rule's too where it is
/// not the default.
fn thresholds(m: &Monitor) -> String {
    let (down, degraded) = (&m.alerts.down, &m.alerts.degraded);
    let (f, s) = (down.failure_threshold, down.success_threshold);
    let mut out = t!("cli-import-thresholds-down", failure = f, success = s);
    if *degraded != lookout_core::monitor::default_degraded_rule() {
        let (f, s) = (degraded.failure_threshold, degraded.success_threshold);
        out.push_str(&t!(
            "cli-import-thresholds-degraded",
            failure = f,
            success = s
        ));
    }
    out
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
    let n = monitors.len();
    let mut out = match (source.format, dry_run) {
        (Format::Lookout, true) => t!("cli-import-would", n = n),
        (Format::Lookout, false) => t!("cli-import-done", n = n),
        (f, true) => t!("cli-import-would-from", n = n, source = f.title()),
        (f, false) => t!("cli-import-done-from", n = n, source = f.title()),
    };
    out.push('\n');
    if dry_run && !monitors.is_empty() {
        let rows: Vec<Vec<String>> = monitors
            .iter()
            .map(|m| {
                vec![
                    if m.paused {
                        t!("cli-import-paused", name = m.name.as_str())
                    } else {
                        m.name.clone()
                    },
                    m.target.clone(),
                    lookout_core::field::format_duration(m.interval),
                    thresholds(m),
                ]
            })
            .collect();
        let headers = [
            t!("cli-col-name"),
            t!("cli-col-target"),
            t!("cli-col-interval"),
            t!("cli-col-thresholds"),
        ];
        out.push('\n');
        out.push_str(&table(&headers, &rows));
        out.push_str(&(t!("cli-import-thresholds-note") + "\n"));
    }
    if !consents.is_empty() {
        let n = consents.len();
        let what = match (dry_run, allow_recovery) {
            (true, false) => t!("cli-import-recovery-needs-consent", n = n),
            (true, true) => t!("cli-import-recovery-listed", n = n),
            _ => t!("cli-import-recovery-imported", n = n),
        };
        out.push_str(&format!("\n{what}\n"));
        for c in consents {
            out.push_str(&format!("  {} {}: {}\n", c.monitor, c.field, c.described));
        }
    }
    let redacted = checked::redacted(source);
    if !redacted.is_empty() {
        let what = t!("cli-import-redacted", n = redacted.len());
        out.push_str(&format!("\n{what}\n"));
        out.push_str(&per_monitor(&redacted));
    }
    if !source.skipped.is_empty() {
        let what = t!("cli-import-skipped", n = source.skipped.len());
        out.push_str(&format!("\n{what}\n"));
        out.push_str(&per_monitor(&source.skipped));
    }
    if !source.unmapped.is_empty() {
        let what = t!("cli-import-unmapped", n = source.unmapped.len());
        out.push_str(&format!("\n{what}\n"));
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
        let en = lookout_core::i18n::Lang::En;
        lookout_core::i18n::with_lang(en, summary_in_english);
    }

    fn summary_in_english() {
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
