//! What an area implements to take part in import, export and listing: its record
//! type in canonical columns (one struct for every path, design.md) and how it is
//! found, inserted and updated. The engine in `import.rs` does the rest.

use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;

use super::fields::{Check, Fields, Problem};
use crate::db::Tx;
use crate::error::{Error, Result};

pub trait Record: Sized + PartialEq + Serialize {
    /// Singular, as the history names it: `customer`.
    const ENTITY: &'static str;
    /// Plural, as files and messages name the area: `customers`.
    const PLURAL: &'static str;
    /// Canonical columns, in export order. The struct's serde names are these. A record
    /// kept in a table takes them (and PERSONAL, HELP) from its `record_columns!`
    /// declaration (`columns::Columns::NAMES`), where each column is named once.
    const COLUMNS: &'static [&'static str];
    /// Columns a file must have (after mapping) to be imported at all.
    const REQUIRED: &'static [&'static str];
    /// Columns holding personal data, masked by `--redact` (R8.1.2).
    const PERSONAL: &'static [&'static str] = &[];
    /// One line of help per column, for the `--column` flags of add and edit.
    const HELP: &'static [(&'static str, &'static str)] = &[];
    /// Other names a column's flag answers to (`--customer` for `--customer-code`).
    const ALIASES: &'static [(&'static str, &'static str)] = &[];

    /// Build a record from checked fields; problems go to `check`.
    fn parse(check: &mut Check) -> Self;

    /// The record's key (code, serial number...).
    fn key(&self) -> String;

    /// The record as messages and the history name it (the key, unless that is not
    /// meant for people).
    fn label(&self) -> String {
        self.key()
    }

    /// The column holding the key: the first, unless an area says otherwise.
    fn key_column() -> &'static str {
        Self::COLUMNS[0]
    }

    fn from_fields(fields: Fields) -> Result<Self, Vec<Problem>> {
        let mut check = Check::new(fields);
        let record = Self::parse(&mut check);
        check.finish(record)
    }

    /// The record in canonical column order, each field serialized straight into its
    /// cell (`output::cells`), no JSON object of the record made first: a 100 MB note is
    /// held twice while this runs (the record and its row), not three times.
    fn to_row(&self) -> Vec<Value> {
        crate::output::cells(Self::COLUMNS, self).unwrap_or_else(|| unreachable!("records serialize to objects"))
    }

    fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// An import's writer of new records (`Stored::inserter`): the new row id.
pub type Inserter<'t, T> = Box<dyn FnMut(&T) -> Result<i64> + 't>;

/// A record kept in its own table.
pub trait Stored: Record {
    /// The table; used to tell rows added by this import from older ones.
    const TABLE: &'static str;
    /// Insert-mode imports try the INSERT first and look the key up only when it is
    /// refused: one index search per row instead of two. Only for tables whose insert
    /// changes nothing else before the key is checked.
    const INSERT_FIRST: bool = true;
    /// The command that lists these records, for hints in messages.
    const LIST_COMMAND: &'static str;
    /// The command that edits one, if there is one.
    const EDIT_COMMAND: Option<&'static str>;

    /// The row id and record with this key.
    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>>;

    /// Only the row id: cheaper, for imports that need not compare records.
    fn find_id(conn: &Connection, key: &str) -> Result<Option<i64>> {
        Ok(Self::find(conn, key)?.map(|(id, _)| id))
    }

    /// Insert; `Ok(Err(problem))` when a reference does not resolve. `notes` collects
    /// what the import summary should mention (e.g. new catalogue entries).
    fn insert(tx: &Tx, record: &Self, notes: &mut Vec<String>) -> Result<Result<i64, Problem>>;

    /// For an area whose `insert` is its table's INSERT alone (nothing to resolve, no
    /// rule, no notes): that INSERT prepared once, for an import to run for each row.
    /// `None`: the import calls `insert` for each row.
    fn inserter<'t>(_tx: &'t Tx) -> Result<Option<Inserter<'t, Self>>> {
        Ok(None)
    }

    fn update(tx: &Tx, id: i64, record: &Self, notes: &mut Vec<String>) -> Result<Result<(), Problem>>;

    /// Every record, in key order, to `each`.
    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()>;
}

/// The outcome of a shared write path as an import sees it: a broken rule that names
/// its column is a rejected row (with the command's own words); any other error stops
/// the import.
pub fn rule<T>(outcome: Result<T>) -> Result<Result<T, Problem>> {
    match outcome {
        Ok(t) => Ok(Ok(t)),
        Err(Error::Column { column, error }) => Ok(Err(Problem::new(column, error.to_string()))),
        Err(e) => Err(e),
    }
}
