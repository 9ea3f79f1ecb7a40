//! When each device is next due for maintenance (R1.2), and the planner's list. The
//! arithmetic is one plain function (`next_due`); the result is kept per device and plan
//! in `maint_schedules` (recomputed when a plan, a visit, a reading or an override
//! changes it), so the morning cron job reads one indexed column however large the
//! installed base.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;

use super::store::schedule::{self as store, Customer};
use crate::clock::{local_date, stored_day};
use crate::db::Tx;
use crate::due::{add_days, Found, Source, Window};
use crate::error::Result;

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
    store::drop_uncovered(tx, code, &models)?;
    let ids = store::devices_of_models(tx.conn(), &models)?;
    for id in &ids {
        refresh(tx, *id, &plan)?;
    }
    Ok(ids.len() as i64)
}

/// A device's last maintenance under a plan, whichever record it is: svc's own latest
/// visit (`native`: when, UTC, and the meter then) or the latest legacy record
/// (`archived`: a day and the meter then), which counts when it is on a later day than
/// the visit. Returns its day, the meter then, and the time (or day) the meter readings
/// that follow it count from.
pub fn last_maintenance(
    native: Option<(String, Option<i64>)>,
    archived: Option<(String, Option<i64>)>,
) -> (Option<NaiveDate>, Option<i64>, String) {
    let native_day = native.as_ref().and_then(|(at, _)| local_date(at));
    match (archived, native_day) {
        (Some((day, meter)), n) if n.is_none_or(|n| stored_day(&day).is_some_and(|d| d > n)) => {
            (stored_day(&day), meter, day)
        }
        _ => match native {
            Some((at, meter)) => (native_day, meter, at),
            None => (None, None, String::new()),
        },
    }
}

/// Whether a day pinned by an override set at `set_at` was served: a visit entered
/// since (`last_recorded`, the latest visit's entry time, back-dated or not). A pinned
/// day holds for the next visit only.
pub fn pin_served(set_at: &str, last_recorded: Option<&str>) -> bool {
    last_recorded.is_some_and(|at| at >= set_at)
}

/// Recompute one device's schedule under a plan (its current version).
pub fn refresh(tx: &Tx, equipment_id: i64, plan: &super::Plan) -> Result<()> {
    let conn = tx.conn();
    let over = super::store::contract::override_of(conn, equipment_id, &plan.code)?;
    if over.as_ref().is_some_and(|o| o.excluded) {
        return store::remove(tx, equipment_id, &plan.code);
    }
    let installed_on = store::installed_on(conn, equipment_id)?;
    let native = store::last_visit(conn, equipment_id, &plan.code)?;
    let last_recorded = store::last_recorded(conn, equipment_id, &plan.code)?;
    let archived = store::last_archived(conn, equipment_id, &plan.code)?;
    let (last_day, last_meter, since) = last_maintenance(native, archived);
    // Meter readings count from the latest maintenance, whichever record it is.
    let readings =
        if plan.interval_meter.is_some() { store::readings_since(conn, equipment_id, &since)? } else { Vec::new() };
    let pinned = over.as_ref().and_then(|o| {
        let pin = o.next_due.as_deref().and_then(stored_day)?;
        (!pin_served(&o.at, last_recorded.as_deref())).then_some(pin)
    });
    let months = over.as_ref().and_then(|o| o.interval_months).or(plan.interval_months);
    let facts = Facts {
        installed_on: installed_on.as_deref().and_then(stored_day),
        last_visit: last_day.map(|d| (d, last_meter)),
        readings: readings.iter().filter_map(|(at, r)| local_date(at).map(|d| (d, *r))).collect(),
        pinned,
    };
    let (due, basis) =
        next_due(Terms { months: months.and_then(|m| u32::try_from(m).ok()), meter: plan.interval_meter }, &facts);
    store::set(tx, equipment_id, &plan.code, due, basis)
}

