//! Repair records from legacy systems, and every repair as one flat row (R8.2.1).
//! `svc repair import` brings old records in as an archive that is never changed;
//! `svc repair export` writes every repair, svc's own and archived, in the same
//! columns, so that a database moves (export, import, export) without loss.

use rusqlite::Connection;
use serde::Serialize;

use crate::db::Tx;
use crate::error::{Error, Result};
use crate::exchange::columns::Columns;
use crate::exchange::{rule, Check, Problem, Record, Stored};
use crate::money::Money;
use crate::words::{m, rows};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepairRecord {
    pub code: String,
    pub serial_no: String,
    pub reported_on: String,
    pub finished_on: Option<String>,
    pub symptom: String,
    pub cause: Option<String>,
    pub process: Option<String>,
    pub parts: Option<String>,
    pub technician: Option<String>,
    pub cost: Option<Money>,
    pub signed_by: Option<String>,
}

// The archive's columns: `store::archive` writes a legacy record through them, and
// `store::NATIVE_SELECT` reads svc's own repairs as the same columns in the same order
// (`columns_agree_with_the_schema` compares their names).
crate::record_columns! {
    RepairRecord in Table::new("repair_archive")
        .joined("a", "JOIN equipment e ON e.id = a.equipment_id")
        .insert_also(&[("imported_at", "?")]) => {
        code: Field::new("code").key(),
        serial_no: Field::new("serial_no").read("e.serial_no").resolved("equipment_id"),
        reported_on: Field::new("reported_on"),
        finished_on: Field::new("finished_on"),
        symptom: Field::new("symptom"),
        cause: Field::new("cause"),
        process: Field::new("process"),
        parts: Field::new("parts"),
        technician: Field::new("technician"),
        cost: Field::new("cost"),
        signed_by: Field::new("signed_by").personal(),
    }
}

impl Record for RepairRecord {
    const ENTITY: &'static str = "repair";
    const PLURAL: &'static str = "repairs";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["code", "serial_no", "reported_on", "symptom"];
    const PERSONAL: &'static [&'static str] = Self::PERSONAL_NAMES;

    fn parse(c: &mut Check) -> Self {
        let reported_on = c.date("reported_on");
        if reported_on.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("reported_on")) {
            c.problems.push(Problem::new("reported_on", rows::rows_repair_reported_missing().to_string()));
        }
        let finished_on = c.date("finished_on");
        c.in_order(("reported_on", &reported_on), ("finished_on", &finished_on));
        RepairRecord {
            code: c.key("code"),
            serial_no: c.key("serial_no"),
            reported_on: reported_on.unwrap_or_default(),
            finished_on,
            symptom: c.required("symptom"),
            cause: c.text("cause"),
            process: c.text("process"),
            parts: c.text("parts"),
            technician: c.text("technician"),
            cost: c.money("cost"),
            signed_by: c.text("signed_by"),
        }
    }

    fn key(&self) -> String {
        self.code.clone()
    }
}

/// Archive one legacy repair record. Its dates are events, never in the future, as
/// the repair commands refuse an `--at` in the future (`ticket::event_day`).
fn archive(tx: &Tx, r: &RepairRecord) -> Result<i64> {
    for (column, day) in [("reported_on", Some(&r.reported_on)), ("finished_on", r.finished_on.as_ref())] {
        if let Some(day) = day {
            crate::ticket::event_day(tx, day).map_err(|e| e.at(column))?;
        }
    }
    let Some(equipment_id) = crate::equipment::Equipment::find_id(tx.conn(), &r.serial_no)? else {
        let problem = m::repair_archive_no_device(&r.serial_no);
        let problem =
            crate::records::missing_reference_msg::<crate::equipment::Equipment>(tx.conn(), &r.serial_no, problem);
        return Err(Error::not_found(problem).at("serial_no"));
    };
    super::store::archive(tx, r, equipment_id)
}

impl Stored for RepairRecord {
    const TABLE: &'static str = "repair_archive";
    /// The key may be taken by one of svc's own repairs, in another table.
    const INSERT_FIRST: bool = false;
    const LIST_COMMAND: &'static str = "svc repair list";
    const EDIT_COMMAND: Option<&'static str> = None;

    /// A code is taken by an archived record or by one of svc's own repairs.
    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        super::store::find_archived(conn, key)
    }

    fn insert(tx: &Tx, r: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        rule(archive(tx, r))
    }

    fn update(_tx: &Tx, _id: i64, r: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        Ok(Err(Problem::new("code", rows::rows_repair_archived(&r.code).to_string())))
    }

    /// Every repair, archived and svc's own, by code.
    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        super::store::each_flat(conn, each)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_agree_with_the_schema() {
        let conn = crate::exchange::columns::assert_agree::<RepairRecord>();
        // svc's own repairs are read as the same columns in the same order, for one
        // export: the archive's SELECT and NATIVE_SELECT name the row id, then each column.
        let names = |sql: &str| -> Vec<String> {
            let stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql} prepares: {e}"));
            stmt.column_names().into_iter().map(str::to_string).collect()
        };
        let expected: Vec<String> = ["id"].iter().chain(RepairRecord::COLUMNS).map(|c| c.to_string()).collect();
        assert_eq!(names(&RepairRecord::sql().select), expected);
        assert_eq!(names(super::super::store::NATIVE_SELECT), expected);
    }
}
