//! What Lookout writes down and people read later: check reasons (`reasons.ftl`, `reason-`)
//! and incident timeline entries (`timeline.ftl`, `timeline-`).
//!
//! They are stored, sent in events and printed in JSON as English, because machines, old
//! databases and other languages' readers share them: the producer words them with
//! [`said!`](crate::said), from the English catalogue. A person's view words them again in
//! the language in force ([`word`]) by recognising which English message a text is and
//! reading its arguments back. So a database written in English reads in Chinese, and a text
//! Lookout does not know (an older wording, a server's own error) shows as it was.
//!
//! An argument is worded again by its name: `$reason…` is itself such a text, `$span…` a
//! length (`1m 3s`), `$status…` a status word (`DOWN`); the rest (numbers, names, targets,
//! a server's error) are kept as they are.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use fluent_syntax::unicode::unescape_unicode_to_string;

use super::{files, tr_in, Arg, Lang};

/// The catalogue files whose messages are written down in English.
pub const FILES: [&str; 2] = ["reasons.ftl", "timeline.ftl"];

/// A part of an English message, its select expressions spelled out.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Var(String),
}

/// One way an English message reads: its id and parts.
#[derive(Debug, Clone)]
struct Shape {
    id: String,
    parts: Vec<Part>,
}

/// `said!("id", name = value, ...)`: the English text of a message of [`FILES`], for what is
/// stored and sent.
#[macro_export]
macro_rules! said {
    ($id:expr) => {
        $crate::i18n::tr_in($crate::i18n::Lang::En, $id, &[])
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr_in(
            $crate::i18n::Lang::En,
            $id,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
    };
}

/// Every way the English messages of [`FILES`] read, most literal text first: of two that
/// recognise as much of a text, the first is the more specific. (The page spells its own from
/// the same English sources, which the bridge sends: `ui/app/js/said.js`.)
fn shapes() -> &'static [Shape] {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut out = vec![];
        for (file, text) in files(Lang::En) {
            if !FILES.contains(file) {
                continue;
            }
            let Ok(res) = FluentResource::try_new(text.to_string()) else {
                continue; // `tests` catch a broken catalogue
            };
            for entry in res.entries() {
                if let Entry::Message(m) = entry {
                    if let Some(value) = &m.value {
                        for parts in spell(value) {
                            out.push(Shape {
                                id: m.id.name.to_string(),
                                parts: merge(parts),
                            });
                        }
                    }
                }
            }
        }
        out.sort_by_key(|s| std::cmp::Reverse(literal_len(&s.parts)));
        out
    })
}

fn literal_len(parts: &[Part]) -> usize {
    parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => t.chars().count(),
            Part::Var(_) => 0,
        })
        .sum()
}

/// Each variant of a pattern as a list of parts.
fn spell(p: &Pattern<&str>) -> Vec<Vec<Part>> {
    let mut ways = vec![vec![]];
    for el in &p.elements {
        let options: Vec<Vec<Part>> = match el {
            PatternElement::TextElement { value } => vec![vec![Part::Text(value.to_string())]],
            PatternElement::Placeable { expression } => spell_expr(expression),
        };
        ways = ways
            .iter()
            .flat_map(|w| {
                options.iter().map(move |o| {
                    let mut w = w.clone();
                    w.extend(o.iter().cloned());
                    w
                })
            })
            .collect();
    }
    ways
}

fn spell_expr(e: &Expression<&str>) -> Vec<Vec<Part>> {
    match e {
        Expression::Select { variants, .. } => {
            variants.iter().flat_map(|v| spell(&v.value)).collect()
        }
        Expression::Inline(i) => vec![spell_inline(i)],
    }
}

fn spell_inline(i: &InlineExpression<&str>) -> Vec<Part> {
    match i {
        InlineExpression::VariableReference { id } => vec![Part::Var(id.name.to_string())],
        // `{"\u000A"}`: a line break, written as Fluent escapes it.
        InlineExpression::StringLiteral { value } => {
            vec![Part::Text(unescape_unicode_to_string(value).into_owned())]
        }
        InlineExpression::NumberLiteral { value } => vec![Part::Text(value.to_string())],
        InlineExpression::FunctionReference { arguments, .. } => arguments
            .positional
            .first()
            .map(spell_inline)
            .unwrap_or_default(),
        InlineExpression::Placeable { expression } => spell_expr(expression)
            .into_iter()
            .next()
            .unwrap_or_default(),
        // Our written-down messages refer to no other message: `tests` hold them to it.
        InlineExpression::MessageReference { .. } | InlineExpression::TermReference { .. } => {
            vec![]
        }
    }
}

