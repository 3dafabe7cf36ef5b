//! A parsed [`Condition`] against the [`Facts`] of one check.
//!
//! Each side resolves to a [`Value`]; the comparison follows Gatus (see the module above for
//! the rules). A condition that does not hold becomes an [`Unmet`], which shows each side as
//! written with the value it saw.

use std::cell::OnceCell;
use std::fmt;
use std::time::Duration;

use serde_json::Value as Json;

use super::number::{integer, number};
use super::{Condition, Facts, Op, Operand, PathStep, Placeholder, Reference};

/// What one side of a failed comparison saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saw {
    /// A literal, `pat()` or `any()`: nothing to resolve.
    Constant,
    /// The check could not see the value (no body, not JSON, no such path, a JSON null).
    Missing,
    /// The value, as shown to people (long values shortened).
    Value(String),
    /// A certificate that expired this long ago (`3h`).
    Expired(String),
}

/// One side of a failed comparison: as written, with what it saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub written: String,
    pub saw: Saw,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = self.written.as_str();
        match &self.saw {
            Saw::Constant => f.write_str(side),
            Saw::Missing => f.write_str(&crate::said!("reason-condition-missing", reason = side)),
            Saw::Value(v) => write!(f, "{side} ({v})"),
            Saw::Expired(span) => f.write_str(&crate::said!(
                "reason-condition-expired",
                reason = side,
                span = span.as_str()
            )),
        }
    }
}

/// A condition that did not hold: `[BODY].status (DOWN) == UP`. Not a fault of Lookout's: the
/// check ran and its answer was not the one asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmet {
    pub left: Side,
    pub op: Op,
    pub right: Side,
}

impl std::error::Error for Unmet {}

/// One message per operator, so that a side that reads `(missing)` is worded again for the
/// reader while the operator stays as written.
impl fmt::Display for Unmet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = match self.op {
            Op::Eq => "reason-condition-eq",
            Op::Ne => "reason-condition-ne",
            Op::Lt => "reason-condition-lt",
            Op::Le => "reason-condition-le",
            Op::Gt => "reason-condition-gt",
            Op::Ge => "reason-condition-ge",
        };
        f.write_str(&crate::said!(
            id,
            reason = self.left.to_string(),
            reason2 = self.right.to_string()
        ))
    }
}

/// A resolved side of a comparison.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Missing,
    Text(String),
    Number(f64),
}

impl Value {
    fn number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::Text(t) => number(t),
            Value::Missing => None,
        }
    }

    /// An exact integer: IDs beyond 2^53 must not equal their neighbours.
    fn integer(&self) -> Option<i128> {
        match self {
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => Some(*n as i128),
            Value::Text(t) => integer(t),
            _ => None,
        }
    }

    fn text(&self) -> Option<String> {
        match self {
            Value::Number(n) => Some(fmt_number(*n)),
            Value::Text(t) => Some(t.clone()),
            Value::Missing => None,
        }
    }
}

fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// The facts of one check, with the body read as JSON at most once, however many conditions
/// ask.
pub(super) struct Context<'f> {
    facts: &'f Facts,
    json: OnceCell<Option<Json>>,
}

impl<'f> Context<'f> {
    pub(super) fn new(facts: &'f Facts) -> Self {
        Context {
            facts,
            json: OnceCell::new(),
        }
    }

    pub(super) fn eval(&self, c: &Condition) -> Result<(), Unmet> {
        let l = self.resolve(&c.lhs);
        let r = self.resolve(&c.rhs);
        if compare(&l, c.op, &r, &c.lhs, &c.rhs) {
            return Ok(());
        }
        Err(Unmet {
            left: side(&c.lhs, &l),
            op: c.op,
            right: side(&c.rhs, &r),
        })
    }

    fn body_text(&self) -> Option<String> {
        let b = self.facts.body.as_deref()?;
        Some(String::from_utf8_lossy(b).trim().to_string())
    }

    /// The JSON node a body path points at; a JSON `null` is no node, as in Gatus.
    fn body_node(&self, r: &Reference) -> Option<&Json> {
        let root = self
            .json
            .get_or_init(|| {
                // serde_json refuses nesting deeper than 128 levels: a hostile body costs an
                // error, not the stack.
                let b = self.facts.body.as_deref()?;
                serde_json::from_slice(b).ok()
            })
            .as_ref()?;
        let mut node = root;
        for step in &r.path {
            node = match step {
                PathStep::Key(k) => node.get(k)?,
                PathStep::Index(n) => node.get(*n)?,
            };
        }
        (!node.is_null()).then_some(node)
    }

    fn resolve_ref(&self, r: &Reference) -> Value {
        let f = self.facts;
        let v = match r.placeholder {
            Placeholder::Status => f.status.map(|s| Value::Number(s.into())),
            Placeholder::ResponseTime => {
                f.response_time.map(|d| Value::Number(d.as_millis() as f64))
            }
            Placeholder::Body if r.path.is_empty() => self.body_text().map(Value::Text),
            Placeholder::Body => self.body_node(r).map(|n| Value::Text(json_text(n))),
            Placeholder::CertificateExpiration => {
                f.cert_expiration_ms.map(|ms| Value::Number(ms as f64))
            }
            Placeholder::Ip => f.ip.map(|ip| Value::Text(ip.to_string())),
            Placeholder::DnsRcode => f.dns_rcode.clone().map(Value::Text),
            Placeholder::Connected => f.connected.map(|c| Value::Text(c.to_string())),
        };
        v.unwrap_or(Value::Missing)
    }

