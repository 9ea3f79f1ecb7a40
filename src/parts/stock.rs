//! The stock ledger (R4.2.1). Every movement is one immutable row; `post` is the only
//! way one is written. The balance per part, location and lot is kept by a trigger in
//! the same transaction and can never go negative (the database refuses it); `post`
//! checks first so the refusal says what is short. Stock is valued at moving average
//! cost, which only incoming goods with a price (opening stock, receipts) change.

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::db::Tx;
use crate::error::{Error, Result};
use crate::exchange::columns::{self, Columns};
use crate::exchange::{Check, Problem, Record, Stored};
use crate::money::Money;
use crate::words::m;

use super::location;
use super::store;
// The ledger's reads live in the area's store; their callers name them here.
pub use super::store::{ledger, lines, location_label, on_hand, part_name, part_on_hand, shelf_life, slow, totals};

/// One movement to post. Quantities are signed: in is positive, out negative.
#[derive(Debug, Clone, Default)]
pub struct Move<'a> {
    pub kind: &'static str,
    pub part_id: i64,
    pub location_id: i64,
    pub lot: &'a str,
    pub expiry: Option<&'a str>,
    pub qty: i64,
    /// The movement's own cost: the price of goods received, or the cost a returned or
    /// reversed movement went out or in at. Without one, it moves at the part's moving
    /// average cost.
    pub cost: Option<Money>,
    pub reference: Option<&'a str>,
    pub reverses: Option<i64>,
    pub note: Option<&'a str>,
}

/// When a lot without a date of its own expires: `from` (the day it came in) plus the
/// part's shelf life; `None` for a part without one. Pure: receipts, opening stock and
/// found lots of a count all go through it.
pub fn by_shelf_life(from: NaiveDate, shelf_life_days: Option<i64>) -> Option<NaiveDate> {
    shelf_life_days.and_then(|d| u64::try_from(d).ok()).and_then(|d| from.checked_add_days(Days::new(d)))
}

/// The expiry of a lot coming in on `from`: its own date when it has one, else by the
/// part's shelf life (R4.2.1: every lot of a perishable part carries an expiry).
pub fn lot_expiry(conn: &Connection, part_id: i64, own: Option<&str>, from: NaiveDate) -> Result<Option<String>> {
    if let Some(own) = own {
        return Ok(Some(own.to_string()));
    }
    Ok(by_shelf_life(from, shelf_life(conn, part_id)?).map(|d| d.to_string()))
}

/// Post one movement; returns its id. Refused (exit 4) when it would take more than is
/// on hand at that location and lot.
pub fn post(tx: &Tx, m: &Move) -> Result<i64> {
    let (part_no, avg) = store::part_cost(tx.conn(), m.part_id)?;
    if m.qty < 0 {
        let have = on_hand(tx.conn(), m.part_id, m.location_id, m.lot)?;
        if have + m.qty < 0 {
            let at = location_label(tx.conn(), m.location_id)?;
            return Err(Error::refused(if m.lot.is_empty() {
                m::parts_stock_short(m.kind, &part_no, at, have, -m.qty)
            } else {
                m::parts_stock_short_lot(m.kind, &part_no, at, m.lot, have, -m.qty)
            }));
        }
    }
    // What comes in is counted first: the part's stock afterwards must have a value
    // (`value_fits`). Going out only lowers it.
    let unit_cost = match m.cost {
        Some(cost) => {
            // Moving average: the stock's value with this movement at its own cost,
            // over the new quantity (to the fen). When nothing is left, the last
            // average stays as the best estimate of the next.
            let total = part_on_hand(tx.conn(), m.part_id)?;
            let new_total = total + m.qty;
            if new_total > 0 {
                // In i128: quantity times cost must not overflow, however large.
                let value = total as i128 * avg as i128 + m.qty as i128 * cost.0 as i128;
                let avg = ((value + new_total as i128 / 2) / new_total as i128).clamp(0, i64::MAX as i128) as i64;
                value_fits(new_total, avg)?;
                store::set_avg_cost(tx.conn(), m.part_id, avg)?;
            }
            cost.0
        }
        None => {
            if m.qty > 0 {
                value_fits(part_on_hand(tx.conn(), m.part_id)?.saturating_add(m.qty), avg)?;
            }
            avg
        }
    };
    // The movement's own value (its quantity at its cost) is shown in the ledger.
    value_fits(m.qty.saturating_abs(), unit_cost)?;
    store::insert_movement(tx, m, unit_cost)
}

