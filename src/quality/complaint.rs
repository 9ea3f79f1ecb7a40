//! Complaints (R7.3): received promptly and classified (R7.3.1), investigated, resolved
//! and fed back to the customer (R7.3.2), linked to a corrective action (R7.3.3). A
//! complaint with possible patient harm is a suspected medical-device adverse event
//! with a reporting deadline (医疗器械不良事件监测和再评价管理办法: death 7 days, serious
//! injury 20 days, a group event 12 hours), counted from when the company learned of it.
//!
//! One write path (`write`) serves `svc complaint open` and the import of legacy
//! complaints, so the rules of intake and of closure hold for both.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use super::msg;
use crate::clock::{parse_instant, show_local, utc_text as text};
use crate::db::{document_code, document_id, history, Tx};
use crate::error::{Error, Result, SqlContext};
use crate::exchange::{rule, Check, Problem, Record, Stored};
use crate::records;
use crate::states::{Move, Workflow};

pub const CHANNELS: &[&str] = &["hotline", "online", "email", "visit", "letter", "regulator"];
pub const CATEGORIES: &[&str] =
    &["repair-quality", "response-time", "attitude", "parts", "product", "billing", "other"];
pub const SEVERITIES: &[&str] = &["high", "normal", "low"];
pub const HARMS: &[&str] = &["none", "possible", "serious-injury", "death"];
pub const ROOT_CAUSES: &[&str] = &["people", "method", "parts", "equipment", "environment", "other"];
pub const INFORM_METHODS: &[&str] = &["phone", "letter", "visit", "email"];
pub const RESPONSES: &[&str] = &["accepted", "disputed"];
pub const STATUSES: &[&str] = FLOW.statuses;

/// A complaint's statuses and moves (R7.3.2: closed only once the customer is told).
pub const FLOW: Workflow = Workflow {
    name: "complaint",
    table: "complaints",
    command: "complaint",
    statuses: &["open", "acknowledged", "investigating", "resolved", "informed", "closed"],
    start: ("open", "complaint open"),
    moves: &[
        Move::go("acknowledge", &["open"], "acknowledged", "a complaint is acknowledged once, while it is open")
            .command("complaint acknowledge C --by STAFF"),
        Move::go(
            "investigate",
            &["open", "acknowledged"],
            "investigating",
            "a resolved complaint goes back to investigation only when the customer disputes the outcome",
        )
        .command("complaint investigate C --finding .. --root-cause .."),
        Move::stay(
            "investigate",
            &["investigating"],
            "a resolved complaint goes back to investigation only when the customer disputes the outcome",
        )
        .command("complaint investigate C (a further finding)"),
        Move::go(
            "resolve",
            &["investigating"],
            "resolved",
            "investigate it first ('svc complaint investigate C --finding .. --root-cause ..')",
        )
        .again("inform the customer ('svc complaint inform C ..')")
        .command("complaint resolve C --solution .."),
        Move::go("inform", &["resolved"], "informed", "resolve it first ('svc complaint resolve C --solution ..')")
            .again("close it ('svc complaint close C')")
            .command("complaint inform C --customer-response accepted"),
        Move::go(
            "dispute",
            &["resolved"],
            "investigating",
            "resolve it first ('svc complaint resolve C --solution ..')",
        )
        .command("complaint inform C --customer-response disputed")
        .note("the customer disputes the outcome: the complaint is investigated again"),
        Move::go(
            "close",
            &["informed"],
            "closed",
            "the customer is told the outcome and accepts it first ('svc complaint inform C ..')",
        )
        .command("complaint close C")
        .note("also refused (exit 4) when the root cause is not `other` and no corrective action is linked"),
        Move::stay(
            "corrective",
            &["open", "acknowledged", "investigating", "resolved", "informed"],
            "a closed complaint is not changed",
        )
        .command("complaint corrective C --finding F"),
        Move::stay("report-event", &["open", "acknowledged", "investigating", "resolved", "informed", "closed"], "")
            .command("complaint report-event C --reported-on DATE --reference NO")
            .note("refused (exit 4) for a complaint that is no suspected adverse event, or reported already"),
    ],
};

/// The deadlines of a complaint, pure: acknowledgement and resolution by its severity's
/// targets (seconds), and, for a suspected adverse event, the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    pub acknowledge: i64,
    pub resolve: i64,
    pub death_days: i64,
    pub serious_days: i64,
    pub group: i64,
}

/// When a suspected adverse event must be reported, from when the company learned of
/// it: a group event (several patients, same model, short time) in hours; a death in
/// days; a serious injury, or possible serious injury or death, in more days. None
/// when no patient was possibly harmed.
pub fn report_due(harm: &str, group_event: bool, received: DateTime<Utc>, t: &Targets) -> Option<DateTime<Utc>> {
    if harm == "none" {
        return None;
    }
    let mut due = received + Duration::days(if harm == "death" { t.death_days } else { t.serious_days });
    if group_event {
        due = due.min(received + Duration::seconds(t.group));
    }
    Some(due)
}

/// The severity a complaint takes when none is given: possible harm to a patient makes it high.
pub fn default_severity(harm: &str) -> &'static str {
    if harm == "none" {
        "normal"
    } else {
        "high"
    }
}

