//! The spare-parts area's SQL (the storage seam, issue 8): small named reads that
//! return typed rows and writes that take typed values. The rules (posting, reversal,
//! counts, purchasing, requisitions) decide in their own modules and call these;
//! nothing else in the area prepares a statement. A second storage engine would
//! implement these modules' functions.
//!
//! - `ledger`: the stock ledger (re-exported here: `store::post`-level names), the
//!   purchase plan's needs, safety checks, part and location look-ups;
//! - `count`: stock counts; `purchase`: orders, receipts and inspection;
//!   `requisition`: requisitions, their issue and return.

mod ledger;

pub mod count;
pub mod purchase;
pub mod requisition;

pub use ledger::*;
