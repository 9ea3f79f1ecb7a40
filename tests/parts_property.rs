//! R4.2.1 property: random sequences of receipts, issues, returns, transfers,
//! adjustments and stock counts (with movements while the count is open) never make
//! on-hand negative, on-hand always equals the ledger's sum, and a refused operation
//! changes nothing. Runs in-process on the library, the same code the commands call.

use std::path::Path;

use proptest::prelude::*;
use svc::clock::Clock;
use svc::db::{Db, Tx};
use svc::error::{Kind, Result};
use svc::exchange::{Encoding, Fields, Record};
use svc::money::Money;
use svc::parts::stock::{self, Manual, Move};
use svc::parts::{count, location, Part};

const PARTS: &[&str] = &["P1", "P2"];
const LOCATIONS: &[&str] = &["WH1/A", "WH1/B", "WH2"];
const LOTS: &[&str] = &["", "L1"];

#[derive(Debug, Clone)]
enum Op {
    Receive {
        part: usize,
        loc: usize,
        lot: usize,
        qty: i64,
        cost: i64,
    },
    Issue {
        part: usize,
        loc: usize,
        lot: usize,
        qty: i64,
    },
    Return {
        part: usize,
        loc: usize,
        lot: usize,
        qty: i64,
    },
    Transfer {
        part: usize,
        from: usize,
        to: usize,
        lot: usize,
        qty: i64,
    },
    Adjust {
        part: usize,
        loc: usize,
        lot: usize,
        qty: i64,
    },
    /// Count one location: counted quantities per line (cycled), a movement while the
    /// count is open, then post.
    Count {
        loc: usize,
        counted: Vec<i64>,
        during: Box<Op>,
    },
}

fn simple_op() -> impl Strategy<Value = Op> {
    let p = 0..PARTS.len();
    let l = 0..LOCATIONS.len();
    let t = 0..LOTS.len();
    prop_oneof![
        3 => (p.clone(), l.clone(), t.clone(), 1..20i64, 0..50_000i64)
            .prop_map(|(part, loc, lot, qty, cost)| Op::Receive { part, loc, lot, qty, cost }),
        3 => (p.clone(), l.clone(), t.clone(), 1..30i64).prop_map(|(part, loc, lot, qty)| Op::Issue { part, loc, lot, qty }),
        1 => (p.clone(), l.clone(), t.clone(), 1..5i64).prop_map(|(part, loc, lot, qty)| Op::Return { part, loc, lot, qty }),
        2 => (p.clone(), l.clone(), l.clone(), t.clone(), 1..15i64)
            .prop_map(|(part, from, to, lot, qty)| Op::Transfer { part, from, to, lot, qty }),
        2 => (p, l, t, -15..15i64).prop_map(|(part, loc, lot, qty)| Op::Adjust { part, loc, lot, qty }),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => simple_op(),
        1 => (0..LOCATIONS.len(), prop::collection::vec(0..25i64, 1..5), simple_op())
            .prop_map(|(loc, counted, during)| Op::Count { loc, counted, during: Box::new(during) }),
    ]
}

fn setup(dir: &Path) -> Db {
    let clock = Clock::fixed("2026-03-05T02:00:00Z".parse().unwrap());
    let (mut db, _) = Db::init(&dir.join("p.db"), "prop", clock).unwrap();
    db.write(|tx| {
        for p in PARTS {
            let mut f = Fields::new(Part::COLUMNS);
            f.set("part_no", p);
            f.set("name", p);
            svc::records::add::<Part>(tx, &f)?;
        }
        for l in LOCATIONS {
            let (w, b) = location::split(l);
            location::add(tx, w, b, None, None)?;
        }
        Ok(())
    })
    .unwrap();
    db
}

fn part_id(tx: &Tx, part: usize) -> Result<i64> {
    stock::part_id(tx.conn(), PARTS[part])
}

