//! The repairs' SQL (the storage seam, issue 8): small named reads that return typed
//! rows and writes that take the values the rules decided. The rules (the moves of
//! `FLOW`, costs, the plan's allowance, inspection verdicts) decide in `super`,
//! `costs` and `inspection` and call these. The report's, its signature's and
//! amendments' are in `report/store.rs`; the archive's columns table (`archive.rs`)
//! builds the statements of archived records, which `archive` and `find_archived` run.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::archive::RepairRecord;
use super::{DeviceRepair, Filter, RepairRow, State};
use crate::clock::show_local;
use crate::db::{document_id, Tx};
use crate::error::{Result, SqlContext};
use crate::exchange::columns::{self, Columns};
use crate::money::Money;

/// Repair `code` as the rules read it (not found: the usual refusal with a hint), with
/// the time of its latest step, which a back-dated `--at` may not precede.
pub fn state(conn: &Connection, code: &str) -> Result<State> {
    let id = document_id(conn, "repairs", "repair", "svc repair list", code)?;
    conn.query_row(
        "SELECT status, ticket_id, under_warranty, difficulty, started_at,
                max(opened_at, coalesce(started_at, ''), coalesce(finished_at, ''),
                    coalesce((SELECT max(at) FROM diagnoses WHERE repair_id = r.id), ''),
                    coalesce((SELECT max(at) FROM visits WHERE repair_id = r.id), ''),
                    coalesce((SELECT max(at) FROM plans WHERE repair_id = r.id), ''),
                    coalesce((SELECT max(consented_at) FROM plans WHERE repair_id = r.id), ''),
                    coalesce((SELECT max(at) FROM inspections WHERE repair_id = r.id), ''),
                    coalesce((SELECT max(at) FROM reports WHERE repair_id = r.id), ''))
           FROM repairs r WHERE id = ?1",
        [id],
        |r| {
            Ok(State {
                id,
                status: r.get(0)?,
                ticket_id: r.get(1)?,
                under_warranty: r.get(2)?,
                difficulty: r.get(3)?,
                started_at: r.get(4)?,
                last_at: r.get(5)?,
            })
        },
    )
    .ctx("reading a repair")
}

/// The technician a ticket is assigned to, if any.
pub fn ticket_technician(conn: &Connection, ticket_id: i64) -> Result<Option<i64>> {
    conn.query_row("SELECT assigned_to FROM tickets WHERE id = ?1", [ticket_id], |r| r.get::<_, Option<i64>>(0))
        .ctx("reading the ticket's technician")
}

/// When a ticket was opened (UTC RFC 3339).
pub fn ticket_opened(conn: &Connection, ticket_id: i64) -> Result<String> {
    conn.query_row("SELECT opened_at FROM tickets WHERE id = ?1", [ticket_id], |r| r.get(0)).ctx("reading a ticket")
}

pub fn set_status(tx: &Tx, id: i64, status: &str) -> Result<()> {
    tx.execute("UPDATE repairs SET status = ?2 WHERE id = ?1", params![id, status]).ctx("moving the repair on")?;
    Ok(())
}

/// Write a new repair of a ticket's device in status `status`.
pub fn insert(
    tx: &Tx,
    code: &str,
    ticket_id: i64,
    equipment_id: i64,
    under_warranty: bool,
    at: &str,
    status: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO repairs(code, ticket_id, equipment_id, status, under_warranty, opened_at)
         VALUES (?1, ?2, ?3, ?6, ?4, ?5)",
        params![code, ticket_id, equipment_id, under_warranty, at, status],
    )
    .ctx("opening a repair")?;
    Ok(())
}

/// A diagnosis by staff `by` at `at`; the repair takes its difficulty.
pub fn diagnose(tx: &Tx, id: i64, at: &str, by: i64, d: &super::Diagnosis) -> Result<()> {
    tx.execute(
        "INSERT INTO diagnoses(repair_id, at, by_staff, finding, cause, difficulty) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, at, by, d.finding, d.cause, d.difficulty],
    )
    .ctx("recording a diagnosis")?;
    tx.execute("UPDATE repairs SET difficulty = ?2 WHERE id = ?1", params![id, d.difficulty])
        .ctx("recording the difficulty")?;
    Ok(())
}

