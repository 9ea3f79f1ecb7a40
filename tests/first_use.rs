//! A Chinese service administrator's first day with svc (`LANG=zh_CN.UTF-8`): what they
//! read must be Chinese and the regulation's words, not the English names of the moves
//! and columns behind it. Each test walks a procedure as the docs tell it and reads what
//! a person reads: refusals on stderr and `--format table`.

mod common;
use common::prose::english_prose;
use common::*;

const ZH: &[(&str, &str)] = &[("LANG", "zh_CN.UTF-8")];

/// A refused move names the move in Chinese (“签字确认”), not the English action
/// (“sign”), and a complaint or an internal inspection names its record in Chinese too.
#[test]
fn a_refusal_names_the_move_and_the_record_in_chinese() {
    let svc = Svc::with_examples();
    let t = fault(&svc, "urgent");
    let r = code(svc.run(&["repair", "open", "--ticket", &t]));
    svc.run(&["repair", "diagnose", &r, "--finding", "电源板无输出"]).ok();
    svc.run(&["repair", "plan", &r, "--step", "更换保险丝", "--labour-hours", "1"]).ok();
    let start = svc.run_env(&["repair", "start", &r], ZH).code(4);
    let said = start.stderr.clone();
    assert!(said.contains("“开始维修”须在“客户已确认”状态下办理"), "{said}");
    assert!(!said.contains("“start”"), "{said}");
    // Each step done says the next, as the regulation orders them.
    let (consent, start) = (["repair", "consent", &r, "--by", "王主任", "--method", "phone"], ["repair", "start", &r]);
    svc.run_env(&consent, ZH).ok().stderr_has("已登记客户确认；下一步开始维修（“svc repair start R-000001”）");
    svc.run_env(&start, ZH)
        .ok()
        .stderr_has("已开始维修；所需备件请办理领用（“svc parts req create --repair R-000001 ...”）");
    let r = code(svc.run(&["repair", "open", "--ticket", &fault(&svc, "urgent")]));
    svc.run_env(&["repair", "diagnose", &r, "--finding", "黑屏"], ZH)
        .ok()
        .stderr_has("已登记诊断；下一步制定维修方案（“svc repair plan R-000002 --step ...”）");
    svc.run(&["repair", "plan", &r, "--step", "更换背光板", "--labour-hours", "1"]).ok();
    // English keeps the canonical action, which scripts and the docs' state tables read.
    svc.run(&["repair", "start", &r]).code(4).stderr_has("'start' needs it consented");

    let c = code(svc.run(&[
        "complaint",
        "open",
        "--customer",
        "C0001",
        "--channel",
        "hotline",
        "--category",
        "repair-quality",
        "--description",
        "维修后三天再次黑屏",
    ]));
    let close = svc.run_env(&["complaint", "close", &c], ZH).code(4);
    let said = close.stderr.clone();
    assert!(said.contains(&format!("投诉 {c} 当前为“待受理”：“结案”须在“已告知客户”状态下办理")), "{said}");
    assert!(english_prose(&said).is_empty(), "{said}");

    // A complaint whose root cause needs a corrective action says the cause in Chinese.
    svc.run(&["complaint", "acknowledge", &c, "--by", "E003"]).ok();
    svc.run(&["complaint", "investigate", &c, "--finding", "未做老化测试", "--root-cause", "method"]).ok();
    svc.run(&["complaint", "resolve", &c, "--solution", "免费更换电源板"]).ok();
    svc.run(&["complaint", "inform", &c, "--by", "E003", "--method", "visit", "--customer-response", "accepted"]).ok();
    svc.run_env(&["complaint", "close", &c], ZH).code(4).stderr_has("根本原因为“方法”：请先关联纠正措施");
}

