//! When each device is next due for maintenance (R1.2), and the planner's list. The
//! arithmetic is one plain function (`next_due`); the result is kept per device and plan
//! in `maint_schedules` (recomputed when a plan, a visit, a reading or an override
//! changes it), so the morning cron job reads one indexed column however large the
//! installed base.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

use crate::clock::{local_date, stored_day};
use crate::db::Tx;
use crate::due::{add_days, Found, Source, Window};
use crate::error::{Result, SqlContext};

/// A plan's terms for one device (the plan's, or an override's interval).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Terms {
    pub months: Option<u32>,
    pub meter: Option<i64>,
}

/// What is known about a device for one plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facts {
    pub installed_on: Option<NaiveDate>,
    /// The last visit under the plan: its day and the meter then, if read.
    pub last_visit: Option<(NaiveDate, Option<i64>)>,
    /// Meter readings since the last visit (or installation), oldest first.
    pub readings: Vec<(NaiveDate, i64)>,
    /// A date pinned by an override for the next visit (a hospital's own calendar).
    pub pinned: Option<NaiveDate>,
}

/// How a due date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Installed,
    Visit,
    Meter,
    Pinned,
    Unknown,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Installed => "installed",
            Basis::Visit => "visit",
            Basis::Meter => "meter",
            Basis::Pinned => "pinned",
            Basis::Unknown => "unknown",
        }
    }
}

/// `d` plus `n` calendar months; the 31st plus a month is that month's last day.
pub fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n)).unwrap_or(NaiveDate::MAX)
}

/// The next due day: a pinned date when there is one; else the earlier of the calendar
/// interval (from the last visit, else the installation) and the meter interval (the
/// first reading that reached it, else a projection at the usage rate seen so far).
/// `None` when nothing tells (no installation date, no usage yet).
pub fn next_due(terms: Terms, facts: &Facts) -> (Option<NaiveDate>, Basis) {
    if let Some(pinned) = facts.pinned {
        return (Some(pinned), Basis::Pinned);
    }
    let (base_day, base_meter, basis) = match facts.last_visit {
        Some((day, meter)) => (Some(day), meter.unwrap_or(0), Basis::Visit),
        None => (facts.installed_on, 0, Basis::Installed),
    };
    let by_months = terms.months.zip(base_day).map(|(m, d)| (add_months(d, m), basis));
    let by_meter = terms.meter.and_then(|interval| {
        let reached = base_meter.saturating_add(interval);
        if let Some((day, _)) = facts.readings.iter().find(|(_, r)| *r >= reached) {
            return Some((*day, Basis::Meter));
        }
        // Not reached yet: project from the usage between the base and the latest reading.
        let (last_day, last) = *facts.readings.last()?;
        let used = last - base_meter;
        let elapsed = (last_day - base_day?).num_days();
        if used <= 0 || elapsed <= 0 {
            return None;
        }
        let left = reached - last;
        let (num, den) = (left as i128 * elapsed as i128, used as i128);
        let days = (num + den - 1) / den;
        Some((add_days(last_day, i64::try_from(days).unwrap_or(i64::MAX)), Basis::Meter))
    });
    match (by_months, by_meter) {
        (Some(a), Some(b)) => (Some(a.0.min(b.0)), if b.0 < a.0 { b.1 } else { a.1 }),
        (Some((d, b)), None) | (None, Some((d, b))) => (Some(d), b),
        (None, None) => (None, Basis::Unknown),
    }
}

/// Bring the schedules of a plan up to date with its current version: every device of
/// its models (retired ones too: they drop out of the lists, and come back if returned
/// to service); devices of models it no longer names leave it. Returns how many devices
/// it covers.
pub fn refresh_plan(tx: &Tx, code: &str) -> Result<i64> {
    let plan = super::plan::get(tx.conn(), code, None)?;
    let models = serde_json::to_string(&plan.models).unwrap_or_default();
    tx.execute(
        "DELETE FROM maint_schedules WHERE plan_code = ?1 AND equipment_id NOT IN (
            SELECT e.id FROM equipment e JOIN models m ON m.id = e.model_id WHERE m.model IN (SELECT value FROM json_each(?2)))",
        params![code, models],
    )
    .ctx("dropping devices a plan no longer covers")?;
    let ids: Vec<i64> = tx
        .prepare(
            "SELECT e.id FROM equipment e JOIN models m ON m.id = e.model_id
              WHERE m.model IN (SELECT value FROM json_each(?1)) ORDER BY e.id",
        )
        .and_then(|mut s| s.query_map([&models], |r| r.get(0))?.collect())
        .ctx("finding a plan's devices")?;
    for id in &ids {
        refresh(tx, *id, &plan)?;
    }
    Ok(ids.len() as i64)
}

