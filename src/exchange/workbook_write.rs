//! Workbooks written by exports and listings (`--format xlsx`, `-o FILE.xlsx`), through
//! rust_xlsxwriter in its constant-memory mode (rows go to a temporary file as they
//! come, and the finished workbook is zipped straight into the destination, so a large
//! export does not sit in memory).
//!
//! Each cell is typed for what it holds, so that the workbook reads as a person
//! expects and imports back unchanged: codes and every other text as text cells (the
//! part number 00012345 keeps its zeros), numbers as numbers, amounts (`cost`, `price`
//! ...) as numbers with two decimals, days (`2026-03-05`) as date cells. The header is
//! bold, frozen and filtered; columns are as wide as their widest cell, a Chinese
//! character counting twice.
//!
//! A sheet to fill in (the stock count, the emergency reserve check: see `FILL_IN`) is
//! protected without a password: identity columns and book quantities are locked, the
//! fill-in columns are open, and the counts accept a whole number from 0 or a blank.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use serde_json::Value;

use std::io::IsTerminal;

use super::sink::Dest;
use super::workbook::msg;
use crate::error::{Error, Kind, Result};

/// A sheet svc hands out for a person to fill in: recognised by its columns, it is
/// protected with only the fill-in columns open, its counts validated.
struct FillIn {
    /// The columns that, all present, mark the sheet.
    marks: &'static [&'static str],
    /// The columns a person fills in: left open.
    open: &'static [&'static str],
    /// Of those, the ones taking a whole number from 0 (or a blank).
    whole: &'static [&'static str],
}

const FILL_IN: &[FillIn] = &[
    // The stock count sheet (`svc parts count sheet`).
    FillIn { marks: &["counted_qty"], open: &["counted_qty", "note"], whole: &["counted_qty"] },
    // The emergency reserve check sheet (`svc drill reserve sheet`, src/emergency/sheet.rs).
    FillIn {
        marks: &["expected", "counted", "damaged"],
        open: &["counted", "damaged", "note"],
        whole: &["counted", "damaged"],
    },
];

/// The fill-in sheet these headers make, if any.
fn fill_in_of(headers: &[String]) -> Option<&'static FillIn> {
    FILL_IN.iter().find(|f| f.marks.iter().all(|m| headers.iter().any(|h| h == m)))
}
/// The widest a column is made, in characters.
const MAX_WIDTH: usize = 60;
/// Excel's last row (0-based).
const LAST_ROW: u32 = 1_048_575;

/// Where a workbook may go: a file named .xlsx (or .xlsm), or stdout unless it is a
/// terminal. A workbook named .xls or .ods would be opened as the wrong format.
pub fn check_dest(dest: &Dest) -> Result<()> {
    match dest {
        Dest::Stdout if std::io::stdout().is_terminal() => Err(super::workbook::refuse_terminal()),
        Dest::Stdout => Ok(()),
        Dest::File(path) | Dest::Replace(path) => {
            let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
            match ext.as_str() {
                "xlsx" | "xlsm" => Ok(()),
                _ => Err(Error::Msg(Kind::Usage, msg::workbook_write_name(path.display().to_string()))),
            }
        }
    }
}

/// Columns holding amounts of money (decimal text in svc, numbers in a workbook).
pub fn is_amount_column(column: &str) -> bool {
    matches!(column, "cost" | "price" | "value" | "amount" | "total" | "charge")
        || ["_cost", "_price", "_value", "_amount"].iter().any(|s| column.ends_with(s))
}

/// A day as svc writes it (`2026-03-05`), as a date for the workbook.
fn day(s: &str) -> Option<ExcelDateTime> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u16> {
        s.get(r).filter(|t| t.bytes().all(|c| c.is_ascii_digit()))?.parse().ok()
    };
    let (y, m, d) = (num(0..4)?, u8::try_from(num(5..7)?).ok()?, u8::try_from(num(8..10)?).ok()?);
    chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())?;
    ExcelDateTime::from_ymd(y, m, d).ok()
}

fn excel_time(t: chrono::DateTime<chrono::Utc>) -> Option<ExcelDateTime> {
    use chrono::{Datelike, Timelike};
    let day = ExcelDateTime::from_ymd(u16::try_from(t.year()).ok()?, t.month() as u8, t.day() as u8).ok()?;
    day.and_hms(t.hour() as u16, t.minute() as u8, t.second()).ok()
}

