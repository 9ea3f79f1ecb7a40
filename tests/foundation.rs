//! The foundation: the database file, migrations, the append-only history, check and
//! backup, whole-database export/import, the global conventions, demo, help.

mod common;
use common::*;

use std::os::unix::fs::PermissionsExt;

#[test]
fn r8_2_2_init_creates_an_owner_only_file_and_is_idempotent() {
    let svc = Svc::bare();
    svc.run(&["init"]).ok().stderr_has("created").stdout_is("");
    let mode = std::fs::metadata(&svc.db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    svc.run(&["customer", "add", "--code", "A", "--name", "a", "--type", "other"]).ok();
    svc.run(&["init"]).ok().stderr_has("up to date");
    assert_eq!(svc.stdout(&["customer", "list"]).lines().count(), 2, "init keeps the data");
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn commands_on_a_missing_database_say_how_to_create_one() {
    let svc = Svc::bare();
    svc.run(&["customer", "list"]).code(3).stderr_has("svc init");
    assert!(!svc.db.exists(), "a mistyped --db must not create an empty database");
}

#[test]
fn a_database_from_a_newer_svc_is_refused() {
    let svc = Svc::new();
    rusqlite::Connection::open(&svc.db).unwrap().pragma_update(None, "user_version", 99).unwrap();
    svc.run(&["customer", "list"]).code(6).stderr_has("upgrade svc");
    svc.run(&["init"]).code(6);
}

#[test]
fn an_older_database_is_migrated_forward_by_any_command() {
    let svc = Svc::bare();
    rusqlite::Connection::open(&svc.db).unwrap().execute_batch("PRAGMA user_version = 0").unwrap();
    svc.run(&["customer", "list"]).ok().stdout_is("");
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert!(v >= 1);
}

#[test]
fn r8_2_2_history_is_append_only_in_the_database_itself() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "A", "--name", "a", "--type", "other"]).ok();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let upd = conn.execute("UPDATE history SET actor = 'mallory'", []).unwrap_err();
    assert!(upd.to_string().contains("append-only"), "{upd}");
    let del = conn.execute("DELETE FROM history", []).unwrap_err();
    assert!(del.to_string().contains("append-only"), "{del}");
    let rows = csv_rows(&svc.stdout(&["history"]));
    assert_eq!(rows[0], ["at", "actor", "entity", "code", "action", "before", "after"]);
    assert_eq!(rows[1][..5], ["2026-03-05 10:00:00", "test", "customer", "A", "add"]);
}

#[test]
fn r8_2_2_history_filters() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "A", "--name", "a", "--type", "other"]).ok();
    svc.run_env(
        &["customer", "edit", "A", "--name", "b"],
        &[("SVC_NOW", "2026-04-01T09:00:00+08:00"), ("SVC_ACTOR", "li")],
    )
    .ok();
    svc.run(&["staff", "add", "--code", "E1", "--name", "x", "--role", "engineer"]).ok();
    assert_eq!(csv_rows(&svc.stdout(&["history", "--entity", "staff"])).len(), 2);
    let since = csv_rows(&svc.stdout(&["history", "--since", "2026-03-10"]));
    assert_eq!(since.len(), 2);
    assert_eq!(since[1][1], "li");
    assert_eq!(csv_rows(&svc.stdout(&["history", "--until", "2026-03-10"])).len(), 3);
    svc.run(&["history", "--since", "last tuesday"]).code(5).stderr_has("use a date");
    svc.run(&["history", "NOTHING"]).ok().stdout_is("");
}

#[test]
fn r8_2_2_history_entity_takes_only_the_registrys_entities() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "C1", "--name", "x", "--type", "other"]).ok();
    svc.run(&["history", "--entity", "customers"])
        .code(2)
        .stderr_has("invalid value 'customers'")
        .stderr_has("customer, staff, certificate")
        .stderr_has("purchase_order")
        .stderr_has("setting");
    svc.run(&["history", "--entity", "setting"]).ok().stdout_is("");
    let help = svc.stdout(&["history", "--help"]);
    for entity in svc::registry::history_entities() {
        assert!(help.contains(entity), "history --help does not name {entity}:\n{help}");
    }
}

