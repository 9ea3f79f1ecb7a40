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
    let mut dst = Connection::open(super::plain_path(staging)).ctx("opening the backup file")?;
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

/// Restore the database at `live` from the backup file `backup`, safely (issue 9):
///
/// - the backup is checked first: an SQLite file that passes `quick_check`, holds svc's
///   tables and a schema version this svc knows, and has no `-wal` of its own beside it
///   (its last commits would be missing);
/// - the pages are copied with SQLite's backup API *through a connection to the live
///   database*, which takes its write lock and writes through its WAL: a leftover `-wal`
///   of the live file can never be replayed over the restored pages, as it would be
///   after a plain `cp`, and no other process reads a half-copied file.
///
/// The caller checks the backup (`open_backup`), then backs up the live database, then
/// calls `restore`.
pub fn open_backup(backup: &Path) -> Result<Connection> {
    let shown = backup.display().to_string();
    let mut wal = backup.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        return Err(Error::invalid(crate::hardening::msg::restore_backup_has_wal(&shown)));
    }
    let src = Connection::open_with_flags(super::plain_path(backup), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| Error::invalid(crate::hardening::msg::restore_not_svc(&shown, e.to_string())))?;
    let not_svc = |reason: String| Error::invalid(crate::hardening::msg::restore_not_svc(&shown, reason));
    let check: String = src.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| not_svc(e.to_string()))?;
    if check != "ok" {
        return Err(not_svc(check));
    }
    let version: i64 = src.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| not_svc(e.to_string()))?;
    let has_history: bool = src
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'history'", [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n == 1)
        .map_err(|e| not_svc(e.to_string()))?;
    if !has_history || version < 1 || version > super::migrate::latest() {
        return Err(not_svc(format!("schema version {version}")));
    }
    Ok(src)
}

/// Copy the checked backup `src` over the database at `live` (see `open_backup`).
pub fn restore(src: &Connection, live: &Path) -> Result<()> {
    let mut dst = Connection::open(super::plain_path(live)).ctx("opening the database to restore into")?;
    dst.busy_timeout(super::busy_timeout()).ctx("setting the busy timeout")?;
    {
        let backup = Backup::new(src, &mut dst).ctx("starting the restore")?;
        // All pages in one step, under the live file's write lock (busy: wait and retry).
        while backup.step(-1).ctx("restoring the database")? != StepResult::Done {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    Ok(())
}
