//! `svc report workload` (R2.1, R2.3): the repairs finished and the hours worked, per
//! technician or per province, to size the team and to feed the appraisal. A repair
//! counts for whoever wrote its latest service report, else the ticket's assignee (as
//! the appraisal counts it); its hours are the latest report's labour hours, else the
//! latest plan's. Preventive-maintenance visits and their hours are counted beside.
//!
//! The database reads each finished repair once, one short row (its customer, technician
//! and hours), and the groups are summed here, in a hash map per group: grouped in SQL,
//! SQLite sorted the period's repairs (580,000 on the service benchmark) by technician,
//! or by customer and technician, a third of the report's time (bench/report.sh). The
//! hours are summed as SQLite's `sum()` sums them, in the order it did (`SqlSum`), so
//! every figure is the one the SQL grouping gave, to the last bit.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;
use serde_json::Value;

use super::common::{fig, ratio, SqlSum};
use super::{print, Window};
use crate::cli::{Ctx, Period};
use crate::error::Result;
use crate::report::store::workload as store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Technician,
    Province,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Whose workload: each technician's, or each province's
    #[arg(long, value_enum, default_value = "technician")]
    pub by: By,
    /// The period (repairs by the day their work finished) [default: all on record]
    #[command(flatten)]
    pub period: Period,
}

pub const TECHNICIAN_COLUMNS: &[&str] = &[
    "technician",
    "technician_name",
    "role",
    "active",
    "repairs",
    "labour_hours",
    "hours_per_repair",
    "pm_visits",
    "pm_hours",
];

pub const PROVINCE_COLUMNS: &[&str] =
    &["province", "devices", "repairs", "per_100_devices", "labour_hours", "hours_per_repair", "technicians"];

pub fn run(ctx: &Ctx, a: Args) -> Result<i32> {
    let db = ctx.open()?;
    let w = Window::of(&a.period, ctx.clock.now());
    match a.by {
        By::Technician => print(ctx, TECHNICIAN_COLUMNS, technicians(db.conn(), &w)?),
        By::Province => print(ctx, PROVINCE_COLUMNS, provinces(db.conn(), &w)?),
    }
}

/// Hours per repair over the repairs with hours on record; none without any.
pub fn hours_per_repair(hours: Option<f64>, with_hours: i64) -> Option<f64> {
    hours.and_then(|h| ratio(h, with_hours as f64))
}

/// A repair whose work finished in the period: its ticket's customer (none when the
/// ticket is missing), who it counts for, and its labour hours when on record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Done {
    pub customer_id: Option<i64>,
    pub tech: Option<i64>,
    pub hours: Option<f64>,
}

/// The work of a group of repairs: how many, and the sum of their hours (with how many
/// had hours on record).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Work {
    pub repairs: i64,
    pub hours: SqlSum,
}

impl Work {
    /// One repair and its hours.
    pub fn add(&mut self, hours: Option<f64>) {
        self.repairs += 1;
        if let Some(h) = hours {
            self.hours.add(h);
        }
    }
}

/// A staff member as the workload lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct Staff {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub role: String,
    pub active: bool,
}

/// Preventive-maintenance visits of one person: how many, and their hours (none when
/// no visit recorded any).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Visits {
    pub n: i64,
    pub hours: Option<f64>,
}

/// The technician rows: every technician and engineer, and anyone else with repairs or
/// visits in the period, most repairs first, then by code. Work of a technician not on
/// the staff list (or of nobody) is not a row.
pub fn technician_rows(
    staff: Vec<Staff>,
    per: &HashMap<Option<i64>, Work>,
    pm: &HashMap<i64, Visits>,
) -> Vec<Vec<Value>> {
    let mut listed: Vec<(Staff, Work, Option<Visits>)> = staff
        .into_iter()
        .filter_map(|s| {
            let work = per.get(&Some(s.id)).copied();
            let visits = pm.get(&s.id).copied();
            let listed = matches!(s.role.as_str(), "technician" | "engineer") || work.is_some() || visits.is_some();
            listed.then(|| (s, work.unwrap_or_default(), visits))
        })
        .collect();
    listed.sort_by(|(a, wa, _), (b, wb, _)| wb.repairs.cmp(&wa.repairs).then_with(|| a.code.cmp(&b.code)));
    listed
        .into_iter()
        .map(|(s, w, v)| {
            let hours = w.hours.value();
            vec![
                Value::from(s.code),
                Value::from(s.name),
                Value::from(s.role),
                Value::from(s.active),
                Value::from(w.repairs),
                fig(hours, 1),
                fig(hours_per_repair(hours, w.hours.count()), 1),
                Value::from(v.map_or(0, |v| v.n)),
                fig(v.and_then(|v| v.hours), 2),
            ]
        })
        .collect()
}

