//! Procurement (R4.1): purchase orders stating what the contract states (spec, model,
//! quality standard, price, delivery date), deliveries received into quarantine, and
//! incoming inspection deciding what enters stock (R4.1.3). The purchase plan (R4.1.1)
//! weighs stock, orders on the way and open requisitions against each part's minimum.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::stock::{self, Move};
use super::store::purchase as store;
use super::{document_code, document_id, location, LineArg, Part, Supplier};
use crate::db::{history, Tx};
use crate::error::{Error, Result};
use crate::exchange::normalize;
use crate::money::Money;
use crate::records;
use crate::staff::Staff;
use crate::states::{self, Outcome, Workflow};
use crate::words::m;

pub const PO_FORM: &str = "PARTNO:QTY:PRICE[:DELIVERY_DATE]";
pub const RECEIVE_FORM: &str = "PARTNO:QTY[:LOT[:EXPIRY]]";
pub const DECIDE_FORM: &str = "PARTNO:QTY[:LOT]";

/// A purchase order's statuses and moves.
pub const ORDER: Workflow = Workflow {
    name: "purchase order",
    table: "purchase_orders",
    command: "parts po",
    statuses: &["open", "received", "cancelled"],
    start: ("open", "parts po create"),
    moves: &[
        states::Move::stay(
            "receive",
            &["open"],
            "nothing more is received on an order received in full or cancelled: raise a new order",
        )
        .command("parts po receive PO --location L --line ..")
        .note("also refused beyond what a line ordered"),
        states::Move::choose(
            "settle",
            &["open"],
            &[(Outcome::Complete, "received"), (Outcome::Partial, "open")],
            "only an order still awaiting goods has receipts to inspect",
        )
        .command("parts inspect RC (of a receipt on the order)"),
        states::Move::stay("settle", &["cancelled"], "")
            .command("parts inspect RC (of a receipt on a cancelled order)"),
        states::Move::go(
            "cancel",
            &["open"],
            "cancelled",
            "only an open order can be cancelled; what was received stays recorded",
        )
        .command("parts po cancel PO --reason .."),
    ],
};

/// A receipt's statuses and moves: goods wait in quarantine for incoming inspection.
pub const RECEIPT: Workflow = Workflow {
    name: "receipt",
    table: "receipts",
    command: "parts",
    statuses: &["quarantine", "inspected"],
    start: ("quarantine", "parts po receive"),
    moves: &[states::Move::go("inspect", &["quarantine"], "inspected", "")
        .again("its decision is final (goods found faulty later leave stock with 'svc parts scrap', with the reason)")
        .command("parts inspect RC --by STAFF --accept-rest")],
};

pub struct NewOrder {
    pub supplier: String,
    pub lines: Vec<LineArg>,
    pub standard: Option<String>,
    pub note: Option<String>,
}

fn po_id(conn: &Connection, code: &str) -> Result<i64> {
    document_id(conn, "purchase_orders", "purchase order", "svc parts po list", code)
}

/// A part that may be bought and issued: it exists and is active.
fn active_part(conn: &Connection, part_no: &str) -> Result<(i64, Part)> {
    let (id, part) = records::get::<Part>(conn, part_no)?;
    if !part.active {
        return Err(Error::refused(m::parts_part_inactive(part_no)));
    }
    Ok((id, part))
}

