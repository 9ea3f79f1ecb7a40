//! The stock ledger's SQL: posting, average cost, reversal, balances and listings; the
//! purchase plan's needs; safety checks; part and location look-ups.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock::show_local;
use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::money::Money;

use super::super::location;
use super::super::plan::RepairNeed;
use super::super::safety::{CheckRow, NewCheck};
use super::super::stock::{LedgerRow, Move, PartTotal, SlowRow, StockFilter, StockLine};

/// A part's number and moving average cost.
pub fn part_cost(conn: &Connection, part_id: i64) -> Result<(String, i64)> {
    conn.prepare_cached("SELECT part_no, avg_cost FROM parts WHERE id = ?1")
        .and_then(|mut s| s.query_row([part_id], |r| Ok((r.get(0)?, r.get(1)?))))
        .ctx("reading the part's cost")
}

/// A part's standard cost (0 when it has none): what opening stock without a price is
/// valued at.
pub fn standard_cost(conn: &Connection, part_id: i64) -> Result<Money> {
    conn.query_row("SELECT coalesce(unit_cost, 0) FROM parts WHERE id = ?1", [part_id], |r| r.get(0))
        .ctx("reading the part's standard cost")
}

pub fn set_avg_cost(conn: &Connection, part_id: i64, avg: i64) -> Result<()> {
    conn.prepare_cached("UPDATE parts SET avg_cost = ?2 WHERE id = ?1")
        .and_then(|mut s| s.execute(params![part_id, avg]))
        .ctx("updating the moving average cost")?;
    Ok(())
}

/// Write one movement at `unit_cost`, in the transaction's time and actor; its id.
pub fn insert_movement(tx: &Tx, m: &Move, unit_cost: i64) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO movements(at, actor, kind, part_id, location_id, lot, expiry, qty, unit_cost, ref, reverses, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
    )
    .and_then(|mut s| {
        s.query_row(
            params![
                tx.now,
                tx.actor,
                m.kind,
                m.part_id,
                m.location_id,
                m.lot,
                m.expiry,
                m.qty,
                unit_cost,
                m.reference,
                m.reverses,
                m.note
            ],
            |r| r.get(0),
        )
    })
    .ctx("posting a stock movement")
}

/// A posted movement as a reversal reads it, with how many reversals it already has.
pub struct Posted {
    pub kind: String,
    pub part_id: i64,
    pub location_id: i64,
    pub lot: String,
    pub expiry: Option<String>,
    pub qty: i64,
    pub unit_cost: i64,
    pub reversed: i64,
}

/// The count whose adjustment movement `id` is, if it is one.
pub fn count_of_adjustment(conn: &Connection, id: i64) -> Result<Option<String>> {
    conn.query_row("SELECT ref FROM movements WHERE id = ?1 AND kind = 'adjustment' AND ref LIKE 'CNT-%'", [id], |r| {
        r.get(0)
    })
    .optional()
    .ctx("looking up a movement")
}

/// Movement `id`, if there is one.
pub fn movement(conn: &Connection, id: i64) -> Result<Option<Posted>> {
    conn.query_row(
        "SELECT kind, part_id, location_id, lot, expiry, qty, unit_cost,
                    (SELECT count(*) FROM movements r WHERE r.reverses = m.id) FROM movements m WHERE id = ?1",
        [id],
        |r| {
            Ok(Posted {
                kind: r.get(0)?,
                part_id: r.get(1)?,
                location_id: r.get(2)?,
                lot: r.get(3)?,
                expiry: r.get(4)?,
                qty: r.get(5)?,
                unit_cost: r.get(6)?,
                reversed: r.get(7)?,
            })
        },
    )
    .optional()
    .ctx("looking up a movement")
}

/// The cost a movement was posted at.
pub fn movement_cost(conn: &Connection, id: i64) -> Result<Money> {
    conn.query_row("SELECT unit_cost FROM movements WHERE id = ?1", [id], |r| r.get::<_, Money>(0))
        .ctx("reading a movement's cost")
}

/// The expiry of the lot held at a location, if it is held and has one.
pub fn expiry_held(conn: &Connection, part_id: i64, location_id: i64, lot: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT expiry FROM stock WHERE part_id = ?1 AND location_id = ?2 AND lot = ?3")
        .and_then(|mut s| s.query_row(params![part_id, location_id, lot], |r| r.get(0)).optional())
        .map(Option::flatten)
        .ctx("reading the lot's expiry")
}

