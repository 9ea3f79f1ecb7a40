//! The emergency area's SQL (the storage seam, issue 8): small named reads that
//! return typed rows and writes that take the values the rules decided. The rules
//! (plan documents and their versions, the moves of drills and incidents, the reserve
//! checks) decide in their modules and call these; nothing else of the area prepares
//! a statement.

use rusqlite::{params, Connection, OptionalExtension};

use crate::db::Tx;
use crate::due::When;
use crate::error::{Result, SqlContext};

use super::{drill, incident, plan};

// Plans and their versions.

/// Add a plan (its versions follow); its id.
pub fn insert_plan(tx: &Tx, code: &str) -> Result<i64> {
    tx.query_row(
        "INSERT INTO emergency_plans(code, created_at) VALUES (?1, ?2) RETURNING id",
        params![code, tx.now],
        |r| r.get(0),
    )
    .ctx("adding a plan")
}

/// The plan a drill is of.
pub fn plan_of_drill(conn: &Connection, drill_id: i64) -> Result<i64> {
    conn.query_row("SELECT plan_id FROM drills WHERE id = ?1", [drill_id], |r| r.get(0)).ctx("reading a drill")
}

/// A plan version as it is written.
pub struct NewVersion<'a> {
    pub plan_id: i64,
    pub version: i64,
    pub title: &'a str,
    pub source: &'a str,
    /// The document as JSON.
    pub document: &'a str,
    pub reason: Option<&'a str>,
    pub drill_id: Option<i64>,
}

pub fn insert_version(tx: &Tx, v: &NewVersion) -> Result<()> {
    tx.execute(
        "INSERT INTO emergency_plan_versions(plan_id, version, title, source, document, reason, drill_id, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![v.plan_id, v.version, v.title, v.source, v.document, v.reason, v.drill_id, tx.now, tx.actor],
    )
    .ctx("adding a plan version")?;
    Ok(())
}

/// A revision answers a drill's open findings: `note` names the version.
pub fn answer_by_revision(tx: &Tx, drill_id: i64) -> Result<()> {
    tx.execute(
        "UPDATE drill_findings SET answer = 'revision', answered_at = ?2, answered_by = ?3, answer_note = NULL
          WHERE drill_id = ?1 AND answer IS NULL",
        params![drill_id, tx.now, tx.actor],
    )
    .ctx("answering the drill's findings")?;
    Ok(())
}

/// The plan's id, if it exists.
pub fn find_plan(conn: &Connection, code: &str) -> Result<Option<i64>> {
    conn.query_row("SELECT id FROM emergency_plans WHERE code = ?1", [code], |r| r.get(0))
        .optional()
        .ctx("looking up a plan")
}

/// The number of a plan's latest version.
pub fn latest_version(conn: &Connection, plan_id: i64) -> Result<i64> {
    conn.query_row("SELECT max(version) FROM emergency_plan_versions WHERE plan_id = ?1", [plan_id], |r| r.get(0))
        .ctx("reading a plan's versions")
}

/// A stored version: source, document (JSON), reason, drill code, when and by whom imported.
pub type StoredVersion = (String, String, Option<String>, Option<String>, String, String);

pub fn version(conn: &Connection, plan_id: i64, n: i64) -> Result<Option<StoredVersion>> {
    conn.query_row(
        "SELECT v.source, v.document, v.reason, d.code, v.imported_at, v.imported_by
           FROM emergency_plan_versions v LEFT JOIN drills d ON d.id = v.drill_id
          WHERE v.plan_id = ?1 AND v.version = ?2",
        params![plan_id, n],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )
    .optional()
    .ctx("reading a plan version")
}

/// A plan's latest version: code, version, title, imported at, the plan's creation, its
/// last evaluated drill.
pub type LatestPlan = (String, i64, String, String, String, Option<String>);

