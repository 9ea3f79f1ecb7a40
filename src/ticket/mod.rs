//! Tickets (R3.1, R3.2.1): every call, mail or visit from a customer, from intake to
//! close, with its SLA clocks. The moves a ticket may make are one table (`FLOW`);
//! any other move is refused with what must happen first.
//!
//! SLA: a first-response and a resolution target per priority (settings). Time spent
//! waiting on the customer or on parts does not count: while a ticket waits, its due
//! times are put aside as "time left" and set again on resume. A breach is recorded
//! when it happens and stays recorded after the ticket closes.

mod store;
// The ticket's reads other areas ask for; the tickets' SQL stays in the area's store.
pub use store::customer_of;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use crate::clock::{local_day, parse_instant, show_local, stored_day};
use crate::db::{document_code, document_id, history, Tx};
use crate::equipment::{Equipment, Warranty, WarrantyStatus};
use crate::error::{Error, Result};
use crate::exchange::{rule, Check, Problem, Record, Stored};
use crate::records;
use crate::staff::Staff;
use crate::words::{m, rows};

crate::text_enum! {
    /// How a ticket came in.
    pub enum Channel { Hotline = "hotline", Online = "online", Email = "email", Visit = "visit" }
}

crate::text_enum! {
    /// What a ticket is about.
    pub enum TicketKind {
        Fault = "fault",
        Enquiry = "enquiry",
        Complaint = "complaint",
        Installation = "installation",
        Training = "training",
    }
}

crate::text_enum! {
    /// How soon a ticket needs an answer (its SLA targets are per priority).
    pub enum Priority { Urgent = "urgent", High = "high", Normal = "normal", Low = "low" }
}

// The words as text, for the record's string columns and the CLI's possible values
// (the columns move to the enums once this file's rules are pure functions).
pub const CHANNELS: &[&str] = Channel::NAMES;
pub const KINDS: &[&str] = TicketKind::NAMES;
pub const PRIORITIES: &[&str] = Priority::NAMES;
pub const STATUSES: &[&str] = FLOW.statuses;
pub const WAIT_REASONS: &[&str] = &["customer", "parts"];

use crate::states::{Move, Outcome, Workflow};

/// A ticket's statuses and moves.
pub const FLOW: Workflow = Workflow {
    name: "ticket",
    table: "tickets",
    command: "ticket",
    statuses: &["open", "assigned", "in_progress", "waiting", "closed"],
    start: ("open", "ticket open"),
    moves: &[
        Move::go("assign", &["open"], "assigned", "").command("ticket assign T --to STAFF"),
        Move::stay("assign", &["assigned", "in_progress", "waiting"], "reopen it first")
            .command("ticket assign T --to STAFF (another technician)"),
        Move::go(
            "respond",
            &["assigned"],
            "in_progress",
            "a ticket is assigned to a technician before the first response ('svc ticket assign T --to STAFF'); \
             a ticket answered already takes notes",
        )
        .again("add a note instead ('svc ticket note T TEXT')")
        .command("ticket respond T --note .. (first response)"),
        Move::stay("note", &["open", "assigned", "in_progress", "waiting", "closed"], "").command("ticket note T TEXT"),
        Move::go(
            "wait",
            &["assigned", "in_progress"],
            "waiting",
            "assign it first; a waiting ticket is resumed before it waits again",
        )
        .command("ticket wait T --reason customer|parts"),
        Move::choose(
            "resume",
            &["waiting"],
            &[(Outcome::Answered, "in_progress"), (Outcome::Assigned, "assigned")],
            "only a waiting ticket is resumed",
        )
        .command("ticket resume T"),
        Move::go("close", &["open", "assigned", "in_progress", "waiting"], "closed", "")
            .again("reopen it first ('svc ticket reopen T --reason ..')")
            .command("ticket close T --resolution ..")
            .note("also refused (exit 4) while a repair of the ticket is neither signed nor declined; a waiting ticket's clocks resume first"),
        Move::choose(
            "reopen",
            &["closed"],
            &[(Outcome::Answered, "in_progress"), (Outcome::Assigned, "assigned"), (Outcome::Unassigned, "open")],
            "only a closed ticket is reopened",
        )
        .command("ticket reopen T --reason .."),
        Move::stay(
            "repair",
            &["assigned", "in_progress", "waiting"],
            "assign the ticket to a technician first ('svc ticket assign T --to STAFF')",
        )
        .command("repair open --ticket T")
        .note("also only a `fault` or `complaint` that names a device becomes a repair"),
    ],
};

/// What a ticket had when it left a status, which decides where it comes back to.
fn progress(responded: bool, assigned: bool) -> Outcome {
    match (responded, assigned) {
        (true, _) => Outcome::Answered,
        (false, true) => Outcome::Assigned,
        (false, false) => Outcome::Unassigned,
    }
}

/// The status a move leads to, or the refusal naming what must happen first.
pub fn step(code: &str, status: &str, action: &str) -> Result<&'static str> {
    FLOW.step(code, status, action)
}

pub struct NewTicket {
    pub customer: String,
    pub equipment: Option<String>,
    pub channel: String,
    pub kind: String,
    pub priority: String,
    pub symptom: String,
    pub reporter: Option<String>,
    pub at: DateTime<Utc>,
}

use crate::clock::utc_text as text;

fn instant(stored: &str) -> Result<DateTime<Utc>> {
    parse_instant(stored).ok_or_else(|| Error::internal(m::ticket_stored_time(format!("{stored:?}"))))
}

