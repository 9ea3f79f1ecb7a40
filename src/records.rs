//! Adding, editing and looking up records the same way in every area: the same checks
//! as import (one place for each rule), one history entry per change.

use crate::db::{history, Tx};
use crate::error::{Error, Result};
use crate::exchange::fields::describe;
use crate::exchange::{Fields, Stored};
use crate::words::m;

/// The record with this key, or a not-found error that says how to find one.
pub fn get<T: Stored>(conn: &rusqlite::Connection, key: &str) -> Result<(i64, T)> {
    T::find(conn, key)?.ok_or_else(|| Error::not_found(m::record_not_found(T::ENTITY, key, T::LIST_COMMAND)))
}

/// Add a record from fields given on the command line.
pub fn add<T: Stored>(tx: &Tx, fields: &Fields) -> Result<T> {
    let record =
        T::from_fields(fields.clone()).map_err(|p| Error::invalid(m::record_add_invalid(T::ENTITY, describe(&p))))?;
    if T::find(tx, &record.key())?.is_some() {
        return Err(Error::refused(match T::EDIT_COMMAND {
            Some(edit) => m::record_exists_edit(T::ENTITY, record.label(), edit),
            None => m::record_exists_list(T::ENTITY, record.label(), T::LIST_COMMAND),
        }));
    }
    let mut notes = Vec::new();
    T::insert(tx, &record, &mut notes)?.map_err(|p| Error::invalid(m::record_add_invalid(T::ENTITY, p.to_string())))?;
    history::record(tx, T::ENTITY, &record.label(), "add", None, Some(&record.to_json()))?;
    Ok(record)
}

/// Change some columns of a record; `None` clears a column. Returns the record before
/// and after, or `None` when nothing changed (nothing is recorded then).
pub fn edit<T: Stored>(tx: &Tx, key: &str, changes: &[(&str, Option<String>)]) -> Result<Option<(T, T)>> {
    let (id, old) = get::<T>(tx, key)?;
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
