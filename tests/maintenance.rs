//! Preventive maintenance (R1.2 维修保养): plans per model, versioned and never changed;
//! schedules from installation or the last visit; the due list by trip; grace windows per
//! risk class; meter-based intervals; retired devices; visits whose failed checks open a
//! ticket; parts leaving stock; the signed maintenance report. The clock is
//! common::NOW, 2026-03-05 10:00 (Asia/Shanghai).

mod common;
use common::*;

fn plan(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/maintenance")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

/// The example customers, devices, staff, parts and stock, with the three example plans.
/// PM-9000 monitors 00012345 and 00012346 (C0001, installed 2019-05-10) fall under
/// PM-MONITOR (12 months, medium risk); ventilator 0099-A (C0008, installed 2024-02-29)
/// under PM-VENT (6 months or 5000 h, high risk).
fn planned() -> Svc {
    let svc = stocked();
    for f in ["patient-monitor.yaml", "ventilator.yaml", "infusion-pump.yaml"] {
        svc.run(&["maint", "plan", "import", &plan(f)]).ok();
    }
    svc
}

const MONITOR_OK: &[&str] = &[
    "--value",
    "visual=pass",
    "--value",
    "pe_resistance=0.12",
    "--value",
    "leakage_equipment=180",
    "--value",
    "leakage_applied=20",
    "--value",
    "alarms=pass",
    "--value",
    "spo2_error=1",
    "--value",
    "nibp_error=2",
];

fn record(svc: &Svc, serial: &str, extra: &[&str]) -> Run {
    let head = ["maint", "record", "--equipment", serial, "--plan", "PM-MONITOR", "--by", "E002"];
    svc.run(&[&head[..], MONITOR_OK, extra].concat())
}

/// (serial, plan, due, state) of each row of a due listing.
fn due_rows(run: Run) -> Vec<(String, String, String, String)> {
    csv_rows(&run.stdout).iter().skip(1).map(|r| (r[5].clone(), r[8].clone(), r[10].clone(), r[12].clone())).collect()
}

#[test]
fn r1_2_a_plan_is_versioned_and_a_version_never_changes() {
    let svc = stocked();
    let file = plan("patient-monitor.yaml");
    svc.run(&["maint", "plan", "import", &file]).ok().stdout_is("PM-MONITOR\n").stderr_has("v1 imported; 2 device(s)");
    // The same plan, laid out differently, is the same version.
    let text = std::fs::read_to_string(&file).unwrap();
    svc.write("same.yaml", format!("# re-saved by the planner\n{text}"));
    svc.run(&["maint", "plan", "import", "same.yaml"]).ok().stderr_has("PM-MONITOR is unchanged (v1)");
    // A changed limit is the next version; the first stays as it was.
    svc.write("v2.yaml", text.replace("max: 500", "max: 400"));
    svc.run(&["maint", "plan", "import", "v2.yaml"]).ok().stderr_has("PM-MONITOR v2 imported");
    let versions = csv_rows(&svc.stdout(&["maint", "plan", "versions", "PM-MONITOR"]));
    assert_eq!(versions.len(), 3, "{versions:?}");
    let v1 = svc.stdout(&["--format", "json", "maint", "plan", "show", "PM-MONITOR", "--version", "1"]);
    assert!(v1.contains("\"max\": 500.0"), "{v1}");
    // Enforced by the database, not only by svc.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let e = conn.execute("UPDATE maint_plans SET risk = 'low' WHERE code = 'PM-MONITOR'", []).unwrap_err();
    assert!(e.to_string().contains("never changed"), "{e}");
    let e = conn.execute("DELETE FROM maint_plans", []).unwrap_err();
    assert!(e.to_string().contains("kept"), "{e}");
}

#[test]
fn r1_2_a_bad_plan_is_refused_with_each_problem_and_nothing_written() {
    let svc = stocked();
    let text = std::fs::read_to_string(plan("ventilator.yaml")).unwrap();
    let bad = text.replace("risk: high", "risk: critical").replace("  unit: hours\n", "").replace("max: 0.3", "");
    svc.write("bad.yaml", bad);
    svc.run(&["maint", "plan", "import", "bad.yaml"])
        .code(5)
        .stderr_has("risk \"critical\" must be high, medium or low")
        .stderr_has("a meter interval needs its unit")
        .stderr_has("item pe_resistance: a measurement needs its unit and a min and/or max");
    svc.write("parts.yaml", text.replace("\"0100\"", "\"NOPE\""));
    svc.run(&["maint", "plan", "import", "parts.yaml"]).code(5).stderr_has("parts not in the catalogue: NOPE");
    svc.run(&["maint", "plan", "list"]).ok().stdout_is("");
}

#[test]
fn r1_2_schedules_count_from_installation_then_from_each_visit_early_or_late() {
    let svc = planned();
    // A monitor installed 2025-04-20 is due 2026-04-20: outside 30 days, inside 60.
    let add = ["equipment", "add", "--serial-no", "NEW-1", "--model", "PM-9000", "--manufacturer", "迈瑞"];
    svc.run(&[&add[..], &["--customer", "C0003", "--installed-on", "2025-04-20"]].concat()).ok();
    let soon = due_rows(svc.run(&["maint", "due", "--within", "60d"]).ok());
    assert!(soon.contains(&("NEW-1".into(), "PM-MONITOR".into(), "2026-04-20".into(), "due".into())), "{soon:?}");
    let month = due_rows(svc.run(&["maint", "due", "--within", "30d"]).ok());
    assert!(!month.iter().any(|r| r.0 == "NEW-1"), "{month:?}");
    // An early visit (2026-03-01) moves the next to 2027-03-01.
    let early = code(record(&svc, "NEW-1", &["--at", "2026-03-01 09:00"]));
    assert_eq!(early, "MV-000001");
    let schedule = csv_rows(&svc.stdout(&["maint", "schedule", "--equipment", "NEW-1"]));
    assert_eq!(&schedule[1][4..6], ["2027-03-01", "visit"]);
    // A late one (due 2020-05-10, done today) counts from today.
    record(&svc, "00012345", &[]).ok().stderr_has("every check passed; next due 2027-03-05");
    let left = due_rows(svc.run(&["maint", "due", "--within", "400d", "--customer", "C0001"]).ok());
    assert_eq!(
        left,
        [
            ("00012346".into(), "PM-MONITOR".into(), "2020-05-10".into(), "overdue".into()),
            ("00012345".into(), "PM-MONITOR".into(), "2027-03-05".into(), "due".into()),
        ]
    );
    // A visit cannot be back-dated before the last one.
    record(&svc, "NEW-1", &["--at", "2026-02-01 09:00"]).code(5).stderr_has("the last maintenance under this plan");
}

#[test]
fn r1_2_grace_windows_follow_the_risk_class_and_high_risk_comes_first() {
    let svc = planned();
    let pin = |serial: &str, plan: &str, day: &str| {
        let args = ["maint", "override", serial, "--plan", plan, "--next-due", day, "--reason", "科室安排"];
        svc.run(&args).ok();
    };
    pin("0099-A", "PM-VENT", "2026-03-01");
    pin("00012345", "PM-MONITOR", "2026-02-10");
    pin("00012346", "PM-MONITOR", "2026-01-20");
    // Today: the ventilator is 4 days late (grace 7), the monitors 23 and 44 (grace 30).
    let rows = due_rows(svc.run(&["maint", "due", "--within", "0d"]).ok());
    let states: Vec<(&str, &str)> = rows.iter().map(|r| (r.0.as_str(), r.3.as_str())).collect();
    assert_eq!(states, [("00012346", "overdue"), ("00012345", "grace"), ("0099-A", "grace")]);
    let overdue = due_rows(svc.run(&["maint", "overdue", "--exit-code"]).code(1));
    assert_eq!(overdue.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["00012346"]);
    // Four days on, the ventilator is past its week: high risk first, on its own trip.
    let later = svc.run_env(&["maint", "overdue"], &[("SVC_NOW", "2026-03-09 10:00")]).ok();
    let trips: Vec<(String, String)> =
        csv_rows(&later.stdout).iter().skip(1).map(|r| (r[0].clone(), r[5].clone())).collect();
    assert_eq!(trips, [("1".into(), "0099-A".into()), ("2".into(), "00012346".into())]);
}

#[test]
fn r1_2_a_meter_interval_is_due_when_reached_or_at_the_projected_day() {
    let svc = planned();
    let vent = [
        "maint",
        "record",
        "--equipment",
        "0099-A",
        "--plan",
        "PM-VENT",
        "--by",
        "E001",
        "--value",
        "visual=pass",
        "--value",
        "pe_resistance=0.1",
        "--value",
        "leakage_equipment=90",
        "--value",
        "self_test=pass",
        "--value",
        "tidal_volume_error=4",
        "--value",
        "o2_error=1",
        "--value",
        "peep_error=0.5",
        "--value",
        "alarms=pass",
        "--value",
        "battery=45",
        "--meter",
        "1000",
        "--at",
        "2026-03-01 10:00",
    ];
    svc.run(&vent).ok().stderr_has("next due 2026-09-01");
    // 2000 hours in 4 days: the other 3000 take 6 more days.
    svc.run(&["maint", "meter", "0099-A", "3000"]).ok().stderr_has("next maintenance due 2026-03-11");
    // Reached: due on the day of the reading.
    svc.run_env(&["maint", "meter", "0099-A", "6100"], &[("SVC_NOW", "2026-03-08 10:00")])
        .ok()
        .stderr_has("next maintenance due 2026-03-08");
    let s = csv_rows(&svc.stdout(&["maint", "schedule", "--equipment", "0099-A"]));
    assert_eq!(&s[1][4..6], ["2026-03-08", "meter"]);
    // A meter counts up only.
    svc.run_env(&["maint", "meter", "0099-A", "5000"], &[("SVC_NOW", "2026-03-09 10:00")])
        .code(5)
        .stderr_has("a meter only counts up");
}

#[test]
fn r1_2_a_retired_device_drops_out_of_the_lists() {
    let svc = planned();
    svc.run(&["equipment", "edit", "00012346", "--status", "retired"]).ok();
    let rows = due_rows(svc.run(&["maint", "due", "--within", "400d"]).ok());
    assert!(!rows.iter().any(|r| r.0 == "00012346"), "{rows:?}");
    assert!(rows.iter().any(|r| r.0 == "00012345"), "{rows:?}");
    svc.run(&["due", "--kind", "maintenance"]).ok().stdout_has("00012345").stdout_has("R1.2");
    assert!(!svc.stdout(&["due", "--kind", "maintenance"]).contains("00012346"));
    record(&svc, "00012346", &[]).code(4).stderr_has("device 00012346 is retired");
}

#[test]
fn r1_2_a_failed_check_opens_a_fault_ticket_linked_to_the_visit() {
    let svc = planned();
    let failing: Vec<&str> =
        MONITOR_OK.iter().map(|v| if *v == "leakage_equipment=180" { "leakage_equipment=620" } else { v }).collect();
    let head = ["maint", "record", "--equipment", "00012345", "--plan", "PM-MONITOR", "--by", "E002"];
    let run = svc.run(&[&head[..], &failing[..]].concat()).ok();
    assert_eq!(run.stdout, "MV-000001\n");
    assert!(run.stderr.contains("checks FAILED (leakage_equipment=620 (≤ 500 µA)); fault ticket T-000001 opened"));
    let ticket = svc.stdout(&["--format", "json", "ticket", "show", "T-000001"]);
    assert!(ticket.contains("maintenance MV-000001 (PM-MONITOR): check failed"), "{ticket}");
    assert!(ticket.contains("\"fault\""), "{ticket}");
    let visits = csv_rows(&svc.stdout(&["maint", "visits"]));
    assert_eq!(&visits[1][7..9], ["failed", "T-000001"]);
    // The report says so.
    svc.run(&["maint", "show", "MV-000001", "--print"])
        .ok()
        .stdout_has("): FAILED")
        .stdout_has("| Equipment leakage current, direct method | 620 µA | ≤ 500 µA | FAIL |")
        .stdout_has("fault ticket T-000001 was opened");
    // The device's history names the failed check and the ticket it opened.
    let history = csv_rows(&svc.stdout(&["equipment", "history", "00012345"]));
    let visit = history.iter().find(|r| r[0] == "MV-000001").expect("the visit in the device's history");
    assert_eq!(
        (visit[1].as_str(), visit[3].as_str(), visit[5].as_str()),
        ("T-000001", "maintenance", "Equipment leakage current, direct method")
    );
    // A value that is not a verdict is refused, nothing written.
    record(&svc, "00012346", &["--value", "visual=maybe"]).code(5);
    let broken: Vec<&str> = MONITOR_OK.iter().map(|v| if *v == "alarms=pass" { "alarms=perhaps" } else { v }).collect();
    svc.run(
        &[&["maint", "record", "--equipment", "00012346", "--plan", "PM-MONITOR", "--by", "E002"][..], &broken[..]]
            .concat(),
    )
    .code(5)
    .stderr_has("alarms=perhaps: a check is pass or fail");
    assert_eq!(csv_rows(&svc.stdout(&["maint", "visits"])).len(), 2);
}

#[test]
fn r1_2_parts_used_leave_stock_through_the_ledger_never_below_zero() {
    let svc = planned();
    // Two 0205 battery packs are on hand in lot B2501 (expiring first), one in B2507.
    record(&svc, "00012345", &["--part", "0205:1", "--hours", "1.5"]).ok();
    let ledger = svc.stdout(&["parts", "ledger", "0205"]);
    assert!(ledger.contains("issue") && ledger.contains("MV-000001") && ledger.contains("maintenance"), "{ledger}");
    let stock = svc.stdout(&["parts", "stock", "--part", "0205"]);
    assert!(stock.contains("B2501,2027-01-15,1"), "first expiry first out: {stock}");
    // More than is on hand: refused whole, the visit not recorded either.
    record(&svc, "00012346", &["--part", "0205:5"])
        .code(4)
        .stderr_has("not enough 0205 in stock for 5: 2 usable; nothing was recorded");
    assert_eq!(csv_rows(&svc.stdout(&["maint", "visits"])).len(), 2);
    svc.run(&["maint", "show", "MV-000001", "--print"]).ok().stdout_has("| 0205 | 电池组 | B2501 | 1 |");
    // The device's history shows the visit beside its repairs (issue 15).
    let history = csv_rows(&svc.stdout(&["equipment", "history", "00012345"]));
    let visit = history.iter().find(|r| r[0] == "MV-000001").expect("the visit in the device's history");
    assert_eq!((visit[3].as_str(), visit[5].as_str(), visit[6].as_str()), ("maintenance", "", "0205 x1"), "{visit:?}");
}

#[test]
fn r1_2_the_signed_maintenance_report_is_frozen() {
    let svc = planned();
    record(&svc, "00012345", &["--part", "0100:2"]).ok();
    svc.run(&["maint", "verify", "MV-000001"]).code(4).stderr_has("not signed yet");
    svc.run(&["maint", "sign", "MV-000001", "--by", "王主任"]).ok().stderr_has("signed by 王主任; frozen (SHA-256");
    svc.run(&["maint", "verify", "MV-000001"]).ok().stdout_has("unchanged since signing");
    svc.run(&["maint", "sign", "MV-000001", "--by", "李科长"]).code(4).stderr_has("a signed report never changes");
    let html = svc.stdout(&["--format", "html", "maint", "show", "MV-000001", "--print"]);
    assert!(html.contains("王主任") && html.contains("<h1>Maintenance report MV-000001</h1>"), "{html}");
    // The same signed report printed for the hospital in Chinese (issue 10): the words
    // change, the facts and their hash do not.
    let zh = svc.stdout(&["--lang", "zh-CN", "--format", "md", "maint", "show", "MV-000001", "--print"]);
    for said in ["# 预防性维护保养报告 MV-000001", "状态：已签字确认", "## 更换备件", "## 客户签字", "王主任"]
    {
        assert!(zh.contains(said), "{said:?} missing:\n{zh}");
    }
    assert!(!zh.contains("Maintenance report") && !zh.contains("Parts replaced"), "{zh}");
    svc.run(&["--lang", "zh-CN", "maint", "verify", "MV-000001"]).ok();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    for sql in [
        "UPDATE maint_signed SET document = '{}'",
        "DELETE FROM maint_signed",
        "UPDATE maint_visits SET passed = 1",
        "DELETE FROM maint_visits",
        "DELETE FROM maint_visit_parts",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql} must be refused");
    }
}

