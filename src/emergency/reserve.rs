//! Emergency reserves (应急物资储备, R6.2): what each plan relies on against what its
//! reserve store holds in the parts ledger. Reserve stock is ordinary stock at the
//! location the plan names, so it is counted, moved and traced like any part; this only
//! reads it (through `parts::stock::lines`), usable and unexpired.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::msg as w;
use super::plan::{self, Plan};
use crate::clock::{local_day, utc_text};
use crate::db::{history, Tx};
use crate::due::{days_late, Found, Source, When, Window};
use crate::error::{Error, Result};
use crate::parts::stock::{lines, manual, Manual, StockFilter};

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

/// The setting: days between checks of a reserve store (R6.2).
pub const CHECK_SETTING: &str = "reserve_check_days";

/// Register a plan's reserve store, so that its checks fall due (`svc due --kind reserve`).
pub fn register(tx: &Tx, location: &str) -> Result<()> {
    super::store::register_store(tx, location)
}

/// Units found damaged at a check: `PART[:LOT]=QTY`.
#[derive(Debug, Clone, PartialEq)]
pub struct Damaged {
    pub part: String,
    pub lot: String,
    pub qty: i64,
}

/// One lot as the check found it.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub part_no: String,
    pub location: String,
    pub lot: String,
    pub expiry: Option<String>,
    pub on_hand: i64,
    pub damaged: i64,
    pub expired: i64,
    /// Written off through the ledger: damaged and expired units.
    pub written_off: i64,
}

/// A replacement a check proposes: what a plan relying on the store now lacks.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Proposal {
    pub plan: String,
    pub part_no: String,
    pub need: i64,
    pub usable: i64,
    pub replace: i64,
}

