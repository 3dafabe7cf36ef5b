//! Monitors from other tools' files: Kener (v2 YAML, v4 JSON), an Uptime Kuma backup, a Gatus
//! config, or Lookout's own export.
//!
//! Pure: text in, an [`ImportPlan`] out: the [`MonitorSpec`]s to add, each already validated
//! (so adding them cannot fail on their content), the monitors that were skipped and why, and
//! the settings of imported monitors that could not be carried over. Nothing is written; the
//! CLI shows the plan for `--dry-run` and otherwise stores `plan.monitors`.
//!
//! Each source format is one module that maps its documented fields; what has no Lookout
//! equivalent (a Kener JavaScript `eval`, an Uptime Kuma docker monitor, an upside-down
//! monitor) is named with the reason, never silently dropped.
//!
//! Beside the formats: [`consent`] lists the recovery actions an import would save (they run
//! as the user, so a person must agree to them first), and [`redact`] makes an export safe to
//! share. A file is at most [`MAX_FILE_BYTES`]; [`read_text`] reads no more than that.

pub mod checked;
pub mod consent;
mod gatus;
mod kener;
mod kuma;
pub mod redact;

pub use consent::{recovery_needing_consent, recovery_new_to, Consent};
pub use redact::{placeholders, PLACEHOLDER};

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::monitor::Monitor;
use crate::spec::MonitorSpec;

/// The file formats [`import`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Lookout's own `{"monitors": [...]}` export.
    Lookout,
    /// Kener monitors: v2 YAML (`api`/`ping`/`tcp`/`dns` blocks) or v4 JSON (`type`, `type_data`).
    Kener,
    /// An Uptime Kuma backup JSON (`monitorList`).
    UptimeKuma,
    /// A Gatus config YAML (`endpoints`).
    Gatus,
}

impl Format {
    /// The name used by `--from`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Lookout => "lookout",
            Format::Kener => "kener",
            Format::UptimeKuma => "uptime-kuma",
            Format::Gatus => "gatus",
        }
    }
}

impl Format {
    /// The tool's name, for messages.
    pub fn title(self) -> &'static str {
        match self {
            Format::Lookout => "Lookout",
            Format::Kener => "Kener",
            Format::UptimeKuma => "Uptime Kuma",
            Format::Gatus => "Gatus",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Format {
    type Err = ImportError;
    fn from_str(s: &str) -> Result<Format, ImportError> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "lookout" => Format::Lookout,
            "kener" => Format::Kener,
            "uptime-kuma" | "uptimekuma" | "kuma" => Format::UptimeKuma,
            "gatus" => Format::Gatus,
            other => return Err(ImportError::UnknownFormatName(other.to_string())),
        })
    }
}

/// A monitor (or one setting of one) that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The monitor's name in the source file.
    pub name: String,
    pub reason: String,
}

impl Skipped {
    fn new(name: impl Into<String>, reason: impl Into<String>) -> Skipped {
        Skipped {
            name: name.into(),
            reason: reason.into(),
        }
    }
}

/// What an import would add.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportPlan {
    pub format: Format,
    /// Validated: `Monitor::try_from` accepts every one. Names are unique within the plan.
    pub monitors: Vec<MonitorSpec>,
    /// Monitors not imported at all.
    pub skipped: Vec<Skipped>,
    /// Settings of imported monitors that could not be carried over (`name` is the monitor's
    /// name in the plan).
    pub unmapped: Vec<Skipped>,
}

/// The largest import file: far above any real monitor list (a 1,000-monitor Lookout export
/// is about 1 MiB), low enough that parsing it takes well under a second and bounded memory.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The file could not be read as any (or the given) format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{}", crate::t!("error-import-too-large", mib = MAX_FILE_BYTES / (1024 * 1024)))]
    TooLarge,
    #[error("{}", crate::t!("error-import-unreadable", error = .0.as_str()))]
    Unreadable(String),
    #[error("{}", crate::t!("error-import-not-text"))]
    NotText,
    #[error("{}", crate::t!("error-import-unknown-format", format = .0.as_str()))]
    UnknownFormatName(String),
    #[error("{}", crate::t!("error-import-undetected", error = .0.as_str()))]
    Undetected(String),
    #[error("{}", crate::t!("error-import-syntax", format = .format.title(), error = .message.as_str()))]
    Syntax { format: Format, message: String },
    #[error("{}", crate::t!("error-import-wrong-shape", format = .format.title(), error = .message.as_str()))]
    WrongShape { format: Format, message: String },
    /// Lookout's own file, read strictly: the position and the problem (`line 3, column 5: …`).
    #[error("{0}")]
    LookoutFile(String),
}

/// The deepest nesting of `[` and `{` a YAML file may have, as JSON's parser allows.
const MAX_NESTING: usize = 128;

