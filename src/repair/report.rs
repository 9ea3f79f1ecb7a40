//! The service report (R3.4.2, R8.2.1), the customer's signature, and what follows it:
//! verification, amendments, the follow-up (R3.5.1).
//!
//! The report is built from the repair's records: customer, device, dates, who worked
//! on it, fault, cause, work done, parts replaced, inspection results with measured
//! values and instrument, gathered here as typed facts (`ServiceReport`), every time in
//! UTC as stored; `crate::documents` lays them out for people. When the customer signs,
//! those facts are frozen as JSON with their SHA-256; the database refuses any later
//! change to the repair and its report. A correction is an amendment that names the
//! signed report's hash.
//!
//! The SQL is in `store`; the rules (the estimate check, building the document, the
//! charges, what verify concludes) are plain functions of the facts it reads.

mod store;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::costs;
use super::inspection::Judged;
use super::{state, step, worker};
use crate::clock::{display_zone, show_local};
use crate::db::{history, Tx};
use crate::due::{days_late, Found, Source, When, Window};
use crate::error::{Error, Result};
use crate::money::Money;
use crate::ticket::event_time;
use crate::words::m;

use crate::clock::utc_text as text;

pub struct NewReport {
    pub cause: String,
    pub process: String,
    /// The repair time actually spent (R8.2.1), checked against the estimate.
    pub labour_hours: String,
    pub by: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// Write the report (a new version each time, until the customer signs). It needs a
/// passing inspection of every protocol used, and costs within the consented estimate.
pub fn write(tx: &Tx, code: &str, r: &NewReport) -> Result<i64> {
    let s = state(tx.conn(), code)?;
    let next = step(code, &s.status, "report")?;
    if let Some(p) = store::failing_protocol(tx.conn(), s.id)? {
        return Err(Error::refused(m::repair_inspection_failed(code, p)));
    }
    if r.cause.trim().is_empty() || r.process.trim().is_empty() {
        return Err(Error::invalid(m::repair_report_no_cause()));
    }
    let (estimate, plan_version) = store::consented_estimate(tx.conn(), s.id)?;
    let spent = Spent {
        parts_used: store::parts_used_at_plan_price(tx.conn(), s.id)?,
        under_warranty: s.under_warranty,
        labour_rate: crate::config::labour_rate(tx.conn())?,
        hours: &r.labour_hours,
    };
    within_estimate(code, &spent, estimate, plan_version)?;
    let by = worker(tx, &s, r.by.as_deref())?;
    let at = event_time(tx, r.at, Some(&s.last_at), "the repair's last step")?;
    let (cause, process) = (r.cause.trim(), r.process.trim());
    let row = store::NewReportRow { at: &text(at), by, cause, process, labour_hours: &r.labour_hours };
    let version = store::insert_report(tx, s.id, &row)?;
    super::set_status(tx, s.id, next)?;
    let after =
        json!({"at": text(at), "version": version, "cause": cause, "process": process, "labour_hours": r.labour_hours});
    history::record(tx, "repair", code, "report", None, Some(&after))?;
    Ok(version)
}

/// What a repair spent by report time: each part used at its plan's price (as
/// (price, qty) uses), and the hours worked at the labour rate.
struct Spent<'a> {
    parts_used: Vec<(Money, i64)>,
    under_warranty: bool,
    labour_rate: Money,
    hours: &'a str,
}

/// Refuse a report whose costs pass the estimate of consented plan `version`: the
/// customer must consent to a new plan first (R3.3.2).
fn within_estimate(code: &str, spent: &Spent, estimate: Money, version: i64) -> Result<()> {
    let labour = costs::labour_cost(spent.labour_rate, super::tenths(spent.hours)?)?;
    let parts = costs::parts_cost(spent.parts_used.iter().copied(), spent.under_warranty)?;
    if (costs::Costs { parts, labour }).past(estimate)? {
        return Err(Error::refused(m::repair_past_estimate(
            code,
            parts.to_string(),
            labour.to_string(),
            spent.hours,
            estimate.to_string(),
            version,
        )));
    }
    Ok(())
}

