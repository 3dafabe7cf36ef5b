//! What can be wrong with a condition as written, and where.
//!
//! Every variant carries the 1-based *character* position it points at (never a byte offset:
//! a condition may hold any Unicode) and, where there is one, the offending text, so tests and
//! callers match variants while people read the message. The messages are the ones the settings
//! form, the CLI and Gatus imports have always shown, after `at character N: `, worded by the
//! catalogues (`field-condition-*`) in the language in force.

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConditionError {
    Empty {
        position: usize,
    },
    SingleEquals {
        position: usize,
    },
    MissingOperator {
        position: usize,
    },
    MissingOperand {
        position: usize,
        side: OperandSide,
    },
    /// A `[` or `(` with no partner.
    Unterminated {
        position: usize,
        opener: char,
    },
    /// `len(...` followed by more text than its closing parenthesis.
    UnclosedCall {
        position: usize,
        function: &'static str,
    },
    NoPlaceholder {
        position: usize,
    },
    MatchNeedsEquality {
        position: usize,
        op: Op,
    },
    HasNeedsEquality {
        position: usize,
        op: Op,
    },
    NotANumber {
        position: usize,
        text: String,
        op: Op,
    },
    EmptyPattern {
        position: usize,
    },
    EmptyAnyValue {
        position: usize,
    },
    UnknownFunction {
        position: usize,
        name: String,
    },
    ExpectedPlaceholder {
        position: usize,
        found: String,
    },
    UnknownPlaceholder {
        position: usize,
        name: String,
    },
    /// Part of Gatus's language that Lookout does not carry: `[DOMAIN_EXPIRATION]`, `[HEADER]`,
    /// `[CONTEXT]`, `age()`. `why` is the catalogue id of the reason.
    Unsupported {
        position: usize,
        name: String,
        why: &'static str,
    },
    TextAfterPlaceholder {
        position: usize,
        placeholder: Placeholder,
        text: String,
    },
    EmptyKey {
        position: usize,
    },
    KeyWithSpace {
        position: usize,
        key: String,
    },
    BadIndex {
        position: usize,
        text: String,
    },
    BadPath {
        position: usize,
        text: String,
    },
}

impl std::error::Error for ConditionError {}

/// `at character N: ` and what is wrong there, in the language in force.
impl std::fmt::Display for ConditionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::t;
        use ConditionError::*;
        let problem = match self {
            Empty { .. } => t!("field-condition-empty"),
            SingleEquals { .. } => t!("field-condition-single-equals"),
            MissingOperator { .. } => t!("field-condition-missing-operator"),
            MissingOperand { side, .. } => {
                t!("field-condition-missing-operand", side = side.to_string())
            }
            Unterminated { opener, .. } => {
                t!("field-condition-unterminated", opener = opener.to_string())
            }
            UnclosedCall { function, .. } => {
                t!("field-condition-unclosed-call", function = *function)
            }
            NoPlaceholder { .. } => t!("field-condition-no-placeholder"),
            MatchNeedsEquality { .. } => t!("field-condition-match-needs-equality"),
            HasNeedsEquality { .. } => t!("field-condition-has-needs-equality"),
            NotANumber { text, op, .. } => t!(
                "field-condition-not-a-number",
                text = text.as_str(),
                op = op.as_str()
            ),
            EmptyPattern { .. } => t!("field-condition-empty-pattern"),
            EmptyAnyValue { .. } => t!("field-condition-empty-any"),
            UnknownFunction { name, .. } => {
                t!("field-condition-unknown-function", name = name.as_str())
            }
            ExpectedPlaceholder { .. } => t!("field-condition-expected-placeholder"),
            UnknownPlaceholder { name, .. } => t!(
                "field-condition-unknown-placeholder",
                name = name.as_str(),
                known = known()
            ),
            Unsupported { name, why, .. } => t!(
                "field-condition-unsupported",
                name = name.as_str(),
                why = crate::i18n::tr(why, &[])
            ),
            TextAfterPlaceholder { placeholder, .. } => {
                t!(
                    "field-condition-text-after",
                    placeholder = placeholder.as_str()
                )
            }
            EmptyKey { .. } => t!("field-condition-empty-key"),
            KeyWithSpace { key, .. } => {
                t!("field-condition-key-with-space", key = key.as_str())
            }
            BadIndex { text, .. } => t!("field-condition-bad-index", text = text.as_str()),
            BadPath { .. } => t!("field-condition-bad-path"),
        };
        let position = self.position().to_string();
        f.write_str(&t!(
            "field-condition-at",
            position = position,
            problem = problem
        ))
    }
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
