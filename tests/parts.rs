//! R4: spare parts. Catalogue and suppliers, purchasing with incoming inspection, the
//! stock ledger, monthly stock counts, requisitions, issue and traceability.

mod common;
use common::*;

/// On hand of a part at one location and lot, from `svc parts stock`.
fn on_hand(svc: &Svc, part: &str, location: &str, lot: &str) -> i64 {
    csv_rows(&svc.stdout(&["parts", "stock", "--part", part, "--zero"]))
        .into_iter()
        .skip(1)
        .find(|r| r[3] == location && r[4] == lot)
        .map(|r| r[6].parse().unwrap())
        .unwrap_or(0)
}

fn total(svc: &Svc, part: &str) -> i64 {
    csv_rows(&svc.stdout(&["parts", "stock", "--by-part", "--part", part]))[1][3].parse().unwrap()
}

fn check_ok(svc: &Svc) {
    svc.run(&["db", "check"]).ok();
}

/// Run `sql` straight on the database file, as any other program could, and expect the
/// database itself to refuse it with a message holding `needle`.
#[track_caller]
fn db_refuses(svc: &Svc, sql: &str, needle: &str) {
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let e = conn.execute(sql, []).unwrap_err();
    assert!(e.to_string().contains(needle), "{sql}: {e}");
}

#[test]
fn r4_1_2_the_catalogue_keeps_part_numbers_as_text_and_round_trips() {
    let svc = Svc::new();
    svc.run(&["parts", "import", example("parts.csv").to_str().unwrap()]).ok().stderr_has("inserted 6");
    let exported = svc.stdout(&["parts", "export"]);
    assert_eq!(exported, std::fs::read_to_string(example("parts.csv")).unwrap(), "export equals the example");
    assert!(exported.contains("\n0012-A,") && exported.contains("\n0100,"), "leading zeros survive");
    let other = Svc::new();
    let file = other.write("parts.csv", &exported);
    other.run(&["parts", "import", file.to_str().unwrap()]).ok();
    assert_eq!(other.stdout(&["parts", "export"]), exported);
    svc.run(&["parts", "add", "--part-no", "0007", "--name", "x", "--unit-cost", "1.234"])
        .code(5)
        .stderr_has("more than two decimals");
    svc.run(&["parts", "edit", "0100", "--min-qty", "30"]).ok();
    svc.run(&["parts", "show", "0100"]).ok().stdout_has("min_qty,30");
    assert_eq!(csv_rows(&svc.stdout(&["parts", "list", "--inactive"]))[1][0], "9001");
}

#[test]
fn r4_1_2_suppliers_carry_their_qualification_and_an_expired_one_gets_no_order() {
    let svc = stocked();
    let rows = csv_rows(&svc.stdout(&["parts", "supplier", "list"]));
    assert_eq!(
        rows[0],
        ["code", "name", "contact", "phone", "email", "licence_no", "licence_expires", "rating", "notes"]
    );
    assert_eq!(rows.len(), 4);
    svc.run(&["parts", "supplier", "export", "--redact"]).ok().stdout_has("周*");
    svc.run(&["parts", "po", "create", "--supplier", "SUP03", "--line", "0100:10:1.50"])
        .code(4)
        .stderr_has("licence expired on 2025-12-31");
    svc.run(&["parts", "supplier", "add", "--name", "x", "--rating", "9"]).code(5).stderr_has("1 to 5");
    // The contract's terms are on the order: spec and model from the catalogue,
    // quality standard, price and delivery date.
    let po = svc.stdout(&[
        "parts",
        "po",
        "create",
        "--supplier",
        "SUP01",
        "--line",
        "0012-A:10:360.00:2026-03-20",
        "--standard",
        "YY 0784-2010",
    ]);
    let shown = svc.stdout(&["--format", "json", "parts", "po", "show", po.trim()]);
    for needle in ["YY 0784-2010", "成人指夹式 2.5m", "PM-9000", "360.00", "2026-03-20"] {
        assert!(shown.contains(needle), "{needle} missing from {shown}");
    }
    svc.run(&["parts", "po", "create", "--supplier", "SUP01", "--line", "0012-A:1:2", "--line", "0012-A:2:2"])
        .code(5)
        .stderr_has("on two lines");
    svc.run(&["parts", "po", "create", "--supplier", "SUP01", "--line", "9001:1:2"]).code(4).stderr_has("inactive");
}

#[test]
fn r4_1_3_incoming_inspection_lets_only_accepted_parts_into_stock() {
    let svc = stocked();
    let po = svc.stdout(&["parts", "po", "create", "--supplier", "SUP01", "--line", "0013:10:250.00:2026-03-10"]);
    let po = po.trim();
    svc.run(&["parts", "po", "receive", po, "--location", "WH1/A-02", "--line", "0013:11:L1"])
        .code(4)
        .stderr_has("beyond the order");
    let rc = svc.stdout(&["parts", "po", "receive", po, "--location", "WH1/A-02", "--line", "0013:10:L1"]);
    let rc = rc.trim();
    assert_eq!(total(&svc, "0013"), 6, "quarantined goods are not stock");
    assert_eq!(csv_rows(&svc.stdout(&["parts", "receipts", "--quarantine"])).len(), 2);
    svc.run(&["parts", "inspect", rc, "--reject", "0013:3", "--by", "E004"])
        .code(5)
        .stderr_has("undecided: 0013 lot L1 (7 of 10)");
    svc.run(&["parts", "inspect", rc, "--accept", "0013:8", "--reject", "0013:3", "--by", "E004"])
        .code(5)
        .stderr_has("only 10 arrived");
    svc.run(&["parts", "inspect", rc, "--reject", "0013:3", "--accept-rest", "--by", "E004", "--note", "插头损坏"])
        .ok();
    assert_eq!(on_hand(&svc, "0013", "WH1/A-02", "L1"), 7);
    svc.run(&["parts", "receipts", "--quarantine"]).ok().stdout_is("");
    let lines = csv_rows(&svc.stdout(&["parts", "receipts", "--po", po]));
    assert_eq!(&lines[1][9..], ["10", "7", "3", "E004"]);
    // The rejected three are owed again: the order stays open with 7 received.
    let orders = csv_rows(&svc.stdout(&["parts", "po", "list"]));
    assert_eq!(&orders[1][2..3], ["open"]);
    assert_eq!(orders[1][6], "7");
    svc.run(&["parts", "inspect", rc, "--accept-rest", "--by", "E004"])
        .code(4)
        .stderr_has(&format!("receipt {rc} is inspected already: 'inspect' is done; its decision is final"));
    // Goods arrive at the order's price: the moving average blends 6 at 255.00 with 7 at 250.00.
    svc.run(&["parts", "show", "0013"]).ok().stdout_has("avg_cost,252.31");
    let rc2 = svc.stdout(&["parts", "po", "receive", po, "--location", "WH1/A-02", "--line", "0013:3:L2"]);
    svc.run(&["parts", "inspect", rc2.trim(), "--accept-rest", "--by", "E004"]).ok();
    assert_eq!(csv_rows(&svc.stdout(&["parts", "po", "list"]))[1][2], "received");
    // A received order is done: nothing more arrives on it, and there is nothing to cancel.
    svc.run(&["parts", "po", "cancel", po, "--reason", "late"]).code(4).stderr_has(&format!(
        "purchase order {po} is received: 'cancel' needs it open; only an open order can be cancelled"
    ));
    svc.run(&["parts", "po", "receive", po, "--location", "WH1/A-02", "--line", "0013:1:L3"])
        .code(4)
        .stderr_has(&format!("purchase order {po} is received: 'receive' needs it open; nothing more is received"));
    svc.run(&["history", rc]).ok().stdout_has("inspect");
    check_ok(&svc);
}

