//! SLA clocks in working hours and the business time zone (issue 17): a calendar of
//! working days and hours with China's holidays and adjusted working days (调休), per
//! priority; every time shown and typed in the zone the database keeps.

mod common;

use common::Svc;

/// A database with a customer, the 2026 holiday schedule, and normal tickets on the
/// working-hours clock with a 4 h first-response target.
fn business() -> Svc {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "C1", "--name", "市第一人民医院", "--type", "hospital"]).ok();
    let cal = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/calendar/cn-2026.csv");
    svc.run(&["calendar", "import", cal.to_str().unwrap()]).ok().stderr_has("inserted 39");
    svc.run(&["config", "set", "sla.normal.clock", "business"]).ok();
    svc.run(&["config", "set", "sla.normal.response", "4h"]).ok();
    svc.run(&["staff", "add", "--code", "E1", "--name", "张工", "--role", "engineer"]).ok();
    svc
}

fn open(svc: &Svc, at: &str, priority: &str) -> String {
    let args = ["ticket", "open", "--customer", "C1", "--channel", "hotline", "--kind", "enquiry"];
    let code = svc.run(&[&args[..], &["--priority", priority, "--symptom", "咨询", "--at", at]].concat()).ok().stdout;
    code.trim().to_string()
}

fn field(svc: &Svc, ticket: &str, name: &str) -> String {
    let out = svc.run(&["ticket", "show", ticket, "--format", "json"]).ok().stdout;
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    v[name].as_str().unwrap_or_default().to_string()
}

#[test]
fn r3_2_1_a_business_clock_skips_the_night_and_the_weekend() {
    let svc = business().at("2026-11-30T09:00:00+08:00");
    // Friday 17:00: half an hour that day, three and a half on Monday morning.
    let t = open(&svc, "2026-11-27 17:00", "normal");
    assert_eq!(field(&svc, &t, "response_due"), "2026-11-30 12:00:00");
    // Opened at night: the clock starts at 08:30.
    let t = open(&svc, "2026-11-26 22:15", "normal");
    assert_eq!(field(&svc, &t, "response_due"), "2026-11-27 12:30:00");
}

#[test]
fn r3_2_1_a_business_clock_skips_a_public_holiday_and_counts_a_tiaoxiu_saturday() {
    let svc = business().at("2026-11-30T09:00:00+08:00");
    // Wednesday 30 September 16:30: one hour that day, the National Day week off.
    let t = open(&svc, "2026-09-30 16:30", "normal");
    assert_eq!(field(&svc, &t, "response_due"), "2026-10-08 11:30:00");
    // Friday 9 October 17:00: Saturday 10 October is an adjusted working day (调休).
    let t = open(&svc, "2026-10-09 17:00", "normal");
    assert_eq!(field(&svc, &t, "response_due"), "2026-10-10 12:00:00");
    svc.run(&["calendar", "days", "--from", "2026-10-10", "--days", "2"])
        .ok()
        .stdout_has("2026-10-10,Sat,yes,08:30-17:30,国庆节调休上班")
        .stdout_has("2026-10-11,Sun,no,,weekend");
}

#[test]
fn r3_2_1_urgent_tickets_keep_running_around_the_clock() {
    let svc = business().at("2026-11-30T09:00:00+08:00");
    let t = open(&svc, "2026-11-27 17:00", "urgent");
    assert_eq!(field(&svc, &t, "response_due"), "2026-11-27 19:00:00");
}

#[test]
fn r3_2_1_a_wait_over_the_night_keeps_the_working_time_left() {
    let svc = business().at("2026-12-01T12:00:00+08:00");
    // Monday 16:30, 4 h: waiting from 17:00 (30 min used), resumed Tuesday 10:00.
    let t = open(&svc, "2026-11-30 16:30", "normal");
    svc.run(&["ticket", "assign", &t, "--to", "E1", "--at", "2026-11-30 16:40"]).ok();
    svc.run(&["ticket", "wait", &t, "--reason", "customer", "--at", "2026-11-30 17:00"]).ok();
    svc.run(&["ticket", "resume", &t, "--at", "2026-12-01 10:00"]).ok();
    assert_eq!(field(&svc, &t, "response_due"), "2026-12-01 13:30:00");
}

#[test]
fn r3_2_1_a_later_change_of_the_clock_does_not_move_tickets_already_open() {
    let svc = business().at("2026-12-01T12:00:00+08:00");
    let t = open(&svc, "2026-11-30 16:30", "normal");
    svc.run(&["config", "set", "sla.normal.clock", "24x7"]).ok();
    svc.run(&["ticket", "assign", &t, "--to", "E1", "--at", "2026-11-30 16:40"]).ok();
    svc.run(&["ticket", "wait", &t, "--reason", "parts", "--at", "2026-11-30 17:00"]).ok();
    svc.run(&["ticket", "resume", &t, "--at", "2026-12-01 10:00"]).ok();
    assert_eq!(field(&svc, &t, "response_due"), "2026-12-01 13:30:00", "still working hours");
    // A ticket opened now runs around the clock.
    let u = open(&svc, "2026-11-30 16:30", "normal");
    assert_eq!(field(&svc, &u, "response_due"), "2026-11-30 20:30:00");
}

