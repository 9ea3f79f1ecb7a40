//! Stock counts (R4.2.2): books against the shelves. Starting a count freezes the book
//! quantity of every line in scope; people count on a sheet (often in Excel or WPS);
//! the sheet comes back and SETS each line's counted quantity; variances are reviewed,
//! doubtful lines recounted; posting writes one adjustment per differing line.
//!
//! Stock keeps moving while people count. The adjustment is therefore the counted
//! quantity minus the FROZEN book quantity, applied to the live balance: a movement
//! made during the count is neither lost nor counted twice.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::location;
use super::msg;
use super::stock::{self, Move};
use super::store::count as store;
use super::{document_code, document_id};
use crate::db::{history, Tx};
use crate::error::{Error, Result};
use crate::exchange::source::{RawRow, Source};
use crate::exchange::workbook::Choice;
use crate::exchange::{normalize, Encoding, Format};
use crate::money::{parse_qty, Money};
use crate::states::{self, Workflow};
use crate::words::m;

fn count_id(conn: &Connection, code: &str) -> Result<i64> {
    document_id(conn, "counts", "stock count", "svc parts count list", code)
}

const AGAIN: &str = "start a new count to count again ('svc parts count start')";

/// A stock count's statuses and moves: counted while open, then posted or cancelled.
pub const FLOW: Workflow = Workflow {
    name: "stock count",
    table: "counts",
    command: "parts count",
    statuses: &["open", "posted", "cancelled"],
    start: ("open", "parts count start"),
    moves: &[
        states::Move::stay("submit", &["open"], AGAIN).command("parts count submit C FILE"),
        states::Move::stay("recount", &["open"], AGAIN).command("parts count recount C PARTNO.."),
        states::Move::go("post", &["open"], "posted", AGAIN)
            .command("parts count post C --reason ..")
            .note("also refused while lines wait for a count, and when live stock cannot take an adjustment"),
        states::Move::go("cancel", &["open"], "cancelled", AGAIN).command("parts count cancel C --reason .."),
    ],
};

/// The count's id and the status `action` leads it to, or the refusal.
fn open_count(conn: &Connection, code: &str, action: &str) -> Result<(i64, &'static str)> {
    let id = count_id(conn, code)?;
    let status = store::status(conn, id)?;
    Ok((id, FLOW.step(code, &status, action)?))
}

/// What a count covers: a warehouse, or one bin of it, and/or a category.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    pub location: Option<String>,
    pub category: Option<String>,
}

/// Start a count: every stock line in scope with something on the books gets its book
/// quantity frozen. Refused when another open count covers one of the same lines.
pub fn start(tx: &Tx, scope: &Scope) -> Result<(String, i64)> {
    let (warehouse, bin) = match scope.location.as_deref() {
        Some(l) => {
            let (w, b) = location::split(l);
            if store::locations_matching(tx.conn(), w, b)? == 0 {
                location::id(tx.conn(), l)?; // the not-found error, with its hint
            }
            (Some(w.to_string()), (!b.is_empty()).then(|| b.to_string()))
        }
        None => (None, None),
    };
    if let Some(category) = &scope.category {
        if store::parts_in_category(tx.conn(), category)? == 0 {
            return Err(Error::not_found(m::parts_count_no_category(format!("{category:?}"))));
        }
    }
    let (w, b, category) = (warehouse.as_deref(), bin.as_deref(), scope.category.as_deref());
    if let Some((other, part_no, w, b)) = store::clash(tx.conn(), w, b, category)? {
        return Err(Error::refused(m::parts_count_overlap(other, part_no, location::code(&w, &b))));
    }
    let code = document_code(tx, "counts", "CNT")?;
    let location_id = match (&warehouse, &bin) {
        (Some(w), Some(b)) => Some(location::id(tx.conn(), &location::code(w, b))?),
        _ => None,
    };
    let id = store::insert(tx, &code, location_id, w, category)?;
    let lines = store::freeze_lines(tx, id, w, b, category)?;
    let after = json!({"location": scope.location, "category": scope.category, "lines": lines});
    history::record(tx, "count", &code, "start", None, Some(&after))?;
    Ok((code, lines))
}

/// One line of a count sheet.
#[derive(Debug, Clone, Serialize)]
pub struct SheetRow {
    pub count: String,
    pub location: String,
    pub part_no: String,
    pub name: String,
    pub spec: Option<String>,
    pub unit: String,
    pub lot: String,
    pub book_qty: Option<i64>,
    pub counted_qty: Option<i64>,
    pub note: Option<String>,
}