/// Recompute every schedule of one device (after a visit, a reading, an override).
pub fn refresh_device(tx: &Tx, equipment_id: i64) -> Result<()> {
    for code in store::plans_of_device(tx.conn(), equipment_id)? {
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
            Entry::Vacant(e) => e.insert(store::customer(conn, id)?),
        };
        Ok(kept.as_ref())
    }

    /// The model `id`'s name, `None` when there is none.
    fn model(&mut self, conn: &Connection, id: i64) -> Result<Option<&str>> {
        let kept = match self.models.entry(id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(store::model(conn, id)?),
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
    let terms = super::store::plan::current_terms(conn)?;
    Ok(terms
        .into_iter()
        .map(|(code, (stored_risk, tenths))| {
            let risk = super::plan::risk_class(&stored_risk);
            (code, PlanTerms { risk, grace_days: super::plan::grace_days(risk), hours: super::hours_text(tenths) })
        })
        .collect())
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
    store::due(conn, bound, f.province.as_deref(), f.customer.as_deref(), &mut |s| {
        // A schedule whose plan has no version cannot be: the join this replaces left it out too.
        let Some(terms) = plans.get(&s.plan) else { return Ok(()) };
        let contract = contracts.covering(s.customer_id, s.equipment_id);
        // The device's own technician (an override), else the contract's.
        let technician = s.technician.or_else(|| contract.and_then(|k| k.technician.clone()));
        if f.technician.is_some() && technician != f.technician {
            return Ok(());
        }
        let days_late = (window.today - s.due_day).num_days();
        let state = state(days_late, terms.grace_days);
        if f.overdue && state != "overdue" {
            return Ok(());
        }
        // Nor a device without its model or customer (the foreign keys keep them), read
        // once each by id: the join this replaces left it out.
        let Some(model) = names.model(conn, s.model_id)? else { return Ok(()) };
        let model = model.to_owned();
        let Some(c) = names.customer(conn, s.customer_id)? else { return Ok(()) };
        rows.push(DueRow {
            trip: 0,
            customer: c.code.clone(),
            customer_name: c.name.clone(),
            province: c.province.clone(),
            city: c.city.clone(),
            serial_no: s.serial_no,
            model,
            location: s.location,
            plan: s.plan,
            risk: terms.risk,
            due: s.due,
            days_late,
            state,
            basis: s.basis,
            hours: terms.hours.clone(),
            contract: contract.map(|k| k.code.clone()),
            coverage: contract.map(|k| k.coverage.clone()),
            technician,
            due_day: s.due_day,
            grace_days: terms.grace_days,
        });
        Ok(())
    })?;
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
pub use super::store::schedule::schedules;

/// The due engine's query, declared with the source below (its text is in the store).
const DUE_SQL: &str = store::DUE_SQL;

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
    use rusqlite::params;

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
    fn the_last_maintenance_is_the_later_of_the_last_visit_and_the_last_legacy_record() {
        // Times at noon in Shanghai and early in UTC: the same day in either zone.
        let visit = || Some(("2026-02-01T04:00:00Z".to_string(), Some(1200)));
        let legacy = |day: &str| Some((day.to_string(), Some(900)));
        assert_eq!(last_maintenance(None, None), (None, None, String::new()));
        assert_eq!(
            last_maintenance(visit(), None),
            (Some(day("2026-02-01")), Some(1200), "2026-02-01T04:00:00Z".to_string())
        );
        // A legacy record counts alone, and over a visit only on a later day.
        assert_eq!(
            last_maintenance(None, legacy("2025-12-01")),
            (Some(day("2025-12-01")), Some(900), "2025-12-01".into())
        );
        assert_eq!(last_maintenance(visit(), legacy("2026-02-02")).0, Some(day("2026-02-02")));
        assert_eq!(last_maintenance(visit(), legacy("2026-02-01")).1, Some(1200), "the same day: the visit");
        assert_eq!(last_maintenance(visit(), legacy("2026-01-15")).0, Some(day("2026-02-01")));
        // A legacy record without a meter reading: the count starts from none.
        assert_eq!(last_maintenance(visit(), Some(("2026-03-01".into(), None))).1, None);
    }

    #[test]
    fn a_pin_is_served_by_the_first_visit_entered_after_it_was_set() {
        let set = "2026-02-01T08:00:00Z";
        assert!(!pin_served(set, None), "no visit yet");
        assert!(!pin_served(set, Some("2026-01-31T09:00:00Z")), "a visit before the pin");
        assert!(pin_served(set, Some(set)));
        assert!(pin_served(set, Some("2026-02-03T01:00:00Z")));
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