pub fn visit(tx: &Tx, id: i64, at: &str, by: i64, v: &super::Visit) -> Result<()> {
    tx.execute(
        "INSERT INTO visits(repair_id, at, by_staff, onsite, finding, tools) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, at, by, v.onsite, v.finding, v.tools],
    )
    .ctx("recording a visit")?;
    Ok(())
}

/// How many on-site visits a repair has had.
pub fn onsite_visits(conn: &Connection, id: i64) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM visits WHERE repair_id = ?1 AND onsite", [id], |r| r.get(0))
        .ctx("looking for an on-site visit")
}

/// A part's moving average cost: what a part without a standard cost is planned at.
pub fn avg_cost(conn: &Connection, part_id: i64) -> Result<Money> {
    conn.query_row("SELECT avg_cost FROM parts WHERE id = ?1", [part_id], |r| r.get(0)).ctx("reading the part's cost")
}

/// The version the repair's next plan takes.
pub fn next_plan_version(conn: &Connection, id: i64) -> Result<i64> {
    conn.query_row("SELECT coalesce(max(version), 0) + 1 FROM plans WHERE repair_id = ?1", [id], |r| r.get(0))
        .ctx("numbering the plan")
}

/// A plan as it is written: what `plan` decided.
pub struct NewPlanRow<'a> {
    pub version: i64,
    pub at: &'a str,
    /// The steps as a JSON array.
    pub steps: &'a str,
    pub hours: &'a str,
    pub labour: Money,
    pub parts_cost: Money,
    pub estimate: Money,
    pub finish_by: Option<&'a str>,
    /// (part id, qty, unit price).
    pub parts: &'a [(i64, i64, Money)],
}

/// Write plan `p` of repair `id` with its parts.
pub fn insert_plan(tx: &Tx, id: i64, p: &NewPlanRow) -> Result<()> {
    let plan_id: i64 = tx
        .query_row(
            "INSERT INTO plans(repair_id, version, at, steps, labour_hours, labour_cost, parts_cost, estimate, finish_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
            params![id, p.version, p.at, p.steps, p.hours, p.labour, p.parts_cost, p.estimate, p.finish_by],
            |r| r.get(0),
        )
        .ctx("recording a plan")?;
    for (part_id, qty, price) in p.parts {
        tx.execute(
            "INSERT INTO plan_parts(plan_id, part_id, qty, unit_price) VALUES (?1, ?2, ?3, ?4)",
            params![plan_id, part_id, qty, price],
        )
        .ctx("recording a planned part")?;
    }
    Ok(())
}

/// The id and version of the repair's latest plan.
pub fn latest_plan(conn: &Connection, id: i64) -> Result<(i64, i64)> {
    conn.query_row("SELECT id, version FROM plans WHERE repair_id = ?1 ORDER BY version DESC LIMIT 1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .ctx("finding the latest plan")
}

pub fn consent(tx: &Tx, plan_id: i64, at: &str, by: &str, method: &str) -> Result<()> {
    tx.execute(
        "UPDATE plans SET consented_at = ?2, consented_by = ?3, consent_method = ?4 WHERE id = ?1",
        params![plan_id, at, by, method],
    )
    .ctx("recording consent")?;
    Ok(())
}

/// The repair ended at `at` (declined).
pub fn finish(tx: &Tx, id: i64, at: &str) -> Result<()> {
    tx.execute("UPDATE repairs SET finished_at = ?2 WHERE id = ?1", params![id, at]).ctx("ending a repair")?;
    Ok(())
}

/// The work started at `at`, unless it had started before.
pub fn start(tx: &Tx, id: i64, at: &str) -> Result<()> {
    tx.execute("UPDATE repairs SET started_at = coalesce(started_at, ?2) WHERE id = ?1", params![id, at])
        .ctx("starting a repair")?;
    Ok(())
}

/// The consented plan's allowance for a part: (planned qty, used so far, the plan's version).
pub fn allowance(conn: &Connection, repair_id: i64, part_id: i64) -> Result<(i64, i64, i64)> {
    conn.query_row(
        "SELECT coalesce((SELECT pp.qty FROM plans p JOIN plan_parts pp ON pp.plan_id = p.id
                           WHERE p.repair_id = ?1 AND pp.part_id = ?2 AND p.consented_at IS NOT NULL
                           ORDER BY p.version DESC LIMIT 1), 0),
                (SELECT coalesce(sum(qty), 0) FROM part_uses WHERE repair_id = ?1 AND part_id = ?2),
                (SELECT max(version) FROM plans WHERE repair_id = ?1 AND consented_at IS NOT NULL)",
        params![repair_id, part_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<i64>>(2)?.unwrap_or(0))),
    )
    .ctx("reading the plan's parts")
}

