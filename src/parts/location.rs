//! Warehouse locations (R4.2.1): a warehouse and a bin in it, written `WH1/A-01`
//! (`WH1` alone for the warehouse as a whole). A bin may be given to a category.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::db::{history, Tx};
use crate::error::{Error, Result, SqlContext};
use crate::words::m;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    pub location: String,
    pub warehouse: String,
    pub bin: String,
    pub category: Option<String>,
    pub note: Option<String>,
}

pub const COLUMNS: &[&str] = &["location", "warehouse", "bin", "category", "note"];

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
    conn.prepare_cached("SELECT id FROM locations WHERE warehouse = ?1 AND bin = ?2")
        .and_then(|mut s| s.query_row([w, b], |r| r.get(0)).optional())
        .ctx("looking up a location")
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
    if find_id(tx, &code)?.is_some() {
        return Err(Error::refused(m::parts_location_exists(&code)));
    }
    insert(tx, warehouse, bin, category, note)?;
    let loc = Location {
        location: code.clone(),
        warehouse: warehouse.into(),
        bin: bin.into(),
        category: category.map(Into::into),
        note: note.map(Into::into),
    };
    history::record(tx, "location", &code, "add", None, Some(&serde_json::to_value(&loc).unwrap_or_default()))?;
    Ok(loc)
}

/// A warehouse has a name, and neither it nor the bin holds the '/' that separates them.
/// The command and imports check the same rule.
fn well_formed(warehouse: &str, bin: &str) -> bool {
    !warehouse.is_empty() && !warehouse.contains('/') && !bin.contains('/')
}

/// The one way a location is written, by `location add` and by imports.
fn insert(tx: &Tx, warehouse: &str, bin: &str, category: Option<&str>, note: Option<&str>) -> Result<i64> {
    tx.prepare_cached("INSERT INTO locations(warehouse, bin, category, note) VALUES (?1, ?2, ?3, ?4) RETURNING id")
        .and_then(|mut s| s.query_row(params![warehouse, bin, category, note], |r| r.get(0)))
        .ctx("adding a location")
}

pub fn list(conn: &Connection, warehouse: Option<&str>) -> Result<Vec<Location>> {
    let mut stmt = conn
        .prepare(
            "SELECT warehouse, bin, category, note FROM locations WHERE (?1 IS NULL OR warehouse = ?1)
             ORDER BY warehouse, bin",
        )
        .ctx("listing locations")?;
    let rows = stmt
        .query_map([warehouse], |r| {
            let (w, b): (String, String) = (r.get(0)?, r.get(1)?);
            Ok(Location { location: code(&w, &b), warehouse: w, bin: b, category: r.get(2)?, note: r.get(3)? })
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .ctx("listing locations")?;
    Ok(rows)
}

/// A location as a record, for `svc parts location import|export` and whole-database
/// moves: the code `WH1/A-01`, its category and note (warehouse and bin follow from the code).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationRecord {
    pub location: String,
    pub category: Option<String>,
    pub note: Option<String>,
}

impl crate::exchange::Record for LocationRecord {
    const ENTITY: &'static str = "location";
    const PLURAL: &'static str = "locations";
    const COLUMNS: &'static [&'static str] = &["location", "category", "note"];
    const REQUIRED: &'static [&'static str] = &["location"];

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
        conn.prepare_cached("SELECT id, category, note FROM locations WHERE warehouse = ?1 AND bin = ?2")
            .and_then(|mut s| {
                s.query_row([w, b], |r| {
                    Ok((r.get(0)?, LocationRecord { location: code(w, b), category: r.get(1)?, note: r.get(2)? }))
                })
                .optional()
            })
            .ctx("looking up a location")
    }

    fn insert(tx: &Tx, l: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, crate::exchange::Problem>> {
        let (w, b) = split(&l.location);
        Ok(Ok(insert(tx, w, b, l.category.as_deref(), l.note.as_deref())?))
    }

    fn update(tx: &Tx, id: i64, l: &Self, _notes: &mut Vec<String>) -> Result<Result<(), crate::exchange::Problem>> {
        tx.prepare_cached("UPDATE locations SET category = ?2, note = ?3 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![id, l.category, l.note]))
            .ctx("changing a location")?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        for l in list(conn, None)? {
            each(LocationRecord { location: l.location, category: l.category, note: l.note })?;
        }
        Ok(())
    }
}
