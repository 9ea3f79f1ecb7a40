//! Issue 10, the last English a Chinese administrator read under `--lang zh-CN`: what is
//! due (`svc due`), the help of each setting (`svc config list`) and the answer of a drill
//! finding by a plan revision. Tables say it in Chinese; csv stays as scripts read it.

mod common;
use common::*;

/// Everything due within a year, as a table in Chinese and as csv in both languages.
fn due(svc: &Svc, lang: &str, format: &str) -> String {
    svc.stdout(&["--lang", lang, "due", "--within", "1y", "--format", format])
}

/// The kinds `svc due` knows, as its `--help` lists them: a kind, its clause, what it
/// lists (wrapped onto more lines when long).
fn kinds(svc: &Svc) -> Vec<String> {
    let help = svc.stdout(&["due", "--help"]);
    let listed = help.split("Kinds:\n").nth(1).expect("due --help lists the kinds");
    let clause = |w: &str| w.starts_with('R') && w[1..].starts_with(|c: char| c.is_ascii_digit());
    let kinds: Vec<String> = listed
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| match l.split_whitespace().collect::<Vec<_>>()[..] {
            [kind, c, ..] if clause(c) => Some(kind.to_string()),
            _ => None,
        })
        .collect();
    assert!(kinds.len() > 10, "{help}");
    kinds
}

