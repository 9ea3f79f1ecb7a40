//! R6: emergency response. Plans as versioned YAML documents, drills timed against them
//! with findings that must be answered, reserves checked against the parts ledger, and
//! incidents that activate a plan, report upwards and close with the downtime.

mod common;
use common::*;

/// The reserve setup of every emergency test, and the monitor fleet plan beside the CT plan.
fn ready() -> Svc {
    let svc = with_reserve();
    svc.run(&["drill", "plan", "import", &plan_file("monitor-fleet-failure.yaml")]).ok();
    svc
}

fn ct_plan() -> String {
    std::fs::read_to_string(plan_file("ct-down-emergency.yaml")).unwrap()
}

#[test]
fn r6_1_a_bad_plan_is_refused_with_the_path_of_each_bad_field_and_nothing_is_written() {
    let svc = ready();
    let bad = |name: &str, text: String| {
        let file = svc.write(name, text);
        svc.run(&["drill", "plan", "import", file.to_str().unwrap()]).code(5).no_panic()
    };
    let plan = ct_plan().replace("code: EP-CT-ED", "code: EP-NEW");
    bad("missing.yaml", plan.replace("    on_site: 2h\n", "")).stderr_has("levels[0]: missing field `on_site`");
    bad("unknown.yaml", plan.replace("staffing:", "colour: red\nstaffing:")).stderr_has("unknown field `colour`");
    bad("notyaml.yaml", "code: [unclosed".into()).stderr_has("is not a valid plan document");
    // The rules of the document and what it names in the database: every problem at once.
    let wrong = plan
        .replace("primary: E004", "primary: E006")
        .replace("part: \"0100\"", "part: \"0999\"")
        .replace("within: 45m", "within: soon")
        .replace("role: liaison", "role: driver")
        .replace("primary: E003", "primary: E404")
        .replace("location: RES/ER-KIT", "location: RES/NOWHERE");
    bad("wrong.yaml", wrong)
        .stderr_has("nothing was imported")
        .stderr_has("roles[2].primary: staff member E006 (杨洋) has left and can take no role")
        .stderr_has("roles[3].primary: no staff member E404")
        .stderr_has("steps[2].within: \"soon\" is not a duration")
        .stderr_has("steps[3].role: \"driver\" is not a role of the plan")
        .stderr_has("reserve.location: no location RES/NOWHERE")
        .stderr_has("reserve.items[0].part: no part 0999 in the catalogue");
    bad("inactive-part.yaml", plan.replace("part: \"0100\"", "part: \"9001\""))
        .stderr_has("reserve.items[0].part: part 9001 (旧款主板) is no longer used");
    bad("dup.yaml", plan.replace("key: remote", "key: callback")).stderr_has("steps[1].key: \"callback\"");
    svc.run(&["drill", "plan", "show", "EP-NEW"]).code(3).stderr_has("no emergency plan EP-NEW");
    let listed = svc.stdout(&["drill", "plan", "list"]);
    assert!(!listed.contains("EP-NEW"), "{listed}");
}

#[test]
fn r6_1_a_changed_plan_is_version_n_plus_1_with_its_reason_and_old_versions_never_change() {
    let svc = ready();
    let v2 = svc.write("v2.yaml", ct_plan().replace("within: 45m", "within: 30m"));
    let v2 = v2.to_str().unwrap();
    svc.run(&["drill", "plan", "import", v2])
        .code(4)
        .stderr_has("plan EP-CT-ED differs from its version 1: importing it makes version 2, which needs its reason");
    svc.run(&["drill", "plan", "import", v2, "--reason", "出库时限缩短为30分钟"])
        .ok()
        .stdout_is("EP-CT-ED\n")
        .stderr_has("version 2 imported");
    // The same document again is no new version.
    svc.run(&["drill", "plan", "import", v2, "--reason", "again"]).ok().stderr_has("is the same as its version 2");
    // Version 1 reads as it was imported, byte for byte; the latest is version 2.
    svc.run(&["drill", "plan", "show", "EP-CT-ED", "--version", "1"]).ok().stdout_is(&ct_plan());
    assert!(svc.stdout(&["drill", "plan", "show", "EP-CT-ED"]).contains("within: 30m"));
    svc.run(&["drill", "plan", "show", "EP-CT-ED", "--version", "3"]).code(3).stderr_has("has no version 3");
    let diff = svc.stdout(&["drill", "plan", "diff", "EP-CT-ED", "1", "2"]);
    assert!(diff.contains("-   within: 45m\n+   within: 30m\n"), "{diff}");
    assert_eq!(diff.lines().filter(|l| l.starts_with(['+', '-'])).count(), 2, "{diff}");
    let versions = csv_rows(&svc.stdout(&["drill", "plan", "versions", "EP-CT-ED"]));
    assert_eq!(versions[2][4], "出库时限缩短为30分钟");
    // The database itself refuses to change or delete a version.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let e = conn.execute("UPDATE emergency_plan_versions SET title = 'x' WHERE version = 1", []).unwrap_err();
    assert!(e.to_string().contains("a plan version is never changed"), "{e}");
    assert!(conn.execute("DELETE FROM emergency_plan_versions", []).is_err());
    // Every step in the history.
    let history = svc.stdout(&["history", "EP-CT-ED"]);
    assert!(history.contains(",import,") && history.contains(",revise,"), "{history}");
}

