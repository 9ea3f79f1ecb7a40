//! The fault analysis' SQL (`super::super::analysis::faults`): failures per model
//! against the installed base, and the causes and parts of the failures, per model.

use rusqlite::{params, Connection};
use serde_json::Value;

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
    let mut out = Vec::new();
    crate::db::each_row(
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
        &mut |row| {
            out.push(row);
            Ok(())
        },
    )?;
    Ok(out)
}

/// The cause of each failure: the latest report's, else the latest diagnosis's; the
/// archive's as imported. Counted per model, most first.
pub fn causes(conn: &Connection, w: &Window, model: Option<&str>) -> Result<Vec<Counted>> {
    // The latest report and diagnosis of every repair in one grouped pass each, joined
    // to the repairs (not two lookups per repair), and the failures counted per device
    // and cause before the devices are joined to their models (bench/report.sh). With a
    // single max(), SQLite takes the other columns from the row holding the maximum.
    let sql = "WITH last_report AS (SELECT repair_id, cause, max(version) FROM reports GROUP BY repair_id),
              last_diagnosis AS (SELECT repair_id, cause, max(id) FROM diagnoses GROUP BY repair_id),
              c AS (
           SELECT r.equipment_id AS eid, coalesce(nullif(trim(p.cause), ''), nullif(trim(d.cause), '')) AS cause,
                  count(*) AS n
             FROM repairs r LEFT JOIN last_report p ON p.repair_id = r.id LEFT JOIN last_diagnosis d ON d.repair_id = r.id
            WHERE (?1 IS NULL OR r.opened_at >= ?1) AND r.opened_at < ?2
            GROUP BY 1, 2
           UNION ALL
           SELECT a.equipment_id, nullif(trim(a.cause), ''), count(*) FROM repair_archive a
            WHERE (?3 IS NULL OR a.reported_on >= ?3) AND a.reported_on < ?4
            GROUP BY 1, 2)
         SELECT m.model, c.cause, sum(c.n) FROM c JOIN equipment e ON e.id = c.eid JOIN models m ON m.id = e.model_id
          WHERE ?5 IS NULL OR m.model = ?5
          GROUP BY m.model, c.cause ORDER BY m.model, 3 DESC, c.cause IS NULL, c.cause";
    let mut out = Vec::new();
    crate::db::each_row(
        conn,
        sql,
        params![w.since, w.until, w.since_day, w.until_day, model],
        "counting causes of failure",
        |r| {
            Ok(Counted {
                model: r.get(0)?,
                key: vec![Value::from(r.get::<_, Option<String>>(1)?)],
                count: r.get::<_, i64>(2)? as f64,
                after: vec![],
            })
        },
        &mut |c| {
            out.push(c);
            Ok(())
        },
    )?;
    Ok(out)
}

/// Parts used on the period's repairs (net of returns), per model, most first. The
/// archive's parts are free text and are not counted.
pub fn parts(conn: &Connection, w: &Window, model: Option<&str>) -> Result<Vec<Counted>> {
    let sql = "SELECT m.model, p.part_no, p.name, sum(u.qty), count(DISTINCT u.repair_id)
           FROM part_uses u JOIN repairs r ON r.id = u.repair_id JOIN parts p ON p.id = u.part_id
           JOIN equipment e ON e.id = r.equipment_id JOIN models m ON m.id = e.model_id
          WHERE (?1 IS NULL OR r.opened_at >= ?1) AND r.opened_at < ?2 AND (?3 IS NULL OR m.model = ?3)
          GROUP BY m.model, p.id HAVING sum(u.qty) > 0 ORDER BY m.model, 4 DESC, p.part_no";
    let mut out = Vec::new();
    crate::db::each_row(
        conn,
        sql,
        params![w.since, w.until, model],
        "counting parts replaced",
        |r| {
            Ok(Counted {
                model: r.get(0)?,
                key: vec![Value::from(r.get::<_, String>(1)?), Value::from(r.get::<_, String>(2)?)],
                count: r.get::<_, i64>(3)? as f64,
                after: vec![Value::from(r.get::<_, i64>(4)?)],
            })
        },
        &mut |c| {
            out.push(c);
            Ok(())
        },
    )?;
    Ok(out)
}
