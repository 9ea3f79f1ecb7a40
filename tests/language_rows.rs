//! Issue 10, the leftovers of `--lang zh-CN`: the reasons an import refuses a row (on
//! stderr and in the rejects file) in every area, `svc db check` on a damaged file, the
//! prompts Excel shows on a count sheet's cells, and the question "did you mean 0100?"
//! in the imports that lacked it.

mod common;
use common::prose::english_prose;
use common::*;

/// Import `file` into `area` (its import command's words) under zh-CN with a rejects
/// file; what stderr said and the reasons the rejects file gives, each row's.
fn import_zh(svc: &Svc, area: &[&str], file: &str) -> (String, Vec<String>) {
    let args = [&["--lang", "zh-CN"][..], area, &[file, "--rejects", "rejects.csv", "--force"]].concat();
    let stderr = svc.run(&args).ok().stderr;
    let rows = csv_rows(&String::from_utf8(svc.read("rejects.csv")).unwrap());
    let error = rows[0].iter().position(|h| h == "error").expect("an error column");
    (stderr, rows[1..].iter().map(|r| r[error].clone()).collect())
}

/// Every reason is Chinese: no English prose, and at least one Chinese character.
#[track_caller]
fn all_chinese(what: &str, texts: &[String]) {
    for text in texts {
        let english = english_prose(text);
        assert!(english.is_empty(), "{what} says English {english:?}:\n{text}");
        assert!(text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{what} has no Chinese:\n{text}");
    }
}

/// The quality imports (inspections, findings, rectifications, complaints, standards)
/// refuse rows in Chinese, naming the area and the kind of record in Chinese too.
#[test]
fn i10_quality_import_rows_are_refused_in_chinese() {
    let svc = Svc::with_examples();
    svc.write(
        "inspections.csv",
        "code,scope,planned_on,auditor,status,opened_at,closed_at,summary\n\
         A-000009,repairs,,E005,weird,yesterday,,\n\
         A-000010,repairs,2026-03-05,E005,closed,,,\n\
         A-000011,repairs,2026-03-05,E999,planned,,,\n",
    );
    let (stderr, reasons) = import_zh(&svc, &["audit", "import", "inspections"], "inspections.csv");
    assert_eq!(reasons.len(), 3, "{stderr}");
    assert!(stderr.contains("内部检查 inspections.csv：读取 3"), "{stderr}");
    assert!(reasons[2].contains("没有员工 E999"), "{reasons:?}");
    all_chinese("inspections", &[&[stderr][..], &reasons].concat());

    svc.write(
        "findings.csv",
        "code,audit,source,severity,clause,record,description,raised_by,raised_at,owner,deadline,round,status,closed_at\n\
         F-000009,A-000404,manual,minor,R3.4.1,,d,E005,2026-03-05T02:00:00Z,,,1,open,\n\
         F-000010,A-000404,manual,huge,R3.4.1,,d,E005,,,2026-03-19,x,bogus,\n",
    );
    let (stderr, reasons) = import_zh(&svc, &["audit", "import", "findings"], "findings.csv");
    assert!(reasons[0].contains("没有内部检查 A-000404"), "{reasons:?}");
    assert!(stderr.contains("不符合项 findings.csv：读取 2"), "{stderr}");
    all_chinese("findings", &[&[stderr][..], &reasons].concat());

    svc.write(
        "rounds.csv",
        "finding,round,kind,at,by,text,result,new_deadline\n\
         F-000404,1,action,2026-03-04T22:00:00Z,E001,t,,\n\
         F-000404,1,action,,E001,,effective,\n",
    );
    let (stderr, reasons) = import_zh(&svc, &["audit", "import", "rectifications"], "rounds.csv");
    assert!(stderr.contains("整改记录 rounds.csv"), "{stderr}");
    all_chinese("rectifications", &[&[stderr][..], &reasons].concat());

    svc.write(
        "complaints.csv",
        "code,customer_code,serial_no,ticket_code,channel,category,severity,patient_harm,group_event,description,\
         received_at,acknowledged_at,finding,root_cause,solution,resolved_at,informed_at,informed_by,inform_method,\
         customer_response,closed_at,reported_on,report_reference,corrective_finding\n\
         CP-000009,C0001,,,fax,odd,mild,some,perhaps,,,,,,,,,,,,,,,\n\
         CP-000010,C0001,00012345,T-404,hotline,repair-quality,normal,none,false,d,2026-03-04T14:00:00Z,,,,,,,,,,,,,\n\
         CP-000011,C0001,00012345,,hotline,repair-quality,normal,possible,false,d,2026-03-04T14:00:00Z,,,,,,,,,,\
         2026-03-04T15:00:00Z,,,\n",
    );
    let (stderr, reasons) = import_zh(&svc, &["complaint", "import"], "complaints.csv");
    assert!(reasons[1].contains("没有工单 T-404"), "{reasons:?}");
    assert!(stderr.contains("投诉 complaints.csv：读取 3"), "{stderr}");
    all_chinese("complaints", &[&[stderr][..], &reasons].concat());

    svc.write(
        "standards.csv",
        "code,version,title,step,effective_on,owner,review_months,review_due,file_ref,file_sha256\n\
         QS-X,,t,nonsense,,E999,-3,,,\n",
    );
    let (stderr, reasons) = import_zh(&svc, &["audit", "standard", "import"], "standards.csv");
    assert!(stderr.contains("质量标准 standards.csv"), "{stderr}");
    all_chinese("standards", &[&[stderr][..], &reasons].concat());
}

/// The tickets, legacy repairs, surveys and maintenance records imports said why a row
/// was refused in English (a missing day, a closed ticket without its resolution, a
/// score above its range, a record on file that is never changed): now in Chinese.
#[test]
fn i10_ticket_repair_survey_and_maintenance_rows_are_refused_in_chinese() {
    let svc = Svc::with_examples();
    svc.write(
        "tickets.csv",
        "code,customer_code,serial_no,channel,kind,priority,symptom,reporter,opened_at,assigned_to,responded_at,\
         closed_at,resolution,warranty_status,warranty_until,warranty_note\n\
         T-000103,C0001,,hotline,fault,high,黑屏,张护士,,,,2026-03-03T20:00:00Z,,,,\n\
         T-000104,C0001,,hotline,fault,high,黑屏,张护士,2026-03-03T20:00:00Z,,2026-03-02T20:00:00Z,,,bogus,,\n",
    );
    let (stderr, reasons) = import_zh(&svc, &["ticket", "import"], "tickets.csv");
    assert!(reasons[0].contains("缺少受理时间") && reasons[0].contains("已关闭的工单须填写处理结果"), "{reasons:?}");
    assert!(reasons[1].contains("早于受理时间") && reasons[1].contains("bogus 不是"), "{reasons:?}");
    all_chinese("tickets", &[&[stderr][..], &reasons].concat());

    svc.write(
        "repairs.csv",
        "code,serial_no,reported_on,finished_on,symptom,cause,process,parts,technician,cost,signed_by\n\
         R-000101,00012345,,2026-03-04,黑屏,保险丝,更换,0100 x2,李娜,abc,王主任\n\
         R-000102,00012345,2026-03-03,2026-03-04,黑屏,保险丝,更换,0100 x2,李娜,303.00,王主任\n",
    );
    let (stderr, reasons) = import_zh(&svc, &["repair", "import"], "repairs.csv");
    assert!(reasons[0].contains("缺少报修日期"), "{reasons:?}");
    all_chinese("repairs", &[&[stderr][..], &reasons].concat());
    // A legacy repair on file is never changed: an upsert says so in Chinese.
    svc.write("again.csv", String::from_utf8(svc.read("repairs.csv")).unwrap().replace("303.00", "304.00"));
    let (stderr, reasons) = import_zh(&svc, &["repair", "import", "--mode", "upsert"], "again.csv");
    assert!(reasons.iter().any(|r| r.contains("维修记录 R-000102 已归档，不得更改")), "{reasons:?}");
    all_chinese("repairs upsert", &[&[stderr][..], &reasons].concat());

    svc.write(
        "surveys.csv",
        "customer_code,date,channel,respondent,speed,quality,attitude,communication,overall,nps,comment\n\
         C0001,,phone,王主任,9,5,5,5,,9,\n",
    );
    let (stderr, reasons) = import_zh(&svc, &["survey", "import"], "surveys.csv");
    for said in ["缺少调查日期", "缺少总体评分", "9 超过 5 分"] {
        assert!(reasons[0].contains(said), "{said} not in {reasons:?}");
    }
    all_chinese("surveys", &[&[stderr][..], &reasons].concat());

    svc.write(
        "maint.csv",
        "code,serial_no,plan_code,done_on,meter,technician,result,notes\nMV-9,00012345,PM-X,,,李娜,maybe,\n",
    );
    let (stderr, reasons) = import_zh(&svc, &["maint", "import"], "maint.csv");
    assert!(reasons[0].contains("缺少保养日期"), "{reasons:?}");
    assert!(stderr.contains("预防性维护记录 maint.csv"), "{stderr}");
    all_chinese("maintenance", &[&[stderr][..], &reasons].concat());
}

/// The emergency area's files: a plan whose fields name what is not there, and a reserve
/// check sheet filled in wrong, refused in Chinese line by line.
#[test]
fn i10_emergency_plan_and_reserve_sheet_problems_are_in_chinese() {
    let svc = with_reserve();
    let plan = std::fs::read_to_string(plan_file("ct-down-emergency.yaml"))
        .unwrap()
        .replace("code: EP-CT-ED", "code: EP-NEW")
        .replace("primary: E004", "primary: E006")
        .replace("within: 45m", "within: soon")
        .replace("role: liaison", "role: driver")
        .replace("location: RES/ER-KIT", "location: RES/NOWHERE");
    svc.write("wrong.yaml", plan);
    let run = svc.run(&["--lang", "zh-CN", "drill", "plan", "import", "wrong.yaml"]).code(5);
    assert!(run.stderr.contains("应急预案 wrong.yaml 未导入"), "{}", run.stderr);
    all_chinese("plan import", &[run.stderr]);
    // A plan the YAML reader refuses: where and why, in Chinese.
    let plan =
        std::fs::read_to_string(plan_file("ct-down-emergency.yaml")).unwrap().replace("code: EP-CT-ED", "code: EP-NEW");
    for (file, text, said) in [
        ("missing.yaml", plan.replace("    on_site: 2h\n", ""), "levels[0]：第 20 行第 5 列：缺少字段 on_site"),
        (
            "unknown.yaml",
            plan.replace("staffing:", "colour: red\nstaffing:"),
            "这里没有 colour 这个字段（可用的字段：code, title,",
        ),
        ("notyaml.yaml", "code: [unclosed".to_string(), "code：第 1 行第 7 列：此处应为文字，实际是列表"),
    ] {
        svc.write(file, text);
        let run = svc.run(&["--lang", "zh-CN", "drill", "plan", "import", file]).code(5).stderr_has(said);
        all_chinese("plan import", &[run.stderr]);
        // English keeps the reader's own words.
        svc.run(&["drill", "plan", "import", file]).code(5).stderr_has("is not a valid plan document");
    }

    svc.run(&["drill", "reserve", "sheet", "--location", "RES/ER-KIT", "-o", "kit.csv"]).ok();
    let rows = csv_rows(&String::from_utf8(svc.read("kit.csv")).unwrap());
    let mut filled = vec![rows[0].join(",")];
    for (i, r) in rows[1..].iter().enumerate() {
        // The first lot counted as a word, the second one short, the rest as the book.
        let counted = match i {
            0 => "四".to_string(),
            1 => "0".to_string(),
            _ => r[5].clone(),
        };
        filled.push(format!("{},{},{},{},{},{},{counted},,", r[0], r[1], r[2], r[3], r[4], r[5]));
    }
    svc.write("bad.csv", filled.join("\n") + "\n");
    let run = svc
        .run(&[
            "--lang",
            "zh-CN",
            "drill",
            "reserve",
            "check",
            "--location",
            "RES/ER-KIT",
            "--by",
            "E004",
            "--from",
            "bad.csv",
        ])
        .code(5);
    assert!(run.stderr.contains("第 2 行：counted：counted 填的是 四"), "{}", run.stderr);
    assert!(run.stderr.contains("第 3 行：counted："), "{}", run.stderr);
    all_chinese("reserve check", &[run.stderr]);
    // English says the same lines in its own words.
    svc.run(&["drill", "reserve", "check", "--location", "RES/ER-KIT", "--by", "E004", "--from", "bad.csv"])
        .code(5)
        .stderr_has("line 2: counted: ");
}

/// `svc db check` on a file changed around svc: SQLite's own words stay as evidence,
/// inside a Chinese sentence saying what failed and to restore a backup with `svc db
/// restore`; the error names the failed check in Chinese; the exit code is 1 as in
/// English.
#[test]
fn i10_db_check_failures_say_in_chinese_what_failed_and_what_to_do() {
    // A device pointing at a customer that is gone, written with foreign keys off.
    let svc = Svc::with_examples();
    {
        let conn = rusqlite::Connection::open(&svc.db).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             UPDATE equipment SET customer_id = 99999 WHERE rowid = (SELECT min(rowid) FROM equipment);",
        )
        .unwrap();
    }
    let run = svc.run(&["--lang", "zh-CN", "db", "check", "--format", "csv"]).code(1);
    let rows = csv_rows(&run.stdout);
    let fk = rows.iter().find(|r| r[0] == "foreign keys").expect("the foreign keys check");
    assert_eq!(fk[1], "FAILED");
    assert!(fk[2].starts_with("有 1 行引用的记录已不存在") && fk[2].contains("equipment 表第 "), "{fk:?}");
    assert!(fk[2].contains("“svc db restore 备份文件”"), "{fk:?}");
    assert!(
        run.stderr.contains("数据库检查未通过：外键关联；请用“svc db restore 备份文件”从备份恢复"),
        "{}",
        run.stderr
    );
    all_chinese("db check", &[fk[2].clone(), run.stderr]);
    let en = svc.run(&["db", "check", "--format", "csv"]).code(1);
    assert!(en.stdout.contains("1 row(s) point to records that are gone") && en.stdout.contains("equipment row "));
    assert!(en.stderr.contains("database check failed: foreign keys"), "{}", en.stderr);

    // An index made to point at another table's pages: SQLite's integrity_check fails.
    let svc = Svc::with_examples();
    {
        let conn = rusqlite::Connection::open(&svc.db).unwrap();
        let root = |name: &str| -> i64 {
            conn.query_row("SELECT rootpage FROM sqlite_schema WHERE name = ?1", [name], |r| r.get(0)).unwrap()
        };
        let staff = root("sqlite_autoindex_staff_1");
        conn.execute_batch("PRAGMA writable_schema = ON").unwrap();
        conn.execute("UPDATE sqlite_schema SET rootpage = ?1 WHERE name = 'sqlite_autoindex_customers_1'", [staff])
            .unwrap();
    }
    let run = svc.run(&["--lang", "zh-CN", "db", "check", "--format", "csv"]).code(1);
    let rows = csv_rows(&run.stdout);
    let integrity = rows.iter().find(|r| r[0] == "integrity").expect("the integrity check");
    assert_eq!(integrity[1], "FAILED");
    let detail = &integrity[2];
    assert!(detail.starts_with("SQLite 完整性检查发现数据库文件已损坏，SQLite 原文：“"), "{detail}");
    // SQLite's text, verbatim.
    assert!(detail.contains("missing from index sqlite_autoindex_customers_1"), "{detail}");
    assert!(detail.contains("“svc db restore 备份文件”恢复最近一次检查通过的备份"), "{detail}");
    assert!(run.stderr.contains("数据库检查未通过：数据库完整性"), "{}", run.stderr);
    all_chinese("db check", &[detail.clone(), run.stderr]);
}

