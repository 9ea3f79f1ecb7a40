//! The reserve check as a fill-in sheet (R6.2): `svc drill reserve sheet` writes every
//! lot the ledger holds at a reserve store, with the quantity the book expects, for a
//! person to count on site (CSV or a workbook); `svc drill reserve check --from FILE`
//! reads it back. What the sheet says is checked whole before anything is written: every
//! line counted, the count equal to the book (a difference is a stock count's to explain,
//! not a reserve check's), damaged units no more than counted. The damaged units then go
//! through the same check as `--damaged`, which writes them off through the ledger.

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;

use super::msg as w;
use super::reserve::Damaged;
use crate::error::{Error, Result};
use crate::exchange::columns::position;
use crate::exchange::encoding::Encoding;
use crate::exchange::source::Source;
use crate::parts::stock::{lines, StockFilter};

/// One line of the sheet.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SheetLine {
    pub location: String,
    pub part_no: String,
    pub name: String,
    pub lot: String,
    pub expiry: Option<String>,
    pub expected: i64,
    /// Filled in on site.
    pub counted: Option<i64>,
    pub damaged: Option<i64>,
    pub note: Option<String>,
}

pub const COLUMNS: &[&str] =
    &["location", "part_no", "name", "lot", "expiry", "expected", "counted", "damaged", "note"];

/// Every lot on hand at `location`, in the ledger's order, with nothing counted yet.
pub fn lines_of(conn: &Connection, location: &str) -> Result<Vec<SheetLine>> {
    crate::parts::location::id(conn, location)?;
    let mut out = Vec::new();
    let f = StockFilter { location: Some(location.to_string()), ..Default::default() };
    lines(conn, &f, &mut |l| {
        if l.qty > 0 {
            out.push(SheetLine {
                location: l.location,
                part_no: l.part_no,
                name: l.name,
                lot: l.lot,
                expiry: l.expiry,
                expected: l.qty,
                counted: None,
                damaged: None,
                note: None,
            });
        }
        Ok(())
    })?;
    Ok(out)
}

/// A whole number of units, or a problem naming the column.
fn units(text: &str, column: &str) -> std::result::Result<Option<i64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // A workbook writes whole numbers as `3` or `3.0`.
    let t = t.strip_suffix(".0").unwrap_or(t);
    match t.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(Some(n)),
        _ => Err(w::reserve_sheet_not_units(column, text).to_string()),
    }
}

/// The damaged units a filled sheet of `location` reports, checked against the book
/// (`book`: the lines as the ledger holds them now). Every problem is named by its line.
pub fn read(path: &Path, location: &str, book: &[SheetLine]) -> Result<(Vec<Damaged>, Vec<String>)> {
    crate::safe_output::protect(path);
    let mut source = Source::open(path, None, Encoding::Auto)?;
    let word = source.position_word();
    let mut problems = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut damaged = Vec::new();
    let mut notes = Vec::new();
    source.rows(&mut |row, _| {
        if row.values.iter().all(|v| v.trim().is_empty()) {
            return Ok(());
        }
        let get = |column: &str| {
            row.headers
                .iter()
                .position(|h| position(COLUMNS, h) == COLUMNS.iter().position(|c| *c == column))
                .and_then(|i| row.values.get(i))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let mut problem = |column: &str, why: String| {
            problems.push(w::reserve_sheet_row_problem(word, row.pos, column, why).to_string())
        };
        let (part, lot) = (get("part_no"), get("lot"));
        if get("location") != location {
            problem("location", w::reserve_sheet_other_location(get("location"), location).to_string());
            return Ok(());
        }
        let Some(line) = book.iter().find(|l| l.part_no == part && l.lot == lot) else {
            problem("lot", w::reserve_sheet_not_on_book(&part, &lot, location).to_string());
            return Ok(());
        };
        if seen.contains(&(part.clone(), lot.clone())) {
            problem("lot", w::reserve_sheet_twice(&part, &lot).to_string());
            return Ok(());
        }
        seen.push((part.clone(), lot.clone()));
        let counted = match units(&get("counted"), "counted") {
            Ok(Some(n)) => n,
            Ok(None) => {
                problem("counted", w::reserve_sheet_uncounted(&part, &lot).to_string());
                return Ok(());
            }
            Err(e) => {
                problem("counted", e);
                return Ok(());
            }
        };
        if counted != line.expected {
            problem("counted", w::reserve_sheet_differs(&part, &lot, counted, line.expected).to_string());
            return Ok(());
        }
        match units(&get("damaged"), "damaged") {
            Ok(Some(n)) if n > counted => {
                problem("damaged", w::reserve_sheet_damaged_more(&part, &lot, n, counted).to_string())
            }
            Ok(Some(n)) if n > 0 => damaged.push(Damaged { part: part.clone(), lot: lot.clone(), qty: n }),
            Ok(_) => {}
            Err(e) => problem("damaged", e),
        }
        let note = get("note");
        if !note.is_empty() {
            notes.push(format!("{part} {lot}: {note}"));
        }
        Ok(())
    })?;
    for l in book {
        if !seen.contains(&(l.part_no.clone(), l.lot.clone())) && problems.is_empty() {
            problems.push(w::reserve_sheet_missing(&l.part_no, &l.lot).to_string());
        }
    }
    if !problems.is_empty() {
        let name = path.display().to_string();
        return Err(Error::invalid(w::reserve_sheet_invalid(name, problems.join("\n  "))));
    }
    Ok((damaged, notes))
}
