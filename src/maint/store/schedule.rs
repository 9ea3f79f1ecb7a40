//! Schedules: each device's next due day under a plan (`maint_schedules`), what the due
//! arithmetic reads to recompute it, the due list's query and the look-ups its cache
//! makes, the schedule listing, and the open schedules the completion rate counts.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::super::schedule::{Basis, ScheduleRow};
use crate::db::Tx;
use crate::error::{Result, SqlContext};

// A plan's devices.

/// Take the devices of models the plan (`models`, a JSON array) no longer names out of it.
pub fn drop_uncovered(tx: &Tx, plan: &str, models: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM maint_schedules WHERE plan_code = ?1 AND equipment_id NOT IN (
            SELECT e.id FROM equipment e JOIN models m ON m.id = e.model_id WHERE m.model IN (SELECT value FROM json_each(?2)))",
        params![plan, models],
    )
    .ctx("dropping devices a plan no longer covers")?;
    Ok(())
}

/// Every device (retired ones too) of the models named in `models` (a JSON array), by id.
pub fn devices_of_models(conn: &Connection, models: &str) -> Result<Vec<i64>> {
    conn.prepare(
        "SELECT e.id FROM equipment e JOIN models m ON m.id = e.model_id
          WHERE m.model IN (SELECT value FROM json_each(?1)) ORDER BY e.id",
    )
    .and_then(|mut s| s.query_map([models], |r| r.get(0))?.collect())
    .ctx("finding a plan's devices")
}

/// The codes of the plans whose current version names the device's model.
pub fn plans_of_device(conn: &Connection, equipment_id: i64) -> Result<Vec<String>> {
    conn.prepare(
        "SELECT DISTINCT p.code FROM maint_plans p, equipment e JOIN models m ON m.id = e.model_id
          WHERE e.id = ?1 AND m.model IN (SELECT value FROM json_each(p.models))
            AND p.version = (SELECT max(version) FROM maint_plans q WHERE q.code = p.code)",
    )
    .and_then(|mut s| s.query_map([equipment_id], |r| r.get(0))?.collect())
    .ctx("finding a device's plans")
}

/// The plans a device is scheduled under, by code.
pub fn scheduled_plans(conn: &Connection, equipment_id: i64) -> Result<Vec<String>> {
    crate::db::all_rows(
        conn,
        "SELECT plan_code FROM maint_schedules WHERE equipment_id = ?1 ORDER BY plan_code",
        params![equipment_id],
        "reading a device's plans",
        |r| r.get::<_, String>(0),
    )
}

// What recomputing a device's schedule reads and writes. The statements are cached: a
// plan's import runs them once per device.

/// A device's installation day (stored text).
pub fn installed_on(conn: &Connection, equipment_id: i64) -> Result<Option<String>> {
    conn.prepare_cached("SELECT installed_on FROM equipment WHERE id = ?1")
        .and_then(|mut s| s.query_row([equipment_id], |r| r.get(0)))
        .ctx("reading a device")
}

/// svc's own latest visit to a device under a plan: when (UTC) and the meter then.
pub fn last_visit(conn: &Connection, equipment_id: i64, plan: &str) -> Result<Option<(String, Option<i64>)>> {
    conn.prepare_cached(
        "SELECT v.at, v.meter FROM maint_visits v JOIN maint_plans p ON p.id = v.plan_id
          WHERE v.equipment_id = ?1 AND p.code = ?2 ORDER BY v.at DESC, v.id DESC LIMIT 1",
    )
    .and_then(|mut s| s.query_row(params![equipment_id, plan], |r| Ok((r.get(0)?, r.get(1)?))))
    .optional()
    .ctx("reading a device's last maintenance")
}

