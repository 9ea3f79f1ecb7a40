//! Requisitions and issues (R4.3). Repair staff ask for parts; someone else approves
//! (approval is its own state, apart from fulfilment); the warehouse issues against the
//! approved requisition, in one or more goes, first-expiry-first-out; unused parts come
//! back. Every issue is a ledger movement referring to the requisition, so `trace`
//! answers which repairs and devices a part or lot went into (R4.3.2).

use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::stock::{self, Move};
use super::store::requisition as store;
use super::{document_code, document_id, location, LineArg};
use crate::db::{history, Tx};
use crate::error::{Error, Result};
use crate::exchange::Stored;
use crate::money::Money;
use crate::records;
use crate::staff::Staff;
use crate::states::{self, Workflow};
use crate::words::m;

pub const REQ_FORM: &str = "PARTNO:QTY";
pub const ISSUE_FORM: &str = "PARTNO:QTY[:LOT]";

/// A requisition's statuses and moves: approval is its own state, apart from fulfilment
/// (how much was issued is in its lines, not its status).
pub const FLOW: Workflow = Workflow {
    name: "requisition",
    table: "requisitions",
    command: "parts req",
    statuses: &["pending", "approved", "rejected", "cancelled"],
    start: ("pending", "parts req create"),
    moves: &[
        states::Move::go("approve", &["pending"], "approved", "a requisition is decided once, while it is pending")
            .command("parts req approve RQ --by STAFF")
            .note("also refused to the staff member who asked for it (R4.3.1)"),
        states::Move::go("reject", &["pending"], "rejected", "a requisition is decided once, while it is pending")
            .command("parts req reject RQ --by STAFF"),
        states::Move::stay(
            "issue",
            &["approved"],
            "parts are issued only against an approved requisition: a pending one is approved first \
             ('svc parts req approve RQ --by STAFF'); for a rejected or cancelled one, raise a new requisition",
        )
        .command("parts req issue RQ")
        .note("also refused beyond what is outstanding, or on hand"),
        states::Move::stay("return", &["approved", "cancelled"], "nothing was issued on it")
            .command("parts req return RQ --line ..")
            .note("also refused beyond what was issued and not returned"),
        states::Move::go("cancel", &["pending", "approved"], "cancelled", "a rejected requisition is closed already")
            .command("parts req cancel RQ --reason .."),
    ],
};

fn req_id(conn: &Connection, code: &str) -> Result<i64> {
    document_id(conn, "requisitions", "requisition", "svc parts req list", code)
}

pub struct NewRequisition {
    pub repair: String,
    pub by: String,
    pub lines: Vec<LineArg>,
    pub note: Option<String>,
}

/// Fill in a requisition (R4.3.1); returns its code. It waits for approval.
pub fn create(tx: &Tx, r: &NewRequisition) -> Result<String> {
    let by = crate::staff::active(tx.conn(), &r.by, |s| m::parts_staff_cannot_request(s))?;
    // The device the parts go into is the repair's (R4.3.2 traceability).
    let (_, equipment) = crate::repair::for_requisition(tx.conn(), &r.repair)?;
    if r.lines.is_empty() {
        return Err(Error::invalid(m::parts_req_needs_line(REQ_FORM)));
    }
    let code = document_code(tx, "requisitions", "RQ")?;
    let id = store::insert(tx, &code, r, equipment, by)?;
    for l in &r.lines {
        let (part_id, part) = records::get::<super::Part>(tx.conn(), &l.part_no)?;
        if !part.active {
            return Err(Error::refused(m::parts_req_part_inactive(&l.part_no)));
        }
        store::insert_line(tx, id, part_id, l.qty).map_err(|e| {
            if crate::error::is_unique_violation(&e) {
                Error::invalid(m::parts_part_on_two_lines(&l.part_no))
            } else {
                e
            }
        })?;
    }
    let lines: Vec<_> = r.lines.iter().map(|l| json!({"part_no": l.part_no, "qty": l.qty})).collect();
    let after = json!({"repair": r.repair, "by": r.by, "note": r.note, "lines": lines});
    history::record(tx, "requisition", &code, "create", None, Some(&after))?;
    Ok(code)
}

