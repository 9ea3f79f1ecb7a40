//! Staff training and industry exchanges (R2.2.1, R2.2.2): events with their topics and
//! hours, who attended, the exam and the certificate it earned. A certificate earned
//! becomes a certificate of the staff member (`staff certs`) in the same transaction,
//! whether the attendance comes from the command or from an import: one write path.
//! Required training is in `rules`, the career ladder in `ladder`.

pub mod customer;
pub mod ladder;
pub mod msg;
pub mod rules;
mod store;

use std::cell::RefCell;

use rusqlite::Connection;
use serde::Serialize;

use crate::db::Tx;
use crate::error::Result;
use crate::exchange::columns::Columns;
use crate::exchange::{Check, Problem, Record, Stored};
use crate::words::Msg;

/// The kinds of event: courses, a manufacturer's training, an industry exchange or
/// conference (R2.2.2), training on the job.
pub const KINDS: &[&str] = &["internal", "manufacturer", "external", "exchange", "on_the_job"];

/// The kind of event that counts as an industry exchange (R2.2.2).
pub const EXCHANGE: &str = "exchange";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Training {
    pub code: String,
    pub title: String,
    pub kind: String,
    pub topics: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub hours: String,
    pub trainer: Option<String>,
    pub place: Option<String>,
}

crate::record_columns! {
    Training in Table::new("trainings") => {
        code: Field::new("code").key(),
        title: Field::new("title"),
        kind: Field::new("kind").help("internal, manufacturer, external, exchange (industry exchange or conference) or on_the_job"),
        topics: Field::new("topics").help("Topics joined by ';': safe-operation;troubleshooting;new-technology;model:PM-9000"),
        starts_on: Field::new("starts_on").help("First day (YYYY-MM-DD)"),
        ends_on: Field::new("ends_on").help("Last day, for an event of several days"),
        hours: Field::new("hours").help("Hours of the event, e.g. 7.5"),
        trainer: Field::new("trainer").help("Trainer or organiser"),
        place: Field::new("place"),
    }
}

