//! Service contracts (with the devices they name) and per-device overrides of a plan's
//! terms.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::super::contract::{state_on, ContractRow};
use crate::db::Tx;
use crate::error::{Result, SqlContext};

// Contracts.

/// Whether a contract has this code.
pub fn exists(conn: &Connection, code: &str) -> Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM maint_contracts WHERE code = ?1)", [code], |r| r.get(0))
        .ctx("looking up a contract")
}

/// A contract as it is written: its references resolved.
pub struct NewContractRow<'a> {
    pub code: &'a str,
    pub customer_id: i64,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub coverage: &'a str,
    pub technician_id: Option<i64>,
    pub note: Option<&'a str>,
}

/// Write a contract; its id.
pub fn insert(tx: &Tx, c: &NewContractRow) -> Result<i64> {
    tx.query_row(
        "INSERT INTO maint_contracts(code, customer_id, starts_on, ends_on, coverage, technician_id, note, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        params![c.code, c.customer_id, c.starts_on, c.ends_on, c.coverage, c.technician_id, c.note, tx.now],
        |r| r.get(0),
    )
    .ctx("adding a service contract")
}

/// Name a device under a contract (once).
pub fn add_device(tx: &Tx, contract_id: i64, equipment_id: i64) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO maint_contract_devices(contract_id, equipment_id) VALUES (?1, ?2)",
        params![contract_id, equipment_id],
    )
    .ctx("listing a device under a contract")?;
    Ok(())
}

/// Contracts (of one customer), or those ending from `today` to `ending_by`, by end day;
/// each as it stands on `today` (`contract::state_on`).
pub fn list(
    conn: &Connection,
    today: NaiveDate,
    customer: Option<&str>,
    ending_by: Option<NaiveDate>,
    each: &mut dyn FnMut(ContractRow) -> Result<()>,
) -> Result<()> {
    let today = today.to_string();
    crate::db::each_row(
        conn,
        "SELECT k.code, c.code, c.name, k.starts_on, k.ends_on, k.coverage,
                (SELECT count(*) FROM maint_contract_devices d WHERE d.contract_id = k.id), s.code
           FROM maint_contracts k JOIN customers c ON c.id = k.customer_id LEFT JOIN staff s ON s.id = k.technician_id
          WHERE (?1 IS NULL OR c.code = ?1) AND (?2 IS NULL OR (k.ends_on <= ?2 AND k.ends_on >= ?3))
          ORDER BY k.ends_on, k.code",
        params![customer, ending_by.map(|d| d.to_string()), today],
        "listing service contracts",
        |r| {
            let (starts_on, ends_on): (String, String) = (r.get(3)?, r.get(4)?);
            let devices: i64 = r.get(6)?;
            Ok(ContractRow {
                code: r.get(0)?,
                customer: r.get(1)?,
                customer_name: r.get(2)?,
                state: state_on(&today, &starts_on, &ends_on),
                starts_on,
                ends_on,
                coverage: r.get(5)?,
                devices: if devices == 0 { "all".to_string() } else { devices.to_string() },
                technician: r.get(7)?,
            })
        },
        each,
    )
}

/// A contract in force: (id, customer id, code, coverage, technician's code).
pub type InForceRow = (i64, i64, String, String, Option<String>);

/// The contracts in force on `day`, per customer, the one ending last first (then the
/// latest added).
pub fn in_force(conn: &Connection, day: &str, each: &mut dyn FnMut(InForceRow) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT k.id, k.customer_id, k.code, k.coverage, s.code
           FROM maint_contracts k LEFT JOIN staff s ON s.id = k.technician_id
          WHERE k.starts_on <= ?1 AND k.ends_on >= ?1
          ORDER BY k.customer_id, k.ends_on DESC, k.id DESC",
        [day],
        "reading the service contracts in force",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        each,
    )
}

/// The devices named by the contracts in force on `day`: (contract id, equipment id).
pub fn devices_in_force(conn: &Connection, day: &str, each: &mut dyn FnMut((i64, i64)) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT d.contract_id, d.equipment_id FROM maint_contract_devices d
           JOIN maint_contracts k ON k.id = d.contract_id
          WHERE k.starts_on <= ?1 AND k.ends_on >= ?1",
        [day],
        "reading the devices of the service contracts in force",
        |r| Ok((r.get(0)?, r.get(1)?)),
        each,
    )
}

// Overrides.

/// A device's override under a plan, as stored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OverrideRow {
    pub interval_months: Option<i64>,
    /// The pinned next due day.
    pub next_due: Option<String>,
    pub technician_id: Option<i64>,
    pub excluded: bool,
    pub reason: String,
    /// When it was set (UTC).
    pub at: String,
}

/// A device's override under a plan, if it has one. Cached: a plan's import reads it
/// once per device.
pub fn override_of(conn: &Connection, equipment_id: i64, plan: &str) -> Result<Option<OverrideRow>> {
    conn.prepare_cached(
        "SELECT interval_months, next_due, technician_id, excluded, reason, at FROM maint_overrides
          WHERE equipment_id = ?1 AND plan_code = ?2",
    )
    .and_then(|mut s| {
        s.query_row(params![equipment_id, plan], |r| {
            Ok(OverrideRow {
                interval_months: r.get(0)?,
                next_due: r.get(1)?,
                technician_id: r.get(2)?,
                excluded: r.get(3)?,
                reason: r.get(4)?,
                at: r.get(5)?,
            })
        })
    })
    .optional()
    .ctx("reading a device's maintenance override")
}

/// Set a device's override under a plan, replacing the one it had.
pub fn set_override(tx: &Tx, equipment_id: i64, plan: &str, o: &OverrideRow) -> Result<()> {
    tx.execute(
        "INSERT INTO maint_overrides(equipment_id, plan_code, interval_months, next_due, technician_id, excluded, reason, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(equipment_id, plan_code) DO UPDATE SET interval_months = excluded.interval_months,
             next_due = excluded.next_due, technician_id = excluded.technician_id, excluded = excluded.excluded,
             reason = excluded.reason, at = excluded.at",
        params![equipment_id, plan, o.interval_months, o.next_due, o.technician_id, o.excluded, o.reason, o.at],
    )
    .ctx("setting a device's maintenance override")?;
    Ok(())
}
