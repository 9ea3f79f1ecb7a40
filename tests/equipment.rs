//! R1.2 / R8.1.1: the installed base. Sample import, model catalogue, warranty state.

mod common;
use common::*;

fn with_customers() -> Svc {
    let svc = Svc::new();
    let file = example("legacy_customers_gbk.csv");
    let map = example("legacy_customers.map.yaml");
    svc.run(&["customer", "import", file.to_str().unwrap(), "--map", map.to_str().unwrap(), "--rejects", "c.csv"]).ok();
    svc
}

fn import_sample(svc: &Svc, extra: &[&str]) -> Run {
    let file = example("legacy_equipment_utf8bom.csv");
    let mut args = vec!["equipment", "import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    svc.run(&args)
}

#[test]
fn r1_2_sample_equipment_file_rejects_the_device_of_an_unknown_customer() {
    let svc = with_customers();
    let run = import_sample(&svc, &["--rejects", "bad.csv"]).ok();
    assert!(run.stderr.contains("read 6, inserted 5"), "{}", run.stderr);
    assert!(run.stderr.contains("line 7: customer_code: no customer C9999"), "{}", run.stderr);
    let rows = csv_rows(&svc.stdout(&["equipment", "list"]));
    let serials: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(serials, ["00012345", "00012346", "0099-A", "SN-77001", "SN-77002"]);
    // Leading zeros survive, the quoted comma stays in its cell, status defaults.
    let a = rows.iter().find(|r| r[0] == "0099-A").unwrap();
    assert_eq!(a[6], "PICU, 床位 12");
    assert_eq!(a[8], "in_service");
    // The rejects file is UTF-8 with a BOM again, like its source.
    let rejects = svc.read("bad.csv");
    assert!(rejects.starts_with(b"\xEF\xBB\xBF"));
    let rejects = csv_rows(std::str::from_utf8(&rejects[3..]).unwrap());
    assert_eq!(rejects[1][0], "0099-B");
    assert_eq!(rejects[1][rejects[0].len() - 2], "7");
    // Without --rejects, nothing is written.
    let other = with_customers();
    import_sample(&other, &[]).code(5).stderr_has("no customer C9999");
    other.run(&["equipment", "list"]).ok().stdout_is("");
}

#[test]
fn r1_2_new_models_enter_the_catalogue_and_the_summary_says_so() {
    let svc = with_customers();
    let run = import_sample(&svc, &["--rejects", "bad.csv"]).ok();
    assert!(run.stderr.contains("new model in the catalogue: PM-9000 (迈瑞)"), "{}", run.stderr);
    assert!(run.stderr.contains("new model in the catalogue: VENT-5 (谊安)"), "{}", run.stderr);
    let models = csv_rows(&svc.stdout(&["equipment", "models"]));
    let got: Vec<(String, String, String)> =
        models[1..].iter().map(|r| (r[0].clone(), r[1].clone(), r[2].clone())).collect();
    assert_eq!(got.len(), 3);
    assert!(got.contains(&("PM-9000".into(), "迈瑞".into(), "2".into())));
    assert!(got.contains(&("XR-200".into(), "联影".into(), "2".into())));
    // VENT-5 came from the rejected row too, but only 0099-A stands.
    assert!(got.contains(&("VENT-5".into(), "谊安".into(), "1".into())));
    // A second import of the same models adds nothing new.
    let again = import_sample(&svc, &["--mode", "skip", "--rejects", "bad.csv", "--force"]).ok();
    assert!(!again.stderr.contains("new model"), "{}", again.stderr);
}

#[test]
fn r1_2_show_gives_the_warranty_state_today() {
    let svc = with_customers();
    import_sample(&svc, &["--rejects", "bad.csv"]).ok();
    let show = |s: &Svc, serial: &str| -> serde_json::Value {
        serde_json::from_str(&s.stdout(&["equipment", "show", serial, "--format", "json"])).unwrap()
    };
    // SVC_NOW is 2026-03-05.
    let v = show(&svc, "SN-77002");
    assert_eq!(v["warranty"], "under warranty until 2028-07-31 (879 days left)");
    assert_eq!(v["customer_name"], "武汉同济医院");
    assert_eq!(v["registration_no"], "国械注准20203060002");
    assert_eq!(show(&svc, "SN-77001")["warranty"], "expired on 2026-01-14");
    let later = svc
        .run_env(&["equipment", "show", "SN-77002", "--format", "json"], &[("SVC_NOW", "2028-08-01T09:00:00+08:00")]);
    let later: serde_json::Value = serde_json::from_str(&later.ok().stdout).unwrap();
    assert_eq!(later["warranty"], "expired on 2028-07-31");
    svc.run(&["equipment", "show", "NOPE"]).code(3).stderr_has("no equipment NOPE");
}

#[test]
fn r1_2_add_edit_and_list_devices() {
    let svc = with_customers();
    svc.run(&[
        "equipment",
        "add",
        "--serial-no",
        "００７",
        "--model",
        "PM-9000",
        "--manufacturer",
        "迈瑞",
        "--customer",
        "C0002",
        "--installed-on",
        "2024/5/10",
        "--warranty-until",
        "2027年5月9日",
    ])
    .ok()
    .stdout_is("007\n");
    svc.run(&["equipment", "edit", "007", "--status", "down", "--location", "门诊 2F"]).ok();
    let rows = csv_rows(&svc.stdout(&["equipment", "list", "--status", "down"]));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][4..7], ["2024-05-10", "2027-05-09", "门诊 2F"]);
    svc.run(&["equipment", "edit", "007", "--status", "broken"]).code(5).stderr_has("status: broken is not one of");
    svc.run(&["equipment", "edit", "007", "--customer-code", "C9999"]).code(5).stderr_has("no customer C9999");
    svc.run(&["equipment", "edit", "007", "--warranty-until", "2020-01-01"])
        .code(5)
        .stderr_has("is before installed_on");
    svc.run(&["equipment", "list", "--customer", "C0001"]).ok().stdout_is("");
    let h: serde_json::Value = serde_json::from_str(&svc.stdout(&["history", "007", "--format", "json"])).unwrap();
    assert_eq!(h[1]["before"]["status"], "in_service");
    assert_eq!(h[1]["after"]["status"], "down");
}