/// Hours as tenths (`7.5` is 75): whole hours with at most one decimal, up to 9999.9.
pub fn tenths(hours: &str) -> Option<i64> {
    let h = hours.trim();
    let (whole, frac) = h.split_once('.').unwrap_or((h, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 4 || frac.len() > 1 || !digits(whole) || !digits(frac) {
        return None;
    }
    Some(whole.parse::<i64>().ok()? * 10 + if frac.is_empty() { 0 } else { frac.parse::<i64>().ok()? })
}

/// Tenths of an hour as people write hours: `7.5`, `8`.
pub fn show_tenths(t: i64) -> String {
    if t % 10 == 0 {
        (t / 10).to_string()
    } else {
        format!("{}.{}", t / 10, t % 10)
    }
}

/// One topic as stored: trimmed, words joined by '-', lower case, but a model's name
/// (`model:PM-9000`) kept as the catalogue writes it.
pub fn topic(raw: &str) -> String {
    let t = raw.trim();
    match t.split_once(':') {
        Some((k, model)) if k.trim().eq_ignore_ascii_case("model") => format!("model:{}", model.trim()),
        _ => t.split_whitespace().collect::<Vec<_>>().join("-").to_lowercase(),
    }
}

/// A list of topics as stored: each normalised, joined by ';', each once. People
/// separate them with ';', ',' or their full-width forms.
pub fn topics(raw: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for t in raw.split([';', ',', '；', '，', '、']).map(topic).filter(|t| !t.is_empty()) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.join(";")
}

fn check_hours(c: &mut Check, column: &str, value: Option<String>) -> Option<String> {
    let v = value?;
    match tenths(&v) {
        Some(t) => Some(show_tenths(t)),
        None => {
            c.problems.push(Problem::new(column, crate::admin::admin_training_hours(format!("{v:?}")).to_string()));
            None
        }
    }
}

impl Record for Training {
    const ENTITY: &'static str = "training";
    const PLURAL: &'static str = "trainings";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["code", "title", "kind", "topics", "starts_on", "hours"];
    const HELP: &'static [(&'static str, &'static str)] = Self::HELP_LINES;

    fn parse(c: &mut Check) -> Self {
        let before = c.problems.len();
        let starts_on = c.date("starts_on");
        if starts_on.is_none() && c.problems.len() == before {
            c.problems.push(Problem::new("starts_on", crate::words::m::fields_required().to_string()));
        }
        let ends_on = c.date("ends_on");
        c.in_order(("starts_on", &starts_on), ("ends_on", &ends_on));
        let raw_topics = c.required("topics");
        let topics = topics(&raw_topics);
        if topics.is_empty() && !raw_topics.is_empty() {
            c.problems.push(Problem::new("topics", crate::admin::admin_training_no_topic().to_string()));
        }
        let hours = c.required("hours");
        let hours = if hours.is_empty() { None } else { check_hours(c, "hours", Some(hours)) };
        Training {
            code: c.key("code"),
            title: c.required("title"),
            kind: c.choice("kind", KINDS, None),
            topics,
            starts_on: starts_on.unwrap_or_default(),
            ends_on,
            hours: hours.unwrap_or_default(),
            trainer: c.text("trainer"),
            place: c.text("place"),
        }
    }

    fn key(&self) -> String {
        self.code.clone()
    }
}

impl Stored for Training {
    const TABLE: &'static str = "trainings";
    const LIST_COMMAND: &'static str = "svc training list";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        store::find(conn, key)
    }

    fn insert(tx: &Tx, t: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        Ok(Ok(store::insert(tx, t)?))
    }

    fn update(tx: &Tx, id: i64, t: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        store::update(tx, id, t)?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        store::each_training(conn, each)
    }
}

pub fn new_code(tx: &Tx) -> Result<String> {
    crate::db::next_code(tx, "trainings", "TRN", |code| Ok(Training::find(tx.conn(), code)?.is_some()))
}

/// Trainings, earliest first, optionally of one kind or topic, between two days (inclusive).
pub fn list(
    conn: &Connection,
    kind: Option<&str>,
    topic: Option<&str>,
    (since, until): (Option<&str>, Option<&str>),
    each: &mut dyn FnMut(Training) -> Result<()>,
) -> Result<()> {
    store::list(conn, kind, topic, (since, until), each)
}

/// One staff member at one training: hours, the exam, the certificate it earned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attendance {
    pub training_code: String,
    pub staff_code: String,
    pub hours: String,
    pub score: Option<i64>,
    pub passed: Option<bool>,
    pub certificate_type: Option<String>,
    pub certificate_number: Option<String>,
    pub certificate_expires: Option<String>,
}

crate::record_columns! {
    Attendance in Table::new("attendances").joined("a", "JOIN trainings t ON t.id = a.training_id JOIN staff s ON s.id = a.staff_id") => {
        training_code: Field::new("training_code").read("t.code").resolved("training_id").key(),
        staff_code: Field::new("staff_code").read("s.code").resolved("staff_id").key(),
        hours: Field::new("hours").help("Hours attended [default: the training's hours]"),
        score: Field::new("score").help("Exam score, 0 to 100"),
        passed: Field::new("passed").help("Exam passed: true or false (empty: no exam)"),
        certificate_type: Field::new("certificate_type").help("The certificate the training earned (its type)"),
        certificate_number: Field::new("certificate_number").help("The certificate's number"),
        certificate_expires: Field::new("certificate_expires").help("The day the certificate expires"),
    }
}

impl Record for Attendance {
    const ENTITY: &'static str = "attendance";
    const PLURAL: &'static str = "attendances";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["training_code", "staff_code"];
    const HELP: &'static [(&'static str, &'static str)] = Self::HELP_LINES;

