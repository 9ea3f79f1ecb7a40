//! Repairs (R3.2–R3.4, R8.2.1): from a fault ticket to the customer's signature.
//! Diagnosis, an on-site visit for a complex fault, a plan with parts, labour and an
//! estimate, the customer's consent, the work with the parts actually used, the
//! inspection against a protocol, the report, the signature. The moves are one table
//! (`FLOW`); any other move is refused (exit 4) with what must happen first.

pub mod archive;
pub mod costs;
pub mod inspection;
pub mod report;
mod store;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use crate::clock::show_local;
use crate::db::{history, Tx};
use crate::error::{Error, Kind, Result};
use crate::exchange::Stored;
use crate::money::Money;
use crate::parts::Part;
use crate::records;
use crate::ticket::event_time;
use crate::words::m;

pub const DIFFICULTIES: &[&str] = &["simple", "moderate", "complex"];
pub const CONSENT_METHODS: &[&str] = &["signature", "phone", "email", "wechat"];
pub const STATUSES: &[&str] = FLOW.statuses;

use crate::states::{Move, Outcome, Workflow};

/// Statuses a repair takes parts in: all but the two ends.
const WORKING: &[&str] =
    &["diagnosing", "diagnosed", "awaiting_consent", "consented", "in_repair", "inspected", "reported"];

/// A repair's statuses and moves.
pub const FLOW: Workflow = Workflow {
    name: "repair",
    table: "repairs",
    command: "repair",
    statuses: &[
        "diagnosing",
        "diagnosed",
        "awaiting_consent",
        "consented",
        "in_repair",
        "inspected",
        "reported",
        "signed",
        "declined",
    ],
    start: ("diagnosing", "repair open"),
    moves: &[
        Move::go("diagnose", &["diagnosing", "diagnosed"], "diagnosed", "the repair is past diagnosis"),
        Move::stay("visit", &["diagnosing", "diagnosed"], "the repair is past diagnosis"),
        Move::go(
            "plan",
            &["diagnosed", "awaiting_consent", "consented", "in_repair", "inspected", "reported"],
            "awaiting_consent",
            "diagnose it first ('svc repair diagnose R --finding TEXT')",
        )
        .note(
            "a complex fault without an on-site visit: \"an on-site visit with test tools comes before the plan \
             (R3.2.2)\"; a revised plan after work started needs consent and a new inspection",
        ),
        Move::choose(
            "consent",
            &["awaiting_consent"],
            &[(Outcome::NotStarted, "consented"), (Outcome::Started, "in_repair")],
            "make a plan first ('svc repair plan R ...'); consent is to the latest plan",
        ),
        Move::go("decline", &["awaiting_consent"], "declined", "a plan is declined while it awaits consent"),
        Move::go(
            "start",
            &["consented"],
            "in_repair",
            "work starts only after the customer consents to the plan (R3.3.2): \
             'svc repair consent R --by NAME --method phone'",
        ),
        Move::stay(
            "use-part",
            &["in_repair"],
            "parts are used during the work: the plan is consented and the repair started first",
        )
        .command("repair use-part, parts req issue")
        .note("beyond the consented plan: exit 4, [re-consent](#repair-start-repair-use-part-and-re-consent)"),
        Move::stay("requisition", WORKING, "a signed or declined repair takes no more parts")
            .command("parts req create --repair R"),
        Move::choose(
            "inspect",
            &["in_repair", "inspected"],
            &[(Outcome::Pass, "inspected"), (Outcome::Fail, "in_repair")],
            "the repair is started (and its work done) before it is inspected",
        ),
        Move::go(
            "report",
            &["inspected", "reported"],
            "reported",
            "the report is written after a passing inspection (R3.4.1): \
             'svc repair inspect R --protocol P --value KEY=VALUE...'",
        )
        .note(
            "also refused while the last inspection against any protocol failed, and when costs pass the consented \
             estimate",
        ),
        Move::go(
            "sign",
            &["reported"],
            "signed",
            "the customer signs the report: write it first ('svc repair report R --cause TEXT --process TEXT')",
        )
        .again("a correction to a signed report is an amendment ('svc repair amend R TEXT')"),
        Move::stay("followup", &["signed"], "the follow-up comes after the customer has signed"),
        Move::stay(
            "amend",
            &["signed"],
            "an amendment corrects a signed report; before signing, write the report again",
        ),
    ],
};

/// Whether a repair in `status` is still open: some move of `FLOW` leads it on to
/// another status. Signed and declined repairs have none; their parts are no longer
/// demand and their requisitions no longer outstanding (R4.1.1, R4.3). This and
/// `open_sql` are the one definition of "open repair".
pub fn is_open(status: &str) -> bool {
    FLOW.is_open(status)
}

