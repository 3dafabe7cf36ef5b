//! Condition text to a [`Condition`].
//!
//! The text is read as characters (`Vec<char>`) from start to end and every position, kept or
//! reported, is an index into them: a byte offset never meets a character index, whatever
//! Unicode the condition holds. Errors report positions 1-based.

use super::error::{ConditionError as E, OperandSide};
use super::{Condition, Op, Operand, PathStep, Placeholder, Reference};

/// Functions Lookout knows, by their lower-case names.
const FUNCTIONS: [&str; 4] = ["len", "has", "pat", "any"];

/// Gatus placeholders and functions Lookout does not carry, with the reason's catalogue id.
const GATUS_ONLY: [(&str, &str); 4] = [
    ("[DOMAIN_EXPIRATION]", "field-condition-why-domain"),
    ("[HEADER]", "field-condition-why-header"),
    ("[CONTEXT]", "field-condition-why-context"),
    ("age", "field-condition-why-age"),
];

fn gatus_only(name: &str) -> Option<&'static str> {
    GATUS_ONLY
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, why)| *why)
}

pub(super) fn condition(source: &str) -> Result<Condition, E> {
    let chars: Vec<char> = source.chars().collect();
    if chars.iter().all(|c| c.is_whitespace()) {
        return Err(E::Empty { position: 1 });
    }
    let (op_at, op) = find_operator(&chars)?;
    let op_len = op.as_str().chars().count();
    let (lhs_at, lhs) = operand(&chars, 0, op_at, OperandSide::Before)?;
    let (rhs_at, rhs) = operand(&chars, op_at + op_len, chars.len(), OperandSide::After)?;
    if lhs.reads().is_none() && rhs.reads().is_none() {
        return Err(E::NoPlaceholder {
            position: lhs_at + 1,
        });
    }
    for (at, o) in [(lhs_at, &lhs), (rhs_at, &rhs)] {
        let position = at + 1;
        match o {
            Operand::Pat(_) | Operand::Any(_) if op.ordered() => {
                return Err(E::MatchNeedsEquality { position, op })
            }
            Operand::Literal(l) if op.ordered() && super::number::number(l).is_none() => {
                return Err(E::NotANumber {
                    position,
                    text: l.clone(),
                    op,
                })
            }
            Operand::Has(_) if op.ordered() => return Err(E::HasNeedsEquality { position, op }),
            _ => {}
        }
    }
    Ok(Condition {
        source: source.trim().to_string(),
        lhs,
        op,
        rhs,
    })
}

/// The first comparison operator outside brackets and parentheses.
fn find_operator(chars: &[char]) -> Result<(usize, Op), E> {
    let mut depth_sq = 0usize;
    let mut depth_par = 0usize;
    // Where the outermost open bracket or parenthesis is, to point at it if never closed.
    let mut opened_at = 0;
    for (i, &c) in chars.iter().enumerate() {
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
            // A closer with no opener is just a character (it may be part of a key).
            ']' => depth_sq = depth_sq.saturating_sub(1),
            ')' => depth_par = depth_par.saturating_sub(1),
            _ if depth_sq > 0 || depth_par > 0 => {}
            '=' if next == Some('=') => return Ok((i, Op::Eq)),
            '!' if next == Some('=') => return Ok((i, Op::Ne)),
            '<' if next == Some('=') => return Ok((i, Op::Le)),
            '>' if next == Some('=') => return Ok((i, Op::Ge)),
            '<' => return Ok((i, Op::Lt)),
            '>' => return Ok((i, Op::Gt)),
            '=' => return Err(E::SingleEquals { position: i + 1 }),
            _ => {}
        }
    }
    if depth_sq > 0 || depth_par > 0 {
        return Err(E::Unterminated {
            position: opened_at + 1,
            opener: chars[opened_at],
        });
    }
    Err(E::MissingOperator {
        position: chars.len() + 1,
    })
}

fn text(chars: &[char], from: usize, to: usize) -> String {
    chars[from..to].iter().collect()
}

/// `from`, moved past whitespace (never beyond `to`).
fn skip_space(chars: &[char], mut from: usize, to: usize) -> usize {
    while from < to && chars[from].is_whitespace() {
        from += 1;
    }
    from
}

/// `to`, moved back over whitespace (never before `from`).
fn trim_end(chars: &[char], from: usize, mut to: usize) -> usize {
    while to > from && chars[to - 1].is_whitespace() {
        to -= 1;
    }
    to
}

/// A call's name, when `chars[start..end]` reads `name(` (spaces allowed before the `(`):
/// the name and the index of the `(`.
fn call(chars: &[char], start: usize, end: usize) -> Option<(String, usize)> {
    let mut i = start;
    while i < end && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
        i += 1;
    }
    if i == start || !chars[start].is_ascii_alphabetic() {
        return None;
    }
    let open = skip_space(chars, i, end);
    (open < end && chars[open] == '(').then(|| (text(chars, start, i), open))
}

