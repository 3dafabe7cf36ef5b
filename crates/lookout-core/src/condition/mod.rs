//! Gatus's condition language: `[STATUS] == 200`, `[BODY].data[0].id == 1`,
//! `len([BODY].items) > 0`, `[CERTIFICATE_EXPIRATION] > 48h`, ...
//!
//! A condition is parsed once, when the monitor is validated ([`Condition::parse`], in
//! `parse.rs`), and evaluated after every check against the [`Facts`] the probe gathered
//! (`eval.rs`; numbers are read in `number.rs`). A mistake is a [`ConditionError`] with the
//! character position it is at; a condition that does not hold is an [`Unmet`] that shows the
//! values it saw: `[BODY].status (DOWN) == UP`, so the reason of a DOWN result says what went
//! wrong.
//!
//! Semantics, following Gatus's documentation (README "Conditions") and its own tests
//! (`tests/gatus_conditions.rs` ports them; README.md lists where Lookout differs and why):
//! - Both sides resolve to a value. Integers, written in decimal or as Go writes them (`0xF`,
//!   `0o17`, `0b1111`, `1_000`), compare as integers, other numbers as numbers; a duration
//!   (`48h`, `1.5s`, `500ms`) is a number of milliseconds, which is what `[RESPONSE_TIME]` and
//!   `[CERTIFICATE_EXPIRATION]` resolve to. Anything else compares as text.
//! - `[BODY]` is the body as text; `[BODY].a[0].b` reads into it as JSON, `[BODY][0]` into a
//!   body that is an array. A JSON `null` counts as absent, as in Gatus.
//! - `len(x)` is the number of elements of an array, otherwise the number of characters of the
//!   value (an object as minified JSON); `has(x)` is whether the value exists and is not empty.
//! - `any(a, b)` and `pat(glob)` (with `*` and `?`) may only be used with `==` and `!=`.
//! - A value the check could not see (no body, not JSON, path not found) fails every comparison,
//!   `!=` included, and shows as `(missing)`; `has(...)` turns that into `false`.

mod error;
mod eval;
mod number;
mod parse;

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use serde::Serialize;

use crate::field::FieldError;
use crate::spec::MonitorSpec;

pub use error::{ConditionError, OperandSide};
pub use eval::{Saw, Side, Unmet};

/// The values a condition can ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Placeholder {
    /// The HTTP status code.
    Status,
    /// The check's duration, in milliseconds.
    ResponseTime,
    /// The response body (HTTP), or the answers, one per line (DNS); a path reads into JSON.
    Body,
    /// Time until the leaf certificate expires, in milliseconds (negative once expired).
    CertificateExpiration,
    /// The address the check connected to.
    Ip,
    /// The DNS response code: `NOERROR`, `NXDOMAIN`, `SERVFAIL`, ...
    DnsRcode,
    /// Whether a connection was made.
    Connected,
}

impl Placeholder {
    pub const ALL: [Placeholder; 7] = [
        Placeholder::Status,
        Placeholder::ResponseTime,
        Placeholder::Body,
        Placeholder::CertificateExpiration,
        Placeholder::Ip,
        Placeholder::DnsRcode,
        Placeholder::Connected,
    ];

    /// The placeholder as written, brackets included.
    pub fn as_str(self) -> &'static str {
        match self {
            Placeholder::Status => "[STATUS]",
            Placeholder::ResponseTime => "[RESPONSE_TIME]",
            Placeholder::Body => "[BODY]",
            Placeholder::CertificateExpiration => "[CERTIFICATE_EXPIRATION]",
            Placeholder::Ip => "[IP]",
            Placeholder::DnsRcode => "[DNS_RCODE]",
            Placeholder::Connected => "[CONNECTED]",
        }
    }

    /// Case-insensitive, as Gatus reads placeholders.
    fn parse(s: &str) -> Option<Placeholder> {
        Placeholder::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    /// `<`, `<=`, `>`, `>=`: these need numbers on both sides.
    pub fn ordered(self) -> bool {
        !matches!(self, Op::Eq | Op::Ne)
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step into a JSON body: `.key` or `[index]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Key(String),
    Index(usize),
}

/// A placeholder, with a JSON path for `[BODY]`. Displays as written: `[BODY].data[0].id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub placeholder: Placeholder,
    pub path: Vec<PathStep>,
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.placeholder.as_str())?;
        for step in &self.path {
            match step {
                PathStep::Key(k) => write!(f, ".{k}")?,
                PathStep::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Ref(Reference),
    Len(Reference),
    Has(Reference),
    Literal(String),
    /// `pat(api-*)`: a glob with `*` and `?`.
    Pat(String),
    /// `any(200, 429)`.
    Any(Vec<String>),
}

impl Operand {
    fn reads(&self) -> Option<&Reference> {
        match self {
            Operand::Ref(r) | Operand::Len(r) | Operand::Has(r) => Some(r),
            _ => None,
        }
    }
}

/// Written back so that it parses to the same operand: a literal that would read as something
/// else (surrounding spaces, a leading `[`, `name(`, quotes) is quoted.
impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Ref(r) => write!(f, "{r}"),
            Operand::Len(r) => write!(f, "len({r})"),
            Operand::Has(r) => write!(f, "has({r})"),
            Operand::Literal(l) => f.write_str(&parse::quoted(l)),
            Operand::Pat(p) => write!(f, "pat({})", parse::quoted(p)),
            Operand::Any(items) => {
                let items: Vec<String> = items.iter().map(|i| parse::quoted(i)).collect();
                write!(f, "any({})", items.join(", "))
            }
        }
    }
}

