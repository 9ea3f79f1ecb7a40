//! The customers' SQL (the storage seam, issue 8): the columns table beside `Customer`
//! builds the record's statements; here are the look-ups, filters and the delete they
//! run with. A second storage engine would implement these functions.

use rusqlite::{params, Connection, OptionalExtension};

use super::{Customer, Filter};
use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::exchange::columns;

/// The customer with this code.
pub fn find(conn: &Connection, code: &str) -> Result<Option<(i64, Customer)>> {
    columns::find(conn, "WHERE code = ?1", [code], "looking up a customer")
}

/// The id of the customer with this code.
pub fn find_id(conn: &Connection, code: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM customers WHERE code = ?1")
        .and_then(|mut s| s.query_row([code], |r| r.get(0)).optional())
        .ctx("looking up a customer")
}

/// Write a new customer; its id.
pub fn insert(tx: &Tx, c: &Customer) -> Result<i64> {
    columns::insert(tx.conn(), c, &[], "adding a customer")
}

/// `insert`, prepared once for many customers (an import).
pub fn inserter<'t>(tx: &'t Tx) -> Result<crate::exchange::record::Inserter<'t, Customer>> {
    let mut insert = columns::Inserter::<Customer>::new(tx.conn(), "adding a customer")?;
    Ok(Box::new(move |c| insert.insert(c)))
}

/// Change a customer (its code is its key, never updated).
pub fn update(tx: &Tx, id: i64, c: &Customer) -> Result<()> {
    columns::update(tx.conn(), id, c, &[], "changing a customer")
}

/// Customers matching the filter, by code.
pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Customer) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    let tail = "WHERE (?1 IS NULL OR type = ?1) AND (?2 IS NULL OR province = ?2) AND (?3 IS NULL OR city = ?3)
               AND (?4 IS NULL OR instr(name, ?4) > 0) ORDER BY code LIMIT ?5";
    columns::each(conn, tail, params![f.kind, f.province, f.city, f.name, limit], "listing customers", each)
}

/// How many devices the customer owns.
pub fn equipment_count(tx: &Tx, id: i64) -> Result<i64> {
    tx.query_row("SELECT count(*) FROM equipment WHERE customer_id = ?1", [id], |r| r.get(0))
        .ctx("counting the customer's equipment")
}

/// Whether a delete went through or other records still name the customer.
#[derive(Debug, PartialEq)]
pub enum Deleted {
    Done,
    /// A foreign key refused: tickets, surveys, ... still refer to it.
    Referenced,
}

/// Delete the customer's row; a foreign key's refusal is an answer, not an error.
pub fn delete(tx: &Tx, id: i64) -> Result<Deleted> {
    let deleted = tx.execute("DELETE FROM customers WHERE id = ?1", [id]);
    if let Some(f) = deleted.as_ref().err().and_then(|e| e.sqlite_error()) {
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY {
            return Ok(Deleted::Referenced);
        }
    }
    deleted.ctx("deleting a customer")?;
    Ok(Deleted::Done)
}
