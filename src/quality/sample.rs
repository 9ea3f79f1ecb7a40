//! Record sampling checked by the machine (R7.2): draw N signed repairs reproducibly
//! from a seed, check each against the rules of the regulation the data can show, and
//! turn every failed check into a finding naming the record and the clause.
//!
//! The checks are plain functions over the facts of one repair (`Facts`), read by one
//! query each; the draw is a seeded partial Fisher–Yates shuffle (SplitMix64), so the
//! same seed over the same records draws the same sample on every machine.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::json;

use super::finding::{self, NewFinding};
use super::msg;
use crate::clock::{local_date, show_local};
use crate::db::{history, Tx};
use crate::error::{Result, SqlContext};
use crate::words::Msg;

/// SplitMix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0), without modulo bias worth speaking of for n << 2^64.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}

/// `n` of `items`, drawn by `seed`, in the order drawn.
pub fn draw<T: Copy>(items: &[T], n: usize, seed: u64) -> Vec<T> {
    let mut pool = items.to_vec();
    let mut rng = Rng::new(seed);
    let n = n.min(pool.len());
    for i in 0..n {
        let j = i + rng.below(pool.len() - i);
        pool.swap(i, j);
    }
    pool.truncate(n);
    pool
}

/// What the data shows of one signed repair.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub code: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// The first consent given to any plan.
    pub first_consent: Option<String>,
    pub signed_at: Option<String>,
    pub signed_by: Option<String>,
    /// A frozen signed document whose hash is the repair's.
    pub signed_document: bool,
    /// The last report version's time.
    pub report_at: Option<String>,
    /// The report's cause and process are written.
    pub report_complete: bool,
    /// A passing inspection at or before the last report.
    pub passed_before_report: bool,
    /// A passing inspection at all (to tell "after" from "never").
    pub passed_ever: bool,
    pub diagnosed: bool,
    pub followup_due: Option<String>,
    pub followup_done: Option<String>,
    /// Parts used beyond the consented plan (part numbers).
    pub parts_beyond_plan: Vec<String>,
    pub sla_breached: bool,
}

/// One failed check.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub check: &'static str,
    pub clause: &'static str,
    pub severity: &'static str,
    pub what: Msg,
}

/// Every check a signed repair's facts fail, as of `today`.
pub fn check(f: &Facts, today: NaiveDate) -> Vec<Failure> {
    let mut out = Vec::new();
    let mut fail = |check, clause, severity, what| out.push(Failure { check, clause, severity, what });
    match (&f.first_consent, &f.started_at) {
        (None, _) => fail("consent", "R3.3.2", "major", msg::sample_no_consent()),
        (Some(c), Some(s)) if c > s => {
            fail("consent", "R3.3.2", "major", msg::sample_work_before_consent(show_local(s), show_local(c)))
        }
        _ => {}
    }
    if !f.parts_beyond_plan.is_empty() {
        fail("parts", "R3.3.2", "minor", msg::sample_parts_beyond_plan(f.parts_beyond_plan.join(", ")));
    }
    if !f.passed_before_report {
        let what = if f.passed_ever { msg::sample_passed_after_report() } else { msg::sample_never_passed() };
        fail("inspection", "R3.4.1", "major", what);
    }
    if f.signed_at.is_none() || f.signed_by.is_none() || !f.signed_document {
        fail("signature", "R3.4.2", "major", msg::sample_not_signed());
    }
    if !f.diagnosed || !f.report_complete || f.finished_at.is_none() || f.report_at.is_none() {
        let mut missing = Vec::new();
        if !f.diagnosed {
            missing.push("diagnosis");
        }
        if f.report_at.is_none() || !f.report_complete {
            missing.push("report cause/process");
        }
        if f.finished_at.is_none() {
            missing.push("finished_at");
        }
        fail("fields", "R8.2.1", "minor", msg::sample_fields_missing(missing.join(", ")));
    }
    match (&f.followup_due, &f.followup_done) {
        (None, _) => fail("followup", "R3.5.1", "minor", msg::sample_no_followup()),
        (Some(due), Some(done)) => {
            let done_day = local_date(done).map(|d| d.to_string()).unwrap_or_default();
            if done_day.as_str() > due.as_str() {
                fail("followup", "R3.5.1", "minor", msg::sample_followup_late(done_day, due))
            }
        }
        (Some(due), None) if due.as_str() < today.to_string().as_str() => {
            fail("followup", "R3.5.1", "minor", msg::sample_followup_overdue(due))
        }
        _ => {}
    }
    if f.sla_breached {
        fail("sla", "R3.2.1", "minor", msg::sample_sla_breached());
    }
    out
}

