//! A requisition's SQL: its creation, decision and status; the lines issue and return
//! work on, the lots an issue may take from and where issued parts came from.

use rusqlite::{params, Connection};

use crate::db::Tx;
use crate::error::{Result, SqlContext};

/// Write a new requisition for `r`'s repair and `equipment`, requested by `by`; its id.
pub fn insert(
    tx: &Tx,
    code: &str,
    r: &super::super::requisition::NewRequisition,
    equipment: i64,
    by: i64,
) -> Result<i64> {
    tx.query_row(
        "INSERT INTO requisitions(code, repair, equipment_id, requested_by, requested_at, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        params![code, r.repair, equipment, by, tx.now, r.note],
        |r| r.get(0),
    )
    .ctx("creating a requisition")
}

pub fn insert_line(tx: &Tx, req_id: i64, part_id: i64, qty: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO requisition_lines(req_id, part_id, qty) VALUES (?1, ?2, ?3)",
        params![req_id, part_id, qty],
    )
    .ctx("adding a requisition line")?;
    Ok(())
}

/// A requisition's status, who requested it (id) and their code.
pub fn requester(conn: &Connection, id: i64) -> Result<(String, i64, String)> {
    conn.query_row(
        "SELECT r.status, r.requested_by, s.code FROM requisitions r JOIN staff s ON s.id = r.requested_by
          WHERE r.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .ctx("reading a requisition")
}

/// Record the decision on a requisition: its new status, by whom, now.
pub fn decide(tx: &Tx, id: i64, status: &str, decider: i64) -> Result<()> {
    tx.execute(
        "UPDATE requisitions SET status = ?2, decided_by = ?3, decided_at = ?4 WHERE id = ?1",
        params![id, status, decider, tx.now],
    )
    .ctx("deciding a requisition")?;
    Ok(())
}

pub fn status(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT status FROM requisitions WHERE id = ?1", [id], |r| r.get(0)).ctx("reading a requisition")
}

pub fn set_status(tx: &Tx, id: i64, status: &str, what: &str) -> Result<()> {
    tx.execute("UPDATE requisitions SET status = ?2 WHERE id = ?1", params![id, status]).ctx(what)?;
    Ok(())
}

/// A requisition's status and the repair it is for.
pub fn status_and_repair(conn: &Connection, id: i64) -> Result<(String, Option<String>)> {
    conn.query_row("SELECT status, repair FROM requisitions WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .ctx("reading a requisition")
}
