//! `svc report kpi`: the service figures of a period (R8.3), overall or grouped, each
//! counted from `facts` by the definitions in docs/report.md.

use std::collections::BTreeMap;

use serde_json::Value;

use super::facts::{self, PartsKind, Tagged, Tags};
use super::figures::{hours_between, number, quantile, yuan, Mean, Nps, Period, Ratio};
use super::repeats::Openings;
use crate::error::Result;

/// What figures may be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Month,
    Week,
    Technician,
    Model,
    Customer,
    Province,
    Priority,
    Device,
}

/// The group a record falls in: by the time of the event counted (`at`, local), or by
/// its tags; "(none)" when the record does not say.
fn group(by: Option<By>, t: &Tags, at: &str) -> String {
    let day = || crate::clock::local_date(at);
    let tag = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
    match by {
        None => String::new(),
        Some(By::Month) => day().map(|d| d.format("%Y-%m").to_string()).unwrap_or_default(),
        Some(By::Week) => day().map(|d| d.format("%G-W%V").to_string()).unwrap_or_default(),
        Some(By::Technician) => tag(&t.technician),
        Some(By::Model) => tag(&t.model),
        Some(By::Customer) => tag(&t.customer),
        Some(By::Province) => tag(&t.province),
        Some(By::Priority) => tag(&t.priority),
        Some(By::Device) => tag(&t.device),
    }
}

/// Everything counted for one group.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub tickets_opened: i64,
    pub response_hours: Vec<f64>,
    pub response_in_sla: Ratio,
    pub tickets_closed: i64,
    pub resolution_hours: Vec<f64>,
    pub resolution_in_sla: Ratio,
    pub repairs_opened: i64,
    pub repairs_completed: i64,
    pub repair_hours: Mean,
    pub backlog_days: Vec<f64>,
    pub first_time_fix: Ratio,
    pub inspection_first_pass: Ratio,
    pub followups_on_time: Ratio,
    pub satisfaction: Mean,
    pub nps: Nps,
    pub parts_fen: Option<i64>,
    pub stock_outs: i64,
    pub variance_fen: Option<i64>,
    pub complaints: i64,
    pub downtime_hours: f64,
    pub devices: i64,
}

/// Which figures a tally counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every figure (`report kpi`).
    All,
    /// What the monthly report's headline shows (`monthly::HEADLINE`): no follow-up
    /// held on time and no stock figure, so neither follow-ups due nor parts are read;
    /// those figures of such a tally are not counted and must not be shown.
    Headline,
}

/// Count a period's records into groups, as known on `today`.
pub fn tally(
    conn: &rusqlite::Connection,
    p: &Period,
    by: Option<By>,
    window_days: i64,
    today: chrono::NaiveDate,
) -> Result<BTreeMap<String, Tally>> {
    let openings = Openings::load(conn, p, window_days)?;
    tally_with(conn, p, by, &openings, Scope::All, today)
}

