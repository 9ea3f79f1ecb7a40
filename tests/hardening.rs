//! Issue 9, hardening: no output destroys data, the exit status tells the truth,
//! arithmetic refuses to overflow, hostile input never panics, the history is a hash
//! chain that `db check` verifies against the seals kept outside the database.

mod common;
use common::*;

use std::os::unix::fs::{symlink, PermissionsExt};

fn customers(svc: &Svc) -> usize {
    csv_rows(&svc.stdout(&["customer", "list", "--format", "csv"])).len().saturating_sub(1)
}

/// A small customer file with one bad row (no name), and the database it goes into.
fn with_input() -> (Svc, String) {
    let svc = Svc::new();
    svc.write("in.csv", "code,name,type\nH1,协和医院,hospital\nH2,,hospital\n");
    (svc, "in.csv".to_string())
}

// ---- Outputs never destroy anything ----

#[test]
fn i9_output_onto_the_database_or_its_journal_is_refused() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "H1", "--name", "协和医院", "--type", "hospital"]).ok();
    let before = std::fs::read(&svc.db).unwrap();
    let db = svc.db.display().to_string();
    svc.run(&["customer", "export", "-o", &db, "--force"]).code(2).stderr_has("is the database");
    svc.run(&["customer", "export", "-o", "./svc.db-wal", "--force"]).code(2).stderr_has("is the database");
    svc.run(&["db", "backup", &db, "--force"]).code(2).stderr_has("svc db backup");
    svc.run(&["parts", "count", "sheet", "CNT-000001", "-o", &db, "--force"]).code(2);
    // A symlink to the database is the database.
    symlink(&svc.db, svc.path("link.csv")).unwrap();
    svc.run(&["customer", "export", "-o", "link.csv", "--force"]).code(2).stderr_has("is the database");
    assert_eq!(std::fs::read(&svc.db).unwrap(), before);
    assert_eq!(customers(&svc), 1);
}

#[test]
fn i9_rejects_onto_the_input_or_the_map_is_refused_even_in_a_dry_run() {
    let (svc, input) = with_input();
    let original = svc.read("in.csv");
    svc.run(&["customer", "import", &input, "--rejects", "in.csv"]).code(2).stderr_has("read by this same command");
    svc.run(&["customer", "import", &input, "--rejects", "./in.csv", "--force", "--dry-run"]).code(2);
    svc.write("map.yaml", "columns: {}\n");
    svc.run(&["customer", "import", &input, "--map", "map.yaml", "--rejects", "map.yaml", "--force"]).code(2);
    assert_eq!(svc.read("in.csv"), original);
    assert_eq!(svc.read("map.yaml"), b"columns: {}\n");
    assert_eq!(customers(&svc), 0, "nothing imported by a refused command");
}

#[test]
fn i9_devices_directories_and_existing_files_are_refused_without_force() {
    let (svc, input) = with_input();
    svc.run(&["customer", "import", &input, "--rejects", "/dev/null", "--force"])
        .code(2)
        .stderr_has("not a regular file");
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device_like());
    std::fs::create_dir(svc.path("adir")).unwrap();
    svc.run(&["customer", "export", "-o", "adir", "--force"]).code(2).stderr_has("not a regular file");
    svc.write("old.csv", "keep me");
    svc.run(&["customer", "export", "-o", "old.csv"]).code(2).stderr_has("pass --force");
    assert_eq!(svc.read("old.csv"), b"keep me");
    svc.run(&["customer", "export", "-o", "old.csv", "--force"]).ok();
    assert!(svc.read("old.csv").starts_with(b"code,"));
    svc.run(&["customer", "import", &input, "--rejects", "old.csv"]).code(2).stderr_has("pass --force");
}

/// Whether a file type is a device (character or block): what a rename must never replace.
trait DeviceLike {
    fn is_char_device_like(&self) -> bool;
}
impl DeviceLike for std::fs::FileType {
    fn is_char_device_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_char_device() || self.is_block_device()
    }
}

