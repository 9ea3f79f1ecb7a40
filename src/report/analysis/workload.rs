//! `svc report workload` (R2.1, R2.3): the repairs finished and the hours worked, per
//! technician or per province, to size the team and to feed the appraisal. A repair
//! counts for whoever wrote its latest service report, else the ticket's assignee (as
//! the appraisal counts it); its hours are the latest report's labour hours, else the
//! latest plan's. Preventive-maintenance visits and their hours are counted beside.
//!
//! The database reads each finished repair once, one short row (its customer, technician
//! and hours), and the groups are summed here (per technician in a hash map; per customer
//! and technician in a row of cells per customer, `CustomerWork`): grouped in SQL,
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

/// Dense slots 0, 1, 2, … for ids, in the order they are first seen. The ids on record
/// are rowids, dense from 1, so an id is found by indexing a table with it rather than by
/// hashing; an id far beyond as many as were seen (or below 0) goes to a hash map
/// instead, so that no stray id sizes the table.
#[derive(Debug, Default)]
pub struct Slots {
    /// The slot of each id below the table's length (`NO_SLOT` for an id not seen).
    of_id: Vec<usize>,
    /// The slots of the ids kept out of the table.
    sparse: HashMap<i64, usize>,
    /// The id of each slot.
    ids: Vec<i64>,
}

const NO_SLOT: usize = usize::MAX;

impl Slots {
    /// The slot of `id`, a new one the first time it is seen.
    pub fn slot(&mut self, id: i64) -> usize {
        // The table reaches a few times as far as there are ids, and a little beyond.
        let direct = usize::try_from(id).ok().filter(|&i| i < 4 * self.ids.len() + 4096);
        if let Some(&s) = direct.and_then(|i| self.of_id.get(i)) {
            if s != NO_SLOT {
                return s;
            }
        }
        // An id first seen, or one kept out of the table (it may since have come within
        // its reach: the map still has it).
        if let Some(&s) = self.sparse.get(&id) {
            return s;
        }
        let s = self.ids.len();
        self.ids.push(id);
        match direct {
            Some(i) => {
                if i >= self.of_id.len() {
                    self.of_id.resize(i + 1, NO_SLOT);
                }
                self.of_id[i] = s;
            }
            None => {
                self.sparse.insert(id, s);
            }
        }
        s
    }

    /// The id of each slot, in the order of the slots.
    pub fn ids(&self) -> &[i64] {
        &self.ids
    }

    /// The slots in the order of their ids.
    pub fn in_id_order(&self) -> Vec<usize> {
        let mut slots: Vec<usize> = (0..self.ids.len()).collect();
        slots.sort_unstable_by_key(|&s| self.ids[s]);
        slots
    }
}

/// The work per (customer, technician): a row per customer, a cell per technician, the
/// technician's slot plus one (0 for the repairs of nobody). A cell with no repair is no
/// group. About 80,000 groups on the service benchmark: a hash map of them cost a quarter
/// of the report's time and 6 MB more memory at its peak than these rows.
#[derive(Debug, Default)]
pub struct CustomerWork {
    customers: Slots,
    techs: Slots,
    rows: Vec<Vec<Work>>,
}

impl CustomerWork {
    /// One repair of `customer`'s, counted for `tech`, and its hours.
    pub fn add(&mut self, customer: i64, tech: Option<i64>, hours: Option<f64>) {
        let c = self.customers.slot(customer);
        let t = tech.map_or(0, |id| self.techs.slot(id) + 1);
        if c == self.rows.len() {
            // As wide as the technicians seen so far: most rows never grow.
            self.rows.push(Vec::with_capacity(self.techs.ids().len() + 1));
        }
        let row = &mut self.rows[c];
        if t >= row.len() {
            row.reserve_exact(self.techs.ids().len() + 1 - row.len());
            row.resize(t + 1, Work::default());
        }
        row[t].add(hours);
    }

    /// The technicians' slots in the order of `Option<i64>` (nobody first, then by id),
    /// as cell indexes.
    fn cells_in_tech_order(&self) -> Vec<usize> {
        std::iter::once(0).chain(self.techs.in_id_order().into_iter().map(|s| s + 1)).collect()
    }

    /// The technician of a cell.
    fn tech_of_cell(&self, cell: usize) -> Option<i64> {
        cell.checked_sub(1).map(|s| self.techs.ids()[s])
    }
}