/// What is on hand of a part at a location and lot.
pub fn on_hand(conn: &Connection, part_id: i64, location_id: i64, lot: &str) -> Result<i64> {
    conn.prepare_cached("SELECT qty FROM stock WHERE part_id = ?1 AND location_id = ?2 AND lot = ?3")
        .and_then(|mut s| s.query_row(params![part_id, location_id, lot], |r| r.get(0)).optional())
        .map(|q| q.unwrap_or(0))
        .ctx("reading the stock balance")
}

/// What is on hand of a part, everywhere.
pub fn part_on_hand(conn: &Connection, part_id: i64) -> Result<i64> {
    conn.prepare_cached("SELECT coalesce(sum(qty), 0) FROM stock WHERE part_id = ?1")
        .and_then(|mut s| s.query_row([part_id], |r| r.get(0)))
        .ctx("reading the stock balance")
}

/// A part's shelf life in days, if it has one.
pub fn shelf_life(conn: &Connection, part_id: i64) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT shelf_life_days FROM parts WHERE id = ?1")
        .and_then(|mut s| s.query_row([part_id], |r| r.get(0)))
        .ctx("reading the part's shelf life")
}

pub fn location_label(conn: &Connection, id: i64) -> Result<String> {
    conn.prepare_cached("SELECT warehouse, bin FROM locations WHERE id = ?1")
        .and_then(|mut s| s.query_row([id], |r| Ok(location::code(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?))))
        .ctx("naming a location")
}

/// The part condition as SQLite can use the part-number index: `?1 IS NULL OR
/// part_no = ?1` would make it scan every stock line (20 ms on 150,000 lines against
/// 0.1 ms). Both forms are fixed text; the part number stays a parameter.
fn part_clause(f: &StockFilter) -> &'static str {
    if f.part.is_some() {
        "p.part_no = ?1"
    } else {
        "?1 IS NULL"
    }
}

/// Stock by part, location and lot.
pub fn lines(conn: &Connection, f: &StockFilter, each: &mut dyn FnMut(StockLine) -> Result<()>) -> Result<()> {
    let (warehouse, bin) = match f.location.as_deref().map(location::split) {
        Some((w, b)) => (Some(w), (!b.is_empty()).then_some(b)),
        None => (None, None),
    };
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT p.part_no, p.name, p.category, l.warehouse, l.bin, s.lot, s.expiry, s.qty, p.unit, p.avg_cost
               FROM stock s JOIN parts p ON p.id = s.part_id JOIN locations l ON l.id = s.location_id
              WHERE {} AND (?2 IS NULL OR l.warehouse = ?2) AND (?3 IS NULL OR l.bin = ?3)
                AND (?4 IS NULL OR p.category = ?4) AND (?5 OR s.qty <> 0)
              ORDER BY p.part_no, l.warehouse, l.bin, s.lot LIMIT ?6",
            part_clause(f)
        ))
        .ctx("listing stock")?;
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    let mut rows = stmt.query(params![f.part, warehouse, bin, f.category, f.zero, limit]).ctx("listing stock")?;
    while let Some(r) = rows.next().ctx("listing stock")? {
        let qty: i64 = r.get(7).ctx("reading stock")?;
        let avg: Money = r.get(9).ctx("reading stock")?;
        let line = (|| -> rusqlite::Result<StockLine> {
            Ok(StockLine {
                part_no: r.get(0)?,
                name: r.get(1)?,
                category: r.get(2)?,
                location: location::code(&r.get::<_, String>(3)?, &r.get::<_, String>(4)?),
                lot: r.get(5)?,
                expiry: r.get(6)?,
                qty,
                unit: r.get(8)?,
                avg_cost: avg,
                value: avg.times(qty)?,
            })
        })()
        .ctx("reading stock")?;
        each(line)?;
    }
    Ok(())
}

