//! `svc db check`: SQLite's own integrity and foreign-key checks, plus the project's
//! invariants that the schema alone cannot state.

use std::path::Path;

use rusqlite::Connection;

use super::history;
use crate::admin as say;
use crate::error::{Result, SqlContext};

pub struct Finding {
    pub check: &'static str,
    pub ok: bool,
    pub detail: String,
}

/// Every trigger the migrations make, by name, with its SQL: read from a database
/// migrated afresh in memory, so the list is the migrations themselves and kept nowhere
/// by hand. A trigger dropped, re-created with other SQL (a guard given `WHEN 0`), or
/// added around svc is tampering with the records it guards.
pub fn migration_triggers() -> Result<Vec<(String, String)>> {
    let mut fresh = Connection::open_in_memory().ctx("opening an in-memory database to compare the triggers with")?;
    fresh
        .pragma_update(None, "foreign_keys", "ON")
        .ctx("opening an in-memory database to compare the triggers with")?;
    super::migrate::migrate(&mut fresh, Path::new(":memory:"), "check")?;
    triggers(&fresh)
}

/// The triggers of a database, by name, with their SQL.
fn triggers(conn: &Connection) -> Result<Vec<(String, String)>> {
    conn.prepare("SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .ctx("reading the triggers")
}

/// The triggers of `conn` against the migrations': what is missing, changed or unknown.
fn compare_triggers(conn: &Connection) -> Result<Finding> {
    let want = migration_triggers()?;
    let have = triggers(conn)?;
    let find = |list: &[(String, String)], name: &str| list.iter().find(|(n, _)| n == name).map(|(_, s)| s.clone());
    let mut missing = Vec::new();
    let mut changed = Vec::new();
    for (name, sql) in &want {
        match find(&have, name) {
            None => missing.push(name.as_str()),
            Some(s) if &s != sql => changed.push(name.as_str()),
            Some(_) => {}
        }
    }
    let unknown: Vec<&str> = have.iter().filter(|(n, _)| find(&want, n).is_none()).map(|(n, _)| n.as_str()).collect();
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(say::admin_check_triggers_missing(missing.join(", ")).to_string());
    }
    if !changed.is_empty() {
        problems.push(say::admin_check_triggers_changed(changed.join(", ")).to_string());
    }
    if !unknown.is_empty() {
        problems.push(say::admin_check_triggers_unknown(unknown.join(", ")).to_string());
    }
    Ok(Finding {
        check: "append-only triggers",
        ok: problems.is_empty(),
        detail: if problems.is_empty() { say::admin_check_ok().to_string() } else { problems.join("; ") },
    })
}

/// Every check. `quick` runs SQLite's `quick_check` instead of the full
/// `integrity_check` (it skips verifying that indexes match their tables: about a
/// quarter of the time on a large file); svc's own invariants are checked either way.
pub fn run(conn: &Connection, quick: bool) -> Result<Vec<Finding>> {
    run_with_seals(conn, quick, None)
}

