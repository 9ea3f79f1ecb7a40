//! The complaint statistics' SQL (`super::super::analysis::complaints`): complaints
//! grouped, the repairs opened per month beside, and the open corrective actions.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde_json::Value;

use super::sql_json;
use crate::error::Result;
use crate::report::analysis::complaints::{By, Group};
use crate::report::analysis::Window;

/// Complaints received in the period, grouped, most first (months in order).
pub fn groups(conn: &Connection, w: &Window, zone: &str, by: By) -> Result<Vec<(Option<String>, Group)>> {
    // The grouping expression is chosen from a fixed list, never pasted from input.
    let (group, order) = match by {
        By::Category => ("p.category", "2 DESC, 1"),
        By::RootCause => ("p.root_cause", "2 DESC, 1 IS NULL, 1"),
        By::Model => ("p.model", "2 DESC, 1 IS NULL, 1"),
        By::Month => ("strftime('%Y-%m', p.received_at, ?3)", "1"),
    };
    let sql = format!(
        "SELECT {group}, count(*), sum(p.status <> 'closed'), sum(p.corrective_id IS NOT NULL),
                sum(p.patient_harm <> 'none'),
                avg(CASE WHEN p.closed_at IS NOT NULL THEN julianday(p.closed_at) - julianday(p.received_at) END)
           FROM complaints p
          WHERE (?1 IS NULL OR p.received_at >= ?1) AND p.received_at < ?2 AND ?3 IS NOT NULL
          GROUP BY 1 ORDER BY {order}"
    );
    crate::db::all_rows(conn, &sql, params![w.since, w.until, zone], "counting complaints", |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            Group {
                complaints: r.get(1)?,
                open: r.get(2)?,
                with_corrective: r.get(3)?,
                adverse_events: r.get(4)?,
                days_to_close: r.get(5)?,
            },
        ))
    })
}

/// Repairs opened per month of the period: the denominator of complaints per 100 repairs.
pub fn repairs_per_month(conn: &Connection, w: &Window, zone: &str) -> Result<HashMap<String, i64>> {
    let mut out = HashMap::new();
    crate::db::each_row(
        conn,
        "SELECT strftime('%Y-%m', opened_at, ?3), count(*) FROM repairs
          WHERE (?1 IS NULL OR opened_at >= ?1) AND opened_at < ?2 GROUP BY 1",
        params![w.since, w.until, zone],
        "counting repairs per month",
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
        &mut |(m, n)| {
            out.insert(m, n);
            Ok(())
        },
    )?;
    Ok(out)
}

/// The corrective actions of complaints received in the period whose finding is not
/// closed: who owns it, by when, how late. Most overdue first.
pub fn open_actions(conn: &Connection, w: &Window, today: NaiveDate) -> Result<Vec<Vec<Value>>> {
    crate::db::all_rows(
        conn,
        "SELECT p.code, p.category, p.root_cause, f.code, f.status, s.code, f.deadline,
                CASE WHEN f.deadline < ?3 THEN CAST(julianday(?3) - julianday(f.deadline) AS INTEGER) END
           FROM complaints p JOIN findings f ON f.id = p.corrective_id LEFT JOIN staff s ON s.id = f.owner_id
          WHERE f.status <> 'closed' AND (?1 IS NULL OR p.received_at >= ?1) AND p.received_at < ?2
          ORDER BY f.deadline IS NULL, f.deadline, p.code",
        params![w.since, w.until, today.to_string()],
        "listing open corrective actions",
        |r| (0..8).map(|i| r.get::<_, rusqlite::types::Value>(i).map(sql_json)).collect::<rusqlite::Result<Vec<_>>>(),
    )
}