/// A stored time that may be absent (a due time while waiting, a response not yet given).
fn maybe_instant(stored: Option<&str>) -> Result<Option<DateTime<Utc>>> {
    stored.map(instant).transpose()
}

/// An event time given with `--at`: not in the future, not before `not_before`.
pub fn event_time(tx: &Tx, at: Option<DateTime<Utc>>, not_before: Option<&str>, what: &str) -> Result<DateTime<Utc>> {
    let now = instant(&tx.now)?;
    let at = at.unwrap_or(now);
    if at > now + Duration::minutes(5) {
        return Err(in_the_future(&show_local(&text(at)), &show_local(&tx.now)));
    }
    if let Some(before) = not_before {
        if at < instant(before)? {
            return Err(Error::invalid(m::ticket_at_before(show_local(&text(at)), what, show_local(before))));
        }
    }
    Ok(at)
}

/// Names the business time zone: on a server left in UTC, a time typed as Beijing time
/// reads as hours ahead, and the zone is what to fix.
fn in_the_future(when: &str, now: &str) -> Error {
    Error::invalid(m::ticket_in_the_future(when, now, crate::clock::display_zone().name()))
}

/// A day an event happened (a legacy record's date): not after today, as `event_time`
/// refuses a time in the future.
pub fn event_day(tx: &Tx, day: &str) -> Result<()> {
    let today = local_day(instant(&tx.now)?).to_string();
    if day > today.as_str() {
        return Err(in_the_future(day, &today));
    }
    Ok(())
}

/// Open a ticket (R3.1): the customer, the device, what is wrong, and, captured that
/// day, the device's model and warranty state (R3.1.2). Returns its code.
pub fn open(tx: &Tx, t: &NewTicket) -> Result<String> {
    let ticket = Ticket {
        code: document_code(tx, "tickets", "T")?,
        customer_code: t.customer.clone(),
        serial_no: t.equipment.clone(),
        channel: t.channel.clone(),
        kind: t.kind.clone(),
        priority: t.priority.clone(),
        symptom: t.symptom.trim().to_string(),
        reporter: t.reporter.clone(),
        opened_at: text(t.at),
        assigned_to: None,
        responded_at: None,
        closed_at: None,
        resolution: None,
        warranty_status: None,
        warranty_until: None,
        warranty_note: None,
    };
    let written = write(tx, &ticket)?;
    let warranty = written.warranty.as_ref();
    let after = json!({"at": ticket.opened_at, "customer": t.customer, "equipment": t.equipment, "channel": t.channel,
        "kind": t.kind, "priority": t.priority, "symptom": ticket.symptom, "reporter": t.reporter,
        "model": written.model, "warranty_status": warranty.map(|w| w.status),
        "warranty_until": warranty.and_then(|w| w.until).map(|d| d.to_string())});
    history::record(tx, "ticket", &ticket.code, "open", None, Some(&after))?;
    Ok(ticket.code)
}

/// What `write` stored beside the record: the facts captured at intake.
struct Written {
    id: i64,
    model: Option<String>,
    warranty: Option<Warranty>,
}

/// The one write path of a new ticket: `open` and the import of a ticket both come
/// here, so every rule of intake holds for both (issue 8). A broken rule names its
/// column, which an import's rejected row reports in the command's own words.
///
/// The ticket keeps its times; its SLA is judged by today's targets, and a late
/// response or resolution (of an imported ticket) is recorded as a breach.
fn write(tx: &Tx, t: &Ticket) -> Result<Written> {
    let (customer_id, _) =
        records::get::<crate::customer::Customer>(tx.conn(), &t.customer_code).map_err(|e| e.at("customer_code"))?;
    let opened = instant(&t.opened_at)?;
    for (column, at) in [
        ("opened_at", Some(&t.opened_at)),
        ("responded_at", t.responded_at.as_ref()),
        ("closed_at", t.closed_at.as_ref()),
    ] {
        if let Some(at) = at {
            event_time(tx, Some(instant(at)?), None, "").map_err(|e| e.at(column))?;
        }
    }
    let day = local_day(opened);
    let (equipment_id, model, warranty) = match &t.serial_no {
        Some(serial) => {
            let (id, e) = records::get::<Equipment>(tx.conn(), serial).map_err(|e| e.at("serial_no"))?;
            if e.customer_code != t.customer_code {
                return Err(Error::invalid(m::ticket_device_other_customer(
                    serial,
                    &e.customer_code,
                    &t.customer_code,
                ))
                .at("serial_no"));
            }
            let model = format!("{} ({})", e.model, e.manufacturer);
            (Some(id), Some(model), Some(intake_warranty(t, &e, day)?))
        }
        None if t.warranty_status.is_some() || t.warranty_until.is_some() || t.warranty_note.is_some() => {
            return Err(Error::invalid(m::ticket_warranty_without_device()).at("warranty_status"))
        }
        None => (None, None, None),
    };
    if t.symptom.trim().is_empty() {
        return Err(Error::invalid(m::ticket_symptom_empty()).at("symptom"));
    }
    let assigned = match &t.assigned_to {
        // Whoever the ticket names, active or not: a ticket keeps its technician when
        // they leave, and moves to another database with them.
        Some(s) => Some(records::get::<Staff>(tx.conn(), s).map_err(|e| e.at("assigned_to"))?.0),
        None => None,
    };
    // The targets of the customer's class (R8.1.2), else the priority's settings. The
    // clock and the class are fixed on the ticket: a later change of a setting, a rule or
    // a group does not move the due times of tickets already open.
    let targets = crate::service_class::targets(tx.conn(), customer_id, &t.priority)?;
    let sla_clock = targets.clock;
    let measure = crate::calendar::measure(tx.conn(), Some(sla_clock.as_str()))?;
    let (response_due, resolution_due) = sla::due_at_open(&measure, opened, targets.response, targets.resolution);
    let status = match t.closed_at {
        Some(_) => "closed",
        None => live_status(t.responded_at.is_some(), assigned.is_some()),
    };
    let late = |at: Option<&String>, due| -> Result<bool> {
        Ok(maybe_instant(at.map(String::as_str))?.is_some_and(|at| sla::late(at, Some(due))))
    };
    let response_breached = late(t.responded_at.as_ref(), response_due)?;
    let resolution_breached = late(t.closed_at.as_ref(), resolution_due)?;
    let id = store::insert(
        tx,
        &store::NewRow {
            t,
            customer_id,
            equipment_id,
            model: model.as_deref(),
            warranty_status: warranty.map(|w| w.status),
            warranty_until: warranty.and_then(|w| w.until).map(|d| d.to_string()),
            status,
            assigned,
            response_due: text(response_due),
            resolution_due: text(resolution_due),
            response_breached,
            resolution_breached,
            sla_clock: sla_clock.as_str(),
            sla_class: targets.class.as_deref(),
        },
    )?;
    Ok(Written { id, model, warranty })
}

