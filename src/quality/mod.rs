//! Quality management and supervision (R7): the standards register (R7.1), internal
//! inspections with machine-checked record sampling and the rectification loop (R7.2),
//! and complaints with suspected adverse events (R7.3).

pub mod audit;
pub mod checklist;
pub mod complaint;
pub mod demo;
pub mod files;
pub mod finding;
pub mod msg;
pub mod sample;
pub mod standard;
mod store;
pub mod template;
