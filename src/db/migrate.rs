//! Schema versions live in `PRAGMA user_version`. Each migration runs in its own
//! transaction; a file newer than this binary is refused rather than guessed at.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result, SqlContext};

/// The migrations, in order. Released entries are never edited: add a new one.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_foundation", include_str!("../../migrations/0001_foundation.sql")),
    ("0002_parts", include_str!("../../migrations/0002_parts.sql")),
    ("0003_service", include_str!("../../migrations/0003_service.sql")),
    ("0007_ticket_facts", include_str!("../../migrations/0007_ticket_facts.sql")),
];

pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn version(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).ctx("reading the schema version")
}

pub fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let refuse_future = |v: i64| {
        Error::Busy(format!(
            "{} has schema version {v}, newer than this svc understands ({}): upgrade svc before using this file",
            path.display(),
            latest()
        ))
    };
    let current = version(conn)?;
    if current > latest() {
        return Err(refuse_future(current));
    }
    while version(conn)? < latest() {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).ctx("starting a migration")?;
        // Another process may have migrated while we waited for the lock.
        let v = version(&tx)?;
        if v > latest() {
            return Err(refuse_future(v));
        }
        if v == latest() {
            break;
        }
        let (name, sql) = MIGRATIONS[v as usize];
        tx.execute_batch(sql).ctx(&format!("applying migration {name}"))?;
        tx.pragma_update(None, "user_version", v + 1).ctx("recording the schema version")?;
        tx.commit().ctx(&format!("committing migration {name}"))?;
    }
    Ok(())
}
