//! The service report's SQL (the storage seam, issue 8): the reads that gather a
//! report's facts, and the writes of the report, the signature, the follow-up it
//! schedules and amendments, each taking the values `super`'s rules decided, and the
//! follow-ups: recording one, and listing those not made. The document is built from
//! `Facts` and checked in `super`, as plain functions; nothing else of the report
//! prepares a statement.

use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::de::DeserializeOwned;

use super::{Amendment, Consent, Device, Diagnosis, InspectionDone, PartReplaced, Party, Plan, PlanLine, Visit};
use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::money::Money;

const BUILDING: &str = "building the report";

/// Every row `sql` gives for the repair `id`, read by `read`.
fn all<T>(conn: &Connection, sql: &str, id: i64, read: impl Fn(&Row) -> rusqlite::Result<T>) -> Result<Vec<T>> {
    crate::db::all_rows(conn, sql, [id], BUILDING, read)
}

/// A column holding JSON that svc wrote (plan steps, inspection results).
fn json_column<T: DeserializeOwned>(r: &Row, i: usize) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    serde_json::from_str(&text).map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

// ---- writing the report ----

/// The protocol of an inspection whose latest result failed, if any.
pub fn failing_protocol(conn: &Connection, repair_id: i64) -> Result<Option<String>> {
    conn.query_row(
        "SELECT p.code FROM inspections i JOIN protocols p ON p.id = i.protocol_id
          WHERE i.repair_id = ?1 AND NOT i.passed
            AND i.id = (SELECT max(id) FROM inspections WHERE repair_id = ?1 AND protocol_id = i.protocol_id)
          LIMIT 1",
        [repair_id],
        |r| r.get(0),
    )
    .optional()
    .ctx("checking the inspections")
}