/// The warranty a ticket captures at intake: the facts a file gives, which must agree
/// with each other on the intake day, else the device's warranty that day.
fn intake_warranty(t: &Ticket, e: &Equipment, day: NaiveDate) -> Result<Warranty> {
    let until = t.warranty_until.as_deref().and_then(stored_day);
    let Some(status) = t.warranty_status else {
        return Ok(match until {
            Some(_) => Warranty::on(until, day),
            None => Warranty::of(e, day),
        });
    };
    if let Some(u) = until {
        let that_day = Warranty::on(until, day).status;
        if that_day != status {
            return Err(Error::invalid(m::ticket_warranty_disagrees(
                status.to_string(),
                u.to_string(),
                day.to_string(),
                that_day.to_string(),
            ))
            .at("warranty_status"));
        }
    }
    Ok(Warranty { status, until })
}

/// The warranty a ticket captured at intake, in words (ticket show, the repair report):
/// the facts as of the day it was opened, or the sentence kept from before they were
/// facts (`warranty_note`, migration 0007).
pub fn warranty_at_intake(conn: &Connection, ticket_id: i64) -> Result<Option<String>> {
    let (status, until, note, opened) = store::intake_warranty(conn, ticket_id)?;
    if note.is_some() {
        return Ok(note);
    }
    let Some(status) = status else { return Ok(None) };
    let day = local_day(instant(&opened)?);
    let until = until.as_deref().and_then(stored_day);
    Ok(Some(Warranty { status, until }.describe(day)))
}

/// The status of a ticket that is not closed, from what happened to it: the status
/// `reopen` gives back, and the one an imported ticket takes. A ticket closed from
/// `open` got its response with the closing, so a reopened one may be in progress
/// with nobody assigned: any such ticket may be exported, so it is imported too.
fn live_status(responded: bool, assigned: bool) -> &'static str {
    // The status a reopened ticket returns to is the one table's answer for its progress.
    FLOW.target("reopen", progress(responded, assigned)).unwrap_or("open")
}

/// SLA arithmetic (R3.2.1), pure: no SQL, no clock. A due time is an instant; a time
/// left is whole seconds, negative once its due time has passed. The functions above
/// and below read the stored times, ask these, and write the answers. Time is counted
/// by a `Measure`: every second, or the working seconds of the calendar (priorities
/// whose clock is `business`, see src/calendar/).
pub mod sla {
    use chrono::{DateTime, Utc};

    pub use crate::calendar::Measure;

    /// The first-response and resolution due times of a ticket opened at `opened`,
    /// with its priority's targets in (counted) seconds.
    pub fn due_at_open(
        m: &Measure,
        opened: DateTime<Utc>,
        response: i64,
        resolution: i64,
    ) -> (DateTime<Utc>, DateTime<Utc>) {
        (m.add(opened, response), m.add(opened, resolution))
    }

    /// Whether an event at `at` breaches `due`: only strictly after it; the exact
    /// second is in time. A clock that is not running (no due time) is never breached.
    pub fn late(at: DateTime<Utc>, due: Option<DateTime<Utc>>) -> bool {
        due.is_some_and(|d| at > d)
    }

