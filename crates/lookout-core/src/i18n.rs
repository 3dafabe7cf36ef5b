//! The words in English and Simplified Chinese: every sentence a person reads comes from the
//! Fluent catalogues in `locales/<language>/*.ftl`, built into the binary.
//!
//! One language is in force per process ([`current`]), chosen by the `language` setting where
//! it says one and by the OS locale otherwise ([`resolve`]); the engine applies a changed
//! setting without a restart. What machines read (JSON, event names, exit codes, files) never
//! goes through here.
//!
//! Each area has its own file and key prefix, so a key names where it is used: `core.ftl`
//! (durations, dates, notifications, settings), `validation.ftl` (`field-`, what is wrong
//! with a field), `cli.ftl` (`cli-`), `report.ftl`
//! (`report-`), `desktop.ftl` (`tray-`, `desktop-`) and `ui.ftl` (`ui-`, the dashboard's,
//! which reaches the page as its source through the bridge: [`source`]). What Lookout writes
//! down in English and words again for the reader, `reasons.ftl` (`reason-`) and
//! `timeline.ftl` (`timeline-`), has its own module: [`said`]. `errors.ftl` (`error-`) says
//! what went wrong to whoever asked.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub mod said;
pub use said::{word, word_in};

/// A language Lookout speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    ZhCn,
}

/// The languages, in the order a selector lists them.
pub const LANGS: [Lang; 2] = [Lang::En, Lang::ZhCn];

/// Each language's catalogue files: (file name, its text).
const CATALOGUES: [(Lang, &[(&str, &str)]); 2] = [
    (
        Lang::En,
        &[
            ("core.ftl", include_str!("../locales/en/core.ftl")),
            (
                "validation.ftl",
                include_str!("../locales/en/validation.ftl"),
            ),
            ("cli.ftl", include_str!("../locales/en/cli.ftl")),
            ("report.ftl", include_str!("../locales/en/report.ftl")),
            ("desktop.ftl", include_str!("../locales/en/desktop.ftl")),
            ("ui.ftl", include_str!("../locales/en/ui.ftl")),
            ("reasons.ftl", include_str!("../locales/en/reasons.ftl")),
            ("timeline.ftl", include_str!("../locales/en/timeline.ftl")),
            ("errors.ftl", include_str!("../locales/en/errors.ftl")),
            ("import.ftl", include_str!("../locales/en/import.ftl")),
        ],
    ),
    (
        Lang::ZhCn,
        &[
            ("core.ftl", include_str!("../locales/zh-CN/core.ftl")),
            (
                "validation.ftl",
                include_str!("../locales/zh-CN/validation.ftl"),
            ),
            ("cli.ftl", include_str!("../locales/zh-CN/cli.ftl")),
            ("report.ftl", include_str!("../locales/zh-CN/report.ftl")),
            ("desktop.ftl", include_str!("../locales/zh-CN/desktop.ftl")),
            ("ui.ftl", include_str!("../locales/zh-CN/ui.ftl")),
            ("reasons.ftl", include_str!("../locales/zh-CN/reasons.ftl")),
            (
                "timeline.ftl",
                include_str!("../locales/zh-CN/timeline.ftl"),
            ),
            ("errors.ftl", include_str!("../locales/zh-CN/errors.ftl")),
            ("import.ftl", include_str!("../locales/zh-CN/import.ftl")),
        ],
    ),
];

impl Lang {
    /// The BCP 47 tag: `en`, `zh-CN` (what the `language` setting stores).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// A tag or a POSIX locale (`zh-CN`, `zh_CN.UTF-8`, `zh-Hans`, `en_GB`, `C`) as one of
    /// ours; `None` for a language Lookout does not speak. Every Chinese is Simplified
    /// Chinese: the one Chinese catalogue is the nearest for a `zh_TW` reader too.
    pub fn parse(s: &str) -> Option<Lang> {
        let base = s.split(['.', '@']).next().unwrap_or("").trim();
        let lang = base.split(['_', '-']).next().unwrap_or("");
        match lang.to_ascii_lowercase().as_str() {
            "en" | "c" | "posix" => Some(Lang::En),
            "zh" => Some(Lang::ZhCn),
            _ => None,
        }
    }

    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::ZhCn => 1,
        }
    }
}