pub struct Check {
    pub location: String,
    pub by: String,
    pub damaged: Vec<Damaged>,
    pub note: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// Check a reserve store: every lot on hand, damaged units as reported, expired lots by
/// their date. Damaged and expired units are written off through the ledger (scrap, with
/// the check as reason); each plan relying on the store gets its replacements proposed.
/// Returns the check's code, its lines and the proposals.
pub fn check(tx: &Tx, c: &Check) -> Result<(String, Vec<Checked>, Vec<Proposal>)> {
    crate::staff::active(tx.conn(), &c.by, |s| crate::words::m::staff_inactive(s))?;
    crate::parts::location::id(tx.conn(), &c.location)?;
    let at = crate::ticket::event_time(tx, c.at, None, "")?;
    let today = local_day(at);
    let code = crate::db::document_code(tx, "reserve_checks", "RC")?;
    let mut found = Vec::new();
    let f = StockFilter { location: Some(c.location.clone()), ..Default::default() };
    lines(tx.conn(), &f, &mut |l| {
        found.push(l);
        Ok(())
    })?;
    let mut checked = Vec::new();
    let mut problems = Vec::new();
    for d in &c.damaged {
        let held: i64 =
            found.iter().filter(|l| l.part_no == d.part && (d.lot.is_empty() || l.lot == d.lot)).map(|l| l.qty).sum();
        if held < d.qty {
            problems.push(w::reserve_damaged_more(&d.part, &d.lot, d.qty, held).to_string());
        }
    }
    if !problems.is_empty() {
        return Err(Error::invalid(w::reserve_check_invalid(&c.location, problems.join("; "))));
    }
    let mut damaged_left: Vec<Damaged> = c.damaged.clone();
    for l in &found {
        let expired =
            l.expiry.as_deref().and_then(|e| NaiveDate::parse_from_str(e, "%Y-%m-%d").ok()).is_some_and(|e| e < today);
        let expired_qty = if expired { l.qty } else { 0 };
        // Damaged units of this part (and lot, when named) come off the lots not expired anyway.
        let mut damaged = 0;
        for d in damaged_left.iter_mut().filter(|d| d.part == l.part_no && (d.lot.is_empty() || d.lot == l.lot)) {
            let take = d.qty.min(l.qty - expired_qty - damaged);
            damaged += take;
            d.qty -= take;
        }
        let reason = |what: &str| format!("{what}: reserve check {code}");
        if expired_qty > 0 {
            manual(tx, Manual::Scrap, &l.part_no, &l.location, &l.lot, expired_qty, &reason("expired"))?;
        }
        if damaged > 0 {
            manual(tx, Manual::Scrap, &l.part_no, &l.location, &l.lot, damaged, &reason("damaged"))?;
        }
        checked.push(Checked {
            part_no: l.part_no.clone(),
            location: l.location.clone(),
            lot: l.lot.clone(),
            expiry: l.expiry.clone(),
            on_hand: l.qty,
            damaged,
            expired: expired_qty,
            written_off: damaged + expired_qty,
        });
    }
    let mut proposals = Vec::new();
    for listed in plan::list(tx.conn())? {
        let v = plan::version(tx.conn(), &listed.code, Some(listed.version))?;
        if v.plan.reserve.as_ref().is_none_or(|r| r.location != c.location) {
            continue;
        }
        for l in plan_lines(tx.conn(), &v.plan, today, today)? {
            if l.short > 0 {
                proposals.push(Proposal {
                    plan: l.plan,
                    part_no: l.part_no,
                    need: l.need,
                    usable: l.usable,
                    replace: l.short,
                });
            }
        }
    }
    register(tx, &c.location)?;
    let row = super::store::CheckRow {
        code: &code,
        location: &c.location,
        at: &utc_text(at),
        by: &c.by,
        note: c.note.as_deref(),
        lines: &serde_json::to_string(&checked).unwrap_or_default(),
        proposals: &serde_json::to_string(&proposals).unwrap_or_default(),
    };
    super::store::insert_check(tx, &row)?;
    let after = json!({"location": c.location, "at": utc_text(at), "by": c.by, "note": c.note, "lines": checked,
        "proposals": proposals});
    history::record(tx, "reserve_check", &code, "check", None, Some(&after))?;
    Ok((code, checked, proposals))
}

/// Reserve stores with no check since the window's bound.
const DUE_SQL: &str = super::store::STORES_TO_CHECK;

/// Reserve stores are checked `reserve_check_days` after the last check (or after the
/// first plan named them).
pub const DUE: Source = Source {
    kind: "reserve",
    clause: "R6.2",
    about: "emergency reserve stores to check, reserve_check_days after the last check",
    sql: DUE_SQL,
    indexes: &["reserve_checks_location"],
    find: |conn, win: &Window, each| {
        let every = crate::config::days(conn, CHECK_SETTING)?;
        let bound = win.events_before(every);
        super::store::stores_to_check(conn, &bound, &mut |(location, since, last): (String, When, Option<When>)| {
            let subject = match &last {
                Some(l) => crate::due_words::reserve(&location, l.show(), days_late(l, win.today)),
                None => crate::due_words::reserve_never(&location),
            };
            each(Found { code: location, subject, when: last.unwrap_or(since).plus_days(every), who: None })
        })
    },
};

/// `PART[:LOT]=QTY`, for `--damaged`.
pub fn parse_damaged(spec: &str) -> Option<Damaged> {
    let (what, qty) = spec.split_once('=')?;
    let qty: i64 = qty.trim().parse().ok().filter(|q| *q > 0)?;
    let (part, lot) = what.split_once(':').unwrap_or((what, ""));
    (!part.trim().is_empty()).then(|| Damaged { part: part.trim().to_string(), lot: lot.trim().to_string(), qty })
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

    #[test]
    fn damaged_units_are_given_as_part_lot_and_quantity() {
        let d = |part: &str, lot: &str, qty| Some(Damaged { part: part.into(), lot: lot.into(), qty });
        assert_eq!(parse_damaged("PPE-N95:N2403=5"), d("PPE-N95", "N2403", 5));
        assert_eq!(parse_damaged(" 0100 = 2"), d("0100", "", 2));
        for bad in ["0100", "0100=0", "0100=-1", "=3", "0100=x"] {
            assert_eq!(parse_damaged(bad), None, "{bad}");
        }
    }
}
