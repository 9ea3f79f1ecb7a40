//! R3 and R8.2: the service flow. Tickets with their SLA clocks, repairs from diagnosis
//! to the customer's signature, inspections against protocols, signed reports that
//! the database keeps unchanged, follow-ups and satisfaction surveys.

mod common;
use common::*;

fn protocol(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/protocols").join(name).to_str().unwrap().to_string()
}

/// The example customers, devices and staff, the parts catalogue and the shipped protocols.
fn shop() -> Svc {
    let svc = Svc::with_examples();
    svc.run(&["parts", "import", example("parts.csv").to_str().unwrap()]).ok();
    svc.run(&["repair", "protocol", "import", &protocol("electrical-safety.yaml")]).ok();
    svc.run(&["repair", "protocol", "import", &protocol("functional.yaml")]).ok();
    svc
}

const SAFE: &[&str] = &[
    "--value",
    "visual=pass",
    "--value",
    "pe_resistance=0.12",
    "--value",
    "insulation=50",
    "--value",
    "leakage_equipment=180",
    "--value",
    "leakage_applied=12",
    "--value",
    "functional=pass",
];

fn inspect_safe(svc: &Svc, r: &str) -> Run {
    let mut args = vec!["repair", "inspect", r, "--protocol", "ES-62353", "--instrument", "Fluke ESA615 #4471"];
    args.extend_from_slice(SAFE);
    svc.run(&args)
}

#[test]
fn r3_walks_a_repair_from_the_call_to_the_signed_report_clause_by_clause() {
    let svc = shop();
    svc.run(&["parts", "location", "add", "WH1", "--bin", "B-01"]).ok();
    svc.write("stock.csv", "part_no,location,lot,qty,unit_cost\n0100,WH1/B-01,F-2403,40,1.40\n");
    svc.run(&["parts", "stock", "import", "stock.csv"]).ok();

    // R3.1.1/R3.1.2: the hotline takes the call; customer, model, symptom and the
    // warranty state that day are recorded, and it goes to a technician.
    let t = fault(&svc, "urgent");
    assert_eq!(t, "T-000001");
    let shown = svc.stdout(&["ticket", "show", &t]);
    assert!(shown.contains("model,PM-9000 (迈瑞)") && shown.contains("warranty,expired on 2022-05-09"), "{shown}");
    // R3.2.1: the technician contacts the customer promptly.
    svc.run(&["ticket", "respond", &t, "--note", "已电话联系，约明早上门"]).ok();
    let r = code(svc.run(&["repair", "open", "--ticket", &t]));
    assert_eq!(r, "R-000001");
    // R3.2.1/R3.2.2: a preliminary diagnosis; a complex fault needs an on-site visit.
    svc.run(&[
        "repair",
        "diagnose",
        &r,
        "--finding",
        "电源板无输出",
        "--cause",
        "疑似保险丝熔断",
        "--difficulty",
        "complex",
    ])
    .ok();
    svc.run(&[
        "repair",
        "visit",
        &r,
        "--onsite",
        "--finding",
        "F1、F2保险丝熔断",
        "--tools",
        "万用表, 安规测试仪",
        "--by",
        "E001",
    ])
    .ok();
    // R3.3.1: steps, parts, time and the estimate as parts plus labour.
    svc.run(&[
        "repair",
        "plan",
        &r,
        "--step",
        "更换F1、F2保险丝",
        "--step",
        "通电及安规测试",
        "--part",
        "0100:2",
        "--labour-hours",
        "1.5",
        "--finish-by",
        "2026-03-06",
    ])
    .ok()
    .stderr_has("estimate 303.00 = parts 3.00 + labour 300.00");
    // R3.3.2: work starts only after consent.
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    // R4.3: the parts come from stock on an approved requisition, and count as used.
    let rq = code(svc.run(&["parts", "req", "create", "--repair", &r, "--line", "0100:2", "--by", "E002"]));
    svc.run(&["parts", "req", "approve", &rq, "--by", "E005"]).ok();
    svc.run(&["parts", "req", "issue", &rq]).ok();
    // R3.4.1: functional and electrical safety inspections; verdicts computed.
    inspect_safe(&svc, &r).ok().stderr_has("PASSED");
    svc.run(&[
        "repair",
        "inspect",
        &r,
        "--protocol",
        "FN-MONITOR",
        "--value",
        "power_on=pass",
        "--value",
        "display=pass",
        "--value",
        "battery=pass",
        "--value",
        "spo2_error=1",
        "--value",
        "nibp_error=2",
        "--value",
        "ecg_hr_error=0",
        "--instrument",
        "Fluke ProSim 8",
    ])
    .ok();
    // R3.4.2: the report, then the customer's signature.
    svc.run(&[
        "repair",
        "report",
        &r,
        "--cause",
        "保险丝老化熔断",
        "--process",
        "更换F1、F2保险丝，通电测试正常",
        "--labour-hours",
        "1.5",
    ])
    .ok();
    svc.run_env(&["repair", "sign", &r, "--by", "王主任"], &[("SVC_NOW", "2026-03-05 16:00")]).ok();
    svc.run(&["repair", "verify", &r]).ok().stdout_has("unchanged since signing");

    // R8.2.1: the printed report holds everything a regulator asks of one.
    let report = svc.stdout(&["repair", "report", &r, "--print"]);
    for needle in [
        "北京市第一人民医院 (C0001)",     // customer
        "迈瑞 PM-9000 — serial 00012345", // device: model, serial
        "国械注准20153210001",            // registration number
        "**Warranty at intake**: expired on 2022-05-09",
        "**Reported**: 2026-03-05 10:00:00", // dates
        "**Work started**",
        "李娜 (E002)", // who worked on it
        "张伟 (E001)",
        "**Symptom**: 开机无显示", // fault
        "on-site visit",
        "## Cause\n\n保险丝老化熔断",                        // cause
        "更换F1、F2保险丝，通电测试正常",                    // work done
        "| 0100 | 保险丝 | T2AL 250V 5x20mm | F-2403 | 2 |", // parts replaced, with the lot
        "Protective earth resistance (with detachable mains cord) | 0.12 Ω | ≤ 0.3 Ω | pass", // measured values
        "instrument: Fluke ESA615 #4471",                    // instrument
        "FN-MONITOR",
        "Signed by 王主任 (signature) on 2026-03-05 16:00:00",
        "SHA-256",
    ] {
        assert!(report.contains(needle), "the report lacks {needle:?}:\n{report}");
    }
    assert!(!report.contains("张护士"), "no personal data in a report");
    let html = svc.stdout(&["--format", "html", "repair", "report", &r, "--print"]);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<td>0.12 Ω</td>"));
    let json: serde_json::Value =
        serde_json::from_str(&svc.stdout(&["--format", "json", "repair", "report", &r, "--print"])).unwrap();
    assert_eq!(json["parts_replaced"][0]["lot"], "F-2403");
    assert_eq!(json["status"], "signed");

    // R3.5.1: the follow-up is scheduled 7 days after signing.
    svc.run(&["repair", "followups", "--due-within", "3d"]).ok().stdout_is("");
    let due = svc.run_env(&["repair", "followups", "--due-within", "3d", "--exit-code"], &[("SVC_NOW", "2026-03-10")]);
    assert!(due
        .code(1)
        .stdout
        .contains("R-000001,C0001,北京市第一人民医院,00012345,2026-03-05 16:00:00,2026-03-12,0,E002"));
    // The ticket closes once its repair is signed; the device's history shows the repair.
    svc.run(&["ticket", "close", &t, "--resolution", "已修复并回访"]).ok();
    let history = csv_rows(&svc.stdout(&["equipment", "history", "00012345"]));
    assert_eq!(
        &history[1][..],
        [
            "R-000001",
            "T-000001",
            "2026-03-05 10:00:00",
            "signed",
            "开机无显示",
            "保险丝老化熔断",
            "0100 x2",
            "2026-03-05 16:00:00"
        ]
    );
    svc.run(&["db", "check"]).ok();
}

