//! Drills (演练, R6.1): a plan is practised on a day (tabletop, functional or full), timed
//! step by step against its targets. Steps over target, steps not practised and role
//! holders who did not take part become findings by themselves; the evaluation adds its
//! rating, lessons and findings of its own. Every finding is answered, by a revision of
//! the plan that names the drill or by someone other than the observer deciding that no
//! change is needed.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::msg as w;
use super::plan::{self, Plan};
use super::store;
use crate::clock::utc_text;
use crate::db::{history, Tx};
use crate::due::{Found, Source, When, Window};
use crate::error::{Error, Result};
use crate::states::{Move, Workflow};
use crate::words::Msg;

pub const KINDS: &[&str] = &["tabletop", "functional", "full"];

pub const FLOW: Workflow = Workflow {
    name: "drill",
    table: "drills",
    command: "drill",
    statuses: &["scheduled", "held", "evaluated", "cancelled"],
    start: ("scheduled", "drill schedule --plan P --on DATE"),
    moves: &[
        Move::go("record", &["scheduled"], "held", "a drill is recorded once, after it was scheduled")
            .again("a held drill's record is never changed")
            .command("drill record D --participants .. --step KEY=MIN .. --observer S --result ..")
            .note("steps over target, steps not practised and absent role holders become findings"),
        Move::go("evaluate", &["held"], "evaluated", "the drill is recorded first ('svc drill record D ...')")
            .command("drill evaluate D --rating 1..5 --lesson .."),
        Move::go("cancel", &["scheduled"], "cancelled", "only a drill not held yet is cancelled")
            .command("drill cancel D --reason .."),
        Move::stay(
            "answer",
            &["held", "evaluated"],
            "findings come from a held drill: record it first ('svc drill record D ...')",
        )
        .command("drill answer D --no-change --by STAFF --note ..")
        .note("refused to the drill's observer; a plan revision imported with --drill D answers them too"),
    ],
};

/// Schedule a drill of a plan; returns its code (`D-000001`).
pub fn schedule(tx: &Tx, plan_code: &str, on: NaiveDate, kind: &str) -> Result<String> {
    let plan_id = plan::id(tx.conn(), plan_code)?;
    let code = crate::db::document_code(tx, "drills", "D")?;
    store::insert_drill(tx, &code, plan_id, kind, &on.to_string())?;
    history::record(
        tx,
        "drill",
        &code,
        "schedule",
        None,
        Some(&json!({"plan": plan_code, "on": on.to_string(), "kind": kind})),
    )?;
    Ok(code)
}

struct State {
    id: i64,
    status: String,
    plan: String,
    observer: Option<String>,
}

fn state(conn: &Connection, code: &str) -> Result<State> {
    store::drill_state(conn, code)?
        .map(|(id, status, plan, observer)| State { id, status, plan, observer })
        .ok_or_else(|| Error::not_found(crate::words::m::document_not_found("drill", code, "svc drill list")))
}

/// What a drill found, before it is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// A step took longer than the plan allows (minutes).
    OverTarget { step: String, took: i64, target: i64 },
    /// A step of the plan the drill did not time.
    NotTimed { step: String },
    /// A role whose primary holder did not take part; whether the deputy did.
    Absent { role: String, primary: String, deputy: Option<String>, deputy_present: bool },
    /// Added by the evaluation.
    Lesson { text: String },
}