/// `repair show` as a table: every section title and column of the plan, the parts used
/// and the inspections is Chinese, and a passed inspection reads 通过 beside 不通过.
#[test]
fn repair_show_is_chinese_in_every_section() {
    let svc = Svc::with_examples();
    let r = signed_repair(&svc);
    let show = svc.run_env(&["--format", "table", "repair", "show", &r], ZH).ok();
    let out = show.stdout.clone();
    for word in [
        "维修方案 (1)",
        "已用备件",
        "维修质量检验 (1)",
        "工时费",
        "预计费用",
        "确认人",
        "确认方式",
        "检验规程",
        "检测仪器",
        "通过",
    ] {
        assert!(out.contains(word), "no {word} in:\n{out}");
    }
    // (The history below keeps its recorded details, `instrument: ...; passed: true`.)
    for key in ["plans (", "parts_used (", "inspections (", "consented_by", " instrument ", " passed "] {
        assert!(!out.contains(key), "{key} in:\n{out}");
    }
    // Its history names each step as the regulation does (the details stay as recorded).
    for word in ["处理记录 (8)", "新建", "诊断", "制定方案", "客户确认", "开始维修", "检验", "出具报告", "签字确认"]
    {
        assert!(out.contains(word), "no {word} in:\n{out}");
    }
    assert!(!out.contains("  sign  ") && !out.contains("  consent  "), "{out}");
    let history = svc.run_env(&["--format", "table", "history", &r], ZH).ok();
    for word in ["记录类型", "修改后", "签字确认"] {
        assert!(history.stdout.contains(word), "no {word} in:\n{}", history.stdout);
    }
    // The record's own fields keep the 项目 / 内容 header; csv keeps the keys.
    assert!(out.lines().next().unwrap().contains("项目") && out.lines().next().unwrap().contains("内容"), "{out}");
    svc.run_env(&["--format", "csv", "repair", "show", &r], ZH).stdout_has("field,value").stdout_has("plans");
}

/// A count's variance: the amount column is 金额 (the parts commands' word for `value`;
/// a KPI's is 数值, a record's fields' 内容) and a line's state is said in Chinese
/// (有差异), under the header 状态.
#[test]
fn a_count_variance_says_its_state_in_chinese() {
    let svc = stocked();
    let c = code(svc.run(&["parts", "count", "start", "--location", "WH1"]));
    svc.run(&["parts", "count", "sheet", &c, "-o", "sheet.csv"]).ok();
    let sheet = String::from_utf8(svc.read("sheet.csv")).unwrap();
    // Every line counted as on the books, but the first one short by its whole quantity.
    let filled: Vec<String> = sheet
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                return line.to_string();
            }
            let cells: Vec<&str> = line.split(',').collect();
            let book = cells[7];
            let counted = if i == 1 { "0" } else { book };
            format!("{},{counted},", cells[..8].join(","))
        })
        .collect();
    svc.write("filled.csv", filled.join("\n") + "\n");
    svc.run(&["parts", "count", "submit", &c, "filled.csv"]).ok();
    let variance = svc.run_env(&["--format", "table", "parts", "count", "variance", &c], ZH).ok();
    let out = variance.stdout.clone();
    assert!(out.contains("有差异") && out.contains("金额") && out.contains("状态"), "{out}");
    assert!(!out.contains("differs") && !out.contains("有效状态") && !out.contains("内容"), "{out}");
    svc.run_env(&["--format", "table", "report", "kpi", "--from", "2026-03-01", "--to", "2026-03-05"], ZH)
        .ok()
        .stdout_has("数值")
        .stdout_has("小时");
}

/// A time typed as Beijing time on a database kept in UTC reads as hours ahead: the
/// refusal names the business time zone and how to set it.
#[test]
fn a_time_in_the_future_names_the_business_time_zone() {
    let svc = Svc::with_examples();
    svc.run(&["config", "set", "time.zone", "UTC"]).ok();
    // 10:00 in Shanghai is 02:00 UTC: 09:00 typed is in the future in UTC.
    let open = [
        "ticket",
        "open",
        "--customer",
        "C0001",
        "--channel",
        "hotline",
        "--kind",
        "fault",
        "--symptom",
        "黑屏",
        "--at",
        "2026-03-05 09:00",
    ];
    svc.run_env(&open, ZH)
        .code(5)
        .stderr_has("是将来的时间（业务时区 +00:00 现在是 2026-03-05 02:00:00）")
        .stderr_has("svc config set time.zone +08:00");
    svc.run(&open).code(5).stderr_has("in the time zone +00:00");
    svc.run(&["config", "set", "time.zone", "+08:00"]).ok();
    svc.run(&open).ok();
}

