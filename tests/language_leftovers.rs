//! Issue 10, the last English a Chinese administrator read under `--lang zh-CN`: what is
//! due (`svc due`), the help of each setting (`svc config list`) and the answer of a drill
//! finding by a plan revision. Tables say it in Chinese; csv stays as scripts read it.

mod common;
use common::*;

/// Everything due within a year, as a table in Chinese and as csv in both languages.
fn due(svc: &Svc, lang: &str, format: &str) -> String {
    svc.stdout(&["--lang", lang, "due", "--within", "1y", "--format", format])
}

#[test]
fn i10_due_says_what_is_due_in_chinese_and_csv_keeps_the_english_subject() {
    let svc = with_reserve();
    svc.run(&["drill", "schedule", "--plan", "EP-CT-ED", "--on", "2026-03-01", "--kind", "functional"]).ok();
    let args = ["--customer", "C0001", "--equipment", "00012345", "--channel", "hotline", "--kind", "fault"];
    svc.run(&[&["ticket", "open"], &args[..], &["--priority", "urgent", "--symptom", "开机无显示"]].concat()).ok();

    let table = due(&svc, "zh-CN", "table");
    for said in [
        "首次响应：开机无显示",
        "解决时限：开机无显示",
        "预案 EP-CT-ED 的功能演练",
        "应急物资库 RES/ER-KIT 检查（从未检查）",
        "仓库 RES 安全检查（从未检查）",
        "证书换证：电工作业证（张伟）",
    ] {
        assert!(table.contains(said), "{said:?} in\n{table}");
    }
    for english in ["first response", "resolution:", "drill (", "check of", "never checked", "renew "] {
        assert!(!table.contains(english), "{english:?} left in\n{table}");
    }
    let md = due(&svc, "zh-CN", "md");
    assert!(md.contains("| 首次响应：开机无显示 |"), "{md}");

    // Scripts read the same csv whatever the language: the canonical English subject.
    let csv = due(&svc, "zh-CN", "csv");
    assert_eq!(csv, due(&svc, "en", "csv"));
    assert!(csv.contains(",first response: 开机无显示,"), "{csv}");
    assert!(csv.contains(",drill (functional) of plan EP-CT-ED,"), "{csv}");
    assert_eq!(due(&svc, "zh-CN", "json"), due(&svc, "en", "json"));
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
