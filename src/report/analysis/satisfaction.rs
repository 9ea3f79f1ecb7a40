//! `svc report satisfaction` (R3.5.2): how satisfied customers are, month by month —
//! follow-up scores (1–5) and NPS of the repairs' follow-ups, survey scores per
//! question — and the lowest-rated repairs with their technicians, to act on.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde_json::Value;

use super::common::{day_start, fig, month_start_back, months, nps, zone_modifier};
use super::{print, Window};
use crate::cli::{Ctx, Period};
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Month,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The trend's step
    #[arg(long, value_enum, default_value = "month")]
    pub by: By,
    /// Instead of the trend, the N lowest-rated follow-ups of the period with their technicians
    #[arg(long, value_name = "N")]
    pub lowest: Option<usize>,
    /// The period [default: the last 12 months, this one included]
    #[command(flatten)]
    pub period: Period,
}

/// The sums of one month; the figures are computed from them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Month {
    pub followups: i64,
    pub score_sum: f64,
    pub scored: i64,
    pub f_promoters: i64,
    pub f_detractors: i64,
    pub f_rated: i64,
    pub surveys: i64,
    /// speed, quality, attitude, communication, overall: (sum, answers).
    pub questions: [(f64, i64); 5],
    pub s_promoters: i64,
    pub s_detractors: i64,
    pub s_rated: i64,
}

pub const QUESTIONS: [&str; 5] = ["speed", "quality", "attitude", "communication", "overall"];

pub const TREND_COLUMNS: &[&str] = &[
    "month",
    "followups",
    "followup_score",
    "followup_nps",
    "surveys",
    "speed",
    "quality",
    "attitude",
    "communication",
    "overall",
    "survey_nps",
    "nps",
];

impl Month {
    /// The month's row: means and NPS, none where nobody answered.
    pub fn cells(&self, month: &str) -> Vec<Value> {
        let mean = |(sum, n): (f64, i64)| fig(super::common::ratio(sum, n as f64), 2);
        let mut row = vec![
            Value::from(month),
            Value::from(self.followups),
            mean((self.score_sum, self.scored)),
            fig(nps(self.f_promoters, self.f_detractors, self.f_rated), 0),
            Value::from(self.surveys),
        ];
        row.extend(self.questions.iter().map(|q| mean(*q)));
        row.push(fig(nps(self.s_promoters, self.s_detractors, self.s_rated), 0));
        row.push(fig(
            nps(
                self.f_promoters + self.s_promoters,
                self.f_detractors + self.s_detractors,
                self.f_rated + self.s_rated,
            ),
            0,
        ));
        row
    }
}

pub fn run(ctx: &Ctx, a: Args) -> Result<i32> {
    let db = ctx.open()?;
    let now = ctx.clock.now();
    let today = ctx.clock.today();
    let period =
        Period { since: a.period.since.or_else(|| day_start(month_start_back(today, 11))), until: a.period.until };
    let w = Window::of(&period, now);
    let zone = zone_modifier(now);
    if let Some(n) = a.lowest {
        let rows = lowest(db.conn(), &w, &zone, n)?;
        return print(ctx, LOWEST_COLUMNS, rows);
    }
    let by_month = trend(db.conn(), &w, &zone)?;
    let first = w.since_day.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).unwrap_or(today);
    let last = NaiveDate::parse_from_str(&w.until_day, "%Y-%m-%d").map(|d| d.pred_opt().unwrap_or(d)).unwrap_or(today);
    let empty = Month::default();
    print(ctx, TREND_COLUMNS, months(first, last).into_iter().map(|m| by_month.get(&m).unwrap_or(&empty).cells(&m)))
}