/// Approve or reject a pending requisition (R4.3.1). Nobody approves their own.
pub fn decide(tx: &Tx, code: &str, by: &str, approve: bool, note: Option<&str>) -> Result<()> {
    let id = req_id(tx.conn(), code)?;
    let (status, requester, requester_code) = store::requester(tx.conn(), id)?;
    let action = if approve { "approve" } else { "reject" };
    let new = FLOW.step(code, &status, action)?;
    let decider = crate::staff::active(tx.conn(), by, |s| m::parts_staff_cannot_approve(s))?;
    if decider == requester {
        return Err(Error::refused(m::parts_req_self_decide(by, code)));
    }
    store::decide(tx, id, new, decider)?;
    history::record(
        tx,
        "requisition",
        code,
        action,
        Some(&json!({"status": status, "requested_by": requester_code})),
        Some(&json!({"status": new, "by": by, "note": note})),
    )?;
    Ok(())
}

/// Close a requisition: nothing more is issued on it, and what it still asked for no
/// longer counts as demand in the purchase plan. What was issued stays issued.
pub fn cancel(tx: &Tx, code: &str, reason: &str) -> Result<()> {
    let id = req_id(tx.conn(), code)?;
    let status = store::status(tx.conn(), id)?;
    let next = FLOW.step(code, &status, "cancel")?;
    store::set_status(tx, id, next, "cancelling a requisition")?;
    history::record(
        tx,
        "requisition",
        code,
        "cancel",
        Some(&json!({"status": status})),
        Some(&json!({"status": next, "reason": reason})),
    )
}

/// A requisition line as issue and return weigh it.
pub struct ReqLine {
    pub id: i64,
    pub part_id: i64,
    pub part_no: String,
    pub qty: i64,
    pub issued: i64,
    pub returned: i64,
}

fn lines_of(conn: &Connection, id: i64) -> Result<Vec<ReqLine>> {
    store::lines(conn, id)
}

/// Where issued parts of a requisition went out from, and how many are still out.
pub struct IssuedFrom {
    pub location_id: i64,
    pub location: String,
    pub lot: String,
    pub expiry: Option<String>,
    pub out: i64,
    /// The cost they went out at (a return comes back at it).
    pub unit_cost: i64,
}

/// A lot on hand that an issue may take from.
#[derive(Debug, Clone, Default)]
pub struct Lot {
    pub location_id: i64,
    pub location: String,
    pub lot: String,
    pub expiry: Option<String>,
    pub on_hand: i64,
}

/// Not enough usable stock: what is usable, and what more is there but expired.
#[derive(Debug, PartialEq)]
pub struct Short {
    pub usable: i64,
    pub expired: i64,
}

/// First expiry first out (R4.3.2): which lots to take `qty` from, as (index into
/// `lots`, how many), in the order taken. The earliest expiry goes first, lots without
/// an expiry last, then by lot name and location; a lot expired before `today`
/// (YYYY-MM-DD) is never taken.
pub fn fefo(lots: &[Lot], qty: i64, today: &str) -> std::result::Result<Vec<(usize, i64)>, Short> {
    let expired = |l: &Lot| l.expiry.as_deref().is_some_and(|e| e < today);
    let mut order: Vec<usize> = (0..lots.len()).filter(|&i| !expired(&lots[i])).collect();
    let key = |i: usize| {
        let l = &lots[i];
        (l.expiry.is_none(), l.expiry.as_deref(), l.lot.as_str(), l.location.as_str())
    };
    order.sort_by(|&a, &b| key(a).cmp(&key(b)));
    let usable = order.iter().fold(0i64, |sum, &i| sum.saturating_add(lots[i].on_hand));
    if usable < qty {
        let expired = lots.iter().filter(|l| expired(l)).fold(0i64, |sum, l| sum.saturating_add(l.on_hand));
        return Err(Short { usable, expired });
    }
    let mut left = qty;
    let mut picks = Vec::new();
    for i in order {
        if left == 0 {
            break;
        }
        let take = left.min(lots[i].on_hand);
        if take > 0 {
            picks.push((i, take));
            left -= take;
        }
    }
    Ok(picks)
}

