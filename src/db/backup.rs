//! Online backup: SQLite's backup API copies a consistent snapshot while other
//! processes keep writing (in WAL mode a reader never blocks a writer).

use std::path::Path;
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;

use crate::error::{Error, Result, SqlContext};
use crate::words::m;

/// Copy the database to `target` (never the database itself, an existing file only with
/// `force`): into an owner-only staging file beside it (a backup holds the same personal
/// data), checked, then renamed into place. Any failure leaves nothing behind.
pub fn to_file(src: &Connection, target: &Path, force: bool) -> Result<()> {
    let (file, staged) = crate::safe_output::Staged::create(target, &[], force)?;
    drop(file);
    copy(src, staged.staging_path())?;
    staged.commit()
}

fn copy(src: &Connection, staging: &Path) -> Result<()> {
    let mut dst = Connection::open(staging).ctx("opening the backup file")?;
    {
        let backup = Backup::new(src, &mut dst).ctx("starting the backup")?;
        // All pages in one step: one consistent snapshot, never restarted by writers.
        loop {
            match backup.step(-1).ctx("copying the database")? {
                StepResult::Done => break,
                StepResult::More | StepResult::Busy | StepResult::Locked => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
    let check: String = dst.query_row("PRAGMA quick_check", [], |r| r.get(0)).ctx("checking the backup")?;
    if check != "ok" {
        return Err(Error::internal(m::backup_check_failed(check)));
    }
    dst.pragma_update(None, "journal_mode", "DELETE").ctx("finishing the backup file")?;
    Ok(())
}