/// How deep `[` and `{` nest in `text`, counting brackets inside quotes too: an over-estimate
/// only for text no monitor file has.
fn flow_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Parsed text: JSON when it looks like JSON, else YAML (which JSON also is).
fn parse_value(text: &str) -> Result<Value, String> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        serde_json::from_str(t).map_err(|e| position(e.line(), e.column(), &e))
    } else {
        // The YAML parser takes seconds on deeply nested flow collections (200,000 `[`);
        // no monitor file nests more than a few levels.
        if flow_depth(t) > MAX_NESTING {
            return Err(crate::t!("import-nesting", max = MAX_NESTING));
        }
        serde_yaml_ng::from_str(t).map_err(|e| match e.location() {
            Some(l) => position(l.line(), l.column(), &e),
            None => e.to_string(),
        })
    }
}

/// A parser's error at its place in the file, worded as a Lookout file's own syntax error is;
/// the parser's message stays its English.
fn position(line: usize, column: usize, e: &dyn fmt::Display) -> String {
    crate::t!(
        "field-file-syntax",
        line = line.to_string(),
        column = column.to_string(),
        error = e.to_string()
    )
}

fn items_have(v: &Value, pred: impl Fn(&serde_json::Map<String, Value>) -> bool) -> bool {
    v.as_array()
        .is_some_and(|a| !a.is_empty() && a.iter().filter_map(Value::as_object).any(pred))
}

fn detect_value(v: &Value) -> Option<Format> {
    let kener_item = |o: &serde_json::Map<String, Value>| {
        o.contains_key("type_data")
            || o.contains_key("monitor_type")
            || ["api", "ping", "tcp", "dns"]
                .iter()
                .any(|k| o.get(*k).is_some_and(Value::is_object))
            || o.contains_key("cron")
    };
    match v {
        Value::Object(o) if o.contains_key("monitorList") => Some(Format::UptimeKuma),
        Value::Object(o) if o.contains_key("endpoints") => Some(Format::Gatus),
        Value::Object(o) => {
            let list = o.get("monitors")?;
            if items_have(list, |i| i.contains_key("target")) {
                Some(Format::Lookout)
            } else if items_have(list, kener_item) {
                Some(Format::Kener)
            } else if list.as_array().is_some_and(Vec::is_empty) {
                Some(Format::Lookout)
            } else {
                None
            }
        }
        Value::Array(_) if items_have(v, kener_item) => Some(Format::Kener),
        _ => None,
    }
}

/// Reads an import file from `r`, at most [`MAX_FILE_BYTES`] (a larger one is
/// [`ImportError::TooLarge`] without reading the rest).
pub fn read_text(r: impl std::io::Read) -> Result<String, ImportError> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    r.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::Unreadable(e.to_string()))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    String::from_utf8(bytes).map_err(|_| ImportError::NotText)
}

fn check_size(text: &str) -> Result<(), ImportError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    Ok(())
}

/// Which format `text` is in, if it is one of them.
pub fn detect(text: &str) -> Result<Format, ImportError> {
    check_size(text)?;
    let v = parse_value(text)
        .map_err(|m| ImportError::Undetected(crate::t!("error-import-neither", error = m)))?;
    detect_value(&v).ok_or_else(|| ImportError::Undetected(crate::t!("error-import-unknown-shape")))
}

/// Reads `text` as `from` (detected when `None`) into validated monitor specs.
pub fn import(text: &str, from: Option<Format>) -> Result<ImportPlan, ImportError> {
    check_size(text)?;
    let format = match from {
        Some(f) => f,
        None => detect(text)?,
    };
    let mut out = Mapped::default();
    if format == Format::Lookout {
        let file = crate::spec::parse_monitor_file(text).map_err(|e| ImportError::Syntax {
            format,
            message: e.message,
        })?;
        for spec in file.monitors {
            out.add(spec);
        }
    } else {
        let v = parse_value(text).map_err(|message| ImportError::Syntax { format, message })?;
        match format {
            Format::Kener => kener::map(&v, &mut out),
            Format::UptimeKuma => kuma::map(&v, &mut out),
            Format::Gatus => gatus::map(&v, &mut out),
            Format::Lookout => unreachable!("handled above"),
        }
        .map_err(|message| ImportError::WrongShape { format, message })?;
    }
    Ok(out.finish(format))
}

/// What a format module produces, before names are made unique and specs validated.
#[derive(Debug, Default)]
pub(crate) struct Mapped {
    monitors: Vec<MonitorSpec>,
    skipped: Vec<Skipped>,
    /// (index into `monitors`, what was not carried over).
    unmapped: Vec<(usize, String)>,
}

impl Mapped {
    /// Adds a monitor; returns its index, for [`Mapped::unmapped`].
    fn add(&mut self, spec: MonitorSpec) -> usize {
        self.monitors.push(spec);
        self.monitors.len() - 1
    }

    fn skip(&mut self, name: &str, reason: impl Into<String>) {
        self.skipped.push(Skipped::new(name, reason));
    }

    /// Notes a setting of monitor `idx` that could not be carried over.
    fn unmapped(&mut self, idx: usize, reason: impl Into<String>) {
        self.unmapped.push((idx, reason.into()));
    }