/// `tally` with the repairs' openings already read (for `p` or a span covering it:
/// `report monthly` reads them once for its 12 months) and the figures of `scope`.
pub fn tally_with(
    conn: &rusqlite::Connection,
    p: &Period,
    by: Option<By>,
    openings: &Openings,
    scope: Scope,
    today: chrono::NaiveDate,
) -> Result<BTreeMap<String, Tally>> {
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    let (from, to) = p.bounds();
    let inside = |at: &str| at >= from.as_str() && at < to.as_str();
    // Not grouped by a tag (overall, by month or week), a record's tags are not read.
    let tagged = match by {
        None | Some(By::Month | By::Week) => Tagged::No,
        Some(_) => Tagged::Yes,
    };
    facts::tickets(conn, p, tagged, &mut |t| {
        if inside(&t.opened_at) {
            let g = groups.entry(group(by, &t.tags, &t.opened_at)).or_default();
            g.tickets_opened += 1;
            if let Some(r) = &t.responded_at {
                g.response_hours.extend(hours_between(&t.opened_at, r));
                g.response_in_sla.add(!t.response_breached);
            }
        }
        if let Some(c) = t.closed_at.as_deref().filter(|c| inside(c)) {
            let g = groups.entry(group(by, &t.tags, c)).or_default();
            g.tickets_closed += 1;
            if let Some(h) = hours_between(&t.opened_at, c) {
                g.resolution_hours.push((h - t.waited_seconds as f64 / 3600.0).max(0.0));
            }
            g.resolution_in_sla.add(!t.resolution_breached);
        }
        Ok(())
    })?;
    facts::repairs_with(conn, p, openings, tagged, &mut |r| {
        if inside(&r.opened_at) {
            groups.entry(group(by, &r.tags, &r.opened_at)).or_default().repairs_opened += 1;
        }
        match r.signed_at.as_deref() {
            Some(s) if inside(s) => {
                let g = groups.entry(group(by, &r.tags, s)).or_default();
                g.repairs_completed += 1;
                g.repair_hours.sum += hours_between(&r.opened_at, s).unwrap_or(0.0);
                g.repair_hours.n += 1;
                g.first_time_fix.add(!r.repeated);
                if let Some(pass) = r.first_pass {
                    g.inspection_first_pass.add(pass);
                }
                if let Some(x) = r.satisfaction {
                    g.satisfaction.add(x as f64);
                }
                if let Some(x) = r.nps {
                    g.nps.add(x);
                }
                g.downtime_hours += hours_between(later(&r.called_at, &from), s).unwrap_or(0.0);
            }
            signed if open_at(signed, r.declined_at.as_deref(), &r.opened_at, &to) => {
                // Still open when the period ended: the backlog, aged to the period's end.
                let g = groups.entry(group(by, &r.tags, &r.opened_at)).or_default();
                g.backlog_days.extend(hours_between(&r.opened_at, &to).map(|h| h / 24.0));
                g.downtime_hours += hours_between(later(&r.called_at, &from), &to).unwrap_or(0.0);
            }
            _ => {}
        }
        Ok(())
    })?;
    if scope == Scope::All {
        facts::followups(conn, p, today, &mut |f| {
            let g = groups.entry(group(by, &f.tags, &super::figures::day_start(parse_day(&f.due)))).or_default();
            g.followups_on_time.add(f.done_on.as_deref().is_some_and(|d| d <= f.due.as_str()));
            Ok(())
        })?;
    }
    if !matches!(by, Some(By::Technician | By::Model | By::Priority | By::Device)) {
        facts::surveys(conn, p, &mut |s| {
            let g = groups.entry(group(by, &s.tags, &super::figures::day_start(parse_day(&s.date)))).or_default();
            g.satisfaction.add(s.overall as f64);
            if let Some(n) = s.nps {
                g.nps.add(n);
            }
            Ok(())
        })?;
    }
    facts::complaints(conn, p, &mut |c| {
        groups.entry(group(by, &c.tags, &c.received_at)).or_default().complaints += 1;
        Ok(())
    })?;
    let by_time = matches!(by, None | Some(By::Month | By::Week));
    if scope == Scope::All {
        facts::parts(conn, p, &mut |f| {
            if f.kind != PartsKind::StockOut && !by_time {
                return Ok(()); // stock movements and counts are not a technician's or a customer's
            }
            let g = groups.entry(group(by, &f.tags, &f.at)).or_default();
            match f.kind {
                PartsKind::Consumed => *g.parts_fen.get_or_insert(0) += f.fen,
                PartsKind::StockOut => g.stock_outs += 1,
                PartsKind::Variance => *g.variance_fen.get_or_insert(0) += f.fen,
            }
            Ok(())
        })?;
    }
    if matches!(by, None | Some(By::Model | By::Customer | By::Province | By::Device)) {
        facts::devices(conn, p, tagged, &mut |t| {
            groups.entry(group(by, &t, "")).or_default().devices += 1;
            Ok(())
        })?;
    }
    if by.is_none() {
        groups.entry(String::new()).or_default();
    }
    Ok(groups)
}

