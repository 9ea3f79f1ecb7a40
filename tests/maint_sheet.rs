//! The maintenance checklist filled in on site (R1.2, issue 10): `svc maint sheet` writes
//! the plan's checks and measurements with their units and limits as a workbook (or CSV),
//! the technician fills in the value column, and `svc maint record --sheet` records the
//! visit through the same path as `--value`: a measurement out of its limits fails the
//! check and opens a ticket, a blank item or a sheet of another device records nothing.

mod common;
use std::path::Path;

use calamine::{Data, Reader};
use common::*;

fn plan(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/maintenance").join(name).to_str().unwrap().to_string()
}

/// Stock, staff and devices, with the patient-monitor plan (PM-9000: 00012345, 00012346).
fn planned() -> Svc {
    let svc = stocked();
    svc.run(&["maint", "plan", "import", &plan("patient-monitor.yaml")]).ok();
    svc
}

/// The written sheet as calamine reads it: the header and each line's cells as text.
fn read_sheet(path: &Path) -> Vec<Vec<String>> {
    let mut book = calamine::open_workbook_auto(path).expect("a workbook");
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).expect("a sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The sheet as the technician saves it: the written cells, with `values` typed into the
/// value column (numbers as number cells, words as text) and a note on one line.
fn fill(cells: &[Vec<String>], values: &[(&str, &str)], to: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let head = &cells[0];
    let at = |name: &str| head.iter().position(|h| h == name).unwrap();
    for (r, row) in cells.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
        if r == 0 {
            continue;
        }
        if let Some((_, v)) = values.iter().find(|(k, _)| *k == row[at("key")]) {
            match v.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32, at("value") as u16, n).unwrap(),
                Err(_) => sheet.write_string(r as u32, at("value") as u16, *v).unwrap(),
            };
        }
        if row[at("key")] == "alarms" {
            sheet.write_string(r as u32, at("note") as u16, "报警音量偏低，已调整").unwrap();
        }
    }
    book.save(to).unwrap();
}

const ALL_GOOD: &[(&str, &str)] = &[
    ("visual", "合格"),
    ("pe_resistance", "0.12"),
    ("leakage_equipment", "180"),
    ("leakage_applied", "20"),
    ("alarms", "pass"),
    ("spo2_error", "1"),
    ("nibp_error", "2"),
];

#[test]
fn r1_2_the_checklist_filled_in_on_site_records_the_visit_as_values_do() {
    let svc = planned();
    svc.run(&["maint", "sheet", "--equipment", "00012345", "-o", "sheet.xlsx"])
        .ok()
        .stderr_has("7 checklist items of plan PM-MONITOR version 1 for device 00012345");
    let cells = read_sheet(&svc.path("sheet.xlsx"));
    assert_eq!(
        cells[0],
        ["equipment", "plan", "version", "key", "name", "kind", "unit", "min", "max", "value", "note"]
    );
    assert_eq!(cells.len(), 8);
    assert_eq!(
        cells[2][..9],
        ["00012345", "PM-MONITOR", "1", "pe_resistance", "Protective earth resistance", "measure", "Ω", "", "0.3"]
    );
    assert!(cells[1..].iter().all(|r| r.get(9).is_none_or(String::is_empty)), "nothing filled in yet");

    fill(&cells, ALL_GOOD, &svc.path("filled.xlsx"));
    let run = svc.run(&["maint", "record", "--equipment", "00012345", "--sheet", "filled.xlsx", "--by", "E002"]);
    let visit = code(run);
    let shown = svc.stdout(&["--format", "json", "maint", "show", &visit]);
    for fact in ["\"pe_resistance\"", "0.12", "报警音量偏低，已调整"] {
        assert!(shown.contains(fact), "{fact} in {shown}");
    }
    // The same visit through --value gives the same verdicts.
    let visits = csv_rows(&svc.stdout(&["maint", "visits", "--equipment", "00012345"]));
    assert_eq!(visits[1][7], "passed", "{visits:?}");
}

#[test]
fn r1_2_a_value_out_of_its_limits_on_the_sheet_fails_the_check_and_opens_a_ticket() {
    let svc = planned();
    svc.run(&["maint", "sheet", "--equipment", "00012345", "-o", "sheet.xlsx"]).ok();
    let cells = read_sheet(&svc.path("sheet.xlsx"));
    let mut values = ALL_GOOD.to_vec();
    values[2] = ("leakage_equipment", "620");
    fill(&cells, &values, &svc.path("filled.xlsx"));
    svc.run(&["maint", "record", "--equipment", "00012345", "--sheet", "filled.xlsx", "--by", "E002"])
        .ok()
        .stderr_has("checks FAILED (leakage_equipment=620 (≤ 500 µA)); fault ticket T-000001 opened");

    // A blank item is refused as a missing --value is: nothing recorded.
    values.remove(0);
    fill(&cells, &values, &svc.path("blank.xlsx"));
    svc.run(&["maint", "record", "--equipment", "00012345", "--sheet", "blank.xlsx", "--by", "E002"])
        .code(5)
        .stderr_has("visual");
    assert_eq!(csv_rows(&svc.stdout(&["maint", "visits"])).len(), 2, "only the first visit");
}

