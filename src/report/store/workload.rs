//! The workload's SQL (`super::super::analysis::workload`): the repairs finished in a
//! period, one short row each, the staff, their maintenance visits, and the customers'
//! provinces with the devices installed there.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::report::analysis::workload::{Done, Staff, Visits};
use crate::report::analysis::Window;

/// Each repair's latest service report (its author), latest report giving labour hours,
/// and latest plan: one grouped pass over each table, joined to the repairs, rather than
/// three lookups per repair (bench/report.sh). With a single max(), SQLite takes the
/// other columns from the row holding the maximum (its documented bare-column rule).
const LATEST: &str = "
    last_report AS (SELECT repair_id, by_staff, max(version) FROM reports GROUP BY repair_id),
    last_hours AS (SELECT repair_id, CAST(labour_hours AS REAL) AS hours, max(version) FROM reports
                    WHERE labour_hours IS NOT NULL GROUP BY repair_id),
    last_plan AS (SELECT repair_id, CAST(labour_hours AS REAL) AS hours, max(version) FROM plans GROUP BY repair_id)";

/// The repairs whose work finished in the period, in the order of their ids (the order
/// the sums are made in: `SqlSum`).
pub fn done_repairs(conn: &Connection, w: &Window, each: &mut dyn FnMut(Done) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        &format!(
            "WITH {LATEST}
             SELECT t.customer_id, coalesce(lr.by_staff, t.assigned_to), coalesce(lh.hours, lp.hours)
               FROM repairs r LEFT JOIN tickets t ON t.id = r.ticket_id
               LEFT JOIN last_report lr ON lr.repair_id = r.id LEFT JOIN last_hours lh ON lh.repair_id = r.id
               LEFT JOIN last_plan lp ON lp.repair_id = r.id
              WHERE r.finished_at IS NOT NULL AND (?1 IS NULL OR r.finished_at >= ?1) AND r.finished_at < ?2
              ORDER BY r.id"
        ),
        params![w.since, w.until],
        "reading the repairs finished",
        |r| Ok(Done { customer_id: r.get(0)?, tech: r.get(1)?, hours: r.get(2)? }),
        each,
    )
}

/// The staff list.
pub fn staff(conn: &Connection) -> Result<Vec<Staff>> {
    let mut out = Vec::new();
    crate::db::each_row(
        conn,
        "SELECT id, code, name, role, active FROM staff",
        [],
        "reading the staff",
        |r| {
            Ok(Staff {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                role: r.get(3)?,
                active: r.get::<_, i64>(4)? == 1,
            })
        },
        &mut |s| {
            out.push(s);
            Ok(())
        },
    )?;
    Ok(out)
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
