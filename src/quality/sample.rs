//! Record sampling checked by the machine (R7.2): draw N signed repairs reproducibly
//! from a seed, check each against the rules of the regulation the data can show, and
//! turn every failed check into a finding naming the record and the clause.
//!
//! The checks are plain functions over the facts of one repair (`Facts`), read by one
//! query each; the draw is a seeded partial Fisher–Yates shuffle (SplitMix64), so the
//! same seed over the same records draws the same sample on every machine.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::finding::{self, NewFinding};
use super::{msg, store};
use crate::clock::{local_date, show_local};
use crate::db::{history, Tx};
use crate::error::Result;
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

    /// The record's code and the checks it fails.
    fn check(self, conn: &Connection, id: i64, today: NaiveDate) -> Result<(String, Vec<Failure>)> {
        match self {
            Kind::Repairs => {
                let f = store::sampled_repair(conn, id)?;
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
    let (code, assigned, responded, resolution, breached) = store::sampled_ticket(conn, id)?;
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
    let (code, uncounted, unexplained, misposted) = store::sampled_count(conn, id)?;
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
    let (code, inspected, early, stocked, accepted) = store::sampled_receipt(conn, id)?;
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
    let mut ids = store::sample_candidates(tx.conn(), kind, since, until)?;
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
