//! R7: quality. The standards register (R7.1), internal inspections with machine-checked
//! record sampling and the rectification loop (R7.2), complaints with their workflow,
//! deadlines and suspected adverse events (R7.3).

mod common;
use common::*;

fn complaint(svc: &Svc, extra: &[&str]) -> String {
    let mut args = vec![
        "complaint",
        "open",
        "--customer",
        "C0001",
        "--equipment",
        "00012345",
        "--channel",
        "hotline",
        "--category",
        "repair-quality",
        "--description",
        "维修后三天再次黑屏",
    ];
    args.extend_from_slice(extra);
    code(svc.run(&args))
}

/// An open inspection of repairs, with E005 as its auditor.
fn inspection(svc: &Svc) -> String {
    let a = code(svc.run(&["audit", "plan", "--scope", "repairs", "--on", "2026-03-05", "--auditor", "E005"]));
    svc.run(&["audit", "open", &a]).ok();
    a
}

fn finding(svc: &Svc, a: &str) -> String {
    code(svc.run(&[
        "audit",
        "finding",
        "--audit",
        a,
        "--severity",
        "minor",
        "--clause",
        "R4.2.3",
        "--record",
        "WH1",
        "--description",
        "库房灭火器过期",
        "--owner",
        "E002",
        "--deadline",
        "2026-03-20",
    ]))
}

#[test]
fn r7_3_2_a_complaint_closes_only_once_the_customer_accepts_the_outcome_and_its_corrective_action_is_linked() {
    let svc = Svc::with_examples();
    let c = complaint(&svc, &[]);
    assert_eq!(c, "CP-000001");
    // Every refused move is exit 4 and says what comes first.
    svc.run(&["complaint", "close", &c]).code(4).stderr_has("'close' needs it informed");
    svc.run(&["complaint", "resolve", &c, "--solution", "x"]).code(4).stderr_has("investigate it first");
    svc.run(&["complaint", "inform", &c, "--by", "E003", "--method", "phone", "--customer-response", "accepted"])
        .code(4)
        .stderr_has("'inform' needs it resolved");
    svc.run(&["complaint", "acknowledge", &c, "--by", "E006"]).code(4).stderr_has("E006 is inactive");
    svc.run(&["complaint", "acknowledge", &c, "--by", "E003"]).ok();
    svc.run(&["complaint", "acknowledge", &c, "--by", "E003"]).code(4).stderr_has("acknowledged already");
    svc.run(&["complaint", "investigate", &c, "--finding", "更换电源板后未做老化测试", "--root-cause", "method"]).ok();
    svc.run(&["complaint", "resolve", &c, "--solution", "免费更换电源板"]).ok();
    // A disputed outcome reopens it; the dispute stays in the history.
    svc.run(&["complaint", "inform", &c, "--by", "E003", "--method", "phone", "--customer-response", "disputed"])
        .ok()
        .stderr_has("disputes the outcome");
    svc.run(&["complaint", "close", &c]).code(4);
    svc.run(&["complaint", "resolve", &c, "--solution", "免费更换电源板并延保三个月"]).ok();
    svc.run(&["complaint", "inform", &c, "--by", "E003", "--method", "visit", "--customer-response", "accepted"]).ok();
    // The root cause is not `other`: no closing without a corrective action.
    svc.run(&["complaint", "close", &c]).code(4).stderr_has("has root cause method: link its corrective action first");
    let a = inspection(&svc);
    let f = finding(&svc, &a);
    svc.run(&["complaint", "corrective", &c, "--finding", "F-999999"]).code(3);
    svc.run(&["complaint", "corrective", &c, "--finding", &f]).ok();
    svc.run(&["complaint", "close", &c]).ok();
    svc.run(&["complaint", "close", &c]).code(4).stderr_has("closed already");
    svc.run(&["complaint", "investigate", &c, "--finding", "x", "--root-cause", "other"]).code(4);
    let history = svc.stdout(&["history", &c, "--format", "csv"]);
    for step in ["open", "acknowledge", "investigate", "resolve", "inform", "corrective", "close"] {
        assert!(history.contains(&format!(",{step},")), "{step} missing from {history}");
    }
    assert!(history.contains("disputed"), "{history}");
    // R7.3.3: counted by cause, with the corrective actions taken.
    complaint(&svc, &["--severity", "low"]);
    let stats = csv_rows(&svc.stdout(&["complaint", "stats", "--by", "root-cause"]));
    assert_eq!(stats[1], ["(not investigated)", "1", "0", "1", "0", "0", ""]);
    assert_eq!(stats[2], ["method", "1", "1", "0", "1", "0", "0.0"]);
    let rows = csv_rows(&svc.stdout(&["complaint", "list", "--status", "closed"]));
    assert_eq!(rows[1][0], "CP-000001");
    assert_eq!(rows[1][3], "PM-9000");
    assert_eq!(rows[1][12], f);
}

#[test]
fn r7_3_1_a_complaint_ticket_becomes_a_complaint_keeping_the_link_and_nothing_else_does() {
    let svc = Svc::with_examples();
    let t = code(svc.run(&[
        "ticket",
        "open",
        "--customer",
        "C0001",
        "--equipment",
        "00012345",
        "--channel",
        "hotline",
        "--kind",
        "complaint",
        "--symptom",
        "工程师态度差",
    ]));
    let args = ["complaint", "open", "--ticket", &t, "--channel", "hotline", "--category", "attitude"];
    let c = code(svc.run(&[&args[..], &["--description", "工程师态度差"]].concat()));
    let shown = svc.stdout(&["complaint", "show", &c]);
    assert!(shown.contains(&format!("ticket,{t}")) && shown.contains("customer,C0001"), "{shown}");
    svc.run(&[&args[..], &["--description", "again"]].concat())
        .code(4)
        .stderr_has(&format!("is complaint {c} already"));
    let fault = fault(&svc, "normal");
    svc.run(&[
        "complaint",
        "open",
        "--ticket",
        &fault,
        "--channel",
        "hotline",
        "--category",
        "other",
        "--description",
        "x",
    ])
    .code(4)
    .stderr_has("only a ticket of kind complaint becomes a complaint");
    svc.run(&["complaint", "open", "--channel", "hotline", "--category", "other", "--description", "x"])
        .code(2)
        .stderr_has("--customer");
}

