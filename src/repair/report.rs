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

use chrono::{DateTime, Utc};
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::costs;
use super::inspection::Judged;
use super::{state, step, worker};
use crate::clock::{display_zone, show_local};
use crate::db::{history, Tx};
use crate::due::{days_late, Found, Source, When, Window};
use crate::error::{Error, Result, SqlContext};
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
    let failing: Option<String> = tx
        .query_row(
            "SELECT p.code FROM inspections i JOIN protocols p ON p.id = i.protocol_id
              WHERE i.repair_id = ?1 AND NOT i.passed
                AND i.id = (SELECT max(id) FROM inspections WHERE repair_id = ?1 AND protocol_id = i.protocol_id)
              LIMIT 1",
            [s.id],
            |r| r.get(0),
        )
        .optional()
        .ctx("checking the inspections")?;
    if let Some(p) = failing {
        return Err(Error::refused(m::repair_inspection_failed(code, p)));
    }
    if r.cause.trim().is_empty() || r.process.trim().is_empty() {
        return Err(Error::invalid(m::repair_report_no_cause()));
    }
    let (estimate, version): (Money, i64) = tx
        .query_row(
            "SELECT estimate, version FROM plans WHERE repair_id = ?1 AND consented_at IS NOT NULL
              ORDER BY version DESC LIMIT 1",
            [s.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ctx("reading the consented plan")?;
    {
        let hours = &r.labour_hours;
        let labour = costs::labour_cost(crate::config::labour_rate(tx.conn())?, super::tenths(hours)?)?;
        // Each part used at the price its latest plan gave it (none when no plan named it).
        let used: Vec<(Money, i64)> = tx
            .prepare(
                "SELECT coalesce((SELECT pp.unit_price FROM plans p JOIN plan_parts pp ON pp.plan_id = p.id
                         WHERE p.repair_id = u.repair_id AND pp.part_id = u.part_id ORDER BY p.version DESC LIMIT 1), 0),
                        u.qty
                   FROM part_uses u WHERE u.repair_id = ?1",
            )
            .and_then(|mut st| st.query_map([s.id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .ctx("valuing the parts used")?;
        let parts = costs::parts_cost(used, s.under_warranty)?;
        if (costs::Costs { parts, labour }).past(estimate)? {
            return Err(Error::refused(m::repair_past_estimate(
                code,
                parts.to_string(),
                labour.to_string(),
                hours,
                estimate.to_string(),
                version,
            )));
        }
    }
    let by = worker(tx, &s, r.by.as_deref())?;
    let at = event_time(tx, r.at, Some(&s.last_at), "the repair's last step")?;
    let version: i64 = tx
        .query_row("SELECT coalesce(max(version), 0) + 1 FROM reports WHERE repair_id = ?1", [s.id], |r| r.get(0))
        .ctx("numbering the report")?;
    tx.execute(
        "INSERT INTO reports(repair_id, version, at, by_staff, cause, process, labour_hours)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![s.id, version, text(at), by, r.cause.trim(), r.process.trim(), r.labour_hours],
    )
    .ctx("writing the report")?;
    super::set_status(tx, s.id, next)?;
    let after = json!({"at": text(at), "version": version, "cause": r.cause.trim(), "process": r.process.trim(),
        "labour_hours": r.labour_hours});
    history::record(tx, "repair", code, "report", None, Some(&after))?;
    Ok(version)
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
    let head = head(conn, id)?;
    let Some(written) = written(conn, id)? else {
        return Err(Error::refused(m::repair_no_report(code)));
    };
    let charges = charges(conn, id, head.under_warranty, written.labour_hours.as_deref())?;
    Ok(ServiceReport {
        format: FORMAT,
        report: format!("{}/{}", head.repair, written.version),
        repair: head.repair,
        ticket: head.ticket,
        customer: head.customer,
        device: head.device,
        dates: Dates {
            reported: head.ticket_opened,
            repair_opened: head.opened,
            started: head.started,
            finished: head.finished,
            report_written: written.at,
        },
        technicians: technicians(conn, id)?,
        fault: Fault {
            symptom: head.symptom,
            channel: head.channel,
            difficulty: head.difficulty,
            diagnoses: diagnoses(conn, id)?,
            visits: visits(conn, id)?,
        },
        cause: written.cause,
        work_done: WorkDone {
            process: written.process,
            plan: consented_plan(conn, id)?,
            labour_hours: written.labour_hours,
        },
        parts_replaced: parts_replaced(conn, id)?,
        under_warranty: head.under_warranty,
        inspections: inspections(conn, id)?,
        written_by: written.author,
        signature: None,
        issuer: issuer(conn)?,
        charges: Some(charges),
    })
}

/// The company as its settings name it; none when no setting is filled in.
fn issuer(conn: &Connection) -> Result<Option<Issuer>> {
    let get = |k: &str| crate::config::get(conn, k);
    let i = Issuer {
        name: get("company.name")?,
        address: get("company.address")?,
        phone: get("company.phone")?,
        licence: get("company.licence")?,
    };
    Ok([&i.name, &i.address, &i.phone, &i.licence].iter().any(|v| !v.is_empty()).then_some(i))
}

/// Parts used (net of returns, per part and lot) at the unit price their latest plan
/// gave them, as the report's estimate check values them; labour at the labour rate.
fn charges(conn: &Connection, id: i64, under_warranty: bool, hours: Option<&str>) -> Result<Charges> {
    let lines = all(
        conn,
        "SELECT p.part_no, coalesce(u.lot, '') AS lot, sum(u.qty),
                coalesce((SELECT pp.unit_price FROM plans pl JOIN plan_parts pp ON pp.plan_id = pl.id
                           WHERE pl.repair_id = u.repair_id AND pp.part_id = u.part_id
                           ORDER BY pl.version DESC LIMIT 1), 0)
           FROM part_uses u JOIN parts p ON p.id = u.part_id WHERE u.repair_id = ?1
          GROUP BY p.part_no, coalesce(u.lot, '') HAVING sum(u.qty) > 0 ORDER BY p.part_no, lot",
        id,
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, Money>(3)?)),
    )?;
    let overflow = |_| Error::invalid(m::money_too_large("…"));
    let mut parts = Vec::new();
    for (part_no, lot, qty, unit_price) in lines {
        let amount = unit_price.times(qty).map_err(overflow)?;
        parts.push(PartCharge { part_no, lot, qty, unit_price, amount });
    }
    let parts_total =
        costs::parts_cost(parts.iter().map(|p| (p.unit_price, p.qty)), under_warranty).map_err(overflow)?;
    let labour_hours = hours.unwrap_or("0").to_string();
    let labour_rate = crate::config::labour_rate(conn)?;
    let labour = costs::labour_cost(labour_rate, super::tenths(&labour_hours)?).map_err(overflow)?;
    let total = costs::Costs { parts: parts_total, labour }.total().map_err(overflow)?;
    Ok(Charges { parts, parts_total, labour_hours, labour_rate, labour, total, parts_free: under_warranty })
}

