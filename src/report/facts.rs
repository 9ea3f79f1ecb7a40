//! The records the figures count, read once each: one row per ticket, repair,
//! follow-up, survey, complaint, parts movement, wait for parts and counted line in or
//! around a period, with what a figure may be grouped by. `svc report kpi` and
//! `svc appraisal run` both count these rows, so a figure has one definition.

use rusqlite::{params, Connection};

use super::figures::Period;
use super::repeats;
use crate::error::Result;

/// What a record may be grouped by, besides its time.
#[derive(Debug, Clone, Default)]
pub struct Tags {
    pub staff_id: Option<i64>,
    pub technician: Option<String>,
    pub model: Option<String>,
    pub customer: Option<String>,
    pub province: Option<String>,
    pub priority: Option<String>,
    /// The device's serial number.
    pub device: Option<String>,
}

fn tags(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Tags> {
    Ok(Tags {
        staff_id: r.get(at)?,
        technician: r.get(at + 1)?,
        model: r.get(at + 2)?,
        customer: r.get(at + 3)?,
        province: r.get(at + 4)?,
        priority: r.get(at + 5)?,
        device: r.get(at + 6)?,
    })
}

/// Whether the rows carry their tags. Figures not grouped (`report kpi` without `--by`,
/// the monthly headline) put every record in one group: their rows leave the tags out
/// (NULL), and with them each repair's look-up of its technician and the LEFT JOINs that
/// only fetch names (on primary keys: they never add nor drop a row). The inner joins
/// stay, so the same records are counted either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tagged {
    Yes,
    No,
}

/// The seven tag columns of a row left out.
const NO_TAGS: &str = "NULL, NULL, NULL, NULL, NULL, NULL, NULL";

/// A repair's technician: the author of its latest report (a repair with no report on
/// record, as some imported ones: the ticket's technician).
const REPAIR_STAFF: &str = "coalesce((SELECT p.by_staff FROM reports p WHERE p.repair_id = r.id ORDER BY p.version DESC LIMIT 1), t.assigned_to)";

/// The statuses of a repair neither signed nor declined (each term of the WHERE is one an
/// index answers: the period's repairs are found without reading years of them).
const OPEN: &str = "'diagnosing', 'diagnosed', 'awaiting_consent', 'consented', 'in_repair', 'inspected', 'reported'";

/// A ticket opened or closed in the period.
#[derive(Debug, Clone)]
pub struct TicketFact {
    pub tags: Tags,
    pub opened_at: String,
    pub responded_at: Option<String>,
    pub closed_at: Option<String>,
    /// Seconds the ticket waited on the customer or on parts (the SLA clock stopped).
    pub waited_seconds: i64,
    /// Breaches as the ticket's SLA clock recorded them, pauses excluded.
    pub response_breached: bool,
    pub resolution_breached: bool,
}

pub fn tickets(
    conn: &Connection,
    p: &Period,
    tagged: Tagged,
    each: &mut dyn FnMut(TicketFact) -> Result<()>,
) -> Result<()> {
    let (from, to) = p.bounds();
    let (tag_columns, names) = match tagged {
        Tagged::Yes => (
            "t.assigned_to, s.code, coalesce(t.model, m.model), c.code || ' ' || c.name, c.province, t.priority, e.serial_no",
            "LEFT JOIN staff s ON s.id = t.assigned_to
           LEFT JOIN equipment e ON e.id = t.equipment_id LEFT JOIN models m ON m.id = e.model_id",
        ),
        Tagged::No => (NO_TAGS, ""),
    };
    crate::db::each_row(
        conn,
        &format!(
            "SELECT {tag_columns},
                t.opened_at, t.responded_at, t.closed_at, t.waited_seconds, t.response_breached, t.resolution_breached
           FROM tickets t JOIN customers c ON c.id = t.customer_id {names}
          WHERE (t.opened_at >= ?1 AND t.opened_at < ?2) OR (t.closed_at >= ?1 AND t.closed_at < ?2)"
        ),
        params![from, to],
        "counting tickets",
        |r| {
            Ok(TicketFact {
                tags: tags(r, 0)?,
                opened_at: r.get(7)?,
                responded_at: r.get(8)?,
                closed_at: r.get(9)?,
                waited_seconds: r.get(10)?,
                response_breached: r.get(11)?,
                resolution_breached: r.get(12)?,
            })
        },
        each,
    )
}