/// The form of the document this build signs: facts, every time UTC as stored (RFC 3339).
/// A document signed by an earlier build has no `format`: form 1, its times frozen as
/// the signer's local-time text.
pub const FORMAT: u32 = 2;

fn first_form() -> u32 {
    1
}

/// The service report's facts (R3.4.2, R8.2.1): what the customer signs, frozen as
/// JSON with its hash. Times are UTC as stored; the presentation layer shows them in
/// the reader's zone. Personal data (contact names, phones, addresses) is left out: a
/// report shows the customer by name and code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceReport {
    #[serde(default = "first_form")]
    pub format: u32,
    /// `R-000001/2`: the repair and the report's version.
    pub report: String,
    pub repair: String,
    pub ticket: String,
    pub customer: Party,
    pub device: Device,
    pub dates: Dates,
    pub technicians: Vec<Party>,
    pub fault: Fault,
    pub cause: String,
    pub work_done: WorkDone,
    pub parts_replaced: Vec<PartReplaced>,
    pub under_warranty: bool,
    pub inspections: Vec<InspectionDone>,
    pub written_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The service company as its settings named it (`company.*`), when they are set.
    /// Absent from documents signed before it existed, which keep their hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<Issuer>,
    /// What the repair is charged: each part at its plan's unit price, the labour at
    /// the labour rate. Absent from documents signed before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charges: Option<Charges>,
}

/// The service company on the report (settings `company.name`, `.address`, `.phone`,
/// `.licence`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issuer {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub licence: String,
}

/// The final charge: parts (free under warranty), labour, total, in yuan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Charges {
    pub parts: Vec<PartCharge>,
    pub parts_total: Money,
    pub labour_hours: String,
    pub labour_rate: Money,
    pub labour: Money,
    pub total: Money,
    /// Parts free under the device's warranty: listed with their price, charged 0.
    pub parts_free: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartCharge {
    pub part_no: String,
    pub lot: String,
    pub qty: i64,
    pub unit_price: Money,
    pub amount: Money,
}

