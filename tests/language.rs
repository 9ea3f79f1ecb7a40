//! Issue 10, the language half: `--lang zh-CN` changes what people read (table headers,
//! statuses, errors with their hints, printed documents with Chinese dates), never what
//! scripts read (csv, json, yaml, exit codes), and files written with Chinese headers
//! import back without a map.

mod common;
use common::prose::english_prose;
use common::*;

fn protocol(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/protocols").join(name).to_str().unwrap().to_string()
}

/// A repair on C0001's device, walked to the customer's signature under English.
fn signed_repair(svc: &Svc) -> String {
    let r = reported_repair(svc);
    svc.run_env(&["repair", "sign", &r, "--by", "王主任"], &[("SVC_NOW", "2026-03-05 16:00")]).ok();
    r
}

/// A repair on C0001's device with its report written, not signed yet.
fn reported_repair(svc: &Svc) -> String {
    svc.run(&["parts", "import", example("parts.csv").to_str().unwrap()]).ok();
    svc.run(&["repair", "protocol", "import", &protocol("electrical-safety.yaml")]).ok();
    let t = fault(svc, "urgent");
    let r = code(svc.run(&["repair", "open", "--ticket", &t]));
    svc.run(&["repair", "diagnose", &r, "--finding", "电源板无输出", "--difficulty", "simple"]).ok();
    svc.run(&["repair", "plan", &r, "--step", "更换保险丝", "--part", "0100:2", "--labour-hours", "1.5"]).ok();
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    svc.run(&["repair", "use-part", &r, "0100", "--qty", "2"]).ok();
    svc.run(&[
        "repair",
        "inspect",
        &r,
        "--protocol",
        "ES-62353",
        "--instrument",
        "Fluke ESA615 #4471",
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
    ])
    .ok();
    svc.run(&["repair", "report", &r, "--cause", "保险丝老化熔断", "--process", "更换保险丝", "--labour-hours", "1.5"])
        .ok();
    r
}

#[test]
fn i10_tables_show_chinese_headers_and_statuses_while_csv_json_yaml_stay_canonical() {
    let svc = Svc::with_examples();
    svc.run(&["--lang", "zh-CN", "customer", "list", "--format", "table"])
        .ok()
        .stdout_has("编号")
        .stdout_has("名称")
        .stdout_has("联系人")
        .stdout_has("医院");
    svc.run(&["--lang", "zh-CN", "customer", "list", "--format", "md"]).ok().stdout_has("| 编号 | 名称 | 类型 |");
    svc.run(&["--lang", "zh-CN", "customer", "list", "--format", "html"]).ok().stdout_has("<th>编号</th>");
    // What scripts read is the same byte for byte in both languages.
    for format in ["csv", "json", "yaml"] {
        let en = svc.stdout(&["--lang", "en", "customer", "list", "--format", format]);
        let zh = svc.stdout(&["--lang", "zh-CN", "customer", "list", "--format", format]);
        assert_eq!(en, zh, "{format} differs between the languages");
        assert!(zh.contains("hospital") && zh.contains("code") && !zh.contains("编号"), "{format}: {zh}");
    }
    let t = fault(&svc, "urgent");
    let shown = svc.stdout(&["--lang", "zh-CN", "ticket", "show", &t, "--format", "table"]);
    for word in ["项目", "状态", "已派单", "紧急", "故障", "客服热线", "处理记录"] {
        assert!(shown.contains(word), "ticket show lacks {word}:\n{shown}");
    }
    let csv = svc.stdout(&["--lang", "zh-CN", "ticket", "show", &t]);
    assert!(csv.contains("status,assigned") && csv.contains("priority,urgent"), "{csv}");
}

