//! The settings a user sets by name (`lookout settings`, the dashboard): which keys exist,
//! their defaults, their validation and the value in force, in one place for both shells.
//!
//! Values live in the database's key-value settings table ([`Store::setting`]), shared by every
//! process on the data dir. A change bumps `config_rev`, so a running engine, here or in the
//! other process, applies what it can at once ([`Applies::Now`]); the heartbeat port is bound
//! when the engine starts ([`Applies::NextStart`]).

use serde::Serialize;

use crate::command::CommandError;
use crate::connectivity::{format_references, parse_references, DEFAULT_REFERENCES};
use crate::field::{defaults, ConfigError, FieldError};
use crate::i18n;
use crate::storage::{Store, StoreError};

pub use crate::storage::{LANGUAGE, METRICS_LISTEN, PUSH_PORT, REFERENCE_TARGETS};

/// Every user-facing setting, in the order listed.
pub const KEYS: [&str; 4] = [PUSH_PORT, REFERENCE_TARGETS, METRICS_LISTEN, LANGUAGE];

/// When a running engine uses a new value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applies {
    /// Within its next configuration poll (about a second).
    Now,
    /// When the engine next starts.
    NextStart,
}

/// One setting as `lookout settings list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting {
    pub key: &'static str,
    /// The value in force, written the way `set` takes it.
    pub value: String,
    pub default: String,
    /// Nothing valid is stored, so the default is in force.
    pub is_default: bool,
    pub applies: Applies,
    /// A stored value that is ignored because it does not validate (the table was edited by
    /// hand), and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<String>,
}

fn unknown(key: &str) -> ConfigError {
    ConfigError {
        monitor: None,
        errors: vec![FieldError::new(
            key,
            format!("unknown setting; the settings are {}", KEYS.join(", ")),
        )],
    }
}

/// `key`'s value as it is stored, or every problem with it (each a [`FieldError`] on the key,
/// or on the unknown key itself).
pub fn normalize(key: &str, value: &str) -> Result<String, ConfigError> {
    let invalid = |errors| ConfigError {
        monitor: None,
        errors,
    };
    match key {
        PUSH_PORT => match value.trim().parse::<u16>() {
            Ok(p) if p > 0 => Ok(p.to_string()),
            _ => Err(invalid(vec![FieldError::new(
                PUSH_PORT,
                format!("must be a port number from 1 to 65535, got \"{value}\""),
            )])),
        },
        REFERENCE_TARGETS => parse_references(value)
            .map(|refs| format_references(&refs))
            .map_err(invalid),
        METRICS_LISTEN => match value.trim() {
            "" | "off" => Ok(String::new()),
            v => match crate::field::parse_listen(v) {
                Some(addr) => Ok(addr.to_string()),
                None => Err(invalid(vec![FieldError::new(
                    METRICS_LISTEN,
                    format!(
                        "must be a port (9464), an address (0.0.0.0:9464) or off, got \"{value}\""
                    ),
                )])),
            },
        },
        LANGUAGE => match value.trim() {
            v if v.is_empty() || v.eq_ignore_ascii_case(i18n::AUTO) => Ok(i18n::AUTO.to_string()),
            v => i18n::LANGS
                .into_iter()
                .find(|l| l.tag().eq_ignore_ascii_case(v))
                .map(|l| l.tag().to_string())
                .ok_or_else(|| {
                    invalid(vec![FieldError::new(
                        LANGUAGE,
                        crate::t!("setting-language-invalid", value = value),
                    )])
                }),
        },
        _ => Err(unknown(key)),
    }
}

/// The language the `language` setting puts in force ([`i18n::resolve`]): its own, or the OS
/// locale's for `auto`, nothing stored or a value that does not validate.
pub fn language(store: &Store) -> Result<i18n::Lang, StoreError> {
    Ok(language_of(store.setting(LANGUAGE)?))
}

/// [`language`] of the database file at `db_path`, read without opening it as a store
/// ([`Store::peek_setting`]): the OS locale's where the file does not exist.
pub fn language_at(db_path: &std::path::Path) -> Result<i18n::Lang, StoreError> {
    Ok(language_of(Store::peek_setting(db_path, LANGUAGE)?))
}

