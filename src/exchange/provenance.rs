//! Where an imported record came from (issue 17): the file (name and SHA-256), the line
//! and the import run, written in the import's own transaction and shown by
//! `svc history CODE` beside the record's changes.
//!
//! Rows are kept as segments of consecutive row ids read from consecutive lines
//! (migrations/0018_provenance.sql): a clean file of a million rows costs one row here,
//! so provenance does not slow the import down. Both tables are append-only.

use rusqlite::{params, Connection};
use serde_json::json;

use crate::db::history::{Entry, Filter};
use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::exchange::Stored;
use crate::registry::{self, Visit};

/// What the import did to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Insert,
    Update,
}

impl Change {
    fn name(self) -> &'static str {
        match self {
            Change::Insert => "insert",
            Change::Update => "update",
        }
    }
}

/// A run of consecutive ids from consecutive lines, not yet written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    first_id: i64,
    last_id: i64,
    first_line: i64,
    change: Change,
}

impl Segment {
    /// Whether `id` read at `line` continues this segment.
    fn continues(&self, id: i64, line: i64, change: Change) -> bool {
        change == self.change && id == self.last_id + 1 && line == self.first_line + (id - self.first_id)
    }
}

/// Collects one import run's provenance. The run's number is taken when it begins (the
/// write transaction holds the database, so nobody else takes it); its row is written
/// when it ends, after the run's history entry, which it names.
pub struct Recorder {
    run: i64,
    entity: &'static str,
    open: Option<Segment>,
}

impl Recorder {
    pub fn begin(tx: &Tx, entity: &'static str) -> Result<Recorder> {
        let run = tx
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM import_runs", [], |r| r.get(0))
            .ctx("numbering the import run")?;
        Ok(Recorder { run, entity, open: None })
    }

    pub fn run(&self) -> i64 {
        self.run
    }

    /// The record with row id `id` came from `line` of the file.
    pub fn record(&mut self, tx: &Tx, id: i64, line: u64, change: Change) -> Result<()> {
        let line = i64::try_from(line).unwrap_or(i64::MAX);
        match &mut self.open {
            Some(s) if s.continues(id, line, change) => s.last_id = id,
            open => {
                if let Some(done) = open.take() {
                    write_segment(tx, self.run, self.entity, &done)?;
                }
                *open = Some(Segment { first_id: id, last_id: id, first_line: line, change });
            }
        }
        Ok(())
    }

    /// Close the run: its last segment and its own row, naming its history entry (the
    /// last one written, just before this).
    pub fn finish(mut self, tx: &Tx, file: &str, sha256: &str, unit: &str) -> Result<()> {
        if let Some(done) = self.open.take() {
            write_segment(tx, self.run, self.entity, &done)?;
        }
        tx.prepare_cached(
            "INSERT INTO import_runs(id, history_id, entity, file, sha256, unit)
             VALUES (?1, (SELECT max(id) FROM history), ?2, ?3, ?4, ?5)",
        )
        .and_then(|mut s| s.execute(params![self.run, self.entity, file, sha256, unit]))
        .ctx("recording the import run")?;
        Ok(())
    }
}

fn write_segment(tx: &Tx, run: i64, entity: &str, s: &Segment) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO import_rows(run, entity, first_id, last_id, first_line, action) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .and_then(|mut st| st.execute(params![run, entity, s.first_id, s.last_id, s.first_line, s.change.name()]))
    .ctx("recording where the imported rows came from")?;
    Ok(())
}

/// The imports that wrote the record(s) with this code, as history entries: one per run
/// that inserted or updated it, at the time and by the actor of the run, `after` naming
/// the file, its SHA-256, the line and the run. Every area whose key is `code` counts
/// (a customer and a part may share a code), unless the filter names an entity.
pub fn entries(conn: &Connection, code: &str, filter: &Filter) -> Result<Vec<Entry>> {
    struct Found<'a> {
        conn: &'a Connection,
        code: &'a str,
        entity: Option<&'a str>,
        ids: Vec<(&'static str, i64)>,
    }
    impl Visit for Found<'_> {
        fn area<T: Stored>(&mut self) -> Result<()> {
            if self.entity.is_some_and(|e| e != T::ENTITY) {
                return Ok(());
            }
            if let Some(id) = T::find_id(self.conn, self.code)? {
                self.ids.push((T::ENTITY, id));
            }
            Ok(())
        }
    }
    let mut found = Found { conn, code, entity: filter.entity.as_deref(), ids: Vec::new() };
    registry::each(&mut found)?;
    let what = "reading where the record was imported from";
    let mut stmt = conn
        .prepare_cached(
            "SELECT r.history_id, h.at, h.actor, r.file, r.sha256, r.unit, s.first_line + (?2 - s.first_id), s.action, r.id
               FROM import_rows s JOIN import_runs r ON r.id = s.run JOIN history h ON h.id = r.history_id
              WHERE s.entity = ?1 AND s.first_id <= ?2 AND s.last_id >= ?2
                AND (?3 IS NULL OR h.at >= ?3) AND (?4 IS NULL OR h.at < ?4)
              ORDER BY r.id",
        )
        .ctx(what)?;
    let mut out = Vec::new();
    for (entity, id) in found.ids {
        let rows = stmt
            .query_map(params![entity, id, filter.since, filter.until], |r| {
                let unit: String = r.get(5)?;
                let after = json!({
                    "file": r.get::<_, String>(3)?,
                    "sha256": r.get::<_, String>(4)?,
                    unit: r.get::<_, i64>(6)?,
                    "change": r.get::<_, String>(7)?,
                    "run": r.get::<_, i64>(8)?,
                });
                Ok(Entry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    entity: entity.to_string(),
                    code: code.to_string(),
                    action: "import".to_string(),
                    before: None,
                    after: Some(after.to_string()),
                })
            })
            .ctx(what)?;
        for e in rows {
            out.push(e.ctx(what)?);
        }
    }
    Ok(out)
}

/// The record's own history and where it was imported from, in the order they were
/// recorded, the filter's limit applied to the whole (the newest N, or the oldest).
pub fn with_provenance(conn: &Connection, mut own: Vec<Entry>, filter: &Filter) -> Result<Vec<Entry>> {
    let Some(code) = filter.code.as_deref() else { return Ok(own) };
    let imported = entries(conn, code, filter)?;
    if imported.is_empty() {
        return Ok(own);
    }
    own.extend(imported);
    // An import's entry comes after the changes it made (it is written last): the
    // provenance takes the run's place, just after those.
    own.sort_by_key(|e| e.id);
    if let Some(limit) = filter.limit.and_then(|l| usize::try_from(l).ok()) {
        if own.len() > limit {
            if filter.oldest {
                own.truncate(limit);
            } else {
                own.drain(..own.len() - limit);
            }
        }
    }
    Ok(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_rows_from_consecutive_lines_make_one_segment() {
        let s = Segment { first_id: 10, last_id: 12, first_line: 2, change: Change::Insert };
        assert!(s.continues(13, 5, Change::Insert));
        assert!(!s.continues(13, 6, Change::Insert), "a rejected line in between starts a new segment");
        assert!(!s.continues(14, 5, Change::Insert));
        assert!(!s.continues(13, 5, Change::Update));
    }
}