/// Parts used (`qty` > 0) or taken back (`qty` < 0) on a repair.
pub struct PartUse<'a> {
    pub part_id: i64,
    pub qty: i64,
    pub lot: Option<&'a str>,
    pub at: &'a str,
    pub source: Option<&'a str>,
}

/// Write a use (or return) of parts on repair `id`; `what` names it in an error.
pub fn part_use(tx: &Tx, id: i64, u: &PartUse, what: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO part_uses(repair_id, part_id, qty, lot, at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, u.part_id, u.qty, u.lot, u.at, u.source],
    )
    .ctx(what)?;
    Ok(())
}

/// A repair's status, and whether the customer has signed it.
pub fn status_of(conn: &Connection, code: &str) -> Result<(String, bool)> {
    let id = document_id(conn, "repairs", "repair", "svc repair list", code)?;
    conn.query_row("SELECT status, signed_at IS NOT NULL FROM repairs WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .ctx("reading a repair's status")
}

/// The device a repair is for.
pub fn equipment_of(conn: &Connection, id: i64) -> Result<i64> {
    conn.query_row("SELECT equipment_id FROM repairs WHERE id = ?1", [id], |r| r.get(0)).ctx("reading a repair")
}

/// Repairs by id, filtered.
pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(RepairRow) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        &format!(
            "SELECT r.code, t.code, c.code, e.serial_no, m.model, r.status, r.difficulty, r.opened_at, r.signed_at,
                    s.code, t.symptom
               FROM repairs r JOIN tickets t ON t.id = r.ticket_id JOIN customers c ON c.id = t.customer_id
               JOIN equipment e ON e.id = r.equipment_id JOIN models m ON m.id = e.model_id
               LEFT JOIN staff s ON s.id = t.assigned_to
              WHERE (?1 IS NULL OR r.status = ?1) AND (NOT ?2 OR {})
                AND (?3 IS NULL OR c.code = ?3) AND (?4 IS NULL OR e.serial_no = ?4) AND (?5 IS NULL OR s.code = ?5)
                AND (?6 IS NULL OR r.opened_at >= ?6) AND (?7 IS NULL OR r.opened_at < ?7)
                AND (?9 IS NULL OR r.code = ?9) AND (?10 IS NULL OR t.code = ?10)
              ORDER BY r.id LIMIT ?8",
            super::open_sql("r.status")
        ),
        params![f.status, f.open, f.customer, f.equipment, f.technician, f.since, f.until, limit, f.code, f.ticket],
        "listing repairs",
        |r| {
            Ok(RepairRow {
                code: r.get(0)?,
                ticket: r.get(1)?,
                customer: r.get(2)?,
                equipment: r.get(3)?,
                model: r.get(4)?,
                status: r.get(5)?,
                difficulty: r.get(6)?,
                opened: show_local(&r.get::<_, String>(7)?),
                signed: r.get::<_, Option<String>>(8)?.map(|t| show_local(&t)),
                technician: r.get(9)?,
                symptom: r.get(10)?,
            })
        },
        each,
    )
}