/// A database with something due of every kind, in every form its subject takes, within a
/// year of common::NOW (2026-03-05 10:00): the reserve store and plans of `with_reserve`,
/// and one record or two of each area.
fn everything_due() -> Svc {
    let svc = with_reserve();
    let ok = |args: &[&str]| svc.run(args).ok().stdout.trim().to_string();
    ok(&["config", "set", "drill_review_days", "30"]);
    ok(&["config", "set", "reserve_check_days", "3"]);
    ok(&["config", "set", "safety_check_days", "7"]);
    // Two more plans, the second naming a reserve store of its own that is never checked.
    ok(&["drill", "plan", "import", &plan_file("monitor-fleet-failure.yaml")]);
    ok(&["parts", "location", "add", "RES", "--bin", "ER-2"]);
    let fleet = std::fs::read_to_string(plan_file("monitor-fleet-failure.yaml")).unwrap();
    let b = fleet.replace("code: EP-PM9000-FLEET", "code: EP-PM9000-B").replace("RES/ER-KIT", "RES/ER-2");
    ok(&["drill", "plan", "import", svc.write("b.yaml", b).to_str().unwrap()]);
    // Ticket T-000001, urgent and unanswered: its first response and its resolution.
    let args = ["--customer", "C0001", "--equipment", "00012345", "--channel", "hotline", "--kind", "fault"];
    ok(&[&["ticket", "open"], &args[..], &["--priority", "urgent", "--symptom", "开机无显示"]].concat());
    // A signed repair: its follow-up call.
    signed_repair(&svc);
    // A purchase order not delivered.
    ok(&["parts", "supplier", "import", example("suppliers.csv").to_str().unwrap()]);
    ok(&[
        "parts",
        "po",
        "create",
        "--supplier",
        "SUP02",
        "--line",
        "0100:50:1.45:2026-03-08",
        "--line",
        "0205:2:30:2026-03-09",
    ]);
    // Warehouse safety checks: RES never checked, WH1 last on 03-01.
    ok(&["parts", "location", "add", "WH1"]);
    let check = ["parts", "safety", "check", "WH1", "--fire", "ok", "--damp", "ok", "--security", "ok"];
    ok(&[&check[..], &["--by", "E004", "--at", "2026-03-01 09:00"]].concat());
    // Required training: technician 李娜 trained a year ago, engineer 张伟 never.
    let rule = ["training", "require", "--role", "technician", "--topic", "safe-operation", "--every", "12m"];
    svc.run_env(&rule, &[("SVC_NOW", "2026-01-01T09:00:00+08:00")]).ok();
    ok(&["training", "require", "--role", "engineer", "--topic", "辐射防护"]);
    let course = ["training", "add", "--title", "安全操作规程", "--kind", "internal", "--topics", "safe-operation"];
    let t = ok(&[&course[..], &["--starts-on", "2025-02-28", "--ends-on", "2025-03-01", "--hours", "4"]].concat());
    ok(&["training", "attend", &t, "E002"]);
    // EP-CT-ED drilled and evaluated today, and a drill of it scheduled and not held; the
    // other plans never drilled.
    let d = ok(&["drill", "schedule", "--plan", "EP-CT-ED", "--on", "2026-03-01", "--kind", "tabletop"]);
    let mut args = vec!["drill", "record", &d, "--participants", "E001,E002,E004,E003,E005", "--observer", "E005"];
    args.extend(["--step", "callback=12", "--step", "remote=20", "--step", "dispatch=30", "--step", "notify=20"]);
    args.extend(["--step", "restore=300", "--result", "桌面推演"]);
    ok(&args);
    ok(&["drill", "evaluate", &d, "--rating", "4", "--lesson", "无"]);
    ok(&["drill", "schedule", "--plan", "EP-CT-ED", "--on", "2026-03-01", "--kind", "functional"]);
    // An incident at level II: its progress report.
    let incident = ["incident", "open", "--plan", "EP-CT-ED", "--level", "II", "--customer", "C0003"];
    ok(&[&incident[..], &["--equipment", "SN-77001", "--summary", "急诊CT球管故障"]].concat());
    // RES/ER-KIT checked now.
    ok(&["drill", "reserve", "check", "--location", "RES/ER-KIT", "--by", "E004"]);
    // C0001 visited today: the next return visit in 90 days.
    let visit = ["visit", "record", "--customer", "C0001", "--by", "E001", "--kind", "onsite"];
    ok(&[&visit[..], &["--needs", "希望增加夜班操作培训", "--advice", "建议每季度做一次预防性维护"]].concat());
    // A complaint to acknowledge and resolve, and a suspected adverse event.
    let complaint = ["complaint", "open", "--customer", "C0001", "--equipment", "00012345", "--channel", "hotline"];
    ok(&[&complaint[..], &["--category", "repair-quality", "--description", "维修后三天再次黑屏"]].concat());
    ok(&[&complaint[..], &["--category", "product", "--description", "报警失灵", "--patient-harm", "death"]].concat());
    // Quality: an inspection planned, another held with a finding, a standard due for review.
    ok(&["audit", "plan", "--scope", "parts", "--on", "2026-03-06", "--auditor", "E005"]);
    let a = ok(&["audit", "plan", "--scope", "repairs", "--on", "2026-03-05", "--auditor", "E005"]);
    ok(&["audit", "open", &a]);
    let finding = ["audit", "finding", "--audit", &a, "--severity", "minor", "--clause", "R4.2.3", "--record", "WH1"];
    ok(&[&finding[..], &["--description", "库房灭火器过期", "--owner", "E002", "--deadline", "2026-03-20"]].concat());
    svc.write("QS-REP-01.md", "# 维修作业规范 v1\n");
    let standard = ["audit", "standard", "add", "QS-REP-01", "--title", "维修作业规范", "--step", "repair"];
    let terms = ["--effective-on", "2025-03-01", "--owner", "E005", "--review-months", "12", "--file", "QS-REP-01.md"];
    ok(&[&standard[..], &terms[..]].concat());
    // The monitors' preventive maintenance.
    let monitors = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/maintenance/patient-monitor.yaml");
    ok(&["maint", "plan", "import", monitors.to_str().unwrap()]);
    // Customer training: one plan to hold, one held to evaluate.
    let plan = ["training", "plan", "--customer", "C0001", "--model", "PM-9000", "--mode", "onsite"];
    ok(&[&plan[..], &["--topic", "operation", "--due", "2026-03-20"]].concat());
    let held = ok(&[&plan[..], &["--topic", "maintenance", "--due", "2026-03-25"]].concat());
    let session = ["training", "session", &held, "--trainer", "E002", "--on", "2026-03-04", "--hours", "3"];
    ok(&[&session[..], &["--attendee", "王建国, 赵敏"]].concat());
    svc
}