/// Totals per active part (parts with none on hand included), optionally only those
/// whose usable stock (lots not expired `today`) is below their minimum.
pub fn totals(
    conn: &Connection,
    f: &StockFilter,
    below_min: bool,
    today: &str,
    each: &mut dyn FnMut(PartTotal) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT p.part_no, p.name, p.category,
                    (SELECT coalesce(sum(qty), 0) FROM stock s WHERE s.part_id = p.id) AS on_hand,
                    p.min_qty, p.reorder_qty, p.unit, p.avg_cost,
                    (SELECT coalesce(sum(qty), 0) FROM stock s WHERE s.part_id = p.id
                        AND (s.expiry IS NULL OR s.expiry >= ?5)) AS usable
               FROM parts p
              WHERE p.active AND {} AND (?2 IS NULL OR p.category = ?2)
                AND (NOT ?3 OR usable < p.min_qty)
              ORDER BY p.part_no LIMIT ?4",
            part_clause(f)
        ))
        .ctx("totalling stock")?;
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    let mut rows = stmt.query(params![f.part, f.category, below_min, limit, today]).ctx("totalling stock")?;
    while let Some(r) = rows.next().ctx("totalling stock")? {
        let t = (|| -> rusqlite::Result<PartTotal> {
            let on_hand: i64 = r.get(3)?;
            let avg: Money = r.get(7)?;
            Ok(PartTotal {
                part_no: r.get(0)?,
                name: r.get(1)?,
                category: r.get(2)?,
                on_hand,
                usable: r.get(8)?,
                min_qty: r.get(4)?,
                reorder_qty: r.get(5)?,
                unit: r.get(6)?,
                avg_cost: avg,
                value: avg.times(on_hand)?,
            })
        })()
        .ctx("reading stock totals")?;
        each(t)?;
    }
    Ok(())
}

/// Every movement of a part, oldest first, with the balance after each.
pub fn ledger(conn: &Connection, part_id: i64, each: &mut dyn FnMut(LedgerRow) -> Result<()>) -> Result<()> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT m.id, m.at, m.kind, l.warehouse, l.bin, m.lot, m.qty, m.unit_cost, m.ref, m.actor, m.note
               FROM movements m JOIN locations l ON l.id = m.location_id WHERE m.part_id = ?1 ORDER BY m.id",
        )
        .ctx("reading the ledger")?;
    let mut rows = stmt.query([part_id]).ctx("reading the ledger")?;
    let mut balance = 0;
    while let Some(r) = rows.next().ctx("reading the ledger")? {
        let row = ledger_row(r, &mut balance).ctx("reading the ledger")?;
        each(row)?;
    }
    Ok(())
}

fn ledger_row(r: &Row, balance: &mut i64) -> rusqlite::Result<LedgerRow> {
    let qty: i64 = r.get(6)?;
    *balance += qty;
    Ok(LedgerRow {
        id: r.get(0)?,
        at: crate::clock::show_local(&r.get::<_, String>(1)?),
        kind: r.get(2)?,
        location: location::code(&r.get::<_, String>(3)?, &r.get::<_, String>(4)?),
        lot: r.get(5)?,
        qty,
        unit_cost: r.get(7)?,
        balance: *balance,
        reference: r.get(8)?,
        actor: r.get(9)?,
        note: r.get(10)?,
    })
}

/// Parts with stock on hand and no movement since `days` before `now`, the longest
/// idle first.
pub fn slow(conn: &Connection, now: &str, days: i64, each: &mut dyn FnMut(SlowRow) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        "WITH last AS (SELECT part_id, max(id) AS id FROM movements GROUP BY part_id),
                  held AS (SELECT part_id, sum(qty) AS qty FROM stock GROUP BY part_id HAVING sum(qty) > 0)
             SELECT p.part_no, p.name, p.category, h.qty, p.avg_cost, m.at,
                    CAST(julianday(?1) - julianday(m.at) AS INTEGER)
               FROM held h JOIN parts p ON p.id = h.part_id JOIN last ON last.part_id = h.part_id
               JOIN movements m ON m.id = last.id
              WHERE julianday(?1) - julianday(m.at) >= ?2
              ORDER BY m.at, p.part_no",
        params![now, days],
        "looking for slow-moving stock",
        |r| {
            let qty: i64 = r.get(3)?;
            let cost: Money = r.get(4)?;
            Ok(SlowRow {
                part_no: r.get(0)?,
                name: r.get(1)?,
                category: r.get(2)?,
                on_hand: qty,
                value: cost.times(qty)?,
                last_movement: crate::clock::show_local(&r.get::<_, String>(5)?).chars().take(10).collect(),
                idle_days: r.get(6)?,
            })
        },
        each,
    )
}

/// Every open repair's need per part (the plan's latest version, less what was used),
/// and every open requisition's outstanding lines.
pub fn repair_needs(conn: &Connection) -> Result<Vec<RepairNeed>> {
    let sql = format!(
        "WITH {needs}
         SELECT n.part_id, n.repair, o.status, max(n.planned), max(n.requested) FROM (
                SELECT part_id, repair, q AS planned, 0 AS requested FROM planned
                UNION ALL SELECT part_id, repair, 0, q FROM requested) n
           LEFT JOIN open_repairs o ON o.code = n.repair
          GROUP BY n.part_id, n.repair
          ORDER BY n.repair, n.part_id",
        needs = super::purchase::open_repair_needs()
    );
    let mut stmt = conn.prepare(&sql).ctx("reading what open repairs need")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(RepairNeed {
                part_id: r.get(0)?,
                repair: r.get(1)?,
                status: r.get(2)?,
                planned: r.get(3)?,
                requested: r.get(4)?,
            })
        })
        .ctx("reading what open repairs need")?;
    rows.collect::<rusqlite::Result<Vec<_>>>().ctx("reading what open repairs need")
}

