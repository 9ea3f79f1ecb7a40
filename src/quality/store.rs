//! The quality area's SQL (the storage seam, issue 8): small named reads that return
//! typed rows and writes that take the values the rules decided. The rules (the moves
//! of the inspections', findings' and complaints' workflows, the record checks of the
//! sampling, the standards' versions and review days) decide in their modules and
//! call these; nothing else of the area prepares a statement.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

use crate::clock::show_local;
use crate::db::{document_id, Tx};
use crate::error::{Result, SqlContext};

use super::standard::Standard;
use super::{audit, complaint, files, finding, sample, standard, template};

// Inspections (audits).

/// Write a new inspection with its auditor and the facts its status bears out.
pub fn insert_audit(tx: &Tx, i: &audit::Inspection, auditor_id: i64, summary: Option<&str>) -> Result<()> {
    tx.execute(
        "INSERT INTO audits(code, scope, planned_on, auditor_id, status, opened_at, closed_at, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![i.code, i.scope.trim(), i.planned_on, auditor_id, i.status, i.opened_at, i.closed_at, summary],
    )
    .ctx("planning an inspection")?;
    Ok(())
}

/// Inspection `code` as its moves read it (not found: the usual refusal with a hint).
pub fn audit_state(conn: &Connection, code: &str) -> Result<audit::State> {
    let id = document_id(conn, "audits", "inspection", "svc audit list", code)?;
    conn.query_row(
        "SELECT a.status, a.auditor_id, s.code, a.opened_at, a.closed_at FROM audits a
           JOIN staff s ON s.id = a.auditor_id WHERE a.id = ?1",
        [id],
        |r| {
            Ok(audit::State {
                id,
                status: r.get(0)?,
                auditor_id: r.get(1)?,
                auditor: r.get(2)?,
                opened_at: r.get(3)?,
                closed_at: r.get(4)?,
            })
        },
    )
    .ctx("reading an inspection")
}

pub fn open_audit(tx: &Tx, id: i64, status: &str, at: &str) -> Result<()> {
    tx.execute("UPDATE audits SET status = ?2, opened_at = ?3 WHERE id = ?1", params![id, status, at])
        .ctx("opening an inspection")?;
    Ok(())
}

pub fn close_audit(tx: &Tx, id: i64, status: &str, at: &str, summary: &str) -> Result<()> {
    tx.execute(
        "UPDATE audits SET status = ?2, closed_at = ?3, summary = ?4 WHERE id = ?1",
        params![id, status, at, summary],
    )
    .ctx("closing an inspection")?;
    Ok(())
}

/// A cancelled inspection keeps its reason as its summary.
pub fn cancel_audit(tx: &Tx, id: i64, status: &str, reason: &str) -> Result<()> {
    tx.execute("UPDATE audits SET status = ?2, summary = ?3 WHERE id = ?1", params![id, status, reason])
        .ctx("cancelling an inspection")?;
    Ok(())
}

/// Inspections by day and code, with their findings counted.
pub fn audits(conn: &Connection, f: &audit::Filter, each: &mut dyn FnMut(audit::Line) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        "SELECT a.code, a.scope, a.planned_on, s.code, a.status, a.opened_at, a.closed_at,
                (SELECT count(*) FROM findings f WHERE f.audit_id = a.id),
                (SELECT count(*) FROM findings f WHERE f.audit_id = a.id AND f.status <> 'closed')
           FROM audits a JOIN staff s ON s.id = a.auditor_id
          WHERE (?1 IS NULL OR a.code = ?1) AND (?2 IS NULL OR a.status = ?2)
            AND (?3 IS NULL OR (a.status = 'planned' AND a.planned_on < ?3))
          ORDER BY a.planned_on, a.code LIMIT ?4",
        params![f.code, f.status, f.overdue_before, limit],
        "listing inspections",
        |r| {
            Ok(audit::Line {
                code: r.get(0)?,
                scope: r.get(1)?,
                planned_on: r.get(2)?,
                auditor: r.get(3)?,
                status: r.get(4)?,
                opened: r.get::<_, Option<String>>(5)?.map(|t| show_local(&t)),
                closed: r.get::<_, Option<String>>(6)?.map(|t| show_local(&t)),
                findings: r.get(7)?,
                open_findings: r.get(8)?,
            })
        },
        each,
    )
}

/// Planned inspections due on their day (`?1`), for `svc due`.
pub const AUDITS_DUE: &str = "SELECT a.code, a.planned_on, s.code, a.scope
   FROM audits a JOIN staff s ON s.id = a.auditor_id
  WHERE a.status = 'planned' AND a.planned_on <= ?1";

// Checklists and their templates.

/// A filled checklist was applied to inspection `audit_id`: against which template
/// version, and the file's SHA-256.
pub fn checklist_applied(tx: &Tx, audit_id: i64, template_id: i64, sha256: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_checklists(audit_id, template_id, sha256, applied_at) VALUES (?1, ?2, ?3, ?4)",
        params![audit_id, template_id, sha256, tx.now],
    )
    .ctx("recording an applied checklist")?;
    Ok(())
}

/// The checklists an inspection answered: template, version, title, when, SHA-256.
pub fn checklists_applied(conn: &Connection, audit_id: i64) -> Result<Vec<Vec<Value>>> {
    crate::db::all_rows(
        conn,
        "SELECT t.code, t.version, t.title, c.applied_at, c.sha256 FROM audit_checklists c
           JOIN checklist_templates t ON t.id = c.template_id WHERE c.audit_id = ?1 ORDER BY c.id",
        [audit_id],
        "reading applied checklists",
        |r| {
            Ok(vec![
                json!(r.get::<_, String>(0)?),
                json!(r.get::<_, i64>(1)?),
                json!(r.get::<_, String>(2)?),
                json!(show_local(&r.get::<_, String>(3)?)),
                json!(r.get::<_, String>(4)?),
            ])
        },
    )
}