#[test]
fn r1_2_the_due_list_filters_by_province_technician_and_shows_contracts() {
    let svc = planned();
    let add = ["maint", "contract", "add", "--customer", "C0001", "--starts-on", "2026-01-01"];
    let k = code(
        svc.run(&[&add[..], &["--ends-on", "2026-12-31", "--coverage", "pm_parts", "--technician", "E002"]].concat()),
    );
    assert_eq!(k, "SC-000001");
    let rows = csv_rows(&svc.stdout(&["maint", "due", "--technician", "E002"]));
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(&rows[1][15..18], ["SC-000001", "pm_parts", "E002"]);
    let shaanxi = due_rows(svc.run(&["maint", "due", "--province", "陕西"]).ok());
    assert_eq!(shaanxi.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["0099-A"]);
    svc.run(&["maint", "due", "--province", "西藏", "--exit-code"]).ok().stdout_is("");
    svc.run(&[&add[..], &["--ends-on", "2025-12-31", "--coverage", "pm"]].concat())
        .code(5)
        .stderr_has("ends (2025-12-31) before it starts");
    svc.run(&["maint", "contract", "list", "--ending-within", "400d"]).ok().stdout_has("SC-000001,C0001");
}

#[test]
fn r1_2_an_excluded_device_leaves_the_plan_and_an_interval_override_applies() {
    let svc = planned();
    let base = ["maint", "override", "00012345", "--plan", "PM-MONITOR"];
    svc.run(&[&base[..], &["--exclude", "--reason", "医院自行保养"]].concat()).ok();
    assert!(!svc.stdout(&["maint", "due"]).contains("00012345"));
    svc.run(&[&base[..], &["--include", "--interval-months", "6", "--reason", "合同约定每半年一次"]].concat()).ok();
    record(&svc, "00012345", &[]).ok().stderr_has("next due 2026-09-05");
    svc.run(&["history", "00012345"]).ok().stdout_has("override");
    svc.run(&[&base[..], &["--reason", " "]].concat()).code(5).stderr_has("--reason");
}

