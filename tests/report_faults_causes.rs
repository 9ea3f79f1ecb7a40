//! `svc report faults --by cause` (R8.2.2): a failure's cause is its repair's latest
//! service report's, trimmed, else its latest diagnosis's; the archive's as imported.
//! The report reads the reports and diagnoses beside the repairs in id order; these
//! tests hold it to the plain SQL definition, on versions and diagnoses written out of
//! order, causes empty or of spaces, repairs outside the period, and a model filter.

mod common;

use common::Svc;
use rusqlite::Connection;
use serde_json::Value;

/// Two models, three devices, `n` repairs opened over 2025–2026 with 0–3 report
/// versions and 0–2 diagnoses each, inserted in a shuffled order, and some archived
/// failures.
fn seeded(n: i64, seed: u64) -> Svc {
    let svc = Svc::new();
    let mut conn = Connection::open(&svc.db).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute_batch(
        "INSERT INTO customers(id, code, name, type, province) VALUES (1, 'C1', '第一医院', 'hospital', '浙江');
         INSERT INTO models(id, model, manufacturer, added_at) VALUES
           (1, 'PM-9000', 'Acme', '2025-01-01T00:00:00Z'), (2, 'US-100', 'Acme', '2025-01-01T00:00:00Z');
         INSERT INTO equipment(id, serial_no, model_id, customer_id) VALUES (1, 'E1', 1, 1), (2, 'E2', 1, 1), (3, 'E3', 2, 1);",
    )
    .unwrap();
    let mut state = seed;
    let mut next = move |below: u64| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) % below
    };
    const CAUSES: [&str; 6] = ["电源板故障", " 电源板故障 ", "探头损坏", "", "   ", "Fuse"];
    let mut rows: Vec<(u64, String)> = Vec::new();
    for id in 1..=n {
        let device = 1 + next(3) as i64;
        let opened = format!("202{}-{:02}-{:02}T08:00:00Z", 5 + next(2), 1 + next(12), 1 + next(28));
        tx.execute(
            "INSERT INTO tickets(id, code, customer_id, equipment_id, channel, kind, priority, symptom, opened_at, status)
             VALUES (?1, 'T-' || ?1, 1, ?2, 'hotline', 'fault', 'normal', '黑屏', ?3, 'closed')",
            rusqlite::params![id, device, opened],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO repairs(id, code, ticket_id, equipment_id, status, under_warranty, opened_at)
             VALUES (?1, 'R-' || ?1, ?1, ?2, 'reported', 1, ?3)",
            rusqlite::params![id, device, opened],
        )
        .unwrap();
        for version in 1..=next(4) {
            let cause = CAUSES[next(6) as usize];
            rows.push((
                next(1 << 30),
                format!(
                    "INSERT INTO reports(repair_id, version, at, cause, process) VALUES ({id}, {version}, '{opened}', '{cause}', '更换')"
                ),
            ));
        }
        for _ in 0..next(3) {
            let cause = if next(4) == 0 { "NULL".to_string() } else { format!("'{}'", CAUSES[next(6) as usize]) };
            rows.push((
                next(1 << 30),
                format!(
                    "INSERT INTO diagnoses(repair_id, at, finding, cause, difficulty) VALUES ({id}, '{opened}', '无输出', {cause}, 'simple')"
                ),
            ));
        }
    }
    for i in 0..n / 4 {
        let cause = if next(3) == 0 { "NULL".to_string() } else { format!("'{}'", CAUSES[next(6) as usize]) };
        rows.push((
            next(1 << 30),
            format!(
                "INSERT INTO repair_archive(code, equipment_id, reported_on, symptom, cause, imported_at)
                 VALUES ('A-{i}', {}, '202{}-{:02}-15', '黑屏', {cause}, '2026-01-01T00:00:00Z')",
                1 + next(3),
                4 + next(3),
                1 + next(12)
            ),
        ));
    }
    // Diagnoses get their ids as inserted: the shuffle makes the latest any of them.
    rows.sort();
    for (_, sql) in rows {
        tx.execute(&sql, []).unwrap();
    }
    tx.commit().unwrap();
    svc
}