#[test]
fn r7_3_adverse_event_deadlines_count_from_when_the_company_learned_and_cron_is_silent_once_reported() {
    let svc = Svc::with_examples();
    // Nothing reportable: silent, exit 0, even with --exit-code.
    complaint(&svc, &[]);
    svc.run(&["complaint", "list", "--reportable", "--exit-code"]).ok().stdout_is("");
    let death = complaint(&svc, &["--patient-harm", "death", "--at", "2026-03-04 08:00"]);
    let serious = complaint(&svc, &["--patient-harm", "serious-injury"]);
    let group = complaint(&svc, &["--patient-harm", "possible", "--group-event"]);
    svc.run(&[
        "complaint",
        "open",
        "--customer",
        "C0001",
        "--channel",
        "hotline",
        "--category",
        "product",
        "--description",
        "x",
        "--group-event",
    ])
    .code(5)
    .stderr_has("group adverse event needs the patient harm");
    let listed = svc.run(&["complaint", "list", "--reportable", "--exit-code"]).code(1).stdout;
    let rows = csv_rows(&listed);
    let due: Vec<(&str, &str, &str)> =
        rows[1..].iter().map(|r| (r[0].as_str(), r[5].as_str(), r[11].as_str())).collect();
    assert_eq!(
        due,
        [
            (death.as_str(), "high", "2026-03-11 08:00:00"),
            (serious.as_str(), "high", "2026-03-25 10:00:00"),
            (group.as_str(), "high", "2026-03-05 22:00:00"),
        ]
    );
    // The next morning the group event is overdue in `svc due`; a week on the death too.
    let later = svc.at("2026-03-12T09:00:00+08:00");
    let overdue = later.stdout(&["due", "--kind", "adverse-event", "--overdue"]);
    let kinds: Vec<Vec<String>> = csv_rows(&overdue);
    assert_eq!(kinds.len(), 3, "{overdue}");
    assert_eq!(kinds[1][1], group);
    assert_eq!(kinds[2][1], death);
    later
        .run(&["complaint", "report-event", &death, "--reported-on", "2026-03-10", "--reference", "ADR-2026-0012"])
        .ok();
    later
        .run(&["complaint", "report-event", &death, "--reported-on", "2026-03-10", "--reference", "again"])
        .code(4)
        .stderr_has("reported on 2026-03-10 already");
    later
        .run(&["complaint", "report-event", &group, "--reported-on", "2026-03-05", "--reference", "ADR-2026-0013"])
        .ok();
    later.run(&["complaint", "report-event", "CP-000001", "--reported-on", "2026-03-05", "--reference", "n"]).code(4);
    later.run(&["due", "--kind", "adverse-event", "--overdue"]).ok().stdout_is("");
    let left = csv_rows(&later.run(&["complaint", "list", "--reportable", "--exit-code"]).code(1).stdout);
    assert_eq!(left.len(), 2);
    assert_eq!(left[1][0], serious);
}

#[test]
fn r7_3_acknowledgement_and_resolution_targets_come_due_by_severity() {
    let svc = Svc::with_examples();
    let normal = complaint(&svc, &[]);
    let low = complaint(&svc, &["--severity", "low"]);
    svc.run(&["complaint", "list", "--overdue", "--exit-code"]).ok().stdout_is("");
    // 30 hours later: the normal one (24 h) is not acknowledged in time; the low one (48 h) still is.
    let later = svc.at("2026-03-06T16:00:00+08:00");
    let rows = csv_rows(&later.run(&["complaint", "list", "--overdue", "--exit-code"]).code(1).stdout);
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[1][0].as_str(), rows[1][13].as_str()), (normal.as_str(), "acknowledge"));
    let due = csv_rows(&later.stdout(&["due", "--kind", "complaint"]));
    assert_eq!(due[1][1], normal);
    assert!(due[1][2].starts_with("acknowledge complaint"), "{due:?}");
    later.run(&["complaint", "acknowledge", &normal, "--by", "E003"]).ok();
    later.run(&["complaint", "list", "--overdue", "--exit-code"]).ok().stdout_is("");
    // The targets are settings.
    later.run(&["config", "set", "complaint.low.acknowledge", "1h"]).ok();
    let third = complaint(&later, &["--severity", "low"]);
    let rows = csv_rows(&later.stdout(&["complaint", "show", &third]));
    assert!(rows.iter().any(|r| r[0] == "ack_due" && r[1] == "2026-03-06 17:00:00"), "{rows:?}");
    let _ = low;
}