/// A repair of a fresh fault ticket, diagnosed (simple) and planned with `parts`.
fn planned(svc: &Svc, parts: &[&str]) -> String {
    let t = fault(svc, "normal");
    let r = code(svc.run(&["repair", "open", "--ticket", &t]));
    svc.run(&["repair", "diagnose", &r, "--finding", "x"]).ok();
    let mut args = vec!["repair", "plan", r.as_str(), "--step", "修", "--labour-hours", "1"];
    for p in parts {
        args.extend(["--part", p]);
    }
    svc.run(&args).ok();
    r
}

#[test]
fn r3_every_move_out_of_order_is_refused_with_what_comes_first() {
    let svc = shop();
    let t = fault(&svc, "normal");
    let r = code(svc.run(&["repair", "open", "--ticket", &t]));
    // A plan needs a diagnosis.
    svc.run(&["repair", "plan", &r, "--step", "x", "--labour-hours", "1"]).code(4).stderr_has("diagnose it first");
    // A complex fault needs an on-site visit before the plan (R3.2.2).
    svc.run(&["repair", "diagnose", &r, "--finding", "x", "--difficulty", "complex"]).ok();
    svc.run(&["repair", "plan", &r, "--step", "x", "--labour-hours", "1"]).code(4).stderr_has("on-site visit");
    svc.run(&["repair", "visit", &r, "--finding", "remote"]).ok();
    svc.run(&["repair", "plan", &r, "--step", "x", "--labour-hours", "1"]).code(4).stderr_has("on-site visit");
    svc.run(&["repair", "visit", &r, "--onsite", "--finding", "x"]).ok();
    svc.run(&["repair", "plan", &r, "--step", "x", "--part", "0100:1", "--labour-hours", "1"]).ok();
    // No start without consent (R3.3.2).
    svc.run(&["repair", "start", &r]).code(4).stderr_has("only after the customer consents");
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "fax"]).code(2);
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "email"]).ok();
    svc.run(&["repair", "use-part", &r, "0100", "--qty", "1"]).code(4).stderr_has("started first");
    svc.run(&["repair", "start", &r]).ok();
    // Parts beyond the consented plan.
    svc.run(&["repair", "use-part", &r, "0100", "--qty", "2"]).code(4).stderr_has("allows 1 of part 0100");
    svc.run(&["repair", "use-part", &r, "0013", "--qty", "1"]).code(4).stderr_has("not in the consented plan");
    svc.run(&["repair", "use-part", &r, "0100", "--qty", "1"]).ok();
    // The report waits for a passing inspection.
    svc.run(&["repair", "report", &r, "--cause", "x", "--process", "y", "--labour-hours", "1"])
        .code(4)
        .stderr_has("passing inspection");
    let mut failing = vec!["repair", "inspect", r.as_str(), "--protocol", "ES-62353"];
    failing.extend_from_slice(SAFE);
    *failing.iter_mut().find(|a| a.starts_with("pe_resistance")).unwrap() = "pe_resistance=0.45";
    svc.run(&failing).ok().stderr_has("FAILED (pe_resistance=0.45 (≤ 0.3 Ω))");
    svc.run(&["repair", "report", &r, "--cause", "x", "--process", "y", "--labour-hours", "1"]).code(4);
    inspect_safe(&svc, &r).ok();
    // Costs past the consented estimate (labour at 200.00/h + 1.50 of parts > 201.50).
    svc.run(&["repair", "report", &r, "--cause", "x", "--process", "y", "--labour-hours", "2"])
        .code(4)
        .stderr_has("pass the estimate 201.50");
    // The labour ran over: a revised plan, consented, then the work is inspected again.
    svc.run(&["repair", "plan", &r, "--step", "x", "--part", "0100:1", "--labour-hours", "2"]).ok();
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "report", &r, "--cause", "x", "--process", "y", "--labour-hours", "2"])
        .code(4)
        .stderr_has("passing inspection");
    inspect_safe(&svc, &r).ok();
    svc.run(&["repair", "report", &r, "--cause", "x", "--process", "y"]).code(2).stderr_has("--labour-hours");
    svc.run(&["repair", "report", &r, "--cause", "x", "--process", "y", "--labour-hours", "2"]).ok();
    // No signature twice, no step after the signature.
    svc.run(&["repair", "sign", &r, "--by", "王主任"]).ok();
    svc.run(&["repair", "sign", &r, "--by", "王主任"]).code(4).stderr_has("is signed already");
    svc.run(&["repair", "diagnose", &r, "--finding", "again"]).code(4).stderr_has("is signed");
    svc.run(&["repair", "report", &r, "--cause", "x", "--process", "z", "--labour-hours", "1"]).code(4);
    // An enquiry is answered and closed; it does not become a repair.
    let e = code(svc.run(&[
        "ticket",
        "open",
        "--customer",
        "C0002",
        "--channel",
        "online",
        "--kind",
        "enquiry",
        "--symptom",
        "如何校准?",
    ]));
    svc.run(&["ticket", "assign", &e, "--to", "E002"]).ok();
    svc.run(&["repair", "open", "--ticket", &e]).code(4).stderr_has("only a fault");
    svc.run(&["ticket", "close", &e, "--resolution", "已发送校准步骤"]).ok();
    svc.run(&["ticket", "close", &e, "--resolution", "again"]).code(4).stderr_has("closed already");
    // A fault ticket stays open while its repair is.
    let r2 = planned(&svc, &[]);
    let t2 = csv_rows(&svc.stdout(&["repair", "show", &r2]))[2][1].clone();
    svc.run(&["ticket", "close", &t2, "--resolution", "x"]).code(4).stderr_has(&format!("repair {r2} still open"));
    svc.run(&["repair", "decline", &r2, "--reason", "客户报废设备"]).ok();
    svc.run(&["ticket", "close", &t2, "--resolution", "客户放弃维修"]).ok();
    // Unknown records are not found (3), not refused.
    svc.run(&["repair", "start", "R-999999"]).code(3);
    svc.run(&["ticket", "assign", &t2, "--to", "NOBODY"]).code(4);
    svc.run(&["ticket", "reopen", &t2, "--reason", "x"]).ok();
    svc.run(&["ticket", "assign", &t2, "--to", "NOBODY"]).code(3);
}

