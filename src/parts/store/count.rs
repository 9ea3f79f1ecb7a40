//! A stock count's SQL: starting one (freezing the book quantities), the sheet, the
//! lines a submitted sheet sets, recounts, variances, posting and the list. The rules
//! (what a sheet row means, the adjustment, a line's state) are in `parts::count`.

use rusqlite::{params, Connection, OptionalExtension};

use super::super::count::{difference, line_state, CountRow, FoundPart, SheetRow, StoredLine, VarianceRow};
use super::super::location;
use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::money::Money;

pub fn status(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT status FROM counts WHERE id = ?1", [id], |r| r.get(0)).ctx("reading a count")
}

/// How many locations are in the warehouse, or are that bin of it (`bin` empty: any).
pub fn locations_matching(conn: &Connection, warehouse: &str, bin: &str) -> Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM locations WHERE warehouse = ?1 AND (?2 = '' OR bin = ?2)",
        [warehouse, bin],
        |r| r.get(0),
    )
    .ctx("looking up the location")
}

/// How many parts are of the category.
pub fn parts_in_category(conn: &Connection, category: &str) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM parts WHERE category = ?1", [category], |r| r.get(0))
        .ctx("looking up the category")
}

const FROM: &str = "FROM stock s JOIN parts p ON p.id = s.part_id JOIN locations l ON l.id = s.location_id";
const IN_SCOPE: &str = "s.qty > 0 AND (?1 IS NULL OR l.warehouse = ?1) AND (?2 IS NULL OR l.bin = ?2)
      AND (?3 IS NULL OR p.category = ?3)";

