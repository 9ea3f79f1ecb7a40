//! R8.1 customer database: import of real legacy files, add/edit/show/list/delete,
//! export options and the export -> import -> export round trip.

mod common;
use common::*;

fn codes(svc: &Svc) -> Vec<String> {
    csv_rows(&svc.stdout(&["customer", "list"])).into_iter().skip(1).map(|r| r[0].clone()).collect()
}

fn field(svc: &Svc, code: &str, column: &str) -> String {
    let rows = csv_rows(&svc.stdout(&["customer", "list", "--format", "csv"]));
    let i = rows[0].iter().position(|c| c == column).expect("column");
    rows.iter().find(|r| r[0] == code).map(|r| r[i].clone()).unwrap_or_default()
}

fn import_sample(svc: &Svc, extra: &[&str]) -> Run {
    let file = example("legacy_customers_gbk.csv");
    let map = example("legacy_customers.map.yaml");
    let mut args = vec!["customer", "import", file.to_str().unwrap(), "--map", map.to_str().unwrap()];
    args.extend_from_slice(extra);
    svc.run(&args)
}

#[test]
fn r8_1_1_sample_gbk_file_imports_six_customers_and_sets_three_rows_aside() {
    let svc = Svc::new();
    let run = import_sample(&svc, &["--rejects", "rejects.csv"]).ok();
    assert!(run.stderr.contains("read 9, inserted 6, updated 0, unchanged 0, skipped 0, rejected 3"), "{}", run.stderr);
    assert_eq!(codes(&svc), ["C0001", "C0002", "C0003", "C0004", "C0007", "C0008"]);

    // The rejects keep the source's columns and encoding (GBK), plus line and error.
    let bytes = svc.read("rejects.csv");
    let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
    assert!(!bad);
    let rows = csv_rows(&text);
    assert_eq!(rows[0].last().unwrap(), "error");
    assert_eq!(rows[0][rows[0].len() - 2], "line");
    assert_eq!(rows[0][0], "客户编号");
    let summary: Vec<(String, String, String)> =
        rows[1..].iter().map(|r| (r[0].clone(), r[r.len() - 2].clone(), r[r.len() - 1].clone())).collect();
    assert_eq!(summary.len(), 3);
    assert_eq!(summary[0].0, "C0005");
    assert_eq!(summary[0].1, "7");
    assert!(summary[0].2.contains("name: missing") && summary[0].2.contains("2018-02-30 is not a date"), "{summary:?}");
    assert_eq!((summary[1].0.as_str(), summary[1].1.as_str()), ("C0006", "8"));
    assert!(summary[1].2.contains("sunli@hzzyy is not an e-mail address"));
    assert_eq!((summary[2].0.as_str(), summary[2].1.as_str()), ("C0002", "9"));
    assert!(summary[2].2.contains("appears twice in this file"));
}

