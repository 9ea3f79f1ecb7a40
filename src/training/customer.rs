//! Customer training (R5.2): the training the company gives its customers' staff on
//! the equipment it services, beside the staff training of this area (one training
//! area, two audiences). A plan names the customer, the topic (operation, maintenance,
//! troubleshooting), the model and the mode (on site, at the training centre, online)
//! and the day it is due (R5.2.1, R5.2.2). Sessions hold it: trainer, day, hours, the
//! customer's attendees (personal data: `--redact` masks them) and the kb articles used
//! as materials. The evaluation (R5.2.3) is each attendee's score and feedback from the
//! questionnaire (imported through the exchange engine), then the trainer's notes and
//! the improvements decided: only then is the plan complete (`FLOW`). Plans not yet
//! evaluated are a `due` source; a model new to a customer proposes a plan.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::{msg, store};
use crate::db::{document_code, history, Tx};
use crate::due::{add_days, Found, Source};
use crate::error::{Error, Result};
use crate::exchange::{Check, Problem, Record, Stored};
use crate::states::{Move, Workflow};

pub const TOPICS: &[&str] = &["operation", "maintenance", "troubleshooting"];
pub const MODES: &[&str] = &["onsite", "central", "online"];

/// The days after a model is first installed at a customer that the proposed
/// operation training falls due.
pub const PROPOSE_WITHIN_DAYS: i64 = 30;

pub const FLOW: Workflow = Workflow {
    name: "customer training plan",
    table: "customer_training_plans",
    command: "svc training",
    statuses: &["planned", "held", "evaluated"],
    start: ("planned", "svc training plan --customer C --topic T --model M --mode MODE --due DAY"),
    moves: &[
        Move::go("session", &["planned", "held"], "held", "sessions are held until the plan is evaluated")
            .command("training session PLAN --trainer S --on DAY --hours H --attendee NAME ..")
            .note("materials are kb articles, each checked to exist; the session never changes"),
        Move::stay("score", &["held"], "scores come from a held session, before the plan is evaluated")
            .command("training scores import FILE")
            .note("each attendee's score and feedback once"),
        Move::go("evaluate", &["held"], "evaluated", "hold a session first ('svc training session PLAN ...')")
            .again("an evaluated plan is complete and never changes")
            .command("training evaluate PLAN --by S --notes .. --improvements ..")
            .note("refused while an attendee has no score"),
    ],
};

/// A new plan, as `svc training plan` takes it.
pub struct NewPlan {
    pub customer: String,
    pub topic: String,
    pub model: String,
    pub mode: String,
    pub due_on: NaiveDate,
}

fn customer_id(conn: &Connection, code: &str) -> Result<i64> {
    store::customer_id(conn, code)?
        .ok_or_else(|| Error::not_found(crate::words::m::record_not_found("customer", code, "svc customer list")))
}

/// `svc training plan`: returns the plan's code.
pub fn plan(tx: &Tx, p: &NewPlan) -> Result<String> {
    let customer = customer_id(tx.conn(), &p.customer)?;
    let model = p.model.trim();
    if !store::model_known(tx.conn(), model)? {
        return Err(Error::not_found(msg::ctrain_model_unknown(model)));
    }
    let code = document_code(tx, "customer_training_plans", "CTP")?;
    store::insert_plan(
        tx,
        &store::NewPlanRow {
            code: &code,
            customer_id: customer,
            topic: &p.topic,
            model,
            mode: &p.mode,
            due_on: p.due_on.to_string(),
        },
    )?;
    let after = json!({"customer": p.customer, "topic": p.topic, "model": model, "mode": p.mode,
        "due_on": p.due_on.to_string(), "status": "planned"});
    history::record(tx, "customer_training", &code, "plan", None, Some(&after))?;
    Ok(code)
}

/// A plan's id and status, or not found.
fn plan_status(conn: &Connection, code: &str) -> Result<(i64, String)> {
    store::plan_status(conn, code)?.ok_or_else(|| {
        Error::not_found(crate::words::m::record_not_found("customer training plan", code, "svc training plans"))
    })
}

/// A session, as `svc training session` takes it.
pub struct NewSession {
    pub plan: String,
    pub trainer: String,
    pub day: NaiveDate,
    pub hours: String,
    pub attendees: Vec<String>,
    pub materials: Vec<String>,
}

