//! Repairs (R3.2–R3.4, R8.2.1): from a fault ticket to the customer's signature.
//! Diagnosis, an on-site visit for a complex fault, a plan with parts, labour and an
//! estimate, the customer's consent, the work with the parts actually used, the
//! inspection against a protocol, the report, the signature. The moves are one table
//! (`FLOW`); any other move is refused (exit 4) with what must happen first.

pub mod archive;
pub mod costs;
pub mod inspection;
pub mod report;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::json;

use crate::clock::show_local;
use crate::db::{document_id, history, Tx};
use crate::error::{Error, Kind, Result, SqlContext};
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

use crate::clock::utc_text as text;

/// The staff member doing a step: the one named, else the ticket's assignee.
fn worker(tx: &Tx, s: &State, by: Option<&str>) -> Result<i64> {
    let id = match by {
        Some(code) => crate::staff::active(tx.conn(), code, |s| m::staff_inactive(s)),
        None => tx
            .query_row("SELECT assigned_to FROM tickets WHERE id = ?1", [s.ticket_id], |r| r.get::<_, Option<i64>>(0))
            .ctx("reading the ticket's technician")?
            .ok_or_else(|| Error::Msg(Kind::Usage, m::repair_who())),
    }?;
    // R2.2.1: the model's required training (a warning, or a refusal when enforced).
    crate::training::rules::check_work(tx, id, s.ticket_id)?;
    Ok(id)
}

fn set_status(tx: &Tx, id: i64, status: &str) -> Result<()> {
    tx.execute("UPDATE repairs SET status = ?2 WHERE id = ?1", params![id, status]).ctx("moving the repair on")?;
    Ok(())
}

