//! R8.1.1 and R8.2.2: `svc export DIR` carries every record, and `svc import DIR` into an
//! empty database gives back the same database, table by table, row by row, column by
//! column; a dump that is redacted, from another schema version, tampered with, or meant
//! for a database that already holds records is refused.

mod common;
use common::*;

use rusqlite::types::Value;
use rusqlite::Connection;

fn protocol(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/protocols").join(name).to_str().unwrap().to_string()
}

/// The clock of the database `everything` builds, once its ticket has waited.
const LATER: &str = "2026-03-05T12:00:00+08:00";

/// A database with every kind of record: the examples, certificates, the catalogue,
/// suppliers, locations and opening stock, protocols, changed settings, a legacy repair
/// archive, a survey, a ticket that waited, a repair signed with its follow-up and a
/// requisition issued to it, a purchase order received and inspected, a posted count and
/// a warehouse safety check. Returns the database and the signed repair's code.
fn everything() -> (Svc, String) {
    let svc = stocked();
    svc.run(&["staff", "cert", "import", example("certificates.csv").to_str().unwrap()]).ok();
    svc.run(&["repair", "protocol", "import", &protocol("electrical-safety.yaml")]).ok();
    svc.run(&["repair", "protocol", "import", &protocol("functional.yaml")]).ok();
    svc.run(&["config", "set", "followup_days", "3"]).ok();
    let (legacy, map) = (example("legacy_repairs_gbk.csv"), example("legacy_repairs.map.yaml"));
    let args = ["repair", "import", legacy.to_str().unwrap(), "--map", map.to_str().unwrap(), "--rejects", "rej.csv"];
    svc.run(&args).ok();
    svc.write("survey.csv", "customer_code,date,channel,respondent,overall\nC0001,2026-03-01,phone,王主任,5\n");
    svc.run(&["survey", "import", "survey.csv"]).ok();
    svc.write("calendar.csv", "day,kind,name\n2026-10-01,休,国庆节\n2026-10-10,班,国庆节调休上班\n");
    svc.run(&["calendar", "import", "calendar.csv"]).ok();
    svc.run(&["sla", "group", "add", "合同医院", "C0001"]).ok();
    svc.run(&[
        "sla",
        "rule",
        "set",
        "group:合同医院",
        "--priority",
        "urgent",
        "--response",
        "2h",
        "--resolution",
        "24h",
    ])
    .ok();

    svc.run(&["sla", "service", "group:合同医院", "--followup-days", "1"]).ok();
    // A ticket that waited for parts, and its repair to the customer's signature, later on.
    let t = fault(&svc, "high");
    let later = |time: &'static str| [("SVC_NOW", time)];
    svc.run_env(&["ticket", "respond", &t, "--note", "x"], &later("2026-03-05 10:20")).ok();
    svc.run_env(&["ticket", "wait", &t, "--reason", "parts"], &later("2026-03-05 10:30")).ok();
    svc.run_env(&["ticket", "resume", &t], &later("2026-03-05 11:00")).ok();
    let svc = svc.at(LATER);
    let r = code(svc.run(&["repair", "open", "--ticket", &t]));
    svc.run(&["repair", "diagnose", &r, "--finding", "保险丝熔断"]).ok();
    svc.run(&["repair", "visit", &r, "--onsite", "--finding", "供电异常", "--tools", "万用表", "--by", "E002"]).ok();
    svc.run(&["repair", "plan", &r, "--step", "更换保险丝", "--labour-hours", "1", "--part", "0100:1"]).ok();
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    let rq = code(svc.run(&["parts", "req", "create", "--repair", &r, "--line", "0100:1", "--by", "E002"]));
    svc.run(&["parts", "req", "approve", &rq, "--by", "E005"]).ok();
    svc.run(&["parts", "req", "issue", &rq]).ok();
    let mut inspect = vec!["repair", "inspect", r.as_str(), "--protocol", "ES-62353", "--instrument", "Fluke ESA615"];
    for v in ["visual=pass", "pe_resistance=0.12", "insulation=50", "leakage_equipment=180", "leakage_applied=12"] {
        inspect.extend(["--value", v]);
    }
    inspect.extend(["--value", "functional=pass"]);
    svc.run(&inspect).ok();
    svc.run(&["repair", "report", &r, "--cause", "保险丝熔断", "--process", "更换保险丝", "--labour-hours", "1"]).ok();
    svc.run(&["repair", "sign", &r, "--by", "王主任"]).ok();
    svc.run(&["repair", "followup", &r, "--by", "E003", "--satisfaction", "5", "--comment", "满意"]).ok();
    svc.run(&["repair", "amend", &r, "--note", "序列号笔误"]).ok();

    // Purchasing with incoming inspection, a posted count, a safety check.
    let po = code(svc.run(&["parts", "po", "create", "--supplier", "SUP01", "--line", "0013:10:250.00:2026-03-10"]));
    let rc = code(svc.run(&["parts", "po", "receive", &po, "--location", "WH1/A-02", "--line", "0013:10:L1"]));
    svc.run(&["parts", "inspect", &rc, "--reject", "0013:3", "--accept-rest", "--by", "E004", "--note", "插头损坏"])
        .ok();
    let cnt = code(svc.run(&["parts", "count", "start", "--location", "WH1/B-01"]));
    let mut sheet = String::new();
    for (i, mut row) in csv_rows(&svc.stdout(&["parts", "count", "sheet", &cnt])).into_iter().enumerate() {
        if i > 0 {
            let book: i64 = row[7].parse().unwrap();
            row[8] = (if row[2] == "0100" { book - 2 } else { book }).to_string();
        }
        sheet.push_str(&row.join(","));
        sheet.push('\n');
    }
    let filled = svc.write("filled.csv", sheet);
    svc.run(&["parts", "count", "submit", &cnt, filled.to_str().unwrap()]).ok();
    svc.run(&["parts", "count", "post", &cnt, "--reason", "monthly"]).ok();
    let check = ["parts", "safety", "check", "WH1", "--fire", "ok", "--damp", "ok", "--security", "ok", "--by", "E004"];
    svc.run(&check).ok();

    // The team (R2.2, R2.3): a training attended, a rule, a promotion, a confirmed appraisal.
    let course = ["training", "add", "--title", "安全操作", "--kind", "internal", "--topics", "safe-operation"];
    let c = code(svc.run(&[&course[..], &["--starts-on", "2026-03-01", "--hours", "4"]].concat()));
    svc.run(&["training", "attend", &c, "E002", "--passed", "true"]).ok();
    svc.run(&["training", "require", "--role", "technician", "--topic", "safe-operation", "--every", "12m"]).ok();
    svc.run(&["staff", "promote", "E002", "--to", "technician-i", "--reason", "定级", "--by", "E005"]).ok();
    let ap = code(svc.run(&["appraisal", "run", "--period", "2026-Q1"]));
    svc.run(&["appraisal", "confirm", &ap, "--by", "E005"]).ok();
    svc.run(&["appraisal", "ack", &ap, "--staff", "E002"]).ok();
    emergency(&svc);
    support(&svc);
    // Quality (R7): a standard, an inspection with a rectified finding, a complaint.
    let qs = [
        "audit",
        "standard",
        "add",
        "QS-01",
        "--title",
        "维修规范",
        "--step",
        "repair",
        "--effective-on",
        "2026-01-01",
    ];
    svc.run(&qs).ok();
    let a = code(svc.run(&["audit", "plan", "--scope", "repairs", "--on", "2026-03-05", "--auditor", "E005"]));
    svc.run(&["audit", "open", &a]).ok();
    let finding = ["--severity", "minor", "--clause", "R4.2.3", "--description", "灭火器过期", "--owner", "E004"];
    let f =
        code(svc.run(&[&["audit", "finding", "--audit", &a][..], &finding, &["--deadline", "2026-03-31"]].concat()));
    svc.run(&["audit", "rectify", &f, "--action", "已更换", "--by", "E004"]).ok();
    let sheet = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/checklists/service-site.yaml");
    svc.run(&["audit", "template", "import", sheet.with_file_name("service-site-template.yaml").to_str().unwrap()])
        .ok();
    svc.run(&["audit", "checklist", &a, sheet.to_str().unwrap()]).ok();
    let complaint =
        ["--channel", "hotline", "--category", "attitude", "--description", "态度差", "--customer", "C0001"];
    svc.run(&[&["complaint", "open"][..], &complaint].concat()).ok();
    maintenance(&svc);
    // Customer training (R5.2): a plan held with one attendee.
    let plan = ["--customer", "C0001", "--topic", "operation", "--model", "PM-9000", "--mode", "onsite"];
    let p = code(svc.run(&[&["training", "plan"][..], &plan, &["--due", "2026-03-20"]].concat()));
    svc.run(&["training", "session", &p, "--trainer", "E002", "--hours", "2", "--attendee", "王建国"]).ok();
    (svc, r)
}

