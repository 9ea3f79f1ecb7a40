//! Issue 17, daily use: where an imported record came from (`svc history CODE`), the
//! warnings a migrating administrator needs, and CSV for Excel on Windows.

mod common;
use common::*;

use sha2::{Digest, Sha256};

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn history_json(svc: &Svc, code: &str) -> Vec<serde_json::Value> {
    let out = svc.stdout(&["history", code, "--format", "json"]);
    serde_json::from_str::<Vec<serde_json::Value>>(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn imports(entries: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    entries.iter().filter(|e| e["action"] == "import").collect()
}

#[test]
fn r8_2_2_history_of_an_imported_record_names_its_file_hash_line_and_run() {
    let svc = Svc::new();
    let text = "code,name,type\nC1,北京协和医院,hospital\nC2,上海瑞金医院,hospital\nC3,坏行,nosuchtype\nC4,广州医院,hospital\n";
    let file = svc.write("hospitals.csv", text);
    svc.run(&["customer", "import", file.to_str().unwrap(), "--rejects", "rej.csv"]).ok();

    // C4 comes after a rejected line: its line is still its own.
    for (code, line) in [("C1", 2), ("C2", 3), ("C4", 5)] {
        let entries = history_json(&svc, code);
        let found = imports(&entries);
        assert_eq!(found.len(), 1, "{code}: {entries:?}");
        let after = &found[0]["after"];
        assert_eq!(after["file"], "hospitals.csv");
        assert_eq!(after["sha256"], sha256_hex(text.as_bytes()));
        assert_eq!(after["line"], line, "{code}");
        assert_eq!(after["change"], "insert");
        assert_eq!(found[0]["actor"], "test");
        assert_eq!(found[0]["entity"], "customer");
    }
    // The run named is the file's import entry in the history.
    let run = history_json(&svc, "C1")[0]["after"]["run"].clone();
    let file_entry = history_json(&svc, "hospitals.csv");
    assert_eq!(file_entry[0]["after"]["run"], run);

    // An upsert from a second file adds its own line; the first stays.
    let second = "code,name,type\nC2,上海交通大学医学院附属瑞金医院,hospital\n";
    let file2 = svc.write("fix.csv", second);
    svc.run(&["customer", "import", file2.to_str().unwrap(), "--mode", "upsert"]).ok();
    let entries = history_json(&svc, "C2");
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["import", "update", "import"], "{entries:?}");
    assert_eq!(entries[2]["after"]["file"], "fix.csv");
    assert_eq!(entries[2]["after"]["change"], "update");
    assert_eq!(entries[2]["after"]["line"], 2);
    assert_eq!(entries[2]["after"]["sha256"], sha256_hex(second.as_bytes()));

    // --limit counts the provenance too.
    let newest = svc.stdout(&["history", "C2", "--limit", "1", "--format", "json"]);
    assert!(newest.contains("fix.csv") && !newest.contains("hospitals.csv"), "{newest}");

    // A record typed in by hand has no provenance; a dry run leaves none.
    svc.run(&["customer", "add", "--code", "C9", "--name", "手工录入医院", "--type", "clinic"]).ok();
    assert!(imports(&history_json(&svc, "C9")).is_empty());
    let dry = svc.write("dry.csv", "code,name,type\nC7,试运行医院,hospital\n");
    svc.run(&["customer", "import", dry.to_str().unwrap(), "--dry-run"]).ok();
    svc.write("c7.csv", "code,name,type\nC7,试运行医院,hospital\n");
    svc.run(&["customer", "add", "--code", "C7", "--name", "试运行医院", "--type", "hospital"]).ok();
    assert!(imports(&history_json(&svc, "C7")).is_empty());
}

#[test]
fn r8_2_2_import_provenance_is_append_only_in_the_database() {
    let svc = Svc::new();
    let file = svc.write("c.csv", "code,name,type\nC1,北京协和医院,hospital\n");
    svc.run(&["customer", "import", file.to_str().unwrap()]).ok();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    for sql in [
        "UPDATE import_rows SET first_line = 9",
        "DELETE FROM import_rows",
        "UPDATE import_runs SET file = 'x'",
        "DELETE FROM import_runs",
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
}

fn import(svc: &Svc, name: &str, extra: &[&str]) -> Run {
    let path = svc.path(name);
    let mut args = vec!["customer", "import", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    svc.run(&args)
}

#[test]
fn r8_1_1_phones_a_spreadsheet_damaged_are_refused_unless_accepted() {
    let svc = Svc::new();
    svc.write(
        "d.csv",
        "code,name,type,phone\nC1,北京协和医院,hospital,1.38001E+10\nC2,上海瑞金医院,hospital,1065295000\nC3,广州医院,hospital,13800138000\n",
    );
    // Without a rejects file nothing is written; with one the damaged rows go there.
    import(&svc, "d.csv", &[]).code(5).stderr_has("1.38001E+10 was damaged by a spreadsheet");
    let run = import(&svc, "d.csv", &["--rejects", "rej.csv"]).ok();
    assert!(
        run.stderr
            .contains("d.csv line 2: phone: 1.38001E+10 was damaged by a spreadsheet: written in scientific notation"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("d.csv line 3: phone: 1065295000 was damaged by a spreadsheet: a number of that length is a phone number that lost its leading 0"), "{}", run.stderr);
    let rejects = String::from_utf8(svc.read("rej.csv")).unwrap();
    let rows = csv_rows(&rejects);
    assert_eq!(rows.len(), 3, "{rejects}");
    assert_eq!((rows[1][0].as_str(), rows[1][4].as_str()), ("C1", "2"));
    assert!(rows[1][5].contains("--accept-damaged"), "{rejects}");
    assert_eq!(svc.stdout(&["customer", "list", "--format", "csv"]).lines().count(), 2, "only C3");

    // Accepted, they are imported as they are, and the summary says so.
    import(&svc, "d.csv", &["--mode", "skip", "--accept-damaged"])
        .ok()
        .stderr_has("warning: 2 value(s) damaged by a spreadsheet imported as they are (--accept-damaged), such as 1.38001E+10 at line 2");
    svc.run(&["customer", "show", "C1"]).ok().stdout_has("1.38001E+10");
}

#[test]
fn r8_1_1_damage_warnings_speak_chinese() {
    let svc = Svc::new();
    svc.write("d.csv", "code,name,type,phone\nC1,北京协和医院,hospital,1.38E+10\n");
    let path = svc.path("d.csv");
    svc.run_env(&["customer", "import", path.to_str().unwrap()], &[("SVC_LANG", "zh-CN")])
        .code(5)
        .stderr_has("1.38E+10 已被表格软件损坏：以科学计数法保存，末尾几位数字已丢失");
}

#[test]
fn r8_1_1_a_key_twice_in_one_file_is_said_in_every_mode() {
    let svc = Svc::new();
    svc.write("twice.csv", "code,name,type\nC1,北京协和医院,hospital\nC1,北京协和医院（新址）,hospital\n");
    import(&svc, "twice.csv", &[]).code(5).stderr_has("twice.csv line 3: code: C1 appears twice in this file");
    let run = import(&svc, "twice.csv", &["--mode", "upsert"]).ok();
    assert!(
        run.stderr.contains("warning: C1 appears again at line 3 of this file (upsert: the later row wins)"),
        "{}",
        run.stderr
    );
    svc.run(&["customer", "show", "C1"]).ok().stdout_has("新址");
    // The second line is where the record's values came from.
    let entries = history_json(&svc, "C1");
    let lines: Vec<i64> = imports(&entries).iter().map(|e| e["after"]["line"].as_i64().unwrap()).collect();
    assert_eq!(lines, [2, 3], "{entries:?}");

    let svc = Svc::new();
    let run = import_text(
        &svc,
        "twice.csv",
        "code,name,type\nC1,北京协和医院,hospital\nC1,别的医院,hospital\n",
        &["--mode", "skip"],
    );
    assert!(
        run.stderr.contains("warning: C1 appears again at line 3 of this file (skip: the later row is skipped)"),
        "{}",
        run.stderr
    );
}

fn import_text(svc: &Svc, name: &str, text: &str, extra: &[&str]) -> Run {
    svc.write(name, text);
    import(svc, name, extra).ok()
}

#[test]
fn r8_1_1_excel_unicode_text_is_utf16_with_tabs_and_is_read() {
    let svc = Svc::new();
    let text = "\u{feff}code\tname\ttype\r\nU1\t天津医科大学总医院\thospital\r\nU2\t诊所\tclinic\r\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    svc.write("unicode.txt", &bytes);
    import(&svc, "unicode.txt", &[]).ok();
    svc.run(&["customer", "show", "U1"]).ok().stdout_has("天津医科大学总医院");
    // Named, and big-endian.
    let be = "\u{feff}code\tname\ttype\r\nU2B\t大端医院\thospital\r\n";
    svc.write("be.txt", be.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<u8>>());
    import(&svc, "be.txt", &[]).ok();
    svc.run(&["customer", "show", "U2B"]).ok().stdout_has("大端医院");
    let text3 = "code\tname\ttype\nU3\t第三医院\thospital\n";
    let le: Vec<u8> = text3.encode_utf16().flat_map(u16::to_le_bytes).collect();
    svc.write("nobom.tsv", &le);
    import(&svc, "nobom.tsv", &["--encoding", "utf-16"]).ok();
    svc.run(&["customer", "show", "U3"]).ok().stdout_has("第三医院");
    // The rejects of a UTF-16 file are UTF-8 with a BOM (svc writes no UTF-16).
    let bad = "\u{feff}code\tname\ttype\r\nU4\t坏\tnosuch\r\n";
    svc.write("bad.txt", bad.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>());
    import(&svc, "bad.txt", &["--rejects", "bad-rejects.csv"]).ok();
    let rejects = svc.read("bad-rejects.csv");
    assert!(
        rejects.starts_with(b"\xEF\xBB\xBFcode\tname") || rejects.starts_with(b"\xEF\xBB\xBFcode,name"),
        "{:?}",
        String::from_utf8_lossy(&rejects)
    );
    svc.run(&["customer", "export", "--encoding", "utf-16"]).code(2).stderr_has("--encoding utf-16 is for reading");
}

#[test]
fn r8_1_1_tab_and_other_delimiters() {
    let svc = Svc::new();
    import_text(&svc, "t.tsv", "code\tname\ttype\nT1\t制表符医院\thospital\n", &[]);
    svc.run(&["customer", "show", "T1"]).ok().stdout_has("制表符医院");
    import_text(&svc, "s.csv", "code;name;type\nS1;分号医院;clinic\n", &["--delimiter", ";"]);
    svc.run(&["customer", "show", "S1"]).ok().stdout_has("分号医院");
    // A separator given is the separator: a comma file read with tabs has no columns.
    svc.write("t.txt", "code,name,type\nT2,逗号,clinic\n");
    import(&svc, "t.txt", &["--delimiter", "tab"]).code(5).stderr_has("no column for code");
    svc.run(&["customer", "import", "x.csv", "--delimiter", "ab"]).code(2).stderr_has("give one character, or tab");
}

#[test]
fn r8_1_1_a_ten_megabyte_field_is_refused_with_its_line() {
    let svc = Svc::new();
    let mut text = String::from("code,name,type\nB0,正常,clinic\nB1,\"");
    text.push_str(&"长".repeat(4 << 20));
    text.push_str("\",hospital\n");
    svc.write("big.csv", text);
    import(&svc, "big.csv", &[]).code(5).stderr_has("big.csv: line 3: a row longer than 1 MiB is refused");
    assert_eq!(svc.stdout(&["customer", "list", "--format", "csv"]), "", "nothing written");
}

#[test]
fn r8_1_1_codes_written_as_numbers_in_json_and_yaml_are_warned_about() {
    let svc = Svc::new();
    let run = import_text(
        &svc,
        "n.json",
        r#"[{"code": 123, "name": "数字医院", "type": "hospital"}, {"code": "00124", "name": "文本", "type": "clinic"}]"#,
        &[],
    );
    assert!(
        run.stderr.contains("warning: column code holds 1 number(s) where a code is text (such as 123 at record 1)"),
        "{}",
        run.stderr
    );
    let run = import_text(&svc, "n.yaml", "- code: 125\n  name: 数字医院二\n  type: hospital\n", &[]);
    assert!(
        run.stderr.contains("warning: column code holds 1 number(s) where a code is text (such as 125 at record 1)"),
        "{}",
        run.stderr
    );
}

#[test]
fn r8_1_1_explicit_encoding_wins_over_the_map_and_a_gbk_map_is_named() {
    let svc = Svc::new();
    svc.write("m.yaml", "encoding: gbk\ncolumns:\n  编号: code\n");
    // UTF-8 data under a map saying gbk: --encoding auto (given) reads it as UTF-8.
    svc.write("u.csv", "编号,name,type\nM1,北京医院,hospital\n");
    let (file, map) = (svc.path("u.csv"), svc.path("m.yaml"));
    svc.run(&["customer", "import", file.to_str().unwrap(), "--map", map.to_str().unwrap(), "--encoding", "auto"]).ok();
    svc.run(&["customer", "show", "M1"]).ok().stdout_has("北京医院");
    let gbk_map = encoding_rs::GBK.encode("columns:\n  编号: code\n").0.into_owned();
    svc.write("g.yaml", gbk_map);
    let g = svc.path("g.yaml");
    svc.run(&["customer", "import", file.to_str().unwrap(), "--map", g.to_str().unwrap()])
        .code(5)
        .stderr_has("is not UTF-8 (saved as GBK?)");
}

#[test]
fn r8_1_1_every_listing_writes_csv_for_excel_with_a_bom_or_in_gbk() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "C1", "--name", "北京协和医院", "--type", "hospital"]).ok();
    let bom = svc.run(&["customer", "list", "--format", "csv", "--bom"]).ok();
    assert!(bom.raw_stdout.starts_with(b"\xEF\xBB\xBFcode,name"), "{:?}", bom.stdout);
    let gbk = svc.run(&["customer", "list", "--format", "csv", "--encoding", "gbk"]).ok();
    let (text, _, bad) = encoding_rs::GBK.decode(&gbk.raw_stdout);
    assert!(!bad && text.contains("C1,北京协和医院"), "{text}");
    assert!(std::str::from_utf8(&gbk.raw_stdout).is_err(), "GBK, not UTF-8");
    // The same flags, in the same place, for the history and the count variance report.
    let history = svc.run(&["history", "C1", "--format", "csv", "--bom"]).ok();
    assert!(history.raw_stdout.starts_with(b"\xEF\xBB\xBFat,actor"), "{:?}", history.stdout);
    svc.run(&["parts", "count", "variance", "--help"]).ok().stdout_has("--bom").stdout_has("--encoding");
    svc.run(&["customer", "list", "--encoding", "auto"]).code(2).stderr_has("--encoding auto is for reading");
}

fn followup(svc: &Svc, repair: &str) -> (String, Option<String>) {
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.query_row(
        "SELECT f.due, f.class FROM followups f JOIN repairs r ON r.id = f.repair_id WHERE r.code = ?1",
        [repair],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn r8_1_2_a_class_has_its_own_follow_up_delay_and_the_follow_up_keeps_the_class() {
    let svc = stocked();
    svc.run(&["config", "set", "followup_days", "7"]).ok();
    svc.run(&["sla", "group", "add", "合同医院", "C0001"]).ok();
    svc.run(&["sla", "service", "type:hospital", "--followup-days", "5"]).ok();
    svc.run(&["sla", "service", "group:合同医院", "--followup-days", "1"]).ok().stdout_has("group:合同医院,1,");
    let r = signed_repair(&svc);
    // Signed on 2026-03-05: the contract hospital is called the next day, not in 7.
    assert_eq!(followup(&svc, &r), ("2026-03-06".to_string(), Some("group:合同医院".to_string())));
    // A later change of the class's days, or of the customer's class, plans nothing anew.
    svc.run(&["sla", "service", "group:合同医院", "--followup-days", "3"]).ok();
    svc.run(&["sla", "group", "remove", "合同医院", "C0001"]).ok();
    assert_eq!(followup(&svc, &r), ("2026-03-06".to_string(), Some("group:合同医院".to_string())));
    svc.run(&["sla", "service", "type:hospital", "--followup-days", "-1"]).ok().stdout_has("type:hospital,,");
}

#[test]
fn r5_1_2_a_class_has_its_own_return_visit_interval_used_by_visit_due() {
    let svc = Svc::with_examples();
    svc.run(&["sla", "group", "add", "合同医院", "C0001"]).ok();
    svc.run(&["sla", "service", "group:合同医院", "--visit-days", "30"]).ok();
    svc.run(&["sla", "service", "type:hospital", "--visit-days", "60"]).ok();
    let hospitals: Vec<String> = csv_rows(&svc.stdout(&["customer", "list", "--type", "hospital", "--format", "csv"]))
        .into_iter()
        .skip(1)
        .map(|r| r[0].clone())
        .filter(|c| c != "C0001")
        .collect();
    let other = hospitals.first().expect("another hospital in the examples").clone();
    for c in ["C0001", other.as_str()] {
        svc.run(&[
            "visit",
            "record",
            "--customer",
            c,
            "--by",
            "E003",
            "--kind",
            "phone",
            "--needs",
            "培训",
            "--advice",
            "安排培训",
        ])
        .ok();
    }
    let due = svc.stdout(&["visit", "due", "--within", "90d", "--format", "csv"]);
    assert!(due.contains("C0001,") && due.contains(",2026-04-04,"), "{due}");
    assert!(due.contains(&format!("{other},")) && due.contains(",2026-05-04,"), "{due}");
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let class: Option<String> = conn
        .query_row(
            "SELECT v.class FROM return_visits v JOIN customers c ON c.id = v.customer_id WHERE c.code = 'C0001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(class.as_deref(), Some("group:合同医院"));
}
