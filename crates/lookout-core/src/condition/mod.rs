//! Gatus's condition language: `[STATUS] == 200`, `[BODY].data[0].id == 1`,
//! `len([BODY].items) > 0`, `[CERTIFICATE_EXPIRATION] > 48h`, ...
//!
//! A condition is parsed once, when the monitor is validated ([`Condition::parse`] reports the
//! character position of a mistake), and evaluated after every check against the [`Facts`] the
//! probe gathered. A failing condition describes itself with the value it saw:
//! `[BODY].status (DOWN) == UP`, so the reason of a DOWN result says what went wrong.
//!
//! Semantics, following Gatus:
//! - Both sides resolve to a value. Numbers compare as numbers; a duration literal (`48h`,
//!   `500ms`) is a number of milliseconds, which is what `[RESPONSE_TIME]` and
//!   `[CERTIFICATE_EXPIRATION]` resolve to. Anything else compares as text.
//! - `any(a, b)` and `pat(glob)` (with `*` and `?`) may only be used with `==` and `!=`.
//! - A value the check could not see (no body, not JSON, path not found) fails every comparison
//!   and shows as `(missing)`; `has(...)` turns that into `false`.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use serde::Serialize;

use crate::field::FieldError;
use crate::spec::MonitorSpec;

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

    fn parse(s: &str) -> Option<Placeholder> {
        Placeholder::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
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
    fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    fn ordered(self) -> bool {
        !matches!(self, Op::Eq | Op::Ne)
    }
}

/// One step into a JSON body: `.key` or `[index]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Key(String),
    Index(usize),
}

/// A placeholder, with a JSON path for `[BODY]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub placeholder: Placeholder,
    pub path: Vec<PathStep>,
}

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

/// A parsed condition. Displays as its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    source: String,
    lhs: Operand,
    op: Op,
    rhs: Operand,
}

/// A malformed condition: what is wrong and where (1-based character position).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at character {position}: {message}")]
pub struct ParseError {
    pub position: usize,
    pub message: String,
}

fn perr<T>(position: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        position: position + 1,
        message: message.into(),
    })
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
            Value::Text(t) => literal_number(t),
            Value::Missing => None,
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

/// A number, or a duration (`48h`, `500ms`) as milliseconds.
fn literal_number(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<f64>() {
        return n.is_finite().then_some(n);
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        if let Ok(d) = humantime::parse_duration(s) {
            return Some(d.as_millis() as f64);
        }
    }
    None
}

impl Condition {
    /// Parses one condition.
    pub fn parse(source: &str) -> Result<Condition, ParseError> {
        let chars: Vec<char> = source.chars().collect();
        if chars.iter().all(|c| c.is_whitespace()) {
            return perr(0, "is empty");
        }
        let (op_at, op) = find_operator(&chars)?;
        let op_len = op.as_str().len();
        let lhs = parse_operand(&chars, 0, op_at, "before")?;
        let rhs = parse_operand(&chars, op_at + op_len, chars.len(), "after")?;
        let is_ref = |o: &Operand| matches!(o, Operand::Ref(_) | Operand::Len(_) | Operand::Has(_));
        if !is_ref(&lhs.1) && !is_ref(&rhs.1) {
            return perr(
                lhs.0,
                "compares no placeholder; write it like [STATUS] == 200",
            );
        }
        for (at, o) in [&lhs, &rhs] {
            match o {
                Operand::Pat(_) | Operand::Any(_) if op.ordered() => {
                    return perr(*at, "pat() and any() work only with == and !=")
                }
                Operand::Literal(l) if op.ordered() && literal_number(l).is_none() => {
                    return perr(
                        *at,
                        format!(
                            "\"{l}\" is not a number or a duration like 500ms or 48h, so it can't be compared with {}",
                            op.as_str()
                        ),
                    )
                }
                Operand::Has(_) if op.ordered() => {
                    return perr(*at, "has() is true or false: compare it with == or !=")
                }
                _ => {}
            }
        }
        Ok(Condition {
            source: source.trim().to_string(),
            lhs: lhs.1,
            op,
            rhs: rhs.1,
        })
    }