impl Finding {
    pub fn kind(&self) -> &'static str {
        match self {
            Finding::OverTarget { .. } => "over_target",
            Finding::NotTimed { .. } => "not_timed",
            Finding::Absent { .. } => "absent",
            Finding::Lesson { .. } => "lesson",
        }
    }

    pub fn subject(&self) -> &str {
        match self {
            Finding::OverTarget { step, .. } | Finding::NotTimed { step } => step,
            Finding::Absent { role, .. } => role,
            Finding::Lesson { .. } => "",
        }
    }

    /// The finding for people, in their language.
    pub fn message(&self) -> Msg {
        match self {
            Finding::OverTarget { step, took, target } => w::finding_over_target(step, *took, *target),
            Finding::NotTimed { step } => w::finding_not_timed(step),
            Finding::Absent { role, primary, deputy: Some(d), deputy_present: true } => {
                w::finding_absent_deputy(role, primary, d)
            }
            Finding::Absent { role, primary, .. } => w::finding_absent(role, primary),
            Finding::Lesson { text } => w::finding_lesson(text),
        }
    }
}

/// The target of a step in whole minutes (rounded up: 90 s is 2 minutes).
fn target_minutes(within: &str) -> i64 {
    plan::seconds(within).map(|s| (s + 59) / 60).unwrap_or(0)
}

/// What a drill found (pure): each timed step over its target, each step not timed, each
/// role whose primary holder was not among the participants.
pub fn findings(p: &Plan, participants: &[String], timings: &[(String, i64)]) -> Vec<Finding> {
    let mut out = Vec::new();
    for s in &p.steps {
        match timings.iter().find(|(k, _)| *k == s.key) {
            Some((_, took)) if *took > target_minutes(&s.within) => {
                out.push(Finding::OverTarget { step: s.key.clone(), took: *took, target: target_minutes(&s.within) })
            }
            Some(_) => {}
            None => out.push(Finding::NotTimed { step: s.key.clone() }),
        }
    }
    for r in &p.roles {
        if !participants.contains(&r.primary) {
            let deputy_present = r.deputy.as_ref().is_some_and(|d| participants.contains(d));
            out.push(Finding::Absent {
                role: r.key.clone(),
                primary: r.primary.clone(),
                deputy: r.deputy.clone(),
                deputy_present,
            });
        }
    }
    out
}

pub struct Held {
    pub participants: Vec<String>,
    pub timings: Vec<(String, i64)>,
    pub observer: String,
    pub result: String,
    pub at: Option<DateTime<Utc>>,
}

/// Record a held drill against the plan's current version; returns its findings.
pub fn record(tx: &Tx, code: &str, h: &Held) -> Result<Vec<Finding>> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "record")?;
    let v = plan::version(tx.conn(), &s.plan, None)?;
    let mut problems: Vec<String> = Vec::new();
    if h.participants.is_empty() {
        problems.push(w::drill_no_participants().to_string());
    }
    if h.result.trim().is_empty() {
        problems.push(w::drill_no_result().to_string());
    }
    let keys: Vec<&str> = v.plan.steps.iter().map(|s| s.key.as_str()).collect();
    for (i, (key, minutes)) in h.timings.iter().enumerate() {
        if !keys.contains(&key.as_str()) {
            problems.push(w::drill_not_a_step(key, &s.plan, v.version, keys.join(", ")).to_string());
        }
        if h.timings[..i].iter().any(|(k, _)| k == key) {
            problems.push(w::drill_step_twice(key).to_string());
        }
        if *minutes < 0 {
            problems.push(w::drill_bad_minutes(key, *minutes).to_string());
        }
    }
    if !problems.is_empty() {
        return Err(Error::invalid(w::drill_invalid(code, problems.join("; "))));
    }
    for person in h.participants.iter().chain([&h.observer]) {
        crate::staff::active(tx.conn(), person, |s| crate::words::m::staff_inactive(s))?;
    }
    let at = crate::ticket::event_time(tx, h.at, None, "")?;
    let found = findings(&v.plan, &h.participants, &h.timings);
    let timings: serde_json::Map<String, serde_json::Value> =
        h.timings.iter().map(|(k, m)| (k.clone(), json!(m))).collect();
    let held = store::HeldRow {
        version: v.version,
        held_at: &utc_text(at),
        observer: &h.observer,
        participants: &serde_json::to_string(&h.participants).unwrap_or_default(),
        timings: &serde_json::Value::Object(timings.clone()).to_string(),
        result: h.result.trim(),
    };
    store::record_drill(tx, s.id, next, &held)?;
    add_findings(tx, s.id, &found)?;
    let after = json!({"version": v.version, "held_at": utc_text(at), "observer": h.observer,
        "participants": h.participants, "timings": timings, "result": h.result.trim(), "findings": found});
    history::record(tx, "drill", code, "record", None, Some(&after))?;
    Ok(found)
}