#[test]
fn db_check_passes_on_a_good_database_and_fails_when_a_trigger_is_dropped() {
    let svc = Svc::new();
    svc.run(&["db", "check"]).ok().stdout_has("append-only triggers,ok");
    svc.run(&["db", "check", "-q"]).ok().stdout_is("");
    rusqlite::Connection::open(&svc.db).unwrap().execute_batch("DROP TRIGGER history_no_delete").unwrap();
    svc.run(&["db", "check"]).code(1).stdout_has("FAILED").stderr_has("append-only triggers");
}

#[test]
fn r8_2_2_db_check_names_a_dropped_trigger_and_one_re_created_with_when_0() {
    let svc = Svc::new();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let sql_of = |name: &str| -> String {
        conn.query_row("SELECT sql FROM sqlite_master WHERE name = ?1", [name], |r| r.get(0)).unwrap()
    };
    let kept = sql_of("movements_no_delete");
    conn.execute_batch("DROP TRIGGER movements_no_delete").unwrap();
    svc.run(&["db", "check"]).code(1).stdout_has("missing: movements_no_delete");
    svc.run(&["db", "check", "--quick"]).code(1).stdout_has("missing: movements_no_delete");
    conn.execute_batch(&kept).unwrap();
    svc.run(&["db", "check"]).ok();
    // The guard is there by name, but never fires: the check compares its whole SQL.
    let sql = sql_of("repairs_no_delete");
    let disarmed = sql.replacen("BEGIN", "WHEN 0 BEGIN", 1);
    assert_ne!(sql, disarmed);
    conn.execute_batch(&format!("DROP TRIGGER repairs_no_delete; {disarmed};")).unwrap();
    svc.run(&["db", "check"]).code(1).stdout_has("repairs_no_delete").stderr_has("append-only triggers");
    // A trigger svc never made is named too.
    conn.execute_batch("CREATE TRIGGER extra AFTER INSERT ON customers BEGIN SELECT 1; END").unwrap();
    svc.run(&["db", "check"]).code(1).stdout_has("not made by svc: extra");
}

#[test]
fn db_backup_is_a_checked_owner_only_copy() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "A", "--name", "a", "--type", "other"]).ok();
    svc.run(&["db", "backup", "copy.db"]).ok();
    let mode = std::fs::metadata(svc.path("copy.db")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    svc.run(&["--db", "copy.db", "db", "check"]).ok();
    assert_eq!(svc.stdout(&["--db", "copy.db", "customer", "list"]), svc.stdout(&["customer", "list"]));
    svc.run(&["db", "backup", "copy.db"]).code(4).stderr_has("--force");
    svc.run(&["db", "backup", "copy.db", "--force"]).ok();
}

#[test]
fn r8_1_1_whole_database_export_and_import_round_trip() {
    let svc = Svc::new();
    let file = example("legacy_customers_gbk.csv");
    let map = example("legacy_customers.map.yaml");
    svc.run(&["customer", "import", file.to_str().unwrap(), "--map", map.to_str().unwrap(), "--rejects", "r.csv"]).ok();
    svc.run(&["equipment", "import", example("legacy_equipment_utf8bom.csv").to_str().unwrap(), "--rejects", "e.csv"])
        .ok();
    svc.run(&["staff", "import", example("staff.csv").to_str().unwrap()]).ok();
    svc.run(&["staff", "cert", "import", example("certificates.csv").to_str().unwrap()]).ok();
    svc.run(&["export", "dump"]).ok();
    let other = Svc::new();
    other.run(&["import", svc.path("dump").to_str().unwrap()]).ok();
    other.run(&["export", "dump"]).ok();
    for f in ["customers.csv", "equipment.csv", "staff.csv", "certificates.csv"] {
        assert_eq!(svc.read(&format!("dump/{f}")), other.read(&format!("dump/{f}")), "{f}");
    }
    // All or nothing: a broken file stops every area of a merge of the per-area files.
    let third = Svc::new();
    let dump = svc.path("dump");
    std::fs::write(dump.join("equipment.csv"), "serial_no,model,manufacturer,customer_code\nX,M,F,NOBODY\n").unwrap();
    third.run(&["import", dump.to_str().unwrap(), "--flat"]).code(5).stderr_has("no customer NOBODY");
    third.run(&["customer", "list"]).ok().stdout_is("");
}