/// The estimate and version of the plan the customer last consented to.
pub fn consented_estimate(conn: &Connection, repair_id: i64) -> Result<(Money, i64)> {
    conn.query_row(
        "SELECT estimate, version FROM plans WHERE repair_id = ?1 AND consented_at IS NOT NULL
          ORDER BY version DESC LIMIT 1",
        [repair_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .ctx("reading the consented plan")
}

/// Each use of a part as (unit price, qty): the price its latest plan gave the part,
/// 0 when no plan named it.
pub fn parts_used_at_plan_price(conn: &Connection, repair_id: i64) -> Result<Vec<(Money, i64)>> {
    crate::db::all_rows(
        conn,
        "SELECT coalesce((SELECT pp.unit_price FROM plans p JOIN plan_parts pp ON pp.plan_id = p.id
                 WHERE p.repair_id = u.repair_id AND pp.part_id = u.part_id ORDER BY p.version DESC LIMIT 1), 0),
                u.qty
           FROM part_uses u WHERE u.repair_id = ?1",
        [repair_id],
        "valuing the parts used",
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A report as it is written (its text trimmed already).
pub struct NewReportRow<'a> {
    pub at: &'a str,
    pub by: i64,
    pub cause: &'a str,
    pub process: &'a str,
    pub labour_hours: &'a str,
}

/// Write the repair's next report; the version it took.
pub fn insert_report(tx: &Tx, repair_id: i64, r: &NewReportRow) -> Result<i64> {
    tx.query_row(
        "INSERT INTO reports(repair_id, version, at, by_staff, cause, process, labour_hours)
         SELECT ?1, coalesce(max(version), 0) + 1, ?2, ?3, ?4, ?5, ?6 FROM reports WHERE repair_id = ?1
         RETURNING version",
        params![repair_id, r.at, r.by, r.cause, r.process, r.labour_hours],
        |row| row.get(0),
    )
    .ctx("writing the report")
}

// ---- the report's facts ----

/// The repair's ticket, customer and device.
pub struct Head {
    pub repair: String,
    pub ticket: String,
    pub ticket_id: i64,
    pub customer: Party,
    /// Without its warranty at intake, which the ticket's facts give.
    pub device: Device,
    pub symptom: String,
    pub channel: String,
    pub difficulty: Option<String>,
    pub ticket_opened: String,
    pub opened: String,
    pub started: Option<String>,
    pub finished: Option<String>,
    pub under_warranty: bool,
}

/// The latest report written for a repair.
pub struct Written {
    pub version: i64,
    pub at: String,
    pub cause: String,
    pub process: String,
    pub labour_hours: Option<String>,
    pub author: Option<String>,
}

/// A part used, net of returns, for one lot, at its latest plan's unit price (0 when
/// no plan named it): a line of the charges.
pub struct ChargeLine {
    pub part_no: String,
    pub lot: String,
    pub qty: i64,
    pub unit_price: Money,
}

/// What the repair's records hold for its report, as stored (UTC times).
pub struct Facts {
    pub head: Head,
    pub written: Written,
    pub technicians: Vec<Party>,
    pub diagnoses: Vec<Diagnosis>,
    pub visits: Vec<Visit>,
    pub plan: Option<Plan>,
    pub parts_replaced: Vec<PartReplaced>,
    pub inspections: Vec<InspectionDone>,
    pub charge_lines: Vec<ChargeLine>,
}

/// The facts of repair `id`'s report; none when no report was written.
pub fn facts(conn: &Connection, id: i64) -> Result<Option<Facts>> {
    let head = head(conn, id)?;
    let Some(written) = written(conn, id)? else { return Ok(None) };
    Ok(Some(Facts {
        head,
        written,
        charge_lines: charge_lines(conn, id)?,
        technicians: technicians(conn, id)?,
        diagnoses: diagnoses(conn, id)?,
        visits: visits(conn, id)?,
        plan: consented_plan(conn, id)?,
        parts_replaced: parts_replaced(conn, id)?,
        inspections: inspections(conn, id)?,
    }))
}

fn head(conn: &Connection, id: i64) -> Result<Head> {
    conn.query_row(
        "SELECT r.code, t.code, c.code, c.name, m.model, m.manufacturer, e.serial_no, e.registration_no,
                e.installed_on, t.id, t.channel, t.symptom, t.opened_at, r.opened_at, r.started_at,
                r.finished_at, r.under_warranty, r.difficulty
           FROM repairs r JOIN tickets t ON t.id = r.ticket_id JOIN customers c ON c.id = t.customer_id
           JOIN equipment e ON e.id = r.equipment_id JOIN models m ON m.id = e.model_id WHERE r.id = ?1",
        [id],
        |r| {
            Ok(Head {
                repair: r.get(0)?,
                ticket: r.get(1)?,
                customer: Party { code: r.get(2)?, name: r.get(3)? },
                device: Device {
                    model: r.get(4)?,
                    manufacturer: r.get(5)?,
                    serial_no: r.get(6)?,
                    registration_no: r.get(7)?,
                    installed_on: r.get(8)?,
                    warranty_at_intake: None,
                },
                ticket_id: r.get(9)?,
                channel: r.get(10)?,
                symptom: r.get(11)?,
                ticket_opened: r.get(12)?,
                opened: r.get(13)?,
                started: r.get(14)?,
                finished: r.get(15)?,
                under_warranty: r.get(16)?,
                difficulty: r.get(17)?,
            })
        },
    )
    .ctx(BUILDING)
}

fn written(conn: &Connection, id: i64) -> Result<Option<Written>> {
    conn.query_row(
        "SELECT r.version, r.at, r.cause, r.process, r.labour_hours, s.name FROM reports r
           LEFT JOIN staff s ON s.id = r.by_staff WHERE r.repair_id = ?1 ORDER BY r.version DESC LIMIT 1",
        [id],
        |r| {
            Ok(Written {
                version: r.get(0)?,
                at: r.get(1)?,
                cause: r.get(2)?,
                process: r.get(3)?,
                labour_hours: r.get(4)?,
                author: r.get(5)?,
            })
        },
    )
    .optional()
    .ctx(BUILDING)
}

/// Parts used (net of returns, per part and lot) at the unit price their latest plan
/// gave them, as the report's estimate check values them.
fn charge_lines(conn: &Connection, id: i64) -> Result<Vec<ChargeLine>> {
    all(
        conn,
        "SELECT p.part_no, coalesce(u.lot, '') AS lot, sum(u.qty),
                coalesce((SELECT pp.unit_price FROM plans pl JOIN plan_parts pp ON pp.plan_id = pl.id
                           WHERE pl.repair_id = u.repair_id AND pp.part_id = u.part_id
                           ORDER BY pl.version DESC LIMIT 1), 0)
           FROM part_uses u JOIN parts p ON p.id = u.part_id WHERE u.repair_id = ?1
          GROUP BY p.part_no, coalesce(u.lot, '') HAVING sum(u.qty) > 0 ORDER BY p.part_no, lot",
        id,
        |r| Ok(ChargeLine { part_no: r.get(0)?, lot: r.get(1)?, qty: r.get(2)?, unit_price: r.get(3)? }),
    )
}

fn diagnoses(conn: &Connection, id: i64) -> Result<Vec<Diagnosis>> {
    all(
        conn,
        "SELECT d.at, d.finding, d.cause, d.difficulty, s.name FROM diagnoses d
           LEFT JOIN staff s ON s.id = d.by_staff WHERE d.repair_id = ?1 ORDER BY d.id",
        id,
        |r| Ok(Diagnosis { at: r.get(0)?, finding: r.get(1)?, cause: r.get(2)?, difficulty: r.get(3)?, by: r.get(4)? }),
    )
}

fn visits(conn: &Connection, id: i64) -> Result<Vec<Visit>> {
    all(
        conn,
        "SELECT v.at, v.onsite, v.finding, v.tools, s.name FROM visits v LEFT JOIN staff s ON s.id = v.by_staff
          WHERE v.repair_id = ?1 ORDER BY v.id",
        id,
        |r| Ok(Visit { at: r.get(0)?, onsite: r.get(1)?, finding: r.get(2)?, tools: r.get(3)?, by: r.get(4)? }),
    )
}

/// The plan the customer last consented to, with its lines.
fn consented_plan(conn: &Connection, id: i64) -> Result<Option<Plan>> {
    let plan = conn
        .query_row(
            "SELECT version, steps, labour_hours, labour_cost, parts_cost, estimate, finish_by, consented_by,
                consent_method, consented_at, id FROM plans WHERE repair_id = ?1 AND consented_at IS NOT NULL
          ORDER BY version DESC LIMIT 1",
            [id],
            |r| {
                let plan = Plan {
                    version: r.get(0)?,
                    steps: json_column(r, 1)?,
                    labour_hours: r.get(2)?,
                    labour: r.get(3)?,
                    parts: r.get(4)?,
                    estimate: r.get(5)?,
                    finish_by: r.get(6)?,
                    consent: Consent { by: r.get(7)?, method: r.get(8)?, at: r.get(9)? },
                    lines: None,
                };
                Ok((plan, r.get::<_, i64>(10)?))
            },
        )
        .optional()
        .ctx(BUILDING)?;
    let Some((mut plan, plan_id)) = plan else { return Ok(None) };
    plan.lines = Some(all(
        conn,
        "SELECT p.part_no, pp.qty, pp.unit_price FROM plan_parts pp JOIN parts p ON p.id = pp.part_id
          WHERE pp.plan_id = ?1 ORDER BY p.part_no",
        plan_id,
        |r| Ok(PlanLine { part_no: r.get(0)?, qty: r.get(1)?, unit_price: r.get(2)? }),
    )?);
    Ok(Some(plan))
}

/// Parts used, net of returns, per part and lot.
fn parts_replaced(conn: &Connection, id: i64) -> Result<Vec<PartReplaced>> {
    all(
        conn,
        "SELECT p.part_no, p.name, p.spec, coalesce(u.lot, '') AS lot, sum(u.qty) FROM part_uses u
           JOIN parts p ON p.id = u.part_id WHERE u.repair_id = ?1
          GROUP BY p.part_no, coalesce(u.lot, '') HAVING sum(u.qty) > 0 ORDER BY p.part_no, lot",
        id,
        |r| Ok(PartReplaced { part_no: r.get(0)?, name: r.get(1)?, spec: r.get(2)?, lot: r.get(3)?, qty: r.get(4)? }),
    )
}

fn inspections(conn: &Connection, id: i64) -> Result<Vec<InspectionDone>> {
    all(
        conn,
        "SELECT i.at, p.code, p.name, p.standard, i.instrument, i.passed, i.results, s.name FROM inspections i
           JOIN protocols p ON p.id = i.protocol_id LEFT JOIN staff s ON s.id = i.by_staff
          WHERE i.repair_id = ?1 ORDER BY i.id",
        id,
        |r| {
            Ok(InspectionDone {
                at: r.get(0)?,
                protocol: r.get(1)?,
                name: r.get(2)?,
                standard: r.get(3)?,
                instrument: r.get(4)?,
                passed: r.get(5)?,
                results: json_column(r, 6)?,
                by: r.get(7)?,
            })
        },
    )
}

/// Everyone who diagnosed, visited, inspected, wrote the report or had the ticket.
fn technicians(conn: &Connection, id: i64) -> Result<Vec<Party>> {
    all(
        conn,
        "SELECT DISTINCT s.code, s.name FROM staff s WHERE s.id IN (
            SELECT by_staff FROM diagnoses WHERE repair_id = ?1 UNION SELECT by_staff FROM visits WHERE repair_id = ?1
            UNION SELECT by_staff FROM inspections WHERE repair_id = ?1 UNION SELECT by_staff FROM reports WHERE repair_id = ?1
            UNION SELECT assigned_to FROM tickets WHERE id = (SELECT ticket_id FROM repairs WHERE id = ?1))
          ORDER BY s.code",
        id,
        |r| Ok(Party { code: r.get(0)?, name: r.get(1)? }),
    )
}

