//! The terms a device is maintained under beyond its plan: service contracts (what the
//! customer bought, from when to when, covering what) and per-device overrides (a
//! contract's own interval, a hospital's own calendar, the technician in charge, or the
//! device taken out of a plan).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::msg;
use super::store::contract::{self as store, OverrideRow};
use crate::customer::Customer;
use crate::db::{history, Tx};
use crate::error::{Error, Result};

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
    if store::exists(tx.conn(), &code)? {
        return Err(Error::refused(msg::contract_exists(&code)));
    }
    let (starts_on, ends_on) = (c.starts_on.to_string(), c.ends_on.to_string());
    let row = store::NewContractRow {
        code: &code,
        customer_id,
        starts_on: &starts_on,
        ends_on: &ends_on,
        coverage: &c.coverage,
        technician_id,
        note: c.note.as_deref(),
    };
    let id = store::insert(tx, &row)?;
    for serial in &c.equipment {
        let d = super::visit::device(tx.conn(), serial)?;
        if d.record.customer_code != c.customer {
            return Err(Error::invalid(msg::contract_other_customer(serial, &d.record.customer_code, &c.customer)));
        }
        store::add_device(tx, id, d.id)?;
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

/// Where a contract stands on `today`: `expired` after its last day, `future` before
/// its first, else `in_force` (days as stored, `YYYY-MM-DD`, compare as text).
pub fn state_on(today: &str, starts_on: &str, ends_on: &str) -> &'static str {
    if ends_on < today {
        "expired"
    } else if starts_on > today {
        "future"
    } else {
        "in_force"
    }
}

/// Contracts (of one customer), or those ending within `ending_by` (a day) and not yet ended.
pub use super::store::contract::list;

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
        store::in_force(conn, &day, &mut |(id, customer_id, code, coverage, technician)| {
            let list = by_customer.entry(customer_id).or_default();
            ids.insert(id, (customer_id, list.len()));
            list.push(Covering { code, coverage, technician, devices: None });
            Ok(())
        })?;
        store::devices_in_force(conn, &day, &mut |(contract_id, equipment_id)| {
            if let Some((customer_id, i)) = ids.get(&contract_id) {
                if let Some(k) = by_customer.get_mut(customer_id).and_then(|l| l.get_mut(*i)) {
                    k.devices.get_or_insert_with(HashSet::new).insert(equipment_id);
                }
            }
            Ok(())
        })?;
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

/// A device's terms after an override: each field the override gives replaces the one
/// it had (`before`), the others stay; a pinned day already served by a visit
/// (`pin_served`) is not carried into them. `technician_id`: the override's technician
/// resolved; `at`: now.
pub fn merged(
    before: Option<&OverrideRow>,
    pin_served: bool,
    o: &Override,
    technician_id: Option<i64>,
    at: &str,
) -> OverrideRow {
    let before = before.cloned().unwrap_or_default();
    OverrideRow {
        interval_months: o.interval_months.or(before.interval_months),
        next_due: o.next_due.map(|d| d.to_string()).or(if pin_served { None } else { before.next_due }),
        technician_id: technician_id.or(before.technician_id),
        excluded: o.exclude.unwrap_or(before.excluded),
        reason: o.reason.trim().to_string(),
        at: at.to_string(),
    }
}

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
    let before = store::override_of(tx.conn(), d.id, &plan.code)?;
    let last_recorded = super::store::schedule::last_recorded(tx.conn(), d.id, &plan.code)?;
    let pin_served = before.as_ref().is_some_and(|b| super::schedule::pin_served(&b.at, last_recorded.as_deref()));
    let terms = merged(before.as_ref(), pin_served, o, technician_id, &tx.now);
    store::set_override(tx, d.id, &plan.code, &terms)?;
    let before = before.map(|b| {
        json!({"interval_months": b.interval_months, "next_due": b.next_due, "technician_id": b.technician_id,
            "excluded": b.excluded, "reason": b.reason})
    });
    let after = json!({"plan": plan.code, "interval_months": terms.interval_months, "next_due": terms.next_due,
        "technician": o.technician, "excluded": terms.excluded, "reason": terms.reason});
    history::record(tx, "maint_override", &o.equipment, "override", before.as_ref(), Some(&after))?;
    super::schedule::refresh(tx, d.id, &plan)?;
    super::store::schedule::next_due(tx.conn(), d.id, &plan.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(reason: &str) -> Override {
        Override {
            equipment: "00012345".into(),
            plan: "PM-MONITOR".into(),
            interval_months: None,
            next_due: None,
            technician: None,
            exclude: None,
            reason: reason.into(),
        }
    }

    #[test]
    fn an_override_changes_what_it_names_and_keeps_the_rest() {
        let now = "2026-03-01T04:00:00Z";
        let before = OverrideRow {
            interval_months: Some(6),
            next_due: Some("2026-05-01".into()),
            technician_id: Some(3),
            excluded: false,
            reason: "contract".into(),
            at: "2026-01-01T04:00:00Z".into(),
        };
        let o = Override { interval_months: Some(3), ..asked(" hospital calendar ") };
        assert_eq!(
            merged(Some(&before), false, &o, None, now),
            OverrideRow {
                interval_months: Some(3),
                next_due: Some("2026-05-01".into()),
                technician_id: Some(3),
                excluded: false,
                reason: "hospital calendar".into(),
                at: now.into(),
            }
        );
        // A pin a visit has served is not carried into the new terms; a new pin is taken.
        assert_eq!(merged(Some(&before), true, &o, None, now).next_due, None);
        let pin = Override { next_due: NaiveDate::from_ymd_opt(2026, 6, 1), ..asked("r") };
        assert_eq!(merged(Some(&before), true, &pin, None, now).next_due.as_deref(), Some("2026-06-01"));
        let out = merged(Some(&before), false, &Override { exclude: Some(true), ..asked("r") }, Some(9), now);
        assert_eq!((out.excluded, out.technician_id), (true, Some(9)));
        let back = merged(Some(&out), false, &Override { exclude: Some(false), ..asked("r") }, None, now);
        assert_eq!((back.excluded, back.technician_id, back.interval_months), (false, Some(9), Some(6)));
        // A device's first override: only what it names.
        assert_eq!(
            merged(None, false, &asked("r"), None, now),
            OverrideRow { reason: "r".into(), at: now.into(), ..Default::default() }
        );
    }

    #[test]
    fn a_contract_is_future_then_in_force_to_its_last_day_then_expired() {
        let (starts, ends) = ("2026-04-01", "2027-03-31");
        assert_eq!(state_on("2026-03-31", starts, ends), "future");
        assert_eq!(state_on("2026-04-01", starts, ends), "in_force");
        assert_eq!(state_on("2027-03-31", starts, ends), "in_force");
        assert_eq!(state_on("2027-04-01", starts, ends), "expired");
    }
}