#[test]
fn r7_3_legacy_complaints_import_through_the_same_rules_and_export_round_trips() {
    let svc = Svc::with_examples();
    svc.write(
        "old.csv",
        "code,customer_code,serial_no,channel,category,description,received_at,finding,root_cause,solution,resolved_at,informed_at,customer_response,closed_at\n\
         TS-2024-001,C0001,00012345,hotline,billing,收费有误,2024-05-01 09:00,重复收费,other,退款,2024-05-03 10:00,2024-05-04 10:00,accepted,2024-05-05 10:00\n\
         TS-2024-002,C0001,,letter,attitude,态度差,2024-06-01 09:00,,,,,,,2024-06-02 10:00\n\
         TS-2024-003,C0001,,hotline,parts,配件质量,2024-07-01 09:00,批次不良,parts,更换,2024-07-02 10:00,2024-07-03 10:00,accepted,2024-07-04 10:00\n\
         TS-2024-004,NOPE,,hotline,other,x,2024-07-01 09:00,,,,,,,\n",
    );
    svc.run(&["complaint", "import", "old.csv"])
        .code(5)
        .stderr_has("line 3: closed_at")
        .stderr_has("line 4: corrective_finding: complaint TS-2024-003 has root cause parts")
        .stderr_has("line 5: customer_code");
    svc.run(&["complaint", "list"]).ok().stdout_is("");
    svc.run(&["complaint", "import", "old.csv", "--rejects", "bad.csv"]).ok().stderr_has("inserted 1");
    let bad = String::from_utf8(svc.read("bad.csv")).unwrap();
    assert_eq!(bad.lines().count(), 4, "{bad}");
    let rows = csv_rows(&svc.stdout(&["complaint", "list"]));
    assert_eq!((rows[1][0].as_str(), rows[1][6].as_str()), ("TS-2024-001", "closed"));
    // Export, then import into an empty database: the same export.
    let first = svc.run(&["complaint", "export", "-o", "c.csv"]).ok();
    drop(first);
    let other = Svc::with_examples();
    other.write("c.csv", svc.read("c.csv"));
    other.run(&["complaint", "import", "c.csv"]).ok();
    other.run(&["complaint", "export", "-o", "again.csv"]).ok();
    assert_eq!(svc.read("c.csv"), other.read("again.csv"));
    // A complaint changes only through its commands.
    let changed = String::from_utf8(svc.read("c.csv")).unwrap().replace("收费有误", "收费有误，重复收费");
    svc.write("changed.csv", changed);
    svc.run(&["complaint", "import", "changed.csv", "--mode", "upsert"])
        .code(5)
        .stderr_has("changes only through its commands");
}

#[test]
fn r7_2_rectification_loops_until_an_effective_recheck_and_nothing_else_closes_a_finding() {
    let svc = Svc::with_examples();
    let a = inspection(&svc);
    let f = finding(&svc, &a);
    // The auditor who raised it does not record its rectification; the re-check waits for one.
    svc.run(&["audit", "recheck", &f, "--by", "E001", "--result", "effective", "--note", "x"])
        .code(4)
        .stderr_has("'recheck' needs it actioned");
    svc.run(&["audit", "rectify", &f, "--action", "已更换", "--by", "E005"])
        .code(4)
        .stderr_has("the auditor who raised a finding does not record its rectification");
    svc.run(&["audit", "rectify", &f, "--action", "已更换灭火器", "--by", "E002"]).ok();
    svc.run(&["audit", "rectify", &f, "--action", "again", "--by", "E002"]).code(4).stderr_has("re-check it");
    svc.run(&["audit", "recheck", &f, "--by", "E002", "--result", "effective", "--note", "x"])
        .code(4)
        .stderr_has("someone else re-checks it");
    // Not effective: back with a new deadline, which it needs.
    svc.run(&["audit", "recheck", &f, "--by", "E005", "--result", "not-effective", "--note", "未建立月检"])
        .code(5)
        .stderr_has("--deadline");
    svc.run(&[
        "audit",
        "recheck",
        &f,
        "--by",
        "E005",
        "--result",
        "not-effective",
        "--note",
        "未建立月检",
        "--deadline",
        "2026-04-15",
    ])
    .ok()
    .stderr_has("open again");
    // Around svc: the database refuses a close without an effective re-check.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let e = conn.execute("UPDATE findings SET status = 'closed' WHERE code = ?1", [&f]).unwrap_err();
    assert!(e.to_string().contains("closed only by an effective re-check"), "{e}");
    assert!(conn.execute("DELETE FROM rectifications", []).is_err());
    svc.run(&["audit", "rectify", &f, "--action", "建立月检表并培训", "--by", "E002"]).ok();
    svc.run(&["audit", "recheck", &f, "--by", "E005", "--result", "effective", "--note", "复查合格"])
        .ok()
        .stderr_has("closed");
    let notice = svc.stdout(&["audit", "notice", &f, "--format", "md"]);
    assert!(notice.contains("| round | 2 |") && notice.contains("| status | closed |"), "{notice}");
    assert!(notice.contains("| 1 | recheck |") && notice.contains("not-effective | 2026-04-15 |"), "{notice}");
    assert!(conn.execute("UPDATE findings SET deadline = '2027-01-01' WHERE code = ?1", [&f]).is_err());
}

#[test]
fn r7_2_overdue_findings_and_inspections_come_due_and_cron_is_silent_otherwise() {
    let svc = Svc::with_examples();
    let a = code(svc.run(&["audit", "plan", "--scope", "parts", "--on", "2026-03-06", "--auditor", "E005"]));
    svc.run(&["audit", "list", "--overdue", "--exit-code"]).ok().stdout_is("");
    svc.run(&["audit", "findings", "--overdue", "--exit-code"]).ok().stdout_is("");
    svc.run(&["audit", "sample", &a, "--repairs", "1", "--since", "2026-01-01"])
        .code(4)
        .stderr_has("'finding' needs it open");
    let later = svc.at("2026-03-07T09:00:00+08:00");
    let rows = csv_rows(&later.run(&["audit", "list", "--overdue", "--exit-code"]).code(1).stdout);
    assert_eq!(rows[1][0], a);
    later.run(&["audit", "open", &a]).ok();
    let f = finding(&later, &a);
    later.run(&["audit", "findings", "--overdue", "--exit-code"]).ok().stdout_is("");
    later.run(&["audit", "findings", "--due-within", "14d", "--exit-code"]).code(1).stdout_has(&f);
    let late = later.at("2026-03-21T09:00:00+08:00");
    let rows = csv_rows(&late.run(&["audit", "findings", "--overdue", "--exit-code"]).code(1).stdout);
    assert_eq!((rows[1][0].as_str(), rows[1][12].as_str()), (f.as_str(), "1"));
    let due = csv_rows(&late.stdout(&["due", "--kind", "rectification"]));
    assert_eq!((due[1][1].as_str(), due[1][5].as_str(), due[1][6].as_str()), (f.as_str(), "E002", "R7.2"));
    late.run(&["audit", "close", &a, "--summary", "抽查库房"]).ok();
    late.run(&["audit", "open", &a]).code(4);
}