#[test]
fn i9_a_symlink_at_the_target_is_replaced_never_followed() {
    let svc = Svc::new();
    svc.write("victim.txt", "precious");
    symlink(svc.path("victim.txt"), svc.path("out.csv")).unwrap();
    svc.run(&["customer", "export", "-o", "out.csv"]).code(2);
    svc.run(&["customer", "export", "-o", "out.csv", "--force"]).ok();
    assert_eq!(svc.read("victim.txt"), b"precious", "the link's target is untouched");
    assert!(!std::fs::symlink_metadata(svc.path("out.csv")).unwrap().file_type().is_symlink());
    // No staging file is left behind, whatever happened.
    let left: Vec<_> = std::fs::read_dir(svc.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn i9_export_dir_is_created_owner_only_and_an_existing_one_needs_force() {
    let svc = Svc::new();
    svc.run(&["export", "dump"]).ok();
    let mode = std::fs::metadata(svc.path("dump")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    svc.run(&["export", "dump"]).code(2).stderr_has("not empty");
    svc.run(&["export", "dump", "--force"]).ok();
    // The directory holding the database is not empty either: never written by accident.
    svc.run(&["export", "."]).code(2);
}

#[test]
fn i9_dry_run_writes_no_rejects_file() {
    let (svc, input) = with_input();
    svc.run(&["customer", "import", &input, "--rejects", "bad.csv", "--dry-run"]).ok().stderr_has("rejected 1");
    assert!(!svc.path("bad.csv").exists());
    svc.run(&["customer", "import", &input, "--rejects", "bad.csv"]).ok();
    assert!(svc.path("bad.csv").exists());
}

// ---- The exit status tells the truth ----

#[test]
fn i9_an_import_whose_rejects_cannot_be_written_fails_and_rolls_back() {
    let (svc, input) = with_input();
    // Once committed the rename onto a directory failed: exit 1, the good row kept, the
    // bad one lost. Now the target is checked first and nothing is written.
    std::fs::create_dir(svc.path("adir")).unwrap();
    svc.run(&["customer", "import", &input, "--rejects", "adir", "--force"]).code(2);
    assert_eq!(customers(&svc), 0, "nothing imported when the rejects cannot be written");
    // A rejects file in a directory that does not exist cannot be written either.
    svc.run(&["customer", "import", &input, "--rejects", "nowhere/bad.csv"]).code(1);
    assert_eq!(customers(&svc), 0, "the good row was rolled back with the failed rejects");
    svc.run(&["customer", "import", &input, "--rejects", "bad.csv"]).ok();
    assert_eq!(customers(&svc), 1);
}

// ---- Money and quantities refuse overflow ----

#[test]
fn i9_stock_value_past_what_an_amount_holds_is_refused_not_saturated() {
    let svc = Svc::new();
    svc.run(&["parts", "location", "add", "WH1"]).ok();
    svc.write(
        "parts.csv",
        "part_no,name,spec,model,category,unit,min_qty,reorder_qty,unit_cost,shelf_life_days,active\n\
         X1,贵重件,,,sensors,pcs,0,0,999999999999.99,,true\n",
    );
    svc.run(&["parts", "import", "parts.csv"]).ok();
    svc.write("open.csv", "part_no,location,lot,qty,unit_cost,expiry\nX1,WH1,,1000000000,999999999999.99,\n");
    // Such a stock is refused as it comes in now (tests/hardening_attack.rs,
    // i9_r4_2_1_stock_never_comes_to_a_value_svc_cannot_hold) ...
    svc.run(&["parts", "stock", "import", "open.csv"]).code(5).stderr_has("beyond what svc can hold");
    // ... so it is written around svc, as the sqlite3 shell would, for the listing.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute(
        "INSERT INTO movements(at, actor, kind, part_id, location_id, lot, qty, unit_cost)
         SELECT '2026-03-05T02:00:00Z', 'sqlite3', 'opening', p.id, l.id, '', 1000000000, 99999999999999
         FROM parts p, locations l WHERE p.part_no = 'X1'",
        [],
    )
    .unwrap();
    drop(conn);
    // 10^9 × 99,999,999,999,999 fen: far past i64; saturated, it printed 92233720368547758.07.
    let run = svc.run(&["parts", "stock"]).code(5).stderr_has("beyond what svc can hold").no_panic();
    assert!(!run.stdout.contains("92233720368547758.07"), "{}", run.stdout);
}

// ---- Tamper evidence that holds ----

fn history_link(conn: &rusqlite::Connection, id: i64) -> svc::db::history::Link {
    let mut found = None;
    svc::db::history::each_link(conn, &mut |s| {
        if s.link.id == id {
            found = Some(s.link);
        }
        Ok(())
    })
    .unwrap();
    found.expect("the entry")
}

#[test]
fn i9_history_is_a_hash_chain_and_db_check_names_the_first_broken_link() {
    let svc = Svc::new();
    for code in ["H1", "H2", "H3"] {
        svc.run(&["customer", "add", "--code", code, "--name", "医院", "--type", "hospital"]).ok();
    }
    svc.run(&["db", "check"]).ok().stdout_has("history chain").stdout_has("ok (3 entries)");
    // Someone with write access to the file drops the guard and edits entry 2.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute_batch("DROP TRIGGER history_no_update; UPDATE history SET actor = 'nobody' WHERE id = 2;").unwrap();
    drop(conn);
    svc.run(&["db", "check"]).code(1).stdout_has("first broken link at history entry 2");
}

#[test]
fn i9_a_rewrite_that_recomputes_every_hash_and_restores_the_triggers_breaks_the_seal() {
    let svc = Svc::new();
    for code in ["H1", "H2"] {
        svc.run(&["customer", "add", "--code", code, "--name", "医院", "--type", "hospital"]).ok();
    }
    let seal = svc.run(&["db", "seal"]).ok().stdout;
    assert!(seal.starts_with("svc-seal/1 2 2 "), "{seal}");
    svc.write("seals.txt", format!("# mailed daily\n2026-03-05 {seal}"));
    svc.run(&["customer", "add", "--code", "H3", "--name", "医院", "--type", "hospital"]).ok();
    svc.run(&["db", "check", "--seal", "seals.txt"]).ok().stdout_has("ok (1 seals)");

    // The forger rewrites entry 1, recomputes every hash after it, restores the trigger
    // exactly as the migration made it: the chain and the triggers pass, the seal does not.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute_batch("DROP TRIGGER history_no_update").unwrap();
    conn.execute("UPDATE history SET actor = 'forger' WHERE id = 1", []).unwrap();
    let mut prev = svc::db::history::GENESIS.to_string();
    for id in 1..=3 {
        let hash = svc::db::history::link_hash(&prev, &history_link(&conn, id));
        conn.execute("UPDATE history SET prev_hash = ?1, hash = ?2 WHERE id = ?3", rusqlite::params![prev, hash, id])
            .unwrap();
        prev = hash;
    }
    let guard = svc::db::check::migration_triggers().unwrap();
    let (_, sql) = guard.iter().find(|(n, _)| n == "history_no_update").unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    svc.run(&["db", "check"]).ok();
    svc.run(&["db", "check", "--seal", "seals.txt"]).code(1).stdout_has("no longer extends the seal of 2 entries");
    svc.write("bad-seals.txt", "svc-seal/1 two\n");
    svc.run(&["db", "check", "--seal", "bad-seals.txt"]).code(5).stderr_has("line(s) 1");
}

#[test]
fn i9_history_records_the_os_user_and_the_wall_clock_beside_the_declared_ones() {
    let svc = Svc::new();
    svc.run(&["--actor", "someone-else", "customer", "add", "--code", "H1", "--name", "医院", "--type", "hospital"])
        .ok();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let (actor, os_user, at, recorded): (String, String, String, String) = conn
        .query_row("SELECT actor, os_user, at, recorded_at FROM history ORDER BY id DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").unwrap().uid();
    assert_eq!(actor, "someone-else");
    assert!(os_user.contains(&format!("uid {uid}")), "{os_user}");
    // The event time is the fixed test clock (2026); the recording time is the real one.
    assert_eq!(at, "2026-03-05T02:00:00Z");
    assert_ne!(recorded, at);
}

// ---- The exit status tells the truth: a code that cannot be printed ----

#[test]
fn i9_a_created_code_that_cannot_be_printed_leaves_no_record_behind() {
    let svc = Svc::new();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = svc
        .command(&["customer", "add", "--code", "H1", "--name", "协和医院", "--type", "hospital"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("it was not created"));
    assert_eq!(customers(&svc), 0, "no record left behind a failing exit status");
}

// ---- Formula escaping by default, round-tripping through import ----

#[test]
fn i9_exports_and_rejects_escape_formulas_by_default_and_import_takes_the_quote_off() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "Q1", "--name", "=cmd|' /C calc'!A0", "--type", "other"]).ok();
    svc.run(&["customer", "add", "--code", "Q2", "--name", "@SUM(A1)", "--type", "other"]).ok();
    svc.run(&["customer", "export", "-o", "out.csv"]).ok();
    let text = String::from_utf8(svc.read("out.csv")).unwrap();
    assert!(text.contains("'=cmd") && text.contains("'@SUM(A1)"), "{text}");
    let raw = svc.stdout(&["customer", "export", "--no-formula-escape"]);
    assert!(raw.contains(",=cmd"), "{raw}");
    let other = Svc::new();
    other.run(&["customer", "import", svc.path("out.csv").to_str().unwrap()]).ok();
    assert_eq!(other.stdout(&["customer", "export", "--no-formula-escape"]), raw, "the round trip keeps every value");
    // A rejects file is for a spreadsheet too.
    let (svc, _) = with_input();
    svc.write("bad.csv", "code,name,type\n=1+1,,hospital\n");
    svc.run(&["customer", "import", "bad.csv", "--rejects", "r.csv"]).ok();
    assert!(String::from_utf8(svc.read("r.csv")).unwrap().contains("'=1+1"));
}

