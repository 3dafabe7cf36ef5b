//! [`CommandError`]: why a command from a shell (add, edit, snooze, a setting, a drill) was
//! refused, the same for every command so the shells map it one way.

use crate::field::{ConfigError, FieldError};
use crate::storage::StoreError;

/// Why a command was refused. Serializable for the desktop shell as `{kind, message, fields}`.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("{0}")]
    Invalid(ConfigError),
    #[error("{}", crate::t!("error-not-found", what = .0.as_str()))]
    NotFound(String),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => CommandError::NotFound(what),
            StoreError::Duplicate { field, value } => CommandError::Invalid(ConfigError {
                monitor: Some(value.clone()),
                errors: vec![FieldError::new(
                    field,
                    crate::t!("field-name-exists", name = value.as_str()),
                )],
            }),
            e => CommandError::Store(e),
        }
    }
}

impl CommandError {
    pub fn kind(&self) -> &'static str {
        match self {
            CommandError::Invalid(_) => "invalid",
            CommandError::NotFound(_) => "not_found",
            CommandError::Store(_) => "store",
        }
    }

    /// The problems to show next to form fields.
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            CommandError::Invalid(e) => e.errors.clone(),
            _ => Vec::new(),
        }
    }
}