/// Emergency response (R6): a plan with its reserve, a drill with findings, a reserve
/// check and an activation.
fn emergency(svc: &Svc) {
    let plans = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/plans");
    let file = |name: &str| plans.join(name).to_str().unwrap().to_string();
    svc.run(&["parts", "import", &file("reserve-parts.csv")]).ok();
    svc.run(&["parts", "location", "add", "RES", "--bin", "ER-KIT"]).ok();
    svc.run(&["parts", "stock", "import", &file("reserve-stock.csv")]).ok();
    svc.run(&["drill", "plan", "import", &file("ct-down-emergency.yaml")]).ok();
    let d = code(svc.run(&["drill", "schedule", "--plan", "EP-CT-ED", "--on", "2026-03-05"]));
    let held =
        ["--participants", "E001,E003,E004,E005", "--step", "callback=20", "--observer", "E005", "--result", "ok"];
    svc.run(&[&["drill", "record", &d][..], &held].concat()).ok();
    svc.run(&["drill", "reserve", "check", "--location", "RES/ER-KIT", "--by", "E004"]).ok();
    let i = code(svc.run(&["incident", "open", "--plan", "EP-CT-ED", "--level", "I", "--summary", "CT 停机"]));
    svc.run(&["incident", "ack", &i, "--by", "E001"]).ok();
}

