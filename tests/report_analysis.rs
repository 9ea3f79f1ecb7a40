//! `svc report faults|satisfaction|workload|parts|complaints` (issue 16, R8.2.2, R3.5.2,
//! R2.1, R4.2.2, R7.3.3) on a small database seeded row by row, every expected figure
//! computed by hand in the comments. February 2026 has no data at all.

mod common;

use common::Svc;
use serde_json::{json, Value};

/// Two hospitals, three devices (two PM-9000 installed 2025-03-05, one US-100 with no
/// installation day), two technicians, three repairs and one archived repair, their
/// follow-ups, two surveys, two parts with their ledger, two complaints.
fn seeded() -> Svc {
    let svc = Svc::new();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute_batch(
        "INSERT INTO customers(id, code, name, type, contact, phone, province, address) VALUES
           (1, 'C1', '第一医院', 'hospital', '张三', '13800000000', '浙江', '杭州市某路1号'),
           (2, 'C2', '第二医院', 'hospital', '李四', '13900000000', '江苏', '南京市某路2号');
         INSERT INTO models(id, model, manufacturer, added_at) VALUES
           (1, 'PM-9000', 'Acme', '2025-01-01T00:00:00Z'), (2, 'US-100', 'Beta', '2025-01-01T00:00:00Z');
         INSERT INTO equipment(id, serial_no, model_id, customer_id, installed_on) VALUES
           (1, 'E1', 1, 1, '2025-03-05'), (2, 'E2', 1, 2, '2025-03-05'), (3, 'E3', 2, 1, NULL);
         INSERT INTO staff(id, code, name, role) VALUES (1, 'T001', '王工', 'technician'), (2, 'T002', '赵工', 'technician');
         INSERT INTO tickets(id, code, customer_id, equipment_id, channel, kind, priority, symptom, opened_at, status, assigned_to) VALUES
           (1, 'T-1', 1, 1, 'hotline', 'fault', 'normal', '黑屏', '2026-01-10T01:00:00Z', 'closed', 1),
           (2, 'T-2', 2, 2, 'hotline', 'fault', 'normal', '黑屏', '2026-01-20T01:00:00Z', 'closed', 1),
           (3, 'T-3', 1, 3, 'hotline', 'fault', 'normal', '无图像', '2026-03-01T01:00:00Z', 'closed', 2);
         INSERT INTO repairs(id, code, ticket_id, equipment_id, status, under_warranty, opened_at, finished_at) VALUES
           (1, 'R-1', 1, 1, 'reported', 1, '2026-01-10T02:00:00Z', '2026-01-11T02:00:00Z'),
           (2, 'R-2', 2, 2, 'reported', 1, '2026-01-20T02:00:00Z', '2026-01-21T02:00:00Z'),
           (3, 'R-3', 3, 3, 'reported', 1, '2026-03-01T02:00:00Z', '2026-03-02T02:00:00Z');
         INSERT INTO reports(repair_id, version, at, by_staff, cause, process, labour_hours) VALUES
           (1, 1, '2026-01-11T02:00:00Z', 1, '电源板故障', '更换', '2.5'),
           (2, 1, '2026-01-21T02:00:00Z', 1, ' 电源板故障 ', '更换', '1.5'),
           (3, 1, '2026-03-02T02:00:00Z', 2, '探头损坏', '更换', '3');
         INSERT INTO repair_archive(code, equipment_id, reported_on, symptom, cause, imported_at) VALUES
           ('OLD-1', 1, '2025-06-01', '黑屏', '电源板故障', '2025-12-01T00:00:00Z');
         INSERT INTO followups(repair_id, due, done_at, by_staff, satisfaction, nps) VALUES
           (1, '2026-01-12', '2026-01-12T02:00:00Z', 1, 5, 10),
           (2, '2026-01-22', '2026-01-22T02:00:00Z', 1, 2, 3),
           (3, '2026-03-03', '2026-03-03T02:00:00Z', 2, 4, 8);
         INSERT INTO surveys(customer_id, date, channel, speed, quality, attitude, communication, overall, nps) VALUES
           (1, '2026-01-15', 'questionnaire', 4, 5, 5, 4, 5, 9),
           (2, '2026-03-02', 'phone', NULL, NULL, NULL, NULL, 3, 6);
         INSERT INTO parts(id, part_no, name, min_qty) VALUES (1, 'P-PSU', '电源板', 5), (2, 'P-PRB', '探头', 1);
         INSERT INTO part_uses(repair_id, part_id, qty, at) VALUES
           (1, 1, 1, '2026-01-10T03:00:00Z'), (2, 1, 2, '2026-01-20T03:00:00Z'),
           (2, 1, -1, '2026-01-20T04:00:00Z'), (3, 2, 1, '2026-03-01T03:00:00Z');
         INSERT INTO locations(id, warehouse) VALUES (1, 'WH1');
         INSERT INTO requisitions(code, requested_by, requested_at, status) VALUES ('RQ-1', 1, '2026-01-10T01:00:00Z', 'approved');
         INSERT INTO movements(at, actor, kind, part_id, location_id, qty, unit_cost, ref) VALUES
           ('2025-12-01T00:00:00Z', 't', 'opening', 1, 1, 10, 100, NULL),
           ('2026-01-10T03:00:00Z', 't', 'issue', 1, 1, -3, 100, 'RQ-1'),
           ('2026-01-20T03:00:00Z', 't', 'return', 1, 1, 1, 100, 'RQ-1'),
           ('2026-03-02T03:00:00Z', 't', 'issue', 1, 1, -2, 100, 'RQ-1'),
           ('2025-06-01T00:00:00Z', 't', 'opening', 2, 1, 4, 100, NULL);
         INSERT INTO findings(id, code, source, severity, clause, description, raised_at, owner_id, deadline) VALUES
           (1, 'F-000001', 'complaint', 'minor', 'R7.3', '响应慢', '2026-03-02T03:00:00Z', 2, '2026-03-01');
         INSERT INTO complaints(code, customer_id, equipment_id, model, channel, category, severity, description,
                                received_at, status, ack_due, resolve_due, root_cause, closed_at, corrective_id) VALUES
           ('K-1', 1, 1, 'PM-9000', 'hotline', 'repair-quality', 'normal', '又坏了', '2026-01-15T02:00:00Z', 'closed',
            '2026-01-16T02:00:00Z', '2026-01-25T02:00:00Z', 'method', '2026-01-20T02:00:00Z', NULL),
           ('K-2', 2, 2, 'PM-9000', 'hotline', 'response-time', 'normal', '太慢', '2026-03-02T02:00:00Z', 'investigating',
            '2026-03-03T02:00:00Z', '2026-03-12T02:00:00Z', 'people', NULL, 1);",
    )
    .unwrap();
    svc
}