    /// The placeholders this condition reads.
    pub fn placeholders(&self) -> Vec<Placeholder> {
        [&self.lhs, &self.rhs]
            .into_iter()
            .filter_map(|o| match o {
                Operand::Ref(r) | Operand::Len(r) | Operand::Has(r) => Some(r.placeholder),
                _ => None,
            })
            .collect()
    }

    pub fn mentions(&self, p: Placeholder) -> bool {
        self.placeholders().contains(&p)
    }

    /// `Ok(())` when the condition holds, else its description with the values seen:
    /// `[BODY].status (DOWN) == UP`.
    pub fn eval(&self, facts: &Facts) -> Result<(), String> {
        let mut body_json = None;
        let l = resolve(&self.lhs, facts, &mut body_json);
        let r = resolve(&self.rhs, facts, &mut body_json);
        let holds = compare(&l, self.op, &r, &self.lhs, &self.rhs);
        if holds {
            Ok(())
        } else {
            Err(format!(
                "{} {} {}",
                describe(&self.lhs, &l),
                self.op.as_str(),
                describe(&self.rhs, &r)
            ))
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// The first comparison operator outside brackets and parentheses.
fn find_operator(chars: &[char]) -> Result<(usize, Op), ParseError> {
    let mut depth_sq = 0i32;
    let mut depth_par = 0i32;
    // Where the outermost open bracket or parenthesis is, to point at it if never closed.
    let mut opened_at = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '[' | '(' => {
                if depth_sq == 0 && depth_par == 0 {
                    opened_at = i;
                }
                if c == '[' {
                    depth_sq += 1;
                } else {
                    depth_par += 1;
                }
            }
            ']' => depth_sq -= 1,
            ')' => depth_par -= 1,
            _ if depth_sq > 0 || depth_par > 0 => {}
            '=' if next == Some('=') => return Ok((i, Op::Eq)),
            '!' if next == Some('=') => return Ok((i, Op::Ne)),
            '<' if next == Some('=') => return Ok((i, Op::Le)),
            '>' if next == Some('=') => return Ok((i, Op::Ge)),
            '<' => return Ok((i, Op::Lt)),
            '>' => return Ok((i, Op::Gt)),
            '=' => return perr(i, "a single = is not an operator; write =="),
            _ => {}
        }
        i += 1;
    }
    if depth_sq > 0 || depth_par > 0 {
        return perr(
            opened_at,
            format!("this {} is never closed", chars[opened_at]),
        );
    }
    perr(
        chars.len(),
        "expected a comparison operator (==, !=, <, <=, >, >=)",
    )
}

/// Parses `chars[from..to]`; returns the position where the operand starts.
fn parse_operand(
    chars: &[char],
    from: usize,
    to: usize,
    side: &str,
) -> Result<(usize, Operand), ParseError> {
    let mut start = from;
    while start < to && chars[start].is_whitespace() {
        start += 1;
    }
    let mut end = to;
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if start == end {
        return perr(
            start.min(chars.len()),
            format!("expected a value {side} the operator"),
        );
    }
    let text: String = chars[start..end].iter().collect();
    let lower = text.to_ascii_lowercase();
    for func in ["len", "has", "pat", "any"] {
        if lower.starts_with(func) && text[func.len()..].trim_start().starts_with('(') {
            // Counted in characters, as every position here is: a no-break space is one
            // character but two bytes.
            let open = start
                + func.len()
                + text[func.len()..]
                    .chars()
                    .take_while(|c| c.is_whitespace())
                    .count();
            if chars[end - 1] != ')' {
                return perr(end, format!("{func}( is missing its closing )"));
            }
            let inner_from = open + 1;
            let inner_to = end - 1;
            let inner: String = chars[inner_from..inner_to].iter().collect();
            let op = match func {
                "len" | "has" => {
                    let mut s = inner_from;
                    while s < inner_to && chars[s].is_whitespace() {
                        s += 1;
                    }
                    let r = parse_reference(chars, s, inner_to)?;
                    if func == "len" {
                        Operand::Len(r)
                    } else {
                        Operand::Has(r)
                    }
                }
                "pat" => {
                    if inner.trim().is_empty() {
                        return perr(inner_from, "pat() needs a pattern, like pat(api-*)");
                    }
                    Operand::Pat(unquote(inner.trim()))
                }
                _ => {
                    let items: Vec<String> = inner.split(',').map(|s| unquote(s.trim())).collect();
                    if items.iter().any(String::is_empty) {
                        return perr(
                            inner_from,
                            "any() needs values separated by commas, like any(200, 429)",
                        );
                    }
                    Operand::Any(items)
                }
            };
            return Ok((start, op));
        }
    }
    if chars[start] == '[' {
        return Ok((start, Operand::Ref(parse_reference(chars, start, end)?)));
    }
    Ok((start, Operand::Literal(unquote(&text))))
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        s[1..s.len() - 1].to_string()
    } else {
        s.to_string()
    }
}