#[test]
fn r1_2_legacy_maintenance_records_start_the_schedule_from_the_true_last_visit() {
    let svc = planned();
    svc.write(
        "legacy.csv",
        "code,serial_no,plan_code,done_on,technician,result,notes\n\
         BY-2025-001,00012345,PM-MONITOR,2025-06-12,张工,passed,年度保养\n\
         BY-2025-002,NOPE,PM-VENT,2025-11-03,赵工,passed,\n\
         BY-2025-003,00012346,PM-VENT,2025-11-03,赵工,passed,\n\
         BY-2025-004,00012346,PM-MONITOR,2027-01-01,,passed,\n",
    );
    svc.run(&["maint", "import", "legacy.csv"])
        .code(5)
        .stderr_has("line 3: serial_no: no device NOPE")
        .stderr_has("line 4: plan_code: device 00012346 is a PM-9000: plan PM-VENT is for VENT-5")
        .stderr_has("line 5: done_on: 2027-01-01 is in the future");
    svc.run(&["maint", "import", "legacy.csv", "--rejects", "rejects.csv"]).ok().stderr_has("inserted 1");
    assert_eq!(csv_rows(&String::from_utf8(svc.read("rejects.csv")).unwrap()).len(), 4);
    let s = csv_rows(&svc.stdout(&["maint", "schedule", "--equipment", "00012345"]));
    assert_eq!(&s[1][4..7], ["2026-06-12", "visit", "2025-06-12"]);
    // The archive is never changed, and exports beside svc's own visits.
    svc.write("fix.csv", "code,serial_no,plan_code,done_on\nBY-2025-001,00012345,PM-MONITOR,2025-07-01\n");
    svc.run(&["maint", "import", "fix.csv", "--mode", "upsert"]).code(5).stderr_has("never changed");
    record(&svc, "00012346", &[]).ok();
    let export = csv_rows(&svc.stdout(&["maint", "export"]));
    let codes: Vec<&str> = export.iter().skip(1).map(|r| r[0].as_str()).collect();
    assert_eq!(codes, ["BY-2025-001", "MV-000001"]);
}