/// The tickets of `tickets` opened in the period, per technician assigned: how many,
/// how many were answered and how many of those within the SLA (as the ticket's clock
/// recorded it, pauses excluded). Counted in the database for the appraisal, which
/// needs no other tag: a year is about 200,000 tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenedBy {
    pub staff_id: i64,
    pub opened: i64,
    pub answered: i64,
    pub answered_in_sla: i64,
}

pub fn tickets_opened_by_staff(
    conn: &Connection,
    p: &Period,
    each: &mut dyn FnMut(OpenedBy) -> Result<()>,
) -> Result<()> {
    let (from, to) = p.bounds();
    crate::db::each_row(
        conn,
        "SELECT t.assigned_to, count(*), count(t.responded_at),
                count(CASE WHEN t.responded_at IS NOT NULL AND NOT t.response_breached THEN 1 END)
           FROM tickets t JOIN customers c ON c.id = t.customer_id
          WHERE t.opened_at >= ?1 AND t.opened_at < ?2 AND t.assigned_to IS NOT NULL
          GROUP BY t.assigned_to",
        params![from, to],
        "counting tickets per technician",
        |r| Ok(OpenedBy { staff_id: r.get(0)?, opened: r.get(1)?, answered: r.get(2)?, answered_in_sla: r.get(3)? }),
        each,
    )
}

/// A repair opened, signed, or still open at the end of the period (declined later
/// included: it was open then).
#[derive(Debug, Clone)]
pub struct RepairFact {
    pub tags: Tags,
    /// The customer's call: the ticket's opening (downtime starts there).
    pub called_at: String,
    pub opened_at: String,
    pub signed_at: Option<String>,
    /// When the customer declined the plan (the repair ended unrepaired), if so.
    pub declined_at: Option<String>,
    /// Another repair of the same device opened within the repeat window after signing
    /// (`repeats`); looked up for the repairs signed in the period only, false for others.
    pub repeated: bool,
    /// The first inspection's result, when inspected.
    pub first_pass: Option<bool>,
    /// The follow-up's answers, when it was held.
    pub satisfaction: Option<i64>,
    pub nps: Option<i64>,
}

pub fn repairs(
    conn: &Connection,
    p: &Period,
    window_days: i64,
    each: &mut dyn FnMut(RepairFact) -> Result<()>,
) -> Result<()> {
    let openings = repeats::Openings::load(conn, p, window_days)?;
    repairs_with(conn, p, &openings, Tagged::Yes, each)
}

/// The repairs of `repairs`, their repeats found in `openings` (read for `p` or for a
/// longer span that covers it: `repeats::Openings::covers`).
pub fn repairs_with(
    conn: &Connection,
    p: &Period,
    openings: &repeats::Openings,
    tagged: Tagged,
    each: &mut dyn FnMut(RepairFact) -> Result<()>,
) -> Result<()> {
    debug_assert!(openings.covers(p), "the openings are read for the period");
    let (from, to) = p.bounds();
    let (tag_columns, names) = match tagged {
        Tagged::Yes => (
            format!("{REPAIR_STAFF}, s.code, m.model, c.code || ' ' || c.name, c.province, t.priority, e.serial_no"),
            format!("LEFT JOIN staff s ON s.id = {REPAIR_STAFF}"),
        ),
        Tagged::No => (NO_TAGS.to_string(), String::new()),
    };
    let sql = format!(
        "SELECT {tag_columns},
                t.opened_at, r.opened_at, r.signed_at,
                CASE WHEN r.status = 'declined' THEN coalesce(r.finished_at, r.opened_at) END,
                r.id, r.equipment_id, julianday(r.signed_at, ?3),
                (SELECT i.passed FROM inspections i WHERE i.repair_id = r.id ORDER BY i.at, i.id LIMIT 1),
                f.satisfaction, f.nps
           FROM repairs r JOIN tickets t ON t.id = r.ticket_id JOIN equipment e ON e.id = r.equipment_id
           JOIN models m ON m.id = e.model_id JOIN customers c ON c.id = e.customer_id
           {names}
           LEFT JOIN followups f ON f.repair_id = r.id AND f.done_at IS NOT NULL
          WHERE (r.opened_at >= ?1 AND r.opened_at < ?2) OR (r.signed_at >= ?1 AND r.signed_at < ?2)
             OR (r.status IN ({OPEN}) AND r.opened_at < ?2) OR (r.signed_at >= ?2 AND r.opened_at < ?2)
             OR (r.status = 'declined' AND r.finished_at >= ?2 AND r.opened_at < ?2)"
    );
    crate::db::each_row(
        conn,
        &sql,
        params![from, to, repeats::window(openings.window_days())],
        "counting repairs",
        |r| {
            let signed_at: Option<String> = r.get(9)?;
            let repeated = match signed_at.as_deref() {
                Some(s) if s >= from.as_str() && s < to.as_str() => {
                    openings.repeated(r.get(12)?, r.get(11)?, s, r.get(13)?)
                }
                _ => false,
            };
            Ok(RepairFact {
                tags: tags(r, 0)?,
                called_at: r.get(7)?,
                opened_at: r.get(8)?,
                signed_at,
                declined_at: r.get(10)?,
                repeated,
                first_pass: r.get(14)?,
                satisfaction: r.get(15)?,
                nps: r.get(16)?,
            })
        },
        each,
    )
}