/// Create a purchase order; returns its code. The supplier's qualification must be
/// valid on the day (R4.1.2: suppliers of good standing).
pub fn create_order(tx: &Tx, today: NaiveDate, o: &NewOrder) -> Result<String> {
    let (supplier_id, supplier) = records::get::<Supplier>(tx.conn(), &o.supplier)?;
    if let Some(expires) = &supplier.licence_expires {
        if expires.as_str() < today.to_string().as_str() {
            return Err(Error::refused(m::parts_supplier_licence_expired(&o.supplier, expires)));
        }
    }
    if o.lines.is_empty() {
        return Err(Error::invalid(m::parts_po_needs_line(PO_FORM)));
    }
    let code = document_code(tx, "purchase_orders", "PO")?;
    let po = store::insert_order(tx, &code, supplier_id, o.standard.as_deref(), o.note.as_deref())?;
    let mut lines = Vec::new();
    for l in &o.lines {
        let (part_id, _) = active_part(tx.conn(), &l.part_no)?;
        let price = l
            .extra(0)
            .ok_or_else(|| Error::invalid(m::parts_po_line_no_price(&l.part_no, PO_FORM)))
            .and_then(|p| Money::parse(p).map_err(|e| Error::invalid(m::parts_po_line_bad_price(&l.part_no, e))))?;
        let delivery = match l.extra(1) {
            Some(d) => Some(
                normalize::date(d)
                    .map_err(|e| Error::invalid(m::parts_po_line_bad_delivery(&l.part_no, e.to_string())))?
                    .to_string(),
            ),
            None => None,
        };
        store::insert_order_line(tx, po, part_id, l.qty, price, delivery.as_deref()).map_err(|e| {
            if crate::error::is_unique_violation(&e) {
                Error::invalid(m::parts_part_on_two_lines(&l.part_no))
            } else {
                e
            }
        })?;
        lines.push(json!({"part_no": l.part_no, "qty": l.qty, "price": price, "delivery": delivery}));
    }
    let after = json!({"supplier": o.supplier, "standard": o.standard, "note": o.note, "lines": lines});
    history::record(tx, "purchase_order", &code, "create", None, Some(&after))?;
    Ok(code)
}

/// Cancel an order: nothing more is expected from it. What was received stays recorded.
pub fn cancel_order(tx: &Tx, code: &str, reason: &str) -> Result<()> {
    let id = po_id(tx.conn(), code)?;
    let status = order_status(tx.conn(), id)?;
    let next = ORDER.step(code, &status, "cancel")?;
    store::set_order_status(tx, id, next, "cancelling an order")?;
    history::record(
        tx,
        "purchase_order",
        code,
        "cancel",
        Some(&json!({"status": status})),
        Some(&json!({"status": next, "reason": reason})),
    )?;
    Ok(())
}

fn order_status(conn: &Connection, id: i64) -> Result<String> {
    store::order_status(conn, id)
}

/// An order is received when every line has arrived and passed inspection.
fn settle_order(tx: &Tx, po: i64) -> Result<()> {
    let (code, status, complete) = store::order_settlement(tx.conn(), po)?;
    let next = ORDER.step_by(&code, &status, "settle", if complete { Outcome::Complete } else { Outcome::Partial })?;
    store::set_order_status(tx, po, next, "settling an order")
}

pub struct Delivery {
    pub po: String,
    pub location: String,
    pub lines: Vec<LineArg>,
    pub note: Option<String>,
}