/// The sums of each month with data: follow-ups by the month they were held, surveys by
/// the month they were taken.
pub fn trend(conn: &Connection, w: &Window, zone: &str) -> Result<HashMap<String, Month>> {
    let mut months: HashMap<String, Month> = HashMap::new();
    crate::db::each_row(
        conn,
        "SELECT strftime('%Y-%m', done_at, ?3), count(*), coalesce(sum(satisfaction), 0), count(satisfaction),
                coalesce(sum(nps >= 9), 0), coalesce(sum(nps <= 6), 0), count(nps)
           FROM followups WHERE done_at IS NOT NULL AND (?1 IS NULL OR done_at >= ?1) AND done_at < ?2
          GROUP BY 1",
        params![w.since, w.until, zone],
        "summing follow-up scores",
        |r| Ok((r.get::<_, String>(0)?, [r.get::<_, i64>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?])),
        &mut |(m, v): (String, [i64; 6])| {
            let e = months.entry(m).or_default();
            (e.followups, e.score_sum, e.scored) = (v[0], v[1] as f64, v[2]);
            (e.f_promoters, e.f_detractors, e.f_rated) = (v[3], v[4], v[5]);
            Ok(())
        },
    )?;
    crate::db::each_row(
        conn,
        "SELECT substr(date, 1, 7), count(*),
                coalesce(sum(speed), 0), count(speed), coalesce(sum(quality), 0), count(quality),
                coalesce(sum(attitude), 0), count(attitude), coalesce(sum(communication), 0), count(communication),
                coalesce(sum(overall), 0), count(overall),
                coalesce(sum(nps >= 9), 0), coalesce(sum(nps <= 6), 0), count(nps)
           FROM surveys WHERE (?1 IS NULL OR date >= ?1) AND date < ?2 GROUP BY 1",
        params![w.since_day, w.until_day],
        "summing survey scores",
        |r| {
            let mut v = [0i64; 14];
            for (i, x) in v.iter_mut().enumerate() {
                *x = r.get(i + 1)?;
            }
            Ok((r.get::<_, String>(0)?, v))
        },
        &mut |(m, v): (String, [i64; 14])| {
            let e = months.entry(m).or_default();
            e.surveys = v[0];
            for q in 0..5 {
                e.questions[q] = (v[1 + 2 * q] as f64, v[2 + 2 * q]);
            }
            (e.s_promoters, e.s_detractors, e.s_rated) = (v[11], v[12], v[13]);
            Ok(())
        },
    )?;
    Ok(months)
}

pub const LOWEST_COLUMNS: &[&str] =
    &["repair", "day", "customer_code", "institution", "model", "technician", "technician_name", "satisfaction", "nps"];

/// The follow-ups of the period with the lowest scores (then the lowest NPS), with the
/// repair's technician: who signed its latest report, else who the ticket was assigned
/// to. The customer by code and institution only: no contact, phone or address.
pub fn lowest(conn: &Connection, w: &Window, zone: &str, n: usize) -> Result<Vec<Vec<Value>>> {
    let mut rows = Vec::new();
    crate::db::each_row(
        conn,
        "SELECT r.code, date(f.done_at, ?3), c.code, c.name, mo.model, s.code, s.name, f.satisfaction, f.nps
           FROM followups f JOIN repairs r ON r.id = f.repair_id JOIN tickets t ON t.id = r.ticket_id
           JOIN customers c ON c.id = t.customer_id
           JOIN equipment e ON e.id = r.equipment_id JOIN models mo ON mo.id = e.model_id
           LEFT JOIN staff s ON s.id = coalesce(
                (SELECT p.by_staff FROM reports p WHERE p.repair_id = r.id ORDER BY p.version DESC LIMIT 1), t.assigned_to)
          WHERE f.done_at IS NOT NULL AND f.satisfaction IS NOT NULL
            AND (?1 IS NULL OR f.done_at >= ?1) AND f.done_at < ?2
          ORDER BY f.satisfaction, f.nps IS NULL, f.nps, f.done_at, r.code LIMIT ?4",
        params![w.since, w.until, zone, n as i64],
        "finding the lowest-rated repairs",
        |r| {
            (0..9)
                .map(|i| r.get::<_, rusqlite::types::Value>(i).map(sql_json))
                .collect::<rusqlite::Result<Vec<Value>>>()
        },
        &mut |row| {
            rows.push(row);
            Ok(())
        },
    )?;
    Ok(rows)
}

/// A SQLite value as JSON (text, integer, real, null).
pub fn sql_json(v: rusqlite::types::Value) -> Value {
    use rusqlite::types::Value as V;
    match v {
        V::Null | V::Blob(_) => Value::Null,
        V::Integer(i) => Value::from(i),
        V::Real(f) => fig(Some(f), 2),
        V::Text(s) => Value::from(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r3_5_2_a_month_without_answers_has_no_scores_only_zero_counts() {
        let cells = Month::default().cells("2026-02");
        assert_eq!(cells[0], Value::from("2026-02"));
        assert_eq!(cells[1], Value::from(0));
        assert!(cells[2..4].iter().all(Value::is_null));
        assert!(cells[5..].iter().all(Value::is_null));
    }

    #[test]
    fn r3_5_2_nps_joins_follow_ups_and_surveys() {
        let m = Month {
            followups: 2,
            score_sum: 9.0,
            scored: 2,
            f_promoters: 1,
            f_detractors: 1,
            f_rated: 2,
            surveys: 1,
            questions: [(4.0, 1), (0.0, 0), (5.0, 1), (3.0, 1), (4.0, 1)],
            s_promoters: 1,
            s_detractors: 0,
            s_rated: 1,
        };
        let c = m.cells("2026-01");
        assert_eq!(c[2], fig(Some(4.5), 2));
        assert_eq!(c[3], fig(Some(0.0), 0));
        assert_eq!(c[6], Value::Null, "nobody answered the quality question");
        assert_eq!(c[10], fig(Some(100.0), 0));
        // (1 + 1 - 1) / 3 = 33 points.
        assert_eq!(c[11], fig(Some(33.0), 0));
    }
}
