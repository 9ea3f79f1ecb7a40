//! Complaints (R7.3): received promptly and classified (R7.3.1), investigated, resolved
//! and fed back to the customer (R7.3.2), linked to a corrective action (R7.3.3). A
//! complaint with possible patient harm is a suspected medical-device adverse event
//! with a reporting deadline (医疗器械不良事件监测和再评价管理办法: death 7 days, serious
//! injury 20 days, a group event 12 hours), counted from when the company learned of it.
//!
//! One write path (`write`) serves `svc complaint open` and the import of legacy
//! complaints, so the rules of intake and of closure hold for both.

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::msg;
use crate::clock::{parse_instant, show_local, utc_text as text};
use crate::db::{document_code, document_id, history, Tx};
use crate::error::{Error, Result};
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
    let row = super::store::NewComplaintRow {
        c,
        customer_id,
        equipment_id,
        ticket_id,
        model: model.as_deref(),
        status: status_of(c),
        ack_due: text(ack_due),
        resolve_due: text(resolve_due),
        informed_by,
        report_due: report.map(text),
        corrective_id,
    };
    super::store::insert_complaint(tx, &row)
}

/// A ticket a complaint comes from: of kind `complaint`, the same customer's, and not
/// turned into a complaint before.
fn ticket_for_complaint(conn: &Connection, code: &str, customer: &str) -> Result<i64> {
    let id = document_id(conn, "tickets", "ticket", "svc ticket list", code).map_err(|e| e.at("ticket_code"))?;
    let (kind, cust) = super::store::ticket_kind_customer(conn, id)?;
    if kind != "complaint" {
        return Err(Error::refused(msg::complaint_ticket_kind(code, kind)).at("ticket_code"));
    }
    if cust != customer {
        return Err(Error::invalid(msg::complaint_ticket_other_customer(code, cust, customer)).at("ticket_code"));
    }
    if let Some(c) = super::store::complaint_of_ticket(conn, id)? {
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
        let (tc, te) = super::store::ticket_parties(tx.conn(), t)?
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
pub(super) struct State {
    pub id: i64,
    pub status: String,
    pub received_at: String,
    pub root_cause: Option<String>,
    pub corrective: Option<i64>,
    pub harm: String,
    pub reported_on: Option<String>,
    pub last: String,
}

fn state(conn: &Connection, code: &str) -> Result<State> {
    super::store::complaint_state(conn, code)
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
    super::store::acknowledged(tx, s.id, next, &at)?;
    history::record(tx, "complaint", code, "acknowledge", None, Some(&json!({"at": at, "by": by, "note": note})))
}

/// Record what the investigation found and its root cause (a further finding replaces
/// the summary; every one stays in the history).
pub fn investigate(tx: &Tx, code: &str, finding: &str, root_cause: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "investigate")?;
    let finding = nonempty(finding, "--finding")?;
    let at = text(crate::ticket::event_time(tx, at, Some(&s.last), "the complaint's last step")?);
    super::store::investigated(tx, s.id, next, &finding, root_cause, &at)?;
    let after = json!({"at": at, "finding": finding, "root_cause": root_cause});
    history::record(tx, "complaint", code, "investigate", None, Some(&after))
}

pub fn resolve(tx: &Tx, code: &str, solution: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "resolve")?;
    let solution = nonempty(solution, "--solution")?;
    let at = text(crate::ticket::event_time(tx, at, Some(&s.last), "the complaint's last step")?);
    super::store::resolved(tx, s.id, next, &solution, &at)?;
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
    let accepted = (response == "accepted").then_some((at.as_str(), staff, method));
    super::store::informed(tx, s.id, next, accepted)?;
    let after = json!({"at": at, "by": by, "method": method, "customer_response": response, "note": note});
    history::record(tx, "complaint", code, "inform", None, Some(&after))?;
    Ok(next)
}

/// Link the corrective action: an audit finding with its rectification loop (R7.3.3).
pub fn corrective(tx: &Tx, code: &str, finding: &str) -> Result<()> {
    let s = state(tx.conn(), code)?;
    FLOW.step(code, &s.status, "corrective")?;
    let fid = super::finding::id(tx.conn(), finding)?;
    super::store::link_corrective(tx, s.id, fid)?;
    history::record(tx, "complaint", code, "corrective", None, Some(&json!({"finding": finding})))
}

pub fn close(tx: &Tx, code: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "close")?;
    if needs_corrective(s.root_cause.as_deref()) && s.corrective.is_none() {
        return Err(Error::refused(msg::complaint_close_needs_corrective(code, s.root_cause.unwrap_or_default())));
    }
    let at = text(crate::ticket::event_time(tx, at, Some(&s.last), "the complaint's last step")?);
    super::store::close_complaint(tx, s.id, next, &at)?;
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
    super::store::event_reported(tx, s.id, reported_on, &reference)?;
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

/// A complaint as the listing reads it, before the listing's decisions (`line`).
pub(super) struct Listed {
    pub code: String,
    pub received_at: String,
    pub customer: String,
    pub model: Option<String>,
    pub category: String,
    pub severity: String,
    pub status: String,
    pub root_cause: Option<String>,
    pub ack_due: String,
    pub resolve_due: String,
    pub harm: String,
    pub group: bool,
    pub report_due: Option<String>,
    pub reported: Option<String>,
    pub corrective: Option<String>,
    pub acknowledged: Option<String>,
    pub resolved: Option<String>,
}

