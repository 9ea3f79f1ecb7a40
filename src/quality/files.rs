//! Inspections, findings and their rectification rounds as files (R7.2): `svc audit
//! export|import`, and the per-area files of `svc export DIR` / `svc import DIR`. Each
//! row goes through the write of its command (`audit::write`, `finding::store`,
//! `finding::rectify_as` / `recheck_as`), so a rule the command enforces rejects the row
//! with the command's own words. Nothing is updated by an import: a record changes only
//! through its moves, and the rounds replay those moves in order.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::audit::{self, Inspection};
use super::finding::{self, NewFinding};
use super::{msg, store};
use crate::clock::parse_instant;
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::exchange::{rule, Check, Problem, Record, Stored};

/// Any refusal of a shared write names a column, so the import rejects the row instead
/// of stopping: moves refused by the state table are the `status`'s (or `round`'s) fault.
fn named<T>(column: &'static str, outcome: Result<T>) -> Result<Result<T, Problem>> {
    rule(outcome.map_err(|e| match e {
        Error::Msg(..) => e.at(column),
        e => e,
    }))
}

/// The text of a stored time, for a write path that takes one.
fn instant(column: &'static str, at: &str) -> Result<DateTime<Utc>> {
    parse_instant(at).ok_or_else(|| Error::invalid(msg::quality_stored_time(at)).at(column))
}

// ---- inspections -------------------------------------------------------------------

pub const INSPECTION_COLUMNS: &[&str] =
    &["code", "scope", "planned_on", "auditor", "status", "opened_at", "closed_at", "summary"];

impl Record for Inspection {
    const ENTITY: &'static str = "audit";
    const PLURAL: &'static str = "inspections";
    const COLUMNS: &'static [&'static str] = INSPECTION_COLUMNS;
    const REQUIRED: &'static [&'static str] = &["code", "scope", "planned_on", "auditor", "status"];

    fn parse(c: &mut Check) -> Self {
        let planned_on = c.date("planned_on");
        if planned_on.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("planned_on")) {
            c.problems.push(Problem::new("planned_on", msg::quality_text_empty("planned_on").to_string()));
        }
        let opened_at = c.instant("opened_at");
        let closed_at = c.instant("closed_at");
        c.in_order(("opened_at", &opened_at), ("closed_at", &closed_at));
        Inspection {
            code: c.key("code"),
            scope: c.required("scope"),
            planned_on: planned_on.unwrap_or_default(),
            auditor: c.key("auditor"),
            status: c.choice("status", audit::STATUSES, None),
            opened_at,
            closed_at,
            summary: c.text("summary"),
        }
    }

    fn key(&self) -> String {
        self.code.clone()
    }
}

impl Stored for Inspection {
    const TABLE: &'static str = "audits";
    const INSERT_FIRST: bool = false;
    const LIST_COMMAND: &'static str = "svc audit list";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        store::find_inspection(conn, key)
    }

    /// Through `audit::write`, the write of `svc audit plan`.
    fn insert(tx: &Tx, i: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        if let Err(p) = named("status", audit::write(tx, i))? {
            return Ok(Err(p));
        }
        crate::db::history::record(tx, "audit", &i.code, "import", None, Some(&i.to_json()))?;
        Ok(Ok(store::row_id(tx.conn(), "audits", &i.code)?))
    }

    fn update(_tx: &Tx, _id: i64, i: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        Ok(Err(Problem::new("code", msg::quality_record_kept(&i.code).to_string())))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        store::each_inspection(conn, each)
    }
}

// ---- findings ----------------------------------------------------------------------

/// A finding as it moves in files. `deadline`, `round`, `status` and `closed_at` are
/// where its rounds left it: an import writes the finding open in its first round, and
/// the rounds (the next file) move it on, so what they say is not taken from this file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: String,
    pub audit: Option<String>,
    pub source: String,
    pub severity: String,
    pub clause: String,
    pub record: Option<String>,
    pub description: String,
    pub raised_by: Option<String>,
    pub raised_at: String,
    pub owner: Option<String>,
    pub deadline: Option<String>,
    pub round: i64,
    pub status: String,
    pub closed_at: Option<String>,
}

pub const FINDING_COLUMNS: &[&str] = &[
    "code",
    "audit",
    "source",
    "severity",
    "clause",
    "record",
    "description",
    "raised_by",
    "raised_at",
    "owner",
    "deadline",
    "round",
    "status",
    "closed_at",
];

/// Where a finding comes from (the table's check).
pub const SOURCES: &[&str] = &["sample", "manual", "complaint"];

impl Record for Finding {
    const ENTITY: &'static str = "finding";
    const PLURAL: &'static str = "findings";
    const COLUMNS: &'static [&'static str] = FINDING_COLUMNS;
    const REQUIRED: &'static [&'static str] = &["code", "source", "severity", "clause", "description", "raised_at"];

    fn parse(c: &mut Check) -> Self {
        let raised_at = c.instant("raised_at");
        if raised_at.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("raised_at")) {
            c.problems.push(Problem::new("raised_at", msg::quality_text_empty("raised_at").to_string()));
        }
        let owner = c.text("owner");
        let deadline = c.date("deadline");
        if owner.is_some() != deadline.is_some() {
            c.problems.push(Problem::new("deadline", msg::finding_owner_with_deadline().to_string()));
        }
        Finding {
            code: c.key("code"),
            audit: c.text("audit"),
            source: c.choice("source", SOURCES, Some("manual")),
            severity: c.choice("severity", finding::SEVERITIES, None),
            clause: c.required("clause"),
            record: c.text("record"),
            description: c.required("description"),
            raised_by: c.text("raised_by"),
            raised_at: raised_at.unwrap_or_default(),
            owner,
            deadline,
            // Where the rounds leave it; read for the listing, not written (see above).
            round: c.integer("round", 1).unwrap_or(1),
            status: c.choice("status", finding::STATUSES, Some("open")),
            closed_at: c.instant("closed_at"),
        }
    }

    fn key(&self) -> String {
        self.code.clone()
    }
}

