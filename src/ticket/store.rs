//! The tickets' SQL (the storage seam, issue 8): small named reads that return typed
//! rows and writes that take the values the rules decided. The rules (intake, the SLA
//! clocks, the moves of `FLOW`) decide in `super` and call these; nothing else of the
//! area prepares a statement. The record's columns table (`Ticket`) is its own SQL for
//! import and export.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{Clock, Filter, Listed, Ticket, TicketRow};
use crate::db::{document_id, Tx};
use crate::equipment::WarrantyStatus;
use crate::error::{Result, SqlContext};
use crate::exchange::columns;

/// A new ticket as it is written: the record with its references resolved and the
/// facts the intake decided (status, warranty, due times, breaches, SLA clock).
pub struct NewRow<'a> {
    pub t: &'a Ticket,
    pub customer_id: i64,
    pub equipment_id: Option<i64>,
    pub model: Option<&'a str>,
    pub warranty_status: Option<WarrantyStatus>,
    pub warranty_until: Option<String>,
    pub status: &'a str,
    pub assigned: Option<i64>,
    pub response_due: String,
    pub resolution_due: String,
    pub response_breached: bool,
    pub resolution_breached: bool,
    pub sla_clock: &'a str,
    pub sla_class: Option<&'a str>,
}

/// Write a new ticket; its id.
pub fn insert(tx: &Tx, n: &NewRow) -> Result<i64> {
    let t = n.t;
    tx.prepare_cached(
        "INSERT INTO tickets(code, customer_id, equipment_id, channel, kind, priority, symptom, reporter, model,
                warranty_status, warranty_until, warranty_note, status, assigned_to, opened_at, responded_at, closed_at,
                resolution, response_due, resolution_due, response_breached, resolution_breached, sla_clock, sla_class)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23,
                 ?24)
         RETURNING id",
    )
    .and_then(|mut s| {
        s.query_row(
            params![
                t.code,
                n.customer_id,
                n.equipment_id,
                t.channel,
                t.kind,
                t.priority,
                t.symptom.trim(),
                t.reporter,
                n.model,
                n.warranty_status,
                n.warranty_until,
                t.warranty_note,
                n.status,
                n.assigned,
                t.opened_at,
                t.responded_at,
                t.closed_at,
                t.resolution,
                n.response_due,
                n.resolution_due,
                n.response_breached,
                n.resolution_breached,
                n.sla_clock,
                n.sla_class
            ],
            |r| r.get(0),
        )
    })
    .ctx("writing a ticket")
}

/// The warranty facts a ticket captured at intake: status, last day, the words kept
/// from before they were facts, and when it was opened.
pub type IntakeWarranty = (Option<WarrantyStatus>, Option<String>, Option<String>, String);