/// Adjacent texts as one.
fn merge(parts: Vec<Part>) -> Vec<Part> {
    let mut out: Vec<Part> = vec![];
    for p in parts {
        match (out.last_mut(), p) {
            (Some(Part::Text(a)), Part::Text(b)) => a.push_str(&b),
            (_, Part::Text(b)) if b.is_empty() => {}
            (_, p) => out.push(p),
        }
    }
    out
}

/// The arguments that make `parts` read `text`, or `None`. Each argument is at least one
/// character, and a variable ends at the first place the rest fits.
#[cfg(test)]
fn fit<'p, 't>(parts: &'p [Part], text: &'t str) -> Option<Vec<(&'p str, &'t str)>> {
    let mut unbounded = usize::MAX;
    fit_within(parts, text, &mut unbounded)
}

/// [`fit`], trying at most `steps` places for its variables in all (taken from `steps`):
/// a text built to make every variable try every place would otherwise take time to the power
/// of the number of variables.
fn fit_within<'p, 't>(
    parts: &'p [Part],
    text: &'t str,
    steps: &mut usize,
) -> Option<Vec<(&'p str, &'t str)>> {
    fn go<'p, 't>(
        parts: &'p [Part],
        s: &'t str,
        out: &mut Vec<(&'p str, &'t str)>,
        steps: &mut usize,
    ) -> bool {
        match parts.split_first() {
            None => s.is_empty(),
            Some((Part::Text(t), rest)) => s
                .strip_prefix(t.as_str())
                .is_some_and(|s| go(rest, s, out, steps)),
            Some((Part::Var(v), rest)) => match rest.first() {
                None if !s.is_empty() => {
                    out.push((v, s));
                    true
                }
                Some(Part::Text(t)) => {
                    for (at, _) in s.match_indices(t.as_str()) {
                        if *steps == 0 {
                            return false;
                        }
                        *steps -= 1;
                        if at == 0 {
                            continue;
                        }
                        out.push((v, &s[..at]));
                        if go(rest, &s[at..], out, steps) {
                            return true;
                        }
                        out.pop();
                    }
                    false
                }
                // Two variables side by side cannot be told apart: `tests` refuse them.
                _ => false,
            },
        }
    }
    let mut out = vec![];
    go(parts, text, &mut out, steps).then_some(out)
}

/// `text`, written down in English, in the language in force.
pub fn word(text: &str) -> Cow<'_, str> {
    word_in(super::current(), text)
}

/// `text`, written down in English, in `lang`: the catalogue's message it is, its arguments
/// worded in turn; `text` itself where it is no message we know.
///
/// A text may read several ways: a variable can take in a neighbouring message (a check's
/// reasons joined by "; ", a checkpoint's target before its reason, a re-check's note after a
/// message that ends in a parenthesis). It reads the way that recognises the most of it
/// ([`covered`]): reasons joined by "; " one by one where every one is ours, else the message
/// that covers the most.
pub fn word_in(lang: Lang, text: &str) -> Cow<'_, str> {
    if lang == Lang::En || text.is_empty() || text.len() > MAX_LEN {
        return Cow::Borrowed(text);
    }
    word_at(lang, text, MAX_DEPTH, &mut Work::default())
}

/// Bounds on wording one text, which may hold anyone's words (a server's error, a job's pushed
/// message, a recovery command's output): longer texts are shown as they are, our messages
/// are looked for at most this deep inside each other, and [`fit`] tries at most this many
/// places in all. Our own texts are a few hundred bytes, nested three or four deep.
const MAX_LEN: usize = 4096;
const MAX_DEPTH: u8 = 8;
const MAX_STEPS: usize = 20_000;

/// What one wording has found and may still spend.
struct Work<'t> {
    /// What [`covered`] found for each text at each depth (a text and its parts are asked
    /// about more than once).
    covered: HashMap<(&'t str, u8), usize>,
    steps: usize,
}

impl Default for Work<'_> {
    fn default() -> Self {
        Work {
            covered: HashMap::new(),
            steps: MAX_STEPS,
        }
    }
}