#[test]
fn r1_2_a_sheet_of_another_device_is_refused_and_nothing_is_recorded() {
    let svc = planned();
    svc.run(&["maint", "sheet", "--equipment", "00012345", "-o", "sheet.csv"]).ok();
    fill_csv(&svc, "sheet.csv", "filled.csv");
    svc.run(&["maint", "record", "--equipment", "00012346", "--sheet", "filled.csv", "--by", "E002"])
        .code(5)
        .stderr_has("filled.csv is the sheet of device 00012345, not of 00012346");
    svc.run(&[
        "--lang",
        "zh-CN",
        "maint",
        "record",
        "--equipment",
        "00012346",
        "--sheet",
        "filled.csv",
        "--by",
        "E002",
    ])
    .code(5)
    .stderr_has("是设备 00012345 的检查表，不是设备 00012346 的");
    assert_eq!(svc.stdout(&["maint", "visits"]), "", "nothing recorded");
    // Its own device records it, through the CSV as through a workbook.
    code(svc.run(&["maint", "record", "--equipment", "00012345", "--sheet", "filled.csv", "--by", "E002"]));
}

/// The CSV sheet `from` as the technician saves it to `to`: every check passed, every
/// measurement 0.1 (inside every limit of the patient-monitor plan).
fn fill_csv(svc: &Svc, from: &str, to: &str) {
    let text = String::from_utf8(svc.read(from)).unwrap();
    let filled: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                return format!("{l}\n");
            }
            let v = if l.contains(",check,") { "pass" } else { "0.1" };
            let (head, _) = l.rsplit_once(",,").unwrap_or((l, ""));
            format!("{head},{v},\n")
        })
        .collect();
    svc.write(to, filled);
}

/// The patient-monitor plan's text with `from` replaced by `to`, imported.
fn import_changed(svc: &Svc, name: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(plan("patient-monitor.yaml")).unwrap();
    assert!(text.contains(from), "{from} in the example plan");
    svc.write(name, text.replace(from, to));
    svc.run(&["maint", "plan", "import", name]).ok();
}

#[test]
fn r1_2_a_sheet_of_an_older_checklist_is_refused_and_a_new_one_asked_for() {
    let svc = planned();
    svc.run(&["maint", "sheet", "--equipment", "00012345", "-o", "sheet.csv"]).ok();
    fill_csv(&svc, "sheet.csv", "filled.csv");
    // The plan is revised while the sheet is out: protective earth now at most 0.2 Ω.
    import_changed(&svc, "revised.yaml", "max: 0.3", "max: 0.2");
    let record = ["maint", "record", "--equipment", "00012345", "--sheet", "filled.csv", "--by", "E002"];
    svc.run(&record).code(5).stderr_has(
        "filled.csv was written for plan PM-MONITOR version 1; its checklist is now version 2: write a new sheet ('svc maint sheet')",
    );
    let zh: Vec<&str> = ["--lang", "zh-CN"].into_iter().chain(record).collect();
    svc.run(&zh).code(5).stderr_has("按维护方案 PM-MONITOR 第 1 版生成，方案现已是第 2 版：请重新生成检查表");
    assert_eq!(svc.stdout(&["maint", "visits"]), "", "nothing recorded");
    // A new sheet of the current version records the visit.
    svc.run(&["maint", "sheet", "--equipment", "00012345", "-o", "sheet2.csv", "--force"]).ok().stderr_has("version 2");
    fill_csv(&svc, "sheet2.csv", "filled2.csv");
    code(svc.run(&["maint", "record", "--equipment", "00012345", "--sheet", "filled2.csv", "--by", "E002"]));
}

#[test]
fn r1_2_a_sheet_of_another_plan_is_refused_with_the_plan_to_name() {
    let svc = planned();
    // A second plan for the same model: the quarterly functional check.
    import_changed(&svc, "quarterly.yaml", "code: PM-MONITOR\n", "code: PM-MONITOR-Q\n");
    svc.run(&["maint", "sheet", "--equipment", "00012345", "--plan", "PM-MONITOR", "-o", "sheet.csv"]).ok();
    fill_csv(&svc, "sheet.csv", "filled.csv");
    let record = |plan: &str| {
        ["maint", "record", "--equipment", "00012345", "--plan", plan, "--sheet", "filled.csv", "--by", "E002"]
            .map(String::from)
    };
    let args = record("PM-MONITOR-Q");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    svc.run(&args).code(5).stderr_has(
        "filled.csv is a sheet of plan PM-MONITOR, not of PM-MONITOR-Q: record it with --plan PM-MONITOR, or write a sheet of plan PM-MONITOR-Q ('svc maint sheet')",
    );
    assert_eq!(svc.stdout(&["maint", "visits"]), "", "nothing recorded");
    let args = record("PM-MONITOR");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    code(svc.run(&args));
}

#[test]
fn i10_the_sheet_locks_all_but_the_values_and_prompts_in_the_language_of_the_run() {
    let svc = planned();
    svc.run(&["--lang", "zh-CN", "maint", "sheet", "--equipment", "00012345", "-o", "表.xlsx"])
        .ok()
        .stderr_has("已生成设备 00012345 的维护检查表");
    let zip = std::fs::read(svc.path("表.xlsx")).unwrap();
    let xml = String::from_utf8(unzip::member(&zip, "xl/worksheets/sheet1.xml").expect("a sheet")).unwrap();
    assert!(xml.contains("<sheetProtection"), "protected");
    assert!(xml.contains("\"合格,不合格\""), "a check is chosen from 合格 / 不合格: {xml}");
    assert!(xml.contains("请选择合格或不合格"), "{xml}");
    assert!(xml.contains("填写实测值（限值 ≤ 0.3 Ω）"), "{xml}");
    assert!(xml.contains("type=\"decimal\""), "a measurement takes a number");
}