#[test]
fn i10_errors_come_in_chinese_with_their_hints_and_the_same_exit_codes() {
    let svc = Svc::with_examples();
    // Not found: exit 3.
    svc.run(&["customer", "show", "NOPE"]).code(3).stderr_has("svc: error: no customer NOPE");
    svc.run(&["--lang", "zh-CN", "customer", "show", "NOPE"])
        .code(3)
        .stderr_has("svc：错误：没有客户 NOPE：可用“svc customer list”查看现有记录");
    // Refused by a rule: exit 4, the workflow's status and hint in Chinese.
    let r = signed_repair(&svc);
    svc.run(&["repair", "sign", &r, "--by", "王主任"]).code(4).stderr_has("is signed already");
    svc.run(&["--lang", "zh-CN", "repair", "sign", &r, "--by", "王主任"])
        .code(4)
        .stderr_has("维修单 R-000001 已是“已签字确认”：“签字确认”已办理过；已签字的维修报告如需更正，请添加补充说明（“svc repair amend R 内容”）");
    svc.run(&["--lang", "zh-CN", "repair", "consent", &r, "--by", "x", "--method", "phone"])
        .code(4)
        .stderr_has("须在“待客户确认”状态下办理；请先制定维修方案");
    // Invalid input: exit 5, nothing written.
    svc.write("bad.csv", "name,phone\n某医院,010-1\n");
    svc.run(&["--lang", "zh-CN", "customer", "import", "bad.csv"])
        .code(5)
        .stderr_has("bad.csv：缺少 code, type 列（现有列：name, phone）；请修改表头，或用 --map 映射");
    // Each bad row says its line and its problems in Chinese; the file's values are quoted as they are.
    let (customers, map) = (example("legacy_customers_gbk.csv"), example("legacy_customers.map.yaml"));
    svc.run(&["--lang", "zh-CN", "customer", "import", customers.to_str().unwrap(), "--map", map.to_str().unwrap()])
        .code(5)
        .stderr_has("legacy_customers_gbk.csv 第 7 行：name: 缺失（必填）; created_on: 2018-02-30 不是日期")
        .stderr_has("legacy_customers_gbk.csv 第 8 行：email: sunli@hzzyy 不是电子邮箱地址");
    // Usage: exit 2 for a language svc does not speak.
    svc.run(&["--lang", "fr", "customer", "list"]).code(2).stderr_has("use zh-CN or en");
}