#[test]
fn r3_3_2_new_problems_need_a_revised_plan_and_new_consent() {
    let svc = shop();
    let r = planned(&svc, &["0100:2"]);
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    svc.run(&["repair", "use-part", &r, "0100", "--qty", "2"]).ok();
    svc.run(&["repair", "use-part", &r, "0205", "--qty", "1"]).code(4).stderr_has("get consent again");
    // The technician finds the battery dead too: plan v2, which the work waits for.
    svc.run(&[
        "repair",
        "plan",
        &r,
        "--step",
        "更换电池",
        "--part",
        "0100:2",
        "--part",
        "0205:1",
        "--labour-hours",
        "2",
        "--estimate",
        "1500",
    ])
    .ok()
    .stderr_has("plan v2, estimate 1500.00 = parts 953.00 + labour 400.00 + other 147.00");
    svc.run(&["repair", "use-part", &r, "0205", "--qty", "1"]).code(4).stderr_has("awaiting_consent");
    svc.run(&["repair", "plan", &r, "--step", "x", "--labour-hours", "2", "--estimate", "100"])
        .code(5)
        .stderr_has("less than");
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "wechat"]).ok();
    svc.run(&["repair", "use-part", &r, "0205", "--qty", "1"]).ok();
    let timeline = svc.stdout(&["--format", "json", "repair", "show", &r]);
    assert_eq!(timeline.matches("\"action\": \"consent\"").count(), 2, "{timeline}");
}