#[test]
fn i10_due_says_every_kind_in_chinese_and_csv_keeps_the_english_subject() {
    let svc = everything_due();
    let csv = due(&svc, "zh-CN", "csv");
    // Something of every kind there is, so that each says its subject below.
    let listed: Vec<String> = csv_rows(&csv).into_iter().skip(1).map(|r| r[0].clone()).collect();
    for kind in kinds(&svc) {
        assert!(listed.contains(&kind), "nothing of kind {kind} is due in\n{csv}");
    }

    // Every form a subject takes, said in Chinese: one cell each in Markdown.
    let md = due(&svc, "zh-CN", "md");
    for said in [
        "证书换证：电工作业证（张伟）",
        "首次响应：开机无显示",
        "解决时限：开机无显示",
        "回访 北京市第一人民医院（00012345）",
        "上海瑞恒电子有限公司 交货：2 行未到货",
        "仓库 RES 安全检查（从未检查）",
        "仓库 WH1 安全检查（上次 2026-03-01 09:00:00）",
        "技术员 李娜 须参加“safe-operation”培训（上次 2025-03-01；规则 TR-000001）",
        "工程师 张伟 须参加“辐射防护”培训（从未参加；规则 TR-000002）",
        "预案 EP-CT-ED 的功能演练",
        "应急预案 EP-CT-ED 演练及复审（上次演练 2026-03-05 10:00:00）",
        "应急预案 EP-PM9000-FLEET 演练及复审（从未演练）",
        "应急事件 IN-000001 进展汇报（II 级响应）",
        "应急物资库 RES/ER-KIT 检查（上次 2026-03-05 10:00:00，0 天前）",
        "应急物资库 RES/ER-2 检查（从未检查）",
        "回访 北京市第一人民医院",
        "受理投诉：维修质量",
        "处理投诉：维修质量",
        "上报可疑不良事件：患者死亡",
        "整改一般不符合项（R4.2.3）：库房灭火器过期",
        "开展内部检查：parts",
        "复审标准第 1 版：维修作业规范",
        "北京市第一人民医院 的 PM-9000 预防性维护（PM-MONITOR）",
        "为 北京市第一人民医院 开展 PM-9000 的操作培训",
        "评估 北京市第一人民医院 的 PM-9000 维护保养培训效果",
    ] {
        assert!(md.contains(&format!("| {said} |")), "{said:?} in\n{md}");
    }
    // The first visit of a customer never visited, in the return visits' own due list.
    let unvisited = svc.stdout(&["--lang", "zh-CN", "visit", "due", "--unvisited", "--format", "table"]);
    assert!(unvisited.contains("首次回访 上海瑞康门诊部"), "{unvisited}");
    assert!(!unvisited.contains("first return visit"), "{unvisited}");

    // The table and HTML say the same; no English sentence is left in any of them.
    let table = due(&svc, "zh-CN", "table");
    let html = due(&svc, "zh-CN", "html");
    for said in ["首次响应：开机无显示", "预案 EP-CT-ED 的功能演练", "应急物资库 RES/ER-2 检查（从未检查）"]
    {
        assert!(table.contains(said), "{said:?} in\n{table}");
        assert!(html.contains(said), "{said:?} in\n{html}");
    }
    let english = [
        "renew ",
        "first response",
        "resolution:",
        "follow up",
        "delivery from",
        "safety check",
        "training on",
        "drill (",
        "drill and review",
        "progress report",
        "check of",
        "never",
        "return visit",
        "complaint:",
        "adverse event",
        "rectify",
        "hold inspection",
        "review standard",
        "maintenance PM",
        " training on ",
    ];
    for text in [&md, &table, &html] {
        for english in english {
            assert!(!text.contains(english), "{english:?} left in\n{text}");
        }
    }

    // Scripts read the same csv and json whatever the language: the canonical English subject.
    assert_eq!(csv, due(&svc, "en", "csv"));
    assert_eq!(due(&svc, "zh-CN", "json"), due(&svc, "en", "json"));
    for line in [
        ",first response: 开机无显示,",
        ",drill (functional) of plan EP-CT-ED,",
        ",\"check of reserve store RES/ER-KIT (last 2026-03-05 10:00:00, 0 days ago)\",",
        ",training on 辐射防护 for engineer 张伟 (never trained; rule TR-000002),",
        ",delivery from 上海瑞恒电子有限公司: 2 line(s) not in,",
        ",evaluate the maintenance training on PM-9000 for 北京市第一人民医院,",
    ] {
        assert!(csv.contains(line), "{line} in\n{csv}");
    }
    let unvisited = svc.stdout(&["--lang", "zh-CN", "visit", "due", "--unvisited"]);
    assert!(unvisited.contains(",first return visit to 上海瑞康门诊部,"), "{unvisited}");
}