    /// A waiting ticket's clocks, stopped at the time it started waiting.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Paused {
        /// Seconds the first response had left; none once the ticket was answered.
        pub response_left: Option<i64>,
        /// Seconds the resolution had left.
        pub resolution_left: Option<i64>,
    }

    impl Paused {
        /// A wait that starts past the response due time records the breach then.
        pub fn response_breached(&self) -> bool {
            self.response_left.is_some_and(|l| l < 0)
        }

        pub fn resolution_breached(&self) -> bool {
            self.resolution_left.is_some_and(|l| l < 0)
        }
    }

    /// Stop the clocks at `at`: the time left is put aside (negative when already past).
    /// The response clock stops only while the ticket has had no first response.
    pub fn pause(
        m: &Measure,
        at: DateTime<Utc>,
        responded: bool,
        response_due: Option<DateTime<Utc>>,
        resolution_due: Option<DateTime<Utc>>,
    ) -> Paused {
        let left = |due: Option<DateTime<Utc>>| due.map(|d| m.between(at, d));
        Paused {
            response_left: if responded { None } else { left(response_due) },
            resolution_left: left(resolution_due),
        }
    }

    /// Restart a clock at `at` with the time it had left: its new due time. A time
    /// left that was negative gives a due time already past, so the ticket shows overdue.
    pub fn restore(m: &Measure, at: DateTime<Utc>, left: Option<i64>) -> Option<DateTime<Utc>> {
        left.map(|l| m.add(at, l))
    }

    /// How long a wait from `since` to `at` lasted, in seconds; never negative.
    pub fn waited(since: Option<DateTime<Utc>>, at: DateTime<Utc>) -> i64 {
        since.map_or(0, |s| (at - s).num_seconds().max(0))
    }

    /// The resolution due time of a ticket reopened at `at`: the clock goes on with
    /// the time it had left when the ticket closed (none when it closed late).
    pub fn reopened_due(
        m: &Measure,
        at: DateTime<Utc>,
        resolution_due: Option<DateTime<Utc>>,
        closed: Option<DateTime<Utc>>,
    ) -> DateTime<Utc> {
        let left = match (resolution_due, closed) {
            (Some(due), Some(closed)) => m.between(closed, due).max(0),
            _ => 0,
        };
        m.add(at, left)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// Around the clock, as every ticket before working-hour clocks.
        const W: Measure = Measure::AroundTheClock;

        fn t(s: &str) -> DateTime<Utc> {
            crate::clock::parse_instant(s).expect("a test time")
        }

        #[test]
        fn due_times_count_from_the_opening() {
            let (r, c) = due_at_open(&W, t("2026-03-05T09:00:00Z"), 4 * 3600, 48 * 3600);
            assert_eq!((r, c), (t("2026-03-05T13:00:00Z"), t("2026-03-07T09:00:00Z")));
            let (r, c) = due_at_open(&W, t("2026-03-05T09:00:00Z"), 0, 0);
            assert_eq!((r, c), (t("2026-03-05T09:00:00Z"), t("2026-03-05T09:00:00Z")));
        }

        #[test]
        fn the_due_second_itself_is_in_time() {
            let due = Some(t("2026-03-05T13:00:00Z"));
            assert!(!late(t("2026-03-05T12:59:59Z"), due));
            assert!(!late(t("2026-03-05T13:00:00Z"), due));
            assert!(late(t("2026-03-05T13:00:01Z"), due));
            assert!(!late(t("2030-01-01T00:00:00Z"), None), "a stopped clock is never late");
        }

        #[test]
        fn a_wait_puts_the_time_left_aside() {
            let at = t("2026-03-05T10:00:00Z");
            let p = pause(&W, at, false, Some(t("2026-03-05T13:00:00Z")), Some(t("2026-03-07T09:00:00Z")));
            assert_eq!(p, Paused { response_left: Some(3 * 3600), resolution_left: Some(47 * 3600) });
            assert!(!p.response_breached() && !p.resolution_breached());
            // Answered already: only the resolution clock stops.
            let p = pause(&W, at, true, Some(t("2026-03-05T13:00:00Z")), Some(t("2026-03-07T09:00:00Z")));
            assert_eq!(p.response_left, None);
            // Exactly at the due time: zero left, not a breach.
            let p = pause(&W, at, false, Some(at), None);
            assert_eq!(p, Paused { response_left: Some(0), resolution_left: None });
            assert!(!p.response_breached());
        }

        #[test]
        fn a_wait_past_the_due_time_records_the_breach_and_keeps_the_debt() {
            let at = t("2026-03-05T14:00:00Z");
            let p = pause(&W, at, false, Some(t("2026-03-05T13:00:00Z")), Some(t("2026-03-05T13:59:59Z")));
            assert_eq!(p, Paused { response_left: Some(-3600), resolution_left: Some(-1) });
            assert!(p.response_breached() && p.resolution_breached());
            // Resumed, the clock is still past due by what it owed.
            assert_eq!(restore(&W, t("2026-03-06T09:00:00Z"), p.response_left), Some(t("2026-03-06T08:00:00Z")));
        }

        #[test]
        fn a_pause_spanning_the_due_time_moves_it_by_the_wait() {
            // Due 13:00; waits 12:00 to 15:00 (past the old due time): due again at 16:00.
            let due = Some(t("2026-03-05T13:00:00Z"));
            let p = pause(&W, t("2026-03-05T12:00:00Z"), false, due, due);
            assert!(!p.response_breached());
            let back = t("2026-03-05T15:00:00Z");
            assert_eq!(restore(&W, back, p.response_left), Some(t("2026-03-05T16:00:00Z")));
            assert_eq!(waited(Some(t("2026-03-05T12:00:00Z")), back), 3 * 3600);
            assert!(!late(t("2026-03-05T15:30:00Z"), restore(&W, back, p.response_left)));
        }

        #[test]
        fn several_waits_each_put_back_what_was_left() {
            let mut due = Some(t("2026-03-05T13:00:00Z")); // 4 h from 09:00
            let mut total = 0;
            for (from, to) in [("10:00", "11:00"), ("12:00", "14:30"), ("15:00", "15:00")] {
                let from = t(&format!("2026-03-05T{from}:00Z"));
                let to = t(&format!("2026-03-05T{to}:00Z"));
                due = restore(&W, to, pause(&W, from, false, due, None).response_left);
                total += waited(Some(from), to);
            }
            assert_eq!(total, 3 * 3600 + 1800);
            assert_eq!(due, Some(t("2026-03-05T16:30:00Z")));
            assert_eq!(restore(&W, t("2026-03-05T15:00:00Z"), None), None, "no clock, no due time");
        }

        #[test]
        fn a_wait_never_lasts_less_than_nothing() {
            assert_eq!(waited(None, t("2026-03-05T10:00:00Z")), 0);
            assert_eq!(waited(Some(t("2026-03-05T11:00:00Z")), t("2026-03-05T10:00:00Z")), 0);
        }

        #[test]
        fn a_reopened_ticket_goes_on_with_the_time_it_had_left() {
            let at = t("2026-03-10T09:00:00Z");
            let due = Some(t("2026-03-07T09:00:00Z"));
            // Closed a day early: a day left from the reopening.
            assert_eq!(reopened_due(&W, at, due, Some(t("2026-03-06T09:00:00Z"))), t("2026-03-11T09:00:00Z"));
            // Closed late, or exactly on time: due at once.
            assert_eq!(reopened_due(&W, at, due, Some(t("2026-03-08T09:00:00Z"))), at);
            assert_eq!(reopened_due(&W, at, due, due), at);
            assert_eq!(reopened_due(&W, at, None, None), at);
        }
    }
}