#[test]
fn r7_2_sampling_turns_exactly_the_seeded_defects_into_findings_and_a_clean_database_gives_none() {
    let svc = Svc::with_examples();
    let clean = signed_repair(&svc);
    let late_followup = signed_repair(&svc);
    let inspected_late = signed_repair(&svc);
    // The follow-ups: two on time, one two days after its day (due 2026-03-12).
    let day3 = svc.at("2026-03-08T10:00:00+08:00");
    for r in [&clean, &inspected_late] {
        day3.run(&["repair", "followup", r, "--by", "E003", "--satisfaction", "5"]).ok();
    }
    let day9 = day3.at("2026-03-14T10:00:00+08:00");
    day9.run(&["repair", "followup", &late_followup, "--by", "E003", "--satisfaction", "4"]).ok();
    let conn = rusqlite::Connection::open(&day9.db).unwrap();
    // A repair whose passing inspection is dated after its report (an edit around svc,
    // by someone who first drops the trigger that freezes a signed repair's inspections).
    conn.execute("DROP TRIGGER inspections_signed_no_update", []).unwrap();
    conn.execute(
        "UPDATE inspections SET at = '2026-03-05T09:00:00Z' WHERE repair_id = (SELECT id FROM repairs WHERE code = ?1)",
        [&inspected_late],
    )
    .unwrap();
    // A record written by an old system straight into the table: signed, nothing else.
    conn.execute(
        "INSERT INTO repairs(code, ticket_id, equipment_id, status, under_warranty, opened_at, signed_at, signed_by)
         SELECT 'R-LEGACY', ticket_id, equipment_id, 'signed', 0, '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', '某人'
           FROM repairs LIMIT 1",
        [],
    )
    .unwrap();
    let a = inspection(&day9);
    let out = day9.run(&["audit", "sample", &a, "--repairs", "10", "--since", "2026-01-01", "--seed", "7"]).ok();
    assert!(out.stderr.contains("4 records sampled with seed 7; 7 findings recorded"), "{}", out.stderr);
    let rows = csv_rows(&out.stdout);
    let got: Vec<(&str, &str, &str)> =
        rows[1..].iter().map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str())).collect();
    assert_eq!(
        got,
        [
            (clean.as_str(), "ok", ""),
            (late_followup.as_str(), "failed", "followup"),
            (inspected_late.as_str(), "failed", "inspection"),
            ("R-LEGACY", "failed", "consent+inspection+signature+fields+followup"),
        ]
    );
    let findings = csv_rows(&day9.stdout(&["audit", "findings", "--audit", &a]));
    let named: Vec<(&str, &str, &str)> =
        findings[1..].iter().map(|r| (r[4].as_str(), r[5].as_str(), r[2].as_str())).collect();
    assert_eq!(named[0], ("R3.5.1", late_followup.as_str(), "sample"));
    assert!(findings[1][6].contains("after its due day 2026-03-12"), "{:?}", findings[1]);
    assert_eq!(named[1], ("R3.4.1", inspected_late.as_str(), "sample"));
    assert!(findings[2][6].contains("report was written before any passing inspection"), "{:?}", findings[2]);
    assert_eq!(named[2..].iter().filter(|n| n.1 == "R-LEGACY").count(), 5);

    // A clean database gives none.
    let tidy = Svc::with_examples();
    signed_repair(&tidy);
    let a = inspection(&tidy);
    tidy.run(&["audit", "sample", &a, "--repairs", "5", "--since", "2026-01-01"])
        .ok()
        .stderr_has("1 records sampled")
        .stderr_has("0 findings");
    tidy.run(&["audit", "findings"]).ok().stdout_is("");
}

#[test]
fn r7_2_the_same_seed_draws_the_same_records() {
    let svc = Svc::with_examples();
    for _ in 0..5 {
        signed_repair(&svc);
    }
    let draw = |seed: &str| {
        let a = inspection(&svc);
        let out = svc.stdout(&["audit", "sample", &a, "--repairs", "2", "--since", "2026-01-01", "--seed", seed]);
        csv_rows(&out)[1..].iter().map(|r| r[0].clone()).collect::<Vec<_>>()
    };
    let first = draw("42");
    assert_eq!(first.len(), 2);
    assert_eq!(draw("42"), first);
    let others: Vec<Vec<String>> = (1..6).map(|s| draw(&s.to_string())).collect();
    assert!(others.iter().any(|o| *o != first), "five other seeds all drew {first:?}");
    let history = svc.stdout(&["history", "A-000001", "--format", "csv"]);
    assert!(history.contains("\"\"seed\"\":42"), "{history}");
}