/// Whether a repair was still open at the instant `end`: opened before it, and neither
/// signed nor declined by then. A declined repair is closed work from the day it was
/// declined, not backlog; declined later, it was open at `end` and counts.
pub fn open_at(signed: Option<&str>, declined: Option<&str>, opened: &str, end: &str) -> bool {
    opened < end && signed.is_none_or(|s| s >= end) && declined.is_none_or(|d| d >= end)
}

/// The later of two stored instants (downtime counts from the period's start at most).
fn later<'a>(a: &'a str, b: &'a str) -> &'a str {
    if a > b {
        a
    } else {
        b
    }
}

fn parse_day(d: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or_default()
}

/// One figure of one group, as listed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    pub grouping: String,
    pub figure: &'static str,
    pub value: Value,
    pub numerator: Value,
    pub denominator: Value,
    pub unit: &'static str,
    pub clause: &'static str,
    #[serde(skip)]
    pub decimals: usize,
}

pub const COLUMNS: &[&str] = &["grouping", "figure", "value", "numerator", "denominator", "unit", "clause"];

/// The figures of a tally, in the order docs/report.md defines them.
pub fn rows(group: &str, t: &Tally, p: &Period) -> Vec<Row> {
    let mut out = Vec::new();
    let mut push = |figure, value: Value, num: Value, den: Value, unit, clause, decimals| {
        out.push(Row {
            grouping: group.to_string(),
            figure,
            value,
            numerator: num,
            denominator: den,
            unit,
            clause,
            decimals,
        })
    };
    let count = |n: i64| Value::from(n);
    let ratio = |r: &Ratio| (number(r.percent(), 1), count(r.kept), count(r.of));
    let n = Value::Null;
    let (mut resp, mut reso, mut age) = (t.response_hours.clone(), t.resolution_hours.clone(), t.backlog_days.clone());
    push("tickets_opened", count(t.tickets_opened), n.clone(), n.clone(), "tickets", "R8.3", 0);
    push("response_median", number(quantile(&mut resp, 0.5), 1), n.clone(), count(resp.len() as i64), "h", "R3.2.1", 1);
    push("response_p90", number(quantile(&mut resp, 0.9), 1), n.clone(), count(resp.len() as i64), "h", "R3.2.1", 1);
    let (v, a, b) = ratio(&t.response_in_sla);
    push("response_in_sla", v, a, b, "%", "R3.2.1", 1);
    push("tickets_closed", count(t.tickets_closed), n.clone(), n.clone(), "tickets", "R8.3", 0);
    push(
        "resolution_median",
        number(quantile(&mut reso, 0.5), 1),
        n.clone(),
        count(reso.len() as i64),
        "h",
        "R3.2.1",
        1,
    );
    push("resolution_p90", number(quantile(&mut reso, 0.9), 1), n.clone(), count(reso.len() as i64), "h", "R3.2.1", 1);
    let (v, a, b) = ratio(&t.resolution_in_sla);
    push("resolution_in_sla", v, a, b, "%", "R3.2.1", 1);
    push("repairs_opened", count(t.repairs_opened), n.clone(), n.clone(), "repairs", "R8.3", 0);
    push("repairs_completed", count(t.repairs_completed), n.clone(), n.clone(), "repairs", "R8.3", 0);
    push(
        "mttr",
        number(t.repair_hours.value(), 1),
        number(Some(t.repair_hours.sum), 1),
        count(t.repair_hours.n),
        "h",
        "R8.3",
        1,
    );
    push("backlog", count(t.backlog_days.len() as i64), n.clone(), n.clone(), "repairs", "R8.3", 0);
    push("backlog_age_median", number(quantile(&mut age, 0.5), 1), n.clone(), count(age.len() as i64), "d", "R8.3", 1);
    push(
        "backlog_age_max",
        number(age.iter().cloned().reduce(f64::max), 1),
        n.clone(),
        count(age.len() as i64),
        "d",
        "R8.3",
        1,
    );
    let (v, a, b) = ratio(&t.first_time_fix);
    push("first_time_fix", v, a, b, "%", "R8.2.2", 1);
    push(
        "repeat_failures",
        count(t.first_time_fix.of - t.first_time_fix.kept),
        n.clone(),
        count(t.first_time_fix.of),
        "repairs",
        "R8.2.2",
        0,
    );
    let (v, a, b) = ratio(&t.inspection_first_pass);
    push("inspection_first_pass", v, a, b, "%", "R3.4.1", 1);
    let (v, a, b) = ratio(&t.followups_on_time);
    push("followups_on_time", v, a, b, "%", "R3.5.1", 1);
    push(
        "satisfaction",
        number(t.satisfaction.value(), 2),
        number(Some(t.satisfaction.sum), 0),
        count(t.satisfaction.n),
        "1-5",
        "R3.5.2",
        2,
    );
    push(
        "nps",
        number(t.nps.value().map(|x| x as f64), 0),
        count(t.nps.promoters - t.nps.detractors),
        count(t.nps.answers),
        "",
        "R3.5.2",
        0,
    );
    push("parts_consumed", number(t.parts_fen.map(yuan), 2), n.clone(), n.clone(), "CNY", "R4.2.2", 2);
    push("stock_outs", count(t.stock_outs), n.clone(), n.clone(), "waits", "R4.2.2", 0);
    push("count_variance", number(t.variance_fen.map(yuan), 2), n.clone(), n.clone(), "CNY", "R4.3", 2);
    let per100 = (t.repairs_completed > 0).then(|| t.complaints as f64 * 100.0 / t.repairs_completed as f64);
    push(
        "complaints_per_100",
        number(per100, 1),
        count(t.complaints),
        count(t.repairs_completed),
        "per 100 repairs",
        "R7.3.3",
        1,
    );
    push("downtime", number(Some(t.downtime_hours), 1), n.clone(), n.clone(), "h", "R8.3", 1);
    let hours = t.devices as f64 * p.hours();
    let avail = (hours > 0.0).then(|| (100.0 * (1.0 - t.downtime_hours / hours)).max(0.0));
    push("availability", number(avail, 2), number(Some(t.downtime_hours), 1), number(Some(hours), 0), "%", "R8.3", 2);
    out
}

