//! The database file: opening it with the right pragmas, migrating it forward, refusing
//! one from the future, and running every write as one `BEGIN IMMEDIATE` transaction.

pub mod backup;
pub mod check;
pub mod dump;
pub mod history;
pub mod migrate;
pub mod msg;
pub mod readahead;
mod schema_doc;
pub mod upgrade;

use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::clock::Clock;
use crate::error::{Error, Result, SqlContext};
use crate::words::m;

/// The busy timeout: `SVC_BUSY_TIMEOUT` (`5`, `5s`, `500ms`), default 5 seconds.
/// SQLite counts it in milliseconds in an `int`: a longer wait (`30 days`) is the longest
/// it can keep (about 24 days), never a panic.
pub fn busy_timeout() -> Duration {
    let wanted =
        std::env::var("SVC_BUSY_TIMEOUT").ok().and_then(|v| parse_timeout(&v)).unwrap_or(Duration::from_secs(5));
    wanted.min(Duration::from_millis(i32::MAX as u64))
}

fn parse_timeout(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Some(ms) = v.strip_suffix("ms") {
        return ms.trim().parse().ok().map(Duration::from_millis);
    }
    let s = v.strip_suffix('s').unwrap_or(v).trim();
    // `1e20` seconds is no Duration: taken as "as long as possible", not a panic.
    s.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| Duration::try_from_secs_f64(s).unwrap_or(Duration::MAX))
}

/// SQLite's process-wide settings, made by `main` before any connection is opened (SQLite
/// takes them only before it initialises itself). Memory statistics off: svc never reads
/// them, and keeping them takes a global mutex on every allocation, a few per cent of an
/// import's time.
pub fn configure_sqlite() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config must not run while another thread uses SQLite. `main`
        // calls this first thing, on its only thread; called later, after SQLite has
        // initialised, it changes nothing (SQLITE_MISUSE, ignored).
        unsafe {
            let off: std::os::raw::c_int = 0;
            rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, off);
        }
    });
}

/// An open database, with who is acting and what time it is, so that every change it
/// records in the history says when and by whom.
pub struct Db {
    conn: Connection,
    pub path: PathBuf,
    pub actor: String,
    pub clock: Clock,
    /// The migration this open made, if the file was older than this svc.
    pub upgraded: Option<migrate::Upgrade>,
}

impl Db {
    /// Open an existing database and bring its schema up to date.
    pub fn open(path: &Path, actor: &str, clock: Clock) -> Result<Db> {
        if !path.exists() {
            return Err(Error::not_found(m::db_missing(path.display().to_string())));
        }
        // An empty file is no database: a command must not turn any file named by
        // mistake into one (only `svc init` creates).
        if std::fs::metadata(path).map(|m| m.is_file() && m.len() == 0).unwrap_or(false) {
            return Err(Error::invalid(crate::hardening::msg::not_svc_database(path.display().to_string())));
        }
        refuse_non_regular(path)?;
        Db::connect_and_migrate(path, actor, clock)
    }

    /// Create the file (owner-only) if it does not exist, switch it to WAL and migrate it.
    /// Returns the database and whether it was created.
    pub fn init(path: &Path, actor: &str, clock: Clock) -> Result<(Db, bool)> {
        let created = match OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
            Ok(_) => true,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
            Err(e) => return Err(Error::io(format!("cannot create {}", path.display()), e)),
        };
        refuse_non_regular(path)?;
        Ok((Db::connect_and_migrate(path, actor, clock)?, created))
    }

    fn connect_and_migrate(path: &Path, actor: &str, clock: Clock) -> Result<Db> {
        crate::safe_output::protect_database(path);
        let mut conn = connect(path)?;
        let stamp = clock.now().format("%Y%m%dT%H%M%SZ").to_string();
        let upgraded = migrate::migrate(&mut conn, path, &stamp)?;
        // The business time zone, if the command line left it to this file (cli::zone).
        crate::clock::settle_display_zone(path, || crate::cli::zone::stored_in(&conn));
        Ok(Db { conn, path: path.to_owned(), actor: actor.to_owned(), clock, upgraded })
    }

    /// Run `f` in one `BEGIN IMMEDIATE` transaction: committed if it returns Ok, rolled
    /// back otherwise. The write lock is taken up front, so two writers never deadlock
    /// on an upgrade from read to write; waiting is bounded by the busy timeout.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        self.write_or_rehearse(true, f)
    }

    /// As `write`, but when `commit` is false everything is rolled back at the end: a
    /// dry run that applies every rule exactly as the real run would.
    pub fn write_or_rehearse<T>(&mut self, commit: bool, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let tx =
            self.conn.transaction_with_behavior(TransactionBehavior::Immediate).ctx("starting a write transaction")?;
        let wrapped = Tx { tx, actor: &self.actor, now: self.clock.now_text() };
        let out = f(&wrapped)?;
        if commit {
            wrapped.tx.commit().ctx("committing the transaction")?;
        } else {
            wrapped.tx.rollback().ctx("rolling back the dry run")?;
        }
        Ok(out)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// This open is for reading much of the file (`Reads`): a listing over the whole
    /// installed base (`db check` asks the same of its connection). Most commands read a
    /// few records and keep SQLite's defaults.
    pub fn reading(self, reads: Reads) -> Result<Db> {
        reads.prepare(&self.conn)?;
        Ok(self)
    }
}