/// The latest version of template `code` and its fingerprint, if there is one.
pub fn template_last(conn: &Connection, code: &str) -> Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT version, sha256 FROM checklist_templates WHERE code = ?1 ORDER BY version DESC LIMIT 1",
        [code],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .ctx("reading a checklist template")
}

/// A template version as it is written.
pub struct NewTemplate<'a> {
    pub code: &'a str,
    pub version: i64,
    pub title: &'a str,
    /// The questions as JSON.
    pub items: &'a str,
    pub source: &'a str,
    pub sha256: &'a str,
    pub reason: Option<&'a str>,
}

pub fn insert_template(tx: &Tx, t: &NewTemplate) -> Result<()> {
    tx.execute(
        "INSERT INTO checklist_templates(code, version, title, items, source, sha256, reason, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![t.code, t.version, t.title, t.items, t.source, t.sha256, t.reason, tx.now],
    )
    .ctx("recording a checklist template")?;
    Ok(())
}

/// A template version as stored: id, version, title, items (JSON), source.
pub type StoredTemplate = (i64, i64, String, String, String);

/// Version `version` (the latest when none) of template `code`.
pub fn template(conn: &Connection, code: &str, version: Option<i64>) -> Result<Option<StoredTemplate>> {
    conn.query_row(
        "SELECT id, version, title, items, source FROM checklist_templates
          WHERE code = ?1 AND (?2 IS NULL OR version = ?2) ORDER BY version DESC LIMIT 1",
        params![code, version],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .optional()
    .ctx("reading a checklist template")
}

/// The latest version of each template, or every version, of `code` or all.
pub fn templates(
    conn: &Connection,
    code: Option<&str>,
    all_versions: bool,
    each: &mut dyn FnMut(template::Line) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT t.code, t.version, t.title, json_array_length(t.items), t.reason, t.added_at,
                (SELECT count(DISTINCT c.audit_id) FROM audit_checklists c WHERE c.template_id = t.id)
           FROM checklist_templates t
          WHERE (?1 IS NULL OR t.code = ?1)
            AND (?2 = 1 OR t.version = (SELECT max(n.version) FROM checklist_templates n WHERE n.code = t.code))
          ORDER BY t.code, t.version",
        params![code, all_versions],
        "listing checklist templates",
        |r| {
            Ok(template::Line {
                code: r.get(0)?,
                version: r.get(1)?,
                title: r.get(2)?,
                items: r.get(3)?,
                reason: r.get(4)?,
                added: show_local(&r.get::<_, String>(5)?),
                used: r.get(6)?,
            })
        },
        each,
    )
}

// Findings and their rectification rounds.

/// A finding as it is written: the rule's resolved ids and the raising time.
pub struct NewFindingRow<'a> {
    pub code: &'a str,
    pub audit_id: Option<i64>,
    pub raised_by: i64,
    pub at: &'a str,
    pub owner: Option<i64>,
}

pub fn insert_finding(tx: &Tx, f: &finding::NewFinding, row: &NewFindingRow) -> Result<()> {
    tx.execute(
        "INSERT INTO findings(code, audit_id, source, severity, clause, record_ref, description, raised_by, raised_at,
                owner_id, deadline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            row.code,
            row.audit_id,
            f.source,
            f.severity,
            f.clause.trim(),
            f.record,
            f.description.trim(),
            row.raised_by,
            row.at,
            row.owner,
            f.deadline
        ],
    )
    .ctx("recording a finding")?;
    Ok(())
}

/// What the moves of a finding read: status, round, who raised it, owner, deadline.
pub type FindingState = (String, i64, Option<String>, Option<String>, Option<String>);

pub fn finding_state(conn: &Connection, id: i64) -> Result<FindingState> {
    conn.query_row(
        "SELECT f.status, f.round, r.code, o.code, f.deadline FROM findings f
           LEFT JOIN staff r ON r.id = f.raised_by LEFT JOIN staff o ON o.id = f.owner_id WHERE f.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .ctx("reading a finding")
}

pub fn assign_finding(tx: &Tx, id: i64, owner_id: i64, deadline: &str) -> Result<()> {
    tx.execute("UPDATE findings SET owner_id = ?2, deadline = ?3 WHERE id = ?1", params![id, owner_id, deadline])
        .ctx("assigning a finding")?;
    Ok(())
}

/// The action taken in round `round`, and the finding's new status.
pub fn rectified(tx: &Tx, id: i64, round: i64, at: &str, staff: i64, action: &str, status: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO rectifications(finding_id, round, kind, at, by_staff, text) VALUES (?1, ?2, 'action', ?3, ?4, ?5)",
        params![id, round, at, staff, action],
    )
    .ctx("recording a rectification")?;
    tx.execute("UPDATE findings SET status = ?2 WHERE id = ?1", params![id, status])
        .ctx("recording a rectification")?;
    Ok(())
}

/// Who took the latest action of round `round`, and when.
pub fn last_action(conn: &Connection, id: i64, round: i64) -> Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT by_staff, at FROM rectifications WHERE finding_id = ?1 AND round = ?2 AND kind = 'action'
          ORDER BY id DESC LIMIT 1",
        params![id, round],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .ctx("reading the rectification")
}

/// A re-check of round `round`.
pub struct Recheck<'a> {
    pub round: i64,
    pub at: &'a str,
    pub staff: i64,
    pub note: &'a str,
    pub result: &'a str,
    /// None: effective, the finding closes; else its next round's deadline.
    pub new_deadline: Option<&'a str>,
}

