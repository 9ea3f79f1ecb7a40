//! Typed errors and the exit codes they map to (design.md, "Exit codes").
//! Every message says what was wrong and, where it can, what to do about it.

use std::fmt;

/// The documented exit codes. `2` (usage) is produced by clap itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Internal = 1,
    Usage = 2,
    NotFound = 3,
    Refused = 4,
    Invalid = 5,
    Busy = 6,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A record, file or database that was named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A rule of the regulation or of the data model refuses the change.
    #[error("{0}")]
    Refused(String),
    /// Input data is invalid; nothing was written.
    #[error("{0}")]
    Invalid(String),
    /// The database stayed locked past the busy timeout, or is newer than this binary.
    #[error("{0}")]
    Busy(String),
    #[error("{0}")]
    Usage(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{context}: {source}")]
    Sql {
        context: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{0}")]
    Internal(String),
    /// A rule broken by one column of a record, on a write path that commands and
    /// imports share: a command fails with `error`; an import rejects the row, naming
    /// `column` (`exchange::rule`).
    #[error("{error}")]
    Column { column: &'static str, error: Box<Error> },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn exit(&self) -> Exit {
        match self {
            Error::NotFound(_) => Exit::NotFound,
            Error::Refused(_) => Exit::Refused,
            Error::Invalid(_) => Exit::Invalid,
            Error::Busy(_) => Exit::Busy,
            Error::Usage(_) => Exit::Usage,
            Error::Sql { source, .. } if is_busy(source) => Exit::Busy,
            Error::Io { .. } | Error::Sql { .. } | Error::Internal(_) => Exit::Internal,
            Error::Column { error, .. } => error.exit(),
        }
    }

    /// This error, as broken by the record's `column`.
    pub fn at(self, column: &'static str) -> Self {
        Error::Column { column, error: Box::new(self) }
    }

    pub fn io(context: impl fmt::Display, source: std::io::Error) -> Self {
        Error::Io { context: context.to_string(), source }
    }
}

/// True when SQLite gave up waiting for a lock held by another process.
pub fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked))
}

/// True when a statement failed because a UNIQUE key is already taken.
pub fn is_unique_violation(e: &Error) -> bool {
    match e {
        Error::Sql { source: rusqlite::Error::SqliteFailure(f, _), .. } => {
            f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
        }
        _ => false,
    }
}

/// The message of a trigger's RAISE(ABORT, ...), which guards protected records.
fn trigger_refusal(e: &rusqlite::Error) -> Option<&str> {
    match e {
        rusqlite::Error::SqliteFailure(f, Some(message))
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_TRIGGER =>
        {
            Some(message)
        }
        _ => None,
    }
}

/// Attach "what this statement does" to a SQLite error, as taskchampion does, so an
/// error names the step that failed. A busy error gets the hint about the timeout.
pub trait SqlContext<T> {
    fn ctx(self, what: &str) -> Result<T>;
}

impl<T> SqlContext<T> for std::result::Result<T, rusqlite::Error> {
    fn ctx(self, what: &str) -> Result<T> {
        self.map_err(|source| {
            if is_busy(&source) {
                Error::Busy(format!(
                    "{what}: the database is locked by another process; try again, or raise SVC_BUSY_TIMEOUT (now {} ms)",
                    crate::db::busy_timeout().as_millis()
                ))
            } else if let Some(message) = trigger_refusal(&source) {
                // The database's own guard (append-only records, signed reports).
                Error::Refused(format!("{what}: {message}"))
            } else {
                Error::Sql { context: what.to_string(), source }
            }
        })
    }
}