/// The attendees' names as kept: trimmed, each once, none empty.
pub fn attendee_names(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in raw.iter().flat_map(|r| r.split([',', '，', '、', ';', '；'])).map(str::trim).filter(|n| !n.is_empty())
    {
        if !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    }
    out
}

/// `svc training session`: records a held session, moves the plan to held; returns its code.
pub fn session(tx: &Tx, s: &NewSession) -> Result<String> {
    let (plan_id, status) = plan_status(tx.conn(), &s.plan)?;
    let next = FLOW.step(&s.plan, &status, "session")?;
    let trainer = crate::staff::active(tx.conn(), &s.trainer, |c| crate::words::m::staff_inactive(c))?;
    crate::ticket::event_day(tx, &s.day.to_string())?;
    let hours = super::tenths(&s.hours)
        .filter(|t| *t > 0)
        .ok_or_else(|| Error::invalid(msg::ctrain_bad_hours(format!("{:?}", s.hours))))?;
    let attendees = attendee_names(&s.attendees);
    if attendees.is_empty() {
        return Err(Error::invalid(msg::ctrain_no_attendees()));
    }
    let materials = crate::support::kb::list_text(&s.materials.join(";"));
    for code in materials.split(", ").filter(|c| !c.is_empty()) {
        if !store::article_exists(tx.conn(), code)? {
            return Err(Error::not_found(msg::ctrain_no_article(code)));
        }
    }
    let code = document_code(tx, "customer_training_sessions", "CTS")?;
    let session_id = store::insert_session(
        tx,
        &store::SessionRow {
            code: &code,
            plan_id,
            trainer_id: trainer,
            day: s.day.to_string(),
            hours,
            materials: &materials,
        },
    )?;
    for name in &attendees {
        store::insert_attendee(tx, session_id, name)?;
    }
    if next != status {
        store::set_plan_status(tx, plan_id, next)?;
    }
    let after = json!({"session": code, "trainer": s.trainer, "day": s.day.to_string(),
        "hours": super::show_tenths(hours), "attendees": attendees, "materials": materials, "status": next});
    history::record(tx, "customer_training", &s.plan, "session", Some(&json!({"status": status})), Some(&after))?;
    Ok(code)
}

/// The evaluation, as `svc training evaluate` takes it.
pub struct Evaluation {
    pub plan: String,
    pub by: String,
    pub day: NaiveDate,
    pub notes: String,
    pub improvements: String,
}

/// `svc training evaluate` (R5.2.3): the trainer's notes and the improvements decided,
/// once every attendee has a score; the plan is then complete and never changes.
pub fn evaluate(tx: &Tx, e: &Evaluation) -> Result<()> {
    let (plan_id, status) = plan_status(tx.conn(), &e.plan)?;
    let next = FLOW.step(&e.plan, &status, "evaluate")?;
    let by = crate::staff::active(tx.conn(), &e.by, |c| crate::words::m::staff_inactive(c))?;
    for (field, text) in [("notes", &e.notes), ("improvements", &e.improvements)] {
        if text.trim().is_empty() {
            return Err(Error::invalid(msg::ctrain_field_empty(field)));
        }
    }
    crate::ticket::event_day(tx, &e.day.to_string())?;
    let unscored = store::unscored(tx.conn(), plan_id)?;
    if !unscored.is_empty() {
        return Err(Error::refused(msg::ctrain_unscored(&e.plan, unscored.len() as i64, unscored.join(", "))));
    }
    store::evaluate_plan(
        tx,
        &store::EvaluationRow {
            plan_id,
            status: next,
            by,
            day: e.day.to_string(),
            notes: e.notes.trim(),
            improvements: e.improvements.trim(),
        },
    )?;
    let after = json!({"status": next, "by": e.by, "evaluated_on": e.day.to_string(),
        "notes": e.notes.trim(), "improvements": e.improvements.trim()});
    history::record(tx, "customer_training", &e.plan, "evaluate", Some(&json!({"status": status})), Some(&after))
}

/// One plan as `svc training plans` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub code: String,
    pub customer: String,
    pub customer_name: String,
    pub topic: String,
    pub model: String,
    pub mode: String,
    pub due: String,
    pub status: String,
    pub sessions: i64,
    pub attendees: i64,
    pub average_score: Option<String>,
    pub evaluated_on: Option<String>,
    pub improvements: Option<String>,
}

