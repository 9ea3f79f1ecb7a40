//! Upgrades of real databases: files made by earlier builds (tests/fixtures, README there)
//! are migrated by any command, keep every row, pass 'svc db check' with the tables,
//! indexes and triggers that edits of released migrations had left out, and are backed
//! up, owner-only, before the first change.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use rusqlite::Connection;

/// Rows per table.
fn counts(path: &Path) -> BTreeMap<String, i64> {
    let conn = Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let n = conn.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0)).unwrap();
            (t, n)
        })
        .collect()
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
}

/// The backups made beside the database.
fn backups(svc: &Svc) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(svc.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().ends_with(".bak"))
        .collect();
    found.sort();
    found
}

/// A temporary directory holding a copy of the fixture made by an earlier build.
fn old_database(fixture: &str) -> Svc {
    let svc = Svc::bare();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    std::fs::copy(&src, &svc.db).unwrap();
    std::fs::set_permissions(&svc.db, std::fs::Permissions::from_mode(0o600)).unwrap();
    svc
}

/// Migrate the fixture with a read command and check what every upgrade must hold.
fn upgrade(fixture: &str, old_version: i64) -> Svc {
    let svc = old_database(fixture);
    assert_eq!(user_version(&svc.db), old_version);
    let before = counts(&svc.db);
    assert!(before.values().sum::<i64>() > 20, "the fixture holds data: {before:?}");

    svc.run(&["customer", "list"])
        .ok()
        .stderr_has(&format!("backed up {}", svc.db.display()))
        .stderr_has(&format!("(schema version {old_version})"))
        .stderr_has(".pre-v");
    assert_eq!(user_version(&svc.db), svc::db::migrate::latest());
    svc.run(&["db", "check"]).ok().stdout_has("append-only triggers,ok,ok").stdout_has("schema version,ok");

    let after = counts(&svc.db);
    for (table, n) in &before {
        assert_eq!(after.get(table), Some(n), "rows of {table} after the upgrade");
    }
    for table in ["safety_checks", "repair_archive"] {
        assert_eq!(after.get(table), Some(&0), "{table} is there, empty");
    }

    let made = backups(&svc);
    assert_eq!(made.len(), 1, "one backup: {made:?}");
    let name = made[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with(&format!("svc.db.pre-v{}-", svc::db::migrate::latest())), "{name}");
    assert_eq!(std::fs::metadata(&made[0]).unwrap().permissions().mode() & 0o777, 0o600, "owner-only");
    assert_eq!(user_version(&made[0]), old_version, "the backup opens as the old version");
    assert_eq!(counts(&made[0]), before, "the backup holds every row");

    let again = svc.run(&["customer", "list"]).ok();
    assert!(!again.stderr.contains("backed up"), "{}", again.stderr);
    assert_eq!(backups(&svc).len(), 1, "an up-to-date file is not backed up again");
    svc
}

#[test]
fn r8_2_2_a_v1_database_with_data_is_upgraded_whole_and_backed_up() {
    let svc = upgrade("v1-foundation.db", 1);
    svc.run(&["customer", "show", "C0001"]).ok();
    svc.run(&["parts", "location", "add", "WH1"]).ok();
}

#[test]
fn r8_2_2_a_v2_database_with_data_is_upgraded_whole_and_backed_up() {
    let svc = upgrade("v2-parts.db", 2);
    // What the edits of 0002 added, now here: the index of open counts, safety checks.
    svc.run(&["parts", "count", "list", "--status", "open"]).ok().stdout_has("CNT-000002");
    let conn = Connection::open(&svc.db).unwrap();
    let index: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'counts_status'", [], |r| r.get(0)).unwrap();
    assert_eq!(index, 1);
    svc.run(&["db", "check", "--quick"]).ok();
}

#[test]
fn r8_2_2_a_v3_database_with_data_is_upgraded_whole_and_backed_up() {
    let svc = upgrade("v3-service.db", 3);
    let conn = Connection::open(&svc.db).unwrap();
    // The warranty captured at intake as text by the old build is facts now (0004 derived
    // in_warranty from it, 0007 turned the sentence into a status and a last day).
    type Row = (String, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = conn
        .prepare("SELECT code, warranty_status, warranty_until, resume_status FROM tickets ORDER BY code")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(rows[0].1.as_deref() == Some("in_warranty") && rows[0].2.is_some(), "{rows:?}");
    assert_eq!(rows[1].1.as_deref(), Some("expired"), "{rows:?}");
    assert_eq!(rows[1].3.as_deref(), Some("assigned"), "a waiting ticket keeps the status it resumes to");
    // The signed repair is still the record the customer signed, still frozen.
    svc.run(&["repair", "verify", "R-000001"]).ok();
    let frozen = conn.execute("UPDATE repairs SET status = 'reported' WHERE code = 'R-000001'", []).unwrap_err();
    assert!(frozen.to_string().contains("signed"), "{frozen}");
    let late = conn.execute("INSERT INTO visits(repair_id, at, onsite, finding) VALUES (1, 'now', 0, 'x')", []);
    assert!(late.unwrap_err().to_string().contains("signed"));
    // The status columns now hold only what the state tables know.
    let bad = conn.execute("UPDATE repairs SET status = 'lost' WHERE code = 'R-000002'", []).unwrap_err();
    assert!(bad.to_string().contains("CHECK"), "{bad}");
    // The current flow goes on from where the old build left it.
    svc.run(&["ticket", "resume", "T-000002"]).ok();
    svc.run(&["repair", "consent", "R-000002", "--by", "Dr Li", "--method", "phone"]).ok();
    svc.run(&["repair", "list", "--open"]).ok().stdout_has("R-000002");
}

#[test]
fn r8_2_2_a_new_or_empty_database_is_not_backed_up() {
    let svc = Svc::new();
    svc.run(&["customer", "list"]).ok();
    assert!(backups(&svc).is_empty());
    // A file an old build created and never filled: nothing worth a copy.
    let old = Svc::bare();
    let conn = Connection::open(&old.db).unwrap();
    for m in &svc::db::migrate::MIGRATIONS[..3] {
        let svc::db::migrate::Step::Sql(sql) = m.step else { unreachable!("0001 to 0003 are SQL") };
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch("PRAGMA user_version = 3").unwrap();
    drop(conn);
    old.run(&["customer", "list"]).ok();
    assert!(backups(&old).is_empty());
}

#[test]
fn the_backup_is_said_even_with_quiet() {
    let svc = old_database("v2-parts.db");
    svc.run(&["-q", "customer", "list"]).ok().stderr_has("backed up");
}

#[test]
fn r8_2_2_processes_opening_an_old_file_at_once_migrate_it_once() {
    let svc = old_database("v3-service.db");
    let children: Vec<_> = (0..4)
        .map(|_| svc.command(&["ticket", "list"]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap())
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(backups(&svc).len(), 1, "one backup, by the process that migrated");
    assert_eq!(user_version(&svc.db), svc::db::migrate::latest());
    svc.run(&["db", "check"]).ok();
}
