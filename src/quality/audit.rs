//! Internal inspections (R7.2, 内部监督与检查): planned with a scope, a day and an
//! auditor; opened when held, when findings are recorded (by the machine's sampling or
//! by hand); closed with a summary. A planned inspection not held is overdue in `svc due`.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::{msg, store};
use crate::clock::utc_text as text;
use crate::db::{document_code, history, Tx};
use crate::error::{Error, Result};
use crate::states::{Move, Workflow};

pub const STATUSES: &[&str] = FLOW.statuses;

/// An inspection's statuses and moves.
pub const FLOW: Workflow = Workflow {
    name: "inspection",
    table: "audits",
    command: "audit",
    statuses: &["planned", "open", "closed", "cancelled"],
    start: ("planned", "audit plan"),
    moves: &[
        Move::go("open", &["planned"], "open", "only a planned inspection is opened")
            .again("record its findings ('svc audit sample A ..', 'svc audit finding --audit A ..')")
            .command("audit open A"),
        Move::stay("finding", &["open"], "findings are recorded while the inspection is open ('svc audit open A')")
            .command("audit sample A / audit finding --audit A"),
        Move::go("close", &["open"], "closed", "open it first ('svc audit open A')")
            .note("its findings stay open until their rectification is re-checked")
            .command("audit close A --summary .."),
        Move::go("cancel", &["planned"], "cancelled", "an inspection held is closed, not cancelled")
            .command("audit cancel A --reason .."),
    ],
};

/// Plan an inspection; returns its code.
pub fn plan(tx: &Tx, scope: &str, on: &str, auditor: &str) -> Result<String> {
    let i = Inspection {
        code: document_code(tx, "audits", "A")?,
        scope: scope.trim().to_string(),
        planned_on: on.to_string(),
        auditor: auditor.to_string(),
        status: "planned".to_string(),
        opened_at: None,
        closed_at: None,
        summary: None,
    };
    write(tx, &i)?;
    history::record(
        tx,
        "audit",
        &i.code,
        "plan",
        None,
        Some(&json!({"scope": i.scope, "on": on, "auditor": auditor})),
    )?;
    Ok(i.code)
}

/// An inspection as it moves in files (`svc audit export`, `svc export DIR`): what was
/// planned and what happened to it, in the canonical columns of `files::Inspection`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inspection {
    pub code: String,
    pub scope: String,
    pub planned_on: String,
    pub auditor: String,
    pub status: String,
    pub opened_at: Option<String>,
    pub closed_at: Option<String>,
    pub summary: Option<String>,
}

/// The one write of a new inspection, for `plan` and the import: a scope, a known auditor
/// (active for one still to be held: an inactive staff member takes no new work), and a
/// status its facts bear out, as the moves would have left it: planned (not held),
/// open (held), closed (held, with its summary), cancelled (not held, with the reason).
/// A broken rule names its column, so an import rejects the row with these words.
pub fn write(tx: &Tx, i: &Inspection) -> Result<()> {
    if i.scope.trim().is_empty() {
        return Err(Error::invalid(msg::quality_text_empty("--scope")).at("scope"));
    }
    let auditor_id = if i.status == "planned" {
        crate::staff::active(tx.conn(), &i.auditor, |s| msg::quality_staff_inactive(s))
    } else {
        crate::records::get::<crate::staff::Staff>(tx.conn(), &i.auditor).map(|(id, _)| id)
    }
    .map_err(|e| e.at("auditor"))?;
    let summary = i.summary.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let facts_hold = match i.status.as_str() {
        "planned" => i.opened_at.is_none() && i.closed_at.is_none() && summary.is_none(),
        "open" => i.opened_at.is_some() && i.closed_at.is_none(),
        "closed" => i.opened_at.is_some() && i.closed_at.is_some() && summary.is_some(),
        "cancelled" => i.opened_at.is_none() && i.closed_at.is_none() && summary.is_some(),
        _ => false,
    };
    if !facts_hold {
        return Err(Error::refused(msg::audit_status_facts(&i.code, &i.status)).at("status"));
    }
    for (column, at, after) in [("opened_at", &i.opened_at, None), ("closed_at", &i.closed_at, i.opened_at.as_deref())]
    {
        if let Some(at) = at {
            let when = crate::clock::parse_instant(at)
                .ok_or_else(|| Error::invalid(msg::quality_stored_time(at)).at(column))?;
            crate::ticket::event_time(tx, Some(when), after, "the inspection was opened").map_err(|e| e.at(column))?;
        }
    }
    store::insert_audit(tx, i, auditor_id, summary)
}

/// What the moves read of an inspection.
pub struct State {
    pub id: i64,
    pub status: String,
    pub auditor_id: i64,
    pub auditor: String,
    pub opened_at: Option<String>,
    pub closed_at: Option<String>,
}

pub fn state(conn: &Connection, code: &str) -> Result<State> {
    store::audit_state(conn, code)
}

/// The inspection is held: findings may be recorded now.
pub fn open(tx: &Tx, code: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "open")?;
    let at = text(crate::ticket::event_time(tx, at, None, "")?);
    store::open_audit(tx, s.id, next, &at)?;
    history::record(tx, "audit", code, "open", None, Some(&json!({"at": at})))
}

pub fn close(tx: &Tx, code: &str, summary: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "close")?;
    let summary = summary.trim();
    if summary.is_empty() {
        return Err(Error::invalid(msg::quality_text_empty("--summary")));
    }
    let at = text(crate::ticket::event_time(tx, at, s.opened_at.as_deref(), "the inspection was opened")?);
    store::close_audit(tx, s.id, next, &at, summary)?;
    history::record(tx, "audit", code, "close", None, Some(&json!({"at": at, "summary": summary})))
}

pub fn cancel(tx: &Tx, code: &str, reason: &str) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "cancel")?;
    if reason.trim().is_empty() {
        return Err(Error::invalid(msg::quality_text_empty("--reason")));
    }
    store::cancel_audit(tx, s.id, next, reason.trim())?;
    history::record(tx, "audit", code, "cancel", None, Some(&json!({"reason": reason.trim()})))
}

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub code: String,
    pub scope: String,
    pub planned_on: String,
    pub auditor: String,
    pub status: String,
    pub opened: Option<String>,
    pub closed: Option<String>,
    pub findings: i64,
    pub open_findings: i64,
}

pub const LIST_COLUMNS: &[&str] =
    &["code", "scope", "planned_on", "auditor", "status", "opened", "closed", "findings", "open_findings"];

#[derive(Debug, Default)]
pub struct Filter {
    pub code: Option<String>,
    pub status: Option<String>,
    /// Planned inspections whose day is before this one (YYYY-MM-DD): not held in time.
    pub overdue_before: Option<String>,
    pub limit: Option<u64>,
}

pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Line) -> Result<()>) -> Result<()> {
    store::audits(conn, f, each)
}

const DUE_SQL: &str = store::AUDITS_DUE;

/// Planned inspections, due on their day until they are opened (R7.2).
pub const DUE: crate::due::Source = crate::due::Source {
    kind: "inspection",
    clause: "R7.2",
    about: "planned internal inspections, due on their day until held",
    sql: DUE_SQL,
    indexes: &["audits_planned"],
    find: |conn, w, each| {
        let says = |r: &rusqlite::Row| Ok(crate::due_words::inspection(r.get::<_, String>(3)?));
        crate::due::rows(conn, DUE_SQL, w.last_day_text(), says, each)
    },
};
