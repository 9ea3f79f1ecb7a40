//! The training area's SQL (the storage seam, issue 8): the columns tables beside
//! `Training` and `Attendance` build the records' statements; here are the look-ups,
//! filters and the certificate an attendance earns. What an attendance may earn and
//! how hours add up is decided in the module. A second storage engine would implement
//! these functions.

use rusqlite::{params, Connection, OptionalExtension};

use super::{Attendance, Attended, Training};
use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::exchange::columns;

/// The training with this code.
pub fn find(conn: &Connection, code: &str) -> Result<Option<(i64, Training)>> {
    columns::find(conn, "WHERE code = ?1", [code], "looking up a training")
}

/// Write a new training; its id.
pub fn insert(tx: &Tx, t: &Training) -> Result<i64> {
    columns::insert(tx.conn(), t, &[], "adding a training")
}

/// Change a training (its code is its key).
pub fn update(tx: &Tx, id: i64, t: &Training) -> Result<()> {
    columns::update(tx.conn(), id, t, &[], "changing a training")
}

/// Every training, earliest first.
pub fn each_training(conn: &Connection, each: &mut dyn FnMut(Training) -> Result<()>) -> Result<()> {
    columns::each(conn, "ORDER BY starts_on, code", [], "listing trainings", each)
}

/// Trainings, earliest first, optionally of one kind or topic, starting between two days
/// (inclusive).
pub fn list(
    conn: &Connection,
    kind: Option<&str>,
    topic: Option<&str>,
    (since, until): (Option<&str>, Option<&str>),
    each: &mut dyn FnMut(Training) -> Result<()>,
) -> Result<()> {
    columns::each(
        conn,
        "WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR instr(';' || topics || ';', ';' || ?2 || ';') > 0)
           AND (?3 IS NULL OR starts_on >= ?3) AND (?4 IS NULL OR starts_on <= ?4)
         ORDER BY starts_on, code",
        params![kind, topic, since, until],
        "listing trainings",
        each,
    )
}

/// The id and hours of the training with this code.
pub fn training_hours(tx: &Tx, code: &str) -> Result<Option<(i64, String)>> {
    tx.prepare_cached("SELECT id, hours FROM trainings WHERE code = ?1")
        .and_then(|mut s| s.query_row([code], |r| Ok((r.get(0)?, r.get(1)?))).optional())
        .ctx("looking up the training")
}

/// The id of the staff member attending.
pub fn attendee(tx: &Tx, code: &str) -> Result<Option<i64>> {
    tx.prepare_cached("SELECT id FROM staff WHERE code = ?1")
        .and_then(|mut s| s.query_row([code], |r| r.get(0)).optional())
        .ctx("looking up the attendee")
}

/// Who (staff id) holds the certificate (type, number), if anyone.
pub fn certificate_holder(tx: &Tx, kind: &str, number: &str) -> Result<Option<i64>> {
    tx.prepare_cached("SELECT staff_id FROM certificates WHERE type = ?1 AND number = ?2")
        .and_then(|mut s| s.query_row([kind, number], |r| r.get(0)).optional())
        .ctx("looking up the certificate earned")
}

/// The last day of the training with this code (its first, for a one-day event).
pub fn last_day(tx: &Tx, code: &str) -> Result<String> {
    tx.query_row("SELECT coalesce(ends_on, starts_on) FROM trainings WHERE code = ?1", [code], |r| r.get(0))
        .ctx("reading the training's last day")
}

/// Record a certificate earned at a training as `staff_id`'s.
pub fn insert_certificate(
    tx: &Tx,
    staff_id: i64,
    kind: &str,
    number: &str,
    issued: &str,
    expires: Option<&str>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO certificates(staff_id, type, number, issued, expires) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![staff_id, kind, number, issued, expires],
    )
    .ctx("recording the certificate earned")?;
    Ok(())
}

/// The attendance of a staff member (by code) at a training (by code).
pub fn find_attendance(conn: &Connection, training: &str, staff: &str) -> Result<Option<(i64, Attendance)>> {
    columns::find(conn, "WHERE t.code = ?1 AND s.code = ?2", [training, staff], "looking up an attendance")
}

/// Write a new attendance; its id.
pub fn insert_attendance(tx: &Tx, a: &Attendance, training_id: i64, staff_id: i64) -> Result<i64> {
    columns::insert(tx.conn(), a, &[&training_id, &staff_id], "recording an attendance")
}