/// Reads the facts of one repair.
fn facts(conn: &Connection, id: i64) -> Result<Facts> {
    let mut f = conn
        .prepare_cached(
            "SELECT r.code, r.started_at, r.finished_at, r.signed_at, r.signed_by,
                (SELECT min(consented_at) FROM plans p WHERE p.repair_id = r.id),
                EXISTS (SELECT 1 FROM signed_reports s WHERE s.repair_id = r.id AND s.sha256 = r.report_sha256),
                (SELECT max(at) FROM reports x WHERE x.repair_id = r.id),
                coalesce((SELECT length(trim(cause)) > 0 AND length(trim(process)) > 0 FROM reports x
                           WHERE x.repair_id = r.id ORDER BY version DESC LIMIT 1), 0),
                EXISTS (SELECT 1 FROM inspections i WHERE i.repair_id = r.id AND i.passed = 1
                          AND i.at <= (SELECT max(at) FROM reports x WHERE x.repair_id = r.id)),
                EXISTS (SELECT 1 FROM inspections i WHERE i.repair_id = r.id AND i.passed = 1),
                EXISTS (SELECT 1 FROM diagnoses d WHERE d.repair_id = r.id),
                fu.due, fu.done_at,
                coalesce(t.response_breached, 0) OR coalesce(t.resolution_breached, 0)
           FROM repairs r LEFT JOIN followups fu ON fu.repair_id = r.id LEFT JOIN tickets t ON t.id = r.ticket_id
          WHERE r.id = ?1",
        )
        .and_then(|mut s| {
            s.query_row([id], |r| {
                Ok(Facts {
                    code: r.get(0)?,
                    started_at: r.get(1)?,
                    finished_at: r.get(2)?,
                    signed_at: r.get(3)?,
                    signed_by: r.get(4)?,
                    first_consent: r.get(5)?,
                    signed_document: r.get(6)?,
                    report_at: r.get(7)?,
                    report_complete: r.get(8)?,
                    passed_before_report: r.get(9)?,
                    passed_ever: r.get(10)?,
                    diagnosed: r.get(11)?,
                    followup_due: r.get(12)?,
                    followup_done: r.get(13)?,
                    parts_beyond_plan: Vec::new(),
                    sla_breached: r.get(14)?,
                })
            })
        })
        .ctx("reading a sampled repair")?;
    // Net parts used per part beyond what the last consented plan lists.
    crate::db::each_row(
        conn,
        "SELECT p.part_no FROM part_uses u JOIN parts p ON p.id = u.part_id WHERE u.repair_id = ?1
          GROUP BY u.part_id
         HAVING sum(u.qty) > coalesce((SELECT pp.qty FROM plan_parts pp WHERE pp.part_id = u.part_id AND pp.plan_id =
                  (SELECT id FROM plans WHERE repair_id = ?1 AND consented_at IS NOT NULL
                    ORDER BY version DESC LIMIT 1)), 0)
          ORDER BY p.part_no",
        params![id],
        "reading a sampled repair's parts",
        |r| r.get::<_, String>(0),
        &mut |p| {
            f.parts_beyond_plan.push(p);
            Ok(())
        },
    )?;
    Ok(f)
}