/// The OS locale's language, as POSIX reads it: the first of `LC_ALL`, `LC_MESSAGES` and
/// `LANG` that is set; English where none is or it names a language Lookout does not speak.
pub fn from_env() -> Lang {
    from_vars(|k| std::env::var(k).ok())
}

fn from_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(var)
        .find(|v| !v.trim().is_empty())
        .and_then(|v| Lang::parse(&v))
        .unwrap_or(Lang::En)
}

/// The language in force for a `language` setting: its own where it names one, the OS
/// locale's for `auto` or nothing.
pub fn resolve(setting: Option<&str>) -> Lang {
    match setting.map(str::trim) {
        Some(s) if !s.is_empty() && s != AUTO => Lang::parse(s).unwrap_or_else(from_env),
        _ => from_env(),
    }
}

/// The `language` setting's value for "follow the OS locale".
pub const AUTO: &str = "auto";

static CURRENT: AtomicU8 = AtomicU8::new(u8::MAX);

thread_local! {
    /// [`with_lang`]'s language on this thread, over the process's.
    static OVERRIDE: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// The language in force: [`with_lang`]'s on this thread, else the last [`set`], else the OS
/// locale's.
pub fn current() -> Lang {
    if let Some(lang) = OVERRIDE.with(|o| o.get()) {
        return lang;
    }
    match CURRENT.load(Ordering::Relaxed) {
        0 => Lang::En,
        1 => Lang::ZhCn,
        _ => from_env(),
    }
}

/// Runs `f` with `lang` in force on this thread only: words in one language without changing
/// the process's (tests that run side by side on threads, each in its language).
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            OVERRIDE.with(|o| o.set(self.0));
        }
    }
    let _restore = Restore(OVERRIDE.with(|o| o.replace(Some(lang))));
    f()
}

/// Puts `lang` in force for this process; returns whether it changed.
pub fn set(lang: Lang) -> bool {
    let v = lang.index() as u8;
    CURRENT.swap(v, Ordering::Relaxed) != v
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle; 2] {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| LANGS.map(bundle))
}

fn bundle(lang: Lang) -> Bundle {
    let id: unic_langid::LanguageIdentifier = lang.tag().parse().expect("our tags are valid");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks (U+2068/2069) around every value would reach terminals and notification
    // servers as stray characters; neither language is right-to-left.
    bundle.set_use_isolating(false);
    for (file, text) in files(lang) {
        // A broken catalogue is a build defect that `tests` catch; what parses is still used.
        let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(res, errors)| {
            tracing::error!(
                file,
                lang = lang.tag(),
                ?errors,
                "catalogue has syntax errors"
            );
            res
        });
        bundle.add_resource_overriding(res);
    }
    bundle
}

fn files(lang: Lang) -> &'static [(&'static str, &'static str)] {
    CATALOGUES[lang.index()].1
}

/// One catalogue file's text (`ui.ftl` for the dashboard), or `None` for an unknown file.
pub fn source(lang: Lang, file: &str) -> Option<&'static str> {
    files(lang)
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, text)| *text)
}

/// A message's argument.
pub type Arg<'a> = FluentValue<'a>;

/// The message `id` in the language in force, with `args`. See [`tr_in`].
pub fn tr(id: &str, args: &[(&str, Arg)]) -> String {
    tr_in(current(), id, args)
}

/// The message `id` in `lang`, with `args`; English where `lang` lacks it, and the id itself
/// where no catalogue has it (a visible defect, never a panic: `tests` keep both complete).
pub fn tr_in(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    let mut fargs = FluentArgs::with_capacity(args.len());
    for (k, v) in args {
        fargs.set(*k, v.clone());
    }
    for l in [lang, Lang::En] {
        let bundle = &bundles()[l.index()];
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = vec![];
            let text: Cow<str> = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            if !errors.is_empty() {
                tracing::warn!(id, lang = l.tag(), ?errors, "message formatted with errors");
            }
            return text.into_owned();
        }
    }
    tracing::warn!(id, "no catalogue has this message");
    id.to_string()
}