/// Recompute one device's schedule under a plan (its current version).
pub fn refresh(tx: &Tx, equipment_id: i64, plan: &super::Plan) -> Result<()> {
    // Statements are cached: a plan's import runs them once per device.
    let over: Option<(Option<i64>, Option<String>, bool, String)> = tx
        .prepare_cached(
            "SELECT interval_months, next_due, excluded, at FROM maint_overrides
              WHERE equipment_id = ?1 AND plan_code = ?2",
        )
        .and_then(|mut s| {
            s.query_row(params![equipment_id, plan.code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        })
        .optional()
        .ctx("reading a device's maintenance override")?;
    if over.as_ref().is_some_and(|o| o.2) {
        tx.execute(
            "DELETE FROM maint_schedules WHERE equipment_id = ?1 AND plan_code = ?2",
            params![equipment_id, plan.code],
        )
        .ctx("taking a device out of a plan")?;
        return Ok(());
    }
    let installed_on: Option<String> = tx
        .prepare_cached("SELECT installed_on FROM equipment WHERE id = ?1")
        .and_then(|mut s| s.query_row([equipment_id], |r| r.get(0)))
        .ctx("reading a device")?;
    let last: Option<(String, Option<i64>)> = tx
        .prepare_cached(
            "SELECT v.at, v.meter FROM maint_visits v JOIN maint_plans p ON p.id = v.plan_id
              WHERE v.equipment_id = ?1 AND p.code = ?2 ORDER BY v.at DESC, v.id DESC LIMIT 1",
        )
        .and_then(|mut s| s.query_row(params![equipment_id, plan.code], |r| Ok((r.get(0)?, r.get(1)?))))
        .optional()
        .ctx("reading a device's last maintenance")?;
    // When the latest visit was entered (a back-dated one too serves a pinned day).
    let last_recorded: Option<String> = tx
        .prepare_cached(
            "SELECT max(v.recorded_at) FROM maint_visits v JOIN maint_plans p ON p.id = v.plan_id
              WHERE v.equipment_id = ?1 AND p.code = ?2",
        )
        .and_then(|mut s| s.query_row(params![equipment_id, plan.code], |r| r.get(0)))
        .ctx("reading a device's last maintenance")?;
    // A legacy record (a day) counts when it is later than svc's own last visit.
    let archived: Option<(String, Option<i64>)> = tx
        .prepare_cached(
            "SELECT done_on, meter FROM maint_archive WHERE equipment_id = ?1 AND plan_code = ?2
              ORDER BY done_on DESC, id DESC LIMIT 1",
        )
        .and_then(|mut s| s.query_row(params![equipment_id, plan.code], |r| Ok((r.get(0)?, r.get(1)?))))
        .optional()
        .ctx("reading a device's archived maintenance")?;
    let last_day = last.as_ref().and_then(|(at, _)| local_date(at));
    // Meter readings count from the latest maintenance, whichever record it is.
    let (last_day, last_meter, since) = match (&archived, last_day) {
        (Some((day, meter)), native) if native.is_none_or(|n| stored_day(day).is_some_and(|d| d > n)) => {
            (stored_day(day), *meter, day.clone())
        }
        _ => (last_day, last.as_ref().and_then(|l| l.1), last.as_ref().map(|l| l.0.clone()).unwrap_or_default()),
    };
    let readings: Vec<(String, i64)> = if plan.interval_meter.is_some() {
        tx.prepare_cached("SELECT at, reading FROM maint_meters WHERE equipment_id = ?1 AND at >= ?2 ORDER BY at, id")
            .and_then(|mut s| s.query_map(params![equipment_id, since], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .ctx("reading a device's meter")?
    } else {
        Vec::new()
    };
    // A pinned date holds for the next visit only: one made after it was pinned ends it.
    let pinned = over.as_ref().and_then(|(_, pin, _, set_at)| {
        let pin = pin.as_deref().and_then(stored_day)?;
        match &last_recorded {
            Some(at) if at.as_str() >= set_at.as_str() => None,
            _ => Some(pin),
        }
    });
    let months = over.as_ref().and_then(|o| o.0).or(plan.interval_months).and_then(|m| u32::try_from(m).ok());
    let facts = Facts {
        installed_on: installed_on.as_deref().and_then(stored_day),
        last_visit: last_day.map(|d| (d, last_meter)),
        readings: readings.iter().filter_map(|(at, r)| local_date(at).map(|d| (d, *r))).collect(),
        pinned,
    };
    let (due, basis) = next_due(Terms { months, meter: plan.interval_meter }, &facts);
    tx.prepare_cached(
        "INSERT INTO maint_schedules(equipment_id, plan_code, next_due, basis) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(equipment_id, plan_code) DO UPDATE SET next_due = excluded.next_due, basis = excluded.basis",
    )
    .and_then(|mut s| s.execute(params![equipment_id, plan.code, due.map(|d| d.to_string()), basis.as_str()]))
    .ctx("scheduling a device's maintenance")?;
    Ok(())
}

/// Recompute every schedule of one device (after a visit, a reading, an override).
pub fn refresh_device(tx: &Tx, equipment_id: i64) -> Result<()> {
    let codes: Vec<String> = tx
        .prepare(
            "SELECT DISTINCT p.code FROM maint_plans p, equipment e JOIN models m ON m.id = e.model_id
              WHERE e.id = ?1 AND m.model IN (SELECT value FROM json_each(p.models))
                AND p.version = (SELECT max(version) FROM maint_plans q WHERE q.code = p.code)",
        )
        .and_then(|mut s| s.query_map([equipment_id], |r| r.get(0))?.collect())
        .ctx("finding a device's plans")?;
    for code in codes {
        let plan = super::plan::get(tx.conn(), &code, None)?;
        refresh(tx, equipment_id, &plan)?;
    }
    Ok(())
}

/// One device's maintenance in the planner's list.
#[derive(Debug, Clone, Serialize)]
pub struct DueRow {
    /// Trips are numbered in the order to make them: one trip, one customer.
    pub trip: i64,
    pub customer: String,
    pub customer_name: String,
    pub province: Option<String>,
    pub city: Option<String>,
    pub serial_no: String,
    pub model: String,
    pub location: Option<String>,
    pub plan: String,
    pub risk: &'static str,
    pub due: String,
    pub days_late: i64,
    /// due, overdue within the grace window (`grace`), or `overdue` past it.
    pub state: &'static str,
    pub basis: &'static str,
    pub hours: String,
    pub contract: Option<String>,
    pub coverage: Option<String>,
    pub technician: Option<String>,
    #[serde(skip)]
    pub due_day: NaiveDate,
    #[serde(skip)]
    pub grace_days: i64,
}

pub const DUE_COLUMNS: &[&str] = &[
    "trip",
    "customer",
    "customer_name",
    "province",
    "city",
    "serial_no",
    "model",
    "location",
    "plan",
    "risk",
    "due",
    "days_late",
    "state",
    "basis",
    "hours",
    "contract",
    "coverage",
    "technician",
];

impl DueRow {
    /// The row's cells in `DUE_COLUMNS` order, its text moved rather than copied: what
    /// `output::row_of` gives, without a JSON object built and searched per row.
    pub fn into_cells(self) -> Vec<Value> {
        let mut cells = Vec::with_capacity(DUE_COLUMNS.len());
        self.cells_into(&mut cells);
        cells
    }

    /// `into_cells` into a list reused from row to row (a listing of thousands of rows
    /// then makes one, not one per row).
    pub fn cells_into(self, cells: &mut Vec<Value>) {
        cells.clear();
        cells.extend([
            self.trip.into(),
            self.customer.into(),
            self.customer_name.into(),
            self.province.into(),
            self.city.into(),
            self.serial_no.into(),
            self.model.into(),
            self.location.into(),
            self.plan.into(),
            self.risk.into(),
            self.due.into(),
            self.days_late.into(),
            self.state.into(),
            self.basis.into(),
            self.hours.into(),
            self.contract.into(),
            self.coverage.into(),
            self.technician.into(),
        ]);
    }
}

/// Which schedules to list.
#[derive(Debug, Clone, Default)]
pub struct DueFilter {
    pub province: Option<String>,
    pub technician: Option<String>,
    pub customer: Option<String>,
    /// Only past the grace window of their risk class (`svc maint overdue`).
    pub overdue: bool,
}

/// The due list's rows: one index range on the due day (`maint_schedules_due` holds the
/// device, plan and basis too, so the schedule table itself is not read), then each
/// device by primary key. Its model and customer are not joined per row: a due list of
/// 28,000 devices names a few hundred models and a few thousand customers, each read
/// once (`Names`). What is the same for every device under a plan (its current
/// version's risk and hours) and the contracts in force are read once per listing too.
const LIST_SQL: &str = "SELECT s.next_due, s.equipment_id, s.plan_code, s.basis, e.customer_id, e.serial_no,
        e.location, e.model_id, ot.code
   FROM maint_schedules s
   JOIN equipment e ON e.id = s.equipment_id
   LEFT JOIN maint_overrides o ON o.equipment_id = s.equipment_id AND o.plan_code = s.plan_code
   LEFT JOIN staff ot ON ot.id = o.technician_id
  WHERE s.next_due <= ?1 AND e.status <> 'retired'
    AND (?2 IS NULL OR e.customer_id IN (SELECT id FROM customers WHERE province = ?2))
    AND (?3 IS NULL OR e.customer_id IN (SELECT id FROM customers WHERE code = ?3))";

/// A customer as the due lists show it.
struct Customer {
    code: String,
    name: String,
    province: Option<String>,
    city: Option<String>,
}

/// The customers and models a listing names, each read by its id the first time a row
/// names it and kept: one look-up per customer and per model, not one per row.
#[derive(Default)]
struct Names {
    customers: HashMap<i64, Option<Customer>>,
    models: HashMap<i64, Option<String>>,
}

impl Names {
    /// The customer `id`, `None` when there is none (a row the join would have left out).
    fn customer(&mut self, conn: &Connection, id: i64) -> Result<Option<&Customer>> {
        let kept = match self.customers.entry(id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(
                conn.prepare_cached("SELECT code, name, province, city FROM customers WHERE id = ?1")
                    .and_then(|mut s| {
                        s.query_row([id], |r| {
                            Ok(Customer { code: r.get(0)?, name: r.get(1)?, province: r.get(2)?, city: r.get(3)? })
                        })
                        .optional()
                    })
                    .ctx("reading a customer")?,
            ),
        };
        Ok(kept.as_ref())
    }

    /// The model `id`'s name, `None` when there is none.
    fn model(&mut self, conn: &Connection, id: i64) -> Result<Option<&str>> {
        let kept = match self.models.entry(id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(
                conn.prepare_cached("SELECT model FROM models WHERE id = ?1")
                    .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
                    .ctx("reading a model")?,
            ),
        };
        Ok(kept.as_deref())
    }
}

/// What every device under a plan shares in the due list: its current version's risk
/// class, grace window and estimated hours.
struct PlanTerms {
    risk: &'static str,
    grace_days: i64,
    hours: String,
}

/// The current version of every plan, by code.
fn current_plans(conn: &Connection) -> Result<HashMap<String, PlanTerms>> {
    let mut plans = HashMap::new();
    crate::db::each_row(
        conn,
        "SELECT p.code, p.risk, p.hours_tenths FROM maint_plans p
          WHERE p.version = (SELECT max(version) FROM maint_plans q WHERE q.code = p.code)",
        [],
        "reading the maintenance plans",
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)),
        &mut |(code, stored_risk, tenths): (String, String, i64)| {
            let risk = super::plan::risk_class(&stored_risk);
            plans.insert(
                code,
                PlanTerms { risk, grace_days: super::plan::grace_days(risk), hours: super::hours_text(tenths) },
            );
            Ok(())
        },
    )?;
    Ok(plans)
}

/// A stored due day (`YYYY-MM-DD`, as the column's CHECK keeps it), read without a
/// format string: the list reads one per row.
fn stored_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

fn basis_of(stored: &str) -> &'static str {
    match stored {
        "installed" => Basis::Installed,
        "visit" => Basis::Visit,
        "meter" => Basis::Meter,
        "pinned" => Basis::Pinned,
        _ => Basis::Unknown,
    }
    .as_str()
}

/// Maintenance falling due in the window (or, with `overdue`, past its grace window),
/// grouped into trips: one customer's devices together, the trip with a high-risk device
/// past its grace window first, then by the earliest due day. Retired devices are out.
pub fn due(conn: &Connection, window: &Window, f: &DueFilter) -> Result<Vec<DueRow>> {
    // Overdue past grace: due at the latest today minus the smallest grace window.
    let bound = if f.overdue { add_days(window.today, -1 - super::plan::grace_days("high")) } else { window.last_day };
    let plans = current_plans(conn)?;
    let contracts = super::contract::InForce::on(conn, window.today)?;
    // The list reads each due device by its id, in due-day order, all over the equipment
    // table: the command opens the file for it (`db::Reads::Listing`).
    let mut names = Names::default();
    let mut rows = Vec::new();
    crate::db::each_row(
        conn,
        LIST_SQL,
        params![bound.to_string(), f.province, f.customer],
        "listing the maintenance due",
        |r| {
            let stored = r.get_ref(0)?.as_str()?;
            let due_day = stored_date(stored).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    format!("{stored:?} is not a date").into(),
                )
            })?;
            let basis = basis_of(r.get_ref(3)?.as_str()?);
            // The plan's terms, the contract, the technician, the customer and the model
            // are filled in below.
            let row = DueRow {
                trip: 0,
                customer: String::new(),
                customer_name: String::new(),
                province: None,
                city: None,
                serial_no: r.get(5)?,
                model: String::new(),
                location: r.get(6)?,
                plan: r.get(2)?,
                risk: "",
                due: stored.to_string(),
                days_late: (window.today - due_day).num_days(),
                state: "due",
                basis,
                hours: String::new(),
                contract: None,
                coverage: None,
                technician: r.get(8)?,
                due_day,
                grace_days: 0,
            };
            Ok((row, r.get::<_, i64>(1)?, r.get::<_, i64>(4)?, r.get::<_, i64>(7)?))
        },
        &mut |(mut row, equipment_id, customer_id, model_id): (DueRow, i64, i64, i64)| {
            // A schedule whose plan has no version cannot be: the join this replaces left it out too.
            let Some(terms) = plans.get(&row.plan) else { return Ok(()) };
            let contract = contracts.covering(customer_id, equipment_id);
            // The device's own technician (an override), else the contract's.
            if row.technician.is_none() {
                row.technician = contract.and_then(|k| k.technician.clone());
            }
            if f.technician.is_some() && row.technician != f.technician {
                return Ok(());
            }
            row.state = state(row.days_late, terms.grace_days);
            if f.overdue && row.state != "overdue" {
                return Ok(());
            }
            row.risk = terms.risk;
            row.grace_days = terms.grace_days;
            row.hours.clone_from(&terms.hours);
            if let Some(k) = contract {
                row.contract = Some(k.code.clone());
                row.coverage = Some(k.coverage.clone());
            }
            // Nor a device without its model or customer (the foreign keys keep them), read
            // once each by id: the join this replaces left it out.
            let Some(model) = names.model(conn, model_id)? else { return Ok(()) };
            row.model = model.to_owned();
            let Some(c) = names.customer(conn, customer_id)? else { return Ok(()) };
            row.customer.clone_from(&c.code);
            row.customer_name.clone_from(&c.name);
            row.province.clone_from(&c.province);
            row.city.clone_from(&c.city);
            rows.push(row);
            Ok(())
        },
    )?;
    Ok(trips(rows))
}