// ---- Hostile text and a hostile environment: refused, never a panic ----

#[test]
fn i9_free_text_refuses_terminal_escapes_and_codes_refuse_invisible_characters() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "H1", "--name", "evil\u{1b}]0;pwned\u{7}", "--type", "hospital"])
        .code(5)
        .stderr_has("U+001B");
    svc.run(&["customer", "add", "--code", "H\u{200b}1", "--name", "医院", "--type", "hospital"])
        .code(5)
        .stderr_has("U+200B");
    svc.run(&["customer", "add", "--code", "H\u{202e}1", "--name", "医院", "--type", "hospital"]).code(5);
    // A multi-line note with Windows line ends is text: one line break each.
    svc.write("in.csv", "code,name,type,address\r\nH2,医院,hospital,\"一楼\r\n二楼\"\r\n");
    svc.run(&["customer", "import", "in.csv"]).ok();
    let json = svc.stdout(&["customer", "export", "--format", "json"]);
    assert!(json.contains("一楼\\n二楼"), "{json}");
    assert_eq!(customers(&svc), 1);
}

#[test]
fn i9_no_panic_on_a_hostile_environment() {
    let svc = Svc::new();
    for timeout in ["2592000", "1e20", "-5", "NaN", "inf"] {
        svc.run_env(&["customer", "list"], &[("SVC_BUSY_TIMEOUT", timeout)]).ok().no_panic();
    }
    // TZ naming a device or a directory: dropped, never read whole.
    for tz in ["/dev/zero", ":/dev/urandom", "/"] {
        svc.run_env(&["customer", "list"], &[("TZ", tz)]).ok().no_panic();
    }
    svc.run_env(&["customer", "list"], &[("SVC_NOW", "not a time")]).code(2).no_panic();
    svc.run_env(&["customer", "list"], &[("SVC_DB", "/")]).no_panic();
    // stderr that cannot be written: the error is lost, the exit status is not.
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = svc.command(&["customer", "show", "NOPE"]).stderr(full).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    // A non-UTF-8 path is a path like any other.
    use std::os::unix::ffi::OsStrExt;
    let odd = std::ffi::OsStr::from_bytes(b"\xff\xfe.csv");
    let out = svc.command(&["customer", "export", "-o"]).arg(odd).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(svc.dir.path().join(odd).exists());
}

