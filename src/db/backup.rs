//! Online backup: SQLite's backup API copies a consistent snapshot while other
//! processes keep writing (in WAL mode a reader never blocks a writer).

use std::fs::{self, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;

use crate::error::{Error, Result, SqlContext};
use crate::words::m;

pub fn to_file(src: &Connection, target: &Path) -> Result<()> {
    let mut staging = target.as_os_str().to_owned();
    staging.push(format!(".{}.partial", std::process::id()));
    let staging = std::path::PathBuf::from(staging);
    // Owner-only from the first byte: a backup holds the same personal data.
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&staging)
        .map_err(|e| Error::io(format!("cannot create {}", staging.display()), e))?;
    let result = copy(src, &staging);
    if result.is_err() {
        let _ = fs::remove_file(&staging);
        return result;
    }
    fs::rename(&staging, target).map_err(|e| Error::io(format!("cannot write {}", target.display()), e))
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
