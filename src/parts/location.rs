//! Warehouse locations (R4.2.1): a warehouse and a bin in it, written `WH1/A-01`
//! (`WH1` alone for the warehouse as a whole). A bin may be given to a category.

use rusqlite::Connection;
use serde::Serialize;

use crate::db::{history, Tx};
use crate::error::{Error, Result};
use crate::exchange::columns::{self, Columns};
use crate::words::m;

/// A location as `svc parts location list` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    pub location: String,
    pub warehouse: String,
    pub bin: String,
    pub category: Option<String>,
    pub note: Option<String>,
}

/// The code `WH1/A-01` (`WH1` for the warehouse as a whole), as SQL reads it (`code`).
const CODE_SQL: &str = "CASE WHEN bin = '' THEN warehouse ELSE warehouse || '/' || bin END";

crate::record_columns! {
    Location in Table::new("locations") => {
        location: Field::new("location").read(CODE_SQL).read_only(),
        warehouse: Field::new("warehouse").key(),
        bin: Field::new("bin").key(),
        category: Field::new("category"),
        note: Field::new("note"),
    }
}

pub const COLUMNS: &[&str] = Location::NAMES;

/// `WH1/A-01` → (`WH1`, `A-01`); `WH1` → (`WH1`, ``).
pub fn split(code: &str) -> (&str, &str) {
    let code = code.trim();
    match code.split_once('/') {
        Some((w, b)) => (w.trim(), b.trim()),
        None => (code, ""),
    }
}

pub fn code(warehouse: &str, bin: &str) -> String {
    if bin.is_empty() {
        warehouse.to_string()
    } else {
        format!("{warehouse}/{bin}")
    }
}

/// The location's id, if it exists.
pub fn find_id(conn: &Connection, location: &str) -> Result<Option<i64>> {
    let (w, b) = split(location);
    super::store::location_id(conn, w, b)
}

/// The location's id, or a not-found error that says how to add it.
pub fn id(conn: &Connection, location: &str) -> Result<i64> {
    find_id(conn, location)?.ok_or_else(|| Error::not_found(m::parts_location_not_found(location)))
}

pub fn add(tx: &Tx, warehouse: &str, bin: &str, category: Option<&str>, note: Option<&str>) -> Result<Location> {
    let warehouse = warehouse.trim();
    let bin = bin.trim();
    if !well_formed(warehouse, bin) {
        return Err(Error::invalid(m::parts_location_malformed(format!("{warehouse:?}"), format!("{bin:?}"))));
    }
    let code = code(warehouse, bin);
    if find_id(tx.conn(), &code)?.is_some() {
        return Err(Error::refused(m::parts_location_exists(&code)));
    }
    let record =
        LocationRecord { location: code.clone(), category: category.map(Into::into), note: note.map(Into::into) };
    insert(tx, &record)?;
    let loc = Location {
        location: code.clone(),
        warehouse: warehouse.into(),
        bin: bin.into(),
        category: record.category,
        note: record.note,
    };
    history::record(tx, "location", &code, "add", None, Some(&serde_json::to_value(&loc).unwrap_or_default()))?;
    Ok(loc)
}

/// A warehouse has a name, and neither it nor the bin holds the '/' that separates them.
/// The command and imports check the same rule.
fn well_formed(warehouse: &str, bin: &str) -> bool {
    !warehouse.is_empty() && !warehouse.contains('/') && !bin.contains('/')
}

/// The one way a location is written, by `location add` and by imports: its code
/// gives the warehouse and the bin.
fn insert(tx: &Tx, l: &LocationRecord) -> Result<i64> {
    let (w, b) = split(&l.location);
    columns::insert(tx.conn(), l, &[&w, &b], "adding a location")
}

pub fn list(conn: &Connection, warehouse: Option<&str>) -> Result<Vec<Location>> {
    let mut all = Vec::new();
    columns::each(
        conn,
        "WHERE (?1 IS NULL OR warehouse = ?1) ORDER BY warehouse, bin",
        [warehouse],
        "listing locations",
        &mut |l| {
            all.push(l);
            Ok(())
        },
    )?;
    Ok(all)
}

/// A location as a record, for `svc parts location import|export` and whole-database
/// moves: the code `WH1/A-01`, its category and note (warehouse and bin follow from the code).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationRecord {
    pub location: String,
    pub category: Option<String>,
    pub note: Option<String>,
}

crate::record_columns! {
    // The code is written as the warehouse (resolved: the code's first part) and the
    // bin (the value after it), never changed by an update.
    LocationRecord in Table::new("locations").insert_also(&[("bin", "?")]) => {
        location: Field::new("location").read(CODE_SQL).key().resolved("warehouse"),
        category: Field::new("category"),
        note: Field::new("note"),
    }
}

impl crate::exchange::Record for LocationRecord {
    const ENTITY: &'static str = "location";
    const PLURAL: &'static str = "locations";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["location"];
    const PERSONAL: &'static [&'static str] = Self::PERSONAL_NAMES;
    const HELP: &'static [(&'static str, &'static str)] = Self::HELP_LINES;

    fn parse(c: &mut crate::exchange::Check) -> Self {
        let location = c.key("location");
        let (w, b) = split(&location);
        if !well_formed(w, b) {
            c.problems.push(crate::exchange::Problem::new("location", "write WAREHOUSE or WAREHOUSE/BIN"));
        }
        LocationRecord { location: code(w, b), category: c.text("category"), note: c.text("note") }
    }

    fn key(&self) -> String {
        self.location.clone()
    }
}

impl crate::exchange::Stored for LocationRecord {
    const TABLE: &'static str = "locations";
    const LIST_COMMAND: &'static str = "svc parts location list";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        let (w, b) = split(key);
        columns::find(conn, "WHERE warehouse = ?1 AND bin = ?2", [w, b], "looking up a location")
    }

    fn insert(tx: &Tx, l: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, crate::exchange::Problem>> {
        Ok(Ok(insert(tx, l)?))
    }

    fn update(tx: &Tx, id: i64, l: &Self, _notes: &mut Vec<String>) -> Result<Result<(), crate::exchange::Problem>> {
        columns::update(tx.conn(), id, l, &[], "changing a location")?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        columns::each(conn, "ORDER BY warehouse, bin", [], "exporting locations", each)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_s_columns_are_written_once_and_agree_with_the_schema() {
        let conn = columns::assert_agree::<LocationRecord>();
        // The listing's columns read from the same table.
        let select = &Location::sql().select;
        let stmt = conn.prepare(select).unwrap_or_else(|e| panic!("{e}: {select}"));
        assert_eq!(stmt.column_count(), COLUMNS.len() + 1);
        assert_eq!(
            LocationRecord::sql().insert,
            "INSERT INTO locations(warehouse, category, note, bin) VALUES (?1, ?2, ?3, ?4) RETURNING id"
        );
        assert_eq!(LocationRecord::sql().update, "UPDATE locations SET category = ?2, note = ?3 WHERE id = ?1");
    }
}