/// `t!("id")`, `t!("id", name = value, ...)`: [`tr`] with named arguments.
#[macro_export]
macro_rules! t {
    ($id:expr) => {
        $crate::i18n::tr($id, &[])
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// `45s`, `3m 12s`, `2h 5m`, `3d 4h` (`45秒`, `3分钟12秒`...): two units at most, as people
/// say it, in the language in force.
pub fn duration(secs: i64) -> String {
    duration_in(current(), secs)
}

/// [`duration`] in `lang`.
pub fn duration_in(lang: Lang, secs: i64) -> String {
    let s = secs.max(0);
    let (d, h, m, sec) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    let unit = |id: &str, n: i64| tr_in(lang, id, &[("n", Arg::from(n))]);
    let (big, small) = if d > 0 {
        (
            unit("duration-days", d),
            (h > 0).then(|| unit("duration-hours", h)),
        )
    } else if h > 0 {
        (
            unit("duration-hours", h),
            (m > 0).then(|| unit("duration-minutes", m)),
        )
    } else if m > 0 {
        (
            unit("duration-minutes", m),
            (sec > 0).then(|| unit("duration-seconds", sec)),
        )
    } else {
        return unit("duration-seconds", sec);
    };
    match small {
        Some(small) => tr_in(
            lang,
            "duration-pair",
            &[("big", Arg::from(big)), ("small", Arg::from(small))],
        ),
        None => big,
    }
}

/// humantime's `parse_duration`, without its panic: humantime adds the parts of `1s 1000ms`
/// with a carry that panics ("overflow in Duration::new") once the seconds reach u64::MAX
/// (`18446744073709551615s 1000ms`), and such text comes from anywhere: a field, a value in a
/// response body a condition compares, a stored reason. A text that adds up to that much is
/// refused as `NumberOverflow`, as humantime refuses any other number too large.
pub fn read_duration(s: &str) -> Result<std::time::Duration, humantime::DurationError> {
    if adds_up_past_u64_seconds(s) {
        return Err(humantime::DurationError::NumberOverflow);
    }
    humantime::parse_duration(s)
}

/// Whether the numbers and units of `s` (as humantime reads them) add up to u64::MAX seconds
/// or more; `false` for anything humantime will refuse on its own.
fn adds_up_past_u64_seconds(s: &str) -> bool {
    const NS: u128 = 1_000_000_000;
    let mut total: u128 = 0;
    let mut rest = s.trim();
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return false;
        }
        let n: u128 = rest[..digits].parse().unwrap_or(u128::MAX);
        rest = rest[digits..].trim_start();
        let letters = rest.len() - rest.trim_start_matches(|c: char| c.is_alphabetic()).len();
        let per: u128 = match &rest[..letters] {
            "nanos" | "nsec" | "ns" => 1,
            "usec" | "us" | "µs" => 1_000,
            "millis" | "msec" | "ms" => 1_000_000,
            "seconds" | "second" | "secs" | "sec" | "s" => NS,
            "minutes" | "minute" | "min" | "mins" | "m" => 60 * NS,
            "hours" | "hour" | "hr" | "hrs" | "h" => 3600 * NS,
            "days" | "day" | "d" => 86_400 * NS,
            "weeks" | "week" | "wk" | "wks" | "w" => 604_800 * NS,
            "months" | "month" | "M" => 2_630_016 * NS,
            "years" | "year" | "yr" | "yrs" | "y" => 31_557_600 * NS,
            _ => return false,
        };
        rest = rest[letters..].trim_start();
        total = total.saturating_add(n.saturating_mul(per));
    }
    total >= u128::from(u64::MAX) * NS
}

/// A date and time (`2026-12-07 14:02` / `2026年12月7日 14:02`) in `lang`.
pub fn date_time_format(lang: Lang) -> String {
    tr_in(lang, "format-date-time", &[])
}

/// A date alone (`2026-12-07` / `2026年12月7日`) in `lang`.
pub fn date_format(lang: Lang) -> String {
    tr_in(lang, "format-date", &[])
}

#[cfg(test)]
mod tests;
