//! Periodic satisfaction surveys (R3.5.2): questionnaire or phone answers about the
//! whole service, one row per customer, date and channel, scores 1–5 per question.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::exchange::{Check, Problem, Record, Stored};

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
        c.problems.push(Problem::new(column, format!("{v} is above {max} (scores are {min} to {max})")));
        return None;
    }
    Some(v)
}

impl Record for Survey {
    const ENTITY: &'static str = "survey";
    const PLURAL: &'static str = "surveys";
    const COLUMNS: &'static [&'static str] = &[
        "customer_code",
        "date",
        "channel",
        "respondent",
        "speed",
        "quality",
        "attitude",
        "communication",
        "overall",
        "nps",
        "comment",
    ];
    const REQUIRED: &'static [&'static str] = &["customer_code", "date", "channel", "overall"];
    const PERSONAL: &'static [&'static str] = &["respondent"];

    fn parse(c: &mut Check) -> Self {
        let date = c.date("date");
        if date.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("date")) {
            c.problems.push(Problem::new("date", "missing (the day of the survey)"));
        }
        let overall = score(c, "overall", 5, 1);
        if overall.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("overall")) {
            c.problems.push(Problem::new("overall", "missing (the overall score, 1 to 5)"));
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

const SELECT: &str = "SELECT s.id, c.code, s.date, s.channel, s.respondent, s.speed, s.quality, s.attitude,
        s.communication, s.overall, s.nps, s.comment FROM surveys s JOIN customers c ON c.id = s.customer_id";

fn from_row(r: &Row) -> rusqlite::Result<(i64, Survey)> {
    Ok((
        r.get(0)?,
        Survey {
            customer_code: r.get(1)?,
            date: r.get(2)?,
            channel: r.get(3)?,
            respondent: r.get(4)?,
            speed: r.get(5)?,
            quality: r.get(6)?,
            attitude: r.get(7)?,
            communication: r.get(8)?,
            overall: r.get(9)?,
            nps: r.get(10)?,
            comment: r.get(11)?,
        },
    ))
}

fn customer(tx: &Tx, code: &str) -> Result<Result<i64, Problem>> {
    Ok(crate::customer::Customer::find_id(tx, code)?
        .ok_or_else(|| Problem::new("customer_code", format!("no customer {code} (import customers first)"))))
}

impl Stored for Survey {
    const TABLE: &'static str = "surveys";
    const LIST_COMMAND: &'static str = "svc survey list";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        let Ok([customer, date, channel]) = serde_json::from_str::<[String; 3]>(key) else { return Ok(None) };
        conn.prepare_cached(&format!("{SELECT} WHERE c.code = ?1 AND s.date = ?2 AND s.channel = ?3"))
            .and_then(|mut s| s.query_row([customer, date, channel], from_row).optional())
            .ctx("looking up a survey")
    }

    fn insert(tx: &Tx, s: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        let id = match customer(tx, &s.customer_code)? {
            Ok(id) => id,
            Err(p) => return Ok(Err(p)),
        };
        tx.prepare_cached(
            "INSERT INTO surveys(customer_id, date, channel, respondent, speed, quality, attitude, communication,
                                 overall, nps, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )
        .and_then(|mut st| {
            st.execute(params![
                id,
                s.date,
                s.channel,
                s.respondent,
                s.speed,
                s.quality,
                s.attitude,
                s.communication,
                s.overall,
                s.nps,
                s.comment
            ])
        })
        .ctx("adding a survey")?;
        Ok(Ok(tx.last_insert_rowid()))
    }

    fn update(tx: &Tx, id: i64, s: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        tx.prepare_cached(
            "UPDATE surveys SET respondent = ?2, speed = ?3, quality = ?4, attitude = ?5, communication = ?6,
                    overall = ?7, nps = ?8, comment = ?9 WHERE id = ?1",
        )
        .and_then(|mut st| {
            st.execute(params![
                id,
                s.respondent,
                s.speed,
                s.quality,
                s.attitude,
                s.communication,
                s.overall,
                s.nps,
                s.comment
            ])
        })
        .ctx("changing a survey")?;
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
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    let sql = format!(
        "{SELECT} WHERE (?1 IS NULL OR c.code = ?1) AND (?2 IS NULL OR s.channel = ?2) AND (?3 IS NULL OR s.date >= ?3)
               AND (?4 IS NULL OR s.date <= ?4) ORDER BY s.date, c.code, s.channel LIMIT ?5"
    );
    let params = params![f.customer, f.channel, f.since, f.until, limit];
    crate::db::each_row(conn, &sql, params, "listing surveys", |row| from_row(row).map(|(_, record)| record), each)
}
