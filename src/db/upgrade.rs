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
