//! What the coming work needs, part by part, against usable stock (`svc parts plan
//! --needs`): the open repairs' plans (R3, 维修方案) and open requisitions, and the
//! parts the plans of the maintenance due soon replace (R1.2, 预防性维护). A part whose
//! usable stock does not cover what is needed is short. The same maintenance demand, and
//! what the emergency reserve stores lack, is added to the purchase plan
//! (`purchase::plan_with`), so what to order covers it.
//!
//! `--requisition` asks the warehouse for what open repairs' plans need and nobody has
//! requested yet, through `requisition::create` (the one write path of requisitions).
//! Maintenance parts are not requisitioned: a requisition is for a repair (R4.3), and a
//! maintenance visit takes its parts from stock itself (`svc maint record --part`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::requisition::{self, NewRequisition};
use super::LineArg;
use crate::db::Tx;
use crate::due::Window;
use crate::error::Result;

/// One part the coming work needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Need {
    pub part_no: String,
    pub name: String,
    /// Open repairs: per repair, the larger of what its plan still needs and what its
    /// open requisitions still ask for (a requisition usually covers its plan: not twice).
    pub repairs: i64,
    /// Of which asked for on open requisitions (pending or approved, not issued yet).
    pub requested: i64,
    /// What the maintenance due in the window replaces.
    pub maintenance: i64,
    /// How many devices that maintenance is.
    pub devices: i64,
    pub needed: i64,
    /// Stock on hand that has not expired.
    pub usable: i64,
    /// Ordered and not received yet.
    pub on_order: i64,
    /// What usable stock does not cover (0 when it does).
    pub short: i64,
}

pub const NEEDS_COLUMNS: &[&str] =
    &["part_no", "name", "repairs", "requested", "maintenance", "devices", "needed", "usable", "on_order", "short"];

/// What one open repair's plan needs of one part, and what its open requisitions ask.
#[derive(Debug, Clone, PartialEq)]
pub struct RepairNeed {
    pub part_id: i64,
    /// `None` for a requisition that names no repair.
    pub repair: Option<String>,
    pub status: Option<String>,
    pub planned: i64,
    pub requested: i64,
}

impl RepairNeed {
    /// What the repair needs of the part: its plan and its requisitions are the same
    /// parts, so the larger of the two, not their sum.
    pub fn need(&self) -> i64 {
        self.planned.max(self.requested)
    }

    /// What the plan needs beyond what is requested already.
    pub fn to_request(&self) -> i64 {
        (self.planned - self.requested).max(0)
    }
}

/// Fill in the totals of a need: needed and short.
pub fn settle(mut n: Need) -> Need {
    n.needed = n.repairs + n.maintenance;
    n.short = (n.needed - n.usable).max(0);
    n
}

/// Every open repair's need per part (the plan's latest version, less what was used),
/// and every open requisition's outstanding lines.
pub fn repair_needs(conn: &Connection) -> Result<Vec<RepairNeed>> {
    super::store::repair_needs(conn)
}

/// What the open repairs and the maintenance due in `window` need, per part, against
/// usable stock on `window.today`. Only parts something needs.
pub fn needs(conn: &Connection, window: &Window) -> Result<Vec<Need>> {
    let mut by_id: BTreeMap<i64, Need> = BTreeMap::new();
    for r in repair_needs(conn)? {
        let n = by_id.entry(r.part_id).or_default();
        n.repairs += r.need();
        n.requested += r.requested;
    }
    for (part_no, (qty, devices)) in crate::maint::measure::demand(conn, window)? {
        let id = super::stock::part_id(conn, &part_no)?;
        let n = by_id.entry(id).or_default();
        n.maintenance += qty;
        n.devices += devices;
    }
    let mut out = Vec::new();
    for (id, mut n) in by_id {
        if n.repairs + n.maintenance == 0 {
            continue;
        }
        (n.part_no, n.name, n.usable, n.on_order) = super::store::stock_of(conn, id, window.today)?;
        out.push(settle(n));
    }
    out.sort_by(|a, b| a.part_no.cmp(&b.part_no));
    Ok(out)
}

/// The maintenance demand per part number, for the purchase plan.
pub fn maintenance_demand(conn: &Connection, window: &Window) -> Result<BTreeMap<String, i64>> {
    Ok(crate::maint::measure::demand(conn, window)?.into_iter().map(|(p, (qty, _))| (p, qty)).collect())
}