    fn resolve(&self, o: &Operand) -> Value {
        match o {
            Operand::Ref(r) => self.resolve_ref(r),
            Operand::Has(r) => {
                // Gatus: a body path exists; anything else is not empty.
                let present = if r.placeholder == Placeholder::Body && !r.path.is_empty() {
                    self.body_node(r).is_some()
                } else {
                    self.resolve_ref(r).text().is_some_and(|t| !t.is_empty())
                };
                Value::Text(present.to_string())
            }
            Operand::Len(r) => self
                .len(r)
                .map_or(Value::Missing, |n| Value::Number(n as f64)),
            Operand::Literal(l) => Value::Text(l.clone()),
            // Never resolved: matched against the other side in `compare`.
            Operand::Pat(_) | Operand::Any(_) => Value::Missing,
        }
    }

    /// Gatus's `len`: the elements of an array, otherwise the characters of the value (an
    /// object as minified JSON). `len([BODY])` of a body that is a JSON array counts its
    /// elements too.
    fn len(&self, r: &Reference) -> Option<usize> {
        if r.placeholder == Placeholder::Body {
            let whole = r.path.is_empty();
            let node = if whole {
                self.body_text()?;
                self.body_node(r)
            } else {
                Some(self.body_node(r)?)
            };
            match node {
                Some(Json::Array(a)) => return Some(a.len()),
                Some(n) if !whole => return Some(json_text(n).chars().count()),
                _ => {}
            }
        }
        Some(self.resolve_ref(r).text()?.chars().count())
    }
}

/// A JSON value as text: a string as itself, anything else as minified JSON with its keys in
/// order (Gatus writes objects through Go's `json.Marshal`, which sorts them).
fn json_text(n: &Json) -> String {
    match n {
        Json::String(s) => s.clone(),
        other => sorted(other).to_string(),
    }
}

/// `n` with every object's keys sorted, whichever map serde_json was built with.
fn sorted(n: &Json) -> Json {
    match n {
        Json::Object(m) => {
            let mut entries: Vec<(&String, &Json)> = m.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Json::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted(v)))
                    .collect(),
            )
        }
        Json::Array(a) => Json::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    if matches!(a, Value::Missing) || matches!(b, Value::Missing) {
        return false;
    }
    if let (Some(x), Some(y)) = (a.integer(), b.integer()) {
        return x == y;
    }
    match (a.number(), b.number()) {
        (Some(x), Some(y)) => x == y,
        _ => a.text() == b.text(),
    }
}

fn ordered(l: &Value, op: Op, r: &Value) -> bool {
    use std::cmp::Ordering;
    let ord = match (l.integer(), r.integer()) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => match (l.number(), r.number()) {
            (Some(x), Some(y)) => x.partial_cmp(&y),
            _ => None,
        },
    };
    match ord {
        Some(o) => match op {
            Op::Lt => o == Ordering::Less,
            Op::Le => o != Ordering::Greater,
            Op::Gt => o == Ordering::Greater,
            _ => o != Ordering::Less,
        },
        // A side that is not a number fails the comparison (Gatus would read it as 0).
        None => false,
    }
}

fn compare(l: &Value, op: Op, r: &Value, lo: &Operand, ro: &Operand) -> bool {
    // pat() and any() match against the other side's value.
    let (seen, matcher) = match (lo, ro) {
        (_, Operand::Pat(_) | Operand::Any(_)) => (l, ro),
        (Operand::Pat(_) | Operand::Any(_), _) => (r, lo),
        _ => {
            return match op {
                Op::Eq => equal(l, r),
                Op::Ne => *l != Value::Missing && *r != Value::Missing && !equal(l, r),
                _ => ordered(l, op, r),
            }
        }
    };
    // `!=` against a missing value is still a failure: the check saw nothing to compare.
    if *seen == Value::Missing {
        return false;
    }
    let matched = match matcher {
        Operand::Pat(p) => seen.text().is_some_and(|t| glob(p, &t)),
        Operand::Any(items) => items.iter().any(|i| equal(seen, &Value::Text(i.clone()))),
        _ => unreachable!("matched above"),
    };
    if op == Op::Eq {
        matched
    } else {
        !matched
    }
}

/// Glob match with `*` (any run) and `?` (one character). One backtrack point: time is
/// bounded by the pattern's length times the text's.
pub(super) fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

fn shown(v: &Value, placeholder: Option<Placeholder>) -> Saw {
    match v {
        Value::Missing => Saw::Missing,
        Value::Number(ms) if placeholder == Some(Placeholder::CertificateExpiration) => {
            let ms = *ms as i64;
            let d = Duration::from_secs((ms.unsigned_abs() / 1000 / 60) * 60);
            let text = if d.is_zero() {
                "0s".to_string()
            } else {
                crate::field::format_duration(d)
            };
            if ms < 0 {
                Saw::Expired(text)
            } else {
                Saw::Value(text)
            }
        }
        other => {
            let t = other.text().unwrap_or_default();
            Saw::Value(if t.chars().count() > 80 {
                format!("{}…", t.chars().take(80).collect::<String>())
            } else {
                t
            })
        }
    }
}

fn side(o: &Operand, v: &Value) -> Side {
    let saw = match o {
        Operand::Ref(r) => shown(v, Some(r.placeholder)),
        Operand::Len(_) | Operand::Has(_) => shown(v, None),
        Operand::Literal(_) | Operand::Pat(_) | Operand::Any(_) => Saw::Constant,
    };
    Side {
        written: o.to_string(),
        saw,
    }
}