/// How much of the file a command reads, for what SQLite keeps of it between reads. The
/// one place this is decided: commands say what they do, not how many pages to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// A listing that reads a record for each of thousands of rows: the due lists read a
    /// device by its id for every schedule due, all over the equipment table. SQLite's
    /// default cache (2 MB) holds a fifth of that table at 200,000 devices, so most
    /// look-ups would read their page from the file again.
    Listing,
    /// Every page, once: `db check`.
    WholeFile,
}

/// The page cache of a large read: 32 MB, taken only as pages are read. The equipment
/// table and its schedules' index at 200,000 devices (under 20 MB) stay in it whole; not
/// more, because for the check the cache and SQLite's sorter (which takes as much again
/// before it spills to a temporary file) are most of its memory (274 MB with a 128 MB
/// cache on 5,000,000 movements).
const LARGE_READ_CACHE_KIB: i64 = 32 * 1024;

/// How much of the file a listing reads through a memory map (the first 256 MB):
/// a page is then read where the kernel keeps it, not copied into the page cache (a
/// pread and a malloc per page, and the frees when the connection closes): about a sixth
/// of the due list's time at 200,000 devices. Not for the check: it maps every page it
/// reads, which would count in its memory, and a failing disk under a map stops the process with a signal
/// where the check must report it.
const LISTING_MAP_BYTES: i64 = 256 * 1024 * 1024;

impl Reads {
    /// Prepare `conn` for these reads.
    pub fn prepare(self, conn: &Connection) -> Result<()> {
        use rusqlite::OptionalExtension;
        conn.pragma_update(None, "cache_size", -LARGE_READ_CACHE_KIB).ctx("sizing the page cache for a large read")?;
        if self == Reads::Listing {
            // SQLite answers with the size it took (0 where it cannot map): either is fine.
            conn.query_row(&format!("PRAGMA mmap_size = {LISTING_MAP_BYTES}"), [], |_| Ok(()))
                .optional()
                .ctx("mapping the file for a large read")?;
        }
        Ok(())
    }
}

/// A write transaction, carrying who acts and when, for the history.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    pub actor: &'a str,
    /// The time of this transaction, UTC RFC 3339.
    pub now: String,
}

impl Tx<'_> {
    /// The transaction's connection, for code that takes a `&Connection` (reads shared by
    /// commands and writes).
    pub fn conn(&self) -> &Connection {
        &self.tx
    }
}

/// The statements the areas run, named here rather than reached through
/// `Deref<Target = Connection>` (issue 8: the storage seam). Every method call on a `Db`
/// or a `Tx` lands on these, and a `&Connection` is only ever had by asking `.conn()`:
/// what the areas do with the database is spelled out here, which is the seam a second
/// storage engine would implement.
macro_rules! statements {
    ($ty:ty, $conn:ident) => {
        impl $ty {
            /// Run one statement; how many rows it changed.
            pub fn execute<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
                self.$conn.execute(sql, params)
            }

            /// Run a statement and read its first row (`RETURNING` included).
            pub fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
            where
                P: rusqlite::Params,
                F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
            {
                self.$conn.query_row(sql, params, f)
            }

            /// A statement kept in the connection's cache: for statements run per row.
            pub fn prepare_cached(&self, sql: &str) -> rusqlite::Result<rusqlite::CachedStatement<'_>> {
                self.$conn.prepare_cached(sql)
            }

            /// A statement prepared once.
            pub fn prepare(&self, sql: &str) -> rusqlite::Result<rusqlite::Statement<'_>> {
                self.$conn.prepare(sql)
            }
        }
    };
}
statements!(Db, conn);
statements!(Tx<'_>, tx);

/// A database is a regular file (or a symlink to one). `/dev/null` was migrated as a new
/// database ("disk I/O error"), and a FIFO made every command, cron's included, wait
/// forever in SQLite's open.
fn refuse_non_regular(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => {
            Err(Error::invalid(crate::hostile::msg::database_not_regular(path.display().to_string())))
        }
        _ => Ok(()),
    }
}