/// Receive a delivery into quarantine; returns the receipt's code. Nothing enters stock
/// until incoming inspection accepts it. A delivery beyond what was ordered is refused.
pub fn receive(tx: &Tx, today: NaiveDate, d: &Delivery) -> Result<String> {
    let po = po_id(tx.conn(), &d.po)?;
    ORDER.step(&d.po, &order_status(tx.conn(), po)?, "receive")?;
    let location_id = location::id(tx.conn(), &d.location)?;
    if d.lines.is_empty() {
        return Err(Error::invalid(m::parts_receipt_needs_line(RECEIVE_FORM)));
    }
    let code = document_code(tx, "receipts", "RC")?;
    let receipt = store::insert_receipt(tx, &code, po, location_id, d.note.as_deref())?;
    let mut lines = Vec::new();
    for l in &d.lines {
        let part_id = stock::part_id(tx.conn(), &l.part_no)?;
        let found = store::order_line(tx.conn(), po, part_id)?;
        let Some((line_id, ordered, received)) = found else {
            return Err(Error::refused(m::parts_po_part_not_on(&l.part_no, &d.po)));
        };
        if received + l.qty > ordered {
            return Err(Error::refused(m::parts_receipt_beyond(&l.part_no, &d.po, ordered, received, l.qty)));
        }
        let own = match l.extra(1) {
            Some(e) => Some(
                normalize::date(e)
                    .map_err(|e| Error::invalid(m::parts_receipt_line_bad_expiry(&l.part_no, e.to_string())))?
                    .to_string(),
            ),
            None => None,
        };
        // A lot without an expiry date of its own expires by the part's shelf life.
        let expiry = stock::lot_expiry(tx.conn(), part_id, own.as_deref(), today)?;
        let lot = l.extra(0).unwrap_or("");
        store::insert_receipt_line(tx, receipt, line_id, lot, expiry.as_deref(), l.qty)?;
        lines.push(json!({"part_no": l.part_no, "qty": l.qty, "lot": lot, "expiry": expiry}));
    }
    let after = json!({"po": d.po, "location": d.location, "lines": lines, "status": "quarantine"});
    history::record(tx, "receipt", &code, "receive", None, Some(&after))?;
    Ok(code)
}

pub struct Inspection {
    pub receipt: String,
    pub accept: Vec<LineArg>,
    pub reject: Vec<LineArg>,
    /// Accept whatever is not named by --reject.
    pub accept_rest: bool,
    pub by: String,
    pub note: Option<String>,
}

/// A receipt line as inspection decides it.
#[derive(Debug, Clone)]
pub struct ReceiptLine {
    pub id: i64,
    pub part_no: String,
    pub part_id: i64,
    pub po_line_id: i64,
    pub lot: String,
    pub expiry: Option<String>,
    pub qty: i64,
    pub price: Money,
    pub accepted: i64,
    pub rejected: i64,
}

/// Incoming inspection (R4.1.3): every line of the receipt is decided, accepted or
/// rejected; only accepted quantities enter stock, at the order's price. Rejected goods
/// go back to the supplier and count as not delivered.
pub fn inspect(tx: &Tx, i: &Inspection) -> Result<()> {
    let receipt = document_id(tx.conn(), "receipts", "receipt", "svc parts receipts", &i.receipt)?;
    let (status, po, location_id) = store::receipt(tx.conn(), receipt)?;
    let next = RECEIPT.step(&i.receipt, &status, "inspect")?;
    let (inspector_id, inspector) = records::get::<Staff>(tx.conn(), &i.by)?;
    if !inspector.active {
        return Err(Error::refused(m::parts_staff_cannot_inspect(&i.by)));
    }
    let mut lines = store::receipt_lines(tx.conn(), receipt)?;
    decide(&i.receipt, &mut lines, &i.accept, &i.reject, i.accept_rest)?;
    let mut decided = Vec::new();
    for line in &lines {
        store::decide_line(tx, line)?;
        if line.accepted > 0 {
            stock::post(
                tx,
                &Move {
                    kind: "receipt",
                    part_id: line.part_id,
                    location_id,
                    lot: &line.lot,
                    expiry: line.expiry.as_deref(),
                    qty: line.accepted,
                    cost: Some(line.price),
                    reference: Some(&i.receipt),
                    note: i.note.as_deref(),
                    ..Default::default()
                },
            )?;
        }
        decided.push(json!({"part_no": line.part_no, "lot": line.lot, "qty": line.qty,
                            "accepted": line.accepted, "rejected": line.rejected}));
    }
    store::close_inspection(tx, receipt, next, inspector_id, i.note.as_deref())?;
    settle_order(tx, po)?;
    let after = json!({"by": i.by, "note": i.note, "lines": decided});
    history::record(tx, "receipt", &i.receipt, "inspect", Some(&json!({"status": status})), Some(&after))?;
    Ok(())
}

