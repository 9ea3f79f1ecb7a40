//! What the coming work needs, part by part (`svc parts plan --needs`, R4.1.1 with R1.2):
//! open repairs' plans and requisitions and the parts of the maintenance due soon,
//! against usable stock; the maintenance demand in the purchase plan; requisitions for
//! what open repairs' plans need and nobody asked for. The clock is common::NOW,
//! 2026-03-05 10:00 (Asia/Shanghai).

mod common;
use common::*;

fn plan(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/maintenance")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

/// The example stock (0205 battery packs: 3 usable; 0100 fuses: 40; 0012-A probes: 8)
/// with the monitor and ventilator plans; monitors 00012345 and 00012346 due on
/// 2026-03-20 (PM-MONITOR takes one 0205 each), ventilator 0099-A on 2026-04-20 (PM-VENT
/// takes two 0100).
fn planned() -> Svc {
    let svc = stocked();
    for f in ["patient-monitor.yaml", "ventilator.yaml"] {
        svc.run(&["maint", "plan", "import", &plan(f)]).ok();
    }
    for (serial, plan, day) in [("00012345", "PM-MONITOR", "2026-03-20"), ("00012346", "PM-MONITOR", "2026-03-20")] {
        svc.run(&["maint", "override", serial, "--plan", plan, "--next-due", day, "--reason", "医院日程"]).ok();
    }
    svc.run(&["maint", "override", "0099-A", "--plan", "PM-VENT", "--next-due", "2026-04-20", "--reason", "医院日程"])
        .ok();
    svc
}

/// (part_no, repairs, requested, maintenance, devices, needed, usable, short) per row.
fn needs(svc: &Svc, args: &[&str]) -> Vec<Vec<String>> {
    let out = svc.stdout(&[&["parts", "plan", "--needs"], args].concat());
    csv_rows(&out)
        .into_iter()
        .skip(1)
        .map(|r| [0, 2, 3, 4, 5, 6, 7, 9].iter().map(|&i| r[i].clone()).collect())
        .collect()
}

#[test]
fn r4_1_1_needs_add_open_repairs_and_the_maintenance_due_against_usable_stock() {
    let svc = planned();
    // One repair's plan takes two battery packs and a probe; the probe is requested already.
    let r = repair_for(&svc, "00012346", &["0205:2", "0012-A:1"]);
    svc.run(&["parts", "req", "create", "--repair", &r, "--line", "0012-A:1", "--by", "E002"]).ok();
    let head = svc.stdout(&["parts", "plan", "--needs"]);
    assert!(
        head.starts_with("part_no,name,repairs,requested,maintenance,devices,needed,usable,on_order,short\n"),
        "{head}"
    );
    // Within 30 days: the two monitors (one 0205 each); the ventilator is further out.
    assert_eq!(
        needs(&svc, &[]),
        [["0012-A", "1", "1", "0", "0", "1", "8", "0"], ["0205", "2", "0", "2", "2", "4", "3", "1"],]
    );
    // Within 60 days the ventilator's fuses come in; only 0205 is short.
    let wide = needs(&svc, &["--within", "60d"]);
    assert_eq!(wide[1], ["0100", "0", "0", "2", "1", "2", "40", "0"]);
    let short = needs(&svc, &["--within", "60d", "--short"]);
    assert_eq!(short.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), ["0205"]);
    // For cron: news only when something is short.
    svc.run(&["parts", "plan", "--needs", "--short", "--exit-code"]).code(1);
    svc.run(&["parts", "plan", "--needs", "--short", "--exit-code", "--within", "0d"]).code(0).stdout_is("");
}

#[test]
fn r4_1_1_the_purchase_plan_counts_the_maintenance_due_as_demand() {
    let svc = planned();
    // 0205: 3 usable, minimum 2. The monitors' two packs within 30 days make it short.
    let row = |args: &[&str]| {
        csv_rows(&svc.stdout(&[&["parts", "plan"], args].concat())).into_iter().find(|r| r[1] == "0205")
    };
    let with = row(&[]).expect("0205 is to be ordered");
    assert_eq!((with[7].as_str(), with[10].as_str()), ("2", "4"), "demand 2, order 4 (one reorder lot): {with:?}");
    // Nothing due today or before: no maintenance demand, nothing to order.
    assert!(row(&["--within", "0d"]).is_none());
}

#[test]
fn r4_3_1_requisition_asks_for_what_open_repairs_plans_need_and_nobody_requested() {
    let svc = planned();
    let r = repair_for(&svc, "00012346", &["0205:2", "0012-A:1"]);
    svc.run(&["parts", "req", "create", "--repair", &r, "--line", "0012-A:1", "--by", "E002"]).ok();
    let run = svc.run(&["parts", "plan", "--requisition", "--by", "E002"]).ok();
    let rq = run.stdout.trim().to_string();
    run.stderr_has(&format!("requisition {rq} for repair {r}"));
    // Through the requisitions' own write path: pending, the plan's outstanding line only.
    let shown = svc.stdout(&["--format", "json", "parts", "req", "show", &rq]);
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["lines"].as_array().unwrap().len(), 1, "{shown}");
    assert_eq!(shown["lines"][0]["part_no"], "0205");
    assert_eq!(shown["lines"][0]["qty"], 2);
    // Asked once: a second run has nothing to ask, and says why maintenance is not in it.
    svc.run(&["parts", "plan", "--requisition", "--by", "E002"])
        .ok()
        .stdout_is("")
        .stderr_has("nothing to request")
        .stderr_has("maintenance visits take their parts at the visit");
    // The requested parts are still needed once, not twice.
    assert_eq!(needs(&svc, &[])[1], ["0205", "2", "2", "2", "2", "4", "3", "1"]);
    // Someone asks: --requisition needs --by.
    svc.run(&["parts", "plan", "--requisition"]).code(2);
}

#[test]
fn r1_2_maint_parts_is_an_alias_that_points_at_parts_plan() {
    let svc = planned();
    svc.run(&["maint", "parts"])
        .ok()
        .stderr_has("'svc maint parts' is now 'svc parts plan --needs'")
        .stdout_has("0205");
}