/// One key, two meanings: a certificate's `issued` is the day it was issued (发证日期), a
/// requisition's how many were issued (已发数量); a complaint's `received` is when it came
/// in (接收时间), a receipt's how many arrived (到货数量). Each command labels its own, and
/// a certificate file exported with Chinese headers imports back.
#[test]
fn a_key_is_labelled_as_its_own_command_means_it() {
    let svc = Svc::with_examples();
    svc.run(&["staff", "cert", "import", example("certificates.csv").to_str().unwrap()]).ok();
    let certs = svc.run_env(&["--format", "table", "staff", "certs"], ZH).ok();
    assert!(certs.stdout.contains("发证日期") && !certs.stdout.contains("已发数量"), "{}", certs.stdout);
    svc.run_env(&["staff", "cert", "export", "--headers", "zh", "-o", "certs.csv"], ZH).ok();
    let exported = String::from_utf8(svc.read("certs.csv")).unwrap();
    assert!(exported.lines().next().unwrap().contains("发证日期"), "{exported}");
    let other = Svc::with_examples();
    let path = svc.path("certs.csv");
    other.run(&["staff", "cert", "import", path.to_str().unwrap()]).ok();
    assert_eq!(other.stdout(&["staff", "cert", "export"]), svc.stdout(&["staff", "cert", "export"]));

    let r = repair_for(stocked_in(&svc), "00012345", &["0100:2"]);
    let q = code(svc.run(&["parts", "req", "create", "--repair", &r, "--line", "0100:2", "--by", "E002"]));
    svc.run_env(&["--format", "table", "parts", "req", "show", &q], ZH).ok().stdout_has("已发数量");

    svc.run(&[
        "complaint",
        "open",
        "--customer",
        "C0001",
        "--channel",
        "letter",
        "--category",
        "billing",
        "--description",
        "收费有误",
    ])
    .ok();
    let list = svc.run_env(&["--format", "table", "complaint", "list"], ZH).ok();
    for word in ["接收时间", "投诉类别", "收费"] {
        assert!(list.stdout.contains(word), "no {word} in:\n{}", list.stdout);
    }
    assert!(!list.stdout.contains("到货数量") && !list.stdout.contains("备件分类"), "{}", list.stdout);
}

/// The example catalogue, locations and opening stock added to `svc`'s database.
fn stocked_in(svc: &Svc) -> &Svc {
    svc.run(&["parts", "import", example("parts.csv").to_str().unwrap()]).ok();
    svc.run(&["parts", "location", "add", "WH1"]).ok();
    for bin in ["A-01", "A-02", "B-01", "B-02", "C-01"] {
        svc.run(&["parts", "location", "add", "WH1", "--bin", bin]).ok();
    }
    svc.run(&["parts", "stock", "import", example("opening-stock.csv").to_str().unwrap()]).ok();
    svc
}

/// `equipment show` says the warranty in Chinese in a table, and the canonical English
/// sentence in csv (what scripts read, and what a ticket freezes at intake).
#[test]
fn the_warranty_of_a_device_is_said_in_chinese() {
    let svc = Svc::with_examples();
    svc.run_env(&["--format", "table", "equipment", "show", "00012345"], ZH)
        .ok()
        .stdout_has("已过保（2022-05-09 到期）");
    svc.run_env(&["--format", "table", "equipment", "show", "0099-A"], ZH)
        .ok()
        .stdout_has("保修期内（至 2027-02-28，还剩");
    svc.run_env(&["equipment", "show", "00012345"], ZH).ok().stdout_has("warranty,expired on 2022-05-09");
    // A ticket's warranty, frozen in English at intake, reads as the printed report says it.
    let t = fault(&svc, "normal");
    svc.run_env(&["--format", "table", "ticket", "show", &t], ZH).ok().stdout_has("已过保（2022年5月9日到期）");
    svc.run_env(&["ticket", "show", &t], ZH).ok().stdout_has("warranty,expired on 2022-05-09");
}

