//! The maintenance checklist as a fill-in sheet (R1.2): `svc maint sheet` writes one line
//! per item of a device's plan (its checks and measurements, with unit and limits) for
//! the technician to fill in on site, as CSV or as a workbook; `svc maint record --sheet`
//! reads the filled sheet back as the visit's values. The values then take the same path
//! as `--value KEY=VALUE` (`visit::record`): every item needs a value, a measurement out of
//! its limits fails the check and opens a ticket. Nothing the sheet says is trusted about
//! what it is for: it must name the device and plan recorded, at the plan's current version.
//!
//! The workbook is protected without a password: everything but `value` and `note` is
//! locked; a check's value is chosen from a list (pass or fail, in the run's language:
//! 合格 / 不合格 are read as pass / fail), a measurement's takes a number; the prompts Excel
//! and WPS show on the cell are in the language of the run (`--lang`).

use std::io::Write;
use std::path::Path;

use rusqlite::Connection;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, ProtectionOptions, Workbook, XlsxError,
};
use serde::Serialize;

use super::msg;
use crate::error::{Error, Kind, Result};
use crate::exchange::columns::position;
use crate::exchange::encoding::Encoding;
use crate::exchange::source::Source;
use crate::repair::inspection::{ItemKind, Protocol};
use crate::words::catalogue::{lang, Lang};

/// The sheet's messages (keys `maint-sheet-...`), in i18n/<lang>/maint-sheet.ftl.
pub mod words {
    use crate::words::catalogue::{Arg, Msg};

    crate::words::catalogue::messages! {
        sheet_no_plan = "maint-sheet-no-plan" (serial);
        sheet_which_plan = "maint-sheet-which-plan" (serial, plans);
        sheet_written = "maint-sheet-written" (items, serial, plan, version);
        sheet_other_device = "maint-sheet-other-device" (file, sheet, serial);
        sheet_other_plan = "maint-sheet-other-plan" (file, sheet, plan);
        sheet_old_version = "maint-sheet-old-version" (file, plan, sheet, version);
        sheet_empty = "maint-sheet-empty" (file);
        sheet_check_title = "maint-sheet-check-title" ();
        sheet_check_prompt = "maint-sheet-check-prompt" (name);
        sheet_check_error = "maint-sheet-check-error" (words);
        sheet_measure_title = "maint-sheet-measure-title" (unit);
        sheet_measure_prompt = "maint-sheet-measure-prompt" (name, limits);
        sheet_measure_error = "maint-sheet-measure-error" ();
    }
}
use words as w;

/// One line of the sheet: an item of the checklist.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SheetLine {
    pub equipment: String,
    pub plan: String,
    pub version: i64,
    pub key: String,
    pub name: String,
    pub kind: &'static str,
    pub unit: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Filled in on site.
    pub value: Option<String>,
    pub note: Option<String>,
}

pub const COLUMNS: &[&str] =
    &["equipment", "plan", "version", "key", "name", "kind", "unit", "min", "max", "value", "note"];

/// The columns a person fills in; the others are locked in the workbook.
const OPEN: &[&str] = &["value", "note"];

/// The plan a sheet is for: the one given, else the device's only plan.
pub fn plan_of(conn: &Connection, serial: &str, plan: Option<&str>) -> Result<String> {
    let device = super::visit::device(conn, serial)?;
    if let Some(p) = plan {
        return Ok(p.to_string());
    }
    let mut plans = super::store::schedule::scheduled_plans(conn, device.id)?;
    match plans.len() {
        1 => Ok(plans.remove(0)),
        0 => Err(Error::refused(w::sheet_no_plan(serial))),
        _ => Err(Error::Msg(Kind::Usage, w::sheet_which_plan(serial, plans.join(", ")))),
    }
}

/// Every item of `plan`'s current checklist for the device `serial`, nothing filled in.
pub fn lines_of(conn: &Connection, serial: &str, plan: &str) -> Result<Vec<SheetLine>> {
    let device = super::visit::device(conn, serial)?;
    let p = super::plan::get(conn, plan, None)?;
    if !p.models.contains(&device.record.model) {
        let models = p.models.join(", ");
        return Err(Error::refused(msg::visit_wrong_model(serial, &device.record.model, &p.code, models)));
    }
    Ok(lines(serial, &p.code, p.version, &p.checklist))
}

