#![no_main]
//! Every file format svc imports (CSV, JSON, YAML) over arbitrary bytes, into the areas
//! whose rows are checked most (customers, parts, staff, certificates, equipment). The
//! first byte picks the format, the rest is the file. What must hold: no panic, no
//! abort, and a dry run writes nothing, whatever it read (tests/hardening.rs has the
//! same property as a bounded proptest that CI runs).

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use svc::clock::Clock;
use svc::db::Db;
use svc::exchange::import::{self, ImportOpts};

/// One database and one working directory per fuzzing process: making a database for
/// each input would spend the time on `svc init` instead of on the parsers.
struct World {
    dir: tempfile::TempDir,
    db: Db,
}

fn world() -> &'static Mutex<World> {
    static WORLD: OnceLock<Mutex<World>> = OnceLock::new();
    WORLD.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let clock = Clock::fixed("2026-03-05T02:00:00Z".parse().expect("a time"));
        let (db, _) = Db::init(&dir.path().join("svc.db"), "fuzz", clock).expect("a database");
        Mutex::new(World { dir, db })
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let mut world = world().lock().unwrap_or_else(|e| e.into_inner());
    let World { dir, db } = &mut *world;
    let input = dir.path().join(["in.csv", "in.json", "in.yaml"][pick as usize % 3]);
    std::fs::write(&input, bytes).expect("write the input");
    let mut opts = ImportOpts::new(&input);
    opts.dry_run = true;
    let mut diag = Vec::new();
    let _ = import::run::<svc::customer::Customer>(db, &opts, &mut diag);
    let _ = import::run::<svc::parts::Part>(db, &opts, &mut diag);
    let _ = import::run::<svc::staff::Staff>(db, &opts, &mut diag);
    let _ = import::run::<svc::staff::Certificate>(db, &opts, &mut diag);
    let _ = import::run::<svc::equipment::Equipment>(db, &opts, &mut diag);
    let stored: i64 = db
        .query_row(
            "SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM parts) + (SELECT count(*) FROM staff)",
            [],
            |r| r.get(0),
        )
        .expect("count the rows");
    assert_eq!(stored, 0, "a dry run wrote rows");
});
