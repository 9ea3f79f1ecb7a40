//! An appraisal run moves through its workflow table (appraisal::FLOW, docs/states.md):
//! its status is a column the schema checks, a confirmed run is refused a second
//! confirmation with the table's hint, and the database itself keeps it confirmed (R2.3).
//! Runs made before the status column get theirs from when they were confirmed.

mod common;
use common::*;

use rusqlite::Connection;

/// A draft run of 2026-Q1 over the example staff.
fn draft() -> (Svc, String) {
    let svc = Svc::with_examples().at("2026-04-10T09:00:00+08:00");
    let run = code(svc.run(&["appraisal", "run", "--period", "2026-Q1"]));
    (svc, run)
}

fn status(svc: &Svc, run: &str) -> String {
    let rows = csv_rows(&svc.stdout(&["appraisal", "list"]));
    assert_eq!(rows[0][5], "status");
    rows.iter().find(|r| r[0] == run).unwrap()[5].clone()
}

#[test]
fn r2_3_an_appraisal_is_confirmed_once_and_a_second_confirmation_says_how_to_correct_it() {
    let (svc, run) = draft();
    assert_eq!(status(&svc, &run), "draft");
    svc.run(&["appraisal", "confirm", &run, "--by", "E005"]).ok();
    assert_eq!(status(&svc, &run), "confirmed");
    svc.run(&["appraisal", "confirm", &run, "--by", "E005"]).code(4).stderr_has(&format!(
        "appraisal {run} is confirmed already: 'confirm' is done; a confirmed appraisal never changes: \
         a correction is a new run ('svc appraisal run --period P --corrects RUN')"
    ));
    // In Chinese: the status and the hint in the catalogue's words, the same exit code.
    svc.run(&["--lang", "zh-CN", "appraisal", "confirm", &run, "--by", "E005"])
        .code(4)
        .stderr_has(&format!("考核 {run} 已是“已确认”"))
        .stderr_has("如需更正，请重新生成考核");
    svc.run(&["--lang", "zh-CN", "appraisal", "list", "--format", "table"]).ok().stdout_has("已确认");
    // The refused confirmation changed nothing: one confirmation in the history.
    let history = svc.stdout(&["history", &run]);
    assert_eq!(history.matches(",confirm,").count(), 1, "{history}");
}

#[test]
fn r2_3_a_draft_is_acknowledged_only_once_confirmed() {
    let (svc, run) = draft();
    svc.run(&["appraisal", "ack", &run, "--staff", "E002"]).code(4).stderr_has(&format!(
        "appraisal {run} is draft: 'ack' needs it confirmed; confirm it first ('svc appraisal confirm RUN --by STAFF')"
    ));
    svc.run(&["appraisal", "confirm", &run, "--by", "E005"]).ok();
    svc.run(&["appraisal", "ack", &run, "--staff", "E002"]).ok();
    svc.run(&["appraisal", "comment", &run, "--staff", "E002", "--text", "改"])
        .code(4)
        .stderr_has(&format!("appraisal {run} is confirmed: 'comment' needs it draft"));
}

#[test]
fn r2_3_the_database_keeps_a_confirmed_appraisal_confirmed() {
    let (svc, run) = draft();
    svc.run(&["appraisal", "confirm", &run, "--by", "E005"]).ok();
    let conn = Connection::open(&svc.db).unwrap();
    for sql in [
        "UPDATE appraisal_runs SET status = 'draft'",
        "UPDATE appraisal_runs SET confirmed_at = NULL, confirmed_by = NULL, status = 'draft'",
        "UPDATE appraisal_runs SET period = '2026-Q2'",
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("confirmed and never changes"), "{sql}: {err}");
    }
    let err = conn.execute("DELETE FROM appraisal_runs", []).unwrap_err().to_string();
    assert!(err.contains("cannot be deleted"), "{err}");
    // The status is checked, and says confirmed exactly when the run says when and by whom.
    for sql in [
        "INSERT INTO appraisal_runs(code, period, starts_on, ends_on, made_at, settings, status)
         VALUES ('AP-X1', 'x', '2026-01-01', '2026-04-01', 'now', '{}', 'signed')",
        "INSERT INTO appraisal_runs(code, period, starts_on, ends_on, made_at, settings, status)
         VALUES ('AP-X2', 'x', '2026-01-01', '2026-04-01', 'now', '{}', 'confirmed')",
        "INSERT INTO appraisal_runs(code, period, starts_on, ends_on, made_at, settings, confirmed_at, confirmed_by)
         VALUES ('AP-X3', 'x', '2026-01-01', '2026-04-01', 'now', '{}', 'now', 1)",
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("CHECK constraint failed"), "{sql}: {err}");
    }
    svc.run(&["db", "check"]).ok();
}

#[test]
fn r2_3_runs_made_before_the_status_column_take_it_from_their_confirmation() {
    let svc = Svc::bare().at("2026-04-10T09:00:00+08:00");
    let mut conn = Connection::open(&svc.db).unwrap();
    let before = svc::db::migrate::MIGRATIONS.iter().take_while(|m| m.name < "0022_appraisal").count() as i64;
    svc::db::migrate::migrate_to(&mut conn, &svc.db, "test", before).unwrap();
    conn.execute_batch(
        "INSERT INTO staff(id, code, name, role) VALUES (1, 'E1', '张工', 'technician'), (2, 'E5', '李经理', 'manager');
         INSERT INTO appraisal_runs(id, code, period, starts_on, ends_on, made_at, settings, confirmed_at, confirmed_by)
              VALUES (1, 'AP-000001', '2026-Q1', '2026-01-01', '2026-04-01', '2026-04-02T01:00:00Z', '{}',
                      '2026-04-03T01:00:00Z', 2),
                     (2, 'AP-000002', '2026-Q1', '2026-01-01', '2026-04-01', '2026-04-04T01:00:00Z', '{}', NULL, NULL);
         INSERT INTO appraisal_lines(run_id, staff_id, figures) VALUES (2, 1, '{}');",
    )
    .unwrap();
    drop(conn);
    let rows = csv_rows(&svc.stdout(&["appraisal", "list"]));
    assert_eq!(rows[1][..6], ["AP-000001", "2026-Q1", "2026-01-01", "2026-03-31", "2026-04-02 09:00:00", "confirmed"]);
    assert_eq!(rows[2][5], "draft");
    svc.run(&["appraisal", "confirm", "AP-000001", "--by", "E5"]).code(4).stderr_has("is confirmed already");
    svc.run(&["appraisal", "comment", "AP-000002", "--staff", "E1", "--text", "好"]).ok();
    svc.run(&["appraisal", "confirm", "AP-000002", "--by", "E5"]).ok();
    assert_eq!(status(&svc, "AP-000002"), "confirmed");
    // The old run stays frozen under the trigger made again on the status.
    let conn = Connection::open(&svc.db).unwrap();
    let err = conn.execute("UPDATE appraisal_runs SET period = 'x' WHERE id = 1", []).unwrap_err().to_string();
    assert!(err.contains("never changes"), "{err}");
    svc.run(&["db", "check"]).ok();
}
