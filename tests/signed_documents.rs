//! R3.4.2, R8.2.1: what the customer signs is frozen as bytes whose SHA-256 `repair
//! verify` checks, so a build must freeze the same records into the same bytes as the
//! builds before it. The walks below touch every section of the document (visits,
//! diagnoses, the consented plan with its lines, parts from two lots and a return,
//! failed and passed inspections, two report versions, the company, the charges, a
//! class's own follow-up delay), and their hashes are those `main` froze at 7ad1baf.
//!
//! To check another build's bytes, run the walks with its binary:
//! `SVC_SIGNING_BIN=/tmp/svc-head cargo test --test signed_documents` (the hashes below
//! were made so, before the report's SQL moved into `src/repair/report/store.rs`).

mod common;
use common::*;

use std::process::Command;

/// The binary that walks and signs: `SVC_SIGNING_BIN` when set, else this build's.
fn run(svc: &Svc, env: &[(&str, &str)], args: &[&str]) -> Run {
    let Some(bin) = std::env::var_os("SVC_SIGNING_BIN") else {
        return svc.run_env(args, env);
    };
    let ours = svc.command(args);
    let mut cmd = Command::new(bin);
    cmd.args(ours.get_args()).current_dir(svc.dir.path()).env_clear();
    cmd.envs(ours.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))));
    cmd.envs(env.iter().copied());
    Run::from(args, cmd.output().expect("run the signing binary"))
}

fn protocol(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/protocols").join(name).to_str().unwrap().to_string()
}

const SAFE: [&str; 6] = [
    "visual=pass",
    "pe_resistance=0.12",
    "insulation=50",
    "leakage_equipment=180",
    "leakage_applied=12",
    "functional=pass",
];

fn inspect(svc: &Svc, r: &str, protocol: &str, values: &[&str], instrument: &str) {
    let mut args = vec!["repair", "inspect", r, "--protocol", protocol, "--instrument", instrument];
    for v in values {
        args.extend(["--value", v]);
    }
    run(svc, &[], &args).ok();
}

/// The stored document and hash of repair `r`, and the hash the repair row holds.
fn frozen(svc: &Svc, r: &str) -> (String, String, String) {
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.query_row(
        "SELECT sr.document, sr.sha256, r.report_sha256 FROM signed_reports sr JOIN repairs r ON r.id = sr.repair_id
          WHERE r.code = ?1",
        [r],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )
    .unwrap()
}

/// Every check of this build's `repair verify` passes, in the signer's zone and in two
/// others; the follow-up is due on `followup_due`.
fn verifies(svc: &Svc, r: &str, followup_due: &str) {
    for tz in ["Asia/Shanghai", "UTC", "America/New_York"] {
        let found = svc.run_env(&["--format", "json", "repair", "verify", r], &[("TZ", tz)]).ok();
        let checks: Vec<serde_json::Value> = serde_json::from_str(&found.stdout).unwrap();
        assert!(checks.len() == 4 && checks.iter().all(|c| c["result"] == "ok"), "{tz}: {}", found.stdout);
        assert_eq!(checks[3]["detail"], format!("due {followup_due}"), "{tz}: {}", found.stdout);
    }
}

