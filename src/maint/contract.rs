//! The terms a device is maintained under beyond its plan: service contracts (what the
//! customer bought, from when to when, covering what) and per-device overrides (a
//! contract's own interval, a hospital's own calendar, the technician in charge, or the
//! device taken out of a plan).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use super::msg;
use crate::customer::Customer;
use crate::db::{history, Tx};
use crate::error::{Error, Result, SqlContext};

/// What a contract covers: preventive maintenance only, maintenance with its parts, or
/// everything (maintenance, repairs and parts).
pub const COVERAGES: &[&str] = &["pm", "pm_parts", "full"];

pub struct NewContract {
    pub code: Option<String>,
    pub customer: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub coverage: String,
    /// Serial numbers; none: every device of the customer.
    pub equipment: Vec<String>,
    pub technician: Option<String>,
    pub note: Option<String>,
}

/// Add a service contract; returns its code (the user's own contract number, or SC-000001).
pub fn add(tx: &Tx, c: &NewContract) -> Result<String> {
    if c.ends_on < c.starts_on {
        return Err(Error::invalid(msg::contract_ends_before(c.ends_on.to_string(), c.starts_on.to_string())));
    }
    let (customer_id, _) = crate::records::get::<Customer>(tx.conn(), &c.customer)?;
    let technician_id = c
        .technician
        .as_deref()
        .map(|t| crate::staff::active(tx.conn(), t, |s| crate::words::m::staff_inactive(s)))
        .transpose()?;
    let code = match &c.code {
        Some(code) if !code.trim().is_empty() => code.trim().to_string(),
        _ => crate::db::document_code(tx, "maint_contracts", "SC")?,
    };
    let taken: bool = tx
        .query_row("SELECT EXISTS (SELECT 1 FROM maint_contracts WHERE code = ?1)", [&code], |r| r.get(0))
        .ctx("looking up a contract")?;
    if taken {
        return Err(Error::refused(msg::contract_exists(&code)));
    }
    let id: i64 = tx
        .query_row(
            "INSERT INTO maint_contracts(code, customer_id, starts_on, ends_on, coverage, technician_id, note, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
            params![
                code,
                customer_id,
                c.starts_on.to_string(),
                c.ends_on.to_string(),
                c.coverage,
                technician_id,
                c.note,
                tx.now
            ],
            |r| r.get(0),
        )
        .ctx("adding a service contract")?;
    for serial in &c.equipment {
        let d = super::visit::device(tx.conn(), serial)?;
        if d.record.customer_code != c.customer {
            return Err(Error::invalid(msg::contract_other_customer(serial, &d.record.customer_code, &c.customer)));
        }
        tx.execute(
            "INSERT OR IGNORE INTO maint_contract_devices(contract_id, equipment_id) VALUES (?1, ?2)",
            params![id, d.id],
        )
        .ctx("listing a device under a contract")?;
    }
    let after = json!({"customer": c.customer, "starts_on": c.starts_on.to_string(), "ends_on": c.ends_on.to_string(),
        "coverage": c.coverage, "equipment": c.equipment, "technician": c.technician, "note": c.note});
    history::record(tx, "maint_contract", &code, "add", None, Some(&after))?;
    Ok(code)
}

#[derive(Debug, Serialize)]
pub struct ContractRow {
    pub code: String,
    pub customer: String,
    pub customer_name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub coverage: String,
    /// `all` or the number of devices listed.
    pub devices: String,
    pub technician: Option<String>,
    /// `in_force`, `expired` or `future` as of today.
    pub state: &'static str,
}

pub const CONTRACT_COLUMNS: &[&str] =
    &["code", "customer", "customer_name", "starts_on", "ends_on", "coverage", "devices", "technician", "state"];