#[test]
fn r8_1_1_without_rejects_file_one_bad_row_means_nothing_is_written() {
    let svc = Svc::new();
    let run = import_sample(&svc, &[]).code(5);
    assert!(run.stderr.contains("line 7: name: missing"), "{}", run.stderr);
    assert!(run.stderr.contains("line 8: email"), "{}", run.stderr);
    assert!(run.stderr.contains("line 9: code: C0002 appears twice"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"));
    svc.run(&["customer", "list"]).ok().stdout_is("");
    svc.run(&["history"]).ok().stdout_is("");
}

#[test]
fn r8_1_1_legacy_values_are_normalised() {
    let svc = Svc::new();
    import_sample(&svc, &["--rejects", "rejects.csv"]).ok();
    assert_eq!(field(&svc, "C0003", "address"), "天河区体育西路123号");
    assert_eq!(field(&svc, "C0003", "phone"), "13922334455");
    assert_eq!(field(&svc, "C0003", "type"), "distributor");
    assert_eq!(field(&svc, "C0004", "name"), "成都华西妇幼保健院");
    let dates: Vec<String> =
        ["C0001", "C0002", "C0003", "C0004", "C0008"].iter().map(|c| field(&svc, c, "created_on")).collect();
    assert_eq!(dates, ["2015-03-05", "2016-07-09", "2017-11-20", "2019-03-05", "2021-06-15"]);
    // Chinese punctuation in free text is left as it is.
    assert_eq!(field(&svc, "C0003", "notes"), "全角数字地址");
}

#[test]
fn r8_1_1_upsert_updates_the_repeated_key_and_keeps_the_old_value_in_history() {
    let svc = Svc::new();
    let run = import_sample(&svc, &["--mode", "upsert", "--rejects", "rejects.csv"]).ok();
    assert!(run.stderr.contains("inserted 6, updated 1"), "{}", run.stderr);
    assert_eq!(field(&svc, "C0002", "phone"), "021-62345679");
    let history = svc.stdout(&["history", "C0002", "--format", "json"]);
    let entries: serde_json::Value = serde_json::from_str(&history).unwrap();
    let update = &entries[0];
    assert_eq!(update["action"], "update");
    assert_eq!(update["before"]["phone"], "021-62345678");
    assert_eq!(update["after"]["phone"], "021-62345679");
    // One entry for the import itself, with the file's hash and counts.
    let imports = svc.stdout(&["history", "--entity", "customer", "--format", "json"]);
    let imports: serde_json::Value = serde_json::from_str(&imports).unwrap();
    let import = imports.as_array().unwrap().iter().find(|e| e["action"] == "import").unwrap();
    assert_eq!(import["code"], "legacy_customers_gbk.csv");
    assert_eq!(import["after"]["inserted"], 6);
    assert_eq!(import["after"]["encoding"], "gbk");
    assert_eq!(import["after"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(imports.as_array().unwrap().len(), 2, "one import entry and one update entry, not one per row");
}

#[test]
fn r8_1_1_insert_refuses_and_skip_keeps_existing_customers() {
    let svc = Svc::new();
    import_sample(&svc, &["--rejects", "r.csv"]).ok();
    let again = import_sample(&svc, &["--rejects", "r2.csv"]).ok();
    assert!(again.stderr.contains("inserted 0"), "{}", again.stderr);
    assert!(again.stderr.contains("already in the database"), "{}", again.stderr);
    let skip = import_sample(&svc, &["--mode", "skip", "--rejects", "r3.csv"]).ok();
    assert!(skip.stderr.contains("skipped 7"), "{}", skip.stderr);
}

#[test]
fn r8_1_1_dry_run_checks_everything_and_writes_nothing() {
    let svc = Svc::new();
    let run = import_sample(&svc, &["--dry-run", "--rejects", "r.csv"]).ok();
    assert!(run.stderr.contains("dry run, nothing written"), "{}", run.stderr);
    assert!(run.stderr.contains("inserted 6"));
    svc.run(&["customer", "list"]).ok().stdout_is("");
}

#[test]
fn r8_1_1_add_prints_the_code_alone_and_generates_one_when_missing() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "H1", "--name", "协和医院", "--type", "hospital"]).ok().stdout_is("H1\n");
    svc.run(&["customer", "add", "--name", "第二诊所", "--type", "clinic"]).ok().stdout_is("C-000001\n");
    svc.run(&["customer", "add", "--name", "第三诊所", "--type", "clinic"]).ok().stdout_is("C-000002\n");
    // Added today (SVC_NOW) unless told otherwise.
    assert_eq!(field(&svc, "H1", "created_on"), "2026-03-05");
    svc.run(&["customer", "add", "--code", "H1", "--name", "x", "--type", "hospital"])
        .code(4)
        .stderr_has("already exists: change it with 'svc customer edit H1'");
    svc.run(&["customer", "add", "--code", "H2", "--name", "x", "--type", "pharmacy"])
        .code(5)
        .stderr_has("type: pharmacy");
    svc.run(&["customer", "add", "--code", "H3", "--name", "x", "--type", "clinic", "--email", "nope"])
        .code(5)
        .stderr_has("not an e-mail address");
}

#[test]
fn r8_1_1_edit_changes_fields_and_the_history_shows_before_and_after() {
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
        "--phone",
        "010 1234 5678",
    ])
    .ok();
    assert_eq!(field(&svc, "H1", "phone"), "01012345678");
    svc.run(&["customer", "edit", "H1", "--phone", "010-69156114", "--city", "北京"]).ok();
    assert_eq!(field(&svc, "H1", "phone"), "010-69156114");
    svc.run(&["customer", "edit", "H1", "--city", ""]).ok();
    assert_eq!(field(&svc, "H1", "city"), "");
    svc.run(&["customer", "edit", "H1", "--city", ""]).ok().stderr_has("nothing to change");
    svc.run(&["customer", "edit", "NOPE", "--city", "x"]).code(3).stderr_has("no customer NOPE");
    svc.run(&["customer", "edit", "H1", "--created-on", "2024-02-30"]).code(5).stderr_has("not a date");
    let h: serde_json::Value = serde_json::from_str(&svc.stdout(&["history", "H1", "--format", "json"])).unwrap();
    let actions: Vec<&str> = h.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["add", "edit", "edit"]);
    assert_eq!(h[1]["before"]["phone"], "01012345678");
    assert_eq!(h[1]["after"]["phone"], "010-69156114");
    assert_eq!(h[1]["actor"], "test");
}

