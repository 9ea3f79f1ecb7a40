//! svc: after-sales service records for medical equipment, in one SQLite file.
//! The library holds everything; `main.rs` only parses the command line and maps
//! errors to exit codes, so tests can use every part without a process.

pub mod cli;
pub mod clock;
pub mod config;
pub mod customer;
pub mod db;
pub mod documents;
pub mod due;
pub mod equipment;
pub mod error;
pub mod exchange;
pub mod hardening;
pub mod money;
pub mod output;
pub mod parts;
pub mod records;
pub mod registry;
pub mod repair;
pub mod safe_output;
pub mod staff;
pub mod states;
pub mod survey;
pub mod ticket;
pub mod words;