/// Every plan's latest version, by code.
pub fn plans(conn: &Connection, each: &mut dyn FnMut(LatestPlan) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT p.code, v.version, v.title, v.imported_at, p.created_at,
                (SELECT max(d.held_at) FROM drills d WHERE d.plan_id = p.id AND d.status = 'evaluated')
           FROM emergency_plans p JOIN emergency_plan_versions v ON v.plan_id = p.id
          WHERE v.version = (SELECT max(version) FROM emergency_plan_versions x WHERE x.plan_id = p.id)
          ORDER BY p.code",
        [],
        "listing plans",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        each,
    )
}

/// A plan's versions in order.
pub fn versions(conn: &Connection, plan_id: i64) -> Result<Vec<plan::VersionRow>> {
    crate::db::all_rows(
        conn,
        "SELECT v.version, v.title, v.imported_at, v.imported_by, v.reason, d.code
           FROM emergency_plan_versions v LEFT JOIN drills d ON d.id = v.drill_id WHERE v.plan_id = ?1 ORDER BY v.version",
        [plan_id],
        "listing plan versions",
        |r| {
            Ok(plan::VersionRow {
                version: r.get(0)?,
                title: r.get(1)?,
                imported_at: crate::clock::show_local(&r.get::<_, String>(2)?),
                imported_by: r.get(3)?,
                reason: r.get(4)?,
                drill: r.get(5)?,
            })
        },
    )
}

// Drills and their findings.

pub fn insert_drill(tx: &Tx, code: &str, plan_id: i64, kind: &str, on: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO drills(code, plan_id, kind, scheduled_on, status) VALUES (?1, ?2, ?3, ?4, 'scheduled')",
        params![code, plan_id, kind, on],
    )
    .ctx("scheduling a drill")?;
    Ok(())
}

/// A drill as its moves read it: id, status, plan code, observer.
pub type DrillState = (i64, String, String, Option<String>);

/// Drill `code`, if there is one.
pub fn drill_state(conn: &Connection, code: &str) -> Result<Option<DrillState>> {
    conn.query_row(
        "SELECT d.id, d.status, p.code, d.observer FROM drills d JOIN emergency_plans p ON p.id = d.plan_id WHERE d.code = ?1",
        [code],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .optional()
    .ctx("looking up a drill")
}

/// A held drill as it is recorded (participants and timings as JSON).
pub struct HeldRow<'a> {
    pub version: i64,
    pub held_at: &'a str,
    pub observer: &'a str,
    pub participants: &'a str,
    pub timings: &'a str,
    pub result: &'a str,
}

pub fn record_drill(tx: &Tx, id: i64, status: &str, h: &HeldRow) -> Result<()> {
    tx.execute(
        "UPDATE drills SET status = ?2, version = ?3, held_at = ?4, observer = ?5, participants = ?6, timings = ?7,
                result = ?8 WHERE id = ?1",
        params![id, status, h.version, h.held_at, h.observer, h.participants, h.timings, h.result],
    )
    .ctx("recording a drill")?;
    Ok(())
}

/// The number a drill's next finding takes.
pub fn last_finding_seq(conn: &Connection, drill_id: i64) -> Result<i64> {
    conn.query_row("SELECT coalesce(max(seq), 0) FROM drill_findings WHERE drill_id = ?1", [drill_id], |r| r.get(0))
        .ctx("numbering findings")
}

/// Finding `seq` of a drill: its kind, subject and detail (JSON).
pub fn insert_drill_finding(tx: &Tx, drill_id: i64, seq: i64, kind: &str, subject: &str, detail: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO drill_findings(drill_id, seq, kind, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![drill_id, seq, kind, subject, detail],
    )
    .ctx("recording a finding")?;
    Ok(())
}

/// The evaluation of a held drill (lessons as JSON), in the transaction's time and actor.
pub fn evaluate_drill(tx: &Tx, id: i64, status: &str, rating: i64, lessons: &str) -> Result<()> {
    tx.execute(
        "UPDATE drills SET status = ?2, rating = ?3, lessons = ?4, evaluated_at = ?5, evaluated_by = ?6 WHERE id = ?1",
        params![id, status, rating, lessons, tx.now, tx.actor],
    )
    .ctx("evaluating a drill")?;
    Ok(())
}

