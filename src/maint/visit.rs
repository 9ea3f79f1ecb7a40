//! Maintenance visits (R1.2): the checklist results judged against the plan's limits by
//! the repair inspections' own code, the parts used taken from stock through the ledger
//! (first expiry first out, never below zero), meter readings, and, when a check fails,
//! a fault ticket opened and linked to the visit: a failure never passes silently.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::msg;
use super::store::schedule as schedules;
use super::store::visit as store;
use crate::clock::utc_text;
use crate::db::{history, Tx};
use crate::equipment::Equipment;
use crate::error::{Error, Result};
use crate::exchange::Stored;
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

/// The fault ticket a visit (`visit`, of the customer's device under `plan`) opens when
/// its checklist did not pass: high priority for a high-risk device; the symptom names
/// the visit, the plan and every check that failed with its value and limits. `None`
/// when the checklist passed.
pub fn failure_ticket(
    visit: &str,
    v: &NewVisit,
    customer: &str,
    plan: &super::Plan,
    judged: &[Judged],
    at: DateTime<Utc>,
) -> Option<NewTicket> {
    if inspection::passed(judged) {
        return None;
    }
    let found: Vec<String> =
        judged.iter().filter(|j| !j.pass).map(|j| format!("{} {} ({})", j.name, j.value, j.limits)).collect();
    Some(NewTicket {
        customer: customer.to_string(),
        equipment: Some(v.equipment.clone()),
        channel: "visit".into(),
        kind: "fault".into(),
        priority: if plan.risk == "high" { "high".into() } else { "normal".into() },
        symptom: msg::visit_ticket_symptom(visit, &plan.code, found.join("; ")).to_string(),
        reporter: Some(v.by.clone()),
        at,
    })
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
    let last = store::last_at(tx.conn(), d.id, &plan.code)?;
    let what = msg::visit_last_visit().to_string();
    let at = event_time(tx, v.at, last.as_deref(), &what)?;
    let at_text = utc_text(at);
    if let Some(meter) = v.meter {
        check_meter(tx.conn(), d.id, meter, &at_text)?;
    }
    // The due day this visit answers, before the visit moves it.
    let due_on = schedules::next_due(tx.conn(), d.id, &plan.code)?;
    let code = crate::db::document_code(tx, "maint_visits", "MV")?;
    let failed: Vec<Judged> = judged.iter().filter(|j| !j.pass).cloned().collect();
    let ticket = match failure_ticket(&code, v, &d.record.customer_code, &plan, &judged, at) {
        Some(t) => Some(crate::ticket::open(tx, &t)?),
        None => None,
    };
    let ticket_id = match &ticket {
        Some(t) => crate::ticket::Ticket::find_id(tx.conn(), t)?,
        None => None,
    };
    let visit_id = store::insert(
        tx,
        &store::NewVisitRow {
            code: &code,
            equipment_id: d.id,
            plan_id: plan.id,
            at: &at_text,
            by_staff: staff_id,
            hours_tenths: hours,
            meter: v.meter,
            results: &serde_json::to_string(&judged).unwrap_or_default(),
            passed,
            ticket_id,
            note: v.note.as_deref().map(str::trim).filter(|n| !n.is_empty()),
            due_on: due_on.as_deref(),
        },
    )?;
    if let Some(meter) = v.meter {
        store::insert_reading(tx, d.id, &at_text, meter, &code)?;
    }
    let used = use_parts(tx, visit_id, &code, &v.parts, v.from.as_deref(), &at_text)?;
    super::schedule::refresh_device(tx, d.id)?;
    let next_due = schedules::next_due(tx.conn(), d.id, &plan.code)?;
    let after = json!({"at": at_text, "equipment": v.equipment, "plan": plan.code, "version": plan.version,
        "by": v.by, "hours": hours.map(super::hours_text), "meter": v.meter, "passed": passed, "results": judged,
        "ticket": ticket, "parts": used, "next_due": next_due});
    history::record(tx, "maint_visit", &code, "record", None, Some(&after))?;
    Ok(Recorded { code, passed, failed, ticket, next_due })
}

