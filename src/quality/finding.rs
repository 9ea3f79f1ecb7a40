//! Findings and their rectification (R7.2, 整改通知 / 限期整改 / 跟踪复查): a finding
//! with an owner and a deadline is a rectification notice; the owner's action is
//! re-checked by someone else; only an effective re-check closes it, a failed one sends
//! it back with a new deadline. Every round stays in `rectifications` (append-only),
//! and a trigger refuses a close without an effective re-check of the current round.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Value};

use super::msg;
use crate::clock::{local_day, parse_instant, utc_text as text};
use crate::db::{document_code, document_id, history, Tx};
use crate::error::{Error, Result};
use crate::states::{Move, Outcome, Workflow};

pub const SEVERITIES: &[&str] = &["major", "minor", "observation"];
pub const RESULTS: &[&str] = &["effective", "not-effective"];
pub const STATUSES: &[&str] = FLOW.statuses;

/// A finding's statuses and moves: the rectification loop.
pub const FLOW: Workflow = Workflow {
    name: "finding",
    table: "findings",
    command: "audit",
    statuses: &["open", "actioned", "closed"],
    start: ("open", "audit finding / audit sample"),
    moves: &[
        Move::stay("assign", &["open", "actioned"], "a closed finding is not changed")
            .command("audit assign F --owner STAFF --deadline DATE"),
        Move::go(
            "rectify",
            &["open"],
            "actioned",
            "a closed finding is not changed; a new round starts with a failed re-check",
        )
        .again("re-check it ('svc audit recheck F --by STAFF --result ..')")
        .command("audit rectify F --action .. --by STAFF")
        .note("also refused (exit 4) without an owner and deadline, or by the auditor who raised it"),
        Move::choose(
            "recheck",
            &["actioned"],
            &[(Outcome::Pass, "closed"), (Outcome::Fail, "open")],
            "record the rectification first ('svc audit rectify F --action .. --by STAFF')",
        )
        .command("audit recheck F --by STAFF --result effective|not-effective")
        .note("passed: effective; failed: not effective, back with a new deadline (--deadline)"),
    ],
};

pub fn id(conn: &Connection, code: &str) -> Result<i64> {
    document_id(conn, "findings", "finding", "svc audit findings", code)
}

pub struct NewFinding {
    pub audit: Option<String>,
    pub source: &'static str,
    pub severity: String,
    pub clause: String,
    pub record: Option<String>,
    pub description: String,
    /// Who raises it [default: the inspection's auditor].
    pub by: Option<String>,
    pub owner: Option<String>,
    pub deadline: Option<String>,
}

/// Record a finding; returns its code. Within an inspection, while it is open.
pub fn add(tx: &Tx, f: &NewFinding) -> Result<String> {
    let code = document_code(tx, "findings", "F")?;
    store(tx, &code, f, None)?;
    Ok(code)
}

/// Whose name a write takes: an active staff member's for what happens now, any known
/// one's for what a file says happened (who has left since still did it then).
fn staff_id(tx: &Tx, code: &str, imported: bool) -> Result<i64> {
    if imported {
        Ok(crate::records::get::<crate::staff::Staff>(tx.conn(), code)?.0)
    } else {
        crate::staff::active(tx.conn(), code, |s| msg::quality_staff_inactive(s))
    }
}

/// The one write of a new finding, for `add` (the commands and the sampling) and the
/// import (`raised_at` given: when a file says it was raised). The rules are the same:
/// raised while its inspection was open (for a file: between its opening and closing),
/// by someone (the auditor unless named), with a clause and a description, a deadline
/// not before the day it was raised. A broken rule names its column.
pub(super) fn store(tx: &Tx, code: &str, f: &NewFinding, raised_at: Option<&str>) -> Result<()> {
    let imported = raised_at.is_some();
    let at = raised_at.unwrap_or(&tx.now).to_string();
    let (audit_id, auditor) = match &f.audit {
        Some(a) => {
            let s = super::audit::state(tx.conn(), a).map_err(|e| e.at("audit"))?;
            if !imported {
                super::audit::FLOW.step(a, &s.status, "finding")?;
            } else if s.opened_at.as_ref().is_none_or(|o| *o > at) || s.closed_at.as_ref().is_some_and(|c| *c < at) {
                return Err(Error::refused(msg::finding_outside_audit(code, a)).at("raised_at"));
            }
            (Some(s.id), Some((s.auditor_id, s.auditor)))
        }
        None => (None, None),
    };
    let raised_by = match (&f.by, auditor) {
        (Some(by), _) => staff_id(tx, by, imported).map_err(|e| e.at("raised_by"))?,
        (None, Some((id, _))) => id,
        (None, None) => return Err(Error::Msg(crate::error::Kind::Usage, msg::finding_needs_by()).at("raised_by")),
    };
    for (what, column, text) in [("--clause", "clause", &f.clause), ("--description", "description", &f.description)] {
        if text.trim().is_empty() {
            return Err(Error::invalid(msg::quality_text_empty(what)).at(column));
        }
    }
    if let Some(at) = raised_at {
        let when = parse_instant(at).ok_or_else(|| Error::invalid(msg::quality_stored_time(at)).at("raised_at"))?;
        crate::ticket::event_time(tx, Some(when), None, "").map_err(|e| e.at("raised_at"))?;
    }
    let owner = match &f.owner {
        Some(o) => Some(staff_id(tx, o, imported).map_err(|e| e.at("owner"))?),
        None => None,
    };
    if let Some(d) = &f.deadline {
        check_deadline(d, &at).map_err(|e| e.at("deadline"))?;
    }
    let row = super::store::NewFindingRow { code, audit_id, raised_by, at: &at, owner };
    super::store::insert_finding(tx, f, &row)?;
    let after = json!({"audit": f.audit, "source": f.source, "severity": f.severity, "clause": f.clause.trim(),
        "record": f.record, "description": f.description.trim(), "owner": f.owner, "deadline": f.deadline});
    history::record(tx, "finding", code, "raise", None, Some(&after))?;
    Ok(())
}