/// A cancelled drill keeps its reason as its note.
pub fn cancel_drill(tx: &Tx, id: i64, status: &str, reason: &str) -> Result<()> {
    tx.execute("UPDATE drills SET status = ?2, note = ?3 WHERE id = ?1", params![id, status, reason])
        .ctx("cancelling a drill")?;
    Ok(())
}

/// Finding `seq` of a drill: none when there is no such finding, else its answer if any.
pub fn drill_finding_answer(conn: &Connection, drill_id: i64, seq: i64) -> Result<Option<Option<String>>> {
    conn.query_row("SELECT answer FROM drill_findings WHERE drill_id = ?1 AND seq = ?2", params![drill_id, seq], |r| {
        r.get(0)
    })
    .optional()
    .ctx("looking up a finding")
}

/// Answer a drill's open findings (one, or all) with "no change"; how many were answered.
pub fn answer_no_change(tx: &Tx, drill_id: i64, seq: Option<i64>, by: &str, note: &str) -> Result<usize> {
    tx.execute(
        "UPDATE drill_findings SET answer = 'no_change', answered_at = ?3, answered_by = ?4, answer_note = ?5
          WHERE drill_id = ?1 AND answer IS NULL AND (?2 IS NULL OR seq = ?2)",
        params![drill_id, seq, tx.now, by, note],
    )
    .ctx("answering findings")
}

/// Drill findings by drill and number, each with its detail (JSON) beside the row.
pub fn drill_findings(
    conn: &Connection,
    drill: Option<&str>,
    plan_code: Option<&str>,
    open: bool,
    each: &mut dyn FnMut((drill::FindingRow, String)) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT d.code, p.code, f.seq, f.kind, f.detail, f.answer, f.answered_by, f.answer_note,
                (SELECT min(v.version) FROM emergency_plan_versions v
                  WHERE f.answer = 'revision' AND v.drill_id = f.drill_id AND v.imported_at = f.answered_at)
           FROM drill_findings f JOIN drills d ON d.id = f.drill_id JOIN emergency_plans p ON p.id = d.plan_id
          WHERE (?1 IS NULL OR d.code = ?1) AND (?2 IS NULL OR p.code = ?2) AND (NOT ?3 OR f.answer IS NULL)
          ORDER BY d.code, f.seq",
        params![drill, plan_code, open],
        "listing drill findings",
        |r| {
            Ok((
                drill::FindingRow {
                    drill: r.get(0)?,
                    plan: r.get(1)?,
                    seq: r.get(2)?,
                    kind: r.get(3)?,
                    finding: String::new(),
                    answer: r.get(5)?,
                    answered_by: r.get(6)?,
                    answer_note: r.get(7)?,
                    answer_version: r.get(8)?,
                },
                r.get::<_, String>(4)?,
            ))
        },
        each,
    )
}

/// Drills by day and code, filtered, with their open findings counted.
pub fn drills(conn: &Connection, f: &drill::Filter, each: &mut dyn FnMut(drill::Listed) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT d.code, p.code, d.version, d.kind, d.scheduled_on, d.status, d.held_at, d.rating,
                (SELECT count(*) FROM drill_findings f WHERE f.drill_id = d.id AND f.answer IS NULL)
           FROM drills d JOIN emergency_plans p ON p.id = d.plan_id
          WHERE (?1 IS NULL OR p.code = ?1) AND (?2 IS NULL OR d.status = ?2)
            AND (?3 IS NULL OR (d.status = 'scheduled' AND d.scheduled_on <= ?3))
          ORDER BY d.scheduled_on, d.code",
        params![f.plan, f.status, f.scheduled_until],
        "listing drills",
        |r| {
            Ok(drill::Listed {
                code: r.get(0)?,
                plan: r.get(1)?,
                version: r.get(2)?,
                kind: r.get(3)?,
                scheduled_on: r.get(4)?,
                status: r.get(5)?,
                held_at: r.get::<_, Option<String>>(6)?.as_deref().map(crate::clock::show_local),
                rating: r.get(7)?,
                open_findings: r.get(8)?,
            })
        },
        each,
    )
}