/// The inspection's verdict on each line of a receipt (R4.1.3), from `--accept` and
/// `--reject` (`PARTNO:QTY[:LOT]`; a lot is needed where the part came in several) and
/// `--accept-rest`: every unit that arrived is accepted or rejected, none twice. Pure:
/// the lines are read before and written after.
fn decide(
    receipt: &str,
    lines: &mut [ReceiptLine],
    accept: &[LineArg],
    reject: &[LineArg],
    accept_rest: bool,
) -> Result<()> {
    for (decisions, accepted) in [(accept, true), (reject, false)] {
        for d in decisions {
            let lot = d.extra(0);
            let matching: Vec<usize> = (0..lines.len())
                .filter(|&n| lines[n].part_no == d.part_no && lot.is_none_or(|l| lines[n].lot == l))
                .collect();
            let n = match matching.as_slice() {
                [n] => *n,
                [] => {
                    return Err(Error::invalid(match lot {
                        None => m::parts_inspect_not_on_receipt(&d.part_no, receipt),
                        Some(lot) => m::parts_inspect_not_on_receipt_lot(&d.part_no, lot, receipt),
                    }))
                }
                _ => return Err(Error::invalid(m::parts_inspect_several_lots(&d.part_no, receipt, DECIDE_FORM))),
            };
            let line = &mut lines[n];
            if accepted {
                line.accepted += d.qty;
            } else {
                line.rejected += d.qty;
            }
        }
    }
    let mut undecided = Vec::new();
    for line in lines.iter_mut() {
        if accept_rest && line.accepted + line.rejected < line.qty {
            line.accepted = line.qty - line.rejected;
        }
        let lot = if line.lot.is_empty() { String::new() } else { format!(" lot {}", line.lot) };
        if line.accepted + line.rejected > line.qty {
            let (part, accepted, rejected, arrived) = (&line.part_no, line.accepted, line.rejected, line.qty);
            return Err(Error::invalid(if line.lot.is_empty() {
                m::parts_inspect_too_many(part, accepted, rejected, arrived)
            } else {
                m::parts_inspect_too_many_lot(part, &line.lot, accepted, rejected, arrived)
            }));
        }
        if line.accepted + line.rejected < line.qty {
            undecided.push(format!(
                "{}{lot} ({} of {})",
                line.part_no,
                line.qty - line.accepted - line.rejected,
                line.qty
            ));
        }
    }
    if !undecided.is_empty() {
        return Err(Error::invalid(m::parts_inspect_undecided(receipt, undecided.join(", "))));
    }
    Ok(())
}

/// One purchase order in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct OrderRow {
    pub po: String,
    pub supplier: String,
    pub status: String,
    pub created: String,
    pub lines: i64,
    pub ordered: i64,
    pub received: i64,
    pub value: Money,
    pub next_delivery: Option<String>,
}

pub const ORDER_COLUMNS: &[&str] =
    &["po", "supplier", "status", "created", "lines", "ordered", "received", "value", "next_delivery"];

#[derive(Debug, Default)]
pub struct OrderFilter {
    pub status: Option<String>,
    pub supplier: Option<String>,
    /// Only open orders with a line not yet in whose delivery falls on or before this
    /// day (the last day of a due window: `crate::due::Window`).
    pub due_by: Option<String>,
    pub limit: Option<u64>,
}

pub fn orders(conn: &Connection, f: &OrderFilter, each: &mut dyn FnMut(OrderRow) -> Result<()>) -> Result<()> {
    store::orders(conn, f, each)
}

const DUE_SQL: &str = "SELECT o.code, min(l.delivery), s.code, s.name, count(*)
   FROM po_lines l JOIN purchase_orders o ON o.id = l.po_id JOIN suppliers s ON s.id = o.supplier_id
  WHERE l.received < l.qty AND l.delivery <= ?1 AND o.status = 'open'
  GROUP BY o.id";

