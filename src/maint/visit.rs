//! Maintenance visits (R1.2): the checklist results judged against the plan's limits by
//! the repair inspections' own code, the parts used taken from stock through the ledger
//! (first expiry first out, never below zero), meter readings, and, when a check fails,
//! a fault ticket opened and linked to the visit: a failure never passes silently.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use super::msg;
use crate::clock::utc_text;
use crate::db::{history, Tx};
use crate::equipment::Equipment;
use crate::error::{Error, Result, SqlContext};
use crate::parts::requisition::{fefo, Lot, Short};
use crate::parts::stock::{self, Move};
use crate::parts::LineArg;
use crate::repair::inspection::{self, Judged};
use crate::ticket::{event_time, NewTicket};

pub struct NewVisit {
    pub equipment: String,
    pub plan: String,
    pub by: String,
    pub values: Vec<(String, String)>,
    /// `PARTNO:QTY[:LOT]`, parsed.
    pub parts: Vec<LineArg>,
    /// Take parts from this location (warehouse or warehouse/bin) only.
    pub from: Option<String>,
    pub hours: Option<String>,
    pub meter: Option<i64>,
    pub note: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// What recording a visit did.
#[derive(Debug)]
pub struct Recorded {
    pub code: String,
    pub passed: bool,
    pub failed: Vec<Judged>,
    pub ticket: Option<String>,
    pub next_due: Option<String>,
}

/// A device as a visit needs it.
pub struct Device {
    pub id: i64,
    pub record: Equipment,
}

pub fn device(conn: &Connection, serial: &str) -> Result<Device> {
    let (id, record) = crate::records::get::<Equipment>(conn, serial)?;
    Ok(Device { id, record })
}

/// Record a maintenance visit; returns its code (MV-000001) and what it found.
pub fn record(tx: &Tx, v: &NewVisit) -> Result<Recorded> {
    let d = device(tx.conn(), &v.equipment)?;
    if d.record.status == "retired" {
        return Err(Error::refused(msg::visit_retired(&v.equipment)));
    }
    let plan = super::plan::get(tx.conn(), &v.plan, None)?;
    if !plan.models.contains(&d.record.model) {
        return Err(Error::refused(msg::visit_wrong_model(
            &v.equipment,
            &d.record.model,
            &plan.code,
            plan.models.join(", "),
        )));
    }
    let staff_id = crate::staff::active(tx.conn(), &v.by, |s| crate::words::m::staff_inactive(s))?;
    let hours = v
        .hours
        .as_deref()
        .map(|h| super::tenths(h).ok_or_else(|| Error::invalid(msg::visit_bad_hours(format!("{h:?}")))))
        .transpose()?;
    let judged = inspection::judge(&plan.checklist, &v.values)?;
    let passed = inspection::passed(&judged);
    // Not before the last visit under this plan, nor in the future.
    let last: Option<String> = tx
        .query_row(
            "SELECT max(v.at) FROM maint_visits v JOIN maint_plans p ON p.id = v.plan_id
              WHERE v.equipment_id = ?1 AND p.code = ?2",
            params![d.id, plan.code],
            |r| r.get(0),
        )
        .ctx("reading the last maintenance")?;
    let what = msg::visit_last_visit().to_string();
    let at = event_time(tx, v.at, last.as_deref(), &what)?;
    let at_text = utc_text(at);
    if let Some(meter) = v.meter {
        check_meter(tx, d.id, meter, &at_text)?;
    }
    // The due day this visit answers, before the visit moves it.
    let due_on: Option<String> = tx
        .query_row(
            "SELECT next_due FROM maint_schedules WHERE equipment_id = ?1 AND plan_code = ?2",
            params![d.id, plan.code],
            |r| r.get(0),
        )
        .optional()
        .ctx("reading the due day")?
        .flatten();
    let code = crate::db::document_code(tx, "maint_visits", "MV")?;
    let failed: Vec<Judged> = judged.iter().filter(|j| !j.pass).cloned().collect();
    let ticket = if passed {
        None
    } else {
        let found: Vec<String> = failed.iter().map(|j| format!("{} {} ({})", j.name, j.value, j.limits)).collect();
        let t = NewTicket {
            customer: d.record.customer_code.clone(),
            equipment: Some(v.equipment.clone()),
            channel: "visit".into(),
            kind: "fault".into(),
            priority: if plan.risk == "high" { "high".into() } else { "normal".into() },
            symptom: msg::visit_ticket_symptom(&code, &plan.code, found.join("; ")).to_string(),
            reporter: Some(v.by.clone()),
            at,
        };
        Some(crate::ticket::open(tx, &t)?)
    };
    let ticket_id: Option<i64> = match &ticket {
        Some(t) => {
            Some(tx.query_row("SELECT id FROM tickets WHERE code = ?1", [t], |r| r.get(0)).ctx("reading a ticket")?)
        }
        None => None,
    };
    let visit_id: i64 = tx
        .query_row(
            "INSERT INTO maint_visits(code, equipment_id, plan_id, at, by_staff, hours_tenths, meter, results, passed,
                                      ticket_id, note, due_on, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id",
            params![
                code,
                d.id,
                plan.id,
                at_text,
                staff_id,
                hours,
                v.meter,
                serde_json::to_string(&judged).unwrap_or_default(),
                passed,
                ticket_id,
                v.note.as_deref().map(str::trim).filter(|n| !n.is_empty()),
                due_on,
                tx.now
            ],
            |r| r.get(0),
        )
        .ctx("recording a maintenance visit")?;
    if let Some(meter) = v.meter {
        tx.execute(
            "INSERT INTO maint_meters(equipment_id, at, reading, source) VALUES (?1, ?2, ?3, ?4)",
            params![d.id, at_text, meter, code],
        )
        .ctx("recording a meter reading")?;
    }
    let used = use_parts(tx, visit_id, &code, &v.parts, v.from.as_deref(), &at_text)?;
    super::schedule::refresh_device(tx, d.id)?;
    let next_due: Option<String> = tx
        .query_row(
            "SELECT next_due FROM maint_schedules WHERE equipment_id = ?1 AND plan_code = ?2",
            params![d.id, plan.code],
            |r| r.get(0),
        )
        .optional()
        .ctx("reading the next due day")?
        .flatten();
    let after = json!({"at": at_text, "equipment": v.equipment, "plan": plan.code, "version": plan.version,
        "by": v.by, "hours": hours.map(super::hours_text), "meter": v.meter, "passed": passed, "results": judged,
        "ticket": ticket, "parts": used, "next_due": next_due});
    history::record(tx, "maint_visit", &code, "record", None, Some(&after))?;
    Ok(Recorded { code, passed, failed, ticket, next_due })
}

/// A reading never goes down: a meter counts up (a replaced meter is a new device record).
fn check_meter(tx: &Tx, equipment_id: i64, reading: i64, at: &str) -> Result<()> {
    let before: Option<(i64, String)> = tx
        .query_row(
            "SELECT reading, at FROM maint_meters WHERE equipment_id = ?1 AND at <= ?2 ORDER BY at DESC, id DESC LIMIT 1",
            params![equipment_id, at],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .ctx("reading the meter")?;
    if let Some((last, when)) = before {
        if reading < last {
            return Err(Error::invalid(msg::meter_went_down(reading, last, crate::clock::show_local(&when))));
        }
    }
    Ok(())
}

/// Record a meter reading outside a visit (the hospital reports its hours).
pub fn read_meter(tx: &Tx, serial: &str, reading: i64, at: Option<DateTime<Utc>>) -> Result<Option<String>> {
    let d = device(tx.conn(), serial)?;
    let at = utc_text(event_time(tx, at, None, "")?);
    check_meter(tx, d.id, reading, &at)?;
    tx.execute(
        "INSERT INTO maint_meters(equipment_id, at, reading, source) VALUES (?1, ?2, ?3, 'reading')",
        params![d.id, at, reading],
    )
    .ctx("recording a meter reading")?;
    history::record(tx, "maint_meter", serial, "read", None, Some(&json!({"at": at, "reading": reading})))?;
    super::schedule::refresh_device(tx, d.id)?;
    tx.query_row("SELECT min(next_due) FROM maint_schedules WHERE equipment_id = ?1", [d.id], |r| r.get(0))
        .ctx("reading the next due day")
}

/// A part used on a visit, as stored.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct PartUsed {
    pub part_no: String,
    pub name: String,
    pub qty: i64,
    pub lot: String,
    pub location: String,
}

/// Take each part from stock, first expiry first out, as an `issue` movement whose
/// reference is the visit and whose note says `maintenance`; refused whole when any part
/// is short.
fn use_parts(
    tx: &Tx,
    visit_id: i64,
    code: &str,
    lines: &[LineArg],
    from: Option<&str>,
    at: &str,
) -> Result<Vec<PartUsed>> {
    let today = crate::clock::local_date(at).map(|d| d.to_string()).unwrap_or_default();
    let (warehouse, bin) = match from {
        Some(l) => {
            let (w, b) = crate::parts::location::split(l);
            (Some(w.to_string()), (!b.is_empty()).then(|| b.to_string()))
        }
        None => (None, None),
    };
    let mut used = Vec::new();
    for line in lines {
        let part_id = stock::part_id(tx.conn(), &line.part_no)?;
        let name: String =
            tx.query_row("SELECT name FROM parts WHERE id = ?1", [part_id], |r| r.get(0)).ctx("reading a part")?;
        let lot = line.extra(0);
        // The lots an issue may take from, read as a requisition's issue reads them.
        let candidates: Vec<Lot> = crate::parts::store::requisition::lots_on_hand(
            tx.conn(),
            part_id,
            warehouse.as_deref(),
            bin.as_deref(),
            lot,
        )?;
        let picks = fefo(&candidates, line.qty, &today).map_err(|Short { usable, expired }| {
            Error::refused(msg::visit_parts_short(&line.part_no, line.qty, usable, expired.max(0)))
        })?;
        for (i, take) in picks {
            let l = &candidates[i];
            let movement = stock::post(
                tx,
                &Move {
                    kind: "issue",
                    part_id,
                    location_id: l.location_id,
                    lot: &l.lot,
                    expiry: l.expiry.as_deref(),
                    qty: -take,
                    reference: Some(code),
                    note: Some("maintenance"),
                    ..Default::default()
                },
            )?;
            tx.execute(
                "INSERT INTO maint_visit_parts(visit_id, part_id, qty, lot, movement_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![visit_id, part_id, take, l.lot, movement],
            )
            .ctx("recording a part used on a visit")?;
            used.push(PartUsed {
                part_no: line.part_no.clone(),
                name: name.clone(),
                qty: take,
                lot: l.lot.clone(),
                location: l.location.clone(),
            });
        }
    }
    Ok(used)
}

/// One visit in `svc maint visits`.
#[derive(Debug, Serialize)]
pub struct VisitRow {
    pub code: String,
    pub at: String,
    pub serial_no: String,
    pub customer: String,
    pub plan: String,
    pub version: i64,
    pub by: String,
    pub result: &'static str,
    pub ticket: Option<String>,
    pub signed: bool,
}

pub const VISIT_COLUMNS: &[&str] =
    &["code", "at", "serial_no", "customer", "plan", "version", "by", "result", "ticket", "signed"];

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
