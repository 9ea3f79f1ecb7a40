//! The monthly report's 12-month trend, counted in the database: one grouped query per
//! kind of record (tickets opened, surveys answered) over the months' bounds, instead of
//! streaming a year of rows through `kpi::tally`; the repairs signed are read one short
//! row each (about 120,000 a year) and counted here, their repeats found by `repeats` as
//! `facts::repairs` finds them. Each count is the one `kpi::tally` makes for the figures
//! the trend shows (repairs completed, first-time fix, response within SLA,
//! satisfaction, NPS), so the figures are the same (docs/report.md); `kpi::rows` then
//! turns them into figures as for `report kpi`.

use rusqlite::Connection;

use super::figures::Period;
use super::kpi::Tally;
use super::repeats;
use super::store::monthly as store;
use crate::error::Result;

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
    let mut out: Vec<Tally> = vec![Tally::default(); months.len()];
    debug_assert!(openings.covers(&span(months)), "the openings are read for the months");
    store::signed_repairs(conn, months, openings.window_days(), &mut |r| {
        let Some(t) = out.get_mut(r.month) else { return Ok(()) };
        t.repairs_completed += 1;
        t.first_time_fix.add(!openings.repeated(r.device, r.id, &r.signed_at, r.bound));
        if let Some(x) = r.satisfaction {
            t.satisfaction.add(x as f64);
        }
        if let Some(x) = r.nps {
            t.nps.add(x);
        }
        Ok(())
    })?;
    for (i, answered, in_sla) in store::answered_tickets(conn, months)? {
        if let Some(t) = out.get_mut(i) {
            t.response_in_sla.of = answered;
            t.response_in_sla.kept = in_sla;
        }
    }
    for (i, [score_sum, scores, promoters, detractors, answers]) in store::surveys(conn, months)? {
        let Some(t) = out.get_mut(i) else { continue };
        t.satisfaction.sum += score_sum as f64;
        t.satisfaction.n += scores;
        t.nps.promoters += promoters;
        t.nps.detractors += detractors;
        t.nps.answers += answers;
    }
    Ok(out)
}
