//! The workload's SQL (`super::super::analysis::workload`): the repairs finished in a
//! period, one short row each, the staff, their maintenance visits, and the customers'
//! provinces with the devices installed there.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::beside::{Beside, Read};
use crate::error::{Result, SqlContext};
use crate::report::analysis::workload::{Done, Staff, Visits};
use crate::report::analysis::Window;

/// The repairs whose work finished in the period, in the order of their ids (the order
/// the sums are made in: `SqlSum`), each with its latest service report's author, the
/// labour hours of its latest report giving them, else of its latest plan.
///
/// The reports and the plans are read beside the repairs, each in (repair, version)
/// order on its `UNIQUE (repair_id, version)` index, from the period's first repair on,
/// and merged here: one ordered pass over each, rather than grouping whole tables per
/// repair and joining the groups (1.25 s on 1,000,000 tickets with their reports and
/// plans), or three lookups per repair.
pub fn done_repairs(conn: &Connection, w: &Window, each: &mut dyn FnMut(Done) -> Result<()>) -> Result<()> {
    const WHAT: &str = "reading the repairs finished";
    const REPORTS: &str = "reading the service reports";
    const PLANS: &str = "reading the repair plans";
    let mut repairs = conn
        .prepare_cached(
            "SELECT r.id, t.customer_id, t.assigned_to
               FROM repairs r LEFT JOIN tickets t ON t.id = r.ticket_id
              WHERE r.finished_at IS NOT NULL AND (?1 IS NULL OR r.finished_at >= ?1) AND r.finished_at < ?2
              ORDER BY r.id",
        )
        .ctx(WHAT)?;
    let mut report_stmt = conn
        .prepare_cached(
            "SELECT repair_id, by_staff, CAST(labour_hours AS REAL) FROM reports
              WHERE repair_id >= ?1 ORDER BY repair_id, version",
        )
        .ctx(REPORTS)?;
    let mut plan_stmt = conn
        .prepare_cached(
            "SELECT repair_id, NULL, CAST(labour_hours AS REAL) FROM plans
              WHERE repair_id >= ?1 ORDER BY repair_id, version",
        )
        .ctx(PLANS)?;
    let mut rows = repairs.query(params![w.since, w.until]).ctx(WHAT)?;
    let Some(mut row) = rows.next().ctx(WHAT)? else {
        return Ok(());
    };
    // From the period's first repair on: the versions before it are not read.
    let first: i64 = row.get(0).ctx(WHAT)?;
    let read: Read<Version> = |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?)));
    let mut reports = Beside::new(report_stmt.query([first]).ctx(REPORTS)?, read, REPORTS);
    let mut plans = Beside::new(plan_stmt.query([first]).ctx(PLANS)?, read, PLANS);
    loop {
        let (id, customer_id, assignee): (i64, Option<i64>, Option<i64>) =
            (row.get(0).ctx(WHAT)?, row.get(1).ctx(WHAT)?, row.get(2).ctx(WHAT)?);
        let report = reports.fold(id, Latest::default(), Latest::then)?;
        let plan = plans.fold(id, Latest::default(), Latest::then)?;
        each(Done { customer_id, tech: report.by_staff.or(assignee), hours: report.hours.or(plan.hours) })?;
        match rows.next().ctx(WHAT)? {
            Some(next) => row = next,
            None => return Ok(()),
        }
    }
}

/// What a repair's versions (of its report, or of its plan) leave: the latest's author,
/// and the hours of the latest giving them.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Latest {
    by_staff: Option<i64>,
    hours: Option<f64>,
}

/// One version: (author, hours).
type Version = (Option<i64>, Option<f64>);

impl Latest {
    /// After the repair's next version (they come in version order): its author, its
    /// hours or, without any, those before.
    fn then(self, (by_staff, hours): Version) -> Latest {
        Latest { by_staff, hours: hours.or(self.hours) }
    }
}

/// The staff list.
pub fn staff(conn: &Connection) -> Result<Vec<Staff>> {
    crate::db::all_rows(conn, "SELECT id, code, name, role, active FROM staff", [], "reading the staff", |r| {
        Ok(Staff { id: r.get(0)?, code: r.get(1)?, name: r.get(2)?, role: r.get(3)?, active: r.get::<_, i64>(4)? == 1 })
    })
}

/// Preventive-maintenance visits in the period, per person.
pub fn visits_per_staff(conn: &Connection, w: &Window) -> Result<HashMap<i64, Visits>> {
    let mut out = HashMap::new();
    crate::db::each_row(
        conn,
        "SELECT by_staff, count(*), sum(hours_tenths) / 10.0 FROM maint_visits
          WHERE (?1 IS NULL OR at >= ?1) AND at < ?2 GROUP BY by_staff",
        params![w.since, w.until],
        "counting the maintenance visits per person",
        |r| Ok((r.get::<_, i64>(0)?, Visits { n: r.get(1)?, hours: r.get(2)? })),
        &mut |(id, v)| {
            out.insert(id, v);
            Ok(())
        },
    )?;
    Ok(out)
}

/// Each customer's province.
pub fn customer_provinces(conn: &Connection) -> Result<HashMap<i64, Option<String>>> {
    let mut out = HashMap::new();
    crate::db::each_row(
        conn,
        "SELECT id, province FROM customers",
        [],
        "reading the customers' provinces",
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)),
        &mut |(id, p)| {
            out.insert(id, p);
            Ok(())
        },
    )?;
    Ok(out)
}

/// Devices not retired per province of their customer.
pub fn devices_per_province(conn: &Connection) -> Result<HashMap<Option<String>, i64>> {
    let mut out = HashMap::new();
    crate::db::each_row(
        conn,
        "SELECT c.province, count(*) FROM equipment e JOIN customers c ON c.id = e.customer_id
          WHERE e.status <> 'retired' GROUP BY c.province",
        [],
        "counting the devices per province",
        |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, i64>(1)?)),
        &mut |(p, n)| {
            out.insert(p, n);
            Ok(())
        },
    )?;
    Ok(out)
}