/// Whether a complaint with this root cause needs a corrective action before it closes.
pub fn needs_corrective(root_cause: Option<&str>) -> bool {
    root_cause.is_some_and(|c| c != "other")
}

pub fn targets(conn: &Connection, severity: &str) -> Result<Targets> {
    let secs = |key: &str| -> Result<i64> {
        let v = crate::config::get(conn, key)?;
        crate::config::parse_duration(&v).ok_or_else(|| Error::internal(msg::quality_bad_setting(key, v)))
    };
    Ok(Targets {
        acknowledge: secs(&format!("complaint.{severity}.acknowledge"))?,
        resolve: secs(&format!("complaint.{severity}.resolve"))?,
        death_days: crate::config::days(conn, "adverse_event.death_days")?,
        serious_days: crate::config::days(conn, "adverse_event.serious_days")?,
        group: secs("adverse_event.group_hours")?,
    })
}

/// A complaint in canonical columns: what `open` writes, what is imported and exported.
/// Times are UTC RFC 3339 in files svc writes; local times are accepted on import.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Complaint {
    pub code: String,
    pub customer_code: String,
    pub serial_no: Option<String>,
    pub ticket_code: Option<String>,
    pub channel: String,
    pub category: String,
    pub severity: String,
    pub patient_harm: String,
    pub group_event: bool,
    pub description: String,
    pub received_at: String,
    pub acknowledged_at: Option<String>,
    pub finding: Option<String>,
    pub root_cause: Option<String>,
    pub solution: Option<String>,
    pub resolved_at: Option<String>,
    pub informed_at: Option<String>,
    pub informed_by: Option<String>,
    pub inform_method: Option<String>,
    pub customer_response: Option<String>,
    pub closed_at: Option<String>,
    pub reported_on: Option<String>,
    pub report_reference: Option<String>,
    pub corrective_finding: Option<String>,
}

const COLUMNS: &[&str] = &[
    "code",
    "customer_code",
    "serial_no",
    "ticket_code",
    "channel",
    "category",
    "severity",
    "patient_harm",
    "group_event",
    "description",
    "received_at",
    "acknowledged_at",
    "finding",
    "root_cause",
    "solution",
    "resolved_at",
    "informed_at",
    "informed_by",
    "inform_method",
    "customer_response",
    "closed_at",
    "reported_on",
    "report_reference",
    "corrective_finding",
];

fn instant(stored: &str) -> Result<DateTime<Utc>> {
    parse_instant(stored).ok_or_else(|| Error::internal(msg::quality_stored_time(stored)))
}

/// The status a complaint's facts put it in: the furthest step it has made.
fn status_of(c: &Complaint) -> &'static str {
    if c.closed_at.is_some() {
        "closed"
    } else if c.informed_at.is_some() && c.customer_response.as_deref() == Some("accepted") {
        "informed"
    } else if c.resolved_at.is_some() && c.informed_at.is_none() {
        "resolved"
    } else if c.finding.is_some() {
        "investigating"
    } else if c.acknowledged_at.is_some() {
        "acknowledged"
    } else {
        "open"
    }
}

