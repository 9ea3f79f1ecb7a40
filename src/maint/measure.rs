//! Measures of preventive maintenance (R1.2, for the KPI report): the completion rate
//! per month and risk class (done on time over due), and the parts the maintenance due
//! soon will take, as demand for purchasing.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

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
    let mut by: BTreeMap<(String, usize), Completion> = BTreeMap::new();
    fn slot<'a>(by: &'a mut BTreeMap<(String, usize), Completion>, month: &str, risk: &str) -> &'a mut Completion {
        let order = super::plan::RISKS.iter().position(|x| *x == risk).unwrap_or(9);
        by.entry((month.to_string(), order)).or_insert_with(|| Completion {
            month: month.to_string(),
            risk: risk.to_string(),
            ..Default::default()
        })
    }
    let (since, until) = (since.to_string(), until.to_string());
    let mut visits = Vec::new();
    crate::db::each_row(
        conn,
        "SELECT v.due_on, date(v.at, 'localtime'), p.risk FROM maint_visits v JOIN maint_plans p ON p.id = v.plan_id
          WHERE v.due_on BETWEEN ?1 AND ?2",
        params![since, until],
        "measuring maintenance done",
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
        &mut |v| {
            visits.push(v);
            Ok(())
        },
    )?;
    for (due, done, risk) in visits {
        let (Some(d), Some(x)) = (crate::clock::stored_day(&due), crate::clock::stored_day(&done)) else { continue };
        let c = slot(&mut by, due.get(..7).unwrap_or(&due), &risk);
        c.due += 1;
        if on_time(d, x, &risk) {
            c.on_time += 1;
        } else {
            c.late += 1;
        }
    }
    let mut open = Vec::new();
    crate::db::each_row(
        conn,
        "SELECT s.next_due, p.risk FROM maint_schedules s JOIN equipment e ON e.id = s.equipment_id
           JOIN maint_plans p ON p.code = s.plan_code
                AND p.version = (SELECT max(version) FROM maint_plans q WHERE q.code = s.plan_code)
          WHERE s.next_due BETWEEN ?1 AND ?2 AND e.status <> 'retired'",
        params![since, until],
        "measuring maintenance open",
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        &mut |v| {
            open.push(v);
            Ok(())
        },
    )?;
    for (due, risk) in open {
        let c = slot(&mut by, due.get(..7).unwrap_or(&due), &risk);
        c.due += 1;
        c.open += 1;
    }
    Ok(by
        .into_values()
        .map(|mut c| {
            c.rate = rate(c.on_time, c.due);
            c
        })
        .collect())
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
        let name: String = conn
            .query_row("SELECT name FROM parts WHERE id = ?1", [id], |r| r.get(0))
            .map_err(|e| crate::error::Error::Sql { context: "reading a part".into(), source: e })?;
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
    fn the_rate_has_one_decimal_and_none_when_nothing_was_due() {
        assert_eq!(rate(7, 8).as_deref(), Some("87.5"));
        assert_eq!(rate(2, 3).as_deref(), Some("66.7"));
        assert_eq!(rate(0, 4).as_deref(), Some("0.0"));
        assert_eq!(rate(0, 0), None);
    }
}