pub fn rechecked(tx: &Tx, id: i64, r: &Recheck, status: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO rectifications(finding_id, round, kind, at, by_staff, text, result, new_deadline)
         VALUES (?1, ?2, 'recheck', ?3, ?4, ?5, ?6, ?7)",
        params![id, r.round, r.at, r.staff, r.note, r.result, r.new_deadline],
    )
    .ctx("recording a re-check")?;
    if r.new_deadline.is_none() {
        tx.execute("UPDATE findings SET status = ?2, closed_at = ?3 WHERE id = ?1", params![id, status, r.at])
    } else {
        tx.execute(
            "UPDATE findings SET status = ?2, round = round + 1, deadline = ?3 WHERE id = ?1",
            params![id, status, r.new_deadline],
        )
    }
    .ctx("recording a re-check")?;
    Ok(())
}

/// Findings by code, filtered; `days_late` decides each one's lateness from its
/// deadline and status.
pub fn findings(
    conn: &Connection,
    f: &finding::Filter,
    days_late: &dyn Fn(Option<&str>, &str) -> Option<i64>,
    each: &mut dyn FnMut(finding::Line) -> Result<()>,
) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        "SELECT f.code, a.code, f.source, f.severity, f.clause, f.record_ref, f.description, r.code, o.code,
                f.deadline, f.round, f.status
           FROM findings f LEFT JOIN audits a ON a.id = f.audit_id LEFT JOIN staff r ON r.id = f.raised_by
           LEFT JOIN staff o ON o.id = f.owner_id
          WHERE (?1 IS NULL OR f.code = ?1) AND (?2 IS NULL OR a.code = ?2) AND (?3 IS NULL OR f.status = ?3)
            AND (?4 IS NULL OR o.code = ?4) AND (?5 IS NULL OR f.severity = ?5)
            AND (?6 IS NULL OR (f.status <> 'closed' AND f.deadline <= ?6))
          ORDER BY f.code LIMIT ?7",
        params![f.code, f.audit, f.status, f.owner, f.severity, f.due_by, limit],
        "listing findings",
        |r| {
            let deadline: Option<String> = r.get(9)?;
            let status: String = r.get(11)?;
            let days_late = days_late(deadline.as_deref(), &status);
            Ok(finding::Line {
                code: r.get(0)?,
                audit: r.get(1)?,
                source: r.get(2)?,
                severity: r.get(3)?,
                clause: r.get(4)?,
                record: r.get(5)?,
                description: r.get(6)?,
                raised_by: r.get(7)?,
                owner: r.get(8)?,
                deadline,
                round: r.get(10)?,
                status,
                days_late,
            })
        },
        each,
    )
}

/// Every round of a finding's loop, in order.
pub fn rounds(conn: &Connection, id: i64) -> Result<Vec<Vec<Value>>> {
    crate::db::all_rows(
        conn,
        "SELECT x.round, x.kind, x.at, s.code, x.text, x.result, x.new_deadline
           FROM rectifications x JOIN staff s ON s.id = x.by_staff WHERE x.finding_id = ?1 ORDER BY x.id",
        [id],
        "reading rectification rounds",
        |r| {
            Ok(vec![
                json!(r.get::<_, i64>(0)?),
                json!(r.get::<_, String>(1)?),
                json!(show_local(&r.get::<_, String>(2)?)),
                json!(r.get::<_, String>(3)?),
                json!(r.get::<_, String>(4)?),
                json!(r.get::<_, Option<String>>(5)?),
                json!(r.get::<_, Option<String>>(6)?),
            ])
        },
    )
}

/// Findings not closed by their deadline (`?1`), for `svc due`.
pub const FINDINGS_DUE: &str = "SELECT f.code, f.deadline, o.code, f.severity, f.clause, f.description
   FROM findings f LEFT JOIN staff o ON o.id = f.owner_id
  WHERE f.status <> 'closed' AND f.deadline <= ?1";

// Standards.

const STANDARD_SELECT: &str =
    "SELECT q.code, q.version, q.title, q.step, q.effective_on, s.code, q.review_months, q.review_due,
        q.file_ref, q.file_sha256, q.id FROM quality_standards q LEFT JOIN staff s ON s.id = q.owner_id";

fn read_standard(r: &rusqlite::Row) -> rusqlite::Result<Standard> {
    Ok(Standard {
        code: r.get(0)?,
        version: r.get(1)?,
        title: r.get(2)?,
        step: r.get(3)?,
        effective_on: r.get(4)?,
        owner: r.get(5)?,
        review_months: r.get(6)?,
        review_due: r.get(7)?,
        file_ref: r.get(8)?,
        file_sha256: r.get(9)?,
    })
}

/// The latest version of standard `code`.
pub fn latest_standard(conn: &Connection, code: &str) -> Result<Option<Standard>> {
    conn.prepare_cached(&format!("{STANDARD_SELECT} WHERE q.code = ?1 ORDER BY q.version DESC LIMIT 1"))
        .and_then(|mut s| s.query_row([code], read_standard).optional())
        .ctx("reading a standard")
}

/// Version `version` of standard `code`, with its row id.
pub fn standard_version(conn: &Connection, code: &str, version: i64) -> Result<Option<(i64, Standard)>> {
    conn.prepare_cached(&format!("{STANDARD_SELECT} WHERE q.code = ?1 AND q.version = ?2"))
        .and_then(|mut s| {
            s.query_row(params![code, version], |r| Ok((r.get::<_, i64>(10)?, read_standard(r)?))).optional()
        })
        .ctx("looking up a standard")
}

/// Write a standard's version (its review day decided) with its owner; its id.
pub fn insert_standard(tx: &Tx, s: &Standard, owner_id: Option<i64>) -> Result<i64> {
    tx.query_row(
        "INSERT INTO quality_standards(code, version, title, step, effective_on, owner_id, review_months, review_due,
                file_ref, file_sha256, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         RETURNING id",
        params![
            s.code,
            s.version,
            s.title,
            s.step,
            s.effective_on,
            owner_id,
            s.review_months,
            s.review_due,
            s.file_ref,
            s.file_sha256,
            tx.now
        ],
        |r| r.get(0),
    )
    .ctx("recording a standard")
}