/// Change an attendance (its training and attendee are its key).
pub fn update_attendance(tx: &Tx, id: i64, a: &Attendance) -> Result<()> {
    columns::update(tx.conn(), id, a, &[], "changing an attendance")
}

/// The attendance of one training, or of one staff member (every one when neither is
/// named), by the training's first day, its code, the attendee.
pub fn attendances(
    conn: &Connection,
    training: Option<&str>,
    staff: Option<&str>,
    each: &mut dyn FnMut(Attendance) -> Result<()>,
) -> Result<()> {
    columns::each(
        conn,
        "WHERE (?1 IS NULL OR t.code = ?1) AND (?2 IS NULL OR s.code = ?2) ORDER BY t.starts_on, t.code, s.code",
        params![training, staff],
        "listing attendances",
        each,
    )
}

/// A staff member's trainings, earliest first.
pub fn attended(conn: &Connection, staff: &str) -> Result<Vec<Attended>> {
    crate::db::all_rows(
        conn,
        "SELECT t.code, t.title, t.kind, t.topics, coalesce(t.ends_on, t.starts_on), a.hours, a.score, a.passed,
                a.certificate_type || ' ' || a.certificate_number
           FROM attendances a JOIN trainings t ON t.id = a.training_id JOIN staff s ON s.id = a.staff_id
          WHERE s.code = ?1 ORDER BY t.starts_on, t.code",
        [staff],
        "listing a staff member's trainings",
        |r| {
            Ok(Attended {
                training: r.get(0)?,
                title: r.get(1)?,
                kind: r.get(2)?,
                topics: r.get(3)?,
                day: r.get(4)?,
                hours: r.get(5)?,
                score: r.get(6)?,
                passed: r.get(7)?,
                certificate: r.get(8)?,
            })
        },
    )
}

/// The hours (as written) of each attendance of a staff member (by id) at trainings
/// starting on days in [from, to).
pub fn hours_attended(
    conn: &Connection,
    staff_id: i64,
    from: &str,
    to: &str,
    each: &mut dyn FnMut(String) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT a.hours FROM attendances a JOIN trainings t ON t.id = a.training_id
          WHERE a.staff_id = ?1 AND t.starts_on >= ?2 AND t.starts_on < ?3",
        params![staff_id, from, to],
        "adding up training hours",
        |r| r.get::<_, String>(0),
        each,
    )
}

// ---- Customer training (R5.2.1) ----------------------------------------------------

use super::customer::{Attendee, Filter as PlanFilter, Missing, Plan, Score};
use crate::due::When;

/// The id of the customer with this code.
pub fn customer_id(conn: &Connection, code: &str) -> Result<Option<i64>> {
    conn.query_row("SELECT id FROM customers WHERE code = ?1", [code], |r| r.get(0))
        .optional()
        .ctx("looking up a customer")
}

/// Whether a model of this name is in the catalogue.
pub fn model_known(conn: &Connection, model: &str) -> Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM models WHERE model = ?1)", [model], |r| r.get(0))
        .ctx("looking up a model")
}

/// A customer training plan as it is written.
pub struct NewPlanRow<'a> {
    pub code: &'a str,
    pub customer_id: i64,
    pub topic: &'a str,
    pub model: &'a str,
    pub mode: &'a str,
    pub due_on: String,
}

/// Write a planned customer training, at the transaction's time.
pub fn insert_plan(tx: &Tx, p: &NewPlanRow) -> Result<()> {
    tx.execute(
        "INSERT INTO customer_training_plans(code, customer_id, topic, model, mode, due_on, planned_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![p.code, p.customer_id, p.topic, p.model, p.mode, p.due_on, tx.now],
    )
    .ctx("planning a customer training")?;
    Ok(())
}

/// A customer training plan's id and status.
pub fn plan_status(conn: &Connection, code: &str) -> Result<Option<(i64, String)>> {
    conn.query_row("SELECT id, status FROM customer_training_plans WHERE code = ?1", [code], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
    .ctx("looking up a customer training plan")
}

/// Whether the support archive has an article of this code.
pub fn article_exists(conn: &Connection, code: &str) -> Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM kb_articles WHERE code = ?1)", [code], |r| r.get(0))
        .ctx("looking up a kb article")
}

/// A session as it is written: hours in tenths, materials as a list of article codes.
pub struct SessionRow<'a> {
    pub code: &'a str,
    pub plan_id: i64,
    pub trainer_id: i64,
    pub day: String,
    pub hours: i64,
    pub materials: &'a str,
}