/// Open a repair for a fault ticket; returns its code. The warranty state captured at
/// intake decides whether parts are charged.
pub fn open(tx: &Tx, ticket: &str, at: Option<DateTime<Utc>>) -> Result<String> {
    let (ticket_id, equipment_id, under_warranty) = crate::ticket::for_repair(tx.conn(), ticket)?;
    let opened: String = tx
        .query_row("SELECT opened_at FROM tickets WHERE id = ?1", [ticket_id], |r| r.get(0))
        .ctx("reading a ticket")?;
    let at = event_time(tx, at, Some(&opened), "the ticket was opened")?;
    // A code taken by an archived record (imported, or moved from another database)
    // is skipped too: a repair's code names one repair.
    let code = crate::db::next_code(tx, "repairs", "R", |c| {
        Ok(crate::repair::archive::RepairRecord::find(tx.conn(), c)?.is_some())
    })?;
    tx.execute(
        "INSERT INTO repairs(code, ticket_id, equipment_id, status, under_warranty, opened_at)
         VALUES (?1, ?2, ?3, ?6, ?4, ?5)",
        params![code, ticket_id, equipment_id, under_warranty, text(at), FLOW.start.0],
    )
    .ctx("opening a repair")?;
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
    tx.execute(
        "INSERT INTO diagnoses(repair_id, at, by_staff, finding, cause, difficulty) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![s.id, text(at), by, d.finding, d.cause, d.difficulty],
    )
    .ctx("recording a diagnosis")?;
    tx.execute("UPDATE repairs SET difficulty = ?2 WHERE id = ?1", params![s.id, d.difficulty])
        .ctx("recording the difficulty")?;
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
    tx.execute(
        "INSERT INTO visits(repair_id, at, by_staff, onsite, finding, tools) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![s.id, text(at), by, v.onsite, v.finding, v.tools],
    )
    .ctx("recording a visit")?;
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
    if s.difficulty.as_deref() == Some("complex") {
        let onsite: i64 = tx
            .query_row("SELECT count(*) FROM visits WHERE repair_id = ?1 AND onsite", [s.id], |r| r.get(0))
            .ctx("looking for an on-site visit")?;
        if onsite == 0 {
            return Err(Error::refused(m::repair_visit_first(code)));
        }
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
            None => tx
                .query_row("SELECT avg_cost FROM parts WHERE id = ?1", [part_id], |r| r.get(0))
                .ctx("reading the part's cost")?,
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
    let version: i64 = tx
        .query_row("SELECT coalesce(max(version), 0) + 1 FROM plans WHERE repair_id = ?1", [s.id], |r| r.get(0))
        .ctx("numbering the plan")?;
    let steps = serde_json::to_string(&p.steps).unwrap_or_default();
    let hours = format!("{}.{}", tenths / 10, tenths % 10);
    let plan_id: i64 = tx
        .query_row(
            "INSERT INTO plans(repair_id, version, at, steps, labour_hours, labour_cost, parts_cost, estimate, finish_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
            params![s.id, version, text(at), steps, hours, labour, parts_cost, estimate, p.finish_by],
            |r| r.get(0),
        )
        .ctx("recording a plan")?;
    for (part_id, qty, price) in &parts {
        tx.execute(
            "INSERT INTO plan_parts(plan_id, part_id, qty, unit_price) VALUES (?1, ?2, ?3, ?4)",
            params![plan_id, part_id, qty, price],
        )
        .ctx("recording a planned part")?;
    }
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
    let (plan_id, version): (i64, i64) = tx
        .query_row("SELECT id, version FROM plans WHERE repair_id = ?1 ORDER BY version DESC LIMIT 1", [s.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .ctx("finding the latest plan")?;
    tx.execute(
        "UPDATE plans SET consented_at = ?2, consented_by = ?3, consent_method = ?4 WHERE id = ?1",
        params![plan_id, text(at), by.trim(), method],
    )
    .ctx("recording consent")?;
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
    tx.execute("UPDATE repairs SET finished_at = ?2 WHERE id = ?1", params![s.id, text(at)]).ctx("ending a repair")?;
    set_status(tx, s.id, next)?;
    history::record(tx, "repair", code, "decline", None, Some(&json!({"at": text(at), "reason": reason})))
}

pub fn start(tx: &Tx, code: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = step(code, &s.status, "start")?;
    let at = event_time(tx, at, Some(&s.last_at), "the repair's last step")?;
    tx.execute("UPDATE repairs SET started_at = coalesce(started_at, ?2) WHERE id = ?1", params![s.id, text(at)])
        .ctx("starting a repair")?;
    set_status(tx, s.id, next)?;
    history::record(tx, "repair", code, "start", None, Some(&json!({"at": text(at)})))
}

/// The consented plan's allowance for a part: (planned qty, used so far).
fn allowance(tx: &Tx, repair_id: i64, part_id: i64) -> Result<(i64, i64, i64)> {
    tx.query_row(
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
    let (planned, used, version) = allowance(tx, s.id, part_id)?;
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
    tx.execute(
        "INSERT INTO part_uses(repair_id, part_id, qty, lot, at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![s.id, part_id, qty, lot, text(at), source],
    )
    .ctx("recording a part used")?;
    let after = json!({"at": text(at), "part_no": part_no, "qty": qty, "lot": lot, "source": source});
    history::record(tx, "repair", code, "use-part", None, Some(&after))
}

/// Unused parts taken back (a requisition's return): the net use goes down.
pub fn unuse_part(tx: &Tx, code: &str, part_no: &str, qty: i64, lot: Option<&str>, source: &str) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let part_id = crate::parts::stock::part_id(tx.conn(), part_no)?;
    tx.execute(
        "INSERT INTO part_uses(repair_id, part_id, qty, lot, at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![s.id, part_id, -qty, lot, tx.now, source],
    )
    .ctx("recording parts returned")?;
    let after = json!({"part_no": part_no, "qty": -qty, "lot": lot, "source": source});
    history::record(tx, "repair", code, "return-part", None, Some(&after))
}

/// A repair's status, and whether the customer has signed it (its record is frozen).
pub fn status_of(conn: &Connection, code: &str) -> Result<(String, bool)> {
    let id = document_id(conn, "repairs", "repair", "svc repair list", code)?;
    conn.query_row("SELECT status, signed_at IS NOT NULL FROM repairs WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .ctx("reading a repair's status")
}

/// The repair a requisition is for: its id and device, while it may still use parts.
pub fn for_requisition(conn: &Connection, code: &str) -> Result<(i64, i64)> {
    let s = state(conn, code)?;
    step(code, &s.status, "requisition")?;
    let equipment: i64 = conn
        .query_row("SELECT equipment_id FROM repairs WHERE id = ?1", [s.id], |r| r.get(0))
        .ctx("reading a repair")?;
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
            open_sql("r.status")
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

/// A titled sub-listing: title, headers, rows.
pub type Listing = (&'static str, Vec<&'static str>, Vec<Vec<serde_json::Value>>);

/// A repair's plans, parts used and inspections, for `svc repair show`: each as
/// (title, headers, rows).
pub fn parts_of_record(conn: &Connection, code: &str) -> Result<Vec<Listing>> {
    let s = state(conn, code)?;
    let rows = |sql: &str, n: usize| -> Result<Vec<Vec<serde_json::Value>>> {
        conn.prepare(sql)
            .and_then(|mut st| {
                st.query_map([s.id], |r| {
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
    };
    let mut plans = rows(
        "SELECT version, labour_hours, parts_cost, labour_cost, estimate, finish_by, consented_by, consent_method,
                consented_at, (SELECT group_concat(p.part_no || ' x' || pp.qty, ', ') FROM plan_parts pp
                               JOIN parts p ON p.id = pp.part_id WHERE pp.plan_id = plans.id)
           FROM plans WHERE repair_id = ?1 ORDER BY version",
        10,
    )?;
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
    let mut used = rows(
        "SELECT u.at, p.part_no, p.name, u.qty, u.lot, u.source FROM part_uses u JOIN parts p ON p.id = u.part_id
          WHERE u.repair_id = ?1 ORDER BY u.id",
        6,
    )?;
    let mut inspections = rows(
        "SELECT i.at, p.code, CASE WHEN i.passed THEN 'passed' ELSE 'FAILED' END, i.instrument FROM inspections i
           JOIN protocols p ON p.id = i.protocol_id WHERE i.repair_id = ?1 ORDER BY i.id",
        4,
    )?;
    for row in used.iter_mut().chain(inspections.iter_mut()) {
        if let Some(t) = row[0].as_str() {
            row[0] = json!(show_local(t));
        }
    }
    Ok(vec![
        (
            "plans",
            vec![
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
            ],
            plans,
        ),
        ("parts_used", vec!["at", "part_no", "name", "qty", "lot", "source"], used),
        ("inspections", vec!["at", "protocol", "result", "instrument"], inspections),
    ])
}