/// When the latest visit to a device under a plan was entered (a back-dated one too).
pub fn last_recorded(conn: &Connection, equipment_id: i64, plan: &str) -> Result<Option<String>> {
    conn.prepare_cached(
        "SELECT max(v.recorded_at) FROM maint_visits v JOIN maint_plans p ON p.id = v.plan_id
          WHERE v.equipment_id = ?1 AND p.code = ?2",
    )
    .and_then(|mut s| s.query_row(params![equipment_id, plan], |r| r.get(0)))
    .ctx("reading a device's last maintenance")
}

/// The latest legacy record of a device under a plan: its day and the meter then.
pub fn last_archived(conn: &Connection, equipment_id: i64, plan: &str) -> Result<Option<(String, Option<i64>)>> {
    conn.prepare_cached(
        "SELECT done_on, meter FROM maint_archive WHERE equipment_id = ?1 AND plan_code = ?2
          ORDER BY done_on DESC, id DESC LIMIT 1",
    )
    .and_then(|mut s| s.query_row(params![equipment_id, plan], |r| Ok((r.get(0)?, r.get(1)?))))
    .optional()
    .ctx("reading a device's archived maintenance")
}

/// A device's meter readings at or after `since`, oldest first: (when, reading).
pub fn readings_since(conn: &Connection, equipment_id: i64, since: &str) -> Result<Vec<(String, i64)>> {
    conn.prepare_cached("SELECT at, reading FROM maint_meters WHERE equipment_id = ?1 AND at >= ?2 ORDER BY at, id")
        .and_then(|mut s| s.query_map(params![equipment_id, since], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .ctx("reading a device's meter")
}

/// Keep a device's next due day under a plan and how it was found.
pub fn set(tx: &Tx, equipment_id: i64, plan: &str, due: Option<NaiveDate>, basis: Basis) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO maint_schedules(equipment_id, plan_code, next_due, basis) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(equipment_id, plan_code) DO UPDATE SET next_due = excluded.next_due, basis = excluded.basis",
    )
    .and_then(|mut s| s.execute(params![equipment_id, plan, due.map(|d| d.to_string()), basis.as_str()]))
    .ctx("scheduling a device's maintenance")?;
    Ok(())
}

/// Take a device out of a plan's schedules.
pub fn remove(tx: &Tx, equipment_id: i64, plan: &str) -> Result<()> {
    tx.execute("DELETE FROM maint_schedules WHERE equipment_id = ?1 AND plan_code = ?2", params![equipment_id, plan])
        .ctx("taking a device out of a plan")?;
    Ok(())
}

/// A device's next due day under a plan, if it is scheduled and a day is known.
pub fn next_due(conn: &Connection, equipment_id: i64, plan: &str) -> Result<Option<String>> {
    conn.query_row(
        "SELECT next_due FROM maint_schedules WHERE equipment_id = ?1 AND plan_code = ?2",
        params![equipment_id, plan],
        |r| r.get(0),
    )
    .optional()
    .map(Option::flatten)
    .ctx("reading the next due day")
}

/// A device's earliest next due day under any plan.
pub fn earliest_due(conn: &Connection, equipment_id: i64) -> Result<Option<String>> {
    conn.query_row("SELECT min(next_due) FROM maint_schedules WHERE equipment_id = ?1", [equipment_id], |r| r.get(0))
        .ctx("reading the next due day")
}

// The listings.

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

/// The due list's rows: one index range on the due day (`maint_schedules_due` holds the
/// device, plan and basis too, so the schedule table itself is not read), then each
/// device by primary key. Its model and customer are not joined per row: a due list of
/// 28,000 devices names a few hundred models and a few thousand customers, each read
/// once (`schedule::Names`). What is the same for every device under a plan (its current
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