/// The SLA state of a ticket, as stored.
#[derive(Debug, Clone)]
struct Clock {
    id: i64,
    status: String,
    kind: String,
    opened_at: String,
    responded_at: Option<String>,
    closed_at: Option<String>,
    response_due: Option<String>,
    resolution_due: Option<String>,
    response_left: Option<i64>,
    resolution_left: Option<i64>,
    waiting_since: Option<String>,
    assigned: bool,
    /// The clock the SLA runs on (`24x7`, `business`; none before working-hour clocks).
    sla_clock: Option<String>,
}

impl Clock {
    /// How this ticket's SLA time is counted.
    fn measure(&self, conn: &Connection) -> Result<sla::Measure> {
        crate::calendar::measure(conn, self.sla_clock.as_deref())
    }
}

fn clock(conn: &Connection, code: &str) -> Result<Clock> {
    store::clock(conn, code)
}

/// The latest event time so far, which a back-dated `--at` may not precede.
fn last_event(c: &Clock) -> &str {
    [Some(&c.opened_at), c.responded_at.as_ref(), c.waiting_since.as_ref(), c.closed_at.as_ref()]
        .into_iter()
        .flatten()
        .max()
        .map(String::as_str)
        .unwrap_or(&c.opened_at)
}

pub fn assign(tx: &Tx, code: &str, to: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let c = clock(tx.conn(), code)?;
    let next = step(code, &c.status, "assign")?;
    let (staff_id, staff) = records::get::<Staff>(tx.conn(), to)?;
    if !staff.active {
        return Err(Error::refused(m::ticket_staff_inactive(to)));
    }
    crate::training::rules::check_work(tx, staff_id, c.id)?;
    let at = event_time(tx, at, Some(last_event(&c)), "the ticket's last event")?;
    store::assign(tx, c.id, staff_id, next)?;
    history::record(tx, "ticket", code, "assign", None, Some(&json!({"at": text(at), "to": to})))
}

/// The first response (R3.2.1): the technician has contacted the customer.
pub fn respond(tx: &Tx, code: &str, note: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let c = clock(tx.conn(), code)?;
    let next = step(code, &c.status, "respond")?;
    if c.responded_at.is_some() {
        return Err(Error::refused(m::ticket_responded(code)));
    }
    let at = event_time(tx, at, Some(last_event(&c)), "the ticket's last event")?;
    let late = sla::late(at, maybe_instant(c.response_due.as_deref())?);
    store::respond(tx, c.id, &text(at), next, late)?;
    history::record(tx, "ticket", code, "respond", None, Some(&json!({"at": text(at), "note": note, "late": late})))
}

pub fn note(tx: &Tx, code: &str, note: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let c = clock(tx.conn(), code)?;
    step(code, &c.status, "note")?;
    let at = event_time(tx, at, Some(&c.opened_at), "the ticket was opened")?;
    history::record(tx, "ticket", code, "note", None, Some(&json!({"at": text(at), "note": note})))
}

/// Stop the clocks: the ticket waits on the customer or on parts.
pub fn wait(tx: &Tx, code: &str, reason: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let c = clock(tx.conn(), code)?;
    let next = step(code, &c.status, "wait")?;
    let at = event_time(tx, at, Some(last_event(&c)), "the ticket's last event")?;
    let paused = sla::pause(
        &c.measure(tx.conn())?,
        at,
        c.responded_at.is_some(),
        maybe_instant(c.response_due.as_deref())?,
        maybe_instant(c.resolution_due.as_deref())?,
    );
    store::wait(tx, c.id, next, &text(at), reason, &paused)?;
    history::record(tx, "ticket", code, "wait", None, Some(&json!({"at": text(at), "reason": reason})))
}

/// Restart the clocks where they stopped.
pub fn resume(tx: &Tx, code: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let c = clock(tx.conn(), code)?;
    let next = FLOW.step_by(code, &c.status, "resume", progress(c.responded_at.is_some(), c.assigned))?;
    let at = event_time(tx, at, Some(last_event(&c)), "the ticket started waiting")?;
    resume_clocks(tx, &c, at, next)?;
    history::record(tx, "ticket", code, "resume", None, Some(&json!({"at": text(at)})))
}