fn language_of(stored: Option<String>) -> i18n::Lang {
    let valid = stored.and_then(|v| normalize(LANGUAGE, &v).ok());
    i18n::resolve(valid.as_deref())
}

/// What applies when nothing is stored.
pub fn default_value(key: &str) -> Option<String> {
    match key {
        PUSH_PORT => Some(defaults::PUSH_PORT.to_string()),
        REFERENCE_TARGETS => Some(DEFAULT_REFERENCES.join(",")),
        METRICS_LISTEN => Some(String::new()),
        LANGUAGE => Some(i18n::AUTO.to_string()),
        _ => None,
    }
}

/// `key` if it is a known setting, else the error naming it and the known ones.
pub fn check_key(key: &str) -> Result<&'static str, ConfigError> {
    KEYS.into_iter()
        .find(|k| *k == key)
        .ok_or_else(|| unknown(key))
}

/// One setting: the stored value if it validates, else the default.
pub fn get(store: &Store, key: &str) -> Result<Setting, CommandError> {
    let key = check_key(key).map_err(CommandError::Invalid)?;
    Ok(setting(key, store.setting(key)?))
}

/// Every setting, in [`KEYS`] order.
pub fn list(store: &Store) -> Result<Vec<Setting>, StoreError> {
    KEYS.into_iter()
        .map(|k| Ok(setting(k, store.setting(k)?)))
        .collect()
}

/// Every setting as it is where nothing is stored (no database yet).
pub fn defaults() -> Vec<Setting> {
    KEYS.into_iter().map(|k| setting(k, None)).collect()
}

fn setting(key: &'static str, stored: Option<String>) -> Setting {
    let default = default_value(key).unwrap_or_default();
    let applies = match key {
        PUSH_PORT | METRICS_LISTEN => Applies::NextStart,
        _ => Applies::Now,
    };
    let (value, ignored) = match stored {
        None => (None, None),
        Some(stored) => match normalize(key, &stored) {
            Ok(v) => (Some(v), None),
            Err(e) => (
                None,
                Some(format!("the stored value \"{stored}\" is ignored: {e}")),
            ),
        },
    };
    Setting {
        key,
        is_default: value.is_none(),
        value: value.unwrap_or_else(|| default.clone()),
        default,
        applies,
        ignored,
    }
}

/// Validates and stores a value; nothing is written when it is invalid.
pub fn set(store: &Store, key: &str, value: &str) -> Result<Setting, CommandError> {
    let value = normalize(key, value).map_err(CommandError::Invalid)?;
    store.set_setting(key, &value)?;
    get(store, key)
}

/// Forgets the stored value, so the default applies again.
pub fn unset(store: &Store, key: &str) -> Result<Setting, CommandError> {
    let key = check_key(key).map_err(CommandError::Invalid)?;
    store.remove_setting(key)?;
    Ok(setting(key, None))
}

/// The heartbeat port the data dir is configured for: the stored setting, else the default.
pub fn configured_push_port(store: &Store) -> Result<u16, StoreError> {
    Ok(store
        .setting(PUSH_PORT)?
        .and_then(|p| p.parse().ok())
        .unwrap_or(defaults::PUSH_PORT))
}

