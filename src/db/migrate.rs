//! Schema versions live in `PRAGMA user_version`. Each migration runs in its own
//! transaction; a file newer than this binary is refused rather than guessed at.
//! Released migrations never change (a test pins their SHA-256): a fix is a new one.
//! A database that holds data is backed up beside itself before it is migrated.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::error::{Error, Result, SqlContext};
use crate::words::m;

/// A migration step written in Rust, for what SQL alone cannot do.
pub type RustStep = fn(&Transaction) -> Result<()>;

pub enum Step {
    /// A file from migrations/, run as one batch.
    Sql(&'static str),
    /// Rust, with foreign keys enforced as usual.
    Rust(RustStep),
    /// Rust that rebuilds tables (`rebuild_table`): foreign keys are switched off outside
    /// its transaction, and `PRAGMA foreign_key_check` must find nothing before it commits.
    Rebuild(RustStep),
}

pub struct Migration {
    pub name: &'static str,
    pub step: Step,
}

/// The migrations, in order: entry N brings a database from version N to N + 1.
/// Released entries are never edited: add a new one.
pub const MIGRATIONS: &[Migration] = &[
    Migration { name: "0001_foundation", step: Step::Sql(include_str!("../../migrations/0001_foundation.sql")) },
    Migration { name: "0002_parts", step: Step::Sql(include_str!("../../migrations/0002_parts.sql")) },
    Migration { name: "0003_service", step: Step::Sql(include_str!("../../migrations/0003_service.sql")) },
    Migration { name: "0004_restore_edited", step: Step::Rebuild(super::upgrade::v4_restore_edited) },
    Migration {
        name: "0005_parts_integrity",
        step: Step::Sql(include_str!("../../migrations/0005_parts_integrity.sql")),
    },
    Migration { name: "0006_due_indexes", step: Step::Sql(include_str!("../../migrations/0006_due_indexes.sql")) },
    Migration { name: "0007_ticket_facts", step: Step::Sql(include_str!("../../migrations/0007_ticket_facts.sql")) },
    Migration { name: "0008_calendar", step: Step::Sql(include_str!("../../migrations/0008_calendar.sql")) },
    Migration {
        name: "0009_service_classes",
        step: Step::Sql(include_str!("../../migrations/0009_service_classes.sql")),
    },
    Migration { name: "0010_training", step: Step::Sql(include_str!("../../migrations/0010_training.sql")) },
    Migration { name: "0011_emergency", step: Step::Sql(include_str!("../../migrations/0011_emergency.sql")) },
    Migration { name: "0012_support", step: Step::Sql(include_str!("../../migrations/0012_support.sql")) },
    Migration { name: "0013_quality", step: Step::Sql(include_str!("../../migrations/0013_quality.sql")) },
    Migration { name: "0014_maintenance", step: Step::Sql(include_str!("../../migrations/0014_maintenance.sql")) },
    Migration { name: "0015_hardening", step: Step::Sql(include_str!("../../migrations/0015_hardening.sql")) },
    Migration {
        name: "0016_quality_emergency",
        step: Step::Sql(include_str!("../../migrations/0016_quality_emergency.sql")),
    },
    Migration { name: "0017_report", step: Step::Sql(include_str!("../../migrations/0017_report.sql")) },
    Migration { name: "0018_provenance", step: Step::Sql(include_str!("../../migrations/0018_provenance.sql")) },
    Migration { name: "0019_hardening2", step: Step::Sql(include_str!("../../migrations/0019_hardening2.sql")) },
    Migration {
        name: "0020_customer_training",
        step: Step::Sql(include_str!("../../migrations/0020_customer_training.sql")),
    },
    Migration { name: "0021_report_speed", step: Step::Sql(include_str!("../../migrations/0021_report_speed.sql")) },
    Migration { name: "0022_appraisal_status", step: Step::Rebuild(super::upgrade::v22_appraisal_status) },
    Migration { name: "0023_maint", step: Step::Sql(include_str!("../../migrations/0023_maint.sql")) },
    Migration { name: "0024_support", step: Step::Sql(include_str!("../../migrations/0024_support.sql")) },
    Migration { name: "0025_speed", step: Step::Sql(include_str!("../../migrations/0025_speed.sql")) },
    Migration { name: "0026_cold_listings", step: Step::Sql(include_str!("../../migrations/0026_cold_listings.sql")) },
];

pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn version(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).ctx("reading the schema version")
}

