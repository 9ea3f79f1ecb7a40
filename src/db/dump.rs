//! The whole database as files (R8.1.1, R8.2.2): every table of the schema, every row,
//! every column with its SQLite type, plus a manifest that pins the schema version and
//! the SHA-256 of each file. `restore` loads such a dump into an empty database in one
//! transaction, guard triggers set aside and re-created from their exact SQL, and checked
//! as `svc db check` checks before it commits. The table list is read from the schema,
//! not kept by hand: a new table is dumped without an entry anywhere.
//!
//! Format (`svc-dump/1`): `manifest.json`, and `tables/<name>.jsonl` with one JSON array
//! per row, values in the manifest's column order: integers as JSON integers, reals as
//! JSON numbers with a fraction or exponent (`{"real":"inf"}` for infinities), text as
//! JSON strings, NULL as `null`, blobs as `{"blob":"<hex>"}`. Rows come in rowid order
//! (key order for WITHOUT ROWID tables); a table whose rowid is not a column carries it as
//! a leading `rowid` column, so the restored rows keep it.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result, SqlContext};
use crate::words::m;

pub const FORMAT: &str = "svc-dump/1";
pub const MANIFEST: &str = "manifest.json";
const TABLES: &str = "tables";

/// What `manifest.json` says about a dump.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: String,
    pub svc_version: String,
    pub schema_version: i64,
    /// Personal data masked (`--redact`): the flat files only, never restorable as whole.
    pub redacted: bool,
    pub exported_at: String,
    /// Every table, referenced tables first (the order a restore inserts them).
    pub tables: Vec<TableFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TableFile {
    pub name: String,
    /// Relative to the dump directory (`tables/customers.jsonl`).
    pub file: String,
    pub columns: Vec<String>,
    pub rows: u64,
    pub sha256: String,
}

/// A table of the schema as the dump sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    /// The columns written, `rowid` first when the rowid is not itself a column.
    pub columns: Vec<String>,
    order_by: String,
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Every table of the schema (SQLite's own `sqlite_*` tables aside), each after the
/// tables its foreign keys reference; ties keep the order the schema created them in.
/// A full-text index (an FTS5 virtual table and its shadow tables) is derived from other
/// tables: it is not dumped, and `restore` rebuilds it.
pub fn tables(conn: &Connection) -> Result<Vec<Table>> {
    let what = "listing the tables of the schema";
    let listed: Vec<(String, bool)> = conn
        .prepare(
            "SELECT m.name, t.wr FROM sqlite_master m JOIN pragma_table_list t ON t.name = m.name AND t.schema = 'main'
             WHERE m.type = 'table' AND t.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY m.rowid",
        )
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))?.collect())
        .ctx(what)?;
    let names: HashSet<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    let mut shapes = Vec::new();
    let mut needs: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for (name, without_rowid) in &listed {
        // (name, declared type, position in the primary key)
        let cols: Vec<(String, String, i64)> = conn
            .prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")
            .and_then(|mut s| s.query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect())
            .ctx(what)?;
        let key: Vec<&(String, String, i64)> = cols.iter().filter(|c| c.2 > 0).collect();
        let rowid_is_column = key.len() == 1 && key[0].1.eq_ignore_ascii_case("INTEGER");
        let mut columns: Vec<String> = cols.iter().map(|c| c.0.clone()).collect();
        let order_by = if *without_rowid {
            let mut key = key.clone();
            key.sort_by_key(|c| c.2);
            key.iter().map(|c| quote(&c.0)).collect::<Vec<_>>().join(", ")
        } else {
            if !rowid_is_column && !columns.iter().any(|c| c.eq_ignore_ascii_case("rowid")) {
                columns.insert(0, "rowid".into());
            }
            "rowid".into()
        };
        let refs: HashSet<String> = conn
            .prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)")
            .and_then(|mut s| s.query_map([name], |r| r.get(0))?.collect())
            .ctx(what)?;
        needs.insert(name.clone(), refs.into_iter().filter(|r| r != name && names.contains(r.as_str())).collect());
        shapes.push(Table { name: name.clone(), columns, order_by });
    }
    // Kahn's order: repeatedly take the first table (in creation order) whose references
    // are all placed.
    let mut ordered = Vec::with_capacity(shapes.len());
    let mut placed = HashSet::new();
    while !shapes.is_empty() {
        let next = shapes.iter().position(|t| needs[&t.name].iter().all(|r| placed.contains(r))).unwrap_or(0);
        let t = shapes.remove(next);
        placed.insert(t.name.clone());
        ordered.push(t);
    }
    Ok(ordered)
}