const BUILDING: &str = "building the report";

/// Every row `sql` gives for the repair `id`, read by `read`.
fn all<T>(conn: &Connection, sql: &str, id: i64, read: impl Fn(&Row) -> rusqlite::Result<T>) -> Result<Vec<T>> {
    let mut out = Vec::new();
    crate::db::each_row(conn, sql, [id], BUILDING, read, &mut |t| {
        out.push(t);
        Ok(())
    })?;
    Ok(out)
}

/// A column holding JSON that svc wrote (plan steps, inspection results).
fn json_column<T: DeserializeOwned>(r: &Row, i: usize) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    serde_json::from_str(&text).map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

/// The repair's ticket, customer and device.
struct Head {
    repair: String,
    ticket: String,
    customer: Party,
    device: Device,
    symptom: String,
    channel: String,
    difficulty: Option<String>,
    ticket_opened: String,
    opened: String,
    started: Option<String>,
    finished: Option<String>,
    under_warranty: bool,
}

fn head(conn: &Connection, id: i64) -> Result<Head> {
    let (mut head, ticket_id) = conn
        .query_row(
            "SELECT r.code, t.code, c.code, c.name, m.model, m.manufacturer, e.serial_no, e.registration_no,
                e.installed_on, t.id, t.channel, t.symptom, t.opened_at, r.opened_at, r.started_at,
                r.finished_at, r.under_warranty, r.difficulty
           FROM repairs r JOIN tickets t ON t.id = r.ticket_id JOIN customers c ON c.id = t.customer_id
           JOIN equipment e ON e.id = r.equipment_id JOIN models m ON m.id = e.model_id WHERE r.id = ?1",
            [id],
            |r| {
                Ok((
                    Head {
                        repair: r.get(0)?,
                        ticket: r.get(1)?,
                        customer: Party { code: r.get(2)?, name: r.get(3)? },
                        device: Device {
                            model: r.get(4)?,
                            manufacturer: r.get(5)?,
                            serial_no: r.get(6)?,
                            registration_no: r.get(7)?,
                            installed_on: r.get(8)?,
                            // Rendered from the ticket's warranty facts below.
                            warranty_at_intake: None,
                        },
                        channel: r.get(10)?,
                        symptom: r.get(11)?,
                        ticket_opened: r.get(12)?,
                        opened: r.get(13)?,
                        started: r.get(14)?,
                        finished: r.get(15)?,
                        under_warranty: r.get(16)?,
                        difficulty: r.get(17)?,
                    },
                    r.get::<_, i64>(9)?,
                ))
            },
        )
        .ctx(BUILDING)?;
    head.device.warranty_at_intake = crate::ticket::warranty_at_intake(conn, ticket_id)?;
    Ok(head)
}

