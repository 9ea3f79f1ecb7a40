//! Workbooks read for imports: .xlsx, .xlsm, .xlsb, .xls (Excel, WPS) and .ods
//! (LibreOffice), through calamine. A sheet becomes the same rows a CSV file gives
//! (`RawRow`), so every import, map, mode, `--dry-run` and `--rejects` works on it
//! unchanged; only the things a CSV file cannot carry are decided here:
//!
//! - which sheet (`--sheet NAME|N`, else the one named after the area, else the first);
//! - which row is the header: exported reports put a title and blank rows above it, so
//!   it is the first row naming the most known columns (`--header-row N` says it);
//! - what text a typed cell stands for: the text a person saw in the spreadsheet
//!   (`13800000001`, never `1.38E+10`; a date cell as `2019-04-12`);
//! - which cells were not typed in: a formula's result, an error value (see `Kind`).
//!
//! An .xlsx sheet is streamed: its cells are read as its rows are handed on, so an
//! import's memory stays flat as the sheet grows. calamine has no such reader for
//! .xls, .xlsb and .ods: those sheets are read whole (docs/workbooks.md).

use std::io::{Read, Seek, SeekFrom};

use calamine::{Data, DataRef, Range, Reader, Sheets, Xlsx, XlsxError};

use super::source::RawRow;
use crate::error::{Error, Kind as ErrorKind, Result};

pub mod msg {
    use crate::words::{Arg, Msg};

    crate::words::catalogue::messages! {
        workbook_unreadable = "workbook-unreadable" (name, reason);
        workbook_not_a_workbook = "workbook-not-a-workbook" (name);
        workbook_text_not_a_workbook = "workbook-text-not-a-workbook" (name);
        workbook_no_sheet = "workbook-no-sheet" (name, sheet, sheets);
        workbook_sheet_ambiguous = "workbook-sheet-ambiguous" (name, sheets);
        workbook_empty_sheet = "workbook-empty-sheet" (name, sheet);
        workbook_header_row_blank = "workbook-header-row-blank" (name, sheet, row);
        workbook_formula = "workbook-formula" (formula);
        workbook_error_cell = "workbook-error-cell" (error);
        workbook_code_numbers = "workbook-code-numbers" (header, count, example, row);
        workbook_to_terminal = "workbook-to-terminal" ();
        workbook_write_failed = "workbook-write-failed" (reason);
        workbook_write_name = "workbook-write-name" (path);
        workbook_reference_zeros = "workbook-reference-zeros" (problem, meant);
        workbook_whole_input_title = "workbook-whole-input-title" ();
        workbook_whole_input = "workbook-whole-input" ();
        workbook_whole_error_title = "workbook-whole-error-title" ();
        workbook_whole_error = "workbook-whole-error" ();
    }
}

/// The start of every file calamine reads: a zip archive (.xlsx, .xlsb, .ods) or an
/// OLE compound file (.xls).
pub fn has_workbook_magic(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The extensions read as workbooks.
pub fn is_workbook_extension(ext: &str) -> bool {
    matches!(ext, "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
}

/// What a source cell was, beyond its text: the engine refuses a formula's result or
/// an error value as a record's field, and warns when a code column holds numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Empty,
    Text,
    Number,
    Date,
    /// A formula (its text, without `=`); the cell's text is its cached result.
    Formula(String),
    /// An error value (`#DIV/0!`, `#REF!`).
    Error(String),
    Other,
}

/// How to choose the sheet and its header row.
#[derive(Default)]
pub struct Choice<'a> {
    /// `--sheet`: a sheet's name, or its number counted from 1.
    pub sheet: Option<&'a str>,
    /// `--header-row`: the header's row number as the spreadsheet shows it.
    pub header_row: Option<u32>,
    /// The area's names (`customers`, `customer`): a sheet so named is the default.
    pub area: &'a [&'a str],
    /// How many of a row's cells name a known column (the engine's map knows).
    pub score: Option<&'a HeaderScore<'a>>,
}

/// How many of a row's cells name a known column.
pub type HeaderScore<'a> = dyn Fn(&[String]) -> usize + 'a;

/// The rows above the header that are searched for it: titles, notes, blank lines.
const HEADER_SEARCH_ROWS: u32 = 30;

/// A declared dimension wider than this (a whole row formatted) is not taken as the
/// sheet's used area.
const MAX_DECLARED_COLUMNS: u32 = 1024;

