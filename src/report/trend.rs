//! The monthly report's 12-month trend, counted in the database: one grouped query per
//! kind of record (repairs signed, tickets opened, surveys answered) over the months'
//! bounds, instead of streaming a year of rows through `kpi::tally`. Each count is the
//! one `kpi::tally` makes for the figures the trend shows (repairs completed, first-time
//! fix, response within SLA, satisfaction, NPS), with the same joins, so the figures are
//! the same (docs/report.md); `kpi::rows` then turns them into figures as for `report kpi`.

use rusqlite::{params, Connection};
use serde_json::json;

use super::figures::Period;
use super::kpi::Tally;
use crate::error::Result;

/// The months as rows of a table: their index, their bounds as stored instants (local
/// midnights, as `Period::bounds`) and as days (for records kept by day).
const MONTHS: &str = "months AS (
    SELECT CAST(key AS INTEGER) AS i, json_extract(value, '$[0]') AS start, json_extract(value, '$[1]') AS stop,
           json_extract(value, '$[2]') AS first_day, json_extract(value, '$[3]') AS next_day
      FROM json_each(?1))";

/// Repairs signed in each month (joined as `facts::repairs` joins them): how many, how
/// many were repeated within the window, and their follow-ups' answers.
fn repairs_sql() -> String {
    format!(
        "WITH {MONTHS}
         SELECT mo.i, count(*),
                count(CASE WHEN EXISTS (SELECT 1 FROM repairs n WHERE n.equipment_id = r.equipment_id AND n.id <> r.id
                          AND n.opened_at > r.signed_at AND julianday(n.opened_at) <= julianday(r.signed_at, ?2))
                      THEN 1 END),
                coalesce(sum(f.satisfaction), 0), count(f.satisfaction),
                count(CASE WHEN f.nps >= 9 THEN 1 END), count(CASE WHEN f.nps <= 6 THEN 1 END), count(f.nps)
           FROM months mo JOIN repairs r ON r.signed_at >= mo.start AND r.signed_at < mo.stop
           JOIN tickets t ON t.id = r.ticket_id JOIN equipment e ON e.id = r.equipment_id
           JOIN models m ON m.id = e.model_id JOIN customers c ON c.id = e.customer_id
           LEFT JOIN followups f ON f.repair_id = r.id AND f.done_at IS NOT NULL
          GROUP BY mo.i"
    )
}

/// Tickets opened in each month and answered: how many, how many within the SLA.
fn tickets_sql() -> String {
    format!(
        "WITH {MONTHS}
         SELECT mo.i, count(*), count(CASE WHEN NOT t.response_breached THEN 1 END)
           FROM months mo JOIN tickets t ON t.opened_at >= mo.start AND t.opened_at < mo.stop
           JOIN customers c ON c.id = t.customer_id
          WHERE t.responded_at IS NOT NULL
          GROUP BY mo.i"
    )
}

/// Surveys answered in each month (by their day): overall scores and NPS answers.
fn surveys_sql() -> String {
    format!(
        "WITH {MONTHS}
         SELECT mo.i, coalesce(sum(v.overall), 0), count(*),
                count(CASE WHEN v.nps >= 9 THEN 1 END), count(CASE WHEN v.nps <= 6 THEN 1 END), count(v.nps)
           FROM months mo JOIN surveys v ON v.date >= mo.first_day AND v.date < mo.next_day
           JOIN customers c ON c.id = v.customer_id
          GROUP BY mo.i"
    )
}

/// The trend's counts of each month, in the order given (a month with nothing to count
/// keeps an empty tally: its figures are "—").
pub fn tallies(conn: &Connection, months: &[Period], window_days: i64) -> Result<Vec<Tally>> {
    let spans = months
        .iter()
        .map(|m| {
            let (start, stop) = m.bounds();
            json!([start, stop, m.from.to_string(), m.until.to_string()])
        })
        .collect::<Vec<_>>();
    let spans = serde_json::Value::Array(spans).to_string();
    let mut out = vec![Tally::default(); months.len()];
    let window = format!("+{window_days} days");

    let mut repairs = Vec::new();
    crate::db::each_row(
        conn,
        &repairs_sql(),
        params![spans, window],
        "counting the trend's repairs",
        |r| {
            Ok((
                r.get::<_, usize>(0)?,
                [r.get::<_, i64>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?],
            ))
        },
        &mut |row| {
            repairs.push(row);
            Ok(())
        },
    )?;
    for (i, [signed, repeated, score_sum, scores, promoters, detractors, answers]) in repairs {
        let Some(t) = out.get_mut(i) else { continue };
        t.repairs_completed = signed;
        t.first_time_fix.of = signed;
        t.first_time_fix.kept = signed - repeated;
        t.satisfaction.sum += score_sum as f64;
        t.satisfaction.n += scores;
        t.nps.promoters += promoters;
        t.nps.detractors += detractors;
        t.nps.answers += answers;
    }

    let mut tickets = Vec::new();
    crate::db::each_row(
        conn,
        &tickets_sql(),
        params![spans],
        "counting the trend's tickets",
        |r| Ok((r.get::<_, usize>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)),
        &mut |row| {
            tickets.push(row);
            Ok(())
        },
    )?;
    for (i, answered, in_sla) in tickets {
        if let Some(t) = out.get_mut(i) {
            t.response_in_sla.of = answered;
            t.response_in_sla.kept = in_sla;
        }
    }

    let mut surveys = Vec::new();
    crate::db::each_row(
        conn,
        &surveys_sql(),
        params![spans],
        "counting the trend's surveys",
        |r| Ok((r.get::<_, usize>(0)?, [r.get::<_, i64>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?])),
        &mut |row| {
            surveys.push(row);
            Ok(())
        },
    )?;
    for (i, [score_sum, scores, promoters, detractors, answers]) in surveys {
        let Some(t) = out.get_mut(i) else { continue };
        t.satisfaction.sum += score_sum as f64;
        t.satisfaction.n += scores;
        t.nps.promoters += promoters;
        t.nps.detractors += detractors;
        t.nps.answers += answers;
    }
    Ok(out)
}