#[test]
fn r4_1_2_a_cancelled_order_takes_no_delivery_and_is_cancelled_once() {
    let svc = stocked();
    let po = svc.stdout(&["parts", "po", "create", "--supplier", "SUP01", "--line", "0013:10:250.00"]);
    let po = po.trim();
    let rc = svc.stdout(&["parts", "po", "receive", po, "--location", "WH1/A-02", "--line", "0013:4:L1"]);
    svc.run(&["parts", "po", "cancel", po, "--reason", "supplier cannot deliver"]).ok();
    assert_eq!(csv_rows(&svc.stdout(&["parts", "po", "list", "--status", "cancelled"]))[1][0], po);
    svc.run(&["parts", "po", "receive", po, "--location", "WH1/A-02", "--line", "0013:6:L2"]).code(4).stderr_has(
        &format!("purchase order {po} is cancelled: 'receive' needs it open; nothing more is received on an order"),
    );
    svc.run(&["parts", "po", "cancel", po, "--reason", "again"])
        .code(4)
        .stderr_has(&format!("purchase order {po} is cancelled already: 'cancel' is done"));
    // What arrived before the cancellation is still inspected; the order stays cancelled.
    svc.run(&["parts", "inspect", rc.trim(), "--accept-rest", "--by", "E004"]).ok();
    assert_eq!(on_hand(&svc, "0013", "WH1/A-02", "L1"), 4);
    assert_eq!(csv_rows(&svc.stdout(&["parts", "po", "list"]))[1][2], "cancelled");
    check_ok(&svc);
}

#[test]
fn r4_1_2_overdue_deliveries_are_listable_for_cron() {
    let svc = stocked();
    svc.run(&["parts", "po", "create", "--supplier", "SUP02", "--line", "0100:50:1.45:2026-03-10"]).ok();
    svc.run(&["parts", "po", "list", "--overdue", "--exit-code"]).ok().stdout_is("");
    let late = svc.run_env(&["parts", "po", "list", "--overdue", "--exit-code"], &[("SVC_NOW", "2026-03-12")]);
    let late = late.code(1);
    assert!(late.stdout.contains("PO-000001") && late.stdout.contains("2026-03-10"));
}

#[test]
fn r4_1_1_the_purchase_plan_weighs_stock_orders_and_requisitions_per_supplier() {
    let svc = stocked();
    // 0012-A: 8 on hand, min 5. A requisition for 6 leaves 2: order 10 (reorder multiple).
    let r = repair_for(&svc, "00012345", &["0012-A:6"]);
    svc.run(&["parts", "req", "create", "--repair", &r, "--line", "0012-A:6", "--by", "E002"]).ok();
    // 0100: 40 on hand, min 20: nothing. 0013: 6 on hand, min 4: nothing.
    // 0310: 27 on hand, but lot F2502 (15) expired on 2026-02-20: 12 usable, min 10: nothing.
    svc.run(&["parts", "po", "create", "--supplier", "SUP02", "--line", "0205:1:940.00"]).ok();
    let plan = csv_rows(&svc.stdout(&["parts", "plan"]));
    assert_eq!(
        plan[0],
        [
            "supplier",
            "part_no",
            "name",
            "spec",
            "model",
            "usable",
            "on_order",
            "demand",
            "min_qty",
            "reorder_qty",
            "suggest",
            "price",
            "value"
        ]
    );
    let row = plan.iter().find(|r| r[1] == "0012-A").expect("0012-A is planned");
    assert_eq!(&row[5..], ["8", "0", "6", "5", "10", "10", "380.00", "3800.00"]);
    // Planned parts of an open repair are demand too, before anyone requisitions them.
    repair_for(&svc, "00012346", &["0013:5"]);
    let plan = csv_rows(&svc.stdout(&["parts", "plan"]));
    let row = plan.iter().find(|r| r[1] == "0013").expect("0013 is planned for the repair");
    assert_eq!(&row[5..11], ["6", "0", "5", "4", "10", "10"]);
    assert!(plan.iter().all(|r| r[1] != "0100" && r[1] != "9001" && r[1] != "0310"));
    // In November lot F2511 has expired too: nothing usable is left, so 0310 is planned.
    let later = csv_rows(&svc.run_env(&["parts", "plan"], &[("SVC_NOW", "2026-11-10")]).ok().stdout);
    let row = later.iter().find(|r| r[1] == "0310").expect("expired stock is no stock");
    assert_eq!(&row[5..11], ["0", "0", "0", "10", "20", "20"]);
    // 0205: 3 on hand + 1 on order, min 2: nothing; once the order is cancelled, still nothing.
    assert!(plan.iter().all(|r| r[1] != "0205"));
    svc.run(&["parts", "edit", "0205", "--min-qty", "5"]).ok();
    let plan = csv_rows(&svc.stdout(&["parts", "plan"]));
    let row = plan.iter().find(|r| r[1] == "0205").expect("0205 is planned");
    assert_eq!(row[0], "SUP02", "bought from the last supplier");
    assert_eq!(&row[5..12], ["3", "1", "0", "5", "4", "4", "940.00"]);
}