#[test]
fn r6_1_plan_check_lists_a_plan_after_a_holder_leaves_and_after_its_reserve_runs_short() {
    let svc = ready();
    // The CT plan holds: its people are active, its reserve is full.
    let check = svc.run(&["drill", "plan", "check", "--exit-code"]).code(1).stdout;
    assert!(!check.contains("EP-CT-ED"), "{check}");
    assert!(
        check.contains("EP-PM9000-FLEET,1,reserve_expired,\"reserve PPE-GLOVE at RES/ER-KIT: 2 expired"),
        "{check}"
    );
    // A year on, the engineer's certificate has expired (R2.1): the plan relies on him.
    let next_year = At(&svc, "2027-03-01T09:00:00+08:00").stdout(&["drill", "plan", "check"]);
    assert!(
        next_year.contains("EP-CT-ED,1,certificate,roles[0].deputy: E001 (张伟) holds no valid certificate"),
        "{next_year}"
    );
    assert!(!next_year.contains("review_due"), "the review falls due on 2027-03-05: {next_year}");
    // The warehouse keeper leaves: the role has no deputy.
    svc.run(&["staff", "edit", "E004", "--active", "false"]).ok();
    // Fuses are taken from the reserve.
    let scrap = ["parts", "scrap", "0100", "--location", "RES/ER-KIT", "--qty", "3", "--reason", "受潮"];
    svc.run(&scrap).ok();
    let check = svc.run(&["drill", "plan", "check", "--exit-code"]).code(1).stdout;
    assert!(
        check.contains("EP-CT-ED,1,reference,roles[2].primary: staff member E004 (刘强) has left and can take no role"),
        "{check}"
    );
    assert!(check.contains("EP-CT-ED,1,reserve_short,\"reserve 0100 at RES/ER-KIT: 7 usable, the plan needs 10\""));
    // An activation calls nobody for a role whose holders have all left.
    svc.run(&["incident", "open", "--plan", "EP-CT-ED", "--level", "I", "--summary", "CT 停机"])
        .code(4)
        .stderr_has("nobody active holds role parts");
}

#[test]
fn r6_2_reserve_list_shows_what_is_short_or_expiring_and_is_silent_when_all_is_there() {
    let svc = ready();
    let all = csv_rows(&svc.stdout(&["drill", "reserve", "list", "--plan", "EP-CT-ED"]));
    assert_eq!(
        all[0],
        ["plan", "location", "part_no", "name", "need", "usable", "expired", "expiring", "short", "next_expiry"]
    );
    assert_eq!(all.len(), 4, "{all:?}");
    // Short or expired, for cron: the fleet plan's batteries and its expired gloves.
    let short = svc.run(&["drill", "reserve", "list", "--short", "--exit-code"]).code(1).stdout;
    assert_eq!(
        csv_rows(&short)[1..],
        [
            ["EP-PM9000-FLEET", "RES/ER-KIT", "0205", "电池组", "2", "1", "0", "0", "1", "2027-01-15"],
            ["EP-PM9000-FLEET", "RES/ER-KIT", "PPE-GLOVE", "一次性医用手套", "2", "0", "2", "0", "2", ""],
        ]
    );
    // The masks expire on 2026-03-20: within 30 days, not within 7.
    let soon = svc.run(&["drill", "reserve", "list", "--plan", "EP-CT-ED", "--expiring-within", "30d"]).ok().stdout;
    assert!(soon.contains("EP-CT-ED,RES/ER-KIT,PPE-N95,医用防护口罩,20,20,0,20,0,2026-03-20"), "{soon}");
    svc.run(&["drill", "reserve", "list", "--plan", "EP-CT-ED", "--expiring-within", "7d", "--exit-code"])
        .ok()
        .stdout_is("");
    svc.run(&["drill", "reserve", "list", "--plan", "EP-CT-ED", "--short", "--exit-code"]).ok().stdout_is("");
    svc.run(&["drill", "reserve", "list", "--plan", "NOPE"]).code(3);
}