/// A deadline is a day, not before the day it is given (`at`, a stored UTC time).
fn check_deadline(day: &str, at: &str) -> Result<()> {
    let today = local_day(parse_instant(at).unwrap_or_default()).to_string();
    if day < today.as_str() {
        return Err(Error::invalid(msg::finding_deadline_past(day, today)));
    }
    Ok(())
}

/// What the moves read of a finding.
struct State {
    id: i64,
    status: String,
    round: i64,
    raised_by: Option<String>,
    owner: Option<String>,
    deadline: Option<String>,
}

fn state(conn: &Connection, code: &str) -> Result<State> {
    let id = id(conn, code)?;
    let (status, round, raised_by, owner, deadline) = super::store::finding_state(conn, id)?;
    Ok(State { id, status, round, raised_by, owner, deadline })
}

/// Give the finding an owner and a deadline: it becomes a rectification notice.
pub fn assign(tx: &Tx, code: &str, owner: &str, deadline: &str) -> Result<()> {
    let s = state(tx.conn(), code)?;
    FLOW.step(code, &s.status, "assign")?;
    let owner_id = crate::staff::active(tx.conn(), owner, |s| msg::quality_staff_inactive(s))?;
    check_deadline(deadline, &tx.now)?;
    super::store::assign_finding(tx, s.id, owner_id, deadline)?;
    let before = json!({"owner": s.owner, "deadline": s.deadline});
    history::record(tx, "finding", code, "assign", Some(&before), Some(&json!({"owner": owner, "deadline": deadline})))
}

/// Record the action taken (整改措施). Not by the auditor who raised the finding.
pub fn rectify(tx: &Tx, code: &str, action: &str, by: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    rectify_as(tx, code, action, by, at, false)
}

/// `rectify`, and the import of an action round (`imported`: the staff member may have left since).
pub(super) fn rectify_as(
    tx: &Tx,
    code: &str,
    action: &str,
    by: &str,
    at: Option<DateTime<Utc>>,
    imported: bool,
) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "rectify")?;
    if s.owner.is_none() || s.deadline.is_none() {
        return Err(Error::refused(msg::finding_needs_owner(code)));
    }
    if s.raised_by.as_deref() == Some(by) {
        return Err(Error::refused(msg::finding_rectify_by_auditor(code, by)).at("by"));
    }
    let action = action.trim();
    if action.is_empty() {
        return Err(Error::invalid(msg::quality_text_empty("--action")).at("text"));
    }
    let staff = staff_id(tx, by, imported).map_err(|e| e.at("by"))?;
    let at = text(crate::ticket::event_time(tx, at, None, "").map_err(|e| e.at("at"))?);
    super::store::rectified(tx, s.id, s.round, &at, staff, action, next)?;
    let after = json!({"at": at, "round": s.round, "by": by, "action": action});
    history::record(tx, "finding", code, "rectify", None, Some(&after))
}

/// Re-check the action (跟踪复查): effective closes the finding; not effective sends it
/// back for another round with a new deadline. Not by whoever took the action.
pub fn recheck(
    tx: &Tx,
    code: &str,
    by: &str,
    result: &str,
    note: &str,
    deadline: Option<&str>,
    at: Option<DateTime<Utc>>,
) -> Result<&'static str> {
    recheck_as(tx, code, by, result, note, deadline, at, false)
}