#[test]
fn r4_2_1_every_movement_is_a_ledger_row_the_database_will_not_change() {
    let svc = stocked();
    svc.run(&["parts", "transfer", "0100", "--from", "WH1/B-01", "--to", "WH2", "--qty", "15", "--reason", "分库"])
        .ok();
    svc.run(&["parts", "adjust", "0100", "--location", "WH2", "--qty", "-2", "--reason", "受潮"]).ok();
    svc.run(&["parts", "scrap", "0100", "--location", "WH2", "--qty", "1", "--reason", "破损"]).ok();
    let ledger = csv_rows(&svc.stdout(&["parts", "ledger", "0100"]));
    assert_eq!(
        ledger[0],
        ["id", "at", "kind", "location", "lot", "qty", "unit_cost", "balance", "reference", "actor", "note"]
    );
    let kinds: Vec<(&str, &str, &str, &str)> =
        ledger[1..].iter().map(|r| (r[2].as_str(), r[3].as_str(), r[5].as_str(), r[7].as_str())).collect();
    assert_eq!(
        kinds,
        [
            ("opening", "WH1/B-01", "40", "40"),
            ("transfer", "WH1/B-01", "-15", "25"),
            ("transfer", "WH2", "15", "40"),
            ("adjustment", "WH2", "-2", "38"),
            ("scrap", "WH2", "-1", "37")
        ]
    );
    assert!(ledger[1..].iter().all(|r| r[9] == "test" && r[6] == "1.40"), "who and at what cost");
    // A correction is a reversing row, never an edit.
    let scrap_id = ledger[5][0].clone();
    // Halves of a transfer, issues and receipts belong to their documents: not reversed alone.
    svc.run(&["parts", "reverse", &ledger[2][0], "--reason", "x"]).code(4).stderr_has("one half of a transfer");
    svc.run(&["parts", "reverse", &scrap_id, "--reason", "scrapped by mistake"]).ok();
    svc.run(&["parts", "reverse", &scrap_id, "--reason", "again"]).code(4).stderr_has("already been reversed");
    assert_eq!(on_hand(&svc, "0100", "WH2", ""), 13);
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let e = conn.execute("UPDATE movements SET qty = 100 WHERE id = 1", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = conn.execute("DELETE FROM movements", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    drop(conn);
    check_ok(&svc);
}

#[test]
fn r4_2_1_on_hand_never_goes_negative() {
    let svc = stocked();
    svc.run(&["parts", "adjust", "0013", "--location", "WH1/A-02", "--qty", "-7", "--reason", "x"])
        .code(4)
        .stderr_has("only 6 on hand, cannot take 7");
    svc.run(&["parts", "scrap", "0013", "--location", "WH2", "--qty", "1", "--reason", "x"]).code(4);
    svc.run(&["parts", "transfer", "0013", "--from", "WH1/A-02", "--to", "WH2", "--qty", "9", "--reason", "x"]).code(4);
    assert_eq!(total(&svc, "0013"), 6, "nothing half-done");
    // The database's own guard, for a writer that goes around svc.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let e = conn
        .execute(
            "INSERT INTO movements(at, actor, kind, part_id, location_id, lot, qty, unit_cost)
             SELECT '2026-03-05T00:00:00Z', 'x', 'issue', part_id, location_id, lot, -1000, 0 FROM stock LIMIT 1",
            [],
        )
        .unwrap_err();
    assert!(e.to_string().contains("CHECK"), "{e}");
}

#[test]
fn r4_2_1_opening_stock_is_loaded_once_valued_and_checked_against_the_ledger() {
    let svc = stocked();
    let stock = csv_rows(&svc.stdout(&["parts", "stock"]));
    assert_eq!(
        stock[0],
        ["part_no", "name", "category", "location", "lot", "expiry", "qty", "unit", "avg_cost", "value"]
    );
    assert_eq!(stock.len(), 8);
    // Moving average over the lots: (2 × 930 + 1 × 950) / 3 = 936.67.
    let b = stock.iter().find(|r| r[4] == "B2507").unwrap();
    assert_eq!(&b[6..], ["1", "pcs", "936.67", "936.67"]);
    svc.run(&["parts", "stock", "import", example("opening-stock.csv").to_str().unwrap()])
        .code(5)
        .stderr_has("already in the database");
    let bad = svc.write("bad.csv", "part_no,location,lot,qty,unit_cost\n0100,WH9,,3,1\nZZ,WH1,,3,1\n0100,WH1,,0,1\n");
    svc.run(&["parts", "stock", "import", bad.to_str().unwrap()])
        .code(5)
        .stderr_has("no location WH9")
        .stderr_has("no part ZZ")
        .stderr_has("below 1");
    assert_eq!(csv_rows(&svc.stdout(&["parts", "stock", "--location", "WH1"])).len(), 8);
    assert_eq!(csv_rows(&svc.stdout(&["parts", "stock", "--location", "WH1/C-01"])).len(), 3);
    svc.run(&["parts", "stock", "--below-min"]).ok().stdout_is("");
    // In November every lot of 0310 has expired: on hand, but not usable, so below its minimum.
    let later = svc.run_env(&["parts", "stock", "--below-min"], &[("SVC_NOW", "2026-11-10")]).ok().stdout;
    let row = csv_rows(&later).into_iter().find(|r| r[0] == "0310").expect("0310 is below its minimum");
    assert_eq!(&row[3..6], ["27", "0", "10"]);
    svc.run(&["parts", "edit", "0205", "--min-qty", "4"]).ok();
    svc.run(&["parts", "stock", "--below-min", "--exit-code"]).code(1).stdout_has("0205");
    // Tampering with the kept balance is found by db check.
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute("UPDATE stock SET qty = qty + 1 WHERE lot = 'B2501'", []).unwrap();
    drop(conn);
    svc.run(&["db", "check"]).code(1).stdout_has("stock balance");
    svc.run(&["db", "check", "--quick"]).code(1).stdout_has("stock balance,FAILED");
}

/// Start a count over WH1 and return its code.
fn start_count(svc: &Svc, args: &[&str]) -> String {
    let mut all = vec!["parts", "count", "start"];
    all.extend_from_slice(args);
    svc.stdout(&all).trim().to_string()
}

/// A count sheet with counted_qty filled in by `fill(part_no, lot, book) -> counted`.
fn filled(svc: &Svc, code: &str, fill: impl Fn(&str, &str, i64) -> Option<i64>) -> String {
    let sheet = svc.stdout(&["parts", "count", "sheet", code]);
    let mut out = String::new();
    for (i, r) in csv_rows(&sheet).into_iter().enumerate() {
        let mut r = r;
        if i > 0 {
            if let Some(c) = fill(&r[2], &r[6], r[7].parse().unwrap()) {
                r[8] = c.to_string();
            }
        }
        out.push_str(&r.join(","));
        out.push('\n');
    }
    out
}

#[test]
fn r4_2_2_a_count_sets_lines_and_posts_one_adjustment_per_difference() {
    let svc = stocked();
    let cnt = start_count(&svc, &["--location", "WH1"]);
    assert_eq!(cnt, "CNT-000001");
    let sheet = csv_rows(&svc.stdout(&["parts", "count", "sheet", &cnt]));
    assert_eq!(
        sheet[0],
        ["count", "location", "part_no", "name", "spec", "unit", "lot", "book_qty", "counted_qty", "note"]
    );
    assert_eq!(sheet.len(), 8, "one line per part, location and lot in scope");
    let blind = csv_rows(&svc.stdout(&["parts", "count", "sheet", &cnt, "--blind"]));
    assert!(!blind[0].contains(&"book_qty".to_string()));
    // Posting waits until every line is counted.
    svc.run(&["parts", "count", "post", &cnt, "--reason", "monthly"]).code(4).stderr_has("still wait for a count");
    let text = filled(&svc, &cnt, |part, _, book| Some(if part == "0100" { book - 3 } else { book }));
    let f = svc.write("filled.csv", &text);
    svc.run(&["parts", "count", "submit", &cnt, f.to_str().unwrap()]).ok().stderr_has("7 line(s) set");
    // Submitting again replaces; a corrected sheet SETS 0100 to 38, never adds.
    let text = filled(&svc, &cnt, |part, _, book| Some(if part == "0100" { book - 2 } else { book }));
    let f = svc.write("filled2.csv", &text);
    svc.run(&["parts", "count", "submit", &cnt, f.to_str().unwrap()]).ok().stderr_has("1 changed");
    let variance = csv_rows(&svc.stdout(&["parts", "count", "variance", &cnt]));
    assert_eq!(variance.len(), 2, "{variance:?}");
    assert_eq!(&variance[1][..], ["WH1/B-01", "0100", "保险丝", "", "40", "38", "", "-2", "1.40", "-2.80", "differs"]);
    svc.run(&["parts", "count", "post", &cnt, "--reason", "monthly"]).ok().stderr_has("1 adjustment(s), value -2.80");
    assert_eq!(total(&svc, "0100"), 38);
    let adjustment = csv_rows(&svc.stdout(&["parts", "ledger", "0100"])).last().unwrap()[0].clone();
    svc.run(&["parts", "reverse", &adjustment, "--reason", "x"]).code(4).stderr_has("adjustment of stock count");
    // Lines with no difference stay recorded as counted.
    let shown = svc.stdout(&["--format", "json", "parts", "count", "show", &cnt]);
    assert_eq!(shown.matches("\"state\": \"match\"").count(), 6, "{shown}");
    let ledger = csv_rows(&svc.stdout(&["parts", "ledger", "0100"]));
    assert_eq!(
        &ledger.last().unwrap()[2..],
        ["adjustment", "WH1/B-01", "", "-2", "1.40", "38", "CNT-000001", "test", "monthly"]
    );
    svc.run(&["parts", "count", "submit", &cnt, f.to_str().unwrap()]).code(4).stderr_has("is posted");
    db_refuses(&svc, "UPDATE count_lines SET counted_qty = 1", "closed");
    check_ok(&svc);
}

#[test]
fn r4_2_2_movements_during_a_count_are_neither_lost_nor_counted_twice() {
    let svc = stocked();
    let cnt = start_count(&svc, &["--category", "sensors"]);
    // While people count, a technician takes 3 probes; the counters saw 7 on the shelf
    // (they counted before the issue, and one probe is missing).
    let r = repair_for(&svc, "00012345", &["0012-A:3"]);
    let rq = svc.stdout(&["parts", "req", "create", "--repair", &r, "--line", "0012-A:3", "--by", "E002"]);
    svc.run(&["parts", "req", "approve", rq.trim(), "--by", "E005"]).ok();
    svc.run(&["parts", "req", "issue", rq.trim()]).ok();
    assert_eq!(total(&svc, "0012-A"), 5);
    let f = svc.write("s.csv", filled(&svc, &cnt, |_, _, _| Some(7)));
    svc.run(&["parts", "count", "submit", &cnt, f.to_str().unwrap()]).ok();
    svc.run(&["parts", "count", "post", &cnt, "--reason", "monthly"]).ok();
    // Adjustment = counted 7 - frozen book 8 = -1, applied to the live 5.
    assert_eq!(total(&svc, "0012-A"), 4);
    check_ok(&svc);
}

#[test]
fn r4_2_2_two_open_counts_over_the_same_part_are_refused() {
    let svc = stocked();
    let cnt = start_count(&svc, &["--location", "WH1/C-01"]);
    svc.run(&["parts", "count", "start", "--location", "WH1"]).code(4).stderr_has(&format!("{cnt} is still open"));
    svc.run(&["parts", "count", "start", "--category", "batteries"]).code(4);
    // Other parts can be counted at the same time.
    svc.run(&["parts", "count", "start", "--location", "WH1/B-01"]).ok().stdout_is("CNT-000002\n");
    svc.run(&["parts", "count", "cancel", &cnt, "--reason", "restart"]).ok();
    // A cancelled count is closed: it is neither posted nor counted again.
    svc.run(&["parts", "count", "post", &cnt, "--reason", "monthly"]).code(4).stderr_has(&format!(
        "stock count {cnt} is cancelled: 'post' needs it open; start a new count to count again ('svc parts count start')"
    ));
    svc.run(&["parts", "count", "recount", &cnt, "--part", "0205"]).code(4).stderr_has("'recount' needs it open");
    svc.run(&["parts", "count", "cancel", &cnt, "--reason", "again"])
        .code(4)
        .stderr_has(&format!("stock count {cnt} is cancelled already: 'cancel' is done"));
    svc.run(&["parts", "count", "start", "--category", "batteries"]).ok().stdout_is("CNT-000003\n");
    let list = csv_rows(&svc.stdout(&["parts", "count", "list", "--status", "open"]));
    assert_eq!(list.len(), 3);
    svc.run(&["parts", "count", "start", "--location", "WH7"]).code(3).stderr_has("no location WH7");
    svc.run(&["parts", "count", "start", "--category", "sensor"]).code(3).stderr_has("no part has category");
}

#[test]
fn r4_2_2_count_sheets_round_trip_through_excel_bom_and_gbk() {
    let svc = stocked();
    let cnt = start_count(&svc, &["--location", "WH1"]);
    for (file, extra) in [("bom.csv", vec!["--bom"]), ("gbk.csv", vec!["--encoding", "gbk"])] {
        let path = svc.path(file);
        let mut args = vec!["parts", "count", "sheet", cnt.as_str(), "-o", path.to_str().unwrap()];
        args.extend(extra.iter().copied());
        svc.run(&args).ok();
        let bytes = std::fs::read(&path).unwrap();
        if file == "bom.csv" {
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
            let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
            assert!(text.contains("血氧探头"));
            // Counted as the spreadsheet writes it back: CRLF, 12.0 style numbers.
            let filled: String = csv_rows(&text)
                .into_iter()
                .enumerate()
                .map(|(i, mut r)| {
                    if i > 0 {
                        r[8] = format!("{}.0", r[7]);
                    }
                    r.join(",") + "\r\n"
                })
                .collect();
            let mut out = b"\xEF\xBB\xBF".to_vec();
            out.extend_from_slice(filled.as_bytes());
            std::fs::write(&path, out).unwrap();
        } else {
            let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
            assert!(!bad && text.contains("血氧探头"), "GBK sheet");
            let filled: String = csv_rows(&text)
                .into_iter()
                .enumerate()
                .map(|(i, mut r)| {
                    if i > 0 {
                        r[8] = r[7].clone();
                    }
                    r.join(",") + "\n"
                })
                .collect();
            std::fs::write(&path, encoding_rs::GBK.encode(&filled).0).unwrap();
        }
        svc.run(&["parts", "count", "submit", &cnt, path.to_str().unwrap()]).ok().stderr_has("7 line(s) set");
        svc.run(&["parts", "count", "variance", &cnt, "--exit-code"]).ok().stdout_is("");
    }
}

#[test]
fn r4_2_2_bad_sheets_write_nothing_and_recounts_come_before_posting() {
    let svc = stocked();
    let cnt = start_count(&svc, &["--location", "WH1/C-01"]);
    let bad = svc.write(
        "bad.csv",
        format!(
            "count,location,part_no,lot,counted_qty\n{cnt},WH1/C-01,0205,B2501,x\n{cnt},WH1/C-01,0205,B2507,-1\n\
             {cnt},WH1/C-01,0205,B2501,2\n{cnt},WH1/C-01,0205,B2501,2\n{cnt},WH2,0100,,1\nCNT-000009,WH1/C-01,0205,B2501,2\n"
        ),
    );
    svc.run(&["parts", "count", "submit", &cnt, bad.to_str().unwrap()])
        .code(5)
        .stderr_has("line 2: counted_qty")
        .stderr_has("line 3: counted_qty -1 is negative")
        .stderr_has("line 5: 0205 at WH1/C-01 lot \"B2501\" is also on line 4")
        .stderr_has("line 6: 0100 at WH2 is outside the scope")
        .stderr_has("line 7: this row belongs to count CNT-000009")
        .stderr_has("nothing was written");
    svc.run(&["parts", "count", "variance", &cnt]).ok().stdout_has("uncounted");
    // A lot found on the shelf but not on the books joins the count with a book of 0.
    let sheet = svc.write(
        "s.csv",
        "location,part_no,lot,counted_qty\nWH1/C-01,0205,B2501,2\nWH1/C-01,0205,B2507,0\nWH1/C-01,0205,B2601,1\n",
    );
    // B2601 is one character from B2501, a lot of the count: a copying slip is asked about
    // (issue 17), and --new-lot says it is truly new.
    svc.run(&["parts", "count", "submit", &cnt, sheet.to_str().unwrap()])
        .code(5)
        .stderr_has("line 4: 0205 at WH1/C-01 lot \"B2601\" is on no line of this count, but lot \"B2501\" is: did you mean B2501? (a lot truly new to the shelf: --new-lot B2601)")
        .stderr_has("nothing was written");
    let typo = svc.write("typo.csv", "location,part_no,lot,counted_qty\nWH1/C-01,0205,B25O7,1\n");
    svc.run(&["parts", "count", "submit", &cnt, typo.to_str().unwrap()]).code(5).stderr_has("did you mean B2507?");
    svc.run(&["parts", "count", "submit", &cnt, sheet.to_str().unwrap(), "--new-lot", "B2601"])
        .ok()
        .stderr_has("1 found on the shelf");
    svc.run(&["parts", "count", "recount", &cnt, "--part", "0205"]).ok();
    let again = svc.stdout(&["parts", "count", "sheet", &cnt, "--recount-only"]);
    assert_eq!(csv_rows(&again).len(), 4);
    svc.run(&["parts", "count", "post", &cnt, "--reason", "monthly"]).code(4).stderr_has("0205 at WH1/C-01 (recount)");
    svc.run(&["parts", "count", "submit", &cnt, sheet.to_str().unwrap()]).ok();
    let v = csv_rows(&svc.stdout(&["parts", "count", "variance", &cnt]));
    let states: Vec<(&str, &str, &str)> =
        v[1..].iter().map(|r| (r[3].as_str(), r[5].as_str(), r[10].as_str())).collect();
    assert_eq!(states, [("B2507", "0", "differs"), ("B2601", "1", "found")]);
    svc.run(&["parts", "count", "post", &cnt, "--reason", "monthly"]).ok();
    assert_eq!(on_hand(&svc, "0205", "WH1/C-01", "B2507"), 0);
    assert_eq!(on_hand(&svc, "0205", "WH1/C-01", "B2601"), 1);
    check_ok(&svc);
}

#[test]
fn r4_2_2_slow_moving_stock_is_listed_with_value_and_last_movement() {
    let svc = stocked();
    let later = [("SVC_NOW", "2026-10-01T10:00:00+08:00")];
    svc.run_env(&["parts", "scrap", "0100", "--location", "WH1/B-01", "--qty", "1", "--reason", "x"], &later).ok();
    let slow = csv_rows(&svc.run_env(&["parts", "slow", "--days", "180d"], &later).ok().stdout);
    assert_eq!(slow[0], ["part_no", "name", "category", "on_hand", "value", "last_movement", "idle_days"]);
    let parts: Vec<&str> = slow[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(parts, ["0012-A", "0013", "0205", "0310"], "0100 moved recently");
    assert_eq!(&slow[1][3..], ["8", "2960.00", "2026-03-05", "210"]);
    svc.run(&["parts", "slow", "--days", "180d", "--exit-code"]).ok().stdout_is("");
}

#[test]
fn r4_3_1_a_requisition_is_approved_by_someone_else_before_anything_is_issued() {
    let svc = stocked();
    let r = repair_for(&svc, "00012345", &["0012-A:2", "0100:1"]);
    let rq = svc.stdout(&["parts", "req", "create", "--repair", &r, "--line", "0012-A:2", "--by", "E002"]);
    let rq = rq.trim();
    svc.run(&["parts", "req", "issue", rq]).code(4).stderr_has("only against an approved requisition");
    svc.run(&["parts", "req", "approve", rq, "--by", "E002"]).code(4).stderr_has("cannot decide it too");
    svc.run(&["parts", "req", "approve", rq, "--by", "E006"]).code(4).stderr_has("inactive");
    svc.run(&["parts", "req", "approve", rq, "--by", "E005"]).ok();
    svc.run(&["parts", "req", "reject", rq, "--by", "E005"])
        .code(4)
        .stderr_has("is approved: 'reject' needs it pending; a requisition is decided once");
    let list = csv_rows(&svc.stdout(&["parts", "req", "list", "--outstanding"]));
    assert_eq!(
        &list[1][..],
        [
            "RQ-000001",
            "R-000001",
            "00012345",
            "E002",
            "2026-03-05 10:00:00",
            "approved",
            "E005",
            "2",
            "0",
            "0",
            "none",
            "in_repair"
        ]
    );
    // The actor is the requester by default, when they are on the staff list.
    svc.run_env(&["parts", "req", "create", "--repair", &r, "--line", "0100:1"], &[("SVC_ACTOR", "E001")])
        .ok()
        .stdout_is("RQ-000002\n");
    svc.run(&["parts", "req", "create", "--repair", &r, "--line", "0100:1"]).code(2).stderr_has("pass --by STAFF");
    svc.run(&["parts", "req", "create", "--repair", "R-999999", "--line", "0100:1", "--by", "E002"]).code(3);
    svc.run(&["history", rq]).ok().stdout_has("approve");
    // A requisition closed early stops counting as demand; a cancelled one issues nothing.
    svc.run(&["parts", "req", "cancel", rq, "--reason", "维修取消"]).ok();
    svc.run(&["parts", "req", "issue", rq]).code(4).stderr_has("raise a new requisition");
    svc.run(&["parts", "req", "cancel", rq, "--reason", "again"])
        .code(4)
        .stderr_has(&format!("requisition {rq} is cancelled already: 'cancel' is done"));
    // A rejected requisition issues nothing, is not approved later, and is closed already.
    let rq2 = svc.stdout(&["parts", "req", "create", "--repair", &r, "--line", "0012-A:1", "--by", "E002"]);
    let rq2 = rq2.trim();
    svc.run(&["parts", "req", "reject", rq2, "--by", "E005"]).ok();
    svc.run(&["parts", "req", "issue", rq2]).code(4).stderr_has(&format!(
        "requisition {rq2} is rejected: 'issue' needs it approved; parts are issued only against an approved requisition"
    ));
    svc.run(&["parts", "req", "approve", rq2, "--by", "E005"])
        .code(4)
        .stderr_has(&format!("requisition {rq2} is rejected: 'approve' needs it pending"));
    svc.run(&["parts", "req", "return", rq2, "--line", "0012-A:1"])
        .code(4)
        .stderr_has("'return' needs it approved or cancelled; nothing was issued on it");
    svc.run(&["parts", "req", "cancel", rq2, "--reason", "x"])
        .code(4)
        .stderr_has("'cancel' needs it pending or approved; a rejected requisition is closed already");
}

#[test]
fn r4_3_2_issues_go_first_expiry_first_out_never_beyond_stock_and_come_back() {
    let svc = stocked();
    let r = repair_for(&svc, "00012345", &["0310:20", "0205:2"]);
    let rq = svc
        .stdout(&["parts", "req", "create", "--repair", &r, "--line", "0310:20", "--line", "0205:2", "--by", "E002"]);
    let rq = rq.trim();
    svc.run(&["parts", "req", "approve", rq, "--by", "E005"]).ok();
    // Lot F2502 expired on 2026-02-20: only F2511's 12 are usable.
    svc.run(&["parts", "req", "issue", rq, "--line", "0310:13"])
        .code(4)
        .stderr_has("12 usable on hand (15 more are expired and are not issued), cannot issue 13");
    svc.run(&["parts", "req", "issue", rq, "--line", "0310:21"]).code(4).stderr_has("beyond the requisition");
    // A partial issue, then the rest of 0205: the earliest expiry goes first.
    svc.run(&["parts", "req", "issue", rq, "--line", "0310:5"]).ok().stderr_has("issued 5 × 0310 lot F2511");
    svc.run(&["parts", "req", "issue", rq, "--line", "0205:2"])
        .ok()
        .stderr_has("issued 2 × 0205 lot B2501 from WH1/C-01");
    assert_eq!(csv_rows(&svc.stdout(&["parts", "req", "list"]))[1][10], "partial");
    svc.run(&["parts", "req", "return", rq, "--line", "0205:3"]).code(4).stderr_has("cannot come back");
    svc.run(&["parts", "req", "return", rq, "--line", "0205:1"]).ok();
    assert_eq!(on_hand(&svc, "0205", "WH1/C-01", "B2501"), 1);
    assert_eq!(on_hand(&svc, "0310", "WH1/B-02", "F2511"), 7);
    let shown: serde_json::Value =
        serde_json::from_str(&svc.stdout(&["--format", "json", "parts", "req", "show", rq])).unwrap();
    assert_eq!(shown["lines"][1], serde_json::json!({"part_no": "0205", "qty": 2, "issued": 2, "returned": 1}));
    check_ok(&svc);
}

#[test]
fn r3_3_2_an_issue_beyond_the_consented_plan_is_refused_and_nothing_leaves_stock() {
    let svc = stocked();
    let r = repair_for(&svc, "00012345", &["0012-A:1"]);
    let rq = svc
        .stdout(&["parts", "req", "create", "--repair", &r, "--line", "0012-A:2", "--line", "0013:1", "--by", "E002"]);
    svc.run(&["parts", "req", "approve", rq.trim(), "--by", "E005"]).ok();
    svc.run(&["parts", "req", "issue", rq.trim()]).code(4).stderr_has("allows 1 of part 0012-A").stderr_has("R3.3.2");
    assert_eq!(total(&svc, "0012-A"), 8, "nothing issued");
    svc.run(&["parts", "req", "issue", rq.trim(), "--line", "0013:1"]).code(4).stderr_has("not in the consented plan");
    svc.run(&["parts", "req", "issue", rq.trim(), "--line", "0012-A:1"]).ok();
    // A revised plan, consented, lets the rest go.
    svc.run(&["repair", "plan", &r, "--step", "更换", "--part", "0012-A:2", "--part", "0013:1", "--labour-hours", "1"])
        .ok();
    svc.run(&["parts", "req", "issue", rq.trim()]).code(4).stderr_has("awaiting_consent");
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "wechat"]).ok();
    svc.run(&["parts", "req", "issue", rq.trim()]).ok();
    assert_eq!(total(&svc, "0012-A"), 6);
    assert_eq!(total(&svc, "0013"), 5);
    check_ok(&svc);
}

#[test]
fn r4_3_2_trace_goes_from_a_lot_to_the_repairs_and_devices_it_went_into() {
    let svc = stocked();
    for serial in ["00012345", "00012346"] {
        let repair = repair_for(&svc, serial, &["0205:1"]);
        let rq = svc.stdout(&["parts", "req", "create", "--repair", &repair, "--line", "0205:1", "--by", "E002"]);
        svc.run(&["parts", "req", "approve", rq.trim(), "--by", "E005"]).ok();
        svc.run(&["parts", "req", "issue", rq.trim()]).ok();
    }
    let trace = csv_rows(&svc.stdout(&["parts", "trace", "0205", "--lot", "B2501"]));
    assert_eq!(
        trace[0],
        ["at", "kind", "part_no", "lot", "qty", "location", "requisition", "repair", "equipment", "model", "customer"]
    );
    let got: Vec<(&str, &str, &str, &str)> =
        trace[1..].iter().map(|r| (r[6].as_str(), r[7].as_str(), r[8].as_str(), r[10].as_str())).collect();
    assert_eq!(got, [("RQ-000001", "R-000001", "00012345", "C0001"), ("RQ-000002", "R-000002", "00012346", "C0001")]);
    // The repairs record the parts, lot included, as used (R8.2.1).
    svc.run(&["equipment", "history", "00012346"]).ok().stdout_has("0205 x1");
    assert_eq!(trace[1][9], "PM-9000");
    svc.run(&["parts", "trace", "0205", "--lot", "B2507"]).ok().stdout_is("");
    svc.run(&["parts", "trace", "NOPE"]).code(3);
}

#[test]
fn r4_2_3_warehouse_safety_checks_are_recorded_and_due_ones_listed() {
    let svc = stocked();
    // Never checked: both warehouses are due.
    let due = csv_rows(&svc.run(&["parts", "safety", "due", "--every", "30d", "--exit-code"]).code(1).stdout);
    assert_eq!(due.iter().skip(1).map(|r| r[0].as_str()).collect::<Vec<_>>(), ["WH1", "WH2"]);
    svc.run(&[
        "parts",
        "safety",
        "check",
        "WH1",
        "--fire",
        "ok",
        "--damp",
        "issue",
        "--security",
        "ok",
        "--by",
        "E004",
    ])
    .code(5)
    .stderr_has("needs --note");
    svc.run(&["parts", "safety", "check", "WH9", "--fire", "ok", "--damp", "ok", "--security", "ok", "--by", "E004"])
        .code(3);
    svc.run(&[
        "parts",
        "safety",
        "check",
        "WH1",
        "--fire",
        "ok",
        "--damp",
        "issue",
        "--security",
        "ok",
        "--humidity",
        "78",
        "--note",
        "东墙渗水，已开除湿机",
        "--by",
        "E004",
    ])
    .ok();
    svc.run(&["parts", "safety", "check", "WH2", "--fire", "ok", "--damp", "ok", "--security", "ok", "--by", "E004"])
        .ok();
    svc.run(&["parts", "safety", "due", "--every", "30d", "--exit-code"]).ok().stdout_is("");
    let later = svc.run_env(&["parts", "safety", "due", "--every", "30d"], &[("SVC_NOW", "2026-04-10")]).ok().stdout;
    assert_eq!(csv_rows(&later).len(), 3, "a month later both are due again");
    let issues = csv_rows(&svc.stdout(&["parts", "safety", "list", "--issues"]));
    assert_eq!(issues.len(), 2);
    assert_eq!(&issues[1][..6], ["WH1", "2026-03-05 10:00:00", "E004", "ok", "issue", "ok"]);
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    assert!(conn.execute("UPDATE safety_checks SET damp = 'ok'", []).is_err(), "a check is never changed");
}

#[test]
fn r4_2_1_locations_and_stock_move_to_another_database_with_export_dir() {
    let svc = stocked();
    svc.run(&["parts", "scrap", "0100", "--location", "WH1/B-01", "--qty", "4", "--reason", "破损"]).ok();
    svc.run(&["export", "moved"]).ok();
    let stock = svc.stdout(&["parts", "stock", "export"]);
    assert!(
        stock.starts_with("part_no,location,lot,qty,unit_cost,expiry\n") && stock.contains("0100,WH1/B-01,,36,1.40,")
    );
    let locations = svc.stdout(&["parts", "location", "export"]);
    let other = Svc::bare();
    other.run(&["init"]).ok();
    let dir = svc.path("moved");
    other.run(&["import", dir.to_str().unwrap()]).ok();
    assert_eq!(other.stdout(&["parts", "stock", "export"]), stock);
    assert_eq!(other.stdout(&["parts", "location", "export"]), locations);
    other.run(&["db", "check"]).ok();
}

// ---- Issue 8 (seams): parts integrity. Each test below failed before its fix.

/// Inspect `repair` against the shipped electrical-safety protocol (passing), write the
/// report and have the customer sign it.
fn sign(svc: &Svc, repair: &str) {
    let protocol = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/protocols/electrical-safety.yaml");
    svc.run(&["repair", "protocol", "import", protocol.to_str().unwrap()]).ok();
    let mut inspect = vec!["repair", "inspect", repair, "--protocol", "ES-62353", "--instrument", "Fluke ESA615"];
    for v in ["visual=pass", "pe_resistance=0.12", "insulation=50", "leakage_equipment=180", "leakage_applied=12"] {
        inspect.extend(["--value", v]);
    }
    inspect.extend(["--value", "functional=pass"]);
    svc.run(&inspect).ok();
    svc.run(&["repair", "report", repair, "--cause", "保险丝熔断", "--process", "更换保险丝", "--labour-hours", "1"])
        .ok();
    svc.run(&["repair", "sign", repair, "--by", "王主任"]).ok();
}

/// A requisition for `lines` on `repair`, approved by someone else; its code.
fn approved_req(svc: &Svc, repair: &str, lines: &[&str]) -> String {
    let mut args = vec!["parts", "req", "create", "--repair", repair, "--by", "E002"];
    for l in lines {
        args.extend(["--line", l]);
    }
    let rq = svc.stdout(&args).trim().to_string();
    svc.run(&["parts", "req", "approve", &rq, "--by", "E005"]).ok();
    rq
}

#[test]
fn r4_1_1_a_declined_repairs_requisition_is_history_not_demand_nor_outstanding() {
    let svc = stocked();
    // 0012-A: 8 on hand, min 5; the requisition's 6 make it short.
    let r = repair_for(&svc, "00012345", &["0012-A:6"]);
    let rq = approved_req(&svc, &r, &["0012-A:6"]);
    assert!(csv_rows(&svc.stdout(&["parts", "plan"])).iter().any(|row| row[1] == "0012-A"));
    svc.run(&["parts", "req", "list", "--outstanding"]).ok().stdout_has(&rq);
    // The customer declines a revised plan: the repair ends, its parts are no demand.
    svc.run(&["repair", "plan", &r, "--step", "更换", "--part", "0012-A:6", "--labour-hours", "2"]).ok();
    svc.run(&["repair", "decline", &r, "--reason", "太贵"]).ok();
    let plan = csv_rows(&svc.stdout(&["parts", "plan"]));
    assert!(plan.iter().all(|row| row[1] != "0012-A"), "{plan:?}");
    svc.run(&["parts", "req", "list", "--outstanding"]).ok().stdout_is("");
    // Still listed, as history, with its repair's status.
    let all = csv_rows(&svc.stdout(&["parts", "req", "list"]));
    assert_eq!((all[1][0].as_str(), all[1][5].as_str(), all[1][11].as_str()), (rq.as_str(), "approved", "declined"));
    svc.run(&["parts", "req", "issue", &rq])
        .code(4)
        .stderr_has("which is declined")
        .stderr_has(&format!("svc parts req cancel {rq}"));
    assert_eq!(total(&svc, "0012-A"), 8);
    svc.run(&["parts", "req", "cancel", &rq, "--reason", "repair declined"]).ok();
    check_ok(&svc);
}

#[test]
fn r4_3_2_unused_parts_come_back_after_signing_without_touching_the_signed_record() {
    let svc = stocked();
    let r = repair_for(&svc, "00012345", &["0100:3"]);
    // Four asked for, three issued: after signing, the fourth is no longer outstanding.
    let rq = approved_req(&svc, &r, &["0100:4"]);
    svc.run(&["parts", "req", "issue", &rq, "--line", "0100:3"]).ok();
    assert_eq!(total(&svc, "0100"), 37);
    sign(&svc, &r);
    svc.run(&["repair", "verify", &r]).ok().stdout_has("unchanged since signing");
    let shown_before = svc.stdout(&["--format", "json", "repair", "show", &r]);
    // One spare fuse comes back: a stock movement on the requisition, naming the repair.
    svc.run(&["parts", "req", "return", &rq, "--line", "0100:1"]).ok();
    assert_eq!(total(&svc, "0100"), 38);
    let ledger = csv_rows(&svc.stdout(&["parts", "ledger", "0100"]));
    let last = ledger.last().unwrap();
    assert_eq!((last[2].as_str(), last[5].as_str(), last[8].as_str()), ("return", "1", rq.as_str()));
    assert!(last[10].contains(&r), "the movement names the repair: {last:?}");
    // The signed record is as it was signed.
    svc.run(&["repair", "verify", &r]).ok().stdout_has("unchanged since signing");
    assert_eq!(svc.stdout(&["--format", "json", "repair", "show", &r]), shown_before);
    let trace = csv_rows(&svc.stdout(&["parts", "trace", "0100"]));
    assert_eq!(trace.last().unwrap()[1], "return");
    svc.run(&["history", &rq]).ok().stdout_has("after_signing");
    svc.run(&["parts", "req", "return", &rq, "--line", "0100:3"]).code(4).stderr_has("cannot come back");
    svc.run(&["parts", "req", "list", "--outstanding"]).ok().stdout_is("");
    // The database's own refusals say what to do.
    db_refuses(
        &svc,
        "INSERT INTO part_uses(repair_id, part_id, qty, at) SELECT 1, id, -1, 'x' FROM parts WHERE part_no = '0100'",
        "svc parts req return",
    );
    db_refuses(
        &svc,
        "INSERT INTO movements(at, actor, kind, part_id, location_id, qty, unit_cost, ref)
         SELECT 'x', 'x', 'return', part_id, location_id, 1, 0, 'no requisition' FROM stock LIMIT 1",
        "names the requisition",
    );
    check_ok(&svc);
}

#[test]
fn r4_2_2_the_database_refuses_to_change_a_counts_frozen_book_quantity() {
    let svc = stocked();
    let cnt = start_count(&svc, &["--location", "WH1/B-01"]);
    db_refuses(&svc, "UPDATE count_lines SET book_qty = book_qty + 1", "frozen when the count starts");
    // The counted quantity of an open count is still written, and a found lot still
    // comes in with a book quantity of 0.
    rusqlite::Connection::open(&svc.db).unwrap().execute("UPDATE count_lines SET counted_qty = 40", []).unwrap();
    let sheet = format!("count,location,part_no,lot,counted_qty\n{cnt},WH1/B-01,0100,,40\n{cnt},WH1/B-01,0100,X1,5\n");
    let f = svc.write("found.csv", sheet);
    svc.run(&["parts", "count", "submit", &cnt, f.to_str().unwrap()]).ok();
    let found = csv_rows(&svc.stdout(&["parts", "count", "variance", &cnt]));
    assert_eq!((found[1][3].as_str(), found[1][4].as_str(), found[1][10].as_str()), ("X1", "0", "found"));
}

#[test]
fn r4_2_1_a_found_lot_gets_an_expiry_and_first_expiry_first_out_takes_it_in_turn() {
    let svc = stocked();
    // 0310 (shelf life 365 days) at WH1/B-02: F2502 (expired 2026-02-20) and F2511
    // (2026-11-05). Two lots nobody booked are on the shelf: F2604, whose package says
    // 2026-06-30, and F2605 with no date on the sheet.
    let cnt = start_count(&svc, &["--location", "WH1/B-02"]);
    let sheet = format!(
        "count,location,part_no,lot,counted_qty,expiry\n{cnt},WH1/B-02,0310,F2502,15,\n{cnt},WH1/B-02,0310,F2511,12,\n\
         {cnt},WH1/B-02,0310,F2604,5,2026/6/30\n{cnt},WH1/B-02,0310,F2605,4,\n"
    );
    let f = svc.write("found.csv", sheet);
    svc.run(&["parts", "count", "submit", &cnt, f.to_str().unwrap()]).ok();
    svc.run(&["parts", "count", "post", &cnt, "--reason", "monthly"]).ok();
    let expiry = |lot: &str| {
        csv_rows(&svc.stdout(&["parts", "stock", "--part", "0310"])).into_iter().find(|r| r[4] == lot).unwrap()[5]
            .clone()
    };
    assert_eq!(expiry("F2604"), "2026-06-30", "from the sheet");
    assert_eq!(expiry("F2605"), "2027-03-05", "the count day plus the shelf life");
    // First expiry first out: F2604, then F2511, then F2605; the expired F2502 never.
    let r = repair_for(&svc, "00012345", &["0310:18"]);
    let rq = approved_req(&svc, &r, &["0310:18"]);
    svc.run(&["parts", "req", "issue", &rq]).ok();
    let lots: Vec<(String, String)> = csv_rows(&svc.stdout(&["parts", "trace", "0310"]))[1..]
        .iter()
        .map(|row| (row[3].clone(), row[4].clone()))
        .collect();
    let want = [("F2604", "5"), ("F2511", "12"), ("F2605", "1")].map(|(l, q)| (l.to_string(), q.to_string()));
    assert_eq!(lots, want);
    check_ok(&svc);
}

#[test]
fn r4_2_2_a_posted_counts_value_stays_at_the_cost_it_was_posted_at() {
    let svc = stocked();
    let cnt = start_count(&svc, &["--location", "WH1/B-01"]);
    let f = svc.write("s.csv", filled(&svc, &cnt, |_, _, book| Some(book - 2)));
    svc.run(&["parts", "count", "submit", &cnt, f.to_str().unwrap()]).ok();
    svc.run(&["parts", "count", "post", &cnt, "--reason", "monthly"]).ok().stderr_has("value -2.80");
    // Fuses arrive at 2.00: the moving average leaves 1.40.
    let po = svc.stdout(&["parts", "po", "create", "--supplier", "SUP01", "--line", "0100:100:2.00"]);
    let rc = svc.stdout(&["parts", "po", "receive", po.trim(), "--location", "WH1/B-01", "--line", "0100:100"]);
    svc.run(&["parts", "inspect", rc.trim(), "--accept-rest", "--by", "E004"]).ok();
    svc.run(&["parts", "show", "0100"]).ok().stdout_has("avg_cost,1.83");
    let variance = csv_rows(&svc.stdout(&["parts", "count", "variance", &cnt]));
    assert_eq!(&variance[1][7..10], ["-2", "1.40", "-2.80"]);
    let shown: serde_json::Value =
        serde_json::from_str(&svc.stdout(&["--format", "json", "parts", "count", "show", &cnt])).unwrap();
    let line = &shown["count_lines"][0];
    assert_eq!((line["unit_cost"].as_str(), line["value"].as_str()), (Some("1.40"), Some("-2.80")), "{shown}");
}

#[test]
fn r4_2_1_opening_stock_without_an_expiry_expires_by_shelf_life_as_a_receipt_does() {
    let svc = stocked();
    // 0310 has a shelf life of 365 days; a lot loaded today without a date of its own.
    let f = svc.write("more.csv", "part_no,location,lot,qty,unit_cost,expiry\n0310,WH1/B-02,F2603,5,45.00,\n");
    svc.run(&["parts", "stock", "import", f.to_str().unwrap()]).ok();
    let po = svc.stdout(&["parts", "po", "create", "--supplier", "SUP01", "--line", "0310:5:45.00"]);
    let rc = svc.stdout(&["parts", "po", "receive", po.trim(), "--location", "WH1/B-02", "--line", "0310:5:F2604"]);
    svc.run(&["parts", "inspect", rc.trim(), "--accept-rest", "--by", "E004"]).ok();
    let stock = csv_rows(&svc.stdout(&["parts", "stock", "--part", "0310"]));
    let expiry = |lot: &str| stock.iter().find(|r| r[4] == lot).unwrap()[5].clone();
    assert_eq!(expiry("F2604"), "2027-03-05", "a receipt");
    assert_eq!(expiry("F2603"), "2027-03-05", "opening stock, by the same rule");
}