fn add_findings(tx: &Tx, drill_id: i64, found: &[Finding]) -> Result<()> {
    let mut seq = store::last_finding_seq(tx.conn(), drill_id)?;
    for f in found {
        seq += 1;
        let detail = serde_json::to_string(f).unwrap_or_default();
        store::insert_drill_finding(tx, drill_id, seq, f.kind(), f.subject(), &detail)?;
    }
    Ok(())
}

pub struct Evaluation {
    pub rating: i64,
    pub lessons: Vec<String>,
    /// Findings the evaluation adds (each must be answered like the others).
    pub findings: Vec<String>,
}

pub fn evaluate(tx: &Tx, code: &str, e: &Evaluation) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "evaluate")?;
    if !(1..=5).contains(&e.rating) {
        return Err(Error::invalid(w::drill_bad_rating(e.rating)));
    }
    let lessons: Vec<&str> = e.lessons.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    store::evaluate_drill(tx, s.id, next, e.rating, &serde_json::to_string(&lessons).unwrap_or_default())?;
    let added: Vec<Finding> = e
        .findings
        .iter()
        .map(|f| f.trim())
        .filter(|f| !f.is_empty())
        .map(|f| Finding::Lesson { text: f.to_string() })
        .collect();
    add_findings(tx, s.id, &added)?;
    history::record(
        tx,
        "drill",
        code,
        "evaluate",
        None,
        Some(&json!({"rating": e.rating, "lessons": lessons, "findings": added})),
    )?;
    Ok(())
}

pub fn cancel(tx: &Tx, code: &str, reason: &str) -> Result<()> {
    let s = state(tx.conn(), code)?;
    let next = FLOW.step(code, &s.status, "cancel")?;
    if reason.trim().is_empty() {
        return Err(Error::invalid(w::drill_no_reason()));
    }
    store::cancel_drill(tx, s.id, next, reason.trim())?;
    history::record(tx, "drill", code, "cancel", None, Some(&json!({"reason": reason.trim()})))
}

/// Answer open findings of a drill with a decision that the plan needs no change: by an
/// active staff member who was not the drill's observer (the one who found them does not
/// close them). `seq`: one finding, else every open one. Returns how many were answered.
pub fn answer(tx: &Tx, code: &str, seq: Option<i64>, by: &str, note: &str) -> Result<usize> {
    let s = state(tx.conn(), code)?;
    FLOW.step(code, &s.status, "answer")?;
    if note.trim().is_empty() {
        return Err(Error::invalid(w::drill_no_reason()));
    }
    crate::staff::active(tx.conn(), by, |s| crate::words::m::staff_inactive(s))?;
    if s.observer.as_deref() == Some(by) {
        return Err(Error::refused(w::drill_observer_answers(code, by)));
    }
    if let Some(n) = seq {
        match store::drill_finding_answer(tx.conn(), s.id, n)? {
            None => return Err(Error::not_found(w::drill_no_finding(code, n))),
            Some(Some(_)) => return Err(Error::refused(w::drill_finding_answered(code, n))),
            Some(None) => {}
        }
    }
    let n = store::answer_no_change(tx, s.id, seq, by, note.trim())?;
    if n == 0 {
        return Err(Error::refused(w::drill_nothing_open(code)));
    }
    history::record(tx, "drill", code, "answer", None, Some(&json!({"finding": seq, "by": by, "note": note.trim()})))?;
    Ok(n)
}