/// A drill as its report reads it.
pub struct DrillFacts {
    pub plan: String,
    pub version: Option<i64>,
    pub kind: String,
    pub status: String,
    pub scheduled_on: String,
    pub held_at: Option<String>,
    pub observer: Option<String>,
    /// JSON array.
    pub participants: Option<String>,
    /// JSON object: step key to minutes.
    pub timings: Option<String>,
    pub result: Option<String>,
    pub rating: Option<i64>,
    /// JSON array.
    pub lessons: Option<String>,
}

pub fn drill_facts(conn: &Connection, code: &str) -> Result<DrillFacts> {
    conn.query_row(
        "SELECT p.code, d.version, d.kind, d.status, d.scheduled_on, d.held_at, d.observer, d.participants,
                d.timings, d.result, d.rating, d.lessons
           FROM drills d JOIN emergency_plans p ON p.id = d.plan_id WHERE d.code = ?1",
        [code],
        |r| {
            Ok(DrillFacts {
                plan: r.get(0)?,
                version: r.get(1)?,
                kind: r.get(2)?,
                status: r.get(3)?,
                scheduled_on: r.get(4)?,
                held_at: r.get(5)?,
                observer: r.get(6)?,
                participants: r.get(7)?,
                timings: r.get(8)?,
                result: r.get(9)?,
                rating: r.get(10)?,
                lessons: r.get(11)?,
            })
        },
    )
    .ctx("reading a drill")
}

/// The last drill held of a plan, if any: code and when.
pub fn last_held(conn: &Connection, plan_id: i64) -> Result<Option<(String, String)>> {
    conn.query_row(
        "SELECT code, held_at FROM drills WHERE plan_id = ?1 AND held_at IS NOT NULL ORDER BY held_at DESC LIMIT 1",
        [plan_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .ctx("looking for the plan's last drill")
}

/// Scheduled drills not yet held, due on their day (`?1`), for `svc due`.
pub const DRILLS_DUE: &str = "SELECT d.code, d.scheduled_on, d.observer, d.kind, p.code
   FROM drills d JOIN emergency_plans p ON p.id = d.plan_id
  WHERE d.status = 'scheduled' AND d.scheduled_on <= ?1";

/// Plans created before `?1` and not drilled (evaluated) since, with their last evaluated drill.
pub const PLANS_TO_REVIEW: &str = "SELECT p.code, p.created_at,
        (SELECT max(d.held_at) FROM drills d WHERE d.plan_id = p.id AND d.status = 'evaluated')
   FROM emergency_plans p
  WHERE p.created_at < ?1
    AND NOT EXISTS (SELECT 1 FROM drills d WHERE d.plan_id = p.id AND d.status = 'evaluated' AND d.held_at >= ?1)";

/// Plans to review before `bound`: code, created, last evaluated drill.
pub fn plans_to_review(
    conn: &Connection,
    bound: &str,
    each: &mut dyn FnMut((String, String, Option<String>)) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        PLANS_TO_REVIEW,
        [bound],
        "looking for plans to review",
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)),
        each,
    )
}

// Incidents: activations of a plan, their call list and timeline.

/// An incident as it is opened, its targets decided (UTC text).
pub struct NewIncidentRow<'a> {
    pub code: &'a str,
    pub plan_id: i64,
    pub version: i64,
    pub level: &'a str,
    pub summary: &'a str,
    pub ticket: Option<&'a str>,
    pub customer: Option<&'a str>,
    /// Serial numbers as a JSON array.
    pub equipment: &'a str,
    pub opened_at: &'a str,
    pub on_site_due: &'a str,
    pub resolve_due: &'a str,
    pub report_every: i64,
    pub report_due: &'a str,
}

/// Open an incident with its call list (role, staff); its id.
pub fn insert_incident(tx: &Tx, n: &NewIncidentRow, calls: &[(&str, &str)]) -> Result<i64> {
    let id: i64 = tx
        .query_row(
            "INSERT INTO incidents(code, plan_id, version, level, status, summary, ticket, customer, equipment, opened_at,
                                   on_site_due, resolve_due, report_every, report_due)
             VALUES (?1, ?2, ?3, ?4, 'active', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             RETURNING id",
            params![
                n.code,
                n.plan_id,
                n.version,
                n.level,
                n.summary,
                n.ticket,
                n.customer,
                n.equipment,
                n.opened_at,
                n.on_site_due,
                n.resolve_due,
                n.report_every,
                n.report_due,
            ],
            |r| r.get(0),
        )
        .ctx("opening an incident")?;
    for (role, staff) in calls {
        tx.execute(
            "INSERT INTO incident_roles(incident_id, role, staff) VALUES (?1, ?2, ?3)",
            params![id, role, staff],
        )
        .ctx("recording the call list")?;
    }
    Ok(id)
}

