//! The career ladder (R2.2.3): grades in order, each with what it takes to reach it,
//! promotions recorded (never changed), and each person's standing computed from the
//! records: time in grade, valid certificates, training hours in the last 12 months,
//! the score of their last confirmed appraisal.

use chrono::{Months, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{msg, store};
use crate::db::{history, Tx};
use crate::error::{Error, Result};

/// A grade and what reaching it takes (each criterion met or not; absent: none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    pub grade: String,
    /// Months in the grade below.
    #[serde(default)]
    pub months_in_grade: i64,
    /// Certificates valid today.
    #[serde(default)]
    pub certificates: i64,
    /// Hours of training in the last 12 months.
    #[serde(default)]
    pub training_hours: i64,
    /// Score of the last confirmed appraisal.
    #[serde(default)]
    pub score: i64,
}

/// The ladder shipped: technician I to IV, engineer, senior engineer. A service can
/// give its own (`--ladder FILE`, a YAML list of the same fields).
pub const DEFAULT_LADDER: &str = include_str!("ladder.yaml");

pub fn parse(name: &str, text: &str) -> Result<Vec<Grade>> {
    let grades: Vec<Grade> = serde_yaml::from_str(text).map_err(|e| {
        Error::invalid(msg::training_ladder_unreadable(name, crate::words::rows::yaml_problem(&e).to_string()))
    })?;
    if grades.is_empty() {
        return Err(Error::invalid(msg::training_ladder_unreadable(name, "no grade")));
    }
    Ok(grades)
}

pub fn default() -> Vec<Grade> {
    parse("the built-in ladder", DEFAULT_LADDER).expect("the built-in ladder parses (a test reads it)")
}

fn names(ladder: &[Grade]) -> String {
    ladder.iter().map(|g| g.grade.as_str()).collect::<Vec<_>>().join(", ")
}

/// A staff member's grade now and the day they reached it (their latest promotion).
pub fn current(conn: &Connection, staff_id: i64) -> Result<Option<(String, String)>> {
    store::current_grade(conn, staff_id)
}

/// Record a promotion (or the first grading) on `day`; the grade must be on the ladder
/// and differ from the present one.
pub fn promote(tx: &Tx, ladder: &[Grade], staff: &str, to: &str, reason: &str, by: &str, day: NaiveDate) -> Result<()> {
    if !ladder.iter().any(|g| g.grade == to) {
        return Err(Error::invalid(msg::training_grade_unknown(to, names(ladder))));
    }
    if reason.trim().is_empty() {
        return Err(Error::invalid(msg::training_reason_empty()));
    }
    let (staff_id, _) = crate::records::get::<crate::staff::Staff>(tx.conn(), staff)?;
    let by_id = crate::staff::active(tx.conn(), by, |s| crate::words::m::staff_inactive(s))?;
    let before = current(tx.conn(), staff_id)?;
    if before.as_ref().is_some_and(|(g, _)| g == to) {
        return Err(Error::refused(msg::training_grade_same(staff, to)));
    }
    store::insert_promotion(
        tx,
        &store::PromotionRow { staff_id, grade: to, on_day: day.to_string(), reason: reason.trim(), by_id },
    )?;
    history::record(
        tx,
        "promotion",
        staff,
        "promote",
        before.map(|(g, d)| json!({"grade": g, "since": d})).as_ref(),
        Some(&json!({"grade": to, "since": day.to_string(), "reason": reason.trim(), "by": by})),
    )
}

/// One person on the ladder.
#[derive(Debug, Clone, Serialize)]
pub struct Rung {
    pub staff: String,
    pub name: String,
    pub grade: Option<String>,
    pub since: Option<String>,
    pub months_in_grade: Option<i64>,
    pub certificates: i64,
    pub training_hours: String,
    pub last_score: Option<String>,
    pub next: Option<String>,
    /// The next grade's criteria, each `name ok` or `name short`.
    pub criteria: String,
    pub eligible: bool,
}

pub const RUNG_COLUMNS: &[&str] = &[
    "staff",
    "name",
    "grade",
    "since",
    "months_in_grade",
    "certificates",
    "training_hours",
    "last_score",
    "next",
    "criteria",
    "eligible",
];

/// Whole months from `from` to `to`.
pub fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let mut n = 0i64;
    while from.checked_add_months(Months::new((n + 1) as u32)).is_some_and(|d| d <= to) {
        n += 1;
    }
    n
}

