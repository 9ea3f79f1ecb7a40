//! Emergency reserves (应急物资储备, R6.2): what each plan relies on against what its
//! reserve store holds in the parts ledger. Reserve stock is ordinary stock at the
//! location the plan names, so it is counted, moved and traced like any part; this only
//! reads it (through `parts::stock::lines`), usable and unexpired.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::plan::{self, Plan};
use crate::error::Result;
use crate::parts::stock::{lines, StockFilter};

/// One reserve item of a plan against the store.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Line {
    pub plan: String,
    pub location: String,
    pub part_no: String,
    pub name: String,
    pub need: i64,
    /// On hand in lots not expired today.
    pub usable: i64,
    pub expired: i64,
    /// Usable now, but expiring within the window asked for.
    pub expiring: i64,
    pub short: i64,
    /// The earliest expiry of a usable lot.
    pub next_expiry: Option<String>,
}

pub const COLUMNS: &[&str] =
    &["plan", "location", "part_no", "name", "need", "usable", "expired", "expiring", "short", "next_expiry"];

/// Lots as (qty, expiry); what `line` counts (pure).
pub fn count(lots: &[(i64, Option<String>)], today: NaiveDate, horizon: NaiveDate) -> (i64, i64, i64, Option<String>) {
    let (mut usable, mut expired, mut expiring, mut next) = (0, 0, 0, None::<String>);
    for (qty, expiry) in lots.iter().filter(|(q, _)| *q > 0) {
        match expiry.as_deref().and_then(|e| NaiveDate::parse_from_str(e, "%Y-%m-%d").ok()) {
            Some(e) if e < today => expired += qty,
            Some(e) => {
                usable += qty;
                if e <= horizon {
                    expiring += qty;
                }
                let e = e.to_string();
                if next.as_ref().is_none_or(|n| e < *n) {
                    next = Some(e);
                }
            }
            None => usable += qty,
        }
    }
    (usable, expired, expiring, next)
}

/// The reserve lines of one plan.
pub fn plan_lines(conn: &Connection, p: &Plan, today: NaiveDate, horizon: NaiveDate) -> Result<Vec<Line>> {
    let Some(r) = &p.reserve else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for item in &r.items {
        let mut lots = Vec::new();
        let mut name = String::new();
        let f = StockFilter { part: Some(item.part.clone()), location: Some(r.location.clone()), ..Default::default() };
        lines(conn, &f, &mut |l| {
            name = l.name.clone();
            lots.push((l.qty, l.expiry));
            Ok(())
        })?;
        if name.is_empty() {
            if let Some((_, part)) = <crate::parts::Part as crate::exchange::Stored>::find(conn, &item.part)? {
                name = part.name;
            }
        }
        let (usable, expired, expiring, next_expiry) = count(&lots, today, horizon);
        out.push(Line {
            plan: p.code.clone(),
            location: r.location.clone(),
            part_no: item.part.clone(),
            name,
            need: item.qty,
            usable,
            expired,
            expiring,
            short: (item.qty - usable).max(0),
            next_expiry,
        });
    }
    Ok(out)
}

/// Every plan's reserve lines (the latest version of each), or one plan's.
pub fn list(conn: &Connection, only: Option<&str>, today: NaiveDate, horizon: NaiveDate) -> Result<Vec<Line>> {
    let mut out = Vec::new();
    for listed in plan::list(conn)? {
        if only.is_some_and(|o| o != listed.code) {
            continue;
        }
        let v = plan::version(conn, &listed.code, Some(listed.version))?;
        out.extend(plan_lines(conn, &v.plan, today, horizon)?);
    }
    if let Some(code) = only {
        plan::id(conn, code)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn expired_lots_are_not_usable_and_expiring_ones_are_counted_apart() {
        let lots = vec![
            (5, Some("2026-02-20".to_string())),
            (3, Some("2026-03-20".to_string())),
            (4, Some("2027-01-01".to_string())),
            (2, None),
            (0, Some("2026-03-06".to_string())),
        ];
        let (usable, expired, expiring, next) = count(&lots, day("2026-03-05"), day("2026-04-04"));
        assert_eq!((usable, expired, expiring), (9, 5, 3));
        assert_eq!(next.as_deref(), Some("2026-03-20"));
        // Expiring today is still usable today.
        assert_eq!(count(&[(1, Some("2026-03-05".into()))], day("2026-03-05"), day("2026-03-05")).0, 1);
    }
}
