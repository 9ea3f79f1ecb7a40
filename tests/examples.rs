//! The example scripts in examples/ run as documented: the migration (R8.1.1) and the
//! R2.1 morning cron job, with a stand-in `mail` that keeps what it would send.

mod common;
use common::*;

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

fn script(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

/// A directory holding a fake `mail` that appends its subject and body to `mail.txt`.
fn fake_mail(svc: &Svc) -> String {
    let bin = svc.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let mail = bin.join("mail");
    let out = svc.path("mail.txt");
    std::fs::write(&mail, format!("#!/bin/sh\necho \"subject: $2 to: $3\" >> {0}\ncat >> {0}\n", out.display()))
        .unwrap();
    std::fs::set_permissions(&mail, std::fs::Permissions::from_mode(0o755)).unwrap();
    format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default())
}

fn bash(svc: &Svc, script_name: &str, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new("bash");
    cmd.arg(script(script_name)).args(args).current_dir(svc.dir.path()).env("SVC", env!("CARGO_BIN_EXE_svc"));
    cmd.env("TZ", "Asia/Shanghai").env("NO_COLOR", "1").env_remove("SVC_DB").env_remove("SVC_NOW");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run bash")
}

#[test]
fn r8_1_1_the_migration_script_imports_the_legacy_files_and_checks_the_result() {
    let svc = Svc::bare();
    let out = bash(&svc, "migrate-legacy.sh", &[example("").to_str().unwrap(), "mig"], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("read 9, inserted 6"), "{stderr}");
    let db = svc.path("mig/svc.db");
    let customers = svc.run(&["--db", db.to_str().unwrap(), "customer", "list"]).ok().stdout;
    assert_eq!(csv_rows(&customers).len(), 7, "six customers and a header");
    svc.run(&["--db", db.to_str().unwrap(), "db", "check"]).ok();
}