// ---- the signature ----

/// What signing writes: the frozen document, its hash, who signed how and when (UTC),
/// the follow-up it schedules and the status the repair moves to.
pub struct SignedRow<'a> {
    pub document: &'a str,
    pub sha256: &'a str,
    pub at: &'a str,
    pub by: &'a str,
    pub method: &'a str,
    /// The follow-up's day, and the customer class that set its delay.
    pub followup_due: &'a str,
    pub followup_class: Option<&'a str>,
    pub status: &'a str,
}

/// Freeze the signed document, schedule the follow-up, and sign the repair: the last
/// change its row ever takes (from here the trigger refuses any).
pub fn sign(tx: &Tx, repair_id: i64, s: &SignedRow) -> Result<()> {
    tx.execute(
        "INSERT INTO signed_reports(repair_id, document, sha256, signed_at) VALUES (?1, ?2, ?3, ?4)",
        params![repair_id, s.document, s.sha256, s.at],
    )
    .ctx("storing the signed report")?;
    tx.execute(
        "INSERT INTO followups(repair_id, due, class) VALUES (?1, ?2, ?3)",
        params![repair_id, s.followup_due, s.followup_class],
    )
    .ctx("scheduling the follow-up")?;
    tx.execute(
        "UPDATE repairs SET status = ?6, signed_at = ?2, signed_by = ?3, sign_method = ?4, report_sha256 = ?5
          WHERE id = ?1",
        params![repair_id, s.at, s.by, s.method, s.sha256, s.status],
    )
    .ctx("signing the repair")?;
    Ok(())
}