/// A province's work: repairs, the sum of their hours, how many had hours, and how
/// many technicians worked there.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ProvinceWork {
    pub repairs: i64,
    pub hours: SqlSum,
    pub with_hours: i64,
    pub technicians: i64,
}

impl ProvinceWork {
    /// Add the work of a smaller group (its hours summed: a sum of sums, as SQL made it).
    fn add(&mut self, repairs: i64, hours: Option<f64>, with_hours: i64) {
        self.repairs += repairs;
        if let Some(h) = hours {
            self.hours.add(h);
        }
        self.with_hours += with_hours;
    }
}

/// The work per province, from the work per (customer, technician) and each customer's
/// province: summed per (province, technician) and then per province, each sum in key
/// order (customers, then technicians, none first), as the grouped SQL summed them. A
/// technician is counted once per province however many repairs; the work of a customer
/// not on record is in no province.
pub fn per_province(
    per_customer: &HashMap<(i64, Option<i64>), Work>,
    province_of: &HashMap<i64, Option<String>>,
) -> BTreeMap<Option<String>, ProvinceWork> {
    let mut keys: Vec<&(i64, Option<i64>)> = per_customer.keys().collect();
    keys.sort_unstable();
    let mut per_tech: BTreeMap<(Option<String>, Option<i64>), ProvinceWork> = BTreeMap::new();
    for key in keys {
        let (customer, tech) = *key;
        let Some(province) = province_of.get(&customer) else { continue };
        let w = per_customer[key];
        per_tech.entry((province.clone(), tech)).or_default().add(w.repairs, w.hours.value(), w.hours.count());
    }
    let mut out: BTreeMap<Option<String>, ProvinceWork> = BTreeMap::new();
    for ((province, tech), w) in per_tech {
        let p = out.entry(province).or_default();
        p.add(w.repairs, w.hours.value(), w.with_hours);
        p.technicians += i64::from(tech.is_some());
    }
    out
}

/// The province rows: every province with repairs or devices (not retired), most
/// repairs first, the province not on record after the named ones.
pub fn province_rows(
    work: &BTreeMap<Option<String>, ProvinceWork>,
    devices: &HashMap<Option<String>, i64>,
) -> Vec<Vec<Value>> {
    let mut keys: Vec<&Option<String>> = work.keys().chain(devices.keys().filter(|k| !work.contains_key(*k))).collect();
    let repairs = |k: &Option<String>| work.get(k).map_or(0, |p| p.repairs);
    keys.sort_by(|a, b| repairs(b).cmp(&repairs(a)).then_with(|| a.is_none().cmp(&b.is_none())).then_with(|| a.cmp(b)));
    keys.into_iter()
        .map(|k| {
            let p = work.get(k).copied().unwrap_or_default();
            let devices = devices.get(k).copied().unwrap_or(0);
            let hours = p.hours.value();
            vec![
                Value::from(k.clone()),
                Value::from(devices),
                Value::from(p.repairs),
                fig(ratio(p.repairs as f64 * 100.0, devices as f64), 1),
                fig(hours, 1),
                fig(hours_per_repair(hours, p.with_hours), 1),
                Value::from(p.technicians),
            ]
        })
        .collect()
}

/// Every technician and engineer, and anyone else with repairs in the period.
pub fn technicians(conn: &Connection, w: &Window) -> Result<Vec<Vec<Value>>> {
    let mut per: HashMap<Option<i64>, Work> = HashMap::new();
    store::done_repairs(conn, w, &mut |d| {
        per.entry(d.tech).or_default().add(d.hours);
        Ok(())
    })?;
    Ok(technician_rows(store::staff(conn)?, &per, &store::visits_per_staff(conn, w)?))
}