#[test]
fn r7_1_a_standard_is_revised_as_a_new_version_and_no_version_ever_changes() {
    let svc = Svc::with_examples();
    svc.write("QS-REP-01.md", "# 维修作业规范 v1\n");
    let add = [
        "audit",
        "standard",
        "add",
        "QS-REP-01",
        "--title",
        "维修作业规范",
        "--step",
        "repair",
        "--effective-on",
        "2025-03-01",
        "--owner",
        "E005",
        "--review-months",
        "12",
        "--file",
        "QS-REP-01.md",
    ];
    svc.run(&add).ok().stderr_has("version 1 recorded");
    svc.run(&add).code(4).stderr_has("a new version is a revision");
    svc.run(&["audit", "standard", "revise", "QS-NONE", "--effective-on", "2026-01-01"]).code(3);
    // Its review falls due on 2026-03-01, before today (2026-03-05).
    let due = csv_rows(&svc.run(&["audit", "standard", "list", "--review-due", "--exit-code"]).code(1).stdout);
    assert_eq!((due[1][0].as_str(), due[1][7].as_str()), ("QS-REP-01", "2026-03-01"));
    assert_eq!(csv_rows(&svc.stdout(&["due", "--kind", "standard-review"]))[1][1], "QS-REP-01");
    svc.write("QS-REP-01.md", "# 维修作业规范 v2\n");
    svc.run(&["audit", "standard", "revise", "QS-REP-01", "--effective-on", "2025-01-01"])
        .code(5)
        .stderr_has("before the version it replaces");
    svc.run(&["audit", "standard", "revise", "QS-REP-01", "--effective-on", "2026-03-05", "--file", "QS-REP-01.md"])
        .ok()
        .stderr_has("version 2 recorded");
    svc.run(&["audit", "standard", "list", "--review-due", "--exit-code"]).ok().stdout_is("");
    svc.run(&["audit", "standard", "list", "--review-due", "--within", "400d", "--exit-code"]).code(1);
    let versions = csv_rows(&svc.stdout(&["audit", "standard", "show", "QS-REP-01"]));
    assert_eq!(versions.len(), 3);
    assert_eq!((versions[1][1].as_str(), versions[2][1].as_str()), ("1", "2"));
    assert_eq!(versions[2][2], "维修作业规范", "what is not given stays as it was");
    assert_ne!(versions[1][9], versions[2][9], "each version keeps the hash of its own file");
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let e = conn.execute("UPDATE quality_standards SET title = 'x'", []).unwrap_err();
    assert!(e.to_string().contains("never changed"), "{e}");
    assert!(conn.execute("DELETE FROM quality_standards", []).is_err());
}

#[test]
fn r7_2_sampling_checks_counts_receipts_and_tickets_against_their_rules() {
    let svc = stocked();
    // Two posted counts: one variance with a note, one without.
    let mut counts = Vec::new();
    for (bin, note) in [("WH1/B-01", "破损报废"), ("WH1/A-01", "")] {
        let cnt = code(svc.run(&["parts", "count", "start", "--location", bin]));
        let mut sheet = String::new();
        for (i, mut row) in csv_rows(&svc.stdout(&["parts", "count", "sheet", &cnt])).into_iter().enumerate() {
            if i == 1 {
                let book: i64 = row[7].parse().unwrap();
                row[8] = (book - 1).to_string();
                row[9] = note.to_string();
            } else if i > 1 {
                row[8] = row[7].clone();
            }
            sheet.push_str(&row.join(","));
            sheet.push('\n');
        }
        let filled = svc.write("filled.csv", sheet);
        svc.run(&["parts", "count", "submit", &cnt, filled.to_str().unwrap()]).ok();
        svc.run(&["parts", "count", "post", &cnt, "--reason", "月度盘点"]).ok();
        counts.push(cnt);
    }
    // Two receipts: one inspected before stock; one whose goods were put in stock around svc.
    let po = code(svc.run(&["parts", "po", "create", "--supplier", "SUP01", "--line", "0013:10:250.00:2026-03-10"]));
    let good = code(svc.run(&["parts", "po", "receive", &po, "--location", "WH1/A-02", "--line", "0013:4:L1"]));
    svc.run(&["parts", "inspect", &good, "--accept-rest", "--by", "E004"]).ok();
    let early = code(svc.run(&["parts", "po", "receive", &po, "--location", "WH1/A-02", "--line", "0013:6:L2"]));
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute(
        "INSERT INTO movements(at, actor, kind, part_id, location_id, lot, qty, unit_cost, ref)
         SELECT '2026-03-05T02:00:00Z', 'legacy', 'receipt', p.id, l.id, 'L2', 6, 25000, ?1
           FROM parts p, locations l WHERE p.part_no = '0013' AND l.bin = 'A-02'",
        [&early],
    )
    .unwrap();
    // Two closed tickets: one never given to a technician.
    let answered = fault(&svc, "normal");
    svc.run(&["ticket", "respond", &answered, "--note", "已电话指导"]).ok();
    svc.run(&["ticket", "close", &answered, "--resolution", "指导复位后正常"]).ok();
    let args =
        ["ticket", "open", "--customer", "C0001", "--channel", "hotline", "--kind", "enquiry", "--symptom", "问价"];
    let unassigned = code(svc.run(&args));
    svc.run(&["ticket", "close", &unassigned, "--resolution", "已报价"]).ok();

    let a = inspection(&svc);
    let out = svc
        .run(&[
            "audit",
            "sample",
            &a,
            "--counts",
            "5",
            "--receipts",
            "5",
            "--tickets",
            "5",
            "--since",
            "2026-01-01",
            "--seed",
            "1",
        ])
        .ok();
    let rows = csv_rows(&out.stdout);
    let mut got: Vec<(String, String)> = rows[1..].iter().map(|r| (r[0].clone(), r[2].clone())).collect();
    got.sort();
    let mut want = vec![
        (counts[0].clone(), String::new()),
        (counts[1].clone(), "variance".to_string()),
        (good.clone(), String::new()),
        (early.clone(), "stock".to_string()),
        (answered.clone(), String::new()),
        (unassigned.clone(), "assigned".to_string()),
    ];
    want.sort();
    assert_eq!(got, want, "{}", out.stdout);
    let findings = csv_rows(&svc.stdout(&["audit", "findings", "--audit", &a]));
    let clauses: Vec<(&str, &str)> = findings[1..].iter().map(|r| (r[5].as_str(), r[4].as_str())).collect();
    assert!(clauses.contains(&(counts[1].as_str(), "R4.2.2")), "{clauses:?}");
    assert!(clauses.contains(&(early.as_str(), "R4.1.3")), "{clauses:?}");
    assert!(clauses.contains(&(unassigned.as_str(), "R3.1.2")), "{clauses:?}");
    assert_eq!(clauses.len(), 3);
    svc.run(&["audit", "sample", &a, "--since", "2026-01-01"]).code(2).stderr_has("--repairs N");
}

