//! The satisfaction analysis' SQL (`super::super::analysis::satisfaction`): follow-up and
//! survey scores summed per month, and the lowest-rated follow-ups with their repairs.

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde_json::Value;

use super::sql_json;
use crate::error::Result;
use crate::report::analysis::satisfaction::Month;
use crate::report::analysis::Window;

/// The sums of each month with data: follow-ups by the month they were held, surveys by
/// the month they were taken.
pub fn months(conn: &Connection, w: &Window, zone: &str) -> Result<HashMap<String, Month>> {
    let mut months: HashMap<String, Month> = HashMap::new();
    crate::db::each_row(
        conn,
        "SELECT strftime('%Y-%m', done_at, ?3), count(*), coalesce(sum(satisfaction), 0), count(satisfaction),
                coalesce(sum(nps >= 9), 0), coalesce(sum(nps <= 6), 0), count(nps)
           FROM followups WHERE done_at IS NOT NULL AND (?1 IS NULL OR done_at >= ?1) AND done_at < ?2
          GROUP BY 1",
        params![w.since, w.until, zone],
        "summing follow-up scores",
        |r| Ok((r.get::<_, String>(0)?, [r.get::<_, i64>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?])),
        &mut |(m, v): (String, [i64; 6])| {
            let e = months.entry(m).or_default();
            (e.followups, e.score_sum, e.scored) = (v[0], v[1] as f64, v[2]);
            (e.f_promoters, e.f_detractors, e.f_rated) = (v[3], v[4], v[5]);
            Ok(())
        },
    )?;
    crate::db::each_row(
        conn,
        "SELECT substr(date, 1, 7), count(*),
                coalesce(sum(speed), 0), count(speed), coalesce(sum(quality), 0), count(quality),
                coalesce(sum(attitude), 0), count(attitude), coalesce(sum(communication), 0), count(communication),
                coalesce(sum(overall), 0), count(overall),
                coalesce(sum(nps >= 9), 0), coalesce(sum(nps <= 6), 0), count(nps)
           FROM surveys WHERE (?1 IS NULL OR date >= ?1) AND date < ?2 GROUP BY 1",
        params![w.since_day, w.until_day],
        "summing survey scores",
        |r| {
            let mut v = [0i64; 14];
            for (i, x) in v.iter_mut().enumerate() {
                *x = r.get(i + 1)?;
            }
            Ok((r.get::<_, String>(0)?, v))
        },
        &mut |(m, v): (String, [i64; 14])| {
            let e = months.entry(m).or_default();
            e.surveys = v[0];
            for q in 0..5 {
                e.questions[q] = (v[1 + 2 * q] as f64, v[2 + 2 * q]);
            }
            (e.s_promoters, e.s_detractors, e.s_rated) = (v[11], v[12], v[13]);
            Ok(())
        },
    )?;
    Ok(months)
}

/// The follow-ups of the period with the lowest scores (then the lowest NPS), with the
/// repair's technician: who signed its latest report, else who the ticket was assigned
/// to. The customer by code and institution only: no contact, phone or address.
pub fn lowest(conn: &Connection, w: &Window, zone: &str, n: usize) -> Result<Vec<Vec<Value>>> {
    crate::db::all_rows(
        conn,
        "SELECT r.code, date(f.done_at, ?3), c.code, c.name, mo.model, s.code, s.name, f.satisfaction, f.nps
           FROM followups f JOIN repairs r ON r.id = f.repair_id JOIN tickets t ON t.id = r.ticket_id
           JOIN customers c ON c.id = t.customer_id
           JOIN equipment e ON e.id = r.equipment_id JOIN models mo ON mo.id = e.model_id
           LEFT JOIN staff s ON s.id = coalesce(
                (SELECT p.by_staff FROM reports p WHERE p.repair_id = r.id ORDER BY p.version DESC LIMIT 1), t.assigned_to)
          WHERE f.done_at IS NOT NULL AND f.satisfaction IS NOT NULL
            AND (?1 IS NULL OR f.done_at >= ?1) AND f.done_at < ?2
          ORDER BY f.satisfaction, f.nps IS NULL, f.nps, f.done_at, r.code LIMIT ?4",
        params![w.since, w.until, zone, n as i64],
        "finding the lowest-rated repairs",
        |r| {
            (0..9)
                .map(|i| r.get::<_, rusqlite::types::Value>(i).map(sql_json))
                .collect::<rusqlite::Result<Vec<Value>>>()
        },
    )
}