/// Write a session held, at the transaction's time; its id.
pub fn insert_session(tx: &Tx, s: &SessionRow) -> Result<i64> {
    tx.query_row(
        "INSERT INTO customer_training_sessions(code, plan_id, trainer_id, day, hours, materials, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        params![s.code, s.plan_id, s.trainer_id, s.day, s.hours, s.materials, tx.now],
        |r| r.get(0),
    )
    .ctx("recording a training session")
}

/// Write one attendee of session `session_id`.
pub fn insert_attendee(tx: &Tx, session_id: i64, name: &str) -> Result<()> {
    tx.execute("INSERT INTO customer_training_attendees(session_id, name) VALUES (?1, ?2)", params![session_id, name])
        .ctx("recording an attendee")?;
    Ok(())
}

/// Move plan `plan_id` to `status`.
pub fn set_plan_status(tx: &Tx, plan_id: i64, status: &str) -> Result<()> {
    tx.execute("UPDATE customer_training_plans SET status = ?2 WHERE id = ?1", params![plan_id, status])
        .ctx("moving a customer training plan")?;
    Ok(())
}

/// The attendees of plan `plan_id`'s sessions without a score, as `SESSION NAME`.
pub fn unscored(conn: &Connection, plan_id: i64) -> Result<Vec<String>> {
    crate::db::all_rows(
        conn,
        "SELECT s.code || ' ' || a.name FROM customer_training_attendees a
           JOIN customer_training_sessions s ON s.id = a.session_id
          WHERE s.plan_id = ?1 AND a.scored_at IS NULL ORDER BY s.code, a.id",
        [plan_id],
        "looking for attendees not scored",
        |r| r.get(0),
    )
}

/// A plan's evaluation as it is written.
pub struct EvaluationRow<'a> {
    pub plan_id: i64,
    pub status: &'a str,
    pub by: i64,
    pub day: String,
    pub notes: &'a str,
    pub improvements: &'a str,
}

/// Write a plan's evaluation and its new status.
pub fn evaluate_plan(tx: &Tx, e: &EvaluationRow) -> Result<()> {
    tx.execute(
        "UPDATE customer_training_plans
            SET status = ?2, evaluated_by = ?3, evaluated_on = ?4, notes = ?5, improvements = ?6 WHERE id = ?1",
        params![e.plan_id, e.status, e.by, e.day, e.notes, e.improvements],
    )
    .ctx("evaluating a customer training plan")?;
    Ok(())
}

/// Customer training plans by due day, with their sessions, attendees and average score.
pub fn plans(conn: &Connection, f: &PlanFilter, each: &mut dyn FnMut(Plan) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT p.code, c.code, c.name, p.topic, p.model, p.mode, p.due_on, p.status,
                (SELECT count(*) FROM customer_training_sessions s WHERE s.plan_id = p.id),
                (SELECT count(*) FROM customer_training_attendees a
                   JOIN customer_training_sessions s ON s.id = a.session_id WHERE s.plan_id = p.id),
                (SELECT CASE WHEN count(a.score) > 0 THEN printf('%.1f', avg(a.score)) END FROM customer_training_attendees a
                   JOIN customer_training_sessions s ON s.id = a.session_id
                  WHERE s.plan_id = p.id AND a.score IS NOT NULL),
                p.evaluated_on, p.improvements
           FROM customer_training_plans p JOIN customers c ON c.id = p.customer_id
          WHERE (?1 IS NULL OR c.code = ?1)
            AND (?2 IS NULL OR (p.status IN ('planned', 'held') AND p.due_on <= ?2))
          ORDER BY p.due_on, p.code",
        params![f.customer, f.due_by],
        "listing customer training plans",
        |r| {
            Ok(Plan {
                code: r.get(0)?,
                customer: r.get(1)?,
                customer_name: r.get(2)?,
                topic: r.get(3)?,
                model: r.get(4)?,
                mode: r.get(5)?,
                due: r.get(6)?,
                status: r.get(7)?,
                sessions: r.get(8)?,
                attendees: r.get(9)?,
                average_score: r.get(10)?,
                evaluated_on: r.get(11)?,
                improvements: r.get(12)?,
            })
        },
        each,
    )
}

