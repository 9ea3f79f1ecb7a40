//! The maintenance report (R1.2): what was checked and found, the parts replaced and
//! when the device is next due, signed by the customer. Signing freezes the document
//! with its SHA-256 (the database refuses any change to it); `verify` recomputes the
//! hash and compares the frozen facts with the records.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::msg;
use super::visit::PartUsed;
use crate::clock::utc_text;
use crate::db::{history, Tx};
use crate::error::{Error, Result, SqlContext};
use crate::output::Section;
use crate::repair::inspection::Judged;
use crate::ticket::event_time;

/// The report's facts. Times are UTC RFC 3339.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MaintReport {
    pub visit: String,
    pub customer_code: String,
    pub customer_name: String,
    pub serial_no: String,
    pub model: String,
    pub manufacturer: String,
    pub location: Option<String>,
    pub registration_no: Option<String>,
    pub plan: String,
    pub plan_version: i64,
    pub plan_name: String,
    pub risk: String,
    pub checklist: String,
    pub standard: Option<String>,
    pub at: String,
    pub technician_code: String,
    pub technician_name: String,
    pub hours: Option<String>,
    pub meter: Option<i64>,
    pub results: Vec<Judged>,
    pub passed: bool,
    pub ticket: Option<String>,
    pub parts: Vec<PartUsed>,
    pub next_due: Option<String>,
    pub note: Option<String>,
    pub signature: Option<Signature>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Signature {
    pub by: String,
    pub method: String,
    pub at: String,
}

/// The report to print: as signed, or the current draft.
#[derive(Debug, Serialize)]
pub struct Printed {
    #[serde(flatten)]
    pub report: MaintReport,
    pub signed: bool,
    pub sha256: Option<String>,
}

fn visit_id(conn: &Connection, code: &str) -> Result<i64> {
    conn.query_row("SELECT id FROM maint_visits WHERE code = ?1", [code], |r| r.get(0))
        .optional()
        .ctx("looking up a maintenance visit")?
        .ok_or_else(|| Error::not_found(msg::visit_not_found(code)))
}

/// The report's facts as the records give them today.
pub fn document(conn: &Connection, code: &str) -> Result<MaintReport> {
    let id = visit_id(conn, code)?;
    let (mut doc, plan_id, equipment_id): (MaintReport, i64, i64) = conn
        .query_row(
            "SELECT c.code, c.name, e.serial_no, m.model, m.manufacturer, e.location, e.registration_no,
                    v.at, s.code, s.name, v.hours_tenths, v.meter, v.results, v.passed, t.code, v.note, v.plan_id, e.id
               FROM maint_visits v JOIN equipment e ON e.id = v.equipment_id JOIN models m ON m.id = e.model_id
               JOIN customers c ON c.id = e.customer_id JOIN staff s ON s.id = v.by_staff
               LEFT JOIN tickets t ON t.id = v.ticket_id
              WHERE v.id = ?1",
            [id],
            |r| {
                let results: String = r.get(12)?;
                let results = serde_json::from_str(&results).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(12, rusqlite::types::Type::Text, e.into())
                })?;
                Ok((
                    MaintReport {
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
                        hours: r.get::<_, Option<i64>>(10)?.map(super::hours_text),
                        meter: r.get(11)?,
                        results,
                        passed: r.get(13)?,
                        ticket: r.get(14)?,
                        parts: Vec::new(),
                        next_due: None,
                        note: r.get(15)?,
                        signature: None,
                    },
                    r.get(16)?,
                    r.get(17)?,
                ))
            },
        )
        .ctx("reading a maintenance visit")?;
    let plan = super::plan::by_id(conn, plan_id)?;
    doc.plan = plan.code.clone();
    doc.plan_version = plan.version;
    doc.plan_name = plan.name;
    doc.risk = plan.risk;
    doc.checklist = plan.checklist.code;
    doc.standard = plan.checklist.standard;
    doc.parts = conn
        .prepare(
            "SELECT p.part_no, p.name, u.qty, u.lot,
                    l.warehouse || CASE WHEN l.bin = '' THEN '' ELSE '/' || l.bin END
               FROM maint_visit_parts u JOIN parts p ON p.id = u.part_id
               JOIN movements mv ON mv.id = u.movement_id JOIN locations l ON l.id = mv.location_id
              WHERE u.visit_id = ?1 ORDER BY u.id",
        )
        .and_then(|mut s| {
            s.query_map([id], |r| {
                Ok(PartUsed {
                    part_no: r.get(0)?,
                    name: r.get(1)?,
                    qty: r.get(2)?,
                    lot: r.get(3)?,
                    location: r.get(4)?,
                })
            })?
            .collect()
        })
        .ctx("reading the parts of a visit")?;
    // The next visit as this visit set it: the interval from the visit, under the plan
    // version it was done under (later events do not change what was printed).
    let facts = super::schedule::Facts {
        last_visit: crate::clock::local_date(&doc.at).map(|d| (d, doc.meter)),
        ..Default::default()
    };
    let override_months: Option<i64> = conn
        .query_row(
            "SELECT interval_months FROM maint_overrides WHERE equipment_id = ?1 AND plan_code = ?2",
            params![equipment_id, doc.plan],
            |r| r.get(0),
        )
        .optional()
        .ctx("reading a device's override")?
        .flatten();
    let months = override_months.or(plan.interval_months).and_then(|m| u32::try_from(m).ok());
    let terms = super::schedule::Terms { months, meter: None };
    let by_months = super::schedule::next_due(terms, &facts).0.map(|d| d.to_string());
    let by_meter = plan
        .interval_meter
        .zip(doc.meter)
        .map(|(every, at)| format!("{} {}", at + every, plan.meter_unit.clone().unwrap_or_default()));
    doc.next_due = match (by_months, by_meter) {
        (Some(d), Some(m)) => Some(format!("{d} / {m}")),
        (Some(d), None) => Some(d),
        (None, Some(m)) => Some(m),
        (None, None) => None,
    };
    Ok(doc)
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The customer signs the report: it is frozen with its SHA-256. Returns the hash.
pub fn sign(tx: &Tx, code: &str, by: &str, method: &str, at: Option<DateTime<Utc>>) -> Result<String> {
    let id = visit_id(tx.conn(), code)?;
    if by.trim().is_empty() {
        return Err(Error::invalid(msg::report_sign_by_empty()));
    }
    let signed: Option<String> = tx
        .query_row("SELECT signed_at FROM maint_signed WHERE visit_id = ?1", [id], |r| r.get(0))
        .optional()
        .ctx("reading a signed report")?;
    if let Some(when) = signed {
        return Err(Error::refused(msg::report_already_signed(code, crate::clock::show_local(&when))));
    }
    let mut doc = document(tx.conn(), code)?;
    let at = utc_text(event_time(tx, at, Some(&doc.at), &msg::visit_the_visit().to_string())?);
    doc.signature = Some(Signature { by: by.trim().to_string(), method: method.to_string(), at: at.clone() });
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    let hash = sha256(&text);
    tx.execute(
        "INSERT INTO maint_signed(visit_id, document, sha256, signed_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, text, hash, at],
    )
    .ctx("storing the signed maintenance report")?;
    history::record(
        tx,
        "maint_visit",
        code,
        "sign",
        None,
        Some(&json!({"at": at, "by": by.trim(), "method": method, "sha256": hash})),
    )?;
    Ok(hash)
}