/// Parses `chars[from..to]`; returns where the operand starts and the operand.
fn operand(
    chars: &[char],
    from: usize,
    to: usize,
    side: OperandSide,
) -> Result<(usize, Operand), E> {
    let start = skip_space(chars, from, to);
    let end = trim_end(chars, start, to);
    if start == end {
        return Err(E::MissingOperand {
            position: start + 1,
            side,
        });
    }
    if let Some((name, open)) = call(chars, start, end) {
        let lower = name.to_ascii_lowercase();
        if let Some(&function) = FUNCTIONS.iter().find(|f| **f == lower) {
            if chars[end - 1] != ')' {
                return Err(E::UnclosedCall {
                    position: end + 1,
                    function,
                });
            }
            return Ok((start, function_call(chars, function, open + 1, end - 1)?));
        }
        if let Some(why) = gatus_only(&lower) {
            return Err(E::Unsupported {
                position: start + 1,
                name: format!("{lower}()"),
                why,
            });
        }
        // `lenght([BODY].x)`: a misspelt function, not text to compare with.
        // (`open < end - 1` whenever the last character is the `)`.)
        if chars[end - 1] == ')' && chars[skip_space(chars, open + 1, end - 1)] == '[' {
            return Err(E::UnknownFunction {
                position: start + 1,
                name,
            });
        }
    }
    if chars[start] == '[' {
        return Ok((start, Operand::Ref(reference(chars, start, end)?)));
    }
    Ok((start, Operand::Literal(unquote(&text(chars, start, end)))))
}

/// The arguments of a known function, `chars[from..to]` (between its parentheses).
fn function_call(chars: &[char], function: &str, from: usize, to: usize) -> Result<Operand, E> {
    let inner = text(chars, from, to);
    Ok(match function {
        "len" | "has" => {
            let r = reference(chars, skip_space(chars, from, to), to)?;
            if function == "len" {
                Operand::Len(r)
            } else {
                Operand::Has(r)
            }
        }
        "pat" => {
            if inner.trim().is_empty() {
                return Err(E::EmptyPattern { position: from + 1 });
            }
            Operand::Pat(unquote(&inner))
        }
        _ => {
            let items: Vec<String> = inner.split(',').map(unquote).collect();
            if items.iter().any(String::is_empty) {
                return Err(E::EmptyAnyValue { position: from + 1 });
            }
            Operand::Any(items)
        }
    })
}

/// Trimmed, and one pair of surrounding double quotes taken off: `"UP"` is `UP`, `" a "` keeps
/// its spaces.
fn unquote(s: &str) -> String {
    let s = s.trim();
    match s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => inner.to_string(),
        None => s.to_string(),
    }
}

/// `s` as it must be written to be read back as the same literal, pattern or `any()` value.
pub(super) fn quoted(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let plain = !s.is_empty()
        && s.trim() == s
        && unquote(s) == s
        && !s.starts_with('[')
        && call(&chars, 0, chars.len()).is_none();
    if plain {
        s.to_string()
    } else {
        format!("\"{s}\"")
    }
}

/// `[PLACEHOLDER]` with an optional JSON path for `[BODY]`, in `chars[start..end]`.
fn reference(chars: &[char], start: usize, end: usize) -> Result<Reference, E> {
    let end = trim_end(chars, start, end);
    if chars.get(start) != Some(&'[') || start >= end {
        return Err(E::ExpectedPlaceholder {
            position: start + 1,
            found: text(chars, start, end.max(start)),
        });
    }
    let Some(close) = (start..end).find(|&i| chars[i] == ']') else {
        return Err(E::Unterminated {
            position: start + 1,
            opener: '[',
        });
    };
    let name = text(chars, start, close + 1);
    let Some(placeholder) = Placeholder::parse(&name) else {
        if let Some(why) = gatus_only(&name) {
            return Err(E::Unsupported {
                position: start + 1,
                name: name.to_ascii_uppercase(),
                why,
            });
        }
        return Err(E::UnknownPlaceholder {
            position: start + 1,
            name,
        });
    };
    let mut path = Vec::new();
    let mut i = close + 1;
    if i < end && placeholder != Placeholder::Body {
        return Err(E::TextAfterPlaceholder {
            position: i + 1,
            placeholder,
            text: text(chars, i, end),
        });
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
                    return Err(E::EmptyKey { position: s + 1 });
                }
                let key = text(chars, s, j);
                if key.chars().any(char::is_whitespace) {
                    return Err(E::KeyWithSpace {
                        position: s + 1,
                        key,
                    });
                }
                path.push(PathStep::Key(key));
                i = j;
            }
            '[' => {
                let Some(c) = (i..end).find(|&k| chars[k] == ']') else {
                    return Err(E::Unterminated {
                        position: i + 1,
                        opener: '[',
                    });
                };
                let idx = text(chars, i + 1, c);
                match idx.trim().parse::<usize>() {
                    Ok(n) => path.push(PathStep::Index(n)),
                    Err(_) => {
                        return Err(E::BadIndex {
                            position: i + 2,
                            text: idx,
                        })
                    }
                }
                i = c + 1;
            }
            _ => {
                return Err(E::BadPath {
                    position: i + 1,
                    text: text(chars, i, end),
                })
            }
        }
    }
    Ok(Reference { placeholder, path })
}