/// Whether `qty` at `unit_cost` is a value svc can hold. Each movement is within the
/// limits (a quantity up to 1,000,000,000, a price up to 999,999,999,999.99), but movements
/// add up: two adjustments of a billion of an expensive part made a stock whose value
/// no listing could compute, and `parts stock` and `parts show` failed from then on.
/// Refused when it comes in instead (exit 5, nothing written).
fn value_fits(qty: i64, unit_cost: i64) -> Result<()> {
    Money(unit_cost).times(qty)?;
    Ok(())
}

/// Reverse a movement with its mirror image: same part, location and lot, opposite
/// quantity, same cost. A movement is reversed at most once; a reversal is not reversed.
pub fn reverse(tx: &Tx, id: i64, reason: &str) -> Result<i64> {
    let from_count = store::count_of_adjustment(tx.conn(), id)?;
    if let Some(count) = from_count {
        return Err(Error::refused(m::parts_movement_from_count(id, count)));
    }
    let found = store::movement(tx.conn(), id)?;
    let Some(store::Posted { kind, part_id, location_id, lot, expiry, qty, unit_cost: cost, reversed }) = found else {
        return Err(Error::not_found(m::parts_movement_not_found(id)));
    };
    // Only movements that stand alone are reversed here: the others belong to a
    // document whose record would no longer match the ledger.
    let refusal = match kind.as_str() {
        "reversal" => Some(m::parts_movement_is_reversal(id)),
        "transfer" => Some(m::parts_movement_is_transfer(id)),
        "issue" | "return" => Some(m::parts_movement_is_requisition(id)),
        "receipt" => Some(m::parts_movement_is_receipt(id)),
        _ => None,
    };
    if let Some(refusal) = refusal {
        return Err(Error::refused(refusal));
    }
    if reversed > 0 {
        return Err(Error::refused(m::parts_movement_reversed(id)));
    }
    let reference = format!("reverses {id}");
    let mv = Move {
        kind: "reversal",
        part_id,
        location_id,
        lot: &lot,
        expiry: expiry.as_deref(),
        qty: -qty,
        cost: Some(Money(cost)),
        reference: Some(&reference),
        reverses: Some(id),
        note: Some(reason),
    };
    post(tx, &mv)
}

/// One row of `svc parts stock`: a part at a location and lot.
#[derive(Debug, Clone, Serialize)]
pub struct StockLine {
    pub part_no: String,
    pub name: String,
    pub category: Option<String>,
    pub location: String,
    pub lot: String,
    pub expiry: Option<String>,
    pub qty: i64,
    pub unit: String,
    pub avg_cost: Money,
    pub value: Money,
}

pub const STOCK_COLUMNS: &[&str] =
    &["part_no", "name", "category", "location", "lot", "expiry", "qty", "unit", "avg_cost", "value"];

#[derive(Debug, Default)]
pub struct StockFilter {
    pub part: Option<String>,
    /// A location `WH1/A-01`, or a warehouse `WH1` with all its bins.
    pub location: Option<String>,
    pub category: Option<String>,
    /// Include lines with nothing left on hand.
    pub zero: bool,
    pub limit: Option<u64>,
}

/// One row of `svc parts stock --by-part`: a part's total against its minimum.
#[derive(Debug, Clone, Serialize)]
pub struct PartTotal {
    pub part_no: String,
    pub name: String,
    pub category: Option<String>,
    pub on_hand: i64,
    /// On hand in lots not expired today.
    pub usable: i64,
    pub min_qty: i64,
    pub reorder_qty: i64,
    pub unit: String,
    pub avg_cost: Money,
    pub value: Money,
}

pub const TOTAL_COLUMNS: &[&str] =
    &["part_no", "name", "category", "on_hand", "usable", "min_qty", "reorder_qty", "unit", "avg_cost", "value"];

/// One row of `svc parts ledger`: a movement with the part's running balance.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerRow {
    pub id: i64,
    pub at: String,
    pub kind: String,
    pub location: String,
    pub lot: String,
    pub qty: i64,
    pub unit_cost: Money,
    pub balance: i64,
    pub reference: Option<String>,
    pub actor: String,
    pub note: Option<String>,
}

pub const LEDGER_COLUMNS: &[&str] =
    &["id", "at", "kind", "location", "lot", "qty", "unit_cost", "balance", "reference", "actor", "note"];