/// A parsed condition. Displays as its source text; [`Condition::canonical`] writes it anew.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    source: String,
    lhs: Operand,
    op: Op,
    rhs: Operand,
}

/// What a check saw, for conditions to ask about. `None` means the check could not see it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub status: Option<u16>,
    pub response_time: Option<Duration>,
    /// At most [`crate::field::defaults::BODY_CAP`] bytes.
    pub body: Option<Vec<u8>>,
    /// Milliseconds until the leaf certificate's notAfter; negative once expired.
    pub cert_expiration_ms: Option<i64>,
    pub ip: Option<IpAddr>,
    pub dns_rcode: Option<String>,
    pub connected: Option<bool>,
}

impl Condition {
    /// Parses one condition.
    pub fn parse(source: &str) -> Result<Condition, ConditionError> {
        parse::condition(source)
    }

    /// The placeholders this condition reads.
    pub fn placeholders(&self) -> Vec<Placeholder> {
        [&self.lhs, &self.rhs]
            .into_iter()
            .filter_map(|o| o.reads().map(|r| r.placeholder))
            .collect()
    }

    pub fn mentions(&self, p: Placeholder) -> bool {
        self.placeholders().contains(&p)
    }

    /// The condition written from what was parsed, in one spelling: `len([BODY].a) > 0` for
    /// `LEN( [body].a )>0`. Parsing it gives the same condition.
    pub fn canonical(&self) -> String {
        format!("{} {} {}", self.lhs, self.op, self.rhs)
    }

    /// `Ok(())` when the condition holds, else what it saw: `[BODY].status (DOWN) == UP`.
    pub fn eval(&self, facts: &Facts) -> Result<(), Unmet> {
        eval::Context::new(facts).eval(self)
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// A probe's conditions: failing `down` ones make the check DOWN, failing `degraded` ones
/// make it DEGRADED.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conditions {
    pub down: Vec<Condition>,
    pub degraded: Vec<Condition>,
}

impl Conditions {
    /// Parses `conditions` and `degraded_conditions`, accepting only the placeholders this probe
    /// kind (`kind`) can fill.
    pub fn from_spec(
        spec: &MonitorSpec,
        kind: &str,
        supported: &[Placeholder],
        errs: &mut Vec<FieldError>,
    ) -> Conditions {
        let mut parse = |field: &str, list: &Option<Vec<String>>| -> Vec<Condition> {
            let mut out = Vec::new();
            for (i, src) in list.iter().flatten().enumerate() {
                // `condition 2 ("..."), ` before the problem when there are several.
                let at = |problem: String| {
                    if list.as_ref().map_or(0, Vec::len) > 1 {
                        let n = (i + 1).to_string();
                        crate::t!(
                            "field-condition-numbered",
                            n = n,
                            source = src.as_str(),
                            problem = problem
                        )
                    } else {
                        crate::t!(
                            "field-condition-quoted",
                            source = src.as_str(),
                            problem = problem
                        )
                    }
                };
                match Condition::parse(src) {
                    Ok(c) => {
                        if let Some(p) = c
                            .placeholders()
                            .into_iter()
                            .find(|p| !supported.contains(p))
                        {
                            errs.push(FieldError::new(
                                field,
                                at(crate::t!(
                                    "field-condition-unavailable",
                                    placeholder = p.as_str(),
                                    kind = kind
                                )),
                            ));
                        } else {
                            out.push(c);
                        }
                    }
                    Err(e) => errs.push(FieldError::new(field, at(e.to_string()))),
                }
            }
            out
        };
        let down = parse("conditions", &spec.conditions);
        let degraded = parse("degraded_conditions", &spec.degraded_conditions);
        Conditions { down, degraded }
    }

    pub fn write_spec(&self, spec: &mut MonitorSpec) {
        let texts = |v: &[Condition]| -> Option<Vec<String>> {
            (!v.is_empty()).then(|| v.iter().map(|c| c.source.clone()).collect())
        };
        spec.conditions = texts(&self.down);
        spec.degraded_conditions = texts(&self.degraded);
    }

    pub fn is_empty(&self) -> bool {
        self.down.is_empty() && self.degraded.is_empty()
    }

    /// Whether any DOWN condition reads `p` (an HTTP `[STATUS]` condition replaces `accepted_status`).
    pub fn down_mentions(&self, p: Placeholder) -> bool {
        self.down.iter().any(|c| c.mentions(p))
    }
}

/// The descriptions of the conditions in `list` that fail. The body is read as JSON once for
/// all of them.
pub fn failing(list: &[Condition], facts: &Facts) -> Vec<String> {
    let cx = eval::Context::new(facts);
    list.iter()
        .filter_map(|c| cx.eval(c).err().map(|u| u.to_string()))
        .collect()
}

#[cfg(test)]
mod tests;
