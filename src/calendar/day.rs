//! A listed day of the calendar (a public holiday or an adjusted working day), as a
//! record that moves as files: `svc calendar import 2027.csv` takes the year's schedule
//! as the State Council publishes it, `svc export DIR` carries it along.

use rusqlite::Connection;
use serde::Serialize;

use super::DayKind;
use crate::db::Tx;
use crate::error::Result;
use crate::exchange::columns::{self, Columns};
use crate::exchange::{Check, Problem, Record, Stored};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalendarDay {
    pub day: String,
    pub kind: String,
    pub name: Option<String>,
}

crate::record_columns! {
    CalendarDay in Table::new("calendar_days") => {
        day: Field::new("day").key().help("The date, YYYY-MM-DD"),
        kind: Field::new("kind").help("holiday (放假, 休) or workday (调休上班, 班)"),
        name: Field::new("name").help("What the day is, e.g. 国庆节 or 国庆节调休"),
    }
}

/// A kind as legacy schedules write it: the canonical word, or the marks of a Chinese
/// holiday table (休 for a day off, 班 for a day worked).
fn kind(v: &str) -> Result<DayKind, String> {
    match v.trim() {
        "休" | "放假" | "假" | "节假日" | "休息" => Ok(DayKind::Holiday),
        "班" | "上班" | "补班" | "调休上班" | "工作日" => Ok(DayKind::Workday),
        other => other.to_lowercase().parse(),
    }
}

impl Record for CalendarDay {
    const ENTITY: &'static str = "calendar_day";
    const PLURAL: &'static str = "calendar";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["day", "kind"];
    const PERSONAL: &'static [&'static str] = Self::PERSONAL_NAMES;
    const HELP: &'static [(&'static str, &'static str)] = Self::HELP_LINES;

    fn parse(c: &mut Check) -> Self {
        let given = c.problems.len();
        let day = c.date("day");
        if day.is_none() && c.problems.len() == given {
            c.problems.push(Problem::new("day", "missing (it is required)"));
        }
        let raw = c.required("kind");
        let kind = match kind(&raw) {
            Ok(k) => k.as_str().to_string(),
            Err(_) if raw.is_empty() => String::new(),
            Err(_) => {
                c.problems.push(Problem::new("kind", format!("{raw} is not holiday (休) or workday (班)")));
                String::new()
            }
        };
        CalendarDay { day: day.unwrap_or_default(), kind, name: c.text("name") }
    }

    fn key(&self) -> String {
        self.day.clone()
    }
}

impl Stored for CalendarDay {
    const TABLE: &'static str = "calendar_days";
    const LIST_COMMAND: &'static str = "svc calendar list";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        columns::find(conn, "WHERE day = ?1", [key], "looking up a calendar day")
    }

    fn insert(tx: &Tx, d: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        Ok(Ok(columns::insert(tx.conn(), d, &[], "adding a calendar day")?))
    }

    fn update(tx: &Tx, id: i64, d: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        columns::update(tx.conn(), id, d, &[], "changing a calendar day")?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        columns::each(conn, "ORDER BY day", [], "listing the calendar", each)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_schedule_marks_are_kinds() {
        assert_eq!(kind("休"), Ok(DayKind::Holiday));
        assert_eq!(kind("班"), Ok(DayKind::Workday));
        assert_eq!(kind(" Workday "), Ok(DayKind::Workday));
        assert!(kind("半天").is_err());
    }
}