/// Standards by code and version, filtered.
pub fn standards(conn: &Connection, f: &standard::Filter, each: &mut dyn FnMut(Standard) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        &format!(
            "{STANDARD_SELECT} WHERE (?1 IS NULL OR q.code = ?1) AND (?2 IS NULL OR q.step = ?2)
               AND (?3 = 1 OR NOT EXISTS (SELECT 1 FROM quality_standards n WHERE n.code = q.code
                                           AND n.version > q.version))
               AND (?4 IS NULL OR q.review_due <= ?4)
             ORDER BY q.code, q.version LIMIT ?5"
        ),
        params![f.code, f.step, f.all_versions, f.review_by, limit],
        "listing standards",
        read_standard,
        each,
    )
}

/// Latest versions of standards due for review by `?1`, for `svc due`.
pub const STANDARDS_DUE: &str = "SELECT q.code, q.review_due, s.code, q.version, q.title
   FROM quality_standards q LEFT JOIN staff s ON s.id = q.owner_id
  WHERE q.review_due <= ?1
    AND NOT EXISTS (SELECT 1 FROM quality_standards n WHERE n.code = q.code AND n.version > q.version)";

// Complaints.

/// A complaint as it is written: the record, its references resolved, and what the
/// write decided (status, targets, the adverse-event report's deadline).
pub struct NewComplaintRow<'a> {
    pub c: &'a complaint::Complaint,
    pub customer_id: i64,
    pub equipment_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub model: Option<&'a str>,
    pub status: &'a str,
    pub ack_due: String,
    pub resolve_due: String,
    pub informed_by: Option<i64>,
    pub report_due: Option<String>,
    pub corrective_id: Option<i64>,
}

/// Write a new complaint; its id.
pub fn insert_complaint(tx: &Tx, n: &NewComplaintRow) -> Result<i64> {
    let c = n.c;
    tx.prepare_cached(
        "INSERT INTO complaints(code, customer_id, equipment_id, ticket_id, model, channel, category, severity,
                patient_harm, group_event, description, received_at, status, ack_due, resolve_due, acknowledged_at,
                finding, root_cause, solution, resolved_at, informed_at, informed_by, inform_method,
                customer_response, closed_at, report_due, reported_on, report_reference, corrective_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                 ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)
         RETURNING id",
    )
    .and_then(|mut s| {
        s.query_row(
            params![
                c.code,
                n.customer_id,
                n.equipment_id,
                n.ticket_id,
                n.model,
                c.channel,
                c.category,
                c.severity,
                c.patient_harm,
                c.group_event,
                c.description.trim(),
                c.received_at,
                n.status,
                n.ack_due,
                n.resolve_due,
                c.acknowledged_at,
                c.finding,
                c.root_cause,
                c.solution,
                c.resolved_at,
                c.informed_at,
                n.informed_by,
                c.inform_method,
                c.customer_response,
                c.closed_at,
                n.report_due,
                c.reported_on,
                c.report_reference,
                n.corrective_id
            ],
            |r| r.get(0),
        )
    })
    .ctx("writing a complaint")
}