#[test]
fn r8_1_1_show_includes_the_customers_equipment() {
    let svc = Svc::new();
    import_sample(&svc, &["--rejects", "r.csv"]).ok();
    let eq = example("legacy_equipment_utf8bom.csv");
    svc.run(&["equipment", "import", eq.to_str().unwrap(), "--rejects", "e.csv"]).ok();
    let out = svc.stdout(&["customer", "show", "C0001", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["name"], "北京市第一人民医院");
    let serials: Vec<&str> =
        v["equipment"].as_array().unwrap().iter().map(|e| e["serial_no"].as_str().unwrap()).collect();
    assert_eq!(serials, ["00012345", "00012346"]);
    assert_eq!(v["equipment"][0]["warranty"], "expired on 2022-05-09");
    let table = svc.stdout(&["customer", "show", "C0001", "--format", "table"]);
    assert!(table.contains("equipment (2)") && table.contains("00012346"), "{table}");
    svc.run(&["customer", "show", "C9"]).code(3).stderr_has("no customer C9");
}

#[test]
fn r8_1_1_deleting_a_customer_with_equipment_is_refused() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "H1", "--name", "协和医院", "--type", "hospital"]).ok();
    svc.run(&["customer", "add", "--code", "H2", "--name", "空客户", "--type", "clinic"]).ok();
    svc.run(&[
        "equipment",
        "add",
        "--serial-no",
        "SN1",
        "--model",
        "PM-9000",
        "--manufacturer",
        "迈瑞",
        "--customer-code",
        "H1",
    ])
    .ok();
    svc.run(&["customer", "delete", "H1"]).code(4).stderr_has("1 piece(s) of equipment");
    svc.run(&["customer", "delete", "H2"]).ok();
    assert_eq!(codes(&svc), ["H1"]);
    let h: serde_json::Value = serde_json::from_str(&svc.stdout(&["history", "H2", "--format", "json"])).unwrap();
    assert_eq!(h[1]["action"], "delete");
    assert_eq!(h[1]["before"]["name"], "空客户");
    assert!(h[1]["after"].is_null());
}

#[test]
fn r8_1_2_list_filters_and_empty_listing_prints_nothing() {
    let svc = Svc::new();
    import_sample(&svc, &["--rejects", "r.csv"]).ok();
    let hospitals = codes_of(&svc.stdout(&["customer", "list", "--type", "hospital"]));
    assert_eq!(hospitals, ["C0001", "C0004", "C0007", "C0008"]);
    assert_eq!(codes_of(&svc.stdout(&["customer", "list", "--province", "广东"])), ["C0003"]);
    assert_eq!(codes_of(&svc.stdout(&["customer", "list", "--name", "儿童"])), ["C0008"]);
    assert_eq!(codes_of(&svc.stdout(&["customer", "list", "--limit", "2"])), ["C0001", "C0002"]);
    svc.run(&["customer", "list", "--province", "西藏"]).ok().stdout_is("");
    svc.run(&["customer", "list", "--province", "西藏", "--exit-code"]).ok().stdout_is("");
    svc.run(&["customer", "list", "--type", "clinic", "--exit-code"]).code(1).stdout_has("C0002");
}

fn codes_of(csv: &str) -> Vec<String> {
    csv_rows(csv).into_iter().skip(1).map(|r| r[0].clone()).collect()
}

#[test]
fn r8_1_2_redacted_export_masks_personal_data() {
    let svc = Svc::new();
    import_sample(&svc, &["--rejects", "r.csv"]).ok();
    let out = svc.stdout(&["customer", "export", "--redact"]);
    assert!(!out.contains("王建国") && !out.contains("13800138000") && !out.contains("wangjg@"), "{out}");
    assert!(!out.contains("东单北大街"), "{out}");
    let rows = csv_rows(&out);
    assert_eq!(rows[1][3], "王**");
    assert_eq!(rows[1][4], "*******8000");
    assert_eq!(rows[1][5], "w***@bj1h.cn");
    // The name of the institution is not personal data.
    assert_eq!(rows[1][1], "北京市第一人民医院");
}

