//! Preventive maintenance's SQL (the storage seam, issue 8): small named reads that
//! return typed rows and writes that take the values the rules decided. The rules (a
//! plan's checks and versions, the due arithmetic `schedule::next_due`, which record
//! is a device's last maintenance, a pinned day's end, an override's merged terms, the
//! checklist's verdicts, the printed next due, the completion tally) decide in
//! `super`'s modules as plain functions and call these; nothing else of the area
//! prepares a statement (the due engine's registration, `schedule::DUE`, runs the
//! query `schedule::DUE_SQL` it declares). A second storage engine would implement
//! these modules' functions.
//!
//! One module per record kind: `plan` (plan versions), `schedule` (each device's next
//! due day, the due list and its look-ups), `visit` (visits, their meter readings and
//! parts), `report` (the report's facts and its signed copy), `contract` (service
//! contracts and per-device overrides), `archive` (legacy records and the flat export).

pub mod archive;
pub mod contract;
pub mod plan;
pub mod report;
pub mod schedule;
pub mod visit;