/// Contracts (of one customer), or those ending within `ending_by` (a day) and not yet ended.
pub fn list(
    conn: &Connection,
    today: NaiveDate,
    customer: Option<&str>,
    ending_by: Option<NaiveDate>,
    each: &mut dyn FnMut(ContractRow) -> Result<()>,
) -> Result<()> {
    let today_text = today.to_string();
    crate::db::each_row(
        conn,
        "SELECT k.code, c.code, c.name, k.starts_on, k.ends_on, k.coverage,
                (SELECT count(*) FROM maint_contract_devices d WHERE d.contract_id = k.id), s.code
           FROM maint_contracts k JOIN customers c ON c.id = k.customer_id LEFT JOIN staff s ON s.id = k.technician_id
          WHERE (?1 IS NULL OR c.code = ?1) AND (?2 IS NULL OR (k.ends_on <= ?2 AND k.ends_on >= ?3))
          ORDER BY k.ends_on, k.code",
        params![customer, ending_by.map(|d| d.to_string()), today_text],
        "listing service contracts",
        |r| {
            let (starts_on, ends_on): (String, String) = (r.get(3)?, r.get(4)?);
            let devices: i64 = r.get(6)?;
            Ok(ContractRow {
                code: r.get(0)?,
                customer: r.get(1)?,
                customer_name: r.get(2)?,
                state: if ends_on < today_text {
                    "expired"
                } else if starts_on > today_text {
                    "future"
                } else {
                    "in_force"
                },
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

/// A contract in force, as the due list shows it beside a device.
#[derive(Debug)]
pub struct Covering {
    pub code: String,
    pub coverage: String,
    pub technician: Option<String>,
    /// The devices it names; `None`: every device of the customer.
    devices: Option<HashSet<i64>>,
}

/// The service contracts in force on one day, per customer, the one ending last first
/// (then the latest added): read once for a listing, so which contract covers a device
/// is a hash lookup, not a query per row.
#[derive(Debug, Default)]
pub struct InForce {
    by_customer: HashMap<i64, Vec<Covering>>,
}

impl InForce {
    pub fn on(conn: &Connection, day: NaiveDate) -> Result<InForce> {
        let day = day.to_string();
        let mut ids: HashMap<i64, (i64, usize)> = HashMap::new();
        let mut by_customer: HashMap<i64, Vec<Covering>> = HashMap::new();
        crate::db::each_row(
            conn,
            "SELECT k.id, k.customer_id, k.code, k.coverage, s.code
               FROM maint_contracts k LEFT JOIN staff s ON s.id = k.technician_id
              WHERE k.starts_on <= ?1 AND k.ends_on >= ?1
              ORDER BY k.customer_id, k.ends_on DESC, k.id DESC",
            [&day],
            "reading the service contracts in force",
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            &mut |(id, customer_id, code, coverage, technician)| {
                let list = by_customer.entry(customer_id).or_default();
                ids.insert(id, (customer_id, list.len()));
                list.push(Covering { code, coverage, technician, devices: None });
                Ok(())
            },
        )?;
        crate::db::each_row(
            conn,
            "SELECT d.contract_id, d.equipment_id FROM maint_contract_devices d
               JOIN maint_contracts k ON k.id = d.contract_id
              WHERE k.starts_on <= ?1 AND k.ends_on >= ?1",
            [&day],
            "reading the devices of the service contracts in force",
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
            &mut |(contract_id, equipment_id)| {
                if let Some((customer_id, i)) = ids.get(&contract_id) {
                    if let Some(k) = by_customer.get_mut(customer_id).and_then(|l| l.get_mut(*i)) {
                        k.devices.get_or_insert_with(HashSet::new).insert(equipment_id);
                    }
                }
                Ok(())
            },
        )?;
        Ok(InForce { by_customer })
    }

    /// The contract covering a device of a customer: the first in force that names it or
    /// names no device at all.
    pub fn covering(&self, customer_id: i64, equipment_id: i64) -> Option<&Covering> {
        self.by_customer
            .get(&customer_id)?
            .iter()
            .find(|k| k.devices.as_ref().is_none_or(|d| d.contains(&equipment_id)))
    }
}

/// A device's own terms under a plan. Each field `None` leaves the current value.
pub struct Override {
    pub equipment: String,
    pub plan: String,
    pub interval_months: Option<i64>,
    /// Pin the next visit to this day (cleared by the visit that follows).
    pub next_due: Option<NaiveDate>,
    pub technician: Option<String>,
    pub exclude: Option<bool>,
    pub reason: String,
}

/// An override as stored: interval, pinned day, technician id, excluded, reason.
type Terms = (Option<i64>, Option<String>, Option<i64>, bool, String);

/// Set a device's override and reschedule it; returns the next due day.
pub fn set_override(tx: &Tx, o: &Override) -> Result<Option<String>> {
    if o.reason.trim().is_empty() {
        return Err(Error::invalid(msg::override_no_reason()));
    }
    if o.interval_months.is_some_and(|m| !(1..=120).contains(&m)) {
        return Err(Error::invalid(msg::plan_bad_months(o.interval_months.unwrap_or_default())));
    }
    let d = super::visit::device(tx.conn(), &o.equipment)?;
    let plan = super::plan::get(tx.conn(), &o.plan, None)?;
    if !plan.models.contains(&d.record.model) {
        return Err(Error::refused(msg::visit_wrong_model(
            &o.equipment,
            &d.record.model,
            &plan.code,
            plan.models.join(", "),
        )));
    }
    let technician_id = o
        .technician
        .as_deref()
        .map(|t| crate::staff::active(tx.conn(), t, |s| crate::words::m::staff_inactive(s)))
        .transpose()?;
    let before: Option<Terms> = tx
        .query_row(
            "SELECT interval_months, next_due, technician_id, excluded, reason FROM maint_overrides
              WHERE equipment_id = ?1 AND plan_code = ?2",
            params![d.id, plan.code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()
        .ctx("reading a device's override")?;
    // A pinned day already served by a visit is not carried into the new terms.
    let pin_served: bool = tx
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM maint_visits v JOIN maint_plans p ON p.id = v.plan_id
                             JOIN maint_overrides o ON o.equipment_id = v.equipment_id AND o.plan_code = p.code
                            WHERE v.equipment_id = ?1 AND p.code = ?2 AND v.recorded_at >= o.at)",
            params![d.id, plan.code],
            |r| r.get(0),
        )
        .ctx("reading a device's last maintenance")?;
    let (months, pin, tech, excluded) = match &before {
        Some((m, p, t, x, _)) => (
            o.interval_months.or(*m),
            o.next_due.map(|d| d.to_string()).or(if pin_served { None } else { p.clone() }),
            technician_id.or(*t),
            o.exclude.unwrap_or(*x),
        ),
        None => (o.interval_months, o.next_due.map(|d| d.to_string()), technician_id, o.exclude.unwrap_or(false)),
    };
    tx.execute(
        "INSERT INTO maint_overrides(equipment_id, plan_code, interval_months, next_due, technician_id, excluded, reason, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(equipment_id, plan_code) DO UPDATE SET interval_months = excluded.interval_months,
             next_due = excluded.next_due, technician_id = excluded.technician_id, excluded = excluded.excluded,
             reason = excluded.reason, at = excluded.at",
        params![d.id, plan.code, months, pin, tech, excluded, o.reason.trim(), tx.now],
    )
    .ctx("setting a device's maintenance override")?;
    let before = before.map(
        |(m, p, t, x, r)| json!({"interval_months": m, "next_due": p, "technician_id": t, "excluded": x, "reason": r}),
    );
    let after = json!({"plan": plan.code, "interval_months": months, "next_due": pin, "technician": o.technician,
        "excluded": excluded, "reason": o.reason.trim()});
    history::record(tx, "maint_override", &o.equipment, "override", before.as_ref(), Some(&after))?;
    super::schedule::refresh(tx, d.id, &plan)?;
    tx.query_row(
        "SELECT next_due FROM maint_schedules WHERE equipment_id = ?1 AND plan_code = ?2",
        params![d.id, plan.code],
        |r| r.get(0),
    )
    .optional()
    .map(Option::flatten)
    .ctx("reading the next due day")
}
