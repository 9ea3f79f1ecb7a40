//! Migration steps written in Rust (`migrate::Step::Rust` and `Step::Rebuild`), for what
//! a SQL file cannot do alone. Released steps never change, as released files don't.

use rusqlite::Transaction;

use super::migrate::rebuild_table;
use crate::error::{Result, SqlContext};

/// 0004: bring back what edits of released migrations left out of older databases
/// (0004_restore_edited.sql), then rebuild tickets and repairs with CHECKs on their status
/// columns (0004_status_checks.sql). Tickets made before 8f773d6 had no in_warranty: it
/// is read from the warranty words captured at intake ("under warranty until ...").
pub fn v4_restore_edited(tx: &Transaction) -> Result<()> {
    tx.execute_batch(include_str!("../../migrations/0004_restore_edited.sql"))
        .ctx("applying migration 0004_restore_edited")?;
    tx.execute_batch(include_str!("../../migrations/0004_status_checks.sql"))
        .ctx("applying migration 0004_status_checks")?;
    rebuild_table(
        tx,
        "tickets",
        "tickets_rebuilt",
        &[("in_warranty", "coalesce(warranty LIKE 'under warranty until %', 0)")],
    )?;
    rebuild_table(tx, "repairs", "repairs_rebuilt", &[])
}

/// 0022: appraisal runs get a status column with a CHECK (0022_appraisal_status.sql),
/// filled from confirmed_at; a confirmed run stays frozen, now by its status.
pub fn v22_appraisal_status(tx: &Transaction) -> Result<()> {
    tx.execute_batch(include_str!("../../migrations/0022_appraisal_status.sql"))
        .ctx("applying migration 0022_appraisal_status")?;
    rebuild_table(
        tx,
        "appraisal_runs",
        "appraisal_runs_rebuilt",
        &[("status", "CASE WHEN confirmed_at IS NULL THEN 'draft' ELSE 'confirmed' END")],
    )?;
    tx.execute_batch(
        "CREATE TRIGGER appraisal_runs_confirmed BEFORE UPDATE ON appraisal_runs WHEN OLD.status = 'confirmed'
         BEGIN SELECT RAISE(ABORT, 'the appraisal is confirmed and never changes: a correction is a new run'); END;",
    )
    .ctx("applying migration 0022_appraisal_status: the trigger of a confirmed run")
}