/// `due` on or before its day, `grace` while late within the risk class's window,
/// `overdue` past it.
pub fn state(days_late: i64, grace_days: i64) -> &'static str {
    if days_late <= 0 {
        "due"
    } else if days_late <= grace_days {
        "grace"
    } else {
        "overdue"
    }
}

/// A high-risk device past its grace window: its trip goes first, and it goes first in it.
fn urgent(r: &DueRow) -> bool {
    r.risk == "high" && r.state == "overdue"
}

/// Number the trips: a customer's devices go together; a trip with a high-risk device
/// past its grace window goes first, then the one whose earliest device is most overdue.
/// One pass groups the rows by customer (a hash, not a search per row); only the trips
/// are ordered, then the rows by trip.
pub fn trips(mut rows: Vec<DueRow>) -> Vec<DueRow> {
    use chrono::Datelike;
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    // Per trip: urgent, earliest due day, the customer's code (the last tie-break).
    let mut groups: Vec<(bool, NaiveDate, &str)> = Vec::new();
    let mut member: Vec<usize> = Vec::with_capacity(rows.len());
    for r in &rows {
        let g = *group_of.entry(r.customer.as_str()).or_insert_with(|| {
            groups.push((false, r.due_day, r.customer.as_str()));
            groups.len() - 1
        });
        let k = &mut groups[g];
        k.0 |= urgent(r);
        k.1 = k.1.min(r.due_day);
        member.push(g);
    }
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (&groups[a], &groups[b]);
        b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2))
    });
    let mut number = vec![0i64; groups.len()];
    for (i, g) in order.into_iter().enumerate() {
        number[g] = i as i64 + 1;
    }
    // The order's numeric part (trip, urgent first, due day) packed once per row, so
    // the sort compares text (serial number, plan) only between rows that tie on it.
    let mut order: Vec<(u64, usize)> = rows
        .iter_mut()
        .zip(member)
        .enumerate()
        .map(|(i, (r, g))| {
            r.trip = number[g];
            let day = u64::try_from(r.due_day.num_days_from_ce()).unwrap_or(0) & 0xFFFF_FFFF;
            (((r.trip as u64) << 33) | (u64::from(!urgent(r)) << 32) | day, i)
        })
        .collect();
    // A device and plan are one schedule: the order is total, so an unstable sort is exact.
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| rows[a.1].serial_no.cmp(&rows[b.1].serial_no))
            .then_with(|| rows[a.1].plan.cmp(&rows[b.1].plan))
    });
    // The rows are large (18 columns): put them in order where they are, rather than
    // into a second list as large.
    let mut order: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
    permute(&mut rows, &mut order);
    rows
}