#[test]
fn r7_2_a_filled_checklist_turns_its_failed_items_into_findings_and_a_bad_one_writes_nothing() {
    let svc = Svc::with_examples();
    let a = inspection(&svc);
    let list = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/checklists/service-site.yaml");
    let template = list.with_file_name("service-site-template.yaml");
    svc.run(&["audit", "template", "import", template.to_str().unwrap()]).ok();
    let out = svc.run(&["audit", "checklist", &a, list.to_str().unwrap()]).ok();
    assert!(out.stderr.contains("4 checklist items answered; 1 findings recorded"), "{}", out.stderr);
    let findings = csv_rows(&svc.stdout(&["audit", "findings", "--audit", &a]));
    assert_eq!(findings.len(), 2);
    assert_eq!(
        (findings[1][2].as_str(), findings[1][4].as_str(), findings[1][5].as_str()),
        ("manual", "R3.4.1", "WH1")
    );
    assert!(findings[1][6].contains("拆下的旧电源板未标识"), "{:?}", findings[1]);
    svc.write("bad.yaml", "title: t\nitems:\n  - {id: a, clause: R1.3, question: q, result: fail}\n  - {id: b, clause: R1.3, question: q}\n");
    svc.run(&["audit", "checklist", &a, "bad.yaml"])
        .code(5)
        .stderr_has("bad.yaml: items[1].result: item b is not answered");
    assert_eq!(csv_rows(&svc.stdout(&["audit", "findings", "--audit", &a])).len(), 2, "nothing half-written");
}

#[test]
fn r7_1_a_legacy_register_imports_version_by_version_and_exports_the_same() {
    let svc = Svc::with_examples();
    svc.write(
        "register.csv",
        "code,version,title,step,effective_on,owner,review_months\n\
         QS-IN-01,1,受理规范,intake,2024-01-01,E003,12\n\
         QS-IN-01,2,受理规范（修订）,intake,2025-01-01,E003,12\n\
         QS-IN-01,4,跳号,intake,2025-06-01,E003,12\n\
         QS-PA-01,1,配件领用规范,parts,2025/3/1,E006,24\n",
    );
    svc.run(&["audit", "standard", "import", "register.csv"]).code(5).stderr_has("line 4: version");
    svc.run(&["audit", "standard", "import", "register.csv", "--rejects", "bad.csv"]).ok().stderr_has("inserted 3");
    let rows = csv_rows(&svc.stdout(&["audit", "standard", "list"]));
    let latest: Vec<(&str, &str, &str)> =
        rows[1..].iter().map(|r| (r[0].as_str(), r[1].as_str(), r[7].as_str())).collect();
    // E006 has left: an old register still names who owned a standard.
    assert_eq!(latest, [("QS-IN-01", "2", "2026-01-01"), ("QS-PA-01", "1", "2027-03-01")]);
    svc.run(&["audit", "standard", "export", "-o", "out.csv"]).ok();
    let other = Svc::with_examples();
    other.write("out.csv", svc.read("out.csv"));
    other.run(&["audit", "standard", "import", "out.csv"]).ok();
    other.run(&["audit", "standard", "export", "-o", "again.csv"]).ok();
    assert_eq!(svc.read("out.csv"), other.read("again.csv"));
    let changed = String::from_utf8(svc.read("out.csv")).unwrap().replace("受理规范（修订）", "改过");
    svc.write("changed.csv", changed);
    svc.run(&["audit", "standard", "import", "changed.csv", "--mode", "upsert"]).code(5).stderr_has("never changed");
}

#[test]
fn r7_3_a_closed_complaint_still_takes_its_adverse_event_report_and_nothing_else() {
    let svc = Svc::with_examples();
    let c = complaint(&svc, &["--patient-harm", "possible"]);
    svc.run(&["complaint", "investigate", &c, "--finding", "用户操作不当", "--root-cause", "other"]).ok();
    svc.run(&["complaint", "resolve", &c, "--solution", "上门培训"]).ok();
    svc.run(&["complaint", "inform", &c, "--by", "E003", "--method", "visit", "--customer-response", "accepted"]).ok();
    svc.run(&["complaint", "close", &c]).ok();
    svc.run(&["complaint", "corrective", &c, "--finding", "F-000001"])
        .code(4)
        .stderr_has("a closed complaint is not changed");
    svc.run(&["complaint", "report-event", &c, "--reported-on", "2026-03-04", "--reference", "x"])
        .code(5)
        .stderr_has("before it was received");
    svc.run(&["complaint", "report-event", &c, "--reported-on", "2026-03-05", "--reference", "ADR-1"]).ok();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let e = conn.execute("UPDATE complaints SET solution = 'x' WHERE code = ?1", [&c]).unwrap_err();
    assert!(e.to_string().contains("a closed complaint is never changed"), "{e}");
    assert!(conn.execute("DELETE FROM complaints", []).is_err());
}

