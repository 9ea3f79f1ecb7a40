//! The installed base's SQL (the storage seam, issue 8): the columns table beside
//! `Equipment` builds the record's statements; here are the look-ups, the model
//! catalogue and the filters they run with. A second storage engine would implement
//! these functions.

use rusqlite::{params, Connection, OptionalExtension};

use super::{Equipment, Filter, Model};
use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::exchange::columns;

/// The device with this serial number.
pub fn find(conn: &Connection, serial_no: &str) -> Result<Option<(i64, Equipment)>> {
    columns::find(conn, "WHERE e.serial_no = ?1", [serial_no], "looking up a device")
}

/// The id of the device with this serial number.
pub fn find_id(conn: &Connection, serial_no: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM equipment WHERE serial_no = ?1")
        .and_then(|mut s| s.query_row([serial_no], |r| r.get(0)).optional())
        .ctx("looking up a device")
}

/// The id of the customer a device names as its owner.
pub fn customer_id(tx: &Tx, code: &str) -> Result<Option<i64>> {
    tx.prepare_cached("SELECT id FROM customers WHERE code = ?1")
        .and_then(|mut s| s.query_row([code], |r| r.get(0)).optional())
        .ctx("looking up the device's customer")
}

/// The catalogue entry of a (model, manufacturer) pair.
pub fn model_id(conn: &Connection, model: &str, manufacturer: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM models WHERE model = ?1 AND manufacturer = ?2")
        .and_then(|mut s| s.query_row([model, manufacturer], |r| r.get(0)).optional())
        .ctx("looking up a model")
}

/// Add a (model, manufacturer) pair to the catalogue, at the transaction's time; its id.
pub fn insert_model(tx: &Tx, model: &str, manufacturer: &str) -> Result<i64> {
    tx.prepare_cached("INSERT INTO models(model, manufacturer, added_at) VALUES (?1, ?2, ?3) RETURNING id")
        .and_then(|mut s| s.query_row(params![model, manufacturer, tx.now], |r| r.get(0)))
        .ctx("adding a model to the catalogue")
}

/// Write a new device of model `model_id` owned by `customer_id`; its id.
pub fn insert(tx: &Tx, e: &Equipment, model_id: i64, customer_id: i64) -> Result<i64> {
    columns::insert(tx.conn(), e, &[&model_id, &customer_id], "adding a device")
}

/// Change a device (its serial number is its key).
pub fn update(tx: &Tx, id: i64, e: &Equipment, model_id: i64, customer_id: i64) -> Result<()> {
    columns::update(tx.conn(), id, e, &[&model_id, &customer_id], "changing a device")
}

/// Devices matching the filter, by serial number.
pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Equipment) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    let tail = "WHERE (?1 IS NULL OR c.code = ?1) AND (?2 IS NULL OR m.model = ?2) AND (?3 IS NULL OR e.status = ?3)
               AND (?5 IS NULL OR e.warranty_until >= ?5) AND (?6 IS NULL OR e.warranty_until <= ?6)
             ORDER BY e.serial_no LIMIT ?4";
    columns::each(
        conn,
        tail,
        params![f.customer, f.model, f.status, limit, f.warranty_from, f.warranty_to],
        "listing equipment",
        each,
    )
}

/// The model catalogue with how many devices of each are installed.
pub fn models(conn: &Connection) -> Result<Vec<Model>> {
    let mut stmt = conn
        .prepare(
            "SELECT m.model, m.manufacturer, (SELECT count(*) FROM equipment e WHERE e.model_id = m.id), m.added_at
             FROM models m ORDER BY m.manufacturer, m.model",
        )
        .ctx("listing the model catalogue")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Model { model: r.get(0)?, manufacturer: r.get(1)?, devices: r.get(2)?, added_at: r.get(3)? })
        })
        .ctx("listing the model catalogue")?;
    rows.collect::<Result<Vec<_>, _>>().ctx("listing the model catalogue")
}