/// A stock line in scope (warehouse, bin, category) that another open count covers:
/// (that count, part number, warehouse, bin).
pub fn clash(
    conn: &Connection,
    warehouse: Option<&str>,
    bin: Option<&str>,
    category: Option<&str>,
) -> Result<Option<(String, String, String, String)>> {
    conn.query_row(
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
        params![warehouse, bin, category],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .optional()
    .ctx("looking for open counts")
}

/// Write a new count of the scope, started now by the transaction's actor; its id.
pub fn insert(
    tx: &Tx,
    code: &str,
    location_id: Option<i64>,
    warehouse: Option<&str>,
    category: Option<&str>,
) -> Result<i64> {
    tx.query_row(
        "INSERT INTO counts(code, location_id, warehouse, category, started_at, started_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        params![code, location_id, warehouse, category, tx.now, tx.actor],
        |r| r.get(0),
    )
    .ctx("starting a count")
}

/// Freeze the book quantity of every stock line in scope with something on hand into
/// count `id`'s lines; how many.
pub fn freeze_lines(
    tx: &Tx,
    id: i64,
    warehouse: Option<&str>,
    bin: Option<&str>,
    category: Option<&str>,
) -> Result<i64> {
    let n = tx
        .execute(
            &format!(
                "INSERT INTO count_lines(count_id, part_id, location_id, lot, book_qty)
                 SELECT ?4, s.part_id, s.location_id, s.lot, s.qty {FROM} WHERE {IN_SCOPE}"
            ),
            params![warehouse, bin, category, id],
        )
        .ctx("freezing the book quantities")?;
    Ok(n as i64)
}

/// Count `id`'s lines in walking order (location, part, lot) as the sheet shows them.
pub fn sheet(
    conn: &Connection,
    id: i64,
    code: &str,
    blind: bool,
    recount_only: bool,
    each: &mut dyn FnMut(SheetRow) -> Result<()>,
) -> Result<()> {
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

/// What a count covers and when it started: (warehouse, location id, category, started at).
pub type Scope = (Option<String>, Option<i64>, Option<String>, String);

pub fn scope(conn: &Connection, id: i64) -> Result<Scope> {
    conn.query_row("SELECT warehouse, location_id, category, started_at FROM counts WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
    .ctx("reading the count's scope")
}

/// The first id of count `id`'s lines and how many it has (lines frozen at the start
/// are one run of ids).
pub fn line_ids(conn: &Connection, id: i64) -> Result<(i64, i64)> {
    conn.query_row("SELECT coalesce(min(id), 0), count(*) FROM count_lines WHERE count_id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .ctx("reading the count's lines")
}

fn stored_line(r: &rusqlite::Row) -> rusqlite::Result<StoredLine> {
    Ok(StoredLine {
        id: r.get(0)?,
        warehouse: r.get(1)?,
        bin: r.get(2)?,
        part_no: r.get(3)?,
        lot: r.get(4)?,
        counted: r.get(5)?,
        found: r.get(6)?,
    })
}

/// Hand `walk` count `id`'s lines one at a time in the sheet's walking order
/// (warehouse, bin, part number, lot: `sheet`'s order), read as it asks for them.
pub fn lines_in_walking_order<T>(
    conn: &Connection,
    id: i64,
    walk: impl FnOnce(&mut dyn Iterator<Item = Result<StoredLine>>) -> Result<T>,
) -> Result<T> {
    let mut stmt = conn
        .prepare(
            "SELECT cl.id, l.warehouse, l.bin, p.part_no, cl.lot, cl.counted_qty, cl.book_qty = 0 FROM count_lines cl
               JOIN parts p ON p.id = cl.part_id JOIN locations l ON l.id = cl.location_id WHERE cl.count_id = ?1
              ORDER BY l.warehouse, l.bin, p.part_no, cl.lot",
        )
        .ctx("reading the count's lines")?;
    let mut rows =
        stmt.query_map([id], stored_line).ctx("reading the count's lines")?.map(|r| r.ctx("reading the count's lines"));
    walk(&mut rows)
}

/// Count `id`'s line of a part at a location and lot, if it has one.
pub fn line_at(conn: &Connection, id: i64, part_id: i64, location_id: i64, lot: &str) -> Result<Option<StoredLine>> {
    conn.prepare_cached(
        "SELECT cl.id, l.warehouse, l.bin, p.part_no, cl.lot, cl.counted_qty, cl.book_qty = 0 FROM count_lines cl
           JOIN parts p ON p.id = cl.part_id JOIN locations l ON l.id = cl.location_id
          WHERE cl.count_id = ?1 AND cl.part_id = ?2 AND cl.location_id = ?3 AND cl.lot = ?4",
    )
    .and_then(|mut s| s.query_row(params![id, part_id, location_id, lot], stored_line).optional())
    .ctx("looking up a count line")
}

/// A part by its number as a found lot needs it.
pub fn found_part(conn: &Connection, part_no: &str) -> Result<Option<FoundPart>> {
    conn.prepare_cached(
        "SELECT id, category, shelf_life_days,
                EXISTS (SELECT 1 FROM stock s WHERE s.part_id = parts.id AND s.expiry IS NOT NULL)
           FROM parts WHERE part_no = ?1",
    )
    .and_then(|mut s| {
        s.query_row([part_no], |r| {
            Ok(FoundPart { id: r.get(0)?, category: r.get(1)?, shelf_life_days: r.get(2)?, dated_lots: r.get(3)? })
        })
        .optional()
    })
    .ctx("looking up a part")
}

/// Another open count (than `id`) covering the part at the location, if one does.
pub fn other_open_count(conn: &Connection, id: i64, part_id: i64, location_id: i64) -> Result<Option<String>> {
    conn.prepare_cached(
        "SELECT c.code FROM count_lines cl JOIN counts c ON c.id = cl.count_id AND c.status = 'open'
          WHERE cl.part_id = ?1 AND cl.location_id = ?2 AND c.id <> ?3 LIMIT 1",
    )
    .and_then(|mut s| s.query_row(params![part_id, location_id, id], |r| r.get(0)).optional())
    .ctx("looking for open counts")
}

/// The lots of a part that were on the books when count `id` started.
pub fn lots_on_books(conn: &Connection, id: i64, part_id: i64) -> Result<Vec<String>> {
    conn.prepare_cached("SELECT DISTINCT lot FROM count_lines WHERE count_id = ?1 AND part_id = ?2 AND book_qty > 0")
        .and_then(|mut s| s.query_map(params![id, part_id], |r| r.get(0))?.collect())
        .ctx("reading the count's lots")
}

/// Add a line found on the shelf (book quantity 0) to count `id`; its id.
pub fn insert_found_line(
    tx: &Tx,
    id: i64,
    part_id: i64,
    location_id: i64,
    lot: &str,
    expiry: Option<&str>,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO count_lines(count_id, part_id, location_id, lot, book_qty, expiry)
         VALUES (?1, ?2, ?3, ?4, 0, ?5) RETURNING id",
    )
    .and_then(|mut s| s.query_row(params![id, part_id, location_id, lot, expiry], |r| r.get(0)))
    .ctx("adding a found line")
}

/// Set a line's counted quantity, now; a note and a (found lot's) expiry when given.
pub fn set_counted(tx: &Tx, line: i64, qty: i64, note: Option<&str>, expiry: Option<&str>) -> Result<()> {
    tx.prepare_cached(
        "UPDATE count_lines SET counted_qty = ?2, counted_at = ?3, recount = 0, note = coalesce(?4, note),
                expiry = coalesce(?5, expiry) WHERE id = ?1",
    )
    .and_then(|mut s| s.execute(params![line, qty, tx.now, note, expiry]))
    .ctx("recording a counted quantity")?;
    Ok(())
}

/// Keep the counted quantities of a part's counted lines as their first count and clear
/// them for a second; how many lines.
pub fn ask_recount(tx: &Tx, id: i64, part_id: i64) -> Result<u64> {
    let n = tx
        .execute(
            "UPDATE count_lines SET first_qty = counted_qty, counted_qty = NULL, counted_at = NULL, recount = 1
              WHERE count_id = ?1 AND part_id = ?2 AND counted_qty IS NOT NULL",
            params![id, part_id],
        )
        .ctx("asking for a recount")?;
    Ok(n as u64)
}

/// Count `id`'s lines with their differences valued (see `count::variance`).
pub fn variance(conn: &Connection, id: i64, all: bool, each: &mut dyn FnMut(VarianceRow) -> Result<()>) -> Result<()> {
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

/// Up to `limit` lines still waiting for a count, in walking order: (part number,
/// location, asked to be recounted).
pub fn waiting(conn: &Connection, id: i64, limit: i64) -> Result<Vec<(String, String, bool)>> {
    conn.prepare(
        "SELECT p.part_no, l.warehouse, l.bin, cl.recount FROM count_lines cl JOIN parts p ON p.id = cl.part_id
           JOIN locations l ON l.id = cl.location_id
          WHERE cl.count_id = ?1 AND cl.counted_qty IS NULL ORDER BY l.warehouse, l.bin, p.part_no LIMIT ?2",
    )
    .and_then(|mut s| {
        s.query_map(params![id, limit], |r| {
            Ok((r.get(0)?, location::code(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?), r.get(3)?))
        })?
        .collect()
    })
    .ctx("looking for uncounted lines")
}

/// Freeze every line's unit cost at the part's moving average cost now.
pub fn freeze_unit_costs(tx: &Tx, id: i64) -> Result<()> {
    tx.execute(
        "UPDATE count_lines SET unit_cost = (SELECT avg_cost FROM parts WHERE parts.id = count_lines.part_id)
          WHERE count_id = ?1",
        [id],
    )
    .ctx("freezing the count's unit costs")?;
    Ok(())
}

/// A counted line whose count differs from its book quantity.
pub struct Differing {
    pub part_id: i64,
    pub location_id: i64,
    pub lot: String,
    pub expiry: Option<String>,
    pub book: i64,
    pub counted: Option<i64>,
    pub unit_cost: Money,
}

/// Count `id`'s lines whose count differs from the books, in line order.
pub fn differing(conn: &Connection, id: i64) -> Result<Vec<Differing>> {
    conn.prepare(
        "SELECT part_id, location_id, lot, expiry, book_qty, counted_qty, unit_cost FROM count_lines
          WHERE count_id = ?1 AND counted_qty <> book_qty ORDER BY id",
    )
    .and_then(|mut s| {
        s.query_map([id], |r| {
            Ok(Differing {
                part_id: r.get(0)?,
                location_id: r.get(1)?,
                lot: r.get(2)?,
                expiry: r.get(3)?,
                book: r.get(4)?,
                counted: r.get(5)?,
                unit_cost: r.get(6)?,
            })
        })?
        .collect()
    })
    .ctx("reading the count's differences")
}

/// Record a count posted now, with its reason.
pub fn close_posted(tx: &Tx, id: i64, status: &str, reason: &str) -> Result<()> {
    tx.execute(
        "UPDATE counts SET status = ?4, posted_at = ?2, reason = ?3 WHERE id = ?1",
        params![id, tx.now, reason, status],
    )
    .ctx("closing the count")?;
    Ok(())
}

/// Record a count cancelled, with its reason.
pub fn close_cancelled(tx: &Tx, id: i64, status: &str, reason: &str) -> Result<()> {
    tx.execute("UPDATE counts SET status = ?3, reason = ?2 WHERE id = ?1", params![id, reason, status])
        .ctx("cancelling a count")?;
    Ok(())
}

/// Counts by code, with how many lines each has, has counted and differ.
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