pub const SHEET_COLUMNS: &[&str] =
    &["count", "location", "part_no", "name", "spec", "unit", "lot", "book_qty", "counted_qty", "note"];
pub const BLIND_COLUMNS: &[&str] =
    &["count", "location", "part_no", "name", "spec", "unit", "lot", "counted_qty", "note"];

/// The sheet's rows in walking order (location, part, lot). `blind` leaves the book
/// quantity out, so counters are not led by it; `recount_only` lists only the lines
/// asked to be counted again. Counted quantities already in are shown (blank on a
/// blind sheet).
pub fn sheet(
    conn: &Connection,
    code: &str,
    blind: bool,
    recount_only: bool,
    each: &mut dyn FnMut(SheetRow) -> Result<()>,
) -> Result<()> {
    let id = count_id(conn, code)?;
    store::sheet(conn, id, code, blind, recount_only, each)
}

/// What a submitted sheet did.
#[derive(Debug, Default)]
pub struct Submitted {
    pub rows: u64,
    pub set: u64,
    pub changed: u64,
    pub found: u64,
    pub blank: u64,
}

/// Read a filled-in sheet back. Each counted quantity SETS its line (re-submitting
/// replaces, never adds); a blank cell leaves the line as it was. A row for stock that
/// is not on the count (found on the shelf) is added with a book quantity of 0 when
/// its part and location are in the count's scope, with an expiry (`found_expiry`: an
/// optional `expiry` column of the sheet, else the part's shelf life). A known lot's
/// expiry is the books'; the column is read for found lots only. Any bad row: nothing
/// is written.
pub fn submit(
    tx: &Tx,
    code: &str,
    path: &Path,
    format: Option<Format>,
    encoding: Encoding,
    new_lots: &[String],
    sheet: Option<&str>,
) -> Result<Submitted> {
    let (id, _) = open_count(tx.conn(), code, "submit")?;
    let (scope_wh, scope_loc, scope_cat, started) = store::scope(tx.conn(), id)?;
    let count_day = crate::clock::local_date(&started)
        .ok_or_else(|| Error::internal(m::parts_count_bad_start(code, format!("{started:?}"))))?;
    // A workbook's sheet: --sheet, else one named after the count, else the one sheet
    // whose header names the sheet's columns.
    let known = |headers: &[String]| {
        let known = |h: &String| SHEET_NAMES.iter().any(|c| is_named(c, &normalize::clean(h)));
        headers.iter().filter(|h| known(h)).count()
    };
    let choice = Choice { sheet, header_row: None, area: &[code, "count", "counts", "盘点"], score: Some(&known) };
    let mut source = Source::open_with(path, format, encoding, &choice)?;
    let name = source.name.clone();
    let columns: std::cell::RefCell<Option<HashMap<&str, usize>>> = Default::default();
    let mut done = Submitted::default();
    let mut problems = Problems::default();
    let (first_line, lines) = store::line_ids(tx.conn(), id)?;
    let mut seen = Seen::new(first_line, lines);
    let mut locations: HashMap<String, Option<i64>> = HashMap::new();
    let at = source.position_word();
    // The sheet and the count's lines are read side by side in walking order, as the
    // sheet was written: memory stays flat however long the count (a map of every line
    // took 81 MB for 150,000 lines), and a sheet in that order needs no look-up per row
    // (2.2 s against 0.6 s). A row out of that order is looked up by its part, location
    // and lot. Each counted quantity is written as its row is read: a bad row anywhere
    // fails the submit, and the transaction takes everything back.
    store::lines_in_walking_order(tx.conn(), id, |stored| {
        let mut walk = Walk::new(stored);
        let mut each = |raw: &RawRow, _: u64| -> Result<()> {
            if columns.borrow().is_none() {
                *columns.borrow_mut() = Some(sheet_columns(&raw.headers, &name, code)?);
            }
            let columns = columns.borrow();
            let columns = columns.as_ref().expect("set above");
            let cell = |c: &str| -> String {
                columns
                    .get(c)
                    .and_then(|&i| raw.values.get(i))
                    .map(|v| normalize::clean(v).into_owned())
                    .unwrap_or_default()
            };
            if raw.values.iter().all(|v| v.trim().is_empty()) {
                return Ok(());
            }
            done.rows += 1;
            let mut bad = |why: crate::words::Msg| -> Result<()> {
                problems.add(m::import_row_problem(&name, at, raw.pos as i64, why.to_string()).to_string());
                Ok(())
            };
            let Counted { part_no, location: loc, lot, qty, note, expiry: sheet_expiry } = match read_row(code, &cell) {
                Ok(Some(row)) => row,
                Ok(None) => {
                    done.blank += 1;
                    return Ok(());
                }
                Err(why) => return bad(why),
            };
            let (w, b) = location::split(&loc);
            let line = match walk.find((w, b, &part_no, &lot))? {
                Some(line) => line,
                None => {
                    let Some(part) = store::found_part(tx.conn(), &part_no)? else {
                        return bad(msg::parts_count_row_no_part(&part_no));
                    };
                    let location_id = match locations.get(&loc) {
                        Some(l) => *l,
                        None => {
                            let l = location::find_id(tx.conn(), &loc)?;
                            locations.insert(loc.clone(), l);
                            l
                        }
                    };
                    let Some(location_id) = location_id else {
                        return bad(msg::parts_count_row_no_location(&loc));
                    };
                    match store::line_at(tx.conn(), id, part.id, location_id, &lot)? {
                        Some(line) => line,
                        None => {
                            // Found on the shelf, not on the books at the start.
                            let in_scope = scope_wh.as_deref().is_none_or(|s| s == w)
                                && scope_loc.is_none_or(|s| s == location_id)
                                && scope_cat.as_deref().is_none_or(|c| part.category.as_deref() == Some(c));
                            if !in_scope {
                                return bad(msg::parts_count_row_out_of_scope(&part_no, &loc, code));
                            }
                            if let Some(other) = store::other_open_count(tx.conn(), id, part.id, location_id)? {
                                return bad(msg::parts_count_row_other_open(&part_no, &loc, other));
                            }
                            // A lot one character away from a lot of this part on the books at the
                            // start (b2507, B2O07 for B2507) is most likely a typo, not stock found:
                            // refused unless the user says it is new (`--new-lot`). Lots found on this
                            // same sheet are no reference: nothing of them was on the books.
                            let known = store::lots_on_books(tx.conn(), id, part.id)?;
                            let meant = known.iter().find(|k| lot_look_alike(&lot, k));
                            if let Some(meant) = meant.filter(|_| !new_lots.contains(&lot)) {
                                return bad(msg::parts_count_row_lot_typo(&part_no, &loc, &lot, meant));
                            }
                            if stock::on_hand(tx.conn(), part.id, location_id, &lot)? != 0 {
                                return bad(msg::parts_count_row_late_lot(&part_no, &loc, &lot));
                            }
                            let found = |why: crate::words::Msg| {
                                msg::parts_count_row_found(&part_no, &loc, &lot, why.to_string())
                            };
                            let expiry =
                                match found_expiry(sheet_expiry, count_day, part.shelf_life_days, part.dated_lots) {
                                    Ok(e) => e.map(|d| d.to_string()),
                                    Err(why) => return bad(found(why)),
                                };
                            let line = store::insert_found_line(tx, id, part.id, location_id, &lot, expiry.as_deref())?;
                            seen.insert(line, raw.pos);
                            store::set_counted(tx, line, qty, note.as_deref(), expiry.as_deref())?;
                            done.found += 1;
                            done.changed += 1;
                            done.set += 1;
                            return Ok(());
                        }
                    }
                }
            };
            if let Some(first) = seen.insert(line.id, raw.pos) {
                return bad(msg::parts_count_row_twice(&part_no, &loc, &lot, at, first as i64));
            }
            if line.counted != Some(qty) {
                done.changed += 1;
            }
            // A known lot's expiry is the books'; a found lot's may be corrected.
            let expiry = sheet_expiry.filter(|_| line.found).map(|d| d.to_string());
            store::set_counted(tx, line.id, qty, note.as_deref(), expiry.as_deref())?;
            done.set += 1;
            Ok(())
        };
        let mut header = |headers: &[String]| -> Result<()> {
            *columns.borrow_mut() = Some(sheet_columns(headers, &name, code)?);
            Ok(())
        };
        source.rows_after_header(&mut header, &mut each)
    })?;
    if problems.count > 0 {
        let more = problems.count.saturating_sub(problems.shown.len() as u64) as i64;
        let shown = problems.shown.join("\n  ");
        return Err(Error::invalid(m::parts_count_sheet_rejected(problems.count as i64, &name, shown, more)));
    }
    if columns.borrow().is_none() {
        return Err(Error::invalid(m::parts_count_sheet_empty(&name)));
    }
    let after = json!({"file": name, "sha256": source.sha256(), "rows": done.rows, "set": done.set,
                       "changed": done.changed, "found": done.found, "blank": done.blank});
    history::record(tx, "count", code, "submit", None, Some(&after))?;
    Ok(done)
}