/// Open purchase orders with goods not yet in whose delivery date falls in the window
/// (R4.1.2): due on the earliest such line's date, found through `po_lines_delivery`.
pub const DUE: crate::due::Source = crate::due::Source {
    kind: "po",
    clause: "R4.1.2",
    about: "deliveries of open purchase orders, due on the contract's delivery date",
    sql: DUE_SQL,
    indexes: &["po_lines_delivery"],
    find: |conn, w, each| {
        let says = |r: &rusqlite::Row| Ok(crate::due_words::po(r.get::<_, String>(3)?, r.get::<_, i64>(4)?));
        crate::due::rows(conn, DUE_SQL, w.last_day_text(), says, each)
    },
};

type Fields = Vec<(&'static str, serde_json::Value)>;
type Row = Vec<serde_json::Value>;

/// An order's header fields and its lines, for `po show`.
pub fn order_detail(conn: &Connection, code: &str) -> Result<(Fields, Vec<Row>)> {
    let id = po_id(conn, code)?;
    Ok((store::order_head(conn, id)?, store::order_lines(conn, id)?))
}

pub const ORDER_LINE_COLUMNS: &[&str] = &["part_no", "name", "spec", "model", "qty", "price", "delivery", "received"];

/// One receipt line in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiptRow {
    pub receipt: String,
    pub po: String,
    pub supplier: String,
    pub received: String,
    pub location: String,
    pub status: String,
    pub part_no: String,
    pub lot: String,
    pub expiry: Option<String>,
    pub qty: i64,
    pub accepted: Option<i64>,
    pub rejected: Option<i64>,
    pub inspected_by: Option<String>,
}

pub const RECEIPT_COLUMNS: &[&str] = &[
    "receipt",
    "po",
    "supplier",
    "received",
    "location",
    "status",
    "part_no",
    "lot",
    "expiry",
    "qty",
    "accepted",
    "rejected",
    "inspected_by",
];

/// Receipt lines, by receipt; `status` `quarantine` lists what waits for inspection.
pub fn receipts(
    conn: &Connection,
    status: Option<&str>,
    po: Option<&str>,
    each: &mut dyn FnMut(ReceiptRow) -> Result<()>,
) -> Result<()> {
    store::receipts(conn, status, po, each)
}

/// One line of the purchase plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    pub supplier: Option<String>,
    pub part_no: String,
    pub name: String,
    pub spec: Option<String>,
    pub model: Option<String>,
    pub usable: i64,
    pub on_order: i64,
    pub demand: i64,
    pub min_qty: i64,
    pub reorder_qty: i64,
    pub suggest: i64,
    pub price: Option<Money>,
    pub value: Option<Money>,
}

pub const PLAN_COLUMNS: &[&str] = &[
    "supplier",
    "part_no",
    "name",
    "spec",
    "model",
    "usable",
    "on_order",
    "demand",
    "min_qty",
    "reorder_qty",
    "suggest",
    "price",
    "value",
];

/// How much to order so that, after open requisitions are served and open orders
/// arrive, at least `min_qty` stays on hand; in whole multiples of `reorder_qty`.
pub fn suggest(on_hand: i64, on_order: i64, demand: i64, min_qty: i64, reorder_qty: i64) -> i64 {
    let short = min_qty + demand - on_hand - on_order;
    if short <= 0 {
        return 0;
    }
    if reorder_qty > 0 {
        (short + reorder_qty - 1) / reorder_qty * reorder_qty
    } else {
        short
    }
}

/// The purchase plan (R4.1.1): demand is what open repairs' plans still need and what
/// open requisitions still ask for (a requisition of a signed or declined repair is
/// history, not demand: `repair::open_sql`, `store::purchase::open_repair_needs`). Every
/// active part that would fall below its minimum, with the supplier it was last bought
/// from and that order's price, by supplier.
/// Expired lots are not usable stock: they count for nothing here.
pub fn plan(conn: &Connection, today: NaiveDate, each: &mut dyn FnMut(PlanRow) -> Result<()>) -> Result<()> {
    plan_with(conn, today, &Default::default(), each)
}

