//! The appraisal's SQL (the storage seam, issue 8): runs, their lines (one person's
//! figures and score each), comments and acknowledgements. The figures are computed
//! from the same facts as `svc report kpi` (`crate::report::facts`), and the score and
//! the workflow are decided in the module. A second storage engine would implement
//! these functions.

use rusqlite::{params, Connection, OptionalExtension};

use super::RunRow;
use crate::db::Tx;
use crate::error::{Result, SqlContext};

/// The ids of the active staff, by code: who a run appraises.
pub fn active_staff(conn: &Connection) -> Result<Vec<i64>> {
    crate::db::all_rows(
        conn,
        "SELECT id FROM staff WHERE active = 1 ORDER BY code",
        [],
        "listing staff to appraise",
        |r| r.get::<_, i64>(0),
    )
}

/// A run as it is written: days as `YYYY-MM-DD`, the weights as JSON.
pub struct NewRun<'a> {
    pub code: &'a str,
    pub period: &'a str,
    pub starts_on: String,
    pub ends_on: String,
    pub settings: &'a str,
    pub corrects: Option<i64>,
}

/// Write a draft run, made at the transaction's time; its id.
pub fn insert_run(tx: &Tx, r: &NewRun) -> Result<i64> {
    tx.query_row(
        "INSERT INTO appraisal_runs(code, period, starts_on, ends_on, made_at, settings, corrects)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        params![r.code, r.period, r.starts_on, r.ends_on, tx.now, r.settings, r.corrects],
        |r| r.get(0),
    )
    .ctx("recording an appraisal run")
}

/// Write one person's line of run `run`: their figures (JSON) and score.
pub fn insert_line(tx: &Tx, run: i64, staff_id: i64, figures: &str, score: Option<&str>) -> Result<()> {
    tx.execute(
        "INSERT INTO appraisal_lines(run_id, staff_id, figures, score) VALUES (?1, ?2, ?3, ?4)",
        params![run, staff_id, figures, score],
    )
    .ctx("recording an appraisal")?;
    Ok(())
}

/// Run `run`'s status.
pub fn status(conn: &Connection, run: i64) -> Result<String> {
    conn.query_row("SELECT status FROM appraisal_runs WHERE id = ?1", [run], |r| r.get(0))
        .ctx("reading an appraisal run")
}

/// The line of a staff member (by code) in run `run`, with the staff member's id.
pub fn line(conn: &Connection, run: i64, staff: &str) -> Result<Option<(i64, i64)>> {
    conn.query_row(
        "SELECT l.id, s.id FROM appraisal_lines l JOIN staff s ON s.id = l.staff_id WHERE l.run_id = ?1 AND s.code = ?2",
        params![run, staff],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .ctx("reading an appraisal")
}

/// Move run `run` to `status`, confirmed now by `by_id`.
pub fn confirm(tx: &Tx, run: i64, status: &str, by_id: i64) -> Result<()> {
    tx.execute(
        "UPDATE appraisal_runs SET status = ?2, confirmed_at = ?3, confirmed_by = ?4 WHERE id = ?1",
        params![run, status, tx.now, by_id],
    )
    .ctx("confirming an appraisal")?;
    Ok(())
}

/// The comment on line `line`.
pub fn comment(conn: &Connection, line: i64) -> Result<Option<String>> {
    conn.query_row("SELECT comment FROM appraisal_lines WHERE id = ?1", [line], |r| r.get(0)).ctx("reading a comment")
}

/// Set the comment on line `line`.
pub fn set_comment(tx: &Tx, line: i64, text: &str) -> Result<()> {
    tx.execute("UPDATE appraisal_lines SET comment = ?2 WHERE id = ?1", params![line, text])
        .ctx("recording a comment")?;
    Ok(())
}

/// Whether staff member `staff_id` acknowledged run `run`.
pub fn acknowledged(conn: &Connection, run: i64, staff_id: i64) -> Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM appraisal_acks WHERE run_id = ?1 AND staff_id = ?2",
        [run, staff_id],
        |r| r.get(0),
    )
    .ctx("reading an acknowledgement")
}

/// Record staff member `staff_id`'s acknowledgement of run `run`, now.
pub fn acknowledge(tx: &Tx, run: i64, staff_id: i64) -> Result<()> {
    tx.execute("INSERT INTO appraisal_acks(run_id, staff_id, at) VALUES (?1, ?2, ?3)", params![run, staff_id, tx.now])
        .ctx("recording an acknowledgement")?;
    Ok(())
}

/// Every run, oldest first.
pub fn runs(conn: &Connection, each: &mut dyn FnMut(RunRow) -> Result<()>) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT r.code, r.period, r.starts_on, date(r.ends_on, '-1 day'), r.made_at, r.status, b.code,
                c.code, (SELECT count(*) FROM appraisal_lines l WHERE l.run_id = r.id)
           FROM appraisal_runs r LEFT JOIN staff b ON b.id = r.confirmed_by LEFT JOIN appraisal_runs c ON c.id = r.corrects
          ORDER BY r.id",
        [],
        "listing appraisal runs",
        |r| {
            Ok(RunRow {
                code: r.get(0)?,
                period: r.get(1)?,
                from: r.get(2)?,
                until: r.get(3)?,
                made_at: crate::clock::show_local(&r.get::<_, String>(4)?),
                status: r.get(5)?,
                confirmed_by: r.get(6)?,
                corrects: r.get(7)?,
                people: r.get(8)?,
            })
        },
        each,
    )
}

/// A line as stored: the staff member's code, name and role, the figures (JSON), the
/// score, the comment and when it was acknowledged.
pub struct StoredLine {
    pub staff: String,
    pub name: String,
    pub role: String,
    pub figures: String,
    pub score: Option<String>,
    pub comment: Option<String>,
    pub acknowledged: Option<String>,
}

/// The lines of run `run` (one person's, when named), by staff code.
pub fn lines(
    conn: &Connection,
    run: i64,
    staff: Option<&str>,
    each: &mut dyn FnMut(StoredLine) -> Result<()>,
) -> Result<()> {
    crate::db::each_row(
        conn,
        "SELECT s.code, s.name, s.role, l.figures, l.score, l.comment, k.at
           FROM appraisal_lines l JOIN staff s ON s.id = l.staff_id
           LEFT JOIN appraisal_acks k ON k.run_id = l.run_id AND k.staff_id = l.staff_id
          WHERE l.run_id = ?1 AND (?2 IS NULL OR s.code = ?2) ORDER BY s.code",
        params![run, staff],
        "reading an appraisal run",
        |r| {
            Ok(StoredLine {
                staff: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                figures: r.get(3)?,
                score: r.get(4)?,
                comment: r.get(5)?,
                acknowledged: r.get(6)?,
            })
        },
        each,
    )
}
