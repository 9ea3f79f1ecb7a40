//! Adding, editing and looking up records the same way in every area: the same checks
//! as import (one place for each rule), one history entry per change.

use crate::db::{history, Tx};
use crate::error::{Error, Result};
use crate::exchange::fields::describe;
use crate::exchange::{Fields, Stored};
use crate::words::{m, Msg};

/// The record with this key, or a not-found error that says how to find one. A key a
/// spreadsheet stripped of its leading zeros (`123` for `00123`, a code saved as a
/// number) is never matched silently: the error asks "did you mean 00123?".
pub fn get<T: Stored>(conn: &rusqlite::Connection, key: &str) -> Result<(i64, T)> {
    if let Some(found) = T::find(conn, key)? {
        return Ok(found);
    }
    Err(Error::not_found(match zero_padded::<T>(conn, key) {
        Some(meant) => m::record_not_found_zeros(T::ENTITY, key, meant),
        None => m::record_not_found(T::ENTITY, key, T::LIST_COMMAND),
    }))
}

/// The one stored key that is `key` with leading zeros restored (or removed), when
/// `key` is a number: what Excel makes of a code such as 00123 typed into a General
/// cell. Several candidates (0123 and 00123) are no answer. The candidates are looked
/// up by the key's index, so an import may ask for every row.
pub fn zero_padded<T: Stored>(conn: &rusqlite::Connection, key: &str) -> Option<String> {
    let key = key.trim();
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = key.trim_start_matches('0');
    if number.is_empty() {
        return None;
    }
    let candidates: Vec<String> = (number.len()..=number.len().max(key.len()).max(ZERO_PADDED_WIDTH))
        .map(|width| format!("{number:0>width$}"))
        .filter(|c| c != key)
        .collect();
    let column = T::key_column();
    let places = vec!["?"; candidates.len()].join(", ");
    let sql = format!("SELECT {column} FROM {table} WHERE {column} IN ({places}) LIMIT 2", table = T::TABLE);
    // A table whose key is not one plain column gives no hint rather than an error.
    let found: Vec<String> = conn
        .prepare_cached(&sql)
        .and_then(|mut st| st.query_map(rusqlite::params_from_iter(&candidates), |r| r.get(0))?.collect())
        .unwrap_or_default();
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The longest code a number is padded to when looking for its zeros.
const ZERO_PADDED_WIDTH: usize = 24;

/// A reference that names no record (an import row's `customer_code`, `part_no` ...):
/// `problem`, asking "did you mean 0100?" as `get` does when the code is a stored
/// code's number without its leading zeros.
pub fn missing_reference<T: Stored>(conn: &rusqlite::Connection, key: &str, problem: impl std::fmt::Display) -> String {
    match zero_padded::<T>(conn, key) {
        Some(meant) => crate::exchange::workbook::msg::workbook_reference_zeros(problem.to_string(), meant).to_string(),
        None => problem.to_string(),
    }
}

/// `missing_reference` for a write path that raises its refusal as an error (a legacy
/// repair's or maintenance record's device): the same question, as a message.
pub fn missing_reference_msg<T: Stored>(conn: &rusqlite::Connection, key: &str, problem: Msg) -> Msg {
    match zero_padded::<T>(conn, key) {
        Some(meant) => crate::exchange::workbook::msg::workbook_reference_zeros(problem.to_string(), meant),
        None => problem,
    }
}

/// Add a record from fields given on the command line.
pub fn add<T: Stored>(tx: &Tx, fields: &Fields) -> Result<T> {
    let record =
        T::from_fields(fields.clone()).map_err(|p| Error::invalid(m::record_add_invalid(T::ENTITY, describe(&p))))?;
    if T::find(tx.conn(), &record.key())?.is_some() {
        return Err(Error::refused(match T::EDIT_COMMAND {
            Some(edit) => m::record_exists_edit(T::ENTITY, record.label(), edit),
            None => m::record_exists_list(T::ENTITY, record.label(), T::LIST_COMMAND),
        }));
    }
    if let Some(meant) = zero_padded::<T>(tx.conn(), &record.key()) {
        return Err(Error::refused(m::record_exists_zeros(T::ENTITY, record.key(), meant)));
    }
    let mut notes = Vec::new();
    T::insert(tx, &record, &mut notes)?.map_err(|p| Error::invalid(m::record_add_invalid(T::ENTITY, p.to_string())))?;
    history::record(tx, T::ENTITY, &record.label(), "add", None, Some(&record.to_json()))?;
    Ok(record)
}

/// Change some columns of a record; `None` clears a column. Returns the record before
/// and after, or `None` when nothing changed (nothing is recorded then).
pub fn edit<T: Stored>(tx: &Tx, key: &str, changes: &[(&str, Option<String>)]) -> Result<Option<(T, T)>> {
    let (id, old) = get::<T>(tx.conn(), key)?;
    let mut fields = Fields::from_row(T::COLUMNS, &old.to_row());
    for (column, value) in changes {
        if *column == T::key_column() {
            return Err(Error::refused(m::record_identity(*column, T::ENTITY)));
        }
        fields.set(column, value.as_deref().unwrap_or(""));
    }
    let new =
        T::from_fields(fields).map_err(|p| Error::invalid(m::record_change_invalid(T::ENTITY, key, describe(&p))))?;
    if new == old {
        return Ok(None);
    }
    let mut notes = Vec::new();
    T::update(tx, id, &new, &mut notes)?
        .map_err(|p| Error::invalid(m::record_change_invalid(T::ENTITY, key, p.to_string())))?;
    history::record(tx, T::ENTITY, key, "edit", Some(&old.to_json()), Some(&new.to_json()))?;
    Ok(Some((old, new)))
}
