//! The change history (design.md, "Integrity"): one append-only row per change, with the
//! values before and after as JSON. Triggers in the schema refuse UPDATE and DELETE.

use rusqlite::params;
use serde_json::Value;

use super::Tx;
use crate::error::{Result, SqlContext};

pub fn record(
    tx: &Tx,
    entity: &str,
    code: &str,
    action: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Result<()> {
    // Every entity is listed in the registry (a test reads every call); this catches one
    // built some other way in any test that writes it.
    debug_assert!(
        crate::registry::is_history_entity(entity),
        "history entity {entity} is not in registry::history_entities()"
    );
    tx.prepare_cached(
        "INSERT INTO history(at, actor, entity, code, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| {
        s.execute(params![
            tx.now,
            tx.actor,
            entity,
            code,
            action,
            before.map(Value::to_string),
            after.map(Value::to_string)
        ])
    })
    .ctx("recording the change in the history")?;
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub code: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Default)]
pub struct Filter {
    pub code: Option<String>,
    pub entity: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<u64>,
}

/// History entries, oldest first, matching the filter. `since`/`until` are UTC RFC 3339
/// bounds (inclusive, exclusive).
pub fn list(conn: &rusqlite::Connection, f: &Filter) -> Result<Vec<Entry>> {
    let mut stmt = conn
        .prepare(
            "SELECT id, at, actor, entity, code, action, before, after FROM history
             WHERE (?1 IS NULL OR code = ?1) AND (?2 IS NULL OR entity = ?2)
               AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4)
             ORDER BY id LIMIT ?5",
        )
        .ctx("reading the history")?;
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    let rows = stmt
        .query_map(params![f.code, f.entity, f.since, f.until, limit], |r| {
            Ok(Entry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                entity: r.get(3)?,
                code: r.get(4)?,
                action: r.get(5)?,
                before: r.get(6)?,
                after: r.get(7)?,
            })
        })
        .ctx("reading the history")?;
    rows.collect::<Result<Vec<_>, _>>().ctx("reading the history")
}