/// The problems of a sheet: how many, and the first ones, which the refusal shows.
#[derive(Default)]
struct Problems {
    count: u64,
    shown: Vec<String>,
}

impl Problems {
    const SHOWN: usize = 20;

    fn add(&mut self, problem: String) {
        self.count += 1;
        if self.shown.len() < Self::SHOWN {
            self.shown.push(problem);
        }
    }
}

/// A count line as a submitted sheet meets it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredLine {
    pub id: i64,
    pub warehouse: String,
    pub bin: String,
    pub part_no: String,
    pub lot: String,
    pub counted: Option<i64>,
    /// Found on the shelf (book quantity 0): its expiry may be corrected from the sheet.
    pub found: bool,
}

impl StoredLine {
    fn key(&self) -> (&str, &str, &str, &str) {
        (&self.warehouse, &self.bin, &self.part_no, &self.lot)
    }
}

/// The count's lines in walking order, met by the sheet's rows: `find` moves forward
/// to a row's (warehouse, bin, part number, lot) and hands over the line there, if
/// there is one. A row behind the walk (the sheet re-sorted, a row twice) finds
/// nothing and is looked up instead. Pure: it only reads what it is given.
struct Walk<'a> {
    lines: std::iter::Peekable<&'a mut dyn Iterator<Item = Result<StoredLine>>>,
}