pub fn intake_warranty(conn: &Connection, ticket_id: i64) -> Result<IntakeWarranty> {
    conn.query_row(
        "SELECT warranty_status, warranty_until, warranty_note, opened_at FROM tickets WHERE id = ?1",
        [ticket_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .ctx("reading a ticket's warranty")
}

/// The SLA state of ticket `code`, as stored (not found: the usual refusal with a hint).
pub fn clock(conn: &Connection, code: &str) -> Result<Clock> {
    let id = document_id(conn, "tickets", "ticket", "svc ticket list", code)?;
    conn.query_row(
        "SELECT status, kind, opened_at, responded_at, closed_at, response_due, resolution_due, response_left,
                resolution_left, waiting_since, assigned_to IS NOT NULL, sla_clock
           FROM tickets WHERE id = ?1",
        [id],
        |r| {
            Ok(Clock {
                id,
                status: r.get(0)?,
                kind: r.get(1)?,
                opened_at: r.get(2)?,
                responded_at: r.get(3)?,
                closed_at: r.get(4)?,
                response_due: r.get(5)?,
                resolution_due: r.get(6)?,
                response_left: r.get(7)?,
                resolution_left: r.get(8)?,
                waiting_since: r.get(9)?,
                assigned: r.get(10)?,
                sla_clock: r.get(11)?,
            })
        },
    )
    .ctx("reading a ticket")
}

pub fn assign(tx: &Tx, id: i64, staff_id: i64, status: &str) -> Result<()> {
    tx.execute("UPDATE tickets SET assigned_to = ?2, status = ?3 WHERE id = ?1", params![id, staff_id, status])
        .ctx("assigning a ticket")?;
    Ok(())
}

/// The first response at `at`; a late one is recorded as a breach, which stays.
pub fn respond(tx: &Tx, id: i64, at: &str, status: &str, late: bool) -> Result<()> {
    tx.execute(
        "UPDATE tickets SET responded_at = ?2, status = ?3, response_breached = max(response_breached, ?4)
          WHERE id = ?1",
        params![id, at, status, late],
    )
    .ctx("recording the first response")?;
    Ok(())
}

/// Put a ticket on hold at `at`: its due times are put aside as the time left.
pub fn wait(tx: &Tx, id: i64, status: &str, at: &str, reason: &str, paused: &super::sla::Paused) -> Result<()> {
    tx.execute(
        "UPDATE tickets SET status = ?2, resume_status = status, waiting_since = ?3, wait_reason = ?4,
                response_left = ?5, resolution_left = ?6, response_due = NULL, resolution_due = NULL,
                response_breached = max(response_breached, ?7), resolution_breached = max(resolution_breached, ?8)
          WHERE id = ?1",
        params![
            id,
            status,
            at,
            reason,
            paused.response_left,
            paused.resolution_left,
            paused.response_breached(),
            paused.resolution_breached()
        ],
    )
    .ctx("putting a ticket on hold")?;
    Ok(())
}

/// Restart a waiting ticket's clocks with their new due times (a response already
/// given keeps its due time), adding the wait to the time waited.
pub fn resume(
    tx: &Tx,
    id: i64,
    response_due: Option<String>,
    resolution_due: Option<String>,
    waited: i64,
    status: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE tickets SET status = ?5, resume_status = NULL, waiting_since = NULL,
                wait_reason = NULL, response_due = coalesce(?2, response_due), resolution_due = ?3,
                response_left = NULL, resolution_left = NULL, waited_seconds = waited_seconds + ?4
          WHERE id = ?1",
        params![id, response_due, resolution_due, waited, status],
    )
    .ctx("resuming a ticket")?;
    Ok(())
}

/// The code of a repair of the ticket that is neither signed nor declined, if any.
pub fn open_repair(conn: &Connection, ticket_id: i64) -> Result<Option<String>> {
    conn.query_row(
        &format!("SELECT code FROM repairs WHERE ticket_id = ?1 AND {} LIMIT 1", crate::repair::open_sql("status")),
        [ticket_id],
        |r| r.get(0),
    )
    .optional()
    .ctx("looking for the ticket's repairs")
}

/// Close a ticket at `at` (its first response too, when it had none) with the breaches decided.
pub fn close(
    tx: &Tx,
    id: i64,
    at: &str,
    resolution: &str,
    response_late: bool,
    resolution_late: bool,
    status: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE tickets SET status = ?6, closed_at = ?2, resolution = ?3, responded_at = coalesce(responded_at, ?2),
                response_breached = max(response_breached, ?4), resolution_breached = max(resolution_breached, ?5)
          WHERE id = ?1",
        params![id, at, resolution, response_late, resolution_late, status],
    )
    .ctx("closing a ticket")?;
    Ok(())
}

pub fn reopen(tx: &Tx, id: i64, status: &str, resolution_due: &str) -> Result<()> {
    tx.execute(
        "UPDATE tickets SET status = ?2, closed_at = NULL, resolution = NULL, resolution_due = ?3 WHERE id = ?1",
        params![id, status, resolution_due],
    )
    .ctx("reopening a ticket")?;
    Ok(())
}