/// The one write path of a new complaint (open and import): references resolve, times
/// are not in the future, a closed one was told to the customer, who accepted, and has
/// its corrective action when its cause asks for one.
fn write(tx: &Tx, c: &Complaint) -> Result<i64> {
    let (customer_id, _) =
        records::get::<crate::customer::Customer>(tx.conn(), &c.customer_code).map_err(|e| e.at("customer_code"))?;
    let (equipment_id, model) = match &c.serial_no {
        Some(serial) => {
            let (id, e) =
                records::get::<crate::equipment::Equipment>(tx.conn(), serial).map_err(|e| e.at("serial_no"))?;
            if e.customer_code != c.customer_code {
                return Err(Error::invalid(msg::complaint_device_other_customer(
                    serial,
                    &e.customer_code,
                    &c.customer_code,
                ))
                .at("serial_no"));
            }
            (Some(id), Some(e.model))
        }
        None => (None, None),
    };
    let ticket_id = match &c.ticket_code {
        Some(t) => Some(ticket_for_complaint(tx.conn(), t, &c.customer_code)?),
        None => None,
    };
    if c.description.trim().is_empty() {
        return Err(Error::invalid(msg::complaint_description_empty()).at("description"));
    }
    if c.group_event && c.patient_harm == "none" {
        return Err(Error::invalid(msg::complaint_group_without_harm()).at("group_event"));
    }
    let received = instant(&c.received_at)?;
    for (column, at) in [
        ("received_at", Some(&c.received_at)),
        ("acknowledged_at", c.acknowledged_at.as_ref()),
        ("resolved_at", c.resolved_at.as_ref()),
        ("informed_at", c.informed_at.as_ref()),
        ("closed_at", c.closed_at.as_ref()),
    ] {
        if let Some(at) = at {
            crate::ticket::event_time(tx, Some(instant(at)?), Some(&c.received_at), "the complaint was received")
                .map_err(|e| e.at(column))?;
        }
    }
    let informed_by = match &c.informed_by {
        Some(s) => Some(records::get::<crate::staff::Staff>(tx.conn(), s).map_err(|e| e.at("informed_by"))?.0),
        None => None,
    };
    let corrective_id = match &c.corrective_finding {
        Some(f) => Some(super::finding::id(tx.conn(), f).map_err(|e| e.at("corrective_finding"))?),
        None => None,
    };
    if c.resolved_at.is_some() && (c.solution.is_none() || c.root_cause.is_none() || c.finding.is_none()) {
        return Err(Error::invalid(msg::complaint_resolved_needs()).at("resolved_at"));
    }
    if c.informed_at.is_some() && (c.customer_response.is_none() || c.resolved_at.is_none()) {
        return Err(Error::invalid(msg::complaint_informed_needs()).at("informed_at"));
    }
    if c.closed_at.is_some() {
        if c.informed_at.is_none() || c.customer_response.as_deref() != Some("accepted") {
            return Err(Error::refused(msg::complaint_close_uninformed(&c.code)).at("closed_at"));
        }
        if needs_corrective(c.root_cause.as_deref()) && corrective_id.is_none() {
            return Err(Error::refused(msg::complaint_close_needs_corrective(
                &c.code,
                c.root_cause.clone().unwrap_or_default(),
            ))
            .at("corrective_finding"));
        }
    }
    if c.reported_on.is_some() && c.patient_harm == "none" {
        return Err(Error::invalid(msg::complaint_not_reportable(&c.code)).at("reported_on"));
    }
    let t = targets(tx.conn(), &c.severity)?;
    let ack_due = received + Duration::seconds(t.acknowledge);
    let resolve_due = received + Duration::seconds(t.resolve);
    let report = report_due(&c.patient_harm, c.group_event, received, &t);
    let acknowledged = c.acknowledged_at.clone();
    tx.prepare_cached(
        "INSERT INTO complaints(code, customer_id, equipment_id, ticket_id, model, channel, category, severity,
                patient_harm, group_event, description, received_at, status, ack_due, resolve_due, acknowledged_at,
                finding, root_cause, solution, resolved_at, informed_at, informed_by, inform_method,
                customer_response, closed_at, report_due, reported_on, report_reference, corrective_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                 ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)
         RETURNING id",
    )
    .and_then(|mut s| {
        s.query_row(
            params![
                c.code,
                customer_id,
                equipment_id,
                ticket_id,
                model,
                c.channel,
                c.category,
                c.severity,
                c.patient_harm,
                c.group_event,
                c.description.trim(),
                c.received_at,
                status_of(c),
                text(ack_due),
                text(resolve_due),
                acknowledged,
                c.finding,
                c.root_cause,
                c.solution,
                c.resolved_at,
                c.informed_at,
                informed_by,
                c.inform_method,
                c.customer_response,
                c.closed_at,
                report.map(text),
                c.reported_on,
                c.report_reference,
                corrective_id
            ],
            |r| r.get(0),
        )
    })
    .ctx("writing a complaint")
}