/// The latest report written for a repair.
struct Written {
    version: i64,
    at: String,
    cause: String,
    process: String,
    labour_hours: Option<String>,
    author: Option<String>,
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

fn consented_plan(conn: &Connection, id: i64) -> Result<Option<Plan>> {
    let plan = conn
        .query_row(
            "SELECT version, steps, labour_hours, labour_cost, parts_cost, estimate, finish_by, consented_by,
                consent_method, consented_at, id FROM plans WHERE repair_id = ?1 AND consented_at IS NOT NULL
          ORDER BY version DESC LIMIT 1",
            [id],
            |r| {
                Ok(Plan {
                    version: r.get(0)?,
                    steps: json_column(r, 1)?,
                    labour_hours: r.get(2)?,
                    labour: r.get(3)?,
                    parts: r.get(4)?,
                    estimate: r.get(5)?,
                    finish_by: r.get(6)?,
                    consent: Consent { by: r.get(7)?, method: r.get(8)?, at: r.get(9)? },
                    lines: None,
                }
                .with_id(r.get(10)?))
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

impl Plan {
    fn with_id(self, id: i64) -> (Plan, i64) {
        (self, id)
    }

    /// What its lines come to (free under warranty); None past what an amount holds.
    fn lines_cost(&self, under_warranty: bool) -> Option<Money> {
        let lines = self.lines.as_deref().unwrap_or_default();
        super::costs::parts_cost(lines.iter().map(|l| (l.unit_price, l.qty)), under_warranty).ok()
    }
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

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The customer signs the report (R3.4.2). The document is frozen with its SHA-256;
/// the follow-up is scheduled `followup_days` later (R3.5.1). Returns the hash.
pub fn sign(tx: &Tx, code: &str, by: &str, method: &str, at: Option<DateTime<Utc>>) -> Result<String> {
    let s = state(tx.conn(), code)?;
    let next = step(code, &s.status, "sign")?;
    if by.trim().is_empty() {
        return Err(Error::invalid(m::repair_sign_by_empty()));
    }
    let at = event_time(tx, at, Some(&s.last_at), "the repair's last step")?;
    let mut doc = document(tx.conn(), code)?;
    doc.signature = Some(Signature { by: by.trim().to_string(), method: method.to_string(), at: text(at) });
    let document = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error::internal(m::repair_freeze_failed(code, e.to_string())))?;
    let hash = sha256(&document);
    tx.execute(
        "INSERT INTO signed_reports(repair_id, document, sha256, signed_at) VALUES (?1, ?2, ?3, ?4)",
        params![s.id, document, hash, text(at)],
    )
    .ctx("storing the signed report")?;
    // The customer's class may have its own delay (R8.1.2); the class is kept with it.
    let customer: i64 = tx
        .query_row("SELECT customer_id FROM tickets WHERE id = ?1", [s.ticket_id], |r| r.get(0))
        .ctx("reading the repair's customer")?;
    let (days, class) = crate::service_class::days::followup(tx.conn(), customer)?;
    let due = display_zone().date(at) + chrono::Days::new(days as u64);
    tx.execute(
        "INSERT INTO followups(repair_id, due, class) VALUES (?1, ?2, ?3)",
        params![s.id, due.to_string(), class],
    )
    .ctx("scheduling the follow-up")?;
    // The last change the repair row ever takes: from here the trigger refuses any.
    tx.execute(
        "UPDATE repairs SET status = ?6, signed_at = ?2, signed_by = ?3, sign_method = ?4, report_sha256 = ?5
          WHERE id = ?1",
        params![s.id, text(at), by.trim(), method, hash, next],
    )
    .ctx("signing the repair")?;
    let after =
        json!({"at": text(at), "by": by.trim(), "method": method, "sha256": hash, "followup_due": due.to_string()});
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
    let found: Option<(String, String, String)> = conn
        .query_row(
            "SELECT sr.document, sr.sha256, r.report_sha256 FROM signed_reports sr JOIN repairs r ON r.id = sr.repair_id
              WHERE sr.repair_id = ?1",
            [s.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<String>>(2)?.unwrap_or_default())),
        )
        .optional()
        .ctx("reading the signed report")?;
    let Some((frozen, stored, on_repair)) = found else {
        return Err(Error::refused(m::repair_not_signed(code, s.status.to_string())));
    };
    let actual = sha256(&frozen);
    let mut out = vec![
        Verification {
            check: "document hash",
            ok: actual == stored,
            detail: if actual == stored {
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
    ];
    out.extend(compare(&frozen, document(conn, code)?));
    out.push(followup_check(conn, s.id, code)?);
    Ok(out)
}

/// The follow-up signing scheduled (R3.5.1) is part of what was signed: it must still be
/// there, for the day the signature set (kept in the hash-chained history), and done
/// exactly when the history says it was done. A row deleted or rewritten with the
/// triggers dropped is found here.
fn followup_check(conn: &Connection, repair_id: i64, code: &str) -> Result<Verification> {
    let check = "follow-up";
    let row: Option<(String, Option<String>)> = conn
        .query_row("SELECT due, done_at FROM followups WHERE repair_id = ?1", [repair_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .ctx("reading the follow-up")?;
    let history = |action: &str| -> Result<Option<Option<String>>> {
        conn.query_row(
            "SELECT after FROM history WHERE entity = 'repair' AND code = ?1 AND action = ?2 ORDER BY id DESC LIMIT 1",
            params![code, action],
            |r| r.get(0),
        )
        .optional()
        .ctx("reading the repair's history")
    };
    let scheduled: Option<String> = history("sign")?
        .flatten()
        .and_then(|after| serde_json::from_str::<serde_json::Value>(&after).ok())
        .and_then(|v| v.get("followup_due").and_then(|d| d.as_str()).map(str::to_owned));
    let recorded_done = history("followup")?.is_some();
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
    Ok(Verification { check, ok, detail })
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
    if note.trim().is_empty() {
        return Err(Error::invalid(m::repair_amendment_empty()));
    }
    let sha: String = tx
        .query_row("SELECT sha256 FROM signed_reports WHERE repair_id = ?1", [s.id], |r| r.get(0))
        .ctx("reading the signed report")?;
    tx.execute(
        "INSERT INTO amendments(repair_id, at, actor, text, report_sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![s.id, tx.now, tx.actor, note.trim(), sha],
    )
    .ctx("recording an amendment")?;
    history::record(tx, "repair", code, "amend", None, Some(&json!({"text": note.trim(), "report_sha256": sha})))
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
    let signed: Option<(String, String)> = conn
        .query_row("SELECT document, sha256 FROM signed_reports WHERE repair_id = ?1", [s.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .ctx("reading the signed report")?;
    let (report, status, sha256) = match signed {
        Some((frozen, hash)) => {
            let doc = serde_json::from_str(&frozen)
                .map_err(|e| Error::internal(m::repair_signed_unreadable(code, e.to_string())))?;
            (doc, Status::Signed, Some(hash))
        }
        None => (document(conn, code)?, Status::Draft, None),
    };
    let amendments = all(conn, "SELECT at, actor, text FROM amendments WHERE repair_id = ?1 ORDER BY id", s.id, |r| {
        Ok(Amendment { at: r.get(0)?, by: r.get(1)?, text: r.get(2)? })
    })?;
    Ok(Printed { report, status, sha256, amendments })
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
    let done: Option<String> = tx
        .query_row("SELECT done_at FROM followups WHERE repair_id = ?1", [s.id], |r| r.get(0))
        .ctx("reading the follow-up")?;
    if let Some(done) = done {
        return Err(Error::refused(m::repair_followed_up(code, show_local(&done))));
    }
    let signed: String =
        tx.query_row("SELECT signed_at FROM repairs WHERE id = ?1", [s.id], |r| r.get(0)).ctx("reading a repair")?;
    let at = event_time(tx, f.at, Some(&signed), "the customer signed")?;
    tx.execute(
        "UPDATE followups SET done_at = ?2, by_staff = ?3, satisfaction = ?4, nps = ?5, comment = ?6 WHERE repair_id = ?1",
        params![s.id, text(at), staff_id, f.satisfaction, f.nps, f.comment],
    )
    .ctx("recording the follow-up")?;
    let after = json!({"at": text(at), "by": f.by, "satisfaction": f.satisfaction, "nps": f.nps, "comment": f.comment});
    history::record(tx, "repair", code, "followup", None, Some(&after))
}

const DUE_SQL: &str = "SELECT r.code, c.code, c.name, e.serial_no, r.signed_at, f.due, s.code
   FROM followups f JOIN repairs r ON r.id = f.repair_id JOIN tickets t ON t.id = r.ticket_id
   JOIN customers c ON c.id = t.customer_id JOIN equipment e INDEXED BY equipment_serial_by_id ON e.id = r.equipment_id
   LEFT JOIN staff s ON s.id = t.assigned_to
  WHERE f.done_at IS NULL AND f.due <= ?1
  ORDER BY f.due, r.code";

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
    crate::db::each_row(
        conn,
        DUE_SQL,
        [&last_day],
        "listing follow-ups",
        |r| {
            let when: When = r.get(5)?;
            Ok(Due {
                repair: r.get(0)?,
                customer: r.get(1)?,
                customer_name: r.get(2)?,
                equipment: r.get(3)?,
                signed: show_local(&r.get::<_, String>(4)?),
                due: when.show(),
                days_overdue: days_late(&when, window.today).max(0),
                technician: r.get(6)?,
                when,
            })
        },
        each,
    )
}

/// Ask for the pages `DUE_SQL` will read, all at once (`db::readahead`): each follow-up's
/// repair, then each repair's ticket, and the customers, device serial numbers and staff
/// whole (small tables that hundreds of follow-ups touch nearly every page of). One
/// page at a time, from a cold page cache, these were 1,100 reads one after the other.
fn read_ahead(conn: &Connection, last_day: &str) -> Result<()> {
    // Sorted here, not by SQL: `ORDER BY repair_id` would have SQLite read the table in
    // rowid order rather than the index of the follow-ups not done.
    let ids = |sql: &str| -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        crate::db::each_row(conn, sql, [last_day], "reading ahead for the follow-ups", |r| r.get(0), &mut |id| {
            ids.push(id);
            Ok(())
        })?;
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    };
    let repairs = ids("SELECT repair_id FROM followups WHERE done_at IS NULL AND due <= ?1")?;
    if repairs.len() < READ_AHEAD_FROM {
        return Ok(());
    }
    let Some(ahead) = crate::db::readahead::Readahead::open(conn) else { return Ok(()) };
    ahead.rows("repairs", &repairs);
    for small in ["customers", "equipment_serial_by_id", "staff"] {
        ahead.whole(small);
    }
    // Read from the repairs' pages just asked for: this waits for them together.
    let tickets = ids(
        "SELECT r.ticket_id FROM followups f JOIN repairs r ON r.id = f.repair_id WHERE f.done_at IS NULL AND f.due <= ?1",
    )?;
    ahead.rows("tickets", &tickets);
    Ok(())
}

/// Follow-up calls not yet made (R3.5.1), due on their day.
pub const DUE: Source = Source {
    kind: "followup",
    clause: "R3.5.1",
    about: "follow-up calls of signed repairs, due followup_days after signing",
    sql: DUE_SQL,
    indexes: &["followups_due", "equipment_serial_by_id"],
    find: |conn, w, each| {
        due(conn, w, &mut |d| {
            each(Found {
                subject: format!("follow up with {} on {}", d.customer_name, d.equipment),
                code: d.repair,
                when: d.when,
                who: d.technician.or(Some(d.customer)),
            })
        })
    },
};
