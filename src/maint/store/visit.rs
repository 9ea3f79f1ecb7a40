//! Visits: the latest under a plan, a new visit with its meter reading and the parts it
//! took, meter readings outside visits, the visits listing, and the visits the
//! completion rate counts.

use rusqlite::{params, Connection, OptionalExtension};

use super::super::visit::VisitRow;
use crate::db::Tx;
use crate::error::{Result, SqlContext};

/// When svc's own latest visit to a device under a plan was (UTC), if any.
pub fn last_at(conn: &Connection, equipment_id: i64, plan: &str) -> Result<Option<String>> {
    conn.query_row(
        "SELECT max(v.at) FROM maint_visits v JOIN maint_plans p ON p.id = v.plan_id
          WHERE v.equipment_id = ?1 AND p.code = ?2",
        params![equipment_id, plan],
        |r| r.get(0),
    )
    .ctx("reading the last maintenance")
}

/// A visit as it is written: what `visit::record` checked and judged.
pub struct NewVisitRow<'a> {
    pub code: &'a str,
    pub equipment_id: i64,
    pub plan_id: i64,
    pub at: &'a str,
    pub by_staff: i64,
    pub hours_tenths: Option<i64>,
    pub meter: Option<i64>,
    /// The judged checklist as JSON.
    pub results: &'a str,
    pub passed: bool,
    pub ticket_id: Option<i64>,
    pub note: Option<&'a str>,
    /// The due day the visit answers.
    pub due_on: Option<&'a str>,
}

/// Write a visit; its id.
pub fn insert(tx: &Tx, v: &NewVisitRow) -> Result<i64> {
    tx.query_row(
        "INSERT INTO maint_visits(code, equipment_id, plan_id, at, by_staff, hours_tenths, meter, results, passed,
                                  ticket_id, note, due_on, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id",
        params![
            v.code,
            v.equipment_id,
            v.plan_id,
            v.at,
            v.by_staff,
            v.hours_tenths,
            v.meter,
            v.results,
            v.passed,
            v.ticket_id,
            v.note,
            v.due_on,
            tx.now
        ],
        |r| r.get(0),
    )
    .ctx("recording a maintenance visit")
}

/// A part taken from stock on a visit, with the movement that took it.
pub fn insert_part(tx: &Tx, visit_id: i64, part_id: i64, qty: i64, lot: &str, movement_id: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO maint_visit_parts(visit_id, part_id, qty, lot, movement_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![visit_id, part_id, qty, lot, movement_id],
    )
    .ctx("recording a part used on a visit")?;
    Ok(())
}

/// The latest reading of a device's meter at or before `at`: (reading, when).
pub fn meter_before(conn: &Connection, equipment_id: i64, at: &str) -> Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT reading, at FROM maint_meters WHERE equipment_id = ?1 AND at <= ?2 ORDER BY at DESC, id DESC LIMIT 1",
        params![equipment_id, at],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .ctx("reading the meter")
}

/// A meter reading; `source` is the visit's code, or `reading` for one reported alone.
pub fn insert_reading(tx: &Tx, equipment_id: i64, at: &str, reading: i64, source: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO maint_meters(equipment_id, at, reading, source) VALUES (?1, ?2, ?3, ?4)",
        params![equipment_id, at, reading, source],
    )
    .ctx("recording a meter reading")?;
    Ok(())
}

/// Visits (of one device, of one customer's devices, or all), in the order done.
pub fn list(
    conn: &Connection,
    serial: Option<&str>,
    customer: Option<&str>,
    each: &mut dyn FnMut(VisitRow) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT v.code, v.at, e.serial_no, c.code, p.code, p.version, s.code, v.passed, t.code,
                EXISTS (SELECT 1 FROM maint_signed g WHERE g.visit_id = v.id)
           FROM maint_visits v JOIN equipment e ON e.id = v.equipment_id JOIN customers c ON c.id = e.customer_id
           JOIN maint_plans p ON p.id = v.plan_id JOIN staff s ON s.id = v.by_staff
           LEFT JOIN tickets t ON t.id = v.ticket_id
          WHERE (?1 IS NULL OR e.serial_no = ?1) AND (?2 IS NULL OR c.code = ?2)
          ORDER BY v.at, v.id",
        params![serial, customer],
        "listing maintenance visits",
        |r| {
            Ok(VisitRow {
                code: r.get(0)?,
                at: crate::clock::show_local(&r.get::<_, String>(1)?),
                serial_no: r.get(2)?,
                customer: r.get(3)?,
                plan: r.get(4)?,
                version: r.get(5)?,
                by: r.get(6)?,
                result: if r.get(7)? { "passed" } else { "failed" },
                ticket: r.get(8)?,
                signed: r.get(9)?,
            })
        },
        each,
    )
}

/// The code of the visit recorded last, if any.
pub fn latest_code(conn: &Connection) -> Result<Option<String>> {
    conn.query_row("SELECT code FROM maint_visits ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .optional()
        .ctx("reading the latest maintenance visit")
}

/// The visits that answered a due day from `since` to `until`: (due day, day done in
/// local time, the risk class of the plan version they were done under).
pub fn answered_between(conn: &Connection, since: &str, until: &str) -> Result<Vec<(String, String, String)>> {
    crate::db::all_rows(
        conn,
        "SELECT v.due_on, date(v.at, 'localtime'), p.risk FROM maint_visits v JOIN maint_plans p ON p.id = v.plan_id
          WHERE v.due_on BETWEEN ?1 AND ?2",
        params![since, until],
        "measuring maintenance done",
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
    )
}