/// An amount as svc writes it (`1234.50`, `-3.00`), as a number.
fn amount(s: &str) -> Option<f64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit());
    (ok && frac.len() <= 2).then(|| s.parse().ok()).flatten()
}

/// How wide a text shows: full-width (Chinese) characters take two columns.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x1100 && !c.is_ascii() { 2 } else { 1 }).sum()
}

fn failed(e: XlsxError) -> Error {
    Error::invalid(msg::workbook_write_failed(e.to_string()))
}

struct Formats {
    header: Format,
    date: Format,
    money: Format,
    text: Format,
}

impl Formats {
    fn new(open: bool) -> Formats {
        let base = if open { Format::new().set_unlocked() } else { Format::new() };
        Formats {
            header: Format::new().set_bold().set_align(FormatAlign::Center),
            date: base.clone().set_num_format("yyyy-mm-dd"),
            money: base.clone().set_num_format("0.00"),
            // "@": Excel keeps what is typed into it as text (a new part number 0013).
            text: base.set_num_format("@"),
        }
    }
}

/// One sheet being written.
pub struct XlsxOut {
    book: Workbook,
    sheet: Worksheet,
    headers: Vec<String>,
    widths: Vec<usize>,
    amounts: Vec<bool>,
    open: Vec<bool>,
    locked: Formats,
    unlocked: Formats,
    rows: u32,
    fill_in: Option<&'static FillIn>,
}

