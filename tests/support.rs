//! R5: customers' technical support. The support archive (R5.1.1, R5.1.3): articles with
//! versions, documents with their SHA-256, Chinese full-text search, and the links
//! between tickets and the articles that answered them.

mod common;
use common::*;

fn add(svc: &Svc, title: &str, question: &str, solution: &str, extra: &[&str]) -> String {
    let mut args = vec!["kb", "add", "--title", title, "--question", question, "--solution", solution];
    args.extend_from_slice(extra);
    svc.stdout(&args).trim().to_string()
}

/// The codes of a search's hits, best first.
fn hits(svc: &Svc, args: &[&str]) -> Vec<String> {
    let out = svc.stdout(&[&["kb", "search"][..], args].concat());
    csv_rows(&out).into_iter().skip(1).map(|r| r[0].clone()).collect()
}

/// A small archive: three articles on screens, one on SpO2.
fn archive() -> Svc {
    let svc = Svc::with_examples();
    add(
        &svc,
        "开机后黑屏",
        "开机后黑屏无显示，电源指示灯亮",
        "检查背光板供电，更换背光板",
        &["--models", "PM-9000", "--parts", "0100"],
    );
    add(&svc, "血氧无波形", "SpO2 探头接上后无波形", "更换血氧探头", &["--models", "PM-9000"]);
    add(&svc, "屏幕闪烁", "使用中屏幕闪烁，偶尔黑屏", "重新插紧屏线", &["--models", "XR-200"]);
    add(&svc, "黑屏通用排查", "设备黑屏的通用排查步骤", "先查电源，再查屏线与背光", &[]);
    svc
}

#[test]
fn r5_1_3_search_finds_chinese_substrings_of_three_characters_and_more_through_the_index() {
    let svc = archive();
    // 黑屏无 is inside 开机后黑屏无显示: no spaces needed.
    assert_eq!(hits(&svc, &["黑屏无"]), ["KB-000001"]);
    assert_eq!(hits(&svc, &["无波形"]), ["KB-000002"]);
    // Several words: every one must occur.
    assert_eq!(hits(&svc, &["背光板 指示灯"]), ["KB-000001"]);
    assert!(hits(&svc, &["背光板 血氧探头"]).is_empty());
    // Latin text is found regardless of case.
    assert_eq!(hits(&svc, &["spo2"]), ["KB-000002"]);
}

#[test]
fn r5_1_3_a_two_character_chinese_word_is_found_too() {
    let svc = archive();
    // 黑屏 is two characters, shorter than a trigram: matched as a substring.
    let found = hits(&svc, &["黑屏"]);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(!found.contains(&"KB-000002".to_string()));
    // A two-character word narrows a longer one's hits.
    assert_eq!(hits(&svc, &["背光 黑屏无"]), ["KB-000001"]);
}

#[test]
fn r5_1_3_the_model_filter_keeps_the_models_articles_and_those_for_every_model() {
    let svc = archive();
    let found = hits(&svc, &["黑屏", "--model", "PM-9000"]);
    let mut sorted = found.clone();
    sorted.sort();
    assert_eq!(sorted, ["KB-000001", "KB-000004"], "the PM-9000 article and the one for every model");
    assert!(!found.contains(&"KB-000003".to_string()), "{found:?}");
    assert_eq!(hits(&svc, &["背光板", "--part", "0100"]), ["KB-000001"]);
    assert!(hits(&svc, &["背光板", "--part", "9999"]).is_empty());
}

#[test]
fn r5_1_3_an_edit_is_a_new_version_and_search_finds_only_the_current_one() {
    let svc = archive();
    svc.run(&["kb", "edit", "KB-000002", "--solution", "清洁探头后重新校准"]).ok().stderr_has("version 2 written");
    assert!(hits(&svc, &["更换血氧探头"]).is_empty(), "the old version is not searched");
    assert_eq!(hits(&svc, &["重新校准"]), ["KB-000002"]);
    // The old version stays readable.
    svc.run(&["kb", "show", "KB-000002", "--version", "1"])
        .ok()
        .stdout_has("solution,更换血氧探头")
        .stdout_has("version,1 / 2");
    svc.run(&["kb", "show", "KB-000002", "--version", "3"]).code(3).stderr_has("versions are 1 to 2");
    // An edit that changes nothing adds no version.
    svc.run(&["kb", "edit", "KB-000002", "--solution", "清洁探头后重新校准"]).code(5).stderr_has("adds no version");
    // The database itself refuses to change a version.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let err = conn.execute("UPDATE kb_versions SET solution = 'x'", []).unwrap_err();
    assert!(err.to_string().contains("never changed"), "{err}");
    assert!(conn.execute("DELETE FROM kb_versions", []).is_err());
}