/// An inspection held and closed, with a finding rectified over two rounds and one still open.
fn inspection_with_rounds(svc: &Svc) -> (String, String, String) {
    let a = inspection(svc);
    let f = finding(svc, &a);
    svc.run(&["audit", "rectify", &f, "--action", "已更换灭火器", "--by", "E002"]).ok();
    svc.run(&["audit", "recheck", &f, "--by", "E005", "--result", "not-effective", "--note", "月检表未建立"]).code(5);
    svc.run(&[
        "audit",
        "recheck",
        &f,
        "--by",
        "E005",
        "--result",
        "not-effective",
        "--note",
        "月检表未建立",
        "--deadline",
        "2026-03-31",
    ])
    .ok();
    svc.run(&["audit", "rectify", &f, "--action", "建立月检表", "--by", "E002"]).ok();
    svc.run(&["audit", "recheck", &f, "--by", "E005", "--result", "effective", "--note", "复查合格"]).ok();
    let open = finding(svc, &a);
    svc.run(&["audit", "close", &a, "--summary", "库房检查，问题2项"]).ok();
    (a, f, open)
}

#[test]
fn r7_2_inspections_findings_and_rounds_move_as_files_and_come_back_the_same() {
    let svc = Svc::with_examples();
    let (a, f, open) = inspection_with_rounds(&svc);
    for what in ["inspections", "findings", "rectifications"] {
        svc.run(&["audit", "export", what, "-o", &format!("{what}.csv")]).ok();
    }
    let rounds = csv_rows(&String::from_utf8(svc.read("rectifications.csv")).unwrap());
    assert_eq!(rounds.len(), 5, "{rounds:?}");
    assert_eq!(rounds[2][..3], [f.clone(), "1".into(), "recheck".into()]);
    // Another database takes them in order and exports the same files.
    let other = Svc::with_examples();
    for what in ["inspections", "findings", "rectifications"] {
        other.write(&format!("{what}.csv"), svc.read(&format!("{what}.csv")));
        other.run(&["audit", "import", what, &format!("{what}.csv")]).ok().stderr_has("inserted");
    }
    for what in ["inspections", "findings", "rectifications"] {
        other.run(&["audit", "export", what, "-o", &format!("again-{what}.csv")]).ok();
        assert_eq!(svc.read(&format!("{what}.csv")), other.read(&format!("again-{what}.csv")), "{what}");
    }
    other.run(&["audit", "findings", "--status", "closed"]).ok().stdout_has(&f);
    other.run(&["audit", "findings", "--status", "open"]).ok().stdout_has(&open);
    other.run(&["audit", "list", "--status", "closed"]).ok().stdout_has(&a);
    // Nothing is changed by an import: a record changes only through its commands.
    other.run(&["audit", "import", "findings", "findings.csv", "--mode", "upsert"]).ok().stderr_has("unchanged");
    let changed = String::from_utf8(svc.read("findings.csv")).unwrap().replace("库房灭火器过期", "灭火器");
    other.write("changed.csv", changed);
    other
        .run(&["audit", "import", "findings", "changed.csv", "--mode", "upsert"])
        .code(5)
        .stderr_has("changes only through its commands");
    // The whole-database export carries them as per-area files, and a flat merge takes them.
    svc.run(&["export", "dir"]).ok();
    for what in ["inspections", "findings", "rectifications"] {
        assert!(svc.path(&format!("dir/{what}.csv")).exists(), "{what}");
    }
    let third = Svc::new();
    third.run(&["import", &svc.path("dir").display().to_string(), "--flat"]).ok();
    third.run(&["audit", "export", "rectifications", "-o", "r.csv"]).ok();
    assert_eq!(third.read("r.csv"), svc.read("rectifications.csv"));
}

#[test]
fn r7_2_an_imported_inspection_or_round_is_held_to_the_rules_of_its_command() {
    let svc = Svc::with_examples();
    svc.write(
        "inspections.csv",
        "code,scope,planned_on,auditor,status,opened_at,closed_at,summary\n\
         A-2024-01,repairs,2024-05-01,E005,closed,2024-05-01 09:00,2024-05-02 17:00,抽查10单\n\
         A-2024-02,parts,2024-06-01,E005,closed,2024-06-01 09:00,2024-06-01 17:00,\n\
         A-2024-03,repairs,2024-07-01,E005,cancelled,2024-07-01 09:00,,与外审冲突\n",
    );
    svc.run(&["audit", "import", "inspections", "inspections.csv"])
        .code(5)
        .stderr_has("line 3: status: inspection A-2024-02 cannot be closed with these facts")
        .stderr_has("line 4: status: inspection A-2024-03 cannot be cancelled");
    svc.run(&["audit", "import", "inspections", "inspections.csv", "--rejects", "bad.csv"])
        .ok()
        .stderr_has("inserted 1");
    svc.write(
        "findings.csv",
        "code,audit,source,severity,clause,record,description,raised_by,raised_at,owner,deadline\n\
         F-2024-01,A-2024-01,manual,minor,R3.5.1,R-1,回访逾期,,2024-05-01 10:00,E002,2024-05-20\n\
         F-2024-02,A-2024-01,manual,minor,R3.5.1,R-2,回访逾期,,2024-05-03 10:00,E002,2024-05-20\n\
         F-2024-03,A-2024-01,manual,minor,R3.5.1,R-3,回访逾期,,2024-05-01 11:00,E002,2024-04-20\n",
    );
    svc.run(&["audit", "import", "findings", "findings.csv"])
        .code(5)
        .stderr_has("line 3: raised_at: finding F-2024-02 was not raised while inspection A-2024-01 was open")
        .stderr_has("line 4: deadline: the deadline 2024-04-20 is before the day it is given");
    svc.run(&["audit", "import", "findings", "findings.csv", "--rejects", "bad-findings.csv"]).ok();
    // The rounds replay the loop: not by the auditor who raised it, re-checked by someone
    // else, in order; a re-check before any action is refused as the command refuses it.
    svc.write(
        "rounds.csv",
        "finding,round,kind,at,by,text,result,new_deadline\n\
         F-2024-01,1,recheck,2024-05-09 10:00,E005,未见整改,effective,\n\
         F-2024-01,1,action,2024-05-10 10:00,E005,自行整改,,\n\
         F-2024-01,1,action,2024-05-10 10:00,E002,建立回访提醒,,\n\
         F-2024-01,1,recheck,2024-05-15 10:00,E002,自查合格,effective,\n\
         F-2024-01,2,recheck,2024-05-15 10:00,E005,复查合格,effective,\n\
         F-2024-01,1,recheck,2024-05-15 10:00,E005,复查合格,effective,\n",
    );
    svc.run(&["audit", "import", "rectifications", "rounds.csv"])
        .code(5)
        .stderr_has("line 2: kind: finding F-2024-01 is open")
        .stderr_has("line 3: by: E005 raised finding F-2024-01")
        .stderr_has("line 5: by: ")
        .stderr_has("line 6: round: finding F-2024-01 is in round 1, not 2");
    svc.run(&["audit", "findings", "--status", "open"]).ok().stdout_has("F-2024-01");
    svc.run(&["audit", "import", "rectifications", "rounds.csv", "--rejects", "bad-rounds.csv"])
        .ok()
        .stderr_has("inserted 2");
    svc.run(&["audit", "findings", "--status", "closed"]).ok().stdout_has("F-2024-01");
    svc.run(&["history", "F-2024-01"]).ok().stdout_has("recheck");
}