/// A follow-up due in the period: held by its due day, or not; one neither held nor
/// yet due on `today` is not counted (it may still be held on time).
#[derive(Debug, Clone)]
pub struct FollowupFact {
    pub tags: Tags,
    pub due: String,
    pub done_on: Option<String>,
}

pub fn followups(
    conn: &Connection,
    p: &Period,
    today: chrono::NaiveDate,
    each: &mut dyn FnMut(FollowupFact) -> Result<()>,
) -> Result<()> {
    let sql = format!(
        "SELECT {REPAIR_STAFF}, s.code, m.model, c.code || ' ' || c.name, c.province, t.priority, e.serial_no, f.due, f.done_at
           FROM followups f JOIN repairs r ON r.id = f.repair_id JOIN tickets t ON t.id = r.ticket_id
           JOIN equipment e ON e.id = r.equipment_id JOIN models m ON m.id = e.model_id
           JOIN customers c ON c.id = e.customer_id LEFT JOIN staff s ON s.id = {REPAIR_STAFF}
          WHERE f.due >= ?1 AND f.due < ?2 AND (f.done_at IS NOT NULL OR f.due < ?3)"
    );
    crate::db::each_row(
        conn,
        &sql,
        params![p.from.to_string(), p.until.to_string(), today.to_string()],
        "counting follow-ups",
        |r| {
            let done: Option<String> = r.get(8)?;
            let done_on = done.and_then(|d| crate::clock::local_date(&d)).map(|d| d.to_string());
            Ok(FollowupFact { tags: tags(r, 0)?, due: r.get(7)?, done_on })
        },
        each,
    )
}

/// A survey answered in the period (overall 1–5, NPS 0–10).
#[derive(Debug, Clone)]
pub struct SurveyFact {
    pub tags: Tags,
    pub date: String,
    pub overall: i64,
    pub nps: Option<i64>,
}

pub fn surveys(conn: &Connection, p: &Period, each: &mut dyn FnMut(SurveyFact) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT NULL, NULL, NULL, c.code || ' ' || c.name, c.province, NULL, NULL, v.date, v.overall, v.nps
           FROM surveys v JOIN customers c ON c.id = v.customer_id WHERE v.date >= ?1 AND v.date < ?2",
        params![p.from.to_string(), p.until.to_string()],
        "counting surveys",
        |r| Ok(SurveyFact { tags: tags(r, 0)?, date: r.get(7)?, overall: r.get(8)?, nps: r.get(9)? }),
        each,
    )
}

/// A complaint received in the period (quality's complaints register, R7.3), attributed
/// to the technician of the device's last repair signed before it was received.
#[derive(Debug, Clone)]
pub struct ComplaintFact {
    pub tags: Tags,
    pub received_at: String,
}