/// One sampled record and what its checks found.
#[derive(Debug, Clone, Serialize)]
pub struct Sampled {
    pub record: String,
    pub result: String,
    pub failed: String,
    pub findings: String,
}

pub const COLUMNS: &[&str] = &["record", "result", "failed", "findings"];

/// What kind of record is sampled: its candidates and its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Signed repairs (R3.2–R3.5, R8.2.1).
    Repairs,
    /// Closed tickets (R3.1, R3.2.1).
    Tickets,
    /// Posted stock counts (R4.2.2).
    Counts,
    /// Inspected receipts of purchased parts (R4.1.3).
    Receipts,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Repairs => "repairs",
            Kind::Tickets => "tickets",
            Kind::Counts => "counts",
            Kind::Receipts => "receipts",
        }
    }

    /// The candidates: ids of the records finished from `?1` on and before `?2` (UTC
    /// text, either may be NULL), in any order (they are sorted before the draw).
    fn candidates(self) -> &'static str {
        match self {
            Kind::Repairs => {
                "SELECT id FROM repairs WHERE signed_at IS NOT NULL AND signed_at >= coalesce(?1, '')
                    AND (?2 IS NULL OR signed_at < ?2)"
            }
            Kind::Tickets => {
                "SELECT id FROM tickets WHERE status = 'closed' AND closed_at >= coalesce(?1, '')
                    AND (?2 IS NULL OR closed_at < ?2)"
            }
            Kind::Counts => {
                "SELECT id FROM counts WHERE status = 'posted' AND posted_at >= coalesce(?1, '')
                    AND (?2 IS NULL OR posted_at < ?2)"
            }
            Kind::Receipts => {
                "SELECT id FROM receipts WHERE received_at >= coalesce(?1, '') AND (?2 IS NULL OR received_at < ?2)"
            }
        }
    }

    /// The record's code and the checks it fails.
    fn check(self, conn: &Connection, id: i64, today: NaiveDate) -> Result<(String, Vec<Failure>)> {
        match self {
            Kind::Repairs => {
                let f = facts(conn, id)?;
                let failures = check(&f, today);
                Ok((f.code, failures))
            }
            Kind::Tickets => ticket(conn, id),
            Kind::Counts => count(conn, id),
            Kind::Receipts => receipt(conn, id),
        }
    }
}