/// Every check, and that the history still extends each of `seals`.
pub fn run_with_seals(conn: &Connection, quick: bool, seals: Option<&[Seal]>) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    // The checks read the whole file, the ledger's balance check groups every movement.
    super::Reads::WholeFile.prepare(conn)?;

    let pragma = if quick { "PRAGMA quick_check" } else { "PRAGMA integrity_check" };
    let integrity: Vec<String> = conn
        .prepare(pragma)
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .ctx("running integrity_check")?;
    let ok = integrity.len() == 1 && integrity[0] == "ok";
    // SQLite's own words are the evidence: kept verbatim, inside a sentence saying what
    // failed and what to do.
    let detail = if ok {
        say::admin_check_ok().to_string()
    } else {
        say::admin_check_integrity_failed(integrity.join("; ")).to_string()
    };
    out.push(Finding { check: "integrity", ok, detail });

    let fk: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .and_then(|mut s| {
            s.query_map([], |r| {
                let (table, row, parent) = (r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?);
                Ok(say::admin_check_fk_row(table, row, parent).to_string())
            })?
            .collect()
        })
        .ctx("running foreign_key_check")?;
    out.push(Finding {
        check: "foreign keys",
        ok: fk.is_empty(),
        detail: if fk.is_empty() {
            say::admin_check_ok().to_string()
        } else {
            say::admin_check_foreign_keys_failed(fk.len() as u64, fk.join("; ")).to_string()
        },
    });

    out.push(compare_triggers(conn)?);
    out.extend(chain(conn, seals)?.0);

    out.push(count_check(
        conn,
        "history entries",
        "SELECT count(*) FROM history WHERE (before IS NOT NULL AND NOT json_valid(before))
            OR (after IS NOT NULL AND NOT json_valid(after))
            OR strftime('%Y-%m-%dT%H:%M:%SZ', julianday(at)) IS NOT at",
        say::admin_check_bad_history,
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
    out.push(count_check(conn, "stored dates", &format!("SELECT {}", counts.join(" + ")), say::admin_check_bad_dates)?);

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
        say::admin_check_bad_balances,
    )?);

    let version = super::migrate::version(conn)?;
    out.push(Finding {
        check: "schema version",
        ok: version == super::migrate::latest(),
        detail: say::admin_check_schema_version(version, super::migrate::latest()).to_string(),
    });

    out.push(count_check(
        conn,
        "dates in order",
        "SELECT (SELECT count(*) FROM equipment WHERE warranty_until < installed_on)
              + (SELECT count(*) FROM certificates WHERE expires < issued)",
        say::admin_check_dates_out_of_order,
    )?);
    Ok(out)
}

/// How far an entry's recording time may go back before the previous one's: clocks are
/// adjusted by NTP and by hand; more than this is an entry written around the chain's
/// order, or a clock set back to make a back-dated entry look written at the time.
pub const CLOCK_TOLERANCE_SECONDS: i64 = 300;

/// A seal as `svc db seal` prints it: `svc-seal/1 COUNT LAST-ID HASH`.
#[derive(Debug, Clone, PartialEq)]
pub struct Seal {
    pub count: i64,
    pub id: i64,
    pub hash: String,
}

impl Seal {
    pub fn of(head: &history::Head) -> Seal {
        Seal { count: head.count, id: head.id, hash: head.hash.clone() }
    }

    pub fn line(&self) -> String {
        format!("{SEAL_FORMAT} {} {} {}", self.count, self.id, self.hash)
    }

    /// The seals of a file kept by the administrator: one a line, blank lines, `#`
    /// comments and anything around the seal on its line (a date from the cron
    /// script's mail) ignored; returns the line numbers that hold no seal.
    pub fn parse_all(text: &str) -> (Vec<Seal>, Vec<usize>) {
        let mut seals = Vec::new();
        let mut bad = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            let found = words.iter().position(|w| *w == SEAL_FORMAT).and_then(|p| {
                let count = words.get(p + 1)?.parse().ok()?;
                let id = words.get(p + 2)?.parse().ok()?;
                let hash = words.get(p + 3).filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))?;
                Some(Seal { count, id, hash: hash.to_ascii_lowercase() })
            });
            match found {
                Some(s) => seals.push(s),
                None => bad.push(i + 1),
            }
        }
        (seals, bad)
    }
}

const SEAL_FORMAT: &str = "svc-seal/1";