/// A customer or a staff member, by code and name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Party {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Device {
    pub model: String,
    pub manufacturer: String,
    pub serial_no: String,
    pub registration_no: Option<String>,
    pub installed_on: Option<String>,
    pub warranty_at_intake: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dates {
    pub reported: String,
    pub repair_opened: String,
    pub started: Option<String>,
    pub finished: Option<String>,
    pub report_written: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    pub symptom: String,
    pub channel: String,
    pub difficulty: Option<String>,
    pub diagnoses: Vec<Diagnosis>,
    pub visits: Vec<Visit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    pub at: String,
    pub finding: String,
    pub cause: Option<String>,
    pub difficulty: String,
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub at: String,
    pub onsite: bool,
    pub finding: String,
    pub tools: Option<String>,
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkDone {
    pub process: String,
    /// The plan the customer last consented to.
    pub plan: Option<Plan>,
    pub labour_hours: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub version: i64,
    pub steps: Vec<String>,
    pub labour_hours: String,
    pub labour: Money,
    pub parts: Money,
    pub estimate: Money,
    /// A date, as the plan gave it.
    pub finish_by: Option<String>,
    pub consent: Consent,
    /// The parts the customer consented to, each with its quantity and unit price
    /// (issue 9: verify compares them). Absent from documents signed before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<PlanLine>>,
}

/// A part of a plan as consented to: how many, at what price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanLine {
    pub part_no: String,
    pub qty: i64,
    pub unit_price: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    pub by: String,
    pub method: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartReplaced {
    pub part_no: String,
    pub name: String,
    pub spec: Option<String>,
    pub lot: String,
    pub qty: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InspectionDone {
    pub at: String,
    pub protocol: String,
    pub name: String,
    pub standard: Option<String>,
    pub instrument: Option<String>,
    pub passed: bool,
    pub by: Option<String>,
    pub results: Vec<Judged>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    pub by: String,
    pub method: String,
    pub at: String,
}

impl ServiceReport {
    /// The sections the repair's own records give, which the database freezes at
    /// signing, named as in the document when they differ from `other`'s. The
    /// customer's, the device's and the staff's records may change later (a renamed
    /// hospital) without touching what was signed, so they are not compared.
    fn changed_from(&self, other: &ServiceReport) -> Vec<&'static str> {
        [
            ("repair", self.repair == other.repair),
            ("ticket", self.ticket == other.ticket),
            ("dates", self.dates == other.dates),
            ("fault", self.fault == other.fault),
            ("cause", self.cause == other.cause),
            ("work_done", self.work_done == other.work_done),
            ("parts_replaced", self.parts_replaced == other.parts_replaced),
            ("inspections", self.inspections == other.inspections),
        ]
        .into_iter()
        .filter(|(_, same)| !same)
        .map(|(name, _)| name)
        .collect()
    }

    /// The names the document shows as they were at signing (who diagnosed, visited
    /// and inspected; a replaced part's name), blanked: a staff member or a part renamed
    /// since is no change of the repair's facts (issue 9: no false alarm). The document
    /// hash still guards the names as signed.
    fn without_names(mut self) -> ServiceReport {
        self.fault.diagnoses.iter_mut().for_each(|d| d.by = None);
        self.fault.visits.iter_mut().for_each(|v| v.by = None);
        self.inspections.iter_mut().for_each(|i| i.by = None);
        self.parts_replaced.iter_mut().for_each(|p| p.name.clear());
        self
    }

    /// Every time the document holds, blanked: form 1 froze them as local text in a
    /// zone it did not record, so they can only be checked by the hash.
    fn without_times(mut self) -> ServiceReport {
        let d = &mut self.dates;
        let mut times = vec![&mut d.reported, &mut d.repair_opened, &mut d.report_written];
        times.extend(d.started.as_mut().into_iter().chain(d.finished.as_mut()));
        times.extend(self.fault.diagnoses.iter_mut().map(|x| &mut x.at));
        times.extend(self.fault.visits.iter_mut().map(|x| &mut x.at));
        times.extend(self.work_done.plan.as_mut().map(|p| &mut p.consent.at));
        times.extend(self.inspections.iter_mut().map(|x| &mut x.at));
        times.extend(self.signature.as_mut().map(|s| &mut s.at));
        times.into_iter().for_each(String::clear);
        self
    }
}

/// The report as built from the repair's records now.
pub fn document(conn: &Connection, code: &str) -> Result<ServiceReport> {
    let id = state(conn, code)?.id;
    let Some(facts) = store::facts(conn, id)? else {
        return Err(Error::refused(m::repair_no_report(code)));
    };
    let warranty_at_intake = crate::ticket::warranty_at_intake(conn, facts.head.ticket_id)?;
    let get = |k: &str| crate::config::get(conn, k);
    let company = Issuer {
        name: get("company.name")?,
        address: get("company.address")?,
        phone: get("company.phone")?,
        licence: get("company.licence")?,
    };
    build(facts, warranty_at_intake, company, crate::config::labour_rate(conn)?)
}

/// The document the facts make: the ticket's warranty at intake rendered, the company
/// as the settings name it (left out when none is filled in), the charges at the
/// labour rate.
fn build(
    facts: store::Facts,
    warranty_at_intake: Option<String>,
    company: Issuer,
    labour_rate: Money,
) -> Result<ServiceReport> {
    let store::Facts { head, written, technicians, diagnoses, visits, plan, parts_replaced, inspections, charge_lines } =
        facts;
    let charges = charges(charge_lines, head.under_warranty, written.labour_hours.as_deref(), labour_rate)?;
    let issuer = [&company.name, &company.address, &company.phone, &company.licence]
        .iter()
        .any(|v| !v.is_empty())
        .then_some(company);
    Ok(ServiceReport {
        format: FORMAT,
        report: format!("{}/{}", head.repair, written.version),
        repair: head.repair,
        ticket: head.ticket,
        customer: head.customer,
        device: Device { warranty_at_intake, ..head.device },
        dates: Dates {
            reported: head.ticket_opened,
            repair_opened: head.opened,
            started: head.started,
            finished: head.finished,
            report_written: written.at,
        },
        technicians,
        fault: Fault { symptom: head.symptom, channel: head.channel, difficulty: head.difficulty, diagnoses, visits },
        cause: written.cause,
        work_done: WorkDone { process: written.process, plan, labour_hours: written.labour_hours },
        parts_replaced,
        under_warranty: head.under_warranty,
        inspections,
        written_by: written.author,
        signature: None,
        issuer,
        charges: Some(charges),
    })
}

/// Parts used (net of returns, per part and lot) at the unit price their latest plan
/// gave them, as the report's estimate check values them; labour at the labour rate.
fn charges(
    lines: Vec<store::ChargeLine>,
    under_warranty: bool,
    hours: Option<&str>,
    labour_rate: Money,
) -> Result<Charges> {
    let overflow = |_| Error::invalid(m::money_too_large("…"));
    let mut parts = Vec::new();
    for store::ChargeLine { part_no, lot, qty, unit_price } in lines {
        let amount = unit_price.times(qty).map_err(overflow)?;
        parts.push(PartCharge { part_no, lot, qty, unit_price, amount });
    }
    let parts_total =
        costs::parts_cost(parts.iter().map(|p| (p.unit_price, p.qty)), under_warranty).map_err(overflow)?;
    let labour_hours = hours.unwrap_or("0").to_string();
    let labour = costs::labour_cost(labour_rate, super::tenths(&labour_hours)?).map_err(overflow)?;
    let total = costs::Costs { parts: parts_total, labour }.total().map_err(overflow)?;
    Ok(Charges { parts, parts_total, labour_hours, labour_rate, labour, total, parts_free: under_warranty })
}

impl Plan {
    /// What its lines come to (free under warranty); None past what an amount holds.
    fn lines_cost(&self, under_warranty: bool) -> Option<Money> {
        let lines = self.lines.as_deref().unwrap_or_default();
        super::costs::parts_cost(lines.iter().map(|l| (l.unit_price, l.qty)), under_warranty).ok()
    }
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The signed document as frozen (pretty JSON) and its hash.
fn freeze(code: &str, doc: &ServiceReport) -> Result<(String, String)> {
    let document =
        serde_json::to_string_pretty(doc).map_err(|e| Error::internal(m::repair_freeze_failed(code, e.to_string())))?;
    let hash = sha256(&document);
    Ok((document, hash))
}

/// The customer signs the report (R3.4.2). The document is frozen with its SHA-256;
/// the follow-up is scheduled `followup_days` later (R3.5.1). Returns the hash.
pub fn sign(tx: &Tx, code: &str, by: &str, method: &str, at: Option<DateTime<Utc>>) -> Result<String> {
    let s = state(tx.conn(), code)?;
    let next = step(code, &s.status, "sign")?;
    let by = by.trim();
    if by.is_empty() {
        return Err(Error::invalid(m::repair_sign_by_empty()));
    }
    let at = event_time(tx, at, Some(&s.last_at), "the repair's last step")?;
    let mut doc = document(tx.conn(), code)?;
    doc.signature = Some(Signature { by: by.to_string(), method: method.to_string(), at: text(at) });
    let (document, hash) = freeze(code, &doc)?;
    // The customer's class may have its own delay (R8.1.2); the class is kept with it.
    let customer = crate::ticket::customer_of(tx.conn(), s.ticket_id)?;
    let (days, class) = crate::service_class::days::followup(tx.conn(), customer)?;
    let due = (display_zone().date(at) + chrono::Days::new(days as u64)).to_string();
    let row = store::SignedRow {
        document: &document,
        sha256: &hash,
        at: &text(at),
        by,
        method,
        followup_due: &due,
        followup_class: class.as_deref(),
        status: next,
    };
    store::sign(tx, s.id, &row)?;
    let after = json!({"at": text(at), "by": by, "method": method, "sha256": hash, "followup_due": due});
    history::record(tx, "repair", code, "sign", None, Some(&after))?;
    Ok(hash)
}

/// What `svc repair verify` found.
#[derive(Debug, Serialize)]
pub struct Verification {
    pub check: &'static str,
    pub ok: bool,
    pub detail: String,
}

/// Recompute the signed report's hash, and compare the frozen document with what the
/// records give today.
pub fn verify(conn: &Connection, code: &str) -> Result<Vec<Verification>> {
    let s = state(conn, code)?;
    let Some(signed) = store::signed(conn, s.id)? else {
        return Err(Error::refused(m::repair_not_signed(code, s.status.to_string())));
    };
    let mut out = hash_checks(&signed);
    out.extend(compare(&signed.document, document(conn, code)?));
    let followup = store::followup(conn, s.id)?;
    let scheduled = store::last_recorded(conn, code, "sign")?.flatten();
    let recorded_done = store::last_recorded(conn, code, "followup")?.is_some();
    out.push(followup_check(followup, scheduled_due(scheduled.as_deref()), recorded_done));
    Ok(out)
}

/// The document's hash recomputed against the one stored beside it, and the one the
/// repair row holds against that.
fn hash_checks(signed: &store::Signed) -> Vec<Verification> {
    let (actual, stored, on_repair) = (sha256(&signed.document), &signed.sha256, &signed.on_repair);
    vec![
        Verification {
            check: "document hash",
            ok: actual == *stored,
            detail: if actual == *stored {
                actual.clone()
            } else {
                format!("stored {stored}, document hashes to {actual}")
            },
        },
        Verification {
            check: "hash on the repair",
            ok: on_repair == stored,
            detail: if on_repair == stored { "matches".into() } else { format!("repair holds {on_repair}") },
        },
    ]
}

/// The follow-up's day the signature set, from the history entry of the signing
/// (`after`, JSON); none when it is not there or not readable.
fn scheduled_due(after: Option<&str>) -> Option<String> {
    after
        .and_then(|after| serde_json::from_str::<serde_json::Value>(after).ok())
        .and_then(|v| v.get("followup_due").and_then(|d| d.as_str()).map(str::to_owned))
}

/// The follow-up signing scheduled (R3.5.1) is part of what was signed: it must still be
/// there (`row`: its day and when it was done), for the day the signature set (kept in
/// the hash-chained history: `scheduled`), and done exactly when the history says it was
/// done (`recorded_done`). A row deleted or rewritten with the triggers dropped is found
/// here.
fn followup_check(
    row: Option<(String, Option<String>)>,
    scheduled: Option<String>,
    recorded_done: bool,
) -> Verification {
    let check = "follow-up";
    let (ok, detail) = match row {
        None => (
            false,
            format!(
                "missing: the follow-up signing scheduled{} is gone (deleted around svc)",
                scheduled.map(|d| format!(" for {d}")).unwrap_or_default()
            ),
        ),
        Some((due, _)) if scheduled.as_ref().is_some_and(|s| *s != due) => {
            (false, format!("due {due}, but signing scheduled it for {}", scheduled.unwrap_or_default()))
        }
        Some((_, None)) if recorded_done => {
            (false, "the history records it done, the record says it is not (cleared around svc)".into())
        }
        Some((_, Some(done))) if !recorded_done => {
            (false, format!("done at {done} by the record, with no entry in the history (written around svc)"))
        }
        Some((due, None)) => (true, format!("due {due}")),
        Some((due, Some(done))) => (true, format!("due {due}, done {}", show_local(&done))),
    };
    Verification { check, ok, detail }
}

/// The frozen document's facts against the records' `now`. A document of the first
/// form (local-time text, zone unrecorded) is compared without its times, and says so.
fn compare(frozen: &str, now: ServiceReport) -> Vec<Verification> {
    let check = "records behind the report";
    let signed: ServiceReport = match serde_json::from_str(frozen) {
        Ok(doc) => doc,
        Err(e) => {
            return vec![Verification { check, ok: false, detail: format!("the signed document cannot be read: {e}") }]
        }
    };
    let mut out = Vec::new();
    let (signed, now) = if signed.format < FORMAT {
        out.push(Verification {
            check: "signed form",
            ok: true,
            detail: format!(
                "legacy (form {}, times frozen as local text): its times are checked by the document hash only, \
                 every other fact against the records",
                signed.format
            ),
        });
        (signed.without_times(), now.without_times())
    } else {
        (signed, now)
    };
    let (signed, mut now) = (signed.without_names(), now.without_names());
    let signed_plan = signed.work_done.plan.as_ref();
    if let (Some(then), Some(plan)) = (signed_plan.filter(|p| p.lines.is_none()), now.work_done.plan.as_mut()) {
        // Signed before the document held the plan's lines: the stored lines must still
        // come to the parts total it froze, so a price or quantity changed since is found.
        let cost = plan.lines_cost(signed.under_warranty);
        out.push(Verification {
            check: "plan lines",
            ok: cost == Some(then.parts),
            detail: match cost {
                Some(c) if c == then.parts => "the stored lines come to the signed parts total".into(),
                Some(c) => format!("the stored lines come to {c}, the signed plan to {}", then.parts),
                None => "the stored lines come to more than an amount holds".into(),
            },
        });
        plan.lines = None;
    }
    let changed = now.changed_from(&signed);
    out.push(Verification {
        check,
        ok: changed.is_empty(),
        detail: if changed.is_empty() {
            "unchanged since signing".into()
        } else {
            format!("changed since signing: {}", changed.join(", "))
        },
    });
    out
}

/// A correction to a signed report: a new record that points at the signed one.
pub fn amend(tx: &Tx, code: &str, note: &str) -> Result<()> {
    let s = state(tx.conn(), code)?;
    step(code, &s.status, "amend")?;
    let note = note.trim();
    if note.is_empty() {
        return Err(Error::invalid(m::repair_amendment_empty()));
    }
    let sha = store::signed_hash(tx.conn(), s.id)?;
    store::insert_amendment(tx, s.id, &tx.now, tx.actor, note, &sha)?;
    history::record(tx, "repair", code, "amend", None, Some(&json!({"text": note, "report_sha256": sha})))
}

/// The report to print: the signed document as signed (with its hash and any
/// amendments), or, before signing, the current draft.
#[derive(Debug, Serialize)]
pub struct Printed {
    #[serde(flatten)]
    pub report: ServiceReport,
    pub status: Status,
    pub sha256: Option<String>,
    pub amendments: Vec<Amendment>,
}

/// Whether the printed report is the signed one. Serialized as before for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    #[serde(rename = "signed")]
    Signed,
    #[serde(rename = "draft, not signed")]
    Draft,
}

/// A correction recorded after signing (UTC time, as stored).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Amendment {
    pub at: String,
    pub by: String,
    pub text: String,
}