/// Every attendee of the sessions (of one plan), by day, session, order recorded.
pub fn attendees(conn: &Connection, plan: Option<&str>, each: &mut dyn FnMut(Attendee) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT s.code, p.code, c.code, s.day, st.code, s.hours, s.materials, a.name, a.score, a.feedback
           FROM customer_training_attendees a
           JOIN customer_training_sessions s ON s.id = a.session_id
           JOIN customer_training_plans p ON p.id = s.plan_id
           JOIN customers c ON c.id = p.customer_id
           JOIN staff st ON st.id = s.trainer_id
          WHERE (?1 IS NULL OR p.code = ?1)
          ORDER BY s.day, s.code, a.id",
        [plan],
        "listing training sessions",
        |r| {
            Ok(Attendee {
                session: r.get(0)?,
                plan: r.get(1)?,
                customer: r.get(2)?,
                day: r.get(3)?,
                trainer: r.get(4)?,
                hours: super::show_tenths(r.get(5)?),
                materials: r.get(6)?,
                attendee: r.get(7)?,
                score: r.get(8)?,
                feedback: r.get(9)?,
            })
        },
        each,
    )
}

/// (customer, model) pairs in service with no operation training planned.
pub fn missing(conn: &Connection, each: &mut dyn FnMut(Missing) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT c.code, c.name, m.model, count(*), min(e.installed_on)
           FROM equipment e JOIN customers c ON c.id = e.customer_id JOIN models m ON m.id = e.model_id
          WHERE e.status <> 'retired'
            AND NOT EXISTS (SELECT 1 FROM customer_training_plans p
                             WHERE p.customer_id = c.id AND p.model = m.model AND p.topic = 'operation')
          GROUP BY c.id, m.model ORDER BY c.code, m.model",
        [],
        "looking for missing customer training",
        |r| {
            Ok(Missing {
                customer: r.get(0)?,
                customer_name: r.get(1)?,
                model: r.get(2)?,
                units: r.get(3)?,
                first_installed: r.get(4)?,
            })
        },
        each,
    )
}

/// A customer's devices of a model: the customer's code, the model, how many units, and
/// whether operation training on it is planned.
pub fn model_standing(tx: &Tx, customer_id: i64, model_id: i64) -> Result<(String, String, i64, bool)> {
    tx.prepare_cached(
        "SELECT c.code, m.model,
                    (SELECT count(*) FROM equipment e WHERE e.customer_id = c.id AND e.model_id = m.id),
                    EXISTS (SELECT 1 FROM customer_training_plans p
                             WHERE p.customer_id = c.id AND p.model = m.model AND p.topic = 'operation')
               FROM customers c, models m WHERE c.id = ?1 AND m.id = ?2",
    )
    .and_then(|mut s| s.query_row([customer_id, model_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))))
    .ctx("looking for the customer's models")
}

/// Customer training plans not yet held and evaluated by the window's last day.
pub const PLANS_DUE_SQL: &str = "SELECT p.code, p.topic, p.model, p.status, c.code, c.name, p.due_on
   FROM customer_training_plans p JOIN customers c ON c.id = p.customer_id
  WHERE p.status IN ('planned', 'held') AND p.due_on <= ?1";

/// A plan due: code, topic, model, status, the customer's code and name, its due day.
pub struct PlanDue {
    pub code: String,
    pub topic: String,
    pub model: String,
    pub status: String,
    pub customer: String,
    pub name: String,
    pub due: When,
}

/// The plans due by `last_day` (`PLANS_DUE_SQL`).
pub fn plans_due(conn: &Connection, last_day: String, each: &mut dyn FnMut(PlanDue) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        PLANS_DUE_SQL,
        [last_day],
        "looking for customer training due",
        |r| {
            Ok(PlanDue {
                code: r.get(0)?,
                topic: r.get(1)?,
                model: r.get(2)?,
                status: r.get(3)?,
                customer: r.get(4)?,
                name: r.get(5)?,
                due: r.get(6)?,
            })
        },
        each,
    )
}

const SCORE_SQL: &str = "SELECT a.id, s.code, a.name, a.score, a.feedback
   FROM customer_training_attendees a JOIN customer_training_sessions s ON s.id = a.session_id";

fn score_row(r: &rusqlite::Row) -> rusqlite::Result<(i64, Score)> {
    Ok((r.get(0)?, Score { session: r.get(1)?, attendee: r.get(2)?, score: r.get(3)?, feedback: r.get(4)? }))
}

/// The score recorded for an attendee (by name) of a session (by code).
pub fn find_score(conn: &Connection, session: &str, name: &str) -> Result<Option<(i64, Score)>> {
    conn.query_row(
        &format!("{SCORE_SQL} WHERE s.code = ?1 AND a.name = ?2 AND a.scored_at IS NOT NULL"),
        [session, name],
        score_row,
    )
    .optional()
    .ctx("looking up a score")
}