/// What calamine reads a workbook from: the file itself (read as it is parsed, never
/// held whole), or the bytes of one piped in.
pub enum Input {
    File(std::fs::File),
    Bytes(std::rc::Rc<[u8]>),
}

pub trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}
type Book = Box<dyn ReadSeek>;

impl Input {
    /// A reader from the first byte (each format is tried on a reader of its own).
    fn fresh(&self) -> std::io::Result<Book> {
        Ok(match self {
            Input::File(file) => {
                let mut file = file.try_clone()?;
                file.seek(SeekFrom::Start(0))?;
                Box::new(std::io::BufReader::with_capacity(64 * 1024, file))
            }
            Input::Bytes(bytes) => Box::new(std::io::Cursor::new(bytes.clone())),
        })
    }
}

/// The workbook, whichever of calamine's formats it is (tried in the order calamine's
/// own `open_workbook_auto_from_rs` tries them, which needs a reader it can clone).
fn open_any(input: &Input) -> std::result::Result<Sheets<Book>, String> {
    let io = |e: std::io::Error| e.to_string();
    if let Ok(book) = calamine::open_workbook_from_rs(input.fresh().map_err(io)?) {
        return Ok(Sheets::Xls(book));
    }
    if let Ok(book) = calamine::open_workbook_from_rs(input.fresh().map_err(io)?) {
        return Ok(Sheets::Xlsx(book));
    }
    if let Ok(book) = calamine::open_workbook_from_rs(input.fresh().map_err(io)?) {
        return Ok(Sheets::Xlsb(book));
    }
    if let Ok(book) = calamine::open_workbook_from_rs(input.fresh().map_err(io)?) {
        return Ok(Sheets::Ods(book));
    }
    Err(calamine::Error::Msg("Cannot detect file format").to_string())
}

/// One sheet, with its header row found.
pub struct Sheet {
    pub sheet: String,
    /// The file's name, for messages.
    name: String,
    body: Body,
}

enum Body {
    /// .xls, .xlsb, .ods: read whole (calamine has no cell-by-cell reader for them).
    Whole { range: Range<Data>, formulas: Option<Range<String>>, header: u32 },
    /// .xlsx, .xlsm: read cell by cell as the rows are handed on, so the memory an
    /// import takes does not grow with the sheet. Only the shared strings (a part of
    /// the file of their own) and the rows searched for the header are held.
    Streamed(Box<Streamed>),
}

struct Streamed {
    book: Xlsx<Book>,
    /// The header's texts, from its first column `left` on.
    headers: Vec<String>,
    /// The header's row, counted from 0 as calamine counts.
    header: u32,
    /// The first and the number of columns every row is cut to: those of the sheet's
    /// used area as the rows above and at the header (and the sheet's declared
    /// dimension) show it, as a whole-sheet read makes every row as wide as the sheet.
    left: u32,
    width: usize,
}

/// The top of a sheet, as the header search sees it: its first rows (from the first
/// that is not blank), each a row number and its cells from column `left`.
struct Top {
    rows: Vec<(u32, Vec<Data>)>,
    left: u32,
    right: u32,
}

impl Top {
    fn from_range(range: &Range<Data>, through: Option<u32>) -> Top {
        let (top, left) = range.start().unwrap_or((0, 0));
        let right = range.end().map_or(left, |e| e.1);
        let last = top.saturating_add(HEADER_SEARCH_ROWS).max(through.map_or(0, |t| t + 1));
        let rows =
            range.rows().zip(top..).take_while(|(_, r)| *r < last).map(|(cells, r)| (r, cells.to_vec())).collect();
        Top { rows, left, right }
    }