#[test]
fn r8_1_1_export_import_export_is_byte_identical_in_every_format() {
    let svc = Svc::new();
    import_sample(&svc, &["--rejects", "r.csv"]).ok();
    svc.run(&[
        "customer",
        "add",
        "--code",
        "Q1",
        "--name",
        "He said \"hi\", then left",
        "--type",
        "other",
        "--notes",
        "=1+1",
    ])
    .ok();
    for ext in ["csv", "json", "yaml"] {
        let first = format!("first.{ext}");
        svc.run(&["customer", "export", "-o", &first]).ok();
        let other = Svc::new();
        other.run(&["customer", "import", svc.path(&first).to_str().unwrap()]).ok();
        let second = other.path(&format!("second.{ext}"));
        other.run(&["customer", "export", "-o", second.to_str().unwrap()]).ok();
        assert_eq!(svc.read(&first), std::fs::read(&second).unwrap(), "{ext} round trip differs");
    }
}

#[test]
fn r8_1_1_export_for_spreadsheets_and_old_systems() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "Q1", "--name", "=HYPERLINK(\"http://x\")", "--type", "other"]).ok();
    svc.run(&["customer", "add", "--code", "Q2", "--name", "上海瑞康门诊部", "--type", "clinic"]).ok();
    let bom = svc.run(&["customer", "export", "--bom"]).ok();
    assert!(bom.raw_stdout.starts_with(b"\xEF\xBB\xBF"));
    let formula = "=HYPERLINK(\"http://x\")";
    assert_eq!(csv_rows(bom.stdout.trim_start_matches('\u{feff}'))[1][1], format!("'{formula}"));
    // Escaped by default too (issue 9); the opt-out leaves the cell as it is.
    let plain = svc.stdout(&["customer", "export"]);
    assert_eq!(csv_rows(&plain)[1][1], format!("'{formula}"));
    let raw = svc.stdout(&["customer", "export", "--no-formula-escape"]);
    assert_eq!(csv_rows(&raw)[1][1], formula);
    let gbk = svc.run(&["customer", "export", "--encoding", "gbk"]).ok();
    let (text, _, bad) = encoding_rs::GBK.decode(&gbk.raw_stdout);
    assert!(!bad && text.contains("=HYPERLINK") && text.contains("上海瑞康门诊部"));
    assert!(std::str::from_utf8(&gbk.raw_stdout).is_err(), "GBK output is not UTF-8");
    // A file written with --bom --excel imports back to the same values.
    svc.run(&["customer", "export", "--bom", "-o", "excel.csv"]).ok();
    let other = Svc::new();
    other.run(&["customer", "import", svc.path("excel.csv").to_str().unwrap()]).ok();
    assert_eq!(csv_rows(&other.stdout(&["customer", "list"]))[1][1], formula);
    // Export files are readable by their owner only: they hold personal data.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(svc.path("excel.csv")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn r8_1_1_gbk_export_of_a_character_gbk_lacks_is_an_error_not_a_question_mark() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "Q1", "--name", "Clinic 😀", "--type", "clinic"]).ok();
    svc.run(&["customer", "export", "--encoding", "gbk", "-o", "out.csv"])
        .code(5)
        .stderr_has("cannot be written in gbk");
    assert!(!svc.path("out.csv").exists(), "no half-written file");
    svc.run(&["customer", "export", "--encoding", "gb18030", "-o", "out.csv"]).ok();
}

#[test]
fn r8_1_1_import_reads_stdin_json_and_yaml() {
    let svc = Svc::new();
    let json = r#"[{"code":"J1","name":"杭州市第一人民医院","type":"hospital","created_on":"2020/1/2"},
                   {"code":"J2","name":"某诊所","type":"clinic","active":null}]"#;
    svc.run_stdin(&["customer", "import", "-", "--format", "json"], json.as_bytes()).ok();
    svc.write("c.yaml", "- code: Y1\n  name: 南京鼓楼医院\n  type: hospital\n  phone: 025 8330 4616\n");
    svc.run(&["customer", "import", "c.yaml"]).ok();
    assert_eq!(codes(&svc), ["J1", "J2", "Y1"]);
    assert_eq!(field(&svc, "J1", "created_on"), "2020-01-02");
    assert_eq!(field(&svc, "Y1", "phone"), "02583304616");
}

#[test]
fn examples_match_the_shared_sample_data() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if !shared.exists() {
        return; // shared/ sits beside the checkout in development and CI
    }
    for name in ["legacy_customers_gbk.csv", "legacy_equipment_utf8bom.csv"] {
        assert_eq!(std::fs::read(shared.join(name)).unwrap(), std::fs::read(example(name)).unwrap(), "{name}");
    }
}

