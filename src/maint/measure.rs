//! Measures of preventive maintenance (R1.2, for the KPI report): the completion rate
//! per month and risk class (done on time over due), and the parts the maintenance due
//! soon will take, as demand for purchasing.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::store;
use crate::due::{add_days, Window};
use crate::error::Result;

/// One month and risk class.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Completion {
    pub month: String,
    pub risk: String,
    /// Visits that fell due in the month: done (on time or late) or still open.
    pub due: i64,
    pub on_time: i64,
    pub late: i64,
    pub open: i64,
    /// Done on time over due, in percent with one decimal; blank when nothing was due.
    pub rate: Option<String>,
}

pub const COMPLETION_COLUMNS: &[&str] = &["month", "risk", "due", "on_time", "late", "open", "rate"];

/// Whether a visit on `done` answered a due day `due` on time: by the end of the grace
/// window of its risk class.
pub fn on_time(due: NaiveDate, done: NaiveDate, risk: &str) -> bool {
    done <= add_days(due, super::plan::grace_days(risk))
}

/// `on_time` over `due` as a percentage with one decimal (`87.5`), rounded half up.
pub fn rate(on_time: i64, due: i64) -> Option<String> {
    (due > 0).then(|| {
        let tenths = (on_time * 1000 + due / 2) / due;
        format!("{}.{}", tenths / 10, tenths % 10)
    })
}

/// Completion per month and risk class for due days from `since` to `until` (inclusive).
/// A visit counts in the month of the due day it answered; a schedule still open counts
/// in the month of its due day (retired devices are out).
pub fn completion(conn: &Connection, since: NaiveDate, until: NaiveDate) -> Result<Vec<Completion>> {
    let (since, until) = (since.to_string(), until.to_string());
    let done = store::visit::answered_between(conn, &since, &until)?;
    let open = store::schedule::open_between(conn, &since, &until)?;
    Ok(tally(&done, &open))
}

/// The completion rows of visits `done` (due day, day done, risk class) and schedules
/// still `open` (due day, risk class), by month of the due day, then risk class from
/// high to low. A visit whose days do not read is left out.
pub fn tally(done: &[(String, String, String)], open: &[(String, String)]) -> Vec<Completion> {
    let mut by: BTreeMap<(String, usize), Completion> = BTreeMap::new();
    fn slot<'a>(by: &'a mut BTreeMap<(String, usize), Completion>, due: &str, risk: &str) -> &'a mut Completion {
        let month = due.get(..7).unwrap_or(due);
        let order = super::plan::RISKS.iter().position(|x| *x == risk).unwrap_or(9);
        by.entry((month.to_string(), order)).or_insert_with(|| Completion {
            month: month.to_string(),
            risk: risk.to_string(),
            ..Default::default()
        })
    }
    for (due, done, risk) in done {
        let (Some(d), Some(x)) = (crate::clock::stored_day(due), crate::clock::stored_day(done)) else { continue };
        let c = slot(&mut by, due, risk);
        c.due += 1;
        if on_time(d, x, risk) {
            c.on_time += 1;
        } else {
            c.late += 1;
        }
    }
    for (due, risk) in open {
        let c = slot(&mut by, due, risk);
        c.due += 1;
        c.open += 1;
    }
    by.into_values()
        .map(|mut c| {
            c.rate = rate(c.on_time, c.due);
            c
        })
        .collect()
}

/// One part the maintenance due in the window will take.
#[derive(Debug, Clone, Serialize)]
pub struct PartDemand {
    pub part_no: String,
    pub name: String,
    pub qty: i64,
    pub devices: i64,
    pub on_hand: i64,
    pub short: i64,
}

pub const PARTS_COLUMNS: &[&str] = &["part_no", "name", "qty", "devices", "on_hand", "short"];

/// What the maintenance due in the window will take, per part number: the parts the
/// plans replace at each visit, summed over every device due (overdue ones included),
/// and how many devices that is. The demand `svc parts plan` adds to the repairs'.
pub fn demand(conn: &Connection, window: &Window) -> Result<BTreeMap<String, (i64, i64)>> {
    // The whole due list, a device read for each schedule due, whichever command asks.
    crate::db::Reads::Listing.prepare(conn)?;
    let due = super::schedule::due(conn, window, &Default::default())?;
    let mut need: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut plans: BTreeMap<String, super::Plan> = BTreeMap::new();
    for row in &due {
        if !plans.contains_key(&row.plan) {
            plans.insert(row.plan.clone(), super::plan::get(conn, &row.plan, None)?);
        }
        for p in &plans[&row.plan].parts {
            let n = need.entry(p.part_no.clone()).or_default();
            n.0 += p.qty;
            n.1 += 1;
        }
    }
    Ok(need)
}

/// The parts the plans replace at each visit, for every device due in the window
/// (overdue ones included), against what is on hand (`svc maint parts`, kept as an
/// alias of `svc parts plan --needs`).
pub fn parts(conn: &Connection, window: &Window) -> Result<Vec<PartDemand>> {
    let mut out = Vec::new();
    for (part_no, (qty, devices)) in demand(conn, window)? {
        let id = crate::parts::stock::part_id(conn, &part_no)?;
        let name = crate::parts::stock::part_name(conn, id)?;
        let on_hand = crate::parts::stock::part_on_hand(conn, id)?;
        out.push(PartDemand { part_no, name, qty, devices, on_hand, short: (qty - on_hand).max(0) });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn on_time_means_within_the_grace_window_of_the_risk_class() {
        assert!(on_time(day("2026-03-01"), day("2026-03-08"), "high"));
        assert!(!on_time(day("2026-03-01"), day("2026-03-09"), "high"));
        assert!(on_time(day("2026-03-01"), day("2026-03-31"), "medium"));
        assert!(on_time(day("2026-03-01"), day("2026-02-01"), "low"), "early is on time");
    }

    #[test]
    fn completion_counts_each_due_day_once_in_its_month_and_risk_class() {
        let v = |due: &str, done: &str, risk: &str| (due.to_string(), done.to_string(), risk.to_string());
        let o = |due: &str, risk: &str| (due.to_string(), risk.to_string());
        let done = [
            v("2026-03-01", "2026-03-08", "high"),
            v("2026-03-10", "2026-03-20", "high"),
            v("2026-03-05", "2026-04-01", "medium"),
            v("2026-02-20", "not a day", "low"),
        ];
        let open = [o("2026-03-30", "high"), o("2026-04-02", "low")];
        let row = |month: &str, risk: &str, due, on_time, late, open, rate: &str| Completion {
            month: month.into(),
            risk: risk.into(),
            due,
            on_time,
            late,
            open,
            rate: Some(rate.into()),
        };
        assert_eq!(
            tally(&done, &open),
            [
                row("2026-03", "high", 3, 1, 1, 1, "33.3"),
                row("2026-03", "medium", 1, 1, 0, 0, "100.0"),
                row("2026-04", "low", 1, 0, 0, 1, "0.0"),
            ]
        );
        assert!(tally(&[], &[]).is_empty());
    }

    #[test]
    fn the_rate_has_one_decimal_and_none_when_nothing_was_due() {
        assert_eq!(rate(7, 8).as_deref(), Some("87.5"));
        assert_eq!(rate(2, 3).as_deref(), Some("66.7"));
        assert_eq!(rate(0, 4).as_deref(), Some("0.0"));
        assert_eq!(rate(0, 0), None);
    }
}
