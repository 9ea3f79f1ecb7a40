//! svc: after-sales service records for medical equipment, in one SQLite file.
//! The library holds everything; `main.rs` only parses the command line and maps
//! errors to exit codes, so tests can use every part without a process.

pub mod admin;
pub mod appraisal;
pub mod calendar;
pub mod cli;
pub mod clock;
pub mod config;
pub mod customer;
pub mod db;
pub mod documents;
pub mod due;
pub mod due_words;
pub mod emergency;
pub mod equipment;
pub mod error;
pub mod exchange;
pub mod hardening;
pub mod hostile;
pub mod identity;
#[doc(hidden)]
pub mod import_fuzz;
pub mod maint;
pub mod money;
pub mod os_account;
pub mod output;
pub mod parts;
pub mod quality;
pub mod records;
pub mod registry;
pub mod repair;
pub mod report;
pub mod safe_input;
pub mod safe_output;
pub mod service_class;
pub mod staff;
pub mod states;
pub mod support;
pub mod survey;
pub mod ticket;
pub mod training;
pub mod words;
