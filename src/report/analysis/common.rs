//! Small shared pieces of the analyses: statistics that must say "no data" rather than
//! 0, the Pareto shares, the months of a period, and the way a missing figure reaches
//! people ("—") and programs (null).

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use crate::exchange::sink::OutFormat;

/// What a figure without data shows in tables for people; csv, json and yaml keep null.
pub const NO_DATA: &str = "—";

/// `num / den`, or None when there is nothing to divide by: no data is no figure.
pub fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

/// A sum of reals made as SQLite's `sum()` makes it (Kahan–Babuška–Neumaier summation,
/// SQLite 3.43 on; NULLs skipped; none without a value). Figures once summed in SQL and
/// now summed here add the same values in the same order the same way, so they come out
/// the same to the last bit and no printed figure moves.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SqlSum {
    sum: f64,
    err: f64,
    n: i64,
}

impl SqlSum {
    pub fn add(&mut self, x: f64) {
        let (s, t) = (self.sum, self.sum + x);
        self.err += if s.abs() > x.abs() { (s - t) + x } else { (x - t) + s };
        self.sum = t;
        self.n += 1;
    }

    /// How many values were added (`count()` of them).
    pub fn count(&self) -> i64 {
        self.n
    }

    /// The sum, as `sum()` returns it: the running sum and its error term (the error
    /// left out when it overflowed), none when nothing was added.
    pub fn value(&self) -> Option<f64> {
        (self.n > 0).then(|| if self.err.is_finite() { self.sum + self.err } else { self.sum })
    }
}

/// The median of `values`, None for none.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

/// Net Promoter Score from `n` answers on 0–10: the share of promoters (9–10) minus the
/// share of detractors (0–6), in points from −100 to 100. None without answers.
pub fn nps(promoters: i64, detractors: i64, n: i64) -> Option<f64> {
    ratio((promoters - detractors) as f64 * 100.0, n as f64)
}

/// Each count's share of the total and the running (cumulative) share, in per cent, in
/// the order given (the caller sorts, most first): the two columns of a Pareto table.
pub fn pareto(counts: &[f64]) -> Vec<(Option<f64>, Option<f64>)> {
    let total: f64 = counts.iter().sum();
    let mut running = 0.0;
    counts
        .iter()
        .map(|c| {
            running += c;
            (ratio(c * 100.0, total), ratio(running * 100.0, total))
        })
        .collect()
}

/// A figure rounded to `places` decimals, as a JSON number; None is null.
pub fn fig(v: Option<f64>, places: i32) -> Value {
    let scale = 10f64.powi(places);
    v.filter(|x| x.is_finite())
        .and_then(|x| serde_json::Number::from_f64((x * scale).round() / scale))
        .map_or(Value::Null, Value::Number)
}

/// The months `YYYY-MM` from the month of `from` to the month of `to`, both included:
/// a trend shows every month, the ones without data too.
pub fn months(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let (mut y, mut m) = (from.year(), from.month());
    let mut out = Vec::new();
    while (y, m) <= (to.year(), to.month()) {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// The first day of the month `n` months before the month of `day` (n = 0: its own).
pub fn month_start_back(day: NaiveDate, n: u32) -> NaiveDate {
    let idx = day.year() * 12 + day.month0() as i32 - n as i32;
    NaiveDate::from_ymd_opt(idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1, 1).unwrap_or(day)
}

/// The instant the day `d` begins in the business zone.
pub fn day_start(d: NaiveDate) -> Option<chrono::DateTime<chrono::Utc>> {
    crate::clock::display_zone().instant(&d.and_hms_opt(0, 0, 0)?)
}

/// The SQLite modifier that turns a stored UTC time into the business zone's wall
/// time (`'+28800 seconds'`), so months and days are the ones people name.
pub fn zone_modifier(now: chrono::DateTime<chrono::Utc>) -> String {
    let secs = match crate::clock::display_zone() {
        crate::clock::Zone::Fixed(o) => o.local_minus_utc(),
        crate::clock::Zone::Local => now.with_timezone(&chrono::Local).offset().local_minus_utc(),
    };
    format!("{secs:+} seconds")
}

/// A row as it is printed: for people (table, md, html) a missing figure reads "—";
/// for programs it stays null.
pub fn shown_row(format: OutFormat, row: Vec<Value>) -> Vec<Value> {
    match format {
        OutFormat::Table | OutFormat::Md | OutFormat::Html => {
            row.into_iter().map(|v| if v.is_null() { Value::from(NO_DATA) } else { v }).collect()
        }
        _ => row,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_data_is_no_figure_never_zero() {
        assert_eq!(ratio(3.0, 0.0), None);
        assert_eq!(median(&mut []), None);
        assert_eq!(nps(0, 0, 0), None);
        assert_eq!(fig(None, 2), Value::Null);
        assert_eq!(fig(Some(f64::NAN), 2), Value::Null);
    }

    #[test]
    fn sql_sum_is_sqlite_s_sum_to_the_last_bit() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let tenths: Vec<f64> = (0..1000).map(|i| f64::from(i % 97) / 10.0 + 0.05).collect();
        for values in [vec![1e16, 1.0, -1e16], vec![0.1, 0.2, 0.3], tenths, vec![2.5, 1.5], vec![]] {
            let sql = format!(
                "SELECT sum(x) FROM (SELECT CAST(value AS REAL) AS x FROM json_each('{}') ORDER BY key)",
                serde_json::to_string(&values).unwrap()
            );
            let sqlite: Option<f64> = conn.query_row(&sql, [], |r| r.get(0)).unwrap();
            let mut ours = SqlSum::default();
            values.iter().for_each(|x| ours.add(*x));
            assert_eq!(ours.value().map(f64::to_bits), sqlite.map(f64::to_bits), "{values:?}");
            assert_eq!(ours.count(), values.len() as i64);
        }
        let naive: f64 = [1e16, 1.0, -1e16].iter().sum();
        assert_eq!(naive, 0.0, "a plain sum loses the 1 that SQLite's keeps");
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn nps_is_promoters_minus_detractors_in_points() {
        // 10, 9 promoters; 8 passive; 6, 0 detractors: (2 - 2) / 5.
        assert_eq!(nps(2, 2, 5), Some(0.0));
        assert_eq!(nps(3, 1, 4), Some(50.0));
        assert_eq!(nps(0, 2, 2), Some(-100.0));
    }

    #[test]
    fn pareto_shares_run_up_to_a_hundred() {
        let p = pareto(&[6.0, 3.0, 1.0]);
        assert_eq!(p, vec![(Some(60.0), Some(60.0)), (Some(30.0), Some(90.0)), (Some(10.0), Some(100.0))]);
        assert_eq!(pareto(&[0.0]), vec![(None, None)]);
    }

    #[test]
    fn months_cover_the_year_end_and_months_back_cross_it() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(months(d("2025-11-30"), d("2026-02-01")), ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(month_start_back(d("2026-02-17"), 2), d("2025-12-01"));
        assert_eq!(month_start_back(d("2026-02-17"), 0), d("2026-02-01"));
        assert_eq!(fig(Some(2.0 / 3.0), 2), serde_json::json!(0.67));
    }

    #[test]
    fn people_read_a_dash_programs_a_null() {
        let row = vec![Value::Null, Value::from(0)];
        assert_eq!(shown_row(OutFormat::Table, row.clone()), vec![Value::from(NO_DATA), Value::from(0)]);
        assert_eq!(shown_row(OutFormat::Json, row.clone()), row);
    }
}