/// A ticket's kind and its customer's code.
pub fn ticket_kind_customer(conn: &Connection, ticket_id: i64) -> Result<(String, String)> {
    conn.query_row(
        "SELECT t.kind, c.code FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1",
        [ticket_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .ctx("reading a ticket")
}

/// The complaint a ticket was turned into, if any.
pub fn complaint_of_ticket(conn: &Connection, ticket_id: i64) -> Result<Option<String>> {
    conn.query_row("SELECT code FROM complaints WHERE ticket_id = ?1", [ticket_id], |r| r.get(0))
        .optional()
        .ctx("looking for the ticket's complaint")
}

/// The customer (code) and device (serial) of ticket `code`, if there is such a ticket.
pub fn ticket_parties(conn: &Connection, code: &str) -> Result<Option<(String, Option<String>)>> {
    conn.query_row(
        "SELECT c.code, e.serial_no FROM tickets t JOIN customers c ON c.id = t.customer_id
           LEFT JOIN equipment e ON e.id = t.equipment_id WHERE t.code = ?1",
        [code],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .ctx("reading a ticket")
}

/// Complaint `code` as its moves read it (not found: the usual refusal with a hint).
pub fn complaint_state(conn: &Connection, code: &str) -> Result<complaint::State> {
    let id = document_id(conn, "complaints", "complaint", "svc complaint list", code)?;
    conn.query_row(
        "SELECT status, received_at, root_cause, corrective_id, patient_harm, reported_on,
                max(received_at, coalesce(acknowledged_at, ''), coalesce(resolved_at, ''), coalesce(informed_at, ''))
           FROM complaints WHERE id = ?1",
        [id],
        |r| {
            Ok(complaint::State {
                id,
                status: r.get(0)?,
                received_at: r.get(1)?,
                root_cause: r.get(2)?,
                corrective: r.get(3)?,
                harm: r.get(4)?,
                reported_on: r.get(5)?,
                last: r.get(6)?,
            })
        },
    )
    .ctx("reading a complaint")
}

pub fn acknowledged(tx: &Tx, id: i64, status: &str, at: &str) -> Result<()> {
    tx.execute("UPDATE complaints SET status = ?2, acknowledged_at = ?3 WHERE id = ?1", params![id, status, at])
        .ctx("acknowledging a complaint")?;
    Ok(())
}

/// What the investigation found; an investigation acknowledges the complaint too.
pub fn investigated(tx: &Tx, id: i64, status: &str, finding: &str, root_cause: &str, at: &str) -> Result<()> {
    tx.execute(
        "UPDATE complaints SET status = ?2, finding = ?3, root_cause = ?4, acknowledged_at = coalesce(acknowledged_at, ?5)
          WHERE id = ?1",
        params![id, status, finding, root_cause, at],
    )
    .ctx("recording an investigation")?;
    Ok(())
}

/// The solution; what the customer was told of an earlier one is cleared.
pub fn resolved(tx: &Tx, id: i64, status: &str, solution: &str, at: &str) -> Result<()> {
    tx.execute(
        "UPDATE complaints SET status = ?2, solution = ?3, resolved_at = ?4, informed_at = NULL, informed_by = NULL,
                inform_method = NULL, customer_response = NULL WHERE id = ?1",
        params![id, status, solution, at],
    )
    .ctx("resolving a complaint")?;
    Ok(())
}

/// The customer accepted the outcome (`Some((at, staff, method))`), or disputed it
/// (`None`: the solution is cleared, back to investigation).
pub fn informed(tx: &Tx, id: i64, status: &str, accepted: Option<(&str, i64, &str)>) -> Result<()> {
    match accepted {
        Some((at, staff, method)) => tx.execute(
            "UPDATE complaints SET status = ?2, informed_at = ?3, informed_by = ?4, inform_method = ?5,
                    customer_response = 'accepted' WHERE id = ?1",
            params![id, status, at, staff, method],
        ),
        None => tx.execute(
            "UPDATE complaints SET status = ?2, resolved_at = NULL, solution = NULL WHERE id = ?1",
            params![id, status],
        ),
    }
    .ctx("recording what the customer was told")?;
    Ok(())
}

pub fn link_corrective(tx: &Tx, id: i64, finding_id: i64) -> Result<()> {
    tx.execute("UPDATE complaints SET corrective_id = ?2 WHERE id = ?1", params![id, finding_id])
        .ctx("linking a corrective action")?;
    Ok(())
}

pub fn close_complaint(tx: &Tx, id: i64, status: &str, at: &str) -> Result<()> {
    tx.execute("UPDATE complaints SET status = ?2, closed_at = ?3 WHERE id = ?1", params![id, status, at])
        .ctx("closing a complaint")?;
    Ok(())
}

pub fn event_reported(tx: &Tx, id: i64, reported_on: &str, reference: &str) -> Result<()> {
    tx.execute(
        "UPDATE complaints SET reported_on = ?2, report_reference = ?3 WHERE id = ?1",
        params![id, reported_on, reference],
    )
    .ctx("recording an adverse-event report")?;
    Ok(())
}

const COMPLAINTS_LIST: &str =
    "SELECT p.code, p.received_at, c.code, p.model, p.category, p.severity, p.status, p.root_cause,
        p.ack_due, p.resolve_due, p.patient_harm, p.group_event, p.report_due, p.reported_on, f.code,
        p.acknowledged_at, p.resolved_at
   FROM complaints p JOIN customers c ON c.id = p.customer_id LEFT JOIN findings f ON f.id = p.corrective_id
  WHERE (?1 IS NULL OR p.status = ?1) AND (?2 = 0 OR p.status <> 'closed') AND (?3 IS NULL OR p.category = ?3)
    AND (?4 IS NULL OR p.root_cause = ?4) AND (?5 IS NULL OR p.model = ?5) AND (?6 IS NULL OR c.code = ?6)
    AND (?7 IS NULL OR p.received_at >= ?7) AND (?8 IS NULL OR p.received_at < ?8)
    AND (?9 IS NULL OR (p.acknowledged_at IS NULL AND p.status = 'open' AND p.ack_due < ?9)
                    OR (p.resolved_at IS NULL AND p.status <> 'closed' AND p.resolve_due < ?9))
    AND (?10 = 0 OR (p.patient_harm <> 'none' AND p.reported_on IS NULL))
  ORDER BY p.received_at, p.code LIMIT ?11";

/// Complaints by time received, filtered, as stored (the listing decides the rest).
pub fn complaints(
    conn: &Connection,
    f: &complaint::Filter,
    each: &mut dyn FnMut(complaint::Listed) -> Result<()>,
) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        COMPLAINTS_LIST,
        params![
            f.status,
            f.open,
            f.category,
            f.root_cause,
            f.model,
            f.customer,
            f.since,
            f.until,
            f.overdue_at,
            f.reportable,
            limit
        ],
        "listing complaints",
        |r| {
            Ok(complaint::Listed {
                code: r.get(0)?,
                received_at: r.get(1)?,
                customer: r.get(2)?,
                model: r.get(3)?,
                category: r.get(4)?,
                severity: r.get(5)?,
                status: r.get(6)?,
                root_cause: r.get(7)?,
                ack_due: r.get(8)?,
                resolve_due: r.get(9)?,
                harm: r.get(10)?,
                group: r.get(11)?,
                report_due: r.get(12)?,
                reported: r.get(13)?,
                corrective: r.get(14)?,
                acknowledged: r.get(15)?,
                resolved: r.get(16)?,
            })
        },
        each,
    )
}

const COMPLAINT_SELECT: &str =
    "SELECT p.code, c.code, e.serial_no, t.code, p.channel, p.category, p.severity, p.patient_harm,
        p.group_event, p.description, p.received_at, p.acknowledged_at, p.finding, p.root_cause, p.solution,
        p.resolved_at, p.informed_at, s.code, p.inform_method, p.customer_response, p.closed_at, p.reported_on,
        p.report_reference, f.code, p.id
   FROM complaints p JOIN customers c ON c.id = p.customer_id LEFT JOIN equipment e ON e.id = p.equipment_id
   LEFT JOIN tickets t ON t.id = p.ticket_id LEFT JOIN staff s ON s.id = p.informed_by
   LEFT JOIN findings f ON f.id = p.corrective_id";

fn read_complaint(r: &rusqlite::Row) -> rusqlite::Result<(i64, complaint::Complaint)> {
    Ok((
        r.get(24)?,
        complaint::Complaint {
            code: r.get(0)?,
            customer_code: r.get(1)?,
            serial_no: r.get(2)?,
            ticket_code: r.get(3)?,
            channel: r.get(4)?,
            category: r.get(5)?,
            severity: r.get(6)?,
            patient_harm: r.get(7)?,
            group_event: r.get(8)?,
            description: r.get(9)?,
            received_at: r.get(10)?,
            acknowledged_at: r.get(11)?,
            finding: r.get(12)?,
            root_cause: r.get(13)?,
            solution: r.get(14)?,
            resolved_at: r.get(15)?,
            informed_at: r.get(16)?,
            informed_by: r.get(17)?,
            inform_method: r.get(18)?,
            customer_response: r.get(19)?,
            closed_at: r.get(20)?,
            reported_on: r.get(21)?,
            report_reference: r.get(22)?,
            corrective_finding: r.get(23)?,
        },
    ))
}

/// Complaint `code` in canonical columns, with its id.
pub fn find_complaint(conn: &Connection, code: &str) -> Result<Option<(i64, complaint::Complaint)>> {
    conn.prepare_cached(&format!("{COMPLAINT_SELECT} WHERE p.code = ?1"))
        .and_then(|mut s| s.query_row([code], read_complaint).optional())
        .ctx("looking up a complaint")
}

/// Every complaint by code, for export.
pub fn each_complaint(conn: &Connection, each: &mut dyn FnMut(complaint::Complaint) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        &format!("{COMPLAINT_SELECT} ORDER BY p.code"),
        [],
        "exporting complaints",
        read_complaint,
        &mut |(_, c)| each(c),
    )
}