fn sha256_hex(h: Sha256) -> String {
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn encode(v: Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::Null => J::Null,
        Value::Integer(i) => J::from(i),
        Value::Real(f) if f.is_finite() => J::from(f),
        Value::Real(f) => serde_json::json!({ "real": if f > 0.0 { "inf" } else { "-inf" } }),
        Value::Text(s) => J::String(s),
        Value::Blob(b) => serde_json::json!({ "blob": b.iter().map(|x| format!("{x:02x}")).collect::<String>() }),
    }
}

fn decode(v: serde_json::Value) -> Option<Value> {
    use serde_json::Value as J;
    Some(match v {
        J::Null => Value::Null,
        J::Number(n) => match n.as_i64() {
            Some(i) if !n.is_f64() => Value::Integer(i),
            _ => Value::Real(n.as_f64()?),
        },
        J::String(s) => Value::Text(s),
        J::Object(o) if o.len() == 1 => match o.iter().next()? {
            (k, J::String(s)) if k == "real" && s == "inf" => Value::Real(f64::INFINITY),
            (k, J::String(s)) if k == "real" && s == "-inf" => Value::Real(f64::NEG_INFINITY),
            (k, J::String(s)) if k == "blob" && s.len() % 2 == 0 => Value::Blob(
                (0..s.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
                    .collect::<Option<_>>()?,
            ),
            _ => return None,
        },
        _ => return None,
    })
}

/// Write every table of `conn` under `dir/tables/` and return what the manifest lists.
/// `conn` should be inside one read transaction, so that the tables agree.
pub fn write_tables(conn: &Connection, dir: &Path) -> Result<Vec<TableFile>> {
    let tables_dir = dir.join(TABLES);
    // Inside a directory `export` has vetted (new, empty or --force): its files are
    // replaced, each through a staging file that `safe_output` checks.
    crate::safe_output::prepare_dir(&tables_dir, true)?;
    let mut out = Vec::new();
    for t in tables(conn)? {
        let file = format!("{TABLES}/{}.jsonl", t.name);
        let path = dir.join(&file);
        let io = |e| Error::io(format!("cannot write {}", path.display()), e);
        let (staging, staged) = crate::safe_output::Staged::create(&path, &[], true)?;
        let mut w = BufWriter::new(staging);
        let mut hash = Sha256::new();
        let cols = t.columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
        let sql = format!("SELECT {cols} FROM {} ORDER BY {}", quote(&t.name), t.order_by);
        let what = format!("reading table {}", t.name);
        let mut stmt = conn.prepare(&sql).ctx(&what)?;
        let mut rows = stmt.query([]).ctx(&what)?;
        let mut n = 0u64;
        while let Some(row) = rows.next().ctx(&what)? {
            let values = (0..t.columns.len())
                .map(|i| row.get::<_, Value>(i).map(encode))
                .collect::<rusqlite::Result<Vec<_>>>()
                .ctx(&what)?;
            let mut line = serde_json::to_vec(&values)
                .map_err(|e| Error::internal(m::dump_encode_failed(&what, e.to_string())))?;
            line.push(b'\n');
            hash.update(&line);
            w.write_all(&line).map_err(io)?;
            n += 1;
        }
        w.flush().map_err(io)?;
        drop(w);
        staged.commit()?;
        out.push(TableFile { name: t.name, file, columns: t.columns, rows: n, sha256: sha256_hex(hash) });
    }
    Ok(out)
}

/// Write the manifest: last, so that a dump cut short has none and is never restored.
pub fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<()> {
    let path = dir.join(MANIFEST);
    let mut text = serde_json::to_string_pretty(manifest)
        .map_err(|e| Error::internal(m::dump_manifest_encode_failed(e.to_string())))?;
    text.push('\n');
    crate::safe_output::write(&path, text.as_bytes(), true)
}

/// Remove an earlier export's manifest before writing a new one (so a failed export
/// leaves no manifest that describes other files).
pub fn remove_manifest(dir: &Path) -> Result<()> {
    match std::fs::remove_file(dir.join(MANIFEST)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::io(format!("cannot remove the old {}", dir.join(MANIFEST).display()), e))
        }
        _ => Ok(()),
    }
}