/// Put `items` in the order `order` gives (`order[k]` is the index of the item that goes
/// to place `k`), in place: each item is moved once along its cycle, with no second
/// list. `order` is used up (each place is marked done in it).
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    debug_assert_eq!(items.len(), order.len());
    for start in 0..order.len() {
        // Place `k` holds the item that started at `start`, until the cycle closes.
        let mut k = start;
        while order[k] != usize::MAX {
            let from = std::mem::replace(&mut order[k], usize::MAX);
            if from == start {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

/// One device's schedule, for `svc maint schedule`.
#[derive(Debug, Serialize)]
pub struct ScheduleRow {
    pub serial_no: String,
    pub customer: String,
    pub model: String,
    pub plan: String,
    pub next_due: Option<String>,
    pub basis: String,
    pub last_visit: Option<String>,
    pub status: String,
}

pub const SCHEDULE_COLUMNS: &[&str] =
    &["serial_no", "customer", "model", "plan", "next_due", "basis", "last_visit", "status"];

/// Every schedule (of one device, one plan or all), including unknown and retired.
pub fn schedules(
    conn: &Connection,
    serial: Option<&str>,
    plan: Option<&str>,
    each: &mut dyn FnMut(ScheduleRow) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT e.serial_no, c.code, m.model, s.plan_code, s.next_due, s.basis,
                (SELECT max(d) FROM (SELECT date(v.at, 'localtime') AS d FROM maint_visits v
                         JOIN maint_plans p ON p.id = v.plan_id WHERE v.equipment_id = e.id AND p.code = s.plan_code
                        UNION ALL SELECT a.done_on FROM maint_archive a
                         WHERE a.equipment_id = e.id AND a.plan_code = s.plan_code)), e.status
           FROM maint_schedules s JOIN equipment e ON e.id = s.equipment_id
           JOIN models m ON m.id = e.model_id JOIN customers c ON c.id = e.customer_id
          WHERE (?1 IS NULL OR e.serial_no = ?1) AND (?2 IS NULL OR s.plan_code = ?2)
          ORDER BY c.code, e.serial_no, s.plan_code",
        params![serial, plan],
        "listing maintenance schedules",
        |r| {
            Ok(ScheduleRow {
                serial_no: r.get(0)?,
                customer: r.get(1)?,
                model: r.get(2)?,
                plan: r.get(3)?,
                next_due: r.get(4)?,
                basis: r.get(5)?,
                last_visit: r.get(6)?,
                status: r.get(7)?,
            })
        },
        each,
    )
}

/// As the due list: the device by its id, its model and customer by theirs, once each.
const DUE_SQL: &str = "SELECT e.serial_no, s.plan_code, e.model_id, e.customer_id, s.next_due, ot.code
   FROM maint_schedules s
   JOIN equipment e ON e.id = s.equipment_id
   LEFT JOIN maint_overrides o ON o.equipment_id = s.equipment_id AND o.plan_code = s.plan_code
   LEFT JOIN staff ot ON ot.id = o.technician_id
  WHERE s.next_due <= ?1 AND e.status <> 'retired'
  ORDER BY s.next_due, e.serial_no";

/// Preventive maintenance in `svc due` (R1.2): each device's next visit, on its day.
pub const DUE: Source = Source {
    kind: "maintenance",
    clause: "R1.2",
    about: "preventive maintenance of devices under a plan, due on their scheduled day",
    sql: DUE_SQL,
    indexes: &["maint_schedules_due"],
    find: |conn, w, each| {
        // A device due: its serial number, due day and override's technician, then its
        // plan and the ids of its model and customer.
        type Device = (String, crate::due::When, Option<String>, String, i64, i64);
        let mut names = Names::default();
        crate::db::each_row(
            conn,
            DUE_SQL,
            [w.last_day_text()],
            "looking for maintenance due",
            |r| Ok((r.get(0)?, r.get(4)?, r.get(5)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            &mut |(code, when, who, plan, model_id, customer_id): Device| {
                // A device without its model or customer is left out, as the join did.
                let Some(model) = names.model(conn, model_id)? else { return Ok(()) };
                let model = model.to_string();
                let Some(c) = names.customer(conn, customer_id)? else { return Ok(()) };
                let subject = crate::due_words::maintenance(plan, model, &c.name);
                // The override's technician, else the customer.
                each(Found { code, subject, when, who: who.or_else(|| Some(c.code.clone())) })
            },
        )
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn months(m: u32) -> Terms {
        Terms { months: Some(m), meter: None }
    }

    #[test]
    fn the_first_is_due_an_interval_after_installation_then_after_each_visit() {
        let mut f = Facts { installed_on: Some(day("2025-03-10")), ..Default::default() };
        assert_eq!(next_due(months(12), &f), (Some(day("2026-03-10")), Basis::Installed));
        // Early or late, the next counts from the visit.
        f.last_visit = Some((day("2026-02-01"), None));
        assert_eq!(next_due(months(12), &f), (Some(day("2027-02-01")), Basis::Visit));
        f.last_visit = Some((day("2026-04-20"), None));
        assert_eq!(next_due(months(6), &f), (Some(day("2026-10-20")), Basis::Visit));
        assert_eq!(next_due(months(12), &Facts::default()), (None, Basis::Unknown), "no installation date");
    }

    #[test]
    fn months_end_on_the_last_day_of_a_short_month() {
        assert_eq!(add_months(day("2024-01-31"), 1), day("2024-02-29"));
        assert_eq!(add_months(day("2023-01-31"), 1), day("2023-02-28"));
        assert_eq!(add_months(day("2024-08-31"), 6), day("2025-02-28"));
        assert_eq!(add_months(day("2024-03-15"), 12), day("2025-03-15"));
    }

    /// The trigger that schedules a new device adds months in SQL: it must agree.
    #[test]
    fn sql_month_arithmetic_agrees_with_add_months() {
        let conn = Connection::open_in_memory().unwrap();
        let sql = "SELECT CASE WHEN strftime('%d', date(?1, '+' || ?2 || ' months')) = strftime('%d', ?1)
                     THEN date(?1, '+' || ?2 || ' months')
                     ELSE date(?1, '+' || ?2 || ' months', 'start of month', '-1 day') END";
        let mut d = day("2023-01-01");
        while d < day("2025-01-01") {
            for m in [1u32, 3, 6, 12, 24] {
                let got: String = conn.query_row(sql, params![d.to_string(), m], |r| r.get(0)).unwrap();
                assert_eq!(got, add_months(d, m).to_string(), "{d} + {m} months");
            }
            d = d.succ_opt().unwrap();
        }
    }

    #[test]
    fn a_meter_interval_is_due_when_reached_or_projected_from_the_usage_rate() {
        let terms = Terms { months: None, meter: Some(1000) };
        let mut f = Facts { installed_on: Some(day("2026-01-01")), ..Default::default() };
        assert_eq!(next_due(terms, &f), (None, Basis::Unknown), "no reading yet");
        // 300 units in 30 days: 700 more take 70 days.
        f.readings = vec![(day("2026-01-31"), 300)];
        assert_eq!(next_due(terms, &f), (Some(day("2026-04-11")), Basis::Meter));
        // Reached on the day of the first reading at or past it.
        f.readings.push((day("2026-02-20"), 1005));
        f.readings.push((day("2026-02-25"), 1100));
        assert_eq!(next_due(terms, &f), (Some(day("2026-02-20")), Basis::Meter));
        // After a visit at 1100 the count starts again from there.
        f.last_visit = Some((day("2026-02-25"), Some(1100)));
        f.readings = vec![(day("2026-02-25"), 1100)];
        assert_eq!(next_due(terms, &f), (None, Basis::Unknown));
        // Months or meter, whichever comes first.
        let both = Terms { months: Some(1), meter: Some(1000) };
        assert_eq!(next_due(both, &f), (Some(day("2026-03-25")), Basis::Visit));
    }

    #[test]
    fn a_pinned_date_wins() {
        let f = Facts { installed_on: Some(day("2025-03-10")), pinned: Some(day("2026-05-01")), ..Default::default() };
        assert_eq!(next_due(months(12), &f), (Some(day("2026-05-01")), Basis::Pinned));
    }

    #[test]
    fn lateness_is_due_then_grace_then_overdue() {
        assert_eq!(state(-3, 7), "due");
        assert_eq!(state(0, 7), "due");
        assert_eq!(state(7, 7), "grace");
        assert_eq!(state(8, 7), "overdue");
    }

    fn row(customer: &str, risk: &'static str, due: &str, state: &'static str) -> DueRow {
        DueRow {
            trip: 0,
            customer: customer.into(),
            customer_name: String::new(),
            province: None,
            city: None,
            serial_no: format!("{customer}-{due}"),
            model: String::new(),
            location: None,
            plan: "P".into(),
            risk,
            due: due.into(),
            days_late: 0,
            state,
            basis: "installed",
            hours: "1.0".into(),
            contract: None,
            coverage: None,
            technician: None,
            due_day: day(due),
            grace_days: 7,
        }
    }

    #[test]
    fn cells_are_the_columns_of_the_listing_in_order() {
        let mut r = row("C1", "high", "2026-01-01", "overdue");
        r.trip = 3;
        r.days_late = -2;
        r.province = Some("广东省".into());
        r.contract = Some("SC-1".into());
        assert_eq!(r.clone().into_cells(), crate::output::row_of(DUE_COLUMNS, &r));
        // Into a reused list: what was there before is gone.
        let mut cells = vec![Value::from("left over")];
        r.clone().cells_into(&mut cells);
        assert_eq!(cells, crate::output::row_of(DUE_COLUMNS, &r));
    }

    #[test]
    fn permute_puts_each_item_in_its_place() {
        // Cycles of every length, a fixed point, and the identity.
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        permute(&mut items, &mut [3, 0, 1, 2, 4, 5].to_vec());
        assert_eq!(items, ['d', 'a', 'b', 'c', 'e', 'f']);
        let mut items = vec!['a', 'b', 'c', 'd', 'e'];
        permute(&mut items, &mut [1, 0, 4, 3, 2].to_vec());
        assert_eq!(items, ['b', 'a', 'e', 'd', 'c']);
        let mut items = vec![1, 2, 3];
        permute(&mut items, &mut [0, 1, 2].to_vec());
        assert_eq!(items, [1, 2, 3]);
        permute::<u8>(&mut [], &mut []);
        // Against the plain way, on a larger shuffle.
        let n = 1000;
        let order: Vec<usize> = (0..n).map(|i| (i * 389 + 17) % n).collect();
        let items: Vec<usize> = (0..n).map(|i| i * 10).collect();
        let expected: Vec<usize> = order.iter().map(|&i| items[i]).collect();
        let mut got = items.clone();
        permute(&mut got, &mut order.clone());
        assert_eq!(got, expected);
    }

    #[test]
    fn one_trip_per_customer_high_risk_overdue_first() {
        let rows = trips(vec![
            row("C2", "low", "2026-01-01", "overdue"),
            row("C1", "medium", "2026-03-01", "due"),
            row("C3", "high", "2026-02-01", "overdue"),
            row("C1", "low", "2026-02-15", "grace"),
        ]);
        let got: Vec<(i64, &str)> = rows.iter().map(|r| (r.trip, r.customer.as_str())).collect();
        assert_eq!(got, [(1, "C3"), (2, "C2"), (3, "C1"), (3, "C1")]);
        assert_eq!(rows[2].due, "2026-02-15", "within a trip by due day");
    }
}