/// One issue from stock: where, which lot, how many.
#[derive(Debug, Clone, Serialize)]
pub struct Issued {
    pub part_no: String,
    pub location: String,
    pub lot: String,
    pub expiry: Option<String>,
    pub qty: i64,
}

/// Issue parts against an approved requisition (R4.3.2). `lines` empty: everything
/// still outstanding. Lots are picked first-expiry-first-out; expired lots are never
/// picked. Issuing more than is outstanding, or than is on hand, is refused.
pub fn issue(tx: &Tx, today: &str, code: &str, lines: &[LineArg], from: Option<&str>) -> Result<Vec<Issued>> {
    let id = req_id(tx.conn(), code)?;
    let (status, repair) = store::status_and_repair(tx.conn(), id)?;
    FLOW.step(code, &status, "issue")?;
    if let Some(repair) = &repair {
        let (status, _) = crate::repair::status_of(tx.conn(), repair)?;
        if !crate::repair::is_open(&status) {
            return Err(Error::refused(m::parts_req_repair_closed(code, repair, status)));
        }
    }
    let (warehouse, bin) = match from {
        Some(l) => {
            let (w, b) = location::split(l);
            (Some(w.to_string()), (!b.is_empty()).then(|| b.to_string()))
        }
        None => (None, None),
    };
    let req_lines = lines_of(tx.conn(), id)?;
    let wanted: Vec<(&ReqLine, i64, Option<String>)> = if lines.is_empty() {
        req_lines.iter().filter(|l| l.qty > l.issued).map(|l| (l, l.qty - l.issued, None)).collect()
    } else {
        let mut out = Vec::new();
        for a in lines {
            let Some(l) = req_lines.iter().find(|l| l.part_no == a.part_no) else {
                return Err(Error::refused(m::parts_req_part_not_on(&a.part_no, code)));
            };
            out.push((l, a.qty, a.extra(0).map(String::from)));
        }
        out
    };
    if wanted.is_empty() {
        return Err(Error::refused(m::parts_req_issued_in_full(code)));
    }
    let mut issued = Vec::new();
    for (line, qty, lot) in wanted {
        let outstanding = line.qty - line.issued;
        if qty > outstanding {
            return Err(Error::refused(m::parts_req_issue_beyond(&line.part_no, code, line.qty, line.issued, qty)));
        }
        let candidates =
            store::lots_on_hand(tx.conn(), line.part_id, warehouse.as_deref(), bin.as_deref(), lot.as_deref())?;
        let picks = match fefo(&candidates, qty, today) {
            Ok(picks) => picks,
            Err(Short { usable: available, expired }) => {
                // `expired` is never negative; 0 leaves its clause out.
                let expired = expired.max(0);
                let part = &line.part_no;
                return Err(Error::refused(match (lot.as_deref(), from) {
                    (None, None) => m::parts_req_issue_short(part, available, expired, qty),
                    (Some(lot), None) => m::parts_req_issue_short_lot(part, lot, available, expired, qty),
                    (None, Some(at)) => m::parts_req_issue_short_at(part, at, available, expired, qty),
                    (Some(lot), Some(at)) => m::parts_req_issue_short_lot_at(part, lot, at, available, expired, qty),
                }));
            }
        };
        for (i, take) in picks {
            let Lot { location_id, location, lot, expiry, .. } = &candidates[i];
            stock::post(
                tx,
                &Move {
                    kind: "issue",
                    part_id: line.part_id,
                    location_id: *location_id,
                    lot,
                    expiry: expiry.as_deref(),
                    qty: -take,
                    reference: Some(code),
                    note: repair.as_deref(),
                    ..Default::default()
                },
            )?;
            // Issuing against a repair is using the parts on it: the consented plan's
            // limits apply (R3.3.2), so an issue beyond the plan is refused here too.
            if let Some(repair) = &repair {
                let lot = (!lot.is_empty()).then_some(lot.as_str());
                crate::repair::use_part(tx, repair, &line.part_no, take, lot, Some(code), None)?;
            }
            issued.push(Issued {
                part_no: line.part_no.clone(),
                location: location.clone(),
                lot: lot.clone(),
                expiry: expiry.clone(),
                qty: take,
            });
        }
        store::add_issued(tx, line.id, qty)?;
    }
    history::record(tx, "requisition", code, "issue", None, Some(&json!({"issued": issued})))?;
    Ok(issued)
}