/// Remove the table files an earlier export left in `dir` (a redacted export must not sit
/// beside the unmasked tables of an earlier one).
pub fn remove_tables(conn: &Connection, dir: &Path) -> Result<()> {
    for t in tables(conn)? {
        let path = dir.join(TABLES).join(format!("{}.jsonl", t.name));
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::io(format!("cannot remove {}", path.display()), e))
            }
            _ => {}
        }
    }
    // Only when empty: anything else in it is not svc's to remove.
    let _ = std::fs::remove_dir(dir.join(TABLES));
    Ok(())
}

/// The manifest of `dir`, if it has one.
pub fn read_manifest(dir: &Path) -> Result<Option<Manifest>> {
    let path = dir.join(MANIFEST);
    // Read whole, so bounded: a manifest is a few KiB; past the limit it is not svc's.
    let Some(text) = crate::safe_input::text_if_there(&path, crate::safe_input::too_long)? else {
        return Ok(None);
    };
    let m: Manifest = serde_json::from_str(&text)
        .map_err(|e| Error::invalid(m::dump_not_a_manifest(path.display().to_string(), e.to_string())))?;
    if m.format != FORMAT {
        return Err(Error::invalid(m::dump_format(path.display().to_string(), format!("{:?}", m.format), FORMAT)));
    }
    Ok(Some(m))
}

/// Refusals that need no database: a redacted dump, another schema version, a file that
/// is missing or differs from its hash (tampered or truncated).
pub fn verify(dir: &Path, m: &Manifest, schema_version: i64) -> Result<()> {
    if m.redacted {
        return Err(Error::refused(m::dump_redacted(dir.display().to_string())));
    }
    if m.schema_version != schema_version {
        return Err(Error::refused(m::dump_schema_version(
            dir.display().to_string(),
            m.schema_version,
            &m.svc_version,
            schema_version,
        )));
    }
    for t in &m.tables {
        let path = safe_path(dir, &t.file)?;
        let (hash, rows) = hash_file(&path)?;
        if hash != t.sha256 || rows != t.rows {
            return Err(Error::invalid(m::dump_mismatch(
                path.display().to_string(),
                hash,
                rows as i64,
                &t.sha256,
                t.rows as i64,
            )));
        }
    }
    Ok(())
}

/// A manifest's file name, kept inside the dump directory.
fn safe_path(dir: &Path, file: &str) -> Result<PathBuf> {
    let p = Path::new(file);
    if p.components().all(|c| matches!(c, std::path::Component::Normal(_))) {
        Ok(dir.join(p))
    } else {
        Err(Error::invalid(m::dump_outside(format!("{file:?}"))))
    }
}

/// Hand each line of a dump file (newline included) and its number to `each`; return the
/// SHA-256 of the bytes and the number of lines.
fn each_line(path: &Path, each: &mut dyn FnMut(&[u8], u64) -> Result<()>) -> Result<(String, u64)> {
    let io = |e| Error::io(format!("cannot read {} (named by the manifest)", path.display()), e);
    let mut r = BufReader::new(std::fs::File::open(path).map_err(io)?);
    let mut hash = Sha256::new();
    let mut line = Vec::new();
    let mut rows = 0;
    while r.read_until(b'\n', &mut line).map_err(io)? > 0 {
        hash.update(&line);
        rows += 1;
        each(&line, rows)?;
        line.clear();
    }
    Ok((sha256_hex(hash), rows))
}

fn hash_file(path: &Path) -> Result<(String, u64)> {
    each_line(path, &mut |_, _| Ok(()))
}