impl<'a> Walk<'a> {
    fn new(lines: &'a mut dyn Iterator<Item = Result<StoredLine>>) -> Self {
        Walk { lines: lines.peekable() }
    }

    fn find(&mut self, key: (&str, &str, &str, &str)) -> Result<Option<StoredLine>> {
        loop {
            let order = match self.lines.peek() {
                None => return Ok(None),
                Some(Err(_)) => return self.lines.next().transpose(),
                Some(Ok(line)) => line.key().cmp(&key),
            };
            match order {
                std::cmp::Ordering::Less => {
                    self.lines.next();
                }
                std::cmp::Ordering::Equal => return self.lines.next().transpose(),
                std::cmp::Ordering::Greater => return Ok(None),
            }
        }
    }
}

/// Which lines a sheet has set, and on which row: one slot per line frozen at the
/// start (their ids are one run), and a map for lines found on the shelf since, which
/// are few. Eight bytes a line, where a map of ids took five times that.
struct Seen {
    first: i64,
    /// The row that set line `first + i`, plus one (0: not set yet).
    rows: Vec<u64>,
    others: HashMap<i64, u64>,
}

impl Seen {
    fn new(first: i64, lines: i64) -> Seen {
        Seen { first, rows: vec![0; usize::try_from(lines).unwrap_or(0)], others: HashMap::new() }
    }

    /// Note that row `pos` sets `line`; the row that set it last before, if one did.
    fn insert(&mut self, line: i64, pos: u64) -> Option<u64> {
        let slot =
            line.checked_sub(self.first).and_then(|i| usize::try_from(i).ok()).and_then(|i| self.rows.get_mut(i));
        match slot {
            Some(row) => {
                let before = std::mem::replace(row, pos.saturating_add(1));
                before.checked_sub(1)
            }
            None => self.others.insert(line, pos),
        }
    }
}

/// One counted row of a sheet, as people wrote it.
#[derive(Debug, Clone, PartialEq)]
struct Counted {
    part_no: String,
    /// `WH1/A-01`, written the one way.
    location: String,
    lot: String,
    qty: i64,
    note: Option<String>,
    expiry: Option<NaiveDate>,
}

