//! The facts' SQL (`super::super::facts`): one row per ticket, repair, follow-up, survey,
//! complaint, parts event and device in or around a period, with its tags, and the
//! repairs' openings the repeat test reads (`super::super::repeats`). `svc report kpi`,
//! the monthly report and `svc appraisal run` count these rows.

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::report::facts::{
    ComplaintFact, FollowupFact, OpenedBy, PartsFact, PartsKind, RepairFact, RepairRow, SurveyFact, Tagged, Tags,
    TicketFact,
};
use crate::report::figures::Period;

/// The repairs opened after `from` and before `until` (stored instants), device by
/// device from the index on (device, opening), each device's in opening order: (device,
/// repair, opened as stored, SQLite's julianday of it). Devices are taken from
/// `equipment`: a repair's device is a NOT NULL foreign key (enforced: `PRAGMA
/// foreign_keys`, `svc db check`), so no repair is left out. Read this way (a seek into
/// the index per device, then its openings in the span, without reading a table row), a
/// year of openings costs a third of reading them by opening time.
pub fn openings(
    conn: &Connection,
    from: &str,
    until: &str,
    each: &mut dyn FnMut((i64, i64, String, Option<f64>)) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT r.equipment_id, r.id, r.opened_at, julianday(r.opened_at)
           FROM equipment e CROSS JOIN repairs r INDEXED BY repairs_equipment_opened
          WHERE r.equipment_id = e.id AND r.opened_at > ?1 AND r.opened_at < ?2
          ORDER BY e.id, r.opened_at, r.id",
        params![from, until],
        "reading the repairs that may repeat one",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        each,
    )
}

/// The SQL modifier of the repeat window: `+30 days`. A signed repair's bound is
/// `julianday(signed_at, <this>)`, read from SQLite with the repair.
pub fn window(days: i64) -> String {
    format!("+{days} days")
}

/// The seven tag columns of a row left out.
const NO_TAGS: &str = "NULL, NULL, NULL, NULL, NULL, NULL, NULL";

/// A repair's technician: the author of its latest report (a repair with no report on
/// record, as some imported ones: the ticket's technician).
const REPAIR_STAFF: &str = "coalesce((SELECT p.by_staff FROM reports p WHERE p.repair_id = r.id ORDER BY p.version DESC LIMIT 1), t.assigned_to)";

/// The statuses of a repair neither signed nor declined (each term of the WHERE is one an
/// index answers: the period's repairs are found without reading years of them).
const OPEN: &str = "'diagnosing', 'diagnosed', 'awaiting_consent', 'consented', 'in_repair', 'inspected', 'reported'";

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

/// The tickets opened or closed in `p`.
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

/// The tickets opened in `p`, counted per technician assigned.
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

/// The repairs `facts::repairs` counts in `p`, each with what its repeat test needs
/// (`window_days`: the repeat window, for the bound of its signature).
pub fn repairs(
    conn: &Connection,
    p: &Period,
    window_days: i64,
    tagged: Tagged,
    each: &mut dyn FnMut(RepairRow) -> Result<()>,
) -> Result<()> {
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
        params![from, to, window(window_days)],
        "counting repairs",
        |r| {
            Ok(RepairRow {
                fact: RepairFact {
                    tags: tags(r, 0)?,
                    called_at: r.get(7)?,
                    opened_at: r.get(8)?,
                    signed_at: r.get(9)?,
                    declined_at: r.get(10)?,
                    repeated: false,
                    first_pass: r.get(14)?,
                    satisfaction: r.get(15)?,
                    nps: r.get(16)?,
                },
                id: r.get(11)?,
                device: r.get(12)?,
                bound: r.get(13)?,
            })
        },
        each,
    )
}

/// The follow-ups due in `p`, as known on `today`.
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

/// The surveys answered in `p`.
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

/// The complaints received in `p`.
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

/// The parts events of `p`.
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