#[test]
fn r6_1_a_drill_over_target_makes_findings_that_are_answered_by_another_or_by_a_revision() {
    let svc = ready();
    let d = code(svc.run(&["drill", "schedule", "--plan", "EP-CT-ED", "--on", "2026-03-01", "--kind", "functional"]));
    assert_eq!(d, "D-000001");
    // A drill not held on its day is overdue in `svc due`.
    let due = svc.stdout(&["due", "--kind", "drill"]);
    assert!(due.contains("drill,D-000001,drill (functional) of plan EP-CT-ED,2026-03-01,4,,R6.1"), "{due}");
    svc.run(&["drill", "list", "--due-within", "0d", "--exit-code"]).code(1).stdout_has("D-000001");
    // Bad timings are refused whole.
    svc.run(&[
        "drill",
        "record",
        &d,
        "--participants",
        "E001",
        "--step",
        "nap=5",
        "--observer",
        "E005",
        "--result",
        "x",
    ])
    .code(5)
    .stderr_has("nap is not a step of plan EP-CT-ED version 1");
    svc.run(&[
        "drill",
        "record",
        &d,
        "--participants",
        "E001",
        "--step",
        "remote",
        "--observer",
        "E005",
        "--result",
        "x",
    ])
    .code(2)
    .stderr_has("give KEY=MINUTES");
    let steps = ["--step", "callback=12", "--step", "remote=40", "--step", "dispatch=30", "--step", "notify=20"];
    let mut args = vec!["drill", "record", &d, "--participants", "E001,E002,E004,E003", "--observer", "E005"];
    args.extend(steps);
    args.extend(["--result", "模拟急诊CT停机，4小时恢复", "--step", "restore=300"]);
    svc.run(&args)
        .ok()
        .stderr_has("drill D-000001 recorded: 2 finding(s)")
        .stderr_has("step remote took 40 min, target 30 min")
        .stderr_has("role commander: E005 did not take part; deputy E001 stood in");
    svc.run(&args).code(4).stderr_has("drill D-000001 is held already");
    svc.stdout(&["due", "--kind", "drill"]).is_empty().then_some(()).expect("held: no longer due");
    // The observer does not answer the findings of the drill they observed.
    svc.run(&["drill", "answer", &d, "--finding", "2", "--by", "E005", "--note", "总指挥参加了另一演练"])
        .code(4)
        .stderr_has("E005 observed drill D-000001: the findings are answered by someone else");
    svc.run(&["drill", "answer", &d, "--finding", "2", "--by", "E003", "--note", "总指挥当日出差，替补到位"])
        .ok()
        .stderr_has("1 finding(s) answered");
    svc.run(&["drill", "answer", &d, "--finding", "2", "--by", "E003", "--note", "again"]).code(4);
    svc.run(&["drill", "evaluate", &d, "--rating", "4", "--lesson", "远程登录账号需提前开通"]).ok();
    // The unanswered finding keeps the plan in the check.
    let check = svc.stdout(&["drill", "plan", "check"]);
    assert!(
        check.contains("EP-CT-ED,1,finding_open,\"finding 1 of drill D-000001 not answered: step remote took 40 min"),
        "{check}"
    );
    // A revision that names the drill answers it.
    let v2 = svc.write(
        "v2.yaml",
        ct_plan().replace("    within: 30m\n  - key: dispatch", "    within: 45m\n  - key: dispatch"),
    );
    svc.run(&["drill", "plan", "import", v2.to_str().unwrap(), "--reason", "远程诊断时限改为45分钟", "--drill", &d])
        .ok();
    svc.run(&["drill", "findings", "--open", "--exit-code"]).ok().stdout_is("");
    let findings = csv_rows(&svc.stdout(&["drill", "findings", &d]));
    assert_eq!(findings[1][5], "revision");
    assert_eq!(findings[1][7], "plan EP-CT-ED version 2");
    assert_eq!(findings[2][5], "no_change");
    assert!(!svc.stdout(&["drill", "plan", "check"]).contains("EP-CT-ED"));
    // The drill report.
    let report = svc.stdout(&["drill", "show", &d]);
    assert!(report.starts_with("# Drill report D-000001\n"), "{report}");
    assert!(
        report.contains("| remote | 远程登录设备读取错误日志，初步判断故障部件 | engineer | 30 | 40 | over |"),
        "{report}"
    );
    assert!(report.contains("- **Rating**: 4/5"), "{report}");
    let html = svc.stdout(&["drill", "show", &d, "--format", "html"]);
    assert!(html.contains("<td>remote</td>"), "{html}");
    // In Chinese, as the emergency-readiness officer files it: the same facts.
    let zh = svc.stdout(&["--lang", "zh-CN", "drill", "show", &d]);
    for part in [
        "# 应急演练报告 D-000001\n",
        "- **应急预案**：EP-CT-ED 第 1 版：",
        "- **演练形式**：功能演练",
        "- **计划演练日期**：2026年3月1日",
        "## 处置步骤用时与目标对比",
        "| 步骤 | 处置内容 | 责任角色 | 目标（分钟） | 实际（分钟） | 是否超时 |",
        "| remote | 远程登录设备读取错误日志，初步判断故障部件 | engineer | 30 | 40 | 超时 |",
        "## 经验教训\n\n- 远程登录账号需提前开通",
        "| 1 | 步骤 remote 用时 40 分钟，目标 30 分钟 | 已修订预案（test）：预案 EP-CT-ED 第 2 版 |",
        "经评估无需修订（E003）：总指挥当日出差，替补到位",
    ] {
        assert!(zh.contains(part), "{part} in {zh}");
    }
    let history = svc.stdout(&["history", &d]);
    for action in ["schedule", "record", "answer", "evaluate"] {
        assert!(history.contains(&format!(",{action},")), "{action}: {history}");
    }
}