#[test]
fn output_formats_for_listings() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "A", "--name", "北京协和医院", "--type", "hospital"]).ok();
    let json: serde_json::Value = serde_json::from_str(&svc.stdout(&["customer", "list", "--format", "json"])).unwrap();
    assert_eq!(json[0]["name"], "北京协和医院");
    assert!(json[0]["phone"].is_null());
    let yaml = svc.stdout(&["customer", "list", "--format", "yaml"]);
    assert!(yaml.starts_with("- code: A\n"), "{yaml}");
    let table = svc.stdout(&["customer", "list", "--format", "table"]);
    assert!(table.contains("北京协和医院") && table.contains("──"), "{table}");
    assert!(!table.contains('\u{1b}'), "no colour with NO_COLOR");
    let coloured = svc.stdout(&["customer", "list", "--format", "table", "--color", "always"]);
    assert!(coloured.contains('\u{1b}'));
    svc.run(&["customer", "export", "--format", "table"]).code(2);
}

#[test]
fn help_of_every_command_has_a_description_and_an_example() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: String, missing: &mut Vec<String>) {
        for sub in cmd.get_subcommands() {
            let p = format!("{path} {}", sub.get_name());
            if sub.get_about().is_none() {
                missing.push(format!("{p}: no description"));
            }
            if !sub.get_after_help().map(|h| h.to_string().contains("Example")).unwrap_or(false) {
                missing.push(format!("{p}: no example"));
            }
            walk(sub, p, missing);
        }
    }
    let mut missing = Vec::new();
    walk(&svc::cli::Cli::command(), "svc".into(), &mut missing);
    assert!(missing.is_empty(), "{missing:#?}");
    svc::cli::Cli::command().debug_assert();
}

#[test]
fn completions_and_man_page() {
    let svc = Svc::bare();
    svc.run(&["completions", "bash"]).ok().stdout_has("customer");
    svc.run(&["man"]).ok().stdout_has(".TH svc");
}

#[test]
fn demo_builds_a_database_from_bundled_data_and_refuses_to_touch_real_ones() {
    let svc = Svc::bare();
    // SVC_DB is set (to svc.db) and is left alone: the demo has its own file.
    let run = svc.run(&["demo"]).ok();
    assert!(run.stdout.contains("北京市第一人民医院"), "{}", run.stdout);
    assert!(run.stderr.contains("rejected 3"), "{}", run.stderr);
    assert!(svc.path("svc-demo.db").exists());
    assert!(!svc.db.exists(), "the demo does not touch SVC_DB");
    // Run again: the old demo database is replaced.
    svc.run(&["demo", "svc-demo.db"]).ok();
    svc.run(&["--db", "svc-demo.db", "db", "check"]).ok();
    // A real database is never replaced by the demo.
    let real = Svc::new();
    real.run(&["demo", real.db.to_str().unwrap()]).code(4).stderr_has("not a demonstration database");
}

#[test]
fn r8_1_2_history_can_be_shown_without_personal_data() {
    let svc = Svc::new();
    svc.run(&[
        "customer",
        "add",
        "--code",
        "A",
        "--name",
        "协和医院",
        "--type",
        "hospital",
        "--contact",
        "王建国",
        "--phone",
        "13800138000",
    ])
    .ok();
    let plain = svc.stdout(&["history", "A"]);
    assert!(plain.contains("王建国") && plain.contains("13800138000"));
    let redacted = svc.stdout(&["history", "A", "--redact"]);
    assert!(!redacted.contains("王建国") && !redacted.contains("13800138000"), "{redacted}");
    assert!(redacted.contains("协和医院") && redacted.contains("8000"), "{redacted}");
}

#[test]
fn r8_2_2_the_actor_is_named_even_without_svc_actor_or_user() {
    let svc = Svc::new();
    svc.run_unset(
        &["customer", "add", "--code", "A", "--name", "a", "--type", "other"],
        &["SVC_ACTOR", "USER", "LOGNAME"],
    )
    .ok();
    let rows = csv_rows(&svc.stdout(&["history", "A"]));
    assert!(!rows[1][1].is_empty() && rows[1][1] != "unknown", "{:?}", rows[1]);
}