/// An appraisal read by the person appraised: each figure and what it counts in Chinese,
/// a yes-or-no as 是 / 否, the training's own words for its hours (学时).
#[test]
fn an_appraisal_and_a_training_read_in_chinese() {
    let svc = Svc::with_examples();
    svc.run(&[
        "training",
        "add",
        "--title",
        "PM-9000 维修培训",
        "--kind",
        "manufacturer",
        "--topics",
        "model:PM-9000",
        "--starts-on",
        "2026-03-02",
        "--ends-on",
        "2026-03-03",
        "--hours",
        "16",
        "--trainer",
        "迈瑞培训中心",
    ])
    .ok();
    svc.run(&["training", "attend", "TRN-000001", "E002", "--score", "92", "--passed", "true"]).ok();
    let show = svc.run_env(&["--format", "table", "training", "show", "TRN-000001"], ZH).ok();
    for word in ["厂家培训", "参训记录 (1)", "学时", "是否通过", " 是 "] {
        assert!(show.stdout.contains(word), "no {word} in:\n{}", show.stdout);
    }
    assert!(!show.stdout.contains("true") && !show.stdout.contains("attendance"), "{}", show.stdout);
    let run = code(svc.run(&["appraisal", "run", "--period", "2026-03"]));
    let figures = svc.run_env(&["--format", "table", "appraisal", "show", &run, "--staff", "E002"], ZH).ok();
    for word in ["定义", "培训学时", "本期开始的培训中本人参训的学时", "综合得分"] {
        assert!(figures.stdout.contains(word), "no {word} in:\n{}", figures.stdout);
    }
    assert!(english_prose(&figures.stdout).is_empty(), "{}", figures.stdout);
    // csv keeps the canonical figure and its English definition for scripts.
    svc.run_env(&["appraisal", "show", &run, "--staff", "E002"], ZH)
        .ok()
        .stdout_has("training_hours,16,16,,hours attended at trainings starting in the period");
}

/// The support archive: an article's status reads 已发布, and a search's score is how
/// well it matches (匹配度), not an examination score (考核成绩).
#[test]
fn the_support_archive_reads_in_chinese() {
    let svc = Svc::with_examples();
    svc.run(&[
        "kb",
        "add",
        "--title",
        "开机后黑屏",
        "--question",
        "开机后黑屏无显示",
        "--solution",
        "检查背光板供电",
        "--models",
        "PM-9000",
        "--tags",
        "显示",
    ])
    .ok();
    svc.run_env(&["--format", "table", "kb", "list"], ZH).ok().stdout_has("已发布");
    let hits = svc.run_env(&["--format", "table", "kb", "search", "黑屏"], ZH).ok();
    assert!(hits.stdout.contains("匹配度") && !hits.stdout.contains("考核成绩"), "{}", hits.stdout);
}

/// `svc init` on a server left in UTC says the business time zone it stored and how to
/// change it: the first `--at 09:00` typed as Beijing time would otherwise be refused as
/// in the future with no clue why.
#[test]
fn init_names_the_business_time_zone() {
    let svc = Svc::bare();
    svc.run_env(&["init"], &[("LANG", "zh_CN.UTF-8"), ("TZ", "UTC")])
        .ok()
        .stderr_has("时间按业务时区 +00:00 显示和录入（可用“svc config set time.zone 时区”更改");
    let other = Svc::bare();
    other.run(&["init"]).ok().stderr_has("times are shown and typed in +08:00");
}

/// The printed maintenance report (the demo's MV-000001) in Chinese: its risk class, its
/// dates and how the customer signed are said as the repair report says them, and a
/// check recorded as pass reads 合格 in its value and limit too.
#[test]
fn the_printed_maintenance_report_is_chinese() {
    let svc = Svc::bare();
    svc.run(&["--lang", "zh-CN", "demo", "demo.db"]).ok();
    let printed = svc.run_env(&["--db", "demo.db", "--format", "md", "maint", "show", "MV-000001", "--print"], ZH).ok();
    let out = &printed.stdout;
    for said in
        ["**风险等级**：中", "**保养时间**：2026年", "（确认方式：签字）", "| 合格 | 合格 | 合格 |", "| 备件编号 |"]
    {
        assert!(out.contains(said), "no {said} in:\n{out}");
    }
    for english in ["medium", "signature", "| pass |"] {
        assert!(!out.contains(english), "{english} in:\n{out}");
    }
}
