//! The maintenance report: a visit's facts as the records give them, the parts it took,
//! and the signed copy (frozen: the database refuses any change to it).

use rusqlite::{params, Connection, OptionalExtension};

use super::super::report::MaintReport;
use super::super::visit::PartUsed;
use crate::db::Tx;
use crate::error::{Result, SqlContext};

/// The row id of the visit with this code.
pub fn visit_id(conn: &Connection, code: &str) -> Result<Option<i64>> {
    conn.query_row("SELECT id FROM maint_visits WHERE code = ?1", [code], |r| r.get(0))
        .optional()
        .ctx("looking up a maintenance visit")
}

/// A visit's facts: the report without its plan's terms, parts, next due day and
/// signature (`report::document` adds them), and the ids it needs for those.
pub struct VisitFacts {
    pub report: MaintReport,
    pub plan_id: i64,
    pub equipment_id: i64,
}

/// The facts of visit `id` (code `code`).
pub fn facts(conn: &Connection, id: i64, code: &str) -> Result<VisitFacts> {
    conn.query_row(
        "SELECT c.code, c.name, e.serial_no, m.model, m.manufacturer, e.location, e.registration_no,
                v.at, s.code, s.name, v.hours_tenths, v.meter, v.results, v.passed, t.code, v.note, v.plan_id, e.id
           FROM maint_visits v JOIN equipment e ON e.id = v.equipment_id JOIN models m ON m.id = e.model_id
           JOIN customers c ON c.id = e.customer_id JOIN staff s ON s.id = v.by_staff
           LEFT JOIN tickets t ON t.id = v.ticket_id
          WHERE v.id = ?1",
        [id],
        |r| {
            let results: String = r.get(12)?;
            let results = serde_json::from_str(&results)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(12, rusqlite::types::Type::Text, e.into()))?;
            let report = MaintReport {
                visit: code.to_string(),
                customer_code: r.get(0)?,
                customer_name: r.get(1)?,
                serial_no: r.get(2)?,
                model: r.get(3)?,
                manufacturer: r.get(4)?,
                location: r.get(5)?,
                registration_no: r.get(6)?,
                plan: String::new(),
                plan_version: 0,
                plan_name: String::new(),
                risk: String::new(),
                checklist: String::new(),
                standard: None,
                at: r.get(7)?,
                technician_code: r.get(8)?,
                technician_name: r.get(9)?,
                hours: r.get::<_, Option<i64>>(10)?.map(super::super::hours_text),
                meter: r.get(11)?,
                results,
                passed: r.get(13)?,
                ticket: r.get(14)?,
                parts: Vec::new(),
                next_due: None,
                note: r.get(15)?,
                signature: None,
            };
            Ok(VisitFacts { report, plan_id: r.get(16)?, equipment_id: r.get(17)? })
        },
    )
    .ctx("reading a maintenance visit")
}

/// The parts a visit took, in the order taken, with the location each came from.
pub fn parts_used(conn: &Connection, visit_id: i64) -> Result<Vec<PartUsed>> {
    conn.prepare(
        "SELECT p.part_no, p.name, u.qty, u.lot,
                l.warehouse || CASE WHEN l.bin = '' THEN '' ELSE '/' || l.bin END
           FROM maint_visit_parts u JOIN parts p ON p.id = u.part_id
           JOIN movements mv ON mv.id = u.movement_id JOIN locations l ON l.id = mv.location_id
          WHERE u.visit_id = ?1 ORDER BY u.id",
    )
    .and_then(|mut s| {
        s.query_map([visit_id], |r| {
            Ok(PartUsed { part_no: r.get(0)?, name: r.get(1)?, qty: r.get(2)?, lot: r.get(3)?, location: r.get(4)? })
        })?
        .collect()
    })
    .ctx("reading the parts of a visit")
}

/// When a visit's report was signed, if it was.
pub fn signed_at(conn: &Connection, visit_id: i64) -> Result<Option<String>> {
    conn.query_row("SELECT signed_at FROM maint_signed WHERE visit_id = ?1", [visit_id], |r| r.get(0))
        .optional()
        .ctx("reading a signed report")
}

/// A visit's signed report: (the document as signed, its SHA-256 as stored).
pub fn signed(conn: &Connection, visit_id: i64) -> Result<Option<(String, String)>> {
    conn.query_row("SELECT document, sha256 FROM maint_signed WHERE visit_id = ?1", [visit_id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
    .ctx("reading a signed report")
}

/// Freeze a visit's report as signed at `at`.
pub fn insert_signed(tx: &Tx, visit_id: i64, document: &str, sha256: &str, at: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO maint_signed(visit_id, document, sha256, signed_at) VALUES (?1, ?2, ?3, ?4)",
        params![visit_id, document, sha256, at],
    )
    .ctx("storing the signed maintenance report")?;
    Ok(())
}