#[test]
fn i10_the_language_comes_from_lang_then_svc_lang_then_the_locale() {
    let svc = Svc::new();
    let zh = "没有客户 NOPE";
    let en = "no customer NOPE";
    let said = |env: &[(&str, &str)], args: &[&str]| {
        let all = [args, &["customer", "show", "NOPE"][..]].concat();
        svc.run_env(&all, env).code(3).stderr
    };
    // No locale at all (cron): English.
    assert!(said(&[], &[]).contains(en));
    assert!(said(&[("LANG", "zh_CN.UTF-8")], &[]).contains(zh));
    assert!(said(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_CN.GB18030")], &[]).contains(zh));
    // LC_ALL overrides the others; C is English.
    assert!(said(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")], &[]).contains(en));
    // SVC_LANG over the locale, --lang over SVC_LANG.
    assert!(said(&[("LANG", "zh_CN.UTF-8"), ("SVC_LANG", "en")], &[]).contains(en));
    assert!(said(&[("SVC_LANG", "zh-CN")], &[]).contains(zh));
    assert!(said(&[("SVC_LANG", "en")], &["--lang", "zh-CN"]).contains(zh));
    assert!(said(&[("LANG", "zh_CN.UTF-8")], &["--lang", "en"]).contains(en));
    // The top-level help says Chinese is there.
    svc.run(&["--help"]).ok().stdout_has("--lang").stdout_has("zh-CN");
}

#[test]
fn i10_an_export_with_chinese_headers_imports_back_unchanged_without_a_map() {
    let svc = Svc::with_examples();
    let canonical = svc.stdout(&["customer", "export"]);
    svc.run(&["customer", "export", "--headers", "zh", "-o", "customers-zh.csv"]).ok();
    let zh = String::from_utf8(svc.read("customers-zh.csv")).unwrap();
    assert!(zh.starts_with("编号,名称,类型,联系人,电话,电子邮箱,省份,城市,地址,建档日期,说明\n"), "{zh}");
    // Values stay canonical: an import reads them as they are.
    assert!(zh.contains(",hospital,"), "{zh}");
    let other = Svc::new();
    let file = svc.path("customers-zh.csv");
    other.run(&["customer", "import", file.to_str().unwrap()]).ok();
    assert_eq!(other.stdout(&["customer", "export"]), canonical);
    // Json with Chinese keys too, and a header typed with full-width spaces around it.
    svc.run(&["customer", "export", "--headers", "zh", "--format", "json", "-o", "c.json"]).ok();
    let third = Svc::new();
    third.run(&["customer", "import", svc.path("c.json").to_str().unwrap()]).ok();
    assert_eq!(third.stdout(&["customer", "export"]), canonical);
    let fourth = Svc::new();
    fourth.write("typed.csv", "\u{3000}编号\u{3000},名称,类型\nC0100,某某县医院,hospital\n");
    fourth.run(&["customer", "import", "typed.csv"]).ok();
    assert!(fourth.stdout(&["customer", "export"]).contains("C0100,某某县医院,hospital"));
}

#[test]
fn i10_a_count_sheet_with_chinese_headers_is_submitted_back() {
    let svc = stocked();
    let cnt = code(svc.run(&["parts", "count", "start", "--location", "WH1"]));
    svc.run(&["parts", "count", "sheet", &cnt, "--headers", "zh", "-o", "sheet.csv"]).ok();
    let sheet = String::from_utf8(svc.read("sheet.csv")).unwrap();
    assert!(sheet.starts_with("盘点单号,位置,备件编号,名称,规格,单位,批号,账面数量,实盘数量,备注\n"), "{sheet}");
    // Counted as on the book: every line gets its counted quantity.
    let rows = csv_rows(&sheet);
    let mut filled = String::from(&sheet[..sheet.find('\n').unwrap() + 1]);
    for r in &rows[1..] {
        let mut r = r.clone();
        r[8] = r[7].clone();
        filled.push_str(&r.join(","));
        filled.push('\n');
    }
    let f = svc.write("filled.csv", filled);
    svc.run(&["parts", "count", "submit", &cnt, f.to_str().unwrap()]).ok();
    svc.run(&["parts", "count", "post", &cnt, "--reason", "monthly"]).ok();
}

#[test]
fn i10_r3_4_2_the_printed_report_is_chinese_and_its_signed_facts_do_not_depend_on_the_language() {
    let svc = Svc::with_examples();
    let r = signed_repair(&svc);
    let zh = svc.stdout(&["--lang", "zh-CN", "repair", "report", &r, "--print"]);
    for needle in [
        "# 维修服务报告 R-000001",
        "状态：已签字确认",
        "## 客户与设备",
        "- **客户**：北京市第一人民医院（C0001）",
        "- **设备**：迈瑞 PM-9000，序列号 00012345",
        "- **注册证号**：国械注准20153210001",
        "- **报修时保修状态**：已过保（2022年5月9日到期）",
        "- **报修时间**：2026年3月5日 10:00",
        "- **维修难度**：简单",
        "## 故障原因\n\n保险丝老化熔断",
        "维修方案第 1 版（王主任 于 2026年3月5日 10:00 以电话方式确认）",
        "预计费用 303.00 元（备件 3.00 元，工时费 300.00 元，1.5 小时）",
        "| 备件编号 | 名称 | 规格 | 批号 | 数量 |",
        "## 维修质量检验",
        "检测仪器：Fluke ESA615 #4471",
        "| 检验项目 | 测量值 | 限值 | 结论 |",
        "| 0.12 Ω | ≤ 0.3 Ω | 合格 |",
        "## 客户签字确认",
        "王主任 于 2026年3月5日 16:00 签字确认（确认方式：签字）。",
        "| Functional test after the safety test | 合格 | 合格 | 合格 |",
        "SHA-256 指纹：`",
    ] {
        assert!(zh.contains(needle), "the zh-CN report lacks {needle:?}:\n{zh}");
    }
    // No English label is left (the labels of the English report, checked one by one).
    for english in [
        "Service report",
        "Status:",
        "Customer and device",
        "**Customer**",
        "**Device**",
        "Registration no.",
        "Installed",
        "Warranty at intake",
        "**Ticket**",
        "Dates",
        "Reported",
        "Repair opened",
        "Work started",
        "Work finished",
        "Report written",
        "Who worked on it",
        "Fault",
        "Symptom",
        "Difficulty",
        "Diagnosis",
        "Cause",
        "Work done",
        "Plan v",
        "Estimate",
        "Parts replaced",
        "part_no",
        "Inspection",
        "instrument:",
        "PASSED",
        "| pass |",
        "Signature",
        "Signed by",
        "serial ",
        "expired on",
        "simple",
    ] {
        assert!(!zh.contains(english), "the zh-CN report still says {english:?}:\n{zh}");
    }
    let html = svc.stdout(&["--lang", "zh-CN", "--format", "html", "repair", "report", &r, "--print"]);
    assert!(html.contains("<html lang=\"zh-CN\">") && html.contains("<strong>客户</strong>：北京市第一人民医院"));
    // The facts (json, yaml) are the same under both languages, and a report signed
    // under English verifies under Chinese.
    for format in ["json", "yaml"] {
        let en = svc.stdout(&["--lang", "en", "--format", format, "repair", "report", &r, "--print"]);
        let zh = svc.stdout(&["--lang", "zh-CN", "--format", format, "repair", "report", &r, "--print"]);
        assert_eq!(en, zh, "{format}");
    }
    svc.run(&["--lang", "zh-CN", "repair", "verify", &r]).ok().stdout_has("unchanged since signing");
    svc.run(&["--lang", "zh-CN", "repair", "verify", &r, "--format", "table"]).ok().stdout_has("检查项");
}

/// Issue 10: the report a 设备科 signs names the service company (settings
/// `company.*`, frozen into the report when it is signed) and says what is charged:
/// each part with its unit price and amount, the labour at the labour rate, the total in
/// 元 and, in Chinese, in capital numerals.
#[test]
fn i10_r3_4_2_the_chinese_report_names_the_service_company_and_what_is_charged() {
    let svc = Svc::with_examples();
    for (key, value) in [
        ("company.name", "北京康达医疗设备维修有限公司"),
        ("company.address", "北京市朝阳区建国路88号"),
        ("company.phone", "010-85550000"),
        ("company.licence", "京药监械维修备20200012号"),
    ] {
        svc.run(&["config", "set", key, value]).ok();
    }
    let r = signed_repair(&svc);
    // Renamed after signing: the signed report keeps the name it was signed under.
    svc.run(&["config", "set", "company.name", "另一家公司"]).ok();
    let zh = svc.stdout(&["--lang", "zh-CN", "repair", "report", &r, "--print"]);
    for needle in [
        "## 维修服务单位",
        "- **单位名称**：北京康达医疗设备维修有限公司",
        "- **地址**：北京市朝阳区建国路88号",
        "- **服务电话**：010-85550000",
        "- **许可证号**：京药监械维修备20200012号",
        "| 备件编号 | 名称 | 规格 | 批号 | 数量 | 单价（元） | 金额（元） |",
        "| 0100 | 保险丝 | T2AL 250V 5x20mm |  | 2 | 1.50 | 3.00 |",
        "## 维修费用",
        "- **备件费**：3.00 元",
        "- **工时费**：300.00 元（1.5 小时 × 200.00 元/小时）",
        "- **费用合计**：303.00 元",
        "- **合计（大写）**：人民币叁佰零叁元整",
    ] {
        assert!(zh.contains(needle), "the zh-CN report lacks {needle:?}:\n{zh}");
    }
    assert!(!zh.contains("另一家公司"), "{zh}");
    let en = svc.stdout(&["repair", "report", &r, "--print"]);
    for needle in ["- **Company**: 北京康达医疗设备维修有限公司", "| 2 | 1.50 | 3.00 |", "- **Total**: 303.00 yuan"]
    {
        assert!(en.contains(needle), "the English report lacks {needle:?}:\n{en}");
    }
    svc.run(&["repair", "verify", &r]).ok().stdout_has("unchanged since signing");
    // Without the settings, no company block: nothing invented.
    let other = Svc::with_examples();
    let r = reported_repair(&other);
    let zh = other.stdout(&["--lang", "zh-CN", "repair", "report", &r, "--print"]);
    assert!(!zh.contains("维修服务单位") && zh.contains("- **费用合计**：303.00 元"), "{zh}");
}

#[test]
fn i10_a_report_not_signed_yet_prints_the_lines_the_customer_signs_dates_and_stamps() {
    let svc = Svc::with_examples();
    let r = reported_repair(&svc);
    svc.run(&["--lang", "zh-CN", "repair", "report", &r, "--print"])
        .ok()
        .stdout_has("状态：草稿，尚未签字")
        .stdout_has("尚未签字。\n\n客户签字：______________　　日期：______________　　盖章：\n");
    svc.run(&["repair", "report", &r, "--print"])
        .ok()
        .stdout_has("Customer signature: ______________    Date: ______________    Stamp:");
}

#[test]
fn i10_a_repair_walked_in_chinese_says_each_step_in_chinese() {
    let svc = Svc::with_examples();
    svc.run(&["parts", "import", example("parts.csv").to_str().unwrap()]).ok();
    let zh = |args: &[&str]| svc.run(&[&["--lang", "zh-CN"][..], args].concat()).ok();
    let t = fault(&svc, "urgent");
    zh(&["ticket", "respond", &t, "--note", "已电话联系"]).stderr_has("工单 T-000001：已登记首次响应");
    zh(&["ticket", "wait", &t, "--reason", "parts"]).stderr_has("工单 T-000001 正在等待备件；SLA 计时已暂停");
    zh(&["ticket", "resume", &t]).stderr_has("工单 T-000001 已恢复处理；SLA 计时继续");
    let r = code(svc.run(&["repair", "open", "--ticket", &t]));
    zh(&["repair", "diagnose", &r, "--finding", "电源板无输出", "--difficulty", "complex"])
        .stderr_has("维修单 R-000001：已登记诊断；复杂故障须先上门检查再制定维修方案");
    zh(&["repair", "visit", &r, "--onsite", "--finding", "保险丝熔断", "--tools", "万用表"])
        .stderr_has("维修单 R-000001：已登记检查");
    zh(&["repair", "plan", &r, "--step", "更换保险丝", "--part", "0100:2", "--labour-hours", "1.5"]).stderr_has(
        "维修单 R-000001：维修方案第 1 版，预计费用 303.00 元 = 备件 3.00 元 + 工时费 300.00 元；等待客户确认",
    );
    zh(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).stderr_has("维修单 R-000001：已登记客户确认");
    zh(&["repair", "start", &r]).stderr_has("维修单 R-000001：已开始维修");
    // The same steps in English say what they always said.
    svc.run(&["ticket", "note", &t, "备件已到"]).ok().stderr_has("ticket T-000001: noted");
    zh(&["ticket", "note", &t, "备件已到"]).stderr_has("工单 T-000001：已添加备注");
    svc.run(&["--lang", "en", "repair", "amend", &r, "--note", "x"]).code(4).stderr_has("repair R-000001 is in_repair");
    svc.run(&["--lang", "zh-CN", "repair", "amend", &r, "--note", "x"])
        .code(4)
        .stderr_has("维修单 R-000001 当前为“维修中”");
}

#[test]
fn i10_the_demo_in_chinese_titles_and_tells_each_step_in_chinese() {
    let svc = Svc::bare();
    let run = svc.run(&["--lang", "zh-CN", "--format", "table", "demo", "demo.db"]).ok();
    let titles: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("== ")).collect();
    assert!(titles.len() >= 9, "{}", run.stdout);
    for t in &titles {
        assert!(t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "an English title: {t}");
    }
    for said in [
        "导入旧系统的客户文件",
        "第 7 行：name: 缺失（必填）",
        "设备型号目录新增：PM-9000（迈瑞）",
        "R-000001：工单、诊断",
        "A-000001：抽查上述维修的内部检查",
    ] {
        assert!(run.stderr.contains(said), "the demo does not say {said:?}:\n{}", run.stderr);
    }
    // The commands to try are typed as they are: not prose.
    let told: String = run.stderr.lines().filter(|l| !l.starts_with("  svc ")).collect::<Vec<_>>().join("\n");
    let english = english_prose(&told);
    assert!(english.is_empty(), "the demo says English {english:?}:\n{}", run.stderr);
    assert!(run.stdout.contains("已签字确认") && run.stdout.contains("医院"), "{}", run.stdout);
}

#[test]
fn the_english_prose_rule_catches_prose_and_lets_codes_paths_and_commands_pass() {
    assert_eq!(
        english_prose("count CNT-000001 started: 7 line(s) frozen at their book quantity"),
        ["frozen at their book quantity"]
    );
    assert_eq!(
        english_prose("receipt RC-000001 inspected; accepted parts are in stock"),
        ["accepted parts are in stock"]
    );
    assert!(english_prose("盘点单 CNT-000001 已开始：7 行明细已按账面数量冻结").is_empty());
    assert!(english_prose("请用“svc parts inspect RC-000001 ...”办理验收；counted_qty -1 为负数").is_empty());
    assert!(english_prose("已将 /tmp/a b/svc.db 备份至 /tmp/x.db；SLA 计时已暂停").is_empty());
}

/// A repair with its plan (PARTNO:QTY each) consented and the work started, opened in
/// English: ready to take parts.
fn repair_taking_parts(svc: &Svc, parts: &[&str]) -> String {
    let t = fault(svc, "normal");
    let r = code(svc.run(&["repair", "open", "--ticket", &t]));
    svc.run(&["repair", "diagnose", &r, "--finding", "电源板无输出", "--difficulty", "simple"]).ok();
    let mut plan = vec!["repair", "plan", r.as_str(), "--step", "更换", "--labour-hours", "1"];
    for p in parts {
        plan.extend(["--part", p]);
    }
    svc.run(&plan).ok();
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    r
}

/// Issue 10: with `--lang zh-CN`, what the spare-parts, staff and database commands say
/// on stderr (summaries, refused rows, errors) is Chinese: no English prose
/// (`english_prose`) is left, in a representative walk through 盘点, 采购入库, 验收,
/// 领用出库, 退库, 报废, 备份 and 恢复.
#[test]
fn i10_parts_staff_and_database_commands_speak_chinese_on_stderr() {
    let svc = stocked();
    let mut said: Vec<(String, String)> = Vec::new();
    let mut zh = |args: &[&str], exit: i32| -> String {
        let run = svc.run(&[&["--lang", "zh-CN"][..], args].concat()).code(exit);
        said.push((run.cmd.clone(), run.stderr.clone()));
        run.stdout.trim().to_string()
    };
    // Stock movements.
    zh(&["parts", "transfer", "0100", "--from", "WH1/B-01", "--to", "WH1/B-02", "--qty", "2", "--reason", "整理"], 0);
    zh(&["parts", "adjust", "0100", "--location", "WH1/B-01", "--qty", "-1", "--reason", "破损"], 0);
    zh(&["parts", "scrap", "0310", "--location", "WH1/B-02", "--lot", "F2502", "--qty", "15", "--reason", "过期"], 0);
    // Purchasing, receipt into quarantine, incoming inspection, a cancelled order.
    let po = zh(&["parts", "po", "create", "--supplier", "SUP01", "--line", "0013:10:250.00"], 0);
    let rc = zh(&["parts", "po", "receive", &po, "--location", "WH1/A-02", "--line", "0013:10:L1"], 0);
    zh(&["parts", "inspect", &rc, "--reject", "0013:1", "--accept-rest", "--by", "E004"], 0);
    let po2 = zh(&["parts", "po", "create", "--supplier", "SUP02", "--line", "0205:1:940.00"], 0);
    zh(&["parts", "po", "cancel", &po2, "--reason", "取消采购"], 0);
    zh(&["parts", "safety", "check", "WH1", "--fire", "ok", "--damp", "ok", "--security", "ok", "--by", "E004"], 0);
    // Requisitions: approved, issued, returned; another rejected; another cancelled.
    let r = repair_taking_parts(&svc, &["0012-A:2", "0100:2"]);
    let rq =
        zh(&["parts", "req", "create", "--repair", &r, "--line", "0012-A:2", "--line", "0100:2", "--by", "E002"], 0);
    zh(&["parts", "req", "approve", &rq, "--by", "E005"], 0);
    zh(&["parts", "req", "issue", &rq], 0);
    zh(&["parts", "req", "return", &rq, "--line", "0100:1"], 0);
    let rq2 = zh(&["parts", "req", "create", "--repair", &r, "--line", "0100:1", "--by", "E002"], 0);
    zh(&["parts", "req", "reject", &rq2, "--by", "E005"], 0);
    let rq3 = zh(&["parts", "req", "create", "--repair", &r, "--line", "0100:1", "--by", "E002"], 0);
    zh(&["parts", "req", "cancel", &rq3, "--reason", "不需要了"], 0);
    // A stock count: the sheet, a sheet with bad rows refused, the filled sheet, a
    // recount, the posting; another count cancelled.
    let cnt = zh(&["parts", "count", "start", "--location", "WH1"], 0);
    zh(&["parts", "count", "sheet", &cnt, "-o", "sheet.csv"], 0);
    let sheet = String::from_utf8(svc.read("sheet.csv")).unwrap();
    let rows = csv_rows(&sheet);
    let (book, counted) = (rows[0].iter().position(|h| h == "book_qty").unwrap(), rows[0].len() - 2);
    let filled = |first: &str| -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        for (i, row) in rows.iter().enumerate() {
            let mut row = row.clone();
            if i > 0 {
                row[counted] = if i == 1 { first.to_string() } else { row[book].clone() };
            }
            out.write_record(&row).unwrap();
        }
        String::from_utf8(out.into_inner().unwrap()).unwrap()
    };
    svc.write("bad.csv", filled("-1"));
    zh(&["parts", "count", "submit", &cnt, "bad.csv"], 5);
    svc.write("filled.csv", filled("0"));
    zh(&["parts", "count", "submit", &cnt, "filled.csv"], 0);
    let part = &rows[1][rows[0].iter().position(|h| h == "part_no").unwrap()];
    zh(&["parts", "count", "recount", &cnt, "--part", part], 0);
    zh(&["parts", "count", "submit", &cnt, "filled.csv"], 0);
    zh(&["parts", "count", "post", &cnt, "--reason", "月度盘点"], 0);
    let cnt2 = zh(&["parts", "count", "start", "--location", "WH2"], 0);
    zh(&["parts", "count", "cancel", &cnt2, "--reason", "重新盘点"], 0);
    // Rows refused on import: opening stock of an unknown part and location, a
    // certificate of an unknown staff member.
    svc.write("stock.csv", "part_no,location,lot,qty,unit_cost,expiry\n9999,WH1/A-01,,1,1.00,\n0100,WH9,,1,1.00,\n");
    zh(&["parts", "stock", "import", "stock.csv"], 5);
    svc.write(
        "certs.csv",
        "staff_code,type,number,issued,expires\nE999,医疗器械维修工程师,MD-9,2024-01-10,2027-01-09\n",
    );
    zh(&["staff", "cert", "import", "certs.csv"], 5);
    // The database: init of a file that exists, a backup, a restore.
    zh(&["init"], 0);
    zh(&["db", "backup", "backup.db"], 0);
    zh(&["db", "restore", "backup.db"], 0);
    for (cmd, stderr) in &said {
        assert!(!stderr.trim().is_empty() || cmd.contains("create"), "{cmd} said nothing");
        let english = english_prose(stderr);
        assert!(english.is_empty(), "{cmd} says English {english:?}:\n{stderr}");
    }
}

/// Issue 10: the housekeeping commands speak Chinese too: `svc db check`'s table (check
/// names, results and details; its csv stays canonical), `svc customer delete`, the
/// summaries of `svc export DIR` and `svc import DIR` (a dump restored, a flat directory
/// imported), and the rows a training import refuses.
#[test]
fn i10_db_check_delete_export_import_dir_and_training_rows_speak_chinese() {
    let svc = Svc::with_examples();
    let mut said: Vec<(String, String)> = Vec::new();
    let mut zh = |svc: &Svc, args: &[&str], exit: i32| -> String {
        let run = svc.run(&[&["--lang", "zh-CN"][..], args].concat()).code(exit);
        said.push((run.cmd.clone(), run.stderr.clone()));
        run.stdout
    };
    let table = zh(&svc, &["db", "check", "--format", "table"], 0);
    for word in ["检查项", "历史记录链", "数据库结构版本", "通过", "正常（共"] {
        assert!(table.contains(word), "db check lacks {word}:\n{table}");
    }
    assert!(english_prose(&table).is_empty(), "db check says English {:?}:\n{table}", english_prose(&table));
    let csv = svc.stdout(&["--lang", "zh-CN", "db", "check", "--format", "csv"]);
    assert!(csv.starts_with("check,result,detail\n") && csv.contains("history chain,ok,"), "{csv}");
    svc.run(&["customer", "add", "--code", "C0900", "--name", "测试诊所", "--type", "clinic"]).ok();
    zh(&svc, &["customer", "delete", "C0900"], 0);
    zh(&svc, &["export", "dump"], 0);
    // An area's name and the word 记录 once: "0 条参训记录", never "培训参加记录记录".
    let again = svc.run(&["--lang", "zh-CN", "export", "dump2"]).ok().stderr;
    assert!(again.contains("条参训记录写入") && again.contains("条预防性维护记录写入"), "{again}");
    assert!(!again.contains("记录记录"), "a doubled word: {again}");
    let other = Svc::bare();
    other.run(&["init"]).ok();
    zh(&other, &["import", svc.path("dump").to_str().unwrap(), "--dry-run"], 0);
    zh(&other, &["import", svc.path("dump").to_str().unwrap()], 0);
    let flat = Svc::new();
    zh(&flat, &["import", svc.path("dump").to_str().unwrap(), "--flat"], 0);
    // Training rows refused: an unknown training, an unknown staff member, hours and a
    // score that are not numbers of their kind.
    zh(&svc, &["training", "import", "nothing.csv"], 3);
    svc.write(
        "trainings.csv",
        "code,title,kind,topics,starts_on,ends_on,hours,trainer,place\nT1,维修培训,manufacturer,,2026-02-03,2026-02-04,两天,,\n",
    );
    zh(&svc, &["training", "import", "trainings.csv"], 5);
    svc.write(
        "good.csv",
        "code,title,kind,topics,starts_on,ends_on,hours,trainer,place\nT2,安全培训,internal,safe-operation,2026-02-03,2026-02-03,8,,\n",
    );
    svc.run(&["training", "import", "good.csv"]).ok();
    svc.write(
        "attendance.csv",
        "training_code,staff_code,hours,score,passed,certificate_type,certificate_number\n\
         TRN-404,E001,8,90,true,,\nT2,E909,8,90,true,,\nT2,E001,8,190,true,,\nT2,E002,8,50,false,安全员,S-1\n",
    );
    zh(&svc, &["training", "attendance", "import", "attendance.csv"], 5);
    for (cmd, stderr) in &said {
        assert!(!stderr.trim().is_empty() || cmd.contains("db check"), "{cmd} said nothing");
        let english = english_prose(stderr);
        assert!(english.is_empty(), "{cmd} says English {english:?}:\n{stderr}");
    }
}