impl Listed {
    /// The listing's line as of `now`: which targets are overdue, the adverse event in
    /// words, times in local time.
    fn line(self, now: &str) -> Line {
        let mut overdue = Vec::new();
        if self.acknowledged.is_none() && self.status == "open" && crate::due::past(&self.ack_due, now) {
            overdue.push("acknowledge");
        }
        if self.resolved.is_none() && self.status != "closed" && crate::due::past(&self.resolve_due, now) {
            overdue.push("resolve");
        }
        if self.reported.is_none() && self.report_due.as_deref().is_some_and(|d| crate::due::past(d, now)) {
            overdue.push("report");
        }
        let group = if self.group { " (group)" } else { "" };
        let adverse_event = match (self.harm.as_str(), &self.reported) {
            ("none", _) => String::new(),
            (h, Some(on)) => format!("{h}{group}: reported {on}"),
            (h, None) => format!("{h}{group}: to report"),
        };
        Line {
            code: self.code,
            received: show_local(&self.received_at),
            customer: self.customer,
            model: self.model,
            category: self.category,
            severity: self.severity,
            status: self.status,
            root_cause: self.root_cause,
            ack_due: show_local(&self.ack_due),
            resolve_due: show_local(&self.resolve_due),
            adverse_event,
            report_due: self.report_due.map(|d| show_local(&d)),
            corrective: self.corrective,
            overdue: overdue.join("+"),
        }
    }
}

pub fn list(conn: &Connection, f: &Filter, now: &str, each: &mut dyn FnMut(Line) -> Result<()>) -> Result<()> {
    super::store::complaints(conn, f, &mut |l| each(l.line(now)))
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
        super::store::find_complaint(conn, key)
    }

    /// An imported complaint goes through the same write as `open`.
    fn insert(tx: &Tx, c: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        rule(write(tx, c))
    }

    fn update(_tx: &Tx, _id: i64, c: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        Ok(Err(Problem::new("code", msg::complaint_exists(&c.code).to_string())))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        super::store::each_complaint(conn, each)
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
    super::store::complaint_stats(conn, group, since, until, each)
}

const ACK_SQL: &str = super::store::COMPLAINTS_DUE;

/// Complaints not acknowledged or not resolved by their severity's targets (R7.3.1-2).
pub const DUE: crate::due::Source = crate::due::Source {
    kind: "complaint",
    clause: "R7.3",
    about: "complaints to acknowledge and to resolve, by their severity's targets",
    sql: ACK_SQL,
    indexes: &["complaints_ack_due", "complaints_resolve_due"],
    find: |conn, w, each| {
        // Which target is due, then the category.
        let says = |r: &rusqlite::Row| {
            let category: String = r.get(4)?;
            Ok(match r.get::<_, String>(3)?.as_str() {
                "acknowledge" => crate::due_words::complaint_ack(category),
                _ => crate::due_words::complaint_resolve(category),
            })
        };
        crate::due::rows(conn, ACK_SQL, w.until_text(), says, each)
    },
};

const EVENT_SQL: &str = super::store::EVENTS_DUE;

/// Suspected medical-device adverse events not reported yet, by their legal deadline.
pub const EVENT_DUE: crate::due::Source = crate::due::Source {
    kind: "adverse-event",
    clause: "R7.3",
    about: "suspected adverse events to report to the monitoring authority (death 7 d, serious 20 d, group 12 h)",
    sql: EVENT_SQL,
    indexes: &["complaints_report_due"],
    find: |conn, w, each| {
        let says = |r: &rusqlite::Row| Ok(crate::due_words::adverse_event(r.get::<_, String>(3)?));
        crate::due::rows(conn, EVENT_SQL, w.until_text(), says, each)
    },
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

#[cfg(test)]
mod listing_tests {
    use super::*;

    fn listed(status: &str, harm: &str, reported: Option<&str>) -> Listed {
        Listed {
            code: "CP-1".into(),
            received_at: "2026-03-01T01:00:00Z".into(),
            customer: "C1".into(),
            model: None,
            category: "quality".into(),
            severity: "major".into(),
            status: status.into(),
            root_cause: None,
            ack_due: "2026-03-02T01:00:00Z".into(),
            resolve_due: "2026-03-08T01:00:00Z".into(),
            harm: harm.into(),
            group: false,
            report_due: Some("2026-03-05T01:00:00Z".into()),
            reported: reported.map(Into::into),
            corrective: None,
            acknowledged: None,
            resolved: None,
        }
    }

    #[test]
    fn r7_3_an_open_complaint_past_every_target_is_overdue_on_each() {
        let line = listed("open", "serious", None).line("2026-03-09T00:00:00Z");
        assert_eq!(line.overdue, "acknowledge+resolve+report");
        assert_eq!(line.adverse_event, "serious: to report");
        // Before the first target: nothing overdue.
        assert_eq!(listed("open", "serious", None).line("2026-03-01T12:00:00Z").overdue, "");
    }

    #[test]
    fn r7_3_a_reported_event_and_a_closed_complaint_are_not_overdue() {
        let line = listed("closed", "serious", Some("2026-03-04")).line("2026-03-09T00:00:00Z");
        assert_eq!(line.overdue, "");
        assert_eq!(line.adverse_event, "serious: reported 2026-03-04");
        assert_eq!(listed("open", "none", None).line("2026-03-01T12:00:00Z").adverse_event, "");
    }
}