/// The rows of every group of a period.
pub fn report(
    conn: &rusqlite::Connection,
    p: &Period,
    by: Option<By>,
    window_days: i64,
    today: chrono::NaiveDate,
) -> Result<Vec<Row>> {
    let groups = tally(conn, p, by, window_days, today)?;
    Ok(groups.iter().flat_map(|(g, t)| rows(g, t, p)).collect())
}

/// The repeat window: the setting shared with the appraisal.
pub fn window_days(conn: &rusqlite::Connection) -> Result<i64> {
    crate::config::days(conn, "appraisal.repeat_window_days")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r8_3_backlog_is_what_was_open_at_the_period_s_end() {
        let end = "2026-12-01T00:00:00Z";
        assert!(open_at(None, None, "2026-11-05T00:00:00Z", end), "open, never closed");
        assert!(!open_at(Some("2026-11-30T00:00:00Z"), None, "2026-11-05T00:00:00Z", end), "signed before the end");
        assert!(open_at(Some("2026-12-02T00:00:00Z"), None, "2026-11-05T00:00:00Z", end), "signed after the end");
        assert!(!open_at(None, Some("2026-11-20T00:00:00Z"), "2026-11-05T00:00:00Z", end), "declined: closed work");
        assert!(open_at(None, Some("2026-12-03T00:00:00Z"), "2026-11-05T00:00:00Z", end), "declined later");
        assert!(!open_at(None, None, "2026-12-01T00:00:00Z", end), "opened after the end");
    }
}