// ---- Importers never panic, whatever the bytes (a property test over every format) ----

mod importers_never_panic {
    use proptest::prelude::*;
    use svc::clock::Clock;
    use svc::db::Db;
    use svc::exchange::import::{self, ImportOpts};

    /// Pieces of the formats svc reads, so that random files are often almost valid
    /// (the interesting case) and sometimes plain noise.
    fn fragment() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            Just(b"code,name,type\n".to_vec()),
            Just(b"part_no,name,unit,category\n".to_vec()),
            Just(b"H1,\xe5\x8d\x8f\xe5\x92\x8c,hospital\n".to_vec()),
            Just(b",".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\"".to_vec()),
            Just(b"'=1+1".to_vec()),
            Just(b"\xef\xbb\xbf".to_vec()),
            Just(b"\xff\xfe".to_vec()),
            Just(b"\x00".to_vec()),
            Just(b"[{\"code\": \"H1\", \"name\": 12E4, \"type\": 0b101}]".to_vec()),
            Just(b"- code: H1\n  name: .inf\n  type: ~\n".to_vec()),
            Just(b"{".to_vec()),
            Just(b"]".to_vec()),
            Just(b"&a [*a]".to_vec()),
            Just(b"2026-02-30".to_vec()),
            Just(b"99999999999999999999".to_vec()),
            prop::collection::vec(any::<u8>(), 0..16),
        ]
    }

    fn file() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(fragment(), 0..24).prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
        #[test]
        fn i9_any_file_in_any_format_is_imported_whole_or_refused_never_a_panic(bytes in file(), ext in 0usize..3) {
            let dir = tempfile::tempdir().unwrap();
            let name = ["in.csv", "in.json", "in.yaml"][ext];
            let input = dir.path().join(name);
            std::fs::write(&input, &bytes).unwrap();
            let clock = Clock::fixed("2026-03-05T02:00:00Z".parse().unwrap());
            let (mut db, _) = Db::init(&dir.path().join("svc.db"), "fuzz", clock).unwrap();
            let mut diag = Vec::new();
            let opts = ImportOpts::new(&input);
            let customer = import::run::<svc::customer::Customer>(&mut db, &opts, &mut diag);
            let stored: i64 = db.query_row("SELECT count(*) FROM customers", [], |r| r.get(0)).unwrap();
            match customer {
                Ok(s) => prop_assert_eq!(stored as u64, s.inserted),
                Err(_) => prop_assert_eq!(stored, 0, "a refused import writes nothing"),
            }
            let _ = import::run::<svc::parts::Part>(&mut db, &opts, &mut diag);
            let _ = import::run::<svc::staff::Staff>(&mut db, &opts, &mut diag);
            let _ = import::run::<svc::equipment::Equipment>(&mut db, &opts, &mut diag);
        }
    }
}

#[test]
fn i9_a_customer_with_tickets_cannot_be_deleted_in_plain_words() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "H9", "--name", "医院", "--type", "hospital"]).ok();
    svc.run(&["ticket", "open", "--customer", "H9", "--channel", "hotline", "--kind", "enquiry", "--symptom", "咨询"])
        .ok();
    // Before: exit 1 with SQLite's "FOREIGN KEY constraint failed".
    svc.run(&["customer", "delete", "H9"]).code(4).stderr_has("has tickets or other service records");
}

#[test]
fn i9_redaction_masks_by_meaning_not_by_digit_count() {
    let svc = Svc::new();
    svc.run(&[
        "customer",
        "add",
        "--code",
        "H1",
        "--name",
        "协和医院",
        "--type",
        "hospital",
        "--contact",
        "欧阳娜娜",
        "--phone",
        "13800138000",
        "--address",
        "北京市东城区帅府园1号1234567室",
    ])
    .ok();
    svc.run(&[
        "customer",
        "add",
        "--code",
        "H2",
        "--name",
        "医院",
        "--type",
        "hospital",
        "--address",
        "帅府园一号院内",
    ])
    .ok();
    let rows = csv_rows(&svc.stdout(&["customer", "export", "--redact"]));
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    assert_eq!(rows[1][col("address")], "北京市东城区****", "the district kept, the street hidden");
    assert_eq!(rows[1][col("phone")], "*******8000");
    assert_eq!(rows[1][col("contact")], "欧***");
    assert_eq!(rows[2][col("address")], "****", "an address without digits is hidden too");
}

// ---- Signed means frozen, whole ----

