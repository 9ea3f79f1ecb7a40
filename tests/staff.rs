//! R2.1: staff and their qualification certificates; the expiring-certificate cron job.

mod common;
use common::*;

fn with_staff() -> Svc {
    let svc = Svc::new();
    svc.run(&["staff", "import", example("staff.csv").to_str().unwrap()]).ok();
    svc.run(&["staff", "cert", "import", example("certificates.csv").to_str().unwrap()]).ok();
    svc
}

fn numbers(csv: &str) -> Vec<String> {
    csv_rows(csv).into_iter().skip(1).map(|r| r[3].clone()).collect()
}

#[test]
fn r2_1_staff_are_added_with_roles_and_listed() {
    let svc = Svc::new();
    svc.run(&["staff", "add", "--code", "E9", "--name", "赵工", "--role", "engineer"]).ok().stdout_is("E9\n");
    svc.run(&["staff", "add", "--name", "钱工", "--role", "technician", "--phone", "139 0000 0009"])
        .ok()
        .stdout_is("S-000001\n");
    svc.run(&["staff", "add", "--name", "孙工", "--role", "doctor"]).code(5).stderr_has("role: doctor is not one of");
    svc.run(&["staff", "edit", "E9", "--active", "否"]).ok();
    let rows = csv_rows(&svc.stdout(&["staff", "list"]));
    assert_eq!(rows[0], ["code", "name", "role", "phone", "email", "active"]);
    assert_eq!(rows[1], ["E9", "赵工", "engineer", "", "", "false"]);
    assert_eq!(rows[2][3], "13900000009");
    assert_eq!(csv_rows(&svc.stdout(&["staff", "list", "--active"])).len(), 2);
    assert_eq!(csv_rows(&svc.stdout(&["staff", "list", "--inactive"]))[1][0], "E9");
    assert_eq!(csv_rows(&svc.stdout(&["staff", "list", "--role", "technician"]))[1][0], "S-000001");
}

#[test]
fn r2_1_certificates_are_recorded_per_staff_member() {
    let svc = with_staff();
    svc.run(&[
        "staff",
        "cert",
        "add",
        "E003",
        "--type",
        "客服上岗证",
        "--number",
        "KF-1",
        "--issued",
        "2025-01-01",
        "--expires",
        "2028-01-01",
    ])
    .ok()
    .stdout_is("KF-1\n");
    svc.run(&["staff", "cert", "add", "E003", "--type", "客服上岗证", "--number", "KF-1"])
        .code(4)
        .stderr_has("already exists");
    svc.run(&["staff", "cert", "add", "E999", "--type", "x", "--number", "1"])
        .code(5)
        .stderr_has("no staff member E999");
    svc.run(&[
        "staff",
        "cert",
        "add",
        "E003",
        "--type",
        "x",
        "--number",
        "2",
        "--issued",
        "2025-01-01",
        "--expires",
        "2024-01-01",
    ])
    .code(5)
    .stderr_has("before issued");
    let show: serde_json::Value =
        serde_json::from_str(&svc.stdout(&["staff", "show", "E001", "--format", "json"])).unwrap();
    assert_eq!(show["name"], "张伟");
    let certs: Vec<&str> =
        show["certificates"].as_array().unwrap().iter().map(|c| c["number"].as_str().unwrap()).collect();
    assert_eq!(certs, ["DG-2019-5521", "MDE-2021-0117"]);
}

#[test]
fn r2_1_expiring_certificates_cron_job() {
    // 2026-11-26: E002's MDE cert expires 2026-12-14 (18 days), YL 2027-01-19 (54 days);
    // E001's DG expired 2025-06-09; E006 has left, so their expired cert is not listed.
    let svc = with_staff().at("2026-11-26T08:00:00+08:00");
    assert_eq!(numbers(&svc.stdout(&["staff", "certs", "--expiring-within", "30d"])), ["MDE-2023-0452"]);
    assert_eq!(numbers(&svc.stdout(&["staff", "certs", "--expiring-within", "2m"])), ["MDE-2023-0452", "YL-2022-0093"]);
    assert_eq!(numbers(&svc.stdout(&["staff", "certs", "--expired"])), ["DG-2019-5521"]);
    assert_eq!(
        numbers(&svc.stdout(&["staff", "certs", "--expired", "--expiring-within", "30d"])),
        ["DG-2019-5521", "MDE-2023-0452"]
    );
    let all = csv_rows(&svc.stdout(&["staff", "certs"]));
    assert_eq!(all.len(), 5, "four certificates of active staff and a header");
    assert_eq!(all[2][6..], ["18".to_string(), "expiring".to_string()]);
    // The cron form: silent and exit 0 when nothing is due, exit 1 with rows otherwise.
    let quiet = with_staff().at("2026-03-05T08:00:00+08:00");
    quiet.run(&["staff", "certs", "--expiring-within", "7d", "--exit-code"]).ok().stdout_is("");
    svc.run(&["staff", "certs", "--expiring-within", "30d", "--exit-code"]).code(1).stdout_has("MDE-2023-0452");
    svc.run(&["staff", "certs", "--expiring-within", "soon"]).code(2).stderr_has("30d");
}