/// What a migration did: the versions, and the backup made before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Upgrade {
    pub from: i64,
    pub to: i64,
    pub backup: Option<PathBuf>,
}

/// Bring the database at `path` up to `latest()`, one transaction per migration.
/// `stamp` (UTC, e.g. `20261130T141500Z`) names the backup made before the first one.
pub fn migrate(conn: &mut Connection, path: &Path, stamp: &str) -> Result<Option<Upgrade>> {
    migrate_to(conn, path, stamp, latest())
}

/// Bring the database up to version `target` (at most `latest()`): what `migrate` does,
/// stopped early, so tests can make a file as an earlier build left it.
pub fn migrate_to(conn: &mut Connection, path: &Path, stamp: &str, target: i64) -> Result<Option<Upgrade>> {
    let from = version(conn)?;
    check_known(from, path)?;
    if from >= target.min(latest()) {
        return Ok(None);
    }
    let mut backup = None;
    let mut keys_off = false;
    loop {
        let outcome = apply_next(conn, path, stamp, keys_off, &mut backup, (from, target));
        // Whatever happened, foreign keys are on again before anything else runs.
        let restored = if keys_off { set_foreign_keys(conn, true) } else { Ok(()) };
        let outcome = outcome?;
        restored?;
        keys_off = false;
        match outcome {
            Next::Applied => {}
            Next::Done => break,
            Next::Again { keys_off: off } => {
                if off {
                    set_foreign_keys(conn, false)?;
                }
                keys_off = off;
            }
        }
    }
    Ok(Some(Upgrade { from, to: version(conn)?, backup }))
}

enum Next {
    Applied,
    Done,
    /// Run again with foreign keys off (the next migration rebuilds tables) or on (it
    /// does not: another process applied the rebuild while this one waited).
    Again {
        keys_off: bool,
    },
}

fn apply_next(
    conn: &mut Connection,
    path: &Path,
    stamp: &str,
    keys_off: bool,
    backup: &mut Option<PathBuf>,
    (from, target): (i64, i64),
) -> Result<Next> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).ctx("starting a migration")?;
    // Another process may have migrated while we waited for the lock.
    let v = version(&tx)?;
    check_known(v, path)?;
    let Some(m) = usize::try_from(v).ok().filter(|_| v < target).and_then(|i| MIGRATIONS.get(i)) else {
        return Ok(Next::Done);
    };
    let rebuilds = matches!(m.step, Step::Rebuild(_));
    if rebuilds != keys_off {
        // PRAGMA foreign_keys is a no-op inside a transaction: leave, switch, come back.
        return Ok(Next::Again { keys_off: rebuilds });
    }
    // Only the process that found the file as it was copies it: one that finds another
    // process's upgrade under way (the version moved since it looked) leaves it be.
    if backup.is_none() && v == from && holds_data(&tx)? {
        *backup = Some(back_up(path, v, stamp)?);
    }
    let what = format!("applying migration {}", m.name);
    match m.step {
        Step::Sql(sql) => tx.execute_batch(sql).ctx(&what)?,
        Step::Rust(f) => f(&tx)?,
        Step::Rebuild(f) => {
            f(&tx)?;
            foreign_key_check(&tx, m.name)?;
        }
    }
    tx.pragma_update(None, "user_version", v + 1).ctx("recording the schema version")?;
    tx.commit().ctx(&format!("committing migration {}", m.name))?;
    Ok(Next::Applied)
}

/// A version this binary knows: not from a newer svc, and not negative.
fn check_known(v: i64, path: &Path) -> Result<()> {
    if v > latest() {
        return Err(Error::busy(m::db_newer(path.display().to_string(), v, latest())));
    }
    if v < 0 {
        return Err(Error::invalid(m::db_bad_version(path.display().to_string(), v)));
    }
    Ok(())
}