// ---- what was signed: verify, amend, print ----

/// The signed report as stored: the frozen document, its hash, and the hash the repair
/// row holds (empty when it holds none).
pub struct Signed {
    pub document: String,
    pub sha256: String,
    pub on_repair: String,
}

/// The signed report of repair `id`, if it was signed.
pub fn signed(conn: &Connection, id: i64) -> Result<Option<Signed>> {
    conn.query_row(
        "SELECT sr.document, sr.sha256, r.report_sha256 FROM signed_reports sr JOIN repairs r ON r.id = sr.repair_id
          WHERE sr.repair_id = ?1",
        [id],
        |r| {
            Ok(Signed {
                document: r.get(0)?,
                sha256: r.get(1)?,
                on_repair: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            })
        },
    )
    .optional()
    .ctx("reading the signed report")
}

/// The hash of repair `id`'s signed report (an error when there is none).
pub fn signed_hash(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT sha256 FROM signed_reports WHERE repair_id = ?1", [id], |r| r.get(0))
        .ctx("reading the signed report")
}

/// The follow-up signing scheduled: its day, and when it was done.
pub fn followup(conn: &Connection, repair_id: i64) -> Result<Option<(String, Option<String>)>> {
    conn.query_row("SELECT due, done_at FROM followups WHERE repair_id = ?1", [repair_id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
    .ctx("reading the follow-up")
}

/// The latest entry of `action` in repair `code`'s history: none when there is no such
/// entry, else its `after` (JSON, when it has one).
pub fn last_recorded(conn: &Connection, code: &str, action: &str) -> Result<Option<Option<String>>> {
    conn.query_row(
        "SELECT after FROM history WHERE entity = 'repair' AND code = ?1 AND action = ?2 ORDER BY id DESC LIMIT 1",
        params![code, action],
        |r| r.get(0),
    )
    .optional()
    .ctx("reading the repair's history")
}

/// A correction of the signed report `sha256`, by `actor` at `at` (UTC).
pub fn insert_amendment(tx: &Tx, repair_id: i64, at: &str, actor: &str, text: &str, sha256: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO amendments(repair_id, at, actor, text, report_sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![repair_id, at, actor, text, sha256],
    )
    .ctx("recording an amendment")?;
    Ok(())
}

/// The amendments of repair `id`, oldest first.
pub fn amendments(conn: &Connection, id: i64) -> Result<Vec<Amendment>> {
    all(conn, "SELECT at, actor, text FROM amendments WHERE repair_id = ?1 ORDER BY id", id, |r| {
        Ok(Amendment { at: r.get(0)?, by: r.get(1)?, text: r.get(2)? })
    })
}

// ---- the follow-up ----

/// When repair `id` was signed (UTC text): a follow-up cannot come before it.
pub fn signed_at(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT signed_at FROM repairs WHERE id = ?1", [id], |r| r.get(0)).ctx("reading a repair")
}

/// The follow-up of repair `id` made at `at` (UTC) by staff `by`.
pub fn record_followup(tx: &Tx, id: i64, at: &str, by: i64, f: &super::Followup) -> Result<()> {
    tx.execute(
        "UPDATE followups SET done_at = ?2, by_staff = ?3, satisfaction = ?4, nps = ?5, comment = ?6 WHERE repair_id = ?1",
        params![id, at, by, f.satisfaction, f.nps, f.comment],
    )
    .ctx("recording the follow-up")?;
    Ok(())
}

/// The follow-ups not made, due on or before `?1` (a day): the due engine's listing.
pub const DUE_SQL: &str = "SELECT r.code, c.code, c.name, e.serial_no, r.signed_at, f.due, s.code
   FROM followups f JOIN repairs r ON r.id = f.repair_id JOIN tickets t ON t.id = r.ticket_id
   JOIN customers c ON c.id = t.customer_id JOIN equipment e INDEXED BY equipment_serial_by_id ON e.id = r.equipment_id
   LEFT JOIN staff s ON s.id = t.assigned_to
  WHERE f.done_at IS NULL AND f.due <= ?1
  ORDER BY f.due, r.code";

/// One row of `DUE_SQL`.
pub struct DueFollowup {
    pub repair: String,
    pub customer: String,
    pub customer_name: String,
    pub equipment: String,
    /// UTC text.
    pub signed: String,
    pub when: crate::due::When,
    pub technician: Option<String>,
}

/// Each follow-up not made, due on or before `last_day`, most due first.
pub fn due_followups(conn: &Connection, last_day: &str, each: &mut dyn FnMut(DueFollowup) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        DUE_SQL,
        [last_day],
        "listing follow-ups",
        |r| {
            Ok(DueFollowup {
                repair: r.get(0)?,
                customer: r.get(1)?,
                customer_name: r.get(2)?,
                equipment: r.get(3)?,
                signed: r.get(4)?,
                when: r.get(5)?,
                technician: r.get(6)?,
            })
        },
        each,
    )
}

/// The ids `sql` gives for `last_day`, sorted and each once.
fn sorted_ids(conn: &Connection, sql: &str, last_day: &str) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    crate::db::each_row(conn, sql, [last_day], "reading ahead for the follow-ups", |r| r.get(0), &mut |id| {
        ids.push(id);
        Ok(())
    })?;
    // Sorted here, not by SQL: `ORDER BY repair_id` would have SQLite read the table in
    // rowid order rather than the index of the follow-ups not done.
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The repairs whose follow-ups `DUE_SQL` lists for `last_day`, by rowid.
pub fn undone_followups_repairs(conn: &Connection, last_day: &str) -> Result<Vec<i64>> {
    sorted_ids(conn, "SELECT repair_id FROM followups WHERE done_at IS NULL AND due <= ?1", last_day)
}

/// Those repairs' tickets, by rowid.
pub fn undone_followups_tickets(conn: &Connection, last_day: &str) -> Result<Vec<i64>> {
    sorted_ids(
        conn,
        "SELECT r.ticket_id FROM followups f JOIN repairs r ON r.id = f.repair_id WHERE f.done_at IS NULL AND f.due <= ?1",
        last_day,
    )
}