#[test]
fn r8_1_1_columns_the_import_does_not_take_are_named_and_a_column_given_twice_is_an_error() {
    let svc = Svc::new();
    svc.write("extra.csv", "code,name,type,旧系统编号\nA,协和,hospital,77\n");
    svc.run(&["customer", "import", "extra.csv"])
        .ok()
        .stderr_has("columns not imported (not in the map, not a customer column): 旧系统编号");
    svc.write("twice.csv", "code,name,Name,type\nB,x,y,clinic\n");
    svc.run(&["customer", "import", "twice.csv"]).code(5).stderr_has("columns 'name' and 'Name' both give name");
    // A header-only file still has its header checked.
    svc.write("header.csv", "code,name\n");
    svc.run(&["customer", "import", "header.csv"]).code(5).stderr_has("no column for type");
    svc.write("empty-ok.csv", "code,name,type\n");
    svc.run(&["customer", "import", "empty-ok.csv"]).ok().stderr_has("read 0, inserted 0");
}

#[test]
fn r8_1_1_upsert_from_a_file_with_fewer_columns_keeps_the_others() {
    let svc = Svc::new();
    import_sample(&svc, &["--rejects", "r.csv"]).ok();
    // A phone-number update sheet: only the key, the required columns and the phone.
    svc.write("phones.csv", "code,name,type,phone,email\nC0001,北京市第一人民医院,hospital,010-65295000,\n");
    svc.run(&["customer", "import", "phones.csv", "--mode", "upsert"]).ok().stderr_has("updated 1");
    assert_eq!(field(&svc, "C0001", "phone"), "010-65295000");
    // Columns the file does not carry are kept...
    assert_eq!(field(&svc, "C0001", "contact"), "王建国");
    assert_eq!(field(&svc, "C0001", "address"), "东城区东单北大街1号");
    // ...while an empty cell in a column it does carry clears the value.
    assert_eq!(field(&svc, "C0001", "email"), "");
}

#[test]
fn r8_1_1_rejects_keep_every_cell_of_json_records_and_ragged_rows() {
    let svc = Svc::new();
    let json = r#"[{"code":"J1","name":"","type":"hospital","city":"杭州"},
                   {"type":"clinic","code":"J2","phone":"0571 1234","name":"","legacy_id":"77"}]"#;
    svc.write("in.json", json);
    svc.run(&["customer", "import", "in.json", "--rejects", "bad.csv"]).ok().stderr_has("rejected 2");
    let rows = csv_rows(&String::from_utf8(svc.read("bad.csv")).unwrap());
    assert_eq!(rows[0], ["code", "name", "type", "city", "line", "error"]);
    assert_eq!(rows[1][..5], ["J1", "", "hospital", "杭州", "1"]);
    // The second record's cells sit under their own names, whatever their order...
    assert_eq!(rows[2][..5], ["J2", "", "clinic", "", "2"]);
    // ...and the ones the first record had no column for are kept in the error.
    assert!(rows[2][5].contains("phone=0571 1234") && rows[2][5].contains("legacy_id=77"), "{:?}", rows[2]);

    svc.write("ragged.csv", "code,name,type\nR1,x,clinic,surplus,more\n");
    svc.run(&["customer", "import", "ragged.csv", "--rejects", "bad2.csv"]).ok();
    let rows = csv_rows(&String::from_utf8(svc.read("bad2.csv")).unwrap());
    assert_eq!(rows[1][..4], ["R1", "x", "clinic", "2"]);
    assert!(rows[1][4].contains("surplus, more"), "{:?}", rows[1]);
}

#[test]
fn r8_1_1_auto_encoding_decides_at_the_first_chinese_text_even_after_64_kib_of_ascii() {
    let svc = Svc::new();
    let mut text = String::from("code,name,type\n");
    for i in 0..5000 {
        text.push_str(&format!("A{i:05},Clinic number {i},clinic\n"));
    }
    text.push_str("Z1,北京市第一人民医院,hospital\n");
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    assert!(bytes.len() > 64 * 1024);
    svc.write("late.csv", &bytes);
    svc.run(&["customer", "import", "late.csv"]).ok().stderr_has("inserted 5001");
    assert_eq!(field(&svc, "Z1", "name"), "北京市第一人民医院");
    let h: serde_json::Value = serde_json::from_str(&svc.stdout(&["history", "late.csv", "--format", "json"])).unwrap();
    assert_eq!(h[0]["after"]["encoding"], "gb18030");
}