    fn finish(self, format: Format) -> ImportPlan {
        let mut plan = ImportPlan {
            format,
            monitors: Vec::new(),
            skipped: self.skipped,
            unmapped: Vec::new(),
        };
        let mut seen = HashSet::new();
        for (idx, mut spec) in self.monitors.into_iter().enumerate() {
            let original = spec.name.trim().to_string();
            if !original.is_empty() && !seen.insert(original.clone()) {
                let mut n = 2;
                while !seen.insert(format!("{original} ({n})")) {
                    n += 1;
                }
                spec.name = format!("{original} ({n})");
            }
            let mut notes: Vec<String> = self
                .unmapped
                .iter()
                .filter(|(i, _)| *i == idx)
                .map(|(_, r)| r.clone())
                .collect();
            // A timeout longer than the interval is refused; other tools allow it.
            clamp_timeout(&mut spec, &mut notes);
            match Monitor::try_from(spec.clone()) {
                Ok(_) => {
                    plan.unmapped.extend(
                        notes
                            .into_iter()
                            .map(|r| Skipped::new(spec.name.clone(), r)),
                    );
                    plan.monitors.push(spec);
                }
                Err(e) => {
                    let reason = e
                        .errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(&crate::t!("import-separator"));
                    plan.skipped.push(Skipped::new(
                        if original.is_empty() {
                            crate::t!("import-no-name")
                        } else {
                            original
                        },
                        crate::t!("import-invalid", errors = reason),
                    ));
                }
            }
        }
        plan
    }
}

fn clamp_timeout(spec: &mut MonitorSpec, notes: &mut Vec<String>) {
    let interval = spec
        .interval
        .as_deref()
        .and_then(|i| crate::field::parse_duration("interval", i).ok())
        .unwrap_or(crate::field::defaults::INTERVAL);
    if let Some(t) = spec
        .timeout
        .as_deref()
        .and_then(|t| crate::field::parse_duration("timeout", t).ok())
    {
        if t > interval {
            notes.push(crate::t!(
                "import-timeout-clamped",
                timeout = crate::field::format_duration(t),
                interval = crate::field::format_duration(interval)
            ));
            spec.timeout = Some(crate::field::format_duration(interval));
        }
    }
}

// Helpers shared by the format modules.

fn str_of<'a>(o: &'a Value, key: &str) -> Option<&'a str> {
    o.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn int_of(o: &Value, key: &str) -> Option<i64> {
    match o.get(key)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn bool_of(o: &Value, key: &str) -> Option<bool> {
    match o.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Milliseconds as a Lookout duration: `1500` → `1s 500ms`.
fn ms(n: i64) -> String {
    crate::field::format_duration(std::time::Duration::from_millis(n.max(1) as u64))
}

/// Seconds as a Lookout duration.
fn secs(n: i64) -> String {
    crate::field::format_duration(std::time::Duration::from_secs(n.max(1) as u64))
}

/// A host for a URL: IPv6 addresses in brackets.
fn url_host(h: &str) -> String {
    if h.contains(':') && !h.starts_with('[') {
        format!("[{h}]")
    } else {
        h.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_format() {
        assert_eq!(
            detect(r#"{"version":"1.23","monitorList":[]}"#),
            Ok(Format::UptimeKuma)
        );
        assert_eq!(
            detect("endpoints:\n  - name: a\n    url: https://a.test\n"),
            Ok(Format::Gatus)
        );
        assert_eq!(
            detect("- name: a\n  cron: '* * * * *'\n  api:\n    url: https://a.test\n"),
            Ok(Format::Kener)
        );
        assert_eq!(
            detect(r#"[{"name":"a","monitor_type":"API","type_data":"{}"}]"#),
            Ok(Format::Kener)
        );
        assert_eq!(
            detect(r#"{"monitors":[{"name":"a","target":"tcp://a:1"}]}"#),
            Ok(Format::Lookout)
        );
        assert!(matches!(
            detect("just: text"),
            Err(ImportError::Undetected(_))
        ));
        assert!(matches!(detect("{oops"), Err(ImportError::Undetected(_))));
    }

    #[test]
    fn duplicate_names_are_made_unique_and_invalid_specs_skipped() {
        let mut m = Mapped::default();
        for target in ["tcp://a:1", "tcp://b:2", "ftp://c"] {
            m.add(MonitorSpec {
                name: "x".into(),
                target: target.into(),
                ..Default::default()
            });
        }
        let plan = m.finish(Format::Gatus);
        let names: Vec<_> = plan.monitors.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["x", "x (2)"]);
        assert_eq!(plan.skipped.len(), 1);
        assert!(
            plan.skipped[0].reason.contains("target"),
            "{:?}",
            plan.skipped
        );
    }

    #[test]
    fn format_names() {
        assert_eq!("uptime-kuma".parse::<Format>(), Ok(Format::UptimeKuma));
        assert!("nagios".parse::<Format>().is_err());
    }
}