fn lines(serial: &str, plan: &str, version: i64, checklist: &Protocol) -> Vec<SheetLine> {
    checklist
        .items
        .iter()
        .map(|i| SheetLine {
            equipment: serial.to_string(),
            plan: plan.to_string(),
            version,
            key: i.key.clone(),
            name: i.name.clone(),
            kind: match i.kind {
                ItemKind::Check => "check",
                ItemKind::Measure => "measure",
            },
            unit: i.unit.clone(),
            min: i.min,
            max: i.max,
            value: None,
            note: None,
        })
        .collect()
}

/// A measurement's limits as people read them (`≤ 0.3 Ω`, `10–20 mmHg`).
fn limits(l: &SheetLine) -> String {
    let unit = l.unit.as_deref().unwrap_or("");
    let text = match (l.min, l.max) {
        (Some(a), Some(b)) => format!("{a}–{b} {unit}"),
        (Some(a), None) => format!("≥ {a} {unit}"),
        (None, Some(b)) => format!("≤ {b} {unit}"),
        (None, None) => String::new(),
    };
    text.trim().to_string()
}

fn failed(e: XlsxError) -> Error {
    Error::invalid(crate::exchange::workbook::msg::workbook_write_failed(e.to_string()))
}

/// The words a check's value is chosen from, in the run's language (both languages'
/// words are read back: `inspection::verdict`).
fn check_words() -> [&'static str; 2] {
    match lang() {
        Lang::ZhCn => ["合格", "不合格"],
        _ => ["pass", "fail"],
    }
}

/// The sheet as a workbook: identity and limits locked, `value` validated per item.
pub fn workbook(lines: &[SheetLine]) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = Format::new().set_bold();
    let open = Format::new().set_unlocked().set_num_format("@");
    let open_number = Format::new().set_unlocked();
    let mut widths: Vec<usize> = COLUMNS.iter().map(|c| c.len()).collect();
    for (c, h) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &header).map_err(failed)?;
    }
    let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap_or_default() as u16;
    for (r, l) in lines.iter().enumerate() {
        let r = r as u32 + 1;
        let texts = [
            (col("equipment"), Some(l.equipment.clone())),
            (col("plan"), Some(l.plan.clone())),
            (col("key"), Some(l.key.clone())),
            (col("name"), Some(l.name.clone())),
            (col("kind"), Some(l.kind.to_string())),
            (col("unit"), l.unit.clone()),
        ];
        for (c, text) in texts {
            if let Some(t) = text {
                sheet.write_string(r, c, &t).map_err(failed)?;
                widths[c as usize] =
                    widths[c as usize].max(t.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum());
            }
        }
        sheet.write_number(r, col("version"), l.version as f64).map_err(failed)?;
        for (c, limit) in [(col("min"), l.min), (col("max"), l.max)] {
            if let Some(v) = limit {
                sheet.write_number(r, c, v).map_err(failed)?;
            }
        }
        let limits = limits(l);
        let rule = if l.kind == "check" {
            sheet.write_blank(r, col("value"), &open).map_err(failed)?;
            DataValidation::new()
                .allow_list_strings(&check_words())
                .map_err(failed)?
                .set_input_title(w::sheet_check_title().to_string())
                .and_then(|v| v.set_input_message(w::sheet_check_prompt(&l.name).to_string()))
                .and_then(|v| v.set_error_message(w::sheet_check_error(check_words().join(" / ")).to_string()))
        } else {
            sheet.write_blank(r, col("value"), &open_number).map_err(failed)?;
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(-1.0e12, 1.0e12))
                .set_input_title(w::sheet_measure_title(l.unit.as_deref().unwrap_or("")).to_string())
                .and_then(|v| v.set_input_message(w::sheet_measure_prompt(&l.name, &limits).to_string()))
                .and_then(|v| v.set_error_message(w::sheet_measure_error().to_string()))
        }
        .map_err(failed)?
        .ignore_blank(true)
        .set_error_style(DataValidationErrorStyle::Stop);
        sheet.add_data_validation(r, col("value"), r, col("value"), &rule).map_err(failed)?;
        sheet.write_blank(r, col("note"), &open).map_err(failed)?;
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 2.0).map_err(failed)?;
    }
    sheet.set_column_width(col("value"), 14.0).map_err(failed)?;
    sheet.set_column_width(col("note"), 30.0).map_err(failed)?;
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    let options = ProtectionOptions { format_columns: true, format_rows: true, ..ProtectionOptions::new() };
    sheet.protect_with_options(&options);
    debug_assert!(OPEN.iter().all(|c| COLUMNS.contains(c)));
    book.save_to_buffer().map_err(failed)
}