/// A repair walked to the customer's signature, with a part in its plan (the shipped
/// protocol for the inspection).
fn signed_repair() -> (Svc, String) {
    let svc = Svc::with_examples();
    svc.run(&["parts", "import", example("parts.csv").to_str().unwrap()]).ok();
    let r = signed_repair_with(&svc, &["--part", "0012-A:1"]);
    (svc, r)
}

#[test]
fn i9_a_signed_repair_is_frozen_whole_by_the_database() {
    let (svc, _) = signed_repair();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let refused = |sql: &str| {
        let e = conn.execute_batch(sql).expect_err(sql);
        assert!(e.to_string().contains("signed") || e.to_string().contains("kept"), "{sql}: {e}");
    };
    refused("UPDATE diagnoses SET finding = 'y'");
    refused("DELETE FROM diagnoses");
    refused("UPDATE plan_parts SET unit_price = unit_price + 1");
    refused("DELETE FROM plan_parts");
    refused("DELETE FROM plans");
    refused("UPDATE inspections SET passed = 0");
    refused("DELETE FROM inspections");
    refused("DELETE FROM followups");
    refused("UPDATE tickets SET symptom = '别的'");
    refused("DELETE FROM tickets");
    // The ticket still moves: its status is no fact of the report.
    conn.execute_batch("UPDATE tickets SET status = status").unwrap();
    drop(conn);
    svc.run(&["db", "check"]).ok();
}

/// Change what a signed repair's plan holds the way someone with write access to the
/// file would: drop the guard, change the row.
fn forge(svc: &Svc, sql: &str) {
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute_batch(&format!("DROP TRIGGER IF EXISTS plan_parts_signed_no_update; {sql}")).unwrap();
}

#[test]
fn i9_verify_finds_a_plan_price_or_quantity_changed_after_signing() {
    let (svc, r) = signed_repair();
    svc.run(&["repair", "verify", &r]).ok().stdout_has("unchanged since signing");
    let json = svc.stdout(&["repair", "report", &r, "--print", "--format", "json"]);
    assert!(json.contains("\"unit_price\""), "the signed plan holds its lines: {json}");
    forge(&svc, "UPDATE plan_parts SET unit_price = unit_price + 100");
    svc.run(&["repair", "verify", &r]).code(1).stdout_has("changed since signing: work_done");
    forge(&svc, "UPDATE plan_parts SET unit_price = unit_price - 100, qty = qty + 1");
    svc.run(&["repair", "verify", &r]).code(1).stdout_has("changed since signing: work_done");
}

#[test]
fn i9_verify_checks_the_plan_lines_of_a_report_signed_before_they_were_in_it() {
    // A database of the third schema, whose signed report of R-000001 holds no lines:
    // its plan's two parts at 1.50 came to 3.00.
    let svc = Svc::bare();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v3-service.db");
    std::fs::copy(fixture, &svc.db).unwrap();
    svc.run(&["repair", "verify", "R-000001"]).ok().stdout_has("the stored lines come to the signed parts total");
    forge(&svc, "UPDATE plan_parts SET unit_price = 160 WHERE qty = 2");
    svc.run(&["repair", "verify", "R-000001"])
        .code(1)
        .stdout_has("the stored lines come to 3.20, the signed plan to 3.00");
}

// ---- svc db restore ----

#[test]
fn i9_db_restore_checks_the_backup_keeps_the_current_file_and_copies_through_sqlite() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "H1", "--name", "协和医院", "--type", "hospital"]).ok();
    svc.run(&["db", "backup", "b.db"]).ok();
    svc.run(&["customer", "add", "--code", "H2", "--name", "医院", "--type", "hospital"]).ok();
    // Not a backup: refused, nothing changed.
    svc.write("junk.db", "not a database at all, just text");
    svc.run(&["db", "restore", "junk.db"]).code(5).stderr_has("not an svc database backup");
    svc.run(&["db", "restore", "missing.db"]).code(3);
    assert_eq!(customers(&svc), 2);
    // The copy goes through SQLite (the live file's lock and WAL), never a plain copy.
    svc.run(&["db", "restore", "b.db"]).ok().stderr_has("restored the database from b.db");
    assert_eq!(customers(&svc), 1);
    svc.run(&["db", "check"]).ok();
    let kept: Vec<_> = std::fs::read_dir(svc.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".pre-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "the records as they were are kept");
    // A database svc refuses to open is exactly what a restore is for.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.pragma_update(None, "user_version", -1).unwrap();
    drop(conn);
    svc.run(&["customer", "list"]).code(5).stderr_has("svc db restore BACKUP").no_panic();
    svc.at("2026-03-05T11:00:00+08:00").run(&["db", "restore", "b.db"]).ok();
}

#[test]
fn i9_markdown_output_escapes_html() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "H1", "--name", "<img src=x onerror=alert(1)>", "--type", "hospital"]).ok();
    let md = svc.stdout(&["customer", "list", "--format", "md"]);
    assert!(!md.contains("<img") && md.contains("&lt;img"), "{md}");
}

