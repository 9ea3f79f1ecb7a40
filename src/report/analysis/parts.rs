//! `svc report parts` (R4.2.2, R4.1): what the repairs and maintenance consume, per part,
//! over the last N months; how many months the stock on hand covers at that pace; the
//! slow stock; and a `min_qty` suggested from demand. `--apply` writes the suggestions —
//! a separate step, run after the report is read, every change listed and recorded in
//! the history (never silent); `--dry-run` rehearses it.

use serde_json::{json, Value};

use super::common::{day_start, fig, month_start_back, ratio};
use super::msg;
use super::print;
use crate::cli::Ctx;
use crate::db::history;
use crate::error::{Error, Result};
use crate::report::store::parts as store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Consumption over the last N whole months before this one
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub months: u32,
    /// Suggest a min_qty that covers this many months of demand
    #[arg(long, value_name = "N", default_value_t = 2.0)]
    pub cover: f64,
    /// Stock not moved for this many days is slow
    #[arg(long, value_name = "DAYS", default_value_t = 180)]
    pub slow_days: i64,
    /// Only these parts (part number; repeatable)
    #[arg(long = "part", value_name = "PART_NO")]
    pub parts: Vec<String>,
    /// Set each listed part's min_qty to its suggestion (recorded in the history)
    #[arg(long)]
    pub apply: bool,
    /// With --apply: show what would change, write nothing
    #[arg(long, requires = "apply")]
    pub dry_run: bool,
}

/// One part's demand and stock, as read from the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub part_no: String,
    pub name: String,
    pub unit: String,
    pub on_hand: i64,
    /// Issued to repairs and maintenance, net of returns, in the window.
    pub used: i64,
    pub min_qty: i64,
    pub last_movement: Option<String>,
    pub idle_days: Option<i64>,
}

pub const COLUMNS: &[&str] = &[
    "part_no",
    "name",
    "unit",
    "on_hand",
    "used",
    "per_month",
    "months_of_cover",
    "last_movement",
    "idle_days",
    "slow",
    "min_qty",
    "suggested_min_qty",
];

pub const APPLY_COLUMNS: &[&str] = &["part_no", "name", "min_qty", "suggested_min_qty", "per_month"];

/// The arithmetic on one line, given the window's months, the months of cover wanted and
/// the slow threshold.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub months: u32,
    pub cover: f64,
    pub slow_days: i64,
}

impl Rule {
    /// Mean demand per month over the window.
    pub fn per_month(&self, l: &Line) -> Option<f64> {
        ratio(l.used.max(0) as f64, self.months as f64)
    }
    /// Months the stock on hand lasts at that pace; none without demand.
    pub fn months_of_cover(&self, l: &Line) -> Option<f64> {
        self.per_month(l).filter(|d| *d > 0.0).map(|d| l.on_hand as f64 / d)
    }
    /// Stock on hand that has not moved for `slow_days` (R4.2.2).
    pub fn slow(&self, l: &Line) -> bool {
        l.on_hand > 0 && l.idle_days.is_some_and(|d| d >= self.slow_days)
    }
    /// `ceil(per month × cover)`; none for a part without demand: a reserve kept for
    /// emergencies is not lowered by the absence of failures.
    pub fn suggested_min_qty(&self, l: &Line) -> Option<i64> {
        self.per_month(l).filter(|d| *d > 0.0).map(|d| (d * self.cover - 1e-9).ceil() as i64)
    }
    fn cells(&self, l: &Line) -> Vec<Value> {
        vec![
            Value::from(l.part_no.clone()),
            Value::from(l.name.clone()),
            Value::from(l.unit.clone()),
            Value::from(l.on_hand),
            Value::from(l.used),
            fig(self.per_month(l), 2),
            fig(self.months_of_cover(l), 1),
            Value::from(l.last_movement.clone()),
            Value::from(l.idle_days),
            Value::from(self.slow(l)),
            Value::from(l.min_qty),
            Value::from(self.suggested_min_qty(l)),
        ]
    }
}