/// The data validation of a workbook sheet, as Excel reads it from the sheet's XML.
fn validation(xlsx: &[u8]) -> String {
    let xml = common::unzip::member(xlsx, "xl/worksheets/sheet1.xml").expect("the first sheet");
    let xml = String::from_utf8(xml).expect("UTF-8 XML");
    let start = xml.find("<dataValidations").expect("the sheet has data validations");
    let end = xml.find("</dataValidations>").expect("their end");
    xml[start..end].to_string()
}

/// The prompt and the error Excel and WPS show on a count sheet's or a reserve check
/// sheet's count cells follow `--lang`: Chinese under zh-CN, English otherwise.
#[test]
fn i10_count_and_reserve_sheets_prompt_and_refuse_in_the_language_of_the_run() {
    let svc = with_reserve();
    let cnt = code(svc.run(&["parts", "count", "start", "--location", "RES/ER-KIT"]));
    svc.run(&["--lang", "zh-CN", "parts", "count", "sheet", &cnt, "-o", "zh.xlsx"]).ok();
    svc.run(&["--lang", "en", "parts", "count", "sheet", &cnt, "-o", "en.xlsx"]).ok();
    svc.run(&["--lang", "zh-CN", "drill", "reserve", "sheet", "--location", "RES/ER-KIT", "-o", "kit-zh.xlsx"]).ok();
    svc.run(&["drill", "reserve", "sheet", "--location", "RES/ER-KIT", "-o", "kit-en.xlsx"]).ok();
    for file in ["zh.xlsx", "kit-zh.xlsx"] {
        let v = validation(&svc.read(file));
        for said in [
            "promptTitle=\"填写数量\"",
            "prompt=\"请填写清点到的件数：0 或正整数（0、1、2……）；未清点的留空\"",
            "errorTitle=\"数量有误\"",
            "error=\"这里只能填 0 或正整数",
            "type=\"whole\"",
        ] {
            assert!(v.contains(said), "{file} lacks {said}:\n{v}");
        }
        assert!(english_prose(&v.replace('=', " = ")).iter().all(|e| !e.contains("whole number")), "{file}:\n{v}");
    }
    for file in ["en.xlsx", "kit-en.xlsx"] {
        let v = validation(&svc.read(file));
        assert!(v.contains("promptTitle=\"Quantity\"") && v.contains("a whole number, 0 or more"), "{file}:\n{v}");
    }
}