fn json_of(svc: &Svc, args: &[&str]) -> Vec<Value> {
    let out = svc.stdout(&[&["--format", "json", "report"], args].concat());
    if out.trim().is_empty() {
        return vec![];
    }
    serde_json::from_str::<Vec<Value>>(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn r8_2_2_failures_per_model_are_normalised_by_the_installed_base_archive_included() {
    let svc = seeded();
    let rows = json_of(&svc, &["faults", "--by", "model", "--since", "2025-03-05", "--until", "2026-03-05"]);
    // PM-9000: and the archived OLD-1 on 2 devices: 150 per 100 devices. Each
    // device in service 2025-03-05 .. 2026-03-04 = 365 days, 730 in all = 1.9986
    // device-years; 3 / 1.9986 = 1.501 per device-year; MTBF 730 / 3 = 243 days.
    assert_eq!(
        rows[0],
        json!({"model": "PM-9000", "manufacturer": "Acme", "devices": 2, "failures": 3, "archived": 1,
               "per_100_devices": 150.0, "device_years": 2.0, "per_device_year": 1.501, "mtbf_days": 243.0})
    );
    // US-100: one failure, no installation day: no time in service, so no rate, no MTBF.
    assert_eq!(
        rows[1],
        json!({"model": "US-100", "manufacturer": "Beta", "devices": 1, "failures": 1, "archived": 0,
               "per_100_devices": 100.0, "device_years": null, "per_device_year": null, "mtbf_days": null})
    );
    let table =
        svc.stdout(&["--format", "table", "report", "faults", "--since", "2025-03-05", "--until", "2026-03-05"]);
    assert!(table.lines().any(|l| l.contains("US-100") && l.contains('—')), "{table}");
}

#[test]
fn r8_2_2_pareto_of_causes_and_of_parts_per_model() {
    let svc = seeded();
    // Causes are trimmed: the three PM-9000 failures share one cause (the archive's too).
    let causes = json_of(&svc, &["faults", "--by", "cause"]);
    assert_eq!(
        causes,
        vec![
            json!({"model": "PM-9000", "cause": "电源板故障", "failures": 3, "share_pct": 100.0, "cumulative_pct": 100.0}),
            json!({"model": "US-100", "cause": "探头损坏", "failures": 1, "share_pct": 100.0, "cumulative_pct": 100.0}),
        ]
    );
    // PM-9000 used 1 + 2 - 1 returned = 2 power boards on 2 repairs.
    let parts = json_of(&svc, &["faults", "--by", "part", "--model", "PM-9000", "--top", "1"]);
    assert_eq!(
        parts,
        vec![json!({"model": "PM-9000", "part_no": "P-PSU", "name": "电源板", "qty": 2, "repairs": 2,
                    "share_pct": 100.0, "cumulative_pct": 100.0})]
    );
    svc.run(&["report", "faults", "--model", "XX-1"]).code(3).stderr_has("XX-1");
}

#[test]
fn r3_5_2_satisfaction_trend_per_month_with_a_month_without_data() {
    let svc = seeded();
    let rows = json_of(&svc, &["satisfaction", "--by", "month", "--since", "2026-01-01", "--until", "2026-04-01"]);
    // January: follow-ups 5 and 2 (mean 3.5), NPS 10 and 3: (1 - 1) / 2 = 0; one survey
    // (NPS 9: 100); together (2 - 1) / 3 = 33.
    assert_eq!(
        rows[0],
        json!({"month": "2026-01", "followups": 2, "followup_score": 3.5, "followup_nps": 0.0, "surveys": 1,
               "speed": 4.0, "quality": 5.0, "attitude": 5.0, "communication": 4.0, "overall": 5.0,
               "survey_nps": 100.0, "nps": 33.0})
    );
    // February: nothing: counts are 0, figures are none.
    assert_eq!(
        rows[1],
        json!({"month": "2026-02", "followups": 0, "followup_score": null, "followup_nps": null, "surveys": 0,
               "speed": null, "quality": null, "attitude": null, "communication": null, "overall": null,
               "survey_nps": null, "nps": null})
    );
    // March: follow-up 4 (NPS 8: passive, 0); the phone survey answered only overall 3,
    // NPS 6 (detractor, −100); together (0 − 1) / 2 = −50.
    assert_eq!(rows[2]["followup_nps"], json!(0.0));
    assert_eq!(rows[2]["speed"], Value::Null);
    assert_eq!(rows[2]["overall"], json!(3.0));
    assert_eq!(rows[2]["nps"], json!(-50.0));
    let table =
        svc.stdout(&["--format", "table", "report", "satisfaction", "--since", "2026-01-01", "--until", "2026-04-01"]);
    let feb = table.lines().find(|l| l.contains("2026-02")).unwrap();
    assert!(feb.contains('—') && !feb.contains("0.0"), "{feb}");
}

#[test]
fn r3_5_2_the_lowest_rated_repairs_name_their_technician_and_no_personal_data() {
    let svc = seeded();
    let rows = json_of(&svc, &["satisfaction", "--lowest", "2", "--since", "2026-01-01", "--until", "2026-04-01"]);
    assert_eq!(
        rows[0],
        json!({"repair": "R-2", "day": "2026-01-22", "customer_code": "C2", "institution": "第二医院",
               "model": "PM-9000", "technician": "T001", "technician_name": "王工", "satisfaction": 2, "nps": 3})
    );
    assert_eq!(rows[1]["repair"], "R-3");
    assert_eq!(rows.len(), 2);
    for args in
        [&["satisfaction", "--lowest", "9"][..], &["complaints", "--open-actions"], &["workload", "--by", "province"]]
    {
        let out = svc.stdout(&[&["--format", "json", "report"], args].concat());
        for personal in ["张三", "李四", "1380000", "某路"] {
            assert!(!out.contains(personal), "{personal} in {out}");
        }
    }
}

#[test]
fn r2_1_workload_per_technician_and_per_province() {
    let svc = seeded();
    let techs = json_of(&svc, &["workload", "--by", "technician", "--since", "2026-01-01", "--until", "2026-04-01"]);
    // T001 wrote the reports of R-1 (2.5 h) and R-2 (1.5 h); T002 of R-3 (3 h).
    assert_eq!(
        techs,
        vec![
            json!({"technician": "T001", "technician_name": "王工", "role": "technician", "active": true, "repairs": 2,
                   "labour_hours": 4.0, "hours_per_repair": 2.0, "pm_visits": 0, "pm_hours": null}),
            json!({"technician": "T002", "technician_name": "赵工", "role": "technician", "active": true, "repairs": 1,
                   "labour_hours": 3.0, "hours_per_repair": 3.0, "pm_visits": 0, "pm_hours": null}),
        ]
    );
    // 浙江: E1 and E3, R-1 and R-3 (2.5 + 3 = 5.5 h, 2.75 → 2.8 a repair) by two people.
    let provinces = json_of(&svc, &["workload", "--by", "province", "--since", "2026-01-01", "--until", "2026-04-01"]);
    assert_eq!(
        provinces[0],
        json!({"province": "浙江", "devices": 2, "repairs": 2, "per_100_devices": 100.0, "labour_hours": 5.5,
               "hours_per_repair": 2.8, "technicians": 2})
    );
    assert_eq!(provinces[1]["province"], "江苏");
    // February alone: nobody repaired anything: 0 repairs, hours none.
    let feb = json_of(&svc, &["workload", "--since", "2026-02-01", "--until", "2026-03-01"]);
    assert_eq!(feb[0]["repairs"], 0);
    assert_eq!(feb[0]["labour_hours"], Value::Null);
}

#[test]
fn r4_2_2_parts_demand_cover_slow_stock_and_a_reviewed_min_qty() {
    let svc = seeded();
    // The last 2 whole months: 2026-01-01 .. 2026-02-28. P-PSU: −3 + 1 = 2 used, 1 a
    // month; 6 on hand cover 6 months; 2 months of cover suggest min_qty 2 (now 5); its last
    // movement, 2026-03-02 03:00Z, is 2 days 23 hours old: 2 idle days.
    // P-PRB: no demand, 4 on hand untouched since 2025-06-01 (277 days): slow.
    let rows = json_of(&svc, &["parts", "--months", "2"]);
    assert_eq!(
        rows,
        vec![
            json!({"part_no": "P-PRB", "name": "探头", "unit": "pcs", "on_hand": 4, "used": 0, "per_month": 0.0,
                   "months_of_cover": null, "last_movement": "2025-06-01", "idle_days": 277, "slow": true,
                   "min_qty": 1, "suggested_min_qty": null}),
            json!({"part_no": "P-PSU", "name": "电源板", "unit": "pcs", "on_hand": 6, "used": 2, "per_month": 1.0,
                   "months_of_cover": 6.0, "last_movement": "2026-03-02", "idle_days": 2, "slow": false,
                   "min_qty": 5, "suggested_min_qty": 2}),
        ]
    );
    // The report writes nothing; --apply --dry-run says what would change, writes nothing.
    svc.run(&["report", "parts", "--months", "2", "--apply", "--dry-run"]).ok().stderr_has("dry run");
    let min = |svc: &Svc| {
        let conn = rusqlite::Connection::open(&svc.db).unwrap();
        conn.query_row("SELECT min_qty FROM parts WHERE part_no = 'P-PSU'", [], |r| r.get::<_, i64>(0)).unwrap()
    };
    assert_eq!(min(&svc), 5);
    // --apply lists the change and records it in the history; P-PRB (no demand) is kept.
    let applied = json_of(&svc, &["parts", "--months", "2", "--apply"]);
    assert_eq!(
        applied,
        vec![json!({"part_no": "P-PSU", "name": "电源板", "min_qty": 5, "suggested_min_qty": 2, "per_month": 1.0})]
    );
    assert_eq!(min(&svc), 2);
    svc.run(&["history", "P-PSU"]).ok().stdout_has("min-qty-from-demand");
    svc.run(&["report", "parts", "--months", "2", "--apply"]).ok().stderr_has("nothing to change");
    svc.run(&["report", "parts", "--months", "0"]).code(2);
    svc.run(&["report", "parts", "--part", "NOPE"]).code(3).stderr_has("NOPE");
}

#[test]
fn r7_3_3_complaints_per_month_per_100_repairs_and_open_corrective_actions() {
    let svc = seeded();
    let rows = json_of(&svc, &["complaints", "--by", "month", "--since", "2026-01-01", "--until", "2026-04-01"]);
    // January: K-1, closed after 5 days, 2 repairs opened: 50 per 100 repairs.
    assert_eq!(
        rows[0],
        json!({"month": "2026-01", "complaints": 1, "open_count": 0, "closed_count": 1, "with_corrective": 0,
               "adverse_events": 0, "days_to_close": 5.0, "repairs": 2, "per_100_repairs": 50.0})
    );
    // February: no complaint and no repair: no rate.
    assert_eq!(
        rows[1],
        json!({"month": "2026-02", "complaints": 0, "open_count": 0, "closed_count": 0, "with_corrective": 0,
               "adverse_events": 0, "days_to_close": null, "repairs": 0, "per_100_repairs": null})
    );
    assert_eq!(rows[2]["per_100_repairs"], json!(100.0));
    let causes = json_of(&svc, &["complaints", "--by", "root-cause"]);
    assert_eq!(causes.len(), 2);
    assert_eq!(causes[0]["complaints"], 1);
    // K-2's corrective action F-000001 was due 2026-03-01: 4 days overdue on 03-05.
    let actions = json_of(&svc, &["complaints", "--open-actions"]);
    assert_eq!(
        actions,
        vec![json!({"complaint": "K-2", "category": "response-time", "root_cause": "people",
                    "corrective_finding": "F-000001", "status": "open", "owner": "T002", "deadline": "2026-03-01",
                    "days_overdue": 4})]
    );
}

#[test]
fn r8_3_reports_speak_chinese_to_people_and_keep_keys_for_scripts() {
    let svc = seeded();
    let table = svc.stdout(&["--lang", "zh-CN", "--format", "table", "report", "faults"]);
    assert!(table.contains("平均故障间隔") && table.contains("每百台故障数"), "{table}");
    let csv = svc.stdout(&["--lang", "zh-CN", "--format", "csv", "report", "faults"]);
    assert!(csv.starts_with("model,manufacturer,devices,failures"), "{csv}");
}