/// The open statuses, in the order of `STATUSES`.
pub fn open_statuses() -> Vec<&'static str> {
    STATUSES.iter().copied().filter(|s| is_open(s)).collect()
}

/// The SQL condition "`column` holds an open status", e.g. `r.status IN ('diagnosing', ...)`.
/// Its text comes from the state table alone (constants, never user input), and an
/// `IN` list keeps the status index usable.
pub fn open_sql(column: &str) -> String {
    let quoted: Vec<String> = open_statuses().iter().map(|s| format!("'{s}'")).collect();
    format!("{column} IN ({})", quoted.join(", "))
}

/// Where a move leads from `status`, or the refusal that names what must happen first.
pub fn step(code: &str, status: &str, action: &str) -> Result<&'static str> {
    FLOW.step(code, status, action)
}

pub(crate) struct State {
    pub id: i64,
    pub status: String,
    pub ticket_id: i64,
    pub under_warranty: bool,
    pub difficulty: Option<String>,
    pub started_at: Option<String>,
    pub last_at: String,
}

pub(crate) fn state(conn: &Connection, code: &str) -> Result<State> {
    store::state(conn, code)
}

use crate::clock::utc_text as text;

/// The staff member doing a step: the one named, else the ticket's assignee.
fn worker(tx: &Tx, s: &State, by: Option<&str>) -> Result<i64> {
    let id = match by {
        Some(code) => crate::staff::active(tx.conn(), code, |s| m::staff_inactive(s)),
        None => {
            store::ticket_technician(tx.conn(), s.ticket_id)?.ok_or_else(|| Error::Msg(Kind::Usage, m::repair_who()))
        }
    }?;
    // R2.2.1: the model's required training (a warning, or a refusal when enforced).
    crate::training::rules::check_work(tx, id, s.ticket_id)?;
    Ok(id)
}

fn set_status(tx: &Tx, id: i64, status: &str) -> Result<()> {
    store::set_status(tx, id, status)
}

/// Open a repair for a fault ticket; returns its code. The warranty state captured at
/// intake decides whether parts are charged.
pub fn open(tx: &Tx, ticket: &str, at: Option<DateTime<Utc>>) -> Result<String> {
    let (ticket_id, equipment_id, under_warranty) = crate::ticket::for_repair(tx.conn(), ticket)?;
    let opened = store::ticket_opened(tx.conn(), ticket_id)?;
    let at = event_time(tx, at, Some(&opened), "the ticket was opened")?;
    // A code taken by an archived record (imported, or moved from another database)
    // is skipped too: a repair's code names one repair.
    let code = crate::db::next_code(tx, "repairs", "R", |c| {
        Ok(crate::repair::archive::RepairRecord::find(tx.conn(), c)?.is_some())
    })?;
    store::insert(tx, &code, ticket_id, equipment_id, under_warranty, &text(at), FLOW.start.0)?;
    let after = json!({"at": text(at), "ticket": ticket, "under_warranty": under_warranty});
    history::record(tx, "repair", &code, "open", None, Some(&after))?;
    history::record(tx, "ticket", ticket, "repair", None, Some(&json!({"at": text(at), "repair": code})))?;
    Ok(code)
}

pub struct Diagnosis {
    pub finding: String,
    pub cause: Option<String>,
    pub difficulty: String,
    pub by: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// A (preliminary) diagnosis (R3.2.1); a later one refines it.
pub fn diagnose(tx: &Tx, code: &str, d: &Diagnosis) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = step(code, &s.status, "diagnose")?;
    let by = worker(tx, &s, d.by.as_deref())?;
    let at = event_time(tx, d.at, Some(&s.last_at), "the repair's last step")?;
    store::diagnose(tx, s.id, &text(at), by, d)?;
    set_status(tx, s.id, next)?;
    let after = json!({"at": text(at), "finding": d.finding, "cause": d.cause, "difficulty": d.difficulty});
    history::record(tx, "repair", code, "diagnose", None, Some(&after))
}