/// Restart the clocks of a waiting ticket, which goes on in status `to`.
fn resume_clocks(tx: &Tx, c: &Clock, at: DateTime<Utc>, to: &str) -> Result<()> {
    let measure = c.measure(tx.conn())?;
    let due = |left: Option<i64>| sla::restore(&measure, at, left).map(text);
    let waited = sla::waited(maybe_instant(c.waiting_since.as_deref())?, at);
    store::resume(tx, c.id, due(c.response_left), due(c.resolution_left), waited, to)
}

/// Close a ticket with its resolution. A fault with a repair still open is not closed:
/// the repair finishes first.
pub fn close(tx: &Tx, code: &str, resolution: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let mut c = clock(tx.conn(), code)?;
    let next = step(code, &c.status, "close")?;
    if resolution.trim().is_empty() {
        return Err(Error::invalid(m::ticket_resolution_empty()));
    }
    if let Some(r) = store::open_repair(tx.conn(), c.id)? {
        return Err(Error::refused(m::ticket_repair_open(code, r)));
    }
    let at = event_time(tx, at, Some(last_event(&c)), "the ticket's last event")?;
    if c.status == "waiting" {
        resume_clocks(tx, &c, at, next)?;
        c = clock(tx.conn(), code)?;
    }
    let now = text(at);
    let response_late = c.responded_at.is_none() && sla::late(at, maybe_instant(c.response_due.as_deref())?);
    let resolution_late = sla::late(at, maybe_instant(c.resolution_due.as_deref())?);
    store::close(tx, c.id, &now, resolution.trim(), response_late, resolution_late, next)?;
    let after = json!({"at": now, "resolution": resolution.trim(), "late": resolution_late});
    history::record(tx, "ticket", code, "close", None, Some(&after))
}

/// Reopen a closed ticket: the resolution clock goes on with the time it had left.
pub fn reopen(tx: &Tx, code: &str, reason: &str, at: Option<DateTime<Utc>>) -> Result<()> {
    let c = clock(tx.conn(), code)?;
    let status = FLOW.step_by(code, &c.status, "reopen", progress(c.responded_at.is_some(), c.assigned))?;
    let at = event_time(tx, at, Some(last_event(&c)), "the ticket was closed")?;
    let resolution_due = maybe_instant(c.resolution_due.as_deref())?;
    let due = sla::reopened_due(&c.measure(tx.conn())?, at, resolution_due, maybe_instant(c.closed_at.as_deref())?);
    store::reopen(tx, c.id, status, &text(due))?;
    history::record(tx, "ticket", code, "reopen", None, Some(&json!({"at": text(at), "reason": reason})))
}

/// What a repair needs of its ticket: it exists, may lead to a repair, names a device.
pub fn for_repair(conn: &Connection, code: &str) -> Result<(i64, i64, bool)> {
    let c = clock(conn, code)?;
    step(code, &c.status, "repair")?;
    if c.kind != "fault" && c.kind != "complaint" {
        return Err(Error::refused(m::ticket_not_a_fault(code, &c.kind)));
    }
    let (equipment, warranty) = store::device(conn, c.id)?;
    let equipment = equipment.ok_or_else(|| Error::refused(m::ticket_no_device(code)))?;
    Ok((c.id, equipment, warranty == Some(WarrantyStatus::InWarranty)))
}

/// One ticket in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct TicketRow {
    pub code: String,
    pub customer: String,
    pub equipment: Option<String>,
    pub kind: String,
    pub priority: String,
    pub status: String,
    pub assigned_to: Option<String>,
    pub opened: String,
    pub response_due: Option<String>,
    pub resolution_due: Option<String>,
    pub overdue: String,
    pub breached: String,
    pub symptom: String,
}

pub const LIST_COLUMNS: &[&str] = &[
    "code",
    "customer",
    "equipment",
    "kind",
    "priority",
    "status",
    "assigned_to",
    "opened",
    "response_due",
    "resolution_due",
    "overdue",
    "breached",
    "symptom",
];

#[derive(Debug, Default)]
pub struct Filter {
    pub status: Option<String>,
    pub open: bool,
    pub customer: Option<String>,
    pub equipment: Option<String>,
    pub assigned_to: Option<String>,
    pub priority: Option<String>,
    pub kind: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Tickets past a due time now (UTC RFC 3339): the cron job.
    pub overdue_at: Option<String>,
    /// Tickets whose SLA was breached: recorded at an event, or overdue now.
    pub breached: bool,
    pub limit: Option<u64>,
}

/// SQLite's plan for `svc ticket list --overdue`, for the test that keeps it on indexes.
pub fn explain_overdue(conn: &Connection) -> Result<Vec<String>> {
    store::explain_overdue(conn)
}

/// Tickets by code, filtered; `now` (UTC RFC 3339) decides what is overdue.
pub fn list(conn: &Connection, f: &Filter, now: &str, each: &mut dyn FnMut(TicketRow) -> Result<()>) -> Result<()> {
    store::list(conn, f, now, each)
}

/// A ticket as the listing reads it, before the listing's decisions (`row`).
struct Listed {
    code: String,
    customer: String,
    equipment: Option<String>,
    kind: String,
    priority: String,
    status: String,
    assigned_to: Option<String>,
    opened_at: String,
    /// Only while the first response is awaited.
    response_due: Option<String>,
    resolution_due: Option<String>,
    response_breached: bool,
    resolution_breached: bool,
    symptom: String,
}