#[test]
fn db_check_finds_dates_written_around_svc() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "A", "--name", "a", "--type", "other"]).ok();
    svc.run(&["db", "check"]).ok().stdout_has("stored dates,ok");
    rusqlite::Connection::open(&svc.db).unwrap().execute("UPDATE customers SET created_on = '2024-02-30'", []).unwrap();
    svc.run(&["db", "check"]).code(1).stdout_has("stored dates,FAILED");
}

#[test]
fn completions_and_man_into_a_closed_pipe_do_not_panic() {
    use std::io::Read;
    let svc = Svc::bare();
    for args in [&["completions", "bash"][..], &["man"][..]] {
        let mut child = svc
            .command(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away at once, like `| head -0`
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn export_to_dash_is_stdout_and_dates_are_checked_on_the_command_line() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "A", "--name", "a", "--type", "other", "--created-on", "43529"]).ok();
    let run = svc.run(&["customer", "export", "-o", "-"]).ok().stdout_has("A,a,other");
    assert!(!run.stderr.contains("written to"), "{}", run.stderr);
    assert!(run.stdout.contains("2019-03-05"));
    svc.run(&["customer", "edit", "A", "--created-on", "2024"]).code(5).stderr_has("2024 is not a date");
}

#[test]
fn db_check_finds_a_history_time_that_is_not_a_time() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "A", "--name", "a", "--type", "other"]).ok();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    // The triggers forbid changing history, so a forged entry must be inserted.
    conn.execute(
        "INSERT INTO history(at, actor, entity, code, action) VALUES ('2026-02-30T99:99:99Z', 'x', 'customer', 'A', 'edit')",
        [],
    )
    .unwrap();
    svc.run(&["db", "check"]).code(1).stdout_has("history entries,FAILED");
}

/// Issue 17: `--limit N` keeps the newest N changes (what happened lately), listed
/// oldest first; `--oldest` keeps the other end.
#[test]
fn r8_2_2_history_limit_keeps_the_newest_unless_asked_for_the_oldest() {
    let svc = Svc::new();
    for code in ["C1", "C2", "C3"] {
        svc.run(&["customer", "add", "--code", code, "--name", "医院", "--type", "hospital"]).ok();
    }
    let codes = |args: &[&str]| -> Vec<String> {
        csv_rows(&svc.stdout(&[&["history", "--entity", "customer"][..], args].concat()))[1..]
            .iter()
            .map(|r| r[3].clone())
            .collect()
    };
    assert_eq!(codes(&["--limit", "2"]), ["C2", "C3"]);
    assert_eq!(codes(&["--limit", "2", "--oldest"]), ["C1", "C2"]);
    assert_eq!(codes(&[]), ["C1", "C2", "C3"]);
    svc.run(&["history", "--oldest"]).code(2).stderr_has("--limit");
}

/// Issue 17: `svc man --dir` writes one page per command, and every page a page refers to
/// exists; `svc man COMMAND...` prints one command's page.
#[test]
fn man_pages_one_per_command_whose_references_exist() {
    let svc = Svc::bare();
    svc.run(&["man", "--dir", "man"]).ok().stderr_has("man pages written to man");
    let dir = svc.path("man");
    let mut pages = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap().replace("\\-", "-");
        pages += 1;
        for token in text.split_whitespace().filter(|t| t.starts_with("svc") && t.ends_with("(1)")) {
            let name = token.trim_end_matches("(1)");
            assert!(
                dir.join(format!("{name}.1")).exists(),
                "{} refers to {token}, which was not written",
                path.display()
            );
        }
    }
    assert!(pages > 100, "{pages} pages");
    assert!(dir.join("svc-ticket-open.1").exists() && dir.join("svc-parts-count-submit.1").exists());
    svc.run(&["man", "ticket", "open"]).ok().stdout_has(".TH svc-ticket-open 1");
    svc.run(&["man", "ticket", "nope"])
        .code(2)
        .stderr_has("'svc ticket' has no command nope: its commands are open, assign");
    svc.run(&["man", "--dir", "man"]).code(2).stderr_has("--force");
    svc.run(&["man", "--dir", "man", "--force"]).ok();
}