#[test]
fn r3_4_2_a_full_report_is_frozen_in_the_bytes_main_froze() {
    let svc = stocked();
    for p in ["electrical-safety.yaml", "functional.yaml"] {
        run(&svc, &[], &["repair", "protocol", "import", &protocol(p)]).ok();
    }
    for (key, value) in [
        ("company.name", "某医疗设备服务有限公司"),
        ("company.address", "北京市海淀区中关村大街1号"),
        ("company.phone", "010-12345678"),
        ("company.licence", "京械经营许20200001号"),
    ] {
        run(&svc, &[], &["config", "set", key, value]).ok();
    }
    run(&svc, &[], &["sla", "service", "type:hospital", "--followup-days", "3"]).ok();
    let t = fault(&svc, "urgent");
    let r = code(run(&svc, &[], &["repair", "open", "--ticket", &t]));
    let steps: &[&[&str]] = &[
        &["diagnose", &r, "--finding", "电源板无输出", "--cause", "疑似保险丝熔断", "--difficulty", "complex"],
        &["visit", &r, "--finding", "电话指导，未恢复"],
        &[
            "visit",
            &r,
            "--onsite",
            "--finding",
            "F1熔断，主板电容鼓包",
            "--tools",
            "万用表, 安规测试仪",
            "--by",
            "E001",
        ],
        &["diagnose", &r, "--finding", "主板电容老化", "--difficulty", "complex", "--by", "E001"],
        &["plan", &r, "--step", "更换保险丝", "--step", "更换主板", "--part", "0100:2", "--part", "0205:3"],
    ];
    for step in steps {
        let mut args = vec!["repair"];
        args.extend_from_slice(step);
        if step[0] == "plan" {
            args.extend(["--labour-hours", "2.5", "--finish-by", "2026-03-09"]);
        }
        run(&svc, &[], &args).ok();
    }
    run(&svc, &[], &["repair", "consent", &r, "--by", "王主任", "--method", "signature"]).ok();
    run(&svc, &[], &["repair", "start", &r]).ok();
    let rq = code(run(
        &svc,
        &[],
        &["parts", "req", "create", "--repair", &r, "--line", "0100:2", "--line", "0205:3", "--by", "E002"],
    ));
    run(&svc, &[], &["parts", "req", "approve", &rq, "--by", "E005"]).ok();
    run(&svc, &[], &["parts", "req", "issue", &rq]).ok();
    run(&svc, &[], &["parts", "req", "return", &rq, "--line", "0100:1"]).ok();
    let failing = [
        "visual=pass",
        "pe_resistance=0.12",
        "insulation=50",
        "leakage_equipment=900",
        "leakage_applied=12",
        "functional=pass",
    ];
    inspect(&svc, &r, "ES-62353", &failing, "Fluke ESA615 #4471");
    inspect(&svc, &r, "ES-62353", &SAFE, "Fluke ESA615 #4471");
    let monitor = ["power_on=pass", "display=pass", "battery=pass", "spo2_error=1", "nibp_error=2", "ecg_hr_error=0"];
    inspect(&svc, &r, "FN-MONITOR", &monitor, "Fluke ProSim 8");
    let report = |cause: &str, hours: &str| {
        let args = [
            "repair",
            "report",
            &r,
            "--cause",
            cause,
            "--process",
            "更换F1保险丝及主板，通电测试正常",
            "--labour-hours",
            hours,
        ];
        run(&svc, &[], &args).ok();
    };
    report("保险丝熔断", "2");
    report("主板电容老化致保险丝熔断", "2.5");
    run(&svc, &[("SVC_NOW", "2026-03-05T18:30:00+08:00")], &["repair", "sign", &r, "--by", "王主任"]).ok();

    let (document, sha256, on_repair) = frozen(&svc, &r);
    for section in ["\"issuer\"", "\"charges\"", "\"lines\"", "\"visits\"", "B2501", "B2507", "FN-MONITOR"] {
        assert!(document.contains(section), "the document lacks {section}:\n{document}");
    }
    assert_eq!(
        (sha256.as_str(), on_repair.as_str()),
        (FULL, FULL),
        "the signed bytes changed (run with SVC_SIGNING_BIN to compare builds):\n{document}"
    );
    // The class's own delay (3 days), not the setting's 7.
    verifies(&svc, &r, "2026-03-08");
}

#[test]
fn r3_4_2_a_warranty_report_without_company_is_frozen_in_the_bytes_main_froze() {
    let svc = stocked();
    run(&svc, &[], &["repair", "protocol", "import", &protocol("electrical-safety.yaml")]).ok();
    let args: Vec<&str> =
        "ticket open --customer C0007 --equipment SN-77002 --channel online --kind fault --symptom 自检报错E-12"
            .split(' ')
            .collect();
    let t = code(run(&svc, &[], &args));
    run(&svc, &[], &["ticket", "assign", &t, "--to", "E002"]).ok();
    let r = code(run(&svc, &[], &["repair", "open", "--ticket", &t]));
    run(&svc, &[], &["repair", "diagnose", &r, "--finding", "保险丝熔断"]).ok();
    run(&svc, &[], &["repair", "plan", &r, "--step", "更换保险丝", "--part", "0100:1", "--labour-hours", "1"]).ok();
    run(&svc, &[], &["repair", "consent", &r, "--by", "刘主任", "--method", "phone"]).ok();
    run(&svc, &[], &["repair", "start", &r]).ok();
    run(&svc, &[], &["repair", "use-part", &r, "0100", "--qty", "1"]).ok();
    inspect(&svc, &r, "ES-62353", &SAFE, "Fluke ESA615");
    run(&svc, &[], &["repair", "report", &r, "--cause", "保险丝老化", "--process", "更换", "--labour-hours", "1"]).ok();
    run(
        &svc,
        &[("SVC_NOW", "2026-03-06T09:15:00+08:00")],
        &["repair", "sign", &r, "--by", "刘主任", "--method", "phone"],
    )
    .ok();

    let (document, sha256, _) = frozen(&svc, &r);
    assert!(document.contains("\"parts_free\": true") && !document.contains("\"issuer\""), "{document}");
    assert_eq!(sha256, WARRANTY, "the signed bytes changed (run with SVC_SIGNING_BIN to compare builds):\n{document}");
    verifies(&svc, &r, "2026-03-13");
}

/// The hashes `main` (7ad1baf, /tmp/svc-head) froze for the two walks.
const FULL: &str = "2bae8f8154a958e29bcd40241bcbedd12783e2538a70668cb726d5a7aa6ecb17";
const WARRANTY: &str = "7b07dd98ad2428e3f7b71c469a998e4f6e8de8f26044f8b446063830a7b0c0ea";