/// `path` as SQLite must be given it to read a file name and never a URI: the bundled
/// SQLite takes `file:...` as a URI whatever the open flags (`file:x.db?mode=memory`
/// would be an in-memory database that `init` reports as created).
pub fn plain_path(path: &Path) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    if path.as_os_str().as_bytes().starts_with(b"file:") {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    }
}

fn connect(path: &Path) -> Result<Connection> {
    match connect_read_write(path) {
        Ok(conn) => Ok(conn),
        // An auditor's copy on read-only media, or a file this user may only read: opened
        // read-only, so listings, exports, `db check` and `repair verify` still work; a
        // write is refused in words (error.rs). Nothing can change the file meanwhile, so
        // it is opened immutable: SQLite then needs no -shm beside it.
        Err(e) if cannot_write(path) => connect_read_only(path).map_err(|_| e),
        Err(e) => Err(e),
    }
}

/// Whether this process cannot write the database file or create files beside it (its
/// -wal and -shm): read-only media, or permissions.
fn cannot_write(path: &Path) -> bool {
    let path = plain_path(path);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    OpenOptions::new().write(true).open(&path).is_err() || tempfile::tempfile_in(dir).is_err()
}

fn connect_read_only(path: &Path) -> Result<Connection> {
    let absolute = std::path::absolute(plain_path(path)).map_err(|e| Error::io("cannot open the database", e))?;
    // A URI only to say `immutable`; the path itself is percent-encoded whole, so no
    // character of it is read as URI syntax.
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file:");
    for b in absolute.as_os_str().as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => uri.push(*b as char),
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    // A -wal beside it holds committed changes that `immutable` would ignore: then it is
    // read as it is (SQLite needs its -shm too, or refuses), never silently without them.
    let mut wal = absolute.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).map(|m| m.len() == 0).unwrap_or(true) {
        uri.push_str("?immutable=1");
    }
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::internal(m::db_cannot_open(path.display().to_string(), e.to_string())))?;
    conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0)).ctx("reading the database")?;
    conn.pragma_update(None, "foreign_keys", "ON").ctx("enabling foreign keys")?;
    Ok(conn)
}

fn connect_read_write(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        plain_path(path),
        // No SQLITE_OPEN_URI, and `plain_path`: a `file:` name is a file name.
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::internal(m::db_cannot_open(path.display().to_string(), e.to_string())))?;
    // Before the first read: a file locked by another process (a rollback-journal file
    // under an exclusive lock) is waited for as long as SVC_BUSY_TIMEOUT says, not the
    // connection's default of 5 s first.
    conn.busy_timeout(busy_timeout()).ctx("setting the busy timeout")?;
    // The first read of the file: SQLite's "file is not a database" in plain words.
    if let Err(e) = conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0)) {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
            return Err(Error::invalid(crate::hardening::msg::not_svc_database(path.display().to_string())));
        }
        // Still locked when the timeout ran out, or damaged: said now, not waited for
        // again by the next statement.
        return Err(e).ctx("reading the database");
    }
    conn.pragma_update(None, "foreign_keys", "ON").ctx("enabling foreign keys")?;
    // WAL with synchronous=NORMAL is durable across application crashes (a committed
    // transaction survives SIGKILL); only a power loss can lose the last commits.
    conn.pragma_update(None, "synchronous", "NORMAL").ctx("setting synchronous")?;
    // Many processes share the file (cron and people): WAL lets readers and one writer
    // work at once. A file restored from a backup comes back in rollback mode.
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).ctx("reading the journal mode")?;
    if !mode.eq_ignore_ascii_case("wal") {
        switch_to_wal(&conn)?;
    }
    Ok(conn)
}