#[test]
fn i9_a_very_long_terminal_table_goes_on_as_streamed_csv() {
    let svc = Svc::new();
    let mut file = String::from("code,name,type\n");
    for i in 0..10_001 {
        file.push_str(&format!("C{i:05},医院{i},hospital\n"));
    }
    svc.write("many.csv", file);
    svc.run(&["customer", "import", "many.csv"]).ok();
    let run = svc.run(&["--format", "table", "customer", "list"]).ok().stderr_has("goes on as CSV");
    let rows = csv_rows(&run.stdout);
    assert_eq!(rows.len(), 10_002, "the header and every row");
    assert_eq!(rows[10_001][0], "C10000");
}

#[test]
fn i9_clear_words_for_files_that_are_no_svc_database() {
    let svc = Svc::bare();
    svc.write("junk.db", "hello, not a database");
    svc.run(&["--db", "junk.db", "customer", "list"]).code(5).stderr_has("junk.db is not an svc database");
    svc.write("empty.db", "");
    svc.run(&["--db", "empty.db", "customer", "list"]).code(5).stderr_has("is not an svc database");
    assert_eq!(svc.read("empty.db").len(), 0, "a read command turns no file into a database");
    // `file:` names a file, never an in-memory database reported as created.
    svc.run(&["--db", "file:x.db?mode=memory", "init"]).ok();
    svc.run(&[
        "--db",
        "file:x.db?mode=memory",
        "customer",
        "add",
        "--code",
        "H1",
        "--name",
        "医院",
        "--type",
        "hospital",
    ])
    .ok();
    assert!(std::fs::metadata(svc.path("file:x.db?mode=memory")).unwrap().len() > 0);
}

#[test]
fn i9_dates_before_1900_or_more_than_ten_years_ahead_are_refused_with_a_hint() {
    let svc = Svc::with_examples();
    // Typed into a command: invalid data, nothing written.
    let cert = ["staff", "cert", "add", "E001", "--type", "维修工程师", "--number", "MD-1"];
    svc.run(&[&cert[..], &["--expires", "2062-01-09"]].concat())
        .code(5)
        .stderr_has("2062-01-09 is outside the dates svc takes (1900-01-01 to 2036-03-05): check the year");
    svc.run(&[&cert[..], &["--issued", "1026-01-10"]].concat()).code(5).stderr_has("1026-01-10 is outside");
    svc.run(&[&cert[..], &["--expires", "2036-03-05"]].concat()).ok();
    // In an imported file, by the same check: the row is rejected with its line.
    svc.write(
        "certs.csv",
        "staff_code,type,number,expires\nE002,维修工程师,MD-2,2027-01-09\nE003,维修工程师,MD-3,20991231\n",
    );
    svc.run(&["staff", "cert", "import", "certs.csv"]).code(5).stderr_has("2099-12-31 is outside");
    svc.run(&["staff", "cert", "import", "certs.csv", "--rejects", "bad.csv"]).ok();
    assert!(String::from_utf8(svc.read("bad.csv")).unwrap().contains("2099-12-31 is outside"));
    // A time flag too: a date is data, whichever flag brings it (exit 5, not 2).
    svc.run(&["ticket", "list", "--since", "1850-01-01"]).code(5).stderr_has("1850-01-01 is outside");
}

#[test]
fn i9_a_malformed_or_implausible_date_in_any_date_flag_is_invalid_data_exit_5_with_the_hint() {
    let svc = Svc::with_examples();
    let open = ["ticket", "open", "--customer", "C0001", "--channel", "hotline", "--kind", "fault", "--symptom", "x"];
    for (args, said) in [
        // --at of an event: malformed, then out of range; nothing is created.
        (
            [&open[..], &["--at", "2026-13-01"]].concat(),
            "--at 2026-13-01: not a date or time svc reads: use a date (2026-03-05)",
        ),
        ([&open[..], &["--at", "2062-03-05"]].concat(), "--at 2062-03-05: 2062-03-05 is outside the dates svc takes"),
        // --since/--until of listings.
        (vec!["ticket", "list", "--since", "last tuesday"], "--since last tuesday: not a date or time svc reads"),
        (vec!["history", "--until", "1026-03-05"], "--until 1026-03-05: 1026-03-05 is outside the dates svc takes"),
        (vec!["repair", "list", "--since", "2026-02-30"], "--since 2026-02-30: not a date or time"),
        // Day flags of other commands, through the same parser.
        (vec!["calendar", "days", "--from", "2026-02-30"], "--from 2026-02-30: 2026-02-30 is not a date"),
        (
            vec!["audit", "plan", "--scope", "repairs", "--on", "2099-01-01", "--auditor", "E005"],
            "--on 2099-01-01: 2099-01-01 is outside",
        ),
    ] {
        svc.run(&args).code(5).stderr_has(said).stdout_is("");
    }
    assert!(svc.stdout(&["ticket", "list"]).is_empty(), "no ticket was opened");
    // What is syntax stays a usage error: a flag that does not exist, a missing value.
    svc.run(&["ticket", "list", "--sinse", "2026-03-01"]).code(2);
    svc.run(&["ticket", "list", "--since"]).code(2);
    svc.run(&["ticket", "list", "--since", "2026-03-01"]).ok();
}

