//! `svc db check`: SQLite's own integrity and foreign-key checks, plus the project's
//! invariants that the schema alone cannot state.

use rusqlite::Connection;

use crate::error::{Result, SqlContext};

pub struct Finding {
    pub check: &'static str,
    pub ok: bool,
    pub detail: String,
}

/// Triggers that make protected records append-only. Dropping one is tampering.
const REQUIRED_TRIGGERS: &[&str] = &[
    "history_no_update",
    "history_no_delete",
    "movements_no_update",
    "movements_no_delete",
    "movements_balance",
    "receipt_lines_decided",
    "receipt_lines_no_delete",
    "count_lines_closed",
    "count_lines_no_delete",
    "count_lines_book_frozen",
    "movements_return_ref",
    "repairs_signed_frozen",
    "repairs_no_delete",
    "reports_no_update",
    "reports_no_delete",
    "signed_reports_no_update",
    "signed_reports_no_delete",
    "amendments_no_update",
    "amendments_no_delete",
    "diagnoses_after_sign",
    "visits_after_sign",
    "plans_after_sign",
    "part_uses_after_sign",
    "inspections_after_sign",
    "reports_after_sign",
    "plans_frozen",
    "followups_done",
    "repair_archive_no_update",
    "repair_archive_no_delete",
    "safety_checks_no_update",
    "safety_checks_no_delete",
];

/// Every check. `quick` runs SQLite's `quick_check` instead of the full
/// `integrity_check` (it skips verifying that indexes match their tables: about a
/// quarter of the time on a large file); svc's own invariants are checked either way.
pub fn run(conn: &Connection, quick: bool) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    // The checks read the whole file, the ledger's balance check groups every
    // movement: a larger page cache (128 MB at most) saves a third of the time.
    conn.pragma_update(None, "cache_size", -131_072).ctx("sizing the page cache for the check")?;

    let pragma = if quick { "PRAGMA quick_check" } else { "PRAGMA integrity_check" };
    let integrity: Vec<String> = conn
        .prepare(pragma)
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .ctx("running integrity_check")?;
    let ok = integrity.len() == 1 && integrity[0] == "ok";
    out.push(Finding { check: "integrity", ok, detail: integrity.join("; ") });

    let fk: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(format!("{} row {} -> {}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?))
            })?
            .collect()
        })
        .ctx("running foreign_key_check")?;
    out.push(Finding {
        check: "foreign keys",
        ok: fk.is_empty(),
        detail: if fk.is_empty() { "ok".into() } else { fk.join("; ") },
    });

    let mut missing = Vec::new();
    for t in REQUIRED_TRIGGERS {
        let n: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1", [t], |r| r.get(0))
            .ctx("looking for the append-only triggers")?;
        if n == 0 {
            missing.push(*t);
        }
    }
    out.push(Finding {
        check: "append-only triggers",
        ok: missing.is_empty(),
        detail: if missing.is_empty() { "ok".into() } else { format!("missing: {}", missing.join(", ")) },
    });

    out.push(count_check(
        conn,
        "history entries",
        "SELECT count(*) FROM history WHERE (before IS NOT NULL AND NOT json_valid(before))
            OR (after IS NOT NULL AND NOT json_valid(after))
            OR strftime('%Y-%m-%dT%H:%M:%SZ', julianday(at)) IS NOT at",
        "malformed history entries (JSON or time)",
    )?);

    // Dates are stored as YYYY-MM-DD; anything else was written around svc.
    const DATE_COLUMNS: &[(&str, &str)] = &[
        ("customers", "created_on"),
        ("equipment", "installed_on"),
        ("equipment", "warranty_until"),
        ("certificates", "issued"),
        ("certificates", "expires"),
        ("suppliers", "licence_expires"),
        ("po_lines", "delivery"),
        ("receipt_lines", "expiry"),
        ("movements", "expiry"),
        ("followups", "due"),
        ("surveys", "date"),
        ("repair_archive", "reported_on"),
        ("repair_archive", "finished_on"),
        ("tickets", "warranty_until"),
    ];
    let counts: Vec<String> = DATE_COLUMNS
        .iter()
        .map(|(t, c)| format!("(SELECT count(*) FROM {t} WHERE {c} IS NOT NULL AND date(julianday({c})) IS NOT {c})"))
        .collect();
    out.push(count_check(
        conn,
        "stored dates",
        &format!("SELECT {}", counts.join(" + ")),
        "dates not in YYYY-MM-DD form or not real dates",
    )?);

    // The balance is kept by a trigger; this recomputes it from the ledger (R4.2.1).
    out.push(count_check(
        conn,
        "stock balance",
        "WITH ledger AS (SELECT part_id, location_id, lot, sum(qty) AS qty FROM movements
                          GROUP BY part_id, location_id, lot)
         SELECT (SELECT count(*) FROM ledger l LEFT JOIN stock s USING (part_id, location_id, lot)
                  WHERE s.qty IS NOT l.qty)
              + (SELECT count(*) FROM stock s LEFT JOIN ledger l USING (part_id, location_id, lot)
                  WHERE l.qty IS NULL AND s.qty <> 0)
              + (SELECT count(*) FROM stock WHERE qty < 0)",
        "stock balances that differ from the sum of the ledger (or are negative)",
    )?);

    let version = super::migrate::version(conn)?;
    out.push(Finding {
        check: "schema version",
        ok: version == super::migrate::latest(),
        detail: format!("{version} (this svc: {})", super::migrate::latest()),
    });

    out.push(count_check(
        conn,
        "dates in order",
        "SELECT (SELECT count(*) FROM equipment WHERE warranty_until < installed_on)
              + (SELECT count(*) FROM certificates WHERE expires < issued)",
        "records that end before they start (warranty before installation, certificate expiry before issue)",
    )?);
    Ok(out)
}

/// A check that counts offending rows: it holds when there are none.
fn count_check(conn: &Connection, check: &'static str, sql: &str, what: &str) -> Result<Finding> {
    let n: i64 = conn.query_row(sql, [], |r| r.get(0)).ctx(&format!("checking {check}"))?;
    Ok(Finding { check, ok: n == 0, detail: if n == 0 { "ok".into() } else { format!("{n} {what}") } })
}