pub struct Visit {
    pub onsite: bool,
    pub finding: String,
    pub tools: Option<String>,
    pub by: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// A visit (R3.2.2): for a complex fault, on site with test tools.
pub fn visit(tx: &Tx, code: &str, v: &Visit) -> Result<()> {
    let s = state(tx.conn(), code)?;
    step(code, &s.status, "visit")?;
    let by = worker(tx, &s, v.by.as_deref())?;
    let at = event_time(tx, v.at, Some(&s.last_at), "the repair's last step")?;
    store::visit(tx, s.id, &text(at), by, v)?;
    let after = json!({"at": text(at), "onsite": v.onsite, "finding": v.finding, "tools": v.tools});
    history::record(tx, "repair", code, "visit", None, Some(&after))
}

pub struct NewPlan {
    pub steps: Vec<String>,
    pub parts: Vec<crate::parts::LineArg>,
    pub labour_hours: String,
    pub estimate: Option<Money>,
    pub finish_by: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// Labour hours as decimal text (`2.5`) to tenths of an hour.
fn tenths(hours: &str) -> Result<i64> {
    let bad = || Error::invalid(m::repair_labour_hours(format!("{hours:?}")));
    let (whole, frac) = hours.trim().split_once('.').unwrap_or((hours.trim(), ""));
    if frac.len() > 1
        || whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    if whole.len() > 5 {
        return Err(bad());
    }
    let w: i64 = whole.parse().map_err(|_| bad())?;
    let f: i64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| bad())? };
    Ok(w * 10 + f)
}

/// A repair plan (R3.3.1): steps, parts, labour and the estimate, version N. Parts are
/// free under warranty. A new plan replaces the last for consent: work waits for it.
pub fn plan(tx: &Tx, code: &str, p: &NewPlan) -> Result<(i64, Money, Money, Money)> {
    let s = state(tx.conn(), code)?;
    let next = step(code, &s.status, "plan")?;
    if s.difficulty.as_deref() == Some("complex") && store::onsite_visits(tx.conn(), s.id)? == 0 {
        return Err(Error::refused(m::repair_visit_first(code)));
    }
    if p.steps.iter().all(|s| s.trim().is_empty()) {
        return Err(Error::invalid(m::repair_plan_no_steps()));
    }
    let at = event_time(tx, p.at, Some(&s.last_at), "the repair's last step")?;
    let tenths = tenths(&p.labour_hours)?;
    let labour = costs::labour_cost(crate::config::labour_rate(tx.conn())?, tenths)?;
    let mut parts = Vec::new();
    for l in &p.parts {
        let (part_id, part) = records::get::<Part>(tx.conn(), &l.part_no)?;
        if !part.active {
            return Err(Error::refused(m::repair_part_inactive(&l.part_no)));
        }
        if parts.iter().any(|(id, _, _)| *id == part_id) {
            return Err(Error::invalid(m::repair_part_twice(&l.part_no)));
        }
        let price = match part.unit_cost {
            Some(c) => c,
            None => store::avg_cost(tx.conn(), part_id)?,
        };
        parts.push((part_id, l.qty, price));
    }
    let parts_cost = costs::parts_cost(parts.iter().map(|(_, qty, price)| (*price, *qty)), s.under_warranty)?;
    let estimate = costs::Costs { parts: parts_cost, labour }.estimate(p.estimate).map_err(|minimum| {
        if minimum.is_none() {
            return crate::money::Overflow.into();
        }
        Error::invalid(m::repair_estimate_low(
            p.estimate.unwrap_or_default().to_string(),
            parts_cost.to_string(),
            labour.to_string(),
        ))
    })?;
    let version = store::next_plan_version(tx.conn(), s.id)?;
    let steps = serde_json::to_string(&p.steps).unwrap_or_default();
    let hours = format!("{}.{}", tenths / 10, tenths % 10);
    let row = store::NewPlanRow {
        version,
        at: &text(at),
        steps: &steps,
        hours: &hours,
        labour,
        parts_cost,
        estimate,
        finish_by: p.finish_by.as_deref(),
        parts: &parts,
    };
    store::insert_plan(tx, s.id, &row)?;
    set_status(tx, s.id, next)?;
    let lines: Vec<_> = p.parts.iter().map(|l| json!({"part_no": l.part_no, "qty": l.qty})).collect();
    let after = json!({"at": text(at), "version": version, "steps": p.steps, "parts": lines, "labour_hours": hours,
        "labour": labour, "parts_cost": parts_cost, "estimate": estimate, "finish_by": p.finish_by});
    history::record(tx, "repair", code, "plan", None, Some(&after))?;
    Ok((version, parts_cost, labour, estimate))
}