/// A ticket a complaint comes from: of kind `complaint`, the same customer's, and not
/// turned into a complaint before.
fn ticket_for_complaint(conn: &Connection, code: &str, customer: &str) -> Result<i64> {
    let id = document_id(conn, "tickets", "ticket", "svc ticket list", code).map_err(|e| e.at("ticket_code"))?;
    let (kind, cust): (String, String) = conn
        .query_row(
            "SELECT t.kind, c.code FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ctx("reading a ticket")?;
    if kind != "complaint" {
        return Err(Error::refused(msg::complaint_ticket_kind(code, kind)).at("ticket_code"));
    }
    if cust != customer {
        return Err(Error::invalid(msg::complaint_ticket_other_customer(code, cust, customer)).at("ticket_code"));
    }
    let taken: Option<String> = conn
        .query_row("SELECT code FROM complaints WHERE ticket_id = ?1", [id], |r| r.get(0))
        .optional()
        .ctx("looking for the ticket's complaint")?;
    if let Some(c) = taken {
        return Err(Error::refused(msg::complaint_ticket_taken(code, c)).at("ticket_code"));
    }
    Ok(id)
}

pub struct NewComplaint {
    pub customer: Option<String>,
    pub equipment: Option<String>,
    pub ticket: Option<String>,
    pub channel: String,
    pub category: String,
    pub severity: Option<String>,
    pub patient_harm: String,
    pub group_event: bool,
    pub description: String,
    pub at: Option<DateTime<Utc>>,
}

/// Receive a complaint (R7.3.1); returns its code. From a ticket of kind complaint, the
/// customer and device are the ticket's unless given.
pub fn open(tx: &Tx, n: &NewComplaint) -> Result<String> {
    let (mut customer, mut equipment) = (n.customer.clone(), n.equipment.clone());
    if let Some(t) = &n.ticket {
        let (tc, te): (String, Option<String>) = tx
            .query_row(
                "SELECT c.code, e.serial_no FROM tickets t JOIN customers c ON c.id = t.customer_id
                   LEFT JOIN equipment e ON e.id = t.equipment_id WHERE t.code = ?1",
                [t],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .ctx("reading a ticket")?
            .ok_or_else(|| Error::not_found(crate::words::m::document_not_found("ticket", t, "svc ticket list")))?;
        customer.get_or_insert(tc);
        if equipment.is_none() {
            equipment = te;
        }
    }
    let Some(customer) = customer else {
        return Err(Error::Msg(crate::error::Kind::Usage, msg::complaint_needs_customer()));
    };
    let at = crate::ticket::event_time(tx, n.at, None, "")?;
    let c = Complaint {
        code: document_code(tx, "complaints", "CP")?,
        customer_code: customer,
        serial_no: equipment,
        ticket_code: n.ticket.clone(),
        channel: n.channel.clone(),
        category: n.category.clone(),
        severity: n.severity.clone().unwrap_or_else(|| default_severity(&n.patient_harm).to_string()),
        patient_harm: n.patient_harm.clone(),
        group_event: n.group_event,
        description: n.description.trim().to_string(),
        received_at: text(at),
        acknowledged_at: None,
        finding: None,
        root_cause: None,
        solution: None,
        resolved_at: None,
        informed_at: None,
        informed_by: None,
        inform_method: None,
        customer_response: None,
        closed_at: None,
        reported_on: None,
        report_reference: None,
        corrective_finding: None,
    };
    write(tx, &c)?;
    history::record(tx, "complaint", &c.code, "open", None, Some(&c.to_json()))?;
    Ok(c.code)
}

/// What the moves read of a complaint.
struct State {
    id: i64,
    status: String,
    received_at: String,
    root_cause: Option<String>,
    corrective: Option<i64>,
    harm: String,
    reported_on: Option<String>,
    last: String,
}

fn state(conn: &Connection, code: &str) -> Result<State> {
    let id = document_id(conn, "complaints", "complaint", "svc complaint list", code)?;
    conn.query_row(
        "SELECT status, received_at, root_cause, corrective_id, patient_harm, reported_on,
                max(received_at, coalesce(acknowledged_at, ''), coalesce(resolved_at, ''), coalesce(informed_at, ''))
           FROM complaints WHERE id = ?1",
        [id],
        |r| {
            Ok(State {
                id,
                status: r.get(0)?,
                received_at: r.get(1)?,
                root_cause: r.get(2)?,
                corrective: r.get(3)?,
                harm: r.get(4)?,
                reported_on: r.get(5)?,
                last: r.get(6)?,
            })
        },
    )
    .ctx("reading a complaint")
}

fn nonempty(text: &str, what: &'static str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::invalid(msg::quality_text_empty(what)));
    }
    Ok(t.to_string())
}

/// Acknowledge receipt to the customer (the acknowledgement target stops).
pub fn acknowledge(tx: &Tx, code: &str, by: &str, note: Option<&str>, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "acknowledge")?;
    crate::staff::active(tx.conn(), by, |s| msg::quality_staff_inactive(s))?;
    let at = text(crate::ticket::event_time(tx, at, Some(&s.last), "the complaint's last step")?);
    tx.execute("UPDATE complaints SET status = ?2, acknowledged_at = ?3 WHERE id = ?1", params![s.id, next, at])
        .ctx("acknowledging a complaint")?;
    history::record(tx, "complaint", code, "acknowledge", None, Some(&json!({"at": at, "by": by, "note": note})))
}

/// Record what the investigation found and its root cause (a further finding replaces
/// the summary; every one stays in the history).
pub fn investigate(tx: &Tx, code: &str, finding: &str, root_cause: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "investigate")?;
    let finding = nonempty(finding, "--finding")?;
    let at = text(crate::ticket::event_time(tx, at, Some(&s.last), "the complaint's last step")?);
    tx.execute(
        "UPDATE complaints SET status = ?2, finding = ?3, root_cause = ?4, acknowledged_at = coalesce(acknowledged_at, ?5)
          WHERE id = ?1",
        params![s.id, next, finding, root_cause, at],
    )
    .ctx("recording an investigation")?;
    let after = json!({"at": at, "finding": finding, "root_cause": root_cause});
    history::record(tx, "complaint", code, "investigate", None, Some(&after))
}

pub fn resolve(tx: &Tx, code: &str, solution: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "resolve")?;
    let solution = nonempty(solution, "--solution")?;
    let at = text(crate::ticket::event_time(tx, at, Some(&s.last), "the complaint's last step")?);
    tx.execute(
        "UPDATE complaints SET status = ?2, solution = ?3, resolved_at = ?4, informed_at = NULL, informed_by = NULL,
                inform_method = NULL, customer_response = NULL WHERE id = ?1",
        params![s.id, next, solution, at],
    )
    .ctx("resolving a complaint")?;
    history::record(tx, "complaint", code, "resolve", None, Some(&json!({"at": at, "solution": solution})))
}