/// A part's id by its number, or a not-found error.
pub fn part_id(conn: &Connection, part_no: &str) -> Result<i64> {
    Ok(crate::records::get::<super::Part>(conn, part_no)?.0)
}

/// Opening stock, as a migration brings it in: one `opening` movement per line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpeningStock {
    pub part_no: String,
    pub location: String,
    pub lot: Option<String>,
    pub qty: i64,
    pub unit_cost: Option<Money>,
    pub expiry: Option<String>,
}

crate::record_columns! {
    // A balance of the ledger: posted as an `opening` movement, read back from the
    // balance per part, location and lot (a lot of none is stored as ''), whose row id
    // is its latest movement. It is valued at the part's moving average cost.
    OpeningStock in Table::new("movements")
        .posted("stock")
        .joined("s", "JOIN parts p ON p.id = s.part_id JOIN locations l ON l.id = s.location_id")
        .id("(SELECT max(m.id) FROM movements m
               WHERE m.part_id = s.part_id AND m.location_id = s.location_id AND m.lot = s.lot)") => {
        part_no: Field::new("part_no").read("p.part_no").key(),
        location: Field::new("location")
            .read("CASE WHEN l.bin = '' THEN l.warehouse ELSE l.warehouse || '/' || l.bin END")
            .key(),
        lot: Field::new("lot").read("nullif(s.lot, '')").key(),
        qty: Field::new("qty"),
        unit_cost: Field::new("unit_cost").read("p.avg_cost"),
        expiry: Field::new("expiry"),
    }
}

impl Record for OpeningStock {
    const ENTITY: &'static str = "stock";
    const PLURAL: &'static str = "stock";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["part_no", "location", "qty"];

    fn parse(c: &mut Check) -> Self {
        let qty = c.integer("qty", 1);
        if qty.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("qty")) {
            c.problems.push(Problem::new("qty", super::msg::parts_stock_qty_missing().to_string()));
        }
        OpeningStock {
            part_no: c.key("part_no"),
            location: c.key("location"),
            lot: c.text("lot"),
            qty: qty.unwrap_or(0),
            unit_cost: c.money("unit_cost"),
            expiry: c.date("expiry"),
        }
    }

    /// Part, location and lot, as a JSON triple.
    fn key(&self) -> String {
        serde_json::to_string(&[&self.part_no, &self.location, self.lot.as_deref().unwrap_or("")]).unwrap_or_default()
    }

    fn label(&self) -> String {
        match &self.lot {
            Some(lot) => format!("{} at {} lot {lot}", self.part_no, self.location),
            None => format!("{} at {}", self.part_no, self.location),
        }
    }

    fn key_column() -> &'static str {
        "part_no"
    }
}

impl Stored for OpeningStock {
    const TABLE: &'static str = "movements";
    const INSERT_FIRST: bool = false;
    const LIST_COMMAND: &'static str = "svc parts stock";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        let Ok([part_no, loc, lot]) = serde_json::from_str::<[String; 3]>(key) else { return Ok(None) };
        let (w, b) = location::split(&loc);
        let filter = "WHERE p.part_no = ?1 AND l.warehouse = ?2 AND l.bin = ?3 AND s.lot = ?4";
        let found = columns::find::<Self>(conn, filter, params![part_no, w, b, lot], "looking up stock")?;
        // The stored line has no cost of its own (stock is valued at the part's moving
        // average): a row is "unchanged" when its quantity and expiry are. Part and
        // location as the key spells them.
        Ok(found.map(|(id, stored)| (id, OpeningStock { part_no, location: loc, unit_cost: None, ..stored })))
    }

    fn insert(tx: &Tx, s: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        let Some(part_id) = super::Part::find_id(tx.conn(), &s.part_no)? else {
            let problem = super::msg::parts_stock_no_part(&s.part_no);
            let problem = crate::records::missing_reference::<super::Part>(tx.conn(), &s.part_no, problem);
            return Ok(Err(Problem::new("part_no", problem)));
        };
        let Some(location_id) = location::find_id(tx.conn(), &s.location)? else {
            return Ok(Err(Problem::new("location", super::msg::parts_stock_no_location(&s.location).to_string())));
        };
        let cost = match s.unit_cost {
            Some(c) => c,
            None => store::standard_cost(tx.conn(), part_id)?,
        };
        // The same rule as a receipt: a lot without its own expiry expires by the
        // part's shelf life, counted from the day it is loaded.
        let today =
            crate::clock::local_date(&tx.now).unwrap_or_else(|| crate::clock::display_zone().date(chrono::Utc::now()));
        let expiry = lot_expiry(tx.conn(), part_id, s.expiry.as_deref(), today)?;
        let mv = Move {
            kind: "opening",
            part_id,
            location_id,
            lot: s.lot.as_deref().unwrap_or(""),
            expiry: expiry.as_deref(),
            qty: s.qty,
            cost: Some(cost),
            reference: Some("opening stock"),
            ..Default::default()
        };
        post(tx, &mv).map(Ok)
    }

    fn update(_tx: &Tx, _id: i64, s: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        Ok(Err(Problem::new(
            "qty",
            format!(
                "{} already has stock: opening stock is loaded once; correct quantities with a stock count \
                 ('svc parts count start')",
                s.label()
            ),
        )))
    }

    /// Current stock, in the opening-stock columns (valued at moving average cost), as
    /// `svc parts stock` lists it.
    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        columns::each(conn, "WHERE s.qty <> 0 ORDER BY p.part_no, l.warehouse, l.bin, s.lot", [], "listing stock", each)
    }
}