/// One finding in `svc drill findings`.
#[derive(Debug, Clone, Serialize)]
pub struct FindingRow {
    pub drill: String,
    pub plan: String,
    pub seq: i64,
    pub kind: String,
    pub finding: String,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answer_note: Option<String>,
    /// The plan version whose import answered the finding (a revision naming the drill).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_version: Option<i64>,
}

impl FindingRow {
    /// The answer's note as `lang` says it: the words recorded with it, else, for a plan
    /// revision, the version that answered it (answers recorded before it was stored as a
    /// fact keep their English note, as recorded).
    pub fn note(&self, lang: crate::words::Lang) -> Option<String> {
        self.answer_note
            .clone()
            .or_else(|| self.answer_version.map(|version| w::drill_answer_revision(&self.plan, version).render(lang)))
    }
}

pub const FINDING_COLUMNS: &[&str] =
    &["drill", "plan", "seq", "kind", "finding", "answer", "answered_by", "answer_note"];

/// Findings, by drill and number: of one drill, of one plan, only open ones.
pub fn list_findings(
    conn: &Connection,
    drill: Option<&str>,
    plan_code: Option<&str>,
    open: bool,
) -> Result<Vec<FindingRow>> {
    let mut out = Vec::new();
    store::drill_findings(conn, drill, plan_code, open, &mut |(mut row, detail): (FindingRow, String)| {
        row.finding = match serde_json::from_str::<Finding>(&detail) {
            Ok(f) => f.message().to_string(),
            Err(_) => detail,
        };
        out.push(row);
        Ok(())
    })?;
    Ok(out)
}

/// One drill in `svc drill list`.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub code: String,
    pub plan: String,
    pub version: Option<i64>,
    pub kind: String,
    pub scheduled_on: String,
    pub status: String,
    pub held_at: Option<String>,
    pub rating: Option<i64>,
    pub open_findings: i64,
}

pub const LIST_COLUMNS: &[&str] =
    &["code", "plan", "version", "kind", "scheduled_on", "status", "held_at", "rating", "open_findings"];

#[derive(Debug, Default)]
pub struct Filter {
    pub plan: Option<String>,
    pub status: Option<String>,
    /// Only drills still scheduled on or before this day.
    pub scheduled_until: Option<String>,
}

pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Listed) -> Result<()>) -> Result<()> {
    store::drills(conn, f, each)
}

/// The drill report (`svc drill show D`): its facts, as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub code: String,
    pub plan: String,
    pub version: Option<i64>,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub scheduled_on: String,
    pub held_at: Option<String>,
    pub observer: Option<String>,
    pub participants: Vec<String>,
    pub steps: Vec<StepTime>,
    pub result: Option<String>,
    pub rating: Option<i64>,
    pub lessons: Vec<String>,
    pub findings: Vec<FindingRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepTime {
    pub key: String,
    pub action: String,
    pub role: String,
    pub target_minutes: i64,
    pub minutes: Option<i64>,
}

pub fn report(conn: &Connection, code: &str) -> Result<Report> {
    state(conn, code)?;
    let store::DrillFacts {
        plan: plan_code,
        version,
        kind,
        status,
        scheduled_on,
        held_at,
        observer,
        participants,
        timings,
        result,
        rating,
        lessons,
    } = store::drill_facts(conn, code)?;
    let v = plan::version(conn, &plan_code, version)?;
    let timings: serde_json::Map<String, serde_json::Value> =
        timings.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    let steps = v
        .plan
        .steps
        .iter()
        .map(|s| StepTime {
            key: s.key.clone(),
            action: s.action.clone(),
            role: s.role.clone(),
            target_minutes: target_minutes(&s.within),
            minutes: timings.get(&s.key).and_then(|m| m.as_i64()),
        })
        .collect();
    Ok(Report {
        code: code.to_string(),
        plan: plan_code,
        version,
        title: v.plan.title,
        kind,
        status,
        scheduled_on,
        held_at,
        observer,
        participants: participants.and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default(),
        steps,
        result,
        rating,
        lessons: lessons.and_then(|l| serde_json::from_str(&l).ok()).unwrap_or_default(),
        findings: list_findings(conn, Some(code), None, false)?,
    })
}