/// Every repair of device `equipment_id`, its archived records and its maintenance
/// visits, oldest first.
pub fn device_history(
    conn: &Connection,
    equipment_id: i64,
    each: &mut dyn FnMut(DeviceRepair) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn
        .prepare(
            "SELECT r.code, t.code, r.opened_at, r.status, t.symptom,
                    coalesce((SELECT cause FROM reports WHERE repair_id = r.id ORDER BY version DESC LIMIT 1),
                             (SELECT cause FROM diagnoses WHERE repair_id = r.id ORDER BY id DESC LIMIT 1)),
                    (SELECT group_concat(part_no || ' x' || n, ', ') FROM
                        (SELECT p.part_no, sum(u.qty) AS n FROM part_uses u JOIN parts p ON p.id = u.part_id
                          WHERE u.repair_id = r.id GROUP BY p.part_no HAVING sum(u.qty) > 0 ORDER BY p.part_no)),
                    r.signed_at, r.opened_at AS sort
               FROM repairs r JOIN tickets t ON t.id = r.ticket_id WHERE r.equipment_id = ?1
             UNION ALL
             SELECT a.code, NULL, a.reported_on, 'archived', a.symptom, a.cause, a.parts, a.finished_on, a.reported_on
               FROM repair_archive a WHERE a.equipment_id = ?1
             UNION ALL
             SELECT v.code, (SELECT code FROM tickets WHERE id = v.ticket_id), v.at, 'maintenance',
                    p.code || ' v' || p.version || ': ' || p.name,
                    (SELECT group_concat(json_extract(j.value, '$.name'), ', ') FROM json_each(v.results) j
                      WHERE json_extract(j.value, '$.pass') = 0),
                    (SELECT group_concat(part_no || ' x' || n, ', ') FROM
                        (SELECT pt.part_no, sum(u.qty) AS n FROM maint_visit_parts u JOIN parts pt ON pt.id = u.part_id
                          WHERE u.visit_id = v.id GROUP BY pt.part_no ORDER BY pt.part_no)),
                    (SELECT signed_at FROM maint_signed WHERE visit_id = v.id), v.at
               FROM maint_visits v JOIN maint_plans p ON p.id = v.plan_id WHERE v.equipment_id = ?1
             ORDER BY sort, 1",
        )
        .ctx("reading the device's repairs")?;
    let mut rows = stmt.query([equipment_id]).ctx("reading the device's repairs")?;
    while let Some(r) = rows.next().ctx("reading the device's repairs")? {
        let row = (|| -> rusqlite::Result<DeviceRepair> {
            Ok(DeviceRepair {
                repair: r.get(0)?,
                ticket: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                opened: show_local(&r.get::<_, String>(2)?),
                status: r.get(3)?,
                symptom: r.get(4)?,
                cause: r.get(5)?,
                parts: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                signed: r.get::<_, Option<String>>(7)?.map(|t| show_local(&t)),
            })
        })()
        .ctx("reading the device's repairs")?;
        // Archived records carry dates, svc's own carry times; both read as local.
        each(row)?;
    }
    Ok(())
}

type Rows = Vec<Vec<serde_json::Value>>;

