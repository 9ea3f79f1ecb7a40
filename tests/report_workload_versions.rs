//! `svc report workload` (R2.1) over repairs with several versions of their service
//! report and of their plan: a repair counts for the author of its latest report (else
//! its ticket's assignee), with the hours of its latest report giving them, else of its
//! latest plan. The report reads the versions beside the repairs in (repair, version)
//! order; these tests hold it to the plain SQL definition, on versions written out of
//! order, reports without hours or author, repairs not finished or outside the period.

mod common;

use std::collections::BTreeMap;

use common::Svc;
use rusqlite::Connection;
use serde_json::Value;

/// Four technicians, two provinces, `n` tickets and repairs; each repair finished on a
/// day of 2026's first half or not at all, with 0–3 report versions and 0–2 plan
/// versions, every one inserted in a shuffled order. Hours are halves: their sums are
/// exact whatever the order of addition, so the SQL's and the report's agree to the bit.
fn seeded(n: i64, seed: u64) -> Svc {
    let svc = Svc::new();
    let mut conn = Connection::open(&svc.db).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute_batch(
        "INSERT INTO customers(id, code, name, type, province) VALUES
           (1, 'C1', '第一医院', 'hospital', '浙江'), (2, 'C2', '第二医院', 'hospital', '江苏');
         INSERT INTO models(id, model, manufacturer, added_at) VALUES (1, 'PM-9000', 'Acme', '2025-01-01T00:00:00Z');
         INSERT INTO equipment(id, serial_no, model_id, customer_id) VALUES (1, 'E1', 1, 1), (2, 'E2', 1, 2);
         INSERT INTO staff(id, code, name, role) VALUES (1, 'T1', '甲', 'technician'), (2, 'T2', '乙', 'technician'),
           (3, 'T3', '丙', 'engineer'), (4, 'T4', '丁', 'technician');",
    )
    .unwrap();
    let mut state = seed;
    let mut next = move |below: u64| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) % below
    };
    let mut reports = Vec::new();
    let mut plans = Vec::new();
    for id in 1..=n {
        let device = 1 + next(2) as i64;
        tx.execute(
            "INSERT INTO tickets(id, code, customer_id, equipment_id, channel, kind, priority, symptom, opened_at, status,
                                 assigned_to)
             VALUES (?1, 'T-' || ?1, ?2, ?2, 'hotline', 'fault', 'normal', '黑屏', '2026-01-01T00:00:00Z', 'closed', ?3)",
            rusqlite::params![id, device, 1 + next(4) as i64],
        )
        .unwrap();
        let finished = (next(5) > 0).then(|| format!("2026-{:02}-{:02}T08:00:00Z", 1 + next(6), 1 + next(28)));
        tx.execute(
            "INSERT INTO repairs(id, code, ticket_id, equipment_id, status, under_warranty, opened_at, finished_at)
             VALUES (?1, 'R-' || ?1, ?1, ?2, 'reported', 1, '2026-01-01T00:00:00Z', ?3)",
            rusqlite::params![id, device, finished],
        )
        .unwrap();
        for version in 1..=next(4) as i64 {
            let by = (next(6) > 0).then(|| 1 + next(4) as i64);
            let hours = (next(4) > 0).then(|| half_hours(next(12)));
            reports.push((next(1 << 30), id, version, by, hours));
        }
        for version in 1..=next(3) as i64 {
            plans.push((next(1 << 30), id, version, half_hours(next(12))));
        }
    }
    reports.sort_unstable();
    plans.sort_unstable();
    for (_, id, version, by, hours) in reports {
        tx.execute(
            "INSERT INTO reports(repair_id, version, at, by_staff, cause, process, labour_hours)
             VALUES (?1, ?2, '2026-01-02T00:00:00Z', ?3, '电源板故障', '更换', ?4)",
            rusqlite::params![id, version, by, hours],
        )
        .unwrap();
    }
    for (_, id, version, hours) in plans {
        tx.execute(
            "INSERT INTO plans(repair_id, version, at, steps, labour_hours, labour_cost, parts_cost, estimate)
             VALUES (?1, ?2, '2026-01-01T12:00:00Z', '[\"换板\"]', ?3, 0, 0, 0)",
            rusqlite::params![id, version, hours],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    svc
}

/// Hours as people type them: `3`, `2.5`.
fn half_hours(halves: u64) -> String {
    if halves.is_multiple_of(2) {
        format!("{}", halves / 2)
    } else {
        format!("{}.5", halves / 2)
    }
}

/// The definition in SQL: per technician code, (repairs, hours) of the repairs finished
/// in [since, until).
fn by_sql(svc: &Svc, since: &str, until: &str) -> BTreeMap<String, (i64, Option<f64>)> {
    let conn = Connection::open(&svc.db).unwrap();
    let mut stmt = conn
        .prepare(
            "WITH last_report AS (SELECT repair_id, by_staff FROM reports p
                                   WHERE version = (SELECT max(version) FROM reports q WHERE q.repair_id = p.repair_id)),
                  last_hours AS (SELECT repair_id, CAST(labour_hours AS REAL) AS hours FROM reports p
                                  WHERE version = (SELECT max(version) FROM reports q
                                                    WHERE q.repair_id = p.repair_id AND q.labour_hours IS NOT NULL)),
                  last_plan AS (SELECT repair_id, CAST(labour_hours AS REAL) AS hours FROM plans p
                                 WHERE version = (SELECT max(version) FROM plans q WHERE q.repair_id = p.repair_id))
             SELECT s.code, count(*), sum(coalesce(lh.hours, lp.hours))
               FROM repairs r JOIN tickets t ON t.id = r.ticket_id
               LEFT JOIN last_report lr ON lr.repair_id = r.id LEFT JOIN last_hours lh ON lh.repair_id = r.id
               LEFT JOIN last_plan lp ON lp.repair_id = r.id
               JOIN staff s ON s.id = coalesce(lr.by_staff, t.assigned_to)
              WHERE r.finished_at >= ?1 AND r.finished_at < ?2
              GROUP BY s.code",
        )
        .unwrap();
    let rows = stmt
        .query_map([since, until], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows
}

fn by_report(svc: &Svc, period: &[&str]) -> BTreeMap<String, (i64, Option<f64>)> {
    let out = svc.stdout(&[&["--format", "json", "report", "workload", "--by", "technician"], period].concat());
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    rows.iter()
        .filter(|r| r["repairs"].as_i64() != Some(0))
        .map(|r| {
            (
                r["technician"].as_str().unwrap().to_string(),
                (r["repairs"].as_i64().unwrap(), r["labour_hours"].as_f64()),
            )
        })
        .collect()
}

#[test]
fn r2_1_workload_counts_the_latest_report_and_its_hours_else_the_latest_plans_whatever_the_order_written() {
    for seed in [1, 2, 3] {
        let svc = seeded(300, seed);
        for (since, until) in [("2000-01-01", "2030-01-01"), ("2026-02-01", "2026-04-01"), ("2026-06-01", "2026-06-15")]
        {
            let expected = by_sql(&svc, since, until);
            assert!(!expected.is_empty(), "seed {seed}, {since}..{until}: no repairs");
            assert_eq!(
                by_report(&svc, &["--since", since, "--until", until]),
                expected,
                "seed {seed}, {since}..{until}"
            );
        }
        // Without a period: every repair finished until now (common::NOW).
        assert_eq!(by_report(&svc, &[]), by_sql(&svc, "0", "2026-03-05T02:00:00Z"), "seed {seed}");
    }
}

#[test]
fn r2_1_the_latest_report_decides_who_and_the_latest_with_hours_how_long() {
    let svc = seeded(0, 1);
    let conn = Connection::open(&svc.db).unwrap();
    conn.execute_batch(
        "INSERT INTO tickets(id, code, customer_id, equipment_id, channel, kind, priority, symptom, opened_at, status, assigned_to)
         VALUES (1, 'T-1', 1, 1, 'hotline', 'fault', 'normal', '黑屏', '2026-01-01T00:00:00Z', 'closed', 1),
                (2, 'T-2', 1, 1, 'hotline', 'fault', 'normal', '黑屏', '2026-01-01T00:00:00Z', 'closed', 1),
                (3, 'T-3', 2, 2, 'hotline', 'fault', 'normal', '黑屏', '2026-01-01T00:00:00Z', 'closed', 4);
         INSERT INTO repairs(id, code, ticket_id, equipment_id, status, under_warranty, opened_at, finished_at) VALUES
           (1, 'R-1', 1, 1, 'reported', 1, '2026-01-01T00:00:00Z', '2026-01-05T00:00:00Z'),
           (2, 'R-2', 2, 1, 'in_repair', 1, '2026-01-01T00:00:00Z', NULL),
           (3, 'R-3', 3, 2, 'reported', 1, '2026-01-01T00:00:00Z', '2026-01-06T00:00:00Z');
         -- R-3's versions first; R-2 (not finished) between; R-1's second report (by T2, no
         -- hours) before its first (by T3, 2.5 h).
         INSERT INTO reports(repair_id, version, at, by_staff, cause, process, labour_hours) VALUES
           (3, 1, '2026-01-06T00:00:00Z', NULL, '老化', '更换', '4'),
           (2, 1, '2026-01-03T00:00:00Z', 3, '老化', '更换', '9'),
           (1, 2, '2026-01-05T00:00:00Z', 2, '老化', '更换', NULL),
           (1, 1, '2026-01-04T00:00:00Z', 3, '老化', '更换', '2.5');
         INSERT INTO plans(repair_id, version, at, steps, labour_hours, labour_cost, parts_cost, estimate) VALUES
           (1, 1, '2026-01-02T00:00:00Z', '[]', '7.0', 0, 0, 0);",
    )
    .unwrap();
    // R-1 counts for T2 (its latest report) with 2.5 h (the latest report giving hours,
    // not the plan's 7); R-3's report has no author: its ticket's T4, 4 h; R-2 not at all.
    let got = by_report(&svc, &[]);
    assert_eq!(got, BTreeMap::from([("T2".to_string(), (1, Some(2.5))), ("T4".to_string(), (1, Some(4.0)))]));
    // January 6th alone: R-3 only (the versions of the repairs before it are passed over).
    let got = by_report(&svc, &["--since", "2026-01-06", "--until", "2026-01-07"]);
    assert_eq!(got, BTreeMap::from([("T4".to_string(), (1, Some(4.0)))]));
}