#[test]
fn r1_2_completion_rate_per_month_and_risk_class_and_parts_for_the_maintenance_due() {
    let svc = planned();
    let pin = |serial: &str, plan: &str, day: &str| {
        svc.run(&["maint", "override", serial, "--plan", plan, "--next-due", day, "--reason", "排程"]).ok();
    };
    pin("00012345", "PM-MONITOR", "2026-02-01");
    pin("00012346", "PM-MONITOR", "2026-02-20");
    pin("0099-A", "PM-VENT", "2026-02-10");
    // 00012345 done 2026-03-04: 31 days after its due day, past the 30-day grace: late.
    record(&svc, "00012345", &["--at", "2026-03-04 09:00"]).ok();
    // 00012346 done within grace; the ventilator is still open.
    record(&svc, "00012346", &["--at", "2026-03-02 09:00"]).ok();
    let kpi = svc.stdout(&["maint", "kpi", "--since", "2026-02-01", "--until", "2026-02-28"]);
    assert_eq!(kpi, "month,risk,due,on_time,late,open,rate\n2026-02,high,1,0,0,1,0.0\n2026-02,medium,2,1,1,0,50.0\n");
    // Parts: the ventilator's plan replaces two 0100 fuses; the monitors are done.
    let parts = csv_rows(&svc.stdout(&["maint", "parts", "--within", "0d"]));
    assert_eq!(parts[1], ["0100", "保险丝", "2", "1", "40", "0"]);
}