    /// The first rows of an xlsx sheet, read cell by cell (and through row `through`
    /// when `--header-row` names one further down).
    fn from_xlsx(book: &mut Xlsx<Book>, sheet: &str, through: Option<u32>) -> std::result::Result<Top, XlsxError> {
        let mut cells = book.worksheet_cells_reader(sheet)?;
        let declared = cells.dimensions();
        let mut sparse: Vec<((u32, u32), Data)> = Vec::new();
        let mut first_row = None;
        while let Some(cell) = cells.next_cell()? {
            let (row, col) = cell.get_position();
            if matches!(cell.get_value(), DataRef::Empty) {
                continue;
            }
            let top = *first_row.get_or_insert(row);
            if row >= top.saturating_add(HEADER_SEARCH_ROWS) && through.is_none_or(|t| row > t) {
                break;
            }
            if row < top {
                continue; // out of order: not a sheet a spreadsheet program writes
            }
            sparse.push(((row, col), Data::from(cell.get_value().clone())));
        }
        let Some(top) = first_row else { return Ok(Top { rows: Vec::new(), left: 0, right: 0 }) };
        let left = sparse.iter().map(|c| c.0 .1).min().unwrap_or(0);
        let mut right = sparse.iter().map(|c| c.0 .1).max().unwrap_or(0);
        // The declared dimension covers the rows not read yet: cells to the right of
        // the header (a note typed beside the table) keep their place.
        if declared.start.1 <= left && declared.end.1 > right && declared.end.1 - left < MAX_DECLARED_COLUMNS {
            right = declared.end.1;
        }
        let last = sparse.iter().map(|c| c.0 .0).max().unwrap_or(top);
        let width = (right - left + 1) as usize;
        let mut rows: Vec<(u32, Vec<Data>)> = (top..=last).map(|r| (r, vec![Data::Empty; width])).collect();
        for ((row, col), value) in sparse {
            rows[(row - top) as usize].1[(col - left) as usize] = value;
        }
        Ok(Top { rows, left, right })
    }

    /// Whether any of these rows names a known column.
    fn names_a_column(&self, choice: &Choice) -> bool {
        let Some(score) = choice.score else { return false };
        self.rows.iter().take(HEADER_SEARCH_ROWS as usize).any(|(_, cells)| score(&texts(cells)) > 0)
    }
}

fn texts(cells: &[Data]) -> Vec<String> {
    cells.iter().map(text).collect()
}