/// `[PLACEHOLDER]` with an optional JSON path for `[BODY]`.
fn parse_reference(chars: &[char], start: usize, end: usize) -> Result<Reference, ParseError> {
    let mut end = end;
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if chars.get(start) != Some(&'[') {
        return perr(start, "expected a placeholder like [BODY]");
    }
    let Some(close) = (start..end).find(|&i| chars[i] == ']') else {
        return perr(start, "this [ is never closed");
    };
    let name: String = chars[start..=close].iter().collect();
    let Some(placeholder) = Placeholder::parse(&name) else {
        let known: Vec<&str> = Placeholder::ALL.iter().map(|p| p.as_str()).collect();
        return perr(
            start,
            format!("unknown placeholder {name}; known: {}", known.join(", ")),
        );
    };
    let mut path = Vec::new();
    let mut i = close + 1;
    if i < end && placeholder != Placeholder::Body {
        return perr(i, format!("unexpected text after {}", placeholder.as_str()));
    }
    while i < end {
        match chars[i] {
            '.' => {
                let s = i + 1;
                let mut j = s;
                while j < end && chars[j] != '.' && chars[j] != '[' {
                    j += 1;
                }
                if j == s {
                    return perr(s, "expected a key after .");
                }
                let key: String = chars[s..j].iter().collect();
                if key.chars().any(char::is_whitespace) {
                    return perr(s, format!("\"{key}\" is not a key: keys have no spaces"));
                }
                path.push(PathStep::Key(key));
                i = j;
            }
            '[' => {
                let Some(c) = (i..end).find(|&k| chars[k] == ']') else {
                    return perr(i, "this [ is never closed");
                };
                let idx: String = chars[i + 1..c].iter().collect();
                match idx.trim().parse::<usize>() {
                    Ok(n) => path.push(PathStep::Index(n)),
                    Err(_) => return perr(i + 1, format!("\"{idx}\" is not an array index")),
                }
                i = c + 1;
            }
            _ => {
                return perr(
                    i,
                    "expected .key or [index] after [BODY], like [BODY].data[0].id",
                )
            }
        }
    }
    Ok(Reference { placeholder, path })
}

fn reference_text(r: &Reference) -> String {
    let mut s = r.placeholder.as_str().to_string();
    for step in &r.path {
        match step {
            PathStep::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            PathStep::Index(n) => s.push_str(&format!("[{n}]")),
        }
    }
    s
}

/// The JSON node a body path points at, if any.
fn body_node<'a>(
    r: &Reference,
    body_json: &'a mut Option<Option<serde_json::Value>>,
    facts: &Facts,
) -> Option<&'a serde_json::Value> {
    let root = body_json
        .get_or_insert_with(|| {
            facts
                .body
                .as_deref()
                .and_then(|b| serde_json::from_slice(b).ok())
        })
        .as_ref()?;
    let mut node = root;
    for step in &r.path {
        node = match step {
            PathStep::Key(k) => node.get(k)?,
            PathStep::Index(n) => node.get(*n)?,
        };
    }
    Some(node)
}

fn json_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Text("null".into()),
        serde_json::Value::Bool(b) => Value::Text(b.to_string()),
        serde_json::Value::Number(n) => n.as_f64().map_or(Value::Missing, Value::Number),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

