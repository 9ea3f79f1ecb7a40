//! The maintenance report (R1.2): what was checked and found, the parts replaced and
//! when the device is next due, signed by the customer. Signing freezes the document
//! with its SHA-256 (the database refuses any change to it); `verify` recomputes the
//! hash and compares the frozen facts with the records.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::msg;
use super::store::contract as contracts;
use super::store::report as store;
use super::visit::PartUsed;
use crate::clock::utc_text;
use crate::db::{history, Tx};
use crate::error::{Error, Result};
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
    store::visit_id(conn, code)?.ok_or_else(|| Error::not_found(msg::visit_not_found(code)))
}

/// The next visit as a report prints it: the calendar interval from the visit's day (the
/// device's own interval, else the plan version's), the meter reading it will take, or
/// both (`2027-03-01 / 6200 hours`); `None` when neither applies. What later events do to
/// the schedule does not change what was printed.
pub fn printed_next_due(
    plan: &super::Plan,
    override_months: Option<i64>,
    at: &str,
    meter: Option<i64>,
) -> Option<String> {
    let facts =
        super::schedule::Facts { last_visit: crate::clock::local_date(at).map(|d| (d, meter)), ..Default::default() };
    let months = override_months.or(plan.interval_months).and_then(|m| u32::try_from(m).ok());
    let terms = super::schedule::Terms { months, meter: None };
    let by_months = super::schedule::next_due(terms, &facts).0.map(|d| d.to_string());
    let by_meter = plan
        .interval_meter
        .zip(meter)
        .map(|(every, at)| format!("{} {}", at + every, plan.meter_unit.clone().unwrap_or_default()));
    match (by_months, by_meter) {
        (Some(d), Some(m)) => Some(format!("{d} / {m}")),
        (Some(d), None) => Some(d),
        (None, Some(m)) => Some(m),
        (None, None) => None,
    }
}

/// The report's facts as the records give them today.
pub fn document(conn: &Connection, code: &str) -> Result<MaintReport> {
    let id = visit_id(conn, code)?;
    let store::VisitFacts { report: mut doc, plan_id, equipment_id } = store::facts(conn, id, code)?;
    let plan = super::plan::by_id(conn, plan_id)?;
    doc.plan = plan.code.clone();
    doc.plan_version = plan.version;
    doc.plan_name = plan.name.clone();
    doc.risk = plan.risk.clone();
    doc.checklist = plan.checklist.code.clone();
    doc.standard = plan.checklist.standard.clone();
    doc.parts = store::parts_used(conn, id)?;
    // Under the plan version the visit was done under, and the device's own interval.
    let override_months = contracts::override_of(conn, equipment_id, &doc.plan)?.and_then(|o| o.interval_months);
    doc.next_due = printed_next_due(&plan, override_months, &doc.at, doc.meter);
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
    if let Some(when) = store::signed_at(tx.conn(), id)? {
        return Err(Error::refused(msg::report_already_signed(code, crate::clock::show_local(&when))));
    }
    let mut doc = document(tx.conn(), code)?;
    let at = utc_text(event_time(tx, at, Some(&doc.at), &msg::visit_the_visit().to_string())?);
    doc.signature = Some(Signature { by: by.trim().to_string(), method: method.to_string(), at: at.clone() });
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    let hash = sha256(&text);
    store::insert_signed(tx, id, &text, &hash, &at)?;
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
    let signed = store::signed(conn, id)?;
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

/// What a signed report's check finds: (check, ok, detail). `text` and `stored`: the
/// document as signed and its SHA-256 as stored; `now`: the report's facts as the
/// records give them today.
pub fn findings(text: &str, stored: &str, mut now: MaintReport) -> Vec<(&'static str, bool, String)> {
    let actual = sha256(text);
    let mut out = vec![("document hash", actual == stored, actual.clone())];
    match serde_json::from_str::<MaintReport>(text) {
        Ok(frozen) => {
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
        Err(_) => out.push(("records behind the report", false, "the signed document cannot be read".into())),
    }
    out
}

/// What `svc maint verify` found: (check, ok, detail).
pub fn verify(conn: &Connection, code: &str) -> Result<Vec<(&'static str, bool, String)>> {
    let id = visit_id(conn, code)?;
    let signed = store::signed(conn, id)?;
    let Some((text, stored)) = signed else {
        return Err(Error::refused(msg::report_not_signed(code)));
    };
    Ok(findings(&text, &stored, document(conn, code)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maint::plan::tests::plan;

    #[test]
    fn the_next_due_printed_is_the_interval_from_the_visit_or_the_meter_reading_it_takes() {
        let at = "2026-03-01T04:00:00Z";
        assert_eq!(printed_next_due(&plan(Some(12), None), None, at, None).as_deref(), Some("2027-03-01"));
        let own = printed_next_due(&plan(Some(12), None), Some(6), at, None);
        assert_eq!(own.as_deref(), Some("2026-09-01"), "the device's own interval");
        let both = printed_next_due(&plan(Some(12), Some(500)), None, at, Some(1200));
        assert_eq!(both.as_deref(), Some("2027-03-01 / 1700 hours"));
        assert_eq!(printed_next_due(&plan(None, Some(500)), None, at, Some(1200)).as_deref(), Some("1700 hours"));
        assert_eq!(printed_next_due(&plan(None, Some(500)), None, at, None), None, "no reading at the visit");
    }

    fn report() -> MaintReport {
        MaintReport {
            visit: "MV-000001".into(),
            customer_code: "C0001".into(),
            customer_name: "第一医院".into(),
            serial_no: "00012345".into(),
            model: "M1".into(),
            manufacturer: "X".into(),
            location: None,
            registration_no: None,
            plan: "PM-X".into(),
            plan_version: 1,
            plan_name: "X".into(),
            risk: "high".into(),
            checklist: "CL-X".into(),
            standard: None,
            at: "2026-03-01T04:00:00Z".into(),
            technician_code: "E002".into(),
            technician_name: "张工".into(),
            hours: Some("1.5".into()),
            meter: None,
            results: Vec::new(),
            passed: true,
            ticket: None,
            parts: Vec::new(),
            next_due: Some("2027-03-01".into()),
            note: None,
            signature: None,
        }
    }

    #[test]
    fn verify_checks_the_hash_and_the_records_but_not_a_moved_schedule() {
        let mut signed = report();
        signed.signature =
            Some(Signature { by: "王主任".into(), method: "signature".into(), at: "2026-03-01T05:00:00Z".into() });
        let text = serde_json::to_string_pretty(&signed).unwrap();
        let hash = sha256(&text);
        let oks = |f: Vec<(&str, bool, String)>| f.iter().map(|x| x.1).collect::<Vec<_>>();
        assert_eq!(oks(findings(&text, &hash, report())), [true, true]);
        let moved = MaintReport { next_due: Some("2026-09-01".into()), ..report() };
        assert_eq!(oks(findings(&text, &hash, moved)), [true, true], "the schedule moved since");
        let changed = MaintReport { hours: Some("2.0".into()), ..report() };
        assert_eq!(oks(findings(&text, &hash, changed)), [true, false], "a record behind it changed");
        let tampered = text.replace("第一医院", "第二医院");
        assert_eq!(oks(findings(&tampered, &hash, report())), [false, false]);
        let unreadable = findings("{", &sha256("{"), report());
        assert_eq!((unreadable[0].1, unreadable[1].1), (true, false));
        assert_eq!(unreadable[1].2, "the signed document cannot be read");
    }
}
