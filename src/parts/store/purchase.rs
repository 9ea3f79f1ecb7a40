//! Procurement's SQL: purchase orders and their lines, receipts into quarantine,
//! incoming inspection, the listings and the purchase plan's figures. The rules (an
//! order's moves, the inspection's verdict, what to suggest) are in `parts::purchase`.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::super::location;
use super::super::purchase::{OrderFilter, OrderRow, PlanRow, ReceiptLine, ReceiptRow};
use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::money::Money;

/// Write a new order from the supplier, created now; its id.
pub fn insert_order(tx: &Tx, code: &str, supplier_id: i64, standard: Option<&str>, note: Option<&str>) -> Result<i64> {
    tx.query_row(
        "INSERT INTO purchase_orders(code, supplier_id, standard, created_at, note) VALUES (?1, ?2, ?3, ?4, ?5)
         RETURNING id",
        params![code, supplier_id, standard, tx.now, note],
        |r| r.get(0),
    )
    .ctx("creating a purchase order")
}

pub fn insert_order_line(tx: &Tx, po: i64, part_id: i64, qty: i64, price: Money, delivery: Option<&str>) -> Result<()> {
    tx.execute(
        "INSERT INTO po_lines(po_id, part_id, qty, price, delivery) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![po, part_id, qty, price, delivery],
    )
    .ctx("adding a purchase order line")?;
    Ok(())
}

pub fn order_status(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT status FROM purchase_orders WHERE id = ?1", [id], |r| r.get(0)).ctx("reading an order")
}

/// `what`: the doing, for an error ("cancelling an order").
pub fn set_order_status(tx: &Tx, id: i64, status: &str, what: &str) -> Result<()> {
    tx.execute("UPDATE purchase_orders SET status = ?2 WHERE id = ?1", params![id, status]).ctx(what)?;
    Ok(())
}

