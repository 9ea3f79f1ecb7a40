#![no_main]
//! Every file format svc imports (CSV, JSON, YAML, and workbooks: .xlsx, .xls, .ods)
//! over arbitrary bytes, into every area's import and the count sheet. The first three
//! bytes pick the area, the format and the import mode; the rest is the file. The body
//! is `svc::import_fuzz`, which `tests/fuzz_import.rs` also runs on stable for a bounded
//! number of mutated legacy files in every `cargo test`. What must hold: no panic, no
//! abort, a refusal that is svc's own for bad input, and a dry run that changes nothing.

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use svc::import_fuzz::World;

/// One database per fuzzing process: making one for each input would spend the time on
/// `svc init` instead of on the parsers.
fn world() -> &'static Mutex<World> {
    static WORLD: OnceLock<Mutex<World>> = OnceLock::new();
    WORLD.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data");
        Mutex::new(World::new(&data).expect("the fuzzing database"))
    })
}

fuzz_target!(|data: &[u8]| {
    let [target, format, mode, bytes @ ..] = data else { return };
    let mut world = world().lock().unwrap_or_else(|e| e.into_inner());
    if let Err(broken) = world.feed(usize::from(*target), usize::from(*format), usize::from(*mode), bytes) {
        panic!("{broken}");
    }
});
