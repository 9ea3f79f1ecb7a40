//! Warehouse safety (R4.2.3): regular checks against fire, damp and theft, each
//! recorded with who checked, what was measured and, when something is wrong, what
//! was found. `due` lists warehouses whose last check is too old: a cron job, and a
//! source of `svc due`.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use crate::db::{history, Tx};
use crate::due::{days_late, Found, Source, When, Window};
use crate::error::{Error, Result};
use crate::words::m;

pub const RESULTS: &[&str] = &["ok", "issue"];

pub struct NewCheck {
    pub warehouse: String,
    pub fire: String,
    pub damp: String,
    pub security: String,
    pub temperature: Option<f64>,
    pub humidity: Option<f64>,
    pub note: Option<String>,
    pub by: String,
    pub at: Option<DateTime<Utc>>,
}

/// Record a safety check of a warehouse. A finding ("issue") needs its note.
pub fn check(tx: &Tx, c: &NewCheck) -> Result<()> {
    let known = super::store::warehouse_locations(tx.conn(), &c.warehouse)?;
    if known == 0 {
        return Err(Error::not_found(m::parts_warehouse_not_found(&c.warehouse)));
    }
    let staff_id = crate::staff::active(tx.conn(), &c.by, |s| m::staff_inactive(s))?;
    let issues: Vec<&str> = [("fire", &c.fire), ("damp", &c.damp), ("security", &c.security)]
        .into_iter()
        .filter(|(_, v)| v.as_str() == "issue")
        .map(|(k, _)| k)
        .collect();
    if !issues.is_empty() && c.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(Error::invalid(m::parts_safety_issue_needs_note(issues.join(", "))));
    }
    if c.humidity.is_some_and(|h| !(0.0..=100.0).contains(&h)) {
        return Err(Error::invalid(m::parts_safety_humidity_range()));
    }
    let at = crate::ticket::event_time(tx, c.at, None, "")?;
    let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    super::store::insert_safety_check(tx, c, &at, staff_id)?;
    let after = json!({"at": at, "by": c.by, "fire": c.fire, "damp": c.damp, "security": c.security,
        "temperature": c.temperature, "humidity": c.humidity, "note": c.note});
    history::record(tx, "safety_check", &c.warehouse, "check", None, Some(&after))
}

#[derive(Debug, Serialize)]
pub struct CheckRow {
    pub warehouse: String,
    pub at: String,
    pub by: String,
    pub fire: String,
    pub damp: String,
    pub security: String,
    pub temperature: Option<f64>,
    pub humidity: Option<f64>,
    pub note: Option<String>,
}

pub const CHECK_COLUMNS: &[&str] =
    &["warehouse", "at", "by", "fire", "damp", "security", "temperature", "humidity", "note"];

/// Checks, newest first; `issues`: only those that found something.
pub fn list(
    conn: &Connection,
    warehouse: Option<&str>,
    issues: bool,
    each: &mut dyn FnMut(CheckRow) -> Result<()>,
) -> Result<()> {
    super::store::safety_checks(conn, warehouse, issues, each)
}

#[derive(Debug, Serialize)]
pub struct DueRow {
    pub warehouse: String,
    pub last_check: Option<String>,
    pub days_since: Option<i64>,
    /// When the next check falls due: `every` days after the last one; today when the
    /// warehouse was never checked.
    #[serde(skip)]
    pub when: When,
}

pub const DUE_COLUMNS: &[&str] = &["warehouse", "last_check", "days_since"];

/// Each warehouse and its last check, for those with no check since the window's
/// bound: the range on `at` in `safety_checks_warehouse` finds them.
const DUE_SQL: &str = "SELECT w.warehouse, (SELECT max(c.at) FROM safety_checks c WHERE c.warehouse = w.warehouse)
   FROM (SELECT DISTINCT warehouse FROM locations) w
  WHERE NOT EXISTS (SELECT 1 FROM safety_checks c WHERE c.warehouse = w.warehouse AND c.at >= ?1)
  ORDER BY w.warehouse";

/// Warehouses whose next check, `every` days after the last, falls in the window
/// (never checked ones included). Days since and the deadline are the due engine's.
pub fn due(conn: &Connection, window: &Window, every: i64, each: &mut dyn FnMut(DueRow) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        DUE_SQL,
        [window.events_before(every)],
        "looking for checks due",
        |r| {
            let checked: Option<When> = r.get(1)?;
            Ok(DueRow {
                warehouse: r.get(0)?,
                last_check: checked.map(|c| c.show()),
                days_since: checked.map(|c| days_late(&c, window.today)),
                when: checked.map(|c| c.plus_days(every)).unwrap_or(When::Day(window.today)),
            })
        },
        each,
    )
}

/// Warehouse safety checks (R4.2.3), due `safety_check_days` after the last one.
pub const DUE: Source = Source {
    kind: "safety",
    clause: "R4.2.3",
    about: "warehouse safety checks, due safety_check_days after the last (unchecked: today)",
    sql: DUE_SQL,
    indexes: &["safety_checks_warehouse"],
    find: |conn, w, each| {
        let every = crate::config::days(conn, "safety_check_days")?;
        due(conn, w, every, &mut |d| {
            let subject = match d.last_check {
                Some(last) => crate::due_words::safety(&d.warehouse, last),
                None => crate::due_words::safety_never(&d.warehouse),
            };
            each(Found { code: d.warehouse, subject, when: d.when, who: None })
        })
    },
};