/// Excel turns 0042 into 42 and 00012345 into 12345: the repairs, tickets, quality and
/// maintenance imports ask "did you mean ...?" (in either language) instead of only
/// saying there is no such record, as `records::missing_reference` does for the others.
#[test]
fn i10_repairs_tickets_quality_and_maintenance_imports_ask_about_lost_leading_zeros() {
    let svc = with_reserve();
    svc.run(&["customer", "add", "--code", "0042", "--name", "德阳仁爱诊所", "--type", "clinic"]).ok();
    svc.run(&["staff", "add", "--code", "0077", "--name", "赵工", "--role", "engineer"]).ok();
    let asks = |args: &[&str], file: &str, text: &str, english: &str, chinese: &str| {
        svc.write(file, text);
        let args = [args, &[file, "--dry-run"]].concat();
        svc.run(&args).code(5).stderr_has(english);
        svc.run(&[&["--lang", "zh-CN"][..], &args].concat()).code(5).stderr_has(chinese);
    };
    asks(
        &["repair", "import"],
        "repairs.csv",
        "code,serial_no,reported_on,finished_on,symptom,cause,process,parts,technician,cost,signed_by\n\
         R-000101,12345,2026-03-03,2026-03-04,黑屏,保险丝,更换,0100 x2,李娜,303.00,王主任\n",
        "serial_no: no device 12345 (import the equipment first); did you mean 00012345?",
        "serial_no: 没有设备 12345（请先导入设备）；是否应为 00012345？",
    );
    asks(
        &["ticket", "import"],
        "tickets.csv",
        "code,customer_code,serial_no,channel,kind,priority,symptom,reporter,opened_at,assigned_to,responded_at,\
         closed_at,resolution,warranty_status,warranty_until,warranty_note\n\
         T-000101,C0001,12345,hotline,fault,high,黑屏,张护士,2026-03-03T20:00:00Z,,,,,,,\n\
         T-000102,42,,hotline,enquiry,normal,咨询,张护士,2026-03-03T20:00:00Z,77,,,,,,\n",
        "did you mean 00012345?",
        "customer_code: 没有客户 42；是否应为 0042？",
    );
    asks(
        &["complaint", "import"],
        "complaints.csv",
        "code,customer_code,serial_no,ticket_code,channel,category,severity,patient_harm,group_event,description,\
         received_at,acknowledged_at,finding,root_cause,solution,resolved_at,informed_at,informed_by,inform_method,\
         customer_response,closed_at,reported_on,report_reference,corrective_finding\n\
         CP-000010,42,,,hotline,repair-quality,normal,none,false,d,2026-03-04T14:00:00Z,,,,,,,,,,,,,\n",
        "no customer 42",
        "没有客户 42；是否应为 0042？",
    );
    asks(
        &["audit", "import", "inspections"],
        "inspections.csv",
        "code,scope,planned_on,auditor,status,opened_at,closed_at,summary\nA-000011,repairs,2026-03-05,77,planned,,,\n",
        "did you mean 0077?",
        "auditor: 没有员工 77；是否应为 0077？",
    );
    asks(
        &["audit", "standard", "import"],
        "standards.csv",
        "code,version,title,step,effective_on,owner,review_months,review_due,file_ref,file_sha256\n\
         QS-Y,1,维修作业规范,repair,2025-05-09,77,12,,,\n",
        "did you mean 0077?",
        "owner: 没有员工 77；是否应为 0077？",
    );
    asks(
        &["maint", "import"],
        "maint.csv",
        "code,serial_no,plan_code,done_on,meter,technician,result,notes\nMV-9,12345,PM-X,2026-03-01,,李娜,passed,\n",
        "did you mean 00012345?",
        "是否应为 00012345？",
    );
    // An emergency plan's reserve item too.
    let plan = std::fs::read_to_string(plan_file("ct-down-emergency.yaml"))
        .unwrap()
        .replace("code: EP-CT-ED", "code: EP-NEW")
        .replace("part: \"0100\"", "part: \"100\"");
    svc.write("plan.yaml", plan);
    svc.run(&["drill", "plan", "import", "plan.yaml"]).code(5).stderr_has("did you mean 0100?");
    svc.run(&["--lang", "zh-CN", "drill", "plan", "import", "plan.yaml"]).code(5).stderr_has("是否应为 0100？");
}