/// Take back unused parts issued on a requisition: into the location and lot they
/// came from, at the cost they went out at. Each return is a `return` movement whose
/// reference is the requisition (and so its repair; the note names the repair too).
/// While the repair is open, its parts used go down by as much. Once the customer has
/// signed, the signed record (the repair, its parts used, its report) stays as signed:
/// the return is a stock movement only, and `svc repair verify` still passes.
pub fn return_parts(tx: &Tx, code: &str, lines: &[LineArg]) -> Result<Vec<Issued>> {
    let id = req_id(tx.conn(), code)?;
    let (status, repair) = store::status_and_repair(tx.conn(), id)?;
    let signed = match &repair {
        Some(r) => crate::repair::status_of(tx.conn(), r)?.1,
        None => false,
    };
    let note = repair.as_ref().map(|r| if signed { format!("{r} (returned after signing)") } else { r.clone() });
    let req_lines = lines_of(tx.conn(), id)?;
    if lines.is_empty() {
        return Err(Error::invalid(m::parts_req_return_needs_line(ISSUE_FORM)));
    }
    FLOW.step(code, &status, "return")?;
    let mut back = Vec::new();
    for a in lines {
        let Some(line) = req_lines.iter().find(|l| l.part_no == a.part_no) else {
            return Err(Error::refused(m::parts_req_part_not_on(&a.part_no, code)));
        };
        let returnable = line.issued - line.returned;
        if a.qty > returnable {
            let (part, issued, returned) = (&line.part_no, line.issued, line.returned);
            return Err(Error::refused(m::parts_req_return_beyond(part, code, issued, returned, a.qty, returnable)));
        }
        // Where each lot went out from, net of what came back already.
        let sources = store::issued_from(tx.conn(), code, line.part_id, a.extra(0))?;
        let out: i64 = sources.iter().map(|s| s.out).sum();
        if out < a.qty {
            return Err(Error::refused(match a.extra(0) {
                None => m::parts_req_return_short(&line.part_no, code, out, a.qty),
                Some(lot) => m::parts_req_return_short_lot(&line.part_no, lot, code, out, a.qty),
            }));
        }
        let mut left = a.qty;
        for IssuedFrom { location_id, location, lot, expiry, out: net, unit_cost: cost } in &sources {
            if left == 0 {
                break;
            }
            let take = left.min(*net);
            stock::post(
                tx,
                &Move {
                    kind: "return",
                    part_id: line.part_id,
                    location_id: *location_id,
                    lot,
                    expiry: expiry.as_deref(),
                    qty: take,
                    cost: Some(Money(*cost)),
                    reference: Some(code),
                    note: note.as_deref(),
                    ..Default::default()
                },
            )?;
            if let Some(repair) = repair.as_ref().filter(|_| !signed) {
                let lot = (!lot.is_empty()).then_some(lot.as_str());
                crate::repair::unuse_part(tx, repair, &line.part_no, take, lot, code)?;
            }
            back.push(Issued {
                part_no: line.part_no.clone(),
                location: location.clone(),
                lot: lot.clone(),
                expiry: expiry.clone(),
                qty: take,
            });
            left -= take;
        }
        store::add_returned(tx, line.id, a.qty)?;
    }
    let after = json!({"returned": back, "repair": repair, "after_signing": signed});
    history::record(tx, "requisition", code, "return", None, Some(&after))?;
    Ok(back)
}

/// One requisition in `req list`.
#[derive(Debug, Clone, Serialize)]
pub struct ReqRow {
    pub requisition: String,
    pub repair: Option<String>,
    pub equipment: Option<String>,
    pub requested_by: String,
    pub requested: String,
    pub status: String,
    pub decided_by: Option<String>,
    pub requested_qty: i64,
    pub issued: i64,
    pub returned: i64,
    pub fulfilment: &'static str,
    /// The repair's status: a signed or declined repair's requisition is history, never
    /// outstanding.
    pub repair_status: Option<String>,
}