/// An iCalendar file read as RFC 5545 says: lines unfolded, each `NAME[;PARAMS]:VALUE`,
/// components nested by BEGIN/END. Returns the VEVENTs' properties.
fn vevents(text: &str) -> Vec<Vec<(String, String)>> {
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF line ends only");
    let unfolded = text.replace("\r\n ", "");
    let (mut stack, mut events, mut current) = (Vec::new(), Vec::new(), Vec::new());
    for l in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let (name, value) = l.split_once(':').unwrap_or_else(|| panic!("not a content line: {l:?}"));
        match name {
            "BEGIN" => stack.push(value.to_string()),
            "END" => {
                assert_eq!(stack.pop().as_deref(), Some(value), "END:{value} closes what was opened");
                if value == "VEVENT" {
                    events.push(std::mem::take(&mut current));
                }
            }
            _ if stack.last().map(String::as_str) == Some("VEVENT") => {
                current.push((name.to_string(), value.to_string()))
            }
            _ => {}
        }
    }
    assert!(stack.is_empty(), "every component is closed");
    events
}

#[test]
fn r1_2_the_due_list_as_an_icalendar_file_one_event_per_trip() {
    let svc = planned();
    svc.run(&["maint", "override", "0099-A", "--plan", "PM-VENT", "--next-due", "2026-03-20", "--reason", "排程"]).ok();
    svc.run(&["maint", "due", "--within", "30d", "--ics", "trips.ics"]).ok();
    // Issue 9: the calendar file is never written over without --force, nor over the database.
    svc.run(&["maint", "due", "--within", "30d", "--ics", "trips.ics"]).code(2).stderr_has("--force");
    svc.run(&["maint", "due", "--ics", svc.db.to_str().unwrap()]).code(2);
    svc.run(&["maint", "due", "--within", "30d", "--ics", "trips.ics", "--force"]).ok();
    let text = String::from_utf8(svc.read("trips.ics")).unwrap();
    let events = vevents(&text);
    assert_eq!(events.len(), 2, "{text}");
    let get = |e: &Vec<(String, String)>, k: &str| e.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap();
    // The late monitors' trip first, on today; the ventilator on its pinned day.
    assert_eq!(get(&events[0], "DTSTART;VALUE=DATE"), "20260305");
    assert!(get(&events[0], "SUMMARY").contains("北京市第一人民医院 (2 device(s)\\, 3.0 h)"));
    assert!(get(&events[0], "DESCRIPTION").contains("00012345"));
    assert_eq!(get(&events[1], "DTSTART;VALUE=DATE"), "20260320");
    assert_eq!(get(&events[1], "DTEND;VALUE=DATE"), "20260321");
    for e in &events {
        assert!(get(e, "UID").ends_with("@svc") && get(e, "DTSTAMP") == "20260305T020000Z");
    }
}

