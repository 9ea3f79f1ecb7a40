//! `svc report complaints` (R7.3.3): complaint statistics by category, root cause, model
//! or month (per 100 repairs opened that month beside), and the corrective actions
//! (整改) still open. The complaints are the quality area's (src/quality/complaint.rs).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::Value;

use super::common::{fig, months, ratio, zone_modifier};
use super::{print, Window};
use crate::cli::{Ctx, Period};
use crate::error::Result;
use crate::report::store::complaints as store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Category,
    RootCause,
    Model,
    Month,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to count complaints by
    #[arg(long, value_enum, default_value = "category")]
    pub by: By,
    /// Instead of counts, the corrective actions (findings) of complaints not closed yet
    #[arg(long)]
    pub open_actions: bool,
    /// The period, by the time a complaint was received [default: all on record]
    #[command(flatten)]
    pub period: Period,
}

/// The counts of one group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    pub complaints: i64,
    pub open: i64,
    pub with_corrective: i64,
    pub adverse_events: i64,
    pub days_to_close: Option<f64>,
}

const COUNT_COLUMNS: &[&str] =
    &["complaints", "open_count", "closed_count", "with_corrective", "adverse_events", "days_to_close"];

impl Group {
    fn cells(&self) -> Vec<Value> {
        vec![
            Value::from(self.complaints),
            Value::from(self.open),
            Value::from(self.complaints - self.open),
            Value::from(self.with_corrective),
            Value::from(self.adverse_events),
            fig(self.days_to_close, 1),
        ]
    }
}

/// Complaints per 100 repairs opened in the same month; none in a month without repairs.
pub fn per_100_repairs(complaints: i64, repairs: i64) -> Option<f64> {
    ratio(complaints as f64 * 100.0, repairs as f64)
}

pub const ACTION_COLUMNS: &[&str] =
    &["complaint", "category", "root_cause", "corrective_finding", "status", "owner", "deadline", "days_overdue"];

pub fn run(ctx: &Ctx, a: Args) -> Result<i32> {
    let db = ctx.open()?;
    let now = ctx.clock.now();
    let w = Window::of(&a.period, now);
    let zone = zone_modifier(now);
    if a.open_actions {
        return print(ctx, ACTION_COLUMNS, store::open_actions(db.conn(), &w, ctx.clock.today())?);
    }
    let key = match a.by {
        By::Category => "category",
        By::RootCause => "root_cause",
        By::Model => "model",
        By::Month => "month",
    };
    let groups = store::groups(db.conn(), &w, &zone, a.by)?;
    if a.by != By::Month {
        let headers: Vec<&str> = std::iter::once(key).chain(COUNT_COLUMNS.iter().copied()).collect();
        return print(
            ctx,
            &headers,
            groups.into_iter().map(|(k, g)| std::iter::once(Value::from(k)).chain(g.cells()).collect()),
        );
    }
    // By month: every month of the period, the ones without complaints too.
    let repairs = store::repairs_per_month(db.conn(), &w, &zone)?;
    let by_month: HashMap<String, Group> = groups.into_iter().filter_map(|(k, g)| Some((k?, g))).collect();
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let first = w
        .since_day
        .as_deref()
        .and_then(day)
        .or_else(|| by_month.keys().chain(repairs.keys()).min().and_then(|m| day(&format!("{m}-01"))))
        .unwrap_or(ctx.clock.today());
    let last = day(&w.until_day).and_then(|d| d.pred_opt()).unwrap_or(ctx.clock.today());
    let mut headers = vec!["month"];
    headers.extend(COUNT_COLUMNS);
    headers.extend(["repairs", "per_100_repairs"]);
    let empty = Group::default();
    print(
        ctx,
        &headers,
        months(first, last).into_iter().map(|m| {
            let g = by_month.get(&m).unwrap_or(&empty);
            let r = repairs.get(&m).copied().unwrap_or(0);
            let mut row = vec![Value::from(m.clone())];
            row.extend(g.cells());
            row.push(Value::from(r));
            row.push(fig(per_100_repairs(g.complaints, r), 1));
            row
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r7_3_3_complaints_per_100_repairs_need_repairs() {
        assert_eq!(per_100_repairs(1, 4), Some(25.0));
        assert_eq!(per_100_repairs(2, 0), None);
    }

    #[test]
    fn r7_3_3_closed_is_what_is_not_open() {
        let g = Group { complaints: 3, open: 1, with_corrective: 1, adverse_events: 0, days_to_close: None };
        assert_eq!(g.cells()[2], Value::from(2));
        assert_eq!(g.cells()[5], Value::Null);
    }
}