/// A movement made by hand: a transfer between locations, an adjustment found outside a
/// count, or parts scrapped (damaged, expired). Each needs its reason.
pub enum Manual<'a> {
    Transfer { to: &'a str },
    Adjust { qty: i64 },
    Scrap,
}

/// Post a manual movement of `qty` (for transfer and scrap; adjust carries its own
/// signed quantity). Returns the ids of the movements written.
pub fn manual(tx: &Tx, what: Manual, part_no: &str, at: &str, lot: &str, qty: i64, reason: &str) -> Result<Vec<i64>> {
    if !matches!(what, Manual::Adjust { .. }) && qty <= 0 {
        return Err(Error::invalid(m::parts_move_at_least_one(qty)));
    }
    let part_id = part_id(tx.conn(), part_no)?;
    let location_id = location::id(tx.conn(), at)?;
    let expiry = store::expiry_held(tx.conn(), part_id, location_id, lot)?;
    let base = Move { part_id, location_id, lot, expiry: expiry.as_deref(), note: Some(reason), ..Default::default() };
    Ok(match what {
        Manual::Transfer { to } => {
            let to_id = location::id(tx.conn(), to)?;
            if to_id == location_id {
                return Err(Error::invalid(m::parts_transfer_nowhere(at, to)));
            }
            let out_ref = format!("to {to}");
            let in_ref = format!("from {at}");
            let out = post(tx, &Move { kind: "transfer", qty: -qty, reference: Some(&out_ref), ..base.clone() })?;
            let cost = store::movement_cost(tx.conn(), out)?;
            let inn = post(
                tx,
                &Move { kind: "transfer", location_id: to_id, qty, reference: Some(&in_ref), cost: Some(cost), ..base },
            )?;
            vec![out, inn]
        }
        Manual::Adjust { qty } => {
            if qty == 0 {
                return Err(Error::invalid(m::parts_adjust_zero()));
            }
            vec![post(tx, &Move { kind: "adjustment", qty, ..base })?]
        }
        Manual::Scrap => vec![post(tx, &Move { kind: "scrap", qty: -qty, ..base })?],
    })
}

/// One row of `svc parts slow`: stock that has not moved for a long time (R4.2.2).
#[derive(Debug, Clone, Serialize)]
pub struct SlowRow {
    pub part_no: String,
    pub name: String,
    pub category: Option<String>,
    pub on_hand: i64,
    pub value: Money,
    pub last_movement: String,
    pub idle_days: i64,
}

pub const SLOW_COLUMNS: &[&str] = &["part_no", "name", "category", "on_hand", "value", "last_movement", "idle_days"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_stock_s_columns_are_written_once_and_read_from_the_balances() {
        let conn = columns::assert_agree::<OpeningStock>();
        assert!(OpeningStock::sql().select.contains("FROM stock s JOIN parts p"), "{}", OpeningStock::sql().select);
        // Posted, never written through the table: an import posts an opening movement.
        let s = OpeningStock {
            part_no: "P-1".into(),
            location: "WH1".into(),
            lot: None,
            qty: 1,
            unit_cost: None,
            expiry: None,
        };
        assert!(columns::insert(&conn, &s, &[], "adding stock").is_err());
        assert!(columns::update(&conn, 1, &s, &[], "changing stock").is_err());
    }
}