#[test]
fn r1_2_the_demo_shows_the_maintenance_due_and_a_signed_maintenance_report() {
    let svc = Svc::bare();
    let run = svc
        .run(&["demo"])
        .ok()
        .stderr_has("MV-000001: maintenance plans imported, a monitor's preventive maintenance done and signed");
    let out = &run.stdout;
    let due = out.split("== Preventive maintenance due within 30 days").nth(1).expect("the due list is shown");
    let due = due.split("\n== ").next().unwrap();
    // The monitor just maintained is not due; its sister device and the ventilator are.
    assert!(due.contains("0099-A") && due.contains("00012346"), "{due}");
    assert!(!due.contains("00012345"), "{due}");
    let report = out.split("== Maintenance report MV-000001").nth(1).expect("the report is shown");
    assert!(report.contains("Status: signed") && report.contains("| 0205 | 电池组 | B2501 | 1 |"), "{report}");
}

/// The unescaped text of a property value (RFC 5545 3.3.11).
fn unescape(v: &str) -> String {
    v.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
}

#[test]
fn r1_2_format_ics_writes_the_calendar_to_stdout_or_to_o_file_folded_and_escaped() {
    let svc = planned();
    // A hospital whose name holds a comma and a semicolon, with a ventilator due in its grace window.
    let name = "协和医院,东院;特需医疗部（呼吸与危重症医学科）";
    let add = [
        "customer",
        "add",
        "--code",
        "C0100",
        "--name",
        name,
        "--type",
        "hospital",
        "--province",
        "北京",
        "--city",
        "北京",
    ];
    svc.run(&add).ok();
    let dev = ["equipment", "add", "--serial-no", "VX-7", "--model", "VENT-5", "--customer-code", "C0100"];
    svc.run(&[&dev[..], &["--manufacturer", "迈瑞", "--installed-on", "2025-09-01"]].concat()).ok();

    let text = svc.stdout(&["--format", "ics", "maint", "due", "--within", "30d"]);
    // Folded at 75 octets, never inside a character; CRLF line ends (checked by vevents).
    for physical in text.split("\r\n") {
        assert!(physical.len() <= 75, "{physical:?} is {} octets", physical.len());
    }
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{text}");
    let events = vevents(&text);
    let listed = csv_rows(&svc.stdout(&["maint", "due", "--within", "30d"]));
    let trips: std::collections::BTreeSet<&str> = listed.iter().skip(1).map(|r| r[0].as_str()).collect();
    assert_eq!(events.len(), trips.len(), "one event per trip of the listing\n{text}");
    let get = |e: &Vec<(String, String)>, k: &str| e.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap();
    let ours = events.iter().find(|e| get(e, "UID").starts_with("C0100-")).expect("the new hospital's trip");
    let summary = get(ours, "SUMMARY");
    assert!(summary.contains("协和医院\\,东院\\;特需"), "commas and semicolons escaped: {summary}");
    assert_eq!(unescape(&summary), format!("PM {name} (1 device(s), 3.0 h)"));
    assert_eq!(unescape(&get(ours, "LOCATION")), format!("北京 北京 {name}"));
    // An all-day event on the due day, or today when it is already late (2026-03-01 < today).
    assert_eq!(get(ours, "DTSTART;VALUE=DATE"), "20260305");
    assert!(unescape(&get(ours, "DESCRIPTION")).contains("PM-VENT VENT-5 VX-7 (grace, due 2026-03-01, high risk)"));

    // -o FILE: the same calendar through the safe output (never over a file without --force).
    svc.run(&["--format", "ics", "maint", "due", "--within", "30d", "-o", "trips.ics"]).ok().stdout_is("");
    assert_eq!(String::from_utf8(svc.read("trips.ics")).unwrap(), text);
    svc.run(&["--format", "ics", "maint", "due", "--within", "30d", "-o", "trips.ics"]).code(2).stderr_has("--force");
    svc.run(&["maint", "due", "--within", "30d", "-o", "trips.ics", "--force"]).ok();
    assert_eq!(String::from_utf8(svc.read("trips.ics")).unwrap(), text, "a .ics name is the calendar too");
    // -o with another file format writes the listing; a format for reading is refused.
    svc.run(&["maint", "due", "--within", "30d", "-o", "due.csv"]).ok();
    assert_eq!(csv_rows(&String::from_utf8(svc.read("due.csv")).unwrap()), listed);
    svc.run(&["--format", "table", "maint", "due", "-o", "due.txt"]).code(2).stderr_has("-o writes the due list");
    svc.run(&["--format", "ics", "maint", "due", "--ics", "x.ics"]).code(2).stderr_has("give the calendar file once");
    // Other listings have no calendar.
    svc.run(&["--format", "ics", "customer", "list"]).code(2).stderr_has("--format ics is the maintenance due list");
}