/// The last drill held of a plan, if any: code and when (for an incident's review).
pub fn last_held(conn: &Connection, plan_id: i64) -> Result<Option<(String, String)>> {
    store::last_held(conn, plan_id)
}

/// Scheduled drills not yet held, due on their day.
const DUE_SQL: &str = store::DRILLS_DUE;

pub const DUE: Source = Source {
    kind: "drill",
    clause: "R6.1",
    about: "drills scheduled and not yet recorded, due on their day",
    sql: DUE_SQL,
    indexes: &["drills_scheduled"],
    find: |conn, w: &Window, each| {
        let says = |r: &rusqlite::Row| Ok(crate::due_words::drill(r.get::<_, String>(3)?, r.get::<_, String>(4)?));
        crate::due::rows(conn, DUE_SQL, w.last_day_text(), says, each)
    },
};

/// Plans with no evaluated drill since the bound: created before it, and not drilled since.
const REVIEW_SQL: &str = store::PLANS_TO_REVIEW;

/// A plan is drilled and reviewed within `drill_review_days` of its last evaluated drill.
pub const REVIEW_DUE: Source = Source {
    kind: "plan_review",
    clause: "R6.1",
    about: "emergency plans to drill and review, drill_review_days after the last evaluated drill",
    sql: REVIEW_SQL,
    indexes: &["drills_plan"],
    find: |conn, w: &Window, each| {
        let every = crate::config::days(conn, super::REVIEW_SETTING)?;
        store::plans_to_review(conn, &w.events_before(every), &mut |(code, created, last): (
            String,
            String,
            Option<String>,
        )| {
            let Some(when) = plan::review_due(&created, last.as_deref(), every) else {
                return Ok(());
            };
            let subject = match &last {
                Some(l) => crate::due_words::plan_review(&code, When::At(at(l)?).show()),
                None => crate::due_words::plan_review_never(&code),
            };
            each(Found { code, subject, when, who: None })
        })
    },
};

fn at(stored: &str) -> Result<DateTime<Utc>> {
    crate::clock::parse_instant(stored).ok_or_else(|| Error::internal(w::stored_time(stored)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        let yaml = "code: EP-1\ntitle: T\nscenario: S\nlevels:\n  - level: I\n    on_site: 2h\n    resolution: 24h\n    report_every: 1h\n    report_to: [x]\nroles:\n  - key: lead\n    name: L\n    duties: d\n    primary: E001\n    deputy: E002\n  - key: parts\n    name: P\n    duties: d\n    primary: E004\nsteps:\n  - key: call\n    action: a\n    role: lead\n    within: 15m\n  - key: ship\n    action: b\n    role: parts\n    within: 1.5m\n";
        Plan::parse("p", yaml).unwrap()
    }

    #[test]
    fn steps_over_target_untimed_steps_and_absent_holders_are_findings() {
        let p = plan();
        let people = vec!["E002".to_string(), "E004".to_string()];
        let found = findings(&p, &people, &[("call".into(), 20)]);
        assert_eq!(
            found,
            [
                Finding::OverTarget { step: "call".into(), took: 20, target: 15 },
                Finding::NotTimed { step: "ship".into() },
                Finding::Absent {
                    role: "lead".into(),
                    primary: "E001".into(),
                    deputy: Some("E002".into()),
                    deputy_present: true
                },
            ]
        );
        // On target (a 1.5m target is 2 whole minutes) and everyone there: nothing.
        let all = vec!["E001".to_string(), "E004".to_string()];
        assert!(findings(&p, &all, &[("call".into(), 15), ("ship".into(), 2)]).is_empty());
    }
}
