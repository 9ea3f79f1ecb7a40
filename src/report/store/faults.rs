//! The fault analysis' SQL (`super::super::analysis::faults`): failures per model
//! against the installed base, and the causes and parts of the failures, per model.

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde_json::Value;

use super::beside::{Beside, Read};
use crate::error::{Result, SqlContext};
use crate::report::analysis::faults::{Counted, ModelRow};
use crate::report::analysis::Window;

/// Whether a model of this name is on record.
pub fn model_known(conn: &Connection, model: &str) -> Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM models WHERE model = ?1)", [model], |r| r.get(0))
        .ctx("looking up a model")
}

/// The failures of the period, repairs and archived repairs, one row per failure.
const FAILURES: &str = "
    SELECT r.equipment_id AS eid, 0 AS archived FROM repairs r
     WHERE (?1 IS NULL OR r.opened_at >= ?1) AND r.opened_at < ?2
    UNION ALL
    SELECT a.equipment_id, 1 FROM repair_archive a
     WHERE (?3 IS NULL OR a.reported_on >= ?3) AND a.reported_on < ?4";

/// Per model, most failures first. Days in service run from the installation day (or
/// the period's first day, if later) to the period's end, the last day included.
pub fn by_model(conn: &Connection, w: &Window, model: Option<&str>) -> Result<Vec<ModelRow>> {
    let sql = format!(
        "WITH fails AS ({FAILURES}),
              per_device AS (SELECT eid, count(*) AS n, sum(archived) AS archived FROM fails GROUP BY eid)
         SELECT m.model, m.manufacturer, count(e.id), coalesce(sum(pd.n), 0), coalesce(sum(pd.archived), 0),
                coalesce(sum(CASE WHEN e.installed_on IS NOT NULL
                    THEN max(0, julianday(?4) - julianday(max(e.installed_on, coalesce(?3, e.installed_on)))) END), 0),
                coalesce(sum(CASE WHEN e.installed_on IS NOT NULL THEN pd.n END), 0)
           FROM equipment e JOIN models m ON m.id = e.model_id LEFT JOIN per_device pd ON pd.eid = e.id
          WHERE ?5 IS NULL OR m.model = ?5
          GROUP BY m.id ORDER BY 4 DESC, 1, 2"
    );
    crate::db::all_rows(
        conn,
        &sql,
        params![w.since, w.until, w.since_day, w.until_day, model],
        "counting failures per model",
        |r| {
            Ok(ModelRow {
                model: r.get(0)?,
                manufacturer: r.get(1)?,
                devices: r.get(2)?,
                failures: r.get(3)?,
                archived: r.get(4)?,
                service_days: r.get(5)?,
                dated_failures: r.get(6)?,
            })
        },
    )
}

/// The cause of each failure: the latest report's, else the latest diagnosis's; the
/// archive's as imported. Counted per model, most first (then causes in byte order, none
/// last), as `GROUP BY model, cause ORDER BY model, count DESC, cause IS NULL, cause`.
///
/// The period's repairs are read in id order with their reports and diagnoses beside
/// them (`beside`), and counted per device and cause here: grouping the whole reports
/// table per repair and joining the groups took 1.0 s on 1,000,000 tickets with their
/// service reports (bench/report.sh), most of it SQLite indexing and sorting the groups.
pub fn causes(conn: &Connection, w: &Window, model: Option<&str>) -> Result<Vec<Counted>> {
    let mut per_device: HashMap<(i64, Option<String>), i64> = HashMap::new();
    repair_causes(conn, w, &mut |eid, cause| {
        *per_device.entry((eid, cause)).or_default() += 1;
        Ok(())
    })?;
    crate::db::each_row(
        conn,
        "SELECT equipment_id, nullif(trim(cause), ''), count(*) FROM repair_archive
          WHERE (?1 IS NULL OR reported_on >= ?1) AND reported_on < ?2 GROUP BY 1, 2",
        params![w.since_day, w.until_day],
        "counting causes of archived failures",
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, i64>(2)?)),
        &mut |(eid, cause, n)| {
            *per_device.entry((eid, cause)).or_default() += n;
            Ok(())
        },
    )?;
    let mut model_of: HashMap<i64, String> = HashMap::new();
    crate::db::each_row(
        conn,
        "SELECT e.id, m.model FROM equipment e JOIN models m ON m.id = e.model_id WHERE ?1 IS NULL OR m.model = ?1",
        params![model],
        "reading the devices' models",
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        &mut |(eid, m)| {
            model_of.insert(eid, m);
            Ok(())
        },
    )?;
    let mut per_model: HashMap<(String, Option<String>), i64> = HashMap::new();
    for ((eid, cause), n) in per_device {
        if let Some(m) = model_of.get(&eid) {
            *per_model.entry((m.clone(), cause)).or_default() += n;
        }
    }
    Ok(ranked(per_model)
        .into_iter()
        .map(|(model, cause, n)| Counted { model, key: vec![Value::from(cause)], count: n as f64, after: vec![] })
        .collect())
}

