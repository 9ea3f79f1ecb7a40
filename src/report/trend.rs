//! The monthly report's 12-month trend, counted in the database: one grouped query per
//! kind of record (tickets opened, surveys answered) over the months' bounds, instead of
//! streaming a year of rows through `kpi::tally`; the repairs signed are read one short
//! row each (about 120,000 a year) and counted here, their repeats found by `repeats` as
//! `facts::repairs` finds them. Each count is the one `kpi::tally` makes for the figures
//! the trend shows (repairs completed, first-time fix, response within SLA,
//! satisfaction, NPS), so the figures are the same (docs/report.md); `kpi::rows` then
//! turns them into figures as for `report kpi`.

use rusqlite::{params, Connection};
use serde_json::json;

use super::figures::Period;
use super::kpi::Tally;
use super::repeats;
use crate::error::Result;

/// The months as rows of a table: their index, their bounds as stored instants (local
/// midnights, as `Period::bounds`) and as days (for records kept by day).
const MONTHS: &str = "months AS (
    SELECT CAST(key AS INTEGER) AS i, json_extract(value, '$[0]') AS start, json_extract(value, '$[1]') AS stop,
           json_extract(value, '$[2]') AS first_day, json_extract(value, '$[3]') AS next_day
      FROM json_each(?1))";

/// Repairs signed in each month, one row each: the month, what the repeat test needs
/// (`repeats`) and the follow-up's answers. `facts::repairs` joins the repair's ticket,
/// device, model and customer for their tags; the trend needs no tag, and those joins
/// follow NOT NULL foreign keys (enforced: `PRAGMA foreign_keys`, `svc db check`), so
/// they never drop a repair: they are left out, and the repairs counted are the same.
fn repairs_sql() -> String {
    format!(
        "WITH {MONTHS}
         SELECT mo.i, r.id, r.equipment_id, r.signed_at, julianday(r.signed_at, ?2), f.satisfaction, f.nps
           FROM months mo JOIN repairs r ON r.signed_at >= mo.start AND r.signed_at < mo.stop
           LEFT JOIN followups f ON f.repair_id = r.id AND f.done_at IS NOT NULL"
    )
}

/// Tickets opened in each month and answered: how many, how many within the SLA.
/// `facts::tickets` joins the ticket's customer; a ticket's customer is a NOT NULL
/// foreign key, so that join never drops a ticket: it is left out here (it was half the
/// cost of this count: a seek per ticket, 200,000 a year).
fn tickets_sql() -> String {
    format!(
        "WITH {MONTHS}
         SELECT mo.i, count(*), count(CASE WHEN NOT t.response_breached THEN 1 END)
           FROM months mo JOIN tickets t ON t.opened_at >= mo.start AND t.opened_at < mo.stop
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

/// The months' span: from the first month's first day to the last one's end.
pub fn span(months: &[Period]) -> Period {
    Period {
        from: months.iter().map(|m| m.from).min().unwrap_or_default(),
        until: months.iter().map(|m| m.until).max().unwrap_or_default(),
    }
}

/// The trend's counts of each month, in the order given (a month with nothing to count
/// keeps an empty tally: its figures are "—"), the repeats found in `openings` (read for
/// the months' `span`).
pub fn tallies(conn: &Connection, months: &[Period], openings: &repeats::Openings) -> Result<Vec<Tally>> {
    let spans = months
        .iter()
        .map(|m| {
            let (start, stop) = m.bounds();
            json!([start, stop, m.from.to_string(), m.until.to_string()])
        })
        .collect::<Vec<_>>();
    let spans = serde_json::Value::Array(spans).to_string();
    let mut out: Vec<Tally> = vec![Tally::default(); months.len()];

    debug_assert!(openings.covers(&span(months)), "the openings are read for the months");
    crate::db::each_row(
        conn,
        &repairs_sql(),
        params![spans, repeats::window(openings.window_days())],
        "counting the trend's repairs",
        |r| {
            let signed_at: String = r.get(3)?;
            let repeated = openings.repeated(r.get(2)?, r.get(1)?, &signed_at, r.get(4)?);
            Ok((r.get::<_, usize>(0)?, repeated, r.get::<_, Option<i64>>(5)?, r.get::<_, Option<i64>>(6)?))
        },
        &mut |(i, repeated, satisfaction, nps): (usize, bool, Option<i64>, Option<i64>)| {
            let Some(t) = out.get_mut(i) else { return Ok(()) };
            t.repairs_completed += 1;
            t.first_time_fix.add(!repeated);
            if let Some(x) = satisfaction {
                t.satisfaction.add(x as f64);
            }
            if let Some(x) = nps {
                t.nps.add(x);
            }
            Ok(())
        },
    )?;

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