#[test]
fn r3_4_1_parts_are_free_under_warranty_and_inspection_values_are_checked() {
    let svc = shop();
    // SN-77002 (C0007) is under warranty on 2026-03-05.
    let t = code(svc.run(&[
        "ticket",
        "open",
        "--customer",
        "C0007",
        "--equipment",
        "SN-77002",
        "--channel",
        "email",
        "--kind",
        "fault",
        "--symptom",
        "报警",
    ]));
    svc.run(&["ticket", "show", &t]).ok().stdout_has("warranty,under warranty until 2028-07-31");
    svc.run(&["ticket", "assign", &t, "--to", "E001"]).ok();
    let r = code(svc.run(&["repair", "open", "--ticket", &t]));
    svc.run(&["repair", "diagnose", &r, "--finding", "x"]).ok();
    svc.run(&["repair", "plan", &r, "--step", "x", "--part", "0205:1", "--labour-hours", "1"])
        .ok()
        .stderr_has("estimate 200.00 = parts 0.00 + labour 200.00");
    svc.run(&["repair", "consent", &r, "--by", "x", "--method", "signature"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    let inspect = |values: &[&str]| {
        let mut args = vec!["repair", "inspect", r.as_str(), "--protocol", "ES-62353"];
        for v in values {
            args.extend(["--value", v]);
        }
        svc.run(&args)
    };
    inspect(&["visual=pass"]).code(5).stderr_has("no value for pe_resistance");
    inspect(&[
        "visual=maybe",
        "pe_resistance=abc",
        "insulation=1",
        "leakage_equipment=1",
        "leakage_applied=1",
        "functional=pass",
        "bogus=1",
    ])
    .code(5)
    .stderr_has("visual=maybe: a check is pass or fail")
    .stderr_has("pe_resistance=abc: a measurement is a number")
    .stderr_has("bogus is not an item");
    inspect(&[
        "visual=合格",
        "pe_resistance=0.3",
        "insulation=1.5",
        "leakage_equipment=500",
        "leakage_applied=1",
        "functional=ok",
    ])
    .ok()
    .stderr_has("FAILED (insulation=1.5 (≥ 2 MΩ))");
    svc.run(&["--format", "json", "repair", "protocol", "show", "ES-62353"]).ok().stdout_has("pe_resistance");
    svc.run(&["repair", "inspect", &r, "--protocol", "NOPE", "--value", "a=1"]).code(3);
}

#[test]
fn r3_4_2_a_signed_report_is_frozen_by_the_database_and_verified_by_its_hash() {
    let svc = shop();
    let r = planned(&svc, &[]);
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    inspect_safe(&svc, &r).ok();
    svc.run(&["repair", "report", &r, "--cause", "接触不良", "--process", "重新插接", "--labour-hours", "1"]).ok();
    svc.run(&["repair", "verify", &r]).code(4).stderr_has("no signed report");
    svc.run(&["repair", "report", &r, "--print"]).ok().stdout_has("draft, not signed");
    svc.run(&["repair", "sign", &r, "--by", "王主任"]).ok();
    // A correction is an amendment that points at the signed report.
    svc.run(&["repair", "amend", &r, "--note", "接触不良位置为J3"]).ok();
    let printed = svc.stdout(&["repair", "report", &r, "--print"]);
    assert!(printed.contains("## Amendments") && printed.contains("接触不良位置为J3"));
    svc.run(&["repair", "verify", &r]).ok();
    // R8.1.2: the customer's people are masked in a redacted history.
    let redacted = svc.stdout(&["history", &r, "--redact"]);
    assert!(redacted.contains("consent") && !redacted.contains("王主任"), "{redacted}");

    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    for sql in [
        "UPDATE repairs SET status = 'in_repair'",
        "DELETE FROM repairs",
        "UPDATE reports SET cause = 'x'",
        "UPDATE signed_reports SET document = 'x'",
        "DELETE FROM signed_reports",
        "INSERT INTO part_uses(repair_id, part_id, qty, at) SELECT id, 1, 1, 'x' FROM repairs",
        "INSERT INTO diagnoses(repair_id, at, finding, difficulty) SELECT id, 'x', 'x', 'simple' FROM repairs",
        "UPDATE plans SET estimate = 1",
        "UPDATE amendments SET text = 'x'",
    ] {
        let e = conn.execute(sql, []).expect_err(sql);
        assert!(
            e.to_string().contains("signed")
                || e.to_string().contains("never")
                || e.to_string().contains("kept")
                || e.to_string().contains("cannot"),
            "{sql}: {e}"
        );
    }
    // Someone going around svc (dropping the guard) is caught by verify and db check.
    conn.execute_batch(
        "DROP TRIGGER signed_reports_no_update;
         UPDATE signed_reports SET document = replace(document, '重新插接', '更换主板');",
    )
    .unwrap();
    drop(conn);
    svc.run(&["repair", "verify", &r]).code(1).stdout_has("document hash,FAILED");
    svc.run(&["db", "check"]).code(1).stdout_has("signed_reports_no_update");
}

#[test]
fn r3_2_1_sla_breach_is_listed_for_cron_and_stays_recorded_after_close() {
    let svc = shop();
    let t = fault(&svc, "urgent"); // opened 10:00, response due 12:00, resolution due next day 10:00
    svc.run(&["ticket", "list", "--overdue", "--exit-code"]).ok().stdout_is("");
    let at = |time: &str| vec![("SVC_NOW", time.to_string())];
    let run_at = |args: &[&str], time: &str| {
        let env = at(time);
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        svc.run_env(args, &env)
    };
    let late = run_at(&["ticket", "list", "--overdue", "--exit-code"], "2026-03-05 12:30").code(1);
    let rows = csv_rows(&late.stdout);
    assert_eq!(rows[1][0], t);
    assert_eq!(rows[1][10], "response");
    // The response comes late: the breach is recorded.
    run_at(&["ticket", "respond", &t, "--note", "回电"], "2026-03-05 12:30").ok();
    run_at(&["ticket", "list", "--overdue"], "2026-03-05 13:00").ok().stdout_is("");
    let overdue = run_at(&["ticket", "list", "--overdue"], "2026-03-06 10:30").ok();
    assert_eq!(csv_rows(&overdue.stdout)[1][10], "resolution");
    run_at(&["ticket", "close", &t, "--resolution", "已处理"], "2026-03-06 11:00").ok();
    run_at(&["ticket", "list", "--overdue"], "2026-03-06 11:00").ok().stdout_is("");
    let breached = csv_rows(&run_at(&["ticket", "list", "--breached"], "2026-03-07").ok().stdout);
    assert_eq!(&breached[1][5..6], ["closed"]);
    assert_eq!(breached[1][11], "response+resolution");
}

#[test]
fn r3_2_1_time_waiting_on_the_customer_or_parts_does_not_count() {
    let svc = shop();
    let t = fault(&svc, "high"); // response due 14:00, resolution due 2026-03-07 10:00
    let env = |time: &'static str| [("SVC_NOW", time)];
    svc.run_env(&["ticket", "respond", &t, "--note", "x"], &env("2026-03-05 11:00")).ok();
    svc.run_env(&["ticket", "wait", &t, "--reason", "parts"], &env("2026-03-06 10:00")).ok();
    // While waiting, nothing is overdue, however long it takes.
    svc.run_env(&["ticket", "list", "--overdue"], &env("2026-03-09 10:00")).ok().stdout_is("");
    svc.run_env(&["ticket", "note", &t, "配件已到货"], &env("2026-03-09 10:00")).ok();
    svc.run_env(&["ticket", "resume", &t], &env("2026-03-09 10:00")).ok();
    // 24 h were left when it began to wait: the resolution is now due 2026-03-10 10:00.
    let shown = svc.run_env(&["ticket", "show", &t], &env("2026-03-09 10:00")).ok().stdout;
    assert!(shown.contains("resolution_due,2026-03-10 10:00:00"), "{shown}");
    assert!(shown.contains("waited_hours,72.0"), "{shown}");
    svc.run_env(&["ticket", "list", "--overdue"], &env("2026-03-10 09:59")).ok().stdout_is("");
    svc.run_env(&["ticket", "list", "--overdue", "--exit-code"], &env("2026-03-10 10:01")).code(1);
    // A back-dated step may not go before the last one; nor into the future.
    svc.run(&["ticket", "note", &t, "x", "--at", "2026-03-04 09:00"]).code(5).stderr_has("before");
    svc.run(&["ticket", "wait", &t, "--reason", "customer", "--at", "2027-01-01"]).code(5).stderr_has("future");
    svc.run(&["ticket", "resume", &t]).code(4).stderr_has("only a waiting ticket");
    // The timeline shows every step at its own time.
    let timeline = svc.run_env(&["--format", "json", "ticket", "show", &t], &env("2026-03-09 10:00")).ok().stdout;
    let v: serde_json::Value = serde_json::from_str(&timeline).unwrap();
    let actions: Vec<&str> = v["timeline"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["open", "assign", "respond", "wait", "note", "resume"]);
    assert_eq!(v["timeline"][3]["at"], "2026-03-06 10:00:00");
}

#[test]
fn r3_settings_hold_the_sla_targets_and_follow_up_delay() {
    let svc = shop();
    let list = csv_rows(&svc.stdout(&["config", "list"]));
    assert_eq!(list[0], ["key", "value", "default", "help"]);
    assert_eq!(&list[1][..3], ["sla.urgent.response", "2h", "2h"]);
    svc.run(&["config", "set", "sla.urgent.response", "30m"]).ok();
    svc.run(&["config", "get", "sla.urgent.response"]).ok().stdout_is("30m\n");
    svc.run(&["config", "set", "sla.urgent.response", "soon"]).code(5).stderr_has("write a duration");
    svc.run(&["config", "set", "followup_days", "-1"]).code(5);
    svc.run(&["config", "set", "nope", "1"]).code(3).stderr_has("svc config list");
    svc.run(&["config", "set", "followup_days", "3"]).ok();
    svc.run(&["history", "followup_days"]).ok().stdout_has("set");
    let t = fault(&svc, "urgent");
    let shown = svc.stdout(&["ticket", "show", &t]);
    assert!(shown.contains("response_due,2026-03-05 10:30:00"), "{shown}");
}

#[test]
fn r3_5_1_follow_ups_come_due_after_signing_and_are_recorded_once() {
    let svc = shop();
    let r = planned(&svc, &[]);
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    inspect_safe(&svc, &r).ok();
    svc.run(&["repair", "report", &r, "--cause", "x", "--process", "y", "--labour-hours", "1"]).ok();
    svc.run(&["repair", "followup", &r, "--by", "E003", "--satisfaction", "5"])
        .code(4)
        .stderr_has("after the customer has signed");
    svc.run(&["repair", "sign", &r, "--by", "王主任"]).ok();
    let env = |time: &'static str| [("SVC_NOW", time)];
    svc.run_env(&["repair", "followups", "--overdue", "--exit-code"], &env("2026-03-12")).ok().stdout_is("");
    let late = svc.run_env(&["repair", "followups", "--overdue", "--exit-code"], &env("2026-03-14")).code(1);
    assert_eq!(csv_rows(&late.stdout)[1][6], "2", "two days overdue");
    svc.run(&["repair", "followup", &r, "--by", "E003", "--satisfaction", "6"]).code(2);
    svc.run_env(
        &["repair", "followup", &r, "--by", "E003", "--satisfaction", "4", "--nps", "8", "--comment", "满意"],
        &env("2026-03-14"),
    )
    .ok();
    svc.run_env(&["repair", "followups", "--overdue"], &env("2026-03-14")).ok().stdout_is("");
    svc.run(&["repair", "followup", &r, "--by", "E003", "--satisfaction", "5"])
        .code(4)
        .stderr_has("that record stands");
    svc.run(&["--format", "json", "repair", "show", &r]).ok().stdout_has("satisfaction: 4");
}

#[test]
fn r3_5_2_surveys_are_imported_checked_and_listed() {
    let svc = shop();
    svc.write(
        "survey.csv",
        "customer_code,date,channel,respondent,speed,quality,attitude,communication,overall,nps,comment\n\
         C0001,2026-03-01,phone,王主任,5,4,5,4,5,9,响应快\n\
         C0002,2026/3/2,questionnaire,,3,3,4,,3,,\n\
         C0003,2026-03-02,phone,,6,,,,4,,\n\
         C9999,2026-03-02,phone,,,,,,4,,\n",
    );
    svc.run(&["survey", "import", "survey.csv"])
        .code(5)
        .stderr_has("line 4: speed: 6 is above 5")
        .stderr_has("line 5: customer_code: no customer C9999");
    svc.run(&["survey", "import", "survey.csv", "--rejects", "bad.csv"]).ok().stderr_has("inserted 2");
    let rows = csv_rows(&svc.stdout(&["survey", "list"]));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2][..3], ["C0002", "2026-03-02", "questionnaire"]);
    svc.run(&["survey", "list", "--channel", "phone", "--since", "2026-03-01"]).ok().stdout_has("响应快");
    svc.run(&["survey", "export", "--redact"]).ok().stdout_has("王*");
}

