//! Maintenance records from legacy systems, and every visit as one flat row (R1.2).
//! `svc maint import` brings old records in as an archive that is never changed, so a
//! device's schedule starts from its true last maintenance; `svc maint export` writes
//! every visit, svc's own and archived, in the same columns.

use rusqlite::Connection;
use serde::Serialize;

use super::msg;
use super::store::archive as store;
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::exchange::columns::{self, Columns};
use crate::exchange::{rule, Check, Problem, Record, Stored};

pub const RESULTS: &[&str] = &["passed", "failed"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaintRecord {
    pub code: String,
    pub serial_no: String,
    pub plan_code: String,
    pub done_on: String,
    pub meter: Option<i64>,
    pub technician: Option<String>,
    pub result: String,
    pub notes: Option<String>,
}

// The archive's columns: `store::insert` writes a legacy record through them, and
// `store::NATIVE_SELECT` reads svc's own visits as the same columns in the same order
// (`columns_agree_with_the_schema` compares their names).
crate::record_columns! {
    MaintRecord in Table::new("maint_archive")
        .joined("a", "JOIN equipment e ON e.id = a.equipment_id")
        .insert_also(&[("imported_at", "?")]) => {
        code: Field::new("code").key(),
        serial_no: Field::new("serial_no").read("e.serial_no").resolved("equipment_id"),
        plan_code: Field::new("plan_code"),
        done_on: Field::new("done_on"),
        meter: Field::new("meter"),
        technician: Field::new("technician"),
        result: Field::new("result"),
        notes: Field::new("notes"),
    }
}

impl Record for MaintRecord {
    const ENTITY: &'static str = "maint_record";
    const PLURAL: &'static str = "maintenance";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["code", "serial_no", "plan_code", "done_on"];

    fn parse(c: &mut Check) -> Self {
        let done_on = c.date("done_on");
        if done_on.is_none() && c.problems.iter().all(|p| p.column.as_deref() != Some("done_on")) {
            c.problems.push(Problem::new("done_on", msg::archive_done_on_missing().to_string()));
        }
        MaintRecord {
            code: c.key("code"),
            serial_no: c.key("serial_no"),
            plan_code: c.key("plan_code"),
            done_on: done_on.unwrap_or_default(),
            meter: c.integer("meter", 0),
            technician: c.text("technician"),
            result: c.choice("result", RESULTS, Some("passed")),
            notes: c.text("notes"),
        }
    }

    fn key(&self) -> String {
        self.code.clone()
    }
}

/// Archive one legacy record: a past day, a known device (of a model the plan covers,
/// when the plan is there); the device's schedule counts from it when it is the latest.
fn archive(tx: &Tx, r: &MaintRecord, notes: &mut Vec<String>) -> Result<i64> {
    crate::ticket::event_day(tx, &r.done_on).map_err(|e| e.at("done_on"))?;
    let Some(equipment_id) = crate::equipment::Equipment::find_id(tx.conn(), &r.serial_no)? else {
        let problem = msg::archive_no_device(&r.serial_no);
        let problem =
            crate::records::missing_reference_msg::<crate::equipment::Equipment>(tx.conn(), &r.serial_no, problem);
        return Err(Error::not_found(problem).at("serial_no"));
    };
    // A plan not imported yet is no error: a migration may bring the records first; the
    // plan's import then schedules from them. A plan that is there must fit the device.
    let plan = match super::plan::get(tx.conn(), &r.plan_code, None) {
        Ok(plan) => Some(plan),
        Err(e) if e.kind() == crate::error::Kind::NotFound => {
            notes.push(msg::archive_no_plan_yet(&r.plan_code).to_string());
            None
        }
        Err(e) => return Err(e),
    };
    if let Some(plan) = &plan {
        let model = store::device_model(tx.conn(), equipment_id)?;
        if !plan.models.contains(&model) {
            let models = plan.models.join(", ");
            return Err(Error::invalid(msg::visit_wrong_model(&r.serial_no, model, &plan.code, models)).at("plan_code"));
        }
    }
    let id = store::insert(tx, r, equipment_id)?;
    if let Some(plan) = &plan {
        super::schedule::refresh(tx, equipment_id, plan)?;
    }
    Ok(id)
}

impl Stored for MaintRecord {
    const TABLE: &'static str = "maint_archive";
    /// The key may be taken by one of svc's own visits, in another table.
    const INSERT_FIRST: bool = false;
    const LIST_COMMAND: &'static str = "svc maint visits";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        let archived = columns::find(conn, "WHERE a.code = ?1", [key], "looking up a maintenance record")?;
        if archived.is_some() {
            return Ok(archived);
        }
        Ok(store::native(conn, key)?.map(|r| (0, r)))
    }

    fn insert(tx: &Tx, r: &Self, notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        rule(archive(tx, r, notes))
    }

    fn update(_tx: &Tx, _id: i64, r: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        Ok(Err(Problem::new("code", msg::archive_never_changed(&r.code).to_string())))
    }

    /// Every maintenance record, archived and svc's own, by code.
    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        store::export(conn, each)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_agree_with_the_schema() {
        let conn = columns::assert_agree::<MaintRecord>();
        // svc's own visits are read as the same columns in the same order, for one
        // export: the archive's SELECT and NATIVE_SELECT name the row id, then each column.
        let names = |sql: &str| -> Vec<String> {
            let stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql} prepares: {e}"));
            stmt.column_names().into_iter().map(str::to_string).collect()
        };
        let expected: Vec<String> = ["id"].iter().chain(MaintRecord::COLUMNS).map(|c| c.to_string()).collect();
        assert_eq!(names(&MaintRecord::sql().select), expected);
        assert_eq!(names(store::NATIVE_SELECT), expected);
    }
}
