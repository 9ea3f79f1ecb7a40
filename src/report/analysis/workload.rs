//! `svc report workload` (R2.1, R2.3): the repairs finished and the hours worked, per
//! technician or per province, to size the team and to feed the appraisal. A repair
//! counts for whoever wrote its latest service report, else the ticket's assignee (as
//! the appraisal counts it); its hours are the latest report's labour hours, else the
//! latest plan's. Preventive-maintenance visits and their hours are counted beside.

use rusqlite::{params, Connection};
use serde_json::Value;

use super::common::{fig, ratio};
use super::satisfaction::sql_json;
use super::{print, Window};
use crate::cli::{Ctx, Period};
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Technician,
    Province,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Whose workload: each technician's, or each province's
    #[arg(long, value_enum, default_value = "technician")]
    pub by: By,
    /// The period (repairs by the day their work finished) [default: all on record]
    #[command(flatten)]
    pub period: Period,
}

/// Each repair's latest service report (its author), latest report giving labour hours,
/// and latest plan: one grouped pass over each table, joined to the repairs, rather than
/// three lookups per repair (bench/report.sh). With a single max(), SQLite takes the
/// other columns from the row holding the maximum (its documented bare-column rule).
const LATEST: &str = "
    last_report AS (SELECT repair_id, by_staff, max(version) FROM reports GROUP BY repair_id),
    last_hours AS (SELECT repair_id, CAST(labour_hours AS REAL) AS hours, max(version) FROM reports
                    WHERE labour_hours IS NOT NULL GROUP BY repair_id),
    last_plan AS (SELECT repair_id, CAST(labour_hours AS REAL) AS hours, max(version) FROM plans GROUP BY repair_id)";

/// The repairs whose work finished in the period, with their technician and hours (to
/// follow `LATEST` in a WITH).
const DONE: &str = "
    SELECT r.id, t.customer_id, coalesce(lr.by_staff, t.assigned_to) AS tech, coalesce(lh.hours, lp.hours) AS hours
      FROM repairs r LEFT JOIN tickets t ON t.id = r.ticket_id
      LEFT JOIN last_report lr ON lr.repair_id = r.id LEFT JOIN last_hours lh ON lh.repair_id = r.id
      LEFT JOIN last_plan lp ON lp.repair_id = r.id
     WHERE r.finished_at IS NOT NULL AND (?1 IS NULL OR r.finished_at >= ?1) AND r.finished_at < ?2";

pub const TECHNICIAN_COLUMNS: &[&str] = &[
    "technician",
    "technician_name",
    "role",
    "active",
    "repairs",
    "labour_hours",
    "hours_per_repair",
    "pm_visits",
    "pm_hours",
];

pub const PROVINCE_COLUMNS: &[&str] =
    &["province", "devices", "repairs", "per_100_devices", "labour_hours", "hours_per_repair", "technicians"];

pub fn run(ctx: &Ctx, a: Args) -> Result<i32> {
    let db = ctx.open()?;
    let w = Window::of(&a.period, ctx.clock.now());
    match a.by {
        By::Technician => print(ctx, TECHNICIAN_COLUMNS, technicians(db.conn(), &w)?),
        By::Province => print(ctx, PROVINCE_COLUMNS, provinces(db.conn(), &w)?),
    }
}

/// Hours per repair over the repairs with hours on record; none without any.
pub fn hours_per_repair(hours: Option<f64>, with_hours: i64) -> Option<f64> {
    hours.and_then(|h| ratio(h, with_hours as f64))
}