#[test]
fn r8_2_tickets_round_trip_through_export_and_import() {
    let svc = shop();
    let t = fault(&svc, "urgent");
    svc.run(&["ticket", "respond", &t, "--note", "x"]).ok();
    svc.run(&[
        "ticket",
        "open",
        "--customer",
        "C0002",
        "--channel",
        "visit",
        "--kind",
        "training",
        "--symptom",
        "培训",
    ])
    .ok();
    let exported = svc.stdout(&["ticket", "export"]);
    let other = shop();
    other.write("t.csv", &exported);
    other.run(&["ticket", "import", "t.csv"]).ok().stderr_has("inserted 2");
    assert_eq!(other.stdout(&["ticket", "export"]), exported);
    other.run(&["ticket", "import", "t.csv", "--mode", "upsert"]).ok().stderr_has("unchanged 2");
    other.write("t2.csv", exported.replace("开机无显示", "黑屏"));
    other
        .run(&["ticket", "import", "t2.csv", "--mode", "upsert"])
        .code(5)
        .stderr_has("changes only through its commands");
    // Legacy rows in local time: a late closing is recorded as a breach.
    other.write(
        "legacy.csv",
        "code,customer_code,serial_no,channel,kind,priority,symptom,opened_at,closed_at,resolution\n\
         OLD-1,C0001,00012345,hotline,fault,urgent,黑屏,2024-05-01 09:00,2024-05-03 09:00,更换电源\n\
         OLD-2,C0001,,hotline,fault,urgent,x,2024-05-01 09:00,2024-04-30 09:00,\n",
    );
    other
        .run(&["ticket", "import", "legacy.csv"])
        .code(5)
        .stderr_has("line 3: resolution: a closed ticket needs its resolution; closed_at: is before opened_at");
    other.run(&["ticket", "import", "legacy.csv", "--rejects", "bad.csv"]).ok();
    other.run(&["ticket", "list", "--breached"]).ok().stdout_has("OLD-1");
}