#[test]
fn r1_2_show_is_the_visit_record_and_print_the_report_the_customer_signs() {
    let svc = planned();
    record(&svc, "00012345", &["--part", "0100:2", "--hours", "1.5"]).ok();
    // The record, as `repair show` shows one: fields, checks, parts, history.
    let draft = svc.stdout(&["--format", "json", "maint", "show", "MV-000001"]);
    let v: serde_json::Value = serde_json::from_str(&draft).unwrap();
    assert_eq!(
        (v["visit"].as_str(), v["status"].as_str(), v["result"].as_str()),
        (Some("MV-000001"), Some("draft"), Some("pass"))
    );
    assert_eq!(v["checks"].as_array().map(Vec::len), Some(7), "{draft}");
    assert_eq!((v["parts"][0]["part_no"].as_str(), v["parts"][0]["qty"].as_i64()), (Some("0100"), Some(2)));
    assert_eq!(v["timeline"][0]["action"].as_str(), Some("record"));
    assert!(v["signed_by"].is_null() && v["sha256"].is_null());
    svc.run(&["maint", "sign", "MV-000001", "--by", "王主任"]).ok();
    let csv = csv_rows(&svc.stdout(&["maint", "show", "MV-000001"]));
    let field = |k: &str| csv.iter().find(|r| r[0] == k).map(|r| r[1].clone()).unwrap();
    assert_eq!((field("status").as_str(), field("signed_by").as_str()), ("signed", "王主任"));
    assert_eq!(field("sha256").len(), 64);
    assert!(csv.iter().any(|r| r[0] == "timeline" && r[3] == "sign"), "{csv:?}");
    // --print: the signable report, unchanged (Markdown by default); a table or csv is no document.
    svc.run(&["maint", "show", "MV-000001", "--print"]).ok().stdout_has("# Maintenance report MV-000001");
    svc.run(&["--format", "csv", "maint", "show", "MV-000001", "--print"]).code(2).stderr_has("--print");
    svc.run(&["--format", "ics", "maint", "show", "MV-000001"])
        .code(2)
        .stderr_has("--format ics is the maintenance due list");
    svc.run(&["maint", "show", "MV-000009"]).code(3);
}