impl Stored for Finding {
    const TABLE: &'static str = "findings";
    const INSERT_FIRST: bool = false;
    const LIST_COMMAND: &'static str = "svc audit findings";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        store::find_finding(conn, key)
    }

    /// Through `finding::store`, the write of `svc audit finding` and the sampling.
    fn insert(tx: &Tx, f: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        let source = SOURCES.iter().copied().find(|s| *s == f.source).unwrap_or("manual");
        let new = NewFinding {
            audit: f.audit.clone(),
            source,
            severity: f.severity.clone(),
            clause: f.clause.clone(),
            record: f.record.clone(),
            description: f.description.clone(),
            by: f.raised_by.clone(),
            owner: f.owner.clone(),
            deadline: f.deadline.clone(),
        };
        if let Err(p) = named("raised_at", finding::store(tx, &f.code, &new, Some(&f.raised_at)))? {
            return Ok(Err(p));
        }
        Ok(Ok(store::row_id(tx.conn(), "findings", &f.code)?))
    }

    fn update(_tx: &Tx, _id: i64, f: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        Ok(Err(Problem::new("code", msg::quality_record_kept(&f.code).to_string())))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        store::each_finding(conn, each)
    }
}

// ---- rectification rounds ----------------------------------------------------------

/// One step of a finding's rectification loop: the action taken, or its re-check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    pub finding: String,
    pub round: i64,
    pub kind: String,
    pub at: String,
    pub by: String,
    pub text: String,
    pub result: Option<String>,
    pub new_deadline: Option<String>,
}

pub const ROUND_COLUMNS: &[&str] = &["finding", "round", "kind", "at", "by", "text", "result", "new_deadline"];
pub const KINDS: &[&str] = &["action", "recheck"];

impl Record for Round {
    const ENTITY: &'static str = "rectification";
    const PLURAL: &'static str = "rectifications";
    const COLUMNS: &'static [&'static str] = ROUND_COLUMNS;
    const REQUIRED: &'static [&'static str] = &["finding", "round", "kind", "at", "by", "text"];

    fn parse(c: &mut Check) -> Self {
        let round = c.integer("round", 1);
        let at = c.instant("at");
        for (column, missing) in [("round", round.is_none()), ("at", at.is_none())] {
            if missing && c.problems.iter().all(|p| p.column.as_deref() != Some(column)) {
                c.problems.push(Problem::new(column, msg::quality_text_empty(column).to_string()));
            }
        }
        let kind = c.choice("kind", KINDS, None);
        let result = c.text("result");
        match (kind.as_str(), &result) {
            ("recheck", Some(r)) if !finding::RESULTS.contains(&r.as_str()) => c
                .problems
                .push(Problem::new("result", msg::quality_not_one_of(r, finding::RESULTS.join(", ")).to_string())),
            ("recheck", None) | ("action", Some(_)) => {
                c.problems.push(Problem::new("result", msg::rectification_result_kind().to_string()))
            }
            _ => {}
        }
        Round {
            finding: c.key("finding"),
            round: round.unwrap_or(0),
            kind,
            at: at.unwrap_or_default(),
            by: c.key("by"),
            text: c.required("text"),
            result,
            new_deadline: c.date("new_deadline"),
        }
    }

    /// Finding, round and kind, as a JSON triple.
    fn key(&self) -> String {
        serde_json::to_string(&(&self.finding, self.round, &self.kind)).unwrap_or_default()
    }

    fn label(&self) -> String {
        format!("{} {} {}", self.finding, self.round, self.kind)
    }
}

impl Stored for Round {
    const TABLE: &'static str = "rectifications";
    const INSERT_FIRST: bool = false;
    const LIST_COMMAND: &'static str = "svc audit notice F";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        let Ok((code, round, kind)) = serde_json::from_str::<(String, i64, String)>(key) else { return Ok(None) };
        store::find_round(conn, &code, round, &kind)
    }

    /// Through `finding::rectify_as` / `recheck_as`, the writes of `svc audit rectify`
    /// and `recheck`: the round must be the finding's current one, and every rule of the
    /// loop holds (owner and deadline first, not by the auditor who raised it, re-checked
    /// by someone else, a failed re-check gives the next deadline).
    fn insert(tx: &Tx, x: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        let current = store::finding_round(tx.conn(), &x.finding)?;
        let Some(current) = current else {
            return named("finding", finding::id(tx.conn(), &x.finding).map(|_| 0));
        };
        if current != x.round {
            return Ok(Err(Problem::new(
                "round",
                msg::rectification_round_current(&x.finding, x.round, current).to_string(),
            )));
        }
        let at = match instant("at", &x.at) {
            Ok(at) => at,
            Err(e) => return rule(Err(e)),
        };
        let done = match x.kind.as_str() {
            "action" => finding::rectify_as(tx, &x.finding, &x.text, &x.by, Some(at), true),
            _ => finding::recheck_as(
                tx,
                &x.finding,
                &x.by,
                x.result.as_deref().unwrap_or_default(),
                &x.text,
                x.new_deadline.as_deref(),
                Some(at),
                true,
            )
            .map(|_| ()),
        };
        if let Err(p) = named("kind", done)? {
            return Ok(Err(p));
        }
        Ok(Ok(store::last_round_id(tx.conn())?))
    }

    fn update(_tx: &Tx, _id: i64, x: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        Ok(Err(Problem::new("round", msg::quality_record_kept(x.label()).to_string())))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        store::each_round(conn, each)
    }
}