pub const PLAN_COLUMNS: &[&str] = &[
    "code",
    "customer",
    "customer_name",
    "topic",
    "model",
    "mode",
    "due",
    "status",
    "sessions",
    "attendees",
    "average_score",
    "evaluated_on",
    "improvements",
];

/// Which plans: of a customer, only those not evaluated and due by a day.
#[derive(Debug, Default)]
pub struct Filter {
    pub customer: Option<String>,
    /// Plans not evaluated whose due day is on or before this one.
    pub due_by: Option<String>,
}

/// Plans, the earliest due first.
pub fn plans(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Plan) -> Result<()>) -> Result<()> {
    store::plans(conn, f, each)
}

#[derive(Debug, Clone, Serialize)]
pub struct Attendee {
    pub session: String,
    pub plan: String,
    pub customer: String,
    pub day: String,
    pub trainer: String,
    pub hours: String,
    pub materials: String,
    pub attendee: String,
    pub score: Option<i64>,
    pub feedback: Option<String>,
}

pub const ATTENDEE_COLUMNS: &[&str] =
    &["session", "plan", "customer", "day", "trainer", "hours", "materials", "attendee", "score", "feedback"];

/// The columns holding personal data: the customer's people.
pub const PERSONAL: &[&str] = &["attendee"];

/// Sessions with their attendees, one row each, of one plan or all.
pub fn attendees(conn: &Connection, plan: Option<&str>, each: &mut dyn FnMut(Attendee) -> Result<()>) -> Result<()> {
    if let Some(p) = plan {
        plan_status(conn, p)?;
    }
    store::attendees(conn, plan, each)
}

#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    pub customer: String,
    pub customer_name: String,
    pub model: String,
    pub units: i64,
    pub first_installed: Option<String>,
}

pub const MISSING_COLUMNS: &[&str] = &["customer", "customer_name", "model", "units", "first_installed"];

/// `svc training plans --missing`: each customer and model in service (not retired)
/// with no operation training plan, whatever its status.
pub fn missing(conn: &Connection, each: &mut dyn FnMut(Missing) -> Result<()>) -> Result<()> {
    store::missing(conn, each)
}

/// The hook of `svc equipment add|import`: a device of a model its customer never had
/// before (and no operation training planned for) proposes, on stderr, the plan to make.
pub fn propose_for_new_model(tx: &Tx, customer_id: i64, model_id: i64, installed_on: Option<&str>) -> Result<()> {
    let (customer, model, units, planned) = store::model_standing(tx, customer_id, model_id)?;
    // The device just added is the one counted: the customer had none of the model before.
    if units != 1 || planned {
        return Ok(());
    }
    let from = installed_on
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .or_else(|| crate::clock::parse_instant(&tx.now).map(crate::clock::local_day))
        .unwrap_or_default();
    let due = add_days(from, PROPOSE_WITHIN_DAYS);
    super::warn(msg::ctrain_propose(&customer, &model, due.to_string()));
    Ok(())
}

/// Plans not yet evaluated by their due day: the window's last day is `?1`; the partial
/// index holds only those.
pub const DUE: Source = Source {
    kind: "customer_training",
    clause: "R5.2.1",
    about: "customer training plans not yet held and evaluated by their due day",
    sql: store::PLANS_DUE_SQL,
    indexes: &["customer_training_plans_due"],
    find: |conn, w, each| {
        store::plans_due(conn, w.last_day_text(), &mut |p| {
            let to_do = if p.status == "planned" {
                crate::due_words::customer_training_hold
            } else {
                crate::due_words::customer_training_evaluate
            };
            each(Found { code: p.code, subject: to_do(p.topic, p.model, p.name), when: p.due, who: Some(p.customer) })
        })
    },
};

/// A questionnaire's row (R5.2.3): one attendee's score and feedback for one session.
/// Imported through the exchange engine (`svc training scores import`), so `--map`,
/// `--rejects` and `--dry-run` work as for every other file; written once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub session: String,
    pub attendee: String,
    pub score: Option<i64>,
    pub feedback: Option<String>,
}

