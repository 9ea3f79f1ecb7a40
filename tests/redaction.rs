//! Issue 9, hardening: what `--redact` promises beyond masking. A redacted export is
//! marked as redacted and refused by every import (in every format, whatever the area);
//! a redacted print hides the people and keeps the facts, and says it is redacted.

mod common;
use common::*;

/// Export `area` (its words before `export`) with `--redact` to `file`, then import it
/// into a fresh database: refused, exit 5, with the hint, and nothing written.
fn refused_everywhere(svc: &Svc, area: &[&str], file: &str) {
    // A column map that would take the mark as one of the area's own columns.
    let column = if area == ["equipment"] { "location" } else { "name" };
    let out = svc.path(file);
    let export = [area, &["export", "--redact", "-o", out.to_str().unwrap()]].concat();
    svc.run(&export).ok();
    let fresh = Svc::new();
    let list = [area, &["list", "--format", "csv"]].concat();
    let before = fresh.stdout(&list);
    let import = [area, &["import", out.to_str().unwrap()]].concat();
    fresh.run(&import).code(5).stderr_has("was exported with --redact").stderr_has("Export again without --redact");
    // Not with rejects, not as a dry run, not through a column map either.
    let rejects = fresh.path("rejects.csv");
    let with_rejects = [&import[..], &["--rejects", rejects.to_str().unwrap()]].concat();
    fresh.run(&with_rejects).code(5).stderr_has("was exported with --redact");
    assert!(!rejects.exists(), "a refused file leaves no rejects file");
    fresh.run(&[&import[..], &["--dry-run"]].concat()).code(5).stderr_has("was exported with --redact");
    let map = fresh.write("map.yaml", format!("columns:\n  svc_redacted: {column}\n"));
    fresh
        .run(&[&import[..], &["--map", map.to_str().unwrap()]].concat())
        .code(5)
        .stderr_has("was exported with --redact");
    assert_eq!(fresh.stdout(&list), before, "nothing was imported");
}

/// The same export without `--redact` is taken: the refusal is the mark's, not the file's.
fn plain_is_taken(svc: &Svc, area: &[&str], file: &str) {
    let out = svc.path(file);
    svc.run(&[area, &["export", "-o", out.to_str().unwrap()]].concat()).ok();
    let fresh = Svc::with_examples();
    fresh.run(&[area, &["import", out.to_str().unwrap(), "--mode", "skip"]].concat()).ok();
}

#[test]
fn i9_a_redacted_customer_export_is_marked_and_refused_by_the_import_in_csv_xlsx_json_and_yaml() {
    let svc = Svc::with_examples();
    let csv = String::from_utf8(svc.run(&["customer", "export", "--redact"]).ok().stdout.into_bytes()).unwrap();
    let rows = csv_rows(&csv);
    assert_eq!(rows[0].last().unwrap(), "svc_redacted", "the mark is a column of its own");
    assert!(rows[1..].iter().all(|r| r.last().unwrap() == "已脱敏 redacted"), "and says so in every row");
    for file in ["customers.csv", "customers.xlsx", "customers.json", "customers.yaml"] {
        refused_everywhere(&svc, &["customer"], file);
    }
    plain_is_taken(&svc, &["customer"], "plain.csv");
    plain_is_taken(&svc, &["customer"], "plain.xlsx");
}

#[test]
fn i9_a_redacted_equipment_export_is_refused_though_no_equipment_column_is_personal() {
    let svc = Svc::with_examples();
    for file in ["equipment.csv", "equipment.xlsx", "equipment.json"] {
        refused_everywhere(&svc, &["equipment"], file);
    }
    plain_is_taken(&svc, &["equipment"], "plain.xlsx");
}

#[test]
fn i9_a_redacted_staff_and_supplier_export_is_refused_by_their_imports() {
    let svc = stocked();
    for file in ["staff.csv", "staff.xlsx"] {
        refused_everywhere(&svc, &["staff"], file);
    }
    for file in ["suppliers.csv", "suppliers.xlsx", "suppliers.yaml"] {
        refused_everywhere(&svc, &["parts", "supplier"], file);
    }
    plain_is_taken(&svc, &["staff"], "plain.csv");
}

#[test]
fn i9_the_per_area_files_of_a_redacted_svc_export_are_refused_one_by_one() {
    let svc = Svc::with_examples();
    let dir = svc.path("dump");
    svc.run(&["export", dir.to_str().unwrap(), "--redact"]).ok();
    let fresh = Svc::new();
    fresh
        .run(&["customer", "import", dir.join("customers.csv").to_str().unwrap()])
        .code(5)
        .stderr_has("was exported with --redact");
}
