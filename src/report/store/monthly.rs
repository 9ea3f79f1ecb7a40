//! The monthly report's SQL: the 12-month trend counted in the database, one grouped
//! query per kind of record over the months' bounds (`super::super::trend`), and the
//! month's repairs per model and causes (`super::super::monthly`).

use rusqlite::{params, Connection};
use serde_json::json;

use crate::error::Result;
use crate::report::figures::Period;
use crate::report::monthly::Count;

/// The months as rows of a table: their index, their bounds as stored instants (local
/// midnights, as `Period::bounds`) and as days (for records kept by day).
const MONTHS: &str = "months AS (
    SELECT CAST(key AS INTEGER) AS i, json_extract(value, '$[0]') AS start, json_extract(value, '$[1]') AS stop,
           json_extract(value, '$[2]') AS first_day, json_extract(value, '$[3]') AS next_day
      FROM json_each(?1))";

/// The months as `MONTHS` reads them: a JSON array of [start, stop, first day, next day].
fn months_param(months: &[Period]) -> String {
    let spans = months
        .iter()
        .map(|m| {
            let (start, stop) = m.bounds();
            json!([start, stop, m.from.to_string(), m.until.to_string()])
        })
        .collect::<Vec<_>>();
    serde_json::Value::Array(spans).to_string()
}

/// A repair signed in one of the months: the month's index, what the repeat test needs
/// (`repeats`) and the follow-up's answers.
#[derive(Debug, Clone)]
pub struct SignedRepair {
    pub month: usize,
    pub id: i64,
    pub device: i64,
    pub signed_at: String,
    /// `julianday(signed_at, '+N days')`: the repeat window's bound.
    pub bound: Option<f64>,
    pub satisfaction: Option<i64>,
    pub nps: Option<i64>,
}

/// Repairs signed in each month, one short row each. `facts::repairs` joins the repair's
/// ticket, device, model and customer for their tags; the trend needs no tag, and those
/// joins follow NOT NULL foreign keys (enforced: `PRAGMA foreign_keys`, `svc db check`),
/// so they never drop a repair: they are left out, and the repairs counted are the same.
pub fn signed_repairs(
    conn: &Connection,
    months: &[Period],
    window_days: i64,
    each: &mut dyn FnMut(SignedRepair) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        &format!(
            "WITH {MONTHS}
             SELECT mo.i, r.id, r.equipment_id, r.signed_at, julianday(r.signed_at, ?2), f.satisfaction, f.nps
               FROM months mo JOIN repairs r ON r.signed_at >= mo.start AND r.signed_at < mo.stop
               LEFT JOIN followups f ON f.repair_id = r.id AND f.done_at IS NOT NULL"
        ),
        params![months_param(months), super::facts::window(window_days)],
        "counting the trend's repairs",
        |r| {
            Ok(SignedRepair {
                month: r.get(0)?,
                id: r.get(1)?,
                device: r.get(2)?,
                signed_at: r.get(3)?,
                bound: r.get(4)?,
                satisfaction: r.get(5)?,
                nps: r.get(6)?,
            })
        },
        each,
    )
}

/// Tickets opened in each month and answered: (month's index, how many, how many within
/// the SLA). `facts::tickets` joins the ticket's customer; a ticket's customer is a NOT
/// NULL foreign key, so that join never drops a ticket: it is left out here (it was half
/// the cost of this count: a seek per ticket, 200,000 a year).
pub fn answered_tickets(conn: &Connection, months: &[Period]) -> Result<Vec<(usize, i64, i64)>> {
    crate::db::all_rows(
        conn,
        &format!(
            "WITH {MONTHS}
             SELECT mo.i, count(*), count(CASE WHEN NOT t.response_breached THEN 1 END)
               FROM months mo JOIN tickets t ON t.opened_at >= mo.start AND t.opened_at < mo.stop
              WHERE t.responded_at IS NOT NULL
              GROUP BY mo.i"
        ),
        params![months_param(months)],
        "counting the trend's tickets",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Surveys answered in each month (by their day): the month's index and [sum of the
/// overall scores, scores, promoters, detractors, NPS answers].
pub fn surveys(conn: &Connection, months: &[Period]) -> Result<Vec<(usize, [i64; 5])>> {
    crate::db::all_rows(
        conn,
        &format!(
            "WITH {MONTHS}
             SELECT mo.i, coalesce(sum(v.overall), 0), count(*),
                    count(CASE WHEN v.nps >= 9 THEN 1 END), count(CASE WHEN v.nps <= 6 THEN 1 END), count(v.nps)
               FROM months mo JOIN surveys v ON v.date >= mo.first_day AND v.date < mo.next_day
               JOIN customers c ON c.id = v.customer_id
              GROUP BY mo.i"
        ),
        params![months_param(months)],
        "counting the trend's surveys",
        |r| Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?])),
    )
}

/// Repairs completed (signed) in the month per model, most first: the `repairs_completed`
/// figure of `report kpi --by model`, counted in the database with the joins
/// `facts::repairs` makes.
pub fn repairs_per_model(conn: &Connection, month: &Period) -> Result<Vec<Count>> {
    counts(
        conn,
        "SELECT coalesce(m.model, '(none)'), count(*)
           FROM repairs r JOIN tickets t ON t.id = r.ticket_id JOIN equipment e ON e.id = r.equipment_id
           JOIN models m ON m.id = e.model_id JOIN customers c ON c.id = e.customer_id
          WHERE r.signed_at >= ?1 AND r.signed_at < ?2 GROUP BY 1 ORDER BY 2 DESC, 1",
        month,
        "counting repairs per model",
    )
}

/// Causes of the repairs signed in the month, by their latest diagnosis: most first.
pub fn causes(conn: &Connection, month: &Period) -> Result<Vec<Count>> {
    counts(
        conn,
        "SELECT coalesce(nullif(trim((SELECT d.cause FROM diagnoses d WHERE d.repair_id = r.id
                                      ORDER BY d.at DESC, d.id DESC LIMIT 1)), ''), '(none)'), count(*)
           FROM repairs r WHERE r.signed_at >= ?1 AND r.signed_at < ?2 GROUP BY 1 ORDER BY 2 DESC, 1",
        month,
        "counting causes",
    )
}

/// The (name, count) rows of `sql` over the month's bounds (?1, ?2).
fn counts(conn: &Connection, sql: &str, month: &Period, what: &str) -> Result<Vec<Count>> {
    let (from, to) = month.bounds();
    crate::db::all_rows(conn, sql, [from, to], what, |r| Ok(Count { name: r.get(0)?, count: r.get(1)? }))
}