/// The history's hash chain recomputed from the first entry (`history::link_hash`): the
/// first entry whose stored hashes differ from the recomputed ones, or that has none
/// after the chain began, is the first broken link. Also the recording times (going
/// back by more than `CLOCK_TOLERANCE_SECONDS`), and each seal given (the chain must
/// still pass through it). Returns the findings and the recomputed head.
pub fn chain(conn: &Connection, seals: Option<&[Seal]>) -> Result<(Vec<Finding>, history::Head)> {
    let mut prev = history::GENESIS.to_string();
    let mut count = 0i64;
    let mut last_id = 0i64;
    let mut first_break: Option<i64> = None;
    let mut chained = false;
    let mut latest: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    let mut backwards = Vec::new();
    let mut at_count = std::collections::HashMap::new();
    let wanted: std::collections::HashSet<i64> = seals.unwrap_or_default().iter().map(|s| s.count).collect();
    history::each_link(conn, &mut |s| {
        let computed = history::link_hash(&prev, &s.link);
        if first_break.is_none() {
            let broken = match &s.hash {
                Some(h) => *h != computed || s.prev_hash.as_deref() != Some(prev.as_str()),
                None => chained,
            };
            if broken {
                first_break = Some(s.link.id);
            }
        }
        chained |= s.hash.is_some();
        if let Some(t) = s.link.recorded_at.as_deref().and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()) {
            match latest {
                Some(l) if (l - t).num_seconds() > CLOCK_TOLERANCE_SECONDS => backwards.push(s.link.id),
                Some(l) if l >= t => {}
                _ => latest = Some(t),
            }
        }
        count += 1;
        last_id = s.link.id;
        if wanted.contains(&count) {
            at_count.insert(count, (s.link.id, computed.clone()));
        }
        prev = computed;
        Ok(())
    })?;
    let mut out = vec![Finding {
        check: "history chain",
        ok: first_break.is_none(),
        detail: match first_break {
            None => say::admin_check_chain_ok(count).to_string(),
            Some(id) => say::admin_check_chain_broken(id).to_string(),
        },
    }];
    out.push(Finding {
        check: "history clock",
        ok: backwards.is_empty(),
        detail: if backwards.is_empty() {
            say::admin_check_ok().to_string()
        } else {
            let ids: Vec<String> = backwards.iter().take(10).map(|i| i.to_string()).collect();
            say::admin_check_clock_backwards(backwards.len() as i64, CLOCK_TOLERANCE_SECONDS, ids.join(", "))
                .to_string()
        },
    });
    if let Some(seals) = seals {
        let broken: Vec<String> = seals
            .iter()
            .filter(|s| at_count.get(&s.count) != Some(&(s.id, s.hash.clone())))
            .map(|s| say::admin_check_seal_of(s.count, s.id).to_string())
            .collect();
        out.push(Finding {
            check: "seals",
            ok: broken.is_empty(),
            detail: if broken.is_empty() {
                say::admin_check_seals_ok(seals.len() as i64).to_string()
            } else {
                say::admin_check_seals_broken(broken.join(", ")).to_string()
            },
        });
    }
    Ok((out, history::Head { count, id: last_id, hash: prev }))
}

/// A check that counts offending rows: it holds when there are none.
fn count_check(
    conn: &Connection,
    check: &'static str,
    sql: &str,
    what: fn(i64) -> crate::words::Msg,
) -> Result<Finding> {
    let n: i64 = conn.query_row(sql, [], |r| r.get(0)).ctx(&format!("checking {check}"))?;
    Ok(Finding { check, ok: n == 0, detail: if n == 0 { say::admin_check_ok() } else { what(n) }.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migrations_make_the_guards_and_a_fresh_database_passes() {
        let triggers = migration_triggers().unwrap();
        for guard in ["history_no_update", "history_no_delete", "movements_balance", "repairs_signed_frozen"] {
            assert!(triggers.iter().any(|(n, _)| n == guard), "no {guard} among {triggers:?}");
        }
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrate::migrate(&mut conn, Path::new(":memory:"), "now").unwrap();
        let found = compare_triggers(&conn).unwrap();
        assert!(found.ok, "{}", found.detail);
        conn.execute_batch("DROP TRIGGER history_no_delete").unwrap();
        assert_eq!(compare_triggers(&conn).unwrap().detail, "missing: history_no_delete");
    }
}
