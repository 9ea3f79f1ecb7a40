//! Typed errors and the exit codes they map to (design.md, "Exit codes").
//! Every message says what was wrong and, where it can, what to do about it.
//!
//! An error is a fact: its kind (which gives the exit code) and a `Msg` (a catalogue key
//! with arguments), rendered in the user's language at the edge (src/main.rs). There is
//! no variant for English built at the call site: a new message goes in the catalogue.
//! `Io` and `Sql` name the failed step (`.ctx`) beside the OS's or SQLite's own words.

use std::fmt;

use crate::words::{m, Lang, Msg};

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

/// What kind of failure an error is; the kind alone picks the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NotFound,
    Refused,
    Invalid,
    Busy,
    Usage,
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A failure as facts: its kind and a message from the catalogue.
    #[error("{1}")]
    Msg(Kind, Msg),
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
    /// A rule broken by one column of a record, on a write path that commands and
    /// imports share: a command fails with `error`; an import rejects the row, naming
    /// `column` (`exchange::rule`).
    #[error("{error}")]
    Column { column: &'static str, error: Box<Error> },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn not_found(msg: Msg) -> Self {
        Error::Msg(Kind::NotFound, msg)
    }

    pub fn refused(msg: Msg) -> Self {
        Error::Msg(Kind::Refused, msg)
    }

    pub fn invalid(msg: Msg) -> Self {
        Error::Msg(Kind::Invalid, msg)
    }

    pub fn busy(msg: Msg) -> Self {
        Error::Msg(Kind::Busy, msg)
    }

    pub fn internal(msg: Msg) -> Self {
        Error::Msg(Kind::Internal, msg)
    }

    /// The kind of this error, whichever form it has.
    pub fn kind(&self) -> Kind {
        match self {
            Error::Msg(kind, _) => *kind,
            Error::Sql { source, .. } if is_busy(source) => Kind::Busy,
            Error::Io { .. } | Error::Sql { .. } => Kind::Internal,
            Error::Column { error, .. } => error.kind(),
        }
    }

    pub fn exit(&self) -> Exit {
        match self.kind() {
            Kind::NotFound => Exit::NotFound,
            Kind::Refused => Exit::Refused,
            Kind::Invalid => Exit::Invalid,
            Kind::Busy => Exit::Busy,
            Kind::Usage => Exit::Usage,
            Kind::Internal => Exit::Internal,
        }
    }

    /// The line that reports this error to a person, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let message = match self {
            Error::Msg(_, msg) => msg.render(lang),
            Error::Column { error, .. } => return error.render(lang),
            other => other.to_string(),
        };
        m::error_line(message).render(lang)
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
            if let rusqlite::Error::ToSqlConversionFailure(inner) = &source {
                if inner.is::<crate::money::Overflow>() {
                    return Error::from(crate::money::Overflow);
                }
            }
            if is_busy(&source) {
                Error::busy(m::db_busy(what, crate::db::busy_timeout().as_millis()))
            } else if source.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) {
                Error::internal(crate::hardening::msg::database_read_only(what))
            } else if source.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
                // SQLite rolled the transaction back: say so, and what to do, in words.
                Error::internal(crate::hardening::msg::disk_full(what))
            } else if source.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) {
                // A damaged file: say so, and that a backup is the way back.
                Error::internal(crate::hostile::msg::database_damaged(what))
            } else if let Some(message) = trigger_refusal(&source) {
                // The database's own guard (append-only records, signed reports); its
                // text is written in the migration that made the trigger.
                Error::refused(m::db_guard(what, message))
            } else {
                Error::Sql { context: what.to_string(), source }
            }
        })
    }
}