/// The report to print, as `Printed` says. A signed document is read back as it was
/// frozen, whatever its form.
pub fn printable(conn: &Connection, code: &str) -> Result<Printed> {
    let s = state(conn, code)?;
    let (report, status, sha256) = match store::signed(conn, s.id)? {
        Some(signed) => {
            let doc = serde_json::from_str(&signed.document)
                .map_err(|e| Error::internal(m::repair_signed_unreadable(code, e.to_string())))?;
            (doc, Status::Signed, Some(signed.sha256))
        }
        None => (document(conn, code)?, Status::Draft, None),
    };
    Ok(Printed { report, status, sha256, amendments: store::amendments(conn, s.id)? })
}

/// Record the follow-up call or visit (R3.5.1).
pub struct Followup {
    pub by: String,
    pub satisfaction: i64,
    pub nps: Option<i64>,
    pub comment: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

pub fn followup(tx: &Tx, code: &str, f: &Followup) -> Result<()> {
    let s = state(tx.conn(), code)?;
    step(code, &s.status, "followup")?;
    let staff_id = crate::staff::active(tx.conn(), &f.by, |s| m::staff_inactive(s))?;
    if let Some((_, Some(done))) = store::followup(tx.conn(), s.id)? {
        return Err(Error::refused(m::repair_followed_up(code, show_local(&done))));
    }
    let signed = store::signed_at(tx.conn(), s.id)?;
    let at = event_time(tx, f.at, Some(&signed), "the customer signed")?;
    store::record_followup(tx, s.id, &text(at), staff_id, f)?;
    let after = json!({"at": text(at), "by": f.by, "satisfaction": f.satisfaction, "nps": f.nps, "comment": f.comment});
    history::record(tx, "repair", code, "followup", None, Some(&after))
}

/// From how many follow-ups on the listing asks for its pages ahead (`read_ahead`);
/// below, it reads fewer pages than the small tables it would ask for whole.
const READ_AHEAD_FROM: usize = 32;

/// One follow-up waiting to be made.
#[derive(Debug, Serialize)]
pub struct Due {
    pub repair: String,
    pub customer: String,
    pub customer_name: String,
    pub equipment: String,
    pub signed: String,
    pub due: String,
    pub days_overdue: i64,
    pub technician: Option<String>,
    #[serde(skip)]
    pub when: When,
}

pub const DUE_COLUMNS: &[&str] =
    &["repair", "customer", "customer_name", "equipment", "signed", "due", "days_overdue", "technician"];

/// Follow-ups not yet made that fall in the window (the partial index on `due` keeps
/// this fast however many repairs there are); days overdue are the due engine's.
/// Each device's serial number is read from `equipment_serial_by_id` (id and serial
/// only), not from the table's pages: a quarter of the page reads of a cold run
/// (migrations/0025_speed.sql). From a cold page cache, the pages are asked for
/// before the query reads them (`read_ahead`).
pub fn due(conn: &Connection, window: &Window, each: &mut dyn FnMut(Due) -> Result<()>) -> Result<()> {
    let last_day = window.last_day_text();
    read_ahead(conn, &last_day)?;
    store::due_followups(conn, &last_day, &mut |r| {
        each(Due {
            repair: r.repair,
            customer: r.customer,
            customer_name: r.customer_name,
            equipment: r.equipment,
            signed: show_local(&r.signed),
            due: r.when.show(),
            days_overdue: days_late(&r.when, window.today).max(0),
            technician: r.technician,
            when: r.when,
        })
    })
}

/// Ask for the pages `DUE_SQL` will read, all at once (`db::readahead`): each follow-up's
/// repair, then each repair's ticket, and the customers, device serial numbers and staff
/// whole (small tables that hundreds of follow-ups touch nearly every page of). One
/// page at a time, from a cold page cache, these were 1,100 reads one after the other.
fn read_ahead(conn: &Connection, last_day: &str) -> Result<()> {
    let repairs = store::undone_followups_repairs(conn, last_day)?;
    if repairs.len() < READ_AHEAD_FROM {
        return Ok(());
    }
    let Some(ahead) = crate::db::readahead::Readahead::open(conn) else { return Ok(()) };
    ahead.rows("repairs", &repairs);
    for small in ["customers", "equipment_serial_by_id", "staff"] {
        ahead.whole(small);
    }
    // Read from the repairs' pages just asked for: this waits for them together.
    let tickets = store::undone_followups_tickets(conn, last_day)?;
    ahead.rows("tickets", &tickets);
    Ok(())
}

/// Follow-up calls not yet made (R3.5.1), due on their day.
pub const DUE: Source = Source {
    kind: "followup",
    clause: "R3.5.1",
    about: "follow-up calls of signed repairs, due followup_days after signing",
    sql: store::DUE_SQL,
    indexes: &["followups_due", "equipment_serial_by_id"],
    find: |conn, w, each| {
        due(conn, w, &mut |d| {
            each(Found {
                subject: crate::due_words::followup(d.customer_name, d.equipment),
                code: d.repair,
                when: d.when,
                who: d.technician.or(Some(d.customer)),
            })
        })
    },
};
