//! `svc due`: one listing of everything due or overdue across the areas (certificates
//! R2.1, ticket SLA R3.2.1, follow-ups R3.5.1, late deliveries R4.1.2, warehouse safety
//! checks R4.2.3), for one morning cron job. The clock is common::NOW, 2026-03-05 10:00
//! (Asia/Shanghai), moved with SVC_NOW.

mod common;
use common::*;

const HEADER: &str = "kind,code,subject,due,days_late,who,clause\n";

/// One deadline of each kind but follow-ups, none due before 2026-03-05 12:00:
/// certificate DG-1 expires 2026-03-10; PO-000001 is to arrive 2026-03-08; WH1 was
/// checked 2026-03-01 09:00 and is checked every 7 days (due 03-08); an urgent ticket
/// opened at 10:00 is due a first response at 12:00 and resolution the next day 10:00.
fn deadlines() -> Svc {
    let svc = Svc::with_examples();
    svc.run(&["staff", "cert", "add", "E001", "--type", "电工作业证", "--number", "DG-1", "--expires", "2026-03-10"])
        .ok();
    svc.run(&["parts", "import", example("parts.csv").to_str().unwrap()]).ok();
    svc.run(&["parts", "supplier", "import", example("suppliers.csv").to_str().unwrap()]).ok();
    svc.run(&["parts", "po", "create", "--supplier", "SUP02", "--line", "0100:50:1.45:2026-03-08"]).ok();
    svc.run(&["parts", "location", "add", "WH1"]).ok();
    svc.run(&["config", "set", "safety_check_days", "7"]).ok();
    let check = ["parts", "safety", "check", "WH1", "--fire", "ok", "--damp", "ok", "--security", "ok"];
    svc.run(&[&check[..], &["--by", "E004", "--at", "2026-03-01 09:00"]].concat()).ok();
    ticket(&svc, "urgent", "报警");
    svc
}

/// A fault ticket on device 00012345 of C0001, opened now; its code.
fn ticket(svc: &Svc, priority: &str, symptom: &str) -> String {
    let args = ["--customer", "C0001", "--equipment", "00012345", "--channel", "hotline", "--kind", "fault"];
    let opened = svc.run(&[&["ticket", "open"], &args[..], &["--priority", priority, "--symptom", symptom]].concat());
    opened.ok().stdout.trim().to_string()
}

#[test]
fn due_lists_every_kind_in_one_shape_most_overdue_first_with_days_late() {
    let svc = deadlines();
    let late = svc.run_env(&["due", "--exit-code"], &[("SVC_NOW", "2026-03-12")]).code(1);
    late.stdout_is(&format!(
        "{HEADER}\
         ticket,T-000001,first response: 报警,2026-03-05 12:00:00,7,C0001,R3.2.1\n\
         ticket,T-000001,resolution: 报警,2026-03-06 10:00:00,6,C0001,R3.2.1\n\
         po,PO-000001,delivery from 上海瑞恒电子有限公司: 1 line(s) not in,2026-03-08,4,SUP02,R4.1.2\n\
         safety,WH1,safety check of WH1 (last 2026-03-01 09:00:00),2026-03-08,4,,R4.2.3\n\
         certificate,DG-1,renew 电工作业证 of 张伟,2026-03-10,2,E001,R2.1\n"
    ));
    // The same rows in every format; in JSON days late are numbers.
    let json = svc.run_env(&["--format", "json", "due"], &[("SVC_NOW", "2026-03-12")]).ok().stdout;
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(5), "{json}");
    assert_eq!(rows[4]["days_late"], 2);
    assert_eq!(rows[4]["kind"], "certificate");
    svc.run_env(&["--format", "yaml", "due", "--kind", "safety"], &[("SVC_NOW", "2026-03-12")])
        .ok()
        .stdout_has("clause: R4.2.3");
}

