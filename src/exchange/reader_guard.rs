//! The workbook reader (calamine) can panic on a damaged file: a truncated .xls stream
//! made it index past a slice (found by tests/fuzz_import.rs). Every call into it, when
//! the workbook is opened and while its rows stream, goes through [`guarded`]: its panic
//! is the file's fault, said as such (exit 5, "a damaged workbook"), never an abort with
//! a backtrace, and the import's transaction rolls back as for any other error.
//!
//! Only the reader's calls are guarded, never svc's own code between them (the import
//! engine's work on each row): a bug of svc's must not pass for a damaged file. The
//! panic's own message is kept off the user's screen while a guarded call runs, and
//! only then: the process's panic hook is wrapped once, and stays silent on this thread
//! while [`READING`] says a guarded call is under way.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static READING: Cell<bool> = const { Cell::new(false) };
}

static QUIET_WHILE_READING: Once = Once::new();

/// `call`, a call into the workbook reader; `None` when it panicked.
pub fn guarded<T>(call: impl FnOnce() -> T) -> Option<T> {
    QUIET_WHILE_READING.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !READING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = READING.with(|r| r.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(call));
    READING.with(|r| r.set(was));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_none_and_the_value_passes_otherwise() {
        assert_eq!(guarded(|| 41 + 1), Some(42));
        let v: Vec<u8> = Vec::new();
        assert_eq!(guarded(|| v[3]), None, "an index past the end, as calamine's was");
        assert_eq!(guarded(|| guarded(|| -> u8 { panic!("inner") })), Some(None), "nested calls");
        assert!(!READING.with(Cell::get), "the hook speaks again once the call is over");
    }
}