/// A reading never goes down: a meter counts up (a replaced meter is a new device record).
/// `before`: the latest reading at or before this one's time, and when it was taken.
pub fn meter_went_down(reading: i64, before: Option<(i64, String)>) -> Result<()> {
    match before {
        Some((last, when)) if reading < last => {
            Err(Error::invalid(msg::meter_went_down(reading, last, crate::clock::show_local(&when))))
        }
        _ => Ok(()),
    }
}

fn check_meter(conn: &Connection, equipment_id: i64, reading: i64, at: &str) -> Result<()> {
    meter_went_down(reading, store::meter_before(conn, equipment_id, at)?)
}

/// Record a meter reading outside a visit (the hospital reports its hours).
pub fn read_meter(tx: &Tx, serial: &str, reading: i64, at: Option<DateTime<Utc>>) -> Result<Option<String>> {
    let d = device(tx.conn(), serial)?;
    let at = utc_text(event_time(tx, at, None, "")?);
    check_meter(tx.conn(), d.id, reading, &at)?;
    store::insert_reading(tx, d.id, &at, reading, "reading")?;
    history::record(tx, "maint_meter", serial, "read", None, Some(&json!({"at": at, "reading": reading})))?;
    super::schedule::refresh_device(tx, d.id)?;
    schedules::earliest_due(tx.conn(), d.id)
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
        let name = stock::part_name(tx.conn(), part_id)?;
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
            store::insert_part(tx, visit_id, part_id, take, &l.lot, movement)?;
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

/// Visits (of one device, of one customer's devices, or all), in the order done.
pub use super::store::visit::list;

/// The code of the visit recorded last, if any (the demo prints its report).
pub use super::store::visit::latest_code as latest;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meter_never_goes_down() {
        let before = || Some((1200, "2026-03-01T04:00:00Z".to_string()));
        assert!(meter_went_down(1200, before()).is_ok(), "the same reading again");
        assert!(meter_went_down(1300, before()).is_ok());
        assert!(meter_went_down(5, None).is_ok(), "the first reading");
        let e = meter_went_down(1100, before()).unwrap_err();
        assert_eq!(e.kind(), crate::error::Kind::Invalid);
        assert!(e.to_string().contains("1100") && e.to_string().contains("1200"), "{e}");
    }

    #[test]
    fn a_failed_check_opens_a_fault_ticket_high_for_a_high_risk_plan() {
        let plan: super::super::Plan = super::super::plan::tests::plan(Some(12), None);
        let v = NewVisit {
            equipment: "00012345".into(),
            plan: plan.code.clone(),
            by: "E002".into(),
            values: Vec::new(),
            parts: Vec::new(),
            from: None,
            hours: None,
            meter: None,
            note: None,
            at: None,
        };
        let at = crate::clock::parse_instant("2026-03-01T04:00:00Z").unwrap();
        let check = |key: &str, pass: bool| Judged {
            key: key.into(),
            name: format!("{key} name"),
            value: "600".into(),
            unit: Some("uA".into()),
            limits: "≤ 500".into(),
            pass,
        };
        let passed = [check("visual", true), check("leak", true)];
        assert!(failure_ticket("MV-000007", &v, "C0001", &plan, &passed, at).is_none(), "all passed");
        let failed = [check("leak", false), check("visual", true), check("earth", false)];
        let t = failure_ticket("MV-000007", &v, "C0001", &plan, &failed, at).unwrap();
        assert_eq!(
            (t.customer.as_str(), t.equipment.as_deref(), t.kind.as_str()),
            ("C0001", Some("00012345"), "fault")
        );
        assert_eq!((t.channel.as_str(), t.priority.as_str(), t.reporter.as_deref()), ("visit", "high", Some("E002")));
        assert!(
            t.symptom.contains("MV-000007") && t.symptom.contains("leak name 600 (≤ 500); earth name"),
            "{}",
            t.symptom
        );
        let low = super::super::Plan { risk: "low".into(), ..plan };
        assert_eq!(failure_ticket("MV-000007", &v, "C0001", &low, &failed, at).unwrap().priority, "normal");
    }
}
