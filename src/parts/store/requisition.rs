//! A requisition's SQL: its creation, decision and status; the lines issue and return
//! work on, the lots an issue may take from and where issued parts came from.

use rusqlite::{params, Connection};

use super::super::location;
use super::super::requisition::{IssuedFrom, Lot, ReqFilter, ReqLine, ReqRow, TraceRow};
use crate::db::Tx;
use crate::error::{Result, SqlContext};

/// Write a new requisition for `r`'s repair and `equipment`, requested by `by`; its id.
pub fn insert(
    tx: &Tx,
    code: &str,
    r: &super::super::requisition::NewRequisition,
    equipment: i64,
    by: i64,
) -> Result<i64> {
    tx.query_row(
        "INSERT INTO requisitions(code, repair, equipment_id, requested_by, requested_at, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        params![code, r.repair, equipment, by, tx.now, r.note],
        |r| r.get(0),
    )
    .ctx("creating a requisition")
}

pub fn insert_line(tx: &Tx, req_id: i64, part_id: i64, qty: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO requisition_lines(req_id, part_id, qty) VALUES (?1, ?2, ?3)",
        params![req_id, part_id, qty],
    )
    .ctx("adding a requisition line")?;
    Ok(())
}

/// A requisition's status, who requested it (id) and their code.
pub fn requester(conn: &Connection, id: i64) -> Result<(String, i64, String)> {
    conn.query_row(
        "SELECT r.status, r.requested_by, s.code FROM requisitions r JOIN staff s ON s.id = r.requested_by
          WHERE r.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .ctx("reading a requisition")
}

/// Record the decision on a requisition: its new status, by whom, now.
pub fn decide(tx: &Tx, id: i64, status: &str, decider: i64) -> Result<()> {
    tx.execute(
        "UPDATE requisitions SET status = ?2, decided_by = ?3, decided_at = ?4 WHERE id = ?1",
        params![id, status, decider, tx.now],
    )
    .ctx("deciding a requisition")?;
    Ok(())
}

pub fn status(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT status FROM requisitions WHERE id = ?1", [id], |r| r.get(0)).ctx("reading a requisition")
}

pub fn set_status(tx: &Tx, id: i64, status: &str, what: &str) -> Result<()> {
    tx.execute("UPDATE requisitions SET status = ?2 WHERE id = ?1", params![id, status]).ctx(what)?;
    Ok(())
}

/// A requisition's status and the repair it is for.
pub fn status_and_repair(conn: &Connection, id: i64) -> Result<(String, Option<String>)> {
    conn.query_row("SELECT status, repair FROM requisitions WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .ctx("reading a requisition")
}

/// A requisition's lines in the order they were asked for.
pub fn lines(conn: &Connection, id: i64) -> Result<Vec<ReqLine>> {
    conn.prepare_cached(
        "SELECT rl.id, rl.part_id, p.part_no, rl.qty, rl.issued, rl.returned FROM requisition_lines rl
           JOIN parts p ON p.id = rl.part_id WHERE rl.req_id = ?1 ORDER BY rl.id",
    )
    .and_then(|mut s| {
        s.query_map([id], |r| {
            Ok(ReqLine {
                id: r.get(0)?,
                part_id: r.get(1)?,
                part_no: r.get(2)?,
                qty: r.get(3)?,
                issued: r.get(4)?,
                returned: r.get(5)?,
            })
        })?
        .collect()
    })
    .ctx("reading a requisition's lines")
}

/// The lots of a part on hand that an issue may take from, at a warehouse or bin and
/// of a lot when given.
pub fn lots_on_hand(
    conn: &Connection,
    part_id: i64,
    warehouse: Option<&str>,
    bin: Option<&str>,
    lot: Option<&str>,
) -> Result<Vec<Lot>> {
    conn.prepare_cached(
        "SELECT s.location_id, l.warehouse || CASE WHEN l.bin = '' THEN '' ELSE '/' || l.bin END, s.lot,
                s.expiry, s.qty
           FROM stock s JOIN locations l ON l.id = s.location_id
          WHERE s.part_id = ?1 AND s.qty > 0 AND (?2 IS NULL OR l.warehouse = ?2) AND (?3 IS NULL OR l.bin = ?3)
            AND (?4 IS NULL OR s.lot = ?4)",
    )
    .and_then(|mut s| {
        s.query_map(params![part_id, warehouse, bin, lot], |r| {
            Ok(Lot {
                location_id: r.get(0)?,
                location: r.get(1)?,
                lot: r.get(2)?,
                expiry: r.get(3)?,
                on_hand: r.get(4)?,
            })
        })?
        .collect()
    })
    .ctx("finding stock to issue")
}

/// Count `qty` more as issued on a requisition line.
pub fn add_issued(tx: &Tx, line: i64, qty: i64) -> Result<()> {
    tx.execute("UPDATE requisition_lines SET issued = issued + ?2 WHERE id = ?1", params![line, qty])
        .ctx("recording an issue")?;
    Ok(())
}

/// Where requisition `code`'s issues of a part (of one lot when given) went out from,
/// net of what came back already, the latest first: only what is still out.
pub fn issued_from(conn: &Connection, code: &str, part_id: i64, lot: Option<&str>) -> Result<Vec<IssuedFrom>> {
    conn.prepare_cached(
        "SELECT m.location_id, l.warehouse || CASE WHEN l.bin = '' THEN '' ELSE '/' || l.bin END, m.lot,
                max(m.expiry), -sum(m.qty), max(CASE WHEN m.kind = 'issue' THEN m.unit_cost END)
           FROM movements m JOIN locations l ON l.id = m.location_id
          WHERE m.ref = ?1 AND m.part_id = ?2 AND m.kind IN ('issue', 'return') AND (?3 IS NULL OR m.lot = ?3)
          GROUP BY m.location_id, m.lot HAVING -sum(m.qty) > 0 ORDER BY max(m.id) DESC",
    )
    .and_then(|mut s| {
        s.query_map(params![code, part_id, lot], |r| {
            Ok(IssuedFrom {
                location_id: r.get(0)?,
                location: r.get(1)?,
                lot: r.get(2)?,
                expiry: r.get(3)?,
                out: r.get(4)?,
                unit_cost: r.get(5)?,
            })
        })?
        .collect()
    })
    .ctx("finding what was issued")
}

/// Count `qty` more as returned on a requisition line.
pub fn add_returned(tx: &Tx, line: i64, qty: i64) -> Result<()> {
    tx.execute("UPDATE requisition_lines SET returned = returned + ?2 WHERE id = ?1", params![line, qty])
        .ctx("recording a return")?;
    Ok(())
}

/// Requisitions by code with their lines totalled (see `requisition::list`).
pub fn list(conn: &Connection, f: &ReqFilter, each: &mut dyn FnMut(ReqRow) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        &format!(
            "SELECT r.code, r.repair, e.serial_no, rs.code, r.requested_at, r.status, ds.code,
                    sum(rl.qty), sum(rl.issued), sum(rl.returned), rp.status
               FROM requisitions r JOIN staff rs ON rs.id = r.requested_by LEFT JOIN staff ds ON ds.id = r.decided_by
               LEFT JOIN equipment e ON e.id = r.equipment_id JOIN requisition_lines rl ON rl.req_id = r.id
               LEFT JOIN repairs rp ON rp.code = r.repair
              WHERE (?1 IS NULL OR r.status = ?1) AND (?2 IS NULL OR r.repair = ?2) AND (?3 IS NULL OR r.code = ?3)
              GROUP BY r.id
             HAVING NOT ?4 OR (r.status = 'approved' AND sum(rl.issued) < sum(rl.qty)
                               AND (rp.status IS NULL OR {}))
              ORDER BY r.code LIMIT ?5",
            crate::repair::open_sql("rp.status")
        ),
        params![f.status, f.repair, f.code, f.outstanding, limit],
        "listing requisitions",
        |r| {
            let (qty, issued): (i64, i64) = (r.get(7)?, r.get(8)?);
            Ok(ReqRow {
                requisition: r.get(0)?,
                repair: r.get(1)?,
                equipment: r.get(2)?,
                requested_by: r.get(3)?,
                requested: crate::clock::show_local(&r.get::<_, String>(4)?),
                status: r.get(5)?,
                decided_by: r.get(6)?,
                requested_qty: qty,
                issued,
                returned: r.get(9)?,
                fulfilment: match issued {
                    0 => "none",
                    i if i < qty => "partial",
                    _ => "full",
                },
                repair_status: r.get(10)?,
            })
        },
        each,
    )
}

/// Every issue and return of a part (of one lot when given) against a requisition,
/// oldest first, with the repair, device and customer it went to.
pub fn trace(
    conn: &Connection,
    part_id: i64,
    part_no: &str,
    lot: Option<&str>,
    each: &mut dyn FnMut(TraceRow) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT m.at, m.kind, m.lot, -m.qty, l.warehouse, l.bin, r.code, r.repair, e.serial_no, md.model, c.code
               FROM movements m JOIN locations l ON l.id = m.location_id
               JOIN requisitions r ON r.code = m.ref
               LEFT JOIN equipment e ON e.id = r.equipment_id LEFT JOIN models md ON md.id = e.model_id
               LEFT JOIN customers c ON c.id = e.customer_id
              WHERE m.part_id = ?1 AND m.kind IN ('issue', 'return') AND (?2 IS NULL OR m.lot = ?2)
              ORDER BY m.id",
        params![part_id, lot],
        "tracing a part",
        |r| {
            Ok(TraceRow {
                at: crate::clock::show_local(&r.get::<_, String>(0)?),
                kind: r.get(1)?,
                part_no: part_no.to_string(),
                lot: r.get(2)?,
                qty: r.get(3)?,
                location: location::code(&r.get::<_, String>(4)?, &r.get::<_, String>(5)?),
                requisition: r.get(6)?,
                repair: r.get(7)?,
                equipment: r.get(8)?,
                model: r.get(9)?,
                customer: r.get(10)?,
            })
        },
        each,
    )
}