/// The rows of one of a repair's sub-listings, `n` columns each, as JSON values.
fn record_rows(conn: &Connection, id: i64, sql: &str, n: usize) -> Result<Rows> {
    conn.prepare(sql)
        .and_then(|mut st| {
            st.query_map([id], |r| {
                (0..n)
                    .map(|i| {
                        Ok(match r.get::<_, rusqlite::types::Value>(i)? {
                            rusqlite::types::Value::Integer(v) => json!(v),
                            rusqlite::types::Value::Text(t) => json!(t),
                            rusqlite::types::Value::Real(f) => json!(f),
                            _ => serde_json::Value::Null,
                        })
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
            })?
            .collect()
        })
        .ctx("reading the repair's record")
}

/// A repair's plans (version, hours, parts, labour, estimate, finish by, consent by,
/// method and time, the planned parts), as stored.
pub fn plans(conn: &Connection, id: i64) -> Result<Rows> {
    record_rows(
        conn,
        id,
        "SELECT version, labour_hours, parts_cost, labour_cost, estimate, finish_by, consented_by, consent_method,
                consented_at, (SELECT group_concat(p.part_no || ' x' || pp.qty, ', ') FROM plan_parts pp
                               JOIN parts p ON p.id = pp.part_id WHERE pp.plan_id = plans.id)
           FROM plans WHERE repair_id = ?1 ORDER BY version",
        10,
    )
}

/// The parts a repair used and gave back (at, part, name, qty, lot, source).
pub fn parts_used(conn: &Connection, id: i64) -> Result<Rows> {
    record_rows(
        conn,
        id,
        "SELECT u.at, p.part_no, p.name, u.qty, u.lot, u.source FROM part_uses u JOIN parts p ON p.id = u.part_id
          WHERE u.repair_id = ?1 ORDER BY u.id",
        6,
    )
}

/// A repair's inspections (at, protocol, result, instrument).
pub fn inspections(conn: &Connection, id: i64) -> Result<Rows> {
    record_rows(
        conn,
        id,
        "SELECT i.at, p.code, CASE WHEN i.passed THEN 'passed' ELSE 'FAILED' END, i.instrument FROM inspections i
           JOIN protocols p ON p.id = i.protocol_id WHERE i.repair_id = ?1 ORDER BY i.id",
        4,
    )
}

/// A protocol's id and stored items (JSON), by code.
pub fn protocol_items(conn: &Connection, code: &str) -> Result<Option<(i64, String)>> {
    conn.query_row("SELECT id, items FROM protocols WHERE code = ?1", [code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .ctx("looking up a protocol")
}

/// A protocol as stored: id, name, standard, items (JSON).
pub type StoredProtocol = (i64, String, Option<String>, String);

/// Protocol `code`, if there is one.
pub fn protocol(conn: &Connection, code: &str) -> Result<Option<StoredProtocol>> {
    conn.query_row("SELECT id, name, standard, items FROM protocols WHERE code = ?1", [code], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
    .optional()
    .ctx("looking up a protocol")
}

/// Add a protocol from its YAML `source`, its items already parsed to JSON.
pub fn insert_protocol(tx: &Tx, p: &super::inspection::Protocol, items: &str, source: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO protocols(code, name, standard, items, source, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![p.code, p.name, p.standard, items, source, tx.now],
    )
    .ctx("adding a protocol")?;
    Ok(())
}

pub fn replace_protocol(tx: &Tx, id: i64, p: &super::inspection::Protocol, items: &str, source: &str) -> Result<()> {
    tx.execute(
        "UPDATE protocols SET name = ?2, standard = ?3, items = ?4, source = ?5 WHERE id = ?1",
        params![id, p.name, p.standard, items, source],
    )
    .ctx("replacing a protocol")?;
    Ok(())
}

/// How many inspections were made against protocol `id`.
pub fn protocol_uses(conn: &Connection, id: i64) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM inspections WHERE protocol_id = ?1", [id], |r| r.get(0))
        .ctx("looking for inspections")
}

/// Every protocol by code, with how many items it has.
pub fn protocols(conn: &Connection) -> Result<Vec<super::inspection::Listed>> {
    conn.prepare("SELECT code, name, standard, json_array_length(items) FROM protocols ORDER BY code")
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(super::inspection::Listed {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    standard: r.get(2)?,
                    items: r.get(3)?,
                })
            })?
            .collect()
        })
        .ctx("listing protocols")
}

/// An inspection's verdict and results (JSON), written as judged.
pub struct InspectionRow<'a> {
    pub protocol_id: i64,
    pub at: &'a str,
    pub by: i64,
    pub instrument: Option<&'a str>,
    pub results: &'a str,
    pub passed: bool,
}