pub const REQ_COLUMNS: &[&str] = &[
    "requisition",
    "repair",
    "equipment",
    "requested_by",
    "requested",
    "status",
    "decided_by",
    "requested_qty",
    "issued",
    "returned",
    "fulfilment",
    "repair_status",
];

#[derive(Debug, Default)]
pub struct ReqFilter {
    pub status: Option<String>,
    pub repair: Option<String>,
    pub code: Option<String>,
    /// Approved, not issued in full, and for an open repair (or none): the
    /// warehouse's work list.
    pub outstanding: bool,
    pub limit: Option<u64>,
}

pub fn list(conn: &Connection, f: &ReqFilter, each: &mut dyn FnMut(ReqRow) -> Result<()>) -> Result<()> {
    store::list(conn, f, each)
}

/// A requisition's lines, for `req show`.
pub fn line_rows(conn: &Connection, code: &str) -> Result<Vec<Vec<serde_json::Value>>> {
    let id = req_id(conn, code)?;
    Ok(lines_of(conn, id)?
        .into_iter()
        .map(|l| vec![json!(l.part_no), json!(l.qty), json!(l.issued), json!(l.returned)])
        .collect())
}

pub const LINE_COLUMNS: &[&str] = &["part_no", "qty", "issued", "returned"];

/// One step in a part's way to a device, for `svc parts trace`.
#[derive(Debug, Clone, Serialize)]
pub struct TraceRow {
    pub at: String,
    pub kind: String,
    pub part_no: String,
    pub lot: String,
    pub qty: i64,
    pub location: String,
    pub requisition: String,
    pub repair: Option<String>,
    pub equipment: Option<String>,
    pub model: Option<String>,
    pub customer: Option<String>,
}

pub const TRACE_COLUMNS: &[&str] =
    &["at", "kind", "part_no", "lot", "qty", "location", "requisition", "repair", "equipment", "model", "customer"];

/// Which repairs and devices a part (or one lot of it) went into (R4.3.2): every issue
/// and return against a requisition, oldest first.
pub fn trace(
    conn: &Connection,
    part_no: &str,
    lot: Option<&str>,
    each: &mut dyn FnMut(TraceRow) -> Result<()>,
) -> Result<()> {
    let part_id =
        super::Part::find_id(conn, part_no)?.ok_or_else(|| Error::not_found(m::parts_part_not_found(part_no)))?;
    store::trace(conn, part_id, part_no, lot, each)
}

/// The staff code of the person acting, when they are on the staff list.
pub fn actor_as_staff(conn: &Connection, actor: &str) -> Result<Option<String>> {
    Ok(Staff::find_id(conn, actor)?.map(|_| actor.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lot(lot: &str, expiry: Option<&str>, on_hand: i64) -> Lot {
        Lot { location: "WH1".into(), lot: lot.into(), expiry: expiry.map(Into::into), on_hand, ..Default::default() }
    }

    #[test]
    fn first_expiry_first_out_never_takes_an_expired_lot() {
        let lots = [
            lot("N1", None, 10),
            lot("B", Some("2026-11-05"), 12),
            lot("OLD", Some("2026-02-20"), 15),
            lot("A", Some("2026-06-30"), 5),
        ];
        assert_eq!(fefo(&lots, 18, "2026-03-05"), Ok(vec![(3, 5), (1, 12), (0, 1)]));
        assert_eq!(fefo(&lots, 3, "2026-03-05"), Ok(vec![(3, 3)]));
        // The day of expiry is still usable.
        assert_eq!(fefo(&lots, 1, "2026-02-20"), Ok(vec![(2, 1)]));
        assert_eq!(fefo(&lots, 28, "2026-03-05"), Err(Short { usable: 27, expired: 15 }));
        assert_eq!(fefo(&[], 1, "2026-03-05"), Err(Short { usable: 0, expired: 0 }));
    }

    #[test]
    fn equal_expiries_go_by_lot_name() {
        let lots = [lot("L2", Some("2027-01-01"), 1), lot("L1", Some("2027-01-01"), 1)];
        assert_eq!(fefo(&lots, 2, "2026-03-05"), Ok(vec![(1, 1), (0, 1)]));
    }
}