/// Tell the customer the outcome (R7.3.2). Accepted, it may close; disputed, it goes
/// back to investigation (the dispute stays in the history).
pub fn inform(
    tx: &Tx,
    code: &str,
    by: &str,
    method: &str,
    response: &str,
    note: Option<&str>,
    at: Option<DateTime<Utc>>,
) -> Result<&'static str> {
    let s = state(tx.conn(), code)?;
    FLOW.may(code, &s.status, "inform")?;
    let next = FLOW.step(code, &s.status, if response == "accepted" { "inform" } else { "dispute" })?;
    let staff = crate::staff::active(tx.conn(), by, |s| msg::quality_staff_inactive(s))?;
    let at = text(crate::ticket::event_time(tx, at, Some(&s.last), "the complaint's last step")?);
    if response == "accepted" {
        tx.execute(
            "UPDATE complaints SET status = ?2, informed_at = ?3, informed_by = ?4, inform_method = ?5,
                    customer_response = 'accepted' WHERE id = ?1",
            params![s.id, next, at, staff, method],
        )
    } else {
        tx.execute(
            "UPDATE complaints SET status = ?2, resolved_at = NULL, solution = NULL WHERE id = ?1",
            params![s.id, next],
        )
    }
    .ctx("recording what the customer was told")?;
    let after = json!({"at": at, "by": by, "method": method, "customer_response": response, "note": note});
    history::record(tx, "complaint", code, "inform", None, Some(&after))?;
    Ok(next)
}

/// Link the corrective action: an audit finding with its rectification loop (R7.3.3).
pub fn corrective(tx: &Tx, code: &str, finding: &str) -> Result<()> {
    let s = state(tx.conn(), code)?;
    FLOW.step(code, &s.status, "corrective")?;
    let fid = super::finding::id(tx.conn(), finding)?;
    tx.execute("UPDATE complaints SET corrective_id = ?2 WHERE id = ?1", params![s.id, fid])
        .ctx("linking a corrective action")?;
    history::record(tx, "complaint", code, "corrective", None, Some(&json!({"finding": finding})))
}

pub fn close(tx: &Tx, code: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "close")?;
    if needs_corrective(s.root_cause.as_deref()) && s.corrective.is_none() {
        return Err(Error::refused(msg::complaint_close_needs_corrective(code, s.root_cause.unwrap_or_default())));
    }
    let at = text(crate::ticket::event_time(tx, at, Some(&s.last), "the complaint's last step")?);
    tx.execute("UPDATE complaints SET status = ?2, closed_at = ?3 WHERE id = ?1", params![s.id, next, at])
        .ctx("closing a complaint")?;
    history::record(tx, "complaint", code, "close", None, Some(&json!({"at": at})))
}

/// Record the report of a suspected adverse event to the monitoring authority.
pub fn report_event(tx: &Tx, code: &str, reported_on: &str, reference: &str) -> Result<()> {
    let s = state(tx.conn(), code)?;
    FLOW.step(code, &s.status, "report-event")?;
    if s.harm == "none" {
        return Err(Error::refused(msg::complaint_not_reportable(code)));
    }
    if let Some(on) = s.reported_on {
        return Err(Error::refused(msg::complaint_reported_already(code, on)));
    }
    let reference = nonempty(reference, "--reference")?;
    crate::ticket::event_day(tx, reported_on)?;
    let received_day = crate::clock::local_day(instant(&s.received_at)?).to_string();
    if reported_on < received_day.as_str() {
        return Err(Error::invalid(msg::complaint_reported_before(code, reported_on, received_day)));
    }
    tx.execute(
        "UPDATE complaints SET reported_on = ?2, report_reference = ?3 WHERE id = ?1",
        params![s.id, reported_on, reference],
    )
    .ctx("recording an adverse-event report")?;
    let after = json!({"reported_on": reported_on, "reference": reference});
    history::record(tx, "complaint", code, "report-event", None, Some(&after))
}

/// One line of `svc complaint list`.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub code: String,
    pub received: String,
    pub customer: String,
    pub model: Option<String>,
    pub category: String,
    pub severity: String,
    pub status: String,
    pub root_cause: Option<String>,
    pub ack_due: String,
    pub resolve_due: String,
    pub adverse_event: String,
    pub report_due: Option<String>,
    pub corrective: Option<String>,
    pub overdue: String,
}

pub const LIST_COLUMNS: &[&str] = &[
    "code",
    "received",
    "customer",
    "model",
    "category",
    "severity",
    "status",
    "root_cause",
    "ack_due",
    "resolve_due",
    "adverse_event",
    "report_due",
    "corrective",
    "overdue",
];

#[derive(Debug, Default)]
pub struct Filter {
    pub status: Option<String>,
    pub open: bool,
    pub category: Option<String>,
    pub root_cause: Option<String>,
    pub model: Option<String>,
    pub customer: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Acknowledgement or resolution past due at this time (UTC text).
    pub overdue_at: Option<String>,
    /// Suspected adverse events not reported yet.
    pub reportable: bool,
    pub limit: Option<u64>,
}