impl Listed {
    /// The listing's row as of `now`: due times only while the ticket is open, what is
    /// overdue now and what was breached, in local time.
    fn row(self, now: &str) -> TicketRow {
        let open = self.status != "closed";
        let past = |due: &Option<String>| open && due.as_deref().is_some_and(|d| crate::due::past(d, now));
        let overdue = both(past(&self.response_due), past(&self.resolution_due));
        TicketRow {
            code: self.code,
            customer: self.customer,
            equipment: self.equipment,
            kind: self.kind,
            priority: self.priority,
            status: self.status,
            assigned_to: self.assigned_to,
            opened: show_local(&self.opened_at),
            response_due: self.response_due.filter(|_| open).map(|d| show_local(&d)),
            resolution_due: self.resolution_due.filter(|_| open).map(|d| show_local(&d)),
            overdue,
            breached: both(self.response_breached, self.resolution_breached),
            symptom: self.symptom,
        }
    }
}

/// Which of the two clocks a column names: `response`, `resolution`, both joined by `+`.
fn both(response: bool, resolution: bool) -> String {
    let mut which = Vec::new();
    if response {
        which.push("response");
    }
    if resolution {
        which.push("resolution");
    }
    which.join("+")
}

/// Open tickets whose SLA target (first response, resolution) falls in the window
/// (R3.2.1); a waiting ticket has no due time and is not listed. Found through the
/// two partial indexes on the due times.
pub const DUE: crate::due::Source = crate::due::Source {
    kind: "ticket",
    clause: "R3.2.1",
    about: "SLA targets of open tickets: first response and resolution, due at their time",
    sql: store::DUE_SQL,
    indexes: &["tickets_open_listed"],
    find: |conn, w, each| {
        store::due_read_ahead(conn);
        // Which target is due, then the symptom.
        let says = |r: &rusqlite::Row| {
            let symptom: String = r.get(4)?;
            Ok(match r.get::<_, String>(3)?.as_str() {
                "response" => crate::due_words::ticket_response(symptom),
                _ => crate::due_words::ticket_resolution(symptom),
            })
        };
        crate::due::rows(conn, store::DUE_SQL, w.until_text(), says, each)
    },
};

/// The ticket's fields for `show`.
pub fn detail(conn: &Connection, code: &str, now: &str) -> Result<Vec<(&'static str, serde_json::Value)>> {
    let id = document_id(conn, "tickets", "ticket", "svc ticket list", code)?;
    let row = store::row(conn, id, now)?;
    let warranty = warranty_at_intake(conn, id)?;
    let m = store::more(conn, id)?;
    let more = vec![
        ("channel", json!(m.channel)),
        ("reporter", json!(m.reporter)),
        ("model", json!(m.model)),
        ("warranty", json!(warranty)),
        ("responded", json!(m.responded_at.map(|t| show_local(&t)))),
        ("closed", json!(m.closed_at.map(|t| show_local(&t)))),
        ("resolution", json!(m.resolution)),
        ("waiting_on", json!(m.wait_reason)),
        ("waited_hours", json!(format!("{:.1}", m.waited_seconds as f64 / 3600.0))),
        // The clock and the customer class the SLA targets came from (none: the settings).
        ("sla_clock", json!(m.sla_clock)),
        ("sla_class", json!(m.sla_class)),
    ];
    let mut fields: Vec<(&'static str, serde_json::Value)> =
        LIST_COLUMNS.iter().copied().zip(crate::output::row_of(LIST_COLUMNS, &row)).collect();
    fields.extend(more);
    Ok(fields)
}

/// A ticket in canonical columns: the import and export record (legacy migration).
/// Times are UTC RFC 3339 in files svc writes; local times are accepted on import.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ticket {
    pub code: String,
    pub customer_code: String,
    pub serial_no: Option<String>,
    pub channel: String,
    pub kind: String,
    pub priority: String,
    pub symptom: String,
    pub reporter: Option<String>,
    pub opened_at: String,
    pub assigned_to: Option<String>,
    pub responded_at: Option<String>,
    pub closed_at: Option<String>,
    pub resolution: Option<String>,
    /// The warranty captured at intake (R3.1.2): where it stood that day, its last day,
    /// and the words kept from before these were facts.
    pub warranty_status: Option<WarrantyStatus>,
    pub warranty_until: Option<String>,
    pub warranty_note: Option<String>,
}

// Read here; written only through `write`, the one path `open` and imports share.
crate::record_columns! {
    Ticket in Table::new("tickets").joined(
        "t",
        "JOIN customers c ON c.id = t.customer_id LEFT JOIN equipment e ON e.id = t.equipment_id
         LEFT JOIN staff s ON s.id = t.assigned_to",
    ) => {
        code: Field::new("code").key(),
        customer_code: Field::new("customer_code").read("c.code").resolved("customer_id"),
        serial_no: Field::new("serial_no").read("e.serial_no").resolved("equipment_id"),
        channel: Field::new("channel"),
        kind: Field::new("kind"),
        priority: Field::new("priority"),
        symptom: Field::new("symptom"),
        reporter: Field::new("reporter").personal(),
        opened_at: Field::new("opened_at"),
        assigned_to: Field::new("assigned_to").read("s.code").resolved("assigned_to"),
        responded_at: Field::new("responded_at"),
        closed_at: Field::new("closed_at"),
        resolution: Field::new("resolution"),
        warranty_status: Field::new("warranty_status"),
        warranty_until: Field::new("warranty_until"),
        warranty_note: Field::new("warranty_note"),
    }
}