pub fn run(ctx: &Ctx, a: Args) -> Result<i32> {
    if a.months == 0 || !(a.cover > 0.0 && a.cover.is_finite()) {
        return Err(Error::Msg(crate::error::Kind::Usage, msg::analysis_months_zero()));
    }
    let mut db = ctx.open()?;
    let now = ctx.clock.now();
    let from = day_start(month_start_back(ctx.clock.today(), a.months)).unwrap_or(now);
    let to = day_start(month_start_back(ctx.clock.today(), 0)).unwrap_or(now);
    let rule = Rule { months: a.months, cover: a.cover, slow_days: a.slow_days };
    for p in &a.parts {
        if !store::part_known(db.conn(), p)? {
            return Err(Error::not_found(msg::analysis_unknown_part(p.as_str())));
        }
    }
    let lines = store::lines(db.conn(), from, to, now, &a.parts)?;
    if !a.apply {
        return print(ctx, COLUMNS, lines.iter().map(|l| rule.cells(l)));
    }
    let changes: Vec<(&Line, i64)> =
        lines.iter().filter_map(|l| rule.suggested_min_qty(l).filter(|s| *s != l.min_qty).map(|s| (l, s))).collect();
    if changes.is_empty() {
        ctx.out.note(msg::analysis_min_qty_none());
        return Ok(0);
    }
    let window = (crate::clock::local_day(from).to_string(), crate::clock::local_day(to).to_string());
    db.write_or_rehearse(!a.dry_run, |tx| {
        for (l, s) in &changes {
            store::set_min_qty(tx, &l.part_no, *s)?;
            let after = json!({
                "min_qty": s, "from": "demand", "used": l.used, "since": window.0, "until": window.1,
                "cover_months": a.cover,
            });
            history::record(
                tx,
                "part",
                &l.part_no,
                "min-qty-from-demand",
                Some(&json!({"min_qty": l.min_qty})),
                Some(&after),
            )?;
        }
        Ok(())
    })?;
    let n = changes.len() as i64;
    print(
        ctx,
        APPLY_COLUMNS,
        changes.iter().map(|(l, s)| {
            vec![
                Value::from(l.part_no.clone()),
                Value::from(l.name.clone()),
                Value::from(l.min_qty),
                Value::from(*s),
                fig(rule.per_month(l), 2),
            ]
        }),
    )?;
    ctx.out.note(if a.dry_run { msg::analysis_min_qty_rehearsed(n) } else { msg::analysis_min_qty_applied(n) });
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(on_hand: i64, used: i64, idle: Option<i64>) -> Line {
        Line {
            part_no: "P".into(),
            name: "n".into(),
            unit: "pcs".into(),
            on_hand,
            used,
            min_qty: 1,
            last_movement: None,
            idle_days: idle,
        }
    }

    #[test]
    fn r4_2_2_cover_and_suggestion_follow_demand() {
        let rule = Rule { months: 6, cover: 2.0, slow_days: 180 };
        // 9 used in 6 months: 1.5 a month; 6 on hand last 4 months; 3 cover 2 months.
        let l = line(6, 9, Some(3));
        assert_eq!(rule.per_month(&l), Some(1.5));
        assert_eq!(rule.months_of_cover(&l), Some(4.0));
        assert_eq!(rule.suggested_min_qty(&l), Some(3));
        // 7 used: 7/6 × 2 = 2.33 → 3, rounded up.
        assert_eq!(rule.suggested_min_qty(&line(0, 7, None)), Some(3));
        assert!(!rule.slow(&l));
    }

    #[test]
    fn r4_2_2_no_demand_gives_no_cover_and_no_suggestion_and_idle_stock_is_slow() {
        let rule = Rule { months: 6, cover: 2.0, slow_days: 180 };
        let l = line(4, 0, Some(200));
        assert_eq!(rule.months_of_cover(&l), None);
        assert_eq!(rule.suggested_min_qty(&l), None);
        assert!(rule.slow(&l));
        assert!(!rule.slow(&line(0, 0, Some(400))), "nothing on hand is not slow stock");
    }
}