/// Every score recorded, by session and attendee.
pub fn each_score(conn: &Connection, each: &mut dyn FnMut(Score) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        &format!("{SCORE_SQL} WHERE a.scored_at IS NOT NULL ORDER BY s.code, a.id"),
        [],
        "listing scores",
        |r| score_row(r).map(|(_, s)| s),
        each,
    )
}

/// A session's id with its plan's code and status.
pub fn session_plan(tx: &Tx, session: &str) -> Result<Option<(i64, String, String)>> {
    tx.query_row(
        "SELECT s.id, p.code, p.status FROM customer_training_sessions s
                   JOIN customer_training_plans p ON p.id = s.plan_id WHERE s.code = ?1",
        [session],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
    .ctx("looking up a training session")
}

/// The id of an attendee (by name) of session `session_id`.
pub fn attendee_id(tx: &Tx, session_id: i64, name: &str) -> Result<Option<i64>> {
    tx.query_row(
        "SELECT id FROM customer_training_attendees WHERE session_id = ?1 AND name = ?2",
        params![session_id, name],
        |r| r.get(0),
    )
    .optional()
    .ctx("looking up an attendee")
}

/// Record attendee `id`'s score and feedback, now.
pub fn record_score(tx: &Tx, id: i64, score: Option<i64>, feedback: Option<&str>) -> Result<()> {
    tx.execute(
        "UPDATE customer_training_attendees SET score = ?2, feedback = ?3, scored_at = ?4 WHERE id = ?1",
        params![id, score, feedback, tx.now],
    )
    .ctx("recording a score")?;
    Ok(())
}

// ---- Required training (R2.2.1) ----------------------------------------------------

use super::rules::Rule;

/// The code of the rule requiring `topic` of `role`, if there is one.
pub fn rule_code(tx: &Tx, role: &str, topic: &str) -> Result<Option<String>> {
    tx.query_row("SELECT code FROM training_rules WHERE role = ?1 AND topic = ?2", [role, topic], |r| r.get(0))
        .optional()
        .ctx("looking for the same rule")
}

/// Write a rule.
pub fn insert_rule(
    tx: &Tx,
    code: &str,
    role: &str,
    topic: &str,
    every_months: Option<i64>,
    added_on: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO training_rules(code, role, topic, every_months, added_on) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![code, role, topic, every_months, added_on],
    )
    .ctx("adding a training rule")?;
    Ok(())
}

/// The rules by role and topic.
pub fn rules(conn: &Connection, each: &mut dyn FnMut(Rule) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT code, role, topic, every_months, added_on FROM training_rules ORDER BY role, topic",
        [],
        "listing training rules",
        |r| {
            Ok(Rule {
                code: r.get(0)?,
                role: r.get(1)?,
                topic: r.get(2)?,
                every_months: r.get(3)?,
                added_on: r.get(4)?,
            })
        },
        each,
    )
}

/// Every active staff member of each rule's role with the last day they were trained on
/// its topic (an attendance whose exam, if any, was passed). `?1`: rules added up to the
/// window's last day (a rule's first deadline is the day it was added). The range on
/// `added_on` is the due engine's range on its index (SQLite would rather take the
/// (role, topic) key: `INDEXED BY` keeps the plan the one the cron test expects).
macro_rules! standings_sql {
    ($filter:literal) => {
        concat!(
            "SELECT r.code, r.role, r.topic, r.every_months, r.added_on, s.code, s.name,
                    (SELECT max(coalesce(t.ends_on, t.starts_on)) FROM attendances a JOIN trainings t ON t.id = a.training_id
                      WHERE a.staff_id = s.id AND coalesce(a.passed, 1) = 1
                        AND instr(';' || t.topics || ';', ';' || r.topic || ';') > 0)
               FROM training_rules r INDEXED BY training_rules_added JOIN staff s ON s.role = r.role AND s.active = 1
              WHERE r.added_on <= ?1 ",
            $filter,
            " ORDER BY s.code, r.topic"
        )
    };
}

/// The due engine's statement for required training (every staff member and rule).
pub const RULES_DUE_SQL: &str = standings_sql!("");
const STAFF_SQL: &str = standings_sql!("AND (?2 IS NULL OR s.code = ?2) AND (?3 IS NULL OR r.topic = ?3)");