impl Record for Ticket {
    const ENTITY: &'static str = "ticket";
    const PLURAL: &'static str = "tickets";
    const COLUMNS: &'static [&'static str] = <Self as crate::exchange::columns::Columns>::NAMES;
    const REQUIRED: &'static [&'static str] =
        &["code", "customer_code", "channel", "kind", "priority", "symptom", "opened_at"];
    const PERSONAL: &'static [&'static str] = <Self as crate::exchange::columns::Columns>::PERSONAL_NAMES;

    fn parse(c: &mut Check) -> Self {
        let opened_at = c.instant("opened_at");
        if opened_at.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("opened_at")) {
            c.problems.push(Problem::new("opened_at", rows::rows_ticket_opened_missing().to_string()));
        }
        let responded_at = c.instant("responded_at");
        let closed_at = c.instant("closed_at");
        let resolution = c.text("resolution");
        if closed_at.is_some() && resolution.is_none() {
            c.problems.push(Problem::new("resolution", rows::rows_ticket_closed_no_resolution().to_string()));
        }
        let opened = opened_at.clone().unwrap_or_default();
        for (col, t) in [("responded_at", &responded_at), ("closed_at", &closed_at)] {
            if t.as_deref().is_some_and(|t| t < opened.as_str()) {
                c.problems.push(Problem::new(col, rows::rows_ticket_before_opened().to_string()));
            }
        }
        Ticket {
            code: c.key("code"),
            customer_code: c.key("customer_code"),
            serial_no: c.text("serial_no"),
            channel: c.choice("channel", CHANNELS, None),
            kind: c.choice("kind", KINDS, None),
            priority: c.choice("priority", PRIORITIES, Some("normal")),
            symptom: c.required("symptom"),
            reporter: c.text("reporter"),
            opened_at: opened,
            assigned_to: c.text("assigned_to"),
            responded_at,
            closed_at,
            resolution,
            warranty_status: c.word("warranty_status"),
            warranty_until: c.date("warranty_until"),
            warranty_note: c.text("warranty_note"),
        }
    }

    fn key(&self) -> String {
        self.code.clone()
    }
}

impl Stored for Ticket {
    const TABLE: &'static str = "tickets";
    const LIST_COMMAND: &'static str = "svc ticket list";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        store::find(conn, key)
    }

    fn find_id(conn: &Connection, key: &str) -> Result<Option<i64>> {
        store::find_id(conn, key)
    }

    /// An imported ticket goes through the same write as `open` (`write`).
    fn insert(tx: &Tx, t: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        Ok(rule(write(tx, t))?.map(|w| w.id))
    }

    fn update(_tx: &Tx, _id: i64, t: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        Ok(Err(Problem::new("code", rows::rows_ticket_exists(&t.code).to_string())))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        store::each(conn, each)
    }
}

#[cfg(test)]
mod record_columns_tests {
    use super::*;
    use crate::exchange::columns;

    #[test]
    fn ticket_columns_agree_with_the_schema() {
        columns::assert_agree::<Ticket>();
    }
}

#[cfg(test)]
mod listing_tests {
    use super::*;

    fn listed(status: &str, response_due: Option<&str>, resolution_due: Option<&str>) -> Listed {
        Listed {
            code: "T-1".into(),
            customer: "C1".into(),
            equipment: None,
            kind: "fault".into(),
            priority: "high".into(),
            status: status.into(),
            assigned_to: None,
            opened_at: "2026-03-05T01:00:00Z".into(),
            response_due: response_due.map(Into::into),
            resolution_due: resolution_due.map(Into::into),
            response_breached: false,
            resolution_breached: true,
            symptom: "no image".into(),
        }
    }

    #[test]
    fn an_open_ticket_past_its_due_times_is_overdue_on_both_clocks() {
        let row = listed("in_progress", Some("2026-03-05T05:00:00Z"), Some("2026-03-07T01:00:00Z"))
            .row("2026-03-08T00:00:00Z");
        assert_eq!(row.overdue, "response+resolution");
        assert_eq!(row.breached, "resolution");
        // Only the resolution is past: the response clock is still running.
        let row =
            listed("assigned", Some("2026-03-09T05:00:00Z"), Some("2026-03-07T01:00:00Z")).row("2026-03-08T00:00:00Z");
        assert_eq!(row.overdue, "resolution");
        assert!(row.response_due.is_some() && row.resolution_due.is_some());
    }

    #[test]
    fn a_closed_ticket_shows_no_due_times_and_is_never_overdue() {
        let row =
            listed("closed", Some("2026-03-05T05:00:00Z"), Some("2026-03-07T01:00:00Z")).row("2026-03-08T00:00:00Z");
        assert_eq!(row.overdue, "");
        assert_eq!((row.response_due, row.resolution_due), (None, None));
        assert_eq!(row.breached, "resolution", "a breach stays recorded after the ticket closes");
    }

    #[test]
    fn the_two_clocks_are_named_in_one_order() {
        assert_eq!(both(false, false), "");
        assert_eq!(both(true, false), "response");
        assert_eq!(both(false, true), "resolution");
        assert_eq!(both(true, true), "response+resolution");
    }
}