/// Complaints counted by the grouping expression `group` (one of a fixed list in
/// `complaint::stats`, never input) over the period.
pub fn complaint_stats(
    conn: &Connection,
    group: &str,
    since: Option<&str>,
    until: Option<&str>,
    each: &mut dyn FnMut(complaint::Stat) -> Result<()>,
) -> Result<()> {
    let sql = format!(
        "SELECT {group}, count(*), sum(p.status = 'closed'), sum(p.status <> 'closed'), sum(p.corrective_id IS NOT NULL),
                sum(p.patient_harm <> 'none'),
                avg(CASE WHEN p.closed_at IS NOT NULL THEN julianday(p.closed_at) - julianday(p.received_at) END)
           FROM complaints p JOIN customers c ON c.id = p.customer_id
          WHERE (?1 IS NULL OR p.received_at >= ?1) AND (?2 IS NULL OR p.received_at < ?2)
          GROUP BY 1 ORDER BY 2 DESC, 1"
    );
    crate::db::each_row(
        conn,
        &sql,
        params![since, until],
        "counting complaints",
        |r| {
            Ok(complaint::Stat {
                group: r.get(0)?,
                complaints: r.get(1)?,
                closed: r.get(2)?,
                open: r.get(3)?,
                with_corrective: r.get(4)?,
                adverse_events: r.get(5)?,
                avg_days_to_close: r.get::<_, Option<f64>>(6)?.map(|d| format!("{d:.1}")),
            })
        },
        each,
    )
}

/// Complaints past their acknowledgement or resolution target before `?1`, for `svc due`.
pub const COMPLAINTS_DUE: &str = "SELECT p.code, p.ack_due, c.code, 'acknowledge', p.category
   FROM complaints p JOIN customers c ON c.id = p.customer_id
  WHERE p.acknowledged_at IS NULL AND p.ack_due < ?1 AND p.status = 'open'
 UNION ALL
 SELECT p.code, p.resolve_due, c.code, 'resolve', p.category
   FROM complaints p JOIN customers c ON c.id = p.customer_id
  WHERE p.resolved_at IS NULL AND p.resolve_due < ?1 AND p.status <> 'closed'";

/// Suspected adverse events not reported before `?1`, for `svc due`.
pub const EVENTS_DUE: &str = "SELECT p.code, p.report_due, c.code, p.patient_harm
   FROM complaints p JOIN customers c ON c.id = p.customer_id
  WHERE p.reported_on IS NULL AND p.report_due < ?1";

// The files' records (inspections, findings, rectification rounds).

/// The id of the row with code `code` in `table` (a constant, never input).
pub fn row_id(conn: &Connection, table: &'static str, code: &str) -> Result<i64> {
    conn.query_row(&format!("SELECT id FROM {table} WHERE code = ?1"), [code], |r| r.get(0))
        .ctx("reading the row just written")
}

const INSPECTION_SELECT: &str = "SELECT a.code, a.scope, a.planned_on, s.code, a.status, a.opened_at, a.closed_at,
        a.summary, a.id FROM audits a JOIN staff s ON s.id = a.auditor_id";

fn read_inspection(r: &rusqlite::Row) -> rusqlite::Result<(i64, audit::Inspection)> {
    Ok((
        r.get(8)?,
        audit::Inspection {
            code: r.get(0)?,
            scope: r.get(1)?,
            planned_on: r.get(2)?,
            auditor: r.get(3)?,
            status: r.get(4)?,
            opened_at: r.get(5)?,
            closed_at: r.get(6)?,
            summary: r.get(7)?,
        },
    ))
}

/// Inspection `code` in the files' columns, with its id.
pub fn find_inspection(conn: &Connection, code: &str) -> Result<Option<(i64, audit::Inspection)>> {
    conn.prepare_cached(&format!("{INSPECTION_SELECT} WHERE a.code = ?1"))
        .and_then(|mut s| s.query_row([code], read_inspection).optional())
        .ctx("looking up an inspection")
}