/// Switch a rollback-journal file to WAL. The switch needs the file to itself, and SQLite
/// answers "busy" at once rather than through the busy handler when another process holds
/// a lock on it (several cron jobs opening an old or restored file at the same moment), so
/// the wait is here: retried until the busy timeout, as any other lock is waited for.
fn switch_to_wal(conn: &Connection) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Err(e) if crate::error::is_busy(&e) && started.elapsed() < busy_timeout() => {}
            // Still in rollback mode (another process is in a transaction): wait like a lock.
            Ok(_) if started.elapsed() < busy_timeout() => {}
            // Time is up, or another error: said as every lock wait says it.
            other => {
                let busy =
                    || rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None);
                return other.and_then(|_| Err::<(), _>(busy())).ctx("switching the database to WAL");
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Next value of a named counter, for generated codes such as `C-000001`.
/// `taken` says whether a candidate code is already used (e.g. by an imported record).
pub fn next_code(tx: &Tx, name: &str, prefix: &str, taken: impl Fn(&str) -> Result<bool>) -> Result<String> {
    loop {
        let n: i64 = tx
            .query_row(
                "INSERT INTO sequences(name, next) VALUES (?1, 2)
                 ON CONFLICT(name) DO UPDATE SET next = next + 1
                 RETURNING next - 1",
                [name],
                |r| r.get(0),
            )
            .ctx("allocating a code")?;
        let code = format!("{prefix}-{n:06}");
        if !taken(&code)? {
            return Ok(code);
        }
    }
}

/// The next code of a document kept in `table` (`PO-000001`, `T-000001`, ...).
pub fn document_code(tx: &Tx, table: &'static str, prefix: &str) -> Result<String> {
    use rusqlite::OptionalExtension;
    next_code(tx, table, prefix, |code| {
        tx.prepare_cached(&format!("SELECT 1 FROM {table} WHERE code = ?1"))
            .and_then(|mut s| s.query_row([code], |_| Ok(())).optional())
            .map(|found| found.is_some())
            .ctx("allocating a document code")
    })
}

/// A document's row id by its code, or a not-found error naming the listing command.
pub fn document_id(conn: &Connection, table: &'static str, what: &str, list: &str, code: &str) -> Result<i64> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached(&format!("SELECT id FROM {table} WHERE code = ?1"))
        .and_then(|mut s| s.query_row([code], |r| r.get(0)).optional())
        .ctx("looking up a document")?
        .ok_or_else(|| Error::not_found(m::document_not_found(what, code, list)))
}

/// Run a query and hand each row, read by `read`, to `each`: the loop of every listing,
/// with one context for its errors. The statement is cached: listings run once per
/// process, but imports and counts call lookups per row.
pub fn each_row<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    what: &str,
    read: impl Fn(&rusqlite::Row) -> rusqlite::Result<T>,
    each: &mut dyn FnMut(T) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql).ctx(what)?;
    let mut rows = stmt.query(params).ctx(what)?;
    while let Some(row) = rows.next().ctx(what)? {
        each(read(row).ctx(what)?)?;
    }
    Ok(())
}

/// Every row of a query, read by `read`, in order, as one Vec: for what a command holds
/// whole anyway (a report's diagnoses, the SLA rules, an analysis's grouped rows).
/// Cached as `each_row`, which streams the rows instead.
pub fn all_rows<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    what: &str,
    read: impl Fn(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    conn.prepare_cached(sql).and_then(|mut st| st.query_map(params, read)?.collect()).ctx(what)
}

/// SQLite's query plan for `sql` (with `params` NULL parameters), one line per step:
/// tests use it to prove that the cron listings stay on their indexes.
pub fn explain(conn: &Connection, sql: &str, params: usize) -> Result<Vec<String>> {
    let nulls: Vec<rusqlite::types::Null> = vec![rusqlite::types::Null; params];
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).ctx("explaining a query")?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(nulls.iter()), |r| r.get::<_, String>(3))
        .ctx("explaining a query")?;
    rows.collect::<rusqlite::Result<Vec<_>>>().ctx("explaining a query")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_parse_in_seconds_and_milliseconds() {
        assert_eq!(parse_timeout("5"), Some(Duration::from_secs(5)));
        assert_eq!(parse_timeout("2s"), Some(Duration::from_secs(2)));
        assert_eq!(parse_timeout("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_timeout("soon"), None);
        assert_eq!(parse_timeout("-1"), None);
    }

    #[test]
    fn a_large_read_keeps_32_mb_and_only_a_listing_maps_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let pragma = |conn: &Connection, name: &str| -> i64 {
            conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0)).unwrap()
        };
        let listing = Connection::open(dir.path().join("a.db")).unwrap();
        Reads::Listing.prepare(&listing).unwrap();
        assert_eq!(pragma(&listing, "cache_size"), -LARGE_READ_CACHE_KIB);
        assert_eq!(pragma(&listing, "mmap_size"), LISTING_MAP_BYTES);
        let check = Connection::open(dir.path().join("b.db")).unwrap();
        Reads::WholeFile.prepare(&check).unwrap();
        assert_eq!(pragma(&check, "cache_size"), -LARGE_READ_CACHE_KIB);
        assert_eq!(pragma(&check, "mmap_size"), 0, "the check reads through the cache");
    }
}