/// Where each active technical staff member stands on `today`.
pub fn ladder(conn: &Connection, grades: &[Grade], today: NaiveDate) -> Result<Vec<Rung>> {
    let staff = store::ladder_staff(conn)?;
    let year_ago = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let tomorrow = today.succ_opt().unwrap_or(today);
    let mut out = Vec::new();
    for (id, code, name) in staff {
        let now = current(conn, id)?;
        let certificates = store::valid_certificates(conn, id, &today.to_string())?;
        let hours = super::hours_between(conn, id, &year_ago.to_string(), &tomorrow.to_string())?;
        let last_score = store::last_appraisal_score(conn, id)?;
        let since = now.as_ref().and_then(|(_, d)| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let months = since.map(|d| months_between(d, today));
        let position = now.as_ref().and_then(|(g, _)| grades.iter().position(|x| &x.grade == g));
        let next = match position {
            Some(i) => grades.get(i + 1),
            None => grades.first(),
        };
        let score = last_score.as_deref().and_then(|s| s.parse::<f64>().ok());
        let (criteria, eligible) = match next {
            None => (String::new(), false),
            Some(g) => criteria(g, months, certificates, hours, score),
        };
        out.push(Rung {
            staff: code,
            name,
            grade: now.as_ref().map(|(g, _)| g.clone()),
            since: now.map(|(_, d)| d),
            months_in_grade: months,
            certificates,
            training_hours: super::show_tenths(hours),
            last_score,
            next: next.map(|g| g.grade.clone()),
            criteria,
            eligible,
        });
    }
    Ok(out)
}

/// The next grade's criteria against a person's record: months in the present grade,
/// valid certificates, training hours (tenths) in the last 12 months, the last confirmed
/// appraisal's score. Each criterion `name ok` or `name short`, joined by `; `, and
/// whether all are met (a criterion of 0 asks nothing).
pub fn criteria(g: &Grade, months: Option<i64>, certificates: i64, hours: i64, score: Option<f64>) -> (String, bool) {
    let checks = [
        ("months_in_grade", g.months_in_grade == 0 || months.is_some_and(|m| m >= g.months_in_grade)),
        ("certificates", certificates >= g.certificates),
        ("training_hours", hours >= g.training_hours * 10),
        ("score", g.score == 0 || score.is_some_and(|s| s >= g.score as f64)),
    ];
    let text =
        checks.iter().map(|(n, ok)| format!("{n} {}", if *ok { "ok" } else { "short" })).collect::<Vec<_>>().join("; ");
    (text, checks.iter().all(|(_, ok)| *ok))
}

/// A staff member's promotions, oldest first, for `staff show`.
pub fn promotions(conn: &Connection, staff: &str) -> Result<Vec<Vec<serde_json::Value>>> {
    Ok(store::promotions(conn, staff)?.into_iter().map(|row| row.into_iter().map(|v| json!(v)).collect()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_ladder_parses_and_climbs() {
        let l = default();
        assert_eq!(l.first().unwrap().grade, "technician-i");
        assert_eq!(l.last().unwrap().grade, "senior-engineer");
        assert!(parse("x", "- grade: a\n  colour: red\n").is_err(), "unknown fields are refused");
    }

    #[test]
    fn months_in_grade_are_whole_months() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(months_between(d("2025-01-31"), d("2025-02-28")), 1);
        assert_eq!(months_between(d("2025-01-15"), d("2026-01-14")), 11);
        assert_eq!(months_between(d("2025-01-15"), d("2026-01-15")), 12);
    }

    #[test]
    fn r2_2_3_a_grade_is_reached_when_every_criterion_is_met() {
        let g = Grade { grade: "x".into(), months_in_grade: 12, certificates: 1, training_hours: 40, score: 80 };
        let (text, ok) = criteria(&g, Some(12), 1, 400, Some(80.0));
        assert_eq!(text, "months_in_grade ok; certificates ok; training_hours ok; score ok");
        assert!(ok);
        let (text, ok) = criteria(&g, None, 0, 399, None);
        assert_eq!(text, "months_in_grade short; certificates short; training_hours short; score short");
        assert!(!ok);
        let none = Grade { grade: "y".into(), months_in_grade: 0, certificates: 0, training_hours: 0, score: 0 };
        assert!(criteria(&none, None, 0, 0, None).1, "a criterion of 0 asks nothing");
    }
}