#[test]
fn r6_1_a_plan_not_drilled_within_the_interval_is_due_for_review() {
    let svc = ready();
    svc.run(&["config", "set", "drill_review_days", "30"]).ok();
    svc.run(&["drill", "plan", "list", "--review-due", "--exit-code"]).ok().stdout_is("");
    let later = ready().at("2026-04-10T09:00:00+08:00");
    later.run(&["config", "set", "drill_review_days", "30"]).ok();
    let due = later.run(&["drill", "plan", "list", "--review-due", "--exit-code"]).code(1).stdout;
    assert!(due.contains("EP-CT-ED,1,急诊科影像设备停机应急预案,2026-03-05 10:00:00,,2026-04-04"), "{due}");
    let all = later.stdout(&["due", "--kind", "plan_review"]);
    assert!(
        all.contains("plan_review,EP-CT-ED,drill and review plan EP-CT-ED (never drilled),2026-04-04,6,,R6.1"),
        "{all}"
    );
}

#[test]
fn r6_3_an_incident_is_listed_for_cron_as_it_falls_late_and_closes_with_its_downtime() {
    let svc = ready();
    let open = [
        "incident",
        "open",
        "--plan",
        "EP-CT-ED",
        "--level",
        "II",
        "--customer",
        "C0003",
        "--equipment",
        "SN-77001",
        "--summary",
        "急诊CT球管故障，无法扫描",
    ];
    let run = svc.run(&open).ok().stdout_is("IN-000001\n");
    // The call list, with phones, on stderr.
    assert!(run.stderr.contains("activated at level II; on site by 2026-03-05 14:00:00"), "{}", run.stderr);
    assert!(run.stderr.contains("progress report every 4h"), "{}", run.stderr);
    assert!(run.stderr.contains("  engineer (现场工程师): E001 张伟 13900000001"), "{}", run.stderr);
    svc.run(&["incident", "open", "--plan", "EP-CT-ED", "--level", "IV", "--summary", "x"])
        .code(5)
        .stderr_has("IV is not a response level of plan EP-CT-ED (levels: I, II, III)");
    let at = |t| At(&svc, t);
    // Within the time to acknowledge: silent.
    at("2026-03-05T10:10:00+08:00").run(&["incident", "list", "--overdue", "--exit-code"]).ok().stdout_is("");
    // Past it: every role not acknowledged.
    let late = at("2026-03-05T10:20:00+08:00").run(&["incident", "list", "--overdue", "--exit-code"]).code(1).stdout;
    assert_eq!(csv_rows(&late).len(), 5, "{late}");
    assert!(late.contains("IN-000001,II,ack,role parts has not acknowledged,2026-03-05 10:15:00,E004"), "{late}");
    for s in ["E005", "E001", "E004", "E003"] {
        at("2026-03-05T10:20:00+08:00").run(&["incident", "ack", "IN-000001", "--by", s]).ok();
    }
    at("2026-03-05T10:21:00+08:00").run(&["incident", "ack", "IN-000001", "--by", "E001"]).code(4);
    at("2026-03-05T10:21:00+08:00").run(&["incident", "ack", "IN-000001", "--by", "E002"]).code(4);
    at("2026-03-05T10:30:00+08:00").run(&["incident", "list", "--overdue", "--exit-code"]).ok().stdout_is("");
    // Escalated to level I: reports every hour, on site within 2 hours of the activation.
    at("2026-03-05T10:40:00+08:00")
        .run(&["incident", "escalate", "IN-000001", "--level", "I", "--note", "第二台也停机"])
        .ok();
    let due = at("2026-03-05T11:05:00+08:00").stdout(&["due", "--kind", "incident_report"]);
    assert!(
        due.contains("incident_report,IN-000001,progress report of incident IN-000001 (level I),2026-03-05 11:00:00")
    );
    at("2026-03-05T11:05:00+08:00")
        .run(&["incident", "report", "IN-000001", "--to", "服务总监 陈静", "--note", "球管已发出，预计12点到"])
        .ok();
    at("2026-03-05T11:05:00+08:00").run(&["incident", "list", "--overdue", "--exit-code"]).ok().stdout_is("");
    // The next report and the on-site target pass.
    let late = at("2026-03-05T12:10:00+08:00").run(&["incident", "list", "--overdue", "--exit-code"]).code(1).stdout;
    assert!(late.contains("IN-000001,I,report,progress report upwards overdue,2026-03-05 12:05:00,"), "{late}");
    assert!(late.contains("IN-000001,I,on_site,not on site within the target,2026-03-05 12:00:00,"), "{late}");
    at("2026-03-05T12:15:00+08:00").run(&["incident", "update", "IN-000001", "--on-site", "--note", "工程师到场"]).ok();
    at("2026-03-05T12:20:00+08:00")
        .run(&["incident", "report", "IN-000001", "--to", "服务总监", "--note", "到场"])
        .ok();
    // Closed: the downtime of the device, from the activation to its restoration.
    at("2026-03-05T16:00:00+08:00")
        .run(&[
            "incident",
            "close",
            "IN-000001",
            "--resolution",
            "更换球管，校准后恢复",
            "--restored-at",
            "2026-03-05 09:00",
        ])
        .code(5)
        .stderr_has("give a time between the activation");
    at("2026-03-05T16:00:00+08:00")
        .run(&[
            "incident",
            "close",
            "IN-000001",
            "--resolution",
            "更换球管，校准后恢复",
            "--restored-at",
            "2026-03-05 15:40",
        ])
        .ok()
        .stderr_has("  SN-77001: 340 min");
    at("2026-03-06T09:00:00+08:00").run(&["incident", "list", "--overdue", "--exit-code"]).ok().stdout_is("");
    at("2026-03-06T09:00:00+08:00").stdout(&["due", "--kind", "incident_report"]).is_empty().then_some(()).unwrap();
    at("2026-03-06T09:00:00+08:00").run(&["incident", "update", "IN-000001", "--note", "x"]).code(4);
    at("2026-03-06T09:00:00+08:00")
        .run(&["incident", "review", "IN-000001", "--by", "E005", "--note", "备用球管由1支增至2支"])
        .ok();
    let shown = at("2026-03-06T09:00:00+08:00").stdout(&["incident", "show", "IN-000001"]);
    for part in [
        "- **Status**: reviewed",
        "| 2026-03-05 10:40:00 | escalate | test | I | 第二台也停机 |",
        "| 2026-03-05 11:05:00 | report | test → 服务总监 陈静 |  | 球管已发出，预计12点到 |",
        "| SN-77001 | 2026-03-05 10:00:00 | 2026-03-05 15:40:00 | 340 |",
        "- **Last drill of the plan**: none",
    ] {
        assert!(shown.contains(part), "{part} in {shown}");
    }
    let zh = at("2026-03-06T09:00:00+08:00").stdout(&["--lang", "zh-CN", "incident", "show", "IN-000001"]);
    for part in [
        "# 应急事件处置报告 IN-000001\n",
        "## 预案启动",
        "- **状态**：已评估",
        "- **响应级别**：I级响应",
        "- **启动时间**：2026年3月5日 10:00",
        "- **该预案最近一次演练**：尚未演练",
        "## 应急人员通讯与响应",
        "| 2026年3月5日 10:40 | 响应升级 | test | I级响应 | 第二台也停机 |",
        "| 2026年3月5日 11:05 | 向上级报告 | test → 服务总监 陈静 |  | 球管已发出，预计12点到 |",
        "## 设备停机时长",
        "| SN-77001 | 2026年3月5日 10:00 | 2026年3月5日 15:40 | 340 |",
        "## 事后评估\n\n备用球管由1支增至2支",
    ] {
        assert!(zh.contains(part), "{part} in {zh}");
    }
    let history = svc.stdout(&["history", "IN-000001"]);
    for action in ["open", "ack", "escalate", "report", "arrive", "close", "review"] {
        assert!(history.contains(&format!(",{action},")), "{action}: {history}");
    }
    // The timeline is only ever added to.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    assert!(conn.execute("UPDATE incident_events SET note = 'x'", []).is_err());
}