/// The device a ticket names and the warranty state it captured.
pub fn device(conn: &Connection, ticket_id: i64) -> Result<(Option<i64>, Option<WarrantyStatus>)> {
    conn.query_row("SELECT equipment_id, warranty_status FROM tickets WHERE id = ?1", [ticket_id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .ctx("reading a ticket")
}

/// The columns a listing shows, `FROM` a source of tickets `t` (`OPEN_LISTED` or the
/// table) joined to their customer, device and technician.
const LIST_COLUMNS: &str = "SELECT t.code, c.code, e.serial_no, t.kind, t.priority, t.status, s.code, t.opened_at,
        CASE WHEN t.responded_at IS NULL THEN t.response_due END, t.resolution_due, t.responded_at,
        t.response_breached, t.resolution_breached, t.symptom";

const LIST_JOINS: &str = "JOIN customers c ON c.id = t.customer_id
   LEFT JOIN equipment e INDEXED BY equipment_serial_by_id ON e.id = t.equipment_id
   LEFT JOIN staff s ON s.id = t.assigned_to";

/// The open tickets with every column the listing reads (migrations/0026_cold_listings.sql),
/// in code order. A query through it must say `t.status <> 'closed'`, the index's own
/// condition, for SQLite to take it. (A macro too, for the `const` query `DUE_SQL`.)
macro_rules! open_listed {
    () => {
        "tickets t INDEXED BY tickets_open_listed"
    };
}
const OPEN_LISTED: &str = open_listed!();

/// The listing's query. A device's serial number is read from `equipment_serial_by_id`,
/// a few pages, rather than from the equipment table's (migrations/0025_speed.sql).
/// Overdue and open tickets are read from `tickets_open_listed` alone, which holds only
/// the open ones: the morning cron job reads the same few dozen pages however many
/// tickets are closed, and from a cold page cache it reads no page of the table at all
/// (a random read of the disk per ticket before). One status is found through the
/// status index for the same reason: closed ones are the bulk of the table.
fn list_sql(overdue: bool, by_status: bool, open: bool) -> String {
    let (source, only) = if overdue {
        (
            OPEN_LISTED,
            "t.status <> 'closed' AND ((t.responded_at IS NULL AND t.response_due < ?10) OR t.resolution_due < ?10)",
        )
    } else if by_status {
        ("tickets t", "t.id IN (SELECT id FROM tickets WHERE status = ?1)")
    } else if open {
        // The status CHECK makes `<> 'closed'` the four open statuses.
        (OPEN_LISTED, "t.status <> 'closed'")
    } else {
        ("tickets t", "t.id IN (SELECT id FROM tickets)")
    };
    format!(
        "{LIST_COLUMNS} FROM {source} {LIST_JOINS}
         WHERE {only}
           AND (?1 IS NULL OR t.status = ?1) AND (NOT ?2 OR t.status <> 'closed') AND (?3 IS NULL OR c.code = ?3)
           AND (?4 IS NULL OR e.serial_no = ?4) AND (?5 IS NULL OR s.code = ?5) AND (?6 IS NULL OR t.priority = ?6)
           AND (?7 IS NULL OR t.kind = ?7) AND (?8 IS NULL OR t.opened_at >= ?8) AND (?9 IS NULL OR t.opened_at < ?9)
           AND (NOT ?11 OR t.response_breached OR t.resolution_breached
                OR (t.status <> 'closed' AND ((t.responded_at IS NULL AND t.response_due < ?13) OR t.resolution_due < ?13)))
         ORDER BY t.code LIMIT ?12"
    )
}

/// SQLite's plan for `svc ticket list --overdue`, for the test that keeps it on indexes.
pub fn explain_overdue(conn: &Connection) -> Result<Vec<String>> {
    crate::db::explain(conn, &list_sql(true, false, false), 13)
}

/// Tickets by code, filtered; `now` (UTC RFC 3339) decides what is overdue.
pub fn list(conn: &Connection, f: &Filter, now: &str, each: &mut dyn FnMut(TicketRow) -> Result<()>) -> Result<()> {
    if f.overdue_at.is_some() {
        read_ahead(conn);
    }
    let sql = list_sql(f.overdue_at.is_some(), f.status.is_some(), f.open);
    let mut stmt = conn.prepare(&sql).ctx("listing tickets")?;
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    let mut rows = stmt
        .query(params![
            f.status,
            f.open,
            f.customer,
            f.equipment,
            f.assigned_to,
            f.priority,
            f.kind,
            f.since,
            f.until,
            f.overdue_at,
            f.breached,
            limit,
            now
        ])
        .ctx("listing tickets")?;
    while let Some(r) = rows.next().ctx("listing tickets")? {
        each(listed(r).ctx("reading a ticket")?.row(now))?;
    }
    Ok(())
}

/// Ask for every page the overdue listing will read, all at once (`db::readahead`): it
/// reads the whole index of open tickets, and for hundreds of tickets nearly every page
/// of the customers and the device serial numbers. One page at a time, from a cold page
/// cache, these were 300 reads one after the other.
fn read_ahead(conn: &Connection) {
    read_whole(conn, &["tickets_open_listed", "customers", "equipment_serial_by_id", "staff"]);
}

/// Ask for every page of these (small) trees.
fn read_whole(conn: &Connection, trees: &[&str]) {
    if let Some(ahead) = crate::db::readahead::Readahead::open(conn) {
        for tree in trees {
            ahead.whole(tree);
        }
    }
}

/// Ticket `id` as the listing shows it.
pub fn row(conn: &Connection, id: i64, now: &str) -> Result<TicketRow> {
    let listed = conn
        .query_row(&format!("{LIST_COLUMNS} FROM tickets t {LIST_JOINS} WHERE t.id = ?1"), [id], listed)
        .ctx("reading a ticket")?;
    Ok(listed.row(now))
}

fn listed(r: &Row) -> rusqlite::Result<Listed> {
    Ok(Listed {
        code: r.get(0)?,
        customer: r.get(1)?,
        equipment: r.get(2)?,
        kind: r.get(3)?,
        priority: r.get(4)?,
        status: r.get(5)?,
        assigned_to: r.get(6)?,
        opened_at: r.get(7)?,
        response_due: r.get(8)?,
        resolution_due: r.get(9)?,
        response_breached: r.get(11)?,
        resolution_breached: r.get(12)?,
        symptom: r.get(13)?,
    })
}

/// What `show` adds to the listing's columns.
pub struct More {
    pub channel: String,
    pub reporter: Option<String>,
    pub model: Option<String>,
    pub responded_at: Option<String>,
    pub closed_at: Option<String>,
    pub resolution: Option<String>,
    pub wait_reason: Option<String>,
    pub waited_seconds: i64,
    /// The clock the SLA targets run on (`24x7` before working-hour clocks).
    pub sla_clock: String,
    pub sla_class: Option<String>,
}

pub fn more(conn: &Connection, id: i64) -> Result<More> {
    conn.query_row(
        "SELECT channel, reporter, model, responded_at, closed_at, resolution, wait_reason, waited_seconds,
                coalesce(sla_clock, '24x7'), sla_class
           FROM tickets WHERE id = ?1",
        [id],
        |r| {
            Ok(More {
                channel: r.get(0)?,
                reporter: r.get(1)?,
                model: r.get(2)?,
                responded_at: r.get(3)?,
                closed_at: r.get(4)?,
                resolution: r.get(5)?,
                wait_reason: r.get(6)?,
                waited_seconds: r.get(7)?,
                sla_clock: r.get(8)?,
                sla_class: r.get(9)?,
            })
        },
    )
    .ctx("reading a ticket")
}

/// Open tickets past a due time (first response, resolution) before `?1`, for `svc due`.
/// Both are read from the index of open tickets alone (`OPEN_LISTED`, every column this
/// reads), not found through the due times' indexes and then read from the table, a
/// page per ticket. On the 1,000,000-ticket benchmark that is 187 pages read from a cold
/// page cache instead of 768; warm, scanning the 2,267 open entries costs about what the
/// look-ups did (3 % fewer instructions; 3 % more at 200,000 tickets, 455 open).
pub const DUE_SQL: &str = concat!(
    "SELECT t.code, t.response_due, coalesce(s.code, c.code), 'response', t.symptom
   FROM ",
    open_listed!(),
    " JOIN customers c ON c.id = t.customer_id LEFT JOIN staff s ON s.id = t.assigned_to
  WHERE t.responded_at IS NULL AND t.status <> 'closed' AND t.response_due < ?1
 UNION ALL
 SELECT t.code, t.resolution_due, coalesce(s.code, c.code), 'resolution', t.symptom
   FROM ",
    open_listed!(),
    " JOIN customers c ON c.id = t.customer_id LEFT JOIN staff s ON s.id = t.assigned_to
  WHERE t.status <> 'closed' AND t.resolution_due < ?1"
);

/// Ask for every page `DUE_SQL` reads, all at once (`db::readahead`): the whole index of
/// open tickets, and the customers and staff they name.
pub fn due_read_ahead(conn: &Connection) {
    read_whole(conn, &["tickets_open_listed", "customers", "staff"]);
}

/// The ticket with code `code`, in canonical columns.
pub fn find(conn: &Connection, code: &str) -> Result<Option<(i64, Ticket)>> {
    columns::find(conn, "WHERE t.code = ?1", [code], "looking up a ticket")
}

pub fn find_id(conn: &Connection, code: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM tickets WHERE code = ?1")
        .and_then(|mut s| s.query_row([code], |r| r.get(0)).optional())
        .ctx("looking up a ticket")
}

/// Every ticket by code, for export.
pub fn each(conn: &Connection, each: &mut dyn FnMut(Ticket) -> Result<()>) -> Result<()> {
    columns::each(conn, "ORDER BY t.code", [], "exporting tickets", each)
}

/// The customer ticket `ticket_id` is for (a ticket that exists: its id came from a
/// look-up), as the repair's signature asks it for the customer's follow-up delay.
pub fn customer_of(conn: &Connection, ticket_id: i64) -> Result<i64> {
    conn.query_row("SELECT customer_id FROM tickets WHERE id = ?1", [ticket_id], |r| r.get(0))
        .ctx("reading a ticket's customer")
}