/// Write the workbook to `path` (replaced only with `force`), whole or not at all.
pub fn write_workbook(path: &Path, force: bool, lines: &[SheetLine]) -> Result<()> {
    let bytes = workbook(lines)?;
    let (mut file, staged) = crate::safe_output::Staged::create(path, &[], force)?;
    file.write_all(&bytes).map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    staged.commit()
}

/// What a filled sheet says about a visit.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// KEY=VALUE, as `--value` gives them (blank values left out: the visit names them).
    pub values: Vec<(String, String)>,
    /// The technician's notes by item (`key: note`), for the visit's remark.
    pub notes: Vec<String>,
}

/// Read a filled sheet for the device `serial` and plan `plan` at `version`. A sheet for
/// another device or plan, or an older version of the plan, is refused whole (exit 5).
pub fn read(path: &Path, serial: &str, plan: &str, version: i64) -> Result<Filled> {
    let mut source = Source::open(path, None, Encoding::Auto)?;
    let name = path.display().to_string();
    let mut filled = Filled { values: Vec::new(), notes: Vec::new() };
    let mut problem: Option<crate::words::Msg> = None;
    source.rows(&mut |row, _| {
        if problem.is_some() || row.values.iter().all(|v| v.trim().is_empty()) {
            return Ok(());
        }
        let get = |column: &str| {
            let at = COLUMNS.iter().position(|c| *c == column);
            row.headers
                .iter()
                .position(|h| position(COLUMNS, h) == at)
                .and_then(|i| row.values.get(i))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let (device, of_plan) = (get("equipment"), get("plan"));
        let of_version = get("version");
        let of_version = of_version.strip_suffix(".0").unwrap_or(&of_version).to_string();
        if device != serial {
            problem = Some(w::sheet_other_device(&name, &device, serial));
        } else if of_plan != plan {
            problem = Some(w::sheet_other_plan(&name, &of_plan, plan));
        } else if of_version != version.to_string() {
            problem = Some(w::sheet_old_version(&name, plan, &of_version, version));
        } else {
            let (key, value, note) = (get("key"), get("value"), get("note"));
            if !value.is_empty() {
                filled.values.push((key.clone(), value));
            }
            if !note.is_empty() {
                filled.notes.push(format!("{key}: {note}"));
            }
        }
        Ok(())
    })?;
    if let Some(p) = problem {
        return Err(Error::invalid(p));
    }
    if filled.values.is_empty() && filled.notes.is_empty() {
        return Err(Error::invalid(w::sheet_empty(&name)));
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_per_item_with_its_kind_unit_and_limits() {
        let p: Protocol = serde_yaml::from_str(
            "code: CL\nname: n\nitems:\n  - {key: visual, name: Look, kind: check}\n  - {key: pe, name: PE, kind: measure, unit: Ω, max: 0.3}\n",
        )
        .unwrap();
        let l = lines("0001", "PM", 2, &p);
        assert_eq!(l.len(), 2);
        assert_eq!((l[0].kind, l[0].unit.as_deref()), ("check", None));
        assert_eq!((l[1].kind, l[1].unit.as_deref(), l[1].max), ("measure", Some("Ω"), Some(0.3)));
        assert!(l.iter().all(|l| l.version == 2 && l.value.is_none()));
        assert!(workbook(&l).unwrap().starts_with(b"PK"));
    }
}