/// Counts per (model, cause) in the report's order: by model, most first, then by cause
/// in byte order (SQLite's BINARY collation), no cause last.
fn ranked(counts: HashMap<(String, Option<String>), i64>) -> Vec<(String, Option<String>, i64)> {
    let mut out: Vec<_> = counts.into_iter().map(|((m, c), n)| (m, c, n)).collect();
    out.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)).then(a.1.is_none().cmp(&b.1.is_none())).then(a.1.cmp(&b.1)));
    out
}

/// Each failure of the period's repairs: its device and its cause (the latest report's,
/// trimmed, else the latest diagnosis's), in repair id order.
fn repair_causes(conn: &Connection, w: &Window, each: &mut dyn FnMut(i64, Option<String>) -> Result<()>) -> Result<()> {
    const WHAT: &str = "reading the period's repairs";
    const REPORTS: &str = "reading the service reports' causes";
    const DIAGNOSES: &str = "reading the diagnoses' causes";
    let mut repairs = conn
        .prepare_cached(
            "SELECT id, equipment_id FROM repairs
              WHERE (?1 IS NULL OR opened_at >= ?1) AND opened_at < ?2 ORDER BY id",
        )
        .ctx(WHAT)?;
    let mut report_stmt = conn
        .prepare_cached(
            "SELECT repair_id, nullif(trim(cause), '') FROM reports WHERE repair_id >= ?1 ORDER BY repair_id, version",
        )
        .ctx(REPORTS)?;
    let mut diagnosis_stmt = conn
        .prepare_cached(
            "SELECT repair_id, nullif(trim(cause), '') FROM diagnoses WHERE repair_id >= ?1 ORDER BY repair_id, id",
        )
        .ctx(DIAGNOSES)?;
    let mut rows = repairs.query(params![w.since, w.until]).ctx(WHAT)?;
    let Some(mut row) = rows.next().ctx(WHAT)? else {
        return Ok(());
    };
    let first: i64 = row.get(0).ctx(WHAT)?;
    let read: Read<Option<String>> = |r| Ok((r.get(0)?, r.get(1)?));
    let mut reports = Beside::new(report_stmt.query([first]).ctx(REPORTS)?, read, REPORTS);
    let mut diagnoses = Beside::new(diagnosis_stmt.query([first]).ctx(DIAGNOSES)?, read, DIAGNOSES);
    loop {
        let (id, eid): (i64, i64) = (row.get(0).ctx(WHAT)?, row.get(1).ctx(WHAT)?);
        // The latest of each (the last in order), present or not.
        let report = reports.fold(id, None, |_, cause| cause)?;
        let diagnosis = diagnoses.fold(id, None, |_, cause| cause)?;
        each(eid, report.or(diagnosis))?;
        match rows.next().ctx(WHAT)? {
            Some(next) => row = next,
            None => return Ok(()),
        }
    }
}

/// Parts used on the period's repairs (net of returns), per model, most first. The
/// archive's parts are free text and are not counted.
pub fn parts(conn: &Connection, w: &Window, model: Option<&str>) -> Result<Vec<Counted>> {
    let sql = "SELECT m.model, p.part_no, p.name, sum(u.qty), count(DISTINCT u.repair_id)
           FROM part_uses u JOIN repairs r ON r.id = u.repair_id JOIN parts p ON p.id = u.part_id
           JOIN equipment e ON e.id = r.equipment_id JOIN models m ON m.id = e.model_id
          WHERE (?1 IS NULL OR r.opened_at >= ?1) AND r.opened_at < ?2 AND (?3 IS NULL OR m.model = ?3)
          GROUP BY m.model, p.id HAVING sum(u.qty) > 0 ORDER BY m.model, 4 DESC, p.part_no";
    crate::db::all_rows(conn, sql, params![w.since, w.until, model], "counting parts replaced", |r| {
        Ok(Counted {
            model: r.get(0)?,
            key: vec![Value::from(r.get::<_, String>(1)?), Value::from(r.get::<_, String>(2)?)],
            count: r.get::<_, i64>(3)? as f64,
            after: vec![Value::from(r.get::<_, i64>(4)?)],
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_ranked_by_model_then_most_first_then_cause_bytes_with_no_cause_last() {
        let counts: HashMap<(String, Option<String>), i64> = [
            (("M2", Some("b")), 3),
            (("M1", None), 5),
            (("M1", Some("电源")), 5),
            (("M1", Some("a")), 5),
            (("M1", Some("A")), 5),
            (("M1", Some("z")), 7),
            (("M1", Some("B")), 1),
            (("A0", Some("x")), 1),
        ]
        .into_iter()
        .map(|((m, c), n)| ((m.to_string(), c.map(str::to_string)), n))
        .collect();
        let shown: Vec<String> =
            ranked(counts).into_iter().map(|(m, c, n)| format!("{m} {} {n}", c.as_deref().unwrap_or("-"))).collect();
        // Byte order, as SQLite's BINARY collation: upper case before lower, Chinese after both.
        assert_eq!(shown, ["A0 x 1", "M1 z 7", "M1 A 5", "M1 a 5", "M1 电源 5", "M1 - 5", "M1 B 1", "M2 b 3"]);
    }
}