/// The customer's consent to the latest plan (R3.3.2). Work that had started goes on.
pub fn consent(tx: &Tx, code: &str, by: &str, method: &str, at: Option<DateTime<Utc>>) -> Result<i64> {
    let s = state(tx.conn(), code)?;
    let started = if s.started_at.is_some() { Outcome::Started } else { Outcome::NotStarted };
    let next = FLOW.step_by(code, &s.status, "consent", started)?;
    if by.trim().is_empty() {
        return Err(Error::invalid(m::repair_consent_by_empty()));
    }
    let at = event_time(tx, at, Some(&s.last_at), "the repair's last step")?;
    let (plan_id, version) = store::latest_plan(tx.conn(), s.id)?;
    store::consent(tx, plan_id, &text(at), by.trim(), method)?;
    set_status(tx, s.id, next)?;
    let after = json!({"at": text(at), "plan": version, "by": by.trim(), "method": method});
    history::record(tx, "repair", code, "consent", None, Some(&after))?;
    Ok(version)
}

/// The customer declines the plan: the repair ends here.
pub fn decline(tx: &Tx, code: &str, reason: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = step(code, &s.status, "decline")?;
    let at = event_time(tx, at, Some(&s.last_at), "the repair's last step")?;
    store::finish(tx, s.id, &text(at))?;
    set_status(tx, s.id, next)?;
    history::record(tx, "repair", code, "decline", None, Some(&json!({"at": text(at), "reason": reason})))
}

pub fn start(tx: &Tx, code: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = step(code, &s.status, "start")?;
    let at = event_time(tx, at, Some(&s.last_at), "the repair's last step")?;
    store::start(tx, s.id, &text(at))?;
    set_status(tx, s.id, next)?;
    history::record(tx, "repair", code, "start", None, Some(&json!({"at": text(at)})))
}

/// Record parts actually used. Beyond the consented plan (another part, or more of
/// one) is refused until a revised plan is consented: R3.3.2's re-consent, enforced.
pub fn use_part(
    tx: &Tx,
    code: &str,
    part_no: &str,
    qty: i64,
    lot: Option<&str>,
    source: Option<&str>,
    at: Option<DateTime<Utc>>,
) -> Result<()> {
    if qty <= 0 {
        return Err(Error::invalid(m::repair_part_qty(qty.to_string())));
    }
    let s = state(tx.conn(), code)?;
    step(code, &s.status, "use-part")?;
    let part_id = crate::parts::stock::part_id(tx.conn(), part_no)?;
    let (planned, used, version) = store::allowance(tx.conn(), s.id, part_id)?;
    if let Err(why) = costs::within_plan(planned, used, qty) {
        // Quantities as text: a number given by the user is shown exactly as Rust writes it.
        let msg = match why {
            costs::Reconsent::NotPlanned => m::repair_part_not_planned(part_no, version, qty.to_string(), code),
            costs::Reconsent::Beyond { planned, used } => m::repair_part_beyond_plan(
                version,
                planned.to_string(),
                part_no,
                used.to_string(),
                qty.to_string(),
                code,
            ),
        };
        return Err(Error::refused(msg));
    }
    let at = event_time(tx, at, s.started_at.as_deref(), "the repair started")?;
    let used = store::PartUse { part_id, qty, lot, at: &text(at), source };
    store::part_use(tx, s.id, &used, "recording a part used")?;
    let after = json!({"at": text(at), "part_no": part_no, "qty": qty, "lot": lot, "source": source});
    history::record(tx, "repair", code, "use-part", None, Some(&after))
}

/// Unused parts taken back (a requisition's return): the net use goes down.
pub fn unuse_part(tx: &Tx, code: &str, part_no: &str, qty: i64, lot: Option<&str>, source: &str) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let part_id = crate::parts::stock::part_id(tx.conn(), part_no)?;
    let returned = store::PartUse { part_id, qty: -qty, lot, at: &tx.now, source: Some(source) };
    store::part_use(tx, s.id, &returned, "recording parts returned")?;
    let after = json!({"part_no": part_no, "qty": -qty, "lot": lot, "source": source});
    history::record(tx, "repair", code, "return-part", None, Some(&after))
}

/// A repair's status, and whether the customer has signed it (its record is frozen).
pub fn status_of(conn: &Connection, code: &str) -> Result<(String, bool)> {
    store::status_of(conn, code)
}

/// The repair a requisition is for: its id and device, while it may still use parts.
pub fn for_requisition(conn: &Connection, code: &str) -> Result<(i64, i64)> {
    let s = state(conn, code)?;
    step(code, &s.status, "requisition")?;
    let equipment = store::equipment_of(conn, s.id)?;
    Ok((s.id, equipment))
}

/// One repair in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct RepairRow {
    pub code: String,
    pub ticket: String,
    pub customer: String,
    pub equipment: String,
    pub model: String,
    pub status: String,
    pub difficulty: Option<String>,
    pub opened: String,
    pub signed: Option<String>,
    pub technician: Option<String>,
    pub symptom: String,
}