/// What a row of count `code`'s sheet says (`cell`: a column's cleaned text, empty when
/// the sheet lacks it): nothing counted yet (`None`), a count, or what is wrong with it.
/// Pure: the lines it names are looked up after.
fn read_row(code: &str, cell: &dyn Fn(&str) -> String) -> std::result::Result<Option<Counted>, crate::words::Msg> {
    let sheet_count = cell("count");
    if !sheet_count.is_empty() && sheet_count != code {
        return Err(msg::parts_count_row_other_count(&sheet_count, code));
    }
    let counted = cell("counted_qty");
    if counted.is_empty() {
        return Ok(None);
    }
    let qty = match parse_qty(&counted) {
        Ok(q) if q >= 0 => q,
        Ok(q) => return Err(msg::parts_count_row_negative(q)),
        Err(e) => return Err(msg::parts_count_row_bad("counted_qty", e)),
    };
    let written = cell("location");
    let location = {
        let (w, b) = location::split(&written);
        location::code(w, b)
    };
    let expiry = match Some(cell("expiry")).filter(|e| !e.is_empty()).map(|e| normalize::date(&e)) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => return Err(msg::parts_count_row_bad("expiry", e)),
    };
    let note = Some(cell("note")).filter(|n| !n.is_empty());
    Ok(Some(Counted { part_no: cell("part_no"), location, lot: cell("lot"), qty, note, expiry }))
}

/// A part as a found lot needs it: its scope, and what its expiry follows from.
#[derive(Debug, Clone)]
pub struct FoundPart {
    pub id: i64,
    pub category: Option<String>,
    pub shelf_life_days: Option<i64>,
    /// Some lot of the part on the books has an expiry: the part does expire.
    pub dated_lots: bool,
}

/// Whether a lot written on a sheet is probably a known lot copied wrong: a different
/// text that, with case and spaces set aside, is one edit (a character changed, added or
/// dropped) from it. Consecutive lots (B2508 beside B2507) are one edit apart too, which
/// is why the refusal names `--new-lot`.
pub fn lot_look_alike(written: &str, known: &str) -> bool {
    fn fold(s: &str) -> Vec<char> {
        s.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect()
    }
    let (a, b) = (fold(written), fold(known));
    written != known && !b.is_empty() && within_one_edit(&a, &b)
}

/// Whether `a` becomes `b` by at most one character changed, added or dropped.
fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    // Skip the common prefix; what is left must match after one change or one skip.
    let i = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[i.min(short.len())..].iter().skip(1).eq(long[i.min(long.len())..].iter().skip(1))
    } else {
        short[i..] == long[i + 1..]
    }
}

/// The expiry of a lot found on the shelf (R4.2.1, first-expiry-first-out): the date
/// the sheet gives (read off the package); else the count day plus the part's shelf
/// life (the latest it can be: the lot came in before the count); else none, when the
/// part never carries an expiry. A part whose other lots are dated, with no shelf life
/// to go by, is refused: a found lot of it must not pass for one that never expires.
pub fn found_expiry(
    sheet: Option<NaiveDate>,
    count_day: NaiveDate,
    shelf_life_days: Option<i64>,
    dated_lots: bool,
) -> std::result::Result<Option<NaiveDate>, crate::words::Msg> {
    if sheet.is_some() {
        return Ok(sheet);
    }
    if let Some(d) = stock::by_shelf_life(count_day, shelf_life_days) {
        return Ok(Some(d));
    }
    if dated_lots {
        return Err(super::msg::parts_count_found_no_expiry());
    }
    Ok(None)
}

/// Which column of a sheet holds what; the sheet's own headers, in any order.
use crate::exchange::columns::is_named;

/// The columns a submitted sheet is read by.
const SHEET_NAMES: [&str; 7] = ["count", "location", "part_no", "lot", "counted_qty", "note", "expiry"];

fn sheet_columns(headers: &[String], name: &str, code: &str) -> Result<HashMap<&'static str, usize>> {
    let mut columns = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = normalize::clean(h);
        if let Some(c) = SHEET_NAMES.iter().copied().find(|c| is_named(c, &h)) {
            columns.insert(c, i);
        }
    }
    let missing: Vec<&str> =
        ["location", "part_no", "counted_qty"].into_iter().filter(|c| !columns.contains_key(c)).collect();
    if !missing.is_empty() {
        return Err(Error::invalid(m::parts_count_not_a_sheet(name, missing.join(", "), code)));
    }
    Ok(columns)
}

/// Ask for a second count of some parts: their counted quantities are kept as the first
/// count and cleared, and the lines must be counted again before posting.
pub fn recount(tx: &Tx, code: &str, part_nos: &[String]) -> Result<u64> {
    let (id, _) = open_count(tx.conn(), code, "recount")?;
    let mut n = 0;
    for part_no in part_nos {
        let part_id = stock::part_id(tx.conn(), part_no)?;
        let changed = store::ask_recount(tx, id, part_id)?;
        if changed == 0 {
            return Err(Error::refused(m::parts_count_recount_uncounted(part_no, code)));
        }
        n += changed;
    }
    history::record(tx, "count", code, "recount", None, Some(&json!({"parts": part_nos, "lines": n})))?;
    Ok(n)
}

