//! The business time zone, settled before the command line is read: time flags
//! (`--at`, `--since`) are parsed as clap reads them, in the zone people type times in,
//! so the zone must be known first. `--tz` (or `SVC_TZ`) names it for one run;
//! otherwise the database's setting `time.zone` does, read when first needed: by the
//! command's connection as it opens the file, or before that (a time flag) with one query
//! on a read-only connection (no migration, no lock). A database that cannot be read
//! there says so later, when the command opens it; there it only leaves the machine's zone.

use std::ffi::OsString;
use std::path::PathBuf;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::early::flag;
use crate::calendar::msg;
use crate::clock::{defer_display_zone, set_display_zone, Zone};
use crate::error::{Error, Kind, Result};

/// Set the display zone from `--tz`, `SVC_TZ`, or the database named by `--db`,
/// `SVC_DB` or `svc.db`.
pub fn settle(args: &[OsString]) -> Result<()> {
    let asked = flag(args, "--tz").or_else(|| std::env::var_os("SVC_TZ").filter(|v| !v.is_empty()));
    if let Some(tz) = asked {
        let text = tz.to_string_lossy();
        let zone = Zone::parse(&text).ok_or_else(|| Error::Msg(Kind::Usage, msg::cli_bad_tz(format!("{text:?}"))))?;
        set_display_zone(zone);
        return Ok(());
    }
    let path = flag(args, "--db")
        .or_else(|| std::env::var_os("SVC_DB").filter(|v| !v.is_empty()))
        .map_or_else(|| PathBuf::from("svc.db"), PathBuf::from);
    // Read when first needed, usually by the command's own connection (db::Db opens the
    // file anyway): a second open here parsed the whole schema again, which was a third
    // of the start-up of a listing.
    if path.is_file() {
        defer_display_zone(path, stored_zone);
    }
    Ok(())
}

/// The zone a database names, if it can be read and names one.
fn stored_zone(path: &std::path::Path) -> Option<Zone> {
    if !path.is_file() {
        return None;
    }
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX).ok()?;
    stored_in(&conn)
}

/// The zone the database open on `conn` names (setting `time.zone`), if any.
pub fn stored_in(conn: &Connection) -> Option<Zone> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = 'time.zone'", [], |r| r.get(0))
        .optional()
        .ok()
        .flatten();
    v.as_deref().and_then(Zone::parse)
}