/// Read a workbook and choose its sheet and header row. `name` is the file's name, for
/// messages.
pub fn open(input: Input, name: &str, choice: &Choice) -> Result<Sheet> {
    let mut head = Vec::with_capacity(4096);
    let unreadable = |e: std::io::Error| Error::invalid(msg::workbook_unreadable(name, e.to_string()));
    input.fresh().and_then(|r| r.take(4096).read_to_end(&mut head)).map_err(unreadable)?;
    if !has_workbook_magic(&head) {
        // Text in any encoding (a CSV, an HTML "export to Excel") has no NUL and few
        // control bytes; a damaged or other binary file has many.
        let control = head.iter().filter(|b| **b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n')).count();
        let text = !head.is_empty() && !head.contains(&0) && control * 100 <= head.len();
        return Err(Error::invalid(if text {
            msg::workbook_text_not_a_workbook(name)
        } else {
            msg::workbook_not_a_workbook(name)
        }));
    }
    let unreadable = |e: &dyn std::fmt::Display| Error::invalid(msg::workbook_unreadable(name, e.to_string()));
    let mut book = open_any(&input).map_err(|e| unreadable(&e))?;
    let names = book.sheet_names();
    let sheet = match pick_sheet(&names, choice) {
        Some(sheet) => sheet,
        // No --sheet and no sheet named after the area: the one sheet whose top rows name
        // a known column (a filled-in sheet beside a notes or summary sheet), else the
        // first; two such sheets are a question only the user can answer.
        None if choice.sheet.is_none() => {
            let mut known = |sheet: &String| match &mut book {
                Sheets::Xlsx(x) => Top::from_xlsx(x, sheet, None).is_ok_and(|top| top.names_a_column(choice)),
                other => other.worksheet_range(sheet).is_ok_and(|r| Top::from_range(&r, None).names_a_column(choice)),
            };
            let candidates: Vec<String> = names.iter().filter(|n| known(n)).cloned().collect();
            match candidates.as_slice() {
                [one] => one.clone(),
                [] => names.first().cloned().ok_or_else(|| Error::invalid(msg::workbook_no_sheet(name, "1", "")))?,
                several => return Err(Error::invalid(msg::workbook_sheet_ambiguous(name, several.join(", ")))),
            }
        }
        None => {
            return Err(Error::invalid(msg::workbook_no_sheet(
                name,
                choice.sheet.unwrap_or_default(),
                names.join(", "),
            )))
        }
    };
    let through = choice.header_row.and_then(|r| r.checked_sub(1));
    let body = match book {
        Sheets::Xlsx(mut book) => {
            let top = Top::from_xlsx(&mut book, &sheet, through).map_err(|e| unreadable(&e))?;
            let header = find_header(&top, &sheet, name, choice)?;
            let headers = top.rows.iter().find(|(r, _)| *r == header).map(|(_, c)| texts(c)).unwrap_or_default();
            let width = (top.right - top.left + 1) as usize;
            Body::Streamed(Box::new(Streamed { book, headers, header, left: top.left, width }))
        }
        mut book => {
            let range = book.worksheet_range(&sheet).map_err(|e| unreadable(&e))?;
            // Formulas are only looked up; a format that cannot list them gives none.
            let formulas = match &mut book {
                Sheets::Xls(_) | Sheets::Ods(_) => book.worksheet_formula(&sheet).ok(),
                Sheets::Xlsx(_) | Sheets::Xlsb(_) => None,
            };
            let header = find_header(&Top::from_range(&range, through), &sheet, name, choice)?;
            Body::Whole { range, formulas, header }
        }
    };
    Ok(Sheet { sheet, name: name.to_string(), body })
}

fn pick_sheet(names: &[String], choice: &Choice) -> Option<String> {
    if let Some(wanted) = choice.sheet {
        let wanted = wanted.trim();
        if let Some(n) = names.iter().find(|n| n.trim() == wanted) {
            return Some(n.clone());
        }
        // A number names a sheet by position, unless a sheet is called so.
        return wanted.parse::<usize>().ok().filter(|n| *n >= 1).and_then(|n| names.get(n - 1).cloned());
    }
    if names.len() == 1 {
        return names.first().cloned();
    }
    // Several sheets: the one named after the area, else `open` looks at their headers.
    names.iter().find(|n| choice.area.iter().any(|a| n.trim().eq_ignore_ascii_case(a))).cloned()
}

/// The header's row: the row `--header-row` names; else, among the first rows, the
/// first that names the most known columns; else the first row that is not blank.
fn find_header(top: &Top, sheet: &str, name: &str, choice: &Choice) -> Result<u32> {
    if let Some(row) = choice.header_row {
        let blank = || Error::invalid(msg::workbook_header_row_blank(name, sheet, i64::from(row)));
        let index = row.checked_sub(1).ok_or_else(blank)?;
        let cells = top.rows.iter().find(|(r, _)| *r == index).map(|(_, c)| c).ok_or_else(blank)?;
        if cells.iter().all(|c| text(c).trim().is_empty()) {
            return Err(blank());
        }
        return Ok(index);
    }
    let mut first = None;
    let mut best: Option<(u32, usize)> = None;
    for (row, cells) in top.rows.iter().take(HEADER_SEARCH_ROWS as usize) {
        let texts = texts(cells);
        if texts.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        first.get_or_insert(*row);
        if let Some(score) = choice.score {
            let n = score(&texts);
            if n > best.map_or(0, |b| b.1) {
                best = Some((*row, n));
            }
        }
    }
    best.map(|b| b.0).or(first).ok_or_else(|| Error::invalid(msg::workbook_empty_sheet(name, sheet)))
}

impl Sheet {
    /// The header to `header`, then each row below it to `each`, numbered as the
    /// spreadsheet numbers its rows.
    pub fn rows(
        &mut self,
        header: &mut dyn FnMut(&[String]) -> Result<()>,
        each: &mut dyn FnMut(&RawRow) -> Result<()>,
    ) -> Result<()> {
        match &mut self.body {
            Body::Whole { range, formulas, header: at } => whole_rows(range, formulas.as_ref(), *at, header, each),
            Body::Streamed(s) => s.rows(&self.name, &self.sheet, header, each),
        }
    }
}

fn whole_rows(
    range: &Range<Data>,
    formulas: Option<&Range<String>>,
    at: u32,
    header: &mut dyn FnMut(&[String]) -> Result<()>,
    each: &mut dyn FnMut(&RawRow) -> Result<()>,
) -> Result<()> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows().skip(at.saturating_sub(top) as usize);
    let headers: Vec<String> = rows.next().map(texts).unwrap_or_default();
    header(&headers)?;
    let mut row = RawRow::new(std::rc::Rc::new(headers));
    for (cells, sheet_row) in rows.zip(at + 1..) {
        row.pos = u64::from(sheet_row) + 1;
        row.values.clear();
        row.kinds.clear();
        for (j, cell) in cells.iter().enumerate() {
            let formula = formulas.and_then(|f| f.get_value((sheet_row, left + j as u32))).filter(|f| !f.is_empty());
            row.values.push(text(cell));
            row.kinds.push(cell_kind(cell, formula.map(String::as_str)));
        }
        each(&row)?;
    }
    Ok(())
}