/// The same database, as of another time (`SVC_NOW`).
struct At<'a>(&'a Svc, &'a str);

impl At<'_> {
    fn run(&self, args: &[&str]) -> Run {
        self.0.run_env(args, &[("SVC_NOW", self.1)])
    }

    fn stdout(&self, args: &[&str]) -> String {
        self.run(args).ok().stdout
    }
}

/// `examples/cron/incident-watch.sh` as cron runs it (no `mail` on PATH: it prints).
fn watch(svc: &Svc, now: &str) -> std::process::Output {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cron/incident-watch.sh");
    std::process::Command::new("bash")
        .arg(script)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("TZ", "Asia/Shanghai")
        .env("SVC", env!("CARGO_BIN_EXE_svc"))
        .env("SVC_DB", &svc.db)
        .env("SVC_NOW", now)
        .env("SVC_ACTOR", "cron")
        .output()
        .unwrap()
}

#[test]
fn r6_3_the_incident_watch_cron_job_is_silent_until_something_is_late() {
    let svc = ready();
    let quiet = watch(&svc, "2026-03-05T10:00:00+08:00");
    assert!(quiet.status.success() && quiet.stdout.is_empty(), "{quiet:?}");
    svc.run(&[
        "incident",
        "open",
        "--plan",
        "EP-PM9000-FLEET",
        "--level",
        "II",
        "--summary",
        "两家医院监护仪升级后黑屏",
    ])
    .ok();
    let early = watch(&svc, "2026-03-05T10:05:00+08:00");
    assert!(early.status.success() && early.stdout.is_empty(), "{early:?}");
    let late = watch(&svc, "2026-03-05T10:30:00+08:00");
    let text = String::from_utf8_lossy(&late.stdout);
    assert!(late.status.success(), "{late:?}");
    assert!(text.starts_with("svc: emergency response running late"), "{text}");
    assert!(text.contains("role commander has not acknowledged"), "{text}");
}