/// Every inspection by code, for export.
pub fn each_inspection(conn: &Connection, each: &mut dyn FnMut(audit::Inspection) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        &format!("{INSPECTION_SELECT} ORDER BY a.code"),
        [],
        "exporting inspections",
        read_inspection,
        &mut |(_, i)| each(i),
    )
}

const FINDING_SELECT: &str = "SELECT f.code, a.code, f.source, f.severity, f.clause, f.record_ref, f.description,
        r.code, f.raised_at, o.code, f.deadline, f.round, f.status, f.closed_at, f.id
   FROM findings f LEFT JOIN audits a ON a.id = f.audit_id LEFT JOIN staff r ON r.id = f.raised_by
   LEFT JOIN staff o ON o.id = f.owner_id";

fn read_finding(r: &rusqlite::Row) -> rusqlite::Result<(i64, files::Finding)> {
    Ok((
        r.get(14)?,
        files::Finding {
            code: r.get(0)?,
            audit: r.get(1)?,
            source: r.get(2)?,
            severity: r.get(3)?,
            clause: r.get(4)?,
            record: r.get(5)?,
            description: r.get(6)?,
            raised_by: r.get(7)?,
            raised_at: r.get(8)?,
            owner: r.get(9)?,
            deadline: r.get(10)?,
            round: r.get(11)?,
            status: r.get(12)?,
            closed_at: r.get(13)?,
        },
    ))
}

/// Finding `code` in the files' columns, with its id.
pub fn find_finding(conn: &Connection, code: &str) -> Result<Option<(i64, files::Finding)>> {
    conn.prepare_cached(&format!("{FINDING_SELECT} WHERE f.code = ?1"))
        .and_then(|mut s| s.query_row([code], read_finding).optional())
        .ctx("looking up a finding")
}

/// Every finding by code, for export.
pub fn each_finding(conn: &Connection, each: &mut dyn FnMut(files::Finding) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        &format!("{FINDING_SELECT} ORDER BY f.code"),
        [],
        "exporting findings",
        read_finding,
        &mut |(_, f)| each(f),
    )
}

/// The round finding `code` is in, if there is such a finding.
pub fn finding_round(conn: &Connection, code: &str) -> Result<Option<i64>> {
    conn.query_row("SELECT round FROM findings WHERE code = ?1", [code], |r| r.get(0))
        .optional()
        .ctx("reading a finding's round")
}

const ROUND_SELECT: &str = "SELECT f.code, x.round, x.kind, x.at, s.code, x.text, x.result, x.new_deadline, x.id
   FROM rectifications x JOIN findings f ON f.id = x.finding_id JOIN staff s ON s.id = x.by_staff";

fn read_round(r: &rusqlite::Row) -> rusqlite::Result<(i64, files::Round)> {
    Ok((
        r.get(8)?,
        files::Round {
            finding: r.get(0)?,
            round: r.get(1)?,
            kind: r.get(2)?,
            at: r.get(3)?,
            by: r.get(4)?,
            text: r.get(5)?,
            result: r.get(6)?,
            new_deadline: r.get(7)?,
        },
    ))
}

/// The latest step of kind `kind` in round `round` of finding `code`, with its id.
pub fn find_round(conn: &Connection, code: &str, round: i64, kind: &str) -> Result<Option<(i64, files::Round)>> {
    conn.prepare_cached(&format!(
        "{ROUND_SELECT} WHERE f.code = ?1 AND x.round = ?2 AND x.kind = ?3 ORDER BY x.id DESC LIMIT 1"
    ))
    .and_then(|mut s| s.query_row(params![code, round, kind], read_round).optional())
    .ctx("looking up a rectification round")
}

/// The id of the step of a rectification loop written last.
pub fn last_round_id(conn: &Connection) -> Result<i64> {
    conn.query_row("SELECT max(id) FROM rectifications", [], |r| r.get(0)).ctx("reading the round")
}

/// Every step of every loop, by finding and in order, for export.
pub fn each_round(conn: &Connection, each: &mut dyn FnMut(files::Round) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        &format!("{ROUND_SELECT} ORDER BY f.code, x.id"),
        [],
        "exporting rectification rounds",
        read_round,
        &mut |(_, x)| each(x),
    )
}

// The sampling's reads (R7.2): candidates, and the facts each kind of record is checked on.

/// The ids of the records of `kind` finished in the period (UTC text bounds, either
/// may be absent), in any order (the draw sorts them).
pub fn sample_candidates(
    conn: &Connection,
    kind: sample::Kind,
    since: Option<&str>,
    until: Option<&str>,
) -> Result<Vec<i64>> {
    let sql = match kind {
        sample::Kind::Repairs => {
            "SELECT id FROM repairs WHERE signed_at IS NOT NULL AND signed_at >= coalesce(?1, '')
                AND (?2 IS NULL OR signed_at < ?2)"
        }
        sample::Kind::Tickets => {
            "SELECT id FROM tickets WHERE status = 'closed' AND closed_at >= coalesce(?1, '')
                AND (?2 IS NULL OR closed_at < ?2)"
        }
        sample::Kind::Counts => {
            "SELECT id FROM counts WHERE status = 'posted' AND posted_at >= coalesce(?1, '')
                AND (?2 IS NULL OR posted_at < ?2)"
        }
        sample::Kind::Receipts => {
            "SELECT id FROM receipts WHERE received_at >= coalesce(?1, '') AND (?2 IS NULL OR received_at < ?2)"
        }
    };
    let mut ids = Vec::new();
    crate::db::each_row(conn, sql, params![since, until], "choosing records to sample", |r| r.get(0), &mut |id| {
        ids.push(id);
        Ok(())
    })?;
    Ok(ids)
}

