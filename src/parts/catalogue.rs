//! The parts catalogue (R4.1.2, R4.2.1): what a part is, how it is counted, when to
//! reorder it. Part numbers are text, so leading zeros survive every import.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::db::Tx;
use crate::error::Result;
use crate::exchange::columns::{self, Columns};
use crate::exchange::{Check, Problem, Record, Stored};
use crate::money::Money;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub part_no: String,
    pub name: String,
    pub spec: Option<String>,
    pub model: Option<String>,
    pub category: Option<String>,
    pub unit: String,
    pub min_qty: i64,
    pub reorder_qty: i64,
    pub unit_cost: Option<Money>,
    pub shelf_life_days: Option<i64>,
    pub active: bool,
}

crate::record_columns! {
    // A new part's moving average cost starts at its standard cost.
    Part in Table::new("parts").insert_also(&[("avg_cost", "coalesce({unit_cost}, 0)")]) => {
        part_no: Field::new("part_no").key(),
        name: Field::new("name").help("What the part is"),
        spec: Field::new("spec").help("Specification (规格)"),
        model: Field::new("model").help("Model (型号), or the device models it fits"),
        category: Field::new("category").help("Category; stock is stored and counted by category"),
        unit: Field::new("unit").help("Unit of issue [default: pcs]"),
        min_qty: Field::new("min_qty").help("Keep at least this many on hand [default: 0]"),
        reorder_qty: Field::new("reorder_qty").help("Order in multiples of this [default: 0, exactly what is short]"),
        unit_cost: Field::new("unit_cost")
            .help("Standard cost, yuan (1234.50); stock is valued at moving average cost"),
        shelf_life_days: Field::new("shelf_life_days").help("Shelf life in days, for lots without an expiry date"),
        active: Field::new("active").help("true, or false for parts no longer used [default: true]"),
    }
}

impl Record for Part {
    const ENTITY: &'static str = "part";
    const PLURAL: &'static str = "parts";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["part_no", "name"];
    const HELP: &'static [(&'static str, &'static str)] = Self::HELP_LINES;

    fn parse(c: &mut Check) -> Self {
        let shelf_life_days = c.integer("shelf_life_days", 1);
        if shelf_life_days.is_some_and(|d| d > 36_500) {
            c.problems.push(Problem::new("shelf_life_days", super::msg::parts_shelf_life_century().to_string()));
        }
        Part {
            part_no: c.key("part_no"),
            name: c.required("name"),
            spec: c.text("spec"),
            model: c.text("model"),
            category: c.text("category"),
            unit: c.text("unit").unwrap_or_else(|| "pcs".to_string()),
            min_qty: c.integer("min_qty", 0).unwrap_or(0),
            reorder_qty: c.integer("reorder_qty", 0).unwrap_or(0),
            unit_cost: c.money("unit_cost"),
            shelf_life_days,
            active: c.boolean("active", true),
        }
    }

    fn key(&self) -> String {
        self.part_no.clone()
    }
}

impl Stored for Part {
    const TABLE: &'static str = "parts";
    const LIST_COMMAND: &'static str = "svc parts list";
    const EDIT_COMMAND: Option<&'static str> = Some("svc parts edit");

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        columns::find(conn, "WHERE part_no = ?1", [key], "looking up a part")
    }

    fn find_id(conn: &Connection, key: &str) -> Result<Option<i64>> {
        super::store::part_id(conn, key)
    }

    fn insert(tx: &Tx, p: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        Ok(Ok(columns::insert(tx.conn(), p, &[], "adding a part")?))
    }

    fn update(tx: &Tx, id: i64, p: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        columns::update(tx.conn(), id, p, &[], "changing a part")?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        list(conn, &Filter::default(), each)
    }
}

#[derive(Debug, Default)]
pub struct Filter {
    pub category: Option<String>,
    /// Part of the name, spec or model.
    pub text: Option<String>,
    pub active: Option<bool>,
    pub limit: Option<u64>,
}

/// Parts matching the filter, by part number.
pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Part) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    let tail = "WHERE (?1 IS NULL OR category = ?1) AND (?2 IS NULL OR active = ?2)
               AND (?3 IS NULL OR instr(name, ?3) > 0 OR instr(coalesce(spec, ''), ?3) > 0
                    OR instr(coalesce(model, ''), ?3) > 0)
             ORDER BY part_no LIMIT ?4";
    columns::each(conn, tail, params![f.category, f.active, f.text, limit], "listing parts", each)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_agree_with_the_schema() {
        columns::assert_agree::<Part>();
        assert!(Part::sql().insert.ends_with("?10, ?11, coalesce(?9, 0)) RETURNING id"), "{}", Part::sql().insert);
    }
}