#[test]
fn r6_2_a_reserve_check_writes_off_expired_and_damaged_units_and_proposes_replacements() {
    let svc = ready();
    // A store named by a plan falls due reserve_check_days after the plan named it.
    svc.run(&["config", "set", "reserve_check_days", "3"]).ok();
    svc.run(&["due", "--kind", "reserve", "--exit-code"]).ok().stdout_is("");
    let later = At(&svc, "2026-03-10T09:00:00+08:00");
    let due = later.stdout(&["due", "--kind", "reserve"]);
    assert!(
        due.contains("reserve,RES/ER-KIT,check of reserve store RES/ER-KIT (never checked),2026-03-08,2,,R6.2"),
        "{due}"
    );
    // More damaged than on hand: nothing is written.
    svc.run(&["drill", "reserve", "check", "--location", "RES/ER-KIT", "--by", "E004", "--damaged", "0205=2"])
        .code(5)
        .stderr_has("0205 : 2 reported damaged, but 1 on hand");
    svc.run(&["drill", "reserve", "check", "--location", "RES/ER-KIT", "--by", "E004", "--damaged", "0205"])
        .code(2)
        .stderr_has("give PART[:LOT]=QTY");
    svc.run(&["drill", "reserve", "check", "--location", "RES/ER-KIT", "--by", "E006"]).code(4);
    let run = later
        .run(&["drill", "reserve", "check", "--location", "RES/ER-KIT", "--by", "E004", "--damaged", "PPE-N95:N2403=5"])
        .ok()
        .stdout_is("RC-000001\n");
    for line in [
        "reserve check RC-000001 of RES/ER-KIT: 6 lot(s) checked, 7 unit(s) written off",
        "  written off PPE-GLOVE G2311: 0 damaged, 2 expired",
        "  written off PPE-N95 N2403: 5 damaged, 0 expired",
        "  replace for plan EP-CT-ED: 5 × PPE-N95 (needs 20, 15 usable)",
        "  replace for plan EP-PM9000-FLEET: 2 × PPE-GLOVE (needs 2, 0 usable)",
    ] {
        assert!(run.stderr.contains(line), "{line} in {}", run.stderr);
    }
    // Written off through the ledger, with the check as the reason.
    let ledger = svc.stdout(&["parts", "ledger", "PPE-GLOVE"]);
    assert!(ledger.contains(",scrap,RES/ER-KIT,G2311,-2,45.00,0,,test,expired: reserve check RC-000001"), "{ledger}");
    let expired = later.stdout(&["drill", "reserve", "list", "--plan", "EP-PM9000-FLEET"]);
    assert!(expired.contains("PPE-GLOVE,一次性医用手套,2,0,0,0,2,"), "{expired}");
    // Checked: not due again until the interval has passed.
    later.run(&["due", "--kind", "reserve", "--exit-code"]).ok().stdout_is("");
    assert!(svc.stdout(&["history", "RC-000001"]).contains(",check,"));
    // The replacements are purchase-plan lines: what the store lacks is demand there.
    let plan = csv_rows(&later.stdout(&["parts", "plan"]));
    let demand = |part: &str| {
        let col = plan[0].iter().position(|c| c == "demand").expect("a demand column");
        let row = plan.iter().find(|r| r[1] == part).unwrap_or_else(|| panic!("{part} in {plan:?}"));
        row[col].clone()
    };
    assert_eq!(demand("PPE-N95"), "5", "5 written off from the 20 plan EP-CT-ED needs");
    assert_eq!(demand("PPE-GLOVE"), "2", "the 2 expired boxes plan EP-PM9000-FLEET needs");
}