/// One line of `count variance` / `count show`.
#[derive(Debug, Clone, Serialize)]
pub struct VarianceRow {
    pub location: String,
    pub part_no: String,
    pub name: String,
    pub lot: String,
    pub book_qty: i64,
    pub counted_qty: Option<i64>,
    pub first_qty: Option<i64>,
    pub difference: Option<i64>,
    pub unit_cost: Money,
    pub value: Option<Money>,
    pub state: &'static str,
}

pub const VARIANCE_COLUMNS: &[&str] = &[
    "location",
    "part_no",
    "name",
    "lot",
    "book_qty",
    "counted_qty",
    "first_qty",
    "difference",
    "unit_cost",
    "value",
    "state",
];

/// The count's lines with their differences valued: an open count at today's moving
/// average cost, a posted one at the unit cost frozen when it posted (for a count
/// posted before that was kept, the cost its adjustment moved at). Without `all`, only
/// lines that differ or still wait for a count.
pub fn variance(
    conn: &Connection,
    code: &str,
    all: bool,
    each: &mut dyn FnMut(VarianceRow) -> Result<()>,
) -> Result<()> {
    let id = count_id(conn, code)?;
    store::variance(conn, id, all, each)
}

/// A counted line's difference: counted minus the book quantity frozen at the start
/// (negative when short). Saturates rather than overflow on absurd sheet numbers.
pub fn difference(book: i64, counted: i64) -> i64 {
    counted.saturating_sub(book)
}

/// The adjustment posting makes for a line: its difference, or none when the line
/// was not counted or matches the books.
pub fn adjustment(book: i64, counted: Option<i64>) -> Option<i64> {
    counted.map(|c| difference(book, c)).filter(|d| *d != 0)
}

/// Where a count line stands: waiting for a (second) count, matching the books, found
/// on the shelf though not on the books, or differing.
pub fn line_state(book: i64, counted: Option<i64>, recount: bool) -> &'static str {
    match (counted, recount) {
        (None, true) => "recount",
        (None, false) => "uncounted",
        (Some(c), _) if c == book => "match",
        (Some(_), _) if book == 0 => "found",
        _ => "differs",
    }
}

/// The value of a count's differences: each (unit cost, difference) line, to the fen.
pub fn total_value(lines: impl IntoIterator<Item = (Money, i64)>) -> Result<Money, crate::money::Overflow> {
    crate::money::sum(lines.into_iter().map(|(cost, diff)| cost.times(diff)))
}

/// Post the count: one `adjustment` movement per differing line, of counted minus the
/// frozen book quantity, applied to the live balance. Every line must have been counted.
pub fn post(tx: &Tx, code: &str, reason: &str) -> Result<(u64, Money)> {
    let (id, next) = open_count(tx.conn(), code, "post")?;
    let waiting: Vec<String> = store::waiting(tx.conn(), id, 11)?
        .into_iter()
        .map(|(part_no, at, recount)| {
            let what = if recount { "recount" } else { "count" };
            format!("{part_no} at {at} ({what})")
        })
        .collect();
    if !waiting.is_empty() {
        let more = if waiting.len() > 10 { ", ..." } else { "" };
        let lines = waiting.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
        return Err(Error::refused(m::parts_count_waiting(code, format!("{lines}{more}"))));
    }
    // Every line keeps the cost it is valued at today: the count's value never moves
    // with later prices (adjustments at moving average cost leave the average as it is).
    store::freeze_unit_costs(tx, id)?;
    // The query only narrows to the lines that differ; `adjustment` says by how much.
    let lines: Vec<(i64, i64, String, Option<String>, i64, Money)> = store::differing(tx.conn(), id)?
        .into_iter()
        .filter_map(|l| {
            adjustment(l.book, l.counted).map(|diff| (l.part_id, l.location_id, l.lot, l.expiry, diff, l.unit_cost))
        })
        .collect();
    let value = total_value(lines.iter().map(|l| (l.5, l.4)))?;
    for (part_id, location_id, lot, expiry, diff, _) in &lines {
        stock::post(
            tx,
            &Move {
                kind: "adjustment",
                part_id: *part_id,
                location_id: *location_id,
                lot,
                // A found lot's expiry; a known lot keeps the one it has.
                expiry: expiry.as_deref(),
                qty: *diff,
                reference: Some(code),
                note: Some(reason),
                ..Default::default()
            },
        )?;
    }
    store::close_posted(tx, id, next, reason)?;
    let after = json!({"status": next, "reason": reason, "adjustments": lines.len(), "value": value});
    history::record(tx, "count", code, "post", Some(&json!({"status": "open"})), Some(&after))?;
    Ok((lines.len() as u64, value))
}