impl XlsxOut {
    /// `headers` are the canonical column keys (which columns are amounts, which a sheet
    /// leaves open); `shown` the header row as written (their labels with `--headers zh`).
    pub fn new(headers: &[String], shown: &[String]) -> Result<XlsxOut> {
        let mut book = Workbook::new();
        // Created at svc's clock (`SVC_NOW` in tests), so the same records give the same file.
        if let Some(created) = crate::clock::Clock::from_env().ok().and_then(|c| excel_time(c.now())) {
            book.set_properties(&DocProperties::new().set_creation_datetime(&created));
        }
        let mut sheet = book.new_worksheet_with_constant_memory().map_err(failed)?;
        let fill_in = fill_in_of(headers);
        let open: Vec<bool> = headers.iter().map(|h| fill_in.is_some_and(|f| f.open.contains(&h.as_str()))).collect();
        let locked = Formats::new(false);
        for (c, h) in shown.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &locked.header).map_err(failed)?;
        }
        Ok(XlsxOut {
            book,
            sheet,
            widths: shown.iter().map(|h| display_width(h)).collect(),
            amounts: headers.iter().map(|h| is_amount_column(h)).collect(),
            headers: headers.to_vec(),
            open,
            locked,
            unlocked: Formats::new(true),
            rows: 0,
            fill_in,
        })
    }

    pub fn row(&mut self, values: &[Value]) -> Result<()> {
        self.rows += 1;
        let r = self.rows;
        for (c, v) in values.iter().enumerate() {
            let col = c as u16;
            let f = if self.open.get(c).copied().unwrap_or(false) { &self.unlocked } else { &self.locked };
            let shown = match v {
                Value::Null => {
                    if self.open.get(c).copied().unwrap_or(false) {
                        self.sheet.write_blank(r, col, &f.text).map_err(failed)?;
                    }
                    0
                }
                Value::Bool(b) => {
                    self.sheet.write_boolean(r, col, *b).map_err(failed)?;
                    5
                }
                Value::Number(n) => {
                    let text = n.to_string();
                    self.sheet.write_number(r, col, n.as_f64().unwrap_or_default()).map_err(failed)?;
                    text.len()
                }
                Value::String(s) => {
                    if let Some(d) = day(s) {
                        self.sheet.write_datetime_with_format(r, col, d, &f.date).map_err(failed)?;
                    } else if let Some(a) = self.amounts.get(c).copied().unwrap_or(false).then(|| amount(s)).flatten() {
                        self.sheet.write_number_with_format(r, col, a, &f.money).map_err(failed)?;
                    } else {
                        self.sheet.write_string_with_format(r, col, s, &f.text).map_err(failed)?;
                    }
                    display_width(s)
                }
                Value::Array(_) | Value::Object(_) => {
                    let s = v.to_string();
                    self.sheet.write_string_with_format(r, col, &s, &f.text).map_err(failed)?;
                    display_width(&s)
                }
            };
            if let Some(w) = self.widths.get_mut(c) {
                *w = (*w).max(shown);
            }
        }
        Ok(())
    }

    /// The finished workbook, written to `out` as it is zipped: the sheet's rows come
    /// from the temporary file constant-memory mode kept them in, and are never held
    /// whole (the bytes of a 1,000,000-row workbook, 82 MB, were).
    pub fn finish_into<W: std::io::Write + Send>(mut self, out: W) -> Result<()> {
        let last_col = self.headers.len().saturating_sub(1) as u16;
        for (c, w) in self.widths.iter().enumerate() {
            self.sheet.set_column_width(c as u16, (*w).clamp(6, MAX_WIDTH) as f64 + 2.0).map_err(failed)?;
        }
        self.sheet.set_freeze_panes(1, 0).map_err(failed)?;
        if !self.headers.is_empty() {
            self.sheet.autofilter(0, 0, self.rows, last_col).map_err(failed)?;
        }
        if let Some(fill_in) = self.fill_in {
            self.open_fill_in_columns(fill_in)?;
        }
        self.book.push_worksheet(self.sheet);
        self.book.save_to_writer(out).map_err(|e| match e {
            // The destination refused the bytes (disk full, a closed pipe): the same
            // error as any other output's.
            XlsxError::IoError(io) => Error::io("cannot write output", io),
            other => failed(other),
        })
    }

    /// Protect the sheet, leaving the fill-in columns open down to the last row (a
    /// line found on the shelf is added below), the counts for whole numbers ≥ 0.
    fn open_fill_in_columns(&mut self, fill_in: &FillIn) -> Result<()> {
        for (c, open) in self.open.iter().enumerate() {
            if *open {
                self.sheet.set_column_format(c as u16, &self.unlocked.text).map_err(failed)?;
            }
        }
        for c in self.headers.iter().enumerate().filter(|(_, h)| fill_in.whole.contains(&h.as_str())).map(|(c, _)| c) {
            // What Excel and WPS show on the cell and when it is typed wrong: read by the
            // person counting, so in the language of the run (`--lang`).
            let rule = DataValidation::new()
                .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
                .ignore_blank(true)
                .set_input_title(msg::workbook_whole_input_title().to_string())
                .and_then(|r| r.set_input_message(msg::workbook_whole_input().to_string()))
                .and_then(|r| r.set_error_title(msg::workbook_whole_error_title().to_string()))
                .and_then(|r| r.set_error_message(msg::workbook_whole_error().to_string()))
                .map_err(failed)?
                .set_error_style(DataValidationErrorStyle::Stop);
            self.sheet.add_data_validation(1, c as u16, LAST_ROW, c as u16, &rule).map_err(failed)?;
        }
        // Locked cells stay readable, filterable and resizable; only their values are fixed.
        let options = ProtectionOptions {
            format_columns: true,
            format_rows: true,
            use_autofilter: true,
            ..ProtectionOptions::new()
        };
        self.sheet.protect_with_options(&options);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_amounts_are_recognised_codes_are_not() {
        assert!(day("2026-03-05").is_some());
        assert!(day("2026-02-30").is_none());
        assert!(day("00012345").is_none());
        assert_eq!(amount("1234.50"), Some(1234.5));
        assert_eq!(amount("-3.00"), Some(-3.0));
        assert_eq!(amount("12.345"), None);
        assert_eq!(amount("A12"), None);
        assert!(is_amount_column("unit_cost") && !is_amount_column("code"));
    }

    #[test]
    fn the_count_and_reserve_sheets_are_filled_in_other_listings_are_not() {
        let heads = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let count = fill_in_of(&heads(&["count", "part_no", "book_qty", "counted_qty", "note"])).expect("count");
        assert_eq!(count.whole, ["counted_qty"]);
        let reserve = heads(crate::emergency::sheet::COLUMNS);
        let reserve = fill_in_of(&reserve).expect("the reserve check sheet");
        assert_eq!(reserve.open, ["counted", "damaged", "note"]);
        assert_eq!(reserve.whole, ["counted", "damaged"]);
        assert!(fill_in_of(&heads(&["code", "name", "note"])).is_none());
        assert!(fill_in_of(&heads(&["location", "part_no", "counted"])).is_none());
    }

    #[test]
    fn chinese_counts_double_width() {
        assert_eq!(display_width("客户ab"), 6);
    }
}