/// As the due list: the device by its id, its model and customer by theirs, once each.
/// The due engine's query (`schedule::DUE`, its one parameter the window's last day).
pub const DUE_SQL: &str = "SELECT e.serial_no, s.plan_code, e.model_id, e.customer_id, s.next_due, ot.code
   FROM maint_schedules s
   JOIN equipment e ON e.id = s.equipment_id
   LEFT JOIN maint_overrides o ON o.equipment_id = s.equipment_id AND o.plan_code = s.plan_code
   LEFT JOIN staff ot ON ot.id = o.technician_id
  WHERE s.next_due <= ?1 AND e.status <> 'retired'
  ORDER BY s.next_due, e.serial_no";

/// A schedule due, as the due list reads it: the device's own columns and the ids of
/// its customer and model (looked up once each by the caller).
pub struct Scheduled {
    /// The due day as stored, and read.
    pub due: String,
    pub due_day: NaiveDate,
    pub equipment_id: i64,
    pub plan: String,
    pub basis: &'static str,
    pub customer_id: i64,
    pub serial_no: String,
    pub location: Option<String>,
    pub model_id: i64,
    /// The override's technician (staff code), if any.
    pub technician: Option<String>,
}

/// Every schedule of a device in service due on or before `bound`, of customers in
/// `province` and with code `customer` when given, in no particular order.
pub fn due(
    conn: &Connection,
    bound: NaiveDate,
    province: Option<&str>,
    customer: Option<&str>,
    each: &mut dyn FnMut(Scheduled) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        LIST_SQL,
        params![bound.to_string(), province, customer],
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
            Ok(Scheduled {
                due: stored.to_string(),
                due_day,
                equipment_id: r.get(1)?,
                plan: r.get(2)?,
                basis: basis_of(r.get_ref(3)?.as_str()?),
                customer_id: r.get(4)?,
                serial_no: r.get(5)?,
                location: r.get(6)?,
                model_id: r.get(7)?,
                technician: r.get(8)?,
            })
        },
        each,
    )
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

/// A stored basis as its constant text (the column's CHECK allows no other).
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

/// A customer as the due lists show it.
pub struct Customer {
    pub code: String,
    pub name: String,
    pub province: Option<String>,
    pub city: Option<String>,
}

/// The customer with row id `id`.
pub fn customer(conn: &Connection, id: i64) -> Result<Option<Customer>> {
    conn.prepare_cached("SELECT code, name, province, city FROM customers WHERE id = ?1")
        .and_then(|mut s| {
            s.query_row([id], |r| {
                Ok(Customer { code: r.get(0)?, name: r.get(1)?, province: r.get(2)?, city: r.get(3)? })
            })
            .optional()
        })
        .ctx("reading a customer")
}

/// The name of the model with row id `id`.
pub fn model(conn: &Connection, id: i64) -> Result<Option<String>> {
    conn.prepare_cached("SELECT model FROM models WHERE id = ?1")
        .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
        .ctx("reading a model")
}

/// The schedules of devices in service still open with a due day from `since` to
/// `until`, with the risk class (as stored) of their plan's current version.
pub fn open_between(conn: &Connection, since: &str, until: &str) -> Result<Vec<(String, String)>> {
    crate::db::all_rows(
        conn,
        "SELECT s.next_due, p.risk FROM maint_schedules s JOIN equipment e ON e.id = s.equipment_id
           JOIN maint_plans p ON p.code = s.plan_code
                AND p.version = (SELECT max(version) FROM maint_plans q WHERE q.code = s.plan_code)
          WHERE s.next_due BETWEEN ?1 AND ?2 AND e.status <> 'retired'",
        params![since, until],
        "measuring maintenance open",
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_due_day_is_read_without_a_format_string() {
        assert_eq!(stored_date("2026-03-05"), NaiveDate::from_ymd_opt(2026, 3, 5));
        assert_eq!(stored_date("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
        for bad in ["2026-3-05", "2026/03/05", "2026-02-30", "2026-03-0x", "", "2026-03-055"] {
            assert_eq!(stored_date(bad), None, "{bad}");
        }
        assert_eq!(basis_of("meter"), "meter");
        assert_eq!(basis_of("?"), "unknown");
    }
}