fn set_foreign_keys(conn: &Connection, on: bool) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", if on { "ON" } else { "OFF" }).ctx(if on {
        "enabling foreign keys after a migration"
    } else {
        "disabling foreign keys for a table rebuild"
    })
}

/// Whether any table holds a row (an empty or brand-new file needs no backup).
fn holds_data(conn: &Connection) -> Result<bool> {
    let what = "looking for data before a migration";
    let mut stmt =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").ctx(what)?;
    let tables =
        stmt.query_map([], |r| r.get::<_, String>(0)).ctx(what)?.collect::<rusqlite::Result<Vec<_>>>().ctx(what)?;
    for t in tables {
        let sql = format!("SELECT 1 FROM \"{}\" LIMIT 1", t.replace('"', "\"\""));
        if conn.query_row(&sql, [], |_| Ok(())).optional().ctx(what)?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Copy the database, as it is at version `v`, to `<file>.pre-v<latest>-<stamp>.bak`
/// beside it (owner-only, SQLite's backup API). An existing file is never replaced.
/// The caller holds the write lock; the copy is read through a second connection (SQLite
/// refuses to back up from a connection in a write transaction), which in WAL mode reads
/// the last committed state: the file exactly as it was before this migration.
fn back_up(path: &Path, v: i64, stamp: &str) -> Result<PathBuf> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "svc.db".into());
    let base = format!("{name}.pre-v{}-{stamp}", latest());
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut target = dir.join(format!("{base}.bak"));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = dir.join(format!("{base}-{n}.bak"));
    }
    let copied = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .ctx("opening the database for its backup")
        .and_then(|src| super::backup::to_file(&src, &target, false));
    copied.map_err(|e| {
        Error::internal(m::db_backup_failed(path.display().to_string(), v, target.display().to_string(), e.to_string()))
    })?;
    Ok(target)
}