impl Streamed {
    /// The rows below the header, read cell by cell: a row is handed on when the next
    /// one begins. Rows the file leaves out (blank rows) are handed on blank, as a
    /// whole-sheet read gives them, so row numbers and blank-row handling are the same.
    fn rows(
        &mut self,
        name: &str,
        sheet: &str,
        header: &mut dyn FnMut(&[String]) -> Result<()>,
        each: &mut dyn FnMut(&RawRow) -> Result<()>,
    ) -> Result<()> {
        header(&self.headers)?;
        let book = &mut self.book;
        let mut cells = reader_call(name, self.header, || book.worksheet_cells_reader(sheet))?;
        let (left, width) = (self.left, self.width);
        let mut row = RawRow::new(std::rc::Rc::new(std::mem::take(&mut self.headers)));
        // A row's strings are emptied, not dropped: a cell's text is written into the
        // buffer its column had in the row before (see `write_text`).
        let blank = |row: &mut RawRow, at: u32| {
            row.pos = u64::from(at) + 1;
            row.values.truncate(width);
            row.values.iter_mut().for_each(String::clear);
            row.values.resize(width, String::new());
            row.kinds.clear();
            row.kinds.resize(width, Kind::Empty);
        };
        // The row being filled, and the next row number to hand on.
        let mut current: Option<u32> = None;
        let mut next = self.header + 1;
        while let Some(cell) = reader_call(name, current.unwrap_or(next), || cells.next_cell_with_formula())? {
            let (r, c) = cell.pos;
            let formula = cell.formula.as_deref().filter(|f| !f.is_empty());
            if r <= self.header || (matches!(cell.value, DataRef::Empty) && formula.is_none()) {
                continue;
            }
            if current != Some(r) {
                if let Some(done) = current {
                    each(&row)?;
                    next = done + 1;
                }
                while next < r {
                    blank(&mut row, next);
                    each(&row)?;
                    next += 1;
                }
                blank(&mut row, r);
                current = Some(r);
            }
            // A cell outside the used area the top rows showed has no column to go to.
            let Some(j) = c.checked_sub(left).map(|j| j as usize).filter(|j| *j < width) else { continue };
            let slot = &mut row.values[j];
            row.kinds[j] = match cell.value {
                // The reader's own string (an inline string, as svc's exports write
                // them): handed on as it is, not copied.
                DataRef::String(s) => {
                    *slot = s;
                    Kind::Text
                }
                DataRef::SharedString(s) => {
                    slot.clear();
                    slot.push_str(s);
                    Kind::Text
                }
                other => {
                    let value = Data::from(other);
                    write_text(slot, &value);
                    kind(&value)
                }
            };
            if let Some(f) = formula {
                row.kinds[j] = Kind::Formula(formula_text(f));
            }
        }
        if current.is_some() {
            each(&row)?;
        }
        Ok(())
    }
}

/// One call into the streaming reader while it is at sheet row `row` (counted from 0):
/// its error is the file's, and so is its panic (a damage calamine did not foresee),
/// which names the row reached (`reader_guard`).
fn reader_call<T>(name: &str, row: u32, call: impl FnOnce() -> std::result::Result<T, XlsxError>) -> Result<T> {
    match super::reader_guard::guarded(call) {
        Some(Ok(value)) => Ok(value),
        Some(Err(e)) => Err(Error::invalid(msg::workbook_unreadable(name, e.to_string()))),
        None => Err(Error::invalid(crate::hardening::msg::workbook_damaged_at(name, i64::from(row) + 1))),
    }
}

fn cell_kind(cell: &Data, formula: Option<&str>) -> Kind {
    match formula {
        Some(f) => Kind::Formula(formula_text(f)),
        None => kind(cell),
    }
}

/// A formula as Excel writes it; OpenDocument's `of:=COUNTA([.A4:.A12])` made so too.
fn formula_text(f: &str) -> String {
    match f.strip_prefix("of:") {
        Some(od) => od.trim_start_matches('=').replace("[.", "").replace(":.", ":").replace(']', ""),
        None => f.trim_start_matches('=').to_string(),
    }
}