pub const LIST_COLUMNS: &[&str] = &[
    "code",
    "ticket",
    "customer",
    "equipment",
    "model",
    "status",
    "difficulty",
    "opened",
    "signed",
    "technician",
    "symptom",
];

#[derive(Debug, Default)]
pub struct Filter {
    pub code: Option<String>,
    pub ticket: Option<String>,
    pub status: Option<String>,
    pub open: bool,
    pub customer: Option<String>,
    pub equipment: Option<String>,
    pub technician: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<u64>,
}

pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(RepairRow) -> Result<()>) -> Result<()> {
    store::list(conn, f, each)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_repairs_are_those_with_a_way_on() {
        assert_eq!(
            open_statuses(),
            ["diagnosing", "diagnosed", "awaiting_consent", "consented", "in_repair", "inspected", "reported"]
        );
        assert!(!is_open("signed") && !is_open("declined") && !is_open("no such status"));
        // The statuses that take parts (the `requisition` move) are exactly the open ones.
        assert_eq!(open_statuses(), WORKING);
        assert_eq!(open_sql("r.status").matches('\'').count(), 2 * open_statuses().len());
        assert!(open_sql("r.status").starts_with("r.status IN ('diagnosing', "));
    }

    #[test]
    fn labour_hours_in_tenths() {
        assert_eq!(tenths("2").unwrap(), 20);
        assert_eq!(tenths("2.5").unwrap(), 25);
        assert!(tenths("2.55").is_err());
        assert!(tenths("-1").is_err());
        assert!(tenths("").is_err());
    }
}

/// One repair in a device's history (`svc equipment history`, R8.2).
#[derive(Debug, Clone, Serialize)]
pub struct DeviceRepair {
    pub repair: String,
    pub ticket: String,
    pub opened: String,
    pub status: String,
    pub symptom: String,
    pub cause: Option<String>,
    pub parts: String,
    pub signed: Option<String>,
}

pub const DEVICE_COLUMNS: &[&str] = &["repair", "ticket", "opened", "status", "symptom", "cause", "parts", "signed"];

/// Every repair of a device, oldest first, with its cause and the parts it took;
/// records archived from legacy systems included (status `archived`), and its preventive
/// maintenance visits (status `maintenance`: the plan in `symptom`, the checks that
/// failed in `cause`, the ticket a failure opened in `ticket`).
pub fn device_history(conn: &Connection, serial: &str, each: &mut dyn FnMut(DeviceRepair) -> Result<()>) -> Result<()> {
    let (equipment_id, _) = records::get::<crate::equipment::Equipment>(conn, serial)?;
    store::device_history(conn, equipment_id, each)
}

/// A titled sub-listing: title, headers, rows.
pub type Listing = (&'static str, Vec<&'static str>, Vec<Vec<serde_json::Value>>);

/// A repair's plans, parts used and inspections, for `svc repair show`: each as
/// (title, headers, rows).
pub fn parts_of_record(conn: &Connection, code: &str) -> Result<Vec<Listing>> {
    let s = state(conn, code)?;
    let mut plans = store::plans(conn, s.id)?;
    for p in &mut plans {
        for i in [2, 3, 4] {
            if let Some(fen) = p[i].as_i64() {
                p[i] = json!(Money(fen));
            }
        }
        if let Some(t) = p[8].as_str() {
            p[8] = json!(show_local(t));
        }
    }
    let mut used = store::parts_used(conn, s.id)?;
    let mut inspections = store::inspections(conn, s.id)?;
    for row in used.iter_mut().chain(inspections.iter_mut()) {
        if let Some(t) = row[0].as_str() {
            row[0] = json!(show_local(t));
        }
    }
    Ok(vec![
        (SHOW_SECTIONS[0], PLAN_COLUMNS.to_vec(), plans),
        (SHOW_SECTIONS[1], PARTS_USED_COLUMNS.to_vec(), used),
        (SHOW_SECTIONS[2], INSPECTION_COLUMNS.to_vec(), inspections),
    ])
}

/// The sections of `svc repair show` after the record's fields, and their columns (a
/// table shows each by its label).
pub const SHOW_SECTIONS: &[&str] = &["plans", "parts_used", "inspections"];
pub const PLAN_COLUMNS: &[&str] = &[
    "version",
    "labour_hours",
    "parts",
    "labour",
    "estimate",
    "finish_by",
    "consented_by",
    "method",
    "consented",
    "planned_parts",
];
pub const PARTS_USED_COLUMNS: &[&str] = &["at", "part_no", "name", "qty", "lot", "source"];
pub const INSPECTION_COLUMNS: &[&str] = &["at", "protocol", "result", "instrument"];
