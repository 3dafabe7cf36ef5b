//! clap's usage errors in the reader's language. clap words them itself; in Chinese the common
//! kinds (an unknown argument or subcommand, a missing or invalid value, a conflict) are said
//! again from the catalogue with clap's own context: the argument, its value, what was
//! expected, a suggestion and the usage line. The rare kinds keep clap's English.

use clap::error::{ContextKind, ContextValue, Error, ErrorKind};
use lookout_core::i18n::Lang;
use lookout_core::t;

/// `e` as a person reads it in `lang`, ready for stderr; `None` where clap's own words stand
/// (English, help and version, which clap prints, and the rare kinds).
pub fn words(e: &Error, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let text = |kind| match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) if !v.is_empty() => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) if !v.is_empty() => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    };
    let arg = || text(ContextKind::InvalidArg);
    let value = || text(ContextKind::InvalidValue);
    let main = match e.kind() {
        ErrorKind::UnknownArgument => t!("cli-usage-unknown-argument", arg = arg()?),
        ErrorKind::InvalidSubcommand => t!(
            "cli-usage-unknown-subcommand",
            name = text(ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::MissingRequiredArgument => t!("cli-usage-missing", args = arg()?),
        ErrorKind::InvalidValue => match text(ContextKind::ValidValue) {
            Some(values) => t!(
                "cli-usage-invalid-choice",
                value = value()?,
                arg = arg()?,
                values = values
            ),
            None => t!("cli-usage-invalid-value", value = value()?, arg = arg()?),
        },
        ErrorKind::ValueValidation => t!(
            "cli-usage-invalid-because",
            value = value()?,
            arg = arg()?,
            error = std::error::Error::source(e).map(ToString::to_string)?
        ),
        ErrorKind::ArgumentConflict => t!(
            "cli-usage-conflict",
            arg = arg()?,
            other = text(ContextKind::PriorArg)?
        ),
        _ => return None,
    };
    let mut out = format!("error: {main}\n");
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ];
    if let Some(s) = suggested.into_iter().find_map(text) {
        out.push_str(&format!("\n  {}\n", t!("cli-usage-tip", suggestion = s)));
    }
    if let Some(usage) = text(ContextKind::Usage) {
        // clap writes its own heading; ours is the catalogue's, as in the help.
        let line = usage.strip_prefix("Usage:").unwrap_or(&usage).trim();
        out.push_str(&format!("\n{}{line}\n", t!("cli-clap-usage")));
    }
    out.push_str(&format!("\n{}\n", t!("cli-usage-more")));
    Some(out)
}