/// One entry of an incident's timeline.
pub struct NewEvent<'a> {
    pub at: &'a str,
    pub kind: &'a str,
    pub by: Option<&'a str>,
    pub to: Option<&'a str>,
    pub level: Option<&'a str>,
    pub note: Option<&'a str>,
}

pub fn insert_event(tx: &Tx, incident_id: i64, e: &NewEvent) -> Result<()> {
    tx.execute(
        "INSERT INTO incident_events(incident_id, at, kind, by_whom, to_whom, level, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![incident_id, e.at, e.kind, e.by, e.to, e.level, e.note],
    )
    .ctx("adding to the incident's timeline")?;
    Ok(())
}

/// Incident `code` as its moves read it, with the time of its latest event.
pub fn incident_state(conn: &Connection, code: &str) -> Result<Option<incident::State>> {
    conn.query_row(
        "SELECT i.id, i.status, i.plan_id, p.code, i.version, i.level, i.opened_at,
                (SELECT max(at) FROM incident_events e WHERE e.incident_id = i.id)
           FROM incidents i JOIN emergency_plans p ON p.id = i.plan_id WHERE i.code = ?1",
        [code],
        |r| {
            Ok(incident::State {
                id: r.get(0)?,
                status: r.get(1)?,
                plan_id: r.get(2)?,
                plan: r.get(3)?,
                version: r.get(4)?,
                level: r.get(5)?,
                opened_at: r.get(6)?,
                last_at: r.get(7)?,
            })
        },
    )
    .optional()
    .ctx("looking up an incident")
}