#[test]
fn i9_show_redact_masks_personal_data_as_exports_do_wherever_the_page_repeats_it() {
    let svc = Svc::new();
    let add = ["customer", "add", "--code", "H1", "--name", "协和医院", "--type", "hospital", "--contact", "王建国"];
    svc.run(&[&add[..], &["--phone", "13812345678", "--address", "北京市东城区帅府园一号"]].concat()).ok();
    let open = ["ticket", "open", "--customer", "H1", "--channel", "hotline", "--kind", "fault", "--symptom", "黑屏"];
    let t = code(svc.run(&[&open[..], &["--reporter", "张小红"]].concat()));
    let shown = svc.stdout(&["customer", "show", "H1", "--redact", "--format", "csv"]);
    for hidden in ["王建国", "13812345678", "帅府园"] {
        assert!(!shown.contains(hidden), "{hidden} in {shown}");
    }
    assert!(shown.contains("王**") && shown.contains("*******5678") && shown.contains("北京市东城区"), "{shown}");
    assert!(shown.contains("协和医院"), "an institution's name is no personal data");
    // The reporter is masked in the ticket's fields and in its timeline alike.
    let plain = svc.stdout(&["ticket", "show", &t, "--format", "csv"]);
    assert_eq!(plain.matches("张小红").count(), 2, "{plain}");
    let shown = svc.stdout(&["ticket", "show", &t, "--redact", "--format", "csv"]);
    assert!(!shown.contains("张小红") && shown.matches("张**").count() == 2, "{shown}");
}

/// A small tmpfs, unmounted when dropped: a real full disk, where the test may mount one.
struct Tmpfs(std::path::PathBuf);
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn i9_a_full_disk_is_said_in_words_and_nothing_is_written() {
    let svc = Svc::new();
    let dir = svc.path("tiny");
    std::fs::create_dir(&dir).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1200k", "tmpfs"])
        .arg(&dir)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        // Mounting takes root; src/hardening.rs's unit test covers the words elsewhere.
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    let _unmount = Tmpfs(dir.clone());
    std::fs::copy(&svc.db, dir.join("svc.db")).unwrap();
    let mut csv = String::from("code,name,type,address\n");
    for i in 0..3000 {
        csv.push_str(&format!(
            "H{i},医院{i}名字很长很长很长很长很长很长,hospital,北京市东城区帅府园一号某某楼某某室{i}\n"
        ));
    }
    svc.write("big.csv", csv);
    let db = dir.join("svc.db").display().to_string();
    svc.run(&["--db", &db, "customer", "import", "big.csv"])
        .code(1)
        .stderr_has("the disk is full")
        .stderr_has("nothing of it was written");
    let listed = svc.stdout(&["--db", &db, "customer", "list", "--format", "csv"]);
    assert!(!listed.contains("H0,"), "no customer was written: {listed}");
}