#[test]
fn i10_config_list_explains_each_setting_in_chinese() {
    let svc = Svc::new();
    let table = svc.stdout(&["--lang", "zh-CN", "config", "list", "--format", "table"]);
    for said in
        ["默认值", "说明", "紧急工单首次响应时限", "维修报告签字后几天回访（R3.5.1）", "公司名称，印在维修报告上"]
    {
        assert!(table.contains(said), "{said:?} in\n{table}");
    }
    for english in ["first response, urgent tickets", "on printed reports", "appraisal score weight"] {
        assert!(!table.contains(english), "{english:?} left in\n{table}");
    }
    let csv = svc.stdout(&["--lang", "zh-CN", "config", "list"]);
    assert_eq!(csv, svc.stdout(&["--lang", "en", "config", "list"]));
    assert!(csv.contains("sla.urgent.response,2h,2h,\"first response, urgent tickets\""), "{csv}");
}

#[test]
fn i10_r6_1_a_finding_answered_by_a_revision_reads_in_the_readers_language() {
    let svc = with_reserve();
    let d = code(svc.run(&["drill", "schedule", "--plan", "EP-CT-ED", "--on", "2026-03-01", "--kind", "functional"]));
    let mut args = vec!["drill", "record", &d, "--participants", "E001,E002,E004,E003", "--observer", "E005"];
    args.extend(["--step", "callback=12", "--step", "remote=40", "--step", "dispatch=30", "--step", "notify=20"]);
    args.extend(["--result", "模拟急诊CT停机，4小时恢复", "--step", "restore=300"]);
    svc.run(&args).ok();
    let plan = std::fs::read_to_string(plan_file("ct-down-emergency.yaml")).unwrap();
    let v2 =
        svc.write("v2.yaml", plan.replace("    within: 30m\n  - key: dispatch", "    within: 45m\n  - key: dispatch"));
    svc.run(&["drill", "plan", "import", v2.to_str().unwrap(), "--reason", "远程诊断时限改为45分钟", "--drill", &d])
        .ok();

    // The revision is stored as the fact it is, not as words in one language.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let stored: Vec<(String, Option<String>)> = conn
        .prepare("SELECT answer, answer_note FROM drill_findings ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!stored.is_empty());
    assert!(stored.iter().all(|(a, n)| a == "revision" && n.is_none()), "{stored:?}");

    let zh = svc.stdout(&["--lang", "zh-CN", "drill", "show", &d]);
    assert!(zh.contains("已修订预案（test）：预案 EP-CT-ED 第 2 版"), "{zh}");
    assert!(!zh.contains("plan EP-CT-ED version 2"), "{zh}");
    let en = svc.stdout(&["--lang", "en", "drill", "show", &d]);
    assert!(en.contains("plan EP-CT-ED version 2"), "{en}");
    let table = svc.stdout(&["--lang", "zh-CN", "drill", "findings", &d, "--format", "table"]);
    assert!(table.contains("预案 EP-CT-ED 第 2 版"), "{table}");
    // Scripts read the answer as before, in English, whatever the language.
    let csv = svc.stdout(&["--lang", "zh-CN", "drill", "findings", &d]);
    assert_eq!(csv_rows(&csv)[1][7], "plan EP-CT-ED version 2");
    let csv = svc.stdout(&["--lang", "en", "drill", "findings", &d]);
    assert_eq!(csv_rows(&csv)[1][7], "plan EP-CT-ED version 2");
}