/// Cancel an open count: nothing is adjusted; its lines stay on record.
pub fn cancel(tx: &Tx, code: &str, reason: &str) -> Result<()> {
    let (id, next) = open_count(tx.conn(), code, "cancel")?;
    store::close_cancelled(tx, id, next, reason)?;
    history::record(
        tx,
        "count",
        code,
        "cancel",
        Some(&json!({"status": "open"})),
        Some(&json!({"status": next, "reason": reason})),
    )?;
    Ok(())
}

/// One count in `count list`.
#[derive(Debug, Clone, Serialize)]
pub struct CountRow {
    pub count: String,
    pub status: String,
    pub scope: String,
    pub started: String,
    pub started_by: String,
    pub lines: i64,
    pub counted: i64,
    pub differing: i64,
    pub posted: Option<String>,
    pub reason: Option<String>,
}

pub const COUNT_COLUMNS: &[&str] =
    &["count", "status", "scope", "started", "started_by", "lines", "counted", "differing", "posted", "reason"];

pub fn list(
    conn: &Connection,
    status: Option<&str>,
    code: Option<&str>,
    each: &mut dyn FnMut(CountRow) -> Result<()>,
) -> Result<()> {
    store::list(conn, status, code, each)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A sheet row from `column=value` pairs.
    fn row(cells: &[(&str, &str)]) -> std::result::Result<Option<Counted>, String> {
        let cell = |c: &str| cells.iter().find(|(k, _)| *k == c).map(|(_, v)| v.to_string()).unwrap_or_default();
        read_row("CNT-000001", &cell).map_err(|m| m.to_string())
    }

    #[test]
    fn a_sheet_row_is_a_count_a_blank_or_a_refusal_naming_its_column() {
        let counted = row(&[
            ("count", "CNT-000001"),
            ("part_no", "P-1"),
            ("location", " WH1 / A-01 "),
            ("lot", "L1"),
            ("counted_qty", "7"),
            ("expiry", "2027-01-31"),
            ("note", "破损 1"),
        ]);
        assert_eq!(
            counted,
            Ok(Some(Counted {
                part_no: "P-1".into(),
                location: "WH1/A-01".into(),
                lot: "L1".into(),
                qty: 7,
                note: Some("破损 1".into()),
                expiry: Some(day("2027-01-31")),
            }))
        );
        assert_eq!(row(&[("part_no", "P-1"), ("counted_qty", "")]), Ok(None), "not counted yet");
        assert_eq!(row(&[("counted_qty", "0")]).unwrap().unwrap().qty, 0, "zero is a count");
        assert_eq!(
            row(&[("count", "CNT-000002"), ("counted_qty", "1")]).unwrap_err(),
            "this row belongs to count CNT-000002, not CNT-000001"
        );
        assert_eq!(row(&[("counted_qty", "-2")]).unwrap_err(), "counted_qty -2 is negative");
        assert!(row(&[("counted_qty", "two")]).unwrap_err().starts_with("counted_qty "));
        assert!(row(&[("counted_qty", "1"), ("expiry", "soon")]).unwrap_err().starts_with("expiry "));
    }

    #[test]
    fn a_found_lot_takes_the_sheet_date_else_its_shelf_life_else_none_or_a_refusal() {
        let count_day = day("2026-03-05");
        assert_eq!(found_expiry(Some(day("2026-06-01")), count_day, Some(365), true), Ok(Some(day("2026-06-01"))));
        assert_eq!(found_expiry(None, count_day, Some(30), true), Ok(Some(day("2026-04-04"))));
        assert_eq!(found_expiry(None, count_day, None, false), Ok(None), "a part that never expires");
        let refused = found_expiry(None, count_day, None, true).unwrap_err().render(crate::words::Lang::En);
        assert!(refused.contains("'expiry' column"), "{refused}");
    }

    #[test]
    fn an_adjustment_is_counted_minus_the_frozen_book() {
        assert_eq!(adjustment(10, Some(7)), Some(-3), "short");
        assert_eq!(adjustment(10, Some(12)), Some(2), "over");
        assert_eq!(adjustment(0, Some(4)), Some(4), "found on the shelf");
        assert_eq!(adjustment(5, Some(0)), Some(-5), "none left");
        assert_eq!(adjustment(10, Some(10)), None, "matches: nothing to post");
        assert_eq!(adjustment(0, Some(0)), None);
        assert_eq!(adjustment(10, None), None, "not counted");
        assert_eq!(difference(i64::MIN, i64::MAX), i64::MAX, "saturates");
    }

    #[test]
    fn a_lot_one_edit_from_a_lot_of_the_count_is_asked_about() {
        for typo in ["b2507", "B2O07", "B25O7", "B 2507", "B507", "B25077", "B2507X"] {
            assert!(lot_look_alike(typo, "B2507"), "{typo}");
        }
        assert!(lot_look_alike("B2508", "B2507"), "one edit: asked about, --new-lot answers");
        for other in ["B2507", "B2601", "B25", "C2618", "2507B"] {
            assert!(!lot_look_alike(other, "B2507"), "{other}");
        }
        assert!(!lot_look_alike("X", ""), "a part kept without lots");
    }

    #[test]
    fn a_line_is_uncounted_matching_found_or_differing() {
        assert_eq!(line_state(10, None, false), "uncounted");
        assert_eq!(line_state(10, None, true), "recount");
        assert_eq!(line_state(10, Some(10), true), "match");
        assert_eq!(line_state(0, Some(0), false), "match");
        assert_eq!(line_state(0, Some(3), false), "found");
        assert_eq!(line_state(10, Some(0), false), "differs");
        assert_eq!(line_state(10, Some(11), false), "differs");
    }

    fn stored(id: i64, bin: &str, part_no: &str, lot: &str) -> Result<StoredLine> {
        let (warehouse, bin, part_no, lot) = ("WH1".into(), bin.into(), part_no.into(), lot.into());
        Ok(StoredLine { id, warehouse, bin, part_no, lot, counted: None, found: false })
    }

    #[test]
    fn the_walk_meets_a_sheet_in_walking_order_and_leaves_the_rest_to_a_look_up() {
        let lines = vec![stored(3, "A-01", "P-1", ""), stored(1, "A-01", "P-2", "L1"), stored(2, "A-02", "P-1", "")];
        let mut lines = lines.into_iter();
        let mut walk = Walk::new(&mut lines);
        let id = |w: &mut Walk, bin, part, lot| w.find(("WH1", bin, part, lot)).unwrap().map(|l| l.id);
        assert_eq!(id(&mut walk, "A-01", "P-1", ""), Some(3));
        assert_eq!(id(&mut walk, "A-01", "P-1", ""), None, "a row twice: behind the walk");
        assert_eq!(id(&mut walk, "A-01", "P-15", ""), None, "not on the count: the walk waits at P-2");
        assert_eq!(id(&mut walk, "A-02", "P-1", ""), Some(2), "P-2 not on the sheet: passed over");
        assert_eq!(id(&mut walk, "A-01", "P-2", "L1"), None, "out of order: looked up");
        assert_eq!(id(&mut walk, "A-09", "P-1", ""), None, "past the last line");
    }

    #[test]
    fn a_line_set_twice_names_the_row_that_set_it_before() {
        let mut seen = Seen::new(100, 3);
        assert_eq!(seen.insert(101, 2), None);
        assert_eq!(seen.insert(100, 3), None);
        assert_eq!(seen.insert(101, 7), Some(2));
        assert_eq!(seen.insert(101, 9), Some(7), "the row before, as a map of rows kept it");
        assert_eq!(seen.insert(500, 4), None, "a line found since the start");
        assert_eq!(seen.insert(500, 8), Some(4));
        assert_eq!(seen.insert(99, 5), None);
        assert_eq!(Seen::new(0, 0).insert(1, 1), None, "a count of no lines");
    }

    #[test]
    fn a_count_is_valued_line_by_line_at_its_own_cost() {
        assert_eq!(total_value([(Money(140), -2), (Money(38_000), 1)]), Ok(Money(37_720)));
        assert_eq!(total_value(std::iter::empty()), Ok(Money(0)));
        assert!(total_value([(Money(i64::MAX), 2), (Money(1), 1)]).is_err(), "refused, never saturated");
    }
}
