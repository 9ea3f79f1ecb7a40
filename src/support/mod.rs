//! Customers' technical support (R5): the support archive of questions and their
//! answers (`kb`, R5.1.1 and R5.1.3), searched with SQLite FTS5 (`search`); return
//! visits to customers (`visit`, R5.1.2).

pub mod kb;
pub mod msg;
pub mod search;
pub mod visit;