fn apply_simple(tx: &Tx, op: &Op) -> Result<()> {
    let mv = |kind, part: usize, loc: usize, lot: usize, qty: i64, cost: Option<Money>| -> Result<()> {
        let location_id = location::id(tx.conn(), LOCATIONS[loc])?;
        let m =
            Move { kind, part_id: part_id(tx, part)?, location_id, lot: LOTS[lot], qty, cost, ..Default::default() };
        stock::post(tx, &m).map(|_| ())
    };
    match *op {
        Op::Receive { part, loc, lot, qty, cost } => mv("receipt", part, loc, lot, qty, Some(Money(cost))),
        Op::Issue { part, loc, lot, qty } => mv("issue", part, loc, lot, -qty, None),
        Op::Return { part, loc, lot, qty } => mv("return", part, loc, lot, qty, None),
        Op::Transfer { part, from, to, lot, qty } => {
            stock::manual(tx, Manual::Transfer { to: LOCATIONS[to] }, PARTS[part], LOCATIONS[from], LOTS[lot], qty, "p")
                .map(|_| ())
        }
        Op::Adjust { part, loc, lot, qty } => {
            stock::manual(tx, Manual::Adjust { qty }, PARTS[part], LOCATIONS[loc], LOTS[lot], 0, "p").map(|_| ())
        }
        Op::Count { .. } => unreachable!("counts are applied in steps"),
    }
}

/// Refusals are the rules at work; anything else is a failure of the property.
fn allowed(r: Result<()>) -> std::result::Result<(), TestCaseError> {
    match r {
        Ok(()) => Ok(()),
        Err(e) if matches!(e.kind(), Kind::Refused | Kind::Invalid) => Ok(()),
        Err(e) => Err(TestCaseError::fail(format!("unexpected error: {e}"))),
    }
}

fn ledger_size(db: &Db) -> i64 {
    db.query_row("SELECT count(*) FROM movements", [], |r| r.get(0)).unwrap()
}

fn check_invariants(db: &Db) -> std::result::Result<(), TestCaseError> {
    let negative: i64 = db.query_row("SELECT count(*) FROM stock WHERE qty < 0", [], |r| r.get(0)).unwrap();
    prop_assert_eq!(negative, 0, "on-hand went negative");
    let mismatched: i64 = db
        .query_row(
            "WITH l AS (SELECT part_id, location_id, lot, sum(qty) AS q FROM movements GROUP BY 1, 2, 3)
             SELECT count(*) FROM l FULL JOIN stock s USING (part_id, location_id, lot)
              WHERE coalesce(l.q, 0) <> coalesce(s.qty, 0)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    prop_assert_eq!(mismatched, 0, "on-hand differs from the ledger's sum");
    let findings = svc::db::check::run(db.conn(), false).unwrap();
    prop_assert!(
        findings.iter().all(|f| f.ok),
        "db check: {:?}",
        findings.iter().map(|f| &f.detail).collect::<Vec<_>>()
    );
    Ok(())
}

fn run_count(
    db: &mut Db,
    dir: &Path,
    loc: usize,
    counted: &[i64],
    during: &Op,
) -> std::result::Result<(), TestCaseError> {
    let scope = count::Scope { location: Some(LOCATIONS[loc].to_string()), category: None };
    let (code, _) = db.write(|tx| count::start(tx, &scope)).unwrap();
    // A movement while people count.
    let before = ledger_size(db);
    let r = db.write(|tx| apply_simple(tx, during));
    if r.is_err() {
        prop_assert_eq!(ledger_size(db), before, "a refused movement changed the ledger");
    }
    allowed(r)?;
    let mut sheet = String::from("location,part_no,lot,counted_qty\n");
    let mut n = 0;
    count::sheet(db.conn(), &code, false, false, &mut |row| {
        sheet.push_str(&format!("{},{},{},{}\n", row.location, row.part_no, row.lot, counted[n % counted.len()]));
        n += 1;
        Ok(())
    })
    .unwrap();
    let file = dir.join("sheet.csv");
    std::fs::write(&file, sheet).unwrap();
    db.write(|tx| count::submit(tx, &code, &file, None, Encoding::Auto, &[], None).map(|_| ())).unwrap();
    let before = ledger_size(db);
    // Posting may be refused when the live balance cannot take the adjustment.
    let r = db.write(|tx| count::post(tx, &code, "prop").map(|_| ()));
    if r.is_err() {
        prop_assert_eq!(ledger_size(db), before, "a refused post changed the ledger");
        db.write(|tx| count::cancel(tx, &code, "refused")).unwrap();
    }
    allowed(r)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn r4_2_1_prop_on_hand_never_negative_and_always_the_ledger_sum(ops in prop::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let mut db = setup(dir.path());
        for op in &ops {
            match op {
                Op::Count { loc, counted, during } => run_count(&mut db, dir.path(), *loc, counted, during)?,
                other => {
                    let before = ledger_size(&db);
                    let r = db.write(|tx| apply_simple(tx, other));
                    if r.is_err() {
                        prop_assert_eq!(ledger_size(&db), before, "a refused operation changed the ledger");
                    }
                    allowed(r)?;
                }
            }
            check_invariants(&db)?;
        }
    }
}
