//! `svc report satisfaction` (R3.5.2): how satisfied customers are, month by month —
//! follow-up scores (1–5) and NPS of the repairs' follow-ups, survey scores per
//! question — and the lowest-rated repairs with their technicians, to act on.

use chrono::NaiveDate;
use serde_json::Value;

use super::common::{day_start, fig, month_start_back, months, nps, zone_modifier};
use super::{print, Window};
use crate::cli::{Ctx, Period};
use crate::error::Result;
use crate::report::store::satisfaction as store;

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
        let rows = store::lowest(db.conn(), &w, &zone, n)?;
        return print(ctx, LOWEST_COLUMNS, rows);
    }
    let by_month = store::months(db.conn(), &w, &zone)?;
    let first = w.since_day.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).unwrap_or(today);
    let last = NaiveDate::parse_from_str(&w.until_day, "%Y-%m-%d").map(|d| d.pred_opt().unwrap_or(d)).unwrap_or(today);
    let empty = Month::default();
    print(ctx, TREND_COLUMNS, months(first, last).into_iter().map(|m| by_month.get(&m).unwrap_or(&empty).cells(&m)))
}

pub const LOWEST_COLUMNS: &[&str] =
    &["repair", "day", "customer_code", "institution", "model", "technician", "technician_name", "satisfaction", "nps"];

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