/// Refuse (and so roll back) a rebuild that left a row pointing at nothing.
fn foreign_key_check(conn: &Connection, name: &str) -> Result<()> {
    let what = "checking foreign keys after a table rebuild";
    let mut stmt = conn.prepare("PRAGMA foreign_key_check").ctx(what)?;
    let broken = stmt
        .query_map([], |r| {
            Ok(format!("{} row {} -> {}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?))
        })
        .ctx(what)?
        .take(10)
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx(what)?;
    if broken.is_empty() {
        return Ok(());
    }
    Err(Error::refused(m::migration_dangling(name, broken.join("; "))))
}

/// SQLite's 12-step table rebuild, the only way to change a CHECK or a column's place:
/// `new_table` (created by the caller, with the final definition) receives every row of
/// `table`, `table` is dropped, `new_table` takes its name, and the old table's indexes
/// and triggers are created again. A column `table` lacks is filled from `fill`
/// (`(column, SQL expression over the old row)`). Runs inside the caller's transaction,
/// which must have foreign keys off (`Step::Rebuild`); the migration checks them after.
pub fn rebuild_table(tx: &Transaction, table: &str, new_table: &str, fill: &[(&str, &str)]) -> Result<()> {
    let what = format!("rebuilding table {table}");
    let old = columns(tx, table)?;
    let new = columns(tx, new_table)?;
    let mut select = Vec::new();
    for c in &new {
        if old.contains(c) {
            select.push(format!("\"{c}\""));
        } else if let Some((_, expr)) = fill.iter().find(|(f, _)| f == c) {
            select.push(format!("({expr})"));
        } else {
            return Err(Error::internal(m::rebuild_no_value(&what, c)));
        }
    }
    if let Some(lost) = old.iter().find(|c| !new.contains(c)) {
        return Err(Error::internal(m::rebuild_would_lose(&what, lost)));
    }
    let mut stmt = tx
        .prepare(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ?1 AND type IN ('index', 'trigger') AND sql IS NOT NULL",
        )
        .ctx(&what)?;
    let dependents = stmt
        .query_map([table], |r| r.get::<_, String>(0))
        .ctx(&what)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx(&what)?;
    let list = new.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    tx.execute(&format!("INSERT INTO \"{new_table}\" ({list}) SELECT {} FROM \"{table}\"", select.join(", ")), [])
        .map_err(|e| Error::refused(m::rebuild_refused(table, e.to_string())))?;
    // Triggers of other tables name this one; with the modern ALTER, the rename would
    // check them while the table is gone. The legacy rename leaves them as they are.
    tx.execute_batch(&format!(
        "DROP TABLE \"{table}\";
         PRAGMA legacy_alter_table = ON;
         ALTER TABLE \"{new_table}\" RENAME TO \"{table}\";
         PRAGMA legacy_alter_table = OFF;"
    ))
    .ctx(&what)?;
    for sql in dependents {
        tx.execute_batch(&sql).ctx(&format!("{what}: recreating its indexes and triggers"))?;
    }
    Ok(())
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let what = format!("reading the columns of {table}");
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)").ctx(&what)?;
    let cols = stmt
        .query_map([table], |r| r.get::<_, String>(0))
        .ctx(&what)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx(&what)?;
    if cols.is_empty() {
        return Err(Error::internal(m::table_missing(&what, table)));
    }
    Ok(cols)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use sha2::{Digest, Sha256};

    /// Every file in migrations/, pinned. A database made with a file is never made
    /// again with an edited one: a released file changes only by mistake.
    const PINNED: &[(&str, &str)] = &[
        ("0001_foundation.sql", "3c1d369011cbb2fa9d39f0327be4faf8d8654e8f644702d6db5749c5792c5f99"),
        ("0002_parts.sql", "8171c6c9be2e17ce95806aa9a3768862afdf01ab44bcde5189dfef53da9ac09f"),
        ("0003_service.sql", "d6502d822e8336b40ba7d242db6bcb757fc982b03a236e7f7bfc4c1e42172539"),
        ("0004_restore_edited.sql", "5f1ef0c3aec2389885140169f21b5b3591f07b7bfd772ec6212766958cf57ca3"),
        ("0004_status_checks.sql", "ef4ff3813a418420751a1ecfb4f493516fab2c9c404e69573a81d2f998236893"),
        ("0005_parts_integrity.sql", "8e577467065af22510b3869429c9bbca4975b85f2ed590e74a883360a81c7e58"),
        ("0006_due_indexes.sql", "0fbac239c7a14de8250e33e311164831056ba8207bfbb842499f9ddad1ae569f"),
        ("0007_ticket_facts.sql", "08d79f575965f773ed706b62f8df14e1320df68d9b6e7ad31c24454315d1d709"),
        ("0008_calendar.sql", "78749f8ae9df5eafb2432b9be25fca8d750e88ffe831d08f13d1c3aa58b103f5"),
        ("0009_service_classes.sql", "d267bbb754d6ebfeff64d66a7e0e8998ede1ad0e672c51dd678fddcc750d6592"),
        ("0010_training.sql", "55ab1d6eb4c15547462199b3e01ff1a9d7d6cef4b08d1d8586b3babe3dd8514d"),
        ("0011_emergency.sql", "32d1865b4faa1c9d32916a00b584f722ccec6ccb4ee2b34dfee3c91776928945"),
        ("0012_support.sql", "0836f0b6db52bc7e3d8abb103a0fe4283a19c727770d39e340cbbc2fe136c8bc"),
        ("0013_quality.sql", "705a51ddd754550baa1e24b99eb22c8433b0e160aa563c246b290ee48b5bd6fb"),
        ("0014_maintenance.sql", "4678b59a62d7317bec1f779d6475878cc8c0262968cd7977b7a5e57dbcee180c"),
        ("0015_hardening.sql", "23fc286e368b24980fde6c06f37082adc9e78832ecb84c91443659f5e4db3168"),
        ("0016_quality_emergency.sql", "9f5fea535b9f4f7ab3042470d4f0a62f2ed216aee2fa9ff0140ce0a7608d0b77"),
        ("0017_report.sql", "cf9f707499269cfbc8937f6a056d0e83caef19017b445ca544419fc0282343c3"),
        ("0018_provenance.sql", "5d729dc9a30f1fa415c256fb19004bc47b51676ecd9894b260289d4f3aed3720"),
        ("0019_hardening2.sql", "a27515055acb275e6df6436f884e89e31f1cc3d8d3d0c2bebc2b63029cda4af2"),
        ("0020_customer_training.sql", "83c7a0af9b8781db11aefca9548a26b7e3f497ce632282d4ab9be41f9abaa57e"),
        ("0021_report_speed.sql", "36ca03ecf4e0e1df5c125d45a5a6649a17036aa63fdaeecd543375bb9865c652"),
        ("0022_appraisal_status.sql", "9381581b7221d98720e5de6dd438bb7f488d1bee28d97cb5c499cbe3eeaea440"),
        ("0023_maint.sql", "5d40a419b940b10eb26b05e03ebdeef9f10dfdd475ae4dff59bd946d6f848f45"),
        ("0024_support.sql", "72ed89d54177c8b23a80961a2f2b1d04dff19d2de74601ba27c93ad0c84d9159"),
        ("0025_speed.sql", "73830d3ad4bcdaf95c239a47f6523ce0b703d4f84b8c22d01fdf14e431f67627"),
        ("0026_cold_listings.sql", "ff6abc668ab9159448688fedc9e37feb61c401a9c1f54a239a0263671e2739d5"),
    ];

    #[test]
    fn released_migrations_never_change() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("the migrations directory")
            .map(|e| e.expect("a directory entry").file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        for name in &files {
            let Some((_, pinned)) = PINNED.iter().find(|(n, _)| n == name) else {
                panic!("migrations/{name} is not pinned: add its SHA-256 to PINNED when it is released");
            };
            let bytes = std::fs::read(dir.join(name)).expect("a migration file");
            let hash: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(
                &hash, pinned,
                "migrations/{name} changed: released migrations never change: add a new one \
                 (databases made with the old text would never get the edit)"
            );
        }
        for (name, _) in PINNED {
            assert!(files.contains(&name.to_string()), "migrations/{name} is pinned but gone");
        }
    }

    /// Entry N (from 0) brings a file to version N + 1 and is named so: a file's number
    /// is the version it makes, with no gaps, whatever order branches were merged in.
    #[test]
    fn each_migration_is_named_after_the_version_it_makes() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert!(
                m.name.starts_with(&format!("{:04}_", i + 1)),
                "MIGRATIONS[{i}] is {}: it makes version {}, so its name starts with {:04}_",
                m.name,
                i + 1,
                i + 1
            );
        }
    }

    fn fresh() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        assert_eq!(migrate(&mut conn, Path::new(":memory:"), "now").unwrap().unwrap().backup, None);
        conn
    }

    /// The values a `CHECK (column IN (...))` of `table` allows.
    fn check_list(conn: &Connection, table: &str, column: &str) -> Vec<String> {
        let sql: String =
            conn.query_row("SELECT sql FROM sqlite_master WHERE name = ?1", [table], |r| r.get(0)).unwrap();
        let flat = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let start =
            flat.find(&format!("CHECK ({column} IN (")).unwrap_or_else(|| panic!("{table}.{column} has no CHECK"));
        let rest = &flat[start..];
        let list = &rest[rest.find("IN (").unwrap() + 4..rest.find(')').unwrap()];
        list.split(',').map(|s| s.trim().trim_matches('\'').to_string()).collect()
    }

    #[test]
    fn status_checks_list_the_state_tables_statuses() {
        let conn = fresh();
        for (table, column, statuses) in [
            ("repairs", "status", crate::repair::STATUSES),
            ("tickets", "status", crate::ticket::STATUSES),
            ("tickets", "resume_status", crate::ticket::STATUSES),
            ("equipment", "status", crate::equipment::STATUSES),
        ] {
            assert_eq!(check_list(&conn, table, column), statuses, "{table}.{column}");
        }
        // Every column named status (or *_status) has a CHECK.
        let mut stmt = conn
            .prepare(
                "SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
                  WHERE m.type = 'table' AND (c.name = 'status' OR c.name LIKE '%\\_status' ESCAPE '\\')",
            )
            .unwrap();
        let cols: Vec<(String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap();
        assert!(cols.len() >= 8, "{cols:?}");
        for (table, column) in cols {
            assert!(!check_list(&conn, &table, &column).is_empty(), "{table}.{column}");
        }
    }

    #[test]
    fn a_rebuild_keeps_the_tables_triggers_and_indexes() {
        let conn = fresh();
        let names = |table: &str| -> Vec<String> {
            conn.prepare("SELECT name FROM sqlite_master WHERE tbl_name = ?1 AND sql IS NOT NULL ORDER BY name")
                .unwrap()
                .query_map([table], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let mut want = [
            "repairs",
            "repairs_equipment",
            "repairs_no_delete",
            "repairs_signed_frozen",
            "repairs_status",
            "repairs_ticket",
            "repairs_signed",
            "repairs_opened",
            "repairs_equipment_opened",
        ];
        want.sort();
        assert_eq!(names("repairs"), want);
        let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok");
        let fk: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert!(fk, "foreign keys are on again after the rebuild");
    }

    /// A file at version 3 holding a customer's device and `rows` (foreign keys off, as if
    /// written around svc); foreign keys on again, as svc opens it.
    fn at_v3(rows: &str) -> (tempfile::TempDir, PathBuf, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("svc.db");
        let conn = Connection::open(&path).unwrap();
        for m in &MIGRATIONS[..3] {
            let Step::Sql(sql) = m.step else { unreachable!("0001 to 0003 are SQL") };
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(&format!(
            "PRAGMA user_version = 3;
             PRAGMA foreign_keys = OFF;
             INSERT INTO customers(code, name, type) VALUES ('C', 'c', 'other');
             INSERT INTO models(model, manufacturer, added_at) VALUES ('m', 'x', 'now');
             INSERT INTO equipment(serial_no, model_id, customer_id) VALUES ('S', 1, 1);
             {rows}
             PRAGMA foreign_keys = ON;"
        ))
        .unwrap();
        (dir, path, conn)
    }

    #[test]
    fn a_rebuild_that_breaks_a_foreign_key_is_rolled_back() {
        // A repair of a ticket that does not exist.
        let (_dir, path, mut conn) = at_v3(
            "INSERT INTO repairs(code, ticket_id, equipment_id, status, under_warranty, opened_at)
             VALUES ('R-000001', 99, 1, 'diagnosing', 0, 'now');",
        );
        let err = migrate(&mut conn, &path, "20260305T020000Z").unwrap_err();
        assert_eq!(err.kind(), Kind::Refused, "{err}");
        assert!(err.to_string().contains("repairs row 1 -> tickets"), "{err}");
        assert_eq!(version(&conn).unwrap(), 3, "the migration was rolled back");
        let sql: String =
            conn.query_row("SELECT sql FROM sqlite_master WHERE name = 'repairs'", [], |r| r.get(0)).unwrap();
        assert!(!sql.contains("CHECK (status"), "the old table is still there");
        let fk: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert!(fk, "foreign keys are on again after the refusal");
        let backup = format!("svc.db.pre-v{}-20260305T020000Z.bak", latest());
        assert!(path.with_file_name(backup).exists(), "the backup was made first");
    }

    #[test]
    fn a_rebuild_refuses_a_status_the_state_table_does_not_know() {
        let (_dir, path, mut conn) = at_v3(
            "INSERT INTO tickets(code, customer_id, channel, kind, priority, symptom, opened_at)
             VALUES ('T-000001', 1, 'visit', 'fault', 'low', 'x', 'now');
             INSERT INTO repairs(code, ticket_id, equipment_id, status, under_warranty, opened_at)
             VALUES ('R-000001', 1, 1, 'lost', 0, 'now');",
        );
        let err = migrate(&mut conn, &path, "now").unwrap_err();
        assert!(err.kind() == Kind::Refused && err.to_string().contains("table repairs cannot be rebuilt"), "{err}");
        assert_eq!(version(&conn).unwrap(), 3);
    }

    #[test]
    fn a_negative_schema_version_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", -1).unwrap();
        let err = migrate(&mut conn, Path::new("x.db"), "now").unwrap_err();
        assert_eq!(err.kind(), Kind::Invalid, "{err}");
    }
}