/// How many rows of each table a restore wrote.
pub struct Restored {
    pub tables: Vec<(String, u64)>,
}

/// Load a verified dump into `conn`, which must be inside a write transaction on a
/// database with no rows. Triggers are dropped for the load (they guard and derive rows
/// that the dump already holds as they were) and re-created from their exact SQL; then
/// the checks of `svc db check` run, and any failure leaves the transaction to roll back.
pub fn restore(conn: &Connection, dir: &Path, m: &Manifest) -> Result<Restored> {
    let schema = tables(conn)?;
    let mut ours: Vec<&str> = schema.iter().map(|t| t.name.as_str()).collect();
    let mut theirs: Vec<&str> = m.tables.iter().map(|t| t.name.as_str()).collect();
    ours.sort();
    theirs.sort();
    if ours != theirs {
        return Err(Error::invalid(m::dump_tables_differ(theirs.join(", "), ours.join(", "))));
    }
    // `svc init` stores initial settings (the business time zone) without a history
    // entry: part of making the file, not records. The dump brings the source's own.
    conn.execute("DELETE FROM settings WHERE key NOT IN (SELECT code FROM history WHERE entity = 'setting')", [])
        .ctx("setting aside the initial settings")?;
    for t in &schema {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {}", quote(&t.name)), [], |r| r.get(0))
            .ctx("counting rows")?;
        if n > 0 {
            return Err(Error::refused(m::dump_not_empty(n, &t.name)));
        }
    }
    conn.pragma_update(None, "defer_foreign_keys", "ON").ctx("deferring foreign keys for the restore")?;
    let triggers: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .ctx("reading the triggers")?;
    for (name, _) in &triggers {
        conn.execute(&format!("DROP TRIGGER {}", quote(name)), []).ctx("setting the triggers aside for the restore")?;
    }
    let mut done = Vec::new();
    for t in &m.tables {
        let shape =
            schema.iter().find(|s| s.name == t.name).ok_or_else(|| Error::internal(m::dump_table_vanished()))?;
        if shape.columns != t.columns {
            return Err(Error::invalid(m::dump_columns_differ(
                &t.name,
                t.columns.join(", "),
                shape.columns.join(", "),
            )));
        }
        done.push((t.name.clone(), load(conn, &safe_path(dir, &t.file)?, shape, &t.sha256)?));
    }
    for (_, sql) in &triggers {
        conn.execute_batch(sql).ctx("re-creating a trigger after the restore")?;
    }
    rebuild_full_text(conn)?;
    let failed: Vec<String> = super::check::run(conn, false)?
        .into_iter()
        .filter(|f| !f.ok)
        .map(|f| format!("{}: {}", f.check, f.detail))
        .collect();
    if !failed.is_empty() {
        return Err(Error::invalid(m::dump_would_fail_check(failed.join("; "))));
    }
    Ok(Restored { tables: done })
}