/// An order's code and status, and whether every line has arrived and passed
/// inspection (nothing short, nothing in quarantine).
pub fn order_settlement(conn: &Connection, po: i64) -> Result<(String, String, bool)> {
    conn.query_row(
        "SELECT code, status,
                NOT EXISTS (SELECT 1 FROM po_lines WHERE po_id = ?1 AND received < qty)
                AND NOT EXISTS (SELECT 1 FROM receipts WHERE po_id = ?1 AND status = 'quarantine')
           FROM purchase_orders WHERE id = ?1",
        [po],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .ctx("reading an order")
}

/// Write a receipt of goods from order `po` into quarantine at a location, now; its id.
pub fn insert_receipt(tx: &Tx, code: &str, po: i64, location_id: i64, note: Option<&str>) -> Result<i64> {
    tx.query_row(
        "INSERT INTO receipts(code, po_id, location_id, received_at, note) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        params![code, po, location_id, tx.now, note],
        |r| r.get(0),
    )
    .ctx("recording a receipt")
}

/// Order `po`'s line of a part, if it has one: (line id, ordered, received).
pub fn order_line(conn: &Connection, po: i64, part_id: i64) -> Result<Option<(i64, i64, i64)>> {
    conn.query_row(
        "SELECT id, qty, received FROM po_lines WHERE po_id = ?1 AND part_id = ?2",
        params![po, part_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
    .ctx("reading an order line")
}

/// Write a receipt line of order line `line`, and count it as received on the order.
pub fn insert_receipt_line(tx: &Tx, receipt: i64, line: i64, lot: &str, expiry: Option<&str>, qty: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO receipt_lines(receipt_id, po_line_id, lot, expiry, qty) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![receipt, line, lot, expiry, qty],
    )
    .ctx("recording a receipt line")?;
    tx.execute("UPDATE po_lines SET received = received + ?2 WHERE id = ?1", params![line, qty])
        .ctx("recording a delivery")?;
    Ok(())
}

/// A receipt's status, order and location.
pub fn receipt(conn: &Connection, id: i64) -> Result<(String, i64, i64)> {
    conn.query_row("SELECT status, po_id, location_id FROM receipts WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
    .ctx("reading a receipt")
}

/// A receipt's lines, undecided, in the order they were received.
pub fn receipt_lines(conn: &Connection, receipt: i64) -> Result<Vec<ReceiptLine>> {
    conn.prepare(
        "SELECT rl.id, p.part_no, p.id, rl.po_line_id, rl.lot, rl.expiry, rl.qty, pl.price
           FROM receipt_lines rl JOIN po_lines pl ON pl.id = rl.po_line_id JOIN parts p ON p.id = pl.part_id
          WHERE rl.receipt_id = ?1 ORDER BY rl.id",
    )
    .and_then(|mut s| {
        s.query_map([receipt], |r| {
            Ok(ReceiptLine {
                id: r.get(0)?,
                part_no: r.get(1)?,
                part_id: r.get(2)?,
                po_line_id: r.get(3)?,
                lot: r.get(4)?,
                expiry: r.get(5)?,
                qty: r.get(6)?,
                price: r.get(7)?,
                accepted: 0,
                rejected: 0,
            })
        })?
        .collect()
    })
    .ctx("reading a receipt's lines")
}

/// Record the inspection's verdict on a receipt line; rejected goods go back to the
/// supplier and count as not delivered on the order.
pub fn decide_line(tx: &Tx, line: &ReceiptLine) -> Result<()> {
    tx.execute(
        "UPDATE receipt_lines SET accepted = ?2, rejected = ?3 WHERE id = ?1",
        params![line.id, line.accepted, line.rejected],
    )
    .ctx("recording an inspection")?;
    if line.rejected > 0 {
        tx.execute(
            "UPDATE po_lines SET received = received - ?2 WHERE id = ?1",
            params![line.po_line_id, line.rejected],
        )
        .ctx("returning rejected goods")?;
    }
    Ok(())
}

/// Close a receipt's inspection: its status, the inspector, now, and a note if given.
pub fn close_inspection(tx: &Tx, receipt: i64, status: &str, inspector: i64, note: Option<&str>) -> Result<()> {
    tx.execute(
        "UPDATE receipts SET status = ?5, inspected_by = ?2, inspected_at = ?3, note = coalesce(?4, note)
          WHERE id = ?1",
        params![receipt, inspector, tx.now, note, status],
    )
    .ctx("closing the inspection")?;
    Ok(())
}

pub fn orders(conn: &Connection, f: &OrderFilter, each: &mut dyn FnMut(OrderRow) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        "SELECT o.code, s.code, o.status, o.created_at, count(l.id), sum(l.qty), sum(l.received),
                    sum(l.qty * l.price), min(CASE WHEN l.received < l.qty THEN l.delivery END)
               FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id JOIN po_lines l ON l.po_id = o.id
              WHERE (?1 IS NULL OR o.status = ?1) AND (?2 IS NULL OR s.code = ?2)
              GROUP BY o.id
             HAVING ?3 IS NULL OR (o.status = 'open'
                    AND min(CASE WHEN l.received < l.qty THEN l.delivery END) <= ?3)
              ORDER BY o.code LIMIT ?4",
        params![f.status, f.supplier, f.due_by, limit],
        "listing purchase orders",
        |r| {
            Ok(OrderRow {
                po: r.get(0)?,
                supplier: r.get(1)?,
                status: r.get(2)?,
                created: crate::clock::show_local(&r.get::<_, String>(3)?),
                lines: r.get(4)?,
                ordered: r.get(5)?,
                received: r.get(6)?,
                value: r.get(7)?,
                next_delivery: r.get(8)?,
            })
        },
        each,
    )
}

type Fields = Vec<(&'static str, serde_json::Value)>;
type Row = Vec<serde_json::Value>;

/// Order `id`'s header fields, for `po show`.
pub fn order_head(conn: &Connection, id: i64) -> Result<Fields> {
    conn.query_row(
        "SELECT o.code, s.code, s.name, o.status, o.standard, o.created_at, o.note
           FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id WHERE o.id = ?1",
        [id],
        |r| {
            Ok(vec![
                ("po", json!(r.get::<_, String>(0)?)),
                ("supplier", json!(r.get::<_, String>(1)?)),
                ("supplier_name", json!(r.get::<_, String>(2)?)),
                ("status", json!(r.get::<_, String>(3)?)),
                ("standard", json!(r.get::<_, Option<String>>(4)?)),
                ("created", json!(crate::clock::show_local(&r.get::<_, String>(5)?))),
                ("note", json!(r.get::<_, Option<String>>(6)?)),
            ])
        },
    )
    .ctx("reading an order")
}

/// Order `id`'s lines, for `po show` (`purchase::ORDER_LINE_COLUMNS`).
pub fn order_lines(conn: &Connection, id: i64) -> Result<Vec<Row>> {
    conn.prepare(
        "SELECT p.part_no, p.name, p.spec, p.model, l.qty, l.price, l.delivery, l.received
           FROM po_lines l JOIN parts p ON p.id = l.part_id WHERE l.po_id = ?1 ORDER BY l.id",
    )
    .and_then(|mut s| {
        s.query_map([id], |r| {
            Ok(vec![
                json!(r.get::<_, String>(0)?),
                json!(r.get::<_, String>(1)?),
                json!(r.get::<_, Option<String>>(2)?),
                json!(r.get::<_, Option<String>>(3)?),
                json!(r.get::<_, i64>(4)?),
                json!(r.get::<_, Money>(5)?),
                json!(r.get::<_, Option<String>>(6)?),
                json!(r.get::<_, i64>(7)?),
            ])
        })?
        .collect()
    })
    .ctx("reading an order's lines")
}

/// Receipt lines, by receipt (see `purchase::receipts`).
pub fn receipts(
    conn: &Connection,
    status: Option<&str>,
    po: Option<&str>,
    each: &mut dyn FnMut(ReceiptRow) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT r.code, o.code, s.code, r.received_at, lo.warehouse, lo.bin, r.status, p.part_no, rl.lot,
                    rl.expiry, rl.qty, rl.accepted, rl.rejected, st.code
               FROM receipts r JOIN purchase_orders o ON o.id = r.po_id JOIN suppliers s ON s.id = o.supplier_id
               JOIN locations lo ON lo.id = r.location_id JOIN receipt_lines rl ON rl.receipt_id = r.id
               JOIN po_lines pl ON pl.id = rl.po_line_id JOIN parts p ON p.id = pl.part_id
               LEFT JOIN staff st ON st.id = r.inspected_by
              WHERE (?1 IS NULL OR r.status = ?1) AND (?2 IS NULL OR o.code = ?2)
              ORDER BY r.code, rl.id",
        params![status, po],
        "listing receipts",
        |r| {
            Ok(ReceiptRow {
                receipt: r.get(0)?,
                po: r.get(1)?,
                supplier: r.get(2)?,
                received: crate::clock::show_local(&r.get::<_, String>(3)?),
                location: location::code(&r.get::<_, String>(4)?, &r.get::<_, String>(5)?),
                status: r.get(6)?,
                part_no: r.get(7)?,
                lot: r.get(8)?,
                expiry: r.get(9)?,
                qty: r.get(10)?,
                accepted: r.get(11)?,
                rejected: r.get(12)?,
                inspected_by: r.get(13)?,
            })
        },
        each,
    )
}

/// What open repairs still need, as SQL common table expressions for the purchase plan
/// and `svc parts plan --needs` (one definition): `open_repairs` (id, code, status: a
/// repair neither signed nor declined, `repair::open_sql`), `planned` (part_id, repair
/// code, q: its latest plan's parts not yet used) and `requested` (part_id, repair code,
/// q: what its pending and approved requisitions still ask for; a requisition of no
/// repair too). A signed or declined repair's plan and requisitions are history.
pub fn open_repair_needs() -> String {
    format!(
        "open_repairs AS (SELECT id, code, status FROM repairs WHERE {open}),
         planned AS (
             SELECT pp.part_id, r.code AS repair,
                    max(pp.qty - coalesce((SELECT sum(u.qty) FROM part_uses u
                                            WHERE u.repair_id = r.id AND u.part_id = pp.part_id), 0), 0) AS q
               FROM open_repairs r JOIN plans pl ON pl.repair_id = r.id
                    AND pl.version = (SELECT max(version) FROM plans WHERE repair_id = r.id)
               JOIN plan_parts pp ON pp.plan_id = pl.id),
         requested AS (
             SELECT rl.part_id, rq.repair AS repair, sum(rl.qty - rl.issued) AS q FROM requisition_lines rl
               JOIN requisitions rq ON rq.id = rl.req_id AND rq.status IN ('pending', 'approved')
              WHERE rq.repair IS NULL OR rq.repair IN (SELECT code FROM open_repairs)
              GROUP BY rl.part_id, rq.repair)",
        open = crate::repair::open_sql("status")
    )
}

/// Every active part's figures for the purchase plan, by supplier (the one it was last
/// bought from) then part number: usable stock on `today`, on order, what open repairs
/// still need, its minimum and reorder quantity, and the last order's price (else its
/// standard cost). `suggest` and `value` are left 0 and none: the plan decides them.
pub fn plan_lines(conn: &Connection, today: NaiveDate, each: &mut dyn FnMut(PlanRow) -> Result<()>) -> Result<()> {
    let mut stmt = conn
        .prepare(&format!(
            "WITH last_line AS (
                 SELECT l.part_id, max(l.id) AS id FROM po_lines l
                   JOIN purchase_orders o ON o.id = l.po_id AND o.status <> 'cancelled' GROUP BY l.part_id),
             -- What open repairs still need (`OPEN_REPAIR_NEEDS`), per repair and part
             -- the larger of plan and requisitions (a requisition usually covers its
             -- repair's plan: not twice).
             {needs},
             demand AS (
                 SELECT part_id, sum(q) AS q FROM (
                     SELECT part_id, repair, max(q) AS q FROM (
                         SELECT part_id, repair, q FROM planned
                         UNION ALL SELECT part_id, repair, q FROM requested)
                      GROUP BY part_id, repair)
                  GROUP BY part_id)
             SELECT s.code, p.part_no, p.name, p.spec, p.model,
                    (SELECT coalesce(sum(qty), 0) FROM stock
                      WHERE part_id = p.id AND (expiry IS NULL OR expiry >= ?1)),
                    (SELECT coalesce(sum(l.qty - l.received), 0) FROM po_lines l
                       JOIN purchase_orders o ON o.id = l.po_id AND o.status = 'open' WHERE l.part_id = p.id),
                    coalesce((SELECT q FROM demand WHERE demand.part_id = p.id), 0),
                    p.min_qty, p.reorder_qty, coalesce(pl.price, p.unit_cost)
               FROM parts p LEFT JOIN last_line ll ON ll.part_id = p.id LEFT JOIN po_lines pl ON pl.id = ll.id
               LEFT JOIN purchase_orders o ON o.id = pl.po_id LEFT JOIN suppliers s ON s.id = o.supplier_id
              WHERE p.active
              ORDER BY s.code IS NULL, s.code, p.part_no",
            needs = open_repair_needs()
        ))
        .ctx("making the purchase plan")?;
    let mut rows = stmt.query([today.to_string()]).ctx("making the purchase plan")?;
    while let Some(r) = rows.next().ctx("making the purchase plan")? {
        let row = (|| -> rusqlite::Result<PlanRow> {
            Ok(PlanRow {
                supplier: r.get(0)?,
                part_no: r.get(1)?,
                name: r.get(2)?,
                spec: r.get(3)?,
                model: r.get(4)?,
                usable: r.get(5)?,
                on_order: r.get(6)?,
                demand: r.get(7)?,
                min_qty: r.get(8)?,
                reorder_qty: r.get(9)?,
                suggest: 0,
                price: r.get(10)?,
                value: None,
            })
        })()
        .ctx("reading the purchase plan")?;
        each(row)?;
    }
    Ok(())
}