const LIST_SQL: &str = "SELECT p.code, p.received_at, c.code, p.model, p.category, p.severity, p.status, p.root_cause,
        p.ack_due, p.resolve_due, p.patient_harm, p.group_event, p.report_due, p.reported_on, f.code,
        p.acknowledged_at, p.resolved_at
   FROM complaints p JOIN customers c ON c.id = p.customer_id LEFT JOIN findings f ON f.id = p.corrective_id
  WHERE (?1 IS NULL OR p.status = ?1) AND (?2 = 0 OR p.status <> 'closed') AND (?3 IS NULL OR p.category = ?3)
    AND (?4 IS NULL OR p.root_cause = ?4) AND (?5 IS NULL OR p.model = ?5) AND (?6 IS NULL OR c.code = ?6)
    AND (?7 IS NULL OR p.received_at >= ?7) AND (?8 IS NULL OR p.received_at < ?8)
    AND (?9 IS NULL OR (p.acknowledged_at IS NULL AND p.status = 'open' AND p.ack_due < ?9)
                    OR (p.resolved_at IS NULL AND p.status <> 'closed' AND p.resolve_due < ?9))
    AND (?10 = 0 OR (p.patient_harm <> 'none' AND p.reported_on IS NULL))
  ORDER BY p.received_at, p.code LIMIT ?11";

pub fn list(conn: &Connection, f: &Filter, now: &str, each: &mut dyn FnMut(Line) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        LIST_SQL,
        params![
            f.status,
            f.open,
            f.category,
            f.root_cause,
            f.model,
            f.customer,
            f.since,
            f.until,
            f.overdue_at,
            f.reportable,
            limit
        ],
        "listing complaints",
        |r| {
            let harm: String = r.get(10)?;
            let group: bool = r.get(11)?;
            let report_due: Option<String> = r.get(12)?;
            let reported: Option<String> = r.get(13)?;
            let ack_due: String = r.get(8)?;
            let resolve_due: String = r.get(9)?;
            let status: String = r.get(6)?;
            let acknowledged: Option<String> = r.get(15)?;
            let resolved: Option<String> = r.get(16)?;
            let mut overdue = Vec::new();
            if acknowledged.is_none() && status == "open" && crate::due::past(&ack_due, now) {
                overdue.push("acknowledge");
            }
            if resolved.is_none() && status != "closed" && crate::due::past(&resolve_due, now) {
                overdue.push("resolve");
            }
            if reported.is_none() && report_due.as_deref().is_some_and(|d| crate::due::past(d, now)) {
                overdue.push("report");
            }
            let adverse_event = match (harm.as_str(), reported) {
                ("none", _) => String::new(),
                (h, Some(on)) => format!("{h}{}: reported {on}", if group { " (group)" } else { "" }),
                (h, None) => format!("{h}{}: to report", if group { " (group)" } else { "" }),
            };
            Ok(Line {
                code: r.get(0)?,
                received: show_local(&r.get::<_, String>(1)?),
                customer: r.get(2)?,
                model: r.get(3)?,
                category: r.get(4)?,
                severity: r.get(5)?,
                status,
                root_cause: r.get(7)?,
                ack_due: show_local(&ack_due),
                resolve_due: show_local(&resolve_due),
                adverse_event,
                report_due: report_due.map(|d| show_local(&d)),
                corrective: r.get(14)?,
                overdue: overdue.join("+"),
            })
        },
        each,
    )
}