/// Reads the facts of one repair.
pub fn sampled_repair(conn: &Connection, id: i64) -> Result<sample::Facts> {
    let mut f = conn
        .prepare_cached(
            "SELECT r.code, r.started_at, r.finished_at, r.signed_at, r.signed_by,
                (SELECT min(consented_at) FROM plans p WHERE p.repair_id = r.id),
                EXISTS (SELECT 1 FROM signed_reports s WHERE s.repair_id = r.id AND s.sha256 = r.report_sha256),
                (SELECT max(at) FROM reports x WHERE x.repair_id = r.id),
                coalesce((SELECT length(trim(cause)) > 0 AND length(trim(process)) > 0 FROM reports x
                           WHERE x.repair_id = r.id ORDER BY version DESC LIMIT 1), 0),
                EXISTS (SELECT 1 FROM inspections i WHERE i.repair_id = r.id AND i.passed = 1
                          AND i.at <= (SELECT max(at) FROM reports x WHERE x.repair_id = r.id)),
                EXISTS (SELECT 1 FROM inspections i WHERE i.repair_id = r.id AND i.passed = 1),
                EXISTS (SELECT 1 FROM diagnoses d WHERE d.repair_id = r.id),
                fu.due, fu.done_at,
                coalesce(t.response_breached, 0) OR coalesce(t.resolution_breached, 0)
           FROM repairs r LEFT JOIN followups fu ON fu.repair_id = r.id LEFT JOIN tickets t ON t.id = r.ticket_id
          WHERE r.id = ?1",
        )
        .and_then(|mut s| {
            s.query_row([id], |r| {
                Ok(sample::Facts {
                    code: r.get(0)?,
                    started_at: r.get(1)?,
                    finished_at: r.get(2)?,
                    signed_at: r.get(3)?,
                    signed_by: r.get(4)?,
                    first_consent: r.get(5)?,
                    signed_document: r.get(6)?,
                    report_at: r.get(7)?,
                    report_complete: r.get(8)?,
                    passed_before_report: r.get(9)?,
                    passed_ever: r.get(10)?,
                    diagnosed: r.get(11)?,
                    followup_due: r.get(12)?,
                    followup_done: r.get(13)?,
                    parts_beyond_plan: Vec::new(),
                    sla_breached: r.get(14)?,
                })
            })
        })
        .ctx("reading a sampled repair")?;
    // Net parts used per part beyond what the last consented plan lists.
    crate::db::each_row(
        conn,
        "SELECT p.part_no FROM part_uses u JOIN parts p ON p.id = u.part_id WHERE u.repair_id = ?1
          GROUP BY u.part_id
         HAVING sum(u.qty) > coalesce((SELECT pp.qty FROM plan_parts pp WHERE pp.part_id = u.part_id AND pp.plan_id =
                  (SELECT id FROM plans WHERE repair_id = ?1 AND consented_at IS NOT NULL
                    ORDER BY version DESC LIMIT 1)), 0)
          ORDER BY p.part_no",
        params![id],
        "reading a sampled repair's parts",
        |r| r.get::<_, String>(0),
        &mut |p| {
            f.parts_beyond_plan.push(p);
            Ok(())
        },
    )?;
    Ok(f)
}

/// A closed ticket: code, assigned, answered, resolution written, SLA breached.
pub fn sampled_ticket(conn: &Connection, id: i64) -> Result<(String, bool, bool, bool, bool)> {
    conn.query_row(
        "SELECT code, assigned_to IS NOT NULL, responded_at IS NOT NULL,
                length(trim(coalesce(resolution, ''))) > 0, response_breached OR resolution_breached
           FROM tickets WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .ctx("reading a sampled ticket")
}

/// A posted count: code, lines not counted, variances not explained, lines whose
/// adjustment in the ledger is not their variance.
pub fn sampled_count(conn: &Connection, id: i64) -> Result<(String, i64, i64, i64)> {
    conn.query_row(
        "SELECT c.code,
                (SELECT count(*) FROM count_lines l WHERE l.count_id = c.id AND l.counted_qty IS NULL),
                (SELECT count(*) FROM count_lines l WHERE l.count_id = c.id AND l.counted_qty <> l.book_qty
                    AND length(trim(coalesce(l.note, ''))) = 0 AND l.first_qty IS NULL),
                (SELECT count(*) FROM count_lines l WHERE l.count_id = c.id
                    AND coalesce(l.counted_qty, l.book_qty) - l.book_qty <>
                        coalesce((SELECT sum(m.qty) FROM movements m WHERE m.ref = c.code
                                    AND m.kind = 'adjustment' AND m.part_id = l.part_id
                                    AND m.location_id = l.location_id AND m.lot = l.lot), 0))
           FROM counts c WHERE c.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .ctx("reading a sampled count")
}

/// A receipt: code, inspected (or waiting in quarantine), stocked before its
/// inspection, quantity stocked, quantity accepted.
pub fn sampled_receipt(conn: &Connection, id: i64) -> Result<(String, bool, bool, i64, i64)> {
    conn.query_row(
        "SELECT r.code, r.status = 'quarantine' OR (r.inspected_at IS NOT NULL AND r.inspected_by IS NOT NULL),
                EXISTS (SELECT 1 FROM movements m WHERE m.ref = r.code AND m.kind = 'receipt'
                          AND (r.inspected_at IS NULL OR m.at < r.inspected_at)),
                coalesce((SELECT sum(m.qty) FROM movements m WHERE m.ref = r.code AND m.kind = 'receipt'), 0),
                coalesce((SELECT sum(l.accepted) FROM receipt_lines l WHERE l.receipt_id = r.id), 0)
           FROM receipts r WHERE r.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .ctx("reading a sampled receipt")
}