#[test]
fn r2_1_staff_and_certificates_round_trip() {
    let svc = with_staff();
    svc.run(&["staff", "export", "-o", "staff.csv"]).ok();
    svc.run(&["staff", "cert", "export", "-o", "certs.csv"]).ok();
    let other = Svc::new();
    other
        .run(&["staff", "cert", "import", svc.path("certs.csv").to_str().unwrap()])
        .code(5)
        .stderr_has("no staff member E001");
    other.run(&["staff", "import", svc.path("staff.csv").to_str().unwrap()]).ok();
    other.run(&["staff", "cert", "import", svc.path("certs.csv").to_str().unwrap()]).ok();
    assert_eq!(String::from_utf8(svc.read("staff.csv")).unwrap(), other.stdout(&["staff", "export"]));
    assert_eq!(String::from_utf8(svc.read("certs.csv")).unwrap(), other.stdout(&["staff", "cert", "export"]));
}

#[test]
fn r2_1_technicians_without_a_valid_certificate_are_listed() {
    // On 2026-11-26 E001 and E002 hold valid certificates; E006 (technician) has left;
    // a new technician without any certificate is uncertified.
    let svc = with_staff().at("2026-11-26T08:00:00+08:00");
    svc.run(&["staff", "add", "--code", "E007", "--name", "周工", "--role", "technician"]).ok();
    svc.run(&["staff", "list", "--uncertified", "--exit-code"])
        .code(1)
        .stdout_is("code,name,role,phone,email,active\nE007,周工,technician,,,true\n");
    // After E002's last certificate expires (2027-01-19), E002 is uncertified too.
    let later = svc.run_env(&["staff", "list", "--uncertified"], &[("SVC_NOW", "2027-02-01T08:00:00+08:00")]).ok();
    let codes: Vec<String> = csv_rows(&later.stdout).into_iter().skip(1).map(|r| r[0].clone()).collect();
    assert_eq!(codes, ["E002", "E007"]);
    svc.run(&["staff", "cert", "add", "E007", "--type", "医疗器械维修工程师", "--number", "MDE-9"]).ok();
    svc.run(&["staff", "list", "--uncertified", "--exit-code"]).ok().stdout_is("");
}

#[test]
fn r2_1_show_lists_the_certificates_of_staff_who_have_left() {
    let svc = with_staff();
    let show: serde_json::Value =
        serde_json::from_str(&svc.stdout(&["staff", "show", "E006", "--format", "json"])).unwrap();
    assert_eq!(show["active"], false);
    assert_eq!(show["certificates"][0]["number"], "MDE-2018-0021");
}

#[test]
fn r2_1_certificate_types_and_numbers_may_hold_any_character() {
    let svc = with_staff();
    svc.run(&["staff", "cert", "add", "E003", "--type", "粤/特种作业", "--number", "粤/2024/001"])
        .ok()
        .stdout_is("粤/2024/001\n");
    svc.run(&["staff", "cert", "add", "E003", "--type", "粤/特种作业", "--number", "粤/2024/001"])
        .code(4)
        .stderr_has("certificate 粤/特种作业 粤/2024/001 already exists");
    // Another split of the same characters is another certificate.
    svc.run(&["staff", "cert", "add", "E003", "--type", "粤", "--number", "特种作业/粤/2024/001"]).ok();
    svc.write("again.csv", "staff_code,type,number\nE003,粤/特种作业,粤/2024/001\n");
    svc.run(&["staff", "cert", "import", "again.csv", "--rejects", "r.csv"])
        .ok()
        .stderr_has("粤/特种作业 粤/2024/001 is already in the database");
    svc.run(&["staff", "cert", "import", "again.csv", "--mode", "skip"]).ok().stderr_has("skipped 1");
    let mine = csv_rows(&svc.stdout(&["staff", "certs", "--staff", "E003"]));
    assert_eq!(mine.len(), 3);
}

#[test]
fn r2_1_listing_filters_take_only_known_values() {
    let svc = with_staff();
    svc.run(&["staff", "list", "--role", "doctor"]).code(2).stderr_has("possible values");
    assert_eq!(csv_rows(&svc.stdout(&["staff", "list", "--role", "Engineer"]))[1][0], "E001");
    svc.run(&["customer", "list", "--type", "hospitl"]).code(2);
    svc.run(&["equipment", "list", "--status", "broken"]).code(2);
}