impl Record for Score {
    const ENTITY: &'static str = "customer_training_score";
    const PLURAL: &'static str = "customer_training_scores";
    const COLUMNS: &'static [&'static str] = &["session", "attendee", "score", "feedback"];
    const REQUIRED: &'static [&'static str] = &["session", "attendee", "score"];
    const PERSONAL: &'static [&'static str] = PERSONAL;
    const HELP: &'static [(&'static str, &'static str)] = &[
        ("session", "The session's code (CTS-000001)"),
        ("attendee", "The attendee's name, as the session recorded it"),
        ("score", "The questionnaire's score, 0 to 100"),
        ("feedback", "What the attendee wrote"),
    ];

    fn parse(c: &mut Check) -> Self {
        let session = c.required("session");
        let attendee = c.required("attendee");
        let score = c.integer("score", 0);
        if let Some(s) = score.filter(|s| *s > 100) {
            c.problems.push(Problem::new("score", crate::admin::admin_training_score(s).to_string()));
        }
        if score.is_none() && !c.problems.iter().any(|p| p.column.as_deref() == Some("score")) {
            c.problems.push(Problem::new("score", crate::words::m::fields_required().to_string()));
        }
        Score { session, attendee, score, feedback: c.text("feedback") }
    }

    /// Session and attendee: the pair is recorded once.
    fn key(&self) -> String {
        format!("{}/{}", self.session, self.attendee)
    }
}

impl Stored for Score {
    const TABLE: &'static str = "customer_training_attendees";
    // The insert checks the session's plan before it writes: look the key up first.
    const INSERT_FIRST: bool = false;
    const LIST_COMMAND: &'static str = "svc training sessions";
    const EDIT_COMMAND: Option<&'static str> = None;

    /// A score recorded already; an attendee not scored yet is not found (the import
    /// then records the score).
    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        let Some((session, name)) = key.split_once('/') else { return Ok(None) };
        store::find_score(conn, session, name)
    }

    fn insert(tx: &Tx, s: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        let Some((session_id, plan, status)) = store::session_plan(tx, &s.session)? else {
            return Ok(Err(Problem::new("session", msg::ctrain_no_session(&s.session).to_string())));
        };
        if let Err(e) = FLOW.step(&plan, &status, "score") {
            return Ok(Err(Problem::new("session", e.to_string())));
        }
        let Some(id) = store::attendee_id(tx, session_id, s.attendee.trim())? else {
            return Ok(Err(Problem::new("attendee", msg::ctrain_not_attendee(&s.attendee, &s.session).to_string())));
        };
        store::record_score(tx, id, s.score, s.feedback.as_deref())?;
        Ok(Ok(id))
    }

    fn update(_tx: &Tx, _id: i64, s: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        Ok(Err(Problem::new("score", msg::ctrain_scored_once(&s.attendee, &s.session).to_string())))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        store::each_score(conn, each)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attendees_are_split_trimmed_and_kept_once() {
        let raw = vec!["王建国, 李娜".to_string(), "张伟、李娜".to_string(), " ".to_string()];
        assert_eq!(attendee_names(&raw), ["王建国", "李娜", "张伟"]);
    }

    #[test]
    fn the_plan_flow_is_held_before_scored_and_evaluated_once() {
        crate::states::check_table(&FLOW).unwrap();
        assert_eq!(FLOW.step("CTP-1", "planned", "session").unwrap(), "held");
        assert_eq!(FLOW.step("CTP-1", "held", "session").unwrap(), "held");
        assert!(FLOW.step("CTP-1", "planned", "evaluate").is_err());
        assert!(FLOW.step("CTP-1", "planned", "score").is_err());
        assert_eq!(FLOW.step("CTP-1", "held", "evaluate").unwrap(), "evaluated");
        assert!(FLOW.step("CTP-1", "evaluated", "evaluate").is_err());
        assert!(FLOW.step("CTP-1", "evaluated", "session").is_err());
        assert!(FLOW.step("CTP-1", "evaluated", "score").is_err());
    }

    #[test]
    fn a_score_above_100_or_missing_is_refused() {
        let mut f = crate::exchange::Fields::new(Score::COLUMNS);
        f.set("session", "CTS-000001");
        f.set("attendee", "王建国");
        f.set("score", "120");
        assert!(Score::from_fields(f.clone()).is_err());
        f.set("score", "");
        assert!(Score::from_fields(f.clone()).is_err());
        f.set("score", "88");
        assert_eq!(Score::from_fields(f).unwrap().score, Some(88));
    }
}