/// Per province of the customer (the devices installed there beside): repairs, hours
/// and how many technicians worked there.
pub fn provinces(conn: &Connection, w: &Window) -> Result<Vec<Vec<Value>>> {
    // Per customer and technician first (the sums SQL made first); a repair whose ticket
    // is not on record has no customer, and so no province.
    let mut per: HashMap<(i64, Option<i64>), Work> = HashMap::new();
    store::done_repairs(conn, w, &mut |d| {
        if let Some(customer) = d.customer_id {
            per.entry((customer, d.tech)).or_default().add(d.hours);
        }
        Ok(())
    })?;
    let work = per_province(&per, &store::customer_provinces(conn)?);
    Ok(province_rows(&work, &store::devices_per_province(conn)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r2_1_hours_per_repair_only_over_repairs_with_hours() {
        assert_eq!(hours_per_repair(Some(6.0), 2), Some(3.0));
        assert_eq!(hours_per_repair(None, 0), None);
        assert_eq!(hours_per_repair(Some(0.0), 0), None);
    }

    fn work(hours: &[Option<f64>]) -> Work {
        let mut w = Work::default();
        hours.iter().for_each(|h| w.add(*h));
        w
    }

    fn staff(id: i64, code: &str, role: &str) -> Staff {
        Staff { id, code: code.into(), name: format!("name {code}"), role: role.into(), active: true }
    }

    #[test]
    fn r2_1_technicians_and_engineers_are_listed_others_only_with_work_most_repairs_first() {
        let per = HashMap::from([
            (Some(1), work(&[Some(2.5), None])),
            (Some(3), work(&[Some(1.0), Some(2.0), Some(3.0)])),
            (Some(9), work(&[Some(1.0)])),
            (None, work(&[None])),
        ]);
        let pm = HashMap::from([(4, Visits { n: 2, hours: Some(1.5) })]);
        let list = vec![
            staff(1, "T1", "technician"),
            staff(2, "E2", "engineer"),
            staff(3, "W3", "warehouse"),
            staff(4, "M4", "manager"),
            staff(5, "S5", "service"),
        ];
        let rows = technician_rows(list, &per, &pm);
        let codes: Vec<&str> = rows.iter().map(|r| r[0].as_str().unwrap()).collect();
        // W3 (3 repairs), T1 (2), then E2 and M4 (none) by code; S5 has no work and is no
        // technician; staff 9 and the repair of nobody are not on the staff list.
        assert_eq!(codes, ["W3", "T1", "E2", "M4"]);
        assert_eq!(rows[0][5], serde_json::json!(6.0));
        assert_eq!(rows[1][6], serde_json::json!(2.5), "hours per repair over the repairs with hours");
        assert_eq!(rows[3][7..], [serde_json::json!(2), serde_json::json!(1.5)]);
        assert_eq!(rows[2][5], Value::Null, "no hours: no figure");
    }

    #[test]
    fn r2_1_provinces_count_each_technician_once_and_keep_the_province_not_on_record() {
        let per = HashMap::from([
            ((1, Some(7)), work(&[Some(1.0), Some(2.0)])),
            ((2, Some(7)), work(&[Some(4.0)])),
            ((2, None), work(&[None])),
            ((3, Some(8)), work(&[None, Some(0.5)])),
            ((99, Some(7)), work(&[Some(9.0)])),
        ]);
        let province_of = HashMap::from([(1, Some("浙江".to_string())), (2, Some("浙江".to_string())), (3, None)]);
        let work = per_province(&per, &province_of);
        let zj = work[&Some("浙江".to_string())];
        assert_eq!((zj.repairs, zj.hours.value(), zj.with_hours, zj.technicians), (4, Some(7.0), 3, 1));
        let none = work[&None];
        assert_eq!((none.repairs, none.hours.value(), none.with_hours, none.technicians), (2, Some(0.5), 1, 1));
        assert_eq!(work.len(), 2, "customer 99 is not on record: in no province");
        let devices = HashMap::from([(Some("江苏".to_string()), 4), (Some("浙江".to_string()), 2), (None, 1)]);
        let rows = province_rows(&work, &devices);
        let names: Vec<Value> = rows.iter().map(|r| r[0].clone()).collect();
        assert_eq!(names, [Value::from("浙江"), Value::Null, Value::from("江苏")]);
        assert_eq!(rows[0][3], serde_json::json!(200.0), "4 repairs on 2 devices");
        assert_eq!(rows[2][2..5], [Value::from(0), serde_json::json!(0.0), Value::Null]);
    }
}