/// Where `/metrics` is to be served, if the user turned it on. A stored value that no longer
/// parses is ignored with a warning (off).
pub fn configured_metrics_listen(
    store: &Store,
) -> Result<Option<std::net::SocketAddr>, StoreError> {
    let Some(text) = store.setting(METRICS_LISTEN)? else {
        return Ok(None);
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    let addr = crate::field::parse_listen(&text);
    if addr.is_none() {
        tracing::warn!(value = %text, "the stored metrics_listen is invalid; metrics are off");
    }
    Ok(addr)
}

/// The references the user set, or `None` for the defaults. A stored value that does not parse
/// (the table edited by hand) is ignored with a warning rather than turning the check off.
pub fn configured_references(store: &Store) -> Result<Option<Vec<String>>, StoreError> {
    let Some(text) = store.setting(REFERENCE_TARGETS)? else {
        return Ok(None);
    };
    match crate::connectivity::parse_references(&text) {
        Ok(refs) => Ok(Some(refs)),
        Err(errors) => {
            let why: Vec<String> = errors.into_iter().map(|e| e.message).collect();
            tracing::warn!(value = %text, problems = %why.join("; "), "the stored reference_targets is invalid; using the defaults");
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(key: &str, value: &str) -> Vec<FieldError> {
        normalize(key, value).unwrap_err().errors
    }

    /// Each problem's message, which must name the entry and say why.
    fn messages(value: &str) -> Vec<String> {
        let errs = errors(REFERENCE_TARGETS, value);
        assert!(
            errs.iter().all(|e| e.field == REFERENCE_TARGETS),
            "{errs:?}"
        );
        errs.into_iter().map(|e| e.message).collect()
    }

    #[test]
    fn metrics_listen_is_a_port_an_address_or_off() {
        let ok = |v: &str| normalize(METRICS_LISTEN, v).unwrap();
        assert_eq!(ok("9464"), "127.0.0.1:9464");
        assert_eq!(ok(":9464"), "127.0.0.1:9464");
        assert_eq!(ok(" 0.0.0.0:9464 "), "0.0.0.0:9464");
        assert_eq!(ok("[::1]:9464"), "[::1]:9464");
        assert_eq!(ok("off"), "");
        assert_eq!(ok(""), "");
        for bad in ["99999", "nowhere at all", "1.2.3.4"] {
            let errs = errors(METRICS_LISTEN, bad);
            assert_eq!(errs[0].field, METRICS_LISTEN);
            assert!(errs[0].message.contains(bad), "{errs:?}");
        }
        assert_eq!(default_value(METRICS_LISTEN).as_deref(), Some(""));
    }

    #[test]
    fn reference_targets_are_normalized() {
        let ok = |v: &str| normalize(REFERENCE_TARGETS, v).unwrap();
        assert_eq!(ok("10.0.0.1:53"), "10.0.0.1:53");
        assert_eq!(
            ok(" 10.0.0.1:53, GW.Lab.Example:443\n[0:0::1]:53 "),
            "10.0.0.1:53,gw.lab.example:443,[::1]:53"
        );
        assert_eq!(ok("gw.lab.example.:443"), "gw.lab.example:443");
        // Off: only the route check.
        assert_eq!(ok("none"), "none");
        assert_eq!(ok("NONE"), "none");
        assert_eq!(ok(""), "none");
        assert_eq!(ok(" , "), "none");
        assert_eq!(parse_references("none").unwrap(), Vec::<String>::new());
        assert_eq!(
            parse_references("[fd00::1]:53").unwrap(),
            vec!["[fd00::1]:53".to_string()]
        );
    }

    #[test]
    fn bad_reference_targets_say_why_and_name_the_entry() {
        let one = |v: &str| {
            let m = messages(v);
            assert_eq!(m.len(), 1, "{v}: {m:?}");
            m.into_iter().next().unwrap()
        };
        assert_eq!(
            one("1.1.1.1"),
            "\"1.1.1.1\": no port; write host:port, e.g. 10.0.0.1:53"
        );
        assert!(one("1.1.1.1:0").contains("port 0"));
        assert!(one("1.1.1.1:65536").contains("from 1 to 65535, got \"65536\""));
        assert!(one("1.1.1.1:dns").contains("got \"dns\""));
        assert!(one("1.1.1.1:").contains("the port is empty"));
        assert!(one(":53").contains("the host is empty"));
        assert!(one("::1:53").contains("in brackets, e.g. [::1]:53"));
        assert!(one("[::1]").contains("no port"));
        assert!(one("[::1:53").contains("must close with ]"));
        assert!(one("[nope]:53").contains("\"nope\" is not an IPv6 address"));
        assert!(one("999.1.1.1:53").contains("not an IPv4 address"));
        assert!(one("bad_host!:53").contains("not a host name or IP address"));
        assert!(one("-lab:53").contains("not a host name"));
        assert!(one("tcp://10.0.0.1:53").contains("without a scheme"));
        assert_eq!(
            one("10.0.0.1:53,10.0.0.2:53,10.0.0.1:053"),
            "\"10.0.0.1:053\" is listed twice"
        );
        assert!(one("LAB:53 lab:53").contains("listed twice"));
        // "none" among targets is not a target.
        assert!(one("none,10.0.0.1:53").contains("\"none\": no port"));
        let many: Vec<String> = (1..=17).map(|i| format!("10.0.0.{i}:53")).collect();
        assert!(one(&many.join(",")).contains("at most 16"));
    }

    #[test]
    fn every_bad_entry_is_reported_at_once() {
        let m = messages("1.1.1.1, 8.8.8.8:53, :9, 8.8.8.8:53");
        assert_eq!(m.len(), 3, "{m:?}");
        assert!(m[0].starts_with("\"1.1.1.1\""), "{m:?}");
        assert!(m[1].starts_with("\":9\""), "{m:?}");
        assert!(m[2].contains("listed twice"), "{m:?}");
    }

    #[test]
    fn push_port_is_a_port() {
        assert_eq!(normalize(PUSH_PORT, " 9000 ").unwrap(), "9000");
        for bad in ["0", "65536", "-1", "port", ""] {
            let e = errors(PUSH_PORT, bad);
            assert_eq!(e[0].field, PUSH_PORT);
            assert!(e[0].message.contains("from 1 to 65535"), "{bad}: {e:?}");
        }
    }

    #[test]
    fn an_unknown_key_names_itself_and_the_known_ones() {
        let e = errors("reference_target", "x");
        assert_eq!(e[0].field, "reference_target");
        assert_eq!(
            e[0].message,
            "unknown setting; the settings are push_port, reference_targets, metrics_listen, language"
        );
    }

    #[test]
    fn set_list_unset_on_a_real_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("lookout.db")).unwrap();
        let all = list(&store).unwrap();
        assert_eq!(all, defaults());
        assert_eq!(all.iter().map(|s| s.key).collect::<Vec<_>>(), KEYS);
        assert!(all.iter().all(|s| s.is_default && s.value == s.default));
        assert_eq!(all[1].value, "1.1.1.1:443,8.8.8.8:53,9.9.9.9:443");
        assert_eq!(all[0].applies, Applies::NextStart);
        assert_eq!(all[1].applies, Applies::Now);

        let s = set(&store, REFERENCE_TARGETS, "10.0.0.1:53, [::1]:53").unwrap();
        assert_eq!(
            (s.value.as_str(), s.is_default),
            ("10.0.0.1:53,[::1]:53", false)
        );
        assert_eq!(
            store.setting(REFERENCE_TARGETS).unwrap().as_deref(),
            Some("10.0.0.1:53,[::1]:53")
        );

        // Invalid: refused, and what was stored stays.
        let e = set(&store, REFERENCE_TARGETS, "10.0.0.1").unwrap_err();
        assert_eq!(e.kind(), "invalid");
        assert_eq!(e.field_errors()[0].field, REFERENCE_TARGETS);
        assert!(matches!(
            set(&store, "nope", "1").unwrap_err(),
            CommandError::Invalid(_)
        ));
        assert!(store.setting("nope").unwrap().is_none());
        assert_eq!(
            get(&store, REFERENCE_TARGETS).unwrap().value,
            "10.0.0.1:53,[::1]:53"
        );

        let s = unset(&store, REFERENCE_TARGETS).unwrap();
        assert!(s.is_default);
        assert_eq!(store.setting(REFERENCE_TARGETS).unwrap(), None);
        assert!(unset(&store, "nope").is_err());

        // A value edited in by hand that does not validate is shown, and the default applies.
        store.set_setting(REFERENCE_TARGETS, "1.1.1.1").unwrap();
        let s = get(&store, REFERENCE_TARGETS).unwrap();
        assert!(s.is_default);
        assert!(s.ignored.unwrap().contains("no port"));
    }
}