/// A closed ticket: assigned to someone, answered, resolution recorded, SLA met.
fn ticket(conn: &Connection, id: i64) -> Result<(String, Vec<Failure>)> {
    let (code, assigned, responded, resolution, breached): (String, bool, bool, bool, bool) = conn
        .query_row(
            "SELECT code, assigned_to IS NOT NULL, responded_at IS NOT NULL,
                    length(trim(coalesce(resolution, ''))) > 0, response_breached OR resolution_breached
               FROM tickets WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .ctx("reading a sampled ticket")?;
    let mut out = Vec::new();
    if !assigned {
        out.push(Failure { check: "assigned", clause: "R3.1.2", severity: "minor", what: msg::sample_not_assigned() });
    }
    if !responded || !resolution {
        let mut missing = Vec::new();
        if !responded {
            missing.push("responded_at");
        }
        if !resolution {
            missing.push("resolution");
        }
        let what = msg::sample_fields_missing(missing.join(", "));
        out.push(Failure { check: "fields", clause: "R3.1.2", severity: "minor", what });
    }
    if breached {
        out.push(Failure { check: "sla", clause: "R3.2.1", severity: "minor", what: msg::sample_sla_breached() });
    }
    Ok((code, out))
}

/// A posted count: every line counted, every variance explained (a note, or a recount
/// that confirmed it), and the ledger adjusted by exactly the variances.
fn count(conn: &Connection, id: i64) -> Result<(String, Vec<Failure>)> {
    let (code, uncounted, unexplained, misposted): (String, i64, i64, i64) = conn
        .query_row(
            "SELECT c.code,
                    (SELECT count(*) FROM count_lines l WHERE l.count_id = c.id AND l.counted_qty IS NULL),
                    (SELECT count(*) FROM count_lines l WHERE l.count_id = c.id AND l.counted_qty <> l.book_qty
                        AND length(trim(coalesce(l.note, ''))) = 0 AND l.first_qty IS NULL),
                    (SELECT count(*) FROM count_lines l WHERE l.count_id = c.id
                        AND coalesce(l.counted_qty, l.book_qty) - l.book_qty <>
                            coalesce((SELECT sum(m.qty) FROM movements m WHERE m.ref = c.code
                                        AND m.kind = 'adjustment' AND m.part_id = l.part_id
                                        AND m.location_id = l.location_id AND m.lot = l.lot), 0))
               FROM counts c WHERE c.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .ctx("reading a sampled count")?;
    let mut out = Vec::new();
    if uncounted > 0 {
        out.push(Failure {
            check: "counted",
            clause: "R4.2.2",
            severity: "major",
            what: msg::sample_uncounted(uncounted),
        });
    }
    if unexplained > 0 {
        let what = msg::sample_unexplained_variance(unexplained);
        out.push(Failure { check: "variance", clause: "R4.2.2", severity: "minor", what });
    }
    if misposted > 0 {
        out.push(Failure {
            check: "posted",
            clause: "R4.2.1",
            severity: "major",
            what: msg::sample_misposted(misposted),
        });
    }
    Ok((code, out))
}

/// A receipt: an inspection names who and when (one still in quarantine waits for it),
/// and nothing entered stock before the inspection or beyond what it accepted.
fn receipt(conn: &Connection, id: i64) -> Result<(String, Vec<Failure>)> {
    let (code, inspected, early, stocked, accepted): (String, bool, bool, i64, i64) = conn
        .query_row(
            "SELECT r.code, r.status = 'quarantine' OR (r.inspected_at IS NOT NULL AND r.inspected_by IS NOT NULL),
                    EXISTS (SELECT 1 FROM movements m WHERE m.ref = r.code AND m.kind = 'receipt'
                              AND (r.inspected_at IS NULL OR m.at < r.inspected_at)),
                    coalesce((SELECT sum(m.qty) FROM movements m WHERE m.ref = r.code AND m.kind = 'receipt'), 0),
                    coalesce((SELECT sum(l.accepted) FROM receipt_lines l WHERE l.receipt_id = r.id), 0)
               FROM receipts r WHERE r.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .ctx("reading a sampled receipt")?;
    let mut out = Vec::new();
    if !inspected {
        let what = msg::sample_not_inspected();
        out.push(Failure { check: "inspected", clause: "R4.1.3", severity: "major", what });
    }
    if early || stocked > accepted {
        let what = msg::sample_stock_before_inspection(stocked, accepted);
        out.push(Failure { check: "stock", clause: "R4.1.3", severity: "major", what });
    }
    Ok((code, out))
}

/// Draw `n` records of `kind` finished in the period (UTC text bounds) by `seed`, check them,
/// and record a finding in the open inspection `audit` for every failed check. Returns
/// each sampled record, in the order of its row.
pub fn records(
    tx: &Tx,
    audit: &str,
    kind: Kind,
    n: u64,
    since: Option<&str>,
    until: Option<&str>,
    seed: u64,
) -> Result<Vec<Sampled>> {
    let a = super::audit::state(tx.conn(), audit)?;
    super::audit::FLOW.step(audit, &a.status, "finding")?;
    let mut ids: Vec<i64> = Vec::new();
    let bounds = params![since, until];
    crate::db::each_row(tx.conn(), kind.candidates(), bounds, "choosing records to sample", |r| r.get(0), &mut |id| {
        ids.push(id);
        Ok(())
    })?;
    // The draw depends on the order of the candidates: the same for every plan.
    ids.sort_unstable();
    let mut chosen = draw(&ids, usize::try_from(n).unwrap_or(usize::MAX), seed);
    chosen.sort_unstable();
    let today = crate::clock::local_day(crate::clock::parse_instant(&tx.now).unwrap_or_default());
    let mut out = Vec::new();
    for id in chosen {
        let (code, failures) = kind.check(tx.conn(), id, today)?;
        let mut codes = Vec::new();
        for x in &failures {
            let nf = NewFinding {
                audit: Some(audit.to_string()),
                source: "sample",
                severity: x.severity.to_string(),
                clause: x.clause.to_string(),
                record: Some(code.clone()),
                description: format!("{}: {}", x.check, x.what),
                by: None,
                owner: None,
                deadline: None,
            };
            codes.push(finding::add(tx, &nf)?);
        }
        out.push(Sampled {
            record: code,
            result: if failures.is_empty() { "ok".into() } else { "failed".into() },
            failed: failures.iter().map(|x| x.check).collect::<Vec<_>>().join("+"),
            findings: codes.join(" "),
        });
    }
    let drawn: Vec<&str> = out.iter().map(|s| s.record.as_str()).collect();
    let after = json!({"kind": kind.name(), "n": n, "since": since, "until": until, "seed": seed, "drawn": drawn,
        "findings": out.iter().filter(|s| !s.findings.is_empty()).count()});
    history::record(tx, "audit", audit, "sample", None, Some(&after))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean() -> Facts {
        Facts {
            code: "R-1".into(),
            started_at: Some("2026-03-01T02:00:00Z".into()),
            finished_at: Some("2026-03-01T05:00:00Z".into()),
            first_consent: Some("2026-03-01T01:00:00Z".into()),
            signed_at: Some("2026-03-01T06:00:00Z".into()),
            signed_by: Some("王工".into()),
            signed_document: true,
            report_at: Some("2026-03-01T05:30:00Z".into()),
            report_complete: true,
            passed_before_report: true,
            passed_ever: true,
            diagnosed: true,
            followup_due: Some("2026-03-08".into()),
            followup_done: Some("2026-03-07T02:00:00Z".into()),
            parts_beyond_plan: vec![],
            sla_breached: false,
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn r7_2_a_clean_repair_passes_every_check() {
        assert_eq!(check(&clean(), day("2026-03-20")), vec![]);
    }

    #[test]
    fn r7_2_each_defect_fails_its_own_check() {
        let checks = |f: Facts| check(&f, day("2026-03-20")).iter().map(|x| x.check).collect::<Vec<_>>();
        assert_eq!(checks(Facts { first_consent: Some("2026-03-01T03:00:00Z".into()), ..clean() }), ["consent"]);
        assert_eq!(checks(Facts { passed_before_report: false, ..clean() }), ["inspection"]);
        assert_eq!(checks(Facts { signed_document: false, ..clean() }), ["signature"]);
        assert_eq!(checks(Facts { followup_done: Some("2026-03-09T02:00:00Z".into()), ..clean() }), ["followup"]);
        assert_eq!(checks(Facts { followup_done: None, ..clean() }), ["followup"]);
        assert!(check(&Facts { followup_done: None, ..clean() }, day("2026-03-08")).is_empty(), "not due yet");
        assert_eq!(checks(Facts { parts_beyond_plan: vec!["0100".into()], ..clean() }), ["parts"]);
        assert_eq!(checks(Facts { sla_breached: true, ..clean() }), ["sla"]);
        assert_eq!(checks(Facts { diagnosed: false, ..clean() }), ["fields"]);
    }

    #[test]
    fn the_draw_is_reproducible_and_without_repeats() {
        let items: Vec<i64> = (1..=100).collect();
        let a = draw(&items, 10, 42);
        assert_eq!(a, draw(&items, 10, 42));
        assert_ne!(a, draw(&items, 10, 43));
        let mut u = a.clone();
        u.sort();
        u.dedup();
        assert_eq!(u.len(), 10);
        assert_eq!(draw(&items, 500, 1).len(), 100);
    }
}
