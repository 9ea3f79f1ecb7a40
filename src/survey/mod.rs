//! Periodic satisfaction surveys (R3.5.2): questionnaire or phone answers about the
//! whole service, one row per customer, date and channel, scores 1–5 per question.

mod store;

use rusqlite::Connection;
use serde::Serialize;

use crate::db::Tx;
use crate::error::Result;
use crate::exchange::columns::Columns;
use crate::exchange::{Check, Problem, Record, Stored};
use crate::words::rows;

pub const CHANNELS: &[&str] = &["questionnaire", "phone", "online", "visit"];
/// The questions, each scored 1 (poor) to 5 (excellent).
pub const QUESTIONS: &[&str] = &["speed", "quality", "attitude", "communication", "overall"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Survey {
    pub customer_code: String,
    pub date: String,
    pub channel: String,
    pub respondent: Option<String>,
    pub speed: Option<i64>,
    pub quality: Option<i64>,
    pub attitude: Option<i64>,
    pub communication: Option<i64>,
    pub overall: i64,
    pub nps: Option<i64>,
    pub comment: Option<String>,
}

fn score(c: &mut Check, column: &str, max: i64, min: i64) -> Option<i64> {
    let v = c.integer(column, min)?;
    if v > max {
        c.problems.push(Problem::new(column, rows::rows_survey_score_above(v, min, max).to_string()));
        return None;
    }
    Some(v)
}

crate::record_columns! {
    Survey in Table::new("surveys").joined("s", "JOIN customers c ON c.id = s.customer_id") => {
        customer_code: Field::new("customer_code").read("c.code").resolved("customer_id").key(),
        date: Field::new("date").key(),
        channel: Field::new("channel").key(),
        respondent: Field::new("respondent").personal(),
        speed: Field::new("speed"),
        quality: Field::new("quality"),
        attitude: Field::new("attitude"),
        communication: Field::new("communication"),
        overall: Field::new("overall"),
        nps: Field::new("nps"),
        comment: Field::new("comment"),
    }
}

impl Record for Survey {
    const ENTITY: &'static str = "survey";
    const PLURAL: &'static str = "surveys";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["customer_code", "date", "channel", "overall"];
    const PERSONAL: &'static [&'static str] = Self::PERSONAL_NAMES;

    fn parse(c: &mut Check) -> Self {
        let date = c.date("date");
        if date.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("date")) {
            c.problems.push(Problem::new("date", rows::rows_survey_date_missing().to_string()));
        }
        let overall = score(c, "overall", 5, 1);
        if overall.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("overall")) {
            c.problems.push(Problem::new("overall", rows::rows_survey_overall_missing().to_string()));
        }
        Survey {
            customer_code: c.key("customer_code"),
            date: date.unwrap_or_default(),
            channel: c.choice("channel", CHANNELS, None),
            respondent: c.text("respondent"),
            speed: score(c, "speed", 5, 1),
            quality: score(c, "quality", 5, 1),
            attitude: score(c, "attitude", 5, 1),
            communication: score(c, "communication", 5, 1),
            overall: overall.unwrap_or(0),
            nps: score(c, "nps", 10, 0),
            comment: c.text("comment"),
        }
    }

    /// Customer, date and channel, as a JSON triple.
    fn key(&self) -> String {
        serde_json::to_string(&[&self.customer_code, &self.date, &self.channel]).unwrap_or_default()
    }

    fn label(&self) -> String {
        format!("{} {} {}", self.customer_code, self.date, self.channel)
    }
}

fn customer(tx: &Tx, code: &str) -> Result<Result<i64, Problem>> {
    Ok(crate::customer::Customer::find_id(tx.conn(), code)?.ok_or_else(|| {
        let problem = crate::words::m::equipment_no_customer(code);
        Problem::new(
            "customer_code",
            crate::records::missing_reference::<crate::customer::Customer>(tx.conn(), code, problem),
        )
    }))
}

impl Stored for Survey {
    const TABLE: &'static str = "surveys";
    const LIST_COMMAND: &'static str = "svc survey list";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        let Ok([customer, date, channel]) = serde_json::from_str::<[String; 3]>(key) else { return Ok(None) };
        store::find(conn, &customer, &date, &channel)
    }

    fn insert(tx: &Tx, s: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        let id = match customer(tx, &s.customer_code)? {
            Ok(id) => id,
            Err(p) => return Ok(Err(p)),
        };
        Ok(Ok(store::insert(tx, s, id)?))
    }

    fn update(tx: &Tx, id: i64, s: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        store::update(tx, id, s)?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        list(conn, &Filter::default(), each)
    }
}

#[derive(Debug, Default)]
pub struct Filter {
    pub customer: Option<String>,
    pub channel: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<u64>,
}

/// Surveys by date, then customer.
pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Survey) -> Result<()>) -> Result<()> {
    store::list(conn, f, each)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_agree_with_the_schema() {
        crate::exchange::columns::assert_agree::<Survey>();
        // The key (customer, date, channel) is never updated.
        assert!(!Survey::sql().update.contains("customer_id"), "{}", Survey::sql().update);
    }
}