fn resolve_ref(
    r: &Reference,
    facts: &Facts,
    body_json: &mut Option<Option<serde_json::Value>>,
) -> Value {
    let opt = |v: Option<Value>| v.unwrap_or(Value::Missing);
    match r.placeholder {
        Placeholder::Status => opt(facts.status.map(|s| Value::Number(s.into()))),
        Placeholder::ResponseTime => opt(facts
            .response_time
            .map(|d| Value::Number(d.as_millis() as f64))),
        Placeholder::Body if r.path.is_empty() => opt(facts
            .body
            .as_deref()
            .map(|b| Value::Text(String::from_utf8_lossy(b).trim().to_string()))),
        Placeholder::Body => opt(body_node(r, body_json, facts).map(json_value)),
        Placeholder::CertificateExpiration => {
            opt(facts.cert_expiration_ms.map(|ms| Value::Number(ms as f64)))
        }
        Placeholder::Ip => opt(facts.ip.map(|ip| Value::Text(ip.to_string()))),
        Placeholder::DnsRcode => opt(facts.dns_rcode.clone().map(Value::Text)),
        Placeholder::Connected => opt(facts.connected.map(|c| Value::Text(c.to_string()))),
    }
}

fn resolve(o: &Operand, facts: &Facts, body_json: &mut Option<Option<serde_json::Value>>) -> Value {
    match o {
        Operand::Ref(r) => resolve_ref(r, facts, body_json),
        Operand::Has(r) => {
            let present = if r.placeholder == Placeholder::Body && !r.path.is_empty() {
                body_node(r, body_json, facts).is_some()
            } else {
                resolve_ref(r, facts, body_json) != Value::Missing
            };
            Value::Text(present.to_string())
        }
        Operand::Len(r) => {
            if r.placeholder == Placeholder::Body && !r.path.is_empty() {
                match body_node(r, body_json, facts) {
                    Some(serde_json::Value::Array(a)) => Value::Number(a.len() as f64),
                    Some(serde_json::Value::Object(o)) => Value::Number(o.len() as f64),
                    Some(serde_json::Value::String(s)) => Value::Number(s.chars().count() as f64),
                    Some(serde_json::Value::Null) | None => Value::Missing,
                    Some(other) => Value::Number(other.to_string().chars().count() as f64),
                }
            } else {
                match resolve_ref(r, facts, body_json).text() {
                    Some(t) => Value::Number(t.chars().count() as f64),
                    None => Value::Missing,
                }
            }
        }
        Operand::Literal(l) => Value::Text(l.clone()),
        // Never resolved: compared structurally in `compare`.
        Operand::Pat(_) | Operand::Any(_) => Value::Missing,
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    if matches!(a, Value::Missing) || matches!(b, Value::Missing) {
        return false;
    }
    match (a.number(), b.number()) {
        (Some(x), Some(y)) => x == y,
        _ => a.text() == b.text(),
    }
}

fn compare(l: &Value, op: Op, r: &Value, lo: &Operand, ro: &Operand) -> bool {
    // pat() and any() match against the other side's value.
    let matched = match (lo, ro) {
        (_, Operand::Pat(p)) => Some(l.text().is_some_and(|t| glob(p, &t))),
        (Operand::Pat(p), _) => Some(r.text().is_some_and(|t| glob(p, &t))),
        (_, Operand::Any(items)) => Some(items.iter().any(|i| equal(l, &Value::Text(i.clone())))),
        (Operand::Any(items), _) => Some(items.iter().any(|i| equal(r, &Value::Text(i.clone())))),
        _ => None,
    };
    if let Some(m) = matched {
        // `!=` against a missing value is still a failure: the check saw nothing to compare.
        let seen = match (lo, ro) {
            (_, Operand::Pat(_) | Operand::Any(_)) => l,
            _ => r,
        };
        if *seen == Value::Missing {
            return false;
        }
        return if op == Op::Eq { m } else { !m };
    }
    match op {
        Op::Eq => equal(l, r),
        Op::Ne => *l != Value::Missing && *r != Value::Missing && !equal(l, r),
        _ => match (l.number(), r.number()) {
            (Some(x), Some(y)) => match op {
                Op::Lt => x < y,
                Op::Le => x <= y,
                Op::Gt => x > y,
                _ => x >= y,
            },
            _ => false,
        },
    }
}

/// Glob match with `*` (any run) and `?` (one character).
fn glob(pattern: &str, text: &str) -> bool {
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

fn shown(v: &Value, placeholder: Option<Placeholder>) -> String {
    match v {
        Value::Missing => "missing".into(),
        Value::Number(ms) if placeholder == Some(Placeholder::CertificateExpiration) => {
            let ms = *ms as i64;
            let d = Duration::from_secs((ms.unsigned_abs() / 1000 / 60) * 60);
            let text = if d.is_zero() {
                "0s".to_string()
            } else {
                crate::field::format_duration(d)
            };
            if ms < 0 {
                format!("expired {text} ago")
            } else {
                text
            }
        }
        other => {
            let t = other.text().unwrap_or_default();
            if t.chars().count() > 80 {
                format!("{}…", t.chars().take(80).collect::<String>())
            } else {
                t
            }
        }
    }
}

fn describe(o: &Operand, v: &Value) -> String {
    match o {
        Operand::Ref(r) => format!("{} ({})", reference_text(r), shown(v, Some(r.placeholder))),
        Operand::Len(r) => format!("len({}) ({})", reference_text(r), shown(v, None)),
        Operand::Has(r) => format!("has({}) ({})", reference_text(r), shown(v, None)),
        Operand::Literal(l) => l.clone(),
        Operand::Pat(p) => format!("pat({p})"),
        Operand::Any(items) => format!("any({})", items.join(", ")),
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
                let at = if list.as_ref().map_or(0, Vec::len) > 1 {
                    format!("condition {} (\"{src}\"), ", i + 1)
                } else {
                    format!("\"{src}\", ")
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
                                format!("{at}{} is not available for {kind} checks", p.as_str()),
                            ));
                        } else {
                            out.push(c);
                        }
                    }
                    Err(e) => errs.push(FieldError::new(field, format!("{at}{e}"))),
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

/// The descriptions of the conditions in `list` that fail.
pub fn failing(list: &[Condition], facts: &Facts) -> Vec<String> {
    list.iter().filter_map(|c| c.eval(facts).err()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            status: Some(200),
            response_time: Some(Duration::from_millis(120)),
            body: Some(
                br#"{"status":"UP","name":"api-eu","data":[{"id":1},{"id":2}],"items":[],"ok":true,"errors":null}"#
                    .to_vec(),
            ),
            cert_expiration_ms: Some(5 * 24 * 3600 * 1000),
            ip: Some("127.0.0.1".parse().unwrap()),
            dns_rcode: Some("NOERROR".into()),
            connected: Some(true),
        }
    }

    fn holds(src: &str) -> Result<(), String> {
        Condition::parse(src)
            .unwrap_or_else(|e| panic!("{src}: {e}"))
            .eval(&facts())
    }

    #[test]
    fn the_examples_from_the_issue_hold() {
        for src in [
            "[STATUS] == 200",
            "[STATUS] == any(200, 429)",
            "[RESPONSE_TIME] < 500",
            "[BODY].status == UP",
            "[BODY].data[0].id == 1",
            "[BODY].data[1].id >= 2",
            "len([BODY].data) > 0",
            "len([BODY].items) == 0",
            "has([BODY].errors) == true",
            "has([BODY].nothing) == false",
            "[BODY].name == pat(api-*)",
            "[BODY].name != pat(web-*)",
            "[CERTIFICATE_EXPIRATION] > 48h",
            "[IP] == 127.0.0.1",
            "[DNS_RCODE] == NOERROR",
            "[CONNECTED] == true",
            "[BODY].ok == true",
            "[RESPONSE_TIME] < 1s",
            "200 == [STATUS]",
            "[status] == 200",
        ] {
            assert_eq!(holds(src), Ok(()), "{src}");
        }
    }

    #[test]
    fn failures_name_the_value_seen() {
        assert_eq!(
            holds("[BODY].status == DOWN").unwrap_err(),
            "[BODY].status (UP) == DOWN"
        );
        assert_eq!(
            holds("[STATUS] == any(500, 503)").unwrap_err(),
            "[STATUS] (200) == any(500, 503)"
        );
        assert_eq!(
            holds("[RESPONSE_TIME] < 100").unwrap_err(),
            "[RESPONSE_TIME] (120) < 100"
        );
        assert_eq!(
            holds("len([BODY].data) > 5").unwrap_err(),
            "len([BODY].data) (2) > 5"
        );
        assert_eq!(
            holds("[BODY].missing == 1").unwrap_err(),
            "[BODY].missing (missing) == 1"
        );
        assert_eq!(
            holds("[CERTIFICATE_EXPIRATION] > 240h").unwrap_err(),
            "[CERTIFICATE_EXPIRATION] (5days) > 240h"
        );
        // A missing value fails `!=` too: the check saw nothing to compare.
        assert!(holds("[BODY].missing != 1").is_err());
    }

    #[test]
    fn missing_facts_fail() {
        let c = Condition::parse("[STATUS] == 200").unwrap();
        assert_eq!(
            c.eval(&Facts::default()).unwrap_err(),
            "[STATUS] (missing) == 200"
        );
        let c = Condition::parse("[BODY].a == 1").unwrap();
        let f = Facts {
            body: Some(b"not json".to_vec()),
            ..Facts::default()
        };
        assert!(c.eval(&f).is_err());
        let c = Condition::parse("[BODY] == pat(*json*)").unwrap();
        assert_eq!(c.eval(&f), Ok(()));
    }

    #[test]
    fn parse_errors_have_positions() {
        let e = Condition::parse("[STATUS] 200").unwrap_err();
        assert_eq!(e.position, 13, "{e}");
        assert!(e.message.contains("operator"));
        let e = Condition::parse("[STATUSS] == 200").unwrap_err();
        assert_eq!(e.position, 1);
        assert!(e.message.contains("unknown placeholder [STATUSS]"), "{e}");
        let e = Condition::parse("[STATUS] == ").unwrap_err();
        assert_eq!(e.position, 13);
        assert!(e.message.contains("after the operator"), "{e}");
        let e = Condition::parse("[STATUS] < abc").unwrap_err();
        assert_eq!(e.position, 12);
        let e = Condition::parse("[BODY].a[x] == 1").unwrap_err();
        assert_eq!(e.position, 10);
        let e = Condition::parse("len([BODY].a > 1").unwrap_err();
        assert_eq!(e.position, 4, "{e}");
        assert!(e.message.contains("never closed"), "{e}");
        let e = Condition::parse("[STATUS] = 200").unwrap_err();
        assert_eq!(e.position, 10);
        let e = Condition::parse("1 == 1").unwrap_err();
        assert!(e.message.contains("placeholder"), "{e}");
        let e = Condition::parse("[BODY] > pat(a*)").unwrap_err();
        assert!(e.message.contains("pat()"), "{e}");
        let e = Condition::parse("[STATUS]x == 1").unwrap_err();
        assert_eq!(e.position, 9);
        assert!(Condition::parse("").is_err());
    }

    #[test]
    fn globs() {
        assert!(glob("api-*", "api-eu"));
        assert!(glob("*", ""));
        assert!(glob("a?c", "abc"));
        assert!(glob("*b*d", "abcbd"));
        assert!(!glob("api-*", "web-eu"));
        assert!(!glob("a?c", "ac"));
    }

    #[test]
    fn spec_fields_name_errors_and_round_trip() {
        let spec = MonitorSpec {
            conditions: Some(vec!["[STATUS] == 200".into(), "[BODY].x ==".into()]),
            degraded_conditions: Some(vec!["[DNS_RCODE] == NOERROR".into()]),
            ..MonitorSpec::default()
        };
        let mut errs = Vec::new();
        let c = Conditions::from_spec(
            &spec,
            "http",
            &[Placeholder::Status, Placeholder::Body],
            &mut errs,
        );
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].field, "conditions");
        assert!(
            errs[0].message.contains("condition 2"),
            "{}",
            errs[0].message
        );
        assert!(
            errs[0].message.contains("at character 12"),
            "{}",
            errs[0].message
        );
        assert_eq!(errs[1].field, "degraded_conditions");
        assert!(
            errs[1].message.contains("not available for http"),
            "{}",
            errs[1].message
        );
        let mut back = MonitorSpec::default();
        c.write_spec(&mut back);
        assert_eq!(back.conditions, Some(vec!["[STATUS] == 200".to_string()]));
    }
}