/// Rebuild every FTS5 index from its content (the schema's are external-content tables,
/// whose text lives in ordinary, dumped tables).
fn rebuild_full_text(conn: &Connection) -> Result<()> {
    let what = "rebuilding the full-text indexes";
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5(%'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .ctx(what)?;
    for name in names {
        conn.execute(&format!("INSERT INTO {0}({0}) VALUES ('rebuild')", quote(&name)), []).ctx(what)?;
    }
    Ok(())
}

/// Insert the rows of one file, hashing them again: a file changed since `verify` is
/// refused as well.
fn load(conn: &Connection, path: &Path, t: &Table, sha256: &str) -> Result<u64> {
    let cols = t.columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
    let marks = vec!["?"; t.columns.len()].join(", ");
    let what = format!("restoring table {}", t.name);
    let mut stmt = conn.prepare(&format!("INSERT INTO {} ({cols}) VALUES ({marks})", quote(&t.name))).ctx(&what)?;
    let (hash, n) = each_line(path, &mut |line, n| {
        let bad =
            |reason: String| Error::invalid(m::dump_line_unreadable(path.display().to_string(), n as i64, reason));
        let values: Vec<serde_json::Value> = serde_json::from_slice(line).map_err(|e| bad(e.to_string()))?;
        if values.len() != t.columns.len() {
            return Err(Error::invalid(m::dump_line_values(
                path.display().to_string(),
                n as i64,
                values.len() as i64,
                t.columns.len() as i64,
            )));
        }
        let values = values
            .into_iter()
            .map(|v| {
                decode(v.clone()).ok_or_else(|| {
                    Error::invalid(m::dump_line_no_value(path.display().to_string(), n as i64, v.to_string()))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        stmt.execute(rusqlite::params_from_iter(values)).map_err(|e| bad(e.to_string()))?;
        Ok(())
    })?;
    if hash != sha256 {
        return Err(Error::invalid(m::dump_changed(path.display().to_string())));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migrated() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        super::super::migrate::migrate(&mut conn, Path::new(":memory:"), "test").unwrap();
        conn
    }

    #[test]
    fn every_table_comes_after_the_tables_it_references() {
        let conn = migrated();
        let order: Vec<String> = tables(&conn).unwrap().into_iter().map(|t| t.name).collect();
        let all: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite%'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(order.len(), all.len(), "every table of the schema is dumped");
        for (i, t) in order.iter().enumerate() {
            let refs: Vec<String> = conn
                .prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)")
                .unwrap()
                .query_map([t], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for r in refs.iter().filter(|r| *r != t) {
                let at = order.iter().position(|o| o == r).unwrap();
                assert!(at < i, "{t} is dumped before {r}, which it references");
            }
        }
        let meta = tables(&conn).unwrap().into_iter().find(|t| t.name == "meta").unwrap();
        assert_eq!(meta.columns, ["rowid", "key", "value"], "a table without an integer key keeps its rowid");
    }

    #[test]
    fn values_keep_their_type() {
        for v in [
            Value::Null,
            Value::Integer(-7),
            Value::Integer(i64::MAX),
            Value::Real(2.0),
            Value::Real(0.1),
            Value::Real(f64::NEG_INFINITY),
            Value::Text(String::new()),
            Value::Text("12".into()),
            Value::Blob(vec![0, 255, 16]),
        ] {
            let line = serde_json::to_string(&encode(v.clone())).unwrap();
            assert_eq!(decode(serde_json::from_str(&line).unwrap()), Some(v), "{line}");
        }
        assert_eq!(decode(serde_json::json!([1])), None);
        assert_eq!(decode(serde_json::json!({"blob": "0g"})), None);
    }

    #[test]
    fn a_new_table_is_dumped_and_restored_without_an_entry_anywhere() {
        let conn = migrated();
        conn.execute_batch(
            "CREATE TABLE extra (a TEXT, b REAL, c BLOB);
             INSERT INTO extra VALUES (NULL, 1.5, x'00ff'), ('', NULL, NULL);",
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let files = write_tables(&conn, dir.path()).unwrap();
        let m = Manifest {
            format: FORMAT.into(),
            svc_version: "t".into(),
            schema_version: 7,
            redacted: false,
            exported_at: "t".into(),
            tables: files,
        };
        verify(dir.path(), &m, 7).unwrap();
        let other = migrated();
        other.execute_batch("CREATE TABLE extra (a TEXT, b REAL, c BLOB)").unwrap();
        let tx = other.unchecked_transaction().unwrap();
        restore(&tx, dir.path(), &m).unwrap();
        tx.commit().unwrap();
        let rows: Vec<Vec<Value>> = other
            .prepare("SELECT a, b, c FROM extra ORDER BY rowid")
            .unwrap()
            .query_map([], |r| (0..3).map(|i| r.get(i)).collect())
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let row = |a: Value, b: Value, c: Value| vec![a, b, c];
        assert_eq!(
            rows,
            [
                row(Value::Null, Value::Real(1.5), Value::Blob(vec![0, 255])),
                row(Value::Text(String::new()), Value::Null, Value::Null)
            ]
        );
        // The same dump into a schema without that table is refused.
        let third = migrated();
        let tx = third.unchecked_transaction().unwrap();
        assert!(matches!(restore(&tx, dir.path(), &m), Err(e) if e.kind() == crate::error::Kind::Invalid));
    }
}