/// What the report counts, by the definition: (model, cause, failures), in its order.
/// The window as the report makes it of its flags in the test's zone (Asia/Shanghai).
fn by_sql(svc: &Svc, window: [Option<&str>; 4], model: Option<&str>) -> Vec<(String, Value, i64)> {
    let conn = Connection::open(&svc.db).unwrap();
    let mut stmt = conn
        .prepare(
            "WITH last_report AS (SELECT repair_id, cause, max(version) FROM reports GROUP BY repair_id),
                  last_diagnosis AS (SELECT repair_id, cause, max(id) FROM diagnoses GROUP BY repair_id),
                  c AS (
               SELECT r.equipment_id AS eid, coalesce(nullif(trim(p.cause), ''), nullif(trim(d.cause), '')) AS cause,
                      count(*) AS n
                 FROM repairs r LEFT JOIN last_report p ON p.repair_id = r.id
                      LEFT JOIN last_diagnosis d ON d.repair_id = r.id
                WHERE (?1 IS NULL OR r.opened_at >= ?1) AND r.opened_at < ?2
                GROUP BY 1, 2
               UNION ALL
               SELECT a.equipment_id, nullif(trim(a.cause), ''), count(*) FROM repair_archive a
                WHERE (?3 IS NULL OR a.reported_on >= ?3) AND a.reported_on < ?4
                GROUP BY 1, 2)
             SELECT m.model, c.cause, sum(c.n) FROM c JOIN equipment e ON e.id = c.eid JOIN models m ON m.id = e.model_id
              WHERE ?5 IS NULL OR m.model = ?5
              GROUP BY m.model, c.cause ORDER BY m.model, 3 DESC, c.cause IS NULL, c.cause",
        )
        .unwrap();
    let rows = stmt
        .query_map(rusqlite::params![window[0], window[1], window[2], window[3], model], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, i64>(2)?))
        })
        .unwrap();
    rows.map(|r| {
        let (m, c, n) = r.unwrap();
        (m, c.map(Value::from).unwrap_or(Value::Null), n)
    })
    .collect()
}

fn by_report(svc: &Svc, args: &[&str]) -> Vec<(String, Value, i64)> {
    let out = svc.stdout(&[&["--format", "json", "report", "faults", "--by", "cause"], args].concat());
    if out.trim().is_empty() {
        return vec![];
    }
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    rows.iter()
        .map(|r| (r["model"].as_str().unwrap().to_string(), r["cause"].clone(), r["failures"].as_i64().unwrap()))
        .collect()
}

/// The report's flags, the window they make, and the model asked for.
type Case<'a> = (&'a [&'a str], [Option<&'a str>; 4], Option<&'a str>);

#[test]
fn r8_2_2_causes_are_the_latest_report_s_else_the_latest_diagnosis_s_whatever_the_order_written() {
    let whole = [Some("2024-12-31T16:00:00Z"), Some("2026-12-31T16:00:00Z"), Some("2025-01-01"), Some("2027-01-01")];
    let part = [Some("2025-06-30T16:00:00Z"), Some("2026-03-31T16:00:00Z"), Some("2025-07-01"), Some("2026-04-01")];
    let cases: [Case; 3] = [
        (&["--since", "2025-01-01", "--until", "2027-01-01"], whole, None),
        (&["--since", "2025-07-01", "--until", "2026-04-01"], part, None),
        (&["--since", "2025-01-01", "--until", "2027-01-01", "--model", "PM-9000"], whole, Some("PM-9000")),
    ];
    for seed in [1, 2, 3] {
        let svc = seeded(120, seed);
        for (args, window, model) in cases {
            let expected = by_sql(&svc, window, model);
            assert!(expected.len() > 3, "seed {seed}: the seeded data must give several causes");
            assert_eq!(by_report(&svc, args), expected, "seed {seed}, {args:?}");
        }
    }
}