/// A complaint's fields for `show`.
pub fn detail(conn: &Connection, code: &str, now: &str) -> Result<Vec<(&'static str, serde_json::Value)>> {
    let (_, c) = records::get::<Complaint>(conn, code)?;
    let mut line = None;
    let f = Filter { customer: Some(c.customer_code.clone()), ..Default::default() };
    list(conn, &f, now, &mut |l| {
        if l.code == code {
            line = Some(l);
        }
        Ok(())
    })?;
    let mut fields: Vec<(&'static str, serde_json::Value)> = Vec::new();
    if let Some(l) = line {
        fields.extend(LIST_COLUMNS.iter().copied().zip(crate::output::row_of(LIST_COLUMNS, &l)));
    }
    let show = |t: &Option<String>| json!(t.as_deref().map(show_local));
    fields.extend([
        ("equipment", json!(c.serial_no)),
        ("ticket", json!(c.ticket_code)),
        ("channel", json!(c.channel)),
        ("patient_harm", json!(c.patient_harm)),
        ("description", json!(c.description)),
        ("acknowledged", show(&c.acknowledged_at)),
        ("finding", json!(c.finding)),
        ("solution", json!(c.solution)),
        ("resolved", show(&c.resolved_at)),
        ("informed", show(&c.informed_at)),
        ("informed_by", json!(c.informed_by)),
        ("inform_method", json!(c.inform_method)),
        ("customer_response", json!(c.customer_response)),
        ("closed", show(&c.closed_at)),
        ("report_reference", json!(c.report_reference)),
    ]);
    Ok(fields)
}

const SELECT: &str = "SELECT p.code, c.code, e.serial_no, t.code, p.channel, p.category, p.severity, p.patient_harm,
        p.group_event, p.description, p.received_at, p.acknowledged_at, p.finding, p.root_cause, p.solution,
        p.resolved_at, p.informed_at, s.code, p.inform_method, p.customer_response, p.closed_at, p.reported_on,
        p.report_reference, f.code, p.id
   FROM complaints p JOIN customers c ON c.id = p.customer_id LEFT JOIN equipment e ON e.id = p.equipment_id
   LEFT JOIN tickets t ON t.id = p.ticket_id LEFT JOIN staff s ON s.id = p.informed_by
   LEFT JOIN findings f ON f.id = p.corrective_id";

fn read(r: &rusqlite::Row) -> rusqlite::Result<(i64, Complaint)> {
    Ok((
        r.get(24)?,
        Complaint {
            code: r.get(0)?,
            customer_code: r.get(1)?,
            serial_no: r.get(2)?,
            ticket_code: r.get(3)?,
            channel: r.get(4)?,
            category: r.get(5)?,
            severity: r.get(6)?,
            patient_harm: r.get(7)?,
            group_event: r.get(8)?,
            description: r.get(9)?,
            received_at: r.get(10)?,
            acknowledged_at: r.get(11)?,
            finding: r.get(12)?,
            root_cause: r.get(13)?,
            solution: r.get(14)?,
            resolved_at: r.get(15)?,
            informed_at: r.get(16)?,
            informed_by: r.get(17)?,
            inform_method: r.get(18)?,
            customer_response: r.get(19)?,
            closed_at: r.get(20)?,
            reported_on: r.get(21)?,
            report_reference: r.get(22)?,
            corrective_finding: r.get(23)?,
        },
    ))
}

impl Record for Complaint {
    const ENTITY: &'static str = "complaint";
    const PLURAL: &'static str = "complaints";
    const COLUMNS: &'static [&'static str] = COLUMNS;
    const REQUIRED: &'static [&'static str] =
        &["code", "customer_code", "channel", "category", "description", "received_at"];

    fn parse(c: &mut Check) -> Self {
        let received_at = c.instant("received_at");
        if received_at.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("received_at")) {
            c.problems.push(Problem::new("received_at", msg::complaint_received_missing().to_string()));
        }
        let received = received_at.clone().unwrap_or_default();
        let later = |c: &mut Check, col: &str| {
            let t = c.instant(col);
            if t.as_deref().is_some_and(|t| t < received.as_str()) {
                c.problems.push(Problem::new(col, msg::complaint_before_received(col).to_string()));
            }
            t
        };
        let acknowledged_at = later(c, "acknowledged_at");
        let resolved_at = later(c, "resolved_at");
        let informed_at = later(c, "informed_at");
        let closed_at = later(c, "closed_at");
        let harm = c.choice("patient_harm", HARMS, Some("none"));
        let severity = c.choice("severity", SEVERITIES, Some(default_severity(&harm)));
        Complaint {
            code: c.key("code"),
            customer_code: c.key("customer_code"),
            serial_no: c.text("serial_no"),
            ticket_code: c.text("ticket_code"),
            channel: c.choice("channel", CHANNELS, None),
            category: c.choice("category", CATEGORIES, None),
            severity,
            patient_harm: harm,
            group_event: c.boolean("group_event", false),
            description: c.required("description"),
            received_at: received,
            acknowledged_at,
            finding: c.text("finding"),
            root_cause: optional_choice(c, "root_cause", ROOT_CAUSES),
            solution: c.text("solution"),
            resolved_at,
            informed_at,
            informed_by: c.text("informed_by"),
            inform_method: optional_choice(c, "inform_method", INFORM_METHODS),
            customer_response: optional_choice(c, "customer_response", RESPONSES),
            closed_at,
            reported_on: c.date("reported_on"),
            report_reference: c.text("report_reference"),
            corrective_finding: c.text("corrective_finding"),
        }
    }

    fn key(&self) -> String {
        self.code.clone()
    }
}

/// One of a fixed set of words, or nothing when the column is empty.
fn optional_choice(c: &mut Check, column: &str, allowed: &[&str]) -> Option<String> {
    let v = c.text(column)?;
    let lower = v.trim().to_lowercase();
    if allowed.contains(&lower.as_str()) {
        Some(lower)
    } else {
        c.problems.push(Problem::new(column, msg::quality_not_one_of(v, allowed.join(", ")).to_string()));
        None
    }
}

impl Stored for Complaint {
    const TABLE: &'static str = "complaints";
    const LIST_COMMAND: &'static str = "svc complaint list";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        conn.prepare_cached(&format!("{SELECT} WHERE p.code = ?1"))
            .and_then(|mut s| s.query_row([key], read).optional())
            .ctx("looking up a complaint")
    }

    /// An imported complaint goes through the same write as `open`.
    fn insert(tx: &Tx, c: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        rule(write(tx, c))
    }

    fn update(_tx: &Tx, _id: i64, c: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        Ok(Err(Problem::new("code", msg::complaint_exists(&c.code).to_string())))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        crate::db::each_row(
            conn,
            &format!("{SELECT} ORDER BY p.code"),
            [],
            "exporting complaints",
            read,
            &mut |(_, c)| each(c),
        )
    }
}

/// What complaints are grouped by in statistics (R7.3.3).
pub const GROUPS: &[&str] = &["category", "root-cause", "model", "customer", "month", "severity"];

/// One group of `svc complaint stats`.
#[derive(Debug, Clone, Serialize)]
pub struct Stat {
    pub group: String,
    pub complaints: i64,
    pub closed: i64,
    pub open: i64,
    pub with_corrective: i64,
    pub adverse_events: i64,
    pub avg_days_to_close: Option<String>,
}