/// A part's number, name, usable stock on `today` and quantity on order.
pub fn stock_of(conn: &Connection, part_id: i64, today: NaiveDate) -> Result<(String, String, i64, i64)> {
    conn.prepare_cached(
        "SELECT p.part_no, p.name,
                (SELECT coalesce(sum(qty), 0) FROM stock WHERE part_id = p.id AND (expiry IS NULL OR expiry >= ?2)),
                (SELECT coalesce(sum(l.qty - l.received), 0) FROM po_lines l
                   JOIN purchase_orders o ON o.id = l.po_id AND o.status = 'open' WHERE l.part_id = p.id)
           FROM parts p WHERE p.id = ?1",
    )
    .and_then(|mut s| {
        s.query_row(params![part_id, today.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    })
    .ctx("reading a part's stock")
}

/// A part's name by its id (a part that exists: its id came from a look-up).
pub fn part_name(conn: &Connection, part_id: i64) -> Result<String> {
    conn.query_row("SELECT name FROM parts WHERE id = ?1", [part_id], |r| r.get(0)).ctx("reading a part")
}

/// A part's number by its id, if it exists.
pub fn part_no(conn: &Connection, part_id: i64) -> Result<Option<String>> {
    conn.query_row("SELECT part_no FROM parts WHERE id = ?1", [part_id], |x| x.get(0)).optional().ctx("reading a part")
}

/// How many locations the warehouse has (0: no such warehouse).
pub fn warehouse_locations(conn: &Connection, warehouse: &str) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM locations WHERE warehouse = ?1", [warehouse], |r| r.get(0))
        .ctx("looking up the warehouse")
}

/// Write a safety check made at `at` by staff member `staff_id`.
pub fn insert_safety_check(tx: &Tx, c: &NewCheck, at: &str, staff_id: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO safety_checks(warehouse, at, by_staff, fire, damp, security, temperature, humidity, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![c.warehouse, at, staff_id, c.fire, c.damp, c.security, c.temperature, c.humidity, c.note],
    )
    .ctx("recording a safety check")?;
    Ok(())
}

/// Safety checks, newest first; `issues`: only those that found something.
pub fn safety_checks(
    conn: &Connection,
    warehouse: Option<&str>,
    issues: bool,
    each: &mut dyn FnMut(CheckRow) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT c.warehouse, c.at, s.code, c.fire, c.damp, c.security, c.temperature, c.humidity, c.note
               FROM safety_checks c JOIN staff s ON s.id = c.by_staff
              WHERE (?1 IS NULL OR c.warehouse = ?1)
                AND (NOT ?2 OR 'issue' IN (c.fire, c.damp, c.security))
              ORDER BY c.at DESC, c.id DESC",
        params![warehouse, issues],
        "listing safety checks",
        |r| {
            Ok(CheckRow {
                warehouse: r.get(0)?,
                at: show_local(&r.get::<_, String>(1)?),
                by: r.get(2)?,
                fire: r.get(3)?,
                damp: r.get(4)?,
                security: r.get(5)?,
                temperature: r.get(6)?,
                humidity: r.get(7)?,
                note: r.get(8)?,
            })
        },
        each,
    )
}

/// A part's id by its number, if it exists.
pub fn part_id(conn: &Connection, part_no: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM parts WHERE part_no = ?1")
        .and_then(|mut s| s.query_row([part_no], |r| r.get(0)).optional())
        .ctx("looking up a part")
}

/// A part's moving average cost.
pub fn avg_cost(conn: &Connection, part_id: i64) -> rusqlite::Result<Money> {
    conn.query_row("SELECT avg_cost FROM parts WHERE id = ?1", [part_id], |r| r.get(0))
}

/// A location's id by its warehouse and bin, if it exists.
pub fn location_id(conn: &Connection, warehouse: &str, bin: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM locations WHERE warehouse = ?1 AND bin = ?2")
        .and_then(|mut s| s.query_row([warehouse, bin], |r| r.get(0)).optional())
        .ctx("looking up a location")
}