#[test]
fn r7_2_a_checklist_template_in_use_never_changes_a_changed_one_is_the_next_version_with_its_reason() {
    let svc = Svc::with_examples();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/checklists");
    let template = dir.join("service-site-template.yaml");
    let template = template.to_str().unwrap();
    svc.run(&["audit", "template", "import", template]).ok().stderr_has("QC-SITE version 1 recorded");
    svc.run(&["audit", "template", "import", template]).ok().stderr_has("unchanged (version 1)");
    // The sheet svc writes is what an auditor fills in; an unanswered sheet is refused.
    svc.run(&["audit", "template", "sheet", "QC-SITE", "-o", "sheet.yaml"]).ok();
    let sheet = String::from_utf8(svc.read("sheet.yaml")).unwrap();
    assert!(
        sheet.contains("checklist: QC-SITE\nversion: 1\n") && sheet.contains("# 安规测试仪在校准有效期内"),
        "{sheet}"
    );
    let a = inspection(&svc);
    svc.run(&["audit", "checklist", &a, "sheet.yaml"]).code(5).stderr_has("items[0].result");
    let filled = sheet.replacen("result:\n", "result: fail\n", 1).replace("result:\n", "result: pass\n");
    svc.write("filled.yaml", filled);
    svc.run(&["audit", "checklist", &a, "filled.yaml"]).ok().stderr_has("1 findings recorded");
    // A changed text needs its reason and becomes version 2; version 1 stays as it was.
    let changed = std::fs::read_to_string(template).unwrap().replace("severity: major", "severity: minor")
        + "  - id: exits\n    clause: R4.2.3\n    question: 安全出口标识清楚\n";
    svc.write("v2.yaml", &changed);
    svc.run(&["audit", "template", "import", "v2.yaml"])
        .code(4)
        .stderr_has("differs from version 1: it becomes version 2; say why with --reason");
    svc.run(&["audit", "template", "import", "v2.yaml", "--reason", "增加安全出口检查项"])
        .ok()
        .stderr_has("QC-SITE version 2 recorded");
    let versions = csv_rows(&svc.stdout(&["audit", "template", "list", "--all-versions"]));
    assert_eq!(versions.len(), 3, "{versions:?}");
    assert_eq!((versions[1][1].as_str(), versions[1][3].as_str(), versions[1][6].as_str()), ("1", "4", "1"));
    assert_eq!(
        (versions[2][1].as_str(), versions[2][3].as_str(), versions[2][4].as_str()),
        ("2", "5", "增加安全出口检查项")
    );
    svc.run(&["audit", "template", "show", "QC-SITE", "--version", "1"]).ok().stdout_has("major").stdout_has("fire");
    // A sheet answers exactly the questions of the version it names.
    let b = inspection(&svc);
    svc.run(&["audit", "checklist", &b, "filled.yaml"]).ok();
    svc.write("v2-sheet.yaml", sheet.replace("version: 1", "version: 2").replace("result:\n", "result: pass\n"));
    svc.run(&["audit", "checklist", &b, "v2-sheet.yaml"]).code(5).stderr_has("items: item exits is not answered");
    svc.write(
        "edited.yaml",
        "checklist: QC-SITE\nversion: 1\nitems:\n  - {id: attitude, result: pass}\n  - {id: tidy, result: pass}\n  - {id: instruments, result: fail, severity: minor}\n  - {id: fire, result: pass}\n",
    );
    svc.run(&["audit", "checklist", &b, "edited.yaml"]).code(5).stderr_has("items[2].severity: item instruments");
    svc.write("none.yaml", "items:\n  - {id: attitude, result: pass}\n");
    svc.run(&["audit", "checklist", &b, "none.yaml"]).code(5).stderr_has("none.yaml: checklist: name the template");
    // The inspection records the version each checklist answered.
    let shown = svc.stdout(&["--format", "json", "audit", "show", &b]);
    assert!(shown.contains("\"checklist\": \"QC-SITE\",\n      \"version\": 1,"), "{shown}");
    svc.run(&["history", "QC-SITE"]).ok().stdout_has("import");
}
