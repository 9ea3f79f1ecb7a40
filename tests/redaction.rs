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

/// The fingerprint a signed document carries, from its JSON print.
fn sha256_of(svc: &Svc, args: &[&str]) -> String {
    let json: serde_json::Value = serde_json::from_str(&svc.stdout(&[&["--format", "json"], args].concat())).unwrap();
    json["sha256"].as_str().expect("a signed document's fingerprint").to_string()
}

#[test]
fn i9_r8_1_2_a_redacted_service_report_hides_the_customers_people_keeps_the_facts_and_is_never_the_original() {
    let svc = Svc::with_examples();
    let r = signed_repair(&svc);
    let print = ["repair", "report", r.as_str(), "--print"];
    let sha = sha256_of(&svc, &print);
    let original = svc.stdout(&print);
    assert!(original.contains("王主任") && original.contains(&sha), "{original}");
    let redacted = svc.stdout(&[&print[..], &["--redact"]].concat());
    assert!(redacted.starts_with(&format!("# Service report {r}/1 (已脱敏 / redacted)\n")), "{redacted}");
    assert!(redacted.contains("\n已脱敏 / redacted: a copy to share"), "{redacted}");
    assert!(!redacted.contains("王主任"), "the customer's person who consented and signed is masked:\n{redacted}");
    assert!(redacted.contains("consented by 王** by") && redacted.contains("Signed by 王** ("), "{redacted}");
    assert!(!redacted.contains(&sha), "a redacted copy carries no fingerprint:\n{redacted}");
    assert!(redacted.contains("No fingerprint: a redacted copy is not the signed original."), "{redacted}");
    // The facts stay: the device, the symptom, the finding, the checks, the technician.
    for fact in ["00012345", "开机无显示", "电源板无输出", "ES-62353", "Fluke ESA615", "(E002)", "保险丝熔断"]
    {
        assert!(redacted.contains(fact), "{fact} kept:\n{redacted}");
    }
    // As data: flagged, without the fingerprint, the names masked.
    let json: serde_json::Value =
        serde_json::from_str(&svc.stdout(&[&["--format", "json"], &print[..], &["--redact"]].concat())).unwrap();
    assert_eq!(json["redacted"], true);
    assert!(json.get("sha256").is_none(), "{json}");
    assert_eq!(json["signature"]["by"], "王**");
    let html = svc.stdout(&[&["--format", "html"], &print[..], &["--redact"]].concat());
    assert!(html.contains("已脱敏 / redacted") && !html.contains("王主任") && !html.contains(&sha), "{html}");
    // In Chinese, the mark is the same; nothing stored changed.
    let zh = svc.stdout(&[&["--lang", "zh-CN"], &print[..], &["--redact"]].concat());
    assert!(zh.contains("(已脱敏 / redacted)") && zh.contains("无指纹：脱敏副本不是签字确认的原件。"), "{zh}");
    svc.run(&["repair", "verify", &r]).ok();
    assert_eq!(svc.stdout(&print), original, "the original prints as before");
    svc.run(&["repair", "report", &r, "--redact"]).code(2);
}

#[test]
fn i9_r8_1_2_a_redacted_maintenance_report_masks_the_signer_and_keeps_the_checks() {
    let svc = stocked();
    let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/maintenance/patient-monitor.yaml");
    svc.run(&["maint", "plan", "import", plan.to_str().unwrap()]).ok();
    let mut record = vec!["maint", "record", "--equipment", "00012345", "--plan", "PM-MONITOR", "--by", "E002"];
    for v in [
        "visual=pass",
        "pe_resistance=0.12",
        "leakage_equipment=180",
        "leakage_applied=20",
        "alarms=pass",
        "spo2_error=1",
        "nibp_error=2",
    ] {
        record.extend(["--value", v]);
    }
    svc.run(&record).ok();
    svc.run(&["maint", "sign", "MV-000001", "--by", "王主任"]).ok();
    let sha = sha256_of(&svc, &["maint", "show", "MV-000001", "--print"]);
    let redacted = svc.stdout(&["maint", "show", "MV-000001", "--print", "--redact"]);
    assert!(redacted.starts_with("# Maintenance report MV-000001 (已脱敏 / redacted)\n"), "{redacted}");
    assert!(!redacted.contains("王主任") && redacted.contains("Signed by 王** ("), "{redacted}");
    assert!(!redacted.contains(&sha), "{redacted}");
    for fact in ["00012345", "PM-MONITOR", "Protective earth resistance", "0.12 Ω", "(E002)"] {
        assert!(redacted.contains(fact), "{fact} kept:\n{redacted}");
    }
    let yaml = svc.stdout(&["--format", "yaml", "maint", "show", "MV-000001", "--print", "--redact"]);
    assert!(yaml.contains("redacted: true") && !yaml.contains("sha256") && !yaml.contains("王主任"), "{yaml}");
    svc.run(&["maint", "verify", "MV-000001"]).ok();
}

/// `show --redact` on every `show` whose page holds personal data: the plain page shows
/// the person's data, the redacted one only the mask, wherever the page repeats it (a
/// plan's `consented_by`, a timeline's "by: 王主任"). One shared flag, one masking.
#[test]
fn i9_r8_1_2_every_show_with_personal_data_takes_redact() {
    let svc = Svc::new();
    svc.run(&["demo", "demo.db"]).ok();
    let db = svc.path("demo.db");
    let db = db.to_str().unwrap();
    // The command, what its plain page shows, and what the redacted one shows instead.
    let shows: &[(&[&str], &[&str], &[&str])] = &[
        (&["customer", "show", "C0001"], &["王建国", "13800138000", "wangjg@bj1h.cn"], &["王**", "*******8000"]),
        (&["staff", "show", "E001"], &["13900000001", "zhangwei@example.com"], &["*******0001", "z***@example.com"]),
        (&["parts", "supplier", "show", "SUP01"], &["周经理", "13800000011"], &["周**", "*******0011"]),
        (&["repair", "show", "R-000001"], &["王主任"], &["王**"]),
        (&["maint", "show", "MV-000001"], &["王主任"], &["王**"]),
    ];
    for (show, plain, masked) in shows {
        let args = [&["--db", db, "--format", "csv"][..], show].concat();
        let page = svc.stdout(&args);
        for p in *plain {
            assert!(page.contains(p), "{show:?} shows {p}: {page}");
        }
        let redacted = svc.stdout(&[&args[..], &["--redact"]].concat());
        for p in *plain {
            assert!(!redacted.contains(p), "{show:?} --redact hides {p}: {redacted}");
        }
        for m in *masked {
            assert!(redacted.contains(m), "{show:?} --redact shows {m}: {redacted}");
        }
        // The facts stay: only the personal values changed.
        assert_eq!(page.lines().count(), redacted.lines().count(), "{show:?}");
    }
}