/// The purchase plan with more demand per part number: the maintenance due soon and what
/// the emergency reserve stores lack (`svc parts plan --within SPAN`, from
/// `parts::plan::purchase_demand`).
pub fn plan_with(
    conn: &Connection,
    today: NaiveDate,
    more: &std::collections::BTreeMap<String, i64>,
    each: &mut dyn FnMut(PlanRow) -> Result<()>,
) -> Result<()> {
    store::plan_lines(conn, today, &mut |mut row| {
        row.demand += more.get(&row.part_no).copied().unwrap_or(0);
        row.suggest = suggest(row.usable, row.on_order, row.demand, row.min_qty, row.reorder_qty);
        row.value = row.price.map(|p| p.times(row.suggest)).transpose()?;
        if row.suggest > 0 {
            each(row)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::{decide, suggest, LineArg, ReceiptLine};
    use crate::money::Money;

    fn arrived(part_no: &str, lot: &str, qty: i64) -> ReceiptLine {
        let (id, part_id, po_line_id, price) = (0, 0, 0, Money::default());
        ReceiptLine {
            id,
            part_no: part_no.into(),
            part_id,
            po_line_id,
            lot: lot.into(),
            expiry: None,
            qty,
            price,
            accepted: 0,
            rejected: 0,
        }
    }

    fn arg(spec: &str) -> LineArg {
        LineArg::parse(spec, "PARTNO:QTY[:LOT]", 1).unwrap()
    }

    /// (accepted, rejected) per line, or the refusal.
    fn verdict(lines: &[ReceiptLine], accept: &[&str], reject: &[&str], rest: bool) -> Result<Vec<(i64, i64)>, String> {
        let mut lines = lines.to_vec();
        let (accept, reject): (Vec<LineArg>, Vec<LineArg>) =
            (accept.iter().map(|a| arg(a)).collect(), reject.iter().map(|r| arg(r)).collect());
        decide("RC-1", &mut lines, &accept, &reject, rest).map_err(|e| e.to_string())?;
        Ok(lines.iter().map(|l| (l.accepted, l.rejected)).collect())
    }

    #[test]
    fn r4_1_3_every_unit_that_arrived_is_accepted_or_rejected_once() {
        let lines = [arrived("P-1", "", 10), arrived("P-2", "L1", 4), arrived("P-2", "L2", 6)];
        assert_eq!(
            verdict(&lines, &["P-1:8", "P-2:4:L1", "P-2:6:L2"], &["P-1:2"], false),
            Ok(vec![(8, 2), (4, 0), (6, 0)])
        );
        assert_eq!(verdict(&lines, &[], &["P-2:1:L2"], true), Ok(vec![(10, 0), (4, 0), (5, 1)]));
        let refused = |accept: &[&str], reject: &[&str], rest| verdict(&lines, accept, reject, rest).unwrap_err();
        assert!(refused(&["P-1:10"], &[], false).contains("undecided: P-2 lot L1 (4 of 4), P-2 lot L2 (6 of 6)"));
        assert!(
            refused(&["P-1:8"], &["P-1:3"], true).contains("part P-1: 8 accepted and 3 rejected, but only 10 arrived")
        );
        assert!(refused(&["P-2:4"], &[], true).contains("arrived in several lots on receipt RC-1"));
        assert!(refused(&["P-3:1"], &[], true).contains("P-3 is not on receipt RC-1"));
        assert!(refused(&["P-2:1:L9"], &[], true).contains("P-2 lot L9 is not on receipt RC-1"));
    }

    #[test]
    fn suggestions_cover_the_minimum_in_reorder_multiples() {
        assert_eq!(suggest(10, 0, 0, 5, 0), 0);
        assert_eq!(suggest(2, 0, 0, 5, 0), 3);
        assert_eq!(suggest(2, 0, 0, 5, 10), 10);
        assert_eq!(suggest(2, 0, 4, 5, 5), 10);
        assert_eq!(suggest(2, 3, 0, 5, 10), 0);
    }
}