pub const STAT_COLUMNS: &[&str] =
    &["group", "complaints", "closed", "open", "with_corrective", "adverse_events", "avg_days_to_close"];

/// Complaints counted by `by` (one of `GROUPS`) over the period (received_at, UTC text):
/// the patterns and causes R7.3.3 asks to be analysed, most complaints first.
pub fn stats(
    conn: &Connection,
    by: &str,
    since: Option<&str>,
    until: Option<&str>,
    each: &mut dyn FnMut(Stat) -> Result<()>,
) -> Result<()> {
    // The grouping expression is chosen from a fixed list, never pasted from input.
    let group = match by {
        "root-cause" => "coalesce(p.root_cause, '(not investigated)')",
        "model" => "coalesce(p.model, '(no device)')",
        "customer" => "c.code",
        "month" => "substr(p.received_at, 1, 7)",
        "severity" => "p.severity",
        _ => "p.category",
    };
    let sql = format!(
        "SELECT {group}, count(*), sum(p.status = 'closed'), sum(p.status <> 'closed'), sum(p.corrective_id IS NOT NULL),
                sum(p.patient_harm <> 'none'),
                avg(CASE WHEN p.closed_at IS NOT NULL THEN julianday(p.closed_at) - julianday(p.received_at) END)
           FROM complaints p JOIN customers c ON c.id = p.customer_id
          WHERE (?1 IS NULL OR p.received_at >= ?1) AND (?2 IS NULL OR p.received_at < ?2)
          GROUP BY 1 ORDER BY 2 DESC, 1"
    );
    crate::db::each_row(
        conn,
        &sql,
        params![since, until],
        "counting complaints",
        |r| {
            Ok(Stat {
                group: r.get(0)?,
                complaints: r.get(1)?,
                closed: r.get(2)?,
                open: r.get(3)?,
                with_corrective: r.get(4)?,
                adverse_events: r.get(5)?,
                avg_days_to_close: r.get::<_, Option<f64>>(6)?.map(|d| format!("{d:.1}")),
            })
        },
        each,
    )
}

const ACK_SQL: &str = "SELECT p.code, 'acknowledge complaint: ' || p.category, p.ack_due, c.code
   FROM complaints p JOIN customers c ON c.id = p.customer_id
  WHERE p.acknowledged_at IS NULL AND p.ack_due < ?1 AND p.status = 'open'
 UNION ALL
 SELECT p.code, 'resolve complaint: ' || p.category, p.resolve_due, c.code
   FROM complaints p JOIN customers c ON c.id = p.customer_id
  WHERE p.resolved_at IS NULL AND p.resolve_due < ?1 AND p.status <> 'closed'";

/// Complaints not acknowledged or not resolved by their severity's targets (R7.3.1-2).
pub const DUE: crate::due::Source = crate::due::Source {
    kind: "complaint",
    clause: "R7.3",
    about: "complaints to acknowledge and to resolve, by their severity's targets",
    sql: ACK_SQL,
    indexes: &["complaints_ack_due", "complaints_resolve_due"],
    find: |conn, w, each| crate::due::rows(conn, ACK_SQL, w.until_text(), each),
};

const EVENT_SQL: &str = "SELECT p.code, 'report suspected adverse event: ' || p.patient_harm, p.report_due, c.code
   FROM complaints p JOIN customers c ON c.id = p.customer_id
  WHERE p.reported_on IS NULL AND p.report_due < ?1";

/// Suspected medical-device adverse events not reported yet, by their legal deadline.
pub const EVENT_DUE: crate::due::Source = crate::due::Source {
    kind: "adverse-event",
    clause: "R7.3",
    about: "suspected adverse events to report to the monitoring authority (death 7 d, serious 20 d, group 12 h)",
    sql: EVENT_SQL,
    indexes: &["complaints_report_due"],
    find: |conn, w, each| crate::due::rows(conn, EVENT_SQL, w.until_text(), each),
};

#[cfg(test)]
mod tests {
    use super::*;

    const T: Targets = Targets { acknowledge: 3600, resolve: 86400, death_days: 7, serious_days: 20, group: 12 * 3600 };

    fn at(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap()
    }

    #[test]
    fn r7_3_adverse_event_deadlines_follow_the_harm() {
        let r = at("2026-03-05T02:00:00Z");
        assert_eq!(report_due("none", false, r, &T), None);
        assert_eq!(report_due("death", false, r, &T), Some(at("2026-03-12T02:00:00Z")));
        assert_eq!(report_due("serious-injury", false, r, &T), Some(at("2026-03-25T02:00:00Z")));
        assert_eq!(report_due("possible", false, r, &T), Some(at("2026-03-25T02:00:00Z")));
        assert_eq!(report_due("possible", true, r, &T), Some(at("2026-03-05T14:00:00Z")));
    }

    #[test]
    fn a_cause_other_than_other_needs_a_corrective_action() {
        assert!(needs_corrective(Some("people")));
        assert!(!needs_corrective(Some("other")));
        assert!(!needs_corrective(None));
        assert_eq!(default_severity("possible"), "high");
        assert_eq!(default_severity("none"), "normal");
    }
}