#[test]
fn due_shows_nothing_before_the_window_and_counts_days_left_inside_it() {
    let svc = deadlines();
    // 10:00: the first response is due at 12:00 today, the rest later.
    svc.run(&["due", "--exit-code"])
        .code(1)
        .stdout_is(&format!("{HEADER}ticket,T-000001,first response: 报警,2026-03-05 12:00:00,0,C0001,R3.2.1\n"));
    // Nothing is past due yet: silence, exit 0 even with --exit-code.
    svc.run(&["due", "--overdue", "--exit-code"]).ok().stdout_is("");
    // The window takes whole days: within 2d reaches the end of 2026-03-07.
    let soon = csv_rows(&svc.run(&["due", "--within", "2d"]).ok().stdout);
    let got: Vec<(&str, &str)> = soon.iter().skip(1).map(|r| (r[0].as_str(), r[4].as_str())).collect();
    assert_eq!(got, [("ticket", "0"), ("ticket", "-1")]);
    // The certificate expiring 2026-03-10: outside a 4-day window, inside a 5-day one.
    svc.run(&["due", "--within", "4d", "--kind", "certificate", "--exit-code"]).ok().stdout_is("");
    svc.run(&["due", "--within", "5d", "--kind", "certificate", "--exit-code"])
        .code(1)
        .stdout_is(&format!("{HEADER}certificate,DG-1,renew 电工作业证 of 张伟,2026-03-10,-5,E001,R2.1\n"));
    // At 12:00 the response is overdue by the clock, on its own day.
    svc.run_env(&["due", "--overdue", "--kind", "ticket"], &[("SVC_NOW", "2026-03-05 12:00:01")])
        .ok()
        .stdout_has("first response")
        .stdout_has(",0,C0001,");
}

#[test]
fn due_kinds_filter_and_done_work_leaves_the_list() {
    let svc = deadlines();
    let at = [("SVC_NOW", "2026-03-12")];
    let kinds = |args: &[&str]| -> Vec<String> {
        let out = svc.run_env(&[&["due"], args].concat(), &at).ok().stdout;
        csv_rows(&out).iter().skip(1).map(|r| r[0].clone()).collect()
    };
    assert_eq!(kinds(&["--kind", "po", "--kind", "certificate"]), ["po", "certificate"]);
    assert_eq!(kinds(&["--kind", "safety,ticket"]), ["ticket", "ticket", "safety"]);
    assert_eq!(kinds(&["--kind", "po", "--kind", "po"]), ["po"], "a kind asked for twice is listed once");
    assert_eq!(kinds(&["--limit", "2"]), ["ticket", "ticket"], "the most overdue first");
    svc.run(&["due", "--kind", "nonsense"]).code(2).stderr_has("certificate, ticket, followup, po, safety");
    svc.run(&["due", "--within", "soon"]).code(2).stderr_has("30d");
    svc.run(&["due", "--within", "1d", "--overdue"]).code(2);

    // Done work leaves: the goods arrive, the warehouse is checked, the certificate is renewed.
    svc.run(&["parts", "location", "add", "WH1", "--bin", "A-01"]).ok();
    svc.run_env(&["parts", "po", "receive", "PO-000001", "--location", "WH1/A-01", "--line", "0100:50"], &at).ok();
    let check = ["parts", "safety", "check", "WH1", "--fire", "ok", "--damp", "ok", "--security", "ok"];
    svc.run_env(&[&check[..], &["--by", "E004"]].concat(), &at).ok();
    svc.write("renewed.csv", "staff_code,type,number,issued,expires\nE001,电工作业证,DG-1,2026-03-01,2029-03-10\n");
    svc.run(&["staff", "cert", "import", "renewed.csv", "--mode", "upsert"]).ok();
    assert_eq!(kinds(&[]), ["ticket", "ticket"]);
    // A staff member who has left is no one's deadline.
    svc.run(&["staff", "cert", "add", "E006", "--type", "x", "--number", "OLD-1", "--expires", "2026-01-01"]).ok();
    assert_eq!(kinds(&["--kind", "certificate"]), Vec::<String>::new());
}

#[test]
fn r3_5_1_follow_ups_come_due_in_svc_due_on_their_day_and_leave_when_made() {
    // common::signed_repair: device 00012345 of C0001, assigned to E002, signed at
    // common::NOW; its follow-up call falls due 7 days later, on 2026-03-12.
    let svc = Svc::with_examples();
    let r = signed_repair(&svc);
    let due = |now: &str| svc.run_env(&["due", "--kind", "followup", "--exit-code"], &[("SVC_NOW", now)]);
    due("2026-03-11").ok().stdout_is("");
    due("2026-03-12").code(1).stdout_is(&format!(
        "{HEADER}followup,{r},follow up with 北京市第一人民医院 on 00012345,2026-03-12,0,E002,R3.5.1\n"
    ));
    due("2026-03-14").code(1).stdout_has(",2026-03-12,2,E002,");
    // The area's own listing computes through the same engine: two days overdue.
    let own = svc.run_env(&["repair", "followups", "--overdue"], &[("SVC_NOW", "2026-03-14")]).ok().stdout;
    assert_eq!(csv_rows(&own)[1][6], "2");
    svc.run_env(&["repair", "followup", &r, "--by", "E003", "--satisfaction", "5"], &[("SVC_NOW", "2026-03-14")]).ok();
    due("2026-03-14").ok().stdout_is("");
}