    fn parse(c: &mut Check) -> Self {
        let hours = c.text("hours");
        let hours = check_hours(c, "hours", hours);
        let score = c.integer("score", 0);
        if score.is_some_and(|s| s > 100) {
            c.problems.push(Problem::new("score", crate::admin::admin_training_score_range().to_string()));
        }
        // Absent is no exam, unlike a yes/no column with a default.
        let passed = c.text("passed").and_then(|v| match crate::exchange::normalize::boolean(&v) {
            Ok(b) => Some(b),
            Err(e) => {
                c.problems.push(Problem::new("passed", e));
                None
            }
        });
        let certificate_type = c.text("certificate_type");
        let certificate_number = c.text("certificate_number");
        let certificate_expires = c.date("certificate_expires");
        if certificate_type.is_some() != certificate_number.is_some() {
            c.problems.push(Problem::new(
                if certificate_type.is_some() { "certificate_number" } else { "certificate_type" },
                "a certificate earned needs both its type and its number",
            ));
        }
        if certificate_type.is_some() && passed == Some(false) {
            c.problems.push(Problem::new(
                "certificate_type",
                crate::admin::admin_training_failed_no_certificate().to_string(),
            ));
        }
        if certificate_type.is_none() && certificate_expires.is_some() {
            c.problems.push(Problem::new(
                "certificate_expires",
                crate::admin::admin_training_expiry_without_certificate().to_string(),
            ));
        }
        Attendance {
            training_code: c.key("training_code"),
            staff_code: c.key("staff_code"),
            hours: hours.unwrap_or_default(),
            score,
            passed,
            certificate_type,
            certificate_number,
            certificate_expires,
        }
    }

    fn key(&self) -> String {
        serde_json::to_string(&[&self.training_code, &self.staff_code]).unwrap_or_default()
    }

    fn label(&self) -> String {
        format!("{} {}", self.training_code, self.staff_code)
    }

    fn key_column() -> &'static str {
        "staff_code"
    }
}

/// The training's id and hours, the staff member's id: what an attendance refers to.
fn refs(tx: &Tx, a: &Attendance) -> Result<Result<(i64, String, i64), Problem>> {
    let Some((training_id, hours)) = store::training_hours(tx, &a.training_code)? else {
        return Ok(Err(Problem::new(
            "training_code",
            crate::admin::admin_training_no_training(&a.training_code).to_string(),
        )));
    };
    let Some(staff_id) = store::attendee(tx, &a.staff_code)? else {
        return Ok(Err(Problem::new(
            "staff_code",
            crate::records::missing_reference::<crate::staff::Staff>(
                tx.conn(),
                &a.staff_code,
                crate::admin::admin_training_no_staff(&a.staff_code),
            ),
        )));
    };
    Ok(Ok((training_id, hours, staff_id)))
}

/// The certificate an attendance earned, recorded as the staff member's, issued on the
/// training's last day: added when new, left alone when it is already on record.
fn earn_certificate(tx: &Tx, a: &Attendance, staff_id: i64) -> Result<Result<(), Problem>> {
    let (Some(kind), Some(number)) = (&a.certificate_type, &a.certificate_number) else { return Ok(Ok(())) };
    match store::certificate_holder(tx, kind, number)? {
        Some(h) if h == staff_id => Ok(Ok(())),
        Some(_) => Ok(Err(Problem::new(
            "certificate_number",
            crate::admin::admin_training_certificate_other(kind, number).to_string(),
        ))),
        None => {
            let issued = store::last_day(tx, &a.training_code)?;
            store::insert_certificate(tx, staff_id, kind, number, &issued, a.certificate_expires.as_deref())?;
            let cert = crate::staff::Certificate {
                staff_code: a.staff_code.clone(),
                kind: kind.clone(),
                number: number.clone(),
                issued: Some(issued),
                expires: a.certificate_expires.clone(),
            };
            crate::db::history::record(
                tx,
                crate::staff::Certificate::ENTITY,
                &cert.label(),
                "earn",
                None,
                Some(&serde_json::json!({"certificate": cert, "training": a.training_code})),
            )?;
            Ok(Ok(()))
        }
    }
}