#[test]
fn r6_3_the_demo_activates_a_plan_and_shows_its_call_list() {
    let svc = Svc::bare();
    svc.run(&["demo"])
        .ok()
        .stderr_has("incident IN-000001: plan EP-CT-ED activated at level I")
        .stderr_has("progress report every 1h. Call list:")
        .stderr_has("  engineer (现场工程师): E001 张伟 13900000001");
    // In Chinese the interval is said in words, not as the plan writes it.
    Svc::bare().run(&["--lang", "zh-CN", "demo"]).ok().stderr_has("前恢复，每 1 小时向上级汇报一次。通讯录：");
}

#[test]
fn r6_3_an_incident_opened_from_a_ticket_takes_its_customer_and_device() {
    let svc = ready();
    let t = fault(&svc, "urgent");
    let open = ["incident", "open", "--plan", "EP-PM9000-FLEET", "--level", "I", "--summary", "监护仪升级后黑屏"];
    svc.run(&[&open[..], &["--customer", "C0001", "--equipment", "SN-77001"]].concat())
        .code(5)
        .stderr_has("device SN-77001 belongs to customer C0003, not C0001");
    let i = code(svc.run(&[&open[..], &["--ticket", &t]].concat()));
    At(&svc, "2026-03-05T13:00:00+08:00")
        .run(&["incident", "close", &i, "--resolution", "固件回退", "--restored-at", "2026-03-05 12:30"])
        .ok()
        .stderr_has("  00012345: 150 min");
    let shown = At(&svc, "2026-03-05T13:00:00+08:00").stdout(&["incident", "show", &i, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(doc["ticket"], t.as_str());
    assert_eq!(doc["customer"], "C0001");
    assert_eq!(doc["downtime"][0]["minutes"], 150);
}

#[test]
fn r6_2_the_reserve_check_is_a_sheet_counted_on_site_and_read_back() {
    let svc = ready();
    let later = At(&svc, "2026-03-10T09:00:00+08:00");
    later
        .run(&["drill", "reserve", "sheet", "--location", "RES/ER-KIT", "-o", "kit.csv"])
        .ok()
        .stderr_has("6 lots of reserve store RES/ER-KIT to count on site");
    let sheet = String::from_utf8(svc.read("kit.csv")).unwrap();
    let rows = csv_rows(&sheet);
    assert_eq!(rows[0], ["location", "part_no", "name", "lot", "expiry", "expected", "counted", "damaged", "note"]);
    assert_eq!(rows.len(), 7, "{sheet}");
    // Not counted: refused, each line named, nothing written.
    later
        .run(&["drill", "reserve", "check", "--location", "RES/ER-KIT", "--by", "E004", "--from", "kit.csv"])
        .code(5)
        .stderr_has("line 2: counted: ")
        .stderr_has("is not counted");
    // Counted as the book says, five masks damaged; one line counted short.
    let mut filled = vec![rows[0].join(",")];
    for r in &rows[1..] {
        let damaged = if r[1] == "PPE-N95" && r[3] == "N2403" { "5" } else { "" };
        filled.push(format!("{},{},{},{},{},{},{},{damaged},", r[0], r[1], r[2], r[3], r[4], r[5], r[5]));
    }
    let short = filled.iter().position(|l| l.contains(",0205,")).expect("0205 on the sheet");
    let wrong = filled[short].replacen(",1,1,", ",1,0,", 1);
    let mut counted_short = filled.clone();
    counted_short[short] = wrong;
    svc.write("short.csv", counted_short.join("\n") + "\n");
    later
        .run(&["drill", "reserve", "check", "--location", "RES/ER-KIT", "--by", "E004", "--from", "short.csv"])
        .code(5)
        .stderr_has(&format!("line {}: counted: 0205 lot ", short + 1))
        .stderr_has("counted 0, the book says 1: a difference is explained by a stock count");
    svc.run(&["history", "--entity", "reserve_check"]).ok().stdout_is("");
    // Filled in: the check writes off and proposes as with --damaged.
    svc.write("filled.csv", filled.join("\n") + "\n");
    let run = later
        .run(&["drill", "reserve", "check", "--location", "RES/ER-KIT", "--by", "E004", "--from", "filled.csv"])
        .ok()
        .stdout_is("RC-000001\n");
    for line in [
        "reserve check RC-000001 of RES/ER-KIT: 6 lot(s) checked, 7 unit(s) written off",
        "  written off PPE-N95 N2403: 5 damaged, 0 expired",
        "  replace for plan EP-CT-ED: 5 × PPE-N95 (needs 20, 15 usable)",
    ] {
        assert!(run.stderr.contains(line), "{line} in {}", run.stderr);
    }
    // The sheet as a workbook, for Excel.
    later.run(&["drill", "reserve", "sheet", "--location", "RES/ER-KIT", "-o", "kit.xlsx"]).ok();
    assert!(svc.read("kit.xlsx").starts_with(b"PK"));
    later
        .run(&["drill", "reserve", "check", "--location", "RES/ER-KIT", "--by", "E004", "--from", "kit.xlsx"])
        .code(5)
        .stderr_has("row 2: counted: ")
        .stderr_has("is not counted");
}