/// Every technician and engineer, and anyone else with repairs in the period.
pub fn technicians(conn: &Connection, w: &Window) -> Result<Vec<Vec<Value>>> {
    let sql = format!(
        "WITH {LATEST}, done AS ({DONE}),
              per AS (SELECT tech, count(*) AS n, sum(hours) AS h, count(hours) AS nh FROM done GROUP BY tech),
              pm AS (SELECT by_staff, count(*) AS n, sum(hours_tenths) / 10.0 AS h FROM maint_visits
                      WHERE (?1 IS NULL OR at >= ?1) AND at < ?2 GROUP BY by_staff)
         SELECT s.code, s.name, s.role, s.active, coalesce(per.n, 0), per.h, coalesce(per.nh, 0), coalesce(pm.n, 0), pm.h
           FROM staff s LEFT JOIN per ON per.tech = s.id LEFT JOIN pm ON pm.by_staff = s.id
          WHERE s.role IN ('technician', 'engineer') OR per.n IS NOT NULL OR pm.n IS NOT NULL
          ORDER BY coalesce(per.n, 0) DESC, s.code"
    );
    let mut rows = Vec::new();
    crate::db::each_row(
        conn,
        &sql,
        params![w.since, w.until],
        "summing the workload per technician",
        |r| {
            let hours: Option<f64> = r.get(5)?;
            Ok(vec![
                Value::from(r.get::<_, String>(0)?),
                Value::from(r.get::<_, String>(1)?),
                Value::from(r.get::<_, String>(2)?),
                Value::from(r.get::<_, i64>(3)? == 1),
                Value::from(r.get::<_, i64>(4)?),
                fig(hours, 1),
                fig(hours_per_repair(hours, r.get(6)?), 1),
                Value::from(r.get::<_, i64>(7)?),
                sql_json(r.get(8)?),
            ])
        },
        &mut |row| {
            rows.push(row);
            Ok(())
        },
    )?;
    Ok(rows)
}

/// Per province of the customer (the devices installed there beside): repairs, hours
/// and how many technicians worked there.
pub fn provinces(conn: &Connection, w: &Window) -> Result<Vec<Vec<Value>>> {
    let sql = format!(
        "WITH {LATEST}, done AS ({DONE}),
              -- per customer and technician first (whole numbers to sort), then per
              -- province: a technician counted once per province however many repairs.
              ct AS (SELECT customer_id, tech, count(*) AS n, sum(hours) AS h, count(hours) AS nh
                       FROM done GROUP BY customer_id, tech),
              pt AS (SELECT c.province AS province, ct.tech AS tech, sum(ct.n) AS n, sum(ct.h) AS h, sum(ct.nh) AS nh
                       FROM ct JOIN customers c ON c.id = ct.customer_id GROUP BY c.province, ct.tech),
              per AS (SELECT province, sum(n) AS n, sum(h) AS h, sum(nh) AS nh, count(tech) AS techs
                        FROM pt GROUP BY province),
              base AS (SELECT c.province AS province, count(*) AS n FROM equipment e
                        JOIN customers c ON c.id = e.customer_id WHERE e.status <> 'retired' GROUP BY c.province),
              keys AS (SELECT province FROM per UNION SELECT province FROM base)
         SELECT k.province, coalesce(base.n, 0), coalesce(per.n, 0), per.h, coalesce(per.nh, 0), coalesce(per.techs, 0)
           FROM keys k LEFT JOIN per ON per.province IS k.province LEFT JOIN base ON base.province IS k.province
          ORDER BY coalesce(per.n, 0) DESC, k.province IS NULL, k.province"
    );
    let mut rows = Vec::new();
    crate::db::each_row(
        conn,
        &sql,
        params![w.since, w.until],
        "summing the workload per province",
        |r| {
            let (devices, repairs, hours): (i64, i64, Option<f64>) = (r.get(1)?, r.get(2)?, r.get(3)?);
            Ok(vec![
                Value::from(r.get::<_, Option<String>>(0)?),
                Value::from(devices),
                Value::from(repairs),
                fig(ratio(repairs as f64 * 100.0, devices as f64), 1),
                fig(hours, 1),
                fig(hours_per_repair(hours, r.get(4)?), 1),
                Value::from(r.get::<_, i64>(5)?),
            ])
        },
        &mut |row| {
            rows.push(row);
            Ok(())
        },
    )?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r2_1_hours_per_repair_only_over_repairs_with_hours() {
        assert_eq!(hours_per_repair(Some(6.0), 2), Some(3.0));
        assert_eq!(hours_per_repair(None, 0), None);
        assert_eq!(hours_per_repair(Some(0.0), 0), None);
    }
}