impl Stored for Attendance {
    const TABLE: &'static str = "attendances";
    const INSERT_FIRST: bool = false;
    const LIST_COMMAND: &'static str = "svc training show TRAINING";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        let Ok([training, staff]) = serde_json::from_str::<[String; 2]>(key) else { return Ok(None) };
        store::find_attendance(conn, &training, &staff)
    }

    fn insert(tx: &Tx, a: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        let (training_id, hours, staff_id) = match refs(tx, a)? {
            Ok(r) => r,
            Err(p) => return Ok(Err(p)),
        };
        let mut a = a.clone();
        if a.hours.is_empty() {
            a.hours = hours;
        }
        if let Err(p) = earn_certificate(tx, &a, staff_id)? {
            return Ok(Err(p));
        }
        Ok(Ok(store::insert_attendance(tx, &a, training_id, staff_id)?))
    }

    fn update(tx: &Tx, id: i64, a: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        let (_, hours, staff_id) = match refs(tx, a)? {
            Ok(r) => r,
            Err(p) => return Ok(Err(p)),
        };
        let mut a = a.clone();
        if a.hours.is_empty() {
            a.hours = hours;
        }
        if let Err(p) = earn_certificate(tx, &a, staff_id)? {
            return Ok(Err(p));
        }
        store::update_attendance(tx, id, &a)?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        store::attendances(conn, None, None, each)
    }
}

/// The attendance of one training, or of one staff member, in order.
pub fn attendances(
    conn: &Connection,
    training: Option<&str>,
    staff: Option<&str>,
    each: &mut dyn FnMut(Attendance) -> Result<()>,
) -> Result<()> {
    store::attendances(conn, training, staff, each)
}

/// A staff member's trainings and exchanges, with the hours of each, for `staff show`.
#[derive(Debug, Clone, Serialize)]
pub struct Attended {
    pub training: String,
    pub title: String,
    pub kind: String,
    pub topics: String,
    pub day: String,
    pub hours: String,
    pub score: Option<i64>,
    pub passed: Option<bool>,
    pub certificate: Option<String>,
}

pub const ATTENDED_COLUMNS: &[&str] =
    &["training", "title", "kind", "topics", "day", "hours", "score", "passed", "certificate"];

pub fn attended(conn: &Connection, staff: &str) -> Result<Vec<Attended>> {
    store::attended(conn, staff)
}

/// Tenths of an hour a staff member (by id) spent in training on days in [from, to).
pub fn hours_between(conn: &Connection, staff_id: i64, from: &str, to: &str) -> Result<i64> {
    let mut total = 0;
    store::hours_attended(conn, staff_id, from, to, &mut |h| {
        total += tenths(&h).unwrap_or(0);
        Ok(())
    })?;
    Ok(total)
}

thread_local! {
    static WARNINGS: RefCell<Vec<Msg>> = const { RefCell::new(Vec::new()) };
}

/// A warning for the person at the terminal (not a refusal): the edge prints what
/// `take_warnings` returns on stderr once the command has run.
pub fn warn(msg: Msg) {
    WARNINGS.with(|w| w.borrow_mut().push(msg));
}

/// The warnings raised so far in this thread, each once.
pub fn take_warnings() -> Vec<Msg> {
    WARNINGS.with(|w| std::mem::take(&mut *w.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_columns_agree_with_the_schema() {
        crate::exchange::columns::assert_agree::<Training>();
        crate::exchange::columns::assert_agree::<Attendance>();
    }

    #[test]
    fn hours_are_tenths_and_topics_are_normalised() {
        assert_eq!(tenths("7.5"), Some(75));
        assert_eq!(tenths("16"), Some(160));
        assert_eq!(tenths("1.25"), None);
        assert_eq!(tenths("-1"), None);
        assert_eq!(tenths("abc"), None);
        assert_eq!(show_tenths(75), "7.5");
        assert_eq!(show_tenths(160), "16");
        assert_eq!(
            topics("Safe Operation, model: PM-9000；troubleshooting;safe-operation"),
            "safe-operation;model:PM-9000;troubleshooting"
        );
        assert_eq!(topic("MODEL:XR-200"), "model:XR-200");
    }
}