fn kind(cell: &Data) -> Kind {
    match cell {
        Data::Empty => Kind::Empty,
        Data::String(_) => Kind::Text,
        Data::Int(_) | Data::Float(_) => Kind::Number,
        Data::DateTime(d) if d.is_duration() => Kind::Number,
        Data::DateTime(_) | Data::DateTimeIso(_) => Kind::Date,
        Data::Error(e) => Kind::Error(e.to_string()),
        Data::Bool(_) | Data::DurationIso(_) => Kind::Other,
    }
}

/// A cell as the text a person saw in the spreadsheet.
pub fn text(cell: &Data) -> String {
    let mut out = String::new();
    write_text(&mut out, cell);
    out
}

/// A cell's text (`text`) written into `out`, whose buffer a streamed sheet reuses from
/// row to row: a million rows are not a million strings made and dropped per column.
fn write_text(out: &mut String, cell: &Data) {
    use std::fmt::Write as _;
    out.clear();
    // Writing into a String cannot fail.
    let _ = match cell {
        Data::Empty => Ok(()),
        Data::String(s) | Data::DurationIso(s) => out.write_str(s),
        Data::Int(i) => write!(out, "{i}"),
        Data::Float(f) => write_number(out, *f),
        Data::Bool(b) => out.write_str(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(d) if d.is_duration() => write_number(out, d.as_f64()),
        Data::DateTime(d) => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                write!(out, "{y:04}-{mo:02}-{day:02}")
            } else {
                write!(out, "{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        // OpenDocument keeps dates as ISO text: a date alone when the time is midnight.
        Data::DateTimeIso(s) => {
            let s = s.strip_suffix("T00:00:00").unwrap_or(s);
            match s.split_once('T') {
                Some((date, time)) => write!(out, "{date} {time}"),
                None => out.write_str(s),
            }
        }
        Data::Error(e) => write!(out, "{e}"),
    };
}

/// A number as a spreadsheet shows it in General format: at most 15 significant digits
/// (what Excel keeps; `0.1 + 0.2` shows as 0.3), never an exponent or a trailing `.0`
/// (the phone number 13800000001 stays 13800000001).
pub fn number_text(f: f64) -> String {
    let mut out = String::new();
    let _ = write_number(&mut out, f);
    out
}

fn write_number(out: &mut String, f: f64) -> std::fmt::Result {
    use std::fmt::Write as _;
    if !f.is_finite() {
        return write!(out, "{f}");
    }
    // A whole number of at most 15 digits (a phone number, a count, a serial) is
    // exactly what 15 significant digits show: written as the integer it is, without
    // the round trip through text below.
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return write!(out, "{}", f as i64);
    }
    let shown: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if shown == 0.0 {
        return out.write_str("0");
    }
    // Rust prints an f64 in the fewest digits that read back the same, without exponent.
    write!(out, "{shown}")
}

/// Columns holding codes (keys, part and serial numbers, registration numbers): a
/// number cell there may have lost leading zeros to the spreadsheet.
pub fn is_code_column(column: &str) -> bool {
    column == "code" || column.ends_with("_code") || column.ends_with("_no") || column == "number"
}

/// Number cells found in code columns, per source column, for one warning each.
#[derive(Default)]
pub struct NumberedCodes {
    seen: Vec<(String, u64, String, u64)>,
}

impl NumberedCodes {
    pub fn see(&mut self, header: &str, value: &str, row: u64) {
        match self.seen.iter_mut().find(|s| s.0 == header) {
            Some(s) => s.1 += 1,
            None => self.seen.push((header.to_string(), 1, value.to_string(), row)),
        }
    }

    /// One note per column.
    pub fn notes(&self) -> Vec<String> {
        self.seen
            .iter()
            .map(|(h, n, example, row)| {
                msg::workbook_code_numbers(h.as_str(), *n as i64, example.as_str(), *row as i64).to_string()
            })
            .collect()
    }
}

/// The problem a cell's kind makes for a record's field, if any.
pub fn cell_problem(kind: &Kind) -> Option<String> {
    match kind {
        Kind::Formula(f) => Some(msg::workbook_formula(f.as_str()).to_string()),
        Kind::Error(e) => Some(msg::workbook_error_cell(e.as_str()).to_string()),
        _ => None,
    }
}

/// Refused: a workbook is binary, a terminal would show noise.
pub fn refuse_terminal() -> Error {
    Error::Msg(ErrorKind::Usage, msg::workbook_to_terminal())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seam of the row stream's guard: a reader call that panics (as calamine did
    /// on a truncated .xls) is the file's error, exit 5, naming the row reached; an
    /// import that gets it rolls back as for any other error.
    #[test]
    fn a_reader_panic_while_rows_stream_is_a_damaged_workbook_naming_the_row() {
        let ok = reader_call("legacy.xlsx", 3, || Ok::<_, XlsxError>(7));
        assert_eq!(ok.ok(), Some(7));
        let panicked = reader_call("legacy.xlsx", 41, || -> std::result::Result<u8, XlsxError> {
            let cells: Vec<u8> = Vec::new();
            Ok(cells[5])
        });
        match panicked {
            Err(Error::Msg(ErrorKind::Invalid, m)) => {
                assert_eq!(m.key, "hardening-workbook-damaged-at");
                let text = m.to_string();
                assert!(text.contains("legacy.xlsx") && text.contains("row 42"), "{text}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn numbers_read_as_a_person_saw_them() {
        assert_eq!(number_text(13800000001.0), "13800000001");
        assert_eq!(number_text(311.0), "311");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1234.5), "1234.5");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(12.0), "12");
    }

    /// The whole-number shortcut writes what the round trip through 15 significant
    /// digits writes.
    #[test]
    fn whole_numbers_are_written_as_the_round_trip_writes_them() {
        let round_trip = |f: f64| {
            let shown: f64 = format!("{f:.14e}").parse().unwrap();
            if shown == 0.0 {
                "0".to_string()
            } else {
                shown.to_string()
            }
        };
        let mut cases = vec![0.0, -0.0, 1.0, -1.0, 311.0, 13800000001.0, 999_999_999_999_999.0, -999_999_999_999_999.0];
        cases.extend((0..2000).map(|i| (i as f64 * 7919.0).powi(3) % 1e15));
        cases.extend((1..=15).map(|e| 10f64.powi(e) - 1.0));
        for f in cases {
            assert_eq!(number_text(f), round_trip(f), "{f}");
        }
        // Past 15 digits the round trip rounds, as a spreadsheet does.
        assert_eq!(number_text(1e15), round_trip(1e15));
        assert_eq!(number_text(1234567890123456.0), "1234567890123460");
    }

    /// Text written into a buffer a row reused is the cell's text alone.
    #[test]
    fn a_reused_buffer_holds_only_the_new_cells_text() {
        let mut out = "a much longer text from the row before".to_string();
        write_text(&mut out, &Data::Float(12.0));
        assert_eq!(out, "12");
        write_text(&mut out, &Data::Empty);
        assert_eq!(out, "");
        write_text(&mut out, &Data::Bool(true));
        assert_eq!(out, "TRUE");
        write_text(&mut out, &Data::DateTimeIso("2019-04-12T10:30:00".into()));
        assert_eq!(out, "2019-04-12 10:30:00");
    }

    #[test]
    fn dates_read_as_iso_days() {
        let d = calamine::ExcelDateTime::new(43567.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(text(&Data::DateTime(d)), "2019-04-12");
        assert_eq!(text(&Data::DateTimeIso("2019-04-12T00:00:00".into())), "2019-04-12");
        assert_eq!(text(&Data::DateTimeIso("2019-04-12T10:30:00".into())), "2019-04-12 10:30:00");
    }

    #[test]
    fn sheets_are_chosen_by_name_number_or_area() {
        let names: Vec<String> = ["说明", "customers", "Sheet3"].iter().map(|s| s.to_string()).collect();
        let pick =
            |sheet: Option<&str>, area: &[&str]| pick_sheet(&names, &Choice { sheet, area, ..Default::default() });
        // Several sheets, none named after the area: `open` looks at their headers.
        assert_eq!(pick(None, &[]), None);
        assert_eq!(pick(None, &["customers"]).as_deref(), Some("customers"));
        assert_eq!(pick(Some("3"), &["customers"]).as_deref(), Some("Sheet3"));
        assert_eq!(pick(Some("Sheet3"), &[]).as_deref(), Some("Sheet3"));
        assert_eq!(pick(Some("4"), &[]), None);
        assert_eq!(pick(Some("nope"), &[]), None);
    }

    #[test]
    fn not_a_workbook_is_refused_before_parsing() {
        let input = Input::Bytes(b"code,name\n".to_vec().into());
        let err = open(input, "x.xlsx", &Choice::default()).err().expect("refused");
        assert!(matches!(err.kind(), ErrorKind::Invalid));
    }
}
