//! The shared definitions every report figure is built from (docs/report.md): the period
//! a figure covers, a ratio that keeps its numerator and denominator, quantiles of
//! durations, and "—" for a figure that has nothing to count (never 0: a month without
//! repairs has no first-time-fix rate, not a rate of 0 %).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::utc_text;

/// How a figure without data is shown to people; JSON and YAML carry `null`.
pub const NO_DATA: &str = "—";

/// A half-open span of local days [from, until): the first day and the day after the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub until: NaiveDate,
}

impl Period {
    /// The instants bounding the period, as stored (UTC RFC 3339), local days.
    pub fn bounds(&self) -> (String, String) {
        (day_start(self.from), day_start(self.until))
    }

    /// Hours in the period (for availability).
    pub fn hours(&self) -> f64 {
        (self.until - self.from).num_hours() as f64
    }

    /// The calendar month holding `day`.
    pub fn month_of(day: NaiveDate) -> Period {
        let from = day.with_day0(0).unwrap_or(day);
        Period { from, until: from.checked_add_months(chrono::Months::new(1)).unwrap_or(from) }
    }

    /// The month before this period's first day.
    pub fn previous_month(&self) -> Period {
        Period::month_of(self.from.pred_opt().unwrap_or(self.from))
    }

    /// `2026-11`.
    pub fn month_name(&self) -> String {
        self.from.format("%Y-%m").to_string()
    }
}

use chrono::Datelike;

/// The instant a local day begins, as stored (UTC RFC 3339).
pub fn day_start(d: NaiveDate) -> String {
    let wall = d.and_time(NaiveTime::MIN);
    let t: DateTime<Utc> = crate::clock::display_zone().instant(&wall).unwrap_or_else(|| wall.and_utc());
    utc_text(t)
}

/// A count out of another: `kept` of `of` (the names are those stored in appraisal runs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Ratio {
    pub kept: i64,
    pub of: i64,
}

impl Ratio {
    pub fn add(&mut self, kept: bool) {
        self.of += 1;
        self.kept += i64::from(kept);
    }

    /// As a percentage, when there is anything to count.
    pub fn percent(&self) -> Option<f64> {
        (self.of > 0).then(|| self.kept as f64 * 100.0 / self.of as f64)
    }

    /// `kept/of`, as a person checks it.
    pub fn show(&self) -> String {
        format!("{}/{}", self.kept, self.of)
    }
}

/// A sum of answers and their number: a mean when there is an answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Mean {
    pub sum: f64,
    pub n: i64,
}

impl Mean {
    pub fn add(&mut self, x: f64) {
        self.sum += x;
        self.n += 1;
    }

    pub fn value(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }
}

/// Net promoter score: answers 9-10 promote, 0-6 detract; (promoters − detractors) per
/// 100 answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Nps {
    pub promoters: i64,
    pub detractors: i64,
    pub answers: i64,
}

impl Nps {
    pub fn add(&mut self, score: i64) {
        self.answers += 1;
        self.promoters += i64::from(score >= 9);
        self.detractors += i64::from(score <= 6);
    }

    pub fn value(&self) -> Option<i64> {
        (self.answers > 0)
            .then(|| ((self.promoters - self.detractors) as f64 * 100.0 / self.answers as f64).round() as i64)
    }
}

/// The `q`-quantile (0 < q ≤ 1) by nearest rank: the smallest value with at least q of
/// the values at or below it (the median of 1, 2, 3, 4 is 2; its p90 is 4). Nearest rank
/// always names a value that happened, which a person can find among the records.
pub fn quantile(values: &mut [f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    Some(values[rank - 1])
}

/// Hours between two stored instants (never negative); none when either is unreadable.
pub fn hours_between(from: &str, to: &str) -> Option<f64> {
    let a = DateTime::parse_from_rfc3339(from).ok()?;
    let b = DateTime::parse_from_rfc3339(to).ok()?;
    Some(((b - a).num_seconds().max(0)) as f64 / 3600.0)
}

/// A figure's value for output: a number rounded to `decimals`, or null.
pub fn number(v: Option<f64>, decimals: usize) -> Value {
    match v {
        Some(x) if x.is_finite() => {
            let p = 10f64.powi(decimals as i32);
            let r = (x * p).round() / p;
            if decimals == 0 {
                Value::from(r as i64)
            } else {
                serde_json::Number::from_f64(r).map(Value::Number).unwrap_or(Value::Null)
            }
        }
        _ => Value::Null,
    }
}

/// A value as people read it: "—" for no data, numbers with their decimals.
pub fn shown(v: &Value, decimals: usize) -> String {
    match v {
        Value::Null => NO_DATA.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(x) if decimals > 0 => format!("{x:.decimals$}"),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Fen as yuan with two decimals.
pub fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_name_a_value_that_happened() {
        let mut v = vec![4.0, 1.0, 3.0, 2.0];
        assert_eq!(quantile(&mut v, 0.5), Some(2.0));
        assert_eq!(quantile(&mut v, 0.9), Some(4.0));
        assert_eq!(quantile(&mut [7.0], 0.9), Some(7.0));
        assert_eq!(quantile(&mut [], 0.5), None, "no data is no figure, not 0");
    }

    #[test]
    fn ratios_and_means_without_data_are_none() {
        assert_eq!(Ratio::default().percent(), None);
        assert_eq!(Ratio { kept: 1, of: 4 }.percent(), Some(25.0));
        assert_eq!(Mean::default().value(), None);
        let mut n = Nps::default();
        assert_eq!(n.value(), None);
        for s in [10, 9, 7, 3] {
            n.add(s);
        }
        assert_eq!(n.value(), Some(25));
        assert_eq!(shown(&number(None, 1), 1), NO_DATA);
        assert_eq!(shown(&number(Some(2.25), 1), 1), "2.3");
    }

    #[test]
    fn months_and_their_predecessors() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let m = Period::month_of(d("2026-01-15"));
        assert_eq!((m.from, m.until), (d("2026-01-01"), d("2026-02-01")));
        assert_eq!(m.previous_month().from, d("2025-12-01"));
        assert_eq!(m.month_name(), "2026-01");
    }
}