/// `recheck`, and the import of a re-check round (`imported`: the staff member may have left since).
#[allow(clippy::too_many_arguments)]
pub(super) fn recheck_as(
    tx: &Tx,
    code: &str,
    by: &str,
    result: &str,
    note: &str,
    deadline: Option<&str>,
    at: Option<DateTime<Utc>>,
    imported: bool,
) -> Result<&'static str> {
    let s = state(tx.conn(), code)?;
    let effective = result == "effective";
    let next = FLOW.step_by(code, &s.status, "recheck", if effective { Outcome::Pass } else { Outcome::Fail })?;
    let staff = staff_id(tx, by, imported).map_err(|e| e.at("by"))?;
    let actor = super::store::last_action(tx.conn(), s.id, s.round)?;
    if actor.as_ref().is_some_and(|(who, _)| *who == staff) {
        return Err(Error::refused(msg::finding_recheck_by_actor(code, by)).at("by"));
    }
    let note = note.trim();
    if note.is_empty() {
        return Err(Error::invalid(msg::quality_text_empty("--note")).at("text"));
    }
    let at = text(
        crate::ticket::event_time(tx, at, actor.as_ref().map(|(_, at)| at.as_str()), "the rectification")
            .map_err(|e| e.at("at"))?,
    );
    let new_deadline = match (effective, deadline) {
        (true, _) => None,
        (false, Some(d)) => {
            check_deadline(d, &at).map_err(|e| e.at("new_deadline"))?;
            Some(d.to_string())
        }
        (false, None) => return Err(Error::invalid(msg::finding_recheck_needs_deadline(code)).at("new_deadline")),
    };
    let recheck =
        super::store::Recheck { round: s.round, at: &at, staff, note, result, new_deadline: new_deadline.as_deref() };
    super::store::rechecked(tx, s.id, &recheck, next)?;
    let after = json!({"at": at, "round": s.round, "by": by, "result": result, "note": note, "deadline": new_deadline});
    history::record(tx, "finding", code, "recheck", None, Some(&after))?;
    Ok(next)
}

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub code: String,
    pub audit: Option<String>,
    pub source: String,
    pub severity: String,
    pub clause: String,
    pub record: Option<String>,
    pub description: String,
    pub raised_by: Option<String>,
    pub owner: Option<String>,
    pub deadline: Option<String>,
    pub round: i64,
    pub status: String,
    pub days_late: Option<i64>,
}

pub const LIST_COLUMNS: &[&str] = &[
    "code",
    "audit",
    "source",
    "severity",
    "clause",
    "record",
    "description",
    "raised_by",
    "owner",
    "deadline",
    "round",
    "status",
    "days_late",
];

#[derive(Debug, Default)]
pub struct Filter {
    pub code: Option<String>,
    pub audit: Option<String>,
    pub status: Option<String>,
    pub owner: Option<String>,
    pub severity: Option<String>,
    /// Not closed, with a deadline on or before this day (YYYY-MM-DD).
    pub due_by: Option<String>,
    pub limit: Option<u64>,
}

pub fn list(conn: &Connection, f: &Filter, today: &str, each: &mut dyn FnMut(Line) -> Result<()>) -> Result<()> {
    let today = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").ok();
    super::store::findings(conn, f, &|deadline, status| days_late(deadline, status, today), each)
}

/// How late a finding is on `today`: days past its deadline while it is not closed
/// (negative: days left); none without a deadline, or once closed.
fn days_late(deadline: Option<&str>, status: &str, today: Option<chrono::NaiveDate>) -> Option<i64> {
    match (deadline, today, status) {
        (Some(d), Some(t), s) if s != "closed" => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .map(|d| crate::due::days_late(&crate::due::When::Day(d), t)),
        _ => None,
    }
}

pub const ROUND_COLUMNS: &[&str] = &["round", "kind", "at", "by", "text", "result", "new_deadline"];

/// Every round of the loop, in order.
pub fn rounds(conn: &Connection, code: &str) -> Result<Vec<Vec<Value>>> {
    let id = id(conn, code)?;
    super::store::rounds(conn, id)
}

/// The finding's fields, for `show` and the rectification notice.
pub fn detail(conn: &Connection, code: &str, today: &str) -> Result<Vec<(&'static str, Value)>> {
    let mut found = None;
    list(conn, &Filter { code: Some(code.to_string()), ..Default::default() }, today, &mut |l| {
        found = Some(l);
        Ok(())
    })?;
    let Some(line) = found else {
        id(conn, code)?;
        return Ok(Vec::new());
    };
    Ok(LIST_COLUMNS.iter().copied().zip(crate::output::row_of(LIST_COLUMNS, &line)).collect())
}

const DUE_SQL: &str = super::store::FINDINGS_DUE;

/// Rectification notices not closed by their deadline (R7.2, 限期整改).
pub const DUE: crate::due::Source = crate::due::Source {
    kind: "rectification",
    clause: "R7.2",
    about: "findings to rectify and re-check, due on their deadline until an effective re-check",
    sql: DUE_SQL,
    indexes: &["findings_deadline"],
    find: |conn, w, each| {
        let says = |r: &rusqlite::Row| {
            Ok(crate::due_words::rectification(r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get::<_, String>(5)?))
        };
        crate::due::rows(conn, DUE_SQL, w.last_day_text(), says, each)
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r7_2_a_finding_is_late_after_its_deadline_until_closed() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 10);
        assert_eq!(days_late(Some("2026-03-07"), "assigned", today), Some(3));
        assert_eq!(days_late(Some("2026-03-10"), "rectified", today), Some(0));
        assert_eq!(days_late(Some("2026-03-07"), "closed", today), None, "a closed finding is never late");
        assert_eq!(days_late(None, "open", today), None, "no deadline, no lateness");
        assert_eq!(days_late(Some("not a day"), "open", today), None);
    }
}