pub fn printable(conn: &Connection, code: &str) -> Result<Printed> {
    let id = visit_id(conn, code)?;
    let signed: Option<(String, String)> = conn
        .query_row("SELECT document, sha256 FROM maint_signed WHERE visit_id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .ctx("reading a signed report")?;
    Ok(match signed {
        Some((text, hash)) => {
            let report = serde_json::from_str(&text)
                .map_err(|e| Error::internal(msg::report_unreadable(code, e.to_string())))?;
            Printed { report, signed: true, sha256: Some(hash) }
        }
        None => Printed { report: document(conn, code)?, signed: false, sha256: None },
    })
}

/// A visit as a record to show (`svc maint show`): its fields, then its checks and parts.
pub fn record(p: &Printed) -> (Vec<(&'static str, Value)>, Vec<Section>) {
    let r = &p.report;
    let sig = r.signature.as_ref();
    let fields = vec![
        ("visit", json!(r.visit)),
        ("status", json!(if p.signed { "signed" } else { "draft" })),
        ("customer", json!(r.customer_code)),
        ("customer_name", json!(r.customer_name)),
        ("serial_no", json!(r.serial_no)),
        ("model", json!(r.model)),
        ("location", json!(r.location)),
        ("plan", json!(r.plan)),
        ("plan_version", json!(r.plan_version)),
        ("risk", json!(r.risk)),
        ("checklist", json!(r.checklist)),
        ("at", json!(crate::clock::show_local(&r.at))),
        ("technician", json!(format!("{} {}", r.technician_code, r.technician_name))),
        ("hours", json!(r.hours)),
        ("meter", json!(r.meter)),
        ("result", json!(if r.passed { "pass" } else { "fail" })),
        ("ticket", json!(r.ticket)),
        ("next_due", json!(r.next_due)),
        ("note", json!(r.note)),
        ("signed_by", json!(sig.map(|s| s.by.as_str()))),
        ("signed_at", json!(sig.map(|s| crate::clock::show_local(&s.at)))),
        ("sign_method", json!(sig.map(|s| s.method.as_str()))),
        ("sha256", json!(p.sha256)),
    ];
    let checks = r
        .results
        .iter()
        .map(|j| {
            vec![
                json!(j.key),
                json!(j.name),
                json!(j.value),
                json!(j.unit),
                json!(j.limits),
                json!(if j.pass { "pass" } else { "fail" }),
            ]
        })
        .collect();
    let parts = r
        .parts
        .iter()
        .map(|u| vec![json!(u.part_no), json!(u.name), json!(u.qty), json!(u.lot), json!(u.location)])
        .collect();
    let sections = vec![
        Section { title: "checks", headers: vec!["key", "name", "value", "unit", "limits", "result"], rows: checks },
        Section { title: "parts", headers: vec!["part_no", "name", "qty", "lot", "location"], rows: parts },
    ];
    (fields, sections)
}

/// What `svc maint verify` found: (check, ok, detail).
pub fn verify(conn: &Connection, code: &str) -> Result<Vec<(&'static str, bool, String)>> {
    let id = visit_id(conn, code)?;
    let signed: Option<(String, String)> = conn
        .query_row("SELECT document, sha256 FROM maint_signed WHERE visit_id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .ctx("reading a signed report")?;
    let Some((text, stored)) = signed else {
        return Err(Error::refused(msg::report_not_signed(code)));
    };
    let actual = sha256(&text);
    let mut out = vec![("document hash", actual == stored, actual.clone())];
    let frozen: Option<MaintReport> = serde_json::from_str(&text).ok();
    let mut now = document(conn, code)?;
    match frozen {
        Some(frozen) => {
            now.signature = frozen.signature.clone();
            // The next due day printed is the plan's word at signing; a later change of
            // the device's terms moves the schedule, not what was signed.
            now.next_due = frozen.next_due.clone();
            let same = now == frozen;
            out.push((
                "records behind the report",
                same,
                if same { "unchanged since signing".into() } else { "changed since signing".into() },
            ));
        }
        None => out.push(("records behind the report", false, "the signed document cannot be read".into())),
    }
    Ok(out)
}