#[test]
fn calendar_settings_and_days_refuse_what_they_cannot_read() {
    let svc = Svc::new();
    svc.run(&["config", "set", "calendar.hours", "17:30-08:30"])
        .code(5)
        .stderr_has("calendar.hours: \"17:30-08:30\" is no working day; write its opening and closing time");
    svc.run(&["config", "set", "calendar.days", "Mo-Fr"]).code(5).stderr_has("such as Mon-Fri");
    svc.run(&["config", "set", "calendar.days", "周一至周六"]).ok();
    svc.run(&["config", "get", "calendar.days"]).ok().stdout_has("Mon-Sat");
    svc.run(&["config", "set", "sla.low.clock", "sometimes"]).code(5).stderr_has("use 24x7");
    let bad = svc.write("bad.csv", "day,kind,name\n2026-10-01,半天,国庆\n2026-02-30,holiday,x\n");
    svc.run(&["calendar", "import", bad.to_str().unwrap()])
        .code(5)
        .stderr_has("半天 is not holiday (休) or workday (班)")
        .stderr_has("nothing was written");
    svc.run(&["calendar", "list"]).ok().stdout_is("");
    // Chinese schedule marks import as kinds.
    let zh = svc.write("zh.csv", "day,kind,name\n2027-02-06,班,春节调休上班\n");
    svc.run(&["calendar", "import", zh.to_str().unwrap()]).ok();
    svc.run(&["calendar", "list"]).ok().stdout_has("2027-02-06,workday,春节调休上班");
}

#[test]
fn a_database_keeps_its_business_zone_whatever_the_machines_tz() {
    // Made in Shanghai: the zone is stored at init.
    let svc = Svc::new();
    svc.run(&["config", "get", "time.zone"]).ok().stdout_has("+08:00");
    svc.run(&["customer", "add", "--code", "C1", "--name", "医院", "--type", "hospital"]).ok();
    let args = ["ticket", "open", "--customer", "C1", "--channel", "hotline", "--kind", "enquiry", "--symptom", "x"];
    // A cron job on a UTC server types and reads times in the database's zone.
    let t = svc.run_env(&[&args[..], &["--at", "2026-03-05 09:00"]].concat(), &[("TZ", "UTC")]).ok().stdout;
    let t = t.trim();
    let show = |env: &[(&str, &str)], extra: &[&str]| {
        let out = svc.run_env(&[&["ticket", "show", t, "--format", "json"][..], extra].concat(), env).ok().stdout;
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["opened"].as_str().unwrap().to_string()
    };
    assert_eq!(show(&[("TZ", "UTC")], &[]), "2026-03-05 09:00:00");
    assert_eq!(show(&[("TZ", "America/New_York")], &[]), "2026-03-05 09:00:00");
    // --tz shows another zone for one run, and SVC_TZ likewise.
    assert_eq!(show(&[("TZ", "UTC")], &["--tz", "UTC"]), "2026-03-05 01:00:00");
    assert_eq!(show(&[("SVC_TZ", "+09:00")], &[]), "2026-03-05 10:00:00");
    svc.run(&["--tz", "Mars/Olympus", "ticket", "list"]).code(2).stderr_has("--tz \"Mars/Olympus\" is no time zone");
    svc.run(&["config", "set", "time.zone", "Europe/Paris"]).code(5).stderr_has("a zone without daylight saving time");
    svc.run(&["config", "set", "time.zone", "UTC"]).ok();
    assert_eq!(show(&[("TZ", "Asia/Shanghai")], &[]), "2026-03-05 01:00:00");
}

#[test]
fn a_timeline_follows_when_steps_happened_and_shows_when_a_late_entry_was_recorded() {
    let svc = business().at("2026-12-01T10:00:00+08:00");
    let t = open(&svc, "2026-12-01 09:00", "normal");
    svc.run(&["ticket", "assign", &t, "--to", "E1", "--at", "2026-12-01 09:30"]).ok();
    // A call noted afterwards, that came in before the assignment.
    svc.run(&["ticket", "note", &t, "客户来电补充症状", "--at", "2026-12-01 09:10"]).ok();
    let out = svc.run(&["ticket", "show", &t, "--format", "json"]).ok().stdout;
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let steps: Vec<(&str, &str, &str)> = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["at"].as_str().unwrap(), s["action"].as_str().unwrap(), s["recorded"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            ("2026-12-01 09:00:00", "open", "2026-12-01 10:00:00"),
            ("2026-12-01 09:10:00", "note", "2026-12-01 10:00:00"),
            ("2026-12-01 09:30:00", "assign", "2026-12-01 10:00:00"),
        ]
    );
}