/// One staff member under one rule, as stored: the rule's code, role, topic, period and
/// day added; the staff member's code and name; the last day trained on the topic.
pub struct RuleStaff {
    pub rule: String,
    pub role: String,
    pub topic: String,
    pub every_months: Option<i64>,
    pub added_on: String,
    pub staff: String,
    pub name: String,
    pub last: Option<String>,
}

/// Each (rule added by `last_day`, active staff member of its role) pair, for one staff
/// member or one topic when given, by staff code and topic.
pub fn rule_staff(
    conn: &Connection,
    last_day: String,
    staff: Option<&str>,
    topic: Option<&str>,
    each: &mut dyn FnMut(RuleStaff) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        STAFF_SQL,
        params![last_day, staff, topic],
        "looking for required training",
        |r| {
            Ok(RuleStaff {
                rule: r.get(0)?,
                role: r.get(1)?,
                topic: r.get(2)?,
                every_months: r.get(3)?,
                added_on: r.get(4)?,
                staff: r.get(5)?,
                name: r.get(6)?,
                last: r.get(7)?,
            })
        },
        each,
    )
}

/// The code of staff member `staff_id` and the model of ticket `ticket_id`'s device
/// (none when the ticket has no device).
pub fn model_worked_on(tx: &Tx, staff_id: i64, ticket_id: i64) -> Result<Option<(String, String)>> {
    tx.query_row(
        "SELECT s.code, m.model FROM tickets t JOIN equipment e ON e.id = t.equipment_id
               JOIN models m ON m.id = e.model_id, staff s
              WHERE t.id = ?1 AND s.id = ?2",
        params![ticket_id, staff_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .ctx("reading the model worked on")
}

// ---- The career ladder (R2.2.3) ----------------------------------------------------

/// A staff member's latest promotion: the grade and the day.
pub fn current_grade(conn: &Connection, staff_id: i64) -> Result<Option<(String, String)>> {
    conn.query_row(
        "SELECT grade, on_day FROM promotions WHERE staff_id = ?1 ORDER BY on_day DESC, id DESC LIMIT 1",
        [staff_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .ctx("reading a staff member's grade")
}

/// A promotion as it is written.
pub struct PromotionRow<'a> {
    pub staff_id: i64,
    pub grade: &'a str,
    pub on_day: String,
    pub reason: &'a str,
    pub by_id: i64,
}

/// Write a promotion.
pub fn insert_promotion(tx: &Tx, p: &PromotionRow) -> Result<()> {
    tx.execute(
        "INSERT INTO promotions(staff_id, grade, on_day, reason, by_staff) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![p.staff_id, p.grade, p.on_day, p.reason, p.by_id],
    )
    .ctx("recording a promotion")?;
    Ok(())
}

/// Active technicians and engineers by code: id, code, name.
pub fn ladder_staff(conn: &Connection) -> Result<Vec<(i64, String, String)>> {
    crate::db::all_rows(
        conn,
        "SELECT id, code, name FROM staff WHERE active = 1 AND role IN ('technician', 'engineer') ORDER BY code",
        [],
        "listing staff for the ladder",
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
    )
}

/// How many certificates of staff member `staff_id` are valid on `day` (or never expire).
pub fn valid_certificates(conn: &Connection, staff_id: i64, day: &str) -> Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM certificates WHERE staff_id = ?1 AND (expires IS NULL OR expires >= ?2)",
        params![staff_id, day],
        |r| r.get(0),
    )
    .ctx("counting certificates")
}

/// The score (as written) of staff member `staff_id`'s last confirmed appraisal.
pub fn last_appraisal_score(conn: &Connection, staff_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT l.score FROM appraisal_lines l JOIN appraisal_runs r ON r.id = l.run_id
                  WHERE l.staff_id = ?1 AND r.confirmed_at IS NOT NULL ORDER BY r.ends_on DESC, r.id DESC LIMIT 1",
            [staff_id],
            |r| r.get(0),
        )
        .optional()
        .ctx("reading the last appraisal")?
        .flatten())
}

/// A staff member's promotions, oldest first: day, grade, reason, who promoted.
pub fn promotions(conn: &Connection, staff: &str) -> Result<Vec<[String; 4]>> {
    crate::db::all_rows(
        conn,
        "SELECT p.on_day, p.grade, p.reason, b.code FROM promotions p JOIN staff s ON s.id = p.staff_id
           JOIN staff b ON b.id = p.by_staff WHERE s.code = ?1 ORDER BY p.on_day, p.id",
        [staff],
        "listing promotions",
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
    )
}
