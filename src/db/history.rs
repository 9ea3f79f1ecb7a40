//! The change history (design.md, "Integrity"): one append-only row per change, with the
//! values before and after as JSON. Triggers in the schema refuse UPDATE and DELETE.
//!
//! Triggers stop a careless user, not someone with write access to the file, who can drop
//! them. So the history is also a hash chain (issue 9): each entry stores the hash of the
//! previous entry and its own, SHA-256 over that previous hash and the entry's content.
//! `svc db check` recomputes the chain and names the first broken link; `svc db seal`
//! prints its head for the administrator to keep outside the database, and
//! `svc db check --seal FILE` proves the chain still extends every seal kept, so even a
//! rewrite that recomputes every hash is found. Each entry also records who ran the
//! command according to the operating system, and when it was really recorded.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::Tx;
use crate::error::{Result, SqlContext};

/// The "previous hash" of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The facts of one entry that its hash covers: every column but the hashes.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub code: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub os_user: Option<String>,
    pub recorded_at: Option<String>,
}

/// An entry's hash: SHA-256 (hex) of the previous entry's hash, a newline, and the
/// entry's facts as one JSON array (unambiguous, whatever the text holds).
pub fn link_hash(prev: &str, e: &Link) -> String {
    let content = json!([e.id, e.at, e.actor, e.entity, e.code, e.action, e.before, e.after, e.os_user, e.recorded_at]);
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(content.to_string().as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// One entry as the chain walk sees it: its facts and the hashes it stores (none for
/// entries written before the chain existed).
#[derive(Debug, Clone)]
pub struct Stored {
    pub link: Link,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

/// Every entry in order, oldest first, to `each`.
pub fn each_link(conn: &Connection, each: &mut dyn FnMut(Stored) -> Result<()>) -> Result<()> {
    let what = "reading the history chain";
    let mut stmt = conn
        .prepare(
            "SELECT id, at, actor, entity, code, action, before, after, os_user, recorded_at, prev_hash, hash
               FROM history ORDER BY id",
        )
        .ctx(what)?;
    let mut rows = stmt.query([]).ctx(what)?;
    while let Some(r) = rows.next().ctx(what)? {
        let stored = (|| -> rusqlite::Result<Stored> {
            Ok(Stored {
                link: Link {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    entity: r.get(3)?,
                    code: r.get(4)?,
                    action: r.get(5)?,
                    before: r.get(6)?,
                    after: r.get(7)?,
                    os_user: r.get(8)?,
                    recorded_at: r.get(9)?,
                },
                prev_hash: r.get(10)?,
                hash: r.get(11)?,
            })
        })()
        .ctx(what)?;
        each(stored)?;
    }
    Ok(())
}

/// The chain's head as recomputed: how many entries, the last id and its hash.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub count: i64,
    pub id: i64,
    pub hash: String,
}

/// The recomputed head of the chain (from the first entry: the stored hashes are what
/// is being checked, so they are never trusted here).
pub fn head(conn: &Connection) -> Result<Head> {
    let mut head = Head { count: 0, id: 0, hash: GENESIS.to_string() };
    each_link(conn, &mut |s| {
        head.hash = link_hash(&head.hash, &s.link);
        head.count += 1;
        head.id = s.link.id;
        Ok(())
    })?;
    Ok(head)
}

/// When the entry is really written: the wall clock, on purpose not `SVC_NOW` or
/// `--at` (those give the event's time, kept in `at`); the two side by side show a
/// back-dated entry for what it is.
fn recorded_now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

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
    let what = "recording the change in the history";
    // Inside the write transaction (BEGIN IMMEDIATE): nobody appends between this read
    // and the insert.
    let last: Option<(i64, Option<String>)> = tx
        .prepare_cached("SELECT id, hash FROM history ORDER BY id DESC LIMIT 1")
        .and_then(|mut s| s.query_row([], |r| Ok((r.get(0)?, r.get(1)?))).optional())
        .ctx(what)?;
    let (id, prev) = match last {
        None => (1, GENESIS.to_string()),
        Some((id, Some(hash))) => (id + 1, hash),
        // The first entry after the chain began: its predecessors carry no hash.
        Some((id, None)) => (id + 1, head(tx.conn())?.hash),
    };
    let link = Link {
        id,
        at: tx.now.clone(),
        actor: tx.actor.to_string(),
        entity: entity.to_string(),
        code: code.to_string(),
        action: action.to_string(),
        before: before.map(Value::to_string),
        after: after.map(Value::to_string),
        os_user: Some(crate::os_account::current().described()),
        recorded_at: Some(recorded_now()),
    };
    let hash = link_hash(&prev, &link);
    tx.prepare_cached(
        "INSERT INTO history(id, at, actor, entity, code, action, before, after, os_user, recorded_at, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )
    .and_then(|mut s| {
        s.execute(params![
            link.id,
            link.at,
            link.actor,
            link.entity,
            link.code,
            link.action,
            link.before,
            link.after,
            link.os_user,
            link.recorded_at,
            prev,
            hash
        ])
    })
    .ctx(what)?;
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
    /// With a limit: the oldest entries rather than the newest.
    pub oldest: bool,
}

/// History entries, oldest first, matching the filter. `since`/`until` are UTC RFC 3339
/// bounds (inclusive, exclusive). A limit keeps the newest entries (what happened
/// lately is what one looks for), or the oldest with `oldest`; either way they are
/// listed oldest first.
pub fn list(conn: &rusqlite::Connection, f: &Filter) -> Result<Vec<Entry>> {
    const MATCHING: &str = "SELECT id, at, actor, entity, code, action, before, after FROM history
             WHERE (?1 IS NULL OR code = ?1) AND (?2 IS NULL OR entity = ?2)
               AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4)";
    // Two statements rather than an ORDER BY CASE, so that each walks the id order of
    // an index instead of sorting every matching entry.
    let sql = if f.limit.is_some() && !f.oldest {
        format!("SELECT * FROM ({MATCHING} ORDER BY id DESC LIMIT ?5) ORDER BY id")
    } else {
        format!("{MATCHING} ORDER BY id LIMIT ?5")
    };
    let mut stmt = conn.prepare(&sql).ctx("reading the history")?;
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