/// The roles a staff member holds in an incident, with when each was acknowledged.
pub fn roles_of(conn: &Connection, incident_id: i64, staff: &str) -> Result<Vec<(String, Option<String>)>> {
    crate::db::all_rows(
        conn,
        "SELECT role, acked_at FROM incident_roles WHERE incident_id = ?1 AND staff = ?2 ORDER BY role",
        params![incident_id, staff],
        "reading the call list",
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A staff member acknowledges every role of theirs not acknowledged yet.
pub fn ack_roles(tx: &Tx, incident_id: i64, staff: &str, at: &str) -> Result<()> {
    tx.execute(
        "UPDATE incident_roles SET acked_at = ?3 WHERE incident_id = ?1 AND staff = ?2 AND acked_at IS NULL",
        params![incident_id, staff, at],
    )
    .ctx("recording an acknowledgement")?;
    Ok(())
}

pub fn arrived(tx: &Tx, id: i64, status: &str, at: &str) -> Result<()> {
    tx.execute("UPDATE incidents SET status = ?2, on_site_at = ?3 WHERE id = ?1", params![id, status, at])
        .ctx("recording the arrival on site")?;
    Ok(())
}

/// Seconds between an incident's progress reports.
pub fn report_every(conn: &Connection, id: i64) -> Result<i64> {
    conn.query_row("SELECT report_every FROM incidents WHERE id = ?1", [id], |r| r.get(0)).ctx("reading an incident")
}

pub fn set_report_due(tx: &Tx, id: i64, due: &str) -> Result<()> {
    tx.execute("UPDATE incidents SET report_due = ?2 WHERE id = ?1", params![id, due])
        .ctx("setting the next report")?;
    Ok(())
}

/// When the incident's last progress report was made, if any.
pub fn last_report(conn: &Connection, id: i64) -> Result<Option<String>> {
    conn.query_row("SELECT max(at) FROM incident_events WHERE incident_id = ?1 AND kind = 'report'", [id], |r| r.get(0))
        .ctx("reading the last report")
}

/// A level's targets as they apply to an incident (UTC text).
pub struct LevelTargets<'a> {
    pub level: &'a str,
    pub on_site_due: &'a str,
    pub resolve_due: &'a str,
    pub report_every: i64,
    pub report_due: &'a str,
}

pub fn escalated(tx: &Tx, id: i64, t: &LevelTargets) -> Result<()> {
    tx.execute(
        "UPDATE incidents SET level = ?2, on_site_due = ?3, resolve_due = ?4, report_every = ?5, report_due = ?6
          WHERE id = ?1",
        params![id, t.level, t.on_site_due, t.resolve_due, t.report_every, t.report_due],
    )
    .ctx("escalating an incident")?;
    Ok(())
}

/// Close an incident: restored at, resolution, closed at; no report falls due after.
pub fn close_incident(tx: &Tx, id: i64, status: &str, restored: &str, resolution: &str, at: &str) -> Result<()> {
    tx.execute(
        "UPDATE incidents SET status = ?2, restored_at = ?3, resolution = ?4, closed_at = ?5, report_due = NULL
          WHERE id = ?1",
        params![id, status, restored, resolution, at],
    )
    .ctx("closing an incident")?;
    Ok(())
}

pub fn reviewed(tx: &Tx, id: i64, status: &str, note: &str) -> Result<()> {
    tx.execute("UPDATE incidents SET status = ?2, review = ?3 WHERE id = ?1", params![id, status, note])
        .ctx("reviewing an incident")?;
    Ok(())
}

/// An incident's devices (JSON array), when it was opened and restored.
pub fn downtime_facts(conn: &Connection, id: i64) -> Result<(String, String, Option<String>)> {
    conn.query_row("SELECT equipment, opened_at, restored_at FROM incidents WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
    .ctx("reading an incident")
}

/// An open incident as stored: id, code, level, [opened, on-site due, resolve due],
/// on site at, next report due.
pub type OpenRow = (i64, String, String, [String; 3], Option<String>, Option<String>);

/// Every open incident, by activation.
pub fn open_incidents(conn: &Connection) -> Result<Vec<OpenRow>> {
    crate::db::all_rows(
        conn,
        "SELECT id, code, level, opened_at, on_site_due, on_site_at, resolve_due, report_due FROM incidents
          WHERE status IN ('active', 'on_site') ORDER BY opened_at, code",
        [],
        "listing open incidents",
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                [r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get::<_, String>(6)?],
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(7)?,
            ))
        },
    )
}

