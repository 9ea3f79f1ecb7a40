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
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use super::location;
use super::msg;
use super::stock::{self, Move};
use super::{document_code, document_id};
use crate::db::{history, Tx};
use crate::error::{Error, Result, SqlContext};
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
    let status: String =
        conn.query_row("SELECT status FROM counts WHERE id = ?1", [id], |r| r.get(0)).ctx("reading a count")?;
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
            let known: i64 = tx
                .query_row(
                    "SELECT count(*) FROM locations WHERE warehouse = ?1 AND (?2 = '' OR bin = ?2)",
                    [w, b],
                    |r| r.get(0),
                )
                .ctx("looking up the location")?;
            if known == 0 {
                location::id(tx.conn(), l)?; // the not-found error, with its hint
            }
            (Some(w.to_string()), (!b.is_empty()).then(|| b.to_string()))
        }
        None => (None, None),
    };
    if let Some(category) = &scope.category {
        let known: i64 = tx
            .query_row("SELECT count(*) FROM parts WHERE category = ?1", [category], |r| r.get(0))
            .ctx("looking up the category")?;
        if known == 0 {
            return Err(Error::not_found(m::parts_count_no_category(format!("{category:?}"))));
        }
    }
    const FROM: &str = "FROM stock s JOIN parts p ON p.id = s.part_id JOIN locations l ON l.id = s.location_id";
    const IN_SCOPE: &str = "s.qty > 0 AND (?1 IS NULL OR l.warehouse = ?1) AND (?2 IS NULL OR l.bin = ?2)
          AND (?3 IS NULL OR p.category = ?3)";
    let clash: Option<(String, String, String, String)> = tx
        .query_row(
            &format!(
                // From the open counts (usually none) to their lines to the stock in
                // scope: CROSS JOIN keeps that order, so the lines of the many
                // counts already posted are never read.
                "SELECT c.code, p.part_no, l.warehouse, l.bin
                   FROM counts c CROSS JOIN count_lines cl ON cl.count_id = c.id
                   CROSS JOIN stock s ON s.part_id = cl.part_id AND s.location_id = cl.location_id
                   JOIN parts p ON p.id = s.part_id JOIN locations l ON l.id = s.location_id
                  WHERE c.status = 'open' AND {IN_SCOPE} LIMIT 1"
            ),
            params![warehouse, bin, scope.category],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()
        .ctx("looking for open counts")?;
    if let Some((other, part_no, w, b)) = clash {
        return Err(Error::refused(m::parts_count_overlap(other, part_no, location::code(&w, &b))));
    }
    let code = document_code(tx, "counts", "CNT")?;
    let location_id = match (&warehouse, &bin) {
        (Some(w), Some(b)) => Some(location::id(tx.conn(), &location::code(w, b))?),
        _ => None,
    };
    let id: i64 = tx
        .query_row(
            "INSERT INTO counts(code, location_id, warehouse, category, started_at, started_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            params![code, location_id, warehouse, scope.category, tx.now, tx.actor],
            |r| r.get(0),
        )
        .ctx("starting a count")?;
    let lines = tx
        .execute(
            &format!(
                "INSERT INTO count_lines(count_id, part_id, location_id, lot, book_qty)
                 SELECT ?4, s.part_id, s.location_id, s.lot, s.qty {FROM} WHERE {IN_SCOPE}"
            ),
            params![warehouse, bin, scope.category, id],
        )
        .ctx("freezing the book quantities")? as i64;
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
    crate::db::each_row(
        conn,
        "SELECT l.warehouse, l.bin, p.part_no, p.name, p.spec, p.unit, cl.lot, cl.book_qty, cl.counted_qty, cl.note
               FROM count_lines cl JOIN parts p ON p.id = cl.part_id JOIN locations l ON l.id = cl.location_id
              WHERE cl.count_id = ?1 AND (NOT ?2 OR cl.recount)
              ORDER BY l.warehouse, l.bin, p.part_no, cl.lot",
        params![id, recount_only],
        "writing the count sheet",
        |r| {
            Ok(SheetRow {
                count: code.to_string(),
                location: location::code(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?),
                part_no: r.get(2)?,
                name: r.get(3)?,
                spec: r.get(4)?,
                unit: r.get(5)?,
                lot: r.get(6)?,
                book_qty: if blind { None } else { r.get(7)? },
                counted_qty: if blind { None } else { r.get(8)? },
                note: r.get(9)?,
            })
        },
        each,
    )
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
    let (scope_wh, scope_loc, scope_cat, started): (Option<String>, Option<i64>, Option<String>, String) = tx
        .query_row("SELECT warehouse, location_id, category, started_at FROM counts WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .ctx("reading the count's scope")?;
    let count_day = crate::clock::local_date(&started)
        .ok_or_else(|| Error::internal(m::parts_count_bad_start(code, format!("{started:?}"))))?;
    // Every line of the count, by part, location and lot, read in one pass: looking
    // each sheet row up separately would jump around the database in the sheet's
    // walking order (2.2 s against 0.6 s for 150,000 lines).
    // (line, counted, found): a found line (book 0) takes a corrected expiry from the sheet.
    type Key = (String, String, String);
    let mut lines: HashMap<Key, (i64, Option<i64>, bool)> = HashMap::new();
    {
        let mut stmt = tx
            .prepare(
                "SELECT cl.id, p.part_no, l.warehouse, l.bin, cl.lot, cl.counted_qty, cl.book_qty = 0 FROM count_lines cl
                   JOIN parts p ON p.id = cl.part_id JOIN locations l ON l.id = cl.location_id WHERE cl.count_id = ?1",
            )
            .ctx("reading the count's lines")?;
        let mut rows = stmt.query([id]).ctx("reading the count's lines")?;
        while let Some(r) = rows.next().ctx("reading the count's lines")? {
            let (line, part_no, w, b, lot, counted, found): (i64, String, String, String, String, Option<i64>, bool) =
                (|| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))()
                    .ctx("reading the count's lines")?;
            lines.insert((part_no, location::code(&w, &b), lot), (line, counted, found));
        }
    }
    // (line, counted, note, expiry of a found lot)
    let mut updates: Vec<(i64, i64, Option<String>, Option<String>)> = Vec::new();
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
    let mut problems: Vec<String> = Vec::new();
    let mut seen: HashMap<i64, u64> = HashMap::new();
    let mut locations: HashMap<String, Option<i64>> = HashMap::new();
    let mut parts: HashMap<String, Option<FoundPart>> = HashMap::new();
    let at = source.position_word();
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
            problems.push(m::import_row_problem(&name, at, raw.pos as i64, why.to_string()).to_string());
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
        let key = (part_no, loc, lot);
        if let Some(&(line_id, before, found)) = lines.get(&key) {
            let (part_no, loc, lot) = &key;
            if let Some(first) = seen.insert(line_id, raw.pos) {
                return bad(msg::parts_count_row_twice(part_no, loc, lot, at, first as i64));
            }
            if before != Some(qty) {
                done.changed += 1;
            }
            // A known lot's expiry is the books'; a found lot's may be corrected.
            let expiry = sheet_expiry.filter(|_| found).map(|d| d.to_string());
            updates.push((line_id, qty, note, expiry));
            done.set += 1;
            return Ok(());
        }
        let (part_no, loc, lot) = key;
        let part = match parts.get(&part_no) {
            Some(p) => p.clone(),
            None => {
                let p = tx
                    .prepare_cached(
                        "SELECT id, category, shelf_life_days,
                                EXISTS (SELECT 1 FROM stock s WHERE s.part_id = parts.id AND s.expiry IS NOT NULL)
                           FROM parts WHERE part_no = ?1",
                    )
                    .and_then(|mut s| {
                        s.query_row([&part_no], |r| {
                            Ok(FoundPart {
                                id: r.get(0)?,
                                category: r.get(1)?,
                                shelf_life_days: r.get(2)?,
                                dated_lots: r.get(3)?,
                            })
                        })
                        .optional()
                    })
                    .ctx("looking up a part")?;
                parts.insert(part_no.clone(), p.clone());
                p
            }
        };
        let Some(FoundPart { id: part_id, category, shelf_life_days, dated_lots }) = part else {
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
        let line: Option<(i64, Option<i64>)> = tx
            .prepare_cached(
                "SELECT id, counted_qty FROM count_lines WHERE count_id = ?1 AND part_id = ?2 AND location_id = ?3 AND lot = ?4",
            )
            .and_then(|mut s| {
                s.query_row(params![id, part_id, location_id, lot], |r| Ok((r.get(0)?, r.get(1)?))).optional()
            })
            .ctx("looking up a count line")?;
        let mut expiry = None;
        let line_id = match line {
            Some((line_id, before)) => {
                if before != Some(qty) {
                    done.changed += 1;
                }
                line_id
            }
            None => {
                let (w, _) = location::split(&loc);
                let in_scope = scope_wh.as_deref().is_none_or(|s| s == w)
                    && scope_loc.is_none_or(|s| s == location_id)
                    && scope_cat.as_deref().is_none_or(|c| category.as_deref() == Some(c));
                if !in_scope {
                    return bad(msg::parts_count_row_out_of_scope(&part_no, &loc, code));
                }
                let other: Option<String> = tx
                    .prepare_cached(
                        "SELECT c.code FROM count_lines cl JOIN counts c ON c.id = cl.count_id AND c.status = 'open'
                          WHERE cl.part_id = ?1 AND cl.location_id = ?2 AND c.id <> ?3 LIMIT 1",
                    )
                    .and_then(|mut s| s.query_row(params![part_id, location_id, id], |r| r.get(0)).optional())
                    .ctx("looking for open counts")?;
                if let Some(other) = other {
                    return bad(msg::parts_count_row_other_open(&part_no, &loc, other));
                }
                // A lot one character away from a lot of this part on the books at the
                // start (b2507, B2O07 for B2507) is most likely a typo, not stock found:
                // refused unless the user says it is new (`--new-lot`). Lots found on this
                // same sheet are no reference: nothing of them was on the books.
                let known: Vec<String> = tx
                    .prepare_cached(
                        "SELECT DISTINCT lot FROM count_lines WHERE count_id = ?1 AND part_id = ?2 AND book_qty > 0",
                    )
                    .and_then(|mut s| s.query_map(params![id, part_id], |r| r.get(0))?.collect())
                    .ctx("reading the count's lots")?;
                let meant = known.iter().find(|k| lot_look_alike(&lot, k));
                if let Some(meant) = meant.filter(|_| !new_lots.contains(&lot)) {
                    return bad(msg::parts_count_row_lot_typo(&part_no, &loc, &lot, meant));
                }
                // Found on the shelf, not on the books at the start.
                let book = stock::on_hand(tx.conn(), part_id, location_id, &lot)?;
                if book != 0 {
                    return bad(msg::parts_count_row_late_lot(&part_no, &loc, &lot));
                }
                expiry = match found_expiry(sheet_expiry, count_day, shelf_life_days, dated_lots) {
                    Ok(e) => e.map(|d| d.to_string()),
                    Err(why) => return bad(msg::parts_count_row_found(&part_no, &loc, &lot, why.to_string())),
                };
                let line_id: i64 = tx
                    .prepare_cached(
                        "INSERT INTO count_lines(count_id, part_id, location_id, lot, book_qty, expiry)
                         VALUES (?1, ?2, ?3, ?4, 0, ?5) RETURNING id",
                    )
                    .and_then(|mut s| s.query_row(params![id, part_id, location_id, lot, expiry], |r| r.get(0)))
                    .ctx("adding a found line")?;
                done.found += 1;
                done.changed += 1;
                line_id
            }
        };
        if let Some(first) = seen.insert(line_id, raw.pos) {
            return bad(msg::parts_count_row_twice(&part_no, &loc, &lot, at, first as i64));
        }
        updates.push((line_id, qty, note, expiry));
        done.set += 1;
        Ok(())
    };
    let mut header = |headers: &[String]| -> Result<()> {
        *columns.borrow_mut() = Some(sheet_columns(headers, &name, code)?);
        Ok(())
    };
    source.rows_after_header(&mut header, &mut each)?;
    if !problems.is_empty() {
        let n = problems.len();
        let shown: Vec<String> = problems.into_iter().take(20).collect();
        let more = n.saturating_sub(20) as i64;
        return Err(Error::invalid(m::parts_count_sheet_rejected(n as i64, &name, shown.join("\n  "), more)));
    }
    if columns.borrow().is_none() {
        return Err(Error::invalid(m::parts_count_sheet_empty(&name)));
    }
    // In line order, so the pages are written once each.
    updates.sort_unstable_by_key(|u| u.0);
    let mut stmt = tx
        .prepare_cached(
            "UPDATE count_lines SET counted_qty = ?2, counted_at = ?3, recount = 0, note = coalesce(?4, note),
                    expiry = coalesce(?5, expiry) WHERE id = ?1",
        )
        .ctx("recording counted quantities")?;
    for (line_id, qty, note, expiry) in &updates {
        stmt.execute(params![line_id, qty, tx.now, note, expiry]).ctx("recording a counted quantity")?;
    }
    let after = json!({"file": name, "sha256": source.sha256(), "rows": done.rows, "set": done.set,
                       "changed": done.changed, "found": done.found, "blank": done.blank});
    history::record(tx, "count", code, "submit", None, Some(&after))?;
    Ok(done)
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
struct FoundPart {
    id: i64,
    category: Option<String>,
    shelf_life_days: Option<i64>,
    /// Some lot of the part on the books has an expiry: the part does expire.
    dated_lots: bool,
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
        let changed = tx
            .execute(
                "UPDATE count_lines SET first_qty = counted_qty, counted_qty = NULL, counted_at = NULL, recount = 1
                  WHERE count_id = ?1 AND part_id = ?2 AND counted_qty IS NOT NULL",
                params![id, part_id],
            )
            .ctx("asking for a recount")?;
        if changed == 0 {
            return Err(Error::refused(m::parts_count_recount_uncounted(part_no, code)));
        }
        n += changed as u64;
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
    crate::db::each_row(
        conn,
        "SELECT l.warehouse, l.bin, p.part_no, p.name, cl.lot, cl.book_qty, cl.counted_qty, cl.first_qty,
                    cl.recount,
                    coalesce(cl.unit_cost,
                             (SELECT m.unit_cost FROM movements m JOIN counts c ON c.id = cl.count_id
                               WHERE m.ref = c.code AND m.kind = 'adjustment' AND m.part_id = cl.part_id
                                 AND m.location_id = cl.location_id AND m.lot = cl.lot),
                             p.avg_cost)
               FROM count_lines cl JOIN parts p ON p.id = cl.part_id JOIN locations l ON l.id = cl.location_id
              WHERE cl.count_id = ?1 AND (?2 OR cl.counted_qty IS NULL OR cl.counted_qty <> cl.book_qty)
              ORDER BY l.warehouse, l.bin, p.part_no, cl.lot",
        params![id, all],
        "listing variances",
        |r| {
            let book: i64 = r.get(5)?;
            let counted: Option<i64> = r.get(6)?;
            let recount: bool = r.get(8)?;
            let cost: Money = r.get(9)?;
            let difference = counted.map(|c| difference(book, c));
            Ok(VarianceRow {
                location: location::code(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?),
                part_no: r.get(2)?,
                name: r.get(3)?,
                lot: r.get(4)?,
                book_qty: book,
                counted_qty: counted,
                first_qty: r.get(7)?,
                difference,
                unit_cost: cost,
                value: difference.map(|d| cost.times(d)).transpose()?,
                state: line_state(book, counted, recount),
            })
        },
        each,
    )
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
    let waiting: Vec<String> = tx
        .prepare(
            "SELECT p.part_no, l.warehouse, l.bin, cl.recount FROM count_lines cl JOIN parts p ON p.id = cl.part_id
               JOIN locations l ON l.id = cl.location_id
              WHERE cl.count_id = ?1 AND cl.counted_qty IS NULL ORDER BY l.warehouse, l.bin, p.part_no LIMIT 11",
        )
        .and_then(|mut s| {
            s.query_map([id], |r| {
                let what = if r.get::<_, bool>(3)? { "recount" } else { "count" };
                Ok(format!(
                    "{} at {} ({what})",
                    r.get::<_, String>(0)?,
                    location::code(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?)
                ))
            })?
            .collect()
        })
        .ctx("looking for uncounted lines")?;
    if !waiting.is_empty() {
        let more = if waiting.len() > 10 { ", ..." } else { "" };
        let lines = waiting.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
        return Err(Error::refused(m::parts_count_waiting(code, format!("{lines}{more}"))));
    }
    // Every line keeps the cost it is valued at today: the count's value never moves
    // with later prices (adjustments at moving average cost leave the average as it is).
    tx.execute(
        "UPDATE count_lines SET unit_cost = (SELECT avg_cost FROM parts WHERE parts.id = count_lines.part_id)
          WHERE count_id = ?1",
        [id],
    )
    .ctx("freezing the count's unit costs")?;
    // The query only narrows to the lines that differ; `adjustment` says by how much.
    let lines: Vec<(i64, i64, String, Option<String>, i64, Money)> = tx
        .prepare(
            "SELECT part_id, location_id, lot, expiry, book_qty, counted_qty, unit_cost FROM count_lines
              WHERE count_id = ?1 AND counted_qty <> book_qty ORDER BY id",
        )
        .and_then(|mut s| {
            let rows = s.query_map([id], |r| {
                Ok((adjustment(r.get(4)?, r.get(5)?), (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(6)?)))
            })?;
            let mut lines = Vec::new();
            for row in rows {
                if let (Some(diff), (part_id, location_id, lot, expiry, cost)) = row? {
                    lines.push((part_id, location_id, lot, expiry, diff, cost));
                }
            }
            Ok(lines)
        })
        .ctx("reading the count's differences")?;
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
    tx.execute(
        "UPDATE counts SET status = ?4, posted_at = ?2, reason = ?3 WHERE id = ?1",
        params![id, tx.now, reason, next],
    )
    .ctx("closing the count")?;
    let after = json!({"status": next, "reason": reason, "adjustments": lines.len(), "value": value});
    history::record(tx, "count", code, "post", Some(&json!({"status": "open"})), Some(&after))?;
    Ok((lines.len() as u64, value))
}

/// Cancel an open count: nothing is adjusted; its lines stay on record.
pub fn cancel(tx: &Tx, code: &str, reason: &str) -> Result<()> {
    let (id, next) = open_count(tx.conn(), code, "cancel")?;
    tx.execute("UPDATE counts SET status = ?3, reason = ?2 WHERE id = ?1", params![id, reason, next])
        .ctx("cancelling a count")?;
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
    crate::db::each_row(
        conn,
        "SELECT c.code, c.status, c.warehouse, l.bin, c.category, c.started_at, c.started_by,
                    (SELECT count(*) FROM count_lines WHERE count_id = c.id),
                    (SELECT count(*) FROM count_lines WHERE count_id = c.id AND counted_qty IS NOT NULL),
                    (SELECT count(*) FROM count_lines WHERE count_id = c.id AND counted_qty <> book_qty),
                    c.posted_at, c.reason
               FROM counts c LEFT JOIN locations l ON l.id = c.location_id
              WHERE (?1 IS NULL OR c.status = ?1) AND (?2 IS NULL OR c.code = ?2) ORDER BY c.code",
        params![status, code],
        "listing counts",
        |r| {
            let wh: Option<String> = r.get(2)?;
            let bin: Option<String> = r.get(3)?;
            let cat: Option<String> = r.get(4)?;
            let mut scope = match (wh, bin) {
                (Some(w), Some(b)) => location::code(&w, &b),
                (Some(w), None) => w,
                _ => "all locations".to_string(),
            };
            if let Some(c) = cat {
                scope.push_str(&format!(", category {c}"));
            }
            Ok(CountRow {
                count: r.get(0)?,
                status: r.get(1)?,
                scope,
                started: crate::clock::show_local(&r.get::<_, String>(5)?),
                started_by: r.get(6)?,
                lines: r.get(7)?,
                counted: r.get(8)?,
                differing: r.get(9)?,
                posted: r.get::<_, Option<String>>(10)?.map(|t| crate::clock::show_local(&t)),
                reason: r.get(11)?,
            })
        },
        each,
    )
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

    #[test]
    fn a_count_is_valued_line_by_line_at_its_own_cost() {
        assert_eq!(total_value([(Money(140), -2), (Money(38_000), 1)]), Ok(Money(37_720)));
        assert_eq!(total_value(std::iter::empty()), Ok(Money(0)));
        assert!(total_value([(Money(i64::MAX), 2), (Money(1), 1)]).is_err(), "refused, never saturated");
    }
}