/// The support archive (an edited article with a document, answering a ticket) and a
/// return visit with a customer's own schedule.
fn support(svc: &Svc) {
    let add = ["kb", "add", "--title", "开机后黑屏", "--question", "开机后黑屏无显示", "--solution", "更换背光板"];
    let kb = svc.run(&add).ok().stdout.trim().to_string();
    svc.run(&["kb", "edit", &kb, "--solution", "先查供电，再更换背光板"]).ok();
    svc.write("manual.pdf", "%PDF-1.4 manual");
    svc.run(&["kb", "attachment", "add", &kb, "manual.pdf"]).ok();
    let open =
        ["ticket", "open", "--customer", "C0001", "--channel", "hotline", "--kind", "enquiry", "--symptom", "黑屏"];
    let t = svc.run(&open).ok().stdout.trim().to_string();
    svc.run(&["ticket", "close", &t, "--resolution", "按文章处理", "--kb", &kb]).ok();
    svc.run(&["visit", "schedule", "--customer", "C0001", "--every", "30d"]).ok();
    let visit = [
        "visit",
        "record",
        "--customer",
        "C0001",
        "--by",
        "E001",
        "--kind",
        "phone",
        "--needs",
        "培训",
        "--advice",
        "保养",
    ];
    svc.run(&visit).ok();
}

/// `everything`, exported to `dump`: the database and the directory.
fn exported() -> (Svc, std::path::PathBuf) {
    let (svc, _) = everything();
    svc.run(&["export", "dump"]).ok();
    let dump = svc.path("dump");
    (svc, dump)
}

