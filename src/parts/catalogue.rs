//! The parts catalogue (R4.1.2, R4.2.1): what a part is, how it is counted, when to
//! reorder it. Part numbers are text, so leading zeros survive every import.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::db::Tx;
use crate::error::{Result, SqlContext};
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

impl Record for Part {
    const ENTITY: &'static str = "part";
    const PLURAL: &'static str = "parts";
    const COLUMNS: &'static [&'static str] = &[
        "part_no",
        "name",
        "spec",
        "model",
        "category",
        "unit",
        "min_qty",
        "reorder_qty",
        "unit_cost",
        "shelf_life_days",
        "active",
    ];
    const REQUIRED: &'static [&'static str] = &["part_no", "name"];
    const HELP: &'static [(&'static str, &'static str)] = &[
        ("name", "What the part is"),
        ("spec", "Specification (规格)"),
        ("model", "Model (型号), or the device models it fits"),
        ("category", "Category; stock is stored and counted by category"),
        ("unit", "Unit of issue [default: pcs]"),
        ("min_qty", "Keep at least this many on hand [default: 0]"),
        ("reorder_qty", "Order in multiples of this [default: 0, exactly what is short]"),
        ("unit_cost", "Standard cost, yuan (1234.50); stock is valued at moving average cost"),
        ("shelf_life_days", "Shelf life in days, for lots without an expiry date"),
        ("active", "true, or false for parts no longer used [default: true]"),
    ];

    fn parse(c: &mut Check) -> Self {
        let shelf_life_days = c.integer("shelf_life_days", 1);
        if shelf_life_days.is_some_and(|d| d > 36_500) {
            c.problems.push(Problem::new("shelf_life_days", "more than a century: write the shelf life in days"));
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

const SELECT: &str = "SELECT id, part_no, name, spec, model, category, unit, min_qty, reorder_qty, unit_cost,
        shelf_life_days, active FROM parts";

fn from_row(r: &Row) -> rusqlite::Result<(i64, Part)> {
    Ok((
        r.get(0)?,
        Part {
            part_no: r.get(1)?,
            name: r.get(2)?,
            spec: r.get(3)?,
            model: r.get(4)?,
            category: r.get(5)?,
            unit: r.get(6)?,
            min_qty: r.get(7)?,
            reorder_qty: r.get(8)?,
            unit_cost: r.get(9)?,
            shelf_life_days: r.get(10)?,
            active: r.get(11)?,
        },
    ))
}

impl Stored for Part {
    const TABLE: &'static str = "parts";
    const LIST_COMMAND: &'static str = "svc parts list";
    const EDIT_COMMAND: Option<&'static str> = Some("svc parts edit");

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        conn.prepare_cached(&format!("{SELECT} WHERE part_no = ?1"))
            .and_then(|mut s| s.query_row([key], from_row).optional())
            .ctx("looking up a part")
    }

    fn find_id(conn: &Connection, key: &str) -> Result<Option<i64>> {
        conn.prepare_cached("SELECT id FROM parts WHERE part_no = ?1")
            .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
            .ctx("looking up a part")
    }

    fn insert(tx: &Tx, p: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        tx.prepare_cached(
            "INSERT INTO parts(part_no, name, spec, model, category, unit, min_qty, reorder_qty, unit_cost,
                shelf_life_days, active, avg_cost) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, coalesce(?9, 0))",
        )
        .and_then(|mut s| {
            s.execute(params![
                p.part_no,
                p.name,
                p.spec,
                p.model,
                p.category,
                p.unit,
                p.min_qty,
                p.reorder_qty,
                p.unit_cost,
                p.shelf_life_days,
                p.active
            ])
        })
        .ctx("adding a part")?;
        Ok(Ok(tx.last_insert_rowid()))
    }

    fn update(tx: &Tx, id: i64, p: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        tx.prepare_cached(
            "UPDATE parts SET name = ?2, spec = ?3, model = ?4, category = ?5, unit = ?6, min_qty = ?7,
                reorder_qty = ?8, unit_cost = ?9, shelf_life_days = ?10, active = ?11 WHERE id = ?1",
        )
        .and_then(|mut s| {
            s.execute(params![
                id,
                p.name,
                p.spec,
                p.model,
                p.category,
                p.unit,
                p.min_qty,
                p.reorder_qty,
                p.unit_cost,
                p.shelf_life_days,
                p.active
            ])
        })
        .ctx("changing a part")?;
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
    crate::db::each_row(
        conn,
        &format!(
            "{SELECT} WHERE (?1 IS NULL OR category = ?1) AND (?2 IS NULL OR active = ?2)
               AND (?3 IS NULL OR instr(name, ?3) > 0 OR instr(coalesce(spec, ''), ?3) > 0
                    OR instr(coalesce(model, ''), ?3) > 0)
             ORDER BY part_no LIMIT ?4"
        ),
        params![f.category, f.active, f.text, limit],
        "listing parts",
        |row| from_row(row).map(|(_, record)| record),
        each,
    )
}
