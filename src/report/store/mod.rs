//! The report's SQL (the storage seam, issue 8): every read the reports make of the
//! other areas' tables — tickets, repairs, follow-ups, surveys, complaints, parts, staff,
//! customers and devices — is a named function here that returns typed rows, and the one
//! write (`report parts --apply`). The figures (`kpi`, `trend`, `monthly`, `repeats`,
//! `analysis`) are computed from those rows in plain functions; nothing else in the
//! report prepares a statement. A second storage engine would implement these modules.
//!
//! - `facts`: the rows `report kpi`, the monthly headline and the appraisal count, and the
//!   repairs' openings the repeat test reads;
//! - `monthly`: the monthly report's 12-month trend and its per-model and cause counts;
//! - one module per analysis: `faults`, `satisfaction`, `workload`, `parts`, `complaints`.

mod beside;
pub mod complaints;
pub mod facts;
pub mod faults;
pub mod monthly;
pub mod parts;
pub mod satisfaction;
pub mod workload;

use serde_json::Value;

use crate::report::analysis::common::fig;

/// A SQLite value as JSON (text, integer, real with two decimals, null): the cells of
/// the listings read straight from SQL.
pub fn sql_json(v: rusqlite::types::Value) -> Value {
    use rusqlite::types::Value as V;
    match v {
        V::Null | V::Blob(_) => Value::Null,
        V::Integer(i) => Value::from(i),
        V::Real(f) => fig(Some(f), 2),
        V::Text(s) => Value::from(s),
    }
}