#[test]
fn i9_a_read_only_database_is_listed_checked_and_exported_and_a_write_is_refused_in_words() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "H1", "--name", "协和医院", "--type", "hospital"]).ok();
    let dir = svc.path("media");
    std::fs::create_dir(&dir).unwrap();
    let mount = |args: &[&str]| {
        std::process::Command::new("mount")
            .args(args)
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !mount(&["-t", "tmpfs", "-o", "size=4m", "tmpfs"]) {
        // Read-only media take root to make (root ignores file permissions).
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    let _unmount = Tmpfs(dir.clone());
    std::fs::copy(&svc.db, dir.join("svc.db")).unwrap();
    assert!(mount(&["-o", "remount,ro"]), "remount read-only");
    let db = dir.join("svc.db").display().to_string();
    svc.run(&["--db", &db, "customer", "list", "--format", "csv"]).ok().stdout_has("H1,协和医院");
    svc.run(&["--db", &db, "customer", "export"]).ok().stdout_has("H1,协和医院");
    svc.run(&["--db", &db, "db", "check"]).ok();
    svc.run(&["--db", &db, "customer", "add", "--code", "H2", "--name", "x", "--type", "hospital"])
        .code(1)
        .stderr_has("the database is read-only here")
        .stderr_has("nothing was written");
}

#[test]
fn i9_a_damaged_xls_that_made_the_workbook_reader_panic_is_refused_in_words() {
    // Found by tests/fuzz_import.rs: calamine indexed past a truncated stream and panicked.
    let svc = Svc::new();
    let crash = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/damaged_xls_stream.xls");
    for area in [&["customer"][..], &["staff"], &["equipment"]] {
        svc.run(&[area, &["import", crash.to_str().unwrap()]].concat())
            .no_panic()
            .code(5)
            .stderr_has("damaged_xls_stream.xls is a damaged workbook: it cannot be read")
            .stdout_is("");
    }
}

// ---- YAML and JSON scalars in text columns are taken as written ----

/// One column of an area's CSV export, by its key column's value.
fn exported(svc: &Svc, area: &str, key: &str, column: &str) -> String {
    let rows = csv_rows(&svc.stdout(&[area, "export"]));
    let col = rows[0].iter().position(|c| c == column).unwrap_or_else(|| panic!("no {column} in {:?}", rows[0]));
    let row = rows.iter().find(|r| r[0] == key).unwrap_or_else(|| panic!("no {key} in {rows:?}"));
    row[col].clone()
}

#[test]
fn i9_yaml_scalars_in_text_and_code_columns_are_taken_as_written() {
    let svc = Svc::new();
    svc.write(
        "c.yaml",
        "- code: Y1\n  name: 南京鼓楼医院\n  type: hospital\n  phone: 0b101\n  notes: 12E4\n\
         - code: 0013\n  name: 数字医院\n  type: clinic\n  phone: 0o17\n  notes: 1.50\n\
         - code: Y3\n  name: 空值医院\n  type: clinic\n  phone: ~\n  notes: true\n",
    );
    svc.run(&["customer", "import", "c.yaml"]).ok();
    assert_eq!(exported(&svc, "customer", "Y1", "phone"), "0b101", "not 5");
    assert_eq!(exported(&svc, "customer", "Y1", "notes"), "12E4", "not 120000.0");
    assert_eq!(exported(&svc, "customer", "0013", "phone"), "0o17", "a code 0013 is not 13, a phone not 15");
    assert_eq!(exported(&svc, "customer", "0013", "notes"), "1.50", "not 1.5");
    assert_eq!(exported(&svc, "customer", "Y3", "phone"), "", "null is no value");
    assert_eq!(exported(&svc, "customer", "Y3", "notes"), "true");
    // A code column (part_no, serial_no) keeps its zeros and its letters; numeric
    // columns (quantities, costs) still take numbers.
    svc.write(
        "p.yaml",
        "- part_no: 0013\n  name: 心电导联线\n  spec: 12E4\n  unit: pcs\n  min_qty: 4\n  unit_cost: 260.5\n\
         - part_no: 0x1F\n  name: 保险丝\n  spec: 0b101\n  unit: pcs\n  min_qty: 10\n  unit_cost: 1\n",
    );
    svc.run(&["parts", "import", "p.yaml"]).ok();
    assert_eq!(exported(&svc, "parts", "0013", "spec"), "12E4");
    assert_eq!(exported(&svc, "parts", "0013", "min_qty"), "4");
    assert_eq!(exported(&svc, "parts", "0013", "unit_cost"), "260.50");
    assert_eq!(exported(&svc, "parts", "0x1F", "spec"), "0b101", "part 0x1F is not part 31");
    assert_eq!(exported(&svc, "parts", "0x1F", "unit_cost"), "1.00");
}

#[test]
fn i9_json_numbers_in_text_and_code_columns_are_taken_as_written() {
    let svc = Svc::new();
    svc.write(
        "c.json",
        r#"[{"code": "J1", "name": "南京鼓楼医院", "type": "hospital", "phone": 13800138000, "notes": 12E4},
            {"code": 1.50, "name": "数字医院", "type": "clinic", "notes": 1.0e-7}]"#,
    );
    svc.run(&["customer", "import", "c.json"]).ok();
    assert_eq!(exported(&svc, "customer", "J1", "notes"), "12E4", "not 120000.0");
    assert_eq!(exported(&svc, "customer", "J1", "phone"), "13800138000");
    assert_eq!(exported(&svc, "customer", "1.50", "notes"), "1.0e-7", "a code 1.50 is not 1.5");
    svc.write(
        "p.json",
        r#"[{"part_no": "0013", "name": "心电导联线", "spec": 2.10, "unit": "pcs", "min_qty": 4, "unit_cost": 260.50}]"#,
    );
    svc.run(&["parts", "import", "p.json"]).ok();
    assert_eq!(exported(&svc, "parts", "0013", "spec"), "2.10", "not 2.1");
    assert_eq!(exported(&svc, "parts", "0013", "min_qty"), "4");
    assert_eq!(exported(&svc, "parts", "0013", "unit_cost"), "260.50");
    // JSON has no number 0013: such a file is refused as JSON, with where it broke.
    svc.write("z.json", r#"[{"code": 0013, "name": "零", "type": "clinic"}]"#);
    svc.run(&["customer", "import", "z.json"]).code(5).stderr_has("line 1");
}

#[test]
fn i9_db_check_flags_history_entries_recorded_before_an_earlier_one() {
    let svc = Svc::new();
    for code in ["H1", "H2", "H3"] {
        svc.run(&["customer", "add", "--code", code, "--name", "医院", "--type", "hospital"]).ok();
    }
    svc.run(&["db", "check"]).ok().stdout_has("history clock");
    // Entry 3 recorded a day before entry 2: a clock set back, or an entry forged in.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER history_no_update;
         UPDATE history SET recorded_at = '2020-01-01T00:00:00+00:00' WHERE id = 3;",
    )
    .unwrap();
    drop(conn);
    svc.run(&["db", "check"]).code(1).stdout_has("1 entries recorded more than").stdout_has("(ids 3)");
}

#[test]
fn i9_verify_gives_no_false_alarm_after_a_staff_member_or_a_part_is_renamed() {
    let (svc, r) = signed_repair();
    svc.run(&["staff", "edit", "E002", "--name", "李娜（改名）"]).ok();
    svc.run(&["parts", "edit", "0012-A", "--name", "血氧探头（新款）"]).ok();
    svc.run(&["repair", "verify", &r]).ok().stdout_has("unchanged since signing");
}
