//! What can be wrong with a condition as written, and where.
//!
//! Every variant carries the 1-based *character* position it points at (never a byte offset:
//! a condition may hold any Unicode) and, where there is one, the offending text, so tests and
//! callers match variants while people read the message. The messages are the ones the settings
//! form, the CLI and Gatus imports have always shown, after `at character N: `.

use super::{Op, Placeholder};

/// Which side of the operator an operand is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperandSide {
    Before,
    After,
}

impl std::fmt::Display for OperandSide {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            OperandSide::Before => "before",
            OperandSide::After => "after",
        })
    }
}

/// A malformed condition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConditionError {
    #[error("at character {position}: is empty")]
    Empty { position: usize },
    #[error("at character {position}: a single = is not an operator; write ==")]
    SingleEquals { position: usize },
    #[error("at character {position}: expected a comparison operator (==, !=, <, <=, >, >=)")]
    MissingOperator { position: usize },
    #[error("at character {position}: expected a value {side} the operator")]
    MissingOperand { position: usize, side: OperandSide },
    /// A `[` or `(` with no partner.
    #[error("at character {position}: this {opener} is never closed")]
    Unterminated { position: usize, opener: char },
    /// `len(...` followed by more text than its closing parenthesis.
    #[error("at character {position}: {function}( is missing its closing )")]
    UnclosedCall {
        position: usize,
        function: &'static str,
    },
    #[error("at character {position}: compares no placeholder; write it like [STATUS] == 200")]
    NoPlaceholder { position: usize },
    #[error("at character {position}: pat() and any() work only with == and !=")]
    MatchNeedsEquality { position: usize, op: Op },
    #[error("at character {position}: has() is true or false: compare it with == or !=")]
    HasNeedsEquality { position: usize, op: Op },
    #[error(
        "at character {position}: \"{text}\" is not a number or a duration like 500ms or 48h, \
         so it can't be compared with {op}"
    )]
    NotANumber {
        position: usize,
        text: String,
        op: Op,
    },
    #[error("at character {position}: pat() needs a pattern, like pat(api-*)")]
    EmptyPattern { position: usize },
    #[error("at character {position}: any() needs values separated by commas, like any(200, 429)")]
    EmptyAnyValue { position: usize },
    #[error(
        "at character {position}: unknown function {name}(); known: len(), has(), pat(), any()"
    )]
    UnknownFunction { position: usize, name: String },
    #[error("at character {position}: expected a placeholder like [BODY]")]
    ExpectedPlaceholder { position: usize, found: String },
    #[error(
        "at character {position}: unknown placeholder {name}; known: {}",
        known()
    )]
    UnknownPlaceholder { position: usize, name: String },
    /// Part of Gatus's language that Lookout does not carry: `[DOMAIN_EXPIRATION]`, `[HEADER]`,
    /// `[CONTEXT]`, `age()`.
    #[error("at character {position}: Lookout does not support {name}: {why}")]
    Unsupported {
        position: usize,
        name: String,
        why: &'static str,
    },
    #[error("at character {position}: unexpected text after {placeholder}")]
    TextAfterPlaceholder {
        position: usize,
        placeholder: Placeholder,
        text: String,
    },
    #[error("at character {position}: expected a key after .")]
    EmptyKey { position: usize },
    #[error("at character {position}: \"{key}\" is not a key: keys have no spaces")]
    KeyWithSpace { position: usize, key: String },
    #[error("at character {position}: \"{text}\" is not an array index")]
    BadIndex { position: usize, text: String },
    #[error(
        "at character {position}: expected .key or [index] after [BODY], like [BODY].data[0].id"
    )]
    BadPath { position: usize, text: String },
}

fn known() -> String {
    let known: Vec<&str> = Placeholder::ALL.iter().map(|p| p.as_str()).collect();
    known.join(", ")
}

impl ConditionError {
    /// The 1-based character position the mistake is at (one past the end for "expected more").
    pub fn position(&self) -> usize {
        use ConditionError::*;
        match self {
            Empty { position }
            | SingleEquals { position }
            | MissingOperator { position }
            | MissingOperand { position, .. }
            | Unterminated { position, .. }
            | UnclosedCall { position, .. }
            | NoPlaceholder { position }
            | MatchNeedsEquality { position, .. }
            | HasNeedsEquality { position, .. }
            | NotANumber { position, .. }
            | EmptyPattern { position }
            | EmptyAnyValue { position }
            | UnknownFunction { position, .. }
            | ExpectedPlaceholder { position, .. }
            | UnknownPlaceholder { position, .. }
            | Unsupported { position, .. }
            | TextAfterPlaceholder { position, .. }
            | EmptyKey { position }
            | KeyWithSpace { position, .. }
            | BadIndex { position, .. }
            | BadPath { position, .. } => *position,
        }
    }
}
