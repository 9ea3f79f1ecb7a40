//! Plan versions: a plan's latest version and fingerprint, a new version, a version by
//! code or row id, the current versions, and what each version was used for.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::super::plan::Plan;
use crate::db::Tx;
use crate::error::{Result, SqlContext};

/// The version number and fingerprint of a plan's latest version.
pub fn latest(conn: &Connection, code: &str) -> Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT version, sha256 FROM maint_plans WHERE code = ?1 ORDER BY version DESC LIMIT 1",
        [code],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .ctx("looking up a maintenance plan")
}

/// A plan version as it is written: what `plan::import` checked and decided.
pub struct NewVersion<'a> {
    pub code: &'a str,
    pub version: i64,
    pub name: &'a str,
    /// The model names as a JSON array.
    pub models: &'a str,
    pub interval_months: Option<i64>,
    pub interval_meter: Option<i64>,
    pub meter_unit: Option<&'a str>,
    pub risk: &'a str,
    pub hours_tenths: i64,
    /// The checklist (a protocol) and the parts as JSON.
    pub checklist: &'a str,
    pub parts: &'a str,
    /// The file's text as imported.
    pub source: &'a str,
    pub sha256: &'a str,
}

/// Add a plan version (a version is never changed: triggers refuse it).
pub fn insert(tx: &Tx, v: &NewVersion) -> Result<()> {
    tx.execute(
        "INSERT INTO maint_plans(code, version, name, models, interval_months, interval_meter, meter_unit, risk,
                                 hours_tenths, checklist, parts, source, sha256, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            v.code,
            v.version,
            v.name,
            v.models,
            v.interval_months,
            v.interval_meter,
            v.meter_unit,
            v.risk,
            v.hours_tenths,
            v.checklist,
            v.parts,
            v.source,
            v.sha256,
            tx.now,
        ],
    )
    .ctx("adding a maintenance plan version")?;
    Ok(())
}

const SELECT: &str = "SELECT id, code, version, name, models, interval_months, interval_meter, meter_unit, risk,
        hours_tenths, parts, checklist, sha256, added_at FROM maint_plans";

/// A stored version as `Plan` (its JSON columns decoded; a column that does not decode
/// is a conversion error of that column).
fn read(r: &rusqlite::Row) -> rusqlite::Result<Plan> {
    let json = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let bad = |i: usize, e: serde_json::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    };
    Ok(Plan {
        id: r.get(0)?,
        code: r.get(1)?,
        version: r.get(2)?,
        name: r.get(3)?,
        models: serde_json::from_str(&json(4)?).map_err(|e| bad(4, e))?,
        interval_months: r.get(5)?,
        interval_meter: r.get(6)?,
        meter_unit: r.get(7)?,
        risk: r.get(8)?,
        hours_tenths: r.get(9)?,
        parts: serde_json::from_str(&json(10)?).map_err(|e| bad(10, e))?,
        checklist: serde_json::from_str(&json(11)?).map_err(|e| bad(11, e))?,
        sha256: r.get(12)?,
        added_at: r.get(13)?,
    })
}

/// A plan's latest version, or version `version`.
pub fn get(conn: &Connection, code: &str, version: Option<i64>) -> Result<Option<Plan>> {
    conn.query_row(
        &format!("{SELECT} WHERE code = ?1 AND (?2 IS NULL OR version = ?2) ORDER BY version DESC LIMIT 1"),
        params![code, version],
        read,
    )
    .optional()
    .ctx("reading a maintenance plan")
}

/// A plan version by its row id (a visit's plan).
pub fn by_id(conn: &Connection, id: i64) -> Result<Plan> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], read).ctx("reading a maintenance plan")
}

/// Every plan's current version, by code.
pub fn current(conn: &Connection) -> Result<Vec<Plan>> {
    crate::db::all_rows(
        conn,
        &format!(
            "{SELECT} p WHERE version = (SELECT max(version) FROM maint_plans q WHERE q.code = p.code) ORDER BY code"
        ),
        [],
        "listing maintenance plans",
        read,
    )
}

/// Every plan's current risk class (as stored) and estimated hours (tenths), by code:
/// what the due list shows beside each device, read once per listing.
pub fn current_terms(conn: &Connection) -> Result<HashMap<String, (String, i64)>> {
    let mut plans = HashMap::new();
    crate::db::each_row(
        conn,
        "SELECT p.code, p.risk, p.hours_tenths FROM maint_plans p
          WHERE p.version = (SELECT max(version) FROM maint_plans q WHERE q.code = p.code)",
        [],
        "reading the maintenance plans",
        |r| Ok((r.get::<_, String>(0)?, (r.get::<_, String>(1)?, r.get::<_, i64>(2)?))),
        &mut |(code, terms)| {
            plans.insert(code, terms);
            Ok(())
        },
    )?;
    Ok(plans)
}

/// How many devices a plan schedules.
pub fn devices(conn: &Connection, code: &str) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM maint_schedules WHERE plan_code = ?1", [code], |r| r.get(0))
        .ctx("counting a plan's devices")
}

/// Every version of a plan, oldest first: (version, added_at, sha256, visits done under
/// it); none when there is no such plan.
pub fn versions(conn: &Connection, code: &str) -> Result<Vec<(i64, String, String, i64)>> {
    conn.prepare(
        "SELECT p.version, p.added_at, p.sha256, (SELECT count(*) FROM maint_visits v WHERE v.plan_id = p.id)
           FROM maint_plans p WHERE p.code = ?1 ORDER BY p.version",
    )
    .and_then(|mut s| s.query_map([code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect())
    .ctx("listing a plan's versions")
}

/// The number of a plan's current version, if there is such a plan.
pub fn current_version(conn: &Connection, code: &str) -> Result<Option<i64>> {
    conn.query_row("SELECT max(version) FROM maint_plans WHERE code = ?1", [code], |r| r.get::<_, Option<i64>>(0))
        .ctx("reading a plan's version")
}