/// Write an inspection of repair `id` and move the repair on (finished when it
/// passed) or back to work.
pub fn inspect(tx: &Tx, id: i64, i: &InspectionRow, status: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO inspections(repair_id, protocol_id, at, by_staff, instrument, results, passed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, i.protocol_id, i.at, i.by, i.instrument, i.results, i.passed],
    )
    .ctx("recording an inspection")?;
    let finished = i.passed.then_some(i.at);
    tx.execute("UPDATE repairs SET status = ?2, finished_at = ?3 WHERE id = ?1", params![id, status, finished])
        .ctx("moving the repair on (or back to work)")?;
    Ok(())
}

/// svc's own repairs as flat records: the day reported and finished (local dates),
/// the latest report's cause and process, the net parts used, the technicians, the
/// consented estimate, who signed. Each column is named as the archive's (`RepairRecord`)
/// and comes in its order, after the row id: a test in `archive.rs` compares the names.
pub(super) const NATIVE_SELECT: &str = "SELECT r.id, r.code, e.serial_no,
        date(t.opened_at, 'localtime') AS reported_on,
        date(coalesce(r.signed_at, r.finished_at), 'localtime') AS finished_on, t.symptom,
        coalesce((SELECT cause FROM reports WHERE repair_id = r.id ORDER BY version DESC LIMIT 1),
                 (SELECT cause FROM diagnoses WHERE repair_id = r.id ORDER BY id DESC LIMIT 1)) AS cause,
        (SELECT process FROM reports WHERE repair_id = r.id ORDER BY version DESC LIMIT 1) AS process,
        (SELECT group_concat(part_no || ' x' || n, ', ') FROM
            (SELECT p.part_no, sum(u.qty) AS n FROM part_uses u JOIN parts p ON p.id = u.part_id
              WHERE u.repair_id = r.id GROUP BY p.part_no HAVING sum(u.qty) > 0 ORDER BY p.part_no)) AS parts,
        (SELECT name FROM staff WHERE id = t.assigned_to) AS technician,
        (SELECT estimate FROM plans WHERE repair_id = r.id AND consented_at IS NOT NULL ORDER BY version DESC LIMIT 1)
            AS cost,
        r.signed_by
   FROM repairs r JOIN tickets t ON t.id = r.ticket_id JOIN equipment e ON e.id = r.equipment_id";

/// Archive one legacy repair record of device `equipment_id`, through the archive's
/// columns (`RepairRecord`: the device resolved, then the time it was imported); its id.
pub fn archive(tx: &Tx, r: &RepairRecord, equipment_id: i64) -> Result<i64> {
    columns::insert(tx.conn(), r, &[&equipment_id, &tx.now], "archiving a repair record")
}

/// The repair with code `code`: an archived record, else one of svc's own as a flat
/// record (id 0: not in the archive's table).
pub fn find_archived(conn: &Connection, key: &str) -> Result<Option<(i64, RepairRecord)>> {
    let archived = columns::find(conn, "WHERE a.code = ?1", [key], "looking up a repair")?;
    if archived.is_some() {
        return Ok(archived);
    }
    conn.prepare_cached(&format!("{NATIVE_SELECT} WHERE r.code = ?1"))
        .and_then(|mut s| s.query_row([key], RepairRecord::from_row).optional())
        .map(|found| found.map(|(_, r)| (0, r)))
        .ctx("looking up a repair")
}

/// Every repair, archived and svc's own, by code, as flat records.
pub fn each_flat(conn: &Connection, each: &mut dyn FnMut(RepairRecord) -> Result<()>) -> Result<()> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT * FROM ({} UNION ALL SELECT * FROM ({NATIVE_SELECT})) ORDER BY 2",
            RepairRecord::sql().select
        ))
        .ctx("exporting repairs")?;
    let mut rows = stmt.query([]).ctx("exporting repairs")?;
    while let Some(r) = rows.next().ctx("exporting repairs")? {
        each(RepairRecord::from_row(r).ctx("reading a repair")?.1)?;
    }
    Ok(())
}