fn word_at<'t>(lang: Lang, text: &'t str, depth: u8, work: &mut Work<'t>) -> Cow<'t, str> {
    if depth == 0 || text.is_empty() {
        return Cow::Borrowed(text);
    }
    let parts: Vec<&str> = text.split("; ").collect();
    let ours: Vec<bool> = match parts.len() {
        1 => vec![],
        _ => parts.iter().map(|p| covered(p, depth, work) > 0).collect(),
    };
    let joined = |ours: &[bool], work: &mut Work<'t>| {
        let parts: Vec<String> = parts
            .iter()
            .zip(ours)
            .map(|(p, ours)| match ours {
                true => best(p, depth, work)
                    .map(|r| render(lang, r, depth, work))
                    .unwrap_or_else(|| p.to_string()),
                false => p.to_string(),
            })
            .collect();
        Cow::Owned(parts.join(&tr_in(lang, "reason-separator", &[])))
    };
    // Reasons joined, each ours, read one by one; but a message whose own words hold "; "
    // (the ICMP hint, an interrupted drill) is read whole.
    let whole = best(text, depth, work);
    let joins_ours = !ours.is_empty() && ours.iter().all(|o| *o);
    match whole {
        Some(reading) if !joins_ours || reading.joins_in_its_words() => {
            return Cow::Owned(render(lang, reading, depth, work));
        }
        _ if joins_ours => return joined(&ours, work),
        _ => {}
    }
    // Someone else's text may hold "; ": it is kept whole unless a part is ours.
    if ours.iter().any(|o| *o) {
        return joined(&ours, work);
    }
    Cow::Borrowed(text)
}

/// One way a text reads: the message and its arguments, and how much of the text they cover.
struct Reading<'t> {
    shape: &'static Shape,
    args: Vec<(&'static str, &'t str)>,
    covers: usize,
}

impl Reading<'_> {
    fn joins_in_its_words(&self) -> bool {
        self.shape
            .parts
            .iter()
            .any(|p| matches!(p, Part::Text(t) if t.contains("; ")))
    }
}

/// How much of `text` our messages recognise, read as [`word_in`] reads it: the literal text of
/// the messages found, with what their `$reason…` arguments recognise in turn.
fn covered<'t>(text: &'t str, depth: u8, work: &mut Work<'t>) -> usize {
    if depth == 0 {
        return 0;
    }
    if let Some(n) = work.covered.get(&(text, depth)) {
        return *n;
    }
    let parts: Vec<&'t str> = text.split("; ").collect();
    let each: Vec<usize> = match parts.len() {
        1 => vec![],
        _ => parts.iter().map(|p| covered(p, depth, work)).collect(),
    };
    let n = if !each.is_empty() && each.iter().all(|n| *n > 0) {
        each.iter().sum()
    } else {
        best(text, depth, work).map_or_else(|| each.iter().sum(), |r| r.covers)
    };
    work.covered.insert((text, depth), n);
    n
}

/// The message that reads `text` recognising the most of it; of equals, the first (the most
/// literal text alone).
fn best<'t>(text: &'t str, depth: u8, work: &mut Work<'t>) -> Option<Reading<'t>> {
    let mut found: Option<Reading<'t>> = None;
    for shape in shapes() {
        let Some(args) = fit_within(&shape.parts, text, &mut work.steps) else {
            continue;
        };
        let covers = literal_len(&shape.parts)
            + args
                .iter()
                .filter(|(name, _)| name.starts_with("reason"))
                .map(|(_, value)| covered(value, depth - 1, work))
                .sum::<usize>();
        if found.as_ref().is_none_or(|f| covers > f.covers) {
            found = Some(Reading {
                shape,
                args,
                covers,
            });
        }
    }
    found
}

fn render<'t>(lang: Lang, reading: Reading<'t>, depth: u8, work: &mut Work<'t>) -> String {
    let args: Vec<(&str, Arg)> = reading
        .args
        .into_iter()
        .map(|(name, value)| (name, arg_in(lang, name, value, depth, work)))
        .collect();
    tr_in(lang, &reading.shape.id, &args)
}

fn arg_in<'t>(lang: Lang, name: &str, value: &'t str, depth: u8, work: &mut Work<'t>) -> Arg<'t> {
    if name.starts_with("reason") {
        return Arg::from(word_at(lang, value, depth - 1, work).into_owned());
    }
    if name.starts_with("span") {
        // Below a second (`1s 200ms`, how long an action took) the catalogue's units are too
        // coarse: kept as written.
        if let Ok(d) = super::read_duration(value) {
            if d.subsec_nanos() == 0 {
                return Arg::from(super::duration_in(lang, d.as_secs() as i64));
            }
        }
    }
    if name.starts_with("status") {
        // Asked first: anyone's text may stand where a status word does, and an unknown id is
        // logged as a catalogue defect.
        let id = format!("status-{}", value.to_ascii_lowercase());
        if super::bundles()[Lang::En.index()].has_message(&id) {
            return Arg::from(tr_in(lang, &id, &[]));
        }
    }
    // A whole number stays a number, so plural forms choose by it.
    // Fluent keeps numbers as f64: beyond 2^53 one would change (a timestamp a job pushed), so
    // it stays text, as on the page.
    match value.parse::<i64>() {
        Ok(n) if n.to_string() == value && n.unsigned_abs() <= 1 << 53 => Arg::from(n),
        _ => Arg::from(value),
    }
}

#[cfg(test)]
mod tests;