pub fn complaints(conn: &Connection, p: &Period, each: &mut dyn FnMut(ComplaintFact) -> Result<()>) -> Result<()> {
    let (from, to) = p.bounds();
    let sql = format!(
        "SELECT a.staff, s.code, a.model, a.customer, a.province, a.priority, a.device, a.received_at FROM (
           SELECT (SELECT {REPAIR_STAFF} FROM repairs r JOIN tickets t ON t.id = r.ticket_id
                    WHERE r.equipment_id = p.equipment_id AND r.signed_at IS NOT NULL AND r.signed_at <= p.received_at
                    ORDER BY r.signed_at DESC LIMIT 1) AS staff,
                  coalesce(p.model, m.model) AS model, c.code || ' ' || c.name AS customer, c.province AS province,
                  k.priority AS priority, e.serial_no AS device, p.received_at AS received_at
             FROM complaints p JOIN customers c ON c.id = p.customer_id LEFT JOIN tickets k ON k.id = p.ticket_id
             LEFT JOIN equipment e ON e.id = p.equipment_id LEFT JOIN models m ON m.id = e.model_id
            WHERE p.received_at >= ?1 AND p.received_at < ?2) a LEFT JOIN staff s ON s.id = a.staff"
    );
    crate::db::each_row(
        conn,
        &sql,
        params![from, to],
        "counting complaints",
        |r| Ok(ComplaintFact { tags: tags(r, 0)?, received_at: r.get(7)? }),
        each,
    )
}

/// A stock event with a value in fen: parts issued (net of returns), a wait for parts,
/// a counted difference.
#[derive(Debug, Clone)]
pub struct PartsFact {
    pub tags: Tags,
    pub at: String,
    pub kind: PartsKind,
    pub fen: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartsKind {
    Consumed,
    StockOut,
    Variance,
}

pub fn parts(conn: &Connection, p: &Period, each: &mut dyn FnMut(PartsFact) -> Result<()>) -> Result<()> {
    let (from, to) = p.bounds();
    crate::db::each_row(
        conn,
        "SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, v.at, 0, -v.qty * v.unit_cost FROM movements v
          WHERE v.kind IN ('issue', 'return') AND v.at >= ?1 AND v.at < ?2
         UNION ALL
         SELECT t.assigned_to, s.code, coalesce(t.model, m.model), c.code || ' ' || c.name, c.province, t.priority, e.serial_no,
                h.at, 1, 0
           FROM history h JOIN tickets t ON t.code = h.code JOIN customers c ON c.id = t.customer_id
           LEFT JOIN staff s ON s.id = t.assigned_to LEFT JOIN equipment e ON e.id = t.equipment_id
           LEFT JOIN models m ON m.id = e.model_id
          WHERE h.entity = 'ticket' AND h.action = 'wait' AND json_extract(h.after, '$.reason') = 'parts'
            AND h.at >= ?1 AND h.at < ?2
         UNION ALL
         SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, k.posted_at, 2,
                abs(coalesce(l.counted_qty, l.book_qty) - l.book_qty) * coalesce(nullif(p.avg_cost, 0), p.unit_cost, 0)
           FROM count_lines l JOIN counts k ON k.id = l.count_id JOIN parts p ON p.id = l.part_id
          WHERE k.status = 'posted' AND k.posted_at >= ?1 AND k.posted_at < ?2",
        params![from, to],
        "counting parts",
        |r| {
            let kind = match r.get::<_, i64>(8)? {
                0 => PartsKind::Consumed,
                1 => PartsKind::StockOut,
                _ => PartsKind::Variance,
            };
            Ok(PartsFact { tags: tags(r, 0)?, at: r.get(7)?, kind, fen: r.get(9)? })
        },
        each,
    )
}

/// Devices installed by the end of the period and not retired, with their tags (for
/// availability).
pub fn devices(conn: &Connection, p: &Period, tagged: Tagged, each: &mut dyn FnMut(Tags) -> Result<()>) -> Result<()> {
    let tag_columns = match tagged {
        Tagged::Yes => "NULL, NULL, m.model, c.code || ' ' || c.name, c.province, NULL, e.serial_no",
        Tagged::No => NO_TAGS,
    };
    crate::db::each_row(
        conn,
        &format!(
            "SELECT {tag_columns}
           FROM equipment e JOIN models m ON m.id = e.model_id JOIN customers c ON c.id = e.customer_id
          WHERE e.status <> 'retired' AND (e.installed_on IS NULL OR e.installed_on < ?1)"
        ),
        params![p.until.to_string()],
        "counting devices",
        |r| tags(r, 0),
        each,
    )
}