#[test]
fn r5_1_3_documents_round_trip_with_their_sha256() {
    let svc = archive();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    svc.write("PM-9000维修手册.pdf", &bytes);
    let sha = {
        use sha2::Digest;
        sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    svc.run(&["kb", "attachment", "add", "KB-000001", "PM-9000维修手册.pdf"]).ok().stderr_has(&sha);
    svc.run(&["kb", "attachment", "list", "KB-000001"])
        .ok()
        .stdout_has(&format!("PM-9000维修手册.pdf,application/pdf,10000,{sha}"));
    svc.run(&["kb", "attachment", "get", "KB-000001", "PM-9000维修手册.pdf", "-o", "out.pdf"]).ok();
    assert_eq!(svc.read("out.pdf"), bytes);
    // Issue 9: an attachment never overwrites a file, and never the database.
    let get = ["kb", "attachment", "get", "KB-000001", "PM-9000维修手册.pdf", "-o"];
    svc.run(&[&get[..], &["out.pdf"]].concat()).code(2).stderr_has("--force");
    svc.run(&[&get[..], &[svc.db.to_str().unwrap()]].concat()).code(2);
    assert!(svc.run(&["kb", "list"]).ok().stdout.contains("KB-000001"), "the database is intact");
    svc.run(&[&get[..], &["out.pdf", "--force"]].concat()).ok();
    // Never replaced.
    svc.run(&["kb", "attachment", "add", "KB-000001", "PM-9000维修手册.pdf"]).code(4).stderr_has("never replaced");
    svc.run(&["kb", "attachment", "get", "KB-000001", "nope.pdf"]).code(3).stderr_has("PM-9000维修手册.pdf");
}

fn enquiry(svc: &Svc, symptom: &str) -> Run {
    svc.run(&[
        "ticket",
        "open",
        "--customer",
        "C0001",
        "--equipment",
        "00012345",
        "--channel",
        "hotline",
        "--kind",
        "enquiry",
        "--symptom",
        symptom,
    ])
}

#[test]
fn r5_1_1_opening_a_ticket_shows_the_known_answers_for_its_symptom_and_model() {
    let svc = archive();
    // 00012345 is a PM-9000: the XR-200 article is not offered.
    let run = enquiry(&svc, "开机后黑屏，无显示").ok();
    assert!(run.stderr.contains("KB-000001  开机后黑屏"), "{}", run.stderr);
    assert!(!run.stderr.contains("KB-000003"), "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "T-000001");
    // -q keeps stderr for errors only.
    let quiet = svc
        .run(&[
            "-q",
            "ticket",
            "open",
            "--customer",
            "C0001",
            "--channel",
            "hotline",
            "--kind",
            "enquiry",
            "--symptom",
            "黑屏无显示",
        ])
        .ok();
    assert_eq!(quiet.stderr, "");
}

#[test]
fn r5_1_1_a_ticket_closed_with_an_article_counts_for_it_and_ranks_it_first() {
    let svc = archive();
    // Two articles as relevant as each other: the one that answered tickets comes first.
    add(&svc, "电池续航短", "电池续航短，需频繁充电", "校准电池电量计", &[]);
    add(&svc, "电池续航短", "电池续航短，需频繁充电", "更换整块电池组", &[]);
    let before = hits(&svc, &["续航短"]);
    assert_eq!(before, ["KB-000005", "KB-000006"], "equal relevance: by code");
    let second = before[1].clone();
    for _ in 0..2 {
        let t = enquiry(&svc, "黑屏").ok().stdout.trim().to_string();
        svc.run(&["ticket", "close", &t, "--resolution", "按文章处理", "--kb", &second])
            .ok()
            .stderr_has(&format!("answered by article {second}"));
    }
    assert_eq!(hits(&svc, &["续航短"]), [second.clone(), before[0].clone()]);
    svc.run(&["kb", "show", &second]).ok().stdout_has("answered,2").stdout_has("tickets,T-000001");
    // A ticket is answered by one article.
    svc.run(&["ticket", "reopen", "T-000001", "--reason", "又出现"]).ok();
    svc.run(&["ticket", "close", "T-000001", "--resolution", "x", "--kb", "KB-000005"])
        .code(4)
        .stderr_has(&format!("already answered by article {second}"));
    // Nothing half-written: the ticket is still open.
    svc.run(&["ticket", "show", "T-000001"]).ok().stdout_has("status,in_progress");
}

#[test]
fn r5_1_3_a_ticket_drafts_an_article_that_is_searched_once_published() {
    let svc = archive();
    // (KB-000005 is the next code.)
    let t = enquiry(&svc, "打印机卡纸").ok().stdout.trim().to_string();
    svc.run(&["ticket", "close", &t, "--resolution", "清理纸路，更换搓纸轮", "--to-kb"])
        .ok()
        .stderr_has("draft article KB-000005");
    assert!(hits(&svc, &["搓纸轮"]).is_empty(), "a draft is not searched");
    svc.run(&["kb", "show", "KB-000005"])
        .ok()
        .stdout_has("status,draft")
        .stdout_has("models,PM-9000")
        .stdout_has(&format!("drafted_from,{t}"));
    svc.run(&["kb", "publish", "KB-000005"]).ok();
    assert_eq!(hits(&svc, &["搓纸轮"]), ["KB-000005"]);
    svc.run(&["kb", "publish", "KB-000005"]).code(4);
}

#[test]
fn r5_1_3_articles_import_and_export_and_a_changed_row_is_a_new_version() {
    let svc = Svc::new();
    svc.write("faq.csv", "code,title,question,solution,models,tags\nFAQ-1,报警音量,如何调低报警音量,系统设置-报警-音量,PM-9000,设置\nFAQ-2,打印,如何打印趋势图,菜单-打印-趋势,,\n");
    svc.run(&["kb", "import", "faq.csv"]).ok();
    assert_eq!(hits(&svc, &["报警音量"]), ["FAQ-1"]);
    svc.run(&["kb", "export", "-o", "kb.csv"]).ok();
    let exported = String::from_utf8(svc.read("kb.csv")).unwrap();
    assert!(exported.contains("FAQ-1,报警音量,如何调低报警音量,系统设置-报警-音量,PM-9000,,设置,test"), "{exported}");
    // Re-importing the export changes nothing; a changed row is a new version.
    svc.run(&["kb", "import", "kb.csv", "--mode", "upsert"]).ok();
    svc.run(&["kb", "show", "FAQ-1"]).ok().stdout_has("version,1 / 1");
    svc.write(
        "faq2.csv",
        "code,title,question,solution\nFAQ-1,报警音量,如何调低报警音量,设置-报警-音量（需管理员密码）\n",
    );
    svc.run(&["kb", "import", "faq2.csv", "--mode", "upsert"]).ok();
    svc.run(&["kb", "show", "FAQ-1"]).ok().stdout_has("version,2 / 2").stdout_has("需管理员密码");
    // A row without a solution is rejected with the reason.
    svc.write("bad.csv", "code,title,question,solution\nFAQ-3,空,问题,\n");
    svc.run(&["kb", "import", "bad.csv", "--rejects", "rej.csv"]).ok().stderr_has("solution: missing");
    svc.run(&["kb", "show", "FAQ-3"]).code(3);
}

#[test]
fn r5_1_3_the_archive_survives_export_and_restore_and_its_index_is_rebuilt() {
    let svc = archive();
    svc.run(&["kb", "edit", "KB-000001", "--solution", "更换背光板并复测亮度"]).ok();
    svc.run(&["export", "backup"]).ok();
    let restored = svc.path("restored.db");
    let r = restored.to_str().unwrap();
    svc.run(&["--db", r, "init"]).ok();
    svc.run(&["--db", r, "import", "backup"]).ok();
    let out = svc.stdout(&["--db", r, "kb", "search", "复测亮度"]);
    assert!(out.contains("KB-000001"), "{out}");
    let out = svc.stdout(&["--db", r, "kb", "search", "更换背光板"]);
    assert!(out.contains("KB-000001"), "the current version is indexed: {out}");
    svc.run(&["--db", r, "kb", "show", "KB-000001", "--version", "1"]).ok().stdout_has("检查背光板供电");
    svc.run(&["--db", r, "db", "check"]).ok();
}

/// The customer codes `svc visit due` lists.
fn visits_due(svc: &Svc, within: &str) -> Vec<String> {
    let out = svc.stdout(&["visit", "due", "--within", within]);
    csv_rows(&out).into_iter().skip(1).map(|r| r[1].clone()).collect()
}

#[test]
fn r5_1_2_a_return_visit_records_needs_and_advice_and_plans_the_next_by_customer_type() {
    let svc = Svc::with_examples();
    // Never visited: no visit planned yet; --unvisited lists them as due today.
    assert!(visits_due(&svc, "0d").is_empty());
    let out = svc.stdout(&["visit", "due", "--unvisited"]);
    assert!(out.contains("visit,C0001,first return visit to 北京市第一人民医院,2026-03-05,0,,R5.1.2"), "{out}");
    let run = svc
        .run(&[
            "visit",
            "record",
            "--customer",
            "C0001",
            "--by",
            "E001",
            "--kind",
            "onsite",
            "--needs",
            "希望增加夜班操作培训",
            "--advice",
            "建议每季度做一次预防性维护",
        ])
        .ok()
        .stderr_has("next visit due 2026-06-03");
    assert_eq!(run.stdout.trim(), "RV-000001");
    // A hospital is visited every 90 days (visit_days.hospital): not due until then.
    assert!(!visits_due(&svc, "0d").contains(&"C0001".to_string()));
    assert!(visits_due(&svc, "90d").contains(&"C0001".to_string()));
    let later = svc.at("2026-06-05T09:00:00+08:00");
    let out = later.stdout(&["due", "--kind", "visit"]);
    assert!(out.contains("visit,C0001,return visit to 北京市第一人民医院,2026-06-03,2,E001,R5.1.2"), "{out}");
    later.run(&["visit", "due", "--exit-code"]).code(1);
    // The needs are the customer's service needs (R8.1.1).
    later.run(&["customer", "show", "C0001"]).ok().stdout_has("service_needs,2026-03-05,onsite,希望增加夜班操作培训");
}

#[test]
fn r5_1_2_a_customers_own_interval_and_a_day_asked_for_plan_the_next_visit() {
    let svc = Svc::with_examples();
    svc.run(&["visit", "schedule", "--customer", "C0001", "--every", "30d"]).ok();
    let args = [
        "visit",
        "record",
        "--customer",
        "C0001",
        "--by",
        "E001",
        "--kind",
        "phone",
        "--needs",
        "无",
        "--advice",
        "按时保养",
    ];
    svc.run(&args).ok().stderr_has("next visit due 2026-04-04");
    svc.run(&[&args[..], &["--next-on", "2026-03-20"]].concat()).ok().stderr_has("next visit due 2026-03-20");
    // The latest visit's plan counts.
    assert!(visits_due(&svc, "15d").contains(&"C0001".to_string()));
    svc.run(&[&args[..], &["--next-on", "2026-03-01"]].concat()).code(5).stderr_has("must come after this one");
    // No regular visits.
    svc.run(&["visit", "schedule", "--customer", "C0001", "--every", "0"]).ok();
    svc.run(&args).ok().stderr_has("no regular visits planned");
    assert!(!visits_due(&svc, "365d").contains(&"C0001".to_string()));
    svc.run(&["visit", "list", "--customer", "C0001"]).ok().stdout_has("RV-000003,C0001,2026-03-05,phone,E001");
    // A visit is a record: the database refuses to change it.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    assert!(conn.execute("UPDATE return_visits SET needs = 'x'", []).is_err());
}

#[test]
fn r5_1_1_the_demo_answers_an_enquiry_from_the_archive() {
    let svc = Svc::bare();
    svc.run(&["demo"]).ok().stderr_has("answered by article KB-000001");
    svc.run(&["--db", "svc-demo.db", "kb", "show", "KB-000001"])
        .ok()
        .stdout_has("answered,1")
        .stdout_has("tickets,T-000003");
    svc.run(&["--db", "svc-demo.db", "ticket", "show", "T-000003"]).ok().stdout_has("status,closed");
}

#[test]
fn r5_1_3_a_one_character_word_is_found_wherever_it_stands_title_hits_first() {
    let svc = archive();
    // 屏 as the last character of a title (开机后黑屏) and as a one-character tag: both
    // are found through the index (each column ends with two spaces, migration 0022).
    let tagged = add(&svc, "电源故障", "无法开机", "更换电源板", &["--tags", "屏"]);
    let found = hits(&svc, &["屏"]);
    // In the title counts double: KB-000001, 3 and 4 first, by code; then the tag.
    assert_eq!(found, ["KB-000001", "KB-000003", "KB-000004", tagged.as_str()]);
    // Not in the applies-to lists, as LIKE never looked there: PM-9000's 9 finds nothing.
    assert!(hits(&svc, &["9"]).is_empty());
    assert!(hits(&svc, &["泵"]).is_empty());
    // With a longer word, the character narrows its hits.
    assert_eq!(hits(&svc, &["屏 指示灯"]), ["KB-000001"]);
}