/// The work per province, from the work per (customer, technician) and each customer's
/// province: summed per (province, technician) and then per province, each sum in key
/// order (customers, then technicians, none first), as the grouped SQL summed them. A
/// technician is counted once per province however many repairs; the work of a customer
/// not on record is in no province.
pub fn per_province(
    per_customer: &CustomerWork,
    province_of: &HashMap<i64, Option<String>>,
) -> BTreeMap<Option<String>, ProvinceWork> {
    // Per (province, technician): a row per province, a cell per technician as in
    // `per_customer`; each cell summed over its customers in the order of their ids.
    let mut provinces: Vec<&Option<String>> = Vec::new();
    let mut province_slot: HashMap<&Option<String>, usize> = HashMap::new();
    let mut per_tech: Vec<Vec<ProvinceWork>> = Vec::new();
    for c in per_customer.customers.in_id_order() {
        let Some(province) = province_of.get(&per_customer.customers.ids()[c]) else { continue };
        let p = *province_slot.entry(province).or_insert_with(|| {
            provinces.push(province);
            per_tech.push(vec![ProvinceWork::default(); per_customer.techs.ids().len() + 1]);
            provinces.len() - 1
        });
        for (cell, w) in per_customer.rows[c].iter().enumerate().filter(|(_, w)| w.repairs > 0) {
            per_tech[p][cell].add(w.repairs, w.hours.value(), w.hours.count());
        }
    }
    // Per province: its technicians' sums, nobody first, then by id.
    let cells = per_customer.cells_in_tech_order();
    let mut out: BTreeMap<Option<String>, ProvinceWork> = BTreeMap::new();
    for (province, per_tech) in provinces.into_iter().zip(&per_tech) {
        for &cell in &cells {
            let w = per_tech[cell];
            if w.repairs == 0 {
                continue;
            }
            let p = out.entry(province.clone()).or_default();
            p.add(w.repairs, w.hours.value(), w.with_hours);
            p.technicians += i64::from(per_customer.tech_of_cell(cell).is_some());
        }
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
    let mut per = CustomerWork::default();
    store::done_repairs(conn, w, &mut |d| {
        if let Some(customer) = d.customer_id {
            per.add(customer, d.tech, d.hours);
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
        let mut per = CustomerWork::default();
        for (customer, tech, hours) in [
            (3, Some(8), None),
            (1, Some(7), Some(1.0)),
            (2, Some(7), Some(4.0)),
            (99, Some(7), Some(9.0)),
            (2, None, None),
            (1, Some(7), Some(2.0)),
            (3, Some(8), Some(0.5)),
        ] {
            per.add(customer, tech, hours);
        }
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

    #[test]
    fn slots_are_dense_in_the_order_seen_whatever_the_ids() {
        let mut slots = Slots::default();
        let ids = [5, 1, i64::MAX, -3, 5, 1 << 40, 0, 2, -3, i64::MIN];
        let got: Vec<usize> = ids.iter().map(|&id| slots.slot(id)).collect();
        assert_eq!(got, [0, 1, 2, 3, 0, 4, 5, 6, 3, 7]);
        assert_eq!(slots.ids(), [5, 1, i64::MAX, -3, 1 << 40, 0, 2, i64::MIN]);
        let in_order: Vec<i64> = slots.in_id_order().into_iter().map(|s| slots.ids()[s]).collect();
        assert_eq!(in_order, [i64::MIN, -3, 0, 1, 2, 5, 1 << 40, i64::MAX]);
        // An id kept out of the table while few were seen keeps its slot once the table
        // reaches it.
        let mut slots = Slots::default();
        assert_eq!(slots.slot(10_000), 0);
        (1..3000).for_each(|id| assert_eq!(slots.slot(id), id as usize));
        assert_eq!(slots.slot(10_000), 0);
        assert_eq!(slots.slot(9_999), 3000);
        assert_eq!(slots.slot(9_999), 3000);
    }

    #[test]
    fn r2_1_province_sums_add_customers_then_technicians_in_the_order_of_their_ids() {
        // Five terms whose sum depends on their order: 0.6 added in this order, one bit
        // more added backwards.
        let terms = [-1e16, 0.2, 0.3, 0.1, 1e16];
        let sum = |xs: &mut dyn Iterator<Item = f64>| {
            let mut s = SqlSum::default();
            xs.for_each(|x| s.add(x));
            s.value().unwrap()
        };
        assert_eq!(sum(&mut terms.into_iter()), 0.6);
        assert_ne!(sum(&mut terms.into_iter().rev()).to_bits(), 0.6f64.to_bits());
        // 浙江: customers 1 to 5, technician 7, seen backwards; 江苏: customer 6, technicians
        // 1 to 5, seen backwards.
        let mut per = CustomerWork::default();
        for (i, hours) in terms.iter().enumerate().rev() {
            per.add(i as i64 + 1, Some(7), Some(*hours));
            per.add(6, Some(i as i64 + 1), Some(*hours));
        }
        let zj = Some("浙江".to_string());
        let mut province_of: HashMap<i64, Option<String>> = (1..=5).map(|c| (c, zj.clone())).collect();
        province_of.insert(6, Some("江苏".to_string()));
        let work = per_province(&per, &province_of);
        assert_eq!(work[&zj].hours.value().map(f64::to_bits), Some(0.6f64.to_bits()));
        assert_eq!(work[&Some("江苏".to_string())].hours.value().map(f64::to_bits), Some(0.6f64.to_bits()));
        assert_eq!((work[&zj].technicians, work[&Some("江苏".to_string())].technicians), (1, 5));
    }

    /// The sums per province as the hash map of (customer, technician) made them before
    /// the flat rows (bench/report.sh): sorted keys, then BTreeMaps.
    fn per_province_by_sorted_keys(
        repairs: &[(i64, Option<i64>, Option<f64>)],
        province_of: &HashMap<i64, Option<String>>,
    ) -> BTreeMap<Option<String>, ProvinceWork> {
        let mut per_customer: BTreeMap<(i64, Option<i64>), Work> = BTreeMap::new();
        repairs.iter().for_each(|&(c, t, h)| per_customer.entry((c, t)).or_default().add(h));
        let mut per_tech: BTreeMap<(Option<String>, Option<i64>), ProvinceWork> = BTreeMap::new();
        for ((customer, tech), w) in per_customer {
            let Some(province) = province_of.get(&customer) else { continue };
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

    #[test]
    fn r2_1_province_sums_are_those_of_the_sorted_groups_to_the_last_bit() {
        // Repairs of customers and technicians in no order, sparse and negative ids among
        // them, tenths beside ±1e16 to 1e17, so that some sums, even SQLite's, depend on the
        // order of their terms (a changed order fails this test).
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let customers: Vec<i64> = (1..=60).chain([1 << 40, -5, 77_777]).collect();
        let techs: Vec<Option<i64>> = (1..=12).map(Some).chain([None, Some(1 << 50), Some(-1)]).collect();
        let repairs: Vec<(i64, Option<i64>, Option<f64>)> = (0..20_000)
            .map(|_| {
                let hours = match next(10) {
                    0 => None,
                    1..=4 => Some([1e16, -1e16, 3e16, -3e16, 1e17, -1e17][next(6) as usize]),
                    _ => Some([0.1, 0.2, 0.3, 0.7, 1.1, 2.5][next(6) as usize]),
                };
                (customers[next(customers.len() as u64) as usize], techs[next(techs.len() as u64) as usize], hours)
            })
            .collect();
        let names = [Some("浙江"), Some("江苏"), None, Some("上海")];
        // Customer 77777 is not on record: in no province.
        let province_of: HashMap<i64, Option<String>> = customers
            .iter()
            .filter(|&&c| c != 77_777)
            .map(|&c| (c, names[c.rem_euclid(4) as usize].map(String::from)))
            .collect();
        let mut per = CustomerWork::default();
        repairs.iter().for_each(|&(c, t, h)| per.add(c, t, h));
        let flat = per_province(&per, &province_of);
        let sorted = per_province_by_sorted_keys(&repairs, &province_of);
        assert_eq!(flat.len(), 4);
        let bits = |m: &BTreeMap<Option<String>, ProvinceWork>| -> Vec<_> {
            m.iter()
                .map(|(k, p)| (k.clone(), p.repairs, p.hours.value().map(f64::to_bits), p.with_hours, p.technicians))
                .collect()
        };
        assert_eq!(bits(&flat), bits(&sorted));
    }
}