/// Every table of the schema (SQLite's own aside), read independently of svc's code.
/// Full-text indexes (virtual tables and their shadow tables) are derived and rebuilt
/// on import, not carried: their internal layout may differ.
fn table_names(conn: &Connection) -> Vec<String> {
    conn.prepare(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' \
         ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Every row of `table`, every column with its SQLite type, and the rowid where it has one.
fn rows(conn: &Connection, table: &str) -> Vec<Vec<Value>> {
    let read = |sql: &str| -> rusqlite::Result<Vec<Vec<Value>>> {
        let mut stmt = conn.prepare(sql)?;
        let n = stmt.column_count();
        let rows = stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())?;
        rows.collect()
    };
    read(&format!("SELECT rowid, * FROM \"{table}\" ORDER BY rowid"))
        .or_else(|_| read(&format!("SELECT * FROM \"{table}\" ORDER BY 1, 2, 3")))
        .unwrap()
}

/// The schema's objects (tables, indexes, triggers) with their SQL.
fn schema(conn: &Connection) -> Vec<(String, String, Option<String>)> {
    conn.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn assert_same_database(a: &std::path::Path, b: &std::path::Path) {
    let (a, b) = (Connection::open(a).unwrap(), Connection::open(b).unwrap());
    assert_eq!(schema(&a), schema(&b), "the same tables, indexes and triggers");
    let version = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(version(&a), version(&b));
    for t in table_names(&a) {
        assert_eq!(rows(&a, &t), rows(&b, &t), "table {t}");
    }
}

#[test]
fn r8_1_1_export_dir_carries_every_record_and_import_gives_the_same_database() {
    let (svc, r) = everything();
    let conn = Connection::open(&svc.db).unwrap();
    // The source holds every kind of record the brief names, so the comparison proves them.
    for t in [
        "certificates",
        "history",
        "settings",
        "protocols",
        "tickets",
        "repairs",
        "diagnoses",
        "plans",
        "plan_parts",
        "inspections",
        "reports",
        "signed_reports",
        "followups",
        "repair_archive",
        "surveys",
        "purchase_orders",
        "po_lines",
        "receipts",
        "receipt_lines",
        "counts",
        "count_lines",
        "requisitions",
        "requisition_lines",
        "movements",
        "stock",
        "safety_checks",
        "sequences",
    ] {
        assert!(!rows(&conn, t).is_empty(), "the test database has no {t}");
    }
    let empty: Vec<String> = table_names(&conn).into_iter().filter(|t| rows(&conn, t).is_empty()).collect();
    assert_eq!(empty, ["meta"], "only the demo marks a database in meta");
    drop(conn);
    svc.run(&["export", "dump"]).ok().stderr_has("tables");
    let manifest: serde_json::Value = serde_json::from_slice(&svc.read("dump/manifest.json")).unwrap();
    assert_eq!(manifest["format"], "svc-dump/1");
    assert_eq!(manifest["redacted"], false);
    assert!(manifest["schema_version"].as_i64().unwrap() >= 7);
    // The per-area files are still written for people who merge records.
    assert!(svc.path("dump/customers.csv").exists());

    let other = Svc::new();
    let dump = svc.path("dump");
    other.run(&["import", dump.to_str().unwrap()]).ok().stderr_has("restored");
    assert_same_database(&svc.db, &other.db);
    other.run(&["db", "check"]).ok();
    other.run(&["repair", "verify", &r]).ok();
    // The guards came back: the signed report stays frozen in the restored database.
    let restored = Connection::open(&other.db).unwrap();
    assert!(restored.execute("UPDATE reports SET cause = 'x'", []).is_err(), "the report guard is back");
    assert!(restored.execute("DELETE FROM history", []).is_err(), "the history guard is back");
    drop(restored);
    // Export again: the same dump, byte for byte, table by table.
    other.run(&["export", "again"]).ok();
    let again: serde_json::Value = serde_json::from_slice(&other.read("again/manifest.json")).unwrap();
    assert_eq!(manifest["tables"], again["tables"]);
}

#[test]
fn r8_1_1_a_dry_run_restores_nothing_and_a_second_restore_is_refused() {
    let (svc, dump) = exported();
    let other = Svc::new();
    other.run(&["import", dump.to_str().unwrap(), "--dry-run"]).ok().stderr_has("would restore");
    other.run(&["customer", "list"]).ok().stdout_is("");
    other.run(&["import", dump.to_str().unwrap()]).ok();
    // Now it holds records: a whole dump is not restored over them.
    other.run(&["import", dump.to_str().unwrap()]).code(4).stderr_has("already holds records").stderr_has("--flat");
    // Merging the per-area files is still there, on request.
    let third = Svc::new().at(LATER);
    third.run(&["customer", "add", "--code", "Z1", "--name", "Other", "--type", "clinic"]).ok();
    third.run(&["import", dump.to_str().unwrap()]).code(4).stderr_has("already holds records");
    third.run(&["import", dump.to_str().unwrap(), "--flat"]).ok();
    assert_eq!(
        csv_rows(&third.stdout(&["customer", "list"])).len(),
        csv_rows(&svc.stdout(&["customer", "list"])).len() + 1
    );
    third.run(&["import", dump.to_str().unwrap(), "--mode", "skip"]).ok();
}

#[test]
fn r8_1_1_a_redacted_export_is_never_restored_as_the_whole_database() {
    let (svc, _) = everything();
    svc.run(&["export", "masked", "--redact"]).ok();
    let manifest: serde_json::Value = serde_json::from_slice(&svc.read("masked/manifest.json")).unwrap();
    assert_eq!(manifest["redacted"], true);
    assert_eq!(manifest["tables"], serde_json::json!([]));
    assert!(!svc.path("masked/tables").exists(), "no unmasked tables beside masked files");
    // An earlier full export into the same directory does not survive as restorable.
    svc.run(&["export", "dump"]).ok();
    svc.run(&["export", "dump", "--redact", "--force"]).ok();
    assert!(!svc.path("dump/tables").exists(), "the earlier unmasked tables are gone");
    let other = Svc::new();
    for dir in ["masked", "dump"] {
        other.run(&["import", svc.path(dir).to_str().unwrap()]).code(4).stderr_has("--redact");
    }
    other.run(&["customer", "list"]).ok().stdout_is("");
}

#[test]
fn r8_1_1_a_dump_of_another_schema_version_is_refused() {
    let (_svc, dump) = exported();
    let path = dump.join("manifest.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut m: serde_json::Value = serde_json::from_str(&text).unwrap();
    m["schema_version"] = serde_json::json!(m["schema_version"].as_i64().unwrap() - 1);
    std::fs::write(&path, serde_json::to_string(&m).unwrap()).unwrap();
    let other = Svc::new();
    other.run(&["import", dump.to_str().unwrap()]).code(4).stderr_has("same svc version");
    other.run(&["customer", "list"]).ok().stdout_is("");
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn r8_2_2_a_tampered_or_truncated_dump_is_refused_and_writes_nothing() {
    let (svc, dump) = exported();
    let other = Svc::new();
    // A changed value.
    let customers = dump.join("tables/customers.jsonl");
    let original = std::fs::read_to_string(&customers).unwrap();
    std::fs::write(&customers, original.replacen("C0001", "C0009", 1)).unwrap();
    other.run(&["import", dump.to_str().unwrap()]).code(5).stderr_has("does not match the manifest");
    std::fs::write(&customers, &original).unwrap();
    // A file cut short.
    let history = dump.join("tables/history.jsonl");
    let text = std::fs::read_to_string(&history).unwrap();
    let cut = &text[..text.trim_end().rfind('\n').unwrap() + 1];
    std::fs::write(&history, cut).unwrap();
    other.run(&["import", dump.to_str().unwrap()]).code(5).stderr_has("history.jsonl does not match");
    std::fs::write(&history, &text).unwrap();
    // A file missing.
    std::fs::rename(dump.join("tables/stock.jsonl"), svc.path("stock.jsonl")).unwrap();
    other.run(&["import", dump.to_str().unwrap()]).code(1).stderr_has("stock.jsonl");
    std::fs::rename(svc.path("stock.jsonl"), dump.join("tables/stock.jsonl")).unwrap();
    other.run(&["customer", "list"]).ok().stdout_is("");
    // A balance changed with its hash forged: the checks of 'db check' catch it before
    // the commit, and nothing is written.
    let stock = dump.join("tables/stock.jsonl");
    let text = std::fs::read_to_string(&stock).unwrap();
    let mut lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let qty = lines[0].as_array().unwrap().len() - 1;
    lines[0][qty] = serde_json::json!(lines[0][qty].as_i64().unwrap() + 1);
    let forged: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&stock, &forged).unwrap();
    let path = dump.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for t in m["tables"].as_array_mut().unwrap() {
        if t["name"] == "stock" {
            t["sha256"] = serde_json::json!(sha256(forged.as_bytes()));
        }
    }
    std::fs::write(&path, serde_json::to_string(&m).unwrap()).unwrap();
    other.run(&["import", dump.to_str().unwrap()]).code(5).stderr_has("stock balance");
    other.run(&["customer", "list"]).ok().stdout_is("");
    other.run(&["db", "check"]).ok();
}

/// Preventive maintenance (R1.2): plans, a contract, an override, a meter reading, a
/// visit with a part, signed, and a legacy record.
fn maintenance(svc: &Svc) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/maintenance");
    for f in ["patient-monitor.yaml", "ventilator.yaml"] {
        svc.run(&["maint", "plan", "import", dir.join(f).to_str().unwrap()]).ok();
    }
    let k = ["maint", "contract", "add", "--customer", "C0001", "--starts-on", "2026-01-01", "--ends-on", "2026-12-31"];
    svc.run(&[&k[..], &["--coverage", "pm", "--equipment", "00012346"]].concat()).ok();
    svc.run(&["maint", "override", "0099-A", "--plan", "PM-VENT", "--technician", "E001", "--reason", "合同"]).ok();
    svc.run(&["maint", "meter", "0099-A", "1200"]).ok();
    let mut visit = vec!["maint", "record", "--equipment", "00012345", "--plan", "PM-MONITOR", "--by", "E002"];
    for v in ["visual=pass", "pe_resistance=0.1", "leakage_equipment=90", "leakage_applied=10", "alarms=pass"] {
        visit.extend(["--value", v]);
    }
    visit.extend(["--value", "spo2_error=1", "--value", "nibp_error=1", "--part", "0100:1"]);
    let v = code(svc.run(&visit));
    svc.run(&["maint", "sign", &v, "--by", "王主任"]).ok();
    svc.write("maint.csv", "code,serial_no,plan_code,done_on\nBY-1,00012346,PM-MONITOR,2025-06-01\n");
    svc.run(&["maint", "import", "maint.csv"]).ok();
}