#[test]
fn r2_1_the_cron_script_mails_only_when_something_is_due() {
    let svc = Svc::new();
    svc.run(&["staff", "import", example("staff.csv").to_str().unwrap()]).ok();
    svc.run(&["staff", "cert", "import", example("certificates.csv").to_str().unwrap()]).ok();
    let path = fake_mail(&svc);
    let db = svc.db.to_str().unwrap().to_string();

    // 2026-11-26: certificates expire within 30 days; mail goes out, nothing on stdout.
    let out = bash(
        &svc,
        "cron-expiring-certificates.sh",
        &[],
        &[("SVC_DB", &db), ("SVC_NOW", "2026-11-26"), ("PATH", &path)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let mail = String::from_utf8(svc.read("mail.txt")).unwrap();
    assert!(mail.contains("MDE-2023-0452") && mail.contains("DG-2019-5521"), "{mail}");

    // Renew what is due and certify everyone: the next morning is silent.
    std::fs::remove_file(svc.path("mail.txt")).unwrap();
    svc.write(
        "renewed.csv",
        "staff_code,type,number,issued,expires\n\
         E001,电工作业证,DG-2019-5521,2025-06-01,2030-06-01\n\
         E002,医疗器械维修工程师,MDE-2023-0452,2026-11-01,2029-11-01\n\
         E002,压力容器操作证,YL-2022-0093,2026-11-01,2029-11-01\n",
    );
    svc.run(&["staff", "cert", "import", "renewed.csv", "--mode", "upsert"]).ok();
    let out = bash(
        &svc,
        "cron-expiring-certificates.sh",
        &[],
        &[("SVC_DB", &db), ("SVC_NOW", "2026-11-27"), ("PATH", &path)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert!(!svc.path("mail.txt").exists(), "no mail when nothing is due");

    // A missing database is svc's exit 3, not silence.
    let out = bash(&svc, "cron-expiring-certificates.sh", &[], &[("SVC_DB", "/nonexistent/x.db"), ("PATH", &path)]);
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn r4_2_2_the_month_end_script_counts_posts_and_keeps_the_evidence() {
    let svc = Svc::new();
    svc.run(&["parts", "import", example("parts.csv").to_str().unwrap()]).ok();
    svc.run(&["parts", "location", "add", "WH1"]).ok();
    for bin in ["A-01", "A-02", "B-01", "B-02", "C-01"] {
        svc.run(&["parts", "location", "add", "WH1", "--bin", bin]).ok();
    }
    svc.run(&["parts", "stock", "import", example("opening-stock.csv").to_str().unwrap()]).ok();
    let db = svc.db.to_str().unwrap().to_string();
    let env = [("SVC_DB", db.as_str()), ("ENCODING", "gbk")];

    let out = bash(&svc, "monthly-stock-count.sh", &["start", "WH1"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let count = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(count, "CNT-000001");
    let sheet = svc.read(&format!("counts/{count}.csv"));
    let (text, _, bad) = encoding_rs::GBK.decode(&sheet);
    assert!(!bad && text.contains("保险丝"));

    // The counters fill in all lines but one: the script refuses to post.
    let rows = csv_rows(&text);
    let fill = |upto: usize| -> String {
        rows.iter()
            .enumerate()
            .filter(|(i, _)| *i <= upto)
            .map(|(i, r)| {
                let mut r = r.clone();
                if i > 0 {
                    r[8] = if r[2] == "0100" { "37".into() } else { r[7].clone() };
                }
                r.join(",") + "\n"
            })
            .collect()
    };
    svc.write("partial.csv", encoding_rs::GBK.encode(&fill(rows.len() - 2)).0);
    let out = bash(&svc, "monthly-stock-count.sh", &["finish", &count, "partial.csv"], &env);
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 line(s) of CNT-000001 are not counted yet"));

    svc.write("full.csv", encoding_rs::GBK.encode(&fill(rows.len())).0);
    let out = bash(&svc, "monthly-stock-count.sh", &["finish", &count, "full.csv"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8(svc.read(&format!("counts/{count}-variance.csv"))).unwrap();
    assert!(report.contains("0100,保险丝,,40,37,,-3,1.40,-4.20,differs"), "{report}");
    assert!(svc.path(&format!("counts/{count}-before-post.db")).exists(), "a backup before posting");
    let total = csv_rows(&svc.stdout(&["parts", "stock", "--by-part", "--part", "0100"]));
    assert_eq!(total[1][3], "37");
    svc.run(&["db", "check"]).ok();
}

#[test]
fn r3_5_1_the_service_desk_cron_job_mails_breaches_and_follow_ups_only_when_due() {
    let svc = Svc::with_examples();
    let path = fake_mail(&svc);
    let db = svc.db.to_str().unwrap().to_string();
    let run =
        |now: &str| bash(&svc, "cron/service-reminders.sh", &[], &[("SVC_DB", &db), ("SVC_NOW", now), ("PATH", &path)]);

    // An urgent ticket opened at 10:00 (common::NOW): nothing is due yet at 11:00.
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
        "fault",
        "--priority",
        "urgent",
        "--symptom",
        "报警",
    ])
    .ok();
    let out = run("2026-03-05 11:00");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert!(!svc.path("mail.txt").exists(), "no mail when nothing is due");

    // At 13:00 the first response is two hours late: a mail goes out.
    let out = run("2026-03-05 13:00");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let mail = String::from_utf8(svc.read("mail.txt")).unwrap();
    assert!(mail.contains("subject: svc: service desk reminders (2026-03-05") && mail.contains("T-000001"), "{mail}");
    assert!(mail.contains("response"), "{mail}");

    let out = bash(&svc, "cron/service-reminders.sh", &[], &[("SVC_DB", "/nonexistent/x.db"), ("PATH", &path)]);
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn r2_1_the_morning_due_script_mails_everything_due_only_when_there_is_some() {
    let svc = Svc::new();
    svc.run(&["staff", "import", example("staff.csv").to_str().unwrap()]).ok();
    svc.run(&["staff", "cert", "add", "E001", "--type", "电工作业证", "--number", "DG-1", "--expires", "2026-03-20"])
        .ok();
    let path = fake_mail(&svc);
    let db = svc.db.to_str().unwrap().to_string();
    let run = |now: &str, kinds: &str| {
        let env = [("SVC_DB", db.as_str()), ("SVC_NOW", now), ("PATH", path.as_str()), ("KINDS", kinds)];
        bash(&svc, "cron/morning-due.sh", &[], &env)
    };

    // 15 days before expiry, a 7-day look-ahead: nothing to say, no mail.
    let out = run("2026-03-05", "");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert!(!svc.path("mail.txt").exists(), "no mail when nothing is due");

    // 6 days before: the certificate is in the mail with its days left; stdout stays empty.
    let out = run("2026-03-14", "");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let mail = String::from_utf8(svc.read("mail.txt")).unwrap();
    assert!(mail.starts_with("subject: svc: due and overdue (2026-03-14)"), "{mail}");
    assert!(mail.contains("DG-1") && mail.contains("-6") && mail.contains("R2.1"), "{mail}");

    // Only other kinds asked for: silent again.
    std::fs::remove_file(svc.path("mail.txt")).unwrap();
    let out = run("2026-03-14", "po,followup");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!svc.path("mail.txt").exists());

    // A missing database is svc's exit 3, not silence; a bad kind is a usage error.
    let out = bash(&svc, "cron/morning-due.sh", &[], &[("SVC_DB", "/nonexistent/x.db"), ("PATH", &path)]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(run("2026-03-14", "drills").status.code(), Some(2));
}

#[test]
fn r7_2_the_quality_cron_job_mails_overdue_rectifications_and_adverse_events_only_when_due() {
    let svc = Svc::with_examples();
    let path = fake_mail(&svc);
    let db = svc.db.to_str().unwrap().to_string();
    let run = |now: &str| bash(&svc, "cron/quality.sh", &[], &[("SVC_DB", &db), ("SVC_NOW", now), ("PATH", &path)]);
    let a = code(svc.run(&["audit", "plan", "--scope", "parts", "--on", "2026-03-05", "--auditor", "E005"]));
    svc.run(&["audit", "open", &a]).ok();
    let f =
        ["audit", "finding", "--audit", &a, "--severity", "minor", "--clause", "R4.2.3", "--description", "灭火器过期"];
    svc.run(&[&f[..], &["--owner", "E004", "--deadline", "2026-03-10"]].concat()).ok();
    let out = run("2026-03-05 11:00");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert!(!svc.path("mail.txt").exists(), "no mail when nothing is due");

    let out = run("2026-03-11 08:00");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let mail = String::from_utf8(svc.read("mail.txt")).unwrap();
    assert!(mail.contains("subject: svc: quality reminders (2026-03-11") && mail.contains("F-000001"), "{mail}");
    assert!(!mail.contains("adverse events"), "{mail}");

    let out = bash(&svc, "cron/quality.sh", &[], &[("SVC_DB", "/nonexistent/x.db"), ("PATH", &path)]);
    assert_eq!(out.status.code(), Some(3));
}