/// The demand the purchase plan adds to the repairs' (`purchase::plan_with`): the
/// maintenance due within the window, and what the emergency plans' reserve stores lack
/// today (R6.2: a reserve check's write-offs and expired lots become a purchase-plan
/// line, so the store is refilled through normal purchasing).
pub fn purchase_demand(conn: &Connection, window: &Window, today: NaiveDate) -> Result<BTreeMap<String, i64>> {
    let mut more = maintenance_demand(conn, window)?;
    add_reserve_shortfalls(&mut more, crate::emergency::reserve::list(conn, None, today, today)?);
    Ok(more)
}

/// What the reserve stores lack, added per part (pure). Plans relying on one store share
/// its stock (one incident at a time): a store lacks the largest shortfall any of its
/// plans sees, not their sum; different stores add up.
fn add_reserve_shortfalls(more: &mut BTreeMap<String, i64>, lines: Vec<crate::emergency::reserve::Line>) {
    let mut per_store: BTreeMap<(String, String), i64> = BTreeMap::new();
    for l in lines.into_iter().filter(|l| l.short > 0) {
        let short = per_store.entry((l.location, l.part_no)).or_default();
        *short = (*short).max(l.short);
    }
    for ((_, part_no), short) in per_store {
        *more.entry(part_no).or_default() += short;
    }
}

/// What `requisitions` did: the requisitions written, and the repairs whose plan needs
/// parts but whose state takes no requisition yet (with that state).
#[derive(Debug, Default)]
pub struct Requested {
    pub written: Vec<(String, String)>,
    pub skipped: Vec<(String, String)>,
}

/// One requisition per open repair for what its plan needs and nobody asked for yet,
/// requested by `by`, in the caller's transaction. A repair whose state takes no
/// requisition (`repair::step`) is left out and reported.
pub fn requisitions(tx: &Tx, by: &str) -> Result<Requested> {
    let mut per_repair: BTreeMap<(String, String), Vec<LineArg>> = BTreeMap::new();
    for r in repair_needs(tx.conn())? {
        let (Some(repair), Some(status)) = (r.repair.clone(), r.status.clone()) else { continue };
        if r.to_request() == 0 {
            continue;
        }
        let part_no = super::store::part_no(tx.conn(), r.part_id)?;
        let Some(part_no) = part_no else { continue };
        per_repair.entry((repair, status)).or_default().push(LineArg { part_no, qty: r.to_request(), rest: vec![] });
    }
    let mut done = Requested::default();
    for ((repair, status), lines) in per_repair {
        if crate::repair::step(&repair, &status, "requisition").is_err() {
            done.skipped.push((repair, status));
            continue;
        }
        let note = Some(crate::maint::msg::parts_plan_requisition_note().to_string());
        let code =
            requisition::create(tx, &NewRequisition { repair: repair.clone(), by: by.to_string(), lines, note })?;
        done.written.push((repair, code));
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(planned: i64, requested: i64) -> RepairNeed {
        RepairNeed { part_id: 1, repair: Some("R-1".into()), status: None, planned, requested }
    }

    #[test]
    fn a_repair_needs_the_larger_of_its_plan_and_its_requisitions_not_both() {
        assert_eq!(need(3, 0).need(), 3);
        assert_eq!(need(3, 3).need(), 3);
        assert_eq!(need(2, 5).need(), 5);
        assert_eq!(need(3, 1).to_request(), 2);
        assert_eq!(need(2, 5).to_request(), 0);
    }

    fn reserve(plan: &str, location: &str, part_no: &str, short: i64) -> crate::emergency::reserve::Line {
        crate::emergency::reserve::Line {
            plan: plan.into(),
            location: location.into(),
            part_no: part_no.into(),
            name: String::new(),
            need: 10,
            usable: 10 - short,
            expired: 0,
            expiring: 0,
            short,
            next_expiry: None,
        }
    }

    #[test]
    fn a_store_lacks_its_plans_largest_shortfall_and_stores_add_up() {
        let mut more = BTreeMap::from([("P-1".to_string(), 2)]);
        add_reserve_shortfalls(
            &mut more,
            vec![
                reserve("EP-A", "RES-1", "P-1", 3),
                reserve("EP-B", "RES-1", "P-1", 5),
                reserve("EP-C", "RES-2", "P-1", 1),
                reserve("EP-A", "RES-1", "P-2", 0),
            ],
        );
        assert_eq!(more, BTreeMap::from([("P-1".to_string(), 2 + 5 + 1)]));
    }

    #[test]
    fn short_is_what_usable_stock_does_not_cover() {
        let n = settle(Need { repairs: 2, maintenance: 5, usable: 4, ..Default::default() });
        assert_eq!((n.needed, n.short), (7, 3));
        let n = settle(Need { repairs: 1, usable: 4, ..Default::default() });
        assert_eq!((n.needed, n.short), (1, 0));
    }
}