#[test]
fn r3_protocols_are_checked_on_import_and_never_change_once_used() {
    let svc = shop();
    svc.write("bad.yaml", "code: X\nname: x\nitems:\n  - key: a\n    name: a\n    kind: measure\n  - key: a\n    name: b\n    kind: check\n    max: 3\n");
    svc.run(&["repair", "protocol", "import", "bad.yaml"])
        .code(5)
        .stderr_has("item a: a measurement needs its unit")
        .stderr_has("item key \"a\" appears twice")
        .stderr_has("a check has no unit or limits");
    svc.write("typo.yaml", "code: X\nname: x\nitems: []\nextra: 1\n");
    svc.run(&["repair", "protocol", "import", "typo.yaml"]).code(5).stderr_has("not a protocol");
    svc.run(&["repair", "protocol", "import", &protocol("electrical-safety.yaml")]).ok().stderr_has("unchanged");
    let r = planned(&svc, &[]);
    svc.run(&["repair", "consent", &r, "--by", "x", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    inspect_safe(&svc, &r).ok();
    let changed = std::fs::read_to_string(protocol("electrical-safety.yaml")).unwrap().replace("max: 0.3", "max: 0.2");
    svc.write("es.yaml", changed);
    svc.run(&["repair", "protocol", "import", "es.yaml"]).code(4).stderr_has("new code");
    assert_eq!(csv_rows(&svc.stdout(&["repair", "protocol", "list"])).len(), 3);
}

/// Issue 9: a limit of `.inf` or `.nan` is refused, never read as no limit at all.
#[test]
fn r3_4_1_a_protocol_limit_that_is_not_a_number_is_refused() {
    let svc = shop();
    for (limit, name) in [("max: .inf", "max"), ("min: -.inf", "min"), ("max: .nan", "max")] {
        svc.write(
            "inf.yaml",
            format!("code: INF\nname: x\nitems:\n  - key: leak\n    name: Leakage\n    kind: measure\n    unit: uA\n    {limit}\n"),
        );
        svc.run(&["repair", "protocol", "import", "inf.yaml"])
            .code(5)
            .stderr_has(&format!("item leak: {name} is not a finite number"));
    }
    svc.run(&["repair", "protocol", "show", "INF"]).code(3);
}

#[test]
fn r3_the_cron_listings_stay_on_their_indexes() {
    let svc = shop();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    // The overdue tickets are read from the index of open tickets alone, in code order:
    // no page of the tickets table (issue 17: each one a disk read from a cold cache).
    let plan = svc::ticket::explain_overdue(&conn).unwrap().join("\n");
    assert!(plan.contains("SCAN t USING COVERING INDEX tickets_open_listed"), "{plan}");
    assert!(!plan.contains("TEMP B-TREE") && !plan.contains("SCAN tickets"), "{plan}");
    // Every source of `svc due` (follow-ups among them) finds its items through the
    // indexes it names, with a range on the due column, or reads whole a partial index
    // that holds every column it needs of the pending records only (the open tickets: a
    // few thousand however long the history).
    let partial = |index: &str| {
        let sql: String = conn
            .query_row("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1", [index], |r| r.get(0))
            .unwrap();
        sql.contains(" WHERE ")
    };
    for source in svc::due::SOURCES {
        let plan = svc::due::explain(&conn, source).unwrap().join("\n");
        let mut bounded = plan.contains("<?") || plan.contains(">?");
        for index in source.indexes {
            let read_whole =
                plan.lines().any(|l| l.contains("SCAN ") && l.ends_with(&format!("COVERING INDEX {index}")));
            assert!(
                plan.contains(&format!("INDEX {index} (")) || read_whole && partial(index),
                "{}: {plan}",
                source.kind
            );
            bounded |= read_whole;
        }
        assert!(bounded, "{}: no range on the due column: {plan}", source.kind);
    }
}

#[test]
fn r8_2_1_legacy_repair_records_are_archived_unchanged_and_part_of_the_device_history() {
    let svc = shop();
    let file = example("legacy_repairs_gbk.csv");
    let map = example("legacy_repairs.map.yaml");
    let args = ["repair", "import", file.to_str().unwrap(), "--map", map.to_str().unwrap()];
    svc.run(&args)
        .code(5)
        .stderr_has("line 5: serial_no: no device NOPE-1")
        .stderr_has("line 6: finished_on: 2024-06-30 is before reported_on 2024-07-01");
    let mut with_rejects = args.to_vec();
    with_rejects.extend(["--rejects", "rejects.csv"]);
    svc.run(&with_rejects).ok().stderr_has("inserted 3");
    let history = csv_rows(&svc.stdout(&["equipment", "history", "00012345"]));
    assert_eq!(
        &history[1][..],
        ["WX2023-001", "", "2023-03-02", "archived", "屏幕闪烁", "背光板老化", "背光板 x1", "2023-03-03"]
    );
    // The archive is never changed: not by an upsert, not around svc.
    svc.write("fix.csv", "code,serial_no,reported_on,symptom\nWX2023-001,00012345,2023-03-02,黑屏\n");
    svc.run(&["repair", "import", "fix.csv", "--mode", "upsert"]).code(5).stderr_has("never changed");
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let e = conn.execute("UPDATE repair_archive SET cause = 'x'", []).unwrap_err();
    assert!(e.to_string().contains("never changed"), "{e}");
}

#[test]
fn r8_2_every_repair_exports_as_one_row_and_moves_to_another_database_unchanged() {
    let svc = shop();
    let file = example("legacy_repairs_gbk.csv");
    let map = example("legacy_repairs.map.yaml");
    svc.run(&["repair", "import", file.to_str().unwrap(), "--map", map.to_str().unwrap(), "--rejects", "r.csv"]).ok();
    let r = planned(&svc, &[]);
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    inspect_safe(&svc, &r).ok();
    svc.run(&["repair", "report", &r, "--cause", "接触不良", "--process", "重新插接", "--labour-hours", "1"]).ok();
    svc.run(&["repair", "sign", &r, "--by", "王主任"]).ok();
    let exported = svc.stdout(&["repair", "export"]);
    assert!(
        exported.contains("R-000001,00012345,2026-03-05,2026-03-05,开机无显示,接触不良,重新插接,,李娜,200.00,王主任"),
        "{exported}"
    );
    assert_eq!(csv_rows(&exported).len(), 5);
    let other = shop();
    other.write("repairs.csv", &exported);
    other.run(&["repair", "import", "repairs.csv"]).ok().stderr_has("inserted 4");
    assert_eq!(other.stdout(&["repair", "export"]), exported);
    // A code svc already uses is not archived twice.
    svc.write("again.csv", &exported);
    svc.run(&["repair", "import", "again.csv"]).code(5).stderr_has("R-000001 is already in the database");
}

#[test]
fn r8_2_show_in_csv_carries_every_sub_listing_led_by_its_name() {
    let svc = shop();
    let t = fault(&svc, "normal");
    let text = svc.stdout(&["ticket", "show", &t]);
    let timeline: Vec<Vec<String>> = csv_rows(&text).into_iter().filter(|r| r[0] == "timeline").collect();
    assert_eq!(timeline.len(), 2, "{text}");
    assert_eq!(timeline[1][3], "assign");
    assert!(text.contains("\nsection,at,actor,action,detail,recorded\n"), "{text}");
    // A sub-listing with no rows is left out.
    assert!(!text.contains("section,code,status"), "{text}");
}

#[test]
fn r3_outlandish_numbers_are_refused_never_a_panic() {
    let svc = shop();
    for (args, code) in [
        (vec!["parts", "add", "--part-no", "X1", "--name", "x", "--min-qty", "99999999999999"], 5),
        (vec!["parts", "add", "--part-no", "X2", "--name", "x", "--unit-cost", "99999999999999999.00"], 5),
        (vec!["parts", "add", "--part-no", "X3", "--name", "x", "--shelf-life-days", "999999999"], 5),
        (vec!["parts", "adjust", "0100", "--location", "WH1", "--qty", "9223372036854775807", "--reason", "x"], 2),
        (vec!["config", "set", "sla.low.resolution", "1e300h"], 5),
        (vec!["repair", "followups", "--due-within", "99999999999d"], 2),
        (vec!["staff", "certs", "--expiring-within", "99999999999999d"], 2),
    ] {
        svc.run(&args).code(code).no_panic();
    }
    let r = planned(&svc, &[]);
    svc.run(&["repair", "plan", &r, "--step", "x", "--labour-hours", "99999999999"]).code(5).no_panic();
    svc.run(&["repair", "plan", &r, "--step", "x", "--part", "0100:99999999999", "--labour-hours", "1"])
        .code(5)
        .no_panic();
}

#[test]
fn r8_2_codes_dates_and_checks_hold_after_migrations_and_renames() {
    let svc = shop();
    // Archived records may hold svc-style codes: new repairs skip them.
    svc.write(
        "old.csv",
        "code,serial_no,reported_on,symptom\nR-000001,00012345,2025-01-02,旧记录\nR-000002,00012346,2025/1/3,旧记录\n",
    );
    svc.run(&["repair", "import", "old.csv"]).ok();
    let r = planned(&svc, &[]);
    assert_eq!(r, "R-000003");
    // Legacy ticket times in the forms dates accept.
    svc.write(
        "t.csv",
        "code,customer_code,channel,kind,priority,symptom,opened_at\nOLD-9,C0001,hotline,fault,low,x,2024/5/1 09:00\n",
    );
    svc.run(&["ticket", "import", "t.csv"]).ok();
    // An open ticket past its target is breached already, before anything is recorded.
    svc.run(&["ticket", "list", "--breached"]).ok().stdout_has("OLD-9");
    // A renamed hospital does not make a signed report fail verification.
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    inspect_safe(&svc, &r).ok();
    svc.run(&["repair", "report", &r, "--cause", "x", "--process", "y", "--labour-hours", "1"]).ok();
    svc.run(&["repair", "sign", &r, "--by", "王主任"]).ok();
    svc.run(&["customer", "edit", "C0001", "--name", "北京市第一人民医院（新院区）"]).ok();
    svc.run(&["repair", "verify", &r]).ok().stdout_has("unchanged since signing");
}

/// A repair like `planned`'s, consented, inspected, reported, and signed at 16:00
/// Beijing time (08:00 UTC), all under the harness's zone, Asia/Shanghai.
fn signed(svc: &Svc) -> String {
    let r = planned(svc, &[]);
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    inspect_safe(svc, &r).ok();
    svc.run(&["repair", "report", &r, "--cause", "接触不良", "--process", "重新插接", "--labour-hours", "1"]).ok();
    svc.run_env(&["repair", "sign", &r, "--by", "王主任"], &[("SVC_NOW", "2026-03-05 16:00"), ("TZ", "Asia/Shanghai")])
        .ok();
    r
}

const ZONES: [&str; 3] = ["Asia/Shanghai", "UTC", "America/New_York"];

/// Go around svc: drop the guard on `reports` and change the signed report's cause.
fn tamper_with_the_cause(svc: &Svc) {
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute_batch("DROP TRIGGER reports_no_update; UPDATE reports SET cause = '更换主板';").unwrap();
}

/// Issue 8: the signed document holds facts with UTC times, so verify does not depend
/// on the zone of the machine that signed or the one that checks.
#[test]
fn r3_4_2_a_signed_report_verifies_in_any_time_zone_and_tampering_still_fails() {
    let svc = shop();
    let r = signed(&svc);
    for tz in ZONES {
        // `SVC_TZ=local`: the machine's TZ decides, as on a database that names no zone.
        svc.run_env(&["repair", "verify", &r], &[("TZ", tz), ("SVC_TZ", "local")])
            .ok()
            .stdout_has("records behind the report,ok,unchanged since signing");
    }
    // Printing renders the frozen UTC facts in the reader's zone; json and yaml keep them in UTC.
    svc.run(&["repair", "report", &r, "--print"])
        .ok()
        .stdout_has("Signed by 王主任 (signature) on 2026-03-05 16:00:00");
    svc.run_env(&["repair", "report", &r, "--print"], &[("TZ", "UTC"), ("SVC_TZ", "local")])
        .ok()
        .stdout_has("Signed by 王主任 (signature) on 2026-03-05 08:00:00")
        .stdout_has("**Reported**: 2026-03-05 02:00:00");
    let json: serde_json::Value =
        serde_json::from_str(&svc.stdout(&["--format", "json", "repair", "report", &r, "--print"])).unwrap();
    assert_eq!(json["signature"]["at"], "2026-03-05T08:00:00Z");
    assert_eq!(json["dates"]["reported"], "2026-03-05T02:00:00Z");
    assert_eq!(json["format"], 2);

    tamper_with_the_cause(&svc);
    for tz in ZONES {
        // `SVC_TZ=local`: the machine's TZ decides, as on a database that names no zone.
        svc.run_env(&["repair", "verify", &r], &[("TZ", tz), ("SVC_TZ", "local")])
            .code(1)
            .stdout_has("document hash,ok")
            .stdout_has("records behind the report,FAILED,changed since signing: cause");
    }
}

/// Issue 8: a document signed by an earlier build froze local-time text. Its hash still
/// holds; its other facts are still compared with the records, its times by the hash only.
#[test]
fn r3_4_2_reports_signed_by_earlier_builds_with_local_times_still_verify() {
    use sha2::Digest;
    let svc = shop();
    let r = signed(&svc);
    // What an earlier build (svc at f4dd43a) froze for these same records, made by the
    // steps of `signed` under Asia/Shanghai: its times are local text, it has no `format`.
    let legacy = include_str!("data/legacy-signed-report.json");
    let hash: String = sha2::Sha256::digest(legacy.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let guards: Vec<String> = conn
        .prepare("SELECT sql FROM sqlite_master WHERE name IN ('signed_reports_no_update', 'repairs_signed_frozen')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    conn.execute_batch("DROP TRIGGER signed_reports_no_update; DROP TRIGGER repairs_signed_frozen;").unwrap();
    conn.execute("UPDATE signed_reports SET document = ?1, sha256 = ?2", [legacy, &hash]).unwrap();
    conn.execute("UPDATE repairs SET report_sha256 = ?1", [&hash]).unwrap();
    conn.execute_batch(&guards.join(";\n")).unwrap();
    drop(conn);
    svc.run(&["db", "check"]).ok();

    for tz in ZONES {
        // `SVC_TZ=local`: the machine's TZ decides, as on a database that names no zone.
        svc.run_env(&["repair", "verify", &r], &[("TZ", tz), ("SVC_TZ", "local")])
            .ok()
            .stdout_has(&format!("document hash,ok,{hash}"))
            .stdout_has("records behind the report,ok,unchanged since signing")
            .stdout_has("signed form,ok,\"legacy (form 1, times frozen as local text)");
    }
    // It prints as it was signed: its times as the local text they were frozen as.
    svc.run_env(&["repair", "report", &r, "--print"], &[("TZ", "UTC"), ("SVC_TZ", "local")])
        .ok()
        .stdout_has("Signed by 王主任 (signature) on 2026-03-05 16:00:00");

    tamper_with_the_cause(&svc);
    svc.run_env(&["repair", "verify", &r], &[("TZ", "UTC")])
        .code(1)
        .stdout_has("records behind the report,FAILED,changed since signing: cause");
}

/// Issue 8 (seams): `ticket import` and `ticket open` write through one path, so a
/// device of another customer is refused by both, with the same reason.
#[test]
fn r3_1_import_refuses_a_device_of_another_customer_as_open_does() {
    let svc = shop();
    let args = ["ticket", "open", "--customer", "C0002", "--equipment", "SN-77001", "--channel", "hotline"];
    let refused = svc.run(&[&args[..], &["--kind", "fault", "--symptom", "x"]].concat()).code(5);
    let reason = "device SN-77001 belongs to customer C0003, not C0002: check the serial number";
    assert!(refused.stderr.contains(reason), "{}", refused.stderr);
    svc.write(
        "t.csv",
        "code,customer_code,serial_no,channel,kind,priority,symptom,opened_at\n\
         OLD-1,C0003,SN-77001,hotline,fault,low,x,2026-03-01 09:00\n\
         OLD-2,C0002,SN-77001,hotline,fault,low,x,2026-03-01 09:00\n",
    );
    svc.run(&["ticket", "import", "t.csv"])
        .code(5)
        .stderr_has(&format!("line 3: serial_no: {reason}"))
        .stderr_has("nothing was written");
    svc.run(&["ticket", "list"]).ok().stdout_is("");
    svc.run(&["ticket", "import", "t.csv", "--rejects", "bad.csv"]).ok().stderr_has("inserted 1");
    let bad = csv_rows(&String::from_utf8(svc.read("bad.csv")).unwrap());
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert_eq!(bad[1][0], "OLD-2");
    assert_eq!(bad[1][9], format!("serial_no: {reason}"));
}

/// Issue 8 (seams): an imported ticket keeps the rules of the commands that would have
/// made it: no time in the future. Every state the commands reach is imported, so a
/// database moves whole: a live ticket whose technician has left since, a ticket
/// closed straight from `open` and reopened (answered, nobody assigned).
#[test]
fn r3_1_import_refuses_times_in_the_future_and_carries_every_state_the_commands_reach() {
    let svc = shop();
    svc.write(
        "t.csv",
        "code,customer_code,channel,kind,priority,symptom,opened_at,assigned_to,responded_at,closed_at,resolution\n\
         OLD-1,C0001,hotline,fault,normal,x,2026-03-07 09:00,,,,\n\
         OLD-2,C0001,hotline,fault,normal,x,2026-03-01 09:00,E002,2026-03-09 09:00,,\n\
         OLD-3,C0001,hotline,fault,normal,x,2026-03-01 09:00,E002,,2026-03-09 09:00,ok\n\
         OLD-4,C0001,hotline,fault,normal,x,2026-03-01 09:00,E002,2026-03-01 10:00,2026-03-02 09:00,ok\n",
    );
    svc.run(&["ticket", "import", "t.csv"])
        .code(5)
        .stderr_has("line 2: opened_at: 2026-03-07 09:00:00 is in the future (it is 2026-03-05 10:00:00 now)")
        .stderr_has("line 3: responded_at: 2026-03-09 09:00:00 is in the future")
        .stderr_has("line 4: closed_at: 2026-03-09 09:00:00 is in the future");
    svc.run(&["ticket", "import", "t.csv", "--rejects", "bad.csv"]).ok().stderr_has("inserted 1");

    let t = fault(&svc, "normal");
    svc.run(&["staff", "edit", "E002", "--active", "否"]).ok();
    let args = ["ticket", "open", "--customer", "C0002", "--channel", "hotline", "--kind", "enquiry", "--symptom", "?"];
    let enquiry = code(svc.run(&args));
    svc.run(&["ticket", "close", &enquiry, "--resolution", "answered"]).ok();
    svc.run(&["ticket", "reopen", &enquiry, "--reason", "one more question"]).ok();
    let exported = svc.stdout(&["ticket", "export"]);
    let other = shop();
    other.run(&["staff", "edit", "E002", "--active", "否"]).ok();
    other.write("t.csv", &exported);
    other.run(&["ticket", "import", "t.csv"]).ok().stderr_has("inserted 3");
    assert_eq!(other.stdout(&["ticket", "export"]), exported);
    for (code, status) in [(t.as_str(), "assigned"), (enquiry.as_str(), "in_progress")] {
        let shown = other.stdout(&["ticket", "show", code]);
        assert!(shown.contains(&format!("status,{status}")), "{shown}");
    }
}

/// Issue 8 (seams): a legacy repair's dates are events, never in the future, as the
/// repair commands refuse an `--at` in the future.
#[test]
fn r8_2_1_archived_repair_dates_are_not_in_the_future() {
    let svc = shop();
    svc.write(
        "old.csv",
        "code,serial_no,reported_on,finished_on,symptom\n\
         WX-1,00012345,2026-03-04,2026-03-05,x\n\
         WX-2,00012345,2026-03-04,2026-03-06,x\n\
         WX-3,00012345,2027-01-01,,x\n",
    );
    svc.run(&["repair", "import", "old.csv"])
        .code(5)
        .stderr_has("line 3: finished_on: 2026-03-06 is in the future (it is 2026-03-05 now)")
        .stderr_has("line 4: reported_on: 2027-01-01 is in the future");
    svc.run(&["repair", "import", "old.csv", "--rejects", "bad.csv"]).ok().stderr_has("inserted 1");
}

/// A database from before migration 0007, its tickets holding the warranty as sentences.
fn with_warranty_sentences() -> Svc {
    let svc = Svc::bare();
    let mut conn = rusqlite::Connection::open(&svc.db).unwrap();
    let before = svc::db::migrate::MIGRATIONS.iter().take_while(|m| m.name < "0007").count() as i64;
    svc::db::migrate::migrate_to(&mut conn, &svc.db, "test", before).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute_batch(
        "INSERT INTO customers(id, code, name, type) VALUES (1, 'C1', 'x', 'hospital');
         INSERT INTO models(id, model, manufacturer, added_at) VALUES (1, 'PM-9000', '迈瑞', '2026-01-01T00:00:00Z');
         INSERT INTO equipment(id, serial_no, model_id, customer_id, warranty_until)
              VALUES (1, 'E1', 1, 1, '2028-07-31'), (2, 'E2', 1, 1, NULL);",
    )
    .unwrap();
    for (code, equipment, opened, warranty, in_warranty) in [
        ("T-1", Some(1), "2026-03-05T01:00:00Z", Some("under warranty until 2028-07-31 (879 days left)"), 1),
        // 01:00 local on 2026-03-05 is the day before in UTC: the day is the local one.
        ("T-2", Some(1), "2026-03-04T17:00:00Z", Some("under warranty until 2028-07-31 (879 days left)"), 1),
        ("T-3", Some(1), "2022-06-01T01:00:00Z", Some("expired on 2022-05-09"), 0),
        ("T-4", Some(2), "2026-03-05T01:00:00Z", Some("unknown (no warranty_until on record)"), 0),
        // Not svc's words, or words that do not add up: kept whole, status from in_warranty.
        ("T-5", Some(1), "2026-03-05T01:00:00Z", Some("保修期内"), 1),
        ("T-6", Some(1), "2026-03-05T01:00:00Z", Some("under warranty until 2028-07-31 (3 days left)"), 1),
        ("T-7", Some(1), "2026-03-05T01:00:00Z", Some("expired on 2022-02-30"), 0),
        ("T-8", None, "2026-03-05T01:00:00Z", None, 0),
    ] {
        tx.execute(
            "INSERT INTO tickets(code, customer_id, equipment_id, channel, kind, priority, symptom, model, warranty,
                                 in_warranty, opened_at)
             VALUES (?1, 1, ?2, 'hotline', 'fault', 'normal', 'x', 'PM-9000 (迈瑞)', ?3, ?4, ?5)",
            rusqlite::params![code, equipment, warranty, in_warranty, opened],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    svc
}

/// Issue 8 (facts, not prose): migration 0007 reads the warranty sentences back into
/// facts, keeps words it cannot read whole, shows what was shown before, and the
/// tickets then move to another database and back unchanged.
#[test]
fn r3_1_2_warranty_at_intake_is_stored_as_facts_and_old_sentences_are_kept() {
    let svc = with_warranty_sentences();
    let exported = svc.stdout(&["ticket", "export"]);
    let rows = csv_rows(&exported);
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let facts: Vec<[&str; 4]> = rows[1..]
        .iter()
        .map(|r| {
            [r[col("code")].as_str(), &r[col("warranty_status")], &r[col("warranty_until")], &r[col("warranty_note")]]
        })
        .collect();
    assert_eq!(
        facts,
        [
            ["T-1", "in_warranty", "2028-07-31", ""],
            ["T-2", "in_warranty", "2028-07-31", ""],
            ["T-3", "expired", "2022-05-09", ""],
            ["T-4", "unknown", "", ""],
            ["T-5", "in_warranty", "", "保修期内"],
            ["T-6", "in_warranty", "", "under warranty until 2028-07-31 (3 days left)"],
            ["T-7", "unknown", "", "expired on 2022-02-30"],
            ["T-8", "", "", ""],
        ]
    );
    for (t, words) in [
        ("T-1", "warranty,under warranty until 2028-07-31 (879 days left)"),
        ("T-3", "warranty,expired on 2022-05-09"),
        ("T-4", "warranty,unknown (no warranty_until on record)"),
        ("T-6", "warranty,under warranty until 2028-07-31 (3 days left)"),
    ] {
        svc.run(&["ticket", "show", t]).ok().stdout_has(words);
    }
    svc.run(&["db", "check"]).ok();
    // Export, import into an empty database, export: the same bytes.
    let other = Svc::new();
    other.write("c.csv", svc.stdout(&["customer", "export"]));
    other.write("e.csv", svc.stdout(&["equipment", "export"]));
    other.write("t.csv", &exported);
    other.run(&["customer", "import", "c.csv"]).ok();
    other.run(&["equipment", "import", "e.csv"]).ok();
    other.run(&["ticket", "import", "t.csv"]).ok().stderr_has("inserted 8");
    assert_eq!(other.stdout(&["ticket", "export"]), exported);
}

/// Warranty facts given in a file agree with each other on the day the ticket was
/// opened, and belong to a ticket that names a device.
#[test]
fn r3_1_2_imported_warranty_facts_must_agree() {
    let svc = shop();
    svc.write(
        "t.csv",
        "code,customer_code,serial_no,channel,kind,priority,symptom,opened_at,warranty_status,warranty_until\n\
         OLD-1,C0001,00012345,hotline,fault,low,x,2026-03-01 09:00,expired,2028-01-01\n\
         OLD-2,C0001,,hotline,fault,low,x,2026-03-01 09:00,expired,\n\
         OLD-3,C0001,00012345,hotline,fault,low,x,2026-03-01 09:00,valid,\n\
         OLD-4,C0001,00012345,hotline,fault,low,x,2021-03-01 09:00,,\n\
         OLD-5,C0001,00012345,hotline,fault,low,x,2026-03-01 09:00,IN_WARRANTY,\n",
    );
    svc.run(&["ticket", "import", "t.csv"])
        .code(5)
        .stderr_has(
            "line 2: warranty_status: expired does not agree with warranty_until 2028-01-01: on 2026-03-01, \
             the day the ticket was opened, the warranty was in_warranty",
        )
        .stderr_has("line 3: warranty_status: a ticket that names no device has no warranty")
        .stderr_has("line 4: warranty_status: valid is not one of in_warranty, expired, unknown");
    svc.run(&["ticket", "import", "t.csv", "--rejects", "bad.csv"]).ok().stderr_has("inserted 2");
    let rows = csv_rows(&svc.stdout(&["ticket", "export"]));
    let last = rows[0].len() - 3;
    assert_eq!(rows[1][last..], ["in_warranty", "2022-05-09", ""], "as of the day it was opened");
    assert_eq!(rows[2][last..], ["in_warranty", "", ""], "a legacy 'in warranty' without its last day");
    svc.run(&["ticket", "show", "OLD-5"]).ok().stdout_has("warranty,under warranty\n");
}

/// A staff member who has left takes no new step: one check (`staff::active`) serves a
/// repair's steps and its follow-up, with one message.
#[test]
fn r2_1_a_staff_member_who_left_takes_no_repair_step_nor_follow_up() {
    let svc = shop();
    let r = signed(&svc);
    let t = fault(&svc, "normal");
    let open = code(svc.run(&["repair", "open", "--ticket", &t]));
    svc.run(&["staff", "edit", "E003", "--active", "否"]).ok();
    svc.run(&["repair", "diagnose", &open, "--finding", "x", "--by", "E003"])
        .code(4)
        .stderr_has("staff member E003 is inactive");
    svc.run(&["repair", "followup", &r, "--by", "E003", "--satisfaction", "5"])
        .code(4)
        .stderr_has("staff member E003 is inactive");
    let next_day = [("SVC_NOW", "2026-03-06 10:00")];
    svc.run_env(&["repair", "followup", &r, "--by", "E002", "--satisfaction", "5"], &next_day).ok();
}