#[test]
fn r1_2_equipment_export_import_export_is_byte_identical() {
    let svc = with_customers();
    import_sample(&svc, &["--rejects", "bad.csv"]).ok();
    svc.run(&["customer", "export", "-o", "customers.csv"]).ok();
    for ext in ["csv", "json", "yaml"] {
        let first = format!("equipment.{ext}");
        svc.run(&["equipment", "export", "-o", &first]).ok();
        let other = Svc::new();
        other.run(&["customer", "import", svc.path("customers.csv").to_str().unwrap()]).ok();
        other.run(&["equipment", "import", svc.path(&first).to_str().unwrap()]).ok();
        let second = other.stdout(&["equipment", "export", "--format", ext]);
        assert_eq!(String::from_utf8(svc.read(&first)).unwrap(), second, "{ext} round trip differs");
    }
}

#[test]
fn r1_2_devices_whose_warranty_ends_soon_or_has_ended() {
    let svc = with_customers().at("2026-11-26T08:00:00+08:00");
    import_sample(&svc, &["--rejects", "bad.csv"]).ok();
    let serials = |args: &[&str]| -> Vec<String> {
        csv_rows(&svc.stdout(args)).into_iter().skip(1).map(|r| r[0].clone()).collect()
    };
    assert_eq!(serials(&["equipment", "list", "--warranty-expiring-within", "100d"]), ["0099-A"]);
    assert_eq!(serials(&["equipment", "list", "--out-of-warranty"]), ["00012345", "00012346", "SN-77001"]);
    svc.run(&["equipment", "list", "--warranty-expiring-within", "30d", "--exit-code"]).ok().stdout_is("");
    svc.run(&["equipment", "list", "--warranty-expiring-within", "whenever"]).code(2);
}