/// The roles of an incident not acknowledged yet, with their holders.
pub fn unacked(conn: &Connection, incident_id: i64) -> Result<Vec<(String, String)>> {
    crate::db::all_rows(
        conn,
        "SELECT role, staff FROM incident_roles WHERE incident_id = ?1 AND acked_at IS NULL ORDER BY role",
        [incident_id],
        "reading the call list",
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Incidents by activation, of one status or all.
pub fn incidents(
    conn: &Connection,
    status: Option<&str>,
    each: &mut dyn FnMut(incident::Listed) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT i.code, p.code, i.level, i.status, i.opened_at, i.summary, i.report_due, i.resolve_due
           FROM incidents i JOIN emergency_plans p ON p.id = i.plan_id WHERE (?1 IS NULL OR i.status = ?1)
          ORDER BY i.opened_at, i.code",
        [status],
        "listing incidents",
        |r| {
            Ok(incident::Listed {
                code: r.get(0)?,
                plan: r.get(1)?,
                level: r.get(2)?,
                status: r.get(3)?,
                opened_at: crate::clock::show_local(&r.get::<_, String>(4)?),
                summary: r.get(5)?,
                report_due: r.get::<_, Option<String>>(6)?.as_deref().map(crate::clock::show_local),
                resolve_due: crate::clock::show_local(&r.get::<_, String>(7)?),
            })
        },
        each,
    )
}

/// What an incident's report reads beside its state.
pub struct IncidentFacts {
    pub summary: String,
    pub ticket: Option<String>,
    pub customer: Option<String>,
    pub on_site_due: String,
    pub resolve_due: String,
    pub on_site_at: Option<String>,
    pub restored_at: Option<String>,
    pub resolution: Option<String>,
    pub review: Option<String>,
    pub report_every: i64,
}

pub fn incident_facts(conn: &Connection, id: i64) -> Result<IncidentFacts> {
    conn.query_row(
        "SELECT summary, ticket, customer, on_site_due, resolve_due, on_site_at, restored_at, resolution, review,
                report_every
           FROM incidents WHERE id = ?1",
        [id],
        |r| {
            Ok(IncidentFacts {
                summary: r.get(0)?,
                ticket: r.get(1)?,
                customer: r.get(2)?,
                on_site_due: r.get(3)?,
                resolve_due: r.get(4)?,
                on_site_at: r.get(5)?,
                restored_at: r.get(6)?,
                resolution: r.get(7)?,
                review: r.get(8)?,
                report_every: r.get(9)?,
            })
        },
    )
    .ctx("reading an incident")
}

/// An incident's call list in the order it was drawn up.
pub fn call_list(conn: &Connection, incident_id: i64) -> Result<Vec<incident::RoleState>> {
    crate::db::all_rows(
        conn,
        "SELECT role, staff, acked_at FROM incident_roles WHERE incident_id = ?1 ORDER BY rowid",
        [incident_id],
        "reading the call list",
        |r| Ok(incident::RoleState { role: r.get(0)?, staff: r.get(1)?, acked_at: r.get(2)? }),
    )
}

/// An incident's timeline in order.
pub fn timeline(conn: &Connection, incident_id: i64) -> Result<Vec<incident::Event>> {
    crate::db::all_rows(
        conn,
        "SELECT at, kind, by_whom, to_whom, level, note FROM incident_events WHERE incident_id = ?1 ORDER BY at, id",
        [incident_id],
        "reading the timeline",
        |r| {
            Ok(incident::Event {
                at: r.get(0)?,
                kind: r.get(1)?,
                by: r.get(2)?,
                to: r.get(3)?,
                level: r.get(4)?,
                note: r.get(5)?,
            })
        },
    )
}

/// Progress reports of open incidents due before `?1`, for `svc due`.
pub const INCIDENT_REPORTS_DUE: &str = "SELECT i.code, i.report_due, NULL, i.level
   FROM incidents i WHERE i.report_due IS NOT NULL AND i.report_due < ?1";

// Reserve stores and their checks.

/// Register a reserve store (once), so that its checks fall due.
pub fn register_store(tx: &Tx, location: &str) -> Result<()> {
    tx.execute("INSERT OR IGNORE INTO reserve_stores(location, since) VALUES (?1, ?2)", params![location, tx.now])
        .ctx("registering a reserve store")?;
    Ok(())
}

/// A reserve check as it is recorded (lines and proposals as JSON).
pub struct CheckRow<'a> {
    pub code: &'a str,
    pub location: &'a str,
    pub at: &'a str,
    pub by: &'a str,
    pub note: Option<&'a str>,
    pub lines: &'a str,
    pub proposals: &'a str,
}

pub fn insert_check(tx: &Tx, c: &CheckRow) -> Result<()> {
    tx.execute(
        "INSERT INTO reserve_checks(code, location, at, by_staff, note, lines, proposals) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![c.code, c.location, c.at, c.by, c.note, c.lines, c.proposals],
    )
    .ctx("recording a reserve check")?;
    Ok(())
}

/// Reserve stores with no check since `?1`: location, since, last check.
pub const STORES_TO_CHECK: &str =
    "SELECT s.location, s.since, (SELECT max(c.at) FROM reserve_checks c WHERE c.location = s.location)
   FROM reserve_stores s
  WHERE NOT EXISTS (SELECT 1 FROM reserve_checks c WHERE c.location = s.location AND c.at >= ?1)";

pub fn stores_to_check(
    conn: &Connection,
    bound: &str,
    each: &mut dyn FnMut((String, When, Option<When>)) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        STORES_TO_CHECK,
        [bound],
        "looking for reserve checks due",
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, When>(1)?, r.get::<_, Option<When>>(2)?)),
        each,
    )
}
